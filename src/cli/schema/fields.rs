//! The one table the schema is built from: for each field the reader knows (its lists
//! `MODEL_FIELDS`, `OUTCOME_FIELDS`, … are the keys), what the field takes and the words
//! an editor shows when hovering over it. Adding a field to the reader without a row here
//! fails `every_field_the_reader_knows_has_a_row` (and a row for a field the reader no
//! longer knows fails `every_row_is_a_field_the_reader_knows`).

/// What a field takes, as far as its JSON Schema says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Takes {
    /// Text in quotes.
    Text,
    /// A list of texts.
    Texts,
    /// Two texts.
    Pair,
    /// A whole number within the bounds.
    Whole(i64, i64),
    /// A whole number of at least this.
    WholeFrom(i64),
    /// Any whole number.
    AnyWhole,
    /// A number within the bounds (inclusive), either bound optional.
    Number(Option<f64>, Option<f64>),
    /// A number strictly between -1 and 1.
    Rank,
    /// Six numbers from 0 to 1.
    Corrections,
    /// True or false.
    Bool,
    /// A number, an expression, a distribution or a library proxy.
    Quantity,
    /// A list of quantities.
    Quantities,
    /// A whole number of years or a distribution.
    Duration,
    /// One of the valuation methods.
    Valuation,
    /// The table of the named group of fields (`evidence`, `engagement`, …).
    Table(&'static str),
    /// A list of such tables (`[[inputs]]`).
    Tables(&'static str),
    /// Named quantities (`[parameters]`).
    Parameters,
    /// Years and their deflator index (`[deflators]`).
    Deflators,
    /// A scenario's changes to outcomes by name (`[outcomes."name"]`).
    OutcomeChanges,
}

/// One field of one table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The group it belongs to: a table's name (`outcomes`), or `file`, `scenario file`,
    /// `portfolio file` for a file's top-level tables.
    pub group: &'static str,
    /// The key.
    pub name: &'static str,
    /// What it takes.
    pub takes: Takes,
    /// The hover help.
    pub about: &'static str,
}

const fn f(group: &'static str, name: &'static str, takes: Takes, about: &'static str) -> Field {
    Field {
        group,
        name,
        takes,
        about,
    }
}

use Takes::*;

const PROPORTION: &str = "A proportion from 0 to 1 (write 0.2, not 20): a number, an expression over parameters in quotes, a distribution table, or { proxy = \"ID\" }. Default 0.";
const RATE: &str = "The discount rate: a fraction of 1 (0.035 for 3.5%), an expression, or \"green-book\" / \"green-book-health\" for the Green Book's declining schedules.";

