//! Definitions: "X là viết tắt của Y" / "X stands for Y" / "Y (X)" (an
//! acronym: a typed card), "X là một Y" / "X is a Y" (a flashcard, or a
//! typed card when Y is a few words), "X được gọi là Y" / "X is called
//! Y" / "X, or Y," / "X, also known as Y" (another name: typed), "X đề
//! cập đến Y" / "X refers to Y" (a flashcard).

use super::{Candidate, Context, MAX_TEXT, Maker, contains_words, needs_context, sentences};
use crate::deck::Content;
use crate::generate::sentences::{upper_first, word_count};
use crate::i18n::Lang;

/// What a sentence defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Definition {
    /// An acronym and what it stands for.
    Acronym { acronym: String, expansion: String },
    /// "X is a Y" (`plural`: "X are Y").
    Is { term: String, body: String, plural: bool },
    /// Another name for the term.
    Called { term: String, name: String },
    /// What the term refers to.
    RefersTo { term: String, body: String },
}

/// Words after "là" (is) that start a definition, not a description.
const VI_DETERMINERS: &[&str] = &[
    "một",
    "các",
    "những",
    "nơi",
    "người",
    "loại",
    "hình thức",
    "quá trình",
    "việc",
    "sự",
    "cách",
    "phương thức",
    "phương pháp",
    "hệ thống",
    "dịch vụ",
    "ngành",
    "khu vực",
    "tổ chức",
    "công ty",
    "mô hình",
    "nhóm",
    "bộ phận",
    "phần",
    "chương trình",
    "tập hợp",
    "lĩnh vực",
    "giai đoạn",
    "khái niệm",
    "thuật ngữ",
    "hoạt động",
];
const EN_DETERMINERS: &[&str] = &["a", "an", "the", "one"];

/// Words a defined term does not contain: it would be a clause, not a term.
const NOT_IN_TERM: &[&str] = &[
    "rằng",
    "nếu",
    "khi",
    "vì",
    "giữa",
    "khác biệt",
    "có thể",
    "không",
    "đã",
    "đang",
    "sẽ",
    "that",
    "if",
    "when",
    "because",
    "between",
    "difference",
    "can",
    "not",
    "which",
    "who",
    "what",
    "how",
    "why",
];

/// Words a definition's body does not start with: a description, not a kind.
const NOT_A_KIND: &[&str] = &["rất", "khá", "quá", "không", "very", "quite", "not", "so", "too", "also", "cũng"];

/// Lower case with the same byte offsets (markers found in it cut `s`).
fn lower(s: &str) -> String {
    crate::generate::sentences::lower_in_place(s)
}

/// Whether `s` is written like an acronym: two to eight capitals (digits
/// and `&` allowed), or such with a plural `s`.
pub(crate) fn is_acronym(s: &str) -> bool {
    let t = s.strip_suffix('s').filter(|t| t.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())).unwrap_or(s);
    let n = t.chars().count();
    (2..=8).contains(&n)
        && t.chars().filter(|c| c.is_uppercase()).count() >= 2
        && t.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
}

/// The text up to the first comma, semicolon, bracket or full stop.
fn phrase_end(s: &str) -> &str {
    let end = s.find([',', ';', '(', ')', '.', ':', '–', '—']).unwrap_or(s.len());
    s[..end].trim().trim_matches(['"', '“', '”', '\''])
}

/// Drops a leading "In this context, " / "Trong bối cảnh này, ".
fn without_lead_in(s: &str) -> &str {
    if let Some(i) = s.find(", ") {
        let head = &s[..i];
        let first = lower(head.split_whitespace().next().unwrap_or(""));
        let starters = [
            "trong",
            "tại",
            "theo",
            "với",
            "về",
            "ngày",
            "hiện",
            "in",
            "at",
            "for",
            "according",
            "today",
            "nowadays",
            "here",
            "ngược",
            "mặt",
            "trái",
            "tuy",
            "however",
            "on",
            "by",
            "conversely",
            "meanwhile",
        ];
        if word_count(head) <= 6 && starters.contains(&first.as_str()) {
            return &s[i + 2..];
        }
    }
    s
}

