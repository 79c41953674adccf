//! The ratio's distribution (a histogram of every draw, with the expected ratio, the base
//! case, the median and the interval marked) and the acceptability curve (the chance the
//! ratio reaches each level, one line per option, each drawn its own way so that one
//! lying under another still shows).

use svg::Document;
use svg::node::element::{Circle, Group, Polyline};

use super::{
    BLUE, FONT, INK, ORANGE, PALE, SERIES, Scale, axis_room, document, haloed, label, legend, line,
    plot_top, rect, round, stacked, text_width, ticks, x_axis, y_axis,
};
use crate::analysis::detail::Histogram;
use crate::report::ratio;

/// What to mark on the ratio's histogram.
#[derive(Debug, Clone, Copy)]
pub struct Marks {
    /// The expected ratio (mean value / mean cost), the figure to quote.
    pub expected: f64,
    /// The base-case ratio.
    pub base: f64,
    /// The median of the draws.
    pub median: f64,
    /// The interval's ends.
    pub interval: (f64, f64),
    /// The interval's level, e.g. `95%`.
    pub level: f64,
}

/// Where the expected ratio is drawn.
pub const GREEN: &str = "#2f855a";
/// Dashes of each option's curve, in file order (the first solid).
const DASHES: [&str; 4] = ["none", "9 5", "3 4", "12 4 3 4"];
const LEFT: f64 = 64.0;

/// The histogram of the ratio `width` units wide. `unit` is the currency symbol (`£`).
pub fn histogram(title: &str, h: &Histogram, marks: &Marks, unit: &str, width: f64) -> Document {
    let right = width - 20.0;
    let (lo, hi) = marks.interval;
    let swatch = |colour: &str, dash: bool, w: f64| {
        let l = line(-6.0, 0.0, 10.0, 0.0, colour, w);
        Group::new().add(if dash {
            l.set("stroke-dasharray", "5 3")
        } else {
            l
        })
    };
    let block = |fill: &str| Group::new().add(rect(-6.0, -6.0, 16.0, 12.0, fill));
    let (keys, rows) = legend(
        vec![
            (
                swatch(GREEN, false, 3.0),
                format!("expected {}", ratio(marks.expected)),
            ),
            (
                block(BLUE),
                format!(
                    "{} interval {}–{}",
                    level(marks.level),
                    ratio(lo),
                    ratio(hi)
                ),
            ),
            (
                swatch(INK, false, 1.5),
                format!("median {}", ratio(marks.median)),
            ),
            (
                swatch(ORANGE, true, 2.0),
                format!("base case {}", ratio(marks.base)),
            ),
        ],
        LEFT + 10.0,
        16.0,
        right,
    );
    let top = plot_top(rows) - 4.0;
    let bottom = top + 210.0;
    let total = h.total().max(1) as f64;
    let shares: Vec<f64> = h.counts.iter().map(|&c| c as f64 / total).collect();
    let peak = shares.iter().copied().fold(0.0, f64::max);
    let (_, y_hi, y_ticks) = ticks(0.0, peak.max(1e-9), 4);
    let y = Scale {
        d0: 0.0,
        d1: y_hi,
        r0: bottom,
        r1: top,
    };
    let n = if stacked(width) { 5 } else { 8 };
    let (x_lo, x_hi, x_ticks) = ticks(h.edge(0), h.edge(h.counts.len()), n);
    let x = Scale {
        d0: x_lo,
        d1: x_hi,
        r0: LEFT,
        r1: right,
    };
    let pct = |p: f64| format!("{}%", trim(100.0 * p));
    let mut doc = document(title, width, bottom + axis_room(width) + 8.0)
        .add(y_axis(&y, &y_ticks, LEFT, right, "Share of draws", &pct))
        .add(x_axis(
            &x,
            &x_ticks,
            bottom,
            top,
            &format!("SROI ratio ({unit} of social value per {unit}1 invested)"),
            &|t| trim(t),
        ));
    let mut bars = Group::new();
    for (i, &s) in shares.iter().enumerate() {
        let (a, b) = (x.at(h.edge(i)), x.at(h.edge(i + 1)));
        let mid = h.edge(i) + h.width / 2.0;
        let fill = if mid >= lo && mid <= hi { BLUE } else { PALE };
        bars = bars.add(rect(a + 0.5, y.at(s), b - a - 1.0, bottom - y.at(s), fill));
    }
    doc = doc.add(bars);
    let mark = |at: f64, colour: &str, dash: bool, w: f64| {
        let l = line(x.at(at), top - 6.0, x.at(at), bottom, colour, w);
        if dash {
            l.set("stroke-dasharray", "5 3")
        } else {
            l
        }
    };
    doc.add(mark(marks.median, INK, false, 1.5))
        .add(mark(marks.base, ORANGE, true, 2.0))
        .add(mark(marks.expected, GREEN, false, 3.0))
        .add(keys)
}

