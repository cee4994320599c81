//! Anki packages (`.apkg`, `.colpkg`): the legacy layout (`collection.anki21`
//! or `collection.anki2`, SQLite in the zip, media map as JSON) and the
//! current one (`collection.anki21b`, zstd-compressed SQLite, media map as
//! zstd-compressed protobuf, media files zstd-compressed), as written by
//! Anki's exporter and by genanki. Reads notes, cards, decks, note types,
//! media and the review log; refuses zip slips, zip bombs and damage.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use rusqlite::{Connection, OpenFlags};

use super::{ImportError, RawCard, clean, html};
use crate::deck::{Cloze, Content};

/// Limits that keep a hostile package from exhausting memory or disk.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_entries: usize,
    pub max_total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_entries: 50_000, max_total_bytes: 1024 * 1024 * 1024 }
    }
}

/// One review from Anki's log.
#[derive(Debug, Clone)]
pub struct Review {
    /// Answer time, ms since the epoch (Anki's revlog id).
    pub time_ms: i64,
    /// 1–4 (0 for manual reschedules, which are skipped).
    pub ease: u8,
    pub ivl: i64,
    pub last_ivl: i64,
    pub factor: i64,
    pub duration_ms: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual.
    pub kind: u8,
}

/// An Anki card's scheduling, for `--with-progress`.
#[derive(Debug, Clone)]
pub struct CardProgress {
    /// Index into the deck's cards.
    pub card: usize,
    /// The collection's creation time (seconds): day 0 of `due` for reviews.
    pub crt: i64,
    /// Which item of that card: 0, 1 for a reverse, n for cloze `c{n+1}`.
    pub ord: u32,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: u8,
    pub queue: i64,
    pub due: i64,
    pub ivl: i64,
    pub factor: i64,
    pub reps: u32,
    pub lapses: u32,
    pub reviews: Vec<Review>,
}

/// A deck of the package (a subdeck is its own deck).
#[derive(Debug, Clone, Default)]
pub struct AnkiDeck {
    /// Anki's full name, `Parent::Child`.
    pub name: String,
    pub cards: Vec<RawCard>,
    pub progress: Vec<CardProgress>,
    /// Media file names the cards refer to.
    pub media: Vec<String>,
}

/// What a package holds.
#[derive(Debug, Clone, Default)]
pub struct Package {
    pub decks: Vec<AnkiDeck>,
    /// Media files by name.
    pub media: HashMap<String, Vec<u8>>,
    /// Note types imported as basic cards, with their note counts.
    pub other_types: BTreeMap<String, usize>,
    /// Which collection file was read.
    pub layout: &'static str,
    /// The collection's creation time (day 0 of review due dates), seconds.
    pub crt: i64,
}

fn err(message: impl Into<String>) -> ImportError {
    ImportError { line: None, message: message.into() }
}

/// A media name that is safe to write inside a folder.
pub fn safe_media_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.starts_with('.')
        && !name.split(['/', '\\']).any(|p| p == "..")
        && !(name.len() >= 2 && name.as_bytes()[1] == b':')
}

