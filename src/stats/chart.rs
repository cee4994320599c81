//! Charts in block characters, for a plain terminal: columns (a bar per
//! day, eighth-blocks for the tops), a year calendar in shades (like
//! Anki's), and horizontal bars (histograms). Each line is a list of
//! spans with a [`Tone`], which the terminal layer may colour; without
//! colour the text is exactly what the tests compare.

use unicode_width::UnicodeWidthChar;

use crate::text::width;

/// What a span of a chart is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Plain,
    Heading,
    Bar,
    /// Axes, scales, legends.
    Axis,
    Good,
    Bad,
}

/// One line of output: spans of text, each with its tone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Line(pub(crate) Vec<(Tone, String)>);

impl Line {
    pub(crate) fn new() -> Line {
        Line(Vec::new())
    }

    pub(crate) fn plain(text: impl Into<String>) -> Line {
        Line(vec![(Tone::Plain, text.into())])
    }

    pub(crate) fn with(mut self, tone: Tone, text: impl Into<String>) -> Line {
        self.push(tone, text);
        self
    }

    pub(crate) fn push(&mut self, tone: Tone, text: impl Into<String>) {
        let text = text.into();
        if text.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some((t, s)) if *t == tone => s.push_str(&text),
            _ => self.0.push((tone, text)),
        }
    }

    /// The text without tones, trailing spaces dropped.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        let s: String = self.0.iter().map(|(_, s)| s.as_str()).collect();
        s.trim_end().to_string()
    }

    #[cfg(test)]
    pub(crate) fn width(&self) -> usize {
        width(&self.text())
    }
}

/// Lines as plain text, one per line.
#[cfg(test)]
pub(crate) fn plain(lines: &[Line]) -> String {
    lines.iter().map(|l| l.text() + "\n").collect()
}

/// Eighths of a cell, bottom up.
const RISING: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Eighths of a cell, left to right.
const GROWING: [char; 9] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// `value` of `max` as eighths of `cells` cells; anything above zero shows.
fn eighths(value: u64, max: u64, cells: usize) -> usize {
    if value == 0 || max == 0 {
        return 0;
    }
    let full = cells as u64 * 8;
    let e = (u128::from(value) * u128::from(full) + u128::from(max) / 2) / u128::from(max);
    usize::try_from(e.clamp(1, u128::from(full))).unwrap_or(0)
}

/// Cuts `s` to at most `max` columns (an ellipsis marks the cut).
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// A column chart of `values` (one column each, left to right), `height`
/// rows tall, within `max_width` columns. When the values do not fit one
/// per column they are summed in groups, each group a column. `labels` are
/// placed under the value of the given index (a label that would touch the
/// one before is left out). Returns the lines and how many values each
/// column sums.
pub(crate) fn columns(
    values: &[u64],
    height: usize,
    max_width: usize,
    labels: &[(usize, String)],
) -> (Vec<Line>, usize) {
    let top = values.iter().copied().max().unwrap_or(0);
    let scale = top.to_string();
    let gutter = width(&scale) + 2;
    let room = max_width.saturating_sub(gutter).max(1);
    let group = values.len().div_ceil(room).max(1);
    let grouped: Vec<u64> = values.chunks(group).map(|c| c.iter().sum()).collect();
    let top = grouped.iter().copied().max().unwrap_or(0);
    let scale = top.to_string();
    let gutter = width(&scale) + 2;
    // Two columns a bar (the bar and a gap) when they fit, else one.
    let cell = if grouped.len() * 2 <= max_width.saturating_sub(gutter) { 2 } else { 1 };
    let levels: Vec<usize> = grouped.iter().map(|&v| eighths(v, top, height)).collect();
    let mut lines = Vec::with_capacity(height + 2);
    for row in 0..height {
        let mut line = Line::new();
        let label = if row == 0 { scale.clone() } else { String::new() };
        line.push(Tone::Axis, format!("{label:>w$} {}", if row == 0 { '┤' } else { '│' }, w = gutter - 2));
        let floor = (height - 1 - row) * 8;
        let mut bars = String::new();
        for &l in &levels {
            bars.push(RISING[l.saturating_sub(floor).min(8)]);
            if cell == 2 {
                bars.push(' ');
            }
        }
        line.push(Tone::Bar, bars);
        lines.push(line);
    }
    let axis_len = grouped.len() * cell;
    lines.push(Line::new().with(Tone::Axis, format!("{:>w$} └{}", 0, "─".repeat(axis_len), w = gutter - 2)));
    let mut under = String::new();
    let mut used = 0;
    for (index, text) in labels {
        let at = gutter + (index / group) * cell;
        if at < used + usize::from(used > 0) || at + width(text) > max_width {
            continue;
        }
        under.push_str(&" ".repeat(at - used));
        under.push_str(text);
        used = at + width(text);
    }
    if !under.is_empty() {
        lines.push(Line::new().with(Tone::Axis, under));
    }
    (lines, group)
}

