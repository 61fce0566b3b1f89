//! The shared data types of tidings: the contract between its stages.
//!
//! Every stage of the flow (`ingest` → `clean` → … → `store` → `cli`) takes the
//! types of the stage before it from here and returns its own from here, so the
//! crates never need to reach upstream. This crate does no IO and holds no logic
//! beyond the invariants of its types.
//!
//! - [`RawDoc`]: bytes as a source found them, named by a content hash ([`DocId`]).
//! - [`Article`]: the clean text with its paragraphs as [`Span`]s, metadata, and
//!   [`Article::removed`], every block cleaning dropped with its [`Reason`].
//! - [`Annotations`]: the language layer's sentences, [`Mention`]s, [`Entity`]s
//!   and [`DateMention`]s, all pointing into the article text by [`Span`].
//! - [`Facts`]: the extract stage's coded [`Event`]s, [`Quote`]s and
//!   [`Figure`]s, each with the span of its evidence.
//! - [`Placement`]: where the dedup stage put an article: its story, its
//!   storyline, the earlier article it copies.
//!
//! ```
//! use tidings_model::{DocId, Span};
//! let id = DocId::of_bytes(b"Storm closes the harbour at Velmora");
//! assert_eq!(id, DocId::of_bytes(b"Storm closes the harbour at Velmora"));
//! assert_eq!(id.as_str().len(), 32);
//! let text = "Harbour closed. Ferries wait.";
//! let span = Span::new(0, 15);
//! assert_eq!(span.slice(text), Some("Harbour closed."));
//! ```
#![deny(missing_docs)]

mod annotation;
mod article;
mod doc;
mod error;
mod fact;
mod published;
mod span;
mod story;

pub use annotation::{
    Annotations, DateMention, DatePrecision, Entity, EntityKind, Mention, Sentence,
};
pub use article::{Article, Reason, Removed};
pub use doc::{DocId, Hints, MediaType, Origin, RawDoc};
pub use error::{Error, Result};
pub use fact::{Actor, DateSource, Event, Facts, Figure, Qualifier, Quote};
pub use published::Published;
pub use span::Span;
pub use story::Placement;
