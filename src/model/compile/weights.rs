//! `[[stakeholders]]`: each entry names an outcome stakeholder and may give it a
//! distributional weight, directly (`weight`) or by income quintile (`income_quintile`,
//! through HM Treasury's method in `welfare`).

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
                }),
                (None, Some(q)) => match quintile_weight(q.value) {
                    Ok(value) => Some(Weight {
                        value,
                        quintile: Some(q.value as u8),
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

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
