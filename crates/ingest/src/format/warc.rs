//! WARC files (ISO 28500, versions 1.0 and 1.1), plain or as concatenated
//! gzip members (`.warc.gz`): the HTML pages of their `response` records.
//!
//! Records are read one at a time from the stream, never the whole file. A
//! record is a `WARC/1.x` line, headers up to an empty line, `Content-Length`
//! bytes of block, and an empty line or two. `warcinfo`, `request`,
//! `metadata` and `revisit` records are passed over: that is normal. A
//! `response` whose payload is not HTML, or whose status is not 2xx, is an
//! `Err` item ([`crate::Error::Skipped`]) so nothing disappears unseen.

use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc};

use super::{has_extension, Confidence, Format, Input};
use crate::error::{Error, Result};
use crate::http::{self, clip, content_type, decode_content, DecodeProblem};
use crate::lines::{Line, Stream};
use crate::sniff::{is_blank, looks_html};
use crate::{decode, IngestConfig, Records};

/// The longest header line accepted.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// The most header lines accepted in one record.
const MAX_HEADERS: usize = 1000;
/// Room for the HTTP status line and headers on top of the document limit.
const HTTP_HEAD_ALLOWANCE: u64 = 1024 * 1024;

/// WARC web archives, plain or gzip; yields the HTML responses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Warc;

impl Format for Warc {
    fn name(&self) -> &'static str {
        "warc"
    }

    fn describe(&self) -> &'static str {
        "WARC web archives (.warc, .warc.gz), the HTML pages of their response records"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["warc"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        if head.trim_ascii_start().starts_with(b"WARC/1.") {
            Confidence::Certain
        } else if has_extension(path, self.extensions()) {
            Confidence::Extension
        } else {
            Confidence::No
        }
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        Box::new(WarcRecords {
            path: input.error_path(),
            origin_path: input.origin().path.clone(),
            stream: Stream::new(BufReader::with_capacity(64 * 1024, input)),
            config: config.clone(),
            record: 0,
            resyncing: false,
            done: false,
            buf: Vec::new(),
        })
    }
}

struct WarcRecords {
    path: PathBuf,
    origin_path: Option<String>,
    stream: Stream<BufReader<Input>>,
    config: IngestConfig,
    /// Records started so far (the 1-based number of the current one).
    record: u64,
    /// After a broken record: skip lines until the next `WARC/1.x` line.
    resyncing: bool,
    done: bool,
    buf: Vec<u8>,
}

/// What happened to one record.
enum Outcome {
    /// Passed over without a word (warcinfo, request, metadata …).
    Pass,
    /// A document.
    Doc(Box<RawDoc>),
    /// A bad or skipped record; reading goes on.
    Bad(Error),
    /// The input is broken beyond this point; report and stop.
    Fatal(Error),
}

impl Iterator for WarcRecords {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Result<RawDoc>> {
        while !self.done {
            match self.next_record() {
                Outcome::Pass => {}
                Outcome::Doc(doc) => return Some(Ok(*doc)),
                Outcome::Bad(err) => return Some(Err(err)),
                Outcome::Fatal(err) => {
                    self.done = true;
                    return Some(Err(err));
                }
            }
        }
        None
    }
}

impl From<Result<RawDoc>> for Outcome {
    fn from(item: Result<RawDoc>) -> Outcome {
        match item {
            Ok(doc) => Outcome::Doc(Box::new(doc)),
            Err(err) => Outcome::Bad(err),
        }
    }
}

