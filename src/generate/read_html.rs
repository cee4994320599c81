//! A saved web page: the article's own part (the first `<article>`, else
//! `<main>`, else the body), with navigation, headers and footers of the
//! site, sidebars, forms, scripts, styles and picture captions left out.
//! Headings, paragraphs, lists and tables become raw blocks; the title is
//! the first `<h1>`, else the page's `<title>` without the site's name.

use super::article::Raw;
use crate::text::decode_entities;

/// Elements whose content is never part of the article.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "iframe",
    "figcaption",
    "object",
    "canvas",
    "math",
];

/// Elements that end the paragraph before them.
const BREAKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
    "figure",
    "header",
    "address",
    "details",
    "summary",
];

/// One tag.
struct Tag<'a> {
    name: String,
    closing: bool,
    raw: &'a str,
}

/// Reads an HTML page into raw blocks, and whether the first is the title.
pub(crate) fn read(html: &str) -> (Vec<Raw>, bool) {
    let lower = html.to_ascii_lowercase();
    let page_title = between(html, &lower, "<title", "</title>").map(|t| site_name_off(&clean(&decode_entities(t))));
    let region = region(html, &lower);
    let mut r = Reader::default();
    r.run(region);
    let mut raw = r.out;
    let first_is_h1 = matches!(raw.first(), Some(Raw::Heading { level: 1, .. }));
    if first_is_h1 {
        return (raw, true);
    }
    match page_title.filter(|t| !t.is_empty()) {
        Some(t) => {
            raw.insert(0, Raw::Heading { text: t, level: 1 });
            (raw, true)
        }
        None => (raw, false),
    }
}

/// The text between `open` (a tag start, any attributes) and `close`.
fn between<'a>(html: &'a str, lower: &str, open: &str, close: &str) -> Option<&'a str> {
    let start = lower.find(open)?;
    let gt = start + lower[start..].find('>')? + 1;
    let end = gt + lower[gt..].find(close)?;
    Some(&html[gt..end])
}

/// "How BPO works | Example Blog" → "How BPO works".
fn site_name_off(title: &str) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some(i) = title.rfind(sep) {
            let (head, tail) = (&title[..i], &title[i + sep.len()..]);
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 2 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// The part of the page holding the article.
fn region<'a>(html: &'a str, lower: &str) -> &'a str {
    for tag in ["<article", "<main"] {
        if let Some(start) = find_tag(lower, tag) {
            let name = &tag[1..];
            let end = matching_close(lower, start, name).unwrap_or(html.len());
            return &html[start..end];
        }
    }
    match find_tag(lower, "<body") {
        Some(start) => &html[start..],
        None => html,
    }
}

/// The start of the first `<name` that is that tag (not `<mainframe`).
fn find_tag(lower: &str, open: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = lower[from..].find(open) {
        let at = from + p;
        let next = lower[at + open.len()..].chars().next();
        if next.is_none_or(|c| c == '>' || c.is_whitespace() || c == '/') {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// Where the element opened at `start` closes (nested ones counted).
fn matching_close(lower: &str, start: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let o = find_tag(&lower[at..], &open).map(|p| at + p);
        let c = lower[at..].find(&close).map(|p| at + p)?;
        match o {
            Some(o) if o < c => {
                depth += 1;
                at = o + open.len();
            }
            _ => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(c);
                }
                at = c + close.len();
            }
        }
    }
}