/// Shades of the calendar, none to most.
const SHADES: [char; 5] = ['·', '░', '▒', '▓', '█'];

/// The shade of a day with `n` answers when the busiest day had `max`:
/// quarters of the busiest day, as Anki's heatmap.
fn shade(n: u64, max: u64) -> char {
    if n == 0 || max == 0 {
        return SHADES[0];
    }
    let q = (n * 4).div_ceil(max).clamp(1, 4);
    SHADES[usize::try_from(q).unwrap_or(4)]
}

/// A year calendar: seven rows (Monday first) of one column a week,
/// shaded by answers a day. `counts` start on a Monday (`first_month` is
/// its month, 1 to 12) and end today; `row_labels` are the seven weekday
/// names (only Monday, Wednesday and Friday are shown) and `months` the
/// twelve month names. `legend` is ("less", "more").
pub(crate) fn calendar(
    counts: &[u64],
    month_of: impl Fn(usize) -> u32,
    row_labels: &[&str; 7],
    months: &[&str; 12],
    legend: (&str, &str),
) -> Vec<Line> {
    let weeks = counts.len().div_ceil(7);
    let max = counts.iter().copied().max().unwrap_or(0);
    let gutter = [0, 2, 4].iter().map(|&i| width(row_labels[i])).max().unwrap_or(0) + 1;
    let mut lines = Vec::with_capacity(9);
    // Month names over the week a month starts in, when there is room; the
    // first week's month is not named when that would crowd out the next.
    let mut starts: Vec<(usize, u32)> = Vec::new();
    for w in 0..weeks {
        let month = month_of(w * 7);
        if starts.last().is_none_or(|&(_, m)| m != month) {
            starts.push((w, month));
        }
    }
    if let [(_, first), (next, _), ..] = starts.as_slice()
        && *next < width(months[(*first as usize + 11) % 12]) + 1
    {
        starts.remove(0);
    }
    let mut head = " ".repeat(gutter);
    let mut used = gutter;
    for (w, month) in starts {
        let name = months[(month as usize + 11) % 12];
        let at = gutter + w;
        if at >= used + usize::from(used > gutter) {
            head.push_str(&" ".repeat(at - used));
            head.push_str(name);
            used = at + width(name);
        }
    }
    lines.push(Line::new().with(Tone::Axis, head));
    for (day, name) in row_labels.iter().enumerate() {
        let label = if day % 2 == 0 && day < 6 { name } else { "" };
        let mut line = Line::new().with(Tone::Axis, format!("{label:<gutter$}"));
        let mut cells = String::with_capacity(weeks * 3);
        for w in 0..weeks {
            cells.push(counts.get(w * 7 + day).map_or(' ', |&n| shade(n, max)));
        }
        line.push(Tone::Bar, cells);
        lines.push(line);
    }
    let mut key = Line::new().with(Tone::Axis, format!("{}{} ", " ".repeat(gutter), legend.0));
    key.push(Tone::Bar, SHADES.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" "));
    key.push(Tone::Axis, format!(" {}", legend.1));
    lines.push(key);
    lines
}

