//! Histograms keyed on the bit pattern of a value, so that no range is needed in advance:
//! the first pass's (see `tally`), which only has to say roughly where each percentile
//! lies, and the rank correlations' (see `rank_bins`), whose bins are the ranks' ties.

use serde::{Deserialize, Serialize};

/// Draws counted by the top bits of their [`key`](super::key): its sign and exponent (12
/// bits), which pick a power of two, and the top bits of its mantissa, which pick one of
/// `FINE` bins of that power of two (a power of two itself, up to 2¹²). A bin is named by
/// those bits as a number ([`Bins::bin_of`]), and spans less than 1/`FINE` of the values
/// in it. Only the powers of two draws reach are allocated, `FINE` counts each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<(u32, u64)>", from = "Vec<(u32, u64)>")]
pub struct Bins<const FINE: usize> {
    coarse: Vec<Option<Box<[u64; FINE]>>>,
}

/// The first pass's histogram: 256 bins to each power of two (2²⁰ bins, each under 0.4%
/// of the values in it). It only narrows the draws kept near each percentile and, when
/// those miss one, says which bin the second pass searches. Finer bins (a 4,096th) took a
/// run about 5% more processor time, for the cache lines their 32 KB a power of two take
/// each window; coarser ones (a 64th) keep more draws near each percentile than they save
/// (docs/performance.md).
pub type Histogram = Bins<256>;

/// The rank correlations' histogram: 4,096 bins to each power of two (2²⁴ bins, each
/// under 0.025% of the values in it), draws in one bin counted as tied.
pub type FineHistogram = Bins<4096>;

impl<const FINE: usize> Bins<FINE> {
    /// Bits of the mantissa a bin is keyed on.
    const BITS: u32 = {
        assert!(FINE.is_power_of_two() && FINE <= 1 << 12);
        FINE.trailing_zeros()
    };
    /// How far a key is shifted to give its bin.
    const SHIFT: u32 = 52 - Self::BITS;

    /// The bin of key `k`.
    #[inline(always)]
    pub fn bin_of(k: u64) -> u32 {
        (k >> Self::SHIFT) as u32
    }

    /// The lowest key of bin `bin`.
    pub fn lowest(bin: u32) -> u64 {
        (bin as u64) << Self::SHIFT
    }

    /// The highest key of bin `bin`.
    pub fn highest(bin: u32) -> u64 {
        Self::lowest(bin) | ((1 << Self::SHIFT) - 1)
    }

    /// Counts `n` draws of [`key`](super::key) `k`.
    #[inline]
    pub fn add(&mut self, k: u64, n: u64) {
        if self.coarse.is_empty() {
            self.coarse.resize_with(1 << 12, || None);
        }
        let fine = self.coarse[(k >> 52) as usize].get_or_insert_with(|| Box::new([0; FINE]));
        fine[((k >> Self::SHIFT) as usize) & (FINE - 1)] += n;
    }

    /// Counts the draws of `keys`, one addition each: a block of one value (a fixed
    /// figure's) is counted by the caller with one addition, and looking for shorter runs
    /// of equal keys cost more than it saved.
    pub fn count(&mut self, keys: &[u64]) {
        for &k in keys {
            self.add(k, 1);
        }
    }

    fn add_count(&mut self, bin: u32, count: u64) {
        self.add(Self::lowest(bin), count);
    }

    pub(super) fn merge(&mut self, other: &Self) {
        for (bin, count) in other.bins() {
            self.add_count(bin, count);
        }
    }

    /// Replaces each non-empty bin's count by `f(below, count)`, bins in increasing
    /// order (`below`: the draws in lower bins), to be read back by key with
    /// [`Histogram::at`]: a table on the same bins, in the histogram's own memory.
    pub fn replace_counts(&mut self, mut f: impl FnMut(u64, u64) -> u64) {
        let mut below = 0;
        for fine in self.coarse.iter_mut().flatten() {
            for slot in fine.iter_mut().filter(|n| **n > 0) {
                let count = *slot;
                *slot = f(below, count);
                below += count;
            }
        }
    }

    /// What the bin of key `k` holds (0 for a bin nothing was counted in).
    pub fn at(&self, k: u64) -> u64 {
        match self.coarse.get((k >> 52) as usize) {
            Some(Some(fine)) => fine[((k >> Self::SHIFT) as usize) & (FINE - 1)],
            _ => 0,
        }
    }

    /// The non-empty bins in increasing order, with their counts.
    fn bins(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.coarse.iter().enumerate().flat_map(|(c, fine)| {
            fine.iter().flat_map(move |f| {
                f.iter()
                    .enumerate()
                    .filter(|&(_, &n)| n > 0)
                    .map(move |(i, &n)| (((c << Self::BITS) | i) as u32, n))
            })
        })
    }
}

