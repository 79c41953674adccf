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

const DRAWS: usize = 1_000_000;
const WINDOW: usize = 51 * BLOCK;

/// Uniforms on (0, 1) by splitmix64: fixed, so every sample times the same draws.
fn uniforms(seed: u64) -> impl Iterator<Item = f64> {
    let mut state = seed;
    std::iter::repeat_with(move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    })
}

fn shapes() -> Vec<(&'static str, Vec<f64>)> {
    let mut u = uniforms(42);
    let mut sum4 = move || (0..4).map(|_| u.next().expect("endless")).sum::<f64>();
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
