//! Judging an answer: a prompt and the learner's raw response in, the
//! verdict out — the grade FSRS gets, whether it counts as right, and what
//! to show. Pure: the driver only asks and shows.

use crate::deck::Prompt;
use crate::schedule::Grade;

use super::check::{Verdict, check_typed};

/// What the learner did at a prompt, before any judging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Response {
    /// A flashcard (basic) graded by the learner after seeing the answer.
    SelfGraded(Grade),
    /// Typed text (typed and cloze cards).
    Text(String),
    /// Options picked, as indices into the prompt's options (deck order).
    Picks(Vec<usize>),
    /// True or false.
    TrueFalse(bool),
    /// "I don't know": reveal the answer, graded Again.
    #[allow(dead_code)] // the frontends offer it in the session pass
    DontKnow,
}

/// How an answer came out, for the feedback line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Right,
    /// Accepted, but not in its exact form (Vietnamese marks, one typo).
    Almost,
    Wrong,
    /// A flashcard: the learner graded it.
    SelfGraded(Grade),
    /// The learner asked for the answer.
    DontKnow,
}

/// What the learner gave, kept for the review log and the quiz report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Given {
    Nothing,
    Text(String),
    Picks(Vec<usize>),
    TrueFalse(bool),
}

/// The right answer, as it should be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expected {
    /// Text: a flashcard's back, the typed answer, or for an "almost" answer
    /// the exact form it was matched against.
    Text(String),
    /// The right options (indices into the prompt's options).
    Options(Vec<usize>),
    TrueFalse(bool),
}

/// The verdict on one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Judgement {
    /// What FSRS gets: right = Good, almost = Hard, wrong = Again; a
    /// flashcard gets the learner's own grade.
    pub grade: Grade,
    /// Whether the answer counts as right (almost does).
    pub right: bool,
    pub outcome: Outcome,
    pub given: Given,
    pub expected: Expected,
    /// Multi-answer choices: options picked that are not right.
    pub wrong_picks: Vec<usize>,
    /// Multi-answer choices: right options not picked.
    pub missed: Vec<usize>,
}

/// Deck-level rules for judging.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct JudgeRules {
    /// A tone or vowel mark error is wrong, not "almost" (language decks).
    pub strict_marks: bool,
}

/// Judges `response` to `prompt`. A response of the wrong shape for the
/// prompt (a pick for a typed card) is judged wrong.
pub(crate) fn judge(prompt: &Prompt, response: Response, rules: JudgeRules) -> Judgement {
    let expected = expected(prompt);
    let verdict = |outcome: Outcome, given: Given| {
        let (grade, right) = match outcome {
            Outcome::Right => (Grade::Good, true),
            Outcome::Almost => (Grade::Hard, true),
            Outcome::Wrong | Outcome::DontKnow => (Grade::Again, false),
            Outcome::SelfGraded(g) => (g, g.is_pass()),
        };
        Judgement { grade, right, outcome, given, expected: expected.clone(), wrong_picks: vec![], missed: vec![] }
    };
    match (prompt, response) {
        (_, Response::DontKnow) => verdict(Outcome::DontKnow, Given::Nothing),
        (Prompt::Basic { .. }, Response::SelfGraded(g)) => verdict(Outcome::SelfGraded(g), Given::Nothing),
        (Prompt::Typed { answer, accept, .. }, Response::Text(given)) => {
            match check_typed(&given, answer, accept, rules.strict_marks) {
                Verdict::Right => verdict(Outcome::Right, Given::Text(given)),
                Verdict::Almost { expected, .. } => {
                    Judgement { expected: Expected::Text(expected), ..verdict(Outcome::Almost, Given::Text(given)) }
                }
                Verdict::Wrong => verdict(Outcome::Wrong, Given::Text(given)),
            }
        }
        (Prompt::Choice { answers, .. }, Response::Picks(mut picked)) => {
            picked.sort_unstable();
            picked.dedup();
            let wrong_picks: Vec<usize> = picked.iter().copied().filter(|p| !answers.contains(p)).collect();
            let missed: Vec<usize> = answers.iter().copied().filter(|a| !picked.contains(a)).collect();
            let outcome = if wrong_picks.is_empty() && missed.is_empty() { Outcome::Right } else { Outcome::Wrong };
            Judgement { wrong_picks, missed, ..verdict(outcome, Given::Picks(picked)) }
        }
        (Prompt::TrueFalse { answer, .. }, Response::TrueFalse(b)) => {
            verdict(if b == *answer { Outcome::Right } else { Outcome::Wrong }, Given::TrueFalse(b))
        }
        (_, other) => verdict(
            Outcome::Wrong,
            match other {
                Response::Text(t) => Given::Text(t),
                Response::Picks(p) => Given::Picks(p),
                Response::TrueFalse(b) => Given::TrueFalse(b),
                Response::SelfGraded(_) | Response::DontKnow => Given::Nothing,
            },
        ),
    }
}

