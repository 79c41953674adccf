//! Numeric quantiles where no closed form exists: the standard normal, and beta and gamma
//! solved by Newton's method inside a bracket, on scales that keep tail quantiles precise.

use std::f64::consts::SQRT_2;

use statrs::function::beta::{checked_beta_reg, ln_beta};
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::{checked_gamma_lr, ln_gamma};

/// Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the lower tail.
pub(super) fn std_normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / SQRT_2)
}

/// Phi^-1(p) = -sqrt 2 erfc^-1(2p), accurate for small p.
pub(super) fn std_normal_inv(p: f64) -> f64 {
    -SQRT_2 * erfc_inv(2.0 * p)
}

/// The p-quantile of beta(a, b), solved for y = logit x so that quantiles near 0 or 1 keep
/// their relative precision (statrs' `inv_beta_reg` goes wrong for shapes well below 1).
pub(super) fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    let ln_b = ln_beta(a, b);
    let x = |y: f64| 1.0 / (1.0 + (-y).exp());
    // ln x = -softplus(-y), ln(1 - x) = -softplus(y), so dF/dy = x^a (1 - x)^b / B(a, b).
    let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
    let cdf = |y: f64| checked_beta_reg(a, b, x(y)).unwrap_or(f64::NAN);
    let slope = |y: f64| (-a * softplus(-y) - b * softplus(y) - ln_b).exp();
    x(invert(p, (a / b).ln(), cdf, slope))
}

/// The p-quantile of gamma(shape a, scale 1), solved for y = ln x.
pub(super) fn gamma_quantile(a: f64, p: f64) -> f64 {
    let ln_ga = ln_gamma(a);
    let cdf = |y: f64| checked_gamma_lr(a, y.exp()).unwrap_or(f64::NAN);
    // dF/dy = x f(x) = x^a e^-x / Gamma(a).
    let slope = |y: f64| (a * y - y.exp() - ln_ga).exp();
    invert(p, a.ln(), cdf, slope).exp()
}

/// Solves cdf(y) = p for y, cdf increasing with derivative `slope`, starting at `y0`: a
/// bracket grown outwards in doubling steps, then Newton's method, falling back to
/// bisection whenever a step would leave the bracket. y stays within ±700, where e^y and
/// the logistic function are finite and positive.
pub(super) fn invert(p: f64, y0: f64, cdf: impl Fn(f64) -> f64, slope: impl Fn(f64) -> f64) -> f64 {
    const LIMIT: f64 = 700.0;
    let y0 = y0.clamp(-LIMIT, LIMIT);
    let (mut lo, mut hi, mut step) = (y0, y0, 1.0);
    while lo > -LIMIT && cdf(lo) > p {
        (lo, step) = ((lo - step).max(-LIMIT), step * 2.0);
    }
    step = 1.0;
    while hi < LIMIT && cdf(hi) < p {
        (hi, step) = ((hi + step).min(LIMIT), step * 2.0);
    }
    let mut y = 0.5 * (lo + hi);
    for _ in 0..200 {
        let f = cdf(y) - p;
        if f == 0.0 || f.is_nan() {
            return y;
        }
        (lo, hi) = if f > 0.0 { (lo, y) } else { (y, hi) };
        let mut next = y - f / slope(y);
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        // After a Newton step this small the error is far smaller still (quadratic
        // convergence); a bisection step this small means the bracket is that narrow.
        if (next - y).abs() <= 1e-11 * y.abs().max(1.0) {
            return next;
        }
        y = next;
    }
    y
}
