//! `--format xlsx` and `sroi report -o report.xlsx`: an Excel workbook with the sheets of
//! spec §8, every figure a number (not text) in a money, ratio or percentage format, the
//! header row frozen and columns fitted, so an evaluator can chart any of it without
//! retyping. Written with `rust_xlsxwriter`; the file's creation date is fixed so the
//! same run gives the same bytes.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::currency_symbol;
use super::document::{Document, OptionPart};
use super::sheet::{Cell, Kind, Styles, num, sheet, sheet_table, text, workbook};
use super::text::spreadsheet_number;
use crate::analysis::stats::Summary;
use crate::analysis::summary::Headline;
use crate::error::Error;
use crate::model::unit::Unit;
use crate::model::value_map::SHEET;

/// Renders a document as an `.xlsx` file's bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, Error> {
    build(doc).map_err(|e| Error::Draws(format!("the workbook could not be made: {e}")))
}

fn build(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let currency = doc
        .options
        .first()
        .map_or("GBP".to_string(), |p| p.run.currency.clone());
    let st = Styles::new(&currency_symbol(&currency));
    let mut wb = workbook(&title(doc))?;

    summary(wb.add_worksheet().set_name("Summary")?, doc, &st)?;
    // Each option's base case as a Value Map with live formulas.
    for (i, p) in doc.options.iter().enumerate() {
        let name = if doc.options.len() == 1 {
            SHEET.to_string()
        } else {
            format!("{SHEET} {}", i + 1)
        };
        super::value_map::write(
            wb.add_worksheet().set_name(name)?,
            &p.value_map,
            &currency_symbol(&p.run.currency),
        )?;
    }
    per_option(
        wb.add_worksheet().set_name("Impact map")?,
        doc,
        &st,
        &impact_header(),
        impact_rows,
    )?;
    // A model rebased beside others keeps its figures as written: a column says at which
    // year's prices, whenever any option was rebased.
    let rebased = doc.options.iter().any(|p| p.detail.file_prices.is_some());
    let mut header = vec![
        "Quantity",
        "Distribution",
        "Base",
        "5th percentile",
        "95th percentile",
        "Source",
    ];
    if rebased {
        header.push("Money at prices of");
    }
    per_option(
        wb.add_worksheet().set_name("Assumptions")?,
        doc,
        &st,
        &header,
        |p| {
            let mut rows = assumption_rows(p);
            if rebased {
                let year = match &p.detail.file_prices {
                    Some(f) => f.year,
                    None => p.run.price_year,
                };
                for row in &mut rows {
                    row.push(year.map_or(Cell::Empty, |y| text(&y.to_string())));
                }
            }
            rows
        },
    )?;
    per_option(
        wb.add_worksheet().set_name("Outcomes")?,
        doc,
        &st,
        &summary_header(&["Outcome", "Stakeholder"]),
        |p| {
            p.run
                .outcomes
                .iter()
                .map(|o| {
                    let mut row = vec![text(&o.name), text(&o.stakeholder)];
                    row.extend(summary_cells(o.base_case, &o.present_value, Kind::Money));
                    row.push(num(o.share, Kind::Percent));
                    row
                })
                .collect()
        },
    )?;
    per_option(
        wb.add_worksheet().set_name("Stakeholders")?,
        doc,
        &st,
        &summary_header(&["Stakeholder"]),
        |p| {
            p.run
                .stakeholders
                .iter()
                .map(|s| {
                    let mut row = vec![text(&s.name)];
                    row.extend(summary_cells(s.base_case, &s.present_value, Kind::Money));
                    row.push(num(s.share, Kind::Percent));
                    row
                })
                .collect()
        },
    )?;
    per_option(
        wb.add_worksheet().set_name("Funders")?,
        doc,
        &st,
        &[
            "Funder",
            "Base case",
            "Mean",
            "Median",
            "Interval low",
            "Interval high",
            "Share",
            "Leverage",
        ],
        |p| {
            p.run
                .headline
                .funders
                .iter()
                .map(|f| {
                    vec![
                        text(&f.name),
                        num(f.base_case, Kind::Money),
                        num(f.investment.mean, Kind::Money),
                        num(f.investment.median, Kind::Money),
                        num(f.investment.ci_low, Kind::Money),
                        num(f.investment.ci_high, Kind::Money),
                        num(f.share, Kind::Percent),
                        f.leverage.map_or(Cell::Empty, |l| num(l, Kind::Ratio)),
                    ]
                })
                .collect()
        },
    )?;
    per_option(
        wb.add_worksheet().set_name("Acceptability")?,
        doc,
        &st,
        &["Ratio at least", "Chance"],
        |p| {
            // The thresholds asked for, then the whole curve at the histogram's edges.
            let asked = p
                .run
                .headline
                .acceptability
                .iter()
                .map(|a| (a.threshold, a.probability));
            let curve = p.detail.ratio_histogram.share_at_least().into_iter();
            let mut points: Vec<(f64, f64)> = asked.chain(curve).collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            points.dedup_by(|a, b| a.0 == b.0);
            points
                .into_iter()
                .map(|(k, p)| vec![num(k, Kind::Ratio), num(p, Kind::Percent)])
                .collect()
        },
    )?;
    per_option(
        wb.add_worksheet().set_name("Monte Carlo error")?,
        doc,
        &st,
        &[
            "Figure (95%, other draws)",
            "Value",
            "±",
            "Could be from",
            "To",
        ],
        |p| precision_rows(&p.run.headline),
    )?;
    if doc.options.iter().any(|p| p.run.ledger.is_typed()) {
        super::ledger::sheet::add(&mut wb, doc, &st)?;
    }
    if let Some(s) = &doc.sensitivity {
        let ws = wb.add_worksheet().set_name("Sensitivity")?;
        let header = [
            "Quantity",
            "Distribution",
            "Base",
            "5th percentile",
            "95th percentile",
            "Ratio at 5th",
            "Ratio at 95th",
            "Swing",
            "Switching value",
            "Switching change",
            "Switching value in range",
            "Switching percentile",
            "Rank correlation",
        ];
        let opt = |x: Option<f64>, k: Kind| x.map_or(Cell::Empty, |x| num(x, k));
        let sym = currency_symbol(&s.currency);
        let rows: Vec<Vec<Cell>> = s
            .quantities
            .iter()
            .map(|q| {
                vec![
                    text(&q.name),
                    text(&q.distribution),
                    unit_cell(q.base, q.unit),
                    unit_cell(q.low, q.unit),
                    unit_cell(q.high, q.unit),
                    opt(q.ratio_at_low, Kind::Ratio),
                    opt(q.ratio_at_high, Kind::Ratio),
                    opt(q.swing, Kind::Ratio),
                    match q.switching_in_range {
                        Some(false) => text(&super::sensitivity::switching_text(q, &sym)),
                        _ => q
                            .switching_value
                            .map_or(Cell::Empty, |x| unit_cell(x, q.unit)),
                    },
                    opt(q.switching_change, Kind::Percent),
                    q.switching_in_range
                        .map_or(Cell::Empty, |b| text(if b { "yes" } else { "no" })),
                    opt(q.switching_percentile, Kind::Percent),
                    opt(q.rank_correlation, Kind::Ratio),
                ]
            })
            .collect();
        sheet(ws, &st, &header, &rows)?;
    }
    if let Some(s) = &doc.sensitivity {
        let ws = wb.add_worksheet().set_name("Standard tests")?;
        let header = ["Standard test", "Base-case ratio", "Expected ratio"];
        let opt = |x: Option<f64>| x.map_or(Cell::Empty, |x| num(x, Kind::Ratio));
        let rows: Vec<Vec<Cell>> = s
            .standard_tests
            .iter()
            .map(|t| vec![text(&t.name), opt(t.ratio), opt(t.expected_ratio)])
            .collect();
        sheet(ws, &st, &header, &rows)?;
    }
    if let Some(c) = &doc.comparison {
        let ws = wb.add_worksheet().set_name("Differences")?;
        let header = [
            "Option",
            "Baseline",
            "Figure",
            "Mean",
            "Median",
            "Interval low",
            "Interval high",
            "Chance higher",
        ];
        let mut rows = Vec::new();
        for d in &c.differences {
            for (figure, s, kind, chance) in [
                (
                    "Net present value",
                    &d.npv,
                    Kind::Money,
                    Some(d.prob_higher_npv),
                ),
                ("Present value", &d.present_value, Kind::Money, None),
                ("Investment", &d.investment, Kind::Money, None),
                (
                    "SROI ratio",
                    &d.ratio,
                    Kind::Ratio,
                    Some(d.prob_higher_ratio),
                ),
            ] {
                rows.push(vec![
                    text(&d.name),
                    text(&d.baseline),
                    text(figure),
                    num(s.mean, kind),
                    num(s.median, kind),
                    num(s.ci_low, kind),
                    num(s.ci_high, kind),
                    chance.map_or(Cell::Empty, |p| num(p, Kind::Percent)),
                ]);
            }
        }
        sheet(ws, &st, &header, &rows)?;
    }
    if let Some(v) = &doc.voi {
        super::voi::sheets::add(&mut wb, v)?;
    }
    // The library's proxies and the assurance findings come last, after the figures.
    if doc.options.iter().any(|p| !p.run.proxies.is_empty()) {
        per_option(
            wb.add_worksheet().set_name("Proxies")?,
            doc,
            &st,
            &[
                "Quantity",
                "Proxy",
                "Value",
                "Unit",
                "Price year",
                "Factor",
                "Source",
                "URL",
                "Licence",
                "Checked",
            ],
            |p| {
                p.run
                    .proxies
                    .iter()
                    .map(|u| {
                        vec![
                            text(&u.quantity),
                            text(&u.id),
                            text(&u.value),
                            text(&u.unit),
                            num(u.price_year as f64, Kind::Number),
                            num(u.factor, Kind::Number),
                            text(&u.source),
                            text(&u.url),
                            text(&u.licence),
                            text(crate::report::proxies::check_grade(u.checked.as_deref())),
                        ]
                    })
                    .collect()
            },
        )?;
    }
    super::assurance::sheets(&mut wb, doc, &st)?;
    wb.save_to_buffer()
}

