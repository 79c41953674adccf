//! The checked model: every quantity named, defined and given its role, with the inputs,
//! outcomes, stakeholders and funders that refer to them. `compile` makes it; the plan,
//! the engine and every analysis read it.

use std::collections::HashMap;

use crate::error::Diagnostic;
use crate::model::discount::Schedule;
use crate::model::dist::Dist;
use crate::model::expr::Expr;
use crate::model::interval::Interval;
use crate::model::raw::Span;

/// Index of a named quantity in [`Model::quantities`].
pub type QId = usize;

/// What kind of number a field holds, and so which values are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Any finite number (proxies, amounts, parameters).
    Free,
    /// A share in [0, 1] (deadweight, displacement, attribution, drop-off).
    Proportion,
    /// A count of units, >= 0 (an outcome's quantity).
    NonNegative,
    /// A discount rate, > −1.
    DiscountRate,
    /// A cohort's weight, >= 0.
    Weight,
    /// A number of years an outcome lasts: a whole number from 1 to [`MAX_YEARS`].
    Duration,
}

impl Role {
    /// The values allowed: [0, 1] for a proportion, [0, ∞) for units, (−1, ∞) for a
    /// discount rate, any number otherwise (infinite ends are never reached: see `allows`).
    pub fn range(self) -> Interval {
        match self {
            Role::Free => Interval::ALL,
            Role::Proportion => Interval::closed(0.0, 1.0),
            Role::NonNegative | Role::Weight => Interval {
                hi: f64::INFINITY,
                hi_open: true,
                ..Interval::closed(0.0, 0.0)
            },
            Role::DiscountRate => Interval {
                lo: -1.0,
                lo_open: true,
                ..Interval::ALL
            },
            Role::Duration => Interval::closed(1.0, MAX_YEARS as f64),
        }
    }

    /// Whether `x` is allowed: a finite number within [`Role::range`].
    #[inline]
    pub fn allows(self, x: f64) -> bool {
        // A duration is never an expression: its distribution's values were checked to be
        // whole numbers when the model was compiled, so only its range is checked here.
        let (lo, hi) = self.closed_bounds();
        lo <= x && x <= hi
    }

    /// The least and greatest numbers allowed: [`Role::range`] with each open end moved
    /// to the next number inside, and the infinities to the largest finite numbers, so
    /// that `x` is allowed exactly when `lo <= x && x <= hi` (never for NaN).
    #[inline]
    pub fn closed_bounds(self) -> (f64, f64) {
        let r = self.range();
        let lo = if r.lo_open { r.lo.next_up() } else { r.lo };
        let hi = if r.hi_open { r.hi.next_down() } else { r.hi };
        (lo.max(f64::MIN), hi.min(f64::MAX))
    }

    /// Whether every value of a support [lo, hi] is allowed.
    pub(crate) fn allows_support(self, lo: f64, hi: f64) -> bool {
        match self {
            Role::Free => true,
            Role::Proportion => lo >= 0.0 && hi <= 1.0,
            Role::NonNegative | Role::Weight => lo >= 0.0,
            Role::DiscountRate => lo > -1.0,
            Role::Duration => lo >= 1.0 && hi <= MAX_YEARS as f64,
        }
    }

    /// What is allowed, in words.
    pub fn rule(self) -> &'static str {
        match self {
            Role::Free => "a finite number",
            Role::Proportion => "a proportion within [0, 1]",
            Role::NonNegative => "a number of units, 0 or more",
            Role::DiscountRate => "a discount rate above −1",
            Role::Weight => "a cohort weight, 0 or more",
            Role::Duration => "a whole number of years from 1 to 200",
        }
    }
}

/// How a quantity is defined.
#[derive(Debug, Clone)]
pub enum Def {
    /// A number or a distribution (a number is a fixed distribution).
    Dist(Dist),
    /// An expression over parameters.
    Expr(Expr),
}

