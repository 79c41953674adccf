//! `sroi schema`: a JSON Schema (draft 2020-12) of the model file, or with `--scenario` /
//! `--portfolio` of those files, for editors that complete and explain TOML fields from
//! one (Taplo and the Even Better TOML extension read it from a `#:schema` first line).
//!
//! The reader walks toml's tree by hand rather than through serde types, so the schema
//! cannot be derived from them. It is built instead from the reader's own lists of
//! allowed keys (`MODEL_FIELDS`, `OUTCOME_FIELDS`, …, and each distribution's fields),
//! each field described by one row of [`fields::FIELDS`]; the tests fail when a list and
//! the table disagree. Every table the reader closes to unknown keys has
//! `additionalProperties: false`, so a misspelt field is marked in the editor as it is
//! refused by `sroi check`. The schema says it follows draft 2020-12 but keeps to keywords
//! that draft 4 reads the same way (no `const`, no numeric exclusive bounds, nothing beside
//! a `$ref`), since Taplo implements draft 4.

pub mod fields;

use clap::Args;
use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::model::dist::{KINDS, allowed_fields};
use crate::model::portfolio::{CANDIDATE_FIELDS, PORTFOLIO_FIELDS, PORTFOLIO_TABLES};
use crate::model::raw::meta::{
    ENGAGEMENT_FIELDS, EVIDENCE_FIELDS, EXCLUSION_FIELDS, OPTIMISM_FIELDS, VALUATIONS,
};
use crate::model::raw::{
    CORRELATION_FIELDS, INPUT_FIELDS, MODEL_FIELDS, MODEL_TABLES, OUTCOME_FIELDS,
    STAKEHOLDER_FIELDS,
};
use crate::model::scenario::{SCENARIO_FIELDS, SCENARIO_TABLES};
use crate::report::output::emit;
use fields::{DIST_FIELDS, DIST_KINDS, FIELDS, REQUIRED, Takes};

/// `sroi schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The schema of a scenario file (`[scenario]` and the changes) instead of a model.
    #[arg(long, conflicts_with = "portfolio")]
    pub scenario: bool,
    /// The schema of a portfolio file (`[portfolio]` and `[[candidates]]`).
    #[arg(long)]
    pub portfolio: bool,
}

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A model (`[model]`, `[[inputs]]`, `[[outcomes]]`, …).
    Model,
    /// A scenario (`[scenario]` and changes to a model).
    Scenario,
    /// A portfolio (`[portfolio]` and `[[candidates]]`).
    Portfolio,
}

/// Prints the schema, pretty-printed JSON, on standard output.
pub fn execute(args: &SchemaArgs, _: &super::output::Shell) -> Result<(), Error> {
    let kind = if args.scenario {
        FileKind::Scenario
    } else if args.portfolio {
        FileKind::Portfolio
    } else {
        FileKind::Model
    };
    let mut text = serde_json::to_string_pretty(&schema(kind)).map_err(|e| Error::Write {
        path: "standard output".into(),
        reason: e.to_string(),
    })?;
    text.push('\n');
    emit(text, None, false)
}

/// The group names and the reader's lists of their keys: what the schema is built from.
pub const GROUPS: &[(&str, &[&str])] = &[
    ("file", MODEL_TABLES),
    ("model", MODEL_FIELDS),
    ("inputs", INPUT_FIELDS),
    ("outcomes", OUTCOME_FIELDS),
    ("stakeholders", STAKEHOLDER_FIELDS),
    ("correlations", CORRELATION_FIELDS),
    ("evidence", EVIDENCE_FIELDS),
    ("engagement", ENGAGEMENT_FIELDS),
    ("exclusions", EXCLUSION_FIELDS),
    ("optimism_bias", OPTIMISM_FIELDS),
    ("scenario file", SCENARIO_TABLES),
    ("scenario", SCENARIO_FIELDS),
    ("portfolio file", PORTFOLIO_TABLES),
    ("portfolio", PORTFOLIO_FIELDS),
    ("candidates", CANDIDATE_FIELDS),
];

