//! The base case, evaluated by the same compiled plan that will sample the model, so the
//! base case checked is the one reported: allowed values and a positive investment.

use super::Compiler;
use crate::error::Diagnostic;
use crate::model::checked::Model;
use crate::model::num::num;
use crate::model::plan::{MAX_FIGURE, Plan, Violation};
use crate::model::raw::RawModel;

/// What to do about figures too large for floating point.
const OVERFLOW_HELP: &str = "a figure, a discount rate near -1 over many years, or a very wide distribution makes the \
     arithmetic overflow; write money in thousands or millions, or narrow the figures";

impl Compiler {
    /// Evaluates the base case with the plan that will sample the model (so the base case
    /// checked is the one reported) and checks it: allowed values, positive investment.
    pub(super) fn base_case(&mut self, model: &Model, raw: &RawModel) {
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
                        num(value),
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
                        "the base-case investment is {}, but it must be positive (and at most {}): the SROI ratio divides by it",
                        num(value),
                        num(MAX_FIGURE)
                    ))
                    .help("check the inputs' amounts: they are costs, written as positive numbers");
                    if let Some(s) = &raw.inputs_span {
                        d = d.span(s.clone());
                    }
                    self.error(d);
                }
                Violation::Investment { .. } => {}
                Violation::Outcome { outcome, value } => {
                    let name = &model.outcomes[outcome].name;
                    self.error(
                        Diagnostic::new(format!(
                            "in the base case the present value of outcome \"{name}\" is {}: the arithmetic overflowed",
                            num(value)
                        ))
                        .help(OVERFLOW_HELP),
                    );
                }
                Violation::Total { value } => {
                    self.error(
                        Diagnostic::new(format!(
                            "in the base case the outcomes' present values add up to {} (in magnitude), beyond {}, the largest figure sroi computes with",
                            num(value),
                            num(MAX_FIGURE)
                        ))
                        .help(OVERFLOW_HELP),
                    );
                }
                Violation::Ratio { value } => {
                    self.error(
                        Diagnostic::new(format!(
                            "in the base case the ratio is {}, beyond {}, the largest figure sroi computes with: the investment is too small to divide by",
                            num(value),
                            num(MAX_FIGURE)
                        ))
                        .help("check the inputs' amounts and the units they are written in"),
                    );
                }
            }
        }
    }
}
