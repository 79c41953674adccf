//! A proxy library: TOML files of `[[proxy]]` entries, each a financial proxy with its
//! value, unit, price year, source, address and licence (spec §13).
//!
//! The bundled library (`proxies/` of the repository, compiled into the binary) is always
//! loaded first; a model's `[model] proxies = [...]` and `sroi proxies --library` add
//! files after it. Every entry needs every field: a figure without its source, price year
//! or licence cannot be defended to an assessor, so a missing one is an error naming the
//! file and line. An identifier may appear once across all the libraries loaded.

use std::collections::HashMap;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, Error, ModelError, SourceFile};
use crate::model::raw::{At, Ctx, RawQuantity, Reader, Span, describe, item_label, unknown_key};
use crate::model::source::read_text;

/// Every field an entry may have: the required ones ([`REQUIRED_FIELDS`]), then how the
/// figure was checked against its source and any notes on its use.
pub const ENTRY_FIELDS: &[&str] = &[
    "id",
    "name",
    "unit",
    "value",
    "price_year",
    "currency",
    "category",
    "source",
    "url",
    "licence",
    "checked",
    "notes",
];
/// The fields every entry must have: all of [`ENTRY_FIELDS`] but the last two.
pub const REQUIRED_FIELDS: &[&str] = ENTRY_FIELDS.split_at(ENTRY_FIELDS.len() - 2).0;
/// Licences under which a figure may be bundled: reuse, commercial included, with
/// attribution (Open Government Licence v3.0, Creative Commons Attribution 4.0).
pub const BUNDLED_LICENCES: &[&str] = &["OGL-3.0", "CC-BY-4.0"];

/// One financial proxy.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its identifier, used as `{ proxy = "ID" }`.
    pub id: String,
    /// What it values, in words.
    pub name: String,
    /// What one unit of it is, e.g. `per attendance`.
    pub unit: String,
    /// Its value: a number or a distribution, at `price_year` prices (spans point into the
    /// library file).
    pub value: At<RawQuantity>,
    /// The year whose prices the value is in (a financial year by the year it starts).
    pub price_year: i64,
    /// The currency of the value.
    pub currency: String,
    /// A grouping for lists: health, crime, wellbeing, …
    pub category: String,
    /// The publication the value comes from.
    pub source: String,
    /// Where to read it.
    pub url: String,
    /// The terms under which it is reused, e.g. `OGL-3.0`.
    pub licence: String,
    /// How the figure was checked against its source, if the library says.
    pub checked: Option<String>,
    /// Notes on its use, if any.
    pub notes: Option<String>,
    /// The library file it came from.
    pub file: String,
    /// The line of its `[[proxy]]` entry (1-based).
    pub line: usize,
    /// Its position in its file (0-based).
    pub index: usize,
}

