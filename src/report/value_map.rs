//! The workbook's `Value Map` sheet (spec §18): a model's base case in Social Value UK's
//! Value Map layout, the figures as numbers and everything computed from them as Excel
//! formulas (arithmetic, SUM, SUMPRODUCT and POWER only), each with its result cached so
//! that a viewer that does not recompute still shows the figures.
//!
//! From the top: the model's name, currency, price year and discount rate; the SROI ratio,
//! total present value, total investment and net present value; the inputs (one row per
//! amount and year); the discount factors of any declining schedule, as numbers; then the
//! outcomes, one row each, with their impact, the value in each year and present value,
//! and a total row. The year columns' headings are the year numbers themselves (shown as
//! `Year 0`, `Year 1`, …), so the formulas read the years from them.

use rust_xlsxwriter::utility::column_number_to_name;
use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

use crate::model::discount::Schedule;
use crate::model::value_map::{Basis, Computed, ValueMap, column, label};

/// The formats of the sheet.
struct Formats {
    head: Format,
    bold: Format,
    money: Format,
    ratio: Format,
    percent: Format,
    factor: Format,
    quantity: Format,
    whole: Format,
    year_head: Format,
}

impl Formats {
    fn new(symbol: &str) -> Formats {
        let sym = symbol.trim().replace('"', "");
        Formats {
            head: Format::new().set_bold().set_text_wrap(),
            bold: Format::new().set_bold(),
            money: Format::new().set_num_format(format!("\"{sym}\"#,##0;-\"{sym}\"#,##0")),
            ratio: Format::new().set_num_format("0.00"),
            percent: Format::new().set_num_format("0.0%"),
            factor: Format::new().set_num_format("0.0000"),
            quantity: Format::new().set_num_format("#,##0.0"),
            whole: Format::new().set_num_format("0"),
            year_head: Format::new().set_bold().set_num_format("\"Year \"0"),
        }
    }
}

/// A column's letter.
fn col(c: u16) -> String {
    column_number_to_name(c)
}

/// A formula with its cached result.
fn formula(text: String, result: f64) -> Formula {
    Formula::new(text).set_result(format!("{result}"))
}

/// The outcome table's columns, in order, before the cohort weights and years.
const OUTCOME_COLUMNS: [&str; 19] = [
    column::STAKEHOLDER,
    column::OUTCOME,
    column::INDICATOR,
    column::SOURCE,
    column::QUANTITY,
    column::DURATION,
    column::START_YEAR,
    column::PROXY,
    column::VALUE,
    column::PRICE_YEAR,
    column::REBASING,
    column::PROXY_SOURCE,
    column::DEADWEIGHT,
    column::DISPLACEMENT,
    column::ATTRIBUTION,
    column::DROP_OFF,
    column::OPTIMISM,
    column::IMPACT,
    column::DISCOUNT_RATE,
];

/// The input table's columns, in order.
const INPUT_COLUMNS: [&str; 9] = [
    column::STAKEHOLDER,
    column::INPUT,
    column::YEAR,
    column::AMOUNT,
    column::PRICE_YEAR,
    column::REBASING,
    column::OPTIMISM,
    column::DISCOUNT_RATE,
    column::PRESENT_VALUE,
];

/// Where each outcome figure sits (0-based columns).
struct Cols {
    quantity: u16,
    duration: u16,
    start: u16,
    value: u16,
    rebasing: u16,
    deadweight: u16,
    displacement: u16,
    attribution: u16,
    drop_off: u16,
    optimism: u16,
    impact: u16,
    discount: u16,
    /// The first cohort weight's column, and how many (0: no cohort columns).
    cohorts: (u16, u16),
    /// Year 0's column.
    years: u16,
    present_value: u16,
}

impl Cols {
    fn new(cohorts: u16) -> Cols {
        let at = |name: &str| OUTCOME_COLUMNS.iter().position(|&c| c == name).unwrap() as u16;
        let first_cohort = OUTCOME_COLUMNS.len() as u16;
        Cols {
            quantity: at(column::QUANTITY),
            duration: at(column::DURATION),
            start: at(column::START_YEAR),
            value: at(column::VALUE),
            rebasing: at(column::REBASING),
            deadweight: at(column::DEADWEIGHT),
            displacement: at(column::DISPLACEMENT),
            attribution: at(column::ATTRIBUTION),
            drop_off: at(column::DROP_OFF),
            optimism: at(column::OPTIMISM),
            impact: at(column::IMPACT),
            discount: at(column::DISCOUNT_RATE),
            cohorts: (first_cohort, cohorts),
            years: first_cohort + cohorts,
            present_value: 0,
        }
    }
}

