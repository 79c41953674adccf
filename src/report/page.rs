//! The page every written report shares: the `minijinja` template `templates/report.html`
//! (compiled into the binary), the parts it draws (sections of lines, figures and tables)
//! and the command's JSON embedded so that it cannot close its `<script>`. Prose (the
//! model's description, notes, the methods) is Markdown, rendered with `pulldown-cmark`
//! with any raw HTML in it shown as text.
//!
//! A new part of the page is one more [`Section`]: a heading, lines, figures and tables,
//! listed in the contents and drawn by the template's one section block. `html` lays out
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
    /// Shown on screen as one card per row (each figure under its heading) at any width,
    /// a table only in print: for tables too wide for a page's column.
    pub cards: bool,
    /// Printed once per model in a comparison: a later option of the same model lists
    /// only the rows that differ here, and says so in its note.
    pub dedup: Option<String>,
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
    /// The text is Markdown (a finding's words, with code in backticks).
    pub markdown: bool,
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
    /// The one sentence to quote (`<p id="headline">`), first in the shaded box.
    pub headline: Option<String>,
    /// The findings, in the shaded box at the top, after the headline.
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
    env.add_filter("md", |s: String| {
        Value::from_safe_string(markdown(&s, false))
    });
    env.add_filter("md_inline", |s: String| {
        Value::from_safe_string(markdown(&s, true))
    });
    env.add_template("report.html", TEMPLATE)
        .map_err(|e| Error::Draws(format!("the report template is broken: {e}")))?;
    let template = env
        .get_template("report.html")
        .map_err(|e| Error::Draws(format!("the report template is broken: {e}")))?;
    template
        .render(context! {
            title => page.title,
            subtitle => page.subtitle,
            headline => page.headline,
            lead => page.lead,
            description => page.description,
            sections => page.sections,
            methods => page.methods,
            version => env!("CARGO_PKG_VERSION"),
            json => Value::from_safe_string(script_safe(&page.json)),
        })
        .map_err(|e| Error::Draws(format!("the report could not be rendered: {e}")))
}

/// Markdown as HTML, any HTML in it escaped as text. `inline`: the content of one
/// paragraph, to sit inside a `<p>` or `<li>`; text that would be more than a paragraph
/// there (a list, a heading) is shown as written.
pub fn markdown(text: &str, inline: bool) -> String {
    use pulldown_cmark::{Event, Parser, html};
    let events = Parser::new(text).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        e => e,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    if !inline {
        return out;
    }
    let body = out.trim_end();
    match body
        .strip_prefix("<p>")
        .and_then(|b| b.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => escape(text),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
        cards: false,
        dedup: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_and_html_in_it_is_text() {
        assert_eq!(
            markdown("the `base` value, *not* the mean", true),
            "the <code>base</code> value, <em>not</em> the mean"
        );
        assert_eq!(
            markdown("a <script>alert(1)</script> b", true),
            "a &lt;script&gt;alert(1)&lt;/script&gt; b"
        );
        // A line that would be a list is shown as written, not as a list in a paragraph.
        assert_eq!(markdown("1. First option", true), "1. First option");
        assert_eq!(
            markdown("One.\n\nTwo.", false),
            "<p>One.</p>\n<p>Two.</p>\n"
        );
    }

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let json = r#"{"name": "a </script><b>"}"#;
        let safe = script_safe(json);
        assert!(!safe.contains("</script"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "a </script><b>");
    }
}
