//! `learn stats [DECK...] [--days N] [--json]`: reads the decks, the
//! learner's card states and review log, and hands them to `stats`, which
//! computes every figure and lays out the page (or the JSON document).

use std::collections::HashSet;

use super::optimize::{every_deck, in_force};
use super::{load_library, select_decks};
use crate::cli::StatsArgs;
use crate::context::Context;
use crate::deck::{Deck, Prompt};
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::schedule::{CardState, ParameterSource};
use crate::stats::{
    Answer, Card, Days, Fit, Group, HardCard, InForce, Kind, Line, Report, Tally, card_figures, classify_imported,
};
use crate::store::{FittedParameters, GroupKind, LogAnswer, Store};
use crate::text::neutralize;

/// The longest `--days` window: ten years.
const MAX_DAYS: u32 = 3650;

pub(crate) fn run(ctx: &Context, args: &StatsArgs) -> Result<u8> {
    let l = ctx.lang;
    if args.days == 0 || args.days > MAX_DAYS {
        return Err(Error::Usage(t!(l, "--days must be from 1 to {max}, not {n}", max = MAX_DAYS, n = args.days)));
    }
    let named = !args.decks.is_empty();
    let now = ctx.clock.now();
    let days = |settings: &crate::schedule::Settings| Days {
        now,
        offset_secs: ctx.clock.local_offset_secs(now),
        day_start_hour: settings.day_start_hour,
    };
    // Two threads: one reads the review log (a million answers at most
    // take the longest), the other the decks and the card states. Over
    // every deck the log is read from the start; for named decks, once
    // their progress keys are known.
    let report = std::thread::scope(|scope| -> Result<Report> {
        let every = days(&ctx.config.scheduler);
        let early = (!named).then(|| scope.spawn(move || tally(ctx, None, every)));
        let store = Store::open_read(&ctx.store)?;
        let lib = load_library(ctx);
        // Editions that share their progress are one set of cards, named or not.
        let decks = if named {
            super::study::one_edition_each(ctx, select_decks(ctx, lib, &args.decks)?)
        } else {
            every_deck(ctx, lib.decks)
        };
        let d = match (named, decks.first()) {
            (true, Some(first)) => days(ctx.config.settings_for(first.id.as_str())),
            _ => every,
        };
        let log = match early {
            Some(handle) => handle,
            None => {
                let mut keys: Vec<String> = Vec::new();
                for k in decks.iter().map(Deck::progress_key) {
                    if !keys.iter().any(|x| x == k) {
                        keys.push(k.to_string());
                    }
                }
                scope.spawn(move || tally(ctx, Some(keys), d))
            }
        };
        let mut report = report(ctx, &decks, named, store.as_ref(), d)?;
        let tally = log.join().map_err(|_| Error::Config(t!(l, "could not read the progress store")))??;
        let tally = tally.unwrap_or_else(|| Tally::new(d));
        add_log(&mut report, &tally, args.days as usize);
        Ok(report)
    })?;
    if args.json {
        crate::fsutil::write_stdout(crate::stats::to_json(&report).as_bytes())?;
        return Ok(0);
    }
    let mut out = String::new();
    for line in crate::stats::render(&report, l) {
        out.push_str(&paint(ctx.color, &line));
        out.push('\n');
    }
    crate::fsutil::write_stdout(out.as_bytes())?;
    Ok(0)
}

fn paint(color: bool, line: &Line) -> String {
    let s: String = line.0.iter().map(|(tone, text)| crate::ui::ink(color, *tone, text)).collect();
    s.trim_end().to_string()
}

/// One studied item: its deck (index into the decks) and id.
struct Studied {
    deck: usize,
    item: String,
    state: CardState,
    leech: bool,
}

