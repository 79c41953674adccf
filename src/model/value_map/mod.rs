//! A model's Value Map: the base case laid out as Social Value UK's Value Map spreadsheet
//! lays out an SROI (spec §18), one row per outcome and one per input amount, every figure
//! at its base value, and the column headings that the workbook writes and `sroi import`
//! reads back.
//!
//! Everything the SROI arithmetic (spec §2, §9) uses is here as a figure, so that plain
//! spreadsheet formulas over these figures reproduce the base case: each outcome's
//! quantity, proxy (at the prices of its year, with the factor that rebases it to the
//! model's price year), deadweight, displacement, attribution, drop-off, the optimism-bias
//! factor on its value, its discount rate (or declining schedule), start year, duration
//! and cohort weights; each input's amount, year, rebasing and optimism-bias factors and
//! discounting.

pub mod import;

use crate::model::checked::{DEFAULT_DISCOUNT_RATE, Discount, Duration, MAX_YEARS, Model, QId};
use crate::model::discount::Schedule;
use crate::model::plan::Plan;
use crate::model::proxy::resolve::ProxyUse;

/// The sheet's name in the workbook.
pub const SHEET: &str = "Value Map";

/// Labels of the model's own figures, in column A above the tables.
pub mod label {
    /// The model's name.
    pub const MODEL: &str = "Model";
    /// The currency of every amount.
    pub const CURRENCY: &str = "Currency";
    /// The year whose prices the model's money is in.
    pub const PRICE_YEAR: &str = "Price year";
    /// The model's discount rate, or the name of a declining schedule.
    pub const DISCOUNT_RATE: &str = "Discount rate";
    /// The SROI ratio's formula sits to the right of this label.
    pub const RATIO: &str = "SROI ratio";
    /// Σ of the outcomes' present values.
    pub const PRESENT_VALUE: &str = "Total present value";
    /// Σ of the inputs' present values.
    pub const INVESTMENT: &str = "Total investment (present value)";
    /// Present value less investment.
    pub const NPV: &str = "Net present value";
    /// Heads the inputs' table.
    pub const INPUTS: &str = "Inputs";
    /// Heads the outcomes' table.
    pub const OUTCOMES: &str = "Outcomes";
    /// Heads the declining schedules' discount factors.
    pub const SCHEDULES: &str = "Discount factors of declining schedules";
}

/// Column headings. Reading a sheet matches them loosely: case, spaces, punctuation and
/// anything in brackets are ignored, so `Deadweight %` and `Outcome (what changes)` match.
pub mod column {
    /// Who bears the input, or experiences the outcome.
    pub const STAKEHOLDER: &str = "Stakeholder";
    /// The input's name.
    pub const INPUT: &str = "Input";
    /// The year an input amount is spent.
    pub const YEAR: &str = "Year";
    /// The input's amount, at the prices of its price year.
    pub const AMOUNT: &str = "Amount";
    /// The outcome's name: the intended or unintended change.
    pub const OUTCOME: &str = "Outcome (what changes)";
    /// How the change is measured.
    pub const INDICATOR: &str = "Indicator";
    /// Where the evidence of the change comes from.
    pub const SOURCE: &str = "Source";
    /// Units (usually people) experiencing the outcome.
    pub const QUANTITY: &str = "Quantity";
    /// Whole years the outcome lasts.
    pub const DURATION: &str = "Duration (years)";
    /// The first year the outcome is counted.
    pub const START_YEAR: &str = "Start year";
    /// What the financial proxy is.
    pub const PROXY: &str = "Financial proxy";
    /// The proxy's value per unit per year, at the prices of its price year.
    pub const VALUE: &str = "Value";
    /// The year whose prices a value or amount is written in.
    pub const PRICE_YEAR: &str = "Price year";
    /// What rebases a value or amount to the model's price year (the GDP deflator's ratio).
    pub const REBASING: &str = "Rebasing factor";
    /// Where the proxy's value comes from.
    pub const PROXY_SOURCE: &str = "Proxy source";
    /// Share that would have happened anyway.
    pub const DEADWEIGHT: &str = "Deadweight";
    /// Share that displaces outcomes elsewhere.
    pub const DISPLACEMENT: &str = "Displacement";
    /// Share due to others.
    pub const ATTRIBUTION: &str = "Attribution";
    /// Share of the effect lost each year after the first.
    pub const DROP_OFF: &str = "Drop-off";
    /// What the optimism-bias correction multiplies a value or amount by.
    pub const OPTIMISM: &str = "Optimism-bias factor";
    /// The first year's impact: quantity × value × factors × (1 − each share).
    pub const IMPACT: &str = "Impact";
    /// A discount rate, or a declining schedule's name.
    pub const DISCOUNT_RATE: &str = "Discount rate";
    /// Present value: discounted.
    pub const PRESENT_VALUE: &str = "Present value";
    /// The prefix of each cohort's weight column: `Cohort 1 weight`, `Cohort 2 weight`, …
    pub const COHORT: &str = "Cohort";
}

