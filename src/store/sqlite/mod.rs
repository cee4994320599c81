//! The SQLite backend: `<home>/progress/learn.db`. WAL mode, one short
//! `BEGIN IMMEDIATE` transaction per answer, and a busy timeout let two
//! `learn` processes share a home.

mod backend;
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
    /// The file's identity when opened (device, inode): a store removed or
    /// replaced during a session is noticed before an answer goes nowhere.
    identity: Option<(u64, u64)>,
    /// SQLite's page check, running beside the first reads; the first write
    /// waits for its verdict, so damage inside a page is never written over.
    check: std::sync::Mutex<Option<std::thread::JoinHandle<bool>>>,
    /// Stops that check when the store closes first (see `Drop`).
    check_stop: Option<rusqlite::InterruptHandle>,
    /// The page check waits for [`Store::start_page_check`] (or the first
    /// write, which then runs it).
    check_deferred: std::sync::atomic::AtomicBool,
}

impl Drop for Store {
    /// A page check still running holds a second connection: stopped and
    /// waited for, so that this connection closes last and SQLite removes
    /// the WAL; a WAL left behind reads as an unclean end at the next start,
    /// which then checks every page before showing anything (0.5-1 s at a
    /// million reviews, every other start).
    fn drop(&mut self) {
        let pending = self.check.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        if let (Some(check), Some(stop)) = (pending, self.check_stop.take()) {
            while !check.is_finished() {
                stop.interrupt();
                std::thread::sleep(StdDuration::from_millis(1));
            }
            let _ = check.join();
        }
    }
}

/// The device and inode of a file.
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// A sibling of the store (`learn.db-wal`, `learn.db-shm`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Refuses, before SQLite fails halfway, a store that cannot be written:
/// the file, its -wal and -shm files (a stale read-only -shm blocks every
/// write) and its folder.
fn check_writable(path: &Path) -> Result<(), StoreError> {
    for f in [path.to_path_buf(), sibling(path, "-wal"), sibling(path, "-shm")] {
        match std::fs::OpenOptions::new().append(true).open(&f) {
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(StoreError::ReadOnly { path: path.to_path_buf(), what: f });
            }
            _ => {}
        }
    }
    if let Some(dir) = path.parent().filter(|d| d.is_dir())
        && let Err(e) = tempfile::tempfile_in(dir)
        && e.kind() == std::io::ErrorKind::PermissionDenied
    {
        return Err(StoreError::ReadOnly { path: path.to_path_buf(), what: dir.to_path_buf() });
    }
    Ok(())
}

