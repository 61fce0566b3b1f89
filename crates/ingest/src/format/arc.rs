//! ARC files, the Internet Archive's web-archive format before WARC (versions
//! 1 and 2), plain or as concatenated gzip members (`.arc.gz`): the HTML
//! pages of their records, each with its URL and fetch date.
//!
//! A file starts with a `filedesc://` record describing it. Every record is
//! one header line of space-separated fields (version 1: URL, IP address,
//! date as `YYYYMMDDhhmmss`, content type, length; version 2 has more fields
//! between the content type and the length, which is always last), then
//! `length` bytes of block (for `http` URLs the whole HTTP response), then a
//! newline. Records are read one at a time from the stream. Like WARC, a
//! response that is not HTML or not 2xx is a [`crate::Error::Skipped`]
//! item; a record cut by the file's end keeps what was read, with a
//! [`crate::Error::Damaged`] warning.

use std::collections::VecDeque;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use tidings_model::RawDoc;

use super::{marked_or_named, Confidence, Format, Input};
use crate::archive::{self, Archived, Block};
use crate::error::{Error, Result};
use crate::http::clip;
use crate::lines::{Line, Stream};
use crate::sniff::is_blank;
use crate::{IngestConfig, Records};

/// The longest header line accepted.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Room for the HTTP status line and headers on top of the document limit.
const HTTP_HEAD_ALLOWANCE: u64 = 1024 * 1024;

/// ARC web archives (the format before WARC), plain or gzip; yields the
/// HTML pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Arc;

impl Format for Arc {
    fn name(&self) -> &'static str {
        "arc"
    }

    fn describe(&self) -> &'static str {
        "ARC web archives (.arc, .arc.gz; versions 1 and 2), the HTML pages of their records"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["arc"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        marked_or_named(
            head.trim_ascii_start().starts_with(b"filedesc://"),
            path,
            self.extensions(),
        )
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        Box::new(ArcRecords {
            path: input.error_path(),
            origin_path: input.origin().path.clone(),
            stream: Stream::new(BufReader::with_capacity(64 * 1024, input)),
            config: config.clone(),
            record: 0,
            done: false,
            pending: VecDeque::new(),
            buf: Vec::new(),
        })
    }
}

/// The fields of one ARC header line that tidings uses.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    url: String,
    date: Option<jiff::Timestamp>,
    content_type: Option<String>,
    length: u64,
}

/// Parses an ARC header line: the URL first, the length last, the date
/// third and the content type fourth. `None` when it is not one: fewer
/// than five fields, a length that is no number, or a first field that is
/// no URL.
fn parse_header(line: &[u8]) -> Option<Header> {
    let line = String::from_utf8_lossy(line);
    let fields: Vec<&str> = line.split_ascii_whitespace().collect();
    if fields.len() < 5 {
        return None;
    }
    let url = fields[0];
    if !(url.contains("://") || url.starts_with("dns:")) {
        return None;
    }
    let length = fields[fields.len() - 1].parse::<u64>().ok()?;
    let content_type = Some(fields[3])
        .filter(|value| value.contains('/'))
        .map(str::to_string);
    Some(Header {
        url: url.to_string(),
        date: arc_date(fields[2]),
        content_type,
        length,
    })
}

/// `YYYYMMDDhhmmss` (or a shorter prefix, down to the day) as a UTC instant.
fn arc_date(text: &str) -> Option<jiff::Timestamp> {
    if text.len() < 8 || text.len() > 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> i8 {
        text.get(range).and_then(|s| s.parse().ok()).unwrap_or(0)
    };
    let year: i16 = text[..4].parse().ok()?;
    let date = jiff::civil::DateTime::new(
        year,
        number(4..6),
        number(6..8),
        number(8..10),
        number(10..12),
        number(12..14),
        0,
    )
    .ok()?;
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp())
}

struct ArcRecords {
    path: PathBuf,
    origin_path: Option<String>,
    stream: Stream<BufReader<Input>>,
    config: IngestConfig,
    /// Records started so far (the 1-based number of the current one).
    record: u64,
    done: bool,
    /// Items found and not yet returned (a document and its warning).
    pending: VecDeque<Result<RawDoc>>,
    buf: Vec<u8>,
}

