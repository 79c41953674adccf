//! Financial proxies from a library (spec §13): the library files (`library`) and a
//! model's `{ proxy = "ID" }` references replaced by their values (`resolve`).

pub mod library;
pub mod resolve;

use std::path::Path;

use crate::error::{Diagnostic, Error};
use crate::model::raw::RawModel;
use library::Library;

/// The libraries a model loads: the bundled one, then its `[model] proxies` files (paths
/// relative to `dir`, the folder of the file that names them).
pub fn library_for(raw: &RawModel, dir: &Path) -> Result<Library, Error> {
    let files: Vec<_> = raw
        .header
        .proxies
        .as_ref()
        .map(|p| p.value.iter().map(|f| dir.join(&f.value)).collect())
        .unwrap_or_default();
    Library::with_files(&files)
}

/// Why a model's proxies could not be looked up.
pub enum Failure {
    /// A library file is missing or has problems (reported in its own file).
    Library(Error),
    /// The model's references have problems (reported in the model).
    Model(Vec<Diagnostic>),
}

/// Replaces every `{ proxy = "ID" }` of a model (whose file is in `dir`) with its library
/// value; the uses, for `check` and the reports. A model that uses none and names no
/// library reads nothing.
pub fn look_up(raw: &mut RawModel, dir: &Path) -> Result<Vec<resolve::ProxyUse>, Failure> {
    if !resolve::uses_proxies(raw) && raw.header.proxies.is_none() {
        return Ok(Vec::new());
    }
    // A library that cannot be read is reported where the model names it.
    let missing: Vec<Diagnostic> = raw
        .header
        .proxies
        .iter()
        .flat_map(|p| &p.value)
        .filter_map(|f| {
            let reason = match crate::model::source::read_text(&dir.join(&f.value)) {
                Err(Error::Read { reason, .. }) => reason,
                _ => return None,
            };
            Some(
                Diagnostic::new(format!(
                    "cannot read the proxy library `{}`: {reason}",
                    f.value
                ))
                .item("[model]")
                .field("proxies")
                .span(f.span.clone())
                .help("library paths are relative to the folder of the model file"),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Model(missing));
    }
    let lib = library_for(raw, dir).map_err(Failure::Library)?;
    resolve::resolve(raw, &lib).map_err(Failure::Model)
}
