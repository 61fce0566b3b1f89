//! Character encodings: from the bytes a source holds to UTF-8 text.
//!
//! [`decode`] tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32);
//! UTF-16 or UTF-32 without one, told by its NUL bytes ([`wide`]); valid
//! UTF-8; ISO-2022-JP escapes; a declared charset (the HTTP header, `<meta>`,
//! an XML declaration), including the legacy ones of [`legacy`]; then
//! chardetng, whose single-byte Latin guess is checked against the Cyrillic
//! code pages and Johab it does not know. A guess nothing confirms is named
//! as uncertain in the encoding recorded.

mod legacy;
mod wide;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{
    Encoding, ISO_2022_JP, MACINTOSH, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_MAC_CYRILLIC,
    X_USER_DEFINED,
};

use legacy::{Cyrillic, Legacy};
use wide::Wide;

/// How far into an HTML document a `<meta charset>` is looked for.
const META_PRESCAN: usize = 2048;

/// Decodes bytes to UTF-8: BOM first (UTF-8, UTF-16, UTF-32), then UTF-16 or
/// UTF-32 without a BOM (told by their NUL bytes), then a declared charset
/// (HTTP header, or for HTML `<meta charset>` / `<meta http-equiv=content-type>`
/// in the first 2 KB, or an XML declaration), then chardetng on the bytes;
/// returns the text and the name of the encoding used (the WHATWG name, e.g.
/// "UTF-8", "windows-1252"; or "UTF-32LE", "IBM855", "Johab" for the ones
/// encoding_rs lacks). Also used to rebuild from stored raw bytes.
///
/// Refinements keep mislabelled pages readable: bytes that are valid UTF-8
/// and contain non-ASCII characters are read as UTF-8 whatever a label says
/// (legacy text almost never forms valid UTF-8 by chance); a UTF-8 label on
/// bytes that are mostly UTF-8 with a few stray bytes keeps UTF-8 and
/// replaces only the stray bytes, as browsers do, while a UTF-8 label on
/// legacy bytes is ignored in favour of detection. When detection guesses a
/// Latin code page for text that is mostly non-ASCII and no Cyrillic code
/// page or Johab reads it either, the name ends in " (uncertain guess)".
/// Never fails: bytes that are invalid in the chosen encoding become U+FFFD.
///
/// ```
/// let (text, encoding) = tidings_ingest::decode(b"Caf\xe9 in Z\xfcrich", None);
/// assert_eq!(text, "Café in Zürich");
/// assert_eq!(encoding, "windows-1252");
/// ```
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, &'static str) {
    match choose(bytes, declared) {
        Choice::Wide(wide, bom_len) => (wide.decode(&bytes[bom_len..]), wide.name()),
        Choice::Legacy(legacy) => (legacy.decode(bytes), legacy.name()),
        Choice::Rs(encoding) => (decode_rs(bytes, encoding), encoding.name()),
        Choice::Uncertain(encoding) => (decode_rs(bytes, encoding), uncertain_name(encoding)),
    }
}

/// True when the bytes are UTF-16 or UTF-32 text (with a BOM or told by
/// their NUL bytes), which would otherwise look binary.
pub(crate) fn is_wide(bytes: &[u8]) -> bool {
    wide::bom(bytes).is_some() || wide::sniff(bytes).is_some()
}

/// The first bytes of a wide text as UTF-8, for sniffing its format; `None`
/// when the bytes are not wide.
pub(crate) fn narrow_head(head: &[u8]) -> Option<Vec<u8>> {
    let (wide, bom_len) = match wide::bom(head) {
        Some(found) => found,
        None => (wide::sniff(head)?, 0),
    };
    let body = &head[bom_len..];
    // Cut at a whole unit so that the last character is not broken.
    let unit = if matches!(wide, Wide::Utf32Le | Wide::Utf32Be) {
        4
    } else {
        2
    };
    let whole = body.len() - body.len() % unit;
    Some(wide.decode(&body[..whole]).into_bytes())
}

