//! `--format table`: the terminal view, with real box-drawn tables.

use std::sync::atomic::{AtomicUsize, Ordering};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table};

use super::text::one_line;
use super::{Grid, based_on_lines, compare, headline_lines, level_label, run_grids};
use crate::analysis::compare::CompareReport;
use crate::analysis::summary::{RunReport, group_thousands};

/// Columns of the terminal when output is not one (a file, a pipe).
pub const DEFAULT_WIDTH: usize = 100;

static WIDTH: AtomicUsize = AtomicUsize::new(DEFAULT_WIDTH);

/// Sets how wide tables may be: the terminal's width, or [`DEFAULT_WIDTH`].
pub fn set_width(columns: usize) {
    WIDTH.store(columns.max(40), Ordering::Relaxed);
}

/// How wide tables may be.
pub fn width() -> usize {
    WIDTH.load(Ordering::Relaxed)
}

/// Lays a grid out as a box-drawn table, figures right-aligned, no wider than
/// [`width`]: where it must, a long cell wraps at its spaces onto further lines.
pub fn draw(grid: &Grid) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width() as u16)
        .set_header(grid.header.iter().map(|c| {
            // A header may break where it was written to; each line is made safe.
            c.split('\n').map(one_line).collect::<Vec<_>>().join("\n")
        }));
    for i in grid.text_columns..grid.header.len() {
        // A single figure never wraps; an interval `a – b` may, at its dash.
        let single = grid.rows.iter().all(|r| !r[i].contains(" – "));
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
            if single {
                c.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
    }
    for row in &grid.rows {
        t.add_row(row.iter().map(|c| one_line(c)));
    }
    t
}

/// The line under a title: file, draws, seed, interval level, currency.
pub fn run_line(
    file: &str,
    iterations: usize,
    seed: u64,
    level: f64,
    currency: &str,
    price_year: Option<i64>,
) -> String {
    format!(
        "{} · {} draws · seed {seed} · {}s{}",
        one_line(file),
        group_thousands(iterations as u64),
        level_label(level),
        match price_year {
            Some(y) => format!(" · {currency} at {y} prices"),
            None => format!(" · {currency}"),
        }
    )
}

/// Renders a run for the terminal.
pub fn render(r: &RunReport) -> String {
    let mut out = format!("{}\n", one_line(&r.model));
    out.push_str(&run_line(
        &r.file,
        r.iterations,
        r.seed,
        r.ci_level,
        &r.currency,
        r.price_year,
    ));
    out.push('\n');
    for line in based_on_lines(r.based_on.as_ref()) {
        out.push_str(&format!("{line}\n"));
    }
    out.push('\n');
    out.push_str(&headline_lines(
        &r.headline,
        &r.currency,
        r.ci_level,
        "",
        "",
    ));
    out.push('\n');
    let [totals, outcomes, stakeholders, funders, acceptability] = run_grids(r);
    out.push_str(&format!("{}\n\n", draw(&totals)));
    out.push_str("Where the value comes from (present value)\n");
    out.push_str(&format!("{}\n\n", draw(&outcomes)));
    out.push_str("Who the value goes to (present value)\n");
    out.push_str(&format!("{}\n\n", draw(&stakeholders)));
    out.push_str("Who pays (discounted investment)\n");
    out.push_str(&format!(
        "{}\n{}\n\n",
        draw(&funders),
        super::leverage_note(&r.currency)
    ));
    out.push_str("Chance the ratio reaches each threshold\n");
    out.push_str(&format!("{}\n", draw(&acceptability)));
    out
}

/// Renders a comparison for the terminal.
pub fn render_compare(c: &CompareReport) -> String {
    let mut out = format!(
        "Comparing {} options on the same draws\n{} draws · seed {} · {}s · {}\n\n",
        c.scenarios.len(),
        group_thousands(c.iterations as u64),
        c.seed,
        level_label(c.ci_level),
        c.currency
    );
    for line in compare::legend(c) {
        out.push_str(&format!("  {line}\n"));
    }
    for note in &c.notes {
        out.push_str(&format!("Note: {note}\n"));
    }
    out.push('\n');
    out.push_str(&format!("{}\n", compare::DECISION_NOTE));
    out.push_str(&format!("{}\n\n", draw(&compare::decision_grid(c))));
    out.push_str(&format!("{}\n\n", draw(&compare::options_grid(c))));
    out.push_str("Differences from option 1, draw by draw (shared uncertainty cancels)\n");
    out.push_str(&format!("{}\n\n", draw(&compare::differences_grid(c))));
    out.push_str("Who pays (discounted investment)\n");
    out.push_str(&format!(
        "{}\n{}\n",
        draw(&compare::funders_grid(c)),
        super::leverage_note(&c.currency)
    ));
    out
}
