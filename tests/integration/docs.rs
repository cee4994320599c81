//! The docs describe what the binary does: the plain-mode transcript in
//! docs/plain-mode.md is produced by running its command; docs/stats.md's
//! sample page is what `learn stats` prints, and its table of JSON fields
//! names exactly the fields of `learn stats --json`, with their types.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use learn::schedule::{CardState, DEFAULT_PARAMETERS, Grade, State};
use learn::store::{FittedParameters, Mode, NewReview, Store};
use serde_json::Value;

use super::support::{TestEnv, bin, repo, run_with_input};

/// Replaces the time spent ("· 0s", "· 1m 5s") so runs compare equal.
fn no_time(s: &str) -> String {
    s.lines()
        .map(|l| match l.rfind(" · ") {
            Some(i)
                if l[i + 5..].ends_with('s') && l[i + 5..].chars().all(|c| c.is_ascii_digit() || " ms".contains(c)) =>
            {
                format!("{} · <time>", &l[..i])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn plain_mode_transcript_is_what_the_binary_prints() {
    let doc = std::fs::read_to_string(repo().join("docs/plain-mode.md")).expect("doc");
    let start = doc.find("<!-- transcript").expect("transcript marker");
    let block = &doc[start..];
    let body_start = block.find("```text\n").expect("text block") + 8;
    let body = &block[body_start..];
    let body = &body[..body.find("\n```").expect("block end")];
    let (command, expected) = body.split_once('\n').expect("command line");
    // $ printf '<input>' | LEARN_NOW=<time> learn <args>
    let input = command.split('\'').nth(1).expect("printf input").replace("\\n", "\n");
    let after_pipe = command.split(" | ").nth(1).expect("pipe");
    let mut words = after_pipe.split_whitespace();
    let now = words.next().and_then(|w| w.strip_prefix("LEARN_NOW=")).expect("LEARN_NOW");
    assert_eq!(words.next(), Some("learn"));
    let args: Vec<&str> = words.collect();

    let home = tempfile::tempdir().expect("home");
    let mut child = std::process::Command::new(bin())
        .args(&args)
        .current_dir(repo())
        .env("LEARN_HOME", home.path())
        .env("LEARN_NOW", now)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    use std::io::Write;
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("input");
    let out = child.wait_with_output().expect("output");
    assert!(out.status.success());
    let got = String::from_utf8_lossy(&out.stdout);
    assert_eq!(no_time(got.trim_end()), no_time(expected.trim_end()));
}

/// The text of the first fenced block of `lang` after `from` in `doc`.
fn block_after<'d>(doc: &'d str, from: &str, lang: &str) -> &'d str {
    let start = doc.find(from).unwrap_or_else(|| panic!("{from:?} not in the doc"));
    let rest = &doc[start..];
    let open = format!("```{lang}\n");
    let body = &rest[rest.find(&open).expect("a fenced block") + open.len()..];
    &body[..body.find("```").expect("block end")]
}

#[test]
fn deck_format_check_example_is_what_the_binary_prints() {
    let doc = std::fs::read_to_string(repo().join("docs/deck-format.md")).expect("doc");
    let deck = block_after(&doc, "<!-- check-example: my-deck.toml -->", "toml");
    let transcript = block_after(&doc, "<!-- check-example: my-deck.toml -->", "text");
    let (command, expected) = transcript.split_once('\n').expect("command line");
    assert_eq!(command, "$ learn check my-deck.toml");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("my-deck.toml"), deck).expect("deck");
    let run = |dir: &std::path::Path| {
        std::process::Command::new(bin())
            .args(["check", "my-deck.toml"])
            .current_dir(dir)
            .env("LEARN_HOME", dir.join("home"))
            .env("COLUMNS", "100")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .output()
            .expect("run learn check")
    };
    let out = run(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), expected.trim_end());
    // The fixes the doc describes make the deck pass.
    let fixed = deck
        .replace("answer = \"mercury\"", "answer = \"Mercury\"")
        .replace("answer = \"true\"", "answer = true")
        .replace("explanaton", "explanation");
    std::fs::write(dir.path().join("my-deck.toml"), fixed).expect("deck");
    let ok = run(dir.path());
    let after = block_after(&doc, "the card has no explanation. After the fixes:", "text");
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim_end(), after.split_once('\n').expect("cmd").1.trim_end());
}

