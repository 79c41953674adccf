//! `sroi init`: write a commented starter model from one of the bundled templates, or
//! list them. Each template is a model that checks and runs as it stands, with every
//! figure either taken from the bundled proxy library or marked as a placeholder to
//! replace; the files sit beside this one and are compiled in.

use std::path::{Path, PathBuf};

use clap::Args;
use clap::builder::PossibleValuesParser;

use super::output::Shell;
use super::output::terminal_columns;
use crate::error::Error;
use crate::report::output::emit;
use crate::report::target::DEFAULT_WIDTH;
use crate::report::text::wrap;

/// A starter model: its name on the command line, what it models, and its text.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// The name given to `--template`.
    pub name: &'static str,
    /// One line on what it models.
    pub about: &'static str,
    /// The model file.
    pub text: &'static str,
}

/// The template written when `--template` is not given.
pub const DEFAULT_TEMPLATE: &str = "volunteering";

/// Every template, the default first.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "volunteering",
        about: "volunteers visiting isolated older people: loneliness and the volunteers' wellbeing, volunteer time as an input",
        text: include_str!("volunteering.toml"),
    },
    Template {
        name: "arts",
        about: "arts on referral over two years: wellbeing and A&E attendances, cohorts, a shared deadweight, a correlation",
        text: include_str!("arts.toml"),
    },
    Template {
        name: "health",
        about: "falls prevention classes: NHS admissions, bed days and A&E attendances avoided, QALYs, an uncertain duration",
        text: include_str!("health.toml"),
    },
];

/// `sroi init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The model file to write, e.g. `my-scheme.toml` (`-` for standard output).
    #[arg(value_name = "FILE", required_unless_present = "list")]
    pub file: Option<PathBuf>,
    /// The starter model: volunteering (the default), arts or health; `--list` describes
    /// them.
    #[arg(
        long,
        short,
        value_name = "NAME",
        default_value = DEFAULT_TEMPLATE,
        value_parser = PossibleValuesParser::new(TEMPLATES.iter().map(|t| t.name)),
    )]
    pub template: String,
    /// List the templates and what each models, and write nothing.
    #[arg(long, conflicts_with_all = ["file", "force"])]
    pub list: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The template of that name.
pub fn template(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// Lists the templates, or writes the one asked for and says what to run next.
pub fn execute(args: &InitArgs, shell: &Shell) -> Result<(), Error> {
    if args.list {
        let columns = terminal_columns().unwrap_or(DEFAULT_WIDTH);
        return emit(list(columns), None, false);
    }
    let Some(file) = args.file.as_deref() else {
        return Err(Error::Usage(
            "name the model file to write, e.g. `sroi init my-scheme.toml`".into(),
        ));
    };
    let t = template(&args.template).ok_or_else(|| {
        Error::Usage(format!(
            "no template `{}`; `sroi init --list` lists them",
            args.template
        ))
    })?;
    if file.as_os_str() == "-" {
        return emit(t.text, None, false);
    }
    refuse_existing(file, args.force)?;
    emit(t.text, Some(file), args.force)?;
    let shown = file.display();
    shell.note(&format!(
        "wrote {shown} (the {} template); next: sroi check {shown}\n",
        t.name
    ));
    Ok(())
}

/// The templates, each its name and what it models, filled to `columns`.
pub fn list(columns: usize) -> String {
    let width = TEMPLATES.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for t in TEMPLATES {
        let default = if t.name == DEFAULT_TEMPLATE {
            " (default)"
        } else {
            ""
        };
        let about = format!("{}{default}", t.about);
        let first = format!("{:width$}  ", t.name);
        out.push_str(&wrap(&about, columns, &first, &" ".repeat(width + 2)));
    }
    out
}

/// An existing file (or a link standing where it would go) is left alone without
/// `--force`, with a message that speaks of this command's FILE rather than of `-o`.
fn refuse_existing(file: &Path, force: bool) -> Result<(), Error> {
    if !force && std::fs::symlink_metadata(file).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Usage(format!(
            "`{}` already exists; pass --force to replace it, or name another file",
            file.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_a_template_and_listed_first() {
        assert_eq!(TEMPLATES[0].name, DEFAULT_TEMPLATE);
        assert!(template(DEFAULT_TEMPLATE).is_some());
    }

    #[test]
    fn every_template_parses_as_a_model() {
        for t in TEMPLATES {
            assert!(
                crate::model::raw::parse_model(t.text).is_ok(),
                "{} does not read as a model",
                t.name
            );
        }
    }

    #[test]
    fn every_placeholder_is_marked_and_every_template_uses_the_library() {
        for t in TEMPLATES {
            assert!(t.text.contains("your own figure: replace"), "{}", t.name);
            assert!(t.text.contains("{ proxy = \""), "{}", t.name);
        }
    }
}
