//! Fitting FSRS-6 to a learner's own history, as Anki's "Optimize" does:
//! the review log becomes the optimiser's items (one per answer given a
//! day or more after the card's previous one, with the card's history
//! before it), `fsrs::compute_parameters` fits the 21 weights, and
//! `FSRS::evaluate` scores parameter sets on the same items (log loss and
//! RMSE(bins)). The simulator then finds the desired retention that costs
//! least study time per unit of memory (Anki's "optimal retention").
//!
//! Pure: time comes in as study-day numbers and instants; nothing here
//! reads the clock, the disk or the terminal. The only waiting is the
//! progress poll while the optimiser runs on its own thread.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use fsrs::{
    CombinedProgressState, ComputeParametersInput, FSRS, FSRSItem, FSRSReview, MemoryState, RevlogEntry,
    RevlogReviewKind, SimulatorConfig,
};

use super::card::{CardState, Grade, State};
use super::settings::Settings;

/// The fewest training items (answers given a day or more after the card's
/// previous answer) `learn optimize` fits parameters to. Below this the
/// fit says more about chance than about the learner's memory; Anki warns
/// under the same number.
pub const MIN_TRAINING_ITEMS: usize = 400;

/// One answer that counts for memory: a schedule-changing answer, or one
/// imported from another tool.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryAnswer {
    pub time: DateTime<Utc>,
    pub grade: Grade,
    /// The card's state before the answer; `None` where the log does not
    /// know it (history imported from Anki), see [`infer_states`].
    pub state: Option<State>,
    pub duration_ms: i64,
}

/// The state a card was in before each of its answers, where the log does
/// not say (history imported from Anki keeps only times and grades). `days`
/// are the answers' study-day numbers, oldest first. A card's first answer
/// is learning; an answer on a later study day than the one before is a
/// review; an answer on the same day continues what the one before started
/// (Again on a review starts relearning).
pub fn infer_states(days: &[(i64, Grade)]) -> Vec<State> {
    let mut out: Vec<State> = Vec::with_capacity(days.len());
    for (i, &(day, _)) in days.iter().enumerate() {
        let state = match i.checked_sub(1).map(|p| (days[p], out[p])) {
            None => State::Learning,
            Some(((prev_day, _), _)) if day > prev_day => State::Review,
            Some(((_, Grade::Again), State::Review)) => State::Relearning,
            Some((_, prev)) => prev,
        };
        out.push(state);
    }
    out
}

/// The study-day number of `t`: days since the epoch in the learner's zone
/// (`offset_secs` east of UTC), each day starting at `day_start_hour`.
pub fn day_number(t: DateTime<Utc>, offset_secs: i32, day_start_hour: u32) -> i64 {
    (t.timestamp() + i64::from(offset_secs) - i64::from(day_start_hour) * 3600).div_euclid(86_400)
}

/// What the optimiser learns from: for each answer given a day or more
/// after the card's previous one, the card's answers up to it (with the
/// days between them). Items are in the order they were answered, as the
/// optimiser's recency weighting expects.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    items: Vec<FSRSItem>,
    card_ids: Vec<i64>,
    /// Every answer considered, for the simulator's costs and button odds.
    revlog: Vec<RevlogEntry>,
    /// Answers read, and cards they belong to.
    answers: usize,
    cards: usize,
}

impl TrainingSet {
    /// Builds the items from each card's answers (oldest first), the days
    /// counted as `day` says.
    pub fn new(cards: &[Vec<MemoryAnswer>], day: impl Fn(DateTime<Utc>) -> i64) -> TrainingSet {
        let mut keyed: Vec<(i64, i64, FSRSItem)> = Vec::new();
        let mut revlog = Vec::new();
        let mut answers = 0;
        let mut studied = 0;
        for (cid, card) in cards.iter().enumerate() {
            if card.is_empty() {
                continue;
            }
            studied += 1;
            answers += card.len();
            let cid = i64::try_from(cid).unwrap_or(i64::MAX);
            let days: Vec<(i64, Grade)> = card.iter().map(|a| (day(a.time), a.grade)).collect();
            let inferred = infer_states(&days);
            let mut reviews: Vec<FSRSReview> = Vec::with_capacity(card.len());
            for (i, a) in card.iter().enumerate() {
                let delta = if i == 0 { 0 } else { (days[i].0 - days[i - 1].0).max(0) };
                let delta_t = u32::try_from(delta).unwrap_or(u32::MAX);
                reviews.push(FSRSReview { rating: u32::from(a.grade.number()), delta_t });
                if i > 0 && delta_t > 0 {
                    keyed.push((a.time.timestamp_millis(), cid, FSRSItem { reviews: reviews.clone() }));
                }
                let kind = match a.state.unwrap_or(inferred[i]) {
                    State::New | State::Learning => RevlogReviewKind::Learning,
                    State::Review => RevlogReviewKind::Review,
                    State::Relearning => RevlogReviewKind::Relearning,
                };
                revlog.push(RevlogEntry {
                    id: a.time.timestamp_millis(),
                    cid,
                    usn: 0,
                    button_chosen: a.grade.number(),
                    interval: 0,
                    last_interval: 0,
                    ease_factor: 0,
                    taken_millis: u32::try_from(a.duration_ms.max(0)).unwrap_or(u32::MAX),
                    review_kind: kind,
                });
            }
        }
        // Stable: items answered at the same instant keep card order.
        keyed.sort_by_key(|(t, _, _)| *t);
        let card_ids = keyed.iter().map(|(_, c, _)| *c).collect();
        let items = keyed.into_iter().map(|(_, _, i)| i).collect();
        TrainingSet { items, card_ids, revlog, answers, cards: studied }
    }

