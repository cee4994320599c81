//! Placing a lint warning in the deck's text: on a card's field, or on the
//! very words concerned. Without the text (a deck built in memory), a
//! warning has no place and is listed by card only.

use crate::deck::{Card, Location, SourceMap};

/// A deck file's text, when there is one.
pub(crate) struct Source<'a> {
    text: Option<&'a str>,
    map: Option<SourceMap<'a>>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: Option<&'a str>) -> Source<'a> {
        Source { text, map: text.map(SourceMap::new) }
    }

    /// The `[deck]` table's header line.
    pub(crate) fn header(&self) -> Option<Location> {
        let text = self.text?;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if line.trim() == "[deck]" {
                return self.locate(at, at + line.trim_end().len());
            }
            at += line.len();
        }
        None
    }

    /// The line of `field = ...` in `card`, else the card's `[[cards]]`
    /// header.
    pub(crate) fn field(&self, card: &Card, field: &str) -> Option<Location> {
        let (start, end) = self.field_span(card, field)?;
        let text = self.text?;
        let first_line = text[start..end].split('\n').next().unwrap_or_default().trim_end();
        self.locate(start, start + first_line.len())
    }

    /// The first place in `card`'s `field` where `words` appear as whole
    /// words (case aside); with `outside_braces`, not inside a cloze
    /// deletion. Falls back to the field.
    pub(crate) fn words(&self, card: &Card, field: &str, words: &str, outside_braces: bool) -> Option<Location> {
        let found = self.field_span(card, field).and_then(|(start, end)| {
            let text = self.text?;
            let value = &text[start..end];
            // Skip the `field =` part: a word in the field's name is not it.
            let skip = value.find('=').map_or(0, |i| i + 1);
            find_words(&value[skip..], words, outside_braces).map(|(a, b)| (start + skip + a, start + skip + b))
        });
        match found {
            Some((a, b)) => self.locate(a, b),
            None => self.field(card, field),
        }
    }

    fn locate(&self, start: usize, end: usize) -> Option<Location> {
        self.map.as_ref().map(|m| m.locate(start, end))
    }

    /// Byte range of `field`'s lines in `card` (up to the next field or
    /// table), or of the card's header line when the field is not found.
    fn field_span(&self, card: &Card, field: &str) -> Option<(usize, usize)> {
        let text = self.text?;
        let mut lines = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            lines.push((at, line));
            at += line.len();
        }
        let header = card.line.checked_sub(1)?;
        let (header_start, header_line) = *lines.get(header)?;
        let mut span = (header_start, header_start + header_line.trim_end().len());
        for (i, (start, line)) in lines.iter().enumerate().skip(header + 1) {
            if is_table(line) {
                break;
            }
            if key_of(line) == Some(field) {
                let end = lines[i + 1..]
                    .iter()
                    .find(|(_, l)| is_table(l) || key_of(l).is_some())
                    .map_or(text.len(), |(s, _)| *s);
                span = (*start, end);
                break;
            }
        }
        Some(span)
    }
}

/// A `[table]` or `[[array]]` header line.
fn is_table(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("[[") || t.strip_prefix('[').is_some_and(|r| r.starts_with(|c: char| c.is_alphabetic()))
}

/// The key of a `key = value` line.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')).then_some(key)
}

/// Byte range of the first whole-word, case-insensitive match of `words` in
/// `hay` (optionally outside `{{...}}`).
fn find_words(hay: &str, words: &str, outside_braces: bool) -> Option<(usize, usize)> {
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let needle: Vec<char> = words.chars().map(lower).collect();
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    if needle.is_empty() {
        return None;
    }
    let mut depth = 0usize;
    for i in 0..chars.len() {
        let rest = &hay[chars[i].0..];
        if rest.starts_with("{{") {
            depth += 1;
        } else if rest.starts_with("}}") {
            depth = depth.saturating_sub(1);
        }
        if outside_braces && depth > 0 {
            continue;
        }
        if i > 0 && chars[i - 1].1.is_alphanumeric() {
            continue;
        }
        let matched = needle.iter().enumerate().all(|(j, n)| chars.get(i + j).is_some_and(|(_, c)| lower(*c) == *n));
        let after = chars.get(i + needle.len());
        if matched && after.is_none_or(|(_, c)| !c.is_alphanumeric()) {
            return Some((chars[i].0, after.map_or(hay.len(), |(b, _)| *b)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::testing::{deck, true_false};

    #[test]
    fn a_field_and_the_words_in_it_are_placed() {
        let (d, text) = deck(&true_false("a", "Only BPO is only for the rich.", false));
        let src = Source::new(Some(&text));
        let field = src.field(&d.cards[0], "statement").expect("placed");
        assert_eq!(
            (field.line, field.column, field.text.as_str()),
            (9, 1, "statement = \"Only BPO is only for the rich.\"")
        );
        let word = src.words(&d.cards[0], "statement", "only", false).expect("placed");
        assert_eq!((word.line, word.column, word.len), (9, 14, 4));
        // A missing field: the card's header.
        let none = src.field(&d.cards[0], "options").expect("placed");
        assert_eq!((none.line, none.text.as_str()), (6, "[[cards]]"));
        assert_eq!(src.header().map(|l| l.line), Some(1));
        assert!(Source::new(None).field(&d.cards[0], "statement").is_none());
    }

    #[test]
    fn words_are_whole_words_and_may_skip_deletions() {
        assert_eq!(find_words("overall, all", "all", false), Some((9, 12)));
        assert_eq!(find_words("{{BPO}} hands BPO work", "bpo", true), Some((14, 17)));
        assert_eq!(find_words("{{BPO}} hands work", "bpo", true), None);
        assert_eq!(find_words("Trung tâm LUÔN mở", "luôn", false), Some((11, 16)));
    }
}
