//! What a session says at its end (and on Ctrl-C): counts, time, what is
//! left or when to come back, what to drill, and in a quiz the questions
//! missed or nearly right. Wrapped to the terminal with a hanging indent.

use chrono::{DateTime, Utc};

use super::driver::{Driver, expected_text, question_text};
use crate::i18n::{Lang, t};
use crate::schedule::format_span;
use crate::session::{Outcome, Session};
use crate::store::Mode;
use crate::text::{neutralize, wrap_hanging};

/// "1 card", "2 cards" (Vietnamese has one form).
fn cards(lang: Lang, n: usize) -> String {
    if n == 1 { t!(lang, "1 card") } else { t!(lang, "{n} cards", n = n) }
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
        let skipped = match s.skipped {
            0 => String::new(),
            n => t!(l, " · skipped {n}", n = n),
        };
        lines.push(t!(
            l,
            "Score: {right}/{answered} right ({pct}%) · answered {answered}/{total}{skipped} · {time}",
            right = s.right,
            answered = s.answered,
            pct = pct,
            total = total,
            skipped = skipped,
            time = time
        ));
        quiz_report(d, &mut lines);
    } else {
        lines.push(t!(
            l,
            "Done: {cards} · {right} right ({pct}%) · {time}",
            cards = cards(l, s.answered),
            right = s.right,
            pct = pct,
            time = time
        ));
        outlook(d, session, &mut lines);
    }
    let missed = session.still_missed();
    if missed > 0 {
        lines.push(if missed == 1 {
            t!(l, "Missed 1 card; drill it with `learn review`.")
        } else {
            t!(l, "Missed {n} cards; drill them with `learn review`.", n = missed)
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
        lines.push(t!(
            l,
            "Left for today: new {new} · learning {learning} · due {due}.",
            new = o.left.new,
            learning = o.left.learning,
            due = o.left.review
        ));
    }
    if o.held_back > 0 {
        lines.push(t!(
            l,
            "{cards} more due, held back by today's limits or because a sibling was studied today.",
            cards = cards(l, o.held_back)
        ));
    } else if let Some(t) = o.next {
        let offset = d.ctx.clock.local_offset_secs(now);
        lines.push(format!("{} {}", crate::i18n::tr(l, "Next cards due:"), when(l, t, now, offset)));
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
        lines.push(format!("    {} {}", crate::i18n::tr(l, "You answered:"), neutralize(&m.given)));
        let answer = expected_text(l, &item.prompt, &m.judgement.expected);
        let label = if m.judgement.outcome == Outcome::Almost {
            crate::i18n::tr(l, "Exact form:")
        } else {
            crate::i18n::tr(l, "Answer:")
        };
        lines.push(format!("    {label} {}", neutralize(&answer)));
        if let Some(e) = it.explanation(d.decks) {
            lines.push(format!("    {} {}", crate::i18n::tr(l, "Why:"), neutralize(&e)));
        }
    }
}

/// What `learn run` says when nothing is due.
pub(super) fn nothing_due(lang: Lang, session: &Session, now: DateTime<Utc>, offset: i32) -> String {
    let o = session.outlook(now);
    if o.held_back > 0 {
        return t!(
            lang,
            "Done for today. {cards} more due, held back by today's limits.",
            cards = cards(lang, o.held_back)
        );
    }
    let next = o.next.map(|t| when(lang, t, now, offset));
    match next {
        Some(n) => t!(lang, "Nothing is due now. Next card: {when}.", when = n),
        None => t!(lang, "Nothing is due now."),
    }
}

/// "in 10m (2026-03-02 09:10)" in the learner's language and local time.
fn when(lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>, offset_secs: i32) -> String {
    let span = format_span((t - now).num_seconds());
    let zone = chrono::FixedOffset::east_opt(offset_secs).unwrap_or_else(|| chrono::Offset::fix(&Utc));
    let at = t.with_timezone(&zone).format("%Y-%m-%d %H:%M");
    t!(lang, "in {span} ({at})", span = span, at = at)
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
