//! What `learn stats` and `learn optimize` read from the store: answers as
//! statistics see them, and the FSRS parameters fitted to a learner.

use chrono::{DateTime, Utc};

use crate::schedule::{Grade, State};

/// One answer of the review log, as statistics and the optimiser read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogAnswer {
    pub time: DateTime<Utc>,
    pub grade: Grade,
    /// The verdict (a typed answer may be right but graded Hard).
    pub correct: bool,
    pub duration_ms: i64,
    /// The card's state before the answer; `None` for history imported
    /// from another tool, which keeps only times and grades.
    pub state: Option<State>,
    /// Whether the answer counts for memory: it changed the schedule, or it
    /// was imported. Quiz answers and `learn review --no-reschedule` drills
    /// do not.
    pub scheduled: bool,
    /// The interval (days) the card was scheduled for before this answer,
    /// when it was a review card; 0 otherwise and for imported answers.
    pub interval_days: u32,
}

/// What a group of answers were, as Anki's statistics count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// New and learning cards.
    Learn,
    /// Review cards with an interval under 21 days.
    YoungReview,
    /// Review cards with an interval of 21 days or more.
    MatureReview,
    Relearn,
    /// Answers that left the schedule alone (quizzes, `--no-reschedule`).
    Practice,
}

/// The answers of one kind given in one quarter hour (UTC), summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerGroup {
    /// The start of the quarter hour.
    pub start: DateTime<Utc>,
    pub kind: GroupKind,
    pub answers: u64,
    pub duration_ms: i64,
    pub correct: u64,
    /// Answers graded Again.
    pub again: u64,
}

/// One card's answers, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct CardLog {
    pub deck: String,
    pub card: String,
    pub answers: Vec<LogAnswer>,
}

/// FSRS parameters fitted to a learner's history by `learn optimize`, with
/// how they scored against the defaults on the same history.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedParameters {
    pub learner: String,
    /// The deck (progress key) they were fitted for; `None`: every deck.
    pub deck: Option<String>,
    pub weights: Vec<f32>,
    pub fitted_at: DateTime<Utc>,
    /// Training items (answers given a day or more after the previous one).
    pub reviews: u64,
    pub log_loss: f64,
    pub rmse_bins: f64,
    pub default_log_loss: f64,
    pub default_rmse_bins: f64,
}