/// The JSON Schema of one kind of file.
pub fn schema(kind: FileKind) -> Value {
    let (group, title, about) = match kind {
        FileKind::Model => (
            "file",
            "sroi model",
            "A social return on investment model for `sroi` (docs/model-format.md).",
        ),
        FileKind::Scenario => (
            "scenario file",
            "sroi scenario",
            "A scenario for `sroi`: a base model and what to change in it (docs/model-format.md, section 8).",
        ),
        FileKind::Portfolio => (
            "portfolio file",
            "sroi portfolio",
            "A portfolio for `sroi portfolio`: a budget and the candidate schemes (docs/model-format.md, section 13).",
        ),
    };
    let mut root = object(group);
    let top = root.as_object_mut().expect("an object schema");
    top.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    top.insert("title".into(), json!(title));
    top.insert("description".into(), json!(about));
    top.insert("$defs".into(), defs(kind));
    root
}

/// The shared definitions: quantities, distributions and each table.
fn defs(kind: FileKind) -> Value {
    let mut d = Map::new();
    d.insert("quantity".into(), quantity());
    d.insert("distribution".into(), distribution());
    d.insert("proxy".into(), proxy());
    let tables: &[&str] = match kind {
        FileKind::Model => &[
            "model",
            "inputs",
            "outcomes",
            "stakeholders",
            "correlations",
            "evidence",
            "engagement",
            "exclusions",
            "optimism_bias",
        ],
        FileKind::Scenario => &[
            "scenario",
            "inputs",
            "outcomes",
            "stakeholders",
            "evidence",
            "engagement",
        ],
        FileKind::Portfolio => &["portfolio", "candidates"],
    };
    for &t in tables {
        d.insert(t.into(), object(t));
    }
    if kind == FileKind::Scenario {
        d.insert("scenario-model".into(), scenario_header());
        d.insert("outcome-change".into(), outcome_change());
    }
    Value::Object(d)
}

/// A closed object: the group's keys as the reader lists them, each described by its row.
fn object(group: &str) -> Value {
    let keys = GROUPS
        .iter()
        .find(|(g, _)| *g == group)
        .map_or(&[][..], |(_, keys)| keys);
    let mut props = Map::new();
    for &key in keys {
        props.insert(key.into(), property(group, key));
    }
    let mut o = json!({
        "type": "object",
        "properties": props,
        "additionalProperties": false,
    });
    let required = required(group);
    if !required.is_empty() {
        o["required"] = json!(required);
    }
    if group == "inputs" {
        o["anyOf"] = json!([{ "required": ["amount"] }, { "required": ["schedule"] }]);
    }
    o
}

/// The required keys of a group.
fn required(group: &str) -> &'static [&'static str] {
    REQUIRED
        .iter()
        .find(|(g, _)| *g == group)
        .map_or(&[], |(_, r)| r)
}

/// The schema of one key: its row's type and description, or, for a key the table lacks
/// (a test catches that), anything at all, so the schema never refuses what the reader
/// takes.
fn property(group: &str, key: &str) -> Value {
    match FIELDS.iter().find(|f| f.group == group && f.name == key) {
        Some(f) => {
            let v = takes(f.takes);
            // Beside `$ref`, older drafts (Taplo reads draft 4) ignore every other keyword,
            // the description included: the reference goes inside `allOf` instead.
            if v.get("$ref").is_some() {
                json!({ "description": f.about, "allOf": [v] })
            } else {
                let mut v = v;
                v["description"] = json!(f.about);
                v
            }
        }
        None => json!({}),
    }
}

