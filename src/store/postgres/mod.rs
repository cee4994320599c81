//! The PostgreSQL backend: one database shared by a training team. The
//! learner is the database user; row-level security (see `schema.rs`)
//! lets a learner's connection read and write only its own rows and a
//! trainer's read everyone's. Each answer is one transaction, committed
//! (synchronously, the server's default) before the session goes on.
//!
//! Connection settings come from the URL, then the usual `PG*` variables
//! (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`,
//! `PGCONNECT_TIMEOUT`); a server that does not answer within 5 seconds is
//! reported by name.

pub mod admin;
mod backend;
mod log;
mod schema;
mod stats;

use std::cell::RefCell;
use std::time::Duration;

use postgres::config::Host;
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use super::StoreError;
use super::location::without_password;
use crate::i18n::msg;

/// An open connection to a PostgreSQL progress store.
pub(crate) struct PgStore {
    /// `RefCell`: reads take `&self`, the client wants `&mut`.
    client: RefCell<Client>,
    /// The URL without its password, for messages.
    target: String,
    /// The answer path's prepared statements.
    stmts: log::Statements,
}

/// The connection settings of `url`, completed from the `PG*` variables;
/// also the server's name for messages (`host:port`).
pub(crate) fn config(url: &str) -> Result<(Config, String), StoreError> {
    let mut c: Config = url
        .parse()
        .map_err(|e: postgres::Error| StoreError::BadUrl { url: without_password(url), reason: e.to_string() })?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    // This build speaks no TLS: refuse a URL that demands it rather than
    // fail at the server (`prefer`, the default, falls back to plain).
    let demands_tls = c.get_ssl_mode() == postgres::config::SslMode::Require
        || env("PGSSLMODE").is_some_and(|m| matches!(m.as_str(), "require" | "verify-ca" | "verify-full"));
    if demands_tls {
        return Err(StoreError::BadUrl {
            url: without_password(url),
            reason: "this build of learn connects without TLS (sslmode=require is not supported); reach the server over a trusted network, an SSH tunnel or a VPN (docs/team.md)".to_string(),
        });
    }
    if c.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(h) => {
                for h in h.split(',') {
                    c.host(h);
                }
            }
            None if std::path::Path::new("/var/run/postgresql").is_dir() => {
                c.host_path("/var/run/postgresql");
            }
            None => {
                c.host("localhost");
            }
        }
    }
    if c.get_ports().is_empty()
        && let Some(p) = env("PGPORT")
    {
        let port = p.parse::<u16>().map_err(|_| StoreError::BadUrl {
            url: without_password(url),
            reason: format!("PGPORT `{p}` is not a port number"),
        })?;
        c.port(port);
    }
    if c.get_user().is_none()
        && let Some(u) = env("PGUSER").or_else(|| env("USER")).or_else(|| env("LOGNAME"))
    {
        c.user(&u);
    }
    if c.get_dbname().is_none()
        && let Some(d) = env("PGDATABASE")
    {
        c.dbname(&d);
    }
    if c.get_password().is_none()
        && let Some(p) = env("PGPASSWORD")
    {
        c.password(p);
    }
    if c.get_connect_timeout().is_none() {
        let secs = env("PGCONNECT_TIMEOUT").and_then(|s| s.parse::<u64>().ok()).filter(|s| *s > 0).unwrap_or(5);
        c.connect_timeout(Duration::from_secs(secs));
    }
    // A network that drops mid-session ends the session within seconds
    // instead of leaving an answer waiting for ever.
    if c.get_tcp_user_timeout().is_none() {
        c.tcp_user_timeout(Duration::from_secs(10));
    }
    c.keepalives(true).keepalives_idle(Duration::from_secs(30));
    if c.get_application_name().is_none() {
        c.application_name("learn");
    }
    let host = match c.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432);
    Ok((c, format!("{host}:{port}")))
}

/// Connects, refusing a server that does not answer (naming it) and a
/// database without the learn schema.
pub(crate) fn connect_client(url: &str) -> Result<(Client, String), StoreError> {
    let (c, host) = config(url)?;
    let target = without_password(url);
    let client = c.connect(NoTls).map_err(|e| match e.as_db_error() {
        // The server answered and refused (a wrong password, no such
        // database or role): its own words.
        Some(_) => StoreError::Postgres { action: msg!("connect to it"), target: target.clone(), source: e },
        None => StoreError::Unreachable { target: target.clone(), host: host.clone(), reason: reason(&e) },
    })?;
    Ok((client, target))
}

impl PgStore {
    /// Opens the store at `url`: the schema must be there, at a version
    /// this build reads.
    pub(crate) fn connect(url: &str) -> Result<PgStore, StoreError> {
        let (client, target) = connect_client(url)?;
        let store = PgStore { client: RefCell::new(client), target, stmts: log::Statements::default() };
        schema::check_version(&store)?;
        Ok(store)
    }

    /// Maps a client error for `action`: a lost connection (the server
    /// stopped or restarted, the network dropped) is [`StoreError::Lost`].
    fn err(&self, action: &'static str) -> impl Fn(postgres::Error) -> StoreError + '_ {
        move |e| classify(&self.target, action, e)
    }
}

/// A client error as a store error.
fn classify(target: &str, action: &'static str, e: postgres::Error) -> StoreError {
    let lost = e.is_closed()
        || match e.code() {
            Some(code) => {
                *code == SqlState::ADMIN_SHUTDOWN
                    || *code == SqlState::CRASH_SHUTDOWN
                    || *code == SqlState::CANNOT_CONNECT_NOW
                    || code.code().starts_with("08")
            }
            None => e.as_db_error().is_none(),
        };
    if lost {
        StoreError::Lost { target: target.to_string(), reason: reason(&e) }
    } else if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
        StoreError::NotAllowed { action, target: target.to_string() }
    } else {
        StoreError::Postgres { action, target: target.to_string(), source: e }
    }
}

/// What went wrong, in the server's words when it said something.
pub(crate) fn reason(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(inner) = src {
                s = format!("{s}: {inner}");
                src = inner.source();
            }
            s
        }
    }
}

/// A URL as messages show it.
fn location_target(url: &str) -> String {
    without_password(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_wins_and_the_connect_timeout_defaults_to_five_seconds() {
        let (c, host) = config("postgresql://lan@db.example:6543/learn").expect("a good URL");
        assert_eq!(host, "db.example:6543");
        assert_eq!(c.get_user(), Some("lan"));
        assert_eq!(c.get_dbname(), Some("learn"));
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(5)));
        let (c, _) = config("postgresql://lan@db/learn?connect_timeout=2").expect("a good URL");
        assert_eq!(c.get_connect_timeout(), Some(&Duration::from_secs(2)));
    }

    #[test]
    fn tls_demanded_is_refused_up_front_and_bad_urls_are_named_without_password() {
        match config("postgresql://lan:secret@db/learn?sslmode=require") {
            Err(StoreError::BadUrl { url, reason }) => {
                assert!(!url.contains("secret"), "{url}");
                assert!(reason.contains("TLS"), "{reason}");
            }
            other => panic!("{:?}", other.map(|(_, h)| h)),
        }
        assert!(matches!(config("postgresql://lan:secret@db/learn?nonsense=1"), Err(StoreError::BadUrl { .. })));
    }
}
