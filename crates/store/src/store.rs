//! The `Store` trait and the values it speaks: every backend (SQLite today,
//! PostgreSQL later) implements it with model types only, so no SQL leaves the crate.

use serde::Serialize;
use tidings_model::{Article, DocId, MediaType, Origin, Published, RawDoc};

use crate::error::Result;

/// Where raw documents and clean articles are kept, and how they are found again.
pub trait Store {
    /// True if a raw document with this id is stored.
    fn contains(&self, id: &DocId) -> Result<bool>;

    /// Stores a batch in ONE transaction: for each item, the raw bytes
    /// (zstd-compressed), the article, its full-text entry, and the site-block
    /// fingerprints. Items whose id is already stored are left untouched and
    /// reported [`PutOutcome::AlreadyPresent`] (so are repeats within the same
    /// batch). Returns one outcome per item, in order. On error nothing of the
    /// batch is stored.
    fn put_batch(&mut self, batch: &[Put<'_>]) -> Result<Vec<PutOutcome>>;

    /// The article by full id or by a unique id prefix of at least 6 hex
    /// digits; an ambiguous prefix is an error saying how many match.
    fn article(&self, id: &str) -> Result<Option<StoredArticle>>;

    /// The raw document, bytes decompressed; `text` is left empty (the caller
    /// re-decodes the bytes with `ingest::decode`).
    fn raw(&self, id: &DocId) -> Result<Option<RawDoc>>;

    /// Full-text search over title and text, best first (title hits weigh
    /// more), each hit with a snippet of its text.
    ///
    /// The query is plain words: each word must occur (stemmed, case and
    /// diacritics ignored). `"quoted words"` must occur as a phrase, upper-case
    /// `OR` / `NOT` / `AND` between terms combine them, and a trailing `*` makes
    /// a prefix search. Any other punctuation is just text. A query with no
    /// word in it is [`crate::Error::EmptyQuery`].
    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>>;

    /// Counts of what is stored.
    fn stats(&self) -> Result<Stats>;

    /// For the per-site template memory: how many distinct stored documents of
    /// `site` contain each block fingerprint, as `(fingerprint, count)` pairs
    /// ordered by fingerprint.
    fn site_blocks(&self, site: &str) -> Result<Vec<(u64, u32)>>;

    /// Ids of all stored raw documents in a stable (ascending) order, for `reprocess`.
    fn ids(&self) -> Result<Vec<DocId>>;

    /// Replaces the articles of already stored raw documents (and their
    /// full-text entries) in one transaction, for `reprocess`. An article whose
    /// raw document is not stored is [`crate::Error::NotStored`] and nothing
    /// is replaced.
    fn replace_articles(&mut self, articles: &[Article]) -> Result<()>;
}

/// One item of [`Store::put_batch`].
#[derive(Debug, Clone, Copy)]
pub struct Put<'a> {
    /// The document as ingested (its bytes are stored compressed).
    pub raw: &'a RawDoc,
    /// Its clean article; `article.id` must equal `raw.id`.
    pub article: &'a Article,
    /// The key of the site for the template memory (`None`: record no blocks).
    pub site_key: Option<&'a str>,
    /// Fingerprints of the document's blocks; repeats count once.
    pub fingerprints: &'a [u64],
}

/// What [`Store::put_batch`] did with one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PutOutcome {
    /// Stored now.
    New,
    /// A document with this id was already stored; nothing was changed.
    AlreadyPresent,
}

/// An article with what the store knows of its raw document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredArticle {
    /// The clean article.
    pub article: Article,
    /// Where the raw document came from.
    pub origin: Origin,
    /// What the raw bytes hold.
    pub media_type: MediaType,
    /// The encoding the raw bytes were decoded from.
    pub encoding: String,
    /// When the raw document was fetched, if known.
    pub fetched: Option<jiff::Timestamp>,
    /// Size of the raw bytes, uncompressed.
    pub raw_bytes: u64,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The article's id.
    pub id: DocId,
    /// Its title.
    pub title: Option<String>,
    /// Its site.
    pub site: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
    /// Its language.
    pub lang: Option<String>,
    /// Relevance, higher is better (the negated BM25 rank).
    pub score: f64,
    /// A short passage of the text with matches marked `[` `]` and cuts marked `…`.
    pub snippet: String,
}

/// Counts of what a store holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Raw documents.
    pub documents: u64,
    /// Articles.
    pub articles: u64,
    /// Body paragraphs over all articles.
    pub paragraphs: u64,
    /// Blocks cleaning removed over all articles.
    pub removed_blocks: u64,
    /// Removed blocks per reason (kebab-case name), most frequent first.
    pub removed_by_reason: Vec<(String, u64)>,
    /// Articles per language, most frequent first.
    pub languages: Vec<(String, u64)>,
    /// Articles per site, most frequent first, at most 20.
    pub sites: Vec<(String, u64)>,
    /// Total size of the raw documents, uncompressed.
    pub raw_bytes: u64,
    /// Total size of the raw documents as stored (zstd).
    pub compressed_bytes: u64,
    /// Size of the database.
    pub database_bytes: u64,
}
