//! Raw model → checked model: every quantity named, parsed, resolved and validated.
//!
//! This is where a model's meaning is checked: required fields, unique names, proportions
//! that stay within [0, 1], parameters that exist and do not form cycles, whole-number
//! years, and a base case that can be evaluated with a positive investment. Every problem
//! is collected (not just the first) with the item, field and span it belongs to.

use std::collections::{BTreeMap, HashMap};

use crate::error::Diagnostic;
use crate::model::checked::{
    DEFAULT_FUNDER, Def, Input, MAX_ITERATIONS, MAX_YEARS, Model, Origin, Outcome, QId, Quantity,
    Role, short_name,
};
use crate::model::dist::{Dist, DistError, FieldValue};
use crate::model::expr::{self, Expr};
use crate::model::plan::{Plan, Violation};
use crate::model::raw::{At, RawDist, RawDistField, RawModel, RawQuantity, Span, quote_key};
use crate::model::suggest::did_you_mean;

/// Checks a raw model and resolves it into a [`Model`], or returns every problem found.
pub fn compile(raw: &RawModel) -> Result<Model, Vec<Diagnostic>> {
    let mut c = Compiler::default();
    let model = c.model(raw);
    if c.diagnostics.is_empty() {
        Ok(model)
    } else {
        Err(c.diagnostics)
    }
}

#[derive(Default)]
struct Compiler {
    diagnostics: Vec<Diagnostic>,
    quantities: Vec<Quantity>,
    /// Expressions to resolve once all parameters are known.
    pending: Vec<(QId, Expr)>,
    /// Parameters that failed their own checks: already reported, so not "unknown" too.
    broken: std::collections::HashSet<String>,
}

impl Compiler {
    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn model(&mut self, raw: &RawModel) -> Model {
        let h = &raw.header;
        let name = match &h.name {
            Some(n) if !n.value.trim().is_empty() => n.value.clone(),
            Some(n) => {
                self.error(
                    Diagnostic::new("the model's name is empty")
                        .item("[model]")
                        .field("name")
                        .span(n.span.clone()),
                );
                String::new()
            }
            None => {
                if !raw.header.span.is_empty() {
                    self.error(
                        Diagnostic::new("missing required field `name`")
                            .item("[model]")
                            .span(h.span.clone())
                            .help("add `name = \"...\"` to `[model]`"),
                    );
                }
                String::new()
            }
        };
        let iterations = h.iterations.as_ref().and_then(|it| {
            if (1..=MAX_ITERATIONS).contains(&it.value) {
                Some(it.value as u64)
            } else {
                self.error(
                    Diagnostic::new(format!(
                        "must be a whole number from 1 to {MAX_ITERATIONS}; got {}",
                        it.value
                    ))
                    .item("[model]")
                    .field("iterations")
                    .span(it.span.clone()),
                );
                None
            }
        });
        let discount_rate = h.discount_rate.as_ref().and_then(|q| {
            self.quantity(
                q,
                "model.discount_rate".into(),
                Role::DiscountRate,
                "[model]",
                "discount_rate",
            )
        });

        let mut parameters = Vec::new();
        for (key, value) in &raw.parameters {
            if !is_identifier(&key.value) {
                self.error(
                    Diagnostic::new(format!("`{}` cannot be used in expressions", key.value))
                        .item(format!("parameters.{}", quote_key(&key.value)))
                        .span(key.span.clone())
                        .help("parameter names are letters, digits and `_`, not starting with a digit, e.g. `gp_visits`"),
                );
                continue;
            }
            let item = format!("parameters.{}", key.value);
            match self.quantity(value, item.clone(), Role::Free, &item, "") {
                Some(q) => parameters.push(q),
                None => {
                    self.broken.insert(key.value.clone());
                }
            }
        }

        let (inputs, funders) = self.inputs(raw);
        let (outcomes, stakeholders) = self.outcomes(raw);
        self.resolve(&parameters);
        let order = self.order(&parameters);

        let model = Model {
            name,
            description: h.description.as_ref().map(|d| d.value.clone()),
            currency: h
                .currency
                .as_ref()
                .map_or_else(|| "GBP".to_string(), |c| c.value.clone()),
            price_year: h.price_year.as_ref().map(|p| p.value),
            iterations,
            quantities: std::mem::take(&mut self.quantities),
            order,
            discount_rate,
            parameters,
            inputs,
            outcomes,
            stakeholders,
            funders,
        };
        if self.diagnostics.is_empty() {
            self.base_case(&model, raw);
        }
        model
    }

