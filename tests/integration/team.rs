//! A team on one PostgreSQL: `learn admin` makes the schema and the logins,
//! and row-level security keeps each learner to their own rows and each
//! trainer to reading.

use super::pg::PgCluster;
use super::support::TestEnv;

/// The `store = "..."` line `learn admin add-*` prints.
fn handed_url(out: &str) -> String {
    let line = out.lines().find(|l| l.starts_with("store = \"")).unwrap_or_else(|| panic!("no store line in {out}"));
    line.trim_start_matches("store = \"").trim_end_matches('"').to_string()
}

/// The server's message in a client error.
fn db_msg(e: &postgres::Error) -> String {
    e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string())
}

fn basic_deck() -> String {
    let mut deck = String::from("[deck]\nid = \"t.team\"\nname = \"Team\"\nlanguage = \"en\"\n");
    for i in 0..4 {
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"c{i}\"\nkind = \"basic\"\nquestion = \"Q{i}\"\nanswer = \"A{i}\"\n"
        ));
    }
    deck
}

#[test]
fn learners_see_only_their_rows_and_trainers_only_read() {
    let Some(pg) = PgCluster::start() else { return };
    let admin_url = pg.new_db("team");
    let mut admin = TestEnv::new();
    admin.store = Some(admin_url.clone());
    let mut urls = Vec::new();
    for (cmd, name) in [("add-learner", "an"), ("add-learner", "binh"), ("add-trainer", "minh")] {
        let r = admin.run(&["--lang", "en", "admin", cmd, name]);
        assert_eq!(r.code, 0, "{}", r.all());
        urls.push(handed_url(&r.stdout));
    }
    assert!(urls[0].starts_with("postgresql://an:") && urls[0].ends_with(&format!("@127.0.0.1:{}/team", pg.port)));
    // A bad name is refused before any SQL.
    let r = admin.run(&["--lang", "en", "admin", "add-learner", "x\"; DROP TABLE reviews; --"]);
    assert_eq!(r.code, 2, "{}", r.all());
    // Each learner studies through the binary, as themselves (no --learner:
    // the learner is the database user).
    for (i, name) in ["an", "binh"].iter().enumerate() {
        let mut env = TestEnv::new();
        env.write_deck("team.toml", &basic_deck());
        env.store = Some(urls[i].clone());
        env.learner = String::new();
        let r = env.run_in(&["--lang", "en", "run", "t.team"], &"\n3\n".repeat(i + 1));
        assert_eq!(r.code, 0, "{name}: {}", r.all());
        let p = env.run(&["--lang", "en", "paths"]);
        assert!(p.stdout.contains(&format!("{name}  [the PostgreSQL user of the store]")), "{}", p.stdout);
        assert!(!p.stdout.contains(&urls[i][urls[i].find(':').unwrap_or(0) + 3..]), "no password shown: {}", p.stdout);
    }
    let connect = |url: &str| postgres::Client::connect(url, postgres::NoTls).expect("connect");
    // An reads only an's rows; binh's are invisible, not merely refused.
    let mut an = connect(&urls[0]);
    let learners: Vec<String> =
        an.query("SELECT DISTINCT learner FROM reviews", &[]).expect("select").iter().map(|r| r.get(0)).collect();
    assert_eq!(learners, vec!["an".to_string()]);
    // Writing as someone else fails; changing their rows touches nothing.
    let forged = an.batch_execute(
        "INSERT INTO flags (learner, deck, card, time_ms, note) VALUES ('binh', 't.team', 'c0', 0, 'forged')",
    );
    let e = forged.expect_err("a learner cannot write another's row");
    assert!(db_msg(&e).contains("row-level security"), "{e:?}");
    assert_eq!(an.execute("DELETE FROM reviews WHERE learner = 'binh'", &[]).expect("delete"), 0);
    assert_eq!(an.execute("UPDATE cards SET reps = 99 WHERE learner = 'binh'", &[]).expect("update"), 0);
    // Through learn: an cannot record answers under another name either.
    let mut env = TestEnv::new();
    env.write_deck("team.toml", &basic_deck());
    env.store = Some(urls[0].clone());
    env.learner = "binh".into();
    let r = env.run_in(&["--lang", "en", "run", "t.team"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("this login may not save the answer"), "{}", r.stderr);
    // A trainer's login cannot study: it is told so, not given SQL.
    env.store = Some(urls[2].clone());
    env.learner = "minh".into();
    let r = env.run_in(&["--lang", "en", "--plain", "run", "t.team"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("this login may not") && r.stderr.contains("learner's login"), "{}", r.stderr);
    // The trainer reads everyone and writes nothing.
    let mut minh = connect(&urls[2]);
    let n: i64 = minh.query_one("SELECT count(*) FROM reviews", &[]).expect("count").get(0);
    assert_eq!(n, 3);
    for sql in [
        "INSERT INTO flags (learner, deck, card, time_ms) VALUES ('minh', 'd', 'c', 0)",
        "DELETE FROM reviews",
        "UPDATE cards SET reps = 0",
    ] {
        let e = minh.batch_execute(sql).expect_err("a trainer writes nothing");
        assert!(db_msg(&e).contains("permission denied"), "{sql}: {e:?}");
    }
    let mut trainer = TestEnv::new();
    trainer.store = Some(urls[2].clone());
    trainer.learner = String::new();
    let r = trainer.run(&["export", "reviews", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().any(|r| r["learner"] == "an") && rows.iter().any(|r| r["learner"] == "binh"));
    // The trainer's report covers both learners; a learner's, only them.
    trainer.write_deck("team.toml", &basic_deck());
    let r = trainer.run(&["--lang", "en", "report", "--json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let names: Vec<&str> =
        v["learners"].as_array().expect("learners").iter().filter_map(|l| l["learner"].as_str()).collect();
    assert_eq!(names, ["an", "binh"]);
    let mut learner = TestEnv::new();
    learner.store = Some(urls[1].clone());
    learner.learner = String::new();
    let r = learner.run(&["--lang", "en", "report", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["learners"].as_array().map(Vec::len), Some(1), "{}", r.stdout);
    assert_eq!(v["learners"][0]["learner"], "binh");
}

#[test]
fn a_server_that_is_down_is_named_within_five_seconds() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        l.local_addr().expect("addr").port()
    };
    let mut env = TestEnv::new();
    env.store = Some(format!("postgresql://lan@127.0.0.1:{port}/learn"));
    let start = std::time::Instant::now();
    let r = env.run_in(&["--lang", "en", "run"], "\n3\n");
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains(&format!("PostgreSQL server at 127.0.0.1:{port}")), "{}", r.stderr);
    // An address that does not answer at all (a black hole): the connect timeout.
    // (--store after the command counts too.)
    env.store = None;
    let start = std::time::Instant::now();
    let r = env.run_in(
        &["--lang", "en", "run", "--store", "postgresql://lan@10.255.255.1:5432/learn?connect_timeout=2"],
        "\n3\n",
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("10.255.255.1"), "{}", r.stderr);
}

/// Runs `openssl` in `dir` with `args`.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("openssl").current_dir(dir).args(args).output().expect("run openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A certificate authority `NAME.pem` (key `NAME.key`) in `dir`.
fn authority(dir: &std::path::Path, name: &str) {
    let (key, pem, subject) = (format!("{name}.key"), format!("{name}.pem"), format!("/CN={name}"));
    openssl(
        dir,
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &pem, "-days", "2", "-subj",
            &subject,
        ],
    );
}

#[test]
fn tls_when_the_url_asks_for_it_with_the_server_checked() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.new_db("tls");
    let certs = tempfile::tempdir().expect("temp dir");
    let dir = certs.path();
    // Before the server speaks TLS, a URL that requires it is refused clearly.
    authority(dir, "ca");
    let mut env = TestEnv::new();
    env.write_deck("team.toml", &basic_deck());
    let ca = dir.join("ca.pem");
    env.store = Some(format!("{url}?sslmode=require&sslrootcert={}", ca.display()));
    env.learner = "postgres".into();
    let r = env.run_in(&["--lang", "en", "--plain", "run", "t.team"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("cannot open a TLS connection"), "{}", r.stderr);

    // A server certificate for 127.0.0.1 signed by the authority; TLS on.
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(dir.join("ext"), "subjectAltName=IP:127.0.0.1\n").expect("ext");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "ext",
        ],
    );
    let data = pg.socket_dir().join("data");
    for f in ["server.crt", "server.key"] {
        std::fs::copy(dir.join(f), data.join(f)).expect("copy the certificate");
    }
    let owner = std::process::Command::new("chown")
        .arg("postgres:postgres")
        .arg(data.join("server.crt"))
        .arg(data.join("server.key"))
        .status();
    let _ = owner; // not root: the files are already the server's
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(data.join("server.key"), std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    pg.sql("postgres", "ALTER SYSTEM SET ssl = on");
    pg.sql("postgres", "ALTER SYSTEM SET log_connections = on");
    pg.sql("postgres", "SELECT pg_reload_conf()");
    std::thread::sleep(std::time::Duration::from_millis(500));

    // The authority's certificate given: an encrypted session, saved.
    let r = env.run_in(&["--lang", "en", "--plain", "run", "t.team"], "\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let log = std::fs::read_to_string(pg.socket_dir().join("log")).expect("server log");
    assert!(log.contains("SSL enabled"), "the server logged an encrypted connection:\n{log}");
    let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    let n: i64 = c.query_one("SELECT count(*) FROM reviews", &[]).expect("count").get(0);
    assert_eq!(n, 1);

    // Another authority does not vouch for the server: refused, nothing saved.
    authority(dir, "other");
    env.store = Some(format!("{url}?sslmode=verify-full&sslrootcert={}", dir.join("other.pem").display()));
    let r = env.run_in(&["--lang", "en", "--plain", "run", "t.team"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("cannot open a TLS connection") && r.stderr.contains("sslrootcert"), "{}", r.stderr);
    // And under another name than the certificate's (localhost): refused.
    let by_name = url.replace("127.0.0.1", "localhost");
    env.store = Some(format!("{by_name}?sslmode=verify-full&sslrootcert={}", ca.display()));
    let r = env.run_in(&["--lang", "en", "--plain", "run", "t.team"], "\n3\n");
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("cannot open a TLS connection"), "{}", r.stderr);
    let n: i64 = c.query_one("SELECT count(*) FROM reviews", &[]).expect("count").get(0);
    assert_eq!(n, 1);
}
