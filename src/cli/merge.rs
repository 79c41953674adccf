//! `sroi merge`: the parts of a sharded `run` or `compare`, checked against the files
//! they came from and merged into the output of the whole run; or, when a percentile
//! fell outside the draws the parts kept, the merged first round for a second.

use std::path::{Path, PathBuf};

use clap::Args;

use super::args::OutputArgs;
use super::output::Shell;
use super::shard::{merged, provenance};
use crate::analysis::stream::Finished;
use crate::analysis::summary::RunSettings;
use crate::error::Error;
use crate::model::load::load;
use crate::report::output::emit;
use crate::report::part::{self, Payload, Stage};

/// `sroi merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The parts, one per shard, in any order.
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Reads and checks the parts, then writes the merged output or the first round.
pub fn execute(args: &MergeArgs, shell: &Shell) -> Result<(), Error> {
    let t = args.output.target()?;
    let Some(text) = t.text() else {
        return Err(Error::Usage(
            "`sroi merge` writes a table, JSON, CSV or Markdown; for a web page or workbook, run `sroi report` on the model".into(),
        ));
    };
    let parts = args
        .parts
        .iter()
        .map(|p| part::read(&p.display().to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(p) = parts.iter().find(|p| p.header.stage == Stage::Given) {
        return Err(Error::Part {
            path: p.path.clone(),
            reason: "it is the merged first round: give it to every shard with --given, then merge their parts".into(),
        });
    }
    part::check_shards(&parts)?;
    let from = parts[0].header.provenance.clone();
    let mut files = from
        .files
        .iter()
        .map(|f| load(Path::new(f)))
        .collect::<Result<Vec<_>, _>>()?;
    // A sharded comparison is on the price basis its parts record: the year given with
    // --price-year, else the default, the latest among the files.
    let basis = if from.command == "compare" {
        super::output::on_one_basis(&mut files, from.price_year)?.notes
    } else {
        Vec::new()
    };
    let opts = RunSettings {
        iterations: from.iterations as usize,
        seed: from.seed,
        sampling: from.sampling,
        threads: None,
        ci_level: from.ci_level,
        progress: false,
        thresholds: from.thresholds.clone(),
    };
    if provenance(&from.command, &files, &opts, from.price_year).models != from.models {
        return Err(Error::Part {
            path: parts[0].path.clone(),
            reason: format!(
                "{} changed since the parts were written; run the shards again",
                from.files
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let mut payloads = parts.into_iter().map(|p| p.payload);
    match payloads.next() {
        Some(Payload::First(mut first)) => {
            for p in payloads {
                if let Payload::First(other) = p {
                    first.merge(&other);
                }
            }
            let given = first.given(opts.ci_level);
            if given.complete() {
                let finished = Finished::of(&given, &given.empty_second(), opts.ci_level);
                let text = merged(&from, &files, &basis, &opts, &finished, text)?;
                return shell.send(&t, text.as_bytes());
            }
            let Some(output) = t.path.as_deref() else {
                return Err(Error::Usage(
                    "a percentile fell outside the draws the shards kept around it, so a second round is needed: name the merged first round with -o (e.g. -o given.part), run every shard again with --given it, and merge those parts".into(),
                ));
            };
            shell.note(&format!(
                "A second round is needed: run every shard again with --given {}, then merge those parts.\n",
                output.display()
            ));
            let text = part::write(&from, None, &Payload::Given(given))?;
            emit(&text, Some(output), t.force)?;
            shell.wrote(output);
            Ok(())
        }
        Some(Payload::Second(mut second)) => {
            for p in payloads {
                if let Payload::Second(other) = p {
                    second.second.merge(&other.second);
                }
            }
            let finished = Finished::of(&second.given, &second.second, opts.ci_level);
            let text = merged(&from, &files, &basis, &opts, &finished, text)?;
            shell.send(&t, text.as_bytes())
        }
        _ => unreachable!("stages checked above"),
    }
}
