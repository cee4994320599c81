//! Cards studied elsewhere (Anki): their FSRS memory state from their
//! history, and the replay of a review log from new.

use chrono::{DateTime, Utc};

use super::card::{CardState, Grade, State};
use super::scheduler::Scheduler;

/// One answer from another tool's log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForeignAnswer {
    pub time: DateTime<Utc>,
    pub grade: Grade,
    /// The SM-2 ease factor recorded with it (permille).
    pub factor: i64,
    /// The interval before it (days; negative = seconds).
    pub last_interval: i64,
}

/// A card's history from another tool (Anki), for carrying progress over.
#[derive(Debug, Clone)]
pub struct ForeignHistory {
    /// Answers, oldest first.
    pub answers: Vec<ForeignAnswer>,
    /// Whether the first answer was the card's very first (else the history
    /// is partial and starts from an SM-2 estimate).
    pub complete: bool,
    pub state: State,
    pub due: DateTime<Utc>,
    /// Current SM-2 interval (days) and ease factor (permille).
    pub interval_days: i64,
    pub factor: i64,
    pub reps: u32,
    pub lapses: u32,
}

impl Scheduler {
    /// The state of a card studied elsewhere: the due date it has there, and
    /// the FSRS memory state computed from its history — from SM-2's ease and
    /// interval where the history is partial, as Anki does when a collection
    /// switches to FSRS. `None` for a card never studied.
    pub fn from_foreign(&self, h: &ForeignHistory, day_offset_secs: i64) -> Option<CardState> {
        if h.state == State::New {
            return None;
        }
        let day = |t: DateTime<Utc>| (t.timestamp() - day_offset_secs).div_euclid(86_400);
        let mut reviews = Vec::new();
        let mut last: Option<DateTime<Utc>> = None;
        for a in &h.answers {
            let delta = u32::try_from((day(a.time) - last.map_or(day(a.time), day)).max(0)).unwrap_or(u32::MAX);
            reviews.push(fsrs::FSRSReview { rating: u32::from(a.grade.number()), delta_t: delta });
            last = Some(a.time);
        }
        #[allow(clippy::cast_possible_truncation)] // FSRS takes the retention as f32
        let retention = self.settings().desired_retention as f32;
        let sm2 = |factor: i64, ivl: f32| {
            let ease = if factor > 0 { factor as f32 / 1000.0 } else { 2.5 };
            self.fsrs.memory_state_from_sm2(ease, ivl.max(1.0), retention).ok()
        };
        let memory = if reviews.is_empty() {
            sm2(h.factor, h.interval_days as f32)
        } else {
            let start = if h.complete {
                None
            } else {
                let first = &h.answers[0];
                sm2(first.factor, if first.last_interval > 0 { first.last_interval as f32 } else { 1.0 })
            };
            self.fsrs
                .memory_state(fsrs::FSRSItem { reviews }, start)
                .ok()
                .or_else(|| sm2(h.factor, h.interval_days as f32))
        }?;
        Some(CardState {
            state: h.state,
            step: match h.state {
                State::Review => None,
                _ => Some(0),
            },
            stability: Some(memory.stability as f64),
            difficulty: Some(memory.difficulty as f64),
            due: h.due,
            last_review: last,
            reps: h.reps,
            lapses: h.lapses,
            scheduled_days: if h.state == State::Review {
                u32::try_from(h.interval_days.max(0)).unwrap_or(u32::MAX)
            } else {
                0
            },
        })
    }
}

/// Replays a card's answers (time, grade) from new: the state the review log
/// implies. The store's cached state must equal this.
pub fn replay(s: &Scheduler, answers: &[(DateTime<Utc>, Grade)], key: &str, created: DateTime<Utc>) -> CardState {
    answers.iter().fold(CardState::new(created), |card, (t, g)| s.review(&card, *g, *t, key))
}
