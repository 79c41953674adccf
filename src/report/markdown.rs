//! `--format markdown`: the same figures as pipe tables, to paste into a report.

use super::{Grid, currency_symbol, interval, level_label, payback, percent, ratio, run_grids};
use crate::summary::{RunReport, group_thousands};

/// Lays a grid out as a Markdown pipe table, figures right-aligned.
pub fn draw(grid: &Grid) -> String {
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
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
    let sym = currency_symbol(&r.currency);
    let level = level_label(r.ci_level);
    let b = &r.base_case;
    let mut out = format!("## {}\n\n", r.model);
    out.push_str(&format!(
        "`{}`: {} draws, seed {}, {level}s.\n\n",
        r.file,
        group_thousands(r.iterations as u64),
        r.seed
    ));
    out.push_str(&format!(
        "- **SROI ratio:** {} per {sym}1 in the base case ({level} {}, median {})\n",
        ratio(b.ratio),
        interval(r.ratio.ci_low, r.ratio.ci_high, ratio),
        ratio(r.ratio.median)
    ));
    out.push_str(&format!(
        "- **Chance the ratio exceeds 1:** {}\n",
        percent(r.prob_ratio_above_1)
    ));
    out.push_str(&format!(
        "- **Payback (base case):** {}\n\n",
        payback(b.payback_months)
    ));
    let [totals, outcomes, stakeholders] = run_grids(r);
    out.push_str(&draw(&totals));
    out.push_str("\n### Where the value comes from\n\n");
    out.push_str(&draw(&outcomes));
    out.push_str("\n### Who the value goes to\n\n");
    out.push_str(&draw(&stakeholders));
    out
}
