//! Value of information against closed forms, and `sroi voi` end to end.
//!
//! With a normal net benefit NB ~ N(μ, σ²) and the choice fund (NB) or not (0),
//! EVPI = E[max(NB, 0)] − max(μ, 0) = σ φ(μ/σ) + μ Φ(μ/σ) − max(μ, 0). With NB a sum of
//! independent normal terms plus a constant, E[NB | one term] is normal with that term's
//! variance, so the term's EVPPI is the same formula with its own σ.

mod common;

use common::Workspace;
use sroi::analysis::summary::RunSettings;
use sroi::analysis::voi::groups::parse_group;
use sroi::analysis::voi::{VoiReport, voi};
use sroi::model::load::load;
use statrs::distribution::{Continuous, ContinuousCDF, Normal};

fn opts(n: usize) -> RunSettings {
    RunSettings {
        iterations: n,
        seed: 42,
        sampling: sroi::sample::lhs::Method::Random,
        threads: None,
        ci_level: 0.95,
        progress: false,
        thresholds: vec![1.0],
    }
}

/// σ φ(μ/σ) + μ Φ(μ/σ) − max(μ, 0).
fn normal_evpi(mu: f64, sigma: f64) -> f64 {
    let z = Normal::new(0.0, 1.0).unwrap();
    sigma * z.pdf(mu / sigma) + mu * z.cdf(mu / sigma) - mu.max(0.0)
}

/// A model whose NPV is v1 + v2 − 1000 with v1 ~ N(m1, s1), v2 ~ N(m2, s2), undiscounted,
/// plus a quantity `ignored` that nothing uses.
fn sum_model(m1: f64, s1: f64, m2: f64, s2: f64) -> String {
    format!(
        r#"[model]
name = "Sum of normals"
discount_rate = 0

[parameters]
ignored = {{ dist = "uniform", min = 0, max = 1 }}
unused = "ignored * 0"

[[inputs]]
name = "Cost"
amount = 1000

[[outcomes]]
name = "A"
stakeholder = "S"
quantity = 1
value = {{ dist = "normal", mean = {m1}, sd = {s1} }}
start_year = 0

[[outcomes]]
name = "B"
stakeholder = "S"
quantity = 1
value = {{ dist = "normal", mean = {m2}, sd = {s2} }}
start_year = 0
"#
    )
}

fn voi_of(ws: &Workspace, texts: &[&str], n: usize, groups: &[&str]) -> VoiReport {
    let files: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| load(&ws.write(&format!("m{i}.toml"), t)).expect("valid model"))
        .collect();
    let groups: Vec<_> = groups.iter().map(|g| parse_group(g).unwrap()).collect();
    voi(&files, &opts(n), &groups).expect("voi runs")
}

fn evppi(r: &VoiReport, name: &str) -> f64 {
    r.quantities
        .iter()
        .find(|q| q.name == name)
        .unwrap_or_else(|| panic!("{name} in {:?}", r.quantities))
        .evppi
}

#[test]
fn normal_net_benefit_matches_the_closed_form() {
    // NPV = v1 + v2 − 1000 ~ N(1100 + 0 − 1000, 400² + 300²) = N(100, 500²).
    let ws = Workspace::new();
    let r = voi_of(
        &ws,
        &[&sum_model(1100.0, 400.0, 0.0, 300.0)],
        100_000,
        &["both=outcomes.A.value,outcomes.B.value"],
    );
    let exact = normal_evpi(100.0, 500.0);
    assert!(
        (r.evpi - exact).abs() < 4.0 * r.evpi_standard_error,
        "EVPI {} ± {} against {exact}",
        r.evpi,
        r.evpi_standard_error
    );
    assert_eq!(r.current_choice, "Sum of normals");
    // Each term's EVPPI: E[NB | v1] ~ N(100, 400²), E[NB | v2] ~ N(100, 300²).
    let (e1, e2) = (normal_evpi(100.0, 400.0), normal_evpi(100.0, 300.0));
    let a = evppi(&r, "outcomes.A.value");
    let b = evppi(&r, "outcomes.B.value");
    assert!((a - e1).abs() < 0.05 * e1, "EVPPI A {a} against {e1}");
    assert!((b - e2).abs() < 0.06 * e2, "EVPPI B {b} against {e2}");
    // Both together are everything there is to know.
    let both = r
        .groups
        .iter()
        .find(|g| g.name == "both")
        .expect("user group");
    assert!((both.evppi - r.evpi).abs() < 0.03 * r.evpi, "{both:?}");
    // The quantity nothing depends on is worth (nearly) nothing.
    let ignored = evppi(&r, "parameters.ignored");
    assert!(ignored < 0.02 * r.evpi, "ignored {ignored}");
    assert!(r.noise_floor < 0.02 * r.evpi);
    // Every estimate within [0, EVPI], largest first.
    for w in r.quantities.windows(2) {
        assert!(w[0].evppi >= w[1].evppi);
    }
    assert!(
        r.quantities
            .iter()
            .all(|q| q.evppi >= 0.0 && q.evppi <= r.evpi)
    );
}

