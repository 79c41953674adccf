//! The fields that say when value counts and what it is worth then: discount rates and
//! schedules (the model's, or an item's own), durations (a whole number of years, or a
//! distribution of them) and cohorts.
//!
//! A discount rate is the likeliest field to be written in the wrong units (3.5 for 3.5%
//! gives a ratio a quarter of the right one, silently), so a rate above 1 is an error and a
//! rate above [`HIGH_RATE`] a warning; a random rate is a warning too, since a discount rate
//! is a normative choice to vary by scenario, not an uncertain quantity to average over.

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::{Discount, Duration, MAX_YEARS, QId, Role};
use crate::model::discount::Schedule;
use crate::model::raw::{At, RawDuration, RawQuantity};
use crate::model::suggest::nearest;

/// Rates above this are allowed but warned about: the Green Book's is 0.035.
pub const HIGH_RATE: f64 = 0.2;

impl Compiler {
    /// A `discount_rate` field: a schedule's name, or a rate (a named quantity `name`).
    pub(super) fn discount(
        &mut self,
        raw: &At<RawQuantity>,
        name: String,
        item: &str,
    ) -> Option<Discount> {
        let field = "discount_rate";
        let at = |message: String| {
            Diagnostic::new(message)
                .item(item)
                .field(field)
                .span(raw.span.clone())
        };
        match &raw.value {
            RawQuantity::Expr(text) => {
                if let Some(s) = Schedule::from_name(text) {
                    return Some(Discount::Schedule(s));
                }
                if looks_like_schedule(text) {
                    let suggestion = nearest(text.trim(), Schedule::NAMES)
                        .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                    self.error(
                        at(format!(
                            "unknown discount schedule `{}`{suggestion}",
                            text.trim()
                        ))
                        .help(format!(
                            "the schedules are {}; or give a rate such as 0.035",
                            Schedule::NAMES.map(|n| format!("\"{n}\"")).join(" and ")
                        )),
                    );
                    return None;
                }
            }
            RawQuantity::Number(x) if *x > 1.0 => {
                self.error(
                    at(format!(
                        "a discount rate is a fraction of 1: {x} would mean {}%; did you mean {}?",
                        x * 100.0,
                        x / 100.0
                    ))
                    .help("the Green Book's rate is 0.035 (3.5%); for health effects 0.015"),
                );
                return None;
            }
            RawQuantity::Number(x) if *x > HIGH_RATE => {
                self.warning(
                    at(format!(
                        "a discount rate of {x} is {}% a year, far above the Green Book's 3.5%",
                        x * 100.0
                    ))
                    .help("rates are fractions of 1 (0.035 for 3.5%); if this rate is meant, ignore this warning"),
                );
            }
            RawQuantity::Dist(_) => {
                self.warning(
                    at("the discount rate is drawn from a distribution, so the results average over a normative choice".to_string())
                        .help("fix the rate (e.g. 0.035, or \"green-book\") and vary it with a scenario that replaces `discount_rate`"),
                );
            }
            RawQuantity::Number(_) => {}
        }
        self.quantity(raw, name, Role::DiscountRate, item, field)
            .map(Discount::Rate)
    }

    /// An outcome's `duration`: a whole number of years, or a distribution of them (a
    /// named quantity `name`).
    pub(super) fn duration(
        &mut self,
        raw: &At<RawDuration>,
        name: String,
        item: &str,
    ) -> Option<Duration> {
        match &raw.value {
            RawDuration::Years(n) if (1..=MAX_YEARS).contains(n) => {
                Some(Duration::Years(*n as u32))
            }
            RawDuration::Years(n) => {
                self.error(
                    Diagnostic::new(format!(
                        "must be a whole number of years from 1 to {MAX_YEARS}; got {n}"
                    ))
                    .item(item)
                    .field("duration")
                    .span(raw.span.clone()),
                );
                None
            }
            RawDuration::Dist(d) => {
                let q = At {
                    value: RawQuantity::Dist(d.clone()),
                    span: raw.span.clone(),
                };
                self.quantity(&q, name, Role::Duration, item, "duration")
                    .map(Duration::Random)
            }
        }
    }

    /// An outcome's `cohorts`: one weight (a named quantity `{base}.cohorts[k]`) a year.
    pub(super) fn cohorts(
        &mut self,
        raw: &At<Vec<At<RawQuantity>>>,
        base: &str,
        item: &str,
    ) -> Vec<QId> {
        if raw.value.is_empty() {
            self.error(
                Diagnostic::new("the list of cohorts is empty")
                    .item(item)
                    .field("cohorts")
                    .span(raw.span.clone())
                    .help("give one weight for each year a cohort starts, e.g. `cohorts = [1, 1, 1]`; leave `cohorts` out for a single cohort"),
            );
        }
        if raw.value.len() > MAX_YEARS as usize {
            self.error(
                Diagnostic::new(format!(
                    "at most {MAX_YEARS} cohorts; got {}",
                    raw.value.len()
                ))
                .item(item)
                .field("cohorts")
                .span(raw.span.clone()),
            );
            return Vec::new();
        }
        raw.value
            .iter()
            .enumerate()
            .filter_map(|(k, w)| {
                let field = format!("cohorts[{k}]");
                self.quantity(w, format!("{base}.{field}"), Role::Weight, item, &field)
            })
            .collect()
    }
}

/// True for text meant as a schedule's name rather than an expression: close to one, or
/// words joined by hyphens (`green-book-heath`), which no expression over parameters is
/// written as.
fn looks_like_schedule(text: &str) -> bool {
    let t = text.trim();
    let words: Vec<&str> = t.split('-').collect();
    nearest(t, Schedule::NAMES).is_some()
        || (words.len() > 1
            && words
                .iter()
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic())))
}
