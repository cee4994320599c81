//! Cloze text: `{{deletion}}` (each its own card, numbered in order) or
//! Anki's `{{c1::text}}` / `{{c1::text::hint}}` (deletions sharing a number
//! are hidden together). A deletion may accept other fillings:
//! `{{gia hạn|cập nhật}}` shows `gia hạn` as the answer and accepts both;
//! `\|` is a literal bar.

use crate::i18n::{Text, text};

/// A parsed cloze text.
#[derive(Debug, Clone, PartialEq)]
pub struct Cloze {
    pub segments: Vec<ClozeSegment>,
}

/// Plain text or a deletion.
#[derive(Debug, Clone, PartialEq)]
pub enum ClozeSegment {
    Text(String),
    /// `text` is the answer shown; `alternatives` are also accepted.
    Deletion {
        number: u32,
        text: String,
        hint: Option<String>,
        alternatives: Vec<String>,
    },
}

/// A problem in cloze text; `offset` is a byte offset into the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ClozeError {
    pub kind: ClozeErrorKind,
    pub offset: usize,
    /// The problem is at `offset` (else it concerns the whole text).
    pub at_deletion: bool,
    pub message: Text,
    pub help: Text,
}

/// What is wrong with a cloze text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClozeErrorKind {
    /// Nothing is hidden: there is no deletion at all.
    NoDeletion,
    /// A deletion is malformed (unclosed, bad number, mixed forms...).
    Malformed,
}

impl Cloze {
    /// Parses cloze text. A text with no deletion is an error: it would
    /// never ask anything.
    // Long: one pass over the text as a small state machine (plain text,
    // `{{`, number, hint, `}}`); split up, its state would be scattered.
    pub fn parse(text: &str) -> Result<Cloze, ClozeError> {
        let mut segments = Vec::new();
        let mut rest = text;
        let mut offset = 0;
        let mut plain = 0u32;
        let mut numbered_at = None;
        let mut plain_at = None;
        loop {
            let open = rest.find("{{");
            let close = rest.find("}}");
            match (open, close) {
                (None, None) => {
                    if !rest.is_empty() {
                        segments.push(ClozeSegment::Text(rest.to_string()));
                    }
                    break;
                }
                (o, Some(c)) if o.is_none_or(|o| c < o) => {
                    return Err(ClozeError {
                        kind: ClozeErrorKind::Malformed,
                        offset: offset + c,
                        at_deletion: true,
                        message: text!("`}}}}` without an opening `{{{{`"),
                        help: text!("wrap each deletion as {{{{text}}}}"),
                    });
                }
                (Some(o), c) => {
                    let Some(c) = c.filter(|&c| c > o) else {
                        return Err(ClozeError {
                            kind: ClozeErrorKind::Malformed,
                            offset: offset + o,
                            at_deletion: true,
                            message: text!("`{{{{` is never closed"),
                            help: text!("close the deletion with `}}}}`"),
                        });
                    };
                    if o > 0 {
                        segments.push(ClozeSegment::Text(rest[..o].to_string()));
                    }
                    let inner = &rest[o + 2..c];
                    if inner.contains("{{") {
                        return Err(ClozeError {
                            kind: ClozeErrorKind::Malformed,
                            offset: offset + o,
                            at_deletion: true,
                            message: text!("deletions cannot be nested"),
                            help: text!("close each `{{{{` with `}}}}` before opening the next"),
                        });
                    }
                    if let Some((message, help)) = bad_number(inner) {
                        return Err(ClozeError {
                            kind: ClozeErrorKind::Malformed,
                            offset: offset + o,
                            at_deletion: true,
                            message,
                            help,
                        });
                    }
                    let (number, body, hint) = match numbered(inner) {
                        Some((n, body, hint)) => {
                            numbered_at.get_or_insert(offset + o);
                            (n, body, hint)
                        }
                        None => {
                            plain_at.get_or_insert(offset + o);
                            plain += 1;
                            (plain, inner, None)
                        }
                    };
                    if body.trim().is_empty() {
                        return Err(ClozeError {
                            kind: ClozeErrorKind::Malformed,
                            offset: offset + o,
                            at_deletion: true,
                            message: text!("empty deletion `{{{{}}}}`"),
                            help: text!("put the hidden words between the braces: {{{{words}}}}"),
                        });
                    }
                    let fillings = split_alternatives(body);
                    if let Some((at, message, help)) = alternative_problem(&fillings) {
                        // `body` is a slice of `rest`: the problem's place in the text.
                        let body_at = offset + (body.as_ptr() as usize - rest.as_ptr() as usize);
                        return Err(ClozeError {
                            kind: ClozeErrorKind::Malformed,
                            offset: body_at + at,
                            at_deletion: true,
                            message,
                            help,
                        });
                    }
                    let mut fillings = fillings.into_iter().map(|(_, f)| f);
                    segments.push(ClozeSegment::Deletion {
                        number,
                        text: fillings.next().unwrap_or_default(),
                        hint: hint.map(|h| h.trim().replace("\\|", "|")).filter(|h| !h.is_empty()),
                        alternatives: fillings.collect(),
                    });
                    offset += c + 2;
                    rest = &rest[c + 2..];
                }
                (None, Some(_)) => unreachable!("handled by the guard above"),
            }
        }
        if let (Some(_), Some(p)) = (numbered_at, plain_at) {
            return Err(ClozeError {
                kind: ClozeErrorKind::Malformed,
                offset: p,
                at_deletion: true,
                message: text!("this cloze mixes `{{{{text}}}}` and `{{{{c1::text}}}}` deletions"),
                help: text!("use one form: number every deletion ({{{{c1::...}}}}) or none"),
            });
        }
        if !segments.iter().any(|s| matches!(s, ClozeSegment::Deletion { .. })) {
            return Err(ClozeError {
                kind: ClozeErrorKind::NoDeletion,
                offset: 0,
                at_deletion: false,
                message: text!("cloze text has no deletion"),
                help: text!(
                    "mark the words to hide with double braces, like `The capital of Vietnam is {{{{Hanoi}}}}.`"
                ),
            });
        }
        Ok(Cloze { segments })
    }

