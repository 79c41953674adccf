//! The distribution function against values worked by hand, and against the quantiles.

use super::{Dist, FieldValue, triangular_at, triangular_each};
use crate::width::Width;

fn dist(kind: &str, fields: &[(&str, f64)]) -> Dist {
    let fields: Vec<(&str, FieldValue<'_>)> = fields
        .iter()
        .map(|&(n, v)| (n, FieldValue::Number(v)))
        .collect();
    Dist::from_fields(kind, &fields).unwrap()
}

#[test]
fn pert_cdf_is_its_beta_worked_by_hand() {
    // pert(0, 1, 4): alpha = 1 + 4 (1 − 0) / 4 = 2, beta = 1 + 4 (4 − 1) / 4 = 4, so at
    // x = 2 (y = 0.5) I_0.5(2, 4) = P(Binomial(5, 0.5) >= 2) = 1 − 1/32 − 5/32 = 0.8125;
    // at x = 1 (y = 0.25), 1 − 0.75^5 − 5 (0.25) 0.75^4 = 0.3671875.
    let d = dist("pert", &[("min", 0.0), ("mode", 1.0), ("max", 4.0)]);
    assert!((d.cdf(2.0) - 0.8125).abs() < 1e-12, "{}", d.cdf(2.0));
    assert!((d.cdf(1.0) - 0.3671875).abs() < 1e-12, "{}", d.cdf(1.0));
    assert_eq!(d.cdf(-0.1), 0.0);
    assert_eq!(d.cdf(4.0), 1.0);
}

#[test]
fn closed_forms_worked_by_hand() {
    let u = dist("uniform", &[("min", 10.0), ("max", 30.0)]);
    assert_eq!(u.cdf(15.0), 0.25);
    assert_eq!(u.cdf(9.0), 0.0);
    assert_eq!(u.cdf(31.0), 1.0);
    // triangular(0, 1, 4): (x − 0)^2 / (4 · 1) below the mode, 1 − (4 − x)^2 / (4 · 3) above.
    let t = dist("triangular", &[("min", 0.0), ("mode", 1.0), ("max", 4.0)]);
    assert!((t.cdf(0.5) - 0.0625).abs() < 1e-15);
    assert!((t.cdf(2.0) - (1.0 - 4.0 / 12.0)).abs() < 1e-15);
    // normal(mean 10, sd 2) at 10 + 1.959964 sd: 0.975.
    let n = dist("normal", &[("mean", 10.0), ("sd", 2.0)]);
    assert!((n.cdf(10.0 + 2.0 * 1.959_963_984_540_054) - 0.975).abs() < 1e-12);
    assert!((n.cdf(10.0) - 0.5).abs() < 1e-15);
    // gamma(shape 1, scale 2) is exponential with mean 2: 1 − e^(−x / 2).
    let g = dist("gamma", &[("shape", 1.0), ("scale", 2.0)]);
    assert!((g.cdf(3.0) - (1.0 - (-1.5f64).exp())).abs() < 1e-12);
    let f = Dist::fixed(5.0);
    assert_eq!((f.cdf(4.9), f.cdf(5.0)), (0.0, 1.0));
}

#[test]
fn cdf_undoes_the_quantile() {
    let cases = [
        dist("beta", &[("alpha", 2.5), ("beta", 7.0)]),
        dist("lognormal", &[("mean", 100.0), ("sd", 40.0)]),
        dist("normal", &[("mean", 1.0), ("sd", 2.0), ("min", 0.0)]),
        dist("normal", &[("mean", 0.0), ("sd", 1.0), ("min", 3.0)]),
        dist("gamma", &[("mean", 5.0), ("sd", 2.0)]),
        dist("pert", &[("min", 1.0), ("mode", 2.0), ("max", 9.0)]),
    ];
    for d in &cases {
        for p in [0.01, 0.05, 0.3, 0.5, 0.9, 0.99] {
            let back = d.cdf(d.quantile(p));
            assert!((back - p).abs() < 1e-9, "{}: {p} -> {back}", d.describe());
        }
    }
}

#[test]
fn triangular_draws_in_lanes_are_the_quantile_in_every_width() {
    // triangular(0, 1, 4): the mode's quantile is p = (1 − 0) / 4 = 0.25 exactly; below
    // it x = √(4p), above it x = 4 − √(12 (1 − p)) (at p = 0.5, 4 − √6).
    let mut ps: Vec<f64> = (1..1000).map(|i| i as f64 / 1000.0).collect();
    ps.extend([
        0.25f64.next_down(),
        0.25,
        0.25f64.next_up(),
        1e-300,
        1.0 - 1e-16,
    ]);
    for &width in Width::available() {
        let mut xs = ps.clone();
        triangular_each(width, 0.0, 1.0, 4.0, &mut xs);
        for (&p, &x) in ps.iter().zip(&xs) {
            let one = triangular_at(0.0, 1.0, 4.0, p);
            assert_eq!(x.to_bits(), one.to_bits(), "{width:?}, p = {p}");
        }
        let at = |p: f64| xs[ps.iter().position(|&q| q == p).unwrap()];
        assert_eq!(at(0.25), 1.0);
        assert!((at(0.5) - (4.0 - 6f64.sqrt())).abs() < 1e-15);
        assert!((at(0.1) - 0.4f64.sqrt()).abs() < 1e-15);
        // Either side of the mode, each side's root.
        let (below, above) = (0.25f64.next_down(), 0.25f64.next_up());
        assert_eq!(at(below), (4.0 * below).sqrt());
        assert_eq!(at(above), 4.0 - (12.0 * (1.0 - above)).sqrt());
    }
}
