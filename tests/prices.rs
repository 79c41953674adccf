//! Price years (spec §9): figures written at another year's prices are rebased to the
//! model's with the GDP deflator, checked against hand calculations from the published
//! index; `check` lists every conversion; bad price years are clear errors.

mod common;

use common::{Workspace, scheme};
use serde_json::Value;

/// A model at 2024-25 prices with figures at 2019-20 and 2016-17 prices and a year added
/// to the series. By hand, from the March 2026 HM Treasury series (2024-25 = 100):
/// - WELLBY £13,000 at 2019-20 prices (80.8738): 13,000 * 100 / 80.8738 = £16,074.42;
/// - A&E attendance £148 at 2016-17 prices (76.0754): 148 * 100 / 76.0754 = £194.544;
/// - a grant of £1,000 at "1998" prices, index 50 added in `[deflators]`: £2,000.
const MODEL: &str = r#"
[model]
name = "Rebased"
price_year = 2024
discount_rate = 0

[deflators]
1998 = 50

[parameters]
wellby = { dist = "fixed", value = 13000, price_year = 2019 }
ae = { dist = "triangular", min = 100, mode = 148, max = 200, price_year = 2016 }

[[inputs]]
name = "Grant"
amount = { dist = "fixed", value = 1000, price_year = 1998 }

[[outcomes]]
name = "Wellbeing"
stakeholder = "People"
quantity = 0.1
value = "wellby"

[[outcomes]]
name = "A&E"
stakeholder = "NHS"
quantity = 2
value = "ae"
"#;

fn close(v: &Value, want: f64, tol: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
}

