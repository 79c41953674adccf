//! `sroi portfolio` end to end: mixes known by enumeration, the frontier, objectives that
//! weigh risk or distribution, an empty portfolio, and bad input.

mod common;

use common::{Workspace, repo};
use serde_json::Value;

/// A model with a fixed investment (year 0, undiscounted) and one outcome in year 0 worth
/// `value` (undiscounted): its NPV is `value` − `cost` in every draw.
fn fixed_model(name: &str, cost: f64, value: &str, stakeholder: &str) -> String {
    format!(
        "[model]\nname = \"{name}\"\n\n[[inputs]]\nname = \"Grant\"\namount = {cost}\n\n[[outcomes]]\nname = \"Benefit\"\nstakeholder = \"{stakeholder}\"\nquantity = 1\nvalue = {value}\nstart_year = 0\n"
    )
}

fn candidates(entries: &[(&str, u32)]) -> String {
    entries
        .iter()
        .map(|(f, m)| format!("[[candidates]]\nfile = \"{f}\"\nmax_units = {m}\n\n"))
        .collect()
}

fn portfolio(name: &str, budget: f64, entries: &[(&str, u32)]) -> String {
    format!(
        "[portfolio]\nname = \"{name}\"\nbudget = {budget}\n\n{}",
        candidates(entries)
    )
}

fn json(ws: &Workspace, args: &[&str]) -> Value {
    let out = ws.sroi(args);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("JSON")
}

