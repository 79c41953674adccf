//! Exact summaries of any number of draws in flat memory: two passes over the same draws.
//!
//! The draws are made a window at a time (a few hundred blocks of every column the
//! sources need), turned into the series to summarise and the events to count (by a
//! [`Series`]), and fed to one [`First`] or [`Second`] per series (see `tally`), the
//! series in parallel. Nothing is kept between windows but those tallies, so memory does
//! not grow with the draws, and time grows in proportion to them: every draw is made
//! twice, once per pass, whatever the number of series.
//!
//! A pass can cover any run of whole blocks ([`shard_range`]): its tallies merge with
//! those of the other runs into the same numbers as one pass over all the draws, which is
//! how `--shard K/N` and `sroi merge` give the single-process output byte for byte.

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analysis::precision::{SummaryBounds, order_bounds};
use crate::analysis::stats::Summary;
use crate::analysis::tally::{First, Given, Kind, Second, finish, wanted};
use crate::model::plan::Plan;
use crate::sample::engine::{BLOCK, Breaches, Column, Streams, progress_bar, sample_range};
use crate::sample::lhs::Sampling;

/// The most bytes a window of draws takes (all columns and series together).
const WINDOW_BYTES: usize = 48 << 20;

/// One model sampled in a stream: its plan and the engine columns wanted of it.
pub struct Source<'a> {
    /// The compiled model.
    pub plan: &'a Plan,
    /// The columns to draw.
    pub columns: Vec<Column>,
}

/// How a window of the sources' columns becomes the series to summarise and the events to
/// count.
pub trait Series: Sync {
    /// What is wanted of each series, in order.
    fn kinds(&self) -> Vec<Kind>;
    /// How many events are counted.
    fn counters(&self) -> usize;
    /// Which series are a column as drawn, as (source, column), so that the passes read
    /// the column itself and `derive` need not copy it (by default, none).
    fn drawn(&self) -> Vec<Option<(usize, usize)>> {
        vec![None; self.kinds().len()]
    }
    /// Fills the first `len` draws of each series in `out` from `columns` (one list per
    /// source, in the order of its `Source::columns`), but for those [`Series::drawn`]
    /// names, which it may leave untouched, and adds the window's events to `counts`.
    fn derive(
        &self,
        columns: &[Vec<Vec<f64>>],
        len: usize,
        out: &mut [Vec<f64>],
        counts: &mut [u64],
    );
}

/// The first pass over some blocks of draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstPass {
    /// One per series.
    pub series: Vec<First>,
    /// The events counted.
    pub counts: Vec<u64>,
}

impl FirstPass {
    /// Adds the first pass over other blocks.
    pub fn merge(&mut self, other: &FirstPass) {
        for (a, b) in self.series.iter_mut().zip(&other.series) {
            a.merge(b);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// What the second pass needs, for intervals at `level`.
    pub fn given(&self, level: f64) -> Givens {
        let ps = wanted(level);
        // The series of a pass have all seen the same number of draws (or none), so each
        // percentile's bounds are worked out once per count, not once per series.
        let mut counts: Vec<u64> = self.series.iter().map(|f| f.count).collect();
        counts.sort_unstable();
        counts.dedup();
        let bounds: Vec<_> = counts
            .iter()
            .map(|&n| (n, ps.map(|p| order_bounds(n, p))))
            .collect();
        Givens {
            series: self
                .series
                .par_iter()
                .map(|f| match bounds.iter().find(|(n, _)| *n == f.count) {
                    Some((_, order)) => f.given_bounded(&ps, order),
                    None => f.given(&ps),
                })
                .collect(),
            counts: self.counts.clone(),
        }
    }
}

/// The merged first pass, as the second needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Givens {
    /// One per series.
    pub series: Vec<Given>,
    /// The events counted over all draws.
    pub counts: Vec<u64>,
}

impl Givens {
    /// True when the first pass caught every percentile: no second pass is needed.
    pub fn complete(&self) -> bool {
        self.series.iter().all(Given::complete)
    }

