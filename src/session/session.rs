//! The study-session state machine: which item comes next, what an answer
//! does to its state, undo and skip, and the running summary. No I/O and no
//! UI: the command feeds it answers and persists what it returns.

use std::collections::{HashSet, VecDeque};

use chrono::{DateTime, Utc};

use crate::schedule::{CardState, Counts, Day, Grade, Queue, Scheduler, State};

/// What decides the order and whether answers reschedule.
#[derive(Debug, Clone)]
pub enum Plan {
    /// `learn run`: the engine's queue; answers reschedule.
    Schedule(Queue),
    /// `learn review --missed`: random order; a card missed again comes back
    /// until it is answered right once.
    Drill { order: VecDeque<usize>, reschedule: bool },
    /// `learn quiz`: a fixed list; the schedule is untouched.
    Exam { order: VecDeque<usize> },
}

/// What one answer changed, for the store and for undo.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub before: CardState,
    /// The new state when the answer reschedules.
    pub after: Option<CardState>,
    /// The card reached the leech threshold with this answer.
    pub leech: bool,
}

#[derive(Debug, Clone)]
struct UndoEntry {
    index: usize,
    before: CardState,
    review_id: i64,
    was_buried: bool,
    right: bool,
    first_miss: bool,
}

/// Running totals for the end-of-session summary.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub answered: usize,
    pub right: usize,
    /// Items answered wrong at least once, in order of first miss.
    pub missed: Vec<usize>,
}

/// One study session over a set of items.
#[derive(Debug, Clone)]
pub struct Session {
    plan: Plan,
    states: Vec<CardState>,
    siblings: Vec<usize>,
    day: Day,
    undo: Vec<UndoEntry>,
    leech_threshold: u32,
    pub summary: Summary,
    missed_set: HashSet<usize>,
}

impl Session {
    /// `states[i]` and `siblings[i]` belong to item `i`.
    pub fn new(plan: Plan, states: Vec<CardState>, siblings: Vec<usize>, day: Day, leech_threshold: u32) -> Session {
        Session {
            plan,
            states,
            siblings,
            day,
            undo: Vec::new(),
            leech_threshold,
            summary: Summary::default(),
            missed_set: HashSet::new(),
        }
    }

    /// The next item at `now`, or `None` when the session is over.
    pub fn next(&mut self, now: DateTime<Utc>) -> Option<usize> {
        match &mut self.plan {
            Plan::Schedule(q) => q.next(now),
            Plan::Drill { order, .. } | Plan::Exam { order } => order.pop_front(),
        }
    }

    /// The current state of an item.
    pub fn state(&self, index: usize) -> &CardState {
        &self.states[index]
    }

    /// Whether answers in this session change the schedule.
    pub fn reschedules(&self) -> bool {
        match &self.plan {
            Plan::Schedule(_) => true,
            Plan::Drill { reschedule, .. } => *reschedule,
            Plan::Exam { .. } => false,
        }
    }

    /// What each grade would do (for the buttons), when answers reschedule.
    pub fn preview(&self, index: usize, sched: &Scheduler, now: DateTime<Utc>, key: &str) -> Option<[CardState; 4]> {
        self.reschedules().then(|| sched.preview(&self.states[index], now, key))
    }

    /// Applies an answer. Call [`Session::saved`] once the store has it.
    pub fn answer(
        &mut self,
        index: usize,
        grade: Grade,
        right: bool,
        now: DateTime<Utc>,
        sched: &Scheduler,
        key: &str,
    ) -> Outcome {
        let before = self.states[index].clone();
        let after = self.reschedules().then(|| sched.review(&before, grade, now, key));
        // As in Anki: a leech at the threshold, and again every half threshold after.
        let t = self.leech_threshold;
        let leech = after.as_ref().is_some_and(|a| {
            a.lapses > before.lapses && a.lapses >= t && (a.lapses - t).is_multiple_of((t / 2).max(1))
        });
        if let Some(a) = &after {
            self.states[index] = a.clone();
        }
        let sibling = self.siblings[index];
        let was_buried = match &mut self.plan {
            Plan::Schedule(q) => {
                let b = q.is_buried(sibling);
                q.answered(index, sibling, &self.states[index], self.day);
                b
            }
            Plan::Drill { order, .. } => {
                if !right {
                    order.push_back(index);
                }
                false
            }
            Plan::Exam { .. } => false,
        };
        self.summary.answered += 1;
        if right {
            self.summary.right += 1;
        }
        let first_miss = !right && self.missed_set.insert(index);
        if first_miss {
            self.summary.missed.push(index);
        }
        self.undo.push(UndoEntry { index, before: before.clone(), review_id: 0, was_buried, right, first_miss });
        Outcome { before, after, leech }
    }

    /// Records the store's id of the last answer, so undo can forget it.
    pub fn saved(&mut self, review_id: i64) {
        if let Some(u) = self.undo.last_mut() {
            u.review_id = review_id;
        }
    }

