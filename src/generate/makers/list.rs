//! Lists under a lead: a list block (its lead the sentence before it
//! ending in a colon, else the section's heading) or a list inside a
//! sentence ("Ưu điểm của X bao gồm A, B và C", "The advantages of X
//! include A, B and C"). A list whose lead names a kind — advantages,
//! disadvantages, types, tasks, features — has siblings: the same kind
//! for the other compared thing, or the opposite kind for the same thing.
//! Its cards are a several-answer choice whose wrong options are a
//! sibling's items (never made up), and, where the items are short, one
//! single choice per item. A list without a sibling gives a cloze on a
//! short item of an in-sentence list instead.

use super::{Candidate, Context, MAX_TEXT, Maker, arrange, cloze, gives_away, needs_context, normalize, sentences};
use crate::generate::article::Block;
use crate::generate::sentences::{upper_first, word_count};
use crate::i18n::Lang;
use crate::text::fold;

/// What a list's lead says its items are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    Advantages,
    Disadvantages,
    Types,
    Tasks,
    Features,
}

/// Words naming each category, folded (no marks, lower case).
const CATEGORY_WORDS: &[(Category, &[&str])] = &[
    (
        Category::Disadvantages,
        &["nhuoc diem", "bat loi", "han che", "disadvantage", "drawback", "downside", "limitation", "cons"],
    ),
    (Category::Advantages, &["uu diem", "loi ich", "loi the", "advantage", "benefit", "upside", "strength", "pros"]),
    (Category::Types, &["cac loai", "loai", "kieu", "hinh thuc", "type", "kind", "form"]),
    (
        Category::Tasks,
        &["nhiem vu", "hoat dong", "chuc nang", "cong viec", "task", "activit", "function", "dut", "role"],
    ),
    (Category::Features, &["dac diem", "tinh nang", "dac trung", "feature", "characteristic", "trait"]),
];

/// The category a lead names, if any.
pub(crate) fn category(lead: &str) -> Option<Category> {
    let f = format!(" {} ", fold(lead).replace(|c: char| !c.is_alphanumeric(), " "));
    CATEGORY_WORDS.iter().find(|(_, ws)| ws.iter().any(|w| f.contains(&format!(" {w}")))).map(|(c, _)| *c)
}

/// A list the article gives.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub section: usize,
    pub at: (usize, usize),
    pub lead: String,
    pub category: Option<Category>,
    /// The compared thing its lead names, when it names one.
    pub subject: Option<usize>,
    pub items: Vec<String>,
    /// The sentence it stands in (an in-sentence list), for the explanation.
    pub sentence: Option<String>,
}

/// Markers between a lead and its items in a sentence.
fn markers(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Vi => &[" bao gồm ", " gồm có ", " gồm ", ": "],
        Lang::En => &[" include ", " includes ", " including ", " consist of ", " consists of ", " such as ", ": "],
    }
}

/// Where a list inside a sentence stops: a contrast or the sentence's end.
const STOPS: &[&str] = &[", trong khi ", " trong khi ", ", whereas ", " whereas ", ", while ", "; "];

/// Splits "A, B và C" / "A, B, and C" / "A và B" into items; `None` when
/// it is not a clean list (a single item, or "và" more than once without
/// commas).
pub(crate) fn split_items(s: &str, lang: Lang) -> Option<Vec<String>> {
    let ands: &[&str] = match lang {
        Lang::Vi => &[" và ", " hoặc "],
        Lang::En => &[" and ", " or "],
    };
    let s = s.trim().trim_end_matches(['.', ';', ' ']);
    let mut parts: Vec<String> = s.split(", ").map(str::to_string).collect();
    let last = parts.pop()?;
    let last = ands.iter().find_map(|a| last.strip_prefix(a.trim_start())).map_or(last.clone(), str::to_string);
    let and_at = ands.iter().filter_map(|a| last.rfind(a).map(|i| (i, a.len()))).max();
    if parts.is_empty() {
        let n: usize = ands.iter().map(|a| last.matches(a).count()).sum();
        if n != 1 {
            return None;
        }
    }
    match and_at {
        Some((i, n)) => {
            parts.push(last[..i].to_string());
            parts.push(last[i + n..].to_string());
        }
        None => parts.push(last),
    }
    let items: Vec<String> = parts
        .iter()
        .map(|p| p.trim().trim_end_matches(['.', ',']).trim().to_string())
        .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("etc") && p != "v.v")
        .collect();
    (items.len() >= 2 && items.iter().all(|i| (1..=20).contains(&word_count(i)))).then_some(items)
}

