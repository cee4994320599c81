//! One language at a time: with `--lang vi` (or a Vietnamese locale, or
//! `lang = "vi"` in the config) no command prints an English word of the
//! message catalogue — help, usage errors, diagnostics, reports and the
//! session included. The catalogue (`src/i18n/vi.rs`) is read here: its
//! English words that no Vietnamese text uses are the words to look for.

use std::collections::BTreeSet;

use crate::support::{Run, TestEnv, repo};

/// The string literals of the catalogue, in pairs (English, Vietnamese).
fn catalogue() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("src/i18n/vi.rs")).expect("catalogue");
    let mut literals = Vec::new();
    let mut chars = text.chars().peekable();
    let mut in_comment = false;
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if c == '/' && prev == '/' {
            in_comment = true;
            continue;
        }
        prev = c;
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some(o) => s.push(o),
                    None => break,
                },
                o => s.push(o),
            }
        }
        literals.push(s);
    }
    literals.chunks(2).filter(|p| p.len() == 2).map(|p| (p[0].clone(), p[1].clone())).collect()
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 4).map(str::to_lowercase)
}

/// English words of the catalogue that no Vietnamese text uses (command
/// names, keys and file names appear in both, so they are allowed).
fn english_only_words() -> BTreeSet<String> {
    let pairs = catalogue();
    assert!(pairs.len() > 300, "the catalogue was read: {} pairs", pairs.len());
    let placeholders = |s: &str| -> BTreeSet<String> {
        s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n.to_lowercase())).collect()
    };
    let vietnamese: BTreeSet<String> = pairs.iter().flat_map(|(_, vi)| words(vi).collect::<Vec<_>>()).collect();
    let mut out = BTreeSet::new();
    for (en, _) in &pairs {
        let names = placeholders(en);
        out.extend(words(en).filter(|w| !vietnamese.contains(w) && !names.contains(w)));
    }
    out
}

/// The catalogue's English-only words in `out`, leaving out option names
/// (`--output`) and what the command line itself said (file names).
fn english_in(out: &str, args: &[&str], english: &BTreeSet<String>) -> Vec<String> {
    let given: BTreeSet<String> = args.iter().flat_map(|a| words(a).collect::<Vec<_>>()).collect();
    let out: String = out
        .split_whitespace()
        .filter(|w| !w.trim_start_matches(['(', '`']).starts_with("--"))
        .collect::<Vec<_>>()
        .join(" ");
    let found: BTreeSet<String> = words(&out).filter(|w| english.contains(w) && !given.contains(w)).collect();
    found.into_iter().collect()
}

