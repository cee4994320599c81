//! The collection: note types (schema 11 JSON or schema 18 tables), decks,
//! notes, cards and the review log, read from a private copy with SQLite.

use std::collections::HashMap;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::proto::Proto;
use super::{AnkiDeck, CardProgress, Package, Review, err};
use crate::deck::{Cloze, Content};
use crate::i18n::text;
use crate::import::{DraftCard, ImportError, clean, html};

/// A note type: its name, whether it is a cloze type, its field names and
/// its templates' fronts.
#[derive(Debug, Clone, Default)]
struct NoteType {
    name: String,
    cloze: bool,
    fronts: Vec<String>,
}

impl NoteType {
    fn typed(&self) -> bool {
        self.fronts.first().is_some_and(|q| q.contains("{{type:"))
            || self.name.to_lowercase().contains("type in the answer")
    }
}

/// An Anki card row: which note and deck, and its scheduling.
struct AnkiCard {
    id: i64,
    did: i64,
    ord: u32,
    kind: u8,
    queue: i64,
    due: i64,
    ivl: i64,
    factor: i64,
    reps: u32,
    lapses: u32,
}

/// The longest a collection may take to read: a real 20 000-note package
/// takes well under a second; a hostile one (recursive views, huge sorts)
/// is stopped here instead of running for ever.
const READ_BUDGET: std::time::Duration = std::time::Duration::from_secs(20);

fn damaged(e: rusqlite::Error) -> ImportError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
        return err(text!(
            "the package's collection took longer than {seconds}s to read and was given up; it is damaged or built to hang",
            seconds = READ_BUDGET.as_secs()
        ));
    }
    err(text!("the package's collection is damaged or not an Anki collection ({e})", e = e.to_string()))
}

pub(super) fn read_collection(bytes: &[u8], layout: &'static str) -> Result<Package, ImportError> {
    let (_file, conn) = open_copy(bytes)?;
    let crt: i64 = conn.query_row("SELECT crt FROM col", [], |r| r.get(0)).map_err(damaged)?;
    let (types, deck_names) = if layout == "collection.anki21b" { current_meta(&conn)? } else { legacy_meta(&conn)? };
    let mut cards_of = read_cards(&conn)?;
    let mut revlog = read_revlog(&conn)?;
    let mut package = Package { layout, crt, ..Package::default() };
    let mut deck_index: HashMap<i64, usize> = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id").map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })
        .map_err(damaged)?;
    for (line, row) in rows.enumerate() {
        let (nid, guid, mid, tags, flds) = row.map_err(damaged)?;
        let Some(mut cards) = cards_of.remove(&nid) else { continue };
        cards.sort_by_key(|c| c.ord);
        let nt = types.get(&mid).cloned().unwrap_or_default();
        let fields: Vec<&str> = flds.split('\u{1f}').collect();
        let Some(note) = note_content(&nt, &fields, &cards) else { continue };
        if note.other_type {
            *package.other_types.entry(nt.name.clone()).or_default() += 1;
        }
        let did = cards[0].did;
        let di = *deck_index.entry(did).or_insert_with(|| {
            package.decks.push(AnkiDeck {
                name: deck_names.get(&did).cloned().unwrap_or_else(|| "Anki".into()),
                ..AnkiDeck::default()
            });
            package.decks.len() - 1
        });
        let deck = &mut package.decks[di];
        let card_index = deck.cards.len();
        deck.cards.push(DraftCard {
            line: line + 1,
            id: Some(guid),
            content: note.content,
            explanation: note.explanation,
            tags: tags.split_whitespace().map(str::to_string).collect(),
        });
        let mut media = Vec::new();
        for f in &fields {
            media_refs(f, &mut media);
        }
        for m in media {
            if !deck.media.contains(&m) {
                deck.media.push(m);
            }
        }
        for c in cards {
            let reviews = revlog.remove(&c.id).unwrap_or_default();
            deck.progress.push(CardProgress {
                card: card_index,
                crt,
                ord: c.ord,
                kind: c.kind,
                queue: c.queue,
                due: c.due,
                ivl: c.ivl,
                factor: c.factor,
                reps: c.reps,
                lapses: c.lapses,
                reviews,
            });
        }
    }
    package.decks.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(package)
}

