//! Where rendered output goes: standard output, or a file named with `-o`.
//!
//! A file is written whole or not at all, and an existing file is never replaced unless
//! the user asks with `--force`: a typo such as `-o model.toml` must not destroy the model.
//!
//! The text goes to a temporary file made beside the target with a random name and
//! `O_EXCL` (so a symlink planted there is never followed), is flushed to disk, and is
//! then published under the target's name in one step: without `--force` by a rename
//! that refuses to replace anything (`renameat2` with `RENAME_NOREPLACE`, or `link` then
//! `unlink`), so two runs racing for one name cannot both win and a dangling symlink is
//! not replaced; with `--force` by an ordinary rename, keeping the old file's permissions.
//! Every error path removes the temporary file.
//!
//! A name that is not a regular file — `/dev/null`, a FIFO, `>(cmd)`, `/dev/stdout` — is
//! written in place: replacing a device node or a pipe would be wrong, and writing to one
//! loses nothing stored.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// What the name given with `-o` is now.
enum Target {
    /// Nothing: the file is created.
    Absent,
    /// A regular file, or a symlink (possibly dangling) standing where the file would go.
    Replaceable(Option<Metadata>),
    /// A device, FIFO, socket, or a descriptor of this process (`/dev/stdout`).
    InPlace,
    /// A directory.
    Directory,
}

fn target(path: &Path) -> std::io::Result<Target> {
    let own = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Absent),
        Err(e) => return Err(e),
    };
    let followed = if own.file_type().is_symlink() {
        std::fs::metadata(path).ok()
    } else {
        Some(own)
    };
    Ok(match followed {
        Some(m) if m.is_dir() => Target::Directory,
        Some(m) if !m.is_file() => Target::InPlace,
        Some(_) if names_a_descriptor(path) => Target::InPlace,
        m => Target::Replaceable(m),
    })
}

/// Whether `path` reaches one of this process's open descriptors (`/dev/stdout`,
/// `/dev/fd/3`, `/proc/self/fd/1`): writing there means writing to the descriptor, even
/// when the shell has pointed it at a regular file.
fn names_a_descriptor(path: &Path) -> bool {
    let in_fd_dir = |p: &Path| {
        p.parent()
            .and_then(|d| d.canonicalize().ok())
            .is_some_and(|d| {
                let mut parts = d.iter().map(|c| c.to_string_lossy().into_owned());
                parts.next().as_deref() == Some("/")
                    && parts.next().as_deref() == Some("proc")
                    && parts
                        .next()
                        .is_some_and(|pid| pid.bytes().all(|b| b.is_ascii_digit()))
                    && parts.next().as_deref() == Some("fd")
                    && parts.next().is_none()
            })
    };
    let mut p = path.to_path_buf();
    for _ in 0..8 {
        if in_fd_dir(&p) {
            return true;
        }
        match std::fs::read_link(&p) {
            Ok(next) => p = p.parent().unwrap_or(Path::new("/")).join(next),
            Err(_) => return false,
        }
    }
    false
}

/// What writing `path` will do, checked before any work: `Ok(true)` when the file will be
/// created or replaced beside its siblings (so its folder must be writable), `Ok(false)`
/// when it is written in place (a device, a FIFO, `/dev/stdout`), and the same error the
/// write itself would give for a folder, or for an existing file (a dangling symlink
/// included) without `--force`.
pub fn preflight(path: &Path, force: bool) -> Result<bool, Error> {
    let shown = path.display().to_string();
    match target(path) {
        Ok(Target::Directory) => Err(Error::Usage(format!(
            "`{shown}` is a folder; name a file to write with -o"
        ))),
        Ok(Target::InPlace) => Ok(false),
        Ok(Target::Replaceable(_)) if !force => Err(Error::Usage(format!(
            "`{shown}` already exists; pass --force to replace it, or choose another file with -o"
        ))),
        Ok(_) => Ok(true),
        Err(e) => Err(Error::Write {
            path: shown,
            reason: e.to_string(),
        }),
    }
}

fn write_file(text: &[u8], path: &Path, force: bool) -> Result<(), Error> {
    let shown = path.display().to_string();
    let fail = |e: std::io::Error| Error::Write {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let exists = || {
        Error::Usage(format!(
            "`{shown}` already exists; pass --force to replace it, or choose another file with -o"
        ))
    };
    match target(path).map_err(fail)? {
        Target::Directory => Err(Error::Write {
            path: shown.clone(),
            reason: "it is a directory; name a file with -o".into(),
        }),
        Target::InPlace => write_in_place(text, path).map_err(fail),
        Target::Replaceable(_) if !force => Err(exists()),
        Target::Replaceable(old) => publish(text, path, old.as_ref(), true).map_err(fail),
        Target::Absent => match publish(text, path, None, false) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
            other => other.map_err(fail),
        },
    }
}

/// Writes to an existing device, FIFO or descriptor, without replacing it.
fn write_in_place(text: &[u8], path: &Path) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(true).open(path)?;
    match file.write_all(text).and_then(|()| file.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes a temporary file beside `path`, flushes it to disk, and gives it `path`'s name:
/// replacing what is there when `replace`, else only if nothing is.
fn publish(text: &[u8], path: &Path, old: Option<&Metadata>, replace: bool) -> std::io::Result<()> {
    let dir = directory_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Dropping `tmp` on any early return below removes the temporary file.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets what the umask gives any new file (0644 under 022), as a shell
    // redirect would, rather than the temporary file's private 0600: the kernel applies
    // the umask to the mode asked for when it creates the file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    tmp.write_all(text)?;
    if let Some(old) = old {
        tmp.as_file().set_permissions(old.permissions())?;
    }
    tmp.as_file().sync_all()?;
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    // The new name is durable once the directory is: best effort, as some file systems
    // cannot sync a directory.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_a_file_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        emit("first", Some(&path), false).unwrap();
        let err = emit("second", Some(&path), false).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        emit("second", Some(&path), true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        // Nothing but the report is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_symlink_planted_at_the_old_temporary_name_is_not_followed() {
        // The temporary file used to be `.NAME.PID.tmp`, opened with O_TRUNC: a symlink
        // planted there had its target overwritten.
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir
            .path()
            .join(format!(".r.json.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        emit("report", Some(&dir.path().join("r.json")), false).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("r.json")).unwrap(),
            "report"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }

    #[test]
    fn descriptors_are_recognised() {
        assert!(names_a_descriptor(Path::new("/proc/self/fd/1")));
        assert!(names_a_descriptor(Path::new("/dev/stdout")));
        assert!(!names_a_descriptor(Path::new("/tmp/report.json")));
        assert!(!names_a_descriptor(Path::new("report.json")));
    }
}
