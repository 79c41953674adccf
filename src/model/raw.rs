//! The model file as written: TOML parsed into raw, spanned structures.
//!
//! This stage only reads: it checks that every table has known fields (suggesting the
//! nearest name for a typo) of the right TOML types, and keeps the byte span of every
//! value so that later checks can point at the line. Whether the numbers make sense is
//! the next stage's job (`compile`). The walk uses toml's spanned document tree rather
//! than serde derive because serde cannot say which item an error belongs to, nor
//! suggest a field name.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::Diagnostic;

/// The most amounts a schedule may list: years run from 0 to `checked::MAX_YEARS` (200),
/// so a longer schedule is a mistake, and a huge one would cost memory and time to no
/// purpose.
pub const MAX_SCHEDULE: usize = 201;
use crate::model::suggest::did_you_mean;

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
    /// `discount_rate`: this input's own rate or schedule.
    pub discount_rate: Option<At<RawQuantity>>,
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
];
/// The fields of an `[[inputs]]` entry.
pub const INPUT_FIELDS: &[&str] = &[
    "name",
    "stakeholder",
    "amount",
    "year",
    "schedule",
    "discount_rate",
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
];
/// The fields of a `[[stakeholders]]` entry.
pub const STAKEHOLDER_FIELDS: &[&str] = &["name", "weight", "income_quintile"];
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

/// Collects diagnostics while walking the document.
#[derive(Default)]
pub struct Reader {
    /// Everything found wrong so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Added to every span: where this file starts among the files of one report (a
    /// scenario's spans follow its base model's, so one diagnostic list covers both).
    pub offset: usize,
}

/// Where in the file a field is being read: the item's label.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// The item, e.g. `outcomes[2] "Fewer GP visits"`.
    pub item: &'a str,
}

