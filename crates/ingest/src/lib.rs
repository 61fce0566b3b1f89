//! Sources for tidings: turns files, folders and bytes into [`RawDoc`]s.
//!
//! `ingest` is the first stage of the flow: it takes what the user points at
//! (plain text, HTML pages, JSON Lines, WARC and ARC archives, gzip or not) and returns
//! [`tidings_model::RawDoc`]s (the original bytes, their UTF-8 text, where they
//! came from and the hints their container gave) for `clean` to turn into
//! articles. It knows nothing of cleaning or storage.
//!
//! - [`discover`] walks paths into a sorted list of files ([`Discovery`]).
//! - [`read_path`] and [`read_bytes`] detect the format of one source and
//!   return its [`Records`]: one `Result<RawDoc>` per document, so a bad record
//!   is an [`Error`] naming file and record and never stops the rest.
//! - [`list`] reads the files that name many inputs (OPML, a list of URLs).
//! - [`decode`] finds a text's encoding (BOM, declared charset, detection).
//! - [`format`](mod@format) lists the formats ([`format::ALL`]: WARC, ARC,
//!   feeds, OPML lists (recognised and refused), JSONL, HTML, text), each a
//!   [`format::Format`] that sniffs and reads. Detection
//!   looks at the content first (gzip is opened and looked inside); the file
//!   extension only breaks ties.
//!
//! Errors ([`Error`]) print as `<path>[#record]: <what>: <why>`. WARC
//! responses left out on purpose (not HTML, not 2xx) are errors too, so
//! nothing vanishes unseen; [`Error::is_skip`] tells them apart, and
//! [`Error::is_warning`] tells damage reported beside what was kept (a
//! record cut short, a wrong length resynchronised). Nothing here
//! panics on any input, and WARC and JSONL files are streamed record by record,
//! never held whole in memory.
//!
//! ```
//! use tidings_ingest::{read_bytes, IngestConfig};
//! use tidings_model::{MediaType, Origin};
//!
//! let jsonl = concat!(
//!     r#"{"url": "https://velmora.example/storm", "title": "Storm closes harbour", "text": "The quay shut at dawn."}"#,
//!     "\nnot json\n",
//! );
//! let origin = Origin { path: Some("day1.jsonl".into()), ..Origin::default() };
//! let records: Vec<_> = read_bytes(jsonl.into(), origin, &IngestConfig::default()).collect();
//!
//! let doc = records[0].as_ref().unwrap();
//! assert_eq!(doc.text, "The quay shut at dawn.");
//! assert_eq!(doc.media_type, MediaType::Text);
//! assert_eq!(doc.hints.title.as_deref(), Some("Storm closes harbour"));
//! assert_eq!(doc.origin.to_string(), "day1.jsonl#1");
//!
//! let err = records[1].as_ref().unwrap_err();
//! assert!(err.to_string().starts_with("day1.jsonl#2: not a JSON object: "));
//! ```
#![deny(missing_docs)]

mod archive;
mod config;
mod date;
mod decode;
mod discover;
mod error;
pub mod format;
mod http;
mod input;
mod lines;
pub mod list;
mod read;
mod sniff;
pub mod warc_write;

pub use config::IngestConfig;
pub use decode::decode;
pub use discover::{discover, Discovery};
pub use error::{Error, Result};
pub use read::{read_bytes, read_path, Records};
#[doc(no_inline)]
pub use tidings_model::RawDoc;
