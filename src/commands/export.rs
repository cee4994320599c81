//! `learn export cards|reviews [--format csv|json] [-o FILE]`.
//!
//! The reviews CSV starts with the columns the FSRS optimizer tools read —
//! `card_id, review_time` (ms since the epoch), `review_rating,
//! review_state, review_duration` (ms) — then ours. Rows are serde structs
//! written by `csv` and `serde_json`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::{ExportArgs, ExportFormat, ExportWhat};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::schedule::CardState;
use crate::store::{CardRow, ReviewRow, Store};

pub(crate) fn run(ctx: &Context, args: &ExportArgs) -> Result<u8> {
    if let Some(path) = &args.output {
        let path = if path.is_absolute() { path.clone() } else { ctx.cwd.join(path) };
        refuse_precious(ctx, &path)?;
    }
    let store = Store::open_read(&ctx.store)?;
    let bytes = match args.what {
        ExportWhat::Cards => {
            let rows = store.as_ref().map(|s| s.card_rows()).transpose()?.unwrap_or_default();
            render(args.format, CARD_HEADER, rows.iter().map(CardCsv::from), rows.iter().map(CardJson::from))?
        }
        ExportWhat::Reviews => {
            let rows = store.as_ref().map(|s| s.review_rows()).transpose()?.unwrap_or_default();
            render(args.format, REVIEW_HEADER, rows.iter().map(ReviewCsv::from), rows.iter().map(ReviewJson::from))?
        }
    };
    match &args.output {
        Some(path) => {
            let path = if path.is_absolute() { path.clone() } else { ctx.cwd.join(path) };
            crate::fsutil::write_atomic(&path, &bytes).map_err(|e| Error::write(&path, e))?;
            eprintln!("{}", t!(ctx.lang, "wrote {path}", path = path.display()));
        }
        None => {
            let stdout = std::io::stdout();
            // On a terminal, text from decks and answers cannot drive it.
            let shown = if stdout.is_terminal() {
                crate::text::neutralize(&String::from_utf8_lossy(&bytes)).into_bytes()
            } else {
                bytes
            };
            crate::fsutil::write_stdout(&shown)?;
        }
    }
    Ok(0)
}

/// The progress store, its journal files and deck files are never written
/// over by an export.
fn refuse_precious(ctx: &Context, target: &Path) -> Result<()> {
    let store = match &ctx.store {
        crate::store::Location::File(path) => path.clone(),
        crate::store::Location::Postgres(_) => ctx.paths.store_file(),
    };
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    };
    let store_files: Vec<PathBuf> =
        ["", "-wal", "-shm", "-journal"].iter().map(|s| PathBuf::from(format!("{}{s}", store.display()))).collect();
    let decks_dir = ctx.paths.decks_dir();
    let in_decks = target.parent().is_some_and(|p| same(p, &decks_dir));
    // The first bytes of a regular file only: a pipe or a device
    // (`/dev/null`, `/dev/zero`) is written into, never read.
    let head = if std::fs::metadata(target).is_ok_and(|m| m.is_file()) {
        use std::io::Read;
        let mut head = Vec::new();
        let _ = std::fs::File::open(target).and_then(|f| f.take(4096).read_to_end(&mut head));
        head
    } else {
        Vec::new()
    };
    let is_store = head.starts_with(b"SQLite format 3\0");
    let is_deck = String::from_utf8_lossy(&head).lines().any(|l| l.trim() == "[deck]");
    if store_files.iter().any(|s| same(s, target)) || is_store {
        return Err(Error::Usage(t!(
            ctx.lang,
            "`{path}` is a progress store; export to another file (nothing was written)",
            path = target.display()
        )));
    }
    if in_decks || is_deck {
        return Err(Error::Usage(t!(
            ctx.lang,
            "`{path}` is a deck file or in the decks folder; export to another file (nothing was written)",
            path = target.display()
        )));
    }
    Ok(())
}

/// The CSV header of `CardCsv` (a test checks it against the fields).
const CARD_HEADER: &[&str] = &[
    "deck",
    "card",
    "learner",
    "state",
    "step",
    "due",
    "stability",
    "difficulty",
    "reps",
    "lapses",
    "last_review",
    "leech",
];

