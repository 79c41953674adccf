//! Scenario files (spec §6): every kind of change applied as written, schedules equal to
//! amount/year entries, and every kind of bad scenario reported in the right file.

mod common;

use common::{Workspace, repo};
use sroi::analysis::summary::BaseCase;
use sroi::model::load::load;
use sroi::model::plan::Plan;

/// A deterministic base model: 100 people × £20, one year, no adjustments, r = 0, on a
/// £1,000 grant. Base case: PV 2,000, ratio 2.
const BASE: &str = r#"[model]
name = "Base"
description = "The base model"
discount_rate = 0.0

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
value = 20

[[outcomes]]
name = "Fewer GP visits"
stakeholder = "NHS"
quantity = 0
value = 42
"#;

/// Changes every kind of field the format allows.
const EVERYTHING: &str = r#"[scenario]
name = "Everything changed"
model = "../base/base.toml"
description = "A test of every change"

[model]
discount_rate = 0.1
currency = "EUR"
price_year = 2020
iterations = 500

[parameters]
people = 200
extra = 0.5

[[inputs]]
name = "Fund"
stakeholder = "Fund"
schedule = [1100, 1210]

[[inputs]]
name = "Match"
stakeholder = "Council"
amount = 121
year = 2

[outcomes."Wellbeing"]
stakeholder = "People"
quantity = "people * extra"
value = 44
deadweight = 0.5
displacement = 0.2
attribution = 0.25
drop_off = 0.5
duration = 2
start_year = 2
proxy_source = "A test source"
"#;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn every_kind_of_change_is_applied() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.path().join("base")).unwrap();
    std::fs::create_dir(ws.path().join("scenarios")).unwrap();
    ws.write("base/base.toml", BASE);
    let path = ws.write("scenarios/everything.toml", EVERYTHING);
    let loaded = load(&path).unwrap();
    let m = &loaded.model;
    assert_eq!(m.name, "Everything changed");
    assert_eq!(m.description.as_deref(), Some("A test of every change"));
    assert_eq!(
        (m.currency.as_str(), m.price_year, m.iterations),
        ("EUR", Some(2020), Some(500))
    );
    assert_eq!(m.funders, ["Fund", "Council"]);
    assert_eq!(m.stakeholders, ["People", "NHS"]);
    assert_eq!(m.outcomes[0].proxy_source.as_deref(), Some("A test source"));
    assert_eq!(
        (m.outcomes[0].duration, m.outcomes[0].start_year),
        (sroi::model::checked::Duration::Years(2), 2)
    );
    let info = loaded.scenario.as_ref().unwrap();
    assert_eq!(info.base_name, "Base");
    assert!(
        info.base_file.ends_with("base/base.toml"),
        "{}",
        info.base_file
    );
    assert!(
        !info.base_file.contains(".."),
        "normalised: {}",
        info.base_file
    );

    // By hand, r = 0.1. Investment: 1,100 + 1,210 / 1.1 + 121 / 1.1² = 1,100 + 1,100 + 100
    // = 2,300. Wellbeing: 200 × 0.5 = 100 people × £44 × (1 − 0.5)(1 − 0.2)(1 − 0.25)
    // = £1,320 in year 2, then 1,320 × (1 − 0.5) = £660 in year 3; PV = 1,320 / 1.21 +
    // 660 / 1.331 = 1,090.909… + 495.867… = 1,586.776…; GP visits still 0.
    let base = BaseCase::of(&Plan::new(m));
    assert!(close(base.investment, 2300.0), "{base:?}");
    let pv = 1320.0 / 1.21 + 660.0 / 1.331;
    assert!(close(base.present_value, pv), "{base:?}");
    assert!(close(base.ratio, pv / 2300.0), "{base:?}");

    // The base model itself is untouched: PV 2,000 on 1,000.
    let b = load(&ws.path().join("base/base.toml")).unwrap();
    let b = BaseCase::of(&Plan::new(&b.model));
    assert!(close(b.ratio, 2.0), "{b:?}");
}

