//! `learn optimize [DECK...] [--dry-run] [--reset]`: fit the FSRS-6
//! parameters to the learner's review history (every deck's, or the named
//! decks'), compare them with the defaults and the parameters in force on
//! the same history (log loss and RMSE(bins), as Anki shows them), and save
//! them in the progress store — for the learner, or for each named deck —
//! only when they are better. Also reports the desired retention that costs
//! least study time per unit of memory, without changing the setting.
//!
//! The parameters in force for a deck ([`in_force`]) are what `learn run`
//! schedules with from the next session on.

use std::collections::{HashMap, HashSet};

use super::{load_library, remembered_decks, select_decks};
use crate::cli::OptimizeArgs;
use crate::context::Context;
use crate::deck::{Deck, read_deck};
use crate::error::{Error, Result};
use crate::i18n::{Lang, t, tr};
use crate::schedule::{
    CardState, DEFAULT_PARAMETERS, Day, Evaluation, MIN_TRAINING_ITEMS, MemoryAnswer, ParameterSource, Settings,
    TrainingSet, Workload, day_number, evaluate, fit, optimal_retention, relearning_steps_in_a_day,
};
use crate::store::{CardLog, FittedParameters, Store};
use crate::text::{neutralize, wrap};

/// The settings `deck_id` is scheduled with for this learner (the config's,
/// with the most specific parameters in force), where they come from, and
/// the fitted set in force if any. `key` is the deck's progress key.
pub(crate) fn in_force<'a>(
    ctx: &Context,
    fitted: &'a [FittedParameters],
    deck_id: &str,
    key: &str,
) -> (Settings, ParameterSource, Option<&'a FittedParameters>) {
    let for_deck = fitted.iter().find(|f| f.deck.as_deref() == Some(key));
    let for_learner = fitted.iter().find(|f| f.deck.is_none());
    let (settings, source) = crate::schedule::in_force(
        ctx.config.settings_for(deck_id),
        for_deck.map(|f| f.weights.as_slice()),
        for_learner.map(|f| f.weights.as_slice()),
    );
    let used = match source {
        ParameterSource::FittedForDeck => for_deck,
        ParameterSource::FittedForLearner => for_learner,
        _ => None,
    };
    (settings, source, used)
}

/// The decks a command over "every deck" covers: the library's and the
/// ones studied by path, one edition of each progress key (the one in the
/// interface language first).
pub(crate) fn every_deck(ctx: &Context, lib_decks: Vec<Deck>) -> Vec<Deck> {
    let mut decks = lib_decks;
    for (id, path) in remembered_decks(ctx) {
        if decks.iter().any(|d| d.id.as_str() == id) {
            continue;
        }
        if let Some(deck) = read_deck(&path).deck {
            decks.push(deck);
        }
    }
    super::study::one_edition_each(ctx, decks)
}

