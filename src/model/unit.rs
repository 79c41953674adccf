//! What kind of figure each named quantity is (a share, an amount of money, or another
//! number), so that every table shows it as the impact map does: `35%`, `£46`, `138.6`.
//!
//! A quantity's kind follows from where it is written: a deadweight, displacement,
//! attribution, drop-off, cashable share or discount rate is a share; an outcome's value,
//! an input's amount or schedule, and any figure written at a price year are money. A
//! parameter that such a field names alone (`deadweight = "nhs_deadweight"`) is of that
//! field's kind; any other parameter is a plain number.

use serde::Serialize;

use crate::model::checked::{Def, Model, Role};
use crate::model::expr::Expr;

/// How a quantity's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A share of 1, shown as a percentage.
    Share,
    /// An amount in the model's currency.
    Money,
    /// Any other number (a count, a rate per person, years, a weight).
    Number,
}

/// Each quantity's unit, in the order of `model.quantities`.
pub fn units(model: &Model) -> Vec<Unit> {
    let mut units: Vec<Unit> = model
        .quantities
        .iter()
        .map(|q| {
            let money_field = (q.name.starts_with("outcomes.") && q.origin.field == "value")
                || (q.name.starts_with("inputs.")
                    && (q.origin.field == "amount" || q.origin.field.starts_with("schedule[")));
            match q.role {
                Role::Proportion | Role::DiscountRate => Unit::Share,
                _ if money_field => Unit::Money,
                _ => Unit::Number,
            }
        })
        .collect();
    for c in &model.price_conversions {
        if let Some(&q) = model.names.get(&c.quantity) {
            units[q] = Unit::Money;
        }
    }
    // A field that names one parameter alone lends it its kind; an alias of an alias too,
    // so pass until nothing changes (at most once per quantity). A parameter named alone
    // by fields of two kinds stays a plain number.
    let aliases: Vec<(usize, usize)> = model
        .quantities
        .iter()
        .enumerate()
        .filter_map(
            |(q, quantity)| match (&quantity.def, quantity.deps.as_slice()) {
                (Def::Expr(Expr::Var { .. }), &[p]) => Some((q, p)),
                _ => None,
            },
        )
        .collect();
    let mut mixed = vec![false; units.len()];
    for _ in 0..=aliases.len() {
        let mut changed = false;
        for &(q, p) in &aliases {
            let (field, named) = (units[q], units[p]);
            if field == Unit::Number || mixed[p] || named == field {
                continue;
            }
            if named == Unit::Number && model.quantities[p].role == Role::Free {
                units[p] = field;
            } else {
                units[p] = Unit::Number;
                mixed[p] = true;
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units_of(text: &str) -> Vec<(String, Unit)> {
        let raw = crate::model::raw::parse_model(text).unwrap_or_else(|e| panic!("{e:?}"));
        let m = &crate::model::compile::compile(&raw).unwrap_or_else(|e| panic!("{e:?}"));
        m.quantities
            .iter()
            .map(|q| q.name.clone())
            .zip(units(m))
            .collect()
    }

    #[test]
    fn fields_give_their_kind_and_lend_it_to_a_parameter_they_name_alone() {
        let got = units_of(
            r#"
[model]
name = "Units"
price_year = 2024

[parameters]
dw = 0.2
cost = { dist = "fixed", value = 100, price_year = 2020 }
people = 40
per_head = 5
both = 0.5

[[inputs]]
name = "Grant"
amount = "people * per_head"

[[outcomes]]
name = "A"
stakeholder = "People"
quantity = "people"
value = "cost"
deadweight = "dw"
attribution = "both"

[[outcomes]]
name = "B"
stakeholder = "People"
quantity = 10
value = "both"
"#,
        );
        let unit = |name: &str| got.iter().find(|(n, _)| n == name).map(|(_, u)| *u);
        assert_eq!(unit("parameters.dw"), Some(Unit::Share));
        assert_eq!(unit("parameters.cost"), Some(Unit::Money));
        assert_eq!(unit("parameters.people"), Some(Unit::Number));
        assert_eq!(unit("parameters.per_head"), Some(Unit::Number));
        // Named alone as a share and as money: neither.
        assert_eq!(unit("parameters.both"), Some(Unit::Number));
        assert_eq!(unit("inputs.Grant.amount"), Some(Unit::Money));
        assert_eq!(unit("outcomes.A.value"), Some(Unit::Money));
        assert_eq!(unit("outcomes.A.quantity"), Some(Unit::Number));
        assert_eq!(unit("outcomes.A.deadweight"), Some(Unit::Share));
        assert_eq!(unit("outcomes.B.value"), Some(Unit::Money));
    }
}
