//! Spearman's rank correlations of any number of draws in memory that does not grow with
//! them, in time that grows in proportion to them (spec §7 and §12).
//!
//! Exact ranks need every draw kept and sorted. Instead, each draw is ranked by the bin it
//! falls in, in a fine histogram on the bit pattern of the f64 ([`FineHistogram`]): 2²⁴
//! bins, each a 4,096th of a power of two, so a bin spans less than 2⁻¹² (0.025%) of the
//! values in it (sixteen times finer than the bins `tally` counts for percentiles).
//!
//! **The tie rule.** Draws in one bin are treated as tied, exactly as tied values are in
//! Spearman's coefficient (Kendall & Gibbons, *Rank Correlation Methods*, 1990, §3.8): each
//! gets the bin's mid-rank, `below + (c + 1) / 2` for a bin of `c` draws with `below`
//! draws in lower bins; ρ is Pearson's correlation of those ranks. Equal values always
//! share a bin (−0 is taken as +0), so true ties (a discrete quantity, a value clamped to
//! a bound) are ranked exactly as [`crate::analysis::correlation`] ranks them; draws of
//! different values share a bin only when they differ by less than 2⁻¹² of their size.
//! Where no bin holds two different values, ρ is the exact Spearman's ρ. On the bundled
//! models at 100,000 draws it is within 6e-6 of it for every quantity (the test
//! `binned_ranks_agree_with_exact_spearman` holds it below 1e-5), and within 2e-5 on the
//! 2,000 draws of `tests/fixtures/simple.toml`: far below the two decimals printed. A tie
//! of two draws moves ρ by about their distance in the other column's ranks over n³/12,
//! so the fewer the draws, the more each tie weighs, and the fewer ties there are.
//!
//! **Two passes over the same draws `sroi run` makes** (same seed, common random
//! numbers). The first counts each column into its histogram; each histogram then becomes,
//! in place, a table of the doubled centred mid-rank `d = 2 · rank − (n + 1) = 2 · below +
//! c − n` of each bin: an integer. The second pass looks each draw up and sums `d_x · d_y`
//! in 128-bit integers (exact below 2⁴² draws), and Σ d² comes from the histogram alone,
//! so ρ = Σ d_x d_y / √(Σ d_x² · Σ d_y²) is the same, bit for bit, for any thread count and
//! any order of the draws. The same method serves every `-n`.

use rayon::prelude::*;

use crate::analysis::stream::{Pass, Series, Source, on_threads};
use crate::analysis::tally::{FineHistogram, Kind, key};
use crate::model::plan::Plan;
use crate::sample::engine::{Breaches, Column, progress_bar};
use crate::sample::lhs::Sampling;

/// The bin key of a value, −0 counted as +0.
fn key_of(x: f64) -> u64 {
    key(x + 0.0)
}

/// One column's bins, each holding its doubled centred mid-rank (as two's complement).
#[derive(Debug, Clone)]
pub struct BinRanks {
    table: FineHistogram,
    /// Σ over the draws of d².
    squares: i128,
}

impl BinRanks {
    /// The mid-ranks of the `n` draws counted in `histogram`.
    pub fn new(mut histogram: FineHistogram, n: u64) -> BinRanks {
        let n = n as i128;
        let mut squares = 0;
        histogram.replace_counts(|below, count| {
            let d = 2 * below as i128 + count as i128 - n;
            squares += count as i128 * d * d;
            d as i64 as u64
        });
        BinRanks {
            table: histogram,
            squares,
        }
    }

    /// The doubled centred mid-rank of a value counted in the histogram.
    fn of(&self, x: f64) -> i64 {
        self.table.at(key_of(x)) as i64
    }
}

/// The first pass: every column counted into its histogram.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    histograms: Vec<FineHistogram>,
    n: u64,
}

impl Counts {
    /// Nothing counted yet, for `width` columns.
    pub fn new(width: usize) -> Counts {
        Counts {
            histograms: vec![FineHistogram::default(); width],
            n: 0,
        }
    }

    /// Counts the first `len` draws of each column, the columns in parallel.
    pub fn add(&mut self, columns: &[Vec<f64>], len: usize) {
        self.histograms
            .par_iter_mut()
            .zip(columns)
            .for_each(|(h, c)| c[..len].iter().for_each(|&x| h.add(key_of(x), 1)));
        self.n += len as u64;
    }

