//! The tornado: for each quantity with the widest swings, the base-case ratio with that
//! quantity alone at its 5th percentile and at its 95th, drawn as a bar either side of
//! the base case, widest first.

use svg::Document;
use svg::node::element::Group;

use super::distribution::trim;
use super::{
    BLUE, INK, ORANGE, Scale, axis_room, bar_row, document, legend, line, plot_top, rect,
    row_height, row_labels, stacked, ticks, x_axis,
};
use crate::report::ratio;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The quantity's name.
    pub name: String,
    /// The ratio with it at its 5th percentile.
    pub at_low: f64,
    /// The ratio with it at its 95th percentile.
    pub at_high: f64,
}

/// Draws the bars `width` units wide around `base`, with the `target` ratio marked;
/// `unit` is `£`.
pub fn tornado(
    title: &str,
    bars: &[Bar],
    base: f64,
    target: f64,
    unit: &str,
    width: f64,
) -> Document {
    let (names, label_width) = row_labels(bars.iter().map(|b| b.name.as_str()), width);
    let left = label_width + 16.0;
    let right = width - 30.0;
    let figures = bars.iter().flat_map(|b| [b.at_low, b.at_high]);
    let lo = figures.clone().fold(base, f64::min);
    let hi = figures.fold(base, f64::max);
    let with_target = |a: f64, b: f64| {
        // Show the target when it is near the bars (within half their span again).
        let reach = (b - a) * 0.5;
        if target >= a - reach && target <= b + reach {
            (a.min(target), b.max(target))
        } else {
            (a, b)
        }
    };
    let (lo, hi) = with_target(lo, hi);
    let (d0, d1, ticks) = ticks(lo, hi, if stacked(width) { 4 } else { 6 });
    let mut keys = vec![
        (
            Group::new().add(rect(-6.0, -6.0, 16.0, 12.0, ORANGE)),
            "at its 5th percentile".to_string(),
        ),
        (
            Group::new().add(rect(-6.0, -6.0, 16.0, 12.0, BLUE)),
            "at its 95th".to_string(),
        ),
        (
            Group::new().add(line(2.0, -7.0, 2.0, 7.0, INK, 2.0)),
            format!("base case {}", ratio(base)),
        ),
    ];
    let show_target = target >= d0 && target <= d1 && target != base;
    if show_target {
        keys.push((
            Group::new().add(line(2.0, -7.0, 2.0, 7.0, INK, 1.5).set("stroke-dasharray", "4 3")),
            format!("target {}", ratio(target)),
        ));
    }
    let (keys, lines) = legend(keys, left.min(width - 560.0).max(10.0), 16.0, right);
    let top = plot_top(lines);
    let bottom = top + row_height(width) * bars.len() as f64 + 6.0;
    let x = Scale {
        d0,
        d1,
        r0: left,
        r1: right,
    };
    let mut doc = document(title, width, bottom + axis_room(width)).add(x_axis(
        &x,
        &ticks,
        bottom,
        top,
        &format!("Base-case SROI ratio ({unit} per {unit}1) with one quantity moved"),
        &|t| trim(t),
    ));
    for (i, (b, name)) in bars.iter().zip(&names).enumerate() {
        let (y, h, name) = bar_row(i, top, left, name, width);
        let part = |to: f64, colour: &str| {
            let (a, c) = (x.at(base.min(to)), x.at(base.max(to)));
            rect(a, y, c - a, h, colour)
        };
        doc = doc
            .add(name)
            .add(part(b.at_low, ORANGE))
            .add(part(b.at_high, BLUE));
    }
    doc = doc.add(line(x.at(base), top - 4.0, x.at(base), bottom, INK, 2.0));
    if show_target {
        doc = doc.add(
            line(x.at(target), top - 4.0, x.at(target), bottom, INK, 1.5)
                .set("stroke-dasharray", "4 3"),
        );
    }
    doc.add(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bar_has_two_sides_and_the_target_is_marked() {
        let bars = [
            Bar {
                name: "parameters.a".into(),
                at_low: 1.0,
                at_high: 3.0,
            },
            Bar {
                name: "parameters.b".into(),
                at_low: 2.5,
                at_high: 1.5,
            },
        ];
        let s = tornado("Tornado", &bars, 2.0, 1.2, "£", super::super::WIDTH).to_string();
        // Two rectangles a bar and two legend swatches.
        assert_eq!(s.matches("<rect").count(), 6);
        assert!(s.contains("target 1.20") && s.contains("base case 2.00"));
    }
}
