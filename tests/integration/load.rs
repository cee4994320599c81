//! Load and faults on one PostgreSQL server (ignored by default; `.ci/run`
//! runs them): 50 learners at once, each answering 100 cards through the
//! real binary in plain mode; then a server restart in the middle of the
//! sessions. Every confirmed answer must be in the store exactly once.

use std::io::{BufRead, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::pg::PgCluster;
use super::support::TestEnv;

const LEARNERS: usize = 50;

/// The number of learners of the load test (`LEARN_LOAD_LEARNERS` to
/// measure with fewer, e.g. one: the time of an answer without contention).
fn learners() -> usize {
    std::env::var("LEARN_LOAD_LEARNERS").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(LEARNERS)
}
const CARDS: usize = 100;

fn deck() -> String {
    let mut deck = String::from("[deck]\nid = \"t.load\"\nname = \"Load\"\nlanguage = \"en\"\n");
    for i in 0..CARDS {
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"c{i:03}\"\nkind = \"basic\"\nquestion = \"Q{i}\"\nanswer = \"A{i}\"\n"
        ));
    }
    deck
}

/// What one learner's session did.
struct Outcome {
    learner: String,
    /// Answers the binary confirmed ("Graded: ...").
    confirmed: usize,
    /// Time from sending a grade to its confirmation, per answer.
    latencies: Vec<Duration>,
    code: i32,
    stderr: String,
}

/// How long a learner looks at a card before revealing its answer: `None`
/// answers flat out (every session as fast as the machine allows, a
/// stress test whose waits are the two cores' queue), or a pause of
/// 100–300 ms per card (still twenty times faster than people read), so
/// that the time measured is the store's and not the queue's.
type Think = Option<(u64, u64)>;

