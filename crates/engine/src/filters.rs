//! The values a filter of the store's lists takes, parsed from text in one
//! place for the CLI's options and the server's query parameters: a bad
//! value is an error in our words that says what is allowed, never an empty
//! result.

use tidings_extract::events::PLOVER_TYPES;
use tidings_extract::figures::FIGURE_KINDS;

pub use tidings_extract::events::signals::DEFAULT_MIN_CONFIDENCE;

/// A day, `YYYY-MM-DD` (`--since`, `--until`).
pub fn day(text: &str) -> Result<jiff::civil::Date, String> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let parsed = shape_ok
        .then(|| text.parse::<jiff::civil::Date>().ok())
        .flatten();
    parsed.ok_or_else(|| {
        let why = if shape_ok { ", a day that exists" } else { "" };
        format!("bad date {text:?}: expected YYYY-MM-DD{why}, e.g. 2026-01-16")
    })
}

/// A figure kind (`--kind` of `tidings figures`): one of the extract
/// stage's kinds, any case.
pub fn figure_kind(text: &str) -> Result<String, String> {
    let kind = text.trim().to_lowercase();
    if FIGURE_KINDS.contains(&kind.as_str()) {
        Ok(kind)
    } else {
        Err(format!(
            "unknown figure kind {text:?}: use {}",
            FIGURE_KINDS.join(", ")
        ))
    }
}

/// An event code (`--code` of `tidings events`): a CAMEO code or prefix (1
/// to 4 digits) or a PLOVER type (any case).
pub fn event_code(text: &str) -> Result<String, String> {
    let code = text.trim();
    let cameo = (1..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit());
    let plover = code.to_ascii_uppercase();
    if cameo {
        Ok(code.to_string())
    } else if PLOVER_TYPES.contains(&plover.as_str()) {
        Ok(plover)
    } else {
        Err(format!(
            "unknown event code {text:?}: use a CAMEO code or prefix (04, 041) or a PLOVER type ({})",
            PLOVER_TYPES.join(", ")
        ))
    }
}