impl Entry {
    /// `proxies/crime.toml:12`: where the entry is written.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// The value in words: `148`, `triangular(min 10000, mode 13000, max 16000)`.
    pub fn describe_value(&self) -> String {
        match &self.value.value {
            RawQuantity::Number(x) => format!("{x}"),
            RawQuantity::Dist(d) => {
                let fields: Vec<String> = d
                    .fields
                    .iter()
                    .map(|(k, v)| match &v.value {
                        crate::model::raw::RawDistField::Number(x) => {
                            format!("{} {x}", k.value)
                        }
                        crate::model::raw::RawDistField::Numbers(xs) => format!(
                            "{} [{}]",
                            k.value,
                            xs.iter()
                                .map(|x| format!("{x}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })
                    .collect();
                format!("{}({})", d.kind.value, fields.join(", "))
            }
            _ => String::new(),
        }
    }
}

/// Every proxy loaded, in the order of their files.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// The entries.
    pub entries: Vec<Entry>,
    /// The files read, in order (bundled ones first).
    pub files: Vec<String>,
}

/// The bundled library files: (name shown in messages, text).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "proxies/nhs-costs.toml",
        include_str!("../../../proxies/nhs-costs.toml"),
    ),
    (
        "proxies/wellbeing.toml",
        include_str!("../../../proxies/wellbeing.toml"),
    ),
    (
        "proxies/loneliness.toml",
        include_str!("../../../proxies/loneliness.toml"),
    ),
    (
        "proxies/crime.toml",
        include_str!("../../../proxies/crime.toml"),
    ),
    (
        "proxies/dwp-benefits.toml",
        include_str!("../../../proxies/dwp-benefits.toml"),
    ),
    (
        "proxies/dhsc-social-care.toml",
        include_str!("../../../proxies/dhsc-social-care.toml"),
    ),
    (
        "proxies/minimum-wage.toml",
        include_str!("../../../proxies/minimum-wage.toml"),
    ),
    (
        "proxies/ons-earnings.toml",
        include_str!("../../../proxies/ons-earnings.toml"),
    ),
    (
        "proxies/english-housing-survey.toml",
        include_str!("../../../proxies/english-housing-survey.toml"),
    ),
];

impl Library {
    /// The bundled library alone.
    pub fn bundled() -> Result<Library, Error> {
        let mut lib = Library::default();
        for (name, text) in BUNDLED {
            lib.add_text(name, text)?;
        }
        Ok(lib)
    }

    /// The bundled library and then each of `files` (read from disk).
    pub fn with_files(files: &[impl AsRef<Path>]) -> Result<Library, Error> {
        let mut lib = Library::bundled()?;
        for f in files {
            let path = f.as_ref();
            let text = read_text(path)?;
            lib.add_text(&path.display().to_string(), &text)?;
        }
        Ok(lib)
    }

    /// Finds an entry by its identifier.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entries whose identifier, name, unit, category or source contain every word
    /// of `term` (ignoring case); all of them for an empty term.
    pub fn search(&self, term: &str) -> Vec<&Entry> {
        let words: Vec<String> = term.split_whitespace().map(str::to_lowercase).collect();
        self.entries
            .iter()
            .filter(|e| {
                let hay = format!("{} {} {} {} {}", e.id, e.name, e.unit, e.category, e.source)
                    .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    /// Reads one library file's text and adds its entries, or reports every problem in it.
    pub fn add_text(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let fail = |diagnostics| Error::Model(ModelError::new(file, text, diagnostics));
        let doc = crate::model::raw::parse_document(text).map_err(fail)?;
        let mut r = Reader::default();
        let entries = read_entries(&mut r, &doc, file, text);
        let mut diagnostics = r.diagnostics;
        // An identifier may be defined once across every library loaded.
        let mut seen: HashMap<&str, &Entry> =
            self.entries.iter().map(|e| (e.id.as_str(), e)).collect();
        for (e, id_span) in &entries {
            if let Some(first) = seen.get(e.id.as_str()) {
                diagnostics.push(
                    Diagnostic::new(format!(
                        "the proxy `{}` is already defined at {}",
                        e.id,
                        first.location()
                    ))
                    .item(item_label("proxy", e.index, Some(&e.id)))
                    .field("id")
                    .span(id_span.clone())
                    .help("every proxy needs its own `id` across all the libraries a model loads: rename this one (e.g. with your organisation as a prefix)"),
                );
            } else {
                seen.insert(&e.id, e);
            }
        }
        if !diagnostics.is_empty() {
            return Err(Error::Model(ModelError {
                file: file.to_string(),
                sources: vec![SourceFile {
                    name: file.to_string(),
                    text: text.to_string(),
                    offset: 0,
                }],
                diagnostics,
            }));
        }
        self.files.push(file.to_string());
        self.entries.extend(entries.into_iter().map(|(e, _)| e));
        Ok(())
    }
}

/// Reads the `[[proxy]]` entries of a library file; problems go to the reader.
fn read_entries(r: &mut Reader, doc: &DeTable<'_>, file: &str, text: &str) -> Vec<(Entry, Span)> {
    let mut out = Vec::new();
    for (key, value) in doc.iter() {
        let k = key.get_ref().as_ref();
        if k != "proxy" {
            r.error(
                unknown_key(k, r.at(key), &["proxy"], None)
                    .help("a proxy library holds `[[proxy]]` entries only"),
            );
            continue;
        }
        let Some(array) = value.get_ref().as_array() else {
            r.error(
                Diagnostic::new(format!(
                    "`proxy` must be an array of tables, written `[[proxy]]`; found {}",
                    describe(value.get_ref())
                ))
                .span(r.at(value)),
            );
            continue;
        };
        for (i, e) in array.iter().enumerate() {
            // Entries are labelled by their identifier, as models refer to them.
            let id = e
                .get_ref()
                .as_table()
                .and_then(|t| t.get("id"))
                .and_then(|n| n.get_ref().as_str().map(str::to_string));
            let item = item_label("proxy", i, id.as_deref());
            if let Some(t) = r.table(e, Ctx { item: &item }, None) {
                let span = r.at(e);
                out.extend(entry(r, t, span, &item, i, file, text));
            }
        }
    }
    if !doc.contains_key("proxy") {
        r.error(
            Diagnostic::new("the file has no `[[proxy]]` entries")
                .span(0..0)
                .help("a proxy library is a list of `[[proxy]]` tables, each with id, name, unit, value, price_year, currency, category, source, url and licence"),
        );
    }
    out
}

fn entry(
    r: &mut Reader,
    t: &DeTable<'_>,
    span: Span,
    item: &str,
    index: usize,
    file: &str,
    text: &str,
) -> Option<(Entry, Span)> {
    let cx = Ctx { item };
    let mut strings: HashMap<&str, At<String>> = HashMap::new();
    let mut value = None;
    let mut price_year = None;
    let before = r.diagnostics.len();
    for (key, v) in t.iter() {
        let k = key.get_ref().as_ref();
        match k {
            "value" => {
                value = match v.get_ref() {
                    DeValue::String(_) => {
                        r.error(
                            Diagnostic::new(format!(
                                "a proxy's value is a number or a distribution table; found {}",
                                describe(v.get_ref())
                            ))
                            .item(item)
                            .field("value")
                            .span(r.at(v)),
                        );
                        None
                    }
                    _ => r.quantity(v, cx, "value"),
                }
            }
            "price_year" => price_year = r.integer(v, cx, k),
            _ => match ENTRY_FIELDS.iter().find(|&&f| f == k) {
                Some(&f) => {
                    if let Some(s) = r.string(v, cx, k) {
                        strings.insert(f, s);
                    }
                }
                None => r.error(unknown_key(k, r.at(key), ENTRY_FIELDS, Some(cx))),
            },
        }
    }
    let present = |f: &str| match f {
        "value" => t.contains_key("value"),
        "price_year" => t.contains_key("price_year"),
        other => t.contains_key(other),
    };
    let missing: Vec<&str> = REQUIRED_FIELDS
        .iter()
        .copied()
        .filter(|f| !present(f))
        .collect();
    if !missing.is_empty() {
        r.error(
            Diagnostic::new(format!(
                "missing required field{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .item(item)
            .span(span.start..span.start)
            .help(format!(
                "every proxy needs {}: a figure an assessor cannot trace is not a proxy",
                REQUIRED_FIELDS.join(", ")
            )),
        );
    }
    for (f, s) in &strings {
        if REQUIRED_FIELDS.contains(f) && s.value.trim().is_empty() {
            r.error(
                Diagnostic::new(format!("`{f}` is empty"))
                    .item(item)
                    .field(*f)
                    .span(s.span.clone()),
            );
        }
    }
    if let Some(id) = strings.get("id")
        && !is_proxy_id(&id.value)
    {
        r.error(
            Diagnostic::new(format!(
                "`{}` is not a usable identifier: lower-case letters, digits and single hyphens",
                id.value
            ))
            .item(item)
            .field("id")
            .span(id.span.clone())
            .help("e.g. `nhs-ae-attendance`"),
        );
    }
    if r.diagnostics.len() > before {
        return None;
    }
    let s = |f: &str| strings.get(f).map(|a| a.value.clone()).unwrap_or_default();
    let id_span = strings
        .get("id")
        .map(|a| a.span.clone())
        .unwrap_or(span.clone());
    // The entry's span starts at its `[[proxy]]` header.
    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
    Some((
        Entry {
            id: s("id"),
            name: s("name"),
            unit: s("unit"),
            value: value?,
            price_year: price_year?.value,
            currency: s("currency"),
            category: s("category"),
            source: s("source"),
            url: s("url"),
            licence: s("licence"),
            checked: strings.get("checked").map(|a| a.value.clone()),
            notes: strings.get("notes").map(|a| a.value.clone()),
            file: file.to_string(),
            line,
            index,
        },
        id_span,
    ))
}

/// Lower-case letters and digits in words joined by single hyphens.
pub fn is_proxy_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[proxy]]
id = "test-visit"
name = "A visit"
unit = "per visit"
value = 100
price_year = 2016
currency = "GBP"
category = "health"
source = "A source"
url = "https://example.org"
licence = "OGL-3.0"
"#;

    #[test]
    fn reads_an_entry_with_its_line() {
        let mut lib = Library::default();
        lib.add_text("a.toml", ONE).unwrap();
        let e = lib.get("test-visit").unwrap();
        assert_eq!(e.price_year, 2016);
        assert_eq!(e.value.value, RawQuantity::Number(100.0));
        assert_eq!(e.location(), "a.toml:2", "the line of `[[proxy]]`");
    }

    #[test]
    fn a_missing_field_is_named_with_file_and_line() {
        let mut lib = Library::default();
        let text = ONE
            .replace("unit = \"per visit\"\n", "")
            .replace("licence = \"OGL-3.0\"\n", "");
        let err = lib.add_text("a.toml", &text).unwrap_err().to_string();
        assert!(
            err.contains("proxy[1] \"test-visit\": missing required fields `unit`, `licence`"),
            "{err}"
        );
        assert!(err.contains("--> a.toml:2:1"), "{err}");
    }

    #[test]
    fn a_duplicate_id_across_libraries_names_the_first() {
        let mut lib = Library::default();
        lib.add_text("a.toml", ONE).unwrap();
        let err = lib.add_text("b.toml", ONE).unwrap_err().to_string();
        assert!(
            err.contains("proxy[1] \"test-visit\", field `id`: the proxy `test-visit` is already defined at a.toml:2"),
            "{err}"
        );
        assert!(err.contains("--> b.toml:3:6"), "{err}");
    }

    #[test]
    fn search_matches_every_word_in_any_field() {
        let lib = Library::bundled().unwrap();
        let hits = lib.search("A&E");
        assert!(hits.iter().any(|e| e.id == "nhs-ae-attendance"));
        assert!(lib.search("zzzz-nothing").is_empty());
        assert_eq!(lib.search("").len(), lib.entries.len());
    }

    #[test]
    fn identifiers_are_lower_case_words_joined_by_hyphens() {
        assert!(is_proxy_id("nhs-ae-attendance"));
        assert!(is_proxy_id("wellby"));
        assert!(!is_proxy_id("NHS"));
        assert!(!is_proxy_id("a--b"));
        assert!(!is_proxy_id("-a"));
        assert!(!is_proxy_id(""));
    }
}
