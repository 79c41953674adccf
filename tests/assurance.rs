//! `sroi check --assurance` through the real binary: for every rule a model that trips it
//! and a near-identical one that does not (several where only leaving a field out trips
//! it), the levels and exit codes (an evaluation's included), accepting a finding with and
//! without a reason, and the JSON shape.

mod common;

use common::{Output, Workspace};

/// A model that breaks no assurance rule: two outcomes for two engaged stakeholders, each
/// with an indicator and measured evidence, deadweight, attribution and drop-off where
/// they apply, one valuation method each, no library figure.
///
/// In the base case "Wellbeing" is worth 100 × 1000 × 0.7 × 0.8 = 56,000 in year 1 and
/// 28,000 in year 2, discounted at 3.5%: 54,106 + 26,139 = 80,245; "Fewer GP visits" is
/// 200 × 40 / 1.035 = 7,729: 8.8% of 87,974 (at least 5%, so it needs evidence and an
/// indicator; with `quantity = 20` it is 0.96%, and needs neither).
const CLEAN: &str = r#"
[model]
name = "Clean"
price_year = 2019

[[stakeholders]]
name = "Participants"
engagement = { method = "focus groups", people = 24, when = "2024" }

[[stakeholders]]
name = "NHS: general practice"
engagement = { method = "interviews", people = 3, when = "2024" }

[[inputs]]
name = "Grant"
amount = 50000

[[outcomes]]
name = "Wellbeing"
stakeholder = "Participants"
quantity = 100
value = 1000
valuation = "wellbeing"
deadweight = 0.3
attribution = 0.2
drop_off = 0.5
duration = 2
indicator = "life satisfaction (ONS4), before and after"
evidence = { source = "participant survey", measured = true, sample_size = 80, follow_up_years = 2 }

[[outcomes]]
name = "Fewer GP visits"
stakeholder = "NHS: general practice"
quantity = 200
value = 40
valuation = "cost"
indicator = "GP appointments in practice records"
evidence = { source = "practice records", measured = true, sample_size = 80 }
"#;

/// The second outcome's evidence, as written in [`CLEAN`].
const GP_EVIDENCE: &str =
    "evidence = { source = \"practice records\", measured = true, sample_size = 80 }\n";

/// The second stakeholder's entry, as written in [`CLEAN`].
const NHS_ENTRY: &str = "[[stakeholders]]\nname = \"NHS: general practice\"\nengagement = { method = \"interviews\", people = 3, when = \"2024\" }\n";

/// [`CLEAN`] with both outcomes for the participants, both valued as wellbeing.
fn twice() -> String {
    with(
        "stakeholder = \"NHS: general practice\"\nquantity = 200\nvalue = 40\nvaluation = \"cost\"",
        "stakeholder = \"Participants\"\nquantity = 200\nvalue = 40\nvaluation = \"wellbeing\"\ndeadweight = 0.1\nattribution = 0.1",
    )
    .replace(NHS_ENTRY, "")
}

/// Text with its line breaks and runs of spaces made single spaces (undoing the wrap).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`CLEAN`] with the first `from` replaced by `to`.
fn with(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "{from}");
    CLEAN.replacen(from, to, 1)
}

/// `sroi check --assurance ARGS model.toml` of a model, with the library files tests use.
fn check(model: &str, args: &[&str]) -> Output {
    let ws = Workspace::new();
    ws.write("model.toml", model);
    ws.write("lib.toml", LIBRARY);
    let mut all = vec!["check", "--assurance"];
    all.extend_from_slice(args);
    all.push("model.toml");
    ws.sroi(&all)
}

/// The rule codes `check --assurance` lists for a model, accepted ones included; the
/// model must pass (exit 0).
fn codes(model: &str) -> Vec<String> {
    let out = check(model, &[]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    listed(&out.stdout)
}

fn listed(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.trim_start().split(' ').next())
        .filter(|w| w.len() == 4 && w.starts_with('A') && w[1..].parse::<u32>().is_ok())
        .map(str::to_string)
        .collect()
}