/// Writes the Value Map of `map` into `ws`, amounts in `symbol`.
pub fn write(ws: &mut Worksheet, map: &ValueMap, symbol: &str) -> Result<(), XlsxError> {
    let f = Formats::new(symbol);
    let computed = map.compute();
    let n_years = map.last_year as u16 + 1;
    // Cohort columns only when some outcome has more than one cohort or a weight not 1.
    let with_cohorts = map.outcomes.iter().any(|o| o.cohorts != [1.0]);
    let mut cols = Cols::new(if with_cohorts {
        map.cohort_columns() as u16
    } else {
        0
    });
    cols.present_value = cols.years + n_years;
    let schedules = map.schedules();

    // Rows, 0-based: the model's figures, the totals, the inputs, the schedules, the outcomes.
    let inputs_head = 10u32;
    let first_input = inputs_head + 1;
    let last_input = first_input + map.inputs.len() as u32 - 1;
    let schedule_row = |k: usize| last_input + 3 + k as u32;
    let outcomes_title = if schedules.is_empty() {
        last_input + 2
    } else {
        schedule_row(schedules.len()) + 1
    };
    let head = outcomes_title + 1;
    let first_outcome = head + 1;
    let last_outcome = first_outcome + map.outcomes.len() as u32 - 1;
    let total_row = last_outcome + 1;
    // 1-based row numbers for formulas.
    let r1 = |r: u32| r + 1;
    let year_cols = format!(
        "{}${}:{}${}",
        col(cols.years),
        r1(head),
        col(cols.years + n_years - 1),
        r1(head)
    );

    ws.write_string_with_format(0, 0, label::MODEL, &f.bold)?;
    ws.write_string(0, 1, &map.name)?;
    ws.write_string_with_format(1, 0, label::CURRENCY, &f.bold)?;
    ws.write_string(1, 1, &map.currency)?;
    ws.write_string_with_format(2, 0, label::PRICE_YEAR, &f.bold)?;
    if let Some(y) = map.price_year {
        ws.write_number_with_format(2, 1, y as f64, &f.whole)?;
    }
    ws.write_string_with_format(3, 0, label::DISCOUNT_RATE, &f.bold)?;
    let model_rate = "$B$4";
    match map.discount {
        Basis::Rate(r) => ws.write_number_with_format(3, 1, r, &f.percent)?,
        Basis::Schedule(s) => ws.write_string(3, 1, s.name())?,
    };

    // The headline figures.
    let pv_col = col(cols.present_value);
    let input_pv_col = col(INPUT_COLUMNS.len() as u16 - 1);
    ws.write_string_with_format(4, 0, label::RATIO, &f.bold)?;
    ws.write_formula_with_format(4, 1, formula("B6/B7".into(), computed.ratio()), &f.ratio)?;
    ws.write_string_with_format(5, 0, label::PRESENT_VALUE, &f.bold)?;
    ws.write_formula_with_format(
        5,
        1,
        formula(
            format!(
                "SUM({pv_col}{}:{pv_col}{})",
                r1(first_outcome),
                r1(last_outcome)
            ),
            computed.present_value,
        ),
        &f.money,
    )?;
    ws.write_string_with_format(6, 0, label::INVESTMENT, &f.bold)?;
    ws.write_formula_with_format(
        6,
        1,
        formula(
            format!(
                "SUM({input_pv_col}{}:{input_pv_col}{})",
                r1(first_input),
                r1(last_input)
            ),
            computed.investment,
        ),
        &f.money,
    )?;
    ws.write_string_with_format(7, 0, label::NPV, &f.bold)?;
    ws.write_formula_with_format(
        7,
        1,
        formula("B6-B7".into(), computed.present_value - computed.investment),
        &f.money,
    )?;

    // Inputs.
    ws.write_string_with_format(inputs_head - 1, 0, label::INPUTS, &f.bold)?;
    for (c, h) in INPUT_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(inputs_head, c as u16, *h, &f.head)?;
    }
    for (k, (i, pv)) in map.inputs.iter().zip(&computed.input_pv).enumerate() {
        let r = first_input + k as u32;
        let n = r1(r);
        ws.write_string(r, 0, &i.stakeholder)?;
        ws.write_string(r, 1, &i.name)?;
        ws.write_number_with_format(r, 2, f64::from(i.year), &f.whole)?;
        ws.write_number_with_format(r, 3, i.amount, &f.money)?;
        if let Some(y) = i.price_year {
            ws.write_number_with_format(r, 4, y as f64, &f.whole)?;
        }
        ws.write_number_with_format(r, 5, i.rebasing, &f.factor)?;
        ws.write_number_with_format(r, 6, i.optimism, &f.factor)?;
        let discount = match i.discount {
            Basis::Rate(rate) => {
                rate_cell(ws, r, 7, rate, map.discount, model_rate, &f)?;
                format!("/POWER(1+H{n},C{n})")
            }
            Basis::Schedule(s) => {
                ws.write_string(r, 7, s.name())?;
                let row = r1(schedule_row(
                    schedules.iter().position(|&x| x == s).unwrap(),
                ));
                format!(
                    "*SUMPRODUCT(({year_cols}=C{n})*{}${row}:{}${row})",
                    col(cols.years),
                    col(cols.years + n_years - 1)
                )
            }
        };
        ws.write_formula_with_format(
            r,
            8,
            formula(format!("D{n}*F{n}*G{n}{discount}"), *pv),
            &f.money,
        )?;
    }

    // Declining schedules: their factors, as numbers, in the year columns.
    if !schedules.is_empty() {
        ws.write_string_with_format(schedule_row(0) - 1, 0, label::SCHEDULES, &f.bold)?;
        for (k, s) in schedules.iter().enumerate() {
            let r = schedule_row(k);
            ws.write_string(r, 0, s.name())?;
            for (t, factor) in s.factors(map.last_year).iter().enumerate() {
                ws.write_number_with_format(r, cols.years + t as u16, *factor, &f.factor)?;
            }
        }
    }

    // Outcomes.
    ws.write_string_with_format(outcomes_title, 0, label::OUTCOMES, &f.bold)?;
    for (c, h) in OUTCOME_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(head, c as u16, *h, &f.head)?;
    }
    for k in 0..cols.cohorts.1 {
        ws.write_string_with_format(
            head,
            cols.cohorts.0 + k,
            format!("{} {} weight", column::COHORT, k + 1),
            &f.head,
        )?;
    }
    for t in 0..n_years {
        ws.write_number_with_format(head, cols.years + t, f64::from(t), &f.year_head)?;
    }
    ws.write_string_with_format(head, cols.present_value, column::PRESENT_VALUE, &f.head)?;
    let rows = Rows {
        head,
        schedules: &schedules,
        schedule_rows: &(0..schedules.len()).map(schedule_row).collect::<Vec<_>>(),
    };
    for k in 0..map.outcomes.len() {
        outcome_row(
            ws,
            map,
            &computed,
            k,
            first_outcome + k as u32,
            &cols,
            &rows,
            &f,
        )?;
    }

    // Totals by year and in all.
    ws.write_string_with_format(total_row, 0, "Total", &f.bold)?;
    for c in (cols.years..cols.years + n_years).chain([cols.present_value]) {
        let l = col(c);
        let result: f64 = if c == cols.present_value {
            computed.present_value
        } else {
            computed
                .by_year
                .iter()
                .map(|y| y[(c - cols.years) as usize])
                .sum()
        };
        ws.write_formula_with_format(
            total_row,
            c,
            formula(
                format!("SUM({l}{}:{l}{})", r1(first_outcome), r1(last_outcome)),
                result,
            ),
            &f.money,
        )?;
    }

    ws.set_freeze_panes(head + 1, 2)?;
    ws.set_autofit_max_width(240);
    ws.autofit();
    Ok(())
}

