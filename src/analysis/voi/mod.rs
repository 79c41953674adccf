//! `sroi voi`: what to measure next. The expected value of perfect information (EVPI) of
//! a decision, and the expected value of partial perfect information (EVPPI) of each
//! random quantity and of groups of them (spec §10).
//!
//! The decision: with one file, fund it (net benefit = its NPV) or not (0); with several,
//! which option, their NPVs taken on the same draws. With NB_k(i) option k's net benefit
//! in draw i,
//!
//! ```text
//! EVPI    = mean_i max_k NB_k(i) − max_k mean_i NB_k(i)
//! EVPPI_θ = mean_i max_k g_k(θ_i) − max_k mean_i g_k(θ_i),   g_k(θ) = E[NB_k | θ].
//! ```
//!
//! g_k is estimated from the same draws by nonparametric regression of the net benefits on
//! θ (the single-loop method of Strong, Oakley & Brennan 2014): a P-spline with its
//! smoothness chosen by GCV for one quantity (`spline`), an additive model of such
//! splines plus a model-built index for a group (`additive`). Only differences between
//! options matter to the choice, so each option's net benefit is regressed minus the
//! first option's. Regression error can push an estimate a little outside [0, EVPI]; it is
//! clamped there, and the EVPPI of a quantity drawn independently of everything (a "noise
//! floor", from its own stream) shows how large an estimate noise alone produces.
//!
//! Cost: the options' mean net benefits and the EVPI are streamed over every draw (exact
//! sums by block, see `stream`), so memory does not grow with the draws; the regressions
//! read the first [`REGRESSION_DRAWS`] draws, made again and kept. When there are no more
//! draws than that, all are kept and summarised where they lie, each made once. One spline fit per
//! quantity and response is O(m) after an O(m log m) ranking.

pub mod additive;
pub mod groups;
pub mod spline;
pub mod words;

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::precision::FEWEST_BLOCKS;
use crate::analysis::series::NetBenefitSeries;
use crate::analysis::stats::sum;
use crate::analysis::stream::{Finished, Source, summarise_stored};
use crate::analysis::summary::{RunSettings, breach_error, summarise_files};
use crate::error::Error;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::sample::engine::{Column, LANES, simulate};
use crate::sample::lhs::Method;
use crate::sample::rng::{DrawRng, stream_key};
use additive::fit_additive;
use groups::{GroupSpec, check_group, outcome_groups, random_quantities};
use spline::Term;

/// The most draws the regressions read (the first ones; the EVPI reads every draw). At
/// 100,000 draws a spline fit takes milliseconds, so the default run uses them all.
pub const REGRESSION_DRAWS: usize = 100_000;

/// The name of the "not funded" option of a one-file decision.
pub const NOT_FUNDED: &str = "not funded";

/// The EVPPI of one random quantity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuantityVoi {
    /// Its stable name (section 5).
    pub name: String,
    /// Expected value of knowing it exactly before choosing, in the models' currency.
    pub evppi: f64,
    /// `evppi / evpi` (0 when the EVPI is 0).
    pub share_of_evpi: f64,
}

/// The EVPPI of a group of quantities known together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupVoi {
    /// The group's name: an outcome's, or the one given with `--group`.
    pub name: String,
    /// Its members' stable names.
    pub members: Vec<String>,
    /// Expected value of knowing all of them exactly before choosing.
    pub evppi: f64,
    /// `evppi / evpi` (0 when the EVPI is 0).
    pub share_of_evpi: f64,
    /// `outcome` (an outcome's random quantities, by default) or `user` (`--group`).
    pub kind: &'static str,
}

