//! Numbers as news writes them: digits with thousands separators (`2,600`,
//! `2.600`), decimals (`3.4`), suffixed amounts (`40m`, `3bn`), number words
//! (`two`, `twenty-five`, `a dozen`), scale words after them (`1.5
//! million`), and vague amounts (`dozens`, `hundreds of thousands`).

/// A number read from the tokens at one position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    /// Its value (the lower end of a vague amount).
    pub value: f64,
    /// The upper end of a vague amount ("hundreds": 999).
    pub high: Option<f64>,
    /// How many tokens it takes.
    pub len: usize,
    /// True for a vague amount ("dozens", "hundreds of thousands").
    pub vague: bool,
    /// True when it was written in digits.
    pub digits: bool,
    /// True when it was written with a thousands separator or decimals.
    pub separated: bool,
}

/// Reads the number starting at `words[0]` (lowercase tokens), if any.
pub(crate) fn read(words: &[&str]) -> Option<Number> {
    let first = *words.first()?;
    let (mut value, mut len, digits, separated) =
        if let Some((value, separated)) = digits_value(first) {
            (value, 1, true, separated)
        } else if let Some((low, high)) = vague_value(first) {
            // "hundreds of thousands", "tens of millions": the scale of
            // the second word multiplies both ends.
            let (scale, len) = match words.get(2).and_then(|word| vague_base(word)) {
                Some(scale) if words.get(1) == Some(&"of") => (scale, 3),
                _ => (1.0, 1),
            };
            return vague_amount(low * scale, (high + 1.0) * scale - 1.0, len);
        } else if let Some((low, high, taken)) = few(words) {
            // "several hundred", "a few thousand".
            return vague_amount(low, high, taken);
        } else if first == "a" || first == "one" {
            match words.get(1).copied() {
                Some("dozen") => (12.0, 2, false, false),
                Some("hundred") => (100.0, 2, false, false),
                Some("thousand") => (1_000.0, 2, false, false),
                Some("million") => (1_000_000.0, 2, false, false),
                Some("billion") => (1_000_000_000.0, 2, false, false),
                _ if first == "one" => (1.0, 1, false, false),
                _ => return None,
            }
        } else {
            (word_value(first)?, 1, false, false)
        };
    // Scale words: "1.5 million", "two hundred thousand".
    while let Some(scale) = words.get(len).and_then(|word| scale_value(word)) {
        value *= scale;
        len += 1;
    }
    value.is_finite().then_some(Number {
        value,
        high: None,
        len,
        vague: false,
        digits,
        separated,
    })
}

/// A vague amount from `low` to `high`, written in `len` tokens.
fn vague_amount(low: f64, high: f64, len: usize) -> Option<Number> {
    (low.is_finite() && high.is_finite()).then_some(Number {
        value: low,
        high: Some(high),
        len,
        vague: true,
        digits: false,
        separated: false,
    })
}

/// "several hundred", "a few thousand", "a couple of dozen": a vague
/// count of a scale word, with its ends and its length in tokens.
fn few(words: &[&str]) -> Option<(f64, f64, usize)> {
    let (low, taken) = match words {
        ["several", ..] => (3.0, 1),
        ["a", "few", ..] => (2.0, 2),
        ["a", "couple", "of", ..] => (2.0, 3),
        _ => return None,
    };
    let scale = match *words.get(taken)? {
        "dozen" => 12.0,
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        _ => return None,
    };
    // "several hundred thousand": a second scale word multiplies it.
    let (scale, len) = match words.get(taken + 1).and_then(|word| scale_value(word)) {
        Some(more) if more > scale => (scale * more, taken + 2),
        _ => (scale, taken + 1),
    };
    // A couple is two or three; a few and several stay under ten.
    let most = if taken == 3 { 3.0 } else { 9.0 };
    Some((low * scale, (most + 1.0) * scale - 1.0, len))
}

/// The value of a digit token, and whether it had separators or decimals:
/// `2,600` and `2.600` are 2600, `3.4` is 3.4, `1,234.5` is 1234.5,
/// `40m` is 40 million, `3bn` three billion. Ordinals, times, dates,
/// phone-like and mixed tokens are not numbers.
pub(crate) fn digits_value(word: &str) -> Option<(f64, bool)> {
    let body_end = word
        .char_indices()
        .find(|&(_, ch)| !(ch.is_ascii_digit() || ch == ',' || ch == '.'))
        .map_or(word.len(), |(at, _)| at);
    let (body, suffix) = word.split_at(body_end);
    let body = body.trim_end_matches(['.', ',']);
    if !body.starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let scale = match suffix {
        "" => 1.0,
        "k" => 1e3,
        "m" | "mn" | "mln" => 1e6,
        "bn" | "b" | "bln" => 1e9,
        "tn" | "trn" => 1e12,
        _ => return None,
    };
    let separators: Vec<(usize, char)> = body
        .char_indices()
        .filter(|&(_, ch)| ch == ',' || ch == '.')
        .collect();
    let groups_of_three = |from: usize| {
        body[from..]
            .split([',', '.'])
            .skip(1)
            .all(|group| group.len() == 3)
    };
    let value: f64 = match separators.as_slice() {
        [] => body.parse().ok()?,
        [(at, _), ..] if separators.iter().all(|&(_, ch)| ch == separators[0].1) => {
            // One kind of separator: thousands when every group after the
            // first has three digits and the first has one to three.
            if *at <= 3 && *at > 0 && !body.starts_with('0') && groups_of_three(0) {
                body.replace([',', '.'], "").parse().ok()?
            } else if separators.len() == 1 && separators[0].1 == '.' {
                body.parse().ok()?
            } else if separators.len() == 1 {
                body.replace(',', ".").parse().ok()?
            } else {
                return None;
            }
        }
        _ => {
            // Both kinds: the last one is the decimal mark.
            let &(last_at, last) = separators.last()?;
            let thousands = if last == '.' { ',' } else { '.' };
            if separators[..separators.len() - 1]
                .iter()
                .any(|&(_, ch)| ch != thousands)
            {
                return None;
            }
            let whole: String = body[..last_at]
                .chars()
                .filter(|&ch| ch != thousands)
                .collect();
            format!("{whole}.{}", &body[last_at + 1..]).parse().ok()?
        }
    };
    let separated = !separators.is_empty();
    Some((value * scale, separated))
}

