//! Plain-mode study sessions: every card kind, undo, quiz, review --missed,
//! end of input, and a multi-day simulation with LEARN_NOW.

use super::support::{Dialog, TestEnv, option_number, reviews_json};

pub const KINDS_DECK: &str = r#"[deck]
id = "t.kinds"
name = "Thử nghiệm"
language = "vi"

[[cards]]
id = "b1"
kind = "basic"
question = "Thủ đô của Việt Nam?"
answer = "Hà Nội"
explanation = "Hà Nội là thủ đô từ năm 1010 (Thăng Long)."

[[cards]]
id = "t1"
kind = "typed"
question = "Thủ đô của Việt Nam là gì?"
answer = "Hà Nội"
explanation = "Gõ tên thủ đô."

[[cards]]
id = "c1"
kind = "choice"
question = "Which one handles offshore work?"
options = ["Call center", "BPO", "Neither"]
answer = "BPO"
explanation = "BPO works across locations."

[[cards]]
id = "tf"
kind = "true_false"
statement = "A call center is spread over many locations."
answer = false
explanation = "It is concentrated in one place."

[[cards]]
id = "z"
kind = "cloze"
text = "BPO là viết tắt của {{Business Process Outsourcing}}."
explanation = "The acronym."
"#;

pub(crate) fn kinds_env() -> TestEnv {
    let env = TestEnv::new();
    env.write_deck("kinds.toml", KINDS_DECK);
    env
}