    /// Training items: answers given a day or more after the card's previous answer.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Answers read (every one, including same-day steps).
    pub fn answers(&self) -> usize {
        self.answers
    }

    /// Cards with at least one answer.
    pub fn cards(&self) -> usize {
        self.cards
    }
}

/// How well a parameter set predicts the answers of a training set, as
/// Anki shows it: log loss (binary cross-entropy of the predicted recall)
/// and RMSE(bins) (predicted against actual recall over bins of interval,
/// review count and lapses), both lower is better.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    pub log_loss: f64,
    pub rmse_bins: f64,
}

/// Why fitting or evaluating failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OptimizeError {
    #[error("there is no history to learn from")]
    NoData,
    #[error("the parameters are not valid FSRS-6 parameters")]
    InvalidParameters,
    #[error("the optimiser could not fit this history ({0})")]
    Failed(String),
}

fn fsrs_error(e: fsrs::FSRSError) -> OptimizeError {
    match e {
        fsrs::FSRSError::NotEnoughData => OptimizeError::NoData,
        fsrs::FSRSError::InvalidParameters => OptimizeError::InvalidParameters,
        other => OptimizeError::Failed(format!("{other:?}")),
    }
}

/// Scores `parameters` on `set` (in-sample, as Anki compares the parameters
/// in force with freshly fitted ones).
pub fn evaluate(parameters: &[f32], set: &TrainingSet) -> Result<Evaluation, OptimizeError> {
    if set.items.is_empty() {
        return Err(OptimizeError::NoData);
    }
    let model = FSRS::new(parameters).map_err(fsrs_error)?;
    let e = model.evaluate_with_card_ids(set.items.clone(), set.card_ids.clone(), |_| true).map_err(fsrs_error)?;
    Ok(Evaluation { log_loss: f64::from(e.log_loss), rmse_bins: f64::from(e.rmse_bins) })
}

/// Relearning steps that fit in one day: what the optimiser's short-term
/// model is told (as Anki counts them).
pub fn relearning_steps_in_a_day(settings: &Settings) -> usize {
    let mut total = 0;
    settings
        .relearning_steps
        .iter()
        .take_while(|s| {
            total += **s;
            total < 86_400
        })
        .count()
}

/// Fits the 21 FSRS-6 weights to `set`. `progress(done, total)` is called
/// about ten times a second while the optimiser runs (on its own thread).
/// Where the fitted short-term model would make a card stronger after
/// relearning than before its lapse, the fit is redone without it, as Anki
/// does.
pub fn fit(
    set: &TrainingSet,
    relearning_steps: usize,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<f32>, OptimizeError> {
    if set.items.is_empty() {
        return Err(OptimizeError::NoData);
    }
    let mut run = |short_term: bool| -> Result<Vec<f32>, OptimizeError> {
        let shared = CombinedProgressState::new_shared();
        let input = ComputeParametersInput {
            train_set: set.items.clone(),
            card_ids: Some(set.card_ids.clone()),
            progress: Some(shared.clone()),
            enable_short_term: short_term,
            num_relearning_steps: Some(relearning_steps),
            training_config: None,
        };
        let result = std::thread::scope(|scope| {
            let job = scope.spawn(move || fsrs::compute_parameters(input));
            while !job.is_finished() {
                if let Ok(p) = shared.lock() {
                    progress(p.current(), p.total());
                }
                std::thread::sleep(StdDuration::from_millis(100));
            }
            job.join()
        });
        match result {
            Ok(r) => r.map_err(fsrs_error),
            Err(_) => Err(OptimizeError::Failed("the optimiser stopped unexpectedly".into())),
        }
    };
    let fitted = run(true)?;
    if relearning_steps > 1 && relearning_strengthens(&fitted, relearning_steps) {
        return run(false);
    }
    Ok(fitted)
}

/// Whether, with these parameters, a card lapsing at stability 1 comes out
/// of `steps` relearning steps stronger than it went in.
fn relearning_strengthens(parameters: &[f32], steps: usize) -> bool {
    let Ok(model) = FSRS::new(parameters) else { return false };
    let start = MemoryState { stability: 1.0, difficulty: 1.0 };
    let Ok(lapse) = model.next_states(Some(start), 0.9, 2) else { return false };
    let mut s = lapse.again.memory;
    for _ in 0..steps {
        match model.next_states(Some(s), 0.9, 0) {
            Ok(n) => s = n.good.memory,
            Err(_) => return false,
        }
    }
    s.stability > start.stability
}

/// The learner's collection as the simulator sees it: cards already
/// studied (their current state) and cards not yet seen.
#[derive(Debug, Clone)]
pub struct Workload<'a> {
    pub studied: &'a [CardState],
    pub unseen: usize,
    pub settings: &'a Settings,
    pub now: DateTime<Utc>,
}

