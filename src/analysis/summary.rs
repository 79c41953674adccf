//! A run's results: the base case and the Monte Carlo summaries, as one struct.
//!
//! [`RunReport`] is the single source of truth for every output format. Building it asks
//! the engine for the columns it needs, in as many passes over the same draws as it takes
//! to keep the stored draws within [`STORE_BUDGET`] bytes: a 12-outcome model at ten
//! million draws stores a few columns at a time rather than all of them at once.

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::stats::{Summary, mean_sd, share_above, share_at_least};
use crate::error::Error;
use crate::model::checked::{Model, QId};
use crate::model::load::Loaded;
use crate::model::num::num;
use crate::model::plan::{Lanes, MAX_FIGURE, Plan};
use crate::model::sroi::{Totals, discounted_payback_months};
use crate::sample::engine::{Breach, Breaches, Column, SimOptions, simulate};

/// The most bytes of draws stored at once (each column is 8 bytes a draw).
pub const STORE_BUDGET: usize = 512 << 20;

/// The ratios an acceptability curve is read at when none are given.
pub const DEFAULT_THRESHOLDS: [f64; 4] = [1.0, 2.0, 3.0, 5.0];

/// How to run a model.
#[derive(Debug, Clone)]
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
    /// Ratios at which to report the chance of reaching them (ascending).
    pub thresholds: Vec<f64>,
}

impl RunOptions {
    /// How many columns of draws fit in the store budget at once (at least `at_least`,
    /// whatever the budget: a pass must hold the columns that are read together).
    pub fn columns_per_pass(&self, at_least: usize) -> usize {
        (self.store_budget / (8 * self.iterations.max(1))).max(at_least)
    }

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
    /// The SROI Guide's simple payback in months: 12 × investment / the outcomes' impact
    /// in the first year each is counted; `null` when that impact is not positive.
    pub payback_months: Option<f64>,
    /// Months until cumulative discounted value overtakes cumulative discounted investment
    /// for good (spec §9); `null` if it has not by the last year counted.
    pub discounted_payback_months: Option<f64>,
}

impl BaseCase {
    /// The base case of a plan.
    pub fn of(plan: &Plan) -> BaseCase {
        BaseCase::from_lanes(plan, &base_lanes(plan))
    }

    /// The base case from lanes evaluated by [`base_lanes`].
    fn from_lanes(plan: &Plan, base: &Lanes) -> BaseCase {
        let t: Totals = base.totals(0);
        let (value, investment) = plan.yearly_flows(base, 0);
        BaseCase {
            ratio: t.ratio(),
            present_value: t.present_value,
            investment: t.investment,
            npv: t.npv(),
            payback_months: t.payback_months(),
            discounted_payback_months: discounted_payback_months(&value, &investment),
        }
    }
}

/// Expected values (spec §9): the means of the draws, and the ratio of the means. The
/// Green Book and NICE decide on these; the base case (modes) is a classic SROI report's
/// single figure, and for skewed inputs the two differ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Expected {
    /// Mean present value / mean investment (not the mean of the draws' ratios).
    pub ratio: f64,
    /// Mean present value.
    pub present_value: f64,
    /// Mean investment.
    pub investment: f64,
    /// Mean present value less mean investment (the mean NPV).
    pub npv: f64,
}

impl Expected {
    /// The expected values from the means of present value and investment.
    pub fn of(present_value: f64, investment: f64) -> Expected {
        Expected {
            ratio: present_value / investment,
            present_value,
            investment,
            npv: present_value - investment,
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
    /// Their distributional weight (1 where none is given); only when the model gives
    /// weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

/// The base case with distributional weights applied.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeightedBase {
    /// Weighted present value.
    pub present_value: f64,
    /// Weighted present value per unit of investment.
    pub ratio: f64,
    /// Weighted present value less investment.
    pub npv: f64,
}

/// The figures with each stakeholder's present value multiplied by its distributional
/// weight (HM Treasury Green Book Annex A3), shown beside the unweighted ones.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weighted {
    /// Every quantity at its base value.
    pub base_case: WeightedBase,
    /// Weighted present value over the draws.
    pub present_value: Summary,
    /// Weighted ratio over the draws.
    pub ratio: Summary,
    /// Weighted net present value over the draws.
    pub npv: Summary,
    /// Mean weighted present value / mean investment (the weighted `expected.ratio`).
    pub expected_ratio: f64,
    /// The share of draws whose weighted ratio exceeds 1.
    pub prob_ratio_above_1: f64,
}

/// One funder's (input stakeholder's) part of the investment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunderReport {
    /// Who bears the cost.
    pub name: String,
    /// Their discounted investment in the base case.
    pub base_case: f64,
    /// Their discounted investment over the draws.
    pub investment: Summary,
    /// The mean over the draws of their share of the total investment.
    pub share: f64,
    /// The mean over the draws of total investment / theirs: what each of their pounds
    /// brings in with it. `null` when their investment is not positive in some draw, or
    /// so small beside the total that the quotient is beyond 1e100. Never multiply it by
    /// the ratio: the value is the scheme's, not each funder's.
    pub leverage: Option<f64>,
    /// Mean present value times `share`: the value attributed to this funder in
    /// proportion to what it pays.
    pub attributed_present_value: f64,
}

