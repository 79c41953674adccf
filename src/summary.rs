//! A run's results: the base case and the Monte Carlo summaries, as one struct.
//!
//! [`RunReport`] is the single source of truth for every output format. Building it asks
//! the engine for the columns it needs, in as many passes over the same draws as it takes
//! to keep the stored draws within [`STORE_BUDGET`] bytes: a 12-outcome model at ten
//! million draws stores a few columns at a time rather than all of them at once.

use rayon::prelude::*;
use serde::Serialize;

use crate::compile::{Model, QId};
use crate::engine::{Breach, Breaches, Column, SimOptions, simulate};
use crate::error::Error;
use crate::plan::Plan;
use crate::sroi::Totals;
use crate::stats::{Summary, share_above};

/// The most bytes of draws stored at once (each column is 8 bytes a draw).
pub const STORE_BUDGET: usize = 512 << 20;

/// How to run a model.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Number of draws.
    pub iterations: usize,
    /// The seed.
    pub seed: u64,
    /// Threads (`None`: all cores).
    pub threads: Option<usize>,
    /// Interval level, e.g. 0.95.
    pub ci_level: f64,
    /// Show a progress bar.
    pub progress: bool,
    /// The most bytes of draws to store at once ([`STORE_BUDGET`] unless testing).
    pub store_budget: usize,
}

impl RunOptions {
    /// The engine's options for pass `pass` of `passes`.
    pub fn sim(&self, pass: usize, passes: usize) -> SimOptions {
        SimOptions {
            iterations: self.iterations,
            seed: self.seed,
            threads: self.threads,
            progress: self.progress,
            pass: (pass, passes),
        }
    }
}

/// The single evaluation with every quantity at its base value: a classic report's figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BaseCase {
    /// Present value per unit of investment.
    pub ratio: f64,
    /// Total present value of the outcomes.
    pub present_value: f64,
    /// Total discounted investment.
    pub investment: f64,
    /// Present value less investment.
    pub npv: f64,
    /// Simple payback in months; `null` when year 1 brings no value.
    pub payback_months: Option<f64>,
}

impl BaseCase {
    /// The base case of a plan.
    pub fn of(plan: &Plan) -> BaseCase {
        let mut lanes = plan.lanes(1);
        plan.evaluate_base(&mut lanes);
        BaseCase::from_totals(&lanes.totals(0))
    }

    fn from_totals(t: &Totals) -> BaseCase {
        BaseCase {
            ratio: t.ratio(),
            present_value: t.present_value,
            investment: t.investment,
            npv: t.npv(),
            payback_months: t.payback_months(),
        }
    }
}

/// One outcome's share of the value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeReport {
    /// The outcome's name.
    pub name: String,
    /// Who experiences it.
    pub stakeholder: String,
    /// Its present value in the base case.
    pub base_case: f64,
    /// Its present value over the draws.
    pub present_value: Summary,
    /// Its mean present value as a share of the mean total present value.
    pub share: f64,
    /// Where its financial proxy comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_source: Option<String>,
}

/// One stakeholder's share of the value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StakeholderReport {
    /// The stakeholder.
    pub name: String,
    /// The present value of their outcomes in the base case.
    pub base_case: f64,
    /// The present value of their outcomes over the draws.
    pub present_value: Summary,
    /// Their mean present value as a share of the mean total present value.
    pub share: f64,
}

/// Everything `sroi run` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunReport {
    /// The model's name.
    pub model: String,
    /// The file it was read from.
    pub file: String,
    /// The model's description, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Display currency (ISO code).
    pub currency: String,
    /// Price year of the values, if given.
    pub price_year: Option<i64>,
    /// Number of draws.
    pub iterations: usize,
    /// The seed: the same file, draws and seed give the same output.
    pub seed: u64,
    /// Interval level.
    pub ci_level: f64,
    /// Every quantity at its base value.
    pub base_case: BaseCase,
    /// The SROI ratio over the draws.
    pub ratio: Summary,
    /// Total present value over the draws.
    pub present_value: Summary,
    /// Total discounted investment over the draws.
    pub investment: Summary,
    /// Net present value over the draws.
    pub npv: Summary,
    /// The share of draws whose ratio exceeds 1.
    pub prob_ratio_above_1: f64,
    /// Value by outcome.
    pub outcomes: Vec<OutcomeReport>,
    /// Value by stakeholder.
    pub stakeholders: Vec<StakeholderReport>,
}

