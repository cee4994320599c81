//! Every figure of `learn stats`, computed from the answers and card states
//! the store hands over. Answers are folded one at a time ([`Tally::add`]),
//! so a million of them need no list in memory; days are study days in the
//! learner's zone, starting at the day start hour, as the scheduler counts
//! them.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::schedule::{CardState, Grade, State, day_number, infer_states, retrievability};

/// What an answer was, as Anki's statistics count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A new or learning card.
    Learn,
    /// A review card: what true retention counts.
    Review,
    /// A card relearning after a lapse.
    Relearn,
    /// An answer that left the schedule alone (a quiz, a drill with
    /// `--no-reschedule`), like Anki's cramming.
    Cram,
}

impl Kind {
    /// From the card's state before the answer, and whether the answer
    /// counted for the schedule.
    pub(crate) fn of(state: State, scheduled: bool) -> Kind {
        match (scheduled, state) {
            (false, _) => Kind::Cram,
            (true, State::New | State::Learning) => Kind::Learn,
            (true, State::Review) => Kind::Review,
            (true, State::Relearning) => Kind::Relearn,
        }
    }
}

/// One answer, as statistics count it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Answer {
    pub(crate) time: DateTime<Utc>,
    pub(crate) grade: Grade,
    /// The verdict (a typed answer can be right and graded Hard).
    pub(crate) correct: bool,
    pub(crate) duration_ms: i64,
    pub(crate) kind: Kind,
    /// For a review: the interval (days) it came after; under 21 days the
    /// card is young, else mature (Anki's line).
    pub(crate) last_interval: u32,
}

/// Answers of one kind given together, counted: what the store keeps by
/// quarter hour so that a million answers need not be read one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) time: DateTime<Utc>,
    pub(crate) kind: Kind,
    /// Reviews of cards whose interval was 21 days or more.
    pub(crate) mature: bool,
    pub(crate) answers: u64,
    pub(crate) duration_ms: i64,
    pub(crate) correct: u64,
    /// Answers graded Again (the failed ones, for a review).
    pub(crate) again: u64,
}

/// Reviews at or past this interval (days) are of mature cards.
pub(crate) const MATURE_DAYS: u32 = 21;

/// Study days: the learner's zone and the hour a study day starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Days {
    pub(crate) now: DateTime<Utc>,
    pub(crate) offset_secs: i32,
    pub(crate) day_start_hour: u32,
}

impl Days {
    /// The study-day number of `t`.
    pub(crate) fn number(&self, t: DateTime<Utc>) -> i64 {
        day_number(t, self.offset_secs, self.day_start_hour)
    }

    /// Today's study-day number.
    pub(crate) fn today(&self) -> i64 {
        self.number(self.now)
    }

    /// The calendar date a study day is named after.
    pub(crate) fn date(&self, day: i64) -> NaiveDate {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        epoch.checked_add_signed(chrono::Duration::days(day)).unwrap_or(epoch)
    }
}

/// Fills in the kind and interval of one card's imported answers (oldest
/// first), which the log keeps without the card's state: see
/// [`infer_states`]. A review's interval is the days since the answer
/// before.
pub(crate) fn classify_imported(answers: &mut [Answer], days: &Days) {
    let numbered: Vec<(i64, Grade)> = answers.iter().map(|a| (days.number(a.time), a.grade)).collect();
    let states = infer_states(&numbered);
    for (i, a) in answers.iter_mut().enumerate() {
        a.kind = Kind::of(states[i], true);
        a.last_interval = match i {
            0 => 0,
            _ => u32::try_from((numbered[i].0 - numbered[i - 1].0).max(0)).unwrap_or(u32::MAX),
        };
    }
}

/// Passed and failed reviews.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PassFail {
    pub(crate) pass: u64,
    pub(crate) fail: u64,
}

impl PassFail {
    /// The pass rate; `None` with no reviews.
    pub(crate) fn rate(&self) -> Option<f64> {
        let n = self.pass + self.fail;
        #[allow(clippy::cast_precision_loss)] // counts of answers
        (n > 0).then(|| self.pass as f64 / n as f64)
    }

