//! Fast, accurate quantile functions for beta (and so PERT) and gamma: a table built once
//! per distribution, when the model is compiled, so that every draw is the quantile of one
//! uniform at the cost of a table lookup and a polynomial.
//!
//! The quantile function Q(u) over [`U_EDGE`, 1 − `U_EDGE`] is cut into pieces, on each of
//! which it is the quintic Hermite polynomial matching Q, Q' = 1 / f(Q) and
//! Q'' = −f'(Q) / f(Q)³ at both ends (f the density): the method of Hörmann and Leydold,
//! "Continuous random variate generation by fast numerical inversion" (ACM TOMACS 13:347,
//! 2003), with exact derivatives. The error of such a polynomial is
//! Q⁽⁶⁾(ξ) h⁶ s³ (1 − s)³ / 720 at the fraction s of a piece of width h, largest at its
//! midpoint; so a piece is kept only if its value at the midpoint is within [`TOL`]
//! (relative; more for shapes below 1) of the exact quantile there and x at most doubles
//! across it, and otherwise split at the midpoint. The exact
//! quantiles come from `quantile` (Newton's method on the incomplete beta and gamma
//! functions of `incomplete`). Below `U_EDGE` and above 1 − `U_EDGE` (two draws in a
//! million), and on any piece that did not reach the tolerance within [`MAX_PIECES`]
//! pieces or [`MAX_DEPTH`] halvings (shapes near the limits), draws are solved exactly.
//!
//! Every operation is IEEE arithmetic or `libm` (pure Rust), so a table and every draw
//! from it are the same on every machine.

use super::incomplete::{beta_reg2, ln_beta, ln_gamma};
use super::quantile::{beta_quantile, gamma_quantile};
use crate::width::Width;

/// The table covers u from U_EDGE to 1 − U_EDGE; draws beyond are solved exactly.
pub(super) const U_EDGE: f64 = 1e-6;
/// Greatest relative error allowed at a piece's midpoint, where the error is largest, for
/// shapes of 1 or more (see [`Law::tol`]).
pub(super) const TOL: f64 = 1e-13;
/// Pieces of the first, even cut of [U_EDGE, 1 − U_EDGE].
const START: usize = 16;
/// Most pieces in a table; past this, pieces still too coarse are solved exactly.
const MAX_PIECES: usize = 4096;
/// Most halvings of one of the first pieces.
const MAX_DEPTH: u32 = 40;
/// Draws [`Inverse::at_ascending`] takes in each of its walks.
const RUN: usize = 256;
/// A draw outside the table, in `Inverse::at_ascending`.
const OUTSIDE: u32 = u32::MAX;
/// Quantiles this close to 0 (or rounding to 1) are not tabulated: at shapes near
/// `MIN_SHAPE` the quantile function leaps from about 1e-300 to 1, and its table could
/// never meet the tolerance; such pieces are solved exactly without being split.
const DEGENERATE: f64 = 1e-280;

/// Which distribution a table inverts (on its standard scale: [0, 1], or scale 1).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Law {
    /// beta(a, b), with I_½(a, b): the quantiles below it lie at or below 1/2.
    Beta { a: f64, b: f64, half: f64 },
    /// gamma(shape a, scale 1).
    Gamma { a: f64 },
}

/// A point of the quantile function: u, x = Q(u), and Q'(u) and Q''(u).
#[derive(Debug, Clone, Copy)]
struct Node {
    u: f64,
    x: f64,
    d1: f64,
    d2: f64,
}

impl Law {
    /// beta(a, b).
    pub(crate) fn beta(a: f64, b: f64) -> Law {
        Law::Beta {
            a,
            b,
            half: beta_reg2(a, b, 0.5, 0.5),
        }
    }