/// `check --assurance --format json`, parsed: `{ "file", "kind", "findings" }` with the
/// summary's fields beside them.
fn json(model: &str) -> (Option<i32>, serde_json::Value) {
    let out = check(model, &["--format", "json"]);
    let v = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    (out.code, v)
}

/// A library of two wellbeing figures at the model's prices, one read only in a secondary
/// source and one in its publisher's own table, and an old cost.
const LIBRARY: &str = r#"
[[proxy]]
id = "second-hand"
name = "A wellbeing value quoted in a newspaper"
unit = "per person per year"
value = 1000
price_year = 2019
currency = "GBP"
category = "wellbeing"
source = "A test library"
url = "https://example.org/second"
licence = "OGL-3.0"
checked = "secondary: a newspaper quoting the report; the report not read"

[[proxy]]
id = "first-hand"
name = "A wellbeing value read in its source"
unit = "per person per year"
value = 1000
price_year = 2019
currency = "GBP"
category = "wellbeing"
source = "A test library"
url = "https://example.org/first"
licence = "OGL-3.0"
checked = "read in the report's table 3"

[[proxy]]
id = "visit-2013"
name = "A visit, at 2013 prices"
unit = "per visit"
value = 40
price_year = 2013
currency = "GBP"
category = "health"
source = "A test library"
url = "https://example.org/old"
licence = "OGL-3.0"
"#;

