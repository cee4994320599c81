//! A cache of parsed decks, so a start-up does not re-parse unchanged TOML.
//!
//! One file per deck file in `<home>/progress/deck-cache/`, keyed by the
//! deck's path, size, modification time and a content hash. Size and mtime
//! unchanged: the entry is used without reading the TOML. Changed: the file
//! is read and hashed; the same hash reuses the entry (a `touch`), another
//! re-parses and rewrites it. Only decks without errors are cached. Any
//! problem with the cache itself (missing, truncated, damaged, from another
//! version of the program) means "parse the deck", never an error shown to
//! the learner. Entries of decks that are gone are pruned (`prune`).
//!
//! The format is index first, in three parts, each read only when needed:
//!
//! - the head: program version, deck path, stamp, the deck's own fields
//!   and its card count. Read for every deck at start-up.
//! - the index: per card its id, kind, item numbers, section and `group:`
//!   tags, and where its text is. Read when the deck's cards are first
//!   listed (a session's deck, `learn decks`), not for the other decks.
//! - the text: per card its whole content. Read card by card, when a card
//!   is shown (`deck::cards`).
//!
//! What keeps a bad entry out: each part has its checksum (the head and
//! the index each one, every card's text its own), checked when the part is
//! read; a card's text is also checked by the content rules
//! (`check_content`) when decoded. A part that fails is not used: the deck
//! file is parsed instead and the entry removed, so the next start-up
//! writes it again. The magic and the program version lead the entry:
//! another version's entry is ignored.

// The on-disk format's fields are u32 and u64: counts and offsets within an
// entry whose parts the writer checked fit in u32 (`too_big`), and mtimes
// stored as i64 bits.
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]

use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::cards::{Cards, Outline};
use super::cloze::{Cloze, ClozeSegment};
use super::model::{Card, CardId, Content, Deck, DeckId, Kind, Origin};

const MAGIC: &[u8; 8] = b"LRNDECK6";
/// Entries from another version of the program are not read.
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// Magic, head length, index length, text length, head and index checksums.
const FIXED: usize = 8 + 4 + 4 + 8 + 8 + 8;

/// What identifies one version of a deck file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub size: u64,
    pub mtime_ns: i128,
    pub hash: u64,
}

/// File systems stamp mtimes with a coarse clock (a few ms on Linux): a file
/// rewritten with the same size within that window keeps its mtime. An entry
/// written less than this after the file's mtime is checked by content too
/// (git's "racily clean" rule).
pub(super) const RACY_NS: i128 = 2_000_000_000;

fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
}

/// FNV-1a, 64 bits: stable across runs and platforms (unlike std's hasher).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The checksum of a part of an entry: eight bytes per multiply, two lanes
/// (a few GB/s). Any change of one word changes it (each step is a
/// bijection of the state), and the length is mixed in. It guards against
/// damage, not against someone who can write the cache folder (and so the
/// decks).
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or_default());
    let (mut a, mut b): (u64, u64) = (0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344);
    let mut chunks = bytes.chunks_exact(16);
    for c in &mut chunks {
        a = (a.rotate_left(5) ^ word(&c[..8])).wrapping_mul(K);
        b = (b.rotate_left(5) ^ word(&c[8..])).wrapping_mul(K);
    }
    let mut last = [0u8; 16];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    a = (a.rotate_left(5) ^ word(&last[..8])).wrapping_mul(K);
    b = (b.rotate_left(5) ^ word(&last[8..]) ^ bytes.len() as u64).wrapping_mul(K);
    a ^ b.rotate_left(32)
}

/// The hash of a deck's text kept in its entry's stamp: the checksum
/// (a few GB/s; FNV-1a, a byte at a time, was a twentieth of parsing an
/// 88 MB deck).
pub(super) fn stamp_hash(bytes: &[u8]) -> u64 {
    checksum(bytes)
}

/// The cache folder's entry for a deck path.
pub(super) fn entry_path(cache_dir: &Path, deck_path: &str) -> PathBuf {
    cache_dir.join(format!("{:016x}.bin", content_hash(deck_path.as_bytes())))
}

