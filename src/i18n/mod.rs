//! The interface languages and the message catalogue.
//!
//! Messages are written in English in the code, with named placeholders:
//! `t!(lang, "no deck `{spec}`", spec = s)`. The English text is the key;
//! each other language is one file mapping every key to its text
//! (`vi.rs`), so adding a language is adding a file. A test walks the
//! source: every message used has a translation with the same
//! placeholders, and every translation is used.
//!
//! Text that is made where the language is not known (deck diagnostics,
//! store errors) is kept as a [`Text`] — the key and its arguments — and
//! translated when it is shown.

mod vi;

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub(crate) fn from_locale(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.to_lowercase().starts_with("vi") => Lang::Vi,
            _ => Lang::En,
        }
    }
}

/// The message for `en` in `lang` (English itself when a translation is
/// missing, which the catalogue test forbids).
pub(crate) fn tr(lang: Lang, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Vi => vi_table().get(en).copied().unwrap_or(en),
    }
}

/// The message for a key known only at run time (a clap help text).
pub(crate) fn tr_dyn(lang: Lang, en: &str) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Vi => vi_table().get(en).copied(),
    }
}

fn vi_table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| vi::VI.iter().copied().collect())
}

/// Fills `{name}` placeholders from `args`; `{{` and `}}` are literal braces.
pub(crate) fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{'))
            && let Some((_, v)) = args.iter().find(|(k, _)| *k == &tail[1..end])
        {
            out.push_str(&v.to_string());
            rest = &tail[end + 1..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// `t!(lang, "English {name}", name = value)`: the message in `lang`.
macro_rules! t {
    ($lang:expr, $en:literal) => {
        $crate::i18n::fill($crate::i18n::tr($lang, $en), &[])
    };
    ($lang:expr, $en:literal, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::fill($crate::i18n::tr($lang, $en), &[$((stringify!($k), &$v as &dyn std::fmt::Display)),+])
    };
}
pub(crate) use t;

/// A message kept for later: its English key and its arguments, translated
/// when shown ([`Text::show`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Text`]: plain text (a name, a number), a message key
/// translated with the rest, or another message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    Plain(String),
    Key(&'static str),
    Text(Box<Text>),
    /// Text from elsewhere (a TOML parser's message), translated when the
    /// catalogue knows it.
    Maybe(String),
}

impl Arg {
    /// The argument in `lang`.
    pub(crate) fn show(&self, lang: Lang) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Key(key) => tr(lang, key).to_string(),
            Arg::Text(t) => t.show(lang),
            Arg::Maybe(s) => tr_dyn(lang, s).map_or_else(|| s.clone(), str::to_string),
        }
    }

    /// The argument in English, for messages shown without a language.
    pub(crate) fn plain_en(&self) -> String {
        match self {
            Arg::Plain(s) | Arg::Maybe(s) => s.clone(),
            Arg::Key(k) => (*k).to_string(),
            Arg::Text(t) => t.en(),
        }
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

/// A message key given as an argument, translated when the text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key(pub(crate) &'static str);

/// What can be an argument of a [`Text`].
pub(crate) trait IntoArg {
    fn into_arg(self) -> Arg;
}

macro_rules! plain_args {
    ($($t:ty),*) => {
        $(impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Plain(self.to_string())
            }
        })*
    };
}
plain_args!(&str, String, &String, usize, u32, u64, i64, f64, char);

impl IntoArg for Key {
    fn into_arg(self) -> Arg {
        Arg::Key(self.0)
    }
}

impl IntoArg for Text {
    fn into_arg(self) -> Arg {
        Arg::Text(Box::new(self))
    }
}

impl Text {
    pub(crate) fn new(key: &'static str, args: Vec<(&'static str, Arg)>) -> Text {
        Text { key, args }
    }

    /// The English key.
    pub(crate) fn key(&self) -> &'static str {
        self.key
    }

    /// The argument named `name`.
    pub(crate) fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(k, _)| *k == name).map(|(_, a)| a)
    }

    /// The message in `lang`.
    pub fn show(&self, lang: Lang) -> String {
        let shown: Vec<(&str, String)> = self.args.iter().map(|(k, a)| (*k, a.show(lang))).collect();
        let args: Vec<(&str, &dyn Display)> = shown.iter().map(|(k, v)| (*k, v as &dyn Display)).collect();
        fill(tr(lang, self.key), &args)
    }

    /// The English message (tests, logs).
    pub fn en(&self) -> String {
        self.show(Lang::En)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// `text!("English {name}", name = value)`: a [`Text`] to translate later.
macro_rules! text {
    ($en:literal) => {
        $crate::i18n::Text::new($en, Vec::new())
    };
    ($en:literal, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::Text::new($en, vec![$((stringify!($k), $crate::i18n::IntoArg::into_arg($v))),+])
    };
}
pub(crate) use text;

/// `msg!("English")`: a message key kept as it is, to be translated where it
/// is shown with [`tr`] (the catalogue test finds it here).
macro_rules! msg {
    ($en:literal) => {
        $en
    };
}
pub(crate) use msg;

/// `key!("a basic card")`: a message key as an argument of a [`Text`].
macro_rules! key {
    ($en:literal) => {
        $crate::i18n::Key($en)
    };
}
pub(crate) use key;

#[cfg(test)]
mod tests;
