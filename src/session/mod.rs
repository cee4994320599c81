//! Study sessions: judging answers and the session state machine (queue,
//! answers, undo, skip, summary). No I/O and no UI: the driver asks, this
//! decides.

mod check;
mod ids;
mod judge;
#[allow(clippy::module_inception)]
mod session;
#[cfg(test)]
mod tests;

pub(crate) use ids::ItemIds;
pub(crate) use judge::{Expected, Given, JudgeRules, Judgement, Outcome, Response, judge};
pub(crate) use session::{Answered, Plan, Session, SessionItem, Today};