/// Everything `sroi voi` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoiReport {
    /// The price year every money figure is at (spec §15): the files' common one after
    /// rebasing, `null` when none gives one.
    pub price_year: Option<i64>,
    /// The files, in the order given.
    pub files: Vec<String>,
    /// Each file's kind of analysis (`[model] kind`), in `files` order: `forecast` or
    /// `evaluation`.
    pub kinds: Vec<crate::model::checked::Kind>,
    /// The options of the decision: "not funded" and the model, or each file's model.
    pub options: Vec<String>,
    /// Number of draws.
    pub iterations: usize,
    /// The seed: the same files, draws and seed give the same output.
    pub seed: u64,
    /// How the draws' random numbers were spread: `random` or `lhs` (a Latin hypercube
    /// within each block of draws).
    pub sampling: Method,
    /// The currency every figure is in.
    pub currency: String,
    /// The option with the highest expected net benefit: the choice on current information.
    pub current_choice: String,
    /// Each option's expected (mean) net benefit, in `options` order.
    pub expected_net_benefit: Vec<f64>,
    /// Expected value of perfect information: knowing every quantity before choosing.
    pub evpi: f64,
    /// Monte Carlo standard error of `evpi` (the sd of the draws' opportunity losses / √n).
    pub evpi_standard_error: f64,
    /// How many (first) draws the regressions read.
    pub regression_draws: usize,
    /// The EVPPI the regression gives a quantity unrelated to anything: estimates near it
    /// are indistinguishable from 0.
    pub noise_floor: f64,
    /// How the EVPPIs are estimated, in words.
    pub method: String,
    /// Every random quantity, largest EVPPI first.
    pub quantities: Vec<QuantityVoi>,
    /// Each outcome's random quantities together, then the `--group`s, largest first.
    pub groups: Vec<GroupVoi>,
    /// What the top figures mean, in words.
    pub findings: Vec<String>,
    /// Things to bear in mind when reading the figures.
    pub notes: Vec<String>,
}

