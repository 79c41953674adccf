//! The one path every command's result takes out: rendered in its format (a text format
//! from the result struct, a web page or workbook from a whole document), then sent to
//! its destination; and the [`Shell`], through which every note, warning and progress
//! bar reaches standard error, so that `--quiet` silences all of them but errors. The
//! terminal is asked its width here, and only here: the commands pass it on.

use crate::analysis::precision::MonteCarloError;
use crate::analysis::summary::group_thousands;
use crate::error::Error;
use crate::model::basis::{Basis, rebase};
use crate::model::load::{Loaded, load};
use crate::report::document::Document;
use crate::report::output::emit;
use crate::report::target::{DEFAULT_WIDTH, Target, width};
use crate::report::{Format, Render, html, plus_minus, xlsx};

/// Standard error as the commands use it: notes, warnings and progress bars unless
/// `--quiet`, and a line naming each file written with `-o`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shell {
    /// Say nothing on standard error but errors.
    pub quiet: bool,
}

impl Shell {
    /// Prints `text` (its own line endings included) on standard error unless quiet.
    pub fn note(&self, text: &str) {
        if !self.quiet && !text.is_empty() {
            eprint!("{text}");
        }
    }

    /// Whether a long run may show a progress bar.
    pub fn progress(&self) -> bool {
        !self.quiet
    }

    /// Sends rendered output where the target says, naming the file when there is one.
    pub fn send(&self, t: &Target, bytes: &[u8]) -> Result<(), Error> {
        emit(bytes, t.path.as_deref(), t.force)?;
        if let Some(path) = &t.path {
            self.wrote(path);
        }
        Ok(())
    }

    /// Names a file just written, on one line.
    pub fn wrote(&self, path: &std::path::Path) {
        self.note(&format!("wrote {}\n", path.display()));
    }

    /// Renders a result for its target and sends it: a text format from the result
    /// itself, a web page or workbook from the document that `document` builds around it
    /// (called only for those).
    pub fn deliver<R: Render>(
        &self,
        t: &Target,
        result: R,
        document: impl FnOnce(R) -> Result<Document, Error>,
    ) -> Result<(), Error> {
        let bytes = match t.text() {
            Some(text) => result.render(text).into_bytes(),
            None => render_document(&document(result)?, t.format)?,
        };
        self.send(t, &bytes)
    }

    /// Loads a model and prints its warnings, once.
    pub fn load(&self, file: &std::path::Path) -> Result<Loaded, Error> {
        let loaded = load(file)?;
        self.note(&loaded.render_warnings());
        Ok(loaded)
    }

    /// Loads every file, printing each one's warnings.
    pub fn load_all(&self, files: &[std::path::PathBuf]) -> Result<Vec<Loaded>, Error> {
        files.iter().map(|f| self.load(f)).collect()
    }

    /// Warns when a run's draws are too few for the digits it prints, filled to the
    /// width of standard error.
    pub fn warn_precision(&self, m: &MonteCarloError, options: usize) {
        if m.too_few_draws {
            self.note(&crate::report::text::wrap(
                &precision_warning(m, options),
                stderr_columns(),
                "",
                "  ",
            ));
        }
    }
}

/// The columns of the terminal standard output goes to: `COLUMNS` if it is set to a
/// number (as shells and `clap` read it), else the terminal's own width; `None` when
/// standard output is not a terminal and `COLUMNS` is not set.
pub fn terminal_columns() -> Option<usize> {
    columns_of(std::env::var("COLUMNS").ok(), || {
        use std::io::IsTerminal;
        match terminal_size::terminal_size() {
            Some((terminal_size::Width(w), _)) if std::io::stdout().is_terminal() => {
                Some(w as usize)
            }
            _ => None,
        }
    })
}

/// The columns to lay out text printed on standard output to: the terminal's
/// ([`terminal_columns`]), else `otherwise` (see [`width`]).
pub fn stdout_width(otherwise: usize) -> usize {
    width(terminal_columns(), otherwise)
}

/// The columns of the terminal standard error goes to (`COLUMNS` if set), or
/// [`DEFAULT_WIDTH`] when it is not a terminal.
pub fn stderr_columns() -> usize {
    width(
        columns_of(std::env::var("COLUMNS").ok(), || {
            terminal_size::terminal_size_of(std::io::stderr()).map(|(w, _)| w.0 as usize)
        }),
        DEFAULT_WIDTH,
    )
}

/// [`terminal_columns`] from the value of `COLUMNS` and a way to ask the terminal.
fn columns_of(set: Option<String>, terminal: impl FnOnce() -> Option<usize>) -> Option<usize> {
    set.and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
        .or_else(terminal)
}

/// A whole document in a written format.
pub fn render_document(doc: &Document, format: Format) -> Result<Vec<u8>, Error> {
    match format {
        Format::Xlsx => xlsx::render(doc),
        _ => html::render(doc).map(String::into_bytes),
    }
}

/// The warning for draws too few for the digits shown.
fn precision_warning(m: &MonteCarloError, options: usize) -> String {
    let whose = if options > 1 {
        " (of the least settled option)"
    } else {
        ""
    };
    let most = crate::model::checked::MAX_ITERATIONS as u64;
    let settle = if m.draws_for_printed_digits > most {
        format!(
            "more than {} draws, the most one run takes, would be needed to settle every figure to its last digit",
            group_thousands(most)
        )
    } else {
        format!(
            "about {} draws (-n {}) would settle every figure to its last digit",
            group_thousands(m.draws_for_printed_digits),
            m.draws_for_printed_digits
        )
    };
    format!(
        "warning: too few draws for the digits shown: with other draws the ratio's figures could move by {} and the chance above 1 by {} points{whose}; {settle}",
        plus_minus(m.ratio_precision),
        plus_minus(m.chance_precision * 100.0),
    )
}

/// Rebases every file's money to one price year (`given`, else the latest among them).
pub fn on_one_basis(files: &mut [Loaded], given: Option<i64>) -> Result<Basis, Error> {
    rebase(
        files
            .iter_mut()
            .map(|f| (f.file.as_str(), &mut f.model))
            .collect(),
        given,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_come_from_columns_then_the_terminal() {
        let terminal = || Some(120);
        assert_eq!(columns_of(Some("80".into()), terminal), Some(80));
        assert_eq!(columns_of(Some(" 90 ".into()), terminal), Some(90));
        assert_eq!(columns_of(None, terminal), Some(120));
        for unusable in ["", "wide", "0", "-5"] {
            assert_eq!(columns_of(Some(unusable.into()), terminal), Some(120));
        }
        assert_eq!(columns_of(None, || None), None);
    }
}
