//! `sroi run`: sample one model and report its SROI ratio with intervals; or one shard of
//! its draws (`--shard K/N`), or draws until the figures settle (`--precision`).

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, IntervalArgs, OutputArgs, ThresholdArgs, parse_precision};
use super::output::Shell;
use super::shard::{ShardArgs, shard};
use crate::analysis::settle::run_to_precision;
use crate::analysis::stream::Source;
use crate::analysis::summary::{RunJob, RunSettings, breach_error, group_thousands, run};
use crate::error::Error;
use crate::model::plan::Plan;
use crate::report::document::{Document, option_part};
use crate::report::target::draws_file;
use crate::report::{draws, json};

/// `sroi run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The model (or scenario) file.
    pub file: PathBuf,
    /// Also write every draw to this CSV file (ratio, totals and every named quantity).
    #[arg(long, value_name = "PATH.csv")]
    pub draws: Option<PathBuf>,
    /// Draw until every ratio figure (expected, mean, median, both interval ends) is
    /// within ± this of its value on endless draws (95%), starting from -n.
    #[arg(long, value_parser = parse_precision, value_name = "±RATIO", conflicts_with = "shard")]
    pub precision: Option<f64>,
    #[command(flatten)]
    pub draw: DrawArgs,
    #[command(flatten)]
    pub interval: IntervalArgs,
    #[command(flatten)]
    pub thresholds: ThresholdArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// Loads the model, samples it (all of it, a shard, or until it settles), and writes
/// the result and any draws asked for.
pub fn execute(args: &RunArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    if let Some(d) = &args.draws {
        draws_file(d, args.output.force)?;
    }
    let loaded = shell.load(&args.file)?;
    let plan = Plan::new(&loaded.model);
    let opts = args.draw.options(
        shell,
        loaded.model.iterations,
        Some(&args.interval),
        Some(&args.thresholds),
    );
    if let Some(k_of) = args.shard.shard {
        let job = RunJob::new(&plan, &opts);
        let sources = [Source {
            plan: &plan,
            columns: job.columns.clone(),
        }];
        return shard(
            &args.output,
            args.shard.given.as_deref(),
            k_of,
            ("run", None),
            std::slice::from_ref(&loaded),
            &opts,
            &sources,
            &job.series,
        )
        .map_err(|(_, b)| breach_error(&loaded.model, &opts, &b))?;
    }
    let (result, opts) = match args.precision {
        Some(tolerance) => {
            let settled = run_to_precision(&loaded, &plan, &opts, tolerance)?;
            shell.note(&format!("{}\n", settled_note(&settled.rounds, tolerance)));
            let opts = RunSettings {
                iterations: settled.report.iterations,
                ..opts
            };
            (settled.report, opts)
        }
        None => (run(&loaded, &plan, &opts)?, opts),
    };
    shell.warn_precision(&result.headline.monte_carlo_error, 1);
    if let Some(d) = &args.draws {
        let options = [(&loaded.model, &plan)];
        draws::write_file(d, &options, &opts, false)?;
    }
    shell.deliver(&t, result, |result| {
        let json = json::render(&result);
        Ok(Document {
            options: vec![option_part(&loaded, &plan, &opts, result)?],
            sensitivity: None,
            comparison: None,
            voi: None,
            json,
        })
    })
}

/// The rounds `--precision` took, in one line for standard error.
fn settled_note(rounds: &[usize], tolerance: f64) -> String {
    let draws: Vec<String> = rounds.iter().map(|&n| group_thousands(n as u64)).collect();
    format!(
        "precision: every ratio figure within ±{tolerance} (95%) at {} draws (rounds: {})",
        draws.last().map_or("0", String::as_str),
        draws.join(" → ")
    )
}