fn takes(t: Takes) -> Value {
    let reference = |name: &str| json!({ "$ref": format!("#/$defs/{name}") });
    match t {
        Takes::Text => json!({ "type": "string" }),
        Takes::Texts => json!({ "type": "array", "items": { "type": "string" } }),
        Takes::Pair => json!({
            "type": "array", "items": { "type": "string" }, "minItems": 2, "maxItems": 2
        }),
        Takes::Whole(lo, hi) => json!({ "type": "integer", "minimum": lo, "maximum": hi }),
        Takes::WholeFrom(lo) => json!({ "type": "integer", "minimum": lo }),
        Takes::AnyWhole => json!({ "type": "integer" }),
        Takes::Number(lo, hi) => {
            let mut v = json!({ "type": "number" });
            if let Some(lo) = lo {
                v["minimum"] = json!(lo);
            }
            if let Some(hi) = hi {
                v["maximum"] = json!(hi);
            }
            v
        }
        // Strictly between -1 and 1; the draft-4 spelling of exclusive bounds differs from
        // later drafts', so the ends are left to `sroi check`.
        Takes::Rank => json!({ "type": "number", "minimum": -1, "maximum": 1 }),
        Takes::Corrections => json!({
            "type": "array",
            "items": { "type": "number", "minimum": 0, "maximum": 1 },
            "minItems": 6,
            "maxItems": 6,
        }),
        Takes::Bool => json!({ "type": "boolean" }),
        Takes::Quantity => reference("quantity"),
        Takes::Quantities => json!({ "type": "array", "items": reference("quantity") }),
        Takes::Duration => json!({
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": 200 },
                reference("distribution"),
            ]
        }),
        Takes::Valuation => json!({ "enum": VALUATIONS }),
        Takes::Table(name) => reference(name),
        Takes::Tables(name) => json!({ "type": "array", "items": reference(name) }),
        Takes::Parameters => json!({
            "type": "object",
            "additionalProperties": reference("quantity"),
        }),
        Takes::Deflators => json!({
            "type": "object",
            "additionalProperties": { "type": "number" },
        }),
        Takes::OutcomeChanges => json!({
            "type": "object",
            "additionalProperties": reference("outcome-change"),
        }),
    }
}

/// A number, an expression in quotes, a distribution table or a library proxy.
fn quantity() -> Value {
    json!({
        "description": "A number; an expression over parameters in quotes (\"caseload * 0.3\"); a distribution table ({ dist = \"beta\", mean = 0.2, sd = 0.05 }); or a library proxy ({ proxy = \"ID\" }, `sroi proxies` lists them).",
        "anyOf": [
            { "type": "number" },
            { "type": "string", "description": "An expression over parameters: + - * / ^, brackets, min(a, b), max(a, b)." },
            { "$ref": "#/$defs/distribution" },
            { "$ref": "#/$defs/proxy" },
        ]
    })
}

/// `{ proxy = "ID" }`.
fn proxy() -> Value {
    json!({
        "type": "object",
        "description": "A value from the proxy library, rebased to the model's price_year: `sroi proxies show ID` gives it with its source.",
        "properties": { "proxy": { "type": "string", "description": "The proxy's identifier." } },
        "required": ["proxy"],
        "additionalProperties": false,
    })
}

/// A distribution table: `dist` and the fields that kind takes (the reader's list).
fn distribution() -> Value {
    let about = DIST_KINDS
        .iter()
        .map(|(k, what)| format!("{k}: {what}"))
        .collect::<Vec<_>>()
        .join("; ");
    let kinds: Vec<Value> = KINDS
        .iter()
        .map(|&kind| {
            let mut props = Map::new();
            props.insert("dist".into(), json!({ "enum": [kind] }));
            for &field in allowed_fields(kind) {
                props.insert(field.into(), dist_field(field));
            }
            json!({
                "properties": props,
                "additionalProperties": false,
            })
        })
        .collect();
    json!({
        "type": "object",
        "description": "A range you are unsure of, sampled in every draw. Its fields take plain numbers only.",
        "properties": { "dist": { "enum": KINDS, "description": about } },
        "required": ["dist"],
        "oneOf": kinds,
    })
}

