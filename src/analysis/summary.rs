//! A run's results: the base case and the Monte Carlo summaries, as one struct.
//!
//! [`RunReport`] is the single source of truth for every output format. Building it takes
//! two passes over the draws whatever their number (see `stream`), keeping only tallies:
//! memory does not grow with `-n`, and a pass may be split into shards run anywhere.

use serde::Serialize;

use crate::analysis::ledger::{self, Ledger};
use crate::analysis::precision::{Between, Inputs, MonteCarloError, SummaryBounds};
use crate::analysis::series::{HeadlineSeries, RunSeries};
use crate::analysis::stats::Summary;
use crate::analysis::stream::{Finished, Series, Source, summarise};
use crate::error::Error;
use crate::model::checked::{Model, QId};
use crate::model::load::Loaded;
use crate::model::num::num;
use crate::model::plan::{Lanes, MAX_FIGURE, Plan};
use crate::model::sroi::{Totals, discounted_payback_months};
use crate::sample::engine::{Breach, Breaches, Column, SimOptions};
use crate::sample::lhs::{Method, Sampling};

/// The ratios an acceptability curve is read at when none are given.
pub const DEFAULT_THRESHOLDS: [f64; 4] = [1.0, 2.0, 3.0, 5.0];

/// How to run a model: draws, seed, threads, interval, thresholds. ("Options" are the
/// models a comparison weighs; these are settings.)
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// Number of draws.
    pub iterations: usize,
    /// The seed.
    pub seed: u64,
    /// Plain random draws or a Latin hypercube per block (`--sampling`).
    pub sampling: Method,
    /// Threads (`None`: all cores).
    pub threads: Option<usize>,
    /// Interval level, e.g. 0.95.
    pub ci_level: f64,
    /// Show a progress bar.
    pub progress: bool,
    /// Ratios at which to report the chance of reaching them (ascending).
    pub thresholds: Vec<f64>,
}

impl RunSettings {
    /// The engine's options for pass `pass` of `passes`.
    pub fn sim(&self, pass: usize, passes: usize) -> SimOptions {
        SimOptions {
            iterations: self.iterations,
            seed: self.seed,
            sampling: self.sampling,
            threads: self.threads,
            progress: self.progress,
            pass: (pass, passes),
        }
    }

    /// How the uniforms of this run's draws are made.
    pub fn uniforms(&self) -> Sampling {
        self.sampling.of(self.iterations)
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
    /// The ratio before the optimism-bias correction of confidence grades (the figures
    /// above are after it); only when a grade changes a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio_before_optimism_bias: Option<f64>,
    /// Months until cumulative discounted value overtakes cumulative discounted investment
    /// for good (spec §9); `null` if it has not by the last year counted.
    pub discounted_payback_months: Option<f64>,
}

impl BaseCase {
    /// The base case of a model's plan, with the ratio before optimism bias when a
    /// confidence grade changes a value.
    pub fn of_model(model: &Model, plan: &Plan) -> BaseCase {
        BaseCase {
            ratio_before_optimism_bias: ratio_before_optimism_bias(model),
            ..BaseCase::of(plan)
        }
    }

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
            ratio_before_optimism_bias: None,
            discounted_payback_months: discounted_payback_months(&value, &investment),
        }
    }
}

/// The base-case ratio without the optimism-bias correction, if a confidence grade
/// changes any value.
pub fn ratio_before_optimism_bias(model: &Model) -> Option<f64> {
    model
        .has_optimism_bias()
        .then(|| BaseCase::of(&Plan::new(&model.without_optimism_bias())).ratio)
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
    /// How far the figures above could move with other draws (95%).
    pub monte_carlo_error: MonteCarloError,
}

/// The columns a headline needs: ratio, present value, investment, and each funder's
/// investment when there is more than one funder (one funder bears it all).
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

/// The headline series of `plan` under `opts` (see `series`).
pub fn headline_series(plan: &Plan, opts: &RunSettings) -> HeadlineSeries {
    HeadlineSeries {
        funders: if plan.n_funders() > 1 {
            plan.n_funders()
        } else {
            0
        },
        thresholds: opts.thresholds.clone(),
        weighted: plan.is_weighted(),
        lhs: opts.sampling == Method::Lhs,
    }
}

