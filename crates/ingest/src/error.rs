//! Errors from reading sources: each names the file, the record where there is
//! one, what failed and why.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// What went wrong reading a path or a record.
///
/// Every variant carries the path it concerns (as given, or `<input>` for bytes
/// without a name) and, inside a container file, the 1-based record: the JSONL
/// line or the WARC record number. `Display` gives one line in the form
/// `<path>[#record]: <what>: <why>`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file or folder could not be read (missing, permission denied, a
    /// broken compressed stream …).
    #[error("{}: cannot read: {source}", loc(path, *record))]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The record being read when it failed, if inside a container.
        record: Option<u64>,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
    /// The file (or record) holds nothing but whitespace.
    #[error("{}: empty {}", loc(path, *record), if record.is_some() { "document" } else { "file" })]
    Empty {
        /// The file.
        path: PathBuf,
        /// The record, if inside a container.
        record: Option<u64>,
    },
    /// The file is not text: NUL bytes or many control characters.
    #[error(
        "{}: looks binary (NUL bytes / control characters), not text, HTML, JSONL or WARC",
        loc(path, None)
    )]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// A document is larger than [`crate::IngestConfig::max_doc_bytes`].
    #[error("{}: document is {}, over the {} limit", loc(path, *record), size_text(*size), limit_text(*limit))]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The record, if inside a container.
        record: Option<u64>,
        /// The document's size in bytes, when known.
        size: Option<u64>,
        /// The limit in bytes.
        limit: usize,
    },
    /// A JSONL line that is not a JSON object.
    #[error("{}: not a JSON object: {source}", loc(path, Some(*line)))]
    Json {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
        /// serde_json's reason.
        #[source]
        source: serde_json::Error,
    },
    /// A JSONL record without any `text`, `html` or `content` field.
    #[error("{}: no document: the record has no \"text\", \"html\" or \"content\" string field", loc(path, Some(*line)))]
    NoText {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: u64,
    },
    /// A WARC record whose header cannot be parsed; reading resumes at the next
    /// `WARC/1.x` line.
    #[error("{}: bad WARC record at byte {offset}: {reason}", loc(path, Some(*record)))]
    WarcHeader {
        /// The file.
        path: PathBuf,
        /// The 1-based WARC record number.
        record: u64,
        /// Byte offset of the record in the (decompressed) file.
        offset: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A WARC response whose HTTP message cannot be used.
    #[error("{}: bad HTTP response at byte {offset}: {reason}", loc(path, Some(*record)))]
    Http {
        /// The file.
        path: PathBuf,
        /// The 1-based WARC record number.
        record: u64,
        /// Byte offset of the record in the (decompressed) file.
        offset: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A WARC response that is deliberately not ingested: not HTML, or not a
    /// 2xx status. Reported so nothing is dropped silently; see
    /// [`Error::is_skip`].
    #[error("{}: skipped: {reason}", loc(path, Some(*record)))]
    Skipped {
        /// The file.
        path: PathBuf,
        /// The 1-based WARC record number.
        record: u64,
        /// Byte offset of the record in the (decompressed) file.
        offset: u64,
        /// Why, e.g. `payload is image/png, not HTML` or `HTTP status 404`.
        reason: String,
    },
    /// An ARC record whose header line cannot be parsed; reading resumes at
    /// the next line that looks like an ARC header.
    #[error("{}: bad ARC record at byte {offset}: {reason}", loc(path, Some(*record)))]
    ArcHeader {
        /// The file.
        path: PathBuf,
        /// The 1-based ARC record number (the `filedesc://` record is 1).
        record: u64,
        /// Byte offset of the record in the (decompressed) file.
        offset: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A record that was read, or read in part, but not cleanly: a body cut
    /// short, bytes between records that belong to none (a wrong
    /// Content-Length), a header line ignored. What could be read was kept;
    /// this says what was not. A warning, not a failure: see
    /// [`Error::is_warning`].
    #[error("{}: damaged record at byte {offset}: {reason}", loc(path, Some(*record)))]
    Damaged {
        /// The file.
        path: PathBuf,
        /// The 1-based record the damage belongs to.
        record: u64,
        /// Byte offset of the damage in the (decompressed) file.
        offset: u64,
        /// What was damaged and what was kept.
        reason: String,
    },
    /// A feed whose XML or JSON breaks partway; the entries before the
    /// break were read and come before this item.
    #[error(
        "{}: the feed breaks at byte {offset}: {reason}; the {kept} entries before it were read",
        loc(path, None)
    )]
    Feed {
        /// The file.
        path: PathBuf,
        /// Byte offset of the break in the decoded feed.
        offset: u64,
        /// The parser's reason.
        reason: String,
        /// Entries read before the break.
        kept: u64,
    },
    /// A file in a format tidings recognises but does not read (yet): an
    /// XML sitemap. The message says what it is and what to do.
    #[error("{}: {what}: {advice}", loc(path, None))]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// What the file is, e.g. `an RSS feed, not articles`.
        what: String,
        /// What to do instead.
        advice: String,
    },
    /// The file ends in the middle of a record (or its gzip stream is cut).
    #[error(
        "{}: truncated {} at byte {at}: the file ends mid-{}",
        loc(path, *record),
        if *gzip { "gzip stream" } else { "file" },
        if record.is_some() { "record" } else { "document" }
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// The 1-based record that was cut, inside a container.
        record: Option<u64>,
        /// Byte offset of that record in the (decompressed) file.
        offset: u64,
        /// Where the input ended: bytes of the file as stored (compressed, for
        /// a gzip file).
        at: u64,
        /// Whether the file is gzip-compressed.
        gzip: bool,
    },
}

