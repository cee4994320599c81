//! The progress store: SQLite at `<home>/progress/learn.db`. The review log is
//! the source of truth; the `cards` table caches each card's state and is
//! updated in the same transaction as the answer that changed it. WAL mode,
//! one short `BEGIN IMMEDIATE` transaction per answer, and a busy timeout let
//! two `learn` processes share a home. Only this module speaks SQL.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use crate::schedule::{CardState, Grade, State};

/// The schema this build writes. Stores from newer builds are refused.
pub const SCHEMA_VERSION: i64 = 1;

/// Problems with the store, each naming the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("`{}` is not a learn progress store (not an SQLite database, or damaged); it was left untouched. Move it aside to start a new store, or restore a backup", path.display())]
    NotADatabase { path: PathBuf },
    #[error("`{}` was written by a newer version of learn (schema {found}, this version reads up to {supported}); it was left untouched. Upgrade learn to use it", path.display())]
    Newer { path: PathBuf, found: i64, supported: i64 },
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
    pub fn name(self) -> &'static str {
        match self {
            Mode::Run => "run",
            Mode::Review => "review",
            Mode::Quiz => "quiz",
            Mode::Import => "import",
        }
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
    pub mode: String,
    pub rating: u8,
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

/// An open progress store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const STATE_COLS: &str = "state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, scheduled_days";

const SCHEMA_V1: &str = "
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

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Reads the nine state columns starting at `at`.
fn state_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<CardState>> {
    let name = row
        .get_ref(at)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e)))?;
    let Some(state) = name.and_then(State::from_name) else { return Ok(None) };
    Ok(Some(CardState {
        state,
        step: row.get::<_, Option<i64>>(at + 1)?.map(|s| s as u32),
        stability: row.get(at + 2)?,
        difficulty: row.get(at + 3)?,
        due: from_ms(row.get(at + 4)?),
        last_review: row.get::<_, Option<i64>>(at + 5)?.map(from_ms),
        reps: row.get::<_, i64>(at + 6)? as u32,
        lapses: row.get::<_, i64>(at + 7)? as u32,
        scheduled_days: row.get::<_, i64>(at + 8)? as u32,
    }))
}

type StateParams = (String, Option<i64>, Option<f64>, Option<f64>, i64, Option<i64>, i64, i64, i64);

fn state_params(s: &CardState) -> StateParams {
    (
        s.state.name().to_string(),
        s.step.map(i64::from),
        s.stability,
        s.difficulty,
        ms(s.due),
        s.last_review.map(ms),
        s.reps as i64,
        s.lapses as i64,
        s.scheduled_days as i64,
    )
}

