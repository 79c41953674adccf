//! Decision figures (spec §9), through the real binary, against hand calculations:
//! expected values beside the base case, the chance each option has the highest NPV and
//! its expected loss, and the value attributed to each funder.

mod common;

use common::Workspace;
use serde_json::Value;

fn json(ws: &Workspace, args: &[&str]) -> Value {
    let out = ws.sroi(args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn close(v: &Value, want: f64, tol: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
}

/// A one-outcome model valued in year 0 at rate 0, so present value = `value` and
/// investment = `amount` exactly.
fn model(name: &str, value: &str, amount: &str) -> String {
    format!(
        r#"[model]
name = "{name}"
discount_rate = 0

[parameters]
x = {{ dist = "uniform", min = 0, max = 1000 }}
y = {{ dist = "uniform", min = 500, max = 1500 }}

[[inputs]]
name = "Grant"
amount = {amount}

[[outcomes]]
name = "Value"
stakeholder = "People"
quantity = 1
value = {value}
start_year = 0
"#
    )
}

/// PV = 2x with x ~ uniform(0, 1000), investment y ~ uniform(500, 1500), independent.
/// Expected ratio = E[2x] / E[y] = 1000 / 1000 = 1; the mean of the draws' ratios is
/// E[2x] E[1/y] = 1000 × ln(1500 / 500) / 1000 = ln 3 = 1.0986; the base case takes the
/// means (uniform's base): 1000 / 1000 = 1 as well.
#[test]
fn expected_values_are_ratios_of_means_not_means_of_ratios() {
    let ws = Workspace::new();
    ws.write("m.toml", model("E", "\"2 * x\"", "\"y\""));
    let j = json(&ws, &["run", "m.toml", "-n", "200000", "--format", "json"]);
    let e = &j["expected"];
    close(&e["present_value"], 1000.0, 5.0);
    close(&e["investment"], 1000.0, 3.0);
    close(&e["ratio"], 1.0, 0.01);
    close(&e["npv"], 0.0, 6.0);
    // Exactly the means the summaries report.
    assert_eq!(e["present_value"], j["present_value"]["mean"]);
    assert_eq!(e["investment"], j["investment"]["mean"]);
    let (pv, inv) = (
        e["present_value"].as_f64().unwrap(),
        e["investment"].as_f64().unwrap(),
    );
    close(&e["ratio"], pv / inv, 1e-12);
    close(&e["npv"], pv - inv, 1e-9);
    close(&j["ratio"]["mean"], 3f64.ln(), 0.01);
}

#[test]
fn every_format_shows_the_expected_ratio_beside_the_base_case() {
    let ws = Workspace::new();
    ws.write("m.toml", model("E", "\"2 * x\"", "\"y\""));
    let run = |format: &str| {
        let out = ws.sroi(&["run", "m.toml", "-n", "20000", "--format", format]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout
    };
    let table = run("table");
    assert!(table.contains("Base case ┆ Expected ┆"), "{table}");
    assert!(table.contains("in the base case; expected 1.00"), "{table}");
    assert!(table.contains("mean of the draws' ratios 1.10"), "{table}");
    let md = run("markdown");
    assert!(md.contains("|  | Base case | Expected | Median |"), "{md}");
    let csv = run("csv");
    let rows = common::csv_rows(&csv);
    let expected: Vec<_> = rows
        .iter()
        .filter(|r| &r["section"] == "expected")
        .collect();
    let names: Vec<&str> = expected.iter().map(|r| &r["name"]).collect();
    assert_eq!(names, ["ratio", "present_value", "investment", "npv"]);
}

/// Three options on the same draws, x ~ uniform(0, 1000) shared:
///   A: NPV = x − 500 (PV x, investment 500);
///   B: NPV = 0 (PV 500, investment 500);
///   C: NPV = −100 (PV 400, investment 500): never best.
/// A is best when x > 500: chance 1/2, B otherwise. E[max] = E[max(x − 500, 0)] =
/// ∫ from 500 to 1000 of (x − 500) / 1000 dx = 125. Expected losses: A 125 − 0 = 125,
/// B 125 − 0 = 125, C 125 + 100 = 225. Differences from A: B − A = 500 − x (mean 0),
/// C − A = 400 − x (mean −100).
#[test]
fn three_options_whose_npvs_differ_by_known_amounts() {
    let ws = Workspace::new();
    ws.write("a.toml", model("A", "\"x\"", "500"));
    ws.write("b.toml", model("B", "500", "500"));
    ws.write("c.toml", model("C", "400", "500"));
    let j = json(
        &ws,
        &[
            "compare", "a.toml", "b.toml", "c.toml", "-n", "200000", "--format", "json",
        ],
    );
    let d = &j["decision"];
    let p = d["prob_best_npv"].as_array().unwrap();
    let l = d["expected_loss"].as_array().unwrap();
    assert_eq!((p.len(), l.len()), (3, 3));
    close(&p[0], 0.5, 0.005);
    close(&p[1], 0.5, 0.005);
    assert_eq!(p[2], 0.0);
    close(&l[0], 125.0, 1.5);
    close(&l[1], 125.0, 1.5);
    close(&l[2], 225.0, 1.5);
    // C's loss is B's plus 100 exactly, draw by draw; A's equals B's up to A's mean.
    close(&l[2], l[1].as_f64().unwrap() + 100.0, 1e-6);
    let sum: f64 = p.iter().map(|x| x.as_f64().unwrap()).sum();
    close(&Value::from(sum), 1.0, 1e-12);
    let diffs = j["differences"].as_array().unwrap();
    close(&diffs[0]["npv"]["mean"], 0.0, 3.0);
    close(&diffs[1]["npv"]["mean"], -100.0, 3.0);
    // Each scenario carries its expected values.
    close(&j["scenarios"][2]["expected"]["npv"], -100.0, 1e-9);
    close(&j["scenarios"][2]["expected"]["ratio"], 0.8, 1e-12);
}

/// Deterministic options of different size: the small one has the higher ratio but adds
/// less value. Small: PV 300 on 100 (ratio 3, NPV 200); large: PV 1500 on 1000 (ratio
/// 1.5, NPV 500). The large one is best in every draw; the small one loses 300.
#[test]
fn the_higher_ratio_does_not_win_the_decision() {
    let ws = Workspace::new();
    ws.write("small.toml", model("Small", "300", "100"));
    ws.write("large.toml", model("Large", "1500", "1000"));
    let j = json(
        &ws,
        &[
            "compare",
            "small.toml",
            "large.toml",
            "-n",
            "1000",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        j["decision"]["prob_best_npv"],
        serde_json::json!([0.0, 1.0])
    );
    assert_eq!(
        j["decision"]["expected_loss"],
        serde_json::json!([300.0, 0.0])
    );
    let out = ws.sroi(&["compare", "small.toml", "large.toml", "-n", "1000"]);
    assert!(
        out.stdout
            .contains("ratios do not rank options of different size"),
        "{}",
        out.stdout
    );
    let first_table = out.stdout.find('┌').unwrap();
    assert!(
        out.stdout[first_table..]
            .lines()
            .nth(3)
            .unwrap()
            .contains("Net present value (expected)"),
        "the table leads with NPV:\n{}",
        out.stdout
    );
    let csv = ws.sroi(&[
        "compare",
        "small.toml",
        "large.toml",
        "-n",
        "1000",
        "--format",
        "csv",
    ]);
    let rows = common::csv_rows(&csv.stdout);
    let loss: Vec<_> = rows
        .iter()
        .filter(|r| &r["section"] == "decision" && &r["name"] == "expected_loss")
        .map(|r| (r["model"].to_string(), r["mean"].to_string()))
        .collect();
    assert_eq!(
        loss,
        [
            ("Small".to_string(), "300.0".to_string()),
            ("Large".to_string(), "0.0".to_string())
        ]
    );
}

/// Two funders paying 300 and 100 (shares 3/4 and 1/4) of a scheme whose PV is 1,000:
/// attributed present values 750 and 250; leverage 400/300 and 400/100.
#[test]
fn funders_are_attributed_value_by_their_share() {
    let ws = Workspace::new();
    ws.write(
        "m.toml",
        r#"[model]
name = "Two funders"
discount_rate = 0

[[inputs]]
name = "Grant"
stakeholder = "Trust"
amount = 300

[[inputs]]
name = "Match"
stakeholder = "Council"
amount = 100

[[outcomes]]
name = "Value"
stakeholder = "People"
quantity = 1
value = 1000
start_year = 0
"#,
    );
    let j = json(&ws, &["run", "m.toml", "-n", "1000", "--format", "json"]);
    let f = j["funders"].as_array().unwrap();
    close(&f[0]["attributed_present_value"], 750.0, 1e-9);
    close(&f[1]["attributed_present_value"], 250.0, 1e-9);
    close(&f[0]["leverage"], 4.0 / 3.0, 1e-12);
    close(&f[1]["leverage"], 4.0, 1e-12);
    let out = ws.sroi(&["run", "m.toml", "-n", "1000"]);
    assert!(
        out.stdout.contains("never multiply it by the SROI ratio"),
        "{}",
        out.stdout
    );
}
