//! A parsed article: a title, then sections (a heading and its blocks:
//! paragraphs split into sentences, lists, tables). The three readers
//! (plain text, Markdown, HTML) produce [`Raw`] blocks; [`assemble`] turns
//! them into sections the same way for all three.

use unicode_normalization::UnicodeNormalization;

use super::sentences;
use crate::i18n::Lang;

/// One block as a reader found it, before sections are formed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw {
    /// A heading; `level` 1 is the title level.
    Heading {
        text: String,
        level: u8,
    },
    Paragraph(String),
    List {
        items: Vec<String>,
        ordered: bool,
    },
    /// Rows of cells; the first row is the header.
    Table(Vec<Vec<String>>),
}

/// The parsed article.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Article {
    pub title: Option<String>,
    pub sections: Vec<Section>,
}

/// A heading and what follows it up to the next heading.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    /// `None` for the text before the first heading.
    pub heading: Option<String>,
    pub blocks: Vec<Block>,
    /// Author notes, share requests, comments, references: no cards.
    pub end_matter: bool,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Paragraph(Vec<String>),
    List { items: Vec<String>, ordered: bool },
    Table(Table),
}

/// A table: a header row and body rows of the same width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Headings of the parts of a web page that are not the article, compared
/// after folding (lower case, no marks, no final punctuation).
const END_MATTER: &[&str] = &[
    "about the author",
    "author",
    "a request",
    "share",
    "share this",
    "share this article",
    "references",
    "sources",
    "further reading",
    "related posts",
    "related articles",
    "you may also like",
    "comments",
    "leave a comment",
    "leave a reply",
    "table of contents",
    "ve tac gia",
    "tac gia",
    "mot yeu cau",
    "chia se",
    "chia se bai viet",
    "tai lieu tham khao",
    "nguon",
    "nguon tham khao",
    "bai viet lien quan",
    "co the ban quan tam",
    "binh luan",
    "de lai binh luan",
    "muc luc",
];

/// Whether a heading names a part of a page that is not the article.
pub(crate) fn is_end_matter(heading: &str) -> bool {
    let f = crate::text::fold(heading);
    END_MATTER.contains(&f.as_str())
}

/// NFC, no control characters but line breaks and tabs, no spaces at the ends.
pub(crate) fn tidy(s: &str) -> String {
    let s: String = if unicode_normalization::is_nfc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    };
    s.chars()
        .map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
            c => c,
        })
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .filter(
            |c| !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'),
        )
        .collect::<String>()
        .trim()
        .to_string()
}

/// One line: whitespace runs as one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sections from raw blocks. The first heading is the title when nothing
/// but blank text comes before it (and, from Markdown and HTML, when it is
/// the only one of the top level). Consecutive sections with the same
/// heading are one (pages repeat a heading above a picture); empty sections
/// go.
pub(crate) fn assemble(raw: Vec<Raw>, title_from_first: bool) -> Article {
    let mut title = None;
    let mut sections: Vec<Section> = vec![Section { heading: None, blocks: Vec::new(), end_matter: false }];
    let mut first = true;
    for block in raw {
        match block {
            Raw::Heading { text, .. } if first && title_from_first => {
                let t = one_line(&text);
                if !t.is_empty() {
                    title = Some(t);
                }
            }
            Raw::Heading { text, .. } => {
                let text = one_line(&text);
                if text.is_empty() {
                    continue;
                }
                let same = sections
                    .last()
                    .and_then(|s| s.heading.as_deref())
                    .is_some_and(|h| crate::text::normalize(h) == crate::text::normalize(&text));
                if !same {
                    let end_matter = is_end_matter(&text);
                    sections.push(Section { heading: Some(text), blocks: Vec::new(), end_matter });
                }
            }
            Raw::Paragraph(p) => {
                let sentences = sentences::split(&p);
                if !sentences.is_empty()
                    && let Some(s) = sections.last_mut()
                {
                    s.blocks.push(Block::Paragraph(sentences));
                }
            }
            Raw::List { items, ordered } => {
                let items: Vec<String> = items.iter().map(|i| one_line(i)).filter(|i| !i.is_empty()).collect();
                if !items.is_empty()
                    && let Some(s) = sections.last_mut()
                {
                    s.blocks.push(Block::List { items, ordered });
                }
            }
            Raw::Table(rows) => {
                if let Some(t) = table(rows)
                    && let Some(s) = sections.last_mut()
                {
                    s.blocks.push(Block::Table(t));
                }
            }
        }
        first = false;
    }
    sections.retain(|s| !s.blocks.is_empty());
    // A section of links only (a list of sources under any heading) is
    // not the article.
    for s in &mut sections {
        let links_only = s.blocks.iter().all(|b| match b {
            Block::List { items, .. } => items.iter().all(|i| i.contains("://")),
            Block::Paragraph(ss) => ss.iter().all(|x| x.contains("://")),
            Block::Table(_) => false,
        });
        s.end_matter |= links_only;
    }
    Article { title, sections }
}

