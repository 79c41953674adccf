//! `--precision`: drawing until the ratio's figures are settled to a stated ± (95%).
//!
//! A run at n draws gives its own Monte Carlo error (`precision`); errors shrink as
//! 1/√n, so the draws that would bring the largest of them within the tolerance are about
//! n · (error / tolerance)². The run is repeated at that many (a tenth more, to allow for
//! the estimate's own noise, rounded up to two significant digits), until the figures are
//! settled or [`MAX_DRAWS`] is reached. Every round is a function of the model, the seed
//! and the tolerance alone, and a draw's numbers depend only on the seed, its index and
//! the quantity (spec §5), so the rounds, the draws they end at and the result are the
//! same on every machine and thread count: the final output is byte for byte that of
//! `-n` at the draws it ends at.

use crate::analysis::precision::draws_for;
use crate::analysis::summary::{RunReport, RunSettings, group_thousands, run};
use crate::error::Error;
use crate::model::load::Loaded;
use crate::model::plan::Plan;

/// The most draws `--precision` will go to.
pub const MAX_DRAWS: usize = 1_000_000_000;

/// A run settled to a precision, and the draws of each round it took.
#[derive(Debug, Clone)]
pub struct Settled {
    /// The final round's report.
    pub report: RunReport,
    /// The draws of each round, in order (the last is the report's).
    pub rounds: Vec<usize>,
}

/// Runs from `opts.iterations` draws up until every ratio figure is within ±`tolerance`.
pub fn run_to_precision(
    loaded: &Loaded,
    plan: &Plan,
    opts: &RunSettings,
    tolerance: f64,
) -> Result<Settled, Error> {
    let mut opts = opts.clone();
    let mut rounds = Vec::new();
    loop {
        let report = run(loaded, plan, &opts)?;
        rounds.push(opts.iterations);
        let error = (report.headline.monte_carlo_error.ratio_precision).unwrap_or(f64::INFINITY);
        if error <= tolerance {
            return Ok(Settled { report, rounds });
        }
        if opts.iterations >= MAX_DRAWS {
            return Err(Error::Draws(format!(
                "the ratio's figures are settled only to ±{error:.3} at {} draws, the most --precision draws, not to the ±{tolerance} asked; ask for a looser precision",
                group_thousands(MAX_DRAWS as u64)
            )));
        }
        let next = draws_for(opts.iterations as u64, &[(error * 1.05, tolerance)]) as usize;
        opts.iterations = next.clamp(opts.iterations + 1, MAX_DRAWS);
    }
}