/// Where a deck can be parsed from when its entry turns out damaged.
pub(super) enum Fallback {
    File(PathBuf),
    Bundled(&'static str, &'static str),
}

impl Fallback {
    fn cards(&self) -> Vec<Card> {
        let parsed = match self {
            Fallback::File(p) => super::library::read_deck(p),
            Fallback::Bundled(name, text) => {
                super::parse_bytes(text.as_bytes(), Origin::Bundled(name), &format!("(bundled) decks/{name}"))
            }
        };
        parsed.deck.map(|d| d.cards.into_iter().collect()).unwrap_or_default()
    }
}

/// An entry whose head was read: its index and text are read when needed.
pub(crate) struct Entry {
    file: std::fs::File,
    /// The entry file, removed when a part of it is found damaged.
    path: PathBuf,
    fallback: Fallback,
    index_at: u64,
    index_len: usize,
    index_sum: u64,
    text_at: u64,
    text_len: u64,
    index: OnceLock<Index>,
    /// The deck parsed instead, after damage.
    parsed: OnceLock<Vec<Card>>,
}

/// The index, read; or, when it was damaged, the deck parsed.
enum Index {
    /// `strs` holds every id, section and group, checked UTF-8 once (the
    /// ranges point into it): an outline is then slices, not checks.
    Read {
        strs: String,
        places: Vec<Place>,
        groups: Vec<Range>,
        numbers: Vec<u32>,
    },
    Damaged,
}

/// A range of the index bytes: start and length.
#[derive(Debug, Clone, Copy)]
struct Range(u32, u32);

const NONE: Range = Range(u32::MAX, 0);

/// One card in the index.
struct Place {
    id: Range,
    source: Range,
    kind: Kind,
    reverse: bool,
    groups: (u32, u32),
    numbers: (u32, u32),
    text_at: u64,
    text_len: u32,
    text_sum: u64,
}

impl Entry {
    /// The index, read and checked the first time.
    fn index(&self) -> &Index {
        self.index.get_or_init(|| self.read_index().unwrap_or(Index::Damaged))
    }

    /// The cards parsed from the deck file, the entry removed.
    fn parsed(&self) -> &[Card] {
        self.parsed.get_or_init(|| {
            let _ = std::fs::remove_file(&self.path);
            self.fallback.cards()
        })
    }