/// A term: one to eight words, starting with a letter or digit, without
/// words that make it a clause.
fn term_ok(term: &str) -> bool {
    let n = word_count(term);
    let l = lower(term);
    (1..=8).contains(&n)
        && term.chars().next().is_some_and(char::is_alphanumeric)
        && !needs_context(term)
        && !NOT_IN_TERM
            .iter()
            .any(|w| l.split_whitespace().collect::<Vec<_>>().windows(w.split(' ').count()).any(|x| x.join(" ") == *w))
}

/// The definition a sentence gives, if any.
#[cfg(test)]
pub(crate) fn definition(sentence: &str, lang: Lang) -> Option<Definition> {
    definitions(sentence, lang).into_iter().next()
}

/// The definitions a sentence gives: one, or two for "X is called Y, and
/// is a Z" ("BPO được gọi là gia công quy trình kinh doanh, là một phân
/// ngành ...").
pub(crate) fn definitions(sentence: &str, lang: Lang) -> Vec<Definition> {
    let s = without_lead_in(sentence.trim()).trim_end_matches(['.', '!', ' ']);
    if s.ends_with('?') {
        return Vec::new();
    }
    if let Some(d) = acronym(s, lang).or_else(|| refers(s, lang)) {
        return vec![d];
    }
    if let Some(d @ Definition::Called { .. }) = called(s, lang) {
        let mut out = vec![d.clone()];
        if let Definition::Called { term, name } = d
            && let Some(i) = s.find(name.as_str())
        {
            let rest = s[i + name.len()..].trim_start_matches([',', ' ']);
            let again = match lang {
                Lang::Vi => rest.strip_prefix("và ").unwrap_or(rest),
                Lang::En => rest.strip_prefix("and ").unwrap_or(rest),
            };
            if let Some(second) = is(&format!("{term} {again}"), lang) {
                out.push(second);
            }
        }
        return out;
    }
    is(s, lang).into_iter().collect()
}

fn acronym(s: &str, lang: Lang) -> Option<Definition> {
    let l = lower(s);
    let markers: &[&str] = match lang {
        Lang::Vi => &[" là viết tắt của ", " là từ viết tắt của ", " viết tắt của ", " là chữ viết tắt của "],
        Lang::En => &[
            " stands for ",
            " is short for ",
            " is an abbreviation for ",
            " is an abbreviation of ",
            " is an acronym for ",
            " is an acronym of ",
        ],
    };
    // "X là viết tắt của Y" / "X stands for Y".
    for m in markers {
        if let Some(i) = l.find(m) {
            let x = s[..i].trim().trim_start_matches(['(', '“', '"']);
            let y = phrase_end(s.get(i + m.len()..)?);
            let x = x.split_whitespace().last()?;
            if is_acronym(x) && word_count(y) >= 2 && word_count(y) <= 10 {
                return Some(Definition::Acronym { acronym: x.to_string(), expansion: y.to_string() });
            }
        }
    }
    // "Y (viết tắt là X)" / "Y (gọi tắt là X)" / "X (short for Y)".
    let open = s.find('(')?;
    let close = open + s[open..].find(')')?;
    let inside = s[open + 1..close].trim();
    let before = s[..open].trim();
    let li = lower(inside);
    for m in ["viết tắt là ", "gọi tắt là ", "viết tắt: ", "hay "] {
        if let Some(x) = li.strip_prefix(m).map(|_| inside[m.len()..].trim())
            && is_acronym(x)
        {
            let y = expansion_before(before, x, lang == Lang::En)?;
            return Some(Definition::Acronym { acronym: x.to_string(), expansion: y });
        }
    }
    for m in ["short for ", "viết tắt của "] {
        if let Some(y) = li.strip_prefix(m).map(|_| inside[m.len()..].trim()) {
            let x = before.split_whitespace().last()?;
            if is_acronym(x) && word_count(y) >= 2 {
                return Some(Definition::Acronym { acronym: x.to_string(), expansion: y.to_string() });
            }
        }
    }
    // "Business Process Outsourcing (BPO)": the initials must match.
    if is_acronym(inside) && lang == Lang::En {
        let y = expansion_before(before, inside, true)?;
        return Some(Definition::Acronym { acronym: inside.to_string(), expansion: y });
    }
    None
}

