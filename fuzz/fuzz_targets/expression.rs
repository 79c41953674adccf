//! Any text as an expression: parsing never panics, a parsed expression's variables lie
//! within the text, and an error's position does too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sroi::model::expr::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Ok(e) => {
            for (name, offset) in e.variables() {
                assert!(offset + name.len() <= text.len());
            }
        }
        Err(e) => {
            assert!(e.offset <= text.len(), "{} > {}", e.offset, text.len());
            let _ = e.message.len();
        }
    }
});
