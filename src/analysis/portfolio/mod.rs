//! `sroi portfolio`: which schemes, and how many of each, a fund should buy with its budget.
//!
//! Every candidate is sampled on the same draws (each quantity's draws depend only on the
//! seed, its name and the draw: common random numbers, as in `compare`), so the portfolio's
//! NPV in draw d is Σ units × the candidate's NPV in draw d, and its interval, its chance
//! of a positive NPV and its ratio are those of that sum, not of independent pieces.
//! Several units of one candidate share its draws: copies of a scheme are as uncertain
//! together as the scheme is.
//!
//! The choice: whole units within the budget, measured against each candidate's mean
//! discounted investment, maximising the objective. Expected NPV and expected weighted NPV
//! are sums over units, searched exactly by `knapsack`; the chance of a positive NPV and a
//! low percentile of NPV are not, and are searched by `risk` on the draws themselves.
//!
//! Memory: for the expected-NPV objectives each candidate, and then the chosen mix, is
//! streamed through the tallies `run` uses (`stream`, `series`), so memory grows with
//! neither the draws nor the candidates; the risk searches keep every candidate's NPV
//! draws and refuse beyond [`RISK_SEARCH_MEMORY`].

pub mod knapsack;
pub mod risk;
mod series;

use std::str::FromStr;

use serde::Serialize;

use crate::analysis::stats::Summary;
use crate::analysis::stream::{Source, on_threads, summarise, summarise_on, summarise_stored};
use crate::analysis::summary::{RunSettings, breach_error};
use crate::error::Error;
use crate::model::plan::Plan;
use crate::model::portfolio::Portfolio;
use crate::sample::engine::{Breaches, progress_bar, simulate};
use crate::sample::lhs::Method;
use knapsack::{Item, best_mix};
use risk::{DrawItem, DrawObjective, best_mix_by_draws};
use series::{CandidateSeries, MixSeries, columns};

/// How many budgets the frontier is read at (equal steps up to the budget).
pub const FRONTIER_POINTS: usize = 20;

/// Draws × nodes the risk search may spend before it stops and says so.
pub const RISK_SEARCH_WORK: u64 = 2_000_000_000;

/// The most bytes a draw-based search may hold (draws and bound tables).
pub const RISK_SEARCH_MEMORY: u64 = 1 << 30;

/// What the portfolio maximises.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// Expected total NPV (the default).
    Npv,
    /// Expected total NPV with each stakeholder's value times their distributional weight.
    WeightedNpv,
    /// The chance the portfolio's NPV is above 0 (ties: higher expected NPV).
    ProbPositive,
    /// This percentile of the portfolio's NPV, e.g. 10 (ties: higher expected NPV).
    Percentile(u8),
    /// Expected fiscal value (savings to public budgets) less expected public investment:
    /// what a public funder bound to its own budgets maximises.
    Fiscal,
}

impl FromStr for Objective {
    type Err = String;
    fn from_str(s: &str) -> Result<Objective, String> {
        match s {
            "npv" => Ok(Objective::Npv),
            "weighted-npv" => Ok(Objective::WeightedNpv),
            "prob-positive" => Ok(Objective::ProbPositive),
            "fiscal" => Ok(Objective::Fiscal),
            _ => match s.strip_prefix('p').and_then(|p| p.parse::<u8>().ok()) {
                Some(p) if (1..=50).contains(&p) => Ok(Objective::Percentile(p)),
                _ => Err(format!(
                    "`{s}` is not an objective; choose npv (expected NPV), weighted-npv (expected NPV with distributional weights), fiscal (expected fiscal value less public investment), prob-positive (the chance NPV > 0) or pN, a low percentile of NPV from p1 to p50 (e.g. p10)"
                )),
            },
        }
    }
}

impl Objective {
    /// Its name on the command line.
    pub fn name(self) -> String {
        match self {
            Objective::Npv => "npv".into(),
            Objective::WeightedNpv => "weighted-npv".into(),
            Objective::ProbPositive => "prob-positive".into(),
            Objective::Percentile(p) => format!("p{p}"),
            Objective::Fiscal => "fiscal".into(),
        }
    }