#[test]
fn every_command_speaks_vietnamese_with_lang_vi() {
    let english = english_only_words();
    assert!(english.contains("drill") && english.contains("exam"), "sanity: {english:?}");
    let env = TestEnv::new();
    // A deck with problems, a CSV with a bad row, a Markdown file with a stray line.
    env.write_deck(
        "hong.toml",
        "[deck]\nid = \"t.hong\"\nname = \"Hỏng\"\nlanguage = \"vi\"\n\n[[cards]]\nid = \"a\"\nkind = \"choice\"\nquestion = \"Q\"\noptions = [\"x\", \"y\"]\nanswer = \"z\"\nexplanaton = \"e\"\n",
    );
    let csv = env.home().join("tu-vung.csv");
    std::fs::write(&csv, "question,answer\nxin chào,hello\nmột,hai,ba\n").expect("csv");
    let md = env.home().join("ghi-chu.md");
    std::fs::write(&md, "Q: Thủ đô?\nA: Hà Nội\n\nchữ lạc\n\nQ: Không đáp án\n").expect("md");
    let out = env.home().join("the.csv");
    let out = out.to_string_lossy();
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--help"], ""),
        (vec!["run", "--help"], ""),
        (vec!["review", "--help"], ""),
        (vec!["quiz", "--help"], ""),
        (vec!["import", "--help"], ""),
        (vec!["check", "--help"], ""),
        (vec!["decks", "--help"], ""),
        (vec!["export", "--help"], ""),
        (vec!["flags", "--help"], ""),
        (vec!["paths", "--help"], ""),
        (vec!["completions", "--help"], ""),
        (vec!["man", "--help"], ""),
        (vec!["help"], ""),
        (vec!["help", "formats"], ""),
        (vec!["help", "nothing"], ""),
        (vec!["rn"], ""),
        (vec!["run", "--nwe", "3"], ""),
        (vec!["export", "carts"], ""),
        (vec!["quiz", "-n", "x"], ""),
        (vec!["import"], ""),
        (vec!["stats"], ""),
        (vec!["decks"], ""),
        (vec!["paths"], ""),
        (vec!["check"], ""),
        (vec!["check", "--verbose"], ""),
        (vec!["run", "bpo-vs-call-center.vn"], ""),
        (vec!["run", "bpo-vs-call-center.vi", "--limit", "3"], "1\n\n1\n\n1\n\n"),
        (vec!["review"], ":q\n"),
        (vec!["quiz", "bpo-vs-call-center.vi", "-n", "2", "--kinds", "true_false"], "đ\ns\n"),
        (vec!["flags"], ""),
        (vec!["flags", "--clear", "nothing"], ""),
        (vec!["import", csv.to_str().expect("path"), "--dry-run"], ""),
        (vec!["import", md.to_str().expect("path")], ""),
        (vec!["import", "missing.csv"], ""),
        (vec!["export", "cards", "-o", &out], ""),
        (vec!["export", "reviews", "--format", "json", "-o", "decks/x.json"], ""),
        (vec!["review", "--since", "forever"], ""),
    ];
    let mut leaks = Vec::new();
    for (args, input) in &runs {
        let mut full = vec!["--lang", "vi"];
        full.extend(args);
        let r: Run = env.run_in(&full, input);
        let found = english_in(&r.all(), &full, &english);
        if !found.is_empty() {
            leaks.push(format!("learn {}: {found:?}\n{}", full.join(" "), r.all()));
        }
    }
    assert!(leaks.is_empty(), "English in Vietnamese output:\n\n{}", leaks.join("\n---\n"));
}

#[test]
fn a_vietnamese_locale_or_config_picks_vietnamese_and_lang_en_overrides() {
    let env = TestEnv::new();
    let r = crate::support::run_with_input(
        {
            let mut c = env.command(&["rn"]);
            c.env("LANG", "vi_VN.UTF-8");
            c
        },
        "",
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("không có lệnh `rn`; có phải ý bạn là `run`?"), "{}", r.stderr);
    std::fs::write(env.home().join("learn.toml"), "lang = \"vi\"\n").expect("config");
    let r = env.run(&["decks", "--help"]);
    assert!(r.stdout.contains("Cách dùng: learn decks"), "{}", r.stdout);
    let r = env.run(&["paths"]);
    assert!(r.stdout.contains("người học"), "{}", r.stdout);
    let r = env.run(&["--lang", "en", "paths"]);
    assert!(r.stdout.contains("learner"), "{}", r.stdout);
    let r = env.run(&["paths", "--lang", "en"]);
    assert!(r.stdout.contains("learner"), "global options after the command count: {}", r.stdout);
}

#[test]
fn usage_errors_suggest_the_command_or_option_meant() {
    let env = TestEnv::new();
    for (args, want) in [
        (&["rn"][..], "unknown command `rn`; did you mean `run`?"),
        (&["reveiw"][..], "did you mean `review`?"),
        (&["decsk"][..], "unknown command `decsk`; did you mean `decks`?"),
        (&["run", "--nwe", "3"][..], "`learn run` has no option `--nwe`; did you mean `--new`?"),
        (&["export", "carts"][..], "`carts` is not a valid value for <WHAT>; use one of `cards`, `reviews`"),
    ] {
        let r = env.run(&[&["--lang", "en"][..], args].concat());
        assert_eq!(r.code, 2, "{args:?}: {}", r.all());
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("--help` tells more."), "{}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}
