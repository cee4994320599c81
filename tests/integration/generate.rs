//! `learn generate` on the seed article, an English Markdown article and a
//! saved web page: the deck passes `learn check --lint`, holds the cards a
//! teacher would expect, is the same every time, is not written over an
//! existing deck, and `--review` (plain mode) keeps, edits and drops.

use std::path::PathBuf;

use learn::deck::{Card, Content, Deck, Origin, parse_str};

use super::support::{TestEnv, repo};

fn fixture(name: &str) -> String {
    repo().join("tests/fixtures/generate").join(name).display().to_string()
}

const SEED: &str = "bpo-vs-call-center.vi.txt";

fn deck_at(path: &PathBuf) -> Deck {
    let text = std::fs::read_to_string(path).expect("deck written");
    let parsed = parse_str(&text, Origin::File(path.clone()), "t");
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    parsed.deck.expect("deck")
}

fn by_question<'d>(deck: &'d Deck, part: &str) -> Vec<&'d Card> {
    deck.cards.iter().filter(|c| c.headline().contains(part)).collect()
}

#[test]
fn the_seed_article_gives_a_deck_that_passes_check_and_lint() {
    let env = TestEnv::new();
    let out = env.run(&["generate", &fixture(SEED)]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("covering 7 of 7 sections"), "{}", out.stdout);
    let path = env.home().join("decks/bpo-vs-call-center-vi.toml");
    let deck = deck_at(&path);
    assert!(deck.cards.len() >= 30, "{} cards", deck.cards.len());
    assert_eq!(deck.language, "vi");
    assert_eq!(deck.source.as_deref(), Some(SEED));
    assert_eq!(deck.name, "BPO vs Call Center: Sự khác biệt và so sánh");

    let check = env.run(&["check", "--lint", &path.display().to_string()]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert!(
        check.stdout.contains("0 errors, 0 warnings") && check.stdout.contains("lint: nothing to suggest"),
        "{}",
        check.stdout
    );

    // Every section the article has, in its order, names some card.
    let sections = [
        "Mở đầu",
        "Các nội dung chính",
        "BPO so với Trung tâm cuộc gọi",
        "Bảng so sánh",
        "BPO là gì?",
        "Tổng đài là gì?",
        "Sự khác biệt chính giữa BPO và Call Center",
    ];
    for s in sections {
        assert!(deck.cards.iter().any(|c| c.source.as_deref() == Some(s)), "no card from “{s}”");
    }
    for c in &deck.cards {
        let e = c.explanation.as_deref().unwrap_or_default();
        assert!(e.starts_with("Bài viết") || e.starts_with("Bảng so sánh") || e.starts_with("Sai:"), "{e}");
        assert!(!c.tags.is_empty());
    }

    // The acronym is a typed card.
    let acronym = by_question(&deck, "BPO là viết tắt của cụm từ nào?");
    assert!(
        matches!(&acronym[..], [c] if matches!(&c.content, Content::Typed { answer, .. } if answer == "Gia công quy trình kinh doanh"))
    );
    // Each row of the comparison table is a "which side" card.
    let rows = [
        ("Ý nghĩa thực tế", "BPO"),
        ("Hoạt động tiến hành", "Trung tâm cuộc gọi"),
        ("Sự liên quan trong tiếp thị", "BPO"),
        ("Chức năng quan trọng", "Trung tâm cuộc gọi"),
        ("Các loại phổ biến nhất", "BPO"),
    ];
    for (param, side) in rows {
        let cards = by_question(&deck, &format!("ở mục “{param}”, bên nào"));
        let [card] = &cards[..] else { panic!("one which-side card for “{param}”: {cards:#?}") };
        let Content::Choice { options, answers, multiple: false, .. } = &card.content else { panic!("{card:#?}") };
        assert_eq!(
            options,
            &vec!["BPO".to_string(), "Trung tâm cuộc gọi".to_string()],
            "no “both”: the table has none"
        );
        assert_eq!(options[answers[0]], side, "{param}");
    }
    // A cell that names its side does not give it away.
    assert!(by_question(&deck, "“… ngang và … dọc”").len() == 1);
    // The sibling lists: advantages of a call centre, its disadvantages as wrong options.
    let adv = by_question(&deck, "“Ưu điểm của các trung tâm cuộc gọi”");
    let [adv] = &adv[..] else { panic!("{adv:#?}") };
    let Content::Choice { options, answers, multiple: true, .. } = &adv.content else { panic!() };
    let right: Vec<&str> = answers.iter().map(|&i| options[i].as_str()).collect();
    assert_eq!(right.len(), 2);
    assert!(right.contains(&"Tăng cường quan hệ công chúng"));
    assert!(options.iter().any(|o| o == "Thiếu tính bảo mật"), "a disadvantage as a wrong option");
    // Contrasts: true and false statements, balanced.
    let tf: Vec<bool> = deck
        .cards
        .iter()
        .filter_map(|c| match c.content {
            Content::TrueFalse { answer, .. } => Some(answer),
            _ => None,
        })
        .collect();
    let trues = tf.iter().filter(|t| **t).count();
    assert!(tf.len() >= 8 && trues * 10 >= tf.len() * 3 && trues * 10 <= tf.len() * 7, "{trues} of {}", tf.len());
    assert!(deck.cards.iter().any(|c| matches!(&c.content,
        Content::TrueFalse { statement, answer: true } if statement == "BPO có thể hoạt động ở nhiều địa điểm.")));
    // Nothing from the author's note or the request to share.
    assert!(!std::fs::read_to_string(&path).expect("deck").contains("Chara Yadav"));
}

#[test]
fn the_same_article_gives_the_same_deck_on_standard_output() {
    let env = TestEnv::new();
    let a = env.run(&["generate", &fixture(SEED), "-o", "-"]);
    let b = env.run(&["generate", &fixture(SEED), "-o", "-"]);
    assert_eq!(a.code, 0, "{}", a.all());
    assert_eq!(a.stdout, b.stdout);
    assert!(a.stdout.starts_with("# Drafted by `learn generate`"));
    assert!(a.stderr.contains("Drafted "), "the summary goes to stderr: {}", a.stderr);
    assert!(std::fs::read_dir(env.home().join("decks")).expect("decks").next().is_none(), "nothing in the home");
}

#[test]
fn an_english_markdown_article_and_a_saved_page() {
    let env = TestEnv::new();
    let out = env.run(&["generate", &fixture("bpo-vs-call-centre.en.md"), "--deck-id", "week-1", "--name", "Week 1"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("(English)"), "{}", out.stdout);
    let deck = deck_at(&env.home().join("decks/week-1.toml"));
    assert_eq!((deck.id.as_str(), deck.name.as_str(), deck.language.as_str()), ("week-1", "Week 1", "en"));
    assert!(by_question(&deck, "What does BPO stand for?").len() == 1);
    assert!(!deck.cards.iter().any(|c| c.source.as_deref() == Some("About the author")));

    let out = env.run(&["generate", &fixture("call-centre-page.vi.html")]);
    assert_eq!(out.code, 0, "{}", out.all());
    let path = env.home().join("decks/call-centre-page-vi.toml");
    let deck = deck_at(&path);
    assert_eq!(deck.name, "Tổng đài và BPO khác nhau thế nào?");
    let text = std::fs::read_to_string(&path).expect("deck");
    for outside in ["Trang chủ", "trò chơi", "Mọi quyền", "Bài viết liên quan", "Hình 1"] {
        assert!(!text.contains(outside), "“{outside}” is not the article");
    }
    assert!(by_question(&deck, "ở mục “Công việc chính”, bên nào").len() == 1);
    let check = env.run(&["check", "--lint", &path.display().to_string()]);
    assert!(
        check.stdout.contains("0 errors, 0 warnings") && check.stdout.contains("lint: nothing to suggest"),
        "{}",
        check.stdout
    );
}

#[test]
fn an_existing_deck_is_kept_unless_forced() {
    let env = TestEnv::new();
    assert_eq!(env.run(&["generate", &fixture(SEED), "--deck-id", "d"]).code, 0);
    let path = env.home().join("decks/d.toml");
    std::fs::write(&path, "# mine\n").expect("write");
    let again = env.run(&["generate", &fixture(SEED), "--deck-id", "d"]);
    assert_eq!(again.code, 2, "{}", again.all());
    assert!(again.stderr.contains("already exists; pass --force"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "# mine\n");
    assert_eq!(env.run(&["generate", &fixture(SEED), "--deck-id", "d", "--force"]).code, 0);
    assert!(deck_at(&path).cards.len() >= 30);
    // A bundled deck's id is not taken by accident.
    let bundled = env.run(&["generate", &fixture(SEED), "--deck-id", "bpo-vs-call-center.vi"]);
    assert_eq!(bundled.code, 2);
    assert!(bundled.stderr.contains("bundled deck"), "{}", bundled.stderr);
}

#[test]
fn clear_errors_in_both_languages() {
    let env = TestEnv::new();
    std::fs::write(env.home().join("empty.txt"), "\n  \n").expect("write");
    std::fs::write(
        env.home().join("de.txt"),
        "Der Hund schläft unter dem Baum im Garten. Die Katze sitzt auf dem Dach.\n",
    )
    .expect("write");
    let empty = env.run(&["generate", "empty.txt"]);
    assert_eq!(empty.code, 2);
    assert!(empty.stderr.contains("could not draft a deck from `empty.txt`: the file has no text"), "{}", empty.stderr);
    // The interface in Vietnamese from the locale (--lang would also name
    // the article's language).
    let mut c = env.command(&["generate", "de.txt"]);
    c.env("LANG", "vi_VN.UTF-8");
    let de = super::support::run_with_input(c, "");
    assert_eq!(de.code, 2);
    assert!(de.stderr.contains("hãy chỉ rõ bằng --lang vi hoặc --lang en"), "{}", de.stderr);
    let missing = env.run(&["generate", "nowhere.txt"]);
    assert_ne!(missing.code, 0);
    assert!(missing.stderr.contains("nowhere.txt"));
    let format = env.run(&["generate", &fixture(SEED), "--format", "pdf"]);
    assert_eq!(format.code, 2);
    assert!(format.stderr.contains("unknown --format `pdf`"));
    let big = env.run(&["generate", &fixture(SEED), "--max-size", "0.001"]);
    assert_eq!(big.code, 2);
    assert!(big.stderr.contains("raise the limit with --max-size"), "{}", big.stderr);
}

#[test]
fn review_keeps_edits_and_drops_then_writes_once() {
    let env = TestEnv::new();
    // An "editor" that rewrites the explanation of the card it is given.
    let editor = env.home().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nsed -i 's/^explanation = .*/explanation = \"Sửa bởi giáo viên.\"/' \"$1\"\n")
        .expect("write editor");
    let mut c = env.command(&["generate", &fixture(SEED), "--review", "--deck-id", "r"]);
    c.env("EDITOR", format!("sh {}", editor.display())).env_remove("VISUAL");
    // Keep, edit then keep, drop, junk then keep, quit.
    let out = super::support::run_with_input(c, "k\ne\nk\nd\nwhat\nk\nq\n");
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("Card 1 of "), "{}", out.stdout);
    assert!(out.stdout.contains("Type k, e, d or q."));
    assert!(out.stdout.contains("Reviewed 4 of "), "{}", out.stdout);
    let deck = deck_at(&env.home().join("decks/r.toml"));
    assert_eq!(deck.cards.len(), 3, "kept, edited and kept again");
    assert_eq!(deck.cards[1].explanation.as_deref(), Some("Sửa bởi giáo viên."));

    // Everything dropped: nothing written.
    let env = TestEnv::new();
    let drops = "d\n".repeat(60);
    let out = env.run_in(&["generate", &fixture(SEED), "--review", "--deck-id", "none"], &drops);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.contains("Every card was dropped"), "{}", out.all());
    assert!(!env.home().join("decks/none.toml").exists());
}

