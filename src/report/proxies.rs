//! `sroi proxies`: the proxy library as a terminal table (list or search) and one entry in
//! full (`show ID`), and the proxies a model uses as `check` lists them.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table};

use crate::analysis::summary::group_thousands;
use crate::model::proxy::library::{Entry, Library};
use crate::model::proxy::resolve::ProxyUse;
use crate::model::raw::{RawDist, RawDistField, RawQuantity};
use crate::report::currency_symbol;

/// The columns the library's listings are laid out to when they do not go to a terminal:
/// 80, a list to read through a pager, where a report's tables take
/// [`super::target::DEFAULT_WIDTH`].
pub const DEFAULT_WIDTH: usize = 80;

/// The width from which a listing has room for the category column.
const WIDE: usize = 100;

/// An amount with thousands separators, and pence only where the figure has them:
/// `£148`, `£108.55`, `£3,200,000`.
pub fn amount(x: f64, symbol: &str) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let cents = (x.abs() * 100.0).round() as u64;
    let whole = group_thousands(cents / 100);
    if cents.is_multiple_of(100) {
        format!("{sign}{symbol}{whole}")
    } else {
        format!("{sign}{symbol}{whole}.{:02}", cents % 100)
    }
}

/// A number field of a proxy's distribution (`min`, `mean`, ...), if it is given.
fn field(d: &RawDist, name: &str) -> Option<f64> {
    d.fields.iter().find_map(|(key, v)| match &v.value {
        RawDistField::Number(x) if key.value == name => Some(*x),
        _ => None,
    })
}

/// A distribution's central value as written: its `base`, else `mode`, `mean` or `value`.
fn centre(d: &RawDist) -> Option<f64> {
    ["base", "mode", "mean", "value"]
        .into_iter()
        .find_map(|name| field(d, name))
}

/// A proxy's value for a table cell: the amount, or a distribution's central value with
/// its range (`£13,000 (£10,000–£16,000)`).
pub fn value_cell(e: &Entry) -> String {
    let sym = currency_symbol(&e.currency);
    match &e.value.value {
        RawQuantity::Number(x) => amount(*x, &sym),
        RawQuantity::Dist(d) => match (centre(d), field(d, "min"), field(d, "max")) {
            (Some(c), Some(lo), Some(hi)) => format!(
                "{} ({}–{})",
                amount(c, &sym),
                amount(lo, &sym),
                amount(hi, &sym)
            ),
            (None, Some(lo), Some(hi)) => {
                format!("{}–{}", amount(lo, &sym), amount(hi, &sym))
            }
            _ => e.describe_value(),
        },
        _ => String::new(),
    }
}

/// A proxy's central value for a list: the amount, or `~` and a distribution's central
/// value (`~£13,000`), the middle of its range where it gives no centre.
pub fn central_cell(e: &Entry) -> String {
    let sym = currency_symbol(&e.currency);
    match (&e.value.value, central(e)) {
        (RawQuantity::Number(x), _) => amount(*x, &sym),
        (RawQuantity::Dist(_), Some(c)) => format!("~{}", amount(c, &sym)),
        (RawQuantity::Dist(_), None) => "~".into(),
        _ => String::new(),
    }
}

/// An entry's value, or the centre of its distribution (else the middle of its range).
fn central(e: &Entry) -> Option<f64> {
    match &e.value.value {
        RawQuantity::Number(x) => Some(*x),
        RawQuantity::Dist(d) => {
            centre(d).or_else(|| Some((field(d, "min")? + field(d, "max")?) / 2.0))
        }
        _ => None,
    }
}

/// How a figure was checked, in a word: `primary` when read in its publisher's own
/// document, `secondary` when read where another party quotes it, `unstated` otherwise.
pub fn check_grade(checked: Option<&str>) -> &'static str {
    match checked {
        Some(c) if c.starts_with("read in ") => "primary",
        Some(c) if c.starts_with("secondary") => "secondary",
        _ => "unstated",
    }
}

