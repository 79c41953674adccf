//! `sroi run` end to end: figures worked out by hand, and reproducibility.

mod common;

use common::{Workspace, repo};
use serde_json::Value;

fn run_json(args: &[&str]) -> Value {
    let ws = Workspace::new();
    let out = ws.sroi(args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON on stdout")
}

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (x - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{x} != {expected}"
    );
}

/// Every figure of `tests/fixtures/hand-checked.toml`, by hand, at r = 10%:
/// - Confidence: 10 × 100 × 0.8 × 0.9 × 0.5 = 360 in year 1, then 180 and 90 (drop-off 50%
///   from year 2); PV = 360/1.1 + 180/1.21 + 90/1.331.
/// - Travel time (a disbenefit): 10 × −5 = −50 in year 1; PV = −50/1.1.
/// - Carer respite from year 0: 4 × 500 = 2000 undiscounted, then 1500 in year 1; PV =
///   2000 + 1500/1.1.
/// - Investment: schedule 1000 (year 0) + 1000 (year 1), and 550 in year 1:
///   1000 + 1000/1.1 + 550/1.1.
/// - Payback: 12 × investment / (360 − 50 + 2000), each outcome's undiscounted impact in
///   the first year it is counted (the respite's year 0, before its drop-off).
/// - Discounted payback: year 0 brings 2000 of value against 1000 invested, and the
///   position never falls below zero after: 0 months.
#[test]
fn a_deterministic_model_matches_the_hand_calculation() {
    let confidence = 360.0 / 1.1 + 180.0 / 1.21 + 90.0 / 1.331;
    let travel = -50.0 / 1.1;
    let respite = 2000.0 + 1500.0 / 1.1;
    let pv = confidence + travel + respite;
    let investment = 1000.0 + 1000.0 / 1.1 + 550.0 / 1.1;
    let payback = 12.0 * investment / (360.0 - 50.0 + 2000.0);

    let j = run_json(&[
        "run",
        repo("tests/fixtures/hand-checked.toml").to_str().unwrap(),
        "-n",
        "1000",
        "--format",
        "json",
    ]);
    let b = &j["base_case"];
    close(&b["present_value"], pv);
    close(&b["investment"], investment);
    close(&b["ratio"], pv / investment);
    close(&b["npv"], pv - investment);
    close(&b["payback_months"], payback);
    close(&b["discounted_payback_months"], 0.0);
    // With nothing uncertain every draw is the base case.
    for key in ["mean", "median", "ci_low", "ci_high"] {
        close(&j["ratio"][key], pv / investment);
        close(&j["present_value"][key], pv);
        close(&j["investment"][key], investment);
        close(&j["npv"][key], pv - investment);
    }
    close(&j["ratio"]["sd"], 0.0);
    close(&j["prob_ratio_above_1"], 1.0);
    let outcomes = j["outcomes"].as_array().unwrap();
    close(&outcomes[0]["present_value"]["mean"], confidence);
    close(&outcomes[1]["present_value"]["mean"], travel);
    close(&outcomes[2]["present_value"]["mean"], respite);
    assert_eq!(outcomes[2]["stakeholder"], "Carers");
    let stakeholders = j["stakeholders"].as_array().unwrap();
    assert_eq!(stakeholders[0]["name"], "Participants");
    close(
        &stakeholders[0]["present_value"]["mean"],
        confidence + travel,
    );
    close(&stakeholders[1]["present_value"]["mean"], respite);
    close(&stakeholders[0]["share"], (confidence + travel) / pv);
}

#[test]
fn json_has_every_field_of_the_contract() {
    let j = run_json(&[
        "run",
        repo("models/social-prescribing-link-worker.toml")
            .to_str()
            .unwrap(),
        "-n",
        "2000",
        "--format",
        "json",
    ]);
    for key in [
        "model",
        "iterations",
        "seed",
        "ci_level",
        "base_case",
        "ratio",
        "present_value",
        "investment",
        "npv",
        "prob_ratio_above_1",
        "outcomes",
        "stakeholders",
    ] {
        assert!(j.get(key).is_some(), "missing {key}");
    }
    for key in [
        "ratio",
        "present_value",
        "investment",
        "npv",
        "payback_months",
    ] {
        assert!(j["base_case"].get(key).is_some(), "missing base_case.{key}");
    }
    for key in ["mean", "sd", "median", "ci_low", "ci_high"] {
        assert!(j["ratio"][key].is_f64(), "missing ratio.{key}");
        assert!(j["outcomes"][0]["present_value"][key].is_f64());
        assert!(j["stakeholders"][0]["present_value"][key].is_f64());
    }
    assert_eq!(j["iterations"], 2000);
    assert_eq!(j["seed"], 42);
    assert_eq!(j["ci_level"], 0.95);
    assert_eq!(j["outcomes"].as_array().unwrap().len(), 12);
    assert!(j["outcomes"][0]["name"].is_string() && j["outcomes"][0]["stakeholder"].is_string());
}

