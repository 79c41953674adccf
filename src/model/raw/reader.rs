//! The walk's tools: the reader that collects every problem found, and the helpers
//! that read one TOML value as a table, string, number or list and word a diagnostic.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{At, MAX_SCHEDULE, RawQuantity, Span};
use crate::error::Diagnostic;
use crate::model::suggest::did_you_mean;

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

    /// The value as a list of strings, or a diagnostic.
    pub fn strings(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<At<Vec<At<String>>>> {
        let Some(array) = v.get_ref().as_array() else {
            self.error(field_error(cx, field, self.at(v)).message_text(format!(
                "expected a list of strings, e.g. `[\"our-proxies.toml\"]`; found {}",
                describe(v.get_ref())
            )));
            return None;
        };
        let mut out = Vec::new();
        for (k, e) in array.iter().enumerate() {
            out.push(self.string(e, cx, &format!("{field}[{k}]"))?);
        }
        Some(At::new(out, self.at(v)))
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
}

/// A diagnostic for a field of an item (message to be set).
pub fn field_error(cx: Ctx<'_>, field: &str, span: Span) -> Diagnostic {
    let mut d = Diagnostic::new("").item(cx.item).span(span);
    if !field.is_empty() {
        d = d.field(field);
    }
    d
}

pub(super) trait MessageText {
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

pub(super) fn join(field: &str, sub: &str) -> String {
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

pub(super) fn raw_text(v: &DeValue<'_>) -> String {
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
