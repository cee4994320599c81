//! `learn report`: several learners of one home (SQLite, `--learner`), in
//! text, JSON and one HTML page checked by parsing it (and, where Chromium
//! is installed, rendering it headless).

use super::support::TestEnv;

const DECK: &str = r#"[deck]
id = "t.rep"
name = "Rep"
language = "en"

[[cards]]
id = "cap"
kind = "typed"
question = "Capital of the Philippines?"
answer = "Manila"

[[cards]]
id = "bpo"
kind = "typed"
question = "What does BPO stand for?"
answer = "Business Process Outsourcing"

[[cards]]
id = "kpi"
kind = "typed"
question = "A <b>KPI</b> & its meaning?"
answer = "Key Performance Indicator"
"#;

/// Three learners study the deck: everyone misses `cap` (two say Cebu),
/// one misses `bpo`, nobody misses `kpi`.
pub(crate) fn cohort_env(env: &TestEnv) {
    env.write_deck("rep.toml", DECK);
    for (learner, cap, bpo) in [
        ("an", "Cebu", "Business Process Outsourcing"),
        ("binh", "cebu", "Back Office"),
        ("chi", "Davao", "Business Process Outsourcing"),
    ] {
        let input = format!("{cap}\n{bpo}\nKey Performance Indicator\n:q\n");
        let r = env.run_in(&["--lang", "en", "--learner", learner, "run", "t.rep"], &input);
        assert_eq!(r.code, 0, "{learner}: {}", r.all());
    }
}

/// The figures of [`cohort_env`] in `learn report --json`.
pub(crate) fn check_json(env: &TestEnv) {
    let r = env.run(&["--lang", "en", "report", "--json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let names: Vec<&str> =
        v["learners"].as_array().expect("learners").iter().filter_map(|l| l["learner"].as_str()).collect();
    assert_eq!(names, ["an", "binh", "chi"]);
    assert_eq!(v["learners"][0]["cards_studied"], 3);
    assert_eq!(v["learners"][0]["answers"], 3);
    assert_eq!(v["cards"][0]["card"], "cap");
    assert_eq!(v["cards"][0]["misses"], 3);
    assert_eq!(v["cards"][0]["learners_missing"], 3);
    assert_eq!(v["cards"][0]["wrong_answers"][0], serde_json::json!({"answer": "cebu", "count": 2}));
    assert_eq!(v["cards"][1]["card"], "bpo");
    assert_eq!(v["cards"][2]["miss_rate"], 0.0);
}

/// A small HTML checker: every non-void element closed in order, no stray
/// `<`, `&` only as an entity. Returns the text of each `<tr class="...">` row.
fn parse_rows(html: &str, class: &str) -> Vec<String> {
    const VOID: [&str; 3] = ["meta", "br", "!DOCTYPE"];
    let mut stack: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let mut current: Option<String> = None;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        for (i, _) in text.match_indices('&') {
            let ent = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| ent.starts_with(e)),
                "a bare & in {text:?}"
            );
        }
        if let Some(c) = current.as_mut() {
            c.push_str(text);
            c.push(' ');
        }
        let close = rest[open..].find('>').expect("an unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "a stray < in {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            if name == "tr"
                && let Some(c) = current.take()
            {
                rows.push(c);
            }
        } else {
            let name = tag.split_whitespace().next().unwrap_or_default().trim_end_matches('/').to_string();
            if name == "tr" && tag.contains(&format!("class=\"{class}\"")) {
                current = Some(String::new());
            }
            if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    rows
}

pub(crate) fn check_html(env: &TestEnv) {
    let out = env.home().join("report.html");
    let r = env.run(&["--lang", "en", "report", "--html", out.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page = std::fs::read_to_string(&out).expect("the page");
    assert!(page.contains("name=\"viewport\""), "readable on a phone");
    assert!(
        !page.contains("http://")
            || page.matches("http://").all(|_| page.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
    assert!(!page.contains("<script") && !page.contains("<link") && !page.contains("src="), "no network");
    assert!(page.matches("<svg").count() >= 2, "inline charts");
    let learners = parse_rows(&page, "learner");
    let names: Vec<&str> = learners.iter().filter_map(|r| r.split_whitespace().next()).collect();
    assert_eq!(names, ["an", "binh", "chi"]);
    let cards = parse_rows(&page, "card");
    assert!(cards[0].contains("t.rep") && cards[0].contains("cap") && cards[0].contains("“cebu” ×2"), "{}", cards[0]);
    assert!(cards[1].contains("bpo"), "{}", cards[1]);
    // The question's markup is shown as text, not obeyed.
    assert!(page.contains("A &lt;b&gt;KPI&lt;/b&gt; &amp; its meaning?"));
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find(|c| std::process::Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    match chromium {
        None => eprintln!("skipped: the screenshot (Chromium not installed)"),
        Some(c) => {
            let png = env.home().join("report.png");
            let shot = std::process::Command::new(c)
                .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=412,915"])
                .arg(format!("--screenshot={}", png.display()))
                .arg(format!("file://{}", out.display()))
                .output()
                .expect("run chromium");
            assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
            let bytes = std::fs::read(&png).expect("a screenshot");
            assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 5000, "a rendered page");
        }
    }
}

#[test]
fn several_learners_of_one_home_in_text_json_and_html() {
    let env = TestEnv::new();
    cohort_env(&env);
    let r = env.run(&["--lang", "en", "report"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let first = r.stdout.find("t.rep/cap").expect("cap listed");
    assert!(first < r.stdout.find("t.rep/bpo").expect("bpo listed"), "hardest first:\n{}", r.stdout);
    assert!(r.stdout.contains("\"cebu\" ×2"), "{}", r.stdout);
    for name in ["an ", "binh ", "chi "] {
        assert!(r.stdout.lines().any(|l| l.starts_with(name)), "{name}:\n{}", r.stdout);
    }
    let r = env.run(&["--lang", "vi", "report"]);
    assert_eq!(r.code, 0, "{}", r.all());
    check_json(&env);
    check_html(&env);
    // --deck and --since narrow it.
    let r = env.run(&["--lang", "en", "report", "--json", "t.rep", "--since", "1h"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["cards"].as_array().map(Vec::len), Some(3));
    let r = env.run(&["--lang", "en", "report", "--since", "soon"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let r = env.run(&["--lang", "en", "report", "nope"]);
    assert_eq!(r.code, 2, "{}", r.all());
}
