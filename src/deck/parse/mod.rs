//! Reading a deck file: a clean file through the fast path (`fast.rs`,
//! serde), else TOML with spans (toml_edit) and a walk over the tree that
//! collects every problem with its place, not just the first.

use std::collections::HashMap;

use toml_edit::{Item, Table};

mod fast;
mod fields;
mod kinds;
mod suggest;
#[cfg(test)]
mod tests;

use super::diagnostic::{Diagnostic, Location, Severity, SourceMap};
use super::model::{Card, CardId, Deck, DeckId, Kind, Origin};
use crate::i18n::{Arg, Key, Text, key, text};

pub(crate) use suggest::check_id;
pub use suggest::suggest;
use suggest::type_name;

/// The outcome of reading one deck file: the deck when it has no errors,
/// and every problem found (warnings too).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub deck: Option<Deck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

const DECK_FIELDS: &[&str] = &["id", "name", "language", "description", "source", "progress", "strict_marks"];
const COMMON_FIELDS: &[&str] = &["id", "kind", "explanation", "tags", "source"];
const ALL_CARD_FIELDS: &[&str] = &[
    "id",
    "kind",
    "explanation",
    "tags",
    "source",
    "question",
    "answer",
    "answers",
    "reverse",
    "accept",
    "options",
    "statement",
    "text",
];

fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Basic => &["question", "answer", "reverse"],
        Kind::Typed => &["question", "answer", "accept"],
        Kind::Choice => &["question", "options", "answer", "answers"],
        Kind::TrueFalse => &["statement", "answer"],
        Kind::Cloze => &["text"],
    }
}

/// Parses raw bytes: a UTF-8 byte-order mark is skipped, CRLF is fine,
/// invalid UTF-8 is located and reported.
pub fn parse_bytes(bytes: &[u8], origin: Origin, file: &str) -> Parsed {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_str(text, origin, file),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Parsed {
                deck: None,
                diagnostics: vec![Diagnostic {
                    severity: Severity::Error,
                    file: file.to_string(),
                    location: Some(Location {
                        line,
                        column,
                        len: 1,
                        text: String::from_utf8_lossy(
                            bytes[line_start..].split(|&b| b == b'\n').next().unwrap_or_default(),
                        )
                        .trim_end_matches('\r')
                        .to_string(),
                    }),
                    card: None,
                    message: text!("the file is not valid UTF-8 (byte {n})", n = e.valid_up_to() + 1),
                    help: Some(text!("save the deck as UTF-8 (most editors have an encoding option)")),
                    related: vec![],
                }],
            }
        }
    }
}

/// Parses deck text. The text must already be UTF-8; a leading BOM is skipped.
pub fn parse_str(text: &str, origin: Origin, file: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A clean file (the common case) is read by the fast path; anything it
    // is unsure of, or that has something to say, by the checker below.
    if let Some(deck) = fast::parse(text, origin.clone()) {
        return Parsed { deck: Some(deck), diagnostics: Vec::new() };
    }
    check_str(text, origin, file)
}

/// The checker alone: TOML with spans, every problem with its place.
fn check_str(text: &str, origin: Origin, file: &str) -> Parsed {
    let mut cx = Checker { map: SourceMap::new(text), file, diags: Vec::new(), typos: Vec::new() };
    let deck = match toml_edit::Document::parse(text) {
        Ok(doc) => cx.deck(doc.as_table(), origin),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().trim_end_matches('.').to_string();
            cx.push(
                Severity::Error,
                Some(cx.map.locate(span.start, span.end)),
                None,
                text!("TOML syntax: {detail}", detail = Arg::Maybe(lower_first(&msg))),
                Some(text!(
                    "fix the syntax at the marked place (strings need quotes; tables are [deck] and [[cards]])"
                )),
            );
            None
        }
    };
    let errors = cx.diags.iter().any(|d| d.severity == Severity::Error);
    Parsed { deck: if errors { None } else { deck }, diagnostics: cx.diags }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub(super) struct Checker<'a> {
    map: SourceMap<'a>,
    file: &'a str,
    diags: Vec<Diagnostic>,
    /// Fields of the current card that were reported as misspellings of
    /// these names, so they are not also reported as missing.
    typos: Vec<String>,
}

/// The `[deck]` table, read.
struct DeckHeader {
    id: String,
    name: String,
    language: String,
    description: Option<String>,
    source: Option<String>,
    progress: Option<String>,
    strict_marks: bool,
}

/// A typed field value with its place.
pub(super) struct Field<'t> {
    pub(super) item: &'t Item,
    pub(super) loc: Location,
}

