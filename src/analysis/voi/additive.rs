//! An additive model of several smooth terms, fitted by backfitting (Hastie & Tibshirani,
//! Generalized Additive Models, 1990, ch. 4): the regression behind the partial value of
//! information of a group of quantities (`voi`).
//!
//! Each pass refits every term, in turn, to what the others leave unexplained, with that
//! term's own penalty chosen by GCV (`super::spline`), until the fit stops moving. The cost
//! is O(m) per term per pass whatever the number of terms, so a group of five, ten or
//! thirty quantities costs little more than one quantity per member. The packages that
//! estimate these values from draws (R's voi and BCEA) use a GAM for up to four
//! quantities and a Gaussian process or INLA above that, both O(m³) or worse; an additive
//! model holds up at any size but misses interactions between the members.
//!
//! The interaction that matters most in an SROI model is known: an outcome's value is a
//! product (quantity × proxy × (1 − deadweight) × …). So the caller may add one more term,
//! an index built from the model itself (the net benefit with the group at its draws and
//! everything else at its base value, see `voi`), which carries the product; the
//! additive terms then correct it wherever the index alone falls short.

use super::spline::Term;

/// Passes at most; a pass moves the fit by less than this share of the response's
/// variance and the fit has converged.
/// The members of a group are drawn independently, so among themselves they converge in
/// a pass or two; only the index (which the caller puts first) overlaps them.
const MAX_PASSES: usize = 20;
const TOLERANCE: f64 = 1e-6;

/// Fits `y` by an additive model of `terms`, writing the fitted values to `fitted`.
pub fn fit_additive(terms: &[&Term], y: &[f64], fitted: &mut [f64]) {
    let m = y.len();
    let mean = y.iter().sum::<f64>() / m as f64;
    if terms.len() == 1 {
        terms[0].fit(y, fitted);
        return;
    }
    let variance = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / m as f64;
    let mut parts = vec![vec![0.0; m]; terms.len()];
    let mut total = vec![0.0; m];
    let mut residual = vec![0.0; m];
    let mut new = vec![0.0; m];
    for _ in 0..MAX_PASSES {
        let mut moved = 0.0;
        for (term, part) in terms.iter().zip(parts.iter_mut()) {
            for i in 0..m {
                residual[i] = y[i] - mean - (total[i] - part[i]);
            }
            term.fit(&residual, &mut new);
            let centre = new.iter().sum::<f64>() / m as f64;
            for i in 0..m {
                let v = new[i] - centre;
                moved += (v - part[i]).powi(2);
                total[i] += v - part[i];
                part[i] = v;
            }
        }
        if moved / m as f64 <= TOLERANCE * variance {
            break;
        }
    }
    for (f, t) in fitted.iter_mut().zip(&total) {
        *f = mean + t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_sum_of_smooth_functions() {
        // y = a² + sin(3b) on a 60×60 grid: additive, so the fit should be close.
        let n = 60;
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for i in 0..n {
            for j in 0..n {
                a.push(i as f64 / n as f64);
                b.push(((j * 37) % n) as f64 / n as f64);
            }
        }
        let truth: Vec<f64> = a
            .iter()
            .zip(&b)
            .map(|(x, z)| x * x + (3.0 * z).sin())
            .collect();
        let (ta, tb) = (Term::new(&a).unwrap(), Term::new(&b).unwrap());
        let mut fit = vec![0.0; truth.len()];
        fit_additive(&[&ta, &tb], &truth, &mut fit);
        let worst = fit
            .iter()
            .zip(&truth)
            .map(|(f, t)| (f - t).abs())
            .fold(0.0, f64::max);
        assert!(worst < 0.01, "worst error {worst}");
    }
}