    /// A second pass that has seen nothing.
    pub fn empty_second(&self) -> SecondPass {
        SecondPass {
            series: self.series.iter().map(Second::new).collect(),
        }
    }
}

/// The second pass over some blocks of draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecondPass {
    /// One per series.
    pub series: Vec<Second>,
}

impl SecondPass {
    /// Adds the second pass over other blocks.
    pub fn merge(&mut self, other: &SecondPass) {
        for (a, b) in self.series.iter_mut().zip(&other.series) {
            a.merge(b);
        }
    }
}

/// Every series summarised, with the events counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// One per series (only the mean of a `Kind::Mean` series is a number, and only the
    /// mean and sd of a `Kind::Spread` one).
    pub summaries: Vec<Summary>,
    /// The order statistics bounding each series' percentiles (default for `Kind::Mean`).
    pub bounds: Vec<SummaryBounds>,
    /// The events counted.
    pub counts: Vec<u64>,
}

impl Finished {
    /// The summaries from both merged passes, with intervals at `level`.
    pub fn of(givens: &Givens, second: &SecondPass, level: f64) -> Finished {
        let (summaries, bounds) = givens
            .series
            .par_iter()
            .zip(&second.series)
            .map(|(g, s)| finish(g, s, level))
            .unzip();
        Finished {
            summaries,
            bounds,
            counts: givens.counts.clone(),
        }
    }
}

/// Draws `K` of `N` shares (1 ≤ K ≤ N) of `n` draws: whole blocks, as even as they come.
pub fn shard_range(n: usize, k: usize, of: usize) -> std::ops::Range<usize> {
    let blocks = n.div_ceil(BLOCK);
    let start = (k - 1) * blocks / of;
    let end = k * blocks / of;
    (start * BLOCK).min(n)..(end * BLOCK).min(n)
}

/// Where and how a pass runs.
pub struct Pass<'a> {
    /// The models.
    pub sources: &'a [Source<'a>],
    /// The series made of their draws.
    pub series: &'a dyn Series,
    /// The seed.
    pub seed: u64,
    /// How the uniforms are made (for the whole run, of which `range` may be a share).
    pub sampling: Sampling,
    /// The draws to cover (whole blocks).
    pub range: std::ops::Range<usize>,
    /// The interval level (which percentiles the first pass keeps draws around).
    pub level: f64,
    /// The progress bar, if shown.
    pub bar: Option<&'a ProgressBar>,
}

