//! "Now": the system clock, or a fixed time from `LEARN_NOW` so tests and
//! simulations can run days in seconds. With `LEARN_NOW_STEP` as well, the
//! fixed clock moves on by that span after every answer, so one session can
//! cross a day boundary in a test. Resolved once, in `context`.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, FixedOffset, Local, Utc};

/// Where the current time comes from.
#[derive(Debug, Clone)]
pub(crate) enum Clock {
    /// The system clock and the system's time zone.
    System,
    /// A fixed instant (`LEARN_NOW`); its offset is taken as the local zone.
    /// `step` (`LEARN_NOW_STEP`) is added once per [`Clock::advance`].
    Fixed { start: DateTime<FixedOffset>, step: Duration, ticks: Arc<AtomicI64> },
}

impl Clock {
    /// Reads `LEARN_NOW` (RFC 3339) and `LEARN_NOW_STEP` (a span such as
    /// `5m`); an absent or empty `LEARN_NOW` means the system clock.
    pub(crate) fn from_env_values(now: Option<&str>, step: Option<&str>) -> Result<Clock, String> {
        let start = match now.map(str::trim) {
            None | Some("") => return Ok(Clock::System),
            Some(v) => DateTime::parse_from_rfc3339(v).map_err(|e| {
                format!("LEARN_NOW=`{v}` is not an RFC 3339 time ({e}); use a form like 2026-03-01T09:00:00+07:00")
            })?,
        };
        let step = match step.map(str::trim) {
            None | Some("") => Duration::zero(),
            Some(v) => Duration::seconds(crate::schedule::parse_span(v).map_err(|e| format!("LEARN_NOW_STEP: {e}"))?),
        };
        Ok(Clock::Fixed { start, step, ticks: Arc::new(AtomicI64::new(0)) })
    }

    /// Reads `LEARN_NOW` alone.
    #[cfg(test)]
    pub(crate) fn from_env_value(value: Option<&str>) -> Result<Clock, String> {
        Clock::from_env_values(value, None)
    }

    /// The current instant.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed { start, step, ticks } => {
                let t = start.with_timezone(&Utc);
                let n = i32::try_from(ticks.load(Ordering::Relaxed)).unwrap_or(i32::MAX);
                step.checked_mul(n).and_then(|d| t.checked_add_signed(d)).unwrap_or(t)
            }
        }
    }

    /// After an answer: a stepping fixed clock moves on (the system clock
    /// moves by itself).
    pub(crate) fn advance(&self) {
        if let Clock::Fixed { ticks, .. } = self {
            ticks.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A number that is the same for the same fixed clock (seeds option order).
    pub(crate) fn fixed_seed(&self) -> Option<u64> {
        match self {
            Clock::System => None,
            Clock::Fixed { start, .. } => Some(start.timestamp().unsigned_abs()),
        }
    }

    /// The local zone's offset from UTC, in seconds, at `at`.
    pub(crate) fn local_offset_secs(&self, at: DateTime<Utc>) -> i32 {
        match self {
            Clock::System => at.with_timezone(&Local).offset().local_minus_utc(),
            Clock::Fixed { start, .. } => start.offset().local_minus_utc(),
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
    fn a_stepping_clock_moves_on_after_each_answer() -> Result<(), String> {
        let c = Clock::from_env_values(Some("2026-03-01T03:50:00+07:00"), Some("5m"))?;
        let t0 = c.now();
        c.advance();
        c.clone().advance();
        assert_eq!(c.now() - t0, Duration::minutes(10), "clones share the clock");
        Ok(())
    }

    #[test]
    fn bad_value_says_what_to_write() {
        let err = Clock::from_env_value(Some("yesterday")).unwrap_err();
        assert!(err.contains("RFC 3339"), "{err}");
    }
}