impl WarcRecords {
    fn next_record(&mut self) -> Outcome {
        // Find the version line, passing blank lines (and, after a broken
        // record, anything else).
        let offset = loop {
            let offset = self.stream.offset();
            match self.stream.read_line(&mut self.buf, MAX_HEADER_LINE) {
                Err(source) => {
                    return Outcome::Fatal(self.stream_error(source, self.record + 1, offset))
                }
                Ok(Line::Eof) => {
                    self.done = true;
                    if self.record == 0 {
                        return Outcome::Bad(Error::Empty {
                            path: self.path.clone(),
                            record: None,
                        });
                    }
                    return Outcome::Pass;
                }
                Ok(Line::Complete) if self.buf.starts_with(b"WARC/1.") => break offset,
                Ok(Line::Complete) if is_blank(&self.buf) => {}
                Ok(line) => {
                    if !self.resyncing {
                        self.record += 1;
                        self.resyncing = true;
                        let found = match line {
                            Line::TooLong(size) => format!("a {size}-byte line"),
                            _ => format!("{:?}", clip(&String::from_utf8_lossy(&self.buf))),
                        };
                        return Outcome::Bad(self.header_error(
                            offset,
                            format!("expected a WARC/1.0 or WARC/1.1 line, found {found}"),
                        ));
                    }
                }
            }
        };
        self.record += 1;
        self.resyncing = false;

        let headers = match self.read_headers(offset) {
            Ok(headers) => headers,
            Err(outcome) => return outcome,
        };
        let length = match http::header(&headers, "Content-Length").map(|v| v.trim().parse::<u64>())
        {
            Some(Ok(length)) => length,
            Some(Err(_)) | None => {
                self.resyncing = true;
                return Outcome::Bad(
                    self.header_error(offset, "missing or bad Content-Length".into()),
                );
            }
        };
        let kind = http::header(&headers, "WARC-Type")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let target = http::header(&headers, "WARC-Target-URI").unwrap_or_default();
        let wanted = (kind == "response" && !target.starts_with("dns:")) || kind == "resource";
        let limit = self.config.max_doc_bytes as u64;
        if !wanted || length > limit.saturating_add(HTTP_HEAD_ALLOWANCE) {
            match self.stream.skip(length) {
                Err(source) => {
                    return Outcome::Fatal(self.stream_error(source, self.record, offset))
                }
                Ok(false) => return Outcome::Fatal(self.truncated(offset)),
                Ok(true) => {}
            }
            if !wanted {
                return Outcome::Pass;
            }
            return Outcome::Bad(Error::TooLarge {
                path: self.path.clone(),
                record: Some(self.record),
                size: Some(length),
                limit: self.config.max_doc_bytes,
            });
        }
        let mut block = Vec::new();
        match self.stream.read_block(length, &mut block) {
            Err(source) => return Outcome::Fatal(self.stream_error(source, self.record, offset)),
            Ok(false) => return Outcome::Fatal(self.truncated(offset)),
            Ok(true) => {}
        }
        self.document(&headers, &kind, &block, offset).into()
    }