    fn read_index(&self) -> Option<Index> {
        let mut bytes = vec![0u8; self.index_len];
        self.file.read_exact_at(&mut bytes, self.index_at).ok()?;
        if checksum(&bytes) != self.index_sum {
            return None;
        }
        let mut r = Reader { b: &bytes, at: 0 };
        let n = r.u32()? as usize;
        if n > bytes.len() {
            return None;
        }
        let mut places = Vec::with_capacity(n);
        let mut groups = Vec::new();
        let mut numbers = Vec::new();
        let mut strs = String::new();
        // Copies a text of the index into `strs`; its range there.
        let mut keep = |r: &mut Reader<'_>| -> Option<Range> {
            let n = r.u32()?;
            let text = std::str::from_utf8(r.take(n as usize)?).ok()?;
            let start = u32::try_from(strs.len()).ok()?;
            strs.push_str(text);
            Some(Range(start, n))
        };
        for _ in 0..n {
            let id = keep(&mut r)?;
            let kind = *Kind::ALL.get(r.u8()? as usize)?;
            let reverse = r.bool()?;
            let source = if r.bool()? { keep(&mut r)? } else { NONE };
            let g0 = groups.len() as u32;
            for _ in 0..r.count()? {
                groups.push(keep(&mut r)?);
            }
            let n0 = numbers.len() as u32;
            for _ in 0..r.count()? {
                numbers.push(r.u32()?);
            }
            let (text_at, text_len, text_sum) = (r.u64()?, r.u32()?, r.u64()?);
            if text_at.checked_add(u64::from(text_len))? > self.text_len {
                return None;
            }
            places.push(Place {
                id,
                source,
                kind,
                reverse,
                groups: (g0, groups.len() as u32),
                numbers: (n0, numbers.len() as u32),
                text_at,
                text_len,
                text_sum,
            });
        }
        (r.at == bytes.len()).then_some(Index::Read { strs, places, groups, numbers })
    }

    pub(super) fn len(&self) -> usize {
        match self.index() {
            Index::Read { places, .. } => places.len(),
            Index::Damaged => self.parsed().len(),
        }
    }

    /// Card `i`'s kind (nothing decoded).
    pub(super) fn kind(&self, i: usize) -> Option<Kind> {
        match self.index() {
            Index::Read { places, .. } => places.get(i).map(|p| p.kind),
            Index::Damaged => self.parsed().get(i).map(Card::kind),
        }
    }

    pub(super) fn outline(&self, i: usize) -> Option<Outline<'_>> {
        let Index::Read { strs, places, groups, numbers } = self.index() else {
            return self.parsed().get(i).map(Card::outline);
        };
        let s = |r: Range| strs.get(r.0 as usize..(r.0 as usize).saturating_add(r.1 as usize)).unwrap_or_default();
        let p = places.get(i)?;
        Some(Outline {
            id: s(p.id),
            kind: p.kind,
            source: (p.source.0 != NONE.0).then(|| s(p.source)),
            groups: groups
                .get(p.groups.0 as usize..p.groups.1 as usize)
                .unwrap_or_default()
                .iter()
                .map(|&r| s(r))
                .collect(),
            reverse: p.reverse,
            numbers: std::borrow::Cow::Borrowed(
                numbers.get(p.numbers.0 as usize..p.numbers.1 as usize).unwrap_or_default(),
            ),
        })
    }

    /// Card `i`: its text read, checked and decoded now.
    pub(super) fn card(&self, i: usize) -> Option<Card> {
        let Index::Read { places, .. } = self.index() else {
            return self.parsed().get(i).cloned();
        };
        let p = places.get(i)?;
        match self.read_card(p) {
            Some(card) => Some(card),
            None => self.parsed().get(i).cloned(),
        }
    }

    fn read_card(&self, p: &Place) -> Option<Card> {
        let mut bytes = vec![0u8; p.text_len as usize];
        self.file.read_exact_at(&mut bytes, self.text_at.checked_add(p.text_at)?).ok()?;
        if checksum(&bytes) != p.text_sum {
            return None;
        }
        let mut r = Reader { b: &bytes, at: 0 };
        let card = decode_card(&mut r)?;
        (r.at == bytes.len()).then_some(card)
    }

    /// Every card, decoded (an export, the linter).
    pub(super) fn all(&self) -> Vec<Card> {
        let n = self.len();
        let cards: Option<Vec<Card>> = match self.index() {
            Index::Read { places, .. } => places.iter().map(|p| self.read_card(p)).collect(),
            Index::Damaged => None,
        };
        match cards {
            Some(c) if c.len() == n => c,
            _ => self.parsed().to_vec(),
        }
    }
}

/// The head of an entry.
struct Head {
    stamp: Stamp,
    written: i128,
    deck: HeadDeck,
    head_len: usize,
    index_len: usize,
    index_sum: u64,
    text_len: u64,
}

struct HeadDeck {
    id: String,
    name: String,
    language: String,
    description: Option<String>,
    source: Option<String>,
    progress: Option<String>,
    strict_marks: bool,
}

