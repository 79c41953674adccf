//! Summaries of stored draws: mean, standard deviation, exact percentiles.
//!
//! Percentiles are exact order statistics of the stored draws, interpolated linearly
//! between neighbours (Hyndman & Fan 1996, definition 7: the default of R's `quantile`,
//! numpy's `percentile` and spreadsheets' PERCENTILE.INC), found by selection in O(n)
//! rather than a full sort. Means and variances are summed in a fixed order over the
//! stored draws, so they do not depend on how the draws were computed.

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

/// Mean and sample standard deviation by the corrected two-pass algorithm (Chan, Golub &
/// LeVeque 1983): a first mean, corrected by the mean of the deviations from it, then the
/// squared deviations from the corrected mean, each summed by [`sum`]. A constant column
/// gets its value back exactly and a standard deviation of 0.
pub fn mean_sd(draws: &[f64]) -> (f64, f64) {
    let n = draws.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = corrected_mean(draws);
    let ss = squares_about(draws, mean);
    let sd = if n > 1 {
        (ss / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    (mean, sd)
}

/// The mean of [`mean_sd`]: a first mean corrected by the mean deviation from it.
pub fn corrected_mean(draws: &[f64]) -> f64 {
    let n = draws.len() as f64;
    let rough = sum_of(draws, |x| x) / n;
    rough + sum_of(draws, |x| x - rough) / n
}

/// The sum of squared deviations from `mean`, by [`sum`].
pub fn squares_about(draws: &[f64], mean: f64) -> f64 {
    sum_of(draws, |x| (x - mean) * (x - mean))
}

/// [`sum`] of `f` of each of `xs`, the same number bit for bit, eight at a time so that
/// the processor can add the eight partial sums side by side.
#[inline]
fn sum_of(xs: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0.0; 8];
    let eights = xs.chunks_exact(8);
    let rest = eights.remainder();
    for eight in eights {
        for (a, &x) in acc.iter_mut().zip(eight) {
            *a += f(x);
        }
    }
    for (a, &x) in acc.iter_mut().zip(rest) {
        *a += f(x);
    }
    combine(acc)
}

/// A sum in eight interleaved partial sums, always combined in the same order: as
/// reproducible as a plain loop, more accurate, and free of its serial dependency.
pub fn sum(xs: impl Iterator<Item = f64>) -> f64 {
    let mut acc = [0.0; 8];
    for (i, x) in xs.enumerate() {
        acc[i % 8] += x;
    }
    combine(acc)
}

/// The eight partial sums of [`sum`] and [`sum_of`] added in their one fixed order.
#[inline]
fn combine(acc: [f64; 8]) -> f64 {
    ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7]))
}

/// Percentiles at probabilities `ps` (each in [0, 1]), definition 7. NaN for an empty
/// slice. Reorders `draws`: each needed order statistic is selected within the part left
/// by the ones before it (divide and conquer), so three percentiles cost about three
/// passes over the draws rather than six.
pub fn percentiles<const K: usize>(draws: &mut [f64], ps: [f64; K]) -> [f64; K] {
    let n = draws.len();
    if n == 0 {
        return [f64::NAN; K];
    }
    let at = ps.map(|p| {
        let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
        (h.floor() as usize, h - h.floor())
    });
    let mut ranks: Vec<usize> = at.iter().map(|&(r, _)| r).collect();
    ranks.sort_unstable();
    ranks.dedup();
    select_ranks(draws, 0, &ranks);
    at.map(|(r, frac)| {
        let x_lo = draws[r];
        if frac == 0.0 {
            return x_lo;
        }
        // The positions between two selected ranks hold exactly the order statistics
        // between them, unordered: the next one up is their minimum.
        let next = ranks.iter().copied().find(|&q| q > r).unwrap_or(n);
        let x_hi = if r + 1 == next {
            draws[next]
        } else {
            draws[r + 1..next]
                .iter()
                .copied()
                .fold(f64::INFINITY, f64::min)
        };
        x_lo + frac * (x_hi - x_lo)
    })
}

