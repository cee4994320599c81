//! `learn import` on fixtures shaped as people really have them (Anki's own
//! text export, spreadsheets, Quizlet, Markdown): counts, texts, re-import,
//! progress kept, and nothing written on error.

use std::path::Path;

use super::support::{TestEnv, repo, reviews_json};

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/import/text").join(name)
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("json")
}

/// (question, answer) pairs of a deck file, as learn reads it.
fn pairs(path: &Path) -> Vec<(String, String, learn::deck::Card)> {
    let text = std::fs::read_to_string(path).expect("deck written");
    let parsed = learn::deck::parse_str(&text, learn::deck::Origin::File(path.to_path_buf()), "t");
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    parsed
        .deck
        .expect("deck")
        .cards
        .into_iter()
        .map(|c| match &c.content {
            learn::deck::Content::Basic { question, answer, .. }
            | learn::deck::Content::Typed { question, answer, .. } => (question.clone(), answer.clone(), c.clone()),
            _ => (c.headline(), String::new(), c.clone()),
        })
        .collect()
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    v.sort();
    v
}

#[test]
fn every_text_fixture_imports_with_the_expected_cards() {
    let exp = expected();
    let env = TestEnv::new();
    for (name, want) in exp["files"].as_object().expect("files") {
        let r = env.run(&["import", fixture(name).to_str().expect("path")]);
        assert_eq!(r.code, 0, "{name}: {}", r.all());
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        let deck = env.home().join("decks").join(format!("{}.toml", learn::import::slug(stem)));
        let got = pairs(&deck);
        assert_eq!(got.len() as u64, want["cards"].as_u64().expect("cards"), "{name}: card count\n{}", r.stdout);
        for p in want["pairs"].as_array().expect("pairs") {
            let (q, a) = (p["question"].as_str().expect("q"), p["answer"].as_str().expect("a"));
            let card = got.iter().find(|(gq, ga, _)| gq == q && ga == a);
            assert!(
                card.is_some(),
                "{name}: pair {q:?} / {a:?} not found in {:#?}",
                got.iter().map(|g| (&g.0, &g.1)).collect::<Vec<_>>()
            );
            let card = &card.expect("card").2;
            if let Some(tags) = p["tags"].as_array() {
                let tags: Vec<&str> = tags.iter().filter_map(|t| t.as_str()).collect();
                assert_eq!(card.tags, tags, "{name}: tags of {q:?}");
            }
            if let Some(e) = p.get("explanation") {
                assert_eq!(card.explanation.as_deref(), e.as_str(), "{name}: explanation of {q:?}");
            }
            if let Some(guid) = p["guid"].as_str() {
                assert_eq!(card.id.as_str(), learn::import::safe_id(guid), "{name}: the guid is the card id");
            }
        }
        if let Some(rows) = want["skipped_rows"].as_array() {
            for row in rows {
                let line = format!("line {}: {}", row["row"], row["reason"].as_str().expect("reason"));
                assert!(r.stdout.contains(&line), "{name}: expected {line:?} in\n{}", r.stdout);
            }
        }
    }
    // Everything imported passes `learn check`, with Vietnamese intact.
    let r = env.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let notes = std::fs::read_to_string(env.home().join("decks/notes.toml")).expect("notes");
    assert!(notes.contains("{{Hà Nội}} là thủ đô của {{Việt Nam}}."), "{notes}");
    assert!(notes.contains("name = \"Chào hỏi và địa lý / Greetings and geography\""), "{notes}");
    assert!(notes.contains("language = \"vi\""));
    let html = std::fs::read_to_string(env.home().join("decks/html-fields.toml")).expect("html");
    assert!(html.contains("non\u{a0}breaking & <tag>"), "{html}");
}