/// A table from rows: cells tidied, rows padded to the header's width; a
/// table needs a header of two cells or more and at least one body row.
fn table(rows: Vec<Vec<String>>) -> Option<Table> {
    let mut rows = rows.into_iter().map(|r| r.iter().map(|c| one_line(c)).collect::<Vec<_>>());
    let header = rows.next()?;
    if header.len() < 2 {
        return None;
    }
    let body: Vec<Vec<String>> = rows
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .map(|mut r| {
            r.resize(header.len(), String::new());
            r
        })
        .collect();
    (!body.is_empty()).then_some(Table { header, rows: body })
}

impl Article {
    /// Words in the article's sections (end matter excluded): the base of
    /// the card budget.
    pub(crate) fn words(&self) -> usize {
        self.sections.iter().filter(|s| !s.end_matter).flat_map(|s| &s.blocks).map(Block::words).sum()
    }

    /// Every text of the article, for telling its language.
    pub(crate) fn texts(&self) -> impl Iterator<Item = &str> {
        self.title.iter().map(String::as_str).chain(self.sections.iter().flat_map(|s| {
            s.heading.iter().map(String::as_str).chain(s.blocks.iter().flat_map(
                |b| -> Box<dyn Iterator<Item = &str>> {
                    match b {
                        Block::Paragraph(ss) => Box::new(ss.iter().map(String::as_str)),
                        Block::List { items, .. } => Box::new(items.iter().map(String::as_str)),
                        Block::Table(t) => Box::new(t.header.iter().chain(t.rows.iter().flatten()).map(String::as_str)),
                    }
                },
            ))
        }))
    }
}

impl Block {
    fn words(&self) -> usize {
        match self {
            Block::Paragraph(ss) => ss.iter().map(|s| sentences::word_count(s)).sum(),
            Block::List { items, .. } => items.iter().map(|s| sentences::word_count(s)).sum(),
            Block::Table(t) => t.header.iter().chain(t.rows.iter().flatten()).map(|s| sentences::word_count(s)).sum(),
        }
    }
}

/// The article's language by a documented rule: Vietnamese when a fifth of
/// its words carry a letter only Vietnamese uses (ă â đ ê ô ơ ư, or a vowel
/// with a dot below or a hook above), English when a tenth of its words are
/// the commonest English words; otherwise unknown.
pub(crate) fn detect_language(article: &Article) -> Option<Lang> {
    let words = article.texts().flat_map(str::split_whitespace).take(20_000);
    match crate::text::detect_language(words) {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_merge_repeated_headings_and_mark_end_matter() {
        let raw = vec![
            Raw::Heading { text: "BPO vs Call Center".into(), level: 1 },
            Raw::Paragraph("Mở đầu. Hai loại.".into()),
            Raw::Heading { text: "BPO so với tổng đài".into(), level: 2 },
            Raw::Paragraph("Một.".into()),
            Raw::Heading { text: "BPO so với Tổng đài".into(), level: 2 },
            Raw::Paragraph("Hai.".into()),
            Raw::Heading { text: "Empty".into(), level: 2 },
            Raw::Heading { text: "Về tác giả".into(), level: 2 },
            Raw::Paragraph("Cô ấy viết blog.".into()),
        ];
        let a = assemble(raw, true);
        assert_eq!(a.title.as_deref(), Some("BPO vs Call Center"));
        let headings: Vec<Option<&str>> = a.sections.iter().map(|s| s.heading.as_deref()).collect();
        assert_eq!(headings, vec![None, Some("BPO so với tổng đài"), Some("Về tác giả")]);
        assert_eq!(a.sections[1].blocks.len(), 2);
        assert!(a.sections[2].end_matter && !a.sections[1].end_matter);
        assert_eq!(a.words(), 6, "end matter is not counted");
    }

    #[test]
    fn tables_need_a_header_and_a_row() {
        assert_eq!(table(vec![vec!["a".into(), "b".into()]]), None);
        let t = table(vec![vec!["a".into(), "b".into()], vec!["1".into()]]).expect("a table");
        assert_eq!(t.rows, vec![vec!["1".to_string(), String::new()]]);
    }

    #[test]
    fn language_by_letters_and_common_words() {
        let vi = assemble(vec![Raw::Paragraph("Tổng đài xử lý các cuộc gọi của khách hàng mỗi ngày.".into())], false);
        assert_eq!(detect_language(&vi), Some(Lang::Vi));
        let en = assemble(
            vec![Raw::Paragraph(
                "A call centre is a place where the agents of a company answer the calls of its customers and make calls to them.".into(),
            )],
            false,
        );
        assert_eq!(detect_language(&en), Some(Lang::En));
        let de = assemble(vec![Raw::Paragraph("Der Hund schläft unter dem Baum im Garten.".into())], false);
        assert_eq!(detect_language(&de), None);
    }

    #[test]
    fn tidy_makes_nfc_and_drops_controls() {
        let nfd = "Ha\u{0300} No\u{0302}\u{0323}i\u{200b}\u{7}";
        assert_eq!(tidy(nfd), "Hà Nội");
    }
}
