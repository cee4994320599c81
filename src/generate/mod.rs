//! `learn generate`: a draft deck from an article, offline. Pure: the
//! command reads the file and writes the deck; everything between — reading
//! plain text, Markdown or HTML into an [`article::Article`], telling its
//! language, running the card makers, ranking their candidates, building a
//! deck that passes `learn check` and `learn check --lint` — happens here
//! over strings in memory, the same way every time (no clock, no disk, no
//! randomness).

pub(crate) mod article;
pub(crate) mod entities;
pub(crate) mod makers;
pub(crate) mod phrases;
pub(crate) mod rank;
pub(crate) mod read_html;
pub(crate) mod read_markdown;
pub(crate) mod read_text;
pub(crate) mod sentences;

use article::Article;
use entities::Entities;
use makers::{Candidate, Context};

use crate::deck::{Card, CardId, Deck, DeckId, Origin, Severity, parse_str, write};
use crate::i18n::{Lang, Text, text};

/// How the article is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    /// By the file's extension, else by its first characters: a page starts
    /// with `<!doctype` or `<html` (or holds `<p>`/`<h1>` tags), Markdown has
    /// `#` headings or `|` tables; anything else is plain text.
    pub(crate) fn detect(file_name: &str, text: &str) -> Format {
        let lower = file_name.to_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        match ext {
            "md" | "markdown" | "mdown" | "mkd" => return Format::Markdown,
            "html" | "htm" | "xhtml" => return Format::Html,
            "txt" | "text" => return Format::Text,
            _ => {}
        }
        let head: String = text.trim_start().chars().take(2000).collect::<String>().to_lowercase();
        if head.starts_with("<!doctype") || head.starts_with("<html") || head.contains("<p>") || head.contains("<h1") {
            return Format::Html;
        }
        if text.lines().take(200).any(|l| l.starts_with("# ") || l.starts_with("## ")) {
            return Format::Markdown;
        }
        Format::Text
    }

    /// From `--format`.
    pub(crate) fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" | "txt" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

/// What to make a deck from.
#[derive(Debug, Clone)]
pub(crate) struct Request<'a> {
    pub text: &'a str,
    pub format: Format,
    /// The article's language when its words do not tell (`--lang`).
    pub lang: Option<Lang>,
    pub deck_id: String,
    /// The deck's name; else the article's title, else the file's name.
    pub name: Option<String>,
    /// The file's name, for `[deck] source` and the description.
    pub file_name: String,
}

/// Why no deck could be made; each says what to do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Problem {
    /// No words at all.
    Empty,
    /// Neither Vietnamese nor English by the rule, and no `--lang`.
    Language,
    /// Words, but nothing a card can rest on.
    NoCards { words: usize },
}

impl Problem {
    pub(crate) fn message(&self) -> Text {
        match self {
            Problem::Empty => text!("the file has no text to make cards from"),
            Problem::Language => text!(
                "could not tell whether the article is in Vietnamese or English; say which with --lang vi or --lang en"
            ),
            Problem::NoCards { words } => text!(
                "no card could be made from its {words} words: the makers look for comparison tables, definitions, lists under headings, facts with numbers or names, and contrasts (see docs/generate.md)",
                words = *words
            ),
        }
    }
}

/// A draft deck and how it was made.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub deck: Deck,
    /// The deck as TOML, as it is written.
    pub toml: String,
    pub lang: Lang,
    pub words: usize,
    /// Sections the article has (its end matter left out).
    pub sections: usize,
    /// Candidates the makers proposed, before ranking.
    pub candidates: usize,
}

/// The article in a text, read by its format.
pub(crate) fn read(text: &str, format: Format) -> Article {
    let text = article::tidy(text);
    match format {
        Format::Text => article::assemble(read_text::read(&text), true),
        Format::Markdown => article::assemble(read_markdown::read(&text), true),
        Format::Html => {
            let (raw, title_first) = read_html::read(&text);
            article::assemble(raw, title_first)
        }
    }
}

/// Every candidate the makers propose for an article.
pub(crate) fn candidates(article: &Article, lang: Lang) -> Vec<Candidate> {
    let entities = Entities::of(article, lang);
    let cx = Context::new(article, &entities, lang);
    let mut out = Vec::new();
    out.extend(makers::table::cards(&cx));
    out.extend(makers::definition::cards(&cx));
    out.extend(makers::list::cards(&cx));
    out.extend(makers::contrast::cards(&cx));
    out.extend(makers::fact::cards(&cx));
    out
}

