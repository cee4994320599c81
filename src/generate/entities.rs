//! The two things an article compares ("BPO" and "call centre"), with the
//! names it uses for each. They are found in the title and headings ("X vs
//! Y", "X so với Y", "the difference between X and Y", "giữa X và Y",
//! "What is X?" / "X là gì?" side by side) and in a comparison table's
//! header; a name met beside an already known one joins the other side
//! ("BPO vs Call Center", then "BPO so với Trung tâm cuộc gọi": "Call
//! Center" and "Trung tâm cuộc gọi" are one thing). Contrast cards swap
//! them to make a false statement; fact cards hide them.

use super::article::{Article, Block};
use super::sentences::upper_first;
use crate::i18n::Lang;
use crate::text::normalize;

/// Two compared things, or none.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Entities {
    pub items: Vec<Entity>,
    lang: Option<Lang>,
}

/// One compared thing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entity {
    /// Every name, lower case, singular; longest first.
    pub aliases: Vec<String>,
    /// The name as the article writes it most often inside a sentence.
    pub name: String,
}

/// A place where a sentence names an entity (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: usize,
    pub plural: bool,
}

/// Names kept for one thing (the first met): a page that repeats "X vs
/// Y 2", "X vs Y 3", ... in its headings does not make every sentence a
/// search for hundreds of names.
const MAX_ALIASES: usize = 6;

const SEPARATORS: &[&str] = &[" vs. ", " vs ", " versus ", " so với ", " v/s "];
const DETERMINERS: &[&str] = &["the", "a", "an", "các", "những", "một"];
const PRONOUNS: &[&str] = &[
    "it",
    "they",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "we",
    "you",
    "i",
    "nó",
    "họ",
    "chúng",
    "đây",
    "đó",
    "này",
    "tôi",
    "bạn",
    "ta",
    "chúng tôi",
];

/// The names of the two sides in a text, if it compares two things.
pub(crate) fn compared_pair(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let (lower, map) = lower_with_map(t);
    for sep in SEPARATORS {
        if let Some(i) = lower.find(sep) {
            let (i, j) = (map[i], map[i + sep.len()]);
            let left = last_words(cut_left(&t[..i]), 5);
            let right = first_words(cut_right(&t[j..]), 5);
            return pair(left, right);
        }
    }
    for (open, and) in [("between ", " and "), ("giữa ", " và ")] {
        let Some(p) = lower.find(open) else { continue };
        let after = p + open.len();
        let a = after + lower[after..].find(and)?;
        let left = first_words(&t[map[after]..map[a]], 5);
        let right_text = &t[map[a + and.len()]..];
        let right_end = [" là ", " is ", " are ", " lies ", " nằm "]
            .iter()
            .filter_map(|s| right_text.find(s))
            .min()
            .unwrap_or(right_text.len());
        let right = first_words(cut_right(&right_text[..right_end]), 5);
        return pair(left, right);
    }
    None
}

/// The name in a "What is X?" / "X là gì?" heading.
pub(crate) fn what_is(heading: &str) -> Option<String> {
    let t = heading.trim().trim_end_matches(['?', '.', ':', ' ']);
    let lower = super::sentences::lower_in_place(t);
    if let Some(x) = lower.strip_suffix(" là gì") {
        return name(&t[..x.len()]);
    }
    for p in ["what is a ", "what is an ", "what is the ", "what is ", "what are "] {
        if lower.starts_with(p) {
            return name(&t[p.len()..]);
        }
    }
    None
}

fn pair(left: &str, right: &str) -> Option<(String, String)> {
    let (l, r) = (name(left)?, name(right)?);
    (normalize(&l) != normalize(&r)).then_some((l, r))
}

/// A plausible name: one to five words, not a pronoun, without the
/// determiner before it.
fn name(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(|c: char| !c.is_alphanumeric());
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.len() > 1 && DETERMINERS.contains(&words[0].to_lowercase().as_str()) {
        words.remove(0);
    }
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let joined = words.join(" ");
    if PRONOUNS.contains(&joined.to_lowercase().as_str()) || !joined.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(joined)
}

fn cut_left(s: &str) -> &str {
    s.rfind([':', ',', '(', '.', '?', '!', ';']).map_or(s, |i| &s[i + 1..])
}

