//! `sroi import`: a Value Map sheet (an `.xlsx` workbook's `Value Map` sheet, or a `.csv`
//! file in the same layout) read back into a [`ValueMap`], and written out as a model
//! file (TOML) whose base case is the sheet's.
//!
//! The layout is the one the workbook writes: labels in column A above the tables (`Model`,
//! `Currency`, `Price year`, `Discount rate`), an inputs table whose heading row has
//! `Stakeholder` and `Input`, and an outcomes table whose heading row has `Stakeholder`
//! and `Outcome`. Columns are found by their headings, matched loosely (case, spaces,
//! punctuation and anything in brackets ignored), so columns may be moved or added. A
//! table ends at its first row with nothing in its first two columns, or at `Total`.
//! Every figure is read as a number: shares from 0 to 1 (a spreadsheet's 20% is 0.2; in
//! a CSV `20%` is read so too), years and durations as whole numbers. Each problem is an
//! error naming the sheet, the row and the column (as a spreadsheet numbers and letters
//! them).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::{Basis, InputRow, OutcomeRow, SHEET, ValueMap, column, label};
use crate::error::Error;
use crate::model::checked::{DEFAULT_DISCOUNT_RATE, MAX_YEARS};
use crate::model::discount::Schedule;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A number.
    Number(f64),
    /// Words (in a CSV file, everything that is not empty).
    Text(String),
}

/// A sheet's cells, by row and column from 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The sheet's name (a CSV file's name).
    pub sheet: String,
    /// Its rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn at(&self, r: usize, c: usize) -> &Cell {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&Cell::Empty)
    }
}