    /// Relative error allowed at a piece's midpoint: [`TOL`], or TOL / √shape for shapes
    /// below 1, whose exact quantiles are less precise (in the lower tail x f(x) / F(x)
    /// tends to the shape, which divides the CDF's rounding errors), or 1e-14 √shape for
    /// shapes above 1,000 (the CDF's exponent a ln x − x − ln Γ(a) rounds in proportion
    /// to the shape, and x f(x) grows only as √shape).
    fn tol(&self) -> f64 {
        let (least, most) = match *self {
            Law::Beta { a, b, .. } => (a.min(b), a + b),
            Law::Gamma { a } => (a, a),
        };
        (TOL / least.min(1.0).sqrt()).max(1e-14 * most.sqrt())
    }

    /// The exact p-quantile, starting from `guess` if given.
    pub(super) fn exact(&self, p: f64, guess: Option<f64>) -> f64 {
        self.solve(p, guess).0
    }

    /// The exact p-quantile x and, for beta, 1 − x to full precision (for gamma, 1 − x
    /// as it rounds; it is not used).
    fn solve(&self, p: f64, guess: Option<f64>) -> (f64, f64) {
        match *self {
            Law::Beta { a, b, half } => beta_quantile(a, b, p, half, guess),
            Law::Gamma { a } => {
                let x = gamma_quantile(a, p, guess);
                (x, 1.0 - x)
            }
        }
    }

    /// The node at u, from the exact quantile there.
    fn node(&self, u: f64, guess: Option<f64>, ln_norm: f64) -> Node {
        let (x, xc) = self.solve(u, guess);
        // ln f(x) and d ln f / dx, from x and 1 − x each to full precision.
        let (ln_f, score) = match *self {
            Law::Beta { a, b, .. } => (
                (a - 1.0) * libm::log(x) + (b - 1.0) * libm::log(xc) - ln_norm,
                (a - 1.0) / x - (b - 1.0) / xc,
            ),
            Law::Gamma { a } => ((a - 1.0) * libm::log(x) - x - ln_norm, (a - 1.0) / x - 1.0),
        };
        let d1 = libm::exp(-ln_f);
        Node {
            u,
            x,
            d1,
            d2: -score * d1 * d1,
        }
    }

    /// ln B(a, b) or ln Γ(a): the logarithm of the density's normalising constant.
    fn ln_norm(&self) -> f64 {
        match *self {
            Law::Beta { a, b, .. } => ln_beta(a, b),
            Law::Gamma { a } => ln_gamma(a),
        }
    }
}

/// One piece: x = c0 + c1 s + … + c5 s⁵ at s = (u − u0) / h, kept within [x0, x1].
#[derive(Debug, Clone, Copy)]
struct Piece {
    u0: f64,
    inv_h: f64,
    c: [f64; 6],
    x1: f64,
    /// Not accurate enough: solve draws here exactly (from the polynomial's value).
    exact: bool,
}

impl Piece {
    /// The quintic Hermite polynomial from `n0` to `n1`.
    fn hermite(n0: &Node, n1: &Node) -> Piece {
        let h = n1.u - n0.u;
        let (c0, c1, c2) = (n0.x, n0.d1 * h, 0.5 * n0.d2 * h * h);
        // What the cubic, quartic and quintic terms must add at s = 1 to the value, the
        // first and the second derivative (in s).
        let va = n1.x - (c0 + c1 + c2);
        let vb = n1.d1 * h - (c1 + 2.0 * c2);
        let vc = n1.d2 * h * h - 2.0 * c2;
        Piece {
            u0: n0.u,
            inv_h: 1.0 / h,
            c: [
                c0,
                c1,
                c2,
                10.0 * va - 4.0 * vb + 0.5 * vc,
                -15.0 * va + 7.0 * vb - vc,
                6.0 * va - 3.0 * vb + 0.5 * vc,
            ],
            x1: n1.x,
            exact: false,
        }
    }

