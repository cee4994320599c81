//! Reading a deck file: TOML with spans (toml_edit), then a walk over the
//! tree that collects every problem with its place, not just the first.

use std::collections::HashMap;

use toml_edit::{Item, Table, Value};
use unicode_normalization::UnicodeNormalization;

use super::cloze::Cloze;
use super::diagnostic::{Diagnostic, Location, Severity, SourceMap};
use super::model::{Card, CardId, Content, Deck, DeckId, Kind, Origin};

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

const DECK_FIELDS: &[&str] = &["id", "name", "language", "description", "source"];
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
                    message: format!("the file is not valid UTF-8 (byte {})", e.valid_up_to() + 1),
                    help: Some("save the deck as UTF-8 (most editors have an encoding option)".into()),
                    related: vec![],
                }],
            }
        }
    }
}

/// Parses deck text. The text must already be UTF-8; a leading BOM is skipped.
pub fn parse_str(text: &str, origin: Origin, file: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
                format!("TOML syntax: {}", lower_first(&msg)),
                Some(
                    "fix the syntax at the marked place (strings need quotes; tables are [deck] and [[cards]])".into(),
                ),
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

struct Checker<'a> {
    map: SourceMap<'a>,
    file: &'a str,
    diags: Vec<Diagnostic>,
    /// Fields of the current card that were reported as misspellings of
    /// these names, so they are not also reported as missing.
    typos: Vec<String>,
}

/// A typed field value with its place.
struct Field<'t> {
    item: &'t Item,
    loc: Location,
}

