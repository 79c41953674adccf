//! `sroi import`: a Value Map (the workbook's `Value Map` sheet, or a CSV file in its
//! layout) into a model file that checks, its base case the sheet's.

use std::path::PathBuf;

use clap::Args;

use super::output::Shell;
use crate::error::{Error, ModelError};
use crate::model::compile::compile;
use crate::model::raw::parse_model;
use crate::model::value_map::import::{read, to_toml};
use crate::report::output::{emit, preflight};

/// `sroi import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Value Map: an .xlsx workbook (its `Value Map` sheet) or a .csv file.
    pub file: PathBuf,
    /// Where to write the model (TOML); standard output when not given.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Reads the sheet, writes the model, and checks it as any model file is checked.
pub fn execute(args: &ImportArgs, shell: &Shell) -> Result<(), Error> {
    let out = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(path) = out {
        preflight(path, args.force)?;
    }
    let map = read(&args.file)?;
    let from = args
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let text = to_toml(&map, &from);
    let shown = out.map_or_else(
        || "the imported model".to_string(),
        |p| p.display().to_string(),
    );
    parse_model(&text)
        .and_then(|raw| compile(&raw).map(|_| ()))
        .map_err(|diagnostics| Error::Model(ModelError::new(&shown, &text, diagnostics)))?;
    emit(&text, out, args.force)?;
    if let Some(path) = out {
        shell.wrote(path);
    }
    Ok(())
}
