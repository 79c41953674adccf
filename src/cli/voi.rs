//! `sroi voi`: what to measure next: the value of knowing each uncertain quantity before
//! deciding (EVPI and EVPPI), for one file (fund it or not) or several (which option).

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, OutputArgs};
use super::output::Shell;
use crate::analysis::voi::groups::{GroupSpec, parse_group};
use crate::analysis::voi::voi;
use crate::error::Error;
use crate::report::{Format, Report, json};

/// `sroi voi`.
#[derive(Debug, Args)]
pub struct VoiArgs {
    /// The model or scenario files: one (fund it or not) or several (which to choose).
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Quantities to value together: NAME=Q1,Q2,... (repeat for more groups).
    #[arg(long = "group", value_name = "NAME=Q1,Q2,...", value_parser = parse_group)]
    pub groups: Vec<GroupSpec>,
    #[command(flatten)]
    pub draw: DrawArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Loads the options, values the information and writes the result (its own page and
/// workbook).
pub fn execute(args: &VoiArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    let files = shell.load_all(&args.files)?;
    let opts = args
        .draw
        .options(shell, files[0].model.iterations, None, None);
    let result = voi(&files, &opts, &args.groups)?;
    let bytes = match t.format {
        Format::Html => {
            crate::report::voi::page::render(&result, &json::render(&result))?.into_bytes()
        }
        Format::Xlsx => crate::report::voi::sheets::render(&result)?,
        _ => result.render(t.format).into_bytes(),
    };
    shell.send(&t, &bytes)
}
