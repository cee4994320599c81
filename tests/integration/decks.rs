//! Holds the bundled decks to the content rules: both editions valid and
//! parallel, every card explained, sourced and tagged, and the coverage
//! table in decks/README.md complete.

use std::collections::{BTreeSet, HashMap, HashSet};

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
    // One translation for each option, everywhere: "Cả hai" is always "Both".
    let mut vi_to_en: HashMap<&str, &str> = HashMap::new();
    let mut en_to_vi: HashMap<&str, &str> = HashMap::new();
    for (a, b) in vi.cards.iter().zip(&en.cards) {
        assert_eq!(a.tags, b.tags, "{}: same tags (and groups)", a.id);
        if let (Content::Choice { options: o1, .. }, Content::Choice { options: o2, .. }) = (&a.content, &b.content) {
            for (x, y) in o1.iter().zip(o2) {
                assert_eq!(*vi_to_en.entry(x).or_insert(y), y.as_str(), "{}: `{x}` translated two ways", a.id);
                assert_eq!(*en_to_vi.entry(y).or_insert(x), x.as_str(), "{}: `{y}` translated two ways", a.id);
            }
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

/// The words a card shows the learner, all fields together.
fn shown_text(c: &learn::deck::Card) -> String {
    let body = match &c.content {
        Content::Basic { question, answer, .. } => format!("{question} {answer}"),
        Content::Typed { question, answer, accept } => format!("{question} {answer} {}", accept.join(" ")),
        Content::Choice { question, options, .. } => format!("{question} {}", options.join(" ")),
        Content::TrueFalse { statement, .. } => statement.clone(),
        Content::Cloze(cloze) => {
            cloze.numbers().iter().map(|n| cloze.answer(*n)).chain([c.headline()]).collect::<Vec<_>>().join(" ")
        }
    };
    format!("{body} {}", c.explanation.as_deref().unwrap_or(""))
}

/// Lower case, punctuation as spaces, single spaces, padded: whole-word search.
fn words(s: &str) -> String {
    let s: String = s.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    format!(" {} ", s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The files are in study order: the article's sections take turns, two
/// cards of one `group:` never sit side by side, the same drill never comes
/// three times in a row, and no card's answer (a
/// typed answer, a cloze filling, a right option that is not one of the
/// deck's side labels) is in the card just before it.
#[test]
fn the_files_are_in_study_order_and_no_card_gives_the_next_away() {
    for name in ["bpo-vs-call-center.vi.toml", "bpo-vs-call-center.en.toml"] {
        let deck = load(name);
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for c in &deck.cards {
            if let Content::Choice { options, .. } = &c.content {
                for o in options {
                    *uses.entry(o.as_str()).or_default() += 1;
                }
            }
        }
        // Never three true/false cards, or three "which side" cards (all
        // options labels shared by 3+ cards), in a row: variety in a session.
        let drill = |c: &learn::deck::Card| match &c.content {
            Content::TrueFalse { .. } => Some("true/false"),
            Content::Choice { options, .. } if options.iter().all(|o| uses[o.as_str()] >= 3) => Some("which side"),
            _ => None,
        };
        for three in deck.cards.windows(3) {
            let kind = drill(&three[0]);
            assert!(
                kind.is_none() || three.iter().any(|c| drill(c) != kind),
                "{name}: three {} cards in a row from `{}`",
                kind.unwrap_or_default(),
                three[0].id
            );
        }
        for pair in deck.cards.windows(2) {
            let (before, card) = (&pair[0], &pair[1]);
            assert_ne!(before.source, card.source, "{name}: `{}` and `{}` are of one section", before.id, card.id);
            let groups = |c: &learn::deck::Card| -> HashSet<String> {
                c.tags.iter().filter(|t| t.starts_with("group:")).cloned().collect()
            };
            let shared: Vec<String> = groups(before).intersection(&groups(card)).cloned().collect();
            assert!(shared.is_empty(), "{name}: `{}` and `{}` share {shared:?}", before.id, card.id);
            let answers: Vec<String> = match &card.content {
                Content::Typed { answer, .. } => vec![answer.clone()],
                Content::Cloze(cloze) => cloze.numbers().iter().map(|n| cloze.answer(*n)).collect(),
                Content::Choice { options, answers, .. } => {
                    answers.iter().map(|&i| &options[i]).filter(|o| uses[o.as_str()] < 3).cloned().collect()
                }
                _ => vec![],
            };
            let seen = words(&shown_text(before));
            // Answers of fewer than three letters ("IT") match ordinary words ("it").
            for a in answers.into_iter().filter(|a| a.chars().filter(|c| c.is_alphanumeric()).count() >= 3) {
                assert!(
                    !seen.contains(&words(&a)),
                    "{name}: the answer `{a}` of `{}` is in `{}`, just before it",
                    card.id,
                    before.id
                );
            }
        }
    }
}

/// Vietnamese text is NFC (as typed answers are compared), and the English
/// edition spells the US way, like "center".
#[test]
fn text_is_nfc_and_english_is_us_spelling() {
    use unicode_normalization::UnicodeNormalization;
    for name in ["bpo-vs-call-center.vi.toml", "bpo-vs-call-center.en.toml", "README.md"] {
        let text = std::fs::read_to_string(repo().join("decks").join(name)).expect("file");
        assert!(text.nfc().eq(text.chars()), "{name} is not NFC");
    }
    let en = std::fs::read_to_string(repo().join("decks/bpo-vs-call-center.en.toml")).expect("en");
    // Card ids are keys for progress, not text anyone reads.
    let text: String = en.lines().filter(|l| !l.starts_with("id = ")).collect::<Vec<_>>().join("\n").to_lowercase();
    for uk in [
        "specialise",
        "organise",
        "authorise",
        "computerise",
        "recognise",
        "prioritise",
        "isation",
        "centre",
        "behaviour",
        "favour",
        "colour",
        "analyse",
        "judgement",
        "programme",
    ] {
        assert!(!text.contains(uk), "UK spelling `{uk}` in the English edition");
    }
}
