//! Assurance metadata checked (evidence, valuation method, exclusions) and the
//! optimism-bias correction of each confidence grade applied to inputs and outcomes.
//!
//! A grade's correction raises a cost and reduces a benefit (HM Treasury, 2014, "Supporting
//! public service transformation: cost benefit analysis guidance for local partnerships"):
//! an input's amounts are multiplied by 1 + c and an outcome's value by 1 − c. The
//! corrections come from the model's `[optimism_bias]`, else from the bundled table
//! (`data/optimism-bias-grades.toml`), which ships none until they are verified.

use serde::Deserialize;

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::{
    Acceptance, AcceptedOn, Evidence, Exclusion, Kind, Model, OptimismTable, OutcomeMeta,
};
use crate::model::raw::meta::{ASSURANCE_CODES, KINDS, RawAccept, VALUATIONS, grade_error};
use crate::model::raw::{At, RawModel, item_label};
use crate::model::suggest::did_you_mean;

/// The bundled grade table's text.
pub const BUNDLED_GRADES: &str = include_str!("../../../data/optimism-bias-grades.toml");

/// The bundled grade table as written.
#[derive(Debug, Deserialize)]
pub struct BundledGrades {
    /// `verified` once the corrections are read in the source.
    pub status: String,
    /// The publication.
    pub source: String,
    /// The corrections of grades 1 to 6, once verified.
    pub corrections: Option<Vec<f64>>,
}

/// The bundled corrections, if verified.
pub fn bundled_table() -> Option<OptimismTable> {
    let g: BundledGrades = toml::from_str(BUNDLED_GRADES).ok()?;
    let c = g.corrections.filter(|_| g.status == "verified")?;
    Some(OptimismTable {
        corrections: c.try_into().ok()?,
        source: g.source,
    })
}

impl Compiler {
    pub(super) fn meta(&mut self, raw: &RawModel, model: &mut Model) {
        for (i, ro) in raw.outcomes.iter().enumerate() {
            let Some(name) = ro.name.as_ref().map(|n| n.value.as_str()) else {
                continue;
            };
            let item = item_label("outcomes", i, Some(name));
            let meta = OutcomeMeta {
                indicator: ro.meta.indicator.as_ref().map(|s| s.value.clone()),
                evidence: ro.meta.evidence.as_ref().map(|e| self.evidence(e, &item)),
                valuation: ro
                    .meta
                    .valuation
                    .as_ref()
                    .and_then(|v| self.valuation(v, &item)),
            };
            let grade = ro
                .meta
                .confidence
                .as_ref()
                .and_then(|g| self.grade(g, &item));
            if let Some(o) = model.outcomes.iter_mut().find(|o| o.name == name) {
                o.meta = meta;
                o.confidence = grade;
            }
        }
        for (i, ri) in raw.inputs.iter().enumerate() {
            let Some(name) = ri.name.as_ref().map(|n| n.value.as_str()) else {
                continue;
            };
            let item = item_label("inputs", i, Some(name));
            let grade = ri.confidence.as_ref().and_then(|g| self.grade(g, &item));
            if let Some(input) = model.inputs.iter_mut().find(|x| x.name == name) {
                input.confidence = grade;
            }
        }
        model.exclusions = self.exclusions(raw);
        model.kind = self.kind(raw);
        model.accepted = self.acceptances(raw);
        // A stakeholder counts as engaged when its entry records how (a method or a
        // number of people), not merely that an `engagement` table exists.
        model.engaged = raw
            .stakeholders
            .iter()
            .filter(|s| {
                s.engagement.as_ref().is_some_and(|e| {
                    e.method.is_some() || e.people.as_ref().is_some_and(|p| p.value > 0)
                })
            })
            .filter_map(|s| s.name.as_ref().map(|n| n.value.clone()))
            .collect();
        for (i, st) in raw.stakeholders.iter().enumerate() {
            if let Some(p) = st.engagement.as_ref().and_then(|e| e.people.as_ref())
                && p.value < 0
            {
                let item = item_label(
                    "stakeholders",
                    i,
                    st.name.as_ref().map(|n| n.value.as_str()),
                );
                self.error(
                    Diagnostic::new(format!("a number of people, 0 or more; got {}", p.value))
                        .item(item)
                        .field("engagement.people")
                        .span(p.span.clone()),
                );
            }
        }
        let graded = model.inputs.iter().any(|i| i.confidence.is_some())
            || model.outcomes.iter().any(|o| o.confidence.is_some());
        let table = self.optimism_table(raw, graded);
        if let Some(t) = &table {
            for i in &mut model.inputs {
                if let Some(g) = i.confidence {
                    i.optimism = 1.0 + t.corrections[g as usize - 1];
                }
            }
            for o in &mut model.outcomes {
                if let Some(g) = o.confidence {
                    o.optimism = 1.0 - t.corrections[g as usize - 1];
                }
            }
        }
        model.optimism_bias = table.filter(|_| graded);
    }

