//! A deck's cards: owned (parsed or built), or read from the parse cache,
//! where a card's text is decoded only when the card is asked for.
//!
//! Start-up needs every card's id, kind, item numbers, section and sibling
//! groups (an [`Outline`]), but the text of only the cards shown. A cached
//! deck keeps its entry (one buffer of text, one of records) and gives
//! outlines without decoding any text; [`Cards::card`] decodes one card.
//! Anything that reads the cards as a slice (`deck.cards.iter()`,
//! `deck.cards[i]`: the linter, export, `learn check`) decodes them all once.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use super::cache::Entry;
use super::model::{Card, Content, Kind};

/// The cards of a deck, in deck order.
pub struct Cards(Repr);

enum Repr {
    Owned(Vec<Card>),
    Cached { entry: Arc<Entry>, all: OnceLock<Vec<Card>> },
}

/// What start-up needs of a card, without its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline<'a> {
    pub id: &'a str,
    pub kind: Kind,
    /// The card's `source` (its section, for the order new cards come in).
    pub source: Option<&'a str>,
    /// Its tags that start with `group:` (cards kept apart in a session).
    pub groups: Vec<&'a str>,
    /// A basic card also asked in reverse.
    pub reverse: bool,
    /// A cloze card's deletion numbers, each an item, in order.
    pub numbers: Cow<'a, [u32]>,
}

impl Outline<'_> {
    /// The ids of the items the card expands to: its id for each, followed
    /// by its [`ItemTail`] (the one definition of item ids).
    pub fn item_ids(&self) -> Vec<String> {
        self.item_tails().map(|t| format!("{}{t}", self.id)).collect()
    }

    /// What follows the card's id in each of its items' ids, in order:
    /// nothing, `#reverse`, or a cloze deletion's `#n`.
    pub fn item_tails(&self) -> impl Iterator<Item = ItemTail> + '_ {
        let (plain, reverse, numbers): (usize, usize, &[u32]) = match self.kind {
            Kind::Basic if self.reverse => (1, 1, &[]),
            Kind::Cloze => (0, 0, &self.numbers),
            _ => (1, 0, &[]),
        };
        std::iter::repeat_n(ItemTail::None, plain)
            .chain(std::iter::repeat_n(ItemTail::Reverse, reverse))
            .chain(numbers.iter().map(|&n| ItemTail::Deletion(n)))
    }
}

/// The end of an item's id after its card's id (see [`Outline::item_tails`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemTail {
    None,
    Reverse,
    Deletion(u32),
}

impl std::fmt::Display for ItemTail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemTail::None => Ok(()),
            ItemTail::Reverse => f.write_str("#reverse"),
            ItemTail::Deletion(n) => write!(f, "#{n}"),
        }
    }
}

impl Card {
    /// The card's outline (its text stays where it is).
    pub fn outline(&self) -> Outline<'_> {
        Outline {
            id: self.id.as_str(),
            kind: self.kind(),
            source: self.source.as_deref(),
            groups: self.tags.iter().map(String::as_str).filter(|t| t.starts_with("group:")).collect(),
            reverse: matches!(self.content, Content::Basic { reverse: true, .. }),
            numbers: match &self.content {
                Content::Cloze(c) => Cow::Owned(c.numbers()),
                _ => Cow::Borrowed(&[]),
            },
        }
    }
}

impl Cards {
    pub(super) fn cached(entry: Arc<Entry>) -> Cards {
        Cards(Repr::Cached { entry, all: OnceLock::new() })
    }

    /// Number of cards (nothing decoded).
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Owned(v) => v.len(),
            Repr::Cached { entry, .. } => entry.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The outline of card `i`.
    pub fn outline(&self, i: usize) -> Option<Outline<'_>> {
        match &self.0 {
            Repr::Owned(v) => v.get(i).map(Card::outline),
            Repr::Cached { entry, .. } => entry.outline(i),
        }
    }

    /// Card `i`'s kind.
    pub fn kind(&self, i: usize) -> Option<Kind> {
        match &self.0 {
            Repr::Owned(v) => v.get(i).map(Card::kind),
            Repr::Cached { entry, .. } => entry.kind(i),
        }
    }

    /// Every card's outline, in order.
    pub fn outlines(&self) -> impl Iterator<Item = Outline<'_>> {
        (0..self.len()).filter_map(|i| self.outline(i))
    }

    /// Card `i`, decoded now if it is not yet.
    pub fn card(&self, i: usize) -> Option<Cow<'_, Card>> {
        match &self.0 {
            Repr::Owned(v) => v.get(i).map(Cow::Borrowed),
            Repr::Cached { entry, all } => match all.get() {
                Some(v) => v.get(i).map(Cow::Borrowed),
                None => entry.card(i).map(Cow::Owned),
            },
        }
    }

    /// Whether the cards came from the parse cache (their text read lazily).
    pub fn is_cached(&self) -> bool {
        matches!(self.0, Repr::Cached { .. })
    }
}

impl std::ops::Deref for Cards {
    type Target = [Card];

    fn deref(&self) -> &[Card] {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Cached { entry, all } => all.get_or_init(|| entry.all()),
        }
    }
}

impl From<Vec<Card>> for Cards {
    fn from(v: Vec<Card>) -> Cards {
        Cards(Repr::Owned(v))
    }
}

impl Default for Cards {
    fn default() -> Cards {
        Cards(Repr::Owned(Vec::new()))
    }
}

impl Clone for Cards {
    fn clone(&self) -> Cards {
        match &self.0 {
            Repr::Owned(v) => Cards(Repr::Owned(v.clone())),
            Repr::Cached { entry, all } => Cards(Repr::Cached { entry: entry.clone(), all: all.clone() }),
        }
    }
}

impl std::fmt::Debug for Cards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl IntoIterator for Cards {
    type Item = Card;
    type IntoIter = std::vec::IntoIter<Card>;

    fn into_iter(self) -> Self::IntoIter {
        match self.0 {
            Repr::Owned(v) => v.into_iter(),
            Repr::Cached { entry, all } => match all.into_inner() {
                Some(v) => v.into_iter(),
                None => entry.all().into_iter(),
            },
        }
    }
}

impl<'a> IntoIterator for &'a Cards {
    type Item = &'a Card;
    type IntoIter = std::slice::Iter<'a, Card>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
