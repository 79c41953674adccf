//! `sroi portfolio` in every format: the chosen mix, its totals, the frontier.
//!
//! Candidates are numbered with a legend (their names are long), as in a comparison.

use serde::Serialize;

use super::text::{one_line, spreadsheet_text};
use super::{Grid, currency_symbol, interval, level_label, markdown, money, percent, ratio, table};
use crate::analysis::portfolio::{CandidateReport, PortfolioReport};
use crate::analysis::stats::Summary;
use crate::analysis::summary::group_thousands;
use crate::model::checked::Kind;

/// The heading of every format: the kind of the candidates' analyses and the
/// portfolio's name, e.g. "Forecast SROI portfolio: £5m for social prescribing".
pub fn title(r: &PortfolioReport) -> String {
    let kinds = r.candidates.iter().map(|c| c.kind);
    format!("{} portfolio: {}", Kind::title_of(kinds), one_line(&r.name))
}

/// One candidate as the legend names it: its name and file, after its kind when the
/// candidates are not all one kind (else the title says it once).
fn candidate(r: &PortfolioReport, c: &CandidateReport) -> String {
    let named = format!("{} ({})", one_line(&c.name), one_line(&c.file));
    if r.candidates.iter().all(|o| o.kind == c.kind) {
        named
    } else {
        format!("{}: {named}", c.kind.title())
    }
}

/// The legend: each candidate's number, name and file (and kind, if they differ).
pub fn legend(r: &PortfolioReport) -> Vec<String> {
    r.candidates
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}. {}", i + 1, candidate(r, c)))
        .collect()
}

/// The headline in sentences.
pub fn headline(r: &PortfolioReport) -> Vec<String> {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    let t = &r.total;
    let mut lines = vec![format!(
        "Budget {} · objective: {} ({})",
        m(r.budget),
        objective_label(r),
        r.objective
    )];
    if t.units == 0 {
        return lines;
    }
    lines.push(format!(
        "Chosen: {} unit{} spending {} of {} (mean investment)",
        t.units,
        if t.units == 1 { "" } else { "s" },
        m(t.spent),
        m(r.budget)
    ));
    if let (Some(expected), Some(ratio_s)) = (t.expected.ratio, &t.ratio) {
        lines.push(format!(
            "SROI ratio {} per {sym}1 expected (mean value / mean cost); median {}; {} {}; \
             mean of the draws' ratios {}",
            ratio(expected),
            ratio(ratio_s.median),
            level_label(r.ci_level),
            interval(ratio_s.ci_low, ratio_s.ci_high, ratio),
            ratio(ratio_s.mean)
        ));
    }
    lines.push(format!(
        "NPV {} ({} {}); chance NPV > 0: {}",
        m(t.npv.mean),
        level_label(r.ci_level),
        interval(t.npv.ci_low, t.npv.ci_high, m),
        percent(t.prob_npv_above_0)
    ));
    if let Some(w) = &t.weighted {
        lines.push(format!(
            "Weighted NPV {} ({} {}); chance above 0: {}",
            m(w.npv.mean),
            level_label(r.ci_level),
            interval(w.npv.ci_low, w.npv.ci_high, m),
            percent(w.prob_npv_above_0)
        ));
    }
    lines
}

fn objective_label(r: &PortfolioReport) -> String {
    r.objective
        .parse::<crate::analysis::portfolio::Objective>()
        .map(|o| o.describe())
        .unwrap_or_else(|_| r.objective.clone())
}

/// How the mix was found, in a line.
pub fn search_line(r: &PortfolioReport) -> String {
    format!(
        "Found by {} in {} nodes{}",
        r.search.method,
        group_thousands(r.search.nodes),
        if r.search.proven_optimal {
            ": proven best"
        } else {
            ": NOT proven best (limit reached)"
        }
    )
}

