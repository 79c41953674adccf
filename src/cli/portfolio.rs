//! `sroi portfolio`: the best mix of whole units of several schemes within a budget, on
//! common draws.

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, IntervalArgs, OutputArgs};
use super::output::Shell;
use crate::analysis::portfolio::{Objective, portfolio};
use crate::error::Error;
use crate::model::portfolio::load_portfolio;
use crate::report::Render;

/// `sroi portfolio`.
#[derive(Debug, Args)]
pub struct PortfolioArgs {
    /// The portfolio file: a budget and candidate models or scenarios.
    pub file: PathBuf,
    /// What to maximise: npv (expected NPV), weighted-npv (with distributional weights),
    /// fiscal (expected fiscal value less public investment), prob-positive (the chance
    /// NPV > 0) or pN, a low percentile of NPV (e.g. p10).
    #[arg(long, default_value = "npv", value_parser = parse_objective)]
    pub objective: Objective,
    /// Put every option's money at this year's prices (financial years, 2024 = 2024-25;
    /// default: the latest price year among the files).
    #[arg(long, value_name = "YEAR")]
    pub price_year: Option<i64>,
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
    let Some(text) = t.text() else {
        return Err(Error::Usage(
            "`sroi portfolio` writes a table, JSON, CSV or Markdown; choose one of those with -o or --format".into(),
        ));
    };
    let mut p = load_portfolio(&args.file)?;
    let basis = crate::model::basis::rebase(
        p.candidates
            .iter_mut()
            .map(|c| (c.file.as_str(), &mut c.loaded.model))
            .collect(),
        args.price_year,
    )?;
    let opts = args.draw.options(shell, None, Some(&args.interval), None);
    let mut result = portfolio(&p, &opts, args.objective)?;
    result.notes.splice(0..0, basis.notes);
    shell.send(&t, result.render(text).as_bytes())
}
