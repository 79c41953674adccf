//! Summaries of stored draws: mean, standard deviation, exact percentiles.
//!
//! Percentiles are exact order statistics of the stored draws, interpolated linearly
//! between neighbours (Hyndman & Fan 1996, definition 7: the default of R's `quantile`,
//! numpy's `percentile` and spreadsheets' PERCENTILE.INC), found by selection in O(n)
//! rather than a full sort. Means and variances are summed in draw order, so they do
//! not depend on how the draws were computed.

use serde::Serialize;

/// The summary of one quantity's draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 in the denominator).
    pub sd: f64,
    /// The 50th percentile.
    pub median: f64,
    /// The (1 − level)/2 percentile.
    pub ci_low: f64,
    /// The 1 − (1 − level)/2 percentile.
    pub ci_high: f64,
}

impl Summary {
    /// Summarises `draws` with an interval at `level` (e.g. 0.95). Reorders `draws`.
    pub fn of(draws: &mut [f64], level: f64) -> Summary {
        let (mean, sd) = mean_sd(draws);
        let tail = (1.0 - level) / 2.0;
        let [ci_low, median, ci_high] = percentiles(draws, [tail, 0.5, 1.0 - tail]);
        Summary {
            mean,
            sd,
            median,
            ci_low,
            ci_high,
        }
    }
}

/// Mean and sample standard deviation, by Welford's update in draw order.
pub fn mean_sd(draws: &[f64]) -> (f64, f64) {
    let mut mean = 0.0;
    let mut m2 = 0.0;
    for (i, &x) in draws.iter().enumerate() {
        let delta = x - mean;
        mean += delta / (i + 1) as f64;
        m2 += delta * (x - mean);
    }
    let n = draws.len();
    let sd = if n > 1 {
        (m2 / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    if n == 0 {
        (f64::NAN, f64::NAN)
    } else {
        (mean, sd)
    }
}

/// Percentiles at probabilities `ps` (each in [0, 1]), definition 7.
/// Reorders `draws` (selection, O(n) each, not a full sort). NaN for an empty slice.
pub fn percentiles<const K: usize>(draws: &mut [f64], ps: [f64; K]) -> [f64; K] {
    let n = draws.len();
    let mut out = [f64::NAN; K];
    if n == 0 {
        return out;
    }
    for (slot, &p) in out.iter_mut().zip(ps.iter()) {
        let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
        let lo = h.floor() as usize;
        let frac = h - lo as f64;
        let (_, &mut x_lo, above) = draws.select_nth_unstable_by(lo, f64::total_cmp);
        // The next order statistic is the smallest of the elements above rank `lo`.
        let x_hi = if frac > 0.0 {
            above.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo)
        } else {
            x_lo
        };
        *slot = x_lo + frac * (x_hi - x_lo);
    }
    out
}

/// The share of draws at or above `threshold`.
pub fn share_at_least(draws: &[f64], threshold: f64) -> f64 {
    if draws.is_empty() {
        return f64::NAN;
    }
    draws.iter().filter(|&&x| x >= threshold).count() as f64 / draws.len() as f64
}

/// The share of draws strictly above `threshold`.
pub fn share_above(draws: &[f64], threshold: f64) -> f64 {
    if draws.is_empty() {
        return f64::NAN;
    }
    draws.iter().filter(|&&x| x > threshold).count() as f64 / draws.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Definition 7 by a full sort, the obvious way, to check the selection against.
    fn by_sorting(draws: &[f64], p: f64) -> f64 {
        let mut s = draws.to_vec();
        s.sort_by(f64::total_cmp);
        let h = (s.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(s.len() - 1);
        s[lo] + (h - lo as f64) * (s[hi] - s[lo])
    }

    #[test]
    fn percentiles_match_hand_values() {
        // 1..=5: median 3; 25th percentile at h = 1 → 2; 10th at h = 0.4 → 1.4;
        // 97.5th at h = 3.9 → 4.9.
        let mut xs = [5.0, 1.0, 4.0, 2.0, 3.0];
        let [p10, p25, p50, p975] = percentiles(&mut xs, [0.1, 0.25, 0.5, 0.975]);
        assert!((p10 - 1.4).abs() < 1e-12);
        assert_eq!(p25, 2.0);
        assert_eq!(p50, 3.0);
        assert!((p975 - 4.9).abs() < 1e-12);
    }

    #[test]
    fn mean_and_sd_match_hand_values() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, sd sqrt(32/7).
        let (m, s) = mean_sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert!((m - 5.0).abs() < 1e-12);
        assert!((s - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(mean_sd(&[3.0]), (3.0, 0.0));
    }

    #[test]
    fn summary_of_a_known_sample() {
        let mut xs: Vec<f64> = (0..=100).map(f64::from).collect();
        let s = Summary::of(&mut xs, 0.95);
        assert_eq!(s.mean, 50.0);
        assert_eq!(s.median, 50.0);
        assert!((s.ci_low - 2.5).abs() < 1e-12);
        assert!((s.ci_high - 97.5).abs() < 1e-12);
    }

    #[test]
    fn shares() {
        let xs = [0.5, 1.0, 1.5, 2.0];
        assert_eq!(share_above(&xs, 1.0), 0.5);
        assert_eq!(share_at_least(&xs, 1.0), 0.75);
    }

    proptest! {
        #[test]
        fn selection_equals_sorting(xs in prop::collection::vec(-1e6f64..1e6, 1..300),
                                    a in 0.0f64..1.0, b in 0.0f64..1.0) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let mut work = xs.clone();
            let [x, m, y] = percentiles(&mut work, [lo, 0.5f64.clamp(lo, hi), hi]);
            prop_assert_eq!(x, by_sorting(&xs, lo));
            prop_assert_eq!(m, by_sorting(&xs, 0.5f64.clamp(lo, hi)));
            prop_assert_eq!(y, by_sorting(&xs, hi));
        }

        #[test]
        fn interval_contains_median_and_percentiles_are_ordered(
            xs in prop::collection::vec(-1e6f64..1e6, 1..300), level in 0.01f64..0.999) {
            let mut work = xs.clone();
            let s = Summary::of(&mut work, level);
            prop_assert!(s.ci_low <= s.median && s.median <= s.ci_high);
            let min = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(min <= s.ci_low && s.ci_high <= max);
            prop_assert!(s.mean >= min - 1e-6 && s.mean <= max + 1e-6);
        }
    }
}
