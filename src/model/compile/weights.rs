//! `[[stakeholders]]`: each entry names an outcome stakeholder and may give it a
//! distributional weight, directly (`weight`) or by income quintile (`income_quintile`,
//! through HM Treasury's method in `welfare`) or by income (`income`, against
//! `[distributional] reference_income` and `elasticity`: by default the ONS median of
//! FYE 2020 and the Green Book's 1.3).

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::Weight;
use crate::model::raw::{RawModel, item_label};
use crate::model::suggest::did_you_mean;
use crate::model::welfare::quintile_weight;

impl Compiler {
    /// The weight of each outcome stakeholder (in the order of `stakeholders`).
    pub(super) fn weights(
        &mut self,
        raw: &RawModel,
        stakeholders: &[String],
    ) -> Vec<Option<Weight>> {
        let (reference, elasticity) = self.distributional(raw);
        let mut weights: Vec<Option<Weight>> = vec![None; stakeholders.len()];
        let mut seen: Vec<Option<usize>> = vec![None; stakeholders.len()];
        for (i, entry) in raw.stakeholders.iter().enumerate() {
            let item = item_label(
                "stakeholders",
                i,
                entry.name.as_ref().map(|n| n.value.as_str()),
            );
            let Some(name) = &entry.name else {
                self.error(
                    Diagnostic::new("missing required field `name`")
                        .item(&item)
                        .span(entry.span.clone())
                        .help(format!(
                            "name the outcome stakeholder it describes, one of: {}",
                            quoted(stakeholders)
                        )),
                );
                continue;
            };
            let Some(s) = stakeholders.iter().position(|x| *x == name.value) else {
                self.error(
                    Diagnostic::new(format!(
                        "no outcome has the stakeholder \"{}\"{}",
                        name.value,
                        did_you_mean(&name.value, stakeholders.iter().map(String::as_str))
                    ))
                    .item(&item)
                    .field("name")
                    .span(name.span.clone())
                    .help(format!(
                        "the outcomes' stakeholders are: {}",
                        quoted(stakeholders)
                    )),
                );
                continue;
            };
            if let Some(first) = seen[s] {
                self.error(
                    Diagnostic::new(format!(
                        "\"{}\" is already described by stakeholders[{}]",
                        name.value,
                        first + 1
                    ))
                    .item(&item)
                    .field("name")
                    .span(name.span.clone())
                    .help("give each stakeholder one entry"),
                );
                continue;
            }
            seen[s] = Some(i);
            let given: Vec<&str> = [
                entry.weight.as_ref().map(|_| "weight"),
                entry.income_quintile.as_ref().map(|_| "income_quintile"),
                entry.income.as_ref().map(|_| "income"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if let (Some(income), true) = (&entry.income, given.len() > 1) {
                self.error(
                    Diagnostic::new(format!(
                        "give one of `weight`, `income_quintile` and `income`, not {}",
                        given.join(" and ")
                    ))
                    .item(&item)
                    .field("income")
                    .span(income.span.clone()),
                );
                continue;
            }
            if let Some(income) = &entry.income {
                if income.value <= 0.0 {
                    self.error(
                        Diagnostic::new(format!("an income must be above 0; got {}", income.value))
                            .item(&item)
                            .field("income")
                            .span(income.span.clone())
                            .help("the group's equivalised household disposable income, £ a year, e.g. `income = 15000`"),
                    );
                } else {
                    weights[s] = Some(Weight {
                        value: crate::model::welfare::income_weight(
                            reference,
                            income.value,
                            elasticity,
                        ),
                        quintile: None,
                        income: Some(income.value),
                    });
                }
                continue;
            }
            weights[s] = match (&entry.weight, &entry.income_quintile) {
                (Some(w), Some(q)) => {
                    self.error(
                        Diagnostic::new("give `weight` or `income_quintile`, not both")
                            .item(&item)
                            .field("income_quintile")
                            .span(q.span.clone())
                            .help(format!("`weight = {}` already sets the weight", w.value)),
                    );
                    None
                }
                (Some(w), None) if w.value < 0.0 => {
                    self.error(
                        Diagnostic::new(format!(
                            "a distributional weight must be 0 or more; got {}",
                            w.value
                        ))
                        .item(&item)
                        .field("weight")
                        .span(w.span.clone())
                        .help("1 counts a pound to this stakeholder as a pound; above 1 counts it more (a poorer group), below 1 less"),
                    );
                    None
                }
                (Some(w), None) => Some(Weight {
                    value: w.value,
                    quintile: None,
                    income: None,
                }),
                (None, Some(q)) => match quintile_weight(q.value) {
                    Ok(value) => Some(Weight {
                        value,
                        quintile: Some(q.value as u8),
                        income: None,
                    }),
                    Err(message) => {
                        self.error(
                            Diagnostic::new(message)
                                .item(&item)
                                .field("income_quintile")
                                .span(q.span.clone()),
                        );
                        None
                    }
                },
                (None, None) => None,
            };
        }
        weights
    }
}

impl Compiler {
    /// `[distributional]`'s reference income (above 0) and elasticity (0 or more), each
    /// defaulting to the bundled ONS median and the Green Book's 1.3.
    fn distributional(&mut self, raw: &RawModel) -> (f64, f64) {
        let mut reference = crate::model::welfare::REFERENCE_INCOME;
        let mut elasticity = crate::model::welfare::ELASTICITY;
        let Some(d) = &raw.distributional else {
            return (reference, elasticity);
        };
        if let Some(r) = &d.reference_income {
            if r.value > 0.0 {
                reference = r.value;
            } else {
                self.error(
                    Diagnostic::new(format!("the reference income must be above 0; got {}", r.value))
                        .item("[distributional]")
                        .field("reference_income")
                        .span(r.span.clone())
                        .help("the median equivalised household disposable income the weights are relative to, £ a year"),
                );
            }
        }
        if let Some(e) = &d.elasticity {
            if e.value >= 0.0 {
                elasticity = e.value;
            } else {
                self.error(
                    Diagnostic::new(format!("the elasticity must be 0 or more; got {}", e.value))
                        .item("[distributional]")
                        .field("elasticity")
                        .span(e.span.clone())
                        .help("the Green Book's elasticity of the marginal utility of income is 1.3; 0 weighs every pound alike"),
                );
            }
        }
        (reference, elasticity)
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
