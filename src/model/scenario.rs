//! Scenario files (spec §6): a model plus changes, such as a funder's grant option.
//!
//! A scenario names a base model (its path relative to the scenario file) and says what
//! to change: `[model]` fields, `[parameters]` replaced or added, all `[[inputs]]`
//! replaced, and fields of named outcomes (`[outcomes."Fewer GP visits"]`). The changes
//! are applied to the base model's raw form, and the result is checked like any model.
//! Because randomness is keyed to quantity names, every quantity a scenario leaves alone
//! draws the same numbers as in its base model: the common random numbers `compare` uses.
//!
//! The merged model holds values from two files. Its spans therefore live in one space in
//! which the scenario's text starts after the base model's, so a problem is reported in
//! whichever file holds the offending value.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, Error, ModelError, SourceFile};
use crate::model::proxy::{Failure, look_up};
use crate::model::raw::{
    At, Ctx, RawHeader, RawInput, RawModel, RawOutcome, RawQuantity, RawStakeholder, Reader, Span,
    describe, parse_document, quote_key, read_model, unknown_key,
};
use crate::model::suggest::did_you_mean;

/// The fields of `[scenario]`.
pub const SCENARIO_FIELDS: &[&str] = &["name", "model", "description"];
/// The top-level tables of a scenario file.
pub const SCENARIO_TABLES: &[&str] = &[
    "scenario",
    "model",
    "parameters",
    "inputs",
    "outcomes",
    "deflators",
    "stakeholders",
];

/// A scenario file as written.
#[derive(Debug, Clone, Default)]
pub struct RawScenario {
    /// Where `[scenario]` is.
    pub span: Span,
    /// `name`, required.
    pub name: Option<At<String>>,
    /// `model`: the base model's path, relative to the scenario file; required.
    pub model: Option<At<String>>,
    /// `description`.
    pub description: Option<At<String>>,
    /// `[model]`: fields that replace the base model's.
    pub header: Option<RawHeader>,
    /// `[parameters]`: replaced or added.
    pub parameters: Vec<(At<String>, At<RawQuantity>)>,
    /// `[[inputs]]`, if given: they replace all of the base model's inputs.
    pub inputs: Option<(Span, Vec<RawInput>)>,
    /// `[outcomes."name"]`: fields that replace those of the named outcome.
    pub outcomes: Vec<(At<String>, RawOutcome)>,
    /// `[deflators]`: years added to or replaced in the model's deflator series.
    pub deflators: Vec<(At<String>, At<f64>)>,
    /// `[[stakeholders]]`, if given: they replace all of the base model's entries.
    pub stakeholders: Option<Vec<RawStakeholder>>,
}

/// What a scenario is based on and what it changes, for `check` and reports.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioInfo {
    /// The base model's file, as reached from the current directory.
    pub base_file: String,
    /// The base model's name.
    pub base_name: String,
    /// Each change, in words: `parameters.referrals replaced`.
    pub changes: Vec<String>,
}

/// True if a parsed file is a scenario (it has a `[scenario]` table).
pub fn is_scenario(doc: &DeTable<'_>) -> bool {
    doc.contains_key("scenario")
}

/// Reads a parsed scenario file whose spans start at `offset`.
pub fn read_scenario(doc: &DeTable<'_>, offset: usize) -> Result<RawScenario, Vec<Diagnostic>> {
    let mut r = Reader {
        offset,
        ..Reader::default()
    };
    let mut s = RawScenario::default();
    for (key, value) in doc.iter() {
        match key.get_ref().as_ref() {
            "scenario" => scenario_table(&mut r, value, &mut s),
            "model" => {
                let h = r.header(value);
                for (field, present) in [
                    ("name", h.name.as_ref().map(|n| n.span.clone())),
                    (
                        "description",
                        h.description.as_ref().map(|d| d.span.clone()),
                    ),
                ] {
                    if let Some(span) = present {
                        r.error(
                            Diagnostic::new(format!(
                                "a scenario's `{field}` goes in `[scenario]`, not `[model]`"
                            ))
                            .item("[model]")
                            .field(field)
                            .span(span),
                        );
                    }
                }
                s.header = Some(h);
            }
            "parameters" => s.parameters = r.parameters(value),
            "deflators" => s.deflators = r.deflators(value),
            "inputs" => {
                let span = r.at(value);
                let inputs =
                    r.array_of_tables(value, "inputs", |r, t, span, item| r.input(t, span, item));
                s.inputs = Some((span, inputs));
            }
            "outcomes" => s.outcomes = outcome_changes(&mut r, value),
            "stakeholders" => {
                s.stakeholders = Some(r.array_of_tables(
                    value,
                    "stakeholders",
                    |r, t, span, item| r.stakeholder(t, span, item),
                ));
            }
            other => {
                let span = r.at(key);
                r.error(unknown_key(other, span, SCENARIO_TABLES, None));
            }
        }
    }
    r.finish(s)
}

