//! `learn import FILE...`: convert each file to a validated TOML deck in
//! `<home>/decks/<id>.toml`, report what changed, and write atomically —
//! or write nothing at all when anything is wrong.

mod prepare;
mod write;

use std::path::{Path, PathBuf};

use crate::cli::ImportArgs;
use crate::context::Context;
use crate::deck::Deck;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Text, msg, t, tr};
use crate::import::{self, Format, Skipped};

/// The first line of a deck written by `learn import`: it names the source,
/// so a later import of the same file may update the deck.
fn marker(source_name: &str) -> String {
    // Written into the deck file, which is the same in every language.
    // A name with control characters would make the comment invalid TOML.
    format!(
        "Imported by `learn import` from `{}`; import that file again to update this deck.",
        crate::text::neutralize(source_name)
    )
}

pub(crate) fn run(ctx: &Context, args: &ImportArgs) -> Result<u8> {
    // A signal during an import ends it cleanly: no temporary copy left.
    crate::ui::install_handler();
    let mut failed = 0;
    for file in &args.files {
        if let Err(e) = import_one(ctx, args, file) {
            failed += 1;
            eprintln!("{} {}", tr(ctx.lang, "error:"), e.show(ctx.lang));
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
    notes: Vec<Text>,
    /// Written by `learn import` (else a TOML deck installed as it is).
    from_import: bool,
    /// From Markdown: what was skipped are blocks of lines, not rows.
    markdown: bool,
    media: Vec<(String, Vec<u8>)>,
    progress: Vec<import::anki::CardProgress>,
}

impl Prepared {
    /// A deck from a converter, with nothing else to carry.
    fn converted(deck: Deck, text: String, skipped: Vec<Skipped>, notes: Vec<Text>) -> Prepared {
        Prepared {
            deck,
            text,
            skipped,
            notes,
            from_import: true,
            markdown: false,
            media: Vec::new(),
            progress: Vec::new(),
        }
    }
}

/// The file being imported, as the learner named it and as read.
struct Source {
    lang: Lang,
    path: PathBuf,
    /// As given on the command line, for messages.
    shown: String,
    /// The file name, for the marker and messages.
    name: String,
    /// The file name without its extension: the default deck id and name.
    stem: String,
    bytes: Vec<u8>,
}

impl Source {
    /// An error about this file: nothing was written.
    fn fail(&self, problem: impl std::fmt::Display) -> Error {
        Error::Usage(t!(
            self.lang,
            "could not import `{file}`: {problem}; nothing was written",
            file = crate::text::neutralize(&self.shown),
            problem = problem
        ))
    }

    /// An error of a converter, in the learner's language.
    fn failed(&self, e: &import::ImportError) -> Error {
        self.fail(e.show(self.lang))
    }
}

fn import_one(ctx: &Context, args: &ImportArgs, file: &Path) -> Result<()> {
    let src = read_source(ctx, args, file)?;
    let format = match args.format.as_deref() {
        None | Some("auto") => Format::detect(&src.name, &src.bytes),
        Some(f) => Format::from_name(f).ok_or_else(|| {
            Error::Usage(t!(
                ctx.lang,
                "unknown --format `{format}`; use auto, toml, csv, tsv, markdown or anki",
                format = crate::text::neutralize(f)
            ))
        })?,
    };
    if args.with_progress && format != Format::Anki {
        return Err(Error::Usage(t!(ctx.lang, "--with-progress is for Anki packages (.apkg, .colpkg)")));
    }
    let prepared = match format {
        Format::Toml => vec![prepare::toml(args, &src)?],
        Format::Anki => prepare::anki(args, &src)?,
        Format::Csv | Format::Tsv | Format::Markdown => vec![prepare::text(args, &src, format)?],
    };
    // Check every deck before writing any: a conflict leaves everything as it was.
    let existing = write::check_conflicts(ctx, args, &src, &prepared)?;
    write::write_all(ctx, args, &src, &prepared, existing)
}

/// Reads the file, within the size limit.
fn read_source(ctx: &Context, args: &ImportArgs, file: &Path) -> Result<Source> {
    let path = if file.is_absolute() { file.to_path_buf() } else { ctx.cwd.join(file) };
    let shown = file.display().to_string();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone());
    let stem = path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "imported".into());
    let mut src = Source { lang: ctx.lang, path, shown, name, stem, bytes: Vec::new() };
    let meta = std::fs::metadata(&src.path).map_err(|e| Error::io(msg!("read"), file, e))?;
    if !meta.is_file() {
        return Err(src.fail(tr(ctx.lang, "it is not a file")));
    }
    if !args.max_size.is_finite() || args.max_size <= 0.0 {
        return Err(Error::Usage(t!(
            ctx.lang,
            "--max-size {size} is not a size; give a number of megabytes greater than 0, like 50",
            size = args.max_size
        )));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // finite and positive; saturates
    let limit = (args.max_size * 1024.0 * 1024.0) as u64;
    if meta.len() > limit {
        return Err(src.fail(t!(
            ctx.lang,
            "it is {size} MB and the limit is {limit} MB; split it into several decks, or raise the limit with --max-size",
            size = format!("{:.1}", meta.len() as f64 / 1024.0 / 1024.0),
            limit = args.max_size
        )));
    }
    src.bytes = std::fs::read(&src.path).map_err(|e| Error::io(msg!("read"), file, e))?;
    Ok(src)
}
