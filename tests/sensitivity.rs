//! `sroi sensitivity` end to end: switching values and groups worked out by hand, a
//! tornado whose order is known by construction, rank correlations where one input
//! dominates, and the command line's usage errors.

mod common;

use common::{Workspace, repo};
use serde_json::Value;

fn sensitivity(ws: &Workspace, args: &[&str]) -> Value {
    let mut all = vec!["sensitivity"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let out = ws.sroi(&all);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON on stdout")
}

fn close(v: &Value, expected: f64, tolerance: f64) {
    let x = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!(
        (x - expected).abs() <= tolerance * expected.abs().max(1.0),
        "{x} != {expected}"
    );
}

/// The entry of `name` in the report's quantities.
fn quantity<'a>(j: &'a Value, name: &str) -> &'a Value {
    j["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == name)
        .unwrap_or_else(|| panic!("no quantity {name}"))
}

fn group<'a>(j: &'a Value, name: &str) -> &'a Value {
    let groups = j["groups"].as_array().unwrap();
    &groups.iter().find(|g| g["name"] == name).unwrap()["switching_change"]
}

/// `tests/fixtures/switching.toml` by hand, at r = 10%, v = 1/1.1:
/// - Wellbeing: 20 people × 500 × (1 − 0.2) × (1 − 0.5) = 4000 in year 1, then 2000 and
///   1000 (drop-off 50%): W = 4000/1.1 + 2000/1.21 + 1000/1.331 = 6040.5710.
/// - Respite: 4 × 250 = 1000 in year 1: R = 1000/1.1 = 909.0909.
/// - Investment: 4000 in year 0 + 1100 in year 1 = 4000 + 1000 = 5000.
/// - Base ratio (W + R) / 5000 = 1.3899.
///
/// For a ratio of 1 the present value must fall to 5000, so Wellbeing to 5000 − R, a
/// fraction k = (5000 − R) / W = 0.67724 of itself. Wellbeing is linear in its people, its
/// value and (1 − deadweight), (1 − attribution), so each switches at k times its base
/// (for the proportions, 1 − k × (1 − p)).
#[test]
fn switching_values_match_the_hand_calculation() {
    let w = 4000.0 / 1.1 + 2000.0 / 1.21 + 1000.0 / 1.331;
    let r = 1000.0 / 1.1;
    let pv = w + r;
    let k = (5000.0 - r) / w;
    let ws = Workspace::new();
    let j = sensitivity(
        &ws,
        &[repo("tests/fixtures/switching.toml").to_str().unwrap()],
    );
    let tol = 1e-9;
    close(&j["target"], 1.0, 0.0);
    close(&j["base_ratio"], pv / 5000.0, tol);

    let people = quantity(&j, "parameters.people");
    close(&people["switching_value"], 20.0 * k, tol);
    close(&people["switching_change"], k - 1.0, tol);
    close(
        &quantity(&j, "outcomes.Wellbeing.value")["switching_value"],
        500.0 * k,
        tol,
    );
    let deadweight = quantity(&j, "outcomes.Wellbeing.deadweight");
    close(&deadweight["switching_value"], 1.0 - k * 0.8, tol);
    close(
        &deadweight["switching_change"],
        (1.0 - k * 0.8) / 0.2 - 1.0,
        tol,
    );
    close(
        &quantity(&j, "outcomes.Wellbeing.attribution")["switching_value"],
        1.0 - k * 0.5,
        tol,
    );
    // A disbenefit is allowed: Respite's value must fall to 250 × (5000 − W) / R < 0.
    close(
        &quantity(&j, "outcomes.Respite.value")["switching_value"],
        250.0 * (5000.0 - w) / r,
        tol,
    );
    // Its quantity would have to go negative, which a quantity may not: none.
    let respite = quantity(&j, "outcomes.Respite.quantity");
    assert!(respite["switching_value"].is_null());
    assert!(respite["switching_change"].is_null());
    // The grant: (W + R) / (grant + 1000) = 1 at grant = W + R − 1000; staff time in
    // year 1: 4000 + a / 1.1 = W + R at a = 1.1 (W + R − 4000).
    let grant = quantity(&j, "inputs.Grant.amount");
    close(&grant["switching_value"], pv - 1000.0, tol);
    close(
        &grant["switching_change"],
        (pv - 1000.0) / 4000.0 - 1.0,
        tol,
    );
    close(
        &quantity(&j, "inputs.\"Staff time\".amount")["switching_value"],
        1.1 * (pv - 4000.0),
        tol,
    );

    // Fixed numbers: the percentiles are the base, nothing swings, no correlation.
    assert_eq!(people["low"], people["base"]);
    assert_eq!(people["high"], people["base"]);
    close(&people["swing"], 0.0, 0.0);
    assert!(people["rank_correlation"].is_null());

    // Groups: every value or every quantity × (1 + c) scales the present value, so
    // c = 5000 / (W + R) − 1; every input amount × (1 + c) scales the investment, so
    // c = (W + R) / 5000 − 1.
    close(group(&j, "value"), 5000.0 / pv - 1.0, tol);
    close(group(&j, "quantity"), 5000.0 / pv - 1.0, tol);
    close(group(&j, "investment"), pv / 5000.0 - 1.0, tol);
}