/// A lead without its article ("The advantages of BPO" → "advantages of
/// BPO") and final colon.
fn clean_lead(lead: &str, lang: Lang) -> String {
    let l = lead.trim().trim_end_matches([':', ',', ' ']);
    let l = match lang {
        Lang::En => l.strip_prefix("The ").or_else(|| l.strip_prefix("the ")).unwrap_or(l),
        Lang::Vi => l.strip_prefix("Những ").or_else(|| l.strip_prefix("Các ")).unwrap_or(l),
    };
    upper_first(l)
}

/// Every list of the article.
pub(crate) fn find(cx: &Context<'_>) -> Vec<Found> {
    let mut out = Vec::new();
    for (si, s) in cx.article.sections.iter().enumerate().filter(|(_, s)| !s.end_matter) {
        for (bi, b) in s.blocks.iter().enumerate() {
            let Block::List { items, .. } = b else { continue };
            let before = bi.checked_sub(1).and_then(|p| match &s.blocks[p] {
                Block::Paragraph(ss) => ss.last().filter(|l| l.trim_end().ends_with(':')).cloned(),
                _ => None,
            });
            let Some(lead) = before.or_else(|| s.heading.clone()) else { continue };
            let items: Vec<String> = items.iter().map(|i| i.trim_end_matches(['.', ';', ' ']).to_string()).collect();
            if items.len() < 2 || items.iter().any(|i| word_count(i) > 12) {
                continue;
            }
            let lead = clean_lead(&lead, cx.lang);
            out.push(Found {
                section: si,
                at: (bi, 0),
                category: category(&lead),
                subject: cx.entities.only(&lead),
                lead,
                items,
                sentence: None,
            });
        }
    }
    for s in sentences(cx.article) {
        if needs_context(s.text) || s.text.chars().count() > 400 {
            continue;
        }
        let lower = crate::generate::sentences::lower_in_place(s.text);
        let Some((i, m)) = markers(cx.lang).iter().filter_map(|m| lower.find(m).map(|i| (i, *m))).min() else {
            continue;
        };
        let lead = &s.text[..i];
        let rest = &s.text[i + m.len()..];
        let end = STOPS.iter().filter_map(|st| rest.find(st)).min().unwrap_or(rest.len());
        let lead = clean_lead(lead, cx.lang);
        // One item is a list too when the lead names a kind ("Nhược điểm
        // của X bao gồm sự gia tăng chi phí ẩn").
        let single = || {
            let item = rest[..end].trim().trim_end_matches(['.', ';', ' ']);
            (category(&lead).is_some() && (1..=20).contains(&word_count(item))).then(|| vec![item.to_string()])
        };
        let Some(items) = split_items(&rest[..end], cx.lang).or_else(single) else { continue };
        if !(1..=10).contains(&word_count(&lead)) {
            continue;
        }
        // "The two kinds are BPO and call centres": the article's own
        // subjects, which every card names anyway.
        let only_compared = items.iter().all(|i| {
            cx.entities.mentions(i).iter().any(|m| m.start == 0 && m.end == i.len())
                || cx
                    .entities
                    .mentions(i)
                    .first()
                    .is_some_and(|m| i[..m.start].split_whitespace().count() <= 1 && m.end == i.len())
        });
        if cx.entities.known() && only_compared {
            continue;
        }
        out.push(Found {
            section: s.section,
            at: (s.block, s.index),
            category: category(&lead),
            subject: cx.entities.only(&lead),
            lead,
            items,
            sentence: Some(s.text.to_string()),
        });
    }
    out
}

/// How far (in sections) a sibling list may be.
const SIBLING_SECTIONS: usize = 3;

/// The lists a list's wrong options may come from, within
/// [`SIBLING_SECTIONS`] sections, nearest first: the same
/// category for the other thing, then the opposite category (advantages
/// and disadvantages) for the same thing.
fn siblings<'f>(list: &Found, all: &'f [Found]) -> Vec<&'f Found> {
    let Some(cat) = list.category else { return Vec::new() };
    let opposite = match cat {
        Category::Advantages => Some(Category::Disadvantages),
        Category::Disadvantages => Some(Category::Advantages),
        _ => None,
    };
    let close = |o: &&Found| o.section.abs_diff(list.section) <= SIBLING_SECTIONS;
    let mut same: Vec<&Found> = all
        .iter()
        .filter(close)
        .filter(|o| {
            o.category == Some(cat) && o.subject.is_some() && list.subject.is_some() && o.subject != list.subject
        })
        .collect();
    let mut opp: Vec<&Found> = all
        .iter()
        .filter(close)
        .filter(|o| opposite.is_some() && o.category == opposite && o.subject == list.subject)
        .collect();
    // The nearest first: the article's own pairing, not a list pages away.
    let near = |o: &&Found| (o.section.abs_diff(list.section), o.section, o.at);
    same.sort_by_key(near);
    opp.sort_by_key(near);
    same.extend(opp);
    same
}