    fn plus(self, o: PassFail) -> PassFail {
        PassFail { pass: self.pass + o.pass, fail: self.fail + o.fail }
    }
}

/// The periods of the true-retention table, as Anki's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Today,
    Week,
    Month,
    Year,
}

impl Period {
    pub(crate) const ALL: [Period; 4] = [Period::Today, Period::Week, Period::Month, Period::Year];

    /// Study days it covers, today included.
    pub(crate) fn days(self) -> usize {
        match self {
            Period::Today => 1,
            Period::Week => 7,
            Period::Month => 30,
            Period::Year => 365,
        }
    }
}

/// True retention over one period: the pass rate of review answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Retention {
    pub(crate) young: PassFail,
    pub(crate) mature: PassFail,
}

impl Retention {
    pub(crate) fn total(&self) -> PassFail {
        self.young.plus(self.mature)
    }
}

/// Today's answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TodayFigures {
    pub(crate) answers: u64,
    pub(crate) duration_ms: i64,
    pub(crate) correct: u64,
    pub(crate) again: u64,
    pub(crate) learn: u64,
    pub(crate) review: u64,
    pub(crate) relearn: u64,
    pub(crate) cram: u64,
}

/// Answers and time of one study day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DayCount {
    pub(crate) answers: u64,
    pub(crate) duration_ms: i64,
}

/// Study days in a row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Streak {
    /// Days in a row up to today (or up to yesterday while today has no
    /// answer yet: the streak is still alive).
    pub(crate) current: u64,
    pub(crate) longest: u64,
}

/// How far back per-day counts are kept (a streak longer than this is
/// counted up to it).
const MAX_DAYS_BACK: usize = 100 * 366;

/// The answer side of the statistics, folded one answer at a time.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    days: Days,
    today: i64,
    /// By days before today (0 is today).
    per_day: Vec<DayCount>,
    today_figures: TodayFigures,
    retention: [Retention; 4],
    /// Answers dated after now (a clock set back); counted nowhere.
    pub(crate) future: u64,
}

impl Tally {
    pub(crate) fn new(days: Days) -> Tally {
        Tally {
            days,
            today: days.today(),
            per_day: Vec::new(),
            today_figures: TodayFigures::default(),
            retention: [Retention::default(); 4],
            future: 0,
        }
    }

    pub(crate) fn add(&mut self, a: &Answer) {
        self.add_group(&Group {
            time: a.time,
            kind: a.kind,
            mature: a.last_interval >= MATURE_DAYS,
            answers: 1,
            duration_ms: a.duration_ms.max(0),
            correct: u64::from(a.correct),
            again: u64::from(a.grade == Grade::Again),
        });
    }

    /// Answers of one kind given together (within one quarter hour: never
    /// across the start of a study day).
    pub(crate) fn add_group(&mut self, g: &Group) {
        let back = self.today - self.days.number(g.time);
        let Ok(back) = usize::try_from(back) else {
            self.future += g.answers;
            return;
        };
        if back < MAX_DAYS_BACK {
            if back >= self.per_day.len() {
                self.per_day.resize(back + 1, DayCount::default());
            }
            let d = &mut self.per_day[back];
            d.answers += g.answers;
            d.duration_ms += g.duration_ms.max(0);
        }
        if back == 0 {
            let t = &mut self.today_figures;
            t.answers += g.answers;
            t.duration_ms += g.duration_ms.max(0);
            t.correct += g.correct;
            t.again += g.again;
            match g.kind {
                Kind::Learn => t.learn += g.answers,
                Kind::Review => t.review += g.answers,
                Kind::Relearn => t.relearn += g.answers,
                Kind::Cram => t.cram += g.answers,
            }
        }
        if g.kind == Kind::Review {
            for (i, p) in Period::ALL.iter().enumerate() {
                if back < p.days() {
                    let r = &mut self.retention[i];
                    let side = if g.mature { &mut r.mature } else { &mut r.young };
                    side.fail += g.again;
                    side.pass += g.answers.saturating_sub(g.again);
                }
            }
        }
    }

