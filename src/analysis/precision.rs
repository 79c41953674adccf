//! How precise a run's own figures are: their Monte Carlo error.
//!
//! Another seed gives other draws and slightly other figures. Each headline states how far
//! its figures could move that way, at 95% confidence, as Koehler, Brown & Haneuse ask of
//! every simulation ("On the assessment of Monte Carlo error in simulation-based
//! statistical analyses", *The American Statistician* 63(2), 2009), by the textbook
//! method for each:
//!
//! * a mean (the mean ratio, the mean NPV): ± z · sd / √n, the central limit theorem;
//! * the expected ratio (mean present value / mean investment): the same for a ratio of
//!   means by the delta method, ± z · sd(PV − R·I) / (√n · mean I), with sd(PV − R·I) from
//!   the spreads of the present value, the investment and the NPV (so no extra sums);
//! * a percentile (the median, each end of the interval): the distribution-free interval
//!   of order statistics: the draws of ranks j and k with P(j ≤ B ≤ k − 1) ≥ 95% for B,
//!   the number of draws at or below the true percentile, binomial (n, p): the classical
//!   distribution-free interval for a quantile (David & Nagaraja, *Order Statistics*, 3rd
//!   ed., 2003); for a median of 100 draws, the 40th and 61st. `None` when there are too
//!   few draws for one;
//! * a chance (the ratio exceeding 1): Wilson's score interval (Wilson 1927, recommended
//!   by Brown, Cai & DasGupta 2001), which stays inside [0, 1] and is not empty when every
//!   draw agrees: one draw above 1 gives 20.7% – 100%, not "100.0%".
//!
//! Figures are printed to two decimals (ratios) and a tenth of a percentage point
//! (chances). The last digit of a tail percentile is rarely settled at the default
//! 100,000 draws; a run's draws are too few for the digits printed when a figure could
//! move by more than a whole unit of the digit before its last (0.1 of a ratio, a
//! percentage point of a chance), so that only the digits before that are settled. A
//! warning then says so, and how many draws would settle every figure to one unit of its
//! last digit.

use serde::Serialize;

use crate::analysis::stats::Summary;

/// The confidence of every Monte Carlo interval: 95%, whatever `--ci` is.
pub const LEVEL: f64 = 0.95;
/// The standard normal's 97.5th percentile.
pub const Z: f64 = 1.959_963_984_540_054;
/// The most a ratio figure may move before its printed digits are too many: a unit of
/// the digit before its last.
pub const RATIO_TOLERANCE: f64 = 0.1;
/// The most a chance may move before its printed digits are too many: a percentage point.
pub const CHANCE_TOLERANCE: f64 = 0.01;
/// One unit of a printed ratio's last digit: the precision a warning suggests.
pub const RATIO_UNIT: f64 = 0.01;
/// One unit of a printed chance's last digit.
pub const CHANCE_UNIT: f64 = 0.001;

/// The ranks (0-based) of the order statistics that bound percentile `p` of `n` draws
/// with 95% confidence, each `None` when there are too few draws for it.
///
/// With B ~ binomial (n, p): the lower is the largest x with P(B ≤ x) ≤ 2.5% (the draw
/// of 1-based rank x + 1), the upper the smallest x with P(B ≥ x + 1) ≤ 2.5%.
pub fn order_bounds(n: u64, p: f64) -> (Option<u64>, Option<u64>) {
    if n == 0 || !(p > 0.0 && p < 1.0) {
        return (None, None);
    }
    let tail = (1.0 - LEVEL) / 2.0;
    let (start, pmf) = binomial_window(n, p);
    // P(B ≤ start + i) for each i, summed from below (outside the window the mass is
    // below 1e-15), and P(B ≥ start + i) summed from above, each accurate in its tail.
    let mut lower = None;
    let mut below = 0.0;
    for (i, m) in pmf.iter().enumerate() {
        below += m;
        if below > tail {
            break;
        }
        lower = Some(start + i as u64);
    }
    let mut upper = None;
    let mut above = 0.0;
    for (i, m) in pmf.iter().enumerate().rev() {
        // `above` is P(B ≥ start + i + 1): x = start + i qualifies while it is ≤ tail.
        if above > tail {
            break;
        }
        let x = start + i as u64;
        if x < n {
            upper = Some(x);
        }
        above += m;
    }
    (lower, upper)
}