/// The acceptability curve of each option, `width` units wide: (name, points (k, chance
/// the ratio is at least k)). Each curve has its own colour and dashes, drawn first to
/// last, so a curve lying exactly under another still shows through its gaps.
pub fn acceptability(
    title: &str,
    series: &[(String, Vec<(f64, f64)>)],
    unit: &str,
    width: f64,
) -> Document {
    let right = width - 20.0;
    let style = |i: usize| (SERIES[i % SERIES.len()], DASHES[i % DASHES.len()]);
    let (keys, rows) = if series.len() > 1 {
        let keys = series
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                let (colour, dash) = style(i);
                let key = Group::new()
                    .add(line(-10.0, 0.0, 14.0, 0.0, colour, 2.5).set("stroke-dasharray", dash));
                let room = ((right - LEFT - 40.0) / text_width("x", FONT - 1.0)) as usize;
                (key, short(name, room.min(80)))
            })
            .collect();
        legend(keys, LEFT + 14.0, 16.0, right)
    } else {
        (Group::new(), 1)
    };
    let top = plot_top(rows) - 4.0;
    let bottom = top + 210.0;
    let xs = series.iter().flat_map(|(_, p)| p.iter().map(|&(k, _)| k));
    let lo = xs.clone().fold(f64::INFINITY, f64::min);
    let hi = xs.fold(f64::NEG_INFINITY, f64::max);
    let n = if stacked(width) { 5 } else { 8 };
    let (x_lo, x_hi, x_ticks) = ticks(lo.min(0.0).max(lo), hi, n);
    let x = Scale {
        d0: x_lo,
        d1: x_hi,
        r0: LEFT,
        r1: right,
    };
    let y = Scale {
        d0: 0.0,
        d1: 1.0,
        r0: bottom,
        r1: top,
    };
    let pct = |p: f64| format!("{}%", trim(100.0 * p));
    let mut doc = document(title, width, bottom + axis_room(width) + 8.0)
        .add(y_axis(
            &y,
            &[0.0, 0.25, 0.5, 0.75, 1.0],
            LEFT,
            right,
            "Chance of reaching it",
            &pct,
        ))
        .add(x_axis(
            &x,
            &x_ticks,
            bottom,
            top,
            &format!("SROI ratio to reach ({unit} of social value per {unit}1 invested)"),
            &|t| trim(t),
        ));
    if (x_lo..=x_hi).contains(&1.0) {
        doc = doc
            .add(line(x.at(1.0), top, x.at(1.0), bottom, INK, 1.0).set("stroke-dasharray", "3 3"));
    }
    for (i, (_, points)) in series.iter().enumerate() {
        let (colour, dash) = style(i);
        let coords: Vec<String> = points
            .iter()
            .filter(|&&(k, _)| k >= x_lo && k <= x_hi)
            .map(|&(k, p)| format!("{},{}", round(x.at(k)), round(y.at(p))))
            .collect();
        doc = doc.add(
            Polyline::new()
                .set("points", coords.join(" "))
                .set("fill", "none")
                .set("stroke", colour)
                .set("stroke-dasharray", dash)
                .set("stroke-width", 2.5),
        );
    }
    if series.len() == 1 {
        // Mark where the curve crosses the break-even ratio, the figure most asked for,
        // its words below the curve (which only falls to the right) and haloed.
        if let Some(&(k, p)) = series[0].1.iter().find(|&&(k, _)| k >= 1.0) {
            let words = format!("{} chance of {} or more", pct_1(p), ratio(k));
            let (cx, cy) = (x.at(k), y.at(p));
            let w = text_width(&words, FONT - 1.0);
            let (at, anchor) = if cx - 12.0 - w >= LEFT + 4.0 {
                (cx - 12.0, "end")
            } else {
                (cx + 12.0, "start")
            };
            let ty = (cy + 22.0).min(bottom - 8.0);
            doc = doc
                .add(
                    Circle::new()
                        .set("cx", round(cx))
                        .set("cy", round(cy))
                        .set("r", 4)
                        .set("fill", ORANGE),
                )
                .add(haloed(label(&words, at, ty, FONT - 1.0, anchor)));
        }
    }
    doc.add(keys)
}

fn level(l: f64) -> String {
    format!("{}%", trim(100.0 * l))
}

fn pct_1(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// A tick's number without trailing zeros.
pub fn trim(x: f64) -> String {
    let s = format!("{:.3}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A name cut to `n` characters.
pub fn short(name: &str, n: usize) -> String {
    if name.chars().count() <= n {
        name.to_string()
    } else {
        format!(
            "{}…",
            name.chars().take(n - 1).collect::<String>().trim_end()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bin_is_a_bar_and_the_marks_are_drawn() {
        let h = Histogram {
            start: 0.0,
            width: 0.5,
            counts: vec![1, 4, 3, 2],
            below: 0,
            above: 0,
        };
        let marks = Marks {
            expected: 1.15,
            base: 1.2,
            median: 1.1,
            interval: (0.5, 1.5),
            level: 0.95,
        };
        let s = histogram("Ratio", &h, &marks, "£", super::super::WIDTH).to_string();
        // Four bars, the legend's block and no others.
        assert_eq!(s.matches("<rect").count(), 5, "{s}");
        assert!(s.contains("median 1.10") && s.contains("base case 1.20"));
        assert!(s.contains("expected 1.15"), "{s}");
        assert!(s.contains("95% interval 0.50–1.50"));
        assert!(s.contains("SROI ratio (£ of social value per £1 invested)"));
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(trim(2.5), "2.5");
        assert_eq!(trim(3.0), "3");
        assert_eq!(trim(-0.0001), "0");
    }
}