/// Makes the draft deck.
pub(crate) fn generate(req: &Request<'_>) -> Result<Draft, Problem> {
    let article = read(req.text, req.format);
    let words = article.words();
    if words == 0 {
        return Err(Problem::Empty);
    }
    // What the words say wins: `--lang` is also the interface's language,
    // and an English article drafted with Vietnamese templates because the
    // author reads menus in Vietnamese would be a broken deck.
    let lang = article::detect_language(&article).or(req.lang).ok_or(Problem::Language)?;
    let all = candidates(&article, lang);
    let count = all.len();
    let kept = rank::rank(all, words);
    let cx_entities = Entities::default();
    let cx = Context::new(&article, &cx_entities, lang);
    let (deck, toml) = build(req, &article, &cx, lang, kept);
    if deck.cards.is_empty() {
        return Err(Problem::NoCards { words });
    }
    let sections = article.sections.iter().filter(|s| !s.end_matter).count();
    Ok(Draft { deck, toml, lang, words, sections, candidates: count })
}

/// A tag for a section: its heading folded to lower-case ASCII words
/// joined by `-`, at most six words.
pub(crate) fn section_tag(name: &str) -> String {
    let folded = crate::text::fold(name);
    let words: Vec<String> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(str::to_string)
        .collect();
    if words.is_empty() { "section".to_string() } else { words.join("-") }
}

