//! A model file's text from disk, with a clear error when it cannot be read as a model.
//!
//! Both a model and a scenario's base model are read here, so the two give the same
//! messages for a missing, unreadable, empty or non-UTF-8 file. Only a regular file is
//! read, and only up to [`MAX_MODEL_BYTES`]: `/dev/zero` would otherwise fill memory and a
//! FIFO or `/dev/stdin` would wait for ever.

use std::io::Read;
use std::path::Path;

use crate::error::Error;

/// The largest model file read: far beyond any real model (the largest bundled model is
/// a few kilobytes; a model with 100,000 outcomes is about 8 MB).
pub const MAX_MODEL_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a file's text, with a clear error if it is missing, not a regular file, larger
/// than [`MAX_MODEL_BYTES`], empty or not UTF-8.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let file = path.display().to_string();
    let fail = |reason: String| Error::Read {
        path: file.clone(),
        reason,
    };
    let io_reason = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    // Look before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(|e| fail(io_reason(e)))?;
    if meta.is_dir() {
        return Err(fail("it is a directory, not a model file".to_string()));
    }
    if !meta.is_file() {
        return Err(fail(
            "it is not a regular file (a device, pipe or socket); save the model to a file"
                .to_string(),
        ));
    }
    let too_big = || {
        fail(format!(
            "it is larger than {} MB, far more than any model; is it the right file?",
            MAX_MODEL_BYTES / (1024 * 1024)
        ))
    };
    if meta.len() > MAX_MODEL_BYTES {
        return Err(too_big());
    }
    let opened = std::fs::File::open(path).map_err(|e| fail(io_reason(e)))?;
    // The file may have been swapped or grown since it was looked at: read one byte past
    // the limit to notice.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    opened
        .take(MAX_MODEL_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(io_reason(e)))?;
    if bytes.len() as u64 > MAX_MODEL_BYTES {
        return Err(too_big());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "it is not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(fail(
            "the file is empty; a model needs `[model]`, `[[inputs]]` and `[[outcomes]]`"
                .to_string(),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(path: &Path) -> String {
        match read_text(path) {
            Err(Error::Read { reason, .. }) => reason,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn special_files_are_refused_without_reading() {
        // /dev/zero never ends; a read of it would fill memory.
        assert!(reason(Path::new("/dev/zero")).contains("not a regular file"));
        assert!(reason(Path::new("/dev/null")).contains("not a regular file"));
        assert!(reason(Path::new("/")).contains("directory"));
    }

    #[test]
    fn a_file_past_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.toml");
        let f = std::fs::File::create(&path).unwrap();
        // Sparse: no disk is used.
        f.set_len(MAX_MODEL_BYTES + 1).unwrap();
        assert!(
            reason(&path).contains("larger than 32 MB"),
            "{}",
            reason(&path)
        );
    }
}
