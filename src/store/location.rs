//! Where the progress store is: a SQLite file (the default,
//! `<home>/progress/learn.db`) or a PostgreSQL database named by URL.

use std::path::{Path, PathBuf};

/// A progress store's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file.
    File(PathBuf),
    /// A PostgreSQL connection URL (`postgresql://` or `postgres://`).
    Postgres(String),
}

impl Location {
    /// Reads a `store` setting: a PostgreSQL URL, else a file path
    /// (relative to `home`; `sqlite:` in front is allowed).
    pub fn parse(value: &str, home: &Path) -> Location {
        let v = value.trim();
        if Location::is_postgres(v) {
            return Location::Postgres(v.to_string());
        }
        let path = PathBuf::from(v.strip_prefix("sqlite:").unwrap_or(v));
        Location::File(if path.is_absolute() { path } else { home.join(path) })
    }

    /// Whether a value names a PostgreSQL database.
    pub fn is_postgres(v: &str) -> bool {
        v.starts_with("postgresql://") || v.starts_with("postgres://")
    }

    /// The place for messages: the file, or the URL without its password.
    pub fn show(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => without_password(url),
        }
    }
}

/// A URL with any password replaced by `***`.
pub(crate) fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let shown = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let q: Vec<String> = query
                .split('&')
                .map(|kv| if kv.starts_with("password=") { "password=***".to_string() } else { kv.to_string() })
                .collect();
            format!("{path}?{}", q.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{shown}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_postgres_and_paths_are_relative_to_home() {
        let home = Path::new("/h");
        assert_eq!(Location::parse("postgresql://a@b/c", home), Location::Postgres("postgresql://a@b/c".into()));
        assert_eq!(Location::parse("postgres://b", home), Location::Postgres("postgres://b".into()));
        assert_eq!(Location::parse("x/y.db", home), Location::File("/h/x/y.db".into()));
        assert_eq!(Location::parse("sqlite:/z.db", home), Location::File("/z.db".into()));
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(without_password("postgresql://lan:secret@db:5432/learn"), "postgresql://lan:***@db:5432/learn");
        assert_eq!(
            without_password("postgresql://db/learn?user=lan&password=x&sslmode=require"),
            "postgresql://db/learn?user=lan&password=***&sslmode=require"
        );
        assert_eq!(without_password("postgresql://lan@db"), "postgresql://lan@db");
    }
}
