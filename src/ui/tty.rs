//! The terminal's input during an interactive session. Between two reads
//! the line discipline would echo keys typed ahead and hand them to the next
//! prompt; so echo and line editing are off for the whole session, and the
//! keys typed ahead are dropped when a new card is shown. The modes are put
//! back when the session ends, and by the signal handler.

#[cfg(unix)]
mod imp {
    use std::sync::Mutex;

    use rustix::termios::{LocalModes, OptionalActions, QueueSelector, Termios, tcflush, tcgetattr, tcsetattr};

    /// The modes to put back, while a session has changed them.
    static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

    pub(crate) fn quiet() {
        let stdin = std::io::stdin();
        let Ok(original) = tcgetattr(&stdin) else { return };
        let mut quiet = original.clone();
        quiet.local_modes.remove(LocalModes::ECHO | LocalModes::ICANON);
        if tcsetattr(&stdin, OptionalActions::Now, &quiet).is_ok() {
            let mut saved = SAVED.lock().unwrap_or_else(|p| p.into_inner());
            saved.get_or_insert(original);
        }
    }

    pub(crate) fn restore() {
        let saved = SAVED.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = saved {
            let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, &t);
        }
    }

    pub(crate) fn drop_typed_ahead() {
        let _ = tcflush(std::io::stdin(), QueueSelector::IFlush);
    }
}

#[cfg(not(unix))]
mod imp {
    pub(crate) fn quiet() {}
    pub(crate) fn restore() {}
    pub(crate) fn drop_typed_ahead() {}
}

pub(crate) use imp::{drop_typed_ahead, quiet, restore};

/// Echo and line editing off until dropped.
pub(crate) struct QuietInput;

impl QuietInput {
    pub(crate) fn new() -> QuietInput {
        quiet();
        QuietInput
    }
}

impl Drop for QuietInput {
    fn drop(&mut self) {
        restore();
    }
}
