//! Exact summaries of a series of draws too long to keep, in two passes over the draws.
//!
//! **First pass** ([`First`]): the draws come in blocks of [`BLOCK`] (the engine's unit of
//! work, so a block is the same whichever process or thread draws it). Each block's mean
//! and sum of squared deviations are taken exactly as [`mean_sd`] takes them for a whole
//! column, and added into exact sums ([`ExactSum`]); each draw is counted into a
//! histogram keyed on its bit pattern (so no range is needed in advance): 2²⁰ bins, each a
//! 256th of a power of two, allocated a power of two at a time as draws reach it
//! ([`Histogram`]).
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

use serde::{Deserialize, Serialize};

use crate::analysis::exact::ExactSum;
use crate::analysis::precision::{Bounds, SummaryBounds, order_bounds};
use crate::analysis::stats::{Summary, corrected_mean, squares_about};
use crate::sample::engine::BLOCK;
use crate::width::Width;

mod histogram;

pub use histogram::{FineHistogram, Histogram};

/// Kept draws of a bin are compacted into (value, count) runs past this many.
const COMPACT: usize = 1 << 20;

/// What is wanted of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Mean, sd and percentiles.
    Full,
    /// The mean only (no histogram, no second pass).
    Mean,
    /// Mean and sd (no histogram, no second pass).
    Spread,
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

/// A multiset of keys: loose (key, count) pairs in the order they came, a repeat of the
/// last key adding to its count, until there are many, then sorted (key, count) runs; so
/// a series of few distinct values (a fixed investment) never keeps one entry a draw.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(into = "Vec<(u64, u64)>", from = "Vec<(u64, u64)>")]
pub struct Keys {
    loose: Vec<(u64, u64)>,
    runs: Vec<(u64, u64)>,
}

impl Keys {
    /// Adds `n` copies of key `k`.
    #[inline]
    fn push(&mut self, k: u64, n: u64) {
        match self.loose.last_mut() {
            Some((last, c)) if *last == k => *c += n,
            _ => {
                self.loose.push((k, n));
                if self.loose.len() >= COMPACT {
                    self.compact();
                }
            }
        }
    }

    fn compact(&mut self) {
        if self.loose.is_empty() {
            return;
        }
        self.loose.sort_unstable();
        let mut fresh: Vec<(u64, u64)> = Vec::new();
        for &(k, n) in &self.loose {
            match fresh.last_mut() {
                Some((last, c)) if *last == k => *c += n,
                _ => fresh.push((k, n)),
            }
        }
        self.loose.clear();
        self.add_runs(&fresh);
    }

    /// Merges sorted runs into these (sorted) runs.
    fn add_runs(&mut self, other: &[(u64, u64)]) {
        if other.is_empty() {
            return;
        }
        let mine = std::mem::take(&mut self.runs);
        let mut out = Vec::with_capacity(mine.len() + other.len());
        let (mut i, mut j) = (0, 0);
        while i < mine.len() || j < other.len() {
            let next = if j == other.len() || (i < mine.len() && mine[i].0 <= other[j].0) {
                i += 1;
                mine[i - 1]
            } else {
                j += 1;
                other[j - 1]
            };
            match out.last_mut() {
                Some((k, c)) if *k == next.0 => *c += next.1,
                _ => out.push(next),
            }
        }
        self.runs = out;
    }

    fn merge(&mut self, other: &Keys) {
        self.compact();
        let mut theirs = other.clone();
        theirs.compact();
        self.add_runs(&theirs.runs);
    }

    /// The `i`-th smallest key (0 for the smallest).
    fn nth(&mut self, i: u64) -> Option<u64> {
        self.compact();
        let mut seen = 0;
        for &(k, c) in &self.runs {
            seen += c;
            if i < seen {
                return Some(k);
            }
        }
        None
    }

    /// Keeps only the keys in `lo..=hi`; returns how many lay below `lo`.
    fn keep(&mut self, lo: u64, hi: u64) -> u64 {
        self.compact();
        let start = self.runs.partition_point(|&(k, _)| k < lo);
        let below = self.runs[..start].iter().map(|&(_, c)| c).sum();
        self.runs.drain(..start);
        let end = self.runs.partition_point(|&(k, _)| k <= hi);
        self.runs.truncate(end);
        below
    }
}

impl From<Keys> for Vec<(u64, u64)> {
    fn from(mut k: Keys) -> Self {
        k.compact();
        k.runs
    }
}

impl From<Vec<(u64, u64)>> for Keys {
    fn from(mut runs: Vec<(u64, u64)>) -> Self {
        runs.sort_unstable();
        let mut k = Keys::default();
        k.add_runs(&runs);
        k
    }
}

