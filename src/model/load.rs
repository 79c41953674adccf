//! Reading a model file: bytes → text → raw model → checked model.
//!
//! Every failure here is the user's file: missing, unreadable, empty, not UTF-8, not
//! TOML, or not a valid model. Each becomes an [`Error`] that names the file.

use std::path::Path;

use crate::error::{Diagnostic, Error, ModelError};
use crate::model::checked::Model;
use crate::model::compile::{compile, compile_after};
use crate::model::proxy::resolve::ProxyUse;
use crate::model::proxy::{Failure, look_up};
use crate::model::raw::{parse_document, read_model_partly};
use crate::model::scenario::{ScenarioInfo, is_scenario, merge_files};
use crate::model::source::read_text;

/// A model read from disk, with its text kept for later messages.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file as the user named it.
    pub file: String,
    /// The file's text.
    pub source: String,
    /// The checked model (for a scenario, its base model with the changes applied).
    pub model: Model,
    /// For a scenario: what it is based on and what it changes.
    pub scenario: Option<ScenarioInfo>,
    /// The library proxies the model uses, where, and their sources.
    pub proxies: Vec<ProxyUse>,
    /// What the model allows but probably does not mean (none for most models), with the
    /// files its spans point into: commands print them on standard error and carry on.
    pub warnings: ModelError,
}

impl Loaded {
    /// The warnings rendered for standard error; empty when there are none.
    pub fn render_warnings(&self) -> String {
        if self.warnings.diagnostics.is_empty() {
            String::new()
        } else {
            self.warnings.render_warnings()
        }
    }
}

/// Reads and checks a model or scenario file.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let file = path.display().to_string();
    let source = read_text(path)?;
    let fail = |diagnostics| Error::Model(ModelError::new(&file, &source, diagnostics));
    let doc = parse_document(&source).map_err(fail)?;
    if doc.contains_key("portfolio") {
        return Err(fail(vec![
            Diagnostic::new("this is a portfolio file, not a model or scenario")
                .span(0..0)
                .help(format!("choose its mix with `sroi portfolio {file}`")),
        ]));
    }
    if is_scenario(&doc) {
        let mut merged = merge_files(path, &source, &doc)?;
        let sources = merged.sources.clone();
        let base_dir = Path::new(&merged.info.base_file)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let proxies = look_up(&mut merged.raw, &base_dir).map_err(|f| match f {
            Failure::Library(e) => e,
            Failure::Model(diagnostics) => Error::Model(ModelError {
                file: file.clone(),
                sources: merged.sources.clone(),
                diagnostics,
            }),
        })?;
        let model = compile(&merged.raw).map_err(|mut diagnostics| {
            // A problem in the base model's own text is one the scenario's changes caused
            // (the model alone was checked first): say what those changes were.
            let scenario_start = merged.sources.last().map_or(0, |s| s.offset);
            for d in &mut diagnostics {
                let in_base = d.span.as_ref().is_some_and(|s| s.start < scenario_start);
                if in_base && d.help.is_none() {
                    d.help = Some(format!(
                        "the model alone is valid; {file} changes {}",
                        merged.info.changes.join("; ")
                    ));
                }
            }
            Error::Model(ModelError {
                file: file.clone(),
                sources: merged.sources,
                diagnostics,
            })
        })?;
        let warnings = ModelError {
            file: file.clone(),
            sources,
            diagnostics: model.warnings.clone(),
        };
        return Ok(Loaded {
            file,
            source,
            model,
            scenario: Some(merged.info),
            proxies,
            warnings,
        });
    }
    let (mut raw, read) = read_model_partly(&doc, source.len());
    let proxies =
        look_up(&mut raw, path.parent().unwrap_or(Path::new(""))).map_err(|f| match f {
            Failure::Library(e) => e,
            Failure::Model(mut d) => {
                d.splice(0..0, read.iter().cloned());
                d.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
                fail(d)
            }
        })?;
    let model = compile_after(&raw, read).map_err(fail)?;
    let warnings = ModelError::new(&file, &source, model.warnings.clone());
    Ok(Loaded {
        file,
        source,
        model,
        scenario: None,
        proxies,
        warnings,
    })
}
