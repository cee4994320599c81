//! The catalogue is whole: every message the code uses (`t!`, `text!`) and
//! every help text of the command line has a Vietnamese translation with the
//! same placeholders, and no translation is left without a use.

use std::collections::BTreeSet;
use std::path::Path;

use super::vi::VI;

/// The string literal that starts `s` (after `"`), unescaped enough to
/// compare with the catalogue keys (`\"`, `\\`, `\n`, line continuations).
fn literal(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\n' => {
                    // A line continuation: the next line's leading spaces go.
                    let rest: String = chars.clone().collect();
                    let trimmed = rest.trim_start_matches([' ', '\t']);
                    chars = s[s.len() - trimmed.len()..].chars();
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
}

/// Every message literal given to `t!` or `text!` under `src/`.
fn used_messages() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") && !p.to_string_lossy().contains("/i18n/") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                let starts = ["t!(", "text!(", "msg!(", "key!(", "tr("]
                    .iter()
                    .flat_map(|m| text.match_indices(m))
                    // `t!(` itself, not `format!(`; `tr(`, not `str(`.
                    .filter(|(i, _)| !text[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
                for (i, _) in starts {
                    // t!(lang, "…" …) or text!("…" …): the first string literal.
                    let after = &text[i..];
                    // The literal is the first argument, or follows the language.
                    if let Some(q) = after.find('"').filter(|&q| !after[..q].contains([';', ')']))
                        && let Some(lit) = literal(&after[q + 1..])
                    {
                        out.insert(lit);
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.remove("");
    out
}

/// The `{name}` placeholders of a template.
fn placeholders(s: &str) -> BTreeSet<String> {
    let s = s.replace("{{", "").replace("}}", "");
    s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name.to_string())).collect()
}

#[test]
fn every_message_has_a_vietnamese_translation_with_the_same_placeholders() {
    let keys: BTreeSet<&str> = VI.iter().map(|(k, _)| *k).collect();
    let mut missing = Vec::new();
    for m in used_messages() {
        if !keys.contains(m.as_str()) {
            missing.push(m);
        }
    }
    assert!(
        missing.is_empty(),
        "messages without a Vietnamese translation (add them to src/i18n/vi.rs):\n{missing:#?}"
    );
    let mut mismatched = Vec::new();
    for (en, vi) in VI {
        if placeholders(en) != placeholders(vi) {
            mismatched.push(format!("{en:?} -> {vi:?}"));
        }
    }
    assert!(mismatched.is_empty(), "placeholders differ:\n{}", mismatched.join("\n"));
}

#[test]
fn every_help_text_has_a_vietnamese_translation() {
    let missing = crate::cli::help_texts()
        .into_iter()
        .filter(|h| super::tr_dyn(super::Lang::Vi, h).is_none())
        .collect::<Vec<_>>();
    assert!(missing.is_empty(), "help texts without a Vietnamese translation (src/i18n/vi.rs):\n{missing:#?}");
}

#[test]
fn no_translation_is_left_unused_or_given_twice() {
    let used = used_messages();
    let help: BTreeSet<String> = crate::cli::help_texts().into_iter().collect();
    let mut unused = Vec::new();
    let mut seen = BTreeSet::new();
    let mut twice = Vec::new();
    for (en, _) in VI {
        if !seen.insert(*en) {
            twice.push(*en);
        }
        if !used.contains(*en) && !help.contains(*en) {
            unused.push(*en);
        }
    }
    assert!(twice.is_empty(), "keys given twice: {twice:#?}");
    assert!(unused.is_empty(), "translations nothing uses (remove them from src/i18n/vi.rs):\n{unused:#?}");
}

#[test]
fn placeholders_are_filled_by_name() {
    assert_eq!(super::fill("no deck `{spec}`: {hint}", &[("spec", &"x"), ("hint", &"h")]), "no deck `x`: h");
    assert_eq!(super::fill("braces {{c1::x}} stay", &[]), "braces {c1::x} stay");
    assert_eq!(super::fill("{unknown} stays", &[]), "{unknown} stays");
}
