//! The real dialoguer UI driven by keystrokes in a pseudo-terminal: a basic,
//! a typed and a choice card, an undo, and Ctrl-C.

use super::support::{TestEnv, bin, reviews_json};

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
id = "last"
kind = "basic"
question = "Last card"
answer = "End"
explanation = "-"
"#;

/// rexpect hands over each byte as a char; put the UTF-8 back together.
fn utf8(s: &str) -> String {
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Sends keys and flushes them to the terminal.
fn send(p: &mut rexpect::session::PtySession, keys: &str, what: &str) {
    p.send(keys).expect(what);
    p.flush().expect(what);
}

/// Gives the UI time to switch the terminal to raw mode before a key.
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(250));
}

/// Strips ANSI escape sequences so screen text can be searched.
fn plain(s: &str) -> String {
    let s = utf8(s);
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn keystrokes_drive_the_terminal_ui_through_undo_and_ctrl_c() {
    let env = TestEnv::new();
    env.write_deck("pty.toml", DECK);
    let script = format!("'{}' --lang en run t.pty; echo EXIT=$?", bin().display());
    let mut cmd = env.command(&[]);
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c").arg(script).current_dir(env.home());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.env("TERM", "xterm-256color");
    let _ = &mut cmd;
    let mut p = rexpect::spawn_with_options(
        sh,
        rexpect::reader::Options::new().timeout_ms(Some(20_000)).strip_ansi_escape_codes(false),
    )
    .expect("spawn in a pty");

    // Basic: reveal with Space, keep the default grade (Good) with Enter.
    p.exp_string("Capital of Vietnam?").expect("basic question");
    p.exp_string("Space/Enter: show answer").expect("reveal hint");
    settle();
    send(&mut p, " ", "space");
    p.exp_string("Hanoi").expect("answer shown");
    let grades = p.exp_string("Easy").expect("grade buttons");
    assert!(plain(&grades).contains("Again"), "{}", plain(&grades));
    settle();
    send(&mut p, "\r", "enter");
    p.exp_string("Graded: Good").expect("graded");
    settle();
    send(&mut p, "\r", "next");

    // Typed: no marks is "almost".
    p.exp_string("Spell the capital").expect("typed question");
    p.exp_string("Answer").expect("input prompt");
    settle();
    send(&mut p, "ha noi\r", "type");
    let fb = p.exp_string("Enter: next").expect("feedback");
    assert!(plain(&fb).contains("Almost; the exact form is: Hà Nội"), "{}", plain(&fb));
    settle();
    send(&mut p, "\r", "next");

    // Choice: find where BPO is in the shuffled list, move there, Enter.
    p.exp_string("Pick one").expect("choice prompt");
    settle();
    let mut drawn = String::new();
    while let Some(c) = p.try_read() {
        drawn.push(c);
    }
    let after = plain(&drawn);
    let mut shown: Vec<(usize, &str)> =
        ["Call center", "BPO", "Neither"].iter().filter_map(|o| after.find(o).map(|i| (i, *o))).collect();
    shown.sort();
    assert_eq!(shown.len(), 3, "all options drawn: {after}");
    let pos = shown.iter().position(|(_, o)| *o == "BPO").expect("BPO shown");
    settle();
    for _ in 0..pos {
        send(&mut p, "\u{1b}[B", "down");
    }
    send(&mut p, "\r", "choose");
    p.exp_string("Right: BPO").expect("right");

    // Undo the choice: it comes back.
    settle();
    send(&mut p, "u", "undo");
    p.exp_string("Undid the last answer.").expect("undone");
    p.exp_string("Which one works offshore?").expect("choice again");
    settle();

    // Ctrl-C: the summary is printed, the exit code is 130.
    p.send_control('c').expect("ctrl-c");
    p.flush().expect("flush");
    let raw = utf8(&p.exp_string("EXIT=").expect("exit"));
    // The Select hid the cursor; the last word on it must be "show".
    let (hide, show) = (raw.rfind("\u{1b}[?25l"), raw.rfind("\u{1b}[?25h"));
    assert!(show.is_some() && show > hide, "cursor left hidden after Ctrl-C: {raw:?}");
    let rest = plain(&raw);
    assert!(rest.contains("Done: 2 cards"), "summary after Ctrl-C: {rest}");
    let code = p.exp_regex(r"\d+").expect("code").1;
    assert_eq!(code, "130");

    let log = reviews_json(&env);
    let cards: Vec<&str> = log.iter().map(|r| r["card"].as_str().unwrap_or("")).collect();
    assert_eq!(cards, vec!["b", "t"], "the undone answer is gone, the others are saved");
}
