//! What WARC and ARC records share: the archived HTTP response (or stored
//! resource) of one record turned into an HTML document, or an error that
//! says why not.

use std::io;
use std::path::Path;

use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc};

use crate::error::{Error, Result};
use crate::http::{self, clip, content_type, decode_content, DecodeProblem};
use crate::input::Input;
use crate::sniff::{is_blank, looks_html};
use crate::{decode, IngestConfig};

/// Record `record` of an archive file cut short at `offset`, with how far
/// into the stored (maybe compressed) file reading got.
pub(crate) fn truncated(path: &Path, input: &Input, record: u64, offset: u64) -> Error {
    Error::Truncated {
        path: path.to_path_buf(),
        record: Some(record),
        offset,
        at: input.stored_bytes_read(),
        gzip: input.is_gzip(),
    }
}

/// A read failure in record `record`: a cut stream (gzip or not) is a
/// truncation, anything else an I/O error.
pub(crate) fn read_error(
    path: &Path,
    input: &Input,
    source: io::Error,
    record: u64,
    offset: u64,
) -> Error {
    if source.kind() == io::ErrorKind::UnexpectedEof {
        return truncated(path, input, record, offset);
    }
    Error::Io {
        path: path.to_path_buf(),
        record: Some(record),
        source,
    }
}

/// One archive record: where it is and what its header says.
pub(crate) struct Archived<'a> {
    /// The file, for errors.
    pub path: &'a Path,
    /// The file, for the document's origin.
    pub origin_path: Option<String>,
    /// The 1-based record number.
    pub record: u64,
    /// Byte offset of the record in the (decompressed) file.
    pub offset: u64,
    /// The URL the record was fetched from.
    pub url: Option<String>,
    /// When it was fetched.
    pub fetched: Option<jiff::Timestamp>,
    /// Limits and user hints.
    pub config: &'a IngestConfig,
}

/// How a record's block holds the page.
pub(crate) enum Block<'a> {
    /// An HTTP response message: status line, headers, body.
    Http,
    /// The payload itself, of the given content type (if any).
    Payload(Option<&'a str>),
}

impl Archived<'_> {
    /// The HTML document in a record's block. The second value, when there
    /// is one, says what part of the block could not be read (a compressed
    /// body cut short) while the document holds what could.
    pub(crate) fn document(
        &self,
        block: &[u8],
        kind: Block<'_>,
    ) -> (Result<RawDoc>, Option<String>) {
        let mut damage = None;
        let (declared_type, payload) = match kind {
            Block::Http => {
                let response = match http::parse_response(block) {
                    Ok(response) => response,
                    Err(reason) => return (Err(self.http_error(reason)), None),
                };
                if !(200..300).contains(&response.status) {
                    let reason = format!("HTTP status {}", response.status);
                    return (Err(self.skipped(reason)), None);
                }
                let mut body = response.body.to_vec();
                let chunked = response
                    .header("Transfer-Encoding")
                    .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
                if chunked {
                    if let Some(joined) = http::dechunk(&body) {
                        body = joined;
                    }
                }
                if let Some(encoding) = response.header("Content-Encoding") {
                    match decode_content(&body, encoding, self.config.max_doc_bytes) {
                        Ok((decoded, problem)) => {
                            body = decoded;
                            damage = problem;
                        }
                        Err(DecodeProblem::TooLarge) => return (Err(self.too_large(None)), None),
                        Err(DecodeProblem::Bad(reason)) => {
                            return (Err(self.http_error(reason)), None)
                        }
                    }
                }
                (response.header("Content-Type").map(str::to_string), body)
            }
            Block::Payload(declared) => (declared.map(str::to_string), block.to_vec()),
        };
        (self.html(declared_type.as_deref(), payload), damage)
    }

    fn html(&self, declared_type: Option<&str>, payload: Vec<u8>) -> Result<RawDoc> {
        if payload.len() > self.config.max_doc_bytes {
            return Err(self.too_large(Some(payload.len() as u64)));
        }
        let (media_type, charset) = content_type(declared_type.unwrap_or_default());
        let html_declared = matches!(media_type.as_str(), "text/html" | "application/xhtml+xml");
        let undeclared = matches!(
            media_type.as_str(),
            "" | "text/plain"
                | "application/octet-stream"
                | "unknown/unknown"
                | "application/unknown"
                | "no-type"
        );
        if !(html_declared || (undeclared && looks_html(&payload))) {
            let what = if media_type.is_empty() {
                "of no declared type"
            } else {
                media_type.as_str()
            };
            return Err(self.skipped(format!("payload is {}, not HTML", clip(what))));
        }
        if is_blank(&payload) {
            return Err(Error::Empty {
                path: self.path.to_path_buf(),
                record: Some(self.record),
            });
        }
        let (text, encoding) = decode(&payload, charset.as_deref());
        Ok(RawDoc {
            id: DocId::of_bytes(&payload),
            origin: Origin {
                path: self.origin_path.clone(),
                record: Some(self.record),
                offset: Some(self.offset),
            },
            fetched: self.fetched,
            media_type: MediaType::Html,
            encoding: encoding.to_string(),
            hints: Hints {
                url: self.url.clone(),
                title: None,
                published: self.config.date,
                site: self.config.source.clone(),
                authors: Vec::new(),
                charset,
            },
            bytes: payload,
            text,
        })
    }

    /// A warning about this record: what was damaged, what was kept.
    pub(crate) fn damaged(&self, offset: u64, reason: String) -> Error {
        Error::Damaged {
            path: self.path.to_path_buf(),
            record: self.record,
            offset,
            reason,
        }
    }

    fn http_error(&self, reason: String) -> Error {
        Error::Http {
            path: self.path.to_path_buf(),
            record: self.record,
            offset: self.offset,
            reason,
        }
    }

    fn skipped(&self, reason: String) -> Error {
        Error::Skipped {
            path: self.path.to_path_buf(),
            record: self.record,
            offset: self.offset,
            reason,
        }
    }

    fn too_large(&self, size: Option<u64>) -> Error {
        Error::TooLarge {
            path: self.path.to_path_buf(),
            record: Some(self.record),
            size,
            limit: self.config.max_doc_bytes,
        }
    }
}