    /// What it maximises, in words.
    pub fn describe(self) -> String {
        match self {
            Objective::Npv => "expected net present value".into(),
            Objective::WeightedNpv => {
                "expected net present value with distributional weights".into()
            }
            Objective::ProbPositive => "the chance the net present value is above 0".into(),
            Objective::Percentile(p) => format!("the {p}th percentile of net present value"),
            Objective::Fiscal => {
                "expected fiscal value (savings to public budgets) net of public investment".into()
            }
        }
    }

    fn draws(self) -> Option<DrawObjective> {
        match self {
            Objective::ProbPositive => Some(DrawObjective::ProbPositive),
            Objective::Percentile(p) => Some(DrawObjective::Percentile(f64::from(p) / 100.0)),
            _ => None,
        }
    }
}

/// One candidate's figures and how many units of it the portfolio funds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateReport {
    /// The file, as the portfolio names it.
    pub file: String,
    /// The model's or scenario's name.
    pub name: String,
    /// `forecast` or `evaluation` (`[model] kind`).
    pub kind: crate::model::checked::Kind,
    /// Units funded (possibly 0).
    pub units: u32,
    /// The most units allowed.
    pub max_units: u32,
    /// Discounted investment of one unit over the draws; its mean is the unit's cost.
    pub investment: Summary,
    /// Net present value of one unit over the draws.
    pub npv: Summary,
    /// Expected NPV per pound of expected investment: what each extra pound spent on a
    /// unit of it adds to the expected total.
    pub npv_per_pound: f64,
    /// Weighted NPV of one unit, when the candidate has distributional weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_npv: Option<Summary>,
    /// Expected weighted NPV per pound, when the candidate has weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted_npv_per_pound: Option<f64>,
    /// Fiscal value less public investment over the draws, under the fiscal objective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_net: Option<Summary>,
    /// One unit's funder's ledger: fiscal, economic and social value, who pays and who
    /// saves (as `run` reports it for the candidate's file).
    pub ledger: crate::analysis::ledger::Ledger,
}

/// The portfolio's weighted figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeightedTotal {
    /// Weighted present value over the draws.
    pub present_value: Summary,
    /// Weighted NPV over the draws.
    pub npv: Summary,
    /// Weighted ratio over the draws (`null` for an empty portfolio).
    pub ratio: Option<Summary>,
    /// The share of draws whose weighted NPV is above 0.
    pub prob_npv_above_0: f64,
}

/// The chosen portfolio's figures, summed draw by draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    /// Units funded in all.
    pub units: u32,
    /// Σ units × mean investment: what the budget is measured against.
    pub spent: f64,
    /// Total discounted investment over the draws.
    pub investment: Summary,
    /// Total present value over the draws.
    pub present_value: Summary,
    /// Total NPV over the draws.
    pub npv: Summary,
    /// The means of the draws' totals, and their ratio.
    pub expected: TotalExpected,
    /// Total present value / total investment over the draws (`null` when empty).
    pub ratio: Option<Summary>,
    /// The share of draws whose total NPV is above 0.
    pub prob_npv_above_0: f64,
    /// The same with distributional weights, when any candidate has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weighted: Option<WeightedTotal>,
}

/// The expected totals of the chosen mix: means over the draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TotalExpected {
    /// Mean total present value.
    pub present_value: f64,
    /// Mean total investment.
    pub investment: f64,
    /// Mean total NPV.
    pub npv: f64,
    /// Mean present value / mean investment: the expected ratio (`null` when nothing is
    /// chosen).
    pub ratio: Option<f64>,
}

/// One point of the frontier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FrontierPoint {
    /// A budget.
    pub budget: f64,
    /// The best expected NPV within it.
    pub expected_npv: f64,
    /// What that best mix spends (Σ units × mean investment).
    pub spent: f64,
}

/// How the mix was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchReport {
    /// The method, in words.
    pub method: String,
    /// Nodes of the search tree visited.
    pub nodes: u64,
    /// Whether the mix is proven best (always, unless a risk search reached its limit).
    pub proven_optimal: bool,
}