    fn kind(&mut self, raw: &RawModel) -> Kind {
        let Some(k) = &raw.header.kind else {
            return Kind::Forecast;
        };
        match k.value.as_str() {
            "forecast" => Kind::Forecast,
            "evaluation" => Kind::Evaluation,
            other => {
                self.error(
                    Diagnostic::new(format!(
                        "unknown kind `{other}`{}",
                        did_you_mean(other, KINDS.iter().copied())
                    ))
                    .item("[model]")
                    .field("kind")
                    .span(k.span.clone())
                    .help("allowed: forecast (value to come; the default), evaluation (value that has happened, measured in participants)"),
                );
                Kind::Forecast
            }
        }
    }

    /// Every `accept` table of the model, its codes and reasons checked.
    fn acceptances(&mut self, raw: &RawModel) -> Vec<Acceptance> {
        let mut tables: Vec<(String, &RawAccept, AcceptedOn)> = Vec::new();
        if let Some(a) = &raw.header.accept {
            tables.push(("[model]".into(), a, AcceptedOn::Model));
        }
        for (i, o) in raw.outcomes.iter().enumerate() {
            let name = o.name.as_ref().map(|n| n.value.as_str());
            if let Some(a) = &o.meta.accept {
                tables.push((item_label("outcomes", i, name), a, AcceptedOn::Outcome(i)));
            }
        }
        for (i, x) in raw.inputs.iter().enumerate() {
            let name = x.name.as_ref().map(|n| n.value.as_str());
            if let Some(a) = &x.accept {
                tables.push((item_label("inputs", i, name), a, AcceptedOn::Input(i)));
            }
        }
        for (i, s) in raw.stakeholders.iter().enumerate() {
            let name = s.name.as_ref().map(|n| n.value.as_str());
            if let (Some(a), Some(n)) = (&s.accept, name) {
                let on = AcceptedOn::Stakeholder(n.to_string());
                tables.push((item_label("stakeholders", i, name), a, on));
            }
        }
        let mut out = Vec::new();
        for (item, table, on) in tables {
            for (code, reason) in &table.entries {
                let field = format!("accept.{}", code.value);
                if !ASSURANCE_CODES.contains(&code.value.as_str()) {
                    self.error(
                        Diagnostic::new(format!(
                            "unknown assurance rule `{}`{}",
                            code.value,
                            did_you_mean(&code.value, ASSURANCE_CODES.iter().copied())
                        ))
                        .item(item.as_str())
                        .field(field)
                        .span(code.span.clone())
                        .help(format!(
                            "the rules are {}-{}; `sroi check --assurance` lists a model's findings with their codes",
                            ASSURANCE_CODES[0],
                            ASSURANCE_CODES[ASSURANCE_CODES.len() - 1]
                        )),
                    );
                } else if reason.value.trim().is_empty() {
                    self.error(
                        Diagnostic::new("an accepted finding needs its reason; got an empty one")
                            .item(item.as_str())
                            .field(field)
                            .span(reason.span.clone())
                            .help(format!(
                                "say in a sentence why the finding does not weaken the claim, e.g. `{} = \"both figures are measured; they value different changes\"`",
                                code.value
                            )),
                    );
                } else {
                    // Outcomes and inputs are found by index in the file, which is their
                    // index in the checked model (both keep file order).
                    out.push(Acceptance {
                        code: code.value.clone(),
                        reason: reason.value.trim().to_string(),
                        on: on.clone(),
                    });
                }
            }
        }
        out
    }

    fn grade(&mut self, g: &At<i64>, item: &str) -> Option<u8> {
        if (1..=6).contains(&g.value) {
            Some(g.value as u8)
        } else {
            self.error(grade_error(item, g));
            None
        }
    }

    fn valuation(&mut self, v: &At<String>, item: &str) -> Option<String> {
        if VALUATIONS.contains(&v.value.as_str()) {
            return Some(v.value.clone());
        }
        self.error(
            Diagnostic::new(format!(
                "unknown valuation method `{}`{}",
                v.value,
                did_you_mean(&v.value, VALUATIONS.iter().copied())
            ))
            .item(item)
            .field("valuation")
            .span(v.span.clone())
            .help(format!("allowed: {}", VALUATIONS.join(", "))),
        );
        None
    }

