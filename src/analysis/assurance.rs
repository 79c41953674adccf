//! `sroi check --assurance`: the claims an assessor would question, each with a stable
//! rule code, a level and a one-line fix.
//!
//! The rules follow Social Value UK's principles as the SROI Guide (2012) states them:
//! involve stakeholders, do not over-claim (deadweight, attribution, drop-off, duration
//! supported by evidence), be transparent about values, verify the result. Each looks only
//! at what the model says (its numbers at their base values and its metadata); none
//! changes a figure. Absence is a finding: an outcome that carries value with no evidence,
//! indicator or follow-up recorded is flagged, so a model cannot pass by leaving things
//! out. A finding may be accepted with a reason (`accept = { CODE = "reason" }`): it is
//! still listed, with the reason, but never counted. Codes are stable: a rule may be
//! refined, never renumbered.

use serde::Serialize;

use crate::analysis::summary::base_lanes;
use crate::model::checked::{AcceptedOn, Def, Duration, Kind, Model, QId};
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::model::raw::{item_label, quote_key};

/// A rule: its code, a short name, and what it looks for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    /// Stable code, e.g. `A001`.
    pub code: &'static str,
    /// Short name.
    pub name: &'static str,
    /// What it finds, in a sentence.
    pub finds: &'static str,
}

/// Every rule, in code order.
pub const RULES: &[Rule] = &[
    Rule {
        code: "A001",
        name: "duration-beyond-evidence",
        finds: "an outcome lasting longer than its evidence follows people (`evidence.follow_up_years`)",
    },
    Rule {
        code: "A002",
        name: "wellbeing-without-deadweight",
        finds: "a wellbeing outcome with no deadweight: some of that change would have happened anyway",
    },
    Rule {
        code: "A003",
        name: "wellbeing-without-attribution",
        finds: "a wellbeing outcome with no attribution: others (family, services) contribute to it",
    },
    Rule {
        code: "A004",
        name: "unmeasured-majority",
        finds: "outcomes not measured in participants holding more than half of the base-case value between them",
    },
    Rule {
        code: "A005",
        name: "stakeholder-not-engaged",
        finds: "a stakeholder with outcomes but no recorded engagement",
    },
    Rule {
        code: "A006",
        name: "mixed-valuation",
        finds: "one stakeholder's outcomes valued by more than one method, which risks counting the same change twice",
    },
    Rule {
        code: "A007",
        name: "proxy-rebased-far",
        finds: "a value rebased across more than five price years",
    },
    Rule {
        code: "A008",
        name: "no-drop-off",
        finds: "an outcome lasting several years with no drop-off",
    },
    Rule {
        code: "A009",
        name: "no-evidence",
        finds: "an outcome holding at least 5% of the base-case value with no `evidence` (in an evaluation: any outcome not measured, an error)",
    },
    Rule {
        code: "A010",
        name: "no-follow-up",
        finds: "an outcome lasting more than a year with no `evidence.follow_up_years`",
    },
    Rule {
        code: "A011",
        name: "no-indicator",
        finds: "an outcome holding at least 5% of the base-case value with no `indicator`",
    },
    Rule {
        code: "A012",
        name: "wellbeing-valued-twice",
        finds: "one stakeholder with two or more wellbeing-valued outcomes: the same people's wellbeing valued more than once",
    },
    Rule {
        code: "A013",
        name: "secondary-sources",
        finds: "outcomes valued with library figures checked only in secondary sources holding more than half of the base-case value",
    },
];

/// The most price years a value may be rebased across before A007 flags it: over more
/// than five years the deflator's general prices drift from the prices of a particular
/// service (NHS unit costs, wages, rents), and a newer edition of most such figures exists.
pub const MAX_REBASE_YEARS: i64 = 5;
/// The share of the base-case present value above which outcomes "carry most of the
/// value" (A004, A013).
pub const MAJORITY: f64 = 0.5;
/// The share of the base-case present value from which an outcome is material enough to
/// need evidence and an indicator recorded (A009, A011).
pub const MATERIAL: f64 = 0.05;

/// How much a finding matters: a warning fails only `--deny-warnings`; an error fails
/// `check --assurance` itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A claim to question or support.
    Warning,
    /// A claim the model's own kind rules out (an evaluation resting on unmeasured outcomes).
    Error,
}