/// One point of the acceptability curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Acceptability {
    /// A ratio.
    pub threshold: f64,
    /// The share of draws whose ratio is at least `threshold`.
    pub probability: f64,
}

/// What a scenario is based on (absent for a model file).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BasedOn {
    /// The base model's name.
    pub model: String,
    /// The base model's file.
    pub file: String,
    /// What the scenario changes, in words.
    pub changes: Vec<String>,
}

impl BasedOn {
    /// The base of a loaded file, if it is a scenario.
    pub fn of(loaded: &Loaded) -> Option<BasedOn> {
        loaded.scenario.as_ref().map(|s| BasedOn {
            model: s.base_name.clone(),
            file: s.base_file.clone(),
            changes: s.changes.clone(),
        })
    }
}

/// The figures `run` and `compare` both report for a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// Every quantity at its base value.
    pub base_case: BaseCase,
    /// Expected values: means of the draws, and mean present value / mean investment.
    pub expected: Expected,
    /// The SROI ratio over the draws (its `mean` is the mean of the draws' ratios).
    pub ratio: Summary,
    /// Total present value over the draws.
    pub present_value: Summary,
    /// Total discounted investment over the draws.
    pub investment: Summary,
    /// Net present value over the draws.
    pub npv: Summary,
    /// The share of draws whose ratio exceeds 1.
    pub prob_ratio_above_1: f64,
    /// Who bears the investment, and how much of it.
    pub funders: Vec<FunderReport>,
    /// The chance the ratio is at least each threshold.
    pub acceptability: Vec<Acceptability>,
    /// The same figures with distributional weights, when the model gives any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted: Option<Weighted>,
}

/// The draws behind a headline, in draw order, for draw-by-draw comparison.
#[derive(Debug, Clone)]
pub struct HeadlineDraws {
    /// The ratio of each draw.
    pub ratio: Vec<f64>,
    /// The present value of each draw.
    pub present_value: Vec<f64>,
    /// The investment of each draw.
    pub investment: Vec<f64>,
}

/// The columns a headline needs: ratio, present value, investment, the weighted present
/// value when the model has distributional weights, and each funder's investment when
/// there is more than one funder (one funder bears it all).
pub fn headline_columns(plan: &Plan) -> Vec<Column> {
    let mut columns = vec![Column::Ratio, Column::PresentValue, Column::Investment];
    if plan.is_weighted() {
        columns.push(Column::WeightedPresentValue);
    }
    if plan.n_funders() > 1 {
        columns.extend((0..plan.n_funders()).map(Column::Funder));
    }
    columns
}

/// The plan evaluated once with every quantity at its base value (lane 0).
pub fn base_lanes(plan: &Plan) -> Lanes {
    let mut lanes = plan.lanes(1);
    plan.evaluate_base(&mut lanes);
    lanes
}

/// Summarises the columns of [`headline_columns`] (in that order), with the base case read
/// from `base` ([`base_lanes`]). The draws come back in draw order if `keep` is set;
/// otherwise they are summarised in place.
pub fn headline(
    model: &Model,
    plan: &Plan,
    base: &Lanes,
    opts: &RunOptions,
    mut stored: Vec<Vec<f64>>,
    keep: bool,
) -> (Headline, Option<HeadlineDraws>) {
    let mut funder_columns = stored.split_off(3);
    let weighted_pv = plan.is_weighted().then(|| funder_columns.remove(0));
    let [ratio, pv, inv]: [Vec<f64>; 3] = stored.try_into().expect("three headline columns");
    let weighted = weighted_pv.map(|w| weighted(plan, base, &inv, w, opts.ci_level));
    let prob_ratio_above_1 = share_above(&ratio, 1.0);
    let acceptability = opts
        .thresholds
        .iter()
        .map(|&threshold| Acceptability {
            threshold,
            probability: share_at_least(&ratio, threshold),
        })
        .collect();
    // Shares and leverage pair each funder's draws with the total's, so they are taken
    // before the total is summarised (which reorders it).
    let shared = funder_reports(model, plan, base, opts, &inv, funder_columns);
    let npv: Vec<f64> = pv.iter().zip(&inv).map(|(p, i)| p - i).collect();
    let (columns, draws) = if keep {
        let columns = vec![ratio.clone(), pv.clone(), inv.clone(), npv];
        let draws = HeadlineDraws {
            ratio,
            present_value: pv,
            investment: inv,
        };
        (columns, Some(draws))
    } else {
        (vec![ratio, pv, inv, npv], None)
    };
    let [ratio, present_value, investment, npv]: [Summary; 4] =
        summarise_all(columns, opts.ci_level)
            .try_into()
            .expect("four headline summaries");
    let base_case = BaseCase::from_lanes(plan, base);
    // A sole funder bears the whole investment: its summary is the total's.
    let funders = shared.unwrap_or_else(|| {
        model
            .funders
            .iter()
            .map(|name| FunderReport {
                name: name.clone(),
                base_case: base_case.investment,
                investment,
                share: 1.0,
                leverage: Some(1.0),
                attributed_present_value: 0.0,
            })
            .collect()
    });
    let funders = funders
        .into_iter()
        .map(|f| FunderReport {
            attributed_present_value: present_value.mean * f.share,
            ..f
        })
        .collect();
    let headline = Headline {
        base_case,
        expected: Expected::of(present_value.mean, investment.mean),
        ratio,
        present_value,
        investment,
        npv,
        prob_ratio_above_1,
        funders,
        acceptability,
        weighted,
    };
    (headline, draws)
}

