//! Anki packages (`.apkg`, `.colpkg`): the legacy layout (`collection.anki21`
//! or `collection.anki2`, SQLite in the zip, media map as JSON) and the
//! current one (`collection.anki21b`, zstd-compressed SQLite, media map as
//! zstd-compressed protobuf, media files zstd-compressed), as written by
//! Anki's exporter and by genanki. Reads notes, cards, decks, note types,
//! media and the review log; refuses zip slips, zip bombs and damage.

mod collection;
mod package;
mod progress;
mod proto;
#[cfg(test)]
mod tests;

use crate::i18n::Text;
use std::collections::{BTreeMap, HashMap};

use super::{DraftCard, ImportError};

pub use package::read_package;
pub use progress::imported_progress;

/// Limits that keep a hostile package from exhausting memory or disk.
#[derive(Debug, Clone, Copy)]
pub struct PackageLimits {
    pub max_entries: usize,
    pub max_total_bytes: u64,
}

impl Default for PackageLimits {
    fn default() -> Self {
        PackageLimits { max_entries: 50_000, max_total_bytes: 1024 * 1024 * 1024 }
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
    pub cards: Vec<DraftCard>,
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

fn err(message: Text) -> ImportError {
    ImportError { line: None, message }
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
