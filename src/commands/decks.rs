//! `learn decks`: one line per deck — id, name, language, cards — and what
//! today holds for the learner: items never studied, items in learning,
//! what is due today and the new items today brings (the daily limits
//! applied, as `learn run` would). Decks studied by path are listed too.

use std::collections::HashSet;

use super::study::{Items, deck_items, deck_overview, unstudied_overview};
use super::{load_library, remembered_decks};
use crate::context::Context;
use crate::deck::{Deck, Kind, read_deck};
use crate::error::{Error, Result};
use crate::i18n::{t, tr};

use crate::store::{SavedStates, Store};
use crate::text::width;

pub(crate) fn run(ctx: &Context) -> Result<u8> {
    let l = ctx.lang;
    let mut decks = load_library(ctx).decks;
    // Decks studied by path (`learn run my.toml`), still where they were.
    let mut by_path = HashSet::new();
    for (id, path) in remembered_decks(ctx) {
        if decks.iter().any(|d| d.id.as_str() == id) {
            continue;
        }
        if let Some(deck) = read_deck(&path).deck {
            by_path.insert(deck.id.to_string());
            decks.push(deck);
        }
    }
    let (studied, store) = items_and_progress(ctx, &decks)?;
    let now = ctx.clock.now();
    let offset = ctx.clock.local_offset_secs(now);
    let header = [
        tr(l, "ID"),
        tr(l, "NAME"),
        tr(l, "LANGUAGE"),
        tr(l, "CARDS"),
        tr(l, "UNSEEN"),
        tr(l, "LEARNING"),
        tr(l, "DUE TODAY"),
        tr(l, "NEW TODAY"),
        tr(l, "KINDS"),
    ];
    let mut rows: Vec<[String; 9]> = vec![header.map(str::to_string)];
    for (deck, studied) in decks.iter().zip(&studied) {
        let (all, today) = match studied {
            Some((items, saved)) => deck_overview(ctx, store.as_ref(), (deck, items), saved, now, offset)?,
            None => match unstudied_overview(ctx, store.as_ref(), deck, now, offset)? {
                Some(counts) => counts,
                None => {
                    let items = deck_items(ctx, deck);
                    deck_overview(ctx, store.as_ref(), (deck, &items), &SavedStates::default(), now, offset)?
                }
            },
        };
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .zip(deck.kind_counts())
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{} {n}", k.name()))
            .collect();
        let id = if by_path.contains(deck.id.as_str()) {
            format!("{} {}", deck.id, tr(l, "(by path)"))
        } else {
            deck.id.to_string()
        };
        rows.push([
            crate::text::neutralize(&id),
            crate::text::neutralize(&deck.name).replace('\n', " "),
            crate::text::neutralize(&deck.language),
            deck.cards.len().to_string(),
            all.new.to_string(),
            all.learning.to_string(),
            (today.learning + today.review).to_string(),
            today.new.to_string(),
            kinds.join(", "),
        ]);
    }
    let mut widths = [0usize; 9];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(cell));
        }
    }
    for r in &rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        println!("{}", line.trim_end());
    }
    if decks.is_empty() {
        println!("{}", t!(l, "(no decks; put deck files in {folder})", folder = ctx.paths.decks_dir().display()));
    } else {
        println!();
        println!(
            "{}",
            crate::text::wrap(
                tr(
                    l,
                    "CARDS counts the cards in the deck file; the other columns count study items (a reversed card is two items, a cloze card one per deletion). DUE TODAY: learning items and reviews due today; NEW TODAY: new items today brings, within the daily limit."
                ),
                80
            )
        );
    }
    Ok(0)
}

/// A studied deck's items and saved states.
type Studied = Option<(Items, SavedStates)>;

/// The keys a deck's saved states may be under: its progress key, and
/// its own id when that differs.
fn keys(d: &Deck) -> Vec<&str> {
    if d.progress_key() == d.id.as_str() { vec![d.id.as_str()] } else { vec![d.progress_key(), d.id.as_str()] }
}

/// Each studied deck's study items and, where a store exists, the
/// learner's saved states in each (read on another thread meanwhile: under
/// the deck's progress key, then under its own id, see [`deck_overview`])
/// and the store itself. A deck the learner never studied has neither
/// (see [`unstudied_overview`]): its items are not built.
fn items_and_progress(ctx: &Context, decks: &[Deck]) -> Result<(Vec<Studied>, Option<Store>)> {
    let Some(store) = Store::open_read(&ctx.store)? else { return Ok((decks.iter().map(|_| None).collect(), None)) };
    let mut studied = Vec::with_capacity(decks.len());
    for d in decks {
        let mut any = false;
        for k in keys(d) {
            any = any || store.has_states(&ctx.learner, k)?;
        }
        studied.push(any);
    }
    let (items, loaded) = std::thread::scope(|scope| {
        let studied = &studied;
        let progress = scope.spawn(move || -> Result<_> {
            let saved = decks
                .iter()
                .zip(studied)
                .map(
                    |(d, &s)| {
                        if s { store.queue_states(&ctx.learner, &keys(d), d.cards.len()).map(Some) } else { Ok(None) }
                    },
                )
                .collect::<Result<Vec<_>, _>>()?;
            Ok((saved, store))
        });
        let items: Vec<Option<Items>> =
            decks.iter().zip(studied).map(|(d, &s)| s.then(|| deck_items(ctx, d))).collect();
        (
            items,
            progress.join().unwrap_or_else(|_| Err(Error::Config(t!(ctx.lang, "could not read the progress store")))),
        )
    });
    let (saved, store) = loaded?;
    let both = items.into_iter().zip(saved).map(|(i, s)| i.zip(s)).collect();
    Ok((both, Some(store)))
}