/// Puts the order statistic of each rank (ascending, relative to the whole slice, of
/// which `region` starts at `offset`) at its position.
fn select_ranks(region: &mut [f64], offset: usize, ranks: &[usize]) {
    if ranks.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let r = ranks[mid] - offset;
    let (left, _, right) = region.select_nth_unstable_by(r, f64::total_cmp);
    select_ranks(left, offset, &ranks[..mid]);
    select_ranks(right, offset + r + 1, &ranks[mid + 1..]);
}

/// The share of draws strictly above `threshold`.
pub fn share_above(draws: &[f64], threshold: f64) -> f64 {
    if draws.is_empty() {
        return f64::NAN;
    }
    draws.iter().filter(|&&x| x > threshold).count() as f64 / draws.len() as f64
}

/// The share of draws at or above `threshold` (a point of an acceptability curve).
pub fn share_at_least(draws: &[f64], threshold: f64) -> f64 {
    if draws.is_empty() {
        return f64::NAN;
    }
    draws.iter().filter(|&&x| x >= threshold).count() as f64 / draws.len() as f64
}

/// Differences smaller than this, relative to the values compared, are ties: two options
/// whose figures differ only by rounding are not one "higher" than the other.
pub const TIE_TOLERANCE: f64 = 1e-9;

/// The share of paired draws in which `b` is higher than `a` by more than rounding
/// ([`TIE_TOLERANCE`] of the larger magnitude).
pub fn share_higher(a: &[f64], b: &[f64]) -> f64 {
    if a.is_empty() {
        return f64::NAN;
    }
    let higher = a
        .iter()
        .zip(b)
        .filter(|&(&x, &y)| y - x > TIE_TOLERANCE * x.abs().max(y.abs()))
        .count();
    higher as f64 / a.len() as f64
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
        // A constant that no binary fraction represents exactly comes back as itself.
        let c = 2028.985507246377;
        assert_eq!(mean_sd(&[c; 2000]), (c, 0.0));
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
    fn sums_in_a_fixed_order_are_exact_for_integers() {
        assert_eq!(sum((1..=1000).map(f64::from)), 500_500.0);
        // Eight at a time over a slice is the same sum, bit for bit, at every length and
        // remainder (values of mixed sign and size, so the order of the additions shows).
        let xs: Vec<f64> = (0..100)
            .map(|i| ((i * 7919 % 1013) as f64 - 500.0) * 10f64.powi(i % 9 - 4))
            .collect();
        for len in 0..xs.len() {
            let part = &xs[..len];
            assert_eq!(
                sum_of(part, |x| x * 1.5 - 0.1).to_bits(),
                sum(part.iter().map(|x| x * 1.5 - 0.1)).to_bits(),
                "{len} values"
            );
        }
        assert_eq!(sum(std::iter::empty()), 0.0);
    }

    #[test]
    fn repeated_and_adjacent_ranks() {
        // n = 4: p = 1/3 → h = 1 exactly; p = 0.5 → h = 1.5; p = 0.4 → h = 1.2.
        let mut xs = [40.0, 10.0, 30.0, 20.0];
        let [a, b, c, d] = percentiles(&mut xs, [0.5, 1.0 / 3.0, 0.4, 0.5]);
        assert_eq!(a, 25.0);
        assert!((b - 20.0).abs() < 1e-12);
        assert!((c - 22.0).abs() < 1e-12);
        assert_eq!(d, 25.0);
        let mut one = [7.0];
        assert_eq!(percentiles(&mut one, [0.0, 0.5, 1.0]), [7.0; 3]);
    }

    #[test]
    fn shares() {
        let xs = [0.5, 1.0, 1.5, 2.0];
        assert_eq!(share_above(&xs, 1.0), 0.5);
        assert_eq!(share_at_least(&xs, 1.0), 0.75);
        // Draw 1 differs by rounding only (a tie), draws 2 and 4 are higher, draw 3 lower.
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [1.0 + 1e-12, 3.0, 2.0, 5.0];
        assert_eq!(share_higher(&a, &b), 0.5);
        assert_eq!(share_higher(&b, &a), 0.25);
        assert_eq!(share_higher(&a, &a), 0.0);
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
