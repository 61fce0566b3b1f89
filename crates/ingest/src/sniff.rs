//! Looking at the first bytes of a document: is it binary, is it HTML.

/// How many bytes of a document are looked at to sniff it.
pub(crate) const SNIFF_LEN: usize = 8192;

/// True when the bytes are not text: a NUL byte, or more than one in ten
/// bytes a control character other than tab, newline, carriage return, form
/// feed, vertical tab and escape. UTF-16 and UTF-32 text, with a BOM or
/// without (told by where its NUL bytes fall), is text.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    if crate::decode::is_wide(bytes) {
        return false;
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| matches!(b, 0x01..=0x08 | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f))
        .count();
    controls * 10 > head.len()
}

/// True when the bytes are empty or hold only whitespace (a UTF-8 BOM counts
/// as whitespace).
pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.iter().all(u8::is_ascii_whitespace)
}

/// True when the document looks like HTML: it starts with `<!doctype html`,
/// `<html` or an XML declaration followed by `<html`; or `<html`, `<head` or
/// `<body` appears in its first 8 KB; or several common block tags
/// (`<p>`, `<div`, `<br`, `</p>` …) do.
pub(crate) fn looks_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let lower = head.to_ascii_lowercase();
    let start = lower
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&lower)
        .trim_ascii_start();
    if start.starts_with(b"<!doctype html") || start.starts_with(b"<html") {
        return true;
    }
    let finder = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
    if finder(b"<html") || finder(b"<head>") || finder(b"<head ") || finder(b"<body") {
        return true;
    }
    const BLOCK_TAGS: [&[u8]; 9] = [
        b"<p>",
        b"<p ",
        b"</p>",
        b"<div",
        b"</div>",
        b"<br",
        b"<h1",
        b"<h2",
        b"<article",
    ];
    let tags: usize = BLOCK_TAGS
        .iter()
        .map(|tag| memchr::memmem::find_iter(&lower, tag).count())
        .sum();
    tags >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_recognised_by_its_content() {
        assert!(looks_html(b"  <!DOCTYPE html><title>x</title>"));
        assert!(looks_html(b"\xef\xbb\xbf<html lang=en>"));
        assert!(looks_html(
            b"<!-- saved page -->\n<head><title>Ferry</title></head>"
        ));
        assert!(looks_html(
            b"<div class=story><p>The ferry left.</p><p>It rained.</p></div>"
        ));
    }

    #[test]
    fn text_that_mentions_a_tag_is_still_text() {
        assert!(!looks_html(
            b"Harbour reopens\n\nWorkers fixed the <div> on the quay website."
        ));
        assert!(!looks_html(
            b"Storm closes Velmora harbour\n\nThe Harbour Authority said..."
        ));
        assert!(!looks_html(b""));
    }

    #[test]
    fn binary_means_nul_or_many_control_bytes() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(looks_binary(&[0x01, 0x02, 0x03, b'a', b'b', 0x04, 0x05]));
        assert!(!looks_binary(b"Line one\r\n\tLine two\x0c"));
        assert!(!looks_binary(b"caf\xe9"));
        assert!(!looks_binary(&[0xff, 0xfe, b'a', 0]));
    }

    #[test]
    fn blank_is_whitespace_only() {
        assert!(is_blank(b""));
        assert!(is_blank(b" \n\t\r\n"));
        assert!(is_blank(b"\xef\xbb\xbf\n"));
        assert!(!is_blank(b"\n x"));
    }
}
