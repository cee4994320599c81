//! The real terminal UI, driven by keystrokes in a pseudo-terminal of a set
//! size. Everything `learn` writes goes through a terminal emulator (vt100),
//! so the tests assert what is on the screen, not what was written.

use std::time::{Duration, Instant};

use super::support::{TestEnv, bin, repo, reviews_json};

/// A `learn` process in a pty of `rows`×`cols`, and the screen it drew.
struct Screen {
    p: rexpect::session::PtySession,
    vt: vt100::Parser,
    raw: Vec<u8>,
}

impl Screen {
    fn start(env: &TestEnv, args: &[&str], rows: u16, cols: u16, extra_env: &[(&str, &str)]) -> Screen {
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        // The shell sets the size, runs learn, then reports its exit status and
        // whether the terminal's modes are back as they were.
        let script = format!(
            "stty cols {cols} rows {rows}; before=$(stty -g); '{}' {}; echo EXIT=$?; \
             [ \"$(stty -g)\" = \"$before\" ] && echo TTY=restored",
            bin().display(),
            quoted.join(" ")
        );
        let cmd = env.command(&[]);
        let mut sh = std::process::Command::new("sh");
        sh.arg("-c").arg(script).current_dir(env.home());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => sh.env(k, v),
                None => sh.env_remove(k),
            };
        }
        sh.env("TERM", "xterm-256color").env_remove("COLUMNS");
        for (k, v) in extra_env {
            sh.env(k, v);
        }
        let p = rexpect::spawn_with_options(
            sh,
            rexpect::reader::Options::new().timeout_ms(Some(20_000)).strip_ansi_escape_codes(false),
        )
        .expect("spawn in a pty");
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("a screen size above zero");
        Screen { p, vt: vt100::Parser::new(size(rows), size(cols), 500), raw: Vec::new() }
    }

    /// Reads what is there to read into the emulator.
    fn pump(&mut self) {
        let mut bytes = Vec::new();
        while let Some(c) = self.p.try_read() {
            bytes.push(c as u32 as u8);
        }
        self.vt.process(&bytes);
        self.raw.extend(bytes);
    }

    fn contents(&self) -> String {
        self.vt.screen().contents()
    }

    /// Waits until the screen holds `text` (20 s at most).
    fn wait_for(&mut self, text: &str) -> String {
        let start = Instant::now();
        loop {
            self.pump();
            let s = self.contents();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {text:?}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until everything written so far holds `text` (for what may have
    /// scrolled off the screen).
    fn wait_raw(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            self.pump();
            if String::from_utf8_lossy(&self.raw).contains(text) {
                return;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("timed out waiting for {text:?} in the output; the screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends keys once the UI has settled (drawn everything and is reading).
    fn keys(&mut self, keys: &str) {
        self.settle();
        self.p.send(keys).expect("send keys");
        self.p.flush().expect("flush keys");
    }

    /// Waits until nothing more is drawn for a moment.
    fn settle(&mut self) {
        let mut last = self.raw.len();
        let mut quiet = 0;
        while quiet < 4 {
            std::thread::sleep(Duration::from_millis(25));
            self.pump();
            if self.raw.len() == last {
                quiet += 1;
            } else {
                last = self.raw.len();
                quiet = 0;
            }
        }
    }

    /// The screen's rows as the terminal shows them, trimmed.
    fn rows(&self) -> Vec<String> {
        let (_, cols) = self.vt.screen().size();
        self.vt.screen().rows(0, cols.get()).map(|l| l.trim_end().to_string()).collect()
    }
}

const DOWN: &str = "\u{1b}[B";
const ESC: &str = "\u{1b}";

/// The `[[cards]]` blocks of the bundled Vietnamese deck with these ids.
fn bundled_cards(ids: &[&str]) -> String {
    let text = std::fs::read_to_string(repo().join("decks/bpo-vs-call-center.vi.toml")).expect("bundled deck");
    let mut out = String::new();
    for block in text.split("\n[[cards]]\n").skip(1) {
        let id = block.lines().find_map(|l| l.strip_prefix("id = \"")).map(|r| r.trim_end_matches('"'));
        if id.is_some_and(|id| ids.contains(&id)) {
            let body: String = block.lines().take_while(|l| !l.starts_with("# ---")).collect::<Vec<_>>().join("\n");
            out.push_str("\n[[cards]]\n");
            out.push_str(&body);
            out.push('\n');
        }
    }
    out
}

/// With the bundled deck's longest Vietnamese options, moving the cursor
/// through every option never erases the header, the kind or the question.
fn question_stays(cols: u16) {
    let env = TestEnv::new();
    let cards = bundled_cards(&["ov-pay", "bpo-disadvantages"]);
    assert_eq!(cards.matches("[[cards]]").count(), 2, "both cards found in the bundled deck");
    env.write_deck("long.toml", &format!("[deck]\nid = \"t.long\"\nname = \"Dài\"\nlanguage = \"vi\"\n{cards}"));
    let mut s = Screen::start(&env, &["--lang", "vi", "quiz", "t.long", "--seed", "3"], 24, cols, &[]);
    for question in 1..=2 {
        let header = format!("câu {question}/2");
        let screen = s.wait_for(&header);
        let rows = s.rows();
        let q_row = rows.iter().position(|r| r.contains(&header)).expect("header row") + 2;
        let question_start: String = rows[q_row].chars().take(20).collect();
        let options = if screen.contains("Chọn nhiều") { 5 } else { 4 };
        for press in 0..options + 1 {
            let now = s.contents();
            for (what, text) in [("header", header.as_str()), ("question", question_start.as_str())] {
                assert!(now.contains(text), "{cols} columns, after {press} presses: the {what} is gone:\n{now}");
            }
            assert!(now.contains("Trắc nghiệm") || now.contains("Chọn nhiều đáp án"), "kind gone:\n{now}");
            assert!(now.lines().all(|l| !l.contains('�')), "no broken characters:\n{now}");
            s.keys(DOWN);
        }
        // Answer: the first option (a wrong answer is fine here).
        s.keys("1");
        if screen.contains("Chọn nhiều") {
            s.keys("\r");
        }
    }
    s.wait_raw("EXIT=0");
}

#[test]
fn the_question_stays_on_screen_at_80_columns() {
    question_stays(80);
}

#[test]
fn the_question_stays_on_screen_at_60_columns() {
    question_stays(60);
}

const DECK: &str = r#"[deck]
id = "t.pty"
name = "PTY"
language = "en"

[[cards]]
id = "b"
kind = "basic"
question = "Capital of Vietnam?"
answer = "Hanoi"
explanation = "Since 1010."

[[cards]]
id = "t"
kind = "typed"
question = "Spell the capital, with its marks"
answer = "Hà Nội"
explanation = "Two words."

[[cards]]
id = "c"
kind = "choice"
question = "Which one works offshore?"
options = ["Call center", "BPO", "Neither"]
answer = "BPO"
explanation = "BPO spans locations."

[[cards]]
id = "m"
kind = "choice"
question = "Which are neighbours of Vietnam?"
options = ["Laos", "Japan", "China"]
answers = ["Laos", "China"]
explanation = "Laos to the west, China to the north."
"#;

/// The option number shown for `text` on the screen ("  2) BPO").
fn number_of(screen: &str, text: &str) -> char {
    screen
        .lines()
        .find_map(|l| {
            let t = l.trim_start_matches(['❯', ' ', '[', 'x', ']']);
            let (n, rest) = t.split_once(") ")?;
            (rest.trim_end() == text).then(|| n.chars().next()).flatten()
        })
        .unwrap_or_else(|| panic!("option {text:?} not on screen:\n{screen}"))
}

#[test]
fn one_set_of_keys_digits_esc_space_and_i_dont_know() {
    let env = TestEnv::new();
    env.write_deck("pty.toml", DECK);
    let mut s = Screen::start(&env, &["--lang", "en", "run", "t.pty"], 24, 80, &[]);

    // Flashcard: Esc opens the menu (it does not quit); Esc again goes back.
    s.wait_for("Capital of Vietnam?");
    s.wait_for("Space/Enter: show answer");
    s.keys(ESC);
    s.wait_for("Back to the card");
    s.keys(ESC);
    s.settle();
    assert!(!s.contents().contains("Back to the card"), "the menu closed:\n{}", s.contents());
    // Reveal, then grade with a digit: 2 is Hard.
    s.keys(" ");
    s.wait_for("Hanoi");
    s.wait_for("1 Again");
    s.keys("2");
    s.wait_for("Graded: Hard");
    // On the result screen Esc is the menu too.
    s.keys(ESC);
    s.wait_for("Back to the card");
    s.keys("\r");
    s.settle();
    s.keys("\r");

    // Typed: an empty Enter is not an answer.
    s.wait_for("Spell the capital");
    s.keys("\r");
    s.wait_for("Nothing typed yet");
    assert_eq!(reviews_json(&env).len(), 1, "the empty Enter recorded nothing");
    s.keys("ha noi\r");
    s.wait_for("Almost; the exact form is: Hà Nội");
    s.wait_for("h mark Hard");
    s.keys("\r");

    // Choice: Space does not submit a single-choice list; a digit picks.
    let screen = s.wait_for("Which one works offshore?");
    s.keys(" ");
    s.settle();
    assert!(!s.contents().contains("Right:") && !s.contents().contains("Wrong."), "Space answered:\n{}", s.contents());
    let bpo = number_of(&screen, "BPO");
    s.keys(&bpo.to_string());
    s.wait_for("Right: BPO");
    s.keys("\r");

    // Multiple answers: "I don't know" shows the answer and counts as Again.
    s.wait_for("Which are neighbours of Vietnam?");
    s.keys("?");
    s.wait_for("The answer: Laos | China");
    s.keys("q");
    s.wait_raw("EXIT=0");
    s.wait_raw("TTY=restored");
    let log = reviews_json(&env);
    let got: Vec<(String, i64)> =
        log.iter().map(|r| (r["card"].as_str().unwrap_or("").to_string(), r["rating"].as_i64().unwrap_or(0))).collect();
    let want: Vec<(String, i64)> =
        [("b", 2), ("t", 2), ("c", 3), ("m", 1)].iter().map(|(c, r)| (c.to_string(), *r)).collect();
    assert_eq!(got, want);
}

#[test]
fn without_colour_the_current_row_of_a_multiple_answer_list_is_marked() {
    let env = TestEnv::new();
    env.write_deck("pty.toml", DECK);
    let mut s = Screen::start(
        &env,
        &["--lang", "en", "quiz", "t.pty", "--kinds", "choice", "--seed", "1"],
        24,
        80,
        &[("NO_COLOR", "1")],
    );
    s.wait_for("question 1/2");
    s.settle();
    if !s.contents().contains("Which are neighbours") {
        s.keys("1");
        s.wait_for("question 2/2");
    }
    let screen = s.wait_for("Which are neighbours");
    assert!(screen.contains("Which are neighbours"), "{screen}");
    s.keys(DOWN);
    s.settle();
    let rows = s.rows();
    let marked: Vec<&String> = rows.iter().filter(|r| r.starts_with('❯')).collect();
    assert_eq!(marked.len(), 1, "exactly one row is marked as current:\n{}", rows.join("\n"));
    assert!(marked[0].contains("[ ] 2)"), "the second row is current: {}", marked[0]);
    assert!(!String::from_utf8_lossy(&s.raw).contains("\u{1b}[3"), "no colour codes with NO_COLOR");
    // Mark it with its digit: the mark shows.
    s.keys("2");
    s.settle();
    assert!(s.contents().contains("[x] 2)"), "{}", s.contents());
    s.keys("q");
    s.wait_raw("EXIT=0");
}

#[test]
fn ctrl_c_prints_the_summary_restores_the_terminal_and_exits_130() {
    let env = TestEnv::new();
    env.write_deck("pty.toml", DECK);
    let mut s = Screen::start(&env, &["--lang", "en", "run", "t.pty"], 24, 80, &[]);
    s.wait_for("Capital of Vietnam?");
    s.keys(" ");
    s.wait_for("1 Again");
    s.keys("3");
    s.wait_for("Graded: Good");
    s.keys("\r");
    s.wait_for("Spell the capital");
    s.keys("\u{3}");
    s.wait_raw("EXIT=130");
    s.wait_raw("TTY=restored");
    let out = String::from_utf8_lossy(&s.raw).into_owned();
    assert!(out.contains("Done: 1 card"), "the summary after Ctrl-C:\n{}", s.contents());
    let (hide, show) = (out.rfind("\u{1b}[?25l"), out.rfind("\u{1b}[?25h"));
    assert!(hide.is_none() || show > hide, "cursor left hidden");
    assert_eq!(reviews_json(&env).len(), 1);
}

#[test]
fn any_text_at_forty_columns_keeps_the_question_on_screen() {
    let env = TestEnv::new();
    env.write_deck(
        "wide.toml",
        r#"[deck]
id = "t.wide"
name = "Chữ rộng 漢字 🌏"
language = "vi"

[[cards]]
id = "w"
kind = "choice"
question = "Câu hỏi có chữ Hán 漢字 và biểu tượng 🌏?"
options = ["東京都は日本の首都であり、世界で最も人口の多い都市圏の一つです", "Thành phố Hồ Chí Minh 🏙️ là trung tâm kinh tế lớn nhất của Việt Nam", "A\u0301 combining marks: a\u0301 e\u0300 o\u0303 u\u0309 repeated many times over", "Short"]
answer = "Short"
explanation = "E."
"#,
    );
    let mut s = Screen::start(&env, &["--lang", "vi", "quiz", "t.wide"], 24, 40, &[]);
    s.wait_for("câu 1/1");
    for press in 0..5 {
        let now = s.contents();
        assert!(now.contains("câu 1/1") && now.contains("Câu hỏi có chữ Hán"), "after {press} presses:\n{now}");
        assert!(s.rows().iter().all(|l| crate::support::display_width(l) <= 40), "no row wider than 40:\n{now}");
        s.keys(DOWN);
    }
    s.keys("q");
    s.wait_raw("EXIT=0");
}

#[test]
fn keys_pressed_on_the_result_screen_do_not_answer_the_next_card() {
    let env = TestEnv::new();
    env.write_deck("pty.toml", DECK);
    let mut s = Screen::start(&env, &["--lang", "en", "run", "t.pty"], 24, 80, &[]);
    s.wait_for("Capital of Vietnam?");
    s.keys(" ");
    s.wait_for("1 Again");
    s.keys("3");
    s.wait_for("Graded: Good");
    // Three Enters at once: one goes on; the others must not answer the typed card.
    s.keys("\r\r\r");
    s.wait_for("Spell the capital");
    s.settle();
    let screen = s.contents();
    assert!(!screen.contains("Nothing typed yet") && !screen.contains("Wrong"), "{screen}");
    assert_eq!(reviews_json(&env).len(), 1, "only the flashcard was answered");
    s.keys(":q\r");
    s.wait_raw("EXIT=0");
}

#[test]
fn a_wrong_typed_answer_can_be_counted_as_right() {
    let env = TestEnv::new();
    env.write_deck(
        "o.toml",
        "[deck]\nid = \"t.o\"\nname = \"O\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"t\"\nkind = \"typed\"\nquestion = \"A word for big\"\nanswer = \"large\"\nexplanation = \"Also: huge.\"\n",
    );
    let mut s = Screen::start(&env, &["--lang", "en", "run", "t.o"], 24, 80, &[]);
    s.wait_for("A word for big");
    // The status line: counts coloured as in Anki (new in blue) and a progress bar.
    assert!(String::from_utf8_lossy(&s.raw).contains("\u{1b}[34m1\u{1b}["), "new count in blue");
    assert!(s.contents().contains("▱▱▱▱▱▱▱▱▱▱ 0/1"), "{}", s.contents());
    s.keys("huge\r");
    s.wait_for("o I was right");
    s.keys("o");
    s.wait_for("Counted as right (Good).");
    // The card is in learning now and comes back; a typed prompt quits with :q.
    s.wait_for("learning 1 · due 0 · answered 1");
    s.keys(":q\r");
    s.wait_raw("EXIT=0");
    let log = reviews_json(&env);
    assert_eq!(log.len(), 1, "the wrong answer was replaced, not added to: {log:?}");
    assert_eq!(log[0]["rating"].as_i64(), Some(3), "{log:?}");
    assert_eq!(log[0]["correct"].as_bool(), Some(true), "{log:?}");
    assert_eq!(log[0]["answer"].as_str(), Some("huge"), "{log:?}");
}

#[test]
fn the_first_run_note_breaks_at_word_ends_in_the_terminal() {
    // The note on standard error is wrapped to the terminal's width: the
    // terminal itself would cut a word (a Vietnamese one at that) in two.
    let env = TestEnv::new();
    env.write_deck("pty.toml", DECK);
    let mut s = Screen::start(&env, &["--lang", "vi", "run", "t.pty"], 24, 60, &[]);
    s.wait_for("Capital of Vietnam?");
    let rows = s.rows();
    let start = rows.iter().position(|r| r.starts_with("Tiến độ được lưu")).expect("the note is shown");
    let note: Vec<&String> = rows[start..].iter().take_while(|r| !r.is_empty()).collect();
    assert!(note.len() > 1, "a note longer than the screen is wide: {note:?}");
    let words: Vec<&str> = note.iter().flat_map(|r| r.split_whitespace()).collect();
    let path = env.home().join("progress/learn.db");
    let expected = format!("Tiến độ được lưu vào {}; `learn paths` cho biết mọi thứ nằm ở đâu.", path.display());
    assert_eq!(
        words.join(" "),
        expected,
        "every word whole:\n{}",
        note.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("\n")
    );
}
