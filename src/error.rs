//! Errors: model diagnostics that point into the file, and the few other ways a run fails.
//!
//! A bad model is reported as every problem found at once, each naming the file, the
//! item (`outcomes[2] "Fewer GP visits"`), the field, the line (drawn as a source snippet
//! by annotate-snippets), what is allowed, and a suggestion for a misspelt name.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// One problem in a model file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Which item of the file, e.g. `outcomes[2] "Fewer GP visits"` or `[model]`.
    pub item: Option<String>,
    /// Which field of the item, e.g. `deadweight` or `deadweight.sd`.
    pub field: Option<String>,
    /// What is wrong, and what is allowed.
    pub message: String,
    /// Where in the file (a byte range), when known.
    pub span: Option<Range<usize>>,
    /// A further hint, e.g. how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with a message and nothing else yet.
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            item: None,
            field: None,
            message: message.into(),
            span: None,
            help: None,
        }
    }

    /// Names the item the problem is in.
    pub fn item(mut self, item: impl Into<String>) -> Self {
        self.item = Some(item.into());
        self
    }

    /// Names the field the problem is in.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Points at a byte range of the file.
    pub fn span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    /// Adds a hint.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The one-line title: item, field and message.
    pub fn title(&self) -> String {
        let mut t = String::new();
        if let Some(item) = &self.item {
            t.push_str(item);
        }
        if let Some(field) = &self.field {
            if !t.is_empty() {
                t.push_str(", ");
            }
            t.push_str(&format!("field `{field}`"));
        }
        if !t.is_empty() {
            t.push_str(": ");
        }
        t.push_str(&self.message);
        t
    }
}

/// A file whose text a report's spans point into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file as the user (or a scenario's `model` field) named it.
    pub name: String,
    /// Its text, to draw snippets from.
    pub text: String,
    /// Where its spans start in the report's shared span space.
    pub offset: usize,
}

/// Every problem found in a model file, or in a scenario and the model it changes.
///
/// A scenario's problems can lie in either file (a patched value in the scenario, an
/// expression of the model it breaks), so spans live in one space in which each file
/// starts at its own offset; rendering finds the file a span belongs to.
#[derive(Debug, Clone)]
pub struct ModelError {
    /// The file as the user named it.
    pub file: String,
    /// The files the spans point into, in order of offset.
    pub sources: Vec<SourceFile>,
    /// The problems, in the order of the file where possible.
    pub diagnostics: Vec<Diagnostic>,
}

impl ModelError {
    /// The problems of one file, whose spans start at 0.
    pub fn new(file: &str, text: &str, diagnostics: Vec<Diagnostic>) -> ModelError {
        ModelError {
            file: file.to_string(),
            sources: vec![SourceFile {
                name: file.to_string(),
                text: text.to_string(),
                offset: 0,
            }],
            diagnostics,
        }
    }

    /// The file a span starts in (the last one starting at or before it).
    fn source_of(&self, span: &Range<usize>) -> Option<&SourceFile> {
        self.sources
            .iter()
            .rev()
            .find(|s| s.offset <= span.start)
            .filter(|s| span.end - s.offset <= s.text.len())
    }

    /// The file and 1-based line a span starts on, when it lies in one of the files.
    pub fn place(&self, span: &Range<usize>) -> Option<(&str, usize)> {
        let file = self.source_of(span)?;
        let at = (span.start - file.offset).min(file.text.len());
        let line = file.text.as_bytes()[..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        Some((&file.name, line))
    }

    /// Renders every diagnostic, as plain text (no colours, so it reads the same in logs).
    pub fn render(&self) -> String {
        self.render_as(Level::ERROR, "error", "problem")
    }

    /// Renders every diagnostic as a warning: something allowed but probably not meant,
    /// which does not stop the command.
    pub fn render_warnings(&self) -> String {
        self.render_as(Level::WARNING, "warning", "warning")
    }

    fn render_as(&self, level: Level<'_>, label: &str, noun: &str) -> String {
        let renderer = Renderer::plain();
        let mut out = String::new();
        for d in &self.diagnostics {
            let title = d.title();
            let mut group = Group::with_title(level.clone().primary_title(&title));
            let located = d
                .span
                .as_ref()
                .filter(|span| span.start <= span.end)
                .and_then(|span| Some((span, self.source_of(span)?)));
            match located {
                Some((span, source)) => {
                    let local = span.start - source.offset..span.end - source.offset;
                    let span = snap(local, &source.text);
                    group = group.element(
                        Snippet::source(&source.text)
                            .path(&source.name)
                            .annotation(AnnotationKind::Primary.span(span)),
                    );
                }
                None => {
                    group = group.element(Level::NOTE.message(format!("in {}", self.file)));
                }
            }
            if let Some(help) = &d.help {
                group = group.element(Level::HELP.message(help));
            }
            let report: &[Group<'_>] = &[group];
            out.push_str(&renderer.render(report));
            out.push('\n');
        }
        let n = self.diagnostics.len();
        if n > 1 {
            out.push_str(&format!("{label}: {n} {noun}s in {}\n", self.file));
        }
        out
    }
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.render().trim_end())
    }
}

impl std::error::Error for ModelError {}

