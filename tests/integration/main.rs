#![allow(unreachable_pub, clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]
//! The one integration-test binary: drives the real `learn` binary in a
//! temporary home, with `LEARN_NOW` fixing the clock.

mod anki;
mod architecture;
mod backends;
mod check;
mod cli;
mod decks;
mod docs;
mod fsrs_reference;
mod generate;
mod hardening;
mod import;
mod language;
mod load;
mod optimize;
mod pg;
mod pty;
mod report;
mod session;
mod snapshots;
mod stats;
mod store;
mod study;
mod support;
mod team;
mod toolchain;
