//! One module per subcommand: the only layer that wires decks, store,
//! engine, session and terminal together.

pub(crate) mod admin;
pub(crate) mod check;
pub(crate) mod decks;
pub(crate) mod export;
pub(crate) mod flags;
pub(crate) mod generate;
pub(crate) mod import;
pub(crate) mod optimize;
pub(crate) mod paths;
pub(crate) mod report;
pub(crate) mod stats;
pub(crate) mod study;

use crate::context::Context;
use crate::deck::{Deck, Library, Origin, Severity, read_deck};
use crate::error::{Error, Result};
use crate::i18n::t;

/// Loads the library and prints the problems of skipped decks to stderr.
pub(crate) fn load_library(ctx: &Context) -> Library {
    let lib = Library::load(&ctx.paths.decks_dir(), ctx.paths.deck_cache().as_deref());
    // One line per skipped deck file, with its first problem.
    let mut said: Vec<&str> = Vec::new();
    for d in &lib.diagnostics {
        match d.severity {
            Severity::Error if said.contains(&d.file.as_str()) => {}
            Severity::Error => {
                said.push(&d.file);
                let errors =
                    lib.diagnostics.iter().filter(|o| o.file == d.file && o.severity == Severity::Error).count();
                let problem = d.short_in(ctx.lang);
                eprintln!(
                    "{}",
                    if errors == 1 {
                        t!(
                            ctx.lang,
                            "warning: skipped a deck with an error: {problem} (`learn check` shows it)",
                            problem = problem
                        )
                    } else {
                        t!(
                            ctx.lang,
                            "warning: skipped a deck with {n} errors, the first: {problem} (`learn check` shows them all)",
                            n = errors,
                            problem = problem
                        )
                    }
                );
            }
            // A deck file that is not one (a folder, a pipe) is said too.
            Severity::Warning
                if d.card.is_none()
                    && d.location.is_none()
                    && !lib.diagnostics.iter().any(|o| o.file == d.file && o.severity == Severity::Error) =>
            {
                eprintln!("{}", d.short_in(ctx.lang));
            }
            Severity::Warning => {}
        }
    }
    lib
}

/// Where decks studied by path live (`learn run my-deck.toml`), so `learn
/// decks` lists them and `learn run ID` finds them.
fn remembered_file(ctx: &Context) -> std::path::PathBuf {
    ctx.paths.progress_dir().join("deck-paths.tsv")
}

/// Decks studied by path: id and file.
pub(crate) fn remembered_decks(ctx: &Context) -> Vec<(String, std::path::PathBuf)> {
    let text = std::fs::read_to_string(remembered_file(ctx)).unwrap_or_default();
    text.lines().filter_map(|l| l.split_once('\t')).map(|(id, p)| (id.to_string(), p.into())).collect()
}

/// Remembers the decks of a session that were read from a path outside
/// the home's `decks/` (written only where the home has a `progress/`).
pub(crate) fn remember_decks(ctx: &Context, decks: &[Deck]) {
    let mut known = remembered_decks(ctx);
    let before = known.len();
    for d in decks {
        let Origin::File(path) = &d.origin else { continue };
        if path.parent() == Some(ctx.paths.decks_dir().as_path()) || known.iter().any(|(id, _)| id == d.id.as_str()) {
            continue;
        }
        let path = path.canonicalize().unwrap_or_else(|_| path.clone());
        known.push((d.id.to_string(), path));
    }
    if known.len() != before && ctx.paths.progress_dir().is_dir() {
        let text: String = known.iter().map(|(id, p)| format!("{id}\t{}\n", p.display())).collect();
        let _ = crate::fsutil::write_atomic(&remembered_file(ctx), text.as_bytes());
    }
}

/// Resolves DECK arguments (ids or paths), taking the decks out of the
/// library rather than copying them (a deck may hold 100 000 cards). An id
/// the library does not know may be a deck studied by path before.
pub(crate) fn select_decks(ctx: &Context, mut lib: Library, specs: &[String]) -> Result<Vec<Deck>> {
    let mut out: Vec<Deck> = Vec::new();
    let remembered = remembered_decks(ctx);
    for spec in specs {
        if out.iter().any(|d| d.id.as_str() == *spec) {
            continue;
        }
        if let Some(pos) = lib.decks.iter().position(|d| d.id.as_str() == *spec) {
            out.push(lib.decks.swap_remove(pos));
            continue;
        }
        let path = match remembered.iter().find(|(id, _)| id == spec) {
            Some((_, p)) => p.clone(),
            None => ctx.cwd.join(spec),
        };
        if !path.is_file() {
            let ids: Vec<&str> = lib.decks.iter().chain(&out).map(|d| d.id.as_str()).collect();
            let hint = crate::deck::suggest(spec, &ids)
                .map(|s| t!(ctx.lang, "did you mean `{name}`? ", name = s))
                .unwrap_or_default();
            return Err(Error::Usage(t!(
                ctx.lang,
                "no deck `{spec}`: {hint}`learn decks` lists the deck ids (or give a path to a deck file)",
                spec = crate::text::neutralize(spec),
                hint = hint
            )));
        }
        let parsed = read_deck(&path);
        for d in &parsed.diagnostics {
            eprint!("{}", d.render_in(ctx.lang));
        }
        let deck = parsed.deck.ok_or_else(|| {
            Error::Invalid(t!(
                ctx.lang,
                "`{spec}` has errors; fix them and try again",
                spec = crate::text::neutralize(spec)
            ))
        })?;
        if !out.iter().any(|d| d.id == deck.id) {
            out.push(deck);
        }
    }
    Ok(out)
}