/// A private read-only copy of the collection, with a time budget, after
/// checking that the tables we read are tables (a view can be built to
/// recurse for ever).
fn open_copy(bytes: &[u8]) -> Result<(tempfile::NamedTempFile, Connection), ImportError> {
    let file = tempfile::NamedTempFile::new()
        .map_err(|e| err(text!("could not make a temporary file: {e}", e = e.to_string())))?;
    crate::fsutil::remove_on_signal(file.path());
    std::fs::write(file.path(), bytes)
        .map_err(|e| err(text!("could not write a temporary file: {e}", e = e.to_string())))?;
    let mut conn = Connection::open_with_flags(file.path(), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| err(text!("the package's collection cannot be opened ({e})", e = e.to_string())))?;
    let started = std::time::Instant::now();
    conn.progress_handler(10_000, Some(move || started.elapsed() > READ_BUDGET))
        .map_err(|e| err(text!("the package's collection cannot be read ({e})", e = e.to_string())))?;
    // Anki's indexes use its own case-insensitive collation.
    conn.create_collation("unicase", |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase()))
        .map_err(|e| err(text!("the package's collection cannot be read ({e})", e = e.to_string())))?;
    for table in ["col", "notes", "cards", "revlog"] {
        let kind: Option<String> = conn
            .query_row("SELECT type FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0))
            .optional()
            .map_err(damaged)?;
        if kind.as_deref() != Some("table") {
            return Err(err(text!(
                "the package's collection has no `{table}` table; it is damaged or not an Anki collection",
                table = table
            )));
        }
    }
    Ok((file, conn))
}

/// Every card, by note id.
fn read_cards(conn: &Connection) -> Result<HashMap<i64, Vec<AnkiCard>>, ImportError> {
    let mut stmt = conn
        .prepare("SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses FROM cards ORDER BY nid, ord")
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                AnkiCard {
                    id: r.get(0)?,
                    did: r.get(2)?,
                    ord: u32::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                    kind: u8::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                    queue: r.get(5)?,
                    due: r.get(6)?,
                    ivl: r.get(7)?,
                    factor: r.get(8)?,
                    reps: u32::try_from(r.get::<_, i64>(9)?).unwrap_or(0),
                    lapses: u32::try_from(r.get::<_, i64>(10)?).unwrap_or(0),
                },
            ))
        })
        .map_err(damaged)?;
    let mut cards_of: HashMap<i64, Vec<AnkiCard>> = HashMap::new();
    for row in rows {
        let (nid, c) = row.map_err(damaged)?;
        cards_of.entry(nid).or_default().push(c);
    }
    Ok(cards_of)
}

/// The review log, by card id, oldest first.
fn read_revlog(conn: &Connection) -> Result<HashMap<i64, Vec<Review>>, ImportError> {
    let mut stmt = conn
        .prepare("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id")
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                Review {
                    time_ms: r.get(0)?,
                    // Out of range: not a 1-4 answer, skipped like a manual reschedule.
                    ease: u8::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                    ivl: r.get(3)?,
                    last_ivl: r.get(4)?,
                    factor: r.get(5)?,
                    duration_ms: r.get(6)?,
                    kind: u8::try_from(r.get::<_, i64>(7)?).unwrap_or(u8::MAX),
                },
            ))
        })
        .map_err(damaged)?;
    let mut revlog: HashMap<i64, Vec<Review>> = HashMap::new();
    for row in rows {
        let (cid, r) = row.map_err(damaged)?;
        revlog.entry(cid).or_default().push(r);
    }
    Ok(revlog)
}

/// A note as a card: its content, the explanation (a cloze's Extra), and
/// whether its note type is one learn has no kind for.
struct NoteContent {
    content: Content,
    explanation: Option<String>,
    other_type: bool,
}

fn note_content(nt: &NoteType, fields: &[&str], cards: &[AnkiCard]) -> Option<NoteContent> {
    let text = |i: usize| -> Option<String> {
        let t = clean(&html::to_text(fields.get(i)?));
        (!t.is_empty()).then_some(t)
    };
    let mut other_type = false;
    let content = if nt.cloze {
        Content::Cloze(Cloze::parse(&crate::import::anki_cloze(&text(0)?)).ok()?)
    } else if nt.typed() {
        Content::Typed { question: text(0)?, answer: text(1)?, accept: Vec::new() }
    } else {
        let q = text(0)?;
        // Anki's stock Basic types: front and back. Any other type: the
        // first field is the question, the rest together the answer.
        let answer = if nt.name.starts_with("Basic") {
            text(1)
        } else {
            other_type = true;
            let rest: Vec<String> = (1..fields.len()).filter_map(text).collect();
            (!rest.is_empty()).then(|| rest.join("\n"))
        };
        let reverse = nt.fronts.len() >= 2 && cards.iter().any(|c| c.ord == 1);
        Content::Basic { question: q, answer: answer?, reverse }
    };
    let explanation = if nt.cloze { text(1) } else { None };
    Some(NoteContent { content, explanation, other_type })
}