    /// Each column's mid-ranks.
    pub fn ranks(self) -> Vec<BinRanks> {
        let n = self.n;
        self.histograms
            .into_par_iter()
            .map(|h| BinRanks::new(h, n))
            .collect()
    }
}

/// The second pass: Σ d_x · d_y of each later column x with the first, y.
#[derive(Debug, Clone)]
pub struct Products {
    ranks: Vec<BinRanks>,
    sums: Vec<i128>,
    n: u64,
    first: Vec<i64>,
}

impl Products {
    /// Nothing summed yet, for the columns counted in `counts`.
    pub fn new(counts: Counts) -> Products {
        let n = counts.n;
        let ranks = counts.ranks();
        Products {
            sums: vec![0; ranks.len().saturating_sub(1)],
            ranks,
            n,
            first: Vec::new(),
        }
    }

    /// Adds the products of the first `len` draws of each column.
    pub fn add(&mut self, columns: &[Vec<f64>], len: usize) {
        let Some((y, xs)) = self.ranks.split_first() else {
            return;
        };
        self.first.clear();
        self.first
            .extend(columns[0][..len].iter().map(|&v| y.of(v)));
        let first = &self.first;
        self.sums
            .par_iter_mut()
            .zip(xs)
            .zip(&columns[1..])
            .for_each(|((sum, x), c)| {
                *sum += c[..len]
                    .iter()
                    .zip(first)
                    .map(|(&v, &dy)| x.of(v) as i128 * dy as i128)
                    .sum::<i128>();
            });
    }

