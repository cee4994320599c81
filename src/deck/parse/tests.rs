//! The parser's tests: the model, encodings, every message, and never a panic.

mod cases {
    use super::super::*;
    use crate::deck::Severity;
    use crate::deck::model::Content;
    use proptest::prelude::*;

    fn parse(text: &str) -> Parsed {
        parse_str(text, Origin::Bundled("t.toml"), "t.toml")
    }

    fn messages(p: &Parsed) -> Vec<String> {
        p.diagnostics.iter().map(|d| d.message.en()).collect()
    }

    const GOOD: &str = "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"vi\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n";

    #[test]
    fn a_good_deck_parses_to_the_model() {
        let p = parse(GOOD);
        assert!(p.diagnostics.is_empty(), "{:?}", messages(&p));
        let deck = p.deck.unwrap();
        assert_eq!(deck.id.as_str(), "d");
        assert_eq!(deck.cards[0].content, Content::Basic { question: "Q".into(), answer: "A".into(), reverse: false });
        assert_eq!(deck.cards[0].line, 6);
    }

    proptest! {
        /// The fast path's NFC shortcut: text of letters below U+0300 and
        /// precomposed Vietnamese ones is kept as it is, and that is NFC;
        /// anything else is made NFC.
        #[test]
        fn fast_path_strings_come_out_in_nfc(s in "[ -~\u{a0}-\u{2ff}\u{1ea0}-\u{1ef9}\u{300}-\u{36f}\u{2000}-\u{2010}]{0,12}") {
            use unicode_normalization::UnicodeNormalization;
            let want: String = s.trim().nfc().collect();
            prop_assert_eq!(fast::normalized(&s), want);
        }
    }

    #[test]
    fn decomposed_vietnamese_is_composed_on_the_fast_path() {
        // e, combining circumflex, combining acute: ế.
        assert_eq!(fast::normalized(" Tie\u{302}\u{301}ng Vie\u{323}\u{302}t "), "Tiếng Việt");
        assert_eq!(fast::normalized("Tiếng Việt"), "Tiếng Việt");
    }

    #[test]
    fn bom_and_crlf_are_fine() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let p = parse_bytes(text.as_bytes(), Origin::Bundled("t"), "t");
        assert!(p.deck.is_some() && p.diagnostics.is_empty(), "{:?}", messages(&p));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut bytes = GOOD.as_bytes().to_vec();
        let at = GOOD.find("\"Q\"").unwrap() + 1;
        bytes[at] = 0xff;
        let p = parse_bytes(&bytes, Origin::Bundled("t"), "t");
        let d = &p.diagnostics[0];
        assert!(d.message.en().contains("not valid UTF-8"));
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((9, 13)));
    }

    #[test]
    fn each_problem_has_its_message() {
        let card = |body: &str| {
            format!(
                "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"c\"\nexplanation = \"e\"\n{body}\n"
            )
        };
        let cases = [
            ("kind = \"basic\"\nquestoin = \"Q\"\nanswer = \"A\"", "unknown field `questoin`"),
            ("kind = \"basic\"\nquestion = \"  \"\nanswer = \"A\"", "`question` is blank"),
            ("kind = \"basic\"\nquestion = \"Q\"", "a basic card is missing `answer`"),
            ("kind = \"basic\"\nquestion = 4\nanswer = \"A\"", "`question` must be a string, found an integer"),
            ("kind = \"essay\"\nquestion = \"Q\"", "unknown kind `essay`"),
            (
                "kind = \"choice\"\nquestion = \"Q\"\noptions = [\"a\", \"b\"]\nanswer = \"c\"",
                "the answer \"c\" is not among the options",
            ),
            ("kind = \"choice\"\nquestion = \"Q\"\noptions = [\"a\"]\nanswer = \"a\"", "at least two options"),
            ("kind = \"cloze\"\ntext = \"nothing hidden\"", "cloze text has no deletion"),
            ("kind = \"true_false\"\nstatement = \"S\"\nanswer = \"yes\"", "must be true or false"),
            (
                "kind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\noptions = [\"x\"]",
                "does not belong to a `basic` card",
            ),
        ];
        for (body, want) in cases {
            let p = parse(&card(body));
            assert!(p.deck.is_none(), "{body}");
            let m = messages(&p);
            assert!(m.iter().any(|x| x.contains(want)), "{body}: wanted {want:?}, got {m:?}");
            assert!(p.diagnostics.iter().all(|d| d.location.is_some()), "{body}: located");
        }
    }

    #[test]
    fn several_problems_are_all_reported() {
        let text = "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\n\n[[cards]]\nid = \"a\"\nkind = \"cloze\"\ntext = \"x\"\n";
        let p = parse(text);
        let m = messages(&p);
        assert!(m.iter().any(|x| x.contains("missing `answer`")), "{m:?}");
        assert!(m.iter().any(|x| x.contains("no deletion")), "{m:?}");
        assert!(m.iter().any(|x| x.contains("duplicate card id `a`")), "{m:?}");
    }

    #[test]
    fn missing_explanation_is_only_a_warning() {
        let p = parse(&GOOD.replace("explanation = \"E\"\n", ""));
        assert!(p.deck.is_some());
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].severity, Severity::Warning);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_bytes(&bytes, Origin::Bundled("t"), "t");
        }

        #[test]
        fn mutated_decks_never_panic(cut in 0usize..200, insert in "\\PC{0,12}") {
            let mut text = GOOD.to_string();
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            text.insert_str(at, &insert);
            let p = parse(&text);
            // Every error carries a place.
            for d in &p.diagnostics {
                prop_assert!(d.location.is_some() || d.message.en().contains("no cards"));
            }
        }
    }
}

