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
    /// the pieces; a second, in which no draw waits for another, evaluates them.
    pub(crate) fn at_ascending(
        &self,
        us: &[f64],
        to: &[u16],
        out: &mut [f64],
        then: impl Fn(f64) -> f64,
    ) {
        debug_assert!(us.is_sorted());
        let mut pieces = [0u32; RUN];
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
            for ((&u, &t), &p) in us.iter().zip(to).zip(&pieces) {
                let x = if p == OUTSIDE {
                    self.exact(u, None)
                } else {
                    self.piece(p as usize, u)
                };
                out[usize::from(t)] = then(x);
            }
        }
    }

    /// The quantile at u from piece `j`, which holds it.
    #[inline(always)]
    fn piece(&self, j: usize, u: f64) -> f64 {
        let p = &self.polys[j];
        let s = (u - p.u0) * p.inv_h;
        let c = &p.c;
        let x = c[0] + s * (c[1] + s * (c[2] + s * (c[3] + s * (c[4] + s * c[5]))));
        // As `Piece::eval`: max then min, so that NaN passes.
        let x = x.max(c[0]).min(self.ends[j].1);
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
            let mut out = vec![f64::NAN; n];
            t.at_ascending(&us, &to, &mut out, |x| 3.0 + 0.5 * x);
            for (&u, &k) in us.iter().zip(&to) {
                let want = 3.0 + 0.5 * t.at(u);
                let got = out[usize::from(k)];
                assert_eq!(got.to_bits(), want.to_bits(), "{law:?} at {u:e}");
            }
        }
        assert!(exact_pieces > 0, "no law exercises the exact pieces");
    }
}
