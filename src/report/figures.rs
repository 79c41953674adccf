//! The report's figures, each an SVG chart with a caption that tells the reader how to
//! read it, written from the figures themselves (as the README's "Read it this way").
//! The value-of-information chart is here too, beside the run's and the comparison's.

use serde::Serialize;

use super::chart::bars::{self, Mark};
use super::chart::distribution::{self, Marks};
use super::chart::intervals::{self, Row};
use super::chart::tornado::{self, Bar};
use super::chart::{NARROW, WIDTH, describe};
use super::{currency_symbol, level_label, money, percent, ratio};
use crate::analysis::compare::CompareReport;
use crate::analysis::sensitivity::SensitivityReport;
use crate::analysis::summary::group_thousands;
use crate::analysis::voi::VoiReport;
use crate::analysis::voi::words::above_noise;
use crate::report::document::OptionPart;

/// Bars in the tornado; the sensitivity table lists every quantity.
pub const TORNADO_BARS: usize = 12;
/// Bars in the value-of-information chart; its table lists every quantity.
pub const EVPPI_BARS: usize = 12;

/// A chart with its id, title and caption.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// The `<figure>` id (spec §8).
    pub id: String,
    /// What it shows.
    pub title: String,
    /// The chart laid out for a page or a sheet, an `<svg>` element.
    pub svg: String,
    /// The same chart laid out for a phone.
    pub narrow: String,
    /// How to read it.
    pub caption: String,
}

/// A figure drawn by `draw` at both widths, each carrying `words`, its figures stated as
/// text, for readers who cannot see it.
fn figure(
    id: &str,
    title: String,
    draw: impl Fn(f64) -> svg::Document,
    words: &str,
    caption: String,
) -> Figure {
    let at = |w: f64| describe(draw(w), words).to_string();
    Figure {
        id: id.to_string(),
        title,
        svg: at(WIDTH),
        narrow: at(NARROW),
        caption,
    }
}

/// The distribution of one option's ratio.
pub fn ratio_distribution(part: &OptionPart, id: &str) -> Figure {
    let r = &part.run;
    let h = &r.headline;
    let sym = currency_symbol(&r.currency);
    let title = format!(
        "How the SROI ratio varies over {} draws",
        group_thousands(r.iterations as u64)
    );
    let marks = Marks {
        expected: h.expected.ratio,
        base: h.base_case.ratio,
        median: h.ratio.median,
        interval: (h.ratio.ci_low, h.ratio.ci_high),
        level: r.ci_level,
    };
    let draw =
        |w: f64| distribution::histogram(&title, &part.detail.ratio_histogram, &marks, &sym, w);
    let pct = 100.0 * r.ci_level;
    let words = format!(
        "Expected SROI ratio {} (mean value over mean cost). In {pct:.0} draws out of 100 the \
         ratio lay between {} and {}; median {}; base case {}. Above 1 in {} of the draws.",
        ratio(h.expected.ratio),
        ratio(h.ratio.ci_low),
        ratio(h.ratio.ci_high),
        ratio(h.ratio.median),
        ratio(h.base_case.ratio),
        percent(h.prob_ratio_above_1),
    );
    let caption = format!(
        "Each bar is the share of the draws whose ratio falls in that range. The thick green \
         line is the expected ratio, {}: the mean value over the mean cost, the figure to \
         quote. The dark bars hold the middle {level}: in {pct:.0} draws out of 100 the ratio \
         lay between {} and {}. The thin black line is the median, {}: half the draws gave \
         more. The dashed line is the base case, {}, the single figure a classic SROI report \
         quotes (every quantity at its base value: the `base` given, else the mode of a \
         triangular or PERT range, the value of a fixed figure, the mean of any other \
         distribution). Over the ranges the model gives its figures, the ratio was above 1, \
         more value than cost, in {} of the draws.",
        ratio(h.expected.ratio),
        ratio(h.ratio.ci_low),
        ratio(h.ratio.ci_high),
        ratio(h.ratio.median),
        ratio(h.base_case.ratio),
        percent(h.prob_ratio_above_1),
        level = level_label(r.ci_level).replace(" interval", ""),
    );
    figure(id, title.clone(), draw, &words, caption)
}