/// The binomial (n, p) probabilities over a window holding all but about 1e-15 of the
/// mass (the mean ± 9 standard deviations and a margin, within 0..=n): its first value,
/// and the probabilities, normalised to sum to 1 over the window. Each comes from its
/// neighbour by the ratio of successive probabilities, from the mode's by `lgamma`; the
/// normalisation cancels the error of the logarithms of large factorials.
fn binomial_window(n: u64, p: f64) -> (u64, Vec<f64>) {
    let (nf, q) = (n as f64, 1.0 - p);
    let reach = 9.0 * (nf * p * q).sqrt() + 20.0;
    let start = (nf * p - reach).floor().max(0.0) as u64;
    let end = ((nf * p + reach).ceil() as u64).min(n);
    let mode = (((n + 1) as f64 * p).floor() as u64).clamp(start, end);
    let ln_mode = libm::lgamma(nf + 1.0)
        - libm::lgamma(mode as f64 + 1.0)
        - libm::lgamma((n - mode) as f64 + 1.0)
        + mode as f64 * p.ln()
        + (n - mode) as f64 * q.ln();
    let mut pmf = vec![0.0; (end - start + 1) as usize];
    let at = (mode - start) as usize;
    pmf[at] = ln_mode.exp();
    for k in mode..end {
        let i = (k - start) as usize;
        pmf[i + 1] = pmf[i] * ((n - k) as f64 / (k + 1) as f64) * (p / q);
    }
    for k in (start + 1..=mode).rev() {
        let i = (k - start) as usize;
        pmf[i - 1] = pmf[i] * (k as f64 / (n - k + 1) as f64) * (q / p);
    }
    let total: f64 = pmf.iter().sum();
    for m in &mut pmf {
        *m /= total;
    }
    (start, pmf)
}

/// Wilson's 95% score interval for a chance seen in `count` of `n` draws.
pub fn wilson(count: u64, n: u64) -> [f64; 2] {
    if n == 0 {
        return [0.0, 1.0];
    }
    wilson_share(count as f64 / n as f64, n as f64)
}

/// Wilson's 95% score interval for a share `p` of `n` (not necessarily whole) draws.
pub fn wilson_share(p: f64, n: f64) -> [f64; 2] {
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    [(centre - half).max(0.0), (centre + half).min(1.0)]
}

/// The 95% bounds of one percentile, from the draws at the ranks [`order_bounds`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Bounds {
    /// The lower bound; `None` with too few draws for one.
    pub low: Option<f64>,
    /// The upper bound; `None` with too few draws for one.
    pub high: Option<f64>,
}

impl Bounds {
    /// `[low, high]` when both are known.
    pub fn pair(&self) -> Option<[f64; 2]> {
        Some([self.low?, self.high?])
    }

    /// How far `value` could be from the truth: its distance to the farther bound
    /// (infinite when a bound is missing).
    pub fn reach(&self, value: f64) -> f64 {
        match self.pair() {
            Some([lo, hi]) => (value - lo).max(hi - value).max(0.0),
            None => f64::INFINITY,
        }
    }
}

/// The bounds of a summary's three percentiles, and the spread of its mean between blocks.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SummaryBounds {
    /// Of the interval's lower end.
    pub ci_low: Bounds,
    /// Of the median.
    pub median: Bounds,
    /// Of the interval's upper end.
    pub ci_high: Bounds,
    /// The blocks of draws the series came in.
    pub blocks: u64,
    /// The variance of its mean estimated from the spread between those blocks; `None`
    /// with fewer than two.
    pub mean_variance: Option<f64>,
}

impl SummaryBounds {
    /// With the blocks and the variance of the mean between them.
    pub fn with_spread(self, (blocks, mean_variance): (u64, Option<f64>)) -> SummaryBounds {
        SummaryBounds {
            blocks,
            mean_variance,
            ..self
        }
    }
}

/// The Monte Carlo error of a headline's figures (95%).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonteCarloError {
    /// The confidence of the intervals below (0.95).
    pub level: f64,
    /// ± on the expected ratio (mean present value / mean investment); `null` with a
    /// single draw or no spread to measure it by.
    pub expected_ratio: Option<f64>,
    /// ± on the mean of the draws' ratios; `null` likewise.
    pub ratio_mean: Option<f64>,
    /// ± on the mean NPV, in money; `null` likewise.
    pub npv_mean: Option<f64>,
    /// Where the ratio's median could lie; `null` with too few draws to say.
    pub ratio_median: Option<[f64; 2]>,
    /// Where the ratio interval's lower end could lie.
    pub ratio_ci_low: Option<[f64; 2]>,
    /// Where the ratio interval's upper end could lie.
    pub ratio_ci_high: Option<[f64; 2]>,
    /// Where the chance the ratio exceeds 1 could lie (Wilson).
    pub prob_ratio_above_1: [f64; 2],
    /// The most any of the ratio figures above could move (what `--precision` bounds);
    /// `null` when one of them is not known.
    pub ratio_precision: Option<f64>,
    /// The most the chance could move.
    pub chance_precision: f64,
    /// True when the draws are too few for the digits printed.
    pub too_few_draws: bool,
    /// Draws that would bring every figure within one unit of its last printed digit
    /// (a rough figure, rounded up to two significant digits).
    pub draws_for_printed_digits: u64,
}

