//! `--format table`: the terminal view, with real box-drawn tables.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use super::{currency_symbol, interval, level_label, money, payback, percent, ratio};
use crate::stats::Summary;
use crate::summary::{RunReport, group_thousands};

/// A table with the project's look; columns after the first `left` are right-aligned.
pub fn new_table(header: &[&str], left: usize) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    for i in left..header.len() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// The base case, mean, median and interval of a summary, formatted by `f`.
pub fn summary_cells(base: f64, s: &Summary, f: &dyn Fn(f64) -> String) -> Vec<String> {
    vec![
        f(base),
        f(s.mean),
        f(s.median),
        interval(s.ci_low, s.ci_high, f),
    ]
}

/// Renders a run for the terminal.
pub fn render(r: &RunReport) -> String {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    let level = level_label(r.ci_level);
    let mut out = String::new();
    out.push_str(&format!("{}\n", r.model));
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
        "SROI ratio {} per {sym}1 in the base case; {} {} (median {})\n",
        ratio(r.base_case.ratio),
        level,
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

    let mut t = new_table(&["", "Base case", "Mean", "Median", &level], 1);
    let b = &r.base_case;
    let mut row = |name: &str, cells: Vec<String>| {
        let mut v = vec![name.to_string()];
        v.extend(cells);
        t.add_row(v);
    };
    row("SROI ratio", summary_cells(b.ratio, &r.ratio, &ratio));
    row(
        "Present value",
        summary_cells(b.present_value, &r.present_value, &m),
    );
    row("Investment", summary_cells(b.investment, &r.investment, &m));
    row("Net present value", summary_cells(b.npv, &r.npv, &m));
    out.push_str(&format!("{t}\n\n"));

    out.push_str("Where the value comes from (present value)\n");
    let mut t = new_table(
        &[
            "Outcome",
            "Stakeholder",
            "Base case",
            "Mean",
            &level,
            "Share",
        ],
        2,
    );
    for o in &r.outcomes {
        t.add_row(vec![
            o.name.clone(),
            o.stakeholder.clone(),
            m(o.base_case),
            m(o.present_value.mean),
            interval(o.present_value.ci_low, o.present_value.ci_high, m),
            percent(o.share),
        ]);
    }
    out.push_str(&format!("{t}\n\n"));

    out.push_str("Who the value goes to (present value)\n");
    let mut t = new_table(&["Stakeholder", "Base case", "Mean", &level, "Share"], 1);
    for s in &r.stakeholders {
        t.add_row(vec![
            s.name.clone(),
            m(s.base_case),
            m(s.present_value.mean),
            interval(s.present_value.ci_low, s.present_value.ci_high, m),
            percent(s.share),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out
}
