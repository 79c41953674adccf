//! `--sampling lhs` (spec §20): a Latin hypercube within each block of draws. Each
//! block's draws of a quantity fall one in each stratum; the output is the same byte for
//! byte on any number of threads and for any split into shards; parts of runs sampled
//! differently are refused; common random numbers still move every draw the same way; and
//! the Monte Carlo error a run reports, taken from the spread between blocks, agrees with
//! the spread of the figures over seeds.

mod common;

use common::{Output, Workspace, repo};
use sroi::analysis::summary::{DEFAULT_THRESHOLDS, RunSettings, run};
use sroi::model::checked::QId;
use sroi::model::load::load;
use sroi::model::plan::Plan;
use sroi::sample::engine::{BLOCK, Column, SimOptions, simulate};
use sroi::sample::lhs::Method;

fn ok(out: Output) -> String {
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    out.stdout
}

/// The compiled plan of `text`, and the id of its quantity `name`.
fn plan_of(text: &str, name: &str) -> (Plan, QId) {
    let raw = sroi::model::raw::parse_model(text).expect("parses");
    let model = sroi::model::compile::compile(&raw).expect("compiles");
    let q = model.quantity(name).expect("the quantity");
    (Plan::new(&model), q)
}

fn sim(n: usize, sampling: Method) -> SimOptions {
    SimOptions {
        iterations: n,
        seed: 42,
        sampling,
        threads: Some(2),
        progress: false,
        pass: (1, 1),
    }
}

/// A model whose parameter `u` is uniform on (0, 1), so its draws are their uniforms, and
/// `share` a PERT whose mode a second version raises.
fn strata_model(mode: f64) -> String {
    format!(
        r#"
[model]
name = "Strata"
discount_rate = 0

[parameters]
u = {{ dist = "uniform", min = 0, max = 1 }}
share = {{ dist = "pert", min = 0, mode = {mode}, max = 1 }}

[[inputs]]
name = "Grant"
stakeholder = "Trust"
amount = 100

[[outcomes]]
name = "O"
stakeholder = "People"
quantity = "u * share * 1000"
value = 1
duration = 1
"#
    )
}

#[test]
fn each_block_has_one_draw_in_each_stratum() {
    // 5,000 draws: blocks of 2,048, 2,048 and 904.
    let (plan, u) = plan_of(&strata_model(0.3), "parameters.u");
    let n = 5000;
    let lhs = simulate(&plan, &sim(n, Method::Lhs), &[Column::Quantity(u)]).unwrap();
    for (b, block) in lhs[0].chunks(BLOCK).enumerate() {
        let k = block.len();
        let mut seen = vec![0; k];
        for &x in block {
            seen[(x * k as f64) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c == 1), "block {b}");
    }
    // Plain random draws leave strata empty (about 1/e of them).
    let random = simulate(&plan, &sim(n, Method::Random), &[Column::Quantity(u)]).unwrap();
    let mut seen = vec![0; BLOCK];
    for &x in &random[0][..BLOCK] {
        seen[(x * BLOCK as f64) as usize] += 1;
    }
    let empty = seen.iter().filter(|&&c| c == 0).count();
    assert!((600..900).contains(&empty), "{empty} of 2,048 strata empty");
}

#[test]
fn raising_a_mode_moves_every_latin_hypercube_draw_up() {
    let (low, q) = plan_of(&strata_model(0.3), "parameters.share");
    let (high, _) = plan_of(&strata_model(0.35), "parameters.share");
    let n = 10_000;
    let a = simulate(&low, &sim(n, Method::Lhs), &[Column::Quantity(q)]).unwrap();
    let b = simulate(&high, &sim(n, Method::Lhs), &[Column::Quantity(q)]).unwrap();
    assert!(a[0].iter().zip(&b[0]).all(|(x, y)| y > x));
}

/// The simple fixture, in a workspace.
fn workspace() -> Workspace {
    let ws = Workspace::new();
    ws.write(
        "simple.toml",
        std::fs::read(repo("tests/fixtures/simple.toml")).expect("fixture"),
    );
    ws
}