    /// The polynomial at u (within the piece).
    #[inline(always)]
    fn eval(&self, u: f64) -> f64 {
        let s = (u - self.u0) * self.inv_h;
        let c = &self.c;
        let x = c[0] + s * (c[1] + s * (c[2] + s * (c[3] + s * (c[4] + s * c[5]))));
        // max then min rather than clamp: NaN (a piece too steep to tabulate) passes.
        x.max(c[0]).min(self.x1)
    }
}

/// A piece's polynomial as a draw reads it: its start, 1 / width and coefficients, in one
/// 64-byte cache line, so that a draw from a table too large for the processor's nearest
/// caches waits for one line of it rather than two.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Poly {
    u0: f64,
    inv_h: f64,
    c: [f64; 6],
}

/// A tabulated quantile function (see the module's documentation).
#[derive(Clone)]
pub(crate) struct Inverse {
    law: Law,
    /// Each piece's polynomial.
    polys: Box<[Poly]>,
    /// Each piece's end (the next one's start; 1 − U_EDGE for the last) and the value its
    /// polynomial is kept below (x at its end).
    ends: Box<[(f64, f64)]>,
    /// Which pieces are solved exactly, if any are.
    exact: Option<Box<[bool]>>,
    /// guide[k]: the piece holding U_EDGE + k / scale (Chen and Asau's guide table).
    guide: Box<[u32]>,
    scale: f64,
}

impl std::fmt::Debug for Inverse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (pieces, exact) = self.size();
        f.debug_struct("Inverse")
            .field("law", &self.law)
            .field("pieces", &pieces)
            .field("exact", &exact)
            .finish()
    }
}

impl Inverse {
    /// The table of `law`'s quantile function.
    pub(crate) fn new(law: Law) -> Inverse {
        let ln_norm = law.ln_norm();
        let span = 1.0 - 2.0 * U_EDGE;
        let mut nodes = Vec::with_capacity(START + 1);
        for k in 0..=START {
            let u = if k == START {
                1.0 - U_EDGE
            } else {
                U_EDGE + span * k as f64 / START as f64
            };
            let guess = nodes.last().map(|n: &Node| n.x);
            nodes.push(law.node(u, guess, ln_norm));
        }
        let mut pieces = Vec::new();
        for pair in nodes.windows(2) {
            fit(&law, ln_norm, &pair[0], &pair[1], 0, &mut pieces);
        }
        let mut bounds: Vec<f64> = pieces.iter().map(|p| p.u0).collect();
        bounds.push(1.0 - U_EDGE);
        let scale = pieces.len() as f64 / span;
        let cell_of = |u: f64| cell(u, scale, pieces.len());
        let mut guide = Vec::with_capacity(pieces.len());
        let mut j = 0;
        for k in 0..pieces.len() {
            // The least u that `at` puts in cell k, so that the cell's piece is never past
            // the piece holding any u of the cell, however U_EDGE + k / scale rounds: then
            // `at` finds the piece holding u, as `at_ascending` does.
            let mut u = U_EDGE + k as f64 / scale;
            while cell_of(u) < k {
                u = u.next_up();
            }
            while u > U_EDGE && cell_of(u.next_down()) >= k {
                u = u.next_down();
            }
            while j + 1 < pieces.len() && u >= bounds[j + 1] {
                j += 1;
            }
            guide.push(j as u32);
        }
        let polys = pieces
            .iter()
            .map(|p| Poly {
                u0: p.u0,
                inv_h: p.inv_h,
                c: p.c,
            })
            .collect();
        let ends = pieces
            .iter()
            .zip(&bounds[1..])
            .map(|(p, &end)| (end, p.x1))
            .collect();
        let exact = pieces
            .iter()
            .any(|p| p.exact)
            .then(|| pieces.iter().map(|p| p.exact).collect());
        Inverse {
            law,
            polys,
            ends,
            exact,
            guide: guide.into(),
            scale,
        }
    }

