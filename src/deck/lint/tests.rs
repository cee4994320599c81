//! Each rule: a small deck that triggers it and one that does not.

use super::lint;
use crate::deck::{Origin, parse_str};

/// The lint messages (English) of a deck made of these cards.
fn messages(cards: &str) -> Vec<String> {
    let text = format!("[deck]\nid = \"t\"\nname = \"T\"\nlanguage = \"en\"\n{cards}");
    let deck = parse_str(&text, Origin::Generated, "t.toml").deck.expect("a valid deck");
    lint(&deck, "t.toml", Some(&text)).iter().map(|d| d.message.en()).collect()
}

fn choice(id: &str, options: &[&str], answer: &str) -> String {
    let opts = options.iter().map(|o| format!("\"{o}\"")).collect::<Vec<_>>().join(", ");
    format!(
        "\n[[cards]]\nid = \"{id}\"\nkind = \"choice\"\nquestion = \"Which one, {id}?\"\noptions = [{opts}]\nanswer = \"{answer}\"\nexplanation = \"E.\"\n"
    )
}

fn tf(id: &str, statement: &str, answer: bool) -> String {
    format!(
        "\n[[cards]]\nid = \"{id}\"\nkind = \"true_false\"\nstatement = \"{statement}\"\nanswer = {answer}\nexplanation = \"E.\"\n"
    )
}

#[test]
fn a_repeated_option_set_with_options_never_right() {
    let set = ["BPO", "Call center", "Both", "Neither"];
    let bad: String =
        (0..5).map(|i| choice(&format!("c{i}"), &set, if i % 2 == 0 { "BPO" } else { "Call center" })).collect();
    let m = messages(&bad);
    assert!(
        m.iter().any(|m| m.contains("5 cards share these options and `Both`, `Neither` is never the right one")),
        "{m:?}"
    );
    // Every option right somewhere: no warning. Four cards: no warning.
    let good: String = set
        .iter()
        .enumerate()
        .map(|(i, a)| choice(&format!("c{i}"), &set, a))
        .chain([choice("c9", &set, "Both")])
        .collect();
    assert!(messages(&good).iter().all(|m| !m.contains("share these options")), "{:?}", messages(&good));
    let few: String = (0..4).map(|i| choice(&format!("c{i}"), &set, "BPO")).collect();
    assert!(messages(&few).iter().all(|m| !m.contains("share these options")));
}

#[test]
fn a_multiple_answer_card_where_most_options_are_right() {
    let card = |answers: &str| {
        format!(
            "\n[[cards]]\nid = \"m\"\nkind = \"choice\"\nquestion = \"Which?\"\noptions = [\"a\", \"b\", \"c\", \"d\"]\nanswers = [{answers}]\nexplanation = \"E.\"\n"
        )
    };
    assert!(messages(&card("\"a\", \"b\", \"c\"")).iter().any(|m| m.contains("3 of its 4 options are right")));
    assert!(messages(&card("\"a\", \"b\"")).iter().all(|m| !m.contains("options are right")));
}

#[test]
fn true_false_statements_out_of_balance() {
    let mostly_false: String = (0..5).map(|i| tf(&format!("t{i}"), &format!("Statement {i}."), i == 0)).collect();
    assert!(messages(&mostly_false).iter().any(|m| m.contains("1 of 5 true/false statements are true")));
    let balanced: String = (0..6).map(|i| tf(&format!("t{i}"), &format!("Statement {i}."), i % 2 == 0)).collect();
    assert!(messages(&balanced).iter().all(|m| !m.contains("true/false statements are true")));
}

#[test]
fn a_false_statement_given_away_by_an_absolute_word() {
    let m = messages(&tf("a", "BPO is only used by large companies.", false));
    assert!(m.iter().any(|m| m.contains("says `only`")), "{m:?}");
    let m = messages(&tf("v", "Trung tâm cuộc gọi luôn đặt ở nước ngoài.", false));
    assert!(m.iter().any(|m| m.contains("says `luôn`")), "{m:?}");
    // True statements, and words that merely contain one ("overall"), are fine.
    assert!(messages(&tf("b", "BPO is only one option.", true)).iter().all(|m| !m.contains("gives it away")));
    assert!(messages(&tf("c", "Overall, BPO costs less.", false)).iter().all(|m| !m.contains("gives it away")));
}

#[test]
fn an_answer_that_appears_in_its_own_question() {
    let typed = |q: &str, a: &str| {
        format!(
            "\n[[cards]]\nid = \"t\"\nkind = \"typed\"\nquestion = \"{q}\"\nanswer = \"{a}\"\nexplanation = \"E.\"\n"
        )
    };
    assert!(
        messages(&typed("What does a call center handle? (calls)", "calls"))
            .iter()
            .any(|m| m.contains("appears in the question"))
    );
    assert!(messages(&typed("What does a call center handle?", "phone calls")).iter().all(|m| !m.contains("appears")));
    let cloze = |t: &str| format!("\n[[cards]]\nid = \"z\"\nkind = \"cloze\"\ntext = \"{t}\"\nexplanation = \"E.\"\n");
    assert!(messages(&cloze("{{BPO}} means that BPO hands work out.")).iter().any(|m| m.contains("also in the rest")));
    assert!(messages(&cloze("{{BPO}} hands work out.")).iter().all(|m| !m.contains("also in the rest")));
}

#[test]
fn a_right_option_much_longer_than_the_others() {
    let long = choice(
        "l",
        &["Yes", "No", "Only when the company outsources a whole business process abroad"],
        "Only when the company outsources a whole business process abroad",
    );
    assert!(messages(&long).iter().any(|m| m.contains("much longer")), "{:?}", messages(&long));
    let even =
        choice("e", &["In one building", "Across several countries", "On the phone only"], "Across several countries");
    assert!(messages(&even).iter().all(|m| !m.contains("much longer")));
}

#[test]
fn a_reversed_flashcard_whose_back_starts_with_its_front() {
    let card = |q: &str, a: &str| {
        format!(
            "\n[[cards]]\nid = \"r\"\nkind = \"basic\"\nquestion = \"{q}\"\nanswer = \"{a}\"\nreverse = true\nexplanation = \"E.\"\n"
        )
    };
    assert!(
        messages(&card("BPO", "BPO: business process outsourcing"))
            .iter()
            .any(|m| m.contains("back starts with the front"))
    );
    assert!(messages(&card("BPO", "business process outsourcing")).iter().all(|m| !m.contains("back starts")));
}

#[test]
fn a_warning_points_at_the_field() {
    let text = format!("[deck]\nid = \"t\"\nname = \"T\"\nlanguage = \"en\"\n{}", tf("a", "It is always so.", false));
    let deck = parse_str(&text, Origin::Generated, "t.toml").deck.expect("deck");
    let d = lint(&deck, "t.toml", Some(&text));
    let at = d[0].location.as_ref().expect("located");
    assert_eq!(at.text, "statement = \"It is always so.\"");
    assert_eq!(at.line, 9);
}
