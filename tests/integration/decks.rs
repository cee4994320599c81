//! Holds the bundled decks to the content rules: both editions valid and
//! parallel, every card explained, sourced and tagged, and the coverage
//! table in decks/README.md complete.

use std::collections::{BTreeSet, HashSet};

use learn::deck::{Content, Deck, Kind, Origin, parse_str};

use super::support::repo;

const SECTIONS: [&str; 8] =
    ["intro", "key-points", "overview", "table", "what-is-bpo", "what-is-call-center", "differences", "references"];

fn load(name: &str) -> Deck {
    let path = repo().join("decks").join(name);
    let text = std::fs::read_to_string(&path).expect("deck file");
    let parsed = parse_str(&text, Origin::File(path.clone()), name);
    assert!(parsed.diagnostics.is_empty(), "{name}: {:#?}", parsed.diagnostics);
    parsed.deck.expect("valid deck")
}

#[test]
fn both_editions_are_valid_and_parallel() {
    let vi = load("bpo-vs-call-center.vi.toml");
    let en = load("bpo-vs-call-center.en.toml");
    assert_eq!((vi.id.as_str(), vi.language.as_str()), ("bpo-vs-call-center.vi", "vi"));
    assert_eq!((en.id.as_str(), en.language.as_str()), ("bpo-vs-call-center.en", "en"));
    assert!((60..=90).contains(&vi.cards.len()), "{} cards", vi.cards.len());
    assert_eq!(vi.cards.len(), en.cards.len());
    for (a, b) in vi.cards.iter().zip(&en.cards) {
        assert_eq!(a.id, b.id, "same ids in the same order");
        assert_eq!(a.kind(), b.kind(), "{}: same kind", a.id);
        assert_eq!(a.source, b.source, "{}: same source", a.id);
        match (&a.content, &b.content) {
            (Content::Choice { options: o1, answers: r1, .. }, Content::Choice { options: o2, answers: r2, .. }) => {
                assert_eq!(o1.len(), o2.len(), "{}: option count", a.id);
                assert_eq!(r1, r2, "{}: the same options are right", a.id);
            }
            (Content::TrueFalse { answer: x, .. }, Content::TrueFalse { answer: y, .. }) => {
                assert_eq!(x, y, "{}: same truth value", a.id)
            }
            (Content::Cloze(x), Content::Cloze(y)) => assert_eq!(x.numbers(), y.numbers(), "{}: same deletions", a.id),
            (Content::Basic { reverse: x, .. }, Content::Basic { reverse: y, .. }) => assert_eq!(x, y, "{}", a.id),
            _ => {}
        }
    }
    let ids: HashSet<&str> = vi.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), vi.cards.len(), "unique ids");
    let kinds: BTreeSet<Kind> = vi.cards.iter().map(|c| c.kind()).collect();
    assert_eq!(kinds.len(), 5, "every kind appears: {kinds:?}");
    assert!(
        vi.cards.iter().any(|c| matches!(&c.content, Content::Choice { multiple: true, .. })),
        "some choice has several right answers"
    );
}

#[test]
fn every_card_is_explained_sourced_and_tagged() {
    for name in ["bpo-vs-call-center.vi.toml", "bpo-vs-call-center.en.toml"] {
        let deck = load(name);
        for c in &deck.cards {
            let e = c.explanation.as_deref().unwrap_or("");
            assert!(e.chars().count() >= 20, "{name} {}: explanation says why", c.id);
            let src = c.source.as_deref().unwrap_or("");
            assert!(SECTIONS.contains(&src), "{name} {}: source `{src}` is a section", c.id);
            assert!(!c.tags.is_empty(), "{name} {}: tagged", c.id);
            if let Content::Typed { answer, .. } = &c.content {
                assert!(answer.split_whitespace().count() <= 5, "{name} {}: typed answer is short", c.id);
            }
        }
    }
}

#[test]
fn coverage_table_names_real_cards_and_every_section() {
    let vi = load("bpo-vs-call-center.vi.toml");
    let en = load("bpo-vs-call-center.en.toml");
    let readme = std::fs::read_to_string(repo().join("decks/README.md")).expect("decks/README.md");
    let mut sections = HashSet::new();
    let mut listed = HashSet::new();
    let mut rows = 0;
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cols: Vec<&str> = line.split('|').map(str::trim).collect();
        assert!(cols.len() >= 4, "row {line}");
        let section = cols[1].trim_matches('`');
        assert!(SECTIONS.contains(&section), "unknown section in {line}");
        sections.insert(section.to_string());
        let ids: Vec<&str> = cols[3].split(',').map(|s| s.trim().trim_matches('`')).filter(|s| !s.is_empty()).collect();
        assert!(!ids.is_empty(), "row without cards: {line}");
        for id in ids {
            for d in [&vi, &en] {
                let card = d.cards.iter().find(|c| c.id.as_str() == id);
                assert!(card.is_some(), "{id} in the table is not a card of {}", d.id);
                assert_eq!(card.and_then(|c| c.source.as_deref()), Some(section), "{id} listed under {section}");
            }
            listed.insert(id.to_string());
        }
        rows += 1;
    }
    assert!(rows >= 40, "a row per point: {rows}");
    for s in SECTIONS {
        assert!(sections.contains(s), "section {s} missing from the coverage table");
    }
    for c in &vi.cards {
        assert!(listed.contains(c.id.as_str()), "{} is in no row of the coverage table", c.id);
    }
}

#[test]
fn the_bundled_decks_pass_the_linter() {
    let env = crate::support::TestEnv::new();
    let r = env.run(&["--lang", "en", "check", "--lint"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("lint: nothing to suggest"), "{}", r.stdout);
    // True/false between 40% and 60% true, in both editions alike.
    for name in ["bpo-vs-call-center.vi.toml", "bpo-vs-call-center.en.toml"] {
        let deck = load(name);
        let answers: Vec<bool> = deck
            .cards
            .iter()
            .filter_map(|c| match c.content {
                Content::TrueFalse { answer, .. } => Some(answer),
                _ => None,
            })
            .collect();
        let true_ones = answers.iter().filter(|a| **a).count();
        assert!(
            true_ones * 10 >= answers.len() * 4 && true_ones * 10 <= answers.len() * 6,
            "{name}: {true_ones} of {}",
            answers.len()
        );
    }
}