    /// The quantile at u, 0 < u < 1.
    #[inline(always)]
    pub(crate) fn at(&self, u: f64) -> f64 {
        if !(U_EDGE..1.0 - U_EDGE).contains(&u) {
            return self.exact(u, None);
        }
        let k = cell(u, self.scale, self.guide.len());
        let mut j = self.guide[k] as usize;
        while u >= self.ends[j].0 {
            j += 1;
        }
        self.piece(j, u)
    }

    /// The quantiles of uniforms `us` given in increasing order, `then` of each written
    /// to `out[to[i]]`: the same numbers as [`Inverse::at`], with each draw's piece found
    /// by one walk along the table rather than a search for each. A block's uniforms under
    /// a Latin hypercube fall one in each stratum, so in stratum order they ascend; the
    /// walk then reads each piece once, in order, from the nearest cache, where a search
    /// reads pieces at random places in a table larger than that cache. A first loop finds
    /// the pieces; a second, in which no draw waits for another, evaluates them (eight at
    /// a time where the processor has AVX-512); a third puts each in its place.
    pub(crate) fn at_ascending(
        &self,
        us: &[f64],
        to: &[u16],
        out: &mut [f64],
        then: impl Fn(f64) -> f64,
    ) {
        self.at_ascending_by(Width::widest(), us, to, out, then);
    }

    /// [`Inverse::at_ascending`] by the code compiled for `width`, which the processor
    /// must have ([`Width::available`]).
    #[inline]
    fn at_ascending_by(
        &self,
        width: Width,
        us: &[f64],
        to: &[u16],
        out: &mut [f64],
        then: impl Fn(f64) -> f64,
    ) {
        match width {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: `Width::widest` and `Width::available` give only widths whose
            // instructions the processor has.
            Width::Avx512 => unsafe { self.at_ascending_avx512(us, to, out, then) },
            // (AVX2 has no lanes for a whole piece: the code for any processor.)
            _ => self.walk(us, to, out, then, |us, pieces, xs| {
                self.polys(us, pieces, xs)
            }),
        }
    }

