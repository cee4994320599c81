//! The command line's conventions: where the home is (and that it does not
//! move by accident), what read-only commands leave on disk (nothing), the
//! user's config in the XDG folder, config errors as good as deck errors,
//! completions and the man page.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{Run, TestEnv, bin, run_with_input};

/// `learn` with a fresh `HOME` (and no LEARN_HOME), run in `cwd`.
fn learn_in(home: &Path, cwd: &Path, args: &[&str]) -> Run {
    let mut c = Command::new(bin());
    c.args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env_remove("LEARN_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LEARN_NOW", "2026-03-01T09:00:00+07:00")
        .env("LEARN_LEARNER", "lan");
    run_with_input(c, "")
}

/// Every file and folder under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                out.push(p.strip_prefix(base).unwrap_or(&p).to_path_buf());
                if p.is_dir() {
                    walk(base, &p, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn a_folder_of_slides_called_decks_is_not_taken_as_the_home() {
    let home = tempfile::tempdir().expect("home");
    let talks = home.path().join("talks");
    std::fs::create_dir_all(talks.join("decks")).expect("decks");
    std::fs::write(talks.join("decks/notes.md"), "# slides").expect("notes");
    let r = learn_in(home.path(), &talks, &["paths"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("[platform data directory]"), "{}", r.stdout);
    assert!(!r.stdout.contains(&format!("home      {}", talks.display())), "{}", r.stdout);
    // With a deck file there, it is a home, and paths says why.
    std::fs::write(talks.join("decks/mine.toml"), "").expect("deck");
    let r = learn_in(home.path(), &talks, &["paths"]);
    assert!(r.stdout.contains("[the current directory holds deck files in decks/]"), "{}", r.stdout);
}

#[test]
fn read_only_commands_create_nothing() {
    let home = tempfile::tempdir().expect("home");
    let work = home.path().join("work");
    std::fs::create_dir(&work).expect("work");
    let before = tree(home.path());
    for args in [
        &["decks"][..],
        &["check"],
        &["paths"],
        &["export", "cards"],
        &["export", "reviews", "--format", "json"],
        &["flags"],
        &["run", "--help"],
        &["--help"],
    ] {
        let r = learn_in(home.path(), &work, args);
        assert_eq!(r.code, 0, "learn {args:?}: {}", r.all());
        assert_eq!(tree(home.path()), before, "learn {args:?} created files");
    }
    // A home that exists gets its parse cache only once it has progress/.
    let h = work.join("h");
    std::fs::create_dir_all(h.join("decks")).expect("decks");
    let r = learn_in(home.path(), &work, &["--home", h.to_str().expect("utf-8"), "decks"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!h.join("progress").exists(), "learn decks created progress/");
}

#[test]
fn the_first_session_in_a_new_home_says_where_progress_is_saved() {
    let home = tempfile::tempdir().expect("home");
    let r = learn_in(home.path(), home.path(), &["--lang", "en", "run", "--limit", "1"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let store = home.path().join(".local/share/learn/progress/learn.db");
    assert!(store.exists());
    assert!(r.stderr.contains(&format!("Progress is saved in {}", store.display())), "{}", r.stderr);
    let again = learn_in(home.path(), home.path(), &["--lang", "en", "run", "--limit", "1"]);
    assert!(!again.stderr.contains("Progress is saved"), "only the first time:\n{}", again.stderr);
}

#[test]
fn the_user_config_is_read_from_the_xdg_folder_and_a_home_config_wins() {
    let home = tempfile::tempdir().expect("home");
    let xdg = home.path().join("cfg");
    std::fs::create_dir_all(xdg.join("learn")).expect("xdg");
    std::fs::write(xdg.join("learn/learn.toml"), "learner = \"from-xdg\"\n").expect("config");
    let mut c = Command::new(bin());
    c.args(["paths"]).current_dir(home.path()).env("HOME", home.path()).env("XDG_CONFIG_HOME", &xdg);
    c.env_remove("LEARN_HOME").env_remove("LEARN_LEARNER");
    let r = run_with_input(c, "");
    assert!(r.stdout.contains("learner   from-xdg  [learn.toml]"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("config    {}  [read: the user's config", xdg.join("learn/learn.toml").display())),
        "{}",
        r.stdout
    );
    // A learn.toml in the home wins.
    let data = home.path().join(".local/share/learn");
    std::fs::create_dir_all(&data).expect("data");
    std::fs::write(data.join("learn.toml"), "learner = \"from-home\"\n").expect("config");
    let mut c = Command::new(bin());
    c.args(["paths"]).current_dir(home.path()).env("HOME", home.path()).env("XDG_CONFIG_HOME", &xdg);
    c.env_remove("LEARN_HOME").env_remove("LEARN_LEARNER");
    let r = run_with_input(c, "");
    assert!(r.stdout.contains("learner   from-home  [learn.toml]"), "{}", r.stdout);
    assert!(r.stdout.contains("[read: learn.toml in the home]"), "{}", r.stdout);
}

#[test]
fn a_misspelt_config_key_is_located_and_paths_still_works() {
    let env = super::support::TestEnv::new();
    std::fs::write(env.home().join("learn.toml"), "learner = \"lan\"\n\n[scheduler]\nlearning_step = [\"1m\"]\n")
        .expect("config");
    let r = env.run(&["decks"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("unknown key `learning_step` in [scheduler]"), "{}", r.stderr);
    assert!(r.stderr.contains("learn.toml:4:1"), "file, line and column: {}", r.stderr);
    assert!(r.stderr.contains("did you mean `learning_steps`?"), "{}", r.stderr);
    let paths = env.run(&["paths"]);
    assert_eq!(paths.code, 0, "{}", paths.all());
    assert!(paths.stdout.contains("unknown key `learning_step`"), "paths shows the problem: {}", paths.stdout);
    // A default deck that does not exist says where it came from.
    std::fs::write(env.home().join("learn.toml"), "decks = [\"nope\"]\n").expect("config");
    let r = env.run_in(&["run"], "");
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("no deck `nope`") && r.stderr.contains("learn.toml"), "{}", r.stderr);
}

#[test]
fn shell_completions_are_valid_scripts() {
    let home = tempfile::tempdir().expect("home");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = learn_in(home.path(), home.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.all());
        assert!(r.stdout.contains("learn"), "{shell}: {}", r.stdout);
        for cmd in ["run", "review", "quiz", "import", "check"] {
            assert!(r.stdout.contains(cmd), "{shell} completes `{cmd}`");
        }
    }
    // bash reads the script without a syntax error, and it completes commands.
    let r = learn_in(home.path(), home.path(), &["completions", "bash"]);
    let script = home.path().join("learn.bash");
    std::fs::write(&script, &r.stdout).expect("script");
    let check = Command::new("bash").arg("-n").arg(&script).output().expect("bash -n");
    assert!(check.status.success(), "bash -n: {}", String::from_utf8_lossy(&check.stderr));
    let probe = format!(
        "source {}; COMP_WORDS=(learn re); COMP_CWORD=1; _learn learn re learn; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = Command::new("bash").arg("-c").arg(&probe).output().expect("bash");
    let words = String::from_utf8_lossy(&out.stdout);
    assert!(words.lines().any(|w| w == "review"), "`learn re<TAB>` offers review: {words:?}");
    assert!(!words.lines().any(|w| w == "stats"), "hidden commands are not offered: {words:?}");
    // A shell that does not exist is a usage error that lists the shells.
    let r = learn_in(home.path(), home.path(), &["--lang", "en", "completions", "tcsh"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`bash`"), "{}", r.stderr);
    assert!(tree(home.path()).iter().all(|p| p.starts_with("learn.bash")), "completions write nothing");
}

#[test]
fn the_man_page_renders() {
    let home = tempfile::tempdir().expect("home");
    let r = learn_in(home.path(), home.path(), &["--lang", "en", "man"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains("\n.TH learn 1"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    assert!(r.stdout.contains(".TH learn 1"), "a man page header");
    for cmd in ["run", "review", "quiz", "import", "completions"] {
        assert!(r.stdout.contains(&format!(".SS \"learn {cmd}")), "a subsection for {cmd}");
    }
    let page = home.path().join("learn.1");
    std::fs::write(&page, &r.stdout).expect("page");
    // Rendered by man (or groff) when the machine has it.
    if let Ok(out) = Command::new("man").arg("-l").arg(&page).env("MANPAGER", "cat").env("PAGER", "cat").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "man -l: {}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("NAME") && text.contains("SYNOPSIS"), "{text}");
        assert!(text.contains("Study decks of questions"), "{text}");
    }
    // In Vietnamese the page speaks Vietnamese.
    let r = learn_in(home.path(), home.path(), &["--lang", "vi", "man"]);
    assert!(r.stdout.contains("Học các bộ câu hỏi"), "{}", &r.stdout[..400.min(r.stdout.len())]);
}

/// The commands listed in the README's "Commands" block.
fn readme_commands() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(super::support::repo().join("README.md")).expect("README");
    let start = readme.find("## Commands").expect("a Commands section");
    let block = &readme[start..];
    let block = &block[block.find("```").expect("block") + 3..];
    let block = &block[..block.find("```").expect("end of block")];
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in block.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(first) = words.first() else { continue };
        let is_command =
            line.starts_with("  ") && !line.starts_with("   ") && first.chars().all(|c| c.is_ascii_lowercase());
        let options = words.iter().filter_map(|w| w.trim_matches(['[', ']']).strip_prefix("--")).map(|o| {
            o.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).next().unwrap_or_default().to_string()
        });
        if is_command {
            out.push((first.to_string(), options.collect()));
        } else if line.starts_with("    ") && !out.is_empty() {
            // A continuation line of the previous command.
            let last = out.len() - 1;
            out[last].1.extend(options);
        }
    }
    out
}

#[test]
fn the_readme_commands_agree_with_the_binary() {
    let home = tempfile::tempdir().expect("home");
    let documented = readme_commands();
    assert!(documented.len() >= 12, "{documented:?}");
    let top = learn_in(home.path(), home.path(), &["--lang", "en", "--help"]);
    // Every command of `learn --help` is documented, and the other way round.
    let listed: Vec<String> = top
        .stdout
        .split("Commands:")
        .nth(1)
        .expect("commands")
        .split("\n\n")
        .next()
        .expect("list")
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|w| w.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    let names: Vec<&String> = documented.iter().map(|(c, _)| c).collect();
    for c in &listed {
        assert!(names.contains(&c), "`learn {c}` is not in the README's Commands section");
    }
    for (cmd, options) in &documented {
        assert!(listed.contains(cmd), "the README documents `{cmd}`, which `learn --help` does not list");
        let h = learn_in(home.path(), home.path(), &["--lang", "en", cmd, "--help"]);
        assert_eq!(h.code, 0, "learn {cmd} --help: {}", h.all());
        for o in options {
            assert!(
                h.stdout.contains(&format!("--{o}")),
                "README: `learn {cmd} --{o}` is not in its --help:\n{}",
                h.stdout
            );
        }
    }
    assert!(tree(home.path()).is_empty(), "--help writes nothing");
}

#[test]
fn the_parse_cache_is_filled_by_import_and_pruned_of_decks_that_are_gone() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.home().join("progress")).expect("progress");
    let csv = env.home().join("words.csv");
    std::fs::write(&csv, "question,answer\nmột,one\nhai,two\n").expect("csv");
    let entries = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(env.home().join("progress/deck-cache"))
            .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect())
            .unwrap_or_default()
    };
    let r = env.run(&["import", csv.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(entries().len(), 1, "import wrote the new deck's cache entry");
    let r = env.run(&["decks"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let with_deck = entries().len();
    assert!(with_deck > 1, "the bundled decks' entries are added");
    // A stray entry (a deck renamed long ago) and the removed deck's entry go.
    std::fs::write(env.home().join("progress/deck-cache/0123456789abcdef.bin"), b"old").expect("stray");
    for f in std::fs::read_dir(env.home().join("decks")).expect("decks").flatten() {
        std::fs::remove_file(f.path()).expect("remove the deck");
    }
    let r = env.run(&["decks"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(entries().len(), with_deck - 1, "{:?}", entries());
}
