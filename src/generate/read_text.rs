//! Plain text, as saved or copied from a web page: paragraphs separated by
//! blank lines (or one per line), headings as short lines without a final
//! full stop, lists as lines starting with `-`, `*`, `•` or `1.`, tables as
//! lines of tab-separated cells, `|`-separated cells, or — what copying a
//! web page's table gives — cells glued together ("Hoạt động tiến
//! hànhNhân sự, kế toán, v.v.Thực hiện ..."), told apart where a lower-case
//! letter or a full stop runs straight into a capital.

use super::article::Raw;

/// The longest line taken for a heading, in characters, and in words.
const HEADING_CHARS: usize = 90;
const HEADING_WORDS: usize = 14;

#[derive(Debug, Clone, PartialEq)]
enum Line<'a> {
    Blank,
    Item { text: &'a str, ordered: bool, indent: usize },
    Text { text: &'a str, indent: usize },
}

fn classify(line: &str) -> Line<'_> {
    let trimmed = line.trim_start();
    if trimmed.trim().is_empty() {
        return Line::Blank;
    }
    let indent = line.len() - trimmed.len();
    if let Some((text, ordered)) = list_marker(trimmed) {
        return Line::Item { text: text.trim(), ordered, indent };
    }
    Line::Text { text: trimmed.trim_end(), indent }
}

/// The item text after a list marker: `- `, `* `, `• `, `+ `, `– `, `1. `,
/// `1) `, `a) `.
pub(crate) fn list_marker(s: &str) -> Option<(&str, bool)> {
    for m in ["- ", "* ", "• ", "+ ", "– ", "· ", "▪ ", "◦ "] {
        if let Some(rest) = s.strip_prefix(m) {
            return Some((rest, false));
        }
    }
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &s[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((r, true));
        }
    }
    let mut chars = s.chars();
    if let (Some(a), Some(')'), Some(' ')) = (chars.next(), chars.next(), chars.next())
        && a.is_ascii_lowercase()
    {
        return Some((&s[3..], true));
    }
    None
}

/// Reads plain text into raw blocks.
pub(crate) fn read(text: &str) -> Vec<Raw> {
    let lines: Vec<Line<'_>> = text.lines().map(classify).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match &lines[i] {
            Line::Blank => i += 1,
            Line::Item { ordered, .. } => {
                let ordered = *ordered;
                let mut items: Vec<String> = Vec::new();
                while i < lines.len() {
                    match &lines[i] {
                        Line::Item { text, .. } => items.push((*text).to_string()),
                        // An indented line continues the item above it.
                        Line::Text { text, indent } if *indent >= 2 && !items.is_empty() => {
                            if let Some(last) = items.last_mut() {
                                last.push(' ');
                                last.push_str(text);
                            }
                        }
                        _ => break,
                    }
                    i += 1;
                }
                out.push(Raw::List { items, ordered });
            }
            Line::Text { .. } => {
                let start = i;
                while i < lines.len() && matches!(lines[i], Line::Text { .. }) {
                    i += 1;
                }
                let texts: Vec<&str> = lines[start..i]
                    .iter()
                    .filter_map(|l| match l {
                        Line::Text { text, .. } => Some(*text),
                        _ => None,
                    })
                    .collect();
                text_block(&texts, i < lines.len(), &mut out);
            }
        }
    }
    out
}

/// A run of text lines: a table, or paragraphs and headings.
fn text_block(texts: &[&str], more_follows: bool, out: &mut Vec<Raw>) {
    if let Some(rows) = table(texts) {
        out.push(Raw::Table(rows));
        return;
    }
    let mut para: Vec<&str> = Vec::new();
    // Whether the line before ended a sentence or was a heading.
    let mut boundary = true;
    for (n, t) in texts.iter().enumerate() {
        let last_of_all = n + 1 == texts.len() && !more_follows;
        // A line of its own that reads as a title: short, no final full
        // stop, after the end of a sentence, not wrapped onto the next
        // line; the last line of the text is never a heading (nothing
        // follows it).
        let wrapped = texts.get(n + 1).is_some_and(|next| continues(t, next));
        if boundary && !last_of_all && !wrapped && heading_like(t) {
            if !para.is_empty() {
                out.push(Raw::Paragraph(para.join(" ")));
                para.clear();
            }
            out.push(Raw::Heading { text: (*t).to_string(), level: 2 });
            boundary = true;
        } else {
            para.push(t);
            boundary = ends_sentence(t);
        }
    }
    if !para.is_empty() {
        out.push(Raw::Paragraph(para.join(" ")));
    }
}