/// The CSV header of `ReviewCsv` (a test checks it against the fields).
const REVIEW_HEADER: &[&str] = &[
    "card_id",
    "review_time",
    "review_rating",
    "review_state",
    "review_duration",
    "deck",
    "card",
    "learner",
    "time",
    "mode",
    "correct",
    "answer",
    "rescheduled",
    "state_before",
    "interval_before_days",
    "state_after",
    "step_after",
    "stability_after",
    "difficulty_after",
    "due_after",
    "interval_after_days",
];

/// CSV with a header row (also when there are no rows), or a JSON array
/// with one object per line.
fn render<C: Serialize, J: Serialize>(
    format: ExportFormat,
    header: &[&str],
    csv_rows: impl Iterator<Item = C>,
    json_rows: impl Iterator<Item = J>,
) -> Result<Vec<u8>> {
    let fail = |e: String| Error::Config(format!("could not write the export: {e}")); // an internal error: serialising our own rows
    match format {
        ExportFormat::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            w.write_record(header).map_err(|e| fail(e.to_string()))?;
            for r in csv_rows {
                w.serialize(r).map_err(|e| fail(e.to_string()))?;
            }
            w.into_inner().map_err(|e| fail(e.to_string()))
        }
        ExportFormat::Json => {
            let lines: Vec<String> = json_rows
                .map(|r| serde_json::to_string(&r))
                .collect::<Result<_, _>>()
                .map_err(|e| fail(e.to_string()))?;
            Ok(if lines.is_empty() { "[]\n".into() } else { format!("[\n  {}\n]\n", lines.join(",\n  ")) }.into_bytes())
        }
    }
}

fn four(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x:.4}"))
}

/// Days from the last review to due, to two decimals (0 for a new card).
fn interval_days(s: &CardState) -> String {
    format!("{:.2}", s.interval().num_seconds() as f64 / 86_400.0)
}

#[derive(Serialize)]
struct CardCsv<'a> {
    deck: &'a str,
    card: &'a str,
    learner: &'a str,
    state: &'static str,
    step: Option<u32>,
    due: String,
    stability: String,
    difficulty: String,
    reps: u32,
    lapses: u32,
    last_review: String,
    leech: bool,
}

impl<'a> From<&'a CardRow> for CardCsv<'a> {
    fn from(r: &'a CardRow) -> Self {
        let s = &r.state;
        CardCsv {
            deck: &r.deck,
            card: &r.card,
            learner: &r.learner,
            state: s.state.name(),
            step: s.step,
            due: s.due.to_rfc3339(),
            stability: four(s.stability),
            difficulty: four(s.difficulty),
            reps: s.reps,
            lapses: s.lapses,
            last_review: s.last_review.map_or(String::new(), |t| t.to_rfc3339()),
            leech: r.leech,
        }
    }
}

#[derive(Serialize)]
struct CardJson<'a> {
    deck: &'a str,
    card: &'a str,
    learner: &'a str,
    state: &'static str,
    step: Option<u32>,
    due: String,
    stability: Option<f64>,
    difficulty: Option<f64>,
    reps: u32,
    lapses: u32,
    last_review: Option<String>,
    leech: bool,
}

impl<'a> From<&'a CardRow> for CardJson<'a> {
    fn from(r: &'a CardRow) -> Self {
        let s = &r.state;
        CardJson {
            deck: &r.deck,
            card: &r.card,
            learner: &r.learner,
            state: s.state.name(),
            step: s.step,
            due: s.due.to_rfc3339(),
            stability: s.stability,
            difficulty: s.difficulty,
            reps: s.reps,
            lapses: s.lapses,
            last_review: s.last_review.map(|t| t.to_rfc3339()),
            leech: r.leech,
        }
    }
}

#[derive(Serialize)]
struct ReviewCsv<'a> {
    card_id: String,
    review_time: i64,
    review_rating: u8,
    review_state: u8,
    review_duration: i64,
    deck: &'a str,
    card: &'a str,
    learner: &'a str,
    time: String,
    mode: &'static str,
    correct: bool,
    answer: &'a str,
    rescheduled: bool,
    state_before: &'static str,
    interval_before_days: String,
    state_after: &'static str,
    step_after: Option<u32>,
    stability_after: String,
    difficulty_after: String,
    due_after: String,
    interval_after_days: String,
}

