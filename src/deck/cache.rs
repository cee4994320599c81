//! A cache of parsed decks, so a start-up does not re-parse unchanged TOML
//! (toml_edit runs at a few MB/s: a 100 000-card deck takes over a second).
//!
//! One file per deck file in `<home>/progress/deck-cache/`, keyed by the
//! deck's path, size, modification time and a content hash. Size and mtime
//! unchanged: the entry is used without reading the TOML. Changed: the file
//! is read and hashed; the same hash reuses the entry (a `touch`), another
//! re-parses and rewrites it. Only decks without errors are cached. Any
//! problem with the cache itself (missing, truncated, from another version)
//! means "parse the deck", never an error shown to the learner.

#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)] // 64-bit fields of the on-disk format; replaced by the cache rework

use std::path::{Path, PathBuf};

use super::cloze::{Cloze, ClozeSegment};
use super::model::{Card, CardId, Content, Deck, DeckId, Origin};

const MAGIC: &[u8; 8] = b"LRNDECK5";

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
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128)
}

/// FNV-1a, 64 bits: stable across runs and platforms (unlike std's hasher).
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in bytes.chunks(8) {
        for &b in chunk {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The cache folder's entry for a deck path.
pub(super) fn entry_path(cache_dir: &Path, deck_path: &str) -> PathBuf {
    cache_dir.join(format!("{:016x}.bin", content_hash(deck_path.as_bytes())))
}

/// A cache entry's stamp, and its deck when size and mtime match and the
/// entry is not racy (else `None`: the caller compares content hashes).
pub(super) fn read(entry: &Path, deck_path: &str, size: u64, mtime_ns: i128) -> Option<(Stamp, Option<Deck>)> {
    let bytes = std::fs::read(entry).ok()?;
    let mut r = Reader { b: &bytes, at: 0 };
    if r.take(8)? != MAGIC {
        return None;
    }
    if r.str()? != deck_path {
        return None;
    }
    let stamp = Stamp { size: r.u64()?, mtime_ns: r.u64()? as i64 as i128, hash: r.u64()? };
    let written = r.u64()? as i64 as i128;
    if stamp.size != size || stamp.mtime_ns != mtime_ns || written < mtime_ns + RACY_NS {
        return Some((stamp, None));
    }
    Some((stamp, decode_deck(&mut r)))
}

/// Decodes the deck of an entry whose stamp was already checked.
pub(super) fn read_deck_ignoring_time(entry: &Path, deck_path: &str) -> Option<(Stamp, Deck)> {
    let bytes = std::fs::read(entry).ok()?;
    let mut r = Reader { b: &bytes, at: 0 };
    if r.take(8)? != MAGIC || r.str()? != deck_path {
        return None;
    }
    let stamp = Stamp { size: r.u64()?, mtime_ns: r.u64()? as i64 as i128, hash: r.u64()? };
    let _written = r.u64()?;
    Some((stamp, decode_deck(&mut r)?))
}

/// Writes an entry atomically (temp file, rename). Failure is ignored by
/// callers: the cache is only an optimisation.
pub(super) fn write(cache_dir: &Path, deck_path: &str, stamp: Stamp, deck: &Deck) -> std::io::Result<()> {
    std::fs::create_dir_all(cache_dir)?;
    let mut out = Vec::with_capacity(256 + deck.cards.len() * 160);
    out.extend_from_slice(MAGIC);
    put_str(&mut out, deck_path);
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&(stamp.mtime_ns as i64 as u64).to_le_bytes());
    out.extend_from_slice(&stamp.hash.to_le_bytes());
    out.extend_from_slice(&(now_ns() as i64 as u64).to_le_bytes());
    encode_deck(&mut out, deck);
    let entry = entry_path(cache_dir, deck_path);
    crate::fsutil::write_atomic(&entry, &out).map_err(|e| e.source)
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

fn encode_deck(out: &mut Vec<u8>, d: &Deck) {
    put_str(out, d.id.as_str());
    put_str(out, &d.name);
    put_str(out, &d.language);
    put_opt(out, &d.description);
    put_opt(out, &d.source);
    put_opt(out, &d.progress);
    out.push(u8::from(d.strict_marks));
    put_u32(out, d.cards.len());
    for c in &d.cards {
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

    fn u32(&mut self) -> Option<usize> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<String> {
        let n = self.u32()?;
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
        let n = self.u32()?;
        // A corrupt count must not allocate wildly: each entry needs 4 bytes.
        if n > self.b.len() / 4 {
            return None;
        }
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

fn decode_deck(r: &mut Reader<'_>) -> Option<Deck> {
    let id = r.str()?;
    let name = r.str()?;
    let language = r.str()?;
    let description = r.opt()?;
    let source = r.opt()?;
    let progress = r.opt()?;
    let strict_marks = r.bool()?;
    let n = r.u32()?;
    if n > r.b.len() {
        return None;
    }
    let mut cards = Vec::with_capacity(n);
    for _ in 0..n {
        let cid = r.str()?;
        let explanation = r.opt()?;
        let tags = r.list()?;
        let csource = r.opt()?;
        let line = r.u32()?;
        let content = match r.u8()? {
            0 => Content::Basic { question: r.str()?, answer: r.str()?, reverse: r.bool()? },
            1 => Content::Typed { question: r.str()?, answer: r.str()?, accept: r.list()? },
            2 => {
                let question = r.str()?;
                let options = r.list()?;
                let k = r.u32()?;
                if k > options.len() {
                    return None;
                }
                let answers = (0..k).map(|_| r.u32()).collect::<Option<Vec<_>>>()?;
                Content::Choice { question, options, answers, multiple: r.bool()? }
            }
            3 => Content::TrueFalse { statement: r.str()?, answer: r.bool()? },
            4 => {
                let k = r.u32()?;
                if k > r.b.len() {
                    return None;
                }
                let mut segments = Vec::with_capacity(k);
                for _ in 0..k {
                    segments.push(match r.u8()? {
                        0 => ClozeSegment::Text(r.str()?),
                        1 => ClozeSegment::Deletion {
                            number: r.u32()? as u32,
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
        // What the cache gives back is checked like a parsed card (answer
        // indices within the options, no blank field, a cloze with a
        // deletion): a damaged entry is ignored and the file parsed again.
        if super::check_content(&content).is_err() {
            return None;
        }
        cards.push(Card { id: CardId::new(cid), content, explanation, tags, source: csource, line });
    }
    (r.at == r.b.len()).then_some(Deck {
        id: DeckId::new(id),
        name,
        language,
        description,
        source,
        progress,
        strict_marks,
        cards,
        origin: Origin::Generated,
    })
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
tags = ["t1", "t2"]

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
text = "{{c1::a::hint}} b {{c2::c}}"
"#;

    #[test]
    fn round_trips_every_kind() {
        let deck = parse_str(DECK, Origin::Bundled("d"), "d").deck.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 10, mtime_ns: 1_700_000_000_123_456_789, hash: 42 };
        write(dir.path(), "/x/d.toml", stamp, &deck).unwrap();
        let entry = entry_path(dir.path(), "/x/d.toml");
        let (got_stamp, got) = read(&entry, "/x/d.toml", 10, stamp.mtime_ns).unwrap();
        assert_eq!(got_stamp, stamp);
        let got = got.unwrap();
        assert_eq!(got.cards, deck.cards);
        assert_eq!((&got.id, &got.name, &got.description), (&deck.id, &deck.name, &deck.description));
        // A changed size or mtime is reported as stale, not decoded.
        assert!(read(&entry, "/x/d.toml", 11, stamp.mtime_ns).unwrap().1.is_none());
        // An entry written right after the file changed is not trusted on mtime alone.
        let fresh = Stamp { mtime_ns: now_ns(), ..stamp };
        write(dir.path(), "/x/d.toml", fresh, &deck).unwrap();
        assert!(read(&entry, "/x/d.toml", 10, fresh.mtime_ns).unwrap().1.is_none());
        write(dir.path(), "/x/d.toml", stamp, &deck).unwrap();
        // Another path hashing to the same file name is not confused with it.
        assert!(read(&entry, "/y/d.toml", 10, stamp.mtime_ns).is_none());
    }

    #[test]
    fn an_entry_that_decodes_but_makes_no_sense_is_not_trusted() {
        // Two encodings that differ only in the right option's index show
        // where it is; an index past the options must not come back.
        let text = |answer: &str| {
            format!(
                "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"c\"\nkind = \"choice\"\nquestion = \"Q\"\noptions = [\"a\", \"b\"]\nanswer = \"{answer}\"\nexplanation = \"E\"\n"
            )
        };
        let encoded = |answer: &str| {
            let deck = parse_str(&text(answer), Origin::Generated, "d").deck.unwrap();
            let mut out = Vec::new();
            encode_deck(&mut out, &deck);
            out
        };
        let (a, b) = (encoded("a"), encoded("b"));
        assert_eq!(a.len(), b.len());
        let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap();
        let mut damaged = a.clone();
        damaged[at] = 7;
        assert!(decode_deck(&mut Reader { b: &a, at: 0 }).is_some());
        assert!(decode_deck(&mut Reader { b: &damaged, at: 0 }).is_none(), "answer index 7 of 2 options");
    }

    #[test]
    fn damaged_entries_are_ignored_not_trusted() {
        let deck = parse_str(DECK, Origin::Bundled("d"), "d").deck.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp { size: 1, mtime_ns: 2, hash: 3 };
        write(dir.path(), "p", stamp, &deck).unwrap();
        let entry = entry_path(dir.path(), "p");
        let bytes = std::fs::read(&entry).unwrap();
        for cut in [0, 8, 40, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&entry, &bytes[..cut]).unwrap();
            assert!(read(&entry, "p", 1, 2).and_then(|r| r.1).is_none(), "cut at {cut}");
        }
    }
}
