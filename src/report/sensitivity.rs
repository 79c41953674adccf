//! `sroi sensitivity` in every format: the tornado chart and tables for the terminal and
//! for Markdown, one row per quantity or group for CSV (JSON is the struct itself).

use serde::Serialize;

use super::text::{one_line, spreadsheet_number, spreadsheet_text};

use super::tornado::{self, Bar};
use super::{Grid, currency_symbol, money, ratio};
use crate::analysis::sensitivity::{QuantitySensitivity, SensitivityReport};
use crate::analysis::summary::group_thousands;
use crate::model::unit::Unit;

/// Quantities drawn in the chart; the table lists them all.
pub const CHART_ROWS: usize = 15;

/// A quantity's value for people: whole numbers with separators from 1,000 up, else
/// four significant figures without trailing zeros (`0.2`, `0.035`, `12.35`); beyond a
/// thousand million million, scientific notation.
pub fn figure(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    if x.abs() >= 1e15 {
        return format!("{x:.3e}");
    }
    if x.abs() >= 1000.0 {
        return money(x, "");
    }
    if x == 0.0 {
        return "0".into();
    }
    let decimals = (3 - x.abs().log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A quantity's value as the kind of figure it is, as the impact map shows it: a share as
/// a percentage to one decimal, its `.0` dropped (`35%`, `16.3%`, `3.5%`); money with the
/// currency symbol, pence only below 100 (`£12.22`, `£46`, `£4,653`); any other number as
/// [`figure`] (`138.6`).
pub fn figure_as(x: f64, unit: Unit, symbol: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    match unit {
        Unit::Share => super::percent(x).replace(".0%", "%"),
        Unit::Money if shows_pence(x) => {
            let sign = if x < 0.0 { "-" } else { "" };
            format!("{sign}{symbol}{:.2}", x.abs())
        }
        Unit::Money => money(x, symbol),
        Unit::Number => figure(x),
    }
}

/// Whether an amount of money is shown with its pence: below 100 and not whole to the
/// penny (`£12.22`, `£2.30`; but `£46`, `£4,653`), in the tables and the workbook alike.
pub fn shows_pence(x: f64) -> bool {
    x.abs() < 100.0 && (x * 100.0).round() % 100.0 != 0.0
}

/// A change as a signed percentage: `+21.6%`, `-29.2%`.
pub fn change(x: f64) -> String {
    if x.is_finite() {
        format!("{:+.1}%", 100.0 * x)
    } else {
        "n/a".into()
    }
}

/// A quantity's switching value as people should read it: the figure when the quantity can
/// take it (or is a fixed figure), "none in its range (would be −0.03)" when its
/// distribution cannot, "none" when no value of it reaches the target.
pub fn switching_text(q: &QuantitySensitivity, symbol: &str) -> String {
    let shown = |x| figure_as(x, q.unit, symbol);
    match (q.switching_value, q.switching_in_range) {
        (None, _) => "none".into(),
        (Some(x), Some(false)) => format!(
            "none in its range (would be {})",
            shown(x).replacen('-', "\u{2212}", 1)
        ),
        (Some(x), _) => shown(x),
    }
}

/// A switching value a reader may take as one: there is one, and it is not outside the
/// quantity's range.
fn switches(q: &QuantitySensitivity) -> bool {
    q.switching_value.is_some() && q.switching_in_range != Some(false)
}

fn or_none(x: Option<f64>, f: impl Fn(f64) -> String) -> String {
    x.map_or("none".into(), f)
}

/// The chart of the quantities with the widest swings (those that move the ratio at all),
/// at most `width` columns wide.
fn chart(r: &SensitivityReport, width: usize) -> String {
    let bars: Vec<Bar<'_>> = moving(r)
        .take(CHART_ROWS)
        .map(|q| Bar {
            label: &q.name,
            at_low: q.ratio_at_low,
            at_high: q.ratio_at_high,
        })
        .collect();
    if bars.is_empty() {
        return "No quantity moves the ratio between its 5th and 95th percentiles.\n".into();
    }
    let mut out = tornado::draw(r.base_ratio, r.target, &bars, width);
    out.push_str(&format!(
        "░ at the 5th percentile  █ at the 95th  │ base case {}{}\n",
        ratio(r.base_ratio),
        if out.contains('┊') {
            format!("  ┊ target {}", ratio(r.target))
        } else {
            String::new()
        }
    ));
    let more = moving(r).count().saturating_sub(CHART_ROWS);
    if more > 0 {
        out.push_str(&format!(
            "({more} more with smaller swings in the full table.)\n"
        ));
    }
    out
}

/// The quantities whose swing is not zero, widest first.
fn moving(r: &SensitivityReport) -> impl Iterator<Item = &QuantitySensitivity> {
    r.quantities
        .iter()
        .filter(|q| q.swing.is_some_and(|s| s > 0.0))
}

/// The headline: the base ratio, and the single quantity nearest to switching.
fn headline(r: &SensitivityReport) -> String {
    let sym = currency_symbol(&r.currency);
    let mut out = format!(
        "Base-case SROI ratio {} per {sym}1; target {}.\n",
        ratio(r.base_ratio),
        ratio(r.target)
    );
    let nearest = r
        .quantities
        .iter()
        .filter(|q| switches(q))
        .filter_map(|q| Some((q, q.switching_change?)))
        .min_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
    if let Some((q, c)) = nearest {
        out.push_str(&format!(
            "Smallest change that alone brings the ratio to {}: {} from {} to {}\u{a0}({}).\n",
            ratio(r.target),
            q.name,
            figure_as(q.base, q.unit, &sym),
            switching_text(q, &sym),
            change(c)
        ));
    }
    out
}

/// Every quantity: base, percentiles, ratios there, swing, switching value, correlation.
pub fn quantity_grid(r: &SensitivityReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    Grid {
        header: [
            "Quantity",
            "Base",
            "5th – 95th pct",
            "Ratio at 5th – 95th",
            "Swing",
            "Switching value",
            "Change",
            "Rank corr.",
        ]
        .map(String::from)
        .to_vec(),
        rows: r
            .quantities
            .iter()
            .map(|q| {
                let fixed = q.rank_correlation.is_none() && q.low == q.base && q.high == q.base;
                vec![
                    q.name.clone(),
                    figure_as(q.base, q.unit, &sym),
                    if fixed {
                        "fixed".into()
                    } else {
                        format!(
                            "{} – {}",
                            figure_as(q.low, q.unit, &sym),
                            figure_as(q.high, q.unit, &sym)
                        )
                    },
                    if fixed {
                        "–".into()
                    } else {
                        format!(
                            "{} – {}",
                            or_none(q.ratio_at_low, ratio),
                            or_none(q.ratio_at_high, ratio)
                        )
                    },
                    or_none(q.swing, ratio),
                    switching_text(q, &sym),
                    q.switching_change
                        .filter(|_| switches(q))
                        .map_or("–".into(), change),
                    q.rank_correlation
                        .map_or("–".into(), |c| format!("{c:+.2}")),
                ]
            })
            .collect(),
        text_columns: 1,
    }
}

/// The groups, each moved together.
pub fn group_grid(r: &SensitivityReport) -> Grid {
    let label = |name: &str| match name {
        "value" => "Every outcome value".to_string(),
        "quantity" => "Every outcome quantity".to_string(),
        "investment" => "Every input amount".to_string(),
        other => other.to_string(),
    };
    Grid {
        header: vec![
            "Moved together".into(),
            format!("Change to reach ratio {}", ratio(r.target)),
        ],
        rows: r
            .groups
            .iter()
            .map(|g| vec![label(&g.name), or_none(g.switching_change, change)])
            .collect(),
        text_columns: 1,
    }
}

/// The standard sensitivity tests, each alone: the base-case ratio and the expected ratio.
pub fn standard_grid(r: &SensitivityReport) -> Grid {
    Grid {
        header: ["Standard test", "Base case", "Expected"]
            .map(String::from)
            .to_vec(),
        rows: r
            .standard_tests
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    or_none(t.ratio, ratio),
                    or_none(t.expected_ratio, ratio),
                ]
            })
            .collect(),
        text_columns: 1,
    }
}