/// Reads the Value Map of an `.xlsx` or `.csv` file.
pub fn read(path: &Path) -> Result<ValueMap, Error> {
    let file = path.display().to_string();
    let fail = |reason: String| Error::Read {
        path: file.clone(),
        reason,
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let grid = match ext.as_str() {
        "csv" => read_csv(path).map_err(fail)?,
        "xlsx" | "xlsm" | "xls" | "ods" => read_book(path).map_err(fail)?,
        _ => {
            return Err(Error::Usage(format!(
                "`{file}`: import reads a Value Map from a .xlsx or .csv file"
            )));
        }
    };
    parse(&grid).map_err(fail)
}

/// The sheet `Value Map` of a workbook, or else the first whose name starts with it.
fn read_book(path: &Path) -> Result<Grid, String> {
    let mut book = open_workbook_auto(path).map_err(|e| e.to_string())?;
    let names = book.sheet_names();
    let Some(sheet) = names
        .iter()
        .find(|n| *n == SHEET)
        .or_else(|| names.iter().find(|n| n.starts_with(SHEET)))
        .cloned()
    else {
        return Err(format!(
            "no sheet named `{SHEET}`; its sheets are {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    let range = book.worksheet_range(&sheet).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; c0 as usize];
        cells.extend(row.iter().map(|d| match d {
            Data::Empty => Cell::Empty,
            Data::Float(x) => Cell::Number(*x),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Bool(b) => Cell::Text(b.to_string()),
            Data::String(s) if s.trim().is_empty() => Cell::Empty,
            Data::String(s) => Cell::Text(s.clone()),
            other => Cell::Text(other.to_string()),
        }));
        rows.push(cells);
    }
    Ok(Grid { sheet, rows })
}

fn read_csv(path: &Path) -> Result<Grid, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    // Row by row as the lines run, so that a blank line (which ends a table) keeps its
    // place and rows are numbered as a spreadsheet numbers them; a quoted field that runs
    // over several lines stays one row.
    let mut rows = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        if !pending.is_empty() {
            pending.push('\n');
        }
        pending.push_str(line);
        if pending.matches('"').count() % 2 == 1 {
            continue;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(pending.as_bytes());
        let record = reader
            .records()
            .next()
            .transpose()
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        rows.push(
            record
                .iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
        pending.clear();
    }
    if !pending.is_empty() {
        return Err(format!(
            "row {}: a quoted field is not closed before the end of the file",
            rows.len() + 1
        ));
    }
    let sheet = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Ok(Grid { sheet, rows })
}

/// A heading as matched: lower case, letters and digits only, without anything in
/// brackets or a trailing `%`.
fn key(heading: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for ch in heading.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            c if depth == 0 && c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// Column letters as a spreadsheet names them: 0 → A, 26 → AA.
fn letters(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Reads figures from a grid, each problem naming where it is.
struct Sheet<'a> {
    grid: &'a Grid,
}

/// A table's heading row and where each heading is.
struct Table {
    row: usize,
    headings: Vec<(String, usize, String)>,
}

impl Table {
    fn find(&self, name: &str) -> Option<usize> {
        let k = key(name);
        self.headings
            .iter()
            .find(|(h, _, _)| *h == k)
            .map(|&(_, c, _)| c)
    }
}

impl Sheet<'_> {
    fn place(&self, r: usize, c: usize, heading: &str) -> String {
        format!(
            "sheet `{}`, row {}, column {} ({heading})",
            self.grid.sheet,
            r + 1,
            letters(c)
        )
    }

    fn text(&self, r: usize, c: usize) -> Option<String> {
        match self.grid.at(r, c) {
            Cell::Empty => None,
            Cell::Number(x) => Some(format!("{x}")),
            Cell::Text(s) => Some(s.trim().to_string()),
        }
    }

    /// A number, or None for an empty cell; text that is not a number is an error.
    fn number(&self, r: usize, c: usize, heading: &str) -> Result<Option<f64>, String> {
        match self.grid.at(r, c) {
            Cell::Empty => Ok(None),
            Cell::Number(x) if x.is_finite() => Ok(Some(*x)),
            Cell::Number(x) => Err(format!(
                "{}: {x} is not a number",
                self.place(r, c, heading)
            )),
            Cell::Text(s) => parse_number(s).map(Some).ok_or_else(|| {
                format!(
                    "{}: expected a number, found `{}`",
                    self.place(r, c, heading),
                    s.trim()
                )
            }),
        }
    }

    fn required(&self, r: usize, c: usize, heading: &str) -> Result<f64, String> {
        self.number(r, c, heading)?
            .ok_or_else(|| format!("{}: a number is needed here", self.place(r, c, heading)))
    }

    /// A share from 0 to 1 (0% to 100%); empty is 0.
    fn share(&self, r: usize, c: Option<usize>, heading: &str) -> Result<f64, String> {
        let Some(c) = c else { return Ok(0.0) };
        let x = self.number(r, c, heading)?.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&x) {
            return Err(format!(
                "{}: {}% is outside 0% to 100%; a {} is a share of the outcome",
                self.place(r, c, heading),
                crate::model::num::num(x * 100.0),
                heading.to_lowercase()
            ));
        }
        Ok(x)
    }

    /// A whole number from `low` to MAX_YEARS; `default` when empty or the column absent.
    fn whole(
        &self,
        r: usize,
        c: Option<usize>,
        heading: &str,
        low: u32,
        default: u32,
    ) -> Result<u32, String> {
        let Some(c) = c else { return Ok(default) };
        match self.number(r, c, heading)? {
            None => Ok(default),
            Some(x) if x.fract() == 0.0 && x >= f64::from(low) && x <= MAX_YEARS as f64 => {
                Ok(x as u32)
            }
            Some(x) => Err(format!(
                "{}: {x} is not a whole number of years from {low} to {MAX_YEARS}",
                self.place(r, c, heading)
            )),
        }
    }

    /// A discount rate (a fraction of 1) or a declining schedule's name.
    fn basis(&self, r: usize, c: usize, heading: &str) -> Result<Option<Basis>, String> {
        if let Cell::Text(s) = self.grid.at(r, c)
            && let Some(schedule) = Schedule::from_name(s)
        {
            return Ok(Some(Basis::Schedule(schedule)));
        }
        match self.number(r, c, heading) {
            Ok(Some(x)) if (0.0..=1.0).contains(&x) => Ok(Some(Basis::Rate(x))),
            Ok(Some(x)) => Err(format!(
                "{}: a discount rate of {}% is outside 0% to 100%",
                self.place(r, c, heading),
                crate::model::num::num(x * 100.0)
            )),
            Ok(None) => Ok(None),
            Err(_) => Err(format!(
                "{}: expected a discount rate (e.g. 3.5%) or a schedule ({}), found `{}`",
                self.place(r, c, heading),
                Schedule::NAMES.join(" or "),
                self.text(r, c).unwrap_or_default()
            )),
        }
    }

    /// The value right of the first cell in column A labelled `name`, and its row.
    fn labelled(&self, name: &str) -> Option<usize> {
        let k = key(name);
        (0..self.grid.rows.len()).find(|&r| self.text(r, 0).is_some_and(|t| key(&t) == k))
    }

    /// The first row having every one of `names` as headings.
    fn table(&self, names: &[&str]) -> Option<Table> {
        (0..self.grid.rows.len()).find_map(|r| {
            let row = &self.grid.rows[r];
            let headings: Vec<(String, usize, String)> = (0..row.len())
                .filter_map(|c| self.text(r, c).map(|t| (key(&t), c, t)))
                .collect();
            names
                .iter()
                .all(|n| headings.iter().any(|(h, _, _)| *h == key(n)))
                .then_some(Table { row: r, headings })
        })
    }

    /// The rows of a table: from below its heading to the first row with nothing in
    /// either of the two columns given (stakeholder and name), or `Total`.
    fn body(&self, t: &Table, (first, second): (usize, usize)) -> Vec<usize> {
        ((t.row + 1)..self.grid.rows.len())
            .take_while(|&r| {
                let a = self.text(r, first);
                let b = self.text(r, second);
                (a.is_some() || b.is_some()) && a.as_deref().map(key) != Some("total".into())
            })
            .collect()
    }
}

/// A number as written in a CSV cell: `1234.5`, `1,234.5`, `£1,234`, `20%`.
fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let (t, scale) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim(), 0.01),
        None => (t, 1.0),
    };
    let negative = t.starts_with('-') || (t.starts_with('(') && t.ends_with(')'));
    let digits: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+'))
        .collect();
    // Currency signs and thousands separators may go; anything else means it is not a number.
    let rest_ok = t.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '.' | 'e' | 'E' | '+' | '-' | ',' | '(' | ')' | '£' | '$' | '€' | ' '
            )
    });
    if !rest_ok || digits.is_empty() {
        return None;
    }
    let x: f64 = digits.parse().ok()?;
    Some(if negative { -x } else { x } * scale)
}

