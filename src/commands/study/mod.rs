//! `learn run`, `learn review` and `learn quiz`: choose the decks
//! and items, read the learner's progress, build the session, and hand it to
//! the [`driver`]. The rules (queue, judging, scheduling) live in the core.

mod driver;
mod summary;

use std::collections::{HashMap, HashSet, VecDeque};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::{load_library, remember_decks, select_decks};
use crate::cli::{KindArg, QuizArgs, ReviewArgs, RunArgs};
use crate::context::Context;
use crate::deck::{Deck, Item, Kind};
use crate::error::{Error, Result};
use crate::i18n::{t, tr};
use crate::schedule::{
    CardState, DeckToday, DoneToday, NewItem, NewOrder, Scheduler, assemble, new_order, parse_span, seed_of, study_day,
};
use crate::session::{Plan, Session, SessionItem, Today};
use crate::store::{Mode, Store};

use driver::Driver;

/// The bundled deck `learn run` studies when nothing else is configured.
pub(crate) const DEFAULT_DECK: &str = "bpo-vs-call-center.vi";

/// One thing to ask. Light on purpose (a session may hold 100 000 of
/// them): the prompt text is built from the deck only when the item is shown.
struct StudyItem {
    deck: usize,
    /// Index into the deck's cards.
    card: usize,
    /// Which of the card's items (0, or the n-th cloze deletion / reverse).
    nth: usize,
    id: String,
    kind: Kind,
}

impl StudyItem {
    /// The item with its prompt, built now (a cached deck's card is
    /// decoded now, only this one).
    fn item(&self, decks: &[Deck]) -> Option<Item> {
        let mut items = decks[self.deck].cards.card(self.card)?.items();
        (self.nth < items.len()).then(|| items.swap_remove(self.nth))
    }

    fn explanation(&self, decks: &[Deck]) -> Option<String> {
        decks[self.deck].cards.card(self.card)?.explanation.clone()
    }

    fn card_id<'d>(&self, decks: &'d [Deck]) -> &'d str {
        decks[self.deck].cards.outline(self.card).map_or("", |o| o.id)
    }
}

/// The study items of the decks, deck by deck, each deck's in the order its
/// new cards are introduced (`new_order`), and what the session needs to
/// know of each (deck, sibling group, fuzz key).
fn items_of(ctx: &Context, decks: &[Deck]) -> (Vec<StudyItem>, Vec<SessionItem>) {
    let mut study = Vec::new();
    let mut session = Vec::new();
    let mut sibling = 0;
    for (di, deck) in decks.iter().enumerate() {
        let mut items: Vec<(StudyItem, SessionItem)> = Vec::with_capacity(deck.cards.len());
        let mut new: Vec<NewItem> = Vec::with_capacity(deck.cards.len());
        let order = ctx.config.settings_for(deck.id.as_str()).new_order;
        // Only `spread` reads the sections and groups.
        let spread = order == NewOrder::Spread;
        for (ci, card) in deck.cards.outlines().enumerate() {
            let groups: Vec<String> = if spread {
                card.groups.iter().map(|g| g.to_string()).chain([card.id.to_string()]).collect()
            } else {
                Vec::new()
            };
            let section = if spread { card.source.unwrap_or_default() } else { "" };
            let ids = card.item_ids();
            let last = ids.len().saturating_sub(1);
            let mut groups = Some(groups);
            for (nth, id) in ids.into_iter().enumerate() {
                let key = format!("{}/{id}", deck.progress_key());
                // The card's group list, copied for all but its last item.
                let groups =
                    if nth == last { groups.take().unwrap_or_default() } else { groups.clone().unwrap_or_default() };
                new.push(NewItem { section: section.to_string(), groups });
                items.push((
                    StudyItem { deck: di, card: ci, nth, id, kind: card.kind },
                    SessionItem { deck: di, sibling, key },
                ));
            }
            sibling += 1;
        }
        let mut slots: Vec<Option<(StudyItem, SessionItem)>> = items.into_iter().map(Some).collect();
        for i in new_order(&new, order, seed_of(&[&ctx.learner, deck.progress_key()])) {
            if let Some((s, e)) = slots[i].take() {
                study.push(s);
                session.push(e);
            }
        }
    }
    (study, session)
}

