//! Conversions between the domain types and SQLite values, with range
//! checks (a damaged or hand-edited row gives an error, never a wrapped
//! number).

use chrono::{DateTime, Utc};
use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::schedule::{CardState, Grade, State};
use crate::store::Mode;

pub(super) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(super) fn from_ms(v: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(v).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A state column: the state's name.
pub(super) struct StateName(pub(super) State);

impl ToSql for StateName {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.name()))
    }
}

impl FromSql for StateName {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        State::from_name(s).map(StateName).ok_or_else(|| FromSqlError::Other(format!("unknown state `{s}`").into()))
    }
}

/// A rating column: 1 to 4.
pub(super) struct Rating(pub(super) Grade);

impl ToSql for Rating {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.0.number())))
    }
}

impl FromSql for Rating {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let n = value.as_i64()?;
        Grade::from_number(n).map(Rating).ok_or(FromSqlError::OutOfRange(n))
    }
}

/// A mode column: `run`, `review`, `quiz` or `import`.
pub(super) struct ModeName(pub(super) Mode);

impl ToSql for ModeName {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.name()))
    }
}

impl FromSql for ModeName {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        Mode::from_name(s).map(ModeName).ok_or_else(|| FromSqlError::Other(format!("unknown mode `{s}`").into()))
    }
}

/// The nine columns of a card state, in this order.
pub(super) const STATE_COLS: &str =
    "state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, scheduled_days";

/// Reads the nine state columns starting at `at`; `None` when the state
/// column is NULL (a review that did not reschedule has no "after").
pub(super) fn state_at(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<CardState>> {
    let Some(StateName(state)) = row.get::<_, Option<StateName>>(at)? else { return Ok(None) };
    Ok(Some(CardState {
        state,
        step: row.get(at + 1)?,
        stability: row.get(at + 2)?,
        difficulty: row.get(at + 3)?,
        due: from_ms(row.get(at + 4)?),
        last_review: row.get::<_, Option<i64>>(at + 5)?.map(from_ms),
        reps: row.get(at + 6)?,
        lapses: row.get(at + 7)?,
        scheduled_days: row.get(at + 8)?,
    }))
}

/// A card state as nine SQL parameters (all NULL for `None`).
pub(super) fn state_params(s: Option<&CardState>) -> [Box<dyn ToSql + '_>; 9] {
    match s {
        Some(s) => [
            Box::new(StateName(s.state)),
            Box::new(s.step),
            Box::new(s.stability),
            Box::new(s.difficulty),
            Box::new(ms(s.due)),
            Box::new(s.last_review.map(ms)),
            Box::new(s.reps),
            Box::new(s.lapses),
            Box::new(s.scheduled_days),
        ],
        None => std::array::from_fn(|_| Box::new(Option::<i64>::None) as Box<dyn ToSql>),
    }
}

/// Whether the card's cached state carries the leech mark: once earned, an
/// answer keeps it (as Anki's leech tag stays until removed).
pub(super) fn has_leech_mark(tx: &rusqlite::Transaction<'_>, key: (&str, &str, &str)) -> rusqlite::Result<bool> {
    let mut stmt =
        tx.prepare_cached("SELECT EXISTS(SELECT 1 FROM cards WHERE learner=?1 AND deck=?2 AND card=?3 AND leech=1)")?;
    stmt.query_row([key.0, key.1, key.2], |r| r.get(0))
}

/// Writes a card's cached state.
pub(super) fn upsert_card(
    tx: &rusqlite::Transaction<'_>,
    key: (&str, &str, &str),
    s: &CardState,
    leech: bool,
) -> rusqlite::Result<usize> {
    let (learner, deck, card) = key;
    let p = state_params(Some(s));
    let mut stmt = tx.prepare_cached(&format!(
        "INSERT OR REPLACE INTO cards (learner, deck, card, {STATE_COLS}, leech)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?;
    let head: [&dyn ToSql; 3] = [&learner, &deck, &card];
    let params: Vec<&dyn ToSql> =
        head.into_iter().chain(p.iter().map(|b| b.as_ref() as &dyn ToSql)).chain([&leech as &dyn ToSql]).collect();
    stmt.execute(params.as_slice())
}