#[test]
fn rebased_figures_match_the_hand_calculation() {
    let ws = Workspace::new();
    ws.write("model.toml", MODEL);
    let out = ws.sroi(&["run", "model.toml", "-n", "2000", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    let wellbeing = 0.1 * 13_000.0 * 100.0 / 80.8738;
    let ae = 2.0 * 148.0 * 100.0 / 76.0754;
    close(&j["base_case"]["investment"], 2000.0, 1e-9);
    close(&j["base_case"]["present_value"], wellbeing + ae, 1e-6);
    close(&j["outcomes"][0]["present_value"]["mean"], wellbeing, 1e-6);
    // The triangular's mean (100 + 148 + 200) / 3, rebased: the draws' mean is near it.
    let ae_mean = 2.0 * (448.0 / 3.0) * 100.0 / 76.0754;
    close(&j["outcomes"][1]["present_value"]["mean"], ae_mean, 2.0);
}

#[test]
fn check_lists_every_conversion_and_its_factor() {
    let ws = Workspace::new();
    ws.write("model.toml", MODEL);
    let out = ws.sroi(&["check", "model.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // 100 / 80.8738 = 1.23648; 100 / 76.0754 = 1.31449; 100 / 50 = 2.
    for line in [
        "Price years (3), rebased with the GDP deflator (HM Treasury, March 2026):",
        "parameters.wellby: 2019 to 2024 prices, × 1.2365",
        "parameters.ae: 2016 to 2024 prices, × 1.3145",
        "inputs.Grant.amount: 1998 to 2024 prices, × 2.0000",
        "[deflators] from the model: 1998 = 50 (added)",
    ] {
        assert!(
            out.stdout.contains(line),
            "missing {line:?} in:\n{}",
            out.stdout
        );
    }
}

#[test]
fn a_model_without_price_years_lists_no_conversions() {
    let ws = Workspace::new();
    ws.write("model.toml", common::VALID);
    let out = ws.sroi(&["check", "model.toml"]);
    assert!(!out.stdout.contains("Price years"), "{}", out.stdout);
}

#[test]
fn a_scenario_can_add_deflator_years() {
    let ws = Workspace::new();
    ws.write("model.toml", MODEL);
    ws.write(
        "scenario.toml",
        "[scenario]\nname = \"Cheaper 1998\"\nmodel = \"model.toml\"\n\n[deflators]\n1998 = 40\n",
    );
    let out = ws.sroi(&["check", "scenario.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("deflators.1998 replaced"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("[deflators] from the model: 1998 = 40 (added)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("inputs.Grant.amount: 1998 to 2024 prices, × 2.5000"),
        "{}",
        out.stdout
    );
}

fn check_fails(model: &str) -> String {
    let ws = Workspace::new();
    ws.write("model.toml", model);
    ws.sroi(&["check", "model.toml"]).model_error()
}

#[test]
fn a_replaced_year_names_the_bundled_index() {
    let ws = Workspace::new();
    ws.write(
        "model.toml",
        MODEL.replace("1998 = 50", "1998 = 50\n2016 = 80"),
    );
    let out = ws.sroi(&["check", "model.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // £148 at 2016 prices with the replaced index: × 100 / 80 = 1.25.
    for line in [
        "[deflators] from the model: 1998 = 50 (added), 2016 = 80 (replaces 76.0754)",
        "parameters.ae: 2016 to 2024 prices, × 1.2500",
    ] {
        assert!(
            out.stdout.contains(line),
            "missing {line:?} in:\n{}",
            out.stdout
        );
    }
}

#[test]
fn a_year_the_series_lacks_names_the_years_it_has() {
    let stderr = check_fails(&MODEL.replace("price_year = 2019", "price_year = 1995"));
    assert!(stderr.contains(
        "parameters.wellby, field `price_year`: the GDP deflator series has no year 1995 (it has 1998, 2000–2024; financial years, 2015 = 2015-16)"
    ), "{stderr}");
    insta::assert_snapshot!("price_year_missing_from_the_series", stderr);
}

#[test]
fn a_model_price_year_the_series_lacks_is_named() {
    let stderr = check_fails(&MODEL.replace("price_year = 2024", "price_year = 2030"));
    assert!(
        stderr.contains(
            "the model's price year 2030 is not in the GDP deflator series (it has 1998, 2000–2024)"
        ),
        "{stderr}"
    );
}

#[test]
fn price_year_needs_a_model_price_year() {
    let stderr = check_fails(&MODEL.replace("price_year = 2024\n", ""));
    assert!(stderr.contains(
        "inputs[1] \"Grant\", field `amount.price_year`: this figure is at 1998 prices, but the model has no price year to convert it to"
    ), "{stderr}");
    insta::assert_snapshot!("price_year_without_a_model_price_year", stderr);
}

#[test]
fn a_deflator_must_be_positive_and_keyed_by_a_year() {
    let stderr = check_fails(&MODEL.replace("1998 = 50", "1998 = 0\n\"2014-15\" = 74"));
    assert!(
        stderr.contains(
            "[deflators], field `1998`: a deflator index must be a positive number; got 0"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("model.toml:8:8"), "{stderr}");
    assert!(stderr.contains("`2014-15` is not a year"), "{stderr}");
    insta::assert_snapshot!("deflator_not_positive", stderr);
}

#[test]
fn price_year_on_a_proportion_is_refused() {
    let stderr = check_fails(&MODEL.replace(
        "quantity = 0.1",
        "quantity = 0.1\ndeadweight = { dist = \"uniform\", min = 0, max = 0.2, price_year = 2019 }",
    ));
    assert!(stderr.contains(
        "outcomes[1] \"Wellbeing\", field `deadweight.price_year`: `price_year` is for money; this field is a proportion within [0, 1]"
    ), "{stderr}");
}

#[test]
fn a_misspelt_price_year_is_suggested() {
    let stderr =
        check_fails(&MODEL.replace("value = 13000, price_year", "value = 13000, price_yaer"));
    assert!(stderr.contains("did you mean `price_year`?"), "{stderr}");
}

// One scheme written at two price years (`common::scheme`): rebased to 2024 (the latest),
// `compare` finds no difference in any draw.

#[test]
fn a_scheme_at_two_price_years_compares_equal_once_rebased() {
    let ws = Workspace::new();
    ws.write("new.toml", scheme(2024, 1.0));
    ws.write("old.toml", scheme(2015, 74.5804 / 100.0));
    let out = ws.sroi(&[
        "compare", "new.toml", "old.toml", "-n", "2000", "--format", "json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["price_year"], 2024);
    let notes = j["notes"].to_string();
    assert!(
        notes.contains("every money figure is at 2024 prices"),
        "{notes}"
    );
    assert!(
        notes.contains("old.toml rebased from 2015 to 2024 prices"),
        "{notes}"
    );
    let d = &j["differences"][0];
    for figure in ["present_value", "investment", "npv"] {
        for stat in ["mean", "ci_low", "ci_high"] {
            let x = d[figure][stat].as_f64().unwrap();
            assert!(x.abs() < 1e-6, "{figure} {stat}: {x}");
        }
    }
    let s = &j["scenarios"];
    let pv = |i: usize| s[i]["expected"]["present_value"].as_f64().unwrap();
    assert!((pv(0) - pv(1)).abs() < 1e-6 * pv(0), "{} {}", pv(0), pv(1));
    // Asked for 2015-16 prices instead, both are there: the first scaled down.
    let out = ws.sroi(&[
        "compare",
        "new.toml",
        "old.toml",
        "-n",
        "2000",
        "--price-year",
        "2015",
        "--format",
        "json",
    ]);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(j["price_year"], 2015);
    let inv = j["scenarios"][0]["expected"]["investment"]
        .as_f64()
        .unwrap();
    assert!((inv - 7458.04).abs() < 1e-6, "{inv}");
}

#[test]
fn a_dated_and_an_undated_file_together_need_a_price_year() {
    let ws = Workspace::new();
    ws.write("new.toml", scheme(2024, 1.0));
    ws.write(
        "plain.toml",
        scheme(2024, 1.0).replace("price_year = 2024\n", ""),
    );
    let out = ws.sroi(&["compare", "new.toml", "plain.toml", "-n", "500"]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(
        out.stderr.contains("plain.toml gives no price year"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("--price-year"), "{}", out.stderr);
    let out = ws.sroi(&[
        "compare",
        "new.toml",
        "plain.toml",
        "-n",
        "500",
        "--price-year",
        "2024",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        j["notes"]
            .to_string()
            .contains("plain.toml gives no price year: taken as at 2024 prices")
    );
}

#[test]
fn files_at_one_price_year_are_not_noted_unless_a_year_is_asked_for() {
    let ws = Workspace::new();
    ws.write("a.toml", scheme(2024, 1.0));
    ws.write(
        "b.toml",
        scheme(2024, 1.0).replace("Scheme at", "Other scheme at"),
    );
    let notes = |extra: &[&str]| {
        let mut args = vec![
            "compare", "a.toml", "b.toml", "-n", "500", "--format", "json",
        ];
        args.extend(extra);
        let out = ws.sroi(&args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let j: Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(j["price_year"], 2024);
        j["notes"].to_string()
    };
    assert!(!notes(&[]).contains("every money figure"), "{}", notes(&[]));
    let asked = notes(&["--price-year", "2024"]);
    assert!(
        asked.contains("every money figure is at 2024 prices"),
        "{asked}"
    );
    assert!(!asked.contains("rebased"), "{asked}");
}

#[test]
fn a_rebased_models_assumptions_say_at_which_prices_they_are_written() {
    let ws = Workspace::new();
    ws.write("new.toml", scheme(2024, 1.0));
    ws.write("old.toml", scheme(2015, 74.5804 / 100.0));
    let out = ws.sroi(&[
        "report", "new.toml", "old.toml", "-n", "300", "-o", "c.html",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = std::fs::read_to_string(ws.path().join("c.html")).unwrap();
    // 100 / 74.5804 = 1.340835: only the 2015 file's table says so, once.
    let note = "Figures as written, at the file's own 2015 prices; totals and present values \
                are at 2024 prices (money × 1.3408).";
    assert_eq!(html.matches(note).count(), 1, "{note}");
    assert!(!html.contains("the file's own 2024 prices"));
}
