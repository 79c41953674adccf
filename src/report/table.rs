//! `--format table`: the terminal view, with real box-drawn tables.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use super::{Grid, currency_symbol, interval, level_label, payback, percent, ratio, run_grids};
use crate::summary::{RunReport, group_thousands};

/// Lays a grid out as a box-drawn table, figures right-aligned.
pub fn draw(grid: &Grid) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(grid.header.clone());
    for i in grid.text_columns..grid.header.len() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    for row in &grid.rows {
        t.add_row(row.clone());
    }
    t
}

/// Renders a run for the terminal.
pub fn render(r: &RunReport) -> String {
    let sym = currency_symbol(&r.currency);
    let level = level_label(r.ci_level);
    let mut out = format!("{}\n", r.model);
    out.push_str(&format!(
        "{} · {} draws · seed {} · {level}s{}\n\n",
        r.file,
        group_thousands(r.iterations as u64),
        r.seed,
        match r.price_year {
            Some(y) => format!(" · {} at {y} prices", r.currency),
            None => format!(" · {}", r.currency),
        }
    ));
    out.push_str(&format!(
        "SROI ratio {} per {sym}1 in the base case; {level} {} (median {})\n",
        ratio(r.base_case.ratio),
        interval(r.ratio.ci_low, r.ratio.ci_high, ratio),
        ratio(r.ratio.median),
    ));
    out.push_str(&format!(
        "Chance the ratio exceeds 1: {}\n",
        percent(r.prob_ratio_above_1)
    ));
    out.push_str(&format!(
        "Payback (base case): {}\n\n",
        payback(r.base_case.payback_months)
    ));
    let [totals, outcomes, stakeholders] = run_grids(r);
    out.push_str(&format!("{}\n\n", draw(&totals)));
    out.push_str("Where the value comes from (present value)\n");
    out.push_str(&format!("{}\n\n", draw(&outcomes)));
    out.push_str("Who the value goes to (present value)\n");
    out.push_str(&format!("{}\n", draw(&stakeholders)));
    out
}