/// The answers of the review log, folded into a tally on a connection of
/// its own (`None` in a home without a store). `keys`: the decks' progress
/// keys, or every deck.
fn tally(ctx: &Context, keys: Option<Vec<String>>, days: Days) -> Result<Option<Tally>> {
    let Some(s) = Store::open_read(&ctx.store)? else { return Ok(None) };
    let keys: Option<Vec<&str>> = keys.as_ref().map(|k| k.iter().map(String::as_str).collect());
    let filter = keys.as_deref();
    let mut tally = Tally::new(days);
    s.answer_groups_with(&ctx.learner, filter, |g| {
        let (kind, mature) = match g.kind {
            GroupKind::Learn => (Kind::Learn, false),
            GroupKind::YoungReview => (Kind::Review, false),
            GroupKind::MatureReview => (Kind::Review, true),
            GroupKind::Relearn => (Kind::Relearn, false),
            GroupKind::Practice => (Kind::Cram, false),
        };
        tally.add_group(&Group {
            time: g.start,
            kind,
            mature,
            answers: g.answers,
            duration_ms: g.duration_ms,
            correct: g.correct,
            again: g.again,
        });
    })?;
    for log in s.imported_logs(&ctx.learner, filter)? {
        let mut answers: Vec<Answer> = log.answers.iter().map(|a| answer(a, Kind::Learn)).collect();
        classify_imported(&mut answers, &days);
        for a in &answers {
            tally.add(a);
        }
    }
    Ok(Some(tally))
}

/// The answer side of the report, from the tally.
fn add_log(report: &mut Report, tally: &Tally, window: usize) {
    report.today = tally.today_figures();
    report.streak = tally.streak();
    report.daily = tally.last_days(window);
    (report.calendar_start, report.calendar) = tally.calendar();
    report.retention = tally.retention();
}

/// The card side of the report (the answer side is filled by [`add_log`]).
fn report(ctx: &Context, decks: &[Deck], named: bool, store: Option<&Store>, days: Days) -> Result<Report> {
    let fitted: Vec<FittedParameters> = match store {
        Some(s) => s.fitted_parameters(&ctx.learner)?,
        None => Vec::new(),
    };
    // The parameters in force for each deck (for retrievability, and shown).
    let forces: Vec<(crate::schedule::Settings, ParameterSource, Option<&FittedParameters>)> =
        decks.iter().map(|d| in_force(ctx, &fitted, d.id.as_str(), d.progress_key())).collect();

    // Card states, of items the decks still have.
    let mut studied: Vec<Studied> = Vec::new();
    let mut unseen = 0u64;
    let mut flagged = 0u64;
    let flags: HashSet<(String, String)> = match store {
        Some(s) => s.flags()?.into_iter().filter(|f| f.learner == ctx.learner).map(|f| (f.deck, f.card)).collect(),
        None => HashSet::new(),
    };
    for (di, deck) in decks.iter().enumerate() {
        let ids: HashSet<String> = deck.cards.iter().flat_map(|c| c.item_ids()).collect();
        let mut saved = 0u64;
        if let Some(s) = store {
            s.states_with(&ctx.learner, deck.progress_key(), |card, state, leech| {
                // A saved state still New (an undone first answer's row
                // is removed, but imports may keep one) counts as unseen.
                if ids.contains(card) && state.state != crate::schedule::State::New {
                    saved += 1;
                    studied.push(Studied { deck: di, item: card.to_string(), state, leech });
                }
            })?;
        }
        unseen += ids.len() as u64 - saved;
        flagged += ids
            .iter()
            .filter(|id| {
                let card = id.split('#').next().unwrap_or(id);
                flags.contains(&(deck.progress_key().to_string(), card.to_string()))
            })
            .count() as u64;
    }
    let cards: Vec<Card<'_>> = studied
        .iter()
        .map(|s| Card { state: &s.state, parameters: &forces[s.deck].0.parameters, leech: s.leech })
        .collect();
    let figures = card_figures(&cards, unseen, flagged, &days);

    let label = |index: usize| -> HardCard {
        let s = &studied[index];
        let deck = &decks[s.deck];
        HardCard {
            deck: neutralize(deck.id.as_str()),
            card: neutralize(&s.item),
            question: question(deck, &s.item).map(|q| neutralize(&q)).unwrap_or_default(),
            lapses: s.state.lapses,
            retrievability: None,
        }
    };
    let leeches =
        figures.leeches.iter().map(|h| HardCard { retrievability: h.retrievability, ..label(h.index) }).collect();
    let lowest =
        figures.lowest.iter().map(|h| HardCard { retrievability: h.retrievability, ..label(h.index) }).collect();
    let desired: Vec<f64> = if decks.is_empty() {
        vec![ctx.config.scheduler.desired_retention]
    } else {
        forces.iter().map(|f| f.0.desired_retention).collect()
    };
    let lo = desired.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = desired.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let empty = Tally::new(days);
    let (calendar_start, calendar) = empty.calendar();
    Ok(Report {
        learner: neutralize(&ctx.learner),
        decks: if named { decks.iter().map(|d| neutralize(d.id.as_str())).collect() } else { Vec::new() },
        days,
        today: empty.today_figures(),
        streak: empty.streak(),
        daily: Vec::new(),
        calendar_start,
        calendar,
        retention: empty.retention(),
        desired_retention: (lo, hi),
        cards: figures,
        leeches,
        lowest,
        parameters: parameters_shown(ctx, decks, named, &forces, &fitted),
    })
}

