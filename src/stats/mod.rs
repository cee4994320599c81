//! `learn stats`: every figure computed from the answers and card states
//! the store hands over (`figures`), the charts drawn in block characters
//! (`chart`), the page in the interface language (`report`) and its
//! machine-readable form (`json`). Pure: time comes in as an argument;
//! nothing here reads the clock, the disk or the terminal.

mod chart;
mod figures;
mod json;
mod report;

pub(crate) use chart::{Line, Tone};
pub(crate) use figures::{Answer, Card, Days, Group, Kind, Tally, card_figures, classify_imported};
pub(crate) use json::to_json;
pub(crate) use report::{Fit, HardCard, InForce, Report, render};
