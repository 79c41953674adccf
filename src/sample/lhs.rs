//! How each draw's uniform is made: plain random, or a Latin hypercube within each block.
//!
//! Under `Random` the uniform of a quantity in draw i is its stream's first number
//! (`rng`). Under `Lhs` the draws are cut into the engine's blocks of [`BLOCK`] (the last
//! one shorter); within a block of n draws, the draw at position k takes stratum π(k) of
//! n equal strata of (0, 1), and its stream's first number v places it within the
//! stratum: u = (π(k) + v) / n. So each block's uniforms of a quantity fall one in each
//! stratum, and since every distribution is sampled by inversion, its draws fall one in
//! each stratum of probability n⁻¹. π is a permutation of 0..n keyed by the quantity's
//! stream key and the block's index, different for every quantity, which pairs the strata
//! of different quantities at random (McKay, Beckman and Conover, *Technometrics* 21,
//! 1979). Every uniform still depends only on the seed, the quantity's name and the draw
//! index (and the number of draws, which fixes the last block's length), so the same
//! quantity takes the same numbers in every option and scenario, on any number of threads.
//!
//! π is Kensler's hashed permutation ("Correlated Multi-Jittered Sampling", Pixar
//! Technical Memo 13-01, 2013): a keyed bijection of the next power of two, walked until it
//! lands below n. Nothing is stored or allocated.

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::sample::rng::DrawRng;
use crate::width::Width;

/// Draws per block: the unit of parallel work (`engine`) and of stratification.
pub const BLOCK: usize = 2048;
// A draw's position in its block fits in 16 bits (`Sampling::ascending`).
const _: () = assert!(BLOCK <= 1 << 16);

/// The sampling method a run asks for (`--sampling`), whatever its number of draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Independent uniforms: plain Monte Carlo.
    Random,
    /// A Latin hypercube within each block of draws (the default: on every bundled
    /// model no printed figure's Monte Carlo error is larger than by `Random`, and the
    /// expected ratio's is 6 to 46 times smaller in variance; see `docs/sampling.md`).
    #[default]
    Lhs,
}

impl Method {
    /// Plain random draws (what a record that names no method was made by).
    pub fn random() -> Method {
        Method::Random
    }

    /// The uniforms of a run of `draws` draws by this method.
    pub fn of(self, draws: usize) -> Sampling {
        match self {
            Method::Random => Sampling::Random,
            Method::Lhs => Sampling::Lhs {
                draws: draws as u64,
            },
        }
    }

    /// The name used on the command line and in JSON: "random" or "lhs".
    pub fn name(self) -> &'static str {
        self.of(0).name()
    }

    /// The seed as a settings line prints it, with the method, which the figures depend
    /// on as much: "42, Latin hypercube" or "42, independent draws".
    pub fn with_seed(self, seed: u64) -> String {
        match self {
            Method::Random => format!("{seed}, independent draws"),
            Method::Lhs => format!("{seed}, Latin hypercube"),
        }
    }
}

/// How the uniforms behind the draws are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sampling {
    /// Independent uniforms: plain Monte Carlo.
    #[default]
    Random,
    /// A Latin hypercube within each block of [`BLOCK`] draws, for a run of `draws` draws.
    Lhs {
        /// The run's number of draws (the last block may be shorter).
        draws: u64,
    },
}

