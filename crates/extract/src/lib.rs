//! The extract stage of tidings: who did what to whom (events coded in
//! PLOVER and CAMEO with GDELT-style actor codes), what they said (quotes with
//! speakers) and the figures reported (with qualifier and source).
//!
//! It comes after `nlp` and before `store`: it takes an article with its
//! [`tidings_model::Annotations`] and returns [`tidings_model::Facts`].
//!
//! - [`events`]: verb-phrase patterns (data files in `patterns/`) over a fast
//!   chunk of the sentence, with actor coding from entities, roles and the
//!   gazetteer.
//! - [`quotes`]: direct and reported speech with cue and speaker.
//! - [`figures`]: counts and amounts with kind, qualifier and source.
//! - [`extract()`]: all three on one article, with an [`Extractor`] holding
//!   the loaded dictionaries.
#![deny(missing_docs)]

mod error;
pub mod events;
mod facts;
pub mod figures;
pub mod quotes;
pub mod tone;

pub use error::{Error, Result};
pub use facts::{extract, Extractor};