/// Reads the Value Map layout from a grid.
pub fn parse(grid: &Grid) -> Result<ValueMap, String> {
    let s = Sheet { grid };
    let name_row = s.labelled(label::MODEL).ok_or_else(|| {
        format!(
            "sheet `{}`: no `{}` label in column A naming the model",
            grid.sheet,
            label::MODEL
        )
    })?;
    let name = s.text(name_row, 1).ok_or_else(|| {
        format!(
            "{}: the model's name is empty",
            s.place(name_row, 1, label::MODEL)
        )
    })?;
    let currency = s
        .labelled(label::CURRENCY)
        .and_then(|r| s.text(r, 1))
        .unwrap_or_else(|| "GBP".into());
    let price_year = match s.labelled(label::PRICE_YEAR) {
        Some(r) => s.number(r, 1, label::PRICE_YEAR)?.map(|y| y as i64),
        None => None,
    };
    let discount = match s.labelled(label::DISCOUNT_RATE) {
        Some(r) => s.basis(r, 1, label::DISCOUNT_RATE)?,
        None => None,
    }
    .unwrap_or(Basis::Rate(DEFAULT_DISCOUNT_RATE));

    let inputs_table = s
        .table(&[column::STAKEHOLDER, column::INPUT])
        .ok_or_else(|| {
            format!(
                "sheet `{}`: no inputs table (a heading row with `{}` and `{}`)",
                grid.sheet,
                column::STAKEHOLDER,
                column::INPUT
            )
        })?;
    let outcomes_table = s.table(&[column::STAKEHOLDER, "Outcome"]).ok_or_else(|| {
        format!(
            "sheet `{}`: no outcomes table (a heading row with `{}` and `Outcome`)",
            grid.sheet,
            column::STAKEHOLDER
        )
    })?;
    let need = |t: &Table, name: &str| {
        t.find(name).ok_or_else(|| {
            format!(
                "sheet `{}`, row {}: the table has no `{name}` column",
                grid.sheet,
                t.row + 1
            )
        })
    };

    let t = &inputs_table;
    let (stakeholder, input, amount) = (
        need(t, column::STAKEHOLDER)?,
        need(t, column::INPUT)?,
        need(t, column::AMOUNT)?,
    );
    let (year, rebasing, optimism, rate, price) = (
        t.find(column::YEAR),
        t.find(column::REBASING),
        t.find(column::OPTIMISM),
        t.find(column::DISCOUNT_RATE),
        t.find(column::PRICE_YEAR),
    );
    let mut inputs = Vec::new();
    for r in s.body(t, (stakeholder, input)) {
        let factor = |c: Option<usize>, h: &str| -> Result<f64, String> {
            Ok(c.map(|c| s.number(r, c, h))
                .transpose()?
                .flatten()
                .unwrap_or(1.0))
        };
        inputs.push(InputRow {
            stakeholder: s.text(r, stakeholder).unwrap_or_default(),
            name: s.text(r, input).ok_or_else(|| {
                format!(
                    "{}: the input's name is empty",
                    s.place(r, input, column::INPUT)
                )
            })?,
            year: s.whole(r, year, column::YEAR, 0, 0)?,
            amount: s.required(r, amount, column::AMOUNT)?,
            price_year: price
                .map(|c| s.number(r, c, column::PRICE_YEAR))
                .transpose()?
                .flatten()
                .map(|y| y as i64),
            rebasing: factor(rebasing, column::REBASING)?,
            optimism: factor(optimism, column::OPTIMISM)?,
            discount: match rate {
                Some(c) => s.basis(r, c, column::DISCOUNT_RATE)?.unwrap_or(discount),
                None => discount,
            },
        });
    }
    if inputs.is_empty() {
        return Err(format!(
            "sheet `{}`, row {}: the inputs table has no rows",
            grid.sheet,
            t.row + 2
        ));
    }

    let t = &outcomes_table;
    let stakeholder = need(t, column::STAKEHOLDER)?;
    let outcome = need(t, "Outcome")?;
    let (quantity, duration, value, deadweight, displacement, attribution, drop_off) = (
        need(t, column::QUANTITY)?,
        need(t, column::DURATION)?,
        need(t, column::VALUE)?,
        need(t, column::DEADWEIGHT)?,
        need(t, column::DISPLACEMENT)?,
        need(t, column::ATTRIBUTION)?,
        need(t, column::DROP_OFF)?,
    );
    let cohort_cols: Vec<usize> = (1..)
        .map_while(|k| t.find(&format!("{} {k} weight", column::COHORT)))
        .collect();
    let optional = |c: &str| t.find(c);
    let mut outcomes = Vec::new();
    let mut last_year = inputs.iter().map(|i| i.year).max().unwrap_or(0);
    for r in s.body(t, (stakeholder, outcome)) {
        let factor = |c: Option<usize>, h: &str| -> Result<f64, String> {
            Ok(c.map(|c| s.number(r, c, h))
                .transpose()?
                .flatten()
                .unwrap_or(1.0))
        };
        let mut cohorts = Vec::new();
        for (k, &c) in cohort_cols.iter().enumerate() {
            let h = format!("{} {} weight", column::COHORT, k + 1);
            cohorts.push(s.number(r, c, &h)?);
        }
        // Trailing empty weights are cohorts the outcome does not have.
        while cohorts.len() > 1 && cohorts.last() == Some(&None) {
            cohorts.pop();
        }
        let cohorts: Vec<f64> = if cohorts.is_empty() {
            vec![1.0]
        } else {
            cohorts.into_iter().map(|w| w.unwrap_or(0.0)).collect()
        };
        let o = OutcomeRow {
            stakeholder: s.text(r, stakeholder).ok_or_else(|| {
                format!(
                    "{}: the stakeholder is empty",
                    s.place(r, stakeholder, column::STAKEHOLDER)
                )
            })?,
            name: s.text(r, outcome).ok_or_else(|| {
                format!(
                    "{}: the outcome's name is empty",
                    s.place(r, outcome, column::OUTCOME)
                )
            })?,
            indicator: optional(column::INDICATOR).and_then(|c| s.text(r, c)),
            source: optional(column::SOURCE).and_then(|c| s.text(r, c)),
            quantity: s.required(r, quantity, column::QUANTITY)?,
            duration: s.whole(r, Some(duration), column::DURATION, 1, 1)?,
            start_year: s.whole(r, optional(column::START_YEAR), column::START_YEAR, 0, 1)?,
            proxy: optional(column::PROXY).and_then(|c| s.text(r, c)),
            value: s.required(r, value, column::VALUE)?,
            price_year: optional(column::PRICE_YEAR)
                .map(|c| s.number(r, c, column::PRICE_YEAR))
                .transpose()?
                .flatten()
                .map(|y| y as i64),
            rebasing: factor(optional(column::REBASING), column::REBASING)?,
            proxy_source: optional(column::PROXY_SOURCE).and_then(|c| s.text(r, c)),
            deadweight: s.share(r, Some(deadweight), column::DEADWEIGHT)?,
            displacement: s.share(r, Some(displacement), column::DISPLACEMENT)?,
            attribution: s.share(r, Some(attribution), column::ATTRIBUTION)?,
            drop_off: s.share(r, Some(drop_off), column::DROP_OFF)?,
            optimism: factor(optional(column::OPTIMISM), column::OPTIMISM)?,
            discount: match optional(column::DISCOUNT_RATE) {
                Some(c) => s.basis(r, c, column::DISCOUNT_RATE)?.unwrap_or(discount),
                None => discount,
            },
            cohorts,
        };
        last_year = last_year.max(o.start_year + o.cohorts.len() as u32 - 1 + o.duration - 1);
        outcomes.push(o);
    }
    if outcomes.is_empty() {
        return Err(format!(
            "sheet `{}`, row {}: the outcomes table has no rows",
            grid.sheet,
            t.row + 2
        ));
    }
    Ok(ValueMap {
        name,
        currency,
        price_year,
        discount,
        inputs,
        outcomes,
        last_year,
    })
}

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A number as TOML writes it, exactly (shortest form that reads back the same).
fn number(x: f64) -> String {
    toml::Value::Float(x).to_string()
}