/// A span made drawable: its ends moved out to character boundaries (a position counted
/// inside a quoted expression can fall within a multi-byte character), and a zero-width
/// span (the end of the file, say) made one character wide.
fn snap(span: Range<usize>, source: &str) -> Range<usize> {
    let len = source.len();
    let mut start = span.start.min(len);
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, len);
    while !source.is_char_boundary(end) {
        end += 1;
    }
    if start == end {
        if end < len {
            end += 1;
            while !source.is_char_boundary(end) {
                end += 1;
            }
        } else if start > 0 {
            start -= 1;
            while !source.is_char_boundary(start) {
                start -= 1;
            }
        }
    }
    start..end
}

/// Why a command failed, and so its exit code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model (or scenario) file has problems: exit 1.
    #[error("{0}")]
    Model(#[from] ModelError),
    /// A file could not be read: exit 1.
    #[error("error: cannot read `{path}`: {reason}")]
    Read {
        /// The file as the user named it.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// The model is valid but its draws are not (e.g. investment not positive): exit 1.
    #[error("error: {0}")]
    Draws(String),
    /// The output could not be written: exit 1.
    #[error("error: cannot write `{path}`: {reason}")]
    Write {
        /// Where the output was to go.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// `check --assurance --deny-warnings` found something: exit 1.
    #[error("error: {0}")]
    Denied(String),
    /// A partial result given to `sroi merge` (or `--given`) is unusable: exit 1.
    #[error("error: part `{path}`: {reason}")]
    Part {
        /// The part as the user named it.
        path: String,
        /// What is wrong with it, and what to do.
        reason: String,
    },
    /// The parts given to `sroi merge` are each usable but do not make one whole run
    /// (a shard missing): exit 1, as for any other bad part.
    #[error("error: {0}")]
    Incomplete(String),
    /// A portfolio's candidate could not be loaded: its own error, under a line naming it
    /// (exit 1).
    #[error("error: {portfolio}: {item} cannot be used; its own error follows\n{source}")]
    Candidate {
        /// The portfolio file.
        portfolio: String,
        /// The candidate, e.g. `candidates[2] "../models/x.toml"`.
        item: String,
        /// Why it could not be loaded.
        source: Box<Error>,
    },
    /// Models that cannot be put on one price basis (one dated, one not; a year the
    /// deflators lack): exit 1.
    #[error("error: {0}")]
    Basis(String),
    /// Bad command-line usage: exit 2.
    #[error("error: {0}")]
    Usage(String),
}

impl Error {
    /// The process exit code for this error: 2 for usage, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_item_field_line_and_help() {
        let source = "[model]\nname = \"x\"\ndeadweight = 1.2\n".to_string();
        let at = source.find("1.2").unwrap();
        let err = ModelError::new(
            "m.toml",
            &source,
            vec![
                Diagnostic::new("a proportion must lie within [0, 1]; got 1.2")
                    .item("outcomes[2] \"Fewer GP visits\"")
                    .field("deadweight")
                    .span(at..at + 3)
                    .help("write 0.12 for 12%"),
            ],
        );
        let text = err.render();
        assert!(text.starts_with(
            "error: outcomes[2] \"Fewer GP visits\", field `deadweight`: a proportion must lie within [0, 1]; got 1.2"
        ));
        assert!(text.contains("--> m.toml:3:14"), "{text}");
        assert!(text.contains("deadweight = 1.2"));
        assert!(text.contains("help: write 0.12 for 12%"));
    }

    #[test]
    fn spans_inside_a_character_are_moved_to_its_edges() {
        let source = "a = \"péople\"";
        let inside = source.find('é').unwrap() + 1;
        assert_eq!(snap(inside..inside + 1, source), inside - 1..inside + 1);
        assert_eq!(snap(3..3, "ab"), 1..2);
        assert_eq!(snap(0..0, "é"), 0..2);
    }

    #[test]
    fn spans_are_drawn_from_the_file_they_fall_in() {
        // A scenario's spans follow its base model's: offsets 0.. are the model's,
        // offsets from 20 the scenario's.
        let model = "[model]\nname = \"m\"\n";
        let scenario = "[scenario]\nx = 1\n";
        let at_x = 20 + scenario.find('x').unwrap();
        let err = ModelError {
            file: "s.toml".into(),
            sources: vec![
                SourceFile {
                    name: "m.toml".into(),
                    text: model.into(),
                    offset: 0,
                },
                SourceFile {
                    name: "s.toml".into(),
                    text: scenario.into(),
                    offset: 20,
                },
            ],
            diagnostics: vec![
                Diagnostic::new("in the scenario").span(at_x..at_x + 1),
                Diagnostic::new("in the model").span(8..12),
            ],
        };
        let text = err.render();
        assert!(text.contains("--> s.toml:2:1"), "{text}");
        assert!(text.contains("--> m.toml:2:1"), "{text}");
        assert!(text.ends_with("error: 2 problems in s.toml\n"), "{text}");
    }

    #[test]
    fn warnings_render_as_warnings() {
        let source = "[model]\ndiscount_rate = 0.5\n";
        let at = source.find("0.5").unwrap();
        let w = ModelError::new(
            "m.toml",
            source,
            vec![
                Diagnostic::new("a high rate")
                    .field("discount_rate")
                    .span(at..at + 3),
            ],
        );
        let text = w.render_warnings();
        assert!(
            text.starts_with("warning: field `discount_rate`: a high rate"),
            "{text}"
        );
        assert!(text.contains("--> m.toml:2:17"), "{text}");
    }

    #[test]
    fn empty_span_at_end_of_file_is_drawn() {
        let err = ModelError::new(
            "m.toml",
            "[model]\n",
            vec![Diagnostic::new("no outcomes").span(8..8)],
        );
        assert!(err.render().contains("m.toml"));
    }
}
