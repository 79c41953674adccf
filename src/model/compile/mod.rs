//! Raw model → checked model: every quantity named, parsed, resolved and validated.
//!
//! This is where a model's meaning is checked: required fields, unique names, proportions
//! that stay within [0, 1], parameters that exist and do not form cycles, whole-number
//! years, and a base case that can be evaluated with a positive investment. Every problem
//! is collected (not just the first) with the item, field and span it belongs to.
//!
//! The checks are split by what they look at: `items` (inputs and outcomes), `quantity` (one
//! numeric field: a number, a distribution or an expression), `order` (names in
//! expressions resolved, cycles found), `weights` (`[[stakeholders]]`), `correlations`
//! (rank correlations between random quantities), `ledger` (fiscal, economic and social
//! value, agencies and cashable shares), `meta` (assurance metadata and the
//! optimism-bias grades) and `base_case` (the compiled plan at base values).

mod base_case;
mod correlations;
mod items;
mod ledger;
mod meta;
mod order;
mod prices;
mod quantity;
mod time;
mod weights;

use std::collections::HashSet;

use crate::error::Diagnostic;
use crate::model::checked::{MAX_ITERATIONS, Model, PriceConversion, QId, Quantity, Role};
use crate::model::expr::Expr;
use crate::model::prices::Deflators;
use crate::model::raw::{RawModel, quote_key};

/// Checks a raw model and resolves it into a [`Model`], or returns every problem found.
pub fn compile(raw: &RawModel) -> Result<Model, Vec<Diagnostic>> {
    let mut c = Compiler::default();
    let mut model = c.model(raw);
    if c.diagnostics.is_empty() {
        model.warnings = c.warnings;
        Ok(model)
    } else {
        Err(c.diagnostics)
    }
}

/// Checks a model the reader could read only in part, given what the reader found
/// wrong: every problem of both stages at once, in the order of the file. A check that
/// only repeats what the reader said (the field it could not read is then missing) is
/// left out.
pub fn compile_after(raw: &RawModel, read: Vec<Diagnostic>) -> Result<Model, Vec<Diagnostic>> {
    if read.is_empty() {
        return compile(raw);
    }
    // A missing field is said without naming it as the field (`missing required field
    // `value``): read its name from the message.
    let missing = |d: &Diagnostic| {
        d.message
            .strip_prefix("missing required field `")
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    let faulted = |d: &Diagnostic| {
        let field = d.field.clone().or_else(|| missing(d));
        read.iter().any(|r| {
            r.item == d.item
                && match (&r.field, &field) {
                    (Some(rf), Some(df)) => {
                        df == rf
                            || df.starts_with(&format!("{rf}."))
                            || rf.starts_with(&format!("{df}."))
                    }
                    _ => false,
                }
        })
    };
    // A misspelt table (`[parameter]`) or an unreadable parameter leaves names undefined
    // that the expressions use: those follow from the mistake already reported.
    let parameters_faulted = read
        .iter()
        .any(|r| r.item.is_none() || r.item.as_deref() == Some("[parameters]"));
    let follows = |d: &Diagnostic| parameters_faulted && d.message.contains("unknown parameter");
    let more: Vec<Diagnostic> = match compile(raw) {
        Ok(_) => Vec::new(),
        Err(found) => found
            .into_iter()
            .filter(|d| !faulted(d) && !follows(d))
            .collect(),
    };
    let mut all = read;
    all.extend(more);
    // In line order; problems without a place (a whole-file one) last. The sort is
    // stable, so problems at one place keep the order they were found in.
    all.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
    Err(all)
}

#[derive(Default)]
struct Compiler {
    diagnostics: Vec<Diagnostic>,
    /// What is allowed but probably not meant: reported without failing.
    warnings: Vec<Diagnostic>,
    quantities: Vec<Quantity>,
    /// Expressions to resolve once all parameters are known.
    pending: Vec<(QId, Expr)>,
    /// Parameters that failed their own checks: already reported, so not "unknown" too.
    broken: HashSet<String>,
    /// The model's price year, if it has one.
    price_year: Option<i64>,
    /// The GDP deflator series with the model's own years.
    deflators: Deflators,
    /// Every figure rebased to the model's price year so far.
    conversions: Vec<PriceConversion>,
    /// The model's own `[deflators]` years, with the bundled index each replaces.
    own_deflators: Vec<(i64, f64, Option<f64>)>,
}

impl Compiler {
    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn warning(&mut self, d: Diagnostic) {
        self.warnings.push(d);
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
        self.price_year = h.price_year.as_ref().map(|p| p.value);
        self.deflators = self.deflator_series(raw);
        let discount_rate = h
            .discount_rate
            .as_ref()
            .and_then(|q| self.discount(q, "model.discount_rate".into(), "[model]"));

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
        let (outcomes, stakeholders, agencies) = self.outcomes(raw);
        let weights = self.weights(raw, &stakeholders);
        self.resolve(&parameters);
        let order = self.order(&parameters);
        let correlations = self.correlations(&raw.correlations);

        let names = self
            .quantities
            .iter()
            .enumerate()
            .map(|(q, quantity)| (quantity.name.clone(), q))
            .collect();
        let mut model = Model {
            names,
            name,
            description: h.description.as_ref().map(|d| d.value.clone()),
            currency: h
                .currency
                .as_ref()
                .map_or_else(|| "GBP".to_string(), |c| c.value.clone()),
            price_year: h.price_year.as_ref().map(|p| p.value),
            file_price_year: h.price_year.as_ref().map(|p| p.value),
            money_factor: 1.0,
            iterations,
            quantities: std::mem::take(&mut self.quantities),
            order,
            discount_rate,
            parameters,
            inputs,
            outcomes,
            stakeholders,
            funders,
            agencies,
            exclusions: Vec::new(),
            kind: Default::default(),
            accepted: Vec::new(),
            engaged: Vec::new(),
            optimism_bias: None,
            weights,
            correlations,
            warnings: Vec::new(),
            price_conversions: std::mem::take(&mut self.conversions),
            deflators: std::mem::take(&mut self.own_deflators),
        };
        self.meta(raw, &mut model);
        if self.diagnostics.is_empty() {
            self.base_case(&model, raw);
        }
        model
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
