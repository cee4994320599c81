//! The study items' ids, all in one buffer.
//!
//! A session may hold 100 000 items; a `String` for each id (and another for
//! its fuzz key) was a third of start-up, in allocations alone. Here every
//! id is a slice of one buffer, and an item's fuzz key (its deck's progress
//! key, `/`, its id) is made only when the item is answered.

use std::fmt::{Display, Write};

/// Item ids by number, and each deck's progress key.
#[derive(Debug, Clone, Default)]
pub(crate) struct ItemIds {
    buf: String,
    /// Where each id ends in `buf` (it starts where the one before ends).
    ends: Vec<usize>,
    decks: Vec<String>,
}

impl ItemIds {
    /// No ids yet; `decks[d]` is deck `d`'s progress key.
    pub(crate) fn new(decks: Vec<String>) -> ItemIds {
        ItemIds { buf: String::new(), ends: Vec::new(), decks }
    }

    /// Room for `n` more ids of about `bytes` bytes in all.
    pub(crate) fn reserve(&mut self, n: usize, bytes: usize) {
        self.ends.reserve(n);
        self.buf.reserve(bytes);
    }

    /// Adds the id `head` followed by `tail` (written with `Display`, which
    /// may write nothing); returns its number.
    pub(crate) fn push(&mut self, head: &str, tail: impl Display) -> usize {
        self.buf.push_str(head);
        // Writing into a String cannot fail.
        let _ = write!(self.buf, "{tail}");
        self.ends.push(self.buf.len());
        self.ends.len() - 1
    }

    /// Adds the id `id`; returns its number.
    pub(crate) fn push_str(&mut self, id: &str) -> usize {
        self.buf.push_str(id);
        self.ends.push(self.buf.len());
        self.ends.len() - 1
    }

    /// Id number `i`.
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// Deck `deck`'s progress key.
    pub(crate) fn deck_key(&self, deck: usize) -> &str {
        &self.decks[deck]
    }

    /// The fuzz key of id `i` in deck `deck`: `progress-key/item-id`, stable
    /// for a card across sessions (the scheduler's fuzz is seeded with it).
    pub(crate) fn fuzz_key(&self, deck: usize, i: usize) -> String {
        format!("{}/{}", self.decks[deck], self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::ItemIds;

    #[test]
    fn ids_come_back_as_pushed_and_keys_join_deck_and_id() {
        let mut ids = ItemIds::new(vec!["bpo".into(), "other".into()]);
        let a = ids.push("c1", "");
        let b = ids.push("c2", "#reverse");
        let c = ids.push_str("");
        let d = ids.push("c3", format_args!("#{}", 2));
        assert_eq!((a, b, c, d), (0, 1, 2, 3));
        assert_eq!([ids.get(0), ids.get(1), ids.get(2), ids.get(3)], ["c1", "c2#reverse", "", "c3#2"]);
        assert_eq!(ids.fuzz_key(0, 1), "bpo/c2#reverse");
        assert_eq!(ids.fuzz_key(1, 3), "other/c3#2");
        assert_eq!(ids.deck_key(1), "other");
    }
}
