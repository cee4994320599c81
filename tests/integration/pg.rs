//! A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary
//! folder, `pg_ctl` on a free loopback port (and a socket in that folder),
//! stopped when the guard is dropped (on failure too). Run as root, the
//! server is started as the `postgres` user, since it refuses root.
//!
//! Where PostgreSQL is not installed the tests say "skipped: PostgreSQL not
//! installed" and pass, unless `LEARN_REQUIRE_POSTGRES` is set (`.ci/run`
//! sets it): then they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
    as_postgres: bool,
}

/// The folder holding `initdb` and `pg_ctl`: on PATH, else Debian's.
fn pg_bin() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
            return Some(dir);
        }
    }
    let mut debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").is_file())
        .collect();
    debian.sort();
    debian.pop()
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl PgCluster {
    /// Starts a cluster, or `None` (after saying so) where PostgreSQL is not
    /// installed and not required.
    pub fn start() -> Option<PgCluster> {
        let Some(bin) = pg_bin() else {
            if std::env::var_os("LEARN_REQUIRE_POSTGRES").is_some() {
                panic!("PostgreSQL is required (LEARN_REQUIRE_POSTGRES) but initdb/pg_ctl were not found");
            }
            eprintln!("skipped: PostgreSQL not installed");
            return None;
        };
        let dir = tempfile::Builder::new().prefix("pg").tempdir_in("/tmp").expect("temp dir");
        let as_postgres = is_root();
        if as_postgres {
            let ok = Command::new("chown").args(["-R", "postgres:postgres"]).arg(dir.path()).status();
            assert!(ok.is_ok_and(|s| s.success()), "chown the cluster folder to postgres");
        }
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
            l.local_addr().expect("addr").port()
        };
        let c = PgCluster { dir, bin, port, as_postgres };
        let data = c.data();
        let out = c
            .cmd("initdb")
            .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale", "C", "-D"])
            .arg(&data)
            .output()
            .expect("run initdb");
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        c.pg_ctl_start();
        Some(c)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    fn cmd(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    /// Starts the server (again, after [`PgCluster::stop`]).
    pub fn pg_ctl_start(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            self.port,
            self.socket_dir().display()
        );
        let out = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-o", &opts, "-l"])
            .arg(self.dir.path().join("log"))
            .args(["-w", "-t", "30", "start"])
            .output()
            .expect("run pg_ctl");
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
        );
    }

    /// Stops the server (`fast`: sessions are ended, as in a restart).
    pub fn stop(&self) {
        let _ = self.cmd("pg_ctl").arg("-D").arg(self.data()).args(["-m", "fast", "-w", "stop"]).output();
    }

    /// The superuser's URL for database `db`.
    pub fn url(&self, db: &str) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Runs SQL as the superuser in database `db`.
    pub fn sql(&self, db: &str, sql: &str) {
        let mut c = postgres::Client::connect(&self.url(db), postgres::NoTls).expect("connect as postgres");
        c.batch_execute(sql).expect("run SQL");
    }

    /// A new empty database with the learn schema (`learn admin init-postgres`).
    pub fn new_db(&self, name: &str) -> String {
        self.sql("postgres", &format!("CREATE DATABASE {name}"));
        let url = self.url(name);
        let out = Command::new(super::support::bin())
            .args(["--lang", "en", "admin", "init-postgres", &url])
            .output()
            .expect("run learn admin");
        assert!(out.status.success(), "init-postgres: {}", String::from_utf8_lossy(&out.stderr));
        url
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self.cmd("pg_ctl").arg("-D").arg(self.data()).args(["-m", "immediate", "-w", "stop"]).output();
    }
}