pub(crate) fn run(ctx: &Context, args: &OptimizeArgs) -> Result<u8> {
    let l = ctx.lang;
    let lib = load_library(ctx);
    let named = !args.decks.is_empty();
    let decks = if named { select_decks(ctx, lib, &args.decks)? } else { every_deck(ctx, lib.decks) };
    let mut keys: Vec<&str> = Vec::new();
    for d in &decks {
        if !keys.contains(&d.progress_key()) {
            keys.push(d.progress_key());
        }
    }
    let scope = if named {
        decks.iter().map(|d| d.id.to_string()).collect::<Vec<_>>().join(", ")
    } else {
        tr(l, "every deck").to_string()
    };
    let learner = neutralize(&ctx.learner);
    let store = Store::open_existing(&ctx.paths.store_file())?;
    if args.reset {
        let gone = match store {
            Some(mut s) => s.forget_parameters(&ctx.learner, named.then_some(keys.as_slice()))?,
            None => 0,
        };
        println!(
            "{}",
            match gone {
                0 => t!(l, "No fitted parameters to forget for {learner} ({scope}).", learner = learner, scope = scope),
                n => t!(
                    l,
                    "Forgot {n} fitted parameter set(s) for {learner} ({scope}); `learn stats` shows the parameters in force now.",
                    n = n,
                    learner = learner,
                    scope = scope
                ),
            }
        );
        return Ok(0);
    }
    let Some(mut store) = store else { return Err(not_enough(l, 0, 0)) };
    let fitted = store.fitted_parameters(&ctx.learner)?;
    let logs = store.memory_logs(&ctx.learner, named.then_some(keys.as_slice()))?;
    // The day start and relearning steps: of the first deck named, else
    // the learner's own settings.
    let base = match decks.first() {
        Some(d) if named => ctx.config.settings_for(d.id.as_str()),
        _ => &ctx.config.scheduler,
    }
    .clone();
    let now = ctx.clock.now();
    let offset = ctx.clock.local_offset_secs(now);
    let hour = base.day_start_hour;
    let cards: Vec<Vec<MemoryAnswer>> = logs.iter().map(memory_answers).collect();
    let set = TrainingSet::new(&cards, |t| day_number(t, offset, hour));
    if set.len() < MIN_TRAINING_ITEMS {
        return Err(not_enough(l, set.len(), set.answers()));
    }

    // What is in force now: for each named deck, or for the learner.
    let current: Vec<(String, Vec<f32>, ParameterSource)> = if named {
        decks
            .iter()
            .map(|d| {
                let (s, src, _) = in_force(ctx, &fitted, d.id.as_str(), d.progress_key());
                (d.id.to_string(), s.parameters, src)
            })
            .collect()
    } else {
        let learner_set = fitted.iter().find(|f| f.deck.is_none()).map(|f| f.weights.as_slice());
        let (s, src) = crate::schedule::in_force(&ctx.config.scheduler, None, learner_set);
        vec![(String::new(), s.parameters, src)]
    };

    let bar = crate::ui::work_bar(100, &t!(l, "fitting FSRS to {n} reviews", n = set.len()));
    let params = fit(&set, relearning_steps_in_a_day(&base), |done, total| {
        if let Some(b) = &bar
            && total > 0
        {
            b.set_position((done * 100 / total) as u64);
        }
    })
    .map_err(|e| Error::Invalid(t!(l, "could not fit the parameters: {problem}", problem = e)))?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let eval = |p: &[f32]| {
        evaluate(p, &set)
            .map_err(|e| Error::Invalid(t!(l, "could not evaluate the parameters: {problem}", problem = e)))
    };
    let defaults = eval(&DEFAULT_PARAMETERS)?;
    let fitted_eval = eval(&params)?;
    // Each distinct set in force, evaluated once.
    let mut scored: Vec<(Vec<f32>, Evaluation)> = vec![(DEFAULT_PARAMETERS.to_vec(), defaults)];
    for (_, p, _) in &current {
        if !scored.iter().any(|(q, _)| q == p) {
            scored.push((p.clone(), eval(p)?));
        }
    }
    let score_of = |p: &[f32]| scored.iter().find(|(q, _)| q == p).map_or(defaults, |(_, e)| *e);

    // The report.
    println!(
        "{}",
        wrap(
            &t!(
                l,
                "Fitted FSRS-6 to {items} reviews ({answers} answers, {cards} cards) in {scope}, for {learner}.",
                items = set.len(),
                answers = set.answers(),
                cards = set.cards(),
                scope = scope,
                learner = learner
            ),
            80
        )
    );
    println!();
    let mut rows: Vec<(String, Evaluation)> = vec![(tr(l, "FSRS-6 defaults").to_string(), defaults)];
    let mut shown: Vec<&[f32]> = Vec::new();
    for (_, p, src) in &current {
        if *src != ParameterSource::Defaults && !shown.contains(&p.as_slice()) {
            shown.push(p);
        }
    }
    for p in &shown {
        let label = if shown.len() > 1 {
            let decks: Vec<&str> = current.iter().filter(|c| c.1.as_slice() == *p).map(|c| c.0.as_str()).collect();
            t!(l, "in force now ({decks})", decks = decks.join(", "))
        } else {
            tr(l, "in force now").to_string()
        };
        rows.push((label, score_of(p)));
    }
    rows.push((tr(l, "fitted now").to_string(), fitted_eval));
    print_table(l, &rows);
    println!();
    for line in wrap(
        tr(
            l,
            "Lower is better: log loss is how surprised the model is by your answers; RMSE (bins) is how far its predicted recall is from your actual recall.",
        ),
        80,
    )
    .lines()
    {
        println!("{line}");
    }
    println!();

    // Save where the fitted set beats what is in force.
    let better: Vec<&(String, Vec<f32>, ParameterSource)> =
        current.iter().filter(|(_, p, _)| fitted_eval.log_loss < score_of(p).log_loss).collect();
    let decision = if better.is_empty() {
        tr(l, "The fitted parameters are not better than the ones in force: nothing was saved.").to_string()
    } else if args.dry_run {
        tr(l, "Dry run: nothing was saved.").to_string()
    } else {
        let sets: Vec<FittedParameters> = better
            .iter()
            .map(|(deck, _, _)| FittedParameters {
                learner: ctx.learner.clone(),
                deck: decks.iter().find(|d| d.id.as_str() == deck).map(|d| d.progress_key().to_string()),
                weights: params.clone(),
                fitted_at: now,
                reviews: set.len() as u64,
                log_loss: fitted_eval.log_loss,
                rmse_bins: fitted_eval.rmse_bins,
                default_log_loss: defaults.log_loss,
                default_rmse_bins: defaults.rmse_bins,
            })
            .collect();
        crate::ui::with_store_lock(|| store.save_parameters(&sets))?;
        let saved_for = if named {
            better.iter().map(|(d, _, _)| d.as_str()).collect::<Vec<_>>().join(", ")
        } else {
            tr(l, "every deck").to_string()
        };
        let mut msg = t!(
            l,
            "Saved for {learner} ({scope}): `learn run` schedules with them from the next session on.",
            learner = learner,
            scope = saved_for
        );
        if !named {
            let own: Vec<String> = fitted.iter().filter_map(|f| f.deck.clone()).collect();
            if !own.is_empty() {
                msg.push(' ');
                msg.push_str(&t!(
                    l,
                    "Decks with parameters of their own keep them: {decks}.",
                    decks = neutralize(&own.join(", "))
                ));
            }
        }
        msg
    };
    println!("{}", wrap(&decision, 80));

    // The optimal retention, with the parameters that are now in force.
    let chosen =
        if better.is_empty() { current.first().map_or(params.clone(), |c| c.1.clone()) } else { params.clone() };
    let states = studied_states(&store, ctx, &keys, named)?;
    // Over every deck, the decks the learner has studied.
    let studied_decks: Vec<&Deck> = decks.iter().filter(|d| named || states.contains_key(d.progress_key())).collect();
    let unseen = unseen_items(&studied_decks, &states);
    let day_end = Day::containing(now, offset, hour).end.timestamp();
    let all_states: Vec<CardState> = states.into_values().flat_map(|m| m.into_values()).collect();
    let work = Workload { studied: &all_states, unseen, settings: &base, now };
    let bar = crate::ui::work_bar(1, tr(l, "simulating a year of study for the optimal retention"));
    if let Some(b) = &bar {
        b.enable_steady_tick(std::time::Duration::from_millis(200));
    }
    let optimal = optimal_retention(&chosen, &set, &work, day_end);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    println!();
    let line = match optimal {
        Some(r) => t!(
            l,
            "Optimal desired retention: {optimal} (the least study time per card remembered over the next year). Yours is {yours}; it was not changed: set `desired_retention` in learn.toml to use it.",
            optimal = format!("{:.0}%", r * 100.0),
            yours = format!("{:.0}%", base.desired_retention * 100.0)
        ),
        None => tr(l, "Optimal desired retention: the simulator found no minimum between 70% and 95%.").to_string(),
    };
    println!("{}", wrap(&line, 80));
    println!();
    let weights: Vec<String> = params.iter().map(|w| format!("{w:.4}")).collect();
    println!("{}", wrap(&t!(l, "Fitted parameters: {weights}", weights = weights.join(", ")), 80));
    Ok(0)
}

