//! A study session that does not surprise: the day boundary, skips and the
//! next due card, quizzes that keep their length, the drill suggestion,
//! words and numbers, flags with notes, shared progress between editions,
//! strict marks, each deck's own settings, and fuzz — in plain mode.

use super::support::{TestEnv, reviews_json};

/// A deck of `n` flashcards `c0`..`c{n-1}` ("Question i?" / "Answer i").
fn basic_deck(id: &str, n: usize) -> String {
    let mut s = format!("[deck]\nid = \"{id}\"\nname = \"{id}\"\nlanguage = \"en\"\n");
    for i in 0..n {
        s.push_str(&format!(
            "\n[[cards]]\nid = \"c{i}\"\nkind = \"basic\"\nquestion = \"Question {i}?\"\nanswer = \"Answer {i}\"\nexplanation = \"E.\"\n"
        ));
    }
    s
}

/// Plain-mode input that reveals and grades `n` flashcards with `grade`.
fn grades(n: usize, grade: u8) -> String {
    format!("\n{grade}\n").repeat(n)
}

/// Every card's state and due time from `learn export cards --format json`.
fn cards_json(env: &TestEnv) -> Vec<serde_json::Value> {
    let r = env.run(&["export", "cards", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("json").as_array().cloned().unwrap_or_default()
}

#[test]
fn a_session_across_the_day_start_brings_learning_cards_back() {
    let mut env = TestEnv::new();
    env.write_deck("d.toml", &basic_deck("t.day", 6));
    // 03:52 local, four minutes a answer: the day starts at 04:00 after two.
    env.now = "2026-03-02T03:52:00+07:00".into();
    let mut c = env.command(&["--lang", "en", "run", "t.day", "--limit", "5"]);
    c.env("LEARN_NOW_STEP", "4m");
    let out = super::support::run_with_input(c, &grades(5, 3));
    assert_eq!(out.code, 0, "{}", out.all());
    let asked: Vec<&str> = out.stdout.lines().filter_map(|l| l.strip_prefix("Flashcard: ")).collect();
    // 03:52 c0 and 03:56 c1 (Good: due 04:02 and 04:06, after the day
    // start), 04:00 c2 (new day); then c0 and c1 come back in the new day.
    assert_eq!(asked, ["Question 0?", "Question 1?", "Question 2?", "Question 0?", "Question 1?"], "{}", out.stdout);
    // The header counts all three as learning when c0 comes back.
    let headers: Vec<&str> = out.stdout.lines().filter(|l| l.starts_with('[')).collect();
    assert!(headers[3].contains("learning 3"), "{headers:?}");
}

#[test]
fn a_skipped_card_is_not_next_due_and_a_quiz_skip_is_replaced_and_not_saved() {
    a_skipped_card_is_not_next_due_and_a_quiz_skip_is_replaced_and_not_saved_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn a_skipped_card_is_not_next_due_and_a_quiz_skip_is_replaced_and_not_saved_in(env: &TestEnv) {
    env.write_deck("d.toml", &basic_deck("t.skip", 2));
    // c0 Good (10-minute step), c1 Again (1-minute step), c1 comes back (learning ahead): skip it.
    let r = env.run_in(&["--lang", "en", "run", "t.skip"], "\n3\n\n1\n:s\n");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("Skipped until tomorrow."), "{}", r.stdout);
    assert!(r.stdout.contains("Next cards due: in 10m"), "the skipped card is not next:\n{}", r.stdout);

    let env = TestEnv::new();
    let mut deck = "[deck]\nid = \"t.tf\"\nname = \"TF\"\nlanguage = \"en\"\n".to_string();
    for i in 0..5 {
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"s{i}\"\nkind = \"true_false\"\nstatement = \"Statement {i}.\"\nanswer = true\nexplanation = \"E.\"\n"
        ));
    }
    env.write_deck("tf.toml", &deck);
    let r = env.run_in(&["--lang", "en", "quiz", "t.tf", "-n", "3", "--seed", "1"], ":s\nt\nt\nt\n");
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.stdout.matches("True or false: ").count(), 4, "3 questions asked after the skip:\n{}", r.stdout);
    assert!(r.stdout.contains("Score: 3/3 right (100%) · answered 3/3 · skipped 1"), "{}", r.stdout);
    // The quiz wrote no skip: `learn run` still offers all five cards.
    let run = env.run_in(&["--lang", "en", "run", "t.tf"], "");
    assert!(run.stdout.contains("new 5 ·"), "{}", run.stdout);
}

