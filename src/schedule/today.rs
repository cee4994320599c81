//! Assembling a day's queue over several decks, each with its own settings:
//! its own study day (day start hour), daily limits, and what was already
//! done today (new cards introduced, reviews, skips, answered siblings).
//! The command reads those facts from the store; the rules live here.

use std::collections::HashSet;
use std::ops::Range;

use chrono::{DateTime, Utc};

use super::card::{CardState, State};
use super::queue::{Day, Entry, Limits, Queue};
use super::settings::Settings;

/// What one deck has already done in its current study day.
#[derive(Debug, Clone, Default)]
pub struct DoneToday {
    /// New cards introduced today.
    pub new_done: u32,
    /// Review answers given today.
    pub reviews_done: u32,
    /// Items skipped until the end of today.
    pub skipped: HashSet<usize>,
    /// Sibling groups with an item answered today (the others wait).
    pub answered_siblings: HashSet<usize>,
}

/// One deck of a session: its settings, its items (a range of the session's
/// items, in deck order) and what it already did today.
#[derive(Debug, Clone)]
pub struct DeckToday<'a> {
    pub settings: &'a Settings,
    pub items: Range<usize>,
    pub done: DoneToday,
}

/// The study day of a deck with these settings at `now`.
pub fn study_day(now: DateTime<Utc>, offset_secs: i32, settings: &Settings) -> Day {
    Day::containing(now, offset_secs, settings.day_start_hour)
}

/// Today's queue over several decks. `siblings[i]` and `states[i]` belong to
/// item `i`. New cards come deck by deck, each deck within its own daily
/// limit, all within `new_cap` (a session's `--new N`); learning cards and
/// reviews of all decks interleave by due time.
pub fn assemble(
    decks: &[DeckToday<'_>],
    siblings: &[usize],
    states: &[CardState],
    now: DateTime<Utc>,
    offset_secs: i32,
    new_cap: u32,
) -> Queue {
    let mut queue = Queue::default();
    let mut new_left = new_cap;
    for deck in decks {
        let day = study_day(now, offset_secs, deck.settings);
        let entries: Vec<Entry<'_>> = deck
            .items
            .clone()
            .filter(|i| !deck.done.skipped.contains(i))
            .map(|i| Entry { index: i, sibling: siblings[i], state: &states[i] })
            .collect();
        let limits = Limits {
            new: deck.settings.new_per_day.saturating_sub(deck.done.new_done).min(new_left),
            reviews: deck.settings.reviews_per_day.saturating_sub(deck.done.reviews_done),
        };
        let q = Queue::build(&entries, day, limits, deck.done.answered_siblings.clone());
        new_left = new_left.saturating_sub(u32::try_from(q.counts().new).unwrap_or(u32::MAX));
        queue.extend(q);
    }
    queue
}

/// A deck's counts for listings: items not yet studied, in (re)learning, and
/// review cards due by the end of `day`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeckCounts {
    pub new: usize,
    pub learning: usize,
    pub due: usize,
}

impl DeckCounts {
    /// Counts over `total` items, of which `studied` have a saved state.
    pub fn tally<'a>(total: usize, studied: impl IntoIterator<Item = &'a CardState>, day: Day) -> DeckCounts {
        let mut c = DeckCounts { new: total, ..DeckCounts::default() };
        for s in studied {
            if s.state == State::New {
                continue;
            }
            c.new = c.new.saturating_sub(1);
            match s.state {
                State::Learning | State::Relearning => c.learning += 1,
                State::Review if day.is_due_by_end(s.due) => c.due += 1,
                _ => {}
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    #[test]
    fn each_deck_keeps_its_own_limits_and_the_session_cap_holds() {
        let now = at("2026-03-02T09:00:00Z");
        let states = vec![CardState::new(now); 10];
        let siblings: Vec<usize> = (0..10).collect();
        let a = Settings { new_per_day: 2, ..Settings::default() };
        let b = Settings { new_per_day: 5, ..Settings::default() };
        let decks = [
            DeckToday { settings: &a, items: 0..5, done: DoneToday::default() },
            DeckToday { settings: &b, items: 5..10, done: DoneToday { new_done: 1, ..DoneToday::default() } },
        ];
        let q = assemble(&decks, &siblings, &states, now, 0, u32::MAX);
        // Deck a: 2 new; deck b: 5 - 1 already introduced = 4.
        assert_eq!(q.counts().new, 6);
        let capped = assemble(&decks, &siblings, &states, now, 0, 3);
        assert_eq!(capped.counts().new, 3);
    }

    #[test]
    fn skipped_items_and_answered_siblings_wait() {
        let now = at("2026-03-02T09:00:00Z");
        let states = vec![CardState::new(now); 4];
        let siblings = vec![0, 0, 1, 2];
        let s = Settings::default();
        let done = DoneToday {
            skipped: [3].into_iter().collect(),
            answered_siblings: [0].into_iter().collect(),
            ..DoneToday::default()
        };
        let mut q = assemble(&[DeckToday { settings: &s, items: 0..4, done }], &siblings, &states, now, 0, 100);
        assert_eq!(q.next(now), Some(2));
        assert_eq!(q.next(now), None);
    }

    #[test]
    fn reviews_over_the_daily_limit_wait() {
        let now = at("2026-03-02T09:00:00Z");
        let mut review = CardState::new(now);
        review.state = State::Review;
        review.last_review = Some(now - Duration::days(3));
        review.due = now - Duration::hours(1);
        let states = vec![review; 5];
        let siblings: Vec<usize> = (0..5).collect();
        let s = Settings { reviews_per_day: 3, ..Settings::default() };
        let done = DoneToday { reviews_done: 1, ..DoneToday::default() };
        let q = assemble(&[DeckToday { settings: &s, items: 0..5, done }], &siblings, &states, now, 0, 100);
        assert_eq!(q.counts().review, 2);
    }

    #[test]
    fn counts_for_listings() {
        let now = at("2026-03-02T09:00:00Z");
        let day = Day::containing(now, 0, 4);
        let mut learning = CardState::new(now);
        learning.state = State::Learning;
        let mut due = CardState::new(now);
        due.state = State::Review;
        due.due = now + Duration::hours(2);
        let mut later = due.clone();
        later.due = now + Duration::days(3);
        let c = DeckCounts::tally(10, [&learning, &due, &later], day);
        assert_eq!(c, DeckCounts { new: 7, learning: 1, due: 1 });
    }
}
