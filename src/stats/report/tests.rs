//! The page at 80 columns, exactly, from a hand-made report.

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::stats::chart::plain;
use crate::stats::figures::{CardCounts, Forecast, Hard};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}
