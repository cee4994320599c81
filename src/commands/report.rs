//! `learn report [DECK...] [--since 30d] [--json] [--html FILE]`: the
//! trainer's report over every learner the store lets this connection read
//! (on SQLite: every learner of the home; on PostgreSQL: a trainer sees
//! everyone, a learner only themselves).

use std::collections::HashMap;

use super::{load_library, select_decks};
use crate::cli::ReportArgs;
use crate::cohort::{self, Input, html};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::{t, tr};
use crate::schedule::parse_span;
use crate::store::Store;
use crate::text::neutralize;

/// How many of the hardest cards the text report lists.
const HARD_LISTED: usize = 15;

pub(crate) fn run(ctx: &Context, args: &ReportArgs) -> Result<u8> {
    let l = ctx.lang;
    let span = parse_span(&args.since).map_err(|e| Error::Usage(t!(l, "--since: {problem}", problem = e.show(l))))?;
    let lib = load_library(ctx);
    let decks = if args.decks.is_empty() { lib.decks } else { select_decks(ctx, lib, &args.decks)? };
    let keys: Option<Vec<String>> =
        (!args.decks.is_empty()).then(|| decks.iter().map(|d| d.progress_key().to_string()).collect());
    let mut questions = HashMap::new();
    for d in &decks {
        for c in &d.cards {
            questions.entry((d.progress_key().to_string(), c.id.to_string())).or_insert_with(|| c.headline());
        }
    }
    let (reviews, cards) = match Store::open_read(&ctx.store)? {
        Some(s) => (s.review_rows()?, s.card_rows()?),
        None => (Vec::new(), Vec::new()),
    };
    let now = ctx.clock.now();
    let report = cohort::build(&Input {
        reviews: &reviews,
        cards: &cards,
        now,
        since: now - chrono::Duration::seconds(span),
        decks: keys.as_deref(),
        questions: &questions,
    });
    if let Some(path) = &args.html {
        let page = html::page(&report, l);
        crate::fsutil::write_atomic(path, page.as_bytes()).map_err(|e| Error::write(path, e))?;
        eprintln!("{}", t!(l, "wrote {path}", path = path.display()));
        return Ok(0);
    }
    if args.json {
        let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
        out.push('\n');
        crate::fsutil::write_stdout(out.as_bytes())?;
        return Ok(0);
    }
    println!("{}", t!(l, "Training report: answers since {since}", since = report.since.format("%Y-%m-%d %H:%M UTC")));
    println!();
    if report.learners.is_empty() {
        println!("{}", tr(l, "No learner has progress here yet."));
        return Ok(0);
    }
    let heads = [
        tr(l, "Learner"),
        tr(l, "Cards studied"),
        tr(l, "Answers"),
        tr(l, "True retention"),
        tr(l, "Due backlog"),
        tr(l, "Last active"),
        tr(l, "Time spent"),
    ];
    let rows: Vec<[String; 7]> = report
        .learners
        .iter()
        .map(|x| {
            [
                neutralize(&x.learner),
                x.cards_studied.to_string(),
                x.answers.to_string(),
                x.true_retention.map_or("—".into(), |r| format!("{:.0}%", r * 100.0)),
                x.due_backlog.to_string(),
                x.last_active.map_or("—".into(), |t| t.format("%Y-%m-%d").to_string()),
                html::minutes(x.time_spent_secs),
            ]
        })
        .collect();
    let width =
        |i: usize| rows.iter().map(|r| r[i].chars().count()).chain([heads[i].chars().count()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..7).map(width).collect();
    let line = |cells: &[String]| {
        let s = cells.iter().enumerate().map(|(i, c)| format!("{c:<w$}", w = widths[i])).collect::<Vec<_>>().join("  ");
        s.trim_end().to_string()
    };
    println!("{}", line(&heads.map(|h| h.to_string())));
    for r in &rows {
        println!("{}", line(r));
    }
    println!();
    println!("{}", tr(l, "Hardest cards (most missed first):"));
    if report.cards.is_empty() {
        println!("  {}", tr(l, "No answers in this period."));
    }
    for x in report.cards.iter().take(HARD_LISTED) {
        println!(
            "  {:>4.0}%  {}/{}  {}",
            x.miss_rate * 100.0,
            neutralize(&x.deck),
            neutralize(&x.card),
            t!(
                l,
                "{misses} of {answers} answers wrong, {who} of {learners} learners",
                misses = x.misses,
                answers = x.answers,
                who = x.learners_missing,
                learners = x.learners
            )
        );
        if let Some(q) = &x.question {
            println!("         {}", neutralize(q));
        }
        if !x.wrong_answers.is_empty() {
            let wrong: Vec<String> =
                x.wrong_answers.iter().map(|w| format!("\"{}\" ×{}", neutralize(&w.answer), w.count)).collect();
            println!("         {} {}", tr(l, "Common wrong answers:"), wrong.join(", "));
        }
    }
    Ok(0)
}
