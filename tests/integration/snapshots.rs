//! Exact output, reviewed as a diff when it changes (insta snapshots in
//! `tests/integration/snapshots/`): every command's `--help`, and what
//! `learn check` says about each broken deck in `tests/fixtures/broken/`, and
//! what `learn check --lint` says about `tests/fixtures/lint/every-rule.toml`.
//! Run with a fixed width and no colour. After a deliberate change:
//! `INSTA_UPDATE=always cargo test --test integration snapshots`, then review
//! the diff of the `.snap` files.

use crate::support::{bin, repo};

fn learn(args: &[&str]) -> String {
    let home = tempfile::tempdir().expect("home");
    let out = std::process::Command::new(bin())
        .args(args)
        .current_dir(repo())
        .env("LEARN_HOME", home.path())
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LEARN_LEARNER")
        .env_remove("LEARN_NOW")
        .output()
        .expect("run learn");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub(crate) const COMMANDS: &[&str] = &[
    "run",
    "review",
    "quiz",
    "import",
    "check",
    "decks",
    "export",
    "stats",
    "optimize",
    "flags",
    "paths",
    "completions",
    "man",
    "help",
];

#[test]
fn help_of_every_command() {
    insta::assert_snapshot!("help", learn(&["--help"]));
    for cmd in COMMANDS {
        insta::assert_snapshot!(format!("help-{cmd}"), learn(&[cmd, "--help"]));
    }
}

#[test]
fn check_of_every_broken_deck() {
    let dir = repo().join("tests/fixtures/broken");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 20, "the broken decks are there");
    for name in names {
        let path = format!("tests/fixtures/broken/{name}");
        insta::assert_snapshot!(format!("check-{}", name.trim_end_matches(".toml")), learn(&["check", &path]));
    }
}

#[test]
fn check_lint_of_a_deck_that_breaks_every_rule() {
    let deck = "tests/fixtures/lint/every-rule.toml";
    insta::assert_snapshot!("check-lint-every-rule", learn(&["check", "--lint", deck]));
    insta::assert_snapshot!("check-lint-every-rule-vi", learn(&["--lang", "vi", "check", "--lint", deck]));
    insta::assert_snapshot!("check-every-rule", learn(&["check", deck]));
}
