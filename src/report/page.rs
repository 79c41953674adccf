//! The page every written report shares: the `minijinja` template `templates/report.html`
//! (compiled into the binary), the parts it draws (sections of lines, figures and tables)
//! and the command's JSON embedded so that it cannot close its `<script>`. `html` lays out
//! a run, comparison or sensitivity document in it, `voi::page` a value-of-information
//! result.

use std::collections::HashSet;

use minijinja::{Environment, Value, context};
use serde::Serialize;

use super::Grid;
use super::figures::Figure;
use crate::error::Error;

const TEMPLATE: &str = include_str!("templates/report.html");

/// A table as the template draws it.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The `<table>` id.
    pub id: String,
    /// Its caption.
    pub caption: String,
    /// Column headings.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
    /// Leading text columns; the rest are figures, aligned right.
    pub text_columns: usize,
    /// A note under the table.
    pub note: Option<String>,
    /// Print it on a landscape page (a wide table).
    pub wide: bool,
    /// Columns of text after the leading ones (a source among figures).
    pub text_also: Vec<usize>,
}

/// One cell: its figure, a second line (a range) and a link to a cited source.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Cell {
    /// The main text.
    pub text: String,
    /// A smaller second line.
    pub sub: Option<String>,
    /// A web address the text cites.
    pub link: Option<String>,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell {
            text,
            ..Cell::default()
        }
    }
}

/// One part of the page under its own heading.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// Its anchor.
    pub anchor: String,
    /// Lines of text before the figures.
    pub lines: Vec<String>,
    /// Charts.
    pub figures: Vec<Figure>,
    /// Tables set beside the first chart (below it on a narrow page).
    pub beside: Vec<Table>,
    /// Tables.
    pub tables: Vec<Table>,
}

/// Hands out the spec's ids: the first use of an id gets it bare, later uses a suffix.
#[derive(Default)]
pub struct Ids(HashSet<String>);

impl Ids {
    /// The id to use for `id` in option `option`'s part.
    pub fn take(&mut self, id: &str, option: usize) -> String {
        let id = if self.0.contains(id) {
            format!("{id}-{option}")
        } else {
            id.to_string()
        };
        self.0.insert(id.clone());
        id
    }
}

/// Everything one page shows, top to bottom.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The `<h1>` and the page's title.
    pub title: String,
    /// Lines under the title (files, draws, seed).
    pub subtitle: Vec<String>,
    /// The findings, in the shaded box at the top.
    pub lead: Vec<String>,
    /// The model's own description, if any.
    pub description: Option<String>,
    /// The parts of the page, each listed in the contents.
    pub sections: Vec<Section>,
    /// "How the figures are made": one paragraph each.
    pub methods: Vec<String>,
    /// The command's JSON result, embedded as `#sroi-result`.
    pub json: String,
}

/// Renders a page with the report template.
pub fn render(page: &Page) -> Result<String, Error> {
    let mut env = Environment::new();
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| Error::Draws(format!("the report template is broken: {e}")))?;
    let template = env
        .get_template("report.html")
        .map_err(|e| Error::Draws(format!("the report template is broken: {e}")))?;
    template
        .render(context! {
            title => page.title,
            subtitle => page.subtitle,
            lead => page.lead,
            description => page.description,
            sections => page.sections,
            methods => page.methods,
            version => env!("CARGO_PKG_VERSION"),
            json => Value::from_safe_string(script_safe(&page.json)),
        })
        .map_err(|e| Error::Draws(format!("the report could not be rendered: {e}")))
}

/// JSON that cannot end the `<script>` element it sits in: `<` written as `\u003c`,
/// which every JSON reader takes back as `<`.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// A grid as a table with its id and caption.
pub fn table(id: &str, caption: &str, grid: Grid) -> Table {
    Table {
        id: id.to_string(),
        caption: caption.to_string(),
        header: grid.header,
        rows: grid
            .rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::from).collect())
            .collect(),
        text_columns: grid.text_columns,
        note: None,
        wide: false,
        text_also: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let json = r#"{"name": "a </script><b>"}"#;
        let safe = script_safe(json);
        assert!(!safe.contains("</script"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "a </script><b>");
    }
}
