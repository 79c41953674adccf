//! Amounts as horizontal bars from zero, one row each in the order given, each labelled
//! with its amount, against reference amounts drawn as lines across every row: what
//! knowing each quantity would be worth (its EVPPI) against what knowing everything
//! would be (the EVPI, solid) and the estimate's noise floor (dashed).

use svg::Document;
use svg::node::element::Group;

use super::intervals::money_short;
use super::{
    BLUE, FONT, INK, axis_room, bar_row, document, from_zero, label, legend, line, plot_top, rect,
    row_height, row_labels, text_width, x_axis,
};
use crate::report::money;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// What it is (shortened to fit if long).
    pub name: String,
    /// Its amount, 0 or more.
    pub amount: f64,
}

/// A reference amount drawn across the rows.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Its words in the legend, the amount after them.
    pub name: String,
    /// The amount.
    pub at: f64,
    /// Drawn dashed (a threshold) rather than solid (a bound).
    pub dashed: bool,
}

/// Draws the bars `width` units wide against an axis titled `axis`, in `unit` (`£`), the
/// `bar` legend key naming what a bar is.
pub fn bars(
    title: &str,
    bars: &[Bar],
    marks: &[Mark],
    axis: &str,
    unit: &str,
    bar: &str,
    width: f64,
) -> Document {
    let (names, label_width) = row_labels(bars.iter().map(|b| b.name.as_str()), width);
    let amounts: Vec<String> = bars.iter().map(|b| money(b.amount, unit)).collect();
    let amount_width = amounts
        .iter()
        .map(|a| text_width(a, FONT - 1.0))
        .fold(0.0, f64::max);
    let left = label_width + 16.0;
    let right = width - 14.0 - amount_width;
    let mut keys = vec![(
        Group::new().add(rect(-6.0, -6.0, 16.0, 12.0, BLUE)),
        bar.to_string(),
    )];
    for m in marks {
        let (w, dash) = if m.dashed {
            (1.5, "4 3")
        } else {
            (2.0, "none")
        };
        keys.push((
            Group::new().add(line(2.0, -7.0, 2.0, 7.0, INK, w).set("stroke-dasharray", dash)),
            format!("{} {}", m.name, money(m.at, unit)),
        ));
    }
    let wide: f64 = keys
        .iter()
        .map(|(_, words)| 30.0 + text_width(words, FONT - 1.0))
        .sum();
    let (keys, lines) = legend(keys, left.min(width - wide).max(10.0), 16.0, width - 10.0);
    let top = plot_top(lines);
    let bottom = top + row_height(width) * bars.len() as f64 + 6.0;
    let hi = bars
        .iter()
        .map(|b| b.amount)
        .chain(marks.iter().map(|m| m.at))
        .fold(0.0, f64::max);
    let (x, ticks) = from_zero(hi, left, right, width);
    let mut doc = document(title, width, bottom + axis_room(width)).add(x_axis(
        &x,
        &ticks,
        bottom,
        top,
        axis,
        &|t| money_short(t, unit),
    ));
    for (i, ((b, name), amount)) in bars.iter().zip(&names).zip(&amounts).enumerate() {
        let (y, h, name) = bar_row(i, top, left, name, width);
        let end = x.at(b.amount.max(0.0));
        doc = doc
            .add(name)
            .add(rect(left, y, end - left, h, BLUE))
            .add(label(
                amount,
                end + 5.0,
                y + h / 2.0 + 4.0,
                FONT - 1.0,
                "start",
            ));
    }
    for m in marks {
        let (w, dash) = if m.dashed {
            (1.5, "4 3")
        } else {
            (2.0, "none")
        };
        let at = x.at(m.at);
        doc = doc.add(line(at, top - 4.0, at, bottom, INK, w).set("stroke-dasharray", dash));
    }
    doc.add(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(amounts: &[f64], marks: &[Mark]) -> String {
        let bars: Vec<Bar> = amounts
            .iter()
            .enumerate()
            .map(|(i, &amount)| Bar {
                name: format!("parameters.q{i}"),
                amount,
            })
            .collect();
        super::bars(
            "EVPPI",
            &bars,
            marks,
            "Value (£)",
            "£",
            "one quantity",
            super::super::WIDTH,
        )
        .to_string()
    }

    #[test]
    fn a_bar_a_row_its_amount_beside_it_and_each_mark_in_the_legend() {
        let marks = [
            Mark {
                name: "EVPI".into(),
                at: 3000.0,
                dashed: false,
            },
            Mark {
                name: "noise floor".into(),
                at: 40.0,
                dashed: true,
            },
        ];
        let s = chart(&[2600.0, 270.0], &marks);
        // Two bars and one legend swatch.
        assert_eq!(s.matches("<rect").count(), 3);
        assert!(s.contains("\n£2,600\n") && s.contains("\n£270\n"), "{s}");
        assert!(
            s.contains("EVPI £3,000") && s.contains("noise floor £40"),
            "{s}"
        );
        assert_eq!(s.matches("stroke-dasharray=\"4 3\"").count(), 2);
        // The axis reaches the EVPI: bars are drawn to scale against it.
        assert!(s.contains("\n£3k\n"), "{s}");
    }

    #[test]
    fn nothing_to_show_still_draws_an_axis_from_zero() {
        let s = chart(&[0.0, 0.0], &[]);
        assert!(s.contains("\n£0\n") && s.contains("\n£1\n"), "{s}");
        assert!(!s.contains("-£"), "{s}");
    }
}