/// The decoder [`choose`] picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    /// UTF-16 or UTF-32, with the length of the BOM to skip.
    Wide(Wide, usize),
    /// One of ours.
    Legacy(Legacy),
    /// One of encoding_rs's.
    Rs(&'static Encoding),
    /// One of encoding_rs's, guessed by detection and confirmed by nothing.
    Uncertain(&'static Encoding),
}

/// What a charset label names.
enum Label {
    Rs(&'static Encoding),
    Legacy(Legacy),
    /// A label no decoder here knows (`ibm037`, `x-unknown`).
    Unknown,
}

fn decode_rs(bytes: &[u8], encoding: &'static Encoding) -> String {
    let body = match Encoding::for_bom(bytes) {
        Some((bom_encoding, bom_len)) if bom_encoding == encoding => &bytes[bom_len..],
        _ => bytes,
    };
    encoding.decode_without_bom_handling(body).0.into_owned()
}

fn choose(bytes: &[u8], declared: Option<&str>) -> Choice {
    if let Some((wide, bom_len)) = wide::bom(bytes) {
        return Choice::Wide(wide, bom_len);
    }
    if bytes.starts_with(b"\xef\xbb\xbf") {
        return Choice::Rs(UTF_8);
    }
    if let Some(wide) = wide::sniff(bytes) {
        return Choice::Wide(wide, 0);
    }
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let ascii = bytes.is_ascii();
    if utf8 && !ascii {
        return Choice::Rs(UTF_8);
    }
    if ascii && has_iso_2022_jp_escapes(bytes) {
        return Choice::Rs(ISO_2022_JP);
    }
    let label = match declared {
        Some(declared) => Some(label(declared.as_bytes())),
        None => meta_charset(bytes).map(|label| match label {
            Label::Rs(encoding) => Label::Rs(html_label_rules(encoding)),
            other => other,
        }),
    };
    let mut unknown_label = false;
    match label {
        Some(Label::Rs(encoding)) if encoding != UTF_8 || utf8 => return Choice::Rs(encoding),
        Some(Label::Rs(_)) => {
            // Declared UTF-8, not valid UTF-8: a few stray bytes in real
            // UTF-8 keep the label; legacy bytes under a wrong label do not.
            let (multibyte, invalid) = utf8_counts(bytes);
            if multibyte > 0 && multibyte >= invalid {
                return Choice::Rs(UTF_8);
            }
        }
        Some(Label::Legacy(legacy)) => return Choice::Legacy(legacy),
        Some(Label::Unknown) => unknown_label = true,
        None => {}
    }
    if utf8 {
        return Choice::Rs(UTF_8);
    }
    let (multibyte, invalid) = utf8_counts(bytes);
    if multibyte >= 8 && multibyte >= 8 * invalid {
        return Choice::Rs(UTF_8);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Allow);
    check_guess(bytes, guess, unknown_label)
}

/// Checks a detected single-byte encoding against what chardetng does not
/// know: a Cyrillic guess may really be MacCyrillic or IBM855, and a Latin
/// guess for text that is mostly non-ASCII may be any of the Cyrillic code
/// pages or Johab; when none of them reads it, the guess is uncertain (and
/// so is any guess made after a label nothing here could read).
fn check_guess(bytes: &[u8], guess: &'static Encoding, unknown_label: bool) -> Choice {
    let uncertain = |encoding| {
        if unknown_label {
            Choice::Uncertain(encoding)
        } else {
            Choice::Rs(encoding)
        }
    };
    let cyrillic_guess = matches!(
        guess.name(),
        "windows-1251" | "KOI8-R" | "KOI8-U" | "IBM866" | "ISO-8859-5" | "x-mac-cyrillic"
    );
    let latin_guess = matches!(
        guess.name(),
        "windows-1252"
            | "windows-1250"
            | "windows-1254"
            | "windows-1257"
            | "ISO-8859-2"
            | "ISO-8859-4"
            | "ISO-8859-13"
            | "ISO-8859-15"
            | "macintosh"
    );
    if !(cyrillic_guess || (latin_guess && mostly_high(bytes))) {
        return uncertain(guess);
    }
    match legacy::cyrillic(bytes, guess) {
        Some(Cyrillic::Rs(encoding)) => return Choice::Rs(encoding),
        Some(Cyrillic::Ibm855) => return Choice::Legacy(Legacy::Ibm855),
        None if cyrillic_guess => return uncertain(guess),
        None => {}
    }
    let (_, syllables, bad) = legacy::johab(&bytes[..bytes.len().min(64 * 1024)]);
    if syllables >= 4 && bad * 20 <= syllables {
        return Choice::Legacy(Legacy::Johab);
    }
    Choice::Uncertain(guess)
}

/// True when at least a quarter of the letters (ASCII letters and bytes
/// above 0x7F) outside markup tags are above 0x7F: no Latin-script
/// language writes that many accented letters.
fn mostly_high(bytes: &[u8]) -> bool {
    let (mut high, mut ascii_letters) = (0usize, 0usize);
    let mut in_tag = false;
    for &b in bytes {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            _ if in_tag => {}
            _ => {
                high += usize::from(b >= 0x80);
                ascii_letters += usize::from(b.is_ascii_alphabetic());
            }
        }
    }
    high >= 8 && high * 4 >= high + ascii_letters
}

/// Non-ASCII characters that are valid UTF-8, and invalid sequences.
fn utf8_counts(bytes: &[u8]) -> (usize, usize) {
    let lead_bytes = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xc0).count();
    let (mut multibyte, mut invalid) = (0, 0);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => return (multibyte + lead_bytes(rest), invalid),
            Err(err) => {
                let valid = err.valid_up_to();
                multibyte += lead_bytes(&rest[..valid]);
                invalid += 1;
                let skip = err.error_len().unwrap_or(rest.len() - valid);
                rest = &rest[valid + skip..];
            }
        }
    }
}