    /// [`Inverse::walk`] compiled for AVX-512, the polynomials evaluated eight at a time
    /// ([`Inverse::polys_avx512`]).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    fn at_ascending_avx512(
        &self,
        us: &[f64],
        to: &[u16],
        out: &mut [f64],
        then: impl Fn(f64) -> f64,
    ) {
        // (A closure inherits its function's instructions: no `unsafe` to call another.)
        self.walk(us, to, out, then, |us, pieces, xs| {
            self.polys_avx512(us, pieces, xs)
        });
    }

    /// The walk of [`Inverse::at_ascending`], with `polys` to evaluate a run's pieces
    /// (as [`Inverse::polys`] does): the code every width compiles.
    #[inline(always)]
    fn walk(
        &self,
        us: &[f64],
        to: &[u16],
        out: &mut [f64],
        then: impl Fn(f64) -> f64,
        polys: impl Fn(&[f64], &[u32], &mut [f64]),
    ) {
        debug_assert!(us.is_sorted());
        let mut pieces = [0u32; RUN];
        let mut xs = [0f64; RUN];
        let mut j = 0;
        for (us, to) in us.chunks(RUN).zip(to.chunks(RUN)) {
            for (&u, p) in us.iter().zip(&mut pieces) {
                *p = if (U_EDGE..1.0 - U_EDGE).contains(&u) {
                    while u >= self.ends[j].0 {
                        j += 1;
                    }
                    j as u32
                } else {
                    OUTSIDE
                };
            }
            let xs = &mut xs[..us.len()];
            polys(us, &pieces[..us.len()], xs);
            // Only the ends of the (ascending) uniforms can lie outside the table.
            let outside = us[0] < U_EDGE || us[us.len() - 1] >= 1.0 - U_EDGE;
            if outside || self.exact.is_some() {
                for ((x, &u), &p) in xs.iter_mut().zip(us).zip(&pieces) {
                    if p == OUTSIDE {
                        *x = self.exact(u, None);
                    } else {
                        *x = self.solved(p as usize, u, *x);
                    }
                }
            }
            for x in xs.iter_mut() {
                *x = then(*x);
            }
            for (&x, &t) in xs.iter().zip(to) {
                out[usize::from(t)] = x;
            }
        }
    }

    /// Each piece's polynomial at its u (`xs[i]`: piece `pieces[i]` at `us[i]`; a piece
    /// out of the table is read as the last, whose value the caller replaces).
    #[inline(always)]
    fn polys(&self, us: &[f64], pieces: &[u32], xs: &mut [f64]) {
        let last = self.polys.len() - 1;
        for ((x, &u), &p) in xs.iter_mut().zip(us).zip(pieces) {
            *x = self.poly((p as usize).min(last), u);
        }
    }

    /// [`Inverse::polys`] eight draws at a time in AVX-512's lanes: each draw's piece
    /// read as one 64-byte line (a [`Poly`]), the eight lines turned into eight vectors of
    /// one field each, and the polynomial evaluated by the same operations in the same
    /// order as [`Inverse::poly`], so the same numbers bit for bit (tested).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
    fn polys_avx512(&self, us: &[f64], pieces: &[u32], xs: &mut [f64]) {
        use std::arch::x86_64::*;
        let last = self.polys.len() - 1;
        let lines = self.polys.as_ptr().cast::<f64>();
        let ends = self.ends.as_ptr().cast::<f64>();
        // Where in bytes the second of pair j of `ends` lies: pair · j + second (a tuple's
        // layout is the compiler's to choose).
        let (pair, second) = (size_of::<(f64, f64)>(), std::mem::offset_of!((f64, f64), 1));
        let n = us.len().min(pieces.len()).min(xs.len());
        let mut i = 0;
        while i + 8 <= n {
            let at: [usize; 8] = std::array::from_fn(|l| (pieces[i + l] as usize).min(last));
            // SAFETY: each `at` is a piece of the table, whose `Poly` is eight f64 aligned
            // to 64 bytes (`repr(C, align(64))`).
            let r: [__m512d; 8] =
                std::array::from_fn(|l| unsafe { _mm512_load_pd(lines.add(8 * at[l])) });
            let [u0, inv_h, c0, c1, c2, c3, c4, c5] = transpose(r);
            // SAFETY: i + 8 <= n, the length of `us`.
            let u = unsafe { _mm512_loadu_pd(us.as_ptr().add(i)) };
            let s = _mm512_mul_pd(_mm512_sub_pd(u, u0), inv_h);
            let mut x = _mm512_add_pd(c4, _mm512_mul_pd(s, c5));
            x = _mm512_add_pd(c3, _mm512_mul_pd(s, x));
            x = _mm512_add_pd(c2, _mm512_mul_pd(s, x));
            x = _mm512_add_pd(c1, _mm512_mul_pd(s, x));
            x = _mm512_add_pd(c0, _mm512_mul_pd(s, x));
            // The value each piece is kept below: the second of its `ends` pair.
            let bytes: [i64; 8] = std::array::from_fn(|l| (pair * at[l] + second) as i64);
            // SAFETY: each of `bytes` is the place of an f64 of `ends` (`at` is a piece),
            // counted in bytes from its start (scale 1).
            let end = unsafe { _mm512_i64gather_pd::<1>(_mm512_loadu_epi64(bytes.as_ptr()), ends) };
            let x = min_as_f64(max_as_f64(x, c0), end);
            // SAFETY: i + 8 <= n, the length of `xs`.
            unsafe { _mm512_storeu_pd(xs.as_mut_ptr().add(i), x) };
            i += 8;
        }
        self.polys(&us[i..n], &pieces[i..n], &mut xs[i..n]);
    }

    /// The quantile at u from piece `j`, which holds it.
    #[inline(always)]
    fn piece(&self, j: usize, u: f64) -> f64 {
        self.solved(j, u, self.poly(j, u))
    }

    /// Piece `j`'s polynomial at u.
    #[inline(always)]
    fn poly(&self, j: usize, u: f64) -> f64 {
        let p = &self.polys[j];
        let s = (u - p.u0) * p.inv_h;
        let c = &p.c;
        let x = c[0] + s * (c[1] + s * (c[2] + s * (c[3] + s * (c[4] + s * c[5]))));
        // As `Piece::eval`: max then min, so that NaN passes.
        x.max(c[0]).min(self.ends[j].1)
    }

    /// The quantile at u given `x`, piece `j`'s polynomial there: `x` itself, unless the
    /// piece is one solved exactly.
    #[inline(always)]
    fn solved(&self, j: usize, u: f64, x: f64) -> f64 {
        if let Some(exact) = &self.exact
            && exact[j]
        {
            return self.exact(u, Some(x).filter(|x| x.is_finite()));
        }
        x
    }

    /// The exact quantile at u, for the few draws the table does not cover: out of line,
    /// so that the table's path stays small.
    #[cold]
    #[inline(never)]
    fn exact(&self, u: f64, guess: Option<f64>) -> f64 {
        self.law.exact(u, guess)
    }

    /// How many pieces the table has, and how many of them are solved exactly.
    pub(crate) fn size(&self) -> (usize, usize) {
        let exact = self
            .exact
            .as_ref()
            .map_or(0, |e| e.iter().filter(|&&x| x).count());
        (self.polys.len(), exact)
    }
}

