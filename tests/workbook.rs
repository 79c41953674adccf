//! The workbook's `Value Map` sheet and `sroi import`: the sheet's formulas, recomputed by
//! an independent Excel formula engine (Python's `formulas` package, run by
//! `tests/tools/recalc.py`), give every bundled model's base-case ratio; a workbook
//! exported, imported and run gives the same base case; bad sheets are refused with the
//! sheet, row and column named.

mod common;

use std::path::PathBuf;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use common::{Workspace, repo, scheme};
use serde_json::Value;

/// Every bundled model and scenario (the portfolio file is not a model), and the
/// features fixture.
fn bundled() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["models", "scenarios"] {
        for entry in std::fs::read_dir(repo(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if path.extension().is_some_and(|e| e == "toml") && !text.contains("[portfolio]") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 11, "bundled models: {files:?}");
    // And a model with every feature the bundled ones lack: optimism-bias grades, a
    // drawn duration, an input on a declining schedule, figures at other years' prices.
    files.push(repo("tests/fixtures/value-map-features.toml"));
    files
}

fn base_ratio(ws: &Workspace, model: &str) -> f64 {
    let out = ws.sroi(&["run", model, "-n", "100", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{model}: {}", out.stderr);
    let j: Value = serde_json::from_str(&out.stdout).unwrap();
    j["base_case"]["ratio"].as_f64().unwrap()
}

fn export(ws: &Workspace, model: &str, name: &str) {
    let out = ws.sroi(&["report", model, "-n", "100", "-o", name, "--force"]);
    assert_eq!(out.code, Some(0), "{model}: {}", out.stderr);
}

/// The SROI ratio the formula engine recomputes, with cells of the sheet set first.
fn recalc(book: &std::path::Path, changes: &[String]) -> f64 {
    let out = Command::new("python3")
        .arg(repo("tests/tools/recalc.py"))
        .arg(book)
        .arg("Value Map")
        .args(changes)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the formula engine failed (`pip install 'formulas[excel]'` installs it; .ci/run does): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn relative(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

#[test]
fn the_value_map_recomputed_by_a_formula_engine_gives_every_base_case() {
    let ws = Workspace::new();
    for model in bundled() {
        let model = model.to_str().unwrap();
        export(&ws, model, "v.xlsx");
        let expected = base_ratio(&ws, model);
        let got = recalc(&ws.path().join("v.xlsx"), &[]);
        assert!(
            relative(got, expected) < 1e-9,
            "{model}: the sheet recomputes to {got}, base_case.ratio is {expected}"
        );
    }
}

/// The sheet's row and column (0-based) of the first outcome's deadweight.
fn first_deadweight(book: &std::path::Path) -> (u32, u32) {
    let mut book: Xlsx<_> = calamine::open_workbook(book).unwrap();
    let s = book.worksheet_range("Value Map").unwrap();
    for r in 0..s.height() as u32 {
        if s.get_value((r, 1)) == Some(&Data::String("Outcome (what changes)".into())) {
            let c = (0..s.width() as u32)
                .find(|&c| s.get_value((r, c)) == Some(&Data::String("Deadweight".into())))
                .unwrap();
            return (r + 1, c);
        }
    }
    panic!("no outcomes table")
}

#[test]
fn an_edited_deadweight_moves_the_sheets_ratio_as_it_moves_the_models() {
    let ws = Workspace::new();
    let model = repo("scenarios/hwf-2017-guidance.toml");
    export(&ws, model.to_str().unwrap(), "v.xlsx");
    let book = ws.path().join("v.xlsx");
    let (r, c) = first_deadweight(&book);
    let cell = format!("{}{}", (b'A' + c as u8) as char, r + 1);
    let edited = recalc(&book, &[format!("{cell}=0.6")]);
    // The same change made to the imported model, and run by sroi.
    let out = ws.sroi(&["import", "v.xlsx", "-o", "m.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = std::fs::read_to_string(ws.path().join("m.toml")).unwrap();
    let text = text.replacen("deadweight = 0.35", "deadweight = 0.6", 1);
    ws.write("m.toml", text);
    let expected = base_ratio(&ws, "m.toml");
    assert!(relative(edited, expected) < 1e-9, "{edited} vs {expected}");
    let before = base_ratio(&ws, model.to_str().unwrap());
    assert!(
        edited < before - 0.01,
        "the ratio moved: {before} → {edited}"
    );
}

#[test]
fn export_import_run_gives_the_same_base_case_for_every_bundled_model() {
    let ws = Workspace::new();
    for model in bundled() {
        let model = model.to_str().unwrap();
        export(&ws, model, "v.xlsx");
        let out = ws.sroi(&["import", "v.xlsx", "-o", "m.toml", "--force"]);
        assert_eq!(out.code, Some(0), "{model}: {}", out.stderr);
        let expected = base_ratio(&ws, model);
        let got = base_ratio(&ws, "m.toml");
        assert!(
            relative(got, expected) < 1e-9,
            "{model}: imported {got}, original {expected}"
        );
        let check = ws.sroi(&["check", "m.toml"]);
        assert_eq!(check.code, Some(0), "{model}: {}", check.stderr);
    }
}

/// A Value Map by hand: one input of 1000 in year 0; one outcome of 10 people at 100 a
/// year, deadweight 20%, attribution 25%, drop-off 50%, two years from year 1, at 10%.
const HAND: &str = "\
Model,Hand-checked scheme
Currency,GBP
Discount rate,10%

Inputs
Stakeholder,Input,Year,Amount
Funder,Grant,0,\"£1,000\"

Outcomes
Stakeholder,Outcome,Quantity,Duration,Start year,Value,Deadweight,Displacement,Attribution,Drop-off
Participants,Better wellbeing,10,2,1,100,20%,0%,25%,50%
";

#[test]
fn a_csv_value_map_imports_to_the_ratio_worked_by_hand() {
    let ws = Workspace::new();
    ws.write("map.csv", HAND);
    let out = ws.sroi(&["import", "map.csv", "-o", "m.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Impact 10 × 100 × 0.8 × 0.75 = 600 in year 1, 300 in year 2:
    // PV = 600 / 1.1 + 300 / 1.21 = 793.388429752066; investment 1000.
    let got = base_ratio(&ws, "m.toml");
    let expected = (600.0 / 1.1 + 300.0 / 1.21) / 1000.0;
    assert!(relative(got, expected) < 1e-12, "{got} vs {expected}");
    // Never over an existing file without --force; with it, replaced.
    let again = ws.sroi(&["import", "map.csv", "-o", "m.toml"]);
    assert_eq!(again.code, Some(2), "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let forced = ws.sroi(&["import", "map.csv", "-o", "m.toml", "--force"]);
    assert_eq!(forced.code, Some(0), "{}", forced.stderr);
}

fn refused(csv: &str) -> String {
    let ws = Workspace::new();
    ws.write("map.csv", csv);
    let out = ws.sroi(&["import", "map.csv", "-o", "m.toml"]);
    assert!(!ws.path().join("m.toml").exists(), "nothing written");
    out.model_error()
}

#[test]
fn a_missing_column_is_named_with_its_sheet_and_row() {
    let err = refused(
        &HAND
            .replace(",Deadweight", ",Dead")
            .replace(",20%,", ",0.2,"),
    );
    assert_eq!(
        err.trim(),
        "error: cannot read `map.csv`: sheet `map.csv`, row 10: the table has no `Deadweight` column"
    );
}

#[test]
fn a_percentage_above_100_is_named_with_its_sheet_row_and_column() {
    let err = refused(&HAND.replace(",20%,", ",120%,"));
    assert_eq!(
        err.trim(),
        "error: cannot read `map.csv`: sheet `map.csv`, row 11, column G (Deadweight): 120% is outside 0% to 100%; a deadweight is a share of the outcome"
    );
}

#[test]
fn text_where_a_number_belongs_is_named_with_its_sheet_row_and_column() {
    let err = refused(&HAND.replace(",10,2,1,", ",lots,2,1,"));
    assert_eq!(
        err.trim(),
        "error: cannot read `map.csv`: sheet `map.csv`, row 11, column C (Quantity): expected a number, found `lots`"
    );
    let err = refused(&HAND.replace("Funder,Grant,0,\"£1,000\"", "Funder,Grant,0,a thousand"));
    assert_eq!(
        err.trim(),
        "error: cannot read `map.csv`: sheet `map.csv`, row 7, column D (Amount): expected a number, found `a thousand`"
    );
}

#[test]
fn a_workbook_without_a_value_map_sheet_is_refused() {
    let ws = Workspace::new();
    // A real workbook, whose only sheet is not a Value Map.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("Figures")
        .unwrap()
        .write_string(0, 0, "Model")
        .unwrap();
    book.save(ws.path().join("other.xlsx")).unwrap();
    let err = ws.sroi(&["import", "other.xlsx"]).model_error();
    assert_eq!(
        err.trim(),
        "error: cannot read `other.xlsx`: no sheet named `Value Map`; its sheets are `Figures`"
    );
    // A file that is not a workbook at all.
    ws.write("not.xlsx", "not a workbook");
    let err = ws.sroi(&["import", "not.xlsx"]).model_error();
    assert!(err.starts_with("error: cannot read `not.xlsx`:"), "{err}");
    // A run's workbook has its Value Map too.
    let model = repo("tests/fixtures/simple.toml");
    let out = ws.sroi(&["run", model.to_str().unwrap(), "-n", "100", "-o", "r.xlsx"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let ok = ws.sroi(&["import", "r.xlsx"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(ok.stdout.contains("[[outcomes]]"), "{}", ok.stdout);
}

#[test]
fn the_summary_names_the_model_draws_seed_and_chance_and_heads_an_excel_table() {
    let ws = Workspace::new();
    let model = repo("models/dance-for-dementia.toml");
    let model = model.to_str().unwrap();
    let out = ws.sroi(&["report", model, "-n", "300", "--seed", "7", "-o", "r.xlsx"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let j: Value = serde_json::from_str(
        &ws.sroi(&["run", model, "-n", "300", "--seed", "7", "--format", "json"])
            .stdout,
    )
    .unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("r.xlsx")).unwrap();
    let s = book.worksheet_range("Summary").unwrap();
    let row_of = |label: &str| {
        (0..s.height() as u32)
            .find(|&r| s.get_value((r, 0)) == Some(&Data::String(label.into())))
            .unwrap_or_else(|| panic!("no `{label}` row"))
    };
    let at = |label: &str| s.get_value((row_of(label), 1)).cloned().unwrap();
    assert_eq!(
        at("Model"),
        Data::String(j["model"].as_str().unwrap().into())
    );
    assert_eq!(at("Draws"), Data::Float(300.0));
    assert_eq!(at("Seed"), Data::Float(7.0));
    assert_eq!(
        at("Chance the ratio is above 1"),
        Data::Float(j["prob_ratio_above_1"].as_f64().unwrap())
    );
    book.load_tables().unwrap();
    let tables: Vec<String> = book
        .table_names_in_sheet("Summary")
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(tables.len(), 1, "{tables:?}");
    let t = book.table_by_name(&tables[0]).unwrap();
    assert_eq!(
        t.columns()[..2],
        ["Figure".to_string(), "Base case".to_string()]
    );
}

#[test]
fn a_rebased_comparison_puts_its_impact_map_on_one_basis_and_dates_its_assumptions() {
    let ws = Workspace::new();
    ws.write("new.toml", scheme(2024, 1.0));
    ws.write("old.toml", scheme(2015, 0.745804));
    let out = ws.sroi(&[
        "report", "new.toml", "old.toml", "-n", "200", "-o", "c.xlsx",
    ]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("c.xlsx")).unwrap();
    // The impact map's value per unit is at 2024-25 prices for both: the uniform's mean,
    // 300, written as 300 × 0.745804 = 223.74 at 2015-16 prices and rebased by 100 / 74.5804.
    let s = book.worksheet_range("Impact map").unwrap();
    assert_eq!(s.get_value((0, 6)), Some(&Data::String("Value".into())));
    for row in [1, 2] {
        let v = match s.get_value((row, 6)) {
            Some(Data::Float(v)) => *v,
            other => panic!("row {row}: {other:?}"),
        };
        assert!((v - 300.0).abs() < 1e-9, "row {row}: {v}");
    }
    // The assumptions stay as written, each option's at its own year's prices.
    let a = book.worksheet_range("Assumptions").unwrap();
    let last = a.width() as u32 - 1;
    assert_eq!(
        a.get_value((0, last)),
        Some(&Data::String("Money at prices of".into()))
    );
    let mut years = std::collections::BTreeSet::new();
    for row in 1..a.height() as u32 {
        let option = a.get_value((row, 0)).unwrap().to_string();
        let year = a.get_value((row, last)).unwrap().to_string();
        let want = if option == "Scheme at 2015" {
            "2015"
        } else {
            "2024"
        };
        assert_eq!(year, want, "row {row} of {option}");
        years.insert(year);
    }
    assert_eq!(years.len(), 2);
    // A single model, not rebased, has no such column.
    let out = ws.sroi(&["report", "old.toml", "-n", "200", "-o", "one.xlsx"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("one.xlsx")).unwrap();
    let a = book.worksheet_range("Assumptions").unwrap();
    assert_eq!(
        a.get_value((0, a.width() as u32 - 1)),
        Some(&Data::String("Source".into()))
    );
}
