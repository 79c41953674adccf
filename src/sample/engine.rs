//! The Monte Carlo engine: draws in parallel, stored as columns.
//!
//! The draws are cut into fixed blocks of [`BLOCK`] and spread over rayon's threads; each
//! block writes its own slice of every requested column, so nothing is shared or merged
//! but the per-block tallies of broken rules, combined in block order. Each quantity's
//! value in draw `i` depends only on the seed, its name and `i` (see `rng`), so the
//! columns are identical, bit for bit, for any number of threads.
//!
//! Only the columns asked for are stored (8 bytes a draw each), so a caller that needs
//! many can ask for them in several passes over the same draws and keep memory bounded.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::model::checked::QId;
use crate::model::copula::Copula;
use crate::model::dist::Dist;
use crate::model::plan::{Lanes, LedgerPart, Plan, Violation};
use crate::sample::lhs::{Method, Sampling};
use crate::sample::rng::stream_key;

/// Draws per block: the unit of parallel work (and of a Latin hypercube's strata).
pub use crate::sample::lhs::BLOCK;

/// One stored series of draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The SROI ratio.
    Ratio,
    /// Total present value.
    PresentValue,
    /// Total (discounted) investment.
    Investment,
    /// The present value of one outcome.
    Outcome(usize),
    /// The present value of one stakeholder's outcomes.
    Stakeholder(usize),
    /// One named quantity's value.
    Quantity(QId),
    /// The discounted investment one funder (input stakeholder) bears.
    Funder(usize),
    /// Present value with each stakeholder's distributional weight applied.
    WeightedPresentValue,
    /// A figure of the funder's ledger.
    Ledger(LedgerPart),
}

/// How to sample.
#[derive(Debug, Clone, Copy)]
pub struct SimOptions {
    /// Number of draws.
    pub iterations: usize,
    /// The seed every stream derives from.
    pub seed: u64,
    /// Plain random draws or a Latin hypercube per block.
    pub sampling: Method,
    /// Threads to use; `None` for all cores.
    pub threads: Option<usize>,
    /// Show a progress bar (the caller decides: only on a terminal, only for long runs).
    pub progress: bool,
    /// Which pass over the draws this is, and of how many (for the progress bar).
    pub pass: (usize, usize),
}

/// The draws that broke a rule, tallied by rule.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Breaches {
    /// (rule, number of draws, first draw index, its value), in order of first draw.
    pub items: Vec<(Breach, u64, u64, f64)>,
}

/// A rule a draw can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    /// A quantity outside its allowed values.
    Quantity(QId),
    /// An investment that is not positive (or not a finite number).
    Investment,
    /// An outcome whose present value overflowed.
    Outcome(usize),
    /// Outcomes whose present values together overflow.
    Total,
    /// A ratio that is not a finite number.
    Ratio,
}

impl Breaches {
    fn record(&mut self, v: Violation, draw: u64) {
        let (rule, value) = match v {
            Violation::Quantity { quantity, value } => (Breach::Quantity(quantity), value),
            Violation::Investment { value } => (Breach::Investment, value),
            Violation::Outcome { outcome, value } => (Breach::Outcome(outcome), value),
            Violation::Total { value } => (Breach::Total, value),
            Violation::Ratio { value } => (Breach::Ratio, value),
        };
        match self.items.iter_mut().find(|(r, ..)| *r == rule) {
            Some(item) => item.1 += 1,
            None => self.items.push((rule, 1, draw, value)),
        }
    }

    /// Adds the tallies of later draws.
    pub fn merge(&mut self, other: Breaches) {
        for (rule, count, first, value) in other.items {
            match self.items.iter_mut().find(|(r, ..)| *r == rule) {
                Some(item) => item.1 += count,
                None => self.items.push((rule, count, first, value)),
            }
        }
    }

