//! Charts as inline SVG, built element by element with the `svg` crate (never by pasting
//! markup): the ratio's distribution, present values with intervals, the acceptability
//! curve, the tornado, and amounts as bars against reference lines (value of information).
//!
//! Every chart has the same frame: a `<title>`, a plot area with ticks at round numbers,
//! labelled axes with their units, and text sized in the same units as the drawing
//! (`viewBox` [`WIDTH`] wide), so at the width of an A4 page the smallest text prints at
//! about 8 points. No fonts are measured: label widths are estimated from their length
//! (a generous 0.6 em a character for a sans-serif face), and long names are shortened
//! the same way wherever they appear.

pub mod bars;
pub mod distribution;
pub mod intervals;
pub mod tornado;

use svg::Document;
use svg::node::element::{Group, Line, Rectangle, Text, Title};

use crate::analysis::detail::nice_step;

/// Width of every chart in drawing units.
pub const WIDTH: f64 = 760.0;
/// Size of ordinary text.
pub const FONT: f64 = 13.0;
/// Ink for text and axes.
pub const INK: &str = "#222222";
/// Grid lines.
pub const GRID: &str = "#d9d9d9";
/// The main series.
pub const BLUE: &str = "#2b6cb0";
/// A light fill of the main series (intervals).
pub const PALE: &str = "#c3dafe";
/// A contrasting series (the 5th-percentile side of a tornado, the base case).
pub const ORANGE: &str = "#c05621";
/// Colours of several options, in file order.
pub const SERIES: [&str; 6] = [
    "#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#4a5568",
];

/// Longest name of a bar's row, in characters (names are shortened as in the terminal's
/// tornado).
pub const LABEL: usize = 44;
/// Height of a bar's row.
pub const ROW: f64 = 26.0;

/// The names of bars' rows, shortened to [`LABEL`], and the width they need (at least
/// 60, at most half the chart).
pub fn row_labels<'a>(names: impl Iterator<Item = &'a str>) -> (Vec<String>, f64) {
    let names: Vec<String> = names
        .map(|n| crate::report::tornado::shorten(n, LABEL))
        .collect();
    let width = names
        .iter()
        .map(|n| text_width(n, FONT - 1.0))
        .fold(60.0, f64::max)
        .min(WIDTH * 0.5);
    (names, width)
}

/// The `i`th bar's row below `top`: the bar's top, its height, and the row's name set
/// right-aligned before `left`.
pub fn bar_row(i: usize, top: f64, left: f64, name: &str) -> (f64, f64, Text) {
    let y = top + ROW * i as f64 + 4.0;
    let h = ROW - 8.0;
    (
        y,
        h,
        label(name, left - 8.0, y + h / 2.0 + 4.0, FONT - 1.0, "end"),
    )
}

/// The estimated width of `text` at `size`.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// A linear map from data values to drawing positions.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// Data at the start of the range.
    pub d0: f64,
    /// Data at the end of the range.
    pub d1: f64,
    /// Drawing position of `d0`.
    pub r0: f64,
    /// Drawing position of `d1`.
    pub r1: f64,
}

impl Scale {
    /// The drawing position of `x`.
    pub fn at(&self, x: f64) -> f64 {
        if self.d1 == self.d0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (x - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Round ticks covering `lo ..= hi`, about `n` of them; returns the widened ends too.
pub fn ticks(lo: f64, hi: f64, n: usize) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5 * lo.abs().max(1.0), hi + 0.5 * hi.abs().max(1.0))
    };
    let step = nice_step((hi - lo) / n.max(1) as f64);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let count = ((end - start) / step).round() as usize;
    let ticks = (0..=count).map(|i| start + i as f64 * step).collect();
    (start, end, ticks)
}

/// Text at a point: `anchor` is `start`, `middle` or `end`.
pub fn label(text: &str, x: f64, y: f64, size: f64, anchor: &str) -> Text {
    Text::new(text)
        .set("x", round(x))
        .set("y", round(y))
        .set("font-size", size)
        .set("text-anchor", anchor)
        .set("fill", INK)
}

/// A straight line.
pub fn line(x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, width: f64) -> Line {
    Line::new()
        .set("x1", round(x1))
        .set("y1", round(y1))
        .set("x2", round(x2))
        .set("y2", round(y2))
        .set("stroke", colour)
        .set("stroke-width", width)
}

