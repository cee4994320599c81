//! Ctrl-C, SIGTERM and a closed terminal (SIGHUP) end the session safely:
//! the handler waits for any answer being committed, restores the cursor,
//! prints the latest summary and exits (130 for Ctrl-C). Every answer given
//! before that is already in the store.

use std::io::Write;
use std::sync::Mutex;

static STORE_LOCK: Mutex<()> = Mutex::new(());
/// Whether the terminal UI (which hides the cursor) is in use.
static TERMINAL_UI: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The terminal UI is on: a signal must show the cursor again.
pub(crate) fn terminal_ui_started() {
    TERMINAL_UI.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// A reader that goes away (`learn check | head -1`) ends the process
/// quietly, as it does other command-line tools, instead of a panic on the
/// next line printed; a session whose output nobody reads stops too (every
/// answer given is already saved). Rust ignores SIGPIPE, so `println!`
/// panics on a closed pipe; this hook turns that one panic into a quiet
/// exit and leaves every other panic as it was. (Restoring SIGPIPE's
/// default action would need `unsafe`, which this crate forbids.)
pub(crate) fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}
static SUMMARY: Mutex<Option<String>> = Mutex::new(None);

/// Runs a store write so that a signal cannot end the process halfway
/// through it (SQLite would roll it back, but the learner saw no error).
pub(crate) fn with_store_lock<T>(f: impl FnOnce() -> T) -> T {
    let _g = STORE_LOCK.lock().unwrap_or_else(|p| p.into_inner());
    f()
}

/// The summary to print if the session is interrupted now.
pub(crate) fn set_summary(text: Option<String>) {
    *SUMMARY.lock().unwrap_or_else(|p| p.into_inner()) = text;
}

/// Ends the session: `print` shows the summary, unless the signal handler
/// has already printed it. Holding the lock while printing means the two can
/// never both print, nor neither.
pub(crate) fn end_session(print: impl FnOnce()) {
    let mut g = SUMMARY.lock().unwrap_or_else(|p| p.into_inner());
    if g.take().is_some() {
        print();
    }
}

/// Installs the handler once per process. Failure to install is not fatal:
/// the default action still ends the process, and answers are committed.
pub(crate) fn install_handler() {
    let _ = ctrlc::set_handler(|| {
        let _g = STORE_LOCK.lock().unwrap_or_else(|p| p.into_inner());
        crate::fsutil::remove_temporaries();
        super::tty::restore();
        // The cursor is only ever hidden on a terminal; plain mode writes no
        // escape codes, not even this one.
        let term = console::Term::stderr();
        if TERMINAL_UI.load(std::sync::atomic::Ordering::SeqCst) && term.is_term() {
            let _ = term.show_cursor();
        }
        let summary = SUMMARY.lock().unwrap_or_else(|p| p.into_inner()).take();
        let mut out = std::io::stdout();
        if let Some(s) = summary {
            let _ = writeln!(out, "\n{s}");
        }
        let _ = out.flush();
        std::process::exit(130);
    });
}
