//! The command line: arguments (clap) and what each command does with them.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::analysis::compare::{CompareJob, compare_notes, compare_report};
use crate::analysis::portfolio::Objective;
use crate::analysis::precision::MonteCarloError;
use crate::analysis::sensitivity::analyse;
use crate::analysis::settle::run_to_precision;
use crate::analysis::stream::{Finished, Givens, Partial, Series, Source, shard_pass, shard_range};
use crate::analysis::summary::{
    RunJob, RunOptions, breach_error, group_thousands, run, run_report,
};
use crate::error::Error;
use crate::model::load::{Loaded, load};
use crate::model::plan::Plan;
use crate::model::portfolio::load_portfolio;
use crate::report::document::{Document, option_part, run_part};
use crate::report::output::emit;
use crate::report::part::{self, Part, Payload, Provenance, SecondPart, Stage};
use crate::report::target::{Target, draws_file, target};
use crate::report::{Format, Report, draws, html, json, plus_minus, voi, xlsx};
use crate::sample::engine::Breaches;

/// The seed used when none is given (printed with every result).
pub const DEFAULT_SEED: u64 = 42;
/// The number of draws when neither the command line nor the model says.
pub const DEFAULT_ITERATIONS: u64 = 100_000;
/// Runs with at least this many draws show a progress bar (on a terminal).
const PROGRESS_FROM: usize = 1_000_000;

/// Social return on investment with honest uncertainty.
#[derive(Debug, Parser)]
#[command(name = "sroi", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sample a model and report its SROI ratio with intervals.
    Run(RunArgs),
    /// Validate a model without sampling, and summarise it.
    Check(CheckArgs),
    /// Compare models or scenarios on the same draws: each later file minus the first.
    Compare(CompareArgs),
    /// Which assumptions matter: tornado, switching values, groups, rank correlations.
    // The percentiles are the spec's 5th and 95th, so the shared interval level is hidden,
    // and so are the acceptability thresholds, which it does not report.
    #[command(mut_arg("ci_level", |a| a.hide(true)), mut_arg("thresholds", |a| a.hide(true)))]
    Sensitivity(SensitivityArgs),
    /// Merge the parts of a sharded `run` or `compare` (`--shard K/N`) into its output.
    Merge(MergeArgs),
    /// Write a report to read, print or share: one file's run and sensitivity, or several
    /// files' comparison and each one's summary, as a web page (.html) or workbook (.xlsx).
    #[command(mut_arg("output", |a| a.required(true)))]
    Report(ReportArgs),
    /// List or search the proxy library (`sroi proxies [TERM]`), or show one (`show ID`).
    Proxies(ProxiesArgs),
    /// The best mix of whole units of several schemes within a budget, on the same draws.
    // Acceptability thresholds are a run's; a portfolio reports its own figures.
    #[command(mut_arg("thresholds", |a| a.hide(true)))]
    Portfolio(PortfolioArgs),
    /// What to measure next: the value of knowing each uncertain quantity before deciding
    /// (EVPI and EVPPI). One file: fund it or not; several: which option.
    #[command(mut_arg("ci_level", |a| a.hide(true)), mut_arg("thresholds", |a| a.hide(true)))]
    Voi(VoiArgs),
}

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
    #[command(flatten)]
    pub sample: SampleArgs,
}

fn parse_objective(s: &str) -> Result<Objective, String> {
    s.parse()
}

/// `sroi proxies`.
#[derive(Debug, Args)]
pub struct ProxiesArgs {
    /// Words to search for in the identifiers, names, units, categories and sources; or
    /// `show ID` for one proxy in full.
    #[arg(value_name = "TERM")]
    pub words: Vec<String>,
    /// Also load this library file (may be repeated), as a model's `[model] proxies` does.
    #[arg(long = "library", value_name = "FILE")]
    pub libraries: Vec<PathBuf>,
}

