//! Duplicates and stories for tidings: which articles are copies of one
//! another, which tell the same story, and which stories continue one
//! another.
//!
//! `dedup` sits after `clean` in the flow and knows nothing of storage: its
//! stateful parts are values the caller owns and passes in, and everything
//! they need to continue across ingests is plain data the store can keep.
//!
//! - [`near`]: exact duplicates (a hash of the normalised text) and near
//!   duplicates (MinHash signatures over word shingles, LSH banding).
//! - [`stories`]: streaming story clustering with term weights that adapt as
//!   articles arrive, a title boost, shared named entities, a time decay and
//!   a window of live stories; storylines, regrouped now and then by a
//!   latent semantic representation fitted on the latest stories
//!   (`regroup.rs`: truncated SVD and average-link clustering).
//! - [`place`]: the two together as the pipeline runs them, article after
//!   article, with a snapshot of the state to go on from in a later ingest.
//! - [`score`]: B-cubed and pairwise scores of a clustering against gold.
//! - [`text`]: the normalisation and word splitting both share.
//!
//! It does no IO and is deterministic: the same articles in the same order
//! give the same result.

mod bytes;
pub mod near;
pub mod place;
mod regroup;
pub mod score;
pub mod stories;
pub mod text;

pub use bytes::SnapshotError;
