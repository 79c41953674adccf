//! A penalised regression spline of one quantity (P-spline: Eilers & Marx 1996), with its
//! smoothness chosen by generalised cross-validation: the smoother behind every partial
//! value of information (`voi`).
//!
//! The regressor is the quantity's mid-rank in (0, 1), not its value. Conditioning on a
//! quantity is the same as conditioning on any one-to-one transform of it, and its ranks
//! are spread evenly, so equally spaced knots serve a skewed lognormal as well as a
//! uniform; tied values (a discrete quantity) share their mid-rank, so they share a
//! fitted value too. On the ranks sits a cubic B-spline basis over [`SEGMENTS`] equal
//! segments with a second-difference penalty on neighbouring coefficients. The penalty
//! leaves straight lines alone, so as it grows the fit tends to a linear regression on
//! the rank; GCV (Craven & Wahba 1979) picks its weight from a grid:
//!
//! ```text
//! GCV(λ) = m · RSS(λ) / (m − tr H(λ))²,   H(λ) = B (BᵀB + λ DᵀD)⁻¹ Bᵀ.
//! ```
//!
//! Every row of the basis has four non-zero entries, so BᵀB and Bᵀy cost O(m) and each λ
//! a solve of a (SEGMENTS + 3)-square system: a fit of 100,000 draws takes a few
//! milliseconds. This is the single-quantity method of Strong, Oakley & Brennan (2014,
//! Med Decis Making 34(3):311–326) with mgcv's thin-plate smoother replaced by its
//! close cousin, the P-spline.

use nalgebra::{Cholesky, DMatrix, DVector, Dyn};

/// Equal segments of the rank scale: 23 basis functions, as flexible as mgcv's default
/// smooth (10 basis functions) and then some, with the penalty keeping it honest.
pub const SEGMENTS: usize = 20;
/// Basis functions: segments + degree.
pub const BASIS: usize = SEGMENTS + 3;

/// log10 of the smallest and largest relative penalty weight tried, and the step.
const LOG_LAMBDA: (f64, f64, f64) = (-6.0, 8.0, 0.25);

/// The mid-ranks of `x` scaled into (0, 1): (rank − 1/2) / m, ties sharing their mean
/// rank. NaNs are ordered last (they cannot occur in checked draws).
pub fn mid_ranks(x: &[f64]) -> Vec<f64> {
    let m = x.len();
    let mut order: Vec<u32> = (0..m as u32).collect();
    order.sort_unstable_by(|&a, &b| x[a as usize].total_cmp(&x[b as usize]));
    let mut u = vec![0.0; m];
    let mut i = 0;
    while i < m {
        let mut j = i + 1;
        while j < m && x[order[j] as usize] == x[order[i] as usize] {
            j += 1;
        }
        // Ranks i+1 ..= j share (i + 1 + j) / 2; minus 1/2, over m.
        let r = ((i + j) as f64 / 2.0) / m as f64;
        for &k in &order[i..j] {
            u[k as usize] = r;
        }
        i = j;
    }
    u
}

/// The first basis function that is non-zero at `u` in [0, 1], and the four values there
/// (uniform cubic B-splines).
#[inline]
fn basis_at(u: f64) -> (usize, [f64; 4]) {
    let s = u * SEGMENTS as f64;
    let j = (s.floor().max(0.0) as usize).min(SEGMENTS - 1);
    let t = s - j as f64;
    let (t2, t3) = (t * t, t * t * t);
    let w = [
        (1.0 - t).powi(3) / 6.0,
        (3.0 * t3 - 6.0 * t2 + 4.0) / 6.0,
        (-3.0 * t3 + 3.0 * t2 + 3.0 * t + 1.0) / 6.0,
        t3 / 6.0,
    ];
    (j, w)
}

/// One smooth term: a quantity's ranks, their basis cross-products, and for each penalty
/// weight on the grid the factorised system and its degrees of freedom (none of which
/// depends on the response, so every fit on this term shares them).
#[derive(Debug, Clone)]
pub struct Term {
    u: Vec<f64>,
    gram: DMatrix<f64>,
    systems: Vec<(Cholesky<f64, Dyn>, f64)>,
}

impl Term {
    /// The term of a quantity with draws `x`; `None` when the draws are all equal (there
    /// is nothing to learn from a constant).
    pub fn new(x: &[f64]) -> Option<Term> {
        let first = *x.first()?;
        if x.iter().all(|&v| v == first) {
            return None;
        }
        let u = mid_ranks(x);
        let mut gram = DMatrix::zeros(BASIS, BASIS);
        for &ui in &u {
            let (j, w) = basis_at(ui);
            for a in 0..4 {
                for b in 0..4 {
                    gram[(j + a, j + b)] += w[a] * w[b];
                }
            }
        }
        let penalty: DMatrix<f64> = second_difference_penalty();
        let scale = gram.trace() / penalty.trace();
        let (lo, hi, step) = LOG_LAMBDA;
        let steps = ((hi - lo) / step).round() as usize;
        let systems = (0..=steps)
            .filter_map(|s| {
                let lambda = scale * 10f64.powf(lo + step * s as f64);
                let a: DMatrix<f64> = &gram + &penalty * lambda;
                let chol = a.cholesky()?;
                let edf = chol.solve(&gram).trace();
                Some((chol, edf))
            })
            .collect();
        Some(Term { u, gram, systems })
    }