/// The words before an acronym in brackets that it stands for: as many
/// words as it has letters (small words like "of" not counted), whose
/// initials match when `initials` is asked; else the phrase after the last
/// comma.
fn expansion_before(before: &str, acronym: &str, initials: bool) -> Option<String> {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    let words: Vec<&str> = before.split_whitespace().collect();
    let small = ["of", "and", "the", "for", "to", "in", "on", "&"];
    let mut taken = Vec::new();
    let mut need = letters.len();
    for w in words.iter().rev() {
        if need == 0 {
            break;
        }
        taken.push(*w);
        if !small.contains(&lower(w).as_str()) {
            need -= 1;
        }
    }
    taken.reverse();
    if initials {
        let firsts: Vec<char> = taken
            .iter()
            .filter(|w| !small.contains(&lower(w).as_str()))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect();
        return (need == 0 && firsts == letters).then(|| taken.join(" "));
    }
    let phrase = before.rsplit(',').next()?.trim();
    let phrase = phrase.split(" là ").last()?.trim();
    (word_count(phrase) >= 2 && word_count(phrase) <= 10).then(|| phrase.to_string())
}

fn called(s: &str, lang: Lang) -> Option<Definition> {
    let l = lower(s);
    let markers: &[&str] = match lang {
        Lang::Vi => &[
            " được gọi là ",
            " còn được gọi là ",
            " còn gọi là ",
            ", hay còn gọi là ",
            ", còn gọi là ",
            " hay còn gọi là ",
        ],
        Lang::En => &[
            " is called ",
            " are called ",
            " is known as ",
            " are known as ",
            ", also known as ",
            ", also called ",
            ", or ",
        ],
    };
    // The earliest marker, the longest at one place ("còn được gọi là"
    // before "được gọi là").
    let mut found: Vec<(usize, &str)> = markers.iter().filter_map(|m| l.find(m).map(|i| (i, *m))).collect();
    found.sort_by_key(|(i, m)| (*i, std::cmp::Reverse(m.len())));
    for (i, m) in found {
        let term = s[..i].trim().trim_end_matches(',');
        let rest = &s[i + m.len()..];
        let name = phrase_end(rest);
        // "X, or Y," needs the closing comma: a plain "or" joins choices.
        if m == ", or " && !rest[name.len()..].trim_start().starts_with(',') {
            continue;
        }
        if term_ok(term) && (1..=8).contains(&word_count(name)) && !normalize_eq(term, name) {
            return Some(Definition::Called { term: term.to_string(), name: name.to_string() });
        }
    }
    None
}

fn normalize_eq(a: &str, b: &str) -> bool {
    crate::text::normalize(a) == crate::text::normalize(b)
}

fn refers(s: &str, lang: Lang) -> Option<Definition> {
    let l = lower(s);
    let markers: &[&str] = match lang {
        Lang::Vi => &[" đề cập đến ", " có nghĩa là ", " nghĩa là ", " là thuật ngữ chỉ "],
        Lang::En => &[" refers to ", " means "],
    };
    for m in markers {
        let Some(i) = l.find(m) else { continue };
        let term = s[..i].trim();
        let body = s[i + m.len()..].trim();
        if term_ok(term) && (3..=40).contains(&word_count(body)) {
            return Some(Definition::RefersTo { term: term.to_string(), body: body.to_string() });
        }
    }
    None
}

