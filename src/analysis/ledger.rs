//! The funder's ledger (spec §17): who pays, who saves, how much of it is cash, and when.
//!
//! The present value is split into the three kinds of value of the GMCA / New Economy
//! cost–benefit model: fiscal (savings to public budgets), economic (output, earnings) and
//! social (the rest). Fiscal value falls to an agency and is capacity (staff time, beds)
//! unless a share is said to be cashable (a budget that can actually be spent elsewhere).
//!
//! ```text
//! fiscal_ratio              = fiscal / investment
//! economic_ratio            = (fiscal + economic) / investment   (the SROI ratio adds social)
//! fiscal_return_to_public   = fiscal / public investment
//! cashable_return_to_public = cashable / public investment
//! ```
//!
//! The base case reads each figure at base values; `expected` takes the ratios of the
//! means; every summary is over the draws. `by_year` and `organisations` are base-case.

use serde::Serialize;

use crate::analysis::stats::Summary;
use crate::model::checked::Model;
use crate::model::plan::{Lanes, LedgerPart, Plan};
use crate::sample::engine::Column;

/// The ledger's figures with every quantity at its base value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LedgerBase {
    /// Present value of fiscal outcomes (savings to public budgets).
    pub fiscal: f64,
    /// The part of `fiscal` released as cash.
    pub cashable: f64,
    /// Present value of economic outcomes.
    pub economic: f64,
    /// Present value of social outcomes.
    pub social: f64,
    /// Total discounted investment.
    pub investment: f64,
    /// Discounted investment from public budgets (inputs with `public = true`).
    pub public_investment: f64,
    /// fiscal / investment.
    pub fiscal_ratio: f64,
    /// (fiscal + economic) / investment.
    pub economic_ratio: f64,
    /// fiscal / public investment; `null` without public investment.
    pub fiscal_return_to_public: Option<f64>,
    /// cashable / public investment; `null` without public investment.
    pub cashable_return_to_public: Option<f64>,
}

/// The ledger's ratios as ratios of means (mean numerator / mean denominator).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LedgerRatios {
    /// Mean fiscal value / mean investment.
    pub fiscal_ratio: f64,
    /// (Mean fiscal + mean economic value) / mean investment.
    pub economic_ratio: f64,
    /// Mean fiscal value / mean public investment; `null` without public investment.
    pub fiscal_return_to_public: Option<f64>,
    /// Mean cashable value / mean public investment; `null` without public investment.
    pub cashable_return_to_public: Option<f64>,
}

/// One year of an agency's savings, base case, undiscounted, at the model's prices.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LedgerYear {
    /// The year (0 the first, as in the model).
    pub year: u32,
    /// The fiscal value falling to the agency that year.
    pub fiscal: f64,
    /// Of which cashable.
    pub cashable: f64,
}

/// One public body's savings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyLedger {
    /// The agency.
    pub name: String,
    /// Present value of its fiscal savings over the draws.
    pub fiscal: Summary,
    /// Present value of the cashable part over the draws.
    pub cashable: Summary,
    /// Its savings year by year (base case, undiscounted), from its first year to its last.
    pub by_year: Vec<LedgerYear>,
}

/// What one organisation pays and saves (base case, present values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    /// A funder or an agency (or both).
    pub name: String,
    /// Its discounted investment.
    pub pays: f64,
    /// The present value of the fiscal savings falling to it.
    pub saves: f64,
    /// Of which cashable.
    pub cashable: f64,
    /// saves − pays.
    pub net: f64,
}

/// The funder's ledger of a model (spec §17).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ledger {
    /// Every quantity at its base value.
    pub base_case: LedgerBase,
    /// The ratios as ratios of means.
    pub expected: LedgerRatios,
    /// Fiscal value over the draws.
    pub fiscal: Summary,
    /// Cashable fiscal value over the draws.
    pub cashable: Summary,
    /// Economic value over the draws.
    pub economic: Summary,
    /// Social value over the draws.
    pub social: Summary,
    /// Public investment over the draws.
    pub public_investment: Summary,
    /// Fiscal value / public investment over the draws; `null` without public investment.
    pub fiscal_return_to_public: Option<Summary>,
    /// Each agency's savings, in order of first appearance.
    pub agencies: Vec<AgencyLedger>,
    /// Every funder, then every agency that is not also a funder: who pays, who saves.
    pub organisations: Vec<Organisation>,
}

impl Ledger {
    /// True when some value is fiscal or economic: the ledger has something to say beyond
    /// "all of it is social", and the text formats show it.
    pub fn is_typed(&self) -> bool {
        self.base_case.fiscal != 0.0
            || self.base_case.economic != 0.0
            || !self.agencies.is_empty()
            || self.fiscal.mean != 0.0
            || self.economic.mean != 0.0
    }
}

