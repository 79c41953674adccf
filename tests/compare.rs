//! `sroi compare` (spec §6): options on the same draws, differences draw by draw, funders
//! and acceptability, checked against figures worked out by hand.

mod common;

use common::{Workspace, repo};
use serde_json::Value;

fn json(ws: &Workspace, args: &[&str]) -> Value {
    let out = ws.sroi(args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn close(v: &Value, x: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"));
    assert!((got - x).abs() <= 1e-9 * x.abs().max(1.0), "{got} vs {x}");
}

/// A deterministic model: 100 people × £30 in year 1 (r = 0), on £1,000: ratio 3.
const FIXED: &str = r#"[model]
name = "Fixed"
discount_rate = 0

[parameters]
people = 100

[[inputs]]
name = "Grant"
stakeholder = "Trust"
amount = 1000

[[outcomes]]
name = "Wellbeing"
stakeholder = "Participants"
quantity = "people"
value = 30
"#;

#[test]
fn a_model_compared_with_itself_differs_by_exactly_zero() {
    let ws = Workspace::new();
    let m = repo("models/social-prescribing-link-worker.toml")
        .display()
        .to_string();
    let j = json(&ws, &["compare", &m, &m, "-n", "5000", "--format", "json"]);
    let d = &j["differences"][0];
    for field in ["present_value", "investment", "npv", "ratio"] {
        for stat in ["mean", "sd", "median", "ci_low", "ci_high"] {
            assert_eq!(d[field][stat].as_f64(), Some(0.0), "{field}.{stat}: {d}");
        }
    }
    assert_eq!(d["prob_higher_npv"].as_f64(), Some(0.0));
    assert_eq!(d["prob_higher_ratio"].as_f64(), Some(0.0));
    assert_eq!(j["scenarios"][0]["ratio"], j["scenarios"][1]["ratio"]);
}

#[test]
fn a_difference_known_by_hand() {
    // Option 2: 150 people and a £500 match in year 1 at r = 0 → PV 4,500, investment
    // 1,500, NPV 3,000, ratio 3. Minus option 1 (PV 3,000, investment 1,000, NPV 2,000,
    // ratio 3): ΔPV 1,500, Δinvestment 500, ΔNPV 1,000, Δratio 0 (a tie, not "higher").
    let ws = Workspace::new();
    ws.write("fixed.toml", FIXED);
    ws.write(
        "bigger.toml",
        "[scenario]\nname = \"Bigger\"\nmodel = \"fixed.toml\"\n\n[parameters]\npeople = 150\n\n\
         [[inputs]]\nname = \"Grant\"\nstakeholder = \"Trust\"\namount = 1000\n\n\
         [[inputs]]\nname = \"Match\"\nstakeholder = \"Council\"\namount = 500\nyear = 1\n",
    );
    let j = json(
        &ws,
        &[
            "compare",
            "fixed.toml",
            "bigger.toml",
            "-n",
            "100",
            "--format",
            "json",
        ],
    );
    let d = &j["differences"][0];
    assert_eq!(d["name"], "Bigger");
    assert_eq!(d["baseline"], "Fixed");
    for (field, x) in [
        ("present_value", 1500.0),
        ("investment", 500.0),
        ("npv", 1000.0),
        ("ratio", 0.0),
    ] {
        for stat in ["mean", "median", "ci_low", "ci_high"] {
            close(&d[field][stat], x);
        }
        close(&d[field]["sd"], 0.0);
    }
    close(&d["prob_higher_npv"], 1.0);
    close(&d["prob_higher_ratio"], 0.0);
    // Funders of option 2: Trust 1,000 and Council 500 of 1,500: shares 2/3 and 1/3;
    // leverage 1,500 / 1,000 = 1.5 and 1,500 / 500 = 3.
    let f = &j["scenarios"][1]["funders"];
    assert_eq!(f[0]["name"], "Trust");
    close(&f[0]["share"], 2.0 / 3.0);
    close(&f[0]["leverage"], 1.5);
    close(&f[1]["investment"]["mean"], 500.0);
    close(&f[1]["share"], 1.0 / 3.0);
    close(&f[1]["leverage"], 3.0);
    close(&f[1]["base_case"], 500.0);
}

#[test]
fn acceptability_counts_ratios_at_least_each_threshold() {
    // The ratio is exactly 3 in every draw: at least 1, 2 and 3 always; at least 3.5 never.
    let ws = Workspace::new();
    ws.write("fixed.toml", FIXED);
    let j = json(
        &ws,
        &[
            "run",
            "fixed.toml",
            "-n",
            "100",
            "--format",
            "json",
            "--thresholds",
            "3.5,1,3,2,3",
        ],
    );
    let a = j["acceptability"].as_array().unwrap();
    let got: Vec<(f64, f64)> = a
        .iter()
        .map(|p| {
            (
                p["threshold"].as_f64().unwrap(),
                p["probability"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(1.0, 1.0), (2.0, 1.0), (3.0, 1.0), (3.5, 0.0)],
        "sorted, repeats dropped"
    );
    // The default thresholds are 1, 2, 3 and 5.
    let j = json(&ws, &["run", "fixed.toml", "-n", "100", "--format", "json"]);
    let t: Vec<f64> = j["acceptability"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["threshold"].as_f64().unwrap())
        .collect();
    assert_eq!(t, [1.0, 2.0, 3.0, 5.0]);
}

#[test]
fn bad_thresholds_are_usage_errors() {
    let ws = Workspace::new();
    ws.write("fixed.toml", FIXED);
    for bad in ["x", "-1", "1,,2", "inf"] {
        let flag = format!("--thresholds={bad}");
        let out = ws.sroi(&["run", "fixed.toml", &flag]);
        assert_eq!(out.code, Some(2), "{bad}: {}", out.stderr);
        assert!(out.stderr.contains("threshold"), "{}", out.stderr);
    }
}

#[test]
fn funders_shares_sum_to_one() {
    let ws = Workspace::new();
    for file in [
        "scenarios/hwf-2017-three-years.toml",
        "models/social-prescribing-link-worker.toml",
    ] {
        let f = repo(file).display().to_string();
        let j = json(&ws, &["run", &f, "-n", "3000", "--format", "json"]);
        let funders = j["funders"].as_array().unwrap();
        assert!(funders.len() >= 3, "{file}");
        let total: f64 = funders.iter().map(|f| f["share"].as_f64().unwrap()).sum();
        assert!((total - 1.0).abs() < 1e-9, "{file}: shares sum to {total}");
        // Each funder's mean investment adds up to the mean total investment too.
        let sum: f64 = funders
            .iter()
            .map(|f| f["investment"]["mean"].as_f64().unwrap())
            .sum();
        close(&Value::from(sum), j["investment"]["mean"].as_f64().unwrap());
    }
}

/// The width of the 95% interval of `later − first` when both are sampled independently
/// (seeds 1 and 2), against the same draws (common random numbers).
#[test]
fn common_random_numbers_narrow_the_interval_of_a_difference() {
    use sroi::analysis::stats::percentiles;
    use sroi::model::plan::Plan;
    use sroi::sample::engine::{Column, SimOptions, simulate};
    let npv = |file: &str, seed: u64| -> Vec<f64> {
        let loaded = sroi::model::load::load(&repo(file)).unwrap();
        let plan = Plan::new(&loaded.model);
        let opts = SimOptions {
            iterations: 20_000,
            seed,
            sampling: sroi::sample::lhs::Method::Lhs,
            threads: None,
            progress: false,
            pass: (1, 1),
        };
        let c = simulate(&plan, &opts, &[Column::PresentValue, Column::Investment]).unwrap();
        c[0].iter().zip(&c[1]).map(|(p, i)| p - i).collect()
    };
    let width = |a: &[f64], b: &[f64]| {
        let mut d: Vec<f64> = b.iter().zip(a).map(|(y, x)| y - x).collect();
        let [lo, hi] = percentiles(&mut d, [0.025, 0.975]);
        hi - lo
    };
    let (three, two) = (
        "scenarios/hwf-2017-three-years.toml",
        "scenarios/hwf-2017-two-years.toml",
    );
    let same = width(&npv(three, 1), &npv(two, 1));
    let independent = width(&npv(three, 1), &npv(two, 2));
    assert!(
        same < 0.4 * independent,
        "common {same} vs independent {independent}"
    );
    // And compare reports the common-draws interval.
    let ws = Workspace::new();
    let (a, b) = (
        repo(three).display().to_string(),
        repo(two).display().to_string(),
    );
    let j = json(
        &ws,
        &[
            "compare", &a, &b, "-n", "20000", "--seed", "1", "--format", "json",
        ],
    );
    let d = &j["differences"][0]["npv"];
    close(
        &Value::from(d["ci_high"].as_f64().unwrap() - d["ci_low"].as_f64().unwrap()),
        same,
    );
}

#[test]
fn compare_is_the_same_for_any_thread_count() {
    let ws = Workspace::new();
    let a = repo("models/museum-volunteering-wellbeing.toml")
        .display()
        .to_string();
    let b = repo("scenarios/museum-volunteering-double-scale.toml")
        .display()
        .to_string();
    let run = |t: &str| {
        ws.sroi(&["compare", &a, &b, "-n", "5000", "--threads", t])
            .stdout
    };
    let one = run("1");
    assert!(one.contains("seed 42"), "{one}");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("3"));
}

#[test]
fn compare_needs_two_files_in_one_currency() {
    let ws = Workspace::new();
    ws.write("fixed.toml", FIXED);
    ws.write(
        "euro.toml",
        FIXED.replace("discount_rate = 0", "discount_rate = 0\ncurrency = \"EUR\""),
    );
    let out = ws.sroi(&["compare", "fixed.toml"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let out = ws.sroi(&["compare", "fixed.toml", "euro.toml"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("fixed.toml is valued in GBP and euro.toml in EUR"),
        "{}",
        out.stderr
    );
    let out = ws.sroi(&["compare", "fixed.toml", "missing.toml"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("cannot read `missing.toml`"),
        "{}",
        out.stderr
    );
}

/// The compare layout in every format, for a fixture and its scenario (2,000 draws).
fn compare_output(format: &str) -> String {
    common::sroi_in_repo(&[
        "compare",
        "tests/fixtures/simple.toml",
        "tests/fixtures/simple-match-funded.toml",
        "-n",
        "2000",
        "--format",
        format,
    ])
}

#[test]
fn compare_table() {
    insta::assert_snapshot!(compare_output("table"));
}

#[test]
fn compare_markdown() {
    insta::assert_snapshot!(compare_output("markdown"));
}

#[test]
fn compare_csv() {
    let text = compare_output("csv");
    common::csv_rows(&text);
    insta::assert_snapshot!(text);
}

#[test]
fn compare_json() {
    let text = compare_output("json");
    let j: Value = serde_json::from_str(&text).unwrap();
    for key in ["iterations", "seed", "ci_level", "scenarios", "differences"] {
        assert!(j.get(key).is_some(), "missing {key}");
    }
    for key in [
        "name",
        "file",
        "base_case",
        "ratio",
        "present_value",
        "investment",
        "npv",
        "prob_ratio_above_1",
        "funders",
        "acceptability",
    ] {
        assert!(
            j["scenarios"][1].get(key).is_some(),
            "missing scenarios[].{key}"
        );
    }
    for key in [
        "name",
        "baseline",
        "present_value",
        "investment",
        "npv",
        "prob_higher_npv",
        "prob_higher_ratio",
    ] {
        assert!(
            j["differences"][0].get(key).is_some(),
            "missing differences[].{key}"
        );
    }
    insta::assert_snapshot!(text);
}
