//! Reading one source, a file or bytes, into documents: open, sniff, dispatch.

use std::path::Path;

use tidings_model::{Origin, RawDoc};

use crate::error::Result;
use crate::format::{self, Input};
use crate::IngestConfig;

/// The documents of one source, in order: a document or an error per record.
pub type Records = Box<dyn Iterator<Item = Result<RawDoc>> + Send>;

/// The documents in one file. Never panics. Items are `Err` for a bad record (a
/// JSONL line that is not JSON, a WARC record with a broken header) and the
/// iterator goes on with the next record where it can; an unreadable, empty,
/// binary or truncated file yields one `Err` (after any good records before the
/// damage).
///
/// The format is detected from the content (see [`format::detect`]); gzip
/// files are decompressed first.
pub fn read_path(path: &Path, config: &IngestConfig) -> Records {
    match Input::open(path) {
        Ok(input) => read_input(input, config),
        Err(err) => Box::new(std::iter::once(Err(err))),
    }
}

/// Same as [`read_path`] for bytes already in memory (stdin, tests);
/// `origin.path` names them in errors (and its extension breaks format ties).
pub fn read_bytes(bytes: Vec<u8>, origin: Origin, config: &IngestConfig) -> Records {
    read_input(Input::from_bytes(bytes, origin), config)
}

fn read_input(input: Input, config: &IngestConfig) -> Records {
    let format = format::detect(input.head(), input.path());
    format.read(input, config)
}
