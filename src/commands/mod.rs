//! One module per subcommand: the only layer that wires decks, store,
//! engine, session and terminal together.

pub(crate) mod check;
pub(crate) mod decks;
pub(crate) mod export;
pub(crate) mod flags;
pub(crate) mod import;
pub(crate) mod paths;
pub(crate) mod study;

use crate::context::Context;
use crate::deck::{Deck, Library, read_deck};
use crate::error::{Error, Result};

/// Loads the library and prints the problems of skipped decks to stderr.
pub(crate) fn load_library(ctx: &Context) -> Library {
    let lib = Library::load(&ctx.paths.decks_dir(), ctx.paths.deck_cache().as_deref());
    for d in lib.errors() {
        eprintln!("warning: skipped a deck with errors: {} (run `learn check` for details)", d.short());
    }
    lib
}

/// Resolves DECK arguments (ids or paths), taking the decks out of the
/// library rather than copying them (a deck may hold 100 000 cards).
pub(crate) fn select_decks(ctx: &Context, mut lib: Library, specs: &[String]) -> Result<Vec<Deck>> {
    let mut out: Vec<Deck> = Vec::new();
    for spec in specs {
        if out.iter().any(|d| d.id.as_str() == *spec) {
            continue;
        }
        if let Some(pos) = lib.decks.iter().position(|d| d.id.as_str() == *spec) {
            out.push(lib.decks.swap_remove(pos));
            continue;
        }
        let path = ctx.cwd.join(spec);
        if !path.is_file() {
            let ids: Vec<&str> = lib.decks.iter().chain(&out).map(|d| d.id.as_str()).collect();
            let hint = crate::deck::suggest(spec, &ids).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
            return Err(Error::Usage(format!(
                "no deck `{spec}`: {hint}`learn decks` lists the deck ids (or give a path to a deck file)"
            )));
        }
        let parsed = read_deck(&path);
        for d in &parsed.diagnostics {
            eprint!("{}", d.render());
        }
        let deck = parsed.deck.ok_or_else(|| Error::Invalid(format!("`{spec}` has errors; fix them and try again")))?;
        if !out.iter().any(|d| d.id == deck.id) {
            out.push(deck);
        }
    }
    Ok(out)
}