/// The list cards of the article.
pub(crate) fn cards(cx: &Context<'_>) -> Vec<Candidate> {
    let all = find(cx);
    let mut out = Vec::new();
    for list in &all {
        let explanation = match &list.sentence {
            Some(s) => cx.phrases.quote(s),
            None => cx.phrases.list_explanation(&list.lead, &list.items),
        };
        let candidate = |content, score, at, key: String| Candidate {
            content,
            explanation: explanation.clone(),
            section: list.section,
            at,
            maker: Maker::List,
            score,
            group: None,
            alternative: None,
            key,
        };
        let right: Vec<String> = list.items.iter().take(4).map(|i| upper_first(i)).collect();
        // Enough wrong options for the several-answer card and the
        // single choices, from the nearest siblings.
        let enough = right.len().max(2) + 3;
        let mut seen: Vec<String> = right.iter().map(|r| normalize(r)).collect();
        let mut wrong: Vec<String> = Vec::new();
        'siblings: for sib in siblings(list, &all) {
            for item in &sib.items {
                if wrong.len() >= enough {
                    break 'siblings;
                }
                let item = upper_first(item);
                let n = normalize(&item);
                if !seen.contains(&n) {
                    seen.push(n);
                    wrong.push(item);
                }
            }
        }
        if wrong.len() >= right.len() && right.len() >= 2 {
            let mut options = right.clone();
            options.extend(wrong.iter().take(right.len().max(2)).cloned());
            let question = cx.phrases.list_several(&list.lead);
            if question.chars().count() <= MAX_TEXT && options.iter().all(|o| o.chars().count() <= MAX_TEXT) {
                let (options, answers) = arrange(options, &(0..right.len()).collect::<Vec<_>>());
                out.push(candidate(
                    crate::deck::Content::Choice { question, options, answers, multiple: true },
                    9,
                    list.at,
                    format!("{} {}", list.lead, list.items.join(" ")),
                ));
            }
        }
        // One card per short item, its wrong options from the siblings.
        if !wrong.is_empty() && right.iter().all(|i| word_count(i) <= 6) {
            for (n, item) in right.iter().enumerate() {
                let mut options = vec![item.clone()];
                options.extend(wrong.iter().skip(n).chain(wrong.iter().take(n)).take(3).cloned());
                let question = cx.phrases.list_one(&list.lead);
                let (options, answers) = arrange(options, &[0]);
                if gives_away(&options, answers[0]) || question.chars().count() > MAX_TEXT {
                    continue;
                }
                out.push(candidate(
                    crate::deck::Content::Choice { question, options, answers, multiple: false },
                    7,
                    (list.at.0, list.at.1 * 100 + n + 1),
                    format!("{} {item}", list.lead),
                ));
            }
        }
        // No several-answer card: what the list holds, as a flashcard, when
        // its lead names a kind.
        let flashcard = (wrong.len() < right.len() || right.len() < 2) && list.category.is_some();
        if flashcard {
            let question = cx.phrases.list_what(&list.lead);
            let answer = list.items.iter().map(|i| upper_first(i)).collect::<Vec<_>>().join("; ");
            if question.chars().count() <= MAX_TEXT && answer.chars().count() <= MAX_TEXT {
                out.push(candidate(
                    crate::deck::Content::Basic { question, answer, reverse: false },
                    6,
                    list.at,
                    format!("{} {}", list.lead, list.items.join(" ")),
                ));
            }
        }
        // No sibling and no flashcard: a cloze on a short item of the sentence.
        if wrong.is_empty()
            && !flashcard
            && let Some(sentence) = &list.sentence
            && word_count(sentence) <= 40
            && let Some(item) = list.items.iter().rev().find(|i| (1..=4).contains(&word_count(i)))
            && let Some(p) = sentence.rfind(item.as_str())
            && let Some(content) = cloze(sentence, &[(p, p + item.len())], &[])
        {
            out.push(candidate(content, 6, list.at, format!("{} {}", list.lead, list.items.join(" "))));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Content;
    use crate::generate::{Format, entities::Entities, read};

    fn made(text: &str, lang: Lang) -> Vec<Candidate> {
        let a = read(text, Format::Markdown);
        let e = Entities::of(&a, lang);
        cards(&Context::new(&a, &e, lang))
    }

    #[test]
    fn items_split_on_commas_and_the_last_and() {
        assert_eq!(
            split_items("dịch vụ khách hàng, hỗ trợ kỹ thuật và xử lý dữ liệu", Lang::Vi),
            Some(vec!["dịch vụ khách hàng".into(), "hỗ trợ kỹ thuật".into(), "xử lý dữ liệu".into()])
        );
        assert_eq!(
            split_items("lower costs, more staff, and longer hours.", Lang::En),
            Some(vec!["lower costs".into(), "more staff".into(), "longer hours".into()])
        );
        assert_eq!(split_items("one thing", Lang::En), None);
        assert_eq!(split_items("a và b và c", Lang::Vi), None, "ambiguous without commas");
    }

    #[test]
    fn categories_by_their_words() {
        assert_eq!(category("Ưu điểm của các trung tâm cuộc gọi"), Some(Category::Advantages));
        assert_eq!(category("Nhược điểm của BPO"), Some(Category::Disadvantages));
        assert_eq!(category("Disadvantages of call centres"), Some(Category::Disadvantages));
        assert_eq!(category("The weather today"), None);
    }

    #[test]
    fn english_lists_take_wrong_options_from_the_other_side() {
        let text = "# Cats vs Dogs\n\nCats sleep a lot. Dogs bark a lot. Cats purr.\n\n\
            The advantages of cats include quiet nights, small litter boxes and cheap food.\n\n\
            The advantages of dogs include morning walks, loyal company and loud warnings.\n";
        let cards = made(text, Lang::En);
        let several = cards
            .iter()
            .find_map(|c| match &c.content {
                Content::Choice { question, options, answers, multiple: true }
                    if question.contains("Advantages of cats") =>
                {
                    Some((options.clone(), answers.clone()))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("a several-answer card on the cats' advantages: {cards:#?}"));
        let right: Vec<&str> = several.1.iter().map(|&i| several.0[i].as_str()).collect();
        assert_eq!(right.len(), 3);
        assert!(right.contains(&"Quiet nights"));
        assert!(several.0.iter().any(|o| o == "Morning walks"), "a dog's advantage is a wrong option: {:?}", several.0);
        assert!(several.1.len() * 2 <= several.0.len());
        // Short items: one card each.
        let singles = cards.iter().filter(|c| matches!(c.content, Content::Choice { multiple: false, .. })).count();
        assert_eq!(singles, 6);
    }

    #[test]
    fn vietnamese_lists_and_a_list_without_siblings() {
        let text = "# BPO so với tổng đài\n\nBPO làm nhiều việc. Tổng đài nhận cuộc gọi. BPO ở nước ngoài. Tổng đài ở trong nước.\n\n\
            Ưu điểm của BPO bao gồm chi phí thấp và chất lượng cao.\n\n\
            Ưu điểm của tổng đài bao gồm phản hồi nhanh và quan hệ tốt.\n\n\
            Các loại dịch vụ bao gồm kế toán, nhân sự và kỹ thuật.\n\n\
            Nhóm mới gồm chị Lan, anh Minh và chị Hoa.\n\n\
            Hai loại dịch vụ bao gồm BPO và tổng đài.\n";
        let cards = made(text, Lang::Vi);
        assert!(cards.iter().any(|c| matches!(&c.content,
            Content::Choice { question, options, multiple: true, .. }
                if question.contains("Ưu điểm của BPO") && options.iter().any(|o| o == "Phản hồi nhanh"))));
        // No sibling for the kinds of service: a flashcard of the list.
        assert!(
            cards.iter().any(|c| matches!(&c.content,
            Content::Basic { question, answer, .. }
                if question == "Theo bài viết, “Loại dịch vụ” gồm những gì?" && answer == "Kế toán; Nhân sự; Kỹ thuật")),
            "{cards:#?}"
        );
        // "Hai loại ... bao gồm BPO và tổng đài": the article's own subjects.
        assert!(!cards.iter().any(|c| c.key.starts_with("Hai loại")), "{cards:#?}");
        // A list whose lead names no kind: a cloze on its last short item.
        assert!(
            cards.iter().any(|c| matches!(&c.content, Content::Cloze(z) if z.answer(1) == "chị Hoa")),
            "{cards:#?}"
        );
    }

    #[test]
    fn a_list_block_under_a_heading() {
        let text = "# Cats vs Dogs\n\nCats purr. Dogs bark. Cats sleep. Dogs run.\n\n## Advantages of cats\n\n- Quiet\n- Clean\n\n## Advantages of dogs\n\n- Loyal\n- Protective\n";
        let cards = made(text, Lang::En);
        assert!(cards.iter().any(|c| matches!(&c.content,
            Content::Choice { question, options, answers, multiple: true }
                if question.contains("Advantages of dogs") && answers.iter().all(|&i| ["Loyal", "Protective"].contains(&options[i].as_str())))));
    }
}
