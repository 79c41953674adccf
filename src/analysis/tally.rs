//! Exact summaries of a series of draws too long to keep, in two passes over the draws.
//!
//! **First pass** ([`First`]): the draws come in blocks of [`BLOCK`] (the engine's unit of
//! work, so a block is the same whichever process or thread draws it). Each block's mean
//! and sum of squared deviations are taken exactly as [`mean_sd`] takes them for a whole
//! column, and added into exact sums ([`ExactSum`]); each draw is counted into a fine
//! histogram keyed on its bit pattern (so no range is needed in advance): 2²⁴ bins, each a
//! 4,096th of a power of two, allocated a power of two at a time as draws reach it.
//!
//! **Between the passes** ([`Given`]): the mean is the exact sum of the block totals
//! divided by the number of draws, rounded once; the histogram says which bin holds each
//! order statistic a percentile needs, and how many draws lie below that bin.
//!
//! **Second pass** ([`Second`]): each block adds its count times the squared distance of
//! its mean from the overall mean (Chan, Golub & LeVeque 1979's combination of block
//! variances, summed exactly), and only the draws inside the wanted bins are kept.
//!
//! **Finishing** ([`finish`]): the kept draws are sorted and the order statistics read
//! off, interpolated as [`crate::analysis::stats::percentiles`] does (Hyndman & Fan's
//! definition 7), so percentiles are the same, bit for bit, as from the stored draws.
//! With a single block (up to 2,048 draws) mean and sd are those of [`mean_sd`] exactly.
//!
//! Every part is a sum or a count, so passes over disjoint sets of blocks (threads,
//! shards on other machines) merge to the same numbers in any order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::exact::ExactSum;
use crate::analysis::stats::{Summary, corrected_mean, squares_about};
use crate::sample::engine::BLOCK;

/// Fine bins per power of two (the bits of the mantissa a bin is keyed on: 12).
const FINE: usize = 4096;
/// Kept draws of a bin are compacted into (value, count) runs past this many.
const COMPACT: usize = 1 << 20;

/// What is wanted of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Mean, sd and percentiles.
    Full,
    /// The mean only (no histogram, no second pass).
    Mean,
}

/// An integer key in the order of [`f64::total_cmp`].
pub fn key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The value of a [`key`].
pub fn unkey(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// Draws counted by the top 24 bits of their key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<(u32, u64)>", from = "Vec<(u32, u64)>")]
pub struct Histogram {
    coarse: Vec<Option<Box<[u64; FINE]>>>,
}

impl Histogram {
    fn add(&mut self, k: u64) {
        if self.coarse.is_empty() {
            self.coarse.resize_with(FINE, || None);
        }
        let fine = self.coarse[(k >> 52) as usize].get_or_insert_with(|| Box::new([0; FINE]));
        fine[((k >> 40) as usize) & (FINE - 1)] += 1;
    }

    fn add_count(&mut self, bin: u32, count: u64) {
        self.add((bin as u64) << 40);
        let fine = self.coarse[(bin >> 12) as usize]
            .as_mut()
            .expect("just made");
        fine[bin as usize & (FINE - 1)] += count - 1;
    }

    fn merge(&mut self, other: &Histogram) {
        for (bin, count) in other.bins() {
            self.add_count(bin, count);
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

/// The first pass over one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct First {
    /// What is wanted.
    pub kind: Kind,
    /// Draws seen.
    pub count: u64,
    /// Σ over blocks of block size × block mean.
    pub total: ExactSum,
    /// Σ over blocks of the squared deviations from the block's mean.
    pub squares: ExactSum,
    /// The draws by bin (for `Kind::Full`).
    pub histogram: Histogram,
}

impl First {
    /// Nothing seen yet.
    pub fn new(kind: Kind) -> First {
        First {
            kind,
            count: 0,
            total: ExactSum::default(),
            squares: ExactSum::default(),
            histogram: Histogram::default(),
        }
    }

    /// Takes in draws that start at a block boundary.
    pub fn add(&mut self, draws: &[f64]) {
        for block in draws.chunks(BLOCK) {
            let m = corrected_mean(block);
            self.total.add_product(block.len() as f64, m);
            if self.kind == Kind::Full {
                self.squares.add(squares_about(block, m));
                for &x in block {
                    self.histogram.add(key(x));
                }
            }
        }
        self.count += draws.len() as u64;
    }

    /// Adds another first pass over other blocks of the same series.
    pub fn merge(&mut self, other: &First) {
        self.count += other.count;
        self.total.merge(&other.total);
        self.squares.merge(&other.squares);
        self.histogram.merge(&other.histogram);
    }

    /// What the second pass needs, once every block has been seen: the mean and where
    /// the order statistics for percentiles `ps` lie.
    pub fn given(&self, ps: &[f64]) -> Given {
        let n = self.count;
        let mean = if n == 0 {
            f64::NAN
        } else {
            self.total.divided_by(n)
        };
        let mut targets: Vec<Target> = Vec::new();
        if self.kind == Kind::Full && n > 0 {
            let mut ranks: Vec<u64> = ps
                .iter()
                .flat_map(|&p| {
                    let (r, frac) = position(n, p);
                    [Some(r), (frac != 0.0).then_some(r + 1)]
                })
                .flatten()
                .collect();
            ranks.sort_unstable();
            ranks.dedup();
            let mut below = 0;
            let mut wanted = ranks.iter().peekable();
            for (bin, count) in self.histogram.bins() {
                while let Some(&&r) = wanted.peek() {
                    if r >= below + count {
                        break;
                    }
                    targets.push(Target {
                        rank: r,
                        bin,
                        below,
                    });
                    wanted.next();
                }
                below += count;
            }
        }
        Given {
            kind: self.kind,
            count: n,
            mean,
            squares: self.squares.clone(),
            targets,
        }
    }
}

/// Where percentile `p` of `n` draws lies: the lower order statistic (0-based) and the
/// fraction of the way to the next (definition 7).
fn position(n: u64, p: f64) -> (u64, f64) {
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    (h.floor() as u64, h - h.floor())
}

/// One wanted order statistic: its rank, the bin it lies in, and the draws below the bin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The rank (0 for the smallest).
    pub rank: u64,
    /// Its bin (the top 24 bits of its key).
    pub bin: u32,
    /// Draws in lower bins.
    pub below: u64,
}

/// What a series' second pass needs from its merged first pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Given {
    /// What is wanted.
    pub kind: Kind,
    /// All the draws.
    pub count: u64,
    /// The mean over all draws.
    pub mean: f64,
    /// Σ over blocks of the squared deviations from the block's mean.
    pub squares: ExactSum,
    /// The order statistics to find, by rank.
    pub targets: Vec<Target>,
}

impl Given {
    /// The distinct wanted bins, ascending.
    fn bins(&self) -> Vec<u32> {
        let mut bins: Vec<u32> = self.targets.iter().map(|t| t.bin).collect();
        bins.dedup();
        bins
    }
}

/// The draws kept from one bin, as sorted (key, count) runs once compacted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// The bin.
    pub bin: u32,
    #[serde(skip)]
    loose: Vec<u64>,
    /// Keys with the number of draws that had them.
    runs: BTreeMap<u64, u64>,
}