/// How an item's years are discounted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Basis {
    /// One rate every year.
    Rate(f64),
    /// A declining schedule.
    Schedule(Schedule),
}

/// One input amount.
#[derive(Debug, Clone, PartialEq)]
pub struct InputRow {
    /// Who bears it.
    pub stakeholder: String,
    /// The input's name.
    pub name: String,
    /// The year it is spent.
    pub year: u32,
    /// Its base value at the prices of `price_year`.
    pub amount: f64,
    /// The year whose prices `amount` is in (the model's when not rebased).
    pub price_year: Option<i64>,
    /// What rebases `amount` to the model's price year (1 when not rebased).
    pub rebasing: f64,
    /// 1 + its optimism-bias correction (1 without one).
    pub optimism: f64,
    /// How its year is discounted.
    pub discount: Basis,
}

/// One outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    /// Who experiences it.
    pub stakeholder: String,
    /// The change.
    pub name: String,
    /// How it is measured.
    pub indicator: Option<String>,
    /// Where the evidence comes from.
    pub source: Option<String>,
    /// Units experiencing it.
    pub quantity: f64,
    /// Whole years each cohort's effect lasts.
    pub duration: u32,
    /// The first year it is counted.
    pub start_year: u32,
    /// What the financial proxy is (a library proxy's description).
    pub proxy: Option<String>,
    /// The proxy per unit per year, at the prices of `price_year`.
    pub value: f64,
    /// The year whose prices `value` is in (the model's when not rebased).
    pub price_year: Option<i64>,
    /// What rebases `value` to the model's price year (1 when not rebased).
    pub rebasing: f64,
    /// Where the proxy comes from.
    pub proxy_source: Option<String>,
    /// Share that would have happened anyway.
    pub deadweight: f64,
    /// Share that displaces outcomes elsewhere.
    pub displacement: f64,
    /// Share due to others.
    pub attribution: f64,
    /// Share lost each year after the first.
    pub drop_off: f64,
    /// 1 − its optimism-bias correction (1 without one).
    pub optimism: f64,
    /// How its years are discounted.
    pub discount: Basis,
    /// The weight of each cohort, cohort k counted from `start_year + k` ([1] for one).
    pub cohorts: Vec<f64>,
}

impl OutcomeRow {
    /// The first year's impact: Q · V · rebasing · optimism · (1 − DW)(1 − DS)(1 − AT).
    pub fn impact(&self) -> f64 {
        self.quantity
            * self.value
            * self.rebasing
            * self.optimism
            * (1.0 - self.deadweight)
            * (1.0 - self.displacement)
            * (1.0 - self.attribution)
    }
}

/// A model's base case as a Value Map.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueMap {
    /// The model's name.
    pub name: String,
    /// Its currency.
    pub currency: String,
    /// Its price year.
    pub price_year: Option<i64>,
    /// How the model discounts items without their own rate.
    pub discount: Basis,
    /// One row per input amount, in model order.
    pub inputs: Vec<InputRow>,
    /// One row per outcome, in model order.
    pub outcomes: Vec<OutcomeRow>,
    /// The last year any item counts in.
    pub last_year: u32,
}