/// Present value by outcome, or by stakeholder.
pub fn breakdown(part: &OptionPart, by_stakeholder: bool, id: &str) -> Figure {
    let r = &part.run;
    let sym = currency_symbol(&r.currency);
    let rows: Vec<(Row, f64)> = if by_stakeholder {
        r.stakeholders
            .iter()
            .map(|s| (row(&s.name, s.base_case, &s.present_value), s.share))
            .collect()
    } else {
        r.outcomes
            .iter()
            .map(|o| (row(&o.name, o.base_case, &o.present_value), o.share))
            .collect()
    };
    let (what, title) = if by_stakeholder {
        (
            "stakeholder",
            "Who the value goes to: present value by stakeholder",
        )
    } else {
        (
            "outcome",
            "Where the value comes from: present value by outcome",
        )
    };
    let level = level_label(r.ci_level);
    let plain: Vec<Row> = rows.iter().map(|(r, _)| r.clone()).collect();
    let axis = format!("Present value ({sym}, discounted to today)");
    let draw = |w: f64| intervals::intervals(title, &plain, &axis, &sym, &level, w);
    let words = row_words(&plain, &level, &|x| money(x, &sym));
    let top = rows
        .iter()
        .max_by(|a, b| a.0.mean.total_cmp(&b.0.mean))
        .map(|(r, share)| {
            format!(
                " The largest is {}: a mean of {}, {} of the total.",
                r.name,
                money(r.mean, &sym),
                percent(*share)
            )
        })
        .unwrap_or_default();
    let caption = format!(
        "One row per {what}. The bar spans the {level} of its present value over the draws, the \
         dot is the mean and the diamond the base case. A bar far from its diamond, or a wide \
         bar, is a figure the base case alone would overstate or understate.{top}"
    );
    figure(id, title.to_string(), draw, &words, caption)
}

/// Each row's figures in words: its mean, interval and base case.
fn row_words(rows: &[Row], level: &str, f: &dyn Fn(f64) -> String) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "{}: mean {}, {level} {} to {}, base case {}.",
                r.name,
                f(r.mean),
                f(r.low),
                f(r.high),
                f(r.base)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn row(name: &str, base: f64, s: &crate::analysis::stats::Summary) -> Row {
    Row {
        name: name.to_string(),
        base,
        mean: s.mean,
        low: s.ci_low,
        high: s.ci_high,
    }
}

/// The acceptability curve of each option.
pub fn acceptability(parts: &[OptionPart], id: &str) -> Figure {
    let sym = parts
        .first()
        .map_or("£".into(), |p| currency_symbol(&p.run.currency));
    let series: Vec<(String, Vec<(f64, f64)>)> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let name = if parts.len() > 1 {
                format!("{}. {}", i + 1, p.run.model)
            } else {
                p.run.model.clone()
            };
            (name, p.detail.ratio_histogram.share_at_least())
        })
        .collect();
    let title = "Chance the SROI ratio reaches each level".to_string();
    let draw = |w: f64| distribution::acceptability(&title, &series, &sym, w);
    let readings: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let points: Vec<String> = p
                .run
                .headline
                .acceptability
                .iter()
                .map(|a| format!("{} for {}", percent(a.probability), ratio(a.threshold)))
                .collect();
            let who = if parts.len() > 1 {
                format!("{}. {}: ", i + 1, p.run.model)
            } else {
                String::new()
            };
            format!("{who}{}.", points.join(", "))
        })
        .collect();
    let hidden = hidden_curves(parts);
    let caption = format!(
        "Pick a ratio on the horizontal axis (say {sym}1 of value per {sym}1 invested) and \
         read up to the curve: its height is the share of draws whose ratio was at least that. \
         The curve falls from left to right; the further right it stays high, the safer the \
         return. {}{hidden}",
        readings.join(" ")
    );
    let words = format!(
        "Chance the ratio is at least each level: {}",
        readings.join(" ")
    );
    figure(id, title.clone(), draw, &words, caption)
}

