//! `sroi proxies`: list or search the proxy library, or show one entry in full.

use std::path::PathBuf;

use clap::Args;

use super::args::Listing;
use super::output::{Shell, stdout_width};
use crate::error::Error;
use crate::model::proxy::library::{Entry, Library};
use crate::model::suggest::did_you_mean;
use crate::report::output::emit;
use crate::report::proxies::{DEFAULT_WIDTH, render_json, render_list, render_show};

/// `sroi proxies`.
#[derive(Debug, Args)]
pub struct ProxiesArgs {
    /// Words to search for in the identifiers, names, units, categories and sources; or
    /// `show ID` for one proxy in full.
    #[arg(value_name = "TERM")]
    pub words: Vec<String>,
    /// Also load this library file (may be repeated), as a model's `[model] proxies` does.
    #[arg(long = "library", value_name = "FILE")]
    pub libraries: Vec<PathBuf>,
    /// Output format: JSON gives an array of the entries with all their fields.
    #[arg(long, value_enum, default_value_t)]
    pub format: Listing,
}

/// Loads the library (and any extra files) and prints the list, the matches or the entry.
pub fn execute(args: &ProxiesArgs, _: &Shell) -> Result<(), Error> {
    let lib = Library::with_files(&args.libraries)?;
    let entries: Vec<&Entry> = match args.words.as_slice() {
        [show, id] if show == "show" => match lib.get(id) {
            Some(e) => vec![e],
            None => {
                let ids = lib.entries.iter().map(|e| e.id.as_str());
                return Err(Error::Usage(format!(
                    "no proxy `{id}` in the library{}; `sroi proxies TERM` searches it",
                    did_you_mean(id, ids)
                )));
            }
        },
        [show] if show == "show" => {
            return Err(Error::Usage(
                "`sroi proxies show` needs a proxy's ID, e.g. `sroi proxies show wellby`".into(),
            ));
        }
        words => lib.search(&words.join(" ")),
    };
    let one = matches!(args.words.as_slice(), [show, _] if show == "show");
    let width = stdout_width(DEFAULT_WIDTH);
    let text = match args.format {
        Listing::Json => render_json(&entries),
        Listing::Table if one => render_show(entries[0], width),
        Listing::Table if args.words.is_empty() => render_list(&lib, None, width),
        Listing::Table => render_list(&lib, Some(&args.words.join(" ")), width),
    };
    emit(&text, None, false)
}