/// Where a quantity was written.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The item, e.g. `outcomes[2] "Fewer GP visits"`.
    pub item: String,
    /// The field, e.g. `deadweight` (empty for a parameter).
    pub field: String,
    /// The value's span in the file.
    pub span: Span,
}

/// A named quantity (spec §5).
#[derive(Debug, Clone)]
pub struct Quantity {
    /// Its stable name, e.g. `outcomes."Fewer GP visits".deadweight`.
    pub name: String,
    /// Its definition.
    pub def: Def,
    /// Which values it may take.
    pub role: Role,
    /// Where it was written.
    pub origin: Origin,
    /// The quantities its expression uses (empty for numbers and distributions).
    pub deps: Vec<QId>,
}

impl Quantity {
    /// True for a number or a distribution; false for an expression.
    pub fn is_leaf(&self) -> bool {
        matches!(self.def, Def::Dist(_))
    }

    /// True for a distribution that is not fixed.
    pub fn is_random(&self) -> bool {
        matches!(&self.def, Def::Dist(d) if !d.is_fixed())
    }

    /// A short description of the definition: `beta(mean 0.2, sd 0.05)`, `"a * b"`, `12`.
    pub fn describe(&self) -> String {
        match &self.def {
            Def::Dist(d) => d.describe(),
            Def::Expr(e) => format!("\"{e}\""),
        }
    }
}

/// How an item's (or the model's) future years are discounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Discount {
    /// One rate for every year: a named quantity (a number, distribution or expression).
    Rate(QId),
    /// One of HM Treasury's declining schedules.
    Schedule(Schedule),
}

impl Discount {
    /// A short description for `check`: the rate's definition or the schedule's name.
    pub fn describe(self, model: &Model) -> String {
        match self {
            Discount::Rate(q) => model.quantities[q].describe(),
            Discount::Schedule(s) => s.describe(),
        }
    }
}

/// How long an outcome lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duration {
    /// A fixed whole number of years.
    Years(u32),
    /// A distribution of whole numbers of years: a named quantity with [`Role::Duration`].
    Random(QId),
}

/// One input (cost) of the scheme.
#[derive(Debug, Clone)]
pub struct Input {
    /// Its name.
    pub name: String,
    /// Index of who bears it in [`Model::funders`].
    pub funder: usize,
    /// (year, amount) pairs: one for `amount`, several for `schedule`.
    pub amounts: Vec<(u32, QId)>,
    /// The optimism-bias grade of the estimate (1–6), if given.
    pub confidence: Option<u8>,
    /// What its amounts are multiplied by: 1 + the grade's correction (1 without a grade).
    pub optimism: f64,
    /// Its own discounting, if given (else the model's).
    pub discount_rate: Option<Discount>,
    /// Paid from public budgets (`public`, default true): counted in the public investment
    /// the fiscal return is measured against.
    pub public: bool,
}

/// One outcome of the scheme.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Its name, unique in the model.
    pub name: String,
    /// Index of who experiences it in [`Model::stakeholders`].
    pub stakeholder: usize,
    /// Units experiencing it.
    pub quantity: QId,
    /// Financial proxy per unit per year.
    pub value: QId,
    /// Deadweight, if given (else 0).
    pub deadweight: Option<QId>,
    /// Displacement, if given (else 0).
    pub displacement: Option<QId>,
    /// Attribution, if given (else 0).
    pub attribution: Option<QId>,
    /// Drop-off, if given (else 0).
    pub drop_off: Option<QId>,
    /// Whole years it lasts (each cohort).
    pub duration: Duration,
    /// The first year it is counted.
    pub start_year: u32,
    /// The weight of the cohort starting in each year start_year + k; empty for one
    /// cohort of weight 1.
    pub cohorts: Vec<QId>,
    /// Its own discounting, if given (else the model's).
    pub discount_rate: Option<Discount>,
    /// Citation for the proxy.
    pub proxy_source: Option<String>,
    /// How it is measured and what evidence it rests on.
    pub meta: OutcomeMeta,
    /// The optimism-bias grade of the estimate (1–6), if given.
    pub confidence: Option<u8>,
    /// What its value is multiplied by: 1 − the grade's correction (1 without a grade).
    pub optimism: f64,
    /// Which of the three kinds of value it is (spec §17).
    pub value_type: ValueType,
    /// For fiscal value: index in [`Model::agencies`] of the public body whose budget gains.
    pub agency: Option<usize>,
    /// For fiscal value: the share released as cash, if given (else 0: capacity).
    pub cashable: Option<QId>,
}