/// Drop-off and the discount rate make the ratio non-linear: each reported switching
/// value is put back into the SROI Guide's formula, written out here, and must give the
/// target.
#[test]
fn drop_off_and_discount_rate_switch_where_the_formula_says() {
    let ws = Workspace::new();
    let j = sensitivity(
        &ws,
        &[repo("tests/fixtures/switching.toml").to_str().unwrap()],
    );
    // The ratio of the fixture with drop-off d on Wellbeing and discount rate r.
    let ratio = |d: f64, r: f64| {
        let v = 1.0 / (1.0 + r);
        let keep = 1.0 - d;
        let wellbeing = 4000.0 * (v + keep * v * v + keep * keep * v * v * v);
        (wellbeing + 1000.0 * v) / (4000.0 + 1100.0 * v)
    };
    let d = quantity(&j, "outcomes.Wellbeing.drop_off")["switching_value"]
        .as_f64()
        .unwrap();
    assert!((ratio(d, 0.1) - 1.0).abs() < 1e-9, "drop-off {d}");
    // And by hand: with k = 1 − d, 1.1 k + k² = 0.15125, so k = (√1.815 − 1.1) / 2.
    assert!((d - (1.0 - (1.815f64.sqrt() - 1.1) / 2.0)).abs() < 1e-9);

    let r = quantity(&j, "model.discount_rate")["switching_value"]
        .as_f64()
        .unwrap();
    assert!((ratio(0.5, r) - 1.0).abs() < 1e-9, "discount rate {r}");
    // With v = 1/(1 + r): v³ + 2v² + 3.9v − 4 = 0 has its one positive root near 0.6935.
    assert!((0.43..0.45).contains(&r), "discount rate {r}");
}

/// A proportion cannot raise a ratio of 1.39 to 100: every switching value of a
/// proportion is `null`, and so is every group's but the investment's (which can fall).
#[test]
fn an_unreachable_target_has_no_switching_value() {
    let ws = Workspace::new();
    let file = repo("tests/fixtures/switching.toml");
    let j = sensitivity(&ws, &[file.to_str().unwrap(), "--target", "100"]);
    close(&j["target"], 100.0, 0.0);
    for name in [
        "outcomes.Wellbeing.deadweight",
        "outcomes.Wellbeing.attribution",
        "outcomes.Wellbeing.drop_off",
    ] {
        assert!(quantity(&j, name)["switching_value"].is_null(), "{name}");
        assert!(quantity(&j, name)["switching_change"].is_null(), "{name}");
    }
    // People, a free parameter, can rise: to 20 × (100 × 5000 − R) / W.
    let w = 4000.0 / 1.1 + 2000.0 / 1.21 + 1000.0 / 1.331;
    let r = 1000.0 / 1.1;
    close(
        &quantity(&j, "parameters.people")["switching_value"],
        20.0 * (500_000.0 - r) / w,
        1e-9,
    );
    // The investment must shrink by c = (W + R) / 500000 − 1, above −1.
    close(group(&j, "investment"), (w + r) / 500_000.0 - 1.0, 1e-9);
}

/// Three uniform values and a deadweight, with swings known before running: with no
/// discounting, one year and an investment of 1000, the ratio is
/// (10 A (1 − DW) + 10 B + 10 C) / 1000 = (0.8 A + B + C) / 100 at DW's base 0.2.
/// 5th–95th percentiles: A uniform(0, 400) → 20–380, swing 0.8 × 360 / 100 = 2.88;
/// B uniform(50, 150) → 55–145, swing 0.9; DW uniform(0.1, 0.3) → 0.11–0.29, swing
/// 200 × 0.18 / 100 = 0.36; C uniform(90, 110) → 91–109, swing 0.18. The file lists them
/// in another order.
const TORNADO: &str = r#"[model]
name = "Tornado by construction"
discount_rate = 0

