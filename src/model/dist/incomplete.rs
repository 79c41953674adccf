//! The regularised incomplete beta and gamma functions, the CDFs behind the beta, PERT and
//! gamma quantiles, with every logarithm, exponential and log-gamma from `libm` (pure
//! Rust): the platform's maths library can differ in its last bit between systems, and a
//! quantile printed to full precision (sensitivity's 5th and 95th percentiles) must not.
//!
//! The algorithms are those of statrs 0.19 (MIT), which this replaces: Lentz's continued
//! fraction for I_x(a, b) (Press et al., *Numerical Recipes*, 3rd ed., §6.4, `betacf`), and
//! Cephes' series and continued fraction for P(a, x) (Moshier, `igam`/`igamc`).

/// ln Γ(x), x > 0.
pub(super) fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). When a shape is 10 or more, the
/// log-gammas of the larger shape and of the sum (nearly equal) are not subtracted:
/// Stirling's series is taken apart and the difference formed from log1p, as in R's
/// `lbeta`, which keeps ln B (and so the incomplete beta) precise for shapes in the
/// thousands.
pub(super) fn ln_beta(a: f64, b: f64) -> f64 {
    let (p, q) = (a.min(b), a.max(b));
    let ln_2pi_half = 0.918_938_533_204_672_8;
    if p >= 10.0 {
        let corr = stirling_rest(p) + stirling_rest(q) - stirling_rest(p + q);
        -0.5 * libm::log(q)
            + ln_2pi_half
            + corr
            + (p - 0.5) * libm::log(p / (p + q))
            + q * libm::log1p(-p / (p + q))
    } else if q >= 10.0 {
        let corr = stirling_rest(q) - stirling_rest(p + q);
        ln_gamma(p) + corr + p - p * libm::log(p + q) + (q - 0.5) * libm::log1p(-p / (p + q))
    } else {
        ln_gamma(p) + ln_gamma(q) - ln_gamma(p + q)
    }
}

/// ln Γ(x) − ((x − ½) ln x − x + ½ ln 2π) for x >= 10, by Stirling's series (DLMF
/// 5.11.1) to the x⁻¹¹ term: the next is below 1e-15 at x = 10.
fn stirling_rest(x: f64) -> f64 {
    let r = 1.0 / (x * x);
    (1.0 / 12.0
        - r * (1.0 / 360.0
            - r * (1.0 / 1260.0 - r * (1.0 / 1680.0 - r * (1.0 / 1188.0 - r * 691.0 / 360_360.0)))))
        / x
}

/// I_x(a, b), the regularised incomplete beta function: the CDF of beta(a, b) at x.
/// NaN unless a, b > 0 and 0 <= x <= 1.
pub(super) fn beta_reg(a: f64, b: f64, x: f64) -> f64 {
    beta_reg2(a, b, x, 1.0 - x)
}

/// I_x(a, b) given x and xc = 1 − x, each to full precision (so that values of x near 1
/// keep theirs). NaN unless a, b > 0 and 0 <= x <= 1.
pub(super) fn beta_reg2(a: f64, b: f64, x: f64, xc: f64) -> f64 {
    beta_reg_given(a, b, x, xc, ln_beta(a, b))
}

