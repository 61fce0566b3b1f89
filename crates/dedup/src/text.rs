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
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
