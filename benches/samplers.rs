//! Draws per second of each kind of distribution, by inversion of one uniform per draw
//! (`Dist::fill`, a row of the engine's 128 lanes at a time, as the engine calls it),
//! plain random and Latin hypercube; and the time
//! to build a beta and a gamma quantile table (paid once per distribution the first time
//! a run draws from it).
//!
//! `cargo bench --bench samplers -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sroi::model::dist::{Dist, FieldValue};
use sroi::sample::engine::LANES;
use sroi::sample::lhs::Sampling;
use sroi::sample::rng::stream_key;

const DRAWS: usize = 100_000;

fn dist(kind: &str, fields: &[(&str, f64)]) -> Dist {
    let fields: Vec<(&str, FieldValue<'_>)> = fields
        .iter()
        .map(|&(n, v)| (n, FieldValue::Number(v)))
        .collect();
    Dist::from_fields(kind, &fields).expect("a valid distribution")
}

fn samplers(c: &mut Criterion) {
    let kinds = [
        (
            "pert",
            dist("pert", &[("min", 170.0), ("mode", 220.0), ("max", 250.0)]),
        ),
        ("beta", dist("beta", &[("mean", 0.25), ("sd", 0.1)])),
        ("gamma", dist("gamma", &[("mean", 7.0), ("sd", 2.0)])),
        (
            "gamma-shape-below-1",
            dist("gamma", &[("shape", 0.4), ("scale", 1.0)]),
        ),
        ("normal", dist("normal", &[("mean", 148.0), ("sd", 22.82)])),
        (
            "triangular",
            dist(
                "triangular",
                &[("min", 10.0), ("mode", 15.0), ("max", 20.0)],
            ),
        ),
        ("uniform", dist("uniform", &[("min", 0.3), ("max", 0.7)])),
    ];
    let key = stream_key(42, "bench");
    let mut out = vec![0.0; DRAWS];
    let mut group = c.benchmark_group("draws");
    group.throughput(Throughput::Elements(DRAWS as u64));
    for (name, d) in &kinds {
        for sampling in [
            Sampling::Random,
            Sampling::Lhs {
                draws: DRAWS as u64,
            },
        ] {
            group.bench_function(format!("{name}/{}", sampling.name()), |b| {
                b.iter(|| {
                    // A row of the engine's lanes at a time, as the engine fills them.
                    for (r, row) in out.chunks_mut(LANES).enumerate() {
                        d.fill_with(row, key, (r * LANES) as u64, sampling);
                    }
                    black_box(&out);
                })
            });
        }
    }
    group.finish();
    let mut group = c.benchmark_group("tables");
    group.sample_size(10);
    // A table is built when first read (`Dist::prepare` reads it), and shared only while a
    // distribution holds it: the draws' distributions (of the same laws) are dropped
    // first, and each iteration's before the next is made.
    drop(kinds);
    let built = |d: Dist| {
        d.prepare();
        d
    };
    group.bench_function("build/pert(170, 220, 250)", |b| {
        b.iter(|| {
            built(dist(
                "pert",
                &[("min", 170.0), ("mode", 220.0), ("max", 250.0)],
            ))
        })
    });
    group.bench_function("build/gamma(mean 7, sd 2)", |b| {
        b.iter(|| built(dist("gamma", &[("mean", 7.0), ("sd", 2.0)])))
    });
    group.finish();
}

criterion_group!(benches, samplers);
criterion_main!(benches);
