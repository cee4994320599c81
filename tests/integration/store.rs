//! The progress store never loses a confirmed answer and never overwrites a
//! file it does not understand.

use super::support::{Dialog, TestEnv, reviews_json};

fn basic_deck(n: usize) -> String {
    let mut deck = String::from("[deck]\nid = \"t.basic\"\nname = \"Basic\"\nlanguage = \"en\"\n");
    for i in 0..n {
        deck.push_str(&format!("\n[[cards]]\nid = \"c{i}\"\nkind = \"basic\"\nquestion = \"Q{i}\"\nanswer = \"A{i}\"\nexplanation = \"E\"\n"));
    }
    deck
}

#[test]
fn sigkill_mid_session_keeps_every_confirmed_answer() {
    sigkill_mid_session_keeps_every_confirmed_answer_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn sigkill_mid_session_keeps_every_confirmed_answer_in(env: &TestEnv) {
    env.write_deck("basic.toml", &basic_deck(10));
    let mut d = Dialog::start(env, &["--lang", "en", "run", "t.basic"]);
    for _ in 0..3 {
        d.expect("press Enter");
        d.send("");
        d.expect("Grade:");
        d.send("3");
        d.expect("Graded: Good");
    }
    // Start a fourth answer, then kill the process without warning.
    d.expect("press Enter");
    d.send("");
    d.expect("Grade:");
    d.child.kill().expect("SIGKILL");
    let _ = d.child.wait();
    let log = reviews_json(env);
    assert_eq!(log.len(), 3, "the three confirmed answers survive, nothing else: {log:?}");
    // The store is healthy afterwards: a new session continues.
    let r = env.run_in(&["--lang", "en", "run", "t.basic"], "\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(reviews_json(env).len(), 4);
}

#[test]
fn two_sessions_at_once_both_land() {
    two_sessions_at_once_both_land_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn two_sessions_at_once_both_land_in(env: &TestEnv) {
    env.write_deck("basic.toml", &basic_deck(10));
    let mut a = Dialog::start(env, &["--lang", "en", "--learner", "an", "run", "t.basic"]);
    let mut b = Dialog::start(env, &["--lang", "en", "--learner", "binh", "run", "t.basic"]);
    for _ in 0..5 {
        for d in [&mut a, &mut b] {
            d.expect("press Enter");
            d.send("");
            d.expect("Grade:");
            d.send("3");
            d.expect("Graded: Good");
        }
    }
    let (ca, _) = a.finish();
    let (cb, _) = b.finish();
    assert_eq!((ca, cb), (0, 0));
    let log = reviews_json(env);
    assert_eq!(log.len(), 10);
    assert_eq!(log.iter().filter(|r| r["learner"] == "an").count(), 5);
    assert_eq!(log.iter().filter(|r| r["learner"] == "binh").count(), 5);
}

#[test]
fn damaged_store_is_refused_and_left_byte_for_byte() {
    let env = TestEnv::new();
    env.write_deck("basic.toml", &basic_deck(2));
    let db = env.home().join("progress/learn.db");
    std::fs::create_dir_all(db.parent().expect("dir")).expect("mkdir");
    // Once a real store, now with its header and first pages overwritten.
    let r = env.run_in(&["run", "t.basic"], "\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let mut bytes = std::fs::read(&db).expect("db");
    for b in bytes.iter_mut().take(4096).skip(16) {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).expect("damage");
    let _ = std::fs::remove_file(env.home().join("progress/learn.db-wal"));
    for args in [&["run", "t.basic"][..], &["decks"][..], &["export", "reviews"][..]] {
        let r = env.run_in(args, "\n3\n");
        assert_eq!(r.code, 1, "{args:?}: {}", r.all());
        assert!(
            r.stderr.contains("is not a learn progress store") && r.stderr.contains("left untouched"),
            "{}",
            r.stderr
        );
        assert!(!r.all().contains("panicked"), "{}", r.all());
        assert_eq!(std::fs::read(&db).expect("db"), bytes, "{args:?} changed the file");
    }
    // Plain garbage too.
    std::fs::write(&db, "hello, this is not SQLite at all").expect("garbage");
    let r = env.run_in(&["run", "t.basic"], "");
    assert_eq!(r.code, 1);
    assert_eq!(std::fs::read(&db).expect("db"), b"hello, this is not SQLite at all");
}

#[test]
fn store_from_a_newer_version_is_refused_untouched() {
    let env = TestEnv::new();
    env.write_deck("basic.toml", &basic_deck(2));
    let db = env.home().join("progress/learn.db");
    std::fs::create_dir_all(db.parent().expect("dir")).expect("mkdir");
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch("CREATE TABLE future(x); PRAGMA user_version = 42;").expect("future schema");
    }
    let before = std::fs::read(&db).expect("db");
    let r = env.run_in(&["run", "t.basic"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("newer version of learn (schema 42"), "{}", r.stderr);
    assert_eq!(std::fs::read(&db).expect("db"), before);
}

#[test]
fn decks_shows_what_today_holds_for_the_learner() {
    decks_shows_what_today_holds_for_the_learner_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn decks_shows_what_today_holds_for_the_learner_in(env: &TestEnv) {
    env.write_deck("basic.toml", &basic_deck(5));
    let cols = |r: &crate::support::Run| -> Vec<String> {
        let line = r.stdout.lines().find(|l| l.starts_with("t.basic")).unwrap_or_default();
        line.split_whitespace().map(str::to_string).collect()
    };
    // id, name, language, cards, unseen, learning, due today, new today: zeros,
    // not dashes, in a home without a store; nothing is created.
    let r = env.run(&["decks"]);
    assert_eq!(&cols(&r)[3..8], &["5", "5", "0", "0", "5"], "no store yet: {}", r.stdout);
    assert!(r.stdout.contains("the other columns count study items"), "{}", r.stdout);
    assert!(!env.home().join("progress").exists());
    // Two answers: Again (learning, due again in minutes) and Easy (review, due in days).
    let r = env.run_in(&["run", "t.basic"], "\n1\n\n4\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let r = env.run(&["decks"]);
    assert_eq!(&cols(&r)[3..8], &["5", "3", "1", "1", "3"], "{}", r.stdout);
    // Another learner has their own counts.
    let r = env.run(&["--learner", "other", "decks"]);
    assert_eq!(&cols(&r)[3..8], &["5", "5", "0", "0", "5"], "{}", r.stdout);
    // A skip and nothing answered: no card state, but the skipped card is
    // not among today's new ones.
    let r = env.run_in(&["--learner", "other", "run", "t.basic"], ":s\n:q\n");
    assert!(r.code == 0 && r.stdout.contains("Skipped until tomorrow."), "{}", r.all());
    let r = env.run(&["--learner", "other", "decks"]);
    assert_eq!(&cols(&r)[3..8], &["5", "5", "0", "0", "4"], "{}", r.stdout);
}

#[test]
fn export_reviews_csv_starts_with_the_optimizer_columns() {
    export_reviews_csv_starts_with_the_optimizer_columns_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn export_reviews_csv_starts_with_the_optimizer_columns_in(env: &TestEnv) {
    env.write_deck("basic.toml", &basic_deck(2));
    env.run_in(&["run", "t.basic"], "\n3\n");
    let r = env.run(&["export", "reviews"]);
    let mut lines = r.stdout.lines();
    let header = lines.next().unwrap_or_default();
    assert!(header.starts_with("card_id,review_time,review_rating,review_state,review_duration,"), "{header}");
    let row: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    assert_eq!(row[0], "t.basic/c0");
    // 2026-03-01T09:00:00+07:00 in ms since the epoch.
    assert_eq!(row[1], "1772330400000");
    assert_eq!((row[2], row[3]), ("3", "0"));
    let out = env.home().join("cards.json");
    let r = env.run(&["export", "cards", "--format", "json", "-o", out.to_str().unwrap_or_default()]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("json");
    assert_eq!(v[0]["card"], "c0");
    assert_eq!(v[0]["state"], "learning");
    assert_eq!(v[0]["step"], 1);
}
