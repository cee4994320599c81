//! Reading one field of a table: required and optional strings, booleans
//! and lists, each wrong type or unknown key reported where it is.

use toml_edit::Table;

use super::suggest::{list, suggest, type_name, value_type_name};
use super::{ALL_CARD_FIELDS, Checker, Field};
use crate::deck::diagnostic::Location;
use crate::i18n::{Key, Text, text};

impl Checker<'_> {
    /// Reports the keys of `t` that are not allowed there. `what` names the
    /// table ("a `basic` card", "the [deck] table"); `card` says it is a card.
    pub(super) fn unknown_keys(
        &mut self,
        t: &Table,
        allowed: (&[&str], &[&str]),
        cid: Option<&str>,
        what: &Text,
        card: bool,
    ) {
        let (common, specific) = allowed;
        for (key, _) in t.iter() {
            if common.contains(&key) || specific.contains(&key) {
                continue;
            }
            let loc = self.key_loc(t, key);
            let candidates: Vec<&str> = common.iter().chain(specific).copied().collect();
            let (message, help) = if ALL_CARD_FIELDS.contains(&key) && card {
                (
                    text!("field `{key}` does not belong to {what}", key = key, what = what.clone()),
                    text!(
                        "remove it, or change `kind`; {what} takes {list}",
                        what = what.clone(),
                        list = list(&candidates)
                    ),
                )
            } else {
                let help = match suggest(key, &candidates) {
                    Some(s) => {
                        if !t.contains_key(s) {
                            self.typos.push(s.to_string());
                        }
                        text!("did you mean `{name}`?", name = s)
                    }
                    None => text!("{what} takes {list}", what = what.clone(), list = list(&candidates)),
                };
                (text!("unknown field `{key}`", key = key), help)
            };
            self.error(loc, cid, message, help);
        }
    }

    pub(super) fn field<'t>(&self, t: &'t Table, key: &str) -> Option<Field<'t>> {
        t.get(key).map(|item| Field { item, loc: self.value_loc(t, key) })
    }

    /// A required, non-blank string; `what` names its table ("a basic card").
    pub(super) fn req_string(
        &mut self,
        t: &Table,
        key: &str,
        cid: Option<&str>,
        what: Key,
    ) -> Option<(String, Location)> {
        match self.field(t, key) {
            None => {
                let loc = self.loc_of_span(t.span());
                if self.typos.iter().any(|t| t == key) {
                    // Already reported as a misspelt field with a "did you mean".
                    return None;
                }
                self.error(
                    loc,
                    cid,
                    text!("{what} is missing `{key}`", what = what, key = key),
                    text!("add `{key} = \"...\"`", key = key),
                );
                None
            }
            Some(f) => {
                let s = self.string_value(&f, key, cid)?;
                if s.trim().is_empty() {
                    self.error(
                        f.loc,
                        cid,
                        text!("`{key}` is blank", key = key),
                        text!("write the {key} text between the quotes", key = key),
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
            Some(s) => Some(super::fast::normalized(s)),
            None => {
                self.error(
                    f.loc.clone(),
                    cid,
                    text!("`{key}` must be a string, found {found}", key = key, found = Key(type_name(f.item))),
                    text!("write it in quotes: {key} = \"...\"", key = key),
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
                    text!("`{key}` must be true or false, found {found}", key = key, found = Key(type_name(f.item))),
                    text!("write `{key} = true` or `{key} = false`, without quotes", key = key),
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
                text!("`{key}` must be a list of strings, found {found}", key = key, found = Key(type_name(f.item))),
                text!("write it as a list: {key} = [\"first\", \"second\"]", key = key),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for v in arr.iter() {
            match v.as_str() {
                Some(s) => out.push(super::fast::normalized(s)),
                None => {
                    let loc = self.loc_of_span(v.span());
                    self.error(
                        loc,
                        cid,
                        text!(
                            "every entry of `{key}` must be a string, found {found}",
                            key = key,
                            found = Key(value_type_name(v))
                        ),
                        text!("put each entry in quotes"),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}
