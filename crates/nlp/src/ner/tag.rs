//! BIO tags (`O`, `B-PER`, `I-LOC` …) and the entity spans they mark.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use tidings_model::EntityKind;

/// The tag of one token: outside any name, beginning one, or inside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Not part of a name.
    O,
    /// The first token of a name of this kind.
    B(EntityKind),
    /// A following token of a name of this kind (or, in IOB1 input, a first
    /// token whose predecessor is not of the same kind).
    I(EntityKind),
}

/// The number of distinct tags (O plus B and I for each of four kinds).
pub(crate) const TAG_COUNT: usize = 9;

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organisation => 1,
        EntityKind::Location => 2,
        EntityKind::Other => 3,
    }
}

impl Tag {
    /// The tag's dense index in `0..9`: O, then B and I of PER, ORG, LOC, MISC.
    pub(crate) fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(kind) => 1 + 2 * kind_index(kind),
            Tag::I(kind) => 2 + 2 * kind_index(kind),
        }
    }

    /// The tag of a dense index (anything out of range is `O`).
    pub(crate) fn from_index(index: usize) -> Tag {
        if index == 0 || index >= TAG_COUNT {
            return Tag::O;
        }
        let kind = EntityKind::ALL[(index - 1) / 2];
        if index % 2 == 1 {
            Tag::B(kind)
        } else {
            Tag::I(kind)
        }
    }

    /// The kind of name this tag is part of, if any.
    pub fn kind(self) -> Option<EntityKind> {
        match self {
            Tag::O => None,
            Tag::B(kind) | Tag::I(kind) => Some(kind),
        }
    }

    /// Parses `O`, `B-PER`, `I-LOC` … (kinds as [`EntityKind::parse`] knows them).
    pub fn parse(text: &str) -> Option<Tag> {
        if text == "O" {
            return Some(Tag::O);
        }
        let (prefix, kind) = text.split_once('-')?;
        let kind = EntityKind::parse(kind)?;
        match prefix {
            "B" => Some(Tag::B(kind)),
            "I" => Some(Tag::I(kind)),
            _ => None,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(kind) => write!(f, "B-{}", kind.conll()),
            Tag::I(kind) => write!(f, "I-{}", kind.conll()),
        }
    }
}

/// The error of parsing a [`Tag`] from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTagError(pub String);

impl fmt::Display for ParseTagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a BIO tag: {:?}", self.0)
    }
}

impl std::error::Error for ParseTagError {}

impl FromStr for Tag {
    type Err = ParseTagError;

    fn from_str(text: &str) -> Result<Tag, ParseTagError> {
        Tag::parse(text).ok_or_else(|| ParseTagError(text.to_string()))
    }
}

/// The names marked by a tag sequence, as (kind, token range), with the
/// conlleval reading: a name starts at `B-X`, or at `I-X` when the previous
/// token is not of kind X (so IOB1 and IOB2 both work), and ends before `O`
/// or the start of another name.
pub fn entity_spans(tags: &[Tag]) -> Vec<(EntityKind, Range<usize>)> {
    let mut spans = Vec::new();
    let mut open: Option<(EntityKind, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let begins = match (tag, open) {
            (Tag::O, _) => false,
            (Tag::B(_), _) => true,
            (Tag::I(kind), Some((current, _))) => *kind != current,
            (Tag::I(_), None) => true,
        };
        if let Some((kind, start)) = open {
            if *tag == Tag::O || begins {
                spans.push((kind, start..i));
                open = None;
            }
        }
        if begins {
            if let Some(kind) = tag.kind() {
                open = Some((kind, i));
            }
        }
    }
    if let Some((kind, start)) = open {
        spans.push((kind, start..tags.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tags(text: &str) -> Vec<Tag> {
        text.split_whitespace()
            .map(|t| Tag::parse(t).unwrap())
            .collect()
    }

    #[test]
    fn tags_round_trip_through_text_and_index() {
        for index in 0..TAG_COUNT {
            let tag = Tag::from_index(index);
            assert_eq!(tag.index(), index);
            assert_eq!(Tag::parse(&tag.to_string()), Some(tag));
        }
        assert_eq!(Tag::parse("B-GPE"), Some(Tag::B(EntityKind::Location)));
        assert_eq!(Tag::parse("X-PER"), None);
        assert_eq!(Tag::parse("B-TIME"), None);
        assert!("I-ORG".parse::<Tag>().is_ok());
        assert!("o".parse::<Tag>().is_err());
    }

    #[test]
    fn iob2_spans() {
        let spans = entity_spans(&tags("B-PER I-PER O B-LOC B-LOC I-LOC O"));
        assert_eq!(
            spans,
            vec![
                (EntityKind::Person, 0..2),
                (EntityKind::Location, 3..4),
                (EntityKind::Location, 4..6),
            ]
        );
    }

    #[test]
    fn iob1_spans_and_kind_changes() {
        let spans = entity_spans(&tags("I-ORG I-ORG I-PER O I-MISC"));
        assert_eq!(
            spans,
            vec![
                (EntityKind::Organisation, 0..2),
                (EntityKind::Person, 2..3),
                (EntityKind::Other, 4..5),
            ]
        );
    }

    proptest! {
        #[test]
        fn spans_are_ordered_and_within_bounds(indices in proptest::collection::vec(0usize..9, 0..40)) {
            let tags: Vec<Tag> = indices.iter().map(|&i| Tag::from_index(i)).collect();
            let spans = entity_spans(&tags);
            let mut end = 0;
            for (kind, range) in spans {
                prop_assert!(range.start >= end && range.start < range.end && range.end <= tags.len());
                prop_assert_eq!(tags[range.start].kind(), Some(kind));
                end = range.end;
            }
        }
    }
}