fn is(s: &str, lang: Lang) -> Option<Definition> {
    let l = lower(s);
    let (markers, determiners): (&[&str], &[&str]) = match lang {
        Lang::Vi => (&[" là "], VI_DETERMINERS),
        Lang::En => (&[" is ", " are "], EN_DETERMINERS),
    };
    let (i, m) = markers.iter().filter_map(|m| l.find(m).map(|i| (i, *m))).min()?;
    let term = s[..i].trim();
    let body = s[i + m.len()..].trim();
    let lb = lower(body);
    let starts_kind = determiners.iter().any(|d| lb == *d || lb.starts_with(&format!("{d} ")));
    let plural = m == " are ";
    let ok = term_ok(term)
        && starts_kind
        && !NOT_A_KIND.iter().any(|w| lb.starts_with(&format!("{w} ")))
        && (2..=40).contains(&word_count(body))
        // "The main difference is a price": a difference, not a term.
        && !lower(term).starts_with("the difference")
        && !contains_words(body, term);
    ok.then(|| Definition::Is { term: term.to_string(), body: body.to_string(), plural })
}

/// The definition cards of the article.
pub(crate) fn cards(cx: &Context<'_>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for s in sentences(cx.article) {
        if s.text.chars().count() > 400 || needs_context(s.text) {
            continue;
        }
        for (n, d) in definitions(s.text, cx.lang).into_iter().enumerate() {
            let explanation = cx.phrases.quote(s.text);
            let (content, score, key) = match d {
                Definition::Acronym { acronym, expansion } => (
                    Content::Typed {
                        question: cx.phrases.stands_for(&acronym),
                        answer: expansion.clone(),
                        accept: vec![],
                    },
                    10,
                    format!("{acronym} {expansion}"),
                ),
                Definition::Is { term, body, plural } => {
                    let question = cx.phrases.what_is(&question_term(cx, &term), plural);
                    (answer_card(question, &body), 8, format!("{term} {body}"))
                }
                Definition::Called { term, name } => (
                    Content::Typed {
                        question: cx.phrases.called(&question_term(cx, &term)),
                        answer: name.clone(),
                        accept: vec![],
                    },
                    8,
                    format!("{term} {name}"),
                ),
                Definition::RefersTo { term, body } => {
                    (answer_card(cx.phrases.refers_to(&cx.in_sentence(&term)), &body), 6, format!("{term} {body}"))
                }
            };
            let fits = match &content {
                Content::Basic { question, answer, .. } | Content::Typed { question, answer, .. } => {
                    question.chars().count() <= MAX_TEXT
                        && answer.chars().count() <= MAX_TEXT
                        && !contains_words(question, answer)
                }
                _ => false,
            };
            if fits {
                out.push(Candidate {
                    content,
                    explanation,
                    section: s.section,
                    at: (s.block, s.index),
                    maker: Maker::Definition,
                    score: score - i32::try_from(n).unwrap_or(0),
                    group: None,
                    alternative: None,
                    key,
                });
            }
        }
    }
    out
}

/// A term at the start of a question: in English lower-cased when it is
/// not a name ("What is outsourcing?"); in Vietnamese it starts the
/// sentence ("Tổng đài là gì?").
fn question_term(cx: &Context<'_>, term: &str) -> String {
    match cx.lang {
        Lang::Vi => upper_first(term),
        Lang::En => cx.in_sentence(term),
    }
}

