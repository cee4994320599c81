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

/// Whether the connection is encrypted: libpq's `sslmode`. `require`,
/// `verify-ca` and `verify-full` all mean TLS with the server's
/// certificate checked against the root certificates and its host name
/// (learn never encrypts without knowing whom it talks to); `prefer` (the
/// default) and `allow` connect without TLS, as `disable` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tls {
    Off,
    /// The root certificates: `sslrootcert` (URL) or `PGSSLROOTCERT`, else
    /// the system's bundle.
    Verified {
        root: Option<std::path::PathBuf>,
    },
}

/// `url` without the TLS settings rust-postgres does not read
/// (`sslrootcert`, `verify-*` modes), and those settings.
fn split_tls(url: &str) -> Result<(String, Tls), StoreError> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let (mut mode, mut root) = (None, None);
    let mut kept = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", v)) => mode = Some(v.to_string()),
            Some(("sslrootcert", v)) => root = Some(v.replace("%2F", "/").replace("%2f", "/")),
            _ => kept.push(pair),
        }
    }
    let mode = mode.or_else(|| env("PGSSLMODE")).unwrap_or_else(|| "prefer".to_string());
    let tls = match mode.as_str() {
        "disable" | "allow" | "prefer" => Tls::Off,
        "require" | "verify-ca" | "verify-full" => {
            Tls::Verified { root: root.or_else(|| env("PGSSLROOTCERT")).map(std::path::PathBuf::from) }
        }
        other => {
            return Err(StoreError::BadUrl {
                url: without_password(url),
                reason: format!(
                    "sslmode `{other}` is not one of disable, allow, prefer, require, verify-ca, verify-full"
                ),
            });
        }
    };
    let rest = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
    Ok((rest, tls))
}

/// The connection settings of `url`, completed from the `PG*` variables;
/// also the server's name for messages (`host:port`).
pub(crate) fn config(url: &str) -> Result<(Config, String), StoreError> {
    let (plain, tls) = split_tls(url)?;
    let mut c: Config = plain
        .parse()
        .map_err(|e: postgres::Error| StoreError::BadUrl { url: without_password(url), reason: e.to_string() })?;
    c.ssl_mode(match tls {
        Tls::Off => postgres::config::SslMode::Disable,
        Tls::Verified { .. } => postgres::config::SslMode::Require,
    });
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
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
    let tls = split_tls(url)?.1;
    let connected = match &tls {
        Tls::Off => c.connect(NoTls),
        Tls::Verified { root } => c.connect(tls_connector(&target, &host, root.as_deref())?),
    };
    let client = connected.map_err(|e| match e.as_db_error() {
        // The handshake failed: a server without TLS, or a certificate
        // its roots do not vouch for.
        None if tls != Tls::Off && reason(&e).to_lowercase().contains("tls") => {
            StoreError::Tls { target: target.clone(), host: host.clone(), reason: reason(&e) }
        }
        // The server answered and refused (a wrong password, no such
        // database or role): its own words.
        Some(_) => StoreError::Postgres { action: msg!("connect to it"), target: target.clone(), source: e },
        None => StoreError::Unreachable { target: target.clone(), host: host.clone(), reason: reason(&e) },
    })?;
    Ok((client, target))
}

/// The system's bundle of root certificates (Debian's, or `SSL_CERT_FILE`).
fn system_roots() -> std::path::PathBuf {
    std::env::var_os("SSL_CERT_FILE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("/etc/ssl/certs/ca-certificates.crt"))
}

/// A TLS connector that trusts the certificates in `root` (else the
/// system's) and checks the server's name.
fn tls_connector(
    target: &str,
    host: &str,
    root: Option<&std::path::Path>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let file = root.map_or_else(system_roots, std::path::Path::to_path_buf);
    let bad = |reason: String| StoreError::Tls { target: target.to_string(), host: host.to_string(), reason };
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(&file)
        .map_err(|e| bad(format!("cannot read the root certificates `{}`: {e}", file.display())))?;
    for cert in certs {
        let cert = cert.map_err(|e| bad(format!("`{}` holds a damaged certificate: {e}", file.display())))?;
        let _ = roots.add(cert);
    }
    if roots.is_empty() {
        return Err(bad(format!("`{}` holds no root certificate", file.display())));
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
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
    fn tls_settings_are_read_and_bad_urls_are_named_without_password() {
        let (rest, tls) = split_tls("postgresql://lan@db/learn?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&x=1")
            .expect("a good URL");
        assert_eq!(rest, "postgresql://lan@db/learn?x=1");
        assert_eq!(tls, Tls::Verified { root: Some("/etc/ca.pem".into()) });
        let (c, _) = config("postgresql://lan@db/learn?sslmode=require").expect("a good URL");
        assert_eq!(c.get_ssl_mode(), postgres::config::SslMode::Require);
        let (c, _) = config("postgresql://lan@db/learn?sslmode=prefer").expect("a good URL");
        assert_eq!(c.get_ssl_mode(), postgres::config::SslMode::Disable);
        match config("postgresql://lan:secret@db/learn?sslmode=sometimes") {
            Err(StoreError::BadUrl { url, reason }) => {
                assert!(!url.contains("secret"), "{url}");
                assert!(reason.contains("sometimes"), "{reason}");
            }
            other => panic!("{:?}", other.map(|(_, h)| h)),
        }
        assert!(matches!(config("postgresql://lan:secret@db/learn?nonsense=1"), Err(StoreError::BadUrl { .. })));
    }
}
