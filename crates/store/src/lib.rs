//! Storage for tidings: raw documents and clean articles in an embedded SQLite
//! database with an FTS5 full-text index.
//!
//! `store` sits near the end of the flow: it takes the model's [`RawDoc`]s
//! (from `ingest`) and [`Article`]s (from `clean` and later stages) and gives
//! them back by id, by full-text search, and as counts. It knows nothing of
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
//!
//! [`RawDoc`]: tidings_model::RawDoc
//! [`Article`]: tidings_model::Article
//!
//! ```
//! use tidings_model::{Article, DocId, Hints, MediaType, Origin, RawDoc, Span};
//! use tidings_store::{Put, PutOutcome, SqliteStore, Store};
//!
//! let dir = tempfile::tempdir()?;
//! let mut store = SqliteStore::open(dir.path())?;
//!
//! let bytes = b"Ferry strike ends in Portavel\n\nThe ferries sail again.".to_vec();
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
//!     text: "The ferries sail again.".into(),
//!     paragraphs: vec![Span::new(0, 23)],
//!     removed: vec![],
//! };
//! let put = Put { raw: &raw, article: &article, site_key: None, fingerprints: &[] };
//! assert_eq!(store.put_batch(&[put])?, [PutOutcome::New]);
//!
//! let hits = store.search("ferries", 10)?;
//! assert_eq!(hits[0].id, id);
//! assert_eq!(hits[0].snippet, "The [ferries] sail again.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod error;
mod query;
mod sqlite;
mod store;

pub use error::{Error, Result};
pub use sqlite::{SqliteStore, DATABASE_FILE};
pub use store::{Hit, Put, PutOutcome, Stats, Store, StoredArticle};