fn dist_field(field: &str) -> Value {
    let mut v = match field {
        "values" | "weights" => json!({ "type": "array", "items": { "type": "number" } }),
        "price_year" => json!({ "type": "integer" }),
        _ => json!({ "type": "number" }),
    };
    if let Some((_, about)) = DIST_FIELDS.iter().find(|(f, _)| *f == field) {
        v["description"] = json!(about);
    }
    v
}

/// A scenario's `[model]`: the model's fields but its name and description.
fn scenario_header() -> Value {
    let mut o = object("model");
    if let Some(props) = o["properties"].as_object_mut() {
        props.remove("name");
        props.remove("description");
    }
    if let Some(o) = o.as_object_mut() {
        o.remove("required");
    }
    o["description"] = json!(
        "Fields that replace the base model's; the scenario's name and description go in [scenario]."
    );
    o
}

/// `[outcomes."name"]` in a scenario: any outcome field but `name`, none required.
fn outcome_change() -> Value {
    let mut o = object("outcomes");
    if let Some(props) = o["properties"].as_object_mut() {
        props.remove("name");
    }
    if let Some(o) = o.as_object_mut() {
        o.remove("required");
    }
    o["description"] = json!("Fields that replace those of the outcome of this name.");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_the_reader_knows_has_a_row() {
        for (group, keys) in GROUPS {
            for key in *keys {
                assert!(
                    FIELDS.iter().any(|f| f.group == *group && f.name == *key),
                    "`{key}` of {group} is read but has no row in schema::fields::FIELDS"
                );
            }
        }
    }

    #[test]
    fn every_row_is_a_field_the_reader_knows() {
        for f in FIELDS {
            let keys = GROUPS.iter().find(|(g, _)| *g == f.group).map(|(_, k)| *k);
            assert!(
                keys.is_some_and(|k| k.contains(&f.name)),
                "FIELDS has `{}` of {}, which the reader does not read",
                f.name,
                f.group
            );
        }
        for (group, required) in REQUIRED {
            for r in *required {
                assert!(
                    FIELDS.iter().any(|f| f.group == *group && f.name == *r),
                    "{r} of {group} is required but has no row"
                );
            }
        }
    }

    #[test]
    fn every_distribution_and_field_is_described() {
        for kind in KINDS {
            assert!(DIST_KINDS.iter().any(|(k, _)| k == kind), "{kind}");
            for field in allowed_fields(kind) {
                assert!(
                    DIST_FIELDS.iter().any(|(f, _)| f == field),
                    "{kind}.{field}"
                );
            }
        }
        assert_eq!(DIST_KINDS.len(), KINDS.len());
    }

    #[test]
    fn every_table_the_schema_names_is_defined() {
        for kind in [FileKind::Model, FileKind::Scenario, FileKind::Portfolio] {
            let s = serde_json::to_string(&schema(kind)).unwrap();
            let defs = schema(kind)["$defs"].clone();
            for (i, _) in s.match_indices("#/$defs/") {
                let rest = &s[i + "#/$defs/".len()..];
                let name = &rest[..rest.find('"').unwrap()];
                assert!(defs.get(name).is_some(), "{kind:?}: {name} is not defined");
            }
        }
    }

    #[test]
    fn closed_tables_list_exactly_the_readers_keys() {
        let s = schema(FileKind::Model);
        let props = s["$defs"]["outcomes"]["properties"].as_object().unwrap();
        let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
        let mut read = OUTCOME_FIELDS.to_vec();
        keys.sort_unstable();
        read.sort_unstable();
        assert_eq!(keys, read);
        assert_eq!(s["$defs"]["outcomes"]["additionalProperties"], json!(false));
        assert_eq!(s["additionalProperties"], json!(false));
    }
}
