//! `learn optimize`: a synthetic learner whose memory follows known FSRS-6
//! parameters studies for months; the optimiser, given the first part of
//! the history, must predict the held-out rest better than the defaults.
//! Also: too little history is refused, the fitted parameters are saved
//! (or not, with --dry-run), shown by `learn stats`, used by `learn run`
//! from the next session on, and forgotten with --reset.

use chrono::{DateTime, Duration, Utc};

use crate::support::TestEnv;

#[path = "../../benches/learner.rs"]
mod learner;

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-09-01T00:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

/// Days studied before `learn optimize` runs, and after (held out).
const TRAIN_DAYS: i64 = 75;
const HELD_OUT_DAYS: i64 = 30;

/// A home whose store holds the first `TRAIN_DAYS` of the learner's
/// history, with the clock at the end of them; and the whole history.
fn home() -> (TestEnv, Vec<learner::SimAnswer>) {
    let all = learner::simulate(&learner::TRUE_PARAMETERS, 300, 10, TRAIN_DAYS + HELD_OUT_DAYS, start(), 11);
    let cut = start() + Duration::days(TRAIN_DAYS);
    let train: Vec<learner::SimAnswer> = all.iter().filter(|a| a.time < cut).cloned().collect();
    let mut env = TestEnv::new();
    env.now = cut.to_rfc3339();
    env.write_deck("synthetic.toml", &learner::deck_toml("synthetic", 300));
    let mut store = learn::store::Store::open(&env.home().join("progress/learn.db")).expect("store");
    learner::record(&mut store, &env.learner, "synthetic", &train);
    (env, all)
}

fn log_loss(params: &[f32], items: &[fsrs::FSRSItem]) -> f32 {
    fsrs::FSRS::new(params).expect("parameters").evaluate(items.to_vec(), |_| true).expect("evaluate").log_loss
}

fn stats_json(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["stats", "--json"];
    all.extend_from_slice(args);
    let r = env.run(&all);
    assert_eq!(r.code, 0, "{}", r.all());
    serde_json::from_str(&r.stdout).expect("stats json")
}

fn weights(v: &serde_json::Value) -> Vec<f32> {
    v["weights"].as_array().expect("weights").iter().map(|w| w.as_f64().unwrap_or(f64::NAN) as f32).collect()
}

