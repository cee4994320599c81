//! `learn report --html FILE`: one self-contained page (no network, inline
//! CSS and SVG charts) that reads on a phone.

use std::fmt::Write;

use super::Cohort;
use crate::i18n::{Lang, t, tr};

/// The page's whole style sheet.
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:760px;padding:12px;color:#222}\
         h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\
         table{border-collapse:collapse;width:100%;font-size:.9em}\
         th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}\
         td.n{text-align:right;white-space:nowrap}.scroll{overflow-x:auto}\
         .muted{color:#666;font-size:.85em}";

/// How many of the hardest cards the page charts and lists.
const HARD_SHOWN: usize = 30;

/// Text made safe inside HTML elements and attributes.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A horizontal bar chart: one labelled bar per (label, share 0..1).
fn bars(title: &str, rows: &[(String, f64, String)], colour: &str) -> String {
    let row_h = 22;
    let height = rows.len() * row_h + 8;
    let mut svg = format!(
        "<p class=\"muted\">{}</p><svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 320 {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title),
        escape(title)
    );
    for (i, (label, share, value)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (share.clamp(0.0, 1.0) * 170.0).round();
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text><rect x=\"110\" y=\"{y}\" width=\"{w}\" height=\"16\" fill=\"{colour}\"></rect><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y + 12,
            escape(&label.chars().take(16).collect::<String>()),
            110.0 + w + 4.0,
            y + 12,
            escape(value)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The page in `lang`.
pub(crate) fn page(c: &Cohort, lang: Lang) -> String {
    let l = lang;
    let title = tr(l, "Training report");
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{}</style></head><body>",
        if l == Lang::Vi { "vi" } else { "en" },
        escape(title),
        STYLE
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p class=\"muted\">{}</p>",
        escape(title),
        escape(&t!(
            l,
            "Answers since {since}; made {now}.",
            since = c.since.format("%Y-%m-%d %H:%M UTC"),
            now = c.generated.format("%Y-%m-%d %H:%M UTC")
        ))
    );
    // Learners.
    let _ = write!(h, "<h2>{}</h2>", escape(tr(l, "Learners")));
    let retention: Vec<(String, f64, String)> = c
        .learners
        .iter()
        .map(|x| (x.learner.clone(), x.true_retention.unwrap_or(0.0), x.true_retention.map_or("—".into(), percent)))
        .collect();
    if !retention.is_empty() {
        h.push_str(&bars(tr(l, "True retention"), &retention, "#3a7d44"));
    }
    let _ = write!(
        h,
        "<div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(tr(l, "Learner")),
        escape(tr(l, "Cards studied")),
        escape(tr(l, "Answers")),
        escape(tr(l, "True retention")),
        escape(tr(l, "Due backlog")),
        escape(tr(l, "Last active")),
        escape(tr(l, "Time spent")),
    );
    for x in &c.learners {
        let _ = write!(
            h,
            "<tr class=\"learner\"><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&x.learner),
            x.cards_studied,
            x.answers,
            x.true_retention.map_or("—".into(), percent),
            x.due_backlog,
            x.last_active.map_or("—".into(), |t| t.format("%Y-%m-%d").to_string()),
            escape(&minutes(x.time_spent_secs)),
        );
    }
    h.push_str("</tbody></table></div>");
    // Cards.
    let _ = write!(h, "<h2>{}</h2>", escape(tr(l, "Hardest cards")));
    let shown: Vec<_> = c.cards.iter().take(HARD_SHOWN).collect();
    if shown.is_empty() {
        let _ = write!(h, "<p>{}</p>", escape(tr(l, "No answers in this period.")));
    } else {
        let rates: Vec<(String, f64, String)> =
            shown.iter().take(10).map(|x| (x.card.clone(), x.miss_rate, percent(x.miss_rate))).collect();
        h.push_str(&bars(tr(l, "Miss rate"), &rates, "#b03a2e"));
        let _ = write!(
            h,
            "<div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(tr(l, "Card")),
            escape(tr(l, "Miss rate")),
            escape(tr(l, "Learners who missed")),
            escape(tr(l, "Common wrong answers")),
        );
        for x in shown {
            let wrong: Vec<String> =
                x.wrong_answers.iter().map(|w| format!("“{}” ×{}", escape(&w.answer), w.count)).collect();
            let _ = write!(
                h,
                "<tr class=\"card\"><td><b>{}</b> / {}<br><span class=\"muted\">{}</span></td><td class=\"n\">{} ({}/{})</td><td class=\"n\">{}/{}</td><td>{}</td></tr>",
                escape(&x.deck),
                escape(&x.card),
                escape(x.question.as_deref().unwrap_or("")),
                percent(x.miss_rate),
                x.misses,
                x.answers,
                x.learners_missing,
                x.learners,
                wrong.join("<br>"),
            );
        }
        h.push_str("</tbody></table></div>");
    }
    h.push_str("</body></html>\n");
    h
}

/// Seconds as `1h 05m` or `12m`.
pub(crate) fn minutes(secs: i64) -> String {
    let m = secs.max(0) / 60;
    if m >= 60 { format!("{}h {:02}m", m / 60, m % 60) } else { format!("{m}m") }
}
