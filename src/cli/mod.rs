//! The command line: one file per command, each its arguments (clap derive, whose doc
//! comments are the help) and its `execute`, which reads as the command's story — load,
//! sample, render, write — and calls the library for each step. `args` holds the
//! argument groups commands take only when they use them, `output` the one path from a
//! result to its destination, and `shard` the protocol of sharded runs.

pub mod args;
pub mod check;
pub mod compare;
pub mod completions;
pub mod import;
pub mod init;
pub mod man;
pub mod merge;
pub mod output;
pub mod portfolio;
pub mod proxies;
pub mod report;
pub mod run;
pub mod schema;
pub mod sensitivity;
pub mod shard;
pub mod voi;

use clap::{Parser, Subcommand};

use crate::error::Error;
use output::Shell;

pub use args::{DEFAULT_ITERATIONS, DEFAULT_SEED};

/// Social return on investment with honest uncertainty.
#[derive(Debug, Parser)]
#[command(name = "sroi", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing on standard error but errors: no progress, notes or warnings.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sample a model and report its SROI ratio with intervals.
    Run(run::RunArgs),
    /// Validate a model (or a portfolio and each candidate) without sampling, and summarise it.
    Check(check::CheckArgs),
    /// Compare models or scenarios on the same draws: each later file minus the first.
    Compare(compare::CompareArgs),
    /// Which assumptions matter: tornado, switching values, groups, rank correlations.
    Sensitivity(sensitivity::SensitivityArgs),
    /// Merge the parts of a sharded `run` or `compare` (`--shard K/N`) into its output.
    Merge(merge::MergeArgs),
    /// Write a report to read, print or share: one file's run and sensitivity, or several
    /// files' comparison and each one's summary, as a web page (.html) or workbook (.xlsx).
    #[command(mut_arg("output", |a| a.required(true)))]
    Report(report::ReportArgs),
    /// List or search the proxy library (`sroi proxies [TERM]`), or show one (`show ID`).
    Proxies(proxies::ProxiesArgs),
    /// The best mix of whole units of several schemes within a budget, on the same draws.
    Portfolio(portfolio::PortfolioArgs),
    /// What to measure next: the value of knowing each uncertain quantity before deciding
    /// (EVPI and EVPPI). One file: fund it or not; several: which option.
    Voi(voi::VoiArgs),
    /// Write a commented starter model to edit (`sroi init --list` lists the templates).
    Init(init::InitArgs),
    /// Print a completion script for a shell (docs/editors.md says where to put it).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff) of sroi, or of one command: `sroi man | man -l -`.
    Man(man::ManArgs),
    /// Print a JSON Schema of the model file (or of a scenario or portfolio file) for
    /// editors' completion and hover help.
    Schema(schema::SchemaArgs),
    /// Read a Value Map (a workbook's `Value Map` sheet, or a CSV file in its layout) into
    /// a model file whose base case is the sheet's.
    Import(import::ImportArgs),
}

/// Runs a parsed command line.
pub fn execute(cli: Cli) -> Result<(), Error> {
    let shell = &Shell { quiet: cli.quiet };
    match cli.command {
        Command::Run(args) => run::execute(&args, shell),
        Command::Check(args) => check::execute(&args, shell),
        Command::Compare(args) => compare::execute(&args, shell),
        Command::Sensitivity(args) => sensitivity::execute(&args, shell),
        Command::Merge(args) => merge::execute(&args, shell),
        Command::Report(args) => report::execute(&args, shell),
        Command::Proxies(args) => proxies::execute(&args, shell),
        Command::Portfolio(args) => portfolio::execute(&args, shell),
        Command::Voi(args) => voi::execute(&args, shell),
        Command::Init(args) => init::execute(&args, shell),
        Command::Completions(args) => completions::execute(&args, shell),
        Command::Man(args) => man::execute(&args, shell),
        Command::Schema(args) => schema::execute(&args, shell),
        Command::Import(args) => import::execute(&args, shell),
    }
}
