//! The interactive terminal UI, on our own widgets (`widget.rs`): the card's
//! header and question stay on screen while a list or the answer editor
//! redraws below them. One set of keys on every screen: digits pick or
//! grade, `?` is "I don't know", `u` undo, `f` flag, `s` skip, `q` quit,
//! Esc the menu; in the answer editor, where letters are text, the same
//! commands are `:u`, `:f`, `:s`, `:q`, `:?` (or `?` alone).

use console::{Key, Style, Term};

use super::widget::{self, ListSpec, Outcome, SessionKey};
use super::{Action, Feedback, Frontend, Header, grade_names, leech_line, picks_line, status_line, tty, verdict_line};
use crate::i18n::{Lang, t};
use crate::schedule::Grade;
use crate::session::Outcome as Verdict;
use crate::text::neutralize;

/// The terminal frontend. Echo and line editing are off while it lives.
pub(crate) struct Terminal {
    term: Term,
    lang: Lang,
    color: bool,
    _quiet: tty::QuietInput,
}

impl Terminal {
    pub(crate) fn new(lang: Lang, color: bool) -> Terminal {
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        super::terminal_ui_started();
        Terminal { term: Term::stdout(), lang, color, _quiet: tty::QuietInput::new() }
    }

    /// The terminal's width in columns (80 when it cannot be read).
    pub(crate) fn width(&self) -> usize {
        self.term.size_checked().map_or(80, |(_, w)| usize::from(w))
    }

    fn style(&self, s: Style) -> Style {
        if self.color { s } else { Style::new() }
    }

    fn line(&self, s: &str) {
        let _ = self.term.write_line(s);
    }

    /// Text wrapped to the usable width, each line styled; how many lines.
    fn text(&self, s: &str, style: Style) -> usize {
        let w = widget::usable_width(&self.term);
        let wrapped = crate::text::wrap(&neutralize(s), w);
        for l in wrapped.split('\n') {
            self.line(&self.style(style.clone()).apply_to(l).to_string());
        }
        wrapped.split('\n').count()
    }

    /// `label text`, the label styled apart, wrapped with a hanging indent.
    fn labelled(&self, label: &str, text: &str, label_style: Style, text_style: Style) {
        let w = widget::usable_width(&self.term);
        let first = format!("{label} ");
        let indent = " ".repeat(crate::text::width(&first));
        for (n, l) in widget::wrap_prefixed(&first, &indent, &neutralize(text), w).into_iter().enumerate() {
            let (head, body) = l.split_at(if n == 0 { first.len() } else { indent.len() });
            let head = if n == 0 { self.style(label_style.clone()).apply_to(head).to_string() } else { head.into() };
            self.line(&format!("{head}{}", self.style(text_style.clone()).apply_to(body)));
        }
    }

    /// The status line: counts coloured as in Anki (new blue, learning red,
    /// due green) and, where it fits, a bar of the session's progress.
    fn status(&self, h: &Header) {
        let plain = status_line(self.lang, h);
        let w = widget::usable_width(&self.term);
        let c = h.counts;
        let left = c.new + c.learning + c.review;
        let total = h.answered + left;
        const CELLS: usize = 10;
        let done = (h.answered * CELLS).checked_div(total).unwrap_or(0).min(CELLS);
        let bar = format!("{}{} {}/{}", "▰".repeat(done), "▱".repeat(CELLS - done), h.answered, total);
        let fits = crate::text::width(&neutralize(&plain)) + 3 + crate::text::width(&bar) <= w;
        if !self.color || h.exam.is_some() || h.drill {
            let _ = self.text(&plain, Style::new().dim());
            return;
        }
        let n = |v: usize, s: Style| self.style(s).apply_to(v).to_string();
        let dim = Style::new().dim();
        let line = t!(
            self.lang,
            "{deck} · new {new} · learning {learning} · due {due} · answered {answered}",
            deck = self.style(dim.clone()).apply_to(neutralize(&h.deck)),
            new = n(c.new, Style::new().blue()),
            learning = n(c.learning, Style::new().red()),
            due = n(c.review, Style::new().green()),
            answered = h.answered
        );
        if fits && total > 0 {
            self.line(&format!("{line}   {}", self.style(dim).apply_to(bar)));
        } else if crate::text::width(&neutralize(&plain)) <= w {
            self.line(&line);
        } else {
            let _ = self.text(&plain, Style::new().dim());
        }
    }

