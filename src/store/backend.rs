//! The store as the commands see it: one trait, two backends (SQLite in a
//! file, PostgreSQL shared by a team). The commands hold a [`super::Store`],
//! which derefs to `dyn Backend`; neither backend's types leak out.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{
    AnswerGroup, CardLog, CardRow, FittedParameters, Flag, ImportedCard, NewReview, ReviewRow, StoreError, Today,
};
use crate::schedule::{CardState, Grade};

/// What every backend stores and answers. Each writing method is one
/// transaction, committed before it returns.
pub trait Backend: Send {
    /// Starts a consistency check left for later (SQLite's page check);
    /// nothing to do where the server checks its own pages.
    fn start_page_check(&mut self) {}
    /// Records one answer and, when it reschedules, the card's new state.
    fn record(&mut self, r: &NewReview<'_>) -> Result<i64, StoreError>;
    /// Records several answers in one transaction; the id of the last.
    fn record_batch(&mut self, reviews: &[NewReview<'_>]) -> Result<i64, StoreError>;
    /// Records one answer from the card's state as stored now (see the
    /// SQLite backend for the rule); the new state when recomputed.
    fn record_fresh(
        &mut self,
        r: &NewReview<'_>,
        reschedule: &dyn Fn(&CardState) -> CardState,
    ) -> Result<(i64, Option<CardState>), StoreError>;
    /// Forgets one answer exactly, restoring the card's state.
    fn undo(&mut self, review_id: i64) -> Result<(), StoreError>;
    /// What one deck already did in the study day starting at `day_start`.
    fn today(&self, learner: &str, deck: &str, day_start: DateTime<Utc>) -> Result<Today, StoreError>;
    /// Cards whose latest answer since `since` was wrong.
    fn missed(&self, learner: &str, since: DateTime<Utc>) -> Result<Vec<(String, String)>, StoreError>;
    /// The review log, oldest first (every learner the connection may read).
    fn review_rows(&self) -> Result<Vec<ReviewRow>, StoreError>;
    /// The schedule-changing answers of one card, oldest first.
    fn history(&self, learner: &str, deck: &str, card: &str) -> Result<Vec<(DateTime<Utc>, Grade)>, StoreError>;
    /// Every cached card state of one learner in one deck.
    fn states(&self, learner: &str, deck: &str) -> Result<HashMap<String, (CardState, bool)>, StoreError>;
    /// Every cached card state of one learner, by deck.
    fn learner_states(&self, learner: &str) -> Result<HashMap<String, Vec<(String, CardState)>>, StoreError>;
    /// What the study queue reads of every card state of one learner in one
    /// deck (state, due, last review), handed to `f`; a backend may give
    /// the other fields as a new card's (SQLite does: a third of the
    /// read). [`Backend::card_state`] reads a card's full state.
    fn queue_states_each(
        &self,
        learner: &str,
        deck: &str,
        f: &mut dyn FnMut(&str, CardState),
    ) -> Result<(), StoreError> {
        self.states_each(learner, deck, &mut |card, state, _| f(card, state))
    }
    /// Whether a learner has any card state in a deck.
    fn has_states(&self, learner: &str, deck: &str) -> Result<bool, StoreError>;
    /// Whether [`Backend::queue_states_each`] gives only the queue's part
    /// of each state (then a card's whole state is read when it is shown).
    fn light_queue_states(&self) -> bool {
        false
    }
    /// One card's cached state, if it has one.
    fn card_state(&self, learner: &str, deck: &str, card: &str) -> Result<Option<CardState>, StoreError>;
    /// Every cached card state of one learner in one deck, handed to `f`.
    fn states_each(
        &self,
        learner: &str,
        deck: &str,
        f: &mut dyn FnMut(&str, CardState, bool),
    ) -> Result<(), StoreError>;
    /// The cards table (every learner the connection may read).
    fn card_rows(&self) -> Result<Vec<CardRow>, StoreError>;
    /// Brings in cards studied elsewhere; how many took the imported state.
    fn import_progress(&mut self, learner: &str, deck: &str, cards: &[ImportedCard]) -> Result<usize, StoreError>;
    /// Moves progress kept under a deck's own id to its shared key.
    fn adopt_progress(&mut self, deck_id: &str, key: &str) -> Result<bool, StoreError>;
    /// Marks a card as needing a fix.
    fn flag(&self, learner: &str, deck: &str, card: &str, note: &str, now: DateTime<Utc>) -> Result<(), StoreError>;
    /// Removes a learner's flag on a card; whether there was one.
    fn unflag(&self, learner: &str, deck: &str, card: &str) -> Result<bool, StoreError>;
    /// Every flagged card.
    fn flags(&self) -> Result<Vec<Flag>, StoreError>;
    /// Hides a card until `until`.
    fn skip(&self, learner: &str, deck: &str, card: &str, until: DateTime<Utc>) -> Result<(), StoreError>;
    /// Every (deck, card) with history.
    fn known_cards(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// The answers `learner` gave here, counted by quarter hour and kind.
    fn answer_groups_each(
        &self,
        learner: &str,
        decks: Option<&[&str]>,
        f: &mut dyn FnMut(&AnswerGroup),
    ) -> Result<(), StoreError>;
    /// The answers `learner` brought in from another tool, card by card.
    fn imported_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError>;
    /// The answers that count for memory, card by card.
    fn memory_logs(&self, learner: &str, decks: Option<&[&str]>) -> Result<Vec<CardLog>, StoreError>;
    /// Every set of parameters fitted to `learner`.
    fn fitted_parameters(&self, learner: &str) -> Result<Vec<FittedParameters>, StoreError>;
    /// Saves fitted parameters, replacing earlier ones.
    fn save_parameters(&mut self, sets: &[FittedParameters]) -> Result<(), StoreError>;
    /// Forgets fitted parameters; how many sets went.
    fn forget_parameters(&mut self, learner: &str, decks: Option<&[&str]>) -> Result<usize, StoreError>;
}
