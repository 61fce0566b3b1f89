//! A token view of an annotated article, shared by quotes and figures: each
//! token with its lowercase form, its sentence, the mention and date it is
//! part of, and the quotation it sits in; quotation marks paired per
//! paragraph; and "units", the runs of sentences that a quotation holds
//! together.
//!
//! Everything is built in one pass over the annotations' tokens; the only
//! text copy is one ASCII-lowercased copy of the article (same byte offsets).

use std::ops::Range;

use tidings_model::{Annotations, Span};

/// One token of the article.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    /// Its bytes in the article text.
    pub span: Span,
    /// Index of its sentence.
    pub sentence: usize,
    /// Index into `Annotations::mentions` of the mention it is part of.
    pub mention: Option<usize>,
    /// True when it is part of a date expression.
    pub date: bool,
    /// Index into [`Doc::segments`] of the quotation it is inside (marks
    /// excluded).
    pub quoted: Option<usize>,
    /// The quotation mark it is, if it is one.
    pub mark: Option<Mark>,
}

/// A quotation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// `"`: opens or closes.
    Straight,
    /// `“`: opens, or closes a `„`.
    CurlyOpen,
    /// `”`: closes.
    CurlyClose,
    /// `«`: opens.
    GuillemetOpen,
    /// `»`: closes.
    GuillemetClose,
    /// `„`: opens.
    Low,
}

impl Mark {
    fn of(word: &str) -> Option<Mark> {
        match word {
            "\"" => Some(Mark::Straight),
            "\u{201c}" => Some(Mark::CurlyOpen),
            "\u{201d}" => Some(Mark::CurlyClose),
            "\u{ab}" => Some(Mark::GuillemetOpen),
            "\u{bb}" => Some(Mark::GuillemetClose),
            "\u{201e}" => Some(Mark::Low),
            _ => None,
        }
    }
}

/// A quotation: the tokens between an opening and a closing mark of one
/// paragraph.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark; `None` when the paragraph ends first.
    pub close: Option<usize>,
    /// One past the last quoted token.
    pub end: usize,
}

/// The token view of one article.
#[derive(Debug)]
pub(crate) struct Doc<'a> {
    /// The article text.
    pub text: &'a str,
    lower: String,
    /// Every token, in text order.
    pub tokens: Vec<Tok>,
    /// Quotations in text order.
    pub segments: Vec<Segment>,
    /// Token ranges of runs of sentences held together by quotations, in
    /// text order; every token is in exactly one unit.
    pub units: Vec<Range<usize>>,
}

impl<'a> Doc<'a> {
    /// The view of `text` with its annotations.
    pub fn new(text: &'a str, annotations: &Annotations) -> Doc<'a> {
        let lower = text.to_ascii_lowercase();
        let mut tokens = Vec::new();
        // Token index where each sentence starts, plus whether a paragraph
        // break comes before it.
        let mut starts: Vec<(usize, bool)> = Vec::with_capacity(annotations.sentences.len());
        let mut previous_end = 0usize;
        for (index, sentence) in annotations.sentences.iter().enumerate() {
            let gap = text.get(previous_end..sentence.span.start).unwrap_or("");
            starts.push((tokens.len(), index == 0 || gap.contains("\n\n")));
            for span in &sentence.tokens {
                if text.get(span.start..span.end).is_none() || span.is_empty() {
                    continue;
                }
                tokens.push(Tok {
                    span: *span,
                    sentence: index,
                    mention: None,
                    date: false,
                    quoted: None,
                    mark: None,
                });
            }
            previous_end = sentence.span.end.max(previous_end);
        }
        let mut doc = Doc {
            text,
            lower,
            tokens,
            segments: Vec::new(),
            units: Vec::new(),
        };
        doc.mark_mentions(annotations);
        doc.mark_dates(annotations);
        doc.pair_marks(&starts);
        doc
    }

    /// The token as written.
    pub fn word(&self, index: usize) -> &'a str {
        self.tokens
            .get(index)
            .and_then(|tok| self.text.get(tok.span.start..tok.span.end))
            .unwrap_or("")
    }

    /// The token in ASCII lower case.
    pub fn low(&self, index: usize) -> &str {
        self.tokens
            .get(index)
            .and_then(|tok| self.lower.get(tok.span.start..tok.span.end))
            .unwrap_or("")
    }

    /// The text from the start of token `first` to the end of token `last`
    /// (inclusive), with its span.
    pub fn stretch(&self, first: usize, last: usize) -> Option<(Span, &'a str)> {
        let start = self.tokens.get(first)?.span.start;
        let end = self.tokens.get(last)?.span.end;
        let span = Span::new(start, end);
        Some((span, span.slice(self.text)?))
    }

    /// True when the token is outside every quotation and is no mark.
    pub fn free(&self, index: usize) -> bool {
        self.tokens
            .get(index)
            .is_some_and(|tok| tok.quoted.is_none() && tok.mark.is_none())
    }

