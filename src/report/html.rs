//! `--format html` and `sroi report -o report.html`: one self-contained page a funder can
//! email, read offline with scripts off, and print on A4.
//!
//! Rust lays out the figures as data (formatted cells, charts as SVG, captions) in the
//! `page` every written report shares. The page loads nothing: styles are inline, charts are inline `<svg>`, and the only
//! links are plain ones to sources the model cites. The command's JSON result is embedded
//! for anyone who wants the figures back.

use super::document::{Document, OptionPart};
use super::figures;
use super::first_screen::{self, beside, comparison_headline};
use super::page::{self, Cell, Ids, Page, Section, Table, table};
use super::sensitivity::{figure as number, figure_as, group_grid, quantity_grid};
use super::{
    based_on_lines, compare, count, currency_symbol, funders_grid, money, percent, run_grids,
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
    let headline;
    if let Some(c) = &doc.comparison {
        headline = comparison_headline(c);
        title = format!("Comparing {} options", c.scenarios.len());
        subtitle.push(format!(
            "{} draws · seed {} · {} · on the same draws",
            group_thousands(c.iterations as u64),
            c.sampling.with_seed(c.seed),
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
            beside: Vec::new(),
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
        title = format!("{}: {}", r.kind.title(), r.model);
        headline = first_screen::headline(&r.headline, &r.currency, r.ci_level);
        lead.extend(beside(&r.headline, &r.currency, r.ci_level));
    }
    let mut seen = Seen::default();
    for (i, part) in doc.options.iter().enumerate() {
        sections.push(option_section(part, i + 1, several, &mut ids, &mut seen));
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
        t.cards = true;
        let figures: Vec<_> = figures::tornado(s, &ids.take("fig-tornado", 0))
            .into_iter()
            .collect();
        let mut standard = table(
            &ids.take("table-standard-tests", 0),
            "Standard sensitivity tests, each alone: the ratio in the base case and expected",
            super::sensitivity::standard_grid(s),
        );
        standard.note = Some(
            super::sensitivity::STANDARD
                .trim_end_matches(':')
                .to_string()
                + ".",
        );
        let mut tables = vec![
            t,
            table(
                &ids.take("table-groups", 0),
                "Figures moved together: the change that brings the ratio to the target",
                group_grid(s),
            ),
        ];
        let beside = if figures.is_empty() {
            tables.insert(0, standard);
            Vec::new()
        } else {
            vec![standard]
        };
        sections.push(Section {
            heading: "Which assumptions matter".into(),
            anchor: "sensitivity".into(),
            lines: vec![format!(
                "Base-case ratio {}; switching values aim for a ratio of {}.",
                super::ratio(s.base_ratio),
                super::ratio(s.target)
            )],
            figures,
            beside,
            tables,
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
                    &r.sampling.with_seed(r.seed),
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
        headline: Some(headline),
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

/// The tables already printed for each model file in a comparison, with the option that
/// printed them: scenarios of one model share most of their assumptions and proxies.
#[derive(Default)]
struct Seen(Vec<(String, usize, Vec<Table>)>);

impl Seen {
    /// `table` as printed for option `k`: whole the first time its model is seen, else
    /// only the rows whose `key` columns differ from every row printed for an earlier
    /// option of the same model, with a note saying so.
    fn once(&mut self, model: &str, k: usize, key: &[usize], mut table: Table) -> Table {
        let Some((_, first, tables)) = self.0.iter().find(|(m, ..)| m == model) else {
            self.0.push((model.to_string(), k, vec![table.clone()]));
            return table;
        };
        if *first == k {
            if let Some((.., t)) = self.0.iter_mut().find(|(m, ..)| m == model) {
                t.push(table.clone());
            }
            return table;
        }
        let kind = table.id.split('-').take(2).collect::<Vec<_>>().join("-");
        let Some(earlier) = tables.iter().find(|t| t.id.starts_with(&kind)) else {
            return table;
        };
        let key = |row: &Vec<Cell>| {
            key.iter()
                .filter_map(|&i| row.get(i))
                .map(|c| format!("{}\u{1f}{}", c.text, c.sub.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
        };
        let printed: Vec<Vec<String>> = earlier.rows.iter().map(key).collect();
        let all = table.rows.len();
        table.rows.retain(|r| !printed.contains(&key(r)));
        let same = all - table.rows.len();
        table.dedup = Some(format!("option {first}"));
        let what = if table.rows.is_empty() {
            String::new()
        } else {
            format!(
                " Only the {} this option defines otherwise {} listed.",
                count(table.rows.len(), "row", "rows"),
                if table.rows.len() == 1 { "is" } else { "are" }
            )
        };
        table.note = Some(format!(
            "{} defined as for option {first} ({model}) {} not repeated here; figures that \
             depend on one defined otherwise may differ.{what}",
            count(same, "row", "rows"),
            if same == 1 { "is" } else { "are" },
        ));
        table
    }
}

/// The file a part's model comes from: a scenario's base model, or the file itself.
fn model_file(part: &OptionPart) -> String {
    let r = &part.run;
    r.based_on
        .as_ref()
        .map_or_else(|| r.file.clone(), |b| b.file.clone())
}

fn option_section(
    part: &OptionPart,
    k: usize,
    several: bool,
    ids: &mut Ids,
    seen: &mut Seen,
) -> Section {
    let r = &part.run;
    let model = model_file(part);
    let [totals, outcomes, stakeholders, _, acceptability] = run_grids(r);
    let mut lines = Vec::new();
    if several {
        lines.push(super::table::run_line(
            &r.file,
            r.iterations,
            &r.sampling.with_seed(r.seed),
            r.ci_level,
            &r.currency,
            r.price_year,
        ));
        lines.push(first_screen::headline(&r.headline, &r.currency, r.ci_level));
        lines.extend(beside(&r.headline, &r.currency, r.ci_level));
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
    impact.cards = true;
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
        seen.once(
            &model,
            k,
            &[0, 1, 5],
            assumptions_table(part, &ids.take("table-assumptions", k)),
        ),
    ];
    let mut tables = tables;
    if !r.proxies.is_empty() {
        tables.push(seen.once(
            &model,
            k,
            &[0, 1, 2, 3, 4, 5, 6],
            proxies_table(part, &ids.take("table-proxies", k)),
        ));
    }
    // A finding is the same when its rule, level and item are: a scenario that moves a
    // share by a point does not raise it again.
    tables.push(seen.once(
        &model,
        k,
        &[0, 1, 2],
        super::assurance::findings_table(part, &ids.take("table-assurance", k)),
    ));
    if let Some(t) = super::assurance::exclusions_table(part, &ids.take("table-exclusions", k)) {
        tables.push(seen.once(&model, k, &[0, 1], t));
    }
    Section {
        heading: if several {
            format!("Option {k}: {}", r.model)
        } else {
            "Results".into()
        },
        anchor: format!("option-{k}"),
        lines,
        figures,
        beside: Vec::new(),
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
                    markdown: false,
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
                    markdown: false,
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
        wide: false,
        text_also: vec![],
        cards: true,
        dedup: None,
    }
}

/// A figure's base, with its 5th–95th percentile range below when it varies.
fn spread_cell(s: &Spread, f: &dyn Fn(f64) -> String) -> Cell {
    Cell {
        text: f(s.base),
        sub: (s.low != s.high).then(|| format!("{} – {}", f(s.low), f(s.high))),
        link: None,
        markdown: false,
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
        markdown: false,
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
                    markdown: false,
                },
            ]
        })
        .collect();
    Table {
        id: id.to_string(),
        caption: "Impact map (SROI Value Map): each figure's base case, with its 5th–95th percentile range below; present value with its interval".into(),
        header: [
            "Stakeholder", "Outcome", "Quantity", "Value per unit a year", "Source",
            "Deadweight", "Displacement", "Attribution", "Drop-off", "Years", "Start year",
            "Present value",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        text_columns: 2,
        note: None,
        wide: false,
        text_also: vec![4],
        cards: false,
        dedup: None,
    }
}

fn assumptions_table(part: &OptionPart, id: &str) -> Table {
    let d = &part.detail;
    let sym = currency_symbol(&part.run.currency);
    let rows = d
        .assumptions
        .iter()
        .map(|a| {
            let shown = |x| Cell::from(figure_as(x, a.unit, &sym));
            vec![
                Cell::from(a.name.clone()),
                Cell::from(a.distribution.clone()),
                shown(a.spread.base),
                shown(a.spread.low),
                shown(a.spread.high),
                source_cell(a.source.as_deref()),
            ]
        })
        .collect();
    let draws = (d.expression_draws < part.run.iterations).then(|| {
        format!(
            "Percentiles of expressions are read from the first {} draws.",
            group_thousands(d.expression_draws as u64)
        )
    });
    let prices = d.file_prices.as_ref().map(|p| p.note());
    let note = match (prices, draws) {
        (Some(p), Some(d)) => Some(format!("{p} {d}")),
        (p, d) => p.or(d),
    };
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
        wide: false,
        text_also: vec![5],
        cards: false,
        dedup: None,
    }
}

/// The conventions behind every figure, with the numbers of this document.
fn methods(doc: &Document) -> Vec<String> {
    let mut out = vec![
        "Base case: every quantity at its base value: the `base` the model sets, else the mode \
         of a triangular or PERT distribution, the value of a fixed number, and the mean of \
         any other distribution. It is the single figure a classic SROI report (SROI Guide, 2012) \
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
            r.sampling.with_seed(r.seed),
            percent((1.0 - r.ci_level) / 2.0)
        ));
        out.push(
            "Monte Carlo error: another seed gives slightly other figures. With 95% confidence \
             the expected ratio could move by the ± shown (the delta method for a ratio of \
             means), each end of the interval could lie in the range shown (the draws whose \
             ranks bound that percentile whatever the distribution, from the binomial) and the \
             chance above 1 by the points shown (Wilson's score interval). When a figure could \
             move by more than a unit of its last digit but one, the draws are too few for the \
             digits printed, and the note says how many would settle them."
                .to_string(),
        );
        if r.sampling == crate::sample::lhs::Method::Lhs {
            out.push(
                "The draws are a Latin hypercube within each block of 2,048: the ± of the \
                 expected ratio and the chance above 1 come from the spread between blocks \
                 (each block an independent replicate; with fewer than ten blocks, as for \
                 independent draws), and the percentiles' ranges, which assume independent \
                 draws, can only be wider than they need to be."
                    .to_string(),
            );
        }
        for part in &doc.options {
            let who = if doc.options.len() > 1 {
                format!("{}: ", part.run.model)
            } else {
                String::new()
            };
            out.push(first_screen::precision_note(&part.run, &who));
        }
    }
    if doc.sensitivity.is_some() {
        out.push(format!(
            "Sensitivity: each quantity moved alone to its 5th and 95th percentiles with the \
                 others at base. {}",
            super::sensitivity::SWITCHING
        ));
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
