//! `learn import FILE...`: convert each file to a validated TOML deck in
//! `<home>/decks/<id>.toml`, report what changed, and write atomically —
//! or write nothing at all when anything is wrong.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::context::Context;
use crate::deck::{BUNDLED, Card, Deck, Origin, parse_bytes, parse_str};
use crate::error::{Error, Result};
use crate::import::{self, Converted, Format, ImportError, Skipped};

/// The first line of a deck written by `learn import`: it names the source,
/// so a later import of the same file may update the deck.
fn marker(source_name: &str) -> String {
    format!("Imported by `learn import` from `{source_name}`; import that file again to update this deck.")
}

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<u8> {
    let mut failed = 0;
    for file in &args.files {
        match import_one(ctx, args, file) {
            Ok(()) => {}
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    if failed > 0 {
        return Err(Error::Invalid(String::new()));
    }
    Ok(0)
}

fn import_one(ctx: &Context, args: &ImportArgs, file: &Path) -> Result<()> {
    let path = if file.is_absolute() { file.to_path_buf() } else { ctx.cwd.join(file) };
    let shown = file.display().to_string();
    let fail = |msg: String| Error::Usage(format!("could not import `{shown}`: {msg}; nothing was written"));
    let meta = std::fs::metadata(&path).map_err(|e| Error::io("read", file, e))?;
    if !meta.is_file() {
        return Err(fail("it is not a file".into()));
    }
    let limit = (args.max_size * 1024.0 * 1024.0) as u64;
    if meta.len() > limit {
        return Err(fail(format!(
            "it is {:.1} MB and the limit is {} MB; split it into several decks, or raise the limit with --max-size",
            meta.len() as f64 / 1024.0 / 1024.0,
            args.max_size
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", file, e))?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone());
    let stem = path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "imported".into());
    let format = match args.format.as_deref() {
        None | Some("auto") => Format::detect(&file_name, &bytes),
        Some(f) => Format::from_name(f)
            .ok_or_else(|| Error::Usage(format!("unknown --format `{f}`; use auto, toml, csv, tsv or markdown")))?,
    };
    let located = |e: ImportError| fail(e.to_string());
    let (deck, text, skipped, notes, from_import) = match format {
        Format::Toml => {
            let parsed = parse_bytes(&bytes, Origin::File(path.clone()), &shown);
            for d in &parsed.diagnostics {
                eprint!("{}", d.render());
            }
            let Some(deck) = parsed.deck else {
                return Err(fail("the deck has errors (shown above)".into()));
            };
            if let Some(id) = &args.deck_id
                && *id != deck.id.0
            {
                return Err(fail(format!(
                    "a TOML deck keeps its own id (`{}`); change `id` in its [deck] table instead of --deck-id",
                    deck.id
                )));
            }
            (deck, String::from_utf8_lossy(&bytes).into_owned(), Vec::new(), Vec::new(), false)
        }
        Format::Anki => {
            return Err(fail("Anki packages (.apkg) are not supported in this version; export the deck from Anki as \"Notes in Plain Text\" and import that".into()));
        }
        Format::Csv | Format::Tsv | Format::Markdown => {
            let mut bar = crate::ui::progress_bar(bytes.len() as u64);
            let mut tick = |done: usize| {
                if let Some(b) = &mut bar {
                    b.set_position(done as u64);
                }
            };
            let conv: Converted = match format {
                Format::Markdown => import::parse_markdown(&bytes).map_err(located)?,
                Format::Tsv => import::parse_tabular(&bytes, Some(b'\t'), &mut tick).map_err(located)?,
                _ => import::parse_tabular(&bytes, None, &mut tick).map_err(located)?,
            };
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            if conv.cards.len() > import::MAX_CARDS {
                return Err(fail(format!("it holds {} cards; the limit is {}", conv.cards.len(), import::MAX_CARDS)));
            }
            if conv.cards.is_empty() {
                let why = conv.skipped.first().map(|s| format!(" (line {}: {})", s.line, s.reason)).unwrap_or_default();
                return Err(fail(format!("no cards found{why}")));
            }
            let id = args.deck_id.clone().or(conv.id.clone()).unwrap_or_else(|| import::slug(&stem));
            let name = args.name.clone().or(conv.name.clone()).unwrap_or_else(|| stem.clone());
            let notes = conv.notes.clone();
            let (deck, text, skipped) = import::build_deck(conv, id, name, &[marker(&file_name)]).map_err(located)?;
            if deck.cards.is_empty() {
                let why = skipped.first().map(|s| format!(" (line {}: {})", s.line, s.reason)).unwrap_or_default();
                return Err(fail(format!("no card could be imported{why}")));
            }
            (deck, text, skipped, notes, true)
        }
    };
    let decks_dir = ctx.paths.decks_dir();
    let target = decks_dir.join(format!("{}.toml", deck.id));
    let shown_target = format!("decks/{}.toml", deck.id);
    // Never overwrite a deck that came from somewhere else without --replace.
    let bundled =
        BUNDLED.iter().any(|(_, t)| parse_str(t, Origin::Bundled(""), "").deck.is_some_and(|d| d.id == deck.id));
    let existing = std::fs::read(&target).ok();
    if !args.replace {
        if bundled && existing.is_none() {
            return Err(fail(format!(
                "`{}` is the id of a bundled deck; choose another with --deck-id, or pass --replace to override the bundled deck in this home",
                deck.id
            )));
        }
        if let Some(old) = &existing {
            let old_text = String::from_utf8_lossy(old);
            let same_source =
                from_import && old_text.lines().next().is_some_and(|l| l == format!("# {}", marker(&file_name)));
            if !same_source && old_text != text {
                return Err(fail(format!(
                    "`{shown_target}` already exists and was not imported from `{file_name}`; choose another id with --deck-id, or pass --replace to overwrite it"
                )));
            }
        }
    }
    let old_deck = existing.as_ref().and_then(|b| parse_bytes(b, Origin::File(target.clone()), "").deck);
    let plan = Plan::between(old_deck.as_ref(), &deck);
    let unchanged_file = existing.as_deref() == Some(text.as_bytes());
    println!(
        "{shown} → {shown_target}  (deck `{}`, {} card{})",
        deck.id,
        deck.cards.len(),
        if deck.cards.len() == 1 { "" } else { "s" }
    );
    println!(
        "  added {}, changed {}, unchanged {}, removed {}",
        plan.added.len(),
        plan.changed.len(),
        plan.unchanged,
        plan.removed.len()
    );
    for id in &plan.removed {
        println!("  removed: {id} (no longer in the source; its progress is kept)");
    }
    report_skipped(&skipped);
    for n in &notes {
        println!("  note: {n}");
    }
    if args.dry_run {
        println!("  dry run: nothing written");
        return Ok(());
    }
    if unchanged_file {
        println!("  nothing to write: the deck is already up to date");
        return Ok(());
    }
    write_atomic(&decks_dir, &target, text.as_bytes())?;
    println!("  written");
    Ok(())
}

fn report_skipped(skipped: &[Skipped]) {
    if skipped.is_empty() {
        return;
    }
    println!("  skipped {} row{}:", skipped.len(), if skipped.len() == 1 { "" } else { "s" });
    for s in skipped {
        println!("    line {}: {}", s.line, s.reason);
    }
}

/// What an import changes, by card id.
#[derive(Debug, Default)]
struct Plan {
    added: Vec<String>,
    changed: Vec<String>,
    unchanged: usize,
    removed: Vec<String>,
}

impl Plan {
    fn between(old: Option<&Deck>, new: &Deck) -> Plan {
        let mut p = Plan::default();
        let before: HashMap<&str, &Card> =
            old.map(|d| d.cards.iter().map(|c| (c.id.0.as_str(), c)).collect()).unwrap_or_default();
        for c in &new.cards {
            match before.get(c.id.0.as_str()) {
                None => p.added.push(c.id.0.clone()),
                Some(o) if o.content == c.content && o.explanation == c.explanation && o.tags == c.tags => {
                    p.unchanged += 1
                }
                Some(_) => p.changed.push(c.id.0.clone()),
            }
        }
        if let Some(old) = old {
            let now: std::collections::HashSet<&str> = new.cards.iter().map(|c| c.id.0.as_str()).collect();
            p.removed = old.cards.iter().filter(|c| !now.contains(c.id.0.as_str())).map(|c| c.id.0.clone()).collect();
        }
        p
    }
}

/// Temp file in the same folder, fsync, rename, fsync the folder.
fn write_atomic(dir: &Path, target: &PathBuf, bytes: &[u8]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create the folder", dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".import-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a file in", dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io("write", target, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io("write", target, e))?;
    tmp.persist(target).map_err(|e| Error::io("write", target, e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
