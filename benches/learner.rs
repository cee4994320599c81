//! A synthetic learner whose memory follows known FSRS-6 parameters: it
//! studies every day with `learn`'s own scheduler (so the log looks like
//! real use), and each answer's recall is drawn with the probability the
//! *true* parameters give (the forgetting curve at the time since the last
//! answer). Shared by the optimiser test (`tests/integration/optimize.rs`)
//! and the benchmark (`benches/perf.rs`).

#![allow(dead_code)]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};
use learn::schedule::{CardState, Grade, Scheduler, Settings};
use learn::store::{Mode, NewReview, Store};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// A learner who forgets faster than the average FSRS-6 user: lower first
/// stabilities, slower growth after a success, a steeper forgetting curve.
pub const TRUE_PARAMETERS: [f32; 21] =
    [0.1, 0.6, 1.5, 4.5, 7.0, 0.6, 2.0, 0.01, 1.3, 0.25, 0.9, 1.9, 0.1, 0.35, 1.9, 0.45, 2.2, 0.5, 0.1, 0.1, 0.35];

/// One simulated answer.
#[derive(Debug, Clone)]
pub struct SimAnswer {
    pub card: usize,
    pub time: DateTime<Utc>,
    pub grade: Grade,
    pub duration_ms: i64,
    pub before: CardState,
    pub after: CardState,
}

/// Card ids as the deck and the store name them.
pub fn card_id(i: usize) -> String {
    format!("s{i}")
}

/// `cards` cards, `new_per_day` introduced a day, studied for `days` days
/// from `start` (a session a day from 09:00 until everything due is done):
/// every answer, in time order.
pub fn simulate(
    true_w: &[f32],
    cards: usize,
    new_per_day: usize,
    days: i64,
    start: DateTime<Utc>,
    seed: u64,
) -> Vec<SimAnswer> {
    let truth = FSRS::new(true_w).expect("valid true parameters");
    let sched = Scheduler::new(Settings::default()).expect("default scheduler");
    let decay = true_w[20];
    let mut rng = StdRng::seed_from_u64(seed);
    let mut states: Vec<CardState> = Vec::with_capacity(cards);
    let mut memory: Vec<Option<(MemoryState, DateTime<Utc>)>> = Vec::with_capacity(cards);
    let mut out = Vec::new();
    for day in 0..days {
        let open = start + Duration::days(day) + Duration::hours(9);
        let close = open + Duration::hours(12);
        for _ in 0..new_per_day {
            if states.len() < cards {
                states.push(CardState::new(open));
                memory.push(None);
            }
        }
        // Due cards by due time; a card answered comes back when its step is due.
        let mut queue: BTreeSet<(DateTime<Utc>, usize)> =
            states.iter().enumerate().filter(|(_, s)| s.due < close).map(|(i, s)| (s.due, i)).collect();
        let mut clock = open;
        while let Some((due, i)) = queue.pop_first() {
            let t = clock.max(due);
            if t >= close {
                break;
            }
            let grade = match memory[i] {
                None => match rng.random_range(0..100) {
                    0..25 => Grade::Again,
                    25..35 => Grade::Hard,
                    35..85 => Grade::Good,
                    _ => Grade::Easy,
                },
                Some((m, last)) => {
                    let elapsed = (t - last).num_seconds() as f32 / 86_400.0;
                    let recall = fsrs::current_retrievability(m, elapsed, decay);
                    if rng.random::<f32>() >= recall {
                        Grade::Again
                    } else {
                        match rng.random_range(0..100) {
                            0..10 => Grade::Hard,
                            10..90 => Grade::Good,
                            _ => Grade::Easy,
                        }
                    }
                }
            };
            // The true memory moves on by whole days, as FSRS counts them.
            let (prev, days_since) = match memory[i] {
                Some((m, last)) => (Some(m), ((t - last).num_seconds() / 86_400) as u32),
                None => (None, 0),
            };
            let next = truth.next_states(prev, 0.9, days_since).expect("next states");
            let m = match grade {
                Grade::Again => next.again.memory,
                Grade::Hard => next.hard.memory,
                Grade::Good => next.good.memory,
                Grade::Easy => next.easy.memory,
            };
            memory[i] = Some((m, t));
            let before = states[i].clone();
            let after = sched.review(&before, grade, t, &format!("synthetic/{}", card_id(i)));
            let duration_ms = rng.random_range(3_000..12_000);
            clock = t + Duration::milliseconds(duration_ms);
            if after.due < close {
                queue.insert((after.due, i));
            }
            states[i] = after.clone();
            out.push(SimAnswer { card: i, time: t, grade, duration_ms, before, after });
        }
    }
    out
}

/// Records answers in the store, for `learner` in deck `deck`, in batches.
pub fn record(store: &mut Store, learner: &str, deck: &str, answers: &[SimAnswer]) {
    let ids: Vec<String> = (0..=answers.iter().map(|a| a.card).max().unwrap_or(0)).map(card_id).collect();
    for chunk in answers.chunks(20_000) {
        let rows: Vec<NewReview<'_>> = chunk
            .iter()
            .map(|a| NewReview {
                learner,
                deck,
                card: &ids[a.card],
                time: a.time,
                mode: Mode::Run,
                grade: a.grade,
                correct: a.grade != Grade::Again,
                answer: "",
                duration_ms: a.duration_ms,
                before: &a.before,
                after: Some(&a.after),
                leech: false,
            })
            .collect();
        store.record_batch(&rows).expect("record answers");
    }
}

/// A deck file with `cards` basic cards named as [`card_id`] names them.
pub fn deck_toml(id: &str, cards: usize) -> String {
    let mut s = format!("[deck]\nid = \"{id}\"\nname = \"Synthetic learner\"\nlanguage = \"en\"\n");
    for i in 0..cards {
        s.push_str(&format!(
            "\n[[cards]]\nid = \"{}\"\nkind = \"basic\"\nquestion = \"Question {i}?\"\nanswer = \"Answer {i}\"\n",
            card_id(i)
        ));
    }
    s
}

/// The optimiser's items from simulated answers, as `learn optimize` and
/// Anki build them (days counted in UTC from midnight): for each answer on
/// a later day than the card's previous one, the card's answers up to it.
/// Only items whose last answer is at or after `from` are kept.
pub fn items_from(answers: &[SimAnswer], from: DateTime<Utc>) -> Vec<fsrs::FSRSItem> {
    let cards = answers.iter().map(|a| a.card).max().map_or(0, |m| m + 1);
    let mut by_card: Vec<Vec<&SimAnswer>> = vec![Vec::new(); cards];
    for a in answers {
        by_card[a.card].push(a);
    }
    let day = |t: DateTime<Utc>| t.timestamp().div_euclid(86_400);
    let mut items: Vec<(DateTime<Utc>, fsrs::FSRSItem)> = Vec::new();
    for card in by_card {
        let mut reviews = Vec::new();
        for (i, a) in card.iter().enumerate() {
            let delta = if i == 0 { 0 } else { (day(a.time) - day(card[i - 1].time)) as u32 };
            reviews.push(fsrs::FSRSReview { rating: u32::from(a.grade.number()), delta_t: delta });
            if i > 0 && delta > 0 && a.time >= from {
                items.push((a.time, fsrs::FSRSItem { reviews: reviews.clone() }));
            }
        }
    }
    items.sort_by_key(|(t, _)| *t);
    items.into_iter().map(|(_, i)| i).collect()
}
