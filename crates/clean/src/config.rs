//! The settings of cleaning.

use crate::error::{Error, Result};

/// Thresholds of the clean stage. Every field has a sensible default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanConfig {
    /// A block seen in at least this many documents of one site is part of the
    /// site's template (default 3).
    pub template_min_docs: u32,
    /// The shortest block, in characters, whose language is checked against the
    /// article's language (default 40). Shorter blocks are too short to judge.
    pub min_lang_chars: usize,
    /// A template block in the middle of the body is removed only when it has
    /// fewer words than this (default 25); at the edges any length goes.
    pub template_max_words: usize,
    /// The most bytes of block text analysed in one document (default
    /// 1 MiB, about 170,000 words): blocks past it are removed with reason
    /// `too-long`, unanalysed, so that a pathological input (a 10 MB log)
    /// costs a bounded time in cleaning and in every stage after it.
    pub max_text_bytes: usize,
}

impl Default for CleanConfig {
    fn default() -> CleanConfig {
        CleanConfig {
            template_min_docs: 3,
            min_lang_chars: 40,
            template_max_words: 25,
            max_text_bytes: 1024 * 1024,
        }
    }
}

impl CleanConfig {
    /// Checks the settings once, up front. Cleaning with a bad config still
    /// works (values are clamped), but a user-given config should be checked.
    pub fn validate(&self) -> Result<()> {
        if self.template_min_docs < 2 {
            return Err(Error::BadSetting {
                field: "template_min_docs",
                value: self.template_min_docs.to_string(),
                why: "too small: a template needs at least 2 documents",
            });
        }
        if self.min_lang_chars < 10 {
            return Err(Error::BadSetting {
                field: "min_lang_chars",
                value: self.min_lang_chars.to_string(),
                why: "too small: language needs at least 10 characters to judge",
            });
        }
        if self.max_text_bytes < 1024 {
            return Err(Error::BadSetting {
                field: "max_text_bytes",
                value: self.max_text_bytes.to_string(),
                why: "too small: an article needs at least 1024 bytes of text",
            });
        }
        Ok(())
    }

    /// `template_min_docs` clamped to a usable value.
    pub(crate) fn template_threshold(&self) -> u32 {
        self.template_min_docs.max(2)
    }

    /// `min_lang_chars` clamped to a usable value.
    pub(crate) fn lang_chars(&self) -> usize {
        self.min_lang_chars.max(10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        assert!(CleanConfig::default().validate().is_ok());
        let config = CleanConfig {
            template_min_docs: 1,
            ..CleanConfig::default()
        };
        let err = config.validate().unwrap_err().to_string();
        assert!(
            err.starts_with("bad clean setting template_min_docs: 1"),
            "{err}"
        );
    }
}