    /// Answers on the study day `back` days before today.
    pub(crate) fn day(&self, back: usize) -> DayCount {
        self.per_day.get(back).copied().unwrap_or_default()
    }

    pub(crate) fn today_figures(&self) -> TodayFigures {
        self.today_figures
    }

    /// True retention for each of [`Period::ALL`].
    pub(crate) fn retention(&self) -> [Retention; 4] {
        self.retention
    }

    pub(crate) fn streak(&self) -> Streak {
        let studied = |back: usize| self.day(back).answers > 0;
        let start = usize::from(!studied(0));
        let current = (start..self.per_day.len()).take_while(|&b| studied(b)).count();
        let mut longest = 0usize;
        let mut run = 0usize;
        for b in 0..self.per_day.len() {
            run = if studied(b) { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        Streak { current: current as u64, longest: longest as u64 }
    }

    /// The last `n` study days, oldest first.
    pub(crate) fn last_days(&self, n: usize) -> Vec<DayCount> {
        (0..n).rev().map(|b| self.day(b)).collect()
    }

    /// The calendar of the heatmap: from the Monday 52 weeks before this
    /// week's to today, oldest first, with the first day's date.
    pub(crate) fn calendar(&self) -> (NaiveDate, Vec<u64>) {
        let today = self.days.date(self.today);
        let back = 52 * 7 + today.weekday().num_days_from_monday() as usize;
        let counts = (0..=back).rev().map(|b| self.day(b).answers).collect();
        let start = today.checked_sub_days(chrono::Days::new(back as u64)).unwrap_or(today);
        (start, counts)
    }
}

/// A studied card (one with a saved state), for the card figures.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Card<'a> {
    pub(crate) state: &'a CardState,
    /// The FSRS parameters it is scheduled with (for its retrievability).
    pub(crate) parameters: &'a [f32],
    pub(crate) leech: bool,
}

/// Cards by where they are, as Anki's card counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CardCounts {
    pub(crate) new: u64,
    pub(crate) learning: u64,
    pub(crate) relearning: u64,
    /// Review cards with an interval under 21 days.
    pub(crate) young: u64,
    pub(crate) mature: u64,
    /// Flagged for a fix (`learn flags`), whatever their state: learn
    /// has no suspending; a flagged card is the one set aside to look at.
    pub(crate) flagged: u64,
    pub(crate) leeches: u64,
}

impl CardCounts {
    pub(crate) fn total(&self) -> u64 {
        self.new + self.learning + self.relearning + self.young + self.mature
    }
}

/// Cards coming due, by study day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Forecast {
    /// Due before today and not yet answered: the backlog.
    pub(crate) overdue: u64,
    /// Due today (index 0, the backlog not included) and on each day after.
    pub(crate) due: Vec<u64>,
}

/// Days of the due forecast.
pub(crate) const FORECAST_DAYS: usize = 30;

/// One bar of a histogram: cards with a value from `from` up to (not
/// including) `to`; `to` is `None` for the open last bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bucket {
    pub(crate) from: f64,
    pub(crate) to: Option<f64>,
    pub(crate) cards: u64,
}

/// The distribution of one memory figure over the studied cards.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Distribution {
    pub(crate) buckets: Vec<Bucket>,
    /// The mean; `None` with no cards.
    pub(crate) mean: Option<f64>,
}

/// Stability buckets (days): a day, three, a week, two, a month, a
/// quarter, half a year, a year, two years, more.
const STABILITY_EDGES: [f64; 10] = [0.0, 1.0, 3.0, 7.0, 14.0, 30.0, 90.0, 180.0, 365.0, 730.0];