    fn evidence(&mut self, e: &crate::model::raw::meta::RawEvidence, item: &str) -> Evidence {
        let sample_size = e.sample_size.as_ref().and_then(|n| {
            if n.value >= 1 {
                Some(n.value as u64)
            } else {
                self.error(
                    Diagnostic::new(format!(
                        "a sample size is a number of people, 1 or more; got {}",
                        n.value
                    ))
                    .item(item)
                    .field("evidence.sample_size")
                    .span(n.span.clone()),
                );
                None
            }
        });
        let follow_up_years = e.follow_up_years.as_ref().and_then(|y| {
            if y.value >= 0.0 {
                Some(y.value)
            } else {
                self.error(
                    Diagnostic::new(format!(
                        "a follow-up is a number of years, 0 or more; got {}",
                        y.value
                    ))
                    .item(item)
                    .field("evidence.follow_up_years")
                    .span(y.span.clone()),
                );
                None
            }
        });
        Evidence {
            source: e.source.as_ref().map(|s| s.value.clone()),
            measured: e.measured.as_ref().map(|m| m.value),
            sample_size,
            follow_up_years,
        }
    }

    fn exclusions(&mut self, raw: &RawModel) -> Vec<Exclusion> {
        let mut out = Vec::new();
        for (i, x) in raw.exclusions.iter().enumerate() {
            let item = item_label("exclusions", i, x.name.as_ref().map(|n| n.value.as_str()));
            match (&x.name, &x.reason) {
                (Some(n), Some(r)) if !r.value.trim().is_empty() => out.push(Exclusion {
                    name: n.value.clone(),
                    reason: r.value.clone(),
                }),
                (None, _) => self.missing(&item, "name", x.span.clone(), "what was left out"),
                (_, _) => self.missing(
                    &item,
                    "reason",
                    x.span.clone(),
                    "why it was left out (not material, not caused by the scheme, counted elsewhere, …)",
                ),
            }
        }
        out
    }

    /// The model's own corrections, else the bundled ones; an error if a grade is used
    /// and neither has them.
    fn optimism_table(&mut self, raw: &RawModel, graded: bool) -> Option<OptimismTable> {
        let Some(o) = &raw.optimism_bias else {
            if !graded {
                return None;
            }
            let table = bundled_table();
            if table.is_none() {
                let outcomes = raw.outcomes.iter().enumerate().filter_map(|(i, o)| {
                    let name = o.name.as_ref().map(|n| n.value.as_str());
                    Some((item_label("outcomes", i, name), o.meta.confidence.as_ref()?))
                });
                let inputs = raw.inputs.iter().enumerate().filter_map(|(i, x)| {
                    let name = x.name.as_ref().map(|n| n.value.as_str());
                    Some((item_label("inputs", i, name), x.confidence.as_ref()?))
                });
                let first = outcomes.chain(inputs).min_by_key(|(_, g)| g.span.start);
                let mut d = Diagnostic::new(
                    "a confidence grade needs the correction of each grade, and none is bundled: the table of HM Treasury's 2014 guidance has not been verified from its source",
                )
                .help("give the six corrections you rely on, grade 1 first, with their source:\n[optimism_bias]\ncorrections = [c1, c2, c3, c4, c5, c6]\nsource = \"where you read them\"");
                if let Some((item, g)) = first {
                    d = d.item(item).field("confidence").span(g.span.clone());
                }
                self.error(d);
            }
            return table;
        };
        let item = "[optimism_bias]";
        let Some(c) = &o.corrections else {
            self.missing(
                item,
                "corrections",
                o.span.clone(),
                "six proportions, for grades 1 (best) to 6",
            );
            return None;
        };
        if c.value.len() != 6 {
            self.error(
                Diagnostic::new(format!(
                    "needs six corrections, one for each grade from 1 to 6; got {}",
                    c.value.len()
                ))
                .item(item)
                .field("corrections")
                .span(c.span.clone()),
            );
            return None;
        }
        let mut corrections = [0.0; 6];
        for (k, x) in c.value.iter().enumerate() {
            if !(0.0..1.0).contains(&x.value) {
                self.error(
                    Diagnostic::new(format!(
                        "a correction is a proportion from 0 up to (not including) 1; got {}",
                        x.value
                    ))
                    .item(item)
                    .field(format!("corrections[{k}]"))
                    .span(x.span.clone())
                    .help("write 0.15 for 15%"),
                );
                return None;
            }
            corrections[k] = x.value;
        }
        let Some(source) = &o.source else {
            self.missing(
                item,
                "source",
                o.span.clone(),
                "where the corrections come from, so an assessor can check them",
            );
            return None;
        };
        Some(OptimismTable {
            corrections,
            source: source.value.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_parses_and_ships_no_unverified_corrections() {
        let g: BundledGrades = toml::from_str(BUNDLED_GRADES).unwrap();
        if g.status == "verified" {
            let c = g.corrections.expect("a verified table has corrections");
            assert_eq!(c.len(), 6);
            assert!(c.iter().all(|x| (0.0..1.0).contains(x)));
            assert!(bundled_table().is_some());
        } else {
            assert!(g.corrections.is_none());
            assert!(bundled_table().is_none());
        }
        assert!(g.source.contains("2014"));
    }
}
