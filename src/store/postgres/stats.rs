//! The queries of `learn stats` and `learn optimize` in PostgreSQL. The
//! answer tallies are counted from the log by the server (`GROUP BY`)
//! rather than kept by triggers as in SQLite: a learner's connection then
//! needs no table beyond its own rows.

use postgres::Row;
use postgres::types::ToSql;

use super::PgStore;
use super::log::{from_ms, ms};
use crate::i18n::msg;
use crate::schedule::{Grade, State};
use crate::store::{AnswerGroup, CardLog, FittedParameters, GroupKind, LogAnswer, StoreError};

/// A quarter hour in milliseconds: the tallies' slot.
const SLOT_MS: i64 = 900_000;

/// The columns [`answer_at`] reads, in order.
const ANSWER_COLS: &str = "time_ms, rating, correct, duration_ms, b_state, rescheduled, b_scheduled_days, mode";

/// `AND deck = ANY($2)` when decks are given.
fn deck_filter(decks: Option<&[&str]>) -> &'static str {
    if decks.is_some() { " AND deck = ANY($2)" } else { "" }
}

/// Reads the [`ANSWER_COLS`] starting at column `at`.
fn answer_at(r: &Row, at: usize) -> Result<LogAnswer, postgres::Error> {
    let imported = r.try_get::<_, &str>(at + 7)? == "import";
    let state = if imported { None } else { State::from_name(r.try_get(at + 4)?) };
    let interval: i64 = r.try_get::<_, Option<i64>>(at + 6)?.unwrap_or(0);
    Ok(LogAnswer {
        time: from_ms(r.try_get(at)?),
        grade: Grade::from_number(r.try_get(at + 1)?).unwrap_or(Grade::Good),
        correct: r.try_get(at + 2)?,
        duration_ms: r.try_get(at + 3)?,
        state,
        scheduled: imported || r.try_get::<_, bool>(at + 5)?,
        interval_days: if imported { 0 } else { u32::try_from(interval.max(0)).unwrap_or(u32::MAX) },
    })
}

