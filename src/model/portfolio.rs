//! A portfolio file: a budget and the candidates (models or scenarios) it may fund.
//!
//! ```toml
//! [portfolio]
//! name = "Social prescribing fund 2020"
//! budget = 5000000            # against each candidate's mean discounted investment
//!
//! [[candidates]]
//! file = "../scenarios/pledge-2020-link-workers.toml"   # relative to this file
//! max_units = 10              # optional, default 1
//! ```
//!
//! Read like a model: every key checked (with the nearest allowed name for a typo), every
//! problem reported with its line. Each candidate is then loaded as `sroi run` would load
//! it; one that fails is reported with its own error, under a line naming the candidate.

use std::path::Path;

use toml::de::DeTable;

use crate::error::{Diagnostic, Error, ModelError};
use crate::model::load::{Loaded, load};
use crate::model::raw::{At, Ctx, Reader, Span, parse_document, unknown_key};
use crate::model::scenario::resolve;
use crate::model::source::read_text;

/// The keys of `[portfolio]`.
pub const PORTFOLIO_FIELDS: &[&str] = &["name", "description", "budget"];
/// The keys of a `[[candidates]]` entry.
pub const CANDIDATE_FIELDS: &[&str] = &["file", "max_units"];
/// The tables of a portfolio file.
pub const PORTFOLIO_TABLES: &[&str] = &["portfolio", "candidates"];

/// A candidate, loaded.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// `file` as written in the portfolio.
    pub file: String,
    /// The most units that may be funded.
    pub max_units: u32,
    /// The model or scenario.
    pub loaded: Loaded,
}

/// A portfolio file, checked, with every candidate loaded.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The portfolio file as the user named it.
    pub file: String,
    /// `[portfolio].name`.
    pub name: String,
    /// `[portfolio].description`.
    pub description: Option<String>,
    /// The budget, against each candidate's mean discounted investment.
    pub budget: f64,
    /// The candidates, in file order.
    pub candidates: Vec<Candidate>,
}

/// A portfolio file as written.
#[derive(Debug, Default)]
struct RawPortfolio {
    name: Option<At<String>>,
    description: Option<At<String>>,
    budget: Option<At<f64>>,
    span: Option<Span>,
    candidates: Vec<RawCandidate>,
}

/// A `[[candidates]]` entry as written: its label, where it is, `file` and `max_units`.
type RawCandidate = (String, Span, Option<At<String>>, Option<At<i64>>);

/// Whether `path` holds a portfolio (a `[portfolio]` table) rather than a model or
/// scenario; false for a file that cannot be read or parsed, whose loading then says why.
pub fn is_portfolio(path: &Path) -> bool {
    read_text(path).ok().is_some_and(|source| {
        parse_document(&source).is_ok_and(|doc| doc.contains_key("portfolio"))
    })
}

