//! Exact gamma and beta sampling with arithmetic that is the same on every machine.
//!
//! Gamma by Marsaglia and Tsang's method (ACM TOMS 26:363, 2000) from a ziggurat normal:
//! when the first try is accepted (about 98% of draws for shapes of 1 or more) the draw is
//! a monotone function of a normal number that does not depend on the shape, so a scenario
//! that changes the shape moves each draw smoothly rather than reshuffling it (common
//! random numbers). Shapes below 1 use their boost, G(a) = G(a + 1) · U^(1/a), taken in
//! logarithms where tiny shapes would underflow. Beta(a, b) is X / (X + Y) with X ~ G(a)
//! and Y ~ G(b), formed from logarithms when a shape is below 1.
//!
//! Every logarithm, exponential and power here is `libm`'s, in pure Rust: the platform's
//! maths library (whose last bit can differ between systems, and even between code paths
//! chosen by the processor) never touches a draw.

use super::ziggurat::{Tables, tables};
use crate::rng::DrawRng;

/// Gamma(shape, 1).
#[derive(Debug, Clone)]
pub(super) struct Gamma {
    /// Marsaglia and Tsang's d = a − 1/3 and c = 1 / sqrt(9 d), for a = max(shape, shape + 1).
    d: f64,
    c: f64,
    /// 1 / shape when the shape is below 1 (the boost), else none.
    boost: Option<f64>,
    normal: &'static Tables,
}

impl Gamma {
    /// A sampler for gamma(shape, 1), shape > 0.
    pub(super) fn new(shape: f64) -> Gamma {
        let a = if shape < 1.0 { shape + 1.0 } else { shape };
        let d = a - 1.0 / 3.0;
        Gamma {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            boost: (shape < 1.0).then(|| 1.0 / shape),
            normal: tables(),
        }
    }

    /// One draw.
    #[inline]
    pub(super) fn sample(&self, rng: &mut DrawRng) -> f64 {
        let g = self.marsaglia_tsang(rng);
        match self.boost {
            None => g,
            Some(inv) => g * libm::pow(rng.open01(), inv),
        }
    }

    /// The logarithm of one draw (never underflows, however small the shape).
    #[inline]
    pub(super) fn ln_sample(&self, rng: &mut DrawRng) -> f64 {
        let ln = libm::log(self.marsaglia_tsang(rng));
        match self.boost {
            None => ln,
            Some(inv) => ln + libm::log(rng.open01()) * inv,
        }
    }

    /// A draw of gamma(a, 1) for a = d + 1/3 >= 1.
    #[inline]
    fn marsaglia_tsang(&self, rng: &mut DrawRng) -> f64 {
        loop {
            let x = self.normal.sample(rng);
            let t = 1.0 + self.c * x;
            if t <= 0.0 {
                continue;
            }
            let v = t * t * t;
            let u = rng.open01();
            let x2 = x * x;
            // The squeeze accepts most draws without a logarithm.
            if u < 1.0 - 0.0331 * x2 * x2
                || libm::log(u) < 0.5 * x2 + self.d * (1.0 - v + libm::log(v))
            {
                return self.d * v;
            }
        }
    }
}

/// Beta(alpha, beta) on [0, 1].
#[derive(Debug, Clone)]
pub(super) struct Beta {
    x: Gamma,
    y: Gamma,
    /// Form the ratio from logarithms (a shape below 1: the gammas may underflow).
    logs: bool,
}

impl Beta {
    /// A sampler for beta(alpha, beta), both > 0.
    pub(super) fn new(alpha: f64, beta: f64) -> Beta {
        Beta {
            x: Gamma::new(alpha),
            y: Gamma::new(beta),
            logs: alpha < 1.0 || beta < 1.0,
        }
    }

    /// One draw.
    #[inline]
    pub(super) fn sample(&self, rng: &mut DrawRng) -> f64 {
        if self.logs {
            let lx = self.x.ln_sample(rng);
            let ly = self.y.ln_sample(rng);
            1.0 / (1.0 + libm::exp(ly - lx))
        } else {
            let x = self.x.sample(rng);
            x / (x + self.y.sample(rng))
        }
    }
}
