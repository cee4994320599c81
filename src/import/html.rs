//! HTML fields (Anki, exported spreadsheets) to readable terminal text:
//! `<br>` and block tags become line breaks, entities are decoded, images
//! and sounds become `[image: name]` / `[audio: name]`, other tags go.

/// Block elements whose start and end break the line.
const BLOCKS: &[&str] =
    &["div", "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table", "section", "pre"];

/// Whether a field plainly is HTML: a known tag or an entity.
pub fn looks_like_html(s: &str) -> bool {
    if !s.contains(['<', '&']) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let tags = [
        "<br", "<div", "<p>", "<p ", "</p>", "<b>", "</b>", "<i>", "</i>", "<u>", "<ul", "<ol", "<li", "<span", "<img",
        "<em>", "<strong>", "<h1", "<h2", "<h3", "<table", "<a href", "</div>", "</span>", "</li>",
    ];
    let entities = ["&nbsp;", "&amp;", "&lt;", "&gt;", "&quot;", "&#"];
    tags.iter().any(|t| lower.contains(t)) || entities.iter().any(|e| lower.contains(e))
}

/// Converts an HTML fragment to text. `[sound:x]` markers (Anki's) become
/// `[audio: x]` whether or not the field is HTML.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        let after = &rest[lt + 1..];
        // A tag starts right after '<' with a letter, '/' or '!'; else '<' is text.
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            push_text(&mut out, "<");
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else {
            // A lone '<' is text.
            push_text(&mut out, &rest[lt..]);
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name == "br" {
            out.push('\n');
        } else if BLOCKS.contains(&name.as_str()) {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
        } else if name == "img" {
            if let Some(src) = attribute(tag, "src") {
                out.push_str(&format!("[image: {src}]"));
            }
        } else if name == "script" || name == "style" {
            // Drop the element's content too.
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(i) => {
                    rest = &rest[i..];
                    if let Some(g) = rest.find('>') {
                        rest = &rest[g + 1..];
                    }
                }
                None => rest = "",
            }
        }
    }
    push_text(&mut out, rest);
    let text = sounds(&out);
    // Lines: trim each's right side; no runs of blank lines; trim the whole.
    let mut lines: Vec<&str> = Vec::new();
    for l in text.split('\n') {
        let l = l.trim_end();
        if l.trim().is_empty() && lines.last().is_some_and(|p: &&str| p.trim().is_empty()) {
            continue;
        }
        lines.push(l);
    }
    lines.join("\n").trim().to_string()
}

fn push_text(out: &mut String, s: &str) {
    out.push_str(&decode_entities(s));
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let i = lower.find(&format!("{name}="))?;
    let v = &tag[i + name.len() + 1..];
    let (quote, v) = match v.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &v[1..]),
        _ => (None, v),
    };
    let end = match quote {
        Some(q) => v.find(q)?,
        None => v.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(v.len()),
    };
    Some(decode_entities(&v[..end]))
}

/// `[sound:hello.mp3]` → `[audio: hello.mp3]`.
pub fn sounds(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("[sound:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 7..];
        match after.find(']') {
            Some(j) => {
                out.push_str(&format!("[audio: {}]", &after[..j]));
                rest = &after[j + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes named and numeric character references (in `text`, where
/// `learn generate` reads web pages with it too).
pub use crate::text::decode_entities;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_blocks_and_entities() {
        assert_eq!(to_text("<b>bold</b><br>line two &amp; more"), "bold\nline two & more");
        assert_eq!(to_text("<div>Hà Nội</div><div>Việt Nam</div>"), "Hà Nội\nViệt Nam");
        assert_eq!(to_text("một<br>hai<br />ba"), "một\nhai\nba");
        assert_eq!(to_text("<ul><li>đỏ (red)</li><li>xanh (blue)</li></ul>"), "đỏ (red)\nxanh (blue)");
        assert_eq!(to_text("non&nbsp;breaking &amp; &lt;tag&gt;"), "non\u{a0}breaking & <tag>");
        assert_eq!(to_text("Hello<div>(formal &amp; informal)</div>"), "Hello\n(formal & informal)");
    }

    #[test]
    fn media_become_markers() {
        assert_eq!(
            to_text(r#"Flag <img src="flag.png"> [sound:hello.mp3]"#),
            "Flag [image: flag.png] [audio: hello.mp3]"
        );
    }

    #[test]
    fn odd_input_is_kept_as_text() {
        assert_eq!(to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(to_text("AT&T &unknown; &#x41;&#66;"), "AT&T &unknown; AB");
        assert_eq!(to_text("<script>alert(1)</script>ok"), "ok");
    }

    #[test]
    fn detects_html() {
        assert!(looks_like_html("một<br>hai"));
        assert!(looks_like_html("a &amp; b"));
        assert!(!looks_like_html("bread; also the sandwich"));
        assert!(!looks_like_html("x < y"));
    }
}
