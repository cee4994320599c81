//! `learn run`, `learn review` and `learn quiz`: choose the decks
//! and items, read the learner's progress, build the session, and hand it to
//! the [`driver`]. The rules (queue, judging, scheduling) live in the core.

mod driver;
mod summary;

use std::collections::{HashSet, VecDeque};

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::{load_library, remember_decks, select_decks};
use crate::cli::{KindArg, QuizArgs, ReviewArgs, RunArgs};
use crate::context::Context;
use crate::deck::{Deck, Item, ItemTail, Kind};
use crate::error::{Error, Result};
use crate::i18n::{t, tr};
use crate::schedule::{
    CardState, DeckToday, DoneToday, NewItem, NewOrder, Scheduler, assemble, new_order, parse_span, plain_order,
    seed_of, study_day,
};
use crate::session::{ItemIds, Plan, Session, SessionItem, Today};
use crate::store::{Mode, SavedStates, Store};

use driver::Driver;

/// The bundled deck `learn run` studies when nothing else is configured.
pub(crate) const DEFAULT_DECK: &str = "bpo-vs-call-center.vi";

/// One thing to ask. Light on purpose (a session may hold 100 000 of
/// them): the prompt text is built from the deck only when the item is
/// shown, and the id is a number in the session's [`ItemIds`].
#[derive(Debug, Clone, Copy)]
struct StudyItem {
    deck: usize,
    /// Index into the deck's cards.
    card: usize,
    /// Which of the card's items (0, or the n-th cloze deletion / reverse).
    nth: usize,
    /// The item's id, in the [`ItemIds`] made with it.
    id: usize,
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

/// The study items of some decks, and their ids.
pub(in crate::commands) struct Items {
    /// Deck by deck, each deck's in the order its new cards are introduced
    /// (`new_order`).
    study: Vec<StudyItem>,
    /// What the session needs to know of each (deck, sibling group, id).
    session: Vec<SessionItem>,
    ids: ItemIds,
    /// Each deck's items by id (see [`Items::find`]).
    index: Vec<hashbrown::HashTable<usize>>,
}

/// The hash of an item id in [`Items::index`].
fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(id)
}

impl Items {
    /// Item `i`'s id.
    fn id(&self, i: usize) -> &str {
        self.ids.get(self.study[i].id)
    }

    /// The item of deck `deck` whose id is `id`.
    fn find(&self, deck: usize, id: &str) -> Option<usize> {
        self.index.get(deck)?.find(id_hash(id), |&i| self.id(i) == id).copied()
    }
}

/// The study items of the decks (see [`Items`]). No `String` per item: a
/// 100 000-card deck is read at every start.
fn items_of(ctx: &Context, decks: &[Deck]) -> Items {
    let mut ids = ItemIds::new(decks.iter().map(|d| d.progress_key().to_string()).collect());
    // About one item a card (a reversed card is two, a cloze card one a deletion).
    let cards: usize = decks.iter().map(|d| d.cards.len()).sum();
    let mut study = Vec::with_capacity(cards);
    let mut session = Vec::with_capacity(cards);
    let mut sibling = 0;
    for (di, deck) in decks.iter().enumerate() {
        let n = deck.cards.len();
        ids.reserve(n, n * 8);
        let mut items: Vec<(StudyItem, SessionItem)> = Vec::with_capacity(n);
        let order = ctx.config.settings_for(deck.id.as_str()).new_order;
        // Only `spread` reads the sections and groups.
        let spread = order == NewOrder::Spread;
        let mut new: Vec<NewItem<'_>> = Vec::with_capacity(if spread { n } else { 0 });
        for (ci, card) in deck.cards.outlines().enumerate() {
            for (nth, tail) in card.item_tails().enumerate() {
                let id = match tail {
                    ItemTail::None => ids.push_str(card.id),
                    tail => ids.push(card.id, tail),
                };
                if spread {
                    let section = card.source.unwrap_or_default();
                    new.push(NewItem { section, card: sibling, groups: card.groups.clone() });
                }
                items.push((
                    StudyItem { deck: di, card: ci, nth, id, kind: card.kind },
                    SessionItem { deck: di, sibling, id },
                ));
            }
            sibling += 1;
        }
        let seed = seed_of(&[&ctx.learner, deck.progress_key()]);
        let order = if spread { new_order(&new, order, seed) } else { plain_order(items.len(), order, seed) };
        for i in order {
            let (s, e) = items[i];
            study.push(s);
            session.push(e);
        }
    }
    let mut index = Vec::with_capacity(decks.len());
    for d in 0..decks.len() {
        let range = deck_range(&study, d);
        let mut table = hashbrown::HashTable::with_capacity(range.len());
        let id = |i: usize| ids.get(study[i].id);
        for i in range {
            table.insert_unique(id_hash(id(i)), i, |&j| id_hash(id(j)));
        }
        index.push(table);
    }
    Items { study, session, ids, index }
}

