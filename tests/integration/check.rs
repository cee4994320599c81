//! `learn check`, `learn decks` and the deck loader, from the outside.

use super::support::{TestEnv, bin, repo};

/// Runs the binary in the repository (so paths print as given).
fn learn_in_repo(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(bin())
        .args(args)
        .current_dir(repo())
        .env("LEARN_HOME", repo())
        .env_remove("NO_COLOR")
        .output()
        .expect("run learn");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn each_broken_deck_fails_with_its_located_message() {
    let table = std::fs::read_to_string(repo().join("tests/fixtures/broken/expected.tsv")).expect("expected.tsv");
    let mut files = std::collections::BTreeMap::<String, Vec<(String, String, String)>>::new();
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "bad expected.tsv line {line:?}");
        files.entry(cols[0].into()).or_default().push((cols[1].into(), cols[2].into(), cols[3].into()));
    }
    let on_disk = std::fs::read_dir(repo().join("tests/fixtures/broken"))
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .count();
    assert_eq!(files.len(), on_disk, "every broken fixture has an expected.tsv line");
    for (file, expected) in &files {
        let path = format!("tests/fixtures/broken/{file}");
        let (code, out) = learn_in_repo(&["check", &path]);
        assert!(!out.contains("panicked") && !out.contains("Error {") && !out.contains("Some("), "{file}: {out}");
        if expected[0].2 == "OK" {
            assert_eq!(code, 0, "{file} should pass: {out}");
            continue;
        }
        assert_eq!(code, 1, "{file}: {out}");
        for (line, col, msg) in expected {
            let place = format!("--> {path}:{line}:{col}");
            let blocks: Vec<&str> = out.split("\nerror: ").collect();
            assert!(
                blocks.iter().any(|b| b.contains(msg.as_str()) && b.contains(&place)),
                "{file}: expected {msg:?} at {place}\n{out}"
            );
        }
        let errors = out.lines().filter(|l| l.starts_with("error: ")).count();
        assert_eq!(errors, expected.len(), "{file}: every problem reported once\n{out}");
    }
}

#[test]
fn diagnostics_show_the_fix() {
    let (_, out) = learn_in_repo(&["check", "tests/fixtures/broken/unknown-card-field.toml"]);
    assert!(out.contains("did you mean `question`?"), "{out}");
    let (_, out) = learn_in_repo(&["check", "tests/fixtures/broken/unknown-kind.toml"]);
    assert!(out.contains("did you mean `choice`?"), "{out}");
    let (_, out) = learn_in_repo(&["check", "tests/fixtures/broken/duplicate-card-id.toml"]);
    assert!(out.contains("first used here") && out.contains(":7:6"), "both places shown: {out}");
    let (_, out) = learn_in_repo(&["check", "tests/fixtures/broken/several-problems.toml"]);
    assert!(out.contains("checked 1 file: 0 ok, 1 with errors; 4 errors"), "{out}");
}