/// What the Monte Carlo error of a headline is computed from.
pub struct Inputs<'a> {
    /// Draws.
    pub n: u64,
    /// The ratio's summary and the bounds of its percentiles.
    pub ratio: &'a Summary,
    /// Their bounds.
    pub ratio_bounds: &'a SummaryBounds,
    /// Present value, investment and NPV.
    pub present_value: &'a Summary,
    /// See `present_value`.
    pub investment: &'a Summary,
    /// See `present_value`.
    pub npv: &'a Summary,
    /// Draws whose ratio exceeds 1.
    pub above_1: u64,
    /// For a Latin hypercube, the spread of the means between blocks (else `None`).
    pub between: Option<Between>,
}

/// The variance of a headline's means estimated from the spread between blocks of draws,
/// for a Latin hypercube, whose draws within a block are not independent (see
/// `tally::First::mean_variance`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Between {
    /// Blocks of draws.
    pub blocks: u64,
    /// Of the mean ratio.
    pub ratio: f64,
    /// Of the mean present value.
    pub present_value: f64,
    /// Of the mean investment.
    pub investment: f64,
    /// Of the mean NPV.
    pub npv: f64,
    /// Of the share of draws whose ratio exceeds 1.
    pub above_1: f64,
}

/// The fewest blocks whose spread is used: with fewer, the errors are those of independent
/// draws, which a Latin hypercube's never exceed by more than a factor n/(n − 1) in
/// variance (Owen, "Monte Carlo variance of scrambled net quadrature", *SIAM Journal on
/// Numerical Analysis* 34(5), 1997).
pub const FEWEST_BLOCKS: u64 = 10;

/// Student's t at 97.5% with `df` degrees of freedom, by Fisher and Cornish's expansion
/// in 1/df (Abramowitz & Stegun 26.7.5; within 0.002 of the exact quantile from 9 degrees
/// of freedom: 2.2622 there, 2.0106 at 48).
pub fn t_975(df: u64) -> f64 {
    let (z, v) = (Z, df as f64);
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * v)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v.powi(3))
        + (79.0 * z.powi(9) + 776.0 * z7 + 1482.0 * z5 - 1920.0 * z3 - 945.0 * z)
            / (92160.0 * v.powi(4))
}

impl MonteCarloError {
    /// The error of a headline's figures.
    pub fn of(x: &Inputs) -> MonteCarloError {
        let n = x.n.max(1) as f64;
        let root = n.sqrt();
        let mean_error = |sd: f64| {
            if x.n > 1 {
                Z * sd / root
            } else {
                f64::INFINITY
            }
        };
        let expected = x.present_value.mean / x.investment.mean;
        // Var(PV − R·I) with Cov(PV, I) = (Var PV + Var I − Var NPV) / 2, from the sds of
        // the draws or of the means between blocks.
        let linear = |sp: f64, si: f64, sn: f64| {
            let cov = (sp * sp + si * si - sn * sn) / 2.0;
            (sp * sp + expected * expected * si * si - 2.0 * expected * cov).max(0.0)
        };
        let (sp, si, sn) = (x.present_value.sd, x.investment.sd, x.npv.sd);
        let between = x.between.filter(|b| b.blocks >= FEWEST_BLOCKS);
        let (expected_ratio, ratio_mean, npv_mean) = match between {
            // A Latin hypercube: each block is an independent replicate, so the means'
            // errors are t · the standard error from the spread between blocks.
            Some(b) => {
                let t = t_975(b.blocks - 1);
                let sd = |v: f64| v.sqrt();
                let spread = linear(sd(b.present_value), sd(b.investment), sd(b.npv));
                (
                    t * spread.sqrt() / x.investment.mean.abs(),
                    t * b.ratio.sqrt(),
                    t * b.npv.sqrt(),
                )
            }
            None => (
                mean_error(linear(sp, si, sn).sqrt()) / x.investment.mean.abs(),
                mean_error(x.ratio.sd),
                mean_error(x.npv.sd),
            ),
        };
        let b = x.ratio_bounds;
        let ratio_precision = [
            expected_ratio,
            ratio_mean,
            b.median.reach(x.ratio.median),
            b.ci_low.reach(x.ratio.ci_low),
            b.ci_high.reach(x.ratio.ci_high),
        ]
        .into_iter()
        .fold(0.0, f64::max);
        let p = x.above_1 as f64 / n;
        let chance = match between {
            // Wilson's interval on the draws' effective number: p(1 − p) over the
            // variance of the share between blocks (Kish's design effect); with every draw
            // on one side, the number of draws.
            Some(b) if p > 0.0 && p < 1.0 && b.above_1 > 0.0 => {
                wilson_share(p, (p * (1.0 - p) / b.above_1).max(1.0))
            }
            _ => wilson(x.above_1, x.n),
        };
        let chance_precision = (p - chance[0]).max(chance[1] - p);
        let too_few_draws = ratio_precision.is_nan()
            || ratio_precision > RATIO_TOLERANCE
            || chance_precision > CHANCE_TOLERANCE;
        MonteCarloError {
            level: LEVEL,
            expected_ratio: finite(expected_ratio),
            ratio_mean: finite(ratio_mean),
            npv_mean: finite(npv_mean),
            ratio_median: b.median.pair(),
            ratio_ci_low: b.ci_low.pair(),
            ratio_ci_high: b.ci_high.pair(),
            prob_ratio_above_1: chance,
            ratio_precision: finite(ratio_precision),
            chance_precision,
            too_few_draws,
            draws_for_printed_digits: draws_for(
                x.n,
                &[
                    (ratio_precision, RATIO_UNIT),
                    (chance_precision, CHANCE_UNIT),
                ],
            ),
        }
    }
}

