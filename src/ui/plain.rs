//! Plain mode: one prompt per line on standard output, one answer per line
//! on standard input, no escape codes. Scripts and tests drive `learn` here.
//! Besides answers, a line may be `:undo`, `:flag` (with an optional note:
//! `:flag the answer is outdated`), `:skip`, `:quit`, or `:?` for "I don't
//! know".

use std::io::{BufRead, Write};

use super::{Action, Feedback, Frontend, Header, grade_names, leech_line, picks_line, status_line, verdict_line};
use crate::i18n::{Lang, t};
use crate::schedule::Grade;
use crate::text::neutralize;
use crate::text::parse_true_false;

/// The plain frontend over any reader and writer.
pub(crate) struct Plain<R, W> {
    input: R,
    out: W,
    lang: Lang,
    /// Nobody reads the output any more (a closed pipe): the session ends
    /// instead of recording answers nobody sees.
    gone: bool,
}

/// The longest answer line read, in bytes; longer lines are refused.
const MAX_LINE: usize = 10_000;

impl<R: BufRead, W: Write> Plain<R, W> {
    pub(crate) fn new(input: R, out: W, lang: Lang) -> Self {
        Plain { input, out, lang, gone: false }
    }

    fn say(&mut self, line: &str) {
        if writeln!(self.out, "{line}").and_then(|()| self.out.flush()).is_err() {
            self.gone = true;
        }
    }

    /// Reads one line; `None` at end of input, on a read error, or when the
    /// output has gone. A line that is not UTF-8, or too long to be an
    /// answer, is refused with a word and the next one is read.
    fn line(&mut self) -> Option<String> {
        loop {
            if self.gone {
                return None;
            }
            let mut bytes = Vec::new();
            match std::io::Read::take(&mut self.input, MAX_LINE as u64 + 1).read_until(b'\n', &mut bytes) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            if bytes.len() > MAX_LINE && !bytes.ends_with(b"\n") {
                // Skip the rest of the line.
                let mut rest = Vec::new();
                loop {
                    rest.clear();
                    match std::io::Read::take(&mut self.input, 64 * 1024).read_until(b'\n', &mut rest) {
                        Ok(0) | Err(_) => break,
                        Ok(_) if rest.ends_with(b"\n") => break,
                        Ok(_) => {}
                    }
                }
                let msg =
                    t!(self.lang, "That line is longer than {max} characters; type a shorter answer.", max = MAX_LINE);
                self.say(&msg);
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(s) => return Some(s.trim_end_matches(['\n', '\r']).to_string()),
                Err(_) => {
                    let msg =
                        crate::i18n::tr(self.lang, "That line is not valid UTF-8 text; type it again (in UTF-8).");
                    self.say(msg);
                }
            }
        }
    }

    /// Reads a line and interprets the `:` commands; loops on bad input.
    /// With `dont_know`, `:?` (or `?` alone) is "I don't know".
    fn ask<T>(&mut self, prompt: &str, dont_know: bool, mut parse: impl FnMut(&str) -> Result<T, String>) -> Action<T> {
        self.say(prompt);
        loop {
            let Some(l) = self.line() else { return Action::End };
            match l.trim() {
                ":undo" | ":u" => return Action::Undo,
                ":skip" | ":s" => return Action::Skip,
                ":quit" | ":q" => return Action::Quit,
                ":?" | "?" if dont_know => return Action::DontKnow,
                t if t == ":flag" || t == ":f" || t.starts_with(":flag ") || t.starts_with(":f ") => {
                    return Action::Flag(t.split_once(' ').map_or("", |(_, n)| n).trim().to_string());
                }
                _ => {}
            }
            match parse(&l) {
                Ok(v) => return Action::Answer(v),
                Err(msg) => self.say(&msg),
            }
        }
    }
}

impl<R: BufRead, W: Write> Frontend for Plain<R, W> {
    fn width(&self) -> Option<usize> {
        None
    }

    fn show(&mut self, header: &Header, question: &str) {
        let status = status_line(self.lang, header);
        self.say("");
        self.say(&format!("[{status}]"));
        self.say(&format!("{}: {}", header.kind, neutralize(question)));
    }

