//! Discounting: HM Treasury's declining schedules, and how a discount rate is given.
//!
//! A discount rate is a number (or a distribution, or an expression) applied to every year,
//! or one of the Green Book's two declining schedules (spec §9): the standard one (3.5% for
//! years 1–30, then 3.0%, 2.5%, 2.0%, 1.5% and 1.0%) and the one for health effects (1.5%
//! for years 1–30, then 1.29%, 1.07%, 0.86%, 0.64% and 0.43%), over the bands 31–75,
//! 76–125, 126–200, 201–300 and after 300. The factor of year t is the product of
//! 1 / (1 + r_y) for y = 1 … t, so the rate of a band applies to the years within it only
//! (year 31 is discounted once at 3.0% on top of thirty years at 3.5%), and year 0 is not
//! discounted.
//!
//! Sources: HM Treasury, *The Green Book* (2003), Annex 6, Table 6.1 (the standard
//! schedule), and the Green Book's supplementary guidance on discounting (the health
//! schedule, as tabulated by the R package *greenbook*).

/// One of HM Treasury's declining discount schedules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// The standard schedule: 3.5% for years 1–30, declining to 1.0% after year 300.
    GreenBook,
    /// The schedule for health effects: 1.5% for years 1–30, declining to 0.43%.
    GreenBookHealth,
}

/// The last year of each band; the last band runs on without end.
const BAND_ENDS: [u32; 5] = [30, 75, 125, 200, 300];
const STANDARD: [f64; 6] = [0.035, 0.030, 0.025, 0.020, 0.015, 0.010];
const HEALTH: [f64; 6] = [0.015, 0.0129, 0.0107, 0.0086, 0.0064, 0.0043];

impl Schedule {
    /// Every schedule's name as written in a model.
    pub const NAMES: [&'static str; 2] = ["green-book", "green-book-health"];

    /// The schedule a model names, if any.
    pub fn from_name(name: &str) -> Option<Schedule> {
        match name.trim() {
            "green-book" => Some(Schedule::GreenBook),
            "green-book-health" => Some(Schedule::GreenBookHealth),
            _ => None,
        }
    }

    /// Its name as written in a model.
    pub fn name(self) -> &'static str {
        match self {
            Schedule::GreenBook => Self::NAMES[0],
            Schedule::GreenBookHealth => Self::NAMES[1],
        }
    }

    /// The rate applied to year `year` (≥ 1).
    pub fn rate(self, year: u32) -> f64 {
        let rates = match self {
            Schedule::GreenBook => &STANDARD,
            Schedule::GreenBookHealth => &HEALTH,
        };
        rates[BAND_ENDS.partition_point(|&end| end < year)]
    }

    /// The discount factors of years 0 … `last`: 1 for year 0, then each year's factor
    /// the previous one's divided by (1 + that year's rate).
    pub fn factors(self, last: u32) -> Vec<f64> {
        let mut out = Vec::with_capacity(last as usize + 1);
        let mut factor = 1.0;
        out.push(factor);
        for year in 1..=last {
            factor /= 1.0 + self.rate(year);
            out.push(factor);
        }
        out
    }

    /// A short description for `check`: `green-book (3.5% to year 30, declining)`.
    pub fn describe(self) -> String {
        format!(
            "{} ({}% to year 30, declining)",
            self.name(),
            100.0 * self.rate(1)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-12 * b.abs(), "{a} != {b}");
    }

    #[test]
    fn bands_start_after_each_end() {
        let g = Schedule::GreenBook;
        assert_eq!(g.rate(1), 0.035);
        assert_eq!(g.rate(30), 0.035);
        assert_eq!(g.rate(31), 0.030);
        assert_eq!(g.rate(75), 0.030);
        assert_eq!(g.rate(76), 0.025);
        assert_eq!(g.rate(200), 0.020);
        assert_eq!(g.rate(201), 0.015);
        assert_eq!(g.rate(300), 0.015);
        assert_eq!(g.rate(301), 0.010);
        let h = Schedule::GreenBookHealth;
        assert_eq!(h.rate(30), 0.015);
        assert_eq!(h.rate(31), 0.0129);
        assert_eq!(h.rate(76), 0.0107);
        assert_eq!(h.rate(126), 0.0086);
        assert_eq!(h.rate(201), 0.0064);
        assert_eq!(h.rate(1000), 0.0043);
    }

    #[test]
    fn factors_past_year_30_and_75_by_hand() {
        let f = Schedule::GreenBook.factors(80);
        assert_eq!(f[0], 1.0);
        close(f[1], 1.0 / 1.035);
        close(f[30], 1.035f64.powi(-30));
        // Year 31: thirty years at 3.5%, then one at 3.0%.
        close(f[31], 1.035f64.powi(-30) / 1.03);
        close(f[75], 1.035f64.powi(-30) * 1.03f64.powi(-45));
        close(
            f[80],
            1.035f64.powi(-30) * 1.03f64.powi(-45) * 1.025f64.powi(-5),
        );
        // 1.035^-30 = 0.356278… (a standard table's value).
        assert!((f[30] - 0.356278).abs() < 1e-6);
        let h = Schedule::GreenBookHealth.factors(100);
        close(h[30], 1.015f64.powi(-30));
        close(h[31], 1.015f64.powi(-30) / 1.0129);
        close(
            h[100],
            1.015f64.powi(-30) * 1.0129f64.powi(-45) * 1.0107f64.powi(-25),
        );
    }

    #[test]
    fn factors_past_year_300() {
        let f = Schedule::GreenBook.factors(310);
        let by_hand = 1.035f64.powi(-30)
            * 1.03f64.powi(-45)
            * 1.025f64.powi(-50)
            * 1.02f64.powi(-75)
            * 1.015f64.powi(-100)
            * 1.01f64.powi(-10);
        assert!((f[310] - by_hand).abs() <= 1e-10 * by_hand);
    }

    #[test]
    fn names_round_trip() {
        for name in Schedule::NAMES {
            assert_eq!(Schedule::from_name(name).unwrap().name(), name);
        }
        assert_eq!(Schedule::from_name("greenbook"), None);
    }
}