#[test]
fn the_drill_suggestion_appears_only_when_there_is_something_to_drill() {
    the_drill_suggestion_appears_only_when_there_is_something_to_drill_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn the_drill_suggestion_appears_only_when_there_is_something_to_drill_in(env: &TestEnv) {
    env.write_deck("d.toml", &basic_deck("t.miss", 1));
    // Again, then right when it comes back: nothing left to drill.
    let r = env.run_in(&["--lang", "en", "run", "t.miss"], "\n1\n\n3\n");
    assert!(r.stdout.contains("Done: 2 cards · 1 right (50%)"), "{}", r.stdout);
    assert!(!r.stdout.contains("drill"), "no suggestion when the miss was put right:\n{}", r.stdout);
    let review = env.run_in(&["--lang", "en", "review"], "");
    assert!(review.stdout.contains("Nothing missed"), "{}", review.stdout);

    let env = TestEnv::new();
    env.write_deck("d.toml", &basic_deck("t.miss", 3));
    // Right, right, wrong: 2 of 3 is 67%, one card to drill, said once.
    let r = env.run_in(&["--lang", "en", "run", "t.miss", "--limit", "3"], "\n3\n\n3\n\n1\n");
    assert!(r.stdout.contains("Done: 3 cards · 2 right (67%)"), "{}", r.stdout);
    assert!(r.stdout.contains("Missed 1 card; drill it with `learn review`."), "{}", r.stdout);
    // `learn review` (no --missed) drills it, and its header counts missed cards.
    let review = env.run_in(&["--lang", "en", "review"], "\n3\n");
    assert!(review.stdout.contains("missed 1 · answered 0"), "{}", review.stdout);
    assert!(review.stdout.contains("Done: 1 card · 1 right (100%)"), "{}", review.stdout);
}

#[test]
fn flags_carry_a_note_can_be_undone_listed_and_cleared() {
    flags_carry_a_note_can_be_undone_listed_and_cleared_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn flags_carry_a_note_can_be_undone_listed_and_cleared_in(env: &TestEnv) {
    env.write_deck("d.toml", &basic_deck("t.flag", 3));
    // Flag c0 with a note; flag c1 and take it back with :u; quit.
    let r = env.run_in(&["--lang", "en", "run", "t.flag"], ":flag the answer is outdated\n\n3\n:f\n:u\n:q\n");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("Removed the flag."), "{}", r.stdout);
    let flags = env.run(&["--lang", "en", "flags"]);
    assert_eq!(flags.code, 0, "{}", flags.all());
    assert!(flags.stdout.contains("t.flag / c0"), "{}", flags.stdout);
    assert!(flags.stdout.contains("Question: Question 0?"), "{}", flags.stdout);
    assert!(flags.stdout.contains("Note: the answer is outdated"), "{}", flags.stdout);
    assert!(!flags.stdout.contains("c1"), "the undone flag is gone:\n{}", flags.stdout);
    assert!(flags.stdout.contains("1 flagged card"), "{}", flags.stdout);
    let check = env.run(&["check"]);
    assert!(
        check.stdout.contains("flagged  t.flag / c0  (by lan, 2026-03-01): the answer is outdated"),
        "{}",
        check.stdout
    );
    let cleared = env.run(&["--lang", "en", "flags", "--clear", "t.flag/c0"]);
    assert_eq!(cleared.code, 0, "{}", cleared.all());
    assert!(env.run(&["--lang", "en", "flags"]).stdout.contains("No card is flagged."));
    let again = env.run(&["--lang", "en", "flags", "--clear", "t.flag/c0"]);
    assert_eq!(again.code, 2, "clearing a flag that is not there is a usage error");
    assert!(again.stderr.contains("`learn flags` lists the flags"), "{}", again.stderr);
}

#[test]
fn the_two_editions_of_the_bundled_deck_share_progress() {
    let env = TestEnv::new();
    // Answer the Vietnamese edition's first card, then look at the English one.
    let r = env.run_in(&["--lang", "en", "run", "bpo-vs-call-center.vi", "--limit", "1"], "1\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let decks = env.run(&["decks"]);
    // NEW and LEARN: 87 study items, one of them in learning, in both editions.
    let counts = |id: &str| {
        let line = decks.stdout.lines().find(|l| l.starts_with(id)).unwrap_or_default();
        let after_lang: Vec<&str> =
            line.split(&format!(" {} ", &id[id.len() - 2..])).nth(1).unwrap_or_default().split_whitespace().collect();
        (
            after_lang.get(1).copied().unwrap_or_default().to_string(),
            after_lang.get(2).copied().unwrap_or_default().to_string(),
        )
    };
    assert_eq!(counts("bpo-vs-call-center.vi"), counts("bpo-vs-call-center.en"), "{}", decks.stdout);
    assert_eq!(counts("bpo-vs-call-center.en").1, "1", "{}", decks.stdout);
    let cards = cards_json(&env);
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0]["deck"], "bpo-vs-call-center", "progress is kept under the shared key");
    // The English edition continues the same schedule: one new card fewer.
    let en_run = env.run_in(&["--lang", "en", "run", "bpo-vs-call-center.en"], "");
    assert!(en_run.stdout.contains("learning 1"), "{}", en_run.stdout);
}