    fn mark_mentions(&mut self, annotations: &Annotations) {
        let mut next = 0usize;
        for tok in &mut self.tokens {
            while next < annotations.mentions.len()
                && annotations.mentions[next].span.end <= tok.span.start
            {
                next += 1;
            }
            if let Some(mention) = annotations.mentions.get(next) {
                if mention.span.start <= tok.span.start && tok.span.end <= mention.span.end {
                    tok.mention = Some(next);
                }
            }
        }
    }

    fn mark_dates(&mut self, annotations: &Annotations) {
        let mut next = 0usize;
        for tok in &mut self.tokens {
            while next < annotations.dates.len()
                && annotations.dates[next].span.end <= tok.span.start
            {
                next += 1;
            }
            if let Some(date) = annotations.dates.get(next) {
                tok.date = date.span.start <= tok.span.start && tok.span.end <= date.span.end;
            }
        }
    }

    /// Pairs quotation marks paragraph by paragraph and cuts the units.
    fn pair_marks(&mut self, starts: &[(usize, bool)]) {
        // Paragraph token ranges.
        let mut paragraphs: Vec<Range<usize>> = Vec::new();
        for (position, &(first, breaks)) in starts.iter().enumerate() {
            if breaks || paragraphs.is_empty() {
                paragraphs.push(first..first);
            }
            let end = starts
                .get(position + 1)
                .map_or(self.tokens.len(), |&(next, _)| next);
            if let Some(last) = paragraphs.last_mut() {
                last.end = end;
            }
        }
        for paragraph in paragraphs {
            let mut open: Option<(usize, Mark)> = None;
            for index in paragraph.clone() {
                let word = self.word(index);
                let Some(mark) = Mark::of(word) else {
                    continue;
                };
                self.tokens[index].mark = Some(mark);
                let closes = matches!(
                    (open, mark),
                    (Some((_, Mark::Straight)), Mark::Straight)
                        | (
                            Some((_, Mark::CurlyOpen)),
                            Mark::CurlyClose | Mark::Straight
                        )
                        | (Some((_, Mark::Low)), Mark::CurlyOpen | Mark::CurlyClose)
                        | (Some((_, Mark::GuillemetOpen)), Mark::GuillemetClose)
                );
                if closes {
                    if let Some((at, _)) = open.take() {
                        self.add_segment(at, Some(index), index);
                    }
                } else if open.is_none()
                    && matches!(
                        mark,
                        Mark::Straight | Mark::CurlyOpen | Mark::GuillemetOpen | Mark::Low
                    )
                {
                    open = Some((index, mark));
                }
            }
            if let Some((at, _)) = open {
                self.add_segment(at, None, paragraph.end);
            }
            // Units: sentence boundaries inside the paragraph that no
            // quotation crosses.
            let mut unit_start = paragraph.start;
            for index in paragraph.clone() {
                let last_of_sentence = index + 1 == paragraph.end
                    || self.tokens[index + 1].sentence != self.tokens[index].sentence;
                if !last_of_sentence {
                    continue;
                }
                let crossing = index + 1 < paragraph.end && self.tokens[index + 1].quoted.is_some();
                if !crossing {
                    self.units.push(unit_start..index + 1);
                    unit_start = index + 1;
                }
            }
            if unit_start < paragraph.end {
                self.units.push(unit_start..paragraph.end);
            }
        }
    }

    fn add_segment(&mut self, open: usize, close: Option<usize>, end: usize) {
        let id = self.segments.len();
        for tok in self.tokens.iter_mut().take(end).skip(open + 1) {
            tok.quoted = Some(id);
        }
        self.segments.push(Segment { open, close, end });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_model::Sentence;

    pub(crate) fn annotations_of(text: &str) -> Annotations {
        // A tiny whitespace tokenizer that splits quote marks and final
        // punctuation, enough for these tests.
        let mut tokens = Vec::new();
        let mut start = None;
        for (at, ch) in text.char_indices() {
            let single = matches!(ch, '"' | '\u{201c}' | '\u{201d}' | ',' | '.');
            if ch.is_whitespace() || single {
                if let Some(from) = start.take() {
                    tokens.push(Span::new(from, at));
                }
                if single {
                    tokens.push(Span::new(at, at + ch.len_utf8()));
                }
            } else if start.is_none() {
                start = Some(at);
            }
        }
        if let Some(from) = start {
            tokens.push(Span::new(from, text.len()));
        }
        Annotations {
            sentences: vec![Sentence {
                span: Span::new(0, text.len()),
                tokens,
            }],
            ..Annotations::default()
        }
    }

    #[test]
    fn quotation_marks_pair_and_unclosed_ones_run_to_the_paragraph_end() {
        let text = "\u{201c}We stay,\u{201d} she said. \"Then we go";
        let annotations = annotations_of(text);
        let doc = Doc::new(text, &annotations);
        assert_eq!(doc.segments.len(), 2);
        let first = doc.segments[0];
        assert_eq!(doc.word(first.open), "\u{201c}");
        assert_eq!(first.close.map(|at| doc.word(at)), Some("\u{201d}"));
        assert!(doc.segments[1].close.is_none());
        assert_eq!(doc.segments[1].end, doc.tokens.len());
        assert!(!doc.free(1));
        assert_eq!(doc.low(1), "we");
    }
}
