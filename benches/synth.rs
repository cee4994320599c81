//! A generator of synthetic collections: a home with one deck of `cards`
//! cards (every kind, in turn) and `reviews` answers of review history,
//! scheduled by the real engine and written through the real store.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use learn::schedule::{CardState, Grade, Scheduler, Settings};
use learn::store::{Mode, NewReview, Store};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// The id of the generated deck.
pub const DECK_ID: &str = "synthetic";

/// Writes `<home>/decks/synthetic.toml` and fills `<home>/progress/learn.db`.
/// Every reviewed card gets about ten answers, the last before `now`.
pub fn make_home(home: &Path, cards: usize, reviews: usize, now: DateTime<Utc>) {
    std::fs::create_dir_all(home.join("decks")).expect("decks dir");
    let mut deck = String::with_capacity(cards * 200);
    deck.push_str("[deck]\nid = \"synthetic\"\nname = \"Synthetic\"\nlanguage = \"en\"\n");
    for i in 0..cards {
        deck.push_str(&format!("\n[[cards]]\nid = \"c{i}\"\n"));
        match i % 5 {
            0 => deck.push_str(&format!("kind = \"basic\"\nquestion = \"What is item number {i}?\"\nanswer = \"Answer {i}\"\n")),
            1 => deck.push_str(&format!("kind = \"typed\"\nquestion = \"Type the word for {i}\"\nanswer = \"word{i}\"\naccept = [\"w{i}\"]\n")),
            2 => deck.push_str(&format!(
                "kind = \"choice\"\nquestion = \"Which one is {i}?\"\noptions = [\"{i}\", \"{}\", \"{}\", \"neither\"]\nanswer = \"{i}\"\n",
                i + 1,
                i + 2
            )),
            3 => deck.push_str(&format!("kind = \"true_false\"\nstatement = \"{i} is even.\"\nanswer = {}\n", i % 2 == 0)),
            _ => deck.push_str(&format!("kind = \"cloze\"\ntext = \"The code of item {i} is {{{{k{i}}}}}.\"\n")),
        }
        deck.push_str("explanation = \"Generated.\"\ntags = [\"synthetic\"]\n");
    }
    std::fs::write(home.join("decks/synthetic.toml"), deck).expect("write deck");

    let mut store = Store::open(&learn::store::Location::File(home.join("progress/learn.db"))).expect("store");
    let sched = Scheduler::new(Settings { fuzz: false, ..Settings::default() }).expect("scheduler");
    let mut rng = StdRng::seed_from_u64(7);
    let per_card = 10;
    let reviewed = (reviews / per_card).min(cards);
    let mut batch: Vec<(String, DateTime<Utc>, Grade, CardState, CardState)> = Vec::new();
    for i in 0..reviewed {
        let card_id = if i % 5 == 4 { format!("c{i}#1") } else { format!("c{i}") };
        let mut t = now - Duration::days(400) + Duration::minutes(rng.random_range(0..60 * 24 * 30));
        let mut state = CardState::new(t);
        for _ in 0..per_card {
            let roll: u8 = rng.random_range(0..100);
            let grade = match roll {
                0..10 => Grade::Again,
                10..20 => Grade::Hard,
                20..90 => Grade::Good,
                _ => Grade::Easy,
            };
            let after = sched.review(&state, grade, t, &card_id);
            batch.push((card_id.clone(), t, grade, state, after.clone()));
            state = after;
            let gap = (state.due - t).min(Duration::days(30));
            t += gap;
            if t >= now {
                t = now - Duration::minutes(rng.random_range(1..600));
            }
        }
        if batch.len() >= 50_000 || i + 1 == reviewed {
            let rows: Vec<NewReview<'_>> = batch
                .iter()
                .map(|(card, t, g, before, after)| NewReview {
                    learner: "bench",
                    deck: DECK_ID,
                    card,
                    time: *t,
                    mode: Mode::Run,
                    grade: *g,
                    correct: g.is_pass(),
                    answer: "",
                    duration_ms: 4000,
                    before,
                    after: Some(after),
                    leech: false,
                })
                .collect();
            store.record_batch(&rows).expect("write reviews");
            batch.clear();
        }
    }
}