fn answer(a: &LogAnswer, kind: Kind) -> Answer {
    Answer {
        time: a.time,
        grade: a.grade,
        correct: a.correct,
        duration_ms: a.duration_ms,
        kind,
        last_interval: a.interval_days,
    }
}

/// One line per deck; over every deck, decks that share what is in force
/// are said once, as "every deck" when they all do.
fn parameters_shown(
    ctx: &Context,
    decks: &[Deck],
    named: bool,
    forces: &[(crate::schedule::Settings, ParameterSource, Option<&FittedParameters>)],
    fitted: &[FittedParameters],
) -> Vec<InForce> {
    let fit = |f: Option<&FittedParameters>| {
        f.map(|f| Fit {
            fitted_at: f.fitted_at,
            reviews: f.reviews,
            log_loss: f.log_loss,
            rmse_bins: f.rmse_bins,
            default_log_loss: f.default_log_loss,
            default_rmse_bins: f.default_rmse_bins,
        })
    };
    let one = |deck: String, f: &(crate::schedule::Settings, ParameterSource, Option<&FittedParameters>)| InForce {
        deck,
        source: f.1,
        weights: f.0.parameters.clone(),
        fit: fit(f.2),
    };
    let all_same = forces.windows(2).all(|w| w[0].0.parameters == w[1].0.parameters && w[0].1 == w[1].1);
    if !named && all_same {
        return match forces.first() {
            Some(f) => vec![one(String::new(), f)],
            None => {
                let learner = fitted.iter().find(|f| f.deck.is_none());
                let (s, src) =
                    crate::schedule::in_force(&ctx.config.scheduler, None, learner.map(|f| f.weights.as_slice()));
                vec![InForce { deck: String::new(), source: src, weights: s.parameters, fit: fit(learner) }]
            }
        };
    }
    decks.iter().zip(forces).map(|(d, f)| one(neutralize(d.id.as_str()), f)).collect()
}

/// The question an item shows (a cloze deletion with its blank, the back
/// of a reversed card), for the hardest-cards lists.
fn question(deck: &Deck, item: &str) -> Option<String> {
    let card_id = item.split('#').next().unwrap_or(item);
    let card = deck.cards.iter().find(|c| c.id.as_str() == card_id)?;
    let it = card.items().into_iter().find(|i| i.card_id.as_str() == item)?;
    Some(match it.prompt {
        Prompt::Basic { front, .. } => front,
        Prompt::Typed { question, .. } | Prompt::Choice { question, .. } => question,
        Prompt::TrueFalse { statement, .. } => statement,
    })
}