#[test]
fn progress_kept_under_an_edition_id_moves_to_the_shared_key() {
    progress_kept_under_an_edition_id_moves_to_the_shared_key_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn progress_kept_under_an_edition_id_moves_to_the_shared_key_in(env: &TestEnv) {
    // A home copy of the Vietnamese edition without the shared key (as before).
    let bundled =
        std::fs::read_to_string(super::support::repo().join("decks/bpo-vs-call-center.vi.toml")).expect("deck");
    let old = bundled.replace("progress = \"bpo-vs-call-center\"\n", "");
    let copy = env.write_deck("bpo-vs-call-center.vi.toml", &old);
    // File order: the first two cards are choices ("1" answers each).
    std::fs::write(env.home().join("learn.toml"), "[scheduler]\nnew_order = \"file\"\n").expect("config");
    env.run_in(&["--lang", "en", "run", "bpo-vs-call-center.vi", "--limit", "2"], "1\n1\n");
    assert!(cards_json(env).iter().all(|c| c["deck"] == "bpo-vs-call-center.vi"));
    // Back to the bundled deck (with the key): its next session moves the progress.
    std::fs::remove_file(copy).expect("remove the copy");
    let r = env.run_in(&["--lang", "en", "run", "bpo-vs-call-center.en"], "");
    assert!(r.stdout.contains("learning 2") || r.stdout.contains("due "), "{}", r.stdout);
    let cards = cards_json(env);
    assert_eq!(cards.len(), 2);
    assert!(cards.iter().all(|c| c["deck"] == "bpo-vs-call-center"), "{cards:?}");
    assert!(reviews_json(env).iter().all(|r| r["deck"] == "bpo-vs-call-center"));
}

#[test]
fn strict_marks_make_a_mark_error_wrong() {
    let deck = |strict: bool| {
        format!(
            "[deck]\nid = \"t.tones\"\nname = \"Tones\"\nlanguage = \"vi\"\nstrict_marks = {strict}\n\n[[cards]]\nid = \"ma\"\nkind = \"typed\"\nquestion = \"Mother (southern)?\"\nanswer = \"má\"\nexplanation = \"Sắc tone.\"\n"
        )
    };
    let env = TestEnv::new();
    env.write_deck("tones.toml", &deck(true));
    let r = env.run_in(&["--lang", "en", "quiz", "t.tones", "--feedback"], "ma\n");
    assert!(r.stdout.contains("✗ Wrong. The answer: má"), "{}", r.stdout);
    env.write_deck("tones.toml", &deck(false));
    let r = env.run_in(&["--lang", "en", "quiz", "t.tones", "--feedback"], "ma\n");
    assert!(r.stdout.contains("≈ Almost; the exact form is: má"), "{}", r.stdout);
}

#[test]
fn each_deck_in_a_session_follows_its_own_settings() {
    let env = TestEnv::new();
    env.write_deck("a.toml", &basic_deck("t.a", 1));
    env.write_deck("b.toml", &basic_deck("t.b", 1));
    // Deck a has no learning steps (Good goes straight to review); b keeps the defaults.
    std::fs::write(
        env.home().join("learn.toml"),
        "default_decks = [\"t.a\", \"t.b\"]\n[decks.\"t.a\".scheduler]\nlearning_steps = []\n",
    )
    .expect("config");
    let r = env.run_in(&["--lang", "en", "run", "t.a", "t.b", "--limit", "2"], &grades(2, 3));
    assert_eq!(r.code, 0, "{}", r.all());
    let cards = cards_json(&env);
    let state = |deck: &str| cards.iter().find(|c| c["deck"] == deck).map(|c| c["state"].clone());
    assert_eq!(state("t.a"), Some("review".into()), "{cards:?}");
    assert_eq!(state("t.b"), Some("learning".into()), "{cards:?}");
}

#[test]
fn fifty_cards_answered_easy_together_come_back_on_several_days() {
    let env = TestEnv::new();
    env.write_deck("d.toml", &basic_deck("t.fuzz", 50));
    std::fs::write(env.home().join("learn.toml"), "[scheduler]\nnew_per_day = 50\n").expect("config");
    let r = env.run_in(&["--lang", "en", "run", "t.fuzz"], &grades(50, 4));
    assert_eq!(r.code, 0, "{}", r.all());
    let cards = cards_json(&env);
    assert_eq!(cards.len(), 50);
    let days: std::collections::HashSet<String> =
        cards.iter().filter_map(|c| c["due"].as_str().map(|d| d[..10].to_string())).collect();
    assert!(days.len() >= 3, "due on {} distinct days: {days:?}", days.len());
}

#[test]
fn an_empty_typed_answer_is_asked_again_and_dont_know_counts_as_again() {
    let env = TestEnv::new();
    env.write_deck(
        "t.toml",
        "[deck]\nid = \"t.typed\"\nname = \"T\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"t\"\nkind = \"typed\"\nquestion = \"Capital?\"\nanswer = \"Hanoi\"\nexplanation = \"E.\"\n",
    );
    let r = env.run_in(&["--lang", "en", "run", "t.typed", "--limit", "1"], "\n   \n:?\n");
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.stdout.matches("Nothing typed; type an answer, or :? if you don't know.").count(), 2, "{}", r.stdout);
    assert!(r.stdout.contains("The answer: Hanoi"), "{}", r.stdout);
    let log = reviews_json(&env);
    assert_eq!(log.len(), 1, "only the I-don't-know answer is recorded");
    assert_eq!(log[0]["rating"], 1);
    assert_eq!(log[0]["correct"], false);
}