#[test]
fn normal_evpi_for_a_losing_scheme_and_a_group() {
    // μ < 0: the scheme should not be funded; EVPI is σφ(μ/σ) + μΦ(μ/σ).
    let ws = Workspace::new();
    let r = voi_of(
        &ws,
        &[&sum_model(700.0, 400.0, 0.0, 300.0)],
        100_000,
        &["both=outcomes.A.value,outcomes.B.value"],
    );
    let exact = normal_evpi(-300.0, 500.0);
    assert!(
        (r.evpi - exact).abs() < 4.0 * r.evpi_standard_error,
        "{} vs {exact}",
        r.evpi
    );
    assert_eq!(r.current_choice, "not funded");
    let both = r
        .groups
        .iter()
        .find(|g| g.name == "both")
        .expect("user group");
    assert!(
        (both.evppi - exact).abs() < 0.05 * exact,
        "{both:?} vs {exact}"
    );
    let a = evppi(&r, "outcomes.A.value");
    let e1 = normal_evpi(-300.0, 400.0);
    assert!((a - e1).abs() < 0.06 * e1, "{a} vs {e1}");
}

#[test]
fn an_option_that_always_wins_leaves_nothing_to_learn() {
    // The second option is the first plus a fixed extra outcome worth 50: it wins every
    // draw, so no information could change the choice.
    let ws = Workspace::new();
    let base = sum_model(1100.0, 400.0, 0.0, 300.0);
    let better = base.replace("name = \"Sum of normals\"", "name = \"Better\"")
        + "\n[[outcomes]]\nname = \"Extra\"\nstakeholder = \"S\"\nquantity = 1\nvalue = 50\nstart_year = 0\n";
    let r = voi_of(&ws, &[&base, &better], 20_000, &[]);
    assert_eq!(r.current_choice, "Better");
    assert_eq!(r.evpi, 0.0);
    assert!(r.quantities.iter().all(|q| q.evppi == 0.0));
    assert!(r.groups.iter().all(|g| g.evppi == 0.0));
    assert!(
        r.findings.iter().any(|f| f.contains("no information")),
        "{:?}",
        r.findings
    );
}

#[test]
fn options_that_share_no_draws_say_so() {
    let ws = Workspace::new();
    let a = sum_model(1100.0, 400.0, 0.0, 300.0);
    let b = a
        .replace("name = \"A\"", "name = \"C\"")
        .replace("name = \"B\"", "name = \"D\"")
        .replace("ignored", "other");
    let r = voi_of(&ws, &[&a, &b], 2_000, &[]);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("share no random quantity")),
        "{:?}",
        r.notes
    );
    let same = voi_of(&ws, &[&a, &a], 2_000, &[]);
    assert!(same.notes.iter().all(|n| !n.contains("share no")));
}

