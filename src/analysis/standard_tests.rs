//! The standard sensitivity tests (spec §15; the set is this project's, `docs/method.md`):
//! deadweight and attribution moved by ten points, drop-off doubled, every outcome one
//! year shorter, the proxies at their 5th and 95th percentiles, the inputs 20% higher, and
//! each outcome (then every wellbeing-valued one) left out; each applied alone, to the
//! base case and to the run's own draws.
//!
//! A test is an [`Adjust`] of the SROI arithmetic, applied as each outcome's present value
//! is summed, so a deadweight given by an expression moves as a number's does. A proxy's
//! percentile is its distribution's when it is a number or a distribution, else the
//! percentile of its own draws (Hyndman and Fan's definition 7, as every percentile here).
//! The expected ratio is the sum of the draws' present values over the sum of their
//! investments, summed a block at a time and the blocks added in order, so it is the same
//! on any number of threads.

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::series::identity_series;
use crate::analysis::stream::{Source, on_threads, summarise};
use crate::analysis::summary::{RunSettings, breach_error};
use crate::error::Error;
use crate::model::adjust::Adjust;
use crate::model::checked::{Def, Model};
use crate::model::plan::Plan;
use crate::sample::engine::{BLOCK, BlockScratch, Column, Streams, evaluate_block};

/// One standard test's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardTest {
    /// Its name as the spec gives it, e.g. `deadweight +10 points`.
    pub name: String,
    /// The base-case ratio under the test; `null` if the investment is not positive.
    pub ratio: Option<f64>,
    /// Mean present value / mean investment over the run's draws under the test.
    pub expected_ratio: Option<f64>,
}

/// The tests, in the spec's order, each with its change.
pub fn tests(
    model: &Model,
    plan: &Plan,
    opts: &RunSettings,
) -> Result<Vec<(String, Adjust)>, Error> {
    let n = model.outcomes.len();
    let [low, high] = proxy_percentiles(model, plan, opts)?;
    let mut out = vec![
        (
            "deadweight +10 points",
            Adjust {
                deadweight_points: 0.1,
                ..Adjust::NONE
            },
        ),
        (
            "deadweight -10 points",
            Adjust {
                deadweight_points: -0.1,
                ..Adjust::NONE
            },
        ),
        (
            "attribution +10 points",
            Adjust {
                attribution_points: 0.1,
                ..Adjust::NONE
            },
        ),
        (
            "drop-off doubled",
            Adjust {
                drop_off_factor: 2.0,
                ..Adjust::NONE
            },
        ),
        (
            "duration one year shorter",
            Adjust {
                years_less: 1,
                ..Adjust::NONE
            },
        ),
        (
            "proxies at their 5th percentile",
            Adjust {
                values: low,
                ..Adjust::NONE
            },
        ),
        (
            "proxies at their 95th percentile",
            Adjust {
                values: high,
                ..Adjust::NONE
            },
        ),
        (
            "inputs +20%",
            Adjust {
                investment_factor: 1.2,
                ..Adjust::NONE
            },
        ),
    ]
    .into_iter()
    .map(|(name, a)| (name.to_string(), a))
    .collect::<Vec<_>>();
    for (i, o) in model.outcomes.iter().enumerate() {
        let mut without = vec![false; n];
        without[i] = true;
        out.push((
            format!("without {}", o.name),
            Adjust {
                without,
                ..Adjust::NONE
            },
        ));
    }
    let wellbeing: Vec<bool> = model
        .outcomes
        .iter()
        .map(|o| o.meta.valuation.as_deref() == Some("wellbeing"))
        .collect();
    if wellbeing.contains(&true) {
        out.push((
            "without wellbeing-valued outcomes".to_string(),
            Adjust {
                without: wellbeing,
                ..Adjust::NONE
            },
        ));
    }
    Ok(out)
}