/// The spread of a Latin hypercube's headline means between blocks, from the bounds of
/// its series (`None` for random draws, or with fewer than two blocks).
fn between(series: &HeadlineSeries, bounds: &[SummaryBounds]) -> Option<Between> {
    type S = HeadlineSeries;
    let at = series.above_1_slot()?;
    let v = |i: usize| bounds[i].mean_variance;
    Some(Between {
        blocks: bounds[S::RATIO].blocks,
        ratio: v(S::RATIO)?,
        present_value: v(S::PRESENT_VALUE)?,
        investment: v(S::INVESTMENT)?,
        npv: v(S::NPV)?,
        above_1: v(at)?,
    })
}

/// The headline from the summaries and counts of its series (in the order of
/// [`HeadlineSeries`]), with the base case read from `base` ([`base_lanes`]).
pub fn build_headline(
    model: &Model,
    plan: &Plan,
    base: &Lanes,
    opts: &RunSettings,
    summaries: &[Summary],
    bounds: &[SummaryBounds],
    counts: &[u64],
) -> Headline {
    let n = opts.iterations as f64;
    let share = |count: u64| count as f64 / n;
    let acceptability = opts
        .thresholds
        .iter()
        .zip(&counts[1..])
        .map(|(&threshold, &count)| Acceptability {
            threshold,
            probability: share(count),
        })
        .collect();
    let base_case = BaseCase {
        ratio_before_optimism_bias: ratio_before_optimism_bias(model),
        ..BaseCase::from_lanes(plan, base)
    };
    type S = HeadlineSeries;
    let investment = summaries[S::INVESTMENT];
    let nonpositive = &counts[1 + opts.thresholds.len()..];
    let funders: Vec<FunderReport> = if plan.n_funders() > 1 {
        model
            .funders
            .iter()
            .enumerate()
            .map(|(f, name)| FunderReport {
                name: name.clone(),
                base_case: plan.funder_investment(base, f, 0),
                investment: summaries[S::funder(f).investment],
                share: summaries[S::funder(f).share].mean,
                leverage: (nonpositive[f] == 0)
                    .then_some(summaries[S::funder(f).leverage].mean)
                    .filter(|l| l.is_finite()),
                attributed_present_value: 0.0,
            })
            .collect()
    } else {
        // A sole funder bears the whole investment: its summary is the total's.
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
    };
    let present_value = summaries[S::PRESENT_VALUE];
    let funders = funders
        .into_iter()
        .map(|f| FunderReport {
            attributed_present_value: present_value.mean * f.share,
            ..f
        })
        .collect();
    let monte_carlo_error = MonteCarloError::of(&Inputs {
        n: opts.iterations as u64,
        ratio: &summaries[S::RATIO],
        ratio_bounds: &bounds[0],
        present_value: &present_value,
        investment: &investment,
        npv: &summaries[S::NPV],
        above_1: counts[0],
        between: between(&headline_series(plan, opts), bounds),
    });
    Headline {
        base_case,
        expected: Expected::of(present_value.mean, investment.mean),
        ratio: summaries[S::RATIO],
        present_value,
        investment,
        npv: summaries[S::NPV],
        prob_ratio_above_1: share(counts[0]),
        funders,
        acceptability,
        weighted: plan.is_weighted().then(|| {
            let [pv_at, ratio_at, npv_at] = headline_series(plan, opts).weighted_slots();
            let (present_value, ratio, npv) =
                (summaries[pv_at], summaries[ratio_at], summaries[npv_at]);
            let present = plan.weighted_present_value(base, 0);
            let invested = base.totals(0).investment;
            Weighted {
                base_case: WeightedBase {
                    present_value: present,
                    ratio: present / invested,
                    npv: present - invested,
                },
                present_value,
                ratio,
                npv,
                expected_ratio: present_value.mean / investment.mean,
                prob_ratio_above_1: share(counts[counts.len() - 1]),
            }
        }),
        monte_carlo_error,
    }
}

/// Everything `sroi run` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunReport {
    /// The model's name.
    pub model: String,
    /// The file it was read from.
    pub file: String,
    /// `forecast` or `evaluation` (`[model] kind`): titles say "Forecast SROI" or
    /// "Evaluative SROI".
    pub kind: crate::model::checked::Kind,
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
    /// How the draws' random numbers were spread: `random` or `lhs` (a Latin hypercube
    /// within each block of draws).
    pub sampling: Method,
    /// Interval level.
    pub ci_level: f64,
    /// The totals, funders and acceptability.
    #[serde(flatten)]
    pub headline: Headline,
    /// Value by outcome.
    pub outcomes: Vec<OutcomeReport>,
    /// Value by stakeholder.
    pub stakeholders: Vec<StakeholderReport>,
    /// The library proxies the model uses, with their sources (none: omitted).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proxies: Vec<crate::model::proxy::resolve::ProxyUse>,
    /// The funder's ledger: fiscal, economic and social value, who pays and who saves.
    pub ledger: Ledger,
}

