//! The language layer of tidings: sentences and tokens, named entities,
//! entity resolution and dates, fast and offline.
//!
//! It comes after `clean` (and `dedup`) and before `extract`: it takes an
//! [`tidings_model::Article`] and returns [`tidings_model::Annotations`]
//! whose every span points into the article's clean text.
//!
//! - [`segment`]: sentences and tokens with byte offsets.
//! - [`ner`]: the named-entity tagger (a model trained by the project, shipped
//!   in `models/`, rebuilt by `tidings train ner`), and CoNLL reading/scoring.
//! - [`gazetteer`]: countries, international organisations and role words.
//! - [`resolve`]: mentions of one entity in a document grouped under one name.
//! - [`dates`]: date expressions resolved against the publication date.
//! - [`annotate()`]: all of it on one article.
#![deny(missing_docs)]

mod annotate;
pub mod dates;
mod error;
pub mod gazetteer;
pub mod ner;
pub mod resolve;
pub mod segment;

pub use annotate::{annotate, Annotator};
pub use error::{Error, Result};
pub use gazetteer::Gazetteer;
pub use ner::Tagger;
pub use resolve::RawMention;