impl Error {
    /// The path the error concerns.
    pub fn path(&self) -> Option<&Path> {
        let path = match self {
            Error::Io { path, .. }
            | Error::Empty { path, .. }
            | Error::Binary { path }
            | Error::TooLarge { path, .. }
            | Error::Json { path, .. }
            | Error::NoText { path, .. }
            | Error::WarcHeader { path, .. }
            | Error::Http { path, .. }
            | Error::Skipped { path, .. }
            | Error::ArcHeader { path, .. }
            | Error::Damaged { path, .. }
            | Error::Unsupported { path, .. }
            | Error::Feed { path, .. }
            | Error::Truncated { path, .. } => path,
        };
        Some(path.as_path())
    }

    /// The 1-based record (JSONL line, WARC record) the error concerns, if any.
    pub fn record(&self) -> Option<u64> {
        match self {
            Error::Io { record, .. }
            | Error::Empty { record, .. }
            | Error::TooLarge { record, .. }
            | Error::Truncated { record, .. } => *record,
            Error::Binary { .. } | Error::Unsupported { .. } | Error::Feed { .. } => None,
            Error::Json { line, .. } | Error::NoText { line, .. } => Some(*line),
            Error::WarcHeader { record, .. }
            | Error::Http { record, .. }
            | Error::Skipped { record, .. }
            | Error::ArcHeader { record, .. }
            | Error::Damaged { record, .. } => Some(*record),
        }
    }

    /// True for records left out on purpose (a WARC response that is not HTML
    /// or not 2xx) rather than because something is broken. Callers may count
    /// these apart from failures.
    pub fn is_skip(&self) -> bool {
        matches!(self, Error::Skipped { .. })
    }

    /// True for damage reported beside what was kept ([`Error::Damaged`]):
    /// the record's document (or its part that could be read) came before
    /// this item. Callers report these as warnings, not failures.
    pub fn is_warning(&self) -> bool {
        matches!(self, Error::Damaged { .. })
    }
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// `path` or `path#record`.
fn loc(path: &Path, record: Option<u64>) -> Location<'_> {
    Location { path, record }
}

struct Location<'a> {
    path: &'a Path,
    record: Option<u64>,
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(record) = self.record {
            write!(f, "#{record}")?;
        }
        Ok(())
    }
}

const MIB: usize = 1024 * 1024;

/// A size for people: `50.0 MB`, `812.3 kB`, `90 bytes`.
fn size_text(size: Option<u64>) -> String {
    match size {
        None => "larger".to_string(),
        Some(size) if size >= 1_000_000 => format!("{:.1} MB", size as f64 / 1_000_000.0),
        Some(size) if size >= 1_000 => format!("{:.1} kB", size as f64 / 1_000.0),
        Some(size) => format!("{size} bytes"),
    }
}

/// A limit as the user set it: `32 MiB`, or bytes when not a whole MiB.
fn limit_text(limit: usize) -> String {
    if limit >= MIB && limit % MIB == 0 {
        format!("{} MiB", limit / MIB)
    } else {
        format!("{limit}-byte")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_path_record_what_and_why() {
        let err = Error::Truncated {
            path: "corpus/bad.warc.gz".into(),
            record: Some(3),
            offset: 9000,
            at: 18211,
            gzip: true,
        };
        assert_eq!(
            err.to_string(),
            "corpus/bad.warc.gz#3: truncated gzip stream at byte 18211: the file ends mid-record"
        );
        assert_eq!(err.record(), Some(3));
        assert_eq!(err.path(), Some(Path::new("corpus/bad.warc.gz")));
    }

    #[test]
    fn too_large_states_size_and_limit() {
        let err = Error::TooLarge {
            path: "big.txt".into(),
            record: None,
            size: Some(50_000_000),
            limit: 32 * MIB,
        };
        assert_eq!(
            err.to_string(),
            "big.txt: document is 50.0 MB, over the 32 MiB limit"
        );
        let err = Error::TooLarge {
            path: "feed.jsonl".into(),
            record: Some(4),
            size: None,
            limit: 1000,
        };
        assert_eq!(
            err.to_string(),
            "feed.jsonl#4: document is larger, over the 1000-byte limit"
        );
    }

    #[test]
    fn empty_says_file_or_document() {
        let file = Error::Empty {
            path: "a.txt".into(),
            record: None,
        };
        let doc = Error::Empty {
            path: "a.jsonl".into(),
            record: Some(2),
        };
        assert_eq!(file.to_string(), "a.txt: empty file");
        assert_eq!(doc.to_string(), "a.jsonl#2: empty document");
        assert!(!doc.is_skip());
    }
}
