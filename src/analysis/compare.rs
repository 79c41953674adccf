//! `sroi compare`: options evaluated on the same draws, and their differences draw by draw.
//!
//! Every quantity's draws depend only on the seed, its name and the draw index, so a
//! quantity that two options share takes the same value in draw `i` of both: the
//! uncertainty they share (how much a GP visit is worth, how long effects last) moves
//! both options together and cancels in their difference. Each later option is
//! therefore summarised minus the first one draw by draw, which gives a far narrower
//! interval than the difference of two separately sampled intervals would suggest.
//!
//! Memory: every option is sampled in the same windows of draws (see `stream`), so the
//! differences, and the decision (which option has the highest NPV in each draw), are
//! taken draw by draw without keeping any option's draws.

use serde::Serialize;

use crate::analysis::decision::Decision;
use crate::analysis::series::{
    CompareSeries, DIFFERENCE_COUNTERS, DIFFERENCE_SERIES, HeadlineSeries,
};
use crate::analysis::stats::Summary;
use crate::analysis::stream::{Finished, Source};
use crate::analysis::summary::{
    BasedOn, Headline, RunSettings, base_lanes, build_headline, headline_columns, headline_series,
    summarise_files,
};
use crate::error::Error;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::sample::lhs::Method;

/// One option of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    /// The model's or scenario's name.
    pub name: String,
    /// The file it was read from.
    pub file: String,
    /// `forecast` or `evaluation` (`[model] kind`).
    pub kind: crate::model::checked::Kind,
    /// For a scenario: the model it changes, and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub based_on: Option<BasedOn>,
    /// Price year of the values, if given.
    pub price_year: Option<i64>,
    /// Its totals, funders and acceptability.
    #[serde(flatten)]
    pub headline: Headline,
    /// Its funder's ledger: fiscal, economic and social value, who pays and who saves.
    pub ledger: crate::analysis::ledger::Ledger,
}

/// A later option minus the first, draw by draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// The later option.
    pub name: String,
    /// The option it is measured from (the first file).
    pub baseline: String,
    /// Its present value minus the baseline's.
    pub present_value: Summary,
    /// Its investment minus the baseline's.
    pub investment: Summary,
    /// Its net present value minus the baseline's.
    pub npv: Summary,
    /// Its ratio minus the baseline's.
    pub ratio: Summary,
    /// The share of draws in which it has the higher net present value.
    pub prob_higher_npv: f64,
    /// The share of draws in which it has the higher ratio.
    pub prob_higher_ratio: f64,
}

/// Everything `sroi compare` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareReport {
    /// The price year every money figure is at (spec §15): the files' common one after
    /// rebasing, `null` when none gives one.
    pub price_year: Option<i64>,
    /// Number of draws of every option.
    pub iterations: usize,
    /// The seed: the same files, draws and seed give the same output.
    pub seed: u64,
    /// How the draws' random numbers were spread: `random` or `lhs` (a Latin hypercube
    /// within each block of draws).
    pub sampling: Method,
    /// Interval level.
    pub ci_level: f64,
    /// The currency every option is valued in.
    pub currency: String,
    /// Things to bear in mind when reading the comparison.
    pub notes: Vec<String>,
    /// Each option, in the order given; the first is the baseline.
    pub scenarios: Vec<ScenarioReport>,
    /// Each later option minus the first.
    pub differences: Vec<Difference>,
    /// Choosing among the options by NPV: each one's chance of the highest NPV and its
    /// expected loss, in file order.
    pub decision: Decision,
}

/// Samples every file on the same draws and compares each later one with the first.
pub fn compare(files: &[Loaded], opts: &RunSettings) -> Result<CompareReport, Error> {
    let notes = compare_notes(files)?;
    let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
    let job = CompareJob::new(&plans, opts);
    let sources = job.sources(&plans);
    let finished = summarise_files(&sources, &job.series, files, opts)?;
    Ok(compare_report(files, &plans, opts, notes, &job, &finished))
}

