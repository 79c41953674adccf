//! Stage 4, output: each format is a small renderer of the same result struct (`table`,
//! `json`, `csv`, `markdown`, with `compare`, `sensitivity`, `tornado` and `portfolio` for
//! those results, `check` for what `sroi check` found, and `proxies` for the proxy library).
//!
//! The written formats, `html` (with `figures` drawn by `chart`) and the `xlsx`
//! workbook, render a whole `document`: the result with each model's assumptions and
//! impact map, on the `page` and with the `sheet`s every written report shares; the value
//! of information has its own page (`voi::page`) and workbook (`voi::sheets`). `draws`
//! streams every draw to CSV.
//!
//! Where the output goes is settled before sampling in `target` (format, `-o -`, checks
//! on the path, and the width of the terminal view) and written in `output`, apart from
//! how it is rendered. Renderers take the width as an argument and never ask the terminal.

pub mod assurance;
pub mod chart;
pub mod check;
pub mod compare;
pub mod csv;
pub mod document;
pub mod draws;
pub mod figures;
pub mod first_screen;
pub mod html;
pub mod json;
pub mod ledger;
pub mod markdown;
pub mod output;
pub mod page;
pub mod part;
pub mod portfolio;
pub mod proxies;
pub mod sensitivity;
pub mod sheet;
pub mod table;
pub mod target;
pub mod text;
pub mod tornado;
pub mod value_map;
pub mod voi;
pub mod xlsx;

use clap::ValueEnum;

use crate::analysis::precision::MonteCarloError;
use crate::analysis::stats::Summary;
use crate::analysis::summary::{BaseCase, BasedOn, Headline, RunReport};

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
    /// One self-contained web page with charts, to read, email or print.
    Html,
    /// An Excel workbook, one sheet per table (needs a file).
    Xlsx,
}

impl Format {
    /// The format a file name's extension implies, if any: `.json`, `.csv`, `.md`,
    /// `.html`, `.xlsx`, `.txt` (the table).
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }

    /// True for the formats made from a whole document (charts, sheets) rather than
    /// from the result struct alone.
    pub fn is_document(self) -> bool {
        matches!(self, Format::Html | Format::Xlsx)
    }

    /// The text format this is, if it is one, laid out to `width` columns where layout
    /// applies: a result renders itself in these; a web page or workbook is rendered from
    /// a whole document instead.
    pub fn text(self, width: usize) -> Option<Text> {
        match self {
            Format::Table => Some(Text::Table { width }),
            Format::Json => Some(Text::Json),
            Format::Csv => Some(Text::Csv),
            Format::Markdown => Some(Text::Markdown { width }),
            Format::Html | Format::Xlsx => None,
        }
    }
}

/// A format that a result renders by itself, as text. The width travels with the format
/// from the command that settled where the output goes (see `target`): no renderer asks
/// the terminal, so one process can render the same result at several widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// Tables for the terminal, at most `width` columns wide.
    Table {
        /// The columns tables and prose are filled to.
        width: usize,
    },
    /// One JSON object.
    Json,
    /// One row per figure.
    Csv,
    /// Markdown tables (never wrapped); a chart in a code block is drawn `width` columns
    /// wide, as in the terminal view.
    Markdown {
        /// The columns a chart in a code block is drawn to.
        width: usize,
    },
}

/// A result that every format renders: the terminal table, CSV and Markdown by its own
/// renderers, JSON by serialising it.
pub trait Render: serde::Serialize {
    /// The terminal view, at most `width` columns wide.
    fn table(&self, width: usize) -> String;
    /// One row per figure.
    fn csv(&self) -> String;
    /// Tables to paste into a report; a chart in a code block is `width` columns wide.
    fn markdown(&self, width: usize) -> String;

    /// The result in a text `format` (a web page or workbook is rendered from a whole
    /// document: see `document`).
    fn render(&self, format: Text) -> String {
        // Names are the user's text: nothing in them may drive the terminal (JSON escapes
        // control characters itself; CSV cells are neutralised as they are written).
        match format {
            Text::Table { width } => text::printable(&self.table(width)),
            Text::Csv => self.csv(),
            Text::Markdown { width } => text::printable(&self.markdown(width)),
            Text::Json => json::render(self),
        }
    }
}

impl Render for RunReport {
    fn table(&self, width: usize) -> String {
        table::render(self, width)
    }
    fn csv(&self) -> String {
        csv::render(self)
    }
    fn markdown(&self, _: usize) -> String {
        markdown::render(self)
    }
}

