//! The `learn stats` page: every figure, with the labels the command
//! supplies (deck names, questions, the parameters in force), laid out in
//! the interface language within 80 columns.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::chart::{self, Line, Tone};
use super::figures::{
    Bucket, CardFigures, DayCount, Days, Distribution, FORECAST_DAYS, PassFail, Period, Retention, Streak, TodayFigures,
};
use crate::i18n::{Lang, msg, t, tr};
use crate::schedule::{MIN_TRAINING_ITEMS, ParameterSource};
use crate::text::width;

/// The page is laid out for this many columns.
pub(crate) const WIDTH: usize = 80;

/// A card among the hardest, with what identifies it to the learner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HardCard {
    pub deck: String,
    pub card: String,
    /// The question, as the card shows it (empty when the card is no longer
    /// in its deck).
    pub question: String,
    pub lapses: u32,
    pub retrievability: Option<f64>,
}

/// How a fitted parameter set scored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fit {
    pub fitted_at: DateTime<Utc>,
    pub reviews: u64,
    pub log_loss: f64,
    pub rmse_bins: f64,
    pub default_log_loss: f64,
    pub default_rmse_bins: f64,
}

/// The FSRS parameters one deck is scheduled with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InForce {
    pub deck: String,
    pub source: ParameterSource,
    pub weights: Vec<f32>,
    pub fit: Option<Fit>,
}

/// Everything `learn stats` shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Report {
    pub learner: String,
    /// The decks covered; empty: every deck.
    pub decks: Vec<String>,
    pub days: Days,
    pub today: TodayFigures,
    pub streak: Streak,
    /// The last `--days` study days, oldest first.
    pub daily: Vec<DayCount>,
    /// The heatmap: from a Monday a year ago to today.
    pub calendar_start: NaiveDate,
    pub calendar: Vec<u64>,
    /// True retention for each of [`Period::ALL`].
    pub retention: [Retention; 4],
    /// The desired retention of the decks (lowest, highest).
    pub desired_retention: (f64, f64),
    pub cards: CardFigures,
    pub leeches: Vec<HardCard>,
    pub lowest: Vec<HardCard>,
    pub parameters: Vec<InForce>,
}

impl Report {
    /// Days in the window of the daily chart with at least one answer.
    pub(crate) fn days_studied(&self) -> usize {
        self.daily.iter().filter(|d| d.answers > 0).count()
    }
}

/// "45s", "6m 40s", "1h 05m".
fn duration(ms: i64) -> String {
    let s = (ms.max(0) + 500) / 1000;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// "83.3%".
fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// `s` right-aligned in `w` columns.
fn lpad(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

fn heading(text: String) -> Line {
    Line::new().with(Tone::Heading, text)
}

/// Text wrapped to the page, each line indented by two spaces.
fn para(out: &mut Vec<Line>, text: &str) {
    for l in crate::text::wrap(text, WIDTH - 2).lines() {
        out.push(Line::plain(format!("  {l}")));
    }
}

const MONTHS: [&str; 12] = [
    msg!("Jan"),
    msg!("Feb"),
    msg!("Mar"),
    msg!("Apr"),
    msg!("May"),
    msg!("Jun"),
    msg!("Jul"),
    msg!("Aug"),
    msg!("Sep"),
    msg!("Oct"),
    msg!("Nov"),
    msg!("Dec"),
];

fn month_names(lang: Lang) -> [&'static str; 12] {
    MONTHS.map(|m| tr(lang, m))
}

/// A short date: "Mar 1" / "1/3".
fn short_date(lang: Lang, d: NaiveDate) -> String {
    t!(lang, "{month} {day}", month = month_names(lang)[d.month0() as usize], day = d.day())
}

/// The page, line by line.
pub(crate) fn render(r: &Report, lang: Lang) -> Vec<Line> {
    let mut out = Vec::new();
    let scope = if r.decks.is_empty() { tr(lang, "every deck").to_string() } else { r.decks.join(", ") };
    let title = t!(lang, "Statistics for {learner} · {decks}", learner = r.learner, decks = scope);
    out.push(heading(chart::truncate(&title, WIDTH)));
    let date = r.days.date(r.days.today());
    out.push(Line::new().with(Tone::Axis, t!(lang, "study day {date}", date = date.format("%Y-%m-%d"))));
    today(&mut out, r, lang);
    cards(&mut out, r, lang);
    forecast(&mut out, r, lang);
    daily(&mut out, r, lang);
    calendar(&mut out, r, lang);
    retention(&mut out, r, lang);
    memory(&mut out, &r.cards, lang);
    hardest(&mut out, r, lang);
    parameters(&mut out, r, lang);
    out
}

fn today(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    out.push(Line::new());
    out.push(heading(tr(lang, "Today").to_string()));
    let f = &r.today;
    if f.answers == 0 {
        para(out, tr(lang, "No answers yet today."));
    } else {
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_wrap)] // counts of answers
        let each = f.duration_ms / f.answers as i64;
        #[allow(clippy::cast_precision_loss)]
        let right = f.correct as f64 / f.answers as f64;
        para(
            out,
            &t!(
                lang,
                "{n} answers in {time} ({each} each) · {right} right · Again {again}",
                n = f.answers,
                time = duration(f.duration_ms),
                each = duration(each),
                right = percent(right),
                again = f.again
            ),
        );
        para(
            out,
            &t!(
                lang,
                "learning {learn} · review {review} · relearning {relearn} · practice {cram}",
                learn = f.learn,
                review = f.review,
                relearn = f.relearn,
                cram = f.cram
            ),
        );
    }
    let streak = if r.streak.current == 1 {
        t!(
            lang,
            "Streak: 1 day (longest {longest}) · studied on {studied} of the last {n} days",
            longest = r.streak.longest,
            studied = r.days_studied(),
            n = r.daily.len()
        )
    } else {
        t!(
            lang,
            "Streak: {current} days in a row (longest {longest}) · studied on {studied} of the last {n} days",
            current = r.streak.current,
            longest = r.streak.longest,
            studied = r.days_studied(),
            n = r.daily.len()
        )
    };
    para(out, &streak);
}