impl<'a> From<&'a ReviewRow> for ReviewCsv<'a> {
    fn from(r: &'a ReviewRow) -> Self {
        let after = r.after.as_ref();
        ReviewCsv {
            card_id: format!("{}/{}", r.deck, r.card),
            review_time: r.time.timestamp_millis(),
            review_rating: r.grade.number(),
            review_state: r.before.state.code(),
            review_duration: r.duration_ms,
            deck: &r.deck,
            card: &r.card,
            learner: &r.learner,
            time: r.time.to_rfc3339(),
            mode: r.mode.name(),
            correct: r.correct,
            answer: &r.answer,
            rescheduled: r.rescheduled,
            state_before: r.before.state.name(),
            interval_before_days: interval_days(&r.before),
            state_after: after.map_or("", |a| a.state.name()),
            step_after: after.and_then(|a| a.step),
            stability_after: four(after.and_then(|a| a.stability)),
            difficulty_after: four(after.and_then(|a| a.difficulty)),
            due_after: after.map_or(String::new(), |a| a.due.to_rfc3339()),
            interval_after_days: after.map_or(String::new(), interval_days),
        }
    }
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    id: i64,
    deck: &'a str,
    card: &'a str,
    learner: &'a str,
    time: String,
    mode: &'static str,
    rating: u8,
    correct: bool,
    answer: &'a str,
    duration_ms: i64,
    rescheduled: bool,
    state_before: &'static str,
    state_after: Option<&'static str>,
    stability_after: Option<f64>,
    difficulty_after: Option<f64>,
    due_after: Option<String>,
}

impl<'a> From<&'a ReviewRow> for ReviewJson<'a> {
    fn from(r: &'a ReviewRow) -> Self {
        let after = r.after.as_ref();
        ReviewJson {
            id: r.id,
            deck: &r.deck,
            card: &r.card,
            learner: &r.learner,
            time: r.time.to_rfc3339(),
            mode: r.mode.name(),
            rating: r.grade.number(),
            correct: r.correct,
            answer: &r.answer,
            duration_ms: r.duration_ms,
            rescheduled: r.rescheduled,
            state_before: r.before.state.name(),
            state_after: after.map(|a| a.state.name()),
            stability_after: after.and_then(|a| a.stability),
            difficulty_after: after.and_then(|a| a.difficulty),
            due_after: after.map(|a| a.due.to_rfc3339()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Grade;
    use crate::store::Mode;

    fn header_of<T: Serialize>(row: T) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).ok();
        let bytes = w.into_inner().unwrap_or_default();
        String::from_utf8_lossy(&bytes).lines().next().unwrap_or_default().to_string()
    }

    #[test]
    fn csv_headers_match_the_row_fields() {
        let t = chrono::DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default();
        let card =
            CardRow { learner: "l".into(), deck: "d".into(), card: "c".into(), state: CardState::new(t), leech: false };
        assert_eq!(header_of(CardCsv::from(&card)), CARD_HEADER.join(","));
        let review = ReviewRow {
            id: 1,
            learner: "l".into(),
            deck: "d".into(),
            card: "c".into(),
            time: t,
            mode: Mode::Run,
            grade: Grade::Good,
            correct: true,
            answer: "a, \"quoted\"\nline".into(),
            duration_ms: 5,
            rescheduled: false,
            before: CardState::new(t),
            after: None,
        };
        assert_eq!(header_of(ReviewCsv::from(&review)), REVIEW_HEADER.join(","));
        // Commas, quotes and newlines in answers survive a round trip.
        let bytes =
            render(ExportFormat::Csv, REVIEW_HEADER, [ReviewCsv::from(&review)].into_iter(), std::iter::empty::<()>())
                .unwrap_or_default();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let rec = r.records().next().and_then(|x| x.ok()).unwrap_or_default();
        assert_eq!(rec.get(11), Some("a, \"quoted\"\nline"));
    }
}