/// What the standard tests are.
pub const STANDARD: &str = "Standard sensitivity tests, each alone: points are added to every \
     outcome's deadweight or attribution and held within 0-1; drop-off doubled is at most 1; \
     a one-year outcome stays one year; proxies are outcome values; the expected ratio is \
     mean present value / mean investment over the same draws under the test:";

fn byline(r: &SensitivityReport) -> String {
    format!(
        "{} · rank correlations from {} draws · seed {}",
        r.file,
        group_thousands(r.iterations as u64),
        r.sampling.with_seed(r.seed)
    )
}

const ONE_WAY: &str =
    "Each quantity moved alone to its 5th and 95th percentiles, the rest at base:";
/// What a switching value is, and what its range is.
pub const SWITCHING: &str = "Switching value: the value of that quantity alone at which the \
     ratio reaches the target, nearest its base; change: how far that is from the base. \
     \"None in its range\" where that value lies outside the values the quantity's \
     distribution can take (its range: min to max of a uniform, triangular or PERT, 0 to 1 \
     for a rate, above 0 for a lognormal or gamma, the listed values of a discrete or \
     empirical one), with the value it would need in brackets.";
const GROUPS: &str = "Every figure of one kind multiplied by the same factor:";

/// Renders a sensitivity analysis for the terminal: the chart and the groups first, as a
/// summary to read at a glance, then every quantity in full; at most `total` columns wide.
pub fn table(r: &SensitivityReport, total: usize) -> String {
    let draw = |g: &Grid| super::table::draw(g, total);
    // Names cut as the chart cuts them, so each reads the same in both.
    let mut quantities = quantity_grid(r);
    let width = tornado::label_width(total);
    for row in &mut quantities.rows {
        row[0] = tornado::shorten(&row[0], width);
    }
    // The whole table where it fits with no cell wrapped, else two narrower ones.
    let full = super::table::boxed(&quantities, total).filter(|full| {
        !full
            .lines()
            .any(|l| l.starts_with("│  ") || l.contains("┆  "))
    });
    let tables = if let Some(full) = full {
        full
    } else {
        // Too wide for the terminal: the one-way figures, then switching values, each
        // with its names cut shorter where it would still be too wide.
        let [moves, switches] = split(&quantities).map(|g| narrowed(g, width, total));
        format!("{moves}\n{switches}")
    };
    let fitted = |l: &str| super::table::fitted(l, total);
    format!(
        "{}\n{}\n\n{}\n\n{}\n\n{}\n{}\n{}\n\n{}\n{}\n\n{}\n{}\n{}\n",
        fitted(&one_line(&format!("{}: {}", r.kind.title(), r.model))),
        super::table::fitted_parts(&byline(r), total),
        headline(r)
            .lines()
            .map(fitted)
            .collect::<Vec<_>>()
            .join("\n"),
        fitted(ONE_WAY),
        chart(r, total),
        fitted(GROUPS),
        draw(&group_grid(r)),
        fitted(STANDARD),
        draw(&standard_grid(r)),
        fitted(&every(r)),
        tables,
        fitted(SWITCHING),
    )
}