    /// True if every draw kept every rule.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Samples the plan and returns the requested columns, or the rules some draws broke.
pub fn simulate(
    plan: &Plan,
    opts: &SimOptions,
    columns: &[Column],
) -> Result<Vec<Vec<f64>>, Breaches> {
    let n = opts.iterations;
    let mut stored: Vec<Vec<f64>> = columns.iter().map(|_| vec![0.0; n]).collect();
    let bar = pass_bar(opts, n);
    // The streams (and the quantile tables they build) are made on the pool that draws,
    // so `--threads` bounds that work too.
    let run = |stored: &mut [Vec<f64>]| {
        let keys = Streams::new(plan, opts.seed, opts.sampling.of(n));
        sample_range(plan, &keys, columns, 0..n, stored, bar.as_ref())
    };
    let all = match opts.threads {
        Some(t) => match rayon::ThreadPoolBuilder::new().num_threads(t).build() {
            Ok(pool) => pool.install(|| run(&mut stored)),
            Err(_) => run(&mut stored),
        },
        None => run(&mut stored),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if all.is_empty() { Ok(stored) } else { Err(all) }
}

/// Samples draws `range` (starting at a multiple of [`BLOCK`]) of the columns into `out`
/// (one buffer per column, each at least as long as the range), block by block in
/// parallel on the current rayon pool, and returns the rules the draws broke. `bar`, if
/// any, advances by each block's draws.
pub fn sample_range(
    plan: &Plan,
    keys: &Streams,
    columns: &[Column],
    range: std::ops::Range<usize>,
    out: &mut [Vec<f64>],
    bar: Option<&ProgressBar>,
) -> Breaches {
    debug_assert!(range.start.is_multiple_of(BLOCK));
    let len = range.len();
    let first_block = range.start / BLOCK;
    let mut blocks: Vec<Vec<&mut [f64]>> = (0..len.div_ceil(BLOCK))
        .map(|_| Vec::with_capacity(columns.len()))
        .collect();
    for col in out.iter_mut() {
        for (b, chunk) in col[..len].chunks_mut(BLOCK).enumerate() {
            blocks[b].push(chunk);
        }
    }
    let per_block: Vec<Breaches> = blocks
        .into_par_iter()
        .enumerate()
        .map_init(
            || BlockScratch::new(plan),
            |scratch, (b, mut slots)| {
                let start = (first_block + b) * BLOCK;
                let end = (start + BLOCK).min(range.end);
                let breaches = run_block(plan, keys, scratch, columns, start, end, &mut slots);
                if let Some(bar) = bar {
                    bar.inc((end - start) as u64);
                }
                breaches
            },
        )
        .collect();
    let mut all = Breaches::default();
    for b in per_block {
        all.merge(b);
    }
    all
}

/// Draws evaluated together in one pass over the plan (see `plan`): wide enough to take
/// the dispatch out of the inner loops, narrow enough for the registers to stay in cache.
pub const LANES: usize = 128;

/// What evaluating a block's draws needs besides the plan: the lanes its rows are
/// evaluated in, and room for the draws of each tabulated quantity over the whole block
/// (see [`evaluate_block`]). Made once for many blocks.
pub struct BlockScratch {
    lanes: Lanes,
    /// For each leaf, where in `ahead` its draws over the block are, if they are drawn
    /// ahead of the rows.
    slot: Vec<Option<usize>>,
    ahead: Vec<f64>,
    us: Vec<f64>,
    to: Vec<u16>,
    position: Vec<f64>,
}

impl BlockScratch {
    /// Scratch for `plan`'s blocks.
    pub fn new(plan: &Plan) -> BlockScratch {
        let copula = plan.copula();
        let mut count = 0;
        // Tabulated leaves (beta, PERT, gamma) gain from a walk along their tables;
        // correlated ones take their uniforms from their group's normals instead.
        let slot: Vec<Option<usize>> = plan
            .leaves()
            .enumerate()
            .map(|(l, (_, dist))| {
                let ahead = dist.tabulated() && copula.of_leaf.get(l).is_none_or(Option::is_none);
                ahead.then(|| {
                    count += 1;
                    count - 1
                })
            })
            .collect();
        BlockScratch {
            lanes: plan.lanes(LANES),
            slot,
            ahead: vec![0.0; count * BLOCK],
            us: vec![0.0; BLOCK],
            to: vec![0; BLOCK],
            position: vec![0.0; BLOCK],
        }
    }
}

/// Evaluates draws `start..end` (one block) row by row of [`LANES`], calling `row` with
/// the lanes, the row's first draw and its width after each: the same numbers as
/// [`evaluate_draws`] of each row. In a whole block of a Latin hypercube, each tabulated
/// quantity's draws are made first for the whole block, by one walk along its table in
/// the order of the strata (`Dist::at_ascending`), rather than one search of the table
/// for each draw.
pub fn evaluate_block(
    plan: &Plan,
    streams: &Streams,
    scratch: &mut BlockScratch,
    start: usize,
    end: usize,
    mut row: impl FnMut(&mut Lanes, usize, usize),
) {
    let BlockScratch {
        lanes,
        slot,
        ahead,
        us,
        to,
        position,
    } = scratch;
    let (keys, sampling) = (&streams.keys, streams.sampling);
    let mut drawn_ahead = false;
    for ((l, (_, dist)), s) in plan.leaves().enumerate().zip(slot.iter()) {
        let Some(s) = *s else {
            continue;
        };
        if !sampling.ascending(keys[l], start as u64, us, to, position) {
            break;
        }
        dist.at_ascending(us, to, &mut ahead[s * BLOCK..(s + 1) * BLOCK]);
        drawn_ahead = true;
    }
    let copula = plan.copula();
    for group in (start..end).step_by(LANES) {
        let width = LANES.min(end - group);
        let first = group as u64;
        if drawn_ahead {
            let offset = group - start;
            plan.evaluate(lanes, width, |l, dist, row| match slot[l] {
                Some(s) => row.copy_from_slice(&ahead[s * BLOCK + offset..][..row.len()]),
                None => draw_leaf(copula, streams, l, dist, row, first),
            });
        } else {
            evaluate_draws(plan, lanes, streams, first, width);
        }
        row(lanes, group, width);
    }
}

/// Evaluates draws `start..end` (one block) into their slices of the columns.
fn run_block(
    plan: &Plan,
    keys: &Streams,
    scratch: &mut BlockScratch,
    columns: &[Column],
    start: usize,
    end: usize,
    out: &mut [&mut [f64]],
) -> Breaches {
    let mut breaches = Breaches::default();
    evaluate_block(plan, keys, scratch, start, end, |lanes, group, width| {
        let offset = group - start;
        if !plan.all_keep_rules(lanes, width) {
            for k in 0..width {
                if let Some(v) = plan.violation(lanes, k) {
                    breaches.record(v, (group + k) as u64);
                }
            }
        }
        for (col, slot) in columns.iter().zip(out.iter_mut()) {
            let slot = &mut slot[offset..offset + width];
            match *col {
                Column::Ratio => fill(slot, |k| lanes.totals(k).ratio()),
                Column::PresentValue => fill(slot, |k| lanes.totals(k).present_value),
                Column::Investment => fill(slot, |k| lanes.totals(k).investment),
                Column::Outcome(o) => fill(slot, |k| lanes.outcome_pv(o, k)),
                Column::Stakeholder(s) => plan.stakeholder_row(lanes, s, slot),
                Column::Quantity(q) => slot.copy_from_slice(&plan.quantity_row(lanes, q)[..width]),
                Column::Funder(f) => plan.funder_investment_row(lanes, f, slot),
                Column::WeightedPresentValue => plan.weighted_present_value_row(lanes, slot),
                Column::Ledger(part) => plan.ledger_row(lanes, part, slot),
            }
        }
    });
    breaches
}

fn fill(slot: &mut [f64], mut f: impl FnMut(usize) -> f64) {
    for (k, x) in slot.iter_mut().enumerate() {
        *x = f(k);
    }
}

fn pass_bar(opts: &SimOptions, n: usize) -> Option<ProgressBar> {
    if !opts.progress {
        return None;
    }
    let (pass, passes) = opts.pass;
    let bar = progress_bar(n as u64);
    if passes > 1 {
        bar.set_message(format!("sampling, pass {pass} of {passes}"));
    }
    Some(bar)
}

/// A progress bar on standard error over `total` draws (counting every draw of every
/// pass and model), with the time left estimated from the rate so far.
pub fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} {msg} {wide_bar} {human_pos}/{human_len} draws ({elapsed}, about {eta} left)",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message("sampling");
    bar
}