impl PgStore {
    pub(super) fn answer_groups_each(
        &self,
        learner: &str,
        decks: Option<&[&str]>,
        f: &mut dyn FnMut(&AnswerGroup),
    ) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT time_ms / {SLOT_MS} AS slot,
                    CASE WHEN NOT rescheduled THEN 4
                         WHEN b_state = 'review' AND b_scheduled_days >= 21 THEN 2
                         WHEN b_state = 'review' THEN 1
                         WHEN b_state = 'relearning' THEN 3 ELSE 0 END AS kind,
                    count(*)::BIGINT, sum(greatest(duration_ms, 0))::BIGINT,
                    sum(correct::INT)::BIGINT, sum((rating = 1)::INT)::BIGINT
             FROM reviews WHERE learner = $1 AND mode <> 'import'{}
             GROUP BY 1, 2",
            deck_filter(decks)
        );
        let owned: Vec<String> = decks.unwrap_or_default().iter().map(|d| d.to_string()).collect();
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&learner];
        if decks.is_some() {
            params.push(&owned);
        }
        let rows = self.client.borrow_mut().query(&sql, &params).map_err(self.err(msg!("read the review log")))?;
        let count = |v: i64| u64::try_from(v).unwrap_or(0);
        for r in rows {
            let group = (|| -> Result<AnswerGroup, postgres::Error> {
                let kind = match r.try_get::<_, i32>(1)? {
                    0 => GroupKind::Learn,
                    1 => GroupKind::YoungReview,
                    2 => GroupKind::MatureReview,
                    3 => GroupKind::Relearn,
                    _ => GroupKind::Practice,
                };
                Ok(AnswerGroup {
                    start: from_ms(r.try_get::<_, i64>(0)?.saturating_mul(SLOT_MS)),
                    kind,
                    answers: count(r.try_get(2)?),
                    duration_ms: r.try_get(3)?,
                    correct: count(r.try_get(4)?),
                    again: count(r.try_get(5)?),
                })
            })()
            .map_err(self.err(msg!("read the review log")))?;
            f(&group);
        }
        Ok(())
    }

    pub(super) fn card_logs(
        &self,
        learner: &str,
        decks: Option<&[&str]>,
        which: &str,
    ) -> Result<Vec<CardLog>, StoreError> {
        let sql = format!(
            "SELECT deck, card, {ANSWER_COLS} FROM reviews WHERE learner = $1 AND {which}{}
             ORDER BY deck, card, time_ms, id",
            deck_filter(decks)
        );
        let owned: Vec<String> = decks.unwrap_or_default().iter().map(|d| d.to_string()).collect();
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&learner];
        if decks.is_some() {
            params.push(&owned);
        }
        let rows = self.client.borrow_mut().query(&sql, &params).map_err(self.err(msg!("read the review log")))?;
        let mut out: Vec<CardLog> = Vec::new();
        for r in rows {
            let (deck, card, answer) = (|| -> Result<(&str, &str, LogAnswer), postgres::Error> {
                Ok((r.try_get(0)?, r.try_get(1)?, answer_at(&r, 2)?))
            })()
            .map_err(self.err(msg!("read the review log")))?;
            match out.last_mut() {
                Some(last) if last.deck == deck && last.card == card => last.answers.push(answer),
                _ => out.push(CardLog { deck: deck.to_string(), card: card.to_string(), answers: vec![answer] }),
            }
        }
        Ok(out)
    }

    pub(super) fn fitted_parameters(&self, learner: &str) -> Result<Vec<FittedParameters>, StoreError> {
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT learner, deck, weights, fitted_ms, reviews, log_loss, rmse_bins, default_log_loss,
                        default_rmse_bins FROM parameters WHERE learner = $1 ORDER BY deck",
                &[&learner],
            )
            .map_err(self.err(msg!("read fitted parameters")))?;
        let mut out = Vec::new();
        for r in rows {
            let p = (|| -> Result<Option<FittedParameters>, postgres::Error> {
                let weights: &str = r.try_get(2)?;
                // Not 21 finite numbers: not a set this program wrote; skipped.
                let Some(weights) = parse_weights(weights) else { return Ok(None) };
                let deck: String = r.try_get(1)?;
                Ok(Some(FittedParameters {
                    learner: r.try_get(0)?,
                    deck: Some(deck).filter(|d| !d.is_empty()),
                    weights,
                    fitted_at: from_ms(r.try_get(3)?),
                    reviews: u64::try_from(r.try_get::<_, i64>(4)?).unwrap_or(0),
                    log_loss: r.try_get(5)?,
                    rmse_bins: r.try_get(6)?,
                    default_log_loss: r.try_get(7)?,
                    default_rmse_bins: r.try_get(8)?,
                }))
            })()
            .map_err(self.err(msg!("read fitted parameters")))?;
            out.extend(p);
        }
        Ok(out)
    }

    pub(super) fn save_parameters(&mut self, sets: &[FittedParameters]) -> Result<(), StoreError> {
        let client = self.client.get_mut();
        let target = &self.target;
        let e = |action: &'static str| move |err| super::classify(target, action, err);
        let mut tx = client.transaction().map_err(e(msg!("start saving the parameters")))?;
        for p in sets {
            let weights: Vec<String> = p.weights.iter().map(f32::to_string).collect();
            tx.execute(
                "INSERT INTO parameters (learner, deck, weights, fitted_ms, reviews, log_loss, rmse_bins,
                    default_log_loss, default_rmse_bins) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (learner, deck) DO UPDATE SET weights = excluded.weights,
                    fitted_ms = excluded.fitted_ms, reviews = excluded.reviews, log_loss = excluded.log_loss,
                    rmse_bins = excluded.rmse_bins, default_log_loss = excluded.default_log_loss,
                    default_rmse_bins = excluded.default_rmse_bins",
                &[
                    &p.learner,
                    &p.deck.as_deref().unwrap_or(""),
                    &weights.join(" "),
                    &ms(p.fitted_at),
                    &i64::try_from(p.reviews).unwrap_or(i64::MAX),
                    &p.log_loss,
                    &p.rmse_bins,
                    &p.default_log_loss,
                    &p.default_rmse_bins,
                ],
            )
            .map_err(e(msg!("save the parameters")))?;
        }
        tx.commit().map_err(e(msg!("commit the parameters")))
    }

    pub(super) fn forget_parameters(&mut self, learner: &str, decks: Option<&[&str]>) -> Result<usize, StoreError> {
        let sql = format!("DELETE FROM parameters WHERE learner = $1{}", deck_filter(decks));
        let owned: Vec<String> = decks.unwrap_or_default().iter().map(|d| d.to_string()).collect();
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&learner];
        if decks.is_some() {
            params.push(&owned);
        }
        let n = self
            .client
            .get_mut()
            .execute(&sql, &params)
            .map_err(|e| super::classify(&self.target, msg!("forget the fitted parameters"), e))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }
}

/// 21 finite numbers separated by spaces.
fn parse_weights(s: &str) -> Option<Vec<f32>> {
    let w: Vec<f32> =
        s.split_whitespace().map(|x| x.parse::<f32>().ok().filter(|v| v.is_finite())).collect::<Option<_>>()?;
    (w.len() == 21).then_some(w)
}