fn cut_right(s: &str) -> &str {
    s.find([':', ',', ')', '.', '?', '!', ';', '(']).map_or(s, |i| &s[..i])
}

fn last_words(s: &str, n: usize) -> &str {
    let words: Vec<(usize, &str)> =
        s.split_whitespace().map(|w| (w.as_ptr() as usize - s.as_ptr() as usize, w)).collect();
    match words.len().checked_sub(n) {
        Some(skip) if skip > 0 => &s[words[skip].0..],
        _ => s,
    }
}

fn first_words(s: &str, n: usize) -> &str {
    let mut count = 0;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() && i > 0 && !s[..i].ends_with(char::is_whitespace) {
            count += 1;
            if count == n {
                return &s[..i];
            }
        }
    }
    s
}

/// A name's matching form: lower case, English plurals made singular.
fn key(name: &str, lang: Lang) -> String {
    let k = normalize(name);
    if lang == Lang::En
        && let Some(stem) = k.strip_suffix('s')
        && !k.ends_with("ss")
        && stem.chars().count() >= 2
    {
        return stem.to_string();
    }
    k
}

impl Entities {
    /// The compared things of an article, when it compares exactly two
    /// that its sentences name at least twice each.
    pub(crate) fn of(article: &Article, lang: Lang) -> Entities {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut whats: Vec<String> = Vec::new();
        if let Some(p) = article.title.as_deref().and_then(compared_pair) {
            pairs.push(p);
        }
        for s in &article.sections {
            if let Some(h) = &s.heading {
                pairs.extend(compared_pair(h));
                whats.extend(what_is(h));
            }
            for b in &s.blocks {
                match b {
                    Block::Table(t) if t.header.len() == 3 => {
                        pairs.extend(pair(&t.header[1], &t.header[2]));
                    }
                    Block::Paragraph(ss) => pairs.extend(ss.iter().filter_map(|s| compared_pair(s))),
                    Block::List { items, .. } => pairs.extend(items.iter().filter_map(|s| compared_pair(s))),
                    Block::Table(_) => {}
                }
            }
        }
        if whats.len() == 2 {
            pairs.push((whats[0].clone(), whats[1].clone()));
        }
        // Union: a name beside a known one joins the other side.
        let mut sides: Vec<Vec<String>> = Vec::new();
        for (a, b) in pairs {
            let (ka, kb) = (key(&a, lang), key(&b, lang));
            let find = |k: &str, sides: &Vec<Vec<String>>| sides.iter().position(|s| s.iter().any(|x| x == k));
            match (find(&ka, &sides), find(&kb, &sides)) {
                (None, None) if sides.is_empty() => sides.extend([vec![ka], vec![kb]]),
                (Some(i), None) if sides.len() == 2 && sides[1 - i].len() < MAX_ALIASES => sides[1 - i].push(kb),
                (None, Some(j)) if sides.len() == 2 && sides[1 - j].len() < MAX_ALIASES => sides[1 - j].push(ka),
                _ => {}
            }
        }
        let mut e = Entities { items: Vec::new(), lang: Some(lang) };
        if sides.len() != 2 {
            return e;
        }
        for mut aliases in sides {
            aliases.sort_by_key(|a| std::cmp::Reverse(a.chars().count()));
            aliases.dedup();
            e.items.push(Entity { name: aliases[0].clone(), aliases });
        }
        // How the article writes each inside its sentences, and how often.
        let mut counts: Vec<Vec<(String, usize)>> = vec![Vec::new(), Vec::new()];
        for s in article.sections.iter().filter(|s| !s.end_matter) {
            for b in &s.blocks {
                let texts: Vec<&String> = match b {
                    Block::Paragraph(ss) => ss.iter().collect(),
                    Block::List { items, .. } => items.iter().collect(),
                    Block::Table(_) => Vec::new(),
                };
                for t in texts {
                    for m in e.mentions(t) {
                        let end = if m.plural { m.end - 1 } else { m.end };
                        let mut form = t[m.start..end].to_string();
                        if m.start == 0 && !form.chars().nth(1).is_some_and(char::is_uppercase) {
                            form = super::sentences::lower_first(&form);
                        }
                        let c = &mut counts[m.entity];
                        match c.iter_mut().find(|(f, _)| *f == form) {
                            Some((_, n)) => *n += 1,
                            None => c.push((form, 1)),
                        }
                    }
                }
            }
        }
        if counts.iter().any(|c| c.iter().map(|(_, n)| n).sum::<usize>() < 2) {
            return Entities { items: Vec::new(), lang: Some(lang) };
        }
        for (entity, c) in e.items.iter_mut().zip(counts) {
            // The most frequent form; ties go to the first met.
            if let Some((form, _)) = c.iter().fold(None::<&(String, usize)>, |best, x| match best {
                Some(b) if b.1 >= x.1 => Some(b),
                _ => Some(x),
            }) {
                entity.name = form.clone();
            }
        }
        e
    }