/// Eight rows of eight f64 as eight columns: `out[f]` holds field `f` of each row.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn transpose(r: [std::arch::x86_64::__m512d; 8]) -> [std::arch::x86_64::__m512d; 8] {
    use std::arch::x86_64::*;
    // Pairs of rows interleaved (a0 b0 a2 b2 … and a1 b1 a3 b3 …), then their 128-bit
    // lanes gathered twice, the second time into one field of every row.
    let t0 = _mm512_unpacklo_pd(r[0], r[1]);
    let t1 = _mm512_unpackhi_pd(r[0], r[1]);
    let t2 = _mm512_unpacklo_pd(r[2], r[3]);
    let t3 = _mm512_unpackhi_pd(r[2], r[3]);
    let t4 = _mm512_unpacklo_pd(r[4], r[5]);
    let t5 = _mm512_unpackhi_pd(r[4], r[5]);
    let t6 = _mm512_unpacklo_pd(r[6], r[7]);
    let t7 = _mm512_unpackhi_pd(r[6], r[7]);
    const EVEN: i32 = 0b10_00_10_00;
    const ODD: i32 = 0b11_01_11_01;
    let u0 = _mm512_shuffle_f64x2::<EVEN>(t0, t2);
    let u1 = _mm512_shuffle_f64x2::<ODD>(t0, t2);
    let u2 = _mm512_shuffle_f64x2::<EVEN>(t1, t3);
    let u3 = _mm512_shuffle_f64x2::<ODD>(t1, t3);
    let u4 = _mm512_shuffle_f64x2::<EVEN>(t4, t6);
    let u5 = _mm512_shuffle_f64x2::<ODD>(t4, t6);
    let u6 = _mm512_shuffle_f64x2::<EVEN>(t5, t7);
    let u7 = _mm512_shuffle_f64x2::<ODD>(t5, t7);
    [
        _mm512_shuffle_f64x2::<EVEN>(u0, u4),
        _mm512_shuffle_f64x2::<EVEN>(u2, u6),
        _mm512_shuffle_f64x2::<EVEN>(u1, u5),
        _mm512_shuffle_f64x2::<EVEN>(u3, u7),
        _mm512_shuffle_f64x2::<ODD>(u0, u4),
        _mm512_shuffle_f64x2::<ODD>(u2, u6),
        _mm512_shuffle_f64x2::<ODD>(u1, u5),
        _mm512_shuffle_f64x2::<ODD>(u3, u7),
    ]
}

