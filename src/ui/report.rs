//! Reports (`learn stats`, `learn optimize`): a few inks, used only when
//! colour is allowed (without it the text is unchanged), and the progress
//! bar of long work.

/// What a piece of report text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    Plain,
    Heading,
    Bar,
    /// Axes, scales, legends: dimmed.
    Axis,
    Good,
    Bad,
}

/// `text` in `ink`, with escape codes only when `color`.
pub(crate) fn ink(color: bool, ink: Ink, text: &str) -> String {
    if !color {
        return text.to_string();
    }
    let style = console::Style::new().force_styling(true);
    let style = match ink {
        Ink::Plain => return text.to_string(),
        Ink::Heading => style.bold(),
        Ink::Bar => style.cyan(),
        Ink::Axis => style.dim(),
        Ink::Good => style.green(),
        Ink::Bad => style.red(),
    };
    style.apply_to(text).to_string()
}

/// A progress bar on standard error for work of `total` steps, with
/// `message` beside it: only when standard error is a terminal.
pub(crate) fn work_bar(total: u64, message: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total.max(1));
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {percent:>3}% {elapsed:>3} {wide_msg}") {
        bar.set_style(style);
    }
    bar.set_message(message.to_string());
    Some(bar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_is_only_there_when_colour_is_allowed() {
        assert_eq!(ink(false, Ink::Heading, "Today"), "Today");
        assert_eq!(ink(true, Ink::Plain, "x"), "x");
        let bold = ink(true, Ink::Heading, "Today");
        assert!(bold.contains("\u{1b}[1m") && bold.contains("Today"), "{bold:?}");
    }
}
