//! Where a function of one number crosses zero: the root nearest a starting point, within
//! an allowed range, for sensitivity's switching values.
//!
//! The base-case ratio as a function of one quantity is usually linear, but drop-off and
//! the discount rate make it a polynomial or a rational function, and `min`, `max` or a
//! division in an expression can make it kinked, non-monotone or discontinuous. So the
//! search is a scan, then a refinement:
//!
//! 1. **Scan** outwards from the start on each side for a sign change between neighbouring
//!    valid points: over a bounded side, a uniform grid of [`GRID`] steps (then, towards an
//!    open end, points closing in on it geometrically); over an unbounded side, steps that
//!    double from a small fraction of the start until the numbers run out. The first sign
//!    change on a side brackets the root nearest the start on that side (roots closer
//!    together than the scan's step can be missed, as by any scan).
//! 2. **Refine** the bracket by Brent's method (Brent 1973, *Algorithms for Minimization
//!    without Derivatives*, ch. 4; the form of Press et al., *Numerical Recipes*, `zbrent`):
//!    inverse quadratic interpolation and secant steps, falling back to bisection, to a
//!    relative tolerance of [`X_TOL`].
//! 3. **Check** that the function is near zero there: a sign change across a pole (a
//!    division by something crossing zero) converges to the pole, where it is not.
//!
//! A point where the function has no valid value (`None`: a rule broken, an investment that
//! is not positive) never brackets a root with its neighbours; when the scan steps from a
//! valid point to one that is not, the stretch between is bisected towards the edge of
//! the valid part, where a root may lie (a caseload that may not fall below zero).

use crate::model::interval::Interval;

/// Uniform steps across a bounded side of the range.
pub const GRID: usize = 100;
/// Relative tolerance on the root.
pub const X_TOL: f64 = 1e-12;
/// Bisections towards the edge where a function stops being valid.
const EDGE_STEPS: usize = 80;
/// Points closing in on an open end of a bounded side, each halving the gap.
const TAIL: usize = 60;

/// The root of `f` in `range` nearest `start` (which must lie in the range), or `None` if
/// the scan finds none. `f` returns `None` where it has no valid value. If `f(start)` is
/// exactly zero, the answer is `start`.
pub fn nearest_root(
    mut f: impl FnMut(f64) -> Option<f64>,
    start: f64,
    range: Interval,
) -> Option<f64> {
    let f0 = f(start)?;
    if f0 == 0.0 {
        return Some(start);
    }
    let up = side(&mut f, start, f0, range.hi, range.hi_open, f64::INFINITY);
    let reach = up.map_or(f64::INFINITY, |x| x - start);
    let down = side(&mut f, start, f0, range.lo, range.lo_open, reach);
    match (down, up) {
        (Some(d), Some(u)) => Some(if start - d <= u - start { d } else { u }),
        (d, u) => d.or(u),
    }
}

/// For a function of a whole number (a duration): the whole number in `range` nearest
/// `start` (itself whole) at which `f` reaches zero or has crossed it, i.e. is zero or of
/// the other sign from `f(start)`; the lower of two equally near. `None` if there is none,
/// or `f(start)` has no valid value.
pub fn nearest_whole_root(
    mut f: impl FnMut(f64) -> Option<f64>,
    start: f64,
    range: Interval,
) -> Option<f64> {
    let f0 = f(start)?;
    if f0 == 0.0 {
        return Some(start);
    }
    let reached = |fx: f64| fx == 0.0 || (fx > 0.0) != (f0 > 0.0);
    let (lo, hi) = (range.lo.ceil(), range.hi.floor());
    let mut step = 1.0;
    while start - step >= lo || start + step <= hi {
        for x in [start - step, start + step] {
            if range.contains(x) && f(x).is_some_and(reached) {
                return Some(x);
            }
        }
        step += 1.0;
    }
    None
}

/// The first root found scanning from `start` towards `end`, no further than `reach`.
fn side(
    f: &mut impl FnMut(f64) -> Option<f64>,
    start: f64,
    f0: f64,
    end: f64,
    open: bool,
    reach: f64,
) -> Option<f64> {
    let mut last = Some((start, f0));
    for x in scan(start, end, open) {
        if (x - start).abs() > reach {
            return None;
        }
        let Some(fx) = f(x) else {
            // The function stops being valid somewhere after the last valid point: the
            // root may lie between, before the edge (a caseload that may not go negative).
            if let Some((a, fa)) = last
                && let Some(root) = towards_edge(f, a, fa, x)
            {
                return Some(root);
            }
            last = None;
            continue;
        };
        if fx == 0.0 {
            return Some(x);
        }
        if let Some((a, fa)) = last
            && (fa > 0.0) != (fx > 0.0)
            && let Some(root) = refine(f, a, fa, x, fx)
        {
            return Some(root);
        }
        last = Some((x, fx));
    }
    None
}