/// Every field of every table and file, in the order the reader lists them.
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    // A model file.
    f("file", "model", Table("model"), "The model: its name, currency, price year and discount rate. Required."),
    f("file", "parameters", Parameters, "Named quantities usable in any numeric field: each a number, an expression over other parameters in quotes, a distribution table, or { proxy = \"ID\" }. A scenario can replace any of them."),
    f("file", "inputs", Tables("inputs"), "The investment, one [[inputs]] entry per cost line. At least one."),
    f("file", "outcomes", Tables("outcomes"), "The outcomes, one [[outcomes]] entry each: who changes, how many, what a unit is worth a year, and how much of it the scheme can claim. At least one."),
    f("file", "deflators", Deflators, "Years added to or replaced in the bundled GDP deflator series: `2014 = 73.6`, a year and its index."),
    f("file", "stakeholders", Tables("stakeholders"), "Facts about outcome stakeholders: distributional weights, who they are, how they were engaged."),
    f("file", "correlations", Tables("correlations"), "Pairs of uncertain quantities that move together, each with a Spearman rank correlation."),
    f("file", "exclusions", Tables("exclusions"), "Outcomes left out of the account, and why (shown by `sroi check`)."),
    f("file", "optimism_bias", Table("optimism_bias"), "The corrections of the confidence grades 1 to 6, and their source: needed when any item has `confidence`."),
    // [model]
    f("model", "name", Text, "The model's name; heads every report. Required."),
    f("model", "description", Text, "What the scheme is and does, in a sentence or two."),
    f("model", "currency", Text, "Currency code, for display only (default GBP): GBP shows £, EUR €, USD $."),
    f("model", "price_year", AnyWhole, "The year whose prices the model's money is in (2015 for 2015-16); figures at other years' prices, and library proxies, are rebased to it with the GDP deflator."),
    f("model", "discount_rate", Quantity, "The discount rate (default 0.035, the HM Treasury Green Book rate): a fraction of 1, an expression, or \"green-book\" / \"green-book-health\" for the Green Book's declining schedules."),
    f("model", "iterations", Whole(1, 1_000_000_000), "This model's default number of draws (default 100,000); -n on the command line wins."),
    f("model", "proxies", Texts, "Proxy library files to load after the bundled one, relative to this file."),
    // [[inputs]]
    f("inputs", "name", Text, "The cost line's name, unique among the inputs. Required."),
    f("inputs", "stakeholder", Text, "Who bears the cost (default \"Funder\")."),
    f("inputs", "amount", Quantity, "The cost, positive: a number, an expression over parameters in quotes, a distribution table, or { proxy = \"ID\" }. Give `amount` or `schedule`."),
    f("inputs", "year", Whole(0, 200), "The year the amount is spent, 0 (the default) to 200; only with `amount`."),
    f("inputs", "schedule", Quantities, "Amounts for years 0, 1, 2, …, each a number, expression or distribution; instead of `amount` and `year`."),
    f("inputs", "confidence", Whole(1, 6), "Optimism-bias grade of the cost estimate, 1 (best evidence) to 6; needs [optimism_bias]."),
    f("inputs", "discount_rate", Quantity, RATE),
    // [[outcomes]]
    f("outcomes", "name", Text, "The outcome's name, unique among the outcomes; a scenario changes it by this name. Required."),
    f("outcomes", "stakeholder", Text, "Who experiences the outcome. Required."),
    f("outcomes", "quantity", Quantity, "How many units (usually people) experience it, 0 or more: a number, an expression over parameters in quotes, or a distribution table. Required."),
    f("outcomes", "value", Quantity, "The financial proxy: what one unit of the outcome is worth for a year (negative for a disbenefit); a number, expression, distribution or { proxy = \"ID\" }. Required."),
    f("outcomes", "deadweight", Quantity, PROPORTION),
    f("outcomes", "displacement", Quantity, PROPORTION),
    f("outcomes", "attribution", Quantity, PROPORTION),
    f("outcomes", "drop_off", Quantity, "The share lost each year after the first, 0 to 1: a number, expression, distribution or { proxy = \"ID\" }. Default 0."),
    f("outcomes", "duration", Duration, "Whole years the outcome lasts, 1 (the default) to 200, or a distribution of whole years."),
    f("outcomes", "start_year", Whole(0, 200), "The first year the outcome is counted, 0 to 200 (default 1)."),
    f("outcomes", "cohorts", Quantities, "Weights [w0, w1, …], 0 or more: a cohort of quantity × w_k starts in each year start_year + k."),
    f("outcomes", "discount_rate", Quantity, RATE),
    f("outcomes", "proxy_source", Text, "The citation for the financial proxy; shown in JSON output."),
    f("outcomes", "indicator", Text, "How the outcome is measured."),
    f("outcomes", "evidence", Table("evidence"), "Where the outcome's figures come from: { source, measured, sample_size, follow_up_years }."),
    f("outcomes", "valuation", Valuation, "How the value was found; a library proxy implies it when not given (wellbeing for a wellbeing proxy, else cost)."),
    f("outcomes", "confidence", Whole(1, 6), "Optimism-bias grade of the value, 1 (best evidence) to 6; needs [optimism_bias]."),
    // [[stakeholders]]
    f("stakeholders", "name", Text, "An outcome's `stakeholder`, exactly. Required."),
    f("stakeholders", "weight", Number(Some(0.0), None), "A distributional weight, 0 or more: the multiplier of this stakeholder's present value. Not with `income_quintile`."),
    f("stakeholders", "income_quintile", Whole(1, 5), "The stakeholder's income quintile, 1 (the poorest fifth) to 5, turned into a weight by the Green Book's method (incomes are bundled for 1, 3 and 5). Not with `weight`."),
    f("stakeholders", "description", Text, "Who they are."),
    f("stakeholders", "engagement", Table("engagement"), "How they were involved: { method, people, when }."),
    // [[correlations]]
    f("correlations", "between", Pair, "The two quantities, by name: e.g. [\"parameters.caseload\", \"outcomes.'Fewer GP visits'.value\"]. Required."),
    f("correlations", "rank", Rank, "Spearman's rank correlation, strictly between -1 and 1. Required."),
    // evidence = { … }
    f("evidence", "source", Text, "Where the outcome's figures come from."),
    f("evidence", "measured", Bool, "True if measured in this scheme's own participants; false for a forecast from others' studies."),
    f("evidence", "sample_size", WholeFrom(1), "How many people the evidence rests on, 1 or more."),
    f("evidence", "follow_up_years", Number(Some(0.0), None), "How long after the intervention the evidence follows people, in years."),
    // engagement = { … }
    f("engagement", "method", Text, "How they were asked: interviews, focus groups, a survey, …"),
    f("engagement", "people", WholeFrom(0), "How many people took part."),
    f("engagement", "when", Text, "When."),
    // [[exclusions]]
    f("exclusions", "name", Text, "What was left out."),
    f("exclusions", "reason", Text, "Why: not material, not caused by the scheme, double counting, …"),
    // [optimism_bias]
    f("optimism_bias", "corrections", Corrections, "Six proportions, the corrections of grades 1 to 6: an input's amounts are multiplied by 1 + c, an outcome's value by 1 - c."),
    f("optimism_bias", "source", Text, "Where the corrections come from."),
    // A scenario file.
    f("scenario file", "scenario", Table("scenario"), "What this scenario is and which model it changes. Required."),
    f("scenario file", "model", Table("scenario-model"), "Fields that replace the base model's [model] fields (not name or description: they go in [scenario])."),
    f("scenario file", "parameters", Parameters, "Parameters that replace the base model's of the same name, or are added."),
    f("scenario file", "inputs", Tables("inputs"), "If given, these replace ALL of the base model's inputs."),
    f("scenario file", "outcomes", OutcomeChanges, "Changes to outcomes by name: [outcomes.\"Fewer GP visits\"] replaces the fields it gives. A scenario cannot add outcomes."),
    f("scenario file", "deflators", Deflators, "Years added to or replaced in the model's deflator series."),
    f("scenario file", "stakeholders", Tables("stakeholders"), "If given, these replace ALL of the base model's [[stakeholders]] entries."),
    // [scenario]
    f("scenario", "name", Text, "The scenario's name. Required."),
    f("scenario", "model", Text, "The base model's file, relative to this file. Required."),
    f("scenario", "description", Text, "What this option changes, in a sentence or two."),
    // A portfolio file.
    f("portfolio file", "portfolio", Table("portfolio"), "The fund: its name and budget. Required."),
    f("portfolio file", "candidates", Tables("candidates"), "The schemes the fund may buy, one [[candidates]] entry each. At least one."),
    // [portfolio]
    f("portfolio", "name", Text, "The portfolio's name. Required."),
    f("portfolio", "description", Text, "What the fund is for."),
    f("portfolio", "budget", Number(None, None), "The budget, positive, against each candidate's mean discounted investment. Required."),
    // [[candidates]]
    f("candidates", "file", Text, "A model or scenario file, relative to this file. Required."),
    f("candidates", "max_units", Whole(1, 1_000_000), "How many copies may be funded (default 1)."),
];