/// Reads and checks the fixed part and the head.
fn read_head(file: &std::fs::File, deck_path: &str) -> Option<Head> {
    let mut fixed = [0u8; FIXED];
    file.read_exact_at(&mut fixed, 0).ok()?;
    if &fixed[..8] != MAGIC {
        return None;
    }
    let mut r = Reader { b: &fixed, at: 8 };
    let head_len = r.u32()? as usize;
    let index_len = r.u32()? as usize;
    let text_len = r.u64()?;
    let head_sum = r.u64()?;
    let index_sum = r.u64()?;
    let size = file.metadata().ok()?.len();
    if Some(size) != (FIXED as u64 + head_len as u64 + index_len as u64).checked_add(text_len) {
        return None;
    }
    let mut head = vec![0u8; head_len];
    file.read_exact_at(&mut head, FIXED as u64).ok()?;
    if checksum(&head) != head_sum {
        return None;
    }
    let mut r = Reader { b: &head, at: 0 };
    if r.take_len()? != VERSION.as_bytes() || r.take_len()? != deck_path.as_bytes() {
        return None;
    }
    let stamp = Stamp { size: r.u64()?, mtime_ns: i128::from(r.u64()? as i64), hash: r.u64()? };
    let written = i128::from(r.u64()? as i64);
    let deck = HeadDeck {
        id: r.str()?,
        name: r.str()?,
        language: r.str()?,
        description: r.opt()?,
        source: r.opt()?,
        progress: r.opt()?,
        strict_marks: r.bool()?,
    };
    (r.at == head.len()).then_some(Head { stamp, written, deck, head_len, index_len, index_sum, text_len })
}

/// The deck of an entry whose head was read: its cards are read later.
fn deck_of(file: std::fs::File, entry: &Path, head: Head, fallback: Fallback) -> Deck {
    let index_at = (FIXED + head.head_len) as u64;
    let entry = Entry {
        file,
        path: entry.to_path_buf(),
        fallback,
        index_at,
        index_len: head.index_len,
        index_sum: head.index_sum,
        text_at: index_at + head.index_len as u64,
        text_len: head.text_len,
        index: OnceLock::new(),
        parsed: OnceLock::new(),
    };
    let d = head.deck;
    Deck {
        id: DeckId::new(d.id),
        name: d.name,
        language: d.language,
        description: d.description,
        source: d.source,
        progress: d.progress,
        strict_marks: d.strict_marks,
        cards: Cards::cached(Arc::new(entry)),
        origin: Origin::Generated,
    }
}

/// Reads an entry's head: its stamp, and its deck when size and mtime
/// match and the entry is not racy (else `None`: the caller compares
/// content hashes).
pub(super) fn read(
    entry: &Path,
    deck_path: &str,
    size: u64,
    mtime_ns: i128,
    fallback: Fallback,
) -> Option<(Stamp, Option<Deck>)> {
    let file = std::fs::File::open(entry).ok()?;
    let head = read_head(&file, deck_path)?;
    let stamp = head.stamp;
    if stamp.size != size || stamp.mtime_ns != mtime_ns || head.written < mtime_ns + RACY_NS {
        return Some((stamp, None));
    }
    Some((stamp, Some(deck_of(file, entry, head, fallback))))
}

/// The deck of an entry whose stamp was already compared.
pub(super) fn read_deck_ignoring_time(entry: &Path, deck_path: &str, fallback: Fallback) -> Option<(Stamp, Deck)> {
    let file = std::fs::File::open(entry).ok()?;
    let head = read_head(&file, deck_path)?;
    Some((head.stamp, deck_of(file, entry, head, fallback)))
}