/// Every standard test on `model`: its base-case ratio and its expected ratio over the
/// draws `sroi run` makes with the same seed.
pub fn analyse(model: &Model, plan: &Plan, opts: &RunSettings) -> Result<Vec<StandardTest>, Error> {
    let tests = tests(model, plan, opts)?;
    let mut lanes = plan.lanes(1);
    plan.evaluate_base(&mut lanes);
    let ratios: Vec<Option<f64>> = tests
        .iter()
        .map(|(_, a)| {
            plan.retotal(&mut lanes, 1, a);
            let t = lanes.totals(0);
            Some(t.ratio()).filter(|r| t.investment > 0.0 && r.is_finite())
        })
        .collect();
    let adjusts: Vec<&Adjust> = tests.iter().map(|(_, a)| a).collect();
    let sums = on_threads(opts.threads, || {
        sums(
            plan,
            &adjusts,
            opts.iterations,
            &Streams::new(plan, opts.seed, opts.uniforms()),
        )
    });
    Ok(tests
        .iter()
        .zip(ratios)
        .zip(sums)
        .map(|(((name, _), ratio), (pv, investment))| StandardTest {
            name: name.clone(),
            ratio,
            expected_ratio: Some(pv / investment).filter(|r| investment > 0.0 && r.is_finite()),
        })
        .collect())
}

/// The sums of present value and investment over draws `0 .. n` under each change, a
/// block at a time in parallel, the blocks' sums added in block order.
fn sums(plan: &Plan, adjusts: &[&Adjust], n: usize, keys: &Streams) -> Vec<(f64, f64)> {
    let blocks: Vec<Vec<(f64, f64)>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map_init(
            || BlockScratch::new(plan),
            |scratch, b| {
                let mut sums = vec![(0.0, 0.0); adjusts.len()];
                let end = ((b + 1) * BLOCK).min(n);
                evaluate_block(plan, keys, scratch, b * BLOCK, end, |lanes, _, count| {
                    for (sum, a) in sums.iter_mut().zip(adjusts) {
                        plan.retotal(lanes, count, a);
                        for k in 0..count {
                            let t = lanes.totals(k);
                            sum.0 += t.present_value;
                            sum.1 += t.investment;
                        }
                    }
                });
                sums
            },
        )
        .collect();
    let mut total = vec![(0.0, 0.0); adjusts.len()];
    for block in blocks {
        for (t, s) in total.iter_mut().zip(block) {
            t.0 += s.0;
            t.1 += s.1;
        }
    }
    let n = n.max(1) as f64;
    total
        .into_iter()
        .map(|(pv, inv)| (pv / n, inv / n))
        .collect()
}

/// Each outcome's proxy at its 5th and at its 95th percentile.
fn proxy_percentiles(
    model: &Model,
    plan: &Plan,
    opts: &RunSettings,
) -> Result<[Vec<Option<f64>>; 2], Error> {
    let values: Vec<usize> = model.outcomes.iter().map(|o| o.value).collect();
    let computed: Vec<usize> = values
        .iter()
        .copied()
        .filter(|&q| matches!(model.quantities[q].def, Def::Expr(_)))
        .collect();
    let drawn = if computed.is_empty() {
        Vec::new()
    } else {
        let source = Source {
            plan,
            columns: computed.iter().map(|&q| Column::Quantity(q)).collect(),
        };
        let series = identity_series(computed.len());
        summarise(
            &[source],
            &series,
            opts.iterations,
            opts.seed,
            opts.uniforms(),
            0.9,
            opts.threads,
            false,
        )
        .map_err(|(_, b)| breach_error(model, opts, &b))?
        .summaries
    };
    let at = |p: f64, high: bool| {
        values
            .iter()
            .map(|&q| match &model.quantities[q].def {
                Def::Dist(d) => Some(d.quantile(p)),
                Def::Expr(_) => {
                    let i = computed.iter().position(|&c| c == q)?;
                    Some(if high {
                        drawn[i].ci_high
                    } else {
                        drawn[i].ci_low
                    })
                }
            })
            .collect()
    };
    Ok([at(0.05, false), at(0.95, true)])
}