impl Kept {
    fn push(&mut self, k: u64) {
        self.loose.push(k);
        if self.loose.len() >= COMPACT {
            self.compact();
        }
    }

    fn compact(&mut self) {
        for k in self.loose.drain(..) {
            *self.runs.entry(k).or_insert(0) += 1;
        }
    }
}

/// The second pass over one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Second {
    /// Σ over blocks of block size × (block mean − mean)².
    pub between: ExactSum,
    /// The draws in each wanted bin.
    pub kept: Vec<Kept>,
}

impl Second {
    /// Nothing seen yet.
    pub fn new(given: &Given) -> Second {
        Second {
            between: ExactSum::default(),
            kept: given
                .bins()
                .into_iter()
                .map(|bin| Kept {
                    bin,
                    ..Kept::default()
                })
                .collect(),
        }
    }

    /// Takes in draws that start at a block boundary.
    pub fn add(&mut self, given: &Given, draws: &[f64]) {
        if given.kind != Kind::Full {
            return;
        }
        for block in draws.chunks(BLOCK) {
            let d = corrected_mean(block) - given.mean;
            self.between.add_product(block.len() as f64, d * d);
        }
        let (Some(lo), Some(hi)) = (self.kept.first(), self.kept.last()) else {
            return;
        };
        let (lo, hi) = (lo.bin, hi.bin);
        for &x in draws {
            let k = key(x);
            let bin = (k >> 40) as u32;
            if bin >= lo
                && bin <= hi
                && let Some(kept) = self.kept.iter_mut().find(|b| b.bin == bin)
            {
                kept.push(k);
            }
        }
    }

    /// Compacts what was kept (before saving or merging).
    pub fn compact(&mut self) {
        for k in &mut self.kept {
            k.compact();
        }
    }

    /// Adds another second pass over other blocks of the same series.
    pub fn merge(&mut self, other: &Second) {
        self.between.merge(&other.between);
        self.compact();
        for (mine, theirs) in self.kept.iter_mut().zip(&other.kept) {
            let mut theirs = theirs.clone();
            theirs.compact();
            for (k, c) in theirs.runs {
                *mine.runs.entry(k).or_insert(0) += c;
            }
        }
    }
}