/// The draws kept during the first pass around one percentile, on a guess of where it
/// will fall: every draw seen whose key is in `lo..=hi`, and how many fell below `lo`.
/// The range starts as everything and narrows as draws come in (to the keys within six
/// standard errors of the percentile among the draws so far, and a margin), so it holds
/// a number of draws that grows as the square root of the draws. If the order statistics
/// the percentile needs land inside it, they are read off exactly with no second pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Guess {
    /// The percentile (as a probability).
    pub p: f64,
    /// The lowest key kept.
    pub lo: u64,
    /// The highest key kept.
    pub hi: u64,
    /// Draws seen below `lo`.
    pub below: u64,
    /// The draws seen within the range.
    pub keys: Keys,
    /// Draws seen when the range was last narrowed.
    pub narrowed_at: u64,
}

impl Guess {
    fn new(p: f64) -> Guess {
        Guess {
            p,
            lo: 0,
            hi: u64::MAX,
            below: 0,
            keys: Keys::default(),
            narrowed_at: 0,
        }
    }

    /// Takes in `n` draws of key `k`: counted if below the range, kept if within it.
    #[inline(always)]
    fn see(&mut self, k: u64, n: u64) {
        if k < self.lo {
            self.below += n;
        } else if k <= self.hi {
            self.keys.push(k, n);
        }
    }

    /// Takes in draws by their keys (at most a block): counted if below the range, kept
    /// if within it. The comparisons are made for every key without a branch (a draw
    /// falls below a median's range as often as not, which no predictor guesses), by the
    /// code for `width`, into a count and a bit a key; few draws fall within the range,
    /// and only the keys whose bit is set are visited.
    #[inline(always)]
    fn see_all(&mut self, width: Width, keys: &[u64]) {
        let mut within = [0u64; BLOCK / 64];
        self.below += scan(width, keys, self.lo, self.hi, &mut within);
        for (w, &word) in within.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                self.keys
                    .push(keys[64 * w + bits.trailing_zeros() as usize], 1);
                bits &= bits - 1;
            }
        }
    }

    /// The range of ranks (among `seen` draws) that should hold the percentile.
    fn ranks(&self, seen: u64) -> (u64, u64) {
        let c = self.p * (seen - 1) as f64;
        let half = 6.0 * (self.p * (1.0 - self.p) * seen as f64).sqrt() + 16.0;
        let lo = (c - half).floor().max(0.0) as u64;
        let hi = ((c + half).ceil() as u64).min(seen - 1);
        (lo, hi)
    }

    /// Narrows the range to keys in `lo..=hi` (never widening it).
    fn narrow(&mut self, lo: u64, hi: u64, seen: u64) {
        let (lo, hi) = (self.lo.max(lo), self.hi.min(hi));
        // Disjoint from the range so far (lo > hi), it keeps nothing and catches nothing.
        self.below += self.keys.keep(lo, hi);
        (self.lo, self.hi) = (lo, hi);
        self.narrowed_at = seen;
    }

    /// Adds a guess over other draws: the keys in both ranges are kept.
    fn merge(&mut self, other: &Guess) {
        let (lo, hi) = (self.lo.max(other.lo), self.hi.min(other.hi));
        let mut theirs = other.keys.clone();
        self.below += self.keys.keep(lo, hi) + other.below + theirs.keep(lo, hi);
        self.keys.merge(&theirs);
        (self.lo, self.hi) = (lo, hi);
    }

    /// The key of rank `r` among all the draws, if it lies in the range kept.
    fn read(&mut self, r: u64) -> Option<u64> {
        if self.lo > self.hi || r < self.below {
            return None;
        }
        self.keys.nth(r - self.below)
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
    /// Each block's size and mean (but for `Kind::Mean`), for the spread between blocks.
    pub blocks: Vec<(f64, f64)>,
    /// The draws by bin (for `Kind::Full`).
    pub histogram: Histogram,
    /// The draws kept around each percentile (for `Kind::Full`).
    pub guesses: Vec<Guess>,
}

impl First {
    /// Nothing seen yet; the percentiles wanted are `ps`.
    pub fn new(kind: Kind, ps: &[f64]) -> First {
        First {
            kind,
            count: 0,
            total: ExactSum::default(),
            squares: ExactSum::default(),
            blocks: Vec::new(),
            histogram: Histogram::default(),
            guesses: match kind {
                Kind::Full => ps.iter().map(|&p| Guess::new(p)).collect(),
                Kind::Mean | Kind::Spread => Vec::new(),
            },
        }
    }

