//! `learn check [PATH...] [--verbose]`: validate deck files; exit 1 on any
//! error. Each file is listed once (a home copy of a bundled deck replaces
//! the bundled one), and a warning repeated across a deck's cards is said
//! once with its count (`--verbose` lists each).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::cli::CheckArgs;
use crate::context::Context;
use crate::deck::{BUNDLED, Deck, Diagnostic, Origin, Parsed, Severity, parse_bytes, read_deck, toml_files};
use crate::error::{Error, Result};
use crate::i18n::{Lang, msg, t, text, tr};
use crate::store::Store;
use crate::text::neutralize;

/// One file to report on: its label as the learner named it, and its parse.
struct Checked {
    label: String,
    parsed: Parsed,
    /// A home deck that takes the place of a bundled deck with its id.
    overrides_bundled: bool,
    /// Where its text is, for placing lint warnings.
    text: DeckText,
}

/// Where a checked deck's text can be read again.
enum DeckText {
    Bundled(&'static str),
    File(PathBuf),
    None,
}

pub(crate) fn run(ctx: &Context, args: &CheckArgs) -> Result<u8> {
    let l = ctx.lang;
    let mut files = if args.paths.is_empty() { home_and_bundled(ctx) } else { named(ctx, &args.paths)? };
    same_id_twice(&mut files);
    let (mut errors, mut warnings, mut bad) = (0, 0, 0);
    for f in &files {
        let (e, w) = report_file(l, f, args.verbose);
        errors += e;
        warnings += w;
        if f.parsed.deck.is_none() || e > 0 {
            bad += 1;
        }
    }
    lint_report(l, &files, args.lint);
    progress_notes(ctx, &files)?;
    let n = files.len();
    println!(
        "{}",
        t!(
            l,
            "checked {files}: {ok} ok, {bad} with errors; {errors}, {warnings}",
            files = count(l, n, msg!("1 file"), msg!("{n} files")),
            ok = n - bad,
            bad = bad,
            errors = count(l, errors, msg!("1 error"), msg!("{n} errors")),
            warnings = count(l, warnings, msg!("1 warning"), msg!("{n} warnings"))
        )
    );
    Ok(if errors > 0 { 1 } else { 0 })
}

/// "1 file" / "3 files" (Vietnamese has one form).
fn count(l: Lang, n: usize, one: &'static str, many: &'static str) -> String {
    if n == 1 { tr(l, one).to_string() } else { crate::i18n::fill(tr(l, many), &[("n", &n)]) }
}

/// With no path: the bundled decks and the home's, each file once.
fn home_and_bundled(ctx: &Context) -> Vec<Checked> {
    let mut home = Vec::new();
    let dir = ctx.paths.decks_dir();
    let (paths, skipped) = match toml_files(&dir) {
        Ok(found) => found,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(e) => (Vec::new(), vec![crate::deck::unreadable_folder(&dir, &e)]),
    };
    for d in skipped {
        home.push(Checked {
            label: d.file.clone(),
            parsed: Parsed { deck: None, diagnostics: vec![d] },
            overrides_bundled: false,
            text: DeckText::None,
        });
    }
    for path in paths {
        home.push(Checked {
            label: path.display().to_string(),
            parsed: read_deck(&path),
            overrides_bundled: false,
            text: DeckText::File(path),
        });
    }
    let home_ids: HashSet<String> =
        home.iter().filter_map(|c| c.parsed.deck.as_ref().map(|d| d.id.to_string())).collect();
    let mut out = Vec::new();
    for (name, text) in BUNDLED {
        let label = t!(ctx.lang, "(bundled) decks/{name}", name = name);
        let parsed = parse_bytes(text.as_bytes(), Origin::Bundled(name), &label);
        if parsed.deck.as_ref().is_some_and(|d| home_ids.contains(d.id.as_str())) {
            continue;
        }
        out.push(Checked { label, parsed, overrides_bundled: false, text: DeckText::Bundled(text) });
    }
    let bundled_ids: HashSet<String> = BUNDLED
        .iter()
        .filter_map(|(_, t)| parse_bytes(t.as_bytes(), Origin::Generated, "").deck.map(|d| d.id.to_string()))
        .collect();
    for mut c in home {
        c.overrides_bundled = c.parsed.deck.as_ref().is_some_and(|d| bundled_ids.contains(d.id.as_str()));
        out.push(c);
    }
    out
}

/// The files and folders named on the command line.
fn named(ctx: &Context, paths: &[PathBuf]) -> Result<Vec<Checked>> {
    let mut out = Vec::new();
    for p in paths {
        let path: PathBuf = if p.is_absolute() { p.clone() } else { ctx.cwd.join(p) };
        if path.is_dir() {
            let (list, skipped) = toml_files(&path).map_err(|e| Error::io(msg!("read the folder"), p, e))?;
            if list.is_empty() && skipped.is_empty() {
                eprintln!(
                    "{}",
                    t!(
                        ctx.lang,
                        "warning: no .toml deck files in `{folder}`",
                        folder = neutralize(&p.display().to_string())
                    )
                );
            }
            for d in skipped {
                out.push(Checked {
                    label: d.file.clone(),
                    parsed: Parsed { deck: None, diagnostics: vec![d] },
                    overrides_bundled: false,
                    text: DeckText::None,
                });
            }
            for f in list {
                let shown = p.join(f.file_name().unwrap_or_default()).display().to_string();
                out.push(Checked {
                    parsed: relabel(read_deck(&f), &shown),
                    label: shown,
                    overrides_bundled: false,
                    text: DeckText::File(f),
                });
            }
        } else {
            let label = p.display().to_string();
            out.push(Checked {
                parsed: relabel(read_deck(&path), &label),
                label,
                overrides_bundled: false,
                text: DeckText::File(path),
            });
        }
    }
    Ok(out)
}

/// Prints a file's problems (repeated warnings grouped unless `verbose`)
/// and its line; returns its errors and warnings.
fn report_file(l: Lang, f: &Checked, verbose: bool) -> (usize, usize) {
    let diags = &f.parsed.diagnostics;
    let e = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let w = diags.len() - e;
    // Warnings of one kind (same message once the card is left out) on
    // several cards are said once.
    let mut groups: HashMap<&'static str, Vec<&Diagnostic>> = HashMap::new();
    for d in diags {
        if d.severity == Severity::Warning && !verbose && d.card.is_some() {
            groups.entry(d.kind()).or_default().push(d);
        }
    }
    let grouped: HashSet<*const Diagnostic> =
        groups.values().filter(|g| g.len() > 2).flatten().map(|d| *d as *const Diagnostic).collect();
    for d in diags {
        if !grouped.contains(&(d as *const Diagnostic)) {
            println!("{}", d.render_in(l));
        }
    }
    let mut kinds: Vec<(&&str, &Vec<&Diagnostic>)> = groups.iter().filter(|(_, g)| g.len() > 2).collect();
    kinds.sort_by_key(|(k, _)| **k);
    for (_, g) in kinds {
        let first = g[0];
        let line = first.location.as_ref().map_or(0, |loc| loc.line);
        println!(
            "{}",
            t!(
                l,
                "warning: {n} cards: {what} (first: card `{card}`, line {line}); `learn check --verbose` lists each",
                n = g.len(),
                what = first.group_text().show(l),
                card = neutralize(first.card.as_deref().unwrap_or("")),
                line = line
            )
        );
        println!();
    }
    let label = neutralize(&f.label);
    let warn =
        if w == 0 { String::new() } else { format!(", {}", count(l, w, msg!("1 warning"), msg!("{n} warnings"))) };
    match &f.parsed.deck {
        Some(deck) if e == 0 => {
            let over =
                if f.overrides_bundled { t!(l, "; replaces the bundled deck with this id") } else { String::new() };
            println!(
                "ok     {label}  ({}, {}{warn}{over})",
                neutralize(deck.id.as_str()),
                count(l, deck.cards.len(), "1 card", "{n} cards")
            );
        }
        _ => println!("{} {label}  ({}{warn})", tr(l, "FAILED"), count(l, e, msg!("1 error"), msg!("{n} errors"))),
    }
    (e, w)
}

/// The linter's warnings: with `--lint` each one and a total, else one
/// line for each deck that has some.
fn lint_report(l: Lang, files: &[Checked], each: bool) {
    let mut total = 0;
    let mut decks = 0;
    for f in files {
        let Some(deck) = &f.parsed.deck else { continue };
        let text = match &f.text {
            DeckText::Bundled(t) => Some((*t).to_string()),
            DeckText::File(p) => std::fs::read_to_string(p).ok(),
            DeckText::None => None,
        };
        let found = crate::lint::lint(deck, &f.label, text.as_deref());
        if found.is_empty() {
            continue;
        }
        total += found.len();
        decks += 1;
        if each {
            for d in &found {
                println!("{}", d.render_in(l));
            }
        } else {
            println!(
                "{}",
                t!(
                    l,
                    "lint: {suggestions} for `{file}`; `learn check --lint` lists them",
                    suggestions = count(l, found.len(), msg!("1 suggestion"), msg!("{n} suggestions")),
                    file = neutralize(&f.label)
                )
            );
        }
    }
    if !each {
        return;
    }
    if total == 0 {
        println!("{}", tr(l, "lint: nothing to suggest"));
    } else {
        println!(
            "{}",
            t!(
                l,
                "lint: {suggestions} in {decks}",
                suggestions = count(l, total, msg!("1 suggestion"), msg!("{n} suggestions")),
                decks = count(l, decks, msg!("1 deck"), msg!("{n} decks"))
            )
        );
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
fn progress_notes(ctx: &Context, files: &[Checked]) -> Result<()> {
    let l = ctx.lang;
    let Some(store) = Store::open_read(&ctx.store)? else { return Ok(()) };
    let decks: Vec<&Deck> = files.iter().filter_map(|f| f.parsed.deck.as_ref()).collect();
    for f in store.flags()? {
        if decks.iter().any(|d| d.progress_key() == f.deck) {
            let note = if f.note.is_empty() { String::new() } else { format!(": {}", neutralize(&f.note)) };
            println!(
                "{}",
                t!(
                    l,
                    "flagged  {deck} / {card}  (by {learner}, {date}){note}",
                    deck = neutralize(&f.deck),
                    card = neutralize(&f.card),
                    learner = neutralize(&f.learner),
                    date = f.time.format("%Y-%m-%d"),
                    note = note
                )
            );
        }
    }
    // Editions sharing a progress key share their items' progress.
    let mut items: HashMap<&str, HashSet<String>> = HashMap::new();
    for d in &decks {
        items.entry(d.progress_key()).or_default().extend(d.cards.outlines().flat_map(|c| c.item_ids()));
    }
    let mut orphans = 0;
    for (deck_id, item) in store.known_cards()? {
        let Some(ids) = items.get(deck_id.as_str()) else { continue };
        if !ids.contains(&item) {
            orphans += 1;
            println!(
                "{}",
                t!(
                    l,
                    "orphaned {deck} / {card}  (has progress but is no longer in the deck; history kept)",
                    deck = neutralize(&deck_id),
                    card = neutralize(&item)
                )
            );
        }
    }
    if orphans > 0 {
        println!(
            "{}",
            if orphans == 1 {
                t!(
                    l,
                    "1 card with progress is no longer in its deck; restore the card id to pick its progress up again"
                )
            } else {
                t!(
                    l,
                    "{n} cards with progress are no longer in their decks; restore the card ids to pick their progress up again",
                    n = orphans
                )
            }
        );
    }
    Ok(())
}

/// Two deck files with one id: the later one would be skipped when loading.
fn same_id_twice(files: &mut [Checked]) {
    let mut seen: HashMap<String, String> = HashMap::new();
    for f in files.iter_mut() {
        let Some(deck) = &f.parsed.deck else { continue };
        if matches!(deck.origin, Origin::Bundled(_)) {
            continue;
        }
        if let Some(first) = seen.get(deck.id.as_str()) {
            let d = Diagnostic::error(
                &f.label,
                text!("deck id `{id}` is also used by `{other}`", id = deck.id.as_str(), other = first.as_str()),
            )
            .help(text!("give one of the decks another `id` in its [deck] table; only one would load"));
            f.parsed.diagnostics.push(d);
            f.parsed.deck = None;
        } else {
            seen.insert(deck.id.to_string(), f.label.clone());
        }
    }
}
