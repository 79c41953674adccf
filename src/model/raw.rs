//! The model file as written: TOML parsed into raw, spanned structures.
//!
//! This stage only reads: it checks that every table has known fields (suggesting the
//! nearest name for a typo) of the right TOML types, and keeps the byte span of every
//! value so that later checks can point at the line. Whether the numbers make sense is
//! the next stage's job (`compile`). The walk uses toml's spanned document tree rather
//! than serde derive because serde cannot say which item an error belongs to, nor
//! suggest a field name. `meta` reads the assurance metadata (evidence, exclusions,
//! confidence grades) beside the numbers.

mod items;
pub mod meta;
mod quantity;
mod reader;
#[cfg(test)]
mod tests;

pub use reader::{Ctx, Reader, describe, field_error, item_label, number, quote_key, unknown_key};

use std::ops::Range;

use toml::de::DeTable;

use crate::error::Diagnostic;
use crate::model::raw::meta::{
    RawAccept, RawEngagement, RawExclusion, RawOptimismBias, RawOutcomeMeta,
};

/// The most amounts a schedule may list: years run from 0 to `checked::MAX_YEARS` (200),
/// so a longer schedule is a mistake, and a huge one would cost memory and time to no
/// purpose.
pub const MAX_SCHEDULE: usize = 201;

/// A byte range in the file.
pub type Span = Range<usize>;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Its byte range in the file.
    pub span: Span,
}

impl<T> At<T> {
    fn new(value: T, span: Span) -> Self {
        At { value, span }
    }
}

/// A numeric field as written: a number, an expression, or a distribution table.
#[derive(Debug, Clone, PartialEq)]
pub enum RawQuantity {
    /// A plain number.
    Number(f64),
    /// An arithmetic expression over parameter names.
    Expr(String),
    /// A distribution table (`{ dist = "beta", mean = 0.2, sd = 0.05 }`).
    Dist(RawDist),
    /// A proxy from a library (`{ proxy = "nhs-ae-attendance" }`): its identifier.
    /// Loading a model replaces it with the library's value (see `model::proxy`).
    Proxy(At<String>),
}

/// A distribution table as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDist {
    /// The `dist` name.
    pub kind: At<String>,
    /// Every other field, in file order.
    pub fields: Vec<(At<String>, At<RawDistField>)>,
    /// `price_year`: the figures are money at that year's prices (spec §9).
    pub price_year: Option<At<i64>>,
}

/// The value of one field of a distribution table.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDistField {
    /// A number.
    Number(f64),
    /// A list of numbers (`values`, `weights`).
    Numbers(Vec<f64>),
}

/// An outcome's `duration` as written: a whole number of years or a distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDuration {
    /// A whole number of years.
    Years(i64),
    /// A distribution table, whose values must be whole numbers of years.
    Dist(RawDist),
}

/// The `[model]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawHeader {
    /// Where the table is (the whole file when it is missing).
    pub span: Span,
    /// `name`, required.
    pub name: Option<At<String>>,
    /// `description`.
    pub description: Option<At<String>>,
    /// `currency`, display only.
    pub currency: Option<At<String>>,
    /// `price_year`.
    pub price_year: Option<At<i64>>,
    /// `discount_rate`.
    pub discount_rate: Option<At<RawQuantity>>,
    /// `iterations`: this model's default number of draws.
    pub iterations: Option<At<i64>>,
    /// `proxies`: proxy library files to load after the bundled one (relative to the model).
    pub proxies: Option<At<Vec<At<String>>>>,
    /// `kind`: `forecast` (the default) or `evaluation` (spec §16).
    pub kind: Option<At<String>>,
    /// `accept`: assurance findings accepted for every item, with reasons.
    pub accept: Option<RawAccept>,
}

