//! `learn.toml`: read with spans (toml_edit) and checked key by key, so a
//! misspelt key or a bad value is reported like a deck problem: file, line
//! and column, the line with a caret, and "did you mean". A missing file
//! means the defaults.

use std::collections::BTreeMap;
use std::path::Path;

use toml_edit::{Item, Table, Value};

use crate::deck::{Diagnostic, Location, SourceMap, suggest};
use crate::i18n::{Arg, Lang, Text, text};
use crate::schedule::{NewOrder, Settings, parse_span};

const TOP_KEYS: &[&str] = &["learner", "decks", "default_decks", "lang", "scheduler", "store"];
const SCHEDULER_KEYS: &[&str] = &[
    "desired_retention",
    "learning_steps",
    "relearning_steps",
    "maximum_interval",
    "fuzz",
    "new_per_day",
    "reviews_per_day",
    "leech_threshold",
    "parameters",
    "day_start_hour",
    "new_order",
];

/// The validated configuration.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub learner: Option<String>,
    /// What `learn run` studies with no DECK.
    pub decks: Vec<String>,
    pub lang: Option<String>,
    /// Where progress is kept: a PostgreSQL URL or a file (`store`).
    pub store: Option<String>,
    pub scheduler: Settings,
    /// Per-deck settings, already merged over `scheduler`.
    pub deck_scheduler: BTreeMap<String, Settings>,
}

/// Problems in a config file, each located; rendered like deck diagnostics.
#[derive(Debug, Clone)]
pub(crate) struct ConfigProblems(pub Vec<Diagnostic>);

impl ConfigProblems {
    /// Every problem, rendered in `lang`.
    pub(crate) fn render(&self, lang: Lang) -> String {
        self.0.iter().map(|d| d.render_in(lang)).collect::<Vec<_>>().join("\n")
    }
}

impl Config {
    /// Reads the config file; a missing file gives the defaults.
    pub(crate) fn load(path: &Path) -> Result<Config, ConfigProblems> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigProblems(vec![
                    Diagnostic::error(
                        &path.display().to_string(),
                        text!("could not read the config: {reason}", reason = crate::fsutil::io_reason_arg(&e)),
                    )
                    .help(text!("check the file's permissions, or move it aside to use the defaults")),
                ]));
            }
        };
        Config::parse(&text, &path.display().to_string())
    }

    /// Parses config text; `file` names it in messages. `decks` may be the
    /// list of default decks, or a table of per-deck settings (then the
    /// defaults go in `default_decks`).
    pub(crate) fn parse(text: &str, file: &str) -> Result<Config, ConfigProblems> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut cx = Reader { map: SourceMap::new(text), file, diags: Vec::new() };
        let doc = match toml_edit::Document::parse(text) {
            Ok(d) => d,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let msg = e.message().trim().trim_end_matches('.').to_string();
                cx.error(
                    Some(cx.map.locate(span.start, span.end)),
                    text!("TOML syntax: {detail}", detail = Arg::Maybe(msg)),
                    text!("fix the syntax at the marked place"),
                );
                return Err(ConfigProblems(cx.diags));
            }
        };
        let config = cx.config(doc.as_table());
        if cx.diags.is_empty() { Ok(config) } else { Err(ConfigProblems(cx.diags)) }
    }

    /// The settings for one deck: its own section, else `[scheduler]`.
    pub(crate) fn settings_for(&self, deck_id: &str) -> &Settings {
        self.deck_scheduler.get(deck_id).unwrap_or(&self.scheduler)
    }
}

