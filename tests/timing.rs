//! The arithmetic of time, end to end: discount schedules and per-item rates, uncertain
//! durations, cohorts and both paybacks, each against a hand calculation; and every bad
//! input of these fields, with its full message (snapshots in `tests/snapshots/`).

mod common;

use common::{Workspace, valid_with};
use serde_json::Value;

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (x - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{x} != {expected}"
    );
}

/// `sroi run` of `model` as JSON, with `draws` draws.
fn run(model: &str, draws: &str) -> Value {
    let ws = Workspace::new();
    ws.write("model.toml", model);
    let out = ws.sroi(&["run", "model.toml", "-n", draws, "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON on stdout")
}

/// A model with one grant and one outcome whose first-year impact is `impact` (quantity 1,
/// value `impact`), with `extra` lines added to the outcome and `header` to `[model]`.
fn one_outcome(header: &str, grant: &str, outcome: &str) -> String {
    format!(
        r#"[model]
name = "Timing"
{header}

[[inputs]]
name = "Grant"
{grant}

[[outcomes]]
name = "Gain"
stakeholder = "People"
quantity = 1
{outcome}
"#
    )
}

#[test]
fn green_book_schedule_past_years_30_and_75() {
    // 1000 a year from year 29 for 50 years (to year 78), no drop-off: by hand, the
    // factors of years 29–30 at 3.5%, 31–75 at 3.0% on top of 1.035^-30, and 76–78 at 2.5%.
    let j = run(
        &one_outcome(
            "discount_rate = \"green-book\"",
            "amount = 1000",
            "value = 1000\nstart_year = 29\nduration = 50",
        ),
        "200",
    );
    let d30 = 1.035f64.powi(-30);
    let d75 = d30 * 1.03f64.powi(-45);
    let mut pv = 1000.0 * (1.035f64.powi(-29) + d30);
    pv += (1..=45)
        .map(|k| 1000.0 * d30 * 1.03f64.powi(-k))
        .sum::<f64>();
    pv += (1..=3)
        .map(|k| 1000.0 * d75 * 1.025f64.powi(-k))
        .sum::<f64>();
    close(&j["base_case"]["present_value"], pv);
    close(&j["base_case"]["investment"], 1000.0);
}

#[test]
fn health_schedule_and_per_item_rates() {
    // The model discounts at 10%; the outcome on the health schedule (1.5% to year 30); the
    // year-2 input at its own 0%. Outcome 100 in years 1 and 2; inputs 1000 (year 0) and
    // 500 (year 2).
    let model = r#"[model]
name = "Per-item rates"
discount_rate = 0.1

[[inputs]]
name = "Grant"
amount = 1000

[[inputs]]
name = "Later grant"
amount = 500
year = 2
discount_rate = 0

[[inputs]]
name = "Match"
amount = 121
year = 2

[[outcomes]]
name = "Health"
stakeholder = "Patients"
quantity = 1
value = 100
duration = 2
discount_rate = "green-book-health"

[[outcomes]]
name = "Other"
stakeholder = "Patients"
quantity = 1
value = 110
"#;
    let j = run(model, "200");
    let pv = 100.0 / 1.015 + 100.0 / 1.015f64.powi(2) + 110.0 / 1.1;
    // The match at the model's 10%: 121 / 1.21 = 100.
    let investment = 1000.0 + 500.0 + 100.0;
    close(&j["base_case"]["present_value"], pv);
    close(&j["base_case"]["investment"], investment);
}

#[test]
fn cohort_sums_by_hand() {
    // Cohorts of weights 0.5, 1, 2 from year 1, each lasting 2 years with 50% drop-off,
    // at 10%: impact 100 × (0.5 (1/1.1 + 0.5/1.1²) + (1/1.1² + 0.5/1.1³) + 2 (1/1.1³ + 0.5/1.1⁴)).
    let j = run(
        &one_outcome(
            "discount_rate = 0.1",
            "amount = 1000",
            "value = 100\nduration = 2\ndrop_off = 0.5\ncohorts = [0.5, \"1\", \"2 * 1\"]",
        ),
        "200",
    );
    let f = |t: i32| 1.1f64.powi(-t);
    let pv = 100.0 * (0.5 * (f(1) + 0.5 * f(2)) + (f(2) + 0.5 * f(3)) + 2.0 * (f(3) + 0.5 * f(4)));
    close(&j["base_case"]["present_value"], pv);
    // The simple payback's annual impact is the first cohort's first year: 0.5 × 100.
    close(&j["base_case"]["payback_months"], 12.0 * 1000.0 / 50.0);
}

#[test]
fn paybacks_for_an_outcome_starting_in_year_zero() {
    // 1000 invested at year 0; 1000 a year of impact from year 0 for three years with 50%
    // drop-off, at 3.5%. The SROI Guide's payback: 12 × 1000 / 1000 = 12 months (year 1's
    // dropped-off 500 would give 24). Discounted: year 0's 1000 counts at time 0 and
    // covers the investment at once: 0 months.
    let j = run(
        &one_outcome(
            "",
            "amount = 1000",
            "value = 1000\nstart_year = 0\nduration = 3\ndrop_off = 0.5",
        ),
        "200",
    );
    close(&j["base_case"]["payback_months"], 12.0);
    close(&j["base_case"]["discounted_payback_months"], 0.0);
}

#[test]
fn paybacks_over_several_years() {
    // Inputs 1000 at year 0 and 1035 at year 1 (1000 discounted); 621 of impact a year
    // from year 1 for three years, at 3.5%, so each year's discounted value is
    // 621 / 1.035^t: 600, 579.71…, 560.11… By hand: after year 1, 600 − 2000 = −1400;
    // year 2 adds 579.71 (−820.29 left); year 3 adds 560.11 (−260.18 left at the end): the
    // investment is never recovered, so no discounted payback.
    let model = one_outcome("", "schedule = [1000, 1035]", "value = 621\nduration = 3");
    let j = run(&model, "200");
    assert!(j["base_case"]["discounted_payback_months"].is_null());
    // Simple: 12 × (1000 + 1000) / 621.
    close(&j["base_case"]["payback_months"], 12.0 * 2000.0 / 621.0);
    // Four years instead of three: year 4 adds 621/1.035⁴ = 541.16… > 260.18, crossing
    // 260.18/541.17 of the way through year 4.
    let j = run(&model.replace("duration = 3", "duration = 4"), "200");
    let v = |t: i32| 621.0 / 1.035f64.powi(t);
    let left = 2000.0 - v(1) - v(2) - v(3);
    close(
        &j["base_case"]["discounted_payback_months"],
        12.0 * (3.0 + left / v(4)),
    );
}

#[test]
fn uncertain_duration_draws_whole_years() {
    // Duration 1, 2 or 3 years with weights 1, 2, 1 (base 2), no drop-off, at 0%: the
    // present value is 100 × the duration, so its mean is 200 and its values 100, 200, 300.
    let model = one_outcome(
        "discount_rate = 0",
        "amount = 100",
        "value = 100\nduration = { dist = \"discrete\", values = [1, 2, 3], weights = [1, 2, 1], base = 2 }",
    );
    let j = run(&model, "20000");
    close(&j["base_case"]["present_value"], 200.0);
    let mean = j["present_value"]["mean"].as_f64().unwrap();
    assert!((mean - 200.0).abs() < 3.0, "{mean}");
    close(&j["present_value"]["ci_low"], 100.0);
    close(&j["present_value"]["ci_high"], 300.0);
}

#[test]
fn duration_in_sensitivity_has_a_whole_switching_value() {
    // Value 100 a year at 0% against 250 invested: the ratio is d / 2.5, so it reaches 1 at
    // d = 2.5; from a base of 4 years, the whole number nearest at which it has reached 1
    // (or less) is 2.
    let model = one_outcome(
        "discount_rate = 0",
        "amount = 250",
        "value = 100\nduration = { dist = \"poisson\", lambda = 3, min = 1, max = 12, base = 4 }",
    );
    let ws = Workspace::new();
    ws.write("model.toml", &model);
    let out = ws.sroi(&[
        "sensitivity",
        "model.toml",
        "-n",
        "2000",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    let q = j["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "outcomes.Gain.duration")
        .expect("the duration is a quantity");
    close(&q["base"], 4.0);
    close(&q["switching_value"], 2.0);
    close(&q["switching_change"], -0.5);
    // Its 5th and 95th percentiles are whole numbers, and so the ratios there are d / 2.5.
    let low = q["low"].as_f64().unwrap();
    assert_eq!(low.fract(), 0.0);
    close(&q["ratio_at_low"], low / 2.5);
}

#[test]
fn warnings_go_to_standard_error_once_and_do_not_fail() {
    let ws = Workspace::new();
    ws.write(
        "model.toml",
        valid_with(
            "name = \"Test scheme\"",
            "name = \"Test scheme\"\ndiscount_rate = 0.35",
        ),
    );
    let out = ws.sroi(&["run", "model.toml", "-n", "200"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // The model's warning once (200 draws also bring the warning that they are too few
    // for the digits shown, which is the run's, not the model's).
    let model_warnings = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:") && !l.contains("too few draws"))
        .count();
    assert_eq!(model_warnings, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("a discount rate of 0.35 is 35% a year"),
        "{}",
        out.stderr
    );
    assert!(!out.stdout.contains("warning"));
    let out = ws.sroi(&["check", "model.toml"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.contains("Warnings (1"), "{}", out.stdout);
    insta::assert_snapshot!("high_rate_warning", out.stderr);
    // A random rate.
    ws.write(
        "model.toml",
        valid_with(
            "name = \"Test scheme\"",
            "name = \"Test scheme\"\ndiscount_rate = { dist = \"uniform\", min = 0.015, max = 0.035 }",
        ),
    );
    let out = ws.sroi(&["check", "model.toml"]);
    assert_eq!(out.code, Some(0));
    insta::assert_snapshot!("random_rate_warning", out.stderr);
}

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
    discount_rate_in_percent,
    valid_with(
        "name = \"Test scheme\"",
        "name = \"Test scheme\"\ndiscount_rate = 3.5"
    ),
    "[model], field `discount_rate`: a discount rate is a fraction of 1: 3.5 would mean 350%; did you mean 0.035?",
    "model.toml:3:17"
);
model_error!(
    item_discount_rate_in_percent,
    valid_with("amount = 36000", "amount = 36000\ndiscount_rate = 3.5"),
    "inputs[1] \"Link worker\", field `discount_rate`: a discount rate is a fraction of 1"
);
model_error!(
    unknown_schedule_suggests,
    valid_with(
        "drop_off = 0.5",
        "drop_off = 0.5\ndiscount_rate = \"green-book-heath\""
    ),
    "outcomes[1] \"Fewer GP visits\", field `discount_rate`: unknown discount schedule `green-book-heath`; did you mean `green-book-health`?"
);
model_error!(
    fractional_duration_distribution,
    valid_with(
        "duration = 2",
        "duration = { dist = \"uniform\", min = 1, max = 3 }"
    ),
    "field `duration`: must be a whole number of years, but uniform(1, 3) can give a fraction"
);
model_error!(
    duration_distribution_below_one,
    valid_with(
        "duration = 2",
        "duration = { dist = \"poisson\", lambda = 2 }"
    ),
    "field `duration`: must be a whole number of years from 1 to 200, but poisson(2) ranges over [0, ∞]"
);
model_error!(
    duration_base_not_whole,
    valid_with(
        "duration = 2",
        "duration = { dist = \"empirical\", values = [1, 2, 3, 4] }"
    ),
    "the base case needs a whole number of years",
    "add `base = 2` or `base = 3`"
);
model_error!(
    empty_cohorts,
    valid_with("duration = 2", "duration = 2\ncohorts = []"),
    "outcomes[1] \"Fewer GP visits\", field `cohorts`: the list of cohorts is empty"
);
model_error!(
    negative_cohort,
    valid_with("duration = 2", "duration = 2\ncohorts = [1, -0.5]"),
    "outcomes[1] \"Fewer GP visits\", field `cohorts[1]`: must be a cohort weight, 0 or more; got -0.5"
);

#[test]
fn one_cohort_of_weight_one_changes_nothing() {
    // `cohorts = [1]` is the default made explicit: the same figures, bit for bit.
    let base = valid_with("duration = 2", "duration = 2\nstart_year = 0");
    let with = valid_with(
        "duration = 2",
        "duration = 2\nstart_year = 0\ncohorts = [1]",
    );
    let (a, b) = (run(&base, "3000"), run(&with, "3000"));
    for key in ["base_case", "ratio", "present_value", "investment", "npv"] {
        assert_eq!(a[key], b[key], "{key}");
    }
}

#[test]
fn the_green_book_schedule_is_3_5_percent_to_year_30() {
    // Within 30 years the schedule and a flat 3.5% agree (to rounding: the schedule's
    // factors are built by division, the flat rate's by powers).
    let flat = run(
        &valid_with(
            "name = \"Test scheme\"",
            "name = \"Test scheme\"\ndiscount_rate = 0.035",
        ),
        "3000",
    );
    let schedule = run(
        &valid_with(
            "name = \"Test scheme\"",
            "name = \"Test scheme\"\ndiscount_rate = \"green-book\"",
        ),
        "3000",
    );
    for key in ["present_value", "ratio"] {
        close(&schedule[key]["mean"], flat[key]["mean"].as_f64().unwrap());
    }
}

#[test]
fn every_format_shows_both_paybacks() {
    use calamine::{Data, Reader, Xlsx};
    // 1000 at year 0; 1000 a year from year 0, 50% drop-off: simple 12 months, discounted 0.
    let model = one_outcome(
        "",
        "amount = 1000",
        "value = 1000\nstart_year = 0\nduration = 3\ndrop_off = 0.5",
    );
    let ws = Workspace::new();
    ws.write("model.toml", &model);
    let text = |format: &str| {
        let out = ws.sroi(&["run", "model.toml", "-n", "200", "--format", format]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout
    };
    for format in ["table", "markdown"] {
        assert!(
            text(format).contains("Payback (base case):")
                && text(format).contains("12.0 months simple, 0.0 months discounted"),
            "{format}"
        );
    }
    let csv = text("csv");
    assert!(csv.contains(",total,payback_months,,,12.0,"), "{csv}");
    assert!(
        csv.contains(",total,discounted_payback_months,,,0.0,"),
        "{csv}"
    );
    assert!(text("html").contains("12.0 months simple, 0.0 months discounted"));
    let out = ws.sroi(&["run", "model.toml", "-n", "200", "-o", "r.xlsx"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("r.xlsx")).unwrap();
    let s = book.worksheet_range("Summary").unwrap();
    let cell = |r: u32, c: u32| s.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(5, 0), Data::Empty);
    assert_eq!(cell(6, 0), Data::String("Payback, simple (months)".into()));
    assert_eq!(cell(6, 1), Data::Float(12.0));
    assert_eq!(
        cell(7, 0),
        Data::String("Payback, discounted (months)".into())
    );
    assert_eq!(cell(7, 1), Data::Float(0.0));
}
