//! Problems found in a deck file, located by line and column, and their
//! rendering: the file, a snippet with a caret, and what to do.
//!
//! A small renderer of our own rather than miette's: the output is the same
//! shape (rustc/just style), and it keeps miette's fancy-feature dependency
//! tree out of a build that must stay lean on two cores.

use std::fmt::Write as _;

/// How bad a problem is: errors fail `learn check` and skip the deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a source text: 1-based line and column (in characters), and the
/// length of the marked stretch (in characters, at least 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub len: usize,
    /// The whole source line, for the snippet.
    pub text: String,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (or `(bundled) decks/x.toml`).
    pub file: String,
    pub location: Option<Location>,
    /// The card concerned, when there is one.
    pub card: Option<String>,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places that matter (the first of two duplicate ids).
    pub related: Vec<(Location, String)>,
}

/// Turns byte offsets into line/column locations for one source text.
pub struct SourceMap<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap { text, line_starts }
    }

    /// The location of the byte range `start..end` (clamped to the text).
    pub fn locate(&self, start: usize, end: usize) -> Location {
        let start = floor_char(self.text, start.min(self.text.len()));
        let line_idx = self.line_starts.partition_point(|&s| s <= start).saturating_sub(1);
        let line_start = self.line_starts[line_idx];
        let line_end = self.text[line_start..].find('\n').map_or(self.text.len(), |i| line_start + i);
        let line_text = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        // A start on a line's trailing `\r` lies past the trimmed line.
        let end = floor_char(self.text, end.clamp(start, (line_start + line_text.len()).max(start)));
        let len = self.text[start..end].chars().count().max(1);
        Location { line: line_idx + 1, column, len, text: line_text.to_string() }
    }
}

#[cfg(test)]
mod locate_tests {
    use super::*;

    #[test]
    fn a_place_on_a_carriage_return_is_located() {
        let map = SourceMap::new("a = 1\r\nb = 2\r\n");
        let at = map.locate(5, 6);
        assert_eq!((at.line, at.column, at.len, at.text.as_str()), (1, 6, 1, "a = 1"));
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Diagnostic {
    /// Renders the problem for a terminal without colour:
    ///
    /// ```text
    /// error: unknown field `questoin` in card `kp-1`
    ///   --> decks/x.toml:12:1
    ///    |
    /// 12 | questoin = "..."
    ///    | ^^^^^^^^ did you mean `question`?
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // One gutter width for the main snippet and the related ones.
        let gutter = std::iter::once(&self.location)
            .flatten()
            .chain(self.related.iter().map(|(l, _)| l))
            .map(|l| l.line.to_string().len())
            .max()
            .unwrap_or(1);
        let _ = writeln!(out, "{level}: {}", self.message);
        match &self.location {
            Some(loc) => {
                let _ = writeln!(out, "  --> {}:{}:{}", self.file, loc.line, loc.column);
                render_snippet(&mut out, loc, self.help.as_deref().unwrap_or(""), gutter);
            }
            None => {
                let _ = writeln!(out, "  --> {}", self.file);
                if let Some(h) = &self.help {
                    let _ = writeln!(out, "   = help: {h}");
                }
            }
        }
        for (loc, note) in &self.related {
            let _ = writeln!(out, "  --> {}:{}:{} ({note})", self.file, loc.line, loc.column);
            render_snippet(&mut out, loc, note, gutter);
        }
        out
    }

    /// One line, for summaries and tests: `file:line:col: error: message (card `x`)`.
    pub fn short(&self) -> String {
        let place = match &self.location {
            Some(l) => format!("{}:{}:{}", self.file, l.line, l.column),
            None => self.file.clone(),
        };
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{place}: {level}: {}", self.message)
    }
}

fn render_snippet(out: &mut String, loc: &Location, label: &str, gutter: usize) {
    let num = format!("{:>gutter$}", loc.line);
    let pad = " ".repeat(gutter);
    let text = crate::text::neutralize(&loc.text);
    let lead: String = text.chars().take(loc.column.saturating_sub(1)).collect();
    let lead_width = unicode_width::UnicodeWidthStr::width(lead.as_str());
    let marked: String = text.chars().skip(loc.column.saturating_sub(1)).take(loc.len).collect();
    let carets = unicode_width::UnicodeWidthStr::width(marked.as_str()).max(1);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{num} | {text}");
    let _ = writeln!(out, "{pad} | {}{} {label}", " ".repeat(lead_width), "^".repeat(carets));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_character_columns() {
        let text = "a = 1\nđáp = \"x\"\r\nz";
        let map = SourceMap::new(text);
        let start = text.find("\"x\"").unwrap_or(0);
        let loc = map.locate(start, start + 3);
        assert_eq!((loc.line, loc.column, loc.len), (2, 7, 3));
        assert_eq!(loc.text, "đáp = \"x\"");
    }

    #[test]
    fn renders_file_line_column_and_caret() {
        let map = SourceMap::new("[deck]\nquestoin = 1\n");
        let d = Diagnostic {
            severity: Severity::Error,
            file: "x.toml".into(),
            location: Some(map.locate(7, 15)),
            card: None,
            message: "unknown field `questoin`".into(),
            help: Some("did you mean `question`?".into()),
            related: vec![],
        };
        let r = d.render();
        assert!(r.contains("--> x.toml:2:1"), "{r}");
        assert!(r.contains("2 | questoin = 1"), "{r}");
        assert!(r.contains("  | ^^^^^^^^ did you mean `question`?"), "{r}");
    }
}
