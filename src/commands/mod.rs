//! One module per subcommand: the only layer that wires decks, store,
//! engine, session and terminal together.

pub mod check;
pub mod decks;
pub mod export;
pub mod paths;
pub mod study;

use crate::context::Context;
use crate::deck::{Deck, Library, read_deck};
use crate::error::{Error, Result};

/// Loads the library and prints the problems of skipped decks to stderr.
pub fn load_library(ctx: &Context) -> Library {
    let lib = Library::load(&ctx.paths.decks_dir(), Some(&ctx.paths.progress_dir().join("deck-cache")));
    for d in lib.errors() {
        eprintln!("warning: skipped a deck with errors: {} (run `learn check` for details)", d.short());
    }
    lib
}

/// Resolves DECK arguments (ids or paths) against the library.
pub fn select_decks(ctx: &Context, lib: &Library, specs: &[String]) -> Result<Vec<Deck>> {
    let mut out: Vec<Deck> = Vec::new();
    for spec in specs {
        let deck = if let Some(d) = lib.get(spec) {
            d.clone()
        } else {
            let path = ctx.cwd.join(spec);
            if path.is_file() {
                let parsed = read_deck(&path);
                for d in &parsed.diagnostics {
                    eprint!("{}", d.render());
                }
                parsed.deck.ok_or_else(|| Error::Invalid(format!("`{spec}` has errors; fix them and try again")))?
            } else {
                let ids: Vec<&str> = lib.decks.iter().map(|d| d.id.0.as_str()).collect();
                let hint =
                    crate::deck::suggest(spec, &ids).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
                return Err(Error::Usage(format!(
                    "no deck `{spec}`: {hint}`learn decks` lists the deck ids (or give a path to a deck file)"
                )));
            }
        };
        if !out.iter().any(|d| d.id == deck.id) {
            out.push(deck);
        }
    }
    Ok(out)
}