    fn hint(&self, s: &str) -> usize {
        self.text(s, Style::new().dim())
    }

    /// What a session key means at a question; the menu asks which.
    fn session_key<T>(&mut self, key: SessionKey, dont_know: bool) -> Option<Action<T>> {
        match key {
            SessionKey::Undo => Some(Action::Undo),
            SessionKey::Flag => self.flag_note().map(Action::Flag),
            SessionKey::Skip => Some(Action::Skip),
            SessionKey::Quit => Some(Action::Quit),
            SessionKey::DontKnow if dont_know => Some(Action::DontKnow),
            SessionKey::DontKnow => None,
            SessionKey::Menu => self.menu(dont_know),
        }
    }

    /// The session menu; `None` means "back to the card".
    fn menu<T>(&mut self, dont_know: bool) -> Option<Action<T>> {
        let l = self.lang;
        let mut items = vec![
            (crate::i18n::tr(l, "Back to the card"), None),
            (crate::i18n::tr(l, "Undo the last answer"), Some(SessionKey::Undo)),
            (crate::i18n::tr(l, "Flag this card for a fix"), Some(SessionKey::Flag)),
            (crate::i18n::tr(l, "Skip this card for today"), Some(SessionKey::Skip)),
        ];
        if dont_know {
            items.push((crate::i18n::tr(l, "I don't know: show the answer"), Some(SessionKey::DontKnow)));
        }
        items.push((crate::i18n::tr(l, "Quit the session"), Some(SessionKey::Quit)));
        let labels: Vec<String> = items.iter().map(|(t, _)| (*t).to_string()).collect();
        self.line(&self.style(Style::new().bold()).apply_to(crate::i18n::tr(l, "Menu")).to_string());
        let spec = ListSpec {
            items: &labels,
            multiple: false,
            default: 0,
            numbered: true,
            dont_know: false,
            help: crate::i18n::tr(l, "↑↓ and Enter, or a digit · Esc: back"),
            nothing_marked: "",
        };
        let picked = widget::pick(&self.term, &spec, self.color);
        let _ = self.term.clear_last_lines(1);
        match picked {
            Outcome::Done(v) => match items.get(v[0]).and_then(|(_, k)| *k) {
                Some(k) => self.session_key(k, dont_know),
                None => None,
            },
            Outcome::Key(SessionKey::Menu) => None,
            Outcome::Key(k) => self.session_key(k, dont_know),
            Outcome::End => Some(Action::End),
        }
    }

    /// What is wrong with the card (may be empty); `None` when cancelled.
    fn flag_note(&mut self) -> Option<String> {
        let l = self.lang;
        let lines =
            self.hint(crate::i18n::tr(l, "What is wrong with this card? (optional; Enter flags it, Esc cancels)"));
        let r = widget::read_line(&self.term, crate::i18n::tr(l, "Note › "), None, self.color);
        let _ = self.term.clear_last_lines(lines);
        match r {
            Outcome::Done(s) => Some(s.trim().to_string()),
            _ => None,
        }
    }

    /// Echoes what was picked, in a neutral style (right or wrong is said next).
    fn echo(&self, text: &str) {
        let w = widget::usable_width(&self.term);
        for l in widget::wrap_prefixed("› ", "  ", &neutralize(text), w) {
            self.line(&self.style(Style::new().dim()).apply_to(l).to_string());
        }
    }

    /// A list at a question: loops until an answer or an action.
    fn list(&mut self, spec: &ListSpec<'_>) -> Action<Vec<usize>> {
        loop {
            match widget::pick(&self.term, spec, self.color) {
                Outcome::Done(v) => {
                    let picked: Vec<String> = v.iter().filter_map(|&i| spec.items.get(i).cloned()).collect();
                    self.echo(&picked.join(", "));
                    return Action::Answer(v);
                }
                Outcome::Key(k) => {
                    if let Some(a) = self.session_key(k, spec.dont_know) {
                        return a;
                    }
                }
                Outcome::End => return Action::End,
            }
        }
    }