/// Reads a portfolio file and loads every candidate.
pub fn load_portfolio(path: &Path) -> Result<Portfolio, Error> {
    let file = path.display().to_string();
    let source = read_text(path)?;
    let fail = |diagnostics| Error::Model(ModelError::new(&file, &source, diagnostics));
    let doc = parse_document(&source).map_err(fail)?;
    // Every problem at once: what reading found, then what checking finds.
    let (raw, mut diagnostics) = read(&doc, source.len());
    let name = match &raw.name {
        Some(n) if !n.value.trim().is_empty() => n.value.clone(),
        other => {
            let mut d = Diagnostic::new("the portfolio needs a `name`").item("[portfolio]");
            d = match other {
                Some(n) => d.field("name").span(n.span.clone()),
                None => d
                    .span(raw.span.clone().unwrap_or(0..0))
                    .help("add `name = \"...\"` to `[portfolio]`"),
            };
            diagnostics.push(d);
            String::new()
        }
    };
    let budget = match &raw.budget {
        Some(b) if b.value > 0.0 => b.value,
        Some(b) => {
            diagnostics.push(
                Diagnostic::new(format!("the budget must be a positive amount; got {}", b.value))
                    .item("[portfolio]")
                    .field("budget")
                    .span(b.span.clone())
                    .help("the most the fund may spend, against each candidate's mean discounted investment, e.g. `budget = 5000000`"),
            );
            0.0
        }
        None => {
            diagnostics.push(
                Diagnostic::new("missing required field `budget`")
                    .item("[portfolio]")
                    .span(raw.span.clone().unwrap_or(0..0))
                    .help("e.g. `budget = 5000000`: the most the fund may spend"),
            );
            0.0
        }
    };
    if raw.candidates.is_empty() {
        diagnostics.push(
            Diagnostic::new("the portfolio has no candidates")
                .span(source.len()..source.len())
                .help("add one `[[candidates]]` entry per model or scenario, e.g.\n[[candidates]]\nfile = \"../models/social-prescribing-link-worker.toml\"\nmax_units = 10"),
        );
    }
    let mut checked = Vec::new();
    for (item, span, f, units) in &raw.candidates {
        let max_units = match units {
            None => Some(1),
            Some(u) if (1..=1_000_000).contains(&u.value) => Some(u.value as u32),
            Some(u) => {
                diagnostics.push(
                    Diagnostic::new(format!(
                        "`max_units` is how many copies may be funded, a whole number from 1 to 1,000,000; got {}",
                        u.value
                    ))
                    .item(item)
                    .field("max_units")
                    .span(u.span.clone())
                    .help("leave a candidate out of the portfolio rather than allow it 0 units"),
                );
                None
            }
        };
        match f {
            Some(f) => checked.push((item.clone(), f.clone(), max_units)),
            None => diagnostics.push(
                Diagnostic::new("missing required field `file`")
                    .item(item)
                    .span(span.clone())
                    .help("the model or scenario file, relative to this portfolio's folder"),
            ),
        }
    }
    if !diagnostics.is_empty() {
        return Err(fail(diagnostics));
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    let mut candidates = Vec::new();
    for (item, f, max_units) in checked {
        let target = resolve(&folder.join(&f.value));
        let loaded = load(&target).map_err(|e| Error::Candidate {
            portfolio: file.clone(),
            item: item.clone(),
            source: Box::new(e),
        })?;
        candidates.push(Candidate {
            file: f.value,
            max_units: max_units.unwrap_or(1),
            loaded,
        });
    }
    Ok(Portfolio {
        file,
        name,
        description: raw.description.map(|d| d.value),
        budget,
        candidates,
    })
}

fn read(doc: &DeTable<'_>, len: usize) -> (RawPortfolio, Vec<Diagnostic>) {
    let mut r = Reader::default();
    let mut p = RawPortfolio::default();
    for (key, value) in doc.iter() {
        match key.get_ref().as_ref() {
            "portfolio" => {
                p.span = Some(r.at(value));
                let cx = Ctx {
                    item: "[portfolio]",
                };
                let Some(table) = r.table(value, cx, None) else {
                    continue;
                };
                for (k, v) in table.iter() {
                    let name = k.get_ref().as_ref();
                    match name {
                        "name" => p.name = r.string(v, cx, name),
                        "description" => p.description = r.string(v, cx, name),
                        "budget" => p.budget = r.number(v, cx, name),
                        _ => {
                            let span = r.at(k);
                            r.error(unknown_key(name, span, PORTFOLIO_FIELDS, Some(cx)));
                        }
                    }
                }
            }
            "candidates" => {
                p.candidates = r.array_of_tables(value, "candidates", |r, t, span, item| {
                    // Entries have no name: label them by their file, where it is given.
                    let item = match t.get("file").and_then(|f| f.get_ref().as_str()) {
                        Some(file) => format!("{item} \"{file}\""),
                        None => item.to_string(),
                    };
                    let cx = Ctx { item: &item };
                    let (mut file, mut units) = (None, None);
                    for (k, v) in t.iter() {
                        let name = k.get_ref().as_ref();
                        match name {
                            "file" => file = r.string(v, cx, name),
                            "max_units" => units = r.integer(v, cx, name),
                            _ => {
                                let span = r.at(k);
                                r.error(unknown_key(name, span, CANDIDATE_FIELDS, Some(cx)));
                            }
                        }
                    }
                    (item.clone(), span, file, units)
                });
            }
            other => {
                let span = r.at(key);
                r.error(unknown_key(other, span, PORTFOLIO_TABLES, None));
            }
        }
    }
    if p.span.is_none() {
        r.error(
            Diagnostic::new("the file has no `[portfolio]` table")
                .span(0..len.min(1))
                .help("start the file with `[portfolio]`, `name = \"...\"` and `budget = ...`"),
        );
    }
    (p, r.diagnostics)
}