/// `x.max(y)` in each lane, as `f64::max` is compiled for one: y where x is NaN, else
/// y if y > x, else x (so x of two zeros).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn max_as_f64(
    x: std::arch::x86_64::__m512d,
    y: std::arch::x86_64::__m512d,
) -> std::arch::x86_64::__m512d {
    y_where_nan(x, y, std::arch::x86_64::_mm512_max_pd(y, x))
}

/// `x.min(y)` in each lane, as `f64::min` is compiled for one: y where x is NaN, else
/// y if y < x, else x.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn min_as_f64(
    x: std::arch::x86_64::__m512d,
    y: std::arch::x86_64::__m512d,
) -> std::arch::x86_64::__m512d {
    y_where_nan(x, y, std::arch::x86_64::_mm512_min_pd(y, x))
}

/// `y` in the lanes where `x` is NaN, else `ordered` (the instruction's `max` or `min` of
/// y and x, which gives x there): the rule `f64::max` and `f64::min` share.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn y_where_nan(
    x: std::arch::x86_64::__m512d,
    y: std::arch::x86_64::__m512d,
    ordered: std::arch::x86_64::__m512d,
) -> std::arch::x86_64::__m512d {
    use std::arch::x86_64::*;
    _mm512_mask_blend_pd(_mm512_cmp_pd_mask::<_CMP_UNORD_Q>(x, x), ordered, y)
}

/// The guide table's cell holding u (of `cells`, `scale` of them to a unit of u): the one
/// formula the table is built by and searched by.
#[inline(always)]
fn cell(u: f64, scale: f64, cells: usize) -> usize {
    (((u - U_EDGE) * scale) as usize).min(cells - 1)
}