/// Each candidate: units funded, cost and NPV of a unit, NPV per pound; under the fiscal
/// objective also a unit's expected fiscal value less its public investment, what the
/// mix was chosen by.
pub fn candidates_grid(r: &PortfolioReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    let fiscal = r.candidates.iter().any(|c| c.fiscal_net.is_some());
    let mut header = [
        "#",
        "Units",
        "Unit cost",
        "Unit NPV",
        &level_label(r.ci_level),
        &format!("NPV/{sym}1"),
    ]
    .map(String::from)
    .to_vec();
    if fiscal {
        header.push("Unit fiscal net".into());
    }
    Grid {
        header,
        rows: r
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut row = vec![
                    (i + 1).to_string(),
                    format!("{} of {}", c.units, c.max_units),
                    m(c.investment.mean),
                    m(c.npv.mean),
                    interval(c.npv.ci_low, c.npv.ci_high, m),
                    ratio(c.npv_per_pound),
                ];
                if fiscal {
                    row.push(c.fiscal_net.map_or_else(|| "–".into(), |f| m(f.mean)));
                }
                row
            })
            .collect(),
        text_columns: 1,
    }
}

/// The chosen mix's totals, summed draw by draw.
pub fn totals_grid(r: &PortfolioReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    let row = |name: &str, s: &Summary, f: &dyn Fn(f64) -> String| {
        vec![
            name.to_string(),
            f(s.mean),
            f(s.median),
            interval(s.ci_low, s.ci_high, f),
        ]
    };
    let t = &r.total;
    let mut rows = vec![
        row("Investment", &t.investment, &m),
        row("Present value", &t.present_value, &m),
        row("Net present value", &t.npv, &m),
    ];
    if let (Some(e), Some(s)) = (t.expected.ratio, &t.ratio) {
        rows.push(vec![
            "Expected ratio (mean PV / mean cost)".into(),
            ratio(e),
            "–".into(),
            "–".into(),
        ]);
        rows.push(row("Ratio: mean of the draws' ratios", s, &ratio));
    }
    if let Some(w) = &t.weighted {
        rows.push(row("Weighted present value", &w.present_value, &m));
        rows.push(row("Weighted NPV", &w.npv, &m));
        if let Some(s) = &w.ratio {
            rows.push(row("Weighted ratio: mean of the draws' ratios", s, &ratio));
        }
    }
    Grid {
        header: ["", "Mean", "Median", &level_label(r.ci_level)]
            .map(String::from)
            .to_vec(),
        rows,
        text_columns: 1,
    }
}

/// The best expected NPV at each budget.
pub fn frontier_grid(r: &PortfolioReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    Grid {
        header: ["Budget", "Best expected NPV", "Spent"]
            .map(String::from)
            .to_vec(),
        rows: r
            .frontier
            .iter()
            .map(|f| vec![m(f.budget), m(f.expected_npv), m(f.spent)])
            .collect(),
        text_columns: 0,
    }
}

/// The terminal view, at most `width` columns wide.
pub fn render_table(r: &PortfolioReport, width: usize) -> String {
    let wrap = |text: &str, first: &str, rest: &str| wrap(text, width, first, rest);
    let mut out = format!("{}\n", table::fitted(&title(r), width));
    out.push_str(&table::fitted_parts(
        &format!(
            "{} · {} draws · seed {} · {}s · {}",
            one_line(&r.file),
            group_thousands(r.iterations as u64),
            r.sampling.with_seed(r.seed),
            level_label(r.ci_level),
            r.currency
        ),
        width,
    ));
    out.push_str("\n\n");
    for line in headline(r) {
        out.push_str(&wrap(&line, "", "  "));
    }
    out.push_str(&wrap(&search_line(r), "", ""));
    for note in &r.notes {
        out.push_str(&wrap(&format!("Note: {note}"), "", "  "));
    }
    out.push_str("\nCandidates\n");
    for (i, c) in r.candidates.iter().enumerate() {
        let number = format!("{}. ", i + 1);
        let text = candidate(r, c);
        out.push_str(&wrap(
            &text,
            &format!("  {number}"),
            &" ".repeat(2 + number.len()),
        ));
    }
    out.push_str(&format!("{}\n\n", table::draw(&candidates_grid(r), width)));
    if r.total.units > 0 {
        out.push_str("The chosen mix, summed draw by draw\n");
        out.push_str(&format!("{}\n\n", table::draw(&totals_grid(r), width)));
    }
    out.push_str("Frontier: the best expected NPV at each budget\n");
    out.push_str(&format!("{}\n", table::draw(&frontier_grid(r), width)));
    out
}

/// `text` filled to `width` columns, the first line starting with `first`, the rest with
/// `rest`.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    super::text::wrap(text, width, first, rest)
}