/// Reads a package from its bytes.
pub fn read_package(bytes: &[u8], limits: Limits) -> Result<Package, ImportError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| err(format!("this is not an Anki package: not a zip file, or a truncated one ({e})")))?;
    if zip.len() > limits.max_entries {
        return Err(err(format!("the package has {} entries; the limit is {}", zip.len(), limits.max_entries)));
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| err(format!("the package is damaged ({e})")))?;
        declared = declared.saturating_add(f.size());
    }
    if declared > limits.max_total_bytes {
        return Err(err(format!(
            "the package would unpack to {:.1} GiB; the limit is {:.1} GiB (a zip bomb, or a collection too large to import)",
            declared as f64 / (1u64 << 30) as f64,
            limits.max_total_bytes as f64 / (1u64 << 30) as f64
        )));
    }
    let budget = std::cell::Cell::new(limits.max_total_bytes);
    let read =
        |zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str| -> Result<Option<Vec<u8>>, ImportError> {
            let mut f = match zip.by_name(name) {
                Ok(f) => f,
                Err(zip::result::ZipError::FileNotFound) => return Ok(None),
                Err(e) => return Err(err(format!("the package is damaged ({e})"))),
            };
            let left = budget.get();
            let mut out = Vec::with_capacity(f.size().min(left).min(64 * 1024 * 1024) as usize);
            (&mut f)
                .take(left + 1)
                .read_to_end(&mut out)
                .map_err(|e| err(format!("the package is damaged: {name}: {e}")))?;
            if out.len() as u64 > left {
                return Err(err("the package unpacks to more than its entries declare (a zip bomb?)"));
            }
            budget.set(left - out.len() as u64);
            Ok(Some(out))
        };
    let (layout, collection) = if let Some(c) = read(&mut zip, "collection.anki21b")? {
        ("collection.anki21b", unzstd(&c, budget.get())?)
    } else if let Some(c) = read(&mut zip, "collection.anki21")? {
        ("collection.anki21", c)
    } else if let Some(c) = read(&mut zip, "collection.anki2")? {
        ("collection.anki2", c)
    } else {
        return Err(err("the package has no collection (collection.anki21b, .anki21 or .anki2)"));
    };
    let media_map: Vec<(String, String)> = match read(&mut zip, "media")? {
        None => Vec::new(),
        Some(m) if layout == "collection.anki21b" => media_entries(&unzstd(&m, 64 * 1024 * 1024)?)?
            .into_iter()
            .enumerate()
            .map(|(i, name)| (i.to_string(), name))
            .collect(),
        Some(m) => {
            let map: BTreeMap<String, String> =
                serde_json::from_slice(&m).map_err(|e| err(format!("the package's media map is damaged ({e})")))?;
            map.into_iter().collect()
        }
    };
    for (_, name) in &media_map {
        if !safe_media_name(name) {
            return Err(err(format!(
                "the package names a media file `{name}`, which would be written outside its folder (refused as unsafe)"
            )));
        }
    }
    let mut package = read_collection(&collection, layout)?;
    for (member, name) in media_map {
        if !package.decks.iter().any(|d| d.media.contains(&name)) {
            continue;
        }
        if let Some(data) = read(&mut zip, &member)? {
            let data = if layout == "collection.anki21b" { unzstd(&data, budget.get()).unwrap_or(data) } else { data };
            package.media.insert(name, data);
        }
    }
    Ok(package)
}

fn unzstd(data: &[u8], limit: u64) -> Result<Vec<u8>, ImportError> {
    let decoder = ruzstd::decoding::StreamingDecoder::new(data)
        .map_err(|e| err(format!("the package's collection is damaged (zstd: {e})")))?;
    let mut out = Vec::new();
    decoder
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| err(format!("the package's collection is damaged (zstd: {e})")))?;
    if out.len() as u64 > limit {
        return Err(err("the package's collection unpacks to more than the limit (a zip bomb?)"));
    }
    Ok(out)
}

/// Protobuf `MediaEntries { repeated MediaEntry entries = 1 }`,
/// `MediaEntry { string name = 1; ... }`: the names, in order.
fn media_entries(buf: &[u8]) -> Result<Vec<String>, ImportError> {
    let mut names = Vec::new();
    let mut p = Proto { b: buf, at: 0 };
    while let Some((field, wire)) = p.key() {
        match (field, wire) {
            (1, 2) => {
                let entry = p.bytes().ok_or_else(|| err("the package's media map is damaged"))?;
                let mut e = Proto { b: entry, at: 0 };
                let mut name = None;
                while let Some((f, w)) = e.key() {
                    if (f, w) == (1, 2) {
                        name = e.bytes().map(|b| String::from_utf8_lossy(b).into_owned());
                    } else if !e.skip(w) {
                        break;
                    }
                }
                names.push(name.unwrap_or_default());
            }
            (_, w) => {
                if !p.skip(w) {
                    return Err(err("the package's media map is damaged"));
                }
            }
        }
    }
    Ok(names)
}

