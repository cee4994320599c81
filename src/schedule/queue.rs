//! The study queue, like Anki's: learning cards come back within the session
//! when their step is due (learning ahead up to 20 minutes when nothing else
//! is left); then interday learning, then reviews, then new cards, within the
//! daily limits. Siblings (cloze deletions of one card, the two directions
//! of a reversed card) wait until tomorrow once one of them is answered.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};

use super::card::{CardState, State};

/// How far ahead a learning card may be shown when nothing else is left.
pub const LEARN_AHEAD: Duration = Duration::minutes(20);

/// Today's bounds: the learner's local day, starting at `day_start_hour`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Day {
    /// The study day containing `now`, for a zone `offset_secs` from UTC.
    pub fn containing(now: DateTime<Utc>, offset_secs: i32, day_start_hour: u32) -> Day {
        let shift = offset_secs as i64 - day_start_hour as i64 * 3600;
        let local = now.timestamp() + shift;
        let start_ts = local.div_euclid(86_400) * 86_400 - shift;
        let start = DateTime::from_timestamp(start_ts, 0).unwrap_or(now);
        Day { start, end: start + Duration::days(1) }
    }

    /// Whether a card due at `due` is available today: due at any time
    /// before this study day ends (overdue cards included).
    pub fn is_due_by_end(&self, due: DateTime<Utc>) -> bool {
        due < self.end
    }
}

/// One queued item: an index chosen by the caller, its sibling group (any
/// number shared by the items of one card) and its state.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub index: usize,
    pub sibling: usize,
    pub state: &'a CardState,
}

/// Daily limits left for today.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub new: u32,
    pub reviews: u32,
}

/// The ordered queue of a session.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    /// Intraday learning: (due, index), sorted by due.
    learning: Vec<(DateTime<Utc>, usize)>,
    interday: Vec<usize>,
    review: Vec<(DateTime<Utc>, usize)>,
    new: Vec<usize>,
    sibling_of: foldhash::HashMap<usize, usize>,
    buried: HashSet<usize>,
    /// Items put back to be shown next (undo, or a card left unanswered),
    /// most recent last. Not in the counts: the session counts them by state.
    front: Vec<usize>,
}

/// Counts for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub new: usize,
    pub learning: usize,
    pub review: usize,
}

