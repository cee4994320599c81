//! The queries of `learn stats` and `learn optimize`: the review log read
//! as statistics need it (streamed, a million rows in one pass), each
//! card's history for the optimiser, and the fitted FSRS parameters.

use crate::i18n::msg;
use rusqlite::types::{ToSql, ValueRef};
use rusqlite::{Row, TransactionBehavior, params};

use super::sql::{from_ms, ms};
use super::{Store, classify};
use crate::schedule::{Grade, State};
use crate::store::{AnswerGroup, CardLog, FittedParameters, GroupKind, LogAnswer, StoreError};

/// Schema version 3: FSRS parameters fitted by `learn optimize`, per
/// learner and deck (`deck` is a progress key, or '' for every deck;
/// `weights` holds the 21 numbers separated by spaces); and the answer
/// tallies of `learn stats`.
///
/// `review_tally` counts the answers of the review log (imported ones
/// aside) by learner, deck, 15-minute slot of UTC time and kind: 0
/// learning, 1 review of a young card (interval under 21 days), 2 review of
/// a mature card, 3 relearning, 4 practice (quiz, or a drill that left the
/// schedule alone). Every time zone is a whole number of quarter hours from
/// UTC, so study days (in any zone, from any hour) are sums of whole slots.
/// Triggers keep it in step with the log in the same transaction as each
/// answer, undo and move, so `learn stats` reads a few thousand rows where
/// the log has a million.
/// The tally kind of a log row; `$r` is the row's prefix (`NEW.`, `OLD.`
/// or nothing).
macro_rules! tally_kind {
    ($r:literal) => {
        concat!(
            "CASE WHEN ",
            $r,
            "rescheduled = 0 THEN 4 WHEN ",
            $r,
            "b_state = 'review' AND ",
            $r,
            "b_scheduled_days >= 21 THEN 2 WHEN ",
            $r,
            "b_state = 'review' THEN 1 WHEN ",
            $r,
            "b_state = 'relearning' THEN 3 ELSE 0 END"
        )
    };
}

/// Counts the new log row in its slot.
macro_rules! tally_add {
    () => {
        concat!(
            "INSERT INTO review_tally (learner, deck, slot, kind, answers, duration_ms, correct, again)
    VALUES (NEW.learner, NEW.deck, NEW.time_ms / 900000, ",
            tally_kind!("NEW."),
            ",
            1, max(NEW.duration_ms, 0), NEW.correct <> 0, NEW.rating = 1)
    ON CONFLICT (learner, deck, slot, kind) DO UPDATE SET
        answers = answers + 1, duration_ms = duration_ms + excluded.duration_ms,
        correct = correct + excluded.correct, again = again + excluded.again;
"
        )
    };
}

/// Takes the old log row out of its slot (and an emptied slot away).
macro_rules! tally_remove {
    () => {
        concat!(
            "UPDATE review_tally SET answers = answers - 1, duration_ms = duration_ms - max(OLD.duration_ms, 0),
        correct = correct - (OLD.correct <> 0), again = again - (OLD.rating = 1)
    WHERE learner = OLD.learner AND deck = OLD.deck AND slot = OLD.time_ms / 900000
      AND kind = ",
            tally_kind!("OLD."),
            ";
    DELETE FROM review_tally
    WHERE learner = OLD.learner AND deck = OLD.deck AND slot = OLD.time_ms / 900000 AND answers <= 0;
"
        )
    };
}