fn units(j: &Value) -> Vec<u64> {
    j["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["units"].as_u64().unwrap())
        .collect()
}

/// Budget 10,000. A: cost 6,000, NPV 7,000, one allowed; B: cost 5,000, NPV 5,000, two
/// allowed; C: cost 4,000, NPV 2,900, one allowed. Every mix within budget, by enumeration:
/// A 7,000; A+C 9,900; B 5,000; 2B 10,000; B+C 7,900; C 2,900 (A+B costs 11,000). Best: 2B.
/// Greedy by NPV per pound (A first) would stop at A+C.
#[test]
fn a_small_knapsack_whose_best_mix_is_known_by_enumeration() {
    let ws = Workspace::new();
    ws.write("a.toml", fixed_model("A", 6000.0, "13000", "People"));
    ws.write("b.toml", fixed_model("B", 5000.0, "10000", "People"));
    ws.write("c.toml", fixed_model("C", 4000.0, "6900", "People"));
    ws.write(
        "p.toml",
        portfolio(
            "Small",
            10000.0,
            &[("a.toml", 1), ("b.toml", 2), ("c.toml", 1)],
        ),
    );
    let j = json(
        &ws,
        &["portfolio", "p.toml", "-n", "200", "--format", "json"],
    );
    assert_eq!(units(&j), [0, 2, 0]);
    assert_eq!(j["objective"], "npv");
    assert_eq!(j["objective_value"], 10000.0);
    let t = &j["total"];
    assert_eq!(t["npv"]["mean"], 10000.0);
    assert_eq!(t["investment"]["mean"], 10000.0);
    assert_eq!(t["present_value"]["mean"], 20000.0);
    assert_eq!(t["ratio"]["median"], 2.0);
    assert_eq!(t["prob_npv_above_0"], 1.0);
    assert_eq!(t["spent"], 10000.0);
    assert_eq!(j["search"]["proven_optimal"], true);
    // Each candidate's NPV per pound: 7/6, 1, 2.9/4.
    let per: Vec<f64> = j["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["npv_per_pound"].as_f64().unwrap())
        .collect();
    assert!((per[0] - 7.0 / 6.0).abs() < 1e-12 && per[1] == 1.0 && per[2] == 0.725);
    // The frontier at budget 5,000 (step 1 of 20 is 500; point 10): B alone, 5,000.
    let f = j["frontier"].as_array().unwrap();
    assert_eq!(f.len(), 20);
    assert_eq!(f[9]["budget"], 5000.0);
    assert_eq!(f[9]["expected_npv"], 5000.0);
    // At 6,000: A (7,000) beats B.
    assert_eq!(f[11]["budget"], 6000.0);
    assert_eq!(f[11]["expected_npv"], 7000.0);
}

#[test]
fn the_frontier_rises_with_the_budget_and_ends_at_the_answer() {
    let ws = Workspace::new();
    let file = repo("scenarios/fund-2020-five-million.toml");
    let j = json(
        &ws,
        &[
            "portfolio",
            file.to_str().unwrap(),
            "-n",
            "1000",
            "--format",
            "json",
        ],
    );
    let f = j["frontier"].as_array().unwrap();
    let mut last = (0.0, 0.0);
    for p in f {
        let (b, v) = (
            p["budget"].as_f64().unwrap(),
            p["expected_npv"].as_f64().unwrap(),
        );
        assert!(b > last.0 && v >= last.1, "{p} after {last:?}");
        assert!(p["spent"].as_f64().unwrap() <= b * (1.0 + 1e-12));
        last = (b, v);
    }
    assert_eq!(last.0, 5_000_000.0);
    assert_eq!(last.1, j["objective_value"].as_f64().unwrap());
    // The total is the chosen mix on the same draws: its mean NPV is the objective.
    let mean = j["total"]["npv"]["mean"].as_f64().unwrap();
    assert!(
        (mean - last.1).abs() < 1e-6 * last.1,
        "{mean} vs {}",
        last.1
    );
}

/// A safe scheme returns £1,000 net in every draw; a risky one loses £10,000 in three draws
/// of four and gains £90,000 in the fourth (mean £15,000). One unit fits the budget.
fn risky_and_safe(ws: &Workspace) {
    ws.write("safe.toml", fixed_model("Safe", 10000.0, "11000", "People"));
    ws.write(
        "risky.toml",
        fixed_model(
            "Risky",
            10000.0,
            "{ dist = \"discrete\", values = [0, 100000], weights = [3, 1] }",
            "People",
        ),
    );
    ws.write(
        "p.toml",
        portfolio("Risk", 10000.0, &[("safe.toml", 1), ("risky.toml", 1)]),
    );
}

#[test]
fn an_objective_that_weighs_risk_picks_the_safer_mix() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    let by_npv = json(
        &ws,
        &["portfolio", "p.toml", "-n", "4000", "--format", "json"],
    );
    assert_eq!(units(&by_npv), [0, 1]);
    let risky_mean = by_npv["total"]["npv"]["mean"].as_f64().unwrap();
    assert!((risky_mean - 15000.0).abs() < 2000.0, "{risky_mean}");
    for objective in ["prob-positive", "p10"] {
        let j = json(
            &ws,
            &[
                "portfolio",
                "p.toml",
                "-n",
                "4000",
                "--objective",
                objective,
                "--format",
                "json",
            ],
        );
        assert_eq!(units(&j), [1, 0], "{objective}");
        assert_eq!(j["objective"], objective);
        assert_eq!(j["search"]["proven_optimal"], true);
        assert_eq!(j["total"]["prob_npv_above_0"], 1.0);
    }
}

#[test]
fn the_weighted_objective_favours_value_to_poorer_stakeholders() {
    // U: NPV 3,000 to a stakeholder in the richest fifth (weight 0.398); W: NPV 2,000 to the
    // poorest fifth (weight 2.357). Weighted NPV (PV × w − cost, cost 10,000):
    // U 13,000 × 0.398234 − 10,000 < 0; W 12,000 × 2.356904 − 10,000 = 18,282.8.
    let ws = Workspace::new();
    let with_quintile = |name: &str, value: &str, q: u8| {
        format!(
            "{}\n[[stakeholders]]\nname = \"People\"\nincome_quintile = {q}\n",
            fixed_model(name, 10000.0, value, "People")
        )
    };
    ws.write("u.toml", with_quintile("U", "13000", 5));
    ws.write("w.toml", with_quintile("W", "12000", 1));
    ws.write(
        "p.toml",
        portfolio("Who gains", 10000.0, &[("u.toml", 1), ("w.toml", 1)]),
    );
    let j = json(
        &ws,
        &["portfolio", "p.toml", "-n", "100", "--format", "json"],
    );
    assert_eq!(units(&j), [1, 0]);
    let j = json(
        &ws,
        &[
            "portfolio",
            "p.toml",
            "-n",
            "100",
            "--objective",
            "weighted-npv",
            "--format",
            "json",
        ],
    );
    assert_eq!(units(&j), [0, 1]);
    let expected = 12000.0 * (26_300.0_f64 / 13_600.0).powf(1.3) - 10000.0;
    let got = j["objective_value"].as_f64().unwrap();
    assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
    let w = &j["total"]["weighted"];
    assert!((w["npv"]["mean"].as_f64().unwrap() - expected).abs() < 1e-6);
}

#[test]
fn a_budget_below_every_cost_gives_an_empty_portfolio_and_says_why() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    ws.write(
        "p.toml",
        portfolio("Too little", 500.0, &[("safe.toml", 1), ("risky.toml", 1)]),
    );
    let j = json(
        &ws,
        &["portfolio", "p.toml", "-n", "100", "--format", "json"],
    );
    assert_eq!(units(&j), [0, 0]);
    assert_eq!(j["total"]["units"], 0);
    assert!(j["total"]["ratio"].is_null());
    assert_eq!(
        j["notes"][0],
        "nothing is funded: the budget of 500 is below every candidate's mean investment (the cheapest, \"Safe\", costs 10000 a unit)"
    );
    let table = ws.sroi(&["portfolio", "p.toml", "-n", "100"]).stdout;
    assert!(table.contains("Note: nothing is funded"), "{table}");
}

