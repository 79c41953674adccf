//! The SROI Guide's arithmetic for one draw (spec §2), as pure functions.
//!
//! For an outcome with quantity Q, proxy V, deadweight DW, displacement DS, attribution
//! AT and drop-off DO, counted from `start_year` s for `duration` years at discount rate r:
//!
//! ```text
//! impact(s)     = Q · V · (1 − DW) · (1 − DS) · (1 − AT)
//! impact(s + k) = impact(s) · (1 − DO)^k                      k = 1 … duration − 1
//! PV            = Σ_t impact(t) / (1 + r)^t
//! ```
//!
//! Year 1 is discounted once and year 0 not at all. The investment is Σ amount / (1 + r)^year,
//! the ratio PV / investment, and the simple payback 12 · investment / (the undiscounted
//! impact of all outcomes in year 1), none when that is not positive.

/// What one outcome needs for one draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutcomeTerms {
    /// Units (usually people) experiencing the outcome.
    pub quantity: f64,
    /// Financial proxy per unit per year (negative for a disbenefit).
    pub value: f64,
    /// Share that would have happened anyway.
    pub deadweight: f64,
    /// Share that displaces outcomes elsewhere.
    pub displacement: f64,
    /// Share due to others.
    pub attribution: f64,
    /// Share of the effect lost each year after the first.
    pub drop_off: f64,
    /// Whole years the outcome lasts (>= 1).
    pub duration: u32,
    /// The first year it is counted.
    pub start_year: u32,
}

/// An outcome's contribution in one draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutcomeValue {
    /// Its present value.
    pub present_value: f64,
    /// Its undiscounted impact in year 1 (for the payback period).
    pub year_one: f64,
}

/// The impact in the outcome's first year, after deadweight, displacement and attribution.
#[inline]
pub fn first_year_impact(t: &OutcomeTerms) -> f64 {
    t.quantity * t.value * (1.0 - t.deadweight) * (1.0 - t.displacement) * (1.0 - t.attribution)
}

/// The present value of an outcome and its year-1 impact at discount rate `rate`.
#[inline]
pub fn outcome_value(t: &OutcomeTerms, rate: f64) -> OutcomeValue {
    let impact = first_year_impact(t);
    let keep = 1.0 - t.drop_off;
    let v = 1.0 / (1.0 + rate);
    // Each year's factor: (1 − DO)^k / (1 + r)^(s + k), built up by multiplication.
    let mut factor = pow(v, t.start_year);
    let step = keep * v;
    let mut sum = 0.0;
    for _ in 0..t.duration {
        sum += factor;
        factor *= step;
    }
    let year_one = if t.start_year <= 1 && 1 < t.start_year + t.duration {
        impact * pow(keep, 1 - t.start_year)
    } else {
        0.0
    };
    OutcomeValue {
        present_value: impact * sum,
        year_one,
    }
}

/// 1 / (1 + rate)^year: the discount factor of a year (1 for year 0).
#[inline]
pub fn discount_factor(rate: f64, year: u32) -> f64 {
    pow(1.0 / (1.0 + rate), year)
}

/// x^n by repeated squaring, written out so that every machine rounds it the same way
/// (the compiler's `powi` may be lowered differently on different targets).
#[inline]
pub fn pow(mut x: f64, mut n: u32) -> f64 {
    let mut result = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            result *= x;
        }
        x *= x;
        n >>= 1;
    }
    result
}

/// The totals of one draw.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Totals {
    /// Σ of the outcomes' present values.
    pub present_value: f64,
    /// Σ of the discounted inputs.
    pub investment: f64,
    /// Σ of the outcomes' undiscounted year-1 impacts.
    pub year_one: f64,
}

impl Totals {
    /// The SROI ratio: present value per unit of investment.
    pub fn ratio(&self) -> f64 {
        self.present_value / self.investment
    }

    /// Net present value: present value less investment.
    pub fn npv(&self) -> f64 {
        self.present_value - self.investment
    }