pub(super) const SCHEMA_V3: &str = concat!(
    "
CREATE TABLE parameters (
    learner TEXT NOT NULL, deck TEXT NOT NULL, weights TEXT NOT NULL, fitted_ms INTEGER NOT NULL,
    reviews INTEGER NOT NULL, log_loss REAL NOT NULL, rmse_bins REAL NOT NULL,
    default_log_loss REAL NOT NULL, default_rmse_bins REAL NOT NULL,
    PRIMARY KEY (learner, deck)
) WITHOUT ROWID;
CREATE TABLE review_tally (
    learner TEXT NOT NULL, deck TEXT NOT NULL, slot INTEGER NOT NULL, kind INTEGER NOT NULL,
    answers INTEGER NOT NULL, duration_ms INTEGER NOT NULL, correct INTEGER NOT NULL, again INTEGER NOT NULL,
    PRIMARY KEY (learner, deck, slot, kind)
) WITHOUT ROWID;
CREATE TRIGGER review_tally_insert AFTER INSERT ON reviews WHEN NEW.mode <> 'import' BEGIN
    ",
    tally_add!(),
    "END;
CREATE TRIGGER review_tally_delete AFTER DELETE ON reviews WHEN OLD.mode <> 'import' BEGIN
    ",
    tally_remove!(),
    "END;
CREATE TRIGGER review_tally_move AFTER UPDATE OF learner, deck ON reviews WHEN OLD.mode <> 'import' BEGIN
    ",
    tally_remove!(),
    "    ",
    tally_add!(),
    "END;
INSERT INTO review_tally (learner, deck, slot, kind, answers, duration_ms, correct, again)
SELECT learner, deck, time_ms / 900000, ",
    tally_kind!(""),
    ",
       count(*), sum(max(duration_ms, 0)), sum(correct <> 0), sum(rating = 1)
FROM reviews WHERE mode <> 'import' GROUP BY 1, 2, 3, 4;
"
);

/// Milliseconds in a tally slot.
const SLOT_MS: i64 = 900_000;

/// The columns [`answer_at`] reads, in order.
const ANSWER_COLS: &str = "time_ms, rating, correct, duration_ms, b_state, rescheduled, b_scheduled_days, mode";

/// `AND deck IN (?2, ?3, ...)` for the decks given (parameter 1 is the learner).
fn deck_filter(decks: Option<&[&str]>) -> String {
    match decks {
        None => String::new(),
        Some(d) => {
            let marks: Vec<String> = (0..d.len()).map(|i| format!("?{}", i + 2)).collect();
            format!(" AND deck IN ({})", if marks.is_empty() { "NULL".to_string() } else { marks.join(", ") })
        }
    }
}