/// Measures the value of information of the decision among `files` (one: fund or not).
pub fn voi(files: &[Loaded], opts: &RunSettings, user: &[GroupSpec]) -> Result<VoiReport, Error> {
    let Some(first) = files.first() else {
        return Err(Error::Usage("voi needs at least one file".into()));
    };
    let currency = first.model.currency.clone();
    if let Some(other) = files.iter().find(|f| f.model.currency != currency) {
        return Err(Error::Usage(format!(
            "{} is valued in {} and {} in {}; a choice between currencies means nothing, so convert one model first",
            first.file, currency, other.file, other.model.currency
        )));
    }
    let models: Vec<_> = files.iter().map(|f| &f.model).collect();
    let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
    for g in user {
        check_group(g, &models, &names)?;
    }
    let plans: Vec<Plan> = models.iter().map(|m| Plan::new(m)).collect();
    let n = opts.iterations;
    let m = n.min(REGRESSION_DRAWS);
    let randoms = random_quantities(&models);
    let fund_or_not = files.len() == 1;

    let series = NetBenefitSeries {
        models: files.len(),
        fund_or_not,
    };
    // The options' mean net benefits and the EVPI over every draw: streamed when there
    // are more draws than the regressions keep, else summarised from the kept draws
    // (the same numbers bit for bit) so that no draw is made twice.
    let streamed = if m < n {
        let sources: Vec<Source> = plans
            .iter()
            .map(|plan| Source {
                plan,
                columns: vec![Column::PresentValue, Column::Investment],
            })
            .collect();
        Some(summarise_files(&sources, &series, files, opts)?)
    } else {
        None
    };

    // The first m draws, kept for the regressions: each option's present value and
    // investment, and each random quantity read from the first option that has it (the
    // others draw the same values).
    let mut pv_inv: Vec<Vec<Vec<f64>>> = Vec::with_capacity(files.len());
    let mut options: Vec<String> = Vec::new();
    if fund_or_not {
        options.push(NOT_FUNDED.to_string());
    }
    let mut draws: Vec<Vec<f64>> = vec![Vec::new(); randoms.len()];
    let mut kept = opts.clone();
    kept.iterations = m;
    kept.progress &= streamed.is_none();
    for (k, (loaded, plan)) in files.iter().zip(&plans).enumerate() {
        let own: Vec<usize> = (0..randoms.len())
            .filter(|&r| randoms[r].option == k)
            .collect();
        let columns: Vec<Column> = [Column::PresentValue, Column::Investment]
            .into_iter()
            .chain(own.iter().map(|&r| Column::Quantity(randoms[r].id)))
            .collect();
        let mut stored = simulate(plan, &kept.sim(k + 1, files.len()), &columns)
            .map_err(|b| breach_error(&loaded.model, opts, &b))?;
        for (&r, column) in own.iter().zip(stored.split_off(2)) {
            draws[r] = column;
        }
        pv_inv.push(stored);
        options.push(loaded.model.name.clone());
    }
    let finished = match streamed {
        Some(finished) => finished,
        None => summarise_stored(&series, &pv_inv, opts.ci_level),
    };
    let Evpi {
        means,
        best,
        evpi,
        standard_error: evpi_standard_error,
    } = Evpi::of(&finished, series.options(), n, opts.sampling);
    let mut nb: Vec<Vec<f64>> = Vec::new();
    if fund_or_not {
        nb.push(vec![0.0; m]);
    }
    for columns in pv_inv {
        let (pv, inv) = (&columns[0], &columns[1]);
        nb.push(pv.iter().zip(inv).map(|(p, i)| p - i).collect());
    }

    // Responses for the regressions: each option minus the first.
    let responses: Vec<Vec<f64>> = nb[1..]
        .iter()
        .map(|c| c.iter().zip(&nb[0]).map(|(a, b)| a - b).collect())
        .collect();
    drop(nb);
    let terms: Vec<Option<Term>> = draws.par_iter().map(|d| Term::new(d)).collect();
    let evppi_of = |fitted: &[Vec<f64>]| evppi(fitted).clamp(0.0, evpi);
    let fit_one = |term: &Term| -> Vec<Vec<f64>> {
        responses
            .iter()
            .map(|y| {
                let mut f = vec![0.0; m];
                term.fit(y, &mut f);
                f
            })
            .collect()
    };
    let share = |v: f64| if evpi > 0.0 { v / evpi } else { 0.0 };

    let mut quantities: Vec<QuantityVoi> = randoms
        .par_iter()
        .zip(&terms)
        .map(|(r, term)| {
            let v = term.as_ref().map_or(0.0, |t| evppi_of(&fit_one(t)));
            QuantityVoi {
                name: r.name.clone(),
                evppi: v,
                share_of_evpi: share(v),
            }
        })
        .collect();
    quantities.sort_by(|a, b| b.evppi.total_cmp(&a.evppi));

    let noise = noise_term(opts.seed, m);
    let noise_floor = noise.as_ref().map_or(0.0, |t| evppi_of(&fit_one(t)));

    let specs: Vec<GroupSpec> = outcome_groups(&models)
        .into_iter()
        .chain(user.iter().cloned())
        .collect();
    let mut groups: Vec<GroupVoi> = specs
        .par_iter()
        .map(|g| {
            let index: Vec<usize> = g
                .members
                .iter()
                .filter_map(|name| randoms.iter().position(|r| &r.name == name))
                .collect();
            let member_terms: Vec<&Term> =
                index.iter().filter_map(|&r| terms[r].as_ref()).collect();
            let fitted = fit_group(
                &plans,
                files.len() == 1,
                &randoms,
                &draws,
                &index,
                &member_terms,
                &responses,
            );
            let v = if member_terms.is_empty() {
                0.0
            } else {
                evppi_of(&fitted)
            };
            GroupVoi {
                name: g.name.clone(),
                members: g.members.clone(),
                evppi: v,
                share_of_evpi: share(v),
                kind: if g.user { "user" } else { "outcome" },
            }
        })
        .collect();
    groups.sort_by(|a, b| b.evppi.total_cmp(&a.evppi));

    let mut notes = Vec::new();
    if files.len() > 1 && !shares_draws(&models) {
        notes.push(format!(
            "the options share no random quantity ({}): they are drawn independently, so nothing learnt about one tells anything about another, and the EVPI is that of choosing between independent gambles",
            names.join(", ")
        ));
    }
    if files.len() > 1 && groups.iter().any(|g| g.kind == "outcome") {
        notes.push(
            "each outcome's group holds that outcome's random quantities in every option that has it (their union), so an option that values the outcome with other figures adds them to the group"
                .into(),
        );
    }
    if m < n {
        notes.push(format!(
            "the partial values (EVPPI) are estimated from the first {m} of the {n} draws; the EVPI from all of them"
        ));
    }
    let mut report = VoiReport {
        price_year: crate::analysis::compare::common_year(files.iter().map(|f| &f.model)),
        files: names.iter().map(|s| s.to_string()).collect(),
        kinds: files.iter().map(|f| f.model.kind).collect(),
        current_choice: options[best].clone(),
        options,
        iterations: n,
        seed: opts.seed,
        sampling: opts.sampling,
        currency,
        expected_net_benefit: means,
        evpi,
        evpi_standard_error,
        regression_draws: m,
        noise_floor,
        method: METHOD.to_string(),
        quantities,
        groups,
        findings: Vec::new(),
        notes,
    };
    report.findings = words::findings(&report);
    Ok(report)
}

