//! Value parsers shared by the commands' options. A bad value is an error in
//! our words (clap prints it and exits with code 2), never an empty result.

/// `--limit N`: a whole number of at least 1.
pub fn limit(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("--limit must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("bad number {text:?}: --limit must be at least 1")),
    }
}