fn clean(s: &str) -> String {
    super::read_markdown::no_space_before_punctuation(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[derive(Default)]
struct Reader {
    out: Vec<Raw>,
    text: String,
    /// Depth inside skipped elements.
    skip: Vec<String>,
    heading: Option<u8>,
    /// Open lists (ordered?) and the items of the outermost.
    lists: Vec<bool>,
    items: Vec<String>,
    in_item: bool,
    /// Open table: its rows; the cell being read.
    table: Option<Vec<Vec<String>>>,
    table_depth: usize,
    in_cell: bool,
}

impl Reader {
    fn run(&mut self, html: &str) {
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            self.push_text(&rest[..lt]);
            let after = &rest[lt..];
            if after.starts_with("<!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
                continue;
            }
            let Some(gt) = after.find('>') else {
                self.push_text(after);
                rest = "";
                break;
            };
            let raw = &after[1..gt];
            rest = &after[gt + 1..];
            let closing = raw.starts_with('/');
            let name: String = raw
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if name.is_empty() {
                // "<" followed by something else, or <!doctype>, <?xml?>.
                if !raw.starts_with('!') && !raw.starts_with('?') {
                    self.push_text("<");
                    rest = &after[1..];
                }
                continue;
            }
            self.tag(&Tag { name, closing, raw });
        }
        self.push_text(rest);
        self.flush_paragraph();
        self.end_lists();
    }

    fn push_text(&mut self, s: &str) {
        if self.skip.is_empty() && !s.is_empty() {
            self.text.push_str(&decode_entities(s));
        }
    }

    fn tag(&mut self, t: &Tag<'_>) {
        let name = t.name.as_str();
        if !self.skip.is_empty() {
            if self.skip.last().is_some_and(|s| s == name) {
                if t.closing {
                    self.skip.pop();
                } else if !t.raw.ends_with('/') {
                    self.skip.push(t.name.clone());
                }
            }
            return;
        }
        if SKIPPED.contains(&name) {
            if !t.closing && !t.raw.ends_with('/') {
                self.flush_paragraph();
                self.skip.push(t.name.clone());
            }
            return;
        }
        match name {
            "br" => self.text.push(' '),
            "img" => {}
            h if h.len() == 2 && h.starts_with('h') && h.as_bytes()[1].is_ascii_digit() => {
                let level = h.as_bytes()[1] - b'0';
                if !(1..=6).contains(&level) {
                    return;
                }
                if t.closing {
                    if self.heading.is_some() {
                        let text = clean(&self.text);
                        self.text.clear();
                        self.heading = None;
                        if !text.is_empty() {
                            self.out.push(Raw::Heading { text, level });
                        }
                    }
                } else {
                    self.flush_paragraph();
                    self.end_lists();
                    self.heading = Some(level);
                }
            }
            "ul" | "ol" => {
                if t.closing {
                    self.finish_item();
                    self.lists.pop();
                    if self.lists.is_empty() {
                        self.end_lists();
                    }
                } else {
                    if self.lists.is_empty() {
                        self.flush_paragraph();
                    } else {
                        // A nested list: the text so far is its parent item.
                        self.finish_item();
                    }
                    self.lists.push(name == "ol");
                }
            }
            "li" => {
                self.finish_item();
                if !t.closing {
                    if self.lists.is_empty() {
                        self.flush_paragraph();
                        self.lists.push(false);
                    }
                    self.in_item = true;
                }
            }
            "table" => {
                if t.closing {
                    self.table_depth = self.table_depth.saturating_sub(1);
                    if self.table_depth == 0 {
                        self.finish_cell();
                        if let Some(rows) = self.table.take() {
                            let rows: Vec<Vec<String>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
                            if !rows.is_empty() {
                                self.out.push(Raw::Table(rows));
                            }
                        }
                    }
                } else {
                    self.table_depth += 1;
                    if self.table_depth == 1 {
                        self.flush_paragraph();
                        self.end_lists();
                        self.table = Some(Vec::new());
                    }
                }
            }
            "tr" if self.table_depth == 1 => {
                self.finish_cell();
                if !t.closing
                    && let Some(rows) = self.table.as_mut()
                {
                    rows.push(Vec::new());
                }
            }
            "td" | "th" if self.table_depth == 1 => {
                self.finish_cell();
                if !t.closing {
                    if let Some(rows) = self.table.as_mut()
                        && rows.is_empty()
                    {
                        rows.push(Vec::new());
                    }
                    self.in_cell = true;
                }
            }
            b if BREAKS.contains(&b) => {
                if self.table_depth > 0 || self.in_item {
                    self.text.push(' ');
                } else {
                    self.flush_paragraph();
                }
            }
            _ => {}
        }
    }

    fn flush_paragraph(&mut self) {
        if self.table_depth > 0 || self.in_item || self.heading.is_some() {
            return;
        }
        let text = clean(&self.text);
        self.text.clear();
        if text.chars().any(char::is_alphanumeric) {
            if self.lists.is_empty() {
                self.out.push(Raw::Paragraph(text));
            } else {
                // Text loose inside a list: an item of its own.
                self.items.push(text);
            }
        }
    }

    fn finish_item(&mut self) {
        if self.in_item {
            let text = clean(&self.text);
            self.text.clear();
            if !text.is_empty() {
                self.items.push(text);
            }
            self.in_item = false;
        }
    }

    fn end_lists(&mut self) {
        self.finish_item();
        let ordered = self.lists.first().copied().unwrap_or(false);
        self.lists.clear();
        if !self.items.is_empty() {
            let items = std::mem::take(&mut self.items);
            self.out.push(Raw::List { items, ordered });
        }
    }

    fn finish_cell(&mut self) {
        if self.in_cell {
            let text = clean(&self.text);
            self.text.clear();
            if let Some(row) = self.table.as_mut().and_then(|rows| rows.last_mut()) {
                row.push(text);
            }
            self.in_cell = false;
        } else if self.table_depth > 0 {
            self.text.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_without_the_site() {
        let html = r#"<!doctype html><html><head><title>Cats vs dogs | Pet Blog</title><style>p{}</style></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Cats vs dogs</h1><p>Cats are <b>quiet</b>.<br>Dogs &amp; cats differ.</p>
<figure><img src="c.png"><figcaption>A cat</figcaption></figure>
<h2>Advantages of cats</h2><ul><li>Quiet</li><li>Clean<ul><li>Self-grooming</li></ul></li></ul>
<table><tr><th>Feature</th><th>Cats</th><th>Dogs</th></tr><tr><td>Walks</td><td>No</td><td>Yes</td></tr></table>
<script>alert(1)</script></article><footer>© 2024</footer></body></html>"#;
        let (raw, title) = read(html);
        assert!(title);
        assert_eq!(
            raw,
            vec![
                Raw::Heading { text: "Cats vs dogs".into(), level: 1 },
                Raw::Paragraph("Cats are quiet. Dogs & cats differ.".into()),
                Raw::Heading { text: "Advantages of cats".into(), level: 2 },
                Raw::List { items: vec!["Quiet".into(), "Clean".into(), "Self-grooming".into()], ordered: false },
                Raw::Table(vec![
                    vec!["Feature".into(), "Cats".into(), "Dogs".into()],
                    vec!["Walks".into(), "No".into(), "Yes".into()]
                ]),
            ]
        );
    }

    #[test]
    fn the_page_title_without_an_h1() {
        let (raw, title) = read("<title>BPO là gì? – Blog Việt</title><body><p>BPO là một ngành.</p></body>");
        assert!(title);
        assert_eq!(raw[0], Raw::Heading { text: "BPO là gì?".into(), level: 1 });
        let (raw, title) = read("<p>Chỉ một đoạn < 5 từ.</p>");
        assert!(!title);
        assert_eq!(raw, vec![Raw::Paragraph("Chỉ một đoạn < 5 từ.".into())]);
    }
}