impl Level {
    /// `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// What a finding is about, for matching it with an `accept` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum About {
    /// The model as a whole, or a parameter: accepted only on `[model]`.
    Model,
    /// An outcome, by index.
    Outcome(usize),
    /// An input, by index.
    Input(usize),
    /// An outcome stakeholder, by name.
    Stakeholder(String),
}

/// One claim an assessor would question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's stable code.
    pub code: &'static str,
    /// Whether it fails `check --assurance` (error) or only `--deny-warnings` (warning).
    pub level: Level,
    /// The item it is about, e.g. `outcomes[2] "Fewer GP visits"`.
    pub item: String,
    /// What was found.
    pub message: String,
    /// How to fix it, in one line.
    pub fix: String,
    /// The reason it was accepted, if it was: it is then listed but never counted.
    pub accepted: Option<String>,
    /// What it is about.
    #[serde(skip)]
    pub about: About,
}

impl Finding {
    /// True if it counts against the model: not accepted, and an error (or any level when
    /// warnings are denied).
    pub fn counts(&self, deny_warnings: bool) -> bool {
        self.accepted.is_none() && (deny_warnings || self.level == Level::Error)
    }
}

/// An outcome's duration in the base case, in years.
fn years(model: &Model, d: &Duration) -> f64 {
    match d {
        Duration::Years(n) => f64::from(*n),
        Duration::Random(q) => match &model.quantities[*q].def {
            Def::Dist(d) => d.base(),
            Def::Expr(_) => 1.0,
        },
    }
}

/// True if the quantity is absent or fixed at 0.
fn is_zero(model: &Model, q: Option<QId>) -> bool {
    match q {
        None => true,
        Some(q) => match &model.quantities[q].def {
            Def::Dist(d) => d.is_fixed() && d.base() == 0.0,
            Def::Expr(_) => false,
        },
    }
}

/// How an outcome's value was found: its `valuation`, else its library proxy's (a
/// wellbeing proxy is wellbeing valuation, any other a cost or price), else unknown.
pub fn valuation_of(loaded: &Loaded, o: usize) -> Option<String> {
    let outcome = &loaded.model.outcomes[o];
    if let Some(v) = &outcome.meta.valuation {
        return Some(v.clone());
    }
    let value = format!("outcomes.{}.value", quote_key(&outcome.name));
    loaded
        .proxies
        .iter()
        .find(|u| u.quantity == value)
        .map(|u| {
            if u.category == "wellbeing" {
                "wellbeing".to_string()
            } else {
                "cost".to_string()
            }
        })
}

fn is_wellbeing(loaded: &Loaded, o: usize) -> bool {
    valuation_of(loaded, o).as_deref() == Some("wellbeing")
}

