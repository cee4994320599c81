//! The PostgreSQL schema: versioned migrations (recorded in
//! `learn_schema`), the two group roles and row-level security.
//!
//! `learn_learner`: a member's connection reads and writes only rows whose
//! `learner` is its own user name (`current_user`), in every table.
//! `learn_trainer`: a member's connection reads every row and writes none.
//! The owner of the tables (the administrator who ran `learn admin
//! init-postgres`) is not subject to the policies.

use postgres::error::SqlState;

use super::PgStore;
use crate::i18n::msg;
use crate::store::StoreError;

/// The schema version this build writes; newer databases are refused.
pub(crate) const PG_SCHEMA_VERSION: i64 = 1;

/// The tables holding learners' rows, each with a `learner` column.
pub(crate) const LEARNER_TABLES: [&str; 5] = ["reviews", "cards", "flags", "skips", "parameters"];

/// Version 1: the tables of SQLite's schema 3 (numbers as BIGINT, flags as
/// BOOLEAN), the roles and the policies.
const V1: &str = "
CREATE TABLE reviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL,
    time_ms BIGINT NOT NULL, mode TEXT NOT NULL CHECK (mode IN ('run', 'review', 'quiz', 'import')),
    rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 4),
    correct BOOLEAN NOT NULL, answer TEXT NOT NULL, duration_ms BIGINT NOT NULL,
    rescheduled BOOLEAN NOT NULL, leech BOOLEAN NOT NULL DEFAULT false,
    b_state TEXT NOT NULL, b_step BIGINT, b_stability DOUBLE PRECISION, b_difficulty DOUBLE PRECISION,
    b_due_ms BIGINT NOT NULL, b_last_review_ms BIGINT, b_reps BIGINT NOT NULL, b_lapses BIGINT NOT NULL,
    b_scheduled_days BIGINT NOT NULL,
    a_state TEXT, a_step BIGINT, a_stability DOUBLE PRECISION, a_difficulty DOUBLE PRECISION, a_due_ms BIGINT,
    a_last_review_ms BIGINT, a_reps BIGINT, a_lapses BIGINT, a_scheduled_days BIGINT
);
CREATE INDEX reviews_card ON reviews (learner, deck, card, time_ms);
CREATE INDEX reviews_time ON reviews (learner, time_ms);
CREATE TABLE cards (
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL,
    state TEXT NOT NULL, step BIGINT, stability DOUBLE PRECISION, difficulty DOUBLE PRECISION, due_ms BIGINT NOT NULL,
    last_review_ms BIGINT, reps BIGINT NOT NULL, lapses BIGINT NOT NULL, scheduled_days BIGINT NOT NULL,
    leech BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (learner, deck, card)
);
CREATE TABLE flags (
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL, time_ms BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (learner, deck, card)
);
CREATE TABLE skips (
    learner TEXT NOT NULL, deck TEXT NOT NULL, card TEXT NOT NULL, until_ms BIGINT NOT NULL,
    PRIMARY KEY (learner, deck, card)
);
CREATE TABLE parameters (
    learner TEXT NOT NULL, deck TEXT NOT NULL, weights TEXT NOT NULL, fitted_ms BIGINT NOT NULL,
    reviews BIGINT NOT NULL, log_loss DOUBLE PRECISION NOT NULL, rmse_bins DOUBLE PRECISION NOT NULL,
    default_log_loss DOUBLE PRECISION NOT NULL, default_rmse_bins DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (learner, deck)
);
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'learn_learner') THEN
        CREATE ROLE learn_learner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'learn_trainer') THEN
        CREATE ROLE learn_trainer NOLOGIN;
    END IF;
END $$;
GRANT SELECT ON learn_schema TO learn_learner, learn_trainer;
GRANT USAGE ON SEQUENCE reviews_id_seq TO learn_learner;
";

/// The policies and grants of one learner table.
fn policies(table: &str) -> String {
    format!(
        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
         CREATE POLICY {table}_own ON {table} TO learn_learner
             USING (learner = current_user) WITH CHECK (learner = current_user);
         CREATE POLICY {table}_read ON {table} FOR SELECT TO learn_trainer USING (true);
         GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO learn_learner;
         GRANT SELECT ON {table} TO learn_trainer;"
    )
}

/// The migrations, version 1 first.
fn migrations() -> Vec<String> {
    let mut v1 = V1.to_string();
    for t in LEARNER_TABLES {
        v1.push_str(&policies(t));
    }
    vec![v1]
}

/// Brings the schema to [`PG_SCHEMA_VERSION`] in one transaction (under an
/// advisory lock, so two administrators cannot both migrate); the version
/// it was at.
pub(crate) fn migrate(client: &mut postgres::Client, target: &str) -> Result<i64, StoreError> {
    let e = |action: &'static str| move |err| super::classify(target, action, err);
    let mut tx = client.transaction().map_err(e(msg!("start the migration")))?;
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(7402301);
         CREATE TABLE IF NOT EXISTS learn_schema (version BIGINT NOT NULL);",
    )
    .map_err(e(msg!("create the tables")))?;
    let row = tx.query_opt("SELECT max(version) FROM learn_schema", &[]).map_err(e(msg!("read its version")))?;
    let from: i64 = row.and_then(|r| r.try_get::<_, Option<i64>>(0).ok().flatten()).unwrap_or(0);
    if from > PG_SCHEMA_VERSION {
        return Err(StoreError::Newer { path: target.into(), found: from, supported: PG_SCHEMA_VERSION });
    }
    for (i, step) in migrations().iter().enumerate() {
        let version = i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1);
        if version > from {
            tx.batch_execute(step).map_err(e(msg!("create the tables")))?;
        }
    }
    tx.execute("DELETE FROM learn_schema", &[]).map_err(e(msg!("set the version")))?;
    tx.execute("INSERT INTO learn_schema (version) VALUES ($1)", &[&PG_SCHEMA_VERSION])
        .map_err(e(msg!("set the version")))?;
    tx.commit().map_err(e(msg!("commit the migration")))?;
    Ok(from)
}

/// Refuses a database without the schema, or with a newer one.
pub(super) fn check_version(store: &PgStore) -> Result<(), StoreError> {
    let mut c = store.client.borrow_mut();
    let version = match c.query_opt("SELECT max(version) FROM learn_schema", &[]) {
        Ok(row) => row.and_then(|r| r.try_get::<_, Option<i64>>(0).ok().flatten()).unwrap_or(0),
        Err(e)
            if e.code() == Some(&SqlState::UNDEFINED_TABLE) || e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) =>
        {
            return Err(StoreError::NoSchema { target: store.target.clone() });
        }
        Err(e) => return Err(super::classify(&store.target, msg!("read its version"), e)),
    };
    if version > PG_SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: store.target.clone().into(),
            found: version,
            supported: PG_SCHEMA_VERSION,
        });
    }
    if version < PG_SCHEMA_VERSION {
        return Err(StoreError::NoSchema { target: store.target.clone() });
    }
    Ok(())
}