/// The points to try from `start` towards `end`, in order of distance.
fn scan(start: f64, end: f64, open: bool) -> Box<dyn Iterator<Item = f64>> {
    let span = end - start;
    if span == 0.0 || span.is_nan() {
        return Box::new(std::iter::empty());
    }
    if span.is_finite() {
        let last = if open { GRID - 1 } else { GRID };
        let grid = (1..=last).map(move |i| start + span * (i as f64 / GRID as f64));
        let gap = span / GRID as f64;
        let tail = (1..=TAIL)
            .filter(move |_| open)
            .map(move |k| end - gap * 0.5f64.powi(k as i32))
            .take_while(move |&x| x != end);
        return Box::new(grid.chain(tail));
    }
    let direction = span.signum();
    let first = if start != 0.0 {
        start.abs() * 1e-3
    } else {
        1e-3
    };
    Box::new(
        (0..)
            .map(move |k| start + direction * first * 2f64.powi(k))
            .take_while(|x| x.is_finite() && x.abs() < 1e300),
    )
}

/// A root between `a` (valid, value `fa`) and `b` (not valid), found by bisecting for
/// the edge of the valid part, refining as soon as a valid point changes sign.
fn towards_edge(f: &mut impl FnMut(f64) -> Option<f64>, a: f64, fa: f64, b: f64) -> Option<f64> {
    let (mut good, mut f_good, mut bad) = (a, fa, b);
    for _ in 0..EDGE_STEPS {
        let mid = 0.5 * (good + bad);
        if mid == good || mid == bad {
            break;
        }
        match f(mid) {
            Some(0.0) => return Some(mid),
            Some(fm) if (fm > 0.0) != (f_good > 0.0) => return refine(f, good, f_good, mid, fm),
            Some(fm) => (good, f_good) = (mid, fm),
            None => bad = mid,
        }
    }
    None
}

