//! The interactive terminal UI, built on dialoguer: `Select` for choice and
//! true/false, `MultiSelect` when several answers are right, `Input` for
//! typed and cloze, and reveal-then-grade for basic cards. Esc at a prompt
//! opens the session menu (undo, flag, skip, quit); typed answers take the
//! same as `:u`, `:f`, `:s`, `:q`.

use console::{Key, Style, Term};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, MultiSelect, Select};

use super::{Action, Feedback, Frontend, Header, grade_names, leech_line, picks_line, status_line, verdict_line};
use crate::i18n::Lang;
use crate::schedule::Grade;
use crate::session::Outcome;
use crate::text::neutralize;

/// The dialoguer frontend.
pub(crate) struct Terminal {
    term: Term,
    lang: Lang,
    theme: ColorfulTheme,
    color: bool,
}

impl Terminal {
    pub(crate) fn new(lang: Lang, color: bool) -> Terminal {
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        Terminal { term: Term::stdout(), lang, theme: ColorfulTheme::default(), color }
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

    /// Card text: neutralised, then wrapped to the terminal's width.
    fn text(&self, s: &str) -> String {
        let width = self.term.size_checked().map_or(80, |(_, w)| w as usize).saturating_sub(2);
        crate::text::wrap(&neutralize(s), width)
    }

    fn hint(&self, s: &str) {
        self.line(&self.style(Style::new().dim()).apply_to(s).to_string());
    }

    /// Maps a dialoguer result: `None` (Esc) opens the menu.
    fn settle<T>(&mut self, r: dialoguer::Result<Option<T>>) -> Option<Action<T>> {
        match r {
            Ok(Some(v)) => Some(Action::Answer(v)),
            // Esc: the menu; `None` from it means "back to the card".
            Ok(None) => self.menu(),
            Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => Some(Action::Interrupt),
            Err(_) => Some(Action::End),
        }
    }

    /// The session menu; `None` means "back to the card".
    fn menu<T>(&mut self) -> Option<Action<T>> {
        let l = self.lang;
        let items = [
            l.pick("Quay lại thẻ", "Back to the card"),
            l.pick("Hoàn tác câu trả lời trước", "Undo the last answer"),
            l.pick("Đánh dấu thẻ cần sửa", "Flag this card for a fix"),
            l.pick("Bỏ qua thẻ này hôm nay", "Skip this card for today"),
            l.pick("Dừng buổi học", "Quit the session"),
        ];
        let r = Select::with_theme(&self.theme)
            .with_prompt(l.pick("Menu", "Menu"))
            .items(items)
            .default(0)
            .interact_on_opt(&self.term);
        match r {
            Ok(Some(1)) => Some(Action::Undo),
            Ok(Some(2)) => Some(Action::Flag),
            Ok(Some(3)) => Some(Action::Skip),
            Ok(Some(4)) => Some(Action::Quit),
            Ok(_) => None,
            Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => Some(Action::Interrupt),
            Err(_) => Some(Action::End),
        }
    }

    fn read_key(&self) -> Result<Key, Action<()>> {
        match self.term.read_key() {
            Ok(k) => Ok(k),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(Action::Interrupt),
            Err(_) => Err(Action::End),
        }
    }
}

impl Frontend for Terminal {
    fn show(&mut self, header: &Header, question: &str) {
        self.line("");
        self.line(&self.style(Style::new().dim()).apply_to(status_line(self.lang, header)).to_string());
        self.line(&self.style(Style::new().cyan()).apply_to(&header.kind).to_string());
        self.line(&self.style(Style::new().bold()).apply_to(self.text(question)).to_string());
    }

    fn reveal(&mut self, answer: &str) -> Action<()> {
        let l = self.lang;
        self.hint(l.pick(
            "Space/Enter: xem đáp án · u hoàn tác · f đánh dấu · s bỏ qua · q dừng",
            "Space/Enter: show answer · u undo · f flag · s skip · q quit",
        ));
        loop {
            match self.read_key() {
                Ok(Key::Enter | Key::Char(' ')) => break,
                Ok(Key::Char('u')) => return Action::Undo,
                Ok(Key::Char('f')) => return Action::Flag,
                Ok(Key::Char('s')) => return Action::Skip,
                Ok(Key::Char('q') | Key::Escape) => return Action::Quit,
                Ok(_) => {}
                Err(a) => return a,
            }
        }
        let label = l.pick("Đáp án:", "Answer:");
        let wrapped = self.text(&format!("{label} {answer}"));
        let body = wrapped.strip_prefix(label).unwrap_or(&wrapped).to_string();
        self.line(&format!("{label}{}", self.style(Style::new().green().bold()).apply_to(body)));
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
        loop {
            let r = Select::with_theme(&self.theme)
                .with_prompt(self.lang.pick("Bạn nhớ thế nào? (Esc: menu)", "How well did you know it? (Esc: menu)"))
                .items(&items)
                .default(2)
                .interact_on_opt(&self.term);
            if let Some(a) = self.settle(r) {
                return match a {
                    Action::Answer(i) => Action::Answer(Grade::ALL[i.min(3)]),
                    other => other.without_answer(),
                };
            }
        }
    }

