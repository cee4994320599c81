//! `learn decks`: one line per deck — id, name, language, cards, kinds, and
//! the learner's new / learning / due counts when the store exists.

use crate::context::Context;
use crate::deck::Kind;
use crate::error::Result;
use crate::text::width;

pub fn run(ctx: &Context) -> Result<u8> {
    let (decks, counts) = super::study::decks_with_counts(ctx)?;
    let mut rows: Vec<[String; 8]> = vec![[
        "ID".into(),
        "NAME".into(),
        "LANG".into(),
        "CARDS".into(),
        "NEW".into(),
        "LEARN".into(),
        "DUE".into(),
        "KINDS".into(),
    ]];
    for (deck, c) in decks.iter().zip(&counts) {
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .zip(deck.kind_counts())
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{} {n}", k.name()))
            .collect();
        let (new, learning, due) = match c {
            Some(c) => (c.new.to_string(), c.learning.to_string(), c.due.to_string()),
            None => ("-".into(), "-".into(), "-".into()),
        };
        rows.push([
            deck.id.0.clone(),
            crate::text::neutralize(&deck.name).replace('\n', " "),
            deck.language.clone(),
            deck.cards.len().to_string(),
            new,
            learning,
            due,
            kinds.join(", "),
        ]);
    }
    let mut widths = [0usize; 8];
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(cell));
        }
    }
    for r in &rows {
        let mut line = String::new();
        for (i, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        println!("{}", line.trim_end());
    }
    if decks.is_empty() {
        println!("(no decks; put deck files in {})", ctx.paths.decks_dir().display());
    }
    Ok(0)
}
