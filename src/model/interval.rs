//! Intervals of the real line: the values a quantity's role allows, and where a root is
//! searched for.

/// An interval of the real line; infinite ends are open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end (may be −∞).
    pub lo: f64,
    /// Upper end (may be +∞).
    pub hi: f64,
    /// Whether `lo` itself is excluded.
    pub lo_open: bool,
    /// Whether `hi` itself is excluded.
    pub hi_open: bool,
}

impl Interval {
    /// The whole real line.
    pub const ALL: Interval = Interval {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
        lo_open: true,
        hi_open: true,
    };

    /// Whether `x` lies in the interval.
    #[inline]
    pub fn contains(&self, x: f64) -> bool {
        let above = x > self.lo || (!self.lo_open && x == self.lo);
        let below = x < self.hi || (!self.hi_open && x == self.hi);
        above && below
    }

    /// The closed interval [lo, hi].
    pub fn closed(lo: f64, hi: f64) -> Interval {
        Interval {
            lo,
            hi,
            lo_open: false,
            hi_open: false,
        }
    }
}
