//! `sroi compare`: models or scenarios on the same draws, each later file measured from
//! the first; or one shard of those draws.

use std::path::PathBuf;

use clap::Args;

use super::args::{DrawArgs, IntervalArgs, OutputArgs, ThresholdArgs};
use super::output::{Shell, on_one_basis};
use super::shard::{ShardArgs, shard};
use crate::analysis::compare::{CompareJob, compare, compare_notes};
use crate::analysis::summary::breach_error;
use crate::error::Error;
use crate::model::plan::Plan;
use crate::report::document::{Document, run_part};
use crate::report::target::draws_file;
use crate::report::{draws, json};

/// `sroi compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The model or scenario files; the first is the baseline the others are measured from.
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Also write every draw of every option to this CSV file (one row per draw per option).
    #[arg(long, value_name = "PATH.csv")]
    pub draws: Option<PathBuf>,
    /// Put every option's money at this year's prices (financial years, 2024 = 2024-25;
    /// default: the latest price year among the files).
    #[arg(long, value_name = "YEAR")]
    pub price_year: Option<i64>,
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

/// Loads every option, samples them on common draws (or one shard of them), and writes
/// the comparison and any draws asked for.
pub fn execute(args: &CompareArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    if let Some(d) = &args.draws {
        draws_file(d, args.output.force)?;
    }
    let mut files = shell.load_all(&args.files)?;
    let basis = on_one_basis(&mut files, args.price_year)?;
    let opts = args.draw.options(
        shell,
        files[0].model.iterations,
        Some(&args.interval),
        Some(&args.thresholds),
    );
    if let Some(k_of) = args.shard.shard {
        compare_notes(&files)?;
        let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
        let job = CompareJob::new(&plans, &opts);
        let sources = job.sources(&plans);
        return shard(
            &args.output,
            args.shard.given.as_deref(),
            k_of,
            ("compare", args.price_year),
            &files,
            &opts,
            &sources,
            &job.series,
        )
        .map_err(|(i, b)| breach_error(&files[i].model, &opts, &b))?;
    }
    let mut result = compare(&files, &opts)?;
    result.notes.splice(0..0, basis.notes);
    let worst = result
        .scenarios
        .iter()
        .map(|s| &s.headline.monte_carlo_error)
        .max_by_key(|m| m.draws_for_printed_digits);
    if let Some(m) = worst {
        shell.warn_precision(m, result.scenarios.len());
    }
    if let Some(d) = &args.draws {
        let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
        let options: Vec<_> = files.iter().map(|f| &f.model).zip(&plans).collect();
        draws::write_file(d, &options, &opts, true)?;
    }
    shell.deliver(&t, result, |result| {
        Ok(Document {
            options: files
                .iter()
                .map(|f| run_part(f, &opts))
                .collect::<Result<_, _>>()?,
            sensitivity: None,
            json: json::render(&result),
            comparison: Some(result),
            voi: None,
        })
    })
}
