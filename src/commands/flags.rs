//! `learn flags [--clear DECK/CARD]`: the cards learners flagged during
//! study, with the question and what they said is wrong; clearing a flag
//! once the card is fixed.

use super::load_library;
use crate::cli::FlagsArgs;
use crate::context::Context;
use crate::deck::Deck;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::store::Store;
use crate::text::neutralize;

pub(crate) fn run(ctx: &Context, args: &FlagsArgs) -> Result<u8> {
    let lib = load_library(ctx);
    match &args.clear {
        Some(spec) => clear(ctx, &lib.decks, spec),
        None => list(ctx, &lib.decks),
    }
}

/// The question of a card, from any deck whose progress key is `deck`.
fn question(decks: &[Deck], deck: &str, card: &str) -> Option<String> {
    decks
        .iter()
        .filter(|d| d.progress_key() == deck || d.id == *deck)
        .find_map(|d| d.cards.iter().find(|c| c.id == *card))
        .map(|c| c.headline())
}

fn list(ctx: &Context, decks: &[Deck]) -> Result<u8> {
    let l = ctx.lang;
    let Some(store) = Store::open_read(&ctx.store)? else {
        println!("{}", crate::i18n::tr(l, "No card is flagged."));
        return Ok(0);
    };
    let flags = store.flags()?;
    if flags.is_empty() {
        println!("{}", crate::i18n::tr(l, "No card is flagged."));
        return Ok(0);
    }
    for f in &flags {
        println!(
            "{} / {}  ({}, {})",
            neutralize(&f.deck),
            neutralize(&f.card),
            neutralize(&f.learner),
            f.time.format("%Y-%m-%d")
        );
        match question(decks, &f.deck, &f.card) {
            Some(q) => println!("  {} {}", crate::i18n::tr(l, "Question:"), neutralize(&q)),
            None => println!("  {}", crate::i18n::tr(l, "(the card is no longer in its deck)")),
        }
        if !f.note.is_empty() {
            println!("  {} {}", crate::i18n::tr(l, "Note:"), neutralize(&f.note));
        }
    }
    let n = flags.len();
    println!(
        "{}",
        if n == 1 {
            t!(l, "1 flagged card; fix it, then `learn flags --clear DECK/CARD`.")
        } else {
            t!(l, "{n} flagged cards; fix them, then `learn flags --clear DECK/CARD`.", n = n)
        }
    );
    Ok(0)
}

fn clear(ctx: &Context, decks: &[Deck], spec: &str) -> Result<u8> {
    let l = ctx.lang;
    let Some((deck, card)) = spec.split_once('/') else {
        return Err(Error::Usage(t!(
            l,
            "--clear takes DECK/CARD, like `bpo-vs-call-center.vi/kp-locations`, not `{spec}`",
            spec = neutralize(spec)
        )));
    };
    // A deck id stands for its progress key (editions share their flags).
    let key = decks.iter().find(|d| d.id == *deck).map_or(deck, Deck::progress_key);
    let cleared = match Store::open_existing(&ctx.store)? {
        Some(store) => crate::ui::with_store_lock(|| store.unflag(&ctx.learner, key, card))?,
        None => false,
    };
    if !cleared {
        return Err(Error::Usage(t!(
            l,
            "no flag of learner `{learner}` on `{spec}`; `learn flags` lists the flags",
            learner = neutralize(&ctx.learner),
            spec = neutralize(spec)
        )));
    }
    println!("{}", t!(l, "Cleared the flag on {spec}.", spec = neutralize(spec)));
    Ok(0)
}
