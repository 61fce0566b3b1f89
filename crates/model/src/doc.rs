//! Raw documents: bytes as a source found them, before any cleaning.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::published::Published;

/// The id of a document: the 128-bit xxh3 hash of its raw bytes, as 32 hex
/// digits. The same bytes always get the same id, so ingesting them twice is a
/// no-op; an [`crate::Article`] carries the id of the [`RawDoc`] it came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocId(String);

impl DocId {
    /// The id of these bytes.
    pub fn of_bytes(bytes: &[u8]) -> DocId {
        DocId(format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes)))
    }

    /// Parses a full 32-digit id.
    pub fn parse(text: &str) -> Result<DocId> {
        let ok = text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if ok {
            Ok(DocId(text.to_string()))
        } else {
            Err(Error::BadDocId {
                text: text.to_string(),
            })
        }
    }

    /// The id as 32 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DocId {
    type Error = Error;
    fn try_from(text: String) -> Result<DocId> {
        DocId::parse(&text)
    }
}

impl From<DocId> for String {
    fn from(id: DocId) -> String {
        id.0
    }
}

/// What kind of document the bytes hold, as sniffed by `ingest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    /// Plain text: a title line, then paragraphs (the seed format).
    Text,
    /// An HTML page.
    Html,
}

impl MediaType {
    /// The lowercase name used in JSON and the store (`text`, `html`).
    pub fn as_str(&self) -> &'static str {
        match self {
            MediaType::Text => "text",
            MediaType::Html => "html",
        }
    }
}

/// Where a document came from, precise enough to find it again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The file it was read from, as given on the command line (joined with
    /// the relative path inside a folder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The record inside a container file: the 1-based line of a JSONL file or
    /// the 1-based record number of a WARC file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// The byte offset of the record in its (decompressed) container, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path.as_deref().unwrap_or("<input>"))?;
        if let Some(record) = self.record {
            write!(f, "#{record}")?;
        }
        Ok(())
    }
}

/// Metadata the container or the user supplied alongside the bytes: JSONL
/// fields, WARC and HTTP headers, `--date` and `--source`. Cleaning prefers
/// what the document itself says and falls back to these.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    /// The URL the document was fetched from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A title given by the container (a JSONL `title`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The publication time given by the container or `--date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
    /// The site name given by `--source` (otherwise derived from the URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Authors given by the container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The character set a header declared (HTTP `Content-Type`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
}

/// A document as a source found it. `bytes` are the original bytes (kept so
/// everything can be rebuilt); `text` is the same content decoded to UTF-8 by
/// `ingest`, which also records the `encoding` it detected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawDoc {
    /// Content hash of `bytes`.
    pub id: DocId,
    /// Where it came from.
    pub origin: Origin,
    /// When it was fetched (the WARC date), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<jiff::Timestamp>,
    /// What the bytes hold.
    pub media_type: MediaType,
    /// The encoding the bytes were decoded from (WHATWG name, e.g. `windows-1252`).
    pub encoding: String,
    /// Metadata from the container or the user.
    pub hints: Hints,
    /// The original bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The bytes decoded to UTF-8.
    #[serde(skip)]
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_hex_and_differ_for_different_bytes() {
        let a = DocId::of_bytes(b"Ferry strike ends in Portavel");
        let b = DocId::of_bytes(b"Ferry strike ends in Portavel.");
        assert_ne!(a, b);
        assert_eq!(DocId::parse(a.as_str()).unwrap(), a);
        assert!(DocId::parse("not-an-id").is_err());
        assert!(DocId::parse(&a.as_str().to_uppercase()).is_err());
    }

    #[test]
    fn origin_names_file_and_record() {
        let origin = Origin {
            path: Some("feeds/day1.jsonl".into()),
            record: Some(7),
            offset: None,
        };
        assert_eq!(origin.to_string(), "feeds/day1.jsonl#7");
    }
}