/// Just enough protobuf to read Anki's small config messages.
struct Proto<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Proto<'a> {
    fn varint(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.b.get(self.at)?;
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn key(&mut self) -> Option<(u64, u8)> {
        if self.at >= self.b.len() {
            return None;
        }
        let k = self.varint()?;
        Some((k >> 3, (k & 7) as u8))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.varint()? as usize;
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }

    fn skip(&mut self, wire: u8) -> bool {
        match wire {
            0 => self.varint().is_some(),
            1 => {
                self.at += 8;
                self.at <= self.b.len()
            }
            2 => self.bytes().is_some(),
            5 => {
                self.at += 4;
                self.at <= self.b.len()
            }
            _ => false,
        }
    }

    /// The first varint of `field` (e.g. a notetype's kind).
    fn find_varint(buf: &'a [u8], field: u64) -> Option<u64> {
        let mut p = Proto { b: buf, at: 0 };
        while let Some((f, w)) = p.key() {
            if f == field && w == 0 {
                return p.varint();
            }
            if !p.skip(w) {
                return None;
            }
        }
        None
    }

    /// The first string of `field` (e.g. a template's front).
    fn find_string(buf: &'a [u8], field: u64) -> Option<String> {
        let mut p = Proto { b: buf, at: 0 };
        while let Some((f, w)) = p.key() {
            if f == field && w == 2 {
                return p.bytes().map(|b| String::from_utf8_lossy(b).into_owned());
            }
            if !p.skip(w) {
                return None;
            }
        }
        None
    }
}

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

fn read_collection(bytes: &[u8], layout: &'static str) -> Result<Package, ImportError> {
    let file = tempfile::NamedTempFile::new().map_err(|e| err(format!("could not make a temporary file: {e}")))?;
    std::fs::write(file.path(), bytes).map_err(|e| err(format!("could not write a temporary file: {e}")))?;
    let conn = Connection::open_with_flags(file.path(), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| err(format!("the package's collection cannot be opened ({e})")))?;
    // Anki's indexes use its own case-insensitive collation.
    conn.create_collation("unicase", |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase()))
        .map_err(|e| err(format!("the package's collection cannot be read ({e})")))?;
    let damaged =
        |e: rusqlite::Error| err(format!("the package's collection is damaged or not an Anki collection ({e})"));
    let crt: i64 = conn.query_row("SELECT crt FROM col", [], |r| r.get(0)).map_err(damaged)?;
    let (types, deck_names) = if layout == "collection.anki21b" { current_meta(&conn)? } else { legacy_meta(&conn)? };

    // Cards: per note, its ords, deck and scheduling.
    let mut stmt = conn
        .prepare("SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses FROM cards ORDER BY nid, ord")
        .map_err(damaged)?;
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
    let mut cards_of: HashMap<i64, Vec<AnkiCard>> = HashMap::new();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                AnkiCard {
                    id: r.get(0)?,
                    did: r.get(2)?,
                    ord: r.get::<_, i64>(3)? as u32,
                    kind: r.get::<_, i64>(4)? as u8,
                    queue: r.get(5)?,
                    due: r.get(6)?,
                    ivl: r.get(7)?,
                    factor: r.get(8)?,
                    reps: r.get::<_, i64>(9)? as u32,
                    lapses: r.get::<_, i64>(10)? as u32,
                },
            ))
        })
        .map_err(damaged)?;
    for row in rows {
        let (nid, c) = row.map_err(damaged)?;
        cards_of.entry(nid).or_default().push(c);
    }
    let mut revlog: HashMap<i64, Vec<Review>> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id")
        .map_err(damaged)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(1)?,
                Review {
                    time_ms: r.get(0)?,
                    ease: r.get::<_, i64>(2)? as u8,
                    ivl: r.get(3)?,
                    last_ivl: r.get(4)?,
                    factor: r.get(5)?,
                    duration_ms: r.get(6)?,
                    kind: r.get::<_, i64>(7)? as u8,
                },
            ))
        })
        .map_err(damaged)?;
    for row in rows {
        let (cid, r) = row.map_err(damaged)?;
        revlog.entry(cid).or_default().push(r);
    }

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
        let raw_fields: Vec<&str> = flds.split('\u{1f}').collect();
        let mut media = Vec::new();
        for f in &raw_fields {
            media_refs(f, &mut media);
        }
        let text = |i: usize| -> Option<String> {
            let t = clean(&html::to_text(raw_fields.get(i)?));
            (!t.is_empty()).then_some(t)
        };
        let mut other = false;
        let content = if nt.cloze {
            let Some(t) = text(0) else { continue };
            match Cloze::parse(&t) {
                Ok(c) => Content::Cloze(c),
                Err(_) => continue,
            }
        } else if nt.typed() {
            let (Some(q), Some(a)) = (text(0), text(1)) else { continue };
            Content::Typed { question: q, answer: a, accept: Vec::new() }
        } else {
            let Some(q) = text(0) else { continue };
            // Anki's stock Basic types: front and back. Any other type: the
            // first field is the question, the rest together the answer.
            let stock = nt.name.starts_with("Basic");
            let answer = if stock {
                text(1)
            } else {
                other = true;
                let rest: Vec<String> = (1..raw_fields.len()).filter_map(text).collect();
                (!rest.is_empty()).then(|| rest.join("\n"))
            };
            let Some(a) = answer else { continue };
            let reverse = nt.fronts.len() >= 2 && cards.iter().any(|c| c.ord == 1);
            Content::Basic { question: q, answer: a, reverse }
        };
        if other {
            *package.other_types.entry(nt.name.clone()).or_default() += 1;
        }
        let explanation = if nt.cloze { text(1) } else { None };
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
        deck.cards.push(RawCard {
            line: line + 1,
            id: Some(guid),
            content,
            explanation,
            tags: tags.split_whitespace().map(str::to_string).collect(),
        });
        for m in media {
            if !deck.media.contains(&m) {
                deck.media.push(m);
            }
        }
        for c in cards {
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
                reviews: revlog.remove(&c.id).unwrap_or_default(),
            });
        }
    }
    package.decks.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(package)
}