#[test]
fn the_same_seed_gives_identical_output_for_any_thread_count() {
    let ws = Workspace::new();
    let model = repo("models/social-prescribing-link-worker.toml");
    let model = model.to_str().unwrap();
    // 5,001 draws: blocks do not divide it evenly.
    let run = |threads: &str, seed: &str| {
        let out = ws.sroi(&[
            "run",
            model,
            "-n",
            "5001",
            "--seed",
            seed,
            "--threads",
            threads,
            "--format",
            "json",
        ]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout
    };
    let one = run("1", "7");
    assert_eq!(one, run("2", "7"));
    assert_eq!(one, run("3", "7"));
    let other = run("2", "8");
    assert_ne!(one, other, "a different seed must give different draws");
    assert!(other.contains("\"seed\": 8"));
}

#[test]
fn the_seed_and_draws_are_printed_in_every_format() {
    let ws = Workspace::new();
    let model = repo("tests/fixtures/simple.toml");
    for format in ["table", "markdown", "csv", "json"] {
        let args = [
            "run",
            model.to_str().unwrap(),
            "-n",
            "1000",
            "--format",
            format,
        ];
        let out = ws.sroi(&args).stdout;
        let shown = match format {
            "csv" => {
                let first = &common::csv_rows(&out)[0];
                (&first["model"], &first["seed"], &first["iterations"])
                    == ("Simple test scheme", "42", "1000")
            }
            "json" => out.contains("\"seed\": 42") && out.contains("\"iterations\": 1000"),
            _ => out.contains("seed 42") && out.contains("1,000 draws"),
        };
        assert!(shown, "{format}: {out}");
    }
}

#[test]
fn output_goes_to_a_file_in_the_format_its_extension_names() {
    let ws = Workspace::new();
    let model = repo("tests/fixtures/simple.toml");
    let out = ws.sroi(&[
        "run",
        model.to_str().unwrap(),
        "-n",
        "500",
        "-o",
        "result.json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(ws.path().join("result.json")).unwrap();
    let j: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(j["iterations"], 500);
}

#[test]
fn the_model_sets_the_default_number_of_draws_and_the_flag_wins() {
    let ws = Workspace::new();
    let text = std::fs::read_to_string(repo("tests/fixtures/simple.toml")).unwrap();
    ws.write(
        "m.toml",
        text.replace("price_year = 2024", "price_year = 2024\niterations = 1234"),
    );
    let out = ws.sroi(&["run", "m.toml", "--format", "json"]);
    assert!(
        out.stdout.contains("\"iterations\": 1234"),
        "{}",
        out.stdout
    );
    let out = ws.sroi(&["run", "m.toml", "--format", "json", "-n", "99"]);
    assert!(out.stdout.contains("\"iterations\": 99"), "{}", out.stdout);
}

#[test]
fn every_bundled_model_passes_check_and_runs() {
    let ws = Workspace::new();
    let dir = repo("models");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            n += 1;
            let p = path.to_str().unwrap();
            let out = ws.sroi(&["check", p]);
            assert_eq!(out.code, Some(0), "{p}: {}", out.stderr);
            assert!(out.stdout.contains(": ok"));
            let out = ws.sroi(&["run", p, "-n", "2000"]);
            assert_eq!(out.code, Some(0), "{p}: {}", out.stderr);
        }
    }
    assert!(n >= 5, "at least five bundled models, found {n}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("sroi"))
        .args([
            "run",
            repo("tests/fixtures/simple.toml").to_str().unwrap(),
            "-n",
            "200",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_eq!(out.status.code(), Some(0));
}
