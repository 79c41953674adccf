//! The series `run`, `compare` and `voi` summarise and the events they count, made window
//! by window from the engine's columns (see `stream`).
//!
//! A headline (per model) is: ratio, present value, investment and NPV (present value
//! less investment, draw by draw); with several funders, each one's investment, its share
//! of the total (mean only) and the total per pound of theirs (mean only, the leverage).
//! Its events: ratio above 1, ratio at least each threshold, and each funder's investment
//! not positive (which leaves leverage undefined). A comparison adds, for each later
//! option, its present value, investment, NPV and ratio minus the first option's, and the
//! draws in which its NPV and its ratio are higher by more than rounding.

use crate::analysis::stats::TIE_TOLERANCE;
use crate::analysis::stream::Series;
use crate::analysis::tally::Kind;

/// The headline series of one model with `funders` funders (0 when one bears it all).
#[derive(Debug, Clone)]
pub struct HeadlineSeries {
    /// Funders with columns of their own (0 for a sole funder).
    pub funders: usize,
    /// The acceptability thresholds.
    pub thresholds: Vec<f64>,
    /// The model has distributional weights: its engine columns include the weighted
    /// present value after the investment, and its series end with the weighted present
    /// value, ratio and NPV, its events with the weighted ratio above 1.
    pub weighted: bool,
    /// The draws are a Latin hypercube: the series end with whether each draw's ratio is
    /// above 1 (1 or 0), whose block means give the chance's Monte Carlo error.
    pub lhs: bool,
}

/// Where one funder's series sit among a headline's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunderSlots {
    /// The funder's own investment.
    pub investment: usize,
    /// Its share of the total investment.
    pub share: usize,
    /// Its leverage: the total investment per unit of its own.
    pub leverage: usize,
}

impl HeadlineSeries {
    /// The ratio of each draw: the first series (the order `kinds` and `derive` follow).
    pub const RATIO: usize = 0;
    /// The total present value.
    pub const PRESENT_VALUE: usize = 1;
    /// The total discounted investment.
    pub const INVESTMENT: usize = 2;
    /// The net present value.
    pub const NPV: usize = 3;

    /// Where funder `f`'s series sit (after the four above).
    pub fn funder(f: usize) -> FunderSlots {
        let at = 4 + 3 * f;
        FunderSlots {
            investment: at,
            share: at + 1,
            leverage: at + 2,
        }
    }

    /// Where the weighted present value, ratio and NPV sit (after every funder's).
    pub fn weighted_slots(&self) -> [usize; 3] {
        let at = 4 + 3 * self.funders;
        [at, at + 1, at + 2]
    }

    /// Where the ratio's being above 1 sits (after the weighted series), if kept.
    pub fn above_1_slot(&self) -> Option<usize> {
        self.lhs
            .then_some(4 + 3 * self.funders + 3 * self.weighted as usize)
    }

    /// What is wanted of each series.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = vec![Kind::Full; 4];
        for _ in 0..self.funders {
            kinds.extend([Kind::Full, Kind::Mean, Kind::Mean]);
        }
        if self.weighted {
            kinds.extend([Kind::Full; 3]);
        }
        if self.lhs {
            kinds.push(Kind::Spread);
        }
        kinds
    }

    /// How many events are counted.
    pub fn counters(&self) -> usize {
        1 + self.thresholds.len() + self.funders + self.weighted as usize
    }

    /// The engine columns it reads: ratio, present value, investment, the weighted
    /// present value if any, then each funder's.
    pub fn width(&self) -> usize {
        3 + self.weighted as usize + self.funders
    }

    /// The series that are its columns as drawn: (series, column) pairs.
    fn drawn_pairs(&self) -> Vec<(usize, usize)> {
        let w = self.weighted as usize;
        let mut pairs = vec![
            (Self::RATIO, 0),
            (Self::PRESENT_VALUE, 1),
            (Self::INVESTMENT, 2),
        ];
        pairs.extend((0..self.funders).map(|f| (Self::funder(f).investment, 3 + w + f)));
        if self.weighted {
            pairs.push((self.weighted_slots()[0], 3));
        }
        pairs
    }

    /// Which of its series are a column of source `source` as drawn (see
    /// [`Series::drawn`]), with the column.
    fn drawn(&self, source: usize) -> Vec<Option<(usize, usize)>> {
        let mut drawn = vec![None; self.kinds().len()];
        for (s, c) in self.drawn_pairs() {
            drawn[s] = Some((source, c));
        }
        drawn
    }

    /// Fills its series and counts its events from its columns.
    pub fn derive(&self, cols: &[Vec<f64>], len: usize, out: &mut [Vec<f64>], counts: &mut [u64]) {
        for (s, c) in self.drawn_pairs() {
            out[s][..len].copy_from_slice(&cols[c][..len]);
        }
        self.derive_others(cols, len, out, counts);
    }

    /// Fills the series that are not its columns as drawn, and counts its events.
    fn derive_others(
        &self,
        cols: &[Vec<f64>],
        len: usize,
        out: &mut [Vec<f64>],
        counts: &mut [u64],
    ) {
        let (ratio, pv, inv) = (&cols[0][..len], &cols[1][..len], &cols[2][..len]);
        minus(&mut out[Self::NPV][..len], pv, inv);
        counts[0] += ratio.iter().filter(|&&r| r > 1.0).count() as u64;
        if let Some(at) = self.above_1_slot() {
            for (x, &r) in out[at][..len].iter_mut().zip(ratio) {
                *x = f64::from(u8::from(r > 1.0));
            }
        }
        for (t, c) in self.thresholds.iter().zip(&mut counts[1..]) {
            *c += ratio.iter().filter(|&&r| r >= *t).count() as u64;
        }
        let base = 1 + self.thresholds.len();
        let w = self.weighted as usize;
        for f in 0..self.funders {
            let own = &cols[3 + w + f][..len];
            let at = Self::funder(f);
            let (share, leverage) = two(out, at.share, at.leverage);
            for (((s, l), x), t) in share[..len]
                .iter_mut()
                .zip(&mut leverage[..len])
                .zip(own)
                .zip(inv)
            {
                *s = x / t;
                *l = t / x;
            }
            counts[base + f] += own.iter().filter(|&&x| x <= 0.0).count() as u64;
        }
        if self.weighted {
            let wpv = &cols[3][..len];
            let [_, ratio_at, npv_at] = self.weighted_slots();
            let (ratio, npv) = two(out, ratio_at, npv_at);
            for (((r, n), p), i) in ratio[..len]
                .iter_mut()
                .zip(&mut npv[..len])
                .zip(wpv)
                .zip(inv)
            {
                *r = p / i;
                *n = p - i;
            }
            counts[base + self.funders] +=
                wpv.iter().zip(inv).filter(|&(p, i)| p / i > 1.0).count() as u64;
        }
    }
}

