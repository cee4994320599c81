//! Which language a body of text is in, for decks imported without one:
//! Vietnamese is told by its letters (ă â đ ê ô ơ ư and the tone marks,
//! which no other common language combines), English by its most common
//! words. Anything else is `und` (undetermined), as before.

use unicode_normalization::UnicodeNormalization;

/// Letters found in Vietnamese and (together) in no other language a
/// learner is likely to import: the base letters with a breve, circumflex,
/// horn or stroke, and the vowels with a dot below or hook above.
fn vietnamese_letter(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'đ' | 'ê' | 'ô' | 'ơ' | 'ư' | 'Ă' | 'Â' | 'Đ' | 'Ê' | 'Ô' | 'Ơ' | 'Ư')
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

/// Words that make up a good share of any English text.
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "a", "an", "that", "for", "it", "as", "with", "was", "on", "are", "by",
    "this", "be", "or", "from", "at", "which", "what", "how", "why", "who", "not", "can", "their", "its", "you",
];

/// `vi`, `en` or `und` for these texts (the fields of a deck's cards).
pub(crate) fn detect_language<'a>(texts: impl IntoIterator<Item = &'a str>) -> &'static str {
    let (mut fields, mut with_vietnamese) = (0usize, 0usize);
    let (mut words, mut english) = (0usize, 0usize);
    for t in texts {
        let t: String = t.nfc().collect();
        fields += 1;
        if t.chars().any(vietnamese_letter) {
            with_vietnamese += 1;
        }
        for w in t.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
            words += 1;
            if ENGLISH.contains(&w.to_lowercase().as_str()) {
                english += 1;
            }
        }
    }
    // A fifth of the fields with Vietnamese letters: a Vietnamese deck (a
    // vocabulary deck with English on one side is one too).
    if fields > 0 && with_vietnamese * 5 >= fields {
        "vi"
    } else if words >= 20 && english * 10 >= words {
        "en"
    } else {
        "und"
    }
}

#[cfg(test)]
mod tests {
    use super::detect_language;

    #[test]
    fn vietnamese_is_told_by_its_letters() {
        assert_eq!(detect_language(["xin chào", "hello", "cảm ơn", "thank you"]), "vi");
        // Decomposed marks (NFD) count too.
        assert_eq!(detect_language(["Ha\u{0300} No\u{0323}i"]), "vi");
        // French and German letters are not Vietnamese.
        assert_eq!(detect_language(["le café est très bon", "über den Fluß"]), "und");
    }

    #[test]
    fn english_is_told_by_its_common_words() {
        let texts = [
            "What is the capital of Australia?",
            "Canberra, which was chosen as a compromise between Sydney and Melbourne.",
            "The boiling point of water at sea level is 100 degrees.",
        ];
        assert_eq!(detect_language(texts), "en");
        assert_eq!(detect_language(["Hund", "Katze", "Maus", "Haus"]), "und");
        assert_eq!(detect_language(std::iter::empty()), "und");
    }
}
