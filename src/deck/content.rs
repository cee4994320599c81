//! What makes a card's content valid, whatever it came from: the deck
//! parser reports these with a place in the file, the importers skip the
//! row with the same words. One list of rules, one list of kind names.

use super::cloze::ClozeSegment;
use super::model::{Content, Kind};
use crate::i18n::{Text, msg, text};

/// A card content problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentProblem {
    #[error("`{0}` is blank")]
    Blank(&'static str),
    #[error("a choice needs at least two options, found {0}")]
    TooFewOptions(usize),
    #[error("option \"{0}\" is listed twice")]
    DuplicateOption(String),
    #[error("an option is blank")]
    BlankOption,
    #[error("a choice has no right option")]
    NoRightOption,
    #[error("the answer is not among the options")]
    AnswerNotAnOption,
    #[error("a card may hold at most {limit} {what}; this one has {found}")]
    TooMany { what: &'static str, found: usize, limit: usize },
    #[error("an answer may be at most {limit} characters; this one has {found}")]
    AnswerTooLong { found: usize, limit: usize },
}

/// What one card may hold: enough for any real card, small enough that a
/// hostile deck cannot make a session or a check crawl.
pub(crate) const MAX_OPTIONS: usize = 50;
pub(crate) const MAX_ACCEPT: usize = 50;
pub(crate) const MAX_DELETIONS: usize = 100;
pub(crate) const MAX_ANSWER_CHARS: usize = 2000;

impl ContentProblem {
    /// What is wrong, to be shown in the learner's language.
    pub fn text(&self) -> Text {
        match self {
            ContentProblem::Blank(field) => text!("`{key}` is blank", key = *field),
            ContentProblem::TooFewOptions(n) => text!("a choice needs at least two options, found {n}", n = *n),
            ContentProblem::DuplicateOption(o) => text!("option \"{option}\" is listed twice", option = o),
            ContentProblem::BlankOption => text!("an option is blank"),
            ContentProblem::NoRightOption => text!("a choice has no right option"),
            ContentProblem::AnswerNotAnOption => text!("the answer is not among the options"),
            ContentProblem::TooMany { what, found, limit } => text!(
                "a card may hold at most {limit} {what}; this one has {found}",
                limit = *limit,
                what = crate::i18n::Key(what),
                found = *found
            ),
            ContentProblem::AnswerTooLong { found, limit } => {
                text!(
                    "an answer may be at most {limit} characters; this one has {found}",
                    limit = *limit,
                    found = *found
                )
            }
        }
    }

    /// What to do about it.
    pub fn help(&self) -> Text {
        match self {
            ContentProblem::Blank(field) => text!("write the {key} text between the quotes", key = *field),
            ContentProblem::TooFewOptions(_) => text!("add the other options learners choose from"),
            ContentProblem::DuplicateOption(_) => text!("make every option different"),
            ContentProblem::BlankOption => text!("remove the empty option or write its text"),
            ContentProblem::NoRightOption => text!("list the right options, or use `answer` for one"),
            ContentProblem::AnswerNotAnOption => text!("the answer must be one of `options`, written exactly the same"),
            ContentProblem::TooMany { .. } => text!("split it into several cards"),
            ContentProblem::AnswerTooLong { .. } => {
                text!("keep answers to what a learner types or picks; put the rest in `explanation`")
            }
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The options of a choice card: at least two, none blank, all different.
pub(super) fn check_options(options: &[String]) -> Result<(), ContentProblem> {
    if options.len() < 2 {
        return Err(ContentProblem::TooFewOptions(options.len()));
    }
    if options.len() > MAX_OPTIONS {
        return Err(ContentProblem::TooMany { what: msg!("options"), found: options.len(), limit: MAX_OPTIONS });
    }
    check_lengths(options.iter().map(String::as_str))?;
    // A set, not a pairwise comparison: a card may hold many options.
    let mut seen = std::collections::HashSet::with_capacity(options.len());
    if let Some(d) = options.iter().find(|o| !seen.insert(o.as_str())) {
        return Err(ContentProblem::DuplicateOption(d.clone()));
    }
    if options.iter().any(|o| blank(o)) {
        return Err(ContentProblem::BlankOption);
    }
    Ok(())
}

/// Every rule a card's content must keep.
pub fn check_content(c: &Content) -> Result<(), ContentProblem> {
    let need = |field: &'static str, s: &str| if blank(s) { Err(ContentProblem::Blank(field)) } else { Ok(()) };
    match c {
        Content::Basic { question, answer, .. } => {
            need("question", question)?;
            need("answer", answer)
        }
        Content::Typed { question, answer, accept } => {
            need("question", question)?;
            need("answer", answer)?;
            if accept.len() > MAX_ACCEPT {
                return Err(ContentProblem::TooMany {
                    what: msg!("accepted answers"),
                    found: accept.len(),
                    limit: MAX_ACCEPT,
                });
            }
            check_lengths(std::iter::once(answer.as_str()).chain(accept.iter().map(String::as_str)))
        }
        Content::TrueFalse { statement, .. } => need("statement", statement),
        Content::Choice { question, options, answers, .. } => {
            need("question", question)?;
            check_options(options)?;
            if answers.is_empty() {
                return Err(ContentProblem::NoRightOption);
            }
            if answers.iter().any(|&a| a >= options.len()) {
                return Err(ContentProblem::AnswerNotAnOption);
            }
            Ok(())
        }
        // A parsed cloze always has a deletion (`Cloze::parse` refuses one without).
        Content::Cloze(cloze) => {
            let deletions: Vec<&ClozeSegment> =
                cloze.segments.iter().filter(|s| matches!(s, ClozeSegment::Deletion { .. })).collect();
            if deletions.len() > MAX_DELETIONS {
                return Err(ContentProblem::TooMany {
                    what: msg!("blanks"),
                    found: deletions.len(),
                    limit: MAX_DELETIONS,
                });
            }
            check_lengths(deletions.iter().flat_map(|s| match s {
                ClozeSegment::Deletion { text, alternatives, .. } => {
                    std::iter::once(text.as_str()).chain(alternatives.iter().map(String::as_str)).collect::<Vec<_>>()
                }
                ClozeSegment::Text(_) => Vec::new(),
            }))
        }
    }
}

/// Answers a learner types or picks are short.
fn check_lengths<'a>(answers: impl IntoIterator<Item = &'a str>) -> Result<(), ContentProblem> {
    match answers.into_iter().map(|a| a.chars().count()).find(|&n| n > MAX_ANSWER_CHARS) {
        Some(found) => Err(ContentProblem::AnswerTooLong { found, limit: MAX_ANSWER_CHARS }),
        None => Ok(()),
    }
}

/// A kind under a name people use in other tools ("multiple choice", "tf",
/// "flashcard", "đúng sai", ...): case, spaces and dashes do not matter.
pub fn kind_alias(name: &str) -> Option<Kind> {
    let k = name.trim().to_lowercase().replace(['-', ' '], "_");
    Kind::from_name(&k).or(match k.as_str() {
        "multiple" | "multiple_choice" | "multichoice" | "mcq" | "mc" | "select" | "quiz" | "trắc_nghiệm"
        | "trac_nghiem" => Some(Kind::Choice),
        "tf" | "truefalse" | "true_or_false" | "bool" | "boolean" | "yes_no" | "đúng_sai" | "dung_sai" => {
            Some(Kind::TrueFalse)
        }
        "text" | "input" | "type" | "typing" | "type_in" | "written" => Some(Kind::Typed),
        "flashcard" | "card" | "front_back" | "qa" | "simple" => Some(Kind::Basic),
        "fill" | "blank" | "fill_in" | "fill_in_the_blank" | "gap" | "cloze_deletion" => Some(Kind::Cloze),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_rules() {
        let choice = |options: &[&str], answers: Vec<usize>| Content::Choice {
            question: "Q".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            answers,
            multiple: false,
        };
        assert_eq!(check_content(&choice(&["a"], vec![0])), Err(ContentProblem::TooFewOptions(1)));
        assert_eq!(check_content(&choice(&["a", "a"], vec![0])), Err(ContentProblem::DuplicateOption("a".into())));
        assert_eq!(check_content(&choice(&["a", " "], vec![0])), Err(ContentProblem::BlankOption));
        assert_eq!(check_content(&choice(&["a", "b"], vec![2])), Err(ContentProblem::AnswerNotAnOption));
        assert_eq!(check_content(&choice(&["a", "b"], vec![])), Err(ContentProblem::NoRightOption));
        assert_eq!(check_content(&choice(&["a", "b"], vec![1])), Ok(()));
        let basic = Content::Basic { question: "Q".into(), answer: "  ".into(), reverse: false };
        assert_eq!(check_content(&basic), Err(ContentProblem::Blank("answer")));
    }

    #[test]
    fn kind_names_from_other_tools() {
        assert_eq!(kind_alias("Multiple choice"), Some(Kind::Choice));
        assert_eq!(kind_alias("đúng sai"), Some(Kind::TrueFalse));
        assert_eq!(kind_alias("true_false"), Some(Kind::TrueFalse));
        assert_eq!(kind_alias("flashcard"), Some(Kind::Basic));
        assert_eq!(kind_alias("fill-in-the-blank"), Some(Kind::Cloze));
        assert_eq!(kind_alias("essay"), None);
    }
}