struct Reader<'a> {
    map: SourceMap<'a>,
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn error(&mut self, location: Option<Location>, message: Text, help: Text) {
        self.diags.push(Diagnostic::error(self.file, message).at(location).help(help));
    }

    fn key_loc(&self, t: &Table, key: &str) -> Option<Location> {
        let span = t.key(key).and_then(|k| k.span()).or_else(|| t.span())?;
        Some(self.map.locate(span.start, span.end))
    }

    fn value_loc(&self, t: &Table, key: &str) -> Option<Location> {
        let span = t.get(key).and_then(Item::span).or_else(|| t.key(key).and_then(|k| k.span()))?;
        Some(self.map.locate(span.start, span.end))
    }

    /// Unknown keys of a table, each with "did you mean".
    fn unknown_keys(&mut self, t: &Table, known: &[&str], what: &str) {
        for (key, _) in t.iter() {
            if known.contains(&key) {
                continue;
            }
            let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            let help = match suggest(key, known) {
                Some(s) => text!("did you mean `{name}`?", name = s),
                None => text!("{what} takes {list}", what = what, list = list),
            };
            let loc = self.key_loc(t, key);
            self.error(loc, text!("unknown key `{key}` in {what}", key = key, what = what), help);
        }
    }

    fn string(&mut self, t: &Table, key: &str) -> Option<String> {
        let item = t.get(key)?;
        match item.as_str() {
            Some(s) => Some(s.trim().to_string()),
            None => {
                let loc = self.value_loc(t, key);
                self.error(
                    loc,
                    text!("`{key}` must be text in quotes", key = key),
                    text!("write it like {key} = \"...\"", key = key),
                );
                None
            }
        }
    }

    fn strings(&mut self, t: &Table, key: &str) -> Option<Vec<String>> {
        let item = t.get(key)?;
        let list = item.as_array().and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect());
        if list.is_none() {
            let loc = self.value_loc(t, key);
            self.error(
                loc,
                text!("`{key}` must be a list of text", key = key),
                text!("write it like {key} = [\"...\", \"...\"]", key = key),
            );
        }
        list
    }

    fn config(&mut self, root: &Table) -> Config {
        self.unknown_keys(root, TOP_KEYS, "learn.toml");
        let mut c = Config {
            learner: self.string(root, "learner").filter(|l| !l.is_empty()),
            lang: self.string(root, "lang"),
            store: self.string(root, "store").filter(|s| !s.trim().is_empty()),
            ..Config::default()
        };
        if let Some(l) = &c.lang
            && l != "vi"
            && l != "en"
        {
            let loc = self.value_loc(root, "lang");
            self.error(
                loc,
                text!("`lang = \"{lang}\"` is not offered", lang = l.as_str()),
                text!("use \"vi\" or \"en\""),
            );
        }
        let base = match root.get("scheduler") {
            Some(Item::Table(t)) => self.scheduler(t, Settings::default(), "[scheduler]"),
            Some(_) => {
                let loc = self.value_loc(root, "scheduler");
                self.error(loc, text!("`scheduler` must be a table"), text!("write it as a [scheduler] section"));
                Settings::default()
            }
            None => Settings::default(),
        };
        match root.get("decks") {
            Some(Item::Table(t)) => {
                for (id, item) in t.iter() {
                    let Some(deck) = item.as_table() else { continue };
                    self.unknown_keys(deck, &["scheduler"], &format!("[decks.{id}]"));
                    if let Some(Item::Table(s)) = deck.get("scheduler") {
                        let merged = self.scheduler(s, base.clone(), &format!("[decks.{id}.scheduler]"));
                        c.deck_scheduler.insert(id.to_string(), merged);
                    }
                }
                c.decks = self.strings(root, "default_decks").unwrap_or_default();
            }
            Some(_) => c.decks = self.strings(root, "decks").unwrap_or_default(),
            None => c.decks = self.strings(root, "default_decks").unwrap_or_default(),
        }
        c.scheduler = base;
        c
    }

    /// Reads a scheduler table over `base`; each bad value names its key,
    /// where it is and what is allowed.
    fn scheduler(&mut self, t: &Table, base: Settings, what: &str) -> Settings {
        self.unknown_keys(t, SCHEDULER_KEYS, what);
        let mut s = base;
        for (key, item) in t.iter() {
            if let Err(msg) = set(&mut s, key, item) {
                let loc = self.value_loc(t, key);
                self.error(
                    loc,
                    text!("{what} `{key}`: {problem}", what = what, key = key, problem = msg),
                    text!("change the value, or remove the line for the default"),
                );
            }
        }
        if let Err(e) = s.validate() {
            let loc = self.value_loc(t, e.key);
            self.error(
                loc,
                text!("{what} `{key}` {problem}", what = what, key = e.key, problem = e.message),
                text!("change the value, or remove the line for the default"),
            );
        }
        s
    }
}

fn number(item: &Item) -> Option<f64> {
    match item.as_value()? {
        Value::Integer(i) => Some(*i.value() as f64),
        Value::Float(f) => Some(*f.value()),
        _ => None,
    }
}

fn whole(item: &Item, max: i64) -> Result<u32, Text> {
    let n = item.as_integer().ok_or_else(|| text!("must be a whole number"))?;
    let range = || text!("is {n}; use a whole number from 0 to {max}", n = n, max = max);
    if n < 0 || n > max {
        return Err(range());
    }
    u32::try_from(n).map_err(|_| range())
}

fn spans(item: &Item) -> Result<Vec<i64>, Text> {
    let list = item.as_array().ok_or_else(|| text!("must be a list of spans, like [\"1m\", \"10m\"]"))?;
    list.iter()
        .map(|v| v.as_str().ok_or_else(|| text!("every step must be text, like \"10m\"")).and_then(parse_span))
        .collect()
}

