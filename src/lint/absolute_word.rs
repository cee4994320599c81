//! A false true/false statement with an absolute word ("only", "always",
//! "chỉ", "luôn", ...): learners soon know such statements are false, so
//! the word, not the content, answers the card. True statements may use
//! them (that keeps the word from being a tell); negated ones ("not every",
//! "không chỉ") and Vietnamese words that merely contain the syllable
//! ("địa chỉ", "chỉ định") do not count.

use super::{Finding, Source};
use crate::deck::{Content, Deck};
use crate::i18n::text;

/// The absolute words, English and Vietnamese, longest first where one
/// starts another.
const WORDS: &[&str] =
    &["only", "always", "never", "every", "all", "none", "luôn luôn", "luôn", "không bao giờ", "chỉ", "mọi", "tất cả"];

/// Words that undo an absolute word placed right after them.
const NEGATIONS: &[&str] = &["not", "không", "chẳng", "chưa", "phải"];

/// Words that absolute words after a negation may still be: "not only" is
/// not absolute, "not always" neither; "never" is absolute whatever comes
/// before.
const NEGATABLE: &[&str] = &["only", "always", "every", "all", "chỉ", "luôn", "mọi", "tất cả"];

/// Vietnamese words in which "chỉ" does not mean "only".
const CHI_AFTER: &[&str] =
    &["định", "số", "tiêu", "dẫn", "thị", "đạo", "huy", "trích", "ra", "rõ", "điểm", "báo", "bảo", "mục", "tay"];

pub(super) fn check(deck: &Deck, src: &Source) -> Vec<Finding> {
    let mut out = Vec::new();
    for card in &deck.cards {
        let Content::TrueFalse { statement, answer: false } = &card.content else { continue };
        let Some(word) = absolute_word(statement) else { continue };
        out.push(Finding::card(
            card,
            src.words(card, "statement", word, false),
            text!("the false statement says `{word}`, which gives it away", word = word),
            text!("make it false by its content, not by an absolute word; or make a true statement absolute too"),
        ));
    }
    out
}

/// The first absolute word `statement` uses as one.
fn absolute_word(statement: &str) -> Option<&'static str> {
    let norm = crate::text::normalize(statement);
    let tokens: Vec<&str> = norm.split(' ').filter(|t| !t.is_empty()).collect();
    for i in 0..tokens.len() {
        for &word in WORDS {
            let parts: Vec<&str> = word.split(' ').collect();
            if tokens.get(i..i + parts.len()) != Some(&parts[..]) {
                continue;
            }
            let before = i.checked_sub(1).map(|j| tokens[j]);
            if NEGATABLE.contains(&word) && before.is_some_and(|b| NEGATIONS.contains(&b)) {
                continue;
            }
            if word == "chỉ" && (before == Some("địa") || tokens.get(i + 1).is_some_and(|n| CHI_AFTER.contains(n)))
            {
                continue;
            }
            return Some(word);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::{lint, messages, true_false};

    #[test]
    fn a_false_statement_given_away_by_an_absolute_word() {
        let found = lint(&true_false("a", "BPO is used by large companies only.", false));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message.en(), "card `a`: the false statement says `only`, which gives it away");
        let at = found[0].location.as_ref().expect("placed");
        assert_eq!((at.line, at.column, at.len), (9, 45, 4), "the caret is on the word");
        let m = messages(&true_false("v", "Trung tâm cuộc gọi luôn đặt ở nước ngoài.", false));
        assert_eq!(m, ["card `v`: the false statement says `luôn`, which gives it away"]);
        let m = messages(&true_false("w", "Mọi công ty đều phải thuê ngoài.", false));
        assert_eq!(m, ["card `w`: the false statement says `mọi`, which gives it away"]);
        let m = messages(&true_false("x", "BPO không bao giờ dùng máy móc.", false));
        assert_eq!(m, ["card `x`: the false statement says `không bao giờ`, which gives it away"]);
    }

    #[test]
    fn true_negated_or_merely_similar_words_are_fine() {
        for (statement, answer) in [
            ("BPO is only one option.", true),
            ("Overall, BPO costs less.", false),
            ("Not every company must outsource.", false),
            ("Không phải mọi công ty đều thuê ngoài.", false),
            ("Không chỉ BPO mà cả tổng đài đều an toàn.", false),
            ("Trung tâm cuộc gọi được chỉ định ở địa chỉ khác.", false),
            ("Call centers are local industries.", false),
        ] {
            let m = messages(&true_false("a", statement, answer));
            assert!(m.is_empty(), "{statement}: {m:?}");
        }
    }
}