impl<'a> Checker<'a> {
    pub(super) fn push(
        &mut self,
        severity: Severity,
        location: Option<Location>,
        card: Option<&str>,
        message: Text,
        help: Option<Text>,
    ) {
        let message = match card {
            Some(id) if !message.en().contains(&format!("`{id}`")) => {
                // The key is `diagnostic::CARD_PREFIX`.
                text!("card `{card}`: {message}", card = id, message = message)
            }
            _ => message,
        };
        self.diags.push(Diagnostic {
            severity,
            file: self.file.to_string(),
            location,
            card: card.map(str::to_string),
            message,
            help,
            related: vec![],
        });
    }

    pub(super) fn error(&mut self, loc: Location, card: Option<&str>, message: Text, help: Text) {
        self.push(Severity::Error, Some(loc), card, message, Some(help));
    }

    pub(super) fn loc_of_span(&self, span: Option<std::ops::Range<usize>>) -> Location {
        let s = span.unwrap_or(0..0);
        self.map.locate(s.start, s.end)
    }

    /// The place of a key in a table (the key itself), else the table.
    pub(super) fn key_loc(&self, table: &Table, key: &str) -> Location {
        let span = table.key(key).and_then(|k| k.span()).or_else(|| table.span());
        self.loc_of_span(span)
    }

    pub(super) fn value_loc(&self, table: &Table, key: &str) -> Location {
        let span = table.get(key).and_then(|i| i.span()).or_else(|| table.key(key).and_then(|k| k.span()));
        self.loc_of_span(span)
    }

    fn deck(&mut self, root: &Table, origin: Origin) -> Option<Deck> {
        for (key, _) in root.iter() {
            if key != "deck" && key != "cards" {
                let loc = self.key_loc(root, key);
                let help = suggest(key, &["deck", "cards"])
                    .map(|s| text!("did you mean `{name}`?", name = s))
                    .unwrap_or_else(|| text!("a deck file has a [deck] table and [[cards]] entries only"));
                self.error(loc, None, text!("unknown top-level key `{key}`", key = key), help);
            }
        }
        let header = match root.get("deck") {
            Some(Item::Table(t)) => Some(t),
            Some(_) => {
                let loc = self.value_loc(root, "deck");
                self.error(loc, None, text!("`deck` must be a table"), text!("write it as a [deck] section"));
                None
            }
            None => {
                self.push(
                    Severity::Error,
                    Some(self.map.locate(0, 0)),
                    None,
                    text!("missing the [deck] table"),
                    Some(text!("start the file with [deck] and its id, name and language")),
                );
                None
            }
        };
        let meta = header.and_then(|t| self.deck_header(t));
        let cards = self.cards(root);
        let h = meta?;
        Some(Deck {
            id: DeckId::new(h.id),
            name: h.name,
            language: h.language,
            description: h.description,
            source: h.source,
            progress: h.progress,
            strict_marks: h.strict_marks,
            cards: cards.into(),
            origin,
        })
    }

    fn deck_header(&mut self, t: &Table) -> Option<DeckHeader> {
        self.unknown_keys(t, (DECK_FIELDS, &[]), None, &text!("the [deck] table"), false);
        let id = self.req_string(t, "id", None, key!("the [deck] table"));
        if let Some((id, loc)) = &id
            && let Err(why) = check_id(id, false)
        {
            self.error(
                loc.clone(),
                None,
                text!("deck id `{id}` {why}", id = id, why = Key(why)),
                text!("use letters, digits, `.`, `-` and `_`, like `bpo-vs-call-center.vi`"),
            );
        }
        let name = self.req_string(t, "name", None, key!("the [deck] table"));
        let language = self.req_string(t, "language", None, key!("the [deck] table"));
        let description = self.opt_string(t, "description", None);
        let source = self.opt_string(t, "source", None);
        let progress = self.opt_string(t, "progress", None);
        if let Some(p) = &progress
            && let Err(why) = check_id(p, false)
        {
            let loc = self.value_loc(t, "progress");
            self.error(
                loc,
                None,
                text!("progress key `{key}` {why}", key = p, why = Key(why)),
                text!("use a name like a deck id, shared by the editions: `bpo-vs-call-center`"),
            );
        }
        let strict_marks = self.opt_bool(t, "strict_marks", None).unwrap_or(false);
        Some(DeckHeader {
            id: id?.0,
            name: name?.0,
            language: language?.0,
            description,
            source,
            progress,
            strict_marks,
        })
    }

