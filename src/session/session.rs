//! The study-session state machine: which item comes next, what an answer
//! does to its state, undo and skip, crossing into a new study day, and the
//! running summary. No I/O and no UI: the driver feeds it judged answers and
//! persists what it returns.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use chrono::{DateTime, Utc};

use crate::schedule::{
    CardState, Counts, Day, DeckToday, DoneToday, Grade, Queue, Scheduler, State, assemble, study_day,
};

use super::ids::ItemIds;
use super::judge::Judgement;

/// What decides the order and whether answers reschedule.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    /// `learn run`: the engine's queue, rebuilt when a study day turns;
    /// answers reschedule.
    Schedule(Box<Today>),
    /// `learn review`: random order; a card missed again comes back until it
    /// is answered right once.
    Drill { order: VecDeque<usize>, reschedule: bool },
    /// `learn quiz`: a fixed list of questions; a skipped one is replaced
    /// from `spare`. The schedule is untouched.
    Exam { order: VecDeque<usize>, spare: VecDeque<usize> },
}

/// `learn run`'s plan: today's queue, and what it takes to build the next
/// day's when the session crosses a day start.
#[derive(Debug, Clone)]
pub(crate) struct Today {
    pub queue: Queue,
    /// The session's items of each deck (deck order).
    pub ranges: Vec<Range<usize>>,
    /// What each deck had done in its study day before the session began.
    pub done_before: Vec<DoneToday>,
    /// New cards the session may introduce (`--new N`; `u32::MAX` when unset).
    pub new_cap: u32,
}

/// What one answer changed, for the store and for undo.
#[derive(Debug, Clone)]
pub(crate) struct Answered {
    pub before: CardState,
    /// The new state when the answer reschedules.
    pub after: Option<CardState>,
    /// The card reached the leech threshold with this answer.
    pub leech: bool,
}

/// One answer given in this session, kept for undo and to know what each
/// deck did today.
#[derive(Debug, Clone)]
struct UndoEntry {
    index: usize,
    time: DateTime<Utc>,
    before: CardState,
    rescheduled: bool,
    review_id: i64,
    was_buried: bool,
    right: bool,
    first_miss: bool,
}

/// Running totals for the end-of-session summary.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    pub answered: usize,
    pub right: usize,
    /// Items answered wrong at least once, in order of first miss.
    pub missed: Vec<usize>,
    /// Questions skipped (a quiz replaces them when it can).
    pub skipped: usize,
}

/// After a session: what is left and when to come back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outlook {
    /// Still in today's queue (the session was stopped early).
    pub left: Counts,
    /// Due now but held back: over a daily limit, or a sibling was answered today.
    pub held_back: usize,
    /// The next due time after now, when nothing is due now.
    pub next: Option<DateTime<Utc>>,
}

/// One study item as the session sees it: its deck (an index into the
/// session's schedulers), its sibling group, and its id (a number in the
/// session's [`ItemIds`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionItem {
    pub deck: usize,
    pub sibling: usize,
    pub id: usize,
}

/// One study session over a set of items from one or more decks. Every item
/// is scheduled with its own deck's settings (steps, retention, day start,
/// leech threshold).
#[derive(Debug)]
pub(crate) struct Session {
    plan: Plan,
    states: Vec<CardState>,
    items: Vec<SessionItem>,
    ids: ItemIds,
    /// Items whose state holds only what the queue reads (see
    /// [`Session::set_light`]); empty when none does.
    light: Vec<bool>,
    decks: Vec<Scheduler>,
    offset_secs: i32,
    /// Each deck's study day as the queue was last built.
    days: Vec<Day>,
    undo: Vec<UndoEntry>,
    /// Items skipped in this session, with when (a skip lasts to the end of that day).
    skips: Vec<(usize, DateTime<Utc>)>,
    pub summary: Summary,
    missed_set: HashSet<usize>,
}

