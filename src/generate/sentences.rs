//! Splitting a paragraph into sentences, in Vietnamese and English. A full stop ends a sentence only when what
//! follows starts one (a capital, a digit, an opening quote); abbreviations
//! that never end one (`Dr.`, `e.g.`, `TS.`, `TP.`), initials (`J. K.`),
//! decimals (`3.5`), list markers inside a line (`1. ... 2. ...`) and
//! bullets (`•`) are handled. Pure functions over `&str`.

/// Abbreviations after which a full stop does not end the sentence, lower
/// case, without their final dot: titles and "for example" forms, in both
/// languages (`TS.` tiến sĩ, `ThS.` thạc sĩ, `GS.` giáo sư, `TP.` thành phố).
const NEVER_END: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "vs", "e.g", "i.e", "cf", "no", "nos", "fig", "vol", "pp", "p",
    "approx", "ca", "mt", "ts", "ths", "gs", "pgs", "bs", "ks", "tp", "q", "tt", "th.s", "ng",
];

/// Whether `c` may start a sentence.
fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || "“\"‘'(«[".contains(c)
}

/// The sentences of a paragraph, trimmed, in order. Line breaks count as
/// spaces; a bullet (`•`, `▪`, `◦`) always starts a new sentence.
pub(crate) fn split(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in text.split(['•', '▪', '◦']) {
        split_piece(piece, &mut out);
    }
    out
}

fn split_piece(text: &str, out: &mut Vec<String>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        // The run of closing punctuation that ends the sentence.
        let mut j = i + 1;
        while j < chars.len() && ".!?…”\"’')]»".contains(chars[j].1) {
            j += 1;
        }
        if j < chars.len() && !chars[j].1.is_whitespace() {
            i = j.max(i + 1);
            continue;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        let end_byte = chars.get(j).map_or(text.len(), |(b, _)| *b);
        let next = chars.get(k).map(|(_, c)| *c);
        let ends = match next {
            None => true,
            Some(n) if !starts_sentence(n) => false,
            Some(_) => c != '.' || !abbreviation_before(text, at) && !list_marker_before(text, at),
        };
        if ends {
            push(out, &text[start..end_byte]);
            start = chars.get(k).map_or(text.len(), |(b, _)| *b);
        }
        i = j.max(i + 1);
    }
    push(out, &text[start..]);
}

fn push(out: &mut Vec<String>, s: &str) {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t.trim_start_matches(['-', '*', '–', '·']).trim();
    if t.chars().any(char::is_alphanumeric) {
        out.push(t.to_string());
    }
}

/// The word ending at the full stop at byte `at` is an abbreviation that
/// does not end a sentence, or an initial (`J.`), or a dotted acronym
/// (`U.S.`).
fn abbreviation_before(text: &str, at: usize) -> bool {
    let before = &text[..at];
    // After the separator, whatever its width in bytes (“ is three).
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || "(“\"'‘[".contains(*c))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if NEVER_END.contains(&lower.as_str()) {
        return true;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    // An initial: one capital letter (J. K. Rowling).
    if word.chars().count() == 1 && letters.len() == 1 && letters[0].is_uppercase() {
        return true;
    }
    // A dotted acronym or abbreviation: U.S, e.g (letters between dots).
    let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2 && !p.is_empty());
    // `v.v.` (Vietnamese "etc.") and `etc.` do end a sentence before a capital.
    if lower == "v.v" || lower == "etc" {
        return false;
    }
    dotted
}

/// A number of one or two digits at the start of the text or after a colon
/// or another marker: "Có 3 bước: 1. Chuẩn bị. 2. ..." — the `1.` is a
/// list marker, not the end of a sentence.
fn list_marker_before(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let digits = before.chars().rev().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return false;
    }
    let rest = before[..before.len() - digits].trim_end();
    rest.is_empty() || rest.ends_with([':', ';']) || rest.ends_with('.') && rest.len() < before.len() - digits
}