/// Where the outcomes' heading row and the schedules' rows are (0-based).
struct Rows<'a> {
    head: u32,
    schedules: &'a [Schedule],
    schedule_rows: &'a [u32],
}

/// A discount rate cell: the model's cell by reference when the item has no rate of its
/// own, so that one edit there moves every such item; else the item's own rate.
fn rate_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    rate: f64,
    model: Basis,
    model_cell: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    if model == Basis::Rate(rate) {
        ws.write_formula_with_format(r, c, formula(model_cell.to_string(), rate), &f.percent)?;
    } else {
        ws.write_number_with_format(r, c, rate, &f.percent)?;
    }
    Ok(())
}

/// One outcome's row: its figures, then impact, cohort weights, each year's value and
/// present value as formulas.
#[allow(clippy::too_many_arguments)]
fn outcome_row(
    ws: &mut Worksheet,
    map: &ValueMap,
    computed: &Computed,
    k: usize,
    r: u32,
    cols: &Cols,
    rows: &Rows,
    f: &Formats,
) -> Result<(), XlsxError> {
    let o = &map.outcomes[k];
    let n = r + 1;
    let h = rows.head + 1;
    let at = |c: u16| format!("${}{n}", col(c));
    let text = |ws: &mut Worksheet, c: u16, s: &Option<String>| -> Result<(), XlsxError> {
        if let Some(s) = s {
            ws.write_string(r, c, s)?;
        }
        Ok(())
    };
    ws.write_string(r, 0, &o.stakeholder)?;
    ws.write_string(r, 1, &o.name)?;
    text(ws, 2, &o.indicator)?;
    text(ws, 3, &o.source)?;
    ws.write_number_with_format(r, cols.quantity, o.quantity, &f.quantity)?;
    ws.write_number_with_format(r, cols.duration, f64::from(o.duration), &f.whole)?;
    ws.write_number_with_format(r, cols.start, f64::from(o.start_year), &f.whole)?;
    text(ws, cols.value - 1, &o.proxy)?;
    ws.write_number_with_format(r, cols.value, o.value, &f.money)?;
    if let Some(y) = o.price_year {
        ws.write_number_with_format(r, cols.value + 1, y as f64, &f.whole)?;
    }
    ws.write_number_with_format(r, cols.rebasing, o.rebasing, &f.factor)?;
    text(ws, cols.rebasing + 1, &o.proxy_source)?;
    for (c, x) in [
        (cols.deadweight, o.deadweight),
        (cols.displacement, o.displacement),
        (cols.attribution, o.attribution),
        (cols.drop_off, o.drop_off),
    ] {
        ws.write_number_with_format(r, c, x, &f.percent)?;
    }
    ws.write_number_with_format(r, cols.optimism, o.optimism, &f.factor)?;
    ws.write_formula_with_format(
        r,
        cols.impact,
        formula(
            format!(
                "{}*{}*{}*{}*(1-{})*(1-{})*(1-{})",
                at(cols.quantity),
                at(cols.value),
                at(cols.rebasing),
                at(cols.optimism),
                at(cols.deadweight),
                at(cols.displacement),
                at(cols.attribution)
            ),
            computed.impact[k],
        ),
        &f.money,
    )?;
    let discount = match o.discount {
        Basis::Rate(rate) => {
            rate_cell(ws, r, cols.discount, rate, map.discount, "$B$4", f)?;
            None
        }
        Basis::Schedule(s) => {
            ws.write_string(r, cols.discount, s.name())?;
            rows.schedules.iter().position(|&x| x == s)
        }
    };
    for (c, w) in o.cohorts.iter().enumerate().take(cols.cohorts.1 as usize) {
        ws.write_number_with_format(r, cols.cohorts.0 + c as u16, *w, &f.factor)?;
    }
    let n_years = map.last_year as u16 + 1;
    let (start, duration, drop_off) = (at(cols.start), at(cols.duration), at(cols.drop_off));
    for t in 0..n_years {
        let year = format!("{}${h}", col(cols.years + t));
        // Cohort c counts from start + c for `duration` years, dropping off after its first.
        let term = |c: u16| {
            let first = if c == 0 {
                start.clone()
            } else {
                format!("({start}+{c})")
            };
            let weight = if cols.cohorts.1 == 0 {
                String::new()
            } else {
                format!("{}*", at(cols.cohorts.0 + c))
            };
            format!(
                "{weight}({year}>={first})*({year}<{first}+{duration})*POWER(1-{drop_off},({year}-{first})*({year}>={first}))"
            )
        };
        let terms: Vec<String> = (0..cols.cohorts.1.max(1)).map(term).collect();
        ws.write_formula_with_format(
            r,
            cols.years + t,
            formula(
                format!("{}*({})", at(cols.impact), terms.join("+")),
                computed.by_year[k][t as usize],
            ),
            &f.money,
        )?;
    }
    let (first, last) = (col(cols.years), col(cols.years + n_years - 1));
    let factors = match discount {
        None => format!("1/POWER(1+{},{first}${h}:{last}${h})", at(cols.discount)),
        Some(s) => {
            let row = rows.schedule_rows[s] + 1;
            format!("{first}${row}:{last}${row}")
        }
    };
    ws.write_formula_with_format(
        r,
        cols.present_value,
        formula(
            format!("SUMPRODUCT({first}{n}:{last}{n},{factors})"),
            computed.outcome_pv[k],
        ),
        &f.money,
    )?;
    Ok(())
}
