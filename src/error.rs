//! The top-level error, its exit code and how it is shown. Every variant says
//! what was being done and to what, so a person can act on it.

use std::path::{Path, PathBuf};

use crate::fsutil::{io_reason, io_reason_arg};
use crate::i18n::{Lang, t, tr};
use crate::store::StoreError;

/// Everything that can end a command early.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("could not {action} `{}`: {}", path.display(), io_reason(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Config(String),
    /// The home named by --home or LEARN_HOME is not a folder.
    #[error("the home `{}` is a file, not a folder", path.display())]
    HomeNotAFolder { path: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Deck problems that make the command fail.
    #[error("{0}")]
    Invalid(String),
    /// Problems already shown to the learner (diagnostics, per-file import
    /// errors); only the exit code is left to give.
    #[error("{count} problem(s) reported above")]
    Reported { count: usize },
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Unavailable(String),
}

impl Error {
    /// Wraps an I/O error with the action and the path it concerned.
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io { action, path: path.to_path_buf(), source }
    }

    /// 0 ok, 1 failure or validation errors, 2 usage. (130, interrupted,
    /// comes from the signal handler in `ui`, which exits by itself.)
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) | Error::HomeNotAFolder { .. } => 2,
            _ => 1,
        }
    }
}

impl Error {
    /// The message in `lang` (without the `error:` prefix). Messages made
    /// by commands are already in the learner's language; I/O and store
    /// errors are translated here.
    pub(crate) fn show(&self, lang: Lang) -> String {
        match self {
            Error::Io { action, path, source } => t!(
                lang,
                "could not {action} `{path}`: {reason}",
                action = tr(lang, action),
                path = path.display(),
                reason = io_reason_arg(source).show(lang)
            ),
            Error::Store(e) => e.show(lang),
            Error::HomeNotAFolder { path } => t!(
                lang,
                "the home `{path}` (from --home or LEARN_HOME) is a file, not a folder; name a folder, or leave it out to use the default home",
                path = path.display()
            ),
            Error::Reported { count } => t!(lang, "{count} problem(s) reported above", count = count),
            Error::Config(m) | Error::Invalid(m) | Error::Usage(m) | Error::Unavailable(m) => m.clone(),
        }
    }
}

/// Shorthand for results whose error is the top-level [`Error`].
pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An atomic write of `path` that failed.
    pub(crate) fn write(path: &Path, e: crate::fsutil::WriteError) -> Self {
        Error::Io { action: e.action, path: path.to_path_buf(), source: e.source }
    }
}
