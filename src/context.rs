//! Everything a command needs that comes from outside the arguments — paths,
//! config, clock, learner, language, terminal — resolved once.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::clock::Clock;
use crate::config::{Config, ConfigProblems};
use crate::error::{Error, Result};
use crate::i18n::{Lang, msg};
use crate::paths::Paths;
use crate::store::Location;

/// Where the learner name came from, for `learn paths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LearnerSource {
    FlagOrEnv,
    Config,
    OsUser,
    /// The user a PostgreSQL store is reached as.
    DatabaseUser,
    /// No OS user name could be found: a placeholder name.
    Fallback,
}

/// The resolved environment of one `learn` invocation.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub paths: Paths,
    pub config: Config,
    pub clock: Clock,
    pub learner: String,
    pub learner_source: LearnerSource,
    /// Where progress is kept: `--store`, `LEARN_STORE`, config `store`,
    /// else `<home>/progress/learn.db`.
    pub store: Location,
    pub lang: Lang,
    /// Line-by-line mode: `--plain`, or standard input is not a terminal.
    pub plain: bool,
    /// Colour allowed (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    pub cwd: PathBuf,
    /// Problems in the config file (the defaults are used meanwhile); every
    /// command but `learn paths` stops on them.
    pub config_problems: Option<ConfigProblems>,
}

/// What the command line contributes to the context.
pub(crate) struct Overrides {
    pub home: Option<PathBuf>,
    pub home_from_env: bool,
    pub learner: Option<String>,
    pub store: Option<String>,
    pub lang: Option<Lang>,
    pub plain: bool,
}

impl Context {
    /// Resolves paths, reads the config, picks the clock, learner and language.
    pub(crate) fn resolve(o: Overrides) -> Result<Context> {
        let cwd = std::env::current_dir()
            .map_err(|e| Error::io(msg!("read the current directory"), &PathBuf::from("."), e))?;
        let paths = Paths::resolve(o.home, o.home_from_env, &cwd)?;
        let (config, config_problems) = match Config::load(&paths.config) {
            Ok(c) => (c, None),
            Err(p) => (Config::default(), Some(p)),
        };
        let clock = Clock::from_env_values(
            std::env::var("LEARN_NOW").ok().as_deref(),
            std::env::var("LEARN_NOW_STEP").ok().as_deref(),
        )
        .map_err(Error::Config)?;
        let store = match o.store.as_deref().filter(|s| !s.trim().is_empty()).or(config.store.as_deref()) {
            Some(s) => Location::parse(s, &paths.home),
            None => Location::File(paths.store_file()),
        };
        // On PostgreSQL the learner is the database user (row-level
        // security allows no other), unless named on purpose.
        let db_user = match &store {
            Location::Postgres(url) => crate::store::admin::url_user(url),
            Location::File(_) => None,
        };
        let (learner, learner_source) = match o.learner.filter(|l| !l.trim().is_empty()) {
            Some(l) => (l, LearnerSource::FlagOrEnv),
            None if db_user.is_some() => (db_user.unwrap_or_default(), LearnerSource::DatabaseUser),
            None => match &config.learner {
                Some(l) => (l.clone(), LearnerSource::Config),
                None => match os_user() {
                    Some(u) => (u, LearnerSource::OsUser),
                    None => ("learner".to_string(), LearnerSource::Fallback),
                },
            },
        };
        let lang = o.lang.or_else(|| config.lang.as_deref().and_then(Lang::from_code)).unwrap_or_else(locale_lang);
        let stdin_tty = std::io::stdin().is_terminal();
        let plain = o.plain || !stdin_tty || !std::io::stdout().is_terminal();
        let color = !plain && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Ok(Context {
            paths,
            config,
            clock,
            learner: learner.trim().to_string(),
            learner_source,
            store,
            lang,
            plain,
            color,
            cwd,
            config_problems,
        })
    }
}

fn os_user() -> Option<String> {
    ["USER", "USERNAME", "LOGNAME"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
}

/// From `LC_ALL`, `LC_MESSAGES`, `LANG` (the first that is set): `vi*` is
/// Vietnamese, anything else English.
pub(crate) fn locale_lang() -> Lang {
    let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    Lang::from_locale(get("LC_ALL").or_else(|| get("LC_MESSAGES")).or_else(|| get("LANG")).as_deref())
}