#[test]
fn a_cloze_blank_with_alternatives_accepts_each_and_shows_the_first() {
    let env = TestEnv::new();
    env.write_deck(
        "alt.toml",
        "[deck]\nid = \"t.alt\"\nname = \"Alt\"\nlanguage = \"vi\"\n\n[[cards]]\nid = \"renew\"\nkind = \"cloze\"\ntext = \"Hợp đồng được {{gia hạn|cập nhật}} mỗi năm.\"\nexplanation = \"Cả hai đều đúng.\"\n",
    );
    for (typed, right) in [("gia hạn", true), ("cập nhật", true), ("cap nhat", false), ("hủy", false)] {
        let r = env.run_in(&["--lang", "en", "quiz", "t.alt", "--feedback"], &format!("{typed}\n"));
        assert_eq!(r.code, 0, "{}", r.all());
        assert!(r.stdout.contains("Hợp đồng được [...] mỗi năm."), "{}", r.stdout);
        if right {
            assert!(r.stdout.contains("✓ Right"), "{typed}: {}", r.stdout);
        } else if typed == "cap nhat" {
            // Marks missing from an alternative: almost, with the alternative's exact form.
            assert!(r.stdout.contains("≈ Almost; the exact form is: cập nhật"), "{typed}: {}", r.stdout);
        } else {
            assert!(r.stdout.contains("✗ Wrong. The answer: gia hạn"), "{typed}: {}", r.stdout);
        }
    }
    // learn check validates the alternatives.
    env.write_deck("alt.toml", "[deck]\nid = \"t.alt\"\nname = \"Alt\"\nlanguage = \"vi\"\n\n[[cards]]\nid = \"renew\"\nkind = \"cloze\"\ntext = \"Được {{gia hạn||cập nhật}}.\"\nexplanation = \"E.\"\n");
    let r = env.run(&["--lang", "en", "check", "decks/alt.toml"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("an empty alternative in a deletion"), "{}", r.stdout);
}

#[test]
fn new_cards_are_spread_over_the_sections_of_the_bundled_deck() {
    let env = TestEnv::new();
    let mut d = super::support::Dialog::start(&env, &["--lang", "en", "run", "bpo-vs-call-center.vi", "--limit", "20"]);
    let prompts =
        ["(press Enter to show the answer)", "Grade:", "Answer:", "Choose (a number):", "Choose (numbers", "(t/f)"];
    let mut answered = 0;
    while answered < 20 {
        let lines = d.expect_any(&prompts);
        let last = lines.last().map(|l| l.trim().to_string()).unwrap_or_default();
        let reply = if last.contains("(press Enter") {
            ""
        } else if last.starts_with("Grade:") {
            "3"
        } else if last == "Answer:" {
            "x"
        } else if last.starts_with("Answer: ") {
            continue; // a flashcard's revealed back
        } else if last.contains("(t/f)") {
            "t"
        } else {
            "1"
        };
        d.send(reply);
        if !last.contains("(press Enter") {
            answered += 1;
        }
    }
    let (code, out) = d.finish();
    assert_eq!(code, 0, "{out}");
    let deck_text =
        std::fs::read_to_string(super::support::repo().join("decks/bpo-vs-call-center.vi.toml")).expect("deck");
    let deck = learn::deck::parse_str(&deck_text, learn::deck::Origin::Generated, "vi").deck.expect("deck");
    let section = |id: &str| {
        let card = id.split('#').next().unwrap_or(id);
        deck.cards.iter().find(|c| c.id.as_str() == card).and_then(|c| c.source.clone()).unwrap_or_default()
    };
    let order: Vec<String> = reviews_json(&env).iter().map(|r| r["card"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(order.len(), 20, "{order:?}");
    let sections: Vec<String> = order.iter().map(|c| section(c)).collect();
    for (i, pair) in sections.windows(2).enumerate() {
        assert_ne!(
            pair[0],
            pair[1],
            "cards {} and {} are both from `{}`: {sections:?}",
            order[i],
            order[i + 1],
            pair[0]
        );
    }
    let distinct: std::collections::HashSet<&String> = sections.iter().collect();
    assert!(distinct.len() >= 6, "the first 20 new cards cover the sections: {sections:?}");
}

#[test]
fn review_of_every_deck_asks_a_card_shared_by_two_editions_once() {
    let env = TestEnv::new();
    std::fs::write(env.home().join("learn.toml"), "[scheduler]\nnew_order = \"file\"\n").expect("config");
    // The first card of the Vietnamese edition, answered wrong (it is a choice: 2 is wrong).
    let r = env.run_in(&["--lang", "vi", "run", "bpo-vs-call-center.vi", "--limit", "1"], "2\n");
    assert!(r.stdout.contains("✗"), "{}", r.stdout);
    // In English, the missed card is asked once, in the English edition.
    let r = env.run_in(&["--lang", "en", "review"], "");
    assert!(r.stdout.contains("missed 1 ·"), "{}", r.stdout);
    assert!(r.stdout.contains("BPO vs Call Center ·"), "the English edition: {}", r.stdout);
    let r = env.run_in(&["--lang", "vi", "review"], "");
    assert!(r.stdout.contains("còn sai 1 ·"), "{}", r.stdout);
    assert!(r.stdout.contains("BPO và Trung tâm cuộc gọi ·"), "the Vietnamese edition: {}", r.stdout);
}

#[test]
fn a_card_studied_before_is_previewed_and_rescheduled_from_its_whole_saved_state() {
    a_card_studied_before_is_previewed_and_rescheduled_from_its_whole_saved_state_in(&TestEnv::new());
}

/// The scenario in `env` (either backend; see `backends.rs`). Start-up
/// reads only the queue's part of each saved state (state, due, last
/// review); the rest is read when the card is shown. The buttons and the
/// answer must come from the whole state, as before.
pub(crate) fn a_card_studied_before_is_previewed_and_rescheduled_from_its_whole_saved_state_in(env: &TestEnv) {
    use learn::schedule::{Grade, Scheduler, Settings, format_span, replay};
    let time = |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("time").with_timezone(&chrono::Utc);
    env.write_deck("d.toml", &basic_deck("t.full", 2));
    let r = env.run_in(&["--lang", "en", "run", "t.full"], &grades(2, 4));
    assert_eq!(r.code, 0, "{}", r.all());
    // Nineteen days on, both are due reviews; answer the first shown Good.
    let later = "2026-03-20T09:00:00+07:00";
    let mut c = env.command(&["--lang", "en", "run", "t.full", "--limit", "1"]);
    c.env("LEARN_NOW", later);
    let r = super::support::run_with_input(c, &grades(1, 3));
    assert_eq!(r.code, 0, "{}", r.all());
    let shown = r.stdout.lines().find_map(|l| l.strip_prefix("Flashcard: Question ")).expect("a card shown");
    let card = format!("c{}", shown.trim_end_matches('?'));
    let key = format!("t.full/{card}");
    let log: Vec<_> = reviews_json(env)
        .into_iter()
        .filter(|r| r["card"] == card.as_str())
        .map(|r| {
            let grade = Grade::from_number(r["rating"].as_i64().unwrap_or(0)).expect("a rating");
            (time(r["time"].as_str().unwrap_or_default()), grade)
        })
        .collect();
    assert_eq!(log.len(), 2, "{log:?}");
    let sched = Scheduler::new(Settings::default()).expect("scheduler");
    let before = replay(&sched, &log[..1], &key, log[0].0);
    let now = time(later);
    let p = sched.preview(&before, now, &key).map(|s| format_span((s.due - now).num_seconds()));
    let line = format!("Grade: 1 Again ({}) · 2 Hard ({}) · 3 Good ({}) · 4 Easy ({})", p[0], p[1], p[2], p[3]);
    assert!(r.stdout.lines().any(|l| l == line), "expected {line:?} in\n{}", r.stdout);
    assert!(p[2].contains("mo"), "a review card's Good is months away: {line}");
    // What was saved is the whole state rescheduled.
    let after = sched.review(&before, Grade::Good, now, &key);
    let cards = cards_json(env);
    let saved = cards.iter().find(|c| c["card"] == card.as_str()).expect("saved");
    assert_eq!(saved["reps"].as_u64(), Some(u64::from(after.reps)), "{saved}");
    assert_eq!(saved["stability"].as_f64().map(|s| (s * 1e6).round()), after.stability.map(|s| (s * 1e6).round()));
    assert_eq!(saved["due"].as_str().map(time), Some(after.due), "{saved}");
}