/// Markdown, to paste into a report.
pub fn render_markdown(r: &PortfolioReport) -> String {
    let mut out = format!("## {}\n\n", title(r));
    out.push_str(&format!(
        "`{}`: {} draws, seed {}, {}s, {}.\n\n",
        r.file,
        group_thousands(r.iterations as u64),
        r.sampling.with_seed(r.seed),
        level_label(r.ci_level),
        r.currency
    ));
    for line in headline(r) {
        out.push_str(&format!("- {line}\n"));
    }
    out.push_str(&format!("- {}\n\n", search_line(r)));
    for note in &r.notes {
        out.push_str(&format!("**Note:** {note}\n\n"));
    }
    out.push_str("### Candidates\n\n");
    for line in legend(r) {
        out.push_str(&format!("{line}\n"));
    }
    out.push('\n');
    out.push_str(&markdown::draw(&candidates_grid(r)));
    if r.total.units > 0 {
        out.push_str("\n### The chosen mix, summed draw by draw\n\n");
        out.push_str(&markdown::draw(&totals_grid(r)));
    }
    out.push_str("\n### Frontier: the best expected NPV at each budget\n\n");
    out.push_str(&markdown::draw(&frontier_grid(r)));
    out
}

#[derive(Serialize, Default)]
struct Row {
    portfolio: String,
    objective: String,
    seed: u64,
    sampling: crate::sample::lhs::Method,
    iterations: usize,
    ci_level: f64,
    section: &'static str,
    name: String,
    file: String,
    units: Option<u32>,
    budget: Option<f64>,
    mean: Option<f64>,
    sd: Option<f64>,
    median: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
}

/// CSV: one row per candidate figure, total and frontier point.
pub fn render_csv(r: &PortfolioReport) -> String {
    let template = || Row {
        portfolio: r.name.clone(),
        objective: r.objective.clone(),
        seed: r.seed,
        sampling: r.sampling,
        iterations: r.iterations,
        ci_level: r.ci_level,
        ..Row::default()
    };
    let summary = |section, name: &str, s: &Summary| Row {
        section,
        name: name.to_string(),
        mean: Some(s.mean),
        sd: Some(s.sd),
        median: Some(s.median),
        ci_low: Some(s.ci_low),
        ci_high: Some(s.ci_high),
        ..template()
    };
    let mut rows = Vec::new();
    for c in &r.candidates {
        for (what, s) in [
            ("candidate_investment", &c.investment),
            ("candidate_npv", &c.npv),
        ]
        .into_iter()
        .chain(
            c.weighted_npv
                .as_ref()
                .map(|w| ("candidate_weighted_npv", w)),
        )
        .chain(c.fiscal_net.as_ref().map(|f| ("candidate_fiscal_net", f)))
        {
            rows.push(Row {
                file: c.file.clone(),
                units: Some(c.units),
                ..summary(what, &c.name, s)
            });
        }
        rows.push(Row {
            section: "candidate_npv_per_pound",
            name: c.name.clone(),
            file: c.file.clone(),
            units: Some(c.units),
            mean: Some(c.npv_per_pound),
            ..template()
        });
    }
    let t = &r.total;
    rows.push(Row {
        section: "total",
        name: "spent".into(),
        units: Some(t.units),
        budget: Some(r.budget),
        mean: Some(t.spent),
        ..template()
    });
    rows.push(summary("total", "investment", &t.investment));
    rows.push(summary("total", "present_value", &t.present_value));
    rows.push(summary("total", "npv", &t.npv));
    if let Some(s) = &t.ratio {
        rows.push(summary("total", "ratio", s));
    }
    rows.push(Row {
        section: "probability",
        name: "npv_above_0".into(),
        mean: Some(t.prob_npv_above_0),
        ..template()
    });
    if let Some(w) = &t.weighted {
        rows.push(summary("weighted", "present_value", &w.present_value));
        rows.push(summary("weighted", "npv", &w.npv));
        if let Some(s) = &w.ratio {
            rows.push(summary("weighted", "ratio", s));
        }
    }
    for f in &r.frontier {
        rows.push(Row {
            section: "frontier",
            name: "best_expected_npv".into(),
            budget: Some(f.budget),
            mean: Some(f.expected_npv),
            ..template()
        });
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    for mut row in rows {
        // Names are the user's text: none may start a spreadsheet formula.
        for cell in [&mut row.portfolio, &mut row.name, &mut row.file] {
            *cell = spreadsheet_text(cell);
        }
        let _ = w.serialize(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
