//! The schema, its version (`PRAGMA user_version`) and migrations: a copy
//! of the file first, then one transaction.

use crate::i18n::msg;
use std::path::Path;

use rusqlite::TransactionBehavior;

use super::{Store, classify};
use crate::store::StoreError;

/// The schema this build writes. Stores from newer builds are refused.
/// 1: reviews, cards, flags, skips. 2: a note on each flag. 3: FSRS
/// parameters fitted to each learner (`learn optimize`) and answer tallies
/// for `learn stats` (see `stats.rs`).
pub const SCHEMA_VERSION: i64 = 3;

pub(super) const SCHEMA_V1: &str = "
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL,
    time_ms INTEGER NOT NULL, mode TEXT NOT NULL, rating INTEGER NOT NULL,
    correct INTEGER NOT NULL, answer TEXT NOT NULL, duration_ms INTEGER NOT NULL,
    rescheduled INTEGER NOT NULL, leech INTEGER NOT NULL DEFAULT 0,
    b_state TEXT NOT NULL, b_step INTEGER, b_stability REAL, b_difficulty REAL, b_due_ms INTEGER NOT NULL,
    b_last_review_ms INTEGER, b_reps INTEGER NOT NULL, b_lapses INTEGER NOT NULL, b_scheduled_days INTEGER NOT NULL,
    a_state TEXT, a_step INTEGER, a_stability REAL, a_difficulty REAL, a_due_ms INTEGER,
    a_last_review_ms INTEGER, a_reps INTEGER, a_lapses INTEGER, a_scheduled_days INTEGER
);
CREATE INDEX reviews_card ON reviews(learner, deck, card, time_ms);
CREATE INDEX reviews_time ON reviews(learner, time_ms);
CREATE TABLE cards (
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL,
    state TEXT NOT NULL, step INTEGER, stability REAL, difficulty REAL, due_ms INTEGER NOT NULL,
    last_review_ms INTEGER, reps INTEGER NOT NULL, lapses INTEGER NOT NULL, scheduled_days INTEGER NOT NULL,
    leech INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (learner, deck, card)
) WITHOUT ROWID;
CREATE TABLE flags (
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL, time_ms INTEGER NOT NULL,
    PRIMARY KEY (learner, deck, card)
) WITHOUT ROWID;
CREATE TABLE skips (
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL, until_ms INTEGER NOT NULL,
    PRIMARY KEY (learner, deck, card)
) WITHOUT ROWID;
";

/// Version 2: what the learner said when flagging a card.
pub(super) const SCHEMA_V2: &str = "ALTER TABLE flags ADD COLUMN note TEXT NOT NULL DEFAULT '';";

impl Store {
    pub(super) fn query_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, msg!("read its version"), e))
    }

    pub(super) fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        if from > 0 {
            // A consistent copy, committed answers still in the WAL included,
            // made under a name of its own and then renamed: two programs
            // opening an old store at once (two sessions, or the threads of
            // `learn stats`) each make a whole copy, and neither removes the
            // other's half-written one.
            static COPIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let backup = self.path.with_extension(format!("db.v{from}.bak"));
            let n = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let partial = self.path.with_extension(format!("db.v{from}.bak.{}-{n}.partial", std::process::id()));
            let _ = std::fs::remove_file(&partial);
            let copied = self
                .conn
                .execute("VACUUM INTO ?1", [partial.to_string_lossy()])
                .map_err(|e| classify(&backup, msg!("copy the store before migrating"), e))
                .and_then(|_| {
                    std::fs::rename(&partial, &backup).map_err(|e| StoreError::Io {
                        action: msg!("copy the store before migrating"),
                        path: backup.clone(),
                        source: e,
                    })
                });
            if copied.is_err() {
                let _ = std::fs::remove_file(&partial);
            }
            copied?;
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, msg!("start the migration"), e))?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&path, msg!("read its version"), e))?;
        if now == 0 {
            tx.execute_batch(SCHEMA_V1).map_err(|e| classify(&path, msg!("create the tables"), e))?;
        }
        if now < 2 {
            tx.execute_batch(SCHEMA_V2).map_err(|e| classify(&path, msg!("add flag notes"), e))?;
        }
        if now < 3 {
            tx.execute_batch(super::stats::SCHEMA_V3)
                .map_err(|e| classify(&path, msg!("add fitted parameters and answer tallies"), e))?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(|e| classify(&path, msg!("set the version"), e))?;
        tx.commit().map_err(|e| classify(&path, msg!("commit the migration"), e))
    }
}

/// Refuses a file that exists but is not an SQLite database, before SQLite
/// (which would happily write a journal next to it) touches it.
pub(super) fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::Io { action: msg!("open it"), path: path.to_path_buf(), source: e }),
    };
    let mut head = [0u8; 100];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(StoreError::Io { action: msg!("read it"), path: path.to_path_buf(), source: e }),
        }
    }
    if n == 0 {
        // An empty file is a store never written, unless its journal holds
        // answers: then it is a store damaged while being written.
        let wal = super::sibling(path, "-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(StoreError::EmptyWithJournal { path: path.to_path_buf() });
        }
        return Ok(());
    }
    if n < 100 || &head[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: path.to_path_buf() });
    }
    Ok(())
}
