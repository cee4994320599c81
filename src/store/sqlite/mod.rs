//! The SQLite backend: `<home>/progress/learn.db`. WAL mode, one short
//! `BEGIN IMMEDIATE` transaction per answer, and a busy timeout let two
//! `learn` processes share a home.

mod marks;
mod reviews;
mod schema;
mod sql;
mod states;
mod stats;
#[cfg(test)]
mod tests;

use crate::i18n::msg;
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use rusqlite::Connection;

use super::StoreError;

pub use schema::SCHEMA_VERSION;

/// An open progress store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store, creating it (and its folder) on first use and
    /// migrating an older schema after taking a copy. A file that is not an
    /// SQLite database, is damaged, or comes from a newer version is refused
    /// before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        schema::check_header(path)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                action: msg!("create its folder"),
                path: dir.to_path_buf(),
                source: e,
            })?;
        }
        let conn = Connection::open(path).map_err(|e| classify(path, msg!("open it"), e))?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store
            .conn
            .busy_timeout(StdDuration::from_secs(10))
            .map_err(|e| classify(path, msg!("set the busy timeout"), e))?;
        let version: i64 = store.query_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
        }
        // Reading the schema proves the file is a readable database before any write.
        store
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
            .map_err(|e| classify(path, msg!("read its schema"), e))?;
        store.wal_mode()?;
        // NORMAL in WAL mode: a committed answer survives a killed process; only
        // an OS crash or power cut can lose the last ones.
        store
            .conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| classify(path, msg!("set synchronous"), e))?;
        store.migrate(version)?;
        Ok(store)
    }

    /// Opens the store only if it exists (for read-only listings).
    pub fn open_existing(path: &Path) -> Result<Option<Store>, StoreError> {
        if path.exists() { Store::open(path).map(Some) } else { Ok(None) }
    }

    /// Switches to WAL (once per file; it persists). Changing the journal mode
    /// needs a lock that SQLite's busy handler does not wait for, so when
    /// another process is doing the same on a new store, wait and retry.
    fn wal_mode(&self) -> Result<(), StoreError> {
        let mut waited = 0;
        loop {
            let mode: rusqlite::Result<String> = self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0));
            if mode.as_deref().is_ok_and(|m| m.eq_ignore_ascii_case("wal")) {
                return Ok(());
            }
            match self.conn.pragma_update(None, "journal_mode", "WAL") {
                Ok(()) => return Ok(()),
                Err(e)
                    if waited < 10_000
                        && matches!(
                            e.sqlite_error_code(),
                            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                        ) =>
                {
                    std::thread::sleep(StdDuration::from_millis(20));
                    waited += 20;
                }
                Err(e) => return Err(classify(&self.path, msg!("switch to WAL mode"), e)),
            }
        }
    }

    fn err(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| classify(&self.path, action, e)
    }
}

/// A SQLite error as a store error: damage is "not a store", anything else
/// names the action.
fn classify(path: &Path, action: &'static str, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match e.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => StoreError::NotADatabase { path: path.to_path_buf() },
        _ => StoreError::Sqlite { action, path: path.to_path_buf(), source: e },
    }
}
