//! A single-answer choice whose right option is much longer than every
//! other (half as long again, and 15 characters more): the longest option
//! is a safe guess. Options that serve as labels on several cards ("BPO",
//! "Call center") are names, not crafted answers, and are left alone.

use std::collections::HashMap;

use super::{Finding, Source};
use crate::deck::{Content, Deck};
use crate::i18n::text;
use crate::text::normalize;

/// An option on this many choice cards or more is a label.
const LABEL_CARDS: usize = 3;

pub(super) fn check(deck: &Deck, src: &Source) -> Vec<Finding> {
    let mut uses: HashMap<String, usize> = HashMap::new();
    for card in &deck.cards {
        if let Content::Choice { options, .. } = &card.content {
            for o in options {
                *uses.entry(normalize(o)).or_default() += 1;
            }
        }
    }
    let mut out = Vec::new();
    for card in &deck.cards {
        let Content::Choice { options, answers, .. } = &card.content else { continue };
        let [right] = answers.as_slice() else { continue };
        let Some(r) = options.get(*right) else { continue };
        if uses.get(&normalize(r)).copied().unwrap_or(0) >= LABEL_CARDS {
            continue;
        }
        let width = |s: &String| s.chars().count();
        let Some(other) = options.iter().enumerate().filter(|(i, _)| i != right).map(|(_, o)| width(o)).max() else {
            continue;
        };
        if width(r) * 2 >= other * 3 && width(r) >= other + 15 {
            out.push(Finding::card(
                card,
                src.field(card, "answer"),
                text!("the right option is much longer than the others, which gives it away"),
                text!("make the options alike in length and detail"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::{choice, lint, messages};

    #[test]
    fn a_right_option_much_longer_than_the_others() {
        let long = "Only when the company outsources a whole business process abroad";
        let found = lint(&choice("l", &["Yes", "No", long], long));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message.en(),
            "card `l`: the right option is much longer than the others, which gives it away"
        );
        assert_eq!(found[0].location.as_ref().map(|l| l.text.starts_with("answer = ")), Some(true));
    }

    #[test]
    fn options_alike_in_length_or_labels_are_fine() {
        assert!(
            messages(&choice(
                "e",
                &["In one building", "Across several countries", "On the phone"],
                "Across several countries"
            ))
            .is_empty()
        );
        // A long label used as an option on several cards is a name.
        let labels = ["BPO", "Trung tâm cuộc gọi"];
        let cards: String = (0..3)
            .map(|i| choice(&format!("c{i}"), &labels, if i == 0 { "BPO" } else { "Trung tâm cuộc gọi" }))
            .collect();
        assert!(messages(&cards).is_empty(), "{:?}", messages(&cards));
        // The same pair on one card alone is not a label.
        assert_eq!(messages(&choice("c", &["BPO", "Trung tâm cuộc gọi"], "Trung tâm cuộc gọi")).len(), 1);
    }
}
