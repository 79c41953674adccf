//! How close a whole run comes to the bare limit, and whether the time per draw stays
//! flat as the draws grow.
//!
//! * `limit/1M`: the same variates drawn (by the default Latin hypercube) and the same
//!   plan evaluated for every draw, with nothing stored or summed beyond a checksum of the
//!   ratios: the least any exact run of this model can cost on this machine.
//! * `run/N`: `sroi run` of the same model at N draws (1M, 8M, 64M), by the default
//!   sampling: both summaries' passes and the report. Criterion reports time per draw
//!   (throughput in draws).
//! * `limit-random/1M`, `run-random/1M`: the same by independent draws
//!   (`--sampling random`).
//!
//! `cargo bench --bench scale -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use sroi::analysis::summary::{RunSettings, run};
use sroi::model::load::load;
use sroi::model::plan::Plan;
use sroi::sample::engine::{BLOCK, BlockScratch, Streams, evaluate_block};
use sroi::sample::lhs::Method;

const MODEL: &str = "models/social-prescribing-link-worker.toml";

/// Every draw evaluated, block by block in parallel, folded into a checksum of the
/// ratios' bits (so the work cannot be skipped).
fn limit(plan: &Plan, seed: u64, n: usize, method: Method) -> u64 {
    let keys = Streams::new(plan, seed, method.of(n));
    (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map_init(
            || BlockScratch::new(plan),
            |scratch, b| {
                let mut check = 0u64;
                let end = ((b + 1) * BLOCK).min(n);
                evaluate_block(plan, &keys, scratch, b * BLOCK, end, |lanes, _, width| {
                    for k in 0..width {
                        check ^= lanes.totals(k).ratio().to_bits().rotate_left(k as u32);
                    }
                });
                check
            },
        )
        .reduce(|| 0, |a, b| a ^ b)
}

fn options(iterations: usize, sampling: Method) -> RunSettings {
    RunSettings {
        iterations,
        seed: 42,
        sampling,
        threads: None,
        ci_level: 0.95,
        progress: false,
        thresholds: sroi::analysis::summary::DEFAULT_THRESHOLDS.to_vec(),
    }
}

fn scale(c: &mut Criterion) {
    let loaded = load(std::path::Path::new(MODEL)).expect("the bundled model loads");
    let plan = Plan::new(&loaded.model);
    let mut group = c.benchmark_group("scale");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Elements(1_000_000));
    for (name, method) in [("", Method::Lhs), ("-random", Method::Random)] {
        group.bench_function(format!("limit{name}/1M"), |b| {
            b.iter(|| black_box(limit(&plan, 42, 1_000_000, method)))
        });
        let opts = options(1_000_000, method);
        group.bench_function(format!("run{name}/1M"), |b| {
            b.iter(|| black_box(run(&loaded, &plan, &opts).expect("valid draws")))
        });
    }
    for (label, n) in [("8M", 8_000_000), ("64M", 64_000_000)] {
        if std::env::var_os("SROI_BENCH_SKIP_64M").is_some() && n > 8_000_000 {
            continue;
        }
        group.throughput(Throughput::Elements(n as u64));
        group.measurement_time(Duration::from_secs(if n > 8_000_000 { 60 } else { 5 }));
        let opts = options(n, Method::Lhs);
        group.bench_function(format!("run/{label}"), |b| {
            b.iter(|| black_box(run(&loaded, &plan, &opts).expect("valid draws")))
        });
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
