//! Value parsers shared by the commands' options. A bad value is an error in
//! our words (clap prints it and exits with code 2), never an empty result.

pub use tidings_engine::filters::{day, event_code, figure_kind};

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
