//! Drawing correlated quantities through their Gaussian copula (`model::copula`).
//!
//! Member j of a group takes, in draw i, z_j = Σ_{k ≤ j} L_jk n_k(i), where n_k(i) is the
//! standard normal Φ⁻¹(U) of member k's own stream in draw i, then its quantile at Φ(z_j).
//! Each member's row is filled on its own, recomputing the normals of the members before
//! it, so nothing is stored or allocated between leaves and every value depends only on
//! the seed, the names and the draw index, as for any other quantity.

use crate::model::copula::Copula;
use crate::model::dist::{Dist, std_normal_cdf, std_normal_inv};
use crate::sample::engine::Streams;

/// Fills `out` with draws `first`, `first + 1`, … of the correlated leaf at position
/// `at` = (group, position) of `copula`, `streams` being every leaf's. Under a Latin
/// hypercube each member's own uniforms are stratified before they are combined, so the
/// group's first member keeps its strata and the others are mixtures of strata.
pub fn fill_correlated(
    copula: &Copula,
    at: (u32, u32),
    dist: &Dist,
    out: &mut [f64],
    streams: &Streams,
    first: u64,
) {
    let (leaves, factor) = &copula.groups[at.0 as usize];
    let (p, j) = (leaves.len(), at.1 as usize);
    let row = &factor[j * p..j * p + j + 1];
    for (i, o) in out.iter_mut().enumerate() {
        let draw = first + i as u64;
        let mut z = 0.0;
        for (k, &l) in row.iter().enumerate() {
            if l != 0.0 {
                let u = streams.sampling.uniform(streams.keys[leaves[k]], draw);
                z += l * std_normal_inv(u);
            }
        }
        // Beyond about 8.3 sd, Φ rounds to 1 (and far below, to 0): keep the uniform
        // strictly inside (0, 1), where every quantile function is finite.
        let u = std_normal_cdf(z).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON);
        *o = dist.at(u);
    }
}
