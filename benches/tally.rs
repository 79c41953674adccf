//! The first pass of one series' exact summary (`tally::First`): 1,000,000 draws taken in
//! windows of 51 blocks, as a run of the link worker takes them, then what the second pass
//! needs read off. What a run pays per series beyond making its draws.
//!
//! Three shapes of series: a ratio (positive, skewed), a net value (either sign, about
//! zero) and a lumpy one (eight distinct values, as a count of people times a fixed
//! figure gives).
//!
//! `cargo bench --bench tally -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sroi::analysis::tally::{First, Kind, wanted};
use sroi::sample::engine::BLOCK;
use sroi::sample::rng::DrawRng;

const DRAWS: usize = 1_000_000;
const WINDOW: usize = 51 * BLOCK;

fn shapes() -> Vec<(&'static str, Vec<f64>)> {
    // A fixed stream, so every sample times the same draws.
    let mut u = DrawRng::at(42);
    let mut sum4 = move || (0..4).map(|_| u.open01()).sum::<f64>();
    let ratio: Vec<f64> = (0..DRAWS).map(|_| 4.0 * (sum4() - 2.0).exp()).collect();
    let net: Vec<f64> = (0..DRAWS).map(|_| 250_000.0 * (sum4() - 1.8)).collect();
    let lumpy: Vec<f64> = (0..DRAWS)
        .map(|_| 1_250.0 * (2.0 * sum4()).floor())
        .collect();
    vec![("ratio", ratio), ("net", net), ("lumpy", lumpy)]
}

fn tally(c: &mut Criterion) {
    let ps = wanted(0.95);
    let mut group = c.benchmark_group("tally");
    group.sample_size(20);
    group.throughput(Throughput::Elements(DRAWS as u64));
    for (name, draws) in shapes() {
        group.bench_function(format!("first/{name}/1M"), |b| {
            b.iter(|| {
                let mut first = First::new(Kind::Full, &ps);
                for window in draws.chunks(WINDOW) {
                    first.add(black_box(window));
                }
                black_box(first.given(&ps))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, tally);
criterion_main!(benches);