#[test]
fn deck_format_common_mistakes_are_what_check_says() {
    let doc = std::fs::read_to_string(repo().join("docs/deck-format.md")).expect("doc");
    let table = &doc[doc.find("### Common mistakes").expect("section")..];
    let start = table.find("|---|").expect("table");
    let table = &table[..start + table[start..].find("\n\n").expect("table end")];
    let out = std::process::Command::new(bin())
        .args(["check", "tests/fixtures/broken/"])
        .current_dir(repo())
        .env("LEARN_HOME", tempfile::tempdir().expect("home").path())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .expect("run learn check");
    let said = String::from_utf8_lossy(&out.stdout);
    let mut rows = 0;
    for row in table.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| mistake")) {
        let said_cell = row.split(" | ").nth(1).expect("second column");
        // The first code span of the cell: `` x `` or `x`.
        let quoted = if let Some(r) = said_cell.strip_prefix("`` ") {
            r.split(" ``").next().expect("span")
        } else {
            said_cell.trim_start_matches('`').split('`').next().expect("span")
        };
        assert!(
            said.contains(quoted),
            "docs/deck-format.md says `learn check` prints {quoted:?}, but it does not:\n{said}"
        );
        rows += 1;
    }
    assert!(rows >= 10, "the table was read ({rows} rows)");
}

#[test]
fn deck_format_lint_example_is_what_the_binary_prints() {
    let doc = std::fs::read_to_string(repo().join("docs/deck-format.md")).expect("doc");
    let transcript = block_after(&doc, "## The linter: cards that are valid but test badly", "text");
    let (command, expected) = transcript.split_once('\n').expect("command line");
    let args: Vec<&str> = command.strip_prefix("$ learn ").expect("a learn command").split(' ').collect();
    let out = std::process::Command::new(bin())
        .args(&args)
        .current_dir(repo())
        .env("LEARN_HOME", tempfile::tempdir().expect("home").path())
        .env("COLUMNS", "100")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .expect("run learn check --lint");
    assert_eq!(out.status.code(), Some(0), "lint warnings do not fail the check");
    let said = String::from_utf8_lossy(&out.stdout);
    // Every line shown (`...` stands for lines left out) is printed, in order.
    let mut at = 0;
    for line in expected.lines().filter(|l| *l != "...") {
        let found = said[at..].find(line).unwrap_or_else(|| panic!("{line:?} is not printed (in order):\n{said}"));
        at += found + line.len();
    }
}

/// The commands of docs/stats.md's sample page, as the doc shows them.
const STATS_SAMPLE: &str = r#"H=$(mktemp -d); A='3\n1\n3\n2\n3\n3\n3\n3\n3\n3\n3\n3\n'
for d in $(seq 13 26); do printf "$A" | LEARN_NOW=2026-11-${d}T09:00:00+07:00 \
  learn --home $H --learner lan --plain --lang en run bpo-vs-call-center.en >/dev/null 2>&1; done
LEARN_NOW=2026-11-26T10:00:00+07:00 learn --home $H --learner lan --lang en stats --days 14
"#;

