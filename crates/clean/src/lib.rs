//! Cleaning for tidings: turns a [`RawDoc`](tidings_model::RawDoc) into an
//! [`Article`](tidings_model::Article).
//!
//! `clean` sits after `ingest` and before `dedup`: it takes the decoded text of a
//! plain-text or HTML document, finds the main content (readability-style block
//! scoring for HTML, line and paragraph segmentation for text), reads the
//! metadata (title, publication time, authors, site, canonical URL), identifies
//! the language, and tells body from debris by several signals together: the
//! language of each block, short interface words, boilerplate cue words in many
//! languages, position, repetition inside the document, and repetition across
//! documents of one site ([`SiteMemory`]). Every block it drops is recorded in
//! [`Article::removed`](tidings_model::Article::removed) with a
//! [`Reason`](tidings_model::Reason) and a human-readable detail: nothing is
//! dropped silently. It does no IO and is deterministic.
//!
//! - [`clean`]: one document, no site memory.
//! - [`draft`] → [`SiteMemory::observe`] → [`finish`]: the batch pipeline, where
//!   the template blocks of a site are learnt from all its documents.
//! - [`CleanConfig`]: the thresholds, with sensible defaults.
//!
//! ```
//! use tidings_clean::{clean, CleanConfig};
//! use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc, Reason};
//!
//! let text = "Storm closes the harbour at Velmora\n\n\
//!     The Harbour Authority of Portavel closed the port of Velmora on Tuesday after \
//!     waves of six metres damaged the northern breakwater, officials said.\n\n\
//!     Ferries to the islands will stay in port until Thursday at the earliest, \
//!     according to a statement from the authority.\n\n\
//!     Share\n";
//! let raw = RawDoc {
//!     id: DocId::of_bytes(text.as_bytes()),
//!     origin: Origin::default(),
//!     fetched: None,
//!     media_type: MediaType::Text,
//!     encoding: "utf-8".into(),
//!     hints: Hints::default(),
//!     bytes: text.as_bytes().to_vec(),
//!     text: text.into(),
//! };
//! let article = clean(&raw, &CleanConfig::default());
//! assert_eq!(article.title.as_deref(), Some("Storm closes the harbour at Velmora"));
//! assert_eq!(article.lang.as_deref(), Some("en"));
//! assert_eq!(article.paragraphs.len(), 2);
//! assert_eq!(article.removed[0].text, "Share");
//! assert_eq!(article.removed[0].reason, Reason::UiWord);
//! ```
#![deny(missing_docs)]

mod block;
mod boilerplate;
mod config;
mod dom;
mod draft;
mod error;
mod html;
mod language;
mod memory;
mod metadata;
mod text;

/// The hash map of the crate: foldhash (fast on the short keys cleaning
/// uses, seeded per map so that a page cannot pick colliding keys).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// The hash set of the crate (see [`HashMap`]).
type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

pub use config::CleanConfig;
pub use draft::{clean, draft, finish, Draft};
pub use error::{Error, Result};
pub use language::detect_language;
pub use memory::SiteMemory;