/// The right answer of a prompt.
pub(crate) fn expected(prompt: &Prompt) -> Expected {
    match prompt {
        Prompt::Basic { back, .. } => Expected::Text(back.clone()),
        Prompt::Typed { answer, .. } => Expected::Text(answer.clone()),
        Prompt::Choice { answers, .. } => Expected::Options(answers.clone()),
        Prompt::TrueFalse { answer, .. } => Expected::TrueFalse(*answer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> Prompt {
        Prompt::Typed { question: "Thủ đô?".into(), answer: "Hà Nội".into(), accept: vec![] }
    }

    fn multi() -> Prompt {
        Prompt::Choice {
            question: "Neighbours?".into(),
            options: vec!["Laos".into(), "China".into(), "Japan".into(), "Cambodia".into()],
            answers: vec![0, 1, 3],
            multiple: true,
        }
    }

    #[test]
    fn typed_answers_are_right_almost_or_wrong() {
        let r = judge(&typed(), Response::Text("hà nội".into()), JudgeRules::default());
        assert_eq!((r.grade, r.right, r.outcome), (Grade::Good, true, Outcome::Right));
        let a = judge(&typed(), Response::Text("ha noi".into()), JudgeRules::default());
        assert_eq!((a.grade, a.right, a.outcome), (Grade::Hard, true, Outcome::Almost));
        assert_eq!(a.expected, Expected::Text("Hà Nội".into()));
        let w = judge(&typed(), Response::Text("Huế".into()), JudgeRules::default());
        assert_eq!((w.grade, w.right, w.outcome), (Grade::Again, false, Outcome::Wrong));
    }

    #[test]
    fn strict_marks_make_a_mark_error_wrong() {
        let a = judge(&typed(), Response::Text("ha noi".into()), JudgeRules { strict_marks: true });
        assert_eq!(a.outcome, Outcome::Wrong);
    }

    #[test]
    fn multi_answer_says_which_picks_were_wrong_and_which_were_missed() {
        let j = judge(&multi(), Response::Picks(vec![2, 0]), JudgeRules::default());
        assert_eq!(j.outcome, Outcome::Wrong);
        assert_eq!(j.wrong_picks, vec![2]);
        assert_eq!(j.missed, vec![1, 3]);
        assert_eq!(j.given, Given::Picks(vec![0, 2]));
        let right = judge(&multi(), Response::Picks(vec![3, 1, 0]), JudgeRules::default());
        assert_eq!((right.outcome, right.grade), (Outcome::Right, Grade::Good));
    }

    #[test]
    fn dont_know_is_again_and_shows_the_answer() {
        let j = judge(&typed(), Response::DontKnow, JudgeRules::default());
        assert_eq!((j.grade, j.right, j.outcome), (Grade::Again, false, Outcome::DontKnow));
        assert_eq!(j.expected, Expected::Text("Hà Nội".into()));
    }

    #[test]
    fn flashcards_take_the_learners_grade_and_true_false_compares() {
        let basic = Prompt::Basic { front: "f".into(), back: "b".into() };
        let j = judge(&basic, Response::SelfGraded(Grade::Hard), JudgeRules::default());
        assert_eq!((j.grade, j.right), (Grade::Hard, true));
        let tf = Prompt::TrueFalse { statement: "s".into(), answer: false };
        assert!(judge(&tf, Response::TrueFalse(false), JudgeRules::default()).right);
        assert!(!judge(&tf, Response::TrueFalse(true), JudgeRules::default()).right);
        // A response of the wrong shape never counts as right.
        assert!(!judge(&tf, Response::Text("false".into()), JudgeRules::default()).right);
    }
}