    /// The SROI Guide's simple payback in months; none when year 1 brings no value.
    pub fn payback_months(&self) -> Option<f64> {
        (self.year_one > 0.0).then(|| 12.0 * self.investment / self.year_one)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> OutcomeTerms {
        OutcomeTerms {
            quantity: 100.0,
            value: 50.0,
            deadweight: 0.2,
            displacement: 0.1,
            attribution: 0.25,
            drop_off: 0.5,
            duration: 3,
            start_year: 1,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
    }

    #[test]
    fn deadweight_displacement_attribution_multiply() {
        // 100 × 50 × 0.8 × 0.9 × 0.75 = 2700, by hand.
        close(first_year_impact(&terms()), 2700.0);
    }

    #[test]
    fn drop_off_from_year_two_and_discounting_from_year_one() {
        // Impacts 2700, 1350, 675 in years 1, 2, 3, each discounted at 3.5%.
        let v = outcome_value(&terms(), 0.035);
        close(
            v.present_value,
            2700.0 / 1.035 + 1350.0 / 1.071225 + 675.0 / 1.108717875,
        );
        close(v.year_one, 2700.0);
    }

    #[test]
    fn start_year_zero_is_undiscounted_and_year_one_has_dropped_off() {
        let t = OutcomeTerms {
            start_year: 0,
            duration: 2,
            ..terms()
        };
        let v = outcome_value(&t, 0.1);
        // 2700 in year 0 (factor 1) and 1350 in year 1 (factor 1/1.1).
        close(v.present_value, 2700.0 + 1350.0 / 1.1);
        close(v.year_one, 1350.0);
    }

    #[test]
    fn an_outcome_that_starts_later_has_no_year_one_impact() {
        let t = OutcomeTerms {
            start_year: 2,
            duration: 1,
            ..terms()
        };
        let v = outcome_value(&t, 0.035);
        close(v.present_value, 2700.0 / 1.071225);
        assert_eq!(v.year_one, 0.0);
        // A one-year outcome starting at year 0 has ended by year 1.
        let t = OutcomeTerms {
            start_year: 0,
            duration: 1,
            ..terms()
        };
        assert_eq!(outcome_value(&t, 0.035).year_one, 0.0);
    }

    #[test]
    fn zero_discount_and_no_drop_off_is_plain_multiplication() {
        let t = OutcomeTerms {
            drop_off: 0.0,
            duration: 4,
            ..terms()
        };
        close(outcome_value(&t, 0.0).present_value, 4.0 * 2700.0);
    }

    #[test]
    fn disbenefits_are_negative() {
        let t = OutcomeTerms {
            value: -10.0,
            deadweight: 0.0,
            displacement: 0.0,
            attribution: 0.0,
            duration: 1,
            ..terms()
        };
        close(outcome_value(&t, 0.035).present_value, -1000.0 / 1.035);
    }

    #[test]
    fn inputs_over_several_years() {
        let inv: f64 = [(0, 1000.0), (1, 1000.0), (2, 1000.0)]
            .iter()
            .map(|&(y, a)| a * discount_factor(0.035, y))
            .sum();
        close(inv, 1000.0 + 1000.0 / 1.035 + 1000.0 / 1.071225);
        assert_eq!(discount_factor(0.035, 0), 1.0);
    }

    #[test]
    fn integer_powers() {
        assert_eq!(pow(2.0, 0), 1.0);
        assert_eq!(pow(2.0, 10), 1024.0);
        assert_eq!(pow(0.5, 3), 0.125);
        close(pow(1.035, 7), 1.035f64.powf(7.0));
    }

    #[test]
    fn ratio_npv_and_payback() {
        let t = Totals {
            present_value: 30_000.0,
            investment: 10_000.0,
            year_one: 2700.0,
        };
        close(t.ratio(), 3.0);
        close(t.npv(), 20_000.0);
        // 12 × 10000 / 2700 = 44.444… months.
        close(t.payback_months().unwrap(), 12.0 * 10_000.0 / 2700.0);
        let none = Totals { year_one: 0.0, ..t };
        assert_eq!(none.payback_months(), None);
        let negative = Totals {
            year_one: -5.0,
            ..t
        };
        assert_eq!(negative.payback_months(), None);
    }
}
