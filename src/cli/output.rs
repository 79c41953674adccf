//! The one path every command's result takes out: rendered in its format (a text format
//! from the result struct, a web page or workbook from a whole document), then sent to
//! its destination; and the notes for standard error that commands share.

use crate::analysis::precision::MonteCarloError;
use crate::analysis::summary::group_thousands;
use crate::error::Error;
use crate::model::load::{Loaded, load};
use crate::report::document::Document;
use crate::report::output::emit;
use crate::report::target::Target;
use crate::report::{Format, Report, html, plus_minus, xlsx};

/// Sends rendered output where the target says.
pub fn send(t: &Target, bytes: &[u8]) -> Result<(), Error> {
    emit(bytes, t.path.as_deref(), t.force)
}

/// Renders a result for its target and sends it: a text format from the result itself,
/// a web page or workbook from the document that `document` builds around it (called
/// only for those).
pub fn deliver<R: Report>(
    t: &Target,
    result: R,
    document: impl FnOnce(R) -> Result<Document, Error>,
) -> Result<(), Error> {
    let bytes = if t.format.is_document() {
        render_document(&document(result)?, t.format)?
    } else {
        result.render(t.format).into_bytes()
    };
    send(t, &bytes)
}

/// Fits tables to the terminal they will be shown in; anywhere else (a file, a pipe),
/// to 100 columns.
pub fn fit_tables(t: &Target) {
    fit_terminal(t.path.is_none());
}

/// Fits tables and text to the terminal when `to_terminal` output goes to standard
/// output, else to 100 columns.
pub fn fit_terminal(to_terminal: bool) {
    let columns = if to_terminal {
        crate::report::table::terminal_columns()
    } else {
        None
    };
    crate::report::table::set_width(columns.unwrap_or(crate::report::table::DEFAULT_WIDTH));
}

/// A whole document in a written format.
pub fn render_document(doc: &Document, format: Format) -> Result<Vec<u8>, Error> {
    match format {
        Format::Xlsx => xlsx::render(doc),
        _ => html::render(doc).map(String::into_bytes),
    }
}

/// Loads a model and prints its warnings, once, on standard error.
pub fn load_warned(file: &std::path::Path) -> Result<Loaded, Error> {
    let loaded = load(file)?;
    eprint!("{}", loaded.render_warnings());
    Ok(loaded)
}

/// Loads every file, printing each one's warnings.
pub fn load_all(files: &[std::path::PathBuf]) -> Result<Vec<Loaded>, Error> {
    files.iter().map(|f| load_warned(f)).collect()
}

/// Warns on standard error when a run's draws are too few for the digits it prints,
/// filled to the width tables take.
pub fn warn_precision(m: &MonteCarloError, options: usize) {
    if m.too_few_draws {
        let whose = if options > 1 {
            " (of the least settled option)"
        } else {
            ""
        };
        let text = format!(
            "warning: too few draws for the digits shown: with other draws the ratio's figures could move by {} and the chance above 1 by {} points{whose}; about {} draws (-n {}) would settle every figure to its last digit",
            plus_minus(m.ratio_precision),
            plus_minus(m.chance_precision * 100.0),
            group_thousands(m.draws_for_printed_digits),
            m.draws_for_printed_digits,
        );
        eprint!(
            "{}",
            crate::report::text::wrap(&text, crate::report::table::stderr_columns(), "", "  ")
        );
    }
}
