//! A whole document for the written formats (HTML, the workbook): the command's result
//! with what a reader needs beside it, each option's assumptions, impact map and ratio
//! histogram, the value of information when asked for, and the command's JSON to embed.

use crate::analysis::compare::CompareReport;
use crate::analysis::detail::{ImpactRow, ModelDetail, detail, impact_map};
use crate::analysis::sensitivity::SensitivityReport;
use crate::analysis::summary::{RunReport, RunSettings, run};
use crate::analysis::voi::VoiReport;
use crate::error::Error;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::model::value_map::ValueMap;

/// One model's run and its detail.
#[derive(Debug, Clone)]
pub struct OptionPart {
    /// The run's summaries.
    pub run: RunReport,
    /// Assumptions and the ratio's histogram.
    pub detail: ModelDetail,
    /// The SROI Value Map.
    pub impact_map: Vec<ImpactRow>,
    /// What an assessor would question (`sroi check --assurance`).
    pub findings: Vec<crate::analysis::assurance::Finding>,
    /// What the account leaves out, and why (`[[exclusions]]`).
    pub exclusions: Vec<crate::model::checked::Exclusion>,
    /// The base case in Social Value UK's Value Map layout (the workbook's `Value Map`).
    pub value_map: ValueMap,
}

/// What a written report holds.
#[derive(Debug, Clone)]
pub struct Document {
    /// Each model's run: one, or each option of a comparison in file order.
    pub options: Vec<OptionPart>,
    /// The sensitivity analysis (one file).
    pub sensitivity: Option<SensitivityReport>,
    /// The comparison (several files).
    pub comparison: Option<CompareReport>,
    /// The value of information of the decision (`sroi report --voi`).
    pub voi: Option<VoiReport>,
    /// The command's full JSON result, as `--format json` gives it.
    pub json: String,
}

/// The detail of a run already made.
pub fn option_part(
    loaded: &Loaded,
    plan: &Plan,
    opts: &RunSettings,
    run: RunReport,
) -> Result<OptionPart, Error> {
    let h = &run.headline;
    let detail = detail(loaded, plan, opts, &h.ratio, h.base_case.ratio)?;
    let impact_map = impact_map(&loaded.model, &detail.assumptions, &run.outcomes);
    Ok(OptionPart {
        run,
        detail,
        impact_map,
        findings: crate::analysis::assurance::assess(loaded, plan),
        exclusions: loaded.model.exclusions.clone(),
        value_map: ValueMap::of(&loaded.model, &loaded.proxies),
    })
}

/// Runs a model and works out its detail.
pub fn run_part(loaded: &Loaded, opts: &RunSettings) -> Result<OptionPart, Error> {
    let plan = Plan::new(&loaded.model);
    let report = run(loaded, &plan, opts)?;
    option_part(loaded, &plan, opts, report)
}
