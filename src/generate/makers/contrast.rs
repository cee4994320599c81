//! Contrasts: a sentence that sets the two compared things against each
//! other ("A does X, whereas B does Y", "A ..., trong khi B ...") or a
//! sentence that starts with "On the other hand", "In contrast", "Ngược
//! lại", "Mặt khác" after one about the other thing. Each gives a pair of
//! true/false cards kept or dropped together: one side's clause as it is
//! (true), and the other side's clause with the things swapped (false).
//! The article must compare two things (see `entities.rs`): without them
//! there is no side to swap, and no card.

use super::{Candidate, Context, MAX_TEXT, Maker, has_absolute_word, needs_context, sentences};
use crate::deck::Content;
use crate::generate::article::Block;
use crate::generate::sentences::{as_statement, word_count};
use crate::i18n::Lang;

/// Words between the two halves of a contrast sentence.
fn inside(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Vi => &[", trong khi ", " trong khi ", ", ngược lại ", ", còn "],
        Lang::En => &[", whereas ", " whereas ", ", while ", ", but ", "; by contrast, ", "; in contrast, "],
    }
}

/// Words that start a sentence contrasting with the one before.
fn opening(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Vi => &["Ngược lại, ", "Mặt khác, ", "Trái lại, ", "Trong khi đó, "],
        Lang::En => &["On the other hand, ", "In contrast, ", "By contrast, ", "Conversely, ", "However, "],
    }
}

/// A sentence without the words that link it to the one before ("Mặt
/// khác, liên doanh ..." → "Liên doanh ...").
pub(crate) fn without_opening(sentence: &str, lang: Lang) -> String {
    for o in opening(lang) {
        if let Some(rest) = sentence.strip_prefix(o) {
            return crate::generate::sentences::upper_first(rest);
        }
    }
    sentence.to_string()
}

/// The two halves a contrast sets against each other, if `sentence` is one
/// (with `previous`, the sentence before it).
pub(crate) fn halves<'s>(sentence: &'s str, previous: Option<&'s str>, lang: Lang) -> Option<(&'s str, &'s str)> {
    for o in opening(lang) {
        if let Some(rest) = sentence.strip_prefix(o) {
            return previous.map(|p| (p, rest));
        }
    }
    let sentence = without_difference_lead(sentence, lang);
    let lower = crate::generate::sentences::lower_in_place(sentence);
    inside(lang)
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, m.len())))
        .min()
        .map(|(i, n)| (&sentence[..i], &sentence[i + n..]))
}

/// A sentence without "The difference between X and Y is that" / "Sự
/// khác biệt giữa X và Y là": what follows is the contrast itself.
fn without_difference_lead(sentence: &str, lang: Lang) -> &str {
    let lower = crate::generate::sentences::lower_in_place(sentence);
    let (leads, verbs): (&[&str], &[&str]) = match lang {
        Lang::Vi => (
            &["sự khác biệt giữa ", "điểm khác biệt giữa ", "khác biệt chính giữa ", "sự khác biệt chính giữa "],
            &[" là "],
        ),
        Lang::En => (
            &["the difference between ", "the main difference between ", "a key difference between "],
            &[" is that ", " is "],
        ),
    };
    if leads.iter().any(|l| lower.starts_with(l))
        && let Some((i, n)) = verbs.iter().find_map(|v| lower.find(v).map(|i| (i, v.len())))
        && sentence.is_char_boundary(i + n)
    {
        return &sentence[i + n..];
    }
    sentence
}

/// A statement a card can stand on: short, whole, no absolute word.
fn usable(s: &str) -> bool {
    (4..=30).contains(&word_count(s)) && s.chars().count() <= MAX_TEXT && !has_absolute_word(s) && !needs_context(s)
}

/// The contrast cards of the article.
pub(crate) fn cards(cx: &Context<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    if !cx.entities.known() {
        return out;
    }
    let mut group = 0u32;
    for s in sentences(cx.article) {
        // In a list of differences, an item's two sentences, one about
        // each thing, are a contrast without a marker.
        let in_list =
            matches!(cx.article.sections.get(s.section).and_then(|x| x.blocks.get(s.block)), Some(Block::List { .. }));
        let parallel = || if in_list { s.previous.map(|p| (p, s.text)) } else { None };
        let Some((a, b)) = halves(s.text, s.previous, cx.lang).or_else(parallel) else { continue };
        let quoted = if std::ptr::eq(a, s.previous.unwrap_or_default()) {
            format!("{} {}", s.previous.unwrap_or_default(), s.text)
        } else {
            s.text.to_string()
        };
        let (Some(ea), Some(eb)) = (cx.entities.only(a), cx.entities.only(b)) else { continue };
        if ea == eb {
            continue;
        }
        let truth = as_statement(a);
        let Some(swapped) = cx.entities.swap(b).map(|x| as_statement(&x)) else { continue };
        if !usable(&truth) || !usable(&swapped) {
            continue;
        }
        group += 1;
        let card = |statement: String, answer: bool, n: usize| Candidate {
            explanation: if answer { cx.phrases.quote(&quoted) } else { cx.phrases.swapped(&quoted) },
            content: Content::TrueFalse { statement, answer },
            section: s.section,
            at: (s.block, s.index * 10 + n),
            maker: Maker::Contrast,
            score: 7,
            group: Some(group),
            alternative: None,
            key: quoted.clone(),
        };
        out.push(card(truth, true, 0));
        out.push(card(swapped, false, 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Format, entities::Entities, read};

    fn made(text: &str, lang: Lang) -> Vec<(String, bool)> {
        let a = read(text, Format::Markdown);
        let e = Entities::of(&a, lang);
        cards(&Context::new(&a, &e, lang))
            .into_iter()
            .filter_map(|c| match c.content {
                Content::TrueFalse { statement, answer } => Some((statement, answer)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn english_whereas_gives_a_true_and_a_swapped_false() {
        let got = made(
            "# BPO vs Call Centre\n\nBPO handles many back-office tasks for clients, whereas a call centre mainly answers customer calls.\n\nA call centre works from one site. BPO works from many sites.\n",
            Lang::En,
        );
        assert_eq!(
            got,
            vec![
                ("BPO handles many back-office tasks for clients.".to_string(), true),
                ("A BPO mainly answers customer calls.".to_string(), false),
            ]
        );
    }

    #[test]
    fn vietnamese_trong_khi_and_nguoc_lai() {
        let got = made(
            "# BPO so với tổng đài\n\nBPO xử lý các nhiệm vụ ở nước ngoài trong khi tổng đài giải quyết các vấn đề địa phương.\n\n\
             Ngành tiếp thị dựa vào BPO để xử lý các hoạt động ở nước ngoài. Ngược lại, tổng đài phục vụ nhu cầu của thời điểm đó.\n",
            Lang::Vi,
        );
        assert!(got.contains(&("BPO xử lý các nhiệm vụ ở nước ngoài.".to_string(), true)), "{got:?}");
        assert!(got.contains(&("BPO giải quyết các vấn đề địa phương.".to_string(), false)), "{got:?}");
        assert!(got.contains(&("BPO phục vụ nhu cầu của thời điểm đó.".to_string(), false)), "{got:?}");
        assert_eq!(got.iter().filter(|(_, a)| *a).count(), got.len() / 2, "pairs");
    }

    #[test]
    fn no_compared_things_no_contrast() {
        assert!(made("# Notes\n\nI like tea, whereas my sister likes coffee.\n", Lang::En).is_empty());
    }
}
