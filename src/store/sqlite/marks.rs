//! Marks on cards that are not answers: flags (a card needs a fix) and
//! skips (hidden until the end of the study day).

use crate::i18n::msg;
use chrono::{DateTime, Utc};
use rusqlite::params;

use super::Store;
use super::sql::{from_ms, ms};
use crate::store::{Flag, StoreError};

impl Store {
    /// Marks a card as needing a fix, with what is wrong (listed by `learn
    /// flags` and `learn check`). Flagging again replaces the note.
    pub fn flag(
        &self,
        learner: &str,
        deck: &str,
        card: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.still_there()?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO flags (learner, deck, card, time_ms, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![learner, deck, card, ms(now), note],
            )
            .map_err(self.err(msg!("flag the card")))?;
        Ok(())
    }

    /// Removes a learner's flag on a card; whether there was one.
    pub fn unflag(&self, learner: &str, deck: &str, card: &str) -> Result<bool, StoreError> {
        self.still_there()?;
        let n = self
            .conn
            .execute("DELETE FROM flags WHERE learner = ?1 AND deck = ?2 AND card = ?3", params![learner, deck, card])
            .map_err(self.err(msg!("remove the flag")))?;
        Ok(n > 0)
    }

    /// Every flagged card.
    pub fn flags(&self) -> Result<Vec<Flag>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT learner, deck, card, time_ms, note FROM flags ORDER BY deck, card, learner")
            .map_err(self.err(msg!("read flags")))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Flag {
                    learner: r.get(0)?,
                    deck: r.get(1)?,
                    card: r.get(2)?,
                    time: from_ms(r.get(3)?),
                    note: r.get(4)?,
                })
            })
            .map_err(self.err(msg!("read flags")))?;
        rows.collect::<Result<_, _>>().map_err(self.err(msg!("read flags")))
    }

    /// Hides a card until `until` (the end of today).
    pub fn skip(&self, learner: &str, deck: &str, card: &str, until: DateTime<Utc>) -> Result<(), StoreError> {
        self.still_there()?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO skips (learner, deck, card, until_ms) VALUES (?1, ?2, ?3, ?4)",
                params![learner, deck, card, ms(until)],
            )
            .map_err(self.err(msg!("skip the card")))?;
        Ok(())
    }

    /// Every (deck, card) with history, for any learner: to find orphans.
    pub fn known_cards(&self) -> Result<Vec<(String, String)>, StoreError> {
        // Distinct by learner first: the (learner, deck, card) index gives
        // those in order, where (deck, card) alone sorted the whole log
        // (0.5 s of 1 000 000 answers; this is 0.1 s).
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT learner, deck, card FROM reviews")
            .map_err(self.err(msg!("list cards with history")))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get(1)?, r.get(2)?))).map_err(self.err(msg!("list cards with history")))?;
        let mut cards: Vec<(String, String)> =
            rows.collect::<Result<_, _>>().map_err(self.err(msg!("list cards with history")))?;
        cards.sort_unstable();
        cards.dedup();
        Ok(cards)
    }
}
