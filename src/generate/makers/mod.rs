//! The card makers: one small pure function per kind of structure an
//! article has (comparison tables, definitions, lists, facts with numbers
//! or names, contrasts). Each returns candidates; the ranking pass
//! (`rank.rs`) keeps the best. Shared here: the candidate type, the walk
//! over an article's sentences, and the checks every maker applies so its
//! cards pass the deck linter by construction.

pub(crate) mod contrast;
pub(crate) mod definition;
pub(crate) mod fact;
pub(crate) mod list;
pub(crate) mod table;

use std::collections::HashSet;

use super::article::{Article, Block};
use super::entities::Entities;
use super::phrases::Phrases;
use crate::deck::{Cloze, ClozeSegment, Content};
use crate::i18n::Lang;

/// `crate::text::normalize` without its two NFC passes: the article is
/// made NFC when it is read (`article::tidy`), and so is every text taken
/// from it; this is the hot path of a long article.
pub(crate) fn normalize(s: &str) -> String {
    crate::text::words_lowered(s)
}

/// Which maker made a card (also the order of cards made from one place).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Maker {
    Table,
    Definition,
    List,
    Contrast,
    Fact,
}

impl Maker {
    /// The prefix of the ids of its cards.
    pub(crate) fn id_prefix(self) -> &'static str {
        match self {
            Maker::Table => "table",
            Maker::Definition => "def",
            Maker::List => "list",
            Maker::Contrast => "contrast",
            Maker::Fact => "fact",
        }
    }
}

/// A card a maker proposes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    pub content: Content,
    pub explanation: String,
    /// Index of the section in the article.
    pub section: usize,
    /// Block, and sentence or row, within the section: the card's place.
    pub at: (usize, usize),
    pub maker: Maker,
    /// Higher is better.
    pub score: i32,
    /// Cards that go together (a true/false pair): kept or dropped as one.
    pub group: Option<u32>,
    /// Another card that may stand in for this one (the opposite
    /// true/false statement of a table row), for balancing.
    pub alternative: Option<Box<Candidate>>,
    /// The fact's own words, without the template's: for near-duplicates.
    pub key: String,
}

/// What every maker reads.
pub(crate) struct Context<'a> {
    pub article: &'a Article,
    pub entities: &'a Entities,
    pub phrases: Phrases,
    pub lang: Lang,
    /// Words the article writes in lower case inside sentences: a term
    /// whose first word is among them is not a name.
    pub lower_words: HashSet<String>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(article: &'a Article, entities: &'a Entities, lang: Lang) -> Context<'a> {
        let mut lower_words = HashSet::new();
        for s in sentences(article) {
            for w in s.text.split_whitespace().skip(1) {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                if w.chars().next().is_some_and(char::is_lowercase) {
                    lower_words.insert(w.to_string());
                }
            }
        }
        Context { article, entities, phrases: Phrases(lang), lang, lower_words }
    }

    /// The section's name, for `source` and messages.
    pub(crate) fn section_name(&self, section: usize) -> String {
        self.article.sections.get(section).and_then(|s| s.heading.clone()).unwrap_or_else(|| self.phrases.intro())
    }

    /// A term as it reads inside a question: "Outsourcing" → "outsourcing"
    /// when the article writes that word in lower case elsewhere.
    pub(crate) fn in_sentence(&self, term: &str) -> String {
        let first: String = term.chars().take_while(|c| c.is_alphanumeric()).collect();
        let lower = first.to_lowercase();
        if first != lower && self.lower_words.contains(&lower) {
            super::sentences::lower_first(term)
        } else {
            term.to_string()
        }
    }
}

/// One sentence of the article, with its place.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SentenceRef<'a> {
    pub section: usize,
    pub block: usize,
    /// Index among the block's sentences (list items' sentences counted
    /// in order).
    pub index: usize,
    pub text: &'a str,
    /// The sentence before it in the same paragraph or list item.
    pub previous: Option<&'a str>,
}

