//! The assurance findings and the exclusions in the written reports: a table of each for
//! the HTML page and one sheet for the workbook. Accepted findings are listed with their
//! reasons, marked as not counted; `[[exclusions]]` say what the account leaves out.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::document::{Document, OptionPart};
use super::page::{Cell, Table};
use super::sheet::{Cell as Cell2, Styles, sheet, text};
use crate::analysis::assurance::{Finding, RULES};

/// What an assessor would question: each finding's rule, level, item, what was found and
/// its fix, or, for an accepted one, the reason it was accepted.
pub fn findings_table(part: &OptionPart, id: &str) -> Table {
    let rows: Vec<Vec<Cell>> = part
        .findings
        .iter()
        .map(|f| {
            vec![
                Cell::from(f.code.to_string()),
                Cell::from(status(f)),
                Cell::from(f.item.clone()),
                Cell::from(f.message.clone()),
                Cell::from(match &f.accepted {
                    Some(reason) => format!("Accepted: {reason}"),
                    None => f.fix.clone(),
                }),
            ]
        })
        .collect();
    let accepted = part
        .findings
        .iter()
        .filter(|f| f.accepted.is_some())
        .count();
    let open = part.findings.len() - accepted;
    Table {
        id: id.to_string(),
        caption: format!(
            "Before an assessor sees it: {} (sroi check --assurance)",
            part.run.kind.title()
        ),
        header: ["Rule", "Level", "Item", "Finding", "Fix, or why accepted"]
            .map(String::from)
            .to_vec(),
        note: Some(if part.findings.is_empty() {
            format!(
                "No findings: none of the rules A001-A{:03} applies.",
                RULES.len()
            )
        } else {
            format!(
                "{} open, {accepted} accepted with a reason (listed, not counted); none changes a figure. An error fails `sroi check --assurance`; a warning fails it with --deny-warnings.",
                super::count(open, "finding", "findings")
            )
        }),
        rows,
        text_columns: 5,
        wide: true,
        text_also: vec![],
        cards: true,
        dedup: None,
    }
}

/// What the account leaves out (`[[exclusions]]`), and why; `None` when it names nothing.
pub fn exclusions_table(part: &OptionPart, id: &str) -> Option<Table> {
    if part.exclusions.is_empty() {
        return None;
    }
    Some(Table {
        id: id.to_string(),
        caption: "Left out of the account, and why".into(),
        header: ["Left out", "Why"].map(String::from).to_vec(),
        rows: part
            .exclusions
            .iter()
            .map(|x| vec![Cell::from(x.name.clone()), Cell::from(x.reason.clone())])
            .collect(),
        text_columns: 2,
        note: None,
        wide: false,
        text_also: vec![],
        cards: false,
        dedup: None,
    })
}

/// `warning`, `error`, or either followed by `, accepted`.
fn status(f: &Finding) -> String {
    match f.accepted {
        Some(_) => format!("{}, accepted", f.level.as_str()),
        None => f.level.as_str().to_string(),
    }
}

/// The workbook's `Assurance` sheet (every option's findings, accepted ones with their
/// reasons) and, when any option names some, its `Left out` sheet (the exclusions).
pub fn sheets(wb: &mut Workbook, doc: &Document, st: &Styles) -> Result<(), XlsxError> {
    let several = doc.options.len() > 1;
    let with_option = |header: &[&'static str]| {
        let mut h = header.to_vec();
        if several {
            h.insert(0, "Option");
        }
        h
    };
    let lead = |p: &OptionPart, mut row: Vec<Cell2>| {
        if several {
            row.insert(0, text(&format!("{}: {}", p.run.kind.title(), p.run.model)));
        }
        row
    };
    let mut rows = Vec::new();
    for p in &doc.options {
        for f in &p.findings {
            rows.push(lead(
                p,
                vec![
                    text(f.code),
                    text(f.level.as_str()),
                    text(&f.item),
                    text(&f.message),
                    text(&f.fix),
                    text(f.accepted.as_deref().unwrap_or("")),
                ],
            ));
        }
    }
    let header = with_option(&[
        "Rule",
        "Level",
        "Item",
        "Finding",
        "Fix",
        "Accepted because",
    ]);
    sheet(
        wb.add_worksheet().set_name("Assurance")?,
        st,
        &header,
        &rows,
    )?;
    if doc.options.iter().all(|p| p.exclusions.is_empty()) {
        return Ok(());
    }
    let mut rows = Vec::new();
    for p in &doc.options {
        for x in &p.exclusions {
            rows.push(lead(p, vec![text(&x.name), text(&x.reason)]));
        }
    }
    let header = with_option(&["Left out", "Why"]);
    sheet(wb.add_worksheet().set_name("Left out")?, st, &header, &rows)
}
