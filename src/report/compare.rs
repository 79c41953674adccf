//! The tables of a comparison, shared by the terminal and Markdown renderers.
//!
//! Options are columns (numbered, with a legend), so figures to compare sit side by side
//! on one row however long the options' names are.

use super::{
    Grid, currency_symbol, interval, level_label, money, payback, percent, plus_minus, ratio,
};
use crate::analysis::compare::CompareReport;
use crate::analysis::stats::Summary;

/// The legend: each option's number, name and file, the first marked as the baseline.
pub fn legend(c: &CompareReport) -> Vec<String> {
    c.scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!(
                "{}. {}: {} ({}){}",
                i + 1,
                s.kind.title(),
                s.name,
                s.file,
                if i == 0 { ", the baseline" } else { "" }
            )
        })
        .collect()
}

/// Two rows for a summary: its mean (or median) and its interval.
fn pair(
    label: &str,
    centre: &str,
    level: f64,
    summaries: &[&Summary],
    f: &dyn Fn(f64) -> String,
) -> [Vec<String>; 2] {
    let mut top = vec![format!("{label} ({centre})")];
    let mut bottom = vec![format!("  {}", level_label(level))];
    for s in summaries {
        top.push(f(if centre == "median" { s.median } else { s.mean }));
        bottom.push(interval(s.ci_low, s.ci_high, f));
    }
    [top, bottom]
}

/// A row: its label, then one cell per option.
fn row(label: impl Into<String>, cells: impl IntoIterator<Item = String>) -> Vec<String> {
    std::iter::once(label.into()).chain(cells).collect()
}

/// What the decision table says first: choose by NPV, not by ratio.
pub const DECISION_NOTE: &str = "Choose by net present value: ratios do not rank options of different size (a smaller option can have the higher ratio and add less value).";

/// The decision, first: each option's expected NPV, its NPV minus option 1's draw by
/// draw, its chance of the highest NPV and its expected loss.
pub fn decision_grid(c: &CompareReport) -> Grid {
    let sym = currency_symbol(&c.currency);
    let m = |x: f64| money(x, &sym);
    let mut rows = vec![row(
        "Net present value (expected)",
        c.scenarios.iter().map(|s| m(s.headline.expected.npv)),
    )];
    let dash = || "–".to_string();
    rows.push(row(
        "Δ NPV from option 1 (mean)",
        std::iter::once(dash()).chain(c.differences.iter().map(|d| m(d.npv.mean))),
    ));
    rows.push(row(
        format!("  {}", level_label(c.ci_level)),
        std::iter::once(dash()).chain(
            c.differences
                .iter()
                .map(|d| interval(d.npv.ci_low, d.npv.ci_high, m)),
        ),
    ));
    rows.push(row(
        "Chance of the highest NPV",
        c.decision.prob_best_npv.iter().map(|&p| percent(p)),
    ));
    rows.push(row(
        "Expected loss",
        c.decision.expected_loss.iter().map(|&l| m(l)),
    ));
    Grid {
        header: row("Option", (1..=c.scenarios.len()).map(|i| i.to_string())),
        rows,
        text_columns: 1,
    }
}