impl Store {
    /// Opens the store, creating it (and its folder) on first use and
    /// migrating an older schema after taking a copy. A file that is not an
    /// SQLite database, is damaged, or comes from a newer version is refused
    /// before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        check_header(path)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                action: "create its folder",
                path: dir.to_path_buf(),
                source: e,
            })?;
        }
        let conn = Connection::open(path).map_err(|e| classify(path, "open it", e))?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store.conn.busy_timeout(StdDuration::from_secs(10)).map_err(|e| classify(path, "set the busy timeout", e))?;
        let version: i64 = store.query_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
        }
        // Reading the schema proves the file is a readable database before any write.
        store
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
            .map_err(|e| classify(path, "read its schema", e))?;
        store.wal_mode()?;
        // NORMAL in WAL mode: a committed answer survives a killed process; only
        // an OS crash or power cut can lose the last ones.
        store.conn.pragma_update(None, "synchronous", "NORMAL").map_err(|e| classify(path, "set synchronous", e))?;
        store.migrate(version)?;
        Ok(store)
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
                Err(e) => return Err(classify(&self.path, "switch to WAL mode", e)),
            }
        }
    }

    /// Opens the store only if it exists (for read-only listings).
    pub fn open_existing(path: &Path) -> Result<Option<Store>, StoreError> {
        if path.exists() { Store::open(path).map(Some) } else { Ok(None) }
    }

    fn query_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&self.path, "read its version", e))
    }

    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        if from > 0 {
            let backup = self.path.with_extension(format!("db.v{from}.bak"));
            std::fs::copy(&self.path, &backup).map_err(|e| StoreError::Io {
                action: "copy it before migrating",
                path: backup,
                source: e,
            })?;
        }
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, "start the migration", e))?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(&path, "read its version", e))?;
        if now == 0 {
            tx.execute_batch(SCHEMA_V1).map_err(|e| classify(&path, "create the tables", e))?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(|e| classify(&path, "set the version", e))?;
        tx.commit().map_err(|e| classify(&path, "commit the migration", e))
    }

    fn err(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| classify(&self.path, action, e)
    }

    /// Every cached card state of one learner in one deck, in one query.
    pub fn states(&self, learner: &str, deck: &str) -> Result<HashMap<String, (CardState, bool)>, StoreError> {
        let mut out = HashMap::new();
        self.states_with(learner, deck, |card, state, leech| {
            out.insert(card.to_string(), (state, leech));
        })?;
        Ok(out)
    }

    /// Every cached card state of one learner, by deck, in one query.
    pub fn learner_states(&self, learner: &str) -> Result<HashMap<String, Vec<(String, CardState)>>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT deck, card, {STATE_COLS} FROM cards WHERE learner = ?1 ORDER BY deck"))
            .map_err(self.err("read card states"))?;
        let mut rows = stmt.query(params![learner]).map_err(self.err("read card states"))?;
        let mut out: HashMap<String, Vec<(String, CardState)>> = HashMap::new();
        let mut current: Option<(String, Vec<(String, CardState)>)> = None;
        while let Some(r) = rows.next().map_err(self.err("read card states"))? {
            let deck = r.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(self.err("read card states"))?;
            if current.as_ref().is_none_or(|(d, _)| d != deck) {
                if let Some((d, v)) = current.take() {
                    out.insert(d, v);
                }
                current = Some((deck.to_string(), Vec::new()));
            }
            let card: String = r.get(1).map_err(self.err("read card states"))?;
            if let (Some(state), Some((_, v))) =
                (state_at(r, 2).map_err(self.err("read card states"))?, current.as_mut())
            {
                v.push((card, state));
            }
        }
        if let Some((d, v)) = current {
            out.insert(d, v);
        }
        Ok(out)
    }

    /// Every cached card state of one learner in one deck, handed to `f` as
    /// (card id, state, leech) without copying the id: start-up reads 100 000
    /// of these.
    pub fn states_with(
        &self,
        learner: &str,
        deck: &str,
        mut f: impl FnMut(&str, CardState, bool),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT card, {STATE_COLS}, leech FROM cards WHERE learner = ?1 AND deck = ?2"))
            .map_err(self.err("read card states"))?;
        let mut rows = stmt.query(params![learner, deck]).map_err(self.err("read card states"))?;
        while let Some(r) = rows.next().map_err(self.err("read card states"))? {
            let card = r.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(self.err("read card states"))?;
            let state = state_at(r, 1).map_err(self.err("read card states"))?;
            let leech: bool = r.get(10).map_err(self.err("read card states"))?;
            if let Some(s) = state {
                f(card, s, leech);
            }
        }
        Ok(())
    }

    /// Records one answer and, when it reschedules, the card's new state —
    /// both in one transaction, committed before this returns.
    pub fn record(&mut self, r: &NewReview<'_>) -> Result<i64, StoreError> {
        self.record_batch(std::slice::from_ref(r))
    }

    /// Records several answers in one transaction (imports, generators);
    /// returns the id of the last.
    pub fn record_batch(&mut self, reviews: &[NewReview<'_>]) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(e("start saving the answer"))?;
        let mut id = 0;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO reviews (learner, deck, card, time_ms, mode, rating, correct, answer, duration_ms, rescheduled, leech,
                       b_state, b_step, b_stability, b_difficulty, b_due_ms, b_last_review_ms, b_reps, b_lapses, b_scheduled_days,
                       a_state, a_step, a_stability, a_difficulty, a_due_ms, a_last_review_ms, a_reps, a_lapses, a_scheduled_days)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                             ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
                )
                .map_err(e("save the answer"))?;
            for r in reviews {
                let b = state_params(r.before);
                let a = r.after.map(state_params);
                insert
                    .execute(rusqlite::params![
                        r.learner,
                        r.deck,
                        r.card,
                        ms(r.time),
                        r.mode.name(),
                        r.grade.number(),
                        r.correct,
                        r.answer,
                        r.duration_ms,
                        r.after.is_some(),
                        r.leech,
                        b.0,
                        b.1,
                        b.2,
                        b.3,
                        b.4,
                        b.5,
                        b.6,
                        b.7,
                        b.8,
                        a.as_ref().map(|a| a.0.clone()),
                        a.as_ref().and_then(|a| a.1),
                        a.as_ref().and_then(|a| a.2),
                        a.as_ref().and_then(|a| a.3),
                        a.as_ref().map(|a| a.4),
                        a.as_ref().and_then(|a| a.5),
                        a.as_ref().map(|a| a.6),
                        a.as_ref().map(|a| a.7),
                        a.as_ref().map(|a| a.8),
                    ])
                    .map_err(e("save the answer"))?;
                id = tx.last_insert_rowid();
                if let Some(after) = r.after {
                    upsert_card(&tx, r.learner, r.deck, r.card, after, r.leech).map_err(e("save the card state"))?;
                }
            }
        }
        tx.commit().map_err(e("commit the answer"))?;
        Ok(id)
    }

    /// Brings in cards studied elsewhere, in one transaction: each card's
    /// answers go to the review log (mode `import`, not replayed) and its
    /// state becomes the card's current state.
    pub fn import_progress(&mut self, learner: &str, deck: &str, cards: &[ImportedCard]) -> Result<(), StoreError> {
        let mut rows = Vec::new();
        let fresh: Vec<CardState> = cards.iter().map(|c| CardState::new(c.state.due)).collect();
        for (c, before) in cards.iter().zip(&fresh) {
            for (t, g, ms) in &c.answers {
                rows.push(NewReview {
                    learner,
                    deck,
                    card: &c.card,
                    time: *t,
                    mode: Mode::Import,
                    grade: *g,
                    correct: g.is_pass(),
                    answer: "",
                    duration_ms: *ms,
                    before,
                    after: None,
                    leech: false,
                });
            }
        }
        self.record_batch(&rows)?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, "start importing progress", e))?;
        for c in cards {
            upsert_card(&tx, learner, deck, &c.card, &c.state, false)
                .map_err(|e| classify(&path, "import a card state", e))?;
        }
        tx.commit().map_err(|e| classify(&path, "commit the imported progress", e))
    }

    /// Forgets one answer exactly: its row goes, and the card's cached state
    /// returns to what it was before.
    pub fn undo(&mut self, review_id: i64) -> Result<(), StoreError> {
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e("start the undo"))?;
        let row = tx
            .query_row(
                "SELECT learner, deck, card, rescheduled, b_state, b_step, b_stability, b_difficulty, b_due_ms,
                        b_last_review_ms, b_reps, b_lapses, b_scheduled_days FROM reviews WHERE id = ?1",
                [review_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                        state_at(r, 4)?,
                    ))
                },
            )
            .optional()
            .map_err(e("find the answer to undo"))?;
        if let Some((learner, deck, card, rescheduled, before)) = row {
            tx.execute("DELETE FROM reviews WHERE id = ?1", [review_id]).map_err(e("delete the answer"))?;
            if rescheduled {
                match before {
                    Some(b) if b.state != State::New => {
                        let leech: bool = tx
                            .query_row(
                                "SELECT EXISTS(SELECT 1 FROM reviews WHERE learner=?1 AND deck=?2 AND card=?3 AND leech=1)",
                                params![learner, deck, card],
                                |r| r.get(0),
                            )
                            .map_err(e("check the leech mark"))?;
                        upsert_card(&tx, &learner, &deck, &card, &b, leech).map_err(e("restore the card state"))?;
                    }
                    _ => {
                        tx.execute(
                            "DELETE FROM cards WHERE learner=?1 AND deck=?2 AND card=?3",
                            params![learner, deck, card],
                        )
                        .map_err(e("restore the card state"))?;
                    }
                }
            }
        }
        tx.commit().map_err(e("commit the undo"))
    }

    /// New cards introduced and reviews done today (schedule-changing answers
    /// since `day_start`), and the cards answered today.
    pub fn today(&self, learner: &str, deck: &str, day_start: DateTime<Utc>) -> Result<Today, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT card, b_state, rescheduled FROM reviews WHERE learner=?1 AND deck=?2 AND time_ms >= ?3",
            )
            .map_err(self.err("read today's answers"))?;
        let rows = stmt
            .query_map(params![learner, deck, ms(day_start)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
            })
            .map_err(self.err("read today's answers"))?;
        let mut t = Today::default();
        for row in rows {
            let (card, before, rescheduled) = row.map_err(self.err("read today's answers"))?;
            if rescheduled {
                match before.as_str() {
                    "new" => t.new_done += 1,
                    "review" => t.reviews_done += 1,
                    _ => {}
                }
                t.answered.insert(card);
            }
        }
        let mut skips = self
            .conn
            .prepare_cached("SELECT card FROM skips WHERE learner=?1 AND deck=?2 AND until_ms > ?3")
            .map_err(self.err("read skipped cards"))?;
        let rows = skips
            .query_map(params![learner, deck, ms(day_start)], |r| r.get::<_, String>(0))
            .map_err(self.err("read skipped cards"))?;
        for r in rows {
            t.skipped.insert(r.map_err(self.err("read skipped cards"))?);
        }
        Ok(t)
    }

    /// Cards whose latest answer since `since` (any mode) was wrong, per deck.
    pub fn missed(&self, learner: &str, since: DateTime<Utc>) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT deck, card, correct FROM reviews r WHERE learner=?1 AND time_ms >= ?2
                 AND id = (SELECT max(id) FROM reviews r2 WHERE r2.learner=r.learner AND r2.deck=r.deck AND r2.card=r.card AND r2.time_ms >= ?2)
                 ORDER BY deck, card",
            )
            .map_err(self.err("find missed cards"))?;
        let rows = stmt
            .query_map(params![learner, ms(since)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
            })
            .map_err(self.err("find missed cards"))?;
        let mut out = Vec::new();
        for r in rows {
            let (deck, card, correct) = r.map_err(self.err("find missed cards"))?;
            if !correct {
                out.push((deck, card));
            }
        }
        Ok(out)
    }

    /// Marks a card as needing a fix (listed by `learn check`).
    pub fn flag(&self, learner: &str, deck: &str, card: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO flags (learner, deck, card, time_ms) VALUES (?1, ?2, ?3, ?4)",
                params![learner, deck, card, ms(now)],
            )
            .map_err(self.err("flag the card"))?;
        Ok(())
    }

    /// Removes a flag (undo of a flag).
    pub fn unflag(&self, learner: &str, deck: &str, card: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM flags WHERE learner=?1 AND deck=?2 AND card=?3", params![learner, deck, card])
            .map_err(self.err("remove the flag"))?;
        Ok(())
    }

    /// Every flagged card: (learner, deck, card, time).
    pub fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT learner, deck, card, time_ms FROM flags ORDER BY deck, card")
            .map_err(self.err("read flags"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, from_ms(r.get(3)?))))
            .map_err(self.err("read flags"))?;
        rows.collect::<Result<_, _>>().map_err(self.err("read flags"))
    }

    /// Hides a card until `until` (the end of today).
    pub fn skip(&self, learner: &str, deck: &str, card: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO skips (learner, deck, card, until_ms) VALUES (?1, ?2, ?3, ?4)",
                params![learner, deck, card, ms(until)],
            )
            .map_err(self.err("skip the card"))?;
        Ok(())
    }

    /// Every (deck, card) with history, for any learner: to find orphans.
    pub fn known_cards(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT deck, card FROM reviews ORDER BY deck, card")
            .map_err(self.err("list cards with history"))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err("list cards with history"))?;
        rows.collect::<Result<_, _>>().map_err(self.err("list cards with history"))
    }

    /// The cards table, for export.
    pub fn card_rows(&self) -> Result<Vec<CardRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT learner, deck, card, {STATE_COLS}, leech FROM cards ORDER BY learner, deck, card"
            ))
            .map_err(self.err("read cards"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    state_at(r, 3)?,
                    r.get::<_, bool>(12)?,
                ))
            })
            .map_err(self.err("read cards"))?;
        let mut out = Vec::new();
        for r in rows {
            let (learner, deck, card, state, leech) = r.map_err(self.err("read cards"))?;
            if let Some(state) = state {
                out.push(CardRow { learner, deck, card, state, leech });
            }
        }
        Ok(out)
    }

    /// The review log, oldest first.
    pub fn review_rows(&self) -> Result<Vec<ReviewRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, learner, deck, card, time_ms, mode, rating, correct, answer, duration_ms, rescheduled,
                        b_state, b_step, b_stability, b_difficulty, b_due_ms, b_last_review_ms, b_reps, b_lapses, b_scheduled_days,
                        a_state, a_step, a_stability, a_difficulty, a_due_ms, a_last_review_ms, a_reps, a_lapses, a_scheduled_days
                 FROM reviews ORDER BY time_ms, id",
            )
            .map_err(self.err("read the review log"))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ReviewRow {
                    id: r.get(0)?,
                    learner: r.get(1)?,
                    deck: r.get(2)?,
                    card: r.get(3)?,
                    time: from_ms(r.get(4)?),
                    mode: r.get(5)?,
                    rating: r.get::<_, i64>(6)? as u8,
                    correct: r.get(7)?,
                    answer: r.get(8)?,
                    duration_ms: r.get(9)?,
                    rescheduled: r.get(10)?,
                    before: state_at(r, 11)?.unwrap_or_else(|| CardState::new(from_ms(0))),
                    after: state_at(r, 20)?,
                })
            })
            .map_err(self.err("read the review log"))?;
        rows.collect::<Result<_, _>>().map_err(self.err("read the review log"))
    }

    /// The schedule-changing answers of one card, oldest first: what replay needs.
    pub fn history(&self, learner: &str, deck: &str, card: &str) -> Result<Vec<(DateTime<Utc>, Grade)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT time_ms, rating FROM reviews WHERE learner=?1 AND deck=?2 AND card=?3 AND rescheduled=1 ORDER BY time_ms, id")
            .map_err(self.err("read the card's history"))?;
        let rows = stmt
            .query_map(params![learner, deck, card], |r| Ok((from_ms(r.get(0)?), r.get::<_, i64>(1)?)))
            .map_err(self.err("read the card's history"))?;
        let mut out = Vec::new();
        for r in rows {
            let (t, g) = r.map_err(self.err("read the card's history"))?;
            if let Some(g) = Grade::from_number(g) {
                out.push((t, g));
            }
        }
        Ok(out)
    }
}

