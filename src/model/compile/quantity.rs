//! One numeric field as a named quantity: a number within its role's allowed values, a
//! distribution whose whole support is allowed, or an expression parsed for later.

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::{Def, Origin, QId, Quantity, Role};
use crate::model::dist::{Dist, DistError, FieldValue};
use crate::model::expr;
use crate::model::raw::{At, RawDist, RawDistField, RawQuantity, Span};

impl Compiler {
    /// Creates a named quantity from a numeric field.
    pub(super) fn quantity(
        &mut self,
        raw: &At<RawQuantity>,
        name: String,
        role: Role,
        item: &str,
        field: &str,
    ) -> Option<QId> {
        let origin = Origin {
            item: item.to_string(),
            field: field.to_string(),
            span: raw.span.clone(),
        };
        let fail = |message: String| {
            let mut d = Diagnostic::new(message).item(item).span(raw.span.clone());
            if !field.is_empty() {
                d = d.field(field);
            }
            d
        };
        let def = match &raw.value {
            RawQuantity::Number(x) => {
                if !role.allows(*x) {
                    let mut d = fail(format!(
                        "must be {}; got {}",
                        role.rule(),
                        crate::model::num::num(*x)
                    ));
                    if role == Role::Proportion {
                        // 20 was surely meant as 20%; 1.25 could be anything.
                        d = d.help(if (2.0..=100.0).contains(x) {
                            format!(
                                "write proportions as fractions of 1: {} for {}%",
                                x / 100.0,
                                x
                            )
                        } else {
                            "write proportions as fractions of 1, e.g. 0.25 for 25%".to_string()
                        });
                    }
                    self.error(d);
                    return None;
                }
                Def::Dist(Dist::fixed(*x))
            }
            RawQuantity::Expr(text) => match expr::parse(text) {
                Ok(e) => Def::Expr(e),
                Err(e) => {
                    // Point inside the string: the value's span starts at the opening quote.
                    let at = (raw.span.start + 1 + e.offset).min(raw.span.end.saturating_sub(1));
                    let mut d = fail(format!("in the expression \"{text}\": {}", e.message));
                    d.span = Some(at..(at + 1).min(raw.span.end));
                    self.error(d);
                    return None;
                }
            },
            RawQuantity::Dist(rd) => match build_dist(rd) {
                Ok(d) => {
                    let d = match &rd.price_year {
                        Some(py) => self.rebase(d, py, role, &name, item, field)?,
                        None => d,
                    };
                    let (lo, hi) = d.support();
                    if !role.allows_support(lo, hi) {
                        let mut diag = fail(format!(
                            "must be {}, but {} ranges over [{}, {}]",
                            role.rule(),
                            d.describe(),
                            fmt_bound(lo),
                            fmt_bound(hi)
                        ));
                        diag = diag.help(match role {
                            Role::Proportion => "use a distribution that stays within [0, 1]: beta, uniform, triangular or pert within [0, 1], or a normal truncated with `min = 0, max = 1`",
                            Role::NonNegative | Role::Weight => "use a distribution that cannot go below 0 (e.g. poisson, gamma, lognormal, or a normal with `min = 0`)",
                            Role::Duration => DURATION_HELP,
                            _ => "use a distribution whose values are all allowed (e.g. truncate a normal with `min`)",
                        });
                        self.error(diag);
                        return None;
                    }
                    if role == Role::Duration && !d.is_whole() {
                        self.error(
                            fail(format!(
                                "must be a whole number of years, but {} can give a fraction",
                                d.describe()
                            ))
                            .help(DURATION_HELP),
                        );
                        return None;
                    }
                    if role == Role::Duration && d.base().fract() != 0.0 {
                        let b = d.base();
                        self.error(
                            fail(format!(
                                "the base case needs a whole number of years, but the base of {} is its mean, {b}",
                                d.describe()
                            ))
                            .help(format!(
                                "add `base = {}` or `base = {}` to the distribution",
                                b.floor(),
                                b.ceil()
                            )),
                        );
                        return None;
                    }
                    Def::Dist(d)
                }
                Err(e) => {
                    let span = dist_error_span(rd, &e).unwrap_or(raw.span.clone());
                    let f = match e.field() {
                        Some(sub) if !field.is_empty() => format!("{field}.{sub}"),
                        Some(sub) => sub.to_string(),
                        None => field.to_string(),
                    };
                    let mut d = Diagnostic::new(e.to_string()).item(item).span(span);
                    if !f.is_empty() {
                        d = d.field(f);
                    }
                    self.error(d);
                    return None;
                }
            },
        };
        let id = self.quantities.len();
        if let Def::Expr(e) = &def {
            self.pending.push((id, e.clone()));
        }
        self.quantities.push(Quantity {
            name,
            def,
            role,
            origin,
            deps: Vec::new(),
        });
        Some(id)
    }
}

const DURATION_HELP: &str = "use whole numbers of years from 1 to 200: e.g. `{ dist = \"discrete\", values = [1, 2, 3], weights = [1, 2, 1] }`, `empirical` of whole numbers, or `{ dist = \"poisson\", lambda = 2, min = 1, max = 10 }`";

fn build_dist(rd: &RawDist) -> Result<Dist, DistError> {
    let fields: Vec<(&str, FieldValue<'_>)> = rd
        .fields
        .iter()
        .map(|(k, v)| {
            let value = match &v.value {
                RawDistField::Number(x) => FieldValue::Number(*x),
                RawDistField::Numbers(xs) => FieldValue::Numbers(xs),
            };
            (k.value.as_str(), value)
        })
        .collect();
    Dist::from_fields(&rd.kind.value, &fields)
}

/// The span of the field a distribution error is about: the key for an unknown field,
/// the value otherwise, the `dist` name for an unknown kind.
fn dist_error_span(rd: &RawDist, e: &DistError) -> Option<Span> {
    if let DistError::UnknownKind { .. } = e {
        return Some(rd.kind.span.clone());
    }
    let field = e.field()?;
    let (k, v) = rd.fields.iter().find(|(k, _)| k.value == field)?;
    Some(match e {
        DistError::UnknownField { .. } => k.span.clone(),
        _ => v.span.clone(),
    })
}

fn fmt_bound(x: f64) -> String {
    if x == f64::INFINITY {
        "∞".into()
    } else if x == f64::NEG_INFINITY {
        "−∞".into()
    } else {
        crate::model::num::num(x)
    }
}