impl Sampling {
    /// The name used on the command line and in JSON: "random" or "lhs".
    pub fn name(&self) -> &'static str {
        match self {
            Sampling::Random => "random",
            Sampling::Lhs { .. } => "lhs",
        }
    }

    /// The uniform, strictly inside (0, 1), of the quantity whose stream key is `key` in
    /// draw `draw`.
    #[inline]
    pub fn uniform(&self, key: u64, draw: u64) -> f64 {
        let v = DrawRng::new(key, draw).open01();
        match *self {
            Sampling::Random => v,
            Sampling::Lhs { draws } => {
                let (block, start, n) = Self::block(draws, draw);
                stratified(v, draw - start, n, permutation_key(key, block))
            }
        }
    }

    /// Fills `out` with the uniforms of draws `first`, `first + 1`, … of the quantity
    /// whose stream key is `key`, by the widest vector instructions the processor has.
    #[inline]
    pub fn uniforms(&self, out: &mut [f64], key: u64, first: u64) {
        self.uniforms_by(Width::widest(), out, key, first);
    }

    /// [`Sampling::uniforms`] by the code compiled for `width`, which the processor must
    /// have ([`Width::available`]). Every width gives the same numbers bit for bit: the
    /// streams' hashes and the permutation are integer arithmetic, and placing a uniform
    /// in its stratum is one addition and one multiplication by a power of two, exact
    /// in any width (tested).
    #[inline]
    fn uniforms_by(&self, width: Width, out: &mut [f64], key: u64, first: u64) {
        match width {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Width::widest` and `Width::available` give only widths whose
            // instructions the processor has.
            Width::Avx512 => unsafe { self.uniforms_avx512(out, key, first) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as above.
            Width::Avx2 => unsafe { self.uniforms_avx2(out, key, first) },
            Width::Portable => self.uniforms_portable(out, key, first),
        }
    }

    /// [`Sampling::uniforms_portable`] compiled for AVX-512 (eight 64-bit lanes, and
    /// their multiplication, which the streams' hashes are made of).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    fn uniforms_avx512(&self, out: &mut [f64], key: u64, first: u64) {
        self.uniforms_portable(out, key, first);
    }

    /// [`Sampling::uniforms_portable`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn uniforms_avx2(&self, out: &mut [f64], key: u64, first: u64) {
        self.uniforms_portable(out, key, first);
    }

    /// [`Sampling::uniforms`] for any processor: the code every width compiles.
    #[inline(always)]
    fn uniforms_portable(&self, out: &mut [f64], key: u64, first: u64) {
        match *self {
            Sampling::Random => {
                for (k, o) in out.iter_mut().enumerate() {
                    *o = DrawRng::new(key, first + k as u64).open01();
                }
            }
            Sampling::Lhs { draws } => {
                let (block, start, n) = Self::block(draws, first);
                let end = first + out.len() as u64;
                if n as usize == BLOCK && end <= start + BLOCK as u64 {
                    // Within one full block (as the engine's rows always are): each draw's
                    // stratum first, in a loop of its own without a branch (a power of two
                    // needs no cycle walking), which the compiler can vectorise; then the
                    // uniforms, placed in their strata as `stratified` places them.
                    let p = permutation_key(key, block);
                    let offset = (first - start) as u32;
                    for (k, o) in out.iter_mut().enumerate() {
                        *o = f64::from(block_stratum(offset + k as u32, p));
                    }
                    for (k, o) in out.iter_mut().enumerate() {
                        *o = in_stratum(*o, DrawRng::new(key, first + k as u64).open01());
                    }
                    return;
                }
                // The block's permutation key, computed once per block the slice touches.
                let mut current = (u64::MAX, 0, 0, 0);
                for (k, o) in out.iter_mut().enumerate() {
                    let draw = first + k as u64;
                    if draw / BLOCK as u64 != current.0 {
                        let (block, start, n) = Self::block(draws, draw);
                        current = (block, start, n, permutation_key(key, block));
                    }
                    let (_, start, n, p) = current;
                    let v = DrawRng::new(key, draw).open01();
                    *o = stratified(v, draw - start, n, p);
                }
            }
        }
    }

    /// For a whole block of a Latin hypercube starting at draw `start`: the uniforms of
    /// the quantity whose stream key is `key` in the order of their strata, so ascending,
    /// into `us`, and into `to` the position in the block of the draw each belongs to;
    /// the same numbers as [`Sampling::uniforms`] of the block, reordered, by the widest
    /// vector instructions the processor has. `position` is scratch. False, with nothing
    /// written, for independent draws and for a run's last block when it is shorter
    /// than [`BLOCK`].
    pub fn ascending(
        &self,
        key: u64,
        start: u64,
        us: &mut [f64],
        to: &mut [u16],
        position: &mut [f64],
    ) -> bool {
        self.ascending_by(Width::widest(), key, start, us, to, position)
    }

    /// [`Sampling::ascending`] by the code compiled for `width` (see `uniforms_by`).
    fn ascending_by(
        &self,
        width: Width,
        key: u64,
        start: u64,
        us: &mut [f64],
        to: &mut [u16],
        position: &mut [f64],
    ) -> bool {
        let Sampling::Lhs { draws } = *self else {
            return false;
        };
        let (block, first, n) = Self::block(draws, start);
        if n as usize != BLOCK || first != start {
            return false;
        }
        let mut strata = [0u32; BLOCK];
        let (us, to, position) = (&mut us[..BLOCK], &mut to[..BLOCK], &mut position[..BLOCK]);
        let (us, to, position) = (
            <&mut [f64; BLOCK]>::try_from(us).expect("a block"),
            <&mut [u16; BLOCK]>::try_from(to).expect("a block"),
            <&mut [f64; BLOCK]>::try_from(position).expect("a block"),
        );
        let mut block = Ascending {
            key,
            start,
            p: permutation_key(key, block),
            strata: &mut strata,
            us,
            to,
            position,
        };
        match width {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as in `uniforms_by`.
            Width::Avx512 => unsafe { self.ascending_avx512(&mut block) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: as in `uniforms_by`.
            Width::Avx2 => unsafe { self.ascending_avx2(&mut block) },
            Width::Portable => self.ascending_portable(&mut block),
        }
        true
    }

    /// [`Sampling::ascending_portable`] compiled for AVX-512.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    fn ascending_avx512(&self, block: &mut Ascending<'_>) {
        self.ascending_portable(block);
    }

    /// [`Sampling::ascending_portable`] compiled for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn ascending_avx2(&self, block: &mut Ascending<'_>) {
        self.ascending_portable(block);
    }

    /// [`Sampling::ascending`] for any processor: each draw's stratum and its uniform, as
    /// the whole-block path of `uniforms_portable` makes them (each in a loop of its own,
    /// which the compiler can vectorise), then both put in stratum order.
    #[inline(always)]
    fn ascending_portable(&self, block: &mut Ascending<'_>) {
        for (k, s) in block.strata.iter_mut().enumerate() {
            *s = block_stratum(k as u32, block.p);
        }
        for (k, (u, &s)) in block
            .position
            .iter_mut()
            .zip(block.strata.iter())
            .enumerate()
        {
            *u = in_stratum(
                f64::from(s),
                DrawRng::new(block.key, block.start + k as u64).open01(),
            );
        }
        let w = BLOCK as u32 - 1;
        for (k, (&s, &u)) in block.strata.iter().zip(block.position.iter()).enumerate() {
            // `s & w` is `s`: the mask only tells the compiler the index is in bounds.
            block.us[(s & w) as usize] = u;
            block.to[(s & w) as usize] = k as u16;
        }
    }

    /// The block holding `draw`, its first draw and its length, for a run of `draws`.
    #[inline]
    fn block(draws: u64, draw: u64) -> (u64, u64, u32) {
        let size = BLOCK as u64;
        let block = draw / size;
        let start = block * size;
        // A draw past the run's end (never asked for) is placed as in a full block.
        let n = draws.saturating_sub(start).clamp(1, size);
        (block, start, n as u32)
    }
}

/// One whole block's uniforms of one quantity as [`Sampling::ascending`] reorders them.
struct Ascending<'a> {
    key: u64,
    start: u64,
    /// The block's permutation key.
    p: u32,
    /// Each draw's stratum.
    strata: &'a mut [u32; BLOCK],
    us: &'a mut [f64; BLOCK],
    to: &'a mut [u16; BLOCK],
    /// The uniforms in the order of the draws.
    position: &'a mut [f64; BLOCK],
}

/// The key of the permutation of one quantity's strata in one block.
#[inline]
fn permutation_key(key: u64, block: u64) -> u32 {
    // A different seed from the streams' (which hash the draw index with the key itself).
    xxh3_64_with_seed(&block.to_le_bytes(), key ^ 0x9e37_79b9_7f4a_7c15) as u32
}

/// π(k) in a whole block (n = [`BLOCK`]) of permutation key p: `permute` for a power of two,
/// which needs no cycle walking and no branch.
#[inline(always)]
fn block_stratum(k: u32, p: u32) -> u32 {
    let w = BLOCK as u32 - 1;
    ((u64::from(scramble(k, w, p)) + u64::from(p)) & u64::from(w)) as u32
}

/// The uniform of a whole block's stratum `stratum` placed by v, as `stratified` places it
/// (dividing by [`BLOCK`] is multiplying by its inverse, exactly).
#[inline(always)]
fn in_stratum(stratum: f64, v: f64) -> f64 {
    ((stratum + v) * (1.0 / BLOCK as f64)).min(BELOW_ONE)
}

/// u = (π(k) + v) / n, kept below 1 (π(k) = n − 1 with v near 1 would round up to it).
#[inline]
fn stratified(v: f64, k: u64, n: u32, p: u32) -> f64 {
    let x = f64::from(permute(k as u32, n, p)) + v;
    // A full block's n is a power of two: multiplying by its inverse, 2^−m, is dividing
    // by it exactly (x is at least v, far above the subnormals), and far quicker.
    let u = if n.is_power_of_two() {
        x * f64::from_bits(u64::from(1023 - n.trailing_zeros()) << 52)
    } else {
        x / f64::from(n)
    };
    u.min(BELOW_ONE)
}

/// The largest double below 1.
const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

/// Kensler's permutation of 0..l keyed by p: a bijection of 0..2^m (2^m the least power
/// of two at least l) made of invertible steps on m-bit numbers, repeated until the result
/// is below l (cycle walking), then rotated by p.
#[inline]
pub(crate) fn permute(mut i: u32, l: u32, p: u32) -> u32 {
    let mut w = l.wrapping_sub(1);
    w |= w >> 1;
    w |= w >> 2;
    w |= w >> 4;
    w |= w >> 8;
    w |= w >> 16;
    loop {
        i = scramble(i, w, p);
        if i < l {
            break;
        }
    }
    // In 64 bits: a 32-bit sum would wrap, and a wrapped sum is not a rotation. A power of
    // two (a full block) takes the remainder by a mask, the same number without a division.
    let sum = u64::from(i) + u64::from(p);
    if l.is_power_of_two() {
        (sum & u64::from(w)) as u32
    } else {
        (sum % u64::from(l)) as u32
    }
}

/// One step of Kensler's walk: a bijection of the m-bit numbers 0..=w (w = 2^m − 1)
/// keyed by p. A power of two's permutation is one step, then the rotation.
#[inline]
fn scramble(mut i: u32, w: u32, p: u32) -> u32 {
    i ^= p;
    i = i.wrapping_mul(0xe170_893d);
    i ^= p >> 16;
    i ^= (i & w) >> 4;
    i ^= p >> 8;
    i = i.wrapping_mul(0x0929_eb3f);
    i ^= p >> 23;
    i ^= (i & w) >> 1;
    i = i.wrapping_mul(1 | p >> 27);
    i = i.wrapping_mul(0x6935_fa69);
    i ^= (i & w) >> 11;
    i = i.wrapping_mul(0x74dc_b303);
    i ^= (i & w) >> 2;
    i = i.wrapping_mul(0x9e50_1cc3);
    i ^= (i & w) >> 2;
    i = i.wrapping_mul(0xc860_a3df);
    i &= w;
    i ^= i >> 5;
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::rng::stream_key;

    #[test]
    fn permute_is_a_permutation_for_every_length() {
        for l in [1, 2, 3, 7, 100, 2047, 2048] {
            for p in [0, 1, 0xdead_beef, u32::MAX] {
                let mut seen = vec![false; l as usize];
                for i in 0..l {
                    let j = permute(i, l, p) as usize;
                    assert!(!seen[j], "length {l}, key {p}: {j} twice");
                    seen[j] = true;
                }
            }
        }
        // Different keys give different orders.
        let a: Vec<u32> = (0..100).map(|i| permute(i, 100, 1)).collect();
        let b: Vec<u32> = (0..100).map(|i| permute(i, 100, 2)).collect();
        assert_ne!(a, b);
    }

    #[test]
    fn a_power_of_two_places_each_uniform_as_division_does() {
        // The quick path of a full block (multiplying by 2^−m) against the division it
        // stands for, bit for bit, with v at its least, near 1 and between.
        for n in [1u32, 2, 64, 2048] {
            for p in [0, 1, 0xdead_beef, u32::MAX] {
                for k in 0..n {
                    let stratum = permute(k, n, p);
                    for v in [f64::EPSILON / 2.0, 0.3, 0.5, 1.0 - f64::EPSILON / 2.0] {
                        let divided = ((f64::from(stratum) + v) / f64::from(n)).min(BELOW_ONE);
                        let placed = stratified(v, u64::from(k), n, p);
                        assert_eq!(placed.to_bits(), divided.to_bits(), "n {n}, v {v}");
                    }
                }
            }
        }
    }

    #[test]
    fn each_block_has_one_uniform_in_each_stratum() {
        // 5,000 draws: two full blocks of 2,048 and one of 904.
        let draws = 5000u64;
        let lhs = Sampling::Lhs { draws };
        for name in ["a", "b"] {
            let key = stream_key(3, name);
            let mut u = vec![0.0; draws as usize];
            lhs.uniforms(&mut u, key, 0);
            for (b, block) in u.chunks(BLOCK).enumerate() {
                let n = block.len();
                let mut seen = vec![0; n];
                for (k, &x) in block.iter().enumerate() {
                    assert!(x > 0.0 && x < 1.0);
                    assert_eq!(x, lhs.uniform(key, (b * BLOCK + k) as u64));
                    seen[(x * n as f64) as usize] += 1;
                }
                assert!(seen.iter().all(|&c| c == 1), "{name}, block {b}");
            }
        }
        // The pairing across quantities is not the same order: the strata of "a" and
        // "b" in the first block are unrelated (rank correlation near 0: sd 1/√2048).
        let (mut x, mut y) = (vec![0.0; BLOCK], vec![0.0; BLOCK]);
        lhs.uniforms(&mut x, stream_key(3, "a"), 0);
        lhs.uniforms(&mut y, stream_key(3, "b"), 0);
        let n = BLOCK as f64;
        let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
        let (mx, my) = (mean(&x), mean(&y));
        let cov: f64 = x
            .iter()
            .zip(&y)
            .map(|(a, b)| (a - mx) * (b - my))
            .sum::<f64>()
            / n;
        let r = cov / (1.0 / 12.0);
        assert!(r.abs() < 5.0 / n.sqrt(), "{r}");
    }

    #[test]
    fn every_width_gives_each_draws_own_uniform() {
        // Each vector width this processor has (on x86-64 with AVX-512: all three), by
        // either method, against each draw's uniform made on its own, bit for bit: slices
        // within one full block (the quick path, as the engine's rows are), across blocks,
        // and in the last block (of 904), which takes the general path.
        let widths = Width::available();
        assert_eq!(widths[0], Width::Portable);
        for &width in widths {
            for sampling in [Sampling::Lhs { draws: 5000 }, Sampling::Random] {
                for name in ["a", "b", "c"] {
                    let key = stream_key(5, name);
                    let slices = [(0, 128), (1920, 128), (2048, 1), (2100, 77), (4000, 300)];
                    for (first, len) in slices {
                        let mut out = vec![0.0; len];
                        sampling.uniforms_by(width, &mut out, key, first);
                        for (k, x) in out.iter().enumerate() {
                            let alone = sampling.uniform(key, first + k as u64);
                            assert_eq!(
                                x.to_bits(),
                                alone.to_bits(),
                                "{width:?}, {}, {name}, draw {}",
                                sampling.name(),
                                first + k as u64
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn every_width_puts_a_blocks_uniforms_in_stratum_order() {
        // Each width, on a whole block (the second of three, and the first), against each
        // draw's uniform made on its own: `to` is a permutation of the block, `us[i]` is
        // the uniform of draw `to[i]` bit for bit, and stratum i holds it. Independent
        // draws and a short last block are refused.
        let (mut us, mut to, mut position) = ([0.0; BLOCK], [0u16; BLOCK], [0.0; BLOCK]);
        let lhs = Sampling::Lhs {
            draws: 3 * BLOCK as u64,
        };
        for &width in Width::available() {
            for (name, start) in [("a", BLOCK as u64), ("b", 0)] {
                let key = stream_key(11, name);
                assert!(lhs.ascending_by(width, key, start, &mut us, &mut to, &mut position));
                let mut seen = vec![false; BLOCK];
                for (i, (&u, &k)) in us.iter().zip(&to).enumerate() {
                    assert!(!std::mem::replace(&mut seen[usize::from(k)], true));
                    let alone = lhs.uniform(key, start + u64::from(k));
                    assert_eq!(
                        u.to_bits(),
                        alone.to_bits(),
                        "{width:?}, {name}, stratum {i}"
                    );
                    assert_eq!((u * BLOCK as f64) as usize, i, "{width:?}, {name}");
                }
                assert!(us.is_sorted());
            }
            let short = Sampling::Lhs {
                draws: 2 * BLOCK as u64 - 1,
            };
            let key = stream_key(11, "a");
            for (sampling, start) in [(short, BLOCK as u64), (Sampling::Random, 0)] {
                assert!(!sampling.ascending_by(width, key, start, &mut us, &mut to, &mut position));
            }
        }
    }

    #[test]
    fn a_slice_starting_anywhere_gives_the_same_uniforms() {
        let lhs = Sampling::Lhs { draws: 10_000 };
        let key = stream_key(9, "q");
        let mut all = vec![0.0; 10_000];
        lhs.uniforms(&mut all, key, 0);
        let mut part = vec![0.0; 3000];
        lhs.uniforms(&mut part, key, 1500);
        assert_eq!(&all[1500..4500], &part[..]);
    }
}
