//! Wide encodings: UTF-16 and UTF-32, with or without a byte-order mark.
//!
//! encoding_rs reads UTF-16 but not UTF-32, and WHATWG sniffing knows only
//! byte-order marks. Text in a wide encoding without one is found here by
//! its NUL bytes: ASCII-range characters (spaces, digits, punctuation,
//! markup) have zero high bytes, which sit at fixed places in each unit.

use encoding_rs::{UTF_16BE, UTF_16LE};

/// How many bytes are looked at to tell a wide encoding.
const WIDE_SNIFF: usize = 4096;
/// The fewest code units a BOM-less wide text must have to be recognised.
const MIN_UNITS: usize = 4;

/// A wide encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    /// The name recorded as the document's encoding.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Wide::Utf16Le => "UTF-16LE",
            Wide::Utf16Be => "UTF-16BE",
            Wide::Utf32Le => "UTF-32LE",
            Wide::Utf32Be => "UTF-32BE",
        }
    }

    /// Decodes `bytes` (without a BOM); bad units become U+FFFD.
    pub(crate) fn decode(self, bytes: &[u8]) -> String {
        match self {
            Wide::Utf16Le => UTF_16LE.decode_without_bom_handling(bytes).0.into_owned(),
            Wide::Utf16Be => UTF_16BE.decode_without_bom_handling(bytes).0.into_owned(),
            Wide::Utf32Le => utf32(bytes, u32::from_le_bytes),
            Wide::Utf32Be => utf32(bytes, u32::from_be_bytes),
        }
    }
}

/// The wide encoding a byte-order mark names, and the mark's length. A
/// UTF-32LE mark (`FF FE 00 00`) is tested before the UTF-16LE one it
/// starts with.
pub(crate) fn bom(bytes: &[u8]) -> Option<(Wide, usize)> {
    if bytes.starts_with(&[0xff, 0xfe, 0, 0]) {
        Some((Wide::Utf32Le, 4))
    } else if bytes.starts_with(&[0, 0, 0xfe, 0xff]) {
        Some((Wide::Utf32Be, 4))
    } else if bytes.starts_with(&[0xff, 0xfe]) {
        Some((Wide::Utf16Le, 2))
    } else if bytes.starts_with(&[0xfe, 0xff]) {
        Some((Wide::Utf16Be, 2))
    } else {
        None
    }
}

/// The wide encoding of text without a byte-order mark, told by where its
/// NUL bytes fall in the first 4 KB: in UTF-32 two bytes of every unit are
/// zero and the character byte is not; in UTF-16 most units of ASCII-range
/// text have one zero byte on the same side and almost none on the other.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Wide> {
    let head = &bytes[..bytes.len().min(WIDE_SNIFF)];
    memchr::memchr(0, head)?;
    // UTF-32: every complete unit has its top byte zero and the next one at
    // most 0x10; its low byte is mostly non-zero.
    let units32 = head.len() / 4;
    if units32 >= MIN_UNITS {
        for wide in [Wide::Utf32Le, Wide::Utf32Be] {
            let values = head.chunks_exact(4).map(|unit| {
                let unit = [unit[0], unit[1], unit[2], unit[3]];
                if wide == Wide::Utf32Le {
                    u32::from_le_bytes(unit)
                } else {
                    u32::from_be_bytes(unit)
                }
            });
            let mut ok = true;
            let mut low_nonzero = 0;
            for value in values {
                if value > 0x10_ffff || (0xd800..0xe000).contains(&value) {
                    ok = false;
                    break;
                }
                if value & 0xff != 0 {
                    low_nonzero += 1;
                }
            }
            if ok && low_nonzero * 10 >= units32 * 9 && reads_as_text(wide, head) {
                return Some(wide);
            }
        }
    }
    // UTF-16: count zero bytes at even and odd places.
    let units16 = head.len() / 2;
    if units16 < MIN_UNITS {
        return None;
    }
    let (mut even_zero, mut odd_zero) = (0, 0);
    for unit in head.chunks_exact(2) {
        even_zero += usize::from(unit[0] == 0);
        odd_zero += usize::from(unit[1] == 0);
    }
    let mostly = |zeros: usize| zeros * 10 >= units16 * 6;
    let rarely = |zeros: usize| zeros * 20 <= units16;
    let wide = if mostly(odd_zero) && rarely(even_zero) {
        Wide::Utf16Le
    } else if mostly(even_zero) && rarely(odd_zero) {
        Wide::Utf16Be
    } else {
        return None;
    };
    reads_as_text(wide, head).then_some(wide)
}