#[test]
fn bundled_and_example_decks_validate() {
    let (code, out) = learn_in_repo(&["check", "decks/"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("ok     decks/bpo-vs-call-center.vi.toml")
            && out.contains("ok     decks/bpo-vs-call-center.en.toml"),
        "{out}"
    );
    assert!(!out.contains("warning:"), "{out}");
    let (code, out) = learn_in_repo(&["check", "examples/decks"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("warning:"), "{out}");
    let n = std::fs::read_dir(repo().join("examples/decks")).expect("dir").count();
    assert_eq!(out.matches("\nok     ").count() + usize::from(out.starts_with("ok     ")), n, "{out}");
}

#[test]
fn docs_examples_are_the_example_files() {
    let doc = std::fs::read_to_string(repo().join("docs/deck-format.md")).expect("doc");
    let mut blocks = Vec::new();
    let mut rest = doc.as_str();
    while let Some(i) = rest.find("```toml\n") {
        // A deck shown broken on purpose (the `learn check` example) is not an example deck.
        let broken = rest[..i].trim_end().ends_with("-->") && rest[..i].contains("<!-- check-example");
        let body = &rest[i + 8..];
        let end = body.find("```").expect("closed block");
        if !broken {
            blocks.push(body[..end].to_string());
        }
        rest = &body[end + 3..];
    }
    let files: Vec<String> = std::fs::read_dir(repo().join("examples/decks"))
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| std::fs::read_to_string(e.path()).expect("read"))
        .collect();
    let decks: Vec<&String> = blocks.iter().filter(|b| b.starts_with("[deck]")).collect();
    assert!(decks.len() >= 5, "doc shows whole decks");
    for b in decks {
        assert!(files.iter().any(|f| f.trim_end() == b.trim_end()), "doc example not in examples/decks:\n{b}");
    }
    for kind in ["basic", "typed", "choice", "true_false", "cloze"] {
        assert!(doc.contains(&format!("kind = \"{kind}\"")), "doc shows {kind}");
    }
}

#[test]
fn a_bad_deck_is_skipped_and_the_others_load() {
    let env = TestEnv::new();
    env.write_deck("good.toml", "[deck]\nid = \"t.good\"\nname = \"Good\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n");
    env.write_deck("bad.toml", "[deck]\nid = \"t.bad\"\nname = \"Bad\"\n");
    let r = env.run(&["decks"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("t.good"), "{}", r.stdout);
    assert!(!r.stdout.contains("t.bad"));
    assert!(r.stderr.contains("skipped a deck with an error:") && r.stderr.contains("bad.toml"), "{}", r.stderr);
    let r = env.run_in(&["--lang", "en", "run", "t.good"], "\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    // check with no arguments: the home's decks (and the bundled ones).
    let r = env.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("missing `language`") && r.stdout.contains("(bundled) decks/bpo-vs-call-center.vi.toml"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_home_deck_overrides_the_bundled_one_with_its_id() {
    let env = TestEnv::new();
    let r = env.run(&["decks"]);
    assert!(r.stdout.contains("BPO và Trung tâm cuộc gọi"), "bundled deck listed from any home: {}", r.stdout);
    env.write_deck(
        "mine.toml",
        "[deck]\nid = \"bpo-vs-call-center.vi\"\nname = \"Bản của tôi\"\nlanguage = \"vi\"\n\n[[cards]]\nid = \"x\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n",
    );
    let r = env.run(&["decks"]);
    let line = r.stdout.lines().find(|l| l.starts_with("bpo-vs-call-center.vi")).unwrap_or_default();
    assert!(line.contains("Bản của tôi") && line.split_whitespace().any(|w| w == "1"), "{line}");
}

#[test]
fn two_home_decks_with_one_id_are_reported_by_check() {
    let env = TestEnv::new();
    let deck = "[deck]\nid = \"t.same\"\nname = \"Same\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n";
    env.write_deck("a.toml", deck);
    env.write_deck("b.toml", deck);
    let r = env.run(&["check", "decks"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("deck id `t.same` is also used by `decks/a.toml`"), "{}", r.stdout);
}

#[test]
fn help_reads_well_for_every_command() {
    let env = TestEnv::new();
    let r = env.run(&["--help"]);
    assert_eq!(r.code, 0);
    for cmd in crate::snapshots::COMMANDS {
        assert!(r.stdout.contains(&format!("  {cmd} ")), "{cmd} listed in --help");
        let h = env.run(&[cmd, "--help"]);
        assert_eq!(h.code, 0, "{cmd} --help");
        assert!(h.stdout.contains("Usage: learn"), "{cmd}: {}", h.stdout);
    }
    for cmd in ["run", "review", "quiz", "check", "export", "stats", "optimize"] {
        assert!(env.run(&[cmd, "--help"]).stdout.contains("Examples:"), "{cmd} --help has examples");
    }
    // A usage error exits 2 with clap's message; an unknown deck says what to do.
    let r = env.run(&["quiz", "--kinds", "essay"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let r = env.run(&["run", "bpo-vs-call-center.vn"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("did you mean `bpo-vs-call-center.vi`?"), "{}", r.stderr);
    // Statistics work in a home with no progress yet (and make no store).
    let r = env.run(&["stats"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("No answers yet today."), "{}", r.stdout);
}

#[test]
fn check_lists_flagged_and_orphaned_cards() {
    let env = TestEnv::new();
    let deck = "[deck]\nid = \"t.f\"\nname = \"F\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q1\"\nanswer = \"A\"\nexplanation = \"E\"\n\n[[cards]]\nid = \"b\"\nkind = \"basic\"\nquestion = \"Q2\"\nanswer = \"A\"\nexplanation = \"E\"\n";
    env.write_deck("f.toml", deck);
    // Answer a, flag b.
    let r = env.run_in(&["--lang", "en", "run", "t.f"], "\n3\n:flag\n");
    assert!(r.stdout.contains("Flagged for a fix"), "{}", r.stdout);
    let r = env.run(&["check"]);
    assert!(r.stdout.contains("flagged  t.f / b  (by lan"), "{}", r.stdout);
    // Remove card a from the deck: its history is kept and reported.
    env.write_deck("f.toml", &deck.replace("id = \"a\"", "id = \"c\""));
    let r = env.run(&["check"]);
    assert_eq!(r.code, 0, "orphans do not fail the check: {}", r.all());
    assert!(r.stdout.contains("orphaned t.f / a"), "{}", r.stdout);
    assert_eq!(super::support::reviews_json(&env).len(), 1, "the history is kept");
}

/// `learn check --lint` on a deck that breaks each lint rule: every warning
/// placed (file:line:column, on the word when there is one) with its fix,
/// the exit status still 0; plain `learn check` says it in one line.
#[test]
fn lint_lists_each_warning_with_its_place_and_plain_check_one_line_per_deck() {
    const DECK: &str = "tests/fixtures/lint/every-rule.toml";
    let (code, out) = learn_in_repo(&["--lang", "en", "check", "--lint", DECK]);
    assert_eq!(code, 0, "lint warnings never fail a check: {out}");
    for (place, message, fix) in [
        (
            "every-rule.toml:13:1",
            "card `side-1`: 5 cards share these options and `Both`, `Neither` is never the right one",
            "make every option right on some card",
        ),
        ("every-rule.toml:54:1", "card `advantages`: 3 of its 4 options are right", "add wrong options"),
        ("every-rule.toml:62:1", "card `longest`: the right option is much longer than the others", "alike in length"),
        ("every-rule.toml:68:31", "card `always`: the false statement says `always`", "make it false by its content"),
        ("every-rule.toml:75:33", "card `luon`: the false statement says `luôn`", "make it false by its content"),
        (
            "every-rule.toml:96:50",
            "card `inbound`: the answer `inbound` appears in the question",
            "reword the question",
        ),
        (
            "every-rule.toml:103:64",
            "card `legal`: the hidden `updated` is also in the rest of the text",
            "hide every place",
        ),
        ("every-rule.toml:110:1", "card `acronym`: the back starts with the front", "drop `reverse = true`"),
        ("every-rule.toml:4:1", "0 of 4 true/false statements are true", "between 30% and 70%"),
    ] {
        let at = out.find(&format!("warning: {message}")).unwrap_or_else(|| panic!("{message}:\n{out}"));
        let block = &out[at..out[at..].find("\n\n").map_or(out.len(), |e| at + e)];
        assert!(block.contains(&format!("--> {}", repo_rel(DECK, place))), "{message} at {place}:\n{block}");
        assert!(block.contains(fix), "{message}: the fix `{fix}`:\n{block}");
    }
    assert_eq!(out.matches("warning: ").count(), 9, "{out}");
    assert!(out.contains("lint: 9 suggestions in 1 deck"), "{out}");
    assert!(out.contains("checked 1 file: 1 ok, 0 with errors; 0 errors, 0 warnings"), "{out}");

    // In Vietnamese.
    let (_, vi) = learn_in_repo(&["--lang", "vi", "check", "--lint", DECK]);
    assert!(vi.contains("mệnh đề sai có chữ `luôn` nên dễ bị đoán ra"), "{vi}");
    assert!(vi.contains("kiểm tra chất lượng: 9 góp ý trong 1 bộ thẻ"), "{vi}");

    // Plain `learn check`: one line for the deck that has warnings, none for
    // the clean bundled decks, and no warning listed.
    let (code, plain) = learn_in_repo(&["--lang", "en", "check", DECK, "decks"]);
    assert_eq!(code, 0, "{plain}");
    let lines: Vec<&str> = plain.lines().filter(|l| l.starts_with("lint:")).collect();
    assert_eq!(lines, [format!("lint: 9 suggestions for `{DECK}`; `learn check --lint` lists them")], "{plain}");
    assert!(!plain.contains("warning:"), "{plain}");
}

/// `dir/file.toml:line:col` as the check prints it for a path given as `dir/file.toml`.
fn repo_rel(deck: &str, place: &str) -> String {
    let dir = deck.rsplit_once('/').map_or("", |(d, _)| d);
    format!("{dir}/{place}")
}
