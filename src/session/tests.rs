//! The session driven as the driver drives it: from raw responses, across a
//! day boundary, with skips, drills and quizzes.

mod cases {
    use std::collections::{HashSet, VecDeque};

    use chrono::{DateTime, Utc};

    use super::super::session::*;
    use crate::deck::Prompt;
    use crate::schedule::{CardState, Day, DoneToday, Grade, Queue, Scheduler, State};
    use crate::schedule::{Entry, Limits, Settings};
    use crate::session::{ItemIds, JudgeRules, Response, judge};

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default()
    }

    fn sched(settings: Settings) -> Scheduler {
        Scheduler::new(Settings { fuzz: false, ..settings }).unwrap_or_else(|e| panic!("{e}"))
    }

    fn items(n: usize, deck: impl Fn(usize) -> usize) -> Vec<SessionItem> {
        (0..n).map(|i| SessionItem { deck: deck(i), sibling: i, id: i }).collect()
    }

    /// Ids `0`, `1`, … of items in decks with the progress key `d`.
    fn ids(n: usize) -> ItemIds {
        let mut ids = ItemIds::new(vec!["d".into(); 2]);
        for i in 0..n {
            ids.push(&i.to_string(), "");
        }
        ids
    }

    fn schedule_plan(states: &[CardState], items: &[SessionItem]) -> Plan {
        let entries: Vec<Entry> =
            (0..states.len()).map(|i| Entry { index: i, sibling: items[i].sibling, state: &states[i] }).collect();
        let queue =
            Queue::build(&entries, Day::containing(now(), 0, 4), Limits { new: 20, reviews: 200 }, HashSet::new());
        let decks = items.iter().map(|i| i.deck).max().map_or(0, |d| d + 1);
        let ranges = (0..decks)
            .map(|d| {
                let start = items.iter().position(|i| i.deck == d).unwrap_or(0);
                let end = items.iter().rposition(|i| i.deck == d).map_or(0, |e| e + 1);
                start..end
            })
            .collect();
        Plan::Schedule(Box::new(Today {
            queue,
            ranges,
            done_before: vec![DoneToday::default(); decks],
            new_cap: u32::MAX,
        }))
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
        let mut sess = Session::new(plan, states, items, ids(n), vec![sched(Settings::default())], 0, now());
        let mut t = now();
        let mut log = Vec::new();
        let mut states_before = Vec::new();
        while let Some(i) = sess.next(t) {
            let Some(r) = responses[i].next() else { panic!("item {i} asked once too often") };
            let j = judge(&prompts[i], r, JudgeRules::default());
            let a = sess.answer(i, &j, t);
            states_before.push(a.before.clone());
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
        assert!((0..3).all(|i| sess.state(i).state == State::Review), "all three graduated");
        assert_eq!(sess.summary.answered, log.len());
        assert_eq!(sess.summary.missed, vec![1]);
        assert_eq!(sess.summary.right, log.len() - 1);
        // Undo brings the last item back with its old state.
        let (last, _, _) = log[log.len() - 1];
        let before = states_before.last().cloned();
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
        let mut sess = Session::new(plan, states, items, ids(2), vec![d0, d1], 0, now());
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
        let mut sess = Session::new(plan, states, items(2, |_| 0), ids(2), vec![sched(Settings::default())], 0, now());
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

    fn tf() -> Prompt {
        Prompt::TrueFalse { statement: "s".into(), answer: true }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    /// A learning card whose step ends after the 4 a.m. day start comes back
    /// in the same session, and new cards follow the new day's limit.
    #[test]
    fn crossing_the_day_start_rebuilds_the_queue() {
        let start = at("2026-03-02T03:50:00Z");
        let states = vec![CardState::new(start); 3];
        let items = items(3, |_| 0);
        let entries: Vec<Entry> = (0..3).map(|i| Entry { index: i, sibling: i, state: &states[i] }).collect();
        let day = Day::containing(start, 0, 4);
        let queue = Queue::build(&entries, day, Limits { new: 1, reviews: 200 }, HashSet::new());
        let settings = Settings { new_per_day: 1, ..Settings::default() };
        let done_before = vec![DoneToday::default()];
        let plan = Plan::Schedule(Box::new(Today {
            queue,
            ranges: std::iter::once(0..3).collect(),
            done_before,
            new_cap: u32::MAX,
        }));
        let mut sess = Session::new(plan, states, items, ids(3), vec![sched(settings)], 0, start);
        // 03:50: the one new card of the old day, answered Good (10-minute step).
        assert_eq!(sess.next(start), Some(0));
        let j = judge(&tf(), Response::TrueFalse(true), JudgeRules::default());
        sess.answer(0, &j, start);
        assert_eq!(sess.counts().new, 0, "the old day's new-card limit is used up");
        // 04:01: its step (04:00) is due in the new day; the new day brings one new card.
        let later = at("2026-03-02T04:01:00Z");
        assert_eq!(sess.next(later), Some(0), "the learning card comes back after the boundary");
        assert_eq!(sess.counts().new, 1, "the new day's new card is counted");
        sess.answer(0, &j, later);
        assert_eq!(sess.next(later), Some(1));
    }

    #[test]
    fn a_skipped_card_is_not_next_due_and_cards_due_now_are_not_in_the_future() {
        let now = now();
        let mut due_soon = CardState::new(now);
        due_soon.state = State::Learning;
        due_soon.last_review = Some(now);
        due_soon.due = now + chrono::Duration::minutes(1);
        let mut later = due_soon.clone();
        later.due = now + chrono::Duration::minutes(8);
        let states = vec![due_soon, later];
        let items = items(2, |_| 0);
        let plan = schedule_plan(&states, &items);
        let mut sess = Session::new(plan, states, items, ids(2), vec![sched(Settings::default())], 0, now);
        assert_eq!(sess.next(now), Some(0), "learning ahead");
        sess.skip(0, now);
        let o = sess.outlook(now);
        assert_eq!(o.next, Some(now + chrono::Duration::minutes(8)), "the skipped card is not next");
        // Nothing left in the queue, but a card due now: no future time is named.
        let mut overdue = CardState::new(now);
        overdue.state = State::Review;
        overdue.due = now - chrono::Duration::hours(1);
        let plan = Plan::Drill { order: VecDeque::new(), reschedule: true };
        let sess = Session::new(plan, vec![overdue], items_one(), ids(1), vec![sched(Settings::default())], 0, now);
        let o = sess.outlook(now);
        assert_eq!((o.held_back, o.next), (1, None));
    }

    fn items_one() -> Vec<SessionItem> {
        vec![SessionItem { deck: 0, sibling: 0, id: 0 }]
    }

    #[test]
    fn a_quiz_replaces_a_skipped_question_and_keeps_its_length() {
        let states = vec![CardState::new(now()); 4];
        let plan = Plan::Exam { order: VecDeque::from([0, 1, 2]), spare: VecDeque::from([3]) };
        let mut sess = Session::new(plan, states, items(4, |_| 0), ids(4), vec![sched(Settings::default())], 0, now());
        let first = sess.next(now());
        assert_eq!(first, Some(0));
        sess.skip(0, now());
        let mut asked = Vec::new();
        while let Some(i) = sess.next(now()) {
            asked.push(i);
            let j = judge(&tf(), Response::TrueFalse(true), JudgeRules::default());
            let a = sess.answer(i, &j, now());
            assert!(a.after.is_none(), "a quiz never reschedules");
        }
        assert_eq!(asked, vec![3, 1, 2], "the spare question takes the skipped one's place");
        assert_eq!((sess.summary.answered, sess.summary.skipped), (3, 1));
    }

    #[test]
    fn still_missed_counts_only_cards_whose_last_answer_was_wrong() {
        let states = vec![CardState::new(now()); 2];
        let plan = Plan::Drill { order: VecDeque::from([0, 1]), reschedule: false };
        let mut sess = Session::new(plan, states, items(2, |_| 0), ids(2), vec![sched(Settings::default())], 0, now());
        let wrong = judge(&tf(), Response::TrueFalse(false), JudgeRules::default());
        let right = judge(&tf(), Response::TrueFalse(true), JudgeRules::default());
        sess.answer(0, &wrong, now());
        sess.answer(1, &wrong, now());
        assert_eq!(sess.still_missed(), 2);
        sess.answer(0, &right, now());
        assert_eq!(sess.still_missed(), 1);
        assert_eq!(sess.summary.missed, vec![0, 1], "the summary still lists both misses");
    }
}
