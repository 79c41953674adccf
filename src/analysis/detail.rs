//! What a written report shows beyond the summaries: every named quantity with its
//! distribution, base value, 5th and 95th percentiles and source (the assumptions
//! table), each outcome's SROI Value Map row with every figure's base and range (the
//! impact map), and the distribution of the ratio (a histogram of every draw).
//!
//! Percentiles of a number or a distribution come from its quantile function, exactly.
//! An expression (`"participants * completion"`) has no quantile function: its
//! percentiles are read from its draws, exactly for up to [`EXPRESSION_DRAWS`] draws and
//! from the first that many beyond (noted in `expression_draws`), so memory stays bounded.
//! The histogram streams every draw.

use serde::Serialize;

use crate::analysis::stats::{Summary, percentiles};
use crate::analysis::summary::{OutcomeReport, RunSettings, base_lanes, breach_error};
use crate::error::Error;
use crate::model::checked::{Def, Duration, Model, QId};
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::sample::engine::{Column, simulate};
use crate::sample::stream::{Source, for_each_chunk};

/// The most draws an expression's percentiles are read from (8 bytes each).
pub const EXPRESSION_DRAWS: usize = 4_000_000;
/// The 5th and 95th percentiles, as sensitivity uses.
const PS: [f64; 2] = [0.05, 0.95];

/// One figure's base value and its 5th and 95th percentiles.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Its value in the base case.
    pub base: f64,
    /// Its 5th percentile.
    pub low: f64,
    /// Its 95th percentile.
    pub high: f64,
}

/// One named quantity, for the assumptions table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// Its stable name (spec §5).
    pub name: String,
    /// Its definition: a number, a distribution or an expression.
    pub distribution: String,
    /// True if it varies from draw to draw.
    pub random: bool,
    /// What kind of figure it is (`share`, `money` or `number`): how its values are shown.
    pub unit: crate::model::unit::Unit,
    /// Base value and percentiles.
    #[serde(flatten)]
    pub spread: Spread,
    /// Where the figure comes from, as the model says (`proxy_source`, or a comment on
    /// the figure's line).
    pub source: Option<String>,
}

/// One outcome as a row of the SROI Value Map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImpactRow {
    /// Who experiences it.
    pub stakeholder: String,
    /// The outcome.
    pub outcome: String,
    /// Units experiencing it.
    pub quantity: Spread,
    /// Financial proxy per unit per year.
    pub value: Spread,
    /// The proxy's source.
    pub value_source: Option<String>,
    /// Deadweight.
    pub deadweight: Spread,
    /// Displacement.
    pub displacement: Spread,
    /// Attribution.
    pub attribution: Spread,
    /// Drop-off.
    pub drop_off: Spread,
    /// Whole years it lasts (a range when the duration is uncertain).
    pub duration: Spread,
    /// First year counted.
    pub start_year: u32,
    /// Present value: base case.
    pub base_case: f64,
    /// Present value over the draws.
    pub present_value: Summary,
}

/// Counts of draws in equal bins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Left edge of the first bin.
    pub start: f64,
    /// Width of every bin.
    pub width: f64,
    /// Draws in each bin (a bin holds its left edge).
    pub counts: Vec<u64>,
    /// Draws left of the first bin.
    pub below: u64,
    /// Draws right of the last bin (and draws that are not numbers).
    pub above: u64,
}

impl Histogram {
    /// No draws yet in bins (start, width, count).
    fn empty((start, width, count): (f64, f64, usize)) -> Histogram {
        Histogram {
            start,
            width,
            counts: vec![0; count],
            below: 0,
            above: 0,
        }
    }

    /// Counts `draws` into the bins.
    fn add(&mut self, draws: &[f64]) {
        let count = self.counts.len() as f64;
        for &d in draws {
            let x = (d - self.start) / self.width;
            if x < 0.0 {
                self.below += 1;
            } else if x < count {
                self.counts[x as usize] += 1;
            } else {
                self.above += 1;
            }
        }
    }

