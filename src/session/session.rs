//! The study-session state machine: which item comes next, what an answer
//! does to its state, undo and skip, and the running summary. No I/O and no
//! UI: the command feeds it answers and persists what it returns.

use std::collections::{HashSet, VecDeque};

use chrono::{DateTime, Utc};

use crate::schedule::{CardState, Counts, Day, Grade, Queue, Scheduler, State, study_day};

use super::judge::Judgement;

/// What decides the order and whether answers reschedule.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
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
pub(crate) struct Answered {
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
pub(crate) struct Summary {
    pub answered: usize,
    pub right: usize,
    /// Items answered wrong at least once, in order of first miss.
    pub missed: Vec<usize>,
}

/// One study item as the session sees it: its deck (an index into the
/// session's schedulers), its sibling group, and its fuzz key (stable per
/// card: deck id and item id).
#[derive(Debug, Clone)]
pub(crate) struct SessionItem {
    pub deck: usize,
    pub sibling: usize,
    pub key: String,
}

/// One study session over a set of items from one or more decks. Every item
/// is scheduled with its own deck's settings (steps, retention, day start,
/// leech threshold).
#[derive(Debug)]
pub(crate) struct Session {
    plan: Plan,
    states: Vec<CardState>,
    items: Vec<SessionItem>,
    decks: Vec<Scheduler>,
    offset_secs: i32,
    undo: Vec<UndoEntry>,
    pub summary: Summary,
    missed_set: HashSet<usize>,
}

impl Session {
    /// `states[i]` and `items[i]` belong to item `i`; `decks[d]` schedules
    /// the items of deck `d`; `offset_secs` is the learner's time zone.
    pub(crate) fn new(
        plan: Plan,
        states: Vec<CardState>,
        items: Vec<SessionItem>,
        decks: Vec<Scheduler>,
        offset_secs: i32,
    ) -> Session {
        Session {
            plan,
            states,
            items,
            decks,
            offset_secs,
            undo: Vec::new(),
            summary: Summary::default(),
            missed_set: HashSet::new(),
        }
    }

    fn scheduler(&self, index: usize) -> &Scheduler {
        &self.decks[self.items[index].deck]
    }

    /// The study day of an item's deck at `now`.
    pub(crate) fn day_of(&self, index: usize, now: DateTime<Utc>) -> Day {
        study_day(now, self.offset_secs, self.scheduler(index).settings())
    }

    /// The next item at `now`, or `None` when the session is over.
    pub(crate) fn next(&mut self, now: DateTime<Utc>) -> Option<usize> {
        match &mut self.plan {
            Plan::Schedule(q) => q.next(now),
            Plan::Drill { order, .. } | Plan::Exam { order } => order.pop_front(),
        }
    }

    /// The current state of an item.
    pub(crate) fn state(&self, index: usize) -> &CardState {
        &self.states[index]
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
        let key = &self.items[index].key;
        self.reschedules().then(|| self.scheduler(index).preview(&self.states[index], now, key))
    }

    /// Applies a judged answer. Call [`Session::saved`] once the store has it.
    pub(crate) fn answer(&mut self, index: usize, judgement: &Judgement, now: DateTime<Utc>) -> Answered {
        self.apply(index, judgement.grade, judgement.right, now)
    }

