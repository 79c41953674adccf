//! Every kind of bad input, through the real binary: the full message (snapshots in
//! `tests/snapshots/`), the exit code (1 for a bad model or file, 2 for bad usage), and
//! never a panic.

mod common;

use common::{VALID, Workspace, valid_with};

/// Runs `sroi check` on `model` and returns its standard error, checking the exit code.
fn check_fails(model: &str) -> String {
    let ws = Workspace::new();
    ws.write("model.toml", model);
    ws.sroi(&["check", "model.toml"]).model_error()
}

macro_rules! model_error {
    ($name:ident, $model:expr, $($needle:expr),+) => {
        #[test]
        fn $name() {
            let model: String = $model.into();
            let stderr = check_fails(&model);
            $( assert!(stderr.contains($needle), "missing {:?} in:\n{}", $needle, stderr); )+
            insta::assert_snapshot!(stringify!($name), stderr);
        }
    };
}

model_error!(
    toml_syntax,
    valid_with("name = \"Test scheme\"", "name = \"Test scheme"),
    "TOML syntax",
    "model.toml:2:"
);
model_error!(
    unknown_field_suggests,
    valid_with("deadweight = 0.1", "deadwieght = 0.1"),
    "outcomes[1] \"Fewer GP visits\": unknown field `deadwieght`; did you mean `deadweight`?",
    "model.toml:20:1"
);
model_error!(
    unknown_table_suggests,
    valid_with("[parameters]", "[parameter]"),
    "unknown table `parameter`; did you mean `parameters`?"
);
model_error!(
    wrong_type,
    valid_with("duration = 2", "duration = \"2 years\""),
    "field `duration`: expected a whole number; found the string \"2 years\""
);
model_error!(
    missing_required_field,
    valid_with("stakeholder = \"NHS\"\n", ""),
    "outcomes[1] \"Fewer GP visits\": missing required field `stakeholder`"
);
model_error!(
    missing_name,
    valid_with("name = \"Test scheme\"\n", ""),
    "[model]: missing required field `name`"
);
model_error!(
    no_inputs,
    {
        let start = VALID.find("[[inputs]]").unwrap();
        let end = VALID.find("[[outcomes]]").unwrap();
        format!("{}{}", &VALID[..start], &VALID[end..])
    },
    "the model has no inputs"
);
model_error!(
    no_outcomes,
    VALID[..VALID.find("[[outcomes]]").unwrap()].to_string(),
    "the model has no outcomes"
);
model_error!(
    duplicate_outcome_names,
    format!("{VALID}\n{}", &VALID[VALID.find("[[outcomes]]").unwrap()..]),
    "outcomes[2] \"Fewer GP visits\", field `name`: another outcome is already named \"Fewer GP visits\" (outcomes[1])"
);
model_error!(
    proportion_above_one,
    valid_with("deadweight = 0.1", "deadweight = 10"),
    "field `deadweight`: must be a proportion within [0, 1]; got 10",
    "write proportions as fractions of 1: 0.1 for 10%"
);
model_error!(
    untruncated_normal_proportion,
    valid_with(
        "deadweight = 0.1",
        "deadweight = { dist = \"normal\", mean = 0.1, sd = 0.05 }"
    ),
    "must be a proportion within [0, 1], but normal",
    "truncated with `min = 0, max = 1`"
);
model_error!(
    sd_not_positive,
    valid_with("sd = 2", "sd = -2"),
    "parameters.gp_visits, field `sd`:"
);
model_error!(
    min_above_mode,
    valid_with(
        "value = 42",
        "value = { dist = \"triangular\", min = 50, mode = 42, max = 60 }"
    ),
    "field `value.mode`:",
    "min <= mode <= max"
);
model_error!(
    beta_without_solution,
    valid_with("mean = 0.2, sd = 0.08", "mean = 0.2, sd = 0.5"),
    "parameters.reduction",
    "no solution"
);
model_error!(
    misspelt_distribution,
    valid_with("dist = \"uniform\"", "dist = \"unifrom\""),
    "did you mean `uniform`?"
);
model_error!(
    misspelt_distribution_field,
    valid_with("min = 0.1, max = 0.3", "mn = 0.1, max = 0.3"),
    "field `attribution.mn`",
    "did you mean `min`?"
);
model_error!(
    nan_number,
    valid_with("amount = 36000", "amount = nan"),
    "inputs[1] \"Link worker\", field `amount`: must be a finite number; got NaN"
);
model_error!(
    infinite_number,
    valid_with("value = 42", "value = inf"),
    "field `value`: must be a finite number; got inf"
);
model_error!(
    unknown_parameter_suggests,
    valid_with("caseload * gp_visits", "caseloads * gp_visits"),
    "unknown parameter `caseloads` in the expression; did you mean `caseload`?",
    "model.toml:8:"
);
model_error!(
    expression_syntax,
    valid_with("caseload * gp_visits * reduction", "caseload * * reduction"),
    "in the expression"
);
model_error!(
    parameter_cycle,
    valid_with("caseload = 200", "caseload = \"visits_avoided / 2\""),
    "parameters form a cycle: "
);
model_error!(
    duration_below_one,
    valid_with("duration = 2", "duration = 0"),
    "field `duration`: must be a whole number of years from 1 to 200; got 0"
);
model_error!(
    discount_rate_at_minus_one,
    valid_with(
        "name = \"Test scheme\"",
        "name = \"Test scheme\"\ndiscount_rate = -1"
    ),
    "[model], field `discount_rate`: must be a discount rate above −1; got -1"
);
model_error!(
    base_case_expression_out_of_range,
    valid_with("deadweight = 0.1", "deadweight = \"reduction * 10\""),
    "outcomes[1] \"Fewer GP visits\", field `deadweight`: in the base case \"reduction * 10\" is 2, but it must be a proportion within [0, 1]"
);
model_error!(
    base_investment_not_positive,
    valid_with("amount = 36000", "amount = -36000"),
    "the base-case investment is -36000, but it must be positive"
);
model_error!(
    bad_parameter_name,
    valid_with("caseload = 200", "\"case load\" = 200"),
    "cannot be used in expressions"
);
model_error!(
    amount_and_schedule,
    valid_with("amount = 36000", "amount = 36000\nschedule = [1, 2]"),
    "give either `amount`"
);
model_error!(
    several_problems_at_once,
    valid_with("deadweight = 0.1", "deadweight = 1.5\nduration = 0").replacen(
        "duration = 2\n",
        "",
        1
    ),
    "field `deadweight`",
    "field `duration`",
    "2 problems in model.toml"
);

