//! The trainer's report (`learn report`): every learner's progress and the
//! cards the group misses, from the review log and the card states of
//! every learner the store lets us read. Pure: rows and the time come in,
//! figures go out (the text, JSON and HTML layouts are the callers' and
//! `html.rs`'s).

pub(crate) mod html;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::schedule::{Grade, State};
use crate::store::{CardRow, Mode, ReviewRow};

/// How many common wrong answers each card lists.
const WRONG_ANSWERS: usize = 3;

/// What the report is made from.
pub(crate) struct Input<'a> {
    pub reviews: &'a [ReviewRow],
    pub cards: &'a [CardRow],
    pub now: DateTime<Utc>,
    /// Answers before this are left out of the per-period figures.
    pub since: DateTime<Utc>,
    /// Only these progress keys (`None`: every deck).
    pub decks: Option<&'a [String]>,
    /// A card's question, by (progress key, card id), when its deck is here.
    pub questions: &'a HashMap<(String, String), String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Cohort {
    pub schema: u32,
    #[serde(serialize_with = "rfc3339")]
    pub generated: DateTime<Utc>,
    #[serde(serialize_with = "rfc3339")]
    pub since: DateTime<Utc>,
    pub learners: Vec<Learner>,
    /// Cards answered since `since`, hardest first.
    pub cards: Vec<HardCard>,
}

/// One learner's line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Learner {
    pub learner: String,
    /// Cards with a schedule (studied at least once, ever).
    pub cards_studied: u32,
    /// Answers since `since` (imported history aside).
    pub answers: u32,
    /// Reviews of review cards since `since` that were not Again, over all
    /// of them; `None` without any.
    pub true_retention: Option<f64>,
    pub reviews: u32,
    /// Cards due now or earlier.
    pub due_backlog: u32,
    /// The latest answer, ever.
    #[serde(serialize_with = "opt_rfc3339")]
    pub last_active: Option<DateTime<Utc>>,
    /// Time spent answering since `since`, in seconds.
    pub time_spent_secs: i64,
}

/// One card as the group answered it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct HardCard {
    pub deck: String,
    pub card: String,
    pub question: Option<String>,
    pub answers: u32,
    pub misses: u32,
    pub miss_rate: f64,
    /// How many learners answered it.
    pub learners: u32,
    /// How many of them missed it at least once.
    pub learners_missing: u32,
    pub wrong_answers: Vec<WrongAnswer>,
}

/// A wrong answer given more than once is a sign of a misconception (or a
/// badly written card).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct WrongAnswer {
    pub answer: String,
    pub count: u32,
}

fn rfc3339<S: serde::Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

fn opt_rfc3339<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => rfc3339(t, s),
        None => s.serialize_none(),
    }
}