/// The weighted figures from the weighted present value's draws beside the investment's.
fn weighted(plan: &Plan, base: &Lanes, inv: &[f64], pv: Vec<f64>, level: f64) -> Weighted {
    let ratio: Vec<f64> = pv.iter().zip(inv).map(|(p, i)| p / i).collect();
    let npv: Vec<f64> = pv.iter().zip(inv).map(|(p, i)| p - i).collect();
    let prob_ratio_above_1 = share_above(&ratio, 1.0);
    let expected_ratio = mean_sd(&pv).0 / mean_sd(inv).0;
    let [present_value, ratio, npv]: [Summary; 3] = summarise_all(vec![pv, ratio, npv], level)
        .try_into()
        .expect("three weighted summaries");
    let present = plan.weighted_present_value(base, 0);
    let investment = base.totals(0).investment;
    Weighted {
        base_case: WeightedBase {
            present_value: present,
            ratio: present / investment,
            npv: present - investment,
        },
        present_value,
        ratio,
        npv,
        expected_ratio,
        prob_ratio_above_1,
    }
}

/// Each funder's investment, share and leverage, from each funder's draws (`columns`)
/// beside the total's; `None` when there are no such columns (a sole funder).
fn funder_reports(
    model: &Model,
    plan: &Plan,
    base: &Lanes,
    opts: &RunOptions,
    total: &[f64],
    columns: Vec<Vec<f64>>,
) -> Option<Vec<FunderReport>> {
    if columns.is_empty() {
        return None;
    }
    let reports = columns
        .into_par_iter()
        .enumerate()
        .map(|(f, mut own)| {
            let shares: Vec<f64> = own.iter().zip(total).map(|(x, t)| x / t).collect();
            let leverage = own
                .iter()
                .all(|&x| x > 0.0)
                .then(|| {
                    mean_sd(
                        &own.iter()
                            .zip(total)
                            .map(|(x, t)| t / x)
                            .collect::<Vec<_>>(),
                    )
                    .0
                })
                // A funder whose share is all but nothing (1e-310 of it) brings a leverage
                // beyond any float: there is no figure to report.
                .filter(|l| l.is_finite() && *l <= MAX_FIGURE);
            FunderReport {
                name: model.funders[f].clone(),
                base_case: plan.funder_investment(base, f, 0),
                share: mean_sd(&shares).0,
                leverage,
                attributed_present_value: 0.0,
                investment: Summary::of(&mut own, opts.ci_level),
            }
        })
        .collect();
    Some(reports)
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
    /// For a scenario: the model it changes, and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub based_on: Option<BasedOn>,
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
    /// The totals, funders and acceptability.
    #[serde(flatten)]
    pub headline: Headline,
    /// Value by outcome.
    pub outcomes: Vec<OutcomeReport>,
    /// Value by stakeholder.
    pub stakeholders: Vec<StakeholderReport>,
}

