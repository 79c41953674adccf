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
//! the ratio PV / investment.
//!
//! With a declining schedule (spec §9) the factor 1 / (1 + r)^t becomes a table D(t), the
//! product of 1 / (1 + r_y) for y = 1 … t. With cohorts w_0, w_1, … the outcome is counted
//! once per cohort, cohort k from year s + k with weight w_k, each running its own duration
//! and drop-off: PV = impact(s) · Σ_k w_k Σ_j (1 − DO)^j D(s + k + j).
//!
//! Two paybacks. The SROI Guide's simple payback is 12 · investment / annual impact, the
//! annual impact being the sum over outcomes of their impact in the first year each is
//! counted (the first cohort's, before drop-off and discounting); none when that is not
//! positive. The discounted payback (spec §9) follows the discounted flows year by year:
//! see [`discounted_payback_months`].

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
    /// Its undiscounted impact in the first year it is counted (for the simple payback).
    pub first_year: f64,
}

/// How the years of one item are discounted in one draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Factors<'a> {
    /// One rate r for every year: the factor of year t is 1 / (1 + r)^t.
    Rate(f64),
    /// A schedule's factors by year, from year 0 (long enough for every year used).
    Table(&'a [f64]),
}

impl Factors<'_> {
    /// The discount factor of year `year`.
    #[inline]
    pub fn at(&self, year: u32) -> f64 {
        match *self {
            Factors::Rate(r) => discount_factor(r, year),
            Factors::Table(t) => t[year as usize],
        }
    }
}

/// Σ_j (1 − DO)^j D(start + j) over j = 0 … duration − 1: the present value of one unit of
/// first-year impact of a cohort counted from `start`, `keep` being 1 − DO.
#[inline]
pub fn cohort_factor(start: u32, duration: u32, keep: f64, discount: Factors<'_>) -> f64 {
    let mut sum = 0.0;
    match discount {
        Factors::Rate(rate) => {
            let v = 1.0 / (1.0 + rate);
            // Each year's factor: (1 − DO)^j / (1 + r)^(start + j), built up by multiplication.
            let mut factor = pow(v, start);
            let step = keep * v;
            for _ in 0..duration {
                sum += factor;
                factor *= step;
            }
        }
        Factors::Table(t) => {
            let mut kept = 1.0;
            for d in &t[start as usize..(start + duration) as usize] {
                sum += kept * d;
                kept *= keep;
            }
        }
    }
    sum
}

/// The impact in the outcome's first year, after deadweight, displacement and attribution.
#[inline]
pub fn first_year_impact(t: &OutcomeTerms) -> f64 {
    t.quantity * t.value * (1.0 - t.deadweight) * (1.0 - t.displacement) * (1.0 - t.attribution)
}

