//! The ranking pass: from every candidate the makers propose, keep the
//! best — one fact each, no near-duplicates, no card whose answer its own
//! question shows, true and false statements balanced, every section
//! represented — about one card per 40–80 words of article, in the
//! article's order.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::makers::{Candidate, Maker, contains_words, normalize};
use crate::deck::Content;

/// Words of article per card: the budget is `words / WORDS_PER_CARD`,
/// between `words / 80` and `words / 40`.
const WORDS_PER_CARD: usize = 40;

/// Two candidates from different places whose facts share this share of
/// their words are near-duplicates; so are two from one section where
/// four fifths of the smaller fact's words (four or more) are in the other.
const NEAR: f64 = 0.5;

/// A word on this many kept cards says nothing about duplicates.
const COMMON: usize = 64;

/// The candidates kept, in the article's order.
pub(crate) fn rank(candidates: Vec<Candidate>, words: usize) -> Vec<Candidate> {
    let mut pool: Vec<Candidate> = candidates.into_iter().filter(|c| !answer_in_question(&c.content)).collect();
    // Best first; ties in the article's order.
    pool.sort_by(|a, b| b.score.cmp(&a.score).then(place(a).cmp(&place(b))));
    let pool = without_near_duplicates(pool);
    let budget = (words / WORDS_PER_CARD).max(words.div_ceil(80)).min(words.div_ceil(40)).max(1);
    let mut kept = pick(pool, budget);
    balance(&mut kept);
    kept.sort_by_key(place);
    kept
}

/// A candidate's place: section, block, sentence or row, then maker.
fn place(c: &Candidate) -> (usize, (usize, usize), Maker) {
    (c.section, c.at, c.maker)
}

/// Whether a card's answer stands in its question (it would teach nothing).
pub(crate) fn answer_in_question(content: &Content) -> bool {
    match content {
        Content::Typed { question, answer, .. } | Content::Basic { question, answer, .. } => {
            contains_words(question, answer)
        }
        Content::Choice { question, options, answers, .. } => {
            answers.iter().filter_map(|&i| options.get(i)).any(|o| contains_words(question, o))
        }
        Content::TrueFalse { .. } | Content::Cloze(_) => false,
    }
}

/// The words of a fact, for comparing.
fn word_set(key: &str) -> HashSet<String> {
    normalize(key).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Shared words over all words (Jaccard), from the count of shared words
/// and the two sizes: a short fact inside a long sentence about more is
/// not its duplicate.
fn jaccard(shared: usize, a: usize, b: usize) -> f64 {
    let all = a + b - shared.min(a + b);
    if all == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)] // word counts are small
    let share = shared as f64 / all as f64;
    share
}

/// The question of a flashcard or typed card, compared without case: two
/// cards asking the same ("BPO là gì?") with different answers confuse.
///
/// Several-answer choices over one set of options are the same question
/// too: the second (the other side's list) is answered by the first.
fn question_of(content: &Content) -> Option<String> {
    match content {
        Content::Basic { question, .. } | Content::Typed { question, .. } => Some(normalize(question)),
        Content::Choice { options, multiple: true, .. } => {
            let mut set: Vec<String> = options.iter().map(|o| normalize(o)).collect();
            set.sort();
            Some(format!("options: {}", set.join(" | ")))
        }
        _ => None,
    }
}

/// Keeps, of near-duplicates from different places, the better one (the
/// pool is sorted best first). Cards from one place (a table row's choice
/// and statement) are different questions on one fact: one of each kind.
///
/// Only kept cards sharing a word with the new one are compared (an index
/// by word; words on more than [`COMMON`] kept cards are not looked up),
/// so a long article is not a quadratic walk.
fn without_near_duplicates(pool: Vec<Candidate>) -> Vec<Candidate> {
    let mut kept: Vec<(Candidate, HashSet<String>)> = Vec::new();
    let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_place: HashMap<(usize, (usize, usize), Maker), Vec<usize>> = HashMap::new();
    let mut questions: HashSet<String> = HashSet::new();
    for c in pool {
        let words = word_set(&c.key);
        let question = question_of(&c.content);
        if question.as_ref().is_some_and(|q| questions.contains(q)) {
            continue;
        }
        let other_group = |k: &Candidate| k.group.is_none_or(|g| Some(g) != c.group);
        let same_place = by_place.get(&place(&c)).into_iter().flatten().any(|&i| {
            let k = &kept[i].0;
            std::mem::discriminant(&k.content) == std::mem::discriminant(&c.content) && other_group(k)
        });
        if same_place {
            continue;
        }
        // Shared words per kept card, counted through the index.
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for list in words.iter().filter_map(|w| by_word.get(w)).filter(|list| list.len() <= COMMON) {
            for &i in list {
                *shared.entry(i).or_default() += 1;
            }
        }
        let common: Vec<&String> =
            words.iter().filter(|w| by_word.get(*w).is_some_and(|list| list.len() > COMMON)).collect();
        let clash = shared.iter().any(|(&i, &n)| {
            let (k, w) = &kept[i];
            let n = n + common.iter().filter(|cw| w.contains(**cw)).count();
            let contained =
                k.section == c.section && w.len().min(words.len()) >= 4 && n * 5 >= w.len().min(words.len()) * 4;
            place(k) != place(&c) && other_group(k) && (jaccard(n, w.len(), words.len()) >= NEAR || contained)
        });
        if clash {
            continue;
        }
        let i = kept.len();
        for w in &words {
            by_word.entry(w.clone()).or_default().push(i);
        }
        by_place.entry(place(&c)).or_default().push(i);
        questions.extend(question);
        kept.push((c, words));
    }
    kept.into_iter().map(|(c, _)| c).collect()
}

