//! "Now": the system clock, or a fixed time from `LEARN_NOW` so tests and
//! simulations can run days in seconds. Resolved once, in `context`.

use chrono::{DateTime, FixedOffset, Local, Utc};

/// Where the current time comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    /// The system clock and the system's time zone.
    System,
    /// A fixed instant (`LEARN_NOW`); its offset is taken as the local zone.
    Fixed(DateTime<FixedOffset>),
}

impl Clock {
    /// Reads `LEARN_NOW` (RFC 3339); absent or empty means the system clock.
    pub(crate) fn from_env_value(value: Option<&str>) -> Result<Clock, String> {
        match value.map(str::trim) {
            None | Some("") => Ok(Clock::System),
            Some(v) => DateTime::parse_from_rfc3339(v).map(Clock::Fixed).map_err(|e| {
                format!("LEARN_NOW=`{v}` is not an RFC 3339 time ({e}); use a form like 2026-03-01T09:00:00+07:00")
            }),
        }
    }

    /// The current instant.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => t.with_timezone(&Utc),
        }
    }

    /// The local zone's offset from UTC, in seconds, at `at`.
    pub(crate) fn local_offset_secs(&self, at: DateTime<Utc>) -> i32 {
        match self {
            Clock::System => at.with_timezone(&Local).offset().local_minus_utc(),
            Clock::Fixed(t) => t.offset().local_minus_utc(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_keeps_its_offset() -> Result<(), String> {
        let c = Clock::from_env_value(Some("2026-03-01T09:00:00+07:00"))?;
        assert_eq!(c.now().to_rfc3339(), "2026-03-01T02:00:00+00:00");
        assert_eq!(c.local_offset_secs(c.now()), 7 * 3600);
        Ok(())
    }

    #[test]
    fn bad_value_says_what_to_write() {
        let err = Clock::from_env_value(Some("yesterday")).unwrap_err();
        assert!(err.contains("RFC 3339"), "{err}");
    }
}
