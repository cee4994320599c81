//! `learn generate FILE`: read an article, have the pure core
//! (`generate`) draft a deck from it, optionally walk the author through it
//! (`--review`), and write it atomically — to `<home>/decks/<id>.toml`, to
//! `-o FILE`, or to standard output with `-o -`. An existing file is not
//! overwritten without `--force`.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use crate::cli::GenerateArgs;
use crate::context::Context;
use crate::deck::{BUNDLED, Card, Deck, Origin, parse_str, write};
use crate::error::{Error, Result};
use crate::generate::{self, Draft, Format, Request};
use crate::i18n::{Lang, msg, t, tr};
use crate::text::neutralize;
use crate::ui::review::{Decision, PlainReviewer, Reviewer, TermReviewer};

/// Where the deck goes.
enum Target {
    Stdout,
    File(PathBuf),
}

pub(crate) fn run(ctx: &Context, args: &GenerateArgs, article_lang: Option<Lang>) -> Result<u8> {
    crate::ui::install_handler();
    let l = ctx.lang;
    let path = if args.file.is_absolute() { args.file.clone() } else { ctx.cwd.join(&args.file) };
    let shown = neutralize(&args.file.display().to_string());
    let fail = |problem: String| {
        Error::Usage(t!(l, "could not draft a deck from `{file}`: {problem}", file = shown.as_str(), problem = problem))
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone());
    let stem = path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "article".into());
    let text = read_article(ctx, args, &path, &fail)?;
    let format = match args.format.as_deref() {
        None | Some("auto") => Format::detect(&file_name, &text),
        Some(f) => Format::from_name(f).ok_or_else(|| {
            Error::Usage(t!(l, "unknown --format `{format}`; use auto, text, markdown or html", format = neutralize(f)))
        })?,
    };
    let deck_id = args.deck_id.clone().unwrap_or_else(|| crate::import::slug(&stem));
    let request = Request {
        text: &text,
        format,
        lang: article_lang,
        deck_id: deck_id.clone(),
        name: args.name.clone(),
        file_name,
    };
    let draft = generate::generate(&request).map_err(|p| fail(p.message().show(l)))?;
    let target = match &args.output {
        Some(p) if p.as_os_str() == "-" => Target::Stdout,
        Some(p) => Target::File(if p.is_absolute() { p.clone() } else { ctx.cwd.join(p) }),
        None => Target::File(ctx.paths.decks_dir().join(format!("{deck_id}.toml"))),
    };
    if let Target::File(t) = &target {
        refuse_overwrite(ctx, args, t, &deck_id, args.output.is_none())?;
    }
    let (deck, toml, reviewed) = if args.review {
        match review(ctx, &draft)? {
            Some((deck, toml, note)) => (deck, toml, Some(note)),
            None => {
                eprintln!("{}", tr(l, "Every card was dropped: nothing was written."));
                return Ok(0);
            }
        }
    } else {
        (draft.deck.clone(), draft.toml.clone(), None)
    };
    match &target {
        Target::Stdout => crate::fsutil::write_stdout(toml.as_bytes())?,
        Target::File(t) => {
            if let Some(dir) = t.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(msg!("create the folder"), dir, e))?;
            }
            crate::fsutil::write_atomic(t, toml.as_bytes()).map_err(|e| Error::write(t, e))?;
        }
    }
    // The summary goes to stderr when the deck itself goes to stdout.
    let lines = summary(l, &draft, &deck, &target, reviewed.as_deref());
    for line in lines {
        match target {
            Target::Stdout => eprintln!("{line}"),
            Target::File(_) => println!("{line}"),
        }
    }
    Ok(0)
}

