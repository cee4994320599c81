//! Wrapping text to a terminal's width, measured in columns (Vietnamese
//! letters with marks are one column, CJK and most emoji two, combining
//! marks none), at spaces, with a hanging indent for labelled lines.

use super::width;

/// Wraps text to `width` terminal columns at spaces (words longer than the
/// width are split between characters, never before a combining mark).
/// Existing line breaks are kept.
pub(crate) fn wrap(s: &str, width: usize) -> String {
    let width = width.max(10);
    let mut out = String::with_capacity(s.len() + 8);
    for (n, para) in s.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        wrap_paragraph(para, width, &mut out, "");
    }
    out
}

/// Appends one paragraph wrapped to `width`; continuation lines start with
/// `indent` (whose columns count towards the width).
fn wrap_paragraph(para: &str, width: usize, out: &mut String, indent: &str) {
    let indent_w = self::width(indent);
    let mut col = 0;
    for (n, word) in para.split(' ').enumerate() {
        let w = self::width(word);
        if n > 0 && col + 1 + w > width {
            out.push('\n');
            out.push_str(indent);
            col = indent_w;
        } else if n > 0 {
            out.push(' ');
            col += 1;
        }
        if col + w > width {
            for c in word.chars() {
                let cw = self::width(c.encode_utf8(&mut [0; 4]));
                if cw > 0 && col + cw > width && col > indent_w {
                    out.push('\n');
                    out.push_str(indent);
                    col = indent_w;
                }
                out.push(c);
                col += cw;
            }
        } else {
            out.push_str(word);
            col += w;
        }
    }
}

/// Wraps one line with a hanging indent: continuation lines line up with the
/// text after the line's own indent and its marker (`✗ `, `≈ `) or short
/// label (`Why: `), as in
///
/// ```text
///     Why: Vietnam borders China to the north, and Laos and
///          Cambodia to the west.
/// ```
pub(crate) fn wrap_hanging(line: &str, width: usize) -> String {
    let width = width.max(20);
    let lead = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[lead..];
    let marker = ["✗ ", "≈ ", "✓ ", "! "].iter().find(|m| rest.starts_with(**m)).map(|m| m.len());
    let label = rest.find(": ").filter(|&i| i <= 24 && !rest[..i].contains("  ")).map(|i| i + 2);
    let hang = marker.or(label).unwrap_or(0);
    let prefix_w = lead + self::width(&rest[..hang]);
    if prefix_w * 2 > width {
        return wrap(line, width);
    }
    let indent = " ".repeat(prefix_w);
    let mut out = String::with_capacity(line.len() + 16);
    out.push_str(&line[..lead + hang]);
    // The text after the prefix, as if the prefix were already on the line.
    let body = &rest[hang..];
    let mut tmp = String::new();
    wrap_paragraph(body, width - prefix_w, &mut tmp, "");
    for (n, l) in tmp.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
            out.push_str(&indent);
        }
        out.push_str(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_by_display_width() {
        assert_eq!(wrap("một hai ba bốn năm sáu", 10), "một hai ba\nbốn năm\nsáu");
        assert_eq!(wrap("a\nb c", 10), "a\nb c");
        assert!(wrap(&"x".repeat(25), 10).lines().all(|l| width(l) <= 10));
    }

    #[test]
    fn hanging_indent_after_a_label_or_a_marker() {
        let l = "    Why: Vietnam borders China to the north, and Laos and Cambodia to the west.";
        let w = wrap_hanging(l, 40);
        assert_eq!(
            w,
            "    Why: Vietnam borders China to the\n         north, and Laos and Cambodia to\n         the west."
        );
        assert!(w.lines().all(|x| width(x) <= 40));
        let m = wrap_hanging("  ✗ Theo bài viết, mọi công ty đều bắt buộc phải thuê ngoài", 30);
        assert_eq!(m, "  ✗ Theo bài viết, mọi công ty\n    đều bắt buộc phải thuê\n    ngoài");
    }

    #[test]
    fn words_are_never_cut_and_marks_stay_with_their_letter() {
        let text = "thuê ngoài quy trình kinh doanh";
        for w in 10..30 {
            let out = wrap(text, w);
            assert_eq!(out.replace('\n', " "), text, "at {w}: only spaces become breaks");
        }
        // A word longer than the line is split, but not before a combining mark.
        let nfd = "a\u{301}".repeat(30);
        for line in wrap(&nfd, 10).lines() {
            assert!(!line.starts_with('\u{301}'), "{line:?}");
        }
    }
}