    /// Takes in draws that start at a block boundary.
    pub fn add(&mut self, draws: &[f64]) {
        let full = self.kind == Kind::Full && !draws.is_empty();
        // The first draws seen set the first guess: keep only the draws near each
        // percentile among them, not all of them. Later draws are counted a block at a
        // time while the block is at hand.
        let first_sight = full && self.guesses.iter().any(|g| g.narrowed_at == 0);
        let width = Width::widest();
        let mut keys = [0u64; BLOCK];
        for block in draws.chunks(BLOCK) {
            let m = corrected_mean(block);
            self.total.add_product(block.len() as f64, m);
            if self.kind != Kind::Mean {
                self.squares.add(squares_about(block, m));
                self.blocks.push((block.len() as f64, m));
            }
            if full && !first_sight {
                self.count_by(width, block, &mut keys);
            }
        }
        self.count += draws.len() as u64;
        if first_sight {
            for block in draws.chunks(BLOCK) {
                self.histogram.count(keys_of(block, &mut keys));
            }
            self.narrow(self.count);
            for block in draws.chunks(BLOCK) {
                let keys = keys_of(block, &mut keys);
                for g in &mut self.guesses {
                    g.see_all(width, keys);
                }
            }
        }
        let seen = self.count;
        if full && self.guesses.iter().any(|g| seen >= 2 * g.narrowed_at) {
            self.narrow(seen);
        }
    }

