//! The cached card states: read in one query at start-up, written with the
//! answer that changed them, and brought in from another tool.

use crate::i18n::msg;
use std::collections::{HashMap, HashSet};

use rusqlite::{TransactionBehavior, params};

use super::reviews::insert_reviews;
use super::sql::{ModeName, STATE_COLS, StateName, from_ms, has_leech_mark, state_at, upsert_card};
use super::{Store, classify};
use crate::schedule::CardState;
use crate::store::{CardRow, ImportedCard, Mode, NewReview, StoreError};

impl Store {
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
            .map_err(self.err(msg!("read card states")))?;
        let mut rows = stmt.query(params![learner]).map_err(self.err(msg!("read card states")))?;
        let mut out: HashMap<String, Vec<(String, CardState)>> = HashMap::new();
        let mut current: Option<(String, Vec<(String, CardState)>)> = None;
        while let Some(r) = rows.next().map_err(self.err(msg!("read card states")))? {
            let deck = r.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(self.err(msg!("read card states")))?;
            if current.as_ref().is_none_or(|(d, _)| d != deck) {
                if let Some((d, v)) = current.take() {
                    out.insert(d, v);
                }
                current = Some((deck.to_string(), Vec::new()));
            }
            let card: String = r.get(1).map_err(self.err(msg!("read card states")))?;
            if let (Some(state), Some((_, v))) =
                (state_at(r, 2).map_err(self.err(msg!("read card states")))?, current.as_mut())
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
            .map_err(self.err(msg!("read card states")))?;
        let mut rows = stmt.query(params![learner, deck]).map_err(self.err(msg!("read card states")))?;
        while let Some(r) = rows.next().map_err(self.err(msg!("read card states")))? {
            let card = r.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(self.err(msg!("read card states")))?;
            let state = state_at(r, 1).map_err(self.err(msg!("read card states")))?;
            let leech: bool = r.get(10).map_err(self.err(msg!("read card states")))?;
            if let Some(s) = state {
                f(card, s, leech);
            }
        }
        Ok(())
    }

    /// What the queue reads of every card state of one learner in one deck
    /// (state, due, last review), handed to `f` as (card id, state) with
    /// the other fields a new card's: start-up reads 100 000 of these, and
    /// four columns cost a third of twelve. The full state of a card is
    /// read with [`Store::card_state`] before the card is shown.
    pub fn queue_states_with(
        &self,
        learner: &str,
        deck: &str,
        mut f: impl FnMut(&str, CardState),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT card, state, due_ms, last_review_ms FROM cards WHERE learner = ?1 AND deck = ?2")
            .map_err(self.err(msg!("read card states")))?;
        let mut rows = stmt.query(params![learner, deck]).map_err(self.err(msg!("read card states")))?;
        while let Some(r) = rows.next().map_err(self.err(msg!("read card states")))? {
            let row = || -> rusqlite::Result<_> {
                let card = r.get_ref(0)?.as_str()?;
                let Some(StateName(state)) = r.get::<_, Option<StateName>>(1)? else { return Ok(None) };
                let due = from_ms(r.get(2)?);
                let last_review = r.get::<_, Option<i64>>(3)?.map(from_ms);
                Ok(Some((card, CardState { state, due, last_review, ..CardState::new(due) })))
            };
            if let Some((card, state)) = row().map_err(self.err(msg!("read card states")))? {
                f(card, state);
            }
        }
        Ok(())
    }

