//! WARC files (ISO 28500, versions 1.0 and 1.1, and the 0.17 and 0.18
//! drafts older crawlers wrote), plain or as concatenated gzip members
//! (`.warc.gz`): the HTML pages of their `response` records.
//!
//! Records are read one at a time from the stream, never the whole file. A
//! record is a `WARC/x.y` line, headers up to an empty line, `Content-Length`
//! bytes of block, and an empty line or two. `warcinfo`, `request`,
//! `metadata` and `revisit` records are passed over: that is normal. A
//! `response` whose payload is not HTML, or whose status is not 2xx, is an
//! `Err` item ([`crate::Error::Skipped`]) so nothing disappears unseen.
//!
//! Reading is as lenient as warcio's: header lines may end in `\r\r\n` or a
//! bare `\n`, a header line without a colon is passed over, and bytes after
//! a record's block that start no record (a wrong `Content-Length`) are
//! skipped to the next `WARC/` line. What leniency costs is reported as a
//! warning ([`crate::Error::Damaged`]) on the record it concerns, as is a
//! record cut short (a gzip body, or the file itself), whose readable part
//! is kept.

use std::collections::VecDeque;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use tidings_model::RawDoc;

use super::{marked_or_named, Confidence, Format, Input};
use crate::archive::{self, Archived, Block};
use crate::error::{Error, Result};
use crate::http::{self, clip};
use crate::lines::{Line, Stream};
use crate::sniff::is_blank;
use crate::{IngestConfig, Records};

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
        "WARC web archives (.warc, .warc.gz; WARC/1.0, 1.1, 0.17, 0.18), the HTML pages of their response records"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["warc"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        marked_or_named(
            is_version_line(head.trim_ascii_start()),
            path,
            self.extensions(),
        )
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        Box::new(WarcRecords {
            path: input.error_path(),
            origin_path: input.origin().path.clone(),
            stream: Stream::new(BufReader::with_capacity(64 * 1024, input)),
            config: config.clone(),
            record: 0,
            resyncing: false,
            junk_from: None,
            done: false,
            pending: VecDeque::new(),
            buf: Vec::new(),
        })
    }
}

/// True for the line that starts a record: `WARC/1.0`, `WARC/1.1`, and the
/// drafts `WARC/0.17`, `WARC/0.18` (any `WARC/<digit>.<digit>`).
fn is_version_line(line: &[u8]) -> bool {
    match line.strip_prefix(b"WARC/") {
        Some([major, b'.', minor, ..]) => major.is_ascii_digit() && minor.is_ascii_digit(),
        _ => false,
    }
}

struct WarcRecords {
    path: PathBuf,
    origin_path: Option<String>,
    stream: Stream<BufReader<Input>>,
    config: IngestConfig,
    /// Records started so far (the 1-based number of the current one).
    record: u64,
    /// After a broken header: skip lines until the next `WARC/` line.
    resyncing: bool,
    /// After a whole record: where bytes that start no record began.
    junk_from: Option<u64>,
    done: bool,
    /// Items found and not yet returned (a document and its warning).
    pending: VecDeque<Result<RawDoc>>,
    buf: Vec<u8>,
}

impl Iterator for WarcRecords {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Result<RawDoc>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            self.next_record();
        }
    }
}

