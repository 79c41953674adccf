//! A model that passes `check` samples a few draws and renders in every format: no panic,
//! no hang, and no NaN or infinity printed, or a clear error (a rule broken by a draw).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use sroi::analysis::summary::{RunSettings, run};
use sroi::model::load::load;
use sroi::model::plan::Plan;
use sroi::report::{Render, Text};
use sroi::sample::lhs::Method;

fuzz_target!(|data: &[u8]| {
    if std::str::from_utf8(data).is_err() || data.len() > 64 * 1024 {
        return;
    }
    let mut file = tempfile_in_tmp();
    file.1.write_all(data).unwrap();
    let Ok(loaded) = load(&file.0) else {
        return;
    };
    let plan = Plan::new(&loaded.model);
    let opts = RunSettings {
        iterations: 16,
        seed: 7,
        sampling: Method::Random,
        threads: Some(1),
        ci_level: 0.95,
        progress: false,
        thresholds: vec![1.0, 2.0],
    };
    if let Ok(report) = run(&loaded, &plan, &opts) {
        let width = 100;
        for format in [Text::Table { width }, Text::Json, Text::Csv, Text::Markdown { width }] {
            let text = report.render(format);
            for bad in ["NaN", "inf"] {
                let at = text.match_indices(bad).find(|(i, _)| {
                    let before = text[..*i].chars().next_back();
                    let after = text[i + bad.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
                });
                assert!(at.is_none(), "{format:?} prints {bad}:\n{text}");
            }
        }
    }
    let _ = std::fs::remove_file(&file.0);
});

/// A fresh file for this input in the temporary directory.
fn tempfile_in_tmp() -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!("sroi-fuzz-{}.toml", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    (path, file)
}
