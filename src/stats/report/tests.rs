//! The page from a hand-made log: every line within 80 columns in both
//! languages, and the parts the charts do not cover, exactly.

use chrono::{DateTime, Utc};

use super::*;
use crate::schedule::{CardState, Grade, State};
use crate::stats::chart::plain;
use crate::stats::figures::{Answer, Card, Kind, Tally, card_figures};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

fn days() -> Days {
    Days { now: at("2026-03-01T09:00:00+07:00"), offset_secs: 7 * 3600, day_start_hour: 4 }
}

fn report() -> Report {
    let mut tally = Tally::new(days());
    let mut add = |time: &str, grade, kind, last_interval| {
        tally.add(&Answer {
            time: at(time),
            grade,
            correct: grade != Grade::Again,
            duration_ms: 7_500,
            kind,
            last_interval,
        });
    };
    add("2026-03-01T08:00:00+07:00", Grade::Good, Kind::Review, 30);
    add("2026-03-01T08:05:00+07:00", Grade::Again, Kind::Review, 4);
    add("2026-03-01T08:06:00+07:00", Grade::Good, Kind::Relearn, 0);
    for d in 1..=12 {
        for n in 0..(d % 5) {
            let grade = if n == 0 && d % 3 == 0 { Grade::Again } else { Grade::Good };
            add(&format!("2026-02-{:02}T10:{n:02}:00+07:00", 29 - d), grade, Kind::Review, 3 * d);
        }
    }
    let w = crate::schedule::DEFAULT_PARAMETERS;
    let review = |due: &str, last: &str, s: f64, days: u32, lapses: u32| CardState {
        state: State::Review,
        step: None,
        stability: Some(s),
        difficulty: Some(7.0),
        due: at(due),
        last_review: Some(at(last)),
        reps: 5,
        lapses,
        scheduled_days: days,
    };
    let states = [
        review("2026-03-02T10:00:00+07:00", "2026-02-25T10:00:00+07:00", 6.0, 6, 0),
        review("2026-02-27T10:00:00+07:00", "2026-02-20T10:00:00+07:00", 4.0, 7, 9),
        review("2026-04-01T10:00:00+07:00", "2026-01-01T10:00:00+07:00", 120.0, 90, 1),
    ];
    let cards: Vec<Card<'_>> =
        states.iter().enumerate().map(|(i, s)| Card { state: s, parameters: &w, leech: i == 1 }).collect();
    let figures = card_figures(&cards, 7, 1, &days());
    let hard = |h: &crate::stats::figures::Hard| HardCard {
        deck: "bpo-vs-call-center.vi".into(),
        card: format!("card-{}", h.index),
        question: "Trung tâm cuộc gọi (call center) khác BPO ở điểm nào, và vì sao doanh nghiệp thuê ngoài cả hai?"
            .into(),
        lapses: h.lapses,
        retrievability: h.retrievability,
    };
    let (calendar_start, calendar) = tally.calendar();
    Report {
        learner: "lan".into(),
        decks: vec!["bpo-vs-call-center.vi".into()],
        days: days(),
        today: tally.today_figures(),
        streak: tally.streak(),
        daily: tally.last_days(30),
        calendar_start,
        calendar,
        retention: tally.retention(),
        desired_retention: (0.9, 0.9),
        leeches: figures.leeches.iter().map(hard).collect(),
        lowest: figures.lowest.iter().map(hard).collect(),
        cards: figures,
        parameters: vec![InForce {
            deck: "bpo-vs-call-center.vi".into(),
            source: ParameterSource::FittedForDeck,
            weights: w.to_vec(),
            fit: Some(Fit {
                fitted_at: at("2026-02-15T20:00:00Z"),
                reviews: 1234,
                log_loss: 0.31234,
                rmse_bins: 0.0321,
                default_log_loss: 0.35678,
                default_rmse_bins: 0.0612,
            }),
        }],
    }
}

#[test]
fn every_line_fits_eighty_columns_in_both_languages() {
    let r = report();
    for lang in [Lang::En, Lang::Vi] {
        let page = plain(&render(&r, lang));
        for line in page.lines() {
            assert!(width(line) <= WIDTH, "{lang:?}, {} columns: {line}", width(line));
        }
        assert!(page.lines().count() > 80, "{page}");
    }
}

