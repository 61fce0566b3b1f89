//! The named-entity tagger: PER, ORG, LOC and MISC names in tokenised
//! sentences.
//!
//! A [`Tagger`] is an averaged structured perceptron over hashed features
//! (the word, its shape, affixes, neighbours, casing of the sentence,
//! gazetteer membership — countries, roles, and the lists of well-known
//! organisations, places and people in `data/known_*.tsv` — word clusters
//! and capitalisation ratios learned from unlabeled news), decoded with
//! Viterbi under BIO constraints and the token rule of [`Tag`]'s module (no
//! score inside a name, no punctuation at its edges), then tidied: titles
//! out of names, a whole name the lists give exactly one kind takes it
//! (never a town used for its club), listed names of several words the
//! tagger missed are filled in, names ending with an event, document,
//! award or tournament word and market indices are MISC, names headed by a
//! natural-place or site word (`Isle of Kerra`, `Line Islands`, `Market
//! Square`) and the places of a news dateline are places, acronym plurals
//! (`ATMs`) are no names, names lose trailing lowercase words, and two names
//! joined by `and` are split. The
//! project ships one trained model, embedded in the crate
//! ([`Tagger::bundled`]); `tidings train ner` rebuilds it with [`train()`] from the datasets named in
//! `crates/nlp/models/README.md`, byte for byte.
//!
//! - [`Tagger::tag`] tags one sentence; [`Tagger::tag_document`] tags the
//!   sentences of one article (with a second, stacked pass when the model
//!   has one) and makes them consistent (a surname alone after the full
//!   name is that person; one name, one kind).
//! - [`Tag`] and [`entity_spans`]: BIO tags and the entities they mark.
//! - [`conll`]: reading and writing `TOKEN<TAB>TAG` files.
//! - [`score()`]: entity-level precision, recall and F1, as
//!   `shared/tools/score_ner.py` computes them.
//! - [`train()`] with [`TrainConfig`] and [`TrainData`]: building a model.

mod augment;
mod clusters;
pub mod conll;
mod document;
mod features;
mod model;
mod score;
mod stack;
mod tag;
mod train;

pub use model::Tagger;
pub use score::{score, Prf, Scores};
pub use tag::{entity_spans, Tag};
pub use train::{train, TrainConfig, TrainData, TrainSet};