type Meta = (HashMap<i64, NoteType>, HashMap<i64, String>);

/// Schema 18: `notetypes`, `templates`, `decks` tables (deck levels joined by \x1f).
fn current_meta(conn: &Connection) -> Result<Meta, ImportError> {
    let damaged = |e: rusqlite::Error| err(format!("the package's collection is damaged ({e})"));
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
    let damaged = |e: rusqlite::Error| err(format!("the package's collection is damaged ({e})"));
    let (models, decks): (String, String) =
        conn.query_row("SELECT models, decks FROM col", [], |r| Ok((r.get(0)?, r.get(1)?))).map_err(damaged)?;
    let bad = |e: serde_json::Error| err(format!("the package's note types or decks are damaged ({e})"));
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
fn media_refs(field: &str, out: &mut Vec<String>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_names_that_escape_are_refused() {
        for bad in ["../../evil.txt", "/tmp/x", "..\\..\\x", "a/b", "", "..", ".hidden", "C:evil"] {
            assert!(!safe_media_name(bad), "{bad}");
        }
        for good in ["flag.png", "hello world.mp3", "ảnh.jpg"] {
            assert!(safe_media_name(good), "{good}");
        }
    }

    #[test]
    fn protobuf_bits() {
        // field 1 varint 1, then field 3 bytes "ab"
        assert_eq!(Proto::find_varint(&[0x08, 0x01, 0x1a, 0x02, b'a', b'b'], 1), Some(1));
        assert_eq!(Proto::find_string(&[0x08, 0x01, 0x0a, 0x02, b'a', b'b'], 1), Some("ab".into()));
    }

    #[test]
    fn media_references() {
        let mut v = Vec::new();
        media_refs(r#"Flag <img src="flag.png"> and [sound:hello.mp3]"#, &mut v);
        assert_eq!(v, vec!["hello.mp3", "flag.png"]);
    }
}
