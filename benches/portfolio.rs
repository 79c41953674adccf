//! `sroi portfolio` at scale: 200 candidate schemes at 100,000 draws each, on the same
//! draws, for the exact expected-NPV search and the draw-based chance of a positive NPV.
//!
//! The candidates are written to a temporary folder: each a small scheme with an uncertain
//! cost, reach, effect and deadweight; half share one effect (their uncertainty moves
//! together), half have their own. `cargo bench --bench portfolio`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use sroi::analysis::portfolio::{Objective, portfolio};
use sroi::analysis::summary::RunSettings;
use sroi::model::portfolio::load_portfolio;

const CANDIDATES: usize = 200;
const DRAWS: usize = 100_000;

/// A fixed sequence of numbers in [0, 1) (a linear congruential generator): the same
/// candidates on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Writes the candidates and a portfolio of them with a £10m budget; returns its path.
fn write_portfolio(dir: &std::path::Path) -> std::path::PathBuf {
    let mut rng = Lcg(7);
    let mut portfolio =
        String::from("[portfolio]\nname = \"Two hundred schemes\"\nbudget = 10000000\n\n");
    for i in 0..CANDIDATES {
        let cost = 20_000.0 + 180_000.0 * rng.next();
        let ratio = 0.6 + 2.4 * rng.next();
        let people = 20 + (480.0 * rng.next()) as u32;
        let sd = 0.1 + 0.5 * rng.next();
        let per_person = cost * ratio / f64::from(people);
        let effect = if i % 2 == 0 {
            "shared_effect".to_string()
        } else {
            format!("effect_{i}")
        };
        let model = format!(
            "[model]\nname = \"Scheme {i}\"\n\n[parameters]\n{effect} = {{ dist = \"lognormal\", mean = 1, sd = {sd:.3} }}\nreach_{i} = {{ dist = \"beta\", mean = 0.7, sd = 0.1 }}\n\n[[inputs]]\nname = \"Grant\"\namount = {{ dist = \"triangular\", min = {:.0}, mode = {cost:.0}, max = {:.0} }}\n\n[[outcomes]]\nname = \"Benefit\"\nstakeholder = \"People\"\nquantity = \"{people} * reach_{i} / 0.7\"\nvalue = \"{per_person:.2} * {effect}\"\ndeadweight = {{ dist = \"uniform\", min = 0.1, max = 0.3 }}\nduration = 2\ndrop_off = 0.3\n",
            cost * 0.9,
            cost * 1.3
        );
        std::fs::write(dir.join(format!("s{i}.toml")), model).expect("write a candidate");
        let max_units = 1 + (5.0 * rng.next()) as u32;
        let _ = writeln!(
            portfolio,
            "[[candidates]]\nfile = \"s{i}.toml\"\nmax_units = {max_units}\n"
        );
    }
    let path = dir.join("portfolio.toml");
    std::fs::write(&path, portfolio).expect("write the portfolio");
    path
}

fn scale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = write_portfolio(dir.path());
    let p = load_portfolio(&path).expect("the portfolio loads");
    let opts = RunSettings {
        iterations: DRAWS,
        seed: 42,
        sampling: sroi::sample::lhs::Method::Lhs,
        threads: None,
        ci_level: 0.95,
        progress: false,
        thresholds: Vec::new(),
    };
    let mut group = c.benchmark_group("portfolio-200-candidates-100k-draws");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    for objective in [Objective::Npv, Objective::ProbPositive] {
        group.bench_function(objective.name(), |b| {
            b.iter(|| black_box(portfolio(&p, &opts, objective).expect("valid draws")))
        });
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
