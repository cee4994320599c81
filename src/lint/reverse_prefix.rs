//! A reversed flashcard whose back starts with its front: asked the other
//! way round, the card shows its own answer.

use super::{Finding, Source};
use crate::deck::{Content, Deck};
use crate::i18n::text;
use crate::text::normalize;

pub(super) fn check(deck: &Deck, src: &Source) -> Vec<Finding> {
    let mut out = Vec::new();
    for card in &deck.cards {
        let Content::Basic { question, answer, reverse: true } = &card.content else { continue };
        let (front, back) = (normalize(question), normalize(answer));
        if !front.is_empty() && (back == front || back.starts_with(&format!("{front} "))) {
            out.push(Finding::card(
                card,
                src.field(card, "answer"),
                text!("the back starts with the front: the reverse side shows its own answer"),
                text!("keep only the new part on the back, or drop `reverse = true`"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::{lint, messages};

    fn card(q: &str, a: &str, reverse: bool) -> String {
        format!(
            "\n[[cards]]\nid = \"r\"\nkind = \"basic\"\nquestion = \"{q}\"\nanswer = \"{a}\"\nreverse = {reverse}\nexplanation = \"E.\"\n"
        )
    }

    #[test]
    fn a_back_that_starts_with_its_front() {
        let found = lint(&card("BPO", "BPO: business process outsourcing", true));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message.en(),
            "card `r`: the back starts with the front: the reverse side shows its own answer"
        );
        assert_eq!(found[0].location.as_ref().map(|l| l.line), Some(10), "on `answer`");
    }

    #[test]
    fn a_new_back_or_no_reverse_is_fine() {
        assert!(messages(&card("BPO", "business process outsourcing", true)).is_empty());
        assert!(messages(&card("BPO", "BPO: business process outsourcing", false)).is_empty());
        assert!(messages(&card("BPO", "BPOs are common", true)).is_empty(), "a longer word is not the front");
    }
}
