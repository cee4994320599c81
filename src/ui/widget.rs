//! The interactive widgets, drawn by us over `console`: a list to pick one
//! or several items from, and a one-line answer editor. Every line is
//! wrapped to the terminal's width (measured in columns, not bytes) before
//! it is printed, so a widget knows exactly how many rows it uses and
//! redraws only those: the card's header and question above stay on screen,
//! whatever the text (Vietnamese, CJK, emoji, combining marks).

use console::{Key, Style, Term};

use crate::text::{neutralize, width};

/// What ended a widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Outcome<T> {
    Done(T),
    /// One of the session's keys: `u`, `f`, `s`, `q`, `?`, or Esc (menu).
    Key(SessionKey),
    /// The terminal went away.
    End,
}

/// The session's keys, the same on every screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SessionKey {
    Undo,
    Flag,
    Skip,
    Quit,
    DontKnow,
    Menu,
}

impl SessionKey {
    /// The key for a character, on screens where letters are not typed text.
    pub(super) fn of(c: char) -> Option<SessionKey> {
        match c {
            'u' | 'U' => Some(SessionKey::Undo),
            'f' | 'F' => Some(SessionKey::Flag),
            's' | 'S' => Some(SessionKey::Skip),
            'q' | 'Q' => Some(SessionKey::Quit),
            '?' => Some(SessionKey::DontKnow),
            _ => None,
        }
    }
}

/// Rows a widget has printed, so it can erase exactly those.
#[derive(Debug, Default)]
pub(super) struct Region {
    /// Full rows printed (each ended by a newline).
    rows: usize,
    /// Rows of a last line left open for the cursor (the answer editor).
    open: usize,
}

impl Region {
    /// Erases what the region printed; the cursor goes back to its start.
    pub(super) fn clear(&mut self, term: &Term) {
        if self.open > 0 {
            let _ = term.write_str("\r");
            let _ = term.move_cursor_up(self.open - 1);
        }
        if self.rows > 0 {
            let _ = term.move_cursor_up(self.rows);
        }
        if self.rows + self.open > 0 {
            let _ = term.clear_to_end_of_screen();
        }
        self.rows = 0;
        self.open = 0;
    }

    /// Replaces the region with these lines (each already narrower than
    /// the terminal).
    pub(super) fn draw(&mut self, term: &Term, lines: &[String]) {
        self.clear(term);
        for l in lines {
            let _ = term.write_line(l);
        }
        self.rows = lines.len();
        let _ = term.flush();
    }
}

/// The terminal's width in columns, less one so a full line never leaves
/// the cursor waiting to wrap.
pub(super) fn usable_width(term: &Term) -> usize {
    usize::from(term.size_checked().map_or(80, |(_, w)| w)).saturating_sub(1).max(20)
}

/// Wraps `text` to `width` columns, the first line after `first` and the
/// others after `indent` (both counted in the width).
pub(super) fn wrap_prefixed(first: &str, indent: &str, text: &str, width: usize) -> Vec<String> {
    let room = width.saturating_sub(width_of(first).max(width_of(indent))).max(8);
    crate::text::wrap(text, room)
        .split('\n')
        .enumerate()
        .map(|(n, l)| format!("{}{l}", if n == 0 { first } else { indent }))
        .collect()
}

fn width_of(s: &str) -> usize {
    width(s)
}

/// How a list behaves.
pub(super) struct ListSpec<'a> {
    /// Items as shown (already neutralised by the caller or here).
    pub(super) items: &'a [String],
    pub(super) multiple: bool,
    pub(super) default: usize,
    /// Show "1)" before each item (digits pick them either way).
    pub(super) numbered: bool,
    /// Whether `?` ("I don't know") means something on this screen.
    pub(super) dont_know: bool,
    /// Key help shown under the list.
    pub(super) help: &'a str,
    /// Shown under the help when Enter is pressed with nothing marked.
    pub(super) nothing_marked: &'a str,
}

/// Lets the learner pick one item (or several) with arrows, digits, Space
/// and Enter; returns the picked indices.
pub(super) fn pick(term: &Term, spec: &ListSpec<'_>, color: bool) -> Outcome<Vec<usize>> {
    let n = spec.items.len();
    if n == 0 {
        return Outcome::End;
    }
    let mut cur = spec.default.min(n - 1);
    let mut marked = vec![false; n];
    let mut warn = false;
    let mut region = Region::default();
    loop {
        region.draw(term, &render_list(term, spec, cur, &marked, warn, color));
        let key = match term.read_key() {
            Ok(k) => k,
            Err(_) => {
                region.clear(term);
                return Outcome::End;
            }
        };
        warn = false;
        match key {
            Key::ArrowUp | Key::BackTab | Key::Char('k') => cur = (cur + n - 1) % n,
            Key::ArrowDown | Key::Tab | Key::Char('j') => cur = (cur + 1) % n,
            Key::Home | Key::PageUp => cur = 0,
            Key::End | Key::PageDown => cur = n - 1,
            Key::Char(d @ '1'..='9') => {
                let k = d as usize - '1' as usize;
                if k < n {
                    if spec.multiple {
                        marked[k] = !marked[k];
                        cur = k;
                    } else {
                        region.clear(term);
                        return Outcome::Done(vec![k]);
                    }
                }
            }
            Key::Char(' ') if spec.multiple => marked[cur] = !marked[cur],
            Key::Enter => {
                let picked: Vec<usize> =
                    if spec.multiple { (0..n).filter(|&i| marked[i]).collect() } else { vec![cur] };
                if picked.is_empty() {
                    warn = true;
                    continue;
                }
                region.clear(term);
                return Outcome::Done(picked);
            }
            Key::Escape => {
                region.clear(term);
                return Outcome::Key(SessionKey::Menu);
            }
            Key::Char(c) => {
                if let Some(k) = SessionKey::of(c).filter(|k| *k != SessionKey::DontKnow || spec.dont_know) {
                    region.clear(term);
                    return Outcome::Key(k);
                }
            }
            _ => {}
        }
    }
}