fn basis(b: Basis) -> String {
    match b {
        Basis::Rate(r) => number(r),
        Basis::Schedule(s) => quoted(s.name()),
    }
}

/// The model file of a Value Map: every figure a number at its base value, each value
/// and amount already multiplied by its rebasing and optimism-bias factors (so the
/// model's prices and corrections are the sheet's), an input's amounts over several
/// years as a `schedule`.
pub fn to_toml(map: &ValueMap, from: &str) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "# Imported by `sroi import` from {from}: the Value Map's base case, every figure a number."
    ));
    line("# Values and amounts include the sheet's rebasing and optimism-bias factors.".into());
    line("[model]".into());
    line(format!("name = {}", quoted(&map.name)));
    line(format!("currency = {}", quoted(&map.currency)));
    if let Some(y) = map.price_year {
        line(format!("price_year = {y}"));
    }
    line(format!("discount_rate = {}", basis(map.discount)));
    // Inputs: the rows of one name together, in order of first appearance.
    let mut names: Vec<&str> = Vec::new();
    for i in &map.inputs {
        if !names.contains(&i.name.as_str()) {
            names.push(&i.name);
        }
    }
    for name in names {
        let rows: Vec<&InputRow> = map.inputs.iter().filter(|i| i.name == name).collect();
        let first = rows[0];
        line(String::new());
        line("[[inputs]]".into());
        line(format!("name = {}", quoted(name)));
        line(format!("stakeholder = {}", quoted(&first.stakeholder)));
        let amount = |i: &InputRow| i.amount * i.rebasing * i.optimism;
        if rows.len() == 1 {
            line(format!("amount = {}", number(amount(first))));
            line(format!("year = {}", first.year));
        } else {
            let last = rows.iter().map(|i| i.year).max().unwrap_or(0);
            let by_year: Vec<String> = (0..=last)
                .map(|y| number(rows.iter().filter(|i| i.year == y).map(|i| amount(i)).sum()))
                .collect();
            line(format!("schedule = [{}]", by_year.join(", ")));
        }
        if first.discount != map.discount {
            line(format!("discount_rate = {}", basis(first.discount)));
        }
    }
    for o in &map.outcomes {
        line(String::new());
        line("[[outcomes]]".into());
        line(format!("name = {}", quoted(&o.name)));
        line(format!("stakeholder = {}", quoted(&o.stakeholder)));
        if let Some(i) = &o.indicator {
            line(format!("indicator = {}", quoted(i)));
        }
        if let Some(src) = &o.source {
            line(format!("evidence = {{ source = {} }}", quoted(src)));
        }
        line(format!("quantity = {}", number(o.quantity)));
        line(format!(
            "value = {}",
            number(o.value * o.rebasing * o.optimism)
        ));
        let proxy_source = match (&o.proxy, &o.proxy_source) {
            (Some(p), Some(s)) => Some(format!("{p}; {s}")),
            (p, s) => p.clone().or(s.clone()),
        };
        if let Some(p) = proxy_source {
            line(format!("proxy_source = {}", quoted(&p)));
        }
        for (field, x) in [
            ("deadweight", o.deadweight),
            ("displacement", o.displacement),
            ("attribution", o.attribution),
            ("drop_off", o.drop_off),
        ] {
            line(format!("{field} = {}", number(x)));
        }
        line(format!("duration = {}", o.duration));
        line(format!("start_year = {}", o.start_year));
        if o.cohorts != [1.0] {
            let w: Vec<String> = o.cohorts.iter().map(|&w| number(w)).collect();
            line(format!("cohorts = [{}]", w.join(", ")));
        }
        if o.discount != map.discount {
            line(format!("discount_rate = {}", basis(o.discount)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_loosely() {
        assert_eq!(key("Outcome (what changes)"), "outcome");
        assert_eq!(key("Deadweight %"), "deadweight");
        assert_eq!(key("Drop off"), key("Drop-off"));
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
    }

    #[test]
    fn numbers_as_a_csv_writes_them() {
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        assert_eq!(parse_number("£1,234"), Some(1234.0));
        assert_eq!(parse_number("20%"), Some(0.2));
        assert_eq!(parse_number("-12"), Some(-12.0));
        assert_eq!(parse_number("twenty"), None);
        assert_eq!(parse_number("12 people"), None);
    }
}
