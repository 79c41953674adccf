//! `sroi check`: validate a model without sampling and summarise it; with
//! `--assurance`, the over-claiming risks an assessor would question.

use std::path::PathBuf;

use clap::Args;

use super::args::Listing;
use super::output::{Shell, stdout_width};
use crate::analysis::assurance::{Finding, assess};
use crate::error::Error;
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::model::portfolio::{Portfolio, is_portfolio, load_portfolio};
use crate::report::check::{json, render, render_assurance};
use crate::report::money;
use crate::report::output::emit;
use crate::report::target::DEFAULT_WIDTH;

/// `sroi check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The model, scenario or portfolio file.
    pub file: PathBuf,
    /// Also report over-claiming risks an assessor would question, with rule codes.
    #[arg(long)]
    pub assurance: bool,
    /// With --assurance: exit 1 on any finding not accepted, warnings included (for CI).
    #[arg(long, requires = "assurance")]
    pub deny_warnings: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Listing,
}

/// Loads and checks the model (or a portfolio and each candidate), prints its summary
/// and any findings.
pub fn execute(args: &CheckArgs, shell: &Shell) -> Result<(), Error> {
    let models = if is_portfolio(&args.file) {
        let p = load_portfolio(&args.file)?;
        for c in &p.candidates {
            shell.note(&c.loaded.render_warnings());
        }
        let head = portfolio_head(&p);
        let models: Vec<Loaded> = p.candidates.into_iter().map(|c| c.loaded).collect();
        Checked::Portfolio(head, models)
    } else {
        Checked::One(Box::new(shell.load(&args.file)?))
    };
    let loaded = models.loaded();
    let plans: Vec<Plan> = loaded.iter().map(|l| Plan::new(&l.model)).collect();
    let findings: Option<Vec<Vec<Finding>>> = args.assurance.then(|| {
        loaded
            .iter()
            .zip(&plans)
            .map(|(l, p)| assess(l, p))
            .collect()
    });
    let each = |i: usize| findings.as_ref().map(|f| f[i].as_slice());
    let width = stdout_width(DEFAULT_WIDTH);
    let text = match (&models, args.format) {
        (Checked::One(l), Listing::Json) => {
            crate::report::json::render(&json(l, &plans[0], each(0)))
        }
        (Checked::One(l), Listing::Table) => text(l, &plans[0], each(0), width),
        (Checked::Portfolio(head, ls), Listing::Json) => {
            let candidates: Vec<serde_json::Value> = ls
                .iter()
                .enumerate()
                .map(|(i, l)| json(l, &plans[i], each(i)))
                .collect();
            let mut out = head.json.clone();
            out["candidates"] = candidates.into();
            crate::report::json::render(&out)
        }
        (Checked::Portfolio(head, ls), Listing::Table) => {
            let mut out = head.text.clone();
            for (i, l) in ls.iter().enumerate() {
                out.push('\n');
                out.push_str(&text(l, &plans[i], each(i), width));
            }
            out
        }
    };
    emit(&text, None, false)?;
    // Accepted findings never count; errors always do, warnings with --deny-warnings.
    let count = findings
        .iter()
        .flatten()
        .flatten()
        .filter(|f| f.counts(args.deny_warnings))
        .count();
    if count > 0 {
        return Err(Error::Denied(format!(
            "{count} assurance finding{} in {}{}",
            if count == 1 { "" } else { "s" },
            args.file.display(),
            if args.deny_warnings {
                " (--deny-warnings; accepted findings are not counted)"
            } else {
                " at level error (accepted findings are not counted)"
            }
        )));
    }
    Ok(())
}

/// A model, or a portfolio's head and its candidates.
enum Checked {
    One(Box<Loaded>),
    Portfolio(PortfolioHead, Vec<Loaded>),
}

impl Checked {
    fn loaded(&self) -> Vec<&Loaded> {
        match self {
            Checked::One(l) => vec![l],
            Checked::Portfolio(_, ls) => ls.iter().collect(),
        }
    }
}

/// What `check` says of a portfolio before its candidates.
struct PortfolioHead {
    text: String,
    json: serde_json::Value,
}

fn portfolio_head(p: &Portfolio) -> PortfolioHead {
    let mut text = format!(
        "{}: ok\n{}\n  Portfolio: a budget of {} over {} candidate{}\n",
        p.file,
        p.name,
        money(p.budget, "£"),
        p.candidates.len(),
        if p.candidates.len() == 1 { "" } else { "s" }
    );
    for c in &p.candidates {
        text.push_str(&format!(
            "    {} (at most {} unit{})\n",
            c.file,
            c.max_units,
            if c.max_units == 1 { "" } else { "s" }
        ));
    }
    let json = serde_json::json!({
        "file": p.file,
        "portfolio": p.name,
        "budget": p.budget,
        "valid": true,
    });
    PortfolioHead { text, json }
}

/// The summary of one model, and its findings when asked, filled to `width` columns.
fn text(loaded: &Loaded, plan: &Plan, findings: Option<&[Finding]>, width: usize) -> String {
    let mut text = render(loaded, plan, width);
    if let Some(f) = findings {
        text.push_str(&render_assurance(&loaded.model, f, width));
    }
    text
}
