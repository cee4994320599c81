//! A typed answer (or an accepted one) that appears in its own question,
//! or a cloze answer that appears elsewhere in its text: the card shows
//! what it asks for.

use super::{Finding, Source, holds_words};
use crate::deck::{ClozeSegment, Content, Deck};
use crate::i18n::text;

pub(super) fn check(deck: &Deck, src: &Source) -> Vec<Finding> {
    let mut out = Vec::new();
    for card in &deck.cards {
        match &card.content {
            Content::Typed { question, answer, accept } => {
                let Some(shown) = std::iter::once(answer).chain(accept).find(|a| holds_words(question, a)) else {
                    continue;
                };
                out.push(Finding::card(
                    card,
                    src.words(card, "question", shown, false),
                    text!("the answer `{answer}` appears in the question", answer = shown.as_str()),
                    text!("reword the question so it does not say the answer"),
                ));
            }
            Content::Cloze(cloze) => {
                for n in cloze.numbers() {
                    // The text as the learner sees it for deletion `n`.
                    let mut rest = String::new();
                    let mut fillings: Vec<&str> = Vec::new();
                    for s in &cloze.segments {
                        match s {
                            ClozeSegment::Text(t) => rest.push_str(t),
                            ClozeSegment::Deletion { number, text, alternatives, .. } if *number == n => {
                                rest.push_str(" … ");
                                fillings.push(text);
                                fillings.extend(alternatives.iter().map(String::as_str));
                            }
                            ClozeSegment::Deletion { text, .. } => rest.push_str(text),
                        }
                    }
                    let Some(shown) = fillings.into_iter().find(|f| holds_words(&rest, f)) else { continue };
                    out.push(Finding::card(
                        card,
                        src.words(card, "text", shown, true),
                        text!("the hidden `{answer}` is also in the rest of the text", answer = shown),
                        text!("hide every place it appears ({{{{c1::...}}}} on each), or reword"),
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::{lint, messages};

    fn typed(q: &str, a: &str, accept: &str) -> String {
        format!(
            "\n[[cards]]\nid = \"t\"\nkind = \"typed\"\nquestion = \"{q}\"\nanswer = \"{a}\"\naccept = [{accept}]\nexplanation = \"E.\"\n"
        )
    }

    fn cloze(t: &str) -> String {
        format!("\n[[cards]]\nid = \"z\"\nkind = \"cloze\"\ntext = \"{t}\"\nexplanation = \"E.\"\n")
    }

    #[test]
    fn a_typed_answer_in_its_question() {
        let found = lint(&typed("Which call comes in to the center (inbound)?", "inbound", ""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message.en(), "card `t`: the answer `inbound` appears in the question");
        let at = found[0].location.as_ref().expect("placed");
        assert_eq!((at.line, at.column, at.len), (9, 48, 7), "on the word in the question");
        // An accepted answer counts too.
        let m = messages(&typed("Khách hàng gọi vào tổng đài: loại cuộc gọi nào?", "cuộc gọi đến", "\"gọi vào\""));
        assert_eq!(m, ["card `t`: the answer `gọi vào` appears in the question"]);
        // Part of a word, or a different answer: fine.
        assert!(messages(&typed("What does a call center handle?", "phone calls", "")).is_empty());
        assert!(messages(&typed("Who handles outbound calls?", "agents", "\"bound\"")).is_empty());
    }

    #[test]
    fn a_cloze_answer_elsewhere_in_its_text() {
        let found = lint(&cloze("{{BPO}} means that BPO hands work out."));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message.en(), "card `z`: the hidden `BPO` is also in the rest of the text");
        let at = found[0].location.as_ref().expect("placed");
        assert_eq!(at.column, 28, "on the second BPO, not the deletion");
        // An alternative shown elsewhere counts; another deletion's answer does not.
        assert_eq!(messages(&cloze("The contract is {{renewed|updated}} once it is updated.")).len(), 1);
        assert!(messages(&cloze("{{BPO}} hands work out.")).is_empty());
        assert!(messages(&cloze("{{ngang}} and {{dọc}} are BPO types.")).is_empty());
    }
}