    /// Counts `block` (at most a block of draws) into the histogram and the guesses, its
    /// keys made in `keys`, by the code compiled for `width`, which the processor must
    /// have ([`Width::available`]). Every width counts the same: it is integer work.
    #[inline]
    fn count_by(&mut self, width: Width, block: &[f64], keys: &mut [u64; BLOCK]) {
        match width {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Width::widest` and `Width::available` give only widths whose
            // instructions the processor has.
            Width::Avx512 => unsafe { self.count_avx512(block, keys) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            Width::Avx2 => unsafe { self.count_avx2(block, keys) },
            Width::Portable => self.count_portable(Width::Portable, block, keys),
        }
    }

    /// [`First::count_portable`] compiled for AVX-512 (eight 64-bit lanes, compared
    /// without sign).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    fn count_avx512(&mut self, block: &[f64], keys: &mut [u64; BLOCK]) {
        self.count_portable(Width::Avx512, block, keys);
    }

    /// [`First::count_portable`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn count_avx2(&mut self, block: &[f64], keys: &mut [u64; BLOCK]) {
        self.count_portable(Width::Avx2, block, keys);
    }

    /// [`First::count_by`] for any processor: the code every width compiles.
    #[inline(always)]
    fn count_portable(&mut self, width: Width, block: &[f64], keys: &mut [u64; BLOCK]) {
        let keys = keys_of(block, keys);
        let k = keys[0];
        if keys.iter().fold(true, |all, &x| all & (x == k)) {
            // A fixed figure's block (or a zero share's): one count, not one a draw.
            let n = keys.len() as u64;
            self.histogram.add(k, n);
            for g in &mut self.guesses {
                g.see(k, n);
            }
            return;
        }
        self.histogram.count(keys);
        for g in &mut self.guesses {
            g.see_all(width, keys);
        }
    }

    /// Narrows every guess to the ranks that should hold its percentile among the `seen`
    /// draws counted in the histogram: to the keys of those ranks where the guess kept
    /// them, else to the bins that hold them.
    fn narrow(&mut self, seen: u64) {
        let ranges: Vec<(u64, u64)> = self.guesses.iter().map(|g| g.ranks(seen)).collect();
        let mut ranks: Vec<u64> = ranges.iter().flat_map(|&(a, b)| [a, b]).collect();
        ranks.sort_unstable();
        ranks.dedup();
        let bins = self.histogram.bins_of(&ranks);
        let bin = |r: u64| bins[ranks.binary_search(&r).expect("asked for")];
        for (g, (a, b)) in self.guesses.iter_mut().zip(ranges) {
            // A range that reaches the least (or greatest) draw seen so far stays open on
            // that side: other draws (another thread's, a later block's) may fall beyond
            // it, and the percentile with them.
            let lo = if a == 0 {
                0
            } else {
                g.read(a).unwrap_or_else(|| Histogram::lowest(bin(a)))
            };
            let hi = if b + 1 >= seen {
                u64::MAX
            } else {
                g.read(b).unwrap_or_else(|| Histogram::highest(bin(b)))
            };
            g.narrow(lo, hi, seen);
        }
    }

    /// Drops the draws kept around the percentiles, so that a second pass finds them
    /// (to exercise that path).
    pub fn forget_guesses(&mut self) {
        for g in &mut self.guesses {
            (g.lo, g.hi, g.keys) = (u64::MAX, 0, Keys::default());
        }
    }

    /// Adds a first pass over other blocks of the same series.
    pub fn merge(&mut self, other: &First) {
        self.count += other.count;
        self.total.merge(&other.total);
        self.squares.merge(&other.squares);
        self.blocks.extend_from_slice(&other.blocks);
        self.histogram.merge(&other.histogram);
        for (a, b) in self.guesses.iter_mut().zip(&other.guesses) {
            a.merge(b);
        }
    }

    /// The batch-means variance of the mean, right even when draws within a block are not
    /// independent: b/(b − 1) Σ (n_k/n)² (m_k − mean)² over b blocks of n_k draws, mean
    /// m_k (an exact sum: any order); `None` with fewer than two blocks kept.
    fn mean_variance(&self, mean: f64) -> Option<f64> {
        let b = self.blocks.len();
        if b < 2 {
            return None;
        }
        let mut sum = ExactSum::default();
        for &(size, m) in &self.blocks {
            let d = m - mean;
            sum.add_product(size * size, d * d);
        }
        Some(sum.value() / (self.count as f64).powi(2) * b as f64 / (b - 1) as f64)
    }

    /// What the second pass needs, once every block has been seen: the mean, the spread,
    /// and each order statistic for percentiles `ps` (in the order `First::new` was
    /// given them), read off where the guesses caught it, else the bin it lies in.
    pub fn given(&self, ps: &[f64]) -> Given {
        let bounds: Vec<_> = ps.iter().map(|&p| order_bounds(self.count, p)).collect();
        self.given_bounded(ps, &bounds)
    }

    /// [`First::given`], given each percentile's 95% bounds among this pass's draws (what
    /// `order_bounds` gives for `ps`, in order), for a caller that works them out once for
    /// many series of the same draws.
    pub fn given_bounded(&self, ps: &[f64], order: &[(Option<u64>, Option<u64>)]) -> Given {
        let n = self.count;
        let mean = if n == 0 {
            f64::NAN
        } else {
            self.total.divided_by(n)
        };
        let mut squares = self.squares.clone();
        for &(size, m) in &self.blocks {
            let d = m - mean;
            squares.add_product(size, d * d);
        }
        let mut targets: Vec<Target> = Vec::new();
        let mut bounds: Vec<(f64, Option<u64>, Option<u64>)> = Vec::new();
        if self.kind == Kind::Full && n > 0 {
            let mut guesses = self.guesses.clone();
            // Each percentile's order statistics, and those that bound it with 95%
            // confidence (its Monte Carlo error, see `precision`).
            bounds = ps
                .iter()
                .zip(order)
                .map(|(&p, &(lo, hi))| (p, lo, hi))
                .collect();
            let mut wanted: Vec<(u64, usize)> = bounds
                .iter()
                .enumerate()
                .flat_map(|(i, &(p, lo, hi))| {
                    let (r, frac) = position(n, p);
                    [
                        Some((r, i)),
                        (frac != 0.0).then_some((r + 1, i)),
                        lo.map(|r| (r, i)),
                        hi.map(|r| (r, i)),
                    ]
                })
                .flatten()
                .collect();
            wanted.sort_unstable();
            wanted.dedup_by_key(|w| w.0);
            let ranks: Vec<u64> = wanted.iter().map(|w| w.0).collect();
            let bins = self.histogram.bins_with_below(&ranks);
            for (&(rank, i), (bin, below)) in wanted.iter().zip(bins) {
                let value = guesses.get_mut(i).and_then(|g| g.read(rank)).map(unkey);
                targets.push(Target {
                    rank,
                    bin,
                    below,
                    value,
                });
            }
        }
        Given {
            kind: self.kind,
            count: n,
            mean,
            squares,
            targets,
            bounds,
            blocks: self.blocks.len() as u64,
            mean_variance: self.mean_variance(mean),
        }
    }
}

/// Where percentile `p` of `n` draws lies: the lower order statistic (0-based) and the
/// fraction of the way to the next (definition 7).
fn position(n: u64, p: f64) -> (u64, f64) {
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    (h.floor() as u64, h - h.floor())
}

/// How many of `keys` (at most a block) lie below `lo`; and bit `i % 64` of `within[i / 64]`
/// set for each `keys[i]` in `lo..=hi`, the bits past the keys clear. By the code for
/// `width`, which the processor must have ([`Width::available`]); every width gives the
/// same: it is integer work.
#[inline(always)]
fn scan(width: Width, keys: &[u64], lo: u64, hi: u64, within: &mut [u64; BLOCK / 64]) -> u64 {
    match width {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `Width::widest` and `Width::available` give only widths whose
        // instructions the processor has.
        Width::Avx512 => unsafe { scan_avx512(keys, lo, hi, within) },
        _ => scan_portable(keys, lo, hi, within),
    }
}

/// [`scan`] for any processor and for AVX2: a key at a time, without a branch, in a loop
/// the compiler may put in vector lanes.
#[inline(always)]
fn scan_portable(keys: &[u64], lo: u64, hi: u64, within: &mut [u64; BLOCK / 64]) -> u64 {
    debug_assert!(keys.len() <= BLOCK);
    // `k - lo <= hi - lo` without wrapping is `lo <= k <= hi` when `lo <= hi`; a range
    // with `lo > hi` (left empty by a narrowing) holds nothing.
    let span = hi.wrapping_sub(lo);
    let open = lo <= hi;
    let mut below = 0;
    within.fill(0);
    for (word, keys) in within.iter_mut().zip(keys.chunks(64)) {
        for (i, &k) in keys.iter().enumerate() {
            below += u64::from(k < lo);
            *word |= u64::from(open & (k.wrapping_sub(lo) <= span)) << i;
        }
    }
    below
}

/// [`scan`] written for AVX-512: eight keys compared at once, each comparison a mask of
/// eight bits, the masks of the range stored a byte a group of eight (so, on this
/// little-endian processor, `within` has bit `i` for key `i`), those below the range
/// counted in eight lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
fn scan_avx512(keys: &[u64], lo: u64, hi: u64, within: &mut [u64; BLOCK / 64]) -> u64 {
    use std::arch::x86_64::{
        _mm512_cmple_epu64_mask, _mm512_cmplt_epu64_mask, _mm512_loadu_si512,
        _mm512_mask_sub_epi64, _mm512_reduce_add_epi64, _mm512_set1_epi64, _mm512_setzero_si512,
        _mm512_sub_epi64,
    };
    debug_assert!(keys.len() <= BLOCK);
    if lo > hi {
        // An empty range: the lanes' `k - lo <= hi - lo` would not say so.
        return scan_portable(keys, lo, hi, within);
    }
    // The keys as signed lanes: the bits are the same, the comparisons unsigned.
    let lo_lanes = _mm512_set1_epi64(lo as i64);
    let span = _mm512_set1_epi64(hi.wrapping_sub(lo) as i64);
    let minus_one = _mm512_set1_epi64(-1);
    let mut below = _mm512_setzero_si512();
    let mut masks = [0u8; BLOCK / 8];
    let eights = keys.chunks_exact(8);
    let rest = eights.remainder();
    for (mask, eight) in masks.iter_mut().zip(eights) {
        // SAFETY: `eight` is eight u64s, the 64 bytes an unaligned load reads.
        let k = unsafe { _mm512_loadu_si512(eight.as_ptr().cast()) };
        below = _mm512_mask_sub_epi64(
            below,
            _mm512_cmplt_epu64_mask(k, lo_lanes),
            below,
            minus_one,
        );
        *mask = _mm512_cmple_epu64_mask(_mm512_sub_epi64(k, lo_lanes), span);
    }
    for (word, bytes) in within.iter_mut().zip(masks.chunks_exact(8)) {
        *word = u64::from_le_bytes(bytes.try_into().expect("eight bytes"));
    }
    let mut below_rest = 0;
    if !rest.is_empty() {
        let done = keys.len() - rest.len();
        let mut tail = [0u64; BLOCK / 64];
        below_rest = scan_portable(rest, lo, hi, &mut tail);
        within[done / 64] |= tail[0] << (done % 64);
    }
    _mm512_reduce_add_epi64(below) as u64 + below_rest
}

/// The [`key`]s of `draws` (at most a block), in `out`.
#[inline(always)]
fn keys_of<'a>(draws: &[f64], out: &'a mut [u64; BLOCK]) -> &'a [u64] {
    let out = &mut out[..draws.len()];
    for (k, &x) in out.iter_mut().zip(draws) {
        *k = key(x);
    }
    out
}

/// One wanted order statistic: its rank, the bin it lies in, the draws below the bin, and
/// its value if the first pass caught it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The rank (0 for the smallest).
    pub rank: u64,
    /// Its bin (the top 20 bits of its key, [`Histogram::bin_of`]).
    pub bin: u32,
    /// Draws in lower bins.
    pub below: u64,
    /// Its value, when the first pass kept it.
    pub value: Option<f64>,
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
    /// The sum of squared deviations from the mean: within blocks and between them.
    pub squares: ExactSum,
    /// The order statistics to find, by rank.
    pub targets: Vec<Target>,
    /// Each percentile wanted, with the ranks of the order statistics that bound it (95%).
    pub bounds: Vec<(f64, Option<u64>, Option<u64>)>,
    /// The blocks the draws came in (0 for `Kind::Mean`, which keeps none).
    #[serde(default)]
    pub blocks: u64,
    /// The variance of the mean from the spread between blocks.
    #[serde(default)]
    pub mean_variance: Option<f64>,
}

impl Given {
    /// The distinct bins still to search, ascending.
    fn bins(&self) -> Vec<u32> {
        let mut bins: Vec<u32> = self
            .targets
            .iter()
            .filter(|t| t.value.is_none())
            .map(|t| t.bin)
            .collect();
        bins.dedup();
        bins
    }

    /// True when the first pass found everything: no second pass is needed.
    pub fn complete(&self) -> bool {
        self.targets.iter().all(|t| t.value.is_some())
    }
}

/// The draws kept from one bin in the second pass.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// The bin.
    pub bin: u32,
    /// Its draws' keys.
    pub keys: Keys,
}

/// The second pass over one series: the draws in the bins the first could not settle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Second {
    /// The draws in each bin still searched.
    pub kept: Vec<Kept>,
}

impl Second {
    /// Nothing seen yet.
    pub fn new(given: &Given) -> Second {
        Second {
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

    /// Takes in draws.
    pub fn add(&mut self, draws: &[f64]) {
        let (Some(lo), Some(hi)) = (self.kept.first(), self.kept.last()) else {
            return;
        };
        let (lo, hi) = (lo.bin, hi.bin);
        for &x in draws {
            let k = key(x);
            let bin = Histogram::bin_of(k);
            if bin >= lo
                && bin <= hi
                && let Some(kept) = self.kept.iter_mut().find(|b| b.bin == bin)
            {
                kept.keys.push(k, 1);
            }
        }
    }

    /// Adds another second pass over other blocks of the same series.
    pub fn merge(&mut self, other: &Second) {
        for (mine, theirs) in self.kept.iter_mut().zip(&other.kept) {
            mine.keys.merge(&theirs.keys);
        }
    }
}

/// The summary of a series from its merged passes, with an interval at `level`, and the
/// order statistics that bound each of its percentiles (their Monte Carlo error).
pub fn finish(given: &Given, second: &Second, level: f64) -> (Summary, SummaryBounds) {
    let n = given.count;
    let sd = match (given.kind, n) {
        (Kind::Mean, _) | (_, 0) => f64::NAN,
        (_, 1) => 0.0,
        _ => (given.squares.value() / (n - 1) as f64).sqrt(),
    };
    if given.kind != Kind::Full || n == 0 {
        let summary = Summary {
            mean: given.mean,
            sd,
            median: f64::NAN,
            ci_low: f64::NAN,
            ci_high: f64::NAN,
        };
        let spread = (given.blocks, given.mean_variance);
        return (summary, SummaryBounds::default().with_spread(spread));
    }
    let mut second = second.clone();
    let mut at = |rank: u64| -> f64 {
        let t = given
            .targets
            .iter()
            .find(|t| t.rank == rank)
            .expect("every needed rank has a target");
        if let Some(v) = t.value {
            return v;
        }
        second
            .kept
            .iter_mut()
            .find(|k| k.bin == t.bin)
            .and_then(|k| k.keys.nth(rank - t.below))
            .map_or(f64::NAN, unkey)
    };
    let mut percentile = |p: f64| {
        let (r, frac) = position(n, p);
        let x_lo = at(r);
        let value = if frac == 0.0 {
            x_lo
        } else {
            x_lo + frac * (at(r + 1) - x_lo)
        };
        let (lo, hi) = given
            .bounds
            .iter()
            .find(|b| b.0 == p)
            .map_or((None, None), |&(_, lo, hi)| (lo, hi));
        let bounds = Bounds {
            low: lo.map(&mut at),
            high: hi.map(&mut at),
        };
        (value, bounds)
    };
    let [tail, mid, top] = wanted(level);
    let (ci_low, low_bounds) = percentile(tail);
    let (median, median_bounds) = percentile(mid);
    let (ci_high, high_bounds) = percentile(top);
    let summary = Summary {
        mean: given.mean,
        sd,
        median,
        ci_low,
        ci_high,
    };
    let bounds = SummaryBounds {
        ci_low: low_bounds,
        median: median_bounds,
        ci_high: high_bounds,
        ..SummaryBounds::default()
    }
    .with_spread((given.blocks, given.mean_variance));
    (summary, bounds)
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

    /// Both passes over `draws` cut at `cut` (a multiple of BLOCK), merged; with
    /// `guess` false, nothing is caught in the first pass, so the second does it all.
    fn streamed_with(draws: &[f64], cut: usize, level: f64, guess: bool) -> Summary {
        let ps = wanted(level);
        let (a, b) = draws.split_at(cut.min(draws.len()));
        let mut first = First::new(Kind::Full, &ps);
        let mut other = First::new(Kind::Full, &ps);
        first.add(a);
        other.add(b);
        first.merge(&other);
        if !guess {
            first.forget_guesses();
        }
        let given = first.given(&ps);
        assert_eq!(given.complete(), guess || draws.is_empty());
        let mut second = Second::new(&given);
        let mut second_b = Second::new(&given);
        second.add(b);
        second_b.add(a);
        second.merge(&second_b);
        finish(&given, &second, level).0
    }

    fn streamed(draws: &[f64], cut: usize, level: f64) -> Summary {
        let guessed = streamed_with(draws, cut, level, true);
        assert_eq!(guessed, streamed_with(draws, cut, level, false));
        guessed
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
    fn spread_is_the_mean_and_sd_alone() {
        // The sample of `a_known_sample_over_many_blocks`, split after two blocks.
        let xs: Vec<f64> = (0..=10000u64)
            .map(|i| ((i * 3001) % 10001) as f64)
            .collect();
        let ps = wanted(0.95);
        let summary = |kind| {
            let (mut a, mut b) = (First::new(kind, &ps), First::new(kind, &ps));
            a.add(&xs[..4096]);
            b.add(&xs[4096..]);
            a.merge(&b);
            let given = a.given(&ps);
            assert!(given.complete());
            finish(&given, &Second::new(&given), 0.95).0
        };
        let s = summary(Kind::Spread);
        assert_eq!(s.mean, 5000.0);
        assert!((s.sd - (10001.0f64 * 10002.0 / 12.0).sqrt()).abs() < 1e-9);
        assert!(s.median.is_nan() && s.ci_low.is_nan() && s.ci_high.is_nan());
        let m = summary(Kind::Mean);
        assert_eq!(m.mean, 5000.0);
        assert!(m.sd.is_nan());
    }

    #[test]
    fn a_small_part_above_the_low_tail_leaves_the_guess_open() {
        // A full block of 0, 1, …, 2047, then a part of 100 draws spread over 100 … 2030.5.
        // Of all 2148, the 2.5th percentile sits at h = 0.025 · 2147 = 53.675, among the
        // first part's low draws, below every draw of the small part. The small part's
        // guess reaches its own least draw, so it must stay open below: merging then keeps
        // the first part's low draws and no second pass is needed (`streamed` asserts that
        // the first pass is complete, and that it agrees with a second pass).
        let mut xs: Vec<f64> = (0..2048).map(f64::from).collect();
        xs.extend((0..100).map(|i| 100.0 + 19.5 * f64::from(i)));
        let s = streamed(&xs, 2048, 0.95);
        assert!((s.ci_low - 53.675).abs() < 1e-9, "{}", s.ci_low);
        // The median at h = 1073.5, between the 1025s of both parts; the 97.5th percentile
        // at h = 2093.325, between 1995 and 1996 of the first part.
        assert_eq!(s.median, 1025.5);
        assert!((s.ci_high - 1995.325).abs() < 1e-9, "{}", s.ci_high);
    }

    #[test]
    fn every_width_counts_a_block_as_one_draw_at_a_time_would() {
        // Four blocks set the guesses' ranges; then each block below is counted by every
        // width and, for reference, one draw at a time (each draw's bin in the histogram,
        // and by hand each guess's count below its range and keys within it): the same
        // histogram and guesses, whole.
        let spread = |i: usize| ((i * 7919) % 10007) as f64 * 0.37 - 100.0;
        let mut first = First::new(Kind::Full, &wanted(0.95));
        first.add(&(0..4 * BLOCK).map(spread).collect::<Vec<f64>>());
        assert!(first.guesses.iter().all(|g| g.lo > 0 && g.hi < u64::MAX));
        let inside = unkey(first.guesses[1].lo);
        let runs: Vec<f64> = (0..BLOCK - 1)
            .map(|i| if (i / 37) % 2 == 0 { inside } else { spread(i) })
            .collect();
        // Draws on either end of each guess's range, among others.
        let g = &first.guesses;
        let edges: Vec<f64> = (0..BLOCK)
            .map(|i| match i % 7 {
                0..6 => unkey([g[0].lo, g[0].hi, g[1].hi, g[2].lo, g[2].hi, g[1].lo][i % 7]),
                _ => spread(i),
            })
            .collect();
        // One such draw in each eight, the others below every range.
        let lone: Vec<f64> = (0..BLOCK)
            .map(|i| match (i % 8, i / 8 % 6) {
                (3, j) => unkey([g[0].hi, g[1].hi, g[2].hi, g[0].lo, g[1].lo, g[2].lo][j]),
                _ => -1e9,
            })
            .collect();
        let mut last_differs = vec![inside; BLOCK];
        last_differs[BLOCK - 1] = 1e9;
        let blocks: [Vec<f64>; 9] = [
            (4 * BLOCK..5 * BLOCK).map(spread).collect(),
            vec![inside; BLOCK],
            vec![-1e9; BLOCK],
            vec![1e9; BLOCK - 3],
            runs,
            (0..5).map(|i| spread(i) + 0.5).collect(),
            edges,
            lone,
            last_differs,
        ];
        let mut keys = [0u64; BLOCK];
        for block in &blocks {
            let mut reference = first.clone();
            for &x in block {
                let k = key(x);
                reference.histogram.add(k, 1);
                for g in &mut reference.guesses {
                    if k < g.lo {
                        g.below += 1;
                    } else if k <= g.hi {
                        g.keys.push(k, 1);
                    }
                }
            }
            assert_ne!(reference, first, "a block changes the counts");
            for &width in Width::available() {
                let mut counted = first.clone();
                counted.count_by(width, block, &mut keys);
                assert_eq!(counted, reference, "{width:?}, {} draws", block.len());
            }
        }
        // The median's guess kept draws of the spread and of the constant blocks.
        let mut kept = first.clone();
        for block in &blocks[..2] {
            kept.count_by(Width::widest(), block, &mut keys);
        }
        assert!(
            Vec::from(kept.guesses[1].keys.clone())
                .iter()
                .any(|&(k, n)| k == key(inside) && n >= BLOCK as u64)
        );
    }

    #[test]
    fn every_width_scans_keys_as_the_definition_says() {
        // Keys on and either side of each range's ends, and others, in every count from
        // none to a whole block (whole and partial eights and words).
        let ranges = [
            (0, u64::MAX),
            (key(-1.0), key(2.5)),
            (key(0.5), key(0.5)),
            (key(3.0), key(1.0)),
            (u64::MAX, 0),
            (key(1.0), u64::MAX),
            (0, key(-0.25)),
        ];
        let values = [-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 2.5, 3.0, 7.0];
        let all: Vec<u64> = (0..BLOCK)
            .map(|i| {
                let k = key(values[(i * 7 + i / 9) % values.len()]);
                match i % 5 {
                    0 => k.wrapping_add(1),
                    1 => k.wrapping_sub(1),
                    _ => k,
                }
            })
            .chain([0, u64::MAX])
            .collect();
        for len in [0, 1, 7, 8, 9, 63, 64, 65, 520, BLOCK - 1, BLOCK] {
            let keys = &all[all.len() - len..];
            for &(lo, hi) in &ranges {
                let below = keys.iter().filter(|&&k| k < lo).count() as u64;
                let mut expected = [0u64; BLOCK / 64];
                for (i, &k) in keys.iter().enumerate() {
                    if lo <= k && k <= hi {
                        expected[i / 64] |= 1 << (i % 64);
                    }
                }
                for &width in Width::available() {
                    let mut within = [u64::MAX; BLOCK / 64];
                    let counted = scan(width, keys, lo, hi, &mut within);
                    assert_eq!(
                        (counted, within),
                        (below, expected),
                        "{width:?} {len} {lo} {hi}"
                    );
                }
            }
        }
    }

    #[test]
    fn narrowing_goes_to_the_kept_draws_at_the_ranks_themselves() {
        // 0, 1, …, 8191 in a scrambled order (i · 5779 mod 8192 is one to one), so the draw
        // of rank r among all of them is r. The first 4,096 set each guess by the
        // histogram's bins; the next 4,096 double the draws seen, and each guess narrows
        // again to its ranks among all 8,192: where it kept those draws, to their keys
        // exactly (the bins here are a quarter of a value to 16 values wide, so the edges
        // of the bins holding them would mostly lie beyond them).
        let xs: Vec<f64> = (0..8192u32).map(|i| f64::from(i * 5779 % 8192)).collect();
        let mut first = First::new(Kind::Full, &wanted(0.95));
        first.add(&xs[..4096]);
        assert!(first.guesses.iter().all(|g| g.narrowed_at == 4096));
        first.add(&xs[4096..]);
        for g in &first.guesses {
            assert_eq!(g.narrowed_at, 8192);
            let (a, b) = g.ranks(8192);
            assert!(a > 0 && b < 8191, "{a} {b}");
            assert_eq!((g.lo, g.hi), (key(a as f64), key(b as f64)), "p = {}", g.p);
            assert_eq!(g.below, a);
        }
        let s = streamed(&xs, 2048, 0.95);
        assert_eq!(s.median, 4095.5);
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
        #![proptest_config(ProptestConfig::with_cases(40))]
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