    fn cards(&mut self, root: &Table) -> Vec<Card> {
        let tables: Vec<&Table> = match root.get("cards") {
            None => {
                self.push(
                    Severity::Warning,
                    None,
                    None,
                    text!("the deck has no cards"),
                    Some(text!("add cards as [[cards]] entries")),
                );
                return Vec::new();
            }
            Some(Item::ArrayOfTables(a)) => a.iter().collect(),
            Some(_) => {
                let loc = self.value_loc(root, "cards");
                self.error(
                    loc,
                    None,
                    text!("`cards` must be a list of [[cards]] tables"),
                    text!("write each card under its own [[cards]] header"),
                );
                return Vec::new();
            }
        };
        let mut seen: HashMap<String, Location> = HashMap::new();
        let mut cards = Vec::new();
        for t in tables {
            let card_loc = self.loc_of_span(t.span());
            let card = self.card(t, &card_loc);
            // Duplicates are found even among cards with other problems.
            let Some(id) = t.get("id").and_then(Item::as_str).map(str::trim) else { continue };
            let id_loc = self.value_loc(t, "id");
            if let Some(first) = seen.get(id) {
                self.diags.push(Diagnostic {
                    severity: Severity::Error,
                    file: self.file.to_string(),
                    location: Some(id_loc),
                    card: Some(id.to_string()),
                    message: text!("duplicate card id `{id}`", id = id),
                    help: Some(text!("card ids must be unique in a deck; rename one of them")),
                    related: vec![(first.clone(), text!("first used here"))],
                });
            } else {
                seen.insert(id.to_string(), id_loc);
                cards.extend(card);
            }
        }
        cards
    }

    fn card(&mut self, t: &Table, card_loc: &Location) -> Option<Card> {
        self.typos.clear();
        let id = match self.req_string(t, "id", None, key!("this card")) {
            Some((id, loc)) => {
                if let Err(why) = check_id(&id, true) {
                    self.error(
                        loc,
                        Some(&id),
                        text!("card id `{id}` {why}", id = id.as_str(), why = Key(why)),
                        text!("use letters, digits, `.`, `-` and `_`, like `kp-locations`"),
                    );
                }
                Some(id)
            }
            None => None,
        };
        let cid = id.as_deref();
        let kind = match t.get("kind") {
            None => {
                self.error(
                    card_loc.clone(),
                    cid,
                    text!("this card has no `kind`"),
                    text!("add `kind = \"basic\"` (or typed, choice, true_false, cloze)"),
                );
                None
            }
            Some(item) => match item.as_str() {
                Some(k) => match Kind::from_name(k) {
                    Some(kind) => Some(kind),
                    None => {
                        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                        let alias = super::content::kind_alias(k).map(Kind::name);
                        let help = match alias.or_else(|| suggest(k, &names)) {
                            Some(s) => {
                                text!(
                                    "did you mean `{name}`? kinds are basic, typed, choice, true_false, cloze",
                                    name = s
                                )
                            }
                            None => text!("kinds are basic, typed, choice, true_false, cloze"),
                        };
                        let loc = self.value_loc(t, "kind");
                        self.error(loc, cid, text!("unknown kind `{kind}`", kind = k), help);
                        None
                    }
                },
                None => {
                    let loc = self.value_loc(t, "kind");
                    self.error(
                        loc,
                        cid,
                        text!("`kind` must be a string, found {found}", found = Key(type_name(item))),
                        text!("write it in quotes: kind = \"basic\""),
                    );
                    None
                }
            },
        };
        let allowed = kind.map_or(ALL_CARD_FIELDS, kind_fields);
        let what = match kind {
            Some(k) => text!("a `{kind}` card", kind = k.name()),
            None => text!("a card"),
        };
        self.unknown_keys(t, (COMMON_FIELDS, allowed), cid, &what, true);
        let explanation = self.opt_string(t, "explanation", cid);
        let tags = self.opt_strings(t, "tags", cid).unwrap_or_default();
        let source = self.opt_string(t, "source", cid);
        let kind = kind?;
        let content = self.content(t, kind, cid, card_loc)?;
        // The rules every source of cards shares (importers use them too);
        // the located checks above have normally said it already.
        if let Err(problem) = crate::deck::content::check_content(&content) {
            self.error(card_loc.clone(), cid, problem.text(), problem.help());
            return None;
        }
        let id = id?;
        if explanation.is_none() {
            self.push(
                Severity::Warning,
                Some(card_loc.clone()),
                Some(&id),
                text!("no explanation"),
                Some(text!("add `explanation = \"...\"`: learners see it after answering")),
            );
        }
        Some(Card { id: CardId::new(id), content, explanation, tags, source, line: card_loc.line })
    }
}