/// The range of items that belong to deck `d` (items are in deck order).
fn deck_range(items: &[StudyItem], d: usize) -> std::ops::Range<usize> {
    items.partition_point(|it| it.deck < d)..items.partition_point(|it| it.deck <= d)
}

/// The range of items that belong to each deck.
fn deck_ranges(items: &[StudyItem], decks: usize) -> Vec<std::ops::Range<usize>> {
    (0..decks).map(|d| deck_range(items, d)).collect()
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
    // Wrapped at word ends to a terminal's width (the terminal would cut
    // words); as it is into a file or pipe.
    let dim = |s: String| {
        let s = match crate::ui::stderr_width() {
            Some(w) => crate::text::wrap(&s, w),
            None => s,
        };
        crate::ui::quiet(ctx.color, &s)
    };
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

/// Puts each saved state on its item (`saved` numbers its rows by deck,
/// as `items` does); returns which items got one.
fn put_saved(items: &Items, saved: &SavedStates, states: &mut [CardState]) -> Vec<bool> {
    let mut got = vec![false; states.len()];
    for (d, card, state) in saved.iter() {
        if let Some(i) = items.find(d, card) {
            states[i] = state.clone();
            got[i] = true;
        }
    }
    got
}

/// The progress keys of the decks, in order (what [`Store::saved_states`]
/// reads).
fn progress_keys(decks: &[Deck]) -> Vec<&str> {
    decks.iter().map(Deck::progress_key).collect()
}

/// What a deck already did in the study day that started at `start`, by
/// item index.
fn done_today(
    store: &Store,
    ctx: &Context,
    items: &Items,
    deck: usize,
    start: chrono::DateTime<chrono::Utc>,
) -> Result<DoneToday> {
    let t = store.today(&ctx.learner, items.ids.deck_key(deck), start)?;
    if t.skipped.is_empty() && t.answered.is_empty() {
        return Ok(DoneToday { new_done: t.new_done, reviews_done: t.reviews_done, ..DoneToday::default() });
    }
    Ok(DoneToday {
        new_done: t.new_done,
        reviews_done: t.reviews_done,
        skipped: t.skipped.iter().filter_map(|c| items.find(deck, c)).collect(),
        answered_siblings: t
            .answered
            .iter()
            .filter_map(|c| items.find(deck, c).map(|i| items.session[i].sibling))
            .collect(),
    })
}

/// One deck as `learn decks` shows it: its items' counts (unseen, in
/// learning, …) and what `learn run` would bring today, its daily limits
/// applied. `saved` holds the deck's states under its progress key (deck
/// number 0) and, for a deck that shares its progress, any still under its
/// own id (number 1: moved at its next session; the shared key's win).
/// `store` is `None` in a home without one.
pub(in crate::commands) fn deck_overview(
    ctx: &Context,
    store: Option<&Store>,
    (deck, items): (&Deck, &Items),
    saved: &SavedStates,
    now: chrono::DateTime<chrono::Utc>,
    offset: i32,
) -> Result<(crate::schedule::DeckCounts, crate::schedule::Counts)> {
    let n = items.study.len();
    let mut states: Vec<Option<CardState>> = vec![None; n];
    for (d, card, state) in saved.iter() {
        if let Some(i) = items.find(0, card)
            && (d == 0 || states[i].is_none())
        {
            states[i] = Some(state.clone());
        }
    }
    let settings = ctx.config.settings_for(deck.id.as_str());
    let day = study_day(now, offset, settings);
    // Progress of cards no longer in the deck (orphans) does not count.
    let all = crate::schedule::DeckCounts::tally(n, states.iter().flatten(), day);
    let states: Vec<CardState> = states.into_iter().map(|s| s.unwrap_or_else(|| CardState::new(now))).collect();
    let done = match store {
        Some(s) => done_today(s, ctx, items, 0, day.start)?,
        None => DoneToday::default(),
    };
    let today = [DeckToday { settings, items: 0..n, done }];
    let siblings: Vec<usize> = items.session.iter().map(|s| s.sibling).collect();
    Ok((all, assemble(&today, &siblings, &states, now, offset, u32::MAX).counts()))
}

/// [`deck_overview`] of a deck the learner never studied (no saved state
/// under its progress key or its own id), without building its items:
/// every item is new, and today brings them up to the daily limit. `None`
/// when something was done in it today (a skip): then the overview builds
/// the queue.
pub(in crate::commands) fn unstudied_overview(
    ctx: &Context,
    store: Option<&Store>,
    deck: &Deck,
    now: chrono::DateTime<chrono::Utc>,
    offset: i32,
) -> Result<Option<(crate::schedule::DeckCounts, crate::schedule::Counts)>> {
    let settings = ctx.config.settings_for(deck.id.as_str());
    let day = study_day(now, offset, settings);
    if let Some(s) = store {
        let t = s.today(&ctx.learner, deck.progress_key(), day.start)?;
        if t.new_done + t.reviews_done > 0 || !t.skipped.is_empty() || !t.answered.is_empty() {
            return Ok(None);
        }
    }
    let n: usize = deck.cards.outlines().map(|o| o.item_tails().count()).sum();
    let all = crate::schedule::DeckCounts::tally(n, std::iter::empty(), day);
    let new = n.min(usize::try_from(settings.new_per_day).unwrap_or(usize::MAX));
    Ok(Some((all, crate::schedule::Counts { new, learning: 0, review: 0 })))
}

/// One deck's study items, as [`deck_overview`] takes them.
pub(in crate::commands) fn deck_items(ctx: &Context, deck: &Deck) -> Items {
    items_of(ctx, std::slice::from_ref(deck))
}

/// `learn run`.
pub(crate) fn run(ctx: &Context, args: &RunArgs) -> Result<u8> {
    let (decks, editions) = chosen_decks(ctx, &args.decks)?;
    let keys = progress_keys(&decks);
    let expected = decks.iter().map(|d| d.cards.len()).sum();
    // Two independent halves of start-up, one per core: the decks' study
    // items (from the parse cache), and the learner's card states in them
    // (from the store). A new home is made only once the decks are known
    // to exist.
    let now = ctx.clock.now();
    std::thread::scope(|scope| {
        let progress = scope.spawn(|| -> Result<_> {
            match Store::open_existing_check_later(&ctx.store)? {
                Some(store) => {
                    let states = store.queue_states(&ctx.learner, &keys, expected)?;
                    Ok(Some((store, states)))
                }
                None => Ok(None),
            }
        });
        // Meanwhile: the items, their index and their states as if new.
        let items = items_of(ctx, &decks);
        let states = vec![CardState::new(now); items.study.len()];
        let loaded =
            progress.join().unwrap_or_else(|_| Err(Error::Config(t!(ctx.lang, "could not read the progress store"))));
        let (store, saved) = match loaded? {
            Some(found) => {
                start_notes(ctx, false);
                found
            }
            None => (open_store(ctx)?, SavedStates::default()),
        };
        study_today(ctx, args, &decks, &editions, (store, saved), (items, states), now)
    })
}

/// `learn run` once the items and the saved states are read: the states
/// matched to the items (`states` holds every item as new), today's queue,
/// the session.
fn study_today(
    ctx: &Context,
    args: &RunArgs,
    decks: &[Deck],
    editions: &Editions,
    (mut store, mut saved): (Store, SavedStates),
    (items, mut states): (Items, Vec<CardState>),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u8> {
    remember_decks(ctx, decks);
    if adopt_shared_progress(&mut store, editions)? {
        // Once per deck: the moved progress is read again.
        saved = store.queue_states(&ctx.learner, &progress_keys(decks), items.study.len())?;
    }
    let scheds = schedulers(ctx, &store, decks)?;
    let offset = ctx.clock.local_offset_secs(now);
    // Light states (the queue's part, from SQLite): each card's whole
    // state is read when it is shown.
    let mut light = put_saved(&items, &saved, &mut states);
    if !store.light_queue_states() {
        light.clear();
    }
    drop(saved);
    let ranges = deck_ranges(&items.study, decks.len());
    let mut done_before = Vec::with_capacity(decks.len());
    for (di, s) in scheds.iter().enumerate() {
        let day = study_day(now, offset, s.settings());
        done_before.push(done_today(&store, ctx, &items, di, day.start)?);
    }
    let today: Vec<DeckToday<'_>> = scheds
        .iter()
        .zip(&ranges)
        .zip(&done_before)
        .map(|((s, r), d)| DeckToday { settings: s.settings(), items: r.clone(), done: d.clone() })
        .collect();
    let siblings: Vec<usize> = items.session.iter().map(|s| s.sibling).collect();
    let new_cap = args.new.unwrap_or(u32::MAX);
    let queue = assemble(&today, &siblings, &states, now, offset, new_cap);
    drop(today);
    let plan = Plan::Schedule(Box::new(Today { queue, ranges, done_before, new_cap }));
    let Items { study, session: session_items, ids, .. } = items;
    let mut session = Session::new(plan, states, session_items, ids, scheds, offset, now);
    session.set_light(light);
    let c = session.counts();
    if c.new + c.learning + c.review == 0 {
        println!("{}", summary::nothing_due(ctx.lang, &session, now, offset));
        return Ok(0);
    }
    let mut driver = Driver::new(ctx, decks, &study, &mut store, Mode::Run, args.limit, true);
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
    let items = items_of(ctx, &decks);
    let wanted: HashSet<(&str, &str)> = missed.iter().map(|(d, c)| (d.as_str(), c.as_str())).collect();
    let mut order: Vec<usize> = (0..items.study.len())
        .filter(|&i| wanted.contains(&(items.ids.deck_key(items.study[i].deck), items.id(i))))
        .collect();
    if order.is_empty() {
        println!("{}", t!(ctx.lang, "Nothing missed in the last {since}. Well done!", since = args.since));
        return Ok(0);
    }
    order.shuffle(&mut rand::rng());
    let scheds = schedulers(ctx, &store, &decks)?;
    let saved = store.saved_states(&ctx.learner, &progress_keys(&decks), items.study.len())?;
    let mut states = vec![CardState::new(now); items.study.len()];
    put_saved(&items, &saved, &mut states);
    let plan = Plan::Drill { order: order.into(), reschedule: !args.no_reschedule };
    let Items { study, session: session_items, ids, .. } = items;
    let session = Session::new(plan, states, session_items, ids, scheds, ctx.clock.local_offset_secs(now), now);
    let mut driver = Driver::new(ctx, &decks, &study, &mut store, Mode::Review, None, true);
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
    let Items { study: items, session: session_items, ids, .. } = items_of(ctx, &decks);
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
    let session = Session::new(plan, states, session_items, ids, scheds, ctx.clock.local_offset_secs(now), now);
    let mut driver = Driver::new(ctx, &decks, &items, &mut store, Mode::Quiz, None, args.feedback);
    driver.exam(rng, total);
    driver.drive(session)
}