/// The present value of a single-cohort outcome and its first-year impact at discount
/// rate `rate`.
#[inline]
pub fn outcome_value(t: &OutcomeTerms, rate: f64) -> OutcomeValue {
    let impact = first_year_impact(t);
    let sum = cohort_factor(
        t.start_year,
        t.duration,
        1.0 - t.drop_off,
        Factors::Rate(rate),
    );
    OutcomeValue {
        present_value: impact * sum,
        first_year: impact,
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
    /// Σ of the outcomes' undiscounted impacts in the first year each is counted.
    pub first_year: f64,
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

    /// The SROI Guide's simple payback in months, 12 · investment / annual impact; none
    /// when the annual impact is not positive.
    pub fn payback_months(&self) -> Option<f64> {
        (self.first_year > 0.0).then(|| 12.0 * self.investment / self.first_year)
    }
}

/// The discounted payback in months (spec §9), from each year's discounted value and
/// discounted investment (index = year). Inputs of year y count at time y; the value of
/// year t accrues evenly over (t − 1, t] (year 0's at time 0). The payback is the first
/// time after which cumulative value never falls below cumulative investment again, in
/// months; none if cumulative value is still below at the last year.
pub fn discounted_payback_months(value: &[f64], investment: &[f64]) -> Option<f64> {
    let last = value.len().max(investment.len());
    let at = |xs: &[f64], t: usize| xs.get(t).copied().unwrap_or(0.0);
    // The net position N(τ) is right-continuous: at each whole year t the year's value has
    // accrued and its inputs are paid. `behind` is the latest time at which N < 0 (or the
    // limit of such times from the left).
    let mut net = at(value, 0) - at(investment, 0);
    let mut behind = (net < 0.0).then_some(0.0);
    for t in 1..last {
        let (a, b) = (net, at(value, t));
        let before = a + b;
        let start = (t - 1) as f64;
        if before < 0.0 {
            behind = Some(t as f64);
        } else if a < 0.0 {
            // Rising through zero within the year: N(start + x) = a + b x = 0.
            behind = Some(start + -a / b);
        }
        net = before - at(investment, t);
        if net < 0.0 {
            behind = Some(t as f64);
        }
    }
    if net < 0.0 {
        return None;
    }
    Some(12.0 * behind.unwrap_or(0.0))
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
        close(v.first_year, 2700.0);
    }

    #[test]
    fn start_year_zero_is_undiscounted_and_counts_its_own_first_year() {
        let t = OutcomeTerms {
            start_year: 0,
            duration: 2,
            ..terms()
        };
        let v = outcome_value(&t, 0.1);
        // 2700 in year 0 (factor 1) and 1350 in year 1 (factor 1/1.1).
        close(v.present_value, 2700.0 + 1350.0 / 1.1);
        // The annual impact is the first counted year's, before drop-off: 2700, not 1350.
        close(v.first_year, 2700.0);
    }

    #[test]
    fn an_outcome_that_starts_later_counts_its_first_year_impact() {
        let t = OutcomeTerms {
            start_year: 2,
            duration: 1,
            ..terms()
        };
        let v = outcome_value(&t, 0.035);
        close(v.present_value, 2700.0 / 1.071225);
        close(v.first_year, 2700.0);
    }

    #[test]
    fn simple_payback_year_zero_start_uses_the_first_counted_year() {
        // Investment 1000 at year 0; an outcome worth 1000 a year from year 0, 50% drop-off.
        // The Guide's 12 × 1000 / 1000 = 12 months; year 1's dropped-off 500 would give 24.
        let t = OutcomeTerms {
            quantity: 1.0,
            value: 1000.0,
            deadweight: 0.0,
            displacement: 0.0,
            attribution: 0.0,
            drop_off: 0.5,
            duration: 3,
            start_year: 0,
        };
        let v = outcome_value(&t, 0.035);
        let totals = Totals {
            present_value: v.present_value,
            investment: 1000.0,
            first_year: v.first_year,
        };
        close(totals.payback_months().unwrap(), 12.0);
    }

    #[test]
    fn cohorts_by_hand() {
        // Three cohorts of weights 0.5, 1, 1 from year 1, each lasting 2 years with 20%
        // drop-off at 10%: factors (1/1.1 + 0.8/1.1²), (1/1.1² + 0.8/1.1³), (1/1.1³ + 0.8/1.1⁴).
        let c = |s| cohort_factor(s, 2, 0.8, Factors::Rate(0.1));
        let sum = 0.5 * c(1) + c(2) + c(3);
        let by_hand = 0.5 * (1.0 / 1.1 + 0.8 / 1.21)
            + (1.0 / 1.21 + 0.8 / 1.331)
            + (1.0 / 1.331 + 0.8 / 1.4641);
        close(sum, by_hand);
        // The same with a table of the same factors.
        let table: Vec<f64> = (0..6).map(|t| 1.1f64.powi(-t)).collect();
        let t = |s| cohort_factor(s, 2, 0.8, Factors::Table(&table));
        close(0.5 * t(1) + t(2) + t(3), by_hand);
    }

    #[test]
    fn discounted_payback_by_hand() {
        // 1000 at year 0; value 600 in each of years 1 and 2 (already discounted). After
        // year 1: 600 of 1000; during year 2 the rest, 400, accrues at 600 a year:
        // 1 + 400/600 years = 20 months.
        close(
            discounted_payback_months(&[0.0, 600.0, 600.0], &[1000.0]).unwrap(),
            20.0,
        );
        // Never reached.
        assert_eq!(
            discounted_payback_months(&[0.0, 300.0, 300.0], &[1000.0]),
            None
        );
        // Year 0's value counts at time 0: paid back at once.
        close(
            discounted_payback_months(&[1500.0], &[1000.0]).unwrap(),
            0.0,
        );
        // Multi-year inputs: 500 at year 0 and 500 at year 1; value 400 a year in years
        // 1–3. N(1) = 400 − 1000 = −600 after year 1's input; then 400 a year: N reaches 0
        // at 1 + 600/400 = 2.5 years = 30 months.
        close(
            discounted_payback_months(&[0.0, 400.0, 400.0, 400.0], &[500.0, 500.0]).unwrap(),
            30.0,
        );
        // Ahead, then behind again after a later input: the last crossing counts. 100 at
        // year 0, 300 a year in years 1–3, 600 more at year 2. N(1) = 200, N(2) = 500 −
        // 600 = −100, recovered a third of the way through year 3: 2 + 100/300 years.
        close(
            discounted_payback_months(&[0.0, 300.0, 300.0, 300.0], &[100.0, 0.0, 600.0]).unwrap(),
            12.0 * (2.0 + 1.0 / 3.0),
        );
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
            first_year: 2700.0,
        };
        close(t.ratio(), 3.0);
        close(t.npv(), 20_000.0);
        // 12 × 10000 / 2700 = 44.444… months.
        close(t.payback_months().unwrap(), 12.0 * 10_000.0 / 2700.0);
        let none = Totals {
            first_year: 0.0,
            ..t
        };
        assert_eq!(none.payback_months(), None);
        let negative = Totals {
            first_year: -5.0,
            ..t
        };
        assert_eq!(negative.payback_months(), None);
    }
}
