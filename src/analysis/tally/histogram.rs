//! The first pass's histogram: every draw counted in a fine bin keyed on the bit pattern of
//! its value, so that no range is needed in advance (see `tally`).

use serde::{Deserialize, Serialize};

/// Fine bins per power of two (the bits of the mantissa a bin is keyed on: 12).
const FINE: usize = 4096;

/// Draws counted by the top 24 bits of their key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<(u32, u64)>", from = "Vec<(u32, u64)>")]
pub struct Histogram {
    coarse: Vec<Option<Box<[u64; FINE]>>>,
}

impl Histogram {
    /// Counts `n` draws of [`key`](super::key) `k`.
    #[inline]
    pub fn add(&mut self, k: u64, n: u64) {
        if self.coarse.is_empty() {
            self.coarse.resize_with(FINE, || None);
        }
        let fine = self.coarse[(k >> 52) as usize].get_or_insert_with(|| Box::new([0; FINE]));
        fine[((k >> 40) as usize) & (FINE - 1)] += n;
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
        self.add((bin as u64) << 40, count);
    }

    pub(super) fn merge(&mut self, other: &Histogram) {
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
            Some(Some(fine)) => fine[((k >> 40) as usize) & (FINE - 1)],
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
                    .map(move |(i, &n)| (((c << 12) | i) as u32, n))
            })
        })
    }
}

impl From<Histogram> for Vec<(u32, u64)> {
    fn from(h: Histogram) -> Self {
        h.bins().collect()
    }
}

impl From<Vec<(u32, u64)>> for Histogram {
    fn from(bins: Vec<(u32, u64)>) -> Self {
        let mut h = Histogram::default();
        for (bin, count) in bins {
            if count > 0 {
                h.add_count(bin, count);
            }
        }
        h
    }
}

impl Histogram {
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
                    out.push((((c << 12) | i) as u32, below));
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