impl WarcRecords {
    /// Reads one record, queueing what it gives in `pending` (nothing, for
    /// records passed over) or setting `done`.
    fn next_record(&mut self) {
        // Find the version line, passing blank lines (and, after a broken
        // record, anything else).
        let offset = loop {
            let offset = self.stream.offset();
            match self.stream.read_line(&mut self.buf, MAX_HEADER_LINE) {
                Err(source) => {
                    let err = self.stream_error(source, self.record + 1, offset);
                    return self.fatal(err);
                }
                Ok(Line::Eof) => {
                    self.done = true;
                    self.report_junk(offset);
                    if self.record == 0 {
                        self.pending.push_back(Err(Error::Empty {
                            path: self.path.clone(),
                            record: None,
                        }));
                    }
                    return;
                }
                Ok(Line::Complete) if is_version_line(&self.buf) => break offset,
                Ok(Line::Complete) if is_blank(&self.buf) => {}
                Ok(line) => {
                    if self.resyncing || self.junk_from.is_some() {
                        continue;
                    }
                    if self.record > 0 {
                        // After a whole record: its Content-Length was
                        // likely wrong. Skip to the next record and say so.
                        self.junk_from = Some(offset);
                        continue;
                    }
                    self.record += 1;
                    self.resyncing = true;
                    let found = match line {
                        Line::TooLong(size) => format!("a {size}-byte line"),
                        _ => format!("{:?}", clip(&String::from_utf8_lossy(&self.buf))),
                    };
                    let err = self.header_error(
                        offset,
                        format!("expected a WARC/1.0 or WARC/1.1 line, found {found}"),
                    );
                    self.pending.push_back(Err(err));
                    return;
                }
            }
        };
        self.report_junk(offset);
        self.record += 1;
        self.resyncing = false;

        let mut notes = Vec::new();
        let headers = match self.read_headers(offset, &mut notes) {
            Ok(headers) => headers,
            Err(()) => return,
        };
        let length = match http::header(&headers, "Content-Length").map(|v| v.trim().parse::<u64>())
        {
            Some(Ok(length)) => length,
            Some(Err(_)) | None => {
                self.resyncing = true;
                let err = self.header_error(offset, "missing or bad Content-Length".into());
                self.pending.push_back(Err(err));
                return;
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
                    let err = self.stream_error(source, self.record, offset);
                    return self.fatal(err);
                }
                Ok(false) => return self.fatal(self.truncated(offset)),
                Ok(true) => {}
            }
            if wanted {
                self.pending.push_back(Err(Error::TooLarge {
                    path: self.path.clone(),
                    record: Some(self.record),
                    size: Some(length),
                    limit: self.config.max_doc_bytes,
                }));
            }
            self.push_notes(offset, notes);
            return;
        }
        let mut block = Vec::new();
        let complete = self.stream.read_block(length, &mut block);
        let archived = self.archived(&headers, offset);
        let kind = if kind == "response" {
            Block::Http
        } else {
            Block::Payload(http::header(&headers, "Content-Type"))
        };
        let cut = match complete {
            Ok(true) => None,
            Ok(false) => Some(self.truncated(offset)),
            Err(source) => Some(self.stream_error(source, self.record, offset)),
        };
        let (doc, damage) = archived.document(&block, kind);
        match cut {
            None => {
                self.pending.push_back(doc);
                notes.extend(damage);
            }
            // The file ends inside this record: keep what was read of the
            // page when it makes one, and say what was lost.
            Some(cut) => {
                self.done = true;
                match (&cut, doc) {
                    (Error::Truncated { at, gzip, .. }, Ok(doc)) => {
                        self.pending.push_back(Ok(doc));
                        notes.extend(damage);
                        notes.push(format!(
                            "the {} ends at byte {at}, inside this record: kept the first {} of its {length} bytes",
                            if *gzip { "gzip stream" } else { "file" },
                            block.len()
                        ));
                    }
                    _ => self.pending.push_back(Err(cut)),
                }
            }
        }
        self.push_notes(offset, notes);
    }

    /// Reads header lines up to the empty line that ends them. A line
    /// without a colon is passed over and noted.
    fn read_headers(
        &mut self,
        offset: u64,
        notes: &mut Vec<String>,
    ) -> std::result::Result<Vec<(String, String)>, ()> {
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            match self.stream.read_line(&mut self.buf, MAX_HEADER_LINE) {
                Err(source) => {
                    let err = self.stream_error(source, self.record, offset);
                    self.fatal(err);
                    return Err(());
                }
                Ok(Line::Eof) => {
                    self.fatal(self.truncated(offset));
                    return Err(());
                }
                Ok(Line::TooLong(size)) => {
                    self.resyncing = true;
                    let err = self.header_error(offset, format!("a header line of {size} bytes"));
                    self.pending.push_back(Err(err));
                    return Err(());
                }
                // `\r\r\n` and trailing blanks end the headers too.
                Ok(Line::Complete) if self.buf.trim_ascii_end().is_empty() => return Ok(headers),
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
                notes.push(format!(
                    "passed over a header line without a colon: {:?}",
                    clip(line.trim_end())
                ));
                continue;
            };
            headers.push((name.trim().to_string(), value.trim().to_string()));
            if headers.len() > MAX_HEADERS {
                self.resyncing = true;
                let reason = format!("more than {MAX_HEADERS} header lines");
                let err = self.header_error(offset, reason);
                self.pending.push_back(Err(err));
                return Err(());
            }
        }
    }

    fn archived(&self, headers: &[(String, String)], offset: u64) -> Archived<'_> {
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
        Archived {
            path: &self.path,
            origin_path: self.origin_path.clone(),
            record: self.record,
            offset,
            url,
            fetched,
            config: &self.config,
        }
    }

    /// Queues one warning for the current record holding every note.
    fn push_notes(&mut self, offset: u64, notes: Vec<String>) {
        if notes.is_empty() {
            return;
        }
        let err = Error::Damaged {
            path: self.path.clone(),
            record: self.record,
            offset,
            reason: notes.join("; "),
        };
        self.pending.push_back(Err(err));
    }

    /// Queues a warning for bytes between the last record and `next` that
    /// belong to no record.
    fn report_junk(&mut self, next: u64) {
        if let Some(from) = self.junk_from.take() {
            let reason = format!(
                "{} bytes after its block start no record (a wrong Content-Length?); skipped to byte {next}",
                next - from
            );
            self.pending.push_back(Err(Error::Damaged {
                path: self.path.clone(),
                record: self.record,
                offset: from,
                reason,
            }));
        }
    }

    /// Queues an error after which nothing more can be read.
    fn fatal(&mut self, err: Error) {
        self.done = true;
        self.pending.push_back(Err(err));
    }

    fn header_error(&self, offset: u64, reason: String) -> Error {
        Error::WarcHeader {
            path: self.path.clone(),
            record: self.record,
            offset,
            reason,
        }
    }

    fn truncated(&self, offset: u64) -> Error {
        let input = self.stream.get_ref().get_ref();
        archive::truncated(&self.path, input, self.record, offset)
    }

    /// A read failure in record `record`.
    fn stream_error(&self, source: io::Error, record: u64, offset: u64) -> Error {
        let input = self.stream.get_ref().get_ref();
        archive::read_error(&self.path, input, source, record, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;
    use tidings_model::{DocId, MediaType, Origin};

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
                "crawl.warc#1: bad WARC record at byte 0: missing or bad Content-Length",
                "ok crawl.warc#2",
                &format!(
                    "crawl.warc#3: bad WARC record at byte {third}: missing or bad Content-Length"
                ),
                "ok crawl.warc#4",
            ]
        );
    }

    /// Issue 11: the readable part of a record the file's end cuts is kept,
    /// with a warning saying what was lost.
    #[test]
    fn issue_11_a_truncated_file_keeps_the_cut_record_with_a_warning() {
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
        assert_eq!(records.len(), 3, "{records:?}");
        assert!(records[0].is_ok());
        let partial = records[1].as_ref().unwrap();
        assert!(PAGE.starts_with(&partial.bytes) && partial.bytes.len() < PAGE.len());
        let warning = records[2].as_ref().unwrap_err();
        assert!(warning.is_warning());
        assert_eq!(
            warning.to_string(),
            format!(
                "crawl.warc#2: damaged record at byte {}: the file ends at byte {cut}, inside this record: kept the first {} of its {} bytes",
                one.len(),
                cut - one.len() - (one.len() - 4 - response("200 OK", "Content-Type: text/html\r\n", PAGE).len()),
                response("200 OK", "Content-Type: text/html\r\n", PAGE).len()
            )
        );
        // Cut inside the headers, nothing can be kept: one error, as before.
        let mut warc = one.clone();
        warc.extend(&one[..30]);
        let records = read(warc);
        assert_eq!(records.len(), 2);
        assert_eq!(
            records[1].as_ref().unwrap_err().to_string(),
            format!(
                "crawl.warc#2: truncated file at byte {}: the file ends mid-record",
                one.len() + 30
            )
        );
    }

    /// Issue 11: a gzip-encoded body cut short keeps what decompressed.
    #[test]
    fn issue_11_a_cut_gzip_body_keeps_what_decompressed_with_a_warning() {
        let long_page = [PAGE, &b"<p>More about the ferry. "[..]]
            .concat()
            .repeat(50);
        let gz = gzip(&long_page);
        let block = response(
            "200 OK",
            "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
            &gz[..gz.len() - 30],
        );
        let records = read(record("response", "https://portavel.example/", &block));
        assert_eq!(records.len(), 2, "{records:?}");
        let doc = records[0].as_ref().unwrap();
        assert!(long_page.starts_with(&doc.bytes) && !doc.bytes.is_empty());
        let warning = records[1].as_ref().unwrap_err();
        assert!(warning.is_warning(), "{warning}");
        assert!(warning.to_string().starts_with(
            "crawl.warc#1: damaged record at byte 0: the compressed body breaks after"
        ));
    }

    /// Issue 16: header lines ending in `\r\r\n`, as some real archives have.
    #[test]
    fn issue_16_headers_ending_in_cr_cr_lf_are_read() {
        let block = response("200 OK", "Content-Type: text/html\r\n", PAGE);
        let mut warc = format!(
            "WARC/1.0\r\r\nWARC-Type: response\r\r\nWARC-Target-URI: https://portavel.example/\r\r\nContent-Length: {}\r\r\n\r\r\n",
            block.len()
        )
        .into_bytes();
        warc.extend(&block);
        warc.extend(b"\r\n\r\n");
        warc.extend(record("response", "https://portavel.example/2", &block));
        let records = read(warc);
        assert_eq!(records.len(), 2, "{records:?}");
        let doc = records[0].as_ref().unwrap();
        assert_eq!(doc.bytes, PAGE);
        assert_eq!(doc.hints.url.as_deref(), Some("https://portavel.example/"));
        assert!(records[1].is_ok());
    }

    /// Issue 16: a wrong Content-Length is resynchronised and is a warning
    /// on that record, not a failure; a header line without a colon is
    /// passed over with a warning, as warcio does.
    #[test]
    fn issue_16_a_wrong_content_length_is_a_warning_and_reading_goes_on() {
        let block = response("200 OK", "Content-Type: text/html\r\n", PAGE);
        let mut warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n",
            block.len() - 10
        )
        .into_bytes();
        warc.extend(&block);
        warc.extend(b"\r\n\r\n");
        let second = warc.len();
        let mut odd = record("response", "https://portavel.example/2", &block);
        let at = odd.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
        odd.splice(at..at, b"Odd line without colon\r\n".iter().copied());
        warc.extend(&odd);
        let records = read(warc);
        let summary: Vec<String> = records
            .iter()
            .map(|r| match r {
                Ok(doc) => format!("ok {}", doc.origin),
                Err(err) => format!(
                    "{} {err}",
                    if err.is_warning() { "warning" } else { "error" }
                ),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "ok crawl.warc#1".to_string(),
                format!("warning crawl.warc#1: damaged record at byte {}: 14 bytes after its block start no record (a wrong Content-Length?); skipped to byte {second}", second - 14),
                "ok crawl.warc#2".to_string(),
                format!("warning crawl.warc#2: damaged record at byte {second}: passed over a header line without a colon: \"Odd line without colon\""),
            ]
        );
    }

    /// Issue 11: the 0.17 and 0.18 drafts have the same record layout.
    #[test]
    fn issue_11_warc_0_17_and_0_18_are_read() {
        let block = response("200 OK", "Content-Type: text/html\r\n", PAGE);
        for version in ["0.17", "0.18"] {
            let warc = String::from_utf8(record("response", "https://portavel.example/", &block))
                .unwrap()
                .replacen("WARC/1.1", &format!("WARC/{version}"), 1);
            assert_eq!(
                format::detect(warc.as_bytes(), None).name(),
                "warc",
                "{version}"
            );
            let records = read(warc.into_bytes());
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].as_ref().unwrap().bytes, PAGE, "{version}");
        }
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