const METHOD: &str = "single-loop nonparametric regression (Strong, Oakley & Brennan 2014): \
    each option's net benefit minus the first's regressed on a quantity's ranks by a cubic \
    P-spline with GCV-chosen smoothness; for a group, an additive model of such splines \
    (backfitting) plus one term for the net benefit with the group at its draws and the rest \
    at base";

/// The index of the largest value (the first of equals).
fn argmax(xs: &[f64]) -> usize {
    let mut best = 0;
    for (k, &x) in xs.iter().enumerate() {
        if x > xs[best] {
            best = k;
        }
    }
    best
}

/// What the streamed net benefits say of the decision.
#[derive(Debug, Clone, PartialEq)]
struct Evpi {
    /// Each option's mean net benefit.
    means: Vec<f64>,
    /// The option of highest mean (the first of equals).
    best: usize,
    /// The mean over draws of the opportunity loss max_k NB_k(i) − NB_best(i).
    evpi: f64,
    /// Its Monte Carlo standard error: sd / √n for independent draws; for a Latin
    /// hypercube, from the spread of the loss's mean between blocks (each block an
    /// independent replicate), as the headline's errors are.
    standard_error: f64,
}

impl Evpi {
    /// Read from the summaries of a [`NetBenefitSeries`] of `options` options over `n`
    /// draws made by `sampling`.
    fn of(finished: &Finished, options: usize, n: usize, sampling: Method) -> Evpi {
        let s = &finished.summaries;
        let means: Vec<f64> = s[..options].iter().map(|x| x.mean).collect();
        let best = argmax(&means);
        let loss = &s[options + best];
        let spread = &finished.bounds[options + best];
        let standard_error = match spread.mean_variance {
            Some(v) if sampling == Method::Lhs && spread.blocks >= FEWEST_BLOCKS => v.sqrt(),
            _ => loss.sd / (n as f64).sqrt(),
        };
        Evpi {
            means,
            best,
            evpi: loss.mean.max(0.0),
            standard_error,
        }
    }
}

/// mean_i max(0, max_k f_k(i)) − max(0, max_k mean_i f_k(i)): the value of choosing on
/// the fitted differences from the first option rather than on their means.
pub fn evppi(fitted: &[Vec<f64>]) -> f64 {
    let Some(m) = fitted.first().map(Vec::len) else {
        return 0.0;
    };
    let best_each = sum((0..m).map(|i| fitted.iter().map(|f| f[i]).fold(0.0, f64::max)));
    let best_mean = fitted
        .iter()
        .map(|f| sum(f.iter().copied()) / m as f64)
        .fold(0.0, f64::max);
    best_each / m as f64 - best_mean
}

/// A term for a quantity independent of everything: uniform draws from a stream of its own.
fn noise_term(seed: u64, m: usize) -> Option<Term> {
    let key = stream_key(seed, "voi noise floor");
    let u: Vec<f64> = (0..m as u64)
        .map(|i| DrawRng::new(key, i).open01())
        .collect();
    Term::new(&u)
}

/// Whether some random quantity belongs to two or more of the models.
fn shares_draws(models: &[&crate::model::checked::Model]) -> bool {
    let randoms = random_quantities(models);
    randoms.iter().any(|r| {
        models
            .iter()
            .filter(|m| {
                m.quantity(&r.name)
                    .is_some_and(|q| m.quantities[q].is_random())
            })
            .count()
            > 1
    })
}