/// A filled rectangle.
pub fn rect(x: f64, y: f64, w: f64, h: f64, fill: &str) -> Rectangle {
    Rectangle::new()
        .set("x", round(x))
        .set("y", round(y))
        .set("width", round(w.max(0.0)))
        .set("height", round(h.max(0.0)))
        .set("fill", fill)
}

/// Two decimals are finer than any screen or printer.
pub fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// An empty chart `height` tall with its title (read by screen readers and shown as a
/// tooltip) and a description.
pub fn document(title: &str, height: f64) -> Document {
    Document::new()
        .set("viewBox", (0, 0, WIDTH, round(height)))
        .set("role", "img")
        .set("font-family", "Helvetica, Arial, sans-serif")
        .add(Title::new(title))
}

/// A horizontal axis along `y` with ticks formatted by `fmt`, light grid lines up to
/// `top`, and the axis title centred below.
pub fn x_axis(
    scale: &Scale,
    ticks: &[f64],
    y: f64,
    top: f64,
    title: &str,
    fmt: &dyn Fn(f64) -> String,
) -> Group {
    let mut g = Group::new();
    for &t in ticks {
        let x = scale.at(t);
        g = g
            .add(line(x, top, x, y, GRID, 1.0))
            .add(line(x, y, x, y + 5.0, INK, 1.0))
            .add(label(&fmt(t), x, y + 19.0, FONT - 1.0, "middle"));
    }
    g.add(line(scale.r0, y, scale.r1, y, INK, 1.0)).add(label(
        title,
        (scale.r0 + scale.r1) / 2.0,
        y + 40.0,
        FONT,
        "middle",
    ))
}

/// A vertical axis at `x` with ticks, grid lines across to `right`, and its title turned
/// up the left edge.
pub fn y_axis(
    scale: &Scale,
    ticks: &[f64],
    x: f64,
    right: f64,
    title: &str,
    fmt: &dyn Fn(f64) -> String,
) -> Group {
    let mut g = Group::new();
    for &t in ticks {
        let y = scale.at(t);
        g = g.add(line(x, y, right, y, GRID, 1.0)).add(label(
            &fmt(t),
            x - 6.0,
            y + 4.0,
            FONT - 1.0,
            "end",
        ));
    }
    let mid = (scale.r0 + scale.r1) / 2.0;
    g.add(line(x, scale.r0, x, scale.r1, INK, 1.0)).add(
        label(title, 16.0, mid, FONT, "middle")
            .set("transform", format!("rotate(-90 16 {})", round(mid))),
    )
}

/// A row of legend keys along `y` from `x`: (swatch drawn at a point, words).
pub fn legend(items: Vec<(Group, String)>, x: f64, y: f64) -> Group {
    let mut g = Group::new();
    let mut at = x;
    for (swatch, words) in items {
        g = g
            .add(swatch.set(
                "transform",
                format!("translate({} {})", round(at), round(y)),
            ))
            .add(label(&words, at + 18.0, y + 4.0, FONT - 1.0, "start"));
        at += 30.0 + text_width(&words, FONT - 1.0);
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let (lo, hi, t) = ticks(0.3, 4.2, 5);
        assert_eq!((lo, hi), (0.0, 5.0));
        assert_eq!(t, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        let (lo, hi, _) = ticks(-120_000.0, 80_000.0, 4);
        assert_eq!((lo, hi), (-150_000.0, 100_000.0));
    }

    #[test]
    fn scales_map_ends_to_ends() {
        let s = Scale {
            d0: 0.0,
            d1: 10.0,
            r0: 100.0,
            r1: 600.0,
        };
        assert_eq!(s.at(0.0), 100.0);
        assert_eq!(s.at(10.0), 600.0);
        assert_eq!(s.at(5.0), 350.0);
    }

    #[test]
    fn text_is_escaped() {
        let doc = document("A < B & \"C\"", 100.0).add(label("x < y", 1.0, 2.0, 10.0, "start"));
        let s = doc.to_string();
        assert!(s.contains("<title>A &lt; B &amp; \"C\"</title>"), "{s}");
        assert!(s.contains("x &lt; y") && !s.contains("x < y"), "{s}");
    }
}