    fn reveal(&mut self, answer: &str) -> Action<()> {
        let prompt = crate::i18n::tr(self.lang, "(press Enter to show the answer)");
        match self.ask(prompt, true, |_| Ok(())) {
            Action::Answer(()) => {
                let label = crate::i18n::tr(self.lang, "Answer");
                self.say(&format!("{label}: {}", neutralize(answer)));
                Action::Answer(())
            }
            other => other,
        }
    }

    fn grade(&mut self, intervals: Option<[String; 4]>) -> Action<Grade> {
        let names = grade_names(self.lang);
        let parts: Vec<String> = (0..4)
            .map(|i| match &intervals {
                Some(iv) => format!("{} {} ({})", i + 1, names[i], iv[i]),
                None => format!("{} {}", i + 1, names[i]),
            })
            .collect();
        let prompt = format!("{}: {}", crate::i18n::tr(self.lang, "Grade"), parts.join(" · "));
        let lang = self.lang;
        self.ask(&prompt, false, |l| {
            let t = crate::text::normalize(l);
            let by_name =
                Grade::ALL.into_iter().zip(grade_names(Lang::En)).zip(grade_names(Lang::Vi)).find(|((_, en), vi)| {
                    t == en.to_lowercase() || t == crate::text::normalize(vi) || t == crate::text::fold(vi)
                });
            match (t.parse::<i64>().ok().and_then(Grade::from_number), by_name) {
                (Some(g), _) | (None, Some(((g, _), _))) => Ok(g),
                _ => Err(crate::i18n::tr(lang, "Type 1-4 (again, hard, good, easy).").into()),
            }
        })
    }

    fn choose(&mut self, options: &[String], multiple: bool) -> Action<Vec<usize>> {
        for (i, o) in options.iter().enumerate() {
            self.say(&format!("  {}) {}", i + 1, neutralize(o)));
        }
        let prompt = if multiple {
            crate::i18n::tr(self.lang, "Choose (numbers separated by commas):")
        } else {
            crate::i18n::tr(self.lang, "Choose (a number):")
        };
        let n = options.len();
        let lang = self.lang;
        self.ask(prompt, true, |l| {
            let picked: Result<Vec<usize>, _> = l
                .split([',', ' ', ';'])
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse::<usize>().ok().filter(|&k| (1..=n).contains(&k)).map(|k| k - 1).ok_or(()))
                .collect();
            match picked {
                Ok(v) if !v.is_empty() && (multiple || v.len() == 1) => Ok(v),
                _ => Err(if multiple {
                    t!(lang, "Type numbers from 1 to {n}, several separated by commas.", n = n)
                } else {
                    t!(lang, "Type a number from 1 to {n}.", n = n)
                }),
            }
        })
    }

    fn true_false(&mut self) -> Action<bool> {
        let lang = self.lang;
        let prompt = crate::i18n::tr(lang, "True or false? (t/f)");
        self.ask(prompt, true, |l| {
            parse_true_false(l).ok_or_else(|| crate::i18n::tr(lang, "Type t (true) or f (false).").to_string())
        })
    }

    fn typed(&mut self) -> Action<String> {
        let prompt = crate::i18n::tr(self.lang, "Answer:");
        let empty = crate::i18n::tr(self.lang, "Nothing typed; type an answer, or :? if you don't know.");
        self.ask(prompt, true, |l| if l.trim().is_empty() { Err(empty.to_string()) } else { Ok(l.to_string()) })
    }

    fn feedback(&mut self, fb: &Feedback) -> Action<Option<Grade>> {
        let l = self.lang;
        self.say(&verdict_line(l, fb));
        if let Some(p) = picks_line(l, fb) {
            self.say(&p);
        }
        if let Some(e) = &fb.explanation {
            self.say(&format!("{} {}", crate::i18n::tr(l, "Why:"), neutralize(e)));
        }
        if fb.leech {
            self.say(leech_line(l));
        }
        Action::Answer(None)
    }

    fn note(&mut self, text: &str) {
        self.say(text);
    }

    fn summary(&mut self, text: &str) {
        self.say("");
        self.say(text);
    }
}