/// [`beta_reg2`] given `ln_b` = `ln_beta(a, b)` (the same for b, a), for a caller that
/// evaluates many x of one distribution.
pub(super) fn beta_reg_given(a: f64, b: f64, x: f64, xc: f64, ln_b: f64) -> f64 {
    if !(a > 0.0 && b > 0.0 && (0.0..=1.0).contains(&x)) {
        return f64::NAN;
    }
    let (ln_x, ln_xc) = match x < 0.5 {
        true => (libm::log(x), libm::log1p(-x)),
        false => (libm::log1p(-xc), libm::log(xc)),
    };
    let front = if x == 0.0 || xc <= 0.0 {
        0.0
    } else {
        libm::exp(-ln_b + a * ln_x + b * ln_xc)
    };
    // The fraction converges fast below the mean-ish point; above it, use
    // I_x(a, b) = 1 − I_{1−x}(b, a).
    let swap = x >= (a + 1.0) / (a + b + 2.0);
    let (a, b, x) = if swap { (b, a, xc) } else { (a, b, x) };
    let tiny = f64::MIN_POSITIVE / f64::EPSILON;
    let guard = |v: f64| if v.abs() < tiny { tiny } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    // The fraction takes about √max(a, b) steps to converge (Press et al. §6.4): some
    // 10,000 for the largest shapes allowed (1e8).
    for m in 1..100_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        // The even step, then the odd step, of the continued fraction.
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + aa * d);
        c = guard(1.0 + aa / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() <= f64::EPSILON / 2.0 {
            break;
        }
    }
    if swap {
        1.0 - front * h / a
    } else {
        front * h / a
    }
}

/// The most terms of the series for P(a, x).
const SERIES_TERMS: u32 = 1_000_000;

/// P(a, x), the regularised lower incomplete gamma function: the CDF of gamma(shape a,
/// scale 1) at x. NaN unless a > 0 and x >= 0.
pub(super) fn gamma_lr(a: f64, x: f64) -> f64 {
    gamma_pq(a, x).0
}

/// P(a, x) and Q(a, x) = 1 − P(a, x), each computed where it keeps its digits: Q from
/// its continued fraction when x > max(a, 1) (so upper-tail probabilities far below 1e-16
/// stay exact), P from its series otherwise. NaN unless a > 0 and x >= 0.
pub(super) fn gamma_pq(a: f64, x: f64) -> (f64, f64) {
    gamma_pq_given(a, x, ln_gamma(a))
}

