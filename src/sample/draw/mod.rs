//! Drawing from a checked distribution: one value from a quantity's per-draw stream, or a
//! slice of consecutive draws at once.
//!
//! Sampling is by inversion wherever the quantile function is closed-form or tabulated: one
//! uniform from the quantity's per-draw stream goes through the quantile function. A draw's
//! value then moves monotonically when a scenario changes the parameters, so common random
//! numbers compare like with like (the draw at the 90th percentile stays there). Beta, gamma
//! and PERT have no cheap inverse and use exact rejection samplers (`gamma`), which consume
//! a varying number of random numbers; each quantity has its own stream in each draw
//! ([`crate::sample::rng`]), so that never shifts any other draw. Nothing here allocates.
//! Logarithms and exponentials are `libm`'s (pure Rust), so a draw is the same on every
//! machine.

mod copula;
mod gamma;
mod lanes;
#[cfg(test)]
mod tests;
mod ziggurat;

use crate::model::dist::{Dist, Sampler};
use crate::sample::rng::DrawRng;
pub use copula::fill_correlated;
use ziggurat::tables;

impl Dist {
    /// One draw from this quantity's per-draw stream: one `open01` for the kinds sampled by
    /// inversion, an exact rejection sampler for beta, gamma and pert, nothing for fixed.
    #[inline]
    pub fn sample(&self, rng: &mut DrawRng) -> f64 {
        let normal = tables();
        match &self.how {
            Sampler::Fixed(v) => *v,
            Sampler::Beta {
                lo, width, sampler, ..
            } => (lo + width * sampler.sample(normal, rng)).min(self.support.1),
            Sampler::Gamma { sampler, scale, .. } => sampler.sample(normal, rng) * scale,
            _ => self.at(rng.open01()),
        }
    }

    /// Fills `out` with draws `first`, `first + 1`, … of the quantity whose stream key is
    /// `key`: the same values as [`Dist::sample`] on each draw's stream, with the choice of
    /// method made once for the whole slice rather than once per draw, and gamma and beta
    /// draws (shapes of 1 or more) made eight at a time ([`lanes`]).
    #[inline]
    pub fn fill(&self, out: &mut [f64], key: u64, first: u64) {
        let stream = |k: usize| DrawRng::new(key, first + k as u64);
        let normal = tables();
        match &self.how {
            Sampler::Fixed(v) => out.fill(*v),
            Sampler::Beta {
                lo, width, sampler, ..
            } => {
                let bounds = (*lo, *width, self.support.1);
                let done = if sampler.logs {
                    0
                } else {
                    lanes::by_eights(out, key, first, |states, eight| {
                        lanes::betas(sampler, normal, states, bounds, eight)
                    })
                };
                for (k, o) in out.iter_mut().enumerate().skip(done) {
                    *o = (lo + width * sampler.sample(normal, &mut stream(k))).min(self.support.1);
                }
            }
            Sampler::Gamma { sampler, scale, .. } => {
                let done = match sampler.boost {
                    Some(_) => 0,
                    None => lanes::by_eights(out, key, first, |states, eight| {
                        lanes::gammas(sampler, normal, states, *scale, eight)
                    }),
                };
                for (k, o) in out.iter_mut().enumerate().skip(done) {
                    *o = sampler.sample(normal, &mut stream(k)) * scale;
                }
            }
            _ => {
                for (k, o) in out.iter_mut().enumerate() {
                    *o = self.at(stream(k).open01());
                }
            }
        }
    }
}
