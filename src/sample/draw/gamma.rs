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

use super::ziggurat::Tables;
use crate::model::dist::gamma::{Beta, Gamma};
use crate::sample::rng::DrawRng;

impl Gamma {
    /// One draw.
    #[inline]
    pub(super) fn sample(&self, normal: &Tables, rng: &mut DrawRng) -> f64 {
        match self.boost {
            None => self.first_try_or_retry(normal, rng),
            Some(inv) => self.marsaglia_tsang(normal, rng) * libm::pow(rng.open01(), inv),
        }
    }

    /// [`Gamma::marsaglia_tsang`]'s draw, with its first try made inline, without a loop or
    /// a logarithm: when the squeeze accepts it (about nine draws in ten) it is the draw the
    /// whole method makes from the same stream; otherwise the stream is wound back and the
    /// method run in full, out of line.
    #[inline(always)]
    fn first_try_or_retry(&self, normal: &Tables, rng: &mut DrawRng) -> f64 {
        let start = rng.clone();
        let normal_bits = rng.next_u64();
        let (value, accepted) = self.first_try(normal, normal_bits, rng.next_u64());
        if accepted {
            return value;
        }
        *rng = start;
        self.retry(normal, rng)
    }

    /// Marsaglia and Tsang's first try (shape 1 or more) from the stream's next two
    /// numbers: a ziggurat normal from the first, the uniform of the squeeze from the
    /// second. The value, and whether the squeeze accepts it (without a branch).
    #[inline(always)]
    pub(super) fn first_try(
        &self,
        normal: &Tables,
        normal_bits: u64,
        uniform_bits: u64,
    ) -> (f64, bool) {
        let (x, in_layer) = normal.first_try(normal_bits);
        let t = 1.0 + self.c * x;
        let u = DrawRng::open01_of(uniform_bits);
        let x2 = x * x;
        let v = t * t * t;
        (
            self.d * v,
            in_layer & (t > 0.0) & (u < 1.0 - 0.0331 * x2 * x2),
        )
    }

    /// The draw [`Gamma::sample`] makes (shape 1 or more) when its first try is refused:
    /// the whole method, from the stream as it stood before the first try.
    #[cold]
    #[inline(never)]
    pub(super) fn retry(&self, normal: &Tables, rng: &mut DrawRng) -> f64 {
        self.marsaglia_tsang(normal, rng)
    }

    /// The logarithm of one draw (never underflows, however small the shape).
    #[inline]
    fn ln_sample(&self, normal: &Tables, rng: &mut DrawRng) -> f64 {
        let ln = libm::log(self.marsaglia_tsang(normal, rng));
        match self.boost {
            None => ln,
            Some(inv) => ln + libm::log(rng.open01()) * inv,
        }
    }

    /// A draw of gamma(a, 1) for a = d + 1/3 >= 1.
    #[inline]
    fn marsaglia_tsang(&self, normal: &Tables, rng: &mut DrawRng) -> f64 {
        loop {
            let x = normal.sample(rng);
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

impl Beta {
    /// One draw.
    #[inline]
    pub(super) fn sample(&self, normal: &Tables, rng: &mut DrawRng) -> f64 {
        if self.logs {
            let lx = self.x.ln_sample(normal, rng);
            let ly = self.y.ln_sample(normal, rng);
            1.0 / (1.0 + libm::exp(ly - lx))
        } else {
            let x = self.x.sample(normal, rng);
            x / (x + self.y.sample(normal, rng))
        }
    }
}