    /// Whether there are two compared things.
    pub(crate) fn known(&self) -> bool {
        self.items.len() == 2
    }

    /// Where `text` names either thing, in order, without overlaps.
    pub(crate) fn mentions(&self, text: &str) -> Vec<Mention> {
        if !self.known() {
            return Vec::new();
        }
        let (lower, map) = lower_with_map(text);
        let mut found: Vec<Mention> = Vec::new();
        for (ei, e) in self.items.iter().enumerate() {
            for alias in &e.aliases {
                let mut from = 0;
                while let Some(p) = lower[from..].find(alias.as_str()) {
                    let s = from + p;
                    let mut end = s + alias.len();
                    from = s + alias.len().max(1);
                    let before_ok = lower[..s].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    let mut plural = false;
                    if self.lang == Some(Lang::En) && lower[end..].starts_with('s') {
                        let after = lower[end + 1..].chars().next();
                        if after.is_none_or(|c| !c.is_alphanumeric()) {
                            end += 1;
                            plural = true;
                        }
                    }
                    let after_ok = lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                    if before_ok && after_ok {
                        let m = Mention { start: map[s], end: map[end], entity: ei, plural };
                        if !found.iter().any(|o| o.start < m.end && m.start < o.end) {
                            found.push(m);
                        }
                    }
                }
            }
        }
        found.sort_by_key(|m| m.start);
        found
    }

    /// The one thing `text` names (it names only that one), if any.
    pub(crate) fn only(&self, text: &str) -> Option<usize> {
        let ms = self.mentions(text);
        let first = ms.first()?.entity;
        ms.iter().all(|m| m.entity == first).then_some(first)
    }

    /// `text` with each thing named as the other: a statement the article
    /// contradicts. `None` when it names neither.
    pub(crate) fn swap(&self, text: &str) -> Option<String> {
        let ms = self.mentions(text);
        if ms.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut at = 0;
        for m in &ms {
            let mut before = text[at..m.start].to_string();
            let other = &self.items[1 - m.entity];
            let mut name = other.name.clone();
            if m.plural {
                name.push('s');
            }
            let sentence_start = text[..m.start].trim_start_matches(['“', '"', '‘', '\'', '(']).trim().is_empty();
            if sentence_start {
                name = upper_first(&name);
            }
            if self.lang == Some(Lang::En) {
                before = fix_article(&before, &name);
            }
            out.push_str(&before);
            out.push_str(&name);
            at = m.end;
        }
        out.push_str(&text[at..]);
        Some(out)
    }
}

/// "a" or "an" right before a name that changed.
fn fix_article(before: &str, name: &str) -> String {
    let trimmed = before.trim_end();
    let word_start =
        trimmed.char_indices().rev().find(|(_, c)| !c.is_alphabetic()).map_or(0, |(i, c)| i + c.len_utf8());
    let word = &trimmed[word_start..];
    if !matches!(word, "a" | "an" | "A" | "An") {
        return before.to_string();
    }
    let first = name.chars().next().unwrap_or('x');
    let acronym = name.chars().take_while(|c| c.is_alphanumeric()).all(|c| c.is_uppercase());
    let vowel = if acronym { "AEFHILMNORSX".contains(first) } else { "aeiouAEIOU".contains(first) };
    let article = match (vowel, word.starts_with('A')) {
        (true, true) => "An",
        (true, false) => "an",
        (false, true) => "A",
        (false, false) => "a",
    };
    format!("{}{article}{}", &trimmed[..word_start], &before[trimmed.len()..])
}

