//! Setting up a PostgreSQL store for a team: the schema and its roles
//! (`learn admin init-postgres`), and a login role per learner or trainer
//! (`learn admin add-learner`, `add-trainer`).

use rand::RngExt;

use super::location_target;
use super::schema::{PG_SCHEMA_VERSION, migrate};
use crate::i18n::msg;
use crate::store::StoreError;

/// The user a URL connects as (the URL's, else `PGUSER`, else the OS user).
pub fn url_user(url: &str) -> Option<String> {
    super::config(url).ok().and_then(|(c, _)| c.get_user().map(str::to_string))
}

/// What `init-postgres` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Init {
    /// The schema version found (0: none).
    pub from: i64,
    pub to: i64,
}

/// Creates (or upgrades) the schema, the roles `learn_learner` and
/// `learn_trainer` and the row-level security policies.
pub fn init(url: &str) -> Result<Init, StoreError> {
    let (mut client, target) = super::connect_client(url)?;
    let from = migrate(&mut client, &target)?;
    Ok(Init { from, to: PG_SCHEMA_VERSION })
}

/// Which group a new login role joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Learner,
    Trainer,
}

/// A new login role: what to hand to the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub name: String,
    pub password: String,
    /// The store URL with the new user and password in it.
    pub url: String,
}

/// Whether `name` can be a role and a learner name as it stands: letters,
/// digits, `_`, `-` and `.`, at most 63 bytes.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !name.starts_with("pg_")
}

/// Creates a login role `name` with a random password in the learner or
/// trainer group of the store at `url` (whose schema must exist).
pub fn add_role(url: &str, name: &str, kind: Kind) -> Result<Credentials, StoreError> {
    let store = super::PgStore::connect(url)?;
    let password: String = {
        const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut rng = rand::rng();
        (0..20).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect()
    };
    let group = match kind {
        Kind::Learner => "learn_learner",
        Kind::Trainer => "learn_trainer",
    };
    // Role names cannot be bound as parameters: the name is checked by
    // `valid_name` and quoted; the password is letters and digits.
    let ident = format!("\"{}\"", name.replace('"', "\"\""));
    let sql = format!("CREATE ROLE {ident} LOGIN PASSWORD '{password}' IN ROLE {group}");
    store
        .client
        .borrow_mut()
        .batch_execute(&sql)
        .map_err(|e| super::classify(&store.target, msg!("create the role"), e))?;
    Ok(Credentials { name: name.to_string(), password: password.clone(), url: with_user(url, name, &password) })
}

/// `url` with its user and password replaced.
fn with_user(url: &str, user: &str, password: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|kv| !kv.starts_with("user=") && !kv.starts_with("password=") && !kv.is_empty())
                .collect();
            if kept.is_empty() { path.to_string() } else { format!("{path}?{}", kept.join("&")) }
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{user}:{password}@{host}{tail}")
}

/// The store's URL for messages (no password).
pub fn shown(url: &str) -> String {
    location_target(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handed_url_carries_the_new_user_and_keeps_the_rest() {
        assert_eq!(
            with_user("postgresql://admin:pw@db.example:5432/learn?sslmode=require&user=x", "lan", "Secret1"),
            "postgresql://lan:Secret1@db.example:5432/learn?sslmode=require"
        );
        assert_eq!(with_user("postgres://db/learn", "an", "p"), "postgres://an:p@db/learn");
    }

    #[test]
    fn role_names_are_plain() {
        assert!(valid_name("lan.nguyen"));
        assert!(valid_name("trainer_1"));
        assert!(!valid_name(""));
        assert!(!valid_name("a b"));
        assert!(!valid_name("x\"; DROP TABLE reviews; --"));
        assert!(!valid_name("pg_monitor"));
    }
}
