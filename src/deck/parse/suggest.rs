//! Names: "did you mean" suggestions, lists of allowed names, the words
//! for TOML types, and the rules for deck and card ids.

use toml_edit::{Item, Value};

/// The closest known name, when it is close enough to be a likely typo.
pub fn suggest<'n>(word: &str, names: &[&'n str]) -> Option<&'n str> {
    names
        .iter()
        .map(|n| (strsim::jaro_winkler(&word.to_lowercase(), &n.to_lowercase()), *n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

pub(super) fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Ids are printable, without spaces or `#` (which marks cloze numbers).
pub(crate) fn check_id(id: &str, card: bool) -> Result<(), &'static str> {
    if id.chars().any(char::is_whitespace) {
        return Err("contains spaces");
    }
    if id.contains('#') {
        return Err(if card {
            "contains `#`, which is kept for cloze numbers (`id#1`)"
        } else {
            "contains `#`, which is kept for card numbers"
        });
    }
    if id.chars().any(|c| c.is_control() || matches!(c, '/' | '\\')) {
        return Err("contains a control character or a slash");
    }
    Ok(())
}

pub(super) fn type_name(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Value(v) => value_type_name(v),
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "a list of tables",
    }
}

pub(super) fn value_type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::InlineTable(_) => "a table",
    }
}