/// The engine columns the ledger reads, in the order [`build`] takes their summaries.
pub fn columns(plan: &Plan) -> Vec<Column> {
    let mut columns = vec![
        Column::Ledger(LedgerPart::Fiscal),
        Column::Ledger(LedgerPart::Cashable),
        Column::Ledger(LedgerPart::Economic),
        Column::Ledger(LedgerPart::Social),
        Column::Ledger(LedgerPart::PublicInvestment),
    ];
    if plan.has_public_input() {
        columns.push(Column::Ledger(LedgerPart::FiscalReturnToPublic));
    }
    for a in 0..plan.n_agencies() {
        columns.push(Column::Ledger(LedgerPart::AgencyFiscal(a)));
        columns.push(Column::Ledger(LedgerPart::AgencyCashable(a)));
    }
    columns
}

/// `a / b`, or none when `b` is 0 (no public investment).
fn per(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// The ledger from the summaries of [`columns`] (in order) and the base case `base`;
/// `investment` is the total investment over the draws.
pub fn build(
    model: &Model,
    plan: &Plan,
    base: &Lanes,
    summaries: &[Summary],
    investment: &Summary,
) -> Ledger {
    let at = |part| plan.ledger(base, part, 0);
    let (fiscal, cashable, economic, social, public) = (
        at(LedgerPart::Fiscal),
        at(LedgerPart::Cashable),
        at(LedgerPart::Economic),
        at(LedgerPart::Social),
        at(LedgerPart::PublicInvestment),
    );
    let invested = base.totals(0).investment;
    let base_case = LedgerBase {
        fiscal,
        cashable,
        economic,
        social,
        investment: invested,
        public_investment: public,
        fiscal_ratio: fiscal / invested,
        economic_ratio: (fiscal + economic) / invested,
        fiscal_return_to_public: per(fiscal, public),
        cashable_return_to_public: per(cashable, public),
    };
    let [f, c, e, s, p] = [0, 1, 2, 3, 4].map(|i| summaries[i]);
    let expected = LedgerRatios {
        fiscal_ratio: f.mean / investment.mean,
        economic_ratio: (f.mean + e.mean) / investment.mean,
        fiscal_return_to_public: per(f.mean, p.mean),
        cashable_return_to_public: per(c.mean, p.mean),
    };
    let public_return = plan.has_public_input().then(|| summaries[5]);
    let first_agency = 5 + plan.has_public_input() as usize;
    let years = plan.agency_years(base, 0);
    let agencies: Vec<AgencyLedger> = model
        .agencies
        .iter()
        .enumerate()
        .map(|(a, name)| AgencyLedger {
            name: name.clone(),
            fiscal: summaries[first_agency + 2 * a],
            cashable: summaries[first_agency + 2 * a + 1],
            by_year: by_year(&years[a]),
        })
        .collect();
    let mut organisations: Vec<Organisation> = model
        .funders
        .iter()
        .enumerate()
        .map(|(f, name)| Organisation {
            name: name.clone(),
            pays: plan.funder_investment(base, f, 0),
            saves: 0.0,
            cashable: 0.0,
            net: 0.0,
        })
        .collect();
    for (a, name) in model.agencies.iter().enumerate() {
        let saves = at(LedgerPart::AgencyFiscal(a));
        let cashable = at(LedgerPart::AgencyCashable(a));
        match organisations.iter_mut().find(|o| &o.name == name) {
            Some(o) => (o.saves, o.cashable) = (saves, cashable),
            None => organisations.push(Organisation {
                name: name.clone(),
                pays: 0.0,
                saves,
                cashable,
                net: 0.0,
            }),
        }
    }
    for o in &mut organisations {
        o.net = o.saves - o.pays;
    }
    Ledger {
        base_case,
        expected,
        fiscal: f,
        cashable: c,
        economic: e,
        social: s,
        public_investment: p,
        fiscal_return_to_public: public_return,
        agencies,
        organisations,
    }
}

/// An agency's (fiscal, cashable) by year, from its first year with any saving to its last.
fn by_year(years: &[(f64, f64)]) -> Vec<LedgerYear> {
    let any = |&(f, c): &(f64, f64)| f != 0.0 || c != 0.0;
    let (Some(first), Some(last)) = (years.iter().position(any), years.iter().rposition(any))
    else {
        return Vec::new();
    };
    (first..=last)
        .map(|t| LedgerYear {
            year: t as u32,
            fiscal: years[t].0,
            cashable: years[t].1,
        })
        .collect()
}