/// Every finding for a loaded model, by rule then item, each marked accepted where an
/// `accept` table covers it.
pub fn assess(loaded: &Loaded, plan: &Plan) -> Vec<Finding> {
    let m = &loaded.model;
    let mut out = Vec::new();
    let label = |i: usize| format!("outcomes[{}] \"{}\"", i + 1, m.outcomes[i].name);
    let mut push = |code, level, about: About, item: String, message: String, fix: String| {
        out.push(Finding {
            code,
            level,
            item,
            message,
            fix,
            accepted: None,
            about,
        })
    };
    let w = Level::Warning;
    let lanes = base_lanes(plan);
    let pvs: Vec<f64> = (0..m.outcomes.len())
        .map(|o| lanes.outcome_pv(o, 0))
        .collect();
    let total: f64 = pvs.iter().sum();
    // Each outcome's share of the base-case present value (0 for all when it is not positive).
    let share: Vec<f64> = pvs
        .iter()
        .map(|pv| if total > 0.0 { pv / total } else { 0.0 })
        .collect();
    let pct = |x: f64| {
        if x > 0.0 && x < 0.005 {
            "under 1%".to_string()
        } else {
            format!("{:.0}%", x * 100.0)
        }
    };
    // Where other outcomes are negative, those that are not can hold more than the whole.
    let whole = |x: f64| {
        if x > 1.0 {
            " (other outcomes subtract from it)"
        } else {
            ""
        }
    };

    for (i, o) in m.outcomes.iter().enumerate() {
        let follow_up = o.meta.evidence.as_ref().and_then(|e| e.follow_up_years);
        let duration = years(m, &o.duration);
        if let Some(f) = follow_up
            && duration > f
        {
            push(
                "A001",
                w,
                About::Outcome(i),
                label(i),
                format!("lasts {duration} years, but its evidence follows people for {f} years"),
                format!(
                    "set `duration = {}` or cite evidence that follows people for longer",
                    f.floor().max(1.0)
                ),
            );
        }
    }
    for (i, o) in m.outcomes.iter().enumerate() {
        if is_wellbeing(loaded, i) && is_zero(m, o.deadweight) {
            push(
                "A002",
                w,
                About::Outcome(i),
                label(i),
                "is valued as wellbeing but has no deadweight".into(),
                "estimate `deadweight` from a comparison group or national wellbeing trends".into(),
            );
        }
    }
    for (i, o) in m.outcomes.iter().enumerate() {
        if is_wellbeing(loaded, i) && is_zero(m, o.attribution) {
            push(
                "A003",
                w,
                About::Outcome(i),
                label(i),
                "is valued as wellbeing but has no attribution".into(),
                "estimate `attribution`: ask participants how much others contributed to the change".into(),
            );
        }
    }

    let unmeasured: Vec<usize> = (0..m.outcomes.len())
        .filter(|&i| measured(m, i) != Some(true) && share[i] > 0.0)
        .collect();
    let held: f64 = unmeasured.iter().map(|&i| share[i]).sum();
    if held > MAJORITY {
        let parts: Vec<String> = unmeasured
            .iter()
            .map(|&i| format!("\"{}\" {}", m.outcomes[i].name, pct(share[i])))
            .collect();
        push(
            "A004",
            w,
            About::Model,
            "[model]".into(),
            format!(
                "outcomes not measured in participants hold {} of the base-case value between them{}: {}",
                pct(held),
                whole(held),
                parts.join(", ")
            ),
            "measure the largest in participants (`evidence = { measured = true, ... }`) or test them with `sroi sensitivity`".into(),
        );
    }

    for s in engagement_gaps(loaded) {
        push(
            "A005",
            w,
            About::Stakeholder(s.clone()),
            format!("stakeholder \"{s}\""),
            "has outcomes but no recorded engagement".into(),
            format!(
                "add `[[stakeholders]]` with `name = \"{s}\"` and `engagement = {{ method, people, when }}`"
            ),
        );
    }

    for (s, name) in m.stakeholders.iter().enumerate() {
        let mut methods: Vec<String> = (0..m.outcomes.len())
            .filter(|&o| m.outcomes[o].stakeholder == s)
            .filter_map(|o| valuation_of(loaded, o))
            .collect();
        methods.sort();
        methods.dedup();
        if methods.len() > 1 {
            push(
                "A006",
                w,
                About::Stakeholder(name.clone()),
                format!("stakeholder \"{name}\""),
                format!("has outcomes valued by {}", methods.join(" and ")),
                "value this stakeholder's outcomes one way, or say in each `indicator` why they do not overlap".into(),
            );
        }
    }

    for u in &loaded.proxies {
        if u.years_rebased() > MAX_REBASE_YEARS {
            push(
                "A007",
                w,
                owner(m, &u.quantity),
                u.quantity.clone(),
                format!(
                    "uses the proxy `{}` at {} prices, rebased {} years to {}",
                    u.id,
                    u.price_year,
                    u.years_rebased(),
                    u.model_price_year.unwrap_or(u.price_year)
                ),
                "find a figure for the same cost nearer the model's price year, or check the rebased value against one".into(),
            );
        }
    }
    for c in &m.price_conversions {
        let by_proxy = loaded.proxies.iter().any(|u| u.quantity == c.quantity);
        if !by_proxy && (c.to - c.from).abs() > MAX_REBASE_YEARS {
            push(
                "A007",
                w,
                owner(m, &c.quantity),
                c.quantity.clone(),
                format!(
                    "is at {} prices, rebased {} years to {}",
                    c.from,
                    (c.to - c.from).abs(),
                    c.to
                ),
                "find a figure for the same cost nearer the model's price year, or check the rebased value against one".into(),
            );
        }
    }

    for (i, o) in m.outcomes.iter().enumerate() {
        let duration = years(m, &o.duration);
        if duration > 1.0 && is_zero(m, o.drop_off) {
            push(
                "A008",
                w,
                About::Outcome(i),
                label(i),
                format!("lasts {duration} years with no drop-off"),
                "set `drop_off`: the share of the outcome lost each year after the first".into(),
            );
        }
    }

    for (i, o) in m.outcomes.iter().enumerate() {
        let recorded = o.meta.evidence.as_ref().is_some_and(|e| {
            e.source.is_some()
                || e.measured.is_some()
                || e.sample_size.is_some()
                || e.follow_up_years.is_some()
        });
        if m.kind == Kind::Evaluation && measured(m, i) != Some(true) {
            push(
                "A009",
                Level::Error,
                About::Outcome(i),
                label(i),
                format!(
                    "is in an evaluation, but its evidence is {}",
                    if recorded { "not measured in participants" } else { "not recorded" }
                ),
                "measure it in participants and record it (`evidence = { source, measured = true, sample_size }`), or call the model `kind = \"forecast\"`".into(),
            );
        } else if !recorded && share[i] >= MATERIAL {
            push(
                "A009",
                w,
                About::Outcome(i),
                label(i),
                format!(
                    "holds {} of the base-case value with no evidence recorded",
                    pct(share[i])
                ),
                "record where its figures come from: `evidence = { source, measured, sample_size, follow_up_years }`".into(),
            );
        }
    }

    for (i, o) in m.outcomes.iter().enumerate() {
        let duration = years(m, &o.duration);
        let follow_up = o.meta.evidence.as_ref().and_then(|e| e.follow_up_years);
        if duration > 1.0 && follow_up.is_none() {
            push(
                "A010",
                w,
                About::Outcome(i),
                label(i),
                format!("lasts {duration} years, but no follow-up is recorded to support that"),
                "record how long the evidence follows people (`evidence.follow_up_years`), or set `duration = 1`".into(),
            );
        }
    }

    for (i, o) in m.outcomes.iter().enumerate() {
        let indicator = o
            .meta
            .indicator
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty());
        if !indicator && share[i] >= MATERIAL {
            push(
                "A011",
                w,
                About::Outcome(i),
                label(i),
                format!(
                    "holds {} of the base-case value with no indicator",
                    pct(share[i])
                ),
                "say how the change is measured: `indicator = \"...\"`".into(),
            );
        }
    }

    for (s, name) in m.stakeholders.iter().enumerate() {
        let wellbeing: Vec<String> = (0..m.outcomes.len())
            .filter(|&o| m.outcomes[o].stakeholder == s && is_wellbeing(loaded, o))
            .map(|o| format!("\"{}\"", m.outcomes[o].name))
            .collect();
        if wellbeing.len() > 1 {
            push(
                "A012",
                w,
                About::Stakeholder(name.clone()),
                format!("stakeholder \"{name}\""),
                format!(
                    "has {} wellbeing-valued outcomes ({}): the same people's wellbeing may be valued more than once",
                    wellbeing.len(),
                    wellbeing.join(", ")
                ),
                "value their wellbeing once (one WELLBY gain, or one wellbeing value), or accept with a reason why the outcomes do not overlap".into(),
            );
        }
    }

    let secondary = secondary_outcomes(loaded);
    let held: f64 = secondary.iter().map(|(i, _)| share[*i]).sum();
    if held > MAJORITY {
        let parts: Vec<String> = secondary
            .iter()
            .filter(|(i, _)| share[*i] > 0.0)
            .map(|(i, ids)| {
                format!(
                    "\"{}\" {} ({})",
                    m.outcomes[*i].name,
                    pct(share[*i]),
                    ids.iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        push(
            "A013",
            w,
            About::Model,
            "[model]".into(),
            format!(
                "outcomes valued with library figures checked only in secondary sources hold {} of the base-case value{}: {}",
                pct(held),
                whole(held),
                parts.join(", ")
            ),
            "read those figures in their publishers' own documents, or show the ratio without them (`sroi sensitivity`)".into(),
        );
    }

    for f in &mut out {
        f.accepted = m
            .accepted
            .iter()
            .find(|a| a.code == f.code && covers(&a.on, &f.about, m))
            .map(|a| a.reason.clone());
    }
    out
}

/// An `accept` entry that covers none of the model's findings: the finding it accepted no
/// longer arises (or never did there), so the reason would be read as a review of nothing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnusedAcceptance {
    /// The rule's code, as written.
    pub code: String,
    /// Where the `accept` table is, e.g. `[model]` or `outcomes[2] "Fewer GP visits"`.
    pub on: String,
    /// The reason written.
    pub reason: String,
}

/// Every acceptance of `model` that covers none of `findings` (as [`assess`] returns them).
pub fn unused_acceptances(model: &Model, findings: &[Finding]) -> Vec<UnusedAcceptance> {
    model
        .accepted
        .iter()
        .filter(|a| {
            !findings
                .iter()
                .any(|f| f.code == a.code && covers(&a.on, &f.about, model))
        })
        .map(|a| UnusedAcceptance {
            code: a.code.clone(),
            on: match &a.on {
                AcceptedOn::Model => "[model]".to_string(),
                AcceptedOn::Outcome(i) => {
                    item_label("outcomes", *i, Some(&model.outcomes[*i].name))
                }
                AcceptedOn::Input(i) => item_label("inputs", *i, Some(&model.inputs[*i].name)),
                AcceptedOn::Stakeholder(name) => format!("stakeholder \"{name}\""),
            },
            reason: a.reason.clone(),
        })
        .collect()
}

/// True if an `accept` table written at `on` covers a finding about `about`.
fn covers(on: &AcceptedOn, about: &About, m: &Model) -> bool {
    match (on, about) {
        (AcceptedOn::Model, _) => true,
        (AcceptedOn::Outcome(a), About::Outcome(b)) => a == b,
        (AcceptedOn::Input(a), About::Input(b)) => a == b,
        (AcceptedOn::Stakeholder(a), About::Stakeholder(b)) => a == b && m.stakeholders.contains(b),
        _ => false,
    }
}

/// The outcome's `evidence.measured`, if recorded.
fn measured(m: &Model, o: usize) -> Option<bool> {
    m.outcomes[o]
        .meta
        .evidence
        .as_ref()
        .and_then(|e| e.measured)
}

/// The outcome or input a quantity belongs to, by its stable name; a parameter belongs to
/// the model.
fn owner(m: &Model, quantity: &str) -> About {
    let under =
        |what: &str, name: &str| quantity.starts_with(&format!("{what}.{}.", quote_key(name)));
    if let Some(i) = m.outcomes.iter().position(|o| under("outcomes", &o.name)) {
        return About::Outcome(i);
    }
    if let Some(i) = m.inputs.iter().position(|x| under("inputs", &x.name)) {
        return About::Input(i);
    }
    About::Model
}

/// The outcomes whose value (the financial proxy) is, or is worked out from, a library
/// figure checked only in a secondary source, each with those figures' identifiers.
fn secondary_outcomes(loaded: &Loaded) -> Vec<(usize, Vec<String>)> {
    let m = &loaded.model;
    let secondary: Vec<(QId, &str)> = loaded
        .proxies
        .iter()
        .filter(|u| {
            u.checked
                .as_deref()
                .is_some_and(|c| c.trim_start().starts_with("secondary"))
        })
        .filter_map(|u| Some((*m.names.get(&u.quantity)?, u.id.as_str())))
        .collect();
    let mut out = Vec::new();
    for (i, o) in m.outcomes.iter().enumerate() {
        let used = uses(m, o.value);
        let mut ids: Vec<String> = secondary
            .iter()
            .filter(|(q, _)| used[*q])
            .map(|(_, id)| id.to_string())
            .collect();
        ids.sort();
        ids.dedup();
        if !ids.is_empty() {
            out.push((i, ids));
        }
    }
    out
}

/// Which quantities `q` is worked out from, itself included (by index).
fn uses(m: &Model, q: QId) -> Vec<bool> {
    let mut seen = vec![false; m.quantities.len()];
    let mut stack = vec![q];
    while let Some(q) = stack.pop() {
        if !std::mem::replace(&mut seen[q], true) {
            stack.extend(m.quantities[q].deps.iter().copied());
        }
    }
    seen
}

/// The outcome stakeholders with no recorded engagement.
fn engagement_gaps(loaded: &Loaded) -> Vec<String> {
    let m = &loaded.model;
    m.stakeholders
        .iter()
        .filter(|s| !m.engaged.iter().any(|e| e == *s))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::model::raw::meta::ASSURANCE_CODES;

    #[test]
    fn the_codes_accept_may_name_are_the_rules() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        assert_eq!(codes, ASSURANCE_CODES);
    }
}