    fn inputs(&mut self, raw: &RawModel) -> (Vec<Input>, Vec<String>) {
        if raw.inputs.is_empty() {
            let mut d = Diagnostic::new("the model has no inputs: at least one `[[inputs]]` entry (the investment) is required")
                .help("e.g.\n[[inputs]]\nname = \"Grant\"\nstakeholder = \"Funder\"\namount = 50000");
            if let Some(s) = &raw.inputs_span {
                d = d.span(s.clone());
            }
            self.error(d);
        }
        let mut inputs = Vec::new();
        let mut funders: Vec<String> = Vec::new();
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
            let funder = index_of(&mut funders, funder);
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
            inputs.push(Input {
                name,
                funder,
                amounts,
            });
        }
        (inputs, funders)
    }

    fn outcomes(&mut self, raw: &RawModel) -> (Vec<Outcome>, Vec<String>) {
        if raw.outcomes.is_empty() {
            let mut d = Diagnostic::new("the model has no outcomes: at least one `[[outcomes]]` entry is required")
                .help("e.g.\n[[outcomes]]\nname = \"Improved wellbeing\"\nstakeholder = \"Participants\"\nquantity = 100\nvalue = 1200");
            if let Some(s) = &raw.outcomes_span {
                d = d.span(s.clone());
            }
            self.error(d);
        }
        let mut outcomes = Vec::new();
        let mut stakeholders: Vec<String> = Vec::new();
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
                Some(s) if !s.value.trim().is_empty() => {
                    Some(index_of(&mut stakeholders, &s.value))
                }
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
                Some(d) if (1..=MAX_YEARS).contains(&d.value) => d.value as u32,
                Some(d) => {
                    self.error(
                        Diagnostic::new(format!(
                            "must be a whole number of years from 1 to {MAX_YEARS}; got {}",
                            d.value
                        ))
                        .item(&item)
                        .field("duration")
                        .span(d.span.clone()),
                    );
                    1
                }
                None => 1,
            };
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
                    proxy_source: ro.proxy_source.as_ref().map(|p| p.value.clone()),
                });
            }
        }
        (outcomes, stakeholders)
    }

    fn missing(&mut self, item: &str, field: &str, span: Span, help: &str) {
        self.error(
            Diagnostic::new(format!("missing required field `{field}`"))
                .item(item)
                .span(span)
                .help(format!("add `{field}`: {help}")),
        );
    }

    /// A required, non-empty, unique `name`.
    fn required_name(
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

    fn year(&mut self, y: &At<i64>, item: &str, field: &str) -> Option<u32> {
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

    /// Creates a named quantity from a numeric field.
    fn quantity(
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
                    let mut d = fail(format!("must be {}; got {}", role.rule(), x));
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
                            Role::NonNegative => "use a distribution that cannot go below 0 (e.g. poisson, gamma, lognormal, or a normal with `min = 0`)",
                            _ => "use a distribution whose values are all allowed (e.g. truncate a normal with `min`)",
                        });
                        self.error(diag);
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

    /// Resolves the names used in expressions to parameters.
    fn resolve(&mut self, parameters: &[QId]) {
        let by_name: BTreeMap<String, QId> = parameters
            .iter()
            .map(|&q| (short_name(&self.quantities[q].name).to_string(), q))
            .collect();
        let pending = std::mem::take(&mut self.pending);
        for (id, e) in pending {
            let mut deps = Vec::new();
            for (var, offset) in e.variables() {
                match by_name.get(var) {
                    Some(&q) => deps.push(q),
                    None if self.broken.contains(var) => {}
                    None => {
                        let o = &self.quantities[id].origin;
                        let at = o.span.start + 1 + offset;
                        let mut d = Diagnostic::new(format!(
                            "unknown parameter `{var}` in the expression{}",
                            did_you_mean(var, by_name.keys().map(String::as_str))
                        ))
                        .item(o.item.clone())
                        .span(at..(at + var.len()).min(o.span.end));
                        if !o.field.is_empty() {
                            d = d.field(o.field.clone());
                        }
                        d = d.help(if by_name.is_empty() {
                            "the model has no `[parameters]`; define it there first".to_string()
                        } else {
                            format!(
                                "parameters: {}",
                                by_name
                                    .keys()
                                    .map(String::as_str)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        });
                        self.error(d);
                    }
                }
            }
            deps.sort_unstable();
            deps.dedup();
            self.quantities[id].deps = deps;
        }
    }

    /// An evaluation order (dependencies first); reports cycles among parameters.
    fn order(&mut self, parameters: &[QId]) -> Vec<QId> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let n = self.quantities.len();
        let mut mark = vec![Mark::New; n];
        let mut order = Vec::with_capacity(n);
        let mut reported = false;
        // Parameters first (in file order), then every other quantity.
        let roots: Vec<QId> = parameters.iter().copied().chain(0..n).collect();
        for root in roots {
            if mark[root] != Mark::New {
                continue;
            }
            // Iterative depth-first search: (node, next dependency index); `path` is the stack.
            let mut stack: Vec<(QId, usize)> = vec![(root, 0)];
            mark[root] = Mark::Active;
            while let Some(top) = stack.last_mut() {
                let (node, next) = *top;
                if let Some(&dep) = self.quantities[node].deps.get(next) {
                    top.1 += 1;
                    match mark[dep] {
                        Mark::New => {
                            mark[dep] = Mark::Active;
                            stack.push((dep, 0));
                        }
                        Mark::Active if !reported => {
                            reported = true;
                            let start = stack.iter().position(|&(q, _)| q == dep).unwrap_or(0);
                            let mut names: Vec<&str> = stack[start..]
                                .iter()
                                .map(|&(q, _)| short_name(&self.quantities[q].name))
                                .collect();
                            names.push(short_name(&self.quantities[dep].name));
                            let o = &self.quantities[dep].origin;
                            self.diagnostics.push(
                                Diagnostic::new(format!("parameters form a cycle: {}", names.join(" → ")))
                                    .item(o.item.clone())
                                    .span(o.span.clone())
                                    .help("a parameter cannot depend, directly or through others, on itself"),
                            );
                        }
                        _ => {}
                    }
                } else {
                    mark[node] = Mark::Done;
                    order.push(node);
                    stack.pop();
                }
            }
        }
        order
    }

    /// Evaluates the base case with the plan that will sample the model (so the base case
    /// checked is the one reported) and checks it: allowed values, positive investment.
    fn base_case(&mut self, model: &Model, raw: &RawModel) {
        let plan = Plan::new(model);
        let mut lanes = plan.lanes(1);
        plan.evaluate_base(&mut lanes);
        let violations: Vec<Violation> = plan.violations(&lanes, 0).collect();
        let quantity_broken = violations
            .iter()
            .any(|v| matches!(v, Violation::Quantity { .. }));
        for v in violations {
            match v {
                Violation::Quantity { quantity, value } => {
                    let quantity = &model.quantities[quantity];
                    let o = &quantity.origin;
                    let mut d = Diagnostic::new(format!(
                        "in the base case {} is {}, but it must be {}",
                        quantity.describe(),
                        value,
                        quantity.role.rule()
                    ))
                    .item(o.item.clone())
                    .span(o.span.clone());
                    if !o.field.is_empty() {
                        d = d.field(o.field.clone());
                    }
                    self.error(d);
                }
                // An investment computed from quantities already reported says nothing new.
                Violation::Investment { value } if !quantity_broken => {
                    let mut d = Diagnostic::new(format!(
                        "the base-case investment is {value}, but it must be positive: the SROI ratio divides by it"
                    ))
                    .help("check the inputs' amounts: they are costs, written as positive numbers");
                    if let Some(s) = &raw.inputs_span {
                        d = d.span(s.clone());
                    }
                    self.error(d);
                }
                Violation::Investment { .. } => {}
            }
        }
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn index_of(list: &mut Vec<String>, name: &str) -> usize {
    match list.iter().position(|s| s == name) {
        Some(i) => i,
        None => {
            list.push(name.to_string());
            list.len() - 1
        }
    }
}

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
        format!("{x}")
    }
}
