//! `learn check [PATH...]`: validate deck files; exit 1 on any error.

use std::path::PathBuf;

use crate::cli::CheckArgs;
use crate::context::Context;
use crate::deck::{BUNDLED, Deck, Origin, Parsed, Severity, parse_bytes, read_deck, toml_files};
use crate::error::{Error, Result};
use crate::store::Store;

pub(crate) fn run(ctx: &Context, args: &CheckArgs) -> Result<u8> {
    let mut files: Vec<(String, Parsed)> = Vec::new();
    if args.paths.is_empty() {
        for (name, text) in BUNDLED {
            let label = format!("(bundled) decks/{name}");
            files.push((label.clone(), parse_bytes(text.as_bytes(), Origin::Bundled(name), &label)));
        }
        let dir = ctx.paths.decks_dir();
        for path in toml_files(&dir).unwrap_or_default() {
            files.push((path.display().to_string(), read_deck(&path)));
        }
    } else {
        for p in &args.paths {
            let path: PathBuf = if p.is_absolute() { p.clone() } else { ctx.cwd.join(p) };
            if path.is_dir() {
                let list = toml_files(&path).map_err(|e| Error::io("read the folder", p, e))?;
                if list.is_empty() {
                    eprintln!("warning: no .toml deck files in `{}`", p.display());
                }
                for f in list {
                    let shown = p.join(f.file_name().unwrap_or_default());
                    files.push((shown.display().to_string(), relabel(read_deck(&f), &shown.display().to_string())));
                }
            } else {
                let label = p.display().to_string();
                files.push((label.clone(), relabel(read_deck(&path), &label)));
            }
        }
    }
    same_id_twice(&mut files);
    let (mut errors, mut warnings, mut bad) = (0, 0, 0);
    for (label, parsed) in &files {
        for d in &parsed.diagnostics {
            print!("{}", d.render());
            println!();
        }
        let e = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let w = parsed.diagnostics.len() - e;
        errors += e;
        warnings += w;
        match &parsed.deck {
            Some(deck) if e == 0 => {
                let n = deck.cards.len();
                println!("ok     {label}  ({}, {n} card{}{})", deck.id, if n == 1 { "" } else { "s" }, plural_warn(w))
            }
            _ => {
                bad += 1;
                println!("FAILED {label}  ({} error{}{})", e, if e == 1 { "" } else { "s" }, plural_warn(w));
            }
        }
    }
    progress_notes(ctx, &files)?;
    println!(
        "checked {} file{}: {} ok, {} with errors; {} error{}, {} warning{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        files.len() - bad,
        bad,
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    );
    Ok(if errors > 0 { 1 } else { 0 })
}

fn plural_warn(w: usize) -> String {
    match w {
        0 => String::new(),
        1 => ", 1 warning".into(),
        n => format!(", {n} warnings"),
    }
}

/// Shows the path the way the user wrote it, not the absolute one.
fn relabel(mut parsed: Parsed, label: &str) -> Parsed {
    for d in &mut parsed.diagnostics {
        d.file = label.to_string();
    }
    parsed
}

/// Flagged cards and orphaned progress, from the store when there is one.
/// Notes only: they never fail the check.
fn progress_notes(ctx: &Context, files: &[(String, Parsed)]) -> Result<()> {
    let Some(store) = Store::open_existing(&ctx.paths.store_file())? else { return Ok(()) };
    let decks: Vec<&Deck> = files.iter().filter_map(|(_, p)| p.deck.as_ref()).collect();
    for f in store.flags()? {
        if decks.iter().any(|d| d.progress_key() == f.deck) {
            let note =
                if f.note.is_empty() { String::new() } else { format!(": {}", crate::text::neutralize(&f.note)) };
            println!("flagged  {} / {}  (by {}, {}){note}", f.deck, f.card, f.learner, f.time.format("%Y-%m-%d"));
        }
    }
    let mut orphans = 0;
    // Item ids per deck, computed once (a deck can hold 100 000 cards).
    // Editions sharing a progress key share their items' progress.
    let mut items: std::collections::HashMap<&str, std::collections::HashSet<String>> =
        std::collections::HashMap::new();
    for d in &decks {
        items.entry(d.progress_key()).or_default().extend(d.items().into_iter().map(|(_, it)| it.card_id.to_string()));
    }
    for (deck_id, item) in store.known_cards()? {
        let Some(ids) = items.get(deck_id.as_str()) else { continue };
        if !ids.contains(&item) {
            orphans += 1;
            println!("orphaned {deck_id} / {item}  (has progress but is no longer in the deck; history kept)");
        }
    }
    if orphans > 0 {
        println!(
            "{orphans} card{} with progress no longer in {}; restore the card id to pick its progress up again",
            if orphans == 1 { "" } else { "s" },
            if orphans == 1 { "its deck" } else { "their decks" }
        );
    }
    Ok(())
}

/// Two deck files with one id: the later one would be skipped when loading.
fn same_id_twice(files: &mut [(String, Parsed)]) {
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for (label, parsed) in files.iter_mut() {
        let Some(deck) = &parsed.deck else { continue };
        if matches!(deck.origin, Origin::Bundled(_)) {
            continue;
        }
        if let Some(first) = seen.get(deck.id.as_str()) {
            parsed.diagnostics.push(crate::deck::Diagnostic {
                severity: Severity::Error,
                file: label.clone(),
                location: None,
                card: None,
                message: format!("deck id `{}` is also used by `{first}`", deck.id),
                help: Some("give one of the decks another `id` in its [deck] table; only one would load".into()),
                related: vec![],
            });
            parsed.deck = None;
        } else {
            seen.insert(deck.id.to_string(), label.clone());
        }
    }
}