/// Sets one scheduler key from its TOML value.
fn set(s: &mut Settings, key: &str, item: &Item) -> Result<(), Text> {
    match key {
        "desired_retention" => {
            s.desired_retention = number(item).ok_or_else(|| text!("must be a number, like 0.9"))?;
        }
        "learning_steps" => s.learning_steps = spans(item)?,
        "relearning_steps" => s.relearning_steps = spans(item)?,
        "maximum_interval" => s.maximum_interval = whole(item, 36_500)?,
        "fuzz" => s.fuzz = item.as_bool().ok_or_else(|| text!("must be true or false"))?,
        "new_per_day" => s.new_per_day = whole(item, 100_000)?,
        "reviews_per_day" => s.reviews_per_day = whole(item, 1_000_000)?,
        "leech_threshold" => s.leech_threshold = whole(item, 1000)?,
        "day_start_hour" => s.day_start_hour = whole(item, 23)?,
        "new_order" => {
            s.new_order = item
                .as_str()
                .and_then(NewOrder::from_name)
                .ok_or_else(|| text!("must be \"spread\", \"file\" or \"random\""))?;
        }
        "parameters" => {
            let list = item.as_array().ok_or_else(|| text!("must be a list of 21 numbers"))?;
            #[allow(clippy::cast_possible_truncation)] // FSRS weights are f32
            let weights: Option<Vec<f32>> = list
                .iter()
                .map(|v| match v {
                    Value::Integer(i) => Some(*i.value() as f32),
                    Value::Float(f) => Some(*f.value() as f32),
                    _ => None,
                })
                .collect();
            s.parameters = weights.ok_or_else(|| text!("must be a list of 21 numbers"))?;
        }
        _ => {} // reported as unknown
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigProblems> {
        Config::parse(text, "learn.toml")
    }

    #[test]
    fn product_example_parses() -> Result<(), ConfigProblems> {
        let c = parse(
            r#"
learner = "lan"
decks = ["bpo-vs-call-center.vi"]
[scheduler]
desired_retention = 0.85
learning_steps = ["1m", "10m", "1h"]
fuzz = false
"#,
        )?;
        assert_eq!(c.learner.as_deref(), Some("lan"));
        assert_eq!(c.decks, vec!["bpo-vs-call-center.vi"]);
        assert_eq!(c.scheduler.learning_steps, vec![60, 600, 3600]);
        assert!(!c.scheduler.fuzz);
        assert_eq!(c.scheduler.desired_retention, 0.85);
        Ok(())
    }

    #[test]
    fn per_deck_settings_merge_over_the_base() -> Result<(), ConfigProblems> {
        let c = parse(
            r#"
default_decks = ["a"]
[scheduler]
new_per_day = 5
[decks.a.scheduler]
desired_retention = 0.95
"#,
        )?;
        assert_eq!(c.decks, vec!["a"]);
        assert_eq!(c.settings_for("a").desired_retention, 0.95);
        assert_eq!(c.settings_for("a").new_per_day, 5);
        assert_eq!(c.settings_for("b").desired_retention, 0.9);
        Ok(())
    }

    #[test]
    fn a_misspelt_key_is_located_with_did_you_mean() {
        let e = parse("[scheduler]\nlearning_step = [\"1m\"]\n").err().map(|p| p.0).unwrap_or_default();
        assert_eq!(e.len(), 1);
        let d = &e[0];
        assert_eq!(d.location.as_ref().map(|l| (l.line, l.column)), Some((2, 1)));
        assert!(d.message_en().contains("unknown key `learning_step`"), "{}", d.message_en());
        assert_eq!(d.help.as_ref().map(Text::en).as_deref(), Some("did you mean `learning_steps`?"));
    }

    #[test]
    fn bad_values_name_the_key_the_place_and_the_range() {
        let e = parse("[scheduler]\ndesired_retention = 2.0\n").err().map(|p| p.0).unwrap_or_default();
        assert!(
            e[0].message_en().contains("desired_retention") && e[0].message_en().contains("0.70 to 0.99"),
            "{:?}",
            e[0]
        );
        assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2));
        let e = parse("[scheduler]\nlearning_steps = [\"5x\"]\n").err().map(|p| p.0).unwrap_or_default();
        assert!(
            e[0].message_en().contains("learning_steps") && e[0].message_en().contains("unknown unit"),
            "{:?}",
            e[0]
        );
        let e = parse("[scheduler]\nlearning_steps = [\"999999999999d\"]\n").err().map(|p| p.0).unwrap_or_default();
        assert!(e[0].message_en().contains("learning_steps"), "{:?}", e[0]);
        let e = parse("[scheduler]\nday_start_hour = 30\n").err().map(|p| p.0).unwrap_or_default();
        assert!(e[0].message_en().contains("0 to 23"), "{:?}", e[0]);
        let e = parse("lang = \"fr\"\n").err().map(|p| p.0).unwrap_or_default();
        assert!(e[0].message_en().contains("not offered"), "{:?}", e[0]);
    }
}