    /// Total draws counted.
    pub fn total(&self) -> u64 {
        self.below + self.above + self.counts.iter().sum::<u64>()
    }

    /// The left edge of bin `i` (`i = counts.len()`: the right edge of the last).
    pub fn edge(&self, i: usize) -> f64 {
        self.start + i as f64 * self.width
    }

    /// The share of draws at least each bin's left edge: exact at the edges.
    pub fn share_at_least(&self) -> Vec<(f64, f64)> {
        let total = self.total().max(1) as f64;
        let mut tail = self.above;
        let mut out: Vec<(f64, f64)> = (0..self.counts.len())
            .rev()
            .map(|i| {
                tail += self.counts[i];
                (self.edge(i), tail as f64 / total)
            })
            .collect();
        out.reverse();
        out
    }
}

/// The prices of a model's figures as written, when the model was rebased beside others to
/// a common price year: its assumptions are at the file's own year, its totals at `basis`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilePrices {
    /// The file's own price year (`None`: the file gives none).
    pub year: Option<i64>,
    /// The common price year of the totals.
    pub basis: i64,
    /// What takes the file's money to the common year's (the GDP deflator's ratio).
    pub factor: f64,
}

impl FilePrices {
    /// Of a model: `Some` only when its money was rebased (`money_factor` other than 1).
    pub fn of(model: &Model) -> Option<FilePrices> {
        let basis = model.price_year?;
        (model.money_factor != 1.0).then_some(FilePrices {
            year: model.file_price_year,
            basis,
            factor: model.money_factor,
        })
    }

    /// One sentence for a table of figures as written.
    pub fn note(&self) -> String {
        let own = self.year.map_or_else(
            || "the file's own".to_string(),
            |y| format!("the file's own {y}"),
        );
        format!(
            "Figures as written, at {own} prices; totals and present values are at {} prices \
             (money × {:.4}).",
            self.basis, self.factor
        )
    }
}

/// The detail of one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelDetail {
    /// Every named quantity, in the model's order.
    pub assumptions: Vec<Assumption>,
    /// The year the assumptions are at, when it is not the totals' (a rebased model).
    pub file_prices: Option<FilePrices>,
    /// Draws an expression's percentiles were read from (fewer than all beyond
    /// [`EXPRESSION_DRAWS`]).
    pub expression_draws: usize,
    /// The distribution of the ratio over every draw.
    pub ratio_histogram: Histogram,
}

/// Works out the detail of a model: a pass for the expressions' percentiles, and one that
/// streams every draw's ratio into bins around `ratio`'s interval and `base_ratio`.
pub fn detail(
    loaded: &Loaded,
    plan: &Plan,
    opts: &RunSettings,
    ratio: &Summary,
    base_ratio: f64,
) -> Result<ModelDetail, Error> {
    let model = &loaded.model;
    let base = base_lanes(plan);
    let expressions: Vec<QId> = (0..model.quantities.len())
        .filter(|&q| matches!(model.quantities[q].def, Def::Expr(_)))
        .collect();
    let expression_draws = opts.iterations.min(EXPRESSION_DRAWS);
    // One pass: the expressions' draws, and the ratio's too when that is every draw.
    let whole = expression_draws == opts.iterations;
    let mut columns: Vec<Column> = expressions.iter().map(|&q| Column::Quantity(q)).collect();
    if whole {
        columns.push(Column::Ratio);
    }
    let mut stored = Vec::new();
    if !columns.is_empty() {
        let mut sim = opts.sim(1, 1);
        sim.iterations = expression_draws;
        sim.progress = false;
        stored = simulate(plan, &sim, &columns).map_err(|b| breach_error(model, opts, &b))?;
    }
    let bins = bins(ratio, base_ratio);
    let ratios = if whole { stored.pop() } else { None };
    let ratio_histogram = match ratios {
        Some(ratios) => {
            let mut h = Histogram::empty(bins);
            h.add(&ratios);
            h
        }
        None => streamed_histogram(plan, opts, bins),
    };
    let expression_percentiles: Vec<[f64; 2]> = stored
        .into_iter()
        .map(|mut c| percentiles(&mut c, PS))
        .collect();
    let sources = sources(loaded);
    let units = crate::model::unit::units(model);
    let assumptions = model
        .quantities
        .iter()
        .enumerate()
        .map(|(q, quantity)| {
            let b = plan.quantity_row(&base, q)[0];
            let (random, [low, high]) = match &quantity.def {
                Def::Dist(d) => (!d.is_fixed(), [d.quantile(PS[0]), d.quantile(PS[1])]),
                Def::Expr(_) => {
                    let i = expressions.iter().position(|&e| e == q).unwrap_or(0);
                    let p = expression_percentiles[i];
                    (p[0] != p[1], p)
                }
            };
            Assumption {
                name: quantity.name.clone(),
                distribution: quantity.describe(),
                random,
                unit: units[q],
                spread: Spread { base: b, low, high },
                source: sources[q].clone(),
            }
        })
        .collect();
    Ok(ModelDetail {
        assumptions,
        file_prices: FilePrices::of(model),
        expression_draws,
        ratio_histogram,
    })
}

