//! Tests of the SQLite backend: exact undo, the log-replay invariant, refusal of foreign files.

mod log {
    use super::super::Store;
    use crate::schedule::{CardState, Grade, Scheduler, Settings};
    use crate::store::{Mode, NewReview, StoreError};
    use chrono::{DateTime, Utc};
    use rusqlite::Connection;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn the_queue_read_gives_state_due_and_last_review_and_a_card_read_gives_all() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("p/learn.db"))?;
        let s = Scheduler::new(Settings { fuzz: false, ..Settings::default() })?;
        let before = CardState::new(now());
        let first = s.review(&before, Grade::Easy, now(), "k");
        let after = s.review(&first, Grade::Hard, first.due, "k");
        for (b, a, t) in [(&before, &first, now()), (&first, &after, first.due)] {
            store.record(&NewReview {
                learner: "lan",
                deck: "d",
                card: "c#1",
                time: t,
                mode: Mode::Run,
                grade: Grade::Good,
                correct: true,
                answer: "",
                duration_ms: 1,
                before: b,
                after: Some(a),
                leech: false,
            })?;
        }
        let mut light = Vec::new();
        store.queue_states_with("lan", "d", |c, st| light.push((c.to_string(), st)))?;
        assert_eq!(light.len(), 1);
        let (card, l) = &light[0];
        assert_eq!(card, "c#1");
        assert_eq!((l.state, l.due, l.last_review), (after.state, after.due, after.last_review));
        assert_eq!((l.stability, l.reps), (None, 0), "the rest is a new card's: {l:?}");
        assert_eq!(store.card_state("lan", "d", "c#1")?, Some(after));
        assert_eq!(store.card_state("lan", "d", "c#2")?, None);
        assert_eq!(store.card_state("minh", "d", "c#1")?, None);
        Ok(())
    }

    #[test]
    fn record_then_undo_restores_exactly() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("p/learn.db"))?;
        let s = Scheduler::new(Settings { fuzz: false, ..Settings::default() })?;
        let before = CardState::new(now());
        let after = s.review(&before, Grade::Good, now(), "k");
        let review = NewReview {
            learner: "lan",
            deck: "d",
            card: "c",
            time: now(),
            mode: Mode::Run,
            grade: Grade::Good,
            correct: true,
            answer: "",
            duration_ms: 1200,
            before: &before,
            after: Some(&after),
            leech: false,
        };
        let id1 = store.record(&review)?;
        assert_eq!(store.states("lan", "d")?.get("c").map(|x| x.0.clone()), Some(after.clone()));
        let later = after.due;
        let after2 = s.review(&after, Grade::Again, later, "k");
        let id2 = store.record(&NewReview {
            time: later,
            grade: Grade::Again,
            correct: false,
            before: &after,
            after: Some(&after2),
            ..review.clone()
        })?;
        assert_eq!(store.missed("lan", now())?, vec![("d".to_string(), "c".to_string())]);
        store.undo(id2)?;
        assert_eq!(store.states("lan", "d")?.get("c").map(|x| x.0.clone()), Some(after.clone()));
        assert!(store.missed("lan", now())?.is_empty());
        // Replaying the log gives the cached state.
        let replayed = crate::schedule::replay(&s, &store.history("lan", "d", "c")?, "k", now());
        assert_eq!(replayed, after);
        store.undo(id1)?;
        assert!(store.states("lan", "d")?.is_empty());
        Ok(())
    }

    #[test]
    fn the_leech_mark_stays_through_later_answers_and_goes_with_its_undo() -> TestResult {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("learn.db"))?;
        let s = Scheduler::new(Settings { fuzz: false, ..Settings::default() })?;
        let mut state = CardState::new(now());
        let mut t = now();
        let mut answer = |store: &mut Store, grade: Grade, leech: bool| -> Result<i64, StoreError> {
            let after = s.review(&state, grade, t, "k");
            let id = store.record(&NewReview {
                learner: "lan",
                deck: "d",
                card: "c",
                time: t,
                mode: Mode::Run,
                grade,
                correct: grade.is_pass(),
                answer: "",
                duration_ms: 0,
                before: &state,
                after: Some(&after),
                leech,
            })?;
            t = after.due;
            state = after;
            Ok(id)
        };
        let leech_now = |store: &Store| store.states("lan", "d").map(|m| m.get("c").is_some_and(|x| x.1));
        answer(&mut store, Grade::Good, false)?;
        let lapse = answer(&mut store, Grade::Again, true)?;
        assert!(leech_now(&store)?);
        let good = answer(&mut store, Grade::Good, false)?;
        assert!(leech_now(&store)?, "a later answer keeps the mark");
        store.undo(good)?;
        assert!(leech_now(&store)?);
        store.undo(lapse)?;
        assert!(!leech_now(&store)?, "undoing the answer that earned it takes it away");
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// For any answer history (with undos), the cached state equals the
        /// replay of the log.
        #[test]
        fn replaying_the_log_gives_the_cached_state(
            steps in proptest::collection::vec((1u8..=4, 0i64..40 * 86_400, proptest::bool::ANY), 1..15)
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("learn.db")).unwrap();
            let s = Scheduler::new(Settings::default()).unwrap();
            let mut state = CardState::new(now());
            let mut t = now();
            let mut ids: Vec<(i64, CardState)> = Vec::new();
            for (g, gap, undo) in steps {
                t += chrono::Duration::seconds(gap);
                let grade = Grade::from_number(g as i64).unwrap();
                let after = s.review(&state, grade, t, "d/c");
                let id = store.record(&NewReview {
                    learner: "l", deck: "d", card: "c", time: t, mode: Mode::Run, grade, correct: grade.is_pass(),
                    answer: "", duration_ms: 0, before: &state, after: Some(&after), leech: false,
                }).unwrap();
                if undo {
                    store.undo(id).unwrap();
                } else {
                    ids.push((id, state.clone()));
                    state = after;
                }
            }
            let cached = store.states("l", "d").unwrap().get("c").map(|x| x.0.clone());
            let replayed = crate::schedule::replay(&s, &store.history("l", "d", "c").unwrap(), "d/c", now());
            if ids.is_empty() {
                proptest::prop_assert!(cached.is_none());
            } else {
                proptest::prop_assert_eq!(cached, Some(replayed.clone()));
                proptest::prop_assert_eq!(replayed, state);
            }
        }
    }

    #[test]
    fn garbage_and_newer_files_are_refused_untouched() -> TestResult {
        let dir = tempfile::tempdir()?;
        let bad = dir.path().join("bad.db");
        std::fs::write(
            &bad,
            b"this is not a database at all, but it is long enough to pass the size check for sure ......",
        )
        .ok();
        let before = std::fs::read(&bad).ok();
        assert!(matches!(Store::open(&bad), Err(StoreError::NotADatabase { .. })));
        assert_eq!(std::fs::read(&bad).ok(), before);
        let newer = dir.path().join("newer.db");
        {
            let c = Connection::open(&newer)?;
            c.pragma_update(None, "user_version", 99)?;
        }
        let before = std::fs::read(&newer).ok();
        assert!(matches!(Store::open(&newer), Err(StoreError::Newer { found: 99, .. })));
        assert_eq!(std::fs::read(&newer).ok(), before);
        Ok(())
    }
}

mod import_tests {
    use super::super::Store;
    use crate::schedule::{CardState, Grade, State};
    use crate::store::{ImportedAnswer, ImportedCard};

    #[test]
    fn imported_progress_lands_in_one_transaction() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mut store = Store::open(&dir.path().join("learn.db"))?;
        let t = chrono::DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default();
        let mut state = CardState::new(t);
        state.state = State::Review;
        state.reps = 2;
        let answers = vec![
            ImportedAnswer { time: t, grade: Grade::Good, duration_ms: 1000 },
            ImportedAnswer { time: t, grade: Grade::Easy, duration_ms: 900 },
        ];
        let card = ImportedCard { card: "c".into(), answers, state: state.clone() };
        store.import_progress("lan", "d", &[card])?;
        assert_eq!(store.states("lan", "d")?.get("c").map(|x| x.0.clone()), Some(state));
        let rows = store.review_rows()?;
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.mode == crate::store::Mode::Import && !r.rescheduled));
        Ok(())
    }
}