    /// The distinct deletion numbers, ascending: one study item each.
    pub fn numbers(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .segments
            .iter()
            .filter_map(|s| match s {
                ClozeSegment::Deletion { number, .. } => Some(*number),
                ClozeSegment::Text(_) => None,
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The text with deletion `n` hidden (`[...]`, or `[hint]`) and the others shown.
    pub fn prompt(&self, n: u32) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                ClozeSegment::Text(t) => t.clone(),
                ClozeSegment::Deletion { number, hint, .. } if *number == n => match hint {
                    Some(h) => format!("[{h}]"),
                    None => "[...]".to_string(),
                },
                ClozeSegment::Deletion { text, .. } => text.clone(),
            })
            .collect()
    }

    /// The other fillings accepted for deletion `n`: each alternative in
    /// place of its deletion's answer (every combination, when several
    /// deletions share the number; at most 64).
    pub fn accepted(&self, n: u32) -> Vec<String> {
        let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
        for s in &self.segments {
            if let ClozeSegment::Deletion { number, text, alternatives, .. } = s
                && *number == n
            {
                let options: Vec<&str> =
                    std::iter::once(text.as_str()).chain(alternatives.iter().map(String::as_str)).collect();
                combos = combos
                    .into_iter()
                    .flat_map(|c| {
                        options.iter().map(move |o| {
                            let mut c = c.clone();
                            c.push(o);
                            c
                        })
                    })
                    .take(65)
                    .collect();
            }
        }
        let answer = self.answer(n);
        // Several blanks asked together may be typed as a list: "a, b",
        // "a và b", "a and b" (in order).
        let joined = |c: &[&str]| -> Vec<String> {
            match c {
                [] | [_] => vec![c.join(", ")],
                [init @ .., last] => {
                    let head = init.join(", ");
                    vec![c.join(", "), format!("{head} và {last}"), format!("{head} and {last}")]
                }
            }
        };
        let mut out: Vec<String> = Vec::new();
        for c in &combos {
            for j in joined(c) {
                if j != answer && !out.contains(&j) {
                    out.push(j);
                }
            }
        }
        out.truncate(64);
        out
    }

