//! The progress store. The review log is the source of truth; each card's
//! current state is cached beside it and changed in the same transaction as
//! the answer that changed it. This module holds the backend-neutral types
//! and the [`Store`] the commands hold: a [`Backend`] chosen by
//! [`Location`]. `sqlite/` is the embedded backend
//! (`<home>/progress/learn.db`), `postgres/` the shared one; they are the
//! only places that speak SQL.

mod backend;
mod location;
mod postgres;
#[allow(unreachable_pub)] // reached through the `Backend` trait
mod sqlite;
mod stats;

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::i18n::{Lang, t, tr};
use crate::schedule::{CardState, Grade};

pub use backend::Backend;
pub use location::Location;
pub use postgres::admin;
pub use sqlite::SCHEMA_VERSION;
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
    #[error("progress store `{target}`: could not {action}: {}", postgres::reason(source))]
    Postgres {
        action: &'static str,
        target: String,
        #[source]
        source: ::postgres::Error,
    },
    #[error(
        "cannot reach the PostgreSQL server at {host} for the progress store `{target}` ({reason}). Check that the server is running and that the address is right (`store` in learn.toml, LEARN_STORE or --store)"
    )]
    Unreachable { target: String, host: String, reason: String },
    #[error(
        "the connection to the progress store `{target}` was lost ({reason}): the answer being saved may be missing; every answer confirmed before it is kept. Start again when the server is back"
    )]
    Lost { target: String, reason: String },
    #[error(
        "`{target}` holds no learn schema (or this user may not read it). An administrator creates it with `learn admin init-postgres URL` (see docs/team.md)"
    )]
    NoSchema { target: String },
    #[error(
        "progress store `{target}`: this login may not {action} (a trainer's login reads every learner's progress and writes nothing; a learner's may touch only their own). Study with a learner's login"
    )]
    NotAllowed { action: &'static str, target: String },
    #[error(
        "cannot open a TLS connection to the PostgreSQL server at {host} for the progress store `{target}`: {reason}. Give the certificate of the authority that signed the server's (sslrootcert=FILE in the URL or PGSSLROOTCERT), or see docs/team.md"
    )]
    Tls { target: String, host: String, reason: String },
    #[error("`{url}` is not a usable PostgreSQL address: {reason}")]
    BadUrl { url: String, reason: String },
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
            StoreError::Postgres { action, target, source } => t!(
                lang,
                "progress store `{path}`: could not {action}: {reason}",
                path = target,
                action = tr(lang, action),
                reason = postgres::reason(source)
            ),
            StoreError::Unreachable { target, host, reason } => t!(
                lang,
                "cannot reach the PostgreSQL server at {host} for the progress store `{target}` ({reason}). Check that the server is running and that the address is right (`store` in learn.toml, LEARN_STORE or --store)",
                host = host,
                target = target,
                reason = reason
            ),
            StoreError::Lost { target, reason } => t!(
                lang,
                "the connection to the progress store `{target}` was lost ({reason}): the answer being saved may be missing; every answer confirmed before it is kept. Start again when the server is back",
                target = target,
                reason = reason
            ),
            StoreError::NoSchema { target } => t!(
                lang,
                "`{target}` holds no learn schema (or this user may not read it). An administrator creates it with `learn admin init-postgres URL` (see docs/team.md)",
                target = target
            ),
            StoreError::NotAllowed { action, target } => t!(
                lang,
                "progress store `{target}`: this login may not {action} (a trainer's login reads every learner's progress and writes nothing; a learner's may touch only their own). Study with a learner's login",
                target = target,
                action = tr(lang, action)
            ),
            StoreError::Tls { target, host, reason } => t!(
                lang,
                "cannot open a TLS connection to the PostgreSQL server at {host} for the progress store `{target}`: {reason}. Give the certificate of the authority that signed the server's (sslrootcert=FILE in the URL or PGSSLROOTCERT), or see docs/team.md",
                host = host,
                target = target,
                reason = reason
            ),
            StoreError::BadUrl { url, reason } => {
                t!(lang, "`{url}` is not a usable PostgreSQL address: {reason}", url = url, reason = reason)
            }
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

/// An open progress store: the backend its [`Location`] names. It derefs
/// to [`Backend`], whose methods the commands call.
pub struct Store {
    backend: Box<dyn Backend>,
}

impl Store {
    /// Opens the store, creating a missing SQLite file (a PostgreSQL store
    /// must have been set up by `learn admin init-postgres`).
    pub fn open(at: &Location) -> Result<Store, StoreError> {
        Ok(match at {
            Location::File(path) => Store { backend: Box::new(sqlite::Store::open(path)?) },
            Location::Postgres(url) => Store { backend: Box::new(postgres::PgStore::connect(url)?) },
        })
    }

    /// Opens the store only if it exists (a PostgreSQL store always does).
    pub fn open_existing(at: &Location) -> Result<Option<Store>, StoreError> {
        match at {
            Location::File(path) => {
                Ok(sqlite::Store::open_existing(path)?.map(|s| Store { backend: Box::new(s) as Box<dyn Backend> }))
            }
            Location::Postgres(_) => Store::open(at).map(Some),
        }
    }

