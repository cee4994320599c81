//! Reports (`learn stats`, `learn optimize`): a few inks, used only when
//! colour is allowed (without it the text is unchanged), and the progress
//! bar of long work.

use crate::stats::Tone;

/// `text` in the ink for its `tone` (axes dimmed), with escape codes only
/// when `color`.
pub(crate) fn ink(color: bool, tone: Tone, text: &str) -> String {
    if !color {
        return text.to_string();
    }
    let style = console::Style::new().force_styling(true);
    let style = match tone {
        Tone::Plain => return text.to_string(),
        Tone::Heading => style.bold(),
        Tone::Bar => style.cyan(),
        Tone::Axis => style.dim(),
        Tone::Good => style.green(),
        Tone::Bad => style.red(),
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
        assert_eq!(ink(false, Tone::Heading, "Today"), "Today");
        assert_eq!(ink(true, Tone::Plain, "x"), "x");
        let bold = ink(true, Tone::Heading, "Today");
        assert!(bold.contains("\u{1b}[1m") && bold.contains("Today"), "{bold:?}");
    }
}
