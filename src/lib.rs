//! `learn` — a terminal quiz-and-flashcard tool with FSRS-6 spaced repetition.
//!
//! The pure core (`schedule`, `session`, `text`) never touches the clock, the
//! disk or the terminal; the shell (`app`, `commands`, `store`, `ui`) wires it
//! to the world. See `docs/architecture.md`.

pub mod app;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod context;
pub mod deck;
pub mod error;
mod fsutil;
pub mod i18n;
pub mod import;
pub mod paths;
pub mod schedule;
pub mod session;
pub mod store;
pub mod text;
pub mod ui;

pub use app::run;
