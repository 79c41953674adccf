//! An exact sum of floating-point numbers, independent of the order they are added in.
//!
//! Every finite f64 is an integer multiple of 2⁻¹⁰⁷⁴, so a sum of them is held exactly as
//! a fixed-point integer of about 2,100 bits (Kulisch's long accumulator, as in Neal's
//! *Fast exact summation using small and large superaccumulators*, 2015): 32-bit digits
//! kept in 64-bit words, whose spare bits absorb carries until they are propagated. Two
//! accumulators add digit by digit, so a sum split across threads, passes or machines
//! gives the same result, bit for bit, whatever the split. The result is rounded once, to
//! nearest with ties to even, after an optional exact division by a whole number (a mean).

use serde::{Deserialize, Serialize};

/// Digits of 32 bits from 2⁻¹⁰⁷⁴ up: 66 cover every finite f64, two more leave room for
/// the carries of up to 2⁶⁴ of the largest values.
const DIGITS: usize = 68;
/// Adds between carry propagations: each add puts less than 2³² in a word, so 2³⁰ adds
/// cannot overflow the 2⁶³ a word holds.
const CARRY_EVERY: u32 = 1 << 30;

/// An exact sum of f64 values (non-finite ones are summed apart and win: an infinite or
/// NaN term makes the result infinite or NaN, as a plain sum would).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExactSum {
    words: Vec<i64>,
    #[serde(skip)]
    pending: u32,
    /// The sum of the non-finite terms, as bits (0 for none).
    special: u64,
}

impl Default for ExactSum {
    fn default() -> Self {
        ExactSum {
            words: vec![0; DIGITS],
            pending: 0,
            special: 0f64.to_bits(),
        }
    }
}

impl ExactSum {
    /// Adds `x` exactly.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.special = (f64::from_bits(self.special) + x).to_bits();
            return;
        }
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as usize;
        let frac = bits & ((1 << 52) - 1);
        let (mant, pos) = if exp == 0 {
            (frac, 0)
        } else {
            (frac | 1 << 52, exp - 1)
        };
        if mant == 0 {
            return;
        }
        let wide = (mant as u128) << (pos % 32);
        let i = pos / 32;
        let neg = bits >> 63 == 1;
        for k in 0..3 {
            let digit = ((wide >> (32 * k)) & 0xffff_ffff) as i64;
            if digit != 0 {
                self.words[i + k] += if neg { -digit } else { digit };
            }
        }
        self.pending += 1;
        if self.pending >= CARRY_EVERY {
            self.carry();
        }
    }

    /// Adds the product `a × b` exactly (the rounded product and its rounding error).
    pub fn add_product(&mut self, a: f64, b: f64) {
        let p = a * b;
        if !p.is_finite() {
            self.add(p);
            return;
        }
        self.add(p);
        self.add(a.mul_add(b, -p));
    }

    /// Adds another sum to this one.
    pub fn merge(&mut self, other: &ExactSum) {
        self.carry();
        let mut o = other.clone();
        o.carry();
        for (w, v) in self.words.iter_mut().zip(&o.words) {
            *w += v;
        }
        self.special = (f64::from_bits(self.special) + f64::from_bits(o.special)).to_bits();
        self.carry();
    }

    /// Propagates carries so that every word but the top holds a digit in [0, 2³²).
    fn carry(&mut self) {
        for i in 0..DIGITS - 1 {
            let c = self.words[i] >> 32;
            self.words[i] -= c << 32;
            self.words[i + 1] += c;
        }
        self.pending = 0;
    }

    /// The sum, rounded to the nearest f64.
    pub fn value(&self) -> f64 {
        self.divided_by(1)
    }

    /// The sum divided by `n` (≥ 1), the exact quotient rounded once to the nearest f64.
    pub fn divided_by(&self, n: u64) -> f64 {
        let special = f64::from_bits(self.special);
        if special != 0.0 {
            return special / n as f64;
        }
        let mut s = self.clone();
        s.carry();
        let negative = s.words[DIGITS - 1] < 0;
        if negative {
            for w in s.words.iter_mut() {
                *w = -*w;
            }
            s.carry();
        }
        // Long division of the magnitude, from the top digit down.
        let n = n.max(1) as u128;
        let mut q = [0u32; DIGITS];
        let mut rem: u128 = 0;
        for i in (0..DIGITS).rev() {
            let cur = (rem << 32) + s.words[i] as u128;
            q[i] = (cur / n) as u32;
            rem = cur % n;
        }
        let magnitude = round_fixed(&q, rem, n);
        if negative { -magnitude } else { magnitude }
    }
}