/// What `compare` samples: each option's headline columns, and the series made of them.
pub struct CompareJob {
    /// Each option's headline series, then the differences.
    pub series: CompareSeries,
}

impl CompareJob {
    /// The job for the options' plans under `opts`.
    pub fn new(plans: &[Plan], opts: &RunSettings) -> CompareJob {
        CompareJob {
            series: CompareSeries {
                options: plans.iter().map(|p| headline_series(p, opts)).collect(),
                ledgers: plans
                    .iter()
                    .map(|p| crate::analysis::ledger::columns(p).len())
                    .collect(),
            },
        }
    }

    /// The sources to sample: each plan's headline columns.
    pub fn sources<'a>(&self, plans: &'a [Plan]) -> Vec<Source<'a>> {
        plans
            .iter()
            .map(|plan| {
                let mut columns = headline_columns(plan);
                columns.extend(crate::analysis::ledger::columns(plan));
                Source { plan, columns }
            })
            .collect()
    }
}

/// The notes a comparison of `files` carries (mixed price years), or a usage error when
/// they cannot be compared at all (mixed currencies).
pub fn compare_notes(files: &[Loaded]) -> Result<Vec<String>, Error> {
    let Some(first) = files.first() else {
        return Err(Error::Usage("compare needs at least two files".into()));
    };
    let currency = &first.model.currency;
    if let Some(other) = files.iter().find(|f| &f.model.currency != currency) {
        return Err(Error::Usage(format!(
            "{} is valued in {} and {} in {}; differences between currencies mean nothing, so convert one model first",
            first.file, currency, other.file, other.model.currency
        )));
    }
    let mut notes = Vec::new();
    let years: Vec<Option<i64>> = files.iter().map(|f| f.model.price_year).collect();
    if years.iter().any(|y| *y != years[0]) {
        let listed: Vec<String> = files
            .iter()
            .map(|f| match f.model.price_year {
                Some(y) => format!("{} at {y} prices", f.file),
                None => format!("{} with no price year", f.file),
            })
            .collect();
        notes.push(format!(
            "the options are not all valued at the same prices ({}); their differences mix price years",
            listed.join(", ")
        ));
    }
    Ok(notes)
}

/// The price year the models share, if they share one.
pub fn common_year<'a>(
    mut models: impl Iterator<Item = &'a crate::model::checked::Model>,
) -> Option<i64> {
    let first = models.next()?.price_year;
    models
        .all(|m| m.price_year == first)
        .then_some(first)
        .flatten()
}

