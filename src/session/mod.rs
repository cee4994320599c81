//! Study sessions: judging answers and the session state machine (queue,
//! answers, undo, skip, summary). No I/O and no UI: the driver asks, this
//! decides.

mod check;
mod judge;
#[allow(clippy::module_inception)]
mod session;

pub use check::{Almost, TYPO_MIN_LETTERS, Verdict, check_typed, parse_true_false};
pub use judge::{Expected, Given, JudgeRules, Judgement, Outcome, Response, expected, judge};
pub use session::{Answered, Plan, Session, SessionItem, Summary};