/// Options shared by the commands that sample.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Number of Monte Carlo draws [default: the model's `iterations`, else 100000].
    #[arg(short = 'n', long, value_parser = parse_iterations)]
    pub iterations: Option<u64>,
    /// Seed of every random stream: the same file, draws and seed give the same output.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Threads to sample on [default: all cores]. The output does not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Interval level, between 0 and 1.
    #[arg(long = "ci", default_value_t = 0.95, value_parser = parse_level)]
    pub ci_level: f64,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output to this file instead of standard output (`-` for standard output).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Ratios at which to report the chance of reaching them [default: 1,2,3,5].
    #[arg(long, value_delimiter = ',', value_parser = parse_threshold, value_name = "RATIOS")]
    pub thresholds: Vec<f64>,
}

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
    pub sample: SampleArgs,
    #[command(flatten)]
    pub shard: ShardArgs,
}

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

/// `sroi merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The parts, one per shard, in any order.
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Output format [default: from the -o file's extension, else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output to this file instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the -o file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `sroi compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The model or scenario files; the first is the baseline the others are measured from.
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Also write every draw of every option to this CSV file (one row per draw per option).
    #[arg(long, value_name = "PATH.csv")]
    pub draws: Option<PathBuf>,
    #[command(flatten)]
    pub sample: SampleArgs,
    #[command(flatten)]
    pub shard: ShardArgs,
}

/// `sroi report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The model or scenario files: one for its run and sensitivity, several to compare
    /// (the first is the baseline).
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The ratio switching values aim for (one file).
    #[arg(long, default_value_t = 1.0, value_parser = parse_target, allow_negative_numbers = true)]
    pub target: f64,
    /// Add what to measure next: the value of information of the decision (as `sroi voi`).
    #[arg(long)]
    pub voi: bool,
    #[command(flatten)]
    pub sample: SampleArgs,
}

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

/// `sroi sensitivity`.
#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// The model (or scenario) file.
    pub file: PathBuf,
    /// The ratio switching values aim for: how far must each figure move for this?
    #[arg(long, default_value_t = 1.0, value_parser = parse_target, allow_negative_numbers = true)]
    pub target: f64,
    #[command(flatten)]
    pub sample: SampleArgs,
}

/// `sroi voi`.
#[derive(Debug, Args)]
pub struct VoiArgs {
    /// The model or scenario files: one (fund it or not) or several (which to choose).
    #[arg(required = true, num_args = 1.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Quantities to value together: NAME=Q1,Q2,... (repeat for more groups).
    #[arg(long = "group", value_name = "NAME=Q1,Q2,...", value_parser = crate::analysis::voi::groups::parse_group)]
    pub groups: Vec<crate::analysis::voi::groups::GroupSpec>,
    #[command(flatten)]
    pub sample: SampleArgs,
}

