//! Converting the file into decks, by format: a TOML deck as it is, an
//! Anki package (a deck per subdeck, or merged), a CSV/TSV or Markdown file.

use super::{Prepared, Source, marker};
use crate::cli::ImportArgs;
use crate::deck::{Origin, parse_bytes};
use crate::error::Result;
use crate::i18n::{Text, t, text, tr};
use crate::import::{self, Format, ImportDraft, ImportError};

/// A TOML deck, installed as it is (after validation).
pub(super) fn toml(args: &ImportArgs, src: &Source) -> Result<Prepared> {
    let parsed = parse_bytes(&src.bytes, Origin::File(src.path.clone()), &src.shown);
    for d in &parsed.diagnostics {
        eprint!("{}", d.render_in(src.lang));
    }
    let Some(deck) = parsed.deck else {
        return Err(src.fail(tr(src.lang, "the deck has errors (shown above)")));
    };
    if let Some(id) = &args.deck_id
        && *id != deck.id.as_str()
    {
        return Err(src.fail(t!(
            src.lang,
            "a TOML deck keeps its own id (`{id}`); change `id` in its [deck] table instead of --deck-id",
            id = deck.id
        )));
    }
    let text = String::from_utf8_lossy(&src.bytes).into_owned();
    Ok(Prepared { from_import: false, ..Prepared::converted(deck, text, Vec::new(), Vec::new()) })
}