/// The refusal when there is too little history.
fn not_enough(l: Lang, items: usize, answers: usize) -> Error {
    Error::Unavailable(t!(
        l,
        "not enough history to fit FSRS yet: {items} reviews of cards seen on an earlier day ({answers} answers in all); `learn optimize` needs {min}. Keep studying with `learn run` and try again.",
        items = items,
        answers = answers,
        min = MIN_TRAINING_ITEMS
    ))
}

fn memory_answers(log: &CardLog) -> Vec<MemoryAnswer> {
    log.answers
        .iter()
        .map(|a| MemoryAnswer { time: a.time, grade: a.grade, state: a.state, duration_ms: a.duration_ms })
        .collect()
}

fn print_table(l: Lang, rows: &[(String, Evaluation)]) {
    let label_w = rows.iter().map(|(r, _)| crate::text::width(r)).max().unwrap_or(0).max(16);
    let head_loss = tr(l, "log loss");
    let head_rmse = tr(l, "RMSE (bins)");
    println!("  {}{:>12}{:>14}", " ".repeat(label_w), head_loss, head_rmse);
    for (label, e) in rows {
        let pad = " ".repeat(label_w - crate::text::width(label));
        println!("  {label}{pad}{:>12.4}{:>13.2}%", e.log_loss, e.rmse_bins * 100.0);
    }
}

type States = HashMap<String, HashMap<String, CardState>>;

/// The learner's saved card states, by progress key then card (only the
/// named decks', when decks are named).
fn studied_states(store: &Store, ctx: &Context, keys: &[&str], named: bool) -> Result<States> {
    let mut out = States::new();
    for (deck, cards) in store.learner_states(&ctx.learner)? {
        if named && !keys.contains(&deck.as_str()) {
            continue;
        }
        out.insert(deck, cards.into_iter().collect());
    }
    Ok(out)
}

/// Items of the decks never studied (each progress key once).
fn unseen_items(decks: &[&Deck], states: &States) -> usize {
    let mut seen_keys = HashSet::new();
    let mut unseen = 0;
    for d in decks {
        if !seen_keys.insert(d.progress_key()) {
            continue;
        }
        let studied = states.get(d.progress_key());
        unseen +=
            d.cards.iter().flat_map(|c| c.item_ids()).filter(|id| studied.is_none_or(|s| !s.contains_key(id))).count();
    }
    unseen
}
