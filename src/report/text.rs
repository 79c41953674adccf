//! Names are the user's text, and reach terminals, spreadsheets and Markdown documents:
//! here they are made harmless there. A control character (an escape sequence that could
//! clear the screen or retitle the terminal, a carriage return that could overwrite a
//! line) or a bidirectional override (which reorders what is seen) is shown as its code,
//! `\u{1b}`; a spreadsheet cell that would start a formula (`=`, `+`, `-`, `@`, a tab or a
//! carriage return first) is prefixed with `'`, as OWASP advises for CSV injection.

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// `s` on one line with every unsafe character, newlines included, shown as its code: for
/// a name in a table cell or a title.
pub fn one_line(s: &str) -> String {
    if !s.chars().any(unsafe_char) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if unsafe_char(c) {
                escape(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `text` with every unsafe character but the newline shown as its code: the last pass
/// over a whole rendering for the terminal or a document.
pub fn printable(text: &str) -> String {
    if !text.chars().any(|c| c != '\n' && unsafe_char(c)) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c != '\n' && unsafe_char(c) {
                escape(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A text cell for a spreadsheet: one that a spreadsheet would read as a formula gets a
/// leading `'`. Text that is a plain number (a fixed quantity described as `-3.5`) is a
/// number to a spreadsheet, not a formula, and stays as it is.
pub fn spreadsheet_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if s.parse::<f64>().is_err() => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A figure for a spreadsheet: an empty cell where there is no finite number.
pub fn spreadsheet_number(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite())
}

/// A Markdown table cell: one line, with `|` escaped.
pub fn markdown_cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

/// A space that does not break a line: [`wrap`] keeps words joined by it on one line and
/// prints it as a plain space.
pub const KEEP: char = '\u{a0}';

/// `s` with its spaces made unbreakable ([`KEEP`]), to stay whole on one line.
pub fn unbreakable(s: &str) -> String {
    s.replace(' ', &KEEP.to_string())
}

/// Signs that belong to the figure after them: a line never ends on one.
const SIGNS: [char; 7] = ['±', '<', '>', '≤', '≥', '≈', '×'];

/// `text` filled at its spaces into lines of at most `width` columns on a terminal (a
/// word wider than a line gets a line of its own, unbroken, and a sign such as `±` stays
/// with the figure after it), the first line starting with `first` and the others with
/// `rest`; ends with a newline.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut text = text.to_owned();
    for sign in SIGNS {
        text = text.replace(&format!(" {sign} "), &format!(" {sign}{KEEP}"));
    }
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = textwrap::fill(&text, options).replace(KEEP, " ");
    out.push('\n');
    out
}

/// Every line of `text` that is wider than `width` filled to it at its spaces, keeping
/// the line's own indent and indenting its later lines two more.
pub fn fit_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        out.push_str(&wrap(body, width, indent, &format!("{indent}  ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(one_line("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(one_line("two\nlines"), "two\\u{a}lines");
        assert_eq!(one_line("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(one_line("Café £5"), "Café £5");
        assert_eq!(
            printable("a\u{1b}]0;x\u{7}\nb\r"),
            "a\\u{1b}]0;x\\u{7}\nb\\u{d}"
        );
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for s in ["=1+1", "+A1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_text(s).starts_with('\''), "{s}");
        }
        assert_eq!(spreadsheet_text("Wellbeing"), "Wellbeing");
        assert_eq!(spreadsheet_text("-3.5"), "-3.5");
        assert_eq!(spreadsheet_number(Some(f64::NAN)), None);
        assert_eq!(spreadsheet_number(Some(-2.0)), Some(-2.0));
        assert_eq!(spreadsheet_text(""), "");
    }

    #[test]
    fn a_sign_stays_with_its_figure() {
        // "(EVPI, ± £97" is 12 columns: without the rule the line would break after "±".
        assert_eq!(
            wrap("(EVPI, ± £97 error)", 8, "", ""),
            "(EVPI,\n± £97\nerror)\n"
        );
        assert_eq!(wrap("NPV > £0 at", 5, "", ""), "NPV\n> £0\nat\n");
        // A sign inside a word, or at the very start, is left alone.
        assert_eq!(wrap("±0.5 a", 4, "", ""), "±0.5\na\n");
    }

    #[test]
    fn markdown_cells_stay_in_their_row() {
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b\\u{a}c");
    }

    #[test]
    fn wraps_at_spaces_by_display_width() {
        assert_eq!(wrap("a bb ccc", 6, "> ", "  "), "> a bb\n  ccc\n");
        assert_eq!(
            wrap("averyveryverylongword x", 6, "", ""),
            "averyveryverylongword\nx\n"
        );
        assert_eq!(wrap("short", 80, "1. ", "   "), "1. short\n");
        // Hyphens are not line breaks; unbreakable spaces hold a phrase together.
        assert_eq!(wrap("200-250 people", 8, "", ""), "200-250\npeople\n");
        let kept = format!("x {}", unbreakable("a b c"));
        assert_eq!(wrap(&kept, 4, "", ""), "x\na b c\n");
        // A wide character takes two columns: two words of two need nine, with their
        // space (five characters, which would fit eight).
        assert_eq!(wrap("社会 社会 社会", 9, "", ""), "社会 社会\n社会\n");
        assert_eq!(wrap("社会 社会 社会", 8, "", ""), "社会\n社会\n社会\n");
    }

    #[test]
    fn long_lines_keep_their_indent_and_hang_two_more() {
        let text = "Title\n  Stakeholders (3): Participants, NHS, Community groups\n    a b\n";
        assert_eq!(
            fit_lines(text, 30),
            "Title\n  Stakeholders (3):\n    Participants, NHS,\n    Community groups\n    a b\n"
        );
        assert_eq!(fit_lines(text, 80), text);
    }
}