/// A grid drawn with its names whole on one line, the names cut (as the chart cuts them)
/// until the table is at most `total` columns wide; where even names of 12 characters
/// leave it too wide, a record for each quantity.
fn narrowed(mut g: Grid, mut width: usize, total: usize) -> String {
    loop {
        let longest = g
            .rows
            .iter()
            .map(|r| super::table::display_width(&r[0]))
            .max()
            .unwrap_or(0);
        if let Some(widths) = super::table::column_widths(&g, total)
            && widths[0] >= longest
        {
            return super::table::boxed_at(&g, &widths).to_string();
        }
        if width <= 12 {
            return super::table::stacked(&g, total);
        }
        width -= 1;
        for row in &mut g.rows {
            row[0] = tornado::shorten(&row[0], width);
        }
    }
}

/// The quantity grid as two narrower ones: name, base, percentiles, ratios there and
/// swing; then name, base, switching value, change and rank correlation.
fn split(g: &Grid) -> [Grid; 2] {
    let pick = |columns: &[usize]| Grid {
        header: columns.iter().map(|&c| g.header[c].clone()).collect(),
        rows: g
            .rows
            .iter()
            .map(|r| columns.iter().map(|&c| r[c].clone()).collect())
            .collect(),
        text_columns: 1,
    };
    let [mut moves, switches] = [pick(&[0, 1, 2, 3, 4]), pick(&[0, 1, 5, 6, 7])];
    moves.header[2] = "5th – 95th".into();
    moves.header[3] = "Ratio at\n5th – 95th".into();
    [moves, switches]
}

/// Renders a sensitivity analysis as Markdown, the chart `width` columns wide.
pub fn markdown(r: &SensitivityReport, width: usize) -> String {
    let draw = super::markdown::draw;
    format!(
        "## Which assumptions matter in the {}: {}\n\n`{}`\n\n{}\n\n{ONE_WAY}\n\n```text\n{}```\n\n{GROUPS}\n\n{}\n{STANDARD}\n\n{}\n{}\n\n{}\n{SWITCHING}\n",
        r.kind.title(),
        one_line(&r.model),
        byline(r),
        headline(r)
            .replace(super::text::KEEP, " ")
            .replace('\n', "\n\n")
            .trim_end(),
        chart(r, width),
        draw(&group_grid(r)),
        draw(&standard_grid(r)),
        every(r),
        draw(&quantity_grid(r)),
    )
}

fn every(r: &SensitivityReport) -> String {
    format!(
        "Every quantity that is a number or a distribution ({}), largest swing first:",
        r.quantities.len()
    )
}