[[inputs]]
name = "Grant"
amount = 1000

[[outcomes]]
name = "C"
stakeholder = "S"
quantity = 10
value = { dist = "uniform", min = 90, max = 110 }

[[outcomes]]
name = "B"
stakeholder = "S"
quantity = 10
value = { dist = "uniform", min = 50, max = 150 }

[[outcomes]]
name = "A"
stakeholder = "S"
quantity = 10
value = { dist = "uniform", min = 0, max = 400 }
deadweight = { dist = "uniform", min = 0.1, max = 0.3 }
"#;

#[test]
fn the_tornado_is_in_order_of_swing() {
    let ws = Workspace::new();
    ws.write("tornado.toml", TORNADO);
    let j = sensitivity(&ws, &["tornado.toml", "-n", "20000"]);
    let names: Vec<&str> = j["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names[..4],
        [
            "outcomes.A.value",
            "outcomes.B.value",
            "outcomes.A.deadweight",
            "outcomes.C.value"
        ]
    );
    // Base (0.8 × 200 + 100 + 100) / 100 = 3.6.
    close(&j["base_ratio"], 3.6, 1e-12);
    let a = quantity(&j, "outcomes.A.value");
    close(&a["low"], 20.0, 1e-12);
    close(&a["high"], 380.0, 1e-12);
    close(&a["ratio_at_low"], (0.8 * 20.0 + 200.0) / 100.0, 1e-12);
    close(&a["ratio_at_high"], (0.8 * 380.0 + 200.0) / 100.0, 1e-12);
    close(&a["swing"], 2.88, 1e-12);
    close(&quantity(&j, "outcomes.B.value")["swing"], 0.9, 1e-12);
    close(&quantity(&j, "outcomes.A.deadweight")["swing"], 0.36, 1e-12);
    close(&quantity(&j, "outcomes.C.value")["swing"], 0.18, 1e-12);
    // A falls to a ratio of 1 where 0.8 A + 200 = 100: A = −125, a change of −162.5%.
    close(&a["switching_value"], -125.0, 1e-9);
    close(&a["switching_change"], -1.625, 1e-9);
}

/// A's value carries most of the variance of the ratio (A: 0.64 × 400²/12 ≈ 8,500 of
/// about 9,500 in units of the present value over 10), so its rank correlation is about
/// √0.9 ≈ 0.95; the deadweight lowers the ratio, so its correlation is negative (about
/// −0.12: 200² × 0.2²/12 ≈ 130 of the 9,500).
#[test]
fn rank_correlations_have_the_right_sign_and_size() {
    let ws = Workspace::new();
    ws.write("tornado.toml", TORNADO);
    let j = sensitivity(&ws, &["tornado.toml", "-n", "20000"]);
    let rho = |name: &str| {
        quantity(&j, name)["rank_correlation"]
            .as_f64()
            .unwrap_or_else(|| panic!("{name} has no correlation"))
    };
    assert!(rho("outcomes.A.value") > 0.9, "{}", rho("outcomes.A.value"));
    let dw = rho("outcomes.A.deadweight");
    assert!((-0.2..-0.05).contains(&dw), "{dw}");
    let c = rho("outcomes.C.value");
    assert!((0.0..0.15).contains(&c), "{c}");
    // Fixed numbers have none.
    assert!(quantity(&j, "inputs.Grant.amount")["rank_correlation"].is_null());
}

