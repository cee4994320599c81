//! What an adversary tried and what now holds: bytes from files never drive
//! the terminal, a closed pipe or bad input ends nothing badly, concurrent
//! sessions lose no answer, overflows and hostile sizes are refused with a
//! message. One test per guarantee, named after it.

use std::process::{Command, Stdio};

use super::support::{Dialog, TestEnv, bin};

/// Control characters a terminal obeys: ESC, BEL, and the C1 range.
fn has_controls(s: &str) -> bool {
    s.chars().any(|c| c == '\u{1b}' || c == '\u{7}' || ('\u{80}'..='\u{9f}').contains(&c))
}

fn cards_json(env: &TestEnv) -> Vec<serde_json::Value> {
    let r = env.run(&["export", "cards", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("json").as_array().cloned().unwrap_or_default()
}

fn flashcards(id: &str, n: usize) -> String {
    let mut s = format!("[deck]\nid = \"{id}\"\nname = \"{id}\"\nlanguage = \"en\"\n");
    for i in 0..n {
        s.push_str(&format!(
            "\n[[cards]]\nid = \"c{i}\"\nkind = \"basic\"\nquestion = \"Question {i}?\"\nanswer = \"Answer {i}\"\nexplanation = \"E.\"\n"
        ));
    }
    s
}

/// Runs `learn` through `sh -c` with its output piped into `tail` (a
/// reader that goes away early with `head`).
fn shell(env: &TestEnv, script: &str) -> (i32, String) {
    let cmd = env.command(&[]);
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(script.replace("LEARN", &bin().display().to_string())).current_dir(env.home());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    let out = sh.stdin(Stdio::null()).output().expect("sh");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn escape_sequences_in_a_broken_deck_never_reach_the_terminal() {
    let env = TestEnv::new();
    env.write_deck("good.toml", &flashcards("t.good", 1));
    env.write_deck(
        "evil.toml",
        "[deck]\nid = \"t.\\u001b]52;c;cHduZWQ=\\u0007x\"\nname = \"N\\u001b[2J\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\\u001b]0;TITLE\\u0007\"\nkind = \"b\\u001b[2Jasic\"\nquestion = \"Q\"\nanswer = \"A\"\n\"expl\\u001bnation\" = \"E\"\n\n[[cards]]\nid = \"c\"\nkind = \"choice\"\nquestion = \"Q\"\noptions = [\"x\", \"y\"]\nanswer = \"\\u009b2J\"\nexplanation = \"E\"\n",
    );
    for args in [
        &["check"][..],
        &["check", "--lint"],
        &["check", "decks/evil.toml"],
        &["decks"],
        &["run", "t.good"],
        &["quiz", "t.good"],
        &["review"],
        &["flags"],
        &["export", "cards"],
    ] {
        let r = env.run_in(&[&["--lang", "en"][..], args].concat(), "\n3\n");
        assert!(!has_controls(&r.stdout), "{args:?} stdout: {:?}", r.stdout);
        assert!(!has_controls(&r.stderr), "{args:?} stderr: {:?}", r.stderr);
    }
    // The problems are still reported, with the sequences made visible.
    let r = env.run(&["--lang", "en", "check", "decks/evil.toml"]);
    assert!(r.stdout.contains("deck id `t.␛]52;c;cHduZWQ=␇x` contains a control character"), "{}", r.stdout);
}

#[test]
fn a_file_name_with_escape_sequences_is_shown_harmless_and_the_deck_still_loads() {
    let env = TestEnv::new();
    let name = "vocab\u{1b}]0;PWNED\u{7}.csv";
    std::fs::write(env.home().join(name), "question,answer\nxin chào,hello\n").expect("csv");
    let r = env.run(&["--lang", "en", "import", name]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!has_controls(&r.stdout) && !has_controls(&r.stderr), "{:?}", r.all());
    let r = env.run(&["--lang", "en", "check"]);
    assert_eq!(r.code, 0, "the deck written passes learn check: {}", r.all());
    assert!(!has_controls(&r.stdout), "{:?}", r.stdout);
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    let env = TestEnv::new();
    for script in
        ["LEARN check | head -1", "LEARN decks | head -1", "LEARN export reviews | head -1", "LEARN paths | head -1"]
    {
        let (code, out) = shell(&env, &format!("{script}; echo \"status=${{?}}\""));
        assert!(!out.contains("panicked") && !out.contains("Broken pipe"), "{script}: {out}");
        assert!(out.contains("status=0"), "{script}: {out}");
        assert_eq!(code, 0);
    }
    // A session whose output nobody reads stops instead of answering on.
    let (_, out) = shell(&env, "yes 1 | LEARN run bpo-vs-call-center.en | head -2 > /dev/null");
    assert!(!out.contains("panicked"), "{out}");
    let answered = super::support::reviews_json(&env).len();
    // (A few may be answered before the pipe is seen closed; not thousands.)
    assert!(answered < 50, "{answered} answers recorded after the reader left");
}

#[test]
fn a_line_that_is_not_utf8_or_too_long_is_asked_again() {
    let env = TestEnv::new();
    env.write_deck("t.toml", "[deck]\nid = \"t.t\"\nname = \"T\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"w\"\nkind = \"typed\"\nquestion = \"Coffee in French?\"\nanswer = \"café\"\nexplanation = \"E.\"\n");
    let mut input = b"caf\xe9\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 50_000));
    input.extend("\ncafé\n".as_bytes());
    let mut c = env.command(&["--lang", "en", "run", "t.t"]);
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(&input).expect("input");
    let out = child.wait_with_output().expect("output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("That line is not valid UTF-8 text; type it again"), "{stdout}");
    assert!(stdout.contains("That line is longer than 10000 characters"), "{stdout}");
    assert!(stdout.contains("✓ Right: café"), "the next line is still read: {stdout}");
    let log = super::support::reviews_json(&env);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["answer"].as_str(), Some("café"));
}

#[test]
fn a_review_span_beyond_the_calendar_means_ever_instead_of_a_crash() {
    let env = TestEnv::new();
    for since in ["106751991d", "9223372036854775807s"] {
        let r = env.run(&["--lang", "en", "review", "--since", since]);
        assert_eq!(r.code, 0, "{since}: {}", r.all());
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    let r = env.run(&["--lang", "en", "review", "--since", "999999999999999w"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("is too long"), "{}", r.stderr);
}

#[test]
fn two_sessions_answering_one_card_keep_both_answers_and_undo_keeps_the_other() {
    let env = TestEnv::new();
    env.write_deck("two.toml", &flashcards("t.two", 2));
    // Session A shows the first card...
    let mut a = Dialog::start(&env, &["--lang", "en", "run", "t.two"]);
    a.expect("Question 0?");
    a.expect("(press Enter to show the answer)");
    // ...while session B answers it Again and quits.
    let b = env.run_in(&["--lang", "en", "run", "t.two"], "\n1\n:q\n");
    assert_eq!(b.code, 0, "{}", b.all());
    let after_b = cards_json(&env);
    assert_eq!(after_b.len(), 1, "{after_b:?}");
    // A answers Good: the card's state is both answers replayed.
    a.send("");
    a.expect("Grade:");
    a.send("3");
    a.expect("Question 1?");
    let both = cards_json(&env);
    let c0 = both.iter().find(|c| c["card"] == "c0").expect("c0");
    assert_eq!(c0["reps"].as_i64(), Some(2), "B's Again and A's Good: {both:?}");
    // A takes its answer back: B's answer stays in force.
    a.expect("(press Enter to show the answer)");
    a.send(":u");
    a.expect("Question 0?");
    a.send(":q");
    let (code, _) = a.finish();
    assert_eq!(code, 0);
    let now = cards_json(&env);
    let c0 = now.iter().find(|c| c["card"] == "c0").expect("c0 keeps B's state, not new");
    let b0 = after_b.iter().find(|c| c["card"] == "c0").expect("b's c0");
    assert_eq!(c0, b0, "after A's undo the card is as B left it");
    assert_eq!(super::support::reviews_json(&env).len(), 1, "only B's answer is in the log");
}

#[test]
fn anki_default_text_export_keeps_cloze_notes_as_cloze_cards() {
    // Made by scripts/fixtures/make_anki_cloze_export.py with Anki itself:
    // 40 notes (31 Basic, 9 Cloze) that Anki counts as 49 cards, exported
    // with Anki's default columns (no note type column).
    let env = TestEnv::new();
    let file = super::support::repo().join("tests/fixtures/import/text/anki-notes-cloze-default.txt");
    let r = env.run(&["--lang", "en", "import", file.to_str().expect("path")]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("added 40") && !r.stdout.contains("skipped"), "{}", r.stdout);
    let text = std::fs::read_to_string(env.home().join("decks/anki-notes-cloze-default.toml")).expect("deck");
    let deck = learn::deck::parse_str(&text, learn::deck::Origin::Generated, "d").deck.expect("deck");
    let items: usize = deck.cards.iter().map(|c| c.item_ids().len()).sum();
    assert_eq!((deck.cards.len(), items), (40, 49), "as many cards as Anki counts");
    let mekong = deck.cards.iter().find(|c| c.headline().contains("Mê Kông")).expect("a cloze note");
    assert!(matches!(mekong.content, learn::deck::Content::Cloze(_)));
    assert_eq!(mekong.explanation.as_deref(), Some("Cửu Long ở Việt Nam."), "Extra is the explanation");
    let empty_extra = deck.cards.iter().find(|c| c.headline().starts_with("Phở")).expect("cloze without extra");
    assert!(matches!(empty_extra.content, learn::deck::Content::Cloze(_)) && empty_extra.explanation.is_none());
}

#[test]
fn quizlet_terms_keep_their_quotation_marks_and_utf16_files_are_read() {
    let env = TestEnv::new();
    std::fs::write(env.home().join("set.tsv"), "\"Hello\" (greeting)\txin chào\nsay \"hi\"\tchào\n").expect("tsv");
    let r = env.run(&["--lang", "en", "import", "set.tsv"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let text = std::fs::read_to_string(env.home().join("decks/set.toml")).expect("deck");
    assert!(text.contains("question = \"\\\"Hello\\\" (greeting)\""), "{text}");
    // Excel's "Unicode text": UTF-16 with a byte order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("question\tanswer\nxin chào\thello\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(env.home().join("excel.txt"), utf16).expect("utf16");
    let r = env.run(&["--lang", "en", "import", "excel.txt"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let text = std::fs::read_to_string(env.home().join("decks/excel.toml")).expect("deck");
    assert!(text.contains("question = \"xin chào\""), "{text}");
}

#[test]
fn importing_an_anki_package_again_adds_no_history_and_moves_no_schedule_back() {
    let env = TestEnv::new();
    let pkg = super::support::repo().join("tests/fixtures/import/apkg/current.apkg");
    let pkg = pkg.to_str().expect("path");
    let r = env.run(&["--lang", "en", "import", pkg, "--with-progress"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let imported = super::support::reviews_json(&env).len();
    assert!(imported > 0);
    // Study the deck here: every card due is answered Good.
    let r = env.run_in(&["--lang", "en", "run", "geo", "--new", "0"], &"\n3\n".repeat(10));
    assert_eq!(r.code, 0, "{}", r.all());
    let studied = cards_json(&env);
    let answered_here = super::support::reviews_json(&env).len() - imported;
    assert!(answered_here > 0, "{}", r.stdout);
    // The same package again: nothing added, nothing moved back.
    let r = env.run(&["--lang", "en", "import", pkg, "--with-progress"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("progress: nothing new to bring over"), "{}", r.stdout);
    assert_eq!(super::support::reviews_json(&env).len(), imported + answered_here, "the history is not duplicated");
    assert_eq!(cards_json(&env), studied, "cards studied here keep their schedule");
}

#[test]
fn anki_decks_whose_names_make_one_file_name_both_arrive() {
    let env = TestEnv::new();
    let pkg = super::support::repo().join("tests/fixtures/import/apkg/hostile/slug-alike.apkg");
    let r = env.run(&["--lang", "en", "import", pkg.to_str().expect("path")]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        env.home().join("decks/tu-vung-a-b.toml").is_file() && env.home().join("decks/tu-vung-a-b-2.toml").is_file()
    );
    let r = env.run(&["--lang", "en", "decks"]);
    assert!(r.stdout.contains("Từ vựng A B") && r.stdout.contains("Từ vựng A-B"), "{}", r.stdout);
}

#[test]
fn anki_names_with_escape_sequences_are_shown_harmless() {
    let env = TestEnv::new();
    let pkg = super::support::repo().join("tests/fixtures/import/apkg/hostile/escape-names.apkg");
    let r = env.run(&["--lang", "en", "import", pkg.to_str().expect("path")]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("of type `Weird␛]52;"), "{}", r.stdout);
    assert!(!has_controls(&r.stdout) && !has_controls(&r.stderr), "{:?}", r.all());
    for args in [&["decks"][..], &["check"]] {
        let r = env.run(&[&["--lang", "en"][..], args].concat());
        assert!(!has_controls(&r.stdout) && !has_controls(&r.stderr), "{args:?}: {:?}", r.all());
    }
}

#[test]
fn a_media_name_too_long_for_the_disk_refuses_the_package_before_writing() {
    let env = TestEnv::new();
    let pkg = super::support::repo().join("tests/fixtures/import/apkg/hostile/long-media.apkg");
    let r = env.run(&["--lang", "en", "import", pkg.to_str().expect("path")]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("media file of 300 bytes") && r.stderr.contains("nothing was written"), "{}", r.stderr);
    let left: Vec<_> = std::fs::read_dir(env.home().join("decks")).expect("decks").flatten().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A store with a few answers, closed cleanly.
fn studied(env: &TestEnv) -> std::path::PathBuf {
    env.write_deck("six.toml", &flashcards("t.six", 6));
    let r = env.run_in(&["--lang", "en", "run", "t.six"], &"\n3\n".repeat(6));
    assert_eq!(r.code, 0, "{}", r.all());
    env.home().join("progress/learn.db")
}

#[test]
fn damage_inside_a_page_is_found_and_never_written_over() {
    for page in [2usize, 6] {
        let env = TestEnv::new();
        let db = studied(&env);
        let mut bytes = std::fs::read(&db).expect("db");
        let start = (page - 1) * 4096;
        // Page header intact, its cells overwritten with noise.
        let mut x: u32 = 12345;
        for b in &mut bytes[start + 200..start + 4096] {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            *b = (x >> 16) as u8;
        }
        std::fs::write(&db, &bytes).expect("damage");
        let r = env.run_in(&["--lang", "en", "run", "t.six"], &"\n3\n".repeat(6));
        assert_eq!(r.code, 1, "page {page}: {}", r.all());
        assert!(
            r.stderr.contains("is not a learn progress store") && r.stderr.contains("left untouched"),
            "{}",
            r.stderr
        );
        assert_eq!(std::fs::read(&db).expect("db"), bytes, "page {page}: the file is untouched");
    }
}

#[test]
fn an_empty_store_with_a_journal_is_left_for_recovery() {
    let env = TestEnv::new();
    env.write_deck("six.toml", &flashcards("t.six", 6));
    let dir = env.home().join("progress");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("learn.db"), b"").expect("db");
    std::fs::write(dir.join("learn.db-wal"), vec![7u8; 8192]).expect("wal");
    let r = env.run_in(&["--lang", "en", "run", "t.six"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("is empty but its journal"), "{}", r.stderr);
    assert_eq!(std::fs::read(dir.join("learn.db-wal")).expect("wal").len(), 8192, "the journal is kept");
    assert!(std::fs::read(dir.join("learn.db")).expect("db").is_empty());
}

#[test]
fn a_store_removed_during_a_session_stops_it_with_a_message() {
    let env = TestEnv::new();
    let db = studied(&env);
    env.write_deck("more.toml", &flashcards("t.more", 3));
    let mut d = Dialog::start(&env, &["--lang", "en", "run", "t.more"]);
    d.expect("(press Enter to show the answer)");
    d.send("");
    d.expect("Grade:");
    d.send("3");
    d.expect("(press Enter to show the answer)");
    for f in ["learn.db", "learn.db-wal", "learn.db-shm"] {
        let _ = std::fs::remove_file(db.with_file_name(f));
    }
    d.send("");
    d.expect("Grade:");
    d.send("3");
    let (code, out) = d.finish();
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("Graded: Good\nWhy: E.\n\n[t.more · new 1"), "no answer confirmed after the removal: {out}");
}

/// Runs as the unprivileged `nobody` (permissions do not bind root), when
/// the machine allows it; `None` when it cannot.
fn as_nobody(env: &TestEnv, args: &[&str]) -> Option<(i32, String)> {
    as_nobody_with(env, args, true)
}

/// As `as_nobody`; `open_up` first makes the home readable to everyone.
fn as_nobody_with(env: &TestEnv, args: &[&str], open_up: bool) -> Option<(i32, String)> {
    let root =
        Command::new("id").arg("-u").output().ok().is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root || Command::new("runuser").arg("--help").output().is_err() {
        return None;
    }
    // The binary and the home must be reachable for nobody.
    let bin_copy = env.home().join("learn-bin");
    std::fs::copy(bin(), &bin_copy).ok()?;
    if open_up {
        Command::new("chmod").args(["-R", "a+rX"]).arg(env.home()).status().ok()?;
    }
    let out = Command::new("runuser")
        .args(["-u", "nobody", "--", "env"])
        .arg(format!("LEARN_HOME={}", env.home().display()))
        .arg("LEARN_LEARNER=lan")
        .arg(format!("LEARN_NOW={}", env.now))
        .arg(&bin_copy)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    ))
}

#[test]
fn a_read_only_store_is_read_by_listings_and_refused_by_sessions_up_front() {
    let env = TestEnv::new();
    let _db = studied(&env);
    // The home belongs to root: nobody may read but not write.
    std::fs::set_permissions(env.home(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    let Some((code, out)) = as_nobody(&env, &["--lang", "en", "decks"]) else {
        eprintln!("skipped: needs root and runuser to test permissions");
        return;
    };
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("t.six"), "{out}");
    let (code, out) = as_nobody(&env, &["--lang", "en", "export", "cards"]).expect("nobody");
    assert_eq!(code, 0, "{out}");
    let (code, out) = as_nobody(&env, &["--lang", "en", "run", "t.six"]).expect("nobody");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("cannot be written (permission denied"), "refused before the first card: {out}");
    assert!(!out.contains("Question"), "{out}");
}

/// An Anki package with six hundred thousand notes: reading it takes a while (long
/// enough to be interrupted; it is refused afterwards, over the card limit).
fn big_package(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::{Read, Write};
    let src = super::support::repo().join("tests/fixtures/import/apkg/legacy.apkg");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).expect("apkg")).expect("zip");
    let mut col = Vec::new();
    zin.by_name("collection.anki2").expect("collection").read_to_end(&mut col).expect("read");
    let db = dir.join("collection.anki2");
    std::fs::write(&db, col).expect("write");
    let c = rusqlite::Connection::open(&db).expect("open");
    c.execute_batch(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 600000)
         INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)
           SELECT n + 1000000000000, 'g' || n, (SELECT mid FROM notes LIMIT 1), 0, 0, '', 'q' || n || char(31) || 'a', 'q', 0, 0, ''
           FROM r;",
    )
    .expect("notes");
    drop(c);
    let out = dir.join("endless.apkg");
    let mut zout = zip::ZipWriter::new(std::fs::File::create(&out).expect("create"));
    zout.start_file("collection.anki2", zip::write::SimpleFileOptions::default()).expect("entry");
    zout.write_all(&std::fs::read(&db).expect("db")).expect("write");
    zout.finish().expect("finish");
    out
}

#[test]
fn a_signal_during_an_anki_import_leaves_no_temporary_copy() {
    let env = TestEnv::new();
    let tmp = env.home().join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let pkg = big_package(env.home());
    let mut c = env.command(&["--lang", "en", "import", pkg.to_str().expect("path")]);
    c.env("TMPDIR", &tmp).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    let child = c.spawn().expect("spawn");
    // Wait until the copy is being read, then end the import.
    let start = std::time::Instant::now();
    while std::fs::read_dir(&tmp).expect("tmp").next().is_none() && start.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(130));
    let left: Vec<_> = std::fs::read_dir(&tmp).expect("tmp").flatten().map(|e| e.path()).collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(std::fs::read_dir(env.home().join("decks")).expect("decks").next().is_none(), "nothing written");
}

#[test]
fn hostile_sizes_are_refused_with_a_message_not_a_hang() {
    let env = TestEnv::new();
    let options: Vec<String> = (0..100_000).map(|i| format!("\"o{i}\"")).collect();
    let blanks: Vec<String> = (0..30_000).map(|i| format!("{{{{w{i}}}}}")).collect();
    env.write_deck(
        "big.toml",
        &format!(
            "[deck]\nid = \"t.big\"\nname = \"B\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"c\"\nkind = \"choice\"\nquestion = \"Q\"\noptions = [{}]\nanswer = \"o1\"\nexplanation = \"E\"\n\n[[cards]]\nid = \"z\"\nkind = \"cloze\"\ntext = \"{}\"\nexplanation = \"E\"\n",
            options.join(", "),
            blanks.join(" ")
        ),
    );
    let r = env.run(&["--lang", "en", "check", "decks/big.toml"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("a card may hold at most 50 options; this one has 100000"), "{}", r.stdout);
    assert!(r.stdout.contains("a card may hold at most 100 blanks; this one has 30000"), "{}", r.stdout);
    // Deck ids that would hide their file or not fit a file name.
    for id in [".", "..", ".hidden", &"x".repeat(300)] {
        std::fs::write(env.home().join("d.csv"), "question,answer\nq,a\n").expect("csv");
        let r = env.run(&["--lang", "en", "import", "d.csv", "--deck-id", id]);
        assert_eq!(r.code, 1, "{id}: {}", r.all());
        assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    }
}

#[test]
fn an_imported_deck_shadowed_by_another_file_with_its_id_is_refused() {
    let env = TestEnv::new();
    env.write_deck("aaa.toml", &flashcards("t.same", 1));
    std::fs::write(env.home().join("mine.toml"), flashcards("t.same", 2)).expect("deck");
    let r = env.run(&["--lang", "en", "import", "mine.toml"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("deck id `t.same` is already used by"), "{}", r.stderr);
    assert!(!env.home().join("decks/t.same.toml").exists());
}

#[test]
fn a_near_miss_answer_to_a_huge_option_is_checked_quickly() {
    let env = TestEnv::new();
    let long = "x".repeat(100_000);
    env.write_deck(
        "near.toml",
        &format!("[deck]\nid = \"t.near\"\nname = \"N\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"c\"\nkind = \"choice\"\nquestion = \"Q\"\noptions = [\"{long}\", \"b\"]\nanswer = \"{long}y\"\nexplanation = \"E\"\n"),
    );
    // Before, the "did you mean" measure took half a minute here (quadratic).
    let start = std::time::Instant::now();
    let r = env.run(&["--lang", "en", "check", "decks/near.toml"]);
    assert_eq!(r.code, 1, "{}", r.all());
    // A real answer is short: the card is refused for its length, at once.
    assert!(r.stdout.contains("an answer may be at most 2000 characters"), "{}", &r.stdout[..r.stdout.len().min(300)]);
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
}

#[test]
fn special_files_in_or_named_as_decks_are_said_not_read() {
    let env = TestEnv::new();
    env.write_deck("ok.toml", &flashcards("t.ok", 1));
    let decks = env.home().join("decks");
    std::os::unix::fs::symlink("/tmp", decks.join("dir.toml")).expect("symlink to a folder");
    std::os::unix::fs::symlink(decks.join("loop.toml"), decks.join("loop.toml")).expect("a loop");
    std::os::unix::fs::symlink("/nonexistent/x.toml", decks.join("dangling.toml")).expect("dangling");
    assert!(Command::new("mkfifo").arg(decks.join("pipe.toml")).status().expect("mkfifo").success());
    let r = env.run(&["--lang", "en", "decks"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("t.ok"), "{}", r.stdout);
    for name in ["dir.toml", "loop.toml", "dangling.toml", "pipe.toml"] {
        assert!(r.stderr.contains(name), "{name} is said to be skipped: {}", r.stderr);
    }
    // Named on the command line: refused at once, no hang, no gigabytes.
    for target in ["/dev/zero", decks.join("pipe.toml").to_str().expect("path")] {
        let r = env.run(&["--lang", "en", "check", target]);
        assert_eq!(r.code, 1, "{target}: {}", r.all());
        assert!(r.stdout.contains("not a deck file: a folder, a device or a pipe"), "{target}: {}", r.stdout);
    }
}

#[test]
fn writing_to_a_pipe_or_device_writes_into_it_and_never_replaces_it() {
    use std::os::unix::fs::FileTypeExt;
    let env = TestEnv::new();
    studied(&env);
    let fifo = env.dir.path().join("out.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let article = env.dir.path().join("a.txt");
    std::fs::write(
        &article,
        "# Tea\n\nGreen tea is a tea made from unoxidised leaves. Black tea is a tea that is fully oxidised. \
         Tea came to Europe in 1610. Oolong tea, whereas, is partly oxidised.\n",
    )
    .expect("article");
    for args in [vec!["export", "reviews", "-o"], vec!["generate", article.to_str().expect("path"), "--force", "-o"]] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(&fifo).expect("read the pipe"))
        };
        let mut all = args.clone();
        all.push(fifo.to_str().expect("path"));
        let r = env.run(&all);
        // A command that never opened the pipe leaves the reader waiting:
        // open it for writing (without waiting) to end the read.
        {
            use std::os::unix::fs::OpenOptionsExt;
            const O_NONBLOCK: i32 = 0o4000;
            let _ = std::fs::OpenOptions::new().write(true).custom_flags(O_NONBLOCK).open(&fifo);
        }
        let got = reader.join().expect("reader");
        assert_eq!(r.code, 0, "{args:?}: {}", r.all());
        assert!(std::fs::metadata(&fifo).expect("fifo").file_type().is_fifo(), "{args:?} replaced the pipe");
        assert!(!got.is_empty(), "{args:?} wrote into the pipe");
    }
}

#[test]
fn export_never_writes_over_the_store_or_a_deck() {
    let env = TestEnv::new();
    let db = studied(&env);
    let before = std::fs::read(&db).expect("db");
    let r = env.run(&["--lang", "en", "export", "reviews", "-o", db.to_str().expect("path")]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("is a progress store"), "{}", r.stderr);
    assert_eq!(std::fs::read(&db).expect("db"), before);
    let r = env.run(&["--lang", "en", "export", "reviews", "-o", "decks/six.toml"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(std::fs::read_to_string(env.home().join("decks/six.toml")).expect("deck").contains("[deck]"));
}

#[test]
fn values_out_of_range_get_a_message_not_a_panic() {
    let env = TestEnv::new();
    env.write_deck("six.toml", &flashcards("t.six", 6));
    std::fs::write(env.home().join("learn.toml"), "[scheduler]\nlearning_steps = [\"999999999999d\"]\n")
        .expect("config");
    let r = env.run_in(&["--lang", "en", "run", "t.six"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("learning_steps") && !r.stderr.contains("panicked"), "{}", r.stderr);
    std::fs::remove_file(env.home().join("learn.toml")).expect("rm");
    std::fs::write(env.home().join("d.csv"), "question,answer\nq,a\n").expect("csv");
    for size in ["nan", "inf", "-1", "0"] {
        let r = env.run(&["--lang", "en", "import", "d.csv", &format!("--max-size={size}")]);
        assert!(r.code != 0 && r.stderr.contains("is not a size"), "{size}: {}", r.all());
    }
    // A home that is a file.
    let r = env.run(&["--lang", "en", "--home", "decks/six.toml", "decks"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("is a file, not a folder"), "{}", r.stderr);
}

#[test]
fn a_signal_in_plain_mode_writes_no_escape_codes() {
    let env = TestEnv::new();
    env.write_deck("six.toml", &flashcards("t.six", 6));
    let mut c = env.command(&["--lang", "en", "run", "t.six"]);
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(300));
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(130));
    assert!(!has_controls(&String::from_utf8_lossy(&out.stderr)), "{:?}", out.stderr);
    assert!(!has_controls(&String::from_utf8_lossy(&out.stdout)), "{:?}", out.stdout);
}

#[test]
fn an_unreadable_decks_folder_is_reported() {
    let env = TestEnv::new();
    env.write_deck("six.toml", &flashcards("t.six", 6));
    std::fs::set_permissions(env.home().join("decks"), std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .expect("chmod");
    // as_nobody opens the home to everyone (a+rX); take the folder back.
    let Some(_) = as_nobody(&env, &["--lang", "en", "paths"]) else {
        eprintln!("skipped: needs root and runuser to test permissions");
        return;
    };
    std::fs::set_permissions(env.home().join("decks"), std::os::unix::fs::PermissionsExt::from_mode(0o700))
        .expect("chmod");
    let (code, out) = as_nobody_with(&env, &["--lang", "en", "check"], false).expect("nobody");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("decks") && out.contains("permission denied"), "{out}");
}