/// Item index by item id, for one deck.
fn index_of(items: &[StudyItem], deck: usize) -> foldhash::HashMap<&str, usize> {
    items.iter().enumerate().filter(|(_, it)| it.deck == deck).map(|(i, it)| (it.id.as_str(), i)).collect()
}

/// The range of items that belong to each deck (items are in deck order).
fn deck_ranges(items: &[StudyItem], decks: usize) -> Vec<std::ops::Range<usize>> {
    (0..decks)
        .map(|d| {
            let start = items.partition_point(|it| it.deck < d);
            let end = items.partition_point(|it| it.deck <= d);
            start..end
        })
        .collect()
}

/// One scheduler per deck, with that deck's settings and the FSRS
/// parameters in force for the learner (fitted by `learn optimize`, else
/// the config's).
fn schedulers(ctx: &Context, store: &Store, decks: &[Deck]) -> Result<Vec<Scheduler>> {
    let fitted = store.fitted_parameters(&ctx.learner)?;
    decks
        .iter()
        .map(|d| {
            let (settings, _, _) = super::optimize::in_force(ctx, &fitted, d.id.as_str(), d.progress_key());
            Scheduler::new(settings).map_err(|e| {
                Error::Config(t!(ctx.lang, "scheduler settings for `{deck}`: {problem}", deck = d.id, problem = e))
            })
        })
        .collect()
}

fn open_store(ctx: &Context) -> Result<Store> {
    let new_home = match &ctx.store {
        crate::store::Location::File(path) => !path.exists(),
        crate::store::Location::Postgres(_) => false,
    };
    ctx.paths.ensure()?;
    let store = Store::open(&ctx.store)?;
    start_notes(ctx, new_home);
    Ok(store)
}

/// One quiet line at the start of a session when the home is the current
/// directory, and one in a new home saying where progress is saved (on
/// standard error: plain mode's output stays as documented).
fn start_notes(ctx: &Context, new_home: bool) {
    let l = ctx.lang;
    let dim = |s: String| crate::ui::quiet(ctx.color, &s);
    if let crate::paths::PathSource::CurrentDir(mark) = ctx.paths.source {
        eprintln!(
            "{}",
            dim(t!(l, "Home: this folder (it holds {what}); `learn paths` tells more.", what = tr(l, mark.what())))
        );
    }
    if new_home {
        eprintln!(
            "{}",
            dim(t!(
                l,
                "Progress is saved in {path}; `learn paths` shows where everything is.",
                path = ctx.store.show()
            ))
        );
    }
}

/// Progress studied under a deck's own id before the deck shared its
/// progress with other editions moves to the shared key, once. Returns
/// whether anything moved.
fn adopt_shared_progress(store: &mut Store, editions: &[(String, String)]) -> Result<bool> {
    let mut moved = false;
    for (id, key) in editions {
        moved |= crate::ui::with_store_lock(|| store.adopt_progress(id, key))?;
    }
    Ok(moved)
}

/// (deck id, progress key) of decks that share their progress with others.
type Editions = Vec<(String, String)>;

/// Every (deck id, progress key) of the decks that share a progress key
/// with one of `decks` (the editions of a deck), these included.
fn editions(decks: &[Deck], others: &[Deck]) -> Editions {
    let keys: HashSet<&str> = decks.iter().filter(|d| d.progress.is_some()).map(Deck::progress_key).collect();
    decks
        .iter()
        .chain(others)
        .filter(|d| d.progress.is_some() && keys.contains(d.progress_key()))
        .map(|d| (d.id.to_string(), d.progress_key().to_string()))
        .collect()
}