/// Brent's method on a bracket [a, b] whose ends have opposite signs; `None` if a point
/// inside has no valid value or the sign change is not a root (a pole).
fn refine(f: &mut impl FnMut(f64) -> Option<f64>, a: f64, fa: f64, b: f64, fb: f64) -> Option<f64> {
    let size = fa.abs() + fb.abs();
    let tol = X_TOL * a.abs().max(b.abs());
    let (mut a, mut fa, mut b, mut fb) = (a, fa, b, fb);
    let (mut c, mut fc) = (a, fa);
    let (mut d, mut e) = (b - a, b - a);
    for _ in 0..300 {
        if (fb > 0.0) == (fc > 0.0) {
            (c, fc) = (a, fa);
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, fa) = (b, fb);
            (b, fb) = (c, fc);
            (c, fc) = (a, fa);
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            break;
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            // Inverse quadratic interpolation (a secant step when only two points differ).
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * xm * s, 1.0 - s)
            } else {
                let (q, r) = (fa / fc, fb / fc);
                (
                    s * (2.0 * xm * q * (q - r) - (b - a) * (r - 1.0)),
                    (q - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            let min1 = 3.0 * xm * q - (tol1 * q).abs();
            let min2 = (e * q).abs();
            if 2.0 * p < min1.min(min2) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        (a, fa) = (b, fb);
        b += if d.abs() > tol1 { d } else { tol1.copysign(xm) };
        fb = f(b)?;
    }
    // A root leaves the function far smaller than at the bracket's ends; a pole does not.
    (fb.abs() <= 1e-3 * size).then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.unwrap_or_else(|| panic!("no root; expected {b}"));
        assert!((a - b).abs() <= 1e-10 * b.abs().max(1.0), "{a} != {b}");
    }

    #[test]
    fn linear_functions_on_every_kind_of_range() {
        // 2x − 1 has its root at 0.5, inside [0, 1] from either side.
        close(
            nearest_root(|x| Some(2.0 * x - 1.0), 0.2, Interval::closed(0.0, 1.0)),
            0.5,
        );
        close(
            nearest_root(|x| Some(2.0 * x - 1.0), 0.9, Interval::closed(0.0, 1.0)),
            0.5,
        );
        // 3000 − x from 20: a root 150 times the start away.
        close(
            nearest_root(|x| Some(3000.0 - x), 20.0, Interval::ALL),
            3000.0,
        );
        // x + 1e9 from 0: far below, found by doubling steps.
        close(nearest_root(|x| Some(x + 1e9), 0.0, Interval::ALL), -1e9);
    }

    #[test]
    fn a_root_at_the_start_or_at_a_closed_end() {
        assert_eq!(
            nearest_root(|x| Some(x - 0.3), 0.3, Interval::ALL),
            Some(0.3)
        );
        close(
            nearest_root(|x| Some(x - 1.0), 0.4, Interval::closed(0.0, 1.0)),
            1.0,
        );
    }

    #[test]
    fn the_root_nearest_the_start_of_a_non_monotone_function() {
        // (x − 1)(x − 4) from 2: roots 1 (distance 1) and 4 (distance 2).
        let f = |x: f64| Some((x - 1.0) * (x - 4.0));
        close(nearest_root(f, 2.0, Interval::ALL), 1.0);
        // From 3 the nearer root is 4.
        close(nearest_root(f, 3.0, Interval::ALL), 4.0);
        // A kinked function as min() makes: 1 − |x − 5| has roots 4 and 6; from 5.8, 6.
        close(
            nearest_root(|x| Some(1.0 - (x - 5.0).abs()), 5.8, Interval::ALL),
            6.0,
        );
    }

    #[test]
    fn no_root_in_range() {
        // x² + 1 never crosses zero.
        assert_eq!(
            nearest_root(|x| Some(x * x + 1.0), 0.5, Interval::ALL),
            None
        );
        // x − 2 crosses only outside [0, 1].
        assert_eq!(
            nearest_root(|x| Some(x - 2.0), 0.5, Interval::closed(0.0, 1.0)),
            None
        );
        // A constant.
        assert_eq!(nearest_root(|_| Some(1.0), 3.0, Interval::ALL), None);
    }

    #[test]
    fn a_pole_is_not_a_root() {
        // 1 / (x − 3) changes sign at 3 but is never zero.
        assert_eq!(
            nearest_root(|x| Some(1.0 / (x - 3.0)), 0.0, Interval::ALL),
            None
        );
    }

    #[test]
    fn invalid_points_do_not_bracket() {
        // Invalid for x < 0; the sign change across the gap at 0 is not a root, the
        // genuine one at 10 is.
        let f = |x: f64| match x {
            _ if x < 0.0 => None,
            _ => Some(x - 10.0),
        };
        close(nearest_root(f, 0.5, Interval::ALL), 10.0);
        let g = |x: f64| {
            if (1.0..2.0).contains(&x) {
                None
            } else {
                Some(x - 1.5)
            }
        };
        assert_eq!(nearest_root(g, 0.5, Interval::closed(0.0, 3.0)), None);
    }

    #[test]
    fn a_root_just_before_the_function_stops_being_valid() {
        // x − 10, valid only from 9.5 up, from 100: the doubling steps jump from 48.8 to
        // −2.4, past the root and out of the valid part.
        let f = |x: f64| (x >= 9.5).then_some(x - 10.0);
        close(nearest_root(f, 100.0, Interval::ALL), 10.0);
        // Valid only from 10.5 up: the function never reaches 0 where it is valid.
        let g = |x: f64| (x >= 10.5).then_some(x - 10.0);
        assert_eq!(nearest_root(g, 100.0, Interval::ALL), None);
    }

    #[test]
    fn intervals_contain_their_closed_ends_only() {
        let unit = Interval::closed(0.0, 1.0);
        assert!(unit.contains(0.0) && unit.contains(1.0) && unit.contains(0.5));
        assert!(!unit.contains(-1e-12) && !unit.contains(1.0 + 1e-12));
        let above_minus_one = Interval {
            lo: -1.0,
            lo_open: true,
            ..Interval::ALL
        };
        assert!(!above_minus_one.contains(-1.0) && above_minus_one.contains(-0.999));
        assert!(Interval::ALL.contains(-1e308) && !Interval::ALL.contains(f64::NAN));
    }

    #[test]
    fn whole_numbers_nearest_the_start() {
        let years = Interval::closed(1.0, 200.0);
        // 0.6 d − 1 reaches zero between 1 and 2: from 4, the first whole number at which
        // it has crossed is 1.
        assert_eq!(
            nearest_whole_root(|d| Some(0.6 * d - 1.0), 4.0, years),
            Some(1.0)
        );
        // From 1 upwards: crosses by 2.
        assert_eq!(
            nearest_whole_root(|d| Some(0.6 * d - 1.0), 1.0, years),
            Some(2.0)
        );
        // Exactly zero at a whole number.
        assert_eq!(nearest_whole_root(|d| Some(d - 3.0), 7.0, years), Some(3.0));
        // Never within the range.
        assert_eq!(nearest_whole_root(|d| Some(d + 1.0), 3.0, years), None);
        // Equally near on both sides: the lower.
        assert_eq!(
            nearest_whole_root(|d| Some((d - 5.0).abs() - 1.5), 5.0, years),
            Some(3.0)
        );
    }

    #[test]
    fn towards_an_open_end() {
        // 1 / (1 + r) − 50 on (−1, ∞) from 0.035: root at r = 1/50 − 1 = −0.98.
        let range = Interval {
            lo: -1.0,
            hi: f64::INFINITY,
            lo_open: true,
            hi_open: true,
        };
        close(
            nearest_root(|r| Some(1.0 / (1.0 + r) - 50.0), 0.035, range),
            -0.98,
        );
        // 1 / (1 + r) − 1e6: root at r = 1e-6 − 1, within the geometric tail.
        close(
            nearest_root(|r| Some(1.0 / (1.0 + r) - 1e6), 0.035, range),
            1e-6 - 1.0,
        );
    }
}