impl Session {
    /// `states[i]` and `items[i]` belong to item `i`, whose id is
    /// `ids.get(items[i].id)`; `decks[d]` schedules the items of deck `d`;
    /// `offset_secs` is the learner's time zone and `now` the time the plan
    /// was built.
    pub(crate) fn new(
        plan: Plan,
        states: Vec<CardState>,
        items: Vec<SessionItem>,
        ids: ItemIds,
        decks: Vec<Scheduler>,
        offset_secs: i32,
        now: DateTime<Utc>,
    ) -> Session {
        let days = decks.iter().map(|s| study_day(now, offset_secs, s.settings())).collect();
        Session {
            plan,
            states,
            items,
            ids,
            light: Vec::new(),
            decks,
            offset_secs,
            days,
            undo: Vec::new(),
            skips: Vec::new(),
            summary: Summary::default(),
            missed_set: HashSet::new(),
        }
    }

    fn scheduler(&self, index: usize) -> &Scheduler {
        &self.decks[self.items[index].deck]
    }

    /// An item's id (as the deck and the store know it).
    pub(crate) fn item_id(&self, index: usize) -> &str {
        self.ids.get(self.items[index].id)
    }

    /// An item's fuzz key: the same for the card in every session.
    fn fuzz_key(&self, index: usize) -> String {
        let it = &self.items[index];
        self.ids.fuzz_key(it.deck, it.id)
    }

    /// The study day of an item's deck at `now`.
    pub(crate) fn day_of(&self, index: usize, now: DateTime<Utc>) -> Day {
        study_day(now, self.offset_secs, self.scheduler(index).settings())
    }

    /// The next item at `now`, or `None` when the session is over. When a
    /// deck's study day has turned since the queue was built, the queue is
    /// built again for the new day first.
    pub(crate) fn next(&mut self, now: DateTime<Utc>) -> Option<usize> {
        if matches!(self.plan, Plan::Schedule(_)) && self.days.iter().any(|d| now >= d.end) {
            self.rebuild(now);
        }
        match &mut self.plan {
            Plan::Schedule(t) => t.queue.next(now),
            Plan::Drill { order, .. } | Plan::Exam { order, .. } => order.pop_front(),
        }
    }

    /// Today's queue again, for the study days at `now`: what each deck did
    /// in its day is what it did before the session (if the day has not
    /// turned) plus this session's answers and skips since the day began.
    fn rebuild(&mut self, now: DateTime<Utc>) {
        let Plan::Schedule(today) = &self.plan else { return };
        let new_days: Vec<Day> = self.decks.iter().map(|s| study_day(now, self.offset_secs, s.settings())).collect();
        let mut done: Vec<DoneToday> = new_days
            .iter()
            .zip(&self.days)
            .zip(&today.done_before)
            .map(|((new, old), before)| if new == old { before.clone() } else { DoneToday::default() })
            .collect();
        let mut introduced = 0u32;
        for u in &self.undo {
            let deck = self.items[u.index].deck;
            if u.rescheduled && u.before.state == State::New {
                introduced += 1;
            }
            if !u.rescheduled || u.time < new_days[deck].start {
                continue;
            }
            let d = &mut done[deck];
            match u.before.state {
                State::New => d.new_done += 1,
                State::Review => d.reviews_done += 1,
                _ => {}
            }
            d.answered_siblings.insert(self.items[u.index].sibling);
        }
        for &(index, at) in &self.skips {
            let deck = self.items[index].deck;
            if at >= new_days[deck].start {
                done[deck].skipped.insert(index);
            }
        }
        let decks: Vec<DeckToday<'_>> = self
            .decks
            .iter()
            .zip(&today.ranges)
            .zip(done)
            .map(|((s, r), done)| DeckToday { settings: s.settings(), items: r.clone(), done })
            .collect();
        let siblings: Vec<usize> = self.items.iter().map(|i| i.sibling).collect();
        let cap = today.new_cap.saturating_sub(introduced);
        let mut queue = assemble(&decks, &siblings, &self.states, now, self.offset_secs, cap);
        if let Plan::Schedule(today) = &mut self.plan {
            queue.keep_front_of(&today.queue);
            today.queue = queue;
        }
        self.days = new_days;
    }

    /// The current state of an item.
    pub(crate) fn state(&self, index: usize) -> &CardState {
        &self.states[index]
    }

