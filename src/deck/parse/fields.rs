//! Reading one field of a table: required and optional strings, booleans
//! and lists, each wrong type or unknown key reported where it is.

use toml_edit::Table;
use unicode_normalization::UnicodeNormalization;

use super::suggest::{list, suggest, type_name, value_type_name};
use super::{ALL_CARD_FIELDS, Checker, Field};
use crate::deck::diagnostic::Location;

impl Checker<'_> {
    pub(super) fn unknown_keys(
        &mut self,
        t: &Table,
        common: &[&str],
        specific: &[&str],
        cid: Option<&str>,
        what: &str,
    ) {
        for (key, _) in t.iter() {
            if common.contains(&key) || specific.contains(&key) {
                continue;
            }
            let loc = self.key_loc(t, key);
            let candidates: Vec<&str> = common.iter().chain(specific).copied().collect();
            let (message, help) = if ALL_CARD_FIELDS.contains(&key) && what.contains("card") {
                (
                    format!("field `{key}` does not belong to {what}"),
                    format!("remove it, or change `kind`; {what} takes {}", list(&candidates)),
                )
            } else {
                let help = match suggest(key, &candidates) {
                    Some(s) => {
                        if !t.contains_key(s) {
                            self.typos.push(s.to_string());
                        }
                        format!("did you mean `{s}`?")
                    }
                    None => format!("{what} takes {}", list(&candidates)),
                };
                (format!("unknown field `{key}`"), help)
            };
            self.error(loc, cid, message, help);
        }
    }

    pub(super) fn field<'t>(&self, t: &'t Table, key: &str) -> Option<Field<'t>> {
        t.get(key).map(|item| Field { item, loc: self.value_loc(t, key) })
    }

    pub(super) fn req_string(
        &mut self,
        t: &Table,
        key: &str,
        cid: Option<&str>,
        what: &str,
    ) -> Option<(String, Location)> {
        match self.field(t, key) {
            None => {
                let loc = self.loc_of_span(t.span());
                if self.typos.iter().any(|t| t == key) {
                    // Already reported as a misspelt field with a "did you mean".
                    return None;
                }
                self.error(loc, cid, format!("{what} is missing `{key}`"), format!("add `{key} = \"...\"`"));
                None
            }
            Some(f) => {
                let s = self.string_value(&f, key, cid)?;
                if s.trim().is_empty() {
                    self.error(
                        f.loc,
                        cid,
                        format!("`{key}` is blank"),
                        format!("write the {key} text between the quotes"),
                    );
                    return None;
                }
                Some((s, f.loc))
            }
        }
    }

    pub(super) fn opt_string(&mut self, t: &Table, key: &str, cid: Option<&str>) -> Option<String> {
        let f = self.field(t, key)?;
        self.string_value(&f, key, cid).filter(|s| !s.trim().is_empty())
    }

    pub(super) fn string_value(&mut self, f: &Field<'_>, key: &str, cid: Option<&str>) -> Option<String> {
        match f.item.as_str() {
            Some(s) => Some(s.trim().nfc().collect()),
            None => {
                self.error(
                    f.loc.clone(),
                    cid,
                    format!("`{key}` must be a string, found {}", type_name(f.item)),
                    format!("write it in quotes: {key} = \"...\""),
                );
                None
            }
        }
    }

    pub(super) fn opt_bool(&mut self, t: &Table, key: &str, cid: Option<&str>) -> Option<bool> {
        let f = self.field(t, key)?;
        match f.item.as_bool() {
            Some(b) => Some(b),
            None => {
                self.error(
                    f.loc,
                    cid,
                    format!("`{key}` must be true or false, found {}", type_name(f.item)),
                    format!("write `{key} = true` or `{key} = false`, without quotes"),
                );
                None
            }
        }
    }

    pub(super) fn opt_strings(&mut self, t: &Table, key: &str, cid: Option<&str>) -> Option<Vec<String>> {
        let f = self.field(t, key)?;
        let Some(arr) = f.item.as_array() else {
            self.error(
                f.loc,
                cid,
                format!("`{key}` must be a list of strings, found {}", type_name(f.item)),
                format!("write it as a list: {key} = [\"first\", \"second\"]"),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for v in arr.iter() {
            match v.as_str() {
                Some(s) => out.push(s.trim().nfc().collect()),
                None => {
                    let loc = self.loc_of_span(v.span());
                    self.error(
                        loc,
                        cid,
                        format!("every entry of `{key}` must be a string, found {}", value_type_name(v)),
                        "put each entry in quotes",
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}
