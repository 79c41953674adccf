//! Every draw, row by row, in draw order, with memory flat in the number of draws.
//!
//! The draws are taken a chunk at a time: the chunk's blocks are evaluated in parallel,
//! each into its own rows of the chunk's buffer, and then the rows are handed over in
//! draw order before the next chunk starts. A row is a pure function of the seed, the
//! quantity names and the draw index (as in `engine`), so what a caller sees is the same,
//! bit for bit, for any number of threads, whatever the chunk and block sizes.
//!
//! Several plans (the options of a comparison) are evaluated over the same chunk, so a
//! caller can interleave their rows draw by draw.

use rayon::prelude::*;

use crate::model::checked::QId;
use crate::model::plan::Plan;
use crate::sample::engine::{LANES, Streams, evaluate_draws};
use crate::sample::lhs::Sampling;

/// Draws per chunk: 32,768 rows of a few dozen figures are a few megabytes.
pub const CHUNK: usize = 1 << 15;
/// Draws per parallel piece of a chunk.
const PIECE: usize = 2048;
/// The figures that lead every row, before the quantities.
pub const TOTALS: [&str; 4] = ["ratio", "present_value", "investment", "npv"];

/// One plan to stream, and the quantities to put in its rows after the totals.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The compiled model.
    pub plan: &'a Plan,
    /// The quantities to include, in the order wanted.
    pub quantities: &'a [QId],
}

impl Source<'_> {
    /// Figures per row: the four totals, then the quantities.
    pub fn width(&self) -> usize {
        TOTALS.len() + self.quantities.len()
    }
}

/// Evaluates draws `0 .. iterations` of every source (their uniforms made by `sampling`,
/// for a run of `iterations` draws), a chunk at a time, and calls
/// `sink(first, rows)` for each chunk in draw order: `rows[s]` holds source `s`'s rows
/// for draws `first ..`, each `sources[s].width()` figures long, one after another.
/// `threads` (`None`: all cores) changes nothing but the speed. The first error of
/// `sink` stops the pass.
pub fn for_each_chunk<E>(
    sources: &[Source<'_>],
    seed: u64,
    sampling: Sampling,
    iterations: usize,
    threads: Option<usize>,
    mut sink: impl FnMut(usize, &[Vec<f64>]) -> Result<(), E>,
) -> Result<(), E> {
    let pool = threads.and_then(|t| rayon::ThreadPoolBuilder::new().num_threads(t).build().ok());
    // The streams build their quantile tables in parallel: on the pool that draws, so
    // `threads` bounds that work too.
    let streams = || -> Vec<Streams> {
        sources
            .iter()
            .map(|s| Streams::new(s.plan, seed, sampling))
            .collect()
    };
    let keys = match &pool {
        Some(pool) => pool.install(streams),
        None => streams(),
    };
    let mut buffers: Vec<Vec<f64>> = sources
        .iter()
        .map(|s| vec![0.0; CHUNK.min(iterations) * s.width()])
        .collect();
    let mut first = 0;
    while first < iterations {
        let n = CHUNK.min(iterations - first);
        for ((source, keys), buffer) in sources.iter().zip(&keys).zip(&mut buffers) {
            buffer.truncate(n * source.width());
            match &pool {
                Some(pool) => pool.install(|| fill_chunk(source, keys, first, buffer)),
                None => fill_chunk(source, keys, first, buffer),
            }
        }
        sink(first, &buffers)?;
        first += n;
    }
    Ok(())
}

/// Fills `rows` (a whole number of rows) with the draws from `first` on.
fn fill_chunk(source: &Source<'_>, keys: &Streams, first: usize, rows: &mut [f64]) {
    let width = source.width();
    rows.par_chunks_mut(PIECE * width)
        .enumerate()
        .for_each(|(p, piece)| {
            let plan = source.plan;
            let mut lanes = plan.lanes(LANES);
            let start = first + p * PIECE;
            for (g, group) in piece.chunks_mut(LANES * width).enumerate() {
                let count = group.len() / width;
                evaluate_draws(plan, &mut lanes, keys, (start + g * LANES) as u64, count);
                for (k, row) in group.chunks_mut(width).enumerate() {
                    let t = lanes.totals(k);
                    row[..TOTALS.len()].copy_from_slice(&[
                        t.ratio(),
                        t.present_value,
                        t.investment,
                        t.npv(),
                    ]);
                    for (x, &q) in row[TOTALS.len()..].iter_mut().zip(source.quantities) {
                        *x = plan.quantity_row(&lanes, q)[k];
                    }
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::engine::{Column, SimOptions, simulate};

    fn plan() -> Plan {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/simple.toml");
        let loaded = crate::model::load::load(std::path::Path::new(path)).unwrap();
        Plan::new(&loaded.model)
    }

    fn collect(plan: &Plan, n: usize, threads: Option<usize>) -> Vec<f64> {
        let quantities = [0, 1];
        let mut all = Vec::new();
        let source = Source {
            plan,
            quantities: &quantities,
        };
        for_each_chunk::<()>(&[source], 7, Sampling::Random, n, threads, |first, rows| {
            assert_eq!(first * source.width(), all.len());
            all.extend_from_slice(&rows[0]);
            Ok(())
        })
        .unwrap();
        all
    }

    #[test]
    fn rows_match_the_engine_for_any_thread_count() {
        let plan = plan();
        // More than one chunk, ending part-way through a piece and a group of lanes.
        let n = CHUNK + 3000 + 17;
        let rows = collect(&plan, n, Some(1));
        assert_eq!(rows, collect(&plan, n, Some(2)));
        let opts = SimOptions {
            iterations: n,
            seed: 7,
            sampling: crate::sample::lhs::Method::Random,
            threads: None,
            progress: false,
            pass: (1, 1),
        };
        let columns = [Column::Ratio, Column::PresentValue, Column::Investment];
        let stored = simulate(&plan, &opts, &columns).unwrap();
        let width = 6;
        for i in [0, 1, CHUNK - 1, CHUNK, n - 1] {
            let row = &rows[i * width..][..width];
            assert_eq!(
                row[0].to_bits(),
                stored[0][i].to_bits(),
                "ratio of draw {i}"
            );
            assert_eq!(row[1].to_bits(), stored[1][i].to_bits());
            assert_eq!(row[2].to_bits(), stored[2][i].to_bits());
            assert_eq!(row[3], row[1] - row[2]);
        }
    }
}