fn parse_iterations(s: &str) -> Result<u64, String> {
    match s.replace('_', "").parse::<u64>() {
        Ok(n) if (1..=crate::model::checked::MAX_ITERATIONS as u64).contains(&n) => Ok(n),
        _ => Err(format!(
            "the number of draws must be a whole number from 1 to 1,000,000,000; got {s}"
        )),
    }
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
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

fn parse_precision(s: &str) -> Result<f64, String> {
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

fn parse_target(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err(format!(
            "the target must be a positive ratio, such as 1 (break even) or 2.5; got {s}"
        )),
    }
}

impl SampleArgs {
    /// The run options, given the model's own default number of draws.
    pub fn options(&self, model_iterations: Option<u64>) -> RunOptions {
        let iterations = self
            .iterations
            .or(model_iterations)
            .unwrap_or(DEFAULT_ITERATIONS) as usize;
        RunOptions {
            iterations,
            seed: self.seed,
            threads: self.threads.map(|t| t as usize),
            ci_level: self.ci_level,
            progress: iterations >= PROGRESS_FROM && std::io::stderr().is_terminal(),
            thresholds: self.thresholds(),
        }
    }

    /// The acceptability thresholds asked for, ascending and without repeats.
    fn thresholds(&self) -> Vec<f64> {
        let mut t = if self.thresholds.is_empty() {
            crate::analysis::summary::DEFAULT_THRESHOLDS.to_vec()
        } else {
            self.thresholds.clone()
        };
        t.sort_by(f64::total_cmp);
        t.dedup();
        t
    }

    /// Where the output goes and in what format (`--format`, else the -o file's
    /// extension, else a table), with every check on the -o path done: call it before
    /// sampling.
    pub fn target(&self) -> Result<Target, Error> {
        let t = target(
            self.format,
            self.output.as_deref(),
            self.force,
            Format::Table,
        )?;
        fit_tables(&t);
        Ok(t)
    }
}

/// Sends rendered output where the target says.
fn send(t: &Target, bytes: &[u8]) -> Result<(), Error> {
    emit(bytes, t.path.as_deref(), t.force)
}

/// Fits tables to the terminal they will be shown in; anywhere else (a file, a pipe),
/// to 100 columns.
fn fit_tables(t: &Target) {
    fit_terminal(t.path.is_none());
}

/// Fits tables and text to the terminal when `to_terminal` output goes to standard
/// output, else to 100 columns.
fn fit_terminal(to_terminal: bool) {
    let columns = if to_terminal {
        crate::report::table::terminal_columns()
    } else {
        None
    };
    crate::report::table::set_width(columns.unwrap_or(crate::report::table::DEFAULT_WIDTH));
}

/// A whole document in a written format.
fn render_document(doc: &Document, format: Format) -> Result<Vec<u8>, Error> {
    match format {
        Format::Xlsx => xlsx::render(doc),
        _ => html::render(doc).map(String::into_bytes),
    }
}

/// Runs a parsed command line.
pub fn execute(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Run(args) => run_command(&args),
        Command::Check(args) => check_command(&args),
        Command::Compare(args) => compare_command(&args),
        Command::Sensitivity(args) => sensitivity_command(&args),
        Command::Merge(args) => merge_command(&args),
        Command::Report(args) => report_command(&args),
        Command::Proxies(args) => proxies_command(&args),
        Command::Portfolio(args) => portfolio_command(&args),
        Command::Voi(args) => voi_command(&args),
    }
}

fn portfolio_command(args: &PortfolioArgs) -> Result<(), Error> {
    let t = args.sample.target()?;
    if t.format.is_document() {
        return Err(Error::Usage(
            "`sroi portfolio` writes a table, JSON, CSV or Markdown; choose one of those with -o or --format".into(),
        ));
    }
    let p = load_portfolio(&args.file)?;
    let opts = args.sample.options(None);
    let result = crate::analysis::portfolio::portfolio(&p, &opts, args.objective)?;
    send(&t, result.render(t.format).as_bytes())
}

/// Loads a model and prints its warnings, once, on standard error.
fn load_warned(file: &Path) -> Result<crate::model::load::Loaded, Error> {
    let loaded = load(file)?;
    eprint!("{}", loaded.render_warnings());
    Ok(loaded)
}