fn title(doc: &Document) -> String {
    match (&doc.comparison, doc.options.first()) {
        (Some(c), _) => format!("Comparing {} options", c.scenarios.len()),
        (None, Some(p)) => format!("{}: {}", p.run.kind.title(), p.run.model),
        (None, None) => "SROI".into(),
    }
}

/// `name` with a capital first letter when nothing comes before it.
fn capitalised(prefix: &str, name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if prefix.is_empty() => c.to_uppercase().chain(chars).collect(),
        _ => name.to_string(),
    }
}

fn summary_header(names: &[&'static str]) -> Vec<&'static str> {
    let mut h = names.to_vec();
    h.extend([
        "Base case",
        "Mean",
        "Median",
        "SD",
        "Interval low",
        "Interval high",
        "Share",
    ]);
    h
}

fn summary_cells(base: f64, s: &Summary, kind: Kind) -> Vec<Cell> {
    vec![
        num(base, kind),
        num(s.mean, kind),
        num(s.median, kind),
        num(s.sd, kind),
        num(s.ci_low, kind),
        num(s.ci_high, kind),
    ]
}

/// `Summary`: A–F Figure, Base case, Mean, Median, Interval low, Interval high, then G
/// Expected (the means; for the ratio, mean present value / mean investment, which the
/// Mean column's mean of the draws' ratios is not); rows 2–5 ratio, present value,
/// investment, NPV. Several options: a block each, its first row naming it, a blank row
/// between blocks.
fn summary(ws: &mut Worksheet, doc: &Document, st: &Styles) -> Result<(), XlsxError> {
    let header = [
        "Figure",
        "Base case",
        "Mean",
        "Median",
        "Interval low",
        "Interval high",
        "Expected",
    ];
    let several = doc.options.len() > 1;
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (i, p) in doc.options.iter().enumerate() {
        if several {
            if i > 0 {
                rows.push(vec![]);
            }
            rows.push(vec![text(&format!("Option {}: {}", i + 1, p.run.model))]);
        }
        let h = &p.run.headline;
        let (b, e) = (&h.base_case, &h.expected);
        for (name, base, s, expected, kind) in [
            ("SROI ratio", b.ratio, &h.ratio, e.ratio, Kind::Ratio),
            (
                "Present value",
                b.present_value,
                &h.present_value,
                e.present_value,
                Kind::Money,
            ),
            (
                "Investment",
                b.investment,
                &h.investment,
                e.investment,
                Kind::Money,
            ),
            ("Net present value", b.npv, &h.npv, e.npv, Kind::Money),
        ] {
            rows.push(figure_row(name, base, s, expected, kind));
        }
        if let Some(before) = b.ratio_before_optimism_bias {
            rows.push(vec![
                text("SROI ratio before optimism bias"),
                num(before, Kind::Ratio),
            ]);
        }
        // With distributional weights, the weighted figures beside the unweighted.
        if let Some(w) = &h.weighted {
            let wb = &w.base_case;
            for (name, base, s, expected, kind) in [
                (
                    "Weighted SROI ratio",
                    wb.ratio,
                    &w.ratio,
                    w.expected_ratio,
                    Kind::Ratio,
                ),
                (
                    "Weighted present value",
                    wb.present_value,
                    &w.present_value,
                    w.present_value.mean,
                    Kind::Money,
                ),
                ("Weighted NPV", wb.npv, &w.npv, w.npv.mean, Kind::Money),
            ] {
                rows.push(figure_row(name, base, s, expected, kind));
            }
        }
    }
    // The base case's two paybacks, after the blocks (whose rows the format fixes), in
    // months; empty where there is none. The Excel table spans the blocks.
    let in_table = rows.len();
    rows.push(vec![]);
    for (i, p) in doc.options.iter().enumerate() {
        let b = &p.run.headline.base_case;
        let prefix = if several {
            format!("Option {}: ", i + 1)
        } else {
            String::new()
        };
        for (name, months) in [
            ("payback, simple (months)", b.payback_months),
            ("payback, discounted (months)", b.discounted_payback_months),
        ] {
            rows.push(vec![
                text(&format!("{prefix}{}", capitalised(&prefix, name))),
                months.map_or(Cell::Empty, |m| num(m, Kind::Months)),
            ]);
        }
    }
    // What was run: each model's name, the draws, the seed, and the chance the ratio is
    // above 1.
    rows.push(vec![]);
    for (i, p) in doc.options.iter().enumerate() {
        let prefix = if several {
            format!("Option {}: ", i + 1)
        } else {
            String::new()
        };
        let r = &p.run;
        // A seed beyond 2^53 is not a number a spreadsheet holds exactly: it goes as text.
        let seed = if r.seed <= 1 << 53 {
            num(r.seed as f64, Kind::Whole)
        } else {
            text(&r.seed.to_string())
        };
        for (name, cell) in [
            ("model", text(&r.model)),
            ("draws", num(r.iterations as f64, Kind::Whole)),
            ("seed", seed),
            ("sampling", text(r.sampling.name())),
            (
                "chance the ratio is above 1",
                num(r.headline.prob_ratio_above_1, Kind::Percent),
            ),
        ] {
            rows.push(vec![
                text(&format!("{prefix}{}", capitalised(&prefix, name))),
                cell,
            ]);
        }
    }
    sheet_table(ws, st, &header, &rows, in_table)?;
    // Option names stand out in bold.
    if several {
        for (r, row) in rows.iter().enumerate() {
            if let [Cell::Text(name)] = row.as_slice() {
                ws.write_string_with_format(r as u32 + 1, 0, name, &st.bold)?;
            }
        }
    }
    Ok(())
}

/// A row of the summary sheet: the figure's base case, mean, median, interval and
/// expected value.
fn figure_row(name: &str, base: f64, s: &Summary, expected: f64, kind: Kind) -> Vec<Cell> {
    vec![
        text(name),
        num(base, kind),
        num(s.mean, kind),
        num(s.median, kind),
        num(s.ci_low, kind),
        num(s.ci_high, kind),
        num(expected, kind),
    ]
}

/// A sheet of rows from each option: with several, an `Option` column comes first.
/// A sheet of `rows_of` each option, led by an `Option` column when there are several.
pub(super) fn per_option(
    ws: &mut Worksheet,
    doc: &Document,
    st: &Styles,
    header: &[&str],
    rows_of: impl Fn(&OptionPart) -> Vec<Vec<Cell>>,
) -> Result<(), XlsxError> {
    if doc.options.len() == 1 {
        return sheet(ws, st, header, &rows_of(&doc.options[0]));
    }
    let mut h = vec!["Option"];
    h.extend_from_slice(header);
    let mut rows = Vec::new();
    for p in &doc.options {
        for mut row in rows_of(p) {
            row.insert(0, text(&p.run.model));
            rows.push(row);
        }
    }
    sheet(ws, st, &h, &rows)
}

/// The Monte Carlo error of a headline: a ± for the means, where each percentile and
/// the chance could lie; empty cells where the draws are too few to say.
fn precision_rows(h: &Headline) -> Vec<Vec<Cell>> {
    let m = &h.monte_carlo_error;
    let plus = |x: Option<f64>| spreadsheet_number(x).map_or(Cell::Empty, |x| num(x, Kind::Number));
    let range = |r: Option<[f64; 2]>, kind: Kind| match r {
        Some([lo, hi]) => vec![Cell::Empty, num(lo, kind), num(hi, kind)],
        None => Vec::new(),
    };
    let mut rows = vec![
        vec![
            text("Expected ratio"),
            num(h.expected.ratio, Kind::Ratio),
            plus(m.expected_ratio),
        ],
        vec![
            text("Mean of the draws' ratios"),
            num(h.ratio.mean, Kind::Ratio),
            plus(m.ratio_mean),
        ],
        vec![
            text("Mean net present value"),
            num(h.npv.mean, Kind::Money),
            plus(m.npv_mean),
        ],
    ];
    for (name, value, r, kind) in [
        ("Median ratio", h.ratio.median, m.ratio_median, Kind::Ratio),
        (
            "Ratio interval, low end",
            h.ratio.ci_low,
            m.ratio_ci_low,
            Kind::Ratio,
        ),
        (
            "Ratio interval, high end",
            h.ratio.ci_high,
            m.ratio_ci_high,
            Kind::Ratio,
        ),
        (
            "Chance the ratio exceeds 1",
            h.prob_ratio_above_1,
            Some(m.prob_ratio_above_1),
            Kind::Percent,
        ),
    ] {
        let mut row = vec![text(name), num(value, kind)];
        row.extend(range(r, kind));
        rows.push(row);
    }
    rows.push(vec![
        text("Draws to settle every printed digit"),
        num(m.draws_for_printed_digits as f64, Kind::Number),
    ]);
    rows
}

fn impact_header() -> Vec<&'static str> {
    vec![
        "Stakeholder",
        "Outcome",
        "Quantity",
        "Quantity 5th",
        "Quantity 95th",
        "Value",
        "Value 5th",
        "Value 95th",
        "Source",
        "Deadweight",
        "Deadweight 5th",
        "Deadweight 95th",
        "Displacement",
        "Displacement 5th",
        "Displacement 95th",
        "Attribution",
        "Attribution 5th",
        "Attribution 95th",
        "Drop-off",
        "Drop-off 5th",
        "Drop-off 95th",
        "Duration",
        "Duration 5th",
        "Duration 95th",
        "Start year",
        "Present value (base case)",
        "Present value (mean)",
        "Present value (interval low)",
        "Present value (interval high)",
    ]
}

fn impact_rows(p: &OptionPart) -> Vec<Vec<Cell>> {
    let spread = |s: &crate::analysis::detail::Spread, kind: Kind| {
        [num(s.base, kind), num(s.low, kind), num(s.high, kind)]
    };
    p.impact_map
        .iter()
        .map(|o| {
            let mut row = vec![text(&o.stakeholder), text(&o.outcome)];
            row.extend(spread(&o.quantity, Kind::Number));
            row.extend(spread(&o.value, Kind::Money));
            row.push(o.value_source.as_deref().map_or(Cell::Empty, text));
            for s in [&o.deadweight, &o.displacement, &o.attribution, &o.drop_off] {
                row.extend(spread(s, Kind::Percent));
            }
            row.extend([
                num(o.duration.base, Kind::Number),
                num(o.duration.low, Kind::Number),
                num(o.duration.high, Kind::Number),
                num(o.start_year as f64, Kind::Number),
                num(o.base_case, Kind::Money),
                num(o.present_value.mean, Kind::Money),
                num(o.present_value.ci_low, Kind::Money),
                num(o.present_value.ci_high, Kind::Money),
            ]);
            row
        })
        .collect()
}

/// A quantity's value `x` in the cell format its kind takes, as the report's tables show
/// it: a share as a percentage, money in the currency (with pence below 100), any other
/// number as Excel shows it.
fn unit_cell(x: f64, unit: Unit) -> Cell {
    num(
        x,
        match unit {
            Unit::Share => Kind::Percent,
            Unit::Money if super::sensitivity::shows_pence(x) => Kind::Pence,
            Unit::Money => Kind::Money,
            Unit::Number => Kind::Number,
        },
    )
}

fn assumption_rows(p: &OptionPart) -> Vec<Vec<Cell>> {
    p.detail
        .assumptions
        .iter()
        .map(|a| {
            vec![
                text(&a.name),
                text(&a.distribution),
                unit_cell(a.spread.base, a.unit),
                unit_cell(a.spread.low, a.unit),
                unit_cell(a.spread.high, a.unit),
                a.source.as_deref().map_or(Cell::Empty, text),
            ]
        })
        .collect()
}
