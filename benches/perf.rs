#![allow(unreachable_pub, clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]
//! End-to-end performance of `learn` on synthetic collections: start to the
//! first card on screen, `learn decks`, recording one answer, peak memory.
//!
//! Run with `cargo bench --bench perf` (add `-- --quick` for 10k only). A
//! custom harness rather than divan/criterion: most numbers are of whole
//! processes (start-up, peak RSS), which those frameworks do not measure.
//! Results go to standard output as a Markdown table; see docs/performance.md.

#[path = "anki_pkg.rs"]
mod anki_pkg;
#[path = "learner.rs"]
mod learner;
#[path = "synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use learn::schedule::{CardState, Grade, Scheduler, Settings};
use learn::store::{Mode, NewReview, Store};

const NOW: &str = "2026-03-01T09:00:00+07:00";
const RUNS: usize = 9;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn learn(home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_learn"));
    c.args(args)
        .env("LEARN_HOME", home)
        .env("LEARN_NOW", NOW)
        .env("LEARN_LEARNER", "bench")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Median wall time of a command over RUNS runs (after one warm-up).
fn time_cmd(home: &Path, args: &[&str]) -> Duration {
    let _ = learn(home, args).status();
    median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                let st = learn(home, args).status().expect("run learn");
                assert!(st.success(), "learn {args:?} failed");
                t.elapsed()
            })
            .collect(),
    )
}

/// Median time from starting `learn run` to its first card on screen: the
/// question line, read from its output as it appears (plain mode, with
/// standard input held open so the session waits for an answer).
fn time_to_first_card(home: &Path, deck: &str) -> Duration {
    use std::io::BufRead;
    let once = || {
        let t = Instant::now();
        let mut child = learn(home, &["--plain", "run", deck])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn learn");
        let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        // An empty line, the status line in brackets, then the question.
        loop {
            line.clear();
            if out.read_line(&mut line).expect("read") == 0 {
                panic!("learn ended before showing a card");
            }
            if !line.trim().is_empty() && !line.starts_with('[') {
                break;
            }
        }
        let elapsed = t.elapsed();
        // End the session as a learner would (end of input), not by a kill:
        // a killed session leaves SQLite's WAL behind, which the next start
        // takes for an unclean end and answers with a check of every page.
        drop(child.stdin.take());
        let _ = std::io::copy(&mut out, &mut std::io::sink());
        let _ = child.wait();
        elapsed
    };
    once();
    median((0..RUNS).map(|_| once()).collect())
}

/// Median time to record one answer in a store of this size.
fn record_median(home: &Path) -> Duration {
    let mut store = Store::open(&learn::store::Location::File(home.join("progress/learn.db"))).expect("store");
    let sched = Scheduler::new(Settings::default()).expect("scheduler");
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).expect("now").with_timezone(&Utc);
    let mut times = Vec::new();
    for i in 0..300 {
        let card = format!("c{}", i * 7);
        let before = CardState::new(now);
        let after = sched.review(&before, Grade::Good, now, &card);
        let r = NewReview {
            learner: "bench-record",
            deck: synth::DECK_ID,
            card: &card,
            time: now,
            mode: Mode::Run,
            grade: Grade::Good,
            correct: true,
            answer: "",
            duration_ms: 3000,
            before: &before,
            after: Some(&after),
            leech: false,
        };
        let t = Instant::now();
        store.record(&r).expect("record");
        times.push(t.elapsed());
    }
    median(times)
}

fn home_for(cards: usize, reviews: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-homes/{cards}-{reviews}"));
    if !dir.join("decks/vietnamese-choice.toml").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        let now = DateTime::parse_from_rfc3339(NOW).expect("now").with_timezone(&Utc);
        synth::make_home(&dir, cards, reviews, now);
        synth::make_vi_deck(&dir, cards);
        eprintln!("generated {cards} cards / {reviews} reviews in {:.1}s", t.elapsed().as_secs_f64());
    }
    dir
}

/// A copy of `home` without its Vietnamese deck (the deck of every kind
/// and the store only): `learn decks` of one N-card deck.
fn one_deck_home(home: &Path, cards: usize, reviews: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-homes/{cards}-{reviews}-one-deck"));
    if !dir.join("progress/learn.db").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("decks")).expect("decks dir");
        std::fs::create_dir_all(dir.join("progress")).expect("progress dir");
        let deck = dir.join("decks/synthetic.toml");
        std::fs::copy(home.join("decks/synthetic.toml"), &deck).expect("copy deck");
        std::fs::copy(home.join("progress/learn.db"), dir.join("progress/learn.db")).expect("copy store");
        // The deck keeps its time: a file changed within the last two
        // seconds is hashed at every start (the "racily clean" rule).
        let mtime = std::fs::metadata(home.join("decks/synthetic.toml")).and_then(|m| m.modified()).expect("mtime");
        std::fs::File::options().write(true).open(&deck).and_then(|f| f.set_modified(mtime)).expect("set mtime");
    }
    // One untimed run writes the parse cache.
    let _ = learn(&dir, &["decks"]).status();
    dir
}