#[test]
fn importing_twice_changes_nothing_and_an_edit_keeps_progress() {
    let env = TestEnv::new();
    let src = env.home().join("vocab.csv");
    std::fs::write(&src, "question,answer\nxin chào,hello\ncảm ơn,thank you\ntạm biệt,goodbye\n").expect("csv");
    let r = env.run(&["import", "vocab.csv"]);
    assert!(r.stdout.contains("added 3, changed 0, unchanged 0, removed 0"), "{}", r.all());
    let deck = env.home().join("decks/vocab.toml");
    let first = std::fs::read(&deck).expect("deck");
    let mtime = std::fs::metadata(&deck).and_then(|m| m.modified()).expect("mtime");
    // Study one card.
    let r = env.run_in(&["--lang", "en", "run", "vocab"], "\n4\n");
    assert_eq!(r.code, 0, "{}", r.all());
    // Same file again: nothing changes, the file is not even rewritten.
    let r = env.run(&["import", "vocab.csv"]);
    assert!(r.stdout.contains("added 0, changed 0, unchanged 3, removed 0"), "{}", r.all());
    assert!(r.stdout.contains("nothing to write"), "{}", r.stdout);
    assert_eq!(std::fs::read(&deck).expect("deck"), first);
    assert_eq!(std::fs::metadata(&deck).and_then(|m| m.modified()).expect("mtime"), mtime);
    // Edit one answer, drop one card: one changed, one removed, progress kept.
    std::fs::write(&src, "question,answer\nxin chào,hi\ncảm ơn,thank you\n").expect("csv");
    let r = env.run(&["--lang", "en", "import", "vocab.csv", "--dry-run"]);
    assert!(
        r.stdout.contains("added 0, changed 1, unchanged 1, removed 1") && r.stdout.contains("dry run"),
        "{}",
        r.all()
    );
    assert_eq!(std::fs::read(&deck).expect("deck"), first, "a dry run writes nothing");
    let r = env.run(&["import", "vocab.csv"]);
    assert!(r.stdout.contains("added 0, changed 1, unchanged 1, removed 1"), "{}", r.all());
    assert!(r.stdout.contains("its progress is kept"), "{}", r.stdout);
    let cards = env.run(&["export", "cards"]);
    let studied: Vec<&str> = cards.stdout.lines().skip(1).collect();
    assert_eq!(studied.len(), 1, "{}", cards.stdout);
    assert!(studied[0].contains(",review,"), "the edited card keeps its state: {}", studied[0]);
    let log = reviews_json(&env);
    let card = log[0]["card"].as_str().expect("card");
    assert!(
        std::fs::read_to_string(&deck).expect("deck").contains(&format!("id = \"{card}\"")),
        "same id after the edit"
    );
    assert!(std::fs::read_to_string(&deck).expect("deck").contains("answer = \"hi\""));
}

