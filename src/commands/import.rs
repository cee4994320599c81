//! `learn import FILE...`: convert each file to a validated TOML deck in
//! `<home>/decks/<id>.toml`, report what changed, and write atomically —
//! or write nothing at all when anything is wrong.

use std::collections::HashMap;
use std::path::Path;

use crate::cli::ImportArgs;
use crate::context::Context;
use crate::deck::{BUNDLED, Card, Deck, Origin, parse_bytes, parse_str};
use crate::error::{Error, Result};
use crate::import::{self, Format, ImportDraft, ImportError, Skipped};

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
        return Err(Error::Reported { count: failed });
    }
    Ok(0)
}

/// One deck ready to be written.
struct Prepared {
    deck: Deck,
    text: String,
    skipped: Vec<Skipped>,
    notes: Vec<String>,
    /// Written by `learn import` (else a TOML deck installed as it is).
    from_import: bool,
    media: Vec<(String, Vec<u8>)>,
    progress: Vec<import::anki::CardProgress>,
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
        Some(f) => Format::from_name(f).ok_or_else(|| {
            Error::Usage(format!("unknown --format `{f}`; use auto, toml, csv, tsv, markdown or anki"))
        })?,
    };
    if args.with_progress && format != Format::Anki {
        return Err(Error::Usage("--with-progress is for Anki packages (.apkg, .colpkg)".into()));
    }
    let located = |e: ImportError| fail(e.to_string());
    let header = [marker(&file_name)];
    let prepared: Vec<Prepared> = match format {
        Format::Toml => {
            let parsed = parse_bytes(&bytes, Origin::File(path.clone()), &shown);
            for d in &parsed.diagnostics {
                eprint!("{}", d.render());
            }
            let Some(deck) = parsed.deck else {
                return Err(fail("the deck has errors (shown above)".into()));
            };
            if let Some(id) = &args.deck_id
                && *id != deck.id.as_str()
            {
                return Err(fail(format!(
                    "a TOML deck keeps its own id (`{}`); change `id` in its [deck] table instead of --deck-id",
                    deck.id
                )));
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            vec![Prepared {
                deck,
                text,
                skipped: Vec::new(),
                notes: Vec::new(),
                from_import: false,
                media: Vec::new(),
                progress: Vec::new(),
            }]
        }
        Format::Anki => {
            let mut package =
                import::anki::read_package(&bytes, import::anki::PackageLimits::default()).map_err(located)?;
            if package.decks.iter().all(|d| d.cards.is_empty()) {
                return Err(fail("the package holds no notes".into()));
            }
            let mut notes: Vec<String> = package
                .other_types
                .iter()
                .map(|(t, n)| format!("{n} note(s) of type `{t}` imported as basic cards: first field as the question, the rest as the answer"))
                .collect();
            let decks = if args.merge_subdecks && package.decks.len() > 1 {
                notes.push(format!(
                    "{} Anki decks merged into one; each card is tagged with its Anki deck (`anki-deck::Name`)",
                    package.decks.len()
                ));
                let mut one = import::anki::AnkiDeck {
                    name: package.decks[0].name.split("::").next().unwrap_or("Anki").to_string(),
                    ..Default::default()
                };
                for d in std::mem::take(&mut package.decks) {
                    let offset = one.cards.len();
                    let tag = format!("anki-deck::{}", d.name.replace(' ', "_"));
                    one.cards.extend(d.cards.into_iter().map(|mut c| {
                        c.tags.push(tag.clone());
                        c
                    }));
                    one.progress.extend(d.progress.into_iter().map(|mut p| {
                        p.card += offset;
                        p
                    }));
                    for m in d.media {
                        if !one.media.contains(&m) {
                            one.media.push(m);
                        }
                    }
                }
                vec![one]
            } else {
                std::mem::take(&mut package.decks)
            };
            let decks: Vec<_> = decks.into_iter().filter(|d| !d.cards.is_empty()).collect();
            if decks.len() > 1 && (args.deck_id.is_some() || args.name.is_some()) {
                return Err(fail(format!(
                    "the package holds {} decks ({}); --deck-id and --name apply to one deck: add --merge-subdecks",
                    decks.len(),
                    decks.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join(", ")
                )));
            }
            let mut out = Vec::new();
            for d in decks {
                let conv = ImportDraft {
                    name: Some(d.name.clone()),
                    source: Some(format!("Anki deck `{}` ({file_name})", d.name)),
                    cards: d.cards,
                    ..ImportDraft::default()
                };
                let id = args.deck_id.clone().unwrap_or_else(|| import::slug(&d.name.replace("::", "-")));
                let name = args.name.clone().unwrap_or_else(|| d.name.clone());
                let (deck, text, skipped) = import::build_deck(conv, id, name, &header).map_err(located)?;
                let media: Vec<(String, Vec<u8>)> =
                    d.media.iter().filter_map(|m| package.media.get(m).map(|b| (m.clone(), b.clone()))).collect();
                let missing = d.media.len() - media.len();
                let mut deck_notes = notes.clone();
                if !media.is_empty() || missing > 0 {
                    deck_notes.push(format!(
                        "{} media file(s) copied to decks/{}.media/{}",
                        media.len(),
                        deck.id,
                        if missing > 0 {
                            format!(" ({missing} referenced but not in the package)")
                        } else {
                            String::new()
                        }
                    ));
                }
                out.push(Prepared {
                    deck,
                    text,
                    skipped,
                    notes: deck_notes,
                    from_import: true,
                    media,
                    progress: d.progress,
                });
            }
            let has_history = out.iter().any(|p| p.progress.iter().any(|c| !c.reviews.is_empty()));
            if !args.with_progress
                && has_history
                && let Some(p) = out.first_mut()
            {
                p.notes.push("the package has review history; add --with-progress to bring it over".into());
            }
            out
        }
        Format::Csv | Format::Tsv | Format::Markdown => {
            let mut bar = crate::ui::progress_bar(bytes.len() as u64);
            let mut tick = |done: usize| {
                if let Some(b) = &mut bar {
                    b.set_position(done as u64);
                }
            };
            let conv: ImportDraft = match format {
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
            let (deck, text, skipped) = import::build_deck(conv, id, name, &header).map_err(located)?;
            if deck.cards.is_empty() {
                let why = skipped.first().map(|s| format!(" (line {}: {})", s.line, s.reason)).unwrap_or_default();
                return Err(fail(format!("no card could be imported{why}")));
            }
            vec![Prepared { deck, text, skipped, notes, from_import: true, media: Vec::new(), progress: Vec::new() }]
        }
    };

    // Check every deck before writing any: a conflict leaves everything as it was.
    let decks_dir = ctx.paths.decks_dir();
    let bundled_ids: Vec<String> = BUNDLED
        .iter()
        .filter_map(|(_, t)| parse_str(t, Origin::Bundled(""), "").deck.map(|d| d.id.to_string()))
        .collect();
    let mut existing = Vec::new();
    for p in &prepared {
        let target = decks_dir.join(format!("{}.toml", p.deck.id));
        let old = std::fs::read(&target).ok();
        if !args.replace {
            if bundled_ids.iter().any(|b| p.deck.id == *b.as_str()) && old.is_none() {
                return Err(fail(format!(
                    "`{}` is the id of a bundled deck; choose another with --deck-id, or pass --replace to override the bundled deck in this home",
                    p.deck.id
                )));
            }
            if let Some(old) = &old {
                let old_text = String::from_utf8_lossy(old);
                let same_source =
                    p.from_import && old_text.lines().next().is_some_and(|l| l == format!("# {}", marker(&file_name)));
                if !same_source && old_text != p.text {
                    return Err(fail(format!(
                        "`decks/{}.toml` already exists and was not imported from `{file_name}`; choose another id with --deck-id, or pass --replace to overwrite it",
                        p.deck.id
                    )));
                }
            }
        }
        existing.push((target, old));
    }
    let mut store = if args.with_progress && !args.dry_run {
        ctx.paths.ensure()?;
        Some(crate::store::Store::open(&ctx.paths.store_file())?)
    } else {
        None
    };
    for (p, (target, old)) in prepared.iter().zip(existing) {
        let shown_target = format!("decks/{}.toml", p.deck.id);
        let old_deck = old.as_ref().and_then(|b| parse_bytes(b, Origin::File(target.clone()), "").deck);
        let plan = Plan::between(old_deck.as_ref(), &p.deck);
        println!(
            "{shown} → {shown_target}  (deck `{}`, {} card{})",
            p.deck.id,
            p.deck.cards.len(),
            if p.deck.cards.len() == 1 { "" } else { "s" }
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
        report_skipped(&p.skipped);
        for n in &p.notes {
            println!("  note: {n}");
        }
        if args.dry_run {
            println!("  dry run: nothing written");
            continue;
        }
        if old.as_deref() == Some(p.text.as_bytes()) {
            println!("  nothing to write: the deck is already up to date");
        } else {
            std::fs::create_dir_all(&decks_dir).map_err(|e| Error::io("create the folder", &decks_dir, e))?;
            crate::fsutil::write_atomic(&target, p.text.as_bytes()).map_err(|e| Error::write(&target, e))?;
            println!("  written");
        }
        if !p.media.is_empty() {
            write_media(&decks_dir.join(format!("{}.media", p.deck.id)), &p.media)?;
        }
        if let Some(store) = store.as_mut() {
            let n = import_progress(ctx, store, p)?;
            println!(
                "  progress: {n} studied card{} brought over for learner `{}`",
                if n == 1 { "" } else { "s" },
                ctx.learner
            );
        }
    }
    Ok(())
}

/// The Anki cards' states, computed for the answers to come, into the store.
fn import_progress(ctx: &Context, store: &mut crate::store::Store, p: &Prepared) -> Result<usize> {
    let sched = crate::schedule::Scheduler::new(ctx.config.settings_for(p.deck.id.as_str()).clone())
        .map_err(|e| Error::Config(format!("scheduler settings for `{}`: {e}", p.deck.id)))?;
    let cards = import::anki::imported_progress(&p.deck, &p.progress, &sched);
    crate::ui::with_store_lock(|| store.import_progress(&ctx.learner, p.deck.id.as_str(), &cards))?;
    Ok(cards.len())
}

/// Media go to `<deck>.media/`: a temporary folder first, then renamed, so a
/// failure leaves no half-copied folder. Names were checked (no `..`, no
/// separators) when the package was read.
fn write_media(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".media-")
        .tempdir_in(parent)
        .map_err(|e| Error::io("create a folder in", parent, e))?;
    if dir.exists() {
        for e in std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, e))?.flatten() {
            let _ = std::fs::copy(e.path(), tmp.path().join(e.file_name()));
        }
    }
    for (name, bytes) in files {
        if !import::anki::safe_media_name(name) {
            continue;
        }
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).map_err(|e| Error::io("write", &p, e))?;
    }
    let kept = tmp.keep();
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io("replace the folder", dir, e))?;
    }
    std::fs::rename(&kept, dir).map_err(|e| Error::io("create the folder", dir, e))?;
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
