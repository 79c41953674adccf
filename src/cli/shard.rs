//! The shard protocol (spec §12): a run or comparison split into `--shard K/N` parts,
//! each written with its provenance, merged by `sroi merge`; when a percentile falls
//! outside the draws the first round kept, a second round `--given` the merged first.
//! Commands call [`shard`] for one part; `merge` checks the parts against the files
//! they came from ([`provenance`]) and finishes them ([`merged`]).

use std::path::{Path, PathBuf};

use clap::Args;

use super::args::{OutputArgs, parse_shard};
use crate::analysis::compare::{CompareJob, compare_notes, compare_report};
use crate::analysis::stream::{Finished, Givens, Partial, Series, Source, shard_pass, shard_range};
use crate::analysis::summary::{RunJob, RunSettings, run_report};
use crate::error::Error;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::report::output::emit;
use crate::report::part::{self, Part, Payload, Provenance, SecondPart, Stage};
use crate::report::{Render, Text};
use crate::sample::engine::Breaches;

/// Splitting the draws of `run` or `compare` across tasks (spec §12).
#[derive(Debug, Args)]
pub struct ShardArgs {
    /// Draw only share K of N of the draws and write a partial result with -o; `sroi
    /// merge` of the N parts gives the output of the whole run.
    #[arg(long, value_parser = parse_shard, value_name = "K/N")]
    pub shard: Option<(usize, usize)>,
    /// The first round merged (`sroi merge` of the first parts): write this shard's
    /// second-round part.
    #[arg(long, value_name = "PATH", requires = "shard")]
    pub given: Option<PathBuf>,
}

/// What a sharded run of `files` under `opts` comes from.
pub fn provenance(
    command: &str,
    files: &[Loaded],
    opts: &RunSettings,
    price_year: Option<i64>,
) -> Provenance {
    // The files' text, and the compiled plans, which hold everything the draws depend
    // on, whichever file it came from: a scenario's base model, a proxy library, the
    // deflators. (Debug output of a plan has no hashed maps, so it is the same in every
    // process of one version.)
    let mut fingerprint: Vec<String> = files.iter().map(|f| f.source.clone()).collect();
    fingerprint.extend(files.iter().map(|f| format!("{:?}", Plan::new(&f.model))));
    Provenance {
        command: command.into(),
        files: files.iter().map(|f| f.file.clone()).collect(),
        models: part::checksum(&fingerprint.join("\u{0}")),
        iterations: opts.iterations as u64,
        seed: opts.seed,
        sampling: opts.sampling,
        ci_level: opts.ci_level,
        thresholds: opts.thresholds.clone(),
        price_year,
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// One shard's pass of `command` over `files`: the first, or the second given the
/// merged first; written with -o. `price_year` is the year a comparison was put on with
/// `--price-year`, recorded in the part. A draw that breaks a rule comes back as the index
/// of its source and the breaches.
#[allow(clippy::too_many_arguments)]
pub fn shard(
    output: &OutputArgs,
    given: Option<&Path>,
    (k, of): (usize, usize),
    (command, price_year): (&str, Option<i64>),
    files: &[Loaded],
    opts: &RunSettings,
    sources: &[Source],
    series: &dyn Series,
) -> Result<Result<(), Error>, (usize, Breaches)> {
    let provenance = provenance(command, files, opts, price_year);
    let Some(path) = output.output.as_deref() else {
        return Ok(Err(Error::Usage(
            "--shard writes a partial result: name its file with -o (e.g. -o part-3.json), then `sroi merge` the parts".into(),
        )));
    };
    let givens = match given.map(read_given).transpose() {
        Ok(g) => g,
        Err(e) => return Ok(Err(e)),
    };
    if let (Some((part, _)), Some(given_path)) = (&givens, given) {
        if let Err(e) = part::check_provenance(part, &provenance, "this run") {
            return Ok(Err(e));
        }
        if part.header.stage != Stage::Given {
            return Ok(Err(Error::Part {
                path: given_path.display().to_string(),
                reason: "it is not a merged first round; give --given the file `sroi merge` wrote from the first parts".into(),
            }));
        }
    }
    let range = shard_range(opts.iterations, k, of);
    let found = shard_pass(
        sources,
        series,
        opts.seed,
        opts.uniforms(),
        range,
        opts.ci_level,
        givens.as_ref().map(|(_, g)| g),
        opts.threads,
        opts.progress,
    )?;
    let payload = match (found, givens) {
        (Partial::First(mut first), _) => {
            // A switch for testing the second round, which is otherwise rarely needed.
            if std::env::var_os("SROI_SHARD_SECOND_ROUND").is_some() {
                first.series.iter_mut().for_each(|s| s.forget_guesses());
            }
            Payload::First(first)
        }
        (Partial::Second(second), Some((_, given))) => {
            Payload::Second(Box::new(SecondPart { given, second }))
        }
        (Partial::Second(_), None) => unreachable!("a second pass is given the first"),
    };
    Ok(part::write(&provenance, Some((k, of)), &payload)
        .and_then(|text| emit(&text, Some(path), output.force)))
}

/// Reads a merged first round given with --given.
fn read_given(path: &Path) -> Result<(Part, Givens), Error> {
    let part = part::read(&path.display().to_string())?;
    match &part.payload {
        Payload::Given(g) => {
            let g = g.clone();
            Ok((part, g))
        }
        _ => Err(Error::Part {
            path: part.path.clone(),
            reason: "it is not a merged first round; give --given the file `sroi merge` wrote from the first parts".into(),
        }),
    }
}

/// The output of a merged run or comparison; `basis` the notes of the comparison's price
/// basis.
pub fn merged(
    provenance: &Provenance,
    files: &[Loaded],
    basis: &[String],
    opts: &RunSettings,
    finished: &Finished,
    format: Text,
) -> Result<String, Error> {
    Ok(if provenance.command == "compare" {
        let mut notes = basis.to_vec();
        notes.extend(compare_notes(files)?);
        let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
        let job = CompareJob::new(&plans, opts);
        compare_report(files, &plans, opts, notes, &job, finished).render(format)
    } else {
        let plan = Plan::new(&files[0].model);
        let job = RunJob::new(&plan, opts);
        run_report(&files[0], &plan, opts, &job, finished).render(format)
    })
}