/// `learn` in `home` at `now`, with nothing from the caller's environment.
fn learn_at(home: &std::path::Path, now: &str, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(bin());
    c.args(["--home", home.to_str().expect("home path"), "--learner", "lan"])
        .args(args)
        .current_dir(home)
        .env("LEARN_NOW", now)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("LEARN_HOME")
        .env_remove("LEARN_LEARNER")
        .env_remove("LEARN_NOW_STEP")
        .env_remove("NO_COLOR")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// Durations ("0s", "1m 05s", "1h 05m", "(0s") become "<t>": they are the
/// real time the answers took.
fn no_durations(s: &str) -> String {
    let is_span = |w: &str| {
        let w = w.trim_start_matches('(');
        w.len() > 1 && w.ends_with(['s', 'm', 'h']) && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit())
    };
    s.lines()
        .map(|l| {
            let mut words: Vec<&str> = Vec::new();
            for w in l.split(' ') {
                let w = if is_span(w) { "<t>" } else { w };
                if !(w == "<t>" && words.last() == Some(&"<t>")) {
                    words.push(w);
                }
            }
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn stats_sample_page_is_what_the_binary_prints() {
    let doc = std::fs::read_to_string(repo().join("docs/stats.md")).expect("doc");
    let script = block_after(&doc, "<!-- stats-sample -->", "sh");
    assert_eq!(script, STATS_SAMPLE, "docs/stats.md's sample commands are the ones this test runs");
    let expected = block_after(&doc, "<!-- stats-sample -->", "text");
    let home = tempfile::tempdir().expect("home");
    let input = "3\n1\n3\n2\n3\n3\n3\n3\n3\n3\n3\n3\n";
    for d in 13..=26 {
        let now = format!("2026-11-{d}T09:00:00+07:00");
        let args = ["--plain", "--lang", "en", "run", "bpo-vs-call-center.en"];
        let r = run_with_input(learn_at(home.path(), &now, &args), input);
        assert_eq!(r.code, 0, "{}", r.all());
    }
    let stats = ["--lang", "en", "stats", "--days", "14"];
    let r = run_with_input(learn_at(home.path(), "2026-11-26T10:00:00+07:00", &stats), "");
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(no_durations(r.stdout.trim_end()), no_durations(expected.trim_end()));
}

/// The rows of docs/stats.md's table of JSON fields: (path, type), each
/// `{a,b}` expanded into one row per alternative.
fn documented_fields() -> Vec<(String, String)> {
    fn expand(path: &str) -> Vec<String> {
        match (path.find('{'), path.find('}')) {
            (Some(open), Some(close)) if open < close => path[open + 1..close]
                .split(',')
                .flat_map(|alt| expand(&format!("{}{alt}{}", &path[..open], &path[close + 1..])))
                .collect(),
            _ => vec![path.to_string()],
        }
    }
    let doc = std::fs::read_to_string(repo().join("docs/stats.md")).expect("doc");
    let table = &doc[doc.find("<!-- json-fields -->").expect("the field table's marker")..];
    let table = &table[..table.find("\n\n").expect("the table's end")];
    let mut out = Vec::new();
    for row in table.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let path = cells[0].trim_start_matches("| ").trim_matches('`');
        let ty = cells.get(1).unwrap_or_else(|| panic!("no type in {row:?}")).trim();
        out.extend(expand(path).into_iter().map(|p| (p, ty.to_string())));
    }
    assert!(out.len() > 60, "the table was read ({} fields)", out.len());
    out
}

/// Every field of `v` by path (keys joined by dots, `[]` after an array's
/// name, array elements walked), with each value found there.
fn fields<'v>(v: &'v Value, prefix: &str, out: &mut BTreeMap<String, Vec<&'v Value>>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                let path = if x.is_array() { format!("{path}[]") } else { path };
                out.entry(path.clone()).or_default().push(x);
                fields(x, &path, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| fields(x, prefix, out)),
        _ => {}
    }
}

/// Whether `v` is of a type as docs/stats.md writes it.
fn has_type(v: &Value, ty: &str) -> bool {
    if let Some(ty) = ty.strip_suffix(" or null") {
        return v.is_null() || has_type(v, ty);
    }
    if let Some(each) = ty.strip_prefix("array of ") {
        return v.as_array().is_some_and(|a| a.iter().all(|x| has_type(x, each)));
    }
    match ty {
        "integer" => v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "object" => v.is_object(),
        other => panic!("docs/stats.md: unknown type {other:?}"),
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).expect("time")
}

fn review_card(stability: f64, scheduled_days: u32, lapses: u32, last: &str, due: &str) -> CardState {
    CardState {
        state: State::Review,
        step: None,
        stability: Some(stability),
        difficulty: Some(6.0),
        due: at(due),
        last_review: Some(at(last)),
        reps: 12,
        lapses,
        scheduled_days,
    }
}

