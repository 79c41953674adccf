//! `sroi check`: validate a model without sampling and summarise it; with
//! `--assurance`, the over-claiming risks an assessor would question.

use std::path::PathBuf;

use clap::Args;

use super::output::{fit_terminal, load_warned};
use crate::analysis::assurance::assess;
use crate::error::Error;
use crate::model::plan::Plan;
use crate::report::check::{render, render_assurance};
use crate::report::output::emit;

/// `sroi check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The model (or scenario) file.
    pub file: PathBuf,
    /// Also report over-claiming risks an assessor would question, with rule codes.
    #[arg(long)]
    pub assurance: bool,
    /// With --assurance: exit 1 if there is any finding (for CI).
    #[arg(long, requires = "assurance")]
    pub deny_warnings: bool,
}

/// Loads and checks the model, prints its summary and any findings.
pub fn execute(args: &CheckArgs) -> Result<(), Error> {
    fit_terminal(true);
    let loaded = load_warned(&args.file)?;
    let plan = Plan::new(&loaded.model);
    let mut text = render(&loaded, &plan);
    if !args.assurance {
        return emit(&text, None, false);
    }
    let findings = assess(&loaded, &plan);
    text.push_str(&render_assurance(&findings));
    emit(&text, None, false)?;
    if args.deny_warnings && !findings.is_empty() {
        return Err(Error::Denied(format!(
            "{} assurance finding{} in {} (--deny-warnings)",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" },
            loaded.file
        )));
    }
    Ok(())
}
