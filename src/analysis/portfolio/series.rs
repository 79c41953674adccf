//! The series a portfolio summarises, taken from its candidates' draws a window at a
//! time (see `stream`), so that its memory does not grow with the draws.

use crate::analysis::series::minus;
use crate::analysis::stream::Series;
use crate::analysis::tally::Kind;
use crate::model::plan::LedgerPart;
use crate::sample::engine::Column;

/// The engine columns a candidate is drawn for: investment, present value, with
/// distributional weights weighted present value, and for the fiscal objective its fiscal
/// value and public investment.
pub fn columns(weighted: bool, fiscal: bool) -> Vec<Column> {
    let mut columns = vec![Column::Investment, Column::PresentValue];
    if weighted {
        columns.push(Column::WeightedPresentValue);
    }
    if fiscal {
        columns.push(Column::Ledger(LedgerPart::Fiscal));
        columns.push(Column::Ledger(LedgerPart::PublicInvestment));
    }
    columns
}

/// One unit of each candidate: its investment, NPV, (if it has weights) weighted NPV, (for
/// the fiscal objective) fiscal value less public investment, then its ledger columns as
/// drawn, candidate by candidate. No events.
pub struct CandidateSeries {
    /// Whether each candidate (each source, drawn for [`columns`]) has weights.
    pub weighted: Vec<bool>,
    /// Whether the fiscal value net of public investment is wanted.
    pub fiscal: bool,
    /// How many ledger columns (`analysis::ledger::columns`) follow each candidate's
    /// [`columns`], copied in full.
    pub ledgers: Vec<usize>,
}

impl Series for CandidateSeries {
    fn kinds(&self) -> Vec<Kind> {
        let per: usize = self
            .weighted
            .iter()
            .zip(&self.ledgers)
            .map(|(&w, &l)| 2 + usize::from(w) + usize::from(self.fiscal) + l)
            .sum();
        vec![Kind::Full; per]
    }

    fn counters(&self) -> usize {
        0
    }

    fn derive(&self, columns: &[Vec<Vec<f64>>], len: usize, out: &mut [Vec<f64>], _: &mut [u64]) {
        let mut slots = out.iter_mut();
        let mut next = || &mut slots.next().expect("a slot per series")[..len];
        for ((cols, &weighted), &ledger) in columns.iter().zip(&self.weighted).zip(&self.ledgers) {
            let investment = &cols[0][..len];
            next().copy_from_slice(investment);
            minus(next(), &cols[1][..len], investment);
            if weighted {
                minus(next(), &cols[2][..len], investment);
            }
            let own = 2 + usize::from(weighted);
            if self.fiscal {
                minus(next(), &cols[own][..len], &cols[own + 1][..len]);
            }
            let at = own + 2 * usize::from(self.fiscal);
            for col in &cols[at..at + ledger] {
                next().copy_from_slice(&col[..len]);
            }
        }
    }
}

/// The chosen mix, summed draw by draw: Σ units × each funded candidate's investment,
/// present value and weighted present value (each source drawn for all three), in
/// candidate order. Series: investment, present value, NPV, then the ratio unless the mix
/// is empty; with weights, weighted present value, weighted NPV and (unless empty) the
/// weighted ratio. Events: draws with NPV above 0, then (with weights) weighted NPV
/// above 0.
pub struct MixSeries {
    /// Units of each funded candidate (each source), in order.
    pub units: Vec<f64>,
    /// Whether the weighted figures are wanted.
    pub weighted: bool,
}

impl MixSeries {
    fn sum_of(&self, columns: &[Vec<Vec<f64>>], column: usize, out: &mut [f64]) {
        out.fill(0.0);
        for (cols, &u) in columns.iter().zip(&self.units) {
            for (o, x) in out.iter_mut().zip(&cols[column]) {
                *o += u * x;
            }
        }
    }

    /// Fills value (0), NPV (1) and, for a mix, the ratio (2) from `investment`, and
    /// counts the draws whose NPV is above 0.
    fn value_npv_ratio(
        &self,
        columns: &[Vec<Vec<f64>>],
        column: usize,
        investment: &[f64],
        out: &mut [Vec<f64>],
        above: &mut u64,
    ) {
        let len = investment.len();
        let (value, rest) = out.split_first_mut().expect("value");
        let value = &mut value[..len];
        self.sum_of(columns, column, value);
        let (npv, rest) = rest.split_first_mut().expect("npv");
        minus(&mut npv[..len], value, investment);
        *above += npv[..len].iter().filter(|&&x| x > 0.0).count() as u64;
        if let Some(ratio) = rest.first_mut() {
            for ((r, v), i) in ratio[..len].iter_mut().zip(&*value).zip(investment) {
                *r = v / i;
            }
        }
    }

    fn per_value(&self) -> usize {
        2 + usize::from(!self.units.is_empty())
    }
}

impl Series for MixSeries {
    fn kinds(&self) -> Vec<Kind> {
        vec![Kind::Full; 1 + self.per_value() * (1 + usize::from(self.weighted))]
    }

    fn counters(&self) -> usize {
        1 + usize::from(self.weighted)
    }

    fn derive(
        &self,
        columns: &[Vec<Vec<f64>>],
        len: usize,
        out: &mut [Vec<f64>],
        counts: &mut [u64],
    ) {
        let (investment, rest) = out.split_first_mut().expect("investment");
        let investment = &mut investment[..len];
        self.sum_of(columns, 0, investment);
        let (plain, weighted) = rest.split_at_mut(self.per_value());
        self.value_npv_ratio(columns, 1, investment, plain, &mut counts[0]);
        if self.weighted {
            self.value_npv_ratio(columns, 2, investment, weighted, &mut counts[1]);
        }
    }
}
