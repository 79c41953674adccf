//! Assurance metadata as written (spec §13), read beside the model's numbers: an outcome's
//! `indicator`, `evidence`, `valuation` and `confidence`, an input's `confidence`,
//! `[[exclusions]]` and `[optimism_bias]`. None of it changes the arithmetic except
//! `confidence` (optimism bias); it is what `sroi check --assurance` reads to find claims an
//! assessor would question.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::Diagnostic;
use crate::model::raw::{At, Ctx, Reader, Span, describe, field_error, unknown_key};

/// `evidence = { source, measured, sample_size, follow_up_years }` on an outcome.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEvidence {
    /// Where the table is written.
    pub span: Span,
    /// Where the outcome's figures come from.
    pub source: Option<At<String>>,
    /// True if the outcome was measured in this scheme's own participants.
    pub measured: Option<At<bool>>,
    /// How many people the evidence rests on.
    pub sample_size: Option<At<i64>>,
    /// How long after the intervention the evidence follows people (years).
    pub follow_up_years: Option<At<f64>>,
}

/// The fields of an outcome's `evidence` table.
pub const EVIDENCE_FIELDS: &[&str] = &["source", "measured", "sample_size", "follow_up_years"];

/// An outcome's assurance metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawOutcomeMeta {
    /// `indicator`: how the outcome is measured.
    pub indicator: Option<At<String>>,
    /// `evidence`.
    pub evidence: Option<RawEvidence>,
    /// `valuation`: how its value was found (see [`VALUATIONS`]).
    pub valuation: Option<At<String>>,
    /// `confidence`: the optimism-bias grade, 1 (best) to 6.
    pub confidence: Option<At<i64>>,
    /// `accept`: assurance findings about this outcome accepted, with reasons.
    pub accept: Option<RawAccept>,
}

/// `accept = { A012 = "reason", ... }` on `[model]`, an outcome, an input or a
/// stakeholder: assurance findings reviewed and accepted, each with its reason (spec §16).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawAccept {
    /// Where the table is written.
    pub span: Span,
    /// Each rule code and its reason, in file order.
    pub entries: Vec<(At<String>, At<String>)>,
}

/// The codes of the assurance rules `accept` may name (the rules themselves are
/// `analysis::assurance::RULES`, which a test keeps in step with this list).
pub const ASSURANCE_CODES: &[&str] = &[
    "A001", "A002", "A003", "A004", "A005", "A006", "A007", "A008", "A009", "A010", "A011", "A012",
    "A013",
];

/// What a model may be (`[model] kind`): a forecast of value to come, or an evaluation of
/// value that has happened (the SROI Guide's two kinds of analysis).
pub const KINDS: &[&str] = &["forecast", "evaluation"];

/// How an outcome may be valued.
pub const VALUATIONS: &[&str] = &[
    "wellbeing",
    "cost",
    "market",
    "stated-preference",
    "revealed-preference",
];

/// `engagement = { method, people, when }` on a `[[stakeholders]]` entry: how the
/// stakeholder was involved (the SROI Guide's first principle).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEngagement {
    /// Where the table is written.
    pub span: Span,
    /// How they were asked: interviews, focus groups, a survey, …
    pub method: Option<At<String>>,
    /// How many people took part.
    pub people: Option<At<i64>>,
    /// When.
    pub when: Option<At<String>>,
}

/// The fields of a stakeholder's `engagement` table.
pub const ENGAGEMENT_FIELDS: &[&str] = &["method", "people", "when"];

/// One `[[exclusions]]` entry: an outcome left out of the account, and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawExclusion {
    /// The entry's table.
    pub span: Span,
    /// `name`: what was left out.
    pub name: Option<At<String>>,
    /// `reason`: why (not material, not caused by the scheme, double counting, …).
    pub reason: Option<At<String>>,
}

/// The fields of an `[[exclusions]]` entry.
pub const EXCLUSION_FIELDS: &[&str] = &["name", "reason"];

/// `[optimism_bias]`: the correction of each confidence grade, if the model gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawOptimismBias {
    /// Where the table is written.
    pub span: Span,
    /// `corrections`: six proportions, for grades 1 to 6.
    pub corrections: Option<At<Vec<At<f64>>>>,
    /// `source`: where the corrections come from.
    pub source: Option<At<String>>,
}

/// The fields of `[optimism_bias]`.
pub const OPTIMISM_FIELDS: &[&str] = &["corrections", "source"];

