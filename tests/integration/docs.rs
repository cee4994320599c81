//! The docs describe what the binary does: the plain-mode transcript in
//! docs/plain-mode.md is produced by running its command.

use super::support::{bin, repo};

/// Replaces the time spent ("· 0s", "· 1m 5s") so runs compare equal.
fn no_time(s: &str) -> String {
    s.lines()
        .map(|l| match l.rfind(" · ") {
            Some(i)
                if l[i + 5..].ends_with('s') && l[i + 5..].chars().all(|c| c.is_ascii_digit() || " ms".contains(c)) =>
            {
                format!("{} · <time>", &l[..i])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn plain_mode_transcript_is_what_the_binary_prints() {
    let doc = std::fs::read_to_string(repo().join("docs/plain-mode.md")).expect("doc");
    let start = doc.find("<!-- transcript").expect("transcript marker");
    let block = &doc[start..];
    let body_start = block.find("```text\n").expect("text block") + 8;
    let body = &block[body_start..];
    let body = &body[..body.find("\n```").expect("block end")];
    let (command, expected) = body.split_once('\n').expect("command line");
    // $ printf '<input>' | LEARN_NOW=<time> learn <args>
    let input = command.split('\'').nth(1).expect("printf input").replace("\\n", "\n");
    let after_pipe = command.split(" | ").nth(1).expect("pipe");
    let mut words = after_pipe.split_whitespace();
    let now = words.next().and_then(|w| w.strip_prefix("LEARN_NOW=")).expect("LEARN_NOW");
    assert_eq!(words.next(), Some("learn"));
    let args: Vec<&str> = words.collect();

    let home = tempfile::tempdir().expect("home");
    let mut child = std::process::Command::new(bin())
        .args(&args)
        .current_dir(repo())
        .env("LEARN_HOME", home.path())
        .env("LEARN_NOW", now)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("input");
    let out = child.wait_with_output().expect("output");
    assert!(out.status.success());
    let got = String::from_utf8_lossy(&out.stdout);
    assert_eq!(no_time(got.trim_end()), no_time(expected.trim_end()));
}

/// The text of the first fenced block of `lang` after `from` in `doc`.
fn block_after<'d>(doc: &'d str, from: &str, lang: &str) -> &'d str {
    let start = doc.find(from).unwrap_or_else(|| panic!("{from:?} not in the doc"));
    let rest = &doc[start..];
    let open = format!("```{lang}\n");
    let body = &rest[rest.find(&open).expect("a fenced block") + open.len()..];
    &body[..body.find("```").expect("block end")]
}

#[test]
fn deck_format_check_example_is_what_the_binary_prints() {
    let doc = std::fs::read_to_string(repo().join("docs/deck-format.md")).expect("doc");
    let deck = block_after(&doc, "<!-- check-example: my-deck.toml -->", "toml");
    let transcript = block_after(&doc, "<!-- check-example: my-deck.toml -->", "text");
    let (command, expected) = transcript.split_once('\n').expect("command line");
    assert_eq!(command, "$ learn check my-deck.toml");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("my-deck.toml"), deck).expect("deck");
    let run = |dir: &std::path::Path| {
        std::process::Command::new(bin())
            .args(["check", "my-deck.toml"])
            .current_dir(dir)
            .env("LEARN_HOME", dir.join("home"))
            .env("COLUMNS", "100")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .output()
            .expect("run learn check")
    };
    let out = run(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), expected.trim_end());
    // The fixes the doc describes make the deck pass.
    let fixed = deck
        .replace("answer = \"mercury\"", "answer = \"Mercury\"")
        .replace("answer = \"true\"", "answer = true")
        .replace("explanaton", "explanation");
    std::fs::write(dir.path().join("my-deck.toml"), fixed).expect("deck");
    let ok = run(dir.path());
    let after = block_after(&doc, "the card has no explanation. After the fixes:", "text");
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim_end(), after.split_once('\n').expect("cmd").1.trim_end());
}

#[test]
fn deck_format_common_mistakes_are_what_check_says() {
    let doc = std::fs::read_to_string(repo().join("docs/deck-format.md")).expect("doc");
    let table = &doc[doc.find("### Common mistakes").expect("section")..];
    let start = table.find("|---|").expect("table");
    let table = &table[..start + table[start..].find("\n\n").expect("table end")];
    let out = std::process::Command::new(bin())
        .args(["check", "tests/fixtures/broken/"])
        .current_dir(repo())
        .env("LEARN_HOME", tempfile::tempdir().expect("home").path())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .expect("run learn check");
    let said = String::from_utf8_lossy(&out.stdout);
    let mut rows = 0;
    for row in table.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| mistake")) {
        let said_cell = row.split(" | ").nth(1).expect("second column");
        // The first code span of the cell: `` x `` or `x`.
        let quoted = if let Some(r) = said_cell.strip_prefix("`` ") {
            r.split(" ``").next().expect("span")
        } else {
            said_cell.trim_start_matches('`').split('`').next().expect("span")
        };
        assert!(
            said.contains(quoted),
            "docs/deck-format.md says `learn check` prints {quoted:?}, but it does not:\n{said}"
        );
        rows += 1;
    }
    assert!(rows >= 10, "the table was read ({rows} rows)");
}

#[test]
fn deck_format_lint_example_is_what_the_binary_prints() {
    let doc = std::fs::read_to_string(repo().join("docs/deck-format.md")).expect("doc");
    let transcript = block_after(&doc, "## The linter: cards that are valid but test badly", "text");
    let (command, expected) = transcript.split_once('\n').expect("command line");
    let args: Vec<&str> = command.strip_prefix("$ learn ").expect("a learn command").split(' ').collect();
    let out = std::process::Command::new(bin())
        .args(&args)
        .current_dir(repo())
        .env("LEARN_HOME", tempfile::tempdir().expect("home").path())
        .env("COLUMNS", "100")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .expect("run learn check --lint");
    assert_eq!(out.status.code(), Some(0), "lint warnings do not fail the check");
    let said = String::from_utf8_lossy(&out.stdout);
    // Every line shown (`...` stands for lines left out) is printed, in order.
    let mut at = 0;
    for line in expected.lines().filter(|l| *l != "...") {
        let found = said[at..].find(line).unwrap_or_else(|| panic!("{line:?} is not printed (in order):\n{said}"));
        at += found + line.len();
    }
}