fn scenario_table(r: &mut Reader, value: &toml::Spanned<DeValue<'_>>, s: &mut RawScenario) {
    s.span = r.at(value);
    let cx = Ctx { item: "[scenario]" };
    let Some(table) = r.table(value, cx, None) else {
        return;
    };
    for (key, v) in table.iter() {
        let k = key.get_ref().as_ref();
        match k {
            "name" => s.name = r.string(v, cx, k),
            "model" => s.model = r.string(v, cx, k),
            "description" => s.description = r.string(v, cx, k),
            _ => {
                let span = r.at(key);
                r.error(unknown_key(k, span, SCENARIO_FIELDS, Some(cx)));
            }
        }
    }
    let required = [
        (
            "name",
            s.name.is_none(),
            "e.g. `name = \"£300k over three years\"`",
        ),
        (
            "model",
            s.model.is_none(),
            "the model it changes, relative to this file, e.g. `model = \"../models/link-worker.toml\"`",
        ),
    ];
    for (field, missing, help) in required {
        if missing {
            r.error(
                Diagnostic::new(format!("missing required field `{field}`"))
                    .item("[scenario]")
                    .span(s.span.clone())
                    .help(format!("add `{field}`: {help}")),
            );
        }
    }
}

/// Reads `[outcomes."name"]` tables: changes to named outcomes.
fn outcome_changes(
    r: &mut Reader,
    value: &toml::Spanned<DeValue<'_>>,
) -> Vec<(At<String>, RawOutcome)> {
    let Some(table) = value.get_ref().as_table() else {
        let span = r.at(value);
        r.error(
            Diagnostic::new(format!(
                "a scenario changes outcomes by name, in tables such as `[outcomes.\"Fewer GP visits\"]`; found {}",
                describe(value.get_ref())
            ))
            .span(span)
            .help("a scenario cannot add outcomes (`[[outcomes]]`): add them to a copy of the model instead"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, v) in table.iter() {
        let name = key.get_ref().to_string();
        let item = format!("outcomes.{}", quote_key(&name));
        let key_span = r.at(key);
        let span = r.at(v);
        let Some(t) = r.table(v, Ctx { item: &item }, None) else {
            continue;
        };
        let change = r.outcome(t, span, &item);
        if let Some(n) = &change.name {
            r.error(
                Diagnostic::new("an outcome's name is how the scenario finds it, and cannot be changed")
                    .item(&item)
                    .field("name")
                    .span(n.span.clone())
                    .help("renaming would also give its quantities new random numbers; change the model instead"),
            );
        }
        out.push((
            At {
                value: name,
                span: key_span,
            },
            change,
        ));
    }
    out
}

/// Applies a scenario's changes to its base model, listing each change in words.
pub fn apply(
    base: &RawModel,
    s: &RawScenario,
    base_name: &str,
) -> Result<(RawModel, Vec<String>), Vec<Diagnostic>> {
    let mut m = base.clone();
    let mut changes = Vec::new();
    let mut diagnostics = Vec::new();

    m.header.name = s.name.clone();
    if s.description.is_some() {
        m.header.description = s.description.clone();
    }
    if let Some(h) = &s.header {
        let mut fields = Vec::new();
        replace(&mut m.header.currency, &h.currency, "currency", &mut fields);
        replace(
            &mut m.header.price_year,
            &h.price_year,
            "price_year",
            &mut fields,
        );
        replace(
            &mut m.header.discount_rate,
            &h.discount_rate,
            "discount_rate",
            &mut fields,
        );
        replace(
            &mut m.header.iterations,
            &h.iterations,
            "iterations",
            &mut fields,
        );
        replace(&mut m.header.kind, &h.kind, "kind", &mut fields);
        replace(&mut m.header.accept, &h.accept, "accept", &mut fields);
        changes.extend(fields.iter().map(|f| format!("model.{f} replaced")));
    }

    let mut added = Vec::new();
    for (key, value) in &s.parameters {
        match m.parameters.iter_mut().find(|(k, _)| k.value == key.value) {
            Some(existing) => {
                *existing = (key.clone(), value.clone());
                changes.push(format!("parameters.{} replaced", quote_key(&key.value)));
            }
            None => {
                m.parameters.push((key.clone(), value.clone()));
                added.push(key);
                changes.push(format!("parameters.{} added", quote_key(&key.value)));
            }
        }
    }

    for (year, value) in &s.deflators {
        match m.deflators.iter_mut().find(|(y, _)| y.value == year.value) {
            Some(existing) => {
                *existing = (year.clone(), value.clone());
                changes.push(format!("deflators.{} replaced", year.value));
            }
            None => {
                m.deflators.push((year.clone(), value.clone()));
                changes.push(format!("deflators.{} added", year.value));
            }
        }
    }

    if let Some((span, inputs)) = &s.inputs {
        m.inputs = inputs.clone();
        m.inputs_span = Some(span.clone());
        let names: Vec<String> = inputs
            .iter()
            .filter_map(|i| i.name.as_ref().map(|n| format!("\"{}\"", n.value)))
            .collect();
        changes.push(format!("inputs replaced by {}", names.join(", ")));
    }

    if let Some(stakeholders) = &s.stakeholders {
        m.stakeholders = stakeholders.clone();
        let names: Vec<String> = stakeholders
            .iter()
            .filter_map(|e| e.name.as_ref().map(|n| format!("\"{}\"", n.value)))
            .collect();
        changes.push(format!("stakeholders replaced by {}", names.join(", ")));
    }

    for (name, change) in &s.outcomes {
        let Some(target) = m
            .outcomes
            .iter_mut()
            .find(|o| o.name.as_ref().is_some_and(|n| n.value == name.value))
        else {
            let names = base
                .outcomes
                .iter()
                .filter_map(|o| o.name.as_ref().map(|n| n.value.as_str()));
            diagnostics.push(
                Diagnostic::new(format!(
                    "`{base_name}` has no outcome named \"{}\"{}",
                    name.value,
                    did_you_mean(&name.value, names.clone())
                ))
                .item(format!("outcomes.{}", quote_key(&name.value)))
                .span(name.span.clone())
                .help(format!(
                    "its outcomes: {}",
                    names
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            continue;
        };
        let fields = merge_outcome(target, change);
        changes.push(format!(
            "outcomes.{}: {} replaced",
            quote_key(&name.value),
            fields.join(", ")
        ));
    }

    // A parameter that is new to the model and used by nothing changes nothing: most
    // likely a misspelt name, which would otherwise leave the model silently unchanged.
    let used = used_names(&m);
    for key in added {
        if !used.contains(key.value.as_str()) {
            let existing = base.parameters.iter().map(|(k, _)| k.value.as_str());
            diagnostics.push(
                Diagnostic::new(format!(
                    "`{}` is not a parameter of `{base_name}`, and nothing uses it{}",
                    key.value,
                    did_you_mean(&key.value, existing)
                ))
                .item(format!("parameters.{}", quote_key(&key.value)))
                .span(key.span.clone())
                .help("a scenario's parameters replace the model's parameters of the same name; a new one must be used by an expression"),
            );
        }
    }

    if diagnostics.is_empty() {
        Ok((m, changes))
    } else {
        Err(diagnostics)
    }
}

/// Replaces `into` with `from` if the scenario gives it, noting the field's name.
fn replace<T: Clone>(
    into: &mut Option<T>,
    from: &Option<T>,
    name: &'static str,
    replaced: &mut Vec<&'static str>,
) {
    if from.is_some() {
        into.clone_from(from);
        replaced.push(name);
    }
}

/// Replaces the outcome fields a change gives; returns their names.
fn merge_outcome(o: &mut RawOutcome, c: &RawOutcome) -> Vec<&'static str> {
    let mut f = Vec::new();
    replace(&mut o.stakeholder, &c.stakeholder, "stakeholder", &mut f);
    replace(&mut o.quantity, &c.quantity, "quantity", &mut f);
    replace(&mut o.value, &c.value, "value", &mut f);
    replace(&mut o.deadweight, &c.deadweight, "deadweight", &mut f);
    replace(&mut o.displacement, &c.displacement, "displacement", &mut f);
    replace(&mut o.attribution, &c.attribution, "attribution", &mut f);
    replace(&mut o.drop_off, &c.drop_off, "drop_off", &mut f);
    replace(&mut o.duration, &c.duration, "duration", &mut f);
    replace(&mut o.start_year, &c.start_year, "start_year", &mut f);
    replace(&mut o.cohorts, &c.cohorts, "cohorts", &mut f);
    replace(
        &mut o.discount_rate,
        &c.discount_rate,
        "discount_rate",
        &mut f,
    );
    replace(&mut o.proxy_source, &c.proxy_source, "proxy_source", &mut f);
    replace(
        &mut o.meta.indicator,
        &c.meta.indicator,
        "indicator",
        &mut f,
    );
    replace(&mut o.meta.evidence, &c.meta.evidence, "evidence", &mut f);
    replace(
        &mut o.meta.valuation,
        &c.meta.valuation,
        "valuation",
        &mut f,
    );
    replace(
        &mut o.meta.confidence,
        &c.meta.confidence,
        "confidence",
        &mut f,
    );
    replace(&mut o.meta.accept, &c.meta.accept, "accept", &mut f);
    f
}

/// Every name an expression of the model uses.
fn used_names(m: &RawModel) -> HashSet<String> {
    let mut quantities: Vec<&At<RawQuantity>> = Vec::new();
    quantities.extend(&m.header.discount_rate);
    quantities.extend(m.parameters.iter().map(|(_, q)| q));
    for i in &m.inputs {
        quantities.extend(&i.amount);
        quantities.extend(&i.discount_rate);
        if let Some(s) = &i.schedule {
            quantities.extend(&s.value);
        }
    }
    for o in &m.outcomes {
        for q in [
            &o.quantity,
            &o.value,
            &o.deadweight,
            &o.displacement,
            &o.attribution,
            &o.drop_off,
            &o.discount_rate,
        ] {
            quantities.extend(q);
        }
        if let Some(c) = &o.cohorts {
            quantities.extend(&c.value);
        }
    }
    let mut used = HashSet::new();
    for q in quantities {
        if let RawQuantity::Expr(text) = &q.value
            && let Ok(e) = crate::model::expr::parse(text)
        {
            used.extend(e.variables().into_iter().map(|(v, _)| v.to_string()));
        }
    }
    used
}

/// A scenario file read and checked: the merged model and what it is based on.
pub struct Merged {
    /// The merged model, ready to compile.
    pub raw: RawModel,
    /// Both files, for messages about the merged model.
    pub sources: Vec<SourceFile>,
    /// What it is based on and what it changes.
    pub info: ScenarioInfo,
}

/// Reads a scenario file (already parsed) and its base model, and merges them.
pub fn merge_files(path: &Path, source: &str, doc: &DeTable<'_>) -> Result<Merged, Error> {
    let file = path.display().to_string();
    let scenario_error = |base: Option<SourceFile>, offset: usize, diagnostics| {
        let mut sources: Vec<SourceFile> = base.into_iter().collect();
        sources.push(SourceFile {
            name: file.clone(),
            text: source.to_string(),
            offset,
        });
        Error::Model(ModelError {
            file: file.clone(),
            sources,
            diagnostics,
        })
    };

    // Read the scenario once on its own to find the base model; its spans start at 0.
    let s = read_scenario(doc, 0).map_err(|d| scenario_error(None, 0, d))?;
    let model_field = s.model.clone().expect("read_scenario requires `model`");
    let refuse = |message: String, help: &str| {
        scenario_error(
            None,
            0,
            vec![
                Diagnostic::new(message)
                    .item("[scenario]")
                    .field("model")
                    .span(model_field.span.clone())
                    .help(help),
            ],
        )
    };
    // A scenario names a model: any other file (`/etc/shadow`) is refused before it is
    // read, so none of its text can reach a message.
    let joined = path
        .parent()
        .unwrap_or(Path::new(""))
        .join(&model_field.value);
    if !has_toml_extension(&joined) {
        return Err(refuse(
            format!(
                "`{}` is not a model file: a scenario's base model must be a `.toml` file",
                model_field.value
            ),
            "name the model this scenario changes, e.g. `model = \"../models/link-worker.toml\"`",
        ));
    }
    let base_path = resolve(&joined);
    let base_file = base_path.display().to_string();
    let base_source = crate::model::source::read_text(&base_path).map_err(|e| {
        let reason = match e {
            Error::Read { reason, .. } => reason,
            other => other.to_string(),
        };
        scenario_error(
            None,
            0,
            vec![
                Diagnostic::new(format!(
                    "cannot read the base model `{base_file}`: {reason}"
                ))
                .item("[scenario]")
                .field("model")
                .span(model_field.span.clone())
                .help("the path is relative to the folder of the scenario file"),
            ],
        )
    })?;
    // A file that is not TOML at all is reported without its text: only the line.
    let base_doc = parse_document(&base_source).map_err(|d| {
        let line = d.first().and_then(|d| d.span.clone()).map(|s| {
            1 + base_source[..s.start.min(base_source.len())]
                .matches('\n')
                .count()
        });
        let at = line.map_or(String::new(), |l| format!(" (line {l})"));
        refuse(
            format!("the base model `{base_file}` is not valid TOML{at}"),
            &format!("run `sroi check {base_file}` to see the problem"),
        )
    })?;
    if is_scenario(&base_doc) {
        return Err(scenario_error(
            None,
            0,
            vec![
                Diagnostic::new(format!(
                    "`{base_file}` is a scenario; a scenario's base must be a model file"
                ))
                .item("[scenario]")
                .field("model")
                .span(model_field.span.clone())
                .help("base this scenario on the model that scenario changes, and repeat its changes here"),
            ],
        ));
    }
    let base_raw = read_model(&base_doc, base_source.len())
        .map_err(|d| Error::Model(ModelError::new(&base_file, &base_source, d)))?;
    // Checked with its proxies looked up; merged as written, so the scenario's changes
    // and the base's references are looked up together afterwards.
    let mut looked_up = base_raw.clone();
    let base_dir = base_path.parent().unwrap_or(Path::new(""));
    look_up(&mut looked_up, base_dir).map_err(|f| match f {
        Failure::Library(e) => e,
        Failure::Model(d) => Error::Model(ModelError::new(&base_file, &base_source, d)),
    })?;
    let base_model = crate::model::compile::compile(&looked_up)
        .map_err(|d| Error::Model(ModelError::new(&base_file, &base_source, d)))?;

    // Read it again with its spans after the base model's, and merge.
    let offset = base_source.len() + 1;
    let base = SourceFile {
        name: base_file.clone(),
        text: base_source.clone(),
        offset: 0,
    };
    let s =
        read_scenario(doc, offset).map_err(|d| scenario_error(Some(base.clone()), offset, d))?;
    let (raw, changes) = apply(&base_raw, &s, &base_model.name)
        .map_err(|d| scenario_error(Some(base.clone()), offset, d))?;
    Ok(Merged {
        raw,
        sources: vec![
            base,
            SourceFile {
                name: file.clone(),
                text: source.to_string(),
                offset,
            },
        ],
        info: ScenarioInfo {
            base_file,
            base_name: base_model.name,
            changes,
        },
    })
}

/// Whether a path ends in `.toml` (in any case).
fn has_toml_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The base model's path as the operating system reaches it: `scenarios/../models/x.toml`
/// reads `models/x.toml` in messages and reports when the two name the same file, but
/// where a folder on the way is a symlink, `..` leads where the system says, not where the
/// text suggests, and the path is kept as written.
pub fn resolve(joined: &Path) -> PathBuf {
    let lexical = normalise(joined);
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    // For a missing file, the folders it would be in.
    let parents = |a: &Path, b: &Path| match (a.parent(), b.parent()) {
        (Some(x), Some(y)) => {
            let nonempty = |p: &Path| {
                if p.as_os_str().is_empty() {
                    Path::new(".").to_path_buf()
                } else {
                    p.to_path_buf()
                }
            };
            same(&nonempty(x), &nonempty(y))
        }
        _ => false,
    };
    if lexical == joined || same(&lexical, joined) || parents(&lexical, joined) {
        lexical
    } else {
        joined.to_path_buf()
    }
}

/// A path with `.` and `dir/..` removed, without touching the file system.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_is_resolved_as_the_system_does() {
        // dir/link -> dir/a/b, so dir/link/../m.toml is dir/a/m.toml, not dir/m.toml.
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        std::os::unix::fs::symlink(d.join("a/b"), d.join("link")).unwrap();
        std::fs::write(d.join("a/m.toml"), "x").unwrap();
        std::fs::write(d.join("m.toml"), "y").unwrap();
        let got = resolve(&d.join("link/../m.toml"));
        assert_eq!(std::fs::read_to_string(got).unwrap(), "x");
        // Without a symlink on the way, the tidy form is kept.
        assert_eq!(resolve(&d.join("a/b/../m.toml")), d.join("a/m.toml"));
        assert!(has_toml_extension(Path::new("x.TOML")));
        assert!(!has_toml_extension(Path::new("/etc/shadow")));
    }

    #[test]
    fn paths_are_normalised_lexically() {
        let n = |p: &str| normalise(Path::new(p)).display().to_string();
        assert_eq!(n("scenarios/../models/x.toml"), "models/x.toml");
        assert_eq!(n("./a/./b.toml"), "a/b.toml");
        assert_eq!(n("../x.toml"), "../x.toml");
        assert_eq!(n("a/../../x.toml"), "../x.toml");
        assert_eq!(n("/a/../x.toml"), "/x.toml");
        assert_eq!(n("/../x.toml"), "/x.toml");
    }
}
