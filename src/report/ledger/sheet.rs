//! The workbook's `Ledger` sheet: per option, the kinds of value over the draws, the ratios
//! (base case and ratio of means), who pays and who saves, and each agency's savings by
//! year; every figure a number.

use rust_xlsxwriter::{Workbook, XlsxError};

use crate::analysis::ledger::Ledger;
use crate::analysis::stats::Summary;
use crate::report::document::Document;
use crate::report::sheet::{Cell, Kind, Styles, num, text};

/// The sheet's columns (after `Option` when there are several).
const HEADER: [&str; 8] = [
    "Figure",
    "Organisation",
    "Year",
    "Base case",
    "Expected (mean)",
    "Median",
    "Interval low",
    "Interval high",
];

/// Adds the `Ledger` sheet.
pub fn add(wb: &mut Workbook, doc: &Document, st: &Styles) -> Result<(), XlsxError> {
    crate::report::xlsx::per_option(
        wb.add_worksheet().set_name("Ledger")?,
        doc,
        st,
        &HEADER,
        |p| rows(&p.run.ledger),
    )
}

/// The rows of one option's ledger.
pub fn rows(l: &Ledger) -> Vec<Vec<Cell>> {
    let b = &l.base_case;
    let summary = |figure: &str, base: f64, s: &Summary, kind: Kind| {
        vec![
            text(figure),
            Cell::Empty,
            Cell::Empty,
            num(base, kind),
            num(s.mean, kind),
            num(s.median, kind),
            num(s.ci_low, kind),
            num(s.ci_high, kind),
        ]
    };
    let single = |figure: &str, who: &str, year: Option<u32>, base: f64, expected: Option<f64>| {
        vec![
            text(figure),
            text(who),
            year.map_or(Cell::Empty, |y| num(f64::from(y), Kind::Number)),
            num(
                base,
                if who.is_empty() {
                    Kind::Ratio
                } else {
                    Kind::Money
                },
            ),
            expected.map_or(Cell::Empty, |e| num(e, Kind::Ratio)),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]
    };
    let mut rows = vec![
        summary("Fiscal value", b.fiscal, &l.fiscal, Kind::Money),
        summary(
            "Cashable fiscal value",
            b.cashable,
            &l.cashable,
            Kind::Money,
        ),
        summary("Economic value", b.economic, &l.economic, Kind::Money),
        summary("Social value", b.social, &l.social, Kind::Money),
        summary(
            "Public investment",
            b.public_investment,
            &l.public_investment,
            Kind::Money,
        ),
    ];
    let e = &l.expected;
    rows.push(single(
        "Fiscal ratio",
        "",
        None,
        b.fiscal_ratio,
        Some(e.fiscal_ratio),
    ));
    rows.push(single(
        "Economic ratio",
        "",
        None,
        b.economic_ratio,
        Some(e.economic_ratio),
    ));
    if let (Some(f), Some(c)) = (b.fiscal_return_to_public, b.cashable_return_to_public) {
        rows.push(single(
            "Fiscal return per unit of public investment",
            "",
            None,
            f,
            e.fiscal_return_to_public,
        ));
        rows.push(single(
            "Cashable return per unit of public investment",
            "",
            None,
            c,
            e.cashable_return_to_public,
        ));
    }
    for o in &l.organisations {
        for (figure, x) in [
            ("Pays", o.pays),
            ("Saves", o.saves),
            ("Saves, cashable", o.cashable),
            ("Net (saves less pays)", o.net),
        ] {
            rows.push(single(figure, &o.name, None, x, None));
        }
    }
    for a in &l.agencies {
        for y in &a.by_year {
            rows.push(single(
                "Saving in the year (undiscounted)",
                &a.name,
                Some(y.year),
                y.fiscal,
                None,
            ));
            rows.push(single(
                "Cashable in the year (undiscounted)",
                &a.name,
                Some(y.year),
                y.cashable,
                None,
            ));
        }
    }
    rows
}