/// The decks a session studies: the arguments, else the config's `decks`,
/// else the bundled Vietnamese deck; and the editions sharing their progress.
fn chosen_decks(ctx: &Context, specs: &[String]) -> Result<(Vec<Deck>, Editions)> {
    let lib = load_library(ctx);
    let all: Vec<(String, Option<String>)> = lib.decks.iter().map(|d| (d.id.to_string(), d.progress.clone())).collect();
    let from_config = specs.is_empty() && !ctx.config.decks.is_empty();
    let specs: Vec<String> = if !specs.is_empty() {
        specs.to_vec()
    } else if !ctx.config.decks.is_empty() {
        ctx.config.decks.clone()
    } else if lib.get(DEFAULT_DECK).is_some() {
        vec![DEFAULT_DECK.to_string()]
    } else {
        lib.decks.iter().map(|d| d.id.to_string()).collect()
    };
    let decks = select_decks(ctx, lib, &specs).map_err(|e| match (e, from_config) {
        (Error::Usage(m), true) => Error::Usage(t!(
            ctx.lang,
            "{problem} (the deck is listed in `decks` in `{config}`)",
            problem = m,
            config = ctx.paths.config.display()
        )),
        (e, _) => e,
    })?;
    if decks.is_empty() {
        return Err(Error::Usage(t!(
            ctx.lang,
            "no decks to study; put a deck file in `{folder}` or name one (`learn decks` lists them)",
            folder = ctx.paths.decks_dir().display()
        )));
    }
    let keys: HashSet<&str> = decks.iter().filter(|d| d.progress.is_some()).map(Deck::progress_key).collect();
    let shared = all
        .into_iter()
        .filter_map(|(id, key)| key.filter(|k| keys.contains(k.as_str())).map(|k| (id, k)))
        .chain(editions(&decks, &[]))
        .collect();
    Ok((decks, shared))
}