/// Whether a line looks like a heading.
pub(crate) fn heading_like(t: &str) -> bool {
    let t = t.trim();
    let words = t.split_whitespace().count();
    t.chars().count() <= HEADING_CHARS
        && (1..=HEADING_WORDS).contains(&words)
        && !t.ends_with(['.', ',', ';', ':', '!', '…', '-', '–'])
        && t.chars().next().is_some_and(char::is_alphanumeric)
        && !t.contains("://")
        && !t.split_whitespace().last().is_some_and(|w| OPEN_ENDED.contains(&w.to_lowercase().as_str()))
}

/// Words a heading does not end with (a wrapped line often does).
const OPEN_ENDED: &[&str] = &[
    "and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "by", "as", "at", "on", "from", "that", "is",
    "are", "và", "hoặc", "của", "các", "những", "một", "cho", "với", "để", "trong", "là", "được", "bởi", "từ", "khi",
];

fn ends_sentence(t: &str) -> bool {
    t.trim_end().ends_with(['.', '!', '?', '…', ':', '"', '”', ')'])
}

/// Whether `next` continues the sentence of a wrapped line `t`: `t` is
/// long (near a wrapping width), or fairly long and `next` starts in
/// lower case.
fn continues(t: &str, next: &str) -> bool {
    let n = t.chars().count();
    n > 60 || n >= 40 && next.chars().next().is_some_and(char::is_lowercase)
}

/// Lines that are the rows of a table: every line has the same number (two
/// or more) of tab- or `|`-separated cells, or of glued cells; three rows
/// at least (a header and two), and the header's cells are short.
fn table(texts: &[&str]) -> Option<Vec<Vec<String>>> {
    if texts.len() < 3 {
        return None;
    }
    let splitters: [fn(&str) -> Vec<String>; 3] = [split_tabs, split_pipes, split_glued];
    for split in splitters {
        let rows: Vec<Vec<String>> = texts.iter().map(|t| split(t)).collect();
        let width = rows[0].len();
        if width >= 2
            && rows.iter().all(|r| r.len() == width)
            && rows[0].iter().all(|c| c.split_whitespace().count() <= 8)
        {
            return Some(rows);
        }
    }
    None
}

fn split_tabs(t: &str) -> Vec<String> {
    if !t.contains('\t') {
        return vec![t.to_string()];
    }
    t.split('\t').map(|c| c.trim().to_string()).collect()
}