impl ValueMap {
    /// The Value Map of a checked model at its base case; `proxies` describes the library
    /// proxies it uses.
    pub fn of(model: &Model, proxies: &[ProxyUse]) -> ValueMap {
        let plan = Plan::new(model);
        let mut lanes = plan.lanes(1);
        plan.evaluate_base(&mut lanes);
        let base = |q: QId| plan.quantity_row(&lanes, q)[0];
        let opt = |q: Option<QId>| q.map_or(0.0, base);
        let basis = |d: Option<Discount>| match d.or(model.discount_rate) {
            Some(Discount::Rate(q)) => Basis::Rate(base(q)),
            Some(Discount::Schedule(s)) => Basis::Schedule(s),
            None => Basis::Rate(DEFAULT_DISCOUNT_RATE),
        };
        // A figure written at other prices: its value as written, its year and its factor.
        // A model rebased beside others to a common year (`money_factor`) adds that factor
        // to every figure, whose own year is then the file's.
        let common = model.money_factor;
        let rebased = |q: QId| {
            let name = &model.quantities[q].name;
            let conversion = model
                .price_conversions
                .iter()
                .find(|c| &c.quantity == name)
                .map(|c| (c.from, c.factor))
                .or_else(|| {
                    proxies
                        .iter()
                        .find(|p| &p.quantity == name && p.factor != 1.0)
                        .map(|p| (p.price_year, p.factor))
                });
            match conversion {
                Some((year, factor)) => (base(q) / factor, Some(year), factor * common),
                None => (base(q), model.file_price_year, common),
            }
        };
        let mut last_year = 0;
        let mut inputs = Vec::new();
        for i in &model.inputs {
            for &(year, q) in &i.amounts {
                let (amount, price_year, rebasing) = rebased(q);
                last_year = last_year.max(year);
                inputs.push(InputRow {
                    stakeholder: model.funders[i.funder].clone(),
                    name: i.name.clone(),
                    year,
                    amount,
                    price_year,
                    rebasing,
                    optimism: i.optimism,
                    discount: basis(i.discount_rate),
                });
            }
        }
        let outcomes = model
            .outcomes
            .iter()
            .map(|o| {
                let duration = match o.duration {
                    Duration::Years(d) => d,
                    // As the arithmetic reads a drawn duration: whole years from 1.
                    Duration::Random(q) => base(q).clamp(1.0, MAX_YEARS as f64) as u32,
                };
                let cohorts = if o.cohorts.is_empty() {
                    vec![1.0]
                } else {
                    o.cohorts.iter().map(|&q| base(q)).collect()
                };
                last_year = last_year.max(o.start_year + cohorts.len() as u32 - 1 + duration - 1);
                let (value, price_year, rebasing) = rebased(o.value);
                let name = &model.quantities[o.value].name;
                OutcomeRow {
                    stakeholder: model.stakeholders[o.stakeholder].clone(),
                    name: o.name.clone(),
                    indicator: o.meta.indicator.clone(),
                    source: o.meta.evidence.as_ref().and_then(|e| e.source.clone()),
                    quantity: base(o.quantity),
                    duration,
                    start_year: o.start_year,
                    proxy: proxies
                        .iter()
                        .find(|p| &p.quantity == name)
                        .map(|p| format!("{} ({}, {})", p.name, p.unit, p.id)),
                    value,
                    price_year,
                    rebasing,
                    proxy_source: o.proxy_source.clone(),
                    deadweight: opt(o.deadweight),
                    displacement: opt(o.displacement),
                    attribution: opt(o.attribution),
                    drop_off: opt(o.drop_off),
                    optimism: o.optimism,
                    discount: basis(o.discount_rate),
                    cohorts,
                }
            })
            .collect();
        ValueMap {
            name: model.name.clone(),
            currency: model.currency.clone(),
            price_year: model.price_year,
            discount: basis(None),
            inputs,
            outcomes,
            last_year,
        }
    }

    /// The declining schedules any item uses, in a fixed order.
    pub fn schedules(&self) -> Vec<Schedule> {
        let uses = |s: Schedule| {
            self.outcomes
                .iter()
                .map(|o| o.discount)
                .chain(self.inputs.iter().map(|i| i.discount))
                .any(|b| b == Basis::Schedule(s))
        };
        [Schedule::GreenBook, Schedule::GreenBookHealth]
            .into_iter()
            .filter(|&s| uses(s))
            .collect()
    }