/// Everything `sroi portfolio` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioReport {
    /// The price year every money figure is at (spec §15): the files' common one after
    /// rebasing, `null` when none gives one.
    pub price_year: Option<i64>,
    /// The portfolio's name.
    pub name: String,
    /// The portfolio file.
    pub file: String,
    /// Its description, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The budget.
    pub budget: f64,
    /// The objective's name (`npv`, `weighted-npv`, `prob-positive`, `p10`, ...).
    pub objective: String,
    /// The objective of the chosen mix.
    pub objective_value: f64,
    /// Number of draws of every candidate.
    pub iterations: usize,
    /// The seed.
    pub seed: u64,
    /// How the draws' random numbers were spread: `random` or `lhs` (a Latin hypercube
    /// within each block of draws).
    pub sampling: Method,
    /// Interval level.
    pub ci_level: f64,
    /// The currency every candidate is valued in.
    pub currency: String,
    /// How the mix was found.
    pub search: SearchReport,
    /// Things to bear in mind (an empty portfolio says why here).
    pub notes: Vec<String>,
    /// Every candidate, in file order.
    pub candidates: Vec<CandidateReport>,
    /// The chosen mix's totals.
    pub total: Total,
    /// The best expected NPV at equal steps of budget up to the given one.
    pub frontier: Vec<FrontierPoint>,
}

/// One candidate's draws as the search needs them.
struct Sampled {
    report: CandidateReport,
    /// NPV per draw: kept only for a search on the draws (a risk objective).
    draws: Vec<f64>,
}

