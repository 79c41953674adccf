//! Eight draws of a gamma or beta quantity at once, for speed, with the same values bit
//! for bit as one draw at a time.
//!
//! Most gamma draws are decided by Marsaglia and Tsang's first try (see `gamma`): one
//! ziggurat normal from the first 64 random bits of the draw's stream and one uniform from
//! the next. Here eight draws' streams advance side by side and their first tries are
//! computed without a branch, so the processor overlaps them (and may vectorise them).
//! A gamma whose first try is refused (about one in ten) is finished alone by the whole
//! method, from its stream as it stood before that try, which is what `Gamma::sample`
//! does; SplitMix64's state is one counter, so that stream is rebuilt from it. A beta's
//! second gamma starts where its first ended, as one draw at a time.

use super::ziggurat::Tables;
use crate::model::dist::gamma::{Beta, Gamma};
use crate::sample::rng::DrawRng;

/// Draws made side by side.
pub(super) const WIDTH: usize = 8;

/// Eight streams' states.
pub(super) type States = [u64; WIDTH];

/// The states eight consecutive draws' streams start from, from draw `first`.
#[inline]
pub(super) fn starts(key: u64, first: u64) -> States {
    std::array::from_fn(|l| DrawRng::start(key, first + l as u64))
}

/// Calls `make(states, eight)` for each whole eight of `out` (draws `first`, `first + 1`,
/// … of the quantity whose stream key is `key`), and returns how many draws that filled.
#[inline]
pub(super) fn by_eights(
    out: &mut [f64],
    key: u64,
    first: u64,
    mut make: impl FnMut(States, &mut [f64]),
) -> usize {
    for (c, eight) in out.chunks_exact_mut(WIDTH).enumerate() {
        make(starts(key, first + (c * WIDTH) as u64), eight);
    }
    out.len() / WIDTH * WIDTH
}

/// Each stream's next 64 bits.
#[inline(always)]
fn next(states: &mut States) -> [u64; WIDTH] {
    let mut out = [0; WIDTH];
    for (s, o) in states.iter_mut().zip(&mut out) {
        *o = DrawRng::step(s);
    }
    out
}

impl Gamma {
    /// The first tries of eight draws of gamma(a, 1), a >= 1, from `states` (advanced by
    /// the two numbers each try uses): each value, and whether the try was accepted.
    #[inline(always)]
    pub(super) fn first_tries(
        &self,
        normal: &Tables,
        states: &mut States,
    ) -> ([f64; WIDTH], [bool; WIDTH]) {
        let normals = next(states);
        let uniforms = next(states);
        let mut value = [0.0; WIDTH];
        let mut ok = [false; WIDTH];
        for l in 0..WIDTH {
            (value[l], ok[l]) = self.first_try(normal, normals[l], uniforms[l]);
        }
        (value, ok)
    }
}

/// Fills `out` (eight draws) with gamma(a, 1) draws, a >= 1, from streams starting at
/// `states`.
#[inline]
pub(super) fn gammas(g: &Gamma, normal: &Tables, mut states: States, scale: f64, out: &mut [f64]) {
    let start = states;
    let (value, ok) = g.first_tries(normal, &mut states);
    for l in 0..WIDTH {
        out[l] = if ok[l] {
            value[l]
        } else {
            g.retry(normal, &mut DrawRng::at(start[l]))
        } * scale;
    }
}

/// Fills `out` (eight draws) with beta draws lo + width · X / (X + Y), both shapes >= 1,
/// from streams starting at `states`.
#[inline]
pub(super) fn betas(
    b: &Beta,
    normal: &Tables,
    mut states: States,
    (lo, width, top): (f64, f64, f64),
    out: &mut [f64],
) {
    let start = states;
    let (x, ok_x) = b.x.first_tries(normal, &mut states);
    let after_x = states;
    let (y, ok_y) = b.y.first_tries(normal, &mut states);
    for l in 0..WIDTH {
        let (x, y) = if ok_x[l] & ok_y[l] {
            (x[l], y[l])
        } else if ok_x[l] {
            (x[l], b.y.retry(normal, &mut DrawRng::at(after_x[l])))
        } else {
            let mut rng = DrawRng::at(start[l]);
            let x = b.x.retry(normal, &mut rng);
            (x, b.y.sample(normal, &mut rng))
        };
        out[l] = (lo + width * (x / (x + y))).min(top);
    }
}
