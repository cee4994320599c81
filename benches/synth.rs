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

/// The id of the generated Vietnamese deck.
pub const VI_DECK_ID: &str = "vietnamese-choice";

/// Writes `<home>/decks/vietnamese-choice.toml`: `cards` long Vietnamese
/// choice cards (a question of about 150 characters, four options, an
/// explanation of about 250 characters, three tags), about 900 bytes each.
pub fn make_vi_deck(home: &Path, cards: usize) {
    std::fs::create_dir_all(home.join("decks")).expect("decks dir");
    let mut deck = String::with_capacity(cards * 950);
    deck.push_str(
        "[deck]\nid = \"vietnamese-choice\"\nname = \"Trắc nghiệm tổng hợp\"\nlanguage = \"vi\"\ndescription = \"Bộ thẻ trắc nghiệm tiếng Việt dài, sinh tự động để đo hiệu năng.\"\n",
    );
    for i in 0..cards {
        let a = i % 4;
        deck.push_str(&format!(
            "\n[[cards]]\nid = \"vq-{i}\"\nkind = \"choice\"\n\
             question = \"Câu hỏi số {i}: trong bối cảnh một trung tâm dịch vụ khách hàng thuê ngoài, hoạt động nào sau đây được xem là phù hợp nhất với quy trình số {}?\"\n\
             options = [\"Tiếp nhận cuộc gọi và ghi nhận yêu cầu của khách hàng {i}\", \"Xử lý hồ sơ kế toán và đối chiếu chứng từ {i}\", \"Phân tích dữ liệu bán hàng theo từng quý {i}\", \"Quản lý nhân sự và tính lương hằng tháng {i}\"]\n\
             answer = \"{}\"\n\
             explanation = \"Giải thích cho câu {i}: quy trình số {} gắn với việc tiếp xúc trực tiếp với khách hàng, vì vậy đáp án đúng là lựa chọn được đánh dấu; các lựa chọn còn lại thuộc về những bộ phận hỗ trợ nghiệp vụ khác trong doanh nghiệp.\"\n\
             tags = [\"tổng-hợp\", \"chương-{}\", \"mức-{}\"]\n",
            i % 97,
            match a {
                0 => format!("Tiếp nhận cuộc gọi và ghi nhận yêu cầu của khách hàng {i}"),
                1 => format!("Xử lý hồ sơ kế toán và đối chiếu chứng từ {i}"),
                2 => format!("Phân tích dữ liệu bán hàng theo từng quý {i}"),
                _ => format!("Quản lý nhân sự và tính lương hằng tháng {i}"),
            },
            i % 97,
            i % 20,
            i % 3,
        ));
    }
    std::fs::write(home.join("decks/vietnamese-choice.toml"), deck).expect("write deck");
}