impl Pass<'_> {
    /// The first pass, or the first source whose draws broke a rule, with the breaches.
    pub fn first(&self) -> Result<FirstPass, (usize, Breaches)> {
        let mut pass = FirstPass {
            series: self
                .series
                .kinds()
                .into_iter()
                .map(|k| First::new(k, &wanted(self.level)))
                .collect(),
            counts: vec![0; self.series.counters()],
        };
        let mut breaches = vec![Breaches::default(); self.sources.len()];
        let drawn = self.series.drawn();
        self.windows(|columns, found, len, series| {
            for (all, b) in breaches.iter_mut().zip(found) {
                all.merge(b);
            }
            let counts = &mut pass.counts;
            self.tally(
                &mut pass.series,
                &drawn,
                columns,
                len,
                series,
                counts,
                First::add,
            );
        });
        match breaches
            .into_iter()
            .enumerate()
            .find(|(_, b)| !b.is_empty())
        {
            Some(found) => Err(found),
            None => Ok(pass),
        }
    }

    /// The second pass, given the merged first.
    pub fn second(&self, givens: &Givens) -> SecondPass {
        let mut pass = givens.empty_second();
        let mut scratch = vec![0; self.series.counters()];
        let drawn = self.series.drawn();
        self.windows(|columns, _, len, series| {
            let counts = &mut scratch;
            self.tally(
                &mut pass.series,
                &drawn,
                columns,
                len,
                series,
                counts,
                Second::add,
            );
        });
        pass
    }

    /// Adds a window to each series' tally: the series that are columns as drawn (see
    /// [`Series::drawn`]) are tallied while the others are derived, then those. Each tally
    /// sees the same draws in the same order whichever runs first.
    #[allow(clippy::too_many_arguments)]
    fn tally<T: Send>(
        &self,
        tallies: &mut [T],
        drawn: &[Option<(usize, usize)>],
        columns: &[Vec<Vec<f64>>],
        len: usize,
        series: &mut [Vec<f64>],
        counts: &mut [u64],
        add: impl Fn(&mut T, &[f64]) + Sync,
    ) {
        let mut as_drawn = Vec::new();
        let mut derived = Vec::new();
        for (i, (t, d)) in tallies.iter_mut().zip(drawn).enumerate() {
            match *d {
                Some((source, column)) => as_drawn.push((t, &columns[source][column][..len])),
                None => derived.push((t, i)),
            }
        }
        rayon::join(
            || self.series.derive(columns, len, series, counts),
            || as_drawn.into_par_iter().for_each(|(t, x)| add(t, x)),
        );
        let series = &*series;
        derived
            .into_par_iter()
            .for_each(|(t, i)| add(t, &series[i][..len]));
    }

    /// Draws the range a window at a time and hands each window's columns, breaches and
    /// series buffers to `each` (for passes that tally the columns in their own way).
    pub fn windows(
        &self,
        mut each: impl FnMut(&[Vec<Vec<f64>>], Vec<Breaches>, usize, &mut [Vec<f64>]),
    ) {
        // Every series counts towards the width, those read from their columns too, so
        // that windows (and with them the tallies a shard's part holds) keep their lengths.
        let width: usize =
            self.sources.iter().map(|s| s.columns.len()).sum::<usize>() + self.series.kinds().len();
        let blocks = (WINDOW_BYTES / (8 * BLOCK * width.max(1))).clamp(8, 512);
        let window = (blocks * BLOCK).min(self.range.len().max(1));
        let keys: Vec<Streams> = self
            .sources
            .iter()
            .map(|s| Streams::new(s.plan, self.seed, self.sampling))
            .collect();
        let mut columns: Vec<Vec<Vec<f64>>> = self
            .sources
            .iter()
            .map(|s| s.columns.iter().map(|_| vec![0.0; window]).collect())
            .collect();
        let mut series = buffers(&self.series.drawn(), window);
        let mut start = self.range.start;
        while start < self.range.end {
            let end = (start + window).min(self.range.end);
            let found: Vec<Breaches> = self
                .sources
                .iter()
                .zip(&keys)
                .zip(columns.iter_mut())
                .map(|((s, k), out)| sample_range(s.plan, k, &s.columns, start..end, out, self.bar))
                .collect();
            each(&columns, found, end - start, &mut series);
            start = end;
        }
    }
}

/// Both passes over all `n` draws in this process, on `threads` threads (all cores if
/// `None`), with one progress bar for both if `progress`.
#[allow(clippy::too_many_arguments)]
pub fn summarise(
    sources: &[Source],
    series: &dyn Series,
    n: usize,
    seed: u64,
    sampling: Sampling,
    level: f64,
    threads: Option<usize>,
    progress: bool,
) -> Result<Finished, (usize, Breaches)> {
    on_threads(threads, || {
        let bar = progress.then(|| progress_bar((n * sources.len()) as u64));
        let finished = summarise_on(sources, series, n, seed, sampling, level, bar.as_ref());
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        finished
    })
}

/// Both passes over all `n` draws on the current thread pool, advancing `bar` (if any)
/// by each source's draws: for a caller that summarises several things under one bar.
pub fn summarise_on(
    sources: &[Source],
    series: &dyn Series,
    n: usize,
    seed: u64,
    sampling: Sampling,
    level: f64,
    bar: Option<&ProgressBar>,
) -> Result<Finished, (usize, Breaches)> {
    let pass = Pass {
        sources,
        series,
        seed,
        sampling,
        range: 0..n,
        level,
        bar,
    };
    let first = pass.first()?;
    let givens = first.given(level);
    // Rarely, a percentile falls outside the draws the first pass kept around it: the
    // bar then grows by a second pass over the draws.
    let second = if givens.complete() {
        givens.empty_second()
    } else {
        if let Some(bar) = bar {
            bar.inc_length((n * sources.len()) as u64);
        }
        pass.second(&givens)
    };
    Ok(Finished::of(&givens, &second, level))
}