/// The learner and the deck names as parameters 1, 2, 3, ...
fn learner_and_decks<'a>(learner: &'a &'a str, decks: Option<&'a [&'a str]>) -> Vec<&'a dyn ToSql> {
    let mut p: Vec<&dyn ToSql> = vec![learner as &dyn ToSql];
    if let Some(d) = decks {
        p.extend(d.iter().map(|s| s as &dyn ToSql));
    }
    p
}

/// Reads the [`ANSWER_COLS`] starting at column `at`.
fn answer_at(r: &Row<'_>, at: usize) -> rusqlite::Result<LogAnswer> {
    let rating: i64 = r.get(at + 1)?;
    let grade = Grade::from_number(rating).ok_or_else(|| rusqlite::Error::IntegralValueOutOfRange(at + 1, rating))?;
    let imported = matches!(r.get_ref(at + 7)?, ValueRef::Text(b"import"));
    let state = match r.get_ref(at + 4)? {
        _ if imported => None,
        ValueRef::Text(s) => std::str::from_utf8(s).ok().and_then(State::from_name),
        _ => None,
    };
    let interval: i64 = r.get::<_, Option<i64>>(at + 6)?.unwrap_or(0);
    Ok(LogAnswer {
        time: from_ms(r.get(at)?),
        grade,
        correct: r.get(at + 2)?,
        duration_ms: r.get(at + 3)?,
        state,
        scheduled: imported || r.get::<_, bool>(at + 5)?,
        interval_days: if imported { 0 } else { u32::try_from(interval.max(0)).unwrap_or(u32::MAX) },
    })
}

impl Store {
    /// The answers `learner` gave here (in `decks`, when given), imported
    /// ones aside, counted by quarter hour and kind (`review_tally`), handed
    /// to `f` in no particular order.
    pub fn answer_groups_with(
        &self,
        learner: &str,
        decks: Option<&[&str]>,
        mut f: impl FnMut(&AnswerGroup),
    ) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT slot, kind, answers, duration_ms, correct, again FROM review_tally WHERE learner = ?1{}",
            deck_filter(decks)
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err(msg!("read the review log")))?;
        let mut rows =
            stmt.query(learner_and_decks(&learner, decks).as_slice()).map_err(self.err(msg!("read the review log")))?;
        let count = |v: i64| u64::try_from(v).unwrap_or(0);
        while let Some(r) = rows.next().map_err(self.err(msg!("read the review log")))? {
            let group = (|| -> rusqlite::Result<AnswerGroup> {
                let kind = match r.get::<_, i64>(1)? {
                    0 => GroupKind::Learn,
                    1 => GroupKind::YoungReview,
                    2 => GroupKind::MatureReview,
                    3 => GroupKind::Relearn,
                    _ => GroupKind::Practice,
                };
                Ok(AnswerGroup {
                    start: from_ms(r.get::<_, i64>(0)?.saturating_mul(SLOT_MS)),
                    kind,
                    answers: count(r.get(2)?),
                    duration_ms: r.get(3)?,
                    correct: count(r.get(4)?),
                    again: count(r.get(5)?),
                })
            })()
            .map_err(self.err(msg!("read the review log")))?;
            f(&group);
        }
        Ok(())
    }

    /// The answers `learner` brought in from another tool (in `decks`, when
    /// given), card by card, oldest first.
    pub fn imported_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError> {
        self.card_logs(learner, decks, "mode = 'import'")
    }

    /// The answers that count for memory (schedule-changing or imported),
    /// card by card, oldest first: what the optimiser learns from.
    pub fn memory_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError> {
        self.card_logs(learner, decks, "(rescheduled = 1 OR mode = 'import')")
    }

    fn card_logs(&self, learner: &str, decks: Option<&[&str]>, which: &str) -> Result<Vec<CardLog>, StoreError> {
        let sql = format!(
            "SELECT deck, card, {ANSWER_COLS} FROM reviews WHERE learner = ?1 AND {which}{}
             ORDER BY deck, card, time_ms, id",
            deck_filter(decks)
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.err(msg!("read the review log")))?;
        let mut rows =
            stmt.query(learner_and_decks(&learner, decks).as_slice()).map_err(self.err(msg!("read the review log")))?;
        let mut out: Vec<CardLog> = Vec::new();
        while let Some(r) = rows.next().map_err(self.err(msg!("read the review log")))? {
            let text = |i: usize| -> rusqlite::Result<&str> {
                match r.get_ref(i)? {
                    ValueRef::Text(s) => std::str::from_utf8(s).map_err(|e| rusqlite::Error::Utf8Error(i, e)),
                    _ => Err(rusqlite::Error::InvalidColumnType(i, "deck or card".into(), rusqlite::types::Type::Null)),
                }
            };
            let (deck, card) = (
                text(0).map_err(self.err(msg!("read the review log")))?,
                text(1).map_err(self.err(msg!("read the review log")))?,
            );
            let answer = answer_at(r, 2).map_err(self.err(msg!("read the review log")))?;
            match out.last_mut() {
                Some(last) if last.deck == deck && last.card == card => last.answers.push(answer),
                _ => out.push(CardLog { deck: deck.to_string(), card: card.to_string(), answers: vec![answer] }),
            }
        }
        Ok(out)
    }

    /// Every set of parameters fitted to `learner`.
    pub fn fitted_parameters(&self, learner: &str) -> Result<Vec<FittedParameters>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT learner, deck, weights, fitted_ms, reviews, log_loss, rmse_bins, default_log_loss,
                        default_rmse_bins FROM parameters WHERE learner = ?1 ORDER BY deck",
            )
            .map_err(self.err(msg!("read fitted parameters")))?;
        let rows = stmt
            .query_map(params![learner], |r| {
                let weights: String = r.get(2)?;
                let weights = parse_weights(&weights).ok_or_else(|| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        "not 21 finite numbers".into(),
                    )
                })?;
                let deck: String = r.get(1)?;
                Ok(FittedParameters {
                    learner: r.get(0)?,
                    deck: Some(deck).filter(|d| !d.is_empty()),
                    weights,
                    fitted_at: from_ms(r.get(3)?),
                    reviews: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
                    log_loss: r.get(5)?,
                    rmse_bins: r.get(6)?,
                    default_log_loss: r.get(7)?,
                    default_rmse_bins: r.get(8)?,
                })
            })
            .map_err(self.err(msg!("read fitted parameters")))?;
        rows.collect::<Result<_, _>>().map_err(self.err(msg!("read fitted parameters")))
    }

    /// Saves fitted parameters (replacing what was fitted for the same
    /// learner and deck), all in one transaction.
    pub fn save_parameters(&mut self, sets: &[FittedParameters]) -> Result<(), StoreError> {
        self.still_there()?;
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(e(msg!("start saving the parameters")))?;
        {
            let mut stmt = tx
                .prepare(
                    "INSERT OR REPLACE INTO parameters (learner, deck, weights, fitted_ms, reviews, log_loss, rmse_bins,
                        default_log_loss, default_rmse_bins) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(e(msg!("save the parameters")))?;
            for p in sets {
                let weights: Vec<String> = p.weights.iter().map(f32::to_string).collect();
                stmt.execute(params![
                    p.learner,
                    p.deck.as_deref().unwrap_or(""),
                    weights.join(" "),
                    ms(p.fitted_at),
                    i64::try_from(p.reviews).unwrap_or(i64::MAX),
                    p.log_loss,
                    p.rmse_bins,
                    p.default_log_loss,
                    p.default_rmse_bins
                ])
                .map_err(e(msg!("save the parameters")))?;
            }
        }
        tx.commit().map_err(e(msg!("commit the parameters")))
    }

    /// Forgets the parameters fitted to `learner` for `decks` (`None`:
    /// every set, the learner-wide one included); how many sets went.
    pub fn forget_parameters(&mut self, learner: &str, decks: Option<&[&str]>) -> Result<usize, StoreError> {
        self.still_there()?;
        let sql = format!("DELETE FROM parameters WHERE learner = ?1{}", deck_filter(decks));
        self.conn
            .execute(&sql, learner_and_decks(&learner, decks).as_slice())
            .map_err(self.err(msg!("forget the fitted parameters")))
    }
}

