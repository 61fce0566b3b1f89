//! Storage for tidings: raw documents and clean articles in an embedded SQLite
//! database with an FTS5 full-text index.
//!
//! `store` sits near the end of the flow: it takes the model's [`RawDoc`]s
//! (from `ingest`), [`Article`]s (from `clean` and later stages), their
//! [`Annotations`] (from `nlp`) and their [`Facts`] (from `extract`), and
//! gives them back by id, by full-text search, by entity, as merged events,
//! quotes and figures, and as counts. It knows nothing of
//! cleaning, the CLI or HTTP, and no SQL leaves it: everything goes through the
//! [`Store`] trait, which speaks model types only, so a PostgreSQL backend can
//! follow.
//!
//! - [`Store`]: the trait every backend implements; [`Put`] is one item of a
//!   batch, [`PutOutcome`] what happened to it.
//! - [`SqliteStore`]: the embedded default, one file `tidings.db` in a store
//!   directory (WAL mode; every batch is one transaction, so a crash never
//!   leaves half an article and loses nothing committed).
//! - `PgStore` (with the `postgres` feature): the same trait on a PostgreSQL
//!   server (`postgres://user@host/db`), for a store shared by many
//!   processes; a `tsvector` column under a GIN index for search. A first
//!   slice: documents, articles (put, replaced, walked), search and stats; the
//!   rest is [`Error::Unimplemented`] until it is written.
//!   [`is_postgres_url`] tells a URL from a store directory in any build.
//! - [`StoredArticle`], [`Hit`], [`Stats`]: what reads return.
//! - [`EntitySummary`], [`EntityDetail`] (with [`MentionHit`], [`CoEntity`]),
//!   [`EntityLink`]: store-wide entities. Each entity of a document is linked
//!   to one store entity with a confidence: same kind and name → the same
//!   entity; a name known as an alias of exactly one entity → that entity,
//!   unless countries or two different full names contradict; an
//!   organisation and a location of the same name and country → one entity
//!   (metonyms); otherwise a new one. The rules are spelled out in `resolve.rs`.
//! - [`StoredEvent`] (with its [`Evidence`]), found through an
//!   [`EventFilter`]: events merged across articles as GDELT does. Reports
//!   with the same source and target actor codes, CAMEO code and day are one
//!   event, counted in sentences, articles and distinct sites; undated
//!   reports never merge across articles. [`StoredQuote`] and
//!   [`StoredFigure`]: quotes by speaker (through entity aliases too) and
//!   figures by kind, each with its article.
//! - [`StorySummary`], [`StoryDetail`] (with [`StoryArticle`]),
//!   [`StorylineSummary`], [`Duplicate`], [`StoredPlacement`]: where the
//!   dedup stage placed each article ([`Put::placement`]), kept as stories
//!   with maintained counts, storylines and duplicates, found through a
//!   [`StoryFilter`] in a [`StoryOrder`]; [`DedupSnapshot`] is the
//!   clusterer's saved state. A duplicate adds no article or source to an
//!   event (it is one more mention of its original), and events count the
//!   distinct stories reporting them.
//!
//! [`RawDoc`]: tidings_model::RawDoc
//! [`Article`]: tidings_model::Article
//! [`Annotations`]: tidings_model::Annotations
//! [`Facts`]: tidings_model::Facts
//!
//! ```
//! use tidings_model::{
//!     Actor, Annotations, Article, DateSource, DocId, Entity, EntityKind, Event, Facts, Hints, MediaType,
//!     Mention, Origin, RawDoc, Sentence, Span,
//! };
//! use tidings_store::{EventFilter, Put, PutOutcome, SqliteStore, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let mut store = SqliteStore::open(dir.path())?;
//!
//! let bytes = b"Ferry strike ends in Portavel\n\nThe ferries sail again from Portavel.".to_vec();
//! let id = DocId::of_bytes(&bytes);
//! let raw = RawDoc {
//!     id: id.clone(),
//!     origin: Origin { path: Some("portavel.txt".into()), ..Origin::default() },
//!     fetched: None,
//!     media_type: MediaType::Text,
//!     encoding: "utf-8".into(),
//!     hints: Hints::default(),
//!     bytes,
//!     text: String::new(),
//! };
//! let article = Article {
//!     id: id.clone(),
//!     title: Some("Ferry strike ends in Portavel".into()),
//!     lede: None,
//!     lang: Some("en".into()),
//!     published: None,
//!     site: None,
//!     url: None,
//!     authors: vec![],
//!     text: "The ferries sail again from Portavel.".into(),
//!     paragraphs: vec![Span::new(0, 37)],
//!     removed: vec![],
//! };
//! // What `nlp` would find: one sentence naming Portavel.
//! let annotations = Annotations {
//!     sentences: vec![Sentence { span: Span::new(0, 37), tokens: vec![] }],
//!     mentions: vec![Mention {
//!         span: Span::new(28, 36),
//!         text: "Portavel".into(),
//!         kind: EntityKind::Location,
//!         sentence: 0,
//!         entity: 0,
//!     }],
//!     entities: vec![Entity {
//!         name: "Portavel".into(),
//!         kind: EntityKind::Location,
//!         aliases: vec![],
//!         country: None,
//!         roles: vec![],
//!         mentions: 1,
//!     }],
//!     dates: vec![],
//! };
//! // What `extract` would find: the ferries resuming, a material cooperation.
//! let facts = Facts {
//!     events: vec![Event {
//!         source: Some(Actor {
//!             code: Some("PTVBUS".into()),
//!             country: None,
//!             sector: Some("BUS".into()),
//!             text: "The ferries".into(),
//!             entity: None,
//!         }),
//!         target: None,
//!         plover: "AID".into(),
//!         mode: None,
//!         cameo: "070".into(),
//!         root: "07".into(),
//!         quad_class: 2,
//!         goldstein: 7.0,
//!         date: Some("2026-02-11".parse()?),
//!         date_source: Some(DateSource::Sentence),
//!         place: Some("Portavel".into()),
//!         sentence: 0,
//!         span: Span::new(0, 37),
//!         trigger: Span::new(12, 22),
//!         confidence: 0.6,
//!     }],
//!     quotes: vec![],
//!     figures: vec![],
//! };
//! let put = Put {
//!     raw: &raw,
//!     article: &article,
//!     site_key: None,
//!     fingerprints: &[],
//!     annotations: &annotations,
//!     facts: &facts,
//!     placement: None,
//! };
//! assert_eq!(store.put_batch(&[put])?, [PutOutcome::New]);
//!
//! let hits = store.search("ferries", 10)?;
//! assert_eq!(hits[0].id, id);
//! assert_eq!(hits[0].snippet, "The [ferries] sail again from Portavel.");
//!
//! let portavel = store.entity("portavel", 10)?.ok_or("not stored")?;
//! assert_eq!(portavel.entity.articles, 1);
//! assert_eq!(portavel.mentions[0].sentence, "The ferries sail again from Portavel.");
//! assert_eq!(portavel.mentions[0].range, Span::new(28, 36));
//!
//! let filter = EventFilter { actor: Some("PTV".into()), ..EventFilter::default() };
//! let events = store.events(&filter, 10)?;
//! assert_eq!((events[0].cameo.as_str(), events[0].articles), ("070", 1));
//! assert_eq!(events[0].evidence[0].sentence, "The ferries sail again from Portavel.");
//! assert_eq!(events[0].evidence[0].trigger, Span::new(12, 22));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod entity;
mod error;
mod fact;
#[cfg(feature = "postgres")]
mod pg;
mod pg_url;
mod query;
mod resolve;
mod sql;
mod sqlite;
mod store;
mod story;

pub use entity::{CoEntity, EntityDetail, EntityLink, EntitySummary, MentionHit};
pub use error::{Error, Result};
pub use fact::{EventFilter, Evidence, StoredEvent, StoredFigure, StoredQuote};
#[cfg(feature = "postgres")]
pub use pg::{Job, JobCounts, JobInput, JobTotals, Kept, PgStore, WorkerRow, PG_SCHEMA_VERSION};
pub use pg_url::{is_postgres_url, redacted};
pub use sqlite::{SearchMemory, SqliteStore, DATABASE_FILE};
pub use store::{DayRange, Hit, Put, PutOutcome, Stats, Store, StoredArticle};
pub use story::{
    DedupSnapshot, Duplicate, StoredPlacement, StoryArticle, StoryDetail, StoryFilter, StoryOrder,
    StorySummary, StorylineSummary,
};