impl Reader {
    /// Ok if nothing was found wrong.
    pub fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.diagnostics.is_empty() {
            Ok(value)
        } else {
            Err(self.diagnostics)
        }
    }

    /// Where a value was written, in the report's shared span space.
    pub fn at<T>(&self, v: &Spanned<T>) -> Span {
        let s = v.span();
        s.start + self.offset..s.end + self.offset
    }

    /// Records a problem.
    pub fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn model(&mut self, doc: &DeTable<'_>, len: usize) -> RawModel {
        let mut m = RawModel::default();
        for (key, value) in doc.iter() {
            match key.get_ref().as_ref() {
                "model" => m.header = self.header(value),
                "parameters" => m.parameters = self.parameters(value),
                "deflators" => m.deflators = self.deflators(value),
                "inputs" => {
                    m.inputs_span = Some(self.at(value));
                    m.inputs = self.array_of_tables(value, "inputs", |r, t, span, item| {
                        r.input(t, span, item)
                    });
                }
                "outcomes" => {
                    m.outcomes_span = Some(self.at(value));
                    m.outcomes = self.array_of_tables(value, "outcomes", |r, t, span, item| {
                        r.outcome(t, span, item)
                    });
                }
                "stakeholders" => {
                    m.stakeholders =
                        self.array_of_tables(value, "stakeholders", |r, t, span, item| {
                            r.stakeholder(t, span, item)
                        });
                }
                "correlations" => {
                    m.correlations =
                        self.array_of_tables(value, "correlations", |r, t, span, item| {
                            r.correlation(t, span, item)
                        });
                }
                other => self.error(unknown_key(other, self.at(key), MODEL_TABLES, None)),
            }
        }
        if !doc.contains_key("model") {
            m.header.span = 0..len.min(1);
            self.error(
                Diagnostic::new("the file has no `[model]` table")
                    .span(0..0)
                    .help("start the file with `[model]` and `name = \"...\"`"),
            );
        }
        m
    }

    /// Reads a `[model]` table.
    pub fn header(&mut self, value: &Spanned<DeValue<'_>>) -> RawHeader {
        let mut h = RawHeader {
            span: self.at(value),
            ..RawHeader::default()
        };
        let Some(table) = self.table(value, Ctx { item: "[model]" }, None) else {
            return h;
        };
        let cx = Ctx { item: "[model]" };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => h.name = self.string(v, cx, k),
                "description" => h.description = self.string(v, cx, k),
                "currency" => h.currency = self.string(v, cx, k),
                "price_year" => h.price_year = self.integer(v, cx, k),
                "discount_rate" => h.discount_rate = self.quantity(v, cx, k),
                "iterations" => h.iterations = self.integer(v, cx, k),
                _ => self.error(unknown_key(k, self.at(key), MODEL_FIELDS, Some(cx))),
            }
        }
        h
    }

    /// Reads a `[parameters]`-like table of named quantities.
    pub fn parameters(
        &mut self,
        value: &Spanned<DeValue<'_>>,
    ) -> Vec<(At<String>, At<RawQuantity>)> {
        let Some(table) = self.table(
            value,
            Ctx {
                item: "[parameters]",
            },
            None,
        ) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, v) in table.iter() {
            let name = key.get_ref().to_string();
            let item = format!("parameters.{}", quote_key(&name));
            if let Some(q) = self.quantity(v, Ctx { item: &item }, "") {
                out.push((At::new(name, self.at(key)), q));
            }
        }
        out
    }

    /// Reads `[deflators]`: `2014 = 73.6`, a year and its index (checked when compiled).
    pub fn deflators(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<(At<String>, At<f64>)> {
        let cx = Ctx {
            item: "[deflators]",
        };
        let Some(table) = self.table(value, cx, None) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, v) in table.iter() {
            let year = key.get_ref().to_string();
            match number(v.get_ref()) {
                Some(x) => out.push((At::new(year, self.at(key)), At::new(x, self.at(v)))),
                None => self.error(field_error(cx, &year, self.at(v)).message_text(format!(
                    "expected the deflator index of that year, a number; found {}",
                    describe(v.get_ref())
                ))),
            }
        }
        out
    }

    /// Reads an array of tables, labelling each entry `what[i] "name"` (1-based).
    pub fn array_of_tables<T>(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        what: &str,
        mut each: impl FnMut(&mut Self, &DeTable<'_>, Span, &str) -> T,
    ) -> Vec<T> {
        let Some(array) = value.get_ref().as_array() else {
            self.error(
                Diagnostic::new(format!(
                    "`{what}` must be an array of tables, written `[[{what}]]`; found {}",
                    describe(value.get_ref())
                ))
                .span(self.at(value)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, entry) in array.iter().enumerate() {
            let name = entry
                .get_ref()
                .as_table()
                .and_then(|t| t.get("name"))
                .and_then(|n| n.get_ref().as_str().map(str::to_string));
            let item = item_label(what, i, name.as_deref());
            if let Some(table) = self.table(entry, Ctx { item: &item }, None) {
                let span = self.at(entry);
                out.push(each(self, table, span, &item));
            }
        }
        out
    }

    /// Reads one `[[inputs]]` entry.
    pub fn input(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawInput {
        let cx = Ctx { item };
        let mut i = RawInput {
            span,
            name: None,
            stakeholder: None,
            amount: None,
            year: None,
            schedule: None,
            discount_rate: None,
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => i.name = self.string(v, cx, k),
                "stakeholder" => i.stakeholder = self.string(v, cx, k),
                "amount" => i.amount = self.quantity(v, cx, k),
                "year" => i.year = self.integer(v, cx, k),
                "schedule" => {
                    i.schedule = self.list(v, cx, k, "a list of amounts for years 0, 1, 2, …")
                }
                "discount_rate" => i.discount_rate = self.quantity(v, cx, k),
                _ => self.error(unknown_key(k, self.at(key), INPUT_FIELDS, Some(cx))),
            }
        }
        i
    }

    /// Reads a list of quantities such as `schedule = [a0, a1, ...]` (each a number,
    /// expression or distribution); `expected` says what the list holds, for messages.
    pub fn list(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
        expected: &str,
    ) -> Option<At<Vec<At<RawQuantity>>>> {
        let Some(array) = v.get_ref().as_array() else {
            self.error(field_error(cx, field, self.at(v)).message_text(format!(
                "expected {expected}; found {}",
                describe(v.get_ref())
            )));
            return None;
        };
        let most = MAX_SCHEDULE;
        if array.len() > most {
            self.error(
                field_error(cx, "schedule", self.at(v)).message_text(format!(
                    "a schedule has at most {most} amounts (years 0 to {}); got {}",
                    most - 1,
                    array.len()
                )),
            );
            return None;
        }
        let mut out = Vec::new();
        for (k, e) in array.iter().enumerate() {
            if let Some(q) = self.quantity(e, cx, &format!("{field}[{k}]")) {
                out.push(q);
            }
        }
        Some(At::new(out, self.at(v)))
    }

    /// Reads `duration`: a whole number, or a distribution table of whole numbers.
    pub fn duration(&mut self, v: &Spanned<DeValue<'_>>, cx: Ctx<'_>) -> Option<At<RawDuration>> {
        match v.get_ref() {
            DeValue::Table(t) => {
                let d = self.dist(t, self.at(v), cx, "duration")?;
                Some(At::new(RawDuration::Dist(d), self.at(v)))
            }
            _ => self
                .integer(v, cx, "duration")
                .map(|n| At::new(RawDuration::Years(n.value), n.span)),
        }
    }

    /// Reads one `[[outcomes]]` entry (also used for scenario outcome patches).
    pub fn outcome(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawOutcome {
        let cx = Ctx { item };
        let mut o = RawOutcome {
            span,
            name: None,
            stakeholder: None,
            quantity: None,
            value: None,
            deadweight: None,
            displacement: None,
            attribution: None,
            drop_off: None,
            duration: None,
            start_year: None,
            cohorts: None,
            discount_rate: None,
            proxy_source: None,
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => o.name = self.string(v, cx, k),
                "stakeholder" => o.stakeholder = self.string(v, cx, k),
                "quantity" => o.quantity = self.quantity(v, cx, k),
                "value" => o.value = self.quantity(v, cx, k),
                "deadweight" => o.deadweight = self.quantity(v, cx, k),
                "displacement" => o.displacement = self.quantity(v, cx, k),
                "attribution" => o.attribution = self.quantity(v, cx, k),
                "drop_off" => o.drop_off = self.quantity(v, cx, k),
                "duration" => o.duration = self.duration(v, cx),
                "start_year" => o.start_year = self.integer(v, cx, k),
                "cohorts" => {
                    o.cohorts = self.list(v, cx, k, "a list of cohort weights, one a year")
                }
                "discount_rate" => o.discount_rate = self.quantity(v, cx, k),
                "proxy_source" => o.proxy_source = self.string(v, cx, k),
                _ => self.error(unknown_key(k, self.at(key), OUTCOME_FIELDS, Some(cx))),
            }
        }
        o
    }

    /// Reads one `[[stakeholders]]` entry.
    pub fn stakeholder(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawStakeholder {
        let cx = Ctx { item };
        let mut s = RawStakeholder {
            span,
            ..RawStakeholder::default()
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => s.name = self.string(v, cx, k),
                "weight" => s.weight = self.number(v, cx, k),
                "income_quintile" => s.income_quintile = self.integer(v, cx, k),
                _ => self.error(unknown_key(k, self.at(key), STAKEHOLDER_FIELDS, Some(cx))),
            }
        }
        s
    }

    /// The value as a plain number, or a diagnostic.
    pub fn number(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<At<f64>> {
        match number(v.get_ref()) {
            Some(x) if x.is_finite() => Some(At::new(x, self.at(v))),
            _ => {
                self.error(field_error(cx, field, self.at(v)).message_text(format!(
                    "expected a number; found {}",
                    describe(v.get_ref())
                )));
                None
            }
        }
    }

    /// Reads one `[[correlations]]` entry.
    pub fn correlation(&mut self, table: &DeTable<'_>, span: Span, item: &str) -> RawCorrelation {
        let cx = Ctx { item };
        let mut c = RawCorrelation {
            span,
            item: item.to_string(),
            between: None,
            rank: None,
        };
        for (key, v) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "between" => {
                    let names = v.get_ref().as_array().and_then(|a| {
                        a.iter()
                            .map(|e| {
                                e.get_ref()
                                    .as_str()
                                    .map(|s| At::new(s.to_string(), self.at(e)))
                            })
                            .collect::<Option<Vec<_>>>()
                    });
                    match names {
                        Some(names) => c.between = Some(At::new(names, self.at(v))),
                        None => self.error(field_error(cx, k, self.at(v)).message_text(format!(
                            "expected a list of two quantity names, e.g. ['parameters.effect', 'outcomes.\"GP visits\".value']; found {}",
                            describe(v.get_ref())
                        ))),
                    }
                }
                "rank" => match number(v.get_ref()) {
                    Some(x) => c.rank = Some(At::new(x, self.at(v))),
                    None => self.error(field_error(cx, k, self.at(v)).message_text(format!(
                        "expected a number strictly between -1 and 1; found {}",
                        describe(v.get_ref())
                    ))),
                },
                _ => self.error(unknown_key(k, self.at(key), CORRELATION_FIELDS, Some(cx))),
            }
        }
        c
    }

    /// The value as a table, or a diagnostic.
    pub fn table<'v, 'i>(
        &mut self,
        value: &'v Spanned<DeValue<'i>>,
        cx: Ctx<'_>,
        field: Option<&str>,
    ) -> Option<&'v DeTable<'i>> {
        match value.get_ref().as_table() {
            Some(t) => Some(t),
            None => {
                let mut d = Diagnostic::new(format!(
                    "expected a table; found {}",
                    describe(value.get_ref())
                ))
                .item(cx.item)
                .span(self.at(value));
                if let Some(f) = field {
                    d = d.field(f);
                }
                self.error(d);
                None
            }
        }
    }

    /// The value as a string, or a diagnostic.
    pub fn string(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<At<String>> {
        match v.get_ref().as_str() {
            Some(s) => Some(At::new(s.to_string(), self.at(v))),
            None => {
                self.error(field_error(cx, field, self.at(v)).message_text(format!(
                    "expected a string in quotes; found {}",
                    describe(v.get_ref())
                )));
                None
            }
        }
    }

    /// The value as a whole number, or a diagnostic.
    pub fn integer(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<At<i64>> {
        let value = v.get_ref();
        let whole = match value {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            DeValue::Float(_) => number(value)
                .filter(|x| x.fract() == 0.0 && x.abs() < 1e15)
                .map(|x| x as i64),
            _ => None,
        };
        match whole {
            Some(n) => Some(At::new(n, self.at(v))),
            None => {
                self.error(field_error(cx, field, self.at(v)).message_text(format!(
                    "expected a whole number; found {}",
                    describe(value)
                )));
                None
            }
        }
    }

    /// The value as a number, expression string or distribution table, or a diagnostic.
    pub fn quantity(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<At<RawQuantity>> {
        let value = v.get_ref();
        let q = match value {
            DeValue::Integer(_) | DeValue::Float(_) => match number(value) {
                Some(x) => RawQuantity::Number(x),
                None => {
                    self.error(field_error(cx, field, self.at(v)).message_text(format!(
                        "`{}` is not a number this tool can use",
                        raw_text(value)
                    )));
                    return None;
                }
            },
            DeValue::String(s) => RawQuantity::Expr(s.to_string()),
            DeValue::Table(t) => RawQuantity::Dist(self.dist(t, self.at(v), cx, field)?),
            _ => {
                self.error(
                    field_error(cx, field, self.at(v))
                        .message_text(format!(
                            "expected a number, an expression in quotes, or a distribution table; found {}",
                            describe(value)
                        ))
                        .help("e.g. `0.2`, `\"caseload * 0.3\"` or `{ dist = \"beta\", mean = 0.2, sd = 0.05 }`"),
                );
                return None;
            }
        };
        Some(At::new(q, self.at(v)))
    }

    fn dist(&mut self, t: &DeTable<'_>, span: Span, cx: Ctx<'_>, field: &str) -> Option<RawDist> {
        let kind = match t.get("dist") {
            Some(k) => match k.get_ref().as_str() {
                Some(s) => At::new(s.to_string(), self.at(k)),
                None => {
                    self.error(
                        field_error(cx, &join(field, "dist"), self.at(k)).message_text(format!(
                            "expected the distribution's name in quotes; found {}",
                            describe(k.get_ref())
                        )),
                    );
                    return None;
                }
            },
            None => {
                self.error(
                    field_error(cx, field, span)
                        .message_text("a distribution table needs `dist`, the distribution's name")
                        .help(format!("e.g. `{{ dist = \"triangular\", min = 1, mode = 2, max = 4 }}`; distributions: {}", crate::model::dist::KINDS.join(", "))),
                );
                return None;
            }
        };
        let mut fields = Vec::new();
        let mut price_year = None;
        let mut ok = true;
        for (key, v) in t.iter() {
            let k = key.get_ref().as_ref();
            if k == "dist" {
                continue;
            }
            if k == "price_year" {
                price_year = self.integer(v, cx, &join(field, k));
                ok &= price_year.is_some();
                continue;
            }
            let value = v.get_ref();
            let f = match value {
                DeValue::Integer(_) | DeValue::Float(_) => number(value).map(RawDistField::Number),
                DeValue::Array(a) => a
                    .iter()
                    .map(|e| number(e.get_ref()))
                    .collect::<Option<Vec<f64>>>()
                    .map(RawDistField::Numbers),
                _ => None,
            };
            match f {
                Some(f) => {
                    fields.push((At::new(k.to_string(), self.at(key)), At::new(f, self.at(v))))
                }
                None => {
                    ok = false;
                    let mut d = field_error(cx, &join(field, k), self.at(v)).message_text(format!(
                        "distribution fields take numbers (or lists of numbers); found {}",
                        describe(value)
                    ));
                    if value.is_str() {
                        d = d.help("expressions are allowed for the field itself, not inside a distribution");
                    }
                    self.error(d);
                }
            }
        }
        ok.then_some(RawDist {
            kind,
            fields,
            price_year,
        })
    }
}

/// A diagnostic for a field of an item (message to be set).
pub fn field_error(cx: Ctx<'_>, field: &str, span: Span) -> Diagnostic {
    let mut d = Diagnostic::new("").item(cx.item).span(span);
    if !field.is_empty() {
        d = d.field(field);
    }
    d
}

trait MessageText {
    fn message_text(self, m: impl Into<String>) -> Self;
}

impl MessageText for Diagnostic {
    fn message_text(mut self, m: impl Into<String>) -> Self {
        self.message = m.into();
        self
    }
}

/// A diagnostic for a key that is not allowed, with the nearest allowed one.
pub fn unknown_key(key: &str, span: Span, allowed: &[&str], cx: Option<Ctx<'_>>) -> Diagnostic {
    let what = if cx.is_some() { "field" } else { "table" };
    let mut d = Diagnostic::new(format!(
        "unknown {what} `{key}`{}",
        did_you_mean(key, allowed.iter().copied())
    ))
    .span(span)
    .help(format!("allowed: {}", allowed.join(", ")));
    if let Some(cx) = cx {
        d = d.item(cx.item);
    }
    d
}

/// `outcomes[2] "Fewer GP visits"`: the label of an entry of an array of tables (1-based).
pub fn item_label(what: &str, index: usize, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{what}[{}] \"{n}\"", index + 1),
        None => format!("{what}[{}]", index + 1),
    }
}

/// A key as it is written in a TOML dotted key: bare if it can be, quoted otherwise.
pub fn quote_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn join(field: &str, sub: &str) -> String {
    if field.is_empty() {
        sub.to_string()
    } else {
        format!("{field}.{sub}")
    }
}

/// A TOML number as f64 (integers converted); None for anything else or out of range.
pub fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => None,
    }
}