/// The deck from the kept candidates: ids by maker, tags and `source` by
/// section; then written, parsed back and linted — a card the checker or
/// the linter finds fault with is left out, and a true/false balance
/// outside what the linter accepts is evened out, until the deck is clean.
fn build(req: &Request<'_>, article: &Article, cx: &Context<'_>, lang: Lang, kept: Vec<Candidate>) -> (Deck, String) {
    let mut counters = std::collections::HashMap::new();
    let mut cards: Vec<Card> = kept
        .into_iter()
        .map(|c| {
            let n = counters.entry(c.maker).or_insert(0u32);
            *n += 1;
            let section = cx.section_name(c.section);
            Card {
                id: CardId::new(format!("{}-{:02}", c.maker.id_prefix(), n)),
                content: c.content,
                explanation: Some(c.explanation),
                tags: vec![section_tag(&section)],
                source: Some(section),
                line: 0,
            }
        })
        .collect();
    let name = req
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| article.title.clone())
        .unwrap_or_else(|| req.file_name.clone());
    let header = vec![format!(
        "Drafted by `learn generate` from `{}`: read every card before studying.",
        crate::text::neutralize(&req.file_name)
    )];
    for _ in 0..20 {
        let sections = {
            let mut s: Vec<&str> = cards.iter().filter_map(|c| c.source.as_deref()).collect();
            s.sort_unstable();
            s.dedup();
            s.len()
        };
        let deck = Deck {
            id: DeckId::new(req.deck_id.clone()),
            name: name.clone(),
            language: lang_code(lang).to_string(),
            description: Some(phrases::Phrases(lang).description(&req.file_name, cards.len(), sections)),
            source: Some(req.file_name.clone()),
            progress: None,
            strict_marks: false,
            cards: cards.clone().into(),
            origin: Origin::Generated,
        };
        let toml = write(&deck, &header);
        let parsed = parse_str(&toml, Origin::Generated, "generated.toml");
        let Some(parsed_deck) = parsed.deck.clone() else {
            // A deck-wide error (a bad id or name): nothing to drop.
            return (Deck { cards: Vec::new().into(), ..deck }, toml);
        };
        let mut faulty: Vec<String> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error || d.severity == Severity::Warning)
            .filter_map(|d| d.card.clone())
            .collect();
        let lint = crate::lint::lint(&parsed_deck, "generated.toml", Some(&toml));
        let mut unbalanced = false;
        for d in &lint {
            match &d.card {
                Some(c) => faulty.push(c.clone()),
                None => unbalanced = true,
            }
        }
        if faulty.is_empty() && !unbalanced {
            return (parsed_deck, toml);
        }
        if faulty.is_empty() {
            // Drop the last true/false card of the majority answer.
            let trues = cards
                .iter()
                .filter(|c| matches!(c.content, crate::deck::Content::TrueFalse { answer: true, .. }))
                .count();
            let falses = cards
                .iter()
                .filter(|c| matches!(c.content, crate::deck::Content::TrueFalse { answer: false, .. }))
                .count();
            let majority = trues > falses;
            if let Some(i) = cards.iter().rposition(
                |c| matches!(c.content, crate::deck::Content::TrueFalse { answer, .. } if answer == majority),
            ) {
                cards.remove(i);
            } else {
                return (parsed_deck, toml);
            }
        } else {
            cards.retain(|c| !faulty.iter().any(|f| f == c.id.as_str()));
        }
    }
    let deck = Deck {
        id: DeckId::new(req.deck_id.clone()),
        name,
        language: lang_code(lang).to_string(),
        description: None,
        source: Some(req.file_name.clone()),
        progress: None,
        strict_marks: false,
        cards: Vec::new().into(),
        origin: Origin::Generated,
    };
    let toml = write(&deck, &header);
    (deck, toml)
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use makers::Maker;

    const SEED: &str = include_str!("../../tests/fixtures/generate/bpo-vs-call-center.vi.txt");
    const EN: &str = include_str!("../../tests/fixtures/generate/bpo-vs-call-centre.en.md");
    const HTML: &str = include_str!("../../tests/fixtures/generate/call-centre-page.vi.html");

    fn request(text: &str, format: Format) -> Request<'_> {
        Request { text, format, lang: None, deck_id: "draft".into(), name: None, file_name: "article.txt".into() }
    }

    fn makers_of(text: &str, format: Format, lang: Lang) -> Vec<Maker> {
        let mut m: Vec<Maker> = candidates(&read(text, format), lang).iter().map(|c| c.maker).collect();
        m.sort_unstable();
        m.dedup();
        m
    }

    /// The deck passes the checker and the linter without a word.
    fn assert_clean(draft: &Draft) {
        let parsed = parse_str(&draft.toml, Origin::Generated, "d.toml");
        assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
        let deck = parsed.deck.expect("a deck");
        assert_eq!(deck, draft.deck, "the deck round-trips through the parser");
        let lint = crate::lint::lint(&deck, "d.toml", Some(&draft.toml));
        assert!(lint.is_empty(), "{:#?}", lint.iter().map(|d| d.message.en()).collect::<Vec<_>>());
    }

    #[test]
    fn every_maker_finds_its_structure_in_both_languages() {
        let all = vec![Maker::Table, Maker::Definition, Maker::List, Maker::Contrast, Maker::Fact];
        assert_eq!(makers_of(EN, Format::Markdown, Lang::En), all, "the English article");
        assert_eq!(makers_of(HTML, Format::Html, Lang::Vi), all, "the saved Vietnamese page");
        assert_eq!(makers_of(SEED, Format::Text, Lang::Vi), all, "the seed article");
    }

    #[test]
    fn the_seed_article_gives_a_clean_deck_over_every_section() {
        let draft = generate(&request(SEED, Format::Text)).expect("a deck");
        assert_eq!(draft.lang, Lang::Vi);
        assert!(draft.deck.cards.len() >= 30, "{} cards", draft.deck.cards.len());
        let mut covered: Vec<&str> = draft.deck.cards.iter().filter_map(|c| c.source.as_deref()).collect();
        covered.sort_unstable();
        covered.dedup();
        assert_eq!(covered.len(), draft.sections, "every section has a card");
        assert_clean(&draft);
        for card in &draft.deck.cards {
            assert!(card.source.is_some() && card.explanation.as_deref().is_some_and(|e| e.contains('“')));
            assert_eq!(card.tags.len(), 1);
        }
    }

    #[test]
    fn the_same_article_gives_the_same_deck() {
        let a = generate(&request(SEED, Format::Text)).expect("a deck");
        let b = generate(&request(SEED, Format::Text)).expect("a deck");
        assert_eq!(a.toml, b.toml);
        let e = generate(&request(EN, Format::Markdown)).expect("a deck");
        assert_eq!(e.lang, Lang::En);
        assert_clean(&e);
        let h = generate(&request(HTML, Format::Html)).expect("a deck");
        assert_clean(&h);
        assert_eq!(h.deck.name, "Tổng đài và BPO khác nhau thế nào?");
        assert!(
            !h.toml.contains("trò chơi") && !h.toml.contains("Trang chủ"),
            "scripts and navigation are not the article"
        );
    }

    #[test]
    fn vietnamese_text_stays_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = SEED.nfd().collect();
        let draft = generate(&request(&nfd, Format::Text)).expect("a deck");
        let nfc = generate(&request(SEED, Format::Text)).expect("a deck");
        assert_eq!(draft.toml, nfc.toml);
        assert!(unicode_normalization::is_nfc(&draft.toml));
    }

    #[test]
    fn formats_by_name_and_content() {
        assert_eq!(Format::detect("a.md", ""), Format::Markdown);
        assert_eq!(Format::detect("page.HTM", ""), Format::Html);
        assert_eq!(Format::detect("saved", "<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::detect("notes", "# Title\n\ntext"), Format::Markdown);
        assert_eq!(Format::detect("notes", "Title\n\ntext"), Format::Text);
    }

    #[test]
    fn clear_errors_for_nothing_to_make() {
        assert_eq!(generate(&request(" \n\t\n", Format::Text)).err(), Some(Problem::Empty));
        let de = "Der Hund schläft unter dem Baum im Garten. Die Katze sitzt auf dem Dach.";
        assert_eq!(generate(&request(de, Format::Text)).err(), Some(Problem::Language));
        // Told it is English, it still finds nothing to ask.
        let de = "der hund schläft unter dem baum im garten. die katze sitzt auf dem dach.";
        let mut forced = request(de, Format::Text);
        forced.lang = Some(Lang::En);
        assert!(matches!(generate(&forced).err(), Some(Problem::NoCards { .. })));
        for p in [Problem::Empty, Problem::Language, Problem::NoCards { words: 3 }] {
            assert!(!p.message().en().is_empty());
        }
    }

    #[test]
    fn section_tags_are_ascii_words() {
        assert_eq!(section_tag("BPO là gì?"), "bpo-la-gi");
        assert_eq!(section_tag("Sự khác biệt chính giữa BPO và Call Center"), "su-khac-biet-chinh-giua-bpo");
        assert_eq!(section_tag("???"), "section");
    }

    /// Article-like text: headings, sentences with "là"/"is", lists,
    /// tables, numbers, contrasts, in both languages, shuffled.
    fn article_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("BPO vs Call Centre".to_string()),
            Just("BPO so với Tổng đài".to_string()),
            Just("BPO là viết tắt của Gia công quy trình kinh doanh.".to_string()),
            Just("A call centre is a place where agents answer calls.".to_string()),
            Just("BPO handles many tasks, whereas a call centre handles calls.".to_string()),
            Just("Ngược lại, tổng đài ở một nơi.".to_string()),
            Just("The advantages of BPO include low costs, experts and flexible staff.".to_string()),
            Just("Ưu điểm của tổng đài bao gồm trả lời nhanh và phản hồi trực tiếp.".to_string()),
            Just(
                "| Tiêu chí | BPO | Tổng đài |\n|---|---|---|\n| Ca | Ngày | Đêm |\n| Đo | Hồ sơ | Cuộc gọi |"
                    .to_string()
            ),
            Just("- one\n- two\n- three".to_string()),
            Just("It opened in 1998 with 3.5% of 1,200 calls.".to_string()),
            Just("<p>Tổng đài là một bộ phận.</p><table><tr><td>a</td></tr></table>".to_string()),
            "[a-zA-Zàáạảãâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễ .,;:!?()|#*\\-{}\\[\\]“”0-9\n]{0,80}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.join("\n\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        /// Any text: a clean deck or a clear error, never a panic.
        #[test]
        fn any_text_gives_a_clean_deck_or_a_clear_error(text in article_text(), format in 0usize..3) {
            let format = [Format::Text, Format::Markdown, Format::Html][format];
            match generate(&request(&text, format)) {
                Ok(draft) => assert_clean(&draft),
                Err(p) => prop_assert!(!p.message().en().is_empty()),
            }
        }

        #[test]
        fn arbitrary_characters_never_panic(text in "\\PC{0,400}", lang in proptest::option::of(prop_oneof![Just(Lang::Vi), Just(Lang::En)])) {
            for format in [Format::Text, Format::Markdown, Format::Html] {
                let mut r = request(&text, format);
                r.lang = lang;
                if let Ok(draft) = generate(&r) {
                    assert_clean(&draft);
                }
            }
        }
    }
}