#[test]
fn every_format_renders() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    let md = ws.sroi(&["portfolio", "p.toml", "-n", "100", "--format", "markdown"]);
    assert!(md.stdout.contains("### Frontier"), "{}", md.stdout);
    let csv = ws.sroi(&["portfolio", "p.toml", "-n", "100", "--format", "csv"]);
    assert!(
        csv.stdout.starts_with("portfolio,objective,seed,"),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.contains(",frontier,best_expected_npv,"));
    let table = ws.sroi(&["portfolio", "p.toml", "-n", "100"]).stdout;
    assert!(table.contains("The chosen mix, summed draw by draw"));
}

#[test]
fn the_same_seed_gives_the_same_answer_on_any_number_of_threads() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    let run = |t: &str| {
        ws.sroi(&[
            "portfolio",
            "p.toml",
            "-n",
            "5000",
            "--threads",
            t,
            "--objective",
            "p10",
            "--format",
            "json",
        ])
        .stdout
    };
    assert_eq!(run("1"), run("2"));
}

fn refused(ws: &Workspace, text: &str) -> String {
    ws.write("p.toml", text);
    ws.sroi(&["portfolio", "p.toml", "-n", "10"]).model_error()
}

#[test]
fn bad_portfolios_are_refused_with_the_item_field_and_line() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    let e = refused(&ws, &portfolio("P", 0.0, &[("safe.toml", 1)]));
    assert!(
        e.contains(
            "error: [portfolio], field `budget`: the budget must be a positive amount; got 0"
        ),
        "{e}"
    );
    assert!(e.contains("--> p.toml:3:"), "{e}");
    let e = refused(&ws, &portfolio("P", 100.0, &[("safe.toml", 0)]));
    assert!(
        e.contains("error: candidates[1] \"safe.toml\", field `max_units`: `max_units` is how many copies may be funded, a whole number from 1 to 1,000,000; got 0"),
        "{e}"
    );
    let e = refused(&ws, "[portfolio]\nname = \"P\"\nbudgte = 5\n");
    assert!(
        e.contains("unknown field `budgte`; did you mean `budget`?"),
        "{e}"
    );
    assert!(e.contains("missing required field `budget`"), "{e}");
    assert!(e.contains("the portfolio has no candidates"), "{e}");
    let e = refused(
        &ws,
        &format!(
            "{}[[candidates]]\nfiel = \"x\"\n",
            portfolio("P", 100.0, &[])
        ),
    );
    assert!(
        e.contains("unknown field `fiel`; did you mean `file`?"),
        "{e}"
    );
}

#[test]
fn a_candidate_that_fails_to_load_is_named_above_its_own_error() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    ws.write("broken.toml", "[model]\nname = \"Broken\"\n\n[[inputs]]\nname = \"Grant\"\namount = 10\n\n[[outcomes]]\nname = \"X\"\nstakeholder = \"P\"\nquantity = 1\nvalue = 5\ndeadwieght = 0.1\n");
    let e = refused(
        &ws,
        &portfolio("P", 100.0, &[("safe.toml", 1), ("broken.toml", 1)]),
    );
    assert!(
        e.starts_with(
            "error: p.toml: candidates[2] \"broken.toml\" cannot be used; its own error follows\n"
        ),
        "{e}"
    );
    assert!(
        e.contains("unknown field `deadwieght`; did you mean `deadweight`?"),
        "{e}"
    );
    assert!(e.contains("--> broken.toml:"), "{e}");
    let e = refused(&ws, &portfolio("P", 100.0, &[("missing.toml", 1)]));
    assert!(
        e.contains("candidates[1] \"missing.toml\" cannot be used"),
        "{e}"
    );
    assert!(
        e.contains("cannot read `missing.toml`: no such file"),
        "{e}"
    );
}