/// True when `head` decoded as `wide` is text: at most one character in
/// ten a control character (other than tab, line ends, form feed and
/// escape) or a replacement character. Binary data with zeros in the right
/// places (16-bit samples, tables) fails this.
fn reads_as_text(wide: Wide, head: &[u8]) -> bool {
    let unit = if matches!(wide, Wide::Utf32Le | Wide::Utf32Be) {
        4
    } else {
        2
    };
    let text = wide.decode(&head[..head.len() - head.len() % unit]);
    let (mut chars, mut bad) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1b');
        bad += usize::from(control || c == char::REPLACEMENT_CHARACTER);
    }
    bad * 10 <= chars
}

/// UTF-32 in units read by `unit`; a unit that is no scalar value, and a
/// trailing partial unit, become U+FFFD.
fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> String {
    let mut text = String::with_capacity(bytes.len() / 4 + 4);
    let mut units = bytes.chunks_exact(4);
    for chunk in &mut units {
        let value = unit([chunk[0], chunk[1], chunk[2], chunk[3]]);
        text.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    if !units.remainder().is_empty() {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    fn utf32le(text: &str) -> Vec<u8> {
        text.chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect()
    }

    fn utf32be(text: &str) -> Vec<u8> {
        text.chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect()
    }

    const PAGE: &str = "<html><body><p>Le café de Velmora rouvre — 20 €.</p></body></html>";

    #[test]
    fn each_wide_encoding_is_told_by_its_nul_bytes() {
        assert_eq!(sniff(&utf16le(PAGE)), Some(Wide::Utf16Le));
        assert_eq!(sniff(&utf16be(PAGE)), Some(Wide::Utf16Be));
        assert_eq!(sniff(&utf32le(PAGE)), Some(Wide::Utf32Le));
        assert_eq!(sniff(&utf32be(PAGE)), Some(Wide::Utf32Be));
        for wide in [Wide::Utf16Le, Wide::Utf16Be, Wide::Utf32Le, Wide::Utf32Be] {
            let bytes = match wide {
                Wide::Utf16Le => utf16le(PAGE),
                Wide::Utf16Be => utf16be(PAGE),
                Wide::Utf32Le => utf32le(PAGE),
                Wide::Utf32Be => utf32be(PAGE),
            };
            assert_eq!(wide.decode(&bytes), PAGE, "{wide:?}");
        }
    }

    #[test]
    fn binary_and_narrow_text_are_not_wide() {
        assert_eq!(sniff(b"plain narrow text"), None);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0"), None);
        assert_eq!(sniff(&[0; 64]), None);
        assert_eq!(
            sniff(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0"),
            None
        );
        // 16-bit samples: zeros in every high byte, but no text.
        let samples: Vec<u8> = (0..200u16).flat_map(|n| (n % 31).to_le_bytes()).collect();
        assert_eq!(sniff(&samples), None);
    }

    #[test]
    fn byte_order_marks_name_utf32_before_utf16() {
        assert_eq!(
            bom(&[0xff, 0xfe, 0, 0, b'a', 0, 0, 0]),
            Some((Wide::Utf32Le, 4))
        );
        assert_eq!(bom(&[0, 0, 0xfe, 0xff]), Some((Wide::Utf32Be, 4)));
        assert_eq!(bom(&[0xff, 0xfe, b'a', 0]), Some((Wide::Utf16Le, 2)));
        assert_eq!(bom(&[0xfe, 0xff, 0, b'a']), Some((Wide::Utf16Be, 2)));
        assert_eq!(bom(b"abc"), None);
        assert_eq!(
            Wide::Utf32Le.decode(&[b'a', 0, 0, 0, 0, 0xd8, 0, 0, 1]),
            "a\u{fffd}\u{fffd}"
        );
    }
}
