//! `learn import` of Anki packages made by Anki's own library and genanki:
//! the same cards Anki counts, the same text, the same due dates, media
//! copied; and hostile packages refused with nothing written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use learn::deck::{Content, Deck, Origin, parse_str};

use super::support::{TestEnv, repo};

fn pkg(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import/apkg").join(name)
}

fn expected() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(pkg("expected.json")).expect("expected.json")).expect("json")
}

fn load(path: &Path) -> Deck {
    let text = std::fs::read_to_string(path).expect("deck");
    let p = parse_str(&text, Origin::File(path.into()), "t");
    assert!(!p.has_errors(), "{:#?}", p.diagnostics);
    p.deck.expect("deck")
}

fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            out.push(e.path().display().to_string());
            if e.path().is_dir() {
                out.extend(tree(&e.path()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn packages_import_with_anki_counts_texts_media_and_due_dates() {
    let exp = expected();
    for file in ["current.apkg", "legacy.apkg", "collection.colpkg", "genanki.apkg"] {
        let env = TestEnv::new();
        let r = env.run(&["import", pkg(file).to_str().expect("path"), "--with-progress"]);
        assert_eq!(r.code, 0, "{file}: {}", r.all());
        let want = &exp["packages"][file]["reimported"];
        // Every deck Anki shows with notes, with the same note and card counts.
        for (name, counts) in want["decks"].as_object().expect("decks") {
            let notes = counts["notes"].as_u64().expect("notes") as usize;
            if notes == 0 {
                continue;
            }
            let id = learn::import::slug(&name.replace("::", "-"));
            let deck = load(&env.home().join(format!("decks/{id}.toml")));
            assert_eq!(deck.name, *name);
            assert_eq!(deck.cards.len(), notes, "{file} {name}: notes");
            assert_eq!(deck.items().len() as u64, counts["cards"].as_u64().expect("cards"), "{file} {name}: cards");
        }
        // The notes' text, tags and guids.
        let decks: Vec<Deck> = std::fs::read_dir(env.home().join("decks"))
            .expect("decks")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .map(|e| load(&e.path()))
            .collect();
        let by_id: HashMap<String, &learn::deck::Card> =
            decks.iter().flat_map(|d| d.cards.iter()).map(|c| (c.id.to_string(), c)).collect();
        for (guid, note) in want["notes_by_guid"].as_object().expect("notes") {
            let card =
                by_id.get(&learn::import::safe_id(guid)).unwrap_or_else(|| panic!("{file}: note {guid} missing"));
            let tags: Vec<&str> = note["tags"].as_array().expect("tags").iter().filter_map(|t| t.as_str()).collect();
            assert_eq!(card.tags, tags, "{file}: tags of {guid}");
            let f = |names: [&str; 2]| -> String {
                let v = names.iter().find_map(|n| note["fields"][*n].as_str()).unwrap_or("");
                learn::import::html::to_text(v)
            };
            let fields = [f(["Front", "Term"]), f(["Back", "Meaning"])];
            match &card.content {
                Content::Basic { question, answer, .. } | Content::Typed { question, answer, .. } => {
                    assert_eq!(question, &fields[0], "{file}: {guid}");
                    assert_eq!(answer, &fields[1], "{file}: {guid}");
                }
                Content::Cloze(c) => {
                    assert_eq!(c.numbers().len() as u64, note["cards"].as_u64().expect("cards"), "{file}: {guid}");
                }
                other => panic!("{file}: unexpected {other:?}"),
            }
        }
        if file == "genanki.apkg" {
            assert!(r.stdout.contains("note(s) of type `Vocab (genanki)` imported as basic cards"), "{}", r.stdout);
            continue;
        }
        // Specific conversions.
        let media = by_id.get(&learn::import::safe_id("CG,Q{1R^Yt")).expect("media note");
        assert_eq!(
            media.content,
            Content::Basic {
                question: "Quốc kỳ nào đây? [image: flag.png]".into(),
                answer: "Việt Nam\n[audio: hello.mp3]".into(),
                reverse: false
            }
        );
        let hint = by_id.get(&learn::import::safe_id("ryEiIC_8|~")).expect("cloze with a hint");
        match &hint.content {
            Content::Cloze(c) => assert_eq!(c.prompt(1), "Thủ đô của Việt Nam là [thủ đô]."),
            other => panic!("{other:?}"),
        }
        let typed = by_id.get(&learn::import::safe_id("l?/%p|LEE7")).expect("typed");
        assert!(matches!(typed.content, Content::Typed { .. }));
        for (guid, reverse) in
            [("y$sMR~rj^S", true), ("r`<3[<3wTz", true), ("pxK(:%qM`3", false), ("NO,RJYW0.*", false)]
        {
            let c = by_id.get(&learn::import::safe_id(guid)).expect("note");
            assert!(
                matches!(c.content, Content::Basic { reverse: r, .. } if r == reverse),
                "{file}: {guid} reverse {reverse}"
            );
        }
        // Media copied, byte for byte the sizes Anki recorded.
        let png = std::fs::read(env.home().join("decks/geo.media/flag.png")).expect("flag.png copied");
        assert_eq!(png.len(), 69);
        assert!(png.starts_with(b"\x89PNG"));
        assert_eq!(std::fs::read(env.home().join("decks/geo.media/hello.mp3")).expect("mp3").len(), 417);
        // Due dates as in Anki.
        let cards = env.run(&["export", "cards", "--format", "json"]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&cards.stdout).expect("json");
        for rc in exp["reviewed_cards"].as_array().expect("reviewed") {
            let id = learn::import::safe_id(rc["note_guid"].as_str().expect("guid"));
            let item = if rc["card_ord"] == 1 { format!("{id}#reverse") } else { id };
            let row = rows
                .iter()
                .find(|r| r["card"] == item.as_str())
                .unwrap_or_else(|| panic!("{file}: {item} has no state"));
            let due = row["due"].as_str().expect("due");
            match (rc["due_date"].as_str(), rc["due_datetime_utc"].as_str()) {
                (Some(date), _) => assert!(due.starts_with(date), "{file}: {item} due {due}, Anki says {date}"),
                (None, Some(t)) => assert_eq!(
                    chrono::DateTime::parse_from_rfc3339(due).expect("due"),
                    chrono::DateTime::parse_from_rfc3339(t).expect("anki due"),
                    "{file}: {item}"
                ),
                _ => panic!("no due in expected.json"),
            }
            assert_eq!(row["state"], rc["type_name"], "{file}: {item}");
            assert!(row["stability"].as_f64().unwrap_or(0.0) > 0.0, "{file}: {item} has a memory state");
            assert_eq!(row["lapses"], rc["lapses"], "{file}: {item}");
        }
        // The history is in the review log (mode import).
        let log = super::support::reviews_json(&env);
        assert_eq!(log.len(), 18, "{file}: Anki's 18 revlog rows");
        assert!(log.iter().all(|r| r["mode"] == "import"));
        // Importing the package again changes nothing.
        let again = env.run(&["import", pkg(file).to_str().expect("path")]);
        assert!(again.stdout.contains("added 0, changed 0, unchanged 5, removed 0"), "{}", again.stdout);
    }
}

#[test]
fn subdecks_can_be_merged_into_one_deck_with_tags() {
    let env = TestEnv::new();
    let r =
        env.run(&["import", pkg("legacy.apkg").to_str().expect("path"), "--merge-subdecks", "--deck-id", "geo-all"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let deck = load(&env.home().join("decks/geo-all.toml"));
    assert_eq!(deck.cards.len(), 11);
    assert_eq!(deck.items().len(), 15);
    assert!(deck.cards.iter().any(|c| c.tags.contains(&"anki-deck::Geo::Asia".to_string())));
    // Without --merge-subdecks, --deck-id cannot name two decks.
    let r = env.run(&["import", pkg("legacy.apkg").to_str().expect("path"), "--deck-id", "x"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("--merge-subdecks"), "{}", r.stderr);
}

#[test]
fn hostile_and_damaged_packages_are_refused_and_write_nothing() {
    for (file, want) in [
        ("zip-slip.apkg", "would be written outside its folder"),
        ("zip-bomb.apkg", "would unpack to 2.0 GiB"),
        ("truncated.apkg", "not an Anki package"),
        ("not-a-zip.apkg", "not an Anki package"),
    ] {
        let env = TestEnv::new();
        let before = tree(env.home());
        let r = env.run(&["import", pkg(&format!("bad/{file}")).to_str().expect("path"), "--with-progress"]);
        assert_eq!(r.code, 1, "{file}: {}", r.all());
        assert!(r.stderr.contains(want) && r.stderr.contains("nothing was written"), "{file}: {}", r.stderr);
        assert_eq!(tree(env.home()), before, "{file} wrote something");
        for escaped in ["/tmp/learn-import-zip-slip-absolute.txt", "/tmp/learn-import-zip-entry-absolute.txt"] {
            assert!(!Path::new(escaped).exists(), "{escaped}");
        }
        assert!(!env.home().join("../evil.txt").exists() && !env.home().join("../../evil.txt").exists());
    }
}