fn counted(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Folds the rows into the report.
pub(crate) fn build(input: &Input<'_>) -> Cohort {
    let in_decks = |deck: &str| input.decks.is_none_or(|d| d.iter().any(|k| k == deck));
    let mut learners: BTreeMap<&str, Learner> = BTreeMap::new();
    let blank = |name: &str| Learner {
        learner: name.to_string(),
        cards_studied: 0,
        answers: 0,
        true_retention: None,
        reviews: 0,
        due_backlog: 0,
        last_active: None,
        time_spent_secs: 0,
    };
    for c in input.cards.iter().filter(|c| in_decks(&c.deck)) {
        let l = learners.entry(&c.learner).or_insert_with(|| blank(&c.learner));
        l.cards_studied += 1;
        if c.state.state != State::New && c.state.due <= input.now {
            l.due_backlog += 1;
        }
    }
    let mut passed: HashMap<&str, u32> = HashMap::new();
    let mut duration: HashMap<&str, i64> = HashMap::new();
    struct CardTally<'a> {
        answers: u32,
        misses: u32,
        learners: BTreeSet<&'a str>,
        missing: BTreeSet<&'a str>,
        wrong: BTreeMap<String, u32>,
    }
    let mut cards: BTreeMap<(&str, &str), CardTally<'_>> = BTreeMap::new();
    for r in input.reviews.iter().filter(|r| r.mode != Mode::Import && in_decks(&r.deck)) {
        let l = learners.entry(&r.learner).or_insert_with(|| blank(&r.learner));
        l.last_active = l.last_active.max(Some(r.time));
        if r.time < input.since {
            continue;
        }
        l.answers += 1;
        *duration.entry(&r.learner).or_default() += r.duration_ms.max(0);
        if r.rescheduled && r.before.state == State::Review {
            l.reviews += 1;
            if r.grade != Grade::Again {
                *passed.entry(&r.learner).or_default() += 1;
            }
        }
        let t = cards.entry((&r.deck, &r.card)).or_insert_with(|| CardTally {
            answers: 0,
            misses: 0,
            learners: BTreeSet::new(),
            missing: BTreeSet::new(),
            wrong: BTreeMap::new(),
        });
        t.answers += 1;
        t.learners.insert(&r.learner);
        if !r.correct {
            t.misses += 1;
            t.missing.insert(&r.learner);
            let said = r.answer.split_whitespace().collect::<Vec<_>>().join(" ");
            if !said.is_empty() {
                *t.wrong.entry(said.to_lowercase()).or_default() += 1;
            }
        }
    }
    let learners: Vec<Learner> = learners
        .into_values()
        .map(|mut l| {
            let p = passed.get(l.learner.as_str()).copied().unwrap_or(0);
            l.true_retention = (l.reviews > 0).then(|| f64::from(p) / f64::from(l.reviews));
            l.time_spent_secs = duration.get(l.learner.as_str()).copied().unwrap_or(0) / 1000;
            l
        })
        .collect();
    let mut hard: Vec<HardCard> = cards
        .into_iter()
        .map(|((deck, card), t)| {
            let mut wrong: Vec<WrongAnswer> =
                t.wrong.into_iter().map(|(answer, count)| WrongAnswer { answer, count }).collect();
            wrong.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.answer.cmp(&b.answer)));
            wrong.truncate(WRONG_ANSWERS);
            HardCard {
                deck: deck.to_string(),
                card: card.to_string(),
                question: input.questions.get(&(deck.to_string(), card.to_string())).cloned(),
                answers: t.answers,
                misses: t.misses,
                miss_rate: f64::from(t.misses) / f64::from(t.answers.max(1)),
                learners: counted(t.learners.len()),
                learners_missing: counted(t.missing.len()),
                wrong_answers: wrong,
            }
        })
        .collect();
    hard.sort_by(|a, b| {
        b.miss_rate
            .total_cmp(&a.miss_rate)
            .then_with(|| b.misses.cmp(&a.misses))
            .then_with(|| (&a.deck, &a.card).cmp(&(&b.deck, &b.card)))
    });
    Cohort { schema: 1, generated: input.now, since: input.since, learners, cards: hard }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::CardState;

    fn at(h: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_772_330_400 + h * 3600, 0).unwrap_or_default()
    }

    fn review(learner: &str, card: &str, h: i64, correct: bool, answer: &str, before: State) -> ReviewRow {
        let mut b = CardState::new(at(h));
        b.state = before;
        ReviewRow {
            id: 0,
            learner: learner.into(),
            deck: "d".into(),
            card: card.into(),
            time: at(h),
            mode: Mode::Run,
            grade: if correct { Grade::Good } else { Grade::Again },
            correct,
            answer: answer.into(),
            duration_ms: 4000,
            rescheduled: true,
            before: b.clone(),
            after: Some(b),
        }
    }

    #[test]
    fn learners_and_the_hardest_cards_with_their_common_wrong_answers() {
        let reviews = vec![
            review("an", "c1", 0, false, "Manila", State::New),
            review("binh", "c1", 1, false, " manila ", State::New),
            review("chi", "c1", 2, false, "Cebu", State::New),
            review("an", "c2", 3, true, "yes", State::Review),
            review("binh", "c2", 4, false, "no", State::Review),
            review("an", "c3", -100, false, "old", State::New),
        ];
        let mut due = CardState::new(at(0));
        due.state = State::Review;
        let cards =
            vec![CardRow { learner: "an".into(), deck: "d".into(), card: "c1".into(), state: due, leech: false }];
        let questions = HashMap::from([(("d".to_string(), "c1".to_string()), "Capital?".to_string())]);
        let c = build(&Input {
            reviews: &reviews,
            cards: &cards,
            now: at(10),
            since: at(-1),
            decks: None,
            questions: &questions,
        });
        let names: Vec<&str> = c.learners.iter().map(|l| l.learner.as_str()).collect();
        assert_eq!(names, ["an", "binh", "chi"]);
        let an = &c.learners[0];
        assert_eq!((an.cards_studied, an.answers, an.due_backlog, an.reviews), (1, 2, 1, 1));
        assert_eq!(an.true_retention, Some(1.0));
        assert_eq!(an.time_spent_secs, 8);
        assert_eq!(an.last_active, Some(at(3)));
        assert_eq!(c.learners[1].true_retention, Some(0.0));
        // c1: three misses of three; "manila" twice (case and spaces folded); c3 is before --since.
        assert_eq!(c.cards.len(), 2);
        assert_eq!((c.cards[0].card.as_str(), c.cards[0].misses, c.cards[0].learners), ("c1", 3, 3));
        assert_eq!(c.cards[0].question.as_deref(), Some("Capital?"));
        assert_eq!(c.cards[0].wrong_answers[0], WrongAnswer { answer: "manila".into(), count: 2 });
        assert_eq!(c.cards[1].miss_rate, 0.5);
        // A deck filter leaves the others out.
        let only = ["other".to_string()];
        let c = build(&Input {
            reviews: &reviews,
            cards: &cards,
            now: at(10),
            since: at(-1),
            decks: Some(&only),
            questions: &questions,
        });
        assert!(c.learners.is_empty() && c.cards.is_empty());
    }
}
