//! Answer checking, as PRODUCT.md's Grading section says: NFC, case, spaces
//! and punctuation ignored; `accept` alternatives; right but for Vietnamese
//! marks (đ as d), or one typo in an answer of eight or more letters, is
//! "almost" (graded Hard, the exact form shown); otherwise wrong.

use crate::text::{fold, letter_count, normalize, within_one_edit};

/// How a typed answer compares with the expected ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Right,
    /// Accepted as nearly right; `expected` is the exact form to show.
    Almost {
        expected: String,
        why: Almost,
    },
    Wrong,
}

/// Why an answer was "almost".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Almost {
    /// Only tone marks, vowel marks or đ/d differ.
    Diacritics,
    /// One letter added, dropped, changed or swapped.
    Typo,
}

/// Answers of at least this many letters tolerate one typo.
pub(crate) const TYPO_MIN_LETTERS: usize = 8;

/// Checks a typed answer against the answer and its accepted alternatives.
/// With `strict_marks`, tone and vowel marks must be right (a language deck,
/// where `má`, `mà` and `ma` are different words): only a typo that leaves
/// the marks alone can be "almost".
pub(crate) fn check_typed(given: &str, answer: &str, accept: &[String], strict_marks: bool) -> Verdict {
    let g = normalize(given);
    if g.is_empty() {
        return Verdict::Wrong;
    }
    let expected: Vec<&str> = std::iter::once(answer).chain(accept.iter().map(String::as_str)).collect();
    if expected.iter().any(|e| normalize(e) == g) {
        return Verdict::Right;
    }
    let gf = fold(given);
    if !strict_marks && let Some(e) = expected.iter().find(|e| fold(e) == gf) {
        return Verdict::Almost { expected: (*e).to_string(), why: Almost::Diacritics };
    }
    for e in &expected {
        let n = normalize(e);
        let ef = fold(e);
        let typo = if strict_marks {
            // One edit, and not one that only changes a mark.
            within_one_edit(&g, &n) && gf != ef
        } else {
            within_one_edit(&g, &n) || within_one_edit(&gf, &ef)
        };
        if letter_count(&n) >= TYPO_MIN_LETTERS && typo {
            return Verdict::Almost { expected: (*e).to_string(), why: Almost::Typo };
        }
    }
    Verdict::Wrong
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(given: &str, answer: &str) -> Verdict {
        check_typed(given, answer, &[], false)
    }

    #[test]
    fn vietnamese_table() {
        // (given, expected answer, right / almost / wrong)
        let cases = [
            ("Hà Nội", "Hà Nội", "right"),
            ("hà nội", "Hà Nội", "right"),
            ("  Hà   Nội. ", "Hà Nội", "right"),
            ("ha noi", "Hà Nội", "almost"),
            ("Ha Noi", "Hà Nội", "almost"),
            ("Hà Nọi", "Hà Nội", "almost"),
            ("dai", "đại", "almost"),
            ("đài", "đại", "almost"),
            ("Huế", "Hà Nội", "wrong"),
            ("", "Hà Nội", "wrong"),
            ("outsorcing", "outsourcing", "almost"),
            ("outsrcing", "outsourcing", "wrong"),
            ("bpa", "bpo", "wrong"),
            ("thue ngoai quy trinh kinh doanh", "thuê ngoài quy trình kinh doanh", "almost"),
            ("trung tam cuoc goj", "trung tâm cuộc gọi", "almost"),
        ];
        for (given, answer, want) in cases {
            let got = match v(given, answer) {
                Verdict::Right => "right",
                Verdict::Almost { .. } => "almost",
                Verdict::Wrong => "wrong",
            };
            assert_eq!(got, want, "{given:?} against {answer:?}");
        }
    }

    #[test]
    fn nfd_input_is_right_and_almost_shows_the_exact_form() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Hà Nội".nfd().collect();
        assert_eq!(v(&nfd, "Hà Nội"), Verdict::Right);
        assert_eq!(v("ha noi", "Hà Nội"), Verdict::Almost { expected: "Hà Nội".into(), why: Almost::Diacritics });
    }

    #[test]
    fn accept_alternatives_count() {
        let accept = vec!["BPO".to_string()];
        assert_eq!(check_typed("bpo", "Business Process Outsourcing", &accept, false), Verdict::Right);
    }

    #[test]
    fn strict_marks_refuse_mark_errors_but_allow_a_typo() {
        assert_eq!(check_typed("ma", "má", &[], true), Verdict::Wrong);
        assert_eq!(check_typed("nha san xuat", "nhà sản xuất", &[], true), Verdict::Wrong);
        assert!(matches!(check_typed("nhà sản xuât", "nhà sản xuất", &[], true), Verdict::Wrong));
        assert!(matches!(
            check_typed("công nghệ thông tinn", "công nghệ thông tin", &[], true),
            Verdict::Almost { why: Almost::Typo, .. }
        ));
        assert!(matches!(check_typed("ma", "má", &[], false), Verdict::Almost { .. }));
    }
}
