//! Answer checking, as PRODUCT.md's Grading section says: NFC, case, spaces
//! and punctuation ignored; `accept` alternatives; right but for Vietnamese
//! marks (đ as d), or one typo in an answer of eight or more letters, is
//! "almost" (graded Hard, the exact form shown); otherwise wrong.

use crate::schedule::Grade;
use crate::text::{fold, letter_count, normalize, within_one_edit};

/// How a typed answer compares with the expected ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
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
pub enum Almost {
    /// Only tone marks, vowel marks or đ/d differ.
    Diacritics,
    /// One letter added, dropped, changed or swapped.
    Typo,
}

impl Verdict {
    /// Right = Good, almost = Hard, wrong = Again.
    pub fn grade(&self) -> Grade {
        match self {
            Verdict::Right => Grade::Good,
            Verdict::Almost { .. } => Grade::Hard,
            Verdict::Wrong => Grade::Again,
        }
    }

    pub fn is_right(&self) -> bool {
        !matches!(self, Verdict::Wrong)
    }
}

/// Answers of at least this many letters tolerate one typo.
pub const TYPO_MIN_LETTERS: usize = 8;

/// Checks a typed answer against the answer and its accepted alternatives.
pub fn check_typed(given: &str, answer: &str, accept: &[String]) -> Verdict {
    let g = normalize(given);
    if g.is_empty() {
        return Verdict::Wrong;
    }
    let expected: Vec<&str> = std::iter::once(answer).chain(accept.iter().map(String::as_str)).collect();
    if expected.iter().any(|e| normalize(e) == g) {
        return Verdict::Right;
    }
    let gf = fold(given);
    if let Some(e) = expected.iter().find(|e| fold(e) == gf) {
        return Verdict::Almost { expected: (*e).to_string(), why: Almost::Diacritics };
    }
    for e in &expected {
        let n = normalize(e);
        if letter_count(&n) >= TYPO_MIN_LETTERS && (within_one_edit(&g, &n) || within_one_edit(&gf, &fold(e))) {
            return Verdict::Almost { expected: (*e).to_string(), why: Almost::Typo };
        }
    }
    Verdict::Wrong
}

/// A choice is right when exactly the right options were picked.
pub fn check_choice(picked: &[usize], answers: &[usize]) -> bool {
    let mut p = picked.to_vec();
    p.sort_unstable();
    p.dedup();
    p == answers
}

/// Parses a true/false answer: t/f, true/false, đ/s (đúng/sai), y/n, 1/0.
pub fn parse_true_false(s: &str) -> Option<bool> {
    match normalize(s).as_str() {
        "t" | "true" | "đ" | "đúng" | "dung" | "d" | "y" | "yes" | "1" => Some(true),
        "f" | "false" | "s" | "sai" | "n" | "no" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(given: &str, answer: &str) -> Verdict {
        check_typed(given, answer, &[])
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
        assert_eq!(v("ha noi", "Hà Nội").grade(), Grade::Hard);
    }

    #[test]
    fn accept_alternatives_count() {
        let accept = vec!["BPO".to_string()];
        assert_eq!(check_typed("bpo", "Business Process Outsourcing", &accept), Verdict::Right);
    }

    #[test]
    fn choices_and_true_false() {
        assert!(check_choice(&[2, 0], &[0, 2]));
        assert!(!check_choice(&[0], &[0, 2]));
        assert_eq!(parse_true_false("Đ"), Some(true));
        assert_eq!(parse_true_false("sai"), Some(false));
        assert_eq!(parse_true_false("maybe"), None);
    }
}
