//! Byte ranges into an article's clean text: the evidence pointer of every fact.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into an [`crate::Article::text`].
///
/// Spans always fall on UTF-8 character boundaries of the text they were made
/// for; [`Span::slice`] returns `None` rather than panicking when they do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `end` is raised to `start` if it is smaller.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers, or `None` if it does not fit `text`.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_refuses_spans_off_char_boundaries() {
        let text = "çerez";
        assert_eq!(Span::new(0, 1).slice(text), None);
        assert_eq!(Span::new(0, 2).slice(text), Some("ç"));
        assert_eq!(Span::new(3, 99).slice(text), None);
    }

    #[test]
    fn new_never_makes_a_negative_span() {
        let span = Span::new(7, 3);
        assert!(span.is_empty());
        assert_eq!(span.len(), 0);
    }
}
