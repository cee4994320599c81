//! Markdown notes (docs/import-formats.md): an optional TOML front matter
//! between `+++` lines, cards separated by `---` lines; a card is `Q:` and
//! `A:` lines (text may continue on the next lines) or a cloze `C:` line
//! with `[deletions]`, with optional `Tags:`, `Why:` and `ID:` lines.

use super::{DraftCard, ImportDraft, ImportError, Skipped, clean};
use crate::deck::{Cloze, Content};
use crate::i18n::{Arg, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Q,
    A,
    C,
    Why,
}

#[derive(Default)]
struct Block {
    line: usize,
    q: Vec<String>,
    a: Vec<String>,
    c: Vec<String>,
    why: Vec<String>,
    tags: Vec<String>,
    id: Option<String>,
    current: Option<Field>,
}

/// Parses the Markdown card format.
pub fn parse_markdown(bytes: &[u8]) -> Result<ImportDraft, ImportError> {
    let text = super::decode_utf8(bytes)?;
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut conv = ImportDraft::default();
    let mut i = 0;
    while i < lines.len() && lines[i].trim().is_empty() {
        i += 1;
    }
    if i < lines.len() && lines[i].trim() == "+++" {
        let start = i + 1;
        let end = lines[start..].iter().position(|l| l.trim() == "+++").map(|p| start + p).ok_or(ImportError {
            line: Some(i + 1),
            message: text!("the front matter opened with `+++` is never closed"),
        })?;
        front_matter(&lines[start..end].join("\n"), start + 1, &mut conv)?;
        i = end + 1;
    }
    let mut block = Block { line: i + 1, ..Block::default() };
    for (n, raw) in lines.iter().enumerate().skip(i) {
        let line_no = n + 1;
        let l = raw.trim_end();
        if l.trim() == "---" {
            finish(std::mem::take(&mut block), &mut conv);
            block.line = line_no + 1;
            continue;
        }
        let (key, rest) = match l.split_once(':') {
            Some((k, r)) if ["Q", "A", "C", "Tags", "Why", "ID"].contains(&k.trim()) => (Some(k.trim()), r.trim()),
            _ => (None, l),
        };
        // A second `Q:` or `C:` starts the next card even without `---`:
        // two questions are never one.
        if matches!(key, Some("Q" | "C")) && (!block.q.is_empty() || !block.c.is_empty()) {
            finish(std::mem::take(&mut block), &mut conv);
        }
        if block.q.is_empty() && block.c.is_empty() && block.a.is_empty() && block.current.is_none() {
            block.line = line_no;
        }
        match key {
            Some("Q") => {
                block.q.push(rest.to_string());
                block.current = Some(Field::Q);
            }
            Some("A") => {
                block.a.push(rest.to_string());
                block.current = Some(Field::A);
            }
            Some("C") => {
                block.c.push(rest.to_string());
                block.current = Some(Field::C);
            }
            Some("Why") => {
                block.why.push(rest.to_string());
                block.current = Some(Field::Why);
            }
            Some("Tags") => {
                block.tags.extend(rest.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string));
                block.current = None;
            }
            Some("ID") => {
                block.id = Some(rest.to_string());
                block.current = None;
            }
            _ => match block.current {
                Some(Field::Q) => block.q.push(l.to_string()),
                Some(Field::A) => block.a.push(l.to_string()),
                Some(Field::C) => block.c.push(l.to_string()),
                Some(Field::Why) => block.why.push(l.to_string()),
                None if l.trim().is_empty() => {}
                None => conv.skipped.push(Skipped {
                    line: line_no,
                    reason: text!("text outside a card field (start cards with `Q:` or `C:`)"),
                }),
            },
        }
    }
    finish(block, &mut conv);
    Ok(conv)
}

fn front_matter(toml_text: &str, first_line: usize, conv: &mut ImportDraft) -> Result<(), ImportError> {
    let table: toml::Table = toml::from_str(toml_text).map_err(|e| ImportError {
        line: Some(first_line),
        message: text!("the front matter is not valid TOML: {why}", why = Arg::Maybe(e.message().to_string())),
    })?;
    for (k, v) in &table {
        let s = v.as_str().map(clean);
        match k.as_str() {
            "id" => conv.id = s,
            "name" => conv.name = s,
            "language" => conv.language = s,
            "description" => conv.description = s,
            "source" => conv.source = s,
            other => {
                return Err(ImportError {
                    line: Some(first_line),
                    message: text!(
                        "unknown front matter key `{key}`; use id, name, language, description or source",
                        key = other
                    ),
                });
            }
        }
    }
    Ok(())
}