/// True when ASCII bytes hold the escapes ISO-2022-JP switches with
/// (`ESC $ B`, `ESC $ @`, `ESC ( J`, `ESC $ ( D`): no other text has them.
fn has_iso_2022_jp_escapes(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"\x1b$B").is_some()
        || memchr::memmem::find(bytes, b"\x1b$@").is_some()
        || memchr::memmem::find(bytes, b"\x1b(J").is_some()
        || memchr::memmem::find(bytes, b"\x1b$(D").is_some()
}

/// What a charset label names: encoding_rs's WHATWG labels, the legacy
/// encodings of ours, and a few names other tools write (`mac_cyrillic`,
/// `MacRoman`, `cp10007`).
fn label(label: &[u8]) -> Label {
    if let Some(encoding) = Encoding::for_label(label) {
        return Label::Rs(encoding);
    }
    let label = String::from_utf8_lossy(label)
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase()
        .replace('_', "-");
    if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
        return Label::Rs(encoding);
    }
    if let Some(legacy) = Legacy::for_label(&label) {
        return Label::Legacy(legacy);
    }
    match label.as_str() {
        "maccyrillic" | "mac-cyrillic" | "cp10007" | "x-mac-ukrainian" | "macukraine" => {
            Label::Rs(X_MAC_CYRILLIC)
        }
        "macroman" | "mac-roman" | "cp10000" | "macintosh-roman" => Label::Rs(MACINTOSH),
        _ => Label::Unknown,
    }
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

/// The encoding named by an XML declaration (`<?xml … encoding="…"?>`) at
/// the start, or by a `<meta charset=…>` or
/// `<meta http-equiv="content-type" content="…; charset=…">` in the first
/// 2 KB, if any.
fn meta_charset(bytes: &[u8]) -> Option<Label> {
    let head = &bytes[..bytes.len().min(META_PRESCAN)];
    let lower = head.to_ascii_lowercase();
    if let Some(declaration) = lower.trim_ascii_start().strip_prefix(b"<?xml") {
        let end = memchr::memmem::find(declaration, b"?>").unwrap_or(declaration.len());
        let declaration = &declaration[..end];
        if let Some(pos) = memchr::memmem::find(declaration, b"encoding") {
            if let Some(value) = attribute_value(&declaration[pos + b"encoding".len()..]) {
                return Some(label(value));
            }
        }
    }
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&lower[from..], b"<meta") {
        let tag_start = from + found;
        let tag_end =
            memchr::memchr(b'>', &lower[tag_start..]).map_or(lower.len(), |end| tag_start + end);
        let tag = &lower[tag_start..tag_end];
        if let Some(pos) = memchr::memmem::find(tag, b"charset") {
            if let Some(value) = attribute_value(&tag[pos + b"charset".len()..]) {
                if let found @ (Label::Rs(_) | Label::Legacy(_)) = label(value) {
                    return Some(found);
                }
            }
        }
        from = tag_end;
    }
    None
}

/// The value after `=` (quoted or not) at the start of `rest`.
fn attribute_value(rest: &[u8]) -> Option<&[u8]> {
    let value = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let value = value
        .strip_prefix(b"\"")
        .or_else(|| value.strip_prefix(b"'"))
        .unwrap_or(value);
    let end = value
        .iter()
        .position(|b| {
            matches!(b, b'"' | b'\'' | b';' | b'/' | b'>' | b'?') || b.is_ascii_whitespace()
        })
        .unwrap_or(value.len());
    (end > 0).then(|| &value[..end])
}

