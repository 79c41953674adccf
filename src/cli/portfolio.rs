//! `sroi portfolio`: the best mix of whole units of several schemes within a budget, on
//! common draws.

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, IntervalArgs, OutputArgs};
use super::output::Shell;
use crate::analysis::portfolio::{Objective, portfolio};
use crate::error::Error;
use crate::model::portfolio::load_portfolio;
use crate::report::Report;

/// `sroi portfolio`.
#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// The portfolio file: a budget and candidate models or scenarios.
    pub file: PathBuf,
    /// What to maximise: npv (expected NPV), weighted-npv (with distributional weights),
    /// prob-positive (the chance NPV > 0) or pN, a low percentile of NPV (e.g. p10).
    #[arg(long, default_value = "npv", value_parser = parse_objective)]
    pub objective: Objective,
    #[command(flatten)]
    pub draw: DrawArgs,
    #[command(flatten)]
    pub interval: IntervalArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_objective(s: &str) -> Result<Objective, String> {
    s.parse()
}

/// Loads the portfolio and its candidates, chooses the mix and writes it.
pub fn execute(args: &PortfolioArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    if t.format.is_document() {
        return Err(Error::Usage(
            "`sroi portfolio` writes a table, JSON, CSV or Markdown; choose one of those with -o or --format".into(),
        ));
    }
    let p = load_portfolio(&args.file)?;
    let opts = args.draw.options(shell, None, Some(&args.interval), None);
    let result = portfolio(&p, &opts, args.objective)?;
    shell.send(&t, result.render(t.format).as_bytes())
}