/// Writes an entry (temporary file, rename; no fsync: a torn or lost entry
/// fails its checksum or is missing, and the deck is parsed again). Failure
/// is ignored by callers: the cache is only an optimisation. `deck` must be
/// a deck the parser validated.
pub(super) fn write(cache_dir: &Path, deck_path: &str, stamp: Stamp, deck: &Deck) -> std::io::Result<()> {
    std::fs::create_dir_all(cache_dir)?;
    let mut head = Vec::with_capacity(256);
    put_str(&mut head, VERSION);
    put_str(&mut head, deck_path);
    head.extend_from_slice(&stamp.size.to_le_bytes());
    head.extend_from_slice(&(stamp.mtime_ns as i64 as u64).to_le_bytes());
    head.extend_from_slice(&stamp.hash.to_le_bytes());
    head.extend_from_slice(&(now_ns() as i64 as u64).to_le_bytes());
    put_str(&mut head, deck.id.as_str());
    put_str(&mut head, &deck.name);
    put_str(&mut head, &deck.language);
    put_opt(&mut head, &deck.description);
    put_opt(&mut head, &deck.source);
    put_opt(&mut head, &deck.progress);
    head.push(u8::from(deck.strict_marks));
    let mut index = Vec::with_capacity(16 + deck.cards.len() * 48);
    let mut text = Vec::with_capacity(deck.cards.len() * 160);
    put_u32(&mut index, deck.cards.len());
    let mut chunk = Vec::new();
    for i in 0..deck.cards.len() {
        let Some(c) = deck.cards.card(i) else { continue };
        let o = c.outline();
        put_str(&mut index, o.id);
        index.push(o.kind as u8);
        index.push(u8::from(o.reverse));
        put_opt(&mut index, &o.source.map(str::to_string));
        put_u32(&mut index, o.groups.len());
        for g in &o.groups {
            put_str(&mut index, g);
        }
        put_u32(&mut index, o.numbers.len());
        for &n in o.numbers.iter() {
            index.extend_from_slice(&n.to_le_bytes());
        }
        chunk.clear();
        encode_card(&mut chunk, &c);
        index.extend_from_slice(&(text.len() as u64).to_le_bytes());
        put_u32(&mut index, chunk.len());
        index.extend_from_slice(&checksum(&chunk).to_le_bytes());
        text.extend_from_slice(&chunk);
    }
    let too_big = || std::io::Error::other("deck too large for the cache");
    let mut fixed = Vec::with_capacity(FIXED);
    fixed.extend_from_slice(MAGIC);
    fixed.extend_from_slice(&u32::try_from(head.len()).map_err(|_| too_big())?.to_le_bytes());
    fixed.extend_from_slice(&u32::try_from(index.len()).map_err(|_| too_big())?.to_le_bytes());
    fixed.extend_from_slice(&(text.len() as u64).to_le_bytes());
    fixed.extend_from_slice(&checksum(&head).to_le_bytes());
    fixed.extend_from_slice(&checksum(&index).to_le_bytes());
    // The parts written one after the other (no copy of the whole entry).
    let mut tmp = tempfile::Builder::new().prefix(".entry-").suffix(".tmp").tempfile_in(cache_dir)?;
    for part in [&fixed, &head, &index, &text] {
        std::io::Write::write_all(&mut tmp, part)?;
    }
    tmp.persist(entry_path(cache_dir, deck_path)).map_err(|e| e.error)?;
    Ok(())
}

/// Removes the entries of the cache folder that belong to none of `keep`
/// (deck paths or bundled keys): decks removed or renamed, and temporary
/// files left by a killed process. Errors are ignored (the cache is an
/// optimisation).
pub(super) fn prune(cache_dir: &Path, keep: &[String]) {
    let Ok(list) = std::fs::read_dir(cache_dir) else { return };
    let wanted: std::collections::HashSet<PathBuf> = keep.iter().map(|k| entry_path(cache_dir, k)).collect();
    let hour = std::time::Duration::from_secs(3600);
    for e in list.flatten() {
        let p = e.path();
        let Ok(meta) = e.metadata() else { continue };
        // Another process's entry being written is left alone.
        let writing = p.extension().is_some_and(|x| x == "tmp")
            && meta.modified().ok().and_then(|m| m.elapsed().ok()).is_none_or(|age| age < hour);
        if !wanted.contains(&p) && meta.is_file() && !writing {
            let _ = std::fs::remove_file(&p);
        }
    }
}