impl<const FINE: usize> From<Bins<FINE>> for Vec<(u32, u64)> {
    fn from(h: Bins<FINE>) -> Self {
        h.bins().collect()
    }
}

impl<const FINE: usize> From<Vec<(u32, u64)>> for Bins<FINE> {
    fn from(bins: Vec<(u32, u64)>) -> Self {
        let mut h = Self::default();
        for (bin, count) in bins {
            if count > 0 {
                h.add_count(bin, count);
            }
        }
        h
    }
}

impl<const FINE: usize> Bins<FINE> {
    /// The bin of each rank in `ranks` (ascending).
    pub(super) fn bins_of(&self, ranks: &[u64]) -> Vec<u32> {
        self.bins_with_below(ranks)
            .into_iter()
            .map(|(b, _)| b)
            .collect()
    }

    /// The bin of each rank in `ranks` (ascending), with the count of lower bins.
    pub(super) fn bins_with_below(&self, ranks: &[u64]) -> Vec<(u32, u64)> {
        let mut out = Vec::with_capacity(ranks.len());
        let mut below = 0;
        let mut wanted = ranks.iter().peekable();
        // The bins in increasing order, as `bins` gives them, but in plain loops (this runs
        // each time the guesses narrow) that stop at the last rank wanted.
        for (c, fine) in self.coarse.iter().enumerate() {
            let Some(fine) = fine else {
                continue;
            };
            for (i, &count) in fine.iter().enumerate() {
                if count == 0 {
                    continue;
                }
                while let Some(&&r) = wanted.peek() {
                    if r >= below + count {
                        break;
                    }
                    out.push((((c << Self::BITS) | i) as u32, below));
                    wanted.next();
                }
                if wanted.peek().is_none() {
                    return out;
                }
                below += count;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::tally::key;

    /// The edges a bin of each resolution should have, worked out from the values: the
    /// bins of [1, 2) start at 1 + i/FINE.
    fn edges<const FINE: usize>(first_bin_of_one: u32) {
        let one = Bins::<FINE>::bin_of(key(1.0));
        assert_eq!(one, first_bin_of_one);
        let step = 1.0 / FINE as f64;
        for i in [0, 1, FINE / 2, FINE - 1] {
            let start = 1.0 + i as f64 * step;
            let bin = Bins::<FINE>::bin_of(key(start));
            assert_eq!(bin, one + i as u32, "{start}");
            // The last value before the next edge is in the same bin; the edge is not.
            let next = 1.0 + (i + 1) as f64 * step;
            let before = f64::from_bits(next.to_bits() - 1);
            assert_eq!(Bins::<FINE>::bin_of(key(before)), bin);
            assert_eq!(Bins::<FINE>::bin_of(key(next)), bin + 1);
            assert_eq!(Bins::<FINE>::lowest(bin), key(start));
            assert_eq!(Bins::<FINE>::highest(bin), key(before));
        }
    }

    #[test]
    fn bins_split_each_power_of_two_evenly() {
        // key(1.0) = 0x3FF0_0000_0000_0000 with the top bit set: 0xBFF0_0000_0000_0000.
        edges::<256>(0xB_FF00);
        edges::<4096>(0xBF_F000);
    }

    #[test]
    fn counts_read_back_by_rank_merged_and_serialised() {
        // 1.0 and 1.001 share a 256th of [1, 2) (it is 1/256 ≈ 0.0039 wide), not a
        // 4,096th (≈ 0.00024); 1.5 is in a bin of its own in both; -3.0 lies lowest.
        let draws = [1.5, 1.0, -3.0, 1.001, 1.0];
        let mut coarse = Histogram::default();
        let mut fine = FineHistogram::default();
        for &x in &draws {
            coarse.add(key(x), 1);
            fine.add(key(x), 1);
        }
        let bin = |x: f64| Histogram::bin_of(key(x));
        assert_eq!(
            coarse.bins_with_below(&[0, 1, 3, 4]),
            [(bin(-3.0), 0), (bin(1.0), 1), (bin(1.0), 1), (bin(1.5), 4)]
        );
        let fine_bin = |x: f64| FineHistogram::bin_of(key(x));
        assert_eq!(
            fine.bins_with_below(&[1, 3, 4]),
            [(fine_bin(1.0), 1), (fine_bin(1.001), 3), (fine_bin(1.5), 4)]
        );
        let text = serde_json::to_string(&coarse).unwrap();
        assert_eq!(serde_json::from_str::<Histogram>(&text).unwrap(), coarse);
        let mut merged = Histogram::default();
        merged.merge(&coarse);
        merged.merge(&coarse);
        assert_eq!(merged.at(key(1.0)), 6);
        assert_eq!(merged.at(key(1.5)), 2);
        assert_eq!(merged.at(key(7.0)), 0);
    }
}
