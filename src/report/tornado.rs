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

/// The most cells on each side of the base-case ratio.
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

/// Draws the chart at most `width` columns wide: a line with the base ratio over the
/// centre, then one line per bar.
pub fn draw(base: f64, target: f64, bars: &[Bar<'_>], width: usize) -> String {
    let deviation = |x: Option<f64>| x.map(|x| (x - base).abs()).filter(|d| d.is_finite());
    let widest = bars
        .iter()
        .flat_map(|b| [deviation(b.at_low), deviation(b.at_high)])
        .flatten()
        .fold(0.0, f64::max);
    let cut = label_width(width);
    let labels: Vec<String> = bars.iter().map(|b| shorten(b.label, cut)).collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let figures: Vec<(String, String)> = bars
        .iter()
        .map(|b| match (b.at_low, b.at_high) {
            (Some(l), Some(h)) => (ratio(l.min(h)), ratio(l.max(h))),
            (l, h) => (l.map_or("n/a".into(), ratio), h.map_or("n/a".into(), ratio)),
        })
        .collect();
    let figure_width = figures.iter().map(|(l, _)| l.len()).max().unwrap_or(0);

    // Cells a side: up to HALF, fewer in a narrow terminal so each line fits.
    let room = width.saturating_sub(label_width + 2 * figure_width + 5);
    let half = (room / 2).clamp(6, HALF);
    // Cells from the centre for a deviation d (more than `half`: off the chart).
    let cells = |d: f64| {
        if widest > 0.0 {
            (d / widest * half as f64).round().min(1e6) as usize
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
        .filter(|&n| n != 0 && n.unsigned_abs() <= half);

    let centre = label_width + 1 + figure_width + 1 + half;
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
        let line: String = (1..=half)
            .rev()
            .map(|n| cell(n, false))
            .chain(std::iter::once('│'))
            .chain((1..=half).map(|n| cell(n, true)))
            .collect();
        let pad = label_width - label.chars().count();
        out.push_str(&format!(
            "{label}{} {left:>figure_width$} {line} {right}\n",
            " ".repeat(pad)
        ));
    }
    out
}

/// The longest field that follows an item's quoted name (`.displacement`).
const LONGEST_FIELD: usize = ".displacement".len();

/// A name cut to at most `width` characters, the same way wherever it appears.
///
/// A name with a quoted item (`outcomes."Volunteers' wellbeing from regular
/// volunteering".value`) keeps its head and field and cuts the item, and the cut depends
/// only on the head and the item, never on the field: every field of one outcome shows
/// the outcome's name cut at the same place, in the chart and in the table. Other names
/// keep their last field if they can (`inputs.abc….amount`), else their start.
pub fn shorten(name: &str, width: usize) -> String {
    if let Some((head, item, tail)) = split_quoted(name) {
        let (h, i) = (head.chars().count(), item.chars().count());
        // Whether to cut depends on the head and item alone, so every field of one item
        // reads the same: cut if the longest field would not fit.
        if h + i + 2 + LONGEST_FIELD > width {
            let cut = |room: usize| -> String {
                if i <= room {
                    item.to_string()
                } else {
                    let kept: String = item.chars().take(room.saturating_sub(1)).collect();
                    format!("{}…", kept.trim_end())
                }
            };
            let room = width.saturating_sub(h + 2 + LONGEST_FIELD);
            let short = if room >= 6 {
                format!("{head}\"{}\"{tail}", cut(room))
            } else {
                // Too narrow to keep `outcomes.` too: the field says what it is.
                format!("\"{}\"{tail}", cut(width.saturating_sub(2 + LONGEST_FIELD)))
            };
            if short.chars().count() <= width {
                return short;
            }
        }
    }
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
        Some(at) if chars.len() - at + 2 < width => {
            let keep = width - (chars.len() - at) - 1;
            let field: String = chars[at..].iter().collect();
            let kept: String = chars[..keep].iter().collect();
            format!("{}…{field}", kept.trim_end())
        }
        _ => format!("{}…", chars[..width - 1].iter().collect::<String>()),
    }
}

/// `head"item"tail` split at its first and last quote.
fn split_quoted(name: &str) -> Option<(&str, &str, &str)> {
    let open = name.find('"')?;
    let close = name.rfind('"').filter(|&c| c > open)?;
    Some((&name[..open], &name[open + 1..close], &name[close + 1..]))
}

/// The width names are cut to in output `total` characters wide: [`LABEL`] from 94
/// columns up, less in a narrower terminal, so that the sensitivity table's name, base,
/// percentiles, ratios and swing (54 characters besides the name) fit on one line.
pub fn label_width(total: usize) -> usize {
    LABEL.min(total.saturating_sub(54)).max(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_keep_their_field() {
        let name = "outcomes.\"Volunteers' wellbeing from regular volunteering\".value";
        // The item keeps 40 - 9 (`outcomes.`) - 2 (quotes) - 13 (`.displacement`) = 16
        // characters, the last of them `…`, whatever the field.
        let short = shorten(name, 40);
        assert_eq!(short, "outcomes.\"Volunteers' wel…\".value");
        let other = name.replace(".value", ".displacement");
        assert_eq!(
            shorten(&other, 40),
            "outcomes.\"Volunteers' wel…\".displacement"
        );
        assert_eq!(
            shorten("outcomes.\"Short\".value", 40),
            "outcomes.\"Short\".value"
        );
        // In 26 characters there is no room for `outcomes.`: every field drops it.
        let a = "outcomes.\"Fewer ambulance conveyances\".value";
        assert_eq!(shorten(a, 26), "\"Fewer ambu…\".value");
        let b = a.replace(".value", ".deadweight");
        assert_eq!(shorten(&b, 26), "\"Fewer ambu…\".deadweight");
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
        let chart = draw(2.0, 1.0, &bars, 100);
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
    fn a_narrower_width_gives_fewer_cells_a_side() {
        let bars = [Bar {
            label: "a",
            at_low: Some(1.0),
            at_high: Some(3.0),
        }];
        // At 40 columns the label (1), two figures (4 each) and five spaces and rules
        // leave 26 cells: 13 a side, the line 39 long.
        let narrow = draw(2.0, 1.0, &bars, 40);
        let a = format!("a 1.00 {}│{} 3.00", "░".repeat(13), "█".repeat(13));
        assert_eq!(narrow.lines().nth(1), Some(a.as_str()));
        assert!(narrow.lines().all(|l| l.chars().count() <= 40), "{narrow}");
        // At 100 the most, 20 a side; at 30, 8 (16 cells of room); at 20 the room is 6,
        // 3 a side, below the least a bar keeps: 6.
        let wide = draw(2.0, 1.0, &bars, 100);
        assert!(wide.contains(&format!(" {}│", "░".repeat(20))), "{wide}");
        let cells = |w| {
            let chart = draw(2.0, 1.0, &bars, w);
            chart.lines().nth(1).unwrap().matches('░').count()
        };
        assert_eq!((cells(30), cells(20)), (8, 6));
    }

    #[test]
    fn nothing_moves() {
        let bars = [Bar {
            label: "fixed",
            at_low: Some(2.0),
            at_high: Some(2.0),
        }];
        let chart = draw(2.0, 1.0, &bars, 100);
        assert!(chart.lines().nth(1).unwrap().contains(&format!(
            "{}│{}",
            " ".repeat(20),
            " ".repeat(20)
        )));
    }
}
