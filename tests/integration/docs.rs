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