/// Samples a model and summarises it.
pub fn run(model: &Model, plan: &Plan, file: &str, opts: &RunOptions) -> Result<RunReport, Error> {
    let n = opts.iterations;
    // A stakeholder with one outcome has that outcome's draws: no column of its own.
    let only_outcome = |s: usize| {
        let mut of_s = (0..plan.n_outcomes()).filter(|&o| plan.outcome_stakeholders()[o] == s);
        match (of_s.next(), of_s.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    };
    let shared: Vec<usize> = (0..plan.n_stakeholders())
        .filter(|&s| only_outcome(s).is_none())
        .collect();
    let breakdown: Vec<Column> = (0..plan.n_outcomes())
        .map(Column::Outcome)
        .chain(shared.iter().map(|&s| Column::Stakeholder(s)))
        .collect();
    let per_pass = (opts.store_budget / (8 * n.max(1))).max(4);

    // Pass 1: the headline columns and as much of the breakdown as fits beside them.
    let first = breakdown.len().min(per_pass.saturating_sub(4));
    let passes = 1 + (breakdown.len() - first).div_ceil(per_pass);
    let mut columns = vec![Column::Ratio, Column::PresentValue, Column::Investment];
    columns.extend_from_slice(&breakdown[..first]);
    let mut stored = simulate(plan, &opts.sim(1, passes), &columns)
        .map_err(|b| breach_error(model, opts, &b))?;
    let mut summaries = summarise_all(stored.drain(3..).collect(), opts.ci_level);
    let [ratio, pv, inv]: [Vec<f64>; 3] = stored.try_into().expect("three headline columns");
    let prob_ratio_above_1 = share_above(&ratio, 1.0);
    let npv: Vec<f64> = pv.iter().zip(&inv).map(|(p, i)| p - i).collect();
    let headline: [Summary; 4] = summarise_all(vec![ratio, pv, inv, npv], opts.ci_level)
        .try_into()
        .expect("four headline summaries");

    // Later passes: the rest of the breakdown, a budget's worth at a time.
    for (i, chunk) in breakdown[first..].chunks(per_pass).enumerate() {
        let stored = simulate(plan, &opts.sim(i + 2, passes), chunk)
            .map_err(|b| breach_error(model, opts, &b))?;
        summaries.extend(summarise_all(stored, opts.ci_level));
    }

    let (base_case, base_outcomes, base_stakeholders) = base_breakdown(plan);
    let total = headline[1].mean;
    let share = |mean: f64| if total != 0.0 { mean / total } else { f64::NAN };
    let outcomes = model
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| OutcomeReport {
            name: o.name.clone(),
            stakeholder: model.stakeholders[o.stakeholder].clone(),
            base_case: base_outcomes[i],
            present_value: summaries[i],
            share: share(summaries[i].mean),
            proxy_source: o.proxy_source.clone(),
        })
        .collect();
    let k = model.outcomes.len();
    let stakeholders = model
        .stakeholders
        .iter()
        .enumerate()
        .map(|(s, name)| {
            let summary = match only_outcome(s) {
                Some(o) => summaries[o],
                None => {
                    summaries[k + shared
                        .iter()
                        .position(|&t| t == s)
                        .expect("a column of its own")]
                }
            };
            StakeholderReport {
                name: name.clone(),
                base_case: base_stakeholders[s],
                present_value: summary,
                share: share(summary.mean),
            }
        })
        .collect();
    Ok(RunReport {
        model: model.name.clone(),
        file: file.to_string(),
        description: model.description.clone(),
        currency: model.currency.clone(),
        price_year: model.price_year,
        iterations: n,
        seed: opts.seed,
        ci_level: opts.ci_level,
        base_case,
        ratio: headline[0],
        present_value: headline[1],
        investment: headline[2],
        npv: headline[3],
        prob_ratio_above_1,
        outcomes,
        stakeholders,
    })
}

/// Summarises columns in parallel (each is independent), in their order.
fn summarise_all(columns: Vec<Vec<f64>>, level: f64) -> Vec<Summary> {
    columns
        .into_par_iter()
        .map(|mut c| Summary::of(&mut c, level))
        .collect()
}

/// The base case, and its present value by outcome and by stakeholder.
fn base_breakdown(plan: &Plan) -> (BaseCase, Vec<f64>, Vec<f64>) {
    let mut lanes = plan.lanes(1);
    plan.evaluate_base(&mut lanes);
    let outcomes: Vec<f64> = (0..plan.n_outcomes())
        .map(|o| lanes.outcome_pv(o, 0))
        .collect();
    let mut stakeholders = vec![0.0; plan.n_stakeholders()];
    for (pv, &s) in outcomes.iter().zip(plan.outcome_stakeholders()) {
        stakeholders[s] += pv;
    }
    (
        BaseCase::from_totals(&lanes.totals(0)),
        outcomes,
        stakeholders,
    )
}

/// Explains which draws broke which rule, naming the quantities involved.
pub fn breach_error(model: &Model, opts: &RunOptions, breaches: &Breaches) -> Error {
    let n = opts.iterations;
    let lines: Vec<String> = breaches
        .items
        .iter()
        .map(|&(rule, count, first, value)| match rule {
            Breach::Quantity(q) => {
                let quantity = &model.quantities[q];
                format!(
                    "in {} of {} draws, {} was {} (first at draw {first}: {value}), but it must be {}; it is defined as {}",
                    group_thousands(count),
                    group_thousands(n as u64),
                    quantity.name,
                    if value.is_finite() { "out of range" } else { "not a finite number" },
                    quantity.role.rule(),
                    quantity.describe(),
                )
            }
            Breach::Investment => {
                let varying: Vec<String> = varying_inputs(model)
                    .into_iter()
                    .map(|q| format!("{} = {}", model.quantities[q].name, model.quantities[q].describe()))
                    .collect();
                format!(
                    "in {} of {} draws the investment was not positive (first at draw {first}: {value}); the SROI ratio divides by it. {}",
                    group_thousands(count),
                    group_thousands(n as u64),
                    if varying.is_empty() {
                        "The inputs are fixed, so the discount rate must be what makes them so.".to_string()
                    } else {
                        format!("Inputs that vary: {}", varying.join("; "))
                    }
                )
            }
        })
        .collect();
    Error::Draws(format!(
        "{} (seed {}):\n  {}",
        model.name,
        opts.seed,
        lines.join("\n  ")
    ))
}

/// The input amounts that are random or depend on random parameters.
fn varying_inputs(model: &Model) -> Vec<QId> {
    fn varies(model: &Model, q: QId) -> bool {
        let quantity = &model.quantities[q];
        quantity.is_random() || quantity.deps.iter().any(|&d| varies(model, d))
    }
    model
        .inputs
        .iter()
        .flat_map(|i| i.amounts.iter().map(|&(_, q)| q))
        .filter(|&q| varies(model, q))
        .collect()
}

/// 1234567 → "1,234,567".
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}
