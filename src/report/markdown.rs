//! `--format markdown`: the same figures as pipe tables, to paste into a report.

use super::text::{markdown_cell, one_line};
use super::{Grid, based_on_lines, compare, headline_lines, level_label, run_grids};
use crate::analysis::compare::CompareReport;
use crate::analysis::summary::{RunReport, group_thousands};

/// Lays a grid out as a Markdown pipe table, figures right-aligned.
pub fn draw(grid: &Grid) -> String {
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(&grid.header);
    out.push('|');
    for i in 0..grid.header.len() {
        out.push_str(if i >= grid.text_columns {
            " ---: |"
        } else {
            " --- |"
        });
    }
    out.push('\n');
    for row in &grid.rows {
        out.push_str(&line(row));
    }
    out
}

/// Renders a run as Markdown.
pub fn render(r: &RunReport) -> String {
    let mut out = format!("## {}: {}\n\n", r.kind.title(), one_line(&r.model));
    out.push_str(&format!(
        "`{}`: {} draws, seed {}, {}s.\n\n",
        r.file,
        group_thousands(r.iterations as u64),
        r.sampling.with_seed(r.seed),
        level_label(r.ci_level)
    ));
    for line in based_on_lines(r.based_on.as_ref()) {
        out.push_str(&format!("{line}\n\n"));
    }
    out.push_str(&headline_lines(
        &r.headline,
        &r.currency,
        r.ci_level,
        "- ",
        "**",
    ));
    out.push('\n');
    let [totals, outcomes, stakeholders, funders, acceptability] = run_grids(r);
    out.push_str(&draw(&totals));
    out.push_str("\n### Where the value comes from\n\n");
    out.push_str(&draw(&outcomes));
    out.push_str("\n### Who the value goes to\n\n");
    out.push_str(&draw(&stakeholders));
    out.push_str("\n### Who pays\n\n");
    out.push_str(&draw(&funders));
    out.push_str(&format!("\n{}\n", super::leverage_note(&r.currency)));
    out.push_str("\n### Chance the ratio reaches each threshold\n\n");
    out.push_str(&draw(&acceptability));
    if r.ledger.is_typed() {
        out.push_str(&ledger_markdown(&r.ledger, &r.currency, r.ci_level));
    }
    if !r.proxies.is_empty() {
        out.push_str("\n### Financial proxies from the library\n\n");
        out.push_str(&draw(&super::proxies::sources_grid(&r.proxies)));
    }
    out
}

/// The funder's ledger as Markdown: the kinds of value, the returns to the public purse,
/// who pays and who saves, and when the savings arrive.
fn ledger_markdown(l: &crate::analysis::ledger::Ledger, currency: &str, level: f64) -> String {
    use super::ledger;
    let mut out = String::from("\n### Fiscal, economic and social value\n\n");
    out.push_str(&draw(&ledger::kinds_grid(l, currency, level)));
    for line in ledger::ratio_lines(l, currency) {
        out.push_str(&format!("\n{line}\n"));
    }
    out.push_str(&format!("\n### {}\n\n", ledger::TITLE));
    out.push_str(&draw(&ledger::organisations_grid(l, currency)));
    out.push_str(&format!("\n{}\n", ledger::NOTE));
    if l.agencies.iter().any(|a| !a.by_year.is_empty()) {
        out.push_str(&format!("\n### {}\n\n", ledger::YEARS_TITLE));
        out.push_str(&draw(&ledger::years_grid(l, currency)));
    }
    out
}

/// Renders a comparison as Markdown.
pub fn render_compare(c: &CompareReport) -> String {
    let mut out = format!(
        "## Comparing {} options on the same draws\n\n{} draws, seed {}, {}s, {}.\n\n",
        c.scenarios.len(),
        group_thousands(c.iterations as u64),
        c.sampling.with_seed(c.seed),
        level_label(c.ci_level),
        c.currency
    );
    for line in compare::legend(c) {
        out.push_str(&format!("{line}\n"));
    }
    out.push('\n');
    for note in &c.notes {
        out.push_str(&format!("**Note:** {note}\n\n"));
    }
    out.push_str(&format!(
        "### Choosing among the options\n\n{}\n\n",
        compare::DECISION_NOTE
    ));
    out.push_str(&draw(&compare::decision_grid(c)));
    out.push_str("\n### Each option\n\n");
    out.push_str(&draw(&compare::options_grid(c)));
    out.push_str("\n### Differences from option 1, draw by draw\n\n");
    out.push_str(&draw(&compare::differences_grid(c)));
    out.push_str("\n### Who pays\n\n");
    out.push_str(&draw(&compare::funders_grid(c)));
    out.push_str(&format!("\n{}\n", super::leverage_note(&c.currency)));
    for (k, o) in c.scenarios.iter().enumerate() {
        if o.ledger.is_typed() {
            out.push_str(&format!(
                "\n## Option {}: {}\n",
                k + 1,
                super::text::markdown_cell(&o.name)
            ));
            out.push_str(&ledger_markdown(&o.ledger, &c.currency, c.ci_level));
        }
    }
    out
}