fn raw_text(v: &DeValue<'_>) -> String {
    match v {
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        other => describe(other).to_string(),
    }
}

/// A few words for a TOML value's type, for messages.
pub fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the number {i}"),
        DeValue::Float(f) => format!("the number {f}"),
        DeValue::Boolean(b) => format!("the boolean {b}"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[model]
name = "Test"
discount_rate = 0.035

[parameters]
people = 100
share = { dist = "beta", mean = 0.5, sd = 0.1 }
reached = "people * share"

[[inputs]]
name = "Grant"
amount = 1000

[[inputs]]
name = "Match"
schedule = [0, 500, { dist = "uniform", min = 400, max = 600 }]

[[outcomes]]
name = "Wellbeing"
stakeholder = "Participants"
quantity = "reached"
value = { dist = "discrete", values = [1, 2], weights = [1, 3] }
duration = 2
"#;

    #[test]
    fn reads_every_kind_of_field() {
        let m = parse_model(GOOD).unwrap();
        assert_eq!(m.header.name.as_ref().unwrap().value, "Test");
        assert_eq!(
            m.header.discount_rate.as_ref().unwrap().value,
            RawQuantity::Number(0.035)
        );
        let names: Vec<_> = m.parameters.iter().map(|(k, _)| k.value.as_str()).collect();
        assert_eq!(names, ["people", "share", "reached"], "file order kept");
        assert_eq!(
            m.parameters[2].1.value,
            RawQuantity::Expr("people * share".into())
        );
        assert_eq!(m.inputs.len(), 2);
        assert_eq!(m.inputs[1].schedule.as_ref().unwrap().value.len(), 3);
        let value = &m.outcomes[0].value.as_ref().unwrap().value;
        let RawQuantity::Dist(d) = value else {
            panic!()
        };
        assert_eq!(d.kind.value, "discrete");
        assert_eq!(d.fields[1].1.value, RawDistField::Numbers(vec![1.0, 3.0]));
        assert_eq!(
            m.outcomes[0].duration.as_ref().unwrap().value,
            RawDuration::Years(2)
        );
        let span = &m.outcomes[0].duration.as_ref().unwrap().span;
        assert_eq!(&GOOD[span.clone()], "2");
    }

    #[test]
    fn unknown_fields_are_named_with_a_suggestion() {
        let src = GOOD.replace("duration = 2", "durration = 2");
        let errs = parse_model(&src).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].title(),
            "outcomes[1] \"Wellbeing\": unknown field `durration`; did you mean `duration`?"
        );
        assert_eq!(&src[errs[0].span.clone().unwrap()], "durration");
    }

    #[test]
    fn wrong_types_are_reported_with_what_was_found() {
        let src = GOOD.replace("duration = 2", "duration = \"two\"");
        let errs = parse_model(&src).unwrap_err();
        assert_eq!(
            errs[0].title(),
            "outcomes[1] \"Wellbeing\", field `duration`: expected a whole number; found the string \"two\""
        );
        let src = GOOD.replace("amount = 1000", "amount = true");
        let errs = parse_model(&src).unwrap_err();
        assert!(errs[0].title().starts_with("inputs[1] \"Grant\", field `amount`: expected a number, an expression in quotes, or a distribution table; found the boolean true"));
    }

    #[test]
    fn toml_syntax_errors_keep_their_position() {
        let errs = parse_model("[model]\nname = \"x\nfoo").unwrap_err();
        assert!(
            errs[0].message.starts_with("TOML syntax:"),
            "{}",
            errs[0].message
        );
        assert!(errs[0].span.is_some());
    }

    #[test]
    fn a_missing_model_table_and_unknown_tables_are_errors() {
        let errs = parse_model("[modle]\nname = \"x\"\n").unwrap_err();
        let titles: Vec<_> = errs.iter().map(|e| e.title()).collect();
        assert_eq!(titles[0], "unknown table `modle`; did you mean `model`?");
        assert_eq!(titles[1], "the file has no `[model]` table");
    }

    #[test]
    fn dist_fields_must_be_numbers() {
        let src = GOOD.replace("min = 400", "min = \"a\"");
        let errs = parse_model(&src).unwrap_err();
        assert_eq!(
            errs[0].title(),
            "inputs[2] \"Match\", field `schedule[2].min`: distribution fields take numbers (or lists of numbers); found the string \"a\""
        );
    }

    #[test]
    fn keys_are_quoted_only_when_needed() {
        assert_eq!(quote_key("referrals"), "referrals");
        assert_eq!(quote_key("Fewer GP visits"), "\"Fewer GP visits\"");
        assert_eq!(quote_key("a\"b"), "\"a\\\"b\"");
    }
}