    /// What `grade` at `now` makes of an item from `before` (a state read
    /// again from the store, when another session answered the card since).
    pub(crate) fn rescheduled_from(
        &self,
        index: usize,
        before: &CardState,
        grade: Grade,
        now: DateTime<Utc>,
    ) -> CardState {
        self.scheduler(index).review(before, grade, now, &self.fuzz_key(index))
    }

    /// The state the store holds: after an answer, when it differs from
    /// the session's own (another session answered the card meanwhile), or
    /// before an item with a light state is shown.
    pub(crate) fn adopt_state(&mut self, index: usize, state: CardState) {
        self.states[index] = state;
        if let Some(l) = self.light.get_mut(index) {
            *l = false;
        }
    }

    /// Marks the items whose states hold only what the queue reads (state,
    /// due, last review: start-up reads no more of 100 000 cards). Such an
    /// item's full state must be adopted ([`Session::adopt_state`]) before
    /// it is shown: previews and answers use all of it.
    pub(crate) fn set_light(&mut self, light: Vec<bool>) {
        self.light = light;
    }

    /// Whether an item's state is light (see [`Session::set_light`]).
    pub(crate) fn is_light(&self, index: usize) -> bool {
        self.light.get(index).copied().unwrap_or(false)
    }

    /// Whether answers in this session change the schedule.
    pub(crate) fn reschedules(&self) -> bool {
        match &self.plan {
            Plan::Schedule(_) => true,
            Plan::Drill { reschedule, .. } => *reschedule,
            Plan::Exam { .. } => false,
        }
    }

    /// What each grade would do (for the buttons), when answers reschedule.
    pub(crate) fn preview(&self, index: usize, now: DateTime<Utc>) -> Option<[CardState; 4]> {
        debug_assert!(!self.is_light(index), "a light state previewed");
        self.reschedules().then(|| self.scheduler(index).preview(&self.states[index], now, &self.fuzz_key(index)))
    }

    /// What Hard and Easy would give instead of the last answer's grade (for
    /// the keys that change it), when answers reschedule.
    pub(crate) fn regrade_preview(&self, now: DateTime<Utc>) -> Option<[CardState; 4]> {
        let u = self.undo.last()?;
        self.reschedules().then(|| self.scheduler(u.index).preview(&u.before, now, &self.fuzz_key(u.index)))
    }

    /// Applies a judged answer. Call [`Session::saved`] once the store has it.
    pub(crate) fn answer(&mut self, index: usize, judgement: &Judgement, now: DateTime<Utc>) -> Answered {
        self.apply(index, judgement.grade, judgement.right, now)
    }