#[test]
fn an_unknown_objective_is_a_usage_error() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    let out = ws.sroi(&["portfolio", "p.toml", "--objective", "safest"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("`safest` is not an objective"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_portfolio_file_given_to_run_says_what_it_is() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    let e = ws.sroi(&["run", "p.toml"]).model_error();
    assert!(
        e.contains("this is a portfolio file, not a model or scenario"),
        "{e}"
    );
    assert!(e.contains("sroi portfolio p.toml"), "{e}");
}

/// The small knapsack of the first test, in every format (figures checked there by hand).
fn small(format: &str) -> String {
    let ws = Workspace::new();
    ws.write("a.toml", fixed_model("A", 6000.0, "13000", "People"));
    ws.write("b.toml", fixed_model("B", 5000.0, "10000", "People"));
    ws.write("c.toml", fixed_model("C", 4000.0, "6900", "People"));
    ws.write(
        "p.toml",
        portfolio(
            "Small",
            10000.0,
            &[("a.toml", 1), ("b.toml", 2), ("c.toml", 1)],
        ),
    );
    let out = ws.sroi(&["portfolio", "p.toml", "-n", "200", "--format", format]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.stdout
}

#[test]
fn snapshot_table() {
    insta::assert_snapshot!(small("table"));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(small("markdown"));
}

#[test]
fn snapshot_csv() {
    insta::assert_snapshot!(small("csv"));
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(small("json"));
}

#[test]
fn names_cannot_drive_the_terminal_or_a_spreadsheet() {
    let ws = Workspace::new();
    ws.write(
        "e.toml",
        fixed_model("=HYPERLINK(1)\\u001b[2J", 10.0, "20", "People"),
    );
    ws.write("p.toml", portfolio("Hostile", 100.0, &[("e.toml", 1)]));
    let table = ws.sroi(&["portfolio", "p.toml", "-n", "10"]).stdout;
    assert!(!table.contains('\u{1b}'), "{table}");
    assert!(table.contains("\\u{1b}[2J"), "{table}");
    let csv = ws
        .sroi(&["portfolio", "p.toml", "-n", "10", "--format", "csv"])
        .stdout;
    assert!(csv.contains(",'=HYPERLINK(1)"), "{csv}");
}

#[test]
fn a_risk_search_too_big_for_memory_is_refused_before_sampling() {
    let ws = Workspace::new();
    risky_and_safe(&ws);
    let out = ws.sroi(&[
        "portfolio",
        "p.toml",
        "-n",
        "100000000",
        "--objective",
        "prob-positive",
    ]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "2 candidates at 100,000,000 draws need about 4577 MB, more than the 1024 MB allowed"
        ),
        "{}",
        out.stderr
    );
}

/// Two candidates with uncertain costs and values, both funded within the budget.
fn uncertain_pair(ws: &Workspace) {
    for (file, name, cost, value) in [
        (
            "a.toml",
            "A",
            "{ dist = \"uniform\", min = 800, max = 1200 }",
            "{ dist = \"normal\", mean = 3000, sd = 900 }",
        ),
        (
            "b.toml",
            "B",
            "{ dist = \"triangular\", min = 400, mode = 500, max = 900 }",
            "{ dist = \"gamma\", mean = 2000, sd = 300 }",
        ),
    ] {
        ws.write(
            file,
            format!(
                "[model]\nname = \"{name}\"\n\n[[inputs]]\nname = \"Grant\"\namount = {cost}\n\n[[outcomes]]\nname = \"Benefit\"\nstakeholder = \"People\"\nquantity = 1\nvalue = {value}\nstart_year = 0\n"
            ),
        );
    }
    ws.write(
        "p.toml",
        portfolio("Pair", 10000.0, &[("a.toml", 3), ("b.toml", 2)]),
    );
}

#[test]
fn streamed_and_kept_draws_give_the_same_candidates_and_the_mix_sums_them() {
    let ws = Workspace::new();
    uncertain_pair(&ws);
    // 10,000 draws: five blocks, so the streamed tallies combine blocks.
    let run = |objective: &str, threads: &str| {
        json(
            &ws,
            &[
                "portfolio",
                "p.toml",
                "-n",
                "10000",
                "--objective",
                objective,
                "--threads",
                threads,
                "--format",
                "json",
            ],
        )
    };
    let streamed = run("npv", "1");
    let kept = run("p10", "2");
    assert_eq!(streamed, run("npv", "2"), "thread count changed the answer");
    assert_eq!(units(&streamed), [3, 2]);
    assert_eq!(units(&kept), [3, 2]);
    for (s, k) in streamed["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .zip(kept["candidates"].as_array().unwrap())
    {
        assert_eq!(s["investment"], k["investment"]);
        assert_eq!(s["npv"], k["npv"]);
    }
    // The same mix on the same draws: the same totals, whichever way it was chosen.
    assert_eq!(streamed["total"], kept["total"]);
    // The mix's NPV in each draw is 3 A + 2 B, so its mean is 3 mean(A) + 2 mean(B) up to
    // rounding, and likewise its investment.
    let mean = |c: &Value, field: &str| c[field]["mean"].as_f64().unwrap();
    let cands = streamed["candidates"].as_array().unwrap();
    for field in ["npv", "investment"] {
        let expected = 3.0 * mean(&cands[0], field) + 2.0 * mean(&cands[1], field);
        let total = mean(&streamed["total"], field);
        assert!(
            (total - expected).abs() <= 1e-9 * expected.abs(),
            "{field}: {total} against {expected}"
        );
    }
    // Means near the models' own: A's NPV 3000 − 1000 and B's 2000 − 600 (standard errors
    // about 9 and 3.5).
    assert!((mean(&cands[0], "npv") - 2000.0).abs() < 50.0);
    assert!((mean(&cands[1], "npv") - 1400.0).abs() < 20.0);
}

/// The expected ratio is mean present value / mean investment, not the mean of the draws'
/// ratios. One unit of a candidate worth 4,000 for a cost uniform on 1,000–3,000: the
/// expected ratio is 4,000 / 2,000 = 2, the mean of the draws' ratios 4,000 × ln 3 / 2,000
/// = 2 ln 3 ≈ 2.197 (the mean of 1 / U over U uniform on (a, b) is ln(b / a) / (b − a)).
#[test]
fn the_expected_ratio_is_mean_value_over_mean_cost() {
    let ws = Workspace::new();
    ws.write(
        "u.toml",
        fixed_model("U", 0.0, "4000", "People").replace(
            "amount = 0",
            "amount = { dist = \"uniform\", min = 1000, max = 3000 }",
        ),
    );
    ws.write("p.toml", portfolio("Expected", 2500.0, &[("u.toml", 1)]));
    let j = json(
        &ws,
        &["portfolio", "p.toml", "-n", "20000", "--format", "json"],
    );
    assert_eq!(units(&j), [1]);
    let t = &j["total"];
    let e = &t["expected"];
    let (pv, inv) = (
        e["present_value"].as_f64().unwrap(),
        e["investment"].as_f64().unwrap(),
    );
    assert_eq!(pv, t["present_value"]["mean"].as_f64().unwrap());
    assert_eq!(inv, t["investment"]["mean"].as_f64().unwrap());
    assert_eq!(
        e["npv"].as_f64().unwrap(),
        t["npv"]["mean"].as_f64().unwrap()
    );
    let ratio = e["ratio"].as_f64().unwrap();
    assert!((ratio - pv / inv).abs() < 1e-12, "{ratio}");
    assert!((ratio - 2.0).abs() < 0.02, "{ratio}");
    let mean_of_ratios = t["ratio"]["mean"].as_f64().unwrap();
    assert!(
        (mean_of_ratios - 2.0 * 3f64.ln()).abs() < 0.02,
        "{mean_of_ratios}"
    );
    // The text leads with the expected ratio and names the other for what it is.
    let out = ws.sroi(&["portfolio", "p.toml", "-n", "20000"]);
    let text = out.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!(
            "SROI ratio {ratio:.2} per £1 expected (mean value / mean cost)"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("mean of the draws' ratios {mean_of_ratios:.2}")),
        "{text}"
    );
}
