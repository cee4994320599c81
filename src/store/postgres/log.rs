//! The review log, the cached card states and the marks (flags, skips) in
//! PostgreSQL: the same rules as the SQLite backend (`sqlite/reviews.rs`,
//! `states.rs`, `marks.rs`), one transaction per write.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use postgres::types::ToSql;
use postgres::{GenericClient, Row, Statement};

use super::PgStore;
use crate::i18n::msg;
use crate::schedule::{CardState, Grade, State};
use crate::store::{CardRow, Flag, ImportedCard, Mode, NewReview, ReviewRow, StoreError, Today};

pub(super) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(super) fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A stored count as `u32` (the columns hold what this program wrote).
fn count(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// The nine columns of a card state, in this order.
pub(super) const STATE_COLS: &str =
    "state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, scheduled_days";

/// Reads the nine state columns starting at `at`; `None` when the state is NULL.
pub(super) fn state_at(row: &Row, at: usize) -> Result<Option<CardState>, postgres::Error> {
    let Some(name) = row.try_get::<_, Option<&str>>(at)? else { return Ok(None) };
    let Some(state) = State::from_name(name) else { return Ok(None) };
    Ok(Some(CardState {
        state,
        step: row.try_get::<_, Option<i64>>(at + 1)?.map(count),
        stability: row.try_get(at + 2)?,
        difficulty: row.try_get(at + 3)?,
        due: from_ms(row.try_get(at + 4)?),
        last_review: row.try_get::<_, Option<i64>>(at + 5)?.map(from_ms),
        reps: count(row.try_get(at + 6)?),
        lapses: count(row.try_get(at + 7)?),
        scheduled_days: count(row.try_get(at + 8)?),
    }))
}

/// A card state's nine values as SQL parameters (all NULL for `None`).
struct StateValues {
    state: Option<&'static str>,
    step: Option<i64>,
    stability: Option<f64>,
    difficulty: Option<f64>,
    due: Option<i64>,
    last: Option<i64>,
    reps: Option<i64>,
    lapses: Option<i64>,
    days: Option<i64>,
}

impl StateValues {
    fn of(s: Option<&CardState>) -> StateValues {
        StateValues {
            state: s.map(|s| s.state.name()),
            step: s.and_then(|s| s.step).map(i64::from),
            stability: s.and_then(|s| s.stability),
            difficulty: s.and_then(|s| s.difficulty),
            due: s.map(|s| ms(s.due)),
            last: s.and_then(|s| s.last_review).map(ms),
            reps: s.map(|s| i64::from(s.reps)),
            lapses: s.map(|s| i64::from(s.lapses)),
            days: s.map(|s| i64::from(s.scheduled_days)),
        }
    }

    fn refs(&self) -> [&(dyn ToSql + Sync); 9] {
        [
            &self.state,
            &self.step,
            &self.stability,
            &self.difficulty,
            &self.due,
            &self.last,
            &self.reps,
            &self.lapses,
            &self.days,
        ]
    }
}

const INSERT_REVIEW: &str = "INSERT INTO reviews (learner, deck, card, time_ms, mode, rating, correct, answer,
        duration_ms, rescheduled, leech,
        b_state, b_step, b_stability, b_difficulty, b_due_ms, b_last_review_ms, b_reps, b_lapses, b_scheduled_days,
        a_state, a_step, a_stability, a_difficulty, a_due_ms, a_last_review_ms, a_reps, a_lapses, a_scheduled_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
             $21, $22, $23, $24, $25, $26, $27, $28, $29) RETURNING id";

const UPSERT_CARD: &str = "INSERT INTO cards (learner, deck, card, state, step, stability, difficulty, due_ms,
        last_review_ms, reps, lapses, scheduled_days, leech)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (learner, deck, card) DO UPDATE SET state = excluded.state, step = excluded.step,
         stability = excluded.stability, difficulty = excluded.difficulty, due_ms = excluded.due_ms,
         last_review_ms = excluded.last_review_ms, reps = excluded.reps, lapses = excluded.lapses,
         scheduled_days = excluded.scheduled_days, leech = cards.leech OR excluded.leech";

/// [`UPSERT_CARD`] setting the leech mark exactly (an undo removes the mark
/// the undone answer earned).
const RESTORE_CARD: &str = "INSERT INTO cards (learner, deck, card, state, step, stability, difficulty, due_ms,
        last_review_ms, reps, lapses, scheduled_days, leech)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (learner, deck, card) DO UPDATE SET state = excluded.state, step = excluded.step,
         stability = excluded.stability, difficulty = excluded.difficulty, due_ms = excluded.due_ms,
         last_review_ms = excluded.last_review_ms, reps = excluded.reps, lapses = excluded.lapses,
         scheduled_days = excluded.scheduled_days, leech = excluded.leech";

