//! Character encodings: from the bytes a source holds to UTF-8 text.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};

/// How far into an HTML document a `<meta charset>` is looked for.
const META_PRESCAN: usize = 2048;

/// Decodes bytes to UTF-8: BOM first, then a declared charset (HTTP header or
/// `<meta charset>` / `<meta http-equiv=content-type>` in the first 2 KB for
/// HTML), then chardetng on the bytes; returns the text and the WHATWG encoding
/// name used (e.g. "UTF-8", "windows-1252"). Also used to rebuild from stored
/// raw bytes.
///
/// Two refinements keep mislabelled pages readable: bytes that are valid UTF-8
/// and contain non-ASCII characters are read as UTF-8 whatever a label says
/// (legacy text almost never forms valid UTF-8 by chance), and a UTF-8 label on
/// bytes that are not valid UTF-8 is ignored in favour of detection. Never
/// fails: bytes that are invalid in the chosen encoding become U+FFFD.
///
/// ```
/// let (text, encoding) = tidings_ingest::decode(b"Caf\xe9 in Z\xfcrich", None);
/// assert_eq!(text, "Café in Zürich");
/// assert_eq!(encoding, "windows-1252");
/// ```
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, &'static str) {
    let encoding = choose(bytes, declared);
    let body = match Encoding::for_bom(bytes) {
        Some((bom_encoding, bom_len)) if bom_encoding == encoding => &bytes[bom_len..],
        _ => bytes,
    };
    let (text, _had_errors) = encoding.decode_without_bom_handling(body);
    (text.into_owned(), encoding.name())
}

fn choose(bytes: &[u8], declared: Option<&str>) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    if utf8 && !bytes.is_ascii() {
        return UTF_8;
    }
    let label = declared
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(bytes).map(html_label_rules));
    if let Some(encoding) = label {
        if encoding != UTF_8 || utf8 {
            return encoding;
        }
    }
    if utf8 {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

/// HTML's rules for a charset found in a `<meta>`: UTF-16 there means UTF-8
/// (the bytes could not have been parsed as ASCII otherwise), and
/// `x-user-defined` means windows-1252.
fn html_label_rules(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

/// The encoding named by a `<meta charset=…>` or
/// `<meta http-equiv="content-type" content="…; charset=…">` in the first
/// 2 KB, if any.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_PRESCAN)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&lower[from..], b"<meta") {
        let tag_start = from + found;
        let tag_end =
            memchr::memchr(b'>', &lower[tag_start..]).map_or(lower.len(), |end| tag_start + end);
        let tag = &lower[tag_start..tag_end];
        if let Some(pos) = memchr::memmem::find(tag, b"charset") {
            let mut value = tag[pos + b"charset".len()..].trim_ascii_start();
            if let Some(rest) = value.strip_prefix(b"=") {
                value = rest.trim_ascii_start();
                value = value
                    .strip_prefix(b"\"")
                    .or_else(|| value.strip_prefix(b"'"))
                    .unwrap_or(value);
                let end = value
                    .iter()
                    .position(|b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(value.len());
                if let Some(encoding) = Encoding::for_label(&value[..end]) {
                    return Some(encoding);
                }
            }
        }
        from = tag_end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_text_comes_out_right() {
        let bytes = b"The caf\xe9 on the quay in Z\xfcrich said \x93closed\x94 \x96 for now.";
        let (text, encoding) = decode(bytes, None);
        assert_eq!(
            text,
            "The café on the quay in Zürich said “closed” – for now."
        );
        assert_eq!(encoding, "windows-1252");
    }

    #[test]
    fn a_bom_wins_and_is_removed() {
        let (text, encoding) = decode(b"\xef\xbb\xbfHarbour", Some("windows-1252"));
        assert_eq!((text.as_str(), encoding), ("Harbour", "UTF-8"));
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "Portavel"
                    .encode_utf16()
                    .flat_map(|unit| unit.to_le_bytes()),
            )
            .collect();
        assert_eq!(decode(&utf16, None), ("Portavel".to_string(), "UTF-16LE"));
    }

    #[test]
    fn a_declared_charset_is_used_for_legacy_bytes() {
        // 0xE6 is "ć" in ISO-8859-2 and "æ" in windows-1252.
        let (text, encoding) = decode(b"Kova\xe6", Some("iso-8859-2"));
        assert_eq!(encoding, "ISO-8859-2");
        assert_eq!(text, "Kovać");
        assert_eq!(decode(b"plain", Some("windows-1252")).1, "windows-1252");
    }

    #[test]
    fn meta_charset_in_html_is_honoured() {
        let html =
            b"<html><head><meta charset=\"iso-8859-2\"><title>Kova\xe6</title></head></html>";
        assert_eq!(decode(html, None).1, "ISO-8859-2");
        let http_equiv = b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        assert_eq!(decode(http_equiv, None), ("<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\"></head><body>Привет</body></html>".to_string(), "windows-1251"));
    }

    #[test]
    fn valid_utf8_beats_a_wrong_label_and_a_wrong_utf8_label_is_ignored() {
        let (text, encoding) = decode("Zürich".as_bytes(), Some("iso-8859-1"));
        assert_eq!((text.as_str(), encoding), ("Zürich", "UTF-8"));
        let (text, encoding) = decode(b"caf\xe9 cr\xe8me br\xfbl\xe9e", Some("utf-8"));
        assert_eq!(encoding, "windows-1252");
        assert_eq!(text, "café crème brûlée");
    }

    #[test]
    fn ascii_is_utf8() {
        assert_eq!(
            decode(b"Storm at Velmora", None),
            ("Storm at Velmora".to_string(), "UTF-8")
        );
        assert_eq!(decode(b"", None), (String::new(), "UTF-8"));
    }
}
