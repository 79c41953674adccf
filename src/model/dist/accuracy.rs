//! The beta and gamma quantile tables against independent references: closed forms where
//! they exist, and elsewhere statrs' CDFs (Lanczos log-gamma, its own incomplete functions),
//! whose error at our quantile, divided by the density there, is the error in x.

use statrs::distribution::{Beta as SBeta, Continuous, ContinuousCDF, Gamma as SGamma};
use statrs::function::erf::{erf_inv, erfc_inv};

use super::inverse::{Inverse, Law};

/// Probabilities of the body: 1e-6 … 1 − 1e-6, dense in the middle and on a log scale
/// towards each end.
fn body() -> Vec<f64> {
    let mut ps: Vec<f64> = (1..200).map(|i| i as f64 / 200.0).collect();
    for k in 0..=24 {
        let t = 10f64.powf(-6.0 + k as f64 / 4.0 - 1e-9);
        ps.push(t);
        ps.push(1.0 - t);
    }
    // Draws' uniforms, off any grid.
    ps.extend((0..500).map(|i| (i as f64 * 0.618_033_988_749_895).fract().max(1e-6)));
    ps
}

/// The far tails, beyond the table (solved exactly).
const TAILS: [f64; 6] = [1e-10, 1e-8, 3e-7, 1.0 - 3e-7, 1.0 - 1e-8, 1.0 - 1e-10];

fn relative(got: f64, want: f64) -> f64 {
    if got == want {
        0.0
    } else {
        ((got - want) / want).abs()
    }
}

/// The largest relative error of `law`'s table against `exact` over `ps`.
fn worst(law: Law, ps: &[f64], exact: impl Fn(f64) -> f64) -> (f64, f64) {
    let table = Inverse::new(law);
    ps.iter()
        .map(|&p| (relative(table.at(p), exact(p)), p))
        .fold((0.0, 0.0), |a, b| if b.0 > a.0 { b } else { a })
}

#[test]
fn closed_forms_to_1e_12_in_the_body_and_the_tails() {
    let mut ps = body();
    ps.extend(TAILS);
    let q = |p: f64| 1.0 - p;
    // beta(a, 1): x = p^(1/a); beta(1, b): x = 1 − (1 − p)^(1/b).
    for a in [0.05, 0.3, 0.5, 1.0, 2.5, 7.0, 60.0, 400.0, 3000.0] {
        let (e, p) = worst(Law::beta(a, 1.0), &ps, |p| libm::pow(p, 1.0 / a));
        assert!(e <= 1e-12, "beta({a}, 1) at {p}: {e:e}");
        let (e, p) = worst(Law::beta(1.0, a), &ps, |p| {
            -libm::expm1(libm::log1p(-p) / a)
        });
        assert!(e <= 1e-12, "beta(1, {a}) at {p}: {e:e}");
    }
    // beta(1/2, 1/2), the arcsine law: x = sin²(πp/2).
    let arcsine = |p: f64| libm::pow(libm::sin(std::f64::consts::FRAC_PI_2 * p), 2.0);
    let (e, p) = worst(Law::beta(0.5, 0.5), &ps, arcsine);
    assert!(e <= 1e-12, "beta(1/2, 1/2) at {p}: {e:e}");
    // gamma(1): x = −ln(1 − p); gamma(1/2): P(1/2, x) = erf(√x), so x = erf⁻¹(p)², or
    // erfc⁻¹(1 − p)² above 1/2.
    let (e, p) = worst(Law::Gamma { a: 1.0 }, &ps, |p| -libm::log1p(-p));
    assert!(e <= 1e-12, "gamma(1) at {p}: {e:e}");
    let half = |p: f64| {
        let r = if p <= 0.5 { erf_inv(p) } else { erfc_inv(q(p)) };
        r * r
    };
    let (e, p) = worst(Law::Gamma { a: 0.5 }, &ps, half);
    assert!(e <= 1e-12, "gamma(1/2) at {p}: {e:e}");
}

/// The relative error in x of a quantile `x` for probability p, from a reference CDF and
/// survival function (whichever keeps its digits) and density: (F(x) − p) / (x f(x)).
fn backward(x: f64, p: f64, cdf: f64, sf: f64, pdf: f64) -> f64 {
    let miss = if p <= 0.5 { cdf - p } else { (1.0 - p) - sf };
    (miss / (x * pdf)).abs()
}

/// Shapes from well below 1 to about 50.
/// statrs forms ln B from log-gammas, whose rounding grows with the shapes (for shapes in
/// the hundreds its own error reaches 1e-11); larger shapes are checked against closed
/// forms instead.
const SHAPES: [f64; 9] = [0.05, 0.2, 0.7, 1.3, 2.0, 3.6, 12.6, 26.0, 50.4];

