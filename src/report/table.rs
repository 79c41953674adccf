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

/// The columns of the terminal standard output goes to: `COLUMNS` if it is set to a
/// number (as shells and `clap` read it), else the terminal's own width; `None` when
/// standard output is not a terminal and `COLUMNS` is not set.
pub fn terminal_columns() -> Option<usize> {
    columns_of(std::env::var("COLUMNS").ok(), || {
        use std::io::IsTerminal;
        match terminal_size::terminal_size() {
            Some((terminal_size::Width(w), _)) if std::io::stdout().is_terminal() => {
                Some(w as usize)
            }
            _ => None,
        }
    })
}

/// The columns of the terminal standard error goes to (`COLUMNS` if set), or
/// [`DEFAULT_WIDTH`] when it is not a terminal.
pub fn stderr_columns() -> usize {
    columns_of(std::env::var("COLUMNS").ok(), || {
        terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| w.0 as usize)
    })
    .unwrap_or(DEFAULT_WIDTH)
    .max(40)
}

/// [`terminal_columns`] from the value of `COLUMNS` and a way to ask the terminal.
fn columns_of(set: Option<String>, terminal: impl FnOnce() -> Option<usize>) -> Option<usize> {
    set.and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
        .or_else(terminal)
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

/// `line` filled at its spaces to the width tables take, later lines indented by two
/// spaces; no newline at the end.
pub fn fitted(line: &str) -> String {
    super::text::wrap(line, width(), "", "  ")
        .trim_end_matches('\n')
        .to_string()
}

/// A line of parts joined by ` · ` filled to the width tables take, breaking only after
/// a ` · ` so that no part is split; no newline at the end.
pub fn fitted_parts(line: &str) -> String {
    parts_to(line, width())
}

/// [`fitted_parts`] at `width` columns.
fn parts_to(line: &str, width: usize) -> String {
    let parts: Vec<String> = line.split(" · ").map(super::text::unbreakable).collect();
    super::text::wrap(
        &parts.join(&format!("{}· ", super::text::KEEP)),
        width,
        "",
        "  ",
    )
    .trim_end_matches('\n')
    .to_string()
}

/// Renders a run for the terminal.
pub fn render(r: &RunReport) -> String {
    let mut out = format!("{}\n", fitted(&one_line(&r.model)));
    out.push_str(&fitted_parts(&run_line(
        &r.file,
        r.iterations,
        r.seed,
        r.ci_level,
        &r.currency,
        r.price_year,
    )));
    out.push('\n');
    for line in based_on_lines(r.based_on.as_ref()) {
        out.push_str(&format!("{}\n", fitted(&line)));
    }
    out.push('\n');
    out.push_str(&super::text::fit_lines(
        &headline_lines(&r.headline, &r.currency, r.ci_level, "", ""),
        width(),
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
        fitted(&super::leverage_note(&r.currency))
    ));
    out.push_str("Chance the ratio reaches each threshold\n");
    out.push_str(&format!("{}\n", draw(&acceptability)));
    out
}

/// Renders a comparison for the terminal.
pub fn render_compare(c: &CompareReport) -> String {
    let mut out = format!(
        "Comparing {} options on the same draws\n{}\n\n",
        c.scenarios.len(),
        fitted_parts(&format!(
            "{} draws · seed {} · {}s · {}",
            group_thousands(c.iterations as u64),
            c.seed,
            level_label(c.ci_level),
            c.currency
        ))
    );
    for line in compare::legend(c) {
        // "1. " and its like: later lines start under the name.
        let number = line.find(". ").map_or(0, |i| i + 2);
        let rest = " ".repeat(2 + number);
        out.push_str(&super::text::wrap(&line, width(), "  ", &rest));
    }
    for note in &c.notes {
        out.push_str(&super::text::wrap(
            &format!("Note: {note}"),
            width(),
            "",
            "  ",
        ));
    }
    out.push('\n');
    out.push_str(&format!("{}\n", fitted(compare::DECISION_NOTE)));
    out.push_str(&format!("{}\n\n", draw(&compare::decision_grid(c))));
    out.push_str(&format!("{}\n\n", draw(&compare::options_grid(c))));
    out.push_str(&format!(
        "{}\n",
        fitted("Differences from option 1, draw by draw (shared uncertainty cancels)")
    ));
    out.push_str(&format!("{}\n\n", draw(&compare::differences_grid(c))));
    out.push_str("Who pays (discounted investment)\n");
    out.push_str(&format!(
        "{}\n{}\n",
        draw(&compare::funders_grid(c)),
        fitted(&super::leverage_note(&c.currency))
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_come_from_columns_then_the_terminal() {
        let terminal = || Some(120);
        assert_eq!(columns_of(Some("80".into()), terminal), Some(80));
        assert_eq!(columns_of(Some(" 90 ".into()), terminal), Some(90));
        assert_eq!(columns_of(None, terminal), Some(120));
        for unusable in ["", "wide", "0", "-5"] {
            assert_eq!(columns_of(Some(unusable.into()), terminal), Some(120));
        }
        assert_eq!(columns_of(None, || None), None);
    }

    #[test]
    fn parts_break_only_between_parts() {
        let line = "models/a-long-name.toml · 100,000 draws · seed 42 · GBP at 2024 prices";
        // 41 columns: the first line "models/a-long-name.toml · 100,000 draws ·" is 41
        // long; the rest follows whole, each part unsplit.
        assert_eq!(
            parts_to(line, 41),
            "models/a-long-name.toml · 100,000 draws ·\n  seed 42 · GBP at 2024 prices"
        );
        // One column fewer: "100,000 draws ·" moves down rather than split.
        assert_eq!(
            parts_to(line, 40),
            "models/a-long-name.toml ·\n  100,000 draws · seed 42 ·\n  GBP at 2024 prices"
        );
        // Wide enough: one line, unchanged.
        assert_eq!(parts_to(line, 100), line);
    }
}