/// The three kinds of value of the GMCA / New Economy cost–benefit model: fiscal (to public
/// budgets), economic (output and earnings) and social (wellbeing and the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    /// A saving to a public body's budget.
    Fiscal,
    /// Output, earnings, productivity.
    Economic,
    /// Everything else: wellbeing, health as valued by people (the default).
    #[default]
    Social,
}

impl ValueType {
    /// The names allowed for `value_type`.
    pub const NAMES: [&'static str; 3] = ["fiscal", "economic", "social"];

    /// The kind of a name, if it is one.
    pub fn parse(name: &str) -> Option<ValueType> {
        match name {
            "fiscal" => Some(ValueType::Fiscal),
            "economic" => Some(ValueType::Economic),
            "social" => Some(ValueType::Social),
            _ => None,
        }
    }

    /// Its name as written in a model.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Fiscal => "fiscal",
            ValueType::Economic => "economic",
            ValueType::Social => "social",
        }
    }
}

/// An outcome's assurance metadata (spec §13), as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeMeta {
    /// How the outcome is measured.
    pub indicator: Option<String>,
    /// The evidence for it.
    pub evidence: Option<Evidence>,
    /// How its value was found: `wellbeing`, `cost`, `market`, … (see `meta::VALUATIONS`).
    pub valuation: Option<String>,
}

/// `evidence = { source, measured, sample_size, follow_up_years }`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Evidence {
    /// Where the figures come from.
    pub source: Option<String>,
    /// True if measured in the scheme's own participants; false for a forecast.
    pub measured: Option<bool>,
    /// How many people it rests on.
    pub sample_size: Option<u64>,
    /// How many years after the intervention it follows people.
    pub follow_up_years: Option<f64>,
}

/// What a model is (`[model] kind`, spec §16): a forecast of the value an activity will
/// create, or an evaluation of the value it has created (the SROI Guide's two kinds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Value to come, from expected outcomes (the default).
    #[default]
    Forecast,
    /// Value that has happened, held to outcomes measured in participants.
    Evaluation,
}

impl Kind {
    /// As written in the file: `forecast` or `evaluation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Forecast => "forecast",
            Kind::Evaluation => "evaluation",
        }
    }

    /// What every title calls it: "Forecast SROI" or "Evaluative SROI".
    pub fn title(self) -> &'static str {
        match self {
            Kind::Forecast => "Forecast SROI",
            Kind::Evaluation => "Evaluative SROI",
        }
    }

    /// The title of several models together: "Forecast SROI" or "Evaluative SROI" when
    /// they are all one kind, "Forecast and evaluative SROI" when they are not.
    pub fn title_of(kinds: impl IntoIterator<Item = Kind>) -> &'static str {
        let mut kinds = kinds.into_iter();
        let Some(first) = kinds.next() else {
            return Kind::default().title();
        };
        if kinds.all(|k| k == first) {
            first.title()
        } else {
            "Forecast and evaluative SROI"
        }
    }
}

/// Where an `accept` table was written: which findings it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AcceptedOn {
    /// `[model]`: the code's findings on every item.
    Model,
    /// An outcome, by index: findings that name it (or one of its figures).
    Outcome(usize),
    /// An input, by index: findings that name it (or one of its amounts).
    Input(usize),
    /// A `[[stakeholders]]` entry, by name: findings that name that stakeholder.
    Stakeholder(String),
}