fn put_u32(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&(v as u32).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: &Option<String>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

fn put_list(out: &mut Vec<u8>, v: &[String]) {
    put_u32(out, v.len());
    for s in v {
        put_str(out, s);
    }
}

fn encode_card(out: &mut Vec<u8>, c: &Card) {
    put_str(out, c.id.as_str());
    put_opt(out, &c.explanation);
    put_list(out, &c.tags);
    put_opt(out, &c.source);
    put_u32(out, c.line);
    match &c.content {
        Content::Basic { question, answer, reverse } => {
            out.push(0);
            put_str(out, question);
            put_str(out, answer);
            out.push(u8::from(*reverse));
        }
        Content::Typed { question, answer, accept } => {
            out.push(1);
            put_str(out, question);
            put_str(out, answer);
            put_list(out, accept);
        }
        Content::Choice { question, options, answers, multiple } => {
            out.push(2);
            put_str(out, question);
            put_list(out, options);
            put_u32(out, answers.len());
            for &a in answers {
                put_u32(out, a);
            }
            out.push(u8::from(*multiple));
        }
        Content::TrueFalse { statement, answer } => {
            out.push(3);
            put_str(out, statement);
            out.push(u8::from(*answer));
        }
        Content::Cloze(cloze) => {
            out.push(4);
            put_u32(out, cloze.segments.len());
            for s in &cloze.segments {
                match s {
                    ClozeSegment::Text(t) => {
                        out.push(0);
                        put_str(out, t);
                    }
                    ClozeSegment::Deletion { number, text, hint, alternatives } => {
                        out.push(1);
                        put_u32(out, *number as usize);
                        put_str(out, text);
                        put_opt(out, hint);
                        put_list(out, alternatives);
                    }
                }
            }
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.b.get(self.at..end)?;
        self.at = end;
        Some(s)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A count of entries that each take at least four bytes.
    fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.b.len() / 4).then_some(n)
    }

    fn take_len(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    /// A string in place, checked to be UTF-8, as a range of the bytes.
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }

    fn list(&mut self) -> Option<Vec<String>> {
        let n = self.count()?;
        (0..n).map(|_| self.str()).collect()
    }

    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

fn decode_card(r: &mut Reader<'_>) -> Option<Card> {
    let cid = r.str()?;
    let explanation = r.opt()?;
    let tags = r.list()?;
    let csource = r.opt()?;
    let line = r.u32()? as usize;
    let content = match r.u8()? {
        0 => Content::Basic { question: r.str()?, answer: r.str()?, reverse: r.bool()? },
        1 => Content::Typed { question: r.str()?, answer: r.str()?, accept: r.list()? },
        2 => {
            let question = r.str()?;
            let options = r.list()?;
            let k = r.count()?;
            if k > options.len() {
                return None;
            }
            let answers = (0..k).map(|_| r.u32().map(|a| a as usize)).collect::<Option<Vec<_>>>()?;
            Content::Choice { question, options, answers, multiple: r.bool()? }
        }
        3 => Content::TrueFalse { statement: r.str()?, answer: r.bool()? },
        4 => {
            let k = r.count()?;
            let mut segments = Vec::with_capacity(k);
            for _ in 0..k {
                segments.push(match r.u8()? {
                    0 => ClozeSegment::Text(r.str()?),
                    1 => ClozeSegment::Deletion {
                        number: r.u32()?,
                        text: r.str()?,
                        hint: r.opt()?,
                        alternatives: r.list()?,
                    },
                    _ => return None,
                });
            }
            Content::Cloze(Cloze { segments })
        }
        _ => return None,
    };
    // A decoded card is checked like a parsed one (answer indices within
    // the options, no blank field, a cloze with a deletion).
    super::check_content(&content).ok()?;
    Some(Card { id: CardId::new(cid), content, explanation, tags, source: csource, line })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::parse_str;

    const DECK: &str = r#"[deck]
id = "d"
name = "Đ"
language = "vi"
description = "x"

[[cards]]
id = "a"
kind = "basic"
question = "Q"
answer = "A"
reverse = true
explanation = "E"
tags = ["t1", "group:g"]
source = "Phần 1"

[[cards]]
id = "b"
kind = "typed"
question = "Q"
answer = "Hà Nội"
accept = ["HN"]

[[cards]]
id = "c"
kind = "choice"
question = "Q"
options = ["x", "y", "z"]
answers = ["x", "z"]

[[cards]]
id = "d"
kind = "true_false"
statement = "S"
answer = false

[[cards]]
id = "e"
kind = "cloze"
text = "{{c2::a::hint}} b {{c1::c|cc}} {{c2::d}}"
"#;

    fn deck() -> Deck {
        parse_str(DECK, Origin::Bundled("d"), "d").deck.unwrap()
    }

    /// The deck as its fallback would parse it (the entry's deck file).
    fn fallback(dir: &Path) -> Fallback {
        let p = dir.join("deck.toml");
        std::fs::write(&p, DECK).unwrap();
        Fallback::File(p)
    }

    #[test]
    fn round_trips_every_kind() {
        let deck = deck();
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 10, mtime_ns: 1_700_000_000_123_456_789, hash: 42 };
        write(dir.path(), "/x/d.toml", stamp, &deck).unwrap();
        let entry = entry_path(dir.path(), "/x/d.toml");
        let (got_stamp, got) = read(&entry, "/x/d.toml", 10, stamp.mtime_ns, fallback(dir.path())).unwrap();
        assert_eq!(got_stamp, stamp);
        let got = got.unwrap();
        assert!(got.cards.is_cached());
        // Outlines and single cards come without decoding the rest.
        for i in 0..deck.cards.len() {
            assert_eq!(got.cards.outline(i), deck.cards.outline(i), "outline {i}");
            assert_eq!(*got.cards.card(i).unwrap(), deck.cards[i], "card {i}");
        }
        assert_eq!(got.cards.outline(4).unwrap().numbers.as_ref(), &[1, 2]);
        assert_eq!(got.cards.outline(0).unwrap().groups, vec!["group:g"]);
        assert_eq!(*got.cards, *deck.cards);
        assert_eq!((&got.id, &got.name, &got.description), (&deck.id, &deck.name, &deck.description));
        // A changed size or mtime is reported as stale, not decoded.
        assert!(read(&entry, "/x/d.toml", 11, stamp.mtime_ns, fallback(dir.path())).unwrap().1.is_none());
        // An entry written right after the file changed is not trusted on mtime alone.
        let fresh = Stamp { mtime_ns: now_ns(), ..stamp };
        write(dir.path(), "/x/d.toml", fresh, &deck).unwrap();
        assert!(read(&entry, "/x/d.toml", 10, fresh.mtime_ns, fallback(dir.path())).unwrap().1.is_none());
        write(dir.path(), "/x/d.toml", stamp, &deck).unwrap();
        // Another path hashing to the same file name is not confused with it.
        assert!(read(&entry, "/y/d.toml", 10, stamp.mtime_ns, fallback(dir.path())).is_none());
    }

    /// What a damaged entry gives: nothing (its head is bad), or the deck
    /// parsed from its file, with the entry removed (its index or a card's
    /// text is bad).
    #[test]
    fn damaged_or_truncated_entries_are_never_trusted() {
        let deck = deck();
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 1, mtime_ns: 2, hash: 3 };
        // A deck file that differs from the cached one, to tell which was used.
        let other = DECK.replace("\"Hà Nội\"", "\"Huế\"");
        let file = dir.path().join("deck.toml");
        std::fs::write(&file, &other).unwrap();
        let parsed = parse_str(&other, Origin::Generated, "x").deck.unwrap();
        write(dir.path(), "p", stamp, &deck).unwrap();
        let entry = entry_path(dir.path(), "p");
        let bytes = std::fs::read(&entry).unwrap();
        let open = || read(&entry, "p", 1, 2, Fallback::File(file.clone())).and_then(|r| r.1);
        assert_eq!(*open().unwrap().cards, *deck.cards);
        for cut in [0, 8, 24, 40, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&entry, &bytes[..cut]).unwrap();
            assert!(open().is_none(), "cut at {cut}");
        }
        // Any one byte changed: never the damaged content.
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x21;
            std::fs::write(&entry, &damaged).unwrap();
            if let Some(got) = open() {
                let cards: Vec<Card> =
                    (0..got.cards.len()).filter_map(|i| got.cards.card(i).map(|c| c.into_owned())).collect();
                let all = got.cards.to_vec();
                assert!(cards == *deck.cards || cards == *parsed.cards, "byte {at}: a damaged card was used");
                assert!(all == *deck.cards || all == *parsed.cards, "byte {at}: a damaged card was used");
                if all == *parsed.cards {
                    assert!(!entry.exists(), "byte {at}: the damaged entry is removed");
                }
            }
        }
    }

    #[test]
    fn an_entry_of_another_version_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 1, mtime_ns: 2, hash: 3 };
        write(dir.path(), "p", stamp, &deck()).unwrap();
        let entry = entry_path(dir.path(), "p");
        let mut bytes = std::fs::read(&entry).unwrap();
        // The version leads the head; change it and mend the checksum.
        let at = FIXED + 4;
        assert_eq!(&bytes[at..at + VERSION.len()], VERSION.as_bytes());
        bytes[at + VERSION.len() - 1] ^= 1;
        let head_len = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
        let sum = checksum(&bytes[FIXED..FIXED + head_len]);
        bytes[24..32].copy_from_slice(&sum.to_le_bytes());
        std::fs::write(&entry, &bytes).unwrap();
        assert!(read(&entry, "p", 1, 2, fallback(dir.path())).is_none());
        // The old format's entries too.
        std::fs::write(&entry, b"LRNDECK5rest").unwrap();
        assert!(read(&entry, "p", 1, 2, fallback(dir.path())).is_none());
    }

    #[test]
    fn pruning_keeps_only_current_decks() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 1, mtime_ns: 2, hash: 3 };
        for p in ["/a.toml", "/b.toml", "(bundled) decks/c.toml"] {
            write(dir.path(), p, stamp, &deck()).unwrap();
        }
        std::fs::write(dir.path().join("0123456789abcdef.bin"), b"an old entry").unwrap();
        std::fs::write(dir.path().join(".entry-x.tmp"), b"being written").unwrap();
        prune(dir.path(), &["/a.toml".to_string(), "(bundled) decks/c.toml".to_string()]);
        let mut left: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
        left.sort();
        let mut want = vec![
            entry_path(dir.path(), "/a.toml"),
            entry_path(dir.path(), "(bundled) decks/c.toml"),
            dir.path().join(".entry-x.tmp"),
        ];
        want.sort();
        assert_eq!(left, want);
    }

    proptest::proptest! {
        /// The cached deck is the parsed deck: card by card (outlines,
        /// single cards) and all at once.
        #[test]
        fn a_cached_deck_is_the_parsed_deck(
            cards in proptest::collection::vec((super::super::write::tests::content(), proptest::option::of(super::super::write::tests::text()), proptest::collection::vec("[a-z]{1,8}|group:[a-z]{1,3}", 0..3), proptest::option::of("[a-z ]{1,8}")), 1..8),
        ) {
            let deck = Deck {
                id: DeckId::new("t"),
                name: "T".into(),
                language: "vi".into(),
                description: None,
                source: None,
                progress: None,
                strict_marks: false,
                cards: cards.into_iter().enumerate().map(|(i, (content, explanation, tags, source))| Card {
                    id: CardId::new(format!("c{i}")), content, explanation, tags, source, line: 0,
                }).collect::<Vec<_>>().into(),
                origin: Origin::Generated,
            };
            let text = crate::deck::write(&deck, &[]);
            let dir = tempfile::tempdir().unwrap();
            let (file, cache) = (dir.path().join("d.toml"), dir.path().join("cache"));
            std::fs::write(&file, &text).unwrap();
            let parsed = crate::deck::read_deck_cached(&file, &cache).deck.unwrap();
            proptest::prop_assert!(!parsed.cards.is_cached());
            let cached = crate::deck::read_deck_cached(&file, &cache).deck.unwrap();
            proptest::prop_assert!(cached.cards.is_cached());
            proptest::prop_assert_eq!(cached.cards.len(), parsed.cards.len());
            for i in 0..parsed.cards.len() {
                proptest::prop_assert_eq!(cached.cards.outline(i), parsed.cards.outline(i));
                proptest::prop_assert_eq!(&*cached.cards.card(i).unwrap(), &parsed.cards[i]);
            }
            proptest::prop_assert_eq!(&cached, &parsed);
        }
    }
}
