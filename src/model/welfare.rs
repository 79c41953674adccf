//! Distributional (welfare) weights: HM Treasury's method and the bundled income table.
//!
//! The Green Book, Annex A3 (paras A3.19–A3.20), weights a pound to a group by
//!
//! ```text
//! w = (median equivalised income of all households / median equivalised income of the group) ^ 1.3
//! ```
//!
//! 1.3 being the elasticity of the marginal utility of income (A3.14, after Layard et al.
//! 2008), the group proxied by the income quintile it falls in. The Green Book gives the
//! method, not a table of quintile incomes; the incomes below are the ONS's, and the weights
//! are computed from them here, not copied from a published table.
//!
//! Source: ONS, *Household disposable income and inequality in the UK: financial year
//! ending 2016* (statistical bulletin, 10 January 2017), equivalised household disposable
//! income, financial year 2015/16:
//! - all households, median £26,300 (read in the bulletin's main points);
//! - the poorest fifth, median £13,600, and the richest fifth, median £53,400 (read in a
//!   news report of that bulletin; the bulletin's own main points, as read, give only their
//!   changes on the year, +£700 and −£1,000);
//! - the middle fifth's median *is* the median of all: the fifths split one ranking at its
//!   40th and 60th percentiles, so the middle fifth's middle is the 50th percentile.
//!
//! No published median was found for the second and fourth fifths, so those quintiles are
//! refused (with the advice to give `weight` directly) rather than filled by interpolation.
//! Check: the poorest fifth's weight comes to 2.357, which the Green Book's footnote to A3.20
//! rounds to "a slightly lower welfare weight of 2.4" from 2015 data.

/// The elasticity of the marginal utility of income (Green Book A3.14).
pub const ELASTICITY: f64 = 1.3;

/// The financial year of the incomes (2015/16, labelled by its first calendar year).
pub const INCOME_YEAR: &str = "2015/16";

/// Median equivalised household disposable income of all households, £ a year (ONS).
pub const MEDIAN_ALL: f64 = 26_300.0;

/// Median equivalised household disposable income by quintile (1 the lowest), £ a year;
/// `None` where no published figure was found.
pub const QUINTILE_MEDIANS: [Option<f64>; 5] =
    [Some(13_600.0), None, Some(MEDIAN_ALL), None, Some(53_400.0)];

/// Where the incomes come from, in one line for reports and `check`.
pub const SOURCE: &str = "HM Treasury Green Book Annex A3 (w = (median income / quintile median)^1.3) with ONS \"Household disposable income and inequality\", FYE 2016 medians";

/// The reference income of weights from an `income` when `[distributional]` gives none:
/// median equivalised household disposable income of the UK, £30,500 in the financial year
/// ending 2020 (April 2019 to March 2020), read in the main points of ONS, "Average household
/// income, UK: financial year 2020" (21 January 2021, as corrected on 22 March 2022 from
/// £29,900).
pub const REFERENCE_INCOME: f64 = 30_500.0;

/// The year of [`REFERENCE_INCOME`]'s prices.
pub const REFERENCE_YEAR: &str = "2019/20";

/// Where [`REFERENCE_INCOME`] comes from, with its address.
pub const REFERENCE_SOURCE: &str = "ONS, \"Average household income, UK: financial year 2020\" (21 January 2021, corrected 22 March 2022): median equivalised household disposable income £30,500, FYE 2020. https://www.ons.gov.uk/peoplepopulationandcommunity/personalandhouseholdfinances/incomeandwealth/bulletins/householddisposableincomeandinequality/financialyear2020";

/// The weight of a group of equivalised household income `income` against `reference`:
/// (reference / income)^elasticity (Green Book A3.19–A3.20).
pub fn income_weight(reference: f64, income: f64, elasticity: f64) -> f64 {
    (reference / income).powf(elasticity)
}

/// The weight of a quintile (1–5), or why there is none.
pub fn quintile_weight(quintile: i64) -> Result<f64, String> {
    if !(1..=5).contains(&quintile) {
        return Err(format!(
            "an income quintile is 1 (the lowest fifth of incomes) to 5 (the highest); got {quintile}"
        ));
    }
    match QUINTILE_MEDIANS[(quintile - 1) as usize] {
        Some(income) => Ok(weight_for_income(income)),
        None => Err(format!(
            "no published median income for quintile {quintile} was found to bundle (only quintiles 1, 3 and 5, from the ONS for {INCOME_YEAR}); give `weight` instead"
        )),
    }
}

/// HM Treasury's weight for a group whose median equivalised income is `income`.
pub fn weight_for_income(income: f64) -> f64 {
    (MEDIAN_ALL / income).powf(ELASTICITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_by_hand() {
        // (26300 / 13600)^1.3: ln 1.933824 = 0.659499, × 1.3 = 0.857349, e^ = 2.356904.
        assert!((quintile_weight(1).unwrap() - 2.356904).abs() < 5e-6);
        // The middle fifth is the median: weight 1 exactly.
        assert_eq!(quintile_weight(3).unwrap(), 1.0);
        // (26300 / 53400)^1.3: ln 0.492509 = -0.708242, × 1.3 = -0.920714, e^ = 0.398234.
        assert!((quintile_weight(5).unwrap() - 0.398234).abs() < 5e-6);
    }

    #[test]
    fn the_lowest_fifth_agrees_with_the_green_books_rounded_figure() {
        // A3.20, footnote 37: "Using more recent 2015 data yields ... 2.4".
        assert_eq!((quintile_weight(1).unwrap() * 10.0).round() / 10.0, 2.4);
    }

    #[test]
    fn quintiles_outside_the_table_are_refused_with_a_reason() {
        assert!(quintile_weight(0).unwrap_err().contains("1 (the lowest"));
        assert!(quintile_weight(6).is_err());
        assert!(
            quintile_weight(2)
                .unwrap_err()
                .contains("give `weight` instead")
        );
        assert!(quintile_weight(4).is_err());
    }
}