/// An assurance finding reviewed and accepted (`accept = { CODE = "reason" }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    /// The rule's code, e.g. `A012`.
    pub code: String,
    /// Why it is accepted.
    pub reason: String,
    /// Where it was written.
    pub on: AcceptedOn,
}

/// An outcome left out of the account, and why (`[[exclusions]]`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Exclusion {
    /// What was left out.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// The corrections applied for optimism bias, and where they come from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OptimismTable {
    /// The correction of grades 1 to 6, as proportions.
    pub corrections: [f64; 6],
    /// Where they come from.
    pub source: String,
}

/// A Spearman rank correlation between two random quantities (spec §11).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correlation {
    /// The two quantities, different and both random.
    pub between: [QId; 2],
    /// Spearman's rank correlation, in (−1, 1).
    pub rank: f64,
}

/// A checked model, ready to compile into a plan.
#[derive(Debug, Clone)]
pub struct Model {
    /// `[model].name`.
    pub name: String,
    /// `[model].description`.
    pub description: Option<String>,
    /// Display currency, default GBP.
    pub currency: String,
    /// Price year, if given: the file's own, or the common year the model was rebased to
    /// beside others ([`crate::model::basis`]).
    pub price_year: Option<i64>,
    /// The price year the file itself gives, kept when `price_year` is rebased: the year of
    /// the figures as written (each quantity's value before `money_factor`).
    pub file_price_year: Option<i64>,
    /// Every money figure's factor from the file's prices to `price_year`'s: 1 unless the
    /// model was rebased to a common price year beside others ([`crate::model::basis`]).
    pub money_factor: f64,
    /// The model's default number of draws, if given.
    pub iterations: Option<u64>,
    /// Every named quantity; `order` gives an evaluation order.
    pub quantities: Vec<Quantity>,
    /// Quantities in an order where each comes after those it uses.
    pub order: Vec<QId>,
    /// The discount rate or schedule, if given (else 0.035).
    pub discount_rate: Option<Discount>,
    /// The parameters, in file order.
    pub parameters: Vec<QId>,
    /// The inputs.
    pub inputs: Vec<Input>,
    /// The outcomes.
    pub outcomes: Vec<Outcome>,
    /// Outcome stakeholders, in order of first appearance.
    pub stakeholders: Vec<String>,
    /// Input stakeholders (funders), in order of first appearance.
    pub funders: Vec<String>,
    /// The public bodies fiscal outcomes fall to, in order of first appearance.
    pub agencies: Vec<String>,
    /// Outcomes left out, and why.
    pub exclusions: Vec<Exclusion>,
    /// `[model] kind`: a forecast (the default) or an evaluation.
    pub kind: Kind,
    /// Assurance findings accepted, with reasons, wherever an `accept` table was written.
    pub accepted: Vec<Acceptance>,
    /// The stakeholders whose engagement is recorded (`[[stakeholders]]` with `engagement`).
    pub engaged: Vec<String>,
    /// The optimism-bias corrections, when any input or outcome has a confidence grade.
    pub optimism_bias: Option<OptimismTable>,
    /// Each quantity's index by its stable name.
    pub names: HashMap<String, QId>,
    /// Rank correlations between random quantities; together positive definite.
    pub correlations: Vec<Correlation>,
    /// What is allowed but probably not meant (a discount rate of 0.5, a random rate):
    /// reported on standard error without failing. Spans are in the same space as errors'.
    pub warnings: Vec<Diagnostic>,
    /// Every figure written at another year's prices and rebased to `price_year`.
    pub price_conversions: Vec<PriceConversion>,
    /// `[deflators]` entries: (year, index, the bundled index it replaces, if any).
    pub deflators: Vec<(i64, f64, Option<f64>)>,
    /// Each outcome stakeholder's distributional weight, where `[[stakeholders]]` gives one
    /// (in the order of `stakeholders`).
    pub weights: Vec<Option<Weight>>,
}