/// The fields each group must have, as `check` requires them. `inputs` needs `amount`
/// or `schedule` too, which the schema says with `anyOf`.
pub const REQUIRED: &[(&str, &[&str])] = &[
    ("file", &["model", "inputs", "outcomes"]),
    ("model", &["name"]),
    ("inputs", &["name"]),
    ("outcomes", &["name", "stakeholder", "quantity", "value"]),
    ("stakeholders", &["name"]),
    ("correlations", &["between", "rank"]),
    ("scenario file", &["scenario"]),
    ("scenario", &["name", "model"]),
    ("portfolio file", &["portfolio", "candidates"]),
    ("portfolio", &["name", "budget"]),
    ("candidates", &["file"]),
];

/// What each field of a distribution table means (which fields each kind takes is the
/// reader's own list, `model::dist::allowed_fields`).
pub const DIST_FIELDS: &[(&str, &str)] = &[
    ("value", "The value (fixed)."),
    (
        "min",
        "The smallest value; for normal and poisson, where the distribution is cut.",
    ),
    (
        "max",
        "The largest value; for normal and poisson, where the distribution is cut.",
    ),
    ("mode", "The most likely value, between min and max."),
    (
        "lambda",
        "Poisson: the mean count (above 0, up to 1,000,000). PERT: the weight of the mode (default 4).",
    ),
    (
        "mean",
        "The mean (for lognormal, of the value itself, not its log; for beta, between 0 and 1).",
    ),
    ("sd", "The standard deviation, above 0."),
    (
        "alpha",
        "Beta: the first shape, above 0 (or give mean and sd).",
    ),
    (
        "beta",
        "Beta: the second shape, above 0 (or give mean and sd).",
    ),
    ("shape", "Gamma: the shape, above 0 (or give mean and sd)."),
    ("scale", "Gamma: the scale, above 0 (or give mean and sd)."),
    (
        "values",
        "The possible values (discrete), or the observed values, resampled with replacement (empirical).",
    ),
    (
        "weights",
        "One weight, 0 or more, per value (they need not sum to 1).",
    ),
    (
        "base",
        "The base-case value, inside the range (default: the mode for triangular and pert, the value for fixed, else the mean).",
    ),
    (
        "price_year",
        "The figures are money at this year's prices; they are rebased to the model's price_year with the GDP deflator.",
    ),
];

/// What each distribution is for, for the hover help of `dist`.
pub const DIST_KINDS: &[(&str, &str)] = &[
    ("fixed", "a number written as a table: value"),
    ("uniform", "anywhere between min and max, no favourite"),
    (
        "triangular",
        "an expert's low / most likely / high: min, mode, max",
    ),
    (
        "pert",
        "low / most likely / high with less weight in the tails: min, mode, max, optional lambda",
    ),
    (
        "normal",
        "symmetric errors around a published figure: mean, sd, optional min and max (cut)",
    ),
    (
        "lognormal",
        "positive, right-skewed costs and amounts: mean, sd",
    ),
    (
        "beta",
        "proportions and shares: alpha and beta, or mean and sd",
    ),
    (
        "gamma",
        "positive skewed rates and costs: shape and scale, or mean and sd",
    ),
    (
        "poisson",
        "counts of people or events: lambda, optional min and max (cut)",
    ),
    ("discrete", "a few named possibilities: values, weights"),
    ("empirical", "observed data, resampled: values"),
];
