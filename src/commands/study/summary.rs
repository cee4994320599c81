//! What a session says at its end (and on Ctrl-C): counts, time, what is
//! left or when to come back, what to drill, and in a quiz the questions
//! missed or nearly right. Wrapped to the terminal with a hanging indent.

use chrono::{DateTime, Utc};

use super::driver::{Driver, expected_text, question_text};
use crate::i18n::Lang;
use crate::schedule::format_span;
use crate::session::{Outcome, Session};
use crate::store::Mode;
use crate::text::{neutralize, wrap_hanging};

/// "1 card", "2 cards" (Vietnamese has one form).
fn cards(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Vi => format!("{n} thẻ"),
        Lang::En if n == 1 => "1 card".into(),
        Lang::En => format!("{n} cards"),
    }
}

/// A percentage rounded to the nearest whole number (2/3 is 67%).
pub(super) fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2).checked_div(whole).unwrap_or(0)
}

/// The summary of a session so far, wrapped to `width` when given.
pub(super) fn text(d: &Driver<'_>, session: &Session, width: Option<usize>) -> String {
    let l = d.ctx.lang;
    let s = &session.summary;
    let secs = d.started.elapsed().as_secs();
    let time = if secs >= 60 { format!("{}m {}s", secs / 60, secs % 60) } else { format!("{secs}s") };
    let pct = percent(s.right, s.answered);
    let mut lines = Vec::new();
    if d.mode == Mode::Quiz {
        let total = d.exam_total.unwrap_or(s.answered);
        let skipped = match (l, s.skipped) {
            (_, 0) => String::new(),
            (Lang::Vi, n) => format!(" · bỏ qua {n}"),
            (Lang::En, n) => format!(" · skipped {n}"),
        };
        lines.push(match l {
            Lang::Vi => format!(
                "Kết quả: {}/{} đúng ({pct}%) · đã trả lời {}/{total}{skipped} · {time}",
                s.right, s.answered, s.answered
            ),
            Lang::En => format!(
                "Score: {}/{} right ({pct}%) · answered {}/{total}{skipped} · {time}",
                s.right, s.answered, s.answered
            ),
        });
        quiz_report(d, &mut lines);
    } else {
        lines.push(match l {
            Lang::Vi => format!("Kết thúc: {} · {} đúng ({pct}%) · {time}", cards(l, s.answered), s.right),
            Lang::En => format!("Done: {} · {} right ({pct}%) · {time}", cards(l, s.answered), s.right),
        });
        outlook(d, session, &mut lines);
    }
    let missed = session.still_missed();
    if missed > 0 {
        lines.push(match (l, missed) {
            (Lang::Vi, n) => format!("Còn {n} thẻ trả lời sai; ôn lại bằng `learn review`."),
            (Lang::En, 1) => "Missed 1 card; drill it with `learn review`.".into(),
            (Lang::En, n) => format!("Missed {n} cards; drill them with `learn review`."),
        });
    }
    match width {
        Some(w) => lines.iter().map(|line| wrap_hanging(line, w.saturating_sub(1))).collect::<Vec<_>>().join("\n"),
        None => lines.join("\n"),
    }
}

/// What is left today, or when to come back.
fn outlook(d: &Driver<'_>, session: &Session, lines: &mut Vec<String>) {
    let l = d.ctx.lang;
    let now = d.ctx.clock.now();
    let o = session.outlook(now);
    let left = o.left.new + o.left.learning + o.left.review;
    if left > 0 && d.mode == Mode::Run {
        lines.push(match l {
            Lang::Vi => format!(
                "Còn lại hôm nay: mới {} · đang học {} · đến hạn {}.",
                o.left.new, o.left.learning, o.left.review
            ),
            Lang::En => {
                format!("Left for today: new {} · learning {} · due {}.", o.left.new, o.left.learning, o.left.review)
            }
        });
    }
    if o.held_back > 0 {
        lines.push(match l {
            Lang::Vi => format!(
                "{} nữa đã đến hạn nhưng để sau: đã đủ giới hạn trong ngày, hoặc một thẻ cùng nhóm vừa được học hôm nay.",
                cards(l, o.held_back)
            ),
            Lang::En => format!(
                "{} more due, held back by today's limits or because a sibling was studied today.",
                cards(l, o.held_back)
            ),
        });
    } else if let Some(t) = o.next {
        let offset = d.ctx.clock.local_offset_secs(now);
        lines.push(format!("{} {}", l.pick("Thẻ tiếp theo đến hạn:", "Next cards due:"), when(l, t, now, offset)));
    }
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
        let label = if m.judgement.outcome == Outcome::Almost {
            l.pick("Viết chính xác:", "Exact form:")
        } else {
            l.pick("Đáp án:", "Answer:")
        };
        lines.push(format!("    {label} {}", neutralize(&answer)));
        if let Some(e) = it.explanation(d.decks) {
            lines.push(format!("    {} {}", l.pick("Giải thích:", "Why:"), neutralize(e)));
        }
    }
}

/// What `learn run` says when nothing is due.
pub(super) fn nothing_due(lang: Lang, session: &Session, now: DateTime<Utc>, offset: i32) -> String {
    let o = session.outlook(now);
    if o.held_back > 0 {
        return match lang {
            Lang::Vi => format!(
                "Hôm nay đã xong. {} nữa đã đến hạn nhưng để sau theo giới hạn trong ngày.",
                cards(lang, o.held_back)
            ),
            Lang::En => format!("Done for today. {} more due, held back by today's limits.", cards(lang, o.held_back)),
        };
    }
    let next = o.next.map(|t| when(lang, t, now, offset));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_to_the_nearest() {
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(8, 9), 89);
        assert_eq!(percent(7, 8), 88);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(3, 3), 100);
    }

    #[test]
    fn one_card_many_cards() {
        assert_eq!(cards(Lang::En, 1), "1 card");
        assert_eq!(cards(Lang::En, 0), "0 cards");
        assert_eq!(cards(Lang::Vi, 1), "1 thẻ");
    }
}