type Meta = (HashMap<i64, NoteType>, HashMap<i64, String>);

/// Schema 18: `notetypes`, `templates`, `decks` tables (deck levels joined by \x1f).
fn current_meta(conn: &Connection) -> Result<Meta, ImportError> {
    let damaged = |e: rusqlite::Error| err(text!("the package's collection is damaged ({e})", e = e.to_string()));
    let mut types = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, name, config FROM notetypes").map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?)))
        .map_err(damaged)?;
    for row in rows {
        let (id, name, config) = row.map_err(damaged)?;
        let cloze = Proto::find_varint(&config, 1) == Some(1);
        types.insert(id, NoteType { name, cloze, fronts: Vec::new() });
    }
    // Only templates of note types that exist (exports leave some orphans).
    let mut stmt = conn.prepare("SELECT ntid, ord, config FROM templates ORDER BY ntid, ord").map_err(damaged)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(2)?))).map_err(damaged)?;
    for row in rows {
        let (ntid, config) = row.map_err(damaged)?;
        if let Some(t) = types.get_mut(&ntid) {
            t.fronts.push(Proto::find_string(&config, 1).unwrap_or_default());
        }
    }
    let mut decks = HashMap::new();
    let mut stmt = conn.prepare("SELECT id, name FROM decks").map_err(damaged)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).map_err(damaged)?;
    for row in rows {
        let (id, name) = row.map_err(damaged)?;
        decks.insert(id, name.replace('\u{1f}', "::"));
    }
    Ok((types, decks))
}

/// Schema 11: JSON in `col.models` and `col.decks`.
fn legacy_meta(conn: &Connection) -> Result<Meta, ImportError> {
    let damaged = |e: rusqlite::Error| err(text!("the package's collection is damaged ({e})", e = e.to_string()));
    let (models, decks): (String, String) =
        conn.query_row("SELECT models, decks FROM col", [], |r| Ok((r.get(0)?, r.get(1)?))).map_err(damaged)?;
    let bad =
        |e: serde_json::Error| err(text!("the package's note types or decks are damaged ({e})", e = e.to_string()));
    let models: serde_json::Value = serde_json::from_str(&models).map_err(bad)?;
    let decks_v: serde_json::Value = serde_json::from_str(&decks).map_err(bad)?;
    let mut types = HashMap::new();
    for (id, m) in models.as_object().into_iter().flatten() {
        let Ok(id) = id.parse::<i64>() else { continue };
        let name = m.get("name").and_then(|v| v.as_str()).unwrap_or("").to_string();
        let cloze = m.get("type").and_then(|v| v.as_i64()) == Some(1);
        let fronts = m
            .get("tmpls")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().map(|t| t.get("qfmt").and_then(|q| q.as_str()).unwrap_or("").to_string()).collect())
            .unwrap_or_default();
        types.insert(id, NoteType { name, cloze, fronts });
    }
    let mut names = HashMap::new();
    for (id, d) in decks_v.as_object().into_iter().flatten() {
        if let (Ok(id), Some(name)) = (id.parse::<i64>(), d.get("name").and_then(|v| v.as_str())) {
            names.insert(id, name.to_string());
        }
    }
    Ok((types, names))
}

/// Media a field refers to: `<img src="x">` and `[sound:x]`.
pub(super) fn media_refs(field: &str, out: &mut Vec<String>) {
    let mut rest = field;
    while let Some(i) = rest.find("[sound:") {
        let after = &rest[i + 7..];
        let Some(j) = after.find(']') else { break };
        out.push(html::decode_entities(&after[..j]));
        rest = &after[j + 1..];
    }
    let lower = field.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<img") {
        let start = at + i;
        let end = lower[start..].find('>').map_or(field.len(), |e| start + e);
        let tag = &field[start..end];
        if let Some(p) = tag.to_ascii_lowercase().find("src=") {
            let v = &tag[p + 4..];
            let (q, v) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
                _ => (None, v),
            };
            let e = match q {
                Some(q) => v.find(q).unwrap_or(v.len()),
                None => v.find(char::is_whitespace).unwrap_or(v.len()),
            };
            out.push(html::decode_entities(&v[..e]));
        }
        at = end;
    }
}