#[derive(Serialize)]
struct Row<'a> {
    model: &'a str,
    seed: u64,
    sampling: crate::sample::lhs::Method,
    iterations: usize,
    target: f64,
    base_ratio: f64,
    section: &'a str,
    name: &'a str,
    distribution: &'a str,
    base: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    ratio_at_low: Option<f64>,
    ratio_at_high: Option<f64>,
    swing: Option<f64>,
    switching_value: Option<f64>,
    switching_change: Option<f64>,
    switching_in_range: Option<bool>,
    switching_percentile: Option<f64>,
    rank_correlation: Option<f64>,
}

/// Renders a sensitivity analysis as CSV: a row per quantity (`section` = `quantity`), in
/// the tornado's order, then a row per group (`group`); every row repeats the run's
/// model, seed, sampling method, draws, target and base ratio.
pub fn csv(r: &SensitivityReport) -> String {
    let row = |section, name| Row {
        model: &r.model,
        seed: r.seed,
        sampling: r.sampling,
        iterations: r.iterations,
        target: r.target,
        base_ratio: r.base_ratio,
        section,
        name,
        distribution: "",
        base: None,
        low: None,
        high: None,
        ratio_at_low: None,
        ratio_at_high: None,
        swing: None,
        switching_value: None,
        switching_change: None,
        switching_in_range: None,
        switching_percentile: None,
        rank_correlation: None,
    };
    let quantities = r.quantities.iter().map(|q| Row {
        distribution: &q.distribution,
        base: Some(q.base),
        low: Some(q.low),
        high: Some(q.high),
        ratio_at_low: q.ratio_at_low,
        ratio_at_high: q.ratio_at_high,
        swing: q.swing,
        switching_value: q.switching_value,
        switching_change: q.switching_change,
        switching_in_range: q.switching_in_range,
        switching_percentile: q.switching_percentile,
        rank_correlation: q.rank_correlation,
        ..row("quantity", &q.name)
    });
    let groups = r.groups.iter().map(|g| Row {
        switching_change: g.switching_change,
        ..row("group", &g.name)
    });
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in quantities.chain(groups) {
        let (model, name, distribution) = (
            spreadsheet_text(row.model),
            spreadsheet_text(row.name),
            spreadsheet_text(row.distribution),
        );
        let n = spreadsheet_number;
        let row = Row {
            model: &model,
            name: &name,
            distribution: &distribution,
            base: n(row.base),
            low: n(row.low),
            high: n(row.high),
            ratio_at_low: n(row.ratio_at_low),
            ratio_at_high: n(row.ratio_at_high),
            swing: n(row.swing),
            switching_value: n(row.switching_value),
            switching_change: n(row.switching_change),
            switching_percentile: n(row.switching_percentile),
            rank_correlation: n(row.rank_correlation),
            ..row
        };
        // Writing plain fields to a Vec cannot fail.
        let _ = w.serialize(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_for_people() {
        assert_eq!(figure(60_000.0), "60,000");
        assert_eq!(figure(3249.4), "3,249");
        assert_eq!(figure(-1500.0), "-1,500");
        assert_eq!(figure(0.2), "0.2");
        assert_eq!(figure(0.035), "0.035");
        assert_eq!(figure(12.3456), "12.35");
        assert_eq!(figure(0.63274), "0.6327");
        assert_eq!(figure(0.0), "0");
        assert_eq!(figure(-0.00001), "-0.00001");
        assert_eq!(figure(f64::NAN), "n/a");
        assert_eq!(figure(-2.5e20), "-2.500e20");
        assert_eq!(change(2.16354), "+216.4%");
        assert_eq!(change(-0.2916), "-29.2%");
    }

    #[test]
    fn figures_show_as_their_kind() {
        assert_eq!(figure_as(0.35, Unit::Share, "£"), "35%");
        assert_eq!(figure_as(0.1646, Unit::Share, "£"), "16.5%");
        assert_eq!(figure_as(0.035, Unit::Share, "£"), "3.5%");
        assert_eq!(figure_as(46.0, Unit::Money, "£"), "£46");
        assert_eq!(figure_as(41.33, Unit::Money, "£"), "£41.33");
        assert_eq!(figure_as(2.3, Unit::Money, "£"), "£2.30");
        assert_eq!(figure_as(-77.75, Unit::Money, "£"), "-£77.75");
        assert_eq!(figure_as(16074.4, Unit::Money, "£"), "£16,074");
        assert_eq!(figure_as(138.62, Unit::Number, "£"), "138.6");
        assert_eq!(figure_as(f64::NAN, Unit::Share, "£"), "n/a");
    }
}
