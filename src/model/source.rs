//! A model file's text from disk, with a clear error when it cannot be read as a model.
//!
//! Both a model and a scenario's base model are read here, so the two give the same
//! messages for a missing, unreadable, empty or non-UTF-8 file.

use std::path::Path;

use crate::error::Error;

/// Reads a file's text, with a clear error if it is missing, empty or not UTF-8.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::Read {
        path: file.clone(),
        reason: match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if path.is_dir() => "it is a directory, not a model file".to_string(),
            _ => e.to_string(),
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Read {
        path: file.clone(),
        reason: format!(
            "it is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ),
    })?;
    if text.trim().is_empty() {
        return Err(Error::Read {
            path: file,
            reason: "the file is empty; a model needs `[model]`, `[[inputs]]` and `[[outcomes]]`"
                .to_string(),
        });
    }
    Ok(text)
}