/// A table `width` columns wide at most, with this header.
fn table(header: Vec<&str>, width: usize) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header)
        .force_no_tty()
        .set_width(width.min(u16::MAX as usize) as u16);
    t
}

/// The entries matching `term` (all for none), one row each, at most `width` columns wide.
pub fn render_list(lib: &Library, term: Option<&str>, width: usize) -> String {
    let hits = lib.search(term.unwrap_or(""));
    if hits.is_empty() {
        let text = format!(
            "No proxy matches \"{}\" in {} entries ({} libraries).\nTry one word, e.g. `sroi proxies crime`; `sroi proxies` lists them all.\n",
            term.unwrap_or(""),
            lib.entries.len(),
            lib.files.len()
        );
        return super::text::fit_lines(&text, width);
    }
    // The category column only where there is room; a search matches it either way.
    let wide = width >= WIDE;
    let mut header = vec!["ID", "Value", "Prices", "Unit"];
    if wide {
        header.push("Category");
    }
    let mut t = table(header, width);
    for e in &hits {
        let mut row = vec![
            e.id.clone(),
            central_cell(e),
            e.price_year.to_string(),
            e.unit.clone(),
        ];
        if wide {
            row.push(e.category.clone());
        }
        t.add_row(row);
    }
    for i in 0..3 {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    if let Some(c) = t.column_mut(1) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    let grade = |g: &str| {
        hits.iter()
            .filter(|e| check_grade(e.checked.as_deref()) == g)
            .count()
    };
    let (primary, secondary, unstated) = (grade("primary"), grade("secondary"), grade("unstated"));
    let mut out = match term {
        Some(t) => format!(
            "{} of {} proxies match \"{t}\"\n",
            hits.len(),
            lib.entries.len()
        ),
        None => format!(
            "{} proxies in {} libraries\n",
            lib.entries.len(),
            lib.files.len()
        ),
    };
    out.push_str(&format!("{t}\n"));
    out.push_str("~ marks a distribution (its central value shown).\n");
    let mut checked = format!(
        "Figures read in their source: {primary}; only where others quote them: {secondary}"
    );
    if unstated > 0 {
        checked.push_str(&format!("; unstated: {unstated}"));
    }
    out.push_str(&format!("{checked}.\n"));
    out.push_str(
        "In a model: `value = { proxy = \"ID\" }`; `sroi proxies show ID` gives its source.\n",
    );
    out
}

/// One entry in full, at most `width` columns wide.
pub fn render_show(e: &Entry, width: usize) -> String {
    let mut t = table(vec!["Field", "Value"], width);
    let rows: Vec<(&str, String)> = vec![
        ("id", e.id.clone()),
        ("name", e.name.clone()),
        (
            "value",
            format!("{} ({})", value_cell(e), e.describe_value()),
        ),
        ("unit", e.unit.clone()),
        ("price year", e.price_year.to_string()),
        ("currency", e.currency.clone()),
        ("category", e.category.clone()),
        ("source", e.source.clone()),
        ("url", e.url.clone()),
        ("licence", e.licence.clone()),
        (
            "checked",
            e.checked
                .clone()
                .unwrap_or_else(|| "the library does not say".into()),
        ),
        ("library", e.location()),
    ];
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v]);
    }
    if let Some(n) = &e.notes {
        t.add_row(vec!["notes".to_string(), n.clone()]);
    }
    format!(
        "{}\n{t}\nIn a model: `value = {{ proxy = \"{}\" }}`, rebased from {} prices\nto the model's `price_year`.\n",
        e.name, e.id, e.price_year
    )
}