/// 21 finite numbers separated by spaces.
fn parse_weights(s: &str) -> Option<Vec<f32>> {
    let w: Vec<f32> =
        s.split_whitespace().map(|x| x.parse::<f32>().ok().filter(|v| v.is_finite())).collect::<Option<_>>()?;
    (w.len() == 21).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use crate::schedule::{CardState, Grade, Scheduler, Settings};
    use crate::store::{
        AnswerGroup, FittedParameters, GroupKind, ImportedAnswer, ImportedCard, Mode, NewReview, StoreError,
    };
    use chrono::{DateTime, Duration, Utc};
    use rusqlite::Connection;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_772_352_000, 0).unwrap_or_default()
    }

    /// The answer groups of `learner`, in time order.
    fn groups(store: &Store, learner: &str, decks: Option<&[&str]>) -> Result<Vec<AnswerGroup>, StoreError> {
        let mut out = Vec::new();
        store.answer_groups_with(learner, decks, |g| out.push(*g))?;
        out.sort_by_key(|g| (g.start, g.kind as u8));
        Ok(out)
    }

    /// The tally as a recount of the log would make it.
    /// A tally row: learner, deck, slot, kind, answers, duration, correct, again.
    type TallyRow = (String, String, i64, i64, i64, i64, i64, i64);

    fn recount(store: &Store) -> Result<Vec<TallyRow>, rusqlite::Error> {
        let sql = |table_is_log: bool| {
            if table_is_log {
                "SELECT learner, deck, time_ms / 900000,
                   CASE WHEN rescheduled = 0 THEN 4 WHEN b_state = 'review' AND b_scheduled_days >= 21 THEN 2
                        WHEN b_state = 'review' THEN 1 WHEN b_state = 'relearning' THEN 3 ELSE 0 END,
                   count(*), sum(max(duration_ms, 0)), sum(correct <> 0), sum(rating = 1)
                 FROM reviews WHERE mode <> 'import' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
            } else {
                "SELECT learner, deck, slot, kind, answers, duration_ms, correct, again
                 FROM review_tally ORDER BY 1, 2, 3, 4"
            }
        };
        let read = |q: &str| -> Result<Vec<_>, rusqlite::Error> {
            let mut stmt = store.conn.prepare(q)?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })?;
            rows.collect()
        };
        let log = read(sql(true))?;
        let tally = read(sql(false))?;
        assert_eq!(tally, log, "the tally is the log counted");
        Ok(tally)
    }

    /// Answers `grades` to card `card` a day apart, in `mode`.
    fn study(store: &mut Store, deck: &str, card: &str, mode: Mode, grades: &[Grade]) -> TestResult {
        let s = Scheduler::new(Settings { fuzz: false, ..Settings::default() })?;
        let mut state = CardState::new(t0());
        for (i, g) in grades.iter().enumerate() {
            let t = t0() + Duration::days(i64::try_from(i)?);
            let after = s.review(&state, *g, t, card);
            let reschedule = mode != Mode::Quiz;
            store.record(&NewReview {
                learner: "lan",
                deck,
                card,
                time: t,
                mode,
                grade: *g,
                correct: g.is_pass(),
                answer: "",
                duration_ms: 1000 * i64::try_from(i + 1)?,
                before: &state,
                after: reschedule.then_some(&after),
                leech: false,
            })?;
            if reschedule {
                state = after;
            }
        }
        Ok(())
    }

    #[test]
    fn answers_are_counted_by_quarter_hour_and_kind() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("learn.db"))?;
        study(&mut store, "a", "c1", Mode::Run, &[Grade::Good, Grade::Good, Grade::Again])?;
        study(&mut store, "b", "c2", Mode::Quiz, &[Grade::Easy])?;
        let t = t0() - Duration::days(30);
        let imported = ImportedCard {
            card: "old".into(),
            answers: vec![
                ImportedAnswer { time: t, grade: Grade::Good, duration_ms: 10 },
                ImportedAnswer { time: t + Duration::days(3), grade: Grade::Hard, duration_ms: 20 },
            ],
            state: CardState::new(t),
        };
        store.import_progress("lan", "a", &[imported])?;
        let day = |n| t0() + Duration::days(n);
        let group = |n, kind, duration_ms, correct, again| AnswerGroup {
            start: day(n),
            kind,
            answers: 1,
            duration_ms,
            correct,
            again,
        };
        // Imported answers are left out; the quiz answer is practice; the
        // third answer is a review of a young card, failed.
        assert_eq!(
            groups(&store, "lan", None)?,
            vec![
                group(0, GroupKind::Learn, 1000, 1, 0),
                group(0, GroupKind::Practice, 1000, 1, 0),
                group(1, GroupKind::Learn, 2000, 1, 0),
                group(2, GroupKind::YoungReview, 3000, 0, 1),
            ]
        );
        assert_eq!(groups(&store, "lan", Some(&["b"]))?, vec![group(0, GroupKind::Practice, 1000, 1, 0)]);
        assert!(groups(&store, "lan", Some(&[]))?.is_empty());
        assert!(groups(&store, "somebody", None)?.is_empty());

        let imported = store.imported_logs("lan", None)?;
        assert_eq!(imported.len(), 1);
        assert_eq!((imported[0].deck.as_str(), imported[0].card.as_str()), ("a", "old"));
        assert!(imported[0].answers.iter().all(|a| a.state.is_none() && a.scheduled));

        // The optimiser reads every card's schedule-changing and imported
        // answers, oldest first; the quiz answer does not count.
        let logs = store.memory_logs("lan", None)?;
        let shape: Vec<(&str, usize)> = logs.iter().map(|l| (l.card.as_str(), l.answers.len())).collect();
        assert_eq!(shape, vec![("c1", 3), ("old", 2)]);
        assert!(logs[0].answers.windows(2).all(|w| w[0].time <= w[1].time));
        Ok(())
    }

    #[test]
    fn the_tally_follows_answers_undos_and_moved_progress() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("learn.db"))?;
        study(&mut store, "a", "c1", Mode::Run, &[Grade::Good, Grade::Good, Grade::Again, Grade::Good])?;
        study(&mut store, "a", "c2", Mode::Run, &[Grade::Hard, Grade::Again])?;
        study(&mut store, "b", "c1", Mode::Quiz, &[Grade::Easy, Grade::Again])?;
        assert_eq!(recount(&store)?.iter().map(|r| r.4).sum::<i64>(), 8);
        // Undo the last answer of each card: the tally loses exactly those.
        let ids: Vec<i64> = {
            let mut stmt = store.conn.prepare("SELECT max(id) FROM reviews GROUP BY deck, card")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        for id in ids {
            store.undo(id)?;
        }
        let rows = recount(&store)?;
        assert_eq!(rows.iter().map(|r| r.4).sum::<i64>(), 5);
        assert!(rows.iter().all(|r| r.4 > 0), "no empty groups are kept: {rows:?}");
        // Progress moved to a shared key moves its counts with it.
        assert!(store.adopt_progress("a", "shared")?);
        let rows = recount(&store)?;
        assert!(rows.iter().all(|r| r.1 != "a"));
        assert_eq!(groups(&store, "lan", Some(&["shared"]))?.iter().map(|g| g.answers).sum::<u64>(), 4);
        Ok(())
    }

    fn fitted(deck: Option<&str>, w: f32) -> FittedParameters {
        FittedParameters {
            learner: "lan".into(),
            deck: deck.map(str::to_string),
            weights: vec![w; 21],
            fitted_at: t0(),
            reviews: 500,
            log_loss: 0.3,
            rmse_bins: 0.04,
            default_log_loss: 0.35,
            default_rmse_bins: 0.06,
        }
    }

    #[test]
    fn fitted_parameters_are_saved_replaced_and_forgotten() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("learn.db"))?;
        store.save_parameters(&[fitted(None, 0.5), fitted(Some("a"), 0.25)])?;
        store.save_parameters(&[fitted(Some("a"), 0.75)])?;
        let got = store.fitted_parameters("lan")?;
        assert_eq!(got, vec![fitted(None, 0.5), fitted(Some("a"), 0.75)]);
        assert!(store.fitted_parameters("binh")?.is_empty());
        assert_eq!(store.forget_parameters("lan", Some(&["a"]))?, 1);
        assert_eq!(store.fitted_parameters("lan")?, vec![fitted(None, 0.5)]);
        assert_eq!(store.forget_parameters("lan", None)?, 1);
        assert!(store.fitted_parameters("lan")?.is_empty());
        Ok(())
    }

    #[test]
    fn a_damaged_parameter_row_is_an_error_not_a_schedule() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("learn.db");
        drop(Store::open(&path)?);
        Connection::open(&path)?
            .execute("INSERT INTO parameters VALUES ('lan', '', '1 2 3', 0, 1, 0.1, 0.1, 0.1, 0.1)", [])?;
        let store = Store::open(&path)?;
        let e = store.fitted_parameters("lan").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("read fitted parameters"), "{e}");
        Ok(())
    }

    /// A store as version 1 wrote it (no flag notes, no parameters), with an
    /// answer in it.
    fn v1_store(path: &std::path::Path) -> TestResult {
        let c = Connection::open(path)?;
        c.execute_batch(super::super::schema::SCHEMA_V1)?;
        c.execute_batch(
            "INSERT INTO reviews (learner, deck, card, time_ms, mode, rating, correct, answer, duration_ms,
                rescheduled, b_state, b_due_ms, b_reps, b_lapses, b_scheduled_days)
             VALUES ('lan', 'd', 'c', 1772352000000, 'run', 3, 1, '', 1000, 0, 'new', 0, 0, 0, 0);
             INSERT INTO flags VALUES ('lan', 'd', 'c', 0);
             PRAGMA user_version = 1;",
        )?;
        Ok(())
    }

    #[test]
    fn a_version_1_store_migrates_to_the_current_schema_after_a_backup() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("learn.db");
        v1_store(&path)?;
        let mut store = Store::open(&path)?;
        assert_eq!(store.query_version()?, super::super::SCHEMA_VERSION);
        // The copy taken first is the old store, untouched.
        let backup = Connection::open(dir.path().join("learn.db.v1.bak"))?;
        assert_eq!(backup.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?, 1);
        assert_eq!(backup.query_row("SELECT count(*) FROM reviews", [], |r| r.get::<_, i64>(0))?, 1);
        // The answer and the flag survived; the new tables work.
        // The tally was built from the answers already there.
        assert_eq!(groups(&store, "lan", None)?.len(), 1);
        assert_eq!(recount(&store)?.len(), 1);
        assert_eq!(store.flags()?.len(), 1);
        assert_eq!(store.flags()?[0].note, "");
        store.save_parameters(&[fitted(None, 0.5)])?;
        assert_eq!(store.fitted_parameters("lan")?.len(), 1);
        Ok(())
    }

    #[test]
    fn an_old_store_opened_by_several_at_once_migrates_once_and_keeps_its_backup() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("learn.db");
        v1_store(&path)?;
        let opened: Vec<Result<i64, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| Store::open(&path).and_then(|st| st.query_version()).map_err(|e| e.to_string())))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("panicked".into()))).collect()
        });
        assert!(opened.iter().all(|v| v.as_ref().ok() == Some(&3)), "{opened:?}");
        let backup = Connection::open(dir.path().join("learn.db.v1.bak"))?;
        assert_eq!(backup.query_row("SELECT count(*) FROM reviews", [], |r| r.get::<_, i64>(0))?, 1);
        let left: Vec<_> = std::fs::read_dir(dir.path())?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.ends_with(".partial"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let store = Store::open(&path)?;
        assert_eq!(groups(&store, "lan", None)?.len(), 1, "the tally was built once");
        Ok(())
    }

    #[test]
    fn a_version_2_store_gains_the_parameters_table_and_keeps_its_data() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("learn.db");
        v1_store(&path)?;
        {
            let c = Connection::open(&path)?;
            c.execute_batch(super::super::schema::SCHEMA_V2)?;
            c.execute_batch("UPDATE flags SET note = 'typo'; PRAGMA user_version = 2;")?;
        }
        let mut store = Store::open(&path)?;
        assert_eq!(store.query_version()?, 3);
        assert!(dir.path().join("learn.db.v2.bak").exists());
        assert_eq!(store.flags()?[0].note, "typo");
        store.save_parameters(&[fitted(Some("d"), 0.5)])?;
        drop(store);
        // Opening again migrates nothing and keeps what was saved.
        let store = Store::open(&path)?;
        assert_eq!(store.fitted_parameters("lan")?, vec![fitted(Some("d"), 0.5)]);
        Ok(())
    }
}
