//! The tidings engine: what the CLI, the server and any later worker share.
//! It strings the stages together ([`Pipeline`]), opens the store and answers
//! the questions asked of it, and knows nothing of clap, terminals or serving HTTP (it fetches only
//! through `tidings_fetch`).
//!
//! `engine` sits at the top of the library flow: it depends on every stage
//! (`ingest`, `clean`, `dedup`, `nlp`, `extract`) and on `store`; `server`
//! and `cli` depend on it.
//!
//! - [`Pipeline`]: every stage's settings and loaded models, built once per
//!   run; [`Pipeline::analyze`] runs one document through every stage,
//!   [`Pipeline::process_batch`] a batch for the store, with the site memory
//!   and the story placing of a run in [`RunState`].
//! - [`ingest::ingest_records`]: documents read from memory (an upload)
//!   through the pipeline into the store, with an [`ingest::IngestReport`].
//! - [`crawl`]: a source URL fetched politely (through `tidings_fetch`)
//!   into documents: a feed's entries with their pages, a sitemap's pages
//!   (indexes followed), or one page; shared by `tidings watch` and
//!   `tidings ingest URL`.
//! - [`query`]: opening the store ([`query::open`], [`query::open_read_only`])
//!   and the questions the commands and routes ask of it: lists cut to a
//!   limit or a [`query::Page`], one article with everything known of it
//!   ([`query::article`]), one entity, a sample of events.
//! - [`filters`]: the values list filters take (a day, an event code, a
//!   figure kind), parsed with errors that say what is allowed.
//! - [`export`]: the store's rows for analysis tools (`tidings export`):
//!   JSON lines, CSV, GDELT 2.0 event rows and GKG 2.1 rows ([`gdelt`]),
//!   streamed from the store's cursor to a writer.
//! - [`view`]: the JSON shapes of an article and its parts
//!   ([`view::ArticleView`]), shared by `tidings show --json` and the API.
//! - [`Error`]: what failed (a model that would not load, a store read).
//!
//! ```
//! use tidings_engine::Pipeline;
//! use tidings_ingest::IngestConfig;
//! use tidings_model::Origin;
//!
//! let pipeline = Pipeline::new()?;
//! let bytes = b"Ferry strike ends in Portavel\n\nThe ferries sail again from Portavel, the harbour office said on Monday.".to_vec();
//! let origin = Origin { path: Some("portavel.txt".into()), ..Origin::default() };
//! let raw = tidings_ingest::read_bytes(bytes, origin, &IngestConfig::default())
//!     .next()
//!     .ok_or("no document")??;
//! let analysis = pipeline.analyze(raw);
//! assert_eq!(analysis.article.title.as_deref(), Some("Ferry strike ends in Portavel"));
//! assert!(analysis.annotations.entities.iter().any(|e| e.name == "Portavel"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod bench_corpus;
#[cfg(feature = "parquet")]
mod columnar;
pub mod crawl;
mod error;
pub mod export;
pub mod filters;
pub mod gdelt;
pub mod ingest;
pub mod pipeline;
pub mod query;
pub mod view;

pub use error::{Error, Result};
pub use pipeline::{Analysis, BatchResult, Pipeline, Placing, Processed, RunState};
