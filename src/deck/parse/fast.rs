//! The fast path for clean deck files: `toml`'s serde deserializer (strings
//! borrowed from the text, no formatted document kept) into raw tables,
//! then the same rules as the checker. It only ever answers "this file is
//! clean, here is its deck": on anything the checker would say something
//! about (an error or a warning), or anything it cannot be sure of, it gives
//! up and the checker (`toml_edit`, with spans) reads the file instead, so
//! the diagnostics are the checker's, byte for byte.
//!
//! A 100 000-card deck parses about three times faster this way, in a
//! third of the memory (see docs/performance.md); the property test in
//! `tests.rs` checks that whatever this path accepts, the checker accepts
//! with no diagnostic and the same deck.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

use super::{COMMON_FIELDS, check_id, kind_fields};
use crate::deck::cloze::Cloze;
use crate::deck::content::{check_content, check_options};
use crate::deck::model::{Card, CardId, Content, Deck, DeckId, Kind, Origin};

type Str<'a> = Cow<'a, str>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    #[serde(borrow)]
    deck: Spanned<RawDeck<'a>>,
    #[serde(borrow)]
    cards: Vec<Spanned<RawCard<'a>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck<'a> {
    #[serde(borrow)]
    id: Str<'a>,
    #[serde(borrow)]
    name: Str<'a>,
    #[serde(borrow)]
    language: Str<'a>,
    #[serde(borrow)]
    description: Option<Str<'a>>,
    #[serde(borrow)]
    source: Option<Str<'a>>,
    #[serde(borrow)]
    progress: Option<Str<'a>>,
    strict_marks: Option<bool>,
}

/// Every field a card may have; which ones its kind allows is checked after.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCard<'a> {
    #[serde(borrow)]
    id: Str<'a>,
    #[serde(borrow)]
    kind: Str<'a>,
    #[serde(borrow)]
    explanation: Option<Str<'a>>,
    #[serde(borrow)]
    tags: Option<Vec<Str<'a>>>,
    #[serde(borrow)]
    source: Option<Str<'a>>,
    #[serde(borrow)]
    question: Option<Str<'a>>,
    #[serde(borrow)]
    answer: Option<Answer<'a>>,
    #[serde(borrow)]
    answers: Option<Vec<Str<'a>>>,
    reverse: Option<bool>,
    #[serde(borrow)]
    accept: Option<Vec<Str<'a>>>,
    #[serde(borrow)]
    options: Option<Vec<Str<'a>>>,
    #[serde(borrow)]
    statement: Option<Str<'a>>,
    #[serde(borrow)]
    text: Option<Str<'a>>,
}

/// `answer` is a string (basic, typed, choice) or a boolean (true_false).
enum Answer<'a> {
    Text(Str<'a>),
    Bool(bool),
}

