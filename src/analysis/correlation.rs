//! Spearman's rank correlation: how closely one series of draws rises and falls with
//! another, in order rather than in size.
//!
//! ρ is Pearson's correlation of the ranks (Spearman 1904), with tied values given the
//! average of the ranks they span, the standard treatment (Kendall & Gibbons, *Rank
//! Correlation Methods*, 1990, §3.8): discrete, empirical and Poisson quantities repeat
//! their values. Sums go through [`crate::analysis::stats::sum`] in a fixed order, so ρ is the same
//! on every machine and for any number of threads.
//!
//! These exact ranks need every draw stored; `sroi sensitivity` ranks by fine bins
//! instead ([`crate::analysis::rank_bins`]), and is tested against this.

use crate::analysis::stats::sum;

/// The rank of each value (1 for the smallest), ties given the average of their ranks.
pub fn ranks(xs: &[f64]) -> Vec<f64> {
    let order = sorted(xs);
    let mut out = vec![0.0; xs.len()];
    let mut start = 0;
    while start < order.len() {
        let key = order[start].0;
        let end = start + order[start..].iter().take_while(|(k, _)| *k == key).count();
        // Positions start..end hold ranks start + 1 ..= end; their mean:
        let rank = (start + 1 + end) as f64 / 2.0;
        for &(_, i) in &order[start..end] {
            out[i] = rank;
        }
        start = end;
    }
    out
}

/// An integer key in the order of the values: the sign bit flipped for positive numbers,
/// every bit for negative ones (the order of `f64::total_cmp`), with −0 taken as +0.
fn key(x: f64) -> u64 {
    let bits = (x + 0.0).to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The values' keys with their positions, in increasing order (equal keys by position).
fn sorted(xs: &[f64]) -> Vec<(u64, usize)> {
    let mut items: Vec<(u64, usize)> = xs.iter().map(|&x| key(x)).zip(0..).collect();
    items.sort_unstable();
    items
}

/// Pearson's correlation of two rank series of the same length n (as [`ranks`] gives:
/// each has mean (n + 1) / 2). `None` when either is constant or n < 2.
pub fn rank_correlation(rx: &[f64], ry: &[f64]) -> Option<f64> {
    let n = rx.len();
    if n < 2 || ry.len() != n {
        return None;
    }
    let mean = (n as f64 + 1.0) / 2.0;
    let sxy = sum(rx.iter().zip(ry).map(|(x, y)| (x - mean) * (y - mean)));
    let sxx = sum(rx.iter().map(|x| (x - mean) * (x - mean)));
    let syy = sum(ry.iter().map(|y| (y - mean) * (y - mean)));
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Spearman's ρ of two series of the same length; `None` when either is constant.
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    rank_correlation(&ranks(xs), &ranks(ys))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("a correlation");
        assert!((a - b).abs() < 1e-12, "{a} != {b}");
    }

    #[test]
    fn ranks_average_ties() {
        // 30 is the smallest (rank 1); the two 50s share ranks 2 and 3; 70 is 4.
        assert_eq!(ranks(&[50.0, 30.0, 70.0, 50.0]), [2.5, 1.0, 4.0, 2.5]);
        assert_eq!(ranks(&[7.0, 7.0, 7.0]), [2.0, 2.0, 2.0]);
        assert!(ranks(&[]).is_empty());
    }

    #[test]
    fn monotone_series_give_plus_or_minus_one() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        // Any increasing transformation keeps the order: ρ = 1.
        close(spearman(&x, &x.map(|v: f64| v.exp())), 1.0);
        close(spearman(&x, &x.map(|v| -v * v)), -1.0);
    }

    #[test]
    fn without_ties_it_is_one_minus_six_sum_d_squared() {
        // Ranks of y: 1, 3, 2, 5, 4; d = 0, −1, 1, −1, 1; Σd² = 4;
        // ρ = 1 − 6 · 4 / (5 · (25 − 1)) = 1 − 24/120 = 0.8.
        close(
            spearman(&[10.0, 20.0, 30.0, 40.0, 50.0], &[1.0, 3.0, 2.0, 5.0, 4.0]),
            0.8,
        );
    }

    #[test]
    fn with_ties_by_hand() {
        // x = 1, 2, 2, 3 → ranks 1, 2.5, 2.5, 4; y = 1, 3, 2, 4 → ranks 1, 3, 2, 4.
        // Deviations from the mean rank 2.5: x −1.5, 0, 0, 1.5; y −1.5, 0.5, −0.5, 1.5.
        // Σxy = 2.25 + 2.25 = 4.5, Σx² = 4.5, Σy² = 5: ρ = 4.5 / √22.5 = √0.9.
        close(
            spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]),
            0.9f64.sqrt(),
        );
    }

    /// A rank straight from its definition: 1 + the number of smaller values + half the
    /// number of other equal ones.
    fn rank_by_counting(xs: &[f64], i: usize) -> f64 {
        let below = xs.iter().filter(|&&x| x < xs[i]).count();
        let equal = xs.iter().filter(|&&x| x == xs[i]).count();
        1.0 + below as f64 + (equal - 1) as f64 / 2.0
    }

    proptest! {
        #[test]
        fn ranks_match_their_definition(
            // Integers from a narrow range, to have plenty of ties, and any numbers.
            xs in prop::collection::vec(
                prop_oneof![-1e6f64..1e6, (-3i32..3).prop_map(f64::from)],
                0..200,
            )
        ) {
            let r = ranks(&xs);
            for (i, &rank) in r.iter().enumerate() {
                prop_assert_eq!(rank, rank_by_counting(&xs, i));
            }
        }
    }

    #[test]
    fn negative_zero_ties_with_zero() {
        assert_eq!(ranks(&[0.0, -0.0, -1.0, 1e-300]), [2.5, 2.5, 1.0, 4.0]);
    }

    #[test]
    fn constant_or_too_short_has_none() {
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(spearman(&[1.0], &[2.0]), None);
    }
}