/// `x` if it is a number, else `None`.
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Draws needed to bring each `(error, goal)` within its goal, errors shrinking as
/// 1/√n: n · (error / goal)², the largest, rounded up to two significant digits. With
/// an infinite error (a bound missing), a hundred times the draws.
pub fn draws_for(n: u64, errors: &[(f64, f64)]) -> u64 {
    let n = n.max(1) as f64;
    let need = errors
        .iter()
        .map(|&(e, goal)| {
            if e.is_finite() {
                n * (e / goal).powi(2)
            } else {
                n * 100.0
            }
        })
        .fold(n, f64::max);
    round_up_2(need)
}

/// `x` rounded up to two significant digits (1,234 → 1,300).
pub fn round_up_2(x: f64) -> u64 {
    if x.is_nan() || x < 1.0 {
        return 1;
    }
    let scale = 10f64.powi(x.log10().floor() as i32 - 1).max(1.0);
    ((x / scale).ceil() * scale).min(u64::MAX as f64) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_100_draws_is_bounded_by_the_40th_and_61st() {
        // The textbook case: B ~ Bin(100, 0.5), P(B ≤ 39) = 0.0176 ≤ 0.025 < P(B ≤ 40)
        // = 0.0284, and P(B ≥ 61) = 0.0176 ≤ 0.025 < P(B ≥ 60) = 0.0284: 1-based
        // ranks 40 and 61, 0-based 39 and 60, coverage 1 − 2 × 0.0176 = 0.9648.
        assert_eq!(order_bounds(100, 0.5), (Some(39), Some(60)));
    }

    #[test]
    fn too_few_draws_leave_an_end_unbounded() {
        // Five draws: P(B ≤ 0) = 0.5⁵ = 0.03125 > 0.025, so no draw bounds the median
        // from below with 95% confidence, nor (by symmetry) from above.
        assert_eq!(order_bounds(5, 0.5), (None, None));
        // Six: 0.5⁶ = 0.015625 ≤ 0.025 < P(B ≤ 1) = 7/64: the smallest and the largest.
        assert_eq!(order_bounds(6, 0.5), (Some(0), Some(5)));
        // The 97.5th percentile of 100 draws: P(B ≥ 100) = 0.975¹⁰⁰ = 0.0795 > 0.025,
        // so nothing bounds it from above.
        assert_eq!(order_bounds(100, 0.975).1, None);
    }

    #[test]
    fn bounds_of_a_tail_percentile_by_hand() {
        // p = 0.025, n = 1000: mean 25, sd √24.375 = 4.937. Bin(1000, 0.025):
        // P(B ≤ 15) = 0.0211, P(B ≤ 16) = 0.0360; P(B ≥ 36) = 0.0210, P(B ≥ 35) = 0.0320
        // (summed from the pmf): 0-based ranks 15 and 35.
        assert_eq!(order_bounds(1000, 0.025), (Some(15), Some(35)));
        // The same sums (exact, in rationals) for the median and the 97.5th percentile.
        assert_eq!(order_bounds(1000, 0.5), (Some(468), Some(531)));
        assert_eq!(order_bounds(1000, 0.975), (Some(964), Some(984)));
    }

    #[test]
    fn bounds_stay_near_the_normal_approximation_for_many_draws() {
        // n = 10⁸, p = 0.5: n p ± z √(n p (1 − p)) = 5·10⁷ ± 9,799.8.
        let (lo, hi) = order_bounds(100_000_000, 0.5);
        let (lo, hi) = (lo.unwrap() as f64, hi.unwrap() as f64);
        assert!((lo - (5e7 - 9_799.8)).abs() < 3.0, "{lo}");
        assert!((hi - (5e7 + 9_799.8)).abs() < 3.0, "{hi}");
    }

    #[test]
    fn t_quantiles_against_the_tables() {
        // Student's t at 97.5%, to six decimals (from its distribution function): 9 df 2.262157,
        // 19 df 2.093024, 48 df 2.010635, 120 df 1.979930.
        for (df, t) in [
            (9, 2.262_157),
            (19, 2.093_024),
            (48, 2.010_635),
            (120, 1.979_930),
        ] {
            assert!((t_975(df) - t).abs() < 2e-3 * t, "{df}: {}", t_975(df));
        }
        assert!((t_975(1_000_000) - Z).abs() < 1e-5);
    }

    #[test]
    fn wilson_by_hand() {
        // One draw of one: centre (1 + z²/2)/(1 + z²) = 2.92073/4.84146 = 0.603274,
        // half-width z/(1 + z²) · √(z²/4) = 0.404826 × 0.979982 = 0.396725.
        let [lo, hi] = wilson(1, 1);
        assert!((lo - 0.206549).abs() < 1e-5, "{lo}");
        assert_eq!(hi, 1.0);
        // 50 of 100: centre 0.5, half-width z/1.038415 · √(0.0025 + 0.0000960) =
        // 1.887458 × 0.050951 = 0.096168.
        let [lo, hi] = wilson(50, 100);
        assert!((lo - 0.403832).abs() < 1e-5 && (hi - 0.596168).abs() < 1e-5);
    }

    fn summary(mean: f64, sd: f64) -> Summary {
        Summary {
            mean,
            sd,
            median: mean,
            ci_low: mean,
            ci_high: mean,
        }
    }

    #[test]
    fn the_expected_ratio_of_a_fixed_investment_is_a_scaled_mean() {
        // Investment fixed at 2: the ratio of means is mean(PV)/2, whose error is
        // z · sd(PV) / (√n · 2): sd 1.290994, n 4 → 1.959964 × 1.290994 / 4 = 0.632576.
        let pv = summary(2.5, 1.290_994_448_735_805_6);
        let inv = summary(2.0, 0.0);
        let npv = summary(0.5, 1.290_994_448_735_805_6);
        let ratio = summary(1.25, 0.645_497_224_367_902_8);
        let b = SummaryBounds::default();
        let e = MonteCarloError::of(&Inputs {
            n: 4,
            ratio: &ratio,
            ratio_bounds: &b,
            present_value: &pv,
            investment: &inv,
            npv: &npv,
            between: None,
            above_1: 2,
        });
        let expected = e.expected_ratio.unwrap();
        assert!((expected - 0.632_576).abs() < 1e-6, "{expected}");
        // The mean ratio: z × 0.645497 / 2 = 0.632576 too.
        assert!((e.ratio_mean.unwrap() - 0.632_576).abs() < 1e-6);
        // No percentile bounds: the draws are too few.
        assert!(e.too_few_draws);
        assert_eq!(e.ratio_precision, None);
        // The chance, 2 of 4: Wilson's half-width z/(1 + z²/4) · √(1/16 + z²/64) =
        // 0.999796 × 0.350033 = 0.349961; to bring it to 0.001 takes
        // 4 × 349.961² = 489,891 draws, 490,000 to two digits (more than the
        // 100 × 4 the unknown ratio bounds ask).
        assert_eq!(e.draws_for_printed_digits, 490_000);
    }

    #[test]
    fn rounding_up_to_two_digits() {
        assert_eq!(round_up_2(1_234.0), 1_300);
        assert_eq!(round_up_2(99.2), 100);
        assert_eq!(round_up_2(7.0), 7);
        assert_eq!(round_up_2(1_000_000.0), 1_000_000);
        assert_eq!(draws_for(1_000, &[(0.1, 0.01)]), 100_000);
    }
}