fn cards(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    let c = &r.cards.counts;
    out.push(Line::new());
    out.push(heading(t!(lang, "Cards: {total}", total = c.total())));
    para(
        out,
        &t!(
            lang,
            "new {new} · learning {learning} · relearning {relearning} · young {young} · mature {mature}",
            new = c.new,
            learning = c.learning,
            relearning = c.relearning,
            young = c.young,
            mature = c.mature
        ),
    );
    para(
        out,
        &t!(
            lang,
            "flagged {flagged} · leeches {leeches} (young: an interval under 21 days; mature: 21 or more)",
            flagged = c.flagged,
            leeches = c.leeches
        ),
    );
}

fn forecast(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    let f = &r.cards.forecast;
    let total: u64 = f.due.iter().sum();
    out.push(Line::new());
    out.push(heading(t!(lang, "Due in the next {n} days: {total}", n = FORECAST_DAYS, total = total)));
    para(
        out,
        &t!(
            lang,
            "overdue now: {overdue} · due today: {today} · tomorrow: {tomorrow}",
            overdue = f.overdue,
            today = f.due.first().copied().unwrap_or(0),
            tomorrow = f.due.get(1).copied().unwrap_or(0)
        ),
    );
    let labels: Vec<(usize, String)> = (0..FORECAST_DAYS)
        .step_by(7)
        .map(|d| (d, if d == 0 { tr(lang, "today").to_string() } else { format!("+{d}") }))
        .collect();
    let (lines, _) = chart::columns(&f.due, 6, WIDTH - 2, &labels);
    out.extend(lines.into_iter().map(indent));
}

fn indent(l: Line) -> Line {
    let mut out = Line::plain("  ");
    for (tone, s) in l.0 {
        out.push(tone, s);
    }
    out
}

fn daily(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    let n = r.daily.len();
    let total: u64 = r.daily.iter().map(|d| d.answers).sum();
    let studied = r.days_studied();
    out.push(Line::new());
    out.push(heading(t!(lang, "Answers, last {n} days: {total}", n = n, total = total)));
    if studied > 0 {
        #[allow(clippy::cast_precision_loss)] // counts of answers
        let avg = total as f64 / studied as f64;
        let time: i64 = r.daily.iter().map(|d| d.duration_ms).sum();
        para(
            out,
            &t!(
                lang,
                "{avg} a day on the days studied · {time} in all",
                avg = format!("{avg:.1}"),
                time = duration(time)
            ),
        );
    }
    let today = r.days.today();
    let date = |i: usize| r.days.date(today - i64::try_from(n - 1 - i).unwrap_or(0));
    let step = if n <= 31 { 7 } else { n.div_ceil(5).max(7) };
    let mut labels: Vec<(usize, String)> = (0..n).step_by(step).map(|i| (i, short_date(lang, date(i)))).collect();
    if let Some(last) = n.checked_sub(1) {
        labels.retain(|(i, _)| last - i >= step.min(4));
        labels.push((last, tr(lang, "today").to_string()));
    }
    let values: Vec<u64> = r.daily.iter().map(|d| d.answers).collect();
    let (lines, group) = chart::columns(&values, 6, WIDTH - 2, &labels);
    out.extend(lines.into_iter().map(indent));
    if group > 1 {
        para(out, &t!(lang, "(each column is {n} days)", n = group));
    }
}