/// Series `i` and `j` of `out` (i < j), to be written at once.
fn two(out: &mut [Vec<f64>], i: usize, j: usize) -> (&mut Vec<f64>, &mut Vec<f64>) {
    let (low, high) = out.split_at_mut(j);
    (&mut low[i], &mut high[0])
}

/// `out` = `a` − `b`, draw by draw.
pub(crate) fn minus(out: &mut [f64], a: &[f64], b: &[f64]) {
    for ((o, x), y) in out.iter_mut().zip(a).zip(b) {
        *o = x - y;
    }
}

/// `sroi run`: a headline, then each breakdown column (outcomes, stakeholders) in full.
pub struct RunSeries {
    /// The headline's series.
    pub headline: HeadlineSeries,
    /// Breakdown columns after the headline's.
    pub breakdown: usize,
}

impl Series for RunSeries {
    fn kinds(&self) -> Vec<Kind> {
        let mut kinds = self.headline.kinds();
        kinds.extend(std::iter::repeat_n(Kind::Full, self.breakdown));
        kinds
    }

    fn counters(&self) -> usize {
        self.headline.counters()
    }

    fn drawn(&self) -> Vec<Option<(usize, usize)>> {
        let w = self.headline.width();
        let mut drawn = self.headline.drawn(0);
        drawn.extend((0..self.breakdown).map(|i| Some((0, w + i))));
        drawn
    }

    fn derive(
        &self,
        columns: &[Vec<Vec<f64>>],
        len: usize,
        out: &mut [Vec<f64>],
        counts: &mut [u64],
    ) {
        let h = self.headline.kinds().len();
        self.headline
            .derive_others(&columns[0], len, &mut out[..h], counts);
    }
}

/// `sroi compare`: each option's headline, then each later option minus the first, then
/// the highest NPV of each draw (mean only). Events: each option's, each difference's,
/// then the draws in which each option has the highest NPV (a tie goes to the earlier,
/// as `which.max` does in BCEA and dampack).
pub struct CompareSeries {
    /// One per option, in order.
    pub options: Vec<HeadlineSeries>,
    /// How many ledger columns follow each option's headline columns (copied, in full,
    /// after every other series).
    pub ledgers: Vec<usize>,
}

/// The series of a difference: present value, investment, NPV, ratio.
pub const DIFFERENCE_SERIES: usize = 4;
/// The events of a difference: NPV higher, ratio higher.
pub const DIFFERENCE_COUNTERS: usize = 2;

