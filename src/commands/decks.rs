//! `learn decks`: one line per deck — id, name, language, cards — and what
//! today holds for the learner: items never studied, items in learning,
//! what is due today and the new items today brings (the daily limits
//! applied, as `learn run` would). Decks studied by path are listed too.

use std::collections::HashSet;

use super::study::{Items, deck_items, deck_overview};
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
    let (items, saved, store) = items_and_progress(ctx, &decks)?;
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
    for (di, deck) in decks.iter().enumerate() {
        let none = SavedStates::default();
        let states = saved.get(di).unwrap_or(&none);
        let (all, today) = deck_overview(ctx, store.as_ref(), (deck, &items[di]), states, now, offset)?;
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

/// Each deck's study items and, where a store exists, the learner's saved
/// states in each (read on another thread meanwhile: under the deck's
/// progress key, then under its own id, see [`deck_overview`]) and the
/// store itself.
fn items_and_progress(ctx: &Context, decks: &[Deck]) -> Result<(Vec<Items>, Vec<SavedStates>, Option<Store>)> {
    let (items, loaded) = std::thread::scope(|scope| {
        let progress = scope.spawn(|| -> Result<_> {
            let Some(store) = Store::open_read(&ctx.store)? else { return Ok(None) };
            let saved = decks
                .iter()
                .map(|d| {
                    let keys: &[&str] = if d.progress_key() == d.id.as_str() {
                        &[d.id.as_str()]
                    } else {
                        &[d.progress_key(), d.id.as_str()]
                    };
                    store.queue_states(&ctx.learner, keys, d.cards.len())
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some((saved, store)))
        });
        let items: Vec<Items> = decks.iter().map(|d| deck_items(ctx, d)).collect();
        (
            items,
            progress.join().unwrap_or_else(|_| Err(Error::Config(t!(ctx.lang, "could not read the progress store")))),
        )
    });
    Ok(match loaded? {
        Some((saved, store)) => (items, saved, Some(store)),
        None => (items, Vec::new(), None),
    })
}