/// A note for each option whose curve lies on an earlier one's (every threshold's chance
/// within half a point, the same median and interval to two decimals): drawn dashed over
/// it, it would otherwise seem to be missing.
fn hidden_curves(parts: &[OptionPart]) -> String {
    let same = |a: &OptionPart, b: &OptionPart| {
        let (x, y) = (&a.run.headline, &b.run.headline);
        let close = |p: f64, q: f64| ratio(p) == ratio(q);
        close(x.ratio.median, y.ratio.median)
            && close(x.ratio.ci_low, y.ratio.ci_low)
            && close(x.ratio.ci_high, y.ratio.ci_high)
            && x.acceptability.len() == y.acceptability.len()
            && x.acceptability
                .iter()
                .zip(&y.acceptability)
                .all(|(p, q)| (p.probability - q.probability).abs() < 0.005)
    };
    let mut notes = Vec::new();
    for (j, b) in parts.iter().enumerate().skip(1) {
        if let Some(i) = (0..j).find(|&i| same(&parts[i], b)) {
            notes.push(format!(
                " Option {}'s curve lies on option {}'s (their ratios are spread alike): it is \
                 drawn dashed over it.",
                j + 1,
                i + 1
            ));
        }
    }
    notes.concat()
}

/// The tornado of a sensitivity analysis.
pub fn tornado(s: &SensitivityReport, id: &str) -> Option<Figure> {
    let sym = currency_symbol(&s.currency);
    let bars: Vec<Bar> = s
        .quantities
        .iter()
        .filter(|q| q.swing.is_some_and(|w| w > 0.0))
        .take(TORNADO_BARS)
        .filter_map(|q| {
            Some(Bar {
                name: q.name.clone(),
                at_low: q.ratio_at_low?,
                at_high: q.ratio_at_high?,
            })
        })
        .collect();
    let first = bars.first()?;
    let title = "Which assumptions move the ratio most".to_string();
    let draw = |w: f64| tornado::tornado(&title, &bars, s.base_ratio, s.target, &sym, w);
    let words = bars
        .iter()
        .map(|b| {
            format!(
                "{}: ratio {} at its 5th percentile, {} at its 95th.",
                b.name,
                ratio(b.at_low),
                ratio(b.at_high)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let words = format!(
        "Base-case ratio {}, target {}. {words}",
        ratio(s.base_ratio),
        ratio(s.target)
    );
    let caption = format!(
        "Each bar is the base-case ratio with one quantity alone moved to its 5th percentile \
         (orange) and its 95th (blue), every other at its base value; the longest bars, at the \
         top, are the assumptions that matter most. {} alone moves the ratio from {} to {}. \
         Where a bar crosses the dashed target line ({}), that quantity alone could bring the \
         ratio to the target within its plausible range.",
        first.name,
        ratio(first.at_low),
        ratio(first.at_high),
        ratio(s.target)
    );
    Some(figure(id, title.clone(), draw, &words, caption))
}

/// Each option's NPV minus the baseline's.
pub fn difference(c: &CompareReport, id: &str) -> Figure {
    let sym = currency_symbol(&c.currency);
    let rows: Vec<Row> = c
        .differences
        .iter()
        .enumerate()
        .map(|(i, d)| Row {
            name: format!("{}. {}", i + 2, d.name),
            base: base_difference(c, i + 1),
            mean: d.npv.mean,
            low: d.npv.ci_low,
            high: d.npv.ci_high,
        })
        .collect();
    let baseline = c.scenarios.first().map_or("", |s| s.name.as_str());
    let title = format!("Net present value of each option minus option 1 ({baseline})");
    let level = level_label(c.ci_level);
    let axis = format!("Net present value minus option 1's ({sym})");
    let draw = |w: f64| intervals::intervals(&title, &rows, &axis, &sym, &level, w);
    let words = row_words(&rows, &level, &|x| money(x, &sym));
    let readings: Vec<String> = c
        .differences
        .iter()
        .enumerate()
        .map(|(i, d)| {
            format!(
                "Option {} ({}) has the higher NPV in {} of draws (mean difference {}).",
                i + 2,
                d.name,
                percent(d.prob_higher_npv),
                money(d.npv.mean, &sym)
            )
        })
        .collect();
    let caption = format!(
        "Each row is an option's net present value minus the baseline's, worked out draw by \
         draw on the same draws, so the uncertainty they share cancels. Right of the zero line \
         the option is worth more than the baseline; a bar that crosses zero means the data \
         cannot tell them apart at this level. {}",
        readings.join(" ")
    );
    figure(id, title.clone(), draw, &words, caption)
}

fn base_difference(c: &CompareReport, i: usize) -> f64 {
    c.scenarios[i].headline.base_case.npv - c.scenarios[0].headline.base_case.npv
}

/// What knowing each of the quantities worth most would be worth, against the EVPI.
pub fn evppi(r: &VoiReport, id: &str) -> Option<Figure> {
    let first = r.quantities.first()?;
    let sym = currency_symbol(&r.currency);
    let m = |x: f64| money(x, &sym);
    // Quantities come largest first, those worth nothing last: they share one row.
    let worth_something = r.quantities.iter().filter(|q| q.evppi > 0.0).count();
    let mut shown: Vec<bars::Bar> = r
        .quantities
        .iter()
        .take(worth_something.min(EVPPI_BARS))
        .map(|q| bars::Bar {
            name: q.name.clone(),
            amount: q.evppi,
        })
        .collect();
    let rest = r.quantities.len() - shown.len();
    let of_all = if worth_something > EVPPI_BARS {
        format!(", the {} largest of {}", shown.len(), r.quantities.len())
    } else if rest > 0 {
        let (name, words) = if shown.is_empty() {
            (
                format!("each of the {rest} quantities"),
                format!(": here one row stands for all {rest}, each with an EVPPI of 0"),
            )
        } else {
            (
                format!("each of the other {rest} quantities"),
                format!("; the last row stands for the {rest} whose EVPPI is 0"),
            )
        };
        shown.push(bars::Bar { name, amount: 0.0 });
        words
    } else {
        String::new()
    };
    let title = "What knowing one quantity exactly would be worth to the decision".to_string();
    let mut marks = vec![Mark {
        name: "EVPI, knowing everything:".into(),
        at: r.evpi,
        dashed: false,
    }];
    if r.noise_floor > 0.0 {
        marks.push(Mark {
            name: "noise floor".into(),
            at: r.noise_floor,
            dashed: true,
        });
    }
    let axis = format!("What knowing it exactly before deciding is worth ({sym})");
    let draw = |w: f64| {
        bars::bars(
            &title,
            &shown,
            &marks,
            &axis,
            &sym,
            "EVPPI, knowing it alone",
            w,
        )
    };
    let words = format!(
        "EVPI {}. {}",
        m(r.evpi),
        shown
            .iter()
            .map(|b| format!("{}: {}.", b.name, m(b.amount)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut caption = format!(
        "Each bar is what knowing that one quantity exactly before deciding would be worth to \
         this decision (its EVPPI), largest at the top{of_all}. The solid line is the EVPI, {}: \
         what knowing every quantity would be worth, which no bar can pass. ",
        m(r.evpi)
    );
    if r.evpi <= 0.0 {
        caption.push_str(
            "The EVPI is 0: no draw favours another option, so no measurement could change the \
             decision.",
        );
    } else if above_noise(r, first.evppi) {
        caption.push_str(&format!(
            "{} alone would be worth up to {}, {} of the EVPI: the figure most worth measuring \
             before deciding, if a study costs less than that.",
            first.name,
            m(first.evppi),
            percent(first.share_of_evpi)
        ));
    } else {
        caption.push_str(
            "No bar stands out from the noise of the estimate: no single quantity is worth \
             measuring for this decision.",
        );
    }
    if r.noise_floor > 0.0 {
        caption.push_str(&format!(
            " Bars short of the dashed line, the noise floor ({}), are indistinguishable from 0.",
            m(r.noise_floor)
        ));
    }
    Some(figure(id, title.clone(), draw, &words, caption))
}
