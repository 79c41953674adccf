//! What a trustee reads first on a written report: one plain sentence with the figure to
//! quote (the expected ratio, mean value over mean cost), its range and the chance the
//! work returns more than it costs, then the base case beside it as the figure a classic
//! SROI report quotes. How precise the simulation is belongs in the methods note, not
//! here ([`precision_note`]).

use super::{currency_symbol, level_label, paybacks, percent, precision_lines, ratio};
use crate::analysis::compare::CompareReport;
use crate::analysis::summary::{Headline, RunReport};

/// `£4.66`: a ratio as money returned per unit invested.
pub fn per_unit(x: f64, sym: &str) -> String {
    if x < 0.0 && ratio(x) != "0.00" {
        format!("-{sym}{}", ratio(-x))
    } else {
        format!("{sym}{}", ratio(x))
    }
}

/// A chance in words a reader can repeat: `a 99.8% chance`, never `100.0%` for less than
/// certain nor `0.0%` for more than never.
pub fn chance(p: f64) -> String {
    match percent(p).as_str() {
        "100.0%" if p < 1.0 => "over 99.9%".into(),
        "0.0%" if p > 0.0 => "under 0.1%".into(),
        s => s.to_string(),
    }
}

/// The sentence to quote: the expected return on each unit invested, its range over the
/// draws and the chance it is more than the cost.
pub fn headline(h: &Headline, currency: &str, level: f64) -> String {
    let sym = currency_symbol(currency);
    let times = (100.0 * level).round();
    format!(
        "Each {sym}1 invested is expected to return {} of social value: in {times:.0} cases \
         out of 100 between {} and {}, with {} of returning more than it costs.",
        per_unit(h.expected.ratio, &sym),
        per_unit(h.ratio.ci_low, &sym),
        per_unit(h.ratio.ci_high, &sym),
        article(&chance(h.prob_ratio_above_1)),
    )
}

/// `a 99.8% chance`, `an 80.2% chance` (said "eighty"), `a chance of over 99.9%`.
fn article(chance: &str) -> String {
    if chance.starts_with("over") || chance.starts_with("under") {
        return format!("a chance of {chance}");
    }
    let an = chance.starts_with('8')
        || (chance.starts_with("11") || chance.starts_with("18")) && chance.find('.') == Some(2);
    format!("{} {chance} chance", if an { "an" } else { "a" })
}

/// The lines beside the headline: the base case, the ratio before optimism bias, the
/// weighted ratio and the payback.
pub fn beside(h: &Headline, currency: &str, level: f64) -> Vec<String> {
    let sym = currency_symbol(currency);
    let b = &h.base_case;
    let mut out = vec![format!(
        "Base case: {} per {sym}1, the figure a classic SROI report quotes (every assumption \
         at its central value, no uncertainty).",
        per_unit(b.ratio, &sym)
    )];
    if let Some(before) = b.ratio_before_optimism_bias {
        out.push(format!(
            "Optimism bias is allowed for: the base case is {} per {sym}1 before it; every \
             figure here is after it.",
            per_unit(before, &sym)
        ));
    }
    if let Some(w) = &h.weighted {
        out.push(format!(
            "With the model's distributional weights: expected {} per {sym}1 ({} {} to {}), \
             base case {}.",
            per_unit(w.expected_ratio, &sym),
            level_label(level),
            per_unit(w.ratio.ci_low, &sym),
            per_unit(w.ratio.ci_high, &sym),
            per_unit(w.base_case.ratio, &sym),
        ));
    }
    out.push(format!("Payback (base case): {}.", paybacks(b)));
    out
}

/// A comparison's sentence to quote: which option is expected to add the most, by how much
/// over the baseline, and how often it came out best.
pub fn comparison_headline(c: &CompareReport) -> String {
    let sym = currency_symbol(&c.currency);
    let npv = |i: usize| c.scenarios[i].headline.expected.npv;
    let best = (0..c.scenarios.len())
        .max_by(|&a, &b| npv(a).total_cmp(&npv(b)))
        .unwrap_or(0);
    let name = &c.scenarios[best].name;
    let often = c
        .decision
        .prob_best_npv
        .get(best)
        .map(|&p| format!(", and it comes out best in {} of the draws", chance(p)))
        .unwrap_or_default();
    let (who, over) = if best == 0 {
        (format!("Option 1 ({name}), the baseline,"), String::new())
    } else {
        (
            format!("Option {} ({name})", best + 1),
            format!(
                ", {} more than option 1",
                super::money(npv(best) - npv(0), &sym)
            ),
        )
    };
    format!(
        "{who} is expected to add the most social value net of its cost: {}{over}{often}.",
        super::money(npv(best), &sym),
    )
}

/// How far the headline figures could move with another seed, for the methods note.
pub fn precision_note(r: &RunReport, who: &str) -> String {
    let lines = precision_lines(&r.headline.monte_carlo_error, &|s: &str| s.to_string());
    let joined = lines
        .lines()
        .map(|l| l.trim_end_matches('.'))
        .collect::<Vec<_>>()
        .join("; ");
    format!("{who}{joined}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_per_unit_and_chances_read_as_words() {
        assert_eq!(per_unit(4.6612, "£"), "£4.66");
        assert_eq!(per_unit(-0.25, "£"), "-£0.25");
        assert_eq!(chance(0.998), "99.8%");
        assert_eq!(chance(0.99996), "over 99.9%");
        assert_eq!(chance(1.0), "100.0%");
        assert_eq!(chance(0.0004), "under 0.1%");
        assert_eq!(article("80.2%"), "an 80.2% chance");
        assert_eq!(article("8.0%"), "an 8.0% chance");
        assert_eq!(article("18.0%"), "an 18.0% chance");
        assert_eq!(article("1.8%"), "a 1.8% chance");
        assert_eq!(article("99.8%"), "a 99.8% chance");
        assert_eq!(article("over 99.9%"), "a chance of over 99.9%");
    }
}
