//! Problems found in a deck file, located by line and column, and their
//! rendering: the file, a snippet with a caret, and what to do.
//!
//! A small renderer of our own rather than miette's: the output is the same
//! shape (rustc/just style), and it keeps miette's fancy-feature dependency
//! tree out of a build that must stay lean on two cores.

use std::fmt::Write as _;

#[cfg(test)]
use crate::i18n::text;
use crate::i18n::{Arg, Lang, Text, tr};
use crate::text::neutralize;

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
    pub message: Text,
    /// What to do about it.
    pub help: Option<Text>,
    /// Other places that matter (the first of two duplicate ids).
    pub related: Vec<(Location, Text)>,
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

/// The message key of a problem about one card (see `deck::parse`).
pub(crate) const CARD_PREFIX: &str = "card `{card}`: {message}";

impl Diagnostic {
    /// An error about a file, not yet placed.
    pub(crate) fn error(file: &str, message: Text) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            location: None,
            card: None,
            message,
            help: None,
            related: vec![],
        }
    }

    /// Placed at `location`.
    pub(crate) fn at(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// With what to do about it.
    pub(crate) fn help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }

    /// The message in English (tests, logs).
    pub fn message_en(&self) -> String {
        self.message.en()
    }

    /// The message without the card it is about (`card `x`: …` → `…`).
    pub(crate) fn group_text(&self) -> Text {
        match (self.message.key(), self.message.arg("message")) {
            (CARD_PREFIX, Some(Arg::Text(inner))) => (**inner).clone(),
            _ => self.message.clone(),
        }
    }

    /// What kind of problem this is, whatever card it is about: warnings of
    /// one kind are grouped.
    pub(crate) fn kind(&self) -> &'static str {
        self.group_text().key()
    }

    /// Renders the problem for a terminal without colour, in `lang`:
    ///
    /// ```text
    /// error: card `kp-1`: unknown field `questoin`
    ///   --> decks/x.toml:12:1
    ///    |
    /// 12 | questoin = "..."
    ///    | ^^^^^^^^ did you mean `question`?
    /// ```
    ///
    /// Everything that came from the file is neutralised (a deck cannot
    /// drive the terminal), and a very long line is shown around the place.
    pub fn render_in(&self, lang: Lang) -> String {
        let mut out = String::new();
        let level = match self.severity {
            Severity::Error => tr(lang, "error"),
            Severity::Warning => tr(lang, "warning"),
        };
        // One gutter width for the main snippet and the related ones.
        let gutter = std::iter::once(&self.location)
            .flatten()
            .chain(self.related.iter().map(|(l, _)| l))
            .map(|l| l.line.to_string().len())
            .max()
            .unwrap_or(1);
        let file = neutralize(&self.file);
        let _ = writeln!(out, "{level}: {}", neutralize(&self.message.show(lang)));
        let help = self.help.as_ref().map(|h| neutralize(&h.show(lang)));
        match &self.location {
            Some(loc) => {
                let _ = writeln!(out, "  --> {file}:{}:{}", loc.line, loc.column);
                render_snippet(&mut out, loc, help.as_deref().unwrap_or(""), gutter);
            }
            None => {
                let _ = writeln!(out, "  --> {file}");
                if let Some(h) = &help {
                    let _ = writeln!(out, "   = {}: {h}", tr(lang, "help"));
                }
            }
        }
        for (loc, note) in &self.related {
            let note = neutralize(&note.show(lang));
            let _ = writeln!(out, "  --> {file}:{}:{} ({note})", loc.line, loc.column);
            render_snippet(&mut out, loc, &note, gutter);
        }
        out
    }

    /// [`Diagnostic::render_in`] in English.
    pub fn render(&self) -> String {
        self.render_in(Lang::En)
    }

    /// One line, for summaries: `file:line:col: error: message`.
    pub fn short_in(&self, lang: Lang) -> String {
        let place = match &self.location {
            Some(l) => format!("{}:{}:{}", self.file, l.line, l.column),
            None => self.file.clone(),
        };
        let level = match self.severity {
            Severity::Error => tr(lang, "error"),
            Severity::Warning => tr(lang, "warning"),
        };
        neutralize(&format!("{place}: {level}: {}", self.message.show(lang)))
    }
}

/// At most this many characters of a source line are shown.
const SNIPPET_CHARS: usize = 100;

fn render_snippet(out: &mut String, loc: &Location, label: &str, gutter: usize) {
    let num = format!("{:>gutter$}", loc.line);
    let pad = " ".repeat(gutter);
    let chars: Vec<char> = loc.text.chars().collect();
    // A window of the line around the marked place (a 10 MB line would
    // otherwise give a 10 MB message).
    let col = loc.column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(SNIPPET_CHARS / 2);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let cut_left = if start > 0 { "…" } else { "" };
    let cut_right = if end < chars.len() { "…" } else { "" };
    let shown: String = chars[start..end].iter().collect();
    let text = format!("{cut_left}{}{cut_right}", neutralize(&shown));
    let lead: String = cut_left.chars().chain(chars[start..col].iter().copied()).collect();
    let lead_width = unicode_width::UnicodeWidthStr::width(neutralize(&lead).as_str());
    let marked: String = chars[col..].iter().take(loc.len.min(end.saturating_sub(col)).max(1)).collect();
    let carets = unicode_width::UnicodeWidthStr::width(neutralize(&marked).as_str()).clamp(1, SNIPPET_CHARS);
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
            message: text!("unknown field `{key}`", key = "questoin"),
            help: Some(text!("did you mean `{name}`?", name = "question")),
            related: vec![],
        };
        let r = d.render();
        assert!(r.contains("--> x.toml:2:1"), "{r}");
        assert!(r.contains("2 | questoin = 1"), "{r}");
        assert!(r.contains("  | ^^^^^^^^ did you mean `question`?"), "{r}");
    }

    #[test]
    fn a_huge_line_is_shown_around_the_place() {
        let line = format!("question = \"{}", "x".repeat(1_000_000));
        let map = SourceMap::new(&line);
        let d = Diagnostic::error("big.toml", text!("unknown field `{key}`", key = "x"))
            .at(Some(map.locate(500_000, 500_001)));
        let r = d.render();
        assert!(r.len() < 1_000, "{} bytes", r.len());
        assert!(r.contains('…'));
    }
}