/// The fitted responses of a group: its members' splines and, for each response, the index
/// term (that option's net benefit minus the first's, with the group at its draws and every
/// other quantity at its base value).
fn fit_group(
    plans: &[Plan],
    fund_or_not: bool,
    randoms: &[groups::RandomQuantity],
    draws: &[Vec<f64>],
    members: &[usize],
    member_terms: &[&Term],
    responses: &[Vec<f64>],
) -> Vec<Vec<f64>> {
    let m = responses.first().map_or(0, Vec::len);
    let index_of = |plan: &Plan| -> Vec<f64> {
        let leaf_draws: Vec<Option<&[f64]>> = plan
            .leaves()
            .map(|(name, _)| {
                members
                    .iter()
                    .find(|&&r| randoms[r].name == name)
                    .map(|&r| draws[r].as_slice())
            })
            .collect();
        let mut lanes = plan.lanes(LANES);
        let mut out = vec![0.0; m];
        for start in (0..m).step_by(LANES) {
            let w = LANES.min(m - start);
            plan.evaluate(&mut lanes, w, |l, dist, row| match leaf_draws[l] {
                Some(d) => row.copy_from_slice(&d[start..start + w]),
                None => row.fill(dist.base()),
            });
            for k in 0..w {
                out[start + k] = lanes.totals(k).npv();
            }
        }
        out
    };
    let indices: Vec<Vec<f64>> = plans.iter().map(index_of).collect();
    responses
        .iter()
        .enumerate()
        .map(|(r, y)| {
            // Response r is option r + 1 minus option 0; with one file, option 0 is "not
            // funded" and option 1 the model (plan 0).
            let feature: Vec<f64> = if fund_or_not {
                indices[0].clone()
            } else {
                indices[r + 1]
                    .iter()
                    .zip(&indices[0])
                    .map(|(a, b)| a - b)
                    .collect()
            };
            let index_term = Term::new(&feature);
            // The index first: it carries most of the signal, and the members then
            // only correct it, which backfitting settles in few passes.
            let mut all: Vec<&Term> = index_term.iter().collect();
            all.extend_from_slice(member_terms);
            let mut fitted = vec![0.0; m];
            if all.is_empty() {
                let mean = y.iter().sum::<f64>() / m.max(1) as f64;
                fitted.fill(mean);
            } else {
                fit_additive(&all, y, &mut fitted);
            }
            fitted
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::DEFAULT_THRESHOLDS;

    #[test]
    fn evpi_of_two_draws_by_hand() {
        // Not funded 0, funded NPV 0 − 1 = −1 and 4 − 1 = 3: mean 1, so fund; the loss is
        // 1 in draw 0 and 0 in draw 1.
        let series = NetBenefitSeries {
            models: 1,
            fund_or_not: true,
        };
        let columns = [vec![vec![0.0, 4.0], vec![1.0, 1.0]]];
        let finished = summarise_stored(&series, &columns, 0.95);
        let e = Evpi::of(&finished, series.options(), 2, Method::Random);
        assert_eq!(
            (e.means.as_slice(), e.best, e.evpi),
            (&[0.0, 1.0][..], 1, 0.5)
        );
        // Losses 1, 0: sd 0.7071, over √2.
        assert!((e.standard_error - 0.5).abs() < 1e-12);
        // Knowing the draw exactly recovers the same value.
        assert_eq!(evppi(&[vec![-1.0, 3.0]]), 0.5);
    }

    #[test]
    fn evpi_of_three_options_by_hand() {
        // Net benefits A: 2, 0, 1; B: 1, 3, 0; C: 0, 0, 5 (means 1, 4/3, 5/3): C is chosen,
        // the best in each draw is 2, 3, 5, so the losses are 2, 3, 0 (mean 5/3, sd √(7/3)).
        let series = NetBenefitSeries {
            models: 3,
            fund_or_not: false,
        };
        let option = |nb: [f64; 3]| vec![nb.to_vec(), vec![0.0; 3]];
        let columns = [
            option([2.0, 0.0, 1.0]),
            option([1.0, 3.0, 0.0]),
            option([0.0, 0.0, 5.0]),
        ];
        let finished = summarise_stored(&series, &columns, 0.95);
        let e = Evpi::of(&finished, series.options(), 3, Method::Random);
        assert_eq!(e.best, 2);
        assert!((e.evpi - 5.0 / 3.0).abs() < 1e-15, "{e:?}");
        assert!((e.standard_error - (7.0f64 / 3.0).sqrt() / 3f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn a_latin_hypercubes_evpi_error_is_the_spread_between_blocks() {
        // One option against not funding it, over ten blocks: NPV 1,000 in every draw but
        // the first k of block k, where it is −2,048 (a loss of 2,048 each), so block k's
        // mean loss is exactly k. Funding is chosen (mean NPV far above 0), and the EVPI is
        // the mean of 0..9, 4.5. Between blocks: Σ (k − 4.5)² = 82.5, over b(b − 1) = 90,
        // a standard error of √(82.5 / 90) = 0.957427...
        let block = crate::sample::engine::BLOCK;
        let npv: Vec<f64> = (0..10 * block)
            .map(|i| {
                if i % block < i / block {
                    -2048.0
                } else {
                    1000.0
                }
            })
            .collect();
        let series = NetBenefitSeries {
            models: 1,
            fund_or_not: true,
        };
        let columns = [vec![
            npv.iter().map(|x| x + 5.0).collect(),
            vec![5.0; npv.len()],
        ]];
        let finished = summarise_stored(&series, &columns, 0.95);
        let lhs = Evpi::of(&finished, series.options(), npv.len(), Method::Lhs);
        assert_eq!((lhs.best, lhs.evpi), (1, 4.5));
        assert!(
            (lhs.standard_error - (82.5f64 / 90.0).sqrt()).abs() < 1e-12,
            "{lhs:?}"
        );
        // Independent draws: the losses' sd over √n. 45 draws of 2,048 among 20,480:
        // mean 4.5, E[x²] = 45 × 2048² / 20480 = 9,216, sd² = (9216 − 4.5²) n/(n − 1).
        let random = Evpi::of(&finished, series.options(), npv.len(), Method::Random);
        let n = npv.len() as f64;
        let sd = ((9216.0 - 4.5 * 4.5) * n / (n - 1.0)).sqrt();
        assert!(
            (random.standard_error - sd / n.sqrt()).abs() < 1e-9,
            "{random:?}"
        );
    }

    #[test]
    fn kept_draws_give_the_streamed_evpi_bit_for_bit() {
        // Up to REGRESSION_DRAWS draws the EVPI is taken from the kept draws rather than a
        // stream of its own; over several blocks, a part block and two options (one of
        // them drawn on the other's streams) the two must agree exactly.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/");
        let files: Vec<Loaded> = ["hwf-2017-two-years.toml", "hwf-2017-three-years.toml"]
            .iter()
            .map(|f| crate::model::load::load(std::path::Path::new(&format!("{dir}{f}"))).unwrap())
            .collect();
        let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
        let n = 5 * crate::sample::engine::BLOCK + 123;
        let each = [Some(1), Some(2)].map(|t| [(t, Method::Random), (t, Method::Lhs)]);
        for (threads, sampling) in each.into_iter().flatten() {
            let opts = RunSettings {
                iterations: n,
                seed: 11,
                sampling,
                threads,
                ci_level: 0.95,
                progress: false,
                thresholds: DEFAULT_THRESHOLDS.to_vec(),
            };
            let columns = vec![Column::PresentValue, Column::Investment];
            let sources: Vec<Source> = plans
                .iter()
                .map(|plan| Source {
                    plan,
                    columns: columns.clone(),
                })
                .collect();
            let series = NetBenefitSeries {
                models: 2,
                fund_or_not: false,
            };
            let streamed = summarise_files(&sources, &series, &files, &opts).unwrap();
            let kept: Vec<Vec<Vec<f64>>> = plans
                .iter()
                .map(|plan| simulate(plan, &opts.sim(1, 1), &columns).unwrap())
                .collect();
            let stored = summarise_stored(&series, &kept, opts.ci_level);
            let (a, b) = (
                Evpi::of(&streamed, 2, n, opts.sampling),
                Evpi::of(&stored, 2, n, opts.sampling),
            );
            assert_eq!(a, b, "{threads:?} threads, {sampling:?}");
            let bits = |e: &Evpi| [e.evpi.to_bits(), e.standard_error.to_bits()];
            assert_eq!(bits(&a), bits(&b));
            assert!(
                a.evpi > 0.0,
                "the options must trade places in some draws: {a:?}"
            );
        }
    }
}