impl<'de: 'a, 'a> Deserialize<'de> for Answer<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Answer<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string or a boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Answer::Bool(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Answer::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Answer::Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Answer::Text(Cow::Owned(v)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A string as the checker keeps it: trimmed, in NFC.
pub(super) fn normalized(s: &str) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let s = s.trim();
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// A required field: present and not blank.
fn req(s: Option<&Str<'_>>) -> Option<String> {
    s.map(|s| normalized(s)).filter(|s| !s.trim().is_empty())
}

/// An optional field: blank is absent (as the checker reads it).
fn opt(s: Option<&Str<'_>>) -> Option<String> {
    req(s)
}

fn list(v: Option<&Vec<Str<'_>>>) -> Vec<String> {
    v.map(|v| v.iter().map(|s| normalized(s)).collect()).unwrap_or_default()
}

/// The deck of a clean file, or `None`: the checker must read it.
pub(super) fn parse(text: &str, origin: Origin) -> Option<Deck> {
    let raw: RawFile<'_> = toml::from_str(text).ok()?;
    // `[deck]` and `[[cards]]` must be real tables: the checker refuses
    // an inline `deck = {...}` or `cards = [{...}]`.
    if !header_at(text, raw.deck.span().start, "[deck]") {
        return None;
    }
    let deck = raw.deck.into_inner();
    let id = req(Some(&deck.id))?;
    check_id(&id, false).ok()?;
    let name = req(Some(&deck.name))?;
    let language = req(Some(&deck.language))?;
    let progress = opt(deck.progress.as_ref());
    if let Some(p) = &progress {
        check_id(p, false).ok()?;
    }
    // No cards is a warning: the checker says it.
    if raw.cards.is_empty() {
        return None;
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(raw.cards.len());
    let mut cards = Vec::with_capacity(raw.cards.len());
    let mut line = 1;
    let mut counted = 0;
    for spanned in &raw.cards {
        let start = spanned.span().start;
        if !header_at(text, start, "[[cards]]") {
            return None;
        }
        line += text.as_bytes().get(counted..start)?.iter().filter(|&&b| b == b'\n').count();
        counted = start;
        let raw_card = spanned.get_ref();
        if !seen.insert(raw_card.id.trim()) {
            return None;
        }
        cards.push(card(raw_card, line)?);
    }
    Some(Deck {
        id: DeckId::new(id),
        name,
        language,
        description: opt(deck.description.as_ref()),
        source: opt(deck.source.as_ref()),
        progress,
        strict_marks: deck.strict_marks.unwrap_or(false),
        cards: cards.into(),
        origin,
    })
}

/// Whether the table whose span starts at `at` is written as `header`
/// (`[deck]`, `[[cards]]`, spaces allowed inside the brackets).
fn header_at(text: &str, at: usize, header: &str) -> bool {
    let Some(rest) = text.get(at..) else { return false };
    let squeezed = rest.bytes().take_while(|&b| b != b'\n').filter(|b| !matches!(b, b' ' | b'\t'));
    let want = header.bytes();
    squeezed.take(header.len()).eq(want)
}

fn card(c: &RawCard<'_>, line: usize) -> Option<Card> {
    let id = req(Some(&c.id))?;
    check_id(&id, true).ok()?;
    let kind = Kind::from_name(&c.kind)?;
    let allowed = |field: &str| COMMON_FIELDS.contains(&field) || kind_fields(kind).contains(&field);
    let present = [
        ("question", c.question.is_some()),
        ("answer", c.answer.is_some()),
        ("answers", c.answers.is_some()),
        ("reverse", c.reverse.is_some()),
        ("accept", c.accept.is_some()),
        ("options", c.options.is_some()),
        ("statement", c.statement.is_some()),
        ("text", c.text.is_some()),
    ];
    if present.iter().any(|&(field, here)| here && !allowed(field)) {
        return None;
    }
    // A card without an explanation has a warning: the checker says it.
    let explanation = Some(req(c.explanation.as_ref())?);
    let text_answer = || match &c.answer {
        Some(Answer::Text(s)) => req(Some(s)),
        _ => None,
    };
    let content = match kind {
        Kind::Basic => Content::Basic {
            question: req(c.question.as_ref())?,
            answer: text_answer()?,
            reverse: c.reverse.unwrap_or(false),
        },
        Kind::Typed => Content::Typed {
            question: req(c.question.as_ref())?,
            answer: text_answer()?,
            accept: list(c.accept.as_ref()),
        },
        Kind::TrueFalse => match &c.answer {
            Some(Answer::Bool(b)) => Content::TrueFalse { statement: req(c.statement.as_ref())?, answer: *b },
            _ => return None,
        },
        Kind::Cloze => Content::Cloze(Cloze::parse(&req(c.text.as_ref())?).ok()?),
        Kind::Choice => {
            let question = req(c.question.as_ref())?;
            let options = list(Some(c.options.as_ref()?));
            check_options(&options).ok()?;
            let (picked, multiple) = match (&c.answer, &c.answers) {
                (Some(_), None) => (vec![text_answer()?], false),
                (None, Some(v)) if !v.is_empty() => (list(Some(v)), true),
                _ => return None,
            };
            let mut answers = picked.iter().map(|a| options.iter().position(|o| o == a)).collect::<Option<Vec<_>>>()?;
            answers.sort_unstable();
            answers.dedup();
            Content::Choice { question, options, answers, multiple }
        }
    };
    check_content(&content).ok()?;
    Some(Card {
        id: CardId::new(id),
        content,
        explanation,
        tags: list(c.tags.as_ref()),
        source: opt(c.source.as_ref()),
        line,
    })
}