/// CSV, TSV (Quizlet, Anki's text export) or Markdown.
pub(super) fn text(args: &ImportArgs, src: &Source, format: Format) -> Result<Prepared> {
    let located = |e: ImportError| src.failed(&e);
    let mut bar = crate::ui::progress_bar(src.bytes.len() as u64);
    let mut tick = |done: usize| {
        if let Some(b) = &mut bar {
            b.set_position(done as u64);
        }
    };
    let conv: ImportDraft = match format {
        Format::Markdown => import::parse_markdown(&src.bytes).map_err(located)?,
        Format::Tsv => import::parse_tabular(&src.bytes, Some(b'\t'), &mut tick).map_err(located)?,
        _ => import::parse_tabular(&src.bytes, None, &mut tick).map_err(located)?,
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if conv.cards.len() > import::MAX_CARDS {
        return Err(src.fail(t!(
            src.lang,
            "it holds {cards} cards; the limit is {limit}",
            cards = conv.cards.len(),
            limit = import::MAX_CARDS
        )));
    }
    if conv.cards.is_empty() {
        return Err(src.fail(match conv.skipped.first() {
            Some(s) => {
                t!(src.lang, "no cards found (line {line}: {reason})", line = s.line, reason = s.reason.show(src.lang))
            }
            None => t!(src.lang, "no cards found"),
        }));
    }
    let id = args.deck_id.clone().or(conv.id.clone()).unwrap_or_else(|| import::slug(&src.stem));
    let name = args.name.clone().or(conv.name.clone()).unwrap_or_else(|| src.stem.clone());
    let notes = conv.notes.clone();
    let (deck, text, skipped) = import::build_deck(conv, id, name, &[marker(&src.name)]).map_err(located)?;
    if deck.cards.is_empty() {
        return Err(src.fail(match skipped.first() {
            Some(s) => t!(
                src.lang,
                "no card could be imported (line {line}: {reason})",
                line = s.line,
                reason = s.reason.show(src.lang)
            ),
            None => t!(src.lang, "no card could be imported"),
        }));
    }
    Ok(Prepared { markdown: format == Format::Markdown, ..Prepared::converted(deck, text, skipped, notes) })
}

/// An Anki package: one deck per Anki deck (or one, with --merge-subdecks).
pub(super) fn anki(args: &ImportArgs, src: &Source) -> Result<Vec<Prepared>> {
    let located = |e: ImportError| src.failed(&e);
    let mut package =
        import::anki::read_package(&src.bytes, import::anki::PackageLimits::default()).map_err(located)?;
    let total: usize = package.decks.iter().map(|d| d.cards.len()).sum();
    if total > import::MAX_CARDS {
        return Err(src.fail(t!(
            src.lang,
            "it holds {cards} cards; the limit is {limit}",
            cards = total,
            limit = import::MAX_CARDS
        )));
    }
    if package.decks.iter().all(|d| d.cards.is_empty()) {
        return Err(src.fail(tr(src.lang, "the package holds no notes")));
    }
    let mut notes: Vec<Text> = package.other_types.iter().map(|(t, n)| import::other_type_note(t, *n)).collect();
    let decks = if args.merge_subdecks && package.decks.len() > 1 {
        notes.push(text!(
            "{n} Anki decks merged into one; each card is tagged with its Anki deck (`anki-deck::Name`)",
            n = package.decks.len()
        ));
        vec![merge(std::mem::take(&mut package.decks))]
    } else {
        std::mem::take(&mut package.decks)
    };
    let decks: Vec<_> = decks.into_iter().filter(|d| !d.cards.is_empty()).collect();
    if decks.len() > 1 && (args.deck_id.is_some() || args.name.is_some()) {
        return Err(src.fail(t!(
            src.lang,
            "the package holds {n} decks ({names}); --deck-id and --name apply to one deck: add --merge-subdecks",
            n = decks.len(),
            names = crate::text::neutralize(&decks.iter().map(|d| d.name.as_str()).collect::<Vec<_>>().join(", "))
        )));
    }
    let mut out = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for d in decks {
        let conv = ImportDraft {
            name: Some(d.name.clone()),
            source: Some(format!("Anki deck `{}` ({})", d.name, src.name)),
            cards: d.cards,
            ..ImportDraft::default()
        };
        // Decks whose names make the same id ("A B", "A-B") get -2, -3...
        let mut id = args.deck_id.clone().unwrap_or_else(|| import::slug(&d.name.replace("::", "-")));
        if taken.contains(&id) {
            let base = id.clone();
            id = (2..).map(|n| format!("{base}-{n}")).find(|c| !taken.contains(c)).unwrap_or(base);
        }
        taken.push(id.clone());
        let name = args.name.clone().unwrap_or_else(|| d.name.clone());
        let (deck, text, skipped) = import::build_deck(conv, id, name, &[marker(&src.name)]).map_err(located)?;
        let media: Vec<(String, Vec<u8>)> =
            d.media.iter().filter_map(|m| package.media.get(m).map(|b| (m.clone(), b.clone()))).collect();
        let missing = d.media.len() - media.len();
        let mut deck_notes = notes.clone();
        if missing > 0 {
            deck_notes.push(text!(
                "{n} media file(s) copied to decks/{id}.media/ ({missing} referenced but not in the package)",
                n = media.len(),
                id = deck.id.as_str(),
                missing = missing
            ));
        } else if !media.is_empty() {
            deck_notes.push(text!(
                "{n} media file(s) copied to decks/{id}.media/",
                n = media.len(),
                id = deck.id.as_str()
            ));
        }
        out.push(Prepared { media, progress: d.progress, ..Prepared::converted(deck, text, skipped, deck_notes) });
    }
    let has_history = out.iter().any(|p| p.progress.iter().any(|c| !c.reviews.is_empty()));
    if !args.with_progress
        && has_history
        && let Some(p) = out.first_mut()
    {
        p.notes.push(text!("the package has review history; add --with-progress to bring it over"));
    }
    Ok(out)
}

/// Subdecks as one deck, each card tagged with the Anki deck it came from.
fn merge(decks: Vec<import::anki::AnkiDeck>) -> import::anki::AnkiDeck {
    let mut one = import::anki::AnkiDeck {
        name: decks.first().map_or("Anki", |d| d.name.split("::").next().unwrap_or("Anki")).to_string(),
        ..Default::default()
    };
    for d in decks {
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
    one
}
