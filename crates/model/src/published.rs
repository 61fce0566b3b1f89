//! When an article was published: a day always, an instant when the source says.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// A publication time. Many sources give only a day (`--date 2026-01-16`, a
/// byline "16 January 2026"), some an instant (`2026-01-16T08:30:00Z`).
///
/// It serialises as the shortest exact form: `"2026-01-16"` for a day,
/// RFC 3339 in UTC for an instant. Later stages resolve relative dates ("on
/// Friday") against [`Published::date`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Published {
    /// Only the calendar day is known.
    Day(Date),
    /// The instant is known.
    At(Timestamp),
}

impl Published {
    /// The calendar day of publication (in UTC for an instant).
    pub fn date(&self) -> Date {
        match self {
            Published::Day(date) => *date,
            Published::At(ts) => ts.to_zoned(jiff::tz::TimeZone::UTC).date(),
        }
    }

    /// Parses `YYYY-MM-DD` or an RFC 3339 instant (any offset, kept as UTC).
    pub fn parse(text: &str) -> Result<Published> {
        let trimmed = text.trim();
        if let Ok(date) = trimmed.parse::<Date>() {
            if trimmed.len() == 10 {
                return Ok(Published::Day(date));
            }
        }
        if let Ok(ts) = trimmed.parse::<Timestamp>() {
            return Ok(Published::At(ts));
        }
        Err(Error::BadDate {
            text: text.to_string(),
        })
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Day(date) => write!(f, "{date}"),
            Published::At(ts) => write!(f, "{}", ts.strftime("%Y-%m-%dT%H:%M:%SZ")),
        }
    }
}

impl FromStr for Published {
    type Err = Error;
    fn from_str(s: &str) -> Result<Published> {
        Published::parse(s)
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Published::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_round_trips_as_a_day() {
        let published = Published::parse("2026-01-16").unwrap();
        assert_eq!(published, Published::Day(jiff::civil::date(2026, 1, 16)));
        assert_eq!(published.to_string(), "2026-01-16");
        let json = serde_json::to_string(&published).unwrap();
        assert_eq!(json, "\"2026-01-16\"");
        assert_eq!(serde_json::from_str::<Published>(&json).unwrap(), published);
    }

    #[test]
    fn an_instant_is_kept_in_utc() {
        let published = Published::parse("2025-06-13T23:30:00-02:00").unwrap();
        assert_eq!(published.to_string(), "2025-06-14T01:30:00Z");
        assert_eq!(published.date(), jiff::civil::date(2025, 6, 14));
    }

    #[test]
    fn nonsense_is_an_error_that_says_what_is_expected() {
        let err = Published::parse("last Friday").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
        assert!(Published::parse("2026-13-40").is_err());
    }
}