/// Every item's saved state (new where there is none).
fn saved_states(
    store: &Store,
    ctx: &Context,
    decks: &[Deck],
    items: &[StudyItem],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<CardState>> {
    let mut states = vec![CardState::new(now); items.len()];
    for (di, deck) in decks.iter().enumerate() {
        let index = index_of(items, di);
        store.states_with(&ctx.learner, deck.progress_key(), |card, state, _| {
            if let Some(&i) = index.get(card) {
                states[i] = state;
            }
        })?;
    }
    Ok(states)
}

/// What a deck already did in the study day that started at `start`, by
/// item index.
fn done_today(
    store: &Store,
    ctx: &Context,
    deck: &Deck,
    index: &foldhash::HashMap<&str, usize>,
    session_items: &[SessionItem],
    start: chrono::DateTime<chrono::Utc>,
) -> Result<DoneToday> {
    let t = store.today(&ctx.learner, deck.progress_key(), start)?;
    Ok(DoneToday {
        new_done: t.new_done,
        reviews_done: t.reviews_done,
        skipped: t.skipped.iter().filter_map(|c| index.get(c.as_str()).copied()).collect(),
        answered_siblings: t
            .answered
            .iter()
            .filter_map(|c| index.get(c.as_str()).map(|&i| session_items[i].sibling))
            .collect(),
    })
}

/// What `learn run` would bring today in one deck, its daily limits
/// applied: new items, learning items and reviews. `saved` is the deck's
/// saved states by item id; `store` is `None` in a home without one.
pub(in crate::commands) fn today_counts(
    ctx: &Context,
    store: Option<&Store>,
    deck: &Deck,
    saved: &[(String, CardState)],
    now: chrono::DateTime<chrono::Utc>,
    offset: i32,
) -> Result<crate::schedule::Counts> {
    let decks = std::slice::from_ref(deck);
    let (items, session_items) = items_of(ctx, decks);
    let index = index_of(&items, 0);
    let mut states = vec![CardState::new(now); items.len()];
    for (card, state) in saved {
        if let Some(&i) = index.get(card.as_str()) {
            states[i] = state.clone();
        }
    }
    let settings = ctx.config.settings_for(deck.id.as_str());
    let day = study_day(now, offset, settings);
    let done = match store {
        Some(s) => done_today(s, ctx, deck, &index, &session_items, day.start)?,
        None => DoneToday::default(),
    };
    let today = [DeckToday { settings, items: 0..items.len(), done }];
    let siblings: Vec<usize> = session_items.iter().map(|s| s.sibling).collect();
    Ok(assemble(&today, &siblings, &states, now, offset, u32::MAX).counts())
}

/// `learn run`.
pub(crate) fn run(ctx: &Context, args: &RunArgs) -> Result<u8> {
    // Two independent halves of start-up, one per core: the decks (from the
    // parse cache) and their study items, and the learner's card states
    // (from the store). A new home is made only once the decks are known
    // to exist.
    let (decks, loaded) = std::thread::scope(|scope| {
        let progress = scope.spawn(|| -> Result<_> {
            match Store::open_existing_check_later(&ctx.store)? {
                Some(store) => {
                    let states = store.learner_states(&ctx.learner)?;
                    Ok(Some((store, states)))
                }
                None => Ok(None),
            }
        });
        let decks = chosen_decks(ctx, &args.decks).map(|(decks, editions)| {
            let items = items_of(ctx, &decks);
            (decks, editions, items)
        });
        let loaded =
            progress.join().unwrap_or_else(|_| Err(Error::Config(t!(ctx.lang, "could not read the progress store"))));
        (decks, loaded)
    });
    let (decks, editions, (items, session_items)) = decks?;
    let (mut store, mut saved) = match loaded? {
        Some(found) => {
            start_notes(ctx, false);
            found
        }
        None => (open_store(ctx)?, HashMap::new()),
    };
    remember_decks(ctx, &decks);
    if adopt_shared_progress(&mut store, &editions)? {
        // Once per deck: the moved progress is read again.
        saved = store.learner_states(&ctx.learner)?;
    }
    let scheds = schedulers(ctx, &store, &decks)?;
    let now = ctx.clock.now();
    let offset = ctx.clock.local_offset_secs(now);
    let mut states = vec![CardState::new(now); items.len()];
    let ranges = deck_ranges(&items, decks.len());
    let mut done_before = Vec::with_capacity(decks.len());
    for (di, deck) in decks.iter().enumerate() {
        let index = index_of(&items, di);
        for (card, state) in saved.remove(deck.progress_key()).unwrap_or_default() {
            if let Some(&i) = index.get(card.as_str()) {
                states[i] = state;
            }
        }
        let day = study_day(now, offset, scheds[di].settings());
        done_before.push(done_today(&store, ctx, deck, &index, &session_items, day.start)?);
    }
    let today: Vec<DeckToday<'_>> = scheds
        .iter()
        .zip(&ranges)
        .zip(&done_before)
        .map(|((s, r), d)| DeckToday { settings: s.settings(), items: r.clone(), done: d.clone() })
        .collect();
    let siblings: Vec<usize> = session_items.iter().map(|s| s.sibling).collect();
    let new_cap = args.new.unwrap_or(u32::MAX);
    let queue = assemble(&today, &siblings, &states, now, offset, new_cap);
    drop(today);
    let plan = Plan::Schedule(Box::new(Today { queue, ranges, done_before, new_cap }));
    let session = Session::new(plan, states, session_items, scheds, offset, now);
    let c = session.counts();
    if c.new + c.learning + c.review == 0 {
        println!("{}", summary::nothing_due(ctx.lang, &session, now, offset));
        return Ok(0);
    }
    let mut driver = Driver::new(ctx, &decks, &items, &mut store, Mode::Run, args.limit, true);
    driver.drive(session)
}

/// Editions that share their progress are one set of cards: of each, the
/// edition in the interface language (else the first) is kept.
pub(crate) fn one_edition_each(ctx: &Context, decks: Vec<Deck>) -> Vec<Deck> {
    let lang = match ctx.lang {
        crate::i18n::Lang::Vi => "vi",
        crate::i18n::Lang::En => "en",
    };
    let mut out: Vec<Deck> = Vec::new();
    for d in decks {
        match out.iter().position(|o| o.progress_key() == d.progress_key()) {
            Some(i) if d.language == lang && out[i].language != lang => out[i] = d,
            Some(_) => {}
            None => out.push(d),
        }
    }
    out
}

/// `learn review` (`--missed` is what it always does).
pub(crate) fn review(ctx: &Context, args: &ReviewArgs) -> Result<u8> {
    let since = parse_span(&args.since)
        .map_err(|e| Error::Usage(t!(ctx.lang, "--since: {problem}", problem = e.show(ctx.lang))))?;
    let lib = load_library(ctx);
    let decks =
        if args.decks.is_empty() { one_edition_each(ctx, lib.decks) } else { select_decks(ctx, lib, &args.decks)? };
    let now = ctx.clock.now();
    let Some(mut store) = Store::open_existing(&ctx.store)? else {
        println!("{}", t!(ctx.lang, "Nothing missed in the last {since}. Well done!", since = args.since));
        return Ok(0);
    };
    start_notes(ctx, false);
    adopt_shared_progress(&mut store, &editions(&decks, &[]))?;
    // A span longer than the calendar can hold means "ever".
    let from = chrono::Duration::try_seconds(since)
        .and_then(|d| now.checked_sub_signed(d))
        .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC);
    let missed = store.missed(&ctx.learner, from)?;
    let (items, session_items) = items_of(ctx, &decks);
    let wanted: HashSet<(String, String)> = missed.into_iter().collect();
    let mut order: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| wanted.contains(&(decks[it.deck].progress_key().to_string(), it.id.clone())))
        .map(|(i, _)| i)
        .collect();
    if order.is_empty() {
        println!("{}", t!(ctx.lang, "Nothing missed in the last {since}. Well done!", since = args.since));
        return Ok(0);
    }
    order.shuffle(&mut rand::rng());
    let scheds = schedulers(ctx, &store, &decks)?;
    let states = saved_states(&store, ctx, &decks, &items, now)?;
    let plan = Plan::Drill { order: order.into(), reschedule: !args.no_reschedule };
    let session = Session::new(plan, states, session_items, scheds, ctx.clock.local_offset_secs(now), now);
    let mut driver = Driver::new(ctx, &decks, &items, &mut store, Mode::Review, None, true);
    driver.drive(session)
}

