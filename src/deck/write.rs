//! Writing a deck as TOML, readably: the `[deck]` table, then one
//! `[[cards]]` table per card with its fields in a fixed order; multi-line
//! text as `"""` strings. `parse(write(deck)) == deck` (a property test).

use std::fmt::Write as _;

use super::cloze::ClozeSegment;
use super::model::{Content, Deck};

/// The deck as TOML. `header` lines are written first as `#` comments.
// Long but flat: one field after another, in the order a reader expects.
pub fn write(deck: &Deck, header: &[String]) -> String {
    let mut out = String::with_capacity(256 + deck.cards.len() * 200);
    for h in header {
        for line in h.lines() {
            let _ = writeln!(out, "# {line}");
        }
    }
    if !header.is_empty() {
        out.push('\n');
    }
    out.push_str("[deck]\n");
    kv(&mut out, "id", deck.id.as_str());
    kv(&mut out, "name", &deck.name);
    kv(&mut out, "language", &deck.language);
    if let Some(d) = &deck.description {
        kv(&mut out, "description", d);
    }
    if let Some(s) = &deck.source {
        kv(&mut out, "source", s);
    }
    if let Some(p) = &deck.progress {
        kv(&mut out, "progress", p);
    }
    if deck.strict_marks {
        out.push_str("strict_marks = true\n");
    }
    for c in &deck.cards {
        out.push_str("\n[[cards]]\n");
        kv(&mut out, "id", c.id.as_str());
        kv(&mut out, "kind", c.kind().name());
        match &c.content {
            Content::Basic { question, answer, reverse } => {
                kv(&mut out, "question", question);
                kv(&mut out, "answer", answer);
                if *reverse {
                    out.push_str("reverse = true\n");
                }
            }
            Content::Typed { question, answer, accept } => {
                kv(&mut out, "question", question);
                kv(&mut out, "answer", answer);
                if !accept.is_empty() {
                    list(&mut out, "accept", accept);
                }
            }
            Content::Choice { question, options, answers, multiple } => {
                kv(&mut out, "question", question);
                list(&mut out, "options", options);
                if *multiple {
                    let picked: Vec<String> = answers.iter().filter_map(|&i| options.get(i).cloned()).collect();
                    list(&mut out, "answers", &picked);
                } else if let Some(a) = answers.first().and_then(|&i| options.get(i)) {
                    kv(&mut out, "answer", a);
                }
            }
            Content::TrueFalse { statement, answer } => {
                kv(&mut out, "statement", statement);
                let _ = writeln!(out, "answer = {answer}");
            }
            Content::Cloze(cloze) => {
                let numbered = cloze.segments.iter().any(|s| matches!(s, ClozeSegment::Deletion { hint: Some(_), .. }))
                    || grouped(cloze);
                let mut text = String::new();
                for s in &cloze.segments {
                    match s {
                        ClozeSegment::Text(t) => text.push_str(t),
                        ClozeSegment::Deletion { number, text: t, hint, alternatives } => {
                            let t = &std::iter::once(t)
                                .chain(alternatives)
                                .map(|f| f.replace('|', "\\|"))
                                .collect::<Vec<_>>()
                                .join("|");
                            match (numbered, hint) {
                                (true, Some(h)) => {
                                    let _ = write!(text, "{{{{c{number}::{t}::{h}}}}}");
                                }
                                (true, None) => {
                                    let _ = write!(text, "{{{{c{number}::{t}}}}}");
                                }
                                (false, _) => {
                                    let _ = write!(text, "{{{{{t}}}}}");
                                }
                            }
                        }
                    }
                }
                kv(&mut out, "text", &text);
            }
        }
        if let Some(e) = &c.explanation {
            kv(&mut out, "explanation", e);
        }
        if !c.tags.is_empty() {
            list(&mut out, "tags", &c.tags);
        }
        if let Some(s) = &c.source {
            kv(&mut out, "source", s);
        }
    }
    out
}

/// Whether plain `{{...}}` numbering (1, 2, 3 in order) would lose the
/// deletions' own numbers.
fn grouped(cloze: &super::cloze::Cloze) -> bool {
    cloze
        .segments
        .iter()
        .filter_map(|s| match s {
            ClozeSegment::Deletion { number, .. } => Some(*number),
            ClozeSegment::Text(_) => None,
        })
        .enumerate()
        .any(|(i, n)| n as usize != i + 1)
}

fn kv(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {}", quote(value));
}

fn list(out: &mut String, key: &str, values: &[String]) {
    let items: Vec<String> = values.iter().map(|v| quote(v)).collect();
    let one_line = format!("{key} = [{}]", items.join(", "));
    if one_line.len() <= 100 && !values.iter().any(|v| v.contains('\n')) {
        out.push_str(&one_line);
        out.push('\n');
    } else {
        let _ = writeln!(out, "{key} = [");
        for i in items {
            let _ = writeln!(out, "    {i},");
        }
        out.push_str("]\n");
    }
}