/// What one pass over a shard of the draws found.
#[derive(Debug, Clone, PartialEq)]
pub enum Partial {
    /// The first pass.
    First(FirstPass),
    /// The second pass.
    Second(SecondPass),
}

/// One pass over `range` of the draws (a shard's share), the first if `givens` is
/// `None`, else the second given the merged first: on `threads` threads, with a progress
/// bar if `progress`.
#[allow(clippy::too_many_arguments)]
pub fn shard_pass(
    sources: &[Source],
    series: &dyn Series,
    seed: u64,
    sampling: Sampling,
    range: std::ops::Range<usize>,
    level: f64,
    givens: Option<&Givens>,
    threads: Option<usize>,
    progress: bool,
) -> Result<Partial, (usize, Breaches)> {
    on_threads(threads, || {
        let bar = progress.then(|| progress_bar((range.len() * sources.len()) as u64));
        let pass = Pass {
            sources,
            series,
            seed,
            sampling,
            range: range.clone(),
            level,
            bar: bar.as_ref(),
        };
        let out = match givens {
            None => Partial::First(pass.first()?),
            Some(g) => Partial::Second(pass.second(g)),
        };
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        Ok(out)
    })
}

/// Both passes over draws already at hand (`columns`: one list per source, as the
/// series expects them), in blocks as the engine would make them.
pub fn summarise_stored(series: &dyn Series, columns: &[Vec<Vec<f64>>], level: f64) -> Finished {
    let len = columns
        .first()
        .and_then(|c| c.first())
        .map_or(0, |c| c.len());
    let drawn = series.drawn();
    let mut out = buffers(&drawn, len);
    let mut first = FirstPass {
        series: series
            .kinds()
            .into_iter()
            .map(|k| First::new(k, &wanted(level)))
            .collect(),
        counts: vec![0; series.counters()],
    };
    series.derive(columns, len, &mut out, &mut first.counts);
    for (f, s) in first
        .series
        .iter_mut()
        .zip(read(&drawn, columns, &out, len))
    {
        f.add(s);
    }
    let givens = first.given(level);
    let mut second = givens.empty_second();
    for (s, x) in second
        .series
        .iter_mut()
        .zip(read(&drawn, columns, &out, len))
    {
        s.add(x);
    }
    Finished::of(&givens, &second, level)
}

/// A buffer of `len` draws for each series derived, and an empty one for each series that
/// is a column as drawn (`drawn`, see [`Series::drawn`]), read from its column instead.
fn buffers(drawn: &[Option<(usize, usize)>], len: usize) -> Vec<Vec<f64>> {
    drawn
        .iter()
        .map(|d| match d {
            Some(_) => Vec::new(),
            None => vec![0.0; len],
        })
        .collect()
}

/// The first `len` draws of each series: its column where it is one as drawn (`drawn`,
/// see [`Series::drawn`]), else its buffer in `series`.
fn read<'a>(
    drawn: &[Option<(usize, usize)>],
    columns: &'a [Vec<Vec<f64>>],
    series: &'a [Vec<f64>],
    len: usize,
) -> Vec<&'a [f64]> {
    drawn
        .iter()
        .zip(series)
        .map(|(d, s)| match *d {
            Some((source, column)) => &columns[source][column][..len],
            None => &s[..len],
        })
        .collect()
}

/// Runs `f` on a pool of `threads` threads, or on the global pool.
pub fn on_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> T {
    match threads.and_then(|t| rayon::ThreadPoolBuilder::new().num_threads(t).build().ok()) {
        Some(pool) => pool.install(f),
        None => f(),
    }
}
