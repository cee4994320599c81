//! `learn stats`: a hand-made review log whose figures are known, checked
//! through `--json` (every number, and the schema) and as the page at 80
//! columns in both languages (insta snapshots).

use chrono::{DateTime, Utc};
use learn::schedule::{CardState, Grade, State};
use learn::store::{ImportedAnswer, ImportedCard, Mode, NewReview, Store};

use crate::support::{TestEnv, display_width};

/// 2026-03-01 09:00 in Hà Nội: the clock of every test here.
fn now() -> DateTime<Utc> {
    at("2026-03-01T09:00:00+07:00")
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).expect("time")
}

const DECK: &str = "[deck]
id = \"hand\"
name = \"Hand-made\"
language = \"en\"

[[cards]]
id = \"a\"
kind = \"basic\"
question = \"What does BPO stand for?\"
answer = \"Business Process Outsourcing\"

[[cards]]
id = \"b\"
kind = \"basic\"
question = \"Where are most call centres?\"
answer = \"Everywhere\"

[[cards]]
id = \"c\"
kind = \"basic\"
question = \"Is a call centre a kind of BPO?\"
answer = \"Yes\"

[[cards]]
id = \"d\"
kind = \"basic\"
question = \"What is a back office?\"
answer = \"The work customers do not see\"

[[cards]]
id = \"e\"
kind = \"basic\"
question = \"Name one front-office task.\"
answer = \"Answering calls\"

[[cards]]
id = \"f\"
kind = \"basic\"
question = \"Never studied?\"
answer = \"Never\"
";

/// A review-state card scheduled `days` days before `last`, due at `due`.
fn review(stability: f64, scheduled_days: u32, last: DateTime<Utc>, due: DateTime<Utc>) -> CardState {
    CardState {
        state: State::Review,
        step: None,
        stability: Some(stability),
        difficulty: Some(5.0),
        due,
        last_review: Some(last),
        reps: 4,
        lapses: 0,
        scheduled_days,
    }
}

struct Log<'a> {
    store: &'a mut Store,
}

impl Log<'_> {
    #[allow(clippy::too_many_arguments)]
    fn answer(
        &mut self,
        card: &str,
        time: DateTime<Utc>,
        mode: Mode,
        grade: Grade,
        before: &CardState,
        after: Option<&CardState>,
        leech: bool,
    ) {
        self.store
            .record(&NewReview {
                learner: "lan",
                deck: "hand",
                card,
                time,
                mode,
                grade,
                correct: grade != Grade::Again,
                answer: "",
                duration_ms: 10_000,
                before,
                after,
                leech,
            })
            .expect("record");
    }
}

/// The hand-made log (times in Hà Nội, study days from 4 a.m.):
/// - a: today 08:00, a mature review (30 days) passed, now due in 40 days; a leech;
/// - b: today 08:10, a young review (5 days) failed, relearnt at 08:20, due tomorrow;
/// - c: yesterday, a young review (10 days) passed (Hard), due in 11 days; flagged;
/// - d: ten days ago, learnt (two answers), due three days later: overdue now;
/// - e: today 08:30, a quiz answer (Again): practice, the schedule untouched;
/// - f: never studied.
fn hand_made(env: &TestEnv) {
    env.write_deck("hand.toml", DECK);
    let mut store = Store::open(&env.home().join("progress/learn.db")).expect("store");
    let mut log = Log { store: &mut store };
    let t = |s: &str| at(&format!("{s}+07:00"));

    let a0 = review(30.0, 30, t("2026-01-30T08:00:00"), t("2026-03-01T08:00:00"));
    let a1 = review(60.0, 40, t("2026-03-01T08:00:00"), t("2026-04-10T08:00:00"));
    log.answer("a", t("2026-03-01T08:00:00"), Mode::Run, Grade::Good, &a0, Some(&a1), true);

    let b0 = review(5.0, 5, t("2026-02-24T08:00:00"), t("2026-03-01T08:00:00"));
    let b1 = CardState {
        state: State::Relearning,
        step: Some(0),
        due: t("2026-03-01T08:20:00"),
        last_review: Some(t("2026-03-01T08:10:00")),
        lapses: 1,
        scheduled_days: 0,
        ..b0.clone()
    };
    let b2 = review(1.5, 1, t("2026-03-01T08:20:00"), t("2026-03-02T08:20:00"));
    log.answer("b", t("2026-03-01T08:10:00"), Mode::Run, Grade::Again, &b0, Some(&b1), false);
    log.answer("b", t("2026-03-01T08:20:00"), Mode::Run, Grade::Good, &b1, Some(&b2), false);

    let c0 = review(10.0, 10, t("2026-02-18T10:00:00"), t("2026-02-28T10:00:00"));
    let c1 = review(14.0, 12, t("2026-02-28T10:00:00"), t("2026-03-12T10:00:00"));
    log.answer("c", t("2026-02-28T10:00:00"), Mode::Run, Grade::Hard, &c0, Some(&c1), false);
    log.store.flag("lan", "hand", "c", "wrong answer", now()).expect("flag");

    let d0 = CardState::new(t("2026-02-19T10:00:00"));
    let d1 = CardState {
        state: State::Learning,
        step: Some(1),
        stability: Some(2.3),
        difficulty: Some(6.0),
        due: t("2026-02-19T10:10:00"),
        last_review: Some(t("2026-02-19T10:00:00")),
        reps: 1,
        ..d0.clone()
    };
    let d2 = review(3.0, 3, t("2026-02-19T10:10:00"), t("2026-02-22T10:10:00"));
    log.answer("d", t("2026-02-19T10:00:00"), Mode::Run, Grade::Good, &d0, Some(&d1), false);
    log.answer("d", t("2026-02-19T10:10:00"), Mode::Run, Grade::Good, &d1, Some(&d2), false);

    let e0 = CardState::new(now());
    log.answer("e", t("2026-03-01T08:30:00"), Mode::Quiz, Grade::Again, &e0, None, false);
}

