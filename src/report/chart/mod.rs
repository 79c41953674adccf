//! Charts as inline SVG, built element by element with the `svg` crate (never by pasting
//! markup): the ratio's distribution, present values with intervals, the acceptability
//! curve, the tornado, and amounts as bars against reference lines (value of information).
//!
//! Every chart has the same frame: a `<title>` and a `<desc>` stating its figures, a plot
//! area with ticks at round numbers, labelled axes with their units, and text sized in the
//! same units as the drawing. Each chart is laid out twice: [`WIDTH`] units wide for a
//! page or an A4 sheet (where the smallest text prints at about 8 points), and [`NARROW`]
//! wide for a phone, shown at about as many CSS pixels, so its text stays about 12 px
//! there; the narrow layout sets row names above their rows and wraps its legend. No fonts are measured: label widths are estimated from their length
//! (a generous 0.6 em a character for a sans-serif face), and long names are shortened
//! the same way wherever they appear.

pub mod bars;
pub mod distribution;
pub mod intervals;
pub mod tornado;

use svg::Document;
use svg::node::element::{Description, Group, Line, Rectangle, Text, Title};

use crate::analysis::detail::nice_step;

/// Width of a chart laid out for a page or a printed sheet, in drawing units.
pub const WIDTH: f64 = 760.0;
/// Width of a chart laid out for a phone, in drawing units.
pub const NARROW: f64 = 360.0;
/// Height of a legend's row.
pub const LEGEND_ROW: f64 = 20.0;

/// True when a chart `width` wide sets row names above their rows rather than beside.
pub fn stacked(width: f64) -> bool {
    width < 500.0
}

/// The top of the plot area under a legend of `rows` rows.
pub fn plot_top(rows: usize) -> f64 {
    44.0 + LEGEND_ROW * rows.saturating_sub(1) as f64
}
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

/// The names of bars' rows, shortened to [`LABEL`] (or to the chart's width when
/// stacked), and the width they need beside the bars (at least 60, at most half the
/// chart; nothing when stacked).
pub fn row_labels<'a>(names: impl Iterator<Item = &'a str>, width: f64) -> (Vec<String>, f64) {
    let most = if stacked(width) {
        (((width - 20.0) / (0.6 * (FONT - 1.0))) as usize).min(LABEL)
    } else {
        LABEL
    };
    let names: Vec<String> = names
        .map(|n| crate::report::tornado::shorten(n, most))
        .collect();
    if stacked(width) {
        return (names, 0.0);
    }
    let w = names
        .iter()
        .map(|n| text_width(n, FONT - 1.0))
        .fold(60.0, f64::max)
        .min(width * 0.5);
    (names, w)
}

/// Height of a bar's row in a chart `width` wide (taller when the name sits above).
pub fn row_height(width: f64) -> f64 {
    if stacked(width) { ROW + 16.0 } else { ROW }
}

/// The `i`th bar's row below `top`: the bar's top, its height, and the row's name, set
/// right-aligned before `left` or, when stacked, above the bar from `left`.
pub fn bar_row(i: usize, top: f64, left: f64, name: &str, width: f64) -> (f64, f64, Text) {
    let row = row_height(width);
    let y = top + row * i as f64 + (row - ROW) + 4.0;
    let h = ROW - 8.0;
    let text = if stacked(width) {
        haloed(label(name, left, y - 4.0, FONT - 1.0, "start"))
    } else {
        label(name, left - 8.0, y + h / 2.0 + 4.0, FONT - 1.0, "end")
    };
    (y, h, text)
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

/// An axis of amounts from 0 to a round number at or past `hi`, drawn from `left` to
/// `right` on a chart `width` wide, with its ticks (fewer on a narrow chart). With nothing
/// positive to show it still runs from 0 to one unit, not around zero.
pub fn from_zero(hi: f64, left: f64, right: f64, width: f64) -> (Scale, Vec<f64>) {
    let n = if stacked(width) { 4 } else { 6 };
    let (_, d1, ticks) = ticks(0.0, if hi > 0.0 { hi } else { 1.0 }, n);
    let x = Scale {
        d0: 0.0,
        d1,
        r0: left,
        r1: right,
    };
    (x, ticks)
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

/// An empty chart `width` by `height` with its title (read by screen readers and shown
/// as a tooltip). [`describe`] adds the text that states its figures.
pub fn document(title: &str, width: f64, height: f64) -> Document {
    Document::new()
        .set("viewBox", (0, 0, width, round(height)))
        .set("role", "img")
        .set("font-family", "Helvetica, Arial, sans-serif")
        .add(Title::new(title))
}

/// A chart with its text alternative, the figures it shows in words, as its `<desc>`
/// (right after the title, where assistive technology looks for it).
pub fn describe(doc: Document, words: &str) -> Document {
    doc.add(Description::new().add(svg::node::Text::new(words)))
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
    let mid = (scale.r0 + scale.r1) / 2.0;
    g = g.add(line(scale.r0, y, scale.r1, y, INK, 1.0));
    for (i, part) in title_lines(title, scale.r1 - scale.r0 + 40.0)
        .iter()
        .enumerate()
    {
        g = g.add(label(part, mid, y + 40.0 + 16.0 * i as f64, FONT, "middle"));
    }
    g
}

/// Room below a chart's plot area for the axis: its ticks and a title of up to two lines.
pub fn axis_room(width: f64) -> f64 {
    if stacked(width) { 70.0 } else { 52.0 }
}

/// An axis title in one line, or two when it is wider than `room` (split before its
/// bracket, or at its middle space).
fn title_lines(title: &str, room: f64) -> Vec<String> {
    if text_width(title, FONT) <= room {
        return vec![title.to_string()];
    }
    let at = title.find(" (").or_else(|| {
        let half = title.len() / 2;
        title
            .match_indices(' ')
            .map(|(i, _)| i)
            .min_by_key(|&i| i.abs_diff(half))
    });
    match at {
        Some(i) => vec![title[..i].to_string(), title[i + 1..].to_string()],
        None => vec![title.to_string()],
    }
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

/// Legend keys in rows from (`x`, `y`), a new row whenever the next key would pass
/// `right`: (swatch drawn at a point, words). Returns the keys and how many rows they
/// took.
pub fn legend(items: Vec<(Group, String)>, x: f64, y: f64, right: f64) -> (Group, usize) {
    let mut g = Group::new();
    let (mut at, mut y, mut rows) = (x, y, 1);
    for (swatch, words) in items {
        let wide = 36.0 + text_width(&words, FONT - 1.0);
        if at > x && at + wide - 12.0 > right {
            (at, y, rows) = (x, y + LEGEND_ROW, rows + 1);
        }
        g = g
            .add(swatch.set(
                "transform",
                format!("translate({} {})", round(at), round(y)),
            ))
            .add(label(&words, at + 18.0, y + 4.0, FONT - 1.0, "start"));
        at += wide;
    }
    (g, rows)
}

/// Text drawn over lines with a white halo, so no line strikes through it.
pub fn haloed(text: Text) -> Text {
    text.set("stroke", "white")
        .set("stroke-width", 4)
        .set("stroke-linejoin", "round")
        .set("paint-order", "stroke")
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
        let doc =
            document("A < B & \"C\"", WIDTH, 100.0).add(label("x < y", 1.0, 2.0, 10.0, "start"));
        let s = doc.to_string();
        assert!(s.contains("<title>A &lt; B &amp; \"C\"</title>"), "{s}");
        assert!(s.contains("x &lt; y") && !s.contains("x < y"), "{s}");
    }
}
