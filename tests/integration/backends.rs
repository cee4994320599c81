//! The shared store suite: the same behavioural scenarios (study, undo,
//! flags, skips, review, listings, export, stats, optimize, progress moved
//! between deck editions, a killed client, two sessions at once) run
//! against the SQLite file and against a throwaway PostgreSQL cluster.

use super::pg::PgCluster;
use super::support::TestEnv;

type Scenario = (&'static str, fn() -> TestEnv, fn(&TestEnv));

fn scenarios() -> Vec<Scenario> {
    use super::{optimize, session, store, study};
    vec![
        ("sigkill", TestEnv::new, store::sigkill_mid_session_keeps_every_confirmed_answer_in),
        ("two_sessions", TestEnv::new, store::two_sessions_at_once_both_land_in),
        ("decks_counts", TestEnv::new, store::decks_shows_what_today_holds_for_the_learner_in),
        ("export", TestEnv::new, store::export_reviews_csv_starts_with_the_optimizer_columns_in),
        ("skips", TestEnv::new, session::a_skipped_card_is_not_next_due_and_a_quiz_skip_is_replaced_and_not_saved_in),
        (
            "whole_state",
            TestEnv::new,
            session::a_card_studied_before_is_previewed_and_rescheduled_from_its_whole_saved_state_in,
        ),
        ("review", TestEnv::new, session::the_drill_suggestion_appears_only_when_there_is_something_to_drill_in),
        ("flags", TestEnv::new, session::flags_carry_a_note_can_be_undone_listed_and_cleared_in),
        ("adopt", TestEnv::new, session::progress_kept_under_an_edition_id_moves_to_the_shared_key_in),
        ("undo", study::kinds_env, study::undo_forgets_the_last_answer_exactly_in),
        ("optimize", TestEnv::new, optimize::too_little_history_is_refused_politely_in),
        ("stats", TestEnv::new, stats_of_a_session_in),
        ("report", TestEnv::new, report_of_three_learners_in),
        ("import_progress", TestEnv::new, import_with_progress_twice_in),
    ]
}

/// An Anki package with its review history: the answers and card states
/// land in the store; importing it again adds nothing.
fn import_with_progress_twice_in(env: &TestEnv) {
    let pkg = super::support::repo().join("tests/fixtures/import/apkg/current.apkg");
    let pkg = pkg.to_str().expect("utf-8 path");
    let r = env.run(&["import", pkg, "--with-progress"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let log = super::support::reviews_json(env);
    assert!(!log.is_empty() && log.iter().all(|r| r["mode"] == "import"), "{log:?}");
    let cards = env.run(&["export", "cards", "--format", "json"]);
    let cards: serde_json::Value = serde_json::from_str(&cards.stdout).expect("json");
    assert!(cards.as_array().is_some_and(|c| !c.is_empty()), "card states imported");
    let r = env.run(&["import", pkg, "--with-progress"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(super::support::reviews_json(env).len(), log.len(), "nothing added the second time");
}

/// `learn report` over three learners, as JSON and HTML.
fn report_of_three_learners_in(env: &TestEnv) {
    super::report::cohort_env(env);
    super::report::check_json(env);
    super::report::check_html(env);
}

/// `learn stats --json` counts what a session answered.
fn stats_of_a_session_in(env: &TestEnv) {
    let mut deck = String::from("[deck]\nid = \"t.st\"\nname = \"St\"\nlanguage = \"en\"\n");
    for i in 0..4 {
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"c{i}\"\nkind = \"basic\"\nquestion = \"Q{i}\"\nanswer = \"A{i}\"\n"
        ));
    }
    env.write_deck("st.toml", &deck);
    let r = env.run_in(&["--lang", "en", "run", "t.st"], "\n3\n\n1\n\n4\n:q\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let r = env.run(&["--lang", "en", "stats", "--json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("stats json");
    assert!(r.stdout.contains("\"answers\": 3") || v.to_string().contains("\"answers\":3"), "{}", r.stdout);
}

#[test]
fn store_suite_on_sqlite() {
    for (name, setup, run) in scenarios() {
        eprintln!("sqlite: {name}");
        run(&setup());
    }
}

#[test]
fn store_suite_on_postgres() {
    let Some(pg) = PgCluster::start() else { return };
    for (i, (name, setup, run)) in scenarios().into_iter().enumerate() {
        eprintln!("postgres: {name}");
        let mut env = setup();
        env.store = Some(pg.new_db(&format!("suite{i}")));
        run(&env);
        assert!(!env.home().join("progress/learn.db").exists(), "{name}: nothing went to the SQLite file");
    }
}