/// Days the simulator looks ahead, as Anki's default.
const SIMULATED_DAYS: usize = 365;

/// The desired retention (0.70 to 0.95) that costs least study time per
/// unit of memory over the next year, for this learner's answer times and
/// button habits (from `set`) and their collection, with `parameters` —
/// Anki's "optimal retention". `None` when the simulator finds no minimum.
pub fn optimal_retention(parameters: &[f32], set: &TrainingSet, work: &Workload<'_>, day_end_secs: i64) -> Option<f64> {
    let w = Arc::new(fsrs::check_and_fill_parameters(parameters).ok()?);
    let cards: Vec<fsrs::Card> = work
        .studied
        .iter()
        .enumerate()
        .filter(|(_, c)| c.state != State::New)
        .filter_map(|(i, c)| sim_card(i, c, work, &w))
        .collect();
    let deck_size = cards.len() + work.unseen;
    if deck_size == 0 {
        return None;
    }
    let habits = fsrs::extract_simulator_config(set.revlog.clone(), day_end_secs, true);
    let learning_steps = work.settings.learning_steps.len();
    let config = SimulatorConfig {
        deck_size,
        learn_span: SIMULATED_DAYS,
        max_cost_perday: f32::MAX,
        #[allow(clippy::cast_precision_loss)] // at most 36 500 days
        max_ivl: work.settings.maximum_interval as f32,
        learn_limit: work.settings.new_per_day as usize,
        review_limit: work.settings.reviews_per_day as usize,
        new_cards_ignore_review_limit: true,
        learning_step_count: learning_steps,
        relearning_step_count: relearning_steps_in_a_day(work.settings),
        ..habits
    };
    let r = fsrs::optimal_retention(&config, &w, |_| true, Some(cards), None).ok()?;
    Some(f64::from(r.clamp(0.70, 0.95)))
}

/// A studied card for the simulator: days relative to today.
#[allow(clippy::cast_possible_truncation)] // FSRS computes in f32
fn sim_card(i: usize, c: &CardState, work: &Workload<'_>, w: &Arc<Vec<f32>>) -> Option<fsrs::Card> {
    let (s, d) = (c.stability?, c.difficulty?);
    let days = |t: DateTime<Utc>| (t - work.now).num_seconds() as f32 / 86_400.0;
    let (last, due) = match c.state {
        State::Review => (c.last_review.map_or(0.0, |l| days(l).min(0.0)), days(c.due).max(0.0).floor()),
        _ => (0.0, 0.0),
    };
    Some(fsrs::Card {
        id: i64::try_from(i).unwrap_or(i64::MAX),
        difficulty: d as f32,
        stability: s as f32,
        last_date: last.floor(),
        due,
        #[allow(clippy::cast_precision_loss)] // days
        interval: c.scheduled_days as f32,
        lapses: c.lapses,
        #[allow(clippy::cast_possible_truncation)]
        desired_retention: work.settings.desired_retention as f32,
        parameters: w.clone(),
    })
}