    /// The hidden words of deletion `n`, joined by ", " when several.
    pub fn answer(&self, n: u32) -> String {
        self.segments
            .iter()
            .filter_map(|s| match s {
                ClozeSegment::Deletion { number, text, .. } if *number == n => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The fillings of a deletion: split at `|` (`\|` is a bar), trimmed, each
/// with the byte offset in `body` where it starts (after leading spaces).
fn split_alternatives(body: &str) -> Vec<(usize, String)> {
    let mut out = vec![(0, String::new())];
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if chars.peek().map(|(_, c)| *c) == Some('|') => {
                chars.next();
                if let Some((_, s)) = out.last_mut() {
                    s.push('|');
                }
            }
            '|' => out.push((i + 1, String::new())),
            c => {
                if let Some((_, s)) = out.last_mut() {
                    s.push(c);
                }
            }
        }
    }
    out.into_iter()
        .map(|(at, s)| {
            let lead = if s.trim().is_empty() { 0 } else { s.len() - s.trim_start().len() };
            (at + lead, s.trim().to_string())
        })
        .collect()
}

/// An empty or repeated filling: where it is (a byte offset in the body:
/// the bar before an empty one, the start of a repeated one), what is wrong
/// and what to do.
fn alternative_problem(fillings: &[(usize, String)]) -> Option<(usize, Text, Text)> {
    if fillings.len() > 1
        && let Some((at, _)) = fillings.iter().find(|(_, f)| f.is_empty())
    {
        return Some((
            at.saturating_sub(1),
            text!("an empty alternative in a deletion"),
            text!("separate the accepted fillings with single bars: {{{{gia hạn|cập nhật}}}}"),
        ));
    }
    for (i, (at, f)) in fillings.iter().enumerate() {
        if fillings[..i].iter().any(|(_, g)| crate::text::normalize(g) == crate::text::normalize(f)) {
            return Some((
                *at,
                text!("the alternative `{alternative}` is given twice", alternative = f.as_str()),
                text!("keep one of them"),
            ));
        }
    }
    None
}

/// Near misses of the numbered form: `c1:text` (one colon) and `c0::text`.
fn bad_number(inner: &str) -> Option<(Text, Text)> {
    let rest = inner.strip_prefix(['c', 'C'])?;
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    if digits == 0 {
        return None;
    }
    let (num, after) = rest.split_at(digits);
    if after.starts_with(':') && !after.starts_with("::") {
        return Some((
            text!("`{{{{{inner}}}}}` has one colon after `c{num}`", inner = inner, num = num),
            text!("write the numbered form with two colons: `{{{{c{num}::...}}}}`", num = num),
        ));
    }
    if after.starts_with("::") && num.parse::<u32>().is_ok_and(|n| n == 0) {
        return Some((text!("cloze numbers start at 1"), text!("number the deletions c1, c2, c3, ...")));
    }
    None
}

/// `c12::text::hint` → (12, "text", Some("hint")).
fn numbered(inner: &str) -> Option<(u32, &str, Option<&str>)> {
    let rest = inner.strip_prefix('c').or_else(|| inner.strip_prefix('C'))?;
    let (num, rest) = rest.split_once("::")?;
    let n: u32 = num.parse().ok().filter(|&n| n > 0)?;
    match rest.split_once("::") {
        Some((text, hint)) => Some((n, text, Some(hint))),
        None => Some((n, rest, None)),
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn a_deletion_may_accept_other_fillings() -> Result<(), ClozeError> {
        let c = Cloze::parse("Hợp đồng được {{gia hạn|cập nhật}} mỗi năm.")?;
        assert_eq!(c.prompt(1), "Hợp đồng được [...] mỗi năm.");
        assert_eq!(c.answer(1), "gia hạn");
        assert_eq!(c.accepted(1), vec!["cập nhật"]);
        // With Anki's numbers and a hint, and a literal bar.
        let c = Cloze::parse("{{c1::a|b::letter}} and {{c1::x}} or {{c2::p\\|q}}")?;
        assert_eq!(c.prompt(1), "[letter] and [...] or p|q");
        assert_eq!(c.answer(1), "a, x");
        assert_eq!(c.accepted(1), vec!["a và x", "a and x", "b, x", "b và x", "b and x"]);
        assert_eq!(c.answer(2), "p|q");
        assert!(c.accepted(2).is_empty());
        Ok(())
    }

    #[test]
    fn empty_or_repeated_alternatives_are_refused() {
        let e = Cloze::parse("x {{a||b}}").unwrap_err();
        assert_eq!(e.message.key(), "an empty alternative in a deletion");
        assert_eq!(e.offset, 5, "on the `||`");
        let e = Cloze::parse("Thủ đô: {{c1::Hà Nội|ha noi| Hà Nội::thành phố}}").unwrap_err();
        assert_eq!(
            &"Thủ đô: {{c1::Hà Nội|ha noi| Hà Nội::thành phố}}"[e.offset..],
            "Hà Nội::thành phố}}",
            "on the repeat"
        );
        let e = Cloze::parse("x {{a|}}").unwrap_err();
        assert_eq!(e.message.key(), "an empty alternative in a deletion");
        let e = Cloze::parse("x {{Hà Nội|ha noi|Hà Nội}}").unwrap_err();
        assert_eq!(e.message.en(), "the alternative `Hà Nội` is given twice");
    }

    #[test]
    fn plain_deletions_are_numbered_in_order() -> Result<(), ClozeError> {
        let c = Cloze::parse("{{BPO}} là viết tắt của {{Business Process Outsourcing}}.")?;
        assert_eq!(c.numbers(), vec![1, 2]);
        assert_eq!(c.prompt(1), "[...] là viết tắt của Business Process Outsourcing.");
        assert_eq!(c.prompt(2), "BPO là viết tắt của [...].");
        assert_eq!(c.answer(2), "Business Process Outsourcing");
        Ok(())
    }

    #[test]
    fn anki_numbers_group_and_hints_show() -> Result<(), ClozeError> {
        let c = Cloze::parse("{{c1::Hà Nội}} và {{c1::Huế}}; {{c2::Sài Gòn::thành phố}}")?;
        assert_eq!(c.numbers(), vec![1, 2]);
        assert_eq!(c.prompt(1), "[...] và [...]; Sài Gòn");
        assert_eq!(c.answer(1), "Hà Nội, Huế");
        assert_eq!(c.prompt(2), "Hà Nội và Huế; [thành phố]");
        Ok(())
    }

    #[test]
    fn problems_are_located() {
        assert_eq!(Cloze::parse("no deletion").unwrap_err().message.en(), "cloze text has no deletion");
        assert_eq!(Cloze::parse("ab {{open").unwrap_err().offset, 3);
        assert!(Cloze::parse("a }} b").unwrap_err().message.en().contains("without"));
        assert!(Cloze::parse("{{ }}").unwrap_err().message.en().contains("empty"));
        assert!(Cloze::parse("{{a}} {{c1::b}}").unwrap_err().message.en().contains("mixes"));
        assert!(Cloze::parse("{{c1:moon}}").unwrap_err().message.en().contains("one colon"));
        assert!(Cloze::parse("{{c0::sun}} {{c1::moon}}").unwrap_err().message.en().contains("start at 1"));
    }
}