/// A figure rebased from the prices of one year to the model's (spec §9).
#[derive(Debug, Clone, PartialEq)]
pub struct PriceConversion {
    /// The quantity's stable name.
    pub quantity: String,
    /// The year of the prices it was written in.
    pub from: i64,
    /// The model's price year.
    pub to: i64,
    /// D(to) / D(from), what it was multiplied by.
    pub factor: f64,
}

/// A stakeholder's distributional weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight {
    /// The multiplier of their present value.
    pub value: f64,
    /// The income quintile it was computed from, if it was.
    pub quintile: Option<u8>,
    /// The equivalised household income it was computed from, if it was.
    pub income: Option<f64>,
}

/// The discount rate when the model gives none (HM Treasury Green Book STPR).
pub const DEFAULT_DISCOUNT_RATE: f64 = 0.035;
/// The funder of an input that names no stakeholder.
pub const DEFAULT_FUNDER: &str = "Funder";
/// The most years an outcome may last or start after.
pub const MAX_YEARS: i64 = 200;
const _: () = assert!(crate::model::raw::MAX_SCHEDULE as i64 == MAX_YEARS + 1);

impl Model {
    /// True if a confidence grade changes any value (so there are ratios before and
    /// after the optimism-bias correction to show).
    pub fn has_optimism_bias(&self) -> bool {
        self.inputs.iter().any(|i| i.optimism != 1.0)
            || self.outcomes.iter().any(|o| o.optimism != 1.0)
    }

    /// The same model without the optimism-bias correction.
    pub fn without_optimism_bias(&self) -> Model {
        let mut m = self.clone();
        m.inputs.iter_mut().for_each(|i| i.optimism = 1.0);
        m.outcomes.iter_mut().for_each(|o| o.optimism = 1.0);
        m
    }

    /// True when some stakeholder has a distributional weight: every output then shows the
    /// weighted figures beside the unweighted ones.
    pub fn is_weighted(&self) -> bool {
        self.weights.iter().any(Option::is_some)
    }

    /// Each outcome stakeholder's weight, 1 where none is given.
    pub fn weight_values(&self) -> Vec<f64> {
        self.weights
            .iter()
            .map(|w| w.map_or(1.0, |w| w.value))
            .collect()
    }

    /// Finds a quantity by its stable name.
    pub fn quantity(&self, name: &str) -> Option<QId> {
        self.names.get(name).copied()
    }
}

/// The most draws a model may ask for.
pub const MAX_ITERATIONS: i64 = 1_000_000_000;

/// A parameter's own name (`parameters.x` → `x`); other names unchanged.
pub fn short_name(name: &str) -> &str {
    name.strip_prefix("parameters.").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_models_are_titled_by_their_kinds() {
        use Kind::{Evaluation, Forecast};
        assert_eq!(Kind::title_of([Forecast, Forecast]), "Forecast SROI");
        assert_eq!(Kind::title_of([Evaluation]), "Evaluative SROI");
        assert_eq!(
            Kind::title_of([Forecast, Evaluation, Forecast]),
            "Forecast and evaluative SROI"
        );
        assert_eq!(Kind::title_of([]), "Forecast SROI");
    }

    #[test]
    fn role_bounds_allow_exactly_the_finite_numbers_in_the_range() {
        let values = [
            f64::NEG_INFINITY,
            f64::MIN,
            -1.5,
            -1.0,
            (-1.0f64).next_up(),
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            0.5,
            1.0,
            1.0f64.next_up(),
            200.0,
            200.5,
            f64::MAX,
            f64::INFINITY,
            f64::NAN,
        ];
        for role in [
            Role::Free,
            Role::Proportion,
            Role::NonNegative,
            Role::DiscountRate,
            Role::Weight,
            Role::Duration,
        ] {
            for x in values {
                assert_eq!(
                    role.allows(x),
                    x.is_finite() && role.range().contains(x),
                    "{role:?} at {x}"
                );
            }
        }
    }
}
