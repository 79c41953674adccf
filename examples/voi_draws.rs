//! Writes a model's draws for checking `sroi voi` elsewhere (see `benches/voi_mgcv.R`):
//! one row per draw, the NPV then every random quantity by its stable name.
//!
//! cargo run --release --example voi_draws -- MODEL N SEED OUT.csv

use std::path::Path;

use sroi::analysis::voi::groups::random_quantities;
use sroi::model::load::load;
use sroi::model::plan::Plan;
use sroi::sample::engine::{Column, SimOptions, simulate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, n, seed, out] = &args[..] else {
        return Err("usage: voi_draws MODEL N SEED OUT.csv".into());
    };
    let loaded = load(Path::new(model))?;
    let plan = Plan::new(&loaded.model);
    let randoms = random_quantities(&[&loaded.model]);
    let mut columns = vec![Column::PresentValue, Column::Investment];
    columns.extend(randoms.iter().map(|r| Column::Quantity(r.id)));
    let opts = SimOptions {
        iterations: n.parse()?,
        seed: seed.parse()?,
        sampling: sroi::sample::lhs::Method::Random,
        threads: None,
        progress: false,
        pass: (1, 1),
    };
    let stored = simulate(&plan, &opts, &columns).map_err(|_| "draws broke a rule")?;
    let mut w = csv::Writer::from_path(out)?;
    let mut header = vec!["npv".to_string()];
    header.extend(randoms.iter().map(|r| r.name.clone()));
    w.write_record(&header)?;
    for i in 0..opts.iterations {
        let mut row = vec![(stored[0][i] - stored[1][i]).to_string()];
        row.extend(stored[2..].iter().map(|c| c[i].to_string()));
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}