const STORED_STATE: &str = "SELECT state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses,
        scheduled_days FROM cards WHERE learner=$1 AND deck=$2 AND card=$3 FOR UPDATE";

/// The statements of the answer path, prepared once per connection: an
/// answer then costs one round trip per statement.
#[derive(Default)]
pub(super) struct Statements(std::cell::RefCell<HashMap<&'static str, Statement>>);

impl Statements {
    fn get(&self, c: &mut impl GenericClient, sql: &'static str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.0.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = c.prepare(sql)?;
        self.0.borrow_mut().insert(sql, s.clone());
        Ok(s)
    }
}

/// Inserts reviews (and the new card states) in an open transaction; the
/// id of the last.
fn insert_reviews(
    tx: &mut impl GenericClient,
    stmts: &Statements,
    reviews: &[NewReview<'_>],
) -> Result<i64, postgres::Error> {
    let mut id = 0;
    let insert = stmts.get(tx, INSERT_REVIEW)?;
    for r in reviews {
        let time = ms(r.time);
        let mode = r.mode.name();
        let rating = i64::from(r.grade.number());
        let rescheduled = r.after.is_some();
        let head: [&(dyn ToSql + Sync); 11] = [
            &r.learner,
            &r.deck,
            &r.card,
            &time,
            &mode,
            &rating,
            &r.correct,
            &r.answer,
            &r.duration_ms,
            &rescheduled,
            &r.leech,
        ];
        let before = StateValues::of(Some(r.before));
        let after = StateValues::of(r.after);
        let params: Vec<&(dyn ToSql + Sync)> = head.into_iter().chain(before.refs()).chain(after.refs()).collect();
        id = tx.query_one(&insert, &params)?.try_get(0)?;
        if let Some(after) = r.after {
            upsert_card(tx, stmts, (r.learner, r.deck, r.card), after, r.leech, false)?;
        }
    }
    Ok(id)
}

/// Writes a card's cached state; a leech mark already there stays (once
/// earned, later answers and imports keep it, as Anki's leech tag).
fn upsert_card(
    tx: &mut impl GenericClient,
    stmts: &Statements,
    key: (&str, &str, &str),
    s: &CardState,
    leech: bool,
    exact: bool,
) -> Result<u64, postgres::Error> {
    let (learner, deck, card) = key;
    let v = StateValues::of(Some(s));
    let head: [&(dyn ToSql + Sync); 3] = [&learner, &deck, &card];
    let params: Vec<&(dyn ToSql + Sync)> =
        head.into_iter().chain(v.refs()).chain([&leech as &(dyn ToSql + Sync)]).collect();
    let upsert = stmts.get(tx, if exact { RESTORE_CARD } else { UPSERT_CARD })?;
    tx.execute(&upsert, &params)
}

impl PgStore {
    pub(super) fn record_batch(&mut self, reviews: &[NewReview<'_>]) -> Result<i64, StoreError> {
        let client = self.client.get_mut();
        let target = &self.target;
        let e = |action: &'static str| move |err| super::classify(target, action, err);
        let stmts = &self.stmts;
        let mut tx = client.transaction().map_err(e(msg!("start saving the answer")))?;
        let id = insert_reviews(&mut tx, stmts, reviews).map_err(e(msg!("save the answer")))?;
        tx.commit().map_err(e(msg!("commit the answer")))?;
        Ok(id)
    }

    pub(super) fn record_fresh(
        &mut self,
        r: &NewReview<'_>,
        reschedule: &dyn Fn(&CardState) -> CardState,
    ) -> Result<(i64, Option<CardState>), StoreError> {
        let client = self.client.get_mut();
        let target = &self.target;
        let e = |action: &'static str| move |err| super::classify(target, action, err);
        let stmts = &self.stmts;
        let mut tx = client.transaction().map_err(e(msg!("start saving the answer")))?;
        let stored_state = stmts.get(&mut tx, STORED_STATE).map_err(e(msg!("read card states")))?;
        let mut fresh = None;
        if r.after.is_some() {
            let stored = tx
                .query_opt(&stored_state, &[&r.learner, &r.deck, &r.card])
                .and_then(|row| row.map(|row| state_at(&row, 0)).transpose())
                .map_err(e(msg!("read card states")))?
                .flatten();
            let unchanged = match &stored {
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
            Some((before, after)) => insert_reviews(&mut tx, stmts, &[NewReview { before, after: Some(after), ..*r }]),
            None => insert_reviews(&mut tx, stmts, std::slice::from_ref(r)),
        }
        .map_err(e(msg!("save the answer")))?;
        tx.commit().map_err(e(msg!("commit the answer")))?;
        Ok((id, fresh.map(|(_, after)| after)))
    }

    pub(super) fn undo(&mut self, review_id: i64) -> Result<(), StoreError> {
        let client = self.client.get_mut();
        let target = &self.target;
        let e = |action: &'static str| move |err| super::classify(target, action, err);
        let mut tx = client.transaction().map_err(e(msg!("start the undo")))?;
        let row = tx
            .query_opt(
                "SELECT learner, deck, card, rescheduled, b_state, b_step, b_stability, b_difficulty, b_due_ms,
                        b_last_review_ms, b_reps, b_lapses, b_scheduled_days FROM reviews WHERE id = $1 FOR UPDATE",
                &[&review_id],
            )
            .map_err(e(msg!("find the answer to undo")))?;
        if let Some(row) = row {
            let (learner, deck, card, rescheduled, before) = (|| -> Result<_, postgres::Error> {
                Ok((
                    row.try_get::<_, String>(0)?,
                    row.try_get::<_, String>(1)?,
                    row.try_get::<_, String>(2)?,
                    row.try_get::<_, bool>(3)?,
                    state_at(&row, 4)?,
                ))
            })()
            .map_err(e(msg!("find the answer to undo")))?;
            tx.execute("DELETE FROM reviews WHERE id = $1", &[&review_id]).map_err(e(msg!("delete the answer")))?;
            if rescheduled {
                let later = tx
                    .query_opt(
                        "SELECT a_state, a_step, a_stability, a_difficulty, a_due_ms, a_last_review_ms, a_reps,
                                a_lapses, a_scheduled_days FROM reviews
                         WHERE learner=$1 AND deck=$2 AND card=$3 AND rescheduled AND id > $4
                         ORDER BY id DESC LIMIT 1",
                        &[&learner, &deck, &card, &review_id],
                    )
                    .and_then(|r| r.map(|r| state_at(&r, 0)).transpose())
                    .map_err(e(msg!("restore the card state")))?;
                let state = match later {
                    Some(after) => after,
                    None => before,
                };
                let key = (learner.as_str(), deck.as_str(), card.as_str());
                match state {
                    Some(b) if b.state != State::New => {
                        let leech: bool = tx
                            .query_one(
                                "SELECT EXISTS(SELECT 1 FROM reviews WHERE learner=$1 AND deck=$2 AND card=$3 AND leech)",
                                &[&learner, &deck, &card],
                            )
                            .and_then(|r| r.try_get(0))
                            .map_err(e(msg!("restore the card state")))?;
                        upsert_card(&mut tx, &self.stmts, key, &b, leech, true)
                            .map_err(e(msg!("restore the card state")))?;
                    }
                    _ => {
                        tx.execute(
                            "DELETE FROM cards WHERE learner=$1 AND deck=$2 AND card=$3",
                            &[&learner, &deck, &card],
                        )
                        .map_err(e(msg!("restore the card state")))?;
                    }
                }
            }
        }
        tx.commit().map_err(e(msg!("commit the undo")))
    }

    pub(super) fn today(&self, learner: &str, deck: &str, day_start: DateTime<Utc>) -> Result<Today, StoreError> {
        let mut c = self.client.borrow_mut();
        let rows = c
            .query(
                "SELECT card, b_state, rescheduled FROM reviews WHERE learner=$1 AND deck=$2 AND time_ms >= $3",
                &[&learner, &deck, &ms(day_start)],
            )
            .map_err(self.err(msg!("read today's answers")))?;
        let mut t = Today::default();
        for row in rows {
            let (card, before, rescheduled) = (|| -> Result<(String, String, bool), postgres::Error> {
                Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
            })()
            .map_err(self.err(msg!("read today's answers")))?;
            if rescheduled {
                match State::from_name(&before) {
                    Some(State::New) => t.new_done += 1,
                    Some(State::Review) => t.reviews_done += 1,
                    _ => {}
                }
                t.answered.insert(card);
            }
        }
        let rows = c
            .query(
                "SELECT card FROM skips WHERE learner=$1 AND deck=$2 AND until_ms > $3",
                &[&learner, &deck, &ms(day_start)],
            )
            .map_err(self.err(msg!("read skipped cards")))?;
        for r in rows {
            t.skipped.insert(r.try_get(0).map_err(self.err(msg!("read skipped cards")))?);
        }
        Ok(t)
    }

    pub(super) fn missed(&self, learner: &str, since: DateTime<Utc>) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT DISTINCT ON (deck, card) deck, card, correct FROM reviews
                 WHERE learner=$1 AND time_ms >= $2 ORDER BY deck, card, id DESC",
                &[&learner, &ms(since)],
            )
            .map_err(self.err(msg!("find missed cards")))?;
        let mut out = Vec::new();
        for r in rows {
            let (deck, card, correct) = (|| -> Result<(String, String, bool), postgres::Error> {
                Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
            })()
            .map_err(self.err(msg!("find missed cards")))?;
            if !correct {
                out.push((deck, card));
            }
        }
        Ok(out)
    }

    pub(super) fn review_rows(&self) -> Result<Vec<ReviewRow>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT id, learner, deck, card, time_ms, mode, rating, correct, answer, duration_ms, rescheduled,
                        b_state, b_step, b_stability, b_difficulty, b_due_ms, b_last_review_ms, b_reps, b_lapses, b_scheduled_days,
                        a_state, a_step, a_stability, a_difficulty, a_due_ms, a_last_review_ms, a_reps, a_lapses, a_scheduled_days
                 FROM reviews ORDER BY time_ms, id",
                &[],
            )
            .map_err(self.err(msg!("read the review log")))?;
        rows.iter()
            .map(|r| -> Result<ReviewRow, postgres::Error> {
                Ok(ReviewRow {
                    id: r.try_get(0)?,
                    learner: r.try_get(1)?,
                    deck: r.try_get(2)?,
                    card: r.try_get(3)?,
                    time: from_ms(r.try_get(4)?),
                    mode: Mode::from_name(r.try_get(5)?).unwrap_or(Mode::Run),
                    grade: Grade::from_number(r.try_get(6)?).unwrap_or(Grade::Good),
                    correct: r.try_get(7)?,
                    answer: r.try_get(8)?,
                    duration_ms: r.try_get(9)?,
                    rescheduled: r.try_get(10)?,
                    before: state_at(r, 11)?.unwrap_or_else(|| CardState::new(from_ms(0))),
                    after: state_at(r, 20)?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(self.err(msg!("read the review log")))
    }

    pub(super) fn history(
        &self,
        learner: &str,
        deck: &str,
        card: &str,
    ) -> Result<Vec<(DateTime<Utc>, Grade)>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT time_ms, rating FROM reviews WHERE learner=$1 AND deck=$2 AND card=$3 AND rescheduled
                 ORDER BY time_ms, id",
                &[&learner, &deck, &card],
            )
            .map_err(self.err(msg!("read the card's history")))?;
        rows.iter()
            .map(|r| -> Result<_, postgres::Error> {
                Ok((from_ms(r.try_get(0)?), Grade::from_number(r.try_get(1)?).unwrap_or(Grade::Good)))
            })
            .collect::<Result<_, _>>()
            .map_err(self.err(msg!("read the card's history")))
    }

    pub(super) fn has_states(&self, learner: &str, deck: &str) -> Result<bool, StoreError> {
        self.client
            .borrow_mut()
            .query_one("SELECT EXISTS (SELECT 1 FROM cards WHERE learner = $1 AND deck = $2)", &[&learner, &deck])
            .and_then(|r| r.try_get(0))
            .map_err(self.err(msg!("read card states")))
    }

    pub(super) fn card_state(&self, learner: &str, deck: &str, card: &str) -> Result<Option<CardState>, StoreError> {
        let row = self
            .client
            .borrow_mut()
            .query_opt(
                &format!("SELECT {STATE_COLS} FROM cards WHERE learner = $1 AND deck = $2 AND card = $3"),
                &[&learner, &deck, &card],
            )
            .map_err(self.err(msg!("read card states")))?;
        match row {
            Some(r) => state_at(&r, 0).map_err(self.err(msg!("read card states"))),
            None => Ok(None),
        }
    }

    pub(super) fn states_each(
        &self,
        learner: &str,
        deck: &str,
        f: &mut dyn FnMut(&str, CardState, bool),
    ) -> Result<(), StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                &format!("SELECT card, {STATE_COLS}, leech FROM cards WHERE learner = $1 AND deck = $2"),
                &[&learner, &deck],
            )
            .map_err(self.err(msg!("read card states")))?;
        for r in rows {
            let (card, state, leech) = (|| -> Result<(&str, Option<CardState>, bool), postgres::Error> {
                Ok((r.try_get(0)?, state_at(&r, 1)?, r.try_get(10)?))
            })()
            .map_err(self.err(msg!("read card states")))?;
            if let Some(s) = state {
                f(card, s, leech);
            }
        }
        Ok(())
    }

    pub(super) fn learner_states(
        &self,
        learner: &str,
    ) -> Result<HashMap<String, Vec<(String, CardState)>>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(&format!("SELECT deck, card, {STATE_COLS} FROM cards WHERE learner = $1"), &[&learner])
            .map_err(self.err(msg!("read card states")))?;
        let mut out: HashMap<String, Vec<(String, CardState)>> = HashMap::new();
        for r in rows {
            let (deck, card, state) = (|| -> Result<(String, String, Option<CardState>), postgres::Error> {
                Ok((r.try_get(0)?, r.try_get(1)?, state_at(&r, 2)?))
            })()
            .map_err(self.err(msg!("read card states")))?;
            if let Some(s) = state {
                out.entry(deck).or_default().push((card, s));
            }
        }
        Ok(out)
    }

    pub(super) fn card_rows(&self) -> Result<Vec<CardRow>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                &format!("SELECT learner, deck, card, {STATE_COLS}, leech FROM cards ORDER BY learner, deck, card"),
                &[],
            )
            .map_err(self.err(msg!("read cards")))?;
        let mut out = Vec::new();
        for r in rows {
            let (learner, deck, card, state, leech) = (|| -> Result<_, postgres::Error> {
                Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, state_at(&r, 3)?, r.try_get(12)?))
            })()
            .map_err(self.err(msg!("read cards")))?;
            if let Some(state) = state {
                out.push(CardRow { learner, deck, card, state, leech });
            }
        }
        Ok(out)
    }

    pub(super) fn import_progress(
        &mut self,
        learner: &str,
        deck: &str,
        cards: &[ImportedCard],
    ) -> Result<usize, StoreError> {
        let client = self.client.get_mut();
        let target = &self.target;
        let e = |action: &'static str| move |err| super::classify(target, action, err);
        let mut tx = client.transaction().map_err(e(msg!("start importing progress")))?;
        let mut known: HashSet<(String, i64)> = HashSet::new();
        for r in tx
            .query(
                "SELECT card, time_ms FROM reviews WHERE learner=$1 AND deck=$2 AND mode='import'",
                &[&learner, &deck],
            )
            .map_err(e(msg!("read the review log")))?
        {
            known.insert((
                r.try_get(0).map_err(e(msg!("read the review log")))?,
                r.try_get(1).map_err(e(msg!("read the review log")))?,
            ));
        }
        let mut current: HashMap<String, CardState> = HashMap::new();
        for r in tx
            .query(&format!("SELECT card, {STATE_COLS} FROM cards WHERE learner=$1 AND deck=$2"), &[&learner, &deck])
            .map_err(e(msg!("read card states")))?
        {
            let card: String = r.try_get(0).map_err(e(msg!("read card states")))?;
            if let Some(s) = state_at(&r, 1).map_err(e(msg!("read card states")))? {
                current.insert(card, s);
            }
        }
        let fresh: Vec<CardState> = cards.iter().map(ImportedCard::fresh).collect();
        let rows: Vec<NewReview<'_>> =
            cards.iter().zip(&fresh).flat_map(|(c, before)| c.new_rows((learner, deck), before, &known)).collect();
        insert_reviews(&mut tx, &self.stmts, &rows).map_err(e(msg!("import the review history")))?;
        let mut taken = 0;
        for c in cards {
            if c.newer_here(current.get(&c.card)) {
                continue;
            }
            upsert_card(&mut tx, &self.stmts, (learner, deck, &c.card), &c.state, false, false)
                .map_err(e(msg!("import a card state")))?;
            taken += 1;
        }
        tx.commit().map_err(e(msg!("commit the imported progress")))?;
        Ok(taken)
    }

    pub(super) fn adopt_progress(&mut self, deck_id: &str, key: &str) -> Result<bool, StoreError> {
        if deck_id == key {
            return Ok(false);
        }
        let client = self.client.get_mut();
        let target = &self.target;
        let e = |action: &'static str| move |err| super::classify(target, action, err);
        let has_old: bool = client
            .query_one(
                "SELECT EXISTS(SELECT 1 FROM reviews WHERE deck = $1) OR EXISTS(SELECT 1 FROM cards WHERE deck = $1)",
                &[&deck_id],
            )
            .and_then(|r| r.try_get(0))
            .map_err(e(msg!("look for progress under the deck id")))?;
        if !has_old {
            return Ok(false);
        }
        let mut tx = client.transaction().map_err(e(msg!("start moving progress to the shared key")))?;
        for sql in [
            "DELETE FROM cards WHERE deck = $2 AND EXISTS (
                 SELECT 1 FROM cards o WHERE o.deck = $1 AND o.learner = cards.learner AND o.card = cards.card
                 AND coalesce(o.last_review_ms, 0) > coalesce(cards.last_review_ms, 0))",
            "DELETE FROM cards WHERE deck = $1 AND EXISTS (
                 SELECT 1 FROM cards n WHERE n.deck = $2 AND n.learner = cards.learner AND n.card = cards.card)",
            "UPDATE cards SET deck = $2 WHERE deck = $1",
            "UPDATE reviews SET deck = $2 WHERE deck = $1",
            "DELETE FROM flags WHERE deck = $2 AND EXISTS (
                 SELECT 1 FROM flags o WHERE o.deck = $1 AND o.learner = flags.learner AND o.card = flags.card)",
            "UPDATE flags SET deck = $2 WHERE deck = $1",
            "DELETE FROM skips WHERE deck = $2 AND EXISTS (
                 SELECT 1 FROM skips o WHERE o.deck = $1 AND o.learner = skips.learner AND o.card = skips.card)",
            "UPDATE skips SET deck = $2 WHERE deck = $1",
        ] {
            tx.execute(sql, &[&deck_id, &key]).map_err(e(msg!("move progress to the shared key")))?;
        }
        tx.commit().map_err(e(msg!("commit the moved progress")))?;
        Ok(true)
    }

    pub(super) fn flag(
        &self,
        learner: &str,
        deck: &str,
        card: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.client
            .borrow_mut()
            .execute(
                "INSERT INTO flags (learner, deck, card, time_ms, note) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (learner, deck, card) DO UPDATE SET time_ms = excluded.time_ms, note = excluded.note",
                &[&learner, &deck, &card, &ms(now), &note],
            )
            .map_err(self.err(msg!("flag the card")))?;
        Ok(())
    }

    pub(super) fn unflag(&self, learner: &str, deck: &str, card: &str) -> Result<bool, StoreError> {
        let n = self
            .client
            .borrow_mut()
            .execute("DELETE FROM flags WHERE learner = $1 AND deck = $2 AND card = $3", &[&learner, &deck, &card])
            .map_err(self.err(msg!("remove the flag")))?;
        Ok(n > 0)
    }

    pub(super) fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query("SELECT learner, deck, card, time_ms, note FROM flags ORDER BY deck, card, learner", &[])
            .map_err(self.err(msg!("read flags")))?;
        rows.iter()
            .map(|r| -> Result<Flag, postgres::Error> {
                Ok(Flag {
                    learner: r.try_get(0)?,
                    deck: r.try_get(1)?,
                    card: r.try_get(2)?,
                    time: from_ms(r.try_get(3)?),
                    note: r.try_get(4)?,
                })
            })
            .collect::<Result<_, _>>()
            .map_err(self.err(msg!("read flags")))
    }

    pub(super) fn skip(&self, learner: &str, deck: &str, card: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        self.client
            .borrow_mut()
            .execute(
                "INSERT INTO skips (learner, deck, card, until_ms) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (learner, deck, card) DO UPDATE SET until_ms = excluded.until_ms",
                &[&learner, &deck, &card, &ms(until)],
            )
            .map_err(self.err(msg!("skip the card")))?;
        Ok(())
    }

    pub(super) fn known_cards(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query("SELECT DISTINCT deck, card FROM reviews ORDER BY deck, card", &[])
            .map_err(self.err(msg!("list cards with history")))?;
        rows.iter()
            .map(|r| -> Result<_, postgres::Error> { Ok((r.try_get(0)?, r.try_get(1)?)) })
            .collect::<Result<_, _>>()
            .map_err(self.err(msg!("list cards with history")))
    }
}