    fn apply(&mut self, index: usize, grade: Grade, right: bool, now: DateTime<Utc>) -> Answered {
        debug_assert!(!self.is_light(index), "a light state answered");
        let before = self.states[index].clone();
        let sched = self.scheduler(index);
        let after = self.reschedules().then(|| sched.review(&before, grade, now, &self.fuzz_key(index)));
        // As in Anki: a leech at the threshold, and again every half threshold after.
        let t = sched.settings().leech_threshold;
        let leech = after.as_ref().is_some_and(|a| {
            a.lapses > before.lapses && a.lapses >= t && (a.lapses - t).is_multiple_of((t / 2).max(1))
        });
        if let Some(a) = &after {
            self.states[index] = a.clone();
        }
        let sibling = self.items[index].sibling;
        let day = self.day_of(index, now);
        let was_buried = match &mut self.plan {
            Plan::Schedule(today) => {
                let b = today.queue.is_buried(sibling);
                today.queue.answered(index, sibling, &self.states[index], day);
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
        let rescheduled = after.is_some();
        self.undo.push(UndoEntry {
            index,
            time: now,
            before: before.clone(),
            rescheduled,
            review_id: 0,
            was_buried,
            right,
            first_miss,
        });
        Answered { before, after, leech }
    }

    /// Records the store's id of the last answer, so undo can forget it.
    pub(crate) fn saved(&mut self, review_id: i64) {
        if let Some(u) = self.undo.last_mut() {
            u.review_id = review_id;
        }
    }

    /// Undoes the last answer: the item comes back next with its old state.
    /// Returns (item, review id to delete from the store).
    pub(crate) fn undo(&mut self) -> Option<(usize, i64)> {
        let u = self.undo.pop()?;
        self.states[u.index] = u.before;
        let sibling = self.items[u.index].sibling;
        match &mut self.plan {
            Plan::Schedule(today) => today.queue.put_back(u.index, sibling, u.was_buried),
            Plan::Drill { order, .. } => {
                if !u.right
                    && let Some(pos) = order.iter().rposition(|&i| i == u.index)
                {
                    order.remove(pos);
                }
                order.push_front(u.index);
            }
            Plan::Exam { order, .. } => order.push_front(u.index),
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
    pub(crate) fn requeue(&mut self, index: usize) {
        let sibling = self.items[index].sibling;
        match &mut self.plan {
            Plan::Schedule(today) => today.queue.put_back(index, sibling, true),
            Plan::Drill { order, .. } | Plan::Exam { order, .. } => order.push_front(index),
        }
    }

    /// Changes the grade of the last answer (a right answer marked Hard or
    /// Easy instead of Good). Returns the review id to forget and the new outcome.
    pub(crate) fn regrade(&mut self, grade: Grade, now: DateTime<Utc>) -> Option<(i64, usize, Answered)> {
        let (index, old_id) = self.undo()?;
        self.take_out(index);
        let answered = self.apply(index, grade, true, now);
        Some((old_id, index, answered))
    }

    fn take_out(&mut self, index: usize) {
        match &mut self.plan {
            Plan::Schedule(today) => today.queue.remove(index),
            Plan::Drill { order, .. } | Plan::Exam { order, .. } => order.retain(|&i| i != index),
        }
    }

    /// The learner skips an item for today. In a quiz another question takes
    /// its place when there is one, so the quiz keeps its length.
    pub(crate) fn skip(&mut self, index: usize, now: DateTime<Utc>) {
        self.take_out(index);
        self.summary.skipped += 1;
        self.skips.push((index, now));
        if let Plan::Exam { order, spare } = &mut self.plan
            && let Some(next) = spare.pop_front()
        {
            order.push_front(next);
        }
    }

    /// What is left, for the status line.
    pub(crate) fn counts(&self) -> Counts {
        match &self.plan {
            Plan::Schedule(today) => {
                let mut c = today.queue.counts();
                for &i in today.queue.waiting_in_front() {
                    match self.states[i].state {
                        State::New => c.new += 1,
                        State::Learning | State::Relearning => c.learning += 1,
                        State::Review => c.review += 1,
                    }
                }
                c
            }
            Plan::Drill { order, .. } | Plan::Exam { order, .. } => Counts { new: 0, learning: 0, review: order.len() },
        }
    }

    /// Items skipped and still hidden at `now` (a skip ends with its day).
    fn skipped_now(&self, now: DateTime<Utc>) -> HashSet<usize> {
        self.skips.iter().filter(|(i, at)| now < self.day_of(*i, *at).end).map(|(i, _)| *i).collect()
    }

    /// What is left and when to come back: never a future time while a card
    /// is already due; a card skipped until tomorrow does not count.
    pub(crate) fn outlook(&self, now: DateTime<Utc>) -> Outlook {
        let left = self.counts();
        let skipped = self.skipped_now(now);
        let studied = |i: &usize| self.states[*i].state != State::New && !skipped.contains(i);
        let due_now = (0..self.states.len()).filter(studied).filter(|&i| self.states[i].due <= now).count();
        let queued = left.new + left.learning + left.review;
        let held_back = if queued == 0 { due_now } else { 0 };
        let next = (due_now == 0)
            .then(|| (0..self.states.len()).filter(studied).map(|i| self.states[i].due).filter(|d| *d > now).min())
            .flatten();
        Outlook { left, held_back, next }
    }

    /// Items whose latest answer in this session was wrong: what `learn
    /// review` would drill.
    pub(crate) fn still_missed(&self) -> usize {
        let mut last: HashMap<usize, bool> = HashMap::new();
        for u in &self.undo {
            last.insert(u.index, u.right);
        }
        last.values().filter(|right| !**right).count()
    }
}
