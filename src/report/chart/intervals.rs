//! Amounts with their intervals, one row each: present value by outcome or stakeholder,
//! and each option's NPV minus the baseline's. A line spans the interval, a dot marks the
//! mean and a diamond the base case; a zero line shows which side of nothing each is.

use svg::Document;
use svg::node::element::{Circle, Group, Path};

use super::distribution::short;
use super::{
    BLUE, FONT, GRID, INK, ORANGE, Scale, axis_room, document, haloed, label, legend, line,
    plot_top, round, stacked, text_width, ticks, x_axis,
};

/// One row: its name and the figures to draw.
#[derive(Debug, Clone)]
pub struct Row {
    /// What the row is (shortened to fit if long).
    pub name: String,
    /// The base case.
    pub base: f64,
    /// The mean of the draws.
    pub mean: f64,
    /// The interval's ends.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
}

/// Longest label, in characters, before it is shortened.
pub const LABEL: usize = 42;
const ROW: f64 = 30.0;

/// Draws the rows `width` units wide against an axis titled `axis`, amounts in `unit`,
/// the interval at `level` (its words, e.g. `95% interval`). Names sit beside their rows,
/// or above them on a narrow chart; the plot starts a marker's width clear of them.
pub fn intervals(
    title: &str,
    rows: &[Row],
    axis: &str,
    unit: &str,
    level: &str,
    width: f64,
) -> Document {
    let narrow = stacked(width);
    let most = if narrow {
        (((width - 20.0) / (0.6 * FONT)) as usize).min(LABEL)
    } else {
        LABEL
    };
    let names: Vec<String> = rows.iter().map(|r| short(&r.name, most)).collect();
    let left = if narrow {
        14.0
    } else {
        names
            .iter()
            .map(|n| text_width(n, FONT))
            .fold(60.0, f64::max)
            .min(width * 0.42)
            + 16.0
    };
    let right = width - 30.0;
    let row_h = if narrow { ROW + 16.0 } else { ROW };
    let (keys, lines) = legend(
        vec![
            (
                Group::new().add(line(-6.0, 0.0, 10.0, 0.0, BLUE, 4.0)),
                level.to_string(),
            ),
            (Group::new().add(dot(2.0, 0.0)), "mean".to_string()),
            (Group::new().add(diamond(2.0, 0.0)), "base case".to_string()),
        ],
        left.min(width - 300.0).max(14.0),
        16.0,
        right,
    );
    let top = plot_top(lines);
    let bottom = top + row_h * rows.len() as f64 + 6.0;
    let figures = rows
        .iter()
        .flat_map(|r| [r.base, r.mean, r.low, r.high, 0.0]);
    let lo = figures.clone().fold(f64::INFINITY, f64::min);
    let hi = figures.fold(f64::NEG_INFINITY, f64::max);
    let (d0, d1, ticks) = ticks(lo, hi, if narrow { 3 } else { 6 });
    // Markers are 12 wide: the plot keeps clear of the names by more than that.
    let x = Scale {
        d0,
        d1,
        r0: left + 12.0,
        r1: right,
    };
    let fmt = |t: f64| money_short(t, unit);
    let mut doc = document(title, width, bottom + axis_room(width))
        .add(x_axis(&x, &ticks, bottom, top, axis, &fmt));
    if d0 < 0.0 && d1 > 0.0 {
        doc = doc.add(line(x.at(0.0), top, x.at(0.0), bottom, INK, 1.5));
    }
    for (i, (r, name)) in rows.iter().zip(&names).enumerate() {
        let y = top + row_h * i as f64 + row_h - ROW / 2.0;
        let name = if narrow {
            haloed(label(name, left, y - 13.0, FONT, "start"))
        } else {
            label(name, left - 8.0, y + 4.5, FONT, "end")
        };
        doc = doc
            .add(line(x.r0, y, right, y, GRID, 0.5).set("stroke-dasharray", "2 4"))
            .add(name)
            .add(line(x.at(r.low), y, x.at(r.high), y, BLUE, 4.0))
            .add(line(x.at(r.low), y - 7.0, x.at(r.low), y + 7.0, BLUE, 2.0))
            .add(line(
                x.at(r.high),
                y - 7.0,
                x.at(r.high),
                y + 7.0,
                BLUE,
                2.0,
            ))
            .add(diamond(x.at(r.base), y))
            .add(dot(x.at(r.mean), y));
    }
    doc.add(keys)
}

fn dot(x: f64, y: f64) -> Circle {
    Circle::new()
        .set("cx", round(x))
        .set("cy", round(y))
        .set("r", 5)
        .set("fill", "white")
        .set("stroke", INK)
        .set("stroke-width", 2)
}

fn diamond(x: f64, y: f64) -> Path {
    Path::new()
        .set(
            "d",
            format!("M{} {}l6 6l-6 6l-6 -6z", round(x), round(y - 6.0)),
        )
        .set("fill", ORANGE)
}

/// An amount for an axis: `£0`, `£250k`, `-£1.5m`.
pub fn money_short(x: f64, unit: &str) -> String {
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    let (value, suffix) = if a >= 1e9 {
        (a / 1e9, "bn")
    } else if a >= 1e6 {
        (a / 1e6, "m")
    } else if a >= 1e3 {
        (a / 1e3, "k")
    } else {
        (a, "")
    };
    format!(
        "{sign}{unit}{}{suffix}",
        super::distribution::trim((value * 100.0).round() / 100.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_amounts_are_short() {
        assert_eq!(money_short(0.0, "£"), "£0");
        assert_eq!(money_short(250_000.0, "£"), "£250k");
        assert_eq!(money_short(-1_500_000.0, "£"), "-£1.5m");
        assert_eq!(money_short(400.0, "$"), "$400");
    }

    #[test]
    fn one_row_per_figure_with_a_zero_line_when_zero_is_inside() {
        let rows = [
            Row {
                name: "Gain".into(),
                base: 10.0,
                mean: 12.0,
                low: 5.0,
                high: 20.0,
            },
            Row {
                name: "Loss".into(),
                base: -4.0,
                mean: -5.0,
                low: -9.0,
                high: -1.0,
            },
        ];
        let s = intervals(
            "PV",
            &rows,
            "Present value (£)",
            "£",
            "95% interval",
            super::super::WIDTH,
        )
        .to_string();
        // Two rows and the legend: three dots and three diamonds.
        assert_eq!(s.matches("<circle").count(), 3);
        assert_eq!(s.matches("<path").count(), 3);
        assert!(s.contains("Gain") && s.contains("Loss"));
        assert!(s.contains("stroke-width=\"1.5\""), "zero line: {s}");
    }
}