/// The pause before card `n` of `learner`: spread, and the same every run.
fn pause(think: Think, learner: &str, n: usize) -> Duration {
    let Some((min, spread)) = think else { return Duration::ZERO };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in learner.bytes().chain(n.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Duration::from_millis(min + h % spread.max(1))
}

/// One learner answers every card Good, timing each answer's recording.
fn session(env: &TestEnv, learner: &str, think: Think) -> Outcome {
    let err_path = env.home().join(format!("{learner}.err"));
    let mut c = env.command(&["--lang", "en", "--learner", learner, "run", "t.load", "--new", "100"]);
    c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(std::fs::File::create(&err_path).expect("stderr file"));
    let mut child = c.spawn().expect("spawn learn");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(l) = line else { break };
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    let mut stdin = child.stdin.take().expect("stdin");
    let wait_for = |pat: &str| -> bool {
        loop {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok(l) if l.contains(pat) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    };
    let mut confirmed = 0;
    let mut latencies = Vec::new();
    for n in 0..CARDS {
        if !wait_for("press Enter") {
            break;
        }
        std::thread::sleep(pause(think, learner, n));
        if writeln!(stdin,).is_err() || !wait_for("Grade:") {
            break;
        }
        let sent = Instant::now();
        if writeln!(stdin, "3").and_then(|()| stdin.flush()).is_err() {
            break;
        }
        if !wait_for("Graded: Good") {
            break;
        }
        latencies.push(sent.elapsed());
        confirmed += 1;
    }
    drop(stdin);
    let code = child.wait().map(|s| s.code().unwrap_or(-1)).unwrap_or(-1);
    Outcome {
        learner: learner.to_string(),
        confirmed,
        latencies,
        code,
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

/// Rows per learner and the number of (learner, card) pairs answered twice.
fn tally(url: &str) -> (std::collections::HashMap<String, usize>, i64) {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("connect");
    let per: std::collections::HashMap<String, usize> = c
        .query("SELECT learner, count(*) FROM reviews GROUP BY learner", &[])
        .expect("count")
        .iter()
        .map(|r| (r.get::<_, String>(0), usize::try_from(r.get::<_, i64>(1)).unwrap_or(0)))
        .collect();
    let dup: i64 = c
        .query_one(
            "SELECT count(*) FROM (SELECT learner, card FROM reviews GROUP BY learner, card HAVING count(*) > 1) d",
            &[],
        )
        .expect("duplicates")
        .get(0);
    (per, dup)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn home(url: &str) -> TestEnv {
    let mut env = TestEnv::new();
    env.write_deck("load.toml", &deck());
    std::fs::write(env.home().join("learn.toml"), "[scheduler]\nnew_per_day = 200\n").expect("config");
    env.store = Some(url.to_string());
    env
}

fn run_all(env: &TestEnv, think: Think, during: impl FnOnce()) -> Vec<Outcome> {
    std::thread::scope(|s| {
        let handles: Vec<_> =
            (0..learners()).map(|i| s.spawn(move || session(env, &format!("learner{i:02}"), think))).collect();
        during();
        handles.into_iter().map(|h| h.join().expect("session thread")).collect()
    })
}

/// 50 learners, 100 answers each, all at once against one server: every
/// answer once; p50 and p99 of the time to record an answer reported.
fn load(name: &str, think: Think) {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.new_db(name);
    let env = home(&url);
    let started = Instant::now();
    let outcomes = run_all(&env, think, || {});
    let wall = started.elapsed();
    for o in &outcomes {
        assert_eq!((o.code, o.confirmed), (0, CARDS), "{}: {}", o.learner, o.stderr);
    }
    let (per, dup) = tally(&url);
    assert_eq!(per.len(), learners());
    assert!(per.values().all(|&n| n == CARDS), "{per:?}");
    assert_eq!(dup, 0, "no answer twice");
    let mut all: Vec<Duration> = outcomes.iter().flat_map(|o| o.latencies.iter().copied()).collect();
    all.sort();
    let (p50, p99) = (percentile(&all, 0.50), percentile(&all, 0.99));
    let pace = match think {
        Some((min, spread)) => format!("each learner pausing {min}–{} ms on a card", min + spread),
        None => "flat out".to_string(),
    };
    eprintln!(
        "load ({pace}): {} answers by {} learners in {:.1}s; time to record an answer (grade sent → confirmation read): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.len(),
        learners(),
        wall.as_secs_f64(),
        p50.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        all.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );
    assert_eq!(all.len(), learners() * CARDS);
}

#[test]
#[ignore = "a load test: run by .ci/run (cargo test -- --ignored load)"]
fn load_fifty_learners_each_answer_a_hundred_cards() {
    load("load", Some((100, 200)));
}

#[test]
#[ignore = "a load test: run by .ci/run (cargo test -- --ignored load)"]
fn load_fifty_learners_flat_out() {
    load("flatout", None);
}

#[test]
#[ignore = "a fault test: run by .ci/run (cargo test -- --ignored load)"]
fn load_a_server_restart_mid_session_loses_and_duplicates_nothing() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.new_db("restart");
    let env = home(&url);
    let outcomes = run_all(&env, None, || {
        // Let the sessions get going, then restart the server under them.
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let n: i64 = c.query_one("SELECT count(*) FROM reviews", &[]).expect("count").get(0);
            if n >= i64::try_from(learners() * CARDS / 4).unwrap_or(i64::MAX) || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(c);
        pg.stop();
        std::thread::sleep(Duration::from_millis(500));
        pg.pg_ctl_start();
    });
    let (per, dup) = tally(&url);
    assert_eq!(dup, 0, "no answer twice");
    let mut interrupted = 0;
    for o in &outcomes {
        let stored = per.get(&o.learner).copied().unwrap_or(0);
        // Every confirmed answer is there; at most the one being saved
        // when the connection went is there unconfirmed.
        assert!(
            stored >= o.confirmed && stored <= o.confirmed + 1,
            "{}: stored {stored}, confirmed {}",
            o.learner,
            o.confirmed
        );
        if o.confirmed < CARDS {
            interrupted += 1;
            assert_eq!(o.code, 1, "{}: {}", o.learner, o.stderr);
            assert!(
                o.stderr.contains("was lost") || o.stderr.contains("cannot reach the PostgreSQL server"),
                "{}: {}",
                o.learner,
                o.stderr
            );
        }
    }
    assert!(interrupted > 0, "the restart happened while sessions ran");
    if let Some(o) = outcomes.iter().find(|o| o.confirmed < CARDS) {
        eprintln!("restart: {} said: {}", o.learner, o.stderr.trim());
    }
    eprintln!(
        "restart: {interrupted} of {} sessions ended by the restart with a clear message; every confirmed answer stored once",
        learners()
    );
    // After the restart, a new session goes on where the old one stopped
    // (then, the clock being fixed, cards still learning come back ahead).
    let name = &outcomes.iter().find(|o| o.confirmed < CARDS).expect("an interrupted one").learner;
    let before = per.get(name).copied().unwrap_or(0);
    let o = session(&env, name, None);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let (after, _) = tally(&url);
    assert_eq!(after.get(name).copied().unwrap_or(0), before + o.confirmed);
}
