//! The review log: recording answers (one transaction each), undo, and the
//! queries over the log (today's counts, missed cards, history, export).

use crate::i18n::msg;
use chrono::{DateTime, Utc};
use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::sql::{
    ModeName, Rating, STATE_COLS, StateName, from_ms, has_leech_mark, ms, state_at, state_params, upsert_card,
};
use super::{Store, classify};
use crate::schedule::{CardState, Grade, State};
use crate::store::{NewReview, ReviewRow, StoreError, Today};

const INSERT_REVIEW: &str = "INSERT INTO reviews (learner, deck, card, time_ms, mode, rating, correct, answer,
        duration_ms, rescheduled, leech,
        b_state, b_step, b_stability, b_difficulty, b_due_ms, b_last_review_ms, b_reps, b_lapses, b_scheduled_days,
        a_state, a_step, a_stability, a_difficulty, a_due_ms, a_last_review_ms, a_reps, a_lapses, a_scheduled_days)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
             ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)";

impl Store {
    /// Records one answer and, when it reschedules, the card's new state —
    /// both in one transaction, committed before this returns.
    pub fn record(&mut self, r: &NewReview<'_>) -> Result<i64, StoreError> {
        self.record_batch(std::slice::from_ref(r))
    }

    /// Records several answers in one transaction (imports, generators);
    /// returns the id of the last.
    pub fn record_batch(&mut self, reviews: &[NewReview<'_>]) -> Result<i64, StoreError> {
        self.still_there()?;
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(e(msg!("start saving the answer")))?;
        let id = insert_reviews(&tx, reviews).map_err(e(msg!("save the answer")))?;
        tx.commit().map_err(e(msg!("commit the answer")))?;
        Ok(id)
    }

    /// Records one answer from the card's state as stored now. When another
    /// session changed the card since this one read it, `reschedule`
    /// computes the new state from the stored one, so the cached state
    /// stays the replay of the log; that state is returned.
    pub fn record_fresh(
        &mut self,
        r: &NewReview<'_>,
        reschedule: &dyn Fn(&CardState) -> CardState,
    ) -> Result<(i64, Option<CardState>), StoreError> {
        self.still_there()?;
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(e(msg!("start saving the answer")))?;
        let mut fresh = None;
        if r.after.is_some() {
            let stored = tx
                .query_row(
                    &format!("SELECT {STATE_COLS} FROM cards WHERE learner=?1 AND deck=?2 AND card=?3"),
                    params![r.learner, r.deck, r.card],
                    |row| state_at(row, 0),
                )
                .optional()
                .map_err(e(msg!("read card states")))?
                .flatten();
            let unchanged = match &stored {
                // The store keeps times to the millisecond.
                Some(s) => {
                    let at_ms = |c: &CardState| (ms(c.due), c.last_review.map(ms));
                    CardState { due: s.due, last_review: s.last_review, ..r.before.clone() } == *s
                        && at_ms(s) == at_ms(r.before)
                }
                None => r.before.state == State::New,
            };
            if !unchanged {
                let before = stored.unwrap_or_else(|| CardState::new(r.time));
                fresh = Some((before.clone(), reschedule(&before)));
            }
        }
        let id = match &fresh {
            Some((before, after)) => insert_reviews(&tx, &[NewReview { before, after: Some(after), ..*r }])
                .map_err(e(msg!("save the answer")))?,
            None => insert_reviews(&tx, std::slice::from_ref(r)).map_err(e(msg!("save the answer")))?,
        };
        tx.commit().map_err(e(msg!("commit the answer")))?;
        Ok((id, fresh.map(|(_, after)| after)))
    }

    /// Forgets one answer exactly: its row goes, and the card's cached state
    /// becomes the state after the latest answer left in the log (what it
    /// was before this one, unless another session answered the card since).
    pub fn undo(&mut self, review_id: i64) -> Result<(), StoreError> {
        self.still_there()?;
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(e(msg!("start the undo")))?;
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
                        r.get(3)?,
                        state_at(r, 4)?,
                    ))
                },
            )
            .optional()
            .map_err(e(msg!("find the answer to undo")))?;
        if let Some((learner, deck, card, rescheduled, before)) = row {
            tx.execute("DELETE FROM reviews WHERE id = ?1", [review_id]).map_err(e(msg!("delete the answer")))?;
            if rescheduled {
                let later: Option<Option<CardState>> = tx
                    .query_row(
                        "SELECT a_state, a_step, a_stability, a_difficulty, a_due_ms, a_last_review_ms, a_reps,
                                a_lapses, a_scheduled_days FROM reviews
                         WHERE learner=?1 AND deck=?2 AND card=?3 AND rescheduled=1 AND id > ?4
                         ORDER BY id DESC LIMIT 1",
                        params![learner, deck, card, review_id],
                        |r| state_at(r, 0),
                    )
                    .optional()
                    .map_err(e(msg!("restore the card state")))?;
                // A later answer (from another session) stays in force.
                let state = match later {
                    Some(after) => after,
                    None => before,
                };
                restore(&tx, (&learner, &deck, &card), state).map_err(e(msg!("restore the card state")))?;
            }
        }
        tx.commit().map_err(e(msg!("commit the undo")))
    }

    /// New cards introduced and reviews done today (schedule-changing answers
    /// since `day_start`), and the cards answered today.
    pub fn today(&self, learner: &str, deck: &str, day_start: DateTime<Utc>) -> Result<Today, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT card, b_state, rescheduled FROM reviews WHERE learner=?1 AND deck=?2 AND time_ms >= ?3",
            )
            .map_err(self.err(msg!("read today's answers")))?;
        let rows = stmt
            .query_map(params![learner, deck, ms(day_start)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, StateName>(1)?, r.get::<_, bool>(2)?))
            })
            .map_err(self.err(msg!("read today's answers")))?;
        let mut t = Today::default();
        for row in rows {
            let (card, StateName(before), rescheduled) = row.map_err(self.err(msg!("read today's answers")))?;
            if rescheduled {
                match before {
                    State::New => t.new_done += 1,
                    State::Review => t.reviews_done += 1,
                    _ => {}
                }
                t.answered.insert(card);
            }
        }
        let mut skips = self
            .conn
            .prepare_cached("SELECT card FROM skips WHERE learner=?1 AND deck=?2 AND until_ms > ?3")
            .map_err(self.err(msg!("read skipped cards")))?;
        let rows = skips
            .query_map(params![learner, deck, ms(day_start)], |r| r.get::<_, String>(0))
            .map_err(self.err(msg!("read skipped cards")))?;
        for r in rows {
            t.skipped.insert(r.map_err(self.err(msg!("read skipped cards")))?);
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
            .map_err(self.err(msg!("find missed cards")))?;
        let rows = stmt
            .query_map(params![learner, ms(since)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
            })
            .map_err(self.err(msg!("find missed cards")))?;
        let mut out = Vec::new();
        for r in rows {
            let (deck, card, correct) = r.map_err(self.err(msg!("find missed cards")))?;
            if !correct {
                out.push((deck, card));
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
            .map_err(self.err(msg!("read the review log")))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ReviewRow {
                    id: r.get(0)?,
                    learner: r.get(1)?,
                    deck: r.get(2)?,
                    card: r.get(3)?,
                    time: from_ms(r.get(4)?),
                    mode: r.get::<_, ModeName>(5)?.0,
                    grade: r.get::<_, Rating>(6)?.0,
                    correct: r.get(7)?,
                    answer: r.get(8)?,
                    duration_ms: r.get(9)?,
                    rescheduled: r.get(10)?,
                    before: state_at(r, 11)?.unwrap_or_else(|| CardState::new(from_ms(0))),
                    after: state_at(r, 20)?,
                })
            })
            .map_err(self.err(msg!("read the review log")))?;
        rows.collect::<Result<_, _>>().map_err(self.err(msg!("read the review log")))
    }

    /// The schedule-changing answers of one card, oldest first: what replay needs.
    pub fn history(&self, learner: &str, deck: &str, card: &str) -> Result<Vec<(DateTime<Utc>, Grade)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT time_ms, rating FROM reviews WHERE learner=?1 AND deck=?2 AND card=?3 AND rescheduled=1
                 ORDER BY time_ms, id",
            )
            .map_err(self.err(msg!("read the card's history")))?;
        let rows = stmt
            .query_map(params![learner, deck, card], |r| Ok((from_ms(r.get(0)?), r.get::<_, Rating>(1)?.0)))
            .map_err(self.err(msg!("read the card's history")))?;
        rows.collect::<Result<_, _>>().map_err(self.err(msg!("read the card's history")))
    }
}