#[test]
fn every_kind_in_plain_mode_is_checked_and_saved() {
    let env = kinds_env();
    let mut d = Dialog::start(&env, &["--lang", "en", "run", "t.kinds"]);
    d.expect("Flashcard: Thủ đô của Việt Nam?");
    d.expect("press Enter to show the answer");
    d.send("");
    d.expect("Answer: Hà Nội");
    let grade = d.expect("Grade:");
    assert!(
        grade.last().is_some_and(|l| l.contains("1 Again (1m)")
            && l.contains("3 Good (10m)")
            && easy_days(l).is_some_and(|d| (6..=10).contains(&d))),
        "{grade:?}"
    );
    d.send("3");
    d.expect("Graded: Good");
    d.expect("Type the answer: Thủ đô của Việt Nam là gì?");
    d.expect("Answer:");
    d.send("ha noi");
    d.expect("≈ Almost; the exact form is: Hà Nội");
    let shown = d.expect("Choose (a number):");
    let n = option_number(&shown, "BPO");
    d.send("9");
    d.expect("Type a number from 1 to 3.");
    d.send(&n.to_string());
    d.expect("✓ Right: BPO");
    d.expect("True or false? (t/f)");
    d.send("t");
    d.expect("✗ Wrong. The answer: False");
    d.expect("Why: It is concentrated in one place.");
    d.expect("Fill in the blank: BPO là viết tắt của [...].");
    d.expect("Answer:");
    d.send("business process outsourcing");
    d.expect("✓ Right: Business Process Outsourcing");
    let (code, out) = d.finish();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Done: 5 cards · 4 right (80%)"), "{out}");
    assert!(out.contains("Missed 1 card; drill it with `learn review`."), "{out}");
    let log = reviews_json(&env);
    let got: Vec<(String, i64, bool)> = log
        .iter()
        .map(|r| {
            (
                r["card"].as_str().unwrap_or("").to_string(),
                r["rating"].as_i64().unwrap_or(0),
                r["correct"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("b1".into(), 3, true),
            ("t1".into(), 2, true),
            ("c1".into(), 3, true),
            ("tf".into(), 1, false),
            ("z#1".into(), 3, true)
        ]
    );
    assert_eq!(log[1]["answer"], "ha noi");
}

#[test]
fn undo_forgets_the_last_answer_exactly() {
    undo_forgets_the_last_answer_exactly_in(&kinds_env());
}

/// The scenario in `env` (either backend; see `backends.rs`).
pub(crate) fn undo_forgets_the_last_answer_exactly_in(env: &TestEnv) {
    let mut d = Dialog::start(env, &["--lang", "en", "run", "t.kinds"]);
    d.expect("press Enter");
    d.send("");
    d.expect("Grade:");
    d.send("1");
    d.expect("Type the answer");
    d.expect("Answer:");
    d.send(":undo");
    d.expect("Undid the last answer.");
    // The undone card comes back first.
    d.expect("Flashcard: Thủ đô của Việt Nam?");
    d.expect("press Enter");
    d.send("");
    d.expect("Grade:");
    d.send("4");
    d.expect("Type the answer");
    let (code, out) = d.finish();
    assert_eq!(code, 0, "{out}");
    let log = reviews_json(env);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["rating"], 4);
    let cards = env.run(&["export", "cards"]);
    let b1: Vec<&str> = cards.stdout.lines().filter(|l| l.starts_with("t.kinds,b1,")).collect();
    assert_eq!(b1.len(), 1);
    assert!(b1[0].contains(",review,"), "Easy on a new card graduates it: {}", b1[0]);
}

#[test]
fn end_of_input_ends_cleanly_with_a_summary() {
    let env = kinds_env();
    let r = env.run_in(&["--lang", "en", "run", "t.kinds"], "\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("Done: 1 card · 1 right (100%)"), "{}", r.stdout);
    assert_eq!(reviews_json(&env).len(), 1);
}

#[test]
fn vietnamese_interface_has_no_english() {
    let env = kinds_env();
    let r = env.run_in(&["--lang", "vi", "run", "t.kinds"], "\n3\nha noi\n");
    assert_eq!(r.code, 0, "{}", r.all());
    for want in
        ["Thẻ ghi nhớ:", "(Enter để xem đáp án)", "Đáp án: Hà Nội", "Đánh giá: 1 Quên (1m)", "≈ Gần đúng", "Kết thúc:"]
    {
        assert!(r.stdout.contains(want), "missing {want:?} in\n{}", r.stdout);
    }
    for english in ["Answer", "Grade", "Right", "Wrong", "Done", "press Enter", "Why"] {
        assert!(!r.stdout.contains(english), "English {english:?} in\n{}", r.stdout);
    }
}

#[test]
fn locale_picks_the_interface_language() {
    let env = kinds_env();
    let mut c = env.command(&["run", "t.kinds"]);
    c.env("LANG", "vi_VN.UTF-8").stdin(std::process::Stdio::null());
    let out = c.output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("(Enter để xem đáp án)"));
}

#[test]
fn quiz_misses_are_drilled_by_review_missed_until_right() {
    let env = kinds_env();
    // Choice and true/false only, fixed seed: answer everything wrong.
    let mut d =
        Dialog::start(&env, &["--lang", "en", "quiz", "t.kinds", "--kinds", "choice,true_false", "--seed", "7"]);
    for _ in 0..2 {
        let lines = d.expect_any(&["Choose (a number):", "True or false? (t/f)"]);
        let last = lines.last().cloned().unwrap_or_default();
        if last.contains("True or false") {
            d.send("t");
        } else {
            let wrong = if option_number(&lines, "BPO") == 1 { "2" } else { "1" };
            d.send(wrong);
        }
    }
    let (code, out) = d.finish();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Score: 0/2 right (0%)"), "{out}");
    assert!(out.contains("Answer: BPO") && out.contains("Answer: False"), "misses listed with answers:\n{out}");
    assert!(!out.contains("✗ Wrong"), "no feedback during a quiz without --feedback:\n{out}");
    // The schedule is untouched by the quiz.
    let cards = env.run(&["export", "cards"]);
    assert_eq!(cards.stdout.lines().count(), 1, "only the header: {}", cards.stdout);

    // Review --missed drills exactly those two; a miss comes back until right.
    let mut d = Dialog::start(&env, &["--lang", "en", "review", "--missed", "--no-reschedule"]);
    let mut asked = Vec::new();
    let mut missed_once = false;
    loop {
        let lines = d.expect_any(&["Choose (a number):", "True or false? (t/f)"]);
        let last = lines.last().cloned().unwrap_or_default();
        if last.contains("True or false") {
            asked.push("tf");
            if !missed_once {
                missed_once = true;
                d.send("t");
            } else {
                d.send("f");
            }
        } else {
            asked.push("c1");
            d.send(&option_number(&lines, "BPO").to_string());
        }
        if asked.len() == 3 {
            break;
        }
    }
    let (code, out) = d.finish();
    assert_eq!(code, 0, "{out}");
    let mut sorted = asked.clone();
    sorted.sort();
    assert_eq!(sorted, vec!["c1", "tf", "tf"], "{out}");
    assert_eq!(asked.last(), Some(&"tf"), "the missed card came back at the end");
    // Everything is now right: nothing left to review.
    let r = env.run(&["--lang", "en", "review", "--missed"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Nothing missed"), "{}", r.stdout);
}

/// Thirty days of `learn run`, answering Good to every basic card: each
/// card is asked on the day the engine scheduled it, never before.
#[test]
fn multi_day_simulation_brings_cards_back_when_scheduled() {
    let mut env = TestEnv::new();
    let mut deck = String::from("[deck]\nid = \"t.sim\"\nname = \"Sim\"\nlanguage = \"en\"\n");
    for i in 0..12 {
        deck.push_str(&format!("\n[[cards]]\nid = \"c{i}\"\nkind = \"basic\"\nquestion = \"Q{i}\"\nanswer = \"A{i}\"\nexplanation = \"E\"\n"));
    }
    env.write_deck("sim.toml", &deck);
    std::fs::write(env.home().join("learn.toml"), "[scheduler]\nnew_per_day = 4\n").expect("config");
    let start = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:00:00+07:00").expect("time");
    let mut due_before: std::collections::HashMap<String, chrono::DateTime<chrono::FixedOffset>> = Default::default();
    for day in 0..30 {
        let now = start + chrono::Duration::days(day);
        env.now = now.to_rfc3339();
        let before = reviews_json(&env).len();
        let r = env.run_in(&["--lang", "en", "run", "t.sim"], &"\n3\n".repeat(40));
        assert_eq!(r.code, 0, "{}", r.all());
        let log = reviews_json(&env);
        let today: Vec<&serde_json::Value> = log[before..].iter().collect();
        let day_end = now + chrono::Duration::hours(19); // next 04:00 local
        for rv in &today {
            let card = rv["card"].as_str().unwrap_or("").to_string();
            if let Some(due) = due_before.get(&card) {
                assert!(*due < day_end, "day {day}: {card} asked before its due date {due}");
            }
        }
        // Every card due by today's end was asked today.
        for (card, due) in &due_before {
            if *due < day_end && rv_state(&log, card) == "review" {
                assert!(
                    today.iter().any(|rv| rv["card"] == card.as_str()),
                    "day {day}: {card} was due {due} but not asked"
                );
            }
        }
        if day == 0 {
            assert_eq!(today.iter().filter(|r| r["state_before"] == "new").count(), 4, "new_per_day = 4");
        }
        for rv in log {
            if let Some(d) = rv["due_after"].as_str() {
                due_before.insert(
                    rv["card"].as_str().unwrap_or("").to_string(),
                    chrono::DateTime::parse_from_rfc3339(d).expect("due"),
                );
            }
        }
    }
    let total = reviews_json(&env).len();
    assert!(total >= 12 * 3, "every card learned and reviewed: {total} answers");
}

fn rv_state(log: &[serde_json::Value], card: &str) -> String {
    log.iter().rev().find(|r| r["card"] == card).and_then(|r| r["state_after"].as_str()).unwrap_or("").to_string()
}

#[test]
fn deck_text_cannot_drive_the_terminal() {
    let env = TestEnv::new();
    env.write_deck(
        "evil.toml",
        "[deck]\nid = \"t.evil\"\nname = \"Evil\\u001b]0;pwned\\u0007\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"e\"\nkind = \"basic\"\nquestion = \"Clear\\u001b[2J\\u001b[Hme\"\nanswer = \"A\\u001b[8mhidden\"\nexplanation = \"x\"\n",
    );
    let r = env.run_in(&["--lang", "en", "run", "t.evil"], "\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'), "escape reached the terminal: {:?}", r.stdout);
    assert!(r.stdout.contains("Clear␛[2J␛[Hme"), "{}", r.stdout);
}

/// The Easy interval in days on a grade line ("4 Easy (8d)"): 8 days before
/// fuzz, which spreads it over about 6 to 10.
fn easy_days(line: &str) -> Option<u32> {
    let rest = line.split("4 Easy (").nth(1)?;
    rest.split("d)").next()?.parse().ok()
}