/// Horizontal bars: one row per (label, value), the bars scaled to the
/// largest, the value after each bar, all within `max_width` columns.
pub(crate) fn bars(rows: &[(String, u64)], max_width: usize) -> Vec<Line> {
    let label_w = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
    let top = rows.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let count_w = top.to_string().len();
    let room = max_width.saturating_sub(label_w + 2 + 1 + count_w).clamp(1, 40);
    rows.iter()
        .map(|(label, v)| {
            let e = eighths(*v, top, room);
            let mut bar: String = "█".repeat(e / 8);
            if !e.is_multiple_of(8) {
                bar.push(GROWING[e % 8]);
            }
            let pad = " ".repeat(label_w - width(label));
            Line::new()
                .with(Tone::Plain, format!("{label}{pad}  "))
                .with(Tone::Bar, bar)
                .with(Tone::Plain, format!(" {v}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_draw_eighth_blocks_on_an_axis_with_labels() {
        let values = [0, 1, 2, 4, 8, 16, 3];
        let labels = vec![(0, "today".to_string()), (3, "+3".to_string()), (6, "+6".to_string())];
        let (lines, group) = columns(&values, 3, 80, &labels);
        assert_eq!(group, 1);
        // Three rows are 24 eighths: 1 of 16 is 1.5 eighths (rounded to 2, ▂),
        // 3 is 4.5 (5, ▅), 8 is 12 (a full cell and ▄ on it).
        let expected = "\
16 ┤          █
   │        ▄ █
   │  ▂ ▃ ▆ █ █ ▅
 0 └──────────────
    today +3    +6
";
        assert_eq!(plain(&lines), expected);
        assert_eq!(lines[0].0[1], (Tone::Bar, "          █   ".to_string()));
        // A label that would touch the one before is left out.
        let (lines, _) = columns(&values, 3, 80, &[(0, "today".into()), (2, "+2".into()), (4, "+4".into())]);
        assert_eq!(lines[4].text(), "    today   +4");
    }

    #[test]
    fn thirty_days_fit_eighty_columns_two_cells_each() {
        let values: Vec<u64> = (0..30).map(|i| (i * 7) % 13).collect();
        let labels: Vec<(usize, String)> =
            [0, 7, 14, 21, 28].iter().map(|&d| (d, if d == 0 { "today".into() } else { format!("+{d}") })).collect();
        let (lines, _) = columns(&values, 4, 80, &labels);
        // 0, 7, 1, 8, 2, 9, 3, 10, 4, 11, 5, 12, 6, 0, ...: 7 of 12 is 19 of
        // 32 eighths (two full cells and ▃), 12 is all four.
        let expected = "\
12 ┤              ▃   ▅   █                 ▃   ▅   █
   │  ▃   ▅   █   █   █   █     ▃   ▅   █   █   █   █     ▃   ▅
   │  █   █   █   █ ▃ █ ▅ █ █   █   █   █   █ ▃ █ ▅ █ █   █   █
   │  █ ▃ █ ▅ █ █ █ █ █ █ █ █   █ ▃ █ ▅ █ █ █ █ █ █ █ █   █ ▃ █
 0 └────────────────────────────────────────────────────────────
    today         +7            +14           +21           +28
";
        assert_eq!(plain(&lines), expected);
        assert!(lines.iter().all(|l| l.width() <= 80));
    }

    #[test]
    fn many_days_are_summed_into_columns_that_fit() {
        let values = vec![1u64; 365];
        let (lines, group) = columns(&values, 2, 80, &[(0, "a year ago".into()), (364, "today".into())]);
        // 365 values in 76 columns: five days a column.
        assert_eq!(group, 5);
        assert_eq!(lines[0].text(), format!("5 ┤{}", "█".repeat(73)));
        assert!(lines.iter().all(|l| l.width() <= 80), "{}", plain(&lines));
        assert_eq!(lines[3].text(), format!("   a year ago{}today", " ".repeat(62)));
        let (empty, _) = columns(&[0, 0, 0], 2, 80, &[]);
        assert_eq!(plain(&empty), "0 ┤\n  │\n0 └──────\n");
    }

    #[test]
    fn the_calendar_shades_days_in_quarters_of_the_busiest() {
        // Two weeks and a day, starting on a Monday in March.
        let mut counts = vec![0u64; 15];
        counts[0] = 8;
        counts[1] = 1;
        counts[2] = 3;
        counts[3] = 5;
        counts[9] = 2;
        counts[14] = 7;
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let lines = calendar(&counts, |i| if i < 14 { 3 } else { 4 }, &days, &months, ("less", "more"));
        // Quarters of 8: 1 and 2 are ░, 3 ▒, 5 ▓, 7 and 8 █. April starts in
        // the third week: "Mar" would crowd it out, so April is named.
        let expected = "      Apr
Mon █·█
    ░·
Wed ▒░
    ▓·
Fri ··
    ··
    ··
    less · ░ ▒ ▓ █ more
";
        assert_eq!(plain(&lines), expected);
    }

    #[test]
    fn a_year_calendar_is_fifty_seven_columns_wide() {
        let counts: Vec<u64> = (0..371).map(|i| i % 9).collect();
        let days = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
        let months = ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12"];
        let lines = calendar(&counts, |i| u32::try_from(i / 31 % 12 + 1).unwrap_or(1), &days, &months, ("ít", "nhiều"));
        assert_eq!(lines.len(), 9);
        assert_eq!(lines[1].width(), 3 + 53);
        assert!(lines[0].text().starts_with("   T1   T2"), "{}", lines[0].text());
    }

    #[test]
    fn bars_scale_to_the_largest_with_eighth_blocks() {
        let rows = vec![("< 1 day".to_string(), 40), ("1–3 days".to_string(), 7), ("3–7 days".to_string(), 0)];
        let lines = bars(&rows, 80);
        assert_eq!(lines[0].text(), format!("< 1 day   {} 40", "█".repeat(40)));
        assert_eq!(lines[1].text(), "1–3 days  ███████ 7");
        assert_eq!(lines[2].text(), "3–7 days   0");
        let narrow = bars(&[("a".to_string(), 3), ("b".to_string(), 1)], 12);
        assert_eq!(plain(&narrow), "a  ███████ 3\nb  ██▍ 1\n");
    }

    #[test]
    fn truncation_keeps_within_the_width() {
        assert_eq!(truncate("Trung tâm cuộc gọi", 10), "Trung tâm…");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(width(&truncate("全角の文字がたくさん", 7)), 7);
    }
}
