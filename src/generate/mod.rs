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
    /// The article's language, when the author gives it.
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
    /// Sections the article has (its end matter left out) and how many of
    /// them have a card.
    pub sections: usize,
    pub covered: usize,
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
    let lang = req.lang.or_else(|| article::detect_language(&article)).ok_or(Problem::Language)?;
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
    let mut names: Vec<&str> = deck.cards.iter().filter_map(|c| c.source.as_deref()).collect();
    names.sort_unstable();
    names.dedup();
    Ok(Draft { covered: names.len(), deck, toml, lang, words, sections, candidates: count })
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
            cards: cards.clone(),
            origin: Origin::Generated,
        };
        let toml = write(&deck, &header);
        let parsed = parse_str(&toml, Origin::Generated, "generated.toml");
        let Some(parsed_deck) = parsed.deck.clone() else {
            // A deck-wide error (a bad id or name): nothing to drop.
            return (Deck { cards: Vec::new(), ..deck }, toml);
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
        cards: Vec::new(),
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