#[test]
fn the_same_seed_gives_the_same_output_on_any_thread_count() {
    let ws = Workspace::new();
    ws.write("tornado.toml", TORNADO);
    let one = ws.sroi(&[
        "sensitivity",
        "tornado.toml",
        "-n",
        "5000",
        "--threads",
        "1",
    ]);
    let two = ws.sroi(&[
        "sensitivity",
        "tornado.toml",
        "-n",
        "5000",
        "--threads",
        "2",
    ]);
    assert_eq!(one.code, Some(0), "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn a_bad_target_is_a_usage_error() {
    let ws = Workspace::new();
    ws.write("tornado.toml", TORNADO);
    for bad in ["0", "-1", "abc", "inf", "NaN"] {
        let out = ws.sroi(&["sensitivity", "tornado.toml", "--target", bad]);
        assert_eq!(out.code, Some(2), "--target {bad}: {}", out.stderr);
        assert!(
            out.stderr.contains("the target must be a positive ratio"),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn every_format_and_a_file() {
    let ws = Workspace::new();
    ws.write("tornado.toml", TORNADO);
    let csv = ws.sroi(&[
        "sensitivity",
        "tornado.toml",
        "-n",
        "2000",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.code, Some(0), "{}", csv.stderr);
    let rows = common::csv_rows(&csv.stdout);
    // Nine quantities (the discount rate, the grant, three outcome quantities, three
    // values and a deadweight), then three groups.
    assert_eq!(rows.len(), 12);
    assert_eq!(&rows[0]["name"], "outcomes.A.value");
    assert_eq!(&rows[9]["section"], "group");

    let md = ws.sroi(&[
        "sensitivity",
        "tornado.toml",
        "-n",
        "2000",
        "--format",
        "markdown",
    ]);
    assert!(
        md.stdout.starts_with(
            "## Which assumptions matter in the Forecast SROI: Tornado by construction"
        )
    );
    assert!(md.stdout.contains("| Quantity |"));

    let out = ws.sroi(&["sensitivity", "tornado.toml", "-n", "2000", "-o", "s.json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = std::fs::read_to_string(ws.path().join("s.json")).unwrap();
    let j: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(j["iterations"], 2000);
    assert_eq!(j["seed"], 42);
}

#[test]
fn a_model_whose_draws_break_a_rule_is_an_error() {
    let ws = Workspace::new();
    let model = TORNADO.replace(
        "deadweight = { dist = \"uniform\", min = 0.1, max = 0.3 }",
        "deadweight = \"overlap - 0.1\"\n[parameters]\noverlap = { dist = \"uniform\", min = 0, max = 0.5 }",
    );
    ws.write("breach.toml", model);
    let out = ws.sroi(&["sensitivity", "breach.toml", "-n", "1000"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("outcomes.A.deadweight"),
        "{}",
        out.stderr
    );
}

/// `sroi sensitivity tests/fixtures/simple.toml -n 2000` from the repository root, so the
/// file name in the output is stable.
fn simple(format: &str) -> String {
    let out = common::sroi_command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "sensitivity",
            "tests/fixtures/simple.toml",
            "-n",
            "2000",
            "--format",
            format,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn snapshot_table() {
    insta::assert_snapshot!(simple("table"));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(simple("json"));
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(simple("csv"));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(simple("markdown"));
}

/// The rank correlations rank each draw by its bin (a 4,096th of a power of two; draws in
/// one bin tied): on every bundled model at 100,000 draws they agree with the exact
/// Spearman's ρ of the same stored draws to far better than the two decimals printed, and
/// `sroi sensitivity`'s two streamed passes give the same bits as the stored draws ranked
/// at once.
#[test]
fn binned_ranks_agree_with_exact_spearman() {
    use sroi::analysis::correlation::spearman;
    use sroi::analysis::rank_bins::stored_correlations;
    use sroi::model::plan::Plan;
    use sroi::sample::engine::{Column, SimOptions, simulate};

    let n = 100_000;
    let mut worst: f64 = 0.0;
    for file in [
        "arts-on-prescription",
        "dance-for-dementia",
        "magic-therapy-hemiplegia",
        "museum-volunteering-wellbeing",
        "social-prescribing-link-worker",
    ] {
        let path = format!("models/{file}.toml");
        let loaded = sroi::model::load::load(&repo(&path)).unwrap();
        let model = &loaded.model;
        let plan = Plan::new(model);
        let random: Vec<usize> = (0..model.quantities.len())
            .filter(|&q| model.quantities[q].is_random() && plan.leaf_of(q).is_some())
            .collect();
        let columns: Vec<Column> = std::iter::once(Column::Ratio)
            .chain(random.iter().map(|&q| Column::Quantity(q)))
            .collect();
        let sim = SimOptions {
            iterations: n,
            seed: 42,
            sampling: sroi::sample::lhs::Method::Lhs,
            threads: None,
            progress: false,
            pass: (1, 1),
        };
        let stored = simulate(&plan, &sim, &columns).unwrap();
        let binned = stored_correlations(&stored);
        let j: Value = serde_json::from_str(&common::sroi_in_repo(&[
            "sensitivity",
            &path,
            "-n",
            "100000",
            "--seed",
            "42",
            "--format",
            "json",
        ]))
        .unwrap();
        for ((&q, column), rho) in random.iter().zip(&stored[1..]).zip(&binned) {
            let name = &model.quantities[q].name;
            let streamed = quantity(&j, name)["rank_correlation"].as_f64();
            assert_eq!(
                streamed.map(f64::to_bits),
                rho.map(f64::to_bits),
                "{file} {name}"
            );
            let exact = spearman(column, &stored[0]);
            assert_eq!(exact.is_some(), rho.is_some(), "{file} {name}");
            if let (Some(a), Some(b)) = (exact, *rho) {
                worst = worst.max((a - b).abs());
            }
        }
    }
    eprintln!("largest difference from the exact Spearman's rho: {worst:e}");
    assert!(worst < 1e-5, "{worst}");
}

/// A switching value inside a PERT's range and one outside a uniform's, by hand. With no
/// discounting, one year and an investment of 1000, the ratio is (20 A + 10 B) / 1000.
/// At base A = 100 (the PERT's mode) and B = 70 (the uniform's mean): 2.7.
/// - A alone switches where 20 A + 700 = 1000: A = 15. pert(0, 100, 400) is 400 times a
///   beta(2, 4) (alpha = 1 + 4 · 100 / 400, beta = 1 + 4 · 300 / 400), whose distribution
///   function is P(Binomial(5, y) ≥ 2) = 1 − (1 − y)^5 − 5 y (1 − y)^4, at y = 15 / 400.
/// - B alone switches where 2000 + 10 B = 1000: B = −100, outside uniform(60, 80).
const RANGES: &str = r#"[model]
name = "Switching in and out of range"
discount_rate = 0

[[inputs]]
name = "Grant"
amount = 1000

[[outcomes]]
name = "A"
stakeholder = "S"
quantity = 20
value = { dist = "pert", min = 0, mode = 100, max = 400 }

[[outcomes]]
name = "B"
stakeholder = "S"
quantity = 10
value = { dist = "uniform", min = 60, max = 80 }
"#;

#[test]
fn switching_values_say_whether_the_quantity_can_take_them() {
    let ws = Workspace::new();
    let file = ws.write("ranges.toml", RANGES);
    let j = sensitivity(&ws, &[file.to_str().unwrap(), "-n", "2000"]);
    close(&j["base_ratio"], 2.7, 1e-12);

    let a = quantity(&j, "outcomes.A.value");
    close(&a["switching_value"], 15.0, 1e-9);
    assert_eq!(a["switching_in_range"], true);
    let y: f64 = 15.0 / 400.0;
    let by_hand = 1.0 - (1.0 - y).powi(5) - 5.0 * y * (1.0 - y).powi(4);
    close(&a["switching_percentile"], by_hand, 1e-9);

    let b = quantity(&j, "outcomes.B.value");
    close(&b["switching_value"], -100.0, 1e-9);
    assert_eq!(b["switching_in_range"], false);
    assert!(b["switching_percentile"].is_null());

    // A fixed figure has no range to be in.
    let grant = quantity(&j, "inputs.Grant.amount");
    close(&grant["switching_value"], 2700.0, 1e-9);
    assert!(grant["switching_in_range"].is_null());
    assert!(grant["switching_percentile"].is_null());

    // The table never shows −100 as a value B could switch at, and says what range means.
    let out = ws.sroi(&["sensitivity", file.to_str().unwrap(), "-n", "2000"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("none in its range (would be −£100)"),
        "{text}"
    );
    assert!(text.contains("outside the values the quantity's distribution can take"));
    let md = ws.sroi(&[
        "sensitivity",
        file.to_str().unwrap(),
        "-n",
        "2000",
        "--format",
        "markdown",
    ]);
    assert!(
        md.stdout.contains("none in its range (would be −£100)"),
        "{}",
        md.stdout
    );
}

/// Every standard test on `tests/fixtures/switching.toml` (with Wellbeing valued by
/// wellbeing), worked by hand at r = 10% as above: Wellbeing W = 4000/1.1 + 2000/1.21 +
/// 1000/1.331 (20 × 500 × (1 − 0.2) × (1 − 0.5) in year 1, halving), Respite R = 1000/1.1
/// (no deadweight, attribution or drop-off, one year), investment 5000. Deterministic, so
/// the expected ratio is the base case's.
#[test]
fn standard_tests_match_the_hand_calculation() {
    let ws = Workspace::new();
    let model = std::fs::read_to_string(repo("tests/fixtures/switching.toml"))
        .unwrap()
        .replace(
            "duration = 3\n",
            "duration = 3\nvaluation = \"wellbeing\"\n",
        );
    let file = ws.write("tests.toml", model);
    let j = sensitivity(&ws, &[file.to_str().unwrap(), "-n", "300"]);
    let w = 4000.0 / 1.1 + 2000.0 / 1.21 + 1000.0 / 1.331;
    let r = 1000.0 / 1.1;
    let by_hand: [(&str, f64); 11] = [
        // Wellbeing's deadweight 0.3, Respite's 0.1.
        ("deadweight +10 points", (w * 0.7 / 0.8 + r * 0.9) / 5000.0),
        // Wellbeing's 0.1; Respite's held at 0.
        ("deadweight -10 points", (w * 0.9 / 0.8 + r) / 5000.0),
        ("attribution +10 points", (w * 0.4 / 0.5 + r * 0.9) / 5000.0),
        // Drop-off 1: Wellbeing counts in its first year only.
        ("drop-off doubled", (4000.0 / 1.1 + r) / 5000.0),
        // Wellbeing two years; Respite stays one.
        (
            "duration one year shorter",
            (4000.0 / 1.1 + 2000.0 / 1.21 + r) / 5000.0,
        ),
        ("proxies at their 5th percentile", (w + r) / 5000.0),
        ("proxies at their 95th percentile", (w + r) / 5000.0),
        ("inputs +20%", (w + r) / 6000.0),
        ("without Wellbeing", r / 5000.0),
        ("without Respite", w / 5000.0),
        ("without wellbeing-valued outcomes", r / 5000.0),
    ];
    let tests = j["standard_tests"].as_array().unwrap();
    let names: Vec<&str> = tests.iter().map(|t| t["name"].as_str().unwrap()).collect();
    let expected: Vec<&str> = by_hand.iter().map(|t| t.0).collect();
    assert_eq!(names, expected);
    for (t, (name, ratio)) in tests.iter().zip(by_hand) {
        assert_eq!(t["name"], name);
        close(&t["ratio"], ratio, 1e-12);
        close(&t["expected_ratio"], ratio, 1e-12);
    }
}

/// On a model with uncertain figures, the expected ratio under a test is mean PV / mean
/// investment of the run's own draws: with the inputs test, the run's expected present
/// value over 1.2 times its expected investment.
#[test]
fn standard_tests_use_the_runs_draws() {
    let ws = Workspace::new();
    let file = ws.write("ranges.toml", RANGES);
    let f = file.to_str().unwrap();
    let j = sensitivity(&ws, &[f, "-n", "3000", "--seed", "7"]);
    let out = ws.sroi(&["run", f, "-n", "3000", "--seed", "7", "--format", "json"]);
    let run: Value = serde_json::from_str(&out.stdout).unwrap();
    let e = &run["expected"];
    let (pv, inv) = (
        e["present_value"].as_f64().unwrap(),
        e["investment"].as_f64().unwrap(),
    );
    let tests = j["standard_tests"].as_array().unwrap();
    let inputs = tests.iter().find(|t| t["name"] == "inputs +20%").unwrap();
    close(&inputs["expected_ratio"], pv / (1.2 * inv), 1e-9);
    close(&inputs["ratio"], 2.7 / 1.2, 1e-12);
    // The proxies at their percentiles: A's PERT and B's uniform at their 5th and 95th.
    let p5 = tests
        .iter()
        .find(|t| t["name"] == "proxies at their 5th percentile")
        .unwrap();
    let p95 = tests
        .iter()
        .find(|t| t["name"] == "proxies at their 95th percentile")
        .unwrap();
    // Uniform(60, 80)'s 5th is 61; A's 5th, y = A / 400, solves
    // 1 − (1 − y)^5 − 5 y (1 − y)^4 = 0.05 (the beta(2, 4) above).
    let y = (p5["ratio"].as_f64().unwrap() * 1000.0 - 10.0 * 61.0) / 20.0 / 400.0;
    close(
        &Value::from(1.0 - (1.0 - y).powi(5) - 5.0 * y * (1.0 - y).powi(4)),
        0.05,
        1e-9,
    );
    close(
        &p95["ratio"],
        p95["expected_ratio"].as_f64().unwrap(),
        1e-12,
    );
}