#[test]
fn a_clean_model_has_no_findings_and_is_a_forecast() {
    let out = check(CLEAN, &["--deny-warnings"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("Assurance: no findings (13 rules, A001-A013)")
    );
    assert!(
        out.stdout.contains("Forecast SROI: Clean"),
        "{}",
        out.stdout
    );
}

#[test]
fn a001_duration_beyond_the_evidence() {
    assert_eq!(codes(&with("duration = 2", "duration = 3")), ["A001"]);
    assert!(codes(&with("follow_up_years = 2", "follow_up_years = 3")).is_empty());
}

#[test]
fn a002_a003_wellbeing_without_deadweight_or_attribution() {
    assert_eq!(codes(&with("deadweight = 0.3\n", "")), ["A002"]);
    assert_eq!(codes(&with("deadweight = 0.3", "deadweight = 0")), ["A002"]);
    assert_eq!(codes(&with("attribution = 0.2\n", "")), ["A003"]);
    let cost = with("valuation = \"wellbeing\"", "valuation = \"cost\"")
        .replace("deadweight = 0.3\n", "")
        .replace("attribution = 0.2\n", "");
    assert!(codes(&cost).is_empty());
}

/// [`CLEAN`] with a third outcome worth 2000 × 40 / 1.035 = 77,295: "Wellbeing" then
/// holds 80,245 / 165,269 = 48.6%, the nurse visits 46.8%, each under half.
fn three(wellbeing_measured: &str, nurses_evidence: &str) -> String {
    format!(
        "{}\n[[outcomes]]\nname = \"Fewer nurse visits\"\nstakeholder = \"NHS: general practice\"\nquantity = 2000\nvalue = 40\nvaluation = \"cost\"\nindicator = \"nurse appointments in practice records\"\nevidence = {{ source = \"nurse records\"{nurses_evidence}, sample_size = 80 }}\n",
        with(
            "measured = true, sample_size = 80, follow_up",
            &format!("measured = {wellbeing_measured}, sample_size = 80, follow_up")
        )
    )
}

#[test]
fn a004_unmeasured_outcomes_judged_together() {
    // One outcome alone holding most of the value, unmeasured.
    assert_eq!(
        codes(&with("measured = true", "measured = false")),
        ["A004"]
    );
    // Two outcomes of 48.6% and 46.8%, each under half, hold 95% between them.
    let both = three("false", ", measured = false");
    assert_eq!(codes(&both), ["A004"]);
    let out = check(&both, &[]);
    assert!(
        flat(&out.stdout).contains("hold 95% of the base-case value between them"),
        "{}",
        out.stdout
    );
    // Only the 48.6% unmeasured: under half, no finding.
    assert!(codes(&three("false", ", measured = true")).is_empty());
    // Leaving `measured` out of the nurse visits' evidence is not measuring them.
    assert_eq!(codes(&three("false", "")), ["A004"]);
}

#[test]
fn a005_a_stakeholder_not_engaged() {
    assert_eq!(
        codes(&with(
            "engagement = { method = \"focus groups\", people = 24, when = \"2024\" }\n",
            ""
        )),
        ["A005"]
    );
    assert_eq!(
        codes(&with(
            "engagement = { method = \"focus groups\", people = 24, when = \"2024\" }",
            "engagement = { when = \"2024\" }"
        )),
        ["A005"]
    );
}

#[test]
fn a006_two_valuation_methods_for_one_stakeholder() {
    let mixed = with(
        "stakeholder = \"NHS: general practice\"\nquantity = 200",
        "stakeholder = \"Participants\"\nquantity = 200",
    )
    .replace(NHS_ENTRY, "");
    assert_eq!(codes(&mixed), ["A006"]);
    // The same outcome for another stakeholder is not mixed.
    assert!(codes(CLEAN).is_empty());
}

#[test]
fn a007_a_figure_rebased_across_more_than_five_years() {
    let far = with(
        "price_year = 2019",
        "price_year = 2019\nproxies = [\"lib.toml\"]",
    )
    .replace("value = 40", "value = { proxy = \"visit-2013\" }");
    assert_eq!(codes(&far), ["A007"], "six years");
    let five = far.replace("price_year = 2019", "price_year = 2018");
    assert!(codes(&five).is_empty(), "five years");
    // A figure written at its own prices is judged the same way.
    let own = with(
        "value = 40",
        "value = { dist = \"fixed\", value = 40, price_year = 2013 }",
    );
    assert_eq!(codes(&own), ["A007"]);
    let own = with(
        "value = 40",
        "value = { dist = \"fixed\", value = 40, price_year = 2014 }",
    );
    assert!(codes(&own).is_empty());
}

#[test]
fn a008_no_drop_off_on_a_multi_year_outcome() {
    assert_eq!(codes(&with("drop_off = 0.5\n", "")), ["A008"]);
    assert_eq!(codes(&with("drop_off = 0.5", "drop_off = 0")), ["A008"]);
    assert!(
        codes(
            &with("drop_off = 0.5\n", "")
                .replace("duration = 2", "duration = 1")
                .replace(", follow_up_years = 2", "")
        )
        .is_empty()
    );
}

#[test]
fn a009_material_outcome_with_no_evidence() {
    // Leaving the evidence out of an outcome holding 8.8% of the value.
    assert_eq!(codes(&with(GP_EVIDENCE, "")), ["A009"]);
    // An empty evidence table records nothing.
    assert_eq!(codes(&with(GP_EVIDENCE, "evidence = {}\n")), ["A009"]);
    // At 0.96% it is not material.
    assert!(codes(&with(GP_EVIDENCE, "").replace("quantity = 200", "quantity = 20")).is_empty());
}

#[test]
fn a009_an_evaluation_is_held_to_measured_evidence() {
    let evaluation = with(
        "name = \"Clean\"",
        "name = \"Clean\"\nkind = \"evaluation\"",
    );
    let out = check(&evaluation, &["--deny-warnings"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("Evaluative SROI: Clean"),
        "{}",
        out.stdout
    );

    // Even an outcome too small to be material must be measured in an evaluation, and
    // not measuring it fails without --deny-warnings.
    let small = evaluation.replace("quantity = 200", "quantity = 20");
    for unmeasured in [
        small.replace(
            "measured = true, sample_size = 80 }",
            "measured = false, sample_size = 80 }",
        ),
        small.replace("measured = true, sample_size = 80 }", "sample_size = 80 }"),
        small.replace(GP_EVIDENCE, ""),
    ] {
        let out = check(&unmeasured, &[]);
        assert_eq!(out.code, Some(1), "{}{}", out.stdout, out.stderr);
        assert_eq!(listed(&out.stdout), ["A009"]);
        assert!(
            out.stdout
                .contains("A009 error outcomes[2] \"Fewer GP visits\""),
            "{}",
            out.stdout
        );
        assert!(
            out.stderr
                .contains("1 assurance finding in model.toml at level error"),
            "{}",
            out.stderr
        );
        // The same model as a forecast passes.
        let forecast = unmeasured.replace("kind = \"evaluation\"", "kind = \"forecast\"");
        assert!(codes(&forecast).is_empty());
    }
}

#[test]
fn a010_a_multi_year_outcome_with_no_follow_up() {
    assert_eq!(codes(&with(", follow_up_years = 2", "")), ["A010"]);
    let one_year = with(", follow_up_years = 2", "")
        .replace("duration = 2", "duration = 1")
        .replace("drop_off = 0.5\n", "");
    assert!(codes(&one_year).is_empty());
}

#[test]
fn a011_material_outcome_with_no_indicator() {
    let no_indicator = with("indicator = \"GP appointments in practice records\"\n", "");
    assert_eq!(codes(&no_indicator), ["A011"]);
    assert_eq!(
        codes(&with(
            "indicator = \"GP appointments in practice records\"",
            "indicator = \" \""
        )),
        ["A011"]
    );
    assert!(codes(&no_indicator.replace("quantity = 200", "quantity = 20")).is_empty());
}

#[test]
fn a012_one_stakeholders_wellbeing_valued_twice() {
    let twice = twice();
    assert_eq!(codes(&twice), ["A012"]);
    // The same two outcomes for two stakeholders.
    let apart = with(
        "valuation = \"cost\"",
        "valuation = \"wellbeing\"\ndeadweight = 0.1\nattribution = 0.1",
    );
    assert!(codes(&apart).is_empty());
}

#[test]
fn a013_most_of_the_value_on_secondary_sources() {
    let lib = with(
        "price_year = 2019",
        "price_year = 2019\nproxies = [\"lib.toml\"]",
    );
    let second = lib.replace("value = 1000", "value = { proxy = \"second-hand\" }");
    assert_eq!(codes(&second), ["A013"]);
    let out = check(&second, &[]);
    assert!(
        flat(&out.stdout).contains("hold 91% of the base-case value"),
        "{}",
        out.stdout
    );
    let first = lib.replace("value = 1000", "value = { proxy = \"first-hand\" }");
    assert!(codes(&first).is_empty());
    // Through a parameter, too.
    let through = lib.replace("value = 1000", "value = \"wb\"")
        + "\n[parameters]\nwb = { proxy = \"second-hand\" }\n";
    assert_eq!(codes(&through), ["A013"]);
    // The minority outcome on a secondary figure does not carry most of the value.
    let minor = lib.replace("value = 40\n", "value = \"wb / 25\"\n")
        + "\n[parameters]\nwb = { proxy = \"second-hand\" }\n";
    assert!(codes(&minor).is_empty(), "8.8% on the secondary figure");
}

#[test]
fn accepting_a_finding_lists_it_with_its_reason_and_never_counts_it() {
    let twice = twice();
    let out = check(&twice, &["--deny-warnings"]);
    assert_eq!(out.code, Some(1), "not accepted: {}", out.stdout);
    let reason = "life satisfaction and GP use are different changes";
    for accepted in [
        twice.replace(
            "name = \"Clean\"",
            &format!("name = \"Clean\"\naccept = {{ A012 = \"{reason}\" }}"),
        ),
        twice.replacen(
            "name = \"Participants\"\n",
            &format!("name = \"Participants\"\naccept = {{ A012 = \"{reason}\" }}\n"),
            1,
        ),
    ] {
        let out = check(&accepted, &["--deny-warnings"]);
        assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
        assert_eq!(listed(&out.stdout), ["A012"], "still listed");
        assert!(
            out.stdout.contains(&format!("accepted: {reason}")),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains(
                "0 findings an assessor would question (0 errors, 0 warnings), and 1 accepted"
            ),
            "{}",
            out.stdout
        );
        let (code, v) = json(&accepted);
        assert_eq!(code, Some(0));
        assert_eq!(v["findings"][0]["accepted"], reason);
    }
    // Accepted on an item the finding does not name: not accepted.
    let elsewhere = twice.replace(
        "name = \"Wellbeing\"\n",
        &format!("name = \"Wellbeing\"\naccept = {{ A012 = \"{reason}\" }}\n"),
    );
    assert_eq!(check(&elsewhere, &["--deny-warnings"]).code, Some(1));
    // An outcome's own acceptance covers its own finding.
    let own = with(
        GP_EVIDENCE,
        "accept = { A009 = \"the practice's records are not ours to publish\" }\n",
    );
    assert_eq!(check(&own, &["--deny-warnings"]).code, Some(0));
}

#[test]
fn an_accepted_error_does_not_fail_an_evaluation() {
    let model = with(
        "name = \"Clean\"",
        "name = \"Clean\"\nkind = \"evaluation\"",
    )
    .replace(
        GP_EVIDENCE,
        "accept = { A009 = \"the practice's own records show it; we may not publish them\" }\n",
    );
    let out = check(&model, &[]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("A009 error"), "{}", out.stdout);
}

#[test]
fn an_empty_reason_or_unknown_code_is_an_error_with_its_line() {
    let empty = with(
        "name = \"Clean\"",
        "name = \"Clean\"\naccept = { A012 = \" \" }",
    );
    let out = check(&empty, &[]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(
        out.stderr.contains("an accepted finding needs its reason"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("[model]"), "{}", out.stderr);
    assert!(out.stderr.contains("accept.A012"), "{}", out.stderr);
    assert!(out.stderr.contains("--> model.toml:4:19"), "{}", out.stderr);

    let unknown = with(
        "name = \"Clean\"",
        "name = \"Clean\"\naccept = { A12 = \"why\" }",
    );
    let out = check(&unknown, &[]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("unknown assurance rule `A12`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("A012"), "did you mean: {}", out.stderr);

    let kind = with("name = \"Clean\"", "name = \"Clean\"\nkind = \"evalution\"");
    let out = check(&kind, &[]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.contains("unknown kind `evalution`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("evaluation"), "{}", out.stderr);
}

#[test]
fn deny_warnings_exits_1_on_any_finding_not_accepted() {
    let out = check(&with("drop_off = 0.5\n", ""), &["--deny-warnings"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("A008 warning"), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("1 assurance finding in model.toml (--deny-warnings"),
        "{}",
        out.stderr
    );
    // Without --deny-warnings a warning passes.
    assert_eq!(check(&with("drop_off = 0.5\n", ""), &[]).code, Some(0));
}

#[test]
fn the_json_has_the_spec_shape() {
    let model = with("drop_off = 0.5\n", "").replace(
        "name = \"Clean\"",
        "name = \"Clean\"\nkind = \"evaluation\"",
    );
    let model = model.replace(GP_EVIDENCE, "");
    let out = check(&model, &["--format", "json"]);
    assert_eq!(out.code, Some(1), "an unaccepted error fails in json too");
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for key in ["file", "kind", "findings"] {
        assert!(v.get(key).is_some(), "{key} in {v}");
    }
    assert_eq!(v["file"], "model.toml");
    assert_eq!(v["kind"], "evaluation");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{v}");
    for f in findings {
        let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["accepted", "code", "fix", "item", "level", "message"]
        );
        assert!(f["accepted"].is_null());
    }
    assert_eq!(findings[0]["code"], "A008");
    assert_eq!(findings[0]["level"], "warning");
    assert_eq!(findings[0]["item"], "outcomes[1] \"Wellbeing\"");
    assert_eq!(findings[1]["code"], "A009");
    assert_eq!(findings[1]["level"], "error");
    assert_eq!(findings[1]["item"], "outcomes[2] \"Fewer GP visits\"");
    let (_, clean) = json(CLEAN);
    assert_eq!(clean["kind"], "forecast");
    assert_eq!(clean["findings"], serde_json::json!([]));
}

#[test]
fn a_scenario_inherits_kind_and_acceptances() {
    let ws = Workspace::new();
    let twice = twice().replace(
        "name = \"Clean\"",
        "name = \"Clean\"\nkind = \"evaluation\"\naccept = { A012 = \"different changes, both measured\" }",
    );
    ws.write("model.toml", &twice);
    ws.write(
        "more.toml",
        "[scenario]\nname = \"More\"\nmodel = \"model.toml\"\n",
    );
    let out = ws.sroi(&["check", "--assurance", "--deny-warnings", "more.toml"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("Evaluative SROI: More"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("accepted: different changes"),
        "{}",
        out.stdout
    );
}

/// An `accept` entry whose finding no longer arises is listed to be removed, in text and
/// JSON, and counts against nothing; one whose finding arises is not listed.
#[test]
fn an_acceptance_that_covers_no_finding_is_named() {
    let reason = "accept = { A012 = \"different changes, both measured\" }";
    let stale = with("name = \"Clean\"", &format!("name = \"Clean\"\n{reason}"));
    let out = check(&stale, &["--deny-warnings"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    let text = flat(&out.stdout);
    assert!(text.contains("Assurance: no findings"), "{text}");
    assert!(
        text.contains("Accepted but not found (1): remove these `accept` entries"),
        "{text}"
    );
    assert!(
        text.contains("A012 on [model]: \"different changes, both measured\""),
        "{text}"
    );
    let (_, v) = json(&stale);
    assert_eq!(
        v["unused_acceptances"],
        serde_json::json!([{
            "code": "A012",
            "on": "[model]",
            "reason": "different changes, both measured"
        }])
    );

    // On an outcome whose evidence is recorded, A009 covers nothing there.
    let on_outcome = with(
        "indicator = \"GP appointments in practice records\"",
        "indicator = \"GP appointments in practice records\"\naccept = { A009 = \"records\" }",
    );
    let (_, v) = json(&on_outcome);
    assert_eq!(
        v["unused_acceptances"][0]["on"],
        "outcomes[2] \"Fewer GP visits\""
    );

    // Where the finding arises, the acceptance is used and not listed.
    let used = twice().replace("name = \"Clean\"", &format!("name = \"Clean\"\n{reason}"));
    let out = check(&used, &["--deny-warnings"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(
        !out.stdout.contains("Accepted but not found"),
        "{}",
        out.stdout
    );
    let (_, v) = json(&used);
    assert_eq!(v["unused_acceptances"], serde_json::json!([]));
}

/// Value of information and a portfolio say what kind of analysis their models are: one
/// kind in the title, and each candidate's kind when they differ.
#[test]
fn voi_and_portfolio_titles_say_forecast_or_evaluative() {
    let ws = Workspace::new();
    ws.write("forecast.toml", CLEAN);
    ws.write(
        "evaluation.toml",
        with(
            "name = \"Clean\"",
            "name = \"Measured\"\nkind = \"evaluation\"",
        ),
    );
    let voi = |files: &[&str]| {
        let mut args = vec!["voi", "-n", "500"];
        args.extend_from_slice(files);
        let out = ws.sroi(&args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout.lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(
        voi(&["forecast.toml"]),
        "Forecast SROI, value of information: what to measure next"
    );
    assert_eq!(
        voi(&["evaluation.toml"]),
        "Evaluative SROI, value of information: what to measure next"
    );
    assert_eq!(
        voi(&["forecast.toml", "evaluation.toml"]),
        "Forecast and evaluative SROI, value of information: what to measure next"
    );

    let portfolio = |files: &[&str]| {
        let candidates: String = files
            .iter()
            .map(|f| format!("[[candidates]]\nfile = \"{f}\"\nmax_units = 1\n\n"))
            .collect();
        ws.write(
            "p.toml",
            format!("[portfolio]\nname = \"Fund\"\nbudget = 200000\n\n{candidates}"),
        );
        let out = ws.sroi(&["portfolio", "-n", "500", "p.toml"]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout
    };
    let one = portfolio(&["evaluation.toml"]);
    assert!(
        one.starts_with("Evaluative SROI portfolio: Fund\n"),
        "{one}"
    );
    assert!(one.contains("  1. Measured (evaluation.toml)"), "{one}");
    let both = portfolio(&["forecast.toml", "evaluation.toml"]);
    assert!(
        both.starts_with("Forecast and evaluative SROI portfolio: Fund\n"),
        "{both}"
    );
    assert!(
        both.contains("  1. Forecast SROI: Clean (forecast.toml)"),
        "{both}"
    );
    assert!(
        both.contains("  2. Evaluative SROI: Measured (evaluation.toml)"),
        "{both}"
    );
    let json = ws.sroi(&["portfolio", "-n", "500", "p.toml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["candidates"][0]["kind"], "forecast");
    assert_eq!(v["candidates"][1]["kind"], "evaluation");
}

#[test]
fn reports_show_findings_with_reasons_and_exclusions() {
    use calamine::{Reader, Xlsx};
    let ws = Workspace::new();
    let reason = "life satisfaction and GP use are different changes";
    let model = twice().replace(
        "name = \"Clean\"",
        &format!("name = \"Clean\"\naccept = {{ A012 = \"{reason}\" }}"),
    ) + "\n[[exclusions]]\nname = \"Volunteers' own wellbeing\"\nreason = \"not material: six volunteers\"\n"
        + "\n[[outcomes]]\nname = \"Small\"\nstakeholder = \"Participants\"\nquantity = 1\nvalue = 10\nvaluation = \"wellbeing\"\ndeadweight = 0.1\n";
    ws.write("model.toml", &model);
    let out = ws.sroi(&["report", "model.toml", "-n", "500", "-o", "r.html"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let html = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
    assert!(html.contains("<title>Forecast SROI: Clean"), "the title");
    let table = |id: &str| {
        let start = html
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"));
        let end = start + html[start..].find("</table>").unwrap();
        html[start..end].to_string()
    };
    let findings = table("table-assurance");
    assert!(
        findings.contains(&format!("Accepted: {reason}")),
        "{findings}"
    );
    assert!(findings.contains("warning, accepted"), "{findings}");
    // The small outcome's missing attribution is open.
    assert!(findings.contains("A003"), "{findings}");
    let left_out = table("table-exclusions");
    assert!(
        left_out.contains("Volunteers&#x27; own wellbeing"),
        "{left_out}"
    );
    assert!(
        left_out.contains("not material: six volunteers"),
        "{left_out}"
    );

    let out = ws.sroi(&["report", "model.toml", "-n", "500", "-o", "r.xlsx"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut book: Xlsx<_> = calamine::open_workbook(ws.path().join("r.xlsx")).unwrap();
    let sheet = book.worksheet_range("Assurance").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "Rule",
            "Level",
            "Item",
            "Finding",
            "Fix",
            "Accepted because"
        ]
    );
    let a012 = rows.iter().find(|r| r[0] == "A012").expect("the A012 row");
    assert_eq!(a012[1], "warning");
    assert_eq!(a012[5], reason);
    let a003 = rows.iter().find(|r| r[0] == "A003").expect("the A003 row");
    assert_eq!(a003[5], "", "not accepted");
    let left = book.worksheet_range("Left out").unwrap();
    let rows: Vec<Vec<String>> = left
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["Left out", "Why"],
            ["Volunteers' own wellbeing", "not material: six volunteers"]
        ]
    );
}
