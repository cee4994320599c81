//! One set of options on five or more choice cards, with options that are
//! right on none of them ("Both", "Neither"): learners soon skip those, and
//! the cards turn into coin flips.

use std::collections::BTreeMap;

use super::{Finding, Source};
use crate::deck::{Card, Content, Deck};
use crate::i18n::text;
use crate::text::normalize;

/// A set shared by this many cards or more is checked.
const CARDS: usize = 5;

pub(super) fn check(deck: &Deck, src: &Source) -> Vec<Finding> {
    // Sets compared without order or case.
    let mut sets: BTreeMap<Vec<String>, Vec<&Card>> = BTreeMap::new();
    for card in &deck.cards {
        if let Content::Choice { options, .. } = &card.content {
            let mut key: Vec<String> = options.iter().map(|o| normalize(o)).collect();
            key.sort();
            sets.entry(key).or_default().push(card);
        }
    }
    let mut out = Vec::new();
    for cards in sets.values().filter(|c| c.len() >= CARDS) {
        let Some(Content::Choice { options, .. }) = cards.first().map(|c| &c.content) else { continue };
        let right_somewhere = |o: &String| {
            cards.iter().any(|c| match &c.content {
                Content::Choice { options, answers, .. } => {
                    answers.iter().any(|&i| options.get(i).is_some_and(|x| normalize(x) == normalize(o)))
                }
                _ => false,
            })
        };
        let never: Vec<String> = options.iter().filter(|o| !right_somewhere(o)).map(|o| format!("`{o}`")).collect();
        if never.is_empty() {
            continue;
        }
        out.push(Finding::card(
            cards[0],
            src.field(cards[0], "options"),
            text!(
                "{n} cards share these options and {never} is never the right one, so learners skip it",
                n = cards.len(),
                never = never.join(", ")
            ),
            text!("make every option right on some card, or drop the ones that never are"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lint::testing::{choice, lint, messages};

    const SET: [&str; 4] = ["BPO", "Call center", "Both", "Neither"];

    #[test]
    fn a_shared_set_with_options_never_right() {
        let cards: String =
            (0..5).map(|i| choice(&format!("c{i}"), &SET, if i % 2 == 0 { "BPO" } else { "Call center" })).collect();
        let found = lint(&cards);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message.en(),
            "card `c0`: 5 cards share these options and `Both`, `Neither` is never the right one, so learners skip it"
        );
        assert_eq!(found[0].location.as_ref().map(|l| l.text.starts_with("options = ")), Some(true));
        // Order and case do not make another set.
        let shuffled: String =
            (0..5).map(|i| choice(&format!("c{i}"), &["neither", "both", "call center", "BPO"], "BPO")).collect();
        assert_eq!(messages(&shuffled).len(), 1);
    }

    #[test]
    fn every_option_right_somewhere_or_few_cards_is_fine() {
        let all_used: String = SET
            .iter()
            .enumerate()
            .map(|(i, a)| choice(&format!("c{i}"), &SET, a))
            .chain([choice("c9", &SET, "Both")])
            .collect();
        assert!(messages(&all_used).is_empty());
        let few: String = (0..4).map(|i| choice(&format!("c{i}"), &SET, "BPO")).collect();
        assert!(messages(&few).is_empty());
    }
}