#[test]
fn the_words_tell_the_language_before_the_interface_flag() {
    let env = TestEnv::new();
    let out = env.run(&["--lang", "vi", "generate", &fixture("bpo-vs-call-centre.en.md"), "-o", "en.toml"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains("(tiếng Anh)"), "the interface speaks Vietnamese: {}", out.stdout);
    let deck = deck_at(&env.home().join("en.toml"));
    assert_eq!(deck.language, "en");
    assert!(deck.cards.iter().all(|c| !c.explanation.as_deref().unwrap_or_default().contains("Bài viết")));
    // A text too short to tell takes --lang.
    std::fs::write(env.home().join("short.txt"), "Ghi chú\n\nQA stands for quality assurance.\n").expect("write");
    let short = env.run(&["--lang", "en", "generate", "short.txt", "-o", "-"]);
    assert_eq!(short.code, 0, "{}", short.all());
    assert!(
        short.stdout.contains("language = \"en\"") && short.stdout.contains("What does QA stand for?"),
        "{}",
        short.stdout
    );
}

#[test]
fn one_card_is_said_in_the_singular() {
    let env = TestEnv::new();
    std::fs::write(env.home().join("one.md"), "# Một\n\nBPO là viết tắt của Business Process Outsourcing.\n")
        .expect("write");
    let out = env.run(&["--lang", "en", "generate", "one.md", "-o", "one.toml"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert_eq!(deck_at(&env.home().join("one.toml")).cards.len(), 1);
    assert!(out.stdout.starts_with("Drafted 1 card, the best of "), "{}", out.stdout);
}
