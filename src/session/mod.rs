//! Study sessions: answer checking and the session state machine (queue,
//! answers, undo, skip, summary). No I/O and no UI.

mod check;
#[allow(clippy::module_inception)]
mod session;

pub use check::{Almost, TYPO_MIN_LETTERS, Verdict, check_choice, check_typed, parse_true_false};
pub use session::{Outcome, Plan, Session, Summary};