#[test]
fn the_same_on_any_number_of_threads_and_shards() {
    let ws = workspace();
    // `run simple.toml -n 20000 --sampling METHOD`, then `extra`.
    let run = |method: &str, extra: &[&str]| {
        let mut args = vec!["run", "simple.toml", "-n", "20000", "--sampling", method];
        args.extend(extra);
        ok(ws.sroi(&args))
    };
    let json = ["--format", "json"];
    let single = run("lhs", &[&json[..], &["--threads", "1"]].concat());
    assert!(single.contains("\"sampling\": \"lhs\""));
    assert_eq!(
        run("lhs", &[&json[..], &["--threads", "2"]].concat()),
        single
    );
    assert_eq!(
        run("lhs", &[&json[..], &["--threads", "3"]].concat()),
        single
    );
    // Not the random run's figures.
    let random = run("random", &json);
    assert!(random.contains("\"sampling\": \"random\""));
    assert_ne!(random.replace("\"random\"", "\"lhs\""), single);
    // Three shards (blocks split 3, 3, 4), merged in another order.
    for k in 1..=3 {
        run(
            "lhs",
            &[
                "--shard",
                &format!("{k}/3"),
                "-o",
                &format!("part-{k}.json"),
            ],
        );
    }
    let merged = ok(ws.sroi(&[
        "merge",
        "part-3.json",
        "part-1.json",
        "part-2.json",
        "--format",
        "json",
    ]));
    assert_eq!(merged, single);
    // A part sampled at random does not merge with them.
    run("random", &["--shard", "2/3", "-o", "random-2.json"]);
    let out = ws.sroi(&["merge", "part-1.json", "random-2.json", "part-3.json"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "error: part `random-2.json`: it has sampling random, but `part-1.json` has lhs; parts of one run must agree\n"
    );
}

#[test]
fn the_settings_line_and_the_report_name_the_sampling_method() {
    let ws = workspace();
    // The Latin hypercube is the default, and named as such.
    for args in [&["--sampling", "lhs"][..], &[]] {
        let mut all = vec!["run", "simple.toml", "-n", "3000"];
        all.extend(args);
        let out = ok(ws.sroi(&all));
        assert!(
            out.contains("3,000 draws · seed 42, Latin hypercube ·"),
            "{out}"
        );
    }
    let out = ok(ws.sroi(&["run", "simple.toml", "-n", "3000", "--sampling", "random"]));
    assert!(
        out.contains("3,000 draws · seed 42, independent draws · 95% intervals"),
        "{out}"
    );
    // The report's methods say where its errors come from.
    ok(ws.sroi(&["report", "simple.toml", "-n", "3000", "-o", "r.html"]));
    let page = std::fs::read_to_string(ws.path().join("r.html")).unwrap();
    assert!(page.contains("seed 42, Latin hypercube"));
    assert!(page.contains("The draws are a Latin hypercube within each block of 2,048"));
    ok(ws.sroi(&[
        "report",
        "simple.toml",
        "-n",
        "3000",
        "--sampling",
        "random",
        "-o",
        "random.html",
    ]));
    let page = std::fs::read_to_string(ws.path().join("random.html")).unwrap();
    assert!(page.contains("seed 42, independent draws"));
    assert!(!page.contains("Latin hypercube"));
    let bad = ws.sroi(&["run", "simple.toml", "--sampling", "sobol"]);
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("[possible values: random, lhs]"),
        "{}",
        bad.stderr
    );
}

/// A model whose ratio depends on several quantities, not additively: quantity, value,
/// a share taken off and an uncertain cost.
const SEVERAL: &str = r#"
[model]
name = "Several uncertain figures"
discount_rate = 0

[parameters]
reach = { dist = "triangular", min = 50, mode = 80, max = 150 }
cost = { dist = "uniform", min = 8000, max = 14000 }

[[inputs]]
name = "Grant"
stakeholder = "Trust"
amount = "cost"

[[outcomes]]
name = "Benefit"
stakeholder = "People"
quantity = "reach"
value = { dist = "lognormal", mean = 200, sd = 60 }
deadweight = { dist = "beta", mean = 0.3, sd = 0.1 }
duration = 1
"#;

fn options(n: usize, seed: u64, sampling: Method) -> RunSettings {
    RunSettings {
        iterations: n,
        seed,
        sampling,
        threads: Some(2),
        ci_level: 0.95,
        progress: false,
        thresholds: DEFAULT_THRESHOLDS.to_vec(),
    }
}

fn sd(xs: &[f64]) -> f64 {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

#[test]
fn the_reported_error_matches_the_spread_over_seeds() {
    // 40,960 draws (20 blocks) under 30 seeds. The reported ± is a 95% half-width, about
    // 2.09 standard errors with 19 degrees of freedom; its mean over the seeds, divided by
    // that, should be the standard deviation of the figure over the seeds. With 30 seeds
    // that sd is known to about ±13% (one sd) and each run's error to about ±16%, so the
    // two agree within a factor of 1.5 unless the error is wrong.
    let ws = Workspace::new();
    let loaded = load(&ws.write("several.toml", SEVERAL)).unwrap();
    let plan = Plan::new(&loaded.model);
    let (n, seeds) = (40_960, 30);
    let t = 2.093;
    let mut spread = Vec::new();
    for sampling in [Method::Lhs, Method::Random] {
        let (mut expected, mut mean, mut chance) = (Vec::new(), Vec::new(), Vec::new());
        let mut reported = [0.0; 3];
        for seed in 0..seeds {
            let r = run(&loaded, &plan, &options(n, seed, sampling)).unwrap();
            let h = &r.headline;
            let m = &h.monte_carlo_error;
            expected.push(h.expected.ratio);
            mean.push(h.ratio.mean);
            chance.push(h.prob_ratio_above_1);
            let [lo, hi] = m.prob_ratio_above_1;
            reported[0] += m.expected_ratio.unwrap() / seeds as f64;
            reported[1] += m.ratio_mean.unwrap() / seeds as f64;
            reported[2] += (hi - lo) / 2.0 / seeds as f64;
        }
        let z = if sampling == Method::Lhs { t } else { 1.96 };
        let observed = [sd(&expected), sd(&mean), sd(&chance)];
        for (name, (r, o)) in ["expected ratio", "mean ratio", "chance above 1"]
            .iter()
            .zip(reported.iter().zip(observed))
        {
            let factor = (r / z) / o;
            assert!(
                (1.0 / 1.5..=1.5).contains(&factor),
                "{sampling:?}, {name}: reported sd {} against {o} over seeds ({factor})",
                r / z
            );
        }
        spread.push(observed);
    }
    // And the Latin hypercube's errors are smaller, so the check above is not of plain
    // random draws twice: the expected ratio's variance falls at least fourfold here.
    let (lhs, random) = (spread[0], spread[1]);
    assert!(lhs[0] < random[0] / 2.0, "{lhs:?} against {random:?}");
}