#[test]
fn missing_file() {
    let ws = Workspace::new();
    let out = ws.sroi(&["run", "nowhere.toml"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "error: cannot read `nowhere.toml`: no such file\n"
    );
}

#[test]
fn empty_file() {
    let ws = Workspace::new();
    ws.write("model.toml", "\n  \n");
    let out = ws.sroi(&["check", "model.toml"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "error: cannot read `model.toml`: the file is empty; a model needs `[model]`, `[[inputs]]` and `[[outcomes]]`\n"
    );
}

#[test]
fn not_utf8() {
    let ws = Workspace::new();
    ws.write("model.toml", b"[model]\nname = \"Caf\xe9\"\n");
    let out = ws.sroi(&["check", "model.toml"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "error: cannot read `model.toml`: it is not UTF-8 text (invalid byte at offset 19); save it as UTF-8\n"
    );
}

#[test]
fn draws_with_no_positive_investment_are_counted() {
    let ws = Workspace::new();
    ws.write(
        "model.toml",
        valid_with(
            "amount = 36000",
            "amount = { dist = \"normal\", mean = 1000, sd = 1000 }",
        ),
    );
    let out = ws.sroi(&["run", "model.toml", "-n", "10000"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    // P(normal(1000, 1000) <= 0) = Φ(−1) = 15.9%: about 1,587 of 10,000 draws.
    let count: u64 = out
        .stderr
        .split("in ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.replace(',', "").parse().ok())
        .expect("a count of draws");
    assert!((1400..1800).contains(&count), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("of 10,000 draws the investment was not positive"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("Inputs that vary: inputs.\"Link worker\".amount = normal"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("(seed 42)"), "{}", out.stderr);
}

#[test]
fn draws_outside_a_proportion_are_counted() {
    let ws = Workspace::new();
    ws.write(
        "model.toml",
        valid_with("deadweight = 0.1", "deadweight = \"reduction * 4\""),
    );
    // check passes: the base case 0.2 × 4 = 0.8 is allowed.
    assert_eq!(ws.sroi(&["check", "model.toml"]).code, Some(0));
    let out = ws.sroi(&["run", "model.toml", "-n", "5000"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("outcomes.\"Fewer GP visits\".deadweight was out of range"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("it is defined as \"reduction * 4\""),
        "{}",
        out.stderr
    );
}

/// Usage errors exit 2 with clap's message naming the flag.
#[test]
fn usage_errors_exit_2() {
    let ws = Workspace::new();
    ws.write("model.toml", VALID);
    for (args, needle) in [
        (
            vec!["run", "model.toml", "-n", "0"],
            "the number of draws must be a whole number from 1",
        ),
        (
            vec!["run", "model.toml", "--ci", "1.5"],
            "strictly between 0 and 1",
        ),
        (vec!["run", "model.toml", "--ci", "wide"], "not a number"),
        (
            vec!["run", "model.toml", "--format", "xml"],
            "possible values: table, json, csv, markdown",
        ),
        (vec!["run", "model.toml", "--threads", "0"], "--threads"),
        (vec!["run"], "FILE"),
        (vec!["runn", "model.toml"], "run"),
    ] {
        let out = ws.sroi(&args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn output_file_is_not_overwritten_without_force() {
    let ws = Workspace::new();
    ws.write("model.toml", VALID);
    let out = ws.sroi(&["run", "model.toml", "-n", "100", "-o", "model.toml"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("`model.toml` already exists; pass --force"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(ws.path().join("model.toml")).unwrap(),
        VALID
    );
}