/// Median wall time of `learn import` of a 100 000-row CSV into a fresh home.
fn import_csv() -> Duration {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-homes/import");
    let csv = dir.join("big.csv");
    if !csv.exists() {
        std::fs::create_dir_all(&dir).expect("dir");
        let mut text = String::from("question,answer,tags,explanation\n");
        for i in 0..100_000 {
            text.push_str(&format!(
                "\"Câu hỏi số {i}, về từ vựng?\",Đáp án {i},tag{} vocab,Giải thích cho thẻ {i}.\n",
                i % 50
            ));
        }
        std::fs::write(&csv, text).expect("csv");
    }
    median(
        (0..5)
            .map(|_| {
                let home = tempfile::tempdir().expect("home");
                let t = Instant::now();
                let st = learn(home.path(), &["import", csv.to_str().expect("path")]).status().expect("import");
                assert!(st.success());
                let e = t.elapsed();
                assert!(home.path().join("decks/big.toml").exists());
                e
            })
            .collect(),
    )
}

/// Median wall time of `learn import --with-progress` of a 20 000-note package.
fn import_apkg() -> Duration {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-homes/import");
    let pkg = dir.join("bench-20000.apkg");
    if !pkg.exists() {
        std::fs::create_dir_all(&dir).expect("dir");
        anki_pkg::make_package(&pkg, 20_000);
    }
    median(
        (0..3)
            .map(|_| {
                let home = tempfile::tempdir().expect("home");
                let t = Instant::now();
                let st = learn(home.path(), &["import", pkg.to_str().expect("path"), "--with-progress"])
                    .status()
                    .expect("import");
                assert!(st.success());
                let e = t.elapsed();
                assert!(home.path().join("decks/bench.toml").exists());
                e
            })
            .collect(),
    )
}

/// A home whose store holds a synthetic learner's year: about 100 000
/// answers (9 000 cards, 35 new a day), answers drawn from known FSRS-6
/// parameters. Returns the home and the number of answers.
fn optimize_home() -> (PathBuf, usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-homes/optimize");
    let count = dir.join("answers.txt");
    if !count.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("decks")).expect("decks dir");
        let t = Instant::now();
        let now: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW).expect("now").with_timezone(&Utc);
        let answers =
            learner::simulate(&learner::TRUE_PARAMETERS, 9_000, 35, 365, now - chrono::Duration::days(366), 3);
        std::fs::write(dir.join("decks/synthetic.toml"), learner::deck_toml("synthetic", 9_000)).expect("deck");
        let mut store = Store::open(&learn::store::Location::File(dir.join("progress/learn.db"))).expect("store");
        learner::record(&mut store, "bench", "synthetic", &answers);
        std::fs::write(&count, answers.len().to_string()).expect("count");
        eprintln!("simulated {} answers in {:.1}s", answers.len(), t.elapsed().as_secs_f64());
    }
    let n = std::fs::read_to_string(&count).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    (dir, n)
}

/// Median wall time of `learn optimize` (fit, evaluate, optimal retention,
/// save), each run from the defaults (`--reset` first, not timed).
fn optimize_median(home: &Path, runs: usize) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let st = learn(home, &["optimize", "--reset"]).status().expect("reset");
                assert!(st.success());
                let t = Instant::now();
                let st = learn(home, &["optimize"]).status().expect("optimize");
                assert!(st.success(), "learn optimize failed");
                t.elapsed()
            })
            .collect(),
    )
}

/// Rewrites a deck file with a new trailing comment, so that its size,
/// modification time and content hash all change (the cache must parse it).
fn change_deck(path: &Path, n: usize) {
    let mut text = std::fs::read_to_string(path).expect("read deck");
    if let Some(at) = text.find("\n# bench edit ") {
        text.truncate(at);
    }
    text.push_str(&format!("\n# bench edit {n}\n"));
    std::fs::write(path, text).expect("write deck");
}

/// Median wall time and the highest peak memory (MB) of `runs` runs of a
/// command through GNU time, `before(i)` called (untimed) before run `i`.
fn time_and_peak(home: &Path, args: &[&str], runs: usize, before: &dyn Fn(usize)) -> (Duration, f64) {
    let mut times = Vec::new();
    let mut peak = 0u64;
    for i in 0..runs {
        before(i);
        let t = Instant::now();
        let out = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg(env!("CARGO_BIN_EXE_learn"))
            .args(args)
            .env("LEARN_HOME", home)
            .env("LEARN_NOW", NOW)
            .env("LEARN_LEARNER", "bench")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .output()
            .expect("run learn under /usr/bin/time");
        times.push(t.elapsed());
        let kib: u64 =
            String::from_utf8_lossy(&out.stderr).lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
        peak = peak.max(kib);
    }
    (median(times), peak as f64 / 1024.0)
}