/// The proxies a model uses as a grid: where each goes, its value and price year, its
/// source, licence and how it was checked (for Markdown and other report formats).
pub fn sources_grid(uses: &[ProxyUse]) -> crate::report::Grid {
    crate::report::Grid {
        header: [
            "Quantity", "Proxy", "Value", "Prices", "Source", "Licence", "Checked",
        ]
        .map(String::from)
        .to_vec(),
        rows: uses
            .iter()
            .map(|u| {
                vec![
                    u.quantity.clone(),
                    u.id.clone(),
                    format!("{} {}", u.value, u.unit),
                    match u.model_price_year {
                        Some(y) if y != u.price_year => {
                            format!("{} (× {:.4} to {y})", u.price_year, u.factor)
                        }
                        _ => u.price_year.to_string(),
                    },
                    format!("{} <{}>", u.source, u.url),
                    u.licence.clone(),
                    check_grade(u.checked.as_deref()).to_string(),
                ]
            })
            .collect(),
        text_columns: 7,
    }
}

/// The lines `check` prints for the proxies a model uses: where each goes, its price
/// year and rebasing, what it values, its source, licence and how it was checked.
pub fn check_lines(uses: &[ProxyUse]) -> Vec<String> {
    let mut out = vec![format!("  Proxies from the library ({}):", uses.len())];
    for u in uses {
        let rebase = match u.model_price_year {
            Some(y) if y != u.price_year => {
                format!("{} prices, ×\u{a0}{:.4} to {y}", u.price_year, u.factor)
            }
            _ => format!("{} prices", u.price_year),
        };
        out.push(format!("    {} = {} ({rebase})", u.quantity, u.id));
        out.push(format!("      {}: {} {}", u.name, u.value, u.unit));
        out.push(format!(
            "      source: {} ({}, checked: {})",
            u.source,
            u.licence,
            check_grade(u.checked.as_deref())
        ));
    }
    out
}

/// The entries as JSON: an array of objects, each entry's fields as the library gives
/// them (a distribution as its table), with where it is written.
pub fn render_json(entries: &[&Entry]) -> String {
    let value = |e: &Entry| -> serde_json::Value {
        match &e.value.value {
            RawQuantity::Number(x) => serde_json::json!(x),
            RawQuantity::Dist(d) => {
                let mut table = serde_json::Map::new();
                table.insert("dist".into(), d.kind.value.clone().into());
                for (k, v) in &d.fields {
                    let v = match &v.value {
                        RawDistField::Number(x) => serde_json::json!(x),
                        RawDistField::Numbers(xs) => serde_json::json!(xs),
                    };
                    table.insert(k.value.clone(), v);
                }
                table.into()
            }
            RawQuantity::Expr(x) => x.clone().into(),
            RawQuantity::Proxy(id) => serde_json::json!({ "proxy": id.value }),
        }
    };
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id,
                "name": e.name,
                "unit": e.unit,
                "value": value(e),
                "central": central(e),
                "price_year": e.price_year,
                "currency": e.currency,
                "category": e.category,
                "source": e.source,
                "url": e.url,
                "licence": e.licence,
                "checked": e.checked,
                "notes": e.notes,
                "file": e.file,
                "line": e.line,
            })
        })
        .collect();
    super::json::render(&list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_show_pence_only_when_there_are_some() {
        assert_eq!(amount(148.0, "£"), "£148");
        assert_eq!(amount(108.55, "£"), "£108.55");
        assert_eq!(amount(3_200_000.0, "£"), "£3,200,000");
        assert_eq!(amount(-1200.5, "£"), "-£1,200.50");
    }

    #[test]
    fn the_list_fits_its_width_and_shows_categories_from_100() {
        let lib = Library::bundled().unwrap();
        for width in [DEFAULT_WIDTH, WIDE] {
            let text = render_list(&lib, None, width);
            let rows: Vec<&str> = text
                .lines()
                .filter(|l| l.starts_with(['│', '┌', '├', '└', '╞']))
                .collect();
            assert!(rows.len() > 3, "{text}");
            for line in &rows {
                assert!(line.chars().count() <= width, "{line}");
            }
            let header = rows[1];
            assert!(header.contains("Unit"), "{header}");
            assert_eq!(header.contains("Category"), width >= WIDE, "{header}");
        }
    }
}
