//! Draws per second of the bundled 12-outcome link-worker model, on one thread and on
//! all cores, for the engine alone and for a whole run (engine plus summaries); a
//! comparison of two of its grant scenarios; and the time of its whole sensitivity
//! analysis at the default 100,000 draws.
//!
//! `cargo bench --bench engine`; compare `python3 benches/numpy_reference.py`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sroi::analysis::sensitivity::analyse;
use sroi::analysis::summary::{RunSettings, run};
use sroi::model::load::load;
use sroi::model::plan::Plan;
use sroi::sample::engine::{Column, SimOptions, simulate};

const MODEL: &str = "models/social-prescribing-link-worker.toml";
const DRAWS: usize = 1_000_000;

/// A run of `iterations` draws, seed 42, as the command line would make it.
fn options(iterations: usize, threads: Option<usize>) -> RunSettings {
    RunSettings {
        iterations,
        seed: 42,
        sampling: sroi::sample::lhs::Method::Lhs,
        threads,
        ci_level: 0.95,
        progress: false,
        thresholds: sroi::analysis::summary::DEFAULT_THRESHOLDS.to_vec(),
    }
}

fn engine(c: &mut Criterion) {
    let loaded = load(std::path::Path::new(MODEL)).expect("the bundled model loads");
    let plan = Plan::new(&loaded.model);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut group = c.benchmark_group("link-worker-12-outcomes");
    group.throughput(Throughput::Elements(DRAWS as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for threads in [1, cores] {
        let opts = SimOptions {
            iterations: DRAWS,
            seed: 42,
            sampling: sroi::sample::lhs::Method::Lhs,
            threads: Some(threads),
            progress: false,
            pass: (1, 1),
        };
        group.bench_function(format!("engine/{threads}-threads"), |b| {
            b.iter(|| {
                simulate(
                    &plan,
                    &opts,
                    &[Column::Ratio, Column::PresentValue, Column::Investment],
                )
                .expect("valid draws")
            })
        });
        let run_opts = options(DRAWS, Some(threads));
        group.bench_function(format!("run/{threads}-threads"), |b| {
            b.iter(|| black_box(run(&loaded, &plan, &run_opts).expect("valid draws")))
        });
    }
    group.finish();
}

/// Two grant scenarios of the link-worker model (each with three funders) compared on the
/// same draws: both sampled, summarised, and differenced draw by draw.
fn compare(c: &mut Criterion) {
    let files = [
        "scenarios/hwf-2017-three-years.toml",
        "scenarios/hwf-2017-two-years.toml",
    ]
    .map(|f| load(std::path::Path::new(f)).expect("the bundled scenarios load"));
    let mut group = c.benchmark_group("compare-two-scenarios");
    group.throughput(Throughput::Elements(DRAWS as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let opts = options(DRAWS, None);
    group.bench_function("all-threads", |b| {
        b.iter(|| black_box(sroi::analysis::compare::compare(&files, &opts).expect("valid draws")))
    });
    group.finish();
}

/// One-way analysis and switching values of its 56 numbers and distributions (49 uncertain), the
/// three groups, and the rank correlations over 100,000 draws, on all cores.
fn sensitivity(c: &mut Criterion) {
    let loaded = load(std::path::Path::new(MODEL)).expect("the bundled model loads");
    let plan = Plan::new(&loaded.model);
    let opts = options(100_000, None);
    let mut group = c.benchmark_group("link-worker-sensitivity");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("100k-draws", |b| {
        b.iter(|| black_box(analyse(&loaded.model, &plan, MODEL, &opts, 1.0).expect("valid draws")))
    });
    group.bench_function("base-case-only", |b| {
        let base_only = options(1, None);
        b.iter(|| black_box(analyse(&loaded.model, &plan, MODEL, &base_only, 1.0).expect("valid")))
    });
    group.finish();
}

/// Value of information of the fund-or-not decision at the default 100,000 draws, on all
/// cores: 49 single-quantity splines, 12 outcome groups, EVPI; and the same model's run
/// with two of its quantities (a PERT and a beta, inverted numerically) correlated.
fn voi(c: &mut Criterion) {
    let loaded = load(std::path::Path::new(MODEL)).expect("the bundled model loads");
    let opts = options(100_000, None);
    let mut group = c.benchmark_group("link-worker-voi");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let files = [loaded.clone()];
    group.bench_function("100k-draws", |b| {
        b.iter(|| black_box(sroi::analysis::voi::voi(&files, &opts, &[]).expect("valid draws")))
    });
    let text = std::fs::read_to_string(MODEL).expect("the model's text")
        + "\n[[correlations]]\nbetween = [\"parameters.caseload\", \"parameters.engagement\"]\nrank = 0.4\n";
    let dir = std::env::temp_dir().join("sroi-bench-correlated.toml");
    std::fs::write(&dir, text).expect("a temporary model");
    let correlated = load(&dir).expect("the correlated model loads");
    let plan = Plan::new(&correlated.model);
    group.bench_function("run-100k-two-correlated", |b| {
        b.iter(|| black_box(run(&correlated, &plan, &opts).expect("valid draws")))
    });
    let plain = Plan::new(&loaded.model);
    group.bench_function("run-100k-uncorrelated", |b| {
        b.iter(|| black_box(run(&loaded, &plain, &opts).expect("valid draws")))
    });
    group.finish();
}

/// Size: checking, and running 100 draws of, a model with 10,000 inputs each with its own
/// funder and 10,000 outcomes each with its own stakeholder. Each name used to be looked up
/// among all those before it, and each funder's investment summed over every input: the
/// time grew with the square of the size (about 100 s for 100,000 stakeholders).
fn size(c: &mut Criterion) {
    let n = 10_000;
    let mut text = String::from("[model]\nname = \"Many\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "[[inputs]]\nname = \"I{i}\"\nstakeholder = \"F{i}\"\namount = 1\n"
        ));
    }
    for i in 0..n {
        text.push_str(&format!(
            "[[outcomes]]\nname = \"O{i}\"\nstakeholder = \"S{i}\"\nquantity = 1\nvalue = 2\n"
        ));
    }
    let dir = std::env::temp_dir().join(format!("sroi-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("many.toml");
    std::fs::write(&path, text).expect("write the model");
    let mut group = c.benchmark_group("10k-funders-10k-stakeholders");
    group.sample_size(10);
    group.bench_function("check", |b| {
        b.iter(|| black_box(load(&path).expect("valid")))
    });
    let loaded = load(&path).expect("valid");
    let plan = Plan::new(&loaded.model);
    let opts = options(100, None);
    group.bench_function("run-100-draws", |b| {
        b.iter(|| black_box(run(&loaded, &plan, &opts).expect("valid draws")))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, engine, compare, sensitivity, voi, size);
criterion_main!(benches);
