//! `sroi voi` in the text formats (the page is `page`, the workbook `sheets`): the
//! findings in words first, then every quantity and group with its value of information;
//! one row per quantity or group for CSV (JSON is the struct itself).

pub mod page;
pub mod sheets;

use serde::Serialize;

use crate::analysis::summary::group_thousands;
use crate::analysis::voi::VoiReport;
use crate::report::{Grid, currency_symbol, money};

fn share(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// The options and their expected net benefits.
pub fn options_grid(r: &VoiReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    Grid {
        header: vec!["Option".into(), "Expected net benefit".into(), "".into()],
        rows: r
            .options
            .iter()
            .zip(&r.expected_net_benefit)
            .map(|(o, &v)| {
                let mark = if *o == r.current_choice {
                    "current choice"
                } else {
                    ""
                };
                vec![o.clone(), money(v, &sym), mark.into()]
            })
            .collect(),
        text_columns: 1,
    }
}

/// Every quantity, its EVPPI and its share of the EVPI, largest first.
pub fn quantity_grid(r: &VoiReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    Grid {
        header: vec!["Quantity".into(), "EVPPI".into(), "Share of EVPI".into()],
        rows: r
            .quantities
            .iter()
            .map(|q| vec![q.name.clone(), money(q.evppi, &sym), share(q.share_of_evpi)])
            .collect(),
        text_columns: 1,
    }
}

/// Every group, its size, EVPPI and share of the EVPI, largest first.
pub fn group_grid(r: &VoiReport) -> Grid {
    let sym = currency_symbol(&r.currency);
    Grid {
        header: vec![
            "Known together".into(),
            "Quantities".into(),
            "EVPPI".into(),
            "Share of EVPI".into(),
        ],
        rows: r
            .groups
            .iter()
            .map(|g| {
                vec![
                    g.name.clone(),
                    g.members.len().to_string(),
                    money(g.evppi, &sym),
                    share(g.share_of_evpi),
                ]
            })
            .collect(),
        text_columns: 1,
    }
}

/// The files, draws, seed and currency, on one line.
pub fn byline(r: &VoiReport) -> String {
    format!(
        "{} · {} draws (regressions on {}) · seed {} · {}",
        r.files.join(", "),
        group_thousands(r.iterations as u64),
        group_thousands(r.regression_draws as u64),
        r.sampling.with_seed(r.seed),
        r.currency
    )
}

fn footer(r: &VoiReport) -> Vec<String> {
    let sym = currency_symbol(&r.currency);
    let mut lines = vec![
        format!(
            "EVPI {} ± {} (Monte Carlo standard error). Estimates below the noise floor, {} (the value the method finds in a quantity unrelated to anything), are indistinguishable from 0.",
            money(r.evpi, &sym),
            money(r.evpi_standard_error, &sym),
            money(r.noise_floor, &sym)
        ),
        format!("Method: {}.", r.method),
    ];
    lines.extend(r.notes.iter().map(|n| format!("Note: {n}.")));
    lines
}

/// `text` filled at word boundaries to `width` columns, later lines indented by `indent`
/// spaces; ends with a newline.
fn wrap(text: &str, width: usize, indent: usize) -> String {
    crate::report::text::wrap(text, width, "", &" ".repeat(indent))
}

/// The heading of every format: the kind of the files' analyses, then what it is, e.g.
/// "Forecast SROI, value of information: what to measure next".
pub fn title(r: &VoiReport) -> String {
    let kinds = r.kinds.iter().copied();
    format!(
        "{}, value of information: what to measure next",
        crate::model::checked::Kind::title_of(kinds)
    )
}
/// The heading of the quantities' table.
pub const QUANTITIES: &str =
    "Each random quantity: what knowing it exactly before deciding would be worth (EVPPI)";
/// The heading of the groups' table.
pub const GROUPS: &str = "Quantities known together (each outcome's, then any --group)";

/// Renders a value-of-information analysis for the terminal, at most `width` columns wide.
pub fn table(r: &VoiReport, width: usize) -> String {
    let draw = |g: &crate::report::Grid| crate::report::table::draw(g, width);
    let wrap = |text: &str, indent| wrap(text, width, indent);
    let mut out = format!(
        "{}\n{}\n\n",
        crate::report::table::fitted(&title(r), width),
        crate::report::table::fitted_parts(&byline(r), width)
    );
    for f in &r.findings {
        out.push_str(&wrap(&format!("• {f}"), 2));
    }
    out.push_str(&format!("\n{}\n\n", draw(&options_grid(r))));
    out.push_str(&wrap(QUANTITIES, 2));
    out.push_str(&format!("{}\n\n", draw(&quantity_grid(r))));
    if !r.groups.is_empty() {
        out.push_str(&wrap(GROUPS, 2));
        out.push_str(&format!("{}\n\n", draw(&group_grid(r))));
    }
    for line in footer(r) {
        out.push_str(&wrap(&line, 0));
    }
    out
}

/// Renders a value-of-information analysis as Markdown.
pub fn markdown(r: &VoiReport) -> String {
    let draw = crate::report::markdown::draw;
    let mut out = format!("## {}\n\n`{}`\n\n", title(r), byline(r));
    for f in &r.findings {
        out.push_str(&format!("- {f}\n"));
    }
    out.push_str(&format!("\n{}\n", draw(&options_grid(r))));
    out.push_str(&format!("{QUANTITIES}:\n\n{}\n", draw(&quantity_grid(r))));
    if !r.groups.is_empty() {
        out.push_str(&format!("{GROUPS}:\n\n{}\n", draw(&group_grid(r))));
    }
    for line in footer(r) {
        out.push_str(&format!("{line}\n\n"));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_with_a_hanging_indent() {
        let text = format!("• {}", "word ".repeat(30).trim_end());
        // Seven words to a line at 40 columns (2 + 34 = 36; an eighth would make 41):
        // five lines; at 100, nineteen on the first (2 + 94 = 96) and the other eleven
        // on a second.
        for (width, lines) in [(40, 5), (100, 2)] {
            let wrapped = wrap(&text, width, 2);
            assert_eq!(wrapped.lines().count(), lines, "{wrapped}");
            assert!(wrapped.lines().all(|l| l.chars().count() <= width));
            assert!(wrapped.lines().skip(1).all(|l| l.starts_with("  word")));
            assert_eq!(wrapped.trim_end().replace("\n  ", " "), text);
        }
    }
}

#[derive(Serialize)]
struct Row<'a> {
    seed: u64,
    sampling: crate::sample::lhs::Method,
    iterations: usize,
    current_choice: &'a str,
    evpi: f64,
    section: &'a str,
    name: &'a str,
    members: String,
    evppi: Option<f64>,
    share_of_evpi: Option<f64>,
}

/// Renders a value-of-information analysis as CSV: a row per quantity (`section` =
/// `quantity`), largest first, then a row per group (`group`, members joined by `; `),
/// then the findings in words (`finding`, the sentence in `name`); every row repeats the
/// seed, sampling method, draws, current choice and EVPI.
pub fn csv(r: &VoiReport) -> String {
    let row = |section, name, members: String, evppi, share_of_evpi| Row {
        seed: r.seed,
        sampling: r.sampling,
        iterations: r.iterations,
        current_choice: &r.current_choice,
        evpi: r.evpi,
        section,
        name,
        members,
        evppi,
        share_of_evpi,
    };
    let quantities = r.quantities.iter().map(|q| {
        row(
            "quantity",
            &q.name,
            String::new(),
            Some(q.evppi),
            Some(q.share_of_evpi),
        )
    });
    let groups = r.groups.iter().map(|g| {
        row(
            "group",
            &g.name,
            g.members.join("; "),
            Some(g.evppi),
            Some(g.share_of_evpi),
        )
    });
    let findings = r
        .findings
        .iter()
        .map(|f| row("finding", f, String::new(), None, None));
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in quantities.chain(groups).chain(findings) {
        // Writing plain fields to a Vec cannot fail.
        let _ = w.serialize(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
