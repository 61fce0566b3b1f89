//! What the store says about store-wide entities: summaries for
//! `tidings entities`, the detail behind `tidings entity NAME`, and the link
//! from a document's entity to its store entity.

use serde::Serialize;
use tidings_model::{DocId, EntityKind, Published, Span};

/// A store-wide entity: every document entity resolved to it, counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    /// The store's id for it (stable while any article names it).
    pub id: i64,
    /// Its canonical name: the full name most documents use.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Every other name documents use for it, sorted.
    pub aliases: Vec<String>,
    /// ISO 3166 alpha-3 code of its country, when a document gave one.
    pub country: Option<String>,
    /// Roles documents give it, sorted.
    pub roles: Vec<String>,
    /// How many mentions name it, over all articles.
    pub mentions: u64,
    /// How many articles name it.
    pub articles: u64,
}

/// Everything the store knows of one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityDetail {
    /// The entity itself.
    pub entity: EntitySummary,
    /// Its mentions with their sentences, newest articles first.
    pub mentions: Vec<MentionHit>,
    /// Entities named in the same articles, most shared articles first (at most 20).
    pub co_occurring: Vec<CoEntity>,
    /// Mentions per publication day, oldest day first.
    pub timeline: Vec<(jiff::civil::Date, u64)>,
    /// Mentions in articles without a publication date.
    pub undated: u64,
}

/// One mention of an entity, in its sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionHit {
    /// The article it is in.
    pub id: DocId,
    /// The article's title.
    pub title: Option<String>,
    /// When the article was published.
    pub published: Option<Published>,
    /// The mention as written.
    pub text: String,
    /// The whole sentence it is in.
    pub sentence: String,
    /// The mention's bytes inside `sentence`.
    pub range: Span,
}

/// An entity named in the same articles as another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoEntity {
    /// Its store id.
    pub id: i64,
    /// Its canonical name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// How many articles name both.
    pub articles: u64,
}

/// How one entity of a document is linked to a store entity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EntityLink {
    /// Index into the document's [`tidings_model::Annotations::entities`].
    pub entity: usize,
    /// The store entity's id.
    pub store: i64,
    /// How sure the link is, in `[0, 1]`: 1 for the same name (or a new
    /// entity), 0.8 for an organisation/location of the same name, 0.7
    /// through an alias, 0.5 for a name several store entities share.
    pub confidence: f64,
}
