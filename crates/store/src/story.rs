//! What the store says about the dedup stage's work: where each article was
//! placed, stories with their articles, storylines, duplicates, and the
//! clusterer's saved state.

use serde::{Deserialize, Serialize};
use tidings_model::{DocId, Published};

/// One saved state of the story clusterer, so that the next ingest continues
/// where the last one stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DedupSnapshot {
    /// The placements it covers: all those with a `seq` below this one (the
    /// rest are replayed from [`crate::Store::placed_from`]).
    pub seq: u64,
    /// The clusterer's state as its own bytes (the store compresses them).
    pub bytes: Vec<u8>,
}

/// Where a stored article was placed, as the store knows it now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredPlacement {
    /// Its story.
    pub story: u64,
    /// Its story's storyline now (later articles may have moved it).
    pub storyline: Option<u64>,
    /// The first-seen article it copies, if any.
    pub duplicate_of: Option<DocId>,
    /// Estimated Jaccard similarity to that original.
    pub similarity: Option<f32>,
}

/// Which stories [`crate::Store::stories`] returns. Every field left `None`
/// (or blank) lets everything through; the default passes all stories.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoryFilter {
    /// Only stories still running on or after this day (UTC): their last
    /// article is not older.
    pub since: Option<jiff::civil::Date>,
    /// Only stories begun on or before this day (UTC): their first article
    /// is not newer.
    pub until: Option<jiff::civil::Date>,
    /// Only stories with an article naming this entity, found as
    /// [`crate::Store::entity`] finds it (canonical name, else alias, else a
    /// bare surname; case and spacing ignored).
    pub entity: Option<String>,
}

/// How [`crate::Store::stories`] orders its answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoryOrder {
    /// Most articles first (then the latest last article, then lowest id).
    #[default]
    Biggest,
    /// The latest last article first (then most articles, then lowest id).
    Newest,
}

/// One story: the articles about one happening.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    /// The clusterer's id for it.
    pub id: u64,
    /// The title of its first-placed article that has one.
    pub title: Option<String>,
    /// Its storyline, if it has one.
    pub storyline: Option<u64>,
    /// The earliest time of its articles (publication, else fetch time).
    pub first_seen: Option<jiff::Timestamp>,
    /// The latest time of its articles.
    pub last_seen: Option<jiff::Timestamp>,
    /// How many articles it holds, duplicates included.
    pub articles: u64,
    /// How many of them copy an earlier article.
    pub duplicates: u64,
    /// Distinct sites of its original (non-duplicate) articles; an article
    /// without a site counts as a source of its own.
    pub sources: u64,
    /// Up to five store entities (persons, organisations, locations) named
    /// in most of its articles, ties by name.
    pub entities: Vec<String>,
}

/// One article of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryArticle {
    /// The article.
    pub id: DocId,
    /// Its title.
    pub title: Option<String>,
    /// Its site.
    pub site: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
    /// The time the clusterer used for it.
    pub time: jiff::Timestamp,
    /// The article it copies, if it is a duplicate.
    pub duplicate_of: Option<DocId>,
    /// Estimated Jaccard similarity to that original.
    pub similarity: Option<f32>,
}

/// A story with its articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryDetail {
    /// The story itself.
    pub story: StorySummary,
    /// Its articles in time order (then in the order they were placed).
    pub articles: Vec<StoryArticle>,
}

/// A storyline: stories that continue one another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorylineSummary {
    /// The clusterer's id for it.
    pub id: u64,
    /// The title of its biggest story (ties: the lower story id).
    pub title: Option<String>,
    /// The earliest time of its articles.
    pub first_seen: Option<jiff::Timestamp>,
    /// The latest time of its articles.
    pub last_seen: Option<jiff::Timestamp>,
    /// How many articles its stories hold, duplicates included.
    pub articles: u64,
    /// Its stories in time order (first article, then id).
    pub stories: Vec<StorySummary>,
    /// Up to five store entities named in most of its articles, ties by name.
    pub entities: Vec<String>,
}

/// An article that copies another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Duplicate {
    /// The copy.
    pub id: DocId,
    /// Its title.
    pub title: Option<String>,
    /// Its site.
    pub site: Option<String>,
    /// Estimated Jaccard similarity to the original.
    pub similarity: Option<f32>,
}