/// The summary of a series from its merged passes, with an interval at `level`.
pub fn finish(given: &Given, second: &Second, level: f64) -> Summary {
    let n = given.count;
    let nan = Summary {
        mean: given.mean,
        sd: f64::NAN,
        median: f64::NAN,
        ci_low: f64::NAN,
        ci_high: f64::NAN,
    };
    if given.kind != Kind::Full || n == 0 {
        return nan;
    }
    let mut squares = given.squares.clone();
    squares.merge(&second.between);
    let sd = if n > 1 {
        (squares.value() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let mut second = second.clone();
    second.compact();
    let at = |rank: u64| -> f64 {
        let t = given
            .targets
            .iter()
            .find(|t| t.rank == rank)
            .expect("every needed rank has a target");
        let kept = second
            .kept
            .iter()
            .find(|k| k.bin == t.bin)
            .expect("every target bin is kept");
        let mut seen = t.below;
        for (&k, &c) in &kept.runs {
            seen += c;
            if rank < seen {
                return unkey(k);
            }
        }
        f64::NAN
    };
    let percentile = |p: f64| {
        let (r, frac) = position(n, p);
        let x_lo = at(r);
        if frac == 0.0 {
            x_lo
        } else {
            x_lo + frac * (at(r + 1) - x_lo)
        }
    };
    let tail = (1.0 - level) / 2.0;
    Summary {
        mean: given.mean,
        sd,
        median: percentile(0.5),
        ci_low: percentile(tail),
        ci_high: percentile(1.0 - tail),
    }
}

/// The percentiles a summary at `level` reads.
pub fn wanted(level: f64) -> [f64; 3] {
    let tail = (1.0 - level) / 2.0;
    [tail, 0.5, 1.0 - tail]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Both passes over `draws` cut at `cut` (a multiple of BLOCK), merged.
    fn streamed(draws: &[f64], cut: usize, level: f64) -> Summary {
        let (a, b) = draws.split_at(cut.min(draws.len()));
        let mut first = First::new(Kind::Full);
        let mut other = First::new(Kind::Full);
        first.add(a);
        other.add(b);
        first.merge(&other);
        let given = first.given(&wanted(level));
        let mut second = Second::new(&given);
        let mut second_b = Second::new(&given);
        second.add(&given, b);
        second_b.add(&given, a);
        second.merge(&second_b);
        finish(&given, &second, level)
    }

    #[test]
    fn keys_keep_the_order_of_total_cmp() {
        let xs = [
            f64::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-310,
            2.0,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]));
        }
        for x in xs {
            assert_eq!(unkey(key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn one_block_is_exactly_the_stored_summary() {
        let mut xs: Vec<f64> = (0..2000)
            .map(|i| ((i * 7919) % 2003) as f64 * 0.37)
            .collect();
        let s = streamed(&xs, 0, 0.95);
        assert_eq!(s, Summary::of(&mut xs, 0.95));
    }

    #[test]
    fn a_known_sample_over_many_blocks() {
        // 0, 1, …, 10000 in scrambled order: mean 5000, median 5000, 2.5th percentile at
        // h = 250 (up to the rounding of 0.025), sd² = (N² − 1)/12 · N/(N − 1) for the
        // N = 10001 integers 0..N−1 → (10001 · 10002 / 12)^½.
        let xs: Vec<f64> = (0..=10000u64)
            .map(|i| ((i * 3001) % 10001) as f64)
            .collect();
        let s = streamed(&xs, 4096, 0.95);
        assert_eq!(s.mean, 5000.0);
        assert_eq!(s.median, 5000.0);
        assert!((s.ci_low - 250.0).abs() < 1e-9);
        assert!((s.ci_high - 9750.0).abs() < 1e-9);
        assert!((s.sd - (10001.0f64 * 10002.0 / 12.0).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn a_constant_over_many_blocks() {
        let c = 2028.985507246377;
        let s = streamed(&vec![c; 5000], 2048, 0.9);
        assert_eq!(
            (s.mean, s.sd, s.median, s.ci_low, s.ci_high),
            (c, 0.0, c, c, c)
        );
    }

    proptest! {
        #[test]
        fn percentiles_equal_those_of_the_stored_draws(
            xs in prop::collection::vec(prop_oneof![-1e6f64..1e6, Just(0.0), Just(3.0)], 1..6000),
            cut in 0usize..3, level in 0.01f64..0.999) {
            let s = streamed(&xs, cut * BLOCK, level);
            let mut work = xs.clone();
            let stored = Summary::of(&mut work, level);
            prop_assert_eq!((s.median, s.ci_low, s.ci_high),
                            (stored.median, stored.ci_low, stored.ci_high));
            let scale = xs.iter().fold(1.0f64, |m, x| m.max(x.abs()));
            prop_assert!((s.mean - stored.mean).abs() <= 1e-12 * scale);
            prop_assert!((s.sd - stored.sd).abs() <= 1e-9 * scale);
        }
    }
}
