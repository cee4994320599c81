//! `learn export cards|reviews [--format csv|json] [-o FILE]`.
//!
//! The reviews CSV starts with the columns the FSRS optimizer tools read —
//! `card_id, review_time` (ms since the epoch), `review_rating,
//! review_state, review_duration` (ms) — then ours.

use std::io::Write;

use crate::cli::{ExportArgs, ExportFormat, ExportWhat};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::schedule::CardState;
use crate::store::Store;

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<u8> {
    let store = Store::open_existing(&ctx.paths.store_file())?;
    let text = match (args.what, args.format) {
        (ExportWhat::Cards, f) => cards(store.as_ref(), f)?,
        (ExportWhat::Reviews, f) => reviews(store.as_ref(), f)?,
    };
    match &args.output {
        Some(path) => {
            let path = if path.is_absolute() { path.clone() } else { ctx.cwd.join(path) };
            crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| Error::write(&path, e))?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .map_err(|e| Error::io("write to", std::path::Path::new("standard output"), e))?;
        }
    }
    Ok(0)
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn opt_num(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x:.4}"))
}

fn json_num(v: Option<f64>) -> String {
    v.map_or("null".into(), |x| format!("{x}"))
}

fn step(s: &CardState) -> String {
    s.step.map_or(String::new(), |x| x.to_string())
}

fn cards(store: Option<&Store>, f: ExportFormat) -> Result<String> {
    let rows = match store {
        Some(s) => s.card_rows()?,
        None => Vec::new(),
    };
    let mut out = String::new();
    match f {
        ExportFormat::Csv => {
            out.push_str("deck,card,learner,state,step,due,stability,difficulty,reps,lapses,last_review,leech\n");
            for r in &rows {
                let s = &r.state;
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{},{},{}\n",
                    csv_field(&r.deck),
                    csv_field(&r.card),
                    csv_field(&r.learner),
                    s.state,
                    step(s),
                    s.due.to_rfc3339(),
                    opt_num(s.stability),
                    opt_num(s.difficulty),
                    s.reps,
                    s.lapses,
                    s.last_review.map_or(String::new(), |t| t.to_rfc3339()),
                    r.leech
                ));
            }
        }
        ExportFormat::Json => {
            out.push('[');
            for (i, r) in rows.iter().enumerate() {
                let s = &r.state;
                out.push_str(if i == 0 { "\n  " } else { ",\n  " });
                out.push_str(&format!(
                    "{{\"deck\":{},\"card\":{},\"learner\":{},\"state\":\"{}\",\"step\":{},\"due\":\"{}\",\"stability\":{},\"difficulty\":{},\"reps\":{},\"lapses\":{},\"last_review\":{},\"leech\":{}}}",
                    json_str(&r.deck),
                    json_str(&r.card),
                    json_str(&r.learner),
                    s.state,
                    s.step.map_or("null".into(), |x| x.to_string()),
                    s.due.to_rfc3339(),
                    json_num(s.stability),
                    json_num(s.difficulty),
                    s.reps,
                    s.lapses,
                    s.last_review.map_or("null".into(), |t| format!("\"{}\"", t.to_rfc3339())),
                    r.leech
                ));
            }
            out.push_str("\n]\n");
        }
    }
    Ok(out)
}

fn reviews(store: Option<&Store>, f: ExportFormat) -> Result<String> {
    let rows = match store {
        Some(s) => s.review_rows()?,
        None => Vec::new(),
    };
    let mut out = String::new();
    match f {
        ExportFormat::Csv => {
            out.push_str("card_id,review_time,review_rating,review_state,review_duration,deck,card,learner,time,mode,correct,answer,rescheduled,state_before,interval_before_days,state_after,step_after,stability_after,difficulty_after,due_after,interval_after_days\n");
            for r in &rows {
                let after = r.after.as_ref();
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                    csv_field(&format!("{}/{}", r.deck, r.card)),
                    r.time.timestamp_millis(),
                    r.rating,
                    r.before.state.code(),
                    r.duration_ms,
                    csv_field(&r.deck),
                    csv_field(&r.card),
                    csv_field(&r.learner),
                    r.time.to_rfc3339(),
                    r.mode,
                    r.correct,
                    csv_field(&r.answer),
                    r.rescheduled,
                    r.before.state,
                    interval_days(&r.before),
                    after.map_or(String::new(), |a| a.state.to_string()),
                    after.map_or(String::new(), step),
                    opt_num(after.and_then(|a| a.stability)),
                    opt_num(after.and_then(|a| a.difficulty)),
                    after.map_or(String::new(), |a| a.due.to_rfc3339()),
                    after.map_or(String::new(), interval_days),
                ));
            }
        }
        ExportFormat::Json => {
            out.push('[');
            for (i, r) in rows.iter().enumerate() {
                out.push_str(if i == 0 { "\n  " } else { ",\n  " });
                let after = r.after.as_ref();
                out.push_str(&format!(
                    "{{\"id\":{},\"deck\":{},\"card\":{},\"learner\":{},\"time\":\"{}\",\"mode\":\"{}\",\"rating\":{},\"correct\":{},\"answer\":{},\"duration_ms\":{},\"rescheduled\":{},\"state_before\":\"{}\",\"state_after\":{},\"stability_after\":{},\"difficulty_after\":{},\"due_after\":{}}}",
                    r.id,
                    json_str(&r.deck),
                    json_str(&r.card),
                    json_str(&r.learner),
                    r.time.to_rfc3339(),
                    r.mode,
                    r.rating,
                    r.correct,
                    json_str(&r.answer),
                    r.duration_ms,
                    r.rescheduled,
                    r.before.state,
                    after.map_or("null".into(), |a| format!("\"{}\"", a.state)),
                    json_num(after.and_then(|a| a.stability)),
                    json_num(after.and_then(|a| a.difficulty)),
                    after.map_or("null".into(), |a| format!("\"{}\"", a.due.to_rfc3339())),
                ));
            }
            out.push_str("\n]\n");
        }
    }
    Ok(out)
}

/// Days from the last review to due, to two decimals (0 for a new card).
fn interval_days(s: &CardState) -> String {
    format!("{:.2}", s.interval().num_seconds() as f64 / 86_400.0)
}
