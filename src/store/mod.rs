//! The progress store. The review log is the source of truth; each card's
//! current state is cached beside it and changed in the same transaction as
//! the answer that changed it. This module holds the backend-neutral types;
//! `sqlite/` is the embedded backend (`<home>/progress/learn.db`), and the
//! only place that speaks SQL.

mod sqlite;
mod stats;

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::i18n::{Lang, t, tr};
use crate::schedule::{CardState, Grade};

pub use sqlite::{SCHEMA_VERSION, Store};
pub use stats::{AnswerGroup, CardLog, FittedParameters, GroupKind, LogAnswer};

/// Problems with the store, each naming the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("`{}` is not a learn progress store (not an SQLite database, or damaged); it was left untouched. Move it aside to start a new store, or restore a backup", path.display())]
    NotADatabase { path: PathBuf },
    #[error("`{}` was written by a newer version of learn (schema {found}, this version reads up to {supported}); it was left untouched. Upgrade learn to use it", path.display())]
    Newer { path: PathBuf, found: i64, supported: i64 },
    #[error("`{}` is empty but its journal `{}-wal` is not; both were left untouched. The store was damaged while being written: keep the two files for recovery and move them aside to start a new store", path.display(), path.display())]
    EmptyWithJournal { path: PathBuf },
    #[error("`{}` cannot be written (permission denied on {}); nothing was changed. Give yourself write access to the store, its -wal and -shm files and its folder", path.display(), what.display())]
    ReadOnly { path: PathBuf, what: PathBuf },
    #[error("the progress store `{}` was removed or replaced during the session; this answer was not saved", path.display())]
    Gone { path: PathBuf },
    #[error("progress store `{}`: could not {action}: {source}", path.display())]
    Sqlite {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("progress store `{}`: could not {action}: {}", path.display(), crate::fsutil::io_reason(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// The message in `lang`.
    pub fn show(&self, lang: Lang) -> String {
        match self {
            StoreError::NotADatabase { path } => t!(
                lang,
                "`{path}` is not a learn progress store (not an SQLite database, or damaged); it was left untouched. Move it aside to start a new store, or restore a backup",
                path = path.display()
            ),
            StoreError::Newer { path, found, supported } => t!(
                lang,
                "`{path}` was written by a newer version of learn (schema {found}, this version reads up to {supported}); it was left untouched. Upgrade learn to use it",
                path = path.display(),
                found = found,
                supported = supported
            ),
            StoreError::EmptyWithJournal { path } => t!(
                lang,
                "`{path}` is empty but its journal `{path}-wal` is not; both were left untouched. The store was damaged while being written: keep the two files for recovery and move them aside to start a new store",
                path = path.display()
            ),
            StoreError::ReadOnly { path, what } => t!(
                lang,
                "`{path}` cannot be written (permission denied on {what}); nothing was changed. Give yourself write access to the store, its -wal and -shm files and its folder",
                path = path.display(),
                what = what.display()
            ),
            StoreError::Gone { path } => t!(
                lang,
                "the progress store `{path}` was removed or replaced during the session; this answer was not saved",
                path = path.display()
            ),
            StoreError::Sqlite { action, path, source } => t!(
                lang,
                "progress store `{path}`: could not {action}: {reason}",
                path = path.display(),
                action = tr(lang, action),
                reason = source
            ),
            StoreError::Io { action, path, source } => t!(
                lang,
                "progress store `{path}`: could not {action}: {reason}",
                path = path.display(),
                action = tr(lang, action),
                reason = crate::fsutil::io_reason_arg(source).show(lang)
            ),
        }
    }
}

/// How an answer was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Run,
    Review,
    Quiz,
    /// History brought in from another tool (`learn import --with-progress`).
    Import,
}

impl Mode {
    pub const ALL: [Mode; 4] = [Mode::Run, Mode::Review, Mode::Quiz, Mode::Import];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Run => "run",
            Mode::Review => "review",
            Mode::Quiz => "quiz",
            Mode::Import => "import",
        }
    }

    pub fn from_name(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == s)
    }
}

/// One answer to record.
#[derive(Debug, Clone)]
pub struct NewReview<'a> {
    pub learner: &'a str,
    pub deck: &'a str,
    pub card: &'a str,
    pub time: DateTime<Utc>,
    pub mode: Mode,
    pub grade: Grade,
    pub correct: bool,
    pub answer: &'a str,
    pub duration_ms: i64,
    pub before: &'a CardState,
    /// The new state; `None` when the answer leaves the schedule untouched (quiz, --no-reschedule).
    pub after: Option<&'a CardState>,
    /// Whether the card reached the leech threshold with this answer.
    pub leech: bool,
}

/// A row of the review log, for export.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub id: i64,
    pub learner: String,
    pub deck: String,
    pub card: String,
    pub time: DateTime<Utc>,
    pub mode: Mode,
    pub grade: Grade,
    pub correct: bool,
    pub answer: String,
    pub duration_ms: i64,
    pub rescheduled: bool,
    pub before: CardState,
    pub after: Option<CardState>,
}

/// A row of the cards table, for export and listings.
#[derive(Debug, Clone)]
pub struct CardRow {
    pub learner: String,
    pub deck: String,
    pub card: String,
    pub state: CardState,
    pub leech: bool,
}

/// A card studied elsewhere: its id, its answers and the state computed
/// from them.
#[derive(Debug, Clone)]
pub struct ImportedCard {
    pub card: String,
    pub answers: Vec<ImportedAnswer>,
    pub state: CardState,
}

/// One answer of a card studied elsewhere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImportedAnswer {
    pub time: DateTime<Utc>,
    pub grade: Grade,
    pub duration_ms: i64,
}

/// A card flagged for a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub learner: String,
    pub deck: String,
    pub card: String,
    pub time: DateTime<Utc>,
    /// What the learner said is wrong (may be empty).
    pub note: String,
}

/// What one deck already did in the current study day.
#[derive(Debug, Clone, Default)]
pub struct Today {
    pub new_done: u32,
    pub reviews_done: u32,
    pub answered: HashSet<String>,
    pub skipped: HashSet<String>,
}
