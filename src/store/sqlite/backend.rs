//! The SQLite store as a [`Backend`]: each method is the inherent one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::Store;
use crate::schedule::{CardState, Grade};
use crate::store::backend::Backend;
use crate::store::{
    AnswerGroup, CardLog, CardRow, FittedParameters, Flag, ImportedCard, NewReview, ReviewRow, StoreError, Today,
};

impl Backend for Store {
    fn start_page_check(&mut self) {
        Store::start_page_check(self);
    }
    fn record(&mut self, r: &NewReview<'_>) -> Result<i64, StoreError> {
        Store::record(self, r)
    }
    fn record_batch(&mut self, reviews: &[NewReview<'_>]) -> Result<i64, StoreError> {
        Store::record_batch(self, reviews)
    }
    fn record_fresh(
        &mut self,
        r: &NewReview<'_>,
        reschedule: &dyn Fn(&CardState) -> CardState,
    ) -> Result<(i64, Option<CardState>), StoreError> {
        Store::record_fresh(self, r, reschedule)
    }
    fn undo(&mut self, review_id: i64) -> Result<(), StoreError> {
        Store::undo(self, review_id)
    }
    fn today(&self, learner: &str, deck: &str, day_start: DateTime<Utc>) -> Result<Today, StoreError> {
        Store::today(self, learner, deck, day_start)
    }
    fn missed(&self, learner: &str, since: DateTime<Utc>) -> Result<Vec<(String, String)>, StoreError> {
        Store::missed(self, learner, since)
    }
    fn review_rows(&self) -> Result<Vec<ReviewRow>, StoreError> {
        Store::review_rows(self)
    }
    fn history(&self, learner: &str, deck: &str, card: &str) -> Result<Vec<(DateTime<Utc>, Grade)>, StoreError> {
        Store::history(self, learner, deck, card)
    }
    fn states(&self, learner: &str, deck: &str) -> Result<HashMap<String, (CardState, bool)>, StoreError> {
        Store::states(self, learner, deck)
    }
    fn learner_states(&self, learner: &str) -> Result<HashMap<String, Vec<(String, CardState)>>, StoreError> {
        Store::learner_states(self, learner)
    }
    fn states_each(
        &self,
        learner: &str,
        deck: &str,
        f: &mut dyn FnMut(&str, CardState, bool),
    ) -> Result<(), StoreError> {
        Store::states_with(self, learner, deck, f)
    }
    fn queue_states_each(
        &self,
        learner: &str,
        deck: &str,
        f: &mut dyn FnMut(&str, CardState),
    ) -> Result<(), StoreError> {
        Store::queue_states_with(self, learner, deck, f)
    }
    fn light_queue_states(&self) -> bool {
        true
    }
    fn card_state(&self, learner: &str, deck: &str, card: &str) -> Result<Option<CardState>, StoreError> {
        Store::card_state(self, learner, deck, card)
    }
    fn has_states(&self, learner: &str, deck: &str) -> Result<bool, StoreError> {
        Store::has_states(self, learner, deck)
    }
    fn card_rows(&self) -> Result<Vec<CardRow>, StoreError> {
        Store::card_rows(self)
    }
    fn import_progress(&mut self, learner: &str, deck: &str, cards: &[ImportedCard]) -> Result<usize, StoreError> {
        Store::import_progress(self, learner, deck, cards)
    }
    fn adopt_progress(&mut self, deck_id: &str, key: &str) -> Result<bool, StoreError> {
        Store::adopt_progress(self, deck_id, key)
    }
    fn flag(&self, learner: &str, deck: &str, card: &str, note: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        Store::flag(self, learner, deck, card, note, now)
    }
    fn unflag(&self, learner: &str, deck: &str, card: &str) -> Result<bool, StoreError> {
        Store::unflag(self, learner, deck, card)
    }
    fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        Store::flags(self)
    }
    fn skip(&self, learner: &str, deck: &str, card: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        Store::skip(self, learner, deck, card, until)
    }
    fn known_cards(&self) -> Result<Vec<(String, String)>, StoreError> {
        Store::known_cards(self)
    }
    fn answer_groups_each(
        &self,
        learner: &str,
        decks: Option<&[&str]>,
        f: &mut dyn FnMut(&AnswerGroup),
    ) -> Result<(), StoreError> {
        Store::answer_groups_with(self, learner, decks, f)
    }
    fn imported_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError> {
        Store::imported_logs(self, learner, decks)
    }
    fn memory_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError> {
        Store::memory_logs(self, learner, decks)
    }
    fn fitted_parameters(&self, learner: &str) -> Result<Vec<FittedParameters>, StoreError> {
        Store::fitted_parameters(self, learner)
    }
    fn save_parameters(&mut self, sets: &[FittedParameters]) -> Result<(), StoreError> {
        Store::save_parameters(self, sets)
    }
    fn forget_parameters(&mut self, learner: &str, decks: Option<&[&str]>) -> Result<usize, StoreError> {
        Store::forget_parameters(self, learner, decks)
    }
}