fn run_command(args: &RunArgs) -> Result<(), Error> {
    let t = args.sample.target()?;
    if let Some(d) = &args.draws {
        draws_file(d, args.sample.force)?;
    }
    let loaded = load_warned(&args.file)?;
    let plan = Plan::new(&loaded.model);
    let opts = args.sample.options(loaded.model.iterations);
    if let Some(shard) = args.shard.shard {
        let job = RunJob::new(&plan, &opts);
        let sources = [Source {
            plan: &plan,
            columns: job.columns.clone(),
        }];
        let provenance = provenance("run", std::slice::from_ref(&loaded), &opts);
        return shard_command(
            &args.sample,
            args.shard.given.as_deref(),
            shard,
            &provenance,
            &opts,
            &sources,
            &job.series,
        )
        .map_err(|(_, b)| breach_error(&loaded.model, &opts, &b))?;
    }
    let (result, opts) = match args.precision {
        Some(tolerance) => {
            let settled = run_to_precision(&loaded, &plan, &opts, tolerance)?;
            eprintln!("{}", settled_note(&settled.rounds, tolerance));
            let opts = RunOptions {
                iterations: settled.report.iterations,
                ..opts
            };
            (settled.report, opts)
        }
        None => (run(&loaded, &plan, &opts)?, opts),
    };
    warn_precision(&result.headline.monte_carlo_error, 1);
    if let Some(d) = &args.draws {
        let options = [(&loaded.model, &plan)];
        draws::write_file(d, &options, opts.seed, opts.iterations, opts.threads, false)?;
    }
    let bytes = if t.format.is_document() {
        let json = json::render(&result);
        let doc = Document {
            options: vec![option_part(&loaded, &plan, &opts, result)?],
            sensitivity: None,
            comparison: None,
            voi: None,
            json,
        };
        render_document(&doc, t.format)?
    } else {
        result.render(t.format).into_bytes()
    };
    send(&t, &bytes)
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

/// Warns on standard error when a run's draws are too few for the digits it prints,
/// filled to the width tables take.
fn warn_precision(m: &MonteCarloError, options: usize) {
    if m.too_few_draws {
        let whose = if options > 1 {
            " (of the least settled option)"
        } else {
            ""
        };
        let text = format!(
            "warning: too few draws for the digits shown: with other draws the ratio's figures could move by {} and the chance above 1 by {} points{whose}; about {} draws (-n {}) would settle every figure to its last digit",
            plus_minus(m.ratio_precision),
            plus_minus(m.chance_precision * 100.0),
            group_thousands(m.draws_for_printed_digits),
            m.draws_for_printed_digits,
        );
        eprint!(
            "{}",
            crate::report::text::wrap(&text, crate::report::table::stderr_columns(), "", "  ")
        );
    }
}

fn load_all(files: &[PathBuf]) -> Result<Vec<crate::model::load::Loaded>, Error> {
    files.iter().map(|f| load_warned(f)).collect()
}

fn compare_command(args: &CompareArgs) -> Result<(), Error> {
    let t = args.sample.target()?;
    if let Some(d) = &args.draws {
        draws_file(d, args.sample.force)?;
    }
    let files = load_all(&args.files)?;
    let opts = args.sample.options(files[0].model.iterations);
    if let Some(shard) = args.shard.shard {
        compare_notes(&files)?;
        let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
        let job = CompareJob::new(&plans, &opts);
        let sources = job.sources(&plans);
        let provenance = provenance("compare", &files, &opts);
        return shard_command(
            &args.sample,
            args.shard.given.as_deref(),
            shard,
            &provenance,
            &opts,
            &sources,
            &job.series,
        )
        .map_err(|(i, b)| breach_error(&files[i].model, &opts, &b))?;
    }
    let result = crate::analysis::compare::compare(&files, &opts)?;
    let worst = result
        .scenarios
        .iter()
        .map(|s| &s.headline.monte_carlo_error)
        .max_by_key(|m| m.draws_for_printed_digits);
    if let Some(m) = worst {
        warn_precision(m, result.scenarios.len());
    }
    if let Some(d) = &args.draws {
        let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
        let options: Vec<_> = files.iter().map(|f| &f.model).zip(&plans).collect();
        draws::write_file(d, &options, opts.seed, opts.iterations, opts.threads, true)?;
    }
    let bytes = if t.format.is_document() {
        let doc = Document {
            options: files
                .iter()
                .map(|f| run_part(f, &opts))
                .collect::<Result<_, _>>()?,
            sensitivity: None,
            json: json::render(&result),
            comparison: Some(result),
            voi: None,
        };
        render_document(&doc, t.format)?
    } else {
        result.render(t.format).into_bytes()
    };
    send(&t, &bytes)
}

fn sensitivity_command(args: &SensitivityArgs) -> Result<(), Error> {
    let t = args.sample.target()?;
    let loaded = load_warned(&args.file)?;
    let plan = Plan::new(&loaded.model);
    let opts = args.sample.options(loaded.model.iterations);
    let result = analyse(&loaded.model, &plan, &loaded.file, &opts, args.target)?;
    let bytes = if t.format.is_document() {
        let doc = Document {
            options: vec![run_part(&loaded, &opts)?],
            json: json::render(&result),
            sensitivity: Some(result),
            comparison: None,
            voi: None,
        };
        render_document(&doc, t.format)?
    } else {
        result.render(t.format).into_bytes()
    };
    send(&t, &bytes)
}

/// What `sroi report` embeds: one file's run and sensitivity, or several files'
/// comparison and each one's run; with `--voi`, the value of information too.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum ReportJson<'a> {
    One {
        run: &'a crate::analysis::summary::RunReport,
        sensitivity: &'a crate::analysis::sensitivity::SensitivityReport,
        #[serde(skip_serializing_if = "Option::is_none")]
        voi: Option<&'a crate::analysis::voi::VoiReport>,
    },
    Several {
        comparison: &'a crate::analysis::compare::CompareReport,
        runs: Vec<&'a crate::analysis::summary::RunReport>,
        #[serde(skip_serializing_if = "Option::is_none")]
        voi: Option<&'a crate::analysis::voi::VoiReport>,
    },
}

