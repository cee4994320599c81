//! External formats → a validated [`Deck`] plus a report of what was skipped
//! and why. Conversion from bytes: the command reads and writes the files
//! (the Anki reader alone uses a temporary file, to open a collection with
//! SQLite).

pub mod anki;
pub mod html;
mod markdown;
mod tabular;

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::deck::{Card, CardId, ClozeSegment, Content, Deck, DeckId, Kind, Origin, write};
use crate::i18n::{Key, Lang, Text, t, text};

pub use markdown::parse_markdown;
pub use tabular::parse_tabular;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Csv,
    Tsv,
    Markdown,
    Anki,
}

impl Format {
    pub fn from_name(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "csv" | "txt" | "text" => Some(Format::Csv),
            "tsv" | "quizlet" => Some(Format::Tsv),
            "md" | "markdown" => Some(Format::Markdown),
            "apkg" | "colpkg" | "anki" => Some(Format::Anki),
            _ => None,
        }
    }

    /// From the extension, then the content.
    pub fn detect(file_name: &str, bytes: &[u8]) -> Format {
        let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "toml" => return Format::Toml,
            "md" | "markdown" => return Format::Markdown,
            "apkg" | "colpkg" => return Format::Anki,
            "tsv" | "tab" => return Format::Tsv,
            "csv" => return Format::Csv,
            _ => {}
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Format::Anki;
        }
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with("+++") || t.lines().any(|l| l.starts_with("Q:") || l.starts_with("C:")) {
            Format::Markdown
        } else if t.starts_with("[deck]") || t.contains("\n[[cards]]") {
            Format::Toml
        } else {
            Format::Csv
        }
    }
}

/// A row or block that was not imported, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// 1-based line in the source.
    pub line: usize,
    pub reason: Text,
}

/// What a converter produced.
#[derive(Debug, Clone, Default)]
pub struct ImportDraft {
    pub id: Option<String>,
    pub name: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub cards: Vec<DraftCard>,
    pub skipped: Vec<Skipped>,
    /// Things worth telling the learner (tags made from Anki decks, ...).
    pub notes: Vec<Text>,
}

/// A card before ids are settled.
#[derive(Debug, Clone)]
pub struct DraftCard {
    pub line: usize,
    /// An id from the source (an id column, an Anki guid), if any.
    pub id: Option<String>,
    pub content: Content,
    pub explanation: Option<String>,
    pub tags: Vec<String>,
}

/// A conversion that cannot go on, located in the source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ImportError {
    pub line: Option<usize>,
    pub message: Text,
}

impl ImportError {
    /// The error in `lang`, with its line.
    pub fn show(&self, lang: Lang) -> String {
        match self.line {
            Some(line) => t!(lang, "line {line}: {message}", line = line, message = self.message.show(lang)),
            None => self.message.show(lang),
        }
    }
}

/// Limits on what an import may hold.
pub const MAX_CARDS: usize = 200_000;

/// Card ids: the source's id made safe, else a stable hash of the question
/// (so re-importing an edited answer keeps the card and its progress).
pub fn settle_ids(cards: &[DraftCard]) -> Vec<String> {
    let mut seen = HashSet::new();
    cards
        .iter()
        .map(|c| {
            let base = match &c.id {
                Some(id) if !id.trim().is_empty() => safe_id(id.trim()),
                _ => format!("q-{:08x}", question_hash(&c.content)),
            };
            let mut id = base.clone();
            let mut n = 2;
            while !seen.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            id
        })
        .collect()
}

/// Keeps letters, digits and `.-_:`; percent-encodes the rest (Anki guids
/// use `#`, `/` and quotes, which card ids may not hold).
pub fn safe_id(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':') || (!c.is_ascii() && c.is_alphanumeric()) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn question_hash(content: &Content) -> u32 {
    let q = match content {
        Content::Basic { question, .. } | Content::Typed { question, .. } | Content::Choice { question, .. } => {
            question.clone()
        }
        Content::TrueFalse { statement, .. } => statement.clone(),
        Content::Cloze(c) => c.prompt(0),
    };
    let h = crate::deck::content_hash(crate::text::normalize(&q).as_bytes());
    u32::try_from((h ^ (h >> 32)) & u64::from(u32::MAX)).unwrap_or_default()
}