fn render_list(term: &Term, spec: &ListSpec<'_>, cur: usize, marked: &[bool], warn: bool, color: bool) -> Vec<String> {
    let w = usable_width(term);
    let style = |s: Style| if color { s } else { Style::new() };
    let mut lines = Vec::new();
    for (i, item) in spec.items.iter().enumerate() {
        let pointer = if i == cur { "❯ " } else { "  " };
        let mark = match (spec.multiple, marked[i]) {
            (true, true) => "[x] ",
            (true, false) => "[ ] ",
            _ => "",
        };
        let number = if spec.numbered { format!("{}) ", i + 1) } else { String::new() };
        let first = format!("{pointer}{mark}{number}");
        let indent = " ".repeat(width_of(&first));
        let row_style = if i == cur { style(Style::new().cyan().bold()) } else { Style::new() };
        for line in wrap_prefixed(&first, &indent, &neutralize(item), w) {
            lines.push(row_style.apply_to(line).to_string());
        }
    }
    for line in wrap_prefixed("", "", spec.help, w) {
        lines.push(style(Style::new().dim()).apply_to(line).to_string());
    }
    if warn {
        for line in wrap_prefixed("", "", spec.nothing_marked, w) {
            lines.push(style(Style::new().yellow()).apply_to(line).to_string());
        }
    }
    lines
}

/// A one-line answer editor: typing, Backspace/Delete, ←/→, Home/End.
/// Enter gives the text; Esc gives the menu key.
pub(super) fn read_line(term: &Term, prompt: &str, hint: Option<&str>, color: bool) -> Outcome<String> {
    let mut text: Vec<char> = Vec::new();
    let mut at = 0;
    let mut region = Region::default();
    let hint_style = if color { Style::new().yellow() } else { Style::new() };
    let mut note: Option<&str> = None;
    loop {
        draw_line(term, &mut region, prompt, &text, at, note.map(|n| hint_style.apply_to(n).to_string()));
        note = None;
        let key = match term.read_key() {
            Ok(k) => k,
            Err(_) => return Outcome::End,
        };
        match key {
            Key::Enter => {
                let s: String = text.iter().collect();
                if s.trim().is_empty()
                    && let Some(h) = hint
                {
                    note = Some(h);
                    continue;
                }
                region.clear(term);
                return Outcome::Done(s);
            }
            Key::Escape => {
                region.clear(term);
                return Outcome::Key(SessionKey::Menu);
            }
            Key::Backspace if at > 0 => {
                at -= 1;
                text.remove(at);
            }
            Key::Del if at < text.len() => {
                text.remove(at);
            }
            Key::ArrowLeft => at = at.saturating_sub(1),
            Key::ArrowRight => at = (at + 1).min(text.len()),
            Key::Home => at = 0,
            Key::End => at = text.len(),
            Key::Char(c) if !c.is_control() => {
                text.insert(at, c);
                at += 1;
            }
            _ => {}
        }
    }
}

/// Draws the prompt and the text, wrapped by hand to the usable width, with
/// an optional note under it, and puts the cursor at `at`.
fn draw_line(term: &Term, region: &mut Region, prompt: &str, text: &[char], at: usize, note: Option<String>) {
    let w = usable_width(term);
    region.clear(term);
    if let Some(n) = &note {
        // The note goes above the editor so the cursor stays on the last row.
        for l in wrap_prefixed("", "", n, w) {
            let _ = term.write_line(&l);
            region.rows += 1;
        }
    }
    // Rows of (char index where the row starts); the cursor's row and column.
    let mut rows: Vec<String> = vec![prompt.to_string()];
    let mut col = width_of(prompt);
    let mut cursor = (0, col);
    for (i, c) in text.iter().enumerate() {
        if i == at {
            cursor = (rows.len() - 1, col);
        }
        let cw = width_of(c.encode_utf8(&mut [0; 4]));
        if cw > 0 && col + cw > w {
            rows.push(String::new());
            col = 0;
        }
        if let Some(r) = rows.last_mut() {
            r.push(*c);
        }
        col += cw;
    }
    if at >= text.len() {
        cursor = (rows.len() - 1, col);
    }
    let _ = term.write_str(&rows.join("\n"));
    // Back from the end to the cursor.
    let up = rows.len() - 1 - cursor.0;
    if up > 0 {
        let _ = term.move_cursor_up(up);
    }
    let _ = term.write_str("\r");
    if cursor.1 > 0 {
        let _ = term.move_cursor_right(cursor.1);
    }
    // The region is erased from its first row: remember the rows above the cursor.
    region.open = cursor.0 + 1;
    let _ = term.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_items_keep_within_the_width_with_a_hanging_indent() {
        let lines = wrap_prefixed(
            "❯ 1) ",
            "     ",
            "Số cuộc gọi xử lý và số vấn đề giải quyết được trong ngày của mỗi nhân viên",
            40,
        );
        assert!(lines.len() >= 2);
        assert!(lines.iter().all(|l| width(l) <= 40), "{lines:?}");
        assert!(lines[0].starts_with("❯ 1) Số"));
        assert!(lines[1].starts_with("     "));
    }

    #[test]
    fn session_keys_are_the_same_letters_everywhere() {
        assert_eq!(SessionKey::of('u'), Some(SessionKey::Undo));
        assert_eq!(SessionKey::of('?'), Some(SessionKey::DontKnow));
        assert_eq!(SessionKey::of('x'), None);
    }
}
