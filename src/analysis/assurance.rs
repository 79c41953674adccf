//! `sroi check --assurance`: the claims an assessor would question, each with a stable
//! rule code and a one-line fix.
//!
//! The rules follow Social Value UK's principles as the SROI Guide (2012) states them:
//! involve stakeholders, do not over-claim (deadweight, attribution, drop-off, duration
//! supported by evidence), be transparent about values, verify the result. Each looks only
//! at what the model says (its numbers at their base values and its metadata); none
//! changes a figure. Codes are stable: a rule may be refined, never renumbered.

use serde::Serialize;

use crate::analysis::summary::base_lanes;
use crate::model::checked::{Def, Duration, Model, QId};
use crate::model::load::Loaded;
use crate::model::plan::Plan;
use crate::model::raw::quote_key;

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
        finds: "one outcome carrying most of the value without evidence measured in participants",
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
        finds: "a value rebased across more than ten price years",
    },
    Rule {
        code: "A008",
        name: "no-drop-off",
        finds: "an outcome lasting several years with no drop-off",
    },
];

/// The most price years a value may be rebased across before A007 flags it: beyond a
/// decade the deflator's general prices drift from the prices of a particular service.
pub const MAX_REBASE_YEARS: i64 = 10;
/// The share of the base-case present value above which an outcome "carries most of
/// the value" (A004).
pub const MAJORITY: f64 = 0.5;

/// One claim an assessor would question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's stable code.
    pub code: &'static str,
    /// The item it is about, e.g. `outcomes[2] "Fewer GP visits"`.
    pub item: String,
    /// What was found.
    pub message: String,
    /// How to fix it, in one line.
    pub fix: String,
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

/// Every finding for a loaded model, by rule then item.
pub fn assess(loaded: &Loaded, plan: &Plan) -> Vec<Finding> {
    let m = &loaded.model;
    let mut out = Vec::new();
    let label = |i: usize| format!("outcomes[{}] \"{}\"", i + 1, m.outcomes[i].name);
    let mut push = |code, item: String, message: String, fix: String| {
        out.push(Finding {
            code,
            item,
            message,
            fix,
        })
    };

    for (i, o) in m.outcomes.iter().enumerate() {
        let follow_up = o.meta.evidence.as_ref().and_then(|e| e.follow_up_years);
        let duration = years(m, &o.duration);
        if let Some(f) = follow_up
            && duration > f
        {
            push(
                "A001",
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
                label(i),
                "is valued as wellbeing but has no attribution".into(),
                "estimate `attribution`: ask participants how much others contributed to the change".into(),
            );
        }
    }

    let lanes = base_lanes(plan);
    let total: f64 = (0..m.outcomes.len()).map(|o| lanes.outcome_pv(o, 0)).sum();
    if total > 0.0 {
        for (i, o) in m.outcomes.iter().enumerate() {
            let share = lanes.outcome_pv(i, 0) / total;
            let measured = o.meta.evidence.as_ref().and_then(|e| e.measured);
            if share > MAJORITY && measured != Some(true) {
                push(
                    "A004",
                    label(i),
                    format!(
                        "carries {:.0}% of the base-case value, but its evidence is {}",
                        share * 100.0,
                        if measured == Some(false) { "not measured in participants" } else { "not recorded" }
                    ),
                    "measure it in participants (`evidence = { measured = true, ... }`) or test it with `sroi sensitivity`".into(),
                );
            }
        }
    }

    for s in engagement_gaps(loaded) {
        push(
            "A005",
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
                u.quantity.clone(),
                format!(
                    "uses the proxy `{}` at {} prices, rebased {} years to {}",
                    u.id,
                    u.price_year,
                    u.years_rebased(),
                    u.model_price_year.unwrap_or(u.price_year)
                ),
                "find a more recent figure for the same cost, or check the rebased value against one".into(),
            );
        }
    }
    for c in &m.price_conversions {
        let by_proxy = loaded.proxies.iter().any(|u| u.quantity == c.quantity);
        if !by_proxy && (c.to - c.from).abs() > MAX_REBASE_YEARS {
            push(
                "A007",
                c.quantity.clone(),
                format!(
                    "is at {} prices, rebased {} years to {}",
                    c.from,
                    (c.to - c.from).abs(),
                    c.to
                ),
                "find a more recent figure for the same cost, or check the rebased value against one".into(),
            );
        }
    }

    for (i, o) in m.outcomes.iter().enumerate() {
        let duration = years(m, &o.duration);
        if duration > 1.0 && is_zero(m, o.drop_off) {
            push(
                "A008",
                label(i),
                format!("lasts {duration} years with no drop-off"),
                "set `drop_off`: the share of the outcome lost each year after the first".into(),
            );
        }
    }
    out
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
