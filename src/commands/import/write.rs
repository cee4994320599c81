//! Checking for conflicts before anything is written, then writing each
//! deck atomically (and its media and progress), reporting what changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Prepared, Source, marker};
use crate::cli::ImportArgs;
use crate::context::Context;
use crate::deck::{BUNDLED, Card, Deck, Origin, parse_bytes, parse_str};
use crate::error::{Error, Result};
use crate::i18n::{Lang, msg, t, tr};
use crate::import::{self, Skipped};

/// Each deck's target file and its current bytes. Refuses (before anything
/// is written) to overwrite a deck that came from elsewhere, or to shadow a
/// bundled deck, unless `--replace`.
pub(super) fn check_conflicts(
    ctx: &Context,
    args: &ImportArgs,
    src: &Source,
    prepared: &[Prepared],
) -> Result<Vec<(PathBuf, Option<Vec<u8>>)>> {
    let decks_dir = ctx.paths.decks_dir();
    let bundled_ids: Vec<String> = BUNDLED
        .iter()
        .filter_map(|(_, t)| parse_str(t, Origin::Generated, "").deck.map(|d| d.id.to_string()))
        .collect();
    // Decks already in the home under another file name: one with the same
    // id would load instead of the imported one (the first file wins).
    let home: Vec<(String, PathBuf)> = crate::deck::toml_files(&decks_dir)
        .map(|(files, _)| files)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| crate::deck::read_deck(&f).deck.map(|d| (d.id.to_string(), f)))
        .collect();
    let mut existing = Vec::new();
    for p in prepared {
        let target = decks_dir.join(format!("{}.toml", p.deck.id));
        if let Some((_, other)) = home.iter().find(|(id, f)| *id == p.deck.id.as_str() && *f != target) {
            return Err(src.fail(t!(
                src.lang,
                "deck id `{id}` is already used by `{file}`, which would load instead of the imported deck; choose another id with --deck-id, or rename or remove that file",
                id = p.deck.id,
                file = crate::text::neutralize(&other.display().to_string())
            )));
        }
        let old = std::fs::read(&target).ok();
        if !args.replace {
            if bundled_ids.iter().any(|b| p.deck.id == *b.as_str()) && old.is_none() {
                return Err(src.fail(t!(
                    src.lang,
                    "`{id}` is the id of a bundled deck; choose another with --deck-id, or pass --replace to override the bundled deck in this home",
                    id = p.deck.id
                )));
            }
            if let Some(old) = &old {
                let old_text = String::from_utf8_lossy(old);
                let same_source =
                    p.from_import && old_text.lines().next().is_some_and(|l| l == format!("# {}", marker(&src.name)));
                if !same_source && old_text != p.text {
                    return Err(src.fail(t!(
                        src.lang,
                        "`decks/{id}.toml` already exists and was not imported from `{file}`; choose another id with --deck-id, or pass --replace to overwrite it",
                        id = p.deck.id,
                        file = crate::text::neutralize(&src.name)
                    )));
                }
            }
        }
        existing.push((target, old));
    }
    Ok(existing)
}

/// Reports and writes every prepared deck (nothing with --dry-run).
pub(super) fn write_all(
    ctx: &Context,
    args: &ImportArgs,
    src: &Source,
    prepared: &[Prepared],
    existing: Vec<(PathBuf, Option<Vec<u8>>)>,
) -> Result<()> {
    let decks_dir = ctx.paths.decks_dir();
    let mut store = if args.with_progress && !args.dry_run {
        ctx.paths.ensure()?;
        Some(crate::store::Store::open(&ctx.store)?)
    } else {
        None
    };
    let l = ctx.lang;
    for (p, (target, old)) in prepared.iter().zip(existing) {
        report(l, src, p, old.as_deref(), &target);
        if args.dry_run {
            println!("  {}", tr(l, "dry run: nothing written"));
            continue;
        }
        if old.as_deref() == Some(p.text.as_bytes()) {
            println!("  {}", tr(l, "nothing to write: the deck is already up to date"));
        } else {
            std::fs::create_dir_all(&decks_dir).map_err(|e| Error::io(msg!("create the folder"), &decks_dir, e))?;
            crate::fsutil::write_atomic(&target, p.text.as_bytes()).map_err(|e| Error::write(&target, e))?;
            // The parse cache is filled now, so the first session after an
            // import does not parse the deck (a cache that cannot be written
            // only means it is parsed then).
            if let Some(cache) = ctx.paths.deck_cache() {
                let _ = crate::deck::read_deck_cached(&target, &cache);
            }
            println!("  {}", tr(l, "written"));
        }
        if !p.media.is_empty() {
            write_media(&decks_dir.join(format!("{}.media", p.deck.id)), &p.media)?;
        }
        if let Some(store) = store.as_mut() {
            let n = import_progress(ctx, store, p)?;
            let learner = crate::text::neutralize(&ctx.learner);
            println!(
                "  {}",
                if n == 0 {
                    t!(l, "progress: nothing new to bring over for learner `{learner}`", learner = learner)
                } else if n == 1 {
                    t!(l, "progress: 1 studied card brought over for learner `{learner}`", learner = learner)
                } else {
                    t!(l, "progress: {n} studied cards brought over for learner `{learner}`", n = n, learner = learner)
                }
            );
        }
    }
    Ok(())
}

