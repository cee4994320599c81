//! `learn flags [--clear DECK/CARD]`: the cards learners flagged during
//! study, with the question and what they said is wrong; clearing a flag
//! once the card is fixed.

use super::load_library;
use crate::cli::FlagsArgs;
use crate::context::Context;
use crate::deck::Deck;
use crate::error::{Error, Result};
use crate::i18n::Lang;
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
    let Some(store) = Store::open_existing(&ctx.paths.store_file())? else {
        println!("{}", l.pick("Chưa có thẻ nào được đánh dấu.", "No card is flagged."));
        return Ok(0);
    };
    let flags = store.flags()?;
    if flags.is_empty() {
        println!("{}", l.pick("Chưa có thẻ nào được đánh dấu.", "No card is flagged."));
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
            Some(q) => println!("  {} {}", l.pick("Câu hỏi:", "Question:"), neutralize(&q)),
            None => println!("  {}", l.pick("(thẻ này không còn trong bộ thẻ)", "(the card is no longer in its deck)")),
        }
        if !f.note.is_empty() {
            println!("  {} {}", l.pick("Ghi chú:", "Note:"), neutralize(&f.note));
        }
    }
    let n = flags.len();
    println!(
        "{}",
        match (l, n) {
            (Lang::Vi, n) => format!("{n} thẻ được đánh dấu; sửa thẻ rồi dùng `learn flags --clear BỘ/THẺ`."),
            (Lang::En, 1) => "1 flagged card; fix it, then `learn flags --clear DECK/CARD`.".into(),
            (Lang::En, n) => format!("{n} flagged cards; fix them, then `learn flags --clear DECK/CARD`."),
        }
    );
    Ok(0)
}

fn clear(ctx: &Context, decks: &[Deck], spec: &str) -> Result<u8> {
    let l = ctx.lang;
    let Some((deck, card)) = spec.split_once('/') else {
        return Err(Error::Usage(format!(
            "--clear takes DECK/CARD, like `bpo-vs-call-center.vi/kp-locations`, not `{}`",
            neutralize(spec)
        )));
    };
    // A deck id stands for its progress key (editions share their flags).
    let key = decks.iter().find(|d| d.id == *deck).map_or(deck, Deck::progress_key);
    let cleared = match Store::open_existing(&ctx.paths.store_file())? {
        Some(store) => crate::ui::with_store_lock(|| store.unflag(&ctx.learner, key, card))?,
        None => false,
    };
    if !cleared {
        return Err(Error::Usage(format!(
            "no flag of learner `{}` on `{}`; `learn flags` lists the flags",
            neutralize(&ctx.learner),
            neutralize(spec)
        )));
    }
    println!(
        "{}",
        l.pick("Đã bỏ đánh dấu {spec}.", "Cleared the flag on {spec}.").replace("{spec}", &neutralize(spec))
    );
    Ok(0)
}