/// The impact map: each outcome's figures from the assumptions, its present value from
/// the run.
pub fn impact_map(
    model: &Model,
    assumptions: &[Assumption],
    outcomes: &[OutcomeReport],
) -> Vec<ImpactRow> {
    let zero = Spread {
        base: 0.0,
        low: 0.0,
        high: 0.0,
    };
    let spread = |q: Option<QId>| q.map_or(zero, |q| assumptions[q].spread);
    model
        .outcomes
        .iter()
        .zip(outcomes)
        .map(|(o, r)| ImpactRow {
            stakeholder: model.stakeholders[o.stakeholder].clone(),
            outcome: o.name.clone(),
            quantity: spread(Some(o.quantity)),
            // At the totals' prices: a model rebased beside others scales its money.
            value: {
                let v = spread(Some(o.value));
                Spread {
                    base: v.base * model.money_factor,
                    low: v.low * model.money_factor,
                    high: v.high * model.money_factor,
                }
            },
            value_source: o
                .proxy_source
                .clone()
                .or_else(|| assumptions[o.value].source.clone()),
            deadweight: spread(o.deadweight),
            displacement: spread(o.displacement),
            attribution: spread(o.attribution),
            drop_off: spread(o.drop_off),
            duration: match o.duration {
                Duration::Years(n) => Spread {
                    base: f64::from(n),
                    low: f64::from(n),
                    high: f64::from(n),
                },
                Duration::Random(q) => spread(Some(q)),
            },
            start_year: o.start_year,
            base_case: r.base_case,
            present_value: r.present_value,
        })
        .collect()
}

/// Each quantity's source: an outcome value's `proxy_source`, else a comment written on
/// the line where the figure ends (`value = 42  # HACT 2014`). Comments are read only from
/// a model file itself; a scenario's figures point into more than one file.
fn sources(loaded: &Loaded) -> Vec<Option<String>> {
    let model = &loaded.model;
    let mut out: Vec<Option<String>> = model
        .quantities
        .iter()
        .map(|q| {
            if loaded.scenario.is_some() {
                return None;
            }
            let rest = loaded.source.get(q.origin.span.end..)?;
            let line = rest.lines().next()?.trim_start();
            let comment = line.strip_prefix('#')?.trim();
            (!comment.is_empty()).then(|| comment.to_string())
        })
        .collect();
    for o in &model.outcomes {
        if let Some(s) = &o.proxy_source {
            out[o.value] = Some(s.clone());
        }
    }
    out
}

/// Bins for the ratio: a round width giving about 40 bins over the interval widened by a
/// third on each side (and stretched to hold the base case), so the tails show.
fn bins(ratio: &Summary, base_ratio: f64) -> (f64, f64, usize) {
    let (lo, hi) = (ratio.ci_low, ratio.ci_high);
    let spread = if hi > lo {
        hi - lo
    } else {
        lo.abs().max(1.0) * 0.1
    };
    let mut from = lo - spread / 3.0;
    let mut to = hi + spread / 3.0;
    if base_ratio.is_finite() {
        from = from.min(base_ratio);
        to = to.max(base_ratio);
    }
    if lo >= 0.0 {
        from = from.max(0.0);
    }
    let width = nice_step((to - from) / 40.0);
    let start = (from / width).floor() * width;
    let count = (((to - start) / width).ceil() as usize).clamp(1, 400);
    (start, width, count)
}

