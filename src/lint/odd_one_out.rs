//! A several-answers choice where most options are right: the card becomes
//! "find the odd one out", answered by spotting one wrong option rather
//! than recalling the right ones.

use super::{Finding, Source};
use crate::deck::{Content, Deck};
use crate::i18n::text;

pub(super) fn check(deck: &Deck, src: &Source) -> Vec<Finding> {
    let mut out = Vec::new();
    for card in &deck.cards {
        let Content::Choice { options, answers, multiple: true, .. } = &card.content else { continue };
        if answers.len() * 2 > options.len() {
            out.push(Finding::card(
                card,
                src.field(card, "answers"),
                text!(
                    "{right} of its {all} options are right: the card asks for the odd one out",
                    right = answers.len(),
                    all = options.len()
                ),
                text!("ask for the one that does not belong as a single choice, or add wrong options"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::{lint, messages};

    fn card(answers: &str) -> String {
        format!(
            "\n[[cards]]\nid = \"m\"\nkind = \"choice\"\nquestion = \"Which?\"\noptions = [\"a\", \"b\", \"c\", \"d\"]\nanswers = [{answers}]\nexplanation = \"E.\"\n"
        )
    }

    #[test]
    fn most_options_right_is_an_odd_one_out() {
        let found = lint(&card("\"a\", \"b\", \"c\""));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message.en(), "card `m`: 3 of its 4 options are right: the card asks for the odd one out");
        assert_eq!(found[0].location.as_ref().map(|l| l.line), Some(11), "on `answers`");
    }

    #[test]
    fn half_or_fewer_right_is_fine() {
        assert!(messages(&card("\"a\", \"b\"")).is_empty());
        assert!(messages(&card("\"a\"")).is_empty());
    }
}