    /// Whether a learner has any card state in a deck.
    pub fn has_states(&self, learner: &str, deck: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM cards WHERE learner = ?1 AND deck = ?2)")
            .and_then(|mut st| st.query_row(params![learner, deck], |r| r.get(0)))
            .map_err(self.err(msg!("read card states")))
    }

    /// One card's cached state, if it has one.
    pub fn card_state(&self, learner: &str, deck: &str, card: &str) -> Result<Option<CardState>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {STATE_COLS} FROM cards WHERE learner = ?1 AND deck = ?2 AND card = ?3"))
            .map_err(self.err(msg!("read card states")))?;
        let mut rows = stmt.query(params![learner, deck, card]).map_err(self.err(msg!("read card states")))?;
        match rows.next().map_err(self.err(msg!("read card states")))? {
            Some(r) => state_at(r, 0).map_err(self.err(msg!("read card states"))),
            None => Ok(None),
        }
    }

    /// The cards table, for export.
    pub fn card_rows(&self) -> Result<Vec<CardRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT learner, deck, card, {STATE_COLS}, leech FROM cards ORDER BY learner, deck, card"
            ))
            .map_err(self.err(msg!("read cards")))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, state_at(r, 3)?, r.get(12)?)))
            .map_err(self.err(msg!("read cards")))?;
        let mut out = Vec::new();
        for r in rows {
            let (learner, deck, card, state, leech) = r.map_err(self.err(msg!("read cards")))?;
            if let Some(state) = state {
                out.push(CardRow { learner, deck, card, state, leech });
            }
        }
        Ok(out)
    }

    /// Brings in cards studied elsewhere, in one transaction: each card's
    /// answers go to the review log (mode `import`, not replayed) and its
    /// state becomes the card's current state. Importing the same history
    /// again adds nothing: answers already imported are not added twice,
    /// and a card studied here since keeps its state (a schedule never
    /// moves backwards). Returns how many cards took the imported state.
    pub fn import_progress(&mut self, learner: &str, deck: &str, cards: &[ImportedCard]) -> Result<usize, StoreError> {
        self.still_there()?;
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(e(msg!("start importing progress")))?;
        let mut known: HashSet<(String, i64)> = HashSet::new();
        let mut current: HashMap<String, CardState> = HashMap::new();
        {
            let mut stmt = tx
                .prepare("SELECT card, time_ms FROM reviews WHERE learner=?1 AND deck=?2 AND mode=?3")
                .map_err(e(msg!("read the review log")))?;
            let rows = stmt
                .query_map(params![learner, deck, ModeName(Mode::Import)], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(e(msg!("read the review log")))?;
            for r in rows {
                known.insert(r.map_err(e(msg!("read the review log")))?);
            }
            let mut stmt = tx
                .prepare(&format!("SELECT card, {STATE_COLS} FROM cards WHERE learner=?1 AND deck=?2"))
                .map_err(e(msg!("read card states")))?;
            let rows = stmt
                .query_map(params![learner, deck], |r| Ok((r.get::<_, String>(0)?, state_at(r, 1)?)))
                .map_err(e(msg!("read card states")))?;
            for r in rows {
                if let (card, Some(s)) = r.map_err(e(msg!("read card states")))? {
                    current.insert(card, s);
                }
            }
        }
        let fresh: Vec<CardState> = cards.iter().map(ImportedCard::fresh).collect();
        let rows: Vec<NewReview<'_>> =
            cards.iter().zip(&fresh).flat_map(|(c, before)| c.new_rows((learner, deck), before, &known)).collect();
        insert_reviews(&tx, &rows).map_err(e(msg!("import the review history")))?;
        let mut taken = 0;
        for c in cards {
            if c.newer_here(current.get(&c.card)) {
                continue;
            }
            let key = (learner, deck, c.card.as_str());
            let leech = has_leech_mark(&tx, key).map_err(e(msg!("import a card state")))?;
            upsert_card(&tx, key, &c.state, leech).map_err(e(msg!("import a card state")))?;
            taken += 1;
        }
        tx.commit().map_err(e(msg!("commit the imported progress")))?;
        Ok(taken)
    }

    /// Moves the progress kept under a deck's own id to the key it now
    /// shares with its other editions (`[deck] progress`), for every learner,
    /// in one transaction: answers and flags are relabelled; where a card has
    /// a state under both, the more recently studied one is kept. Returns
    /// whether anything moved (nothing does once adopted).
    pub fn adopt_progress(&mut self, deck_id: &str, key: &str) -> Result<bool, StoreError> {
        self.still_there()?;
        if deck_id == key {
            return Ok(false);
        }
        let has_old: bool = self
            .conn
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM reviews WHERE deck = ?1) OR EXISTS(SELECT 1 FROM cards WHERE deck = ?1)",
                params![deck_id],
                |r| r.get(0),
            )
            .map_err(self.err(msg!("look for progress under the deck id")))?;
        if !has_old {
            return Ok(false);
        }
        let path = self.path.clone();
        let e = |action: &'static str| {
            let p = path.clone();
            move |err| classify(&p, action, err)
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(e(msg!("start moving progress to the shared key")))?;
        for sql in [
            "DELETE FROM cards WHERE deck = ?2 AND EXISTS (
                 SELECT 1 FROM cards o WHERE o.deck = ?1 AND o.learner = cards.learner AND o.card = cards.card
                 AND coalesce(o.last_review_ms, 0) > coalesce(cards.last_review_ms, 0))",
            "DELETE FROM cards WHERE deck = ?1 AND EXISTS (
                 SELECT 1 FROM cards n WHERE n.deck = ?2 AND n.learner = cards.learner AND n.card = cards.card)",
            "UPDATE cards SET deck = ?2 WHERE deck = ?1",
            "UPDATE reviews SET deck = ?2 WHERE deck = ?1",
            "UPDATE OR REPLACE flags SET deck = ?2 WHERE deck = ?1",
            "UPDATE OR REPLACE skips SET deck = ?2 WHERE deck = ?1",
        ] {
            tx.execute(sql, params![deck_id, key]).map_err(e(msg!("move progress to the shared key")))?;
        }
        tx.commit().map_err(e(msg!("commit the moved progress")))?;
        Ok(true)
    }
}
