//! `sroi voi -o voi.xlsx` (and `sroi report --voi -o report.xlsx`): the value of
//! information as sheets. `Value of information` holds the EVPI, its Monte Carlo error,
//! the noise floor, the draws and the seed; `Options` each option's expected net benefit;
//! `EVPPI by quantity` and `EVPPI by group` every EVPPI with its share of the EVPI;
//! `Findings` the sentences, notes and method. Every figure is a number in a money or
//! percentage format, as in the other workbooks; the names differ from theirs, so that
//! they can sit in one workbook.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::analysis::voi::VoiReport;
use crate::error::Error;
use crate::report::currency_symbol;
use crate::report::sheet::{Cell, Kind, Styles, num, sheet, text, workbook};

/// Renders a value-of-information result as an `.xlsx` file's bytes.
pub fn render(r: &VoiReport) -> Result<Vec<u8>, Error> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = workbook(&super::title(r))?;
        add(&mut wb, r)?;
        wb.save_to_buffer()
    };
    build().map_err(|e| Error::Draws(format!("the workbook could not be made: {e}")))
}

/// A whole number (draws, a seed) exactly as Excel can hold it: as a number up to 2^53,
/// beyond that as its digits.
fn count(n: u64) -> Cell {
    if n <= 1 << 53 {
        num(n as f64, Kind::Number)
    } else {
        text(&n.to_string())
    }
}

/// Adds the value-of-information sheets to a workbook.
pub fn add(wb: &mut Workbook, r: &VoiReport) -> Result<(), XlsxError> {
    let st = Styles::new(&currency_symbol(&r.currency));
    let money = |x: f64| num(x, Kind::Money);
    let summary = vec![
        vec![text("EVPI"), money(r.evpi)],
        vec![
            text("EVPI Monte Carlo standard error"),
            money(r.evpi_standard_error),
        ],
        vec![text("Noise floor"), money(r.noise_floor)],
        vec![text("Current choice"), text(&r.current_choice)],
        vec![text("Draws"), count(r.iterations as u64)],
        vec![
            text("Draws the regressions read"),
            count(r.regression_draws as u64),
        ],
        vec![text("Seed"), count(r.seed)],
        vec![text("Currency"), text(&r.currency)],
    ];
    sheet(
        wb.add_worksheet().set_name("Value of information")?,
        &st,
        &["Figure", "Value"],
        &summary,
    )?;
    let options: Vec<Vec<Cell>> = r
        .options
        .iter()
        .zip(&r.expected_net_benefit)
        .map(|(o, &v)| {
            let current = if *o == r.current_choice { "yes" } else { "" };
            vec![text(o), money(v), text(current)]
        })
        .collect();
    sheet(
        wb.add_worksheet().set_name("Options")?,
        &st,
        &["Option", "Expected net benefit", "Current choice"],
        &options,
    )?;
    let quantities: Vec<Vec<Cell>> = r
        .quantities
        .iter()
        .map(|q| {
            vec![
                text(&q.name),
                money(q.evppi),
                num(q.share_of_evpi, Kind::Percent),
            ]
        })
        .collect();
    sheet(
        wb.add_worksheet().set_name("EVPPI by quantity")?,
        &st,
        &["Quantity", "EVPPI", "Share of EVPI"],
        &quantities,
    )?;
    let groups: Vec<Vec<Cell>> = r
        .groups
        .iter()
        .map(|g| {
            vec![
                text(&g.name),
                text(g.kind),
                num(g.members.len() as f64, Kind::Number),
                money(g.evppi),
                num(g.share_of_evpi, Kind::Percent),
                text(&g.members.join("; ")),
            ]
        })
        .collect();
    sheet(
        wb.add_worksheet().set_name("EVPPI by group")?,
        &st,
        &[
            "Group",
            "Kind",
            "Quantities",
            "EVPPI",
            "Share of EVPI",
            "Members",
        ],
        &groups,
    )?;
    let words: Vec<Vec<Cell>> = r
        .findings
        .iter()
        .map(|f| vec![text("finding"), text(f)])
        .chain(r.notes.iter().map(|n| vec![text("note"), text(n)]))
        .chain([vec![text("method"), text(&r.method)]])
        .collect();
    sheet(
        wb.add_worksheet().set_name("Findings")?,
        &st,
        &["Kind", "Text"],
        &words,
    )
}