#[test]
fn a_broken_file_leaves_decks_exactly_as_they_were() {
    let env = TestEnv::new();
    env.write_deck("keep.toml", "[deck]\nid = \"keep\"\nname = \"Keep\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n");
    let before = snapshot(&env.home().join("decks"));
    let cases: [(&str, &[u8], &str); 5] = [
        ("bad.csv", b"question,answer\nxin ch\xe0o,hello\n", "line 2: the file is not valid UTF-8"),
        ("bad.md", b"+++\nname = \n+++\nQ: a\nA: b\n", "line 2: the front matter is not valid TOML"),
        ("bad.toml", b"[deck]\nid = \"x\"\nname = \"X\"\n", "missing `language`"),
        ("empty.csv", b"question,answer\n", "no cards found"),
        ("only-bad.csv", b"question,answer\n,\n", "no cards found"),
    ];
    for (name, bytes, want) in cases {
        std::fs::write(env.home().join(name), bytes).expect("write");
        let r = env.run(&["import", name]);
        assert_eq!(r.code, 1, "{name}: {}", r.all());
        assert!(r.stderr.contains(want) && r.stderr.contains(name), "{name}: {}", r.stderr);
        assert!(r.stderr.contains("nothing was written") || name.ends_with(".toml"), "{}", r.stderr);
        assert_eq!(snapshot(&env.home().join("decks")), before, "{name} changed decks/");
    }
    // Too large.
    std::fs::write(env.home().join("big.csv"), "q,a\n".repeat(1000)).expect("write");
    let r = env.run(&["import", "big.csv", "--max-size", "0.001"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("the limit is 0.001 MB"), "{}", r.stderr);
    assert_eq!(snapshot(&env.home().join("decks")), before);
}

#[test]
fn a_deck_from_elsewhere_is_not_overwritten_without_replace() {
    let env = TestEnv::new();
    std::fs::write(env.home().join("a.csv"), "question,answer\nq,a\n").expect("csv");
    std::fs::write(env.home().join("b.csv"), "question,answer\nq2,a2\n").expect("csv");
    assert_eq!(env.run(&["import", "a.csv", "--deck-id", "shared"]).code, 0);
    let r = env.run(&["import", "b.csv", "--deck-id", "shared"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("was not imported from `b.csv`") && r.stderr.contains("--replace"), "{}", r.stderr);
    assert_eq!(env.run(&["import", "b.csv", "--deck-id", "shared", "--replace"]).code, 0);
    // A bundled deck's id needs --replace too.
    let r = env.run(&["import", "a.csv", "--deck-id", "bpo-vs-call-center.vi"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("bundled deck"), "{}", r.stderr);
    // A TOML deck is installed as it is.
    let toml = "[deck]\nid = \"mine\"\nname = \"Mine\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n";
    std::fs::write(env.home().join("mine.toml"), toml).expect("toml");
    let r = env.run(&["import", "mine.toml"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(std::fs::read_to_string(env.home().join("decks/mine.toml")).expect("installed"), toml);
}

#[test]
fn imported_decks_get_a_detected_language_and_readable_files() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let vi = env.home().join("tu-vung.csv");
    std::fs::write(&vi, "question,answer\nxin chào,hello\ncảm ơn,thank you\ntạm biệt,goodbye\n").expect("csv");
    let en = env.home().join("capitals.csv");
    std::fs::write(
        &en,
        "question,answer\nWhat is the capital of Australia?,Canberra\nWhat is the capital of Canada?,Ottawa\nWhich city is the capital of Japan?,Tokyo\nWhat is the largest city of the country?,Sydney\n",
    )
    .expect("csv");
    let other = env.home().join("wörter.csv");
    std::fs::write(&other, "question,answer\nHund,Katze\nMaus,Haus\n").expect("csv");
    for (file, lang) in [(&vi, "vi"), (&en, "en"), (&other, "und")] {
        let r = env.run(&["import", file.to_str().expect("path")]);
        assert_eq!(r.code, 0, "{}", r.all());
        let stem = file.file_stem().expect("stem").to_string_lossy().replace('ö', "o");
        let deck = std::fs::read_dir(env.home().join("decks"))
            .expect("decks")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().contains(&stem[..3]))
            .expect("the deck file");
        let text = std::fs::read_to_string(&deck).expect("deck");
        assert!(text.contains(&format!("language = \"{lang}\"")), "{}: {text}", file.display());
        let mode = std::fs::metadata(&deck).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{}", deck.display());
    }
}

/// A cloze blank's alternatives (`[gia hạn|cập nhật]` in Markdown,
/// `{{gia hạn|cập nhật}}` in a CSV cloze row) survive the import: the deck
/// written keeps them, `learn check` accepts it, and a quiz takes either
/// filling. `\|` stays a literal bar.
#[test]
fn cloze_alternatives_survive_markdown_and_csv_imports() {
    let env = TestEnv::new();
    std::fs::write(
        env.home().join("hopdong.md"),
        "+++\nname = \"Hợp đồng\"\nlanguage = \"vi\"\n+++\n\nC: Hợp đồng được [gia hạn|cập nhật] mỗi năm.\nID: renew\n\n---\n\nC: Ký hiệu [a\\|b] là một chữ.\nID: bar\n",
    )
    .expect("md");
    std::fs::write(
        env.home().join("contracts.csv"),
        "kind,question,answer,id\ncloze,The contract is {{renewed|updated}} every year.,,renew\n",
    )
    .expect("csv");
    for (file, deck, renew, other) in [
        ("hopdong.md", "hopdong", "{{gia hạn|cập nhật}}", "cập nhật"),
        ("contracts.csv", "contracts", "{{renewed|updated}}", "updated"),
    ] {
        let r = env.run(&["import", file]);
        assert_eq!(r.code, 0, "{file}: {}", r.all());
        let path = env.home().join("decks").join(format!("{deck}.toml"));
        let text = std::fs::read_to_string(&path).expect("deck written");
        assert!(text.contains(renew), "{file}: the alternatives are written back\n{text}");
        let parsed = learn::deck::parse_str(&text, learn::deck::Origin::File(path.clone()), "t");
        let card = parsed.deck.expect("valid").cards.into_iter().find(|c| c.id.as_str() == "renew").expect("renew");
        let learn::deck::Content::Cloze(cloze) = &card.content else { panic!("{file}: a cloze") };
        assert_eq!(cloze.accepted(1), [other], "{file}");
        let r = env.run_in(&["--lang", "en", "quiz", deck, "--feedback", "-n", "5"], &format!("{other}\n{other}\n"));
        assert!(r.stdout.contains(&format!("✓ Right: {}", cloze.answer(1))), "{file}: {}", r.stdout);
    }
    let md = std::fs::read_to_string(env.home().join("decks/hopdong.toml")).expect("deck");
    assert!(md.contains(r"{{a\\|b}}"), "an escaped bar stays one bar (TOML-escaped): {md}");
    let r = env.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.all());
}