fn json(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["stats", "--json"];
    all.extend_from_slice(args);
    let r = env.run(&all);
    assert_eq!(r.code, 0, "{}", r.all());
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn every_figure_of_a_hand_made_log() {
    let env = TestEnv::new();
    hand_made(&env);
    let d = json(&env, &["hand", "--days", "14"]);
    assert_eq!(d["schema"], 1);
    assert_eq!(d["learner"], "lan");
    assert_eq!(d["decks"], serde_json::json!(["hand"]));
    assert_eq!(d["study_day"], "2026-03-01");
    // Today: a, b twice, e (quiz).
    assert_eq!(
        d["today"],
        serde_json::json!({"answers": 4, "seconds": 40.0, "correct": 2, "again": 2, "right": 0.5,
            "learn": 0, "review": 2, "relearn": 1, "practice": 1})
    );
    // Today and yesterday; nothing the day before; d alone ten days ago.
    assert_eq!(d["streak"], serde_json::json!({"current": 2, "longest": 2, "days_studied": 3, "window": 14}));
    // e was only quizzed: still new, as f.
    assert_eq!(
        d["cards"],
        serde_json::json!({"total": 6, "new": 2, "learning": 0, "relearning": 0, "young": 3, "mature": 1,
            "flagged": 1, "leeches": 1})
    );
    // d is overdue; b is due tomorrow, c in 11 days (a in 40: beyond).
    assert_eq!(d["forecast"]["overdue"], 1);
    let due: Vec<u64> = d["forecast"]["due"].as_array().expect("due").iter().filter_map(|v| v.as_u64()).collect();
    assert_eq!(due.len(), 30);
    assert_eq!((due[0], due[1], due[11], due.iter().sum::<u64>()), (0, 1, 1, 2));
    // Answers per day, oldest first: d's two, ten days ago; c's yesterday; four today.
    let daily = d["daily"].as_array().expect("daily");
    assert_eq!(daily.len(), 14);
    assert_eq!(daily[13], serde_json::json!({"date": "2026-03-01", "answers": 4, "seconds": 40.0}));
    assert_eq!(daily[12]["answers"], 1);
    assert_eq!(daily[3], serde_json::json!({"date": "2026-02-19", "answers": 2, "seconds": 20.0}));
    assert_eq!(daily.iter().filter_map(|x| x["answers"].as_u64()).sum::<u64>(), 7);
    // True retention: today b failed (young), a passed (mature); c passed (young) yesterday.
    let r = &d["retention"];
    assert_eq!(r["desired"], serde_json::json!({"min": 0.9, "max": 0.9}));
    assert_eq!(r["today"]["young"], serde_json::json!({"pass": 0, "fail": 1, "rate": 0.0}));
    assert_eq!(r["today"]["mature"], serde_json::json!({"pass": 1, "fail": 0, "rate": 1.0}));
    assert_eq!(r["7d"]["young"], serde_json::json!({"pass": 1, "fail": 1, "rate": 0.5}));
    assert_eq!(r["7d"]["total"], serde_json::json!({"pass": 2, "fail": 1, "rate": 2.0 / 3.0}));
    assert_eq!(r["365d"], r["7d"]);
    // Memory: four cards with a state; a's stability 60 is in the 1–3 months bucket.
    assert_eq!(d["stability"]["buckets"][5], serde_json::json!({"from": 30.0, "to": 90.0, "cards": 1}));
    assert_eq!(d["stability"]["mean"], (60.0 + 1.5 + 14.0 + 3.0) / 4.0);
    assert_eq!(d["difficulty"]["buckets"][4]["cards"], 4, "difficulty 5 is 44%");
    // The leech, with its question; the least likely recalled first.
    assert_eq!(d["leeches"][0]["card"], "a");
    assert_eq!(d["leeches"][0]["question"], "What does BPO stand for?");
    assert_eq!(d["lowest_retrievability"][0]["card"], "d", "overdue by a week at stability 3");
    let lowest: Vec<f64> = d["lowest_retrievability"]
        .as_array()
        .expect("lowest")
        .iter()
        .filter_map(|h| h["retrievability"].as_f64())
        .collect();
    assert_eq!(lowest.len(), 4);
    assert!(lowest.windows(2).all(|w| w[0] <= w[1]), "{lowest:?}");
    assert_eq!(d["parameters"][0]["source"], "defaults");
    assert_eq!(d["parameters"][0]["weights"].as_array().map(Vec::len), Some(21));
}

/// Every key of the documented schema, with its type.
#[test]
fn the_json_schema_is_stable() {
    let env = TestEnv::new();
    hand_made(&env);
    let d = json(&env, &[]);
    let mut keys: Vec<&str> = d.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut documented = vec![
        "schema",
        "learner",
        "decks",
        "now",
        "study_day",
        "today",
        "streak",
        "cards",
        "forecast",
        "daily",
        "calendar",
        "retention",
        "stability",
        "difficulty",
        "retrievability",
        "leeches",
        "lowest_retrievability",
        "parameters",
    ];
    documented.sort_unstable();
    assert_eq!(keys, documented);
    // In the document, in the documented order.
    let r = env.run(&["stats", "--json"]);
    let at = |k: &str| r.stdout.find(&format!("\n  \"{k}\":")).unwrap_or(usize::MAX);
    assert!(at("schema") < at("learner") && at("daily") < at("calendar") && at("leeches") < at("parameters"));
    assert_eq!(d["decks"], serde_json::json!([]), "every deck");
    assert_eq!(d["now"], "2026-03-01T02:00:00Z");
    assert_eq!(d["daily"].as_array().map(Vec::len), Some(30), "the default window");
    assert_eq!(d["calendar"]["start"], "2025-02-24", "a Monday, 53 weeks back");
    assert_eq!(d["calendar"]["answers"].as_array().map(Vec::len), Some(53 * 7));
    for period in ["today", "7d", "30d", "365d"] {
        for side in ["young", "mature", "total"] {
            let x = &d["retention"][period][side];
            assert!(x["pass"].is_u64() && x["fail"].is_u64() && (x["rate"].is_f64() || x["rate"].is_null()), "{x}");
        }
    }
    for dist in ["stability", "difficulty", "retrievability"] {
        let b = d[dist]["buckets"].as_array().expect("buckets");
        assert_eq!(b.len(), 10, "{dist}");
        assert!(b.iter().all(|x| x["from"].is_f64() && x["cards"].is_u64()), "{dist}");
    }
    assert!(d["stability"]["buckets"][9]["to"].is_null(), "the last stability bucket is open");
    assert_eq!(d["retrievability"]["buckets"][9]["to"], 1.0);
    let hard = &d["leeches"][0];
    for k in ["deck", "card", "question", "lapses", "retrievability"] {
        assert!(!hard[k].is_null(), "{k} in {hard}");
    }
    let p = &d["parameters"][0];
    assert_eq!(p["deck"], "", "one line for every deck");
    assert!(p["fitted"].is_null());
    // An empty home: the same keys, zeros, and no store is made.
    let empty = TestEnv::new();
    let e = json(&empty, &[]);
    assert_eq!(e.as_object().map(|o| o.len()), Some(keys.len()));
    assert_eq!(e["today"]["answers"], 0);
    assert!(e["today"]["right"].is_null());
    assert!(!empty.home().join("progress/learn.db").exists());
}

#[test]
fn imported_history_counts_as_reviews_by_its_days() {
    let env = TestEnv::new();
    env.write_deck("hand.toml", DECK);
    let mut store = Store::open(&env.home().join("progress/learn.db")).expect("store");
    let t = |s: &str| at(&format!("{s}+07:00"));
    let answers = vec![
        ImportedAnswer { time: t("2026-01-01T10:00:00"), grade: Grade::Good, duration_ms: 1000 },
        ImportedAnswer { time: t("2026-01-01T10:10:00"), grade: Grade::Good, duration_ms: 1000 },
        // 50 days later: a mature review, failed, relearnt the same day.
        ImportedAnswer { time: t("2026-02-20T10:00:00"), grade: Grade::Again, duration_ms: 1000 },
        ImportedAnswer { time: t("2026-02-20T10:10:00"), grade: Grade::Good, duration_ms: 1000 },
        // 5 days later: a young review, passed.
        ImportedAnswer { time: t("2026-02-25T10:00:00"), grade: Grade::Good, duration_ms: 1000 },
    ];
    let state = review(5.0, 5, t("2026-02-25T10:00:00"), t("2026-03-02T10:00:00"));
    store.import_progress("lan", "hand", &[ImportedCard { card: "a".into(), answers, state }]).expect("import");
    let d = json(&env, &[]);
    assert_eq!(d["retention"]["7d"]["young"], serde_json::json!({"pass": 1, "fail": 0, "rate": 1.0}));
    assert_eq!(d["retention"]["30d"]["mature"], serde_json::json!({"pass": 0, "fail": 1, "rate": 0.0}));
    assert_eq!(d["retention"]["365d"]["total"]["pass"], 1);
    assert_eq!(d["cards"]["young"], 1);
    assert_eq!(d["forecast"]["due"][1], 1);
}

#[test]
fn the_page_fits_eighty_columns_in_both_languages() {
    let env = TestEnv::new();
    hand_made(&env);
    let en = env.run(&["stats", "hand"]);
    assert_eq!(en.code, 0, "{}", en.all());
    let vi = env.run(&["--lang", "vi", "stats", "hand"]);
    assert_eq!(vi.code, 0, "{}", vi.all());
    for page in [&en.stdout, &vi.stdout] {
        assert!(!page.contains('\u{1b}'), "no colour off a terminal");
        for line in page.lines() {
            assert!(display_width(line) <= 80, "{} columns: {line}", display_width(line));
        }
    }
    insta::assert_snapshot!("stats-en", en.stdout);
    insta::assert_snapshot!("stats-vi", vi.stdout);
}

#[test]
fn each_card_is_counted_once() {
    let env = TestEnv::new();
    // Both editions of the bundled deck share their progress: naming both
    // is one set of 81 cards, not 162.
    let r = env.run_in(&["--plain", "run", "bpo-vs-call-center.en", "--new", "2"], "\n3\n\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let one = json(&env, &["bpo-vs-call-center.en"]);
    let both = json(&env, &["bpo-vs-call-center.en", "bpo-vs-call-center.vi"]);
    assert_eq!(one["cards"]["total"], 81, "{}", one["cards"]);
    assert_eq!(both["cards"], one["cards"]);
    // A saved state that is still New (imported history can leave one) is
    // an unseen card, counted once.
    let mut store = Store::open(&env.home().join("progress/learn.db")).expect("store");
    let card = learn::store::ImportedCard { card: "f".into(), answers: Vec::new(), state: CardState::new(now()) };
    env.write_deck("hand.toml", DECK);
    store.import_progress("lan", "hand", &[card]).expect("import");
    let hand = json(&env, &["hand"]);
    assert_eq!(hand["cards"]["new"], hand["cards"]["total"], "{}", hand["cards"]);
}

#[test]
fn bad_arguments_are_refused_with_a_way_out() {
    let env = TestEnv::new();
    let r = env.run(&["stats", "--days", "0"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("--days must be from 1 to 3650"), "{}", r.stderr);
    let r = env.run(&["stats", "no-such-deck"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("`learn decks` lists the deck ids"), "{}", r.stderr);
}
