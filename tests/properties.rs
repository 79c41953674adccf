//! Invariants over many generated models, through the library (no process per case).

use proptest::prelude::*;
use sroi::analysis::summary::{RunSettings, run};
use sroi::model::compile::compile;
use sroi::model::plan::Plan;
use sroi::model::raw::parse_model;
use sroi::sample::engine::{Column, SimOptions, simulate};

/// A one-outcome model with a random value, quantity and attribution, and the given deadweight.
fn model(deadweight: f64, value_mode: f64, people: f64, drop_off: f64, duration: u32) -> String {
    format!(
        r#"[model]
name = "Generated"
[[inputs]]
name = "Grant"
amount = {{ dist = "uniform", min = 5000, max = 15000 }}
[[outcomes]]
name = "Outcome"
stakeholder = "People"
quantity = {{ dist = "poisson", lambda = {people} }}
value = {{ dist = "triangular", min = 0, mode = {value_mode}, max = {max} }}
deadweight = {deadweight}
attribution = {{ dist = "beta", mean = 0.3, sd = 0.1 }}
drop_off = {drop_off}
duration = {duration}
"#,
        max = value_mode * 2.0 + 1.0
    )
}

fn plan_of(text: &str) -> Plan {
    let raw = parse_model(text).expect("generated models parse");
    Plan::new(&compile(&raw).expect("generated models are valid"))
}