/// Buckets from `edges`; the last one ends at `upper` (`None`: open).
fn distribution(values: &[f64], edges: &[f64], upper: Option<f64>) -> Distribution {
    let mut buckets: Vec<Bucket> = edges
        .iter()
        .enumerate()
        .map(|(i, &from)| Bucket { from, to: edges.get(i + 1).copied().or(upper), cards: 0 })
        .collect();
    for &v in values {
        let i = edges.iter().rposition(|&e| v >= e).unwrap_or(0);
        buckets[i].cards += 1;
    }
    #[allow(clippy::cast_precision_loss)] // counts of cards
    let mean = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
    Distribution { buckets, mean }
}

/// A card among the hardest, by its index in the cards given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hard {
    pub(crate) index: usize,
    pub(crate) lapses: u32,
    pub(crate) retrievability: Option<f64>,
}

/// The card side of the statistics.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CardFigures {
    pub(crate) counts: CardCounts,
    pub(crate) forecast: Forecast,
    pub(crate) stability: Distribution,
    /// Difficulty as Anki shows it: 0% (FSRS 1) to 100% (FSRS 10).
    pub(crate) difficulty: Distribution,
    /// Retrievability now, 0 to 1.
    pub(crate) retrievability: Distribution,
    /// Leeches, most lapses first.
    pub(crate) leeches: Vec<Hard>,
    /// Review cards least likely to be recalled now, lowest first.
    pub(crate) lowest: Vec<Hard>,
}

/// How many cards each hardest-cards list shows.
pub(crate) const HARDEST: usize = 10;

