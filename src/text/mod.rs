//! Text: Unicode normalisation for comparing answers, Vietnamese folding
//! (tone marks and vowel marks removed, đ → d), and neutralising control
//! characters so deck text cannot drive the terminal. Pure functions only.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

mod entities;
mod language;
mod wrap;

pub use entities::decode_entities;

pub(crate) use language::detect_language;
pub(crate) use wrap::{wrap, wrap_hanging};

/// The comparable form of an answer: NFC, lower case, punctuation and
/// symbols dropped, runs of spaces collapsed, trimmed.
pub(crate) fn normalize(s: &str) -> String {
    words_lowered(&s.nfc().collect::<String>()).nfc().collect()
}

/// Lower case, words of letters, digits and marks, one space between
/// (whitespace and punctuation both separate words): [`normalize`]
/// without its NFC passes, for text already in NFC.
pub(crate) fn words_lowered(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || is_combining_mark(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// `normalize`, then every diacritic removed and `đ` mapped to `d`: the form in
/// which "Hà Nội", "ha noi" and "Ha Nôi" are equal.
pub(crate) fn fold(s: &str) -> String {
    let stripped: String = normalize(s)
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect();
    // Normalise again: a mark standing alone may have held a word boundary.
    normalize(&stripped)
}

/// Replaces control characters and escape sequences with visible stand-ins so
/// that text from a deck cannot move the cursor, recolour or retitle the
/// terminal, or hide itself. Newlines and tabs are kept (as a newline and
/// spaces); everything else in the C0/C1 ranges becomes `�`-style pictures.
pub(crate) fn neutralize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\r' => {}
            '\u{1b}' => out.push('␛'),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            '\u{7f}' => out.push('␡'),
            c if ('\u{80}'..='\u{9f}').contains(&c) => out.push('�'),
            // Bidirectional overrides and isolates can reorder what is shown.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push('�'),
            c => out.push(c),
        }
    }
    out
}

/// Display width in terminal columns.
pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Number of letters (alphanumeric characters) in a normalised answer.
pub(crate) fn letter_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Damerau–Levenshtein distance ≤ 1: one insertion, deletion, substitution
/// or swap of neighbours. Compares characters, not bytes.
pub(crate) fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if la == lb {
        // substitution, or a swap of two neighbours
        ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if la > lb {
        ra[1..] == *rb
    } else {
        *ra == rb[1..]
    }
}

/// Parses a true/false answer: t/f, true/false, đ/s (đúng/sai), y/n, 1/0.
pub(crate) fn parse_true_false(s: &str) -> Option<bool> {
    match normalize(s).as_str() {
        "t" | "true" | "đ" | "đúng" | "dung" | "d" | "y" | "yes" | "1" => Some(true),
        "f" | "false" | "s" | "sai" | "n" | "no" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_false_words() {
        assert_eq!(parse_true_false("Đ"), Some(true));
        assert_eq!(parse_true_false("sai"), Some(false));
        assert_eq!(parse_true_false("maybe"), None);
    }
    use proptest::prelude::*;

    #[test]
    fn normalize_ignores_case_space_and_punctuation() {
        assert_eq!(normalize("  Hà   Nội! "), "hà nội");
        assert_eq!(normalize("Business-Process, Outsourcing."), "business process outsourcing");
    }

    #[test]
    fn fold_removes_vietnamese_marks() {
        assert_eq!(fold("Hà Nội"), "ha noi");
        assert_eq!(fold("ĐẠI"), "dai");
        assert_eq!(fold("Trung tâm cuộc gọi"), "trung tam cuoc goi");
    }

    #[test]
    fn nfd_input_compares_equal() {
        let nfd: String = "Hà Nội".nfd().collect();
        assert_ne!(nfd, "Hà Nội");
        assert_eq!(normalize(&nfd), normalize("Hà Nội"));
    }

    #[test]
    fn neutralize_disarms_escapes() {
        let s = neutralize("a\u{1b}[2Jb\u{7}c\u{202e}d");
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}') && !s.contains('\u{202e}'));
        assert!(s.starts_with("a␛[2Jb"));
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("outsourcing", "outsorcing"));
        assert!(within_one_edit("outsourcing", "outsourcnig"));
        assert!(within_one_edit("abc", "abd"));
        assert!(!within_one_edit("abc", "xyz"));
        assert!(!within_one_edit("outsourcing", "outsrcing"));
    }

    proptest! {
        #[test]
        fn fold_is_idempotent_and_nfd_blind(s in "\\PC{0,40}") {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f.clone());
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfd), f);
        }

        #[test]
        fn normalize_is_idempotent(s in "\\PC{0,40}") {
            let n = normalize(&s);
            prop_assert_eq!(normalize(&n), n);
        }

        #[test]
        fn neutralized_text_has_no_controls(s in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f]{0,10}") {
            let n = neutralize(&s);
            prop_assert!(!n.chars().any(|c| c.is_control() && c != '\n'));
        }
    }
}
