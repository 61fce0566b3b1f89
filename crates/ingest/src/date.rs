//! Publication dates as containers write them.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use tidings_model::Published;

/// Parses a container's date: `YYYY-MM-DD`, RFC 3339, RFC 2822
/// (`Fri, 16 Jan 2026 08:30:00 +0100`) or a local time without offset
/// (`2026-01-16 08:30:00`, taken as UTC). `None` when it is none of these.
pub(crate) fn parse_published(text: &str) -> Option<Published> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(published) = Published::parse(text) {
        return Some(published);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(text) {
        return Some(Published::At(zoned.timestamp()));
    }
    if let Ok(civil) = text.parse::<DateTime>() {
        if let Ok(zoned) = civil.to_zoned(TimeZone::UTC) {
            return Some(Published::At(zoned.timestamp()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> String {
        parse_published(text)
            .map(|p| p.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn accepts_the_forms_feeds_use() {
        assert_eq!(at("2026-01-16"), "2026-01-16");
        assert_eq!(at("2026-01-16T08:30:00+01:00"), "2026-01-16T07:30:00Z");
        assert_eq!(
            at("Fri, 16 Jan 2026 08:30:00 +0100"),
            "2026-01-16T07:30:00Z"
        );
        assert_eq!(at("2026-01-16 08:30:00"), "2026-01-16T08:30:00Z");
        assert_eq!(at(" 2026-01-16T08:30:00 "), "2026-01-16T08:30:00Z");
    }

    #[test]
    fn rejects_what_it_cannot_read() {
        assert_eq!(parse_published("last Friday"), None);
        assert_eq!(parse_published(""), None);
        assert_eq!(parse_published("2026-02-30"), None);
    }
}
