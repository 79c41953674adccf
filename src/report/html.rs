//! `--format html` and `sroi report -o report.html`: one self-contained page a funder can
//! email, read offline with scripts off, and print on A4.
//!
//! Rust lays out the figures as data (formatted cells, charts as SVG, captions) in the
//! `page` every written report shares. The page loads nothing: styles are inline, charts are inline `<svg>`, and the only
//! links are plain ones to sources the model cites. The command's JSON result is embedded
//! for anyone who wants the figures back.

use super::document::{Document, OptionPart};
use super::figures;
use super::page::{self, Cell, Ids, Page, Section, Table, table};
use super::sensitivity::{figure as number, group_grid, quantity_grid};
use super::{
    based_on_lines, compare, currency_symbol, funders_grid, headline_lines, money, percent,
    run_grids,
};
use crate::analysis::detail::Spread;
use crate::analysis::summary::group_thousands;
use crate::error::Error;

/// Renders a document as one HTML page.
pub fn render(doc: &Document) -> Result<String, Error> {
    let mut ids = Ids::default();
    let mut sections = Vec::new();
    let several = doc.options.len() > 1;
    let title;
    let mut subtitle = Vec::new();
    let mut lead = Vec::new();
    if let Some(c) = &doc.comparison {
        title = format!("Comparing {} options", c.scenarios.len());
        subtitle.push(format!(
            "{} draws · seed {} · {} · on the same draws",
            group_thousands(c.iterations as u64),
            c.seed,
            c.currency
        ));
        lead.extend(compare::legend(c));
        lead.extend(c.notes.iter().map(|n| format!("Note: {n}")));
        let mut figures = vec![figures::difference(c, &ids.take("fig-difference", 0))];
        figures.push(figures::acceptability(
            &doc.options,
            &ids.take("fig-acceptability", 0),
        ));
        sections.push(Section {
            heading: "The options side by side".into(),
            anchor: "comparison".into(),
            lines: vec![compare::DECISION_NOTE.to_string()],
            figures,
            tables: vec![
                table(
                    &ids.take("table-decision", 0),
                    "Choosing among the options: net present value first",
                    compare::decision_grid(c),
                ),
                table(
                    &ids.take("table-summary", 0),
                    "Each option's totals",
                    compare::options_grid(c),
                ),
                table(
                    &ids.take("table-differences", 0),
                    "Differences from option 1, draw by draw (shared uncertainty cancels)",
                    compare::differences_grid(c),
                ),
                table(
                    &ids.take("table-funders", 0),
                    "Who pays (discounted investment)",
                    compare::funders_grid(c),
                ),
            ],
        });
    } else {
        let r = &doc.options[0].run;
        title = r.model.clone();
        lead.extend(
            headline_lines(&r.headline, &r.currency, r.ci_level, "", "")
                .lines()
                .map(String::from),
        );
    }
    for (i, part) in doc.options.iter().enumerate() {
        sections.push(option_section(part, i + 1, several, &mut ids));
        sections.extend(super::ledger::page::section(part, i + 1, several, &mut ids));
    }
    if let (Some(s), Some(part)) = (&doc.sensitivity, doc.options.first()) {
        let _ = part;
        let mut t = table(
            &ids.take("table-sensitivity", 0),
            "Each quantity moved alone to its 5th and 95th percentiles, the rest at base",
            quantity_grid(s),
        );
        t.wide = true;
        sections.push(Section {
            heading: "Which assumptions matter".into(),
            anchor: "sensitivity".into(),
            lines: vec![format!(
                "Base-case ratio {}; switching values aim for a ratio of {}.",
                super::ratio(s.base_ratio),
                super::ratio(s.target)
            )],
            figures: figures::tornado(s, &ids.take("fig-tornado", 0))
                .into_iter()
                .collect(),
            tables: vec![
                t,
                table(
                    &ids.take("table-groups", 0),
                    "Figures moved together: the change that brings the ratio to the target",
                    group_grid(s),
                ),
            ],
        });
    }
    if let Some(v) = &doc.voi {
        let mut parts = super::voi::page::sections(v, &mut ids);
        if let Some(first) = parts.first_mut() {
            first.lines.splice(0..0, v.findings.iter().cloned());
        }
        sections.extend(parts);
    }
    if let Some(first) = doc.options.first() {
        let r = &first.run;
        subtitle.insert(
            0,
            if several {
                String::new()
            } else {
                super::table::run_line(
                    &r.file,
                    r.iterations,
                    r.seed,
                    r.ci_level,
                    &r.currency,
                    r.price_year,
                )
            },
        );
    }
    subtitle.retain(|s| !s.is_empty());
    page::render(&Page {
        title,
        subtitle,
        lead,
        description: doc
            .options
            .first()
            .and_then(|p| p.run.description.clone())
            .filter(|_| !several),
        sections,
        methods: methods(doc),
        json: doc.json.clone(),
    })
}

