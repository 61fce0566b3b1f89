//! The `Store` trait and the values it speaks: every backend (SQLite, and
//! PostgreSQL with the `postgres` feature) implements it with model types only, so no SQL leaves the crate.

use serde::Serialize;
use tidings_model::{
    Annotations, Article, DocId, EntityKind, Facts, MediaType, Origin, Placement, Published, RawDoc,
};

use crate::entity::{EntityDetail, EntityLink, EntitySummary};
use crate::error::Result;
use crate::fact::{EventFilter, StoredEvent, StoredFigure, StoredQuote};
use crate::story::{
    DedupSnapshot, Duplicate, StoredPlacement, StoryDetail, StoryFilter, StoryOrder, StorySummary,
    StorylineSummary,
};

/// Where raw documents and clean articles are kept, and how they are found again.
pub trait Store {
    /// True if a raw document with this id is stored.
    fn contains(&self, id: &DocId) -> Result<bool>;

    /// Stores a batch in ONE transaction: for each item, the raw bytes
    /// (zstd-compressed), the article, its full-text entry, the site-block
    /// fingerprints, its annotations (sentences, mentions, dates, and the
    /// document's entities, each linked to a store-wide entity; see
    /// [`Store::entities`]), its placement (its story counted in, storylines
    /// moved as the placement says; see [`Store::stories`]) and its facts
    /// (each event report joined to its merged event; see [`Store::events`]).
    /// Items whose id is already stored
    /// are left untouched and reported [`PutOutcome::AlreadyPresent`] (so are
    /// repeats within the same batch). Returns one outcome per item, in order.
    /// On error nothing of the batch is stored; annotations that do not fit
    /// their article are [`crate::Error::BadAnnotations`], facts that do not
    /// are [`crate::Error::BadFacts`], a placement whose numbers do not fit or
    /// whose `seq` is taken is [`crate::Error::BadPlacement`].
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

    /// The hits `offset..offset + limit` of [`Store::search`]'s list, in its
    /// order (what `search(query, offset + limit)` gives past `offset`),
    /// without the work for the hits before `offset`.
    fn search_page(&self, query: &str, offset: usize, limit: usize) -> Result<Vec<Hit>> {
        let hits = self.search(query, offset.saturating_add(limit))?;
        Ok(hits.into_iter().skip(offset).collect())
    }

    /// How many articles match `query`: the length of [`Store::search`]'s
    /// whole list, without ranking it or cutting snippets.
    fn search_count(&self, query: &str) -> Result<u64> {
        Ok(self.search(query, usize::MAX)?.len() as u64)
    }

    /// Counts of what is stored.
    fn stats(&self) -> Result<Stats>;

    /// For the per-site template memory: how many distinct stored documents of
    /// `site` contain each block fingerprint, as `(fingerprint, count)` pairs
    /// ordered by fingerprint.
    fn site_blocks(&self, site: &str) -> Result<Vec<(u64, u32)>>;

    /// Ids of all stored raw documents in a stable (ascending) order, for `reprocess`.
    fn ids(&self) -> Result<Vec<DocId>>;

    /// Ids of all stored raw documents in the order they were first stored
    /// (for placing, in `recluster`, articles that were never placed).
    fn ids_in_ingest_order(&self) -> Result<Vec<DocId>>;