/// The report of a comparison from its finished series.
pub fn compare_report(
    files: &[Loaded],
    plans: &[Plan],
    opts: &RunSettings,
    notes: Vec<String>,
    job: &CompareJob,
    finished: &Finished,
) -> CompareReport {
    let n = opts.iterations as f64;
    let (mut s, mut c) = (0, 0);
    let mut scenarios = Vec::new();
    // Each option's ledger columns are summarised after every other series.
    let mut ledger_at = job
        .series
        .options
        .iter()
        .map(|o| o.kinds().len())
        .sum::<usize>()
        + DIFFERENCE_SERIES * files.len().saturating_sub(1)
        + 1;
    for ((loaded, plan), series) in files.iter().zip(plans).zip(&job.series.options) {
        let model = &loaded.model;
        let (ns, nc) = (series.kinds().len(), series.counters());
        let base = base_lanes(plan);
        let headline = build_headline(
            model,
            plan,
            &base,
            opts,
            &finished.summaries[s..s + ns],
            &finished.bounds[s..s + ns],
            &finished.counts[c..c + nc],
        );
        let k = job.series.ledgers[scenarios.len()];
        let ledger = crate::analysis::ledger::build(
            model,
            plan,
            &base,
            &finished.summaries[ledger_at..ledger_at + k],
            &headline.investment,
        );
        ledger_at += k;
        scenarios.push(ScenarioReport {
            name: model.name.clone(),
            file: loaded.file.clone(),
            kind: model.kind,
            based_on: BasedOn::of(loaded),
            price_year: model.price_year,
            headline,
            ledger,
        });
        s += ns;
        c += nc;
    }
    let first = &files[0].model.name;
    let mut npv_means = Vec::new();
    {
        let mut at = 0;
        for series in &job.series.options {
            npv_means.push(finished.summaries[at + HeadlineSeries::NPV].mean);
            at += series.kinds().len();
        }
    }
    let differences = files[1..]
        .iter()
        .map(|later| {
            let d = &finished.summaries[s..s + DIFFERENCE_SERIES];
            let counts = &finished.counts[c..c + DIFFERENCE_COUNTERS];
            s += DIFFERENCE_SERIES;
            c += DIFFERENCE_COUNTERS;
            Difference {
                name: later.model.name.clone(),
                baseline: first.clone(),
                present_value: d[0],
                investment: d[1],
                npv: d[2],
                ratio: d[3],
                prob_higher_npv: counts[0] as f64 / n,
                prob_higher_ratio: counts[1] as f64 / n,
            }
        })
        .collect();
    // The decision: the highest NPV of each draw (mean only), then each option's wins.
    let best = finished.summaries[s].mean;
    let wins = &finished.counts[c..c + files.len()];
    let decision = Decision {
        prob_best_npv: wins.iter().map(|&w| w as f64 / n).collect(),
        expected_loss: npv_means.iter().map(|m| (best - m).max(0.0)).collect(),
    };
    CompareReport {
        price_year: common_year(files.iter().map(|f| &f.model)),
        iterations: opts.iterations,
        seed: opts.seed,
        sampling: opts.sampling,
        ci_level: opts.ci_level,
        currency: files[0].model.currency.clone(),
        notes,
        scenarios,
        differences,
        decision,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_taken_draw_by_draw() {
        // Two draws. Baseline: PV 10 and 20 on investment 5 and 5 (NPV 5, 15; ratio 2, 4).
        // Later: PV 12 and 19 on investment 6 and 4 (NPV 6, 15; ratio 2, 4.75).
        let base = vec![vec![2.0, 4.0], vec![10.0, 20.0], vec![5.0, 5.0]];
        let later = vec![vec![2.0, 4.75], vec![12.0, 19.0], vec![6.0, 4.0]];
        let option = crate::analysis::series::HeadlineSeries {
            funders: 0,
            thresholds: Vec::new(),
            weighted: false,
            lhs: false,
        };
        let series = CompareSeries {
            ledgers: vec![0, 0],
            options: vec![option.clone(), option],
        };
        let f = crate::analysis::stream::summarise_stored(&series, &[base, later], 0.95);
        let d = &f.summaries[8..];
        let (prob_higher_npv, prob_higher_ratio) =
            (f.counts[2] as f64 / 2.0, f.counts[3] as f64 / 2.0);
        // ΔPV = 2, -1: mean 0.5, median (type 7, two points) 0.5.
        assert_eq!(d[0].mean, 0.5);
        assert_eq!(d[0].median, 0.5);
        // ΔInvestment = 1, -1; ΔNPV = 1, 0; Δratio = 0, 0.75.
        assert_eq!(d[1].mean, 0.0);
        assert_eq!(d[2].mean, 0.5);
        assert!((d[2].ci_low - 0.025).abs() < 1e-12 && (d[2].ci_high - 0.975).abs() < 1e-12);
        assert_eq!(d[3].mean, 0.375);
        // NPV higher in draw 1 only (draw 2 ties); ratio higher in draw 2 only.
        assert_eq!(prob_higher_npv, 0.5);
        assert_eq!(prob_higher_ratio, 0.5);
        // Each option's NPV: 10 and 10.5.
        assert_eq!((f.summaries[3].mean, f.summaries[7].mean), (10.0, 10.5));
    }
}
