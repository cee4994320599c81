//! All decks a command can see: the bundled ones (compiled in) and the home's
//! `decks/*.toml`; a home deck with the same id overrides a bundled one. A bad
//! deck is reported and skipped; it never stops the others from loading.

use std::path::{Path, PathBuf};

use super::cache::{self, Fallback, Stamp};
use super::diagnostic::{Diagnostic, Severity};
use super::model::{Deck, Origin};
use super::parse::{Parsed, parse_bytes};
use crate::i18n::{Text, text};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The decks that loaded and the problems of those that did not (and the
/// warnings of those that did).
#[derive(Debug, Default)]
pub struct Library {
    pub decks: Vec<Deck>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Library {
    /// Bundled decks plus `decks_dir/*.toml`. A missing folder is no error.
    /// With a cache folder, unchanged decks are not parsed again.
    pub fn load(decks_dir: &Path, cache_dir: Option<&Path>) -> Library {
        let mut lib = Library::default();
        for (name, text) in BUNDLED {
            let p = match cache_dir {
                Some(dir) => bundled_cached(dir, name, text),
                None => parse_bytes(text.as_bytes(), Origin::Bundled(name), &format!("(bundled) decks/{name}")),
            };
            lib.add(p, true);
        }
        let (files, skipped) = match toml_files(decks_dir) {
            Ok(found) => found,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), Vec::new()),
            Err(e) => (Vec::new(), vec![unreadable_folder(decks_dir, &e)]),
        };
        lib.diagnostics.extend(skipped);
        for path in &files {
            let p = match cache_dir {
                Some(dir) => read_deck_cached(path, dir),
                None => read_deck(path),
            };
            lib.add(p, false);
        }
        // Entries of decks that are gone (removed, renamed) are dropped.
        if let Some(dir) = cache_dir {
            let keep: Vec<String> = BUNDLED
                .iter()
                .map(|(name, _)| format!("(bundled) decks/{name}"))
                .chain(files.iter().map(|p| p.display().to_string()))
                .collect();
            cache::prune(dir, &keep);
        }
        lib.decks.sort_by(|a, b| a.id.cmp(&b.id));
        lib
    }

    fn add(&mut self, parsed: Parsed, bundled: bool) {
        // A bundled deck's warnings are the project's business, not the learner's.
        if !bundled {
            self.diagnostics.extend(parsed.diagnostics);
        }
        let Some(deck) = parsed.deck else { return };
        match self.decks.iter().position(|d| d.id == deck.id) {
            Some(i) if matches!(self.decks[i].origin, Origin::Bundled(_)) && !bundled => {
                self.decks[i] = deck;
            }
            Some(i) => self.diagnostics.push(
                Diagnostic::error(
                    &deck.origin.to_string(),
                    text!(
                        "deck id `{id}` is already used by `{other}`; this file is skipped",
                        id = deck.id.as_str(),
                        other = self.decks[i].origin.to_string()
                    ),
                )
                .help(text!("give one of the decks another `id` in its [deck] table")),
            ),
            None => self.decks.push(deck),
        }
    }

    /// A deck by id.
    pub fn get(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id.as_str() == id)
    }

    /// Errors among the diagnostics (decks that were skipped).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }
}

/// A bundled deck through the cache, keyed by its content.
fn bundled_cached(dir: &Path, name: &'static str, text: &'static str) -> Parsed {
    let key = format!("(bundled) decks/{name}");
    let stamp = Stamp { size: text.len() as u64, mtime_ns: 0, hash: cache::stamp_hash(text.as_bytes()) };
    let entry = cache::entry_path(dir, &key);
    if let Some((old, Some(mut deck))) = cache::read(&entry, &key, stamp.size, 0, Fallback::Bundled(name, text))
        && old.hash == stamp.hash
    {
        deck.origin = Origin::Bundled(name);
        return Parsed { deck: Some(deck), diagnostics: Vec::new() };
    }
    let parsed = parse_bytes(text.as_bytes(), Origin::Bundled(name), &key);
    if let (Some(deck), false) = (&parsed.deck, parsed.has_errors()) {
        let _ = cache::write(dir, &key, stamp, deck);
    }
    parsed
}