/// A home where every optional part of the document has something: a
/// mature review (the least-recalled list), a lapse that makes a leech, a
/// quiz answer, a flag, and parameters fitted for the learner.
fn home_with_every_field() -> TestEnv {
    let env = TestEnv::new();
    env.write_deck(
        "fields.toml",
        "[deck]\nid = \"fields\"\nname = \"Fields\"\nlanguage = \"en\"\n\n\
         [[cards]]\nid = \"a\"\nkind = \"basic\"\nquestion = \"A?\"\nanswer = \"A\"\n\n\
         [[cards]]\nid = \"b\"\nkind = \"basic\"\nquestion = \"B?\"\nanswer = \"B\"\nreverse = true\n\n\
         [[cards]]\nid = \"c\"\nkind = \"basic\"\nquestion = \"C?\"\nanswer = \"C\"\n",
    );
    let mut store = Store::open(&env.home().join("progress/learn.db")).expect("store");
    let mut record = |card: &str, time: &str, mode, grade, before: &CardState, after: Option<&CardState>, leech| {
        store
            .record(&NewReview {
                learner: &env.learner,
                deck: "fields",
                card,
                time: at(time),
                mode,
                grade,
                correct: grade != Grade::Again,
                answer: "",
                duration_ms: 4_000,
                before,
                after,
                leech,
            })
            .expect("record");
    };
    let a0 = review_card(30.0, 30, 0, "2026-01-29T08:00:00+07:00", "2026-02-28T08:00:00+07:00");
    let a1 = review_card(70.0, 60, 0, "2026-03-01T08:00:00+07:00", "2026-04-30T08:00:00+07:00");
    record("a", "2026-03-01T08:00:00+07:00", Mode::Run, Grade::Good, &a0, Some(&a1), false);
    let b0 = review_card(3.0, 4, 7, "2026-02-25T08:00:00+07:00", "2026-03-01T08:00:00+07:00");
    let b1 = CardState {
        state: State::Relearning,
        step: Some(0),
        stability: Some(0.8),
        due: at("2026-03-01T08:20:00+07:00"),
        last_review: Some(at("2026-03-01T08:10:00+07:00")),
        lapses: 8,
        scheduled_days: 0,
        ..b0.clone()
    };
    record("b", "2026-03-01T08:10:00+07:00", Mode::Run, Grade::Again, &b0, Some(&b1), true);
    record("c", "2026-03-01T08:30:00+07:00", Mode::Quiz, Grade::Good, &CardState::new(at(&env.now)), None, false);
    store.flag(&env.learner, "fields", "c", "typo", at(&env.now)).expect("flag");
    let mut weights = DEFAULT_PARAMETERS.to_vec();
    weights[3] = 6.5;
    store
        .save_parameters(&[FittedParameters {
            learner: env.learner.clone(),
            deck: None,
            weights,
            fitted_at: at("2026-02-20T10:00:00+07:00"),
            reviews: 512,
            log_loss: 0.35,
            rmse_bins: 0.021,
            default_log_loss: 0.37,
            default_rmse_bins: 0.046,
        }])
        .expect("save parameters");
    env
}

#[test]
fn stats_json_fields_are_the_documented_ones() {
    let env = home_with_every_field();
    let mut docs: Vec<Value> = Vec::new();
    for args in [&["stats", "--json", "fields"][..], &["stats", "--json"][..]] {
        let r = env.run(args);
        assert_eq!(r.code, 0, "{}", r.all());
        docs.push(serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout)));
    }
    let mut found: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for d in &docs {
        fields(d, "", &mut found);
    }
    // The home really has the optional parts.
    assert_eq!(docs[0]["leeches"][0]["card"], "b", "{}", docs[0]);
    assert_eq!(docs[0]["lowest_retrievability"][0]["card"], "a", "{}", docs[0]);
    assert_eq!(docs[0]["parameters"][0]["source"], "fitted-learner", "{}", docs[0]);
    assert_eq!(docs[0]["today"]["practice"], 1, "{}", docs[0]);

    let documented = documented_fields();
    let names: Vec<&str> = documented.iter().map(|(p, _)| p.as_str()).collect();
    let undocumented: Vec<&String> = found.keys().filter(|k| !names.contains(&k.as_str())).collect();
    assert!(undocumented.is_empty(), "fields of `learn stats --json` missing from docs/stats.md: {undocumented:?}");
    let absent: Vec<&str> = names.iter().copied().filter(|p| !found.contains_key(*p)).collect();
    assert!(absent.is_empty(), "docs/stats.md documents fields `learn stats --json` does not write: {absent:?}");
    for (path, ty) in &documented {
        for v in &found[path] {
            assert!(has_type(v, ty), "docs/stats.md says `{path}` is {ty}, but it is {v}");
        }
    }
    let mut once = names.clone();
    once.sort_unstable();
    once.dedup();
    assert_eq!(once.len(), names.len(), "a field is documented twice");
}