/// A typed card when the answer is a few words, else a flashcard.
fn answer_card(question: String, body: &str) -> Content {
    // "…, v.v." / "…, etc.": the article's "and so on" is no part of an answer.
    let body = body.trim_end_matches(['.', ' ']);
    let body = ["v.v", "etc", "vân vân"]
        .iter()
        .find_map(|e| body.strip_suffix(e).map(|b| b.trim_end_matches([',', ' '])))
        .unwrap_or(body);
    let answer = upper_first(body);
    if word_count(&answer) <= 4 {
        Content::Typed { question, answer, accept: vec![] }
    } else {
        Content::Basic { question, answer, reverse: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acr(a: &str, e: &str) -> Option<Definition> {
        Some(Definition::Acronym { acronym: a.into(), expansion: e.into() })
    }

    #[test]
    fn acronyms_in_both_languages() {
        let vi = |s| definition(s, Lang::Vi);
        let en = |s| definition(s, Lang::En);
        assert_eq!(
            vi("BPO là viết tắt của Gia công quy trình kinh doanh."),
            acr("BPO", "Gia công quy trình kinh doanh")
        );
        assert_eq!(vi("Công nghệ thông tin (viết tắt là CNTT) phát triển nhanh."), acr("CNTT", "Công nghệ thông tin"));
        assert_eq!(en("BPO stands for business process outsourcing."), acr("BPO", "business process outsourcing"));
        assert_eq!(
            en("Many firms use Business Process Outsourcing (BPO) to cut costs."),
            acr("BPO", "Business Process Outsourcing")
        );
        assert_eq!(en("The Interactive Voice Response (IVR) answers first."), acr("IVR", "Interactive Voice Response"));
        // Initials that do not match are no expansion.
        assert_eq!(en("They met the board (CEO) on Monday."), None);
    }

    #[test]
    fn is_a_definitions_need_a_kind_after_the_verb() {
        assert_eq!(
            definition("Tổng đài là những khu vực nơi con người xử lý truy vấn.", Lang::Vi),
            Some(Definition::Is {
                term: "Tổng đài".into(),
                body: "những khu vực nơi con người xử lý truy vấn".into(),
                plural: false
            })
        );
        assert_eq!(
            definition("Outsourcing is the practice of hiring another company.", Lang::En),
            Some(Definition::Is {
                term: "Outsourcing".into(),
                body: "the practice of hiring another company".into(),
                plural: false
            })
        );
        // A description, a clause, or a pronoun: not a definition.
        assert_eq!(definition("Điều cần thiết là phải chọn phương tiện tốt.", Lang::Vi), None);
        assert_eq!(definition("Hiệu quả của lĩnh vực này là rất quan trọng.", Lang::Vi), None);
        assert_eq!(definition("It is a good idea.", Lang::En), None);
        assert_eq!(definition("The difference between them is a matter of scale.", Lang::En), None);
        // A lead-in phrase is dropped.
        assert!(matches!(
            definition("Trong bối cảnh này, thuê ngoài đề cập đến việc phân phối công việc.", Lang::Vi),
            Some(Definition::RefersTo { term, .. }) if term == "thuê ngoài"
        ));
    }

    #[test]
    fn a_name_and_a_kind_in_one_sentence() {
        assert_eq!(
            definitions(
                "BPO được gọi là gia công quy trình kinh doanh, là một phân ngành của ngành truyền thông.",
                Lang::Vi
            ),
            vec![
                Definition::Called { term: "BPO".into(), name: "gia công quy trình kinh doanh".into() },
                Definition::Is {
                    term: "BPO".into(),
                    body: "một phân ngành của ngành truyền thông".into(),
                    plural: false
                },
            ]
        );
    }

    #[test]
    fn and_so_on_is_no_part_of_an_answer() {
        assert_eq!(
            answer_card("Q?".into(), "các quy định, xử lý các nguồn vào và ra, v.v."),
            Content::Basic {
                question: "Q?".into(),
                answer: "Các quy định, xử lý các nguồn vào và ra".into(),
                reverse: false
            }
        );
        assert_eq!(
            answer_card("Q?".into(), "payroll, hiring, etc."),
            Content::Typed { question: "Q?".into(), answer: "Payroll, hiring".into(), accept: vec![] }
        );
    }

    #[test]
    fn other_names() {
        assert_eq!(
            definition("Business process outsourcing, or BPO, moves work abroad.", Lang::En),
            Some(Definition::Called { term: "Business process outsourcing".into(), name: "BPO".into() })
        );
        assert_eq!(
            definition("Tổng đài còn được gọi là trung tâm liên lạc.", Lang::Vi),
            Some(Definition::Called { term: "Tổng đài".into(), name: "trung tâm liên lạc".into() })
        );
        // "or" between choices is not another name.
        assert_eq!(definition("Customers call, or they write an email.", Lang::En), None);
    }
}
