//! Facts with numbers, years and names: a short sentence that holds a
//! number ("25 năm", "3.5%", "1998") or a name (a run of capitalised words
//! or an acronym that is not the sentence's first word and that the
//! article does not also write in lower case) becomes a cloze hiding it —
//! one per sentence, a number before a name.

use super::{Candidate, Context, MAX_TEXT, Maker, cloze, needs_context, sentences};
use crate::generate::makers::definition::is_acronym;
use crate::generate::sentences::word_count;

/// What a fact hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    /// A year (1000–2099).
    Year,
    /// Another number, with its decimals and a percent sign.
    Number,
    /// A name that is not one of the compared things.
    Name,
    /// One of the compared things.
    Compared,
}

impl Target {
    fn score(self) -> i32 {
        match self {
            Target::Year => 8,
            Target::Number => 8,
            Target::Name => 6,
            Target::Compared => 4,
        }
    }
}

/// The byte ranges of numbers in `s`: digits with `.`/`,` between digits,
/// and a `%` after.
pub(crate) fn numbers(s: &str) -> Vec<(usize, usize, Target)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'/')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len()
            && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b',') && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
        }
        if i < b.len() && b[i] == b'%' {
            i += 1;
        }
        // Glued to letters ("4G", "mp3"): a name, not a number.
        if i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'/') {
            continue;
        }
        let t = &s[start..i];
        let year = t.len() == 4 && t.parse::<u32>().is_ok_and(|y| (1000..=2099).contains(&y));
        out.push((start, i, if year { Target::Year } else { Target::Number }));
    }
    out
}

/// The names in a sentence (byte ranges), the first word excluded: runs of
/// words starting with a capital (with "of", "de", "van" between), or
/// acronyms; a single capitalised word the article also writes in lower
/// case is not a name.
pub(crate) fn names(cx: &Context<'_>, s: &str) -> Vec<(usize, usize, Target)> {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let part = c.is_alphanumeric() || c == '-' || c == '\'' || c == '&';
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                words.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        words.push((st, s.len()));
    }
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let joiners = ["of", "de", "van", "von", "la", "and"];
    let mut out = Vec::new();
    let mut i = 1;
    while i < words.len() {
        let w = &s[words[i].0..words[i].1];
        if !capital(w) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < words.len() {
            let next = &s[words[j].0..words[j].1];
            // Only spaces between the words of a name.
            if s[words[j - 1].1..words[j].0] != *" " {
                break;
            }
            if capital(next) {
                j += 1;
            } else if joiners.contains(&next) && words.get(j + 1).is_some_and(|n| capital(&s[n.0..n.1])) {
                j += 2;
            } else {
                break;
            }
        }
        let (a, b) = (words[i].0, words[j - 1].1);
        let text = &s[a..b];
        let single = j == i + 1;
        let lower_known = cx.lower_words.contains(&text.to_lowercase());
        // A capital after a colon or a quote starts a phrase, not a name.
        let after_break = s[..a].trim_end().ends_with([':', '“', '"', '(']);
        if !(single && (lower_known || !is_acronym(text) && text.chars().count() < 3)) && !after_break {
            out.push((a, b, Target::Name));
        }
        i = j;
    }
    out
}

/// The fact cards of the article.
pub(crate) fn cards(cx: &Context<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for s in sentences(cx.article) {
        // "Mặt khác, ..." / "However, ...": the fact without the link to
        // the sentence before.
        let own = super::contrast::without_opening(s.text, cx.lang);
        let s = super::SentenceRef { text: &own, ..s };
        let n = word_count(s.text);
        if !(5..=35).contains(&n) || s.text.chars().count() > MAX_TEXT || needs_context(s.text) || s.text.ends_with('?')
        {
            continue;
        }
        let mentions = cx.entities.mentions(s.text);
        let mut targets = numbers(s.text);
        // Names that are not one of the compared things.
        targets
            .extend(names(cx, s.text).into_iter().filter(|t| !mentions.iter().any(|m| m.start < t.1 && t.0 < m.end)));
        // The compared things, wherever they stand; their other names are
        // accepted too.
        for m in &mentions {
            let end = if m.plural { m.end - 1 } else { m.end };
            targets.push((m.start, end, Target::Compared));
        }
        targets.sort_by_key(|t| (t.2, t.0));
        let accept = |a: usize, _b: usize, target: Target| -> Vec<Vec<String>> {
            if target != Target::Compared {
                return Vec::new();
            }
            let Some(m) = mentions.iter().find(|m| m.start == a) else { return Vec::new() };
            vec![cx.entities.items[m.entity].aliases.clone()]
        };
        let Some(content) =
            targets.iter().find_map(|&(a, b, t)| cloze(s.text, &[(a, b)], &accept(a, b, t)).map(|c| (c, a, b)))
        else {
            continue;
        };
        let (content, a, b) = content;
        let target = targets.iter().find(|t| t.0 == a && t.1 == b).map_or(Target::Name, |t| t.2);
        out.push(Candidate {
            content,
            explanation: cx.phrases.quote(s.text),
            section: s.section,
            at: (s.block, s.index),
            maker: Maker::Fact,
            score: target.score(),
            group: None,
            alternative: None,
            key: s.text.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Content;
    use crate::generate::{Format, entities::Entities, read};
    use crate::i18n::Lang;

    fn made(text: &str, lang: Lang) -> Vec<(String, String)> {
        let a = read(text, Format::Text);
        let e = Entities::of(&a, lang);
        cards(&Context::new(&a, &e, lang))
            .into_iter()
            .filter_map(|c| match c.content {
                Content::Cloze(z) => Some((z.prompt(1), z.answer(1))),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn numbers_with_decimals_percents_and_years() {
        let s = "In 1998 the firm had 3.5% of 1,200 calls, not mp3 or 4G.";
        let found: Vec<&str> = numbers(s).iter().map(|(a, b, _)| &s[*a..*b]).collect();
        assert_eq!(found, vec!["1998", "3.5%", "1,200"]);
        assert_eq!(numbers("Năm 2020")[0].2, Target::Year);
    }

    #[test]
    fn english_facts_hide_the_number_then_the_name() {
        let cards = made(
            "Call centres\n\nThe first call centre opened in 1965 in Birmingham. The Call Center Handbook was written by Keith Dawson.\n",
            Lang::En,
        );
        assert!(
            cards.contains(&("The first call centre opened in [...] in Birmingham.".into(), "1965".into())),
            "{cards:?}"
        );
        assert!(
            cards.contains(&("The [...] was written by Keith Dawson.".into(), "Call Center Handbook".into())),
            "{cards:?}"
        );
    }

    #[test]
    fn vietnamese_facts_keep_their_marks() {
        let cards = made(
            "Tổng đài\n\nTổng đài đầu tiên ở Việt Nam ra đời năm 1995 tại Hà Nội. Mỗi nhân viên nhận khoảng 80 cuộc gọi một ngày.\n",
            Lang::Vi,
        );
        assert!(
            cards.contains(&("Tổng đài đầu tiên ở Việt Nam ra đời năm [...] tại Hà Nội.".into(), "1995".into())),
            "{cards:?}"
        );
        assert!(
            cards.contains(&("Mỗi nhân viên nhận khoảng [...] cuộc gọi một ngày.".into(), "80".into())),
            "{cards:?}"
        );
    }

    #[test]
    fn a_sentence_without_a_number_or_name_gives_nothing() {
        assert!(made("Notes\n\nthe staff answer calls from customers every day.\n", Lang::En).is_empty());
    }
}