    /// [`Store::open_existing`], leaving SQLite's page check for
    /// [`Backend::start_page_check`] or the first write (a session starts it
    /// once its first card is on screen).
    pub fn open_existing_check_later(at: &Location) -> Result<Option<Store>, StoreError> {
        match at {
            Location::File(path) => Ok(sqlite::Store::open_existing_check_later(path)?
                .map(|s| Store { backend: Box::new(s) as Box<dyn Backend> })),
            Location::Postgres(_) => Store::open(at).map(Some),
        }
    }

    /// Opens an existing store for reading (listings, exports, reports).
    pub fn open_read(at: &Location) -> Result<Option<Store>, StoreError> {
        match at {
            Location::File(path) => {
                Ok(sqlite::Store::open_read(path)?.map(|s| Store { backend: Box::new(s) as Box<dyn Backend> }))
            }
            Location::Postgres(_) => Store::open(at).map(Some),
        }
    }

    /// Every cached card state of one learner in one deck, handed to `f` as
    /// (card id, state, leech).
    pub fn states_with(
        &self,
        learner: &str,
        deck: &str,
        mut f: impl FnMut(&str, CardState, bool),
    ) -> Result<(), StoreError> {
        self.backend.states_each(learner, deck, &mut f)
    }

    /// A learner's saved states in the decks whose progress keys are
    /// `decks`, each row numbered by its deck's place in `decks`; room is
    /// made for `expected` rows at once (the decks' item count: growing
    /// the buffer as rows come in touched twice the memory).
    pub fn saved_states(&self, learner: &str, decks: &[&str], expected: usize) -> Result<SavedStates, StoreError> {
        let mut out = SavedStates::with_capacity(expected);
        for (d, deck) in decks.iter().enumerate() {
            self.states_with(learner, deck, |card, state, _| out.push(d, card, state))?;
        }
        Ok(out)
    }

    /// [`Store::saved_states`] with only what the study queue reads of each
    /// state (see [`Backend::queue_states_each`]).
    pub fn queue_states(&self, learner: &str, decks: &[&str], expected: usize) -> Result<SavedStates, StoreError> {
        let mut out = SavedStates::with_capacity(expected);
        for (d, deck) in decks.iter().enumerate() {
            self.backend.queue_states_each(learner, deck, &mut |card, state| out.push(d, card, state))?;
        }
        Ok(out)
    }

    /// The answers `learner` gave here, counted by quarter hour and kind.
    pub fn answer_groups_with(
        &self,
        learner: &str,
        decks: Option<&[&str]>,
        mut f: impl FnMut(&AnswerGroup),
    ) -> Result<(), StoreError> {
        self.backend.answer_groups_each(learner, decks, &mut f)
    }
}

/// Saved card states, as start-up reads them: every card id in one buffer
/// (a `String` each for 100 000 rows was a third of the read).
#[derive(Debug, Default, Clone)]
pub struct SavedStates {
    ids: String,
    /// (deck number, where the card id ends in `ids`, state).
    rows: Vec<(usize, usize, CardState)>,
}

impl SavedStates {
    /// Room for `rows` rows (card ids of about eight bytes).
    fn with_capacity(rows: usize) -> SavedStates {
        SavedStates { ids: String::with_capacity(rows * 8), rows: Vec::with_capacity(rows) }
    }

    /// Adds card `card` of deck number `deck`.
    pub fn push(&mut self, deck: usize, card: &str, state: CardState) {
        self.ids.push_str(card);
        self.rows.push((deck, self.ids.len(), state));
    }

    /// Every row: (deck number, card id, state), in the order pushed.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &str, &CardState)> {
        let mut start = 0;
        self.rows.iter().map(move |(deck, end, state)| {
            let card = &self.ids[start..*end];
            start = *end;
            (*deck, card, state)
        })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;
    fn deref(&self) -> &(dyn Backend + 'static) {
        &*self.backend
    }
}

impl std::ops::DerefMut for Store {
    fn deref_mut(&mut self) -> &mut (dyn Backend + 'static) {
        &mut *self.backend
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

impl ImportedCard {
    /// Its state before its first answer: new, when it fell due.
    pub(crate) fn fresh(&self) -> CardState {
        CardState::new(self.state.due)
    }

    /// Its answers not in the log yet (`known`: card id and time in ms),
    /// as review rows from `before` (its [`ImportedCard::fresh`] state),
    /// for a store's import.
    pub(crate) fn new_rows<'a>(
        &'a self,
        (learner, deck): (&'a str, &'a str),
        before: &'a CardState,
        known: &std::collections::HashSet<(String, i64)>,
    ) -> Vec<NewReview<'a>> {
        self.answers
            .iter()
            .filter(|a| !known.contains(&(self.card.clone(), a.time.timestamp_millis())))
            .map(|a| NewReview {
                learner,
                deck,
                card: &self.card,
                time: a.time,
                mode: Mode::Import,
                grade: a.grade,
                correct: a.grade.is_pass(),
                answer: "",
                duration_ms: a.duration_ms,
                before,
                after: None,
                leech: false,
            })
            .collect()
    }

    /// Whether the card was studied here later than there (it then keeps
    /// the state it has here, `current`).
    pub(crate) fn newer_here(&self, current: Option<&CardState>) -> bool {
        current
            .is_some_and(|s| s.last_review.is_some_and(|here| self.state.last_review.is_none_or(|there| here >= there)))
    }
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