fn ratios(text: &str, seed: u64) -> Vec<f64> {
    let opts = SimOptions {
        iterations: 300,
        seed,
        sampling: sroi::sample::lhs::Method::Random,
        threads: Some(1),
        progress: false,
        pass: (1, 1),
    };
    simulate(&plan_of(text), &opts, &[Column::Ratio])
        .expect("valid draws")
        .remove(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With positive values, more deadweight never raises the ratio, draw by draw (the
    /// draws are common to both models: only the deadweight differs).
    #[test]
    fn raising_deadweight_never_raises_the_ratio(
        a in 0.0f64..=1.0, b in 0.0f64..=1.0, value in 1.0f64..5000.0,
        people in 1.0f64..500.0, drop_off in 0.0f64..=1.0, duration in 1u32..5, seed in 0u64..1000,
    ) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let r_low = ratios(&model(low, value, people, drop_off, duration), seed);
        let r_high = ratios(&model(high, value, people, drop_off, duration), seed);
        for (x, y) in r_low.iter().zip(&r_high) {
            prop_assert!(y <= x, "deadweight {high} gave {y} > {x} at {low}");
        }
    }

    /// Every reported interval contains its median, and the percentiles are ordered.
    #[test]
    fn intervals_contain_medians(
        dw in 0.0f64..=1.0, value in 1.0f64..5000.0, people in 1.0f64..500.0,
        level in 0.5f64..0.999, seed in 0u64..1000,
    ) {
        let text = model(dw, value, people, 0.2, 2);
        let raw = parse_model(&text).unwrap();
        let m = compile(&raw).unwrap();
        let plan = Plan::new(&m);
        let loaded = sroi::model::load::Loaded { file: "generated.toml".into(), source: text.clone(), model: m, scenario: None, proxies: Vec::new(), warnings: sroi::error::ModelError::new("generated.toml", &text, Vec::new()) };
        let opts = RunSettings { iterations: 400, seed, sampling: sroi::sample::lhs::Method::Random, threads: Some(2), ci_level: level, progress: false, thresholds: vec![1.0, 2.0] };
        let r = run(&loaded, &plan, &opts).unwrap();
        let h = &r.headline;
        for s in [&h.ratio, &h.present_value, &h.investment, &h.npv, &r.outcomes[0].present_value] {
            prop_assert!(s.ci_low <= s.median && s.median <= s.ci_high, "{s:?}");
        }
        prop_assert!((0.0..=1.0).contains(&h.prob_ratio_above_1));
        // The acceptability curve falls as the threshold rises.
        prop_assert!(h.acceptability[0].probability >= h.acceptability[1].probability);
    }

    /// Proportions drawn from distributions on [0, 1] stay there in every draw.
    #[test]
    fn proportions_stay_within_zero_and_one(mean in 0.01f64..0.99, sd_frac in 0.05f64..0.95, seed in 0u64..1000) {
        let sd = sd_frac * (mean * (1.0 - mean)).sqrt();
        let text = model(0.1, 100.0, 50.0, 0.0, 1)
            .replace("deadweight = 0.1", &format!("deadweight = {{ dist = \"beta\", mean = {mean}, sd = {sd} }}"));
        let raw = parse_model(&text).unwrap();
        let m = compile(&raw).unwrap();
        let q = m.quantity("outcomes.Outcome.deadweight").unwrap();
        let opts = SimOptions { iterations: 300, seed, sampling: sroi::sample::lhs::Method::Random, threads: Some(1), progress: false, pass: (1, 1) };
        let draws = simulate(&Plan::new(&m), &opts, &[Column::Quantity(q)]).unwrap().remove(0);
        prop_assert!(draws.iter().all(|x| (0.0..=1.0).contains(x)));
    }
}

/// A valid model to damage at random.
const MODEL: &str = r#"[model]
name = "Robustness"
discount_rate = { dist = "uniform", min = 0.01, max = 0.05 }
[parameters]
people = { dist = "poisson", lambda = 120 }
share = { dist = "beta", mean = 0.4, sd = 0.1 }
reached = "people * share - min(2, max(1, people / 100))"
[[inputs]]
name = "Grant"
stakeholder = "Trust"
schedule = [10000, { dist = "pert", min = 4000, mode = 5000, max = 9000 }]
[[outcomes]]
name = "Wellbeing"
stakeholder = "Participants"
quantity = "reached"
value = { dist = "triangular", min = 100, mode = 400, max = 900 }
deadweight = { dist = "normal", mean = 0.2, sd = 0.05, min = 0, max = 1 }
attribution = 0.25
drop_off = 0.3
duration = 3
start_year = 0
"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever the damage, reading, checking, explaining and sampling never panic.
    #[test]
    fn damaged_models_never_panic(edits in prop::collection::vec((0usize..10_000, 0u8..4, prop::sample::select(
        vec!['"', '=', '[', ']', '{', '}', ',', '\n', '0', '9', '-', '.', 'e', 'x', '*', '(', ')', ' ', 'é', '#']
    )), 1..6)) {
        let mut text: Vec<char> = MODEL.chars().collect();
        for (at, kind, c) in edits {
            let i = at % (text.len() + 1);
            match kind {
                0 if i < text.len() => { text.remove(i); }
                1 => text.insert(i, c),
                2 if i < text.len() => text[i] = c,
                _ => {}
            }
        }
        let text: String = text.into_iter().collect();
        match parse_model(&text).and_then(|raw| compile(&raw)) {
            Err(diagnostics) => {
                let err = sroi::error::ModelError::new("m.toml", &text, diagnostics);
                prop_assert!(!err.render().is_empty());
            }
            Ok(model) => {
                let plan = Plan::new(&model);
                let opts = SimOptions { iterations: 50, seed: 1, sampling: sroi::sample::lhs::Method::Random, threads: Some(1), progress: false, pass: (1, 1) };
                let _ = simulate(&plan, &opts, &[Column::Ratio]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The decision figures for any options' NPV draws: the chances of being best sum to
    /// 1, no expected loss is negative, and the option with the highest mean NPV has the
    /// least expected loss, which equals E[max] − max E[NPV].
    #[test]
    fn decision_figures_are_consistent(
        draws in prop::collection::vec(prop::collection::vec(-1e6f64..1e6, 3), 1..60),
    ) {
        use sroi::analysis::decision::Tracker;
        let options: Vec<Vec<f64>> = (0..3).map(|k| draws.iter().map(|d| d[k]).collect()).collect();
        let mut t = Tracker::default();
        for o in &options {
            t.add(o);
        }
        let d = t.finish();
        let n = draws.len() as f64;
        let sum: f64 = d.prob_best_npv.iter().sum();
        prop_assert!((sum - 1.0).abs() < 1e-12);
        prop_assert!(d.expected_loss.iter().all(|&l| l >= 0.0));
        let means: Vec<f64> = options.iter().map(|o| o.iter().sum::<f64>() / n).collect();
        let best_mean = means.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let e_max = draws.iter().map(|d| d.iter().cloned().fold(f64::NEG_INFINITY, f64::max)).sum::<f64>() / n;
        let least = d.expected_loss.iter().cloned().fold(f64::INFINITY, f64::min);
        prop_assert!((least - (e_max - best_mean)).abs() <= 1e-6 * e_max.abs().max(1.0));
        for (k, m) in means.iter().enumerate() {
            prop_assert!((d.expected_loss[k] - (e_max - m)).abs() <= 1e-6 * e_max.abs().max(1.0));
        }
    }
}
