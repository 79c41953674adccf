//! `--format csv`: one row per reported quantity, every row self-describing.
//!
//! Each row repeats the model, seed, draws and interval level so rows from several runs
//! can be stacked in one sheet and still be told apart.

use serde::Serialize;

use crate::summary::RunReport;

#[derive(Serialize)]
struct Row<'a> {
    model: &'a str,
    seed: u64,
    iterations: usize,
    ci_level: f64,
    section: &'a str,
    name: &'a str,
    stakeholder: &'a str,
    base_case: Option<f64>,
    mean: Option<f64>,
    sd: Option<f64>,
    median: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
    share: Option<f64>,
}

/// Renders a run as CSV with a header row.
pub fn render(r: &RunReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let row =
        |section, name, stakeholder, base: Option<f64>, s: &crate::stats::Summary, share| Row {
            model: &r.model,
            seed: r.seed,
            iterations: r.iterations,
            ci_level: r.ci_level,
            section,
            name,
            stakeholder,
            base_case: base,
            mean: Some(s.mean),
            sd: Some(s.sd),
            median: Some(s.median),
            ci_low: Some(s.ci_low),
            ci_high: Some(s.ci_high),
            share,
        };
    let b = &r.base_case;
    let mut rows = vec![
        row("total", "ratio", "", Some(b.ratio), &r.ratio, None),
        row(
            "total",
            "present_value",
            "",
            Some(b.present_value),
            &r.present_value,
            None,
        ),
        row(
            "total",
            "investment",
            "",
            Some(b.investment),
            &r.investment,
            None,
        ),
        row("total", "npv", "", Some(b.npv), &r.npv, None),
    ];
    rows.push(Row {
        section: "probability",
        name: "ratio_above_1",
        base_case: None,
        mean: Some(r.prob_ratio_above_1),
        sd: None,
        median: None,
        ci_low: None,
        ci_high: None,
        ..row("", "", "", None, &r.ratio, None)
    });
    rows.push(Row {
        section: "total",
        name: "payback_months",
        base_case: b.payback_months,
        mean: None,
        sd: None,
        median: None,
        ci_low: None,
        ci_high: None,
        ..row("", "", "", None, &r.ratio, None)
    });
    for o in &r.outcomes {
        rows.push(row(
            "outcome",
            &o.name,
            &o.stakeholder,
            Some(o.base_case),
            &o.present_value,
            Some(o.share),
        ));
    }
    for s in &r.stakeholders {
        rows.push(row(
            "stakeholder",
            &s.name,
            "",
            Some(s.base_case),
            &s.present_value,
            Some(s.share),
        ));
    }
    for row in rows {
        // Writing to a Vec cannot fail; serialisation of plain fields cannot either.
        let _ = w.serialize(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