impl<'a> Checker<'a> {
    fn push(
        &mut self,
        severity: Severity,
        location: Option<Location>,
        card: Option<&str>,
        message: String,
        help: Option<String>,
    ) {
        let message = match card {
            Some(id) if !message.contains(&format!("`{id}`")) => format!("card `{id}`: {message}"),
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

    fn error(&mut self, loc: Location, card: Option<&str>, message: String, help: impl Into<String>) {
        self.push(Severity::Error, Some(loc), card, message, Some(help.into()));
    }

    fn loc_of_span(&self, span: Option<std::ops::Range<usize>>) -> Location {
        let s = span.unwrap_or(0..0);
        self.map.locate(s.start, s.end)
    }

    /// The place of a key in a table (the key itself), else the table.
    fn key_loc(&self, table: &Table, key: &str) -> Location {
        let span = table.key(key).and_then(|k| k.span()).or_else(|| table.span());
        self.loc_of_span(span)
    }

    fn value_loc(&self, table: &Table, key: &str) -> Location {
        let span = table.get(key).and_then(|i| i.span()).or_else(|| table.key(key).and_then(|k| k.span()));
        self.loc_of_span(span)
    }

    fn deck(&mut self, root: &Table, origin: Origin) -> Option<Deck> {
        for (key, _) in root.iter() {
            if key != "deck" && key != "cards" {
                let loc = self.key_loc(root, key);
                let help = suggest(key, &["deck", "cards"])
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "a deck file has a [deck] table and [[cards]] entries only".into());
                self.error(loc, None, format!("unknown top-level key `{key}`"), help);
            }
        }
        let header = match root.get("deck") {
            Some(Item::Table(t)) => Some(t),
            Some(_) => {
                let loc = self.value_loc(root, "deck");
                self.error(loc, None, "`deck` must be a table".into(), "write it as a [deck] section");
                None
            }
            None => {
                self.push(
                    Severity::Error,
                    Some(self.map.locate(0, 0)),
                    None,
                    "missing the [deck] table".into(),
                    Some("start the file with [deck] and its id, name and language".into()),
                );
                None
            }
        };
        let meta = header.and_then(|t| self.deck_header(t));
        let cards = self.cards(root);
        let (id, name, language, description, source) = meta?;
        Some(Deck { id: DeckId::new(id), name, language, description, source, cards, origin })
    }

    #[allow(clippy::type_complexity)]
    fn deck_header(&mut self, t: &Table) -> Option<(String, String, String, Option<String>, Option<String>)> {
        self.unknown_keys(t, DECK_FIELDS, &[], None, "the [deck] table");
        let id = self.req_string(t, "id", None, "[deck]");
        if let Some((id, loc)) = &id
            && let Err(why) = check_id(id, false)
        {
            self.error(
                loc.clone(),
                None,
                format!("deck id `{id}` {why}"),
                "use letters, digits, `.`, `-` and `_`, like `bpo-vs-call-center.vi`",
            );
        }
        let name = self.req_string(t, "name", None, "[deck]");
        let language = self.req_string(t, "language", None, "[deck]");
        let description = self.opt_string(t, "description", None);
        let source = self.opt_string(t, "source", None);
        Some((id?.0, name?.0, language?.0, description, source))
    }

    fn cards(&mut self, root: &Table) -> Vec<Card> {
        let tables: Vec<&Table> = match root.get("cards") {
            None => {
                self.push(
                    Severity::Warning,
                    None,
                    None,
                    "the deck has no cards".into(),
                    Some("add cards as [[cards]] entries".into()),
                );
                return Vec::new();
            }
            Some(Item::ArrayOfTables(a)) => a.iter().collect(),
            Some(_) => {
                let loc = self.value_loc(root, "cards");
                self.error(
                    loc,
                    None,
                    "`cards` must be a list of [[cards]] tables".into(),
                    "write each card under its own [[cards]] header",
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
                    message: format!("duplicate card id `{id}`"),
                    help: Some("card ids must be unique in a deck; rename one of them".into()),
                    related: vec![(first.clone(), "first used here".into())],
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
        let id = match self.req_string(t, "id", None, "this card") {
            Some((id, loc)) => {
                if let Err(why) = check_id(&id, true) {
                    self.error(
                        loc,
                        Some(&id),
                        format!("card id `{id}` {why}"),
                        "use letters, digits, `.`, `-` and `_`, like `kp-locations`",
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
                    "this card has no `kind`".to_string(),
                    "add `kind = \"basic\"` (or typed, choice, true_false, cloze)",
                );
                None
            }
            Some(item) => match item.as_str() {
                Some(k) => match Kind::from_name(k) {
                    Some(kind) => Some(kind),
                    None => {
                        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                        let help = match kind_alias(k).or_else(|| suggest(k, &names)) {
                            Some(s) => format!("did you mean `{s}`? kinds are basic, typed, choice, true_false, cloze"),
                            None => "kinds are basic, typed, choice, true_false, cloze".into(),
                        };
                        let loc = self.value_loc(t, "kind");
                        self.error(loc, cid, format!("unknown kind `{k}`"), help);
                        None
                    }
                },
                None => {
                    let loc = self.value_loc(t, "kind");
                    self.error(
                        loc,
                        cid,
                        format!("`kind` must be a string, found {}", type_name(item)),
                        "write it in quotes: kind = \"basic\"",
                    );
                    None
                }
            },
        };
        let allowed = kind.map_or(ALL_CARD_FIELDS, kind_fields);
        self.unknown_keys(t, COMMON_FIELDS, allowed, cid, &format!("a `{}` card", kind.map_or("", Kind::name)));
        let explanation = self.opt_string(t, "explanation", cid);
        let tags = self.opt_strings(t, "tags", cid).unwrap_or_default();
        let source = self.opt_string(t, "source", cid);
        let kind = kind?;
        let content = self.content(t, kind, cid, card_loc)?;
        let id = id?;
        if explanation.is_none() {
            self.push(
                Severity::Warning,
                Some(card_loc.clone()),
                Some(&id),
                format!("card `{id}` has no explanation"),
                Some("add `explanation = \"...\"`: learners see it after answering".into()),
            );
        }
        Some(Card { id: CardId::new(id), content, explanation, tags, source, line: card_loc.line })
    }

    fn content(&mut self, t: &Table, kind: Kind, cid: Option<&str>, card_loc: &Location) -> Option<Content> {
        match kind {
            Kind::Basic => {
                let q = self.req_string(t, "question", cid, "a basic card");
                let a = self.req_string(t, "answer", cid, "a basic card");
                let reverse = self.opt_bool(t, "reverse", cid).unwrap_or(false);
                Some(Content::Basic { question: q?.0, answer: a?.0, reverse })
            }
            Kind::Typed => {
                let q = self.req_string(t, "question", cid, "a typed card");
                let a = self.req_string(t, "answer", cid, "a typed card");
                let accept = self.opt_strings(t, "accept", cid).unwrap_or_default();
                Some(Content::Typed { question: q?.0, answer: a?.0, accept })
            }
            Kind::TrueFalse => {
                let s = self.req_string(t, "statement", cid, "a true_false card");
                let a = match t.get("answer") {
                    None => {
                        self.error(
                            card_loc.clone(),
                            cid,
                            "a true_false card is missing `answer`".to_string(),
                            "add `answer = true` or `answer = false`",
                        );
                        None
                    }
                    Some(item) => match item.as_bool() {
                        Some(b) => Some(b),
                        None => {
                            let loc = self.value_loc(t, "answer");
                            let found = item
                                .as_str()
                                .map_or_else(|| type_name(item).to_string(), |s| format!("the string \"{s}\""));
                            self.error(
                                loc,
                                cid,
                                format!("a true_false `answer` must be true or false, found {found}"),
                                "write `answer = true` or `answer = false`, without quotes",
                            );
                            None
                        }
                    },
                };
                Some(Content::TrueFalse { statement: s?.0, answer: a? })
            }
            Kind::Cloze => {
                let (text, loc) = self.req_string(t, "text", cid, "a cloze card")?;
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

    fn choice(&mut self, t: &Table, cid: Option<&str>, card_loc: &Location) -> Option<Content> {
        let q = self.req_string(t, "question", cid, "a choice card");
        let options = match self.opt_strings(t, "options", cid) {
            None if t.get("options").is_none() => {
                self.error(
                    card_loc.clone(),
                    cid,
                    "a choice card is missing `options`".to_string(),
                    "add `options = [\"first\", \"second\", ...]`",
                );
                None
            }
            None => None,
            Some(o) => {
                let loc = self.value_loc(t, "options");
                if o.len() < 2 {
                    self.error(
                        loc,
                        cid,
                        format!("a choice needs at least two options, found {}", o.len()),
                        "add the other options learners choose from",
                    );
                    None
                } else if let Some(d) = o.iter().enumerate().find(|(i, x)| o[..*i].contains(x)) {
                    self.error(loc, cid, format!("option \"{}\" is listed twice", d.1), "make every option different");
                    None
                } else if o.iter().any(|x| x.trim().is_empty()) {
                    self.error(loc, cid, "an option is blank".into(), "remove the empty option or write its text");
                    None
                } else {
                    Some(o)
                }
            }
        };
        let single = t.contains_key("answer");
        let multi = t.contains_key("answers");
        let picked: Option<(Vec<String>, bool, &str)> = match (single, multi) {
            (true, true) => {
                let loc = self.key_loc(t, "answers");
                self.error(
                    loc,
                    cid,
                    "a choice has both `answer` and `answers`".into(),
                    "use `answer` for one right option or `answers` for several, not both",
                );
                None
            }
            (false, false) => {
                self.error(
                    card_loc.clone(),
                    cid,
                    "a choice card has no `answer`".to_string(),
                    "add `answer = \"the right option\"` (or `answers = [...]` for several)",
                );
                None
            }
            (true, false) if t.get("answer").is_some_and(|i| i.as_array().is_some()) => {
                let loc = self.value_loc(t, "answer");
                let help = "for several right options write `answers = [...]`; for one, `answer = \"...\"`";
                self.error(loc, cid, "`answer` is a list".into(), help);
                None
            }
            (true, false) => {
                self.req_string(t, "answer", cid, "a choice card").map(|(a, _)| (vec![a], false, "answer"))
            }
            (false, true) => match self.opt_strings(t, "answers", cid) {
                Some(v) if v.is_empty() => {
                    let loc = self.value_loc(t, "answers");
                    self.error(
                        loc,
                        cid,
                        "`answers` is empty".into(),
                        "list the right options, or use `answer` for one",
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
                        Some(s) => format!("did you mean \"{s}\"? the answer must match an option exactly"),
                        None => "the answer must be one of `options`, written exactly the same".into(),
                    };
                    self.error(loc, cid, format!("the answer \"{a}\" is not among the options"), help);
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

    fn unknown_keys(&mut self, t: &Table, common: &[&str], specific: &[&str], cid: Option<&str>, what: &str) {
        for (key, _) in t.iter() {
            if common.contains(&key) || specific.contains(&key) {
                continue;
            }
            let loc = self.key_loc(t, key);
            let candidates: Vec<&str> = common.iter().chain(specific).copied().collect();
            let (message, help) = if ALL_CARD_FIELDS.contains(&key) && what.contains("card") {
                (
                    format!("field `{key}` does not belong to {what}"),
                    format!("remove it, or change `kind`; {what} takes {}", list(&candidates)),
                )
            } else {
                let help = match suggest(key, &candidates) {
                    Some(s) => {
                        if !t.contains_key(s) {
                            self.typos.push(s.to_string());
                        }
                        format!("did you mean `{s}`?")
                    }
                    None => format!("{what} takes {}", list(&candidates)),
                };
                (format!("unknown field `{key}`"), help)
            };
            self.error(loc, cid, message, help);
        }
    }

    fn field<'t>(&self, t: &'t Table, key: &str) -> Option<Field<'t>> {
        t.get(key).map(|item| Field { item, loc: self.value_loc(t, key) })
    }

    fn req_string(&mut self, t: &Table, key: &str, cid: Option<&str>, what: &str) -> Option<(String, Location)> {
        match self.field(t, key) {
            None => {
                let loc = self.loc_of_span(t.span());
                if self.typos.iter().any(|t| t == key) {
                    // Already reported as a misspelt field with a "did you mean".
                    return None;
                }
                self.error(loc, cid, format!("{what} is missing `{key}`"), format!("add `{key} = \"...\"`"));
                None
            }
            Some(f) => {
                let s = self.string_value(&f, key, cid)?;
                if s.trim().is_empty() {
                    self.error(
                        f.loc,
                        cid,
                        format!("`{key}` is blank"),
                        format!("write the {key} text between the quotes"),
                    );
                    return None;
                }
                Some((s, f.loc))
            }
        }
    }

    fn opt_string(&mut self, t: &Table, key: &str, cid: Option<&str>) -> Option<String> {
        let f = self.field(t, key)?;
        self.string_value(&f, key, cid).filter(|s| !s.trim().is_empty())
    }

    fn string_value(&mut self, f: &Field<'_>, key: &str, cid: Option<&str>) -> Option<String> {
        match f.item.as_str() {
            Some(s) => Some(s.trim().nfc().collect()),
            None => {
                self.error(
                    f.loc.clone(),
                    cid,
                    format!("`{key}` must be a string, found {}", type_name(f.item)),
                    format!("write it in quotes: {key} = \"...\""),
                );
                None
            }
        }
    }

    fn opt_bool(&mut self, t: &Table, key: &str, cid: Option<&str>) -> Option<bool> {
        let f = self.field(t, key)?;
        match f.item.as_bool() {
            Some(b) => Some(b),
            None => {
                self.error(
                    f.loc,
                    cid,
                    format!("`{key}` must be true or false, found {}", type_name(f.item)),
                    format!("write `{key} = true` or `{key} = false`, without quotes"),
                );
                None
            }
        }
    }

    fn opt_strings(&mut self, t: &Table, key: &str, cid: Option<&str>) -> Option<Vec<String>> {
        let f = self.field(t, key)?;
        let Some(arr) = f.item.as_array() else {
            self.error(
                f.loc,
                cid,
                format!("`{key}` must be a list of strings, found {}", type_name(f.item)),
                format!("write it as a list: {key} = [\"first\", \"second\"]"),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for v in arr.iter() {
            match v.as_str() {
                Some(s) => out.push(s.trim().nfc().collect()),
                None => {
                    let loc = self.loc_of_span(v.span());
                    self.error(
                        loc,
                        cid,
                        format!("every entry of `{key}` must be a string, found {}", value_type_name(v)),
                        "put each entry in quotes",
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Names people use for the kinds in other tools.
fn kind_alias(k: &str) -> Option<&'static str> {
    match k.to_lowercase().replace(['-', ' '], "_").as_str() {
        "multiple" | "multiple_choice" | "multichoice" | "mcq" | "mc" | "select" | "quiz" => Some("choice"),
        "tf" | "truefalse" | "true_or_false" | "bool" | "boolean" | "yes_no" => Some("true_false"),
        "text" | "input" | "type" | "typing" | "type_in" | "written" => Some("typed"),
        "flashcard" | "card" | "front_back" | "qa" | "simple" => Some("basic"),
        "fill" | "blank" | "fill_in" | "fill_in_the_blank" | "gap" | "cloze_deletion" => Some("cloze"),
        _ => None,
    }
}

/// Ids are printable, without spaces or `#` (which marks cloze numbers).
pub(crate) fn check_id(id: &str, card: bool) -> Result<(), &'static str> {
    if id.chars().any(char::is_whitespace) {
        return Err("contains spaces");
    }
    if id.contains('#') {
        return Err(if card {
            "contains `#`, which is kept for cloze numbers (`id#1`)"
        } else {
            "contains `#`, which is kept for card numbers"
        });
    }
    if id.chars().any(|c| c.is_control() || matches!(c, '/' | '\\')) {
        return Err("contains a control character or a slash");
    }
    Ok(())
}

/// The closest known name, when it is close enough to be a likely typo.
pub fn suggest<'n>(word: &str, names: &[&'n str]) -> Option<&'n str> {
    names
        .iter()
        .map(|n| (strsim::jaro_winkler(&word.to_lowercase(), &n.to_lowercase()), *n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

fn type_name(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Value(v) => value_type_name(v),
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "a list of tables",
    }
}

fn value_type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::InlineTable(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> Parsed {
        parse_str(text, Origin::Bundled("t.toml"), "t.toml")
    }

    fn messages(p: &Parsed) -> Vec<String> {
        p.diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    const GOOD: &str = "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"vi\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n";

    #[test]
    fn a_good_deck_parses_to_the_model() {
        let p = parse(GOOD);
        assert!(p.diagnostics.is_empty(), "{:?}", messages(&p));
        let deck = p.deck.unwrap();
        assert_eq!(deck.id.as_str(), "d");
        assert_eq!(deck.cards[0].content, Content::Basic { question: "Q".into(), answer: "A".into(), reverse: false });
        assert_eq!(deck.cards[0].line, 6);
    }

    #[test]
    fn bom_and_crlf_are_fine() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let p = parse_bytes(text.as_bytes(), Origin::Bundled("t"), "t");
        assert!(p.deck.is_some() && p.diagnostics.is_empty(), "{:?}", messages(&p));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut bytes = GOOD.as_bytes().to_vec();
        let at = GOOD.find("\"Q\"").unwrap() + 1;
        bytes[at] = 0xff;
        let p = parse_bytes(&bytes, Origin::Bundled("t"), "t");
        let d = &p.diagnostics[0];
        assert!(d.message.contains("not valid UTF-8"));
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((9, 13)));
    }

    #[test]
    fn each_problem_has_its_message() {
        let card = |body: &str| {
            format!(
                "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"c\"\nexplanation = \"e\"\n{body}\n"
            )
        };
        let cases = [
            ("kind = \"basic\"\nquestoin = \"Q\"\nanswer = \"A\"", "unknown field `questoin`"),
            ("kind = \"basic\"\nquestion = \"  \"\nanswer = \"A\"", "`question` is blank"),
            ("kind = \"basic\"\nquestion = \"Q\"", "a basic card is missing `answer`"),
            ("kind = \"basic\"\nquestion = 4\nanswer = \"A\"", "`question` must be a string, found an integer"),
            ("kind = \"essay\"\nquestion = \"Q\"", "unknown kind `essay`"),
            (
                "kind = \"choice\"\nquestion = \"Q\"\noptions = [\"a\", \"b\"]\nanswer = \"c\"",
                "the answer \"c\" is not among the options",
            ),
            ("kind = \"choice\"\nquestion = \"Q\"\noptions = [\"a\"]\nanswer = \"a\"", "at least two options"),
            ("kind = \"cloze\"\ntext = \"nothing hidden\"", "cloze text has no deletion"),
            ("kind = \"true_false\"\nstatement = \"S\"\nanswer = \"yes\"", "must be true or false"),
            (
                "kind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\noptions = [\"x\"]",
                "does not belong to a `basic` card",
            ),
        ];
        for (body, want) in cases {
            let p = parse(&card(body));
            assert!(p.deck.is_none(), "{body}");
            let m = messages(&p);
            assert!(m.iter().any(|x| x.contains(want)), "{body}: wanted {want:?}, got {m:?}");
            assert!(p.diagnostics.iter().all(|d| d.location.is_some()), "{body}: located");
        }
    }

    #[test]
    fn several_problems_are_all_reported() {
        let text = "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\n\n[[cards]]\nid = \"a\"\nkind = \"cloze\"\ntext = \"x\"\n";
        let p = parse(text);
        let m = messages(&p);
        assert!(m.iter().any(|x| x.contains("missing `answer`")), "{m:?}");
        assert!(m.iter().any(|x| x.contains("no deletion")), "{m:?}");
        assert!(m.iter().any(|x| x.contains("duplicate card id `a`")), "{m:?}");
    }

    #[test]
    fn missing_explanation_is_only_a_warning() {
        let p = parse(&GOOD.replace("explanation = \"E\"\n", ""));
        assert!(p.deck.is_some());
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].severity, Severity::Warning);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_bytes(&bytes, Origin::Bundled("t"), "t");
        }

        #[test]
        fn mutated_decks_never_panic(cut in 0usize..200, insert in "\\PC{0,12}") {
            let mut text = GOOD.to_string();
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            text.insert_str(at, &insert);
            let p = parse(&text);
            // Every error carries a place.
            for d in &p.diagnostics {
                prop_assert!(d.location.is_some() || d.message.contains("no cards"));
            }
        }
    }
}