/// Where every leaf of a plan takes its uniforms from: its stream key under the seed, and
/// how the uniforms are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Streams {
    /// The random-stream key of every leaf (0 for fixed leaves, unused).
    pub keys: Vec<u64>,
    /// Plain random or a Latin hypercube per block.
    pub sampling: Sampling,
}

impl Streams {
    /// The streams of every leaf of `plan` under `seed`, with uniforms made by `sampling`;
    /// the leaves' quantile tables are built first, in parallel.
    pub fn new(plan: &Plan, seed: u64, sampling: Sampling) -> Streams {
        let dists: Vec<_> = plan.leaves().map(|(_, dist)| dist).collect();
        dists.par_iter().for_each(|dist| dist.prepare());
        Streams {
            keys: stream_keys(plan, seed),
            sampling,
        }
    }
}

/// The random-stream key of every leaf of `plan` under `seed` (0 for fixed leaves, unused).
pub fn stream_keys(plan: &Plan, seed: u64) -> Vec<u64> {
    plan.leaves()
        .map(|(name, dist)| {
            if dist.is_fixed() {
                0
            } else {
                stream_key(seed, name)
            }
        })
        .collect()
}

/// Evaluates draws `first .. first + n` of the Monte Carlo sample into `lanes`.
#[inline]
pub fn evaluate_draws(plan: &Plan, lanes: &mut Lanes, streams: &Streams, first: u64, n: usize) {
    let copula = plan.copula();
    plan.evaluate(lanes, n, |l, dist, row| {
        draw_leaf(copula, streams, l, dist, row, first)
    });
}

