//! Markdown articles: `#` and underlined headings, paragraphs, `-`/`*`/`1.`
//! lists (nested items flattened), `|` tables, block quotes as paragraphs;
//! code blocks, front matter, HTML comments and images are dropped, and
//! inline marks (emphasis, code, links) are reduced to their text.

use super::article::Raw;
use super::read_text::list_marker;

/// Reads Markdown into raw blocks.
pub(crate) fn read(text: &str) -> Vec<Raw> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut i = skip_front_matter(&lines);
    let flush = |para: &mut Vec<String>, out: &mut Vec<Raw>| {
        if !para.is_empty() {
            out.push(Raw::Paragraph(inline(&para.join(" "))));
            para.clear();
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        // Fenced code: skipped whole.
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut para, &mut out);
            let fence = &t[..3];
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with(fence) {
                i += 1;
            }
            i += 1;
            continue;
        }
        if t.starts_with("<!--") {
            flush(&mut para, &mut out);
            while i < lines.len() && !lines[i].contains("-->") {
                i += 1;
            }
            i += 1;
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut out);
            i += 1;
            continue;
        }
        if let Some((level, text)) = atx_heading(t) {
            flush(&mut para, &mut out);
            out.push(Raw::Heading { text: inline(text), level });
            i += 1;
            continue;
        }
        // Setext: one line of text underlined with === or ---.
        if para.is_empty()
            && let Some(next) = lines.get(i + 1).map(|l| l.trim())
            && next.len() >= 2
            && (next.chars().all(|c| c == '=') || next.chars().all(|c| c == '-'))
        {
            out.push(Raw::Heading { text: inline(t), level: if next.starts_with('=') { 1 } else { 2 } });
            i += 2;
            continue;
        }
        if t.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
            && t.chars().filter(|c| !c.is_whitespace()).count() >= 3
        {
            // A thematic break.
            flush(&mut para, &mut out);
            i += 1;
            continue;
        }
        if t.starts_with('|') {
            flush(&mut para, &mut out);
            let mut rows = Vec::new();
            while i < lines.len() && lines[i].trim().starts_with('|') {
                let row = lines[i].trim();
                let cells: Vec<String> = row.trim_matches('|').split('|').map(|c| inline(c.trim())).collect::<Vec<_>>();
                // The |---|:---:| line under the header.
                if !cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
                    rows.push(cells);
                }
                i += 1;
            }
            out.push(Raw::Table(rows));
            continue;
        }
        if list_marker(t).is_some() {
            flush(&mut para, &mut out);
            let ordered = list_marker(t).is_some_and(|(_, o)| o);
            let mut items: Vec<String> = Vec::new();
            while i < lines.len() {
                let l = lines[i].trim();
                if let Some((text, _)) = list_marker(l) {
                    let text = text.trim_start_matches("[ ] ").trim_start_matches("[x] ");
                    items.push(text.to_string());
                } else if !l.is_empty() && lines[i].starts_with(' ') && !items.is_empty() {
                    if let Some(last) = items.last_mut() {
                        last.push(' ');
                        last.push_str(l);
                    }
                } else {
                    break;
                }
                i += 1;
            }
            out.push(Raw::List { items: items.iter().map(|s| inline(s)).collect(), ordered });
            continue;
        }
        let t = t.trim_start_matches('>').trim();
        if !t.is_empty() {
            para.push(t.to_string());
        }
        i += 1;
    }
    flush(&mut para, &mut out);
    out
}

/// The first line after a `---` or `+++` front matter block.
fn skip_front_matter(lines: &[&str]) -> usize {
    match lines.first().map(|l| l.trim()) {
        Some(fence @ ("---" | "+++")) => lines[1..].iter().position(|l| l.trim() == fence).map_or(0, |p| p + 2),
        _ => 0,
    }
}

fn atx_heading(t: &str) -> Option<(u8, &str)> {
    let level = t.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !rest.starts_with(' ') && !rest.is_empty() {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    u8::try_from(level).ok().map(|l| (l, text))
}

/// Inline Markdown to text: images dropped, links to their text, emphasis
/// and code marks removed, HTML tags removed, entities decoded.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '!' if chars.get(i + 1) == Some(&'[') => {
                // ![alt](src): dropped.
                if let Some(end) = link_end(&chars, i + 1) {
                    i = end;
                    continue;
                }
                out.push(c);
            }
            '[' => {
                if chars.get(i + 1) == Some(&'^') {
                    // A footnote reference [^1].
                    if let Some(close) = chars[i..].iter().position(|&c| c == ']') {
                        i += close + 1;
                        continue;
                    }
                }
                if let Some(end) = link_end(&chars, i) {
                    let close = chars[i..].iter().position(|&c| c == ']').map_or(i, |p| i + p);
                    out.extend(&chars[i + 1..close]);
                    i = end;
                    continue;
                }
                out.push(c);
            }
            '*' | '`' | '~' => {}
            // `_` marks emphasis only at a word's edge (snake_case stays).
            '_' => {
                let before = i.checked_sub(1).and_then(|p| chars.get(p)).is_some_and(|c| c.is_alphanumeric());
                let after = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
                if before && after {
                    out.push(c);
                }
            }
            '<' => {
                // An HTML tag or an autolink: dropped.
                match chars[i..].iter().position(|&c| c == '>') {
                    Some(p) if chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == '/') => {
                        i += p + 1;
                        continue;
                    }
                    _ => out.push(c),
                }
            }
            '\\' if chars.get(i + 1).is_some_and(|c| c.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            c => out.push(c),
        }
        i += 1;
    }
    let joined = crate::text::decode_entities(&out).split_whitespace().collect::<Vec<_>>().join(" ");
    no_space_before_punctuation(&joined)
}

/// "pets ." → "pets." (a removed image or link leaves a space behind).
pub(crate) fn no_space_before_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' && chars.peek().is_some_and(|n| matches!(n, '.' | ',' | ';' | ':' | '!' | '?' | ')')) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The index after `[text](target)` starting at `open` (the `[`).
fn link_end(chars: &[char], open: usize) -> Option<usize> {
    let close = open + chars[open..].iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 1 + chars[close + 1..].iter().position(|&c| c == ')')?;
    Some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_tables_and_inline_marks() {
        let md = "---\ntitle: x\n---\n# Cats and dogs\n\nCats are **small** [pets](https://x.org) ![pic](a.png).\n\nAdvantages\n----------\n\n- Quiet\n- Clean\n  and tidy\n\n| Feature | Cats | Dogs |\n|---|---|---|\n| Walks | No | Yes |\n\n```\ncode\n```\n> A quote.\n";
        let raw = read(md);
        assert_eq!(
            raw,
            vec![
                Raw::Heading { text: "Cats and dogs".into(), level: 1 },
                Raw::Paragraph("Cats are small pets.".into()),
                Raw::Heading { text: "Advantages".into(), level: 2 },
                Raw::List { items: vec!["Quiet".into(), "Clean and tidy".into()], ordered: false },
                Raw::Table(vec![
                    vec!["Feature".into(), "Cats".into(), "Dogs".into()],
                    vec!["Walks".into(), "No".into(), "Yes".into()]
                ]),
                Raw::Paragraph("A quote.".into()),
            ]
        );
    }

    #[test]
    fn inline_keeps_snake_case_and_escapes() {
        assert_eq!(inline("a_b _c_ \\*d\\* `e` <b>f</b> &amp;"), "a_b c *d* e f &");
        assert_eq!(inline("Giá [^1] là 5"), "Giá là 5");
    }
}
