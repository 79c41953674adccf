//! Invariants over many generated models, through the library (no process per case).

use proptest::prelude::*;
use sroi::compile::compile;
use sroi::engine::{Column, SimOptions, simulate};
use sroi::model::parse_model;
use sroi::plan::Plan;
use sroi::summary::{RunOptions, run};

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
        let opts = RunOptions { iterations: 400, seed, threads: Some(2), ci_level: level, progress: false };
        let r = run(&m, &plan, "generated.toml", &opts).unwrap();
        for s in [&r.ratio, &r.present_value, &r.investment, &r.npv, &r.outcomes[0].present_value] {
            prop_assert!(s.ci_low <= s.median && s.median <= s.ci_high, "{s:?}");
        }
        prop_assert!((0.0..=1.0).contains(&r.prob_ratio_above_1));
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
        let opts = SimOptions { iterations: 300, seed, threads: Some(1), progress: false, pass: (1, 1) };
        let draws = simulate(&Plan::new(&m), &opts, &[Column::Quantity(q)]).unwrap().remove(0);
        prop_assert!(draws.iter().all(|x| (0.0..=1.0).contains(x)));
    }
}