/// Number of words (whitespace-separated tokens with a letter or digit).
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The sentence as a statement: first letter capital, one final full stop.
pub(crate) fn as_statement(s: &str) -> String {
    let t = s.trim().trim_end_matches([',', ';', ':', '.', ' ', '–', '—']).trim();
    let mut out = upper_first(t);
    if !out.ends_with(['?', '!', '…']) {
        out.push('.');
    }
    out
}

/// `s` in lower case where that keeps every byte offset (a letter whose
/// lower case has another length stays as it is): a marker found in the
/// result cuts the original at the same place.
pub(crate) fn lower_in_place(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
                _ => c,
            }
        })
        .collect()
}

/// `s` with its first letter in upper case.
pub(crate) fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `s` with its first letter in lower case, unless the first word is an
/// acronym or a name (a capital after its first letter: `BPO`, `McKinsey`).
pub(crate) fn lower_first(s: &str) -> String {
    let first_word: String = s.chars().take_while(|c| c.is_alphanumeric()).collect();
    if first_word.chars().skip(1).any(char::is_uppercase) || first_word.chars().count() == 1 {
        return s.to_string();
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_abbreviations_decimals_and_initials() {
        assert_eq!(
            split(
                "Dr. Smith earned 3.5 million dollars in 2020. The U.S. market grew, e.g. in Ohio. J. K. Rowling agreed!"
            ),
            vec![
                "Dr. Smith earned 3.5 million dollars in 2020.",
                "The U.S. market grew, e.g. in Ohio.",
                "J. K. Rowling agreed!"
            ]
        );
        assert_eq!(
            split("It costs approx. five dollars. Really?  Yes."),
            vec!["It costs approx. five dollars.", "Really?", "Yes."]
        );
        // `etc.` ends a sentence before a capital, not before a lower-case word.
        assert_eq!(
            split("They sell pens, ink, etc. Most buyers are schools. Tea, coffee, etc. are sold too."),
            vec!["They sell pens, ink, etc.", "Most buyers are schools.", "Tea, coffee, etc. are sold too."]
        );
    }

    #[test]
    fn a_quote_before_a_full_stop_is_not_cut_inside() {
        assert_eq!(split("“. (0"), vec!["(0".to_string()]);
        assert_eq!(split("Ông nói “TS. Lan đến.” Rồi đi."), vec!["Ông nói “TS. Lan đến.”", "Rồi đi."]);
    }

    #[test]
    fn vietnamese_abbreviations_and_quotes() {
        assert_eq!(
            split(
                "Nhân sự, kế toán, v.v. Hầu hết tổng đài dựa vào điện thoại. TS. Lan sống ở TP. Huế với 2,5 triệu dân."
            ),
            vec![
                "Nhân sự, kế toán, v.v.",
                "Hầu hết tổng đài dựa vào điện thoại.",
                "TS. Lan sống ở TP. Huế với 2,5 triệu dân."
            ]
        );
        assert_eq!(
            split("Cô nói: “Đây là BPO.” Sau đó cô đi. Đúng không?"),
            vec!["Cô nói: “Đây là BPO.”", "Sau đó cô đi.", "Đúng không?"]
        );
    }

    #[test]
    fn bullets_and_list_markers_in_a_line() {
        assert_eq!(
            split("Ưu điểm: • chi phí thấp • chất lượng cao"),
            vec!["Ưu điểm:", "chi phí thấp", "chất lượng cao"]
        );
        assert_eq!(
            split("There are two steps: 1. Plan the work. 2. Do it. Then rest."),
            vec!["There are two steps: 1. Plan the work.", "2. Do it.", "Then rest."]
        );
        assert_eq!(split("Sales rose in 2019. Costs fell."), vec!["Sales rose in 2019.", "Costs fell."]);
    }

    #[test]
    fn statements_and_case() {
        assert_eq!(as_statement("các trung tâm cuộc gọi xử lý cuộc gọi,"), "Các trung tâm cuộc gọi xử lý cuộc gọi.");
        assert_eq!(lower_first("Outsourcing is"), "outsourcing is");
        assert_eq!(lower_first("BPO is"), "BPO is");
        assert_eq!(upper_first("đà nẵng"), "Đà nẵng");
        assert_eq!(word_count("Hai loại – BPO và tổng đài"), 6);
    }
}