    /// Undoes the last answer: the item comes back next with its old state.
    /// Returns (item, review id to delete from the store).
    pub fn undo(&mut self) -> Option<(usize, i64)> {
        let u = self.undo.pop()?;
        self.states[u.index] = u.before;
        let sibling = self.siblings[u.index];
        match &mut self.plan {
            Plan::Schedule(q) => q.put_back(u.index, sibling, u.was_buried),
            Plan::Drill { order, .. } => {
                if !u.right
                    && let Some(pos) = order.iter().rposition(|&i| i == u.index)
                {
                    order.remove(pos);
                }
                order.push_front(u.index);
            }
            Plan::Exam { order } => order.push_front(u.index),
        }
        self.summary.answered -= 1;
        if u.right {
            self.summary.right -= 1;
        }
        if u.first_miss {
            self.missed_set.remove(&u.index);
            self.summary.missed.retain(|&i| i != u.index);
        }
        Some((u.index, u.review_id))
    }

    /// Puts an item that was taken with [`Session::next`] back at the front
    /// (the learner undid the previous answer instead of answering it).
    pub fn requeue(&mut self, index: usize) {
        let sibling = self.siblings[index];
        match &mut self.plan {
            Plan::Schedule(q) => q.put_back(index, sibling, true),
            Plan::Drill { order, .. } | Plan::Exam { order } => order.push_front(index),
        }
    }

    /// Changes the grade of the last answer (a right answer marked Hard or
    /// Easy instead of Good). Returns the review id to forget and the new outcome.
    pub fn regrade(
        &mut self,
        grade: Grade,
        now: DateTime<Utc>,
        sched: &Scheduler,
        key: &str,
    ) -> Option<(i64, usize, Outcome)> {
        let (index, old_id) = self.undo()?;
        self.skip(index);
        let outcome = self.answer(index, grade, true, now, sched, key);
        Some((old_id, index, outcome))
    }

    /// Whether there is an answer to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Takes an item out of this session (skip for today).
    pub fn skip(&mut self, index: usize) {
        match &mut self.plan {
            Plan::Schedule(q) => q.remove(index),
            Plan::Drill { order, .. } | Plan::Exam { order } => order.retain(|&i| i != index),
        }
    }

    /// What is left, for the status line.
    pub fn counts(&self) -> Counts {
        match &self.plan {
            Plan::Schedule(q) => q.counts(),
            Plan::Drill { order, .. } | Plan::Exam { order } => Counts { new: 0, learning: 0, review: order.len() },
        }
    }

    /// The earliest due time among studied (non-new) items after the session.
    pub fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.states.iter().filter(|s| s.state != State::New && s.due > now).map(|s| s.due).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{Entry, Limits, Settings};

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default()
    }

    fn sched() -> Scheduler {
        Scheduler::new(Settings { fuzz: false, ..Settings::default() }).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A whole session driven from a list of answers.
    #[test]
    fn a_session_from_a_list_of_answers() {
        let s = sched();
        let n = 3;
        let states: Vec<CardState> = (0..n).map(|_| CardState::new(now())).collect();
        let siblings: Vec<usize> = (0..n).collect();
        let entries: Vec<Entry> = (0..n).map(|i| Entry { index: i, sibling: siblings[i], state: &states[i] }).collect();
        let day = Day::containing(now(), 0, 4);
        let q = Queue::build(&entries, day, Limits { new: 20, reviews: 200 }, HashSet::new());
        let mut sess = Session::new(Plan::Schedule(q), states, siblings, day, 8);
        let mut t = now();
        let mut shown = Vec::new();
        // Good on everything, a minute apart: the three new cards first, then each
        // comes back (learning ahead) for its 10-minute step and graduates.
        while let Some(i) = sess.next(t) {
            shown.push(i);
            let o = sess.answer(i, Grade::Good, true, t, &s, "k");
            sess.saved(shown.len() as i64);
            assert!(o.after.is_some());
            t += chrono::Duration::minutes(1);
        }
        assert_eq!(shown, vec![0, 1, 2, 0, 1, 2]);
        assert!(sess.states.iter().all(|c| c.state == State::Review));
        assert_eq!(sess.summary.answered, 6);
        // Undo brings the last item back with its old state.
        let (i, id) = sess.undo().unwrap_or((99, 0));
        assert_eq!((i, id), (2, 6));
        assert_eq!(sess.state(2).state, State::Learning);
        assert_eq!(sess.next(t), Some(2));
    }

    #[test]
    fn drill_repeats_misses_until_right() {
        let s = sched();
        let states = vec![CardState::new(now()); 2];
        let order: VecDeque<usize> = [0, 1].into();
        let mut sess =
            Session::new(Plan::Drill { order, reschedule: false }, states, vec![0, 1], Day::containing(now(), 0, 4), 8);
        let mut seen = Vec::new();
        let mut wrong_once = false;
        while let Some(i) = sess.next(now()) {
            seen.push(i);
            let right = i == 1 || wrong_once;
            if i == 0 {
                wrong_once = true;
            }
            let o = sess.answer(i, if right { Grade::Good } else { Grade::Again }, right, now(), &s, "k");
            assert!(o.after.is_none(), "--no-reschedule leaves the schedule alone");
        }
        assert_eq!(seen, vec![0, 1, 0]);
        assert_eq!(sess.summary.missed, vec![0]);
    }
}