/// Samples a model and summarises it.
pub fn run(loaded: &Loaded, plan: &Plan, opts: &RunOptions) -> Result<RunReport, Error> {
    let model = &loaded.model;
    let n = opts.iterations;
    // A stakeholder with one outcome has that outcome's draws: no column of its own.
    // (Found in one sweep: a model may have as many stakeholders as outcomes.)
    let mut sole: Vec<(usize, Option<usize>)> = vec![(0, None); plan.n_stakeholders()];
    for (o, &s) in plan.outcome_stakeholders().iter().enumerate() {
        sole[s] = (sole[s].0 + 1, Some(o));
    }
    let only_outcome = |s: usize| match sole[s] {
        (1, o) => o,
        _ => None,
    };
    let shared: Vec<usize> = (0..plan.n_stakeholders())
        .filter(|&s| only_outcome(s).is_none())
        .collect();
    let breakdown: Vec<Column> = (0..plan.n_outcomes())
        .map(Column::Outcome)
        .chain(shared.iter().map(|&s| Column::Stakeholder(s)))
        .collect();
    let per_pass = opts.columns_per_pass(4);

    // Pass 1: the headline columns and as much of the breakdown as fits beside them.
    let mut columns = headline_columns(plan);
    let h = columns.len();
    let first = breakdown.len().min(per_pass.saturating_sub(h + 1));
    let passes = 1 + (breakdown.len() - first).div_ceil(per_pass);
    columns.extend_from_slice(&breakdown[..first]);
    let mut stored = simulate(plan, &opts.sim(1, passes), &columns)
        .map_err(|b| breach_error(model, opts, &b))?;
    let mut summaries = summarise_all(stored.split_off(h), opts.ci_level);
    let base = base_lanes(plan);
    let (headline, _) = headline(model, plan, &base, opts, stored, false);

    // Later passes: the rest of the breakdown, a budget's worth at a time.
    for (i, chunk) in breakdown[first..].chunks(per_pass).enumerate() {
        let stored = simulate(plan, &opts.sim(i + 2, passes), chunk)
            .map_err(|b| breach_error(model, opts, &b))?;
        summaries.extend(summarise_all(stored, opts.ci_level));
    }

    let (base_outcomes, base_stakeholders) = base_breakdown(plan, &base);
    let total = headline.present_value.mean;
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
                    // `shared` is ascending: found by bisection.
                    summaries[k + shared.binary_search(&s).expect("a column of its own")]
                }
            };
            StakeholderReport {
                name: name.clone(),
                base_case: base_stakeholders[s],
                present_value: summary,
                share: share(summary.mean),
                weight: model
                    .is_weighted()
                    .then(|| model.weights[s].map_or(1.0, |w| w.value)),
            }
        })
        .collect();
    Ok(RunReport {
        model: model.name.clone(),
        file: loaded.file.clone(),
        description: model.description.clone(),
        based_on: BasedOn::of(loaded),
        currency: model.currency.clone(),
        price_year: model.price_year,
        iterations: n,
        seed: opts.seed,
        ci_level: opts.ci_level,
        headline,
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

/// The base case's present value by outcome and by stakeholder.
fn base_breakdown(plan: &Plan, lanes: &Lanes) -> (Vec<f64>, Vec<f64>) {
    let outcomes: Vec<f64> = (0..plan.n_outcomes())
        .map(|o| lanes.outcome_pv(o, 0))
        .collect();
    let mut stakeholders = vec![0.0; plan.n_stakeholders()];
    for (pv, &s) in outcomes.iter().zip(plan.outcome_stakeholders()) {
        stakeholders[s] += pv;
    }
    (outcomes, stakeholders)
}

/// Advice for a draw whose arithmetic overflowed.
const OVERFLOW: &str = "The figures are beyond what floating point can hold: write money in thousands or \
    millions, bring a discount rate near -1 or a very wide distribution within reason";

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
                    "in {} of {} draws, {} was {} (first at draw {first}: {}), but it must be {}; it is defined as {}",
                    group_thousands(count),
                    group_thousands(n as u64),
                    quantity.name,
                    if value.is_finite() { "out of range" } else { "not a finite number" },
                    num(value),
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
                    "in {} of {} draws the investment was not positive, or beyond {} (first at draw {first}: {}); the SROI ratio divides by it. {}",
                    group_thousands(count),
                    group_thousands(n as u64),
                    num(MAX_FIGURE),
                    num(value),
                    if varying.is_empty() {
                        "The inputs are fixed, so the discount rate must be what makes them so.".to_string()
                    } else {
                        format!("Inputs that vary: {}", varying.join("; "))
                    }
                )
            }
            Breach::Outcome(o) => format!(
                "in {} of {} draws the present value of outcome \"{}\" overflowed (first at draw {first}: {}). {OVERFLOW}",
                group_thousands(count),
                group_thousands(n as u64),
                model.outcomes[o].name,
                num(value),
            ),
            Breach::Total => format!(
                "in {} of {} draws the outcomes' present values added up (in magnitude) beyond {}, the largest figure sroi computes with (first at draw {first}: {}). {OVERFLOW}",
                group_thousands(count),
                group_thousands(n as u64),
                num(MAX_FIGURE),
                num(value),
            ),
            Breach::Ratio => format!(
                "in {} of {} draws the ratio was beyond {}, the largest figure sroi computes with (first at draw {first}: {}): the investment was too small to divide by. {OVERFLOW}",
                group_thousands(count),
                group_thousands(n as u64),
                num(MAX_FIGURE),
                num(value),
            ),
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