/// Every sentence of the article's sections (end matter left out):
/// paragraphs' sentences and the sentences of list items.
pub(crate) fn sentences(article: &Article) -> impl Iterator<Item = SentenceRef<'_>> {
    article.sections.iter().enumerate().filter(|(_, s)| !s.end_matter).flat_map(|(si, s)| {
        s.blocks.iter().enumerate().flat_map(move |(bi, b)| -> Box<dyn Iterator<Item = SentenceRef<'_>> + '_> {
            match b {
                Block::Paragraph(ss) => Box::new(ss.iter().enumerate().map(move |(i, t)| SentenceRef {
                    section: si,
                    block: bi,
                    index: i,
                    text: t,
                    previous: i.checked_sub(1).map(|p| ss[p].as_str()),
                })),
                Block::List { items, .. } => {
                    let mut out = Vec::new();
                    let mut n = 0;
                    for item in items {
                        let mut prev: Option<&str> = None;
                        for s in split_item(item) {
                            out.push(SentenceRef { section: si, block: bi, index: n, text: s, previous: prev });
                            prev = Some(s);
                            n += 1;
                        }
                    }
                    Box::new(out.into_iter())
                }
                Block::Table(_) => Box::new(std::iter::empty()),
            }
        })
    })
}

/// The sentences of a list item, as slices of it.
fn split_item(item: &str) -> Vec<&str> {
    let sentences = super::sentences::split(item);
    let mut out = Vec::new();
    let mut from = 0;
    for s in &sentences {
        if let Some(p) = item[from..].find(s.as_str()) {
            out.push(&item[from + p..from + p + s.len()]);
            from += p + s.len();
        }
    }
    if out.is_empty() && item.chars().any(char::is_alphanumeric) {
        out.push(item);
    }
    out
}

/// Words that make a statement absolute; a true/false card never carries
/// one (the deck linter's list, plus plural and Vietnamese variants).
const ABSOLUTE: &[&str] = &[
    "only",
    "always",
    "never",
    "every",
    "all",
    "none",
    "chỉ",
    "luôn",
    "luôn luôn",
    "không bao giờ",
    "mọi",
    "tất cả",
    "everyone",
    "everything",
    "nothing",
    "nobody",
];

/// Whether a statement uses an absolute word (whole words, any case).
pub(crate) fn has_absolute_word(statement: &str) -> bool {
    let words: Vec<String> =
        statement.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    ABSOLUTE.iter().any(|a| {
        let parts: Vec<&str> = a.split(' ').collect();
        words.windows(parts.len()).any(|w| w.iter().zip(&parts).all(|(x, y)| x == y))
    })
}

/// Whether the right option of a single choice is so much longer than the
/// others that it gives itself away (the deck linter's rule).
pub(crate) fn gives_away(options: &[String], right: usize) -> bool {
    let width = |s: &String| s.chars().count();
    let Some(r) = options.get(right).map(width) else { return true };
    let other = options.iter().enumerate().filter(|(i, _)| *i != right).map(|(_, o)| width(o)).max().unwrap_or(0);
    r * 2 >= other * 3 && r >= other + 15
}

/// Whether `text` holds `answer` as whole words (the linter's test for a
/// typed or cloze answer that its question gives away).
pub(crate) fn contains_words(text: &str, answer: &str) -> bool {
    let a = words_of(answer);
    if a.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return false;
    }
    format!(" {} ", words_of(text)).contains(&format!(" {a} "))
}

fn words_of(s: &str) -> String {
    normalize(s)
}

/// Options in a fixed order that does not put the right ones first: by a
/// hash of their text. Returns the options and the new places of `right`.
pub(crate) fn arrange(options: Vec<String>, right: &[usize]) -> (Vec<String>, Vec<usize>) {
    let mut idx: Vec<usize> = (0..options.len()).collect();
    idx.sort_by_key(|&i| (crate::deck::content_hash(normalize(&options[i]).as_bytes()), i));
    let answers = idx.iter().enumerate().filter(|(_, old)| right.contains(old)).map(|(new, _)| new).collect();
    (idx.into_iter().map(|i| options[i].clone()).collect(), answers)
}