/// One `[[inputs]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct RawInput {
    /// The entry's table.
    pub span: Span,
    /// `name`, required.
    pub name: Option<At<String>>,
    /// `stakeholder`: who bears the cost.
    pub stakeholder: Option<At<String>>,
    /// `amount`.
    pub amount: Option<At<RawQuantity>>,
    /// `year`, default 0.
    pub year: Option<At<i64>>,
    /// `schedule`: amounts for years 0, 1, 2, … instead of `amount` and `year`.
    pub schedule: Option<At<Vec<At<RawQuantity>>>>,
    /// `confidence`: the optimism-bias grade of the cost estimate, 1 (best) to 6.
    pub confidence: Option<At<i64>>,
    /// `discount_rate`: this input's own rate or schedule.
    pub discount_rate: Option<At<RawQuantity>>,
    /// `accept`: assurance findings about this input accepted, with reasons.
    pub accept: Option<RawAccept>,
}

/// One `[[outcomes]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct RawOutcome {
    /// The entry's table.
    pub span: Span,
    /// `name`, required and unique.
    pub name: Option<At<String>>,
    /// `stakeholder`, required.
    pub stakeholder: Option<At<String>>,
    /// `quantity`, required.
    pub quantity: Option<At<RawQuantity>>,
    /// `value`, required: the financial proxy per unit per year.
    pub value: Option<At<RawQuantity>>,
    /// `deadweight`, default 0.
    pub deadweight: Option<At<RawQuantity>>,
    /// `displacement`, default 0.
    pub displacement: Option<At<RawQuantity>>,
    /// `attribution`, default 0.
    pub attribution: Option<At<RawQuantity>>,
    /// `drop_off`, default 0.
    pub drop_off: Option<At<RawQuantity>>,
    /// `duration`, default 1.
    pub duration: Option<At<RawDuration>>,
    /// `start_year`, default 1.
    pub start_year: Option<At<i64>>,
    /// `cohorts`: the weight of the cohort starting in each year from `start_year`.
    pub cohorts: Option<At<Vec<At<RawQuantity>>>>,
    /// `discount_rate`: this outcome's own rate or schedule.
    pub discount_rate: Option<At<RawQuantity>>,
    /// `proxy_source`: a citation for the proxy.
    pub proxy_source: Option<At<String>>,
    /// `indicator`, `evidence`, `valuation`, `confidence`, `accept`: assurance metadata.
    pub meta: RawOutcomeMeta,
}

/// One `[[stakeholders]]` entry: facts about an outcome stakeholder.
///
/// Built field by field from the table (like every other item), so that a new optional
/// field is one more arm in [`Reader::stakeholder`] and one more `Option` here; any key not
/// listed in [`STAKEHOLDER_FIELDS`] is refused with the nearest allowed name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawStakeholder {
    /// The entry's table.
    pub span: Span,
    /// `name`, required: an outcome's `stakeholder`.
    pub name: Option<At<String>>,
    /// `weight`: a distributional weight, 0 or more.
    pub weight: Option<At<f64>>,
    /// `income_quintile`: 1 (lowest) to 5, turned into a weight by HM Treasury's method.
    pub income_quintile: Option<At<i64>>,
    /// `description`: who they are.
    pub description: Option<At<String>>,
    /// `engagement = { method, people, when }`: how they were involved.
    pub engagement: Option<RawEngagement>,
    /// `accept`: assurance findings about this stakeholder accepted, with reasons.
    pub accept: Option<RawAccept>,
}

/// One `[[correlations]]` entry: two quantities and their Spearman rank correlation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCorrelation {
    /// The entry's table.
    pub span: Span,
    /// Its label, e.g. `correlations[1]`.
    pub item: String,
    /// `between`: the two quantities' stable names.
    pub between: Option<At<Vec<At<String>>>>,
    /// `rank`: Spearman's rank correlation.
    pub rank: Option<At<f64>>,
}

