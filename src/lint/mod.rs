//! The deck linter (`learn check --lint`): warnings about cards that pass
//! every rule of `learn check` but teach or test badly — the problems an
//! independent reader found in real decks. Each warning names the card,
//! points at the field (or the very word) concerned and says what to do;
//! none fails a check.
//!
//! One rule per file, each a pure function over a validated [`Deck`] and
//! the deck's text (a [`Source`], for placing the warning):
//!
//! - [`option_sets`]: an option set repeated on five or more cards where
//!   some options are never right;
//! - [`odd_one_out`]: a multiple-answer card where most options are right;
//! - [`balance`]: true/false statements mostly true or mostly false
//!   (outside 30–70% true; one warning per deck);
//! - [`absolute_word`]: a false statement given away by "only", "always",
//!   "chỉ", "luôn", ...;
//! - [`answer_shown`]: a typed or cloze answer that appears in its own
//!   question;
//! - [`long_option`]: a choice whose right option is much longer than the
//!   others;
//! - [`reverse_prefix`]: a reversed flashcard whose back starts with its
//!   front.

mod absolute_word;
mod answer_shown;
mod balance;
mod long_option;
mod odd_one_out;
mod option_sets;
mod reverse_prefix;
mod source;

use crate::deck::{Card, Deck, Diagnostic, Location, Severity};
use crate::i18n::{Text, text};

pub(crate) use source::Source;

/// What a rule found: the card it is about (none for a deck-wide finding),
/// where, what is wrong and what to do.
#[derive(Debug)]
pub(crate) struct Finding {
    pub card: Option<String>,
    pub at: Option<Location>,
    pub message: Text,
    pub help: Text,
}

impl Finding {
    fn card(card: &Card, at: Option<Location>, message: Text, help: Text) -> Finding {
        Finding { card: Some(card.id.to_string()), at, message, help }
    }
}

/// Every rule, in the order their warnings are listed.
const RULES: [fn(&Deck, &Source) -> Vec<Finding>; 7] = [
    option_sets::check,
    odd_one_out::check,
    long_option::check,
    absolute_word::check,
    answer_shown::check,
    reverse_prefix::check,
    balance::check,
];

/// The lint warnings of `deck`, read from `file`; `text` (the file's text,
/// when there is one) places them on the field concerned.
pub(crate) fn lint(deck: &Deck, file: &str, text: Option<&str>) -> Vec<Diagnostic> {
    let source = Source::new(text);
    let mut findings: Vec<Finding> = RULES.iter().flat_map(|rule| rule(deck, &source)).collect();
    // Card by card in file order; deck-wide findings last.
    let order = |f: &Finding| {
        f.card.as_deref().and_then(|id| deck.cards.iter().position(|c| c.id.as_str() == id)).unwrap_or(usize::MAX)
    };
    findings.sort_by_key(order);
    findings
        .into_iter()
        .map(|f| Diagnostic {
            severity: Severity::Warning,
            file: file.to_string(),
            location: f.at,
            message: match &f.card {
                Some(card) => text!("card `{card}`: {message}", card = card.as_str(), message = f.message),
                None => f.message,
            },
            card: f.card,
            help: Some(f.help),
            related: vec![],
        })
        .collect()
}

/// Whether `haystack` holds `needle` as whole words, compared the way
/// answers are (case, marks' encoding, spaces and punctuation ignored).
/// Needles of fewer than three letters never match: "a", "AI", "vs".
fn holds_words(haystack: &str, needle: &str) -> bool {
    let n = crate::text::normalize(needle);
    if n.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return false;
    }
    let h = crate::text::normalize(haystack);
    format!(" {h} ").contains(&format!(" {n} "))
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small decks for the rules' tests.

    use crate::deck::{Deck, Diagnostic, Origin, parse_str};

    /// The deck text made of these cards.
    pub(crate) fn text(cards: &str) -> String {
        format!("[deck]\nid = \"t\"\nname = \"T\"\nlanguage = \"en\"\n{cards}")
    }

    pub(crate) fn deck(cards: &str) -> (Deck, String) {
        let text = text(cards);
        let parsed = parse_str(&text, Origin::Generated, "t.toml");
        let deck = parsed.deck.unwrap_or_else(|| panic!("a valid deck: {:#?}", parsed.diagnostics));
        (deck, text)
    }

    /// The warnings of a deck made of these cards.
    pub(crate) fn lint(cards: &str) -> Vec<Diagnostic> {
        let (deck, text) = deck(cards);
        super::lint(&deck, "t.toml", Some(&text))
    }

    /// Their messages, in English.
    pub(crate) fn messages(cards: &str) -> Vec<String> {
        lint(cards).iter().map(|d| d.message.en()).collect()
    }

    pub(crate) fn choice(id: &str, options: &[&str], answer: &str) -> String {
        let opts = options.iter().map(|o| format!("\"{o}\"")).collect::<Vec<_>>().join(", ");
        format!(
            "\n[[cards]]\nid = \"{id}\"\nkind = \"choice\"\nquestion = \"Which one, {id}?\"\noptions = [{opts}]\nanswer = \"{answer}\"\nexplanation = \"E.\"\n"
        )
    }

    pub(crate) fn true_false(id: &str, statement: &str, answer: bool) -> String {
        format!(
            "\n[[cards]]\nid = \"{id}\"\nkind = \"true_false\"\nstatement = \"{statement}\"\nanswer = {answer}\nexplanation = \"E.\"\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{choice, lint, true_false};

    #[test]
    fn warnings_come_card_by_card_with_the_deck_wide_ones_last() {
        let cards: String = (0..4)
            .map(|i| true_false(&format!("t{i}"), &format!("Statement {i} is always so."), false))
            .chain([choice(
                "c",
                &["Yes", "No", "Only when a whole process is handed out abroad"],
                "Only when a whole process is handed out abroad",
            )])
            .collect();
        let found = lint(&cards);
        let cards: Vec<Option<&str>> = found.iter().map(|d| d.card.as_deref()).collect();
        assert_eq!(cards, [Some("t0"), Some("t1"), Some("t2"), Some("t3"), Some("c"), None]);
        assert!(found.iter().all(|d| d.help.is_some() && d.severity == crate::deck::Severity::Warning));
        assert!(found[..5].iter().all(|d| d.location.is_some()), "every card warning is placed");
    }

    #[test]
    fn a_clean_deck_has_no_warnings() {
        let cards = [
            true_false("a", "Call centers handle inbound calls.", true),
            true_false("b", "BPO is concentrated in one place.", false),
            choice("c", &["HR", "Phone work", "Sales"], "HR"),
        ]
        .concat();
        assert!(lint(&cards).is_empty(), "{:#?}", lint(&cards));
    }
}