/// The article's text, within the size limit, UTF-8 or UTF-16 with a mark.
fn read_article(ctx: &Context, args: &GenerateArgs, path: &Path, fail: &dyn Fn(String) -> Error) -> Result<String> {
    let l = ctx.lang;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(msg!("read"), &args.file, e))?;
    if !meta.is_file() {
        return Err(fail(tr(l, "it is not a file").to_string()));
    }
    if !args.max_size.is_finite() || args.max_size <= 0.0 {
        return Err(Error::Usage(t!(
            l,
            "--max-size {size} is not a size; give a number of megabytes greater than 0, like 50",
            size = args.max_size
        )));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // finite and positive; saturates
    let limit = (args.max_size * 1024.0 * 1024.0) as u64;
    if meta.len() > limit {
        return Err(fail(t!(
            l,
            "it is {size} MB and the limit is {limit} MB; split the article, or raise the limit with --max-size",
            size = format!("{:.1}", meta.len() as f64 / 1024.0 / 1024.0),
            limit = args.max_size
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(msg!("read"), &args.file, e))?;
    crate::import::decode_utf8(&bytes).map(|t| t.into_owned()).map_err(|e| fail(e.show(l)))
}

/// Refuses to write over an existing file without `--force`, and (for the
/// home's decks folder) to take a bundled deck's id.
fn refuse_overwrite(ctx: &Context, args: &GenerateArgs, target: &Path, id: &str, in_home: bool) -> Result<()> {
    let l = ctx.lang;
    if args.force {
        return Ok(());
    }
    if target.exists() {
        return Err(Error::Usage(t!(
            l,
            "`{file}` already exists; pass --force to overwrite it, or choose another file with -o or another id with --deck-id",
            file = neutralize(&target.display().to_string())
        )));
    }
    if in_home {
        let bundled =
            BUNDLED.iter().filter_map(|(_, t)| parse_str(t, Origin::Generated, "").deck).any(|d| d.id.as_str() == id);
        if bundled {
            return Err(Error::Usage(t!(
                l,
                "`{id}` is the id of a bundled deck; choose another with --deck-id, or pass --force to override the bundled deck in this home",
                id = neutralize(id)
            )));
        }
    }
    Ok(())
}

/// The lines that say what was written.
fn summary(l: Lang, draft: &Draft, deck: &Deck, target: &Target, reviewed: Option<&str>) -> Vec<String> {
    let mut sections: Vec<&str> = deck.cards.iter().filter_map(|c| c.source.as_deref()).collect();
    sections.sort_unstable();
    sections.dedup();
    let language = match draft.lang {
        Lang::Vi => tr(l, "Vietnamese"),
        Lang::En => tr(l, "English"),
    };
    let (candidates, words, covered) = (draft.candidates, draft.words, sections.len());
    let mut out = vec![if deck.cards.len() == 1 {
        t!(
            l,
            "Drafted 1 card, the best of {candidates}, from {words} words ({language}), covering {covered} of {sections} sections.",
            candidates = candidates,
            words = words,
            language = language,
            covered = covered,
            sections = draft.sections
        )
    } else {
        t!(
            l,
            "Drafted {cards} cards, the best of {candidates}, from {words} words ({language}), covering {covered} of {sections} sections.",
            cards = deck.cards.len(),
            candidates = candidates,
            words = words,
            language = language,
            covered = covered,
            sections = draft.sections
        )
    }];
    if let Some(r) = reviewed {
        out.push(r.to_string());
    }
    if let Target::File(p) = target {
        let file = neutralize(&p.display().to_string());
        out.push(t!(l, "Written to {file}.", file = file.as_str()));
        out.push(t!(
            l,
            "It is a draft: read every card (`learn check --lint {file}`), then study it with `learn run {id}`.",
            file = file.as_str(),
            id = deck.id.as_str()
        ));
    }
    out
}

/// Walks the author through the draft. `None` when every card was
/// dropped; else the deck, its TOML and a line saying what was decided.
fn review(ctx: &Context, draft: &Draft) -> Result<Option<(Deck, String, String)>> {
    let l = ctx.lang;
    let interactive = !ctx.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut reviewer: Box<dyn Reviewer> = if interactive {
        Box::new(TermReviewer::new(l, ctx.color))
    } else {
        Box::new(PlainReviewer::new(std::io::stdin().lock(), std::io::stdout(), l))
    };
    let cards = &draft.deck.cards;
    let total = cards.len();
    let mut kept: Vec<Card> = Vec::new();
    let (mut edited, mut dropped) = (0, 0);
    let mut decided = 0;
    let mut i = 0;
    let mut current: Option<Card> = None;
    while i < total {
        let card = current.clone().unwrap_or_else(|| cards[i].clone());
        let title = t!(
            l,
            "Card {n} of {total} · {section}",
            n = i + 1,
            total = total,
            section = card.source.clone().unwrap_or_default()
        );
        reviewer.show(&title, &card_toml(&draft.deck, &card));
        match reviewer.decide() {
            Decision::Keep => {
                kept.push(card);
                current = None;
                decided += 1;
                i += 1;
            }
            Decision::Drop => {
                dropped += 1;
                current = None;
                decided += 1;
                i += 1;
            }
            Decision::Quit => break,
            Decision::Edit => match edit(ctx, &draft.deck, &card) {
                Ok(Some(new)) => {
                    if new != card {
                        edited += 1;
                    }
                    current = Some(new);
                }
                Ok(None) => reviewer.say(tr(l, "The editor made no change.")),
                Err(problem) => reviewer.say(&problem),
            },
        }
    }
    drop(reviewer);
    if kept.is_empty() {
        return Ok(None);
    }
    let deck = Deck { cards: kept.into(), ..draft.deck.clone() };
    let header = vec![format!(
        "Drafted by `learn generate` from `{}` and reviewed: read every card before studying.",
        neutralize(deck.source.as_deref().unwrap_or_default())
    )];
    let toml = write(&deck, &header);
    let parsed = parse_str(&toml, Origin::Generated, "reviewed.toml");
    let Some(deck) = parsed.deck else {
        // Each edit was checked alone; a clash between cards (two ids the
        // same) is reported here, and nothing is written.
        let shown: Vec<String> = parsed.diagnostics.iter().map(|d| d.render_in(l)).collect();
        return Err(Error::Invalid(format!(
            "{}{}",
            shown.join(""),
            tr(l, "the reviewed deck is not valid; nothing was written")
        )));
    };
    let note = t!(
        l,
        "Reviewed {decided} of {total} cards: {kept} kept ({edited} edited), {dropped} dropped; {left} not reviewed were left out.",
        decided = decided,
        total = total,
        kept = deck.cards.len(),
        edited = edited,
        dropped = dropped,
        left = total - decided
    );
    Ok(Some((deck, toml, note)))
}

/// One card as the deck file shows it.
fn card_toml(deck: &Deck, card: &Card) -> String {
    let one = Deck { cards: vec![card.clone()].into(), ..deck.clone() };
    let text = write(&one, &[]);
    text.find("[[cards]]").map_or(text.clone(), |i| text[i..].trim_end().to_string())
}

/// Opens the card in `$VISUAL`/`$EDITOR` (else `vi`) and reads it back.
/// `Ok(None)`: unchanged; `Err`: what is wrong with the edit (the card
/// stays as it was).
fn edit(ctx: &Context, deck: &Deck, card: &Card) -> std::result::Result<Option<Card>, String> {
    let l = ctx.lang;
    let before = card_toml(deck, card);
    let head = format!(
        "[deck]\nid = {}\nname = \"draft\"\nlanguage = {}\n\n",
        crate::deck::quote(deck.id.as_str()),
        crate::deck::quote(&deck.language)
    );
    let mut file = tempfile::Builder::new()
        .prefix("learn-card-")
        .suffix(".toml")
        .tempfile()
        .map_err(|e| t!(l, "could not make a file to edit: {reason}", reason = crate::fsutil::io_reason(&e)))?;
    std::io::Write::write_all(&mut file, before.as_bytes())
        .map_err(|e| t!(l, "could not make a file to edit: {reason}", reason = crate::fsutil::io_reason(&e)))?;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    // Through the shell, so an editor with options ("code --wait") works.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|e| {
            t!(
                l,
                "could not start the editor `{editor}`: {reason}",
                editor = neutralize(&editor),
                reason = crate::fsutil::io_reason(&e)
            )
        })?;
    if !status.success() {
        return Err(t!(l, "the editor `{editor}` failed; the card is unchanged", editor = neutralize(&editor)));
    }
    let after = std::fs::read_to_string(file.path())
        .map_err(|e| t!(l, "could not read the edited card: {reason}", reason = crate::fsutil::io_reason(&e)))?;
    if after.trim() == before.trim() {
        return Ok(None);
    }
    let parsed = parse_str(&format!("{head}{after}"), Origin::Generated, "card.toml");
    match parsed.deck {
        Some(d) if d.cards.len() == 1 => Ok(d.cards.into_iter().next()),
        Some(_) => Err(tr(l, "the edit must hold exactly one [[cards]] table; the card is unchanged").to_string()),
        None => {
            let shown: Vec<String> = parsed.diagnostics.iter().map(|d| d.render_in(l)).collect();
            Err(format!("{}{}", shown.join(""), tr(l, "the edit is not a valid card; the card is unchanged")))
        }
    }
}
