//! The ratio's distribution (a histogram of every draw, with the base case, the median
//! and the interval marked) and the acceptability curve (the chance the ratio is at least
//! k, against k, one line per option).

use svg::Document;
use svg::node::element::{Circle, Group, Polyline};

use super::{
    BLUE, FONT, INK, ORANGE, PALE, SERIES, Scale, WIDTH, document, label, legend, line, rect,
    round, ticks, x_axis, y_axis,
};
use crate::analysis::detail::Histogram;
use crate::report::ratio;

/// What to mark on the ratio's histogram.
#[derive(Debug, Clone, Copy)]
pub struct Marks {
    /// The base-case ratio.
    pub base: f64,
    /// The median of the draws.
    pub median: f64,
    /// The interval's ends.
    pub interval: (f64, f64),
    /// The interval's level, e.g. `95%`.
    pub level: f64,
}

const LEFT: f64 = 70.0;
const RIGHT: f64 = WIDTH - 20.0;

/// The histogram of the ratio. `unit` is the currency symbol (`£`).
pub fn histogram(title: &str, h: &Histogram, marks: &Marks, unit: &str) -> Document {
    let (top, bottom) = (40.0, 250.0);
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
    let (x_lo, x_hi, x_ticks) = ticks(h.edge(0), h.edge(h.counts.len()), 8);
    let x = Scale {
        d0: x_lo,
        d1: x_hi,
        r0: LEFT,
        r1: RIGHT,
    };
    let pct = |p: f64| format!("{}%", trim(100.0 * p));
    let mut doc = document(title, 330.0)
        .add(y_axis(&y, &y_ticks, LEFT, RIGHT, "Share of draws", &pct))
        .add(x_axis(
            &x,
            &x_ticks,
            bottom,
            top,
            &format!("SROI ratio ({unit} of social value per {unit}1 invested)"),
            &|t| trim(t),
        ));
    let (lo, hi) = marks.interval;
    let mut bars = Group::new();
    for (i, &s) in shares.iter().enumerate() {
        let (a, b) = (x.at(h.edge(i)), x.at(h.edge(i + 1)));
        let mid = h.edge(i) + h.width / 2.0;
        let fill = if mid >= lo && mid <= hi { BLUE } else { PALE };
        bars = bars.add(rect(a + 0.5, y.at(s), b - a - 1.0, bottom - y.at(s), fill));
    }
    doc = doc.add(bars);
    let mark = |at: f64, colour: &str, dash: bool| {
        let l = line(x.at(at), top - 6.0, x.at(at), bottom, colour, 2.0);
        if dash {
            l.set("stroke-dasharray", "5 3")
        } else {
            l
        }
    };
    doc = doc
        .add(mark(marks.median, INK, false))
        .add(mark(marks.base, ORANGE, true));
    let swatch = |colour: &str, dash: bool| {
        let l = line(-6.0, 0.0, 10.0, 0.0, colour, 2.0);
        Group::new().add(if dash {
            l.set("stroke-dasharray", "5 3")
        } else {
            l
        })
    };
    let block = |fill: &str| Group::new().add(rect(-6.0, -6.0, 16.0, 12.0, fill));
    doc.add(legend(
        vec![
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
                swatch(INK, false),
                format!("median {}", ratio(marks.median)),
            ),
            (
                swatch(ORANGE, true),
                format!("base case {}", ratio(marks.base)),
            ),
        ],
        LEFT + 10.0,
        16.0,
    ))
}

/// The acceptability curve of each option: (name, points (k, chance ratio ≥ k)).
pub fn acceptability(title: &str, series: &[(String, Vec<(f64, f64)>)], unit: &str) -> Document {
    let (top, bottom) = (40.0, 250.0);
    let xs = series.iter().flat_map(|(_, p)| p.iter().map(|&(k, _)| k));
    let lo = xs.clone().fold(f64::INFINITY, f64::min);
    let hi = xs.fold(f64::NEG_INFINITY, f64::max);
    let (x_lo, x_hi, x_ticks) = ticks(lo.min(0.0).max(lo), hi, 8);
    let x = Scale {
        d0: x_lo,
        d1: x_hi,
        r0: LEFT,
        r1: RIGHT,
    };
    let y = Scale {
        d0: 0.0,
        d1: 1.0,
        r0: bottom,
        r1: top,
    };
    let pct = |p: f64| format!("{}%", trim(100.0 * p));
    let mut doc = document(title, 330.0)
        .add(y_axis(
            &y,
            &[0.0, 0.25, 0.5, 0.75, 1.0],
            LEFT,
            RIGHT,
            "Chance the ratio is at least k",
            &pct,
        ))
        .add(x_axis(
            &x,
            &x_ticks,
            bottom,
            top,
            &format!("k: SROI ratio ({unit} per {unit}1 invested)"),
            &|t| trim(t),
        ));
    if (x_lo..=x_hi).contains(&1.0) {
        doc = doc
            .add(line(x.at(1.0), top, x.at(1.0), bottom, INK, 1.0).set("stroke-dasharray", "3 3"));
    }
    let mut keys = Vec::new();
    for (i, (name, points)) in series.iter().enumerate() {
        let colour = SERIES[i % SERIES.len()];
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
                .set("stroke-width", 2.5),
        );
        if series.len() > 1 {
            let key = Group::new().add(line(-6.0, 0.0, 10.0, 0.0, colour, 2.5));
            keys.push((key, short(name, 40)));
        }
    }
    if series.len() == 1 {
        // Mark where the curve crosses the break-even ratio, the figure most asked for.
        if let Some(&(k, p)) = series[0].1.iter().find(|&&(k, _)| k >= 1.0) {
            doc = doc
                .add(
                    Circle::new()
                        .set("cx", round(x.at(k)))
                        .set("cy", round(y.at(p)))
                        .set("r", 4)
                        .set("fill", ORANGE),
                )
                .add(label(
                    &format!("{} at k = {}", pct_1(p), ratio(k)),
                    x.at(k) + 10.0,
                    y.at(p) + 18.0,
                    FONT - 1.0,
                    "start",
                ));
        }
    } else {
        doc = doc.add(legend(keys, LEFT + 10.0, 16.0));
    }
    doc
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
            base: 1.2,
            median: 1.1,
            interval: (0.5, 1.5),
            level: 0.95,
        };
        let s = histogram("Ratio", &h, &marks, "£").to_string();
        // Four bars, the legend's block and no others.
        assert_eq!(s.matches("<rect").count(), 5, "{s}");
        assert!(s.contains("median 1.10") && s.contains("base case 1.20"));
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
