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
        TestEnv { dir, now: "2026-03-01T09:00:00+07:00".into(), learner: "lan".into() }
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
        c
    }

    /// Runs `learn` with `input` on standard input (plain mode).
    pub fn run_in(&self, args: &[&str], input: &str) -> Run {
        let mut c = self.command(args);
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn learn");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
        let out = child.wait_with_output().expect("wait");
        to_run(out)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(args, "")
    }
}

fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