/// [`gamma_pq`] given `ln_ga` = `ln_gamma(a)`, for a caller that evaluates many x of one
/// distribution.
pub(super) fn gamma_pq_given(a: f64, x: f64, ln_ga: f64) -> (f64, f64) {
    if !(a > 0.0 && a.is_finite() && x >= 0.0) {
        return (f64::NAN, f64::NAN);
    }
    if x == 0.0 {
        return (0.0, 1.0);
    }
    if x == f64::INFINITY {
        return (1.0, 0.0);
    }
    const EPS: f64 = 1e-15;
    const BIG: f64 = 4503599627370496.0;
    const BIG_INV: f64 = 2.220446049250313e-16;
    let ax = a * libm::log(x) - x - ln_ga;
    if ax < -709.782712893384 {
        return if a < x { (1.0, 0.0) } else { (0.0, 1.0) };
    }
    if x <= 1.0 || x <= a {
        // The series x^a e^-x / Γ(a + 1) · Σ x^k / ((a + 1) … (a + k)).
        // The terms fall at least as fast as exp(−k² / 2a) once x <= a, so about 8.4 √a
        // terms reach EPS; shapes are at most MAX_SHAPE (1e8: some 84,000 terms), and the
        // cap stops the loop even if they were not (r += 1 stops changing r past 2^53).
        let (mut r, mut term, mut sum) = (a, 1.0, 1.0);
        for _ in 0..SERIES_TERMS {
            r += 1.0;
            term *= x / r;
            sum += term;
            if term / sum <= EPS {
                break;
            }
        }
        let p = libm::exp(ax) * sum / a;
        return (p, 1.0 - p);
    }
    // The continued fraction for Q(a, x) = 1 − P(a, x).
    let mut y = 1.0 - a;
    let mut z = x + y + 1.0;
    let mut c = 0.0;
    let (mut p3, mut q3) = (1.0, x);
    let (mut p2, mut q2) = (x + 1.0, z * x);
    let mut ans = p2 / q2;
    for _ in 0..10_000 {
        y += 1.0;
        z += 2.0;
        c += 1.0;
        let yc = y * c;
        let p = p2 * z - p3 * yc;
        let q = q2 * z - q3 * yc;
        (p3, p2, q3, q2) = (p2, p, q2, q);
        if p.abs() > BIG {
            p3 *= BIG_INV;
            p2 *= BIG_INV;
            q3 *= BIG_INV;
            q2 *= BIG_INV;
        }
        if q != 0.0 {
            let next = p / q;
            let error = ((ans - next) / next).abs();
            ans = next;
            if error <= EPS {
                break;
            }
        }
    }
    let q = libm::exp(ax) * ans;
    (1.0 - q, q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() <= tol * b.abs().max(1e-300), "{a} != {b}");
    }

    #[test]
    fn closed_forms() {
        // I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b; I_x(2, 2) = x²(3 − 2x).
        for &x in &[1e-6, 0.01, 0.3, 0.5, 0.77, 0.999] {
            close(beta_reg(2.5, 1.0, x), libm::pow(x, 2.5), 1e-13);
            // 1 − (1 − x)³, written so that small x keeps its digits.
            let one_minus = -libm::expm1(3.0 * libm::log1p(-x));
            close(beta_reg(1.0, 3.0, x), one_minus, 1e-13);
            close(beta_reg(2.0, 2.0, x), x * x * (3.0 - 2.0 * x), 1e-13);
        }
        // P(1, x) = 1 − e^-x; P(2, x) = 1 − (1 + x) e^-x (which loses its digits to
        // cancellation for small x, so only from 0.1; P(2, 1e-8) ≈ x²/2).
        for &x in &[1e-8, 0.1, 1.0, 2.5, 10.0, 40.0] {
            close(gamma_lr(1.0, x), -libm::expm1(-x), 1e-13);
        }
        for &x in &[0.1, 1.0, 2.5, 10.0, 40.0] {
            close(gamma_lr(2.0, x), 1.0 - (1.0 + x) * libm::exp(-x), 1e-12);
        }
        close(
            gamma_lr(2.0, 1e-8),
            0.5e-16 * (1.0 - 2.0 / 3.0 * 1e-8),
            1e-12,
        );
        // P(1/2, x) = erf(√x).
        for &x in &[1e-6, 0.2, 1.0, 3.0, 9.0] {
            close(gamma_lr(0.5, x), libm::erf(x.sqrt()), 1e-13);
        }
        assert!(beta_reg(0.0, 1.0, 0.5).is_nan());
        assert_eq!(beta_reg(2.0, 3.0, 0.0), 0.0);
        assert_eq!(beta_reg(2.0, 3.0, 1.0), 1.0);
        assert_eq!(gamma_lr(3.0, 0.0), 0.0);
        close(ln_beta(2.0, 3.0), (1.0f64 / 12.0).ln(), 1e-14);
        // B(a, 1) = 1 / a; B(m, n) = 1 / ((m + n − 1) C(m + n − 2, m − 1)), and
        // C(28, 9) = 6,906,900, C(2998, 9) = 1.0469e25 (enough digits for 1e-14 in ln).
        close(ln_beta(3000.0, 1.0), -(3000f64.ln()), 1e-15);
        close(
            ln_beta(0.5, 4000.0),
            ln_gamma(0.5) + ln_gamma(4000.0) - ln_gamma(4000.5),
            1e-12,
        );
        close(ln_beta(10.0, 20.0), -((29.0 * 6_906_900.0f64).ln()), 1e-15);
    }

    #[test]
    fn huge_shapes_return() {
        // P(a, a) = 1/2 + 1 / (3 √(2πa)) + O(a^-3/2) (Temme; DLMF 8.12): for a = 1e6
        // the neglected term is about 1e-9.
        let a = 1e6;
        let expected = 0.5 + 1.0 / (3.0 * (2.0 * std::f64::consts::PI * a).sqrt());
        close(gamma_lr(a, a), expected, 1e-8);
        // Past 2^53 `r += 1` changes nothing; the series used to loop for ever here.
        let p = gamma_lr(1e17, 1e17);
        assert!(p.is_nan() || (0.0..=1.0).contains(&p));
    }
}