impl Store {
    /// Opens the store, creating it (and its folder) on first use and
    /// migrating an older schema after taking a copy. A file that is not an
    /// SQLite database, is damaged, or comes from a newer version is refused
    /// before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_checking(path, true, false)
    }

    /// [`Store::open_existing`], with the page check left for
    /// [`Store::start_page_check`] or the first write: a session starts it
    /// once its first card is on screen, so that it does not compete with
    /// start-up for the processor (it reads the whole file).
    pub fn open_existing_check_later(path: &Path) -> Result<Option<Store>, StoreError> {
        if path.exists() { Store::open_checking(path, true, true).map(Some) } else { Ok(None) }
    }

    /// Starts the page check left for later, beside whatever comes next.
    pub fn start_page_check(&mut self) {
        if self.check_deferred.swap(false, std::sync::atomic::Ordering::SeqCst) {
            self.spawn_page_check();
        }
    }

    /// SQLite's page check on a second connection, on its own thread.
    fn spawn_page_check(&mut self) {
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if let Ok(checker) = Connection::open_with_flags(&self.path, flags) {
            self.check_stop = Some(checker.get_interrupt_handle());
            *self.check.lock().unwrap_or_else(|e| e.into_inner()) = Some(std::thread::spawn(move || {
                checker.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0)).map_or(true, |v| v == "ok")
            }));
        }
    }

    /// [`Store::open`]; `pages`: check the file's pages (before the first
    /// write, or at once after an unclean end). A program that only reads
    /// skips the check (it can write nothing over damage), except before an
    /// upgrade of the schema, which writes.
    fn open_checking(path: &Path, pages: bool, later: bool) -> Result<Store, StoreError> {
        schema::check_header(path)?;
        check_writable(path)?;
        // A journal left behind means the last session did not close
        // cleanly (or another is running): check the file's pages.
        let unclean = sibling(path, "-wal").exists();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                action: msg!("create its folder"),
                path: dir.to_path_buf(),
                source: e,
            })?;
        }
        let conn = Connection::open(path).map_err(|e| classify(path, msg!("open it"), e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            identity: None,
            check: std::sync::Mutex::new(None),
            check_stop: None,
            check_deferred: false.into(),
        };
        store
            .conn
            .busy_timeout(StdDuration::from_secs(10))
            .map_err(|e| classify(path, msg!("set the busy timeout"), e))?;
        let version: i64 = store.query_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
        }
        if version < 0 {
            return Err(StoreError::NotADatabase { path: path.to_path_buf() });
        }
        if (pages && unclean) || (version > 0 && version < SCHEMA_VERSION) {
            // After an unclean end, or before an upgrade: check first.
            store.quick_check()?;
        } else if pages && later {
            store.check_deferred = true.into();
        } else if pages {
            store.spawn_page_check();
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
        store.identity = identity(path);
        Ok(store)
    }

    /// SQLite's own consistency check of every page (about a second per
    /// gigabyte): damage inside a page is refused, not written over.
    fn quick_check(&self) -> Result<(), StoreError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, msg!("read its schema"), e))?;
        if verdict == "ok" { Ok(()) } else { Err(StoreError::NotADatabase { path: self.path.clone() }) }
    }

    /// Before a write: errs when the page check found damage, or when the
    /// file is no longer the one opened (removed, or replaced).
    pub(super) fn still_there(&self) -> Result<(), StoreError> {
        if self.check_deferred.swap(false, std::sync::atomic::Ordering::SeqCst) {
            self.quick_check()?;
        }
        let pending = self.check.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(check) = pending
            && !check.join().unwrap_or(true)
        {
            return Err(StoreError::NotADatabase { path: self.path.clone() });
        }
        if self.identity.is_some() && identity(&self.path) != self.identity {
            return Err(StoreError::Gone { path: self.path.clone() });
        }
        Ok(())
    }

    /// Opens the store only if it exists.
    pub fn open_existing(path: &Path) -> Result<Option<Store>, StoreError> {
        if path.exists() { Store::open(path).map(Some) } else { Ok(None) }
    }

    /// Opens an existing store for reading only (listings, exports): a
    /// store that cannot be written, or sits in a read-only folder, can
    /// still be read.
    pub fn open_read(path: &Path) -> Result<Option<Store>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        match check_writable(path) {
            Ok(()) => return Store::open_checking(path, false, false).map(Some),
            Err(StoreError::ReadOnly { .. }) => {}
            Err(e) => return Err(e),
        }
        schema::check_header(path)?;
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let uri = |extra: &str| {
            format!("file:{}?mode=ro{extra}", path.display().to_string().replace('?', "%3f").replace('#', "%23"))
        };
        // Without a writable folder SQLite cannot make the -shm it reads a
        // WAL store with; as immutable it reads the file as it is.
        let conn = Connection::open_with_flags(uri(""), flags)
            .and_then(|c| c.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map(|_| c))
            .or_else(|_| Connection::open_with_flags(uri("&immutable=1"), flags))
            .map_err(|e| classify(path, msg!("open it"), e))?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
            identity: identity(path),
            check: std::sync::Mutex::new(None),
            check_stop: None,
            check_deferred: false.into(),
        };
        let version = store.query_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
        }
        if version != SCHEMA_VERSION {
            // An older store needs its upgrade written first.
            return Err(StoreError::ReadOnly { path: path.to_path_buf(), what: path.to_path_buf() });
        }
        Ok(Some(store))
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