    fn read_key(&self) -> Option<Key> {
        self.term.read_key().ok()
    }
}

impl Frontend for Terminal {
    fn width(&self) -> Option<usize> {
        Some(Terminal::width(self))
    }

    fn show(&mut self, header: &Header, question: &str) {
        self.line("");
        self.status(header);
        let _ = self.text(&header.kind, Style::new().cyan());
        let _ = self.text(question, Style::new().bold());
        // Keys pressed on the previous screen do not answer this card.
        tty::drop_typed_ahead();
    }

    fn reveal(&mut self, answer: &str) -> Action<()> {
        let l = self.lang;
        let lines = self.hint(crate::i18n::tr(
            l,
            "Space/Enter: show answer · ? don't know · u undo · f flag · s skip · q quit · Esc: menu",
        ));
        loop {
            let Some(key) = self.read_key() else { return Action::End };
            let session = match key {
                Key::Enter | Key::Char(' ') => break,
                Key::Escape => SessionKey::Menu,
                Key::Char(c) => match SessionKey::of(c) {
                    Some(k) => k,
                    None => continue,
                },
                _ => continue,
            };
            if let Some(a) = self.session_key(session, true) {
                let _ = self.term.clear_last_lines(lines);
                return a;
            }
        }
        let _ = self.term.clear_last_lines(lines);
        self.labelled(crate::i18n::tr(l, "Answer:"), answer, Style::new(), Style::new().green().bold());
        Action::Answer(())
    }

    fn grade(&mut self, intervals: Option<[String; 4]>) -> Action<Grade> {
        let names = grade_names(self.lang);
        let items: Vec<String> = (0..4)
            .map(|i| match &intervals {
                Some(iv) => format!("{} {:<6} {}", i + 1, names[i], iv[i]),
                None => format!("{} {}", i + 1, names[i]),
            })
            .collect();
        let spec = ListSpec {
            items: &items,
            multiple: false,
            default: 2,
            numbered: false,
            dont_know: false,
            help: crate::i18n::tr(
                self.lang,
                "1-4 grades (or ↑↓ and Enter) · u undo · f flag · s skip · q quit · Esc: menu",
            ),
            nothing_marked: "",
        };
        match self.list(&spec) {
            Action::Answer(v) => Action::Answer(Grade::ALL[v[0].min(3)]),
            other => other.without_answer(),
        }
    }

    fn choose(&mut self, options: &[String], multiple: bool) -> Action<Vec<usize>> {
        let l = self.lang;
        let help = if multiple {
            crate::i18n::tr(
                l,
                "digit or Space: mark · Enter: confirm · ? don't know · u undo · f flag · s skip · q quit · Esc: menu",
            )
        } else {
            crate::i18n::tr(
                l,
                "digit: pick · ↑↓ and Enter · ? don't know · u undo · f flag · s skip · q quit · Esc: menu",
            )
        };
        let spec = ListSpec {
            items: options,
            multiple,
            default: 0,
            numbered: true,
            dont_know: true,
            help,
            nothing_marked: crate::i18n::tr(l, "Nothing marked; press a digit or Space to mark an option."),
        };
        self.list(&spec)
    }

    fn true_false(&mut self) -> Action<bool> {
        let l = self.lang;
        let items = vec![crate::i18n::tr(l, "True").to_string(), crate::i18n::tr(l, "False").to_string()];
        let spec = ListSpec {
            items: &items,
            multiple: false,
            default: 0,
            numbered: true,
            dont_know: true,
            help: crate::i18n::tr(
                l,
                "1 true · 2 false (or ↑↓ and Enter) · ? don't know · u undo · f flag · s skip · q quit · Esc: menu",
            ),
            nothing_marked: "",
        };
        match self.list(&spec) {
            Action::Answer(v) => Action::Answer(v[0] == 0),
            other => other.without_answer(),
        }
    }