fn option_section(part: &OptionPart, k: usize, several: bool, ids: &mut Ids) -> Section {
    let r = &part.run;
    let [totals, outcomes, stakeholders, _, acceptability] = run_grids(r);
    let mut lines = Vec::new();
    if several {
        lines.push(super::table::run_line(
            &r.file,
            r.iterations,
            r.seed,
            r.ci_level,
            &r.currency,
            r.price_year,
        ));
        lines.extend(
            headline_lines(&r.headline, &r.currency, r.ci_level, "", "")
                .lines()
                .map(String::from),
        );
    }
    lines.extend(based_on_lines(r.based_on.as_ref()));
    let mut figures = vec![
        figures::ratio_distribution(part, &ids.take("fig-ratio", k)),
        figures::breakdown(part, false, &ids.take("fig-outcomes", k)),
        figures::breakdown(part, true, &ids.take("fig-stakeholders", k)),
    ];
    if !several {
        figures.push(figures::acceptability(
            std::slice::from_ref(part),
            &ids.take("fig-acceptability", k),
        ));
    }
    let mut impact = impact_table(part, &ids.take("table-impact-map", k));
    impact.wide = true;
    let tables = vec![
        table(&ids.take("table-summary", k), "Totals", totals),
        table(
            &ids.take("table-outcomes", k),
            "Where the value comes from (present value)",
            outcomes,
        ),
        table(
            &ids.take("table-stakeholders", k),
            "Who the value goes to (present value)",
            stakeholders,
        ),
        table(
            &ids.take("table-funders", k),
            "Who pays (discounted investment)",
            funders_grid(&r.headline, &r.currency, r.ci_level),
        ),
        table(
            &ids.take("table-acceptability", k),
            "Chance the ratio reaches each threshold",
            acceptability,
        ),
        impact,
        assumptions_table(part, &ids.take("table-assumptions", k)),
    ];
    let mut tables = tables;
    if !r.proxies.is_empty() {
        tables.push(proxies_table(part, &ids.take("table-proxies", k)));
    }
    tables.push(findings_table(part, &ids.take("table-assurance", k)));
    Section {
        heading: if several {
            format!("Option {k}: {}", r.model)
        } else {
            "Results".into()
        },
        anchor: format!("option-{k}"),
        lines,
        figures,
        tables,
    }
}

/// The library proxies a model uses: where each goes, its value and price year, and its
/// source (linked), licence and how it was checked.
fn proxies_table(part: &OptionPart, id: &str) -> Table {
    let rows = part
        .run
        .proxies
        .iter()
        .map(|u| {
            vec![
                Cell::from(u.quantity.clone()),
                Cell {
                    text: u.id.clone(),
                    sub: Some(u.name.clone()),
                    link: None,
                },
                Cell::from(format!("{} {}", u.value, u.unit)),
                Cell::from(match u.model_price_year {
                    Some(y) if y != u.price_year => {
                        format!("{} (× {:.4} to {y})", u.price_year, u.factor)
                    }
                    _ => u.price_year.to_string(),
                }),
                Cell {
                    text: u.source.clone(),
                    sub: None,
                    link: Some(u.url.clone()),
                },
                Cell::from(u.licence.clone()),
                Cell::from(super::proxies::check_grade(u.checked.as_deref()).to_string()),
            ]
        })
        .collect();
    Table {
        id: id.to_string(),
        caption: "Financial proxies from the library".into(),
        header: ["Quantity", "Proxy", "Value", "Prices", "Source", "Licence", "Checked"]
            .map(String::from)
            .to_vec(),
        rows,
        text_columns: 7,
        note: Some("Checked: primary when the figure was read in its publisher's own document, secondary when only where another party quotes it.".into()),
        wide: true,
        text_also: vec![],
    }
}