impl Queue {
    /// Builds today's queue. `buried` holds sibling groups already answered
    /// today. Entries come in deck order; new cards keep it.
    pub fn build(entries: &[Entry<'_>], day: Day, limits: Limits, buried: HashSet<usize>) -> Queue {
        let mut q = Queue { buried, ..Queue::default() };
        // (due, index, sibling) and (index, sibling): the sibling groups of
        // only the items queued are kept (a deck may hold 100 000 new ones).
        let mut reviews: Vec<(DateTime<Utc>, usize, usize)> = Vec::new();
        let mut new: Vec<(usize, usize)> = Vec::new();
        for e in entries {
            let s = e.state;
            match s.state {
                State::New => new.push((e.index, e.sibling)),
                State::Learning | State::Relearning if day.is_due_by_end(s.due) => {
                    let step_len = s.last_review.map_or(Duration::zero(), |l| s.due - l);
                    if step_len < Duration::days(1) {
                        q.learning.push((s.due, e.index));
                    } else {
                        q.interday.push(e.index);
                    }
                    q.sibling_of.insert(e.index, e.sibling);
                }
                State::Review if day.is_due_by_end(s.due) => reviews.push((s.due, e.index, e.sibling)),
                _ => {}
            }
        }
        // Siblings of cards answered today wait, unless they are mid-learning.
        let waits = |sibling: &usize| q.buried.contains(sibling);
        new.retain(|(_, s)| !waits(s));
        new.truncate(limits.new as usize);
        reviews.retain(|(_, _, s)| !waits(s));
        // The earliest due first, in item order when equal: only the ones
        // within the limit are sorted (a big deck may have 80 000 due).
        let limit = limits.reviews as usize;
        let key = |(d, i, _): &(DateTime<Utc>, usize, usize)| (*d, *i);
        if reviews.len() > limit && limit > 0 {
            reviews.select_nth_unstable_by_key(limit - 1, key);
        }
        reviews.truncate(limit);
        reviews.sort_unstable_by_key(key);
        q.sibling_of.extend(new.iter().copied().chain(reviews.iter().map(|&(_, i, s)| (i, s))));
        q.review = reviews.into_iter().map(|(d, i, _)| (d, i)).collect();
        q.new = new.into_iter().map(|(i, _)| i).collect();
        q.learning.sort_by_key(|(d, _)| *d);
        q
    }

    /// The next item to show at `now`, removing it from the queue.
    pub fn next(&mut self, now: DateTime<Utc>) -> Option<usize> {
        if let Some(i) = self.front.pop() {
            return Some(i);
        }
        if let Some(&(due, i)) = self.learning.first()
            && due <= now
        {
            self.learning.remove(0);
            return Some(i);
        }
        if !self.interday.is_empty() {
            return Some(self.interday.remove(0));
        }
        while !self.review.is_empty() {
            let (_, i) = self.review.remove(0);
            if !self.waits(i) {
                return Some(i);
            }
        }
        while !self.new.is_empty() {
            let i = self.new.remove(0);
            if !self.waits(i) {
                return Some(i);
            }
        }
        if let Some(&(due, i)) = self.learning.first()
            && due <= now + LEARN_AHEAD
        {
            self.learning.remove(0);
            return Some(i);
        }
        None
    }

    /// After an answer: a learning card due again today comes back; its
    /// siblings wait until tomorrow.
    pub fn answered(&mut self, index: usize, sibling: usize, after: &CardState, day: Day) {
        self.buried.insert(sibling);
        self.remove(index);
        if matches!(after.state, State::Learning | State::Relearning) && day.is_due_by_end(after.due) {
            let pos = self.learning.partition_point(|(d, _)| *d <= after.due);
            self.learning.insert(pos, (after.due, index));
        }
    }

    /// Puts an item back at the front (undo), with its sibling group freed.
    pub fn put_back(&mut self, index: usize, sibling: usize, was_buried: bool) {
        self.remove(index);
        if !was_buried {
            self.buried.remove(&sibling);
        }
        self.front.push(index);
    }

    /// Takes over another queue's put-back items (a rebuilt queue keeps them).
    pub fn keep_front_of(&mut self, old: &Queue) {
        for &i in &old.front {
            self.remove(i);
            self.front.push(i);
        }
    }

    /// Items waiting at the front (put back), to be counted by their state.
    pub fn waiting_in_front(&self) -> &[usize] {
        &self.front
    }

    /// Drops an item from every list (skip for today).
    pub fn remove(&mut self, index: usize) {
        self.front.retain(|i| *i != index);
        self.learning.retain(|(_, i)| *i != index);
        self.interday.retain(|i| *i != index);
        self.review.retain(|(_, i)| *i != index);
        self.new.retain(|i| *i != index);
    }

    /// Whether an item's sibling group was answered today.
    fn waits(&self, index: usize) -> bool {
        self.sibling_of.get(&index).is_some_and(|s| self.buried.contains(s))
    }

    /// Adds another deck's queue: learning and reviews interleave by due
    /// time, new cards follow deck by deck.
    pub fn extend(&mut self, other: Queue) {
        self.learning.extend(other.learning);
        self.learning.sort_by_key(|(d, _)| *d);
        self.interday.extend(other.interday);
        self.review.extend(other.review);
        self.review.sort_by_key(|(d, _)| *d);
        self.new.extend(other.new);
        self.front.extend(other.front);
        self.sibling_of.extend(other.sibling_of);
        self.buried.extend(other.buried);
    }

    pub fn is_buried(&self, sibling: usize) -> bool {
        self.buried.contains(&sibling)
    }

    /// What is left: new, learning (intraday and interday), review.
    pub fn counts(&self) -> Counts {
        Counts { new: self.new.len(), learning: self.learning.len() + self.interday.len(), review: self.review.len() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    #[test]
    fn only_the_earliest_reviews_within_the_limit_are_queued_in_item_order_when_equal() {
        let now = at("2026-03-02T09:00:00Z");
        let day = Day::containing(now, 0, 4);
        let review = |hours_ago: i64| {
            let mut s = CardState::new(now);
            s.state = State::Review;
            s.last_review = Some(now - Duration::days(10));
            s.due = now - Duration::hours(hours_ago);
            s
        };
        // Due 5, 1, 3, 3, 9, 3 hours ago: the four earliest are 9, 5, then
        // two of the three due 3 hours ago, the first two by item.
        let states = [review(5), review(1), review(3), review(3), review(9), review(3)];
        let entries: Vec<Entry<'_>> =
            states.iter().enumerate().map(|(i, s)| Entry { index: i, sibling: i, state: s }).collect();
        let mut q = Queue::build(&entries, day, Limits { new: 0, reviews: 4 }, HashSet::new());
        assert_eq!(q.counts(), Counts { new: 0, learning: 0, review: 4 });
        let order: Vec<usize> = std::iter::from_fn(|| q.next(now)).collect();
        assert_eq!(order, vec![4, 0, 2, 3]);
        let q = Queue::build(&entries, day, Limits { new: 0, reviews: 0 }, HashSet::new());
        assert_eq!(q.counts().review, 0);
    }

    #[test]
    fn day_starts_at_four_local() {
        // 02:00 local (+07:00) belongs to the previous study day.
        let d = Day::containing(at("2026-03-02T02:00:00+07:00"), 7 * 3600, 4);
        assert_eq!(d.start, at("2026-03-01T04:00:00+07:00"));
        assert_eq!(d.end, at("2026-03-02T04:00:00+07:00"));
        let d = Day::containing(at("2026-03-02T09:00:00+07:00"), 7 * 3600, 4);
        assert_eq!(d.start, at("2026-03-02T04:00:00+07:00"));
    }

    #[test]
    fn order_is_learning_then_review_then_new_and_siblings_wait() {
        let now = at("2026-03-02T09:00:00Z");
        let day = Day::containing(now, 0, 4);
        let mut review = CardState::new(now);
        review.state = State::Review;
        review.last_review = Some(now - Duration::days(3));
        review.due = now - Duration::hours(1);
        let mut learning = CardState::new(now);
        learning.state = State::Learning;
        learning.last_review = Some(now - Duration::minutes(5));
        learning.due = now - Duration::minutes(1);
        let fresh = CardState::new(now);
        let e = |index, sibling, state| Entry { index, sibling, state };
        let entries =
            vec![e(0, 10, &fresh), e(1, 10, &fresh), e(2, 11, &review), e(3, 12, &learning), e(4, 13, &fresh)];
        let mut q = Queue::build(&entries, day, Limits { new: 10, reviews: 10 }, HashSet::new());
        assert_eq!(q.counts(), Counts { new: 3, learning: 1, review: 1 });
        assert_eq!(q.next(now), Some(3));
        assert_eq!(q.next(now), Some(2));
        assert_eq!(q.next(now), Some(0));
        let mut after = CardState::new(now);
        after.state = State::Learning;
        after.due = now + Duration::minutes(1);
        q.answered(0, 10, &after, day);
        // Card 1 is a sibling of 0: it waits; 4 comes next.
        assert_eq!(q.next(now), Some(4));
        // Nothing due now, but card 0 is within the learn-ahead limit.
        assert_eq!(q.next(now), Some(0));
        assert_eq!(q.next(now), None);
    }

    #[test]
    fn daily_limits_cap_new_and_reviews() {
        let now = at("2026-03-02T09:00:00Z");
        let fresh = CardState::new(now);
        let mut due = CardState::new(now);
        due.state = State::Review;
        due.last_review = Some(now - Duration::days(4));
        due.due = now - Duration::hours(2);
        let entries: Vec<Entry> =
            (0..60).map(|i| Entry { index: i, sibling: i, state: if i < 30 { &fresh } else { &due } }).collect();
        let q = Queue::build(&entries, Day::containing(now, 0, 4), Limits { new: 20, reviews: 7 }, HashSet::new());
        assert_eq!((q.counts().new, q.counts().review), (20, 7));
        let none = Queue::build(&entries, Day::containing(now, 0, 4), Limits { new: 0, reviews: 0 }, HashSet::new());
        assert_eq!((none.counts().new, none.counts().review), (0, 0));
    }
}