    fn choose(&mut self, options: &[String], multiple: bool) -> Action<Vec<usize>> {
        let items: Vec<String> = options.iter().map(|o| neutralize(o)).collect();
        let l = self.lang;
        loop {
            let r = if multiple {
                MultiSelect::with_theme(&self.theme)
                    .with_prompt(l.pick(
                        "Chọn mọi đáp án đúng (Space chọn, Enter xác nhận, Esc menu)",
                        "Pick every right answer (Space to mark, Enter to confirm, Esc: menu)",
                    ))
                    .items(&items)
                    .interact_on_opt(&self.term)
            } else {
                Select::with_theme(&self.theme)
                    .with_prompt(l.pick("Chọn một đáp án (Esc: menu)", "Pick one (Esc: menu)"))
                    .items(&items)
                    .default(0)
                    .interact_on_opt(&self.term)
                    .map(|o| o.map(|i| vec![i]))
            };
            if let Some(a) = self.settle(r) {
                if matches!(&a, Action::Answer(v) if v.is_empty()) {
                    self.hint(l.pick(
                        "Chưa chọn đáp án nào; dùng Space để chọn.",
                        "Nothing marked; use Space to mark an option.",
                    ));
                    continue;
                }
                return a;
            }
        }
    }

    fn true_false(&mut self) -> Action<bool> {
        let l = self.lang;
        let items = [l.pick("Đúng", "True"), l.pick("Sai", "False")];
        loop {
            let r = Select::with_theme(&self.theme)
                .with_prompt(l.pick("Đúng hay sai? (Esc: menu)", "True or false? (Esc: menu)"))
                .items(items)
                .default(0)
                .interact_on_opt(&self.term);
            if let Some(a) = self.settle(r) {
                return match a {
                    Action::Answer(i) => Action::Answer(i == 0),
                    other => other.without_answer(),
                };
            }
        }
    }

    fn typed(&mut self) -> Action<String> {
        let l = self.lang;
        self.hint(l.pick(
            "Gõ câu trả lời · :u hoàn tác · :f đánh dấu · :s bỏ qua · :q dừng",
            "Type your answer · :u undo · :f flag · :s skip · :q quit",
        ));
        let r: dialoguer::Result<String> = Input::with_theme(&self.theme)
            .with_prompt(l.pick("Trả lời", "Answer"))
            .allow_empty(true)
            .interact_text_on(&self.term);
        match r {
            Ok(s) => match s.trim() {
                ":u" | ":undo" => Action::Undo,
                ":f" | ":flag" => Action::Flag,
                ":s" | ":skip" => Action::Skip,
                ":q" | ":quit" => Action::Quit,
                _ => Action::Answer(s),
            },
            Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => Action::Interrupt,
            Err(_) => Action::End,
        }
    }

    fn feedback(&mut self, fb: &Feedback, can_adjust: bool) -> Action<Option<Grade>> {
        let l = self.lang;
        let style = match fb.outcome {
            Outcome::Right => Style::new().green().bold(),
            Outcome::Almost => Style::new().yellow().bold(),
            Outcome::Wrong => Style::new().red().bold(),
            Outcome::DontKnow | Outcome::SelfGraded(_) => Style::new().dim(),
        };
        self.line(&self.style(style).apply_to(self.text(&verdict_line(l, fb))).to_string());
        if let Some(p) = picks_line(l, fb) {
            self.line(&self.text(&p));
        }
        if let Some(e) = &fb.explanation {
            let label = l.pick("Giải thích:", "Why:");
            let wrapped = self.text(&format!("{label} {e}"));
            let body = wrapped.strip_prefix(label).unwrap_or(&wrapped);
            self.line(&format!("{}{body}", self.style(Style::new().italic()).apply_to(label)));
        }
        if fb.leech {
            self.line(&self.style(Style::new().yellow()).apply_to(leech_line(l)).to_string());
        }
        let keys = if can_adjust {
            l.pick(
                "Enter: tiếp · h chấm Khó · e chấm Dễ · u hoàn tác · f đánh dấu · q dừng",
                "Enter: next · h mark Hard · e mark Easy · u undo · f flag · q quit",
            )
        } else {
            l.pick("Enter: tiếp · u hoàn tác · f đánh dấu · q dừng", "Enter: next · u undo · f flag · q quit")
        };
        self.hint(keys);
        loop {
            match self.read_key() {
                Ok(Key::Enter | Key::Char(' ')) => return Action::Answer(None),
                Ok(Key::Char('h')) if can_adjust => return Action::Answer(Some(Grade::Hard)),
                Ok(Key::Char('e')) if can_adjust => return Action::Answer(Some(Grade::Easy)),
                Ok(Key::Char('u')) => return Action::Undo,
                Ok(Key::Char('f')) => return Action::Flag,
                Ok(Key::Char('q') | Key::Escape) => return Action::Quit,
                Ok(_) => {}
                Err(a) => return a.without_answer(),
            }
        }
    }

    fn note(&mut self, text: &str) {
        self.hint(text);
    }

    fn summary(&mut self, text: &str) {
        self.line("");
        self.line(text);
    }
}
