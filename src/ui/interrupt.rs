//! Ctrl-C, SIGTERM and a closed terminal (SIGHUP) end the session safely:
//! the handler waits for any answer being committed, restores the cursor,
//! prints the latest summary and exits (130 for Ctrl-C). Every answer given
//! before that is already in the store.

use std::io::Write;
use std::sync::Mutex;

static STORE_LOCK: Mutex<()> = Mutex::new(());
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
        super::tty::restore();
        // The cursor is only ever hidden on a terminal; plain mode writes no
        // escape codes, not even this one.
        let term = console::Term::stderr();
        if term.is_term() {
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
