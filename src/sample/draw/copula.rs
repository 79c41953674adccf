//! Drawing correlated quantities through their Gaussian copula (`model::copula`).
//!
//! Member j of a group takes, in draw i, z_j = Σ_{k ≤ j} L_jk n_k(i), where n_k(i) is the
//! standard normal Φ⁻¹(U) of member k's own stream in draw i, then its quantile at Φ(z_j).
//! Each member's row is filled on its own, recomputing the normals of the members before
//! it (a row of lanes at a time, on the stack), so nothing is stored or allocated between
//! leaves and every value depends only on the seed, the names and the draw index, as for
//! any other quantity.

use crate::model::copula::Copula;
use crate::model::dist::{Dist, std_normal_cdf, std_normal_inv};
use crate::sample::engine::{LANES, Streams};

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
    // A row of the engine's lanes at a time: each member's uniforms made together, as
    // every other quantity's are, and its normal added into each draw's z in member
    // order, so each z is the same sum, term by term, as one draw at a time gives.
    let (mut z, mut u) = ([0.0; LANES], [0.0; LANES]);
    for (c, chunk) in out.chunks_mut(LANES).enumerate() {
        let start = first + (c * LANES) as u64;
        let (z, u) = (&mut z[..chunk.len()], &mut u[..chunk.len()]);
        z.fill(0.0);
        for (k, &l) in row.iter().enumerate() {
            if l != 0.0 {
                streams.sampling.uniforms(u, streams.keys[leaves[k]], start);
                for (z, &u) in z.iter_mut().zip(u.iter()) {
                    *z += l * std_normal_inv(u);
                }
            }
        }
        for (o, &z) in chunk.iter_mut().zip(z.iter()) {
            // Beyond about 8.3 sd, Φ rounds to 1 (and far below, to 0): keep the uniform
            // strictly inside (0, 1), where every quantile function is finite.
            let u = std_normal_cdf(z).clamp(f64::MIN_POSITIVE, 1.0 - f64::EPSILON);
            *o = dist.at(u);
        }
    }
}
