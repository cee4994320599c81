//! `learn decks`: one line per deck — id, name, language, cards, kinds, and
//! the learner's new / learning / due counts when the store exists.

use std::collections::HashSet;

use super::load_library;
use crate::context::Context;
use crate::deck::{Deck, Kind};
use crate::error::{Error, Result};
use crate::schedule::{DeckCounts, study_day};
use crate::store::Store;
use crate::text::width;

pub(crate) fn run(ctx: &Context) -> Result<u8> {
    let (decks, counts) = decks_with_counts(ctx)?;
    let mut rows: Vec<[String; 8]> = vec![[
        "ID".into(),
        "NAME".into(),
        "LANG".into(),
        "CARDS".into(),
        "NEW".into(),
        "LEARN".into(),
        "DUE".into(),
        "KINDS".into(),
    ]];
    for (deck, c) in decks.iter().zip(&counts) {
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .zip(deck.kind_counts())
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{} {n}", k.name()))
            .collect();
        let (new, learning, due) = match c {
            Some(c) => (c.new.to_string(), c.learning.to_string(), c.due.to_string()),
            None => ("-".into(), "-".into(), "-".into()),
        };
        rows.push([
            deck.id.to_string(),
            crate::text::neutralize(&deck.name).replace('\n', " "),
            deck.language.clone(),
            deck.cards.len().to_string(),
            new,
            learning,
            due,
            kinds.join(", "),
        ]);
    }
    let mut widths = [0usize; 8];
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
        println!("(no decks; put deck files in {})", ctx.paths.decks_dir().display());
    }
    Ok(0)
}

/// Counts for each deck, or `None` for all when there is no store yet. The
/// library loads on this thread while the learner's states load on another.
fn decks_with_counts(ctx: &Context) -> Result<(Vec<Deck>, Vec<Option<DeckCounts>>)> {
    let (lib, saved) = std::thread::scope(|scope| {
        let progress = scope.spawn(|| -> Result<_> {
            match Store::open_existing(&ctx.paths.store_file())? {
                Some(store) => Ok(Some(store.learner_states(&ctx.learner)?)),
                None => Ok(None),
            }
        });
        let lib = load_library(ctx);
        (lib, progress.join().unwrap_or_else(|_| Err(Error::Config("could not read the progress store".into()))))
    });
    let Some(saved) = saved? else {
        let n = lib.decks.len();
        return Ok((lib.decks, (0..n).map(|_| None).collect()));
    };
    let now = ctx.clock.now();
    let offset = ctx.clock.local_offset_secs(now);
    let mut out = Vec::new();
    for deck in &lib.decks {
        let day = study_day(now, offset, ctx.config.settings_for(deck.id.as_str()));
        let ids: Vec<String> = deck.cards.iter().flat_map(|c| c.item_ids()).collect();
        let known: HashSet<&str> = ids.iter().map(String::as_str).collect();
        // Progress under the shared key, and any still under the deck's own
        // id (moved at its next study session).
        let mut states = saved.get(deck.progress_key()).cloned().unwrap_or_default();
        if deck.progress_key() != deck.id.as_str() {
            let shared: HashSet<String> = states.iter().map(|(c, _)| c.clone()).collect();
            let old = saved.get(deck.id.as_str()).cloned().unwrap_or_default();
            states.extend(old.into_iter().filter(|(c, _)| !shared.contains(c)));
        }
        // Progress of cards no longer in the deck (orphans) does not count.
        let studied = states.iter().filter(|(card, _)| known.contains(card.as_str())).map(|(_, s)| s);
        out.push(Some(DeckCounts::tally(ids.len(), studied, day)));
    }
    Ok((lib.decks, out))
}