fn joined(v: &[String]) -> Option<String> {
    let t = clean(&v.join("\n"));
    (!t.is_empty()).then_some(t)
}

fn finish(b: Block, conv: &mut ImportDraft) {
    let (q, a, c) = (joined(&b.q), joined(&b.a), joined(&b.c));
    let explanation = joined(&b.why);
    let content = match (q, a, c) {
        (None, None, None) => return,
        (Some(question), Some(answer), None) => Content::Basic { question, answer, reverse: false },
        (None, None, Some(text)) => {
            // [deletion] → {{deletion}}; braces in the text are not ours to keep.
            let mut out = String::new();
            let mut depth = 0;
            for ch in text.chars() {
                match ch {
                    '[' if depth == 0 => {
                        depth = 1;
                        out.push_str("{{");
                    }
                    ']' if depth == 1 => {
                        depth = 0;
                        out.push_str("}}");
                    }
                    c => out.push(c),
                }
            }
            match Cloze::parse(&out) {
                Ok(cloze) => Content::Cloze(cloze),
                Err(e) => {
                    let reason = if e.kind == crate::deck::ClozeErrorKind::NoDeletion {
                        text!("a `C:` card needs at least one [deletion] in square brackets")
                    } else {
                        e.message
                    };
                    conv.skipped.push(Skipped { line: b.line, reason });
                    return;
                }
            }
        }
        (Some(_), None, None) => {
            conv.skipped.push(Skipped { line: b.line, reason: text!("a `Q:` without an `A:`") });
            return;
        }
        (None, Some(_), None) => {
            conv.skipped.push(Skipped { line: b.line, reason: text!("an `A:` without a `Q:`") });
            return;
        }
        _ => {
            conv.skipped.push(Skipped { line: b.line, reason: text!("a card is either `Q:`/`A:` or `C:`, not both") });
            return;
        }
    };
    conv.cards.push(DraftCard { line: b.line, id: b.id, content, explanation, tags: b.tags });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_front_matter_and_continuations() {
        let md = "+++\nname = \"N\"\nlanguage = \"vi\"\n+++\n\nQ: one?\nA: first\nsecond\nTags: a, b\nWhy: because\n\n---\n\nC: [Hà Nội] là thủ đô của [Việt Nam].\n---\nQ: lonely\n";
        let c = parse_markdown(md.as_bytes()).unwrap();
        assert_eq!(c.name.as_deref(), Some("N"));
        assert_eq!(c.cards.len(), 2);
        match &c.cards[0].content {
            Content::Basic { answer, .. } => assert_eq!(answer, "first\nsecond"),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.cards[0].tags, vec!["a", "b"]);
        assert_eq!(c.cards[0].explanation.as_deref(), Some("because"));
        assert_eq!(c.cards[0].line, 6);
        match &c.cards[1].content {
            Content::Cloze(cl) => assert_eq!(cl.numbers(), vec![1, 2]),
            other => panic!("{other:?}"),
        }
        assert_eq!(c.skipped, vec![Skipped { line: 16, reason: text!("a `Q:` without an `A:`") }]);
    }

    #[test]
    fn a_second_question_starts_the_next_card_even_without_a_separator() {
        let md = "Q: Thủ đô?\nA: Hà Nội\n\nQ: Không đáp án\nQ: Ba?\nA: 3\nC: [x] y\n";
        let c = parse_markdown(md.as_bytes()).unwrap();
        let questions: Vec<String> = c
            .cards
            .iter()
            .map(|k| match &k.content {
                Content::Basic { question, .. } => question.clone(),
                Content::Cloze(cl) => cl.prompt(1),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(questions, vec!["Thủ đô?", "Ba?", "[...] y"]);
        assert_eq!(c.skipped, vec![Skipped { line: 4, reason: text!("a `Q:` without an `A:`") }]);
    }

    #[test]
    fn bad_front_matter_is_located() {
        let e = parse_markdown(b"+++\nname = \n+++\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse_markdown(b"+++\ncolour = \"x\"\n+++\n").unwrap_err();
        assert!(e.message.en().contains("unknown front matter key"));
    }
}