/// A deck id from a file name: lower case, letters, digits, `.` and `-`.
pub fn slug(file_stem: &str) -> String {
    let folded = crate::text::fold(file_stem);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']).to_string();
    if out.is_empty() { "imported".into() } else { out }
}

/// The text of a file from outside: a UTF-8 byte-order mark skipped, and
/// invalid UTF-8 reported with its line.
pub fn decode_utf8(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ImportError> {
    // UTF-16 with a byte order mark: Excel's "Unicode text" and other tools.
    if let Some(units) = utf16_units(bytes) {
        return String::from_utf16(&units).map(std::borrow::Cow::Owned).map_err(|_| ImportError {
            line: None,
            message: text!("the file looks like UTF-16 but is damaged; save it as UTF-8 and import again"),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map(std::borrow::Cow::Borrowed).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ImportError {
            line: Some(line),
            message: text!("the file is not valid UTF-8; save it as UTF-8 and import again"),
        }
    })
}

/// The code units of a UTF-16 text that starts with its byte order mark.
fn utf16_units(bytes: &[u8]) -> Option<Vec<u16>> {
    let (rest, little) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => return None,
    };
    Some(
        rest.chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
            })
            .collect(),
    )
}

/// Tidies text from outside: NFC, no surrounding space, CRLF as LF.
pub fn clean(s: &str) -> String {
    let s = s.trim();
    let s =
        if s.contains('\r') { std::borrow::Cow::Owned(s.replace("\r\n", "\n")) } else { std::borrow::Cow::Borrowed(s) };
    if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.into_owned()
    } else {
        s.nfc().collect()
    }
}

/// Builds the deck, drops (and reports) the cards that would not pass
/// `learn check` (the validator's own content rules, `deck::check_content`),
/// and writes the TOML. The writer's output parses back to the same deck (a
/// property test), so the file passes `learn check` without being parsed
/// again here — which matters at 100 000 rows.
pub fn build_deck(
    conv: ImportDraft,
    id: String,
    name: String,
    header: &[String],
) -> Result<(Deck, String, Vec<Skipped>), ImportError> {
    if let Err(why) = crate::deck::check_id(&id, false) {
        return Err(ImportError {
            line: None,
            message: text!("deck id `{id}` {why}; choose another with --deck-id", id = &id, why = Key(why)),
        });
    }
    if name.trim().is_empty() {
        return Err(ImportError { line: None, message: text!("the deck name is blank; give one with --name") });
    }
    let mut skipped = conv.skipped;
    let ids = settle_ids(&conv.cards);
    let mut cards = Vec::with_capacity(conv.cards.len());
    for (c, card_id) in conv.cards.into_iter().zip(ids) {
        if let Err(reason) = crate::deck::check_id(&card_id, true)
            .map_err(|w| text!("card id `{id}` {why}", id = &card_id, why = Key(w)))
            .and_then(|_| crate::deck::check_content(&c.content).map_err(|p| p.text()))
        {
            skipped.push(Skipped { line: c.line, reason });
            continue;
        }
        cards.push(Card {
            id: CardId::new(card_id),
            content: c.content,
            explanation: c.explanation.filter(|e| !e.trim().is_empty()),
            tags: c.tags.into_iter().filter(|t| !t.trim().is_empty()).collect(),
            source: None,
            line: c.line,
        });
    }
    let language = conv.language.unwrap_or_else(|| {
        let texts = cards.iter().flat_map(|c| content_texts(&c.content));
        crate::text::detect_language(texts).to_string()
    });
    let deck = Deck {
        id: DeckId::new(id),
        name,
        language,
        description: conv.description,
        source: conv.source,
        progress: None,
        strict_marks: false,
        cards: cards.into(),
        origin: Origin::Generated,
    };
    let text = write(&deck, header);
    skipped.sort_by_key(|s| s.line);
    Ok((deck, text, skipped))
}

