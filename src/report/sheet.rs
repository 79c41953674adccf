//! What every workbook shares: the cell formats (money in the result's currency, ratio,
//! percentage, months, counts), cells that are numbers rather than text, a sheet written
//! as a frozen header row over rows (an Excel table with filters) and fitted to its
//! columns, and a creation date fixed so that the same run gives the same bytes. `xlsx` writes a run, comparison or sensitivity document
//! with them, `voi::sheets` a value-of-information result.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Table, Workbook, Worksheet, XlsxError,
};

/// A new workbook titled `title`, dated 1 January 2000 whenever it is made.
pub fn workbook(title: &str) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    Ok(wb)
}

/// The cell formats of a workbook.
pub struct Styles {
    head: Format,
    money: Format,
    pence: Format,
    ratio: Format,
    percent: Format,
    number: Format,
    months: Format,
    whole: Format,
    /// Bold text (names that head a block of rows).
    pub bold: Format,
}

impl Styles {
    /// The formats, amounts written with `symbol`.
    pub fn new(symbol: &str) -> Styles {
        let sym = symbol.trim().replace('"', "");
        Styles {
            head: Format::new().set_bold().set_text_wrap(),
            money: Format::new().set_num_format(format!("\"{sym}\"#,##0;-\"{sym}\"#,##0")),
            pence: Format::new().set_num_format(format!("\"{sym}\"#,##0.00;-\"{sym}\"#,##0.00")),
            ratio: Format::new().set_num_format("0.00"),
            percent: Format::new().set_num_format("0.0%"),
            number: Format::new().set_num_format("General"),
            months: Format::new().set_num_format("0.0"),
            whole: Format::new().set_num_format("#,##0"),
            bold: Format::new().set_bold(),
        }
    }
}

/// A figure's kind, and so its format.
#[derive(Clone, Copy)]
pub enum Kind {
    /// An amount in the currency, in whole units.
    Money,
    /// An amount in the currency with its pence (a unit price below 100).
    Pence,
    /// A ratio, to two decimals.
    Ratio,
    /// A share, as a percentage to one decimal.
    Percent,
    /// Any other figure, as Excel shows it.
    Number,
    /// A number of months, to one decimal.
    Months,
    /// A count (draws, a seed), in whole units.
    Whole,
}

/// One cell's content.
pub enum Cell {
    /// Words.
    Text(String),
    /// A figure and its format.
    Number(f64, Kind),
    /// Nothing (a figure that is not finite, or none).
    Empty,
}

/// A text cell.
pub fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A number cell, empty when `x` is not finite.
pub fn num(x: f64, kind: Kind) -> Cell {
    if x.is_finite() {
        Cell::Number(x, kind)
    } else {
        Cell::Empty
    }
}

/// Writes a header row (frozen) and rows of cells as an Excel table with filters, then
/// fits the columns.
pub fn sheet(
    ws: &mut Worksheet,
    st: &Styles,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    sheet_table(ws, st, header, rows, rows.len())
}

/// [`sheet`], the Excel table spanning the header and the first `in_table` rows only.
pub fn sheet_table(
    ws: &mut Worksheet,
    st: &Styles,
    header: &[&str],
    rows: &[Vec<Cell>],
    in_table: usize,
) -> Result<(), XlsxError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &st.head)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Number(x, kind) => {
                    let f = match kind {
                        Kind::Money => &st.money,
                        Kind::Pence => &st.pence,
                        Kind::Ratio => &st.ratio,
                        Kind::Percent => &st.percent,
                        Kind::Number => &st.number,
                        Kind::Months => &st.months,
                        Kind::Whole => &st.whole,
                    };
                    ws.write_number_with_format(r, c, *x, f)?;
                }
                Cell::Empty => {}
            }
        }
    }
    // The header row heads an Excel table, with a filter on each column.
    if in_table > 0 && !header.is_empty() {
        ws.add_table(
            0,
            0,
            in_table as u32,
            header.len() as u16 - 1,
            &Table::new(),
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_autofit_max_width(420);
    ws.autofit();
    Ok(())
}