/// Fills `row` with draws `first, first + 1, …` of leaf `l`: from its correlated group's
/// normals if it is in one, else from its own uniforms.
#[inline]
fn draw_leaf(
    copula: &Copula,
    streams: &Streams,
    l: usize,
    dist: &Dist,
    row: &mut [f64],
    first: u64,
) {
    match copula.of_leaf.get(l).copied().flatten() {
        Some(at) => crate::sample::draw::fill_correlated(copula, at, dist, row, streams, first),
        None => dist.fill_with(row, streams.keys[l], first, streams.sampling),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::Violation;

    /// A model whose expressions break each rule in some draws: a deadweight above 1, an
    /// investment below 0, and outcomes that overflow when the discount rate nears −1.
    const BREAKING: &str = r#"
[model]
name = "Breaks rules in some draws"
price_year = 2024
discount_rate = { dist = "uniform", min = -0.99, max = 0.035 }

[parameters]
x = { dist = "uniform", min = 0, max = 1 }
c = { dist = "uniform", min = 0, max = 1000 }
dw = "x * 1.2"
cost = "c - 50"

[[inputs]]
name = "Grant"
stakeholder = "Trust"
amount = "cost"

[[outcomes]]
name = "O"
stakeholder = "People"
quantity = 100
value = 10
deadweight = "dw"
duration = 200
"#;

    /// Tabulated quantities (beta, PERT, gamma), two of them correlated, and others.
    const TABULATED: &str = r#"
[model]
name = "Tabulated"
price_year = 2024
discount_rate = 0.035

[parameters]
share = { dist = "beta", mean = 0.3, sd = 0.1 }
visits = { dist = "gamma", mean = 7, sd = 2 }
effect = { dist = "pert", min = 0, mode = 0.1, max = 0.4 }
cost = { dist = "triangular", min = 900, mode = 1000, max = 1400 }
linked = { dist = "beta", mean = 0.5, sd = 0.15 }

[[correlations]]
between = ['parameters.linked', 'parameters.visits']
rank = 0.5

[[inputs]]
name = "Grant"
stakeholder = "Trust"
amount = "cost"

[[outcomes]]
name = "O"
stakeholder = "People"
quantity = "100 * share * linked"
value = "visits * 30"
deadweight = "effect"
duration = 2
"#;

    #[test]
    fn a_block_drawn_ahead_gives_each_rows_own_draws() {
        // Every row of `evaluate_block` against `evaluate_draws` of the same row, bit for
        // bit, in every lane: whole blocks of a Latin hypercube (the tabulated quantities
        // drawn ahead, but the correlated one), its short last block, and independent
        // draws (neither drawn ahead).
        let raw = crate::model::raw::parse_model(TABULATED).expect("parses");
        let model = crate::model::compile::compile(&raw).expect("compiles");
        let plan = Plan::new(&model);
        let leaves: Vec<QId> = (0..model.quantities.len())
            .filter(|&q| plan.leaf_of(q).is_some())
            .collect();
        assert!(leaves.len() >= 5, "{leaves:?}");
        let n = 2 * BLOCK + 300;
        let mut scratch = BlockScratch::new(&plan);
        assert_eq!(scratch.slot.iter().flatten().count(), 2);
        let mut alone = plan.lanes(LANES);
        for sampling in [Sampling::Lhs { draws: n as u64 }, Sampling::Random] {
            let keys = Streams::new(&plan, 3, sampling);
            let mut rows = 0;
            for start in (0..n).step_by(BLOCK) {
                let end = (start + BLOCK).min(n);
                evaluate_block(
                    &plan,
                    &keys,
                    &mut scratch,
                    start,
                    end,
                    |lanes, first, width| {
                        evaluate_draws(&plan, &mut alone, &keys, first as u64, width);
                        for k in 0..width {
                            let (a, b) = (lanes.totals(k), alone.totals(k));
                            assert_eq!(
                                a.ratio().to_bits(),
                                b.ratio().to_bits(),
                                "draw {}",
                                first + k
                            );
                            assert_eq!(a.investment.to_bits(), b.investment.to_bits());
                        }
                        for &q in &leaves {
                            let (a, b) =
                                (plan.quantity_row(lanes, q), plan.quantity_row(&alone, q));
                            assert_eq!(a[..width], b[..width], "{q:?} from draw {first}");
                        }
                        rows += 1;
                    },
                );
            }
            assert_eq!(rows, 2 * (BLOCK / LANES) + 300usize.div_ceil(LANES));
        }
    }

    fn plan(text: &str) -> Plan {
        let raw = crate::model::raw::parse_model(text).expect("parses");
        Plan::new(&crate::model::compile::compile(&raw).expect("compiles"))
    }

    #[test]
    fn the_row_check_agrees_with_asking_each_lane() {
        let plan = plan(BREAKING);
        let keys = Streams::new(&plan, 7, Sampling::Random);
        let mut lanes = plan.lanes(LANES);
        let (mut clean, mut broken) = (0, [0; 5]);
        for group in 0..400u64 {
            // Widths other than the full group, so that stale lanes past `n` are ignored.
            let n = [LANES, 1, 5, 77][group as usize % 4];
            evaluate_draws(&plan, &mut lanes, &keys, group * LANES as u64, n);
            let each: Vec<Option<Violation>> = (0..n).map(|k| plan.violation(&lanes, k)).collect();
            let expected = each.iter().all(Option::is_none);
            assert_eq!(plan.all_keep_rules(&lanes, n), expected, "group {group}");
            clean += usize::from(expected);
            for v in each.into_iter().flatten() {
                broken[match v {
                    Violation::Quantity { .. } => 0,
                    Violation::Investment { .. } => 1,
                    Violation::Outcome { .. } => 2,
                    Violation::Total { .. } => 3,
                    Violation::Ratio { .. } => 4,
                }] += 1;
            }
        }
        // The fixture breaks the quantity, investment and overflow rules, and some
        // groups keep every rule, so both answers are exercised.
        assert!(clean > 0, "{broken:?}");
        assert!(
            broken[0] > 0 && broken[1] > 0 && broken[2] > 0,
            "{broken:?}"
        );
    }
}
