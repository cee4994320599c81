//! The fast path for clean deck files: `toml`'s serde deserializer (strings
//! borrowed from the text, no formatted document kept) into raw tables,
//! then the same rules as the checker. It only ever answers "this file is
//! clean, here is its deck": on anything the checker would say something
//! about (an error or a warning), or anything it cannot be sure of, it gives
//! up and the checker (`toml_edit`, with spans) reads the file instead, so
//! the diagnostics are the checker's, byte for byte.
//!
//! A 100 000-card deck parses several times faster this way, in a fraction
//! of the memory (see docs/performance.md); the property test in
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

/// The text before the first `[[cards]]`: the `[deck]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHead<'a> {
    #[serde(borrow)]
    deck: Spanned<RawDeck<'a>>,
}

/// The text from one `[[cards]]` header to the next: one card.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChunk<'a> {
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
    // Letters below U+0300 and the precomposed Vietnamese ones (U+1EA0 to
    // U+1EF9) are NFC as they stand, alone and next to each other (checked
    // for every pair against Python's unicodedata): most text needs no
    // table look-up (a tenth of parsing an 88 MB Vietnamese deck).
    let plain = |c: char| (c as u32) < 0x300 || ('\u{1EA0}'..='\u{1EF9}').contains(&c);
    if s.chars().all(plain) {
        return s.to_string();
    }
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
///
/// The file is read a card at a time: cut at each line that is exactly
/// `[[cards]]`, the head holding `[deck]` and each piece one card, so only
/// one card's TOML tree is in memory at once. A cut inside a multi-line
/// string or array leaves a piece that is not TOML (its string or array is
/// never closed), and a header written otherwise (`[[ cards ]]`, a
/// comment after it) leaves a piece with two cards: either way the fast
/// path gives up, and the whole file goes to the checker.
pub(super) fn parse(text: &str, origin: Origin) -> Option<Deck> {
    let starts = card_headers(text);
    // No cards is a warning: the checker says it.
    let first = *starts.first()?;
    let head: RawHead<'_> = toml::from_str(text.get(..first)?).ok()?;
    // `[deck]` must be a real table: the checker refuses `deck = {...}`.
    if !header_at(text, head.deck.span().start, "[deck]") {
        return None;
    }
    let deck = head.deck.into_inner();
    let id = req(Some(&deck.id))?;
    check_id(&id, false).ok()?;
    let name = req(Some(&deck.name))?;
    let language = req(Some(&deck.language))?;
    let progress = opt(deck.progress.as_ref());
    if let Some(p) = &progress {
        check_id(p, false).ok()?;
    }
    let mut seen: HashSet<Str<'_>> = HashSet::with_capacity(starts.len());
    let mut cards = Vec::with_capacity(starts.len());
    let mut line = 1 + newlines(text.get(..first)?);
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let piece = text.get(start..end)?;
        let raw: RawChunk<'_> = toml::from_str(piece).ok()?;
        let [spanned] = <[_; 1]>::try_from(raw.cards).ok()?;
        if spanned.span().start != 0 {
            return None;
        }
        let raw_card = spanned.into_inner();
        cards.push(card(&raw_card, line)?);
        let id = match raw_card.id {
            Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
            Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
        };
        if !seen.insert(id) {
            return None;
        }
        line += newlines(piece);
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

fn newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

/// Where the lines that are exactly `[[cards]]` start.
fn card_headers(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "[[cards]]" {
            out.push(at);
        }
        at += line.len();
    }
    out
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
