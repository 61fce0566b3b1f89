//! Storage for tidings: raw documents and clean articles in an embedded SQLite
//! database with an FTS5 full-text index.
//!
//! `store` sits near the end of the flow: it takes the model's [`RawDoc`]s
//! (from `ingest`), [`Article`]s (from `clean` and later stages) and their
//! [`Annotations`] (from `nlp`), and gives them back by id, by full-text
//! search, by entity, and as counts. It knows nothing of
//! cleaning, the CLI or HTTP, and no SQL leaves it: everything goes through the
//! [`Store`] trait, which speaks model types only, so a PostgreSQL backend can
//! follow.
//!
//! - [`Store`]: the trait every backend implements; [`Put`] is one item of a
//!   batch, [`PutOutcome`] what happened to it.
//! - [`SqliteStore`]: the embedded default, one file `tidings.db` in a store
//!   directory (WAL mode; every batch is one transaction, so a crash never
//!   leaves half an article and loses nothing committed).
//! - [`StoredArticle`], [`Hit`], [`Stats`]: what reads return.
//! - [`EntitySummary`], [`EntityDetail`] (with [`MentionHit`], [`CoEntity`]),
//!   [`EntityLink`]: store-wide entities. Each entity of a document is linked
//!   to one store entity with a confidence: same kind and name → the same
//!   entity; a name known as an alias of exactly one entity → that entity,
//!   unless countries or two different full names contradict; an
//!   organisation and a location of the same name and country → one entity
//!   (metonyms); otherwise a new one. The rules are spelled out in `resolve.rs`.
//!
//! [`RawDoc`]: tidings_model::RawDoc
//! [`Article`]: tidings_model::Article
//! [`Annotations`]: tidings_model::Annotations
//!
//! ```
//! use tidings_model::{
//!     Annotations, Article, DocId, Entity, EntityKind, Hints, MediaType, Mention, Origin,
//!     RawDoc, Sentence, Span,
//! };
//! use tidings_store::{Put, PutOutcome, SqliteStore, Store};
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
//! let put = Put {
//!     raw: &raw,
//!     article: &article,
//!     site_key: None,
//!     fingerprints: &[],
//!     annotations: &annotations,
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
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod entity;
mod error;
mod query;
mod resolve;
mod sqlite;
mod store;

pub use entity::{CoEntity, EntityDetail, EntityLink, EntitySummary, MentionHit};
pub use error::{Error, Result};
pub use sqlite::{SqliteStore, DATABASE_FILE};
pub use store::{Hit, Put, PutOutcome, Stats, Store, StoredArticle};
