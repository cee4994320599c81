//! Scheduler settings: what `[scheduler]` in `learn.toml` can set, with the
//! defaults PRODUCT.md gives. Validated here so the engine can trust them.

use std::fmt;

use crate::i18n::{Lang, Text, text};

/// FSRS-6 default weights (the 21 parameters), as py-fsrs and Anki ship them.
pub const DEFAULT_PARAMETERS: [f32; 21] = fsrs::DEFAULT_PARAMETERS;

/// Everything the engine needs to schedule one deck.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub desired_retention: f64,
    /// Learning steps, in seconds.
    pub learning_steps: Vec<i64>,
    /// Relearning steps, in seconds.
    pub relearning_steps: Vec<i64>,
    /// Longest interval, in days.
    pub maximum_interval: u32,
    pub fuzz: bool,
    pub new_per_day: u32,
    pub reviews_per_day: u32,
    pub leech_threshold: u32,
    /// The 21 FSRS weights.
    pub parameters: Vec<f32>,
    /// Hour (local time) at which a new study day starts, as in Anki.
    pub day_start_hour: u32,
    /// The order new cards are introduced in.
    pub new_order: NewOrder,
}

/// The order new cards come in (`new_order` in `learn.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NewOrder {
    /// Interleaved by the deck's `source` sections, never two cards of one
    /// group (a `group:` tag, a card's own sides) back to back.
    #[default]
    Spread,
    /// As in the deck file.
    File,
    /// Shuffled, the same way every day for a learner.
    Random,
}

impl NewOrder {
    pub fn from_name(s: &str) -> Option<NewOrder> {
        match s {
            "spread" => Some(NewOrder::Spread),
            "file" => Some(NewOrder::File),
            "random" => Some(NewOrder::Random),
            _ => None,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            desired_retention: 0.9,
            learning_steps: vec![60, 600],
            relearning_steps: vec![600],
            maximum_interval: 36500,
            fuzz: true,
            new_per_day: 20,
            reviews_per_day: 200,
            leech_threshold: 8,
            parameters: DEFAULT_PARAMETERS.to_vec(),
            day_start_hour: 4,
            new_order: NewOrder::Spread,
        }
    }
}

/// A setting that is out of range, with the key and what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingError {
    pub key: &'static str,
    pub message: Text,
}

impl SettingError {
    /// "`key` message", in `lang`.
    pub fn show(&self, lang: Lang) -> String {
        format!("`{}` {}", self.key, self.message.show(lang))
    }
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.show(Lang::En))
    }
}

impl Settings {
    /// Checks ranges; the engine relies on these holding.
    pub fn validate(&self) -> Result<(), SettingError> {
        let err = |key, message: Text| Err(SettingError { key, message });
        if !(0.7..=0.99).contains(&self.desired_retention) {
            return err(
                "desired_retention",
                text!("is {value}; use a value from 0.70 to 0.99", value = self.desired_retention),
            );
        }
        if self.maximum_interval == 0 {
            return err("maximum_interval", text!("must be at least 1 day"));
        }
        if self.parameters.len() != 21 {
            return err("parameters", text!("has {n} numbers; FSRS-6 takes exactly 21", n = self.parameters.len()));
        }
        if let Err(e) = fsrs::FSRS::new(&self.parameters) {
            return err("parameters", text!("are not accepted by FSRS: {problem}", problem = e.to_string()));
        }
        if self.day_start_hour > 23 {
            return err("day_start_hour", text!("must be an hour from 0 to 23"));
        }
        if self.leech_threshold == 0 {
            return err("leech_threshold", text!("must be at least 1"));
        }
        for (key, steps) in [("learning_steps", &self.learning_steps), ("relearning_steps", &self.relearning_steps)] {
            if let Some(s) = steps.iter().find(|s| **s > MAX_STEP_SECS) {
                return err(
                    key,
                    text!(
                        "has a step of {span}; a learning step can be at most 365d (longer gaps are FSRS's job)",
                        span = format_span(*s)
                    ),
                );
            }
        }
        Ok(())
    }
}

/// The longest learning or relearning step: a year.
pub(crate) const MAX_STEP_SECS: i64 = 365 * 86_400;

/// Parses a span such as `30s`, `1m`, `10m`, `1h`, `2d`, `1w` into seconds.
pub fn parse_span(span: &str) -> Result<i64, Text> {
    let t = span.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: i64 = num
        .parse()
        .map_err(|_| text!("`{span}` is not a time span; write it like 30s, 10m, 1h, 2d or 1w", span = span))?;
    let mult = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => {
            return Err(text!("`{span}` has an unknown unit; use s, m, h, d or w (for example 10m)", span = span));
        }
    };
    if n <= 0 {
        return Err(text!("`{span}` must be longer than zero", span = span));
    }
    n.checked_mul(mult).ok_or_else(|| text!("`{span}` is too long", span = span))
}

/// Formats seconds the way the interval buttons show them: `1m`, `10m`, `3d`, `2.1mo`.
pub fn format_span(secs: i64) -> String {
    let s = secs.max(0);
    // Whole units round to the nearest; months and years show one decimal.
    let round = |unit: i64| (s + unit / 2) / unit;
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", round(60))
    } else if s < 86_400 {
        format!("{}h", round(3600))
    } else if s < 30 * 86_400 {
        format!("{}d", round(86_400))
    } else if s < 365 * 86_400 {
        format!("{:.1}mo", s as f64 / (30.0 * 86_400.0))
    } else {
        format!("{:.1}y", s as f64 / (365.0 * 86_400.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_parse_and_reject() {
        assert_eq!(parse_span("1m"), Ok(60));
        assert_eq!(parse_span("10m"), Ok(600));
        assert_eq!(parse_span("2d"), Ok(172_800));
        assert!(parse_span("10").unwrap_err().en().contains("unknown unit"));
        assert!(parse_span("m").is_err());
        assert!(parse_span("0m").is_err());
    }

    #[test]
    fn spans_format_like_anki_buttons() {
        assert_eq!(format_span(60), "1m");
        assert_eq!(format_span(600), "10m");
        assert_eq!(format_span(3 * 86_400), "3d");
        assert_eq!(format_span(45 * 86_400), "1.5mo");
    }

    #[test]
    fn defaults_are_valid_and_ranges_checked() {
        assert_eq!(Settings::default().validate(), Ok(()));
        let s = Settings { desired_retention: 1.5, ..Settings::default() };
        assert_eq!(s.validate().unwrap_err().key, "desired_retention");
        let s = Settings { parameters: vec![1.0; 3], ..Settings::default() };
        assert_eq!(s.validate().unwrap_err().key, "parameters");
    }
}