/// Appends the pieces between `n0` and `n1`: one, if its midpoint is within [`TOL`] of
/// the exact quantile; else those of each half.
fn fit(law: &Law, ln_norm: f64, n0: &Node, n1: &Node, depth: u32, out: &mut Vec<Piece>) {
    let mut piece = Piece::hermite(n0, n1);
    let um = 0.5 * (n0.u + n1.u);
    let guess = piece.eval(um);
    let mid = law.node(um, Some(guess).filter(|g| g.is_finite()), ln_norm);
    let error = if guess == mid.x {
        0.0
    } else {
        ((guess - mid.x) / mid.x).abs()
    };
    // Within a piece x grows at most twofold, so that the error, largest in absolute
    // terms at the midpoint, is nowhere more than twice as large relative to x.
    if error <= law.tol() && n1.x <= 2.0 * n0.x {
        out.push(piece);
    } else if depth >= MAX_DEPTH
        || out.len() >= MAX_PIECES
        || !(n0.u < um && um < n1.u)
        || !(n0.x > DEGENERATE && (n1.x < 1.0 || matches!(law, Law::Gamma { .. })))
    {
        piece.exact = true;
        out.push(piece);
    } else {
        fit(law, ln_norm, n0, &mid, depth + 1, out);
        fit(law, ln_norm, &mid, n1, depth + 1, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Laws of ordinary shapes, and shapes near the limits, whose tables leave pieces to
    /// the exact solver.
    fn laws() -> Vec<Law> {
        vec![
            Law::beta(3.0, 5.0),
            Law::beta(0.3, 2.0),
            Law::beta(12.6, 50.4),
            Law::beta(1e-3, 1e-3),
            Law::Gamma { a: 12.25 },
            Law::Gamma { a: 0.5 },
            Law::Gamma { a: 1e-4 },
        ]
    }

    #[test]
    fn every_u_of_a_cell_lies_in_or_past_the_cells_piece() {
        // What makes a search from the guide find the piece holding u, so that `at` and
        // `at_ascending` agree: at every cell's edge, to a few units in the last place
        // either side, the piece the guide gives starts at or below u.
        for law in laws() {
            let t = Inverse::new(law);
            let starts: Vec<f64> = t.polys.iter().map(|p| p.u0).collect();
            for k in 1..t.guide.len() {
                let mut u = U_EDGE + k as f64 / t.scale;
                for _ in 0..4 {
                    u = u.next_down();
                }
                for _ in 0..8 {
                    let k = cell(u, t.scale, t.guide.len());
                    let piece = t.guide[k] as usize;
                    assert!(starts[piece] <= u, "{law:?}: cell {k}, u {u:e}");
                    u = u.next_up();
                }
            }
        }
    }

    #[test]
    fn the_walk_gives_the_searchs_quantiles_bit_for_bit() {
        // By every width the processor has (AVX-512 evaluates eight pieces at a time).
        // A stratified sample of 2,048 (as a block's), with the far tails the table leaves
        // to the exact solver, each quantile sent through a map and to a scrambled place.
        let mut us: Vec<f64> = (0..2048).map(|i| (i as f64 + 0.37) / 2048.0).collect();
        us.extend([
            1e-300,
            1e-9,
            U_EDGE,
            U_EDGE.next_up(),
            1.0 - U_EDGE,
            1.0 - 1e-9,
        ]);
        us.push(1.0f64.next_down());
        us.sort_by(f64::total_cmp);
        let n = us.len();
        let to: Vec<u16> = (0..n).map(|i| ((i * 611) % n) as u16).collect();
        let mut exact_pieces = 0;
        for law in laws() {
            let t = Inverse::new(law);
            exact_pieces += t.size().1;
            for &width in Width::available() {
                let mut out = vec![f64::NAN; n];
                // A map to a scale, and bounded as a beta's is (which binds for some).
                let then = |x: f64| (3.0 + 0.5 * x).min(3.4);
                t.at_ascending_by(width, &us, &to, &mut out, then);
                for (&u, &k) in us.iter().zip(&to) {
                    let want = then(t.at(u));
                    let got = out[usize::from(k)];
                    assert_eq!(got.to_bits(), want.to_bits(), "{law:?} at {u:e}, {width:?}");
                }
            }
        }
        assert!(exact_pieces > 0, "no law exercises the exact pieces");
    }

    /// Values whose order `max` and `min` must settle as `f64::max` and `f64::min` do.
    #[cfg(target_arch = "x86_64")]
    const AWKWARD: [f64; 9] = [
        f64::NAN,
        -0.0,
        0.0,
        1.0,
        -1.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e-310,
        2.5,
    ];

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_lanes_max_and_min_are_f64s() {
        use std::arch::x86_64::*;
        use std::hint::black_box;
        if !Width::available().contains(&Width::Avx512) {
            eprintln!("no AVX-512 here: its max and min are not used, so not tested");
            return;
        }
        for &y in &AWKWARD {
            // SAFETY: the processor has AVX-512 (above); each array is eight f64.
            let (max, min) = unsafe {
                let (x, yy) = (_mm512_loadu_pd(AWKWARD[..8].as_ptr()), _mm512_set1_pd(y));
                let (mut max, mut min) = ([0.0; 8], [0.0; 8]);
                _mm512_storeu_pd(max.as_mut_ptr(), max_as_f64(x, yy));
                _mm512_storeu_pd(min.as_mut_ptr(), min_as_f64(x, yy));
                (max, min)
            };
            for (l, &x) in AWKWARD[..8].iter().enumerate() {
                let (x, y) = (black_box(x), black_box(y));
                assert_eq!(max[l].to_bits(), x.max(y).to_bits(), "{x:?}.max({y:?})");
                assert_eq!(min[l].to_bits(), x.min(y).to_bits(), "{x:?}.min({y:?})");
            }
        }
    }
}