#[test]
fn beta_against_statrs_over_a_grid_of_shapes() {
    let body = body();
    let mut worst_body = (0.0, 0.0, 0.0, 0.0);
    let mut worst_tail = (0.0, 0.0, 0.0, 0.0);
    for a in SHAPES {
        for b in SHAPES {
            let table = Inverse::new(Law::beta(a, b));
            let reference = SBeta::new(a, b).unwrap();
            let check = |p: f64| {
                let x = table.at(p);
                backward(x, p, reference.cdf(x), reference.sf(x), reference.pdf(x))
            };
            for &p in &body {
                // statrs' incomplete beta loses digits below about 1e-300.
                if table.at(p) < 1e-290 {
                    continue;
                }
                let e = check(p);
                if e > worst_body.0 {
                    worst_body = (e, a, b, p);
                }
            }
            for p in TAILS {
                if table.at(p) < 1e-290 {
                    continue;
                }
                let e = check(p);
                if e > worst_tail.0 {
                    worst_tail = (e, a, b, p);
                }
            }
        }
    }
    // statrs' own error reaches 6e-12 here: for beta(0.05, 12.6) at p = 0.98565814121400,
    // 45-digit arithmetic gives x = 0.069160805943617388, the table 0.069160805943617315
    // (1e-15 away), while statrs' CDF puts the quantile 6e-12 away. The 45-digit values
    // hold the tables to 1e-12 (`tables_against_45_digit_quantiles`).
    assert!(worst_body.0 <= 1e-11, "body: {worst_body:?}");
    assert!(worst_tail.0 <= 1e-11, "tails: {worst_tail:?}");
}

#[test]
fn gamma_against_statrs_over_a_grid_of_shapes() {
    let body = body();
    let mut worst_body = (0.0, 0.0, 0.0);
    let mut worst_tail = (0.0, 0.0, 0.0);
    for a in SHAPES {
        let table = Inverse::new(Law::Gamma { a });
        let reference = SGamma::new(a, 1.0).unwrap();
        let check = |p: f64| {
            let x = table.at(p);
            backward(x, p, reference.cdf(x), reference.sf(x), reference.pdf(x))
        };
        for &p in &body {
            if table.at(p) < 1e-290 {
                continue;
            }
            let e = check(p);
            if e > worst_body.0 {
                worst_body = (e, a, p);
            }
        }
        for p in TAILS {
            if table.at(p) < 1e-290 {
                continue;
            }
            let e = check(p);
            if e > worst_tail.0 {
                worst_tail = (e, a, p);
            }
        }
    }
    assert!(worst_body.0 <= 1e-12, "body: {worst_body:?}");
    assert!(worst_tail.0 <= 1e-12, "tails: {worst_tail:?}");
}

#[test]
fn large_gamma_shapes_are_as_precise_as_their_cdf() {
    // For large shapes P(a, x) carries the rounding of a ln x − x − ln Γ(a), terms of
    // order a ln a: about 1e-10 at a = 1e5, so x can be no more precise than that over
    // x f(x) (about √a / 2.5). Near the median, against the normal approximation with
    // Wilson and Hilferty's correction, whose own error is O(1/a).
    for a in [2000.0, 1e5] {
        let table = Inverse::new(Law::Gamma { a });
        let reference = SGamma::new(a, 1.0).unwrap();
        for p in [1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999] {
            let x = table.at(p);
            let e = backward(x, p, reference.cdf(x), reference.sf(x), reference.pdf(x));
            assert!(e <= 1e-11, "gamma({a}) at {p}: {e:e}");
        }
        // The median of gamma(a) is a − 1/3 + 8 / (405 a) + O(a^-2) (Choi 1994).
        let median = a - 1.0 / 3.0 + 8.0 / (405.0 * a);
        assert!(
            relative(table.at(0.5), median) <= 1.0 / (a * a) + 1e-12,
            "{a}"
        );
    }
}

#[test]
fn tables_are_small_and_exact_pieces_rare() {
    // The sizes behind the speed: a few hundred pieces for ordinary shapes, none of them
    // left to the exact solver.
    for law in [
        Law::beta(3.0, 5.0),
        Law::beta(12.6, 50.4),
        Law::beta(0.3, 2.0),
        Law::Gamma { a: 12.25 },
        Law::Gamma { a: 0.5 },
    ] {
        let (pieces, exact) = Inverse::new(law).size();
        eprintln!("{law:?}: {pieces} pieces, {exact} exact");
        assert!(pieces <= 4096 && exact == 0, "{law:?}: {pieces}, {exact}");
    }
}

/// Quantiles to 20 digits from 45-digit arithmetic (mpmath's `betainc` and `gammainc`,
/// Newton's method to 1e-40), at p = 1e-10 … 1 − 1e-10 for shapes 0.05 to 400:
/// kind, a, b, p, x.
const REFERENCE: &str = include_str!("quantiles.csv");

#[test]
fn tables_against_45_digit_quantiles() {
    let mut worst = (0.0, String::new());
    let mut rows = 0;
    let mut table: Option<(String, Inverse)> = None;
    for line in REFERENCE.lines() {
        let f: Vec<&str> = line.split(',').collect();
        let n = |i: usize| f[i].parse::<f64>().unwrap();
        let key = f[..3].join(",");
        if table.as_ref().is_none_or(|(k, _)| *k != key) {
            let law = match f[0] {
                "beta" => Law::beta(n(1), n(2)),
                _ => Law::Gamma { a: n(1) },
            };
            table = Some((key, Inverse::new(law)));
        }
        let e = relative(table.as_ref().unwrap().1.at(n(3)), n(4));
        if e > worst.0 {
            worst = (e, line.to_string());
        }
        rows += 1;
    }
    // 990 quantiles; the worst is about 4.5e-13 (beta(0.05, 2) at 1e-6).
    assert!(rows > 900);
    assert!(worst.0 <= 1e-12, "{worst:?}");
}