/// Counts, forecast, distributions and the hardest cards, from every
/// studied card, the number of items never studied and of flagged items.
pub(crate) fn card_figures(cards: &[Card<'_>], unseen: u64, flagged: u64, days: &Days) -> CardFigures {
    let today = days.today();
    let mut counts = CardCounts { new: unseen, flagged, ..CardCounts::default() };
    let mut forecast = Forecast { overdue: 0, due: vec![0; FORECAST_DAYS] };
    let (mut stability, mut difficulty, mut recall) = (Vec::new(), Vec::new(), Vec::new());
    let mut leeches = Vec::new();
    let mut lowest = Vec::new();
    for (index, c) in cards.iter().enumerate() {
        let s = c.state;
        let r = match (s.stability, s.last_review) {
            (Some(st), Some(last)) if s.state != State::New => {
                #[allow(clippy::cast_precision_loss)] // seconds since the last review
                let elapsed = (days.now - last).num_seconds().max(0) as f64 / 86_400.0;
                Some(retrievability(st, elapsed, c.parameters))
            }
            _ => None,
        };
        match s.state {
            State::New => {
                counts.new += 1;
                continue;
            }
            State::Learning => counts.learning += 1,
            State::Relearning => counts.relearning += 1,
            State::Review if s.scheduled_days >= MATURE_DAYS => counts.mature += 1,
            State::Review => counts.young += 1,
        }
        counts.leeches += u64::from(c.leech);
        let back = today - days.number(s.due);
        match usize::try_from(-back) {
            Err(_) => forecast.overdue += 1,
            Ok(ahead) if ahead < FORECAST_DAYS => forecast.due[ahead] += 1,
            Ok(_) => {}
        }
        if let Some(st) = s.stability {
            stability.push(st);
        }
        if let Some(d) = s.difficulty {
            difficulty.push(((d - 1.0) / 9.0).clamp(0.0, 1.0));
        }
        if let Some(r) = r {
            recall.push(r);
        }
        let hard = Hard { index, lapses: s.lapses, retrievability: r };
        if c.leech {
            leeches.push(hard);
        }
        if s.state == State::Review && r.is_some() {
            lowest.push(hard);
        }
    }
    leeches.sort_by(|a, b| b.lapses.cmp(&a.lapses).then(a.index.cmp(&b.index)));
    leeches.truncate(HARDEST);
    lowest.sort_by(|a, b| {
        let (ra, rb) = (a.retrievability.unwrap_or(1.0), b.retrievability.unwrap_or(1.0));
        ra.total_cmp(&rb).then(a.index.cmp(&b.index))
    });
    lowest.truncate(HARDEST);
    let tenths: Vec<f64> = (0..10).map(|i| f64::from(i) / 10.0).collect();
    CardFigures {
        counts,
        forecast,
        stability: distribution(&stability, &STABILITY_EDGES, None),
        difficulty: distribution(&difficulty, &tenths, Some(1.0)),
        retrievability: distribution(&recall, &tenths, Some(1.0)),
        leeches,
        lowest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    /// 2026-03-01 09:00 in Hà Nội (+07:00), days starting at 4 a.m.
    fn days() -> Days {
        Days { now: at("2026-03-01T09:00:00+07:00"), offset_secs: 7 * 3600, day_start_hour: 4 }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    fn answer(time: &str, grade: Grade, kind: Kind, last_interval: u32) -> Answer {
        Answer { time: at(time), grade, correct: grade != Grade::Again, duration_ms: 10_000, kind, last_interval }
    }

    /// A hand-made log whose figures are known: see each assertion.
    fn log() -> Vec<Answer> {
        use Grade::{Again, Easy, Good, Hard};
        use Kind::{Cram, Learn, Relearn, Review};
        vec![
            // Today (from 04:00 local): 6 answers, 2 of them Again.
            answer("2026-03-01T04:00:00+07:00", Good, Learn, 0),
            answer("2026-03-01T08:00:00+07:00", Again, Review, 5),
            answer("2026-03-01T08:01:00+07:00", Good, Relearn, 0),
            answer("2026-03-01T08:30:00+07:00", Good, Review, 30),
            answer("2026-03-01T08:40:00+07:00", Again, Cram, 0),
            answer("2026-03-01T08:50:00+07:00", Easy, Review, 3),
            // 03:59 local belongs to yesterday; so do these.
            answer("2026-03-01T03:59:00+07:00", Hard, Review, 40),
            answer("2026-02-28T10:00:00+07:00", Again, Review, 25),
            // Five days ago, and a gap on 2026-02-27 and 02-25.
            answer("2026-02-26T10:00:00+07:00", Good, Review, 10),
            answer("2026-02-24T10:00:00+07:00", Good, Review, 10),
            // Within 30 days, not 7.
            answer("2026-02-10T10:00:00+07:00", Again, Review, 2),
            // Within a year, not 30 days.
            answer("2025-06-01T10:00:00+07:00", Good, Review, 100),
            // Over a year ago: in no period, but in the streaks.
            answer("2024-01-01T10:00:00+07:00", Good, Review, 100),
            answer("2024-01-02T10:00:00+07:00", Good, Learn, 0),
            answer("2024-01-03T10:00:00+07:00", Good, Learn, 0),
            answer("2024-01-04T10:00:00+07:00", Good, Learn, 0),
        ]
    }

    fn tally() -> Tally {
        let mut t = Tally::new(days());
        for a in log() {
            t.add(&a);
        }
        t
    }

    #[test]
    fn todays_answers_are_counted_from_the_day_start() {
        let t = tally().today_figures();
        assert_eq!(
            t,
            TodayFigures {
                answers: 6,
                duration_ms: 60_000,
                correct: 4,
                again: 2,
                learn: 1,
                review: 3,
                relearn: 1,
                cram: 1
            }
        );
    }

    #[test]
    fn true_retention_counts_review_answers_young_and_mature_per_period() {
        let r = tally().retention();
        let pf = |pass, fail| PassFail { pass, fail };
        // Today: young 5d Again, young 3d Easy; mature 30d Good. Cram and relearn do not count.
        assert_eq!(r[0], Retention { young: pf(1, 1), mature: pf(1, 0) });
        // 7 days: + yesterday's mature Hard and Again, + two young Goods.
        assert_eq!(r[1], Retention { young: pf(3, 1), mature: pf(2, 1) });
        // 30 days: + a young Again.
        assert_eq!(r[2], Retention { young: pf(3, 2), mature: pf(2, 1) });
        // A year: + a mature Good.
        assert_eq!(r[3], Retention { young: pf(3, 2), mature: pf(3, 1) });
        assert_eq!(r[3].total(), pf(6, 3));
        assert_eq!(r[0].young.rate(), Some(0.5));
        assert_eq!(PassFail::default().rate(), None);
    }

    #[test]
    fn streaks_count_study_days_in_a_row() {
        // Today, yesterday; then a gap (02-27). Longest: the four days of 2024.
        assert_eq!(tally().streak(), Streak { current: 2, longest: 4 });
        // With nothing today yet, yesterday's streak is still alive.
        let mut t = Tally::new(Days { now: at("2026-03-02T09:00:00+07:00"), ..days() });
        for a in log() {
            t.add(&a);
        }
        assert_eq!(t.streak().current, 2);
        // Two days without answers end it.
        let mut t = Tally::new(Days { now: at("2026-03-03T09:00:00+07:00"), ..days() });
        for a in log() {
            t.add(&a);
        }
        assert_eq!(t.streak().current, 0);
        assert_eq!(Tally::new(days()).streak(), Streak::default());
    }

    #[test]
    fn answers_per_day_and_the_calendar() {
        let t = tally();
        let last = t.last_days(7);
        let counts: Vec<u64> = last.iter().map(|d| d.answers).collect();
        // 02-23 .. 03-01.
        assert_eq!(counts, vec![0, 1, 0, 1, 0, 2, 6]);
        assert_eq!(last[6].duration_ms, 60_000);
        let (start, cal) = t.calendar();
        // 2026-03-01 is a Sunday: 52 weeks back from Monday 02-23.
        assert_eq!(start, NaiveDate::from_ymd_opt(2025, 2, 24).unwrap_or_default());
        assert_eq!(cal.len(), 53 * 7);
        assert_eq!(cal.iter().sum::<u64>(), 12, "the answers of the last 53 weeks");
        assert_eq!(cal[cal.len() - 1], 6);
    }

    #[test]
    fn groups_count_as_their_answers_one_by_one() {
        let one_by_one = tally();
        let mut grouped = Tally::new(days());
        // The same log with each pair of answers of one kind in one quarter
        // hour given as a group.
        let mut log = log();
        log.sort_by_key(|a| a.time);
        for a in &log {
            grouped.add_group(&Group {
                time: a.time,
                kind: a.kind,
                mature: a.last_interval >= MATURE_DAYS,
                answers: 1,
                duration_ms: a.duration_ms,
                correct: u64::from(a.correct),
                again: u64::from(a.grade == Grade::Again),
            });
        }
        assert_eq!(grouped.today_figures(), one_by_one.today_figures());
        assert_eq!(grouped.retention(), one_by_one.retention());
        let mut t = Tally::new(days());
        t.add_group(&Group {
            time: at("2026-03-01T08:00:00+07:00"),
            kind: Kind::Review,
            mature: true,
            answers: 5,
            duration_ms: 50_000,
            correct: 3,
            again: 2,
        });
        assert_eq!(t.retention()[0].mature, PassFail { pass: 3, fail: 2 });
        assert_eq!((t.today_figures().answers, t.today_figures().review, t.day(0).duration_ms), (5, 5, 50_000));
    }

    #[test]
    fn a_future_answer_is_counted_nowhere() {
        let mut t = Tally::new(days());
        t.add(&answer("2026-03-02T10:00:00+07:00", Grade::Good, Kind::Review, 5));
        assert_eq!((t.future, t.today_figures().answers, t.retention()[3].total().pass), (1, 0, 0));
    }

    #[test]
    fn imported_answers_get_kinds_and_intervals_from_their_days() {
        let g =
            |time: &str, grade| Answer { kind: Kind::Cram, last_interval: 99, ..answer(time, grade, Kind::Cram, 0) };
        let mut card = vec![
            g("2026-01-01T10:00:00+07:00", Grade::Good),
            g("2026-01-01T10:10:00+07:00", Grade::Good),
            g("2026-01-04T10:00:00+07:00", Grade::Again),
            g("2026-01-04T10:10:00+07:00", Grade::Good),
            g("2026-01-30T10:00:00+07:00", Grade::Good),
        ];
        classify_imported(&mut card, &days());
        let got: Vec<(Kind, u32)> = card.iter().map(|a| (a.kind, a.last_interval)).collect();
        assert_eq!(
            got,
            vec![(Kind::Learn, 0), (Kind::Learn, 0), (Kind::Review, 3), (Kind::Relearn, 0), (Kind::Review, 26)]
        );
    }

    fn state(kind: State, due_in_hours: i64, scheduled_days: u32, stability: f64, elapsed_days: i64) -> CardState {
        let now = days().now;
        CardState {
            state: kind,
            step: None,
            stability: Some(stability),
            difficulty: Some(5.5),
            due: now + Duration::hours(due_in_hours),
            last_review: Some(now - Duration::days(elapsed_days)),
            reps: 3,
            lapses: 0,
            scheduled_days,
        }
    }

    #[test]
    fn card_counts_forecast_distributions_and_the_hardest() {
        let w = crate::schedule::DEFAULT_PARAMETERS;
        let states = [
            state(State::Learning, 1, 0, 0.5, 0),          // due today
            state(State::Relearning, -2, 0, 1.0, 1),       // due earlier today: today, not overdue
            state(State::Review, -48, 5, 5.0, 7),          // overdue two days
            state(State::Review, 24, 20, 20.0, 19),        // young, due tomorrow
            state(State::Review, 24 * 10, 21, 60.0, 11),   // mature, in ten days
            state(State::Review, 24 * 40, 100, 400.0, 60), // mature, beyond the forecast
            CardState::new(days().now),                    // saved but new: counts as new
        ];
        let mut cards: Vec<Card<'_>> = states.iter().map(|s| Card { state: s, parameters: &w, leech: false }).collect();
        cards[2].leech = true;
        let f = card_figures(&cards, 10, 3, &days());
        assert_eq!(
            f.counts,
            CardCounts { new: 11, learning: 1, relearning: 1, young: 2, mature: 2, flagged: 3, leeches: 1 }
        );
        assert_eq!(f.counts.total(), 17);
        assert_eq!(f.forecast.overdue, 1);
        assert_eq!(&f.forecast.due[..11], &[2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(f.forecast.due.iter().sum::<u64>(), 4);
        // Stability 0.5 | 1 | 5 | 20 | 60 | 400 (days).
        let s: Vec<u64> = f.stability.buckets.iter().map(|b| b.cards).collect();
        assert_eq!(s, vec![1, 1, 1, 0, 1, 1, 0, 0, 1, 0]);
        assert_eq!(f.stability.buckets[9].to, None);
        assert_eq!(f.stability.mean, Some(486.5 / 6.0));
        // Difficulty 5.5 is 50%.
        assert_eq!(f.difficulty.buckets[5].cards, 6);
        // Recall: 7 days at stability 5 is the lowest (about 86%); 0 days is 100%.
        assert_eq!(f.lowest.first().map(|h| h.index), Some(2));
        assert_eq!(f.lowest.len(), 4, "review cards only");
        let r = f.lowest[0].retrievability.unwrap_or_default();
        assert!((0.85..0.88).contains(&r), "{r}");
        assert_eq!(f.retrievability.buckets.iter().map(|b| b.cards).sum::<u64>(), 6);
        assert_eq!(f.leeches, vec![Hard { index: 2, lapses: 0, retrievability: Some(r) }]);
    }

    #[test]
    fn kinds_follow_the_state_and_the_schedule() {
        assert_eq!(Kind::of(State::New, true), Kind::Learn);
        assert_eq!(Kind::of(State::Review, true), Kind::Review);
        assert_eq!(Kind::of(State::Relearning, true), Kind::Relearn);
        assert_eq!(Kind::of(State::Review, false), Kind::Cram);
    }
}