/// A whole model file as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawModel {
    /// `[model]`.
    pub header: RawHeader,
    /// `[parameters]`, in file order.
    pub parameters: Vec<(At<String>, At<RawQuantity>)>,
    /// `[[inputs]]`.
    pub inputs: Vec<RawInput>,
    /// Where `inputs` was written, if it was.
    pub inputs_span: Option<Span>,
    /// `[[outcomes]]`.
    pub outcomes: Vec<RawOutcome>,
    /// Where `outcomes` was written, if it was.
    pub outcomes_span: Option<Span>,
    /// `[[exclusions]]`: outcomes left out, and why.
    pub exclusions: Vec<RawExclusion>,
    /// `[optimism_bias]`: the corrections of the confidence grades.
    pub optimism_bias: Option<RawOptimismBias>,
    /// `[[stakeholders]]`.
    pub stakeholders: Vec<RawStakeholder>,
    /// `[[correlations]]`.
    pub correlations: Vec<RawCorrelation>,
    /// `[deflators]`: years added to or replaced in the GDP deflator series, in file order.
    pub deflators: Vec<(At<String>, At<f64>)>,
}

/// The fields of `[model]`.
pub const MODEL_FIELDS: &[&str] = &[
    "name",
    "description",
    "currency",
    "price_year",
    "discount_rate",
    "iterations",
    "proxies",
    "kind",
    "accept",
];
/// The fields of an `[[inputs]]` entry.
pub const INPUT_FIELDS: &[&str] = &[
    "name",
    "stakeholder",
    "amount",
    "year",
    "schedule",
    "confidence",
    "discount_rate",
    "accept",
];
/// The fields of an `[[outcomes]]` entry.
pub const OUTCOME_FIELDS: &[&str] = &[
    "name",
    "stakeholder",
    "quantity",
    "value",
    "deadweight",
    "displacement",
    "attribution",
    "drop_off",
    "duration",
    "start_year",
    "cohorts",
    "discount_rate",
    "proxy_source",
    "indicator",
    "evidence",
    "valuation",
    "confidence",
    "accept",
];
/// The fields of a `[[stakeholders]]` entry.
pub const STAKEHOLDER_FIELDS: &[&str] = &[
    "name",
    "weight",
    "income_quintile",
    "description",
    "engagement",
    "accept",
];
/// The fields of a `[[correlations]]` entry.
pub const CORRELATION_FIELDS: &[&str] = &["between", "rank"];
/// The top-level tables of a model file.
pub const MODEL_TABLES: &[&str] = &[
    "model",
    "parameters",
    "inputs",
    "outcomes",
    "deflators",
    "stakeholders",
    "correlations",
    "exclusions",
    "optimism_bias",
];

/// Parses a model file's text. On failure, returns every problem found.
pub fn parse_model(source: &str) -> Result<RawModel, Vec<Diagnostic>> {
    let doc = parse_document(source)?;
    read_model(&doc, source.len())
}

/// Reads a parsed model file (`len`: the length of its text).
pub fn read_model(doc: &DeTable<'_>, len: usize) -> Result<RawModel, Vec<Diagnostic>> {
    let mut r = Reader::default();
    let model = r.model(doc, len);
    r.finish(model)
}

/// Reads a parsed model file as far as it can: the model with every field that could be
/// read, and every problem found (none when it read cleanly). Loading goes on to check
/// such a model, so that one `check` reports the unknown and mistyped fields together
/// with the missing ones and the bad values.
pub fn read_model_partly(doc: &DeTable<'_>, len: usize) -> (RawModel, Vec<Diagnostic>) {
    let mut r = Reader::default();
    let model = r.model(doc, len);
    (model, r.diagnostics)
}

/// Parses TOML syntax, turning toml's error into a diagnostic.
pub fn parse_document(source: &str) -> Result<DeTable<'_>, Vec<Diagnostic>> {
    match DeTable::parse(source) {
        Ok(doc) => Ok(doc.into_inner()),
        Err(e) => {
            let mut d = Diagnostic::new(format!("TOML syntax: {}", e.message().trim_end()));
            if let Some(span) = e.span() {
                d = d.span(span);
            }
            Err(vec![d])
        }
    }
}
