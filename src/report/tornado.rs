//! The tornado chart in plain text: one bar per quantity, left and right of the base-case
//! ratio, the widest first, so the assumptions that matter most stand at the top. From
//! `models/museum-volunteering-wellbeing.toml`:
//!
//! ```text
//!                                                                 1.43
//! outcomes."Volunteers' wellbeing…".value  1.06 ░░░░░░░░░░░░░░░░░░░░│█                    1.45
//! parameters.confidence_ls_gain            1.32               ░░░░░░│██████████████       1.69
//! parameters.regular_share                 1.25           ░░░░░░░░░░│████████             1.58
//! ```
//!
//! Each bar runs from the ratio with the quantity at its 5th percentile (`░`) to the
//! ratio at its 95th (`█`), scaled so the widest deviation from the base fills one half.
//! A dotted column `┊` marks the target ratio where it falls within the chart. Plain
//! Unicode block and box characters, no colour, so it reads the same in a terminal, a log
//! or a pasted report.

use super::ratio;

/// Cells on each side of the base-case ratio.
pub const HALF: usize = 20;
/// The most characters a label takes; longer names are shortened in the middle.
pub const LABEL: usize = 40;

/// One bar: a label and the ratios with the quantity at its 5th and 95th percentiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar<'a> {
    /// The quantity's name.
    pub label: &'a str,
    /// The ratio at the 5th percentile (`None`: not a valid point).
    pub at_low: Option<f64>,
    /// The ratio at the 95th percentile.
    pub at_high: Option<f64>,
}

