//! What a session says at its end (and on Ctrl-C): counts, time, the next
//! due card, and in a quiz the questions missed or nearly right.

use chrono::{DateTime, Utc};

use super::driver::{Driver, expected_text, question_text};
use crate::i18n::Lang;
use crate::schedule::format_span;
use crate::session::{Outcome, Session};
use crate::store::Mode;
use crate::text::neutralize;

/// The summary of a session so far.
pub(super) fn text(d: &Driver<'_>, session: &Session) -> String {
    let l = d.ctx.lang;
    let s = &session.summary;
    let secs = d.started.elapsed().as_secs();
    let time = if secs >= 60 { format!("{}m {}s", secs / 60, secs % 60) } else { format!("{secs}s") };
    let pct = (s.right * 100).checked_div(s.answered).unwrap_or(0);
    let mut lines = Vec::new();
    if d.mode == Mode::Quiz {
        let total = d.exam_total.unwrap_or(s.answered);
        lines.push(match l {
            Lang::Vi => {
                format!(
                    "Kết quả: {}/{} đúng ({pct}%) · đã trả lời {}/{total} · {time}",
                    s.right, s.answered, s.answered
                )
            }
            Lang::En => {
                format!("Score: {}/{} right ({pct}%) · answered {}/{total} · {time}", s.right, s.answered, s.answered)
            }
        });
        quiz_report(d, &mut lines);
    } else {
        lines.push(match l {
            Lang::Vi => format!("Kết thúc: {} thẻ · {} đúng ({pct}%) · {time}", s.answered, s.right),
            Lang::En => format!("Done: {} cards · {} right ({pct}%) · {time}", s.answered, s.right),
        });
        let now = d.ctx.clock.now();
        if let Some(t) = session.next_due(now) {
            let offset = d.ctx.clock.local_offset_secs(now);
            lines.push(format!("{} {}", l.pick("Thẻ tiếp theo đến hạn:", "Next cards due:"), when(l, t, now, offset)));
        }
    }
    if !s.missed.is_empty() {
        lines.push(match l {
            Lang::Vi => format!("Trả lời sai {} thẻ; ôn lại bằng `learn review --missed`.", s.missed.len()),
            Lang::En => format!("Missed {}; drill them with `learn review --missed`.", s.missed.len()),
        });
    }
    lines.join("\n")
}

/// Each question of a quiz that was missed or only nearly right.
fn quiz_report(d: &Driver<'_>, lines: &mut Vec<String>) {
    let l = d.ctx.lang;
    for m in &d.misses {
        let it = &d.items[m.item];
        let Some(item) = it.item(d.decks) else { continue };
        let mark = if m.judgement.outcome == Outcome::Almost { "≈" } else { "✗" };
        lines.push(format!("  {mark} {}", neutralize(question_text(&item.prompt))));
        lines.push(format!("    {} {}", l.pick("Bạn trả lời:", "You answered:"), neutralize(&m.given)));
        let answer = expected_text(l, &item.prompt, &m.judgement.expected);
        lines.push(format!("    {} {}", l.pick("Đáp án:", "Answer:"), neutralize(&answer)));
        if let Some(e) = it.explanation(d.decks) {
            lines.push(format!("    {} {}", l.pick("Giải thích:", "Why:"), neutralize(e)));
        }
    }
}

/// What `learn run` says when nothing is due.
pub(super) fn nothing_due(lang: Lang, session: &Session, now: DateTime<Utc>, offset: i32) -> String {
    let next = session.next_due(now).map(|t| when(lang, t, now, offset));
    match (lang, next) {
        (Lang::Vi, Some(n)) => format!("Hôm nay không còn thẻ nào đến hạn. Thẻ tiếp theo: {n}."),
        (Lang::Vi, None) => "Hôm nay không còn thẻ nào đến hạn.".into(),
        (Lang::En, Some(n)) => format!("Nothing is due now. Next card: {n}."),
        (Lang::En, None) => "Nothing is due now.".into(),
    }
}

/// "in 10m (2026-03-02 09:10)" in the learner's language and local time.
fn when(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>, offset_secs: i32) -> String {
    let span = format_span((t - now).num_seconds());
    let zone = chrono::FixedOffset::east_opt(offset_secs).unwrap_or_else(|| chrono::Offset::fix(&Utc));
    let at = t.with_timezone(&zone).format("%Y-%m-%d %H:%M");
    match lang {
        Lang::Vi => format!("sau {span} ({at})"),
        Lang::En => format!("in {span} ({at})"),
    }
}