/// Anki's cloze text for our parser: a `|` inside an Anki deletion is a
/// plain bar (Anki has no alternatives), so it is escaped.
pub(crate) fn anki_cloze(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{") {
            depth += 1;
            out.push_str("{{");
            rest = &rest[2..];
            continue;
        }
        if rest.starts_with("}}") {
            depth = depth.saturating_sub(1);
            out.push_str("}}");
            rest = &rest[2..];
            continue;
        }
        if depth > 0 && c == '|' {
            out.push_str("\\|");
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The texts of a card, for telling its language.
fn content_texts(c: &Content) -> Vec<&str> {
    match c {
        Content::Basic { question, answer, .. } | Content::Typed { question, answer, .. } => vec![question, answer],
        Content::Choice { question, options, .. } => {
            std::iter::once(question.as_str()).chain(options.iter().map(String::as_str)).collect()
        }
        Content::TrueFalse { statement, .. } => vec![statement],
        Content::Cloze(cl) => cl
            .segments
            .iter()
            .map(|s| match s {
                ClozeSegment::Text(t) | ClozeSegment::Deletion { text: t, .. } => t.as_str(),
            })
            .collect(),
    }
}

/// What the learner is told about notes of a type learn has no kind for.
pub fn other_type_note(note_type: &str, notes: usize) -> Text {
    text!(
        "{notes} note(s) of type `{kind}` imported as basic cards: first field as the question, the rest as the answer",
        notes = notes,
        kind = crate::text::neutralize(note_type)
    )
}

/// A kind named in a `kind` column (empty means basic).
pub fn kind_from_column(s: &str) -> Option<Kind> {
    if s.trim().is_empty() { Some(Kind::Basic) } else { crate::deck::kind_alias(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_in_anki_deletions_stay_bars() {
        let c = crate::deck::Cloze::parse(&anki_cloze("{{c1::a|b}} | {{c2::x::y|z}}")).unwrap();
        assert_eq!(c.answer(1), "a|b");
        assert!(c.accepted(1).is_empty());
        assert_eq!(c.prompt(1), "[...] | x");
        assert_eq!(c.prompt(2), "a|b | [y|z]");
    }

    #[test]
    fn slugs_and_safe_ids() {
        assert_eq!(slug("Từ vựng tiếng Việt (2024)"), "tu-vung-tieng-viet-2024");
        assert_eq!(slug("notes"), "notes");
        assert_eq!(slug("!!!"), "imported");
        assert_eq!(safe_id("y5_:NSb]qT"), "y5_:NSb%5DqT");
        assert_eq!(safe_id("a#b/c d"), "a%23b%2Fc%20d");
    }

    #[test]
    fn question_hash_ids_are_stable_and_distinct() {
        let card = |q: &str| DraftCard {
            line: 1,
            id: None,
            content: Content::Basic { question: q.into(), answer: "a".into(), reverse: false },
            explanation: None,
            tags: vec![],
        };
        let ids = settle_ids(&[card("Hà Nội?"), card("Huế?"), card("Hà Nội?")]);
        assert_eq!(ids[0], settle_ids(&[card("  hà nội ? ")])[0], "case, space and punctuation do not matter");
        assert_ne!(ids[0], ids[1]);
        assert_eq!(ids[2], format!("{}-2", ids[0]));
    }
}

#[cfg(test)]
mod never_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn importers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = parse_tabular(&bytes, None, &mut |_| {});
            let _ = parse_tabular(&bytes, Some(b'\t'), &mut |_| {});
            let _ = parse_markdown(&bytes);
            let _ = anki::read_package(&bytes, anki::PackageLimits::default());
            let _ = html::to_text(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn importers_never_panic_on_plausible_text(
            text in "(#separator:(tab|comma|x)\n)?(#html:true\n)?((Q|A|C|Tags|Why|ID): ?[\\PC\\[\\]{}<>&;,|\t\"]{0,20}\n|---\n|\\+\\+\\+\n|[\\PC,;|\t\"<>&]{0,30}\n){0,12}"
        ) {
            let _ = parse_tabular(text.as_bytes(), None, &mut |_| {});
            if let Ok(conv) = parse_markdown(text.as_bytes()) {
                let _ = build_deck(conv, "d".into(), "D".into(), &[]);
            }
            if let Ok(conv) = parse_tabular(text.as_bytes(), None, &mut |_| {}) {
                let _ = build_deck(conv, "d".into(), "D".into(), &[]);
            }
        }
    }
}