    /// The most cohorts any outcome has.
    pub fn cohort_columns(&self) -> usize {
        self.outcomes
            .iter()
            .map(|o| o.cohorts.len())
            .max()
            .unwrap_or(1)
    }
}

/// The figures a spreadsheet computes from a Value Map, by the same arithmetic as its
/// formulas.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// Each outcome's first-year impact.
    pub impact: Vec<f64>,
    /// Each outcome's undiscounted value in years 0 … last year.
    pub by_year: Vec<Vec<f64>>,
    /// Each outcome's present value.
    pub outcome_pv: Vec<f64>,
    /// Each input amount's present value.
    pub input_pv: Vec<f64>,
    /// Σ of the outcomes' present values.
    pub present_value: f64,
    /// Σ of the inputs' present values.
    pub investment: f64,
}

impl Computed {
    /// Present value per unit of investment.
    pub fn ratio(&self) -> f64 {
        self.present_value / self.investment
    }
}

impl ValueMap {
    /// The discount factor of year `year` under `basis`.
    pub fn factor(&self, basis: Basis, year: u32) -> f64 {
        match basis {
            Basis::Rate(r) => 1.0 / (1.0 + r).powi(year as i32),
            Basis::Schedule(s) => s.factors(year)[year as usize],
        }
    }

    /// What the sheet's formulas compute: each year's value of each outcome is its impact
    /// times Σ over cohorts k of w_k (1 − DO)^(t − s − k), for the years t that cohort k
    /// counts in (s + k to s + k + duration − 1); present values discount each year.
    pub fn compute(&self) -> Computed {
        let years = self.last_year as usize + 1;
        let mut c = Computed {
            impact: Vec::new(),
            by_year: Vec::new(),
            outcome_pv: Vec::new(),
            input_pv: Vec::new(),
            present_value: 0.0,
            investment: 0.0,
        };
        for o in &self.outcomes {
            let impact = o.impact();
            let row: Vec<f64> = (0..years as u32)
                .map(|t| {
                    let kept: f64 = o
                        .cohorts
                        .iter()
                        .enumerate()
                        .map(|(k, w)| {
                            let first = o.start_year + k as u32;
                            if t >= first && t < first + o.duration {
                                w * (1.0 - o.drop_off).powi((t - first) as i32)
                            } else {
                                0.0
                            }
                        })
                        .sum();
                    impact * kept
                })
                .collect();
            let pv: f64 = row
                .iter()
                .enumerate()
                .map(|(t, v)| v * self.factor(o.discount, t as u32))
                .sum();
            c.impact.push(impact);
            c.by_year.push(row);
            c.outcome_pv.push(pv);
            c.present_value += pv;
        }
        for i in &self.inputs {
            let pv = i.amount * i.rebasing * i.optimism * self.factor(i.discount, i.year);
            c.input_pv.push(pv);
            c.investment += pv;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::load::load;

    /// The Value Map's arithmetic (the sheet's formulas) gives every bundled model's
    /// base-case ratio, and the features fixture's (optimism bias, a drawn duration, a
    /// declining schedule, rebased figures), as the engine computes it, to 1e-12.
    #[test]
    fn value_map_arithmetic_reproduces_every_bundled_base_case() {
        let mut seen = 0;
        for dir in ["models", "scenarios"] {
            let mut files: Vec<_> =
                std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect();
            files.sort();
            if dir == "scenarios" {
                files.push(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("tests/fixtures/value-map-features.toml"),
                );
            }
            for path in files {
                let Ok(loaded) = load(&path) else { continue };
                let plan = Plan::new(&loaded.model);
                let mut lanes = plan.lanes(1);
                plan.evaluate_base(&mut lanes);
                let expected = lanes.totals(0).ratio();
                let got = ValueMap::of(&loaded.model, &loaded.proxies)
                    .compute()
                    .ratio();
                assert!(
                    ((got - expected) / expected).abs() < 1e-12,
                    "{}: {got} != {expected}",
                    path.display()
                );
                seen += 1;
            }
        }
        assert!(seen >= 12, "only {seen} models read");
    }
}