/// Samples every candidate on the same draws and chooses the best mix.
pub fn portfolio(
    p: &Portfolio,
    opts: &RunSettings,
    objective: Objective,
) -> Result<PortfolioReport, Error> {
    let currency = p.candidates[0].loaded.model.currency.clone();
    if let Some(other) = p
        .candidates
        .iter()
        .find(|c| c.loaded.model.currency != currency)
    {
        return Err(Error::Usage(format!(
            "{} is valued in {} and {} in {}; a portfolio adds them up, so convert one first",
            p.candidates[0].file, currency, other.file, other.loaded.model.currency
        )));
    }
    let n = opts.iterations;
    let keep = objective.draws().is_some();
    let fiscal = objective == Objective::Fiscal;
    let count = p.candidates.len();
    // A draw-based search holds every candidate's draws (8 bytes) and two bound tables
    // (4 bytes each) per draw: refuse before sampling rather than run out of memory.
    let needed = (count as u128 + 1) * n as u128 * 16;
    if keep && needed > RISK_SEARCH_MEMORY as u128 {
        return Err(Error::Usage(format!(
            "the {} objective keeps every candidate's draws: {} candidates at {} draws need about {} MB, more than the {} MB allowed; use fewer draws (-n) or the npv objective",
            objective.name(),
            count,
            crate::analysis::summary::group_thousands(n as u64),
            needed >> 20,
            RISK_SEARCH_MEMORY >> 20
        )));
    }
    let plans: Vec<Plan> = p
        .candidates
        .iter()
        .map(|c| Plan::new(&c.loaded.model))
        .collect();
    let weighted: Vec<bool> = p
        .candidates
        .iter()
        .map(|c| c.loaded.model.is_weighted())
        .collect();
    // The summaries: each candidate streamed in turn on the same draws, in flat memory;
    // or, for a search on the draws, each candidate's draws kept and summarised in place
    // (the same numbers, bit for bit).
    let mut finished = Vec::with_capacity(count);
    let mut kept = Vec::with_capacity(count);
    on_threads(opts.threads, || {
        let bar = (opts.progress && !keep).then(|| progress_bar((n * count) as u64));
        for (i, (c, plan)) in p.candidates.iter().zip(&plans).enumerate() {
            let ledger = crate::analysis::ledger::columns(plan);
            let one = CandidateSeries {
                weighted: vec![weighted[i]],
                fiscal,
                ledgers: vec![ledger.len()],
            };
            let mut drawn = columns(weighted[i], fiscal);
            drawn.extend(ledger);
            let breach = |b: &Breaches| breach_error(&c.loaded.model, opts, b);
            if keep {
                let stored =
                    simulate(plan, &opts.sim(i + 1, count + 1), &drawn).map_err(|b| breach(&b))?;
                let done = summarise_stored(&one, std::slice::from_ref(&stored), opts.ci_level);
                finished.extend(done.summaries);
                // NPV per draw: present value less investment.
                kept.push(
                    stored[1]
                        .iter()
                        .zip(&stored[0])
                        .map(|(v, i)| v - i)
                        .collect(),
                );
            } else {
                let source = Source {
                    plan,
                    columns: drawn,
                };
                let done = summarise_on(
                    &[source],
                    &one,
                    n,
                    opts.seed,
                    opts.uniforms(),
                    opts.ci_level,
                    bar.as_ref(),
                )
                .map_err(|(_, b)| breach(&b))?;
                finished.extend(done.summaries);
                kept.push(Vec::new());
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        Ok::<(), Error>(())
    })?;
    let mut summaries = finished.into_iter();
    let mut sampled = Vec::with_capacity(count);
    for (((c, plan), &w), draws) in p.candidates.iter().zip(&plans).zip(&weighted).zip(kept) {
        let mut next = || summaries.next().expect("a summary per series");
        let (investment, npv_summary) = (next(), next());
        let weighted_summary = w.then(&mut next);
        let fiscal_summary = fiscal.then(&mut next);
        let ledger_summaries: Vec<Summary> = (0..crate::analysis::ledger::columns(plan).len())
            .map(|_| next())
            .collect();
        let ledger = crate::analysis::ledger::build(
            &c.loaded.model,
            plan,
            &crate::analysis::summary::base_lanes(plan),
            &ledger_summaries,
            &investment,
        );
        sampled.push(Sampled {
            report: CandidateReport {
                file: c.file.clone(),
                name: c.loaded.model.name.clone(),
                kind: c.loaded.model.kind,
                units: 0,
                max_units: c.max_units,
                investment,
                npv: npv_summary,
                npv_per_pound: npv_summary.mean / investment.mean,
                weighted_npv: weighted_summary,
                weighted_npv_per_pound: weighted_summary.map(|w| w.mean / investment.mean),
                fiscal_net: fiscal_summary,
                ledger,
            },
            draws,
        });
    }

    // Each unit's expected value: by the objective, or (for the frontier and the NPV
    // objective) its plain NPV.
    let linear = |by_objective: bool| -> Vec<Item> {
        sampled
            .iter()
            .map(|s| Item {
                value: match (by_objective, s.report.weighted_npv, s.report.fiscal_net) {
                    (true, _, Some(f)) if objective == Objective::Fiscal => f.mean,
                    (true, Some(w), _) => w.mean,
                    _ => s.report.npv.mean,
                },
                cost: s.report.investment.mean,
                max_units: s.report.max_units,
            })
            .collect()
    };
    let npv_items = linear(false);
    let by_npv = best_mix(&npv_items, p.budget);
    let (units, objective_value, search) = match objective {
        Objective::Npv | Objective::WeightedNpv | Objective::Fiscal => {
            let s = if objective == Objective::Npv {
                by_npv.clone()
            } else {
                best_mix(&linear(true), p.budget)
            };
            let search = SearchReport {
                method: "branch and bound over whole units".into(),
                nodes: s.nodes,
                proven_optimal: true,
            };
            (s.units, s.value, search)
        }
        Objective::ProbPositive | Objective::Percentile(_) => {
            let items: Vec<DrawItem<'_>> = sampled
                .iter()
                .map(|s| DrawItem {
                    draws: &s.draws,
                    mean: s.report.npv.mean,
                    cost: s.report.investment.mean,
                    max_units: s.report.max_units,
                })
                .collect();
            let limit = (RISK_SEARCH_WORK / n.max(1) as u64).max(1_000);
            let draw_objective = objective.draws().expect("a draw objective");
            let s = best_mix_by_draws(&items, p.budget, draw_objective, &by_npv.units, limit);
            let search = SearchReport {
                method: format!(
                    "branch and bound on the draws (limit {} nodes)",
                    crate::analysis::summary::group_thousands(limit)
                ),
                nodes: s.nodes,
                proven_optimal: s.proven,
            };
            (s.units, s.objective, search)
        }
    };
    for s in &mut sampled {
        s.draws = Vec::new();
    }

    let mut notes = Vec::new();
    if units.iter().all(|&u| u == 0) {
        notes.push(empty_reason(p, &sampled));
    }
    if !search.proven_optimal {
        notes.push(format!(
            "the search stopped at its limit of {} nodes: this is the best mix found, not proven the best",
            search.nodes
        ));
    }
    let spent = sampled
        .iter()
        .zip(&units)
        .map(|(s, &u)| f64::from(u) * s.report.investment.mean)
        .sum();
    let any_weighted = weighted.iter().any(|&w| w);
    let total = totals(p, &plans, any_weighted, opts, &units, spent)?;
    let frontier = (1..=FRONTIER_POINTS)
        .map(|k| {
            let budget = p.budget * k as f64 / FRONTIER_POINTS as f64;
            let s = best_mix(&npv_items, budget);
            FrontierPoint {
                budget,
                expected_npv: s.value,
                spent: s.cost,
            }
        })
        .collect();
    let candidates = sampled
        .into_iter()
        .zip(&units)
        .map(|(s, &u)| CandidateReport {
            units: u,
            ..s.report
        })
        .collect();
    Ok(PortfolioReport {
        price_year: crate::analysis::compare::common_year(
            p.candidates.iter().map(|c| &c.loaded.model),
        ),
        name: p.name.clone(),
        file: p.file.clone(),
        description: p.description.clone(),
        budget: p.budget,
        objective: objective.name(),
        objective_value,
        iterations: n,
        seed: opts.seed,
        sampling: opts.sampling,
        ci_level: opts.ci_level,
        currency,
        search,
        notes,
        candidates,
        total,
        frontier,
    })
}

/// Why nothing is funded, in a sentence.
fn empty_reason(p: &Portfolio, sampled: &[Sampled]) -> String {
    let cheapest = sampled
        .iter()
        .min_by(|a, b| {
            a.report
                .investment
                .mean
                .total_cmp(&b.report.investment.mean)
        })
        .expect("at least one candidate");
    let cost = cheapest.report.investment.mean;
    if cost > p.budget {
        format!(
            "nothing is funded: the budget of {:.0} is below every candidate's mean investment (the cheapest, \"{}\", costs {:.0} a unit)",
            p.budget, cheapest.report.name, cost
        )
    } else {
        "nothing is funded: no mix within the budget does better on this objective than funding none (no candidate that fits adds to it)".to_string()
    }
}

/// The chosen mix summed draw by draw: each funded candidate sampled again (the same
/// draws) and added in, units times over, a window at a time. `plans`: every candidate's.
fn totals(
    p: &Portfolio,
    plans: &[Plan],
    weighted: bool,
    opts: &RunSettings,
    units: &[u32],
    spent: f64,
) -> Result<Total, Error> {
    let funded: Vec<(usize, u32)> = units
        .iter()
        .enumerate()
        .filter(|&(_, &u)| u > 0)
        .map(|(i, &u)| (i, u))
        .collect();
    let sources: Vec<Source> = funded
        .iter()
        .map(|&(i, _)| Source {
            plan: &plans[i],
            columns: columns(true, false),
        })
        .collect();
    let series = MixSeries {
        units: funded.iter().map(|&(_, u)| f64::from(u)).collect(),
        weighted,
    };
    let n = opts.iterations;
    let finished = summarise(
        &sources,
        &series,
        n,
        opts.seed,
        opts.uniforms(),
        opts.ci_level,
        opts.threads,
        opts.progress,
    )
    .map_err(|(i, b)| breach_error(&p.candidates[funded[i].0].loaded.model, opts, &b))?;
    let share = |count: u64| count as f64 / n as f64;
    let mut summaries = finished.summaries.into_iter();
    let mut next = || summaries.next().expect("a summary per series");
    let empty = funded.is_empty();
    let investment = next();
    let (present_value, npv) = (next(), next());
    let ratio = (!empty).then(&mut next);
    let weighted = series.weighted.then(|| {
        let (present_value, npv) = (next(), next());
        WeightedTotal {
            present_value,
            npv,
            ratio: (!empty).then(&mut next),
            prob_npv_above_0: share(finished.counts[1]),
        }
    });
    let expected = TotalExpected {
        present_value: present_value.mean,
        investment: investment.mean,
        npv: npv.mean,
        ratio: Some(present_value.mean / investment.mean)
            .filter(|r| !empty && investment.mean > 0.0 && r.is_finite()),
    };
    Ok(Total {
        units: units.iter().sum(),
        spent,
        investment,
        present_value,
        npv,
        expected,
        ratio,
        prob_npv_above_0: share(finished.counts[0]),
        weighted,
    })
}