/// What `run` samples of `plan`: the engine columns and the series made of them.
pub struct RunJob {
    /// The headline's columns, then the breakdown's.
    pub columns: Vec<Column>,
    /// The series and events.
    pub series: RunSeries,
    /// The stakeholders with more than one outcome, which have a column of their own.
    shared: Vec<usize>,
    /// Where the ledger's columns start among the breakdown's.
    ledger_at: usize,
}

impl RunJob {
    /// The job for `plan` under `opts`.
    pub fn new(plan: &Plan, opts: &RunSettings) -> RunJob {
        let shared: Vec<usize> = (0..plan.n_stakeholders())
            .filter(|&s| only_outcome(plan, s).is_none())
            .collect();
        let mut columns = headline_columns(plan);
        columns.extend((0..plan.n_outcomes()).map(Column::Outcome));
        columns.extend(shared.iter().map(|&s| Column::Stakeholder(s)));
        let ledger_at = plan.n_outcomes() + shared.len();
        let ledger = ledger::columns(plan);
        let breakdown = ledger_at + ledger.len();
        columns.extend(ledger);
        let series = RunSeries {
            headline: headline_series(plan, opts),
            breakdown,
        };
        RunJob {
            columns,
            series,
            shared,
            ledger_at,
        }
    }
}

/// A stakeholder with one outcome has that outcome's draws: no column of its own.
fn only_outcome(plan: &Plan, s: usize) -> Option<usize> {
    let mut of_s = (0..plan.n_outcomes()).filter(|&o| plan.outcome_stakeholders()[o] == s);
    match (of_s.next(), of_s.next()) {
        (Some(o), None) => Some(o),
        _ => None,
    }
}

/// Samples a model and summarises it: two passes over the draws (see `stream`).
pub fn run(loaded: &Loaded, plan: &Plan, opts: &RunSettings) -> Result<RunReport, Error> {
    let job = RunJob::new(plan, opts);
    let sources = [Source {
        plan,
        columns: job.columns.clone(),
    }];
    let finished = summarise_files(&sources, &job.series, std::slice::from_ref(loaded), opts)?;
    Ok(run_report(loaded, plan, opts, &job, &finished))
}

/// Both passes over `opts.iterations` draws of `sources` (one per file of `files`, in
/// order), a draw that breaks a rule reported against the file it came from.
pub fn summarise_files(
    sources: &[Source],
    series: &dyn Series,
    files: &[Loaded],
    opts: &RunSettings,
) -> Result<Finished, Error> {
    summarise(
        sources,
        series,
        opts.iterations,
        opts.seed,
        opts.uniforms(),
        opts.ci_level,
        opts.threads,
        opts.progress,
    )
    .map_err(|(i, b)| breach_error(&files[i].model, opts, &b))
}

/// The report of a run from its finished series.
pub fn run_report(
    loaded: &Loaded,
    plan: &Plan,
    opts: &RunSettings,
    job: &RunJob,
    finished: &Finished,
) -> RunReport {
    let model = &loaded.model;
    let base = base_lanes(plan);
    let h = job.series.headline.kinds().len();
    let headline = build_headline(
        model,
        plan,
        &base,
        opts,
        &finished.summaries[..h],
        &finished.bounds[..h],
        &finished.counts,
    );
    let summaries = &finished.summaries[h..];
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
            let summary = match only_outcome(plan, s) {
                Some(o) => summaries[o],
                None => {
                    summaries[k + job
                        .shared
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
                weight: model
                    .is_weighted()
                    .then(|| model.weights[s].map_or(1.0, |w| w.value)),
            }
        })
        .collect();
    let ledger = ledger::build(
        model,
        plan,
        &base,
        &summaries[job.ledger_at..],
        &headline.investment,
    );
    RunReport {
        model: model.name.clone(),
        file: loaded.file.clone(),
        kind: model.kind,
        description: model.description.clone(),
        based_on: BasedOn::of(loaded),
        currency: model.currency.clone(),
        price_year: model.price_year,
        iterations: opts.iterations,
        seed: opts.seed,
        sampling: opts.sampling,
        ci_level: opts.ci_level,
        headline,
        outcomes,
        stakeholders,
        proxies: loaded.proxies.clone(),
        ledger,
    }
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
pub fn breach_error(model: &Model, opts: &RunSettings, breaches: &Breaches) -> Error {
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
