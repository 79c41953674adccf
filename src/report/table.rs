//! `--format table`: the terminal view, with real box-drawn tables, every table and line
//! of prose filled to the width the command passes in (see `target::width`).

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

use super::text::one_line;
use super::{Grid, based_on_lines, compare, headline_lines, level_label, run_grids};
use crate::analysis::compare::CompareReport;
use crate::analysis::summary::{RunReport, group_thousands};

/// Lays a grid out as a box-drawn table ([`boxed`]), figures right-aligned, no wider
/// than `width` columns: where it must, a long cell wraps at its spaces onto further
/// lines. No word and no figure is ever split: where the terminal is too narrow for the
/// table even so, each row is listed as a record instead ([`stacked`]).
pub fn draw(grid: &Grid, width: usize) -> String {
    boxed(grid, width).unwrap_or_else(|| stacked(grid, width))
}

/// The grid as a box-drawn table at most `width` columns wide with no word and no figure
/// split: comfy-table's own layout where it splits none, else each column's width from
/// [`column_widths`]; `None` when even the least widths do not fit.
pub fn boxed(grid: &Grid, width: usize) -> Option<String> {
    let least = least_widths(grid);
    let widths = share_out(grid, &least, width)?;
    let own = comfy(grid, width).to_string();
    let whole =
        drawn_widths(&own).is_some_and(|drawn| drawn.iter().zip(&least).all(|(d, l)| d >= l));
    Some(if whole && own.lines().all(|l| display_width(l) <= width) {
        own
    } else {
        boxed_at(grid, &widths).to_string()
    })
}

/// The grid as comfy-table lays it out at `width` columns: single figures on one line,
/// the rest shared out by comfy-table's own rules.
fn comfy(grid: &Grid, width: usize) -> Table {
    let mut t = boxed_at(grid, &[]);
    t.set_width(width as u16);
    for i in grid.text_columns..grid.header.len() {
        // A single figure never wraps; an interval `a – b` may, at its dash.
        if grid.rows.iter().all(|r| !r[i].contains(" – "))
            && let Some(c) = t.column_mut(i)
        {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    t
}

/// The content widths of a drawn table's columns, read off its top rule.
fn drawn_widths(drawn: &str) -> Option<Vec<usize>> {
    let top = drawn.lines().next()?.strip_prefix('┌')?.strip_suffix('┐')?;
    Some(
        top.split('┬')
            .map(|c| c.chars().count().saturating_sub(2))
            .collect(),
    )
}

/// The grid as a comfy-table whose columns hold `widths` characters each (the first
/// `widths.len()` columns; any others as comfy-table lays them out), a long cell wrapping
/// at its spaces.
pub fn boxed_at(grid: &Grid, widths: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(grid.header.iter().map(|c| {
            // A header may break where it was written to; each line is made safe.
            c.split('\n').map(one_line).collect::<Vec<_>>().join("\n")
        }));
    for i in grid.text_columns..grid.header.len() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    for (i, &w) in widths.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            // comfy-table counts the padding, a space either side, in a column's width.
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                w.max(1) as u16 + 2,
            )));
        }
    }
    for row in &grid.rows {
        t.add_row(row.iter().map(|c| one_line(c)));
    }
    t
}

/// How wide each column of the grid's table is, for a table at most `width` columns wide:
/// every column at least its longest word or figure ([`least_widths`]), never wider
/// than its longest line, the room left shared out a column at a time, to the figures
/// before the text. `None` when even the least widths do not fit.
pub fn column_widths(grid: &Grid, width: usize) -> Option<Vec<usize>> {
    share_out(grid, &least_widths(grid), width)
}

