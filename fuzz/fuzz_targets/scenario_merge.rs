//! A base model and a scenario (the input split at a line `#---scenario---`): reading the
//! scenario, applying its changes to the base and checking the result never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sroi::error::ModelError;
use sroi::model::compile::compile;
use sroi::model::raw::{parse_document, read_model};
use sroi::model::scenario::{apply, read_scenario};

const SPLIT: &str = "\n#---scenario---\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some((base, scenario)) = text.split_once(SPLIT) else {
        return;
    };
    let (Ok(base_doc), Ok(doc)) = (parse_document(base), parse_document(scenario)) else {
        return;
    };
    let Ok(base_raw) = read_model(&base_doc, base.len()) else {
        return;
    };
    let offset = base.len() + 1;
    let s = match read_scenario(&doc, offset) {
        Ok(s) => s,
        Err(d) => {
            ModelError::new("s.toml", scenario, d).render();
            return;
        }
    };
    if let Ok((raw, changes)) = apply(&base_raw, &s, "Base") {
        let _ = changes.join("; ");
        let _ = compile(&raw);
    }
});
