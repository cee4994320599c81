//! The deck linter (`learn check --lint`): warnings about cards that are
//! valid but teach or test badly — the problems an independent reader found
//! in real decks. Each has a place and a fix; none fails a check.
//!
//! Rules:
//! - an option set repeated on five or more cards where some options are
//!   never right (learners stop reading them);
//! - a multiple-answer card where most options are right (an odd-one-out
//!   puzzle);
//! - true/false statements that are mostly true or mostly false (outside
//!   30–70% true, one warning per deck);
//! - a false statement carrying an absolute word ("only", "always", "chỉ",
//!   "luôn", ...), which gives it away;
//! - a typed or cloze answer that appears in its own question;
//! - a choice whose right option is much longer than the others;
//! - a reversed flashcard whose back starts with its front.

use std::collections::BTreeMap;

use super::cloze::ClozeSegment;
use super::diagnostic::{Diagnostic, Location, Severity};
use super::model::{Card, Content, Deck};
use crate::i18n::{Text, text};
use crate::text::normalize;

/// Words that make a statement absolute, in English and Vietnamese.
const ABSOLUTE: &[&str] =
    &["only", "always", "never", "every", "all", "none", "chỉ", "luôn", "luôn luôn", "không bao giờ", "mọi", "tất cả"];

/// The lint warnings of `deck`; `source` (the file's text) places them on
/// the field concerned, else on the card.
pub(crate) fn lint(deck: &Deck, file: &str, source: Option<&str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let place = |card: &Card, field: &str| locate(source, card.line, field);
    let warn = |card: Option<&Card>, at: Option<Location>, message: Text, help: Text| Diagnostic {
        severity: Severity::Warning,
        file: file.to_string(),
        location: at,
        card: card.map(|c| c.id.to_string()),
        message: match card {
            Some(c) => text!("card `{card}`: {message}", card = c.id.as_str(), message = message),
            None => message,
        },
        help: Some(help),
        related: vec![],
    };
    repeated_option_sets(deck, &mut out, &|c, m, h| warn(Some(c), place(c, "options"), m, h));
    for card in &deck.cards {
        match &card.content {
            Content::Choice { question: _, options, answers, multiple } => {
                if *multiple && answers.len() * 2 > options.len() {
                    out.push(warn(
                        Some(card),
                        place(card, "answers"),
                        text!(
                            "{right} of its {all} options are right: the card asks for the odd one out",
                            right = answers.len(),
                            all = options.len()
                        ),
                        text!("ask for the one that does not belong as a single choice, or add wrong options"),
                    ));
                }
                if let [right] = answers.as_slice()
                    && let Some(r) = options.get(*right)
                {
                    let width = |s: &String| s.chars().count();
                    let longest_other =
                        options.iter().enumerate().filter(|(i, _)| i != right).map(|(_, o)| width(o)).max();
                    if let Some(other) = longest_other
                        && width(r) * 2 >= other * 3
                        && width(r) >= other + 15
                    {
                        out.push(warn(
                            Some(card),
                            place(card, "answer"),
                            text!("the right option is much longer than the others, which gives it away"),
                            text!("make the options alike in length and detail"),
                        ));
                    }
                }
            }
            Content::TrueFalse { statement, answer: false } => {
                if let Some(word) = absolute_word(statement) {
                    out.push(warn(
                        Some(card),
                        place(card, "statement"),
                        text!("the false statement says `{word}`, which gives it away", word = word),
                        text!("make it false by its content, not by an absolute word; or make a true statement absolute too"),
                    ));
                }
            }
            Content::Typed { question, answer, .. } => {
                if contains_answer(question, answer) {
                    out.push(warn(
                        Some(card),
                        place(card, "question"),
                        text!("the answer `{answer}` appears in the question", answer = answer.as_str()),
                        text!("reword the question so it does not say the answer"),
                    ));
                }
            }
            Content::Cloze(cloze) => {
                for n in cloze.numbers() {
                    let answer = cloze.answer(n);
                    let rest: String = cloze
                        .segments
                        .iter()
                        .map(|s| match s {
                            ClozeSegment::Text(t) => t.clone(),
                            ClozeSegment::Deletion { number, text, .. } if *number != n => text.clone(),
                            ClozeSegment::Deletion { .. } => " ".to_string(),
                        })
                        .collect();
                    if contains_answer(&rest, &answer) {
                        out.push(warn(
                            Some(card),
                            place(card, "text"),
                            text!("the hidden `{answer}` is also in the rest of the text", answer = answer.as_str()),
                            text!("hide every place it appears ({{{{c1::...}}}} on each), or reword"),
                        ));
                    }
                }
            }
            Content::Basic { question, answer, reverse: true } => {
                let (q, a) = (normalize(question), normalize(answer));
                if !q.is_empty() && a.starts_with(&q) {
                    out.push(warn(
                        Some(card),
                        place(card, "answer"),
                        text!("the back starts with the front: the reverse side shows its own answer"),
                        text!("keep only the new part on the back, or drop `reverse = true`"),
                    ));
                }
            }
            Content::TrueFalse { .. } | Content::Basic { .. } => {}
        }
    }
    true_false_balance(deck, &mut out, &|m, h| warn(None, None, m, h));
    out
}