fn report_command(args: &ReportArgs) -> Result<(), Error> {
    let t = args.sample.target()?;
    if !t.format.is_document() {
        return Err(Error::Usage(
            "a report is a web page or a workbook: name the file with .html or .xlsx, e.g. -o report.html"
                .into(),
        ));
    }
    let files = load_all(&args.files)?;
    let opts = args.sample.options(files[0].model.iterations);
    let mut doc = Document {
        options: files
            .iter()
            .map(|f| run_part(f, &opts))
            .collect::<Result<_, _>>()?,
        sensitivity: None,
        comparison: None,
        voi: None,
        json: String::new(),
    };
    if args.voi {
        doc.voi = Some(crate::analysis::voi::voi(&files, &opts, &[])?);
    }
    let voi = doc.voi.as_ref();
    if let [one] = files.as_slice() {
        let plan = Plan::new(&one.model);
        let s = analyse(&one.model, &plan, &one.file, &opts, args.target)?;
        doc.json = json::render(&ReportJson::One {
            run: &doc.options[0].run,
            sensitivity: &s,
            voi,
        });
        doc.sensitivity = Some(s);
    } else {
        let c = crate::analysis::compare::compare(&files, &opts)?;
        doc.json = json::render(&ReportJson::Several {
            comparison: &c,
            runs: doc.options.iter().map(|p| &p.run).collect(),
            voi,
        });
        doc.comparison = Some(c);
    }
    send(&t, &render_document(&doc, t.format)?)
}

fn voi_command(args: &VoiArgs) -> Result<(), Error> {
    let t = args.sample.target()?;
    let files = load_all(&args.files)?;
    let opts = args.sample.options(files[0].model.iterations);
    let result = crate::analysis::voi::voi(&files, &opts, &args.groups)?;
    let bytes = match t.format {
        Format::Html => voi::page::render(&result, &json::render(&result))?.into_bytes(),
        Format::Xlsx => voi::sheets::render(&result)?,
        _ => result.render(t.format).into_bytes(),
    };
    send(&t, &bytes)
}

