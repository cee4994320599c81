//! Names: "did you mean" suggestions, lists of allowed names, the words
//! for TOML types, and the rules for deck and card ids.

use toml_edit::{Item, Value};

use crate::i18n::msg;

/// The closest known name, when it is close enough to be a likely typo.
/// Long words and long lists are not compared (the measure is quadratic in
/// the length; a hostile deck must not make `learn check` hang).
pub fn suggest<'n>(word: &str, names: &[&'n str]) -> Option<&'n str> {
    const LONGEST: usize = 200;
    if word.len() > LONGEST || names.len() > 1000 {
        return None;
    }
    let word = word.to_lowercase();
    // One slip of the keyboard (`rn` for `run`), which the similarity
    // measure undervalues in short words.
    let close: Vec<&'n str> = names
        .iter()
        .copied()
        .filter(|n| {
            word.chars().count() >= 2 && n.len() <= LONGEST && crate::text::within_one_edit(&word, &n.to_lowercase())
        })
        .collect();
    if !close.is_empty() {
        return close
            .into_iter()
            .map(|n| (strsim::jaro_winkler(&word, &n.to_lowercase()), n))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n);
    }
    names
        .iter()
        .filter(|n| n.len() <= LONGEST)
        .map(|n| (strsim::jaro_winkler(&word, &n.to_lowercase()), *n))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

pub(super) fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Ids are printable, without spaces or `#` (which marks cloze numbers).
/// The reason is a message key.
pub(crate) fn check_id(id: &str, card: bool) -> Result<(), &'static str> {
    if id.chars().any(char::is_whitespace) {
        return Err(msg!("contains spaces"));
    }
    if id.contains('#') {
        return Err(if card {
            msg!("contains `#`, which is kept for cloze numbers (`id#1`)")
        } else {
            msg!("contains `#`, which is kept for card numbers")
        });
    }
    if id.chars().any(|c| c.is_control() || matches!(c, '/' | '\\')) {
        return Err(msg!("contains a control character or a slash"));
    }
    // A deck id names its file: `.`, `..` or `.x` would make it hidden.
    if !card && id.starts_with('.') {
        return Err(msg!("starts with a dot, which would hide its file"));
    }
    if id.chars().count() > 100 {
        return Err(msg!("is longer than 100 characters"));
    }
    Ok(())
}

pub(super) fn type_name(item: &Item) -> &'static str {
    match item {
        Item::None => msg!("nothing"),
        Item::Value(v) => value_type_name(v),
        Item::Table(_) => msg!("a table"),
        Item::ArrayOfTables(_) => msg!("a list of tables"),
    }
}

pub(super) fn value_type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => msg!("a string"),
        Value::Integer(_) => msg!("an integer"),
        Value::Float(_) => msg!("a number"),
        Value::Boolean(_) => msg!("a boolean"),
        Value::Datetime(_) => msg!("a date"),
        Value::Array(_) => msg!("a list"),
        Value::InlineTable(_) => msg!("a table"),
    }
}