fn mb(v: f64) -> String {
    format!("{v:.0} MB")
}

/// One collection: warm and cold start of `learn run` on `deck`, `learn
/// decks` and `learn check`, each with its peak memory.
fn start_up_rows(home: &Path, label: &str, deck: &str, file: &str) {
    let deck_file = home.join("decks").join(file);
    let run = ["--plain", "run", deck];
    // Warm: the cache is current (one untimed run writes it).
    let _ = learn(home, &run).status();
    let first = time_to_first_card(home, deck);
    let (whole, run_peak) = time_and_peak(home, &run, RUNS, &|_| {});
    let (decks, decks_peak) = time_and_peak(home, &["decks"], RUNS, &|_| {});
    // Cold: the deck file changed before each run.
    let (cold, cold_peak) = time_and_peak(home, &run, 5, &|i| change_deck(&deck_file, i));
    let _ = learn(home, &run).status();
    let check_args = ["check", deck_file.to_str().expect("path")];
    let (check, check_peak) = time_and_peak(home, &check_args, 5, &|_| {});
    println!(
        "| {label} | {} | {} ({}) | {} ({}) | {} ({}) | {} ({}) |",
        ms(first),
        ms(whole),
        mb(run_peak),
        ms(cold),
        mb(cold_peak),
        ms(decks),
        mb(decks_peak),
        ms(check),
        mb(check_peak),
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    if std::env::args().any(|a| a == "--stats-only") {
        return stats_and_optimize(quick);
    }
    let start_only = std::env::args().any(|a| a == "--start-only");
    let sizes: &[(usize, usize)] =
        if quick { &[(10_000, 100_000)] } else { &[(10_000, 100_000), (100_000, 1_000_000)] };
    println!(
        "| collection | first card, warm | whole `learn run`, warm (peak) | first run after the deck changed (peak) | `learn decks` (peak) | `learn check` of the deck (peak) |"
    );
    println!("|---|---|---|---|---|---|");
    let mut records = Vec::new();
    for &(cards, reviews) in sizes {
        let home = home_for(cards, reviews);
        start_up_rows(
            &home,
            &format!("{cards} cards of every kind, {reviews} reviews"),
            synth::DECK_ID,
            "synthetic.toml",
        );
        start_up_rows(
            &home,
            &format!("{cards} long Vietnamese choice cards (same home)"),
            synth::VI_DECK_ID,
            "vietnamese-choice.toml",
        );
        let one = one_deck_home(&home, cards, reviews);
        let (decks, peak) = time_and_peak(&one, &["decks"], RUNS, &|_| {});
        records.push((cards, reviews, record_median(&home), decks, peak));
    }
    println!();
    for (cards, reviews, rec, decks, peak) in records {
        println!(
            "Record one answer ({cards} cards, {reviews} reviews): {:.3} ms median of 300",
            rec.as_secs_f64() * 1000.0
        );
        println!(
            "`learn decks` in a home of only the {cards}-card deck of every kind ({reviews} reviews): {} ({})",
            ms(decks),
            mb(peak)
        );
    }
    if start_only {
        return;
    }
    let import = import_csv();
    let apkg = import_apkg();
    println!();
    println!("`learn import` of a 100 000-row CSV (10 MB): {}", ms(import));
    println!(
        "`learn import --with-progress` of a 20 000-note Anki package (24 000 cards, 12 000 with 5 reviews): {}",
        ms(apkg)
    );
    stats_and_optimize(quick);
}

/// `learn stats` (page and JSON) on the generated collections, and `learn
/// optimize` on the synthetic learner's year.
fn stats_and_optimize(quick: bool) {
    let sizes: &[(usize, usize)] =
        if quick { &[(10_000, 100_000)] } else { &[(10_000, 100_000), (100_000, 1_000_000)] };
    println!();
    println!("| collection | `learn stats` | `learn stats --json` |");
    println!("|---|---|---|");
    for &(cards, reviews) in sizes {
        let home = home_for(cards, reviews);
        let page = time_cmd(&home, &["stats"]);
        let json = time_cmd(&home, &["stats", "--json"]);
        println!("| {cards} cards, {reviews} reviews | {} | {} |", ms(page), ms(json));
    }
    let (home, answers) = optimize_home();
    let t = optimize_median(&home, if quick { 1 } else { 3 });
    println!();
    println!("`learn optimize` on a synthetic learner's year ({answers} answers): {:.2} s", t.as_secs_f64());
}