/// A TOML string: a basic string, or a multi-line basic string when the
/// text has line breaks. Escapes what TOML requires.
pub fn quote(s: &str) -> String {
    let multi = s.contains('\n');
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str(if multi { "\"\"\"\n" } else { "\"" });
    let mut quotes = 0;
    for c in s.chars() {
        match c {
            '"' if multi => {
                // Never three quotes in a row inside """ ... """.
                quotes += 1;
                if quotes == 3 {
                    out.push_str("\\\"");
                    quotes = 0;
                } else {
                    out.push('"');
                }
                continue;
            }
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multi => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
        quotes = 0;
    }
    if multi && quotes > 0 {
        // A raw closing quote right before """ would merge with it (an
        // escaped one, `\"`, would not).
        out.pop();
        out.push_str("\\\"");
    }
    out.push_str(if multi { "\"\"\"" } else { "\"" });
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::deck::{Card, CardId, Cloze, DeckId, Origin, parse_str};
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn clean(s: &str) -> String {
        // The parser trims and normalises to NFC; so must the generated text.
        let t: String = s.trim().nfc().collect();
        if t.is_empty() { "x".into() } else { t }
    }

    pub(in crate::deck) fn text() -> impl Strategy<Value = String> {
        "[\\PC\\n\"\\\\'\\t]{1,30}".prop_map(|s| clean(&s))
    }

    pub(in crate::deck) fn content() -> impl Strategy<Value = Content> {
        prop_oneof![
            (text(), text(), any::<bool>()).prop_map(|(question, answer, reverse)| Content::Basic {
                question,
                answer,
                reverse
            }),
            (text(), text(), proptest::collection::vec(text(), 0..3))
                .prop_map(|(question, answer, accept)| Content::Typed { question, answer, accept }),
            (text(), proptest::collection::btree_set(text(), 2..5), any::<bool>()).prop_map(
                |(question, opts, multiple)| {
                    let options: Vec<String> = opts.into_iter().collect();
                    let answers = if multiple { vec![0, options.len() - 1] } else { vec![1] };
                    Content::Choice { question, options, answers, multiple }
                }
            ),
            (text(), any::<bool>()).prop_map(|(statement, answer)| Content::TrueFalse { statement, answer }),
            (text(), text(), text(), text()).prop_map(|(a, b, c, d)| {
                let a = a.replace(['{', '}'], "");
                // Bars in a filling are literal (escaped); `d` is an accepted alternative.
                let filling = |s: String| s.replace(['{', '}', ':', '\\'], "").replace('|', "\\|").trim().to_string();
                let (b, d) = (filling(b), filling(d));
                let c = c.replace(['{', '}'], "");
                let b = if b.is_empty() { "w".to_string() } else { b };
                let deletion = if d.is_empty()
                    || d.trim_end_matches('\\') != d
                    || crate::text::normalize(&d) == crate::text::normalize(&b)
                {
                    b
                } else {
                    format!("{b}|{d}")
                };
                let cloze = format!("{a} {{{{{deletion}}}}} {c}");
                // The parser trims the whole text; so must the generated one.
                Content::Cloze(Cloze::parse(&clean(&cloze)).unwrap())
            }),
        ]
    }

    proptest! {
        #[test]
        fn parse_of_write_is_the_deck(
            name in text(),
            cards in proptest::collection::vec((content(), proptest::option::of(text()), proptest::collection::vec("[a-z]{1,8}", 0..3)), 1..6),
        ) {
            let deck = Deck {
                id: DeckId::new("t.round-trip"),
                name,
                language: "vi".into(),
                description: None,
                source: Some("generated".into()),
                progress: Some("t".into()),
                strict_marks: true,
                cards: cards.into_iter().enumerate().map(|(i, (content, explanation, tags))| Card {
                    id: CardId::new(format!("c{i}")), content, explanation, tags, source: None, line: 0,
                }).collect::<Vec<_>>().into(),
                origin: Origin::Bundled("t"),
            };
            let text = write(&deck, &["generated".to_string()]);
            let parsed = parse_str(&text, Origin::Bundled("t"), "t");
            let errors: Vec<String> = parsed.diagnostics.iter().filter(|d| d.severity == crate::deck::Severity::Error).map(|d| d.render()).collect();
            prop_assert!(errors.is_empty(), "{}\n{}", text, errors.join("\n"));
            let back = parsed.deck.unwrap();
            let strip = |d: &Deck| d.cards.iter().map(|c| (c.id.clone(), c.content.clone(), c.explanation.clone(), c.tags.clone())).collect::<Vec<_>>();
            prop_assert_eq!(strip(&back), strip(&deck));
            prop_assert_eq!(&back.name, &deck.name);

        }
    }

    #[test]
    fn quotes_survive() {
        for s in
            ["a\"b", "line1\nline2\"", "\"\"\"", "x\\y", "tab\there", "end\"\n\"\"\"\nq\"", "A\n\"\"\"", "A\n\"\"\"\""]
        {
            let toml = format!("v = {}\n", quote(s));
            let parsed: toml::Table = toml::from_str(&toml).unwrap_or_else(|e| panic!("{toml}: {e}"));
            assert_eq!(parsed["v"].as_str(), Some(s), "{toml}");
        }
    }
}
