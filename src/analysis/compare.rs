//! `sroi compare`: options evaluated on the same draws, and their differences draw by draw.
//!
//! Every quantity's draws depend only on the seed, its name and the draw index, so a
//! quantity that two options share takes the same value in draw `i` of both: the
//! uncertainty they share (how much a GP visit is worth, how long effects last) moves
//! both options together and cancels in their difference. Each later option is
//! therefore summarised minus the first one draw by draw, which gives a far narrower
//! interval than the difference of two separately sampled intervals would suggest.
//!
//! Memory: the first option's ratio, present value and investment are kept for the whole
//! comparison (24 bytes a draw), and for the decision the highest NPV so far and which
//! option had it (12 bytes a draw); each later option is sampled, compared and dropped.

use rayon::prelude::*;
use serde::Serialize;

use crate::analysis::decision::{Decision, Tracker};
use crate::analysis::stats::{Summary, share_higher};
use crate::analysis::summary::{
    BasedOn, Headline, HeadlineDraws, RunOptions, base_lanes, breach_error, headline,
    headline_columns,
};
use crate::error::Error;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::sample::engine::simulate;

/// One option of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    /// The model's or scenario's name.
    pub name: String,
    /// The file it was read from.
    pub file: String,
    /// For a scenario: the model it changes, and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub based_on: Option<BasedOn>,
    /// Price year of the values, if given.
    pub price_year: Option<i64>,
    /// Its totals, funders and acceptability.
    #[serde(flatten)]
    pub headline: Headline,
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
    /// Number of draws of every option.
    pub iterations: usize,
    /// The seed: the same files, draws and seed give the same output.
    pub seed: u64,
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
pub fn compare(files: &[Loaded], opts: &RunOptions) -> Result<CompareReport, Error> {
    let Some(first) = files.first() else {
        return Err(Error::Usage("compare needs at least two files".into()));
    };
    let currency = first.model.currency.clone();
    if let Some(other) = files.iter().find(|f| f.model.currency != currency) {
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

    let mut scenarios = Vec::new();
    let mut differences = Vec::new();
    let mut baseline: Option<HeadlineDraws> = None;
    let mut tracker = Tracker::default();
    for (i, loaded) in files.iter().enumerate() {
        let model = &loaded.model;
        let plan = Plan::new(model);
        let stored = simulate(
            &plan,
            &opts.sim(i + 1, files.len()),
            &headline_columns(&plan),
        )
        .map_err(|b| breach_error(model, opts, &b))?;
        let base = base_lanes(&plan);
        let (headline, draws) = headline(model, &plan, &base, opts, stored, true);
        let draws = draws.expect("draws kept on request");
        let npv: Vec<f64> = (draws.present_value.iter().zip(&draws.investment))
            .map(|(p, i)| p - i)
            .collect();
        tracker.add(&npv);
        drop(npv);
        scenarios.push(ScenarioReport {
            name: model.name.clone(),
            file: loaded.file.clone(),
            based_on: BasedOn::of(loaded),
            price_year: model.price_year,
            headline,
        });
        match &baseline {
            None => baseline = Some(draws),
            Some(base) => differences.push(difference(
                &model.name,
                &first.model.name,
                base,
                &draws,
                opts.ci_level,
            )),
        }
    }
    Ok(CompareReport {
        iterations: opts.iterations,
        seed: opts.seed,
        ci_level: opts.ci_level,
        currency,
        notes,
        scenarios,
        differences,
        decision: tracker.finish(),
    })
}

/// `later` minus `base`, draw by draw.
pub fn difference(
    name: &str,
    baseline: &str,
    base: &HeadlineDraws,
    later: &HeadlineDraws,
    level: f64,
) -> Difference {
    let minus =
        |a: &[f64], b: &[f64]| -> Vec<f64> { b.iter().zip(a).map(|(y, x)| y - x).collect() };
    let npv = |d: &HeadlineDraws| -> Vec<f64> { minus(&d.investment, &d.present_value) };
    let (base_npv, later_npv) = (npv(base), npv(later));
    let prob_higher_npv = share_higher(&base_npv, &later_npv);
    let prob_higher_ratio = share_higher(&base.ratio, &later.ratio);
    let columns = vec![
        minus(&base.present_value, &later.present_value),
        minus(&base.investment, &later.investment),
        minus(&base_npv, &later_npv),
        minus(&base.ratio, &later.ratio),
    ];
    drop((base_npv, later_npv));
    let [present_value, investment, npv, ratio]: [Summary; 4] = columns
        .into_par_iter()
        .map(|mut c| Summary::of(&mut c, level))
        .collect::<Vec<_>>()
        .try_into()
        .expect("four difference summaries");
    Difference {
        name: name.to_string(),
        baseline: baseline.to_string(),
        present_value,
        investment,
        npv,
        ratio,
        prob_higher_npv,
        prob_higher_ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_taken_draw_by_draw() {
        // Two draws. Baseline: PV 10 and 20 on investment 5 and 5 (NPV 5, 15; ratio 2, 4).
        // Later: PV 12 and 19 on investment 6 and 4 (NPV 6, 15; ratio 2, 4.75).
        let base = HeadlineDraws {
            ratio: vec![2.0, 4.0],
            present_value: vec![10.0, 20.0],
            investment: vec![5.0, 5.0],
        };
        let later = HeadlineDraws {
            ratio: vec![2.0, 4.75],
            present_value: vec![12.0, 19.0],
            investment: vec![6.0, 4.0],
        };
        let d = difference("B", "A", &base, &later, 0.95);
        // ΔPV = 2, -1: mean 0.5, median (type 7, two points) 0.5.
        assert_eq!(d.present_value.mean, 0.5);
        assert_eq!(d.present_value.median, 0.5);
        // ΔInvestment = 1, -1; ΔNPV = 1, 0; Δratio = 0, 0.75.
        assert_eq!(d.investment.mean, 0.0);
        assert_eq!(d.npv.mean, 0.5);
        assert!((d.npv.ci_low - 0.025).abs() < 1e-12 && (d.npv.ci_high - 0.975).abs() < 1e-12);
        assert_eq!(d.ratio.mean, 0.375);
        // NPV higher in draw 1 only (draw 2 ties); ratio higher in draw 2 only.
        assert_eq!(d.prob_higher_npv, 0.5);
        assert_eq!(d.prob_higher_ratio, 0.5);
        assert_eq!((d.name.as_str(), d.baseline.as_str()), ("B", "A"));
    }
}
