//! The evaluator's library through the real binary: proxies from the bundled and a
//! user's library (rebased by the GDP deflator), optimism bias by confidence grade, and
//! the bad inputs of each, with file and line. The assurance rules are in `assurance.rs`.

mod common;

use common::Workspace;

const OLD_LIBRARY: &str = r#"
[[proxy]]
id = "old-visit"
name = "A visit, at 2005 prices"
unit = "per visit"
value = 100
price_year = 2005
currency = "GBP"
category = "health"
source = "A test library"
url = "https://example.org/old"
licence = "OGL-3.0"
"#;

/// `sroi run --format json` of a model, parsed.
fn run_json(ws: &Workspace, model: &str) -> serde_json::Value {
    ws.write("model.toml", model);
    let out = ws.sroi(&["run", "model.toml", "-n", "200", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

const FIXED: &str = r#"
[model]
name = "Fixed"
price_year = 2023

[[inputs]]
name = "Grant"
amount = 10000

[[outcomes]]
name = "Fewer A&E visits"
stakeholder = "NHS"
quantity = 100
value = { proxy = "nhs-ae-attendance" }
start_year = 0
"#;

#[test]
fn a_proxy_is_rebased_by_the_deflator() {
    // £148 at 2016-17 prices (NHS Reference Costs); GDP deflator 2016-17 = 76.0754,
    // 2023-24 = 96.1117 (HM Treasury, March 2026): 148 × 96.1117 / 76.0754 = 186.97939.
    // A hundred attendances in year 0 (not discounted): 18,697.94.
    let ws = Workspace::new();
    let j = run_json(&ws, FIXED);
    let pv = j["base_case"]["present_value"].as_f64().unwrap();
    assert!((pv - 18_697.94).abs() < 0.01, "{pv}");
    // At the proxy's own price year nothing is rebased: 14,800.
    let j = run_json(
        &ws,
        &FIXED.replace("price_year = 2023", "price_year = 2016"),
    );
    assert_eq!(j["base_case"]["present_value"].as_f64().unwrap(), 14_800.0);
    let check = ws.sroi(&["check", "model.toml"]).stdout;
    assert!(
        check.contains("outcomes.\"Fewer A&E visits\".value = nhs-ae-attendance (2016 prices)"),
        "{check}"
    );
    assert!(check.contains("NHS Reference Costs 2016/17"), "{check}");
}

#[test]
fn a_distribution_proxy_keeps_its_shape() {
    // The WELLBY: triangular(10,000, 13,000, 16,000) at 2019 prices, in a 2019 model:
    // the base case uses the mode, 13,000.
    let ws = Workspace::new();
    let model = FIXED
        .replace("price_year = 2023", "price_year = 2019")
        .replace("nhs-ae-attendance", "wellby")
        .replace("quantity = 100", "quantity = 1");
    let j = run_json(&ws, &model);
    assert_eq!(j["base_case"]["present_value"].as_f64().unwrap(), 13_000.0);
    let mean = j["present_value"]["mean"].as_f64().unwrap();
    assert!((mean - 13_000.0).abs() < 300.0, "{mean}");
}

#[test]
fn optimism_bias_raises_costs_and_reduces_benefits() {
    // Grade 2 on the input (+10%) and grade 4 on the outcome (−30%), by the model's table:
    // before, 14,800 / 10,000 = 1.48; after, 14,800 × 0.7 / 11,000 = 0.941818…
    let ws = Workspace::new();
    let model = FIXED
        .replace("price_year = 2023", "price_year = 2016")
        .replace("amount = 10000", "amount = 10000\nconfidence = 2")
        + "confidence = 4\n\n[optimism_bias]\ncorrections = [0, 0.1, 0.2, 0.3, 0.4, 0.5]\nsource = \"test table\"\n";
    let j = run_json(&ws, &model);
    let b = &j["base_case"];
    assert!(
        (b["ratio"].as_f64().unwrap() - 10_360.0 / 11_000.0).abs() < 1e-12,
        "{b}"
    );
    assert!(
        (b["ratio_before_optimism_bias"].as_f64().unwrap() - 1.48).abs() < 1e-12,
        "{b}"
    );
    let table = ws.sroi(&["run", "model.toml", "-n", "200"]).stdout;
    assert!(
        table.contains("Optimism bias: 1.48 per £1 before, 0.94 after"),
        "{table}"
    );
    // Without grades there is no before-and-after.
    let j = run_json(&ws, FIXED);
    assert!(j["base_case"].get("ratio_before_optimism_bias").is_none());
}

/// `sroi check` on a model (and the test library) that must fail: its standard error.
fn fails(model: &str) -> String {
    let ws = Workspace::new();
    ws.write("model.toml", model);
    ws.write("old.toml", OLD_LIBRARY);
    ws.sroi(&["check", "model.toml"]).model_error()
}

#[test]
fn an_unknown_proxy_suggests_the_nearest() {
    let e = fails(&FIXED.replace("nhs-ae-attendance", "nhs-ae-atendance"));
    assert!(e.contains("outcomes[1] \"Fewer A&E visits\", field `value.proxy`: unknown proxy `nhs-ae-atendance`; did you mean `nhs-ae-attendance`?"), "{e}");
    assert!(e.contains("--> model.toml:14:19"), "{e}");
}

#[test]
fn a_library_with_a_missing_field_names_its_file_and_line() {
    let ws = Workspace::new();
    ws.write(
        "old.toml",
        OLD_LIBRARY.replace("licence = \"OGL-3.0\"\n", ""),
    );
    ws.write(
        "model.toml",
        FIXED.replace(
            "price_year = 2023",
            "price_year = 2023\nproxies = [\"old.toml\"]",
        ),
    );
    let e = ws.sroi(&["check", "model.toml"]).model_error();
    assert!(
        e.contains("proxy[1] \"old-visit\": missing required field `licence`"),
        "{e}"
    );
    assert!(e.contains("--> old.toml:2:1"), "{e}");
}

#[test]
fn a_duplicate_id_across_libraries_is_an_error() {
    let ws = Workspace::new();
    ws.write("dup.toml", OLD_LIBRARY.replace("old-visit", "wellby"));
    ws.write(
        "model.toml",
        FIXED.replace(
            "price_year = 2023",
            "price_year = 2023\nproxies = [\"dup.toml\"]",
        ),
    );
    let e = ws.sroi(&["check", "model.toml"]).model_error();
    assert!(e.contains("proxy[1] \"wellby\", field `id`: the proxy `wellby` is already defined at proxies/wellbeing.toml:"), "{e}");
    assert!(e.contains("--> dup.toml:3:6"), "{e}");
}

#[test]
fn a_proxy_price_year_outside_the_series_is_an_error() {
    let ws = Workspace::new();
    ws.write(
        "old.toml",
        OLD_LIBRARY.replace("price_year = 2005", "price_year = 1995"),
    );
    ws.write(
        "model.toml",
        FIXED
            .replace(
                "price_year = 2023",
                "price_year = 2023\nproxies = [\"old.toml\"]",
            )
            .replace("nhs-ae-attendance", "old-visit"),
    );
    let e = ws.sroi(&["check", "model.toml"]).model_error();
    assert!(e.contains("field `value.proxy`: the proxy `old-visit`'s price year 1995 is not in the GDP deflator series (it has 2000–2024), so `old-visit` cannot be rebased"), "{e}");
    assert!(e.contains("--> model.toml:15:19"), "{e}");
    assert!(e.contains("[deflators]"), "{e}");
}

#[test]
fn a_confidence_grade_outside_1_to_6_is_an_error() {
    let e = fails(&(FIXED.to_string() + "confidence = 7\n"));
    assert!(e.contains("outcomes[1] \"Fewer A&E visits\", field `confidence`: a confidence grade is a whole number from 1 (best evidence) to 6; got 7"), "{e}");
    assert!(e.contains("--> model.toml:16:14"), "{e}");
}

#[test]
fn a_grade_without_a_verified_table_says_how_to_give_one() {
    let e = fails(&(FIXED.to_string() + "confidence = 3\n"));
    assert!(e.contains("none is bundled"), "{e}");
    assert!(e.contains("[optimism_bias]"), "{e}");
}

#[test]
fn every_bundled_entry_has_every_field_and_an_allowed_licence() {
    use sroi::model::proxy::library::{BUNDLED_LICENCES, Library};
    let lib = Library::bundled().unwrap();
    assert!(lib.entries.len() >= 40, "{} entries", lib.entries.len());
    for e in &lib.entries {
        let id = &e.id;
        for (field, text) in [
            ("name", &e.name),
            ("unit", &e.unit),
            ("currency", &e.currency),
            ("category", &e.category),
            ("source", &e.source),
            ("url", &e.url),
            ("licence", &e.licence),
        ] {
            assert!(!text.trim().is_empty(), "{id}: empty {field}");
        }
        assert!(
            BUNDLED_LICENCES.contains(&e.licence.as_str()),
            "{id}: licence {} is not one that allows reuse with attribution",
            e.licence
        );
        assert!(e.url.starts_with("https://"), "{id}: {}", e.url);
        assert!(
            (2000..=2026).contains(&e.price_year),
            "{id}: {}",
            e.price_year
        );
        let checked = e
            .checked
            .as_deref()
            .unwrap_or_else(|| panic!("{id}: no `checked`"));
        assert!(
            checked.starts_with("read in ") || checked.starts_with("secondary: "),
            "{id}: `checked` must say whether the figure was read in its source: {checked}"
        );
        let all = format!("{} {} {checked}", e.source, e.name).to_lowercase();
        assert!(!all.contains("hact"), "{id}: HACT values are CC BY-NC-ND");
    }
}

#[test]
fn every_bundled_entry_works_in_a_model() {
    // Each proxy as the value of an outcome, in a model at 2024 prices (or its own price
    // year, for those after 2024-25, the series' last year): it must load and rebase.
    use sroi::model::proxy::library::Library;
    let lib = Library::bundled().unwrap();
    let ws = Workspace::new();
    for e in &lib.entries {
        let year = e.price_year.max(2024);
        let model = FIXED
            .replace("price_year = 2023", &format!("price_year = {year}"))
            .replace("nhs-ae-attendance", &e.id);
        ws.write("model.toml", &model);
        let out = ws.sroi(&["check", "model.toml"]);
        assert_eq!(out.code, Some(0), "{}: {}", e.id, out.stderr);
        assert!(
            out.stdout.contains(&format!("= {} (", e.id)),
            "{}",
            out.stdout
        );
    }
}

#[test]
fn sroi_proxies_lists_searches_and_shows() {
    let ws = Workspace::new();
    let list = ws.sroi(&["proxies"]);
    assert_eq!(list.code, Some(0));
    assert!(list.stdout.contains("nhs-ae-attendance"), "{}", list.stdout);
    for line in list.stdout.lines() {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    let crime = ws.sroi(&["proxies", "crime"]).stdout;
    assert!(crime.contains("crime-robbery"), "{crime}");
    assert!(!crime.contains("nhs-ae-attendance"), "{crime}");
    let show = ws.sroi(&["proxies", "show", "wellby"]).stdout;
    assert!(show.contains("OGL-3.0"), "{show}");
    assert!(show.contains("2019"), "{show}");
    let typo = ws.sroi(&["proxies", "show", "welby"]);
    assert_eq!(typo.code, Some(2));
    assert!(
        typo.stderr.contains("did you mean `wellby`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn a_missing_library_is_reported_where_the_model_names_it() {
    let e = fails(&FIXED.replace(
        "price_year = 2023",
        "price_year = 2023\nproxies = [\"nope.toml\"]",
    ));
    assert!(
        e.contains(
            "[model], field `proxies`: cannot read the proxy library `nope.toml`: no such file"
        ),
        "{e}"
    );
    assert!(e.contains("--> model.toml:5:12"), "{e}");
}

#[test]
fn reports_show_proxy_sources_findings_and_both_ratios() {
    let ws = Workspace::new();
    let model = FIXED
        .replace("price_year = 2023", "price_year = 2016")
        .replace("amount = 10000", "amount = 10000\nconfidence = 2")
        + "\n[optimism_bias]\ncorrections = [0, 0.1, 0.2, 0.3, 0.4, 0.5]\nsource = \"test table\"\n";
    ws.write("model.toml", &model);
    let out = ws.sroi(&["report", "model.toml", "-n", "500", "-o", "r.html"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
    assert!(html.contains("id=\"table-proxies\""), "proxy sources");
    assert!(html.contains("NHS Reference Costs 2016/17"));
    assert!(
        html.contains("id=\"table-assurance\""),
        "assurance findings"
    );
    assert!(html.contains("A005"), "the stakeholder nobody asked");
    assert!(
        html.contains("Optimism bias: 1.48 per £1 before, 1.35 after"),
        "both ratios"
    );
    assert!(
        html.contains("\"ratio_before_optimism_bias\": 1.48"),
        "in the embedded JSON"
    );
}
