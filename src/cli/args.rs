//! The argument groups commands share, each flattened only into the commands that use
//! it, so that no command accepts a flag it ignores (as cargo's `command_prelude` gives
//! each command exactly its arguments): the draws, the interval, the acceptability
//! thresholds and the output. Their parsers turn a bad value into a usage error that
//! says what is allowed.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::output::Shell;
use crate::analysis::summary::{DEFAULT_THRESHOLDS, RunSettings};
use crate::error::Error;
use crate::report::Format;
use crate::report::target::{Target, target};
use crate::sample::lhs::Method;

/// The seed used when none is given (printed with every result).
pub const DEFAULT_SEED: u64 = 42;
/// The number of draws when neither the command line nor the model says.
pub const DEFAULT_ITERATIONS: u64 = 100_000;
/// Runs with at least this many draws show a progress bar (on a terminal).
const PROGRESS_FROM: usize = 1_000_000;
/// The interval level when none is given.
const DEFAULT_LEVEL: f64 = 0.95;

/// The formats of the commands that print what they found rather than a sampled
/// result (`check`, `proxies`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Listing {
    /// Text for the terminal.
    #[default]
    Table,
    /// One JSON document.
    Json,
}

/// How many draws to make, from which seed, on how many threads.
#[derive(Debug, Args)]
pub struct DrawArgs {
    /// Number of Monte Carlo draws [default: the model's `iterations`, else 100000].
    #[arg(short = 'n', long, value_parser = parse_iterations)]
    pub iterations: Option<u64>,
    /// Seed of every random stream: the same file, draws and seed give the same output.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Threads to sample on [default: all cores]. The output does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// How the draws' random numbers are spread: a Latin hypercube within each block of
    /// 2,048 draws, or independently.
    #[arg(long, value_enum, default_value_t = Method::Lhs)]
    pub sampling: Method,
}

/// The level of the intervals reported.
#[derive(Debug, Args)]
pub struct IntervalArgs {
    /// Interval level, between 0 and 1.
    #[arg(long = "ci", default_value_t = DEFAULT_LEVEL, value_parser = parse_level)]
    pub ci_level: f64,
}

/// The ratios whose chance of being reached is reported.
#[derive(Debug, Args)]
pub struct ThresholdArgs {
    /// Ratios at which to report the chance of reaching them [default: 1,2,3,5].
    #[arg(long, value_delimiter = ',', value_parser = parse_threshold, value_name = "RATIOS")]
    pub thresholds: Vec<f64>,
}

/// Where the output goes and in what format.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output to this file instead of standard output (`-` for standard output).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists.
    #[arg(long)]
    pub force: bool,
}

impl DrawArgs {
    /// The run options, given the model's own default number of draws and the interval
    /// and thresholds of the commands that report them (the defaults for the others); a
    /// progress bar only for long runs on a terminal, and never when quiet.
    pub fn options(
        &self,
        shell: &Shell,
        model_iterations: Option<u64>,
        interval: Option<&IntervalArgs>,
        thresholds: Option<&ThresholdArgs>,
    ) -> RunSettings {
        let iterations = self
            .iterations
            .or(model_iterations)
            .unwrap_or(DEFAULT_ITERATIONS) as usize;
        RunSettings {
            iterations,
            seed: self.seed,
            sampling: self.sampling,
            threads: self.threads.map(|t| t as usize),
            ci_level: interval.map_or(DEFAULT_LEVEL, |i| i.ci_level),
            progress: iterations >= PROGRESS_FROM
                && shell.progress()
                && std::io::stderr().is_terminal(),
            thresholds: thresholds.map_or_else(|| DEFAULT_THRESHOLDS.to_vec(), |t| t.sorted()),
        }
    }
}

impl ThresholdArgs {
    /// The acceptability thresholds asked for, ascending and without repeats.
    fn sorted(&self) -> Vec<f64> {
        let mut t = if self.thresholds.is_empty() {
            DEFAULT_THRESHOLDS.to_vec()
        } else {
            self.thresholds.clone()
        };
        t.sort_by(f64::total_cmp);
        t.dedup();
        t
    }
}

impl OutputArgs {
    /// Where the output goes and in what format (`--format`, else the -o file's
    /// extension, else a table), with every check on the -o path done, and the width of
    /// the terminal view (the terminal's for standard output, else 100 columns): call it
    /// before sampling.
    pub fn target(&self) -> Result<Target, Error> {
        target(
            self.format,
            self.output.as_deref(),
            self.force,
            Format::Table,
            super::output::terminal_columns(),
        )
    }
}

fn parse_iterations(s: &str) -> Result<u64, String> {
    match s.replace('_', "").parse::<u64>() {
        Ok(n) if (1..=crate::model::checked::MAX_ITERATIONS as u64).contains(&n) => Ok(n),
        _ => Err(format!(
            "the number of draws must be a whole number from 1 to 1,000,000,000; got {s}"
        )),
    }
}

/// `K/N`: share K of N.
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let parsed = s.split_once('/').and_then(|(k, n)| {
        Some((
            k.trim().parse::<usize>().ok()?,
            n.trim().parse::<usize>().ok()?,
        ))
    });
    match parsed {
        Some((k, n)) if k >= 1 && k <= n => Ok((k, n)),
        _ => Err(format!(
            "a shard is K/N with 1 ≤ K ≤ N, such as 3/16 (the third of sixteen); got `{s}`"
        )),
    }
}

/// `--precision`: a positive tolerance, `±` allowed.
pub fn parse_precision(s: &str) -> Result<f64, String> {
    match s.trim().trim_start_matches('±').parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!(
            "the precision is how close the ratio's figures must be, a positive number such as 0.01; got {s}"
        )),
    }
}

fn parse_level(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number; give a level such as 0.95"))?;
    if x > 0.0 && x < 1.0 {
        Ok(x)
    } else {
        Err(format!(
            "the interval level must lie strictly between 0 and 1 (e.g. 0.9 or 0.95); got {s}"
        ))
    }
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!(
            "each threshold must be a ratio, 0 or more, e.g. `--thresholds 1,1.5,3`; got `{s}`"
        )),
    }
}

/// `--switch-at`: the ratio switching values aim for, a positive number.
pub fn parse_switch_ratio(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!(
            "the target must be a positive ratio, such as 1 (break even) or 2.5; got {s}"
        )),
    }
}
