//! Text normalisation shared by duplicate detection and story clustering:
//! lower-case words of letters and digits, in order.

/// The words of `text`: runs of letters and digits (apostrophes inside a
/// word kept out), lower-cased, in order.
///
/// ```
/// use tidings_dedup::text::words;
/// assert_eq!(words("Velmora's port, CLOSED again!"), ["velmora", "s", "port", "closed", "again"]);
/// ```
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, usize::MAX, |word| out.push(word.to_string()));
    out
}

/// Calls `f` with each of the first `limit` words of `text` (as [`words`]
/// splits them), without allocating a string per word.
pub fn each_word(text: &str, limit: usize, mut f: impl FnMut(&str)) {
    let mut current = String::new();
    let mut seen = 0;
    for c in text.chars() {
        if seen >= limit {
            return;
        }
        if c.is_alphanumeric() {
            if c.is_ascii() {
                current.push(c.to_ascii_lowercase());
            } else {
                current.extend(c.to_lowercase());
            }
        } else if !current.is_empty() {
            f(&current);
            current.clear();
            seen += 1;
        }
    }
    if !current.is_empty() && seen < limit {
        f(&current);
    }
}
