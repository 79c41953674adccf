//! `[[correlations]]` (spec §11): the achieved rank correlations at 100,000 draws, each
//! marginal unchanged (Kolmogorov–Smirnov against the exact CDF), common random numbers
//! kept for every other quantity, the same draws for any thread count, and every kind of
//! bad entry refused with its item, field and line.

mod common;

use common::Workspace;
use sroi::analysis::correlation::spearman;
use sroi::model::load::load;
use sroi::model::plan::Plan;
use sroi::sample::engine::{Column, SimOptions, simulate};
use statrs::distribution::{Beta, ContinuousCDF, Gamma, LogNormal, Normal};

const N: usize = 100_000;

const BASE: &str = r#"[model]
name = "Correlated"

[parameters]
visits = { dist = "gamma", mean = 6, sd = 2 }
reduction = { dist = "beta", mean = 0.2, sd = 0.08 }
price = { dist = "lognormal", mean = 40, sd = 10 }
other = { dist = "normal", mean = 10, sd = 3 }
avoided = "100 * visits * reduction"

[[inputs]]
name = "Cost"
amount = 1000

[[outcomes]]
name = "Fewer GP visits"
stakeholder = "NHS"
quantity = "avoided"
value = "price + other"
"#;

const CORRELATIONS: &str = r#"
[[correlations]]
between = ["parameters.visits", "parameters.reduction"]
rank = 0.6

[[correlations]]
between = ["parameters.reduction", "parameters.price"]
rank = -0.3
"#;

/// The draws of visits, reduction, price and other.
fn draws(model: &str, threads: Option<usize>) -> Vec<Vec<f64>> {
    let ws = Workspace::new();
    let loaded = load(&ws.write("m.toml", model)).expect("valid model");
    let m = &loaded.model;
    let plan = Plan::new(m);
    let columns: Vec<Column> = ["visits", "reduction", "price", "other"]
        .iter()
        .map(|p| Column::Quantity(m.quantity(&format!("parameters.{p}")).unwrap()))
        .collect();
    let opts = SimOptions {
        iterations: N,
        seed: 42,
        sampling: sroi::sample::lhs::Method::Random,
        threads,
        progress: false,
        pass: (1, 1),
    };
    simulate(&plan, &opts, &columns).expect("draws")
}