/// Draws the chart: a line with the base ratio over the centre, then one line per bar.
pub fn draw(base: f64, target: f64, bars: &[Bar<'_>]) -> String {
    let deviation = |x: Option<f64>| x.map(|x| (x - base).abs()).filter(|d| d.is_finite());
    let widest = bars
        .iter()
        .flat_map(|b| [deviation(b.at_low), deviation(b.at_high)])
        .flatten()
        .fold(0.0, f64::max);
    // Cells from the centre for a deviation d (more than HALF: off the chart).
    let cells = |d: f64| {
        if widest > 0.0 {
            (d / widest * HALF as f64).round().min(1e6) as usize
        } else {
            0
        }
    };
    // The target's cell, counted from the centre (negative: left), when it is on the chart.
    let target_at = (widest > 0.0 && target != base)
        .then(|| {
            let n = cells((target - base).abs()) as isize;
            if target < base { -n } else { n }
        })
        .filter(|&n| n != 0 && n.unsigned_abs() <= HALF);

    let labels: Vec<String> = bars.iter().map(|b| shorten(b.label, LABEL)).collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let figures: Vec<(String, String)> = bars
        .iter()
        .map(|b| match (b.at_low, b.at_high) {
            (Some(l), Some(h)) => (ratio(l.min(h)), ratio(l.max(h))),
            (l, h) => (l.map_or("n/a".into(), ratio), h.map_or("n/a".into(), ratio)),
        })
        .collect();
    let figure_width = figures.iter().map(|(l, _)| l.len()).max().unwrap_or(0);

    let centre = label_width + 1 + figure_width + 1 + HALF;
    let head = ratio(base);
    let mut out = format!(
        "{}{head}\n",
        " ".repeat(centre.saturating_sub(head.len() / 2))
    );
    for ((bar, label), (left, right)) in bars.iter().zip(&labels).zip(&figures) {
        // Cells covered on each side by the bar to the 5th and to the 95th percentile.
        let reach = |x: Option<f64>, right: bool| match x {
            Some(x) if (x > base) == right && x != base => deviation(Some(x)).map_or(0, cells),
            _ => 0,
        };
        let cell = |n: usize, right: bool| {
            let offset = if right { n as isize } else { -(n as isize) };
            if reach(bar.at_high, right) >= n {
                '█'
            } else if reach(bar.at_low, right) >= n {
                '░'
            } else if target_at == Some(offset) {
                '┊'
            } else {
                ' '
            }
        };
        let line: String = (1..=HALF)
            .rev()
            .map(|n| cell(n, false))
            .chain(std::iter::once('│'))
            .chain((1..=HALF).map(|n| cell(n, true)))
            .collect();
        let pad = label_width - label.chars().count();
        out.push_str(&format!(
            "{label}{} {left:>figure_width$} {line} {right}\n",
            " ".repeat(pad)
        ));
    }
    out
}

/// A name cut to `width` characters, keeping its last field: `outcomes."Volunteers'
/// wellbeing from…".value` rather than losing which field it is.
pub fn shorten(name: &str, width: usize) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= width {
        return name.to_string();
    }
    // The last field is what follows the last dot outside quotes.
    let field_at = name
        .rfind('.')
        .filter(|&i| !name[i..].contains('"'))
        .map(|i| name[..i].chars().count());
    match field_at {
        Some(at) if chars.len() - at + 3 < width && chars[at - 1] == '"' => {
            let keep = width - (chars.len() - at) - 2;
            let field: String = chars[at..].iter().collect();
            let kept: String = chars[..keep].iter().collect();
            format!("{}…\"{field}", kept.trim_end())
        }
        Some(at) if chars.len() - at + 2 < width => {
            let keep = width - (chars.len() - at) - 1;
            let field: String = chars[at..].iter().collect();
            let kept: String = chars[..keep].iter().collect();
            format!("{}…{field}", kept.trim_end())
        }
        _ => format!("{}…", chars[..width - 1].iter().collect::<String>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_keep_their_field() {
        let name = "outcomes.\"Volunteers' wellbeing from regular volunteering\".value";
        let short = shorten(name, 40);
        // 32 characters kept, less the space they end with, then `…"` and the field.
        assert_eq!(short, "outcomes.\"Volunteers' wellbeing…\".value");
        assert_eq!(shorten("parameters.wellby", 40), "parameters.wellby");
        assert_eq!(
            shorten("parameters.a_very_long_parameter_name_indeed", 20),
            "parameters.a_very_l…"
        );
        assert_eq!(
            shorten("inputs.abcdefghijklmnopqrstuvwxyz.amount", 20),
            "inputs.abcde….amount"
        );
    }

    #[test]
    fn bars_are_scaled_to_the_widest_deviation() {
        // Base 2. a: 1 at the 5th percentile, 3 at the 95th (deviation 1 = the widest, 20
        // cells a side). b: 2.5 at the 5th, 1.5 at the 95th (10 cells each side, reversed).
        // The target 1 lies 1 below the base: the 20th cell on the left, covered by a.
        let bars = [
            Bar {
                label: "a",
                at_low: Some(1.0),
                at_high: Some(3.0),
            },
            Bar {
                label: "b",
                at_low: Some(2.5),
                at_high: Some(1.5),
            },
        ];
        let chart = draw(2.0, 1.0, &bars);
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(
            lines[0],
            format!("{}2.00", " ".repeat(1 + 1 + 4 + 1 + 20 - 2))
        );
        let a = format!("a 1.00 {}│{} 3.00", "░".repeat(20), "█".repeat(20));
        assert_eq!(lines[1], a);
        let b = format!(
            "b 1.50 ┊{}{}│{}{} 2.50",
            " ".repeat(9),
            "█".repeat(10),
            "░".repeat(10),
            " ".repeat(10)
        );
        assert_eq!(lines[2], b);
    }

    #[test]
    fn nothing_moves() {
        let bars = [Bar {
            label: "fixed",
            at_low: Some(2.0),
            at_high: Some(2.0),
        }];
        let chart = draw(2.0, 1.0, &bars);
        assert!(chart.lines().nth(1).unwrap().contains(&format!(
            "{}│{}",
            " ".repeat(20),
            " ".repeat(20)
        )));
    }
}