    /// Replaces the articles of already stored raw documents, their full-text
    /// entries, all their annotations and all their facts in one transaction,
    /// for `reprocess`: what the old version gave to store entities (counts,
    /// names, roles, country) and to merged events (reports, article and
    /// source counts) is taken back before the new one is added, and a store
    /// entity no article names (an event no article reports) any more is
    /// deleted. The raw documents and the
    /// site-block counts are left as they are (`raw`, `site_key` and
    /// `fingerprints` of the items are not used). An item whose raw document
    /// is not stored is [`crate::Error::NotStored`] and nothing is replaced.
    fn replace_articles(&mut self, items: &[Put<'_>]) -> Result<()>;

    /// The annotations of a stored article exactly as they were put (empty
    /// when it was stored without any); `None` if there is no such article.
    fn annotations(&self, id: &DocId) -> Result<Option<Annotations>>;

    /// How each entity of a stored article is linked to a store entity, in
    /// the order of its entities (empty when there is no such article).
    fn entity_links(&self, id: &DocId) -> Result<Vec<EntityLink>>;

    /// Store-wide entities, of one kind or all, named in most articles first
    /// (ties: most mentions, then name), at most `limit`.
    ///
    /// Document entities are resolved across the store as `put_batch` stores
    /// them: the same kind and name is the same entity; a name known as an
    /// alias of exactly one entity joins it unless country or full names
    /// contradict (two people sharing a surname never merge); an organisation
    /// and a location with the same name and country merge (metonyms such as
    /// "Moscow" for the government); anything else is a new entity.
    fn entities(&self, kind: Option<EntityKind>, limit: usize) -> Result<Vec<EntitySummary>>;

    /// Store-wide entities, of one kind or all, whose canonical name or an
    /// alias contains `name` (case and spacing ignored), ranked as
    /// [`Store::entities`] ranks them, at most `limit`.
    fn find_entities(
        &self,
        kind: Option<EntityKind>,
        name: &str,
        limit: usize,
    ) -> Result<Vec<EntitySummary>>;

    /// One entity by its store id ([`EntitySummary::id`]), in the detail
    /// [`Store::entity`] gives; `None` if there is no such entity.
    fn entity_by_id(&self, id: i64, limit: usize) -> Result<Option<EntityDetail>>;

    /// One entity found by canonical name, else by alias (case and spacing
    /// ignored, the one named in most articles if several match): its
    /// mentions in their sentences (newest articles first, at most `limit`),
    /// the entities it shares articles with, and its mentions per day.
    fn entity(&self, name: &str, limit: usize) -> Result<Option<EntityDetail>>;

    /// The facts of a stored article exactly as they were put (empty when it
    /// was stored without any); `None` if there is no such article.
    fn facts(&self, id: &DocId) -> Result<Option<Facts>>;

    /// Merged events passing `filter`, at most `limit`: the latest day first
    /// (undated events last), then most articles, most mentions, oldest id.
    ///
    /// Reports of the same event are merged as GDELT does: the same source
    /// actor code, target actor code, CAMEO code and day (a missing code is
    /// its own value) make one event, counted in sentences (`mentions`),
    /// articles and sources (distinct sites; an article without a site is a
    /// source of its own). Reports without a day never merge across articles.
    fn events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<StoredEvent>>;

    /// Quotes, all or of one speaker, newest articles first (then article id
    /// and text order), at most `limit`; the same words of the same speaker
    /// in several articles of one story (copies included) are listed from
    /// the earliest original only, with `reports` counting the articles. The speaker is matched (case and
    /// spacing ignored, a leading "the" dropped) against the quote's speaker
    /// name and, through the document's entity links, against every name and
    /// alias of the speaker's store entity. A blank speaker matches all.
    fn quotes(&self, speaker: Option<&str>, limit: usize) -> Result<Vec<StoredQuote>>;

    /// Figures, all or of one kind (`killed`, case ignored), newest articles
    /// first (then article id and text order), at most `limit`; the same
    /// figure in several articles of one story (copies included) is listed
    /// from the earliest original only, with `reports` counting the articles. A blank kind
    /// matches all.
    fn figures(&self, kind: Option<&str>, limit: usize) -> Result<Vec<StoredFigure>>;

    /// Hands every stored article published within `days` to `visit`, one
    /// by one straight from the database (memory does not grow with the
    /// store), in id order. An article is in the range by its publication
    /// day as written; an undated article passes only a range open on both
    /// sides. An error from `visit` stops the walk and is returned.
    fn each_article(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()>;

    /// Hands every store-wide entity, of one kind or all, to `visit` one by
    /// one, ranked as [`Store::entities`] ranks them.
    fn each_entity(
        &self,
        kind: Option<EntityKind>,
        visit: &mut dyn FnMut(EntitySummary) -> Result<()>,
    ) -> Result<()>;

    /// Hands every merged event passing `filter` to `visit` one by one, in
    /// the order and shape of [`Store::events`] (which is this walk cut to a
    /// limit).
    fn each_event(
        &self,
        filter: &EventFilter,
        visit: &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()>;

    /// Hands every quote whose article was published within `days` to
    /// `visit` one by one, in the order and shape of [`Store::quotes`] (all
    /// speakers); `reports` counts the story's articles in the range or not.
    fn each_quote(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredQuote) -> Result<()>,
    ) -> Result<()>;

    /// Hands every figure whose article was published within `days` to
    /// `visit` one by one, in the order and shape of [`Store::figures`] (all
    /// kinds).
    fn each_figure(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredFigure) -> Result<()>,
    ) -> Result<()>;

    /// Hands every story whose last article falls within `days` (UTC) to
    /// `visit` one by one, the latest last article first (then most
    /// articles, then lowest id), in the shape of [`Store::stories`].
    fn each_story(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StorySummary) -> Result<()>,
    ) -> Result<()>;

    /// The story clusterer's saved state, if one was saved.
    fn dedup_snapshot(&self) -> Result<Option<DedupSnapshot>>;

    /// Saves the story clusterer's state (zstd-compressed), replacing the
    /// one saved before, in one transaction.
    fn save_dedup_snapshot(&mut self, snapshot: &DedupSnapshot) -> Result<()>;

    /// The `seq` the next placed article gets: one more than the largest
    /// stored, 0 when none is.
    fn next_seq(&self) -> Result<u64>;

    /// Placements with `seq` at least `seq`, in `seq` order, each with its
    /// article: what a saved clusterer state lacks, to replay it. They come
    /// back as put, but for `story`, which is the article's story now (a
    /// later placement may have merged its story into an older one).
    fn placed_from(&self, seq: u64) -> Result<Vec<(DocId, Placement)>>;

    /// Where a stored article was placed (its story's storyline as it is
    /// now); `None` if it was stored without a placement or is not stored.
    fn placement(&self, id: &DocId) -> Result<Option<StoredPlacement>>;

    /// Stories passing `filter`, in `order`, at most `limit`.
    ///
    /// A story counts its articles (duplicates too, and apart), the distinct
    /// sites of its originals, and its time range (the clusterer's times:
    /// publication, else fetch). `since`/`until` keep the stories whose time
    /// range overlaps those days (UTC); `entity` the stories with an article
    /// naming that entity, found as [`Store::entity`] finds it.
    fn stories(
        &self,
        filter: &StoryFilter,
        order: StoryOrder,
        limit: usize,
    ) -> Result<Vec<StorySummary>>;

    /// One story with its articles in time order (then placement order);
    /// `None` if no article was placed in it.
    fn story(&self, id: u64) -> Result<Option<StoryDetail>>;

    /// Storylines, most articles first (then the latest last article, then
    /// lowest id), at most `limit`, each with its stories in time order.
    fn storylines(&self, limit: usize) -> Result<Vec<StorylineSummary>>;

    /// The stored articles that copy `id` (exact or near duplicates), in the
    /// order they were placed. Duplicates are stored like any article, never
    /// dropped.
    fn duplicates(&self, id: &DocId) -> Result<Vec<Duplicate>>;

    /// Deletes every placement, story and the clusterer's saved state in one
    /// transaction, for re-clustering the whole store (merged events are
    /// recounted as if nothing was placed). Articles stay.
    fn clear_placements(&mut self) -> Result<()>;

    /// Places already stored articles, in one transaction, as `put_batch`
    /// would have with these placements (stories counted in, storylines
    /// moved, merged events recounted). An article not stored is
    /// [`crate::Error::NotStored`]; one already placed, or a `seq` already
    /// taken, is [`crate::Error::BadPlacement`]; then nothing is written.
    fn put_placements(&mut self, items: &[(DocId, Placement)]) -> Result<()>;
}

/// Days a walk keeps, both ends included; `None` leaves that side open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DayRange {
    /// The first day kept.
    pub since: Option<jiff::civil::Date>,
    /// The last day kept.
    pub until: Option<jiff::civil::Date>,
}