impl Series for CompareSeries {
    fn kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = self.options.iter().flat_map(|o| o.kinds()).collect();
        let later = self.options.len().saturating_sub(1);
        kinds.extend(std::iter::repeat_n(Kind::Full, DIFFERENCE_SERIES * later));
        kinds.push(Kind::Mean);
        kinds.extend(std::iter::repeat_n(Kind::Full, self.ledgers.iter().sum()));
        kinds
    }

    fn counters(&self) -> usize {
        let own: usize = self.options.iter().map(|o| o.counters()).sum();
        own + DIFFERENCE_COUNTERS * self.options.len().saturating_sub(1) + self.options.len()
    }

    fn derive(
        &self,
        columns: &[Vec<Vec<f64>>],
        len: usize,
        out: &mut [Vec<f64>],
        counts: &mut [u64],
    ) {
        let (mut s, mut c) = (0, 0);
        for (o, cols) in self.options.iter().zip(columns) {
            let (ns, nc) = (o.kinds().len(), o.counters());
            o.derive(cols, len, &mut out[s..s + ns], &mut counts[c..c + nc]);
            s += ns;
            c += nc;
        }
        let first = &columns[0];
        for later in &columns[1..] {
            let [dpv, dinv, dnpv, dratio] = &mut out[s..s + DIFFERENCE_SERIES] else {
                unreachable!("four difference series")
            };
            let (mut npv_higher, mut ratio_higher) = (0, 0);
            for k in 0..len {
                let (r0, p0, i0) = (first[0][k], first[1][k], first[2][k]);
                let (r1, p1, i1) = (later[0][k], later[1][k], later[2][k]);
                let (n0, n1) = (p0 - i0, p1 - i1);
                dpv[k] = p1 - p0;
                dinv[k] = i1 - i0;
                dnpv[k] = n1 - n0;
                dratio[k] = r1 - r0;
                npv_higher += higher(n0, n1) as u64;
                ratio_higher += higher(r0, r1) as u64;
            }
            counts[c] += npv_higher;
            counts[c + 1] += ratio_higher;
            s += DIFFERENCE_SERIES;
            c += DIFFERENCE_COUNTERS;
        }
        let best = &mut out[s];
        for k in 0..len {
            let (mut top, mut which) = (columns[0][1][k] - columns[0][2][k], 0);
            for (i, cols) in columns.iter().enumerate().skip(1) {
                let npv = cols[1][k] - cols[2][k];
                if npv > top {
                    (top, which) = (npv, i);
                }
            }
            best[k] = top;
            counts[c + which] += 1;
        }
        let mut at = s + 1;
        for ((o, cols), &n) in self.options.iter().zip(columns).zip(&self.ledgers) {
            let w = o.width();
            for (out, col) in out[at..at + n].iter_mut().zip(&cols[w..w + n]) {
                out[..len].copy_from_slice(&col[..len]);
            }
            at += n;
        }
    }
}

/// `sroi voi`: each option's net benefit (mean only), then each option's opportunity
/// loss, the best net benefit of the draw less the option's (mean and sd): the EVPI is
/// the loss of the option of highest mean. The options are "not funded" (a net benefit of
/// 0) and the model if `fund_or_not`, else each model; each model's columns are its
/// present value and investment. No events.
pub struct NetBenefitSeries {
    /// The models.
    pub models: usize,
    /// One model, funded or not.
    pub fund_or_not: bool,
}

impl NetBenefitSeries {
    /// The options of the decision.
    pub fn options(&self) -> usize {
        self.models + self.fund_or_not as usize
    }
}

impl Series for NetBenefitSeries {
    fn kinds(&self) -> Vec<Kind> {
        let k = self.options();
        [vec![Kind::Mean; k], vec![Kind::Spread; k]].concat()
    }

    fn counters(&self) -> usize {
        0
    }

    fn derive(&self, columns: &[Vec<Vec<f64>>], len: usize, out: &mut [Vec<f64>], _: &mut [u64]) {
        let (nb, loss) = out.split_at_mut(self.options());
        let own = if self.fund_or_not {
            nb[0][..len].fill(0.0);
            &mut nb[1..]
        } else {
            &mut nb[..]
        };
        for (o, cols) in own.iter_mut().zip(columns) {
            minus(&mut o[..len], &cols[0][..len], &cols[1][..len]);
        }
        for i in 0..len {
            let top = nb.iter().map(|c| c[i]).fold(f64::NEG_INFINITY, f64::max);
            for (l, c) in loss.iter_mut().zip(nb.iter()) {
                l[i] = top - c[i];
            }
        }
    }
}

/// `y` is higher than `x` by more than rounding ([`TIE_TOLERANCE`] of the larger).
fn higher(x: f64, y: f64) -> bool {
    y - x > TIE_TOLERANCE * x.abs().max(y.abs())
}

/// Each column of the one source, summarised in full as it is.
pub struct Identity(usize);

/// The series that summarises each of `n` columns as drawn.
pub fn identity_series(n: usize) -> Identity {
    Identity(n)
}

impl Series for Identity {
    fn kinds(&self) -> Vec<Kind> {
        vec![Kind::Full; self.0]
    }

    fn counters(&self) -> usize {
        0
    }

    fn drawn(&self) -> Vec<Option<(usize, usize)>> {
        (0..self.0).map(|c| Some((0, c))).collect()
    }

    fn derive(&self, _: &[Vec<Vec<f64>>], _: usize, _: &mut [Vec<f64>], _: &mut [u64]) {}
}
