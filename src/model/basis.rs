//! One price basis for several models (spec §15): `compare`, `voi`, `portfolio` and
//! `report` rebase every option's money to one price year before putting them side by
//! side, each with its own deflators (the bundled GDP deflator series, with the file's
//! `[deflators]` entries on top).
//!
//! Money enters the SROI arithmetic only through outcome values and input amounts, and
//! every present value and investment is linear in them, so rebasing a model is one
//! factor on both, D(target year) / D(file's year): the model's `money_factor`. Ratios do
//! not change; present values, investments and NPVs do.

use crate::error::Error;
use crate::model::checked::Model;
use crate::model::num::num;
use crate::model::prices::{Deflators, factor};

/// The price basis the models were put on.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    /// The common price year; `None` when no model gives one and none was asked for.
    pub year: Option<i64>,
    /// What was done to which file, one sentence each.
    pub notes: Vec<String>,
}

/// Rebases every `(file, model)` to one price year: `given`, else the latest among the
/// models. A model without a price year beside dated ones is an error naming it, unless
/// `given` is set (it is then taken as at that year, with a note).
pub fn rebase(models: Vec<(&str, &mut Model)>, given: Option<i64>) -> Result<Basis, Error> {
    let latest = models.iter().filter_map(|(_, m)| m.price_year).max();
    let Some(year) = given.or(latest) else {
        return Ok(Basis {
            year: None,
            notes: Vec::new(),
        });
    };
    if given.is_none()
        && let Some((undated, _)) = models.iter().find(|(_, m)| m.price_year.is_none())
    {
        let (dated, m) = models
            .iter()
            .find(|(_, m)| m.price_year.is_some())
            .expect("some model has a price year");
        return Err(Error::Basis(format!(
            "{undated} gives no price year while {dated} is at {} prices, so their money \
             cannot be put on one basis; add price_year to the [model] table of {undated}, \
             or give --price-year YEAR to take it as at that year's prices",
            m.price_year.unwrap_or(year)
        )));
    }
    // The year is named when it is news: files at different price years, an undated file,
    // or a year asked for. Files all at one year are left as they are, and the JSON's
    // `price_year` still names it.
    let mixed = models.iter().any(|(_, m)| m.price_year != Some(year));
    let mut notes = Vec::new();
    if mixed || given.is_some() {
        notes.push(format!("every money figure is at {year} prices"));
    }
    for (file, model) in models {
        match model.price_year {
            None => notes.push(format!(
                "{file} gives no price year: taken as at {year} prices"
            )),
            Some(from) if from != year => {
                let mut deflators = Deflators::bundled();
                for &(y, index, _) in &model.deflators {
                    deflators.set(y, index);
                }
                let f = factor(from, year, &deflators).map_err(|e| {
                    Error::Basis(format!(
                        "{file} cannot be rebased from {from} to {year} prices: {e}"
                    ))
                })?;
                model.money_factor *= f;
                notes.push(format!(
                    "{file} rebased from {from} to {year} prices (every money figure × {}, the GDP deflator's ratio)",
                    num((f * 10_000.0).round() / 10_000.0)
                ));
            }
            Some(_) => {}
        }
        model.price_year = Some(year);
    }
    Ok(Basis {
        year: Some(year),
        notes,
    })
}
