//! `learn stats --json`: every figure of the page, in the stable schema
//! documented in `docs/stats.md` (`"schema": 1`). Fields are only ever
//! added; a change in meaning gets a new schema number.

use serde::Serialize;

use super::figures::{Bucket, DayCount, Distribution, PassFail, Retention};
use super::report::{HardCard, InForce, Report};

/// The schema number written in every document.
pub(crate) const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    schema: u32,
    learner: &'a str,
    decks: &'a [String],
    now: String,
    study_day: String,
    today: Today,
    streak: Streak,
    cards: Cards,
    forecast: Forecast<'a>,
    daily: Vec<Day>,
    calendar: Calendar<'a>,
    retention: RetentionTable,
    stability: Dist,
    difficulty: Dist,
    retrievability: Dist,
    leeches: Vec<Hard<'a>>,
    lowest_retrievability: Vec<Hard<'a>>,
    parameters: Vec<Params<'a>>,
}

#[derive(Serialize)]
struct Today {
    answers: u64,
    seconds: f64,
    correct: u64,
    again: u64,
    right: Option<f64>,
    learn: u64,
    review: u64,
    relearn: u64,
    practice: u64,
}

#[derive(Serialize)]
struct Streak {
    current: u64,
    longest: u64,
    days_studied: usize,
    window: usize,
}

#[derive(Serialize)]
struct Cards {
    total: u64,
    new: u64,
    learning: u64,
    relearning: u64,
    young: u64,
    mature: u64,
    flagged: u64,
    leeches: u64,
}

#[derive(Serialize)]
struct Forecast<'a> {
    overdue: u64,
    due: &'a [u64],
}

#[derive(Serialize)]
struct Day {
    date: String,
    answers: u64,
    seconds: f64,
}

#[derive(Serialize)]
struct Calendar<'a> {
    start: String,
    answers: &'a [u64],
}

#[derive(Serialize)]
struct Rate {
    pass: u64,
    fail: u64,
    rate: Option<f64>,
}

impl From<PassFail> for Rate {
    fn from(p: PassFail) -> Rate {
        Rate { pass: p.pass, fail: p.fail, rate: p.rate() }
    }
}

#[derive(Serialize)]
struct PeriodRetention {
    young: Rate,
    mature: Rate,
    total: Rate,
}

impl From<&Retention> for PeriodRetention {
    fn from(r: &Retention) -> PeriodRetention {
        PeriodRetention { young: r.young.into(), mature: r.mature.into(), total: r.total().into() }
    }
}

#[derive(Serialize)]
struct Desired {
    min: f64,
    max: f64,
}

#[derive(Serialize)]
struct RetentionTable {
    desired: Desired,
    today: PeriodRetention,
    #[serde(rename = "7d")]
    week: PeriodRetention,
    #[serde(rename = "30d")]
    month: PeriodRetention,
    #[serde(rename = "365d")]
    year: PeriodRetention,
}

#[derive(Serialize)]
struct Bar {
    from: f64,
    to: Option<f64>,
    cards: u64,
}

impl From<&Bucket> for Bar {
    fn from(b: &Bucket) -> Bar {
        Bar { from: b.from, to: b.to, cards: b.cards }
    }
}

#[derive(Serialize)]
struct Dist {
    mean: Option<f64>,
    buckets: Vec<Bar>,
}

impl From<&Distribution> for Dist {
    fn from(d: &Distribution) -> Dist {
        Dist { mean: d.mean, buckets: d.buckets.iter().map(Bar::from).collect() }
    }
}

#[derive(Serialize)]
struct Hard<'a> {
    deck: &'a str,
    card: &'a str,
    question: &'a str,
    lapses: u32,
    retrievability: Option<f64>,
}

impl<'a> From<&'a HardCard> for Hard<'a> {
    fn from(h: &'a HardCard) -> Hard<'a> {
        Hard { deck: &h.deck, card: &h.card, question: &h.question, lapses: h.lapses, retrievability: h.retrievability }
    }
}

#[derive(Serialize)]
struct Fitted {
    at: String,
    reviews: u64,
    log_loss: f64,
    rmse_bins: f64,
    default_log_loss: f64,
    default_rmse_bins: f64,
}

#[derive(Serialize)]
struct Params<'a> {
    deck: &'a str,
    source: &'static str,
    weights: &'a [f32],
    fitted: Option<Fitted>,
}

impl<'a> From<&'a InForce> for Params<'a> {
    fn from(p: &'a InForce) -> Params<'a> {
        Params {
            deck: &p.deck,
            source: p.source.name(),
            weights: &p.weights,
            fitted: p.fit.as_ref().map(|f| Fitted {
                at: f.fitted_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                reviews: f.reviews,
                log_loss: f.log_loss,
                rmse_bins: f.rmse_bins,
                default_log_loss: f.default_log_loss,
                default_rmse_bins: f.default_rmse_bins,
            }),
        }
    }
}

#[allow(clippy::cast_precision_loss)] // milliseconds of study
fn seconds(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

/// The report as a JSON document (pretty-printed, ending in a newline).
pub(crate) fn to_json(r: &Report) -> String {
    let today = r.days.today();
    let n = r.daily.len();
    let f = &r.today;
    let c = &r.cards.counts;
    let [t, w, m, y] = &r.retention;
    let doc = Doc {
        schema: SCHEMA,
        learner: &r.learner,
        decks: &r.decks,
        now: r.days.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        study_day: r.days.date(today).to_string(),
        today: Today {
            answers: f.answers,
            seconds: seconds(f.duration_ms),
            correct: f.correct,
            again: f.again,
            #[allow(clippy::cast_precision_loss)] // counts of answers
            right: (f.answers > 0).then(|| f.correct as f64 / f.answers as f64),
            learn: f.learn,
            review: f.review,
            relearn: f.relearn,
            practice: f.cram,
        },
        streak: Streak {
            current: r.streak.current,
            longest: r.streak.longest,
            days_studied: r.days_studied(),
            window: n,
        },
        cards: Cards {
            total: c.total(),
            new: c.new,
            learning: c.learning,
            relearning: c.relearning,
            young: c.young,
            mature: c.mature,
            flagged: c.flagged,
            leeches: c.leeches,
        },
        forecast: Forecast { overdue: r.cards.forecast.overdue, due: &r.cards.forecast.due },
        daily: r
            .daily
            .iter()
            .enumerate()
            .map(|(i, d): (usize, &DayCount)| Day {
                date: r.days.date(today - i64::try_from(n - 1 - i).unwrap_or(0)).to_string(),
                answers: d.answers,
                seconds: seconds(d.duration_ms),
            })
            .collect(),
        calendar: Calendar { start: r.calendar_start.to_string(), answers: &r.calendar },
        retention: RetentionTable {
            desired: Desired { min: r.desired_retention.0, max: r.desired_retention.1 },
            today: t.into(),
            week: w.into(),
            month: m.into(),
            year: y.into(),
        },
        stability: (&r.cards.stability).into(),
        difficulty: (&r.cards.difficulty).into(),
        retrievability: (&r.cards.retrievability).into(),
        leeches: r.leeches.iter().map(Hard::from).collect(),
        lowest_retrievability: r.lowest.iter().map(Hard::from).collect(),
        parameters: r.parameters.iter().map(Params::from).collect(),
    };
    // Serialising plain data with string keys cannot fail.
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
