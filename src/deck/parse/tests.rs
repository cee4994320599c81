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
