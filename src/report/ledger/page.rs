//! The funder's ledger on the HTML page: a section of its own per option, with `fig-ledger`
//! (each agency's savings by year, cashable and not, against what each funder pays) and
//! `table-ledger` (who pays, who saves), beside the kinds of value and the years.

use svg::Document;
use svg::node::element::Group;

use super::{NOTE, TITLE, YEARS_TITLE, kinds_grid, organisations_grid, ratio_lines, years_grid};
use crate::analysis::ledger::Ledger;
use crate::report::chart::intervals::money_short;
use crate::report::chart::{
    BLUE, FONT, NARROW, ORANGE, PALE, WIDTH, axis_room, bar_row, describe, document, from_zero,
    label, legend, plot_top, rect, row_height, row_labels, text_width, x_axis,
};
use crate::report::document::OptionPart;
use crate::report::figures::Figure;
use crate::report::page::{Ids, Section, table};
use crate::report::{currency_symbol, money};

/// The ledger's section of option `k`, or none when every value is social.
pub fn section(part: &OptionPart, k: usize, several: bool, ids: &mut Ids) -> Option<Section> {
    let r = &part.run;
    let l = &r.ledger;
    if !l.is_typed() {
        return None;
    }
    let mut organisations = table(
        &ids.take("table-ledger", k),
        TITLE,
        organisations_grid(l, &r.currency),
    );
    organisations.note = Some(NOTE.to_string());
    let mut tables = vec![
        organisations,
        table(
            &ids.take("table-ledger-value", k),
            "Fiscal, economic and social value (present value)",
            kinds_grid(l, &r.currency, r.ci_level),
        ),
    ];
    if l.agencies.iter().any(|a| !a.by_year.is_empty()) {
        tables.push(table(
            &ids.take("table-ledger-years", k),
            YEARS_TITLE,
            years_grid(l, &r.currency),
        ));
    }
    Some(Section {
        heading: if several {
            format!("Option {k}: who pays, who saves")
        } else {
            TITLE.to_string()
        },
        anchor: format!("ledger-{k}"),
        lines: ratio_lines(l, &r.currency),
        figures: vec![figure(l, &r.currency, &ids.take("fig-ledger", k))],
        beside: Vec::new(),
        tables,
    })
}

/// One row of the chart: a funder's payment, or an agency's saving in a year.
struct Row {
    name: String,
    /// What a funder pays (discounted), drawn in orange.
    pays: f64,
    /// An agency's cashable saving that year, drawn dark.
    cash: f64,
    /// The rest of its saving that year (capacity), drawn pale after the cash.
    capacity: f64,
}

/// `fig-ledger`: what each funder pays, then each agency's savings year by year.
pub fn figure(l: &Ledger, currency: &str, id: &str) -> Figure {
    let sym = currency_symbol(currency);
    let mut rows: Vec<Row> = l
        .organisations
        .iter()
        .filter(|o| o.pays != 0.0)
        .map(|o| Row {
            name: format!("Pays: {}", o.name),
            pays: o.pays,
            cash: 0.0,
            capacity: 0.0,
        })
        .collect();
    for a in &l.agencies {
        rows.extend(a.by_year.iter().map(|y| Row {
            name: format!("{}, year {}", a.name, y.year),
            pays: 0.0,
            cash: y.cashable,
            capacity: y.fiscal - y.cashable,
        }));
    }
    let title = "Who pays and who saves: each funder's payment and each agency's savings by year";
    let words = rows
        .iter()
        .map(|r| format!("{}: {}", r.name, money(r.pays + r.cash + r.capacity, &sym)))
        .collect::<Vec<_>>()
        .join("; ");
    let draw = |width| describe(chart(title, &rows, &sym, width), &words).to_string();
    let cash: f64 = l.agencies.iter().map(|a| a.cashable.mean).sum();
    let fiscal: f64 = l.agencies.iter().map(|a| a.fiscal.mean).sum();
    let caption = format!(
        "Orange bars: what each funder pays (present value, base case). Blue bars: each agency's savings in each year (base case, undiscounted, at the model's prices), dark for the part released as cash, pale for capacity (time or beds freed, not money). Over the draws, {} of the {} fiscal value (mean present value) is cashable.",
        money(cash, &sym),
        money(fiscal, &sym),
    );
    Figure {
        id: id.to_string(),
        title: title.to_string(),
        svg: draw(WIDTH),
        narrow: draw(NARROW),
        caption,
    }
}

/// Draws the rows `width` units wide as bars from zero (a negative amount is drawn as none
/// and labelled).
fn chart(title: &str, rows: &[Row], unit: &str, width: f64) -> Document {
    let (names, label_width) = row_labels(rows.iter().map(|r| r.name.as_str()), width);
    let amounts: Vec<String> = rows
        .iter()
        .map(|r| money(r.pays + r.cash + r.capacity, unit))
        .collect();
    let amount_width = amounts
        .iter()
        .map(|a| text_width(a, FONT - 1.0))
        .fold(0.0, f64::max);
    let left = label_width + 16.0;
    let right = width - 14.0 - amount_width;
    let keys: Vec<(Group, String)> = [
        (ORANGE, "pays (present value)"),
        (BLUE, "saves, cashable"),
        (PALE, "saves, capacity"),
    ]
    .map(|(colour, words)| {
        (
            Group::new().add(rect(-6.0, -6.0, 16.0, 12.0, colour)),
            words.to_string(),
        )
    })
    .to_vec();
    let wide: f64 = keys
        .iter()
        .map(|(_, words)| 30.0 + text_width(words, FONT - 1.0))
        .sum();
    let (keys, lines) = legend(keys, left.min(width - wide).max(10.0), 16.0, width - 10.0);
    let top = plot_top(lines);
    let bottom = top + row_height(width) * rows.len().max(1) as f64 + 6.0;
    let hi = rows
        .iter()
        .map(|r| r.pays.max(0.0) + r.cash.max(0.0) + r.capacity.max(0.0))
        .fold(0.0, f64::max);
    let (x, ticks) = from_zero(hi, left, right, width);
    let axis = format!("Amount ({})", unit.trim());
    let mut doc = document(title, width, bottom + axis_room(width)).add(x_axis(
        &x,
        &ticks,
        bottom,
        top,
        &axis,
        &|t| money_short(t, unit),
    ));
    for (i, ((r, name), amount)) in rows.iter().zip(&names).zip(&amounts).enumerate() {
        let (y, h, name) = bar_row(i, top, left, name, width);
        let mut at = left;
        doc = doc.add(name);
        for (part, colour) in [(r.pays, ORANGE), (r.cash, BLUE), (r.capacity, PALE)] {
            let end = x.at(part.max(0.0)) - left + at;
            if end > at {
                doc = doc.add(rect(at, y, end - at, h, colour));
            }
            at = end;
        }
        doc = doc.add(label(
            amount,
            at + 5.0,
            y + h / 2.0 + 4.0,
            FONT - 1.0,
            "start",
        ));
    }
    doc.add(keys)
}
