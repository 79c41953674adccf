//! `--format markdown`: the same figures as pipe tables, to paste into a report.

use super::{currency_symbol, interval, level_label, money, payback, percent, ratio};
use crate::summary::{RunReport, group_thousands};

/// A Markdown table; columns from `right` on are right-aligned.
pub fn table(header: &[&str], right: usize, rows: &[Vec<String>]) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "| {} |\n|",
        header
            .iter()
            .map(|h| esc(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    for i in 0..header.len() {
        out.push_str(if i >= right { " ---: |" } else { " --- |" });
    }
    out.push('\n');
    for r in rows {
        out.push_str(&format!(
            "| {} |\n",
            r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
        ));
    }
    out
}

/// Renders a run as Markdown.
pub fn render(r: &RunReport) -> String {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
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
    let row = |name: &str, base: f64, s: &crate::stats::Summary, f: &dyn Fn(f64) -> String| {
        vec![
            name.to_string(),
            f(base),
            f(s.mean),
            f(s.median),
            interval(s.ci_low, s.ci_high, f),
        ]
    };
    out.push_str(&table(
        &["", "Base case", "Mean", "Median", &level],
        1,
        &[
            row("SROI ratio", b.ratio, &r.ratio, &ratio),
            row("Present value", b.present_value, &r.present_value, &m),
            row("Investment", b.investment, &r.investment, &m),
            row("Net present value", b.npv, &r.npv, &m),
        ],
    ));
    out.push_str("\n### Where the value comes from\n\n");
    let rows: Vec<Vec<String>> = r
        .outcomes
        .iter()
        .map(|o| {
            vec![
                o.name.clone(),
                o.stakeholder.clone(),
                m(o.base_case),
                m(o.present_value.mean),
                interval(o.present_value.ci_low, o.present_value.ci_high, m),
                percent(o.share),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Outcome",
            "Stakeholder",
            "Base case",
            "Mean",
            &level,
            "Share",
        ],
        2,
        &rows,
    ));
    out.push_str("\n### Who the value goes to\n\n");
    let rows: Vec<Vec<String>> = r
        .stakeholders
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                m(s.base_case),
                m(s.present_value.mean),
                interval(s.present_value.ci_low, s.present_value.ci_high, m),
                percent(s.share),
            ]
        })
        .collect();
    out.push_str(&table(
        &["Stakeholder", "Base case", "Mean", &level, "Share"],
        1,
        &rows,
    ));
    out
}
