//! `sroi voi`: what to measure next: the value of knowing each uncertain quantity before
//! deciding (EVPI and EVPPI), for one file (fund it or not) or several (which option).

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, OutputArgs};
use super::output::{Shell, on_one_basis};
use crate::analysis::voi::groups::{GroupSpec, parse_group};
use crate::analysis::voi::voi;
use crate::error::Error;
use crate::report::{Format, Render, json};

/// `sroi voi`.
#[derive(Debug, Args)]
pub struct VoiArgs {
    /// The model or scenario files: one (fund it or not) or several (which to choose).
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Quantities to value together: NAME=Q1,Q2,... (repeat for more groups).
    #[arg(long = "group", value_name = "NAME=Q1,Q2,...", value_parser = parse_group)]
    pub groups: Vec<GroupSpec>,
    /// Put every option's money at this year's prices (financial years, 2024 = 2024-25;
    /// default: the latest price year among the files).
    #[arg(long, value_name = "YEAR")]
    pub price_year: Option<i64>,
    #[command(flatten)]
    pub draw: DrawArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Loads the options, values the information and writes the result (its own page and
/// workbook).
pub fn execute(args: &VoiArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    let mut files = shell.load_all(&args.files)?;
    let basis = on_one_basis(&mut files, args.price_year)?;
    let opts = args
        .draw
        .options(shell, files[0].model.iterations, None, None);
    let mut result = voi(&files, &opts, &args.groups)?;
    result.notes.splice(0..0, basis.notes);
    let bytes = match (t.format, t.text()) {
        (_, Some(text)) => result.render(text).into_bytes(),
        (Format::Xlsx, None) => crate::report::voi::sheets::render(&result)?,
        (_, None) => {
            crate::report::voi::page::render(&result, &json::render(&result))?.into_bytes()
        }
    };
    shell.send(&t, &bytes)
}