/// The smallest 1, 2, 2.5 or 5 times a power of ten at least `x`.
pub fn nice_step(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&s| s >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * p)
}

/// Every draw's ratio counted into `bins`, streamed a chunk at a time.
fn streamed_histogram(plan: &Plan, opts: &RunSettings, bins: (f64, f64, usize)) -> Histogram {
    let mut h = Histogram::empty(bins);
    let source = Source {
        plan,
        quantities: &[],
    };
    let w = source.width();
    let _ = for_each_chunk::<()>(
        &[source],
        opts.seed,
        opts.uniforms(),
        opts.iterations,
        opts.threads,
        |_, rows| {
            let ratios: Vec<f64> = rows[0].chunks(w).map(|row| row[0]).collect();
            h.add(&ratios);
            Ok(())
        },
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(0.07), 0.1);
        assert_eq!(nice_step(0.11), 0.2);
        assert_eq!(nice_step(0.21), 0.25);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(1.0), 1.0);
    }

    #[test]
    fn share_at_least_counts_the_tail_from_each_edge() {
        // Bins [0, 1), [1, 2), [2, 3) with 1, 2, 3 draws; 1 below, 4 above: 11 draws.
        let h = Histogram {
            start: 0.0,
            width: 1.0,
            counts: vec![1, 2, 3],
            below: 1,
            above: 4,
        };
        assert_eq!(h.total(), 11);
        let s = h.share_at_least();
        assert_eq!(s[0], (0.0, 10.0 / 11.0));
        assert_eq!(s[1], (1.0, 9.0 / 11.0));
        assert_eq!(s[2], (2.0, 7.0 / 11.0));
    }

    #[test]
    fn the_histogram_counts_every_draw_and_matches_the_chance_above_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/simple.toml");
        let loaded = crate::model::load::load(std::path::Path::new(path)).unwrap();
        let plan = Plan::new(&loaded.model);
        let opts = RunSettings {
            iterations: 5000,
            seed: 3,
            sampling: crate::sample::lhs::Method::Random,
            threads: Some(2),
            ci_level: 0.95,
            progress: false,
            thresholds: vec![1.0],
        };
        let run = crate::analysis::summary::run(&loaded, &plan, &opts).unwrap();
        let d = detail(
            &loaded,
            &plan,
            &opts,
            &run.headline.ratio,
            run.headline.base_case.ratio,
        )
        .unwrap();
        let h = &d.ratio_histogram;
        assert_eq!(h.total(), 5000);
        // Streamed a chunk at a time, the counts are the same.
        let bins = (h.start, h.width, h.counts.len());
        assert_eq!(&streamed_histogram(&plan, &opts, bins), h);
        // The chance of at least each threshold, read at an edge, equals the run's.
        let p = run.headline.acceptability[0].probability;
        if let Some(&(_, share)) = h.share_at_least().iter().find(|(e, _)| *e == 1.0) {
            assert_eq!(share, p);
        }
        // `reached = people * share`: base 100 × 0.5; percentiles of a product of a fixed
        // 100 and a beta(mean 0.5, sd 0.1) are 100 times the beta's.
        let reached = d
            .assumptions
            .iter()
            .find(|a| a.name == "parameters.reached");
        let reached = reached.unwrap();
        assert_eq!(reached.spread.base, 50.0);
        let share = d.assumptions.iter().find(|a| a.name == "parameters.share");
        let share = share.unwrap();
        assert!((reached.spread.low - 100.0 * share.spread.low).abs() < 1.0);
        assert!((reached.spread.high - 100.0 * share.spread.high).abs() < 1.0);
    }
}