/// The fixed-point number `q` × 2⁻¹⁰⁷⁴ (digits of 32 bits, lowest first) plus rem/n of
/// its last unit, rounded to the nearest f64 with ties to even.
fn round_fixed(q: &[u32; DIGITS], rem: u128, n: u128) -> f64 {
    let Some(top) = (0..DIGITS).rev().find(|&i| q[i] != 0) else {
        // Below one unit: round the fraction rem/n of 2⁻¹⁰⁷⁴.
        return if 2 * rem > n { f64::from_bits(1) } else { 0.0 };
    };
    let bit = |i: usize| (q[i / 32] >> (i % 32)) & 1 == 1;
    let any_below =
        |i: usize| q[..i / 32].iter().any(|&d| d != 0) || q[i / 32] & ((1u32 << (i % 32)) - 1) != 0;
    let len = 32 * top + (32 - q[top].leading_zeros() as usize);
    if len <= 53 {
        // An exact integer number of units; the remainder decides the last unit.
        let mut m: u64 = 0;
        for i in (0..=top).rev() {
            m = (m << 32) | q[i] as u64;
        }
        if 2 * rem > n || (2 * rem == n && m & 1 == 1) {
            m += 1;
        }
        return m as f64 * f64::from_bits(1);
    }
    let shift = len - 53;
    let mut mant: u64 = 0;
    for i in (shift..len).rev() {
        mant = (mant << 1) | bit(i) as u64;
    }
    let half = bit(shift - 1);
    let rest = rem != 0 || (shift >= 2 && any_below(shift - 1));
    if half && (rest || mant & 1 == 1) {
        mant += 1;
    }
    libm::ldexp(mant as f64, shift as i32 - 1074)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn exact(xs: &[f64]) -> ExactSum {
        let mut s = ExactSum::default();
        for &x in xs {
            s.add(x);
        }
        s
    }

    #[test]
    fn sums_that_plain_addition_gets_wrong() {
        // 1e100 + 1 - 1e100 is 1; adding left to right gives 0.
        assert_eq!(exact(&[1e100, 1.0, -1e100]).value(), 1.0);
        // Ten 0.1s: the exact sum of the ten binary values rounds to 1.
        assert_eq!(exact(&[0.1; 10]).value(), 1.0);
        assert_eq!(exact(&[]).value(), 0.0);
        assert_eq!(exact(&[-2.5, 0.5]).value(), -2.0);
        assert_eq!(
            exact(&[f64::MIN_POSITIVE / 4.0]).value(),
            f64::MIN_POSITIVE / 4.0
        );
        assert_eq!(exact(&[f64::MAX, -f64::MAX, 3.0]).value(), 3.0);
    }

    #[test]
    fn division_rounds_once() {
        // 1/3 rounded once; (1 + 2 + 3 + 4) / 4 = 2.5 exactly.
        assert_eq!(exact(&[1.0]).divided_by(3), 1.0 / 3.0);
        assert_eq!(exact(&[1.0, 2.0, 3.0, 4.0]).divided_by(4), 2.5);
        // n times a constant over n gives the constant back.
        let c = 2028.985507246377;
        let mut s = ExactSum::default();
        s.add_product(5000.0, c);
        assert_eq!(s.divided_by(5000), c);
        assert_eq!(exact(&[-7.0]).divided_by(2), -3.5);
    }

    #[test]
    fn non_finite_terms_win() {
        assert_eq!(exact(&[1.0, f64::INFINITY]).value(), f64::INFINITY);
        assert!(exact(&[f64::INFINITY, f64::NEG_INFINITY]).value().is_nan());
    }

    proptest! {
        #[test]
        fn order_and_split_do_not_matter(xs in prop::collection::vec(-1e12f64..1e12, 0..200),
                                         cut in 0usize..200) {
            let cut = cut.min(xs.len());
            let mut a = exact(&xs[..cut]);
            a.merge(&exact(&xs[cut..]));
            let mut rev = xs.clone();
            rev.reverse();
            prop_assert_eq!(a.value(), exact(&rev).value());
            // Against a double-double reference for the rounded sum of few terms.
            if xs.len() == 2 {
                prop_assert_eq!(a.value(), xs[0] + xs[1]);
            }
        }

        #[test]
        fn one_value_divided_by_one_is_itself(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
            prop_assert_eq!(exact(&[x]).value().to_bits(), (x + 0.0).to_bits());
        }
    }
}