    /// The number of draws.
    pub fn len(&self) -> usize {
        self.u.len()
    }

    /// True if there are no draws.
    pub fn is_empty(&self) -> bool {
        self.u.is_empty()
    }

    /// Fits `y` on this term with the GCV-chosen penalty, writing the fitted values to
    /// `fitted`. Returns the effective degrees of freedom of the chosen fit.
    pub fn fit(&self, y: &[f64], fitted: &mut [f64]) -> f64 {
        let m = self.u.len();
        debug_assert_eq!(y.len(), m);
        let mean = y.iter().sum::<f64>() / m as f64;
        let mut by = DVector::zeros(BASIS);
        let mut yy = 0.0;
        for (&ui, &yi) in self.u.iter().zip(y) {
            let (j, w) = basis_at(ui);
            let r = yi - mean;
            for a in 0..4 {
                by[j + a] += w[a] * r;
            }
            yy += r * r;
        }
        let mut best: Option<(f64, DVector<f64>, f64)> = None;
        for (chol, edf) in &self.systems {
            let (beta, edf) = (chol.solve(&by), *edf);
            let rss = (yy - 2.0 * beta.dot(&by) + (&self.gram * &beta).dot(&beta)).max(0.0);
            let denom = m as f64 - edf;
            if denom <= 0.0 {
                continue;
            }
            let gcv = m as f64 * rss / (denom * denom);
            if best.as_ref().is_none_or(|(g, ..)| gcv < *g) {
                best = Some((gcv, beta, edf));
            }
        }
        let Some((_, beta, edf)) = best else {
            fitted.fill(mean);
            return 1.0;
        };
        for (f, &ui) in fitted.iter_mut().zip(&self.u) {
            let (j, w) = basis_at(ui);
            *f = mean + (0..4).map(|a| w[a] * beta[j + a]).sum::<f64>();
        }
        edf
    }
}

/// DᵀD for second differences of the coefficients.
fn second_difference_penalty() -> DMatrix<f64> {
    let mut d = DMatrix::zeros(BASIS - 2, BASIS);
    for i in 0..BASIS - 2 {
        d[(i, i)] = 1.0;
        d[(i, i + 1)] = -2.0;
        d[(i, i + 2)] = 1.0;
    }
    d.transpose() * d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_ranks_share_ties() {
        let u = mid_ranks(&[3.0, 1.0, 2.0, 2.0]);
        // Ranks 4, 1, 2.5, 2.5; minus 1/2, over 4.
        assert_eq!(u, vec![3.5 / 4.0, 0.5 / 4.0, 2.0 / 4.0, 2.0 / 4.0]);
    }

    #[test]
    fn basis_is_a_partition_of_unity() {
        for &u in &[0.0, 0.013, 0.5, 0.77, 1.0] {
            let (_, w) = basis_at(u);
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!(w.iter().all(|&x| x >= 0.0));
        }
    }

    #[test]
    fn a_smooth_curve_is_recovered_and_noise_is_not_fitted() {
        // y = sin(2π u) + noise with sd 0.3, u evenly spread: the fit should sit close to
        // sin(2π u) (mean squared error well under the noise variance 0.09).
        let m = 5000;
        let x: Vec<f64> = (0..m).map(|i| (i as f64 + 0.5) / m as f64).collect();
        // A fixed pseudo-random noise: a scrambled sequence of the draw index.
        let noise = |i: usize| {
            let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
            ((h as f64) / (1u64 << 53) as f64 - 0.5) * 0.3 * 12f64.sqrt()
        };
        let truth: Vec<f64> = x
            .iter()
            .map(|&u| (2.0 * std::f64::consts::PI * u).sin())
            .collect();
        let y: Vec<f64> = truth
            .iter()
            .enumerate()
            .map(|(i, t)| t + noise(i))
            .collect();
        let term = Term::new(&x).unwrap();
        let mut fit = vec![0.0; m];
        let edf = term.fit(&y, &mut fit);
        let mse: f64 = fit
            .iter()
            .zip(&truth)
            .map(|(f, t)| (f - t).powi(2))
            .sum::<f64>()
            / m as f64;
        assert!(mse < 0.005, "mse {mse}");
        assert!(edf > 3.0 && edf < 20.0, "edf {edf}");
        // Pure noise: the fit is (nearly) flat, a line at most.
        let y: Vec<f64> = (0..m).map(noise).collect();
        term.fit(&y, &mut fit);
        let spread = fit.iter().map(|f| f.abs()).fold(0.0, f64::max);
        assert!(spread < 0.05, "spread {spread}");
    }

    #[test]
    fn a_constant_quantity_has_no_term() {
        assert!(Term::new(&[2.0, 2.0, 2.0]).is_none());
        assert!(Term::new(&[]).is_none());
    }
}