/// The name recorded for a guess nothing confirmed: the encoding's name
/// followed by " (uncertain guess)".
fn uncertain_name(encoding: &'static Encoding) -> &'static str {
    macro_rules! uncertain {
        ($($name:literal),* $(,)?) => {
            match encoding.name() {
                $($name => concat!($name, " (uncertain guess)"),)*
                _ => "unknown (uncertain guess)",
            }
        };
    }
    uncertain!(
        "windows-1250",
        "windows-1251",
        "windows-1252",
        "windows-1253",
        "windows-1254",
        "windows-1255",
        "windows-1256",
        "windows-1257",
        "windows-1258",
        "windows-874",
        "ISO-8859-2",
        "ISO-8859-3",
        "ISO-8859-4",
        "ISO-8859-5",
        "ISO-8859-6",
        "ISO-8859-7",
        "ISO-8859-8",
        "ISO-8859-8-I",
        "ISO-8859-10",
        "ISO-8859-13",
        "ISO-8859-14",
        "ISO-8859-15",
        "ISO-8859-16",
        "KOI8-R",
        "KOI8-U",
        "IBM866",
        "macintosh",
        "x-mac-cyrillic",
        "Shift_JIS",
        "EUC-JP",
        "ISO-2022-JP",
        "EUC-KR",
        "GBK",
        "gb18030",
        "Big5",
        "UTF-8",
    )
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

    /// Issue 11: a page that declares UTF-8 and holds a few stray bytes.
    #[test]
    fn issue_11_declared_utf8_with_stray_bytes_stays_utf8() {
        let mut page = "<html><head><meta charset=\"utf-8\"><title>Zürich: café reopens</title></head><body><p>Der Kaffee kostet 3 € — günstig.</p>".as_bytes().to_vec();
        page.extend_from_slice(
            b"<p>A stray byte \xe9 and two more \x92\xff here.</p></body></html>",
        );
        let (text, encoding) = decode(&page, None);
        assert_eq!(encoding, "UTF-8");
        assert!(text.contains("Zürich: café reopens"), "{text}");
        assert!(text.contains("3 € — günstig"));
        assert!(text.contains("stray byte \u{fffd} and two more \u{fffd}\u{fffd} here"));
        let (_, encoding) = decode(&page, Some("utf-8"));
        assert_eq!(encoding, "UTF-8");
    }

    /// Issue 11 and 16.5: UTF-32 with a BOM is not UTF-16, and wide text
    /// without a BOM is found by its NUL bytes.
    #[test]
    fn issue_16_wide_encodings_with_and_without_a_bom() {
        let text = "Velmora harbour reopens after the storm — quay café busy.";
        let utf32le: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let utf32be: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = |bom: &[u8], body: &[u8]| [bom, body].concat();
        assert_eq!(
            decode(&with_bom(&[0xff, 0xfe, 0, 0], &utf32le), None),
            (text.to_string(), "UTF-32LE")
        );
        assert_eq!(
            decode(&with_bom(&[0, 0, 0xfe, 0xff], &utf32be), None),
            (text.to_string(), "UTF-32BE")
        );
        assert_eq!(decode(&utf32le, None), (text.to_string(), "UTF-32LE"));
        assert_eq!(decode(&utf32be, None), (text.to_string(), "UTF-32BE"));
        assert_eq!(decode(&utf16le, None), (text.to_string(), "UTF-16LE"));
        assert_eq!(decode(&utf16be, None), (text.to_string(), "UTF-16BE"));
        assert!(is_wide(&utf16be) && !is_wide(text.as_bytes()));
        assert_eq!(narrow_head(&utf16le[..9]).unwrap(), b"Velm");
    }

    /// Issue 11: ISO-2022-JP is 7-bit, and was read as UTF-8.
    #[test]
    fn issue_11_iso_2022_jp_is_told_by_its_escapes() {
        let (bytes, _, _) = ISO_2022_JP.encode("港が再開した。Velmora");
        assert!(bytes.is_ascii());
        assert_eq!(
            decode(&bytes, None),
            ("港が再開した。Velmora".to_string(), "ISO-2022-JP")
        );
    }

    /// Issues 11 and 16.6: MacCyrillic, IBM855 and Johab, declared or not.
    #[test]
    fn issue_16_legacy_cyrillic_and_johab_are_read() {
        let russian = "Жители Велморы ждут паром. Гавань закрыта до понедельника.";
        let (mac, _, _) = X_MAC_CYRILLIC.encode(russian);
        assert_eq!(decode(&mac, None), (russian.to_string(), "x-mac-cyrillic"));
        assert_eq!(
            decode(&mac, Some("MacCyrillic")),
            (russian.to_string(), "x-mac-cyrillic")
        );
        // The code pages chardetng knows keep its guess.
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(russian);
        assert_eq!(decode(&cp1251, None), (russian.to_string(), "windows-1251"));
        let (koi8, _, _) = encoding_rs::KOI8_R.encode(russian);
        assert_eq!(decode(&koi8, None).0, russian);
        // A page with more markup than text, undeclared.
        let page = format!(
            "<html><head><title>{russian}</title><link rel=\"stylesheet\" href=\"/static/css/main.css\"></head><body class=\"article-page\"><div class=\"container\"><article><h1>{russian}</h1><p>{russian}</p></article></div></body></html>"
        );
        let (mac_page, _, _) = X_MAC_CYRILLIC.encode(&page);
        assert_eq!(decode(&mac_page, None), (page.clone(), "x-mac-cyrillic"));
        let ibm855 = b"\xea\xb7\xe5\xa8\xd0\xb7 \xec\xa8\xd0\xd2\xd6\xe1\xf1 \xe9\xa6\xe7\xe5 \xd8\xa0\xe1\xd6\xd2. \xad\xa0\xeb\xa0\xd4\xed \xf3\xa0\xc6\xe1\xf1\xe5\xa0 \xa6\xd6 \xd8\xd6\xd4\xa8\xa6\xa8\xd0\xed\xd4\xb7\xc6\xa0.";
        assert_eq!(decode(ibm855, None), (russian.to_string(), "IBM855"));
        assert_eq!(decode(ibm855, Some("cp855")).1, "IBM855");
        let xml = [
            b"<?xml version=\"1.0\" encoding=\"IBM855\"?>\n<p>".as_slice(),
            ibm855,
        ]
        .concat();
        assert_eq!(decode(&xml, None).1, "IBM855");
        let meta = [
            b"<html><head><meta charset=\"ibm855\"></head><body>".as_slice(),
            ibm855,
        ]
        .concat();
        assert_eq!(decode(&meta, None).1, "IBM855");
        // "한국어 뉴스: 항구가 다시 열렸다" in Johab.
        let korean = "한국어 뉴스";
        let johab = b"\xd0\x65\x8a\x82\xb4\xe1 \x93\x41\xaf\x61";
        assert_eq!(decode(johab, Some("johab")), (korean.to_string(), "Johab"));
        // Undeclared, a longer Johab text is recognised by its syllables.
        let sentence = "벨모라 항구가 폭풍 뒤에 다시 열렸다. 어선들은 새벽에 돌아왔고 포르타벨로 가는 여객선은 수요일부터 다시 운항한다.";
        let johab = b"\xa5I\xa1\xa1\x9ca \xd0w\x8a\x81\x88a \xcd\xa2\xce\x97 \x96\xe1\xb5A \x94a\xaf\xa1 \xb5i\x9dv\x94a. \xb4\xe1\xac\xe5\x97i\xb7e \xac\x81\xa5b\xb5A \x95\xa9\xb4a\xb5\xd6\x89\xa1 \xcd\xa1\x9fa\xc8a\xa5I\x9d\xa1 \x88a\x93e \xb5a\x88\x82\xac\xe5\xb7e \xae\x81\xb6a\xb7\xa9\xa6\x81\xc8\xe1 \x94a\xaf\xa1 \xb6\x85\xd0w\xd0e\x94a.";
        let (text, encoding) = decode(johab, None);
        assert_eq!((text.as_str(), encoding), (sentence, "Johab"));
    }

    /// Issue 16.6: a guess nothing confirms says so instead of passing as
    /// windows-1252 (whose letters were then tagged Welsh).
    #[test]
    fn issue_16_an_unconfirmed_guess_is_named_uncertain() {
        // Greek letters in windows-1253 under a charset nobody reads.
        let (greek, _, _) =
            encoding_rs::WINDOWS_1253.encode("Το λιμάνι της Βελμόρας άνοιξε ξανά σήμερα.");
        let (_, encoding) = decode(&greek, Some("x-greek-unknown"));
        assert!(encoding.ends_with(" (uncertain guess)"), "{encoding}");
        // Plain Western text is not uncertain.
        assert_eq!(decode(b"Caf\xe9 cr\xe8me", None).1, "windows-1252");
    }
}
