//! `--format json`: the result struct as one pretty-printed JSON object.

use serde::Serialize;

/// Renders any result struct as JSON with a trailing newline.
pub fn render<T: Serialize + ?Sized>(report: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