/// `learn quiz`.
pub(crate) fn quiz(ctx: &Context, args: &QuizArgs) -> Result<u8> {
    if args.count == 0 {
        return Err(Error::Usage(t!(ctx.lang, "-n must be at least 1")));
    }
    let (decks, _) = chosen_decks(ctx, &args.decks)?;
    let kinds: Vec<Kind> = if args.kinds.is_empty() {
        Kind::ALL.into_iter().filter(|k| k.auto_graded()).collect()
    } else {
        args.kinds
            .iter()
            .map(|k| match k {
                KindArg::Basic => Kind::Basic,
                KindArg::Typed => Kind::Typed,
                KindArg::Choice => Kind::Choice,
                KindArg::TrueFalse => Kind::TrueFalse,
                KindArg::Cloze => Kind::Cloze,
            })
            .collect()
    };
    let (items, session_items) = items_of(ctx, &decks);
    let mut pool: Vec<usize> = (0..items.len()).filter(|&i| kinds.contains(&items[i].kind)).collect();
    if pool.is_empty() {
        return Err(Error::Usage(t!(ctx.lang, "no cards of those kinds in the chosen decks")));
    }
    let seed = args.seed.unwrap_or_else(|| rand::rng().random());
    let mut rng = StdRng::seed_from_u64(seed);
    pool.shuffle(&mut rng);
    // Questions beyond the count replace skipped ones.
    let spare = pool.split_off(args.count.min(pool.len()));
    let mut store = open_store(ctx)?;
    remember_decks(ctx, &decks);
    let scheds = schedulers(ctx, &store, &decks)?;
    let now = ctx.clock.now();
    let states = vec![CardState::new(now); items.len()];
    let total = pool.len();
    let plan = Plan::Exam { order: VecDeque::from(pool), spare: VecDeque::from(spare) };
    let session = Session::new(plan, states, session_items, scheds, ctx.clock.local_offset_secs(now), now);
    let mut driver = Driver::new(ctx, &decks, &items, &mut store, Mode::Quiz, None, args.feedback);
    driver.exam(rng, total);
    driver.drive(session)
}
