//! Output: each format is a small renderer of the same result struct.
//!
//! Where the text goes (standard output or a file given with `-o`) is decided in `output`,
//! not here.

pub mod csv;
pub mod json;
pub mod markdown;
pub mod sensitivity;
pub mod table;
pub mod tornado;

use clap::ValueEnum;

use crate::stats::Summary;
use crate::summary::RunReport;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables for the terminal.
    Table,
    /// One JSON object (spec §4).
    Json,
    /// One row per quantity, for spreadsheets.
    Csv,
    /// Markdown tables, for reports.
    Markdown,
}

impl Format {
    /// The format a file name's extension implies, if any (`.json`, `.csv`, `.md`).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// The symbol written before amounts in a currency, or the code and a space.
pub fn currency_symbol(code: &str) -> String {
    match code.to_ascii_uppercase().as_str() {
        "GBP" => "£".into(),
        "EUR" => "€".into(),
        "USD" | "AUD" | "CAD" | "NZD" => "$".into(),
        _ => format!("{code} "),
    }
}

/// An amount in whole units with thousands separators: `£412,300`, `-£1,200`.
pub fn money(x: f64, symbol: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let rounded = x.round();
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!(
        "{sign}{symbol}{}",
        crate::summary::group_thousands(rounded.abs() as u64)
    )
}

/// A ratio to two decimals.
pub fn ratio(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.2}")
    } else {
        "n/a".into()
    }
}

/// A probability as a percentage to one decimal.
pub fn percent(p: f64) -> String {
    if p.is_finite() {
        format!("{:.1}%", 100.0 * p)
    } else {
        "n/a".into()
    }
}

/// An interval `a – b`, each end formatted by `f`.
pub fn interval(lo: f64, hi: f64, f: impl Fn(f64) -> String) -> String {
    format!("{} – {}", f(lo), f(hi))
}

/// The interval level as a heading: `95% interval`.
pub fn level_label(level: f64) -> String {
    let pct = 100.0 * level;
    if (pct - pct.round()).abs() < 1e-9 {
        format!("{}% interval", pct.round())
    } else {
        format!("{pct}% interval")
    }
}

/// The payback period in words.
pub fn payback(months: Option<f64>) -> String {
    match months {
        Some(m) if m.is_finite() && m < 120.0 => format!("{m:.1} months"),
        Some(m) if m.is_finite() => format!("{:.1} years", m / 12.0),
        _ => "none: no value in year 1".into(),
    }
}

/// A table of formatted figures, for any renderer to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Column headings.
    pub header: Vec<String>,
    /// Rows of cells, as wide as the header.
    pub rows: Vec<Vec<String>>,
    /// How many leading columns are text; the rest are figures (right-aligned).
    pub text_columns: usize,
}

/// A row of a name, then the base case, mean, median and interval of a summary.
fn summary_row(name: &str, base: f64, s: &Summary, f: &dyn Fn(f64) -> String) -> Vec<String> {
    vec![
        name.to_string(),
        f(base),
        f(s.mean),
        f(s.median),
        interval(s.ci_low, s.ci_high, f),
    ]
}

/// A run's three tables: the totals, the value by outcome, the value by stakeholder.
pub fn run_grids(r: &RunReport) -> [Grid; 3] {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    let level = level_label(r.ci_level);
    let b = &r.base_case;
    let totals = Grid {
        header: ["", "Base case", "Mean", "Median", &level]
            .map(String::from)
            .to_vec(),
        rows: vec![
            summary_row("SROI ratio", b.ratio, &r.ratio, &ratio),
            summary_row("Present value", b.present_value, &r.present_value, &m),
            summary_row("Investment", b.investment, &r.investment, &m),
            summary_row("Net present value", b.npv, &r.npv, &m),
        ],
        text_columns: 1,
    };
    let value = |name: &str, base: f64, s: &Summary, share: f64| {
        vec![
            name.to_string(),
            m(base),
            m(s.mean),
            interval(s.ci_low, s.ci_high, m),
            percent(share),
        ]
    };
    let outcomes = Grid {
        header: [
            "Outcome",
            "Stakeholder",
            "Base case",
            "Mean",
            &level,
            "Share",
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .outcomes
            .iter()
            .map(|o| {
                let mut row = value(&o.name, o.base_case, &o.present_value, o.share);
                row.insert(1, o.stakeholder.clone());
                row
            })
            .collect(),
        text_columns: 2,
    };
    let stakeholders = Grid {
        header: ["Stakeholder", "Base case", "Mean", &level, "Share"]
            .map(String::from)
            .to_vec(),
        rows: r
            .stakeholders
            .iter()
            .map(|s| value(&s.name, s.base_case, &s.present_value, s.share))
            .collect(),
        text_columns: 1,
    };
    [totals, outcomes, stakeholders]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_for_people() {
        assert_eq!(money(412_300.4, "£"), "£412,300");
        assert_eq!(money(-1_200.0, "£"), "-£1,200");
        assert_eq!(money(0.4, "$"), "$0");
        assert_eq!(money(f64::NAN, "£"), "n/a");
        assert_eq!(ratio(3.125), "3.12");
        assert_eq!(percent(0.9731), "97.3%");
        assert_eq!(interval(1.0, 2.0, ratio), "1.00 – 2.00");
        assert_eq!(level_label(0.95), "95% interval");
        assert_eq!(level_label(0.905), "90.5% interval");
        assert_eq!(currency_symbol("gbp"), "£");
        assert_eq!(currency_symbol("CHF"), "CHF ");
        assert_eq!(payback(Some(3.94)), "3.9 months");
        assert_eq!(payback(Some(150.0)), "12.5 years");
        assert_eq!(payback(None), "none: no value in year 1");
    }

    #[test]
    fn extensions_imply_formats() {
        use std::path::Path;
        assert_eq!(
            Format::from_extension(Path::new("a/b.JSON")),
            Some(Format::Json)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.md")),
            Some(Format::Markdown)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.csv")),
            Some(Format::Csv)
        );
        assert_eq!(Format::from_extension(Path::new("r")), None);
    }
}
