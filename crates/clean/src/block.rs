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
    /// Whitespace-separated words.
    pub words: usize,
    /// Characters.
    pub chars: usize,
    /// The block's language, when it is long enough to judge.
    pub lang: Option<Guess>,
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
}

impl Block {
    /// A block with its text features; structure fields empty.
    pub fn new(text: &str, min_lang_chars: usize) -> Block {
        let text = text.trim();
        let chars = text.chars().count();
        let lang = if chars >= min_lang_chars {
            language::guess(text)
        } else {
            None
        };
        Block {
            text: text.to_string(),
            fingerprint: fingerprint(text),
            words: text.split_whitespace().count(),
            chars,
            lang,
            heading: None,
            link_density: 0.0,
            structural: None,
            bad_class: None,
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
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            out.push(c);
        }
    }
    out
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

    #[test]
    fn sentence_endings_see_through_quotes() {
        assert!(Block::new("“We will rebuild,” she said.", 40).ends_like_sentence());
        assert!(Block::new("He said: \"It is over.\"", 40).ends_like_sentence());
        assert!(!Block::new("Photo: Velmora Harbour Authority", 40).ends_like_sentence());
    }
}
