//! Blocks: the units cleaning decides on (a line, a paragraph, an HTML text
//! block), with the features the signals read.

use tidings_model::Reason;

use crate::language::{self, Guess};

/// One block of the input and its features.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The block's text, trimmed of surrounding whitespace.
    pub text: String,
    /// xxh3 of the normalised text (see [`fingerprint`]).
    pub fingerprint: u64,
    /// Words: whitespace-separated, with runs of scripts written without
    /// spaces (Chinese, Japanese, Thai …) counted by their characters
    /// (see [`word_count`]), so a long Chinese paragraph is not a label.
    pub words: usize,
    /// Characters.
    pub chars: usize,
    /// The block's language, when it is long enough to judge and its
    /// function words settled it, or whatlang was asked (see `lang_pending`).
    pub lang: Option<Guess>,
    /// Long enough to judge, but its function words did not settle it and
    /// whatlang has not been asked yet: it is asked only when the answer
    /// can change a decision ([`Block::resolve_lang`]).
    pub lang_pending: bool,
    /// The language with strictly the most function words in the block.
    pub lang_leaning: Option<&'static str>,
    /// Heading level (1–6) of an HTML heading.
    pub heading: Option<u8>,
    /// Share of the text inside links (HTML), 0 for plain text.
    pub link_density: f32,
    /// Removed by page structure before any text signal (HTML outside the main
    /// content, or navigation inside it), with the detail.
    pub structural: Option<(Reason, String)>,
    /// A class or id token of an enclosing element inside the main content that
    /// suggests boilerplate (`share`, `cookie`, `promo` …).
    pub bad_class: Option<String>,
    /// The byline whose names became the article's authors.
    pub byline: bool,
}

impl Block {
    /// A block with its text features; structure fields empty.
    pub fn new(text: &str, min_lang_chars: usize) -> Block {
        let text = text.trim();
        let chars = text.chars().count();
        let mut block = Block {
            text: text.to_string(),
            fingerprint: fingerprint(text),
            words: word_count(text),
            chars,
            lang: None,
            lang_pending: false,
            lang_leaning: None,
            heading: None,
            link_density: 0.0,
            structural: None,
            bad_class: None,
            byline: false,
        };
        if chars >= min_lang_chars {
            block.judge_lang();
        }
        block
    }

    /// Reads the block's function words; whatlang waits
    /// ([`Block::resolve_lang`]).
    pub fn judge_lang(&mut self) {
        let quick = language::quick(&self.text);
        self.lang_leaning = quick.leaning;
        match quick.decided {
            Some(code) => {
                self.lang = Some(Guess {
                    code,
                    reliable: true,
                });
                self.lang_pending = false;
            }
            None => {
                self.lang = None;
                self.lang_pending = true;
            }
        }
    }

    /// Asks whatlang when the function words left the language open.
    pub fn resolve_lang(&mut self) {
        if self.lang_pending {
            self.lang = language::whatlang_guess(&self.text);
            self.lang_pending = false;
        }
    }

    /// The block's reliable language, asking whatlang if it has not been
    /// asked, without keeping the answer.
    pub fn reliable_lang_now(&self) -> Option<&'static str> {
        if self.lang_pending {
            language::whatlang_guess(&self.text)
                .filter(|guess| guess.reliable)
                .map(|guess| guess.code)
        } else {
            self.reliable_lang()
        }
    }

    /// A block past the per-document work bound: no language guessed,
    /// removed as [`Reason::TooLong`] before any signal reads it.
    pub fn past_limit(text: &str, limit: usize) -> Block {
        let mut block = Block::new(text, usize::MAX);
        block.structural = Some((
            Reason::TooLong,
            format!(
                "past the first {} KiB of text of this document, the most analysed",
                limit / 1024
            ),
        ));
        block
    }

    /// The block's language if whatlang is reliable about it.
    pub fn reliable_lang(&self) -> Option<&'static str> {
        self.lang
            .filter(|guess| guess.reliable)
            .map(|guess| guess.code)
    }

    /// True when the block ends like a sentence (`.`, `!`, `?`, `…`), possibly
    /// followed by closing quotes or brackets.
    pub fn ends_like_sentence(&self) -> bool {
        let end = self
            .text
            .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '“', '«']);
        end.ends_with(['.', '!', '?', '…', '。', '؟'])
    }
}

/// Lowercases and collapses whitespace: the form blocks are compared in.
pub(crate) fn normalise(text: &str) -> String {
    if text.is_ascii() {
        // The common case, byte by byte: ASCII whitespace is what
        // `split_whitespace` splits ASCII text at (tab to carriage return,
        // and space).
        let mut out = Vec::with_capacity(text.len());
        let mut pending = false;
        for &b in text.as_bytes() {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                pending = !out.is_empty();
            } else {
                if pending {
                    out.push(b' ');
                    pending = false;
                }
                out.push(b.to_ascii_lowercase());
            }
        }
        // ASCII in, ASCII out: always valid.
        return String::from_utf8(out)
            .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// Words of a text: each whitespace-separated token is one word, unless it
/// holds characters of a script written without spaces, which count about
/// one word per two characters (Han, kana) or per four (Thai, Lao, Khmer,
/// Myanmar).
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|token| {
            let (mut dense, mut sparse) = (0usize, 0usize);
            for c in token.chars() {
                match u32::from(c) {
                    0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => {
                        dense += 1
                    }
                    0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF => sparse += 1,
                    _ => {}
                }
            }
            (dense / 2 + sparse / 4).max(1)
        })
        .sum()
}

/// xxh3 of the normalised text.
pub(crate) fn fingerprint(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(normalise(text).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_case_and_spacing() {
        assert_eq!(
            fingerprint("  Read   more\tabout Velmora "),
            fingerprint("read more about velmora")
        );
        assert_ne!(fingerprint("read more"), fingerprint("read less"));
    }

    /// The general path of [`normalise`], for checking the ASCII one.
    fn normalise_by_words(text: &str) -> String {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        words.join(" ")
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_path_normalises_as_the_general_one(text in "[ -~\t\n\x0b\x0c\r\x1c-\x1f]{0,80}") {
            proptest::prop_assert_eq!(normalise(&text), normalise_by_words(&text));
        }

        #[test]
        fn any_text_normalises_to_its_lowercase_words(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(normalise(&text), normalise_by_words(&text));
        }
    }

    #[test]
    fn sentence_endings_see_through_quotes() {
        assert!(Block::new("“We will rebuild,” she said.", 40).ends_like_sentence());
        assert!(Block::new("He said: \"It is over.\"", 40).ends_like_sentence());
        assert!(!Block::new("Photo: Velmora Harbour Authority", 40).ends_like_sentence());
    }
}
