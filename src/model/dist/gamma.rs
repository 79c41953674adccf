//! The constants of the exact gamma and beta samplers, computed once when a model is
//! checked; the drawing itself is in `sample::draw`.

/// Gamma(shape, 1), by Marsaglia and Tsang's method.
#[derive(Debug, Clone)]
pub(crate) struct Gamma {
    /// Marsaglia and Tsang's d = a − 1/3 and c = 1 / sqrt(9 d), for a = max(shape, shape + 1).
    pub(crate) d: f64,
    pub(crate) c: f64,
    /// 1 / shape when the shape is below 1 (the boost), else none.
    pub(crate) boost: Option<f64>,
}

impl Gamma {
    /// A sampler for gamma(shape, 1), shape > 0.
    pub(crate) fn new(shape: f64) -> Gamma {
        let a = if shape < 1.0 { shape + 1.0 } else { shape };
        let d = a - 1.0 / 3.0;
        Gamma {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            boost: (shape < 1.0).then(|| 1.0 / shape),
        }
    }
}

/// Beta(alpha, beta) on [0, 1], as X / (X + Y) with X ~ G(alpha) and Y ~ G(beta).
#[derive(Debug, Clone)]
pub(crate) struct Beta {
    pub(crate) x: Gamma,
    pub(crate) y: Gamma,
    /// Form the ratio from logarithms (a shape below 1: the gammas may underflow).
    pub(crate) logs: bool,
}

impl Beta {
    /// A sampler for beta(alpha, beta), both > 0.
    pub(crate) fn new(alpha: f64, beta: f64) -> Beta {
        Beta {
            x: Gamma::new(alpha),
            y: Gamma::new(beta),
            logs: alpha < 1.0 || beta < 1.0,
        }
    }
}