/// The options side by side: ratio, present value, investment, NPV, acceptability.
pub fn options_grid(c: &CompareReport) -> Grid {
    let sym = currency_symbol(&c.currency);
    let m = |x: f64| money(x, &sym);
    let h: Vec<_> = c.scenarios.iter().map(|s| &s.headline).collect();
    let mut rows = vec![
        row(
            "SROI ratio (base case)",
            h.iter().map(|h| ratio(h.base_case.ratio)),
        ),
        row(
            "SROI ratio (expected)",
            h.iter().map(|h| ratio(h.expected.ratio)),
        ),
        row(
            "  Monte Carlo error (95%)",
            h.iter()
                .map(|h| plus_minus(h.monte_carlo_error.expected_ratio)),
        ),
    ];
    rows.extend(pair(
        "SROI ratio",
        "median",
        c.ci_level,
        &h.iter().map(|h| &h.ratio).collect::<Vec<_>>(),
        &ratio,
    ));
    rows.push(row(
        "Chance the ratio exceeds 1",
        h.iter().map(|h| percent(h.prob_ratio_above_1)),
    ));
    for (label, pick) in [
        (
            "Present value",
            (|h| &h.present_value) as fn(&crate::analysis::summary::Headline) -> &Summary,
        ),
        ("Investment", |h| &h.investment),
        ("Net present value", |h| &h.npv),
    ] {
        rows.extend(pair(
            label,
            "mean",
            c.ci_level,
            &h.iter().map(|h| pick(h)).collect::<Vec<_>>(),
            &m,
        ));
    }
    // With distributional weights in any option, their weighted NPV (an option without
    // weights counts every stakeholder at 1, so its weighted NPV is its NPV).
    if h.iter().any(|h| h.weighted.is_some()) {
        rows.extend(pair(
            "Weighted NPV",
            "mean",
            c.ci_level,
            &h.iter()
                .map(|h| h.weighted.as_ref().map_or(&h.npv, |w| &w.npv))
                .collect::<Vec<_>>(),
            &m,
        ));
    }
    rows.push(row(
        "Payback, simple (base case)",
        h.iter().map(|h| payback(h.base_case.payback_months)),
    ));
    rows.push(row(
        "Payback, discounted (base case)",
        h.iter().map(|h| {
            h.base_case
                .discounted_payback_months
                .map_or_else(|| "not reached".into(), |m| payback(Some(m)))
        }),
    ));
    let thresholds = h.first().map_or(&[][..], |h| &h.acceptability[..]);
    for (k, a) in thresholds.iter().enumerate() {
        rows.push(row(
            format!("Chance the ratio is at least {}", ratio(a.threshold)),
            h.iter().map(|h| percent(h.acceptability[k].probability)),
        ));
    }
    Grid {
        header: row("Option", (1..=c.scenarios.len()).map(|i| i.to_string())),
        rows,
        text_columns: 1,
    }
}

/// Each later option minus the first, draw by draw.
pub fn differences_grid(c: &CompareReport) -> Grid {
    let sym = currency_symbol(&c.currency);
    let m = |x: f64| money(x, &sym);
    let d = &c.differences;
    let mut rows = Vec::new();
    for (label, pick, f) in [
        (
            "Present value",
            (|d| &d.present_value) as fn(&crate::analysis::compare::Difference) -> &Summary,
            &m as &dyn Fn(f64) -> String,
        ),
        ("Investment", |d| &d.investment, &m),
        ("Net present value", |d| &d.npv, &m),
        ("SROI ratio", |d| &d.ratio, &ratio),
    ] {
        rows.extend(pair(
            &format!("Δ {label}"),
            "mean",
            c.ci_level,
            &d.iter().map(pick).collect::<Vec<_>>(),
            f,
        ));
    }
    rows.push(row(
        "Chance of the higher NPV",
        d.iter().map(|d| percent(d.prob_higher_npv)),
    ));
    rows.push(row(
        "Chance of the higher ratio",
        d.iter().map(|d| percent(d.prob_higher_ratio)),
    ));
    Grid {
        header: row(
            "Option minus option 1",
            (2..=c.scenarios.len()).map(|i| i.to_string()),
        ),
        rows,
        text_columns: 1,
    }
}

/// Who pays in each option: every funder's discounted investment, share, the value
/// attributed to it by that share, and leverage.
pub fn funders_grid(c: &CompareReport) -> Grid {
    let sym = currency_symbol(&c.currency);
    let m = |x: f64| money(x, &sym);
    let mut rows = Vec::new();
    for (i, s) in c.scenarios.iter().enumerate() {
        for f in &s.headline.funders {
            rows.push(vec![
                (i + 1).to_string(),
                f.name.clone(),
                m(f.investment.mean),
                interval(f.investment.ci_low, f.investment.ci_high, m),
                percent(f.share),
                m(f.attributed_present_value),
                f.leverage
                    .map_or_else(|| "n/a".to_string(), |l| format!("{l:.2}×")),
            ]);
        }
    }
    Grid {
        header: [
            "Option",
            "Funder",
            "Mean",
            &level_label(c.ci_level),
            "Share",
            "Value by share",
            "Leverage",
        ]
        .map(String::from)
        .to_vec(),
        rows,
        text_columns: 2,
    }
}