impl Iterator for ArcRecords {
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

impl ArcRecords {
    /// Reads one record, queueing what it gives in `pending`, or sets `done`.
    fn next_record(&mut self) {
        // The header line, after any blank lines; lines that are no header
        // are reported once and skipped up to the next header.
        let mut junk_from: Option<u64> = None;
        let (offset, header) = loop {
            let offset = self.stream.offset();
            match self.stream.read_line(&mut self.buf, MAX_HEADER_LINE) {
                Err(source) => return self.fatal(self.stream_error(source, offset)),
                Ok(Line::Eof) => {
                    self.done = true;
                    if let Some(from) = junk_from {
                        self.report_junk(from, offset);
                    } else if self.record == 0 {
                        self.pending.push_back(Err(Error::Empty {
                            path: self.path.clone(),
                            record: None,
                        }));
                    }
                    return;
                }
                Ok(Line::Complete) if is_blank(&self.buf) => {}
                Ok(Line::Complete) => match parse_header(&self.buf) {
                    Some(header) => break (offset, header),
                    None => {
                        junk_from.get_or_insert(offset);
                    }
                },
                Ok(Line::TooLong(_)) => {
                    junk_from.get_or_insert(offset);
                }
            }
        };
        if let Some(from) = junk_from {
            self.report_junk(from, offset);
        }
        self.record += 1;

        let wanted = !header.url.starts_with("filedesc:") && !header.url.starts_with("dns:");
        let limit = self.config.max_doc_bytes as u64;
        if !wanted || header.length > limit.saturating_add(HTTP_HEAD_ALLOWANCE) {
            match self.stream.skip(header.length) {
                Err(source) => return self.fatal(self.stream_error(source, offset)),
                Ok(false) => return self.fatal(self.truncated(offset)),
                Ok(true) => {}
            }
            if wanted {
                self.pending.push_back(Err(Error::TooLarge {
                    path: self.path.clone(),
                    record: Some(self.record),
                    size: Some(header.length),
                    limit: self.config.max_doc_bytes,
                }));
            }
            return;
        }
        let mut block = Vec::new();
        let cut = match self.stream.read_block(header.length, &mut block) {
            Ok(true) => None,
            Ok(false) => Some(self.truncated(offset)),
            Err(source) => Some(self.stream_error(source, offset)),
        };
        let archived = Archived {
            path: &self.path,
            origin_path: self.origin_path.clone(),
            record: self.record,
            offset,
            url: Some(header.url.clone()),
            fetched: header.date,
            config: &self.config,
        };
        // A block cut before its status line was whole may still be one.
        let head = &block[..block.len().min(5)];
        let kind = if block.starts_with(b"HTTP/") || (cut.is_some() && b"HTTP/".starts_with(head)) {
            Block::Http
        } else {
            Block::Payload(header.content_type.as_deref())
        };
        let (doc, damage) = archived.document(&block, kind);
        let mut notes: Vec<String> = damage.into_iter().collect();
        let mut items = Vec::new();
        match cut {
            None => items.push(doc),
            Some(cut) => {
                self.done = true;
                match (&cut, doc) {
                    (Error::Truncated { at, gzip, .. }, Ok(doc)) => {
                        items.push(Ok(doc));
                        notes.push(format!(
                            "the {} ends at byte {at}, inside this record: kept the first {} of its {} bytes",
                            if *gzip { "gzip stream" } else { "file" },
                            block.len(),
                            header.length
                        ));
                    }
                    _ => items.push(Err(cut)),
                }
            }
        }
        if !notes.is_empty() {
            items.push(Err(archived.damaged(offset, notes.join("; "))));
        }
        self.pending.extend(items);
    }

    /// Queues an error for lines between records that are no ARC header:
    /// before the first record the file is no ARC; after one, that
    /// record's length was likely wrong (a warning on it).
    fn report_junk(&mut self, from: u64, next: u64) {
        let err = if self.record == 0 {
            let found = clip(&String::from_utf8_lossy(&self.buf));
            Error::ArcHeader {
                path: self.path.clone(),
                record: 1,
                offset: from,
                reason: format!(
                    "expected an ARC header line (URL, IP address, date, type, length), found {found:?}"
                ),
            }
        } else {
            Error::Damaged {
                path: self.path.clone(),
                record: self.record,
                offset: from,
                reason: format!(
                    "{} bytes after its block are no ARC record (a wrong length?); skipped to byte {next}",
                    next - from
                ),
            }
        };
        self.pending.push_back(Err(err));
    }

    /// Queues an error after which nothing more can be read.
    fn fatal(&mut self, err: Error) {
        self.done = true;
        self.pending.push_back(Err(err));
    }

    fn truncated(&self, offset: u64) -> Error {
        let input = self.stream.get_ref().get_ref();
        archive::truncated(&self.path, input, self.record.max(1), offset)
    }