    /// Spearman's ρ (bins as ties) of each later column with the first; `None` when
    /// either does not vary or there are fewer than two draws.
    pub fn correlations(&self) -> Vec<Option<f64>> {
        let Some((y, xs)) = self.ranks.split_first() else {
            return Vec::new();
        };
        xs.iter()
            .zip(&self.sums)
            .map(|(x, &sxy)| {
                if self.n < 2 || x.squares == 0 || y.squares == 0 {
                    return None;
                }
                let (sxx, syy) = (x.squares as f64, y.squares as f64);
                Some((sxy as f64 / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
            })
            .collect()
    }
}

/// Spearman's ρ (bins as ties) of each later column with the first, from draws at hand.
pub fn stored_correlations(columns: &[Vec<f64>]) -> Vec<Option<f64>> {
    let len = columns.first().map_or(0, Vec::len);
    let mut counts = Counts::new(columns.len());
    counts.add(columns, len);
    let mut products = Products::new(counts);
    products.add(columns, len);
    products.correlations()
}

/// No derived series: the passes read the engine's columns as they come.
struct ColumnsOnly;

impl Series for ColumnsOnly {
    fn kinds(&self) -> Vec<Kind> {
        Vec::new()
    }

    fn counters(&self) -> usize {
        0
    }

    fn derive(&self, _: &[Vec<Vec<f64>>], _: usize, _: &mut [Vec<f64>], _: &mut [u64]) {}
}

/// Spearman's ρ (bins as ties) of each later column of `columns` with the first, over
/// draws 0..n of `plan` with `seed` and `sampling`: two passes on `threads` threads (all cores if
/// `None`), with one progress bar for both if `progress`. `Err`: the rules the draws broke.
pub fn correlations(
    plan: &Plan,
    columns: Vec<Column>,
    n: usize,
    seed: u64,
    sampling: Sampling,
    threads: Option<usize>,
    progress: bool,
) -> Result<Vec<Option<f64>>, Breaches> {
    let width = columns.len();
    let sources = [Source { plan, columns }];
    on_threads(threads, || {
        let bar = progress.then(|| progress_bar(2 * n as u64));
        let pass = Pass {
            sources: &sources,
            series: &ColumnsOnly,
            seed,
            sampling,
            range: 0..n,
            level: 0.95,
            bar: bar.as_ref(),
        };
        let mut counts = Counts::new(width);
        let mut breaches = Breaches::default();
        pass.windows(|cols, found, len, _| {
            found.into_iter().for_each(|b| breaches.merge(b));
            counts.add(&cols[0], len);
        });
        if !breaches.is_empty() {
            return Err(breaches);
        }
        let mut products = Products::new(counts);
        pass.windows(|cols, _, len, _| products.add(&cols[0], len));
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        Ok(products.correlations())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::correlation::spearman;
    use proptest::prelude::*;

    #[test]
    fn draws_in_one_bin_are_tied() {
        // 1 and 1.0001 differ by less than 2⁻¹² of their size: one bin, both ranked 1.5.
        // x ranks 1.5, 1.5, 3, 4 and y ranks 2, 1, 3, 4 (mean 2.5): deviations
        // x −1, −1, 0.5, 1.5 and y −0.5, −1.5, 0.5, 1.5; Σxy = 0.5 + 1.5 + 0.25 + 2.25 = 4.5,
        // Σx² = 4.5, Σy² = 5: ρ = 4.5 / √22.5 = √0.9 (the exact ρ, ranks 1, 2, 3, 4, is
        // 1 − 6 · 2 / (4 · 15) = 0.8).
        let y = vec![2.0, 1.0, 3.0, 4.0];
        let x = vec![1.0, 1.0001, 2.0, 3.0];
        let rho = stored_correlations(&[y.clone(), x.clone()])[0].unwrap();
        assert!((rho - 0.9f64.sqrt()).abs() < 1e-15, "{rho}");
        assert!((spearman(&x, &y).unwrap() - 0.8).abs() < 1e-15);
        // 1 and 1 + 2⁻¹² are a bin apart: the exact ranks, and ρ = 0.8.
        let x = vec![1.0, 1.0 + 2f64.powi(-12), 2.0, 3.0];
        let rho = stored_correlations(&[y, x])[0].unwrap();
        assert!((rho - 0.8).abs() < 1e-15, "{rho}");
    }

    #[test]
    fn doubled_centred_ranks_by_hand() {
        // Values 5, 5, 7, −0, 0 (n = 5): −0 and 0 tie at ranks 1, 2 (mid-rank 1.5), the 5s
        // at 3, 4 (3.5), the 7 is 5; d = 2 · rank − 6: −3, 1, 4. Σd² = 2·9 + 2·1 + 16 = 36.
        let mut counts = Counts::new(1);
        counts.add(&[vec![5.0, 5.0, 7.0, -0.0, 0.0]], 5);
        let ranks = counts.ranks();
        let r = &ranks[0];
        assert_eq!(
            [r.of(0.0), r.of(-0.0), r.of(5.0), r.of(7.0)],
            [-3, -3, 1, 4]
        );
        assert_eq!(r.squares, 36);
    }

    #[test]
    fn constant_or_too_short_has_none() {
        let c = stored_correlations(&[vec![1.0, 2.0, 3.0], vec![4.0; 3]]);
        assert_eq!(c, [None]);
        assert_eq!(stored_correlations(&[vec![1.0], vec![2.0]]), [None]);
        assert!(stored_correlations(&[vec![1.0, 2.0]]).is_empty());
    }

    proptest! {
        /// Values a bin or more apart (integers, and numbers on a coarse grid) are ranked
        /// exactly: ρ is Spearman's, ties and all.
        #[test]
        fn without_shared_bins_it_is_exact_spearman(
            pairs in prop::collection::vec(((-50i32..50), (-3i32..3)), 2..300)
        ) {
            let y: Vec<f64> = pairs.iter().map(|p| f64::from(p.0) * 0.25).collect();
            let x: Vec<f64> = pairs.iter().map(|p| f64::from(p.1)).collect();
            let binned = stored_correlations(&[y.clone(), x.clone()])[0];
            match (binned, spearman(&x, &y)) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12, "{} {}", a, b),
                (a, b) => prop_assert_eq!(a, b),
            }
        }

        /// The sums are exact, so draws split into any windows give the same bits.
        #[test]
        fn any_split_gives_the_same_bits(
            xs in prop::collection::vec(-1e3f64..1e3, 4..200), cut in 0usize..200
        ) {
            let ys: Vec<f64> = xs.iter().map(|x| x.sin()).collect();
            let cut = cut.min(xs.len());
            let whole = stored_correlations(&[ys.clone(), xs.clone()]);
            let parts = |c: &[f64]| [c[cut..].to_vec(), c[..cut].to_vec()];
            let ([y1, y0], [x1, x0]) = (parts(&ys), parts(&xs));
            let mut counts = Counts::new(2);
            counts.add(&[y1.clone(), x1.clone()], y1.len());
            counts.add(&[y0.clone(), x0.clone()], y0.len());
            let mut products = Products::new(counts);
            products.add(&[y0, x0], cut);
            products.add(&[y1, x1], xs.len() - cut);
            prop_assert_eq!(whole, products.correlations());
        }
    }
}