#[test]
fn fitted_parameters_predict_held_out_reviews_better_than_the_defaults() {
    let (env, all) = home();
    let held_out = learner::items_from(&all, start() + Duration::days(TRAIN_DAYS));
    assert!(held_out.len() > 300, "held-out items: {}", held_out.len());

    // A dry run fits and compares but saves nothing.
    let dry = env.run(&["optimize", "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.all());
    assert!(dry.stdout.contains("Dry run: nothing was saved."), "{}", dry.stdout);
    assert_eq!(stats_json(&env, &[])["parameters"][0]["source"], "defaults");

    let r = env.run(&["optimize"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for needed in
        ["FSRS-6 defaults", "fitted now", "log loss", "RMSE (bins)", "Saved for lan", "Optimal desired retention"]
    {
        assert!(r.stdout.contains(needed), "{needed:?} missing:\n{}", r.stdout);
    }
    assert!(r.stdout.lines().all(|l| crate::support::display_width(l) <= 80), "{}", r.stdout);

    // `learn stats` shows the fitted parameters in force, for every deck.
    let doc = stats_json(&env, &[]);
    let p = &doc["parameters"][0];
    assert_eq!(p["source"], "fitted-learner", "{p}");
    let fitted = weights(p);
    assert_eq!(fitted.len(), 21);
    assert!(p["fitted"]["log_loss"].as_f64() < p["fitted"]["default_log_loss"].as_f64(), "{p}");

    // On the reviews it never saw, the fitted parameters beat the defaults.
    let fitted_loss = log_loss(&fitted, &held_out);
    let default_loss = log_loss(&fsrs::DEFAULT_PARAMETERS, &held_out);
    let true_loss = log_loss(&learner::TRUE_PARAMETERS, &held_out);
    assert!(
        fitted_loss < default_loss,
        "held-out log loss: fitted {fitted_loss:.4}, defaults {default_loss:.4}, true {true_loss:.4}"
    );
    eprintln!("held-out log loss: fitted {fitted_loss:.4}, defaults {default_loss:.4}, true {true_loss:.4}");
}

/// The stability of a new card of deck `fresh` after a first answer of Easy.
fn easy_stability(env: &TestEnv) -> f64 {
    let r = env.run_in(&["--plain", "run", "fresh", "--new", "1"], "\n4\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let cards = env.run(&["export", "cards", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&cards.stdout).expect("cards json");
    let row = rows
        .as_array()
        .and_then(|a| a.iter().find(|c| c["deck"] == "fresh"))
        .unwrap_or_else(|| panic!("no fresh card in {}", cards.stdout))
        .clone();
    row["stability"].as_f64().unwrap_or_else(|| panic!("{row}"))
}

#[test]
fn learn_run_schedules_with_the_fitted_parameters_and_reset_forgets_them() {
    let (env, _) = home();
    env.write_deck(
        "fresh.toml",
        "[deck]\nid = \"fresh\"\nname = \"Fresh\"\nlanguage = \"en\"\n\n[[cards]]\nid = \"q\"\nkind = \"basic\"\nquestion = \"Q?\"\nanswer = \"A\"\n",
    );
    let r = env.run(&["optimize"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let fitted = weights(&stats_json(&env, &[])["parameters"][0]);
    // Easy on a new card: its stability is the fourth weight (the initial
    // stability after Easy) of the parameters in force.
    assert!((fitted[3] - fsrs::DEFAULT_PARAMETERS[3]).abs() > 0.5, "the fit moved S0(Easy): {}", fitted[3]);
    let s = easy_stability(&env);
    assert!((s - f64::from(fitted[3])).abs() < 1e-3, "stability {s}; fitted S0(Easy) {}", fitted[3]);

    // --reset: back to the defaults.
    let r = env.run(&["optimize", "--reset"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("Forgot 1 fitted parameter set"), "{}", r.stdout);
    assert_eq!(stats_json(&env, &[])["parameters"][0]["source"], "defaults");
    let again = env.run(&["optimize", "--reset"]);
    assert!(again.stdout.contains("No fitted parameters to forget"), "{}", again.stdout);
}

#[test]
fn per_deck_parameters_are_saved_for_the_deck_named() {
    let (env, _) = home();
    let r = env.run(&["optimize", "synthetic"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("Saved for lan (synthetic)"), "{}", r.stdout);
    let doc = stats_json(&env, &["synthetic"]);
    assert_eq!(doc["parameters"][0]["deck"], "synthetic");
    assert_eq!(doc["parameters"][0]["source"], "fitted-deck");
    // Other decks keep the defaults.
    let doc = stats_json(&env, &["bpo-vs-call-center.en"]);
    assert_eq!(doc["parameters"][0]["source"], "defaults");
}

#[test]
fn too_little_history_is_refused_politely() {
    let env = TestEnv::new();
    let r = env.run(&["optimize"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("not enough history") && r.stderr.contains("needs 400"), "{}", r.stderr);
    // With nothing studied there is nothing to forget either: not an error.
    let r = env.run(&["optimize", "--reset"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("No fitted parameters to forget"), "{}", r.stdout);
    // A little history: the count so far is said.
    let r = env.run_in(&["--plain", "run", "--new", "3"], "\n3\n\n3\n\n3\n");
    assert_eq!(r.code, 0, "{}", r.all());
    let r = env.run(&["--lang", "vi", "optimize"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("chưa đủ lịch sử") && r.stderr.contains("cần 400"), "{}", r.stderr);
    assert!(!env.home().join("progress/learn.db").metadata().map(|m| m.len() == 0).unwrap_or(true));
}