    /// Reads header lines up to the empty line that ends them.
    fn read_headers(&mut self, offset: u64) -> std::result::Result<Vec<(String, String)>, Outcome> {
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match self.stream.read_line(&mut self.buf, MAX_HEADER_LINE) {
                Err(source) => {
                    return Err(Outcome::Fatal(self.stream_error(
                        source,
                        self.record,
                        offset,
                    )))
                }
                Ok(Line::Eof) => return Err(Outcome::Fatal(self.truncated(offset))),
                Ok(Line::TooLong(size)) => {
                    self.resyncing = true;
                    return Err(Outcome::Bad(
                        self.header_error(offset, format!("a header line of {size} bytes")),
                    ));
                }
                Ok(Line::Complete) if self.buf.is_empty() => return Ok(headers),
                Ok(Line::Complete) => {}
            }
            let line = String::from_utf8_lossy(&self.buf);
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                    continue;
                }
            }
            let Some((name, value)) = line.split_once(':') else {
                let reason = format!("header line without a colon: {:?}", clip(&line));
                self.resyncing = true;
                return Err(Outcome::Bad(self.header_error(offset, reason)));
            };
            headers.push((name.trim().to_string(), value.trim().to_string()));
            if headers.len() > MAX_HEADERS {
                self.resyncing = true;
                let reason = format!("more than {MAX_HEADERS} header lines");
                return Err(Outcome::Bad(self.header_error(offset, reason)));
            }
        }
    }

    /// The document in a `response` or `resource` record's block.
    fn document(
        &self,
        headers: &[(String, String)],
        kind: &str,
        block: &[u8],
        offset: u64,
    ) -> Result<RawDoc> {
        let (declared_type, payload) = if kind == "response" {
            let response =
                http::parse_response(block).map_err(|reason| self.http_error(offset, reason))?;
            if !(200..300).contains(&response.status) {
                return Err(self.skipped(offset, format!("HTTP status {}", response.status)));
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
                body = decode_content(&body, encoding, self.config.max_doc_bytes).map_err(
                    |problem| match problem {
                        DecodeProblem::TooLarge => self.too_large(None),
                        DecodeProblem::Bad(reason) => self.http_error(offset, reason),
                    },
                )?;
            }
            (response.header("Content-Type").map(str::to_string), body)
        } else {
            (
                http::header(headers, "Content-Type").map(str::to_string),
                block.to_vec(),
            )
        };
        if payload.len() > self.config.max_doc_bytes {
            return Err(self.too_large(Some(payload.len() as u64)));
        }
        let (media_type, charset) = content_type(declared_type.as_deref().unwrap_or_default());
        let html_declared = matches!(media_type.as_str(), "text/html" | "application/xhtml+xml");
        let undeclared = matches!(
            media_type.as_str(),
            "" | "text/plain"
                | "application/octet-stream"
                | "unknown/unknown"
                | "application/unknown"
        );
        if !(html_declared || (undeclared && looks_html(&payload))) {
            let what = if media_type.is_empty() {
                "of no declared type"
            } else {
                media_type.as_str()
            };
            return Err(self.skipped(offset, format!("payload is {}, not HTML", clip(what))));
        }
        if is_blank(&payload) {
            return Err(Error::Empty {
                path: self.path.clone(),
                record: Some(self.record),
            });
        }
        let (text, encoding) = decode(&payload, charset.as_deref());
        let url = http::header(headers, "WARC-Target-URI")
            .map(|uri| {
                uri.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
            .filter(|uri| !uri.is_empty());
        let fetched = http::header(headers, "WARC-Date")
            .and_then(|date| date.trim().parse::<jiff::Timestamp>().ok());
        Ok(RawDoc {
            id: DocId::of_bytes(&payload),
            origin: Origin {
                path: self.origin_path.clone(),
                record: Some(self.record),
                offset: Some(offset),
            },
            fetched,
            media_type: MediaType::Html,
            encoding: encoding.to_string(),
            hints: Hints {
                url,
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

    fn header_error(&self, offset: u64, reason: String) -> Error {
        Error::WarcHeader {
            path: self.path.clone(),
            record: self.record,
            offset,
            reason,
        }
    }

    fn http_error(&self, offset: u64, reason: String) -> Error {
        Error::Http {
            path: self.path.clone(),
            record: self.record,
            offset,
            reason,
        }
    }

    fn skipped(&self, offset: u64, reason: String) -> Error {
        Error::Skipped {
            path: self.path.clone(),
            record: self.record,
            offset,
            reason,
        }
    }

    fn too_large(&self, size: Option<u64>) -> Error {
        Error::TooLarge {
            path: self.path.clone(),
            record: Some(self.record),
            size,
            limit: self.config.max_doc_bytes,
        }
    }

    fn truncated(&self, offset: u64) -> Error {
        let input = self.stream.get_ref().get_ref();
        Error::Truncated {
            path: self.path.clone(),
            record: Some(self.record),
            offset,
            at: input.stored_bytes_read(),
            gzip: input.is_gzip(),
        }
    }

    /// A read failure in record `record`: a cut gzip stream is a truncation,
    /// anything else an I/O error.
    fn stream_error(&self, source: io::Error, record: u64, offset: u64) -> Error {
        let input = self.stream.get_ref().get_ref();
        if source.kind() == io::ErrorKind::UnexpectedEof {
            Error::Truncated {
                path: self.path.clone(),
                record: Some(record),
                offset,
                at: input.stored_bytes_read(),
                gzip: input.is_gzip(),
            }
        } else {
            Error::Io {
                path: self.path.clone(),
                record: Some(record),
                source,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-01-16T08:30:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn read(bytes: Vec<u8>) -> Vec<Result<RawDoc>> {
        let origin = Origin {
            path: Some("crawl.warc".into()),
            ..Origin::default()
        };
        Warc.read(Input::from_bytes(bytes, origin), &IngestConfig::default())
            .collect()
    }

    const PAGE: &[u8] = b"<html><head><title>Ferry</title></head><body><p>The Portavel ferry sails again.</p></body></html>";

    #[test]
    fn html_responses_become_documents_and_other_records_pass() {
        let mut warc = record("warcinfo", "", b"software: handmade\r\n");
        warc.extend(record(
            "request",
            "https://portavel.example/ferry",
            b"GET /ferry HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://portavel.example/ferry",
            &response("200 OK", "Content-Type: text/html; charset=UTF-8\r\n", PAGE),
        ));
        let records = read(warc.clone());
        assert_eq!(records.len(), 1);
        let doc = records[0].as_ref().unwrap();
        assert_eq!(doc.bytes, PAGE);
        assert_eq!(doc.id, DocId::of_bytes(PAGE));
        assert_eq!(doc.media_type, MediaType::Html);
        assert_eq!(doc.origin.to_string(), "crawl.warc#3");
        let third = warc.windows(8).rposition(|w| w == b"WARC/1.1").unwrap() as u64;
        assert_eq!(doc.origin.offset, Some(third));
        assert_eq!(
            doc.hints.url.as_deref(),
            Some("https://portavel.example/ferry")
        );
        assert_eq!(doc.hints.charset.as_deref(), Some("UTF-8"));
        assert_eq!(doc.fetched.unwrap().to_string(), "2026-01-16T08:30:00Z");
    }

    #[test]
    fn chunked_gzip_bodies_are_unwrapped() {
        let gz = gzip(PAGE);
        let mut chunked = format!("{:x}\r\n", 10).into_bytes();
        chunked.extend_from_slice(&gz[..10]);
        chunked.extend_from_slice(format!("\r\n{:x}\r\n", gz.len() - 10).as_bytes());
        chunked.extend_from_slice(&gz[10..]);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let block = response(
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
            &chunked,
        );
        let records = read(record("response", "https://portavel.example/", &block));
        let doc = records[0].as_ref().unwrap();
        assert_eq!(doc.bytes, PAGE);
        assert_eq!(doc.id, DocId::of_bytes(PAGE));
    }

    #[test]
    fn images_and_errors_are_reported_as_skipped() {
        let mut warc = record(
            "response",
            "https://portavel.example/logo.png",
            &response(
                "200 OK",
                "Content-Type: image/png\r\n",
                b"\x89PNG\r\n\x1a\n",
            ),
        );
        warc.extend(record(
            "response",
            "https://portavel.example/gone",
            &response(
                "404 Not Found",
                "Content-Type: text/html\r\n",
                b"<p>gone</p>",
            ),
        ));
        warc.extend(record(
            "response",
            "https://portavel.example/plain",
            &response("200 OK", "", PAGE),
        ));
        let records = read(warc);
        assert_eq!(records.len(), 3);
        let first = records[0].as_ref().unwrap_err();
        assert!(first.is_skip());
        assert_eq!(
            first.to_string(),
            "crawl.warc#1: skipped: payload is image/png, not HTML"
        );
        assert_eq!(
            records[1].as_ref().unwrap_err().to_string(),
            "crawl.warc#2: skipped: HTTP status 404"
        );
        assert_eq!(
            records[2].as_ref().unwrap().bytes,
            PAGE,
            "undeclared but sniffed as HTML"
        );
    }

    #[test]
    fn a_broken_header_is_reported_and_reading_resumes_at_the_next_record() {
        let good = record(
            "response",
            "https://portavel.example/",
            &response("200 OK", "Content-Type: text/html\r\n", PAGE),
        );
        let mut warc = b"WARC/1.0\r\nWARC-Type: response\r\nthis line has no colon\r\n\r\n<html>lost</html>\r\n\r\n".to_vec();
        warc.extend(&good);
        let third = warc.len();
        warc.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\nxx\r\n\r\n");
        warc.extend(&good);
        let records = read(warc);
        let summary: Vec<String> = records
            .iter()
            .map(|r| match r {
                Ok(doc) => format!("ok {}", doc.origin),
                Err(err) => err.to_string(),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "crawl.warc#1: bad WARC record at byte 0: header line without a colon: \"this line has no colon\"",
                "ok crawl.warc#2",
                &format!("crawl.warc#3: bad WARC record at byte {third}: missing or bad Content-Length"),
                "ok crawl.warc#4",
            ]
        );
    }

    #[test]
    fn a_truncated_file_gives_the_good_records_then_one_error() {
        let one = record(
            "response",
            "https://portavel.example/1",
            &response("200 OK", "Content-Type: text/html\r\n", PAGE),
        );
        let mut warc = one.clone();
        warc.extend(&one);
        let cut = warc.len() - 40;
        warc.truncate(cut);
        let records = read(warc);
        assert_eq!(records.len(), 2);
        assert!(records[0].is_ok());
        let message = records[1].as_ref().unwrap_err().to_string();
        assert_eq!(
            message,
            format!("crawl.warc#2: truncated file at byte {cut}: the file ends mid-record")
        );
    }

    #[test]
    fn not_a_warc_is_one_error_and_empty_is_empty() {
        let records = read(b"Just some notes about the harbour.\nNothing else.\n".to_vec());
        assert_eq!(records.len(), 1);
        assert!(records[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("expected a WARC/1.0 or WARC/1.1 line"));
        let records = read(Vec::new());
        assert_eq!(
            records[0].as_ref().unwrap_err().to_string(),
            "crawl.warc: empty file"
        );
    }
}