fn check_command(args: &CheckArgs) -> Result<(), Error> {
    fit_terminal(true);
    let loaded = load_warned(&args.file)?;
    let plan = Plan::new(&loaded.model);
    let mut text = crate::report::check::render(&loaded, &plan);
    if !args.assurance {
        return emit(&text, None, false);
    }
    let findings = crate::analysis::assurance::assess(&loaded, &plan);
    text.push_str(&crate::report::check::render_assurance(&findings));
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

fn proxies_command(args: &ProxiesArgs) -> Result<(), Error> {
    use crate::model::proxy::library::Library;
    use crate::report::proxies::{render_list, render_show};
    fit_terminal(true);
    let lib = Library::with_files(&args.libraries)?;
    let text = match args.words.as_slice() {
        [show, id] if show == "show" => match lib.get(id) {
            Some(e) => render_show(e),
            None => {
                let ids = lib.entries.iter().map(|e| e.id.as_str());
                return Err(Error::Usage(format!(
                    "no proxy `{id}` in the library{}; `sroi proxies TERM` searches it",
                    crate::model::suggest::did_you_mean(id, ids)
                )));
            }
        },
        [show] if show == "show" => {
            return Err(Error::Usage(
                "`sroi proxies show` needs a proxy's ID, e.g. `sroi proxies show wellby`".into(),
            ));
        }
        [] => render_list(&lib, None),
        words => render_list(&lib, Some(&words.join(" "))),
    };
    emit(&text, None, false)
}

/// What a sharded run of `files` under `opts` comes from.
fn provenance(command: &str, files: &[Loaded], opts: &RunOptions) -> Provenance {
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
        ci_level: opts.ci_level,
        thresholds: opts.thresholds.clone(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// One shard's pass: the first, or the second given the merged first; written with -o.
/// A draw that breaks a rule comes back as the index of its source and the breaches.
#[allow(clippy::too_many_arguments)]
fn shard_command(
    sample: &SampleArgs,
    given: Option<&Path>,
    (k, of): (usize, usize),
    provenance: &Provenance,
    opts: &RunOptions,
    sources: &[Source],
    series: &dyn Series,
) -> Result<Result<(), Error>, (usize, Breaches)> {
    let Some(output) = sample.output.as_deref() else {
        return Ok(Err(Error::Usage(
            "--shard writes a partial result: name its file with -o (e.g. -o part-3.json), then `sroi merge` the parts".into(),
        )));
    };
    let givens = match given.map(read_given).transpose() {
        Ok(g) => g,
        Err(e) => return Ok(Err(e)),
    };
    if let (Some((part, _)), Some(path)) = (&givens, given) {
        if let Err(e) = part::check_provenance(part, provenance, "this run") {
            return Ok(Err(e));
        }
        if part.header.stage != Stage::Given {
            return Ok(Err(Error::Part {
                path: path.display().to_string(),
                reason: "it is not a merged first round; give --given the file `sroi merge` wrote from the first parts".into(),
            }));
        }
    }
    let range = shard_range(opts.iterations, k, of);
    let found = shard_pass(
        sources,
        series,
        opts.seed,
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
    Ok(part::write(provenance, Some((k, of)), &payload)
        .and_then(|text| emit(&text, Some(output), sample.force)))
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

fn merge_command(args: &MergeArgs) -> Result<(), Error> {
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
    let provenance = parts[0].header.provenance.clone();
    let files = provenance
        .files
        .iter()
        .map(|f| load(Path::new(f)))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = RunOptions {
        iterations: provenance.iterations as usize,
        seed: provenance.seed,
        threads: None,
        ci_level: provenance.ci_level,
        progress: false,
        thresholds: provenance.thresholds.clone(),
    };
    let now = self::provenance(&provenance.command, &files, &opts);
    if now.models != provenance.models {
        return Err(Error::Part {
            path: parts[0].path.clone(),
            reason: format!(
                "{} changed since the parts were written; run the shards again",
                provenance
                    .files
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(Format::Table);
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
                let text = report(&provenance, &files, &opts, &finished, format)?;
                return emit(&text, args.output.as_deref(), args.force);
            }
            let Some(output) = args.output.as_deref() else {
                return Err(Error::Usage(
                    "a percentile fell outside the draws the shards kept around it, so a second round is needed: name the merged first round with -o (e.g. -o given.part), run every shard again with --given it, and merge those parts".into(),
                ));
            };
            eprintln!(
                "A second round is needed: run every shard again with --given {}, then merge those parts.",
                output.display()
            );
            let text = part::write(&provenance, None, &Payload::Given(given))?;
            emit(&text, Some(output), args.force)
        }
        Some(Payload::Second(mut second)) => {
            for p in payloads {
                if let Payload::Second(other) = p {
                    second.second.merge(&other.second);
                }
            }
            let finished = Finished::of(&second.given, &second.second, opts.ci_level);
            let text = report(&provenance, &files, &opts, &finished, format)?;
            emit(&text, args.output.as_deref(), args.force)
        }
        _ => unreachable!("stages checked above"),
    }
}

/// The output of a merged run or comparison.
fn report(
    provenance: &Provenance,
    files: &[Loaded],
    opts: &RunOptions,
    finished: &Finished,
    format: Format,
) -> Result<String, Error> {
    Ok(if provenance.command == "compare" {
        let notes = compare_notes(files)?;
        let plans: Vec<Plan> = files.iter().map(|f| Plan::new(&f.model)).collect();
        let job = CompareJob::new(&plans, opts);
        compare_report(files, &plans, opts, notes, &job, finished).render(format)
    } else {
        let plan = Plan::new(&files[0].model);
        let job = RunJob::new(&plan, opts);
        run_report(&files[0], &plan, opts, &job, finished).render(format)
    })
}
