//! `learn decks`: one line per deck — id, name, language, cards — and what
//! today holds for the learner: items never studied, items in learning,
//! what is due today and the new items today brings (the daily limits
//! applied, as `learn run` would). Decks studied by path are listed too.

use std::collections::HashSet;

use super::{load_library, remembered_decks};
use crate::context::Context;
use crate::deck::{Deck, Kind, read_deck};
use crate::error::{Error, Result};
use crate::i18n::{t, tr};
use crate::schedule::{CardState, DeckCounts, study_day};
use crate::store::Store;
use crate::text::width;

pub(crate) fn run(ctx: &Context) -> Result<u8> {
    let l = ctx.lang;
    let (mut decks, saved, store) = decks_and_progress(ctx)?;
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
    for deck in &decks {
        let states = states_of(deck, saved.as_ref());
        let ids: foldhash::HashSet<String> = deck.cards.outlines().flat_map(|c| c.item_ids()).collect();
        let settings = ctx.config.settings_for(deck.id.as_str());
        let day = study_day(now, offset, settings);
        // Progress of cards no longer in the deck (orphans) does not count.
        let studied = states.iter().filter(|(card, _)| ids.contains(card)).map(|(_, s)| s);
        let all = DeckCounts::tally(ids.len(), studied, day);
        let today = super::study::today_counts(ctx, store.as_ref(), deck, &states, now, offset)?;
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

type Saved = std::collections::HashMap<String, Vec<(String, CardState)>>;

/// The library and, where a store exists, the learner's states (read on
/// another thread) and the store itself.
fn decks_and_progress(ctx: &Context) -> Result<(Vec<Deck>, Option<Saved>, Option<Store>)> {
    let (lib, loaded) = std::thread::scope(|scope| {
        let progress = scope.spawn(|| -> Result<_> {
            match Store::open_read(&ctx.store)? {
                Some(store) => {
                    let saved = store.learner_states(&ctx.learner)?;
                    Ok(Some((saved, store)))
                }
                None => Ok(None),
            }
        });
        let lib = load_library(ctx);
        (lib, progress.join().unwrap_or_else(|_| Err(Error::Config(t!(ctx.lang, "could not read the progress store")))))
    });
    Ok(match loaded? {
        Some((saved, store)) => (lib.decks, Some(saved), Some(store)),
        None => (lib.decks, None, None),
    })
}

/// A deck's saved states: under its shared progress key, and any still
/// under its own id (moved at its next study session).
fn states_of(deck: &Deck, saved: Option<&Saved>) -> Vec<(String, CardState)> {
    let Some(saved) = saved else { return Vec::new() };
    let mut states = saved.get(deck.progress_key()).cloned().unwrap_or_default();
    if deck.progress_key() != deck.id.as_str() {
        let shared: HashSet<String> = states.iter().map(|(c, _)| c.clone()).collect();
        let old = saved.get(deck.id.as_str()).cloned().unwrap_or_default();
        states.extend(old.into_iter().filter(|(c, _)| !shared.contains(c)));
    }
    states
}