#[test]
fn bad_groups_are_usage_errors() {
    let ws = Workspace::new();
    ws.write("m.toml", common::VALID);
    let cases = [
        (
            "g=parameters.gp_visit",
            "`parameters.gp_visit` is not a quantity of m.toml; did you mean `parameters.gp_visits`?",
        ),
        (
            "g=parameters.visits_avoided",
            "`parameters.visits_avoided` is an expression (\"caseload * gp_visits * reduction\") in m.toml, not a random quantity; name the random quantities it uses instead: parameters.gp_visits, parameters.reduction",
        ),
        (
            "g=parameters.caseload",
            "`parameters.caseload` is the fixed number 200 in m.toml: there is nothing to learn about it",
        ),
        (
            "g=parameters.gp_visits,parameters.gp_visits",
            "`parameters.gp_visits` is named twice",
        ),
    ];
    for (group, message) in cases {
        let out = ws.sroi(&["voi", "m.toml", "-n", "100", "--group", group]);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert_eq!(out.stderr, format!("error: --group `g`: {message}\n"));
    }
    let out = ws.sroi(&["voi", "m.toml", "--group", "nothing"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("a group is NAME=Q1,Q2,..."),
        "{}",
        out.stderr
    );
}

#[test]
fn every_format_says_what_the_top_entries_mean() {
    let ws = Workspace::new();
    ws.write("m.toml", sum_model(1100.0, 400.0, 0.0, 300.0));
    for format in ["table", "markdown", "csv", "json"] {
        let out = ws.sroi(&["voi", "m.toml", "-n", "5000", "--format", format]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert!(
            out.stdout
                .contains("Knowing outcomes.A.value exactly would be worth up to £"),
            "{format}: {}",
            out.stdout
        );
    }
    let json = ws
        .sroi(&["voi", "m.toml", "-n", "5000", "--format", "json"])
        .stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for key in [
        "options",
        "iterations",
        "seed",
        "current_choice",
        "evpi",
        "quantities",
        "groups",
    ] {
        assert!(v.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(v["options"][0], "not funded");
    // The same answer on one thread as on all.
    let one = ws
        .sroi(&[
            "voi",
            "m.toml",
            "-n",
            "5000",
            "--format",
            "json",
            "--threads",
            "1",
        ])
        .stdout;
    assert_eq!(one, json);
}

/// Past the regression draws the means and the EVPI are streamed: the answer is the same
/// on one thread as on two, and each option's expected net benefit is, bit for bit, the
/// mean NPV `sroi run` reports for the same draws.
#[test]
fn streamed_figures_match_run_and_do_not_depend_on_threads() {
    let ws = Workspace::new();
    ws.write("a.toml", sum_model(1100.0, 400.0, 0.0, 300.0));
    ws.write(
        "b.toml",
        sum_model(900.0, 100.0, 150.0, 300.0).replace("Sum of normals", "Other"),
    );
    let n = "120000";
    let voi = |threads: &str| {
        let out = ws.sroi(&[
            "voi",
            "a.toml",
            "b.toml",
            "-n",
            n,
            "--format",
            "json",
            "--threads",
            threads,
        ]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout
    };
    let one = voi("1");
    assert_eq!(one, voi("2"));
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["regression_draws"], 100_000);
    for (k, file) in ["a.toml", "b.toml"].into_iter().enumerate() {
        let run = ws.sroi(&["run", file, "-n", n, "--format", "json"]);
        let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(v["expected_net_benefit"][k], r["npv"]["mean"], "{file}");
    }
}

/// An outcome valued with other figures in a second option: its automatic group holds
/// the union of its random quantities over both options, and the notes say so.
#[test]
fn an_outcomes_group_is_the_union_over_the_options() {
    let option = |param: &str| {
        format!(
            "[model]\nname = \"{param}\"\n\n[parameters]\n{param} = {{ dist = \"normal\", mean = 100, sd = 10 }}\n\n\
             [[inputs]]\nname = \"Grant\"\namount = 900\n\n\
             [[outcomes]]\nname = \"A\"\nstakeholder = \"S\"\nquantity = {{ dist = \"normal\", mean = 10, sd = 1, min = 0 }}\n\
             value = \"{param}\"\nstart_year = 0\n"
        )
    };
    let ws = Workspace::new();
    let r = voi_of(&ws, &[&option("x"), &option("y")], 2000, &[]);
    let group = r
        .groups
        .iter()
        .find(|g| g.name == "outcomes.A")
        .unwrap_or_else(|| panic!("{:?}", r.groups));
    let mut members = group.members.clone();
    members.sort();
    assert_eq!(
        members,
        ["outcomes.A.quantity", "parameters.x", "parameters.y"]
    );
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("in every option that has it (their union)")),
        "{:?}",
        r.notes
    );
}
