//! Any text as a model file: reading, checking and rendering every problem found must
//! never panic, whatever the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sroi::error::ModelError;
use sroi::model::compile::compile;
use sroi::model::raw::{parse_document, read_model};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = |d| ModelError::new("fuzz.toml", text, d).render();
    match parse_document(text) {
        Err(d) => {
            report(d);
        }
        Ok(doc) => match read_model(&doc, text.len()) {
            Err(d) => {
                report(d);
            }
            Ok(raw) => {
                if let Err(d) = compile(&raw) {
                    report(d);
                }
            }
        },
    }
});
