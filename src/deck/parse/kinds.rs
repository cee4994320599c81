//! The content of each card kind: required fields, true/false answers,
//! cloze text and the choice rules (options, answer or answers).

use toml_edit::{Item, Table};

use super::Checker;
use super::suggest::{suggest, type_name};
use crate::deck::cloze::Cloze;
use crate::deck::diagnostic::Location;
use crate::deck::model::{Content, Kind};
use crate::i18n::{Key, key, text};

impl Checker<'_> {
    pub(super) fn content(&mut self, t: &Table, kind: Kind, cid: Option<&str>, card_loc: &Location) -> Option<Content> {
        match kind {
            Kind::Basic => {
                let q = self.req_string(t, "question", cid, key!("a basic card"));
                let a = self.req_string(t, "answer", cid, key!("a basic card"));
                let reverse = self.opt_bool(t, "reverse", cid).unwrap_or(false);
                Some(Content::Basic { question: q?.0, answer: a?.0, reverse })
            }
            Kind::Typed => {
                let q = self.req_string(t, "question", cid, key!("a typed card"));
                let a = self.req_string(t, "answer", cid, key!("a typed card"));
                let accept = self.opt_strings(t, "accept", cid).unwrap_or_default();
                Some(Content::Typed { question: q?.0, answer: a?.0, accept })
            }
            Kind::TrueFalse => {
                let s = self.req_string(t, "statement", cid, key!("a true_false card"));
                let a = match t.get("answer") {
                    None => {
                        self.error(
                            card_loc.clone(),
                            cid,
                            text!("a true_false card is missing `answer`"),
                            text!("add `answer = true` or `answer = false`"),
                        );
                        None
                    }
                    Some(item) => match item.as_bool() {
                        Some(b) => Some(b),
                        None => {
                            let loc = self.value_loc(t, "answer");
                            let found = match item.as_str() {
                                Some(s) => text!("the string \"{value}\"", value = s),
                                None => text!("{found}", found = Key(type_name(item))),
                            };
                            self.error(
                                loc,
                                cid,
                                text!("a true_false `answer` must be true or false, found {found}", found = found),
                                text!("write `answer = true` or `answer = false`, without quotes"),
                            );
                            None
                        }
                    },
                };
                Some(Content::TrueFalse { statement: s?.0, answer: a? })
            }
            Kind::Cloze => {
                let (text, loc) = self.req_string(t, "text", cid, key!("a cloze card"))?;
                match Cloze::parse(&text) {
                    Ok(c) => Some(Content::Cloze(c)),
                    Err(e) => {
                        // Point into the string when the offset maps onto the source line.
                        let mut at = loc.clone();
                        let prefix: String = text[..e.offset.min(text.len())].chars().collect();
                        if e.at_deletion && !text.contains('\n') && at.text.contains(&text) {
                            at.column += 1 + prefix.chars().count();
                            at.len = 2;
                        }
                        self.error(at, cid, e.message, e.help);
                        None
                    }
                }
            }
            Kind::Choice => self.choice(t, cid, card_loc),
        }
    }

    // Long: the choice rules in the order they are reported (options, then
    // `answer` or `answers`, then matching each to an option), so that every
    // problem of a card is found in one pass.
    fn choice(&mut self, t: &Table, cid: Option<&str>, card_loc: &Location) -> Option<Content> {
        let q = self.req_string(t, "question", cid, key!("a choice card"));
        let options = match self.opt_strings(t, "options", cid) {
            None if t.get("options").is_none() => {
                self.error(
                    card_loc.clone(),
                    cid,
                    text!("a choice card is missing `options`"),
                    text!("add `options = [\"first\", \"second\", ...]`"),
                );
                None
            }
            None => None,
            Some(o) => match crate::deck::content::check_options(&o) {
                Ok(()) => Some(o),
                Err(problem) => {
                    let loc = self.value_loc(t, "options");
                    self.error(loc, cid, problem.text(), problem.help());
                    None
                }
            },
        };
        let single = t.contains_key("answer");
        let multi = t.contains_key("answers");
        let picked: Option<(Vec<String>, bool, &str)> = match (single, multi) {
            (true, true) => {
                let loc = self.key_loc(t, "answers");
                self.error(
                    loc,
                    cid,
                    text!("a choice has both `answer` and `answers`"),
                    text!("use `answer` for one right option or `answers` for several, not both"),
                );
                None
            }
            (false, false) => {
                self.error(
                    card_loc.clone(),
                    cid,
                    text!("a choice card has no `answer`"),
                    text!("add `answer = \"the right option\"` (or `answers = [...]` for several)"),
                );
                None
            }
            (true, false) if t.get("answer").is_some_and(|i| i.as_array().is_some()) => {
                let loc = self.value_loc(t, "answer");
                let help = text!("for several right options write `answers = [...]`; for one, `answer = \"...\"`");
                self.error(loc, cid, text!("`answer` is a list"), help);
                None
            }
            (true, false) => {
                self.req_string(t, "answer", cid, key!("a choice card")).map(|(a, _)| (vec![a], false, "answer"))
            }
            (false, true) => match self.opt_strings(t, "answers", cid) {
                Some(v) if v.is_empty() => {
                    let loc = self.value_loc(t, "answers");
                    self.error(
                        loc,
                        cid,
                        text!("`answers` is empty"),
                        text!("list the right options, or use `answer` for one"),
                    );
                    None
                }
                Some(v) => Some((v, true, "answers")),
                None => None,
            },
        };
        let (options, (picked, multiple, key)) = (options?, picked?);
        let mut indices = Vec::new();
        for a in &picked {
            match options.iter().position(|o| o == a) {
                Some(i) => indices.push(i),
                None => {
                    let entry = t.get(key).and_then(Item::as_array).and_then(|arr| {
                        arr.iter().find(|v| v.as_str().map(str::trim) == Some(a.as_str())).and_then(|v| v.span())
                    });
                    let loc = match entry {
                        Some(span) => self.map.locate(span.start, span.end),
                        None => self.value_loc(t, key),
                    };
                    let refs: Vec<&str> = options.iter().map(String::as_str).collect();
                    let help = match suggest(a, &refs) {
                        Some(s) => {
                            text!("did you mean \"{option}\"? the answer must match an option exactly", option = s)
                        }
                        None => text!("the answer must be one of `options`, written exactly the same"),
                    };
                    self.error(
                        loc,
                        cid,
                        text!("the answer \"{answer}\" is not among the options", answer = a.as_str()),
                        help,
                    );
                }
            }
        }
        if indices.len() != picked.len() {
            return None;
        }
        indices.sort_unstable();
        indices.dedup();
        Some(Content::Choice { question: q?.0, options, answers: indices, multiple })
    }
}
