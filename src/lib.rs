//! `learn` — a terminal quiz-and-flashcard tool with FSRS-6 spaced repetition.
//!
//! The pure core (`schedule`, `session`, `text`, `lint`) never touches the clock, the
//! disk or the terminal; the shell (`app`, `commands`, `store`, `ui`) wires it
//! to the world. See `docs/architecture.md`.
//!
//! The binary needs only [`run`]. The few modules that are public are there
//! for the benchmarks and the integration tests, which drive the engine, the
//! store, the deck parser and the importers directly.

mod app;
mod cli;
mod clock;
mod cohort;
mod commands;
mod config;
mod context;
pub mod deck;
mod error;
mod fsutil;
mod generate;
mod i18n;
pub mod import;
mod lint;
mod paths;
pub mod schedule;
mod session;
mod stats;
pub mod store;
mod text;
mod ui;

pub use app::run;
pub use i18n::{Lang, Text};
