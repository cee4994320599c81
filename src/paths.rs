//! Where the home is and where its parts live. Each resolved path remembers
//! why it was chosen, so `learn paths` can explain it.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Why a path was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathSource {
    Flag,
    Env,
    CurrentDir,
    Default,
}

impl fmt::Display for PathSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathSource::Flag => "--home",
            PathSource::Env => "LEARN_HOME",
            PathSource::CurrentDir => "current directory holds decks/",
            PathSource::Default => "platform data directory",
        })
    }
}

/// The home folder and the paths inside it.
#[derive(Debug, Clone)]
pub(crate) struct Paths {
    pub home: PathBuf,
    pub source: PathSource,
}

impl Paths {
    /// `--home`/`LEARN_HOME` (clap merges the two; `from_env` says which),
    /// else the current directory when it holds `decks/`, else the platform
    /// data directory. The home is created on first use.
    pub(crate) fn resolve(explicit: Option<PathBuf>, from_env: bool, cwd: &Path) -> Result<Paths> {
        let (home, source) = match explicit {
            Some(p) if !p.as_os_str().is_empty() => {
                let src = if from_env { PathSource::Env } else { PathSource::Flag };
                (absolute(cwd, p), src)
            }
            _ if cwd.join("decks").is_dir() => (cwd.to_path_buf(), PathSource::CurrentDir),
            _ => (default_home()?, PathSource::Default),
        };
        Ok(Paths { home, source })
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

    pub(crate) fn config_file(&self) -> PathBuf {
        self.home.join("learn.toml")
    }

    /// Creates the home and its `decks/` and `progress/` folders when missing.
    pub(crate) fn ensure(&self) -> Result<()> {
        for dir in [self.decks_dir(), self.progress_dir()] {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io("create the folder", &dir, e))?;
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_current_dir() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("decks"))?;
        let p = Paths::resolve(Some("h".into()), false, dir.path())?;
        assert_eq!(p.home, dir.path().join("h"));
        assert_eq!(p.source, PathSource::Flag);
        let p = Paths::resolve(None, false, dir.path())?;
        assert_eq!(p.home, dir.path());
        assert_eq!(p.source, PathSource::CurrentDir);
        // The environment variable (clap merges it into the flag) is told apart.
        let p = Paths::resolve(Some("/srv/learn".into()), true, dir.path())?;
        assert_eq!((p.home, p.source), (PathBuf::from("/srv/learn"), PathSource::Env));
        // An empty value counts as unset.
        let p = Paths::resolve(Some(PathBuf::new()), true, dir.path())?;
        assert_eq!(p.source, PathSource::CurrentDir);
        Ok(())
    }

    #[test]
    fn without_flag_or_decks_folder_the_platform_data_dir() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let p = Paths::resolve(None, false, dir.path())?;
        assert_eq!(p.source, PathSource::Default);
        assert!(p.home.ends_with("learn"), "{}", p.home.display());
        Ok(())
    }
}