/// What an assessor would question, with each rule's code and fix.
fn findings_table(part: &OptionPart, id: &str) -> Table {
    let rows: Vec<Vec<Cell>> = part
        .findings
        .iter()
        .map(|f| {
            vec![
                Cell::from(f.code.to_string()),
                Cell::from(f.item.clone()),
                Cell::from(f.message.clone()),
                Cell::from(f.fix.clone()),
            ]
        })
        .collect();
    Table {
        id: id.to_string(),
        caption: "Before an assessor sees it (sroi check --assurance)".into(),
        header: ["Rule", "Item", "Finding", "Fix"]
            .map(String::from)
            .to_vec(),
        note: Some(if rows.is_empty() {
            "No findings: none of the over-claiming rules A001-A008 applies.".into()
        } else {
            format!("{} finding(s); none changes a figure.", rows.len())
        }),
        rows,
        text_columns: 4,
        wide: true,
        text_also: vec![],
    }
}

/// A figure's base, with its 5th–95th percentile range below when it varies.
fn spread_cell(s: &Spread, f: &dyn Fn(f64) -> String) -> Cell {
    Cell {
        text: f(s.base),
        sub: (s.low != s.high).then(|| format!("{} – {}", f(s.low), f(s.high))),
        link: None,
    }
}

fn source_cell(source: Option<&str>) -> Cell {
    let text = source.unwrap_or("").to_string();
    let link = text
        .split_whitespace()
        .map(|w| w.trim_start_matches(['(', '<', '[']))
        .find(|w| w.starts_with("https://") || w.starts_with("http://"))
        .map(|w| {
            w.trim_end_matches([')', '.', ',', ';', '>', ']'])
                .to_string()
        });
    Cell {
        text,
        sub: None,
        link,
    }
}

