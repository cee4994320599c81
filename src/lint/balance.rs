//! True/false statements that are mostly true or mostly false: a learner
//! who always answers one way does well. One warning per deck, with four
//! statements or more, when fewer than 30% or more than 70% are true.

use super::{Finding, Source};
use crate::deck::{Content, Deck};
use crate::i18n::text;

pub(super) fn check(deck: &Deck, src: &Source) -> Vec<Finding> {
    let answers: Vec<bool> = deck
        .cards
        .iter()
        .filter_map(|c| match c.content {
            Content::TrueFalse { answer, .. } => Some(answer),
            _ => None,
        })
        .collect();
    let all = answers.len();
    let true_ones = answers.iter().filter(|a| **a).count();
    if all < 4 || (true_ones * 10 >= all * 3 && true_ones * 10 <= all * 7) {
        return Vec::new();
    }
    vec![Finding {
        card: None,
        at: src.header(),
        message: text!(
            "{true_ones} of {all} true/false statements are true: a learner who always guesses one way does well",
            true_ones = true_ones,
            all = all
        ),
        help: text!("keep between 30% and 70% of the statements true"),
    }]
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::{lint, messages, true_false};

    fn statements(n: usize, true_ones: usize) -> String {
        (0..n).map(|i| true_false(&format!("t{i}"), &format!("Statement {i}."), i < true_ones)).collect()
    }

    #[test]
    fn mostly_false_or_mostly_true_is_one_warning_for_the_deck() {
        let found = lint(&statements(5, 1));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message.en(),
            "1 of 5 true/false statements are true: a learner who always guesses one way does well"
        );
        assert_eq!(found[0].card, None);
        assert_eq!(found[0].location.as_ref().map(|l| l.line), Some(1), "on the [deck] header");
        assert_eq!(
            messages(&statements(10, 8)),
            ["8 of 10 true/false statements are true: a learner who always guesses one way does well"]
        );
    }

    #[test]
    fn a_balanced_or_small_deck_is_fine() {
        assert!(messages(&statements(10, 3)).is_empty(), "30% is the edge, allowed");
        assert!(messages(&statements(10, 7)).is_empty(), "70% too");
        assert!(messages(&statements(6, 3)).is_empty());
        assert!(messages(&statements(3, 0)).is_empty(), "fewer than four statements say nothing");
    }
}
