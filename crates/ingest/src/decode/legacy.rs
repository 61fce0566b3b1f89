//! Legacy encodings outside the WHATWG set that real archives still hold,
//! decoded with small tables of ours: IBM855 (DOS Cyrillic) and Johab
//! (Korean); and a check of a single-byte guess against the Cyrillic code
//! pages, which chardetng leaves out (MacCyrillic, IBM855).

use encoding_rs::{Encoding, EUC_KR, IBM866, ISO_8859_5, KOI8_U, WINDOWS_1251, X_MAC_CYRILLIC};

/// A decoder of ours, for an encoding encoding_rs does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    /// IBM code page 855, DOS Cyrillic.
    Ibm855,
    /// KS C 5601-1992 Johab, Korean.
    Johab,
}

impl Legacy {
    /// The name recorded as the document's encoding.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Legacy::Ibm855 => "IBM855",
            Legacy::Johab => "Johab",
        }
    }

    /// The encoding a (lowercase, trimmed) charset label names, if ours.
    pub(crate) fn for_label(label: &str) -> Option<Legacy> {
        match label {
            "ibm855" | "cp855" | "855" | "csibm855" | "ibm-855" => Some(Legacy::Ibm855),
            "johab" | "cp1361" | "ms1361" | "x-johab" | "ks-c-5601-1992" => Some(Legacy::Johab),
            _ => None,
        }
    }

    /// Decodes `bytes`; bytes with no character become U+FFFD.
    pub(crate) fn decode(self, bytes: &[u8]) -> String {
        match self {
            Legacy::Ibm855 => bytes.iter().map(|&b| ibm855(b)).collect(),
            Legacy::Johab => johab(bytes).0,
        }
    }
}

/// IBM855's upper half, 0x80–0xFF (the lower half is ASCII).
const IBM855_HIGH: [u16; 128] = [
    0x0452, 0x0402, 0x0453, 0x0403, 0x0451, 0x0401, 0x0454, 0x0404, 0x0455, 0x0405, 0x0456, 0x0406,
    0x0457, 0x0407, 0x0458, 0x0408, 0x0459, 0x0409, 0x045A, 0x040A, 0x045B, 0x040B, 0x045C, 0x040C,
    0x045E, 0x040E, 0x045F, 0x040F, 0x044E, 0x042E, 0x044A, 0x042A, 0x0430, 0x0410, 0x0431, 0x0411,
    0x0446, 0x0426, 0x0434, 0x0414, 0x0435, 0x0415, 0x0444, 0x0424, 0x0433, 0x0413, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x0445, 0x0425, 0x0438, 0x0418, 0x2563, 0x2551, 0x2557,
    0x255D, 0x0439, 0x0419, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x043A, 0x041A,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4, 0x043B, 0x041B, 0x043C, 0x041C,
    0x043D, 0x041D, 0x043E, 0x041E, 0x043F, 0x2518, 0x250C, 0x2588, 0x2584, 0x041F, 0x044F, 0x2580,
    0x042F, 0x0440, 0x0420, 0x0441, 0x0421, 0x0442, 0x0422, 0x0443, 0x0423, 0x0436, 0x0416, 0x0432,
    0x0412, 0x044C, 0x042C, 0x2116, 0x00AD, 0x044B, 0x042B, 0x0437, 0x0417, 0x0448, 0x0428, 0x044D,
    0x042D, 0x0449, 0x0429, 0x0447, 0x0427, 0x00A7, 0x25A0, 0x00A0,
];

