//! A card's scheduling state and the grades, with the transitions of the
//! reference scheduler (py-fsrs 6 `Scheduler.review_card`).

use std::fmt;

use chrono::{DateTime, Duration, Utc};

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    New,
    Learning,
    Review,
    Relearning,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::New => "new",
            State::Learning => "learning",
            State::Review => "review",
            State::Relearning => "relearning",
        }
    }

    pub fn from_name(s: &str) -> Option<State> {
        [State::New, State::Learning, State::Review, State::Relearning].into_iter().find(|x| x.name() == s)
    }

    /// The number the FSRS optimizer tools use: 0 new, 1 learning, 2 review, 3 relearning.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The learner's answer, as FSRS counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn from_number(n: i64) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| *g as i64 == n)
    }

    pub fn number(self) -> u8 {
        self as u8
    }

    /// An answer counts as right when it is not Again.
    pub fn is_pass(self) -> bool {
        self != Grade::Again
    }
}

/// Everything the engine keeps about one card for one learner.
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    pub state: State,
    /// Index into the (re)learning steps; `None` in review.
    pub step: Option<u32>,
    pub stability: Option<f64>,
    pub difficulty: Option<f64>,
    pub due: DateTime<Utc>,
    pub last_review: Option<DateTime<Utc>>,
    pub reps: u32,
    pub lapses: u32,
    /// Days between the last review and `due`, for review cards (else 0).
    pub scheduled_days: u32,
}

impl CardState {
    /// A card never studied, available from `now`.
    pub fn new(now: DateTime<Utc>) -> CardState {
        CardState {
            state: State::New,
            step: Some(0),
            stability: None,
            difficulty: None,
            due: now,
            last_review: None,
            reps: 0,
            lapses: 0,
            scheduled_days: 0,
        }
    }

    /// Time from the last review to `due`.
    pub fn interval(&self) -> Duration {
        match self.last_review {
            Some(l) => self.due - l,
            None => Duration::zero(),
        }
    }
}