/// A cloze over `text` hiding each of `hidden` (byte ranges, in order,
/// not overlapping), each its own deletion; the deletion at `i` also
/// accepts `accept[i]`. `None` when the text cannot be a cloze (braces in
/// it, or a hidden part that also stands in the rest of the text).
pub(crate) fn cloze(text: &str, hidden: &[(usize, usize)], accept: &[Vec<String>]) -> Option<Content> {
    if text.contains(['{', '}', '\\']) || hidden.is_empty() {
        return None;
    }
    let mut segments = Vec::new();
    let mut at = 0;
    for (n, &(s, e)) in hidden.iter().enumerate() {
        if s < at || e <= s || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return None;
        }
        if s > at {
            segments.push(ClozeSegment::Text(text[at..s].to_string()));
        }
        let shown = text[s..e].trim().to_string();
        if shown.is_empty() || shown.contains(['|', ':']) {
            return None;
        }
        let alternatives: Vec<String> = accept
            .get(n)
            .into_iter()
            .flatten()
            .filter(|a| normalize(a) != normalize(&shown) && !a.contains(['|', ':', '{', '}', '\\']))
            .cloned()
            .collect();
        segments.push(ClozeSegment::Deletion {
            number: u32::try_from(n + 1).ok()?,
            text: shown,
            hint: None,
            alternatives,
        });
        at = e;
    }
    if at < text.len() {
        segments.push(ClozeSegment::Text(text[at..].to_string()));
    }
    let cloze = Cloze { segments };
    // The linter's rule: a hidden part must not stand in the rest.
    for n in cloze.numbers() {
        let rest: String = cloze
            .segments
            .iter()
            .map(|s| match s {
                ClozeSegment::Text(t) => t.clone(),
                ClozeSegment::Deletion { number, text, .. } if *number != n => text.clone(),
                ClozeSegment::Deletion { .. } => " ".to_string(),
            })
            .collect();
        if contains_words(&rest, &cloze.answer(n)) {
            return None;
        }
    }
    Some(Content::Cloze(cloze))
}

/// Words that start a sentence which needs the one before it to be
/// understood (a card cannot stand on it).
const NEEDS_CONTEXT: &[&str] = &[
    "kết quả",
    "as a result",
    "it",
    "this",
    "that",
    "these",
    "those",
    "they",
    "he",
    "she",
    "such",
    "its",
    "their",
    "there",
    "here",
    "thus",
    "also",
    "nó",
    "họ",
    "chúng",
    "đây",
    "đó",
    "điều",
    "những điều",
    "cô",
    "anh",
    "ông",
    "bà",
    "tôi",
    "bạn",
    "ta",
    "người ta",
    "cái",
    "như vậy",
    "vì vậy",
    "do đó",
    "kết quả là",
    "cả hai",
    "both",
];

/// Whether a sentence leans on the one before ("They are paid ...").
pub(crate) fn needs_context(sentence: &str) -> bool {
    // The first words are enough (a long sentence is not lowered whole).
    let head: String = sentence.chars().take(32).collect();
    let lower = normalize(&head);
    NEEDS_CONTEXT.iter().any(|w| lower.strip_prefix(w).is_some_and(|rest| rest.is_empty() || rest.starts_with(' ')))
}

/// Card text is short: no question, statement or option longer than this.
pub(crate) const MAX_TEXT: usize = 240;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_words_are_whole_words() {
        assert!(has_absolute_word("BPO is always cheaper"));
        assert!(has_absolute_word("Tổng đài chỉ xử lý cuộc gọi"));
        assert!(has_absolute_word("Không bao giờ"));
        assert!(!has_absolute_word("Callers are overall happy"));
    }

    #[test]
    fn a_long_right_option_gives_itself_away() {
        let o = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(gives_away(&o(&["BPO", "Trung tâm cuộc gọi"]), 1));
        assert!(!gives_away(&o(&["BPO", "Trung tâm cuộc gọi"]), 0));
        assert!(!gives_away(&o(&["Call centre", "BPO"]), 0));
    }

    #[test]
    fn clozes_refuse_braces_and_repeated_answers() {
        let t = "BPO có 2 loại: ngang và dọc.";
        let c = cloze(t, &[(8, 9)], &[]).expect("a cloze");
        match c {
            Content::Cloze(c) => assert_eq!(c.prompt(1), "BPO có [...] loại: ngang và dọc."),
            _ => unreachable!(),
        }
        assert_eq!(cloze("a {b} c", &[(0, 1)], &[]), None);
        assert_eq!(cloze("BPO and BPO", &[(0, 3)], &[]), None, "the answer stands in the rest");
    }

    #[test]
    fn options_are_arranged_by_their_text() {
        let (opts, right) = arrange(vec!["a".into(), "b".into(), "c".into()], &[0]);
        assert_eq!(opts[right[0]], "a");
        let (again, _) = arrange(vec!["c".into(), "a".into(), "b".into()], &[1]);
        assert_eq!(opts, again, "the order depends on the texts only");
    }

    #[test]
    fn sentences_that_lean_on_the_one_before() {
        assert!(needs_context("They are paid per call."));
        assert!(needs_context("Họ được trả tiền."));
        assert!(!needs_context("Theo bài viết, BPO là một ngành."));
    }
}
