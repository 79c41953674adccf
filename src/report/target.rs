//! Where output will go, settled before any sampling: the format (`--format`, else the
//! `-o` file's extension), standard output for `-o -`, and every check on the `-o` path
//! that can fail (the file exists and `--force` was not given, its folder is missing, the
//! folder cannot be written). A mistake in `-o` then costs nothing and writes nothing,
//! however long the run would have been. The width of the terminal view is settled here
//! too, once, from where the output goes, and travels with the format to the renderer.

use std::path::{Path, PathBuf};

use super::Format;
use crate::error::Error;

/// The columns the terminal view is laid out to when it does not go to a terminal (a
/// file, a pipe).
pub const DEFAULT_WIDTH: usize = 100;

/// The fewest columns the terminal view is ever laid out to, however narrow the terminal.
pub const LEAST_WIDTH: usize = 40;

/// The columns to lay text out to: the terminal's, `terminal`, when the output goes to
/// one (or `COLUMNS` says), else `otherwise`; never fewer than [`LEAST_WIDTH`].
pub fn width(terminal: Option<usize>, otherwise: usize) -> usize {
    terminal.unwrap_or(otherwise).max(LEAST_WIDTH)
}

/// A checked destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The format to render.
    pub format: Format,
    /// The file to write, or `None` for standard output.
    pub path: Option<PathBuf>,
    /// Replace the file if it exists.
    pub force: bool,
    /// The columns the terminal view (and a chart in Markdown) is laid out to: the
    /// terminal's for standard output, else [`DEFAULT_WIDTH`].
    pub width: usize,
}

impl Target {
    /// The text format to render, carrying the width; `None` for a web page or workbook.
    pub fn text(&self) -> Option<super::Text> {
        self.format.text(self.width)
    }
}

/// Settles the format and destination of `-o PATH` (or standard output) and checks the
/// path. `default` is the format when neither `--format` nor a file says; `terminal` the
/// columns of the terminal standard output goes to, if it is one (used only when the
/// output goes there).
pub fn target(
    format: Option<Format>,
    output: Option<&Path>,
    force: bool,
    default: Format,
    terminal: Option<usize>,
) -> Result<Target, Error> {
    let path = output.filter(|p| p.as_os_str() != "-");
    let format = match (format, path) {
        (Some(f), _) => f,
        (None, None) => default,
        (None, Some(p)) => {
            check_file(p, force)?;
            Format::from_extension(p).ok_or_else(|| unknown_extension(p))?
        }
    };
    if let Some(p) = path {
        check_file(p, force)?;
    }
    if format == Format::Xlsx && path.is_none() {
        return Err(Error::Usage(
            "a workbook cannot go to standard output; name a file with -o, e.g. -o report.xlsx"
                .into(),
        ));
    }
    Ok(Target {
        format,
        path: path.map(Path::to_path_buf),
        force,
        width: width(terminal.filter(|_| path.is_none()), DEFAULT_WIDTH),
    })
}

/// Checks the `--draws` file: a CSV file that can be written.
pub fn draws_file(path: &Path, force: bool) -> Result<(), Error> {
    check_file(path, force)?;
    match Format::from_extension(path) {
        Some(Format::Csv) => Ok(()),
        _ => Err(Error::Usage(format!(
            "--draws writes CSV: name a file ending in .csv, e.g. --draws draws.csv (got `{}`)",
            path.display()
        ))),
    }
}

fn unknown_extension(p: &Path) -> Error {
    Error::Usage(format!(
        "cannot tell the format of `{}` from its extension; use .json, .csv, .md, .html, .xlsx or .txt, or say which with --format",
        p.display()
    ))
}

/// Everything that would stop the file being written, found without writing it.
fn check_file(path: &Path, force: bool) -> Result<(), Error> {
    let shown = path.display().to_string();
    if !super::output::preflight(path, force)? {
        return Ok(());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "cannot write `{shown}`: the folder `{}` does not exist",
            dir.display()
        )));
    }
    // The only sure test of a folder's permissions is to create a file in it.
    let probe = dir.join(format!(".sroi-probe.{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(Error::Write {
            path: shown,
            reason: format!("the folder `{}` cannot be written to ({e})", dir.display()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_names_the_format_and_dash_is_standard_output() {
        let dir = tempfile_dir("ext");
        let t = target(None, Some(&dir.join("r.HTML")), false, Format::Table, None).unwrap();
        assert_eq!(t.format, Format::Html);
        let t = target(None, Some(Path::new("-")), false, Format::Table, None).unwrap();
        assert_eq!((t.format, t.path), (Format::Table, None));
        let t = target(
            Some(Format::Json),
            Some(Path::new("-")),
            false,
            Format::Table,
            None,
        )
        .unwrap();
        assert_eq!(t.format, Format::Json);
        let e = target(None, Some(&dir.join("r.pdf")), false, Format::Table, None).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--format"), "{e}");
        // With --format, any name will do.
        let t = target(
            Some(Format::Csv),
            Some(&dir.join("r.out")),
            false,
            Format::Table,
            None,
        );
        assert_eq!(t.unwrap().format, Format::Csv);
        let e = target(Some(Format::Xlsx), None, false, Format::Table, None).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_folder_or_existing_file_is_refused_up_front() {
        let dir = tempfile_dir("checks");
        let e = target(
            None,
            Some(&dir.join("no/r.json")),
            false,
            Format::Table,
            None,
        )
        .unwrap_err();
        assert!(e.to_string().contains("does not exist"), "{e}");
        std::fs::write(dir.join("r.json"), "keep").unwrap();
        let e = target(None, Some(&dir.join("r.json")), false, Format::Table, None).unwrap_err();
        assert!(e.to_string().contains("already exists"), "{e}");
        assert!(target(None, Some(&dir.join("r.json")), true, Format::Table, None).is_ok());
        assert_eq!(std::fs::read_to_string(dir.join("r.json")).unwrap(), "keep");
        assert!(draws_file(&dir.join("d.txt"), false).is_err());
        assert!(draws_file(&dir.join("d.csv"), false).is_ok());
        // No probe file is left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_terminal_sets_the_width_only_of_standard_output() {
        let dir = tempfile_dir("width");
        let to = |output: Option<&Path>, terminal| {
            target(None, output, false, Format::Table, terminal)
                .unwrap()
                .width
        };
        // Standard output (no -o, or -o -) takes the terminal's columns.
        assert_eq!(to(None, Some(80)), 80);
        assert_eq!(to(Some(Path::new("-")), Some(132)), 132);
        // Not a terminal (a pipe): 100 columns.
        assert_eq!(to(None, None), DEFAULT_WIDTH);
        // A file is 100 columns wide whatever the terminal.
        assert_eq!(to(Some(&dir.join("r.txt")), Some(80)), DEFAULT_WIDTH);
        // Never narrower than 40.
        assert_eq!(to(None, Some(12)), LEAST_WIDTH);
        assert_eq!(width(None, 80), 80);
        assert_eq!(width(Some(20), 80), 40);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sroi-target-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