fn ibm855(byte: u8) -> char {
    if byte < 0x80 {
        char::from(byte)
    } else {
        char::from_u32(u32::from(IBM855_HIGH[usize::from(byte - 0x80)]))
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

/// Johab initial consonants as compatibility jamo, for a lone initial.
const JAMO_INITIAL: [u16; 19] = [
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145, 0x3146, 0x3147,
    0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
];

/// Decodes Johab: ASCII bytes as they are; Hangul (lead 0x84–0xD3) by the
/// 5-bit initial, medial and final fields of its 16-bit code; symbols and
/// Hanja (lead 0xD8–0xF9) by moving them to their KS X 1001 row and cell
/// and reading those as EUC-KR. Returns the text and the number of Hangul
/// syllables read (how Johab-like the bytes are) and of bad pairs.
pub(crate) fn johab(bytes: &[u8]) -> (String, usize, usize) {
    let mut text = String::with_capacity(bytes.len());
    let (mut syllables, mut bad) = (0, 0);
    let mut at = 0;
    while at < bytes.len() {
        let lead = bytes[at];
        if lead < 0x80 {
            text.push(char::from(lead));
            at += 1;
            continue;
        }
        let Some(&trail) = bytes.get(at + 1) else {
            text.push(char::REPLACEMENT_CHARACTER);
            bad += 1;
            break;
        };
        match johab_pair(lead, trail) {
            Some((c, syllable)) => {
                text.push(c);
                syllables += usize::from(syllable);
                at += 2;
            }
            None => {
                text.push(char::REPLACEMENT_CHARACTER);
                bad += 1;
                at += 1;
            }
        }
    }
    (text, syllables, bad)
}

/// One Johab pair: the character, and whether it is a Hangul syllable.
fn johab_pair(lead: u8, trail: u8) -> Option<(char, bool)> {
    if (0x84..=0xd3).contains(&lead) {
        let code = u16::from_be_bytes([lead, trail]);
        let initial = (code >> 10) & 0x1f;
        let medial = (code >> 5) & 0x1f;
        let last = code & 0x1f;
        // -1 stands for the "fill" code: the field is empty.
        let initial: i32 = match initial {
            1 => -1,
            2..=20 => i32::from(initial) - 2,
            _ => return None,
        };
        let medial: i32 = match medial {
            2 => -1,
            3..=7 => i32::from(medial) - 3,
            10..=15 => i32::from(medial) - 5,
            18..=23 => i32::from(medial) - 7,
            26..=29 => i32::from(medial) - 9,
            _ => return None,
        };
        let last: i32 = match last {
            1 => 0,
            2..=17 => i32::from(last) - 1,
            19..=29 => i32::from(last) - 2,
            _ => return None,
        };
        let scalar = match (initial, medial, last) {
            (i, m, t) if i >= 0 && m >= 0 => 0xac00 + ((i * 21 + m) * 28 + t) as u32,
            (i, -1, 0) if i >= 0 => u32::from(JAMO_INITIAL[i as usize]),
            (-1, m, 0) if m >= 0 => 0x314f + m as u32,
            _ => return None,
        };
        return char::from_u32(scalar).map(|c| (c, initial >= 0 && medial >= 0));
    }
    let symbol_lead = (0xd9..=0xde).contains(&lead) || (0xe0..=0xf9).contains(&lead);
    let symbol_trail = (0x31..=0x7e).contains(&trail) || (0x91..=0xfe).contains(&trail);
    if !symbol_lead || !symbol_trail || (lead == 0xda && (0xa1..=0xd3).contains(&trail)) {
        return None;
    }
    let row_pair = if lead < 0xe0 {
        2 * (lead - 0xd9)
    } else {
        2 * (lead - 0xe0) + 0x0d
    };
    let cell = if trail < 0x91 {
        trail - 0x31
    } else {
        trail - 0x43
    };
    let (row, cell) = if cell < 0x5e {
        (row_pair + 0x21, cell + 0x21)
    } else {
        (row_pair + 0x22, cell - 0x5e + 0x21)
    };
    let euc = [row | 0x80, cell | 0x80];
    let (c, _, had_errors) = EUC_KR.decode(&euc);
    if had_errors {
        return None;
    }
    c.chars().next().map(|c| (c, false))
}

/// The Cyrillic code pages a single-byte text may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cyrillic {
    /// One encoding_rs has.
    Rs(&'static Encoding),
    /// IBM855, ours.
    Ibm855,
}

/// KOI8-U reads Russian as KOI8-R does, and Ukrainian too.
const CYRILLIC: [Cyrillic; 6] = [
    Cyrillic::Rs(WINDOWS_1251),
    Cyrillic::Rs(KOI8_U),
    Cyrillic::Rs(IBM866),
    Cyrillic::Rs(X_MAC_CYRILLIC),
    Cyrillic::Rs(ISO_8859_5),
    Cyrillic::Ibm855,
];

/// How many bytes are looked at to test a Cyrillic reading.
const CYRILLIC_SAMPLE: usize = 64 * 1024;

/// The Cyrillic code page that reads `bytes` as plausible Cyrillic text,
/// if one does: its high bytes must be almost all letters, in the
/// frequencies of Russian and its neighbours, with capitals only at the
/// start of words. Detection's own `guess` is kept unless another code
/// page reads the text clearly better. `None` when none reads it well.
pub(crate) fn cyrillic(bytes: &[u8], guess: &'static Encoding) -> Option<Cyrillic> {
    let sample = &bytes[..bytes.len().min(CYRILLIC_SAMPLE)];
    let score_of = |candidate: Cyrillic| {
        let text = match candidate {
            Cyrillic::Rs(encoding) => encoding.decode_without_bom_handling(sample).0.into_owned(),
            Cyrillic::Ibm855 => Legacy::Ibm855.decode(sample),
        };
        cyrillic_score(&text)
    };
    let mut best: Option<(Cyrillic, f64)> = None;
    for candidate in CYRILLIC {
        let Some(score) = score_of(candidate) else {
            continue;
        };
        if best.is_none_or(|(_, top)| score > top) {
            best = Some((candidate, score));
        }
    }
    let (best, top) = best.filter(|(_, score)| *score >= 4.0)?;
    match score_of(Cyrillic::Rs(guess)) {
        Some(own) if own >= top - 0.25 => Some(Cyrillic::Rs(guess)),
        _ => Some(best),
    }
}

/// A score per non-ASCII character for reading `text` as Cyrillic prose:
/// a lowercase letter scores its frequency in Russian (per cent), a capital
/// at the start of a word a little, a capital inside a word or any other
/// character a penalty. `None` when there are too few characters to judge.
fn cyrillic_score(text: &str) -> Option<f64> {
    let mut score = 0.0;
    let mut count = 0usize;
    let mut previous_letter = false;
    for c in text.chars() {
        if c.is_ascii() {
            previous_letter = c.is_ascii_alphabetic();
            continue;
        }
        count += 1;
        let lower = c.to_lowercase().next().unwrap_or(c);
        let cyrillic = ('\u{0400}'..='\u{04ff}').contains(&c);
        score += if !cyrillic {
            -8.0
        } else if lower == c {
            russian_frequency(c)
        } else if previous_letter {
            -8.0
        } else {
            2.0
        };
        previous_letter = c.is_alphabetic();
    }
    (count >= 8).then(|| score / count as f64)
}

/// Letter frequencies of Russian prose, per cent; other Cyrillic letters
/// (Ukrainian, Belarusian, Serbian) a little.
fn russian_frequency(c: char) -> f64 {
    match c {
        'о' => 11.0,
        'е' => 8.5,
        'а' => 8.0,
        'и' => 7.4,
        'н' => 6.7,
        'т' => 6.3,
        'с' => 5.5,
        'р' => 4.7,
        'в' => 4.5,
        'л' => 4.4,
        'к' => 3.5,
        'м' => 3.2,
        'д' => 3.0,
        'п' => 2.8,
        'у' => 2.6,
        'я' => 2.0,
        'ы' => 1.9,
        'ь' | 'г' => 1.7,
        'з' | 'б' => 1.6,
        'ч' => 1.4,
        'й' => 1.2,
        'х' => 1.0,
        'ж' => 0.9,
        'ш' => 0.7,
        'ю' => 0.6,
        'ц' => 0.5,
        'щ' => 0.4,
        'э' | 'ф' => 0.3,
        'і' | 'ї' | 'є' | 'ґ' | 'ў' => 1.0,
        'ъ' | 'ё' => 0.1,
        _ => -2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // "Жители Велморы ждут паром. Гавань закрыта до понедельника."
    const RUSSIAN: &str = "Жители Велморы ждут паром. Гавань закрыта до понедельника.";
    // The same sentence in MacCyrillic and IBM855, as Python's codecs write it.
    const MAC: &[u8] = b"\x86\xe8\xf2\xe5\xeb\xe8 \x82\xe5\xeb\xec\xee\xf0\xfb \xe6\xe4\xf3\xf2 \xef\xe0\xf0\xee\xec. \x83\xe0\xe2\xe0\xed\xfc \xe7\xe0\xea\xf0\xfb\xf2\xe0 \xe4\xee \xef\xee\xed\xe5\xe4\xe5\xeb\xfc\xed\xe8\xea\xe0.";
    const IBM855: &[u8] = b"\xea\xb7\xe5\xa8\xd0\xb7 \xec\xa8\xd0\xd2\xd6\xe1\xf1 \xe9\xa6\xe7\xe5 \xd8\xa0\xe1\xd6\xd2. \xad\xa0\xeb\xa0\xd4\xed \xf3\xa0\xc6\xe1\xf1\xe5\xa0 \xa6\xd6 \xd8\xd6\xd4\xa8\xa6\xa8\xd0\xed\xd4\xb7\xc6\xa0.";

    #[test]
    fn ibm855_and_mac_cyrillic_are_recognised_and_read() {
        assert_eq!(Legacy::Ibm855.decode(IBM855), RUSSIAN);
        let latin = encoding_rs::WINDOWS_1252;
        assert_eq!(cyrillic(IBM855, latin), Some(Cyrillic::Ibm855));
        assert_eq!(cyrillic(MAC, latin), Some(Cyrillic::Rs(X_MAC_CYRILLIC)));
        assert_eq!(
            cyrillic(MAC, WINDOWS_1251),
            Some(Cyrillic::Rs(X_MAC_CYRILLIC))
        );
        let (cp1251, _, _) = WINDOWS_1251.encode(RUSSIAN);
        assert_eq!(cyrillic(&cp1251, latin), Some(Cyrillic::Rs(WINDOWS_1251)));
        let (koi8, _, _) = encoding_rs::KOI8_R.encode(RUSSIAN);
        assert_eq!(cyrillic(&koi8, latin), Some(Cyrillic::Rs(KOI8_U)));
        assert_eq!(
            cyrillic(&koi8, encoding_rs::KOI8_R),
            Some(Cyrillic::Rs(encoding_rs::KOI8_R))
        );
        // Ukrainian in KOI8-U, guessed right, stays KOI8-U.
        let (ukrainian, _, _) = KOI8_U.encode(
            "Мешканці Велмори чекають на пором. Гавань закрита до понеділка, їхні човни стоять.",
        );
        assert_eq!(cyrillic(&ukrainian, KOI8_U), Some(Cyrillic::Rs(KOI8_U)));
    }

    #[test]
    fn western_text_is_not_cyrillic() {
        let french = b"Le caf\xe9 du quai rouvre apr\xe8s la temp\xeate: \xab d\xe9j\xe0 \xbb, dit-on \xe0 Velmora; na\xefve \xe9t\xe9 \xe9l\xe8ve.";
        assert_eq!(cyrillic(french, encoding_rs::WINDOWS_1252), None);
    }

    #[test]
    fn johab_reads_hangul_lone_jamo_and_symbols() {
        // "한국어 뉴스", "ㄱ", "ㅏ" and "Привет", as Python's johab codec writes them.
        let (text, syllables, bad) = johab(b"\xd0\x65\x8a\x82\xb4\xe1 \x93\x41\xaf\x61");
        assert_eq!((text.as_str(), syllables, bad), ("한국어 뉴스", 5, 0));
        assert_eq!(Legacy::Johab.decode(b"\x88\x41\x84\x61"), "ㄱㅏ");
        assert_eq!(
            Legacy::Johab.decode(b"\xde\xb1\xde\xe2\xde\xda\xde\xd3\xde\xd6\xde\xe4"),
            "Привет"
        );
        assert_eq!(johab(b"\xff\xff\xd0").2, 3);
    }
}