/// The probability of recalling a card with stability `stability` (days)
/// `elapsed_days` after its last review, on the FSRS-6 forgetting curve of
/// `parameters` (their decay, the 21st weight).
pub fn retrievability(stability: f64, elapsed_days: f64, parameters: &[f32]) -> f64 {
    let decay = parameters.get(20).copied().unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
    #[allow(clippy::cast_possible_truncation)] // FSRS computes in f32
    let r = fsrs::current_retrievability(
        MemoryState { stability: stability.max(0.001) as f32, difficulty: 5.0 },
        elapsed_days.max(0.0) as f32,
        decay,
    );
    f64::from(r).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn t(day: i64, hour: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_772_323_200 + day * 86_400 + hour * 3600, 0).unwrap_or_default()
    }

    fn answer(day: i64, hour: i64, grade: Grade) -> MemoryAnswer {
        MemoryAnswer { time: t(day, hour), grade, state: None, duration_ms: 5000 }
    }

    #[test]
    fn states_are_inferred_from_days_and_grades() {
        use Grade::{Again, Good};
        let days = [(0, Good), (0, Good), (2, Good), (7, Again), (7, Good), (9, Good)];
        assert_eq!(
            infer_states(&days),
            vec![State::Learning, State::Learning, State::Review, State::Review, State::Relearning, State::Review]
        );
        assert!(infer_states(&[]).is_empty());
    }

    #[test]
    fn study_days_turn_at_the_day_start_hour_in_the_learners_zone() {
        // 2026-03-01T00:00Z; at +07:00 that is 07:00 local, after a 4 a.m. start.
        let base = day_number(t(0, 0), 7 * 3600, 4);
        assert_eq!(day_number(t(0, 0) - Duration::hours(3), 7 * 3600, 4), base, "04:00 local: same day");
        assert_eq!(day_number(t(0, 0) - Duration::hours(3) - Duration::minutes(1), 7 * 3600, 4), base - 1);
        assert_eq!(day_number(t(0, 20), 7 * 3600, 4), base);
        assert_eq!(day_number(t(0, 21), 7 * 3600, 4), base + 1, "04:00 local the next day");
    }

    #[test]
    fn items_are_the_answers_given_on_a_later_day_with_their_history() {
        let day = |x: DateTime<Utc>| day_number(x, 0, 0);
        let a = vec![
            answer(0, 9, Grade::Good),
            answer(0, 10, Grade::Good),
            answer(3, 9, Grade::Again),
            answer(3, 10, Grade::Good),
        ];
        let b = vec![answer(1, 9, Grade::Easy), answer(9, 9, Grade::Good)];
        let set = TrainingSet::new(&[a, Vec::new(), b], day);
        assert_eq!((set.len(), set.answers(), set.cards()), (2, 6, 2));
        let r = |rating, delta_t| FSRSReview { rating, delta_t };
        // In answer order: card a on day 3, card b on day 9.
        assert_eq!(set.items[0].reviews, vec![r(3, 0), r(3, 0), r(1, 3)]);
        assert_eq!(set.items[1].reviews, vec![r(4, 0), r(3, 8)]);
        assert_eq!(set.card_ids, vec![0, 2]);
        let kinds: Vec<RevlogReviewKind> = set.revlog.iter().map(|e| e.review_kind).collect();
        use RevlogReviewKind::{Learning, Relearning, Review};
        assert_eq!(kinds, vec![Learning, Learning, Review, Relearning, Learning, Review]);
    }

    #[test]
    fn a_known_state_wins_over_the_inferred_one() {
        let mut a = answer(0, 9, Grade::Good);
        a.state = Some(State::New);
        let mut b = answer(1, 9, Grade::Good);
        b.state = Some(State::Learning);
        let set = TrainingSet::new(&[vec![a, b]], |x| day_number(x, 0, 0));
        assert_eq!(set.revlog[1].review_kind, RevlogReviewKind::Learning);
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn evaluation_needs_items_and_valid_parameters() {
        let set =
            TrainingSet::new(&[vec![answer(0, 9, Grade::Good), answer(2, 9, Grade::Good)]], |x| day_number(x, 0, 0));
        assert_eq!(evaluate(&fsrs::DEFAULT_PARAMETERS, &TrainingSet::default()), Err(OptimizeError::NoData));
        let e = evaluate(&fsrs::DEFAULT_PARAMETERS, &set).unwrap_or(Evaluation { log_loss: -1.0, rmse_bins: -1.0 });
        // One passed review: the loss is -ln(predicted recall), recall below 1.
        assert!(e.log_loss > 0.0 && e.log_loss < 0.7, "{e:?}");
        assert!(evaluate(&[1.0; 3], &set).is_err());
    }

    #[test]
    fn retrievability_follows_the_forgetting_curve() {
        let w = fsrs::DEFAULT_PARAMETERS;
        // By definition, recall is 90% after one stability.
        assert!((retrievability(10.0, 10.0, &w) - 0.9).abs() < 1e-4);
        assert!((retrievability(10.0, 0.0, &w) - 1.0).abs() < 1e-6);
        assert!(retrievability(10.0, 30.0, &w) < retrievability(10.0, 20.0, &w));
    }

    #[test]
    fn relearning_steps_within_a_day_are_counted() {
        let s = Settings { relearning_steps: vec![600, 3600, 86_400, 600], ..Settings::default() };
        assert_eq!(relearning_steps_in_a_day(&s), 2);
        assert_eq!(relearning_steps_in_a_day(&Settings::default()), 1);
    }
}
