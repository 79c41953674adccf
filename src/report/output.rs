//! Where rendered output goes: standard output, or a file named with `-o`.
//!
//! A file is written whole or not at all (to a temporary file beside it, then renamed),
//! and an existing file is never replaced unless the user asks with `--force`: a typo
//! such as `-o model.toml` must not destroy the model.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `text` to `path`, or to standard output when `path` is `None`.
/// A closed pipe (`sroi run … | head`) is not an error.
pub fn emit(text: impl AsRef<[u8]>, path: Option<&Path>, force: bool) -> Result<(), Error> {
    let text = text.as_ref();
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Write {
                    path: "standard output".into(),
                    reason: e.to_string(),
                }),
                _ => Ok(()),
            }
        }
        Some(path) => write_file(text, path, force),
    }
}

fn write_file(text: &[u8], path: &Path, force: bool) -> Result<(), Error> {
    let shown = path.display().to_string();
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "`{shown}` already exists; pass --force to replace it, or choose another file with -o"
        )));
    }
    let fail = |e: std::io::Error| Error::Write {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_a_file_unless_forced() {
        let dir = std::env::temp_dir().join(format!("sroi-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.json");
        emit("first", Some(&path), false).unwrap();
        let err = emit("second", Some(&path), false).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        emit("second", Some(&path), true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
