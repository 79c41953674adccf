//! Drawing from a checked distribution: one value from a quantity's per-draw stream, or a
//! slice of consecutive draws at once.
//!
//! Every kind is sampled by inversion: one uniform from the quantity's per-draw stream
//! goes through the quantile function ([`Dist::quantile`]; for beta, gamma and PERT a
//! table built when the model is compiled, `model::dist::inverse`). A draw's value then
//! moves monotonically when a scenario changes the parameters, so common random numbers
//! compare like with like (the draw at the 90th percentile stays there), and stratifying
//! the uniforms stratifies the draws (Latin hypercube sampling). Nothing here allocates.
//! Logarithms and exponentials are `libm`'s (pure Rust), so a draw is the same on every
//! machine.

mod copula;
#[cfg(test)]
mod tests;

use crate::model::dist::{Dist, Sampler};
use crate::sample::lhs::Sampling;
use crate::sample::rng::DrawRng;
pub use copula::fill_correlated;

impl Dist {
    /// One draw from this quantity's per-draw stream: the quantile of one `open01`
    /// (nothing is taken from the stream for fixed).
    #[inline]
    pub fn sample(&self, rng: &mut DrawRng) -> f64 {
        match &self.how {
            Sampler::Fixed(v) => *v,
            _ => self.at(rng.open01()),
        }
    }

    /// Fills `out` with draws `first`, `first + 1`, … of the quantity whose stream key is
    /// `key`: the same values as [`Dist::sample`] on each draw's stream.
    #[inline]
    pub fn fill(&self, out: &mut [f64], key: u64, first: u64) {
        self.fill_with(out, key, first, Sampling::Random);
    }

    /// [`Dist::fill`] with the uniforms made by `sampling` (a Latin hypercube per block,
    /// or plain random as `fill`).
    #[inline]
    pub fn fill_with(&self, out: &mut [f64], key: u64, first: u64, sampling: Sampling) {
        match &self.how {
            Sampler::Fixed(v) => out.fill(*v),
            // The uniforms first, then their quantiles in a loop of their own.
            _ => {
                sampling.uniforms(out, key, first);
                self.at_each(out);
            }
        }
    }
}
