//! `sroi sensitivity`: which assumptions matter: the tornado, switching values, groups
//! and rank correlations of one model.

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, OutputArgs, parse_switch_ratio};
use super::output::Shell;
use crate::analysis::sensitivity::analyse;
use crate::error::Error;
use crate::model::plan::Plan;
use crate::report::document::{Document, run_part};
use crate::report::json;

/// `sroi sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The model (or scenario) file.
    pub file: PathBuf,
    /// The ratio switching values aim for: how far must each figure move for this?
    #[arg(long = "target", value_name = "RATIO", default_value_t = 1.0, value_parser = parse_switch_ratio, allow_negative_numbers = true)]
    pub switch_ratio: f64,
    #[command(flatten)]
    pub draw: DrawArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Loads the model, analyses it and writes the result.
pub fn execute(args: &SensitivityArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    let loaded = shell.load(&args.file)?;
    let plan = Plan::new(&loaded.model);
    let opts = args
        .draw
        .options(shell, loaded.model.iterations, None, None);
    let result = analyse(&loaded.model, &plan, &loaded.file, &opts, args.switch_ratio)?;
    shell.deliver(&t, result, |result| {
        Ok(Document {
            options: vec![run_part(&loaded, &opts)?],
            json: json::render(&result),
            sensitivity: Some(result),
            comparison: None,
            voi: None,
        })
    })
}