/// Option sets (compared without order or case) on five cards or more,
/// with options that are right on none of them.
fn repeated_option_sets(deck: &Deck, out: &mut Vec<Diagnostic>, warn: &dyn Fn(&Card, Text, Text) -> Diagnostic) {
    let mut sets: BTreeMap<Vec<String>, Vec<&Card>> = BTreeMap::new();
    for card in &deck.cards {
        if let Content::Choice { options, .. } = &card.content {
            let mut key: Vec<String> = options.iter().map(|o| normalize(o)).collect();
            key.sort();
            sets.entry(key).or_default().push(card);
        }
    }
    for cards in sets.values().filter(|c| c.len() >= 5) {
        let Some(Content::Choice { options, .. }) = cards.first().map(|c| &c.content) else { continue };
        let never: Vec<&String> = options
            .iter()
            .filter(|o| {
                !cards.iter().any(|c| match &c.content {
                    Content::Choice { options, answers, .. } => {
                        answers.iter().any(|&i| options.get(i).is_some_and(|x| normalize(x) == normalize(o)))
                    }
                    _ => false,
                })
            })
            .collect();
        if never.is_empty() {
            continue;
        }
        let list = never.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
        out.push(warn(
            cards[0],
            text!(
                "{n} cards share these options and {never} is never the right one, so learners skip it",
                n = cards.len(),
                never = list
            ),
            text!("make every option right on some card, or drop the ones that never are"),
        ));
    }
}

/// One warning per deck when fewer than 30% or more than 70% of its
/// true/false statements are true (with four statements or more).
fn true_false_balance(deck: &Deck, out: &mut Vec<Diagnostic>, warn: &dyn Fn(Text, Text) -> Diagnostic) {
    let answers: Vec<bool> = deck
        .cards
        .iter()
        .filter_map(|c| match c.content {
            Content::TrueFalse { answer, .. } => Some(answer),
            _ => None,
        })
        .collect();
    let all = answers.len();
    if all < 4 {
        return;
    }
    let true_ones = answers.iter().filter(|a| **a).count();
    if true_ones * 10 < all * 3 || true_ones * 10 > all * 7 {
        out.push(warn(
            text!(
                "{true_ones} of {all} true/false statements are true: a learner who always guesses one way does well",
                true_ones = true_ones,
                all = all
            ),
            text!("keep between 30% and 70% of the statements true"),
        ));
    }
}

/// The absolute word a statement uses, if any (whole words, any case).
fn absolute_word(statement: &str) -> Option<&'static str> {
    let words: Vec<String> =
        statement.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    ABSOLUTE.iter().copied().find(|a| {
        let parts: Vec<&str> = a.split(' ').collect();
        words.windows(parts.len()).any(|w| w.iter().zip(&parts).all(|(x, y)| x == y))
    })
}

/// Whether `text` holds `answer` as words (answers of three letters or more).
fn contains_answer(text: &str, answer: &str) -> bool {
    let a = normalize(answer);
    if a.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return false;
    }
    let t = format!(" {} ", normalize(text).replace(|c: char| !c.is_alphanumeric(), " "));
    let a = format!(
        " {} ",
        a.replace(|c: char| !c.is_alphanumeric(), " ").split_whitespace().collect::<Vec<_>>().join(" ")
    );
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(" {t} ").contains(&a)
}

/// The line of `field = ...` in the card that starts at `card_line`, else
/// the card's header line.
fn locate(source: Option<&str>, card_line: usize, field: &str) -> Option<Location> {
    let source = source?;
    let lines: Vec<&str> = source.lines().collect();
    let header = card_line.checked_sub(1)?;
    let mut at = header;
    for (i, l) in lines.iter().enumerate().skip(header + 1) {
        let t = l.trim_start();
        if t.starts_with("[[") || t.starts_with('[') && !t.starts_with("[\"") {
            break;
        }
        if t.strip_prefix(field).is_some_and(|r| r.trim_start().starts_with('=')) {
            at = i;
            break;
        }
    }
    let text = lines.get(at)?.to_string();
    let column = text.len() - text.trim_start().len() + 1;
    let len = text.trim().chars().count().max(1);
    Some(Location { line: at + 1, column, len, text })
}

#[cfg(test)]
mod tests;