/// A deck file through the cache: unchanged size and mtime reuse the parsed
/// deck without reading the file; the same content under a new mtime too.
pub fn read_deck_cached(path: &Path, dir: &Path) -> Parsed {
    let Ok(meta) = std::fs::metadata(path) else { return read_deck(path) };
    let size = meta.len();
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX));
    let key = path.display().to_string();
    let entry = cache::entry_path(dir, &key);
    let fallback = || Fallback::File(path.to_path_buf());
    let cached = cache::read(&entry, &key, size, mtime_ns, fallback());
    if let Some((_, Some(mut deck))) = cached {
        deck.origin = Origin::File(path.to_path_buf());
        return Parsed { deck: Some(deck), diagnostics: Vec::new() };
    }
    let Ok(bytes) = std::fs::read(path) else { return read_deck(path) };
    let stamp = Stamp { size: bytes.len() as u64, mtime_ns, hash: cache::stamp_hash(&bytes) };
    // Same content under a new mtime (or too recent an entry to trust): reuse.
    if let Some((old, None)) = cached
        && old.hash == stamp.hash
        && let Some((_, mut deck)) = cache::read_deck_ignoring_time(&entry, &key, fallback())
    {
        let _ = cache::write(dir, &key, stamp, &deck);
        deck.origin = Origin::File(path.to_path_buf());
        return Parsed { deck: Some(deck), diagnostics: Vec::new() };
    }
    let parsed = parse_bytes(&bytes, Origin::File(path.to_path_buf()), &key);
    // The file's text is not needed while the entry is written (an 88 MB
    // deck would be held twice).
    drop(bytes);
    if let (Some(deck), false) = (&parsed.deck, parsed.has_errors()) {
        let _ = cache::write(dir, &key, stamp, deck);
    }
    parsed
}

/// The largest deck file read (a deck of 400 000 long cards is ~100 MB).
pub(crate) const MAX_DECK_BYTES: u64 = 256 * 1024 * 1024;

/// Reads and parses one deck file. Only a regular file of a sane size is
/// opened (a pipe would block, `/dev/zero` never ends); anything else, and
/// an unreadable file, becomes a diagnostic.
pub fn read_deck(path: &Path) -> Parsed {
    let label = path.display().to_string();
    let failed = |message: Text, help: Text| Parsed {
        deck: None,
        diagnostics: vec![Diagnostic::error(&label, message).help(help)],
    };
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            return failed(
                text!("not a deck file: a folder, a device or a pipe"),
                text!("give the path of a .toml deck file"),
            );
        }
        Ok(m) if m.len() > MAX_DECK_BYTES => {
            return failed(
                text!(
                    "the file is {size} MB; the largest deck learn reads is {max} MB",
                    size = m.len() >> 20,
                    max = MAX_DECK_BYTES >> 20
                ),
                text!("split it into several decks"),
            );
        }
        _ => {}
    }
    match std::fs::read(path) {
        Ok(bytes) => parse_bytes(&bytes, Origin::File(path.to_path_buf()), &label),
        Err(e) => failed(
            text!("could not read the deck: {reason}", reason = crate::fsutil::io_reason_arg(&e)),
            text!("check that the file exists and is readable"),
        ),
    }
}

/// The `*.toml` deck files directly in `dir`, sorted by name, and a warning
/// for each `.toml` entry that is not a readable regular file (a folder, a
/// broken or looping link, a pipe): those are skipped, but not in silence.
/// The problem of a decks folder that cannot be listed.
pub fn unreadable_folder(dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        &dir.display().to_string(),
        text!("could not read the decks folder: {reason}", reason = crate::fsutil::io_reason_arg(e)),
    )
    .help(text!("check the folder's permissions; only the bundled decks are loaded meanwhile"))
}

pub fn toml_files(dir: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let p = entry.path();
        if p.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        match std::fs::metadata(&p) {
            Ok(m) if m.is_file() => files.push(p),
            Ok(_) => skipped.push(skip_warning(&p, text!("not a regular file (a folder, a device or a pipe)"))),
            Err(e) => skipped
                .push(skip_warning(&p, text!("cannot be read: {reason}", reason = crate::fsutil::io_reason_arg(&e)))),
        }
    }
    files.sort();
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok((files, skipped))
}

fn skip_warning(path: &Path, why: Text) -> Diagnostic {
    let mut d = Diagnostic::error(&path.display().to_string(), text!("skipped: {why}", why = why))
        .help(text!("remove it from the decks folder, or point it at a deck file"));
    d.severity = Severity::Warning;
    d
}