fn section(page: &str, heading: &str, lines: usize) -> String {
    let start = page.find(heading).unwrap_or_else(|| panic!("{heading:?} in\n{page}"));
    page[start..].lines().take(lines).map(|l| format!("{l}\n")).collect()
}

#[test]
fn today_cards_retention_and_the_hardest_exactly() {
    let page = plain(&render(&report(), Lang::En));
    assert_eq!(section(&page, "Statistics", 2), "Statistics for lan · bpo-vs-call-center.vi\nstudy day 2026-03-01\n");
    // 7.5 s an answer; answers on 2/25 to 2/28, none on 2/24: five days.
    let expected = "\
Today
  3 answers in 23s (8s each) · 66.7% right · Again 1
  learning 0 · review 2 · relearning 1 · practice 0
  Streak: 5 days in a row (longest 5) · studied on 11 of the last 30 days
";
    assert_eq!(section(&page, "Today\n", 4), expected);
    let expected = "\
Cards: 10
  new 7 · learning 0 · relearning 0 · young 2 · mature 1
  flagged 1 · leeches 1 (young: an interval under 21 days; mature: 21 or more)
";
    assert_eq!(section(&page, "Cards:", 3), expected);
    // Reviews on the days before today: d days back, after an interval of
    // 3d days (young under 21), d mod 5 answers, the first an Again on days
    // divisible by 3. Today: a mature pass and a young fail.
    let expected = "\
True retention (desired: 90.0%)
  Reviews passed (not Again) out of reviews, as Anki counts them.
                         Young        Mature         Total
  Today             0/1   0.0%    1/1 100.0%    1/2  50.0%
  Last 7 days      9/12  75.0%    1/1 100.0%  10/13  76.9%
  Last 30 days     9/12  75.0%  11/13  84.6%  20/25  80.0%
  Last year        9/12  75.0%  11/13  84.6%  20/25  80.0%
";
    assert_eq!(section(&page, "True retention", 7), expected);
    // Stability 4 nine days ago: recall 84%. The question is cut at 80 columns.
    let expected = "\
Leeches: 1
  9 lapses · recall 84% · bpo-vs-call-center.vi/card-1: Trung tâm cuộc gọi (cal…
";
    assert_eq!(section(&page, "Leeches:", 2), expected);
    let expected = "\
FSRS parameters in force
  bpo-vs-call-center.vi: fitted to your history in this deck on 2026-02-16 (1234
  reviews; log loss 0.3123 against 0.3568 for the defaults)
";
    assert_eq!(section(&page, "FSRS parameters", 3), expected);
}

#[test]
fn durations_and_stability_labels_read_well() {
    assert_eq!(duration(400), "0s");
    assert_eq!(duration(45_000), "45s");
    assert_eq!(duration(400_000), "6m 40s");
    assert_eq!(duration(3_900_000), "1h 05m");
    let b = |from, to| Bucket { from, to, cards: 0 };
    assert_eq!(stability_label(Lang::En, &b(0.0, Some(1.0))), "< 1d");
    assert_eq!(stability_label(Lang::En, &b(7.0, Some(14.0))), "1w–2w");
    assert_eq!(stability_label(Lang::En, &b(90.0, Some(180.0))), "3mo–6mo");
    assert_eq!(stability_label(Lang::En, &b(730.0, None)), "≥ 2y");
    assert_eq!(stability_label(Lang::Vi, &b(1.0, Some(3.0))), "1 ngày–3 ngày");
    assert_eq!(tenth_label(&b(0.9, Some(1.0))), "90–100%");
}

#[test]
fn the_parameters_line_says_where_they_come_from() {
    let mut r = report();
    r.parameters[0].source = ParameterSource::Defaults;
    r.parameters[0].fit = None;
    r.parameters[0].deck = String::new();
    let page = plain(&render(&r, Lang::En));
    assert!(
        page.ends_with(
            "every deck: the FSRS-6 defaults (`learn optimize` fits them to your history\n  once you have 400 reviews)\n"
        ),
        "{page}"
    );
    r.parameters[0].source = ParameterSource::Config;
    let page = plain(&render(&r, Lang::Vi));
    assert!(page.contains("mọi bộ thẻ: `parameters` trong learn.toml"), "{page}");
}
