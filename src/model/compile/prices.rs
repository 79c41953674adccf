//! Price years: the `[deflators]` table checked into the series, and each distribution
//! with `price_year` rebased to the model's price year (spec §9), every conversion kept
//! for `check` to list.

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::{PriceConversion, Role};
use crate::model::dist::Dist;
use crate::model::prices::{Deflators, factor};
use crate::model::raw::{At, RawModel};

impl Compiler {
    /// The bundled series with the model's `[deflators]` entries added or replaced; each
    /// entry must be a whole year with a positive index.
    pub(super) fn deflator_series(&mut self, raw: &RawModel) -> Deflators {
        let mut d = Deflators::bundled();
        for (year, value) in &raw.deflators {
            let y = match year.value.trim().parse::<i64>() {
                Ok(y) if (1000..=9999).contains(&y) => y,
                _ => {
                    self.error(
                        Diagnostic::new(format!(
                            "`{}` is not a year; `[deflators]` takes years and their index, e.g. `2014 = 73.6`",
                            year.value
                        ))
                        .item("[deflators]")
                        .field(&year.value)
                        .span(year.span.clone())
                        .help("label a financial year by the year it starts in: 2014 for 2014-15"),
                    );
                    continue;
                }
            };
            if !(value.value.is_finite() && value.value > 0.0) {
                self.error(
                    Diagnostic::new(format!(
                        "a deflator index must be a positive number; got {}",
                        value.value
                    ))
                    .item("[deflators]")
                    .field(&year.value)
                    .span(value.span.clone())
                    .help(
                        "give the year's GDP deflator on the series' base (2024-25 = 100), e.g. `2014 = 74.0662`",
                    ),
                );
                continue;
            }
            self.own_deflators.push((y, value.value, d.get(y)));
            d.set(y, value.value);
        }
        d
    }

    /// A distribution written at `price_year` prices, rebased to the model's price year;
    /// None (with a diagnostic) when that cannot be done.
    pub(super) fn rebase(
        &mut self,
        dist: Dist,
        price_year: &At<i64>,
        role: Role,
        name: &str,
        item: &str,
        field: &str,
    ) -> Option<Dist> {
        let sub = if field.is_empty() {
            "price_year".to_string()
        } else {
            format!("{field}.price_year")
        };
        let fail = |message: String| {
            Diagnostic::new(message)
                .item(item)
                .field(&sub)
                .span(price_year.span.clone())
        };
        if role != Role::Free {
            self.error(
                fail(format!(
                    "`price_year` is for money; this field is {}",
                    role.rule()
                ))
                .help("remove `price_year`: only money is rebased to the model's prices"),
            );
            return None;
        }
        let Some(to) = self.price_year else {
            self.error(
                fail(format!(
                    "this figure is at {} prices, but the model has no price year to convert it to",
                    price_year.value
                ))
                .help("add `price_year = ...` to `[model]`: the year whose prices the model's money is in"),
            );
            return None;
        };
        match factor(price_year.value, to, &self.deflators) {
            Ok(f) => {
                self.conversions.push(PriceConversion {
                    quantity: name.to_string(),
                    from: price_year.value,
                    to,
                    factor: f,
                });
                Some(
                    dist.rescaled(f)
                        .noted(&format!("at {} prices", price_year.value)),
                )
            }
            Err(e) => {
                let whose = if e.year == to {
                    format!(
                        "the model's price year {to} is not in the GDP deflator series (it has {})",
                        e.years
                    )
                } else {
                    e.to_string()
                };
                self.error(fail(whose).help(format!(
                    "add the year to `[deflators]` in the model, e.g. `{} = ...` (the index on the series' base, 2024-25 = 100)",
                    e.year
                )));
                None
            }
        }
    }
}