/// What this import changes in one deck.
fn report(l: Lang, src: &Source, p: &Prepared, old: Option<&[u8]>, target: &Path) {
    let old_deck = old.and_then(|b| parse_bytes(b, Origin::File(target.to_path_buf()), "").deck);
    let diff = ImportDiff::between(old_deck.as_ref(), &p.deck);
    let n = p.deck.cards.len();
    let cards = if n == 1 { t!(l, "1 card") } else { t!(l, "{n} cards", n = n) };
    println!(
        "{}",
        t!(
            l,
            "{file} → decks/{id}.toml  (deck `{id}`, {cards})",
            file = crate::text::neutralize(&src.shown),
            id = p.deck.id,
            cards = cards
        )
    );
    println!(
        "  {}",
        t!(
            l,
            "added {added}, changed {changed}, unchanged {unchanged}, removed {removed}",
            added = diff.added.len(),
            changed = diff.changed.len(),
            unchanged = diff.unchanged,
            removed = diff.removed.len()
        )
    );
    for id in &diff.removed {
        println!(
            "  {}",
            t!(l, "removed: {id} (no longer in the source; its progress is kept)", id = crate::text::neutralize(id))
        );
    }
    report_skipped(l, p);
    for n in &p.notes {
        println!("  {}", t!(l, "note: {note}", note = n.show(l)));
    }
}

/// The Anki cards' states, computed for the answers to come, into the store.
fn import_progress(ctx: &Context, store: &mut crate::store::Store, p: &Prepared) -> Result<usize> {
    let sched = crate::schedule::Scheduler::new(ctx.config.settings_for(p.deck.id.as_str()).clone()).map_err(|e| {
        Error::Config(t!(ctx.lang, "scheduler settings for `{deck}`: {problem}", deck = p.deck.id, problem = e))
    })?;
    let cards = import::anki::imported_progress(&p.deck, &p.progress, &sched);
    Ok(crate::ui::with_store_lock(|| store.import_progress(&ctx.learner, p.deck.id.as_str(), &cards))?)
}

/// Media go to `<deck>.media/`: a temporary folder first, then renamed, so a
/// failure leaves no half-copied folder. Names were checked (no `..`, no
/// separators) when the package was read.
fn write_media(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".media-")
        .tempdir_in(parent)
        .map_err(|e| Error::io(msg!("create a folder in"), parent, e))?;
    if dir.exists() {
        for e in std::fs::read_dir(dir).map_err(|e| Error::io(msg!("read the folder"), dir, e))?.flatten() {
            let _ = std::fs::copy(e.path(), tmp.path().join(e.file_name()));
        }
    }
    for (name, bytes) in files {
        if !import::anki::safe_media_name(name) {
            continue;
        }
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).map_err(|e| Error::io(msg!("write"), &p, e))?;
    }
    let kept = tmp.keep();
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(msg!("replace the folder"), dir, e))?;
    }
    std::fs::rename(&kept, dir).map_err(|e| Error::io(msg!("create the folder"), dir, e))?;
    Ok(())
}

/// What was left out, by line ("rows" of a table, "blocks" of Markdown).
fn report_skipped(l: Lang, p: &Prepared) {
    let skipped: &[Skipped] = &p.skipped;
    if skipped.is_empty() {
        return;
    }
    let n = skipped.len();
    let head = match (p.markdown, n) {
        (true, 1) => t!(l, "skipped 1 card:"),
        (true, n) => t!(l, "skipped {n} cards:", n = n),
        (false, 1) => t!(l, "skipped 1 row:"),
        (false, n) => t!(l, "skipped {n} rows:", n = n),
    };
    println!("  {head}");
    for s in skipped {
        println!("    {}", t!(l, "line {line}: {message}", line = s.line, message = s.reason.show(l)));
    }
}

/// What an import changes, by card id.
#[derive(Debug, Default)]
struct ImportDiff {
    added: Vec<String>,
    changed: Vec<String>,
    unchanged: usize,
    removed: Vec<String>,
}

impl ImportDiff {
    fn between(old: Option<&Deck>, new: &Deck) -> ImportDiff {
        let mut p = ImportDiff::default();
        let before: HashMap<&str, &Card> =
            old.map(|d| d.cards.iter().map(|c| (c.id.as_str(), c)).collect()).unwrap_or_default();
        for c in &new.cards {
            match before.get(c.id.as_str()) {
                None => p.added.push(c.id.to_string()),
                Some(o) if o.content == c.content && o.explanation == c.explanation && o.tags == c.tags => {
                    p.unchanged += 1
                }
                Some(_) => p.changed.push(c.id.to_string()),
            }
        }
        if let Some(old) = old {
            let now: std::collections::HashSet<&str> = new.cards.iter().map(|c| c.id.as_str()).collect();
            p.removed = old.cards.iter().filter(|c| !now.contains(c.id.as_str())).map(|c| c.id.to_string()).collect();
        }
        p
    }
}