    fn apply(&mut self, index: usize, grade: Grade, right: bool, now: DateTime<Utc>) -> Answered {
        let before = self.states[index].clone();
        let sched = self.scheduler(index);
        let after = self.reschedules().then(|| sched.review(&before, grade, now, &self.items[index].key));
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
            Plan::Schedule(q) => {
                let b = q.is_buried(sibling);
                q.answered(index, sibling, &self.states[index], day);
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
    pub(crate) fn requeue(&mut self, index: usize) {
        let sibling = self.items[index].sibling;
        match &mut self.plan {
            Plan::Schedule(q) => q.put_back(index, sibling, true),
            Plan::Drill { order, .. } | Plan::Exam { order } => order.push_front(index),
        }
    }

    /// Changes the grade of the last answer (a right answer marked Hard or
    /// Easy instead of Good). Returns the review id to forget and the new outcome.
    pub(crate) fn regrade(&mut self, grade: Grade, now: DateTime<Utc>) -> Option<(i64, usize, Answered)> {
        let (index, old_id) = self.undo()?;
        self.skip(index);
        let answered = self.apply(index, grade, true, now);
        Some((old_id, index, answered))
    }

    /// Takes an item out of this session (skip for today).
    pub(crate) fn skip(&mut self, index: usize) {
        match &mut self.plan {
            Plan::Schedule(q) => q.remove(index),
            Plan::Drill { order, .. } | Plan::Exam { order } => order.retain(|&i| i != index),
        }
    }

    /// What is left, for the status line.
    pub(crate) fn counts(&self) -> Counts {
        match &self.plan {
            Plan::Schedule(q) => q.counts(),
            Plan::Drill { order, .. } | Plan::Exam { order } => Counts { new: 0, learning: 0, review: order.len() },
        }
    }

    /// The earliest due time among studied (non-new) items after the session.
    pub(crate) fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.states.iter().filter(|s| s.state != State::New && s.due > now).map(|s| s.due).min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Prompt;
    use crate::schedule::{Entry, Limits, Settings};
    use crate::session::{JudgeRules, Response, judge};

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default()
    }

    fn sched(settings: Settings) -> Scheduler {
        Scheduler::new(Settings { fuzz: false, ..settings }).unwrap_or_else(|e| panic!("{e}"))
    }

    fn items(n: usize, deck: impl Fn(usize) -> usize) -> Vec<SessionItem> {
        (0..n).map(|i| SessionItem { deck: deck(i), sibling: i, key: format!("d/{i}") }).collect()
    }

    fn schedule_plan(states: &[CardState], items: &[SessionItem]) -> Plan {
        let entries: Vec<Entry> =
            (0..states.len()).map(|i| Entry { index: i, sibling: items[i].sibling, state: &states[i] }).collect();
        Plan::Schedule(Queue::build(
            &entries,
            Day::containing(now(), 0, 4),
            Limits { new: 20, reviews: 200 },
            HashSet::new(),
        ))
    }

    /// A whole session driven from the learner's raw responses: what the
    /// terminal would hand over, judged by the core.
    #[test]
    fn a_session_from_raw_responses() {
        let prompts = [
            Prompt::Typed { question: "Thủ đô?".into(), answer: "Hà Nội".into(), accept: vec![] },
            Prompt::TrueFalse { statement: "BPO là thuê ngoài.".into(), answer: true },
            Prompt::Choice {
                question: "Which?".into(),
                options: vec!["a".into(), "b".into(), "c".into()],
                answers: vec![1],
                multiple: false,
            },
        ];
        // Each item's responses in the order it comes up: first "ha noi"
        // (almost), "sai" (wrong), option b (right); then right each time.
        let mut responses: Vec<std::vec::IntoIter<Response>> = vec![
            vec![Response::Text("ha noi".into()), Response::Text("Hà Nội".into()), Response::Text("hà nội".into())]
                .into_iter(),
            vec![Response::TrueFalse(false), Response::TrueFalse(true), Response::TrueFalse(true)].into_iter(),
            vec![Response::Picks(vec![1]), Response::Picks(vec![1])].into_iter(),
        ];
        let n = prompts.len();
        let states = vec![CardState::new(now()); n];
        let items = items(n, |_| 0);
        let plan = schedule_plan(&states, &items);
        let mut sess = Session::new(plan, states, items, vec![sched(Settings::default())], 0);
        let mut t = now();
        let mut log = Vec::new();
        while let Some(i) = sess.next(t) {
            let Some(r) = responses[i].next() else { panic!("item {i} asked once too often") };
            let j = judge(&prompts[i], r, JudgeRules::default());
            let a = sess.answer(i, &j, t);
            sess.saved(i64::try_from(log.len()).unwrap_or_default() + 1);
            log.push((i, j.grade, a.after.map(|s| s.state)));
            t += chrono::Duration::seconds(30);
        }
        let grades: Vec<(usize, Grade)> = log.iter().map(|(i, g, _)| (*i, *g)).collect();
        // New cards in deck order, then each learning card when its step is
        // due (learning ahead): the wrong one (1 minute) first.
        assert_eq!(
            grades,
            [
                (0, Grade::Hard),
                (1, Grade::Again),
                (2, Grade::Good),
                (1, Grade::Good),
                (0, Grade::Good),
                (2, Grade::Good),
                (1, Grade::Good),
                (0, Grade::Good)
            ]
        );
        assert!(responses.iter_mut().all(|r| r.next().is_none()), "every response was used");
        assert!(log.iter().all(|(_, _, after)| after.is_some()));
        assert!(sess.states.iter().all(|c| c.state == State::Review), "all three graduated");
        assert_eq!(sess.summary.answered, log.len());
        assert_eq!(sess.summary.missed, vec![1]);
        assert_eq!(sess.summary.right, log.len() - 1);
        // Undo brings the last item back with its old state.
        let (last, _, _) = log[log.len() - 1];
        let before = sess.undo.last().map(|u| u.before.clone());
        let (i, id) = sess.undo().unwrap_or((99, 0));
        assert_eq!((i, id), (last, i64::try_from(log.len()).unwrap_or_default()));
        assert_eq!(Some(sess.state(i).clone()), before);
        assert_eq!(sess.next(t), Some(i));
    }

    #[test]
    fn each_item_follows_its_own_decks_settings() {
        // Deck 0 has one 1-minute learning step; deck 1 has none (straight to review).
        let d0 = sched(Settings { learning_steps: vec![60], ..Settings::default() });
        let d1 = sched(Settings { learning_steps: vec![], leech_threshold: 1, ..Settings::default() });
        let states = vec![CardState::new(now()); 2];
        let items = items(2, |i| i);
        let plan = schedule_plan(&states, &items);
        let mut sess = Session::new(plan, states, items, vec![d0, d1], 0);
        let good = |p: &Prompt| judge(p, Response::TrueFalse(true), JudgeRules::default());
        let tf = Prompt::TrueFalse { statement: "s".into(), answer: true };
        let a0 = sess.answer(0, &good(&tf), now());
        let a1 = sess.answer(1, &good(&tf), now());
        assert_eq!(a0.after.map(|s| s.state), Some(State::Review), "one step: Good graduates");
        assert_eq!(a1.after.map(|s| s.state), Some(State::Review));
        let p0 = sess.preview(0, now()).map(|p| p[0].state);
        assert_eq!(p0, Some(State::Relearning));
    }

    #[test]
    fn drill_repeats_misses_until_right() {
        let states = vec![CardState::new(now()); 2];
        let order: VecDeque<usize> = [0, 1].into();
        let plan = Plan::Drill { order, reschedule: false };
        let mut sess = Session::new(plan, states, items(2, |_| 0), vec![sched(Settings::default())], 0);
        let tf = Prompt::TrueFalse { statement: "s".into(), answer: true };
        let mut seen = Vec::new();
        let mut wrong_once = false;
        while let Some(i) = sess.next(now()) {
            seen.push(i);
            let right = i == 1 || wrong_once;
            if i == 0 {
                wrong_once = true;
            }
            let j = judge(&tf, Response::TrueFalse(right), JudgeRules::default());
            let o = sess.answer(i, &j, now());
            assert!(o.after.is_none(), "--no-reschedule leaves the schedule alone");
        }
        assert_eq!(seen, vec![0, 1, 0]);
        assert_eq!(sess.summary.missed, vec![0]);
    }
}