/// [`column_widths`] from the columns' least widths.
fn share_out(grid: &Grid, least: &[usize], width: usize) -> Option<Vec<usize>> {
    let natural: Vec<usize> = natural_widths(grid)
        .into_iter()
        .zip(least)
        .map(|(n, &l)| n.max(l))
        .collect();
    let rules = 3 * least.len() + 1;
    let mut room = width.checked_sub(rules + least.iter().sum::<usize>())?;
    let mut widths = least.to_vec();
    // Figures first (an interval on one line reads more easily than a name on one),
    // then the text; within each, a column at a time.
    let figures = grid.text_columns..widths.len();
    let text = 0..grid.text_columns.min(widths.len());
    for columns in [figures, text] {
        while room > 0 {
            let mut grew = false;
            for i in columns.clone() {
                if room > 0 && widths[i] < natural[i] {
                    widths[i] += 1;
                    room -= 1;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
    }
    Some(widths)
}

/// Each column's longest line: the widest of its cells and its heading's lines.
fn natural_widths(grid: &Grid) -> Vec<usize> {
    (0..grid.header.len())
        .map(|i| {
            let heading = grid.header[i]
                .split('\n')
                .map(|l| display_width(&one_line(l)));
            let cells = grid.rows.iter().map(|r| display_width(&one_line(&r[i])));
            heading.chain(cells).max().unwrap_or(0)
        })
        .collect()
}

/// Each column's least width: its longest word (a figure column's longest cell, or side
/// of an interval with its dash).
fn least_widths(grid: &Grid) -> Vec<usize> {
    (0..grid.header.len())
        .map(|i| {
            let words =
                |s: &str| -> usize { s.split_whitespace().map(display_width).max().unwrap_or(0) };
            let cells = grid.rows.iter().map(|r| {
                let cell = one_line(&r[i]);
                if i < grid.text_columns {
                    words(&cell)
                } else {
                    match cell.split_once(" – ") {
                        Some((low, high)) => (display_width(low) + 2).max(display_width(high)),
                        None => display_width(&cell),
                    }
                }
            });
            cells.chain([words(&grid.header[i])]).max().unwrap_or(0)
        })
        .collect()
}

/// The grid for a terminal too narrow for its table: each row a record, its text cells
/// the title and every figure beside its heading, filled to `width` columns, with
/// rules around the records.
pub fn stacked(grid: &Grid, width: usize) -> String {
    let labels: Vec<String> = grid
        .header
        .iter()
        .map(|h| one_line(&h.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    let titled = grid.text_columns.max(1);
    let label_width = labels
        .iter()
        .skip(titled)
        .map(|l| display_width(l))
        .max()
        .unwrap_or(0);
    let mut records = Vec::with_capacity(grid.rows.len());
    for row in &grid.rows {
        // The text cells make the title; a bare number (an option's) keeps its heading.
        let title: Vec<String> = (0..titled)
            .map(|i| {
                let cell = one_line(&row[i]);
                let bare = !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit());
                if bare && !labels[i].is_empty() {
                    format!("{} {cell}", labels[i])
                } else {
                    cell
                }
            })
            .filter(|c| !c.is_empty())
            .collect();
        let mut record = super::text::wrap(&title.join(" · "), width, "", "  ");
        for (label, cell) in labels.iter().zip(row).skip(titled) {
            let cell = one_line(cell);
            if cell.is_empty() {
                continue;
            }
            let first = if label.is_empty() {
                "  ".to_string()
            } else {
                let pad = " ".repeat(label_width - display_width(label));
                format!("  {label}{pad}  ")
            };
            let rest = " ".repeat(display_width(&first));
            record.push_str(&super::text::wrap(&cell, width, &first, &rest));
        }
        records.push(record);
    }
    // Rules above, between and below the records, as wide as their widest line, set the
    // block apart from the prose around it as a table's borders would.
    let widest = records
        .iter()
        .flat_map(|r| r.lines())
        .map(display_width)
        .max()
        .unwrap_or(0);
    let rule = format!("{}\n", "─".repeat(widest.min(width)));
    let mut out = rule.clone();
    for record in records {
        out.push_str(&record);
        out.push_str(&rule);
    }
    out.trim_end_matches('\n').to_string()
}

/// Columns a terminal takes to show `s`.
pub fn display_width(s: &str) -> usize {
    textwrap::core::display_width(s)
}

/// The line under a title: file, draws, seed, interval level, currency.
pub fn run_line(
    file: &str,
    iterations: usize,
    seed: &str,
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

/// `line` filled at its spaces to `width` columns, later lines indented by two spaces;
/// no newline at the end.
pub fn fitted(line: &str, width: usize) -> String {
    super::text::wrap(line, width, "", "  ")
        .trim_end_matches('\n')
        .to_string()
}

/// A line of parts joined by ` · ` filled to `width` columns, breaking only after a
/// ` · ` so that no part is split; no newline at the end.
pub fn fitted_parts(line: &str, width: usize) -> String {
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
pub fn render(r: &RunReport, width: usize) -> String {
    let draw = |g: &Grid| draw(g, width);
    let fitted = |l: &str| fitted(l, width);
    let title = format!("{}: {}", r.kind.title(), r.model);
    let mut out = format!("{}\n", fitted(&one_line(&title)));
    out.push_str(&fitted_parts(
        &run_line(
            &r.file,
            r.iterations,
            &r.sampling.with_seed(r.seed),
            r.ci_level,
            &r.currency,
            r.price_year,
        ),
        width,
    ));
    out.push('\n');
    for line in based_on_lines(r.based_on.as_ref()) {
        out.push_str(&format!("{}\n", fitted(&line)));
    }
    out.push('\n');
    out.push_str(&super::text::fit_lines(
        &headline_lines(&r.headline, &r.currency, r.ci_level, "", ""),
        width,
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
    if r.ledger.is_typed() {
        out.push('\n');
        out.push_str(&ledger_text(&r.ledger, &r.currency, r.ci_level, width));
    }
    out
}

/// The funder's ledger for the terminal: the kinds of value, the returns to the public
/// purse, who pays and who saves, and when the savings arrive.
fn ledger_text(
    l: &crate::analysis::ledger::Ledger,
    currency: &str,
    level: f64,
    width: usize,
) -> String {
    use super::ledger;
    let draw = |g: &Grid| draw(g, width);
    let fitted = |l: &str| fitted(l, width);
    let mut out = String::from("Fiscal, economic and social value (present value)\n");
    out.push_str(&format!(
        "{}\n",
        draw(&ledger::kinds_grid(l, currency, level))
    ));
    for line in ledger::ratio_lines(l, currency) {
        out.push_str(&super::text::wrap(&line, width, "", ""));
    }
    out.push_str(&format!("\n{}\n", ledger::TITLE));
    out.push_str(&format!(
        "{}\n{}\n",
        draw(&ledger::organisations_grid(l, currency)),
        fitted(ledger::NOTE)
    ));
    if l.agencies.iter().any(|a| !a.by_year.is_empty()) {
        out.push_str(&format!("\n{}\n", fitted(ledger::YEARS_TITLE)));
        out.push_str(&format!("{}\n", draw(&ledger::years_grid(l, currency))));
    }
    out
}

/// Renders a comparison for the terminal.
pub fn render_compare(c: &CompareReport, width: usize) -> String {
    let draw = |g: &Grid| draw(g, width);
    let fitted = |l: &str| fitted(l, width);
    let mut out = format!(
        "Comparing {} options on the same draws\n{}\n\n",
        c.scenarios.len(),
        fitted_parts(
            &format!(
                "{} draws · seed {} · {}s · {}",
                group_thousands(c.iterations as u64),
                c.sampling.with_seed(c.seed),
                level_label(c.ci_level),
                c.currency
            ),
            width
        )
    );
    for line in compare::legend(c) {
        // "1. " and its like: later lines start under the name.
        let number = line.find(". ").map_or(0, |i| i + 2);
        let rest = " ".repeat(2 + number);
        out.push_str(&super::text::wrap(&line, width, "  ", &rest));
    }
    for note in &c.notes {
        out.push_str(&super::text::wrap(
            &format!("Note: {note}"),
            width,
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
    for (k, o) in c.scenarios.iter().enumerate() {
        if o.ledger.is_typed() {
            out.push_str(&format!(
                "\n{}\n",
                fitted(&format!("Option {}: {}", k + 1, one_line(&o.name)))
            ));
            out.push_str(&ledger_text(&o.ledger, &c.currency, c.ci_level, width));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funders() -> Grid {
        Grid {
            header: ["Funder", "Mean", "95% interval", "Share"]
                .map(String::from)
                .to_vec(),
            rows: vec![
                [
                    "Commissioner (public health)",
                    "£56,822",
                    "£47,634 – £65,886",
                    "100.0%",
                ]
                .map(String::from)
                .to_vec(),
            ],
            text_columns: 1,
        }
    }

    #[test]
    fn least_widths_are_the_longest_word_or_figure() {
        // "Commissioner" 12; "£56,822" 7 (the heading's "Mean" is shorter); the wider of
        // "£47,634 –" (9) and "£65,886" (7), against "interval" (8); "100.0%" 6.
        assert_eq!(least_widths(&funders()), vec![12, 7, 9, 6]);
        // Each column at its least, a space either side, five rules: 34 + 8 + 5 = 47
        // columns; one fewer and the table does not fit.
        assert_eq!(column_widths(&funders(), 47), Some(vec![12, 7, 9, 6]));
        assert_eq!(column_widths(&funders(), 46), None);
        // Room to spare goes to the figures with longer lines first (the interval, 17),
        // then to the text (the name, 28), never beyond their longest lines: 5 more
        // columns make the interval 14; 15 more make it 17 and the name 19.
        assert_eq!(column_widths(&funders(), 52), Some(vec![12, 7, 14, 6]));
        assert_eq!(column_widths(&funders(), 62), Some(vec![19, 7, 17, 6]));
        assert_eq!(column_widths(&funders(), 200), Some(vec![28, 7, 17, 6]));
    }

    #[test]
    fn a_table_that_fits_keeps_every_word_whole() {
        // At 47 columns, the least the table needs, comfy-table alone gave the funder
        // column 11 and split "Commissione|r"; held at its least width, 12, the name
        // breaks at its spaces.
        let drawn = draw(&funders(), 47);
        assert!(drawn.starts_with('┌'), "{drawn}");
        assert!(drawn.contains("│ Commissioner ┆"), "{drawn}");
        assert!(drawn.contains("£47,634 –"), "{drawn}");
        assert!(drawn.lines().all(|l| display_width(l) <= 47), "{drawn}");
    }

    #[test]
    fn a_table_too_wide_for_the_terminal_becomes_records() {
        let mut g = funders();
        g.rows.push(
            ["Trust", "£1,200", "£900 – £1,500", "2.1%"]
                .map(String::from)
                .to_vec(),
        );
        // 46 columns: one fewer than the table needs at the least. The rules are as
        // wide as the widest line, "  95% interval  £47,634 – £65,886" (33).
        assert_eq!(
            draw(&g, 46),
            "─────────────────────────────────\n\
             Commissioner (public health)\n\
             \x20 Mean          £56,822\n\
             \x20 95% interval  £47,634 – £65,886\n\
             \x20 Share         100.0%\n\
             ─────────────────────────────────\n\
             Trust\n\
             \x20 Mean          £1,200\n\
             \x20 95% interval  £900 – £1,500\n\
             \x20 Share         2.1%\n\
             ─────────────────────────────────"
        );
    }

    #[test]
    fn a_record_names_an_option_by_its_heading_and_wraps_its_values() {
        let g = Grid {
            header: ["Option", "Funder", "Leverage"].map(String::from).to_vec(),
            rows: vec![
                ["2", "Local commissioners (CCG and council)", "2.60×"]
                    .map(String::from)
                    .to_vec(),
            ],
            text_columns: 2,
        };
        assert_eq!(
            stacked(&g, 30),
            "──────────────────────────────\n\
             Option 2 · Local commissioners\n\
             \x20 (CCG and council)\n\
             \x20 Leverage  2.60×\n\
             ──────────────────────────────"
        );
    }

    #[test]
    fn parts_break_only_between_parts() {
        let line = "models/a-long-name.toml · 100,000 draws · seed 42 · GBP at 2024 prices";
        // 41 columns: the first line "models/a-long-name.toml · 100,000 draws ·" is 41
        // long; the rest follows whole, each part unsplit.
        assert_eq!(
            fitted_parts(line, 41),
            "models/a-long-name.toml · 100,000 draws ·\n  seed 42 · GBP at 2024 prices"
        );
        // One column fewer: "100,000 draws ·" moves down rather than split.
        assert_eq!(
            fitted_parts(line, 40),
            "models/a-long-name.toml ·\n  100,000 draws · seed 42 ·\n  GBP at 2024 prices"
        );
        // Wide enough: one line, unchanged.
        assert_eq!(fitted_parts(line, 100), line);
    }
}
