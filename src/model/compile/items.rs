//! The inputs and outcomes: required fields, unique names, years, and who bears or
//! experiences each.

use std::collections::HashMap;

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::{DEFAULT_FUNDER, Duration, Input, MAX_YEARS, Outcome, Role};
use crate::model::raw::{At, RawModel, RawQuantity, Span, quote_key};

impl Compiler {
    pub(super) fn inputs(&mut self, raw: &RawModel) -> (Vec<Input>, Vec<String>) {
        if raw.inputs.is_empty() {
            let mut d = Diagnostic::new("the model has no inputs: at least one `[[inputs]]` entry (the investment) is required")
                .help("e.g.\n[[inputs]]\nname = \"Grant\"\nstakeholder = \"Funder\"\namount = 50000");
            if let Some(s) = &raw.inputs_span {
                d = d.span(s.clone());
            }
            self.error(d);
        }
        let mut inputs = Vec::new();
        let mut funders = Names::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, ri) in raw.inputs.iter().enumerate() {
            let item = crate::model::raw::item_label(
                "inputs",
                i,
                ri.name.as_ref().map(|n| n.value.as_str()),
            );
            let Some(name) =
                self.required_name(&ri.name, &item, ri.span.clone(), &mut seen, i, "input")
            else {
                continue;
            };
            let funder = ri
                .stakeholder
                .as_ref()
                .map_or(DEFAULT_FUNDER, |s| s.value.as_str());
            let funder = funders.index_of(funder);
            let base = format!("inputs.{}", quote_key(&name));
            let mut amounts = Vec::new();
            match (&ri.amount, &ri.schedule) {
                (Some(a), None) => {
                    let year = match &ri.year {
                        Some(y) => self.year(y, &item, "year"),
                        None => Some(0),
                    };
                    if let (Some(q), Some(y)) = (self.quantity(a, format!("{base}.amount"), Role::Free, &item, "amount"), year) {
                        amounts.push((y, q));
                    }
                }
                (None, Some(s)) => {
                    if let Some(y) = &ri.year {
                        self.error(
                            Diagnostic::new("`year` cannot go with `schedule`: a schedule's amounts are for years 0, 1, 2, …")
                                .item(&item)
                                .field("year")
                                .span(y.span.clone()),
                        );
                    }
                    if s.value.is_empty() {
                        self.error(Diagnostic::new("the schedule is empty").item(&item).field("schedule").span(s.span.clone()));
                    }
                    for (year, a) in s.value.iter().enumerate() {
                        let field = format!("schedule[{year}]");
                        if let Some(q) = self.quantity(a, format!("{base}.{field}"), Role::Free, &item, &field) {
                            amounts.push((year as u32, q));
                        }
                    }
                }
                (Some(_), Some(s)) => self.error(
                    Diagnostic::new("give either `amount` (with an optional `year`) or `schedule`, not both")
                        .item(&item)
                        .field("schedule")
                        .span(s.span.clone()),
                ),
                (None, None) => self.error(
                    Diagnostic::new("missing required field `amount` (or `schedule`)")
                        .item(&item)
                        .span(ri.span.clone())
                        .help("e.g. `amount = 36000`, or `schedule = [20000, 20000]` for years 0 and 1"),
                ),
            }
            let discount_rate = ri
                .discount_rate
                .as_ref()
                .and_then(|q| self.discount(q, format!("{base}.discount_rate"), &item));
            inputs.push(Input {
                name,
                funder,
                amounts,
                confidence: None,
                optimism: 1.0,
                discount_rate,
                public: ri.public.as_ref().is_none_or(|p| p.value),
            });
        }
        (inputs, funders.list)
    }

    /// The outcomes, their stakeholders and the agencies their fiscal value falls to.
    pub(super) fn outcomes(&mut self, raw: &RawModel) -> (Vec<Outcome>, Vec<String>, Vec<String>) {
        if raw.outcomes.is_empty() {
            let mut d = Diagnostic::new("the model has no outcomes: at least one `[[outcomes]]` entry is required")
                .help("e.g.\n[[outcomes]]\nname = \"Improved wellbeing\"\nstakeholder = \"Participants\"\nquantity = 100\nvalue = 1200");
            if let Some(s) = &raw.outcomes_span {
                d = d.span(s.clone());
            }
            self.error(d);
        }
        let mut outcomes = Vec::new();
        let mut stakeholders = Names::default();
        let mut agencies = Names::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, ro) in raw.outcomes.iter().enumerate() {
            let item = crate::model::raw::item_label(
                "outcomes",
                i,
                ro.name.as_ref().map(|n| n.value.as_str()),
            );
            let Some(name) =
                self.required_name(&ro.name, &item, ro.span.clone(), &mut seen, i, "outcome")
            else {
                continue;
            };
            let stakeholder = match &ro.stakeholder {
                Some(s) if !s.value.trim().is_empty() => Some(stakeholders.index_of(&s.value)),
                Some(s) => {
                    self.error(
                        Diagnostic::new("the stakeholder is empty")
                            .item(&item)
                            .field("stakeholder")
                            .span(s.span.clone()),
                    );
                    None
                }
                None => {
                    self.missing(
                        &item,
                        "stakeholder",
                        ro.span.clone(),
                        "who experiences the outcome, e.g. `stakeholder = \"Patients\"`",
                    );
                    None
                }
            };
            let base = format!("outcomes.{}", quote_key(&name));
            let field = |c: &mut Self, raw: &Option<At<RawQuantity>>, f: &str, role: Role| {
                raw.as_ref()
                    .and_then(|q| c.quantity(q, format!("{base}.{f}"), role, &item, f))
            };
            let quantity = field(self, &ro.quantity, "quantity", Role::NonNegative);
            let value = field(self, &ro.value, "value", Role::Free);
            let deadweight = field(self, &ro.deadweight, "deadweight", Role::Proportion);
            let displacement = field(self, &ro.displacement, "displacement", Role::Proportion);
            let attribution = field(self, &ro.attribution, "attribution", Role::Proportion);
            let drop_off = field(self, &ro.drop_off, "drop_off", Role::Proportion);
            let stakeholder_name = stakeholder.map(|s| stakeholders.list[s].clone());
            let (value_type, agency, cashable) =
                self.ledger_fields(ro, &item, &base, stakeholder_name.as_deref(), &mut agencies);
            if ro.quantity.is_none() {
                self.missing(&item, "quantity", ro.span.clone(), "units experiencing the outcome, e.g. `quantity = 120` or `quantity = \"caseload * 0.3\"`");
            }
            if ro.value.is_none() {
                self.missing(
                    &item,
                    "value",
                    ro.span.clone(),
                    "the financial proxy per unit per year, e.g. `value = 42`",
                );
            }
            let duration = match &ro.duration {
                Some(d) => self
                    .duration(d, format!("{base}.duration"), &item)
                    .unwrap_or(Duration::Years(1)),
                None => Duration::Years(1),
            };
            let cohorts = match &ro.cohorts {
                Some(c) => self.cohorts(c, &base, &item),
                None => Vec::new(),
            };
            let discount_rate = ro
                .discount_rate
                .as_ref()
                .and_then(|q| self.discount(q, format!("{base}.discount_rate"), &item));
            let start_year = match &ro.start_year {
                Some(y) => self.year(y, &item, "start_year").unwrap_or(1),
                None => 1,
            };
            if let (Some(stakeholder), Some(quantity), Some(value)) = (stakeholder, quantity, value)
            {
                outcomes.push(Outcome {
                    name,
                    stakeholder,
                    quantity,
                    value,
                    deadweight,
                    displacement,
                    attribution,
                    drop_off,
                    duration,
                    start_year,
                    cohorts,
                    discount_rate,
                    proxy_source: ro.proxy_source.as_ref().map(|p| p.value.clone()),
                    meta: Default::default(),
                    confidence: None,
                    optimism: 1.0,
                    value_type,
                    agency,
                    cashable,
                });
            }
        }
        (outcomes, stakeholders.list, agencies.list)
    }

    pub(super) fn missing(&mut self, item: &str, field: &str, span: Span, help: &str) {
        self.error(
            Diagnostic::new(format!("missing required field `{field}`"))
                .item(item)
                .span(span)
                .help(format!("add `{field}`: {help}")),
        );
    }

    /// A required, non-empty, unique `name`.
    pub(super) fn required_name(
        &mut self,
        name: &Option<At<String>>,
        item: &str,
        span: Span,
        seen: &mut HashMap<String, usize>,
        index: usize,
        what: &str,
    ) -> Option<String> {
        let Some(n) = name else {
            self.missing(
                item,
                "name",
                span,
                &format!("a name for the {what}, unique in the model"),
            );
            return None;
        };
        if n.value.trim().is_empty() {
            self.error(
                Diagnostic::new(format!("the {what}'s name is empty"))
                    .item(item)
                    .field("name")
                    .span(n.span.clone()),
            );
            return None;
        }
        if let Some(&first) = seen.get(&n.value) {
            self.error(
                Diagnostic::new(format!("another {what} is already named \"{}\" ({}s[{}])", n.value, what, first + 1))
                    .item(item)
                    .field("name")
                    .span(n.span.clone())
                    .help(format!("{what} names must be unique: they name the {what}'s quantities, e.g. `{}s.\"{}\"`", what, n.value)),
            );
            return None;
        }
        seen.insert(n.value.clone(), index);
        Some(n.value.clone())
    }

    pub(super) fn year(&mut self, y: &At<i64>, item: &str, field: &str) -> Option<u32> {
        if (0..=MAX_YEARS).contains(&y.value) {
            Some(y.value as u32)
        } else {
            self.error(
                Diagnostic::new(format!(
                    "must be a whole number of years from 0 to {MAX_YEARS}; got {}",
                    y.value
                ))
                .item(item)
                .field(field)
                .span(y.span.clone()),
            );
            None
        }
    }
}

/// Stakeholder names in order of first appearance, each looked up in constant time (a
/// model may have as many stakeholders as outcomes).
#[derive(Default)]
pub(super) struct Names {
    /// The names, in order of first appearance.
    pub(super) list: Vec<String>,
    index: HashMap<String, usize>,
}

impl Names {
    /// The index of `name`, added at the end if it is new.
    pub(super) fn index_of(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.list.push(name.to_string());
        self.index.insert(name.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}
