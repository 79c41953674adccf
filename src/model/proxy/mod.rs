//! Financial proxies from a library (spec §13): the library files (`library`) and a
//! model's `{ proxy = "ID" }` references replaced by their values (`resolve`).

pub mod library;
pub mod resolve;

use std::path::Path;

use crate::error::Error;
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