fn split_pipes(t: &str) -> Vec<String> {
    let t = t.trim();
    if !t.starts_with('|') {
        return vec![t.to_string()];
    }
    let inner = t.trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// Cells glued by a copy of a web page's table: a cut where a lower-case
/// letter, a digit or a closing full stop runs into a capital, or where
/// an acronym runs into a capitalised word ("BPOTrung" → "BPO", "Trung").
pub(crate) fn split_glued(t: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let mut cuts = Vec::new();
    for w in 1..chars.len() {
        let (a, b) = (chars[w - 1].1, chars[w].1);
        if !b.is_uppercase() {
            continue;
        }
        let glued = a.is_lowercase()
            || a == '.' && w >= 2 && chars[w - 2].1.is_alphabetic()
            || a.is_uppercase() && chars.get(w + 1).is_some_and(|(_, c)| c.is_lowercase()) && {
                // Two capitals or more before: an acronym ends here.
                w >= 2 && chars[w - 2].1.is_uppercase()
            };
        if glued {
            cuts.push(chars[w].0);
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        out.push(t[start..c].trim().to_string());
        start = c;
    }
    out.push(t[start..].trim().to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_lists() {
        let text = "BPO vs Call Center: so sánh\n\nMở đầu ngắn. Câu hai.\n\nCác nội dung chính\n\n  1. Một ý.\n  2. Hai ý.\nChú thích ảnh\ndự án\n  1. https://example.com\n\nĐoạn cuối.\n";
        let raw = read(text);
        assert_eq!(
            raw,
            vec![
                Raw::Heading { text: "BPO vs Call Center: so sánh".into(), level: 2 },
                Raw::Paragraph("Mở đầu ngắn. Câu hai.".into()),
                Raw::Heading { text: "Các nội dung chính".into(), level: 2 },
                Raw::List { items: vec!["Một ý.".into(), "Hai ý.".into()], ordered: true },
                Raw::Heading { text: "Chú thích ảnh".into(), level: 2 },
                Raw::Heading { text: "dự án".into(), level: 2 },
                Raw::List { items: vec!["https://example.com".into()], ordered: true },
                Raw::Paragraph("Đoạn cuối.".into()),
            ]
        );
    }

    #[test]
    fn wrapped_paragraphs_stay_paragraphs() {
        let text = "Outsourcing moves work to another company that does it for a fee, often\nin another country\nwith lower wages.\n\nA short line without a stop\n";
        let raw = read(text);
        assert_eq!(raw.len(), 2, "{raw:?}");
        assert!(matches!(&raw[0], Raw::Paragraph(p) if p.ends_with("with lower wages.")));
        // The last line of the text is not a heading: nothing follows it.
        assert!(matches!(&raw[1], Raw::Paragraph(_)));
    }

    #[test]
    fn glued_table_cells_are_cut_apart() {
        assert_eq!(
            split_glued("Các thông số so sánhBPOTrung tâm cuộc gọi"),
            vec!["Các thông số so sánh", "BPO", "Trung tâm cuộc gọi"]
        );
        assert_eq!(
            split_glued("Hoạt động tiến hànhNhân sự, kế toán, v.v.Thực hiện và nhận cuộc gọi."),
            vec!["Hoạt động tiến hành", "Nhân sự, kế toán, v.v.", "Thực hiện và nhận cuộc gọi."]
        );
        assert_eq!(
            split_glued("Các loại phổ biến nhấtBPO ngang và BPO dọcTrung tâm"),
            vec!["Các loại phổ biến nhất", "BPO ngang và BPO dọc", "Trung tâm"]
        );
        let text = "Các thông số so sánhBPOTrung tâm cuộc gọi\nÝ nghĩaNó giúp.Một nơi.\nHoạt độngNhân sự.Thực hiện cuộc gọi.\n";
        let raw = read(text);
        assert!(
            matches!(&raw[0], Raw::Table(rows) if rows.len() == 3 && rows[1] == vec!["Ý nghĩa", "Nó giúp.", "Một nơi."]),
            "{raw:?}"
        );
    }

    #[test]
    fn tab_and_pipe_tables() {
        let raw = read("Feature\tCats\tDogs\nSleep\tMost of the day\tAt night\nWalks\tNone\tDaily\n");
        assert!(matches!(&raw[0], Raw::Table(rows) if rows[2] == vec!["Walks", "None", "Daily"]));
        let raw = read("| Feature | Cats | Dogs |\n| Sleep | Day | Night |\n| Walks | No | Yes |\n");
        assert!(matches!(&raw[0], Raw::Table(rows) if rows[0] == vec!["Feature", "Cats", "Dogs"]));
    }

    #[test]
    fn camel_case_words_in_prose_are_not_a_table() {
        let raw = read("YouTube and LinkedIn are sites.\nPeople use them daily.\nMcDonald sells food.\n");
        assert!(matches!(&raw[0], Raw::Paragraph(_)), "{raw:?}");
    }
}
