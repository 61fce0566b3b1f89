//! Value parsers shared by the commands' options. A bad value is an error in
//! our words (clap prints it and exits with code 2), never an empty result.

use tidings_extract::events::PLOVER_TYPES;
use tidings_extract::figures::FIGURE_KINDS;

/// `--limit N`: a whole number of at least 1.
pub fn limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("--limit must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("bad number {text:?}: --limit must be at least 1")),
    }
}

/// `--min-confidence P`: a number from 0 to 1.
pub fn confidence(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "`{text}` is not a confidence: give a number from 0 to 1 (0.5)"
        )),
    }
}

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

/// `--kind` of `tidings figures`: one of [`FIGURE_KINDS`], any case.
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

/// `--code` of `tidings events`: a CAMEO code or prefix (1 to 4 digits) or a
/// PLOVER type (any case).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_must_be_written_in_full_and_exist() {
        assert_eq!(day("2026-01-16").unwrap().to_string(), "2026-01-16");
        assert!(day("2026-1-1").unwrap_err().contains("expected YYYY-MM-DD"));
        assert!(day("2026-02-30").unwrap_err().contains("a day that exists"));
        assert!(day("").is_err());
    }

    #[test]
    fn codes_are_cameo_digits_or_plover_types() {
        assert_eq!(event_code("041").unwrap(), "041");
        assert_eq!(event_code("consult").unwrap(), "CONSULT");
        assert!(event_code("04a").is_err());
        assert!(event_code("01234").is_err());
        assert_eq!(figure_kind("Money").unwrap(), "money");
        assert!(figure_kind("dead").unwrap_err().contains("killed"));
    }
}