/// Number words up to ninety-nine ("seven", "twenty-five").
fn word_value(word: &str) -> Option<f64> {
    if let Some((tens, ones)) = word.split_once('-') {
        let tens = word_value(tens)?;
        let ones = word_value(ones)?;
        return (tens >= 20.0 && tens % 10.0 == 0.0 && ones < 10.0).then_some(tens + ones);
    }
    Some(match word {
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" | "dozen" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "one" => 1.0,
        _ => return None,
    })
}

/// Vague amounts and their ends: "dozens" is from two dozen to 99,
/// "hundreds" from 200 to 999, "thousands" from 2,000 to 9,999.
fn vague_value(word: &str) -> Option<(f64, f64)> {
    Some(match word {
        "dozens" => (24.0, 99.0),
        "scores" => (40.0, 199.0),
        "tens" => (20.0, 99.0),
        "hundreds" => (200.0, 999.0),
        "thousands" => (2_000.0, 9_999.0),
        "millions" => (2e6, 1e7 - 1.0),
        "billions" => (2e9, 1e10 - 1.0),
        _ => return None,
    })
}

/// The scale a vague amount counts in: "thousands" are of a thousand.
fn vague_base(word: &str) -> Option<f64> {
    Some(match word {
        "hundreds" => 1e2,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => return None,
    })
}

/// Scale words after a number.
fn scale_value(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mln" | "mn" | "m" => 1e6,
        "billion" | "bn" | "bln" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn value(words: &str) -> Option<f64> {
        let words: Vec<&str> = words.split(' ').collect();
        read(&words).map(|number| number.value)
    }

    #[test]
    fn separators_decimals_and_suffixes() {
        assert_eq!(value("2,600"), Some(2600.0));
        assert_eq!(value("2.600"), Some(2600.0));
        assert_eq!(value("1,250,000"), Some(1_250_000.0));
        assert_eq!(value("3.4"), Some(3.4));
        assert_eq!(value("1,234.5"), Some(1234.5));
        assert_eq!(value("1.234,5"), Some(1234.5));
        assert_eq!(value("40m"), Some(40e6));
        assert_eq!(value("3bn"), Some(3e9));
        assert_eq!(value("1.5 million"), Some(1.5e6));
        assert_eq!(value("12,5"), Some(12.5));
        assert_eq!(value("0.500"), Some(0.5));
    }

    #[test]
    fn words_and_vague_amounts() {
        assert_eq!(value("two"), Some(2.0));
        assert_eq!(value("twenty-five"), Some(25.0));
        assert_eq!(value("a dozen"), Some(12.0));
        assert_eq!(value("two hundred thousand"), Some(200_000.0));
        assert_eq!(value("dozens"), Some(24.0));
        assert_eq!(value("hundreds of thousands"), Some(200_000.0));
        let number = read(&["hundreds", "of", "thousands", "of", "people"]).unwrap();
        assert!(number.vague);
        assert_eq!(number.len, 3);
        assert_eq!(number.high, Some(999_999.0));
    }

    #[test]
    fn vague_amounts_have_both_ends() {
        let ends = |words: &str| {
            let words: Vec<&str> = words.split(' ').collect();
            read(&words).map(|number| (number.value, number.high, number.len))
        };
        assert_eq!(ends("hundreds"), Some((200.0, Some(999.0), 1)));
        assert_eq!(ends("dozens"), Some((24.0, Some(99.0), 1)));
        assert_eq!(ends("thousands"), Some((2_000.0, Some(9_999.0), 1)));
        assert_eq!(
            ends("tens of thousands"),
            Some((20_000.0, Some(99_999.0), 3))
        );
        assert_eq!(ends("several hundred"), Some((300.0, Some(999.0), 2)));
        assert_eq!(ends("a few thousand"), Some((2_000.0, Some(9_999.0), 3)));
        assert_eq!(ends("several days"), None);
        assert_eq!(ends("1,200"), Some((1_200.0, None, 1)));
    }

    #[test]
    fn ordinals_times_and_codes_are_not_numbers() {
        for word in [
            "1st",
            "22nd",
            "10:30",
            "12/03/2025",
            "g7",
            "f-16",
            "+44",
            "a",
            "555-0142",
        ] {
            assert_eq!(value(word), None, "{word}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_any_token(word in "\\PC{0,12}", next in "\\PC{0,8}") {
            let _ = read(&[word.as_str(), next.as_str(), "of", "thousands"]);
            let _ = digits_value(&word);
        }

        #[test]
        fn plain_integers_read_back(n in 0u32..1_000_000) {
            prop_assert_eq!(digits_value(&n.to_string()).map(|(v, _)| v), Some(f64::from(n)));
        }

        #[test]
        fn comma_grouped_integers_read_back(n in 1000u64..10_000_000_000) {
            let digits = n.to_string();
            let mut grouped = String::new();
            for (at, ch) in digits.chars().enumerate() {
                if at > 0 && (digits.len() - at) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(ch);
            }
            prop_assert_eq!(digits_value(&grouped).map(|(v, _)| v), Some(n as f64));
        }
    }
}
