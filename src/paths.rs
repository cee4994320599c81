//! Where the home is and where its parts live, and which config file is
//! read. Each resolved path remembers why it was chosen, so `learn paths`
//! can explain it.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::i18n::msg;

/// Why the home was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathSource {
    Flag,
    Env,
    /// The current directory is clearly a home: it holds this.
    CurrentDir(HomeMark),
    Default,
}

/// What makes the current directory a home.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HomeMark {
    Config,
    Store,
    Decks,
}

impl HomeMark {
    /// What the directory holds, as `learn paths` says it.
    pub(crate) fn what(self) -> &'static str {
        match self {
            HomeMark::Config => crate::i18n::msg!("learn.toml"),
            HomeMark::Store => crate::i18n::msg!("progress/learn.db"),
            HomeMark::Decks => crate::i18n::msg!("deck files in decks/"),
        }
    }
}

/// Where the config came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConfigSource {
    /// `<home>/learn.toml`.
    Home,
    /// `$XDG_CONFIG_HOME/learn/learn.toml` (or `~/.config/learn/`).
    User,
    /// No config file: the defaults.
    None,
}

/// The home folder and the paths inside it.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub home: PathBuf,
    pub source: PathSource,
    /// The config file read (or, with `ConfigSource::None`, where one would go).
    pub config: PathBuf,
    pub config_source: ConfigSource,
}

impl Paths {
    /// `--home`/`LEARN_HOME` (clap merges the two; `from_env` says which),
    /// else the current directory when it is clearly a home, else the
    /// platform data directory. Nothing is created here.
    pub(crate) fn resolve(explicit: Option<PathBuf>, from_env: bool, cwd: &Path) -> Result<Paths> {
        let (home, source) = match explicit {
            Some(p) if !p.as_os_str().is_empty() => {
                let src = if from_env { PathSource::Env } else { PathSource::Flag };
                let home = absolute(cwd, p);
                // A file (or a path through one) is no home.
                if home.ancestors().any(|a| a.is_file()) {
                    return Err(crate::error::Error::HomeNotAFolder { path: home });
                }
                (home, src)
            }
            _ => match home_mark(cwd) {
                Some(mark) => (cwd.to_path_buf(), PathSource::CurrentDir(mark)),
                None => (default_home()?, PathSource::Default),
            },
        };
        let in_home = home.join("learn.toml");
        let user = user_config();
        let (config, config_source) = if in_home.is_file() {
            (in_home, ConfigSource::Home)
        } else if let Some(u) = user.filter(|u| u.is_file()) {
            (u, ConfigSource::User)
        } else {
            (in_home, ConfigSource::None)
        };
        Ok(Paths { home, source, config, config_source })
    }

    pub(crate) fn decks_dir(&self) -> PathBuf {
        self.home.join("decks")
    }

    pub(crate) fn progress_dir(&self) -> PathBuf {
        self.home.join("progress")
    }

    pub(crate) fn store_file(&self) -> PathBuf {
        self.progress_dir().join("learn.db")
    }

    /// Where parsed decks are cached, when the home already has a
    /// `progress/` folder (a read-only command creates nothing).
    pub(crate) fn deck_cache(&self) -> Option<PathBuf> {
        let progress = self.progress_dir();
        progress.is_dir().then(|| progress.join("deck-cache"))
    }

    /// Creates the home and its `decks/` and `progress/` folders when missing.
    pub(crate) fn ensure(&self) -> Result<()> {
        for dir in [self.decks_dir(), self.progress_dir()] {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(msg!("create the folder"), &dir, e))?;
        }
        Ok(())
    }
}

/// What makes `dir` a home: a `learn.toml`, a progress store, or at least
/// one `.toml` deck in `decks/` (a folder of slides called `decks/` is not).
pub(crate) fn home_mark(dir: &Path) -> Option<HomeMark> {
    if dir.join("learn.toml").is_file() {
        return Some(HomeMark::Config);
    }
    if dir.join("progress").join("learn.db").is_file() {
        return Some(HomeMark::Store);
    }
    let decks = std::fs::read_dir(dir.join("decks")).ok()?;
    decks
        .flatten()
        .any(|e| e.path().extension().is_some_and(|x| x == "toml") && e.path().is_file())
        .then_some(HomeMark::Decks)
}

fn absolute(cwd: &Path, p: PathBuf) -> PathBuf {
    if p.is_absolute() { p } else { cwd.join(p) }
}

fn default_home() -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().map_err(|e| {
        Error::Config(format!("could not find a data directory for the home ({e}); pass --home DIR or set LEARN_HOME"))
    })?;
    Ok(strategy.data_dir().join("learn"))
}

/// The user's config file: `$XDG_CONFIG_HOME/learn/learn.toml`, by default
/// `~/.config/learn/learn.toml` (the platform's config folder elsewhere).
fn user_config() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    Some(etcetera::choose_base_strategy().ok()?.config_dir().join("learn").join("learn.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn flag_beats_current_dir_and_env_is_told_apart() -> TestResult {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("decks"))?;
        std::fs::write(dir.path().join("decks/a.toml"), "")?;
        let p = Paths::resolve(Some("h".into()), false, dir.path())?;
        assert_eq!(p.home, dir.path().join("h"));
        assert_eq!(p.source, PathSource::Flag);
        let p = Paths::resolve(None, false, dir.path())?;
        assert_eq!(p.home, dir.path());
        assert_eq!(p.source, PathSource::CurrentDir(HomeMark::Decks));
        let p = Paths::resolve(Some("/srv/learn".into()), true, dir.path())?;
        assert_eq!((p.home, p.source), (PathBuf::from("/srv/learn"), PathSource::Env));
        // An empty value counts as unset.
        let p = Paths::resolve(Some(PathBuf::new()), true, dir.path())?;
        assert_eq!(p.source, PathSource::CurrentDir(HomeMark::Decks));
        Ok(())
    }

    #[test]
    fn a_folder_of_slides_called_decks_is_not_a_home() -> TestResult {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("decks"))?;
        std::fs::write(dir.path().join("decks/notes.md"), "# slides")?;
        assert_eq!(home_mark(dir.path()), None);
        let p = Paths::resolve(None, false, dir.path())?;
        assert_eq!(p.source, PathSource::Default);
        assert!(p.home.ends_with("learn"), "{}", p.home.display());
        std::fs::write(dir.path().join("learn.toml"), "")?;
        assert_eq!(home_mark(dir.path()), Some(HomeMark::Config));
        Ok(())
    }
}