    fn typed(&mut self) -> Action<String> {
        let l = self.lang;
        let _ = self
            .hint(crate::i18n::tr(l, "Type your answer, then Enter · ? or :? don't know · :u :f :s :q · Esc: menu"));
        let empty = crate::i18n::tr(l, "Nothing typed yet; type an answer, or ? if you don't know.");
        loop {
            match widget::read_line(&self.term, crate::i18n::tr(l, "Answer › "), Some(empty), self.color) {
                Outcome::Done(s) => {
                    let cmd = match s.trim() {
                        "?" | ":?" => Some(SessionKey::DontKnow),
                        ":u" | ":undo" => Some(SessionKey::Undo),
                        ":s" | ":skip" => Some(SessionKey::Skip),
                        ":q" | ":quit" => Some(SessionKey::Quit),
                        t if t == ":f" || t == ":flag" => Some(SessionKey::Flag),
                        t if t.starts_with(":f ") || t.starts_with(":flag ") => {
                            let note = t.split_once(' ').map_or("", |(_, n)| n).trim().to_string();
                            return Action::Flag(note);
                        }
                        _ => None,
                    };
                    match cmd {
                        Some(k) => {
                            if let Some(a) = self.session_key(k, true) {
                                return a;
                            }
                        }
                        None => {
                            self.labelled(crate::i18n::tr(l, "Answer ›"), &s, Style::new().dim(), Style::new().dim());
                            return Action::Answer(s);
                        }
                    }
                }
                Outcome::Key(k) => {
                    if let Some(a) = self.session_key(k, true) {
                        return a;
                    }
                }
                Outcome::End => return Action::End,
            }
        }
    }

    fn feedback(&mut self, fb: &Feedback) -> Action<Option<Grade>> {
        let l = self.lang;
        let style = match fb.outcome {
            Verdict::Right => Style::new().green().bold(),
            Verdict::Almost => Style::new().yellow().bold(),
            Verdict::Wrong => Style::new().red().bold(),
            Verdict::DontKnow | Verdict::SelfGraded(_) => Style::new().bold(),
        };
        let _ = self.text(&verdict_line(l, fb), style);
        if let Some(p) = picks_line(l, fb) {
            let _ = self.text(&p, Style::new());
        }
        if let Some(e) = &fb.explanation {
            self.labelled(crate::i18n::tr(l, "Why:"), e, Style::new().italic(), Style::new());
        }
        if fb.leech {
            let _ = self.text(leech_line(l), Style::new().yellow());
        }
        let keys = match &fb.adjust {
            Some(a) => t!(
                l,
                "Enter: next · h mark Hard ({hard}) · e mark Easy ({easy}) · u undo · f flag · q quit · Esc: menu",
                hard = a.hard,
                easy = a.easy
            ),
            None if fb.overridable => {
                crate::i18n::tr(l, "Enter: next · o I was right · u undo · f flag · q quit · Esc: menu").to_string()
            }
            None => crate::i18n::tr(l, "Enter: next · u undo · f flag · q quit · Esc: menu").to_string(),
        };
        let _ = self.hint(&keys);
        loop {
            let Some(key) = self.read_key() else { return Action::End };
            let session = match key {
                Key::Enter | Key::Char(' ') => return Action::Answer(None),
                Key::Char('h' | 'H') if fb.adjust.is_some() => return Action::Answer(Some(Grade::Hard)),
                Key::Char('e' | 'E') if fb.adjust.is_some() => return Action::Answer(Some(Grade::Easy)),
                Key::Char('o' | 'O') if fb.overridable => return Action::Answer(Some(Grade::Good)),
                Key::Escape => SessionKey::Menu,
                Key::Char(c) => {
                    match SessionKey::of(c).filter(|k| !matches!(k, SessionKey::DontKnow | SessionKey::Skip)) {
                        Some(k) => k,
                        None => continue,
                    }
                }
                _ => continue,
            };
            if let Some(a) = self.session_key(session, false) {
                return match a {
                    // Skipping an answered card means going on.
                    Action::Skip => Action::Answer(None),
                    other => other,
                };
            }
        }
    }

    fn note(&mut self, text: &str) {
        let _ = self.hint(text);
    }

    fn summary(&mut self, text: &str) {
        self.line("");
        self.line(text);
    }
}
