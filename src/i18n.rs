//! The interface languages. Every string a learner sees during study exists
//! in Vietnamese and English; `ui` and `commands` pick by [`Lang`].

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
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

    /// From `LC_ALL`, `LC_MESSAGES`, `LANG` (the first that is set): `vi*` is
    /// Vietnamese, anything else English.
    pub(crate) fn from_locale_env() -> Lang {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Lang::from_locale(get("LC_ALL").or_else(|| get("LC_MESSAGES")).or_else(|| get("LANG")).as_deref())
    }

    pub(crate) fn from_locale(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.to_lowercase().starts_with("vi") => Lang::Vi,
            _ => Lang::En,
        }
    }

    /// Picks the string for this language.
    pub(crate) fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale(Some("vi_VN.UTF-8")), Lang::Vi);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }
}