impl DayRange {
    /// Both ends as `YYYY-MM-DD` text, the form dates are stored in.
    pub(crate) fn as_text(&self) -> (Option<String>, Option<String>) {
        (
            self.since.map(|day| day.to_string()),
            self.until.map(|day| day.to_string()),
        )
    }
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
    /// What the language layer found in the article (`Annotations::default()`
    /// when it ran on none); its spans are offsets into `article.text`.
    pub annotations: &'a Annotations,
    /// What the extract stage found in the article (`Facts::default()` when
    /// it ran on none); its spans are offsets into `article.text`, each
    /// event's trigger inside its sentence span, its entity indices point
    /// into `annotations.entities`.
    pub facts: &'a Facts,
    /// Where the dedup stage placed the article (`None`: not placed).
    pub placement: Option<&'a Placement>,
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
    /// Relevance, higher is better: the negated BM25 rank on SQLite,
    /// `ts_rank_cd` on PostgreSQL (compare scores within one backend only).
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
    /// Store-wide entities.
    pub entities: u64,
    /// Named mentions over all articles.
    pub mentions: u64,
    /// Events, merged across articles.
    pub events: u64,
    /// Event reports (sentences) over all articles.
    pub event_mentions: u64,
    /// Quotes over all articles.
    pub quotes: u64,
    /// Figures over all articles.
    pub figures: u64,
    /// Stories (articles placed by the dedup stage).
    pub stories: u64,
    /// Storylines that hold at least one story.
    pub storylines: u64,
    /// Stored articles that copy an earlier one (exact or near).
    pub duplicates: u64,
}