/// A card studied elsewhere: its id, answers (time, grade, duration in ms)
/// and the state computed from them.
#[derive(Debug, Clone)]
pub struct ImportedCard {
    pub card: String,
    pub answers: Vec<(DateTime<Utc>, Grade, i64)>,
    pub state: CardState,
}

/// A flagged card: learner, deck, card, when.
pub type Flag = (String, String, String, DateTime<Utc>);

/// Today's numbers for one deck.
#[derive(Debug, Clone, Default)]
pub struct Today {
    pub new_done: u32,
    pub reviews_done: u32,
    pub answered: HashSet<String>,
    pub skipped: HashSet<String>,
}

fn upsert_card(
    tx: &rusqlite::Transaction<'_>,
    learner: &str,
    deck: &str,
    card: &str,
    s: &CardState,
    leech: bool,
) -> rusqlite::Result<usize> {
    let p = state_params(s);
    tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO cards (learner, deck, card, {STATE_COLS}, leech)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(rusqlite::params![learner, deck, card, p.0, p.1, p.2, p.3, p.4, p.5, p.6, p.7, p.8, leech])
}

/// Refuses a file that exists but is not an SQLite database, before SQLite
/// (which would happily write a journal next to it) touches it.
fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::Io { action: "open it", path: path.to_path_buf(), source: e }),
    };
    let mut head = [0u8; 100];
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(StoreError::Io { action: "read it", path: path.to_path_buf(), source: e }),
        }
    }
    if n == 0 {
        return Ok(());
    }
    if n < 100 || &head[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotADatabase { path: path.to_path_buf() });
    }
    Ok(())
}

