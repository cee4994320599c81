//! `learn generate --review`: the author goes through a draft deck card by
//! card and keeps, edits or drops each; `q` ends the walk. Two frontends:
//! the terminal (a list picked with the arrows, a digit or a letter) and
//! plain lines on stdin/stdout (one letter a line), like a session's.

use std::io::{BufRead, Write};

use console::{Style, Term};

use super::widget::{self, ListSpec, Outcome, SessionKey};
use crate::i18n::{Lang, tr};
use crate::text::neutralize;

/// What the author decides about one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Keep,
    Edit,
    Drop,
    /// Stop here: write what was decided so far.
    Quit,
}

/// Shows cards and asks what to do with each.
pub(crate) trait Reviewer {
    /// Shows one card: a title line ("Card 3 of 34 · section") and the
    /// card as it will be written.
    fn show(&mut self, title: &str, card: &str);
    fn decide(&mut self) -> Decision;
    /// A line of information (an edit that did not parse, ...).
    fn say(&mut self, text: &str);
}

/// The terminal frontend.
pub(crate) struct TermReviewer {
    term: Term,
    lang: Lang,
    color: bool,
}

impl TermReviewer {
    pub(crate) fn new(lang: Lang, color: bool) -> TermReviewer {
        console::set_colors_enabled(color);
        super::terminal_ui_started();
        TermReviewer { term: Term::stdout(), lang, color }
    }
}

impl Reviewer for TermReviewer {
    fn show(&mut self, title: &str, card: &str) {
        let _ = self.term.clear_screen();
        let style = if self.color { Style::new().bold() } else { Style::new() };
        let _ = self.term.write_line(&style.apply_to(neutralize(title)).to_string());
        let w = widget::usable_width(&self.term);
        for line in card.lines() {
            let _ = self.term.write_line(&crate::text::wrap_hanging(&neutralize(line), w));
        }
        let _ = self.term.write_line("");
    }

    fn decide(&mut self) -> Decision {
        let l = self.lang;
        let items = vec![
            tr(l, "Keep").to_string(),
            tr(l, "Edit in $EDITOR").to_string(),
            tr(l, "Drop").to_string(),
            tr(l, "Quit and write what was decided").to_string(),
        ];
        let spec = ListSpec {
            items: &items,
            multiple: false,
            default: 0,
            numbered: true,
            dont_know: false,
            help: tr(l, "↑↓ and Enter, or a digit · q: quit and write"),
            nothing_marked: "",
        };
        loop {
            match widget::pick(&self.term, &spec, self.color) {
                Outcome::Done(v) => {
                    return match v.first() {
                        Some(0) => Decision::Keep,
                        Some(1) => Decision::Edit,
                        Some(2) => Decision::Drop,
                        _ => Decision::Quit,
                    };
                }
                Outcome::Key(SessionKey::Quit) | Outcome::End => return Decision::Quit,
                Outcome::Key(_) => {}
            }
        }
    }

    fn say(&mut self, text: &str) {
        let w = widget::usable_width(&self.term);
        let _ = self.term.write_line(&crate::text::wrap(&neutralize(text), w));
    }
}

/// Line-by-line: `k`, `e`, `d` or `q` (or the words) on each line.
pub(crate) struct PlainReviewer<R, W> {
    input: R,
    out: W,
    lang: Lang,
}

impl<R: BufRead, W: Write> PlainReviewer<R, W> {
    pub(crate) fn new(input: R, out: W, lang: Lang) -> Self {
        PlainReviewer { input, out, lang }
    }
}

impl<R: BufRead, W: Write> Reviewer for PlainReviewer<R, W> {
    fn show(&mut self, title: &str, card: &str) {
        let _ = writeln!(self.out, "\n{}", neutralize(title));
        for line in card.lines() {
            let _ = writeln!(self.out, "  {}", neutralize(line));
        }
        let _ = self.out.flush();
    }

    fn decide(&mut self) -> Decision {
        loop {
            let _ = write!(self.out, "{} ", tr(self.lang, "k keep · e edit · d drop · q quit and write:"));
            let _ = self.out.flush();
            let mut line = String::new();
            match self.input.read_line(&mut line) {
                Ok(0) | Err(_) => return Decision::Quit,
                Ok(_) => {}
            }
            let answer = crate::text::fold(line.trim());
            match answer.as_str() {
                "k" | "keep" | "giu" => return Decision::Keep,
                "e" | "edit" | "sua" => return Decision::Edit,
                "d" | "drop" | "bo" => return Decision::Drop,
                "q" | "quit" | "thoat" => return Decision::Quit,
                _ => {
                    let _ = writeln!(self.out, "{}", tr(self.lang, "Type k, e, d or q."));
                }
            }
        }
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{}", neutralize(text));
        let _ = self.out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_letters_and_words_in_both_languages() {
        let input = "x\nk\nsửa\nd\n";
        let mut out = Vec::new();
        let mut r = PlainReviewer::new(input.as_bytes(), &mut out, Lang::En);
        assert_eq!(r.decide(), Decision::Keep);
        assert_eq!(r.decide(), Decision::Edit);
        assert_eq!(r.decide(), Decision::Drop);
        assert_eq!(r.decide(), Decision::Quit, "end of input quits");
        let shown = String::from_utf8(out).expect("UTF-8");
        assert!(shown.contains("Type k, e, d or q."));
    }
}