impl Render for crate::analysis::compare::CompareReport {
    fn table(&self, width: usize) -> String {
        table::render_compare(self, width)
    }
    fn csv(&self) -> String {
        csv::render_compare(self)
    }
    fn markdown(&self, _: usize) -> String {
        markdown::render_compare(self)
    }
}

impl Render for crate::analysis::portfolio::PortfolioReport {
    fn table(&self, width: usize) -> String {
        portfolio::render_table(self, width)
    }
    fn csv(&self) -> String {
        portfolio::render_csv(self)
    }
    fn markdown(&self, _: usize) -> String {
        portfolio::render_markdown(self)
    }
}

impl Render for crate::analysis::sensitivity::SensitivityReport {
    fn table(&self, width: usize) -> String {
        sensitivity::table(self, width)
    }
    fn csv(&self) -> String {
        sensitivity::csv(self)
    }
    fn markdown(&self, width: usize) -> String {
        sensitivity::markdown(self, width)
    }
}

impl Render for crate::analysis::voi::VoiReport {
    fn table(&self, width: usize) -> String {
        voi::table(self, width)
    }
    fn csv(&self) -> String {
        voi::csv(self)
    }
    fn markdown(&self, _: usize) -> String {
        voi::markdown(self)
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

/// Beyond this magnitude a figure prints in scientific notation: whole units with
/// separators would run to dozens of digits (and a cast to an integer would saturate).
pub const SCIENTIFIC_FROM: f64 = 1e15;

/// An amount in whole units with thousands separators: `£412,300`, `-£1,200`; beyond
/// [`SCIENTIFIC_FROM`] in scientific notation, `£4.300e19`.
pub fn money(x: f64, symbol: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let rounded = x.round();
    let sign = if rounded < 0.0 { "-" } else { "" };
    if rounded.abs() >= SCIENTIFIC_FROM {
        return format!("{sign}{symbol}{:.3e}", rounded.abs());
    }
    format!(
        "{sign}{symbol}{}",
        crate::analysis::summary::group_thousands(rounded.abs() as u64)
    )
}

/// A count with its noun, singular or plural: `1 finding`, `9 findings`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A ratio to two decimals.
pub fn ratio(x: f64) -> String {
    if x.is_finite() {
        // A difference of -0.001 is no difference at two decimals: print 0.00, not -0.00.
        let x = if (x * 100.0).round() == 0.0 { 0.0 } else { x };
        if x.abs() >= SCIENTIFIC_FROM {
            format!("{x:.3e}")
        } else {
            format!("{x:.2}")
        }
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

/// A payback period in words; `none` for none.
pub fn payback(months: Option<f64>) -> String {
    match months {
        Some(m) if m.is_finite() && m < 120.0 => format!("{m:.1} months"),
        Some(m) if m.is_finite() => format!("{:.1} years", m / 12.0),
        _ => "none".into(),
    }
}

/// Both paybacks of a base case in words: the SROI Guide's simple one, then the
/// discounted one.
pub fn paybacks(b: &BaseCase) -> String {
    let simple = match b.payback_months {
        Some(_) => payback(b.payback_months),
        None => "none (the first year's impact is not positive)".into(),
    };
    let discounted = match b.discounted_payback_months {
        Some(_) => payback(b.discounted_payback_months),
        None => "not reached".into(),
    };
    format!("{simple} simple, {discounted} discounted")
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

/// The totals of a headline: ratio, present value, investment and NPV, each in the base
/// case, expected (the mean of the draws; for the ratio, mean present value over mean
/// investment), median and interval.
pub fn totals_grid(h: &Headline, currency: &str, level: f64) -> Grid {
    let sym = currency_symbol(currency);
    let m = |x: f64| money(x, &sym);
    let (b, e) = (&h.base_case, &h.expected);
    let row = |name: &str, base: f64, expected: f64, s: &Summary, f: &dyn Fn(f64) -> String| {
        let mut row = summary_row(name, base, s, f);
        row[2] = f(expected);
        row
    };
    Grid {
        header: ["", "Base case", "Expected", "Median", &level_label(level)]
            .map(String::from)
            .to_vec(),
        rows: vec![
            row("SROI ratio", b.ratio, e.ratio, &h.ratio, &ratio),
            row(
                "Present value",
                b.present_value,
                e.present_value,
                &h.present_value,
                &m,
            ),
            row("Investment", b.investment, e.investment, &h.investment, &m),
            row("Net present value", b.npv, e.npv, &h.npv, &m),
        ]
        .into_iter()
        .chain(h.weighted.iter().flat_map(|w| {
            let b = &w.base_case;
            [
                row(
                    "Weighted SROI ratio",
                    b.ratio,
                    w.expected_ratio,
                    &w.ratio,
                    &ratio,
                ),
                row(
                    "Weighted present value",
                    b.present_value,
                    w.present_value.mean,
                    &w.present_value,
                    &m,
                ),
                row("Weighted NPV", b.npv, w.npv.mean, &w.npv, &m),
            ]
        }))
        .collect(),
        text_columns: 1,
    }
}

/// Who bears the investment: each funder's discounted investment, share, the value
/// attributed to it in proportion, and leverage.
pub fn funders_grid(h: &Headline, currency: &str, level: f64) -> Grid {
    let sym = currency_symbol(currency);
    let m = |x: f64| money(x, &sym);
    Grid {
        header: [
            "Funder",
            "Base case",
            "Mean",
            &level_label(level),
            "Share",
            "Value by share",
            "Leverage",
        ]
        .map(String::from)
        .to_vec(),
        rows: h
            .funders
            .iter()
            .map(|f| {
                vec![
                    f.name.clone(),
                    m(f.base_case),
                    m(f.investment.mean),
                    interval(f.investment.ci_low, f.investment.ci_high, m),
                    percent(f.share),
                    m(f.attributed_present_value),
                    f.leverage
                        .filter(|l| l.is_finite())
                        .map_or_else(|| "n/a".to_string(), |l| format!("{}×", ratio(l))),
                ]
            })
            .collect(),
        text_columns: 1,
    }
}

/// Under every table of funders: what its figures are, and what leverage is not.
pub fn leverage_note(currency: &str) -> String {
    let sym = currency_symbol(currency);
    format!(
        "Value by share: mean present value × the funder's share. Leverage: total investment per {sym}1 of the funder's own; never multiply it by the SROI ratio."
    )
}

/// The acceptability curve: the chance the ratio reaches each threshold.
pub fn acceptability_grid(h: &Headline, currency: &str) -> Grid {
    let sym = currency_symbol(currency);
    Grid {
        header: vec!["Ratio at least".to_string(), "Chance".to_string()],
        rows: h
            .acceptability
            .iter()
            .map(|a| {
                vec![
                    format!("{} per {sym}1", ratio(a.threshold)),
                    percent(a.probability),
                ]
            })
            .collect(),
        text_columns: 0,
    }
}

/// A run's tables: totals, value by outcome and by stakeholder, funders, acceptability.
pub fn run_grids(r: &RunReport) -> [Grid; 5] {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    let level = level_label(r.ci_level);
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
    let weighted = r.headline.weighted.is_some();
    let mut header: Vec<String> = ["Stakeholder", "Base case", "Mean", &level, "Share"]
        .map(String::from)
        .to_vec();
    if weighted {
        header.push("Weight".into());
    }
    let stakeholders = Grid {
        header,
        rows: r
            .stakeholders
            .iter()
            .map(|s| {
                let mut row = value(&s.name, s.base_case, &s.present_value, s.share);
                if weighted {
                    row.push(s.weight.map_or_else(String::new, |w| format!("{w:.2}")));
                }
                row
            })
            .collect(),
        text_columns: 1,
    };
    [
        totals_grid(&r.headline, &r.currency, r.ci_level),
        outcomes,
        stakeholders,
        funders_grid(&r.headline, &r.currency, r.ci_level),
        acceptability_grid(&r.headline, &r.currency),
    ]
}

/// The headline in sentences: the ratio with its interval, the chance it exceeds 1, the
/// payback. `bullet` starts each line and `strong` wraps each label (Markdown or plain).
pub fn headline_lines(
    h: &Headline,
    currency: &str,
    level: f64,
    bullet: &str,
    strong: &str,
) -> String {
    let sym = currency_symbol(currency);
    let level = level_label(level);
    let label = |text: &str| format!("{bullet}{strong}{text}{strong}");
    let optimism = match h.base_case.ratio_before_optimism_bias {
        Some(before) => format!(
            "{} {} per {sym}1 before, {} after (every other figure is after it)\n",
            label("Optimism bias:"),
            ratio(before),
            ratio(h.base_case.ratio)
        ),
        None => String::new(),
    };
    let mut out = format!(
        "{} {} per {sym}1 in the base case; expected {} (mean value / mean cost)\n{} {level} {}; median {}; mean of the draws' ratios {}\n{optimism}{} {}\n{} {}\n",
        label("SROI ratio"),
        ratio(h.base_case.ratio),
        ratio(h.expected.ratio),
        label("Draws:"),
        interval(h.ratio.ci_low, h.ratio.ci_high, ratio),
        ratio(h.ratio.median),
        ratio(h.ratio.mean),
        label("Chance the ratio exceeds 1 over the model's ranges:"),
        percent(h.prob_ratio_above_1),
        label("Payback (base case):"),
        paybacks(&h.base_case),
    );
    if let Some(w) = &h.weighted {
        out.push_str(&format!(
            "{} {} per {sym}1 in the base case; expected {}\n{} {level} {}; median {}\n",
            label("Weighted SROI ratio"),
            ratio(w.base_case.ratio),
            ratio(w.expected_ratio),
            label("Weighted, over the draws:"),
            interval(w.ratio.ci_low, w.ratio.ci_high, ratio),
            ratio(w.ratio.median),
        ));
    }
    out.push_str(&precision_lines(&h.monte_carlo_error, &label));
    out
}

/// The Monte Carlo error of a headline, in two lines (three when the draws are too few
/// for the digits printed), each starting with `label`'s text.
pub fn precision_lines(m: &MonteCarloError, label: &dyn Fn(&str) -> String) -> String {
    let ends = match (m.ratio_ci_low, m.ratio_ci_high) {
        (Some([a, b]), Some([c, d])) => {
            format!("{} and {}", interval(a, b, ratio), interval(c, d, ratio))
        }
        _ => "not known: too few draws to bound them".into(),
    };
    let mut out = format!(
        "{} expected ratio {}; chance above 1 {} points\n{} {ends}\n",
        label("Monte Carlo error (95%):"),
        plus_minus(m.expected_ratio),
        plus_minus(m.chance_precision * 100.0),
        label("Interval ends with other draws:"),
    );
    if m.too_few_draws {
        out.push_str(&format!(
            "{} {} would settle them\n",
            label("Too few draws for the digits shown:"),
            settling_draws(m.draws_for_printed_digits),
        ));
    }
    out
}

/// The draws that would settle a run's figures, in words: "about 490,000", or "more
/// than 1,000,000,000" (the most one run takes) rather than a count no run could make.
pub fn settling_draws(n: u64) -> String {
    let most = crate::model::checked::MAX_ITERATIONS as u64;
    if n > most {
        format!(
            "more than {}",
            crate::analysis::summary::group_thousands(most)
        )
    } else {
        format!("about {}", crate::analysis::summary::group_thousands(n))
    }
}

/// A Monte Carlo error as ± with two significant digits (`±0.013`, `±1.4`, `±120`), or
/// "unknown" when it is not finite.
pub fn plus_minus(x: impl Into<Option<f64>>) -> String {
    let Some(x) = x.into().filter(|x| x.is_finite()) else {
        return "unknown".into();
    };
    if x == 0.0 {
        return "±0".into();
    }
    let digits = (1 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("±{x:.digits$}")
}

/// For a scenario, what it is based on and what it changes, as two lines.
pub fn based_on_lines(based_on: Option<&BasedOn>) -> Vec<String> {
    let Some(b) = based_on else {
        return Vec::new();
    };
    vec![
        format!("Scenario of \"{}\" ({})", b.model, b.file),
        format!("Changes: {}", b.changes.join("; ")),
    ]
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
        assert_eq!(ratio(-0.004), "0.00");
        assert_eq!(ratio(-0.006), "-0.01");
        assert_eq!(percent(0.9731), "97.3%");
        assert_eq!(interval(1.0, 2.0, ratio), "1.00 – 2.00");
        assert_eq!(level_label(0.95), "95% interval");
        assert_eq!(level_label(0.905), "90.5% interval");
        assert_eq!(currency_symbol("gbp"), "£");
        assert_eq!(currency_symbol("CHF"), "CHF ");
        assert_eq!(payback(Some(3.94)), "3.9 months");
        assert_eq!(payback(Some(150.0)), "12.5 years");
        assert_eq!(payback(None), "none");
        let b = BaseCase {
            ratio: 2.0,
            present_value: 2.0,
            investment: 1.0,
            npv: 1.0,
            payback_months: Some(11.84),
            discounted_payback_months: None,
            ratio_before_optimism_bias: None,
        };
        assert_eq!(paybacks(&b), "11.8 months simple, not reached discounted");
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