/// Inserts reviews (and the new card states) inside an open transaction;
/// returns the id of the last.
pub(super) fn insert_reviews(tx: &rusqlite::Transaction<'_>, reviews: &[NewReview<'_>]) -> rusqlite::Result<i64> {
    let mut id = 0;
    let mut insert = tx.prepare_cached(INSERT_REVIEW)?;
    for r in reviews {
        let mode = ModeName(r.mode);
        let rating = Rating(r.grade);
        let head: [&dyn ToSql; 11] = [
            &r.learner,
            &r.deck,
            &r.card,
            &ms(r.time),
            &mode,
            &rating,
            &r.correct,
            &r.answer,
            &r.duration_ms,
            &r.after.is_some(),
            &r.leech,
        ];
        let before = state_params(Some(r.before));
        let after = state_params(r.after);
        let params: Vec<&dyn ToSql> =
            head.into_iter().chain(before.iter().chain(after.iter()).map(|b| b.as_ref() as &dyn ToSql)).collect();
        insert.execute(params.as_slice())?;
        id = tx.last_insert_rowid();
        if let Some(after) = r.after {
            let key = (r.learner, r.deck, r.card);
            let leech = r.leech || has_leech_mark(tx, key)?;
            upsert_card(tx, key, after, leech)?;
        }
    }
    Ok(id)
}

/// After an undo: the card's state as it was before the answer (or no row
/// at all when it was new), keeping a leech mark earned by other answers.
fn restore(tx: &rusqlite::Transaction<'_>, key: (&str, &str, &str), before: Option<CardState>) -> rusqlite::Result<()> {
    let (learner, deck, card) = key;
    match before {
        Some(b) if b.state != State::New => {
            let leech: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM reviews WHERE learner=?1 AND deck=?2 AND card=?3 AND leech=1)",
                params![learner, deck, card],
                |r| r.get(0),
            )?;
            upsert_card(tx, key, &b, leech)?;
        }
        _ => {
            tx.execute("DELETE FROM cards WHERE learner=?1 AND deck=?2 AND card=?3", params![learner, deck, card])?;
        }
    }
    Ok(())
}