/// The text in lower case, and for each byte of it the byte of the text it
/// came from (lower-casing may change a character's length).
fn lower_with_map(text: &str) -> (String, Vec<usize>) {
    let mut lower = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    for (b, c) in text.char_indices() {
        for l in c.to_lowercase() {
            let before = lower.len();
            lower.push(l);
            map.extend(std::iter::repeat_n(b, lower.len() - before));
        }
    }
    map.push(text.len());
    // Offsets at a character's first byte map to its start; the end of a
    // match maps to the start of the next character.
    (lower, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::article::{Raw, assemble};

    #[test]
    fn pairs_from_titles_and_phrases() {
        assert_eq!(
            compared_pair("BPO vs Call Center: Sự khác biệt và so sánh"),
            Some(("BPO".into(), "Call Center".into()))
        );
        assert_eq!(compared_pair("BPO so với Trung tâm cuộc gọi"), Some(("BPO".into(), "Trung tâm cuộc gọi".into())));
        assert_eq!(
            compared_pair("Sự khác biệt giữa BPO và tổng đài là BPO xử lý các nhiệm vụ ở nước ngoài"),
            Some(("BPO".into(), "tổng đài".into()))
        );
        assert_eq!(
            compared_pair("The difference between cats and dogs is sleep."),
            Some(("cats".into(), "dogs".into()))
        );
        assert_eq!(compared_pair("Cats are quiet."), None);
        assert_eq!(what_is("Tổng đài là gì?"), Some("Tổng đài".into()));
        assert_eq!(what_is("What is a call centre?"), Some("call centre".into()));
    }

    fn vi_article() -> Article {
        assemble(
            vec![
                Raw::Heading { text: "BPO vs Call Center".into(), level: 1 },
                Raw::Heading { text: "BPO so với Trung tâm cuộc gọi".into(), level: 2 },
                Raw::Paragraph(
                    "BPO xử lý nhiều việc. Các trung tâm cuộc gọi xử lý cuộc gọi. Tổng đài ở một nơi.".into(),
                ),
                Raw::Heading { text: "BPO là gì?".into(), level: 2 },
                Raw::Paragraph("BPO là một ngành.".into()),
                Raw::Heading { text: "Tổng đài là gì?".into(), level: 2 },
                Raw::Paragraph("Trung tâm cuộc gọi nhận cuộc gọi.".into()),
            ],
            true,
        )
    }

    #[test]
    fn names_of_one_side_are_joined() {
        let e = Entities::of(&vi_article(), Lang::Vi);
        assert!(e.known());
        assert_eq!(e.items[0].name, "BPO");
        assert_eq!(e.items[1].name, "trung tâm cuộc gọi");
        assert!(e.items[1].aliases.contains(&"tổng đài".to_string()));
        assert_eq!(e.only("Tổng đài ở một nơi."), Some(1));
        assert_eq!(e.only("BPO và tổng đài"), None);
    }

    #[test]
    fn swapping_names_each_side_as_the_other() {
        let e = Entities::of(&vi_article(), Lang::Vi);
        assert_eq!(
            e.swap("Các trung tâm cuộc gọi xử lý cuộc gọi, trong khi BPO xử lý dữ liệu.").as_deref(),
            Some("Các BPO xử lý cuộc gọi, trong khi trung tâm cuộc gọi xử lý dữ liệu.")
        );
        assert_eq!(e.swap("Tổng đài ở một nơi.").as_deref(), Some("BPO ở một nơi."));
        assert_eq!(e.swap("Không có gì."), None);
    }

    #[test]
    fn english_plurals_and_articles() {
        let a = assemble(
            vec![
                Raw::Heading { text: "Cats vs dogs".into(), level: 1 },
                Raw::Paragraph("Cats sleep. A dog barks. Dogs walk. An owner loves cats.".into()),
            ],
            true,
        );
        let e = Entities::of(&a, Lang::En);
        assert!(e.known(), "{e:?}");
        assert_eq!(e.swap("Cats sleep all day.").as_deref(), Some("Dogs sleep all day."));
        assert_eq!(e.swap("It is a cat.").as_deref(), Some("It is a dog."));
    }

    #[test]
    fn case_folding_keeps_offsets() {
        let (lower, map) = lower_with_map("ẞA Đà");
        assert_eq!(lower, "ßa đà");
        assert_eq!(map.len(), lower.len() + 1);
        assert_eq!(fix_article("It is a ", "owner"), "It is an ");
    }
}
