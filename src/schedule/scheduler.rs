//! The engine: FSRS-6 memory states from the `fsrs` crate, wrapped in the
//! learning/review/relearning state machine of the reference scheduler
//! (py-fsrs 6), with Anki-style fuzz. Pure: time comes in as an argument.
//!
//! Agreement with the reference is checked by `tests/integration/fsrs_reference.rs`
//! against vectors that `scripts/gen_fsrs_vectors.py` produced with py-fsrs.
//! Where py-fsrs and Anki differ we follow py-fsrs: Hard/Good/Easy intervals
//! are not forced into order, and a new card with no learning steps goes
//! straight to review whatever the grade.

use chrono::{DateTime, Duration, Utc};
use fsrs::{FSRS, MemoryState};

use super::card::{CardState, Grade, State};
use super::settings::Settings;

/// The scheduler for one deck's settings.
#[derive(Debug)]
pub struct Scheduler {
    pub(super) fsrs: FSRS,
    settings: Settings,
    decay: f64,
    factor: f64,
}

/// Why the scheduler could not be built.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ParameterError(String);

impl Scheduler {
    /// Builds a scheduler; settings out of range are refused here too, so
    /// the engine can trust them whoever built them.
    pub fn new(settings: Settings) -> Result<Scheduler, ParameterError> {
        settings.validate().map_err(|e| ParameterError(e.to_string()))?;
        let fsrs = FSRS::new(&settings.parameters)
            .map_err(|e| ParameterError(format!("FSRS rejected the parameters: {e}")))?;
        let decay = -(settings.parameters[20] as f64);
        let factor = 0.9f64.powf(1.0 / decay) - 1.0;
        Ok(Scheduler { fsrs, settings, decay, factor })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The state after answering `card` with `grade` at `now`. `fuzz_key`
    /// identifies the card, so fuzz is the same for the same card and day.
    pub fn review(&self, card: &CardState, grade: Grade, now: DateTime<Utc>, fuzz_key: &str) -> CardState {
        let days = card.last_review.map(|l| u32::try_from((now - l).num_seconds().max(0) / 86_400).unwrap_or(u32::MAX));
        #[allow(clippy::cast_possible_truncation)] // FSRS computes in f32; we store f64
        let memory = match (card.stability, card.difficulty) {
            (Some(s), Some(d)) => Some(MemoryState { stability: s as f32, difficulty: d as f32 }),
            _ => None,
        };
        let next = self.memory_after(memory, days.unwrap_or(0), grade);
        let mut out = CardState {
            stability: Some(next.stability as f64),
            difficulty: Some(next.difficulty as f64),
            last_review: Some(now),
            reps: card.reps + 1,
            ..card.clone()
        };
        let steps = &self.settings.learning_steps;
        let relearn = &self.settings.relearning_steps;
        match card.state {
            State::New | State::Learning => {
                self.steps_transition(&mut out, card, grade, now, steps, State::Learning, fuzz_key)
            }
            State::Relearning => {
                self.steps_transition(&mut out, card, grade, now, relearn, State::Relearning, fuzz_key)
            }
            State::Review => {
                if grade == Grade::Again {
                    out.lapses = out.lapses.saturating_add(1);
                    if relearn.is_empty() {
                        self.to_review(&mut out, now, fuzz_key);
                    } else {
                        out.state = State::Relearning;
                        out.step = Some(0);
                        out.scheduled_days = 0;
                        out.due = add_secs(now, relearn[0] as f64);
                    }
                } else {
                    self.to_review(&mut out, now, fuzz_key);
                }
            }
        }
        out
    }

    /// The four possible outcomes (Again, Hard, Good, Easy), for the buttons.
    pub fn preview(&self, card: &CardState, now: DateTime<Utc>, fuzz_key: &str) -> [CardState; 4] {
        Grade::ALL.map(|g| self.review(card, g, now, fuzz_key))
    }

    #[allow(clippy::cast_possible_truncation)] // FSRS takes the retention as f32
    fn memory_after(&self, memory: Option<MemoryState>, days: u32, grade: Grade) -> MemoryState {
        match self.fsrs.next_states(memory, self.settings.desired_retention as f32, days) {
            Ok(n) => match grade {
                Grade::Again => n.again.memory,
                Grade::Hard => n.hard.memory,
                Grade::Good => n.good.memory,
                Grade::Easy => n.easy.memory,
            },
            // fsrs refuses only non-finite states; fall back to the initial state
            // for this grade rather than losing the answer.
            Err(_) => {
                let w = &self.settings.parameters;
                let g = grade as usize;
                MemoryState {
                    stability: w[g - 1].max(0.001),
                    difficulty: (w[4] - (w[5] * (g as f32 - 1.0)).exp() + 1.0).clamp(1.0, 10.0),
                }
            }
        }
    }

    /// Learning and relearning share one step logic (py-fsrs `review_card`).
    /// A card that graduates is fuzzed with its own key, like any other
    /// transition to review.
    #[allow(clippy::too_many_arguments)]
    fn steps_transition(
        &self,
        out: &mut CardState,
        card: &CardState,
        grade: Grade,
        now: DateTime<Utc>,
        steps: &[i64],
        learning_state: State,
        fuzz_key: &str,
    ) {
        let step = card.step.unwrap_or(0) as usize;
        let graduate = steps.is_empty() || (step >= steps.len() && grade != Grade::Again);
        if graduate {
            self.to_review(out, now, fuzz_key);
            return;
        }
        out.state = learning_state;
        out.scheduled_days = 0;
        match grade {
            Grade::Again => {
                out.step = Some(0);
                out.due = add_secs(now, steps[0] as f64);
            }
            Grade::Hard => {
                out.step = Some(u32::try_from(step).unwrap_or(u32::MAX));
                let secs = if step == 0 && steps.len() == 1 {
                    steps[0] as f64 * 1.5
                } else if step == 0 {
                    (steps[0] + steps[1]) as f64 / 2.0
                } else {
                    steps[step] as f64
                };
                out.due = add_secs(now, secs);
            }
            Grade::Good => {
                if step + 1 >= steps.len() {
                    self.to_review(out, now, fuzz_key);
                } else {
                    out.step = Some(u32::try_from(step + 1).unwrap_or(u32::MAX));
                    out.due = add_secs(now, steps[step + 1] as f64);
                }
            }
            Grade::Easy => self.to_review(out, now, fuzz_key),
        }
    }

    fn to_review(&self, out: &mut CardState, now: DateTime<Utc>, fuzz_key: &str) {
        let s = out.stability.unwrap_or(0.001);
        let mut days = self.interval_days(s);
        if self.settings.fuzz {
            days = self.fuzz(days, now, fuzz_key, out.reps);
        }
        out.state = State::Review;
        out.step = None;
        out.scheduled_days = days;
        out.due = now.checked_add_signed(Duration::days(i64::from(days))).unwrap_or(DateTime::<Utc>::MAX_UTC);
    }

    /// Days until the next review for stability `s`: py-fsrs `_next_interval`
    /// (rounded half to even as Python does, at least 1, at most the maximum).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 1..=maximum_interval
    pub fn interval_days(&self, s: f64) -> u32 {
        let raw = (s / self.factor) * (self.settings.desired_retention.powf(1.0 / self.decay) - 1.0);
        let days = raw.round_ties_even().max(1.0);
        days.min(self.settings.maximum_interval as f64) as u32
    }

    /// py-fsrs's fuzz ranges, drawn from a hash of the card and the day so the
    /// same answer on the same day always gives the same interval.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 1..=maximum_interval
    fn fuzz(&self, days: u32, now: DateTime<Utc>, key: &str, reps: u32) -> u32 {
        let ivl = days as f64;
        if ivl < 2.5 {
            return days;
        }
        let mut delta = 1.0;
        for (start, end, factor) in [(2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, f64::INFINITY, 0.05)] {
            delta += factor * (ivl.min(end) - start).max(0.0);
        }
        let max_ivl = self.settings.maximum_interval as f64;
        let hi = (ivl + delta).round().min(max_ivl);
        let lo = (ivl - delta).round().max(2.0).min(hi);
        let day = now.timestamp().div_euclid(86_400);
        let unit = unit_hash(&format!("{key}\u{1f}{day}\u{1f}{reps}"));
        let fuzzed = (unit * (hi - lo + 1.0) + lo).floor();
        fuzzed.min(max_ivl).max(1.0) as u32
    }
}

/// `t` plus a step; steps are validated to at most a year, so this cannot
/// overflow, but a far-future `now` saturates rather than panics.
#[allow(clippy::cast_possible_truncation)] // a validated step in ms fits an i64
fn add_secs(t: DateTime<Utc>, secs: f64) -> DateTime<Utc> {
    let ms = (secs * 1000.0).round().clamp(0.0, i64::MAX as f64) as i64;
    t.checked_add_signed(Duration::milliseconds(ms)).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A number in [0, 1) from a string (FNV-1a, then SplitMix64 finalisation).
fn unit_hash(s: &str) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-01T09:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    fn sched(fuzz: bool) -> Scheduler {
        Scheduler::new(Settings { fuzz, ..Settings::default() }).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn new_card_follows_learning_steps() {
        let s = sched(false);
        let c = CardState::new(t0());
        let again = s.review(&c, Grade::Again, t0(), "k");
        assert_eq!((again.state, again.step, again.due - t0()), (State::Learning, Some(0), Duration::minutes(1)));
        let hard = s.review(&c, Grade::Hard, t0(), "k");
        assert_eq!(hard.due - t0(), Duration::seconds(330));
        let good = s.review(&c, Grade::Good, t0(), "k");
        assert_eq!((good.state, good.step, good.due - t0()), (State::Learning, Some(1), Duration::minutes(10)));
        let easy = s.review(&c, Grade::Easy, t0(), "k");
        assert_eq!(easy.state, State::Review);
        assert_eq!(easy.scheduled_days, 8);
        let grad = s.review(&good, Grade::Good, good.due, "k");
        assert_eq!((grad.state, grad.step), (State::Review, None));
        // Good twice on a new card: py-fsrs gives 2 days with the default weights.
        assert_eq!(grad.scheduled_days, 2);
        assert_eq!(grad.due - good.due, Duration::days(2));
    }

    #[test]
    fn lapse_goes_to_relearning_and_counts() {
        let s = sched(false);
        let c = s.review(&CardState::new(t0()), Grade::Easy, t0(), "k");
        let lapsed = s.review(&c, Grade::Again, c.due, "k");
        assert_eq!((lapsed.state, lapsed.lapses), (State::Relearning, 1));
        assert_eq!(lapsed.due - c.due, Duration::minutes(10));
    }

    #[test]
    fn fuzz_is_deterministic_per_card_and_day_and_stays_near() {
        let s = sched(true);
        let plain = sched(false);
        let mut c = s.review(&CardState::new(t0()), Grade::Easy, t0(), "k");
        c = s.review(&c, Grade::Good, c.due, "k");
        let a = s.review(&c, Grade::Good, c.due, "card-a");
        let b = s.review(&c, Grade::Good, c.due, "card-a");
        assert_eq!(a.due, b.due);
        let base = plain.review(&c, Grade::Good, c.due, "card-a").scheduled_days as f64;
        assert!((a.scheduled_days as f64 - base).abs() <= 1.0 + 0.15 * base, "{} vs {base}", a.scheduled_days);
        let spread: std::collections::HashSet<u32> =
            (0..40).map(|i| s.review(&c, Grade::Good, c.due, &format!("card-{i}")).scheduled_days).collect();
        assert!(spread.len() > 1, "fuzz should vary between cards");
    }

    #[test]
    fn cards_graduating_together_spread_over_several_days() {
        let s = sched(true);
        let dues: std::collections::HashSet<_> = (0..50)
            .map(|i| s.review(&CardState::new(t0()), Grade::Easy, t0(), &format!("deck/card-{i}")).due.date_naive())
            .collect();
        assert!(dues.len() >= 3, "50 cards answered Easy in one minute came due on {} day(s)", dues.len());
    }

    proptest! {
        #[test]
        fn intervals_grow_with_the_grade_and_states_stay_sane(
            history in proptest::collection::vec((0u8..4, 0i64..90 * 86_400), 0..12)
        ) {
            let s = sched(false);
            let mut card = CardState::new(t0());
            let mut now = t0();
            for (g, gap) in history {
                now += Duration::seconds(gap);
                let outs = s.preview(&card, now, "p");
                for o in &outs {
                    prop_assert!(o.due >= now);
                    prop_assert!(o.stability.unwrap_or(0.0) > 0.0);
                    let d = o.difficulty.unwrap_or(0.0);
                    prop_assert!((1.0..=10.0).contains(&d));
                }
                // Neither stability nor the interval falls from Again to Hard to Good to Easy.
                for w in outs.windows(2) {
                    prop_assert!(w[0].stability <= w[1].stability);
                    prop_assert!(w[0].due <= w[1].due, "{:?} then {:?}", w[0], w[1]);
                }
                card = outs[g as usize].clone();
            }
        }
    }
}