impl Reader {
    /// The value as true or false, or a diagnostic.
    pub fn boolean(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
        field: &str,
    ) -> Option<At<bool>> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(At {
                value: *b,
                span: self.at(v),
            }),
            other => {
                let mut d = field_error(cx, field, self.at(v));
                d.message = format!("expected true or false; found {}", describe(other));
                self.error(d);
                None
            }
        }
    }

    /// Reads an outcome's `evidence` table.
    pub fn evidence(&mut self, v: &Spanned<DeValue<'_>>, cx: Ctx<'_>) -> Option<RawEvidence> {
        let t = self.table(v, cx, Some("evidence"))?;
        let mut e = RawEvidence {
            span: self.at(v),
            ..RawEvidence::default()
        };
        for (key, v) in t.iter() {
            let k = key.get_ref().as_ref();
            let f = format!("evidence.{k}");
            match k {
                "source" => e.source = self.string(v, cx, &f),
                "measured" => e.measured = self.boolean(v, cx, &f),
                "sample_size" => e.sample_size = self.integer(v, cx, &f),
                "follow_up_years" => e.follow_up_years = self.number(v, cx, &f),
                _ => self.error(unknown_key(k, self.at(key), EVIDENCE_FIELDS, Some(cx))),
            }
        }
        Some(e)
    }

    /// Reads an `accept` table: rule codes, each with its reason as a string.
    pub fn accept(&mut self, v: &Spanned<DeValue<'_>>, cx: Ctx<'_>) -> Option<RawAccept> {
        let t = self.table(v, cx, Some("accept"))?;
        let mut a = RawAccept {
            span: self.at(v),
            ..RawAccept::default()
        };
        for (key, v) in t.iter() {
            let code = key.get_ref().to_string();
            let field = format!("accept.{code}");
            if let Some(reason) = self.string(v, cx, &field) {
                a.entries.push((
                    At {
                        value: code,
                        span: self.at(key),
                    },
                    reason,
                ));
            }
        }
        Some(a)
    }

    /// Reads a stakeholder's `engagement` table.
    pub fn engagement(&mut self, v: &Spanned<DeValue<'_>>, cx: Ctx<'_>) -> Option<RawEngagement> {
        let t = self.table(v, cx, Some("engagement"))?;
        let mut e = RawEngagement {
            span: self.at(v),
            ..RawEngagement::default()
        };
        for (key, v) in t.iter() {
            let k = key.get_ref().as_ref();
            let f = format!("engagement.{k}");
            match k {
                "method" => e.method = self.string(v, cx, &f),
                "people" => e.people = self.integer(v, cx, &f),
                "when" => e.when = self.string(v, cx, &f),
                _ => self.error(unknown_key(k, self.at(key), ENGAGEMENT_FIELDS, Some(cx))),
            }
        }
        Some(e)
    }

    /// Reads `[[exclusions]]`.
    pub fn exclusions(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<RawExclusion> {
        self.array_of_tables(value, "exclusions", |r, t, span, item| {
            let cx = Ctx { item };
            let mut x = RawExclusion {
                span,
                ..RawExclusion::default()
            };
            for (key, v) in t.iter() {
                let k = key.get_ref().as_ref();
                match k {
                    "name" => x.name = r.string(v, cx, k),
                    "reason" => x.reason = r.string(v, cx, k),
                    _ => r.error(unknown_key(k, r.at(key), EXCLUSION_FIELDS, Some(cx))),
                }
            }
            x
        })
    }

    /// Reads `[optimism_bias]`.
    pub fn optimism_bias(&mut self, value: &Spanned<DeValue<'_>>) -> Option<RawOptimismBias> {
        let cx = Ctx {
            item: "[optimism_bias]",
        };
        let t: &DeTable<'_> = self.table(value, cx, None)?;
        let mut o = RawOptimismBias {
            span: self.at(value),
            ..RawOptimismBias::default()
        };
        for (key, v) in t.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "source" => o.source = self.string(v, cx, k),
                "corrections" => {
                    let Some(list) = v.get_ref().as_array() else {
                        let mut d = field_error(cx, k, self.at(v));
                        d.message = format!(
                            "expected a list of six proportions, for grades 1 to 6; found {}",
                            describe(v.get_ref())
                        );
                        self.error(d);
                        continue;
                    };
                    let mut xs = Vec::new();
                    for (i, e) in list.iter().enumerate() {
                        xs.extend(self.number(e, cx, &format!("corrections[{i}]")));
                    }
                    o.corrections = Some(At {
                        value: xs,
                        span: self.at(v),
                    });
                }
                _ => self.error(unknown_key(k, self.at(key), OPTIMISM_FIELDS, Some(cx))),
            }
        }
        Some(o)
    }

    /// Reads one of an outcome's assurance fields into `meta`; false if `key` is not one.
    pub fn outcome_meta(
        &mut self,
        meta: &mut RawOutcomeMeta,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        cx: Ctx<'_>,
    ) -> bool {
        match key {
            "indicator" => meta.indicator = self.string(v, cx, key),
            "evidence" => meta.evidence = self.evidence(v, cx),
            "valuation" => meta.valuation = self.string(v, cx, key),
            "confidence" => meta.confidence = self.integer(v, cx, key),
            "accept" => meta.accept = self.accept(v, cx),
            _ => return false,
        }
        true
    }
}

/// A diagnostic for a confidence grade outside 1–6 (used when checking the model).
pub fn grade_error(item: &str, at: &At<i64>) -> Diagnostic {
    Diagnostic::new(format!(
        "a confidence grade is a whole number from 1 (best evidence) to 6; got {}",
        at.value
    ))
    .item(item)
    .field("confidence")
    .span(at.span.clone())
    .help("the grades of HM Treasury's 2014 cost–benefit guidance for local partnerships run from 1 to 6")
}