/// The Kolmogorov–Smirnov statistic of `xs` against `cdf`.
fn ks(xs: &[f64], cdf: impl Fn(f64) -> f64) -> f64 {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    let n = xs.len() as f64;
    xs.iter()
        .enumerate()
        .map(|(i, &x)| {
            let f = cdf(x);
            (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
        })
        .fold(0.0, f64::max)
}

#[test]
fn rank_correlations_are_achieved_and_marginals_kept() {
    let d = draws(&format!("{BASE}{CORRELATIONS}"), None);
    let rho = |a: usize, b: usize| spearman(&d[a], &d[b]).unwrap();
    assert!(
        (rho(0, 1) - 0.6).abs() < 0.02,
        "visits~reduction {}",
        rho(0, 1)
    );
    assert!(
        (rho(1, 2) + 0.3).abs() < 0.02,
        "reduction~price {}",
        rho(1, 2)
    );
    // Not requested: visits~price follows from the two (Pearson 0 in the copula's matrix,
    // so rank correlation 0), and `other` is independent of all.
    assert!(rho(0, 2).abs() < 0.02, "visits~price {}", rho(0, 2));
    for k in 0..3 {
        assert!(rho(k, 3).abs() < 0.02, "other {}", rho(k, 3));
    }
    // Kolmogorov–Smirnov at the 1% level: D < 1.63 / √n.
    let limit = 1.63 / (N as f64).sqrt();
    // gamma mean 6 sd 2: shape 9, rate 1.5. beta mean 0.2 sd 0.08: α 4.8, β 19.2.
    // lognormal mean 40 sd 10: σ² = ln(1 + 1/16), μ = ln 40 − σ²/2.
    let gamma = Gamma::new(9.0, 1.5).unwrap();
    let beta = Beta::new(4.8, 19.2).unwrap();
    let s2 = (1.0f64 + 1.0 / 16.0).ln();
    let lognormal = LogNormal::new(40f64.ln() - s2 / 2.0, s2.sqrt()).unwrap();
    let normal = Normal::new(10.0, 3.0).unwrap();
    let stats = [
        ks(&d[0], |x| gamma.cdf(x)),
        ks(&d[1], |x| beta.cdf(x)),
        ks(&d[2], |x| lognormal.cdf(x)),
        ks(&d[3], |x| normal.cdf(x)),
    ];
    for (k, s) in stats.iter().enumerate() {
        assert!(*s < limit, "marginal {k}: D = {s} (limit {limit})");
    }
}

#[test]
fn other_quantities_keep_their_draws_and_threads_do_not_matter() {
    let plain = draws(BASE, None);
    let correlated = draws(&format!("{BASE}{CORRELATIONS}"), Some(1));
    // `other` is in no correlation: the very same numbers.
    assert_eq!(plain[3], correlated[3]);
    // The first correlated quantity in the plan's order keeps its own normal: visits is
    // drawn by inversion through the copula, so its values change (a rejection sampler
    // draws it otherwise), but the correlated draws do not depend on the thread count.
    assert_eq!(correlated, draws(&format!("{BASE}{CORRELATIONS}"), Some(2)));
    // A quantity sampled by inversion that leads its group keeps its draws to rounding.
    let lead = BASE.to_string()
        + "\n[[correlations]]\nbetween = [\"parameters.price\", \"parameters.other\"]\nrank = 0.5\n";
    let d = draws(&lead, None);
    let moved = d[2]
        .iter()
        .zip(&plain[2])
        .map(|(a, b)| ((a - b) / b).abs())
        .fold(0.0, f64::max);
    assert!(moved < 1e-9, "price moved by {moved}");
    assert!((spearman(&d[2], &d[3]).unwrap() - 0.5).abs() < 0.02);
}

/// `sroi check` on BASE plus `extra`: its standard error (exit code 1).
fn refused(extra: &str) -> String {
    let ws = Workspace::new();
    ws.write("model.toml", format!("{BASE}{extra}"));
    ws.sroi(&["check", "model.toml"]).model_error()
}

#[test]
fn bad_correlations_are_refused_with_their_line() {
    let cases = [
        (
            "\n[[correlations]]\nbetween = [\"parameters.visit\", \"parameters.price\"]\nrank = 0.3\n",
            &[
                "correlations[1], field `between`",
                "`parameters.visit` is not a quantity of this model; did you mean `parameters.visits`?",
                "model.toml:22:12",
            ][..],
        ),
        (
            "\n[[correlations]]\nbetween = [\"parameters.avoided\", \"parameters.price\"]\nrank = 0.3\n",
            &[
                "`parameters.avoided` is an expression (\"100 * visits * reduction\"), not a random quantity; correlate the random quantities it uses instead: parameters.visits, parameters.reduction",
            ][..],
        ),
        (
            "\n[[correlations]]\nbetween = [\"parameters.price\", \"parameters.price\"]\nrank = 0.3\n",
            &["`parameters.price` is named twice"][..],
        ),
        (
            "\n[[correlations]]\nbetween = [\"parameters.price\", \"parameters.other\"]\nrank = 1\n",
            &[
                "correlations[1], field `rank`",
                "strictly between -1 and 1; got 1",
                "model.toml:23:",
            ][..],
        ),
        (
            "\n[[correlations]]\nbetween = [\"parameters.price\", \"outcomes.\\\"Fewer GP visits\\\".stakeholder\"]\nrank = 0.2\n",
            &["is not a quantity of this model"][..],
        ),
        (
            "\n[[correlations]]\nbetween = [\"parameters.visits\", \"parameters.reduction\"]\nrank = 0.9\n\
             [[correlations]]\nbetween = [\"parameters.reduction\", \"parameters.price\"]\nrank = 0.9\n\
             [[correlations]]\nbetween = [\"parameters.visits\", \"parameters.price\"]\nrank = -0.9\n",
            &[
                "these correlations cannot hold together",
                "correlations[1] (parameters.visits ~ parameters.reduction, 0.9)",
                "correlations[3] (parameters.visits ~ parameters.price, -0.9)",
            ][..],
        ),
        (
            "\n[[correlations]]\nbetween = [\"parameters.visits\", \"parameters.price\"]\nrank = 0.2\n\
             [[correlations]]\nbetween = [\"parameters.price\", \"parameters.visits\"]\nrank = 0.3\n",
            &["parameters.price and parameters.visits are already correlated by correlations[1]"][..],
        ),
        (
            "\n[[correlations]]\nbetween = [\"parameters.visits\"]\nrank = 0.2\n",
            &["`between` names exactly two quantities; found 1"][..],
        ),
    ];
    for (extra, needles) in cases {
        let stderr = refused(extra);
        for needle in needles {
            assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
        }
    }
}