#[test]
fn a_scenario_lists_its_changes() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.path().join("base")).unwrap();
    std::fs::create_dir(ws.path().join("scenarios")).unwrap();
    ws.write("base/base.toml", BASE);
    ws.write("scenarios/everything.toml", EVERYTHING);
    let out = ws.sroi(&["check", "scenarios/everything.toml"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // Long lines wrap to the terminal's width: compare with the line breaks undone.
    let joined = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "Scenario of \"Base\" (base/base.toml)",
        "model.currency replaced",
        "model.discount_rate replaced",
        "parameters.people replaced",
        "parameters.extra added",
        "inputs replaced by \"Fund\", \"Match\"",
        "outcomes.Wellbeing: stakeholder, quantity, value, deadweight, displacement, attribution, drop_off, duration, start_year, proxy_source replaced",
    ] {
        assert!(
            joined.contains(line),
            "missing {line:?} in:\n{}",
            out.stdout
        );
    }
}

#[test]
fn a_schedule_equals_amounts_by_year() {
    // Years 0, 1, 2 at r = 0.035 (the default): 1,000 + 2,000 / 1.035 + 3,000 / 1.035²
    // = 1,000 + 1,932.367… + 2,800.532… = 5,732.899…, whichever way it is written.
    let scheduled = BASE.replace("amount = 1000", "schedule = [1000, 2000, \"1000 * 3\"]");
    let by_year = BASE.replace(
        "[[inputs]]\nname = \"Grant\"\nstakeholder = \"Trust\"\namount = 1000",
        "[[inputs]]\nname = \"Year 0\"\nstakeholder = \"Trust\"\namount = 1000\n\n\
         [[inputs]]\nname = \"Year 1\"\nstakeholder = \"Trust\"\namount = 2000\nyear = 1\n\n\
         [[inputs]]\nname = \"Year 2\"\nstakeholder = \"Trust\"\namount = \"1000 * 3\"\nyear = 2",
    );
    assert_ne!(by_year, BASE);
    let ws = Workspace::new();
    let investment = |name: &str, text: &str| {
        let text = text.replace("discount_rate = 0.0\n", "");
        let loaded = load(&ws.write(name, text)).unwrap();
        BaseCase::of(&Plan::new(&loaded.model)).investment
    };
    let expected = 1000.0 + 2000.0 / 1.035 + 3000.0 / (1.035 * 1.035);
    let a = investment("scheduled.toml", &scheduled);
    let b = investment("by_year.toml", &by_year);
    assert!(close(a, expected), "{a} vs {expected}");
    assert_eq!(a, b, "the same arithmetic either way");
    // And over the draws: the same run, figure for figure, but for the file name.
    let run = |name: &str| {
        let out = ws.sroi(&["run", name, "-n", "500", "--format", "json"]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let mut j: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        j["file"] = serde_json::Value::Null;
        j
    };
    assert_eq!(run("scheduled.toml"), run("by_year.toml"));
}

/// Writes the base model and `scenario` (as `s/scenario.toml`), checks the scenario and
/// returns its standard error, checking the exit code.
fn scenario_fails(scenario: &str) -> String {
    let ws = Workspace::new();
    ws.write("base.toml", BASE);
    std::fs::create_dir(ws.path().join("s")).unwrap();
    ws.write("s/scenario.toml", scenario);
    ws.sroi(&["check", "s/scenario.toml"]).model_error()
}

const HEAD: &str = "[scenario]\nname = \"S\"\nmodel = \"../base.toml\"\n";

macro_rules! scenario_error {
    ($name:ident, $body:expr, $($needle:expr),+) => {
        #[test]
        fn $name() {
            let scenario = format!("{HEAD}{}", $body);
            let stderr = scenario_fails(&scenario);
            $( assert!(stderr.contains($needle), "missing {:?} in:\n{}", $needle, stderr); )+
            insta::assert_snapshot!(concat!("scenario_", stringify!($name)), stderr);
        }
    };
}

scenario_error!(
    unknown_outcome_suggests,
    "[outcomes.\"Welbeing\"]\nvalue = 30\n",
    "outcomes.Welbeing: `Base` has no outcome named \"Welbeing\"; did you mean `Wellbeing`?",
    "s/scenario.toml:4:"
);
scenario_error!(
    unused_new_parameter_suggests,
    "[parameters]\npeeple = 300\n",
    "`peeple` is not a parameter of `Base`, and nothing uses it; did you mean `people`?",
    "s/scenario.toml:5:1"
);
scenario_error!(
    unknown_outcome_field_suggests,
    "[outcomes.\"Wellbeing\"]\nattribtion = 0.3\n",
    "outcomes.Wellbeing: unknown field `attribtion`; did you mean `attribution`?"
);
scenario_error!(
    unknown_table_suggests,
    "[parametres]\npeople = 3\n",
    "unknown table `parametres`; did you mean `parameters`?"
);
scenario_error!(
    unknown_scenario_field_suggests,
    "descripton = \"x\"\n",
    "[scenario]: unknown field `descripton`; did you mean `description`?"
);
scenario_error!(
    patched_value_out_of_range_points_at_the_scenario,
    "[outcomes.\"Wellbeing\"]\nattribution = 1.5\n",
    "outcomes[1] \"Wellbeing\", field `attribution`: must be a proportion within [0, 1]; got 1.5",
    "s/scenario.toml:5:15"
);
scenario_error!(
    breach_in_the_model_caused_by_the_scenario_points_at_the_model,
    "[parameters]\npeople = -5\n",
    "in the base case \"people\" is -5",
    "--> base.toml:17:12",
    "help: the model alone is valid; s/scenario.toml changes parameters.people replaced"
);
scenario_error!(
    adding_outcomes_is_refused,
    "[[outcomes]]\nname = \"New\"\n",
    "a scenario changes outcomes by name",
    "cannot add outcomes"
);
scenario_error!(
    renaming_an_outcome_is_refused,
    "[outcomes.\"Wellbeing\"]\nname = \"Happiness\"\n",
    "an outcome's name is how the scenario finds it"
);
scenario_error!(
    name_in_model_table_is_refused,
    "[model]\nname = \"Other\"\n",
    "[model], field `name`: a scenario's `name` goes in `[scenario]`, not `[model]`"
);
scenario_error!(
    expression_naming_an_unknown_parameter,
    "[[inputs]]\nname = \"Fund\"\namount = \"peopel * 10\"\n",
    "unknown parameter `peopel`",
    "did you mean `people`?"
);

#[test]
fn missing_base_model_is_named_with_its_resolved_path() {
    let stderr = scenario_fails("[scenario]\nname = \"S\"\nmodel = \"../nope.toml\"\n");
    assert!(
        stderr.contains(
            "[scenario], field `model`: cannot read the base model `nope.toml`: no such file"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("relative to the folder of the scenario file"),
        "{stderr}"
    );
    insta::assert_snapshot!("scenario_missing_base_model", stderr);
}

#[test]
fn missing_name_and_model_are_reported_together() {
    let stderr = scenario_fails("[scenario]\ndescription = \"x\"\n");
    assert!(
        stderr.contains("[scenario]: missing required field `name`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[scenario]: missing required field `model`"),
        "{stderr}"
    );
}

#[test]
fn a_scenario_of_a_scenario_is_refused() {
    let ws = Workspace::new();
    ws.write("base.toml", BASE);
    ws.write(
        "one.toml",
        "[scenario]\nname = \"One\"\nmodel = \"base.toml\"\n",
    );
    ws.write(
        "two.toml",
        "[scenario]\nname = \"Two\"\nmodel = \"one.toml\"\n",
    );
    let out = ws.sroi(&["check", "two.toml"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("`one.toml` is a scenario; a scenario's base must be a model file"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_broken_base_model_is_reported_in_its_own_file() {
    let ws = Workspace::new();
    ws.write(
        "base.toml",
        BASE.replace("value = 20", "value = \"twenty\""),
    );
    ws.write(
        "s.toml",
        "[scenario]\nname = \"S\"\nmodel = \"base.toml\"\n",
    );
    let out = ws.sroi(&["check", "s.toml"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("--> base.toml:"), "{}", out.stderr);
}

#[test]
fn the_bundled_scenarios_are_valid() {
    let dir = repo("scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        // A portfolio of the bundled schemes ships beside them (tests/portfolio.rs).
        if std::fs::read_to_string(&path)
            .unwrap()
            .contains("\n[portfolio]")
        {
            continue;
        }
        let loaded = load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            loaded.scenario.is_some(),
            "{} is a scenario",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 4, "at least four scenarios ship; found {n}");
}

#[test]
fn a_scenario_keeps_the_draws_of_what_it_does_not_change() {
    // Changing the grant changes the investment only, so the present value of every draw
    // is identical to the base model's: the same quantities draw the same numbers.
    let model = repo("models/museum-volunteering-wellbeing.toml");
    let ws = Workspace::new();
    ws.write(
        "grant.toml",
        format!(
            "[scenario]\nname = \"Bigger grant\"\nmodel = \"{}\"\n\n[[inputs]]\nname = \"Grant\"\nschedule = [200000, 200000, 200000]\n",
            model.display()
        ),
    );
    let json = |args: &[&str]| -> serde_json::Value {
        let out = ws.sroi(args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        serde_json::from_str(&out.stdout).unwrap()
    };
    let m = model.display().to_string();
    let base = json(&["run", &m, "-n", "2000", "--format", "json"]);
    let scen = json(&["run", "grant.toml", "-n", "2000", "--format", "json"]);
    assert_eq!(base["present_value"], scen["present_value"]);
    assert_eq!(base["outcomes"], scen["outcomes"]);
    assert_ne!(base["investment"], scen["investment"]);
}

#[test]
fn every_command_takes_a_scenario() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.path().join("base")).unwrap();
    std::fs::create_dir(ws.path().join("scenarios")).unwrap();
    ws.write("base/base.toml", BASE);
    ws.write("scenarios/everything.toml", EVERYTHING);
    let file = "scenarios/everything.toml";
    let json = |args: &[&str]| -> serde_json::Value {
        let out = ws.sroi(args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        serde_json::from_str(&out.stdout).unwrap()
    };
    // The base-case ratio worked out by hand in `every_kind_of_change_is_applied`.
    let ratio = (1320.0 / 1.21 + 660.0 / 1.331) / 2300.0;
    let run = json(&["run", file, "--format", "json"]);
    assert!(close(run["base_case"]["ratio"].as_f64().unwrap(), ratio));
    assert_eq!(run["iterations"], 500, "the scenario's [model] iterations");
    assert_eq!(run["based_on"]["model"], "Base");
    let s = json(&["sensitivity", file, "--format", "json"]);
    assert!(close(s["base_ratio"].as_f64().unwrap(), ratio));
    let names: Vec<&str> = s["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"parameters.extra"), "{names:?}");
    assert!(names.contains(&"inputs.Fund.schedule[1]"), "{names:?}");
    // (Comparing it with its base is refused: the scenario changes the currency.)
    let c = json(&["compare", file, file, "--format", "json"]);
    assert_eq!(c["differences"][0]["baseline"], "Everything changed");
    assert_eq!(c["currency"], "EUR");
}

/// The Health and Wellbeing Fund's two readings: "at most £300,000 over three years" and
/// the guidance's "up to £300,000 for the first year", then 50% and 20%. By hand, at the
/// model's 3.5%: the fund pays 300,000 + 150,000 / 1.035 + 60,000 / 1.035^2 (£510,000
/// undiscounted) and commissioners 150,000 / 1.035 + 240,000 / 1.035^2. The guidance
/// reading is the same scheme 300,000 / 176,471 = 1.7 times larger, so its base-case
/// ratio equals the three-year reading's.
#[test]
fn the_fund_guidance_reading_pays_510k_and_scales_the_scheme() {
    let guidance = load(&repo("scenarios/hwf-2017-guidance.toml")).unwrap();
    let three = load(&repo("scenarios/hwf-2017-three-years.toml")).unwrap();
    let m = &guidance.model;
    assert_eq!(
        m.funders[0],
        "Department of Health (Health and Wellbeing Fund)"
    );
    let plan = Plan::new(m);
    let lanes = sroi::analysis::summary::base_lanes(&plan);
    let fund = 300_000.0 + 150_000.0 / 1.035 + 60_000.0 / 1.035f64.powi(2);
    let matched = 150_000.0 / 1.035 + 240_000.0 / 1.035f64.powi(2);
    assert!(close(plan.funder_investment(&lanes, 0, 0), fund));
    assert!(close(plan.funder_investment(&lanes, 1, 0), matched));
    let (g, t) = (BaseCase::of(&plan), BaseCase::of(&Plan::new(&three.model)));
    assert!(
        (g.ratio - t.ratio).abs() < 1e-4,
        "{} vs {}",
        g.ratio,
        t.ratio
    );
    assert!(g.npv > 1.6 * t.npv, "{} vs {}", g.npv, t.npv);
}