fn calendar(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    let total: u64 = r.calendar.iter().sum();
    let days = r.calendar.iter().filter(|&&n| n > 0).count();
    out.push(Line::new());
    out.push(heading(t!(lang, "The past year: {total} answers on {days} days", total = total, days = days)));
    let rows = [
        tr(lang, "Mon"),
        tr(lang, "Tue"),
        tr(lang, "Wed"),
        tr(lang, "Thu"),
        tr(lang, "Fri"),
        tr(lang, "Sat"),
        tr(lang, "Sun"),
    ];
    let start = r.calendar_start;
    let month = |i: usize| start.checked_add_days(chrono::Days::new(i as u64)).map_or(start.month(), |d| d.month());
    let lines = chart::calendar(&r.calendar, month, &rows, &month_names(lang), (tr(lang, "less"), tr(lang, "more")));
    out.extend(lines.into_iter().map(indent));
}

fn retention(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    out.push(Line::new());
    let (lo, hi) = r.desired_retention;
    let desired = if (hi - lo).abs() < 1e-9 { percent(lo) } else { format!("{}–{}", percent(lo), percent(hi)) };
    out.push(heading(t!(lang, "True retention (desired: {desired})", desired = desired)));
    para(out, tr(lang, "Reviews passed (not Again) out of reviews, as Anki counts them."));
    let label_w = 14;
    let fraction = |pf: PassFail| format!("{}/{}", pf.pass, pf.pass + pf.fail);
    let all = r.retention.iter().flat_map(|x| [x.young, x.mature, x.total()]);
    let fw = all.map(|pf| fraction(pf).len()).max().unwrap_or(1).max(5);
    let col = fw + 9;
    let cell = |pf: PassFail| -> String {
        match pf.rate() {
            Some(rate) => format!("{:>fw$} {:>6}", fraction(pf), percent(rate)),
            None => format!("{:>fw$} {:>6}", "0", "—"),
        }
    };
    let mut head = " ".repeat(2 + label_w);
    for name in [tr(lang, "Young"), tr(lang, "Mature"), tr(lang, "Total")] {
        head.push_str(&lpad(name, col));
    }
    out.push(Line::new().with(Tone::Axis, head));
    for (p, ret) in Period::ALL.iter().zip(&r.retention) {
        let name = match p {
            Period::Today => tr(lang, "Today"),
            Period::Week => tr(lang, "Last 7 days"),
            Period::Month => tr(lang, "Last 30 days"),
            Period::Year => tr(lang, "Last year"),
        };
        let mut line = Line::plain(format!("  {name}{}", " ".repeat(label_w.saturating_sub(width(name)))));
        for pf in [ret.young, ret.mature, ret.total()] {
            // Below the desired retention in red, at or above it in green.
            let tone = match pf.rate() {
                Some(rate) if rate + 1e-9 < lo => Tone::Bad,
                Some(_) => Tone::Good,
                None => Tone::Axis,
            };
            line.push(tone, lpad(&cell(pf), col));
        }
        out.push(line);
    }
}

/// Labels of the stability buckets.
fn stability_label(lang: Lang, b: &Bucket) -> String {
    let span = |d: f64| -> String {
        match d {
            d if d < 7.0 => t!(lang, "{n}d", n = d),
            d if d < 30.0 => t!(lang, "{n}w", n = d / 7.0),
            d if d < 365.0 => t!(lang, "{n}mo", n = (d / 30.0).round()),
            d => t!(lang, "{n}y", n = (d / 365.0).round()),
        }
    };
    match b.to {
        None => format!("≥ {}", span(b.from)),
        Some(_) if b.from == 0.0 => format!("< {}", span(b.to.unwrap_or(1.0))),
        Some(to) => format!("{}–{}", span(b.from), span(to)),
    }
}