fn impact_table(part: &OptionPart, id: &str) -> Table {
    let sym = currency_symbol(&part.run.currency);
    let m = |x: f64| money(x, &sym);
    let pct = |x: f64| percent(x).replace(".0%", "%");
    let rows = part
        .impact_map
        .iter()
        .map(|o| {
            vec![
                Cell::from(o.stakeholder.clone()),
                Cell::from(o.outcome.clone()),
                spread_cell(&o.quantity, &number),
                spread_cell(&o.value, &m),
                source_cell(o.value_source.as_deref()),
                spread_cell(&o.deadweight, &pct),
                spread_cell(&o.displacement, &pct),
                spread_cell(&o.attribution, &pct),
                spread_cell(&o.drop_off, &pct),
                spread_cell(&o.duration, &number),
                Cell::from(o.start_year.to_string()),
                Cell {
                    text: m(o.base_case),
                    sub: Some(format!(
                        "{} – {}",
                        m(o.present_value.ci_low),
                        m(o.present_value.ci_high)
                    )),
                    link: None,
                },
            ]
        })
        .collect();
    Table {
        id: id.to_string(),
        caption: "Impact map (SROI Value Map): each figure's base case, with its 5th–95th percentile range below; present value with its interval".into(),
        header: [
            "Stakeholder", "Outcome", "Quantity", "Value per unit a year", "Source",
            "Dead-weight", "Displace-ment", "Attrib-ution", "Drop-off", "Years", "Start year",
            "Present value",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        text_columns: 2,
        note: None,
        wide: true,
        text_also: vec![4],
    }
}

fn assumptions_table(part: &OptionPart, id: &str) -> Table {
    let d = &part.detail;
    let rows = d
        .assumptions
        .iter()
        .map(|a| {
            vec![
                Cell::from(a.name.clone()),
                Cell::from(a.distribution.clone()),
                Cell::from(number(a.spread.base)),
                Cell::from(number(a.spread.low)),
                Cell::from(number(a.spread.high)),
                source_cell(a.source.as_deref()),
            ]
        })
        .collect();
    let note = (d.expression_draws < part.run.iterations).then(|| {
        format!(
            "Percentiles of expressions are read from the first {} draws.",
            group_thousands(d.expression_draws as u64)
        )
    });
    Table {
        id: id.to_string(),
        caption: "Assumptions: every named quantity, as the model defines it".into(),
        header: [
            "Quantity",
            "Distribution",
            "Base",
            "5th pct",
            "95th pct",
            "Source",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        text_columns: 2,
        note,
        wide: true,
        text_also: vec![5],
    }
}

/// The conventions behind every figure, with the numbers of this document.
fn methods(doc: &Document) -> Vec<String> {
    let mut out = vec![
        "Base case: every quantity at its base value: the mode of a triangular or PERT \
         distribution, the value of a fixed number, the mean of any other distribution, or the \
         `base` the model sets. It is the single figure a classic SROI report (SROI Guide, 2012) \
         quotes."
            .to_string(),
        "Discounting: each year's value and cost is discounted to today at the model's \
         discount rate (3.5% a year, the HM Treasury Green Book rate, unless the model sets \
         another rate or schedule): year 0 is not discounted and year 1 once, so a pound of \
         value in year t counts as 1 / (1 + r)^t at a constant rate r."
            .to_string(),
    ];
    for part in &doc.options {
        let h = &part.run.headline;
        let sym = currency_symbol(&part.run.currency);
        let expected = h.expected.ratio;
        out.push(format!(
            "Mean of ratios and expected ratio{}: the mean SROI ratio, {}, is the average of \
             each draw's ratio. The ratio of the mean present value ({}) to the mean investment \
             ({}) is {}. The two differ when the investment is uncertain; neither ranks options \
             of different sizes, for which the net present value is the measure.",
            if doc.options.len() > 1 {
                format!(" ({})", part.run.model)
            } else {
                String::new()
            },
            super::ratio(h.ratio.mean),
            money(h.present_value.mean, &sym),
            money(h.investment.mean, &sym),
            super::ratio(expected)
        ));
    }
    if let Some(first) = doc.options.first() {
        let r = &first.run;
        out.push(format!(
            "Uncertainty: {} Monte Carlo draws with seed {}; each interval runs between the \
             percentiles of the draws that leave {} outside each end. The same files, number of \
             draws and seed give the same figures on any computer.",
            group_thousands(r.iterations as u64),
            r.seed,
            percent((1.0 - r.ci_level) / 2.0)
        ));
        out.push(
            "Monte Carlo error: another seed gives slightly other figures. The headline says              how far they could move, with 95% confidence: a ± on the expected ratio (the              delta method for a ratio of means), where each end of the interval could lie              (the draws whose ranks bound that percentile whatever the distribution, from the              binomial) and the chance above 1 (Wilson's score interval). When a figure could              move by more than a unit of the digit before its last, the draws are too few for              the digits printed, and the headline says how many would settle them."
                .to_string(),
        );
    }
    if doc.sensitivity.is_some() {
        out.push(
            "Sensitivity: each quantity moved alone to its 5th and 95th percentiles with the \
             others at base; a switching value is the value of one quantity alone at which the \
             base-case ratio reaches the target."
                .to_string(),
        );
    }
    if let Some(v) = &doc.voi {
        out.extend(super::voi::page::methods(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_taken_from_source_text() {
        let c = source_cell(Some("HACT 2014 (https://hact.org.uk/x)."));
        assert_eq!(c.link.as_deref(), Some("https://hact.org.uk/x"));
        assert_eq!(source_cell(Some("Unit Costs 2019")).link, None);
    }
}
