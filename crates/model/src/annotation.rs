//! What the language layer finds in an article: sentences and tokens, named
//! mentions, the entities they name, and dates.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// A sentence of an article's clean text, with its tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The sentence's bytes in [`crate::Article::text`].
    pub span: Span,
    /// Its tokens, in order, each a span of the same text.
    pub tokens: Vec<Span>,
}

/// The kind of a named entity (CoNLL's PER, ORG, LOC, MISC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// People (PER).
    Person,
    /// Organisations, including governments named by their institutions (ORG).
    Organisation,
    /// Countries, cities, regions, sites (LOC).
    Location,
    /// Other names: nationalities, events, works, products (MISC).
    Other,
}

impl EntityKind {
    /// Every kind, in declaration order.
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organisation,
        EntityKind::Location,
        EntityKind::Other,
    ];

    /// The lowercase name used in JSON, the store and `--kind`.
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Location => "location",
            EntityKind::Other => "other",
        }
    }

    /// The CoNLL tag type (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn conll(&self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Organisation => "ORG",
            EntityKind::Location => "LOC",
            EntityKind::Other => "MISC",
        }
    }

    /// The kind of a CoNLL tag type, or of a name as `as_str` gives it.
    pub fn parse(name: &str) -> Option<EntityKind> {
        match name.trim().to_ascii_lowercase().as_str() {
            "per" | "person" => Some(EntityKind::Person),
            "org" | "organisation" | "organization" => Some(EntityKind::Organisation),
            "loc" | "location" | "gpe" => Some(EntityKind::Location),
            "misc" | "other" => Some(EntityKind::Other),
            _ => None,
        }
    }
}

/// A stretch of text that names an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The name's bytes in the article text.
    pub span: Span,
    /// The name as written.
    pub text: String,
    /// What kind of entity the tagger says it names.
    pub kind: EntityKind,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// Index into [`Annotations::entities`] of the entity it names.
    pub entity: usize,
}

/// One entity of a document: every mention of it resolved to one name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The canonical name: the longest full form used ("Vladimir Putin").
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Other names used for it in the document ("Putin"; "HRANA" for the
    /// Human Rights Activists News Agency), without the canonical name.
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-3 code of the country it belongs to or is, when known
    /// ("Russian President Vladimir Putin" → `RUS`; Tehran → `IRN`).
    pub country: Option<String>,
    /// Roles it is given ("President", "Prime Minister", "spokeswoman").
    pub roles: Vec<String>,
    /// How many mentions name it.
    pub mentions: usize,
}

/// A date expression and the day it means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// The expression's bytes in the article text.
    pub span: Span,
    /// The expression as written ("late Wednesday", "on Friday", "last month").
    pub text: String,
    /// The day it resolves to against the publication date, or the first day
    /// of the period for a month or year ("last month" → the 1st); `None`
    /// when the article has no date to resolve against.
    pub date: Option<jiff::civil::Date>,
    /// How precise `date` is.
    pub precision: DatePrecision,
}

/// How much of a resolved date is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// A day.
    Day,
    /// A month (the date is its first day).
    Month,
    /// A year (the date is its first day).
    Year,
}

/// Everything the language layer adds to an article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    /// Sentences with their tokens, in order.
    pub sentences: Vec<Sentence>,
    /// Named mentions, in text order.
    pub mentions: Vec<Mention>,
    /// The document's entities; mentions point into this list.
    pub entities: Vec<Entity>,
    /// Date expressions, in text order.
    pub dates: Vec<DateMention>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_conll_and_their_own_names() {
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::parse(kind.conll()), Some(kind));
            assert_eq!(EntityKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(EntityKind::parse("DATE"), None);
    }
}