/// Up to `budget` cards: first each section's best (every section with a
/// card is represented), then the best of the rest; a group is taken whole.
fn pick(pool: Vec<Candidate>, budget: usize) -> Vec<Candidate> {
    let mut firsts: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, c) in pool.iter().enumerate() {
        firsts.entry(c.section).or_insert(i);
    }
    let first_set: HashSet<usize> = firsts.values().copied().collect();
    let order: Vec<usize> =
        firsts.values().copied().chain((0..pool.len()).filter(|i| !first_set.contains(i))).collect();
    let mut taken = vec![false; pool.len()];
    let mut kept: Vec<Candidate> = Vec::new();
    for i in order {
        if kept.len() >= budget {
            break;
        }
        if taken[i] {
            continue;
        }
        taken[i] = true;
        kept.push(pool[i].clone());
        if let Some(g) = pool[i].group {
            for (j, c) in pool.iter().enumerate() {
                if !taken[j] && c.group == Some(g) {
                    taken[j] = true;
                    kept.push(c.clone());
                }
            }
        }
    }
    kept
}

/// Evens out true and false statements: while one answer has more than
/// 60%, a card of it with an opposite alternative takes the alternative.
fn balance(kept: &mut [Candidate]) {
    let count = |kept: &[Candidate], v: bool| {
        kept.iter().filter(|c| matches!(c.content, Content::TrueFalse { answer, .. } if answer == v)).count()
    };
    loop {
        let (t, f) = (count(kept, true), count(kept, false));
        let total = t + f;
        if total == 0 {
            return;
        }
        let majority = t > f;
        let (big, small) = if majority { (t, f) } else { (f, t) };
        // Done when a swap would not make it better.
        if big * 10 <= total * 6 || big <= small + 1 {
            return;
        }
        let swap = kept.iter_mut().rev().find(|c| {
            matches!(c.content, Content::TrueFalse { answer, .. } if answer == majority)
                && c.alternative
                    .as_ref()
                    .is_some_and(|a| matches!(a.content, Content::TrueFalse { answer, .. } if answer != majority))
        });
        let Some(card) = swap else { return };
        if let Some(alt) = card.alternative.take() {
            *card = *alt;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tf(statement: &str, answer: bool, section: usize, key: &str) -> Candidate {
        Candidate {
            content: Content::TrueFalse { statement: statement.into(), answer },
            explanation: "E.".into(),
            section,
            at: (0, statement.len()),
            maker: Maker::Contrast,
            score: 5,
            group: None,
            alternative: None,
            key: key.into(),
        }
    }

    #[test]
    fn near_duplicates_from_other_places_go() {
        let a = tf("BPO handles tasks abroad.", true, 0, "BPO handles tasks abroad");
        let b = tf("BPO handles many tasks abroad.", true, 1, "BPO handles many tasks abroad");
        let c = tf("Call centres stay local.", true, 2, "Call centres stay local");
        let kept = rank(vec![a, b, c], 10_000);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[1].key, "Call centres stay local");
    }

    #[test]
    fn the_budget_follows_the_words_and_every_section_gets_a_turn() {
        let many: Vec<Candidate> = (0..40)
            .map(|i| Candidate {
                at: (0, i),
                ..tf(&format!("Fact {i}."), i % 2 == 0, i % 4, &format!("fact{i} word{i} other{i}"))
            })
            .collect();
        let kept = rank(many, 450);
        assert_eq!(kept.len(), 11, "450 words give 11 cards");
        let sections: HashSet<usize> = kept.iter().map(|c| c.section).collect();
        assert_eq!(sections.len(), 4);
    }

    #[test]
    fn a_typed_answer_in_its_question_is_dropped() {
        let c = Candidate {
            content: Content::Typed {
                question: "What does BPO stand for in BPO?".into(),
                answer: "BPO".into(),
                accept: vec![],
            },
            ..tf("x", true, 0, "k")
        };
        assert!(answer_in_question(&c.content));
        assert!(rank(vec![c], 1000).is_empty());
    }

    #[test]
    fn several_answer_cards_over_one_set_of_options_are_one_question() {
        let choice = |answers: Vec<usize>, section: usize| Candidate {
            content: Content::Choice {
                question: format!("Which belong to list {section}?"),
                options: vec!["a b".into(), "c d".into(), "e f".into(), "g h".into()],
                answers,
                multiple: true,
            },
            ..tf("x", true, section, &format!("lead{section} unique{section} words{section}"))
        };
        let kept = rank(vec![choice(vec![0, 1], 0), choice(vec![2, 3], 1)], 1000);
        assert_eq!(kept.len(), 1, "the second is answered by the first");
    }

    #[test]
    fn statements_are_balanced_with_their_alternatives() {
        let mut cards: Vec<Candidate> = (0..6)
            .map(|i| {
                let mut c = tf(&format!("True {i}."), true, i, &format!("k{i} a{i} b{i}"));
                c.alternative = Some(Box::new(tf(&format!("False {i}."), false, i, &format!("k{i} a{i} b{i}"))));
                c
            })
            .collect();
        balance(&mut cards);
        let falses = cards.iter().filter(|c| matches!(c.content, Content::TrueFalse { answer: false, .. })).count();
        assert!((2..=3).contains(&falses), "{falses} false of 6");
    }
}
