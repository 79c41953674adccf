//! Price years: rebasing money written at one year's prices to a model's price year with
//! the GDP deflator (spec §9).
//!
//! A figure at year-Y prices is multiplied by D(model's price year) / D(Y), D the GDP
//! deflator at market prices for financial years (HM Treasury; the financial year 2015-16
//! is labelled 2015). The bundled series (`prices/gdp-deflators.toml`, one vintage, with
//! its source) is parsed once; a model's `[deflators]` table adds or replaces years.
//! [`factor`] is the one conversion everything uses: distributions with `price_year`
//! here, library proxies elsewhere.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The bundled series, as shipped.
const BUNDLED: &str = include_str!("prices/gdp-deflators.toml");

/// Where the bundled series comes from.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct SeriesInfo {
    /// What it measures.
    pub name: String,
    /// Who publishes it.
    pub publisher: String,
    /// Which release of it.
    pub vintage: String,
    /// Its index base.
    pub base: String,
    /// Where it is published.
    pub url: String,
    /// Its licence.
    pub licence: String,
    /// How the bundled copy was checked.
    pub status: String,
}

#[derive(serde::Deserialize)]
struct File {
    series: SeriesInfo,
    values: BTreeMap<String, f64>,
}

/// A deflator index by financial year (keyed by the calendar year it starts in).
#[derive(Debug, Clone, PartialEq)]
pub struct Deflators {
    values: BTreeMap<i64, f64>,
}

/// A year the series does not have.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "the GDP deflator series has no year {year} (it has {years}; financial years, 2015 = 2015-16)"
)]
pub struct MissingYear {
    /// The year asked for.
    pub year: i64,
    /// The years it has, e.g. "2000–2024".
    pub years: String,
}

fn parsed() -> &'static (SeriesInfo, Deflators) {
    static SERIES: OnceLock<(SeriesInfo, Deflators)> = OnceLock::new();
    SERIES.get_or_init(|| {
        let file: File = toml::from_str(BUNDLED).expect("the bundled deflator series parses");
        let values = file
            .values
            .into_iter()
            .map(|(y, v)| (y.parse().expect("bundled years are whole numbers"), v))
            .collect();
        (file.series, Deflators { values })
    })
}

/// Where the bundled series comes from: publisher, vintage, base, licence, status.
pub fn series_info() -> &'static SeriesInfo {
    &parsed().0
}

impl Deflators {
    /// The bundled HM Treasury series.
    pub fn bundled() -> Deflators {
        parsed().1.clone()
    }

    /// Adds a year or replaces its value (a model's `[deflators]` entry).
    pub fn set(&mut self, year: i64, value: f64) {
        self.values.insert(year, value);
    }

    /// The index of a year, if the series has it.
    pub fn get(&self, year: i64) -> Option<f64> {
        self.values.get(&year).copied()
    }

    /// The years the series has, with runs shortened: "1998, 2000–2024".
    pub fn years(&self) -> String {
        let mut runs: Vec<(i64, i64)> = Vec::new();
        for &y in self.values.keys() {
            match runs.last_mut() {
                Some((_, end)) if *end + 1 == y => *end = y,
                _ => runs.push((y, y)),
            }
        }
        let text: Vec<String> = runs
            .iter()
            .map(|&(a, b)| match b - a {
                0 => a.to_string(),
                1 => format!("{a}, {b}"),
                _ => format!("{a}–{b}"),
            })
            .collect();
        if text.is_empty() {
            "no years".to_string()
        } else {
            text.join(", ")
        }
    }
}

impl Default for Deflators {
    fn default() -> Self {
        Deflators::bundled()
    }
}

/// The factor that turns money at `from_year` prices into money at `to_year` prices:
/// D(to_year) / D(from_year).
pub fn factor(from_year: i64, to_year: i64, deflators: &Deflators) -> Result<f64, MissingYear> {
    let get = |year| {
        deflators.get(year).ok_or_else(|| MissingYear {
            year,
            years: deflators.years(),
        })
    };
    let (from, to) = (get(from_year)?, get(to_year)?);
    Ok(to / from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_series_runs_from_2000_to_2024_on_2024_25_prices() {
        let d = Deflators::bundled();
        assert_eq!(d.years(), "2000–2024");
        assert_eq!(d.get(2024), Some(100.0));
        assert_eq!(d.get(2015), Some(74.5804));
        assert_eq!(d.get(2000), Some(54.3697));
        let info = series_info();
        assert!(info.vintage.starts_with("March 2026"), "{}", info.vintage);
        assert!(info.publisher.starts_with("HM Treasury"));
    }

    #[test]
    fn factors_are_ratios_of_the_index_worked_by_hand() {
        let d = Deflators::bundled();
        // WELLBY £13,000 at 2019-20 prices to 2024-25: 13,000 * 100 / 80.8738 = 16,074.42.
        let f = factor(2019, 2024, &d).unwrap();
        assert!((13_000.0 * f - 16_074.42).abs() < 0.01, "{}", 13_000.0 * f);
        // And back to 2015-16: 13,000 * 74.5804 / 80.8738 = 11,988.37.
        let f = factor(2019, 2015, &d).unwrap();
        assert!((13_000.0 * f - 11_988.37).abs() < 0.01, "{}", 13_000.0 * f);
        // NHS reference cost £148 at 2016-17 prices: 148 * 100 / 76.0754 = 194.544.
        let f = factor(2016, 2024, &d).unwrap();
        assert!((148.0 * f - 194.544).abs() < 0.001);
        assert_eq!(factor(2010, 2010, &d).unwrap(), 1.0);
        // Round trip.
        let there = factor(2003, 2022, &d).unwrap();
        let back = factor(2022, 2003, &d).unwrap();
        assert!((there * back - 1.0).abs() < 1e-15);
    }

    #[test]
    fn a_missing_year_names_the_years_there_are() {
        let d = Deflators::bundled();
        let e = factor(1995, 2024, &d).unwrap_err();
        assert_eq!(e.year, 1995);
        assert_eq!(
            e.to_string(),
            "the GDP deflator series has no year 1995 (it has 2000–2024; financial years, 2015 = 2015-16)"
        );
        assert_eq!(factor(2024, 2031, &d).unwrap_err().year, 2031);
    }

    #[test]
    fn added_years_extend_or_replace_the_series() {
        let mut d = Deflators::bundled();
        d.set(1998, 50.0);
        d.set(2014, 73.6);
        assert_eq!(d.years(), "1998, 2000–2024");
        assert_eq!(factor(1998, 2024, &d).unwrap(), 2.0);
        assert_eq!(factor(2014, 2024, &d).unwrap(), 100.0 / 73.6);
        d.set(1999, 52.0);
        assert_eq!(d.years(), "1998–2024");
    }
}
