//! `--with-progress`: an Anki card's scheduling as a learn card state. Anki's
//! type and queue codes become states, its day-numbered due dates become
//! times (day 0 is the collection's creation, the day turns at 4 a.m.), and
//! the FSRS memory state is computed from the review log by the scheduler.

use chrono::DateTime;

use super::CardProgress;
use crate::deck::{Content, Deck};
use crate::schedule::{ForeignAnswer, ForeignHistory, Grade, Scheduler, State};
use crate::store::{ImportedAnswer, ImportedCard};

/// Anki's study day starts at 4 a.m. (the collection's rollover).
const ANKI_ROLLOVER_SECS: i64 = 4 * 3600;

/// The state of each studied card of `deck`, computed for the answers to
/// come. Cards never studied in Anki, and progress for items the deck does
/// not have, are left out.
pub fn imported_progress(deck: &Deck, progress: &[CardProgress], sched: &Scheduler) -> Vec<ImportedCard> {
    progress.iter().filter_map(|c| one(deck, c, sched)).collect()
}

fn one(deck: &Deck, c: &CardProgress, sched: &Scheduler) -> Option<ImportedCard> {
    let card = deck.cards.get(c.card)?;
    let ids = card.item_ids();
    let item = match &card.content {
        Content::Cloze(_) => format!("{}#{}", card.id, c.ord + 1),
        _ => ids.get(usize::try_from(c.ord).ok()?).cloned()?,
    };
    if !ids.contains(&item) {
        return None;
    }
    let state = match c.kind {
        1 => State::Learning,
        2 => State::Review,
        3 => State::Relearning,
        _ => State::New,
    };
    // Review and day-learning dues are day numbers from the collection's
    // creation; intraday learning dues are epoch seconds.
    let due_secs = if c.queue == 1 { c.due } else { c.crt.saturating_add(c.due.saturating_mul(86_400)) };
    let due = DateTime::from_timestamp(due_secs, 0).unwrap_or_default();
    let answers: Vec<(ForeignAnswer, i64)> = c
        .reviews
        .iter()
        .filter(|r| r.kind <= 3)
        .filter_map(|r| {
            let grade = Grade::from_number(i64::from(r.ease))?;
            let time = DateTime::from_timestamp_millis(r.time_ms).unwrap_or_default();
            Some((ForeignAnswer { time, grade, factor: r.factor, last_interval: r.last_ivl }, r.duration_ms))
        })
        .collect();
    let history = ForeignHistory {
        answers: answers.iter().map(|(a, _)| *a).collect(),
        complete: c.reviews.first().is_some_and(|r| r.kind == 0),
        state,
        due,
        interval_days: c.ivl,
        factor: c.factor,
        reps: c.reps,
        lapses: c.lapses,
    };
    let state = sched.from_foreign(&history, ANKI_ROLLOVER_SECS)?;
    let answers =
        answers.iter().map(|(a, ms)| ImportedAnswer { time: a.time, grade: a.grade, duration_ms: *ms }).collect();
    Some(ImportedCard { card: item, answers, state })
}
