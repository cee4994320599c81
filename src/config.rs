//! `<home>/learn.toml`: read in two stages, `RawConfig` (serde, unknown keys
//! refused) then a validated `Config`. A missing file means the defaults.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::schedule::{Settings, parse_span};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    learner: Option<String>,
    decks: Option<Vec<String>>,
    lang: Option<String>,
    scheduler: Option<RawScheduler>,
}

/// The file's top level when `decks` is a table (`[decks.<id>.scheduler]`)
/// rather than the list of default decks; TOML cannot have both under one
/// key, so with per-deck tables the default decks go in `default_decks`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfigWithDeckTables {
    learner: Option<String>,
    lang: Option<String>,
    #[serde(default)]
    default_decks: Option<Vec<String>>,
    scheduler: Option<RawScheduler>,
    #[serde(default)]
    decks: BTreeMap<String, RawDeckConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeckConfig {
    scheduler: Option<RawScheduler>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheduler {
    desired_retention: Option<f64>,
    learning_steps: Option<Vec<String>>,
    relearning_steps: Option<Vec<String>>,
    maximum_interval: Option<u32>,
    fuzz: Option<bool>,
    new_per_day: Option<u32>,
    reviews_per_day: Option<u32>,
    leech_threshold: Option<u32>,
    parameters: Option<Vec<f32>>,
    day_start_hour: Option<u32>,
}

/// The validated configuration.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub learner: Option<String>,
    /// What `learn run` studies with no DECK.
    pub decks: Vec<String>,
    pub lang: Option<String>,
    pub scheduler: Settings,
    /// Per-deck settings, already merged over `scheduler`.
    pub deck_scheduler: BTreeMap<String, Settings>,
}

impl Config {
    /// Reads the config file; a missing file gives the defaults.
    pub(crate) fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io("read the config", path, e)),
        };
        Config::parse(&text).map_err(|msg| Error::Config(format!("in `{}`: {msg}", path.display())))
    }

    /// Parses config text. `decks` may be a list of default decks, or a table
    /// of per-deck settings (then the defaults go in `default_decks`).
    pub(crate) fn parse(text: &str) -> Result<Config, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let decks_is_table =
            toml::from_str::<toml::Table>(text).map_err(|e| e.to_string())?.get("decks").is_some_and(|v| v.is_table());
        let (learner, lang, list, sched, per_deck) = if decks_is_table {
            let raw: RawConfigWithDeckTables = toml::from_str(text).map_err(|e| e.to_string())?;
            let per: Vec<(String, Option<RawScheduler>)> =
                raw.decks.into_iter().map(|(k, v)| (k, v.scheduler)).collect();
            (raw.learner, raw.lang, raw.default_decks, raw.scheduler, per)
        } else {
            let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string())?;
            (raw.learner, raw.lang, raw.decks, raw.scheduler, Vec::new())
        };
        let base = apply(Settings::default(), sched.as_ref()).map_err(|e| format!("[scheduler] {e}"))?;
        let mut deck_scheduler = BTreeMap::new();
        for (id, s) in per_deck {
            let merged = apply(base.clone(), s.as_ref()).map_err(|e| format!("[decks.{id}.scheduler] {e}"))?;
            deck_scheduler.insert(id, merged);
        }
        if let Some(l) = &lang
            && l != "vi"
            && l != "en"
        {
            return Err(format!("`lang = \"{l}\"` is not offered; use \"vi\" or \"en\""));
        }
        Ok(Config {
            learner: learner.filter(|l| !l.trim().is_empty()),
            decks: list.unwrap_or_default(),
            lang,
            scheduler: base,
            deck_scheduler,
        })
    }

    /// The settings for one deck: its own section, else `[scheduler]`.
    pub(crate) fn settings_for(&self, deck_id: &str) -> &Settings {
        self.deck_scheduler.get(deck_id).unwrap_or(&self.scheduler)
    }
}

fn apply(mut s: Settings, raw: Option<&RawScheduler>) -> Result<Settings, String> {
    let Some(r) = raw else { return Ok(s) };
    let steps = |key: &str, v: &Vec<String>| -> Result<Vec<i64>, String> {
        v.iter().map(|x| parse_span(x).map_err(|e| format!("`{key}`: {e}"))).collect()
    };
    if let Some(v) = r.desired_retention {
        s.desired_retention = v;
    }
    if let Some(v) = &r.learning_steps {
        s.learning_steps = steps("learning_steps", v)?;
    }
    if let Some(v) = &r.relearning_steps {
        s.relearning_steps = steps("relearning_steps", v)?;
    }
    if let Some(v) = r.maximum_interval {
        s.maximum_interval = v;
    }
    if let Some(v) = r.fuzz {
        s.fuzz = v;
    }
    if let Some(v) = r.new_per_day {
        s.new_per_day = v;
    }
    if let Some(v) = r.reviews_per_day {
        s.reviews_per_day = v;
    }
    if let Some(v) = r.leech_threshold {
        s.leech_threshold = v;
    }
    if let Some(v) = &r.parameters {
        s.parameters = v.clone();
    }
    if let Some(v) = r.day_start_hour {
        s.day_start_hour = v;
    }
    s.validate().map_err(|e| e.to_string())?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_example_parses() -> Result<(), String> {
        let c = Config::parse(
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
    fn per_deck_settings_merge_over_the_base() -> Result<(), String> {
        let c = Config::parse(
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
    fn unknown_keys_and_bad_values_are_named() {
        let e = Config::parse("[scheduler]\ndesired_retenton = 0.9\n").unwrap_err();
        assert!(e.contains("desired_retenton"), "{e}");
        let e = Config::parse("[scheduler]\ndesired_retention = 2.0\n").unwrap_err();
        assert!(e.contains("desired_retention"), "{e}");
        let e = Config::parse("[scheduler]\nlearning_steps = [\"5x\"]\n").unwrap_err();
        assert!(e.contains("learning_steps"), "{e}");
    }
}