    fn stream_error(&self, source: io::Error, offset: u64) -> Error {
        let input = self.stream.get_ref().get_ref();
        archive::read_error(&self.path, input, source, self.record.max(1), offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;
    use tidings_model::{MediaType, Origin};

    const PAGE: &str = "<html><head><title>Ferry</title></head><body><p>The Portavel ferry sails again.</p></body></html>";

    /// An ARC version 1 file: the `filedesc` record and one per `(url, type, block)`.
    fn arc(records: &[(&str, &str, String)]) -> Vec<u8> {
        let version =
            "1 0 Velmora Archive\nURL IP-address Archive-date Content-type Archive-length\n";
        let mut out = format!(
            "filedesc://velmora.arc 0.0.0.0 20260116083000 text/plain {}\n{version}\n",
            version.len()
        )
        .into_bytes();
        for (url, content_type, block) in records {
            out.extend(
                format!(
                    "{url} 192.0.2.7 20260116083512 {content_type} {}\n{block}\n",
                    block.len()
                )
                .into_bytes(),
            );
        }
        out
    }

    fn http(status: &str, content_type: &str, body: &str) -> String {
        format!("HTTP/1.0 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}")
    }

    fn read(bytes: Vec<u8>) -> Vec<Result<RawDoc>> {
        let origin = Origin {
            path: Some("crawl.arc".into()),
            ..Origin::default()
        };
        Arc.read(Input::from_bytes(bytes, origin), &IngestConfig::default())
            .collect()
    }

    /// Issue 11: an ARC file was stored as one junk HTML article holding
    /// its headers; it is now read record by record, with URL and date.
    #[test]
    fn issue_11_arc_records_become_documents_with_url_and_date() {
        let file = arc(&[
            (
                "http://portavel.example/ferry",
                "text/html",
                http("200 OK", "text/html; charset=utf-8", PAGE),
            ),
            (
                "http://portavel.example/logo.png",
                "image/png",
                http("200 OK", "image/png", "\u{89}PNG"),
            ),
            ("dns:portavel.example", "text/dns", "192.0.2.7".into()),
        ]);
        assert_eq!(format::detect(&file, None).name(), "arc");
        let records = read(file);
        assert_eq!(records.len(), 2, "{records:?}");
        let doc = records[0].as_ref().unwrap();
        assert_eq!(doc.bytes, PAGE.as_bytes());
        assert_eq!(doc.media_type, MediaType::Html);
        assert_eq!(doc.origin.to_string(), "crawl.arc#2");
        assert_eq!(
            doc.hints.url.as_deref(),
            Some("http://portavel.example/ferry")
        );
        assert_eq!(doc.fetched.unwrap().to_string(), "2026-01-16T08:35:12Z");
        assert!(!doc.text.contains("filedesc"));
        assert_eq!(
            records[1].as_ref().unwrap_err().to_string(),
            "crawl.arc#3: skipped: payload is image/png, not HTML"
        );
    }

    #[test]
    fn version_2_headers_and_a_bad_length_are_read() {
        let block = http("200 OK", "text/html", PAGE);
        let mut file = arc(&[]);
        file.extend(
            format!(
                "http://portavel.example/a 192.0.2.7 20260116083512 text/html 200 - - 0 crawl.arc {}\n{block}\n",
                block.len() - 10
            )
            .into_bytes(),
        );
        file.extend(
            format!(
                "http://portavel.example/b 192.0.2.7 20260116 text/html {}\n{block}\n",
                block.len()
            )
            .into_bytes(),
        );
        let records = read(file);
        let summary: Vec<String> = records
            .iter()
            .map(|r| match r {
                Ok(doc) => format!("ok {}", doc.origin),
                Err(err) => format!("{} {}", err.is_warning(), err.record().unwrap_or(0)),
            })
            .collect();
        assert_eq!(summary, ["ok crawl.arc#2", "true 2", "ok crawl.arc#3"]);
        assert_eq!(
            records[2].as_ref().unwrap().fetched.unwrap().to_string(),
            "2026-01-16T00:00:00Z"
        );
    }

    #[test]
    fn not_an_arc_a_cut_arc_and_an_empty_one() {
        let records = read(b"just some notes\nabout the harbour\n".to_vec());
        assert_eq!(records.len(), 1);
        assert!(records[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("crawl.arc#1: bad ARC record at byte 0: expected an ARC header line"));
        let whole = arc(&[(
            "http://portavel.example/ferry",
            "text/html",
            http("200 OK", "text/html", PAGE),
        )]);
        let records = read(whole[..whole.len() - 20].to_vec());
        assert_eq!(records.len(), 2);
        assert!(records[0].is_ok());
        assert!(records[1].as_ref().unwrap_err().is_warning());
        assert_eq!(
            read(Vec::new())[0].as_ref().unwrap_err().to_string(),
            "crawl.arc: empty file"
        );
    }

    #[test]
    fn header_lines_are_parsed_leniently() {
        let header =
            parse_header(b"http://a.example/ 1.2.3.4 20110104111607 text/html 494").unwrap();
        assert_eq!(header.length, 494);
        assert_eq!(header.content_type.as_deref(), Some("text/html"));
        let bogus =
            parse_header(b"http://a.example/ 1.2.3.4 20110104111607 charset=foo 494").unwrap();
        assert_eq!(bogus.content_type, None);
        assert!(parse_header(b"The harbour reopened on Friday").is_none());
        assert!(parse_header(b"http://a.example/ 1.2.3.4 2011 text/html many").is_none());
        assert_eq!(
            arc_date("2026011608"),
            Some("2026-01-16T08:00:00Z".parse().unwrap())
        );
        assert_eq!(arc_date("20261399"), None);
    }
}