/// The fast path answers only for clean files, with the checker's deck.
mod fast_path {
    use super::super::*;
    use proptest::prelude::*;

    /// Whatever the fast path accepts, the checker accepts without a word,
    /// as the same deck.
    fn agrees(text: &str) -> Result<bool, TestCaseError> {
        let slow = check_str(text, Origin::Generated, "t.toml");
        match fast::parse(text, Origin::Generated) {
            Some(deck) => {
                let said: Vec<String> = slow.diagnostics.iter().map(|d| d.render()).collect();
                prop_assert!(
                    said.is_empty(),
                    "fast path accepted what the checker reports:\n{}\n{}",
                    text,
                    said.join("\n")
                );
                prop_assert_eq!(Some(&deck), slow.deck.as_ref(), "{}", text);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    #[test]
    fn every_bundled_deck_takes_the_fast_path() {
        for (name, text) in crate::deck::BUNDLED {
            assert!(agrees(text).unwrap(), "{name} fell back to the checker");
        }
    }

    // The broken fixtures' diagnostics are asserted line by line
    // (tests/integration/check.rs, expected.tsv): none takes the fast path.

    #[test]
    fn what_the_checker_alone_would_refuse_is_left_to_it() {
        let good = "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n";
        assert!(agrees(good).unwrap());
        for bad in [
            // Inline tables where the checker wants [deck] and [[cards]].
            "deck = { id = \"d\", name = \"D\", language = \"en\" }\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\nexplanation = \"E\"\n",
            "cards = [{ id = \"a\", kind = \"basic\", question = \"Q\", answer = \"A\", explanation = \"E\" }]\n[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n",
            // A warning: no explanation; no cards.
            "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"Q\"\nanswer = \"A\"\n",
            "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\n",
            "[deck]\nid = \"d\"\nname = \"D\"\nlanguage = \"en\"\ncards = []\n",
            // Blank explanation, a field of another kind, a duplicate.
            &good.replace("\"E\"", "\" \""),
            &good.replace("answer = \"A\"", "answer = \"A\"\noptions = [\"x\", \"y\"]"),
            &format!("{good}\n{}", &good[good.find("[[cards]]").unwrap()..]),
        ] {
            assert!(!agrees(bad).unwrap(), "took the fast path:\n{bad}");
        }
        // Same card id up to NFC: both paths keep both cards, as they did.
        let nfd = good.replace("id = \"a\"", "id = \"e\u{301}\"");
        let nfc = good.replace("id = \"a\"", "id = \"\u{e9}\"");
        let both = format!("{nfd}\n{}", &nfc[nfc.find("[[cards]]").unwrap()..]);
        let _ = agrees(&both).unwrap();
    }

    /// A deck of every kind, written out line by line, to be mutated.
    const EVERY_KIND: &str = r#"[deck]
id = "d"
name = "Đề"
language = "vi"
description = "x"
progress = "p"

[[cards]]
id = "a"
kind = "basic"
question = "Q"
answer = "A"
reverse = true
explanation = "E"
tags = ["t1", "group:g"]
source = "S"

[[cards]]
id = "b"
kind = "typed"
question = "Q"
answer = "Hà Nội"
accept = ["HN"]
explanation = "E"

[[cards]]
id = "c"
kind = "choice"
question = "Q"
options = ["x", "y", "z"]
answers = ["x", "z"]
explanation = "E"

[[cards]]
id = "c2"
kind = "choice"
question = "Q"
options = ["x", "y"]
answer = "y"
explanation = "E"

[[cards]]
id = "d"
kind = "true_false"
statement = "S"
answer = false
explanation = "E"

[[cards]]
id = "e"
kind = "cloze"
text = "{{c1::a::hint}} b {{c2::c|d}}"
explanation = "E"
"#;

    /// Small edits that keep a file TOML more often than random bytes do.
    fn edits() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("\"".to_string()),
            Just("\n".to_string()),
            Just(" ".to_string()),
            Just("x".to_string()),
            Just("#".to_string()),
            Just("[[cards]]\n".to_string()),
            Just("\nexplanation = \"\"\n".to_string()),
            Just("\nkind = \"typed\"\n".to_string()),
            Just("\nanswer = true\n".to_string()),
            Just("\nanswer = \"zz\"\n".to_string()),
            Just("\ntags = [1]\n".to_string()),
            Just("\nid = \"a\"\n".to_string()),
            Just("{{".to_string()),
            Just("\u{301}".to_string()),
            "\\PC{0,6}",
        ]
    }

    proptest! {
        #[test]
        fn the_fast_path_never_disagrees_with_the_checker(
            cuts in proptest::collection::vec((0usize..900, 0usize..4, edits()), 1..4)
        ) {
            let mut text = EVERY_KIND.to_string();
            for (at, del, ins) in cuts {
                let mut at = at.min(text.len());
                while !text.is_char_boundary(at) { at -= 1; }
                let mut end = (at + del).min(text.len());
                while !text.is_char_boundary(end) { end += 1; }
                text.replace_range(at..end, &ins);
            }
            agrees(&text)?;
        }
    }

    #[test]
    fn the_unedited_deck_takes_the_fast_path() {
        assert!(agrees(EVERY_KIND).unwrap());
    }
}
