//! Numeric quantiles where no closed form exists: the standard normal, and beta and gamma
//! solved exactly by Newton's method inside a bracket, on scales that keep tail quantiles
//! precise (the tables of `inverse` are built from these, and fall back on them).
//! Every logarithm and exponential is `libm`'s, so a quantile is the same on every machine.

use std::f64::consts::SQRT_2;

use super::incomplete::{beta_reg_given, gamma_pq_given, ln_beta, ln_gamma};

/// Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the lower tail.
pub(crate) fn std_normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / SQRT_2)
}

/// Phi^-1(p) by Wichura's algorithm AS 241 (PPND16, Applied Statistics 37:477, 1988):
/// rational approximations accurate to about 1 part in 10^16, and accurate for small p.
/// About four times faster than going through statrs' inverse erfc, and it sits in the
/// sampling loop of every normal and lognormal quantity.
// The coefficients keep the published digits, so they can be checked against the paper.
#[allow(clippy::excessive_precision)]
pub(crate) fn std_normal_inv(p: f64) -> f64 {
    // Coefficients from the highest power down, as published.
    const A: [f64; 8] = [
        2509.0809287301226727,
        33430.575583588128105,
        67265.770927008700853,
        45921.953931549871457,
        13731.693765509461125,
        1971.5909503065514427,
        133.14166789178437745,
        3.387132872796366608,
    ];
    const B: [f64; 8] = [
        5226.495278852545925,
        28729.085735721942674,
        39307.89580009271061,
        21213.794301586595867,
        5394.1960214247511077,
        687.1870074920579083,
        42.313330701600911252,
        1.0,
    ];
    const C: [f64; 8] = [
        7.7454501427834140764e-4,
        0.0227238449892691845833,
        0.24178072517745061177,
        1.27045825245236838258,
        3.64784832476320460504,
        5.7694972214606914055,
        4.6303378461565452959,
        1.42343711074968357734,
    ];
    const D: [f64; 8] = [
        1.05075007164441684324e-9,
        5.475938084995344946e-4,
        0.0151986665636164571966,
        0.14810397642748007459,
        0.68976733498510000455,
        1.6763848301838038494,
        2.05319162663775882187,
        1.0,
    ];
    const E: [f64; 8] = [
        2.01033439929228813265e-7,
        2.71155556874348757815e-5,
        0.0012426609473880784386,
        0.026532189526576123093,
        0.29656057182850489123,
        1.7848265399172913358,
        5.4637849111641143699,
        6.6579046435011037772,
    ];
    const F: [f64; 8] = [
        2.04426310338993978564e-15,
        1.4215117583164458887e-7,
        1.8463183175100546818e-5,
        7.868691311456132591e-4,
        0.0148753612908506148525,
        0.13692988092273580531,
        0.59983220655588793769,
        1.0,
    ];
    let horner = |c: &[f64; 8], x: f64| c.iter().fold(0.0, |acc, &k| acc * x + k);
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * horner(&A, r) / horner(&B, r);
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    if tail <= 0.0 {
        return if q < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let r = (-libm::log(tail)).sqrt();
    let value = if r <= 5.0 {
        horner(&C, r - 1.6) / horner(&D, r - 1.6)
    } else {
        horner(&E, r - 5.0) / horner(&F, r - 5.0)
    };
    if q < 0.0 { -value } else { value }
}

/// The exact p-quantile x of beta(a, b), with 1 − x, both to full relative precision:
/// where the quantile lies at or below 1/2 (p <= `half`, which is I_½(a, b)) x is solved
/// for directly; above, 1 − x is the (1 − p)-quantile of beta(b, a)
/// (I_x(a, b) = 1 − I_{1−x}(b, a)), so that whichever of x and 1 − x is small keeps its
/// digits. Solved for y = logit x, which keeps the relative precision of quantiles near 0.
/// `guess`, if given, is an x believed close, to start from.
pub(super) fn beta_quantile(a: f64, b: f64, p: f64, half: f64, guess: Option<f64>) -> (f64, f64) {
    let usable = |g: f64| g > 0.0 && g < 1.0;
    let q = 1.0 - p;
    if p > half {
        let guess = guess.map(|g| 1.0 - g).filter(|&g| usable(g));
        let (xc, x) = beta_lower(b, a, (q, p), guess);
        return (x, xc);
    }
    beta_lower(a, b, (p, q), guess.filter(|&g| usable(g)))
}

/// [`beta_quantile`] for a quantile at or below 1/2, given p and 1 − p (whichever is at
/// most 1/2 exact): solved against I_x(a, b) = p, or, for p above 1/2, against
/// I_{1−x}(b, a) = 1 − p, which keeps the digits of upper-tail probabilities.
fn beta_lower(a: f64, b: f64, (p, q): (f64, f64), guess: Option<f64>) -> (f64, f64) {
    let ln_b = ln_beta(a, b);
    let x = |y: f64| 1.0 / (1.0 + libm::exp(-y));
    let upper = p > 0.5;
    let excess_and_slope = |y: f64| {
        let excess = match upper {
            true => q - beta_reg_given(b, a, x(-y), x(y), ln_b),
            false => beta_reg_given(a, b, x(y), x(-y), ln_b) - p,
        };
        // ln x = −softplus(−y) and ln(1 − x) = −softplus(y), where
        // softplus(t) = max(t, 0) + ln(1 + e^−|t|), so dF/dy = x^a (1 − x)^b / B(a, b).
        let tail = libm::log1p(libm::exp(-y.abs()));
        let (softplus_neg, softplus) = ((-y).max(0.0) + tail, y.max(0.0) + tail);
        (excess, libm::exp(-a * softplus_neg - b * softplus - ln_b))
    };
    let start = match guess {
        Some(g) => libm::log(g) - libm::log1p(-g),
        None => libm::log(a / b),
    };
    let y = invert(excess_and_slope, start);
    (x(y), x(-y))
}

/// The exact p-quantile of gamma(shape a, scale 1), solved for y = ln x: against P(a, x)
/// for p <= 1/2, against Q(a, x) = 1 − p above, so that upper-tail quantiles keep their
/// precision. `guess`, if given, is an x believed close, to start from.
pub(super) fn gamma_quantile(a: f64, p: f64, guess: Option<f64>) -> f64 {
    let ln_ga = ln_gamma(a);
    let upper = p > 0.5;
    let excess_and_slope = |y: f64| {
        let x = libm::exp(y);
        let (lower, q) = gamma_pq_given(a, x, ln_ga);
        let excess = if upper { (1.0 - p) - q } else { lower - p };
        // dF/dy = x f(x) = x^a e^-x / Gamma(a).
        (excess, libm::exp(a * y - x - ln_ga))
    };
    let start = match guess.filter(|&g| g > 0.0 && g.is_finite()) {
        Some(g) => libm::log(g),
        None => libm::log(a),
    };
    libm::exp(invert(excess_and_slope, start))
}

/// Solves excess(y) = 0 for y, `excess` increasing with derivative `slope`, both given by
/// `excess_and_slope` (which can share their work), by Newton's method from `y0` with a
/// bracket kept as it goes: while the root's side is unbounded a step that would leave
/// the bracket becomes a step outwards, doubling each time; once both sides are known, a
/// bisection. y stays within ±700, where e^y and the logistic function are finite and
/// positive. From a close start this takes two evaluations.
pub(super) fn invert(excess_and_slope: impl Fn(f64) -> (f64, f64), y0: f64) -> f64 {
    const LIMIT: f64 = 700.0;
    let mut y = y0.clamp(-LIMIT, LIMIT);
    let (mut lo, mut hi, mut far) = (-LIMIT, LIMIT, 1.0);
    for _ in 0..400 {
        let (f, slope) = excess_and_slope(y);
        if f == 0.0 || f.is_nan() {
            return y;
        }
        (lo, hi) = if f > 0.0 { (lo, y) } else { (y, hi) };
        let mut next = y - f / slope;
        if !(next > lo && next < hi) {
            next = if f > 0.0 && lo == -LIMIT {
                (y - far).max(-LIMIT)
            } else if f < 0.0 && hi == LIMIT {
                (y + far).min(LIMIT)
            } else {
                0.5 * (lo + hi)
            };
            far *= 2.0;
        }
        // After a Newton step this small the error is far smaller still (quadratic
        // convergence); a bisection step this small means the bracket is that narrow.
        if (next - y).abs() <= 2e-15 * y.abs().max(1.0) {
            return next;
        }
        y = next;
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::function::erf::erfc_inv;

    #[test]
    fn as241_agrees_with_the_inverse_erfc_everywhere() {
        // Across the body and far into both tails, on a log scale towards each end.
        let mut ps: Vec<f64> = (1..1000).map(|i| i as f64 / 1000.0).collect();
        ps.extend((1..300).map(|k| 10f64.powf(-(k as f64) / 10.0)));
        for p in ps {
            let reference = -SQRT_2 * erfc_inv(2.0 * p);
            let z = std_normal_inv(p);
            assert!(
                (z - reference).abs() <= 1e-13 * reference.abs().max(1.0),
                "p = {p}: {z} vs {reference}"
            );
            if p <= 0.5 && p > 1e-15 {
                // Symmetry: 1 − p rounds, so compare with the quantile of what 1 − (1 − p) is.
                let lower = -SQRT_2 * erfc_inv(2.0 * (1.0 - (1.0 - p)));
                let upper = std_normal_inv(1.0 - p);
                assert!(
                    (upper + lower).abs() <= 1e-13 * lower.abs().max(1.0),
                    "1 - {p}: {upper}"
                );
            }
        }
    }

    #[test]
    fn as241_known_values() {
        // Standard normal quantiles from published tables.
        assert!((std_normal_inv(0.975) - 1.959963984540054).abs() < 1e-15);
        assert!((std_normal_inv(0.5)).abs() < 1e-300);
        assert!((std_normal_inv(0.05) + 1.6448536269514729).abs() < 1e-15);
        assert!((std_normal_inv(1e-10) + 6.361340902404056).abs() < 1e-13);
        assert_eq!(std_normal_inv(0.0), f64::NEG_INFINITY);
        assert_eq!(std_normal_inv(1.0), f64::INFINITY);
    }
}
