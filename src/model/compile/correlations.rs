//! `[[correlations]]` checked: each names two different random quantities of the model
//! (a typo gets the nearest name; an expression is told which random quantities it uses),
//! with a rank strictly between −1 and 1; no pair twice; and the correlations of each
//! group of linked quantities together positive definite, else an error naming them all.

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::{Correlation, Def, QId};
use crate::model::copula::{components, factor};
use crate::model::raw::RawCorrelation;
use crate::model::suggest::did_you_mean;

impl Compiler {
    /// The checked correlations (only those without problems).
    pub(super) fn correlations(&mut self, raw: &[RawCorrelation]) -> Vec<Correlation> {
        let mut out: Vec<(Correlation, &RawCorrelation)> = Vec::new();
        for c in raw {
            let Some(between) = self.between(c) else {
                continue;
            };
            let Some(rank) = &c.rank else {
                self.error(
                    Diagnostic::new("missing required field `rank`")
                        .item(&c.item)
                        .span(c.span.clone())
                        .help("add `rank = 0.5`: Spearman's rank correlation, strictly between -1 and 1"),
                );
                continue;
            };
            if !(rank.value > -1.0 && rank.value < 1.0) {
                self.error(
                    Diagnostic::new(format!(
                        "a rank correlation must lie strictly between -1 and 1; got {}",
                        rank.value
                    ))
                    .item(&c.item)
                    .field("rank")
                    .span(rank.span.clone())
                    .help("a correlation of ±1 would make one quantity a function of the other: define it as an expression instead"),
                );
                continue;
            }
            let mut key = between;
            key.sort_unstable();
            if let Some((_, first)) = out.iter().find(|(o, _)| {
                let mut k = o.between;
                k.sort_unstable();
                k == key
            }) {
                let names = between.map(|q| self.quantities[q].name.clone());
                self.error(
                    Diagnostic::new(format!(
                        "{} and {} are already correlated by {}",
                        names[0], names[1], first.item
                    ))
                    .item(&c.item)
                    .field("between")
                    .span(
                        c.between
                            .as_ref()
                            .map_or(c.span.clone(), |b| b.span.clone()),
                    )
                    .help("give each pair once"),
                );
                continue;
            }
            out.push((
                Correlation {
                    between,
                    rank: rank.value,
                },
                c,
            ));
        }
        let checked: Vec<Correlation> = out.iter().map(|(c, _)| *c).collect();
        for members in components(&checked) {
            if factor(&members, &checked).is_some() {
                continue;
            }
            let involved: Vec<&(Correlation, &RawCorrelation)> = out
                .iter()
                .filter(|(c, _)| members.contains(&c.between[0]))
                .collect();
            let listed: Vec<String> = involved
                .iter()
                .map(|(c, r)| {
                    format!(
                        "{} ({} ~ {}, {})",
                        r.item,
                        self.quantities[c.between[0]].name,
                        self.quantities[c.between[1]].name,
                        c.rank
                    )
                })
                .collect();
            let (_, first) = involved[0];
            self.error(
                Diagnostic::new(format!(
                    "these correlations cannot hold together (their correlation matrix is not positive definite): {}",
                    listed.join("; ")
                ))
                .item(&first.item)
                .span(first.span.clone())
                .help("weaken some of them: for example, two quantities both strongly correlated with a third cannot be strongly opposed to each other"),
            );
        }
        checked
    }

    /// The two quantities of `between`, each a random quantity of the model, different.
    fn between(&mut self, c: &RawCorrelation) -> Option<[QId; 2]> {
        let Some(between) = &c.between else {
            self.error(
                Diagnostic::new("missing required field `between`")
                    .item(&c.item)
                    .span(c.span.clone())
                    .help("add `between = ['parameters.a', 'parameters.b']`: the two quantities' names"),
            );
            return None;
        };
        if between.value.len() != 2 {
            self.error(
                Diagnostic::new(format!(
                    "`between` names exactly two quantities; found {}",
                    between.value.len()
                ))
                .item(&c.item)
                .field("between")
                .span(between.span.clone())
                .help("give one [[correlations]] entry per pair"),
            );
            return None;
        }
        let mut ids = [0; 2];
        for (k, name) in between.value.iter().enumerate() {
            let found = self.quantities.iter().position(|q| q.name == name.value);
            let fail = |msg: String| {
                Diagnostic::new(msg)
                    .item(&c.item)
                    .field("between")
                    .span(name.span.clone())
            };
            let Some(q) = found else {
                let suggestion =
                    did_you_mean(&name.value, self.quantities.iter().map(|q| q.name.as_str()));
                self.error(fail(format!(
                    "`{}` is not a quantity of this model{suggestion}",
                    name.value
                )).help("names are written as in section 5 of the format, e.g. `parameters.effect` or `outcomes.\"Fewer GP visits\".value`"));
                return None;
            };
            let quantity = &self.quantities[q];
            match &quantity.def {
                Def::Expr(_) => {
                    let inputs = self.random_inputs(q);
                    self.error(fail(format!(
                        "`{}` is an expression ({}), not a random quantity; correlate the random quantities it uses instead{}",
                        name.value,
                        quantity.describe(),
                        if inputs.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", inputs.join(", "))
                        }
                    )));
                    return None;
                }
                Def::Dist(_) if !quantity.is_random() => {
                    self.error(fail(format!(
                        "`{}` is the fixed number {}: only a quantity with a distribution can be correlated",
                        name.value,
                        quantity.describe()
                    )));
                    return None;
                }
                Def::Dist(_) => ids[k] = q,
            }
        }
        if ids[0] == ids[1] {
            self.error(
                Diagnostic::new(format!(
                    "`{}` is named twice: a quantity is always perfectly correlated with itself",
                    between.value[0].value
                ))
                .item(&c.item)
                .field("between")
                .span(between.span.clone())
                .help("name two different quantities"),
            );
            return None;
        }
        Some(ids)
    }

    /// The names of the random quantities `q` depends on.
    fn random_inputs(&self, q: QId) -> Vec<String> {
        let mut seen = vec![false; self.quantities.len()];
        let mut stack = vec![q];
        while let Some(x) = stack.pop() {
            if std::mem::replace(&mut seen[x], true) {
                continue;
            }
            stack.extend(self.quantities[x].deps.iter().copied());
        }
        (0..self.quantities.len())
            .filter(|&x| seen[x] && self.quantities[x].is_random())
            .map(|x| self.quantities[x].name.clone())
            .collect()
    }
}
