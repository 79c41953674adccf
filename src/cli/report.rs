//! `sroi report`: a document to read, print or share: one file's run and sensitivity, or
//! several files' comparison and each one's summary, as a web page or a workbook; with
//! `--voi`, the value of information too.

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, IntervalArgs, OutputArgs, ThresholdArgs, parse_switch_ratio};
use super::output::{Shell, on_one_basis, render_document};
use crate::analysis::compare::{CompareReport, compare};
use crate::analysis::sensitivity::{SensitivityReport, analyse};
use crate::analysis::summary::RunReport;
use crate::analysis::voi::{VoiReport, voi};
use crate::error::Error;
use crate::model::plan::Plan;
use crate::report::document::{Document, run_part};
use crate::report::json;

/// `sroi report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The model or scenario files: one for its run and sensitivity, several to compare
    /// (the first is the baseline).
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The ratio switching values aim for (one file).
    #[arg(long = "target", value_name = "RATIO", default_value_t = 1.0, value_parser = parse_switch_ratio, allow_negative_numbers = true)]
    pub switch_ratio: f64,
    /// Add what to measure next: the value of information of the decision (as `sroi voi`).
    #[arg(long)]
    pub voi: bool,
    /// Put every option's money at this year's prices (financial years, 2024 = 2024-25;
    /// default: the latest price year among the files).
    #[arg(long, value_name = "YEAR")]
    pub price_year: Option<i64>,
    #[command(flatten)]
    pub draw: DrawArgs,
    #[command(flatten)]
    pub interval: IntervalArgs,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What `sroi report` embeds: one file's run and sensitivity, or several files'
/// comparison and each one's run; with `--voi`, the value of information too.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum ReportJson<'a> {
    One {
        price_year: Option<i64>,
        run: &'a RunReport,
        sensitivity: &'a SensitivityReport,
        #[serde(skip_serializing_if = "Option::is_none")]
        voi: Option<&'a VoiReport>,
    },
    Several {
        price_year: Option<i64>,
        comparison: &'a CompareReport,
        runs: Vec<&'a RunReport>,
        #[serde(skip_serializing_if = "Option::is_none")]
        voi: Option<&'a VoiReport>,
    },
}

/// Loads the files, runs each, analyses one or compares several, and writes the document.
pub fn execute(args: &ReportArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    if !t.format.is_document() {
        return Err(Error::Usage(
            "a report is a web page or a workbook: name the file with .html or .xlsx, e.g. -o report.html"
                .into(),
        ));
    }
    let mut files = shell.load_all(&args.files)?;
    let basis = on_one_basis(&mut files, args.price_year)?;
    let opts = args.draw.options(
        shell,
        files[0].model.iterations,
        Some(&args.interval),
        Some(&args.thresholds),
    );
    let mut doc = Document {
        options: files
            .iter()
            .map(|f| run_part(f, &opts))
            .collect::<Result<_, _>>()?,
        sensitivity: None,
        comparison: None,
        voi: None,
        json: String::new(),
    };
    if args.voi {
        doc.voi = Some(voi(&files, &opts, &[])?);
    }
    let voi = doc.voi.as_ref();
    if let [one] = files.as_slice() {
        let plan = Plan::new(&one.model);
        let s = analyse(&one.model, &plan, &one.file, &opts, args.switch_ratio)?;
        doc.json = json::render(&ReportJson::One {
            price_year: basis.year,
            run: &doc.options[0].run,
            sensitivity: &s,
            voi,
        });
        doc.sensitivity = Some(s);
    } else {
        let mut c = compare(&files, &opts)?;
        c.notes.splice(0..0, basis.notes);
        doc.json = json::render(&ReportJson::Several {
            price_year: basis.year,
            comparison: &c,
            runs: doc.options.iter().map(|p| &p.run).collect(),
            voi,
        });
        doc.comparison = Some(c);
    }
    shell.send(&t, &render_document(&doc, t.format)?)
}