fn classify(path: &Path, action: &'static str, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match e.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => StoreError::NotADatabase { path: path.to_path_buf() },
        _ => StoreError::Sqlite { action, path: path.to_path_buf(), source: e },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Scheduler, Settings};

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn record_then_undo_restores_exactly() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Io { action: "tmp", path: PathBuf::new(), source: e })?;
        let mut store = Store::open(&dir.path().join("p/learn.db"))?;
        let s = Scheduler::new(Settings { fuzz: false, ..Settings::default() })
            .map_err(|_| StoreError::NotADatabase { path: PathBuf::new() })?;
        let before = CardState::new(now());
        let after = s.review(&before, Grade::Good, now(), "k");
        let review = NewReview {
            learner: "lan",
            deck: "d",
            card: "c",
            time: now(),
            mode: Mode::Run,
            grade: Grade::Good,
            correct: true,
            answer: "",
            duration_ms: 1200,
            before: &before,
            after: Some(&after),
            leech: false,
        };
        let id1 = store.record(&review)?;
        assert_eq!(store.states("lan", "d")?.get("c").map(|x| x.0.clone()), Some(after.clone()));
        let later = after.due;
        let after2 = s.review(&after, Grade::Again, later, "k");
        let id2 = store.record(&NewReview {
            time: later,
            grade: Grade::Again,
            correct: false,
            before: &after,
            after: Some(&after2),
            ..review.clone()
        })?;
        assert_eq!(store.missed("lan", now())?, vec![("d".to_string(), "c".to_string())]);
        store.undo(id2)?;
        assert_eq!(store.states("lan", "d")?.get("c").map(|x| x.0.clone()), Some(after.clone()));
        assert!(store.missed("lan", now())?.is_empty());
        // Replaying the log gives the cached state.
        let replayed = crate::schedule::replay(&s, &store.history("lan", "d", "c")?, "k", now());
        assert_eq!(replayed, after);
        store.undo(id1)?;
        assert!(store.states("lan", "d")?.is_empty());
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// For any answer history (with undos), the cached state equals the
        /// replay of the log.
        #[test]
        fn replaying_the_log_gives_the_cached_state(
            steps in proptest::collection::vec((1u8..=4, 0i64..40 * 86_400, proptest::bool::ANY), 1..15)
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("learn.db")).unwrap();
            let s = Scheduler::new(Settings::default()).unwrap();
            let mut state = CardState::new(now());
            let mut t = now();
            let mut ids: Vec<(i64, CardState)> = Vec::new();
            for (g, gap, undo) in steps {
                t += chrono::Duration::seconds(gap);
                let grade = Grade::from_number(g as i64).unwrap();
                let after = s.review(&state, grade, t, "d/c");
                let id = store.record(&NewReview {
                    learner: "l", deck: "d", card: "c", time: t, mode: Mode::Run, grade, correct: grade.is_pass(),
                    answer: "", duration_ms: 0, before: &state, after: Some(&after), leech: false,
                }).unwrap();
                if undo {
                    store.undo(id).unwrap();
                } else {
                    ids.push((id, state.clone()));
                    state = after;
                }
            }
            let cached = store.states("l", "d").unwrap().get("c").map(|x| x.0.clone());
            let replayed = crate::schedule::replay(&s, &store.history("l", "d", "c").unwrap(), "d/c", now());
            if ids.is_empty() {
                proptest::prop_assert!(cached.is_none());
            } else {
                proptest::prop_assert_eq!(cached, Some(replayed.clone()));
                proptest::prop_assert_eq!(replayed, state);
            }
        }
    }

    #[test]
    fn garbage_and_newer_files_are_refused_untouched() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Io { action: "tmp", path: PathBuf::new(), source: e })?;
        let bad = dir.path().join("bad.db");
        std::fs::write(
            &bad,
            b"this is not a database at all, but it is long enough to pass the size check for sure ......",
        )
        .ok();
        let before = std::fs::read(&bad).ok();
        assert!(matches!(Store::open(&bad), Err(StoreError::NotADatabase { .. })));
        assert_eq!(std::fs::read(&bad).ok(), before);
        let newer = dir.path().join("newer.db");
        {
            let c = Connection::open(&newer).map_err(|e| classify(&newer, "t", e))?;
            c.pragma_update(None, "user_version", 99).map_err(|e| classify(&newer, "t", e))?;
        }
        let before = std::fs::read(&newer).ok();
        assert!(matches!(Store::open(&newer), Err(StoreError::Newer { found: 99, .. })));
        assert_eq!(std::fs::read(&newer).ok(), before);
        Ok(())
    }
}
