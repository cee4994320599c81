//! The only place that knows about terminals: a [`Frontend`] trait with a
//! dialoguer implementation for people and a plain stdin/stdout one for
//! scripts and tests, plus the Ctrl-C / hang-up handling.

mod interrupt;
mod plain;
mod report;
pub(crate) mod review;
mod term;
mod tty;
mod widget;

pub(super) use interrupt::terminal_ui_started;
pub(crate) use interrupt::{end_session, install_handler, quiet_broken_pipe, set_summary, with_store_lock};
pub(crate) use plain::Plain;
pub(crate) use report::{ink, work_bar};
pub(crate) use term::Terminal;

use crate::i18n::{Lang, t, tr};
use crate::schedule::{Counts, Grade};
use crate::session::Outcome;

/// What the learner did at a prompt.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action<T> {
    Answer(T),
    /// "I don't know": show the answer, graded Again.
    DontKnow,
    Undo,
    /// Flag the card for a fix, with what is wrong (may be empty).
    Flag(String),
    Skip,
    Quit,
    /// End of input or a closed terminal: end the session normally.
    /// (Ctrl-C never comes back as an action: the signal handler ends the
    /// session with its summary and exit status 130.)
    End,
}

impl<T> Action<T> {
    /// The same action for a prompt of another type; an answer (which the
    /// caller did not take) counts as the end of input.
    pub(crate) fn without_answer<U>(self) -> Action<U> {
        match self {
            Action::Answer(_) | Action::End => Action::End,
            Action::DontKnow => Action::DontKnow,
            Action::Undo => Action::Undo,
            Action::Flag(note) => Action::Flag(note),
            Action::Skip => Action::Skip,
            Action::Quit => Action::Quit,
        }
    }
}

/// What is shown above a card.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub deck: String,
    pub counts: Counts,
    pub answered: usize,
    /// The kind, as the learner should read it ("Multiple choice", ...).
    pub kind: String,
    /// Quiz mode: a question number instead of queue counts.
    pub exam: Option<ExamProgress>,
    /// `learn review`: the count left is of missed cards.
    pub drill: bool,
}

/// "question 3/10" in a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExamProgress {
    pub number: usize,
    pub total: usize,
}

/// The result shown after an answer.
#[derive(Debug, Clone)]
pub(crate) struct Feedback {
    pub outcome: Outcome,
    /// The right answer, as it should be shown.
    pub answer: String,
    pub explanation: Option<String>,
    /// The card just became a leech.
    pub leech: bool,
    /// Multi-answer choices: options picked that are not right.
    pub wrong_picks: Vec<String>,
    /// Multi-answer choices: right options not picked.
    pub missed: Vec<String>,
    /// A right (or almost right) auto-graded answer may be graded Hard or
    /// Easy instead: the interval each would give.
    pub adjust: Option<Adjust>,
    /// A typed answer judged wrong may be counted as right by the learner
    /// ("I was right": a synonym the deck does not list), graded Good.
    pub overridable: bool,
}

/// The intervals offered for changing a right answer's grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Adjust {
    pub hard: String,
    pub easy: String,
}

/// The verdict line after an answer ("✓ Right: …"), the same in every
/// frontend. Text from the deck is neutralised.
pub(crate) fn verdict_line(lang: Lang, fb: &Feedback) -> String {
    let l = lang;
    let answer = crate::text::neutralize(&fb.answer);
    match fb.outcome {
        Outcome::Right => format!("{} {answer}", crate::i18n::tr(l, "✓ Right:")),
        Outcome::Almost => {
            format!("{} {answer}", crate::i18n::tr(l, "≈ Almost; the exact form is:"))
        }
        Outcome::Wrong => format!("{} {answer}", crate::i18n::tr(l, "✗ Wrong. The answer:")),
        Outcome::DontKnow => format!("{} {answer}", crate::i18n::tr(l, "The answer:")),
        Outcome::SelfGraded(g) => {
            format!("{} {}", crate::i18n::tr(l, "Graded:"), grade_names(l)[g.number() as usize - 1])
        }
    }
}

/// For a multi-answer choice: which picks were wrong and what was missed.
pub(crate) fn picks_line(lang: Lang, fb: &Feedback) -> Option<String> {
    let join = |v: &[String]| v.iter().map(|s| crate::text::neutralize(s)).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !fb.wrong_picks.is_empty() {
        parts.push(format!("{} {}", crate::i18n::tr(lang, "Not right:"), join(&fb.wrong_picks)));
    }
    if !fb.missed.is_empty() {
        parts.push(format!("{} {}", crate::i18n::tr(lang, "Missed:"), join(&fb.missed)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Text shown dim when colour is allowed (a line of information).
pub(crate) fn quiet(color: bool, text: &str) -> String {
    if color { console::style(text).dim().to_string() } else { text.to_string() }
}

/// The width of the terminal standard error writes to; `None` for a file
/// or a pipe.
pub(crate) fn stderr_width() -> Option<usize> {
    console::Term::stderr().size_checked().map(|(_, w)| usize::from(w))
}

/// The leech warning.
pub(crate) fn leech_line(lang: Lang) -> &'static str {
    crate::i18n::tr(lang, "! This card keeps slipping (a leech); consider rewriting it.")
}

/// A session's user interface.
pub(crate) trait Frontend {
    /// The terminal's width, when text should be wrapped to it.
    fn width(&self) -> Option<usize>;
    /// Shows the status line and the card's question text.
    fn show(&mut self, header: &Header, question: &str);
    /// Basic cards: wait for the learner to reveal the answer.
    fn reveal(&mut self, answer: &str) -> Action<()>;
    /// Basic cards: Again/Hard/Good/Easy, each with its interval label.
    fn grade(&mut self, intervals: Option<[String; 4]>) -> Action<Grade>;
    /// Choice: `options` in display order; returns display positions.
    fn choose(&mut self, options: &[String], multiple: bool) -> Action<Vec<usize>>;
    fn true_false(&mut self) -> Action<bool>;
    fn typed(&mut self) -> Action<String>;
    /// After an answer. With `fb.adjust`, the learner may change the grade
    /// to Hard or Easy (`Some(grade)`).
    fn feedback(&mut self, fb: &Feedback) -> Action<Option<Grade>>;
    /// A line of information (undo done, card flagged, ...).
    fn note(&mut self, text: &str);
    /// The end-of-session summary.
    fn summary(&mut self, text: &str);
}

/// The labels of the four grades.
pub(crate) fn grade_names(lang: Lang) -> [&'static str; 4] {
    [tr(lang, "Again"), tr(lang, "Hard"), tr(lang, "Good"), tr(lang, "Easy")]
}

/// "new 3 · learning 1 · due 12" in the interface language.
pub(crate) fn status_line(lang: Lang, h: &Header) -> String {
    let deck = crate::text::neutralize(&h.deck);
    if let Some(ExamProgress { number: n, total }) = h.exam {
        return t!(lang, "{deck} · question {n}/{total}", deck = deck, n = n, total = total);
    }
    let c = h.counts;
    if h.drill {
        return t!(
            lang,
            "{deck} · missed {missed} · answered {answered}",
            deck = deck,
            missed = c.review,
            answered = h.answered
        );
    }
    t!(
        lang,
        "{deck} · new {new} · learning {learning} · due {due} · answered {answered}",
        deck = deck,
        new = c.new,
        learning = c.learning,
        due = c.review,
        answered = h.answered
    )
}

/// A progress bar on standard error for long imports: only on a terminal,
/// only for inputs over a megabyte.
pub(crate) fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if total < 1_000_000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}") {
        bar.set_style(style);
    }
    Some(bar)
}
