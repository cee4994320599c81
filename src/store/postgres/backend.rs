//! The PostgreSQL store as a [`Backend`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::PgStore;
use crate::schedule::{CardState, Grade};
use crate::store::backend::Backend;
use crate::store::{
    AnswerGroup, CardLog, CardRow, FittedParameters, Flag, ImportedCard, NewReview, ReviewRow, StoreError, Today,
};

impl Backend for PgStore {
    fn record(&mut self, r: &NewReview<'_>) -> Result<i64, StoreError> {
        self.record_batch(std::slice::from_ref(r))
    }
    fn record_batch(&mut self, reviews: &[NewReview<'_>]) -> Result<i64, StoreError> {
        PgStore::record_batch(self, reviews)
    }
    fn record_fresh(
        &mut self,
        r: &NewReview<'_>,
        reschedule: &dyn Fn(&CardState) -> CardState,
    ) -> Result<(i64, Option<CardState>), StoreError> {
        PgStore::record_fresh(self, r, reschedule)
    }
    fn undo(&mut self, review_id: i64) -> Result<(), StoreError> {
        PgStore::undo(self, review_id)
    }
    fn today(&self, learner: &str, deck: &str, day_start: DateTime<Utc>) -> Result<Today, StoreError> {
        PgStore::today(self, learner, deck, day_start)
    }
    fn missed(&self, learner: &str, since: DateTime<Utc>) -> Result<Vec<(String, String)>, StoreError> {
        PgStore::missed(self, learner, since)
    }
    fn review_rows(&self) -> Result<Vec<ReviewRow>, StoreError> {
        PgStore::review_rows(self)
    }
    fn history(&self, learner: &str, deck: &str, card: &str) -> Result<Vec<(DateTime<Utc>, Grade)>, StoreError> {
        PgStore::history(self, learner, deck, card)
    }
    fn states(&self, learner: &str, deck: &str) -> Result<HashMap<String, (CardState, bool)>, StoreError> {
        let mut out = HashMap::new();
        PgStore::states_each(self, learner, deck, &mut |card, state, leech| {
            out.insert(card.to_string(), (state, leech));
        })?;
        Ok(out)
    }
    fn learner_states(&self, learner: &str) -> Result<HashMap<String, Vec<(String, CardState)>>, StoreError> {
        PgStore::learner_states(self, learner)
    }
    fn states_each(
        &self,
        learner: &str,
        deck: &str,
        f: &mut dyn FnMut(&str, CardState, bool),
    ) -> Result<(), StoreError> {
        PgStore::states_each(self, learner, deck, f)
    }
    fn card_state(&self, learner: &str, deck: &str, card: &str) -> Result<Option<CardState>, StoreError> {
        PgStore::card_state(self, learner, deck, card)
    }
    fn has_states(&self, learner: &str, deck: &str) -> Result<bool, StoreError> {
        PgStore::has_states(self, learner, deck)
    }
    fn card_rows(&self) -> Result<Vec<CardRow>, StoreError> {
        PgStore::card_rows(self)
    }
    fn import_progress(&mut self, learner: &str, deck: &str, cards: &[ImportedCard]) -> Result<usize, StoreError> {
        PgStore::import_progress(self, learner, deck, cards)
    }
    fn adopt_progress(&mut self, deck_id: &str, key: &str) -> Result<bool, StoreError> {
        PgStore::adopt_progress(self, deck_id, key)
    }
    fn flag(&self, learner: &str, deck: &str, card: &str, note: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        PgStore::flag(self, learner, deck, card, note, now)
    }
    fn unflag(&self, learner: &str, deck: &str, card: &str) -> Result<bool, StoreError> {
        PgStore::unflag(self, learner, deck, card)
    }
    fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        PgStore::flags(self)
    }
    fn skip(&self, learner: &str, deck: &str, card: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        PgStore::skip(self, learner, deck, card, until)
    }
    fn known_cards(&self) -> Result<Vec<(String, String)>, StoreError> {
        PgStore::known_cards(self)
    }
    fn answer_groups_each(
        &self,
        learner: &str,
        decks: Option<&[&str]>,
        f: &mut dyn FnMut(&AnswerGroup),
    ) -> Result<(), StoreError> {
        PgStore::answer_groups_each(self, learner, decks, f)
    }
    fn imported_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError> {
        self.card_logs(learner, decks, "mode = 'import'")
    }
    fn memory_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError> {
        self.card_logs(learner, decks, "(rescheduled OR mode = 'import')")
    }
    fn fitted_parameters(&self, learner: &str) -> Result<Vec<FittedParameters>, StoreError> {
        PgStore::fitted_parameters(self, learner)
    }
    fn save_parameters(&mut self, sets: &[FittedParameters]) -> Result<(), StoreError> {
        PgStore::save_parameters(self, sets)
    }
    fn forget_parameters(&mut self, learner: &str, decks: Option<&[&str]>) -> Result<usize, StoreError> {
        PgStore::forget_parameters(self, learner, decks)
    }
}
