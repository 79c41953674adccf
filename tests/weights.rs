//! Distributional weights end to end: figures by hand, every format, and bad entries.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::{Workspace, repo};
use serde_json::Value;

fn close(v: &Value, expected: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (x - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{x} != {expected}"
    );
}

/// The hand-checked model (see tests/run.rs) with Participants weighted 2 and Carers in the
/// richest fifth.
fn weighted_model() -> String {
    let base = std::fs::read_to_string(repo("tests/fixtures/hand-checked.toml")).unwrap();
    format!(
        "{base}\n[[stakeholders]]\nname = \"Participants\"\nweight = 2\n\n[[stakeholders]]\nname = \"Carers\"\nincome_quintile = 5\n"
    )
}

#[test]
fn weighted_figures_match_the_hand_calculation() {
    // Unweighted stakeholder values, by hand (tests/run.rs):
    let participants = 360.0 / 1.1 + 180.0 / 1.21 + 90.0 / 1.331 - 50.0 / 1.1;
    let carers = 2000.0 + 1500.0 / 1.1;
    let investment = 1000.0 + 1000.0 / 1.1 + 550.0 / 1.1;
    // Quintile 5: (26300 / 53400)^1.3 = 0.398234 (ln 0.492509 = -0.708242; × 1.3 = -0.920714; e^).
    let w5 = (26_300.0_f64 / 53_400.0).powf(1.3);
    assert!((w5 - 0.398234).abs() < 5e-6);
    let weighted_pv = 2.0 * participants + w5 * carers;

    let ws = Workspace::new();
    let file = ws.write("weighted.toml", weighted_model());
    let out = ws.sroi(&[
        "run",
        file.to_str().unwrap(),
        "-n",
        "500",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    // Unweighted figures are unchanged.
    close(&j["base_case"]["present_value"], participants + carers);
    let w = &j["weighted"];
    close(&w["base_case"]["present_value"], weighted_pv);
    close(&w["base_case"]["ratio"], weighted_pv / investment);
    close(&w["base_case"]["npv"], weighted_pv - investment);
    for key in ["mean", "median", "ci_low", "ci_high"] {
        close(&w["present_value"][key], weighted_pv);
        close(&w["ratio"][key], weighted_pv / investment);
        close(&w["npv"][key], weighted_pv - investment);
    }
    let s = j["stakeholders"].as_array().unwrap();
    close(&s[0]["weight"], 2.0);
    close(&s[1]["weight"], w5);
}

#[test]
fn a_model_without_weights_reports_none() {
    let ws = Workspace::new();
    let out = ws.sroi(&[
        "run",
        repo("tests/fixtures/hand-checked.toml").to_str().unwrap(),
        "-n",
        "100",
        "--format",
        "json",
    ]);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(j.get("weighted").is_none());
    assert!(j["stakeholders"][0].get("weight").is_none());
}

#[test]
fn every_format_shows_the_weighted_figures() {
    let ws = Workspace::new();
    let file = ws.write("weighted.toml", weighted_model());
    let f = file.to_str().unwrap();
    let table = ws.sroi(&["run", f, "-n", "100"]).stdout;
    assert!(table.contains("Weighted SROI ratio"), "{table}");
    assert!(table.contains("Weighted NPV"), "{table}");
    assert!(table.contains("Weight"), "{table}");
    let md = ws
        .sroi(&["run", f, "-n", "100", "--format", "markdown"])
        .stdout;
    assert!(md.contains("| Weighted present value |"), "{md}");
    let csv = ws.sroi(&["run", f, "-n", "100", "--format", "csv"]).stdout;
    assert!(csv.contains(",weighted,npv,"), "{csv}");
    assert!(csv.contains(",stakeholder_weight,Participants,"), "{csv}");
    // The page and the workbook too: the workbook's summary has the weighted rows with
    // the JSON's figures.
    let html = ws.sroi(&["run", f, "-n", "100", "--format", "html"]).stdout;
    assert!(
        html.contains("Weighted SROI ratio"),
        "weighted rows on the page"
    );
    let out = ws.sroi(&["run", f, "-n", "100", "-o", "w.xlsx"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value =
        serde_json::from_str(&ws.sroi(&["run", f, "-n", "100", "--format", "json"]).stdout)
            .unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("w.xlsx")).unwrap();
    let sheet = book.worksheet_range("Summary").unwrap();
    let row = (0..sheet.height() as u32)
        .find(|&r| {
            sheet.get_value((r, 0)).map(|c| c.to_string()) == Some("Weighted SROI ratio".into())
        })
        .expect("a weighted ratio row");
    let at = |c: u32| match sheet.get_value((row, c)) {
        Some(Data::Float(x)) => Value::from(*x),
        other => panic!("not a number: {other:?}"),
    };
    let w = &j["weighted"];
    close(&at(1), w["base_case"]["ratio"].as_f64().unwrap());
    close(&at(2), w["ratio"]["mean"].as_f64().unwrap());
    close(&at(6), w["expected_ratio"].as_f64().unwrap());
}

fn refused(extra: &str) -> String {
    let base = std::fs::read_to_string(repo("tests/fixtures/hand-checked.toml")).unwrap();
    let ws = Workspace::new();
    let file = ws.write("model.toml", format!("{base}\n{extra}"));
    ws.sroi(&["check", file.to_str().unwrap()]).model_error()
}

#[test]
fn bad_entries_are_refused_with_the_item_field_and_line() {
    let e = refused("[[stakeholders]]\nname = \"Participants\"\nweight = -1\n");
    assert!(
        e.contains("error: stakeholders[1] \"Participants\", field `weight`: a distributional weight must be 0 or more; got -1"),
        "{e}"
    );
    assert!(e.contains("model.toml:"), "{e}");

    let e = refused("[[stakeholders]]\nname = \"Carers\"\nincome_quintile = 6\n");
    assert!(
        e.contains("field `income_quintile`: an income quintile is 1 (the lowest fifth of incomes) to 5 (the highest); got 6"),
        "{e}"
    );

    let e = refused("[[stakeholders]]\nname = \"Carer\"\nweight = 1.5\n");
    assert!(
        e.contains("no outcome has the stakeholder \"Carer\"; did you mean `Carers`?"),
        "{e}"
    );
    assert!(
        e.contains("the outcomes' stakeholders are: \"Participants\", \"Carers\""),
        "{e}"
    );

    let e = refused("[[stakeholders]]\nname = \"Carers\"\nwieght = 1.5\n");
    assert!(
        e.contains("unknown field `wieght`; did you mean `weight`?"),
        "{e}"
    );

    let e = refused("[[stakeholders]]\nname = \"Carers\"\nweight = 1\nincome_quintile = 1\n");
    assert!(
        e.contains("give `weight` or `income_quintile`, not both"),
        "{e}"
    );

    let e = refused("[[stakeholders]]\nname = \"Carers\"\nincome_quintile = 2\n");
    assert!(e.contains("give `weight` instead"), "{e}");
}

#[test]
fn compare_shows_the_weighted_npv_of_each_option() {
    let ws = Workspace::new();
    let file = ws.write("weighted.toml", weighted_model());
    let plain = repo("tests/fixtures/hand-checked.toml");
    let args = |format: &str| {
        vec![
            "compare".to_string(),
            plain.to_str().unwrap().to_string(),
            file.to_str().unwrap().to_string(),
            "-n".into(),
            "200".into(),
            "--format".into(),
            format.into(),
        ]
    };
    let run = |format: &str| {
        let a = args(format);
        ws.sroi(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let table = run("table").stdout;
    assert!(table.contains("Weighted NPV (mean)"), "{table}");
    let j: Value = serde_json::from_str(&run("json").stdout).unwrap();
    assert!(j["scenarios"][0].get("weighted").is_none());
    assert!(j["scenarios"][1]["weighted"]["npv"]["mean"].is_f64());
}

/// Weights from an income, by hand. With the bundled reference (the ONS median of
/// FYE 2020, £30,500) and elasticity 1.3, Participants on £15,250 weigh
/// (30500 / 15250)^1.3 = 2^1.3 = e^(1.3 × 0.693147) = e^0.901091 = 2.462289. With
/// `[distributional] reference_income = 20000, elasticity = 1`, Carers on £40,000 weigh
/// (20000 / 40000)^1 = 0.5 and Participants on £15,250 weigh 20000 / 15250 = 1.311475….
#[test]
fn weights_from_an_income_by_hand() {
    let base = std::fs::read_to_string(repo("tests/fixtures/hand-checked.toml")).unwrap();
    let weights = |model: &str| -> Vec<f64> {
        let ws = Workspace::new();
        let file = ws.write("model.toml", model);
        let out = ws.sroi(&[
            "run",
            file.to_str().unwrap(),
            "-n",
            "50",
            "--format",
            "json",
        ]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let j: Value = serde_json::from_str(&out.stdout).unwrap();
        j["stakeholders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["weight"].as_f64().unwrap())
            .collect()
    };
    let w = weights(&format!(
        "{base}\n[[stakeholders]]\nname = \"Participants\"\nincome = 15250\n"
    ));
    assert!((w[0] - 2.462289).abs() < 5e-6, "{w:?}");
    assert_eq!(w[1], 1.0);
    let w = weights(&format!(
        "{base}\n[distributional]\nreference_income = 20000\nelasticity = 1\n\n[[stakeholders]]\nname = \"Participants\"\nincome = 15250\n\n[[stakeholders]]\nname = \"Carers\"\nincome = 40000\n"
    ));
    assert!((w[0] - 20000.0 / 15250.0).abs() < 1e-12, "{w:?}");
    assert!((w[1] - 0.5).abs() < 1e-12, "{w:?}");
}

#[test]
fn an_income_with_a_quintile_or_below_zero_is_refused() {
    let base = std::fs::read_to_string(repo("tests/fixtures/hand-checked.toml")).unwrap();
    let err = |extra: &str| {
        let ws = Workspace::new();
        ws.write("model.toml", format!("{base}\n{extra}"));
        ws.sroi(&["check", "model.toml"]).model_error()
    };
    let e = err("[[stakeholders]]\nname = \"Carers\"\nincome_quintile = 1\nincome = 9000\n");
    assert!(
        e.starts_with("error: stakeholders[1] \"Carers\", field `income`: give one of `weight`, `income_quintile` and `income`, not income_quintile and income"),
        "{e}"
    );
    let e = err("[[stakeholders]]\nname = \"Carers\"\nincome = -5\n");
    assert!(
        e.starts_with(
            "error: stakeholders[1] \"Carers\", field `income`: an income must be above 0; got -5"
        ),
        "{e}"
    );
    let e = err("[distributional]\nreference_income = 0\n");
    assert!(
        e.starts_with("error: [distributional], field `reference_income`: the reference income must be above 0; got 0"),
        "{e}"
    );
}
