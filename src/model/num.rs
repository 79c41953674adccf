//! Numbers as they appear in messages and descriptions: Rust's `{}` for an `f64` never
//! switches to an exponent, so 1e300 would print as 301 digits and 1e-320 as 320 zeros.
//! Here a number prints as written in the usual range and in scientific notation beyond
//! it, always with the shortest digits that read back as the same number.

/// `x` for a message: `0.25`, `36000`, `1e16`, `1.5e-7`.
pub fn num(x: f64) -> String {
    let a = x.abs();
    if x != 0.0 && x.is_finite() && !(1e-6..1e16).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn long_numbers_turn_scientific() {
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(36000.0), "36000");
        assert_eq!(num(-3.5), "-3.5");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1e16), "1e16");
        assert_eq!(num(1.7e308), "1.7e308");
        assert_eq!(num(1e-320), "1e-320");
        assert_eq!(num(-1.5e-7), "-1.5e-7");
        assert_eq!(num(f64::INFINITY), "inf");
        assert!(num(f64::MAX).len() < 30);
    }
}
