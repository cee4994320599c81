//! `TestEnv`: a temporary home with `LEARN_HOME`/`LEARN_NOW` set and the
//! locale and colour variables cleared, and helpers to run `learn` in it.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub now: String,
    pub learner: String,
    /// `LEARN_STORE` for every run (a PostgreSQL URL); `None`: the home's file.
    pub store: Option<String>,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_learn"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("decks")).expect("decks dir");
        TestEnv { dir, now: "2026-03-01T09:00:00+07:00".into(), learner: "lan".into(), store: None }
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn write_deck(&self, name: &str, text: &str) -> PathBuf {
        let p = self.home().join("decks").join(name);
        std::fs::write(&p, text).expect("write deck");
        p
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .current_dir(self.home())
            .env("LEARN_HOME", self.home())
            .env("LEARN_NOW", &self.now)
            .env("LEARN_LEARNER", &self.learner)
            .env_remove("NO_COLOR")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("COLUMNS", "100");
        match &self.store {
            Some(s) => c.env("LEARN_STORE", s),
            None => c.env_remove("LEARN_STORE"),
        };
        c
    }

    /// Runs `learn` with `input` on standard input (plain mode).
    pub fn run_in(&self, args: &[&str], input: &str) -> Run {
        run_with_input(self.command(args), input)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(args, "")
    }
}

/// Runs a prepared command with `input` on standard input.
pub fn run_with_input(mut c: Command, input: &str) -> Run {
    {
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn learn");
        // The process may end without reading its input (a refused store):
        // a closed pipe here is not the test's failure.
        match child.stdin.take().expect("stdin").write_all(input.as_bytes()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(e) => panic!("write stdin: {e}"),
        }
        let out = child.wait_with_output().expect("wait");
        to_run(out)
    }
}

fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A `learn` process driven line by line: read its output up to a prompt,
/// then answer. Reading happens on a thread so a hang fails the test.
pub struct Dialog {
    pub child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    lines: std::sync::mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

impl Dialog {
    pub fn start(env: &TestEnv, args: &[&str]) -> Dialog {
        let mut c = env.command(args);
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::inherit());
        let mut child = c.spawn().expect("spawn learn");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(l) = line else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Dialog { child, stdin, lines: rx, seen: Vec::new() }
    }

    /// Lines up to and including the first one containing `pat`.
    pub fn expect(&mut self, pat: &str) -> Vec<String> {
        self.expect_any(&[pat])
    }

    /// Lines up to and including the first one containing any of `pats`.
    pub fn expect_any(&mut self, pats: &[&str]) -> Vec<String> {
        let pat = pats.join(" | ");
        let mut got = Vec::new();
        loop {
            match self.lines.recv_timeout(std::time::Duration::from_secs(20)) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    let hit = pats.iter().any(|p| l.contains(p));
                    got.push(l);
                    if hit {
                        return got;
                    }
                }
                Err(_) => panic!("timed out waiting for {pat:?}; output so far:\n{}", self.seen.join("\n")),
            }
        }
    }

    pub fn send(&mut self, line: &str) {
        let s = self.stdin.as_mut().expect("stdin open");
        writeln!(s, "{line}").expect("write to learn");
        s.flush().expect("flush");
    }

    /// Closes standard input and collects the rest of the output and the exit code.
    pub fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let status = self.child.wait().expect("wait");
        while let Ok(l) = self.lines.recv_timeout(std::time::Duration::from_secs(5)) {
            self.seen.push(l);
        }
        (status.code().unwrap_or(-1), self.seen.join("\n"))
    }
}

/// The option number shown for `text` in lines like `  2) text`.
pub fn option_number(lines: &[String], text: &str) -> usize {
    lines
        .iter()
        .find_map(|l| {
            let t = l.trim_start();
            let (n, rest) = t.split_once(") ")?;
            (rest == text).then(|| n.parse().ok()).flatten()
        })
        .unwrap_or_else(|| panic!("option {text:?} not shown in {lines:#?}"))
}

/// Rows of the review log as JSON.
pub fn reviews_json(env: &TestEnv) -> Vec<serde_json::Value> {
    let r = env.run(&["export", "reviews", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("json").as_array().cloned().unwrap_or_default()
}

/// Display width in terminal columns (for screen assertions).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