fn tenth_label(b: &Bucket) -> String {
    format!("{:.0}–{:.0}%", b.from * 100.0, b.to.unwrap_or(1.0) * 100.0)
}

fn histogram(out: &mut Vec<Line>, title: String, d: &Distribution, label: impl Fn(&Bucket) -> String) {
    out.push(Line::new());
    out.push(heading(title));
    let rows: Vec<(String, u64)> = d.buckets.iter().map(|b| (label(b), b.cards)).collect();
    out.extend(chart::bars(&rows, WIDTH - 2).into_iter().map(indent));
}

fn memory(out: &mut Vec<Line>, c: &CardFigures, lang: Lang) {
    let mean = |d: &Distribution, f: &dyn Fn(f64) -> String| d.mean.map_or_else(|| "—".to_string(), f);
    histogram(
        out,
        t!(
            lang,
            "Stability (days until recall falls to 90%): mean {mean}",
            mean = mean(&c.stability, &|m| t!(lang, "{n} days", n = format!("{m:.1}")))
        ),
        &c.stability,
        |b| stability_label(lang, b),
    );
    histogram(
        out,
        t!(lang, "Difficulty: mean {mean}", mean = mean(&c.difficulty, &|m| percent(m))),
        &c.difficulty,
        tenth_label,
    );
    histogram(
        out,
        t!(lang, "Retrievability now (chance of recall): mean {mean}", mean = mean(&c.retrievability, &|m| percent(m))),
        &c.retrievability,
        tenth_label,
    );
}

fn hard_line(lang: Lang, h: &HardCard, lapses: bool) -> Line {
    let r = h.retrievability.map_or_else(|| "—".to_string(), |r| format!("{:.0}%", r * 100.0));
    let head =
        if lapses { t!(lang, "{n} lapses · recall {r}", n = h.lapses, r = r) } else { t!(lang, "recall {r}", r = r) };
    let question = if h.question.is_empty() {
        tr(lang, "(no longer in its deck)").to_string()
    } else {
        h.question.replace('\n', " ")
    };
    let text = format!("  {head} · {}/{}: {question}", h.deck, h.card);
    Line::plain(chart::truncate(&text, WIDTH))
}

fn hardest(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    out.push(Line::new());
    out.push(heading(t!(lang, "Leeches: {n}", n = r.cards.counts.leeches)));
    if r.leeches.is_empty() {
        para(out, tr(lang, "None yet."));
    }
    out.extend(r.leeches.iter().map(|h| hard_line(lang, h, true)));
    out.push(Line::new());
    out.push(heading(tr(lang, "Review cards least likely to be recalled now").to_string()));
    if r.lowest.is_empty() {
        para(out, tr(lang, "No review cards yet."));
    }
    out.extend(r.lowest.iter().map(|h| hard_line(lang, h, false)));
}

fn parameters(out: &mut Vec<Line>, r: &Report, lang: Lang) {
    out.push(Line::new());
    out.push(heading(tr(lang, "FSRS parameters in force").to_string()));
    for p in &r.parameters {
        let deck = if p.deck.is_empty() { tr(lang, "every deck").to_string() } else { p.deck.clone() };
        let what = match (p.source, &p.fit) {
            (ParameterSource::Defaults, _) => t!(
                lang,
                "the FSRS-6 defaults (`learn optimize` fits them to your history once you have {n} reviews)",
                n = MIN_TRAINING_ITEMS
            ),
            (ParameterSource::Config, _) => tr(lang, "`parameters` from learn.toml").to_string(),
            (source, Some(f)) => t!(
                lang,
                "fitted to your history {scope} on {date} ({n} reviews; log loss {loss} against {default} for the defaults)",
                scope = if source == ParameterSource::FittedForDeck {
                    tr(lang, "in this deck")
                } else {
                    tr(lang, "in every deck")
                },
                date = (f.fitted_at + chrono::Duration::seconds(i64::from(r.days.offset_secs)))
                    .date_naive()
                    .format("%Y-%m-%d"),
                n = f.reviews,
                loss = format!("{:.4}", f.log_loss),
                default = format!("{:.4}", f.default_log_loss)
            ),
            (_, None) => tr(lang, "fitted to your history").to_string(),
        };
        para(out, &format!("{deck}: {what}"));
    }
}

#[cfg(test)]
mod tests;
