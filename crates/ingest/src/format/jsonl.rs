//! JSON Lines: one JSON object per line, each with the document in `text`,
//! `html` or `content` and optional `url`, `title`, `date`, `authors`.

use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc};

use super::{has_extension, Confidence, Format, Input};
use crate::date::parse_published;
use crate::error::{Error, Result};
use crate::lines::{Line, Stream};
use crate::sniff::{is_blank, looks_html, SNIFF_LEN};
use crate::{IngestConfig, Records};

/// The fields that may hold the document, in order of preference: the page's
/// HTML keeps the most, so it wins over extracted text.
const BODY_FIELDS: [&str; 3] = ["html", "text", "content"];

/// JSON Lines, one record per line, read as a stream.
#[derive(Debug, Clone, Copy, Default)]
pub struct Jsonl;

impl Format for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn describe(&self) -> &'static str {
        "JSON Lines, one object per line with text or html (also content), url, title, date, authors"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl", "ndjson", "jsonlines"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        if first_line_is_a_record(head) {
            Confidence::Content
        } else if has_extension(path, self.extensions()) {
            Confidence::Extension
        } else {
            Confidence::No
        }
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        Box::new(JsonlRecords {
            path: input.error_path(),
            origin_path: input.origin().path.clone(),
            stream: Stream::new(BufReader::with_capacity(64 * 1024, input)),
            config: config.clone(),
            line: 0,
            seen_any: false,
            done: false,
            buf: Vec::new(),
        })
    }
}

/// True when the first non-blank line is a JSON object with a body field. A
/// first line too long for the sniffed head counts when it opens like one.
fn first_line_is_a_record(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.trim_ascii_start();
    if !start.starts_with(b"{") {
        return false;
    }
    match memchr::memchr(b'\n', start) {
        Some(end) => parse_object(&start[..end]).is_ok_and(|object| body(&object).is_some()),
        None if head.len() < SNIFF_LEN => {
            parse_object(start).is_ok_and(|object| body(&object).is_some())
        }
        None => BODY_FIELDS
            .iter()
            .any(|field| memchr::memmem::find(start, format!("\"{field}\"").as_bytes()).is_some()),
    }
}

fn parse_object(line: &[u8]) -> serde_json::Result<Map<String, Value>> {
    serde_json::from_slice(line)
}

/// The document field: its name and text.
fn body(object: &Map<String, Value>) -> Option<(&'static str, &str)> {
    BODY_FIELDS.iter().find_map(|&field| {
        object
            .get(field)
            .and_then(Value::as_str)
            .map(|text| (field, text))
    })
}

struct JsonlRecords {
    path: PathBuf,
    origin_path: Option<String>,
    stream: Stream<BufReader<Input>>,
    config: IngestConfig,
    /// Lines read so far (the 1-based number of the last one).
    line: u64,
    seen_any: bool,
    done: bool,
    buf: Vec<u8>,
}

impl Iterator for JsonlRecords {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Result<RawDoc>> {
        while !self.done {
            let offset = self.stream.offset();
            let read = self
                .stream
                .read_line(&mut self.buf, self.config.max_doc_bytes);
            match read {
                Err(source) => {
                    self.done = true;
                    return Some(Err(self.stream_error(source, offset)));
                }
                Ok(Line::Eof) => {
                    self.done = true;
                    if !self.seen_any {
                        return Some(Err(Error::Empty {
                            path: self.path.clone(),
                            record: None,
                        }));
                    }
                }
                Ok(Line::TooLong(size)) => {
                    self.line += 1;
                    self.seen_any = true;
                    return Some(Err(Error::TooLarge {
                        path: self.path.clone(),
                        record: Some(self.line),
                        size: Some(size),
                        limit: self.config.max_doc_bytes,
                    }));
                }
                Ok(Line::Complete) => {
                    self.line += 1;
                    if is_blank(&self.buf) {
                        continue;
                    }
                    self.seen_any = true;
                    return Some(self.record(offset));
                }
            }
        }
        None
    }
}

impl JsonlRecords {
    fn stream_error(&self, source: io::Error, offset: u64) -> Error {
        let input = self.stream.get_ref().get_ref();
        if input.is_gzip() && source.kind() == io::ErrorKind::UnexpectedEof {
            Error::Truncated {
                path: self.path.clone(),
                record: Some(self.line + 1),
                offset,
                at: input.stored_bytes_read(),
                gzip: true,
            }
        } else {
            Error::Io {
                path: self.path.clone(),
                record: Some(self.line + 1),
                source,
            }
        }
    }

    /// The document on the current line, which starts at `offset`.
    fn record(&self, offset: u64) -> Result<RawDoc> {
        let line = self.line;
        let json = if line == 1 {
            self.buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&self.buf)
        } else {
            &self.buf
        };
        let object = parse_object(json).map_err(|source| Error::Json {
            path: self.path.clone(),
            line,
            source,
        })?;
        let Some((field, text)) = body(&object) else {
            return Err(Error::NoText {
                path: self.path.clone(),
                line,
            });
        };
        if text.trim().is_empty() {
            return Err(Error::Empty {
                path: self.path.clone(),
                record: Some(line),
            });
        }
        let media_type = if field == "html" || looks_html(text.as_bytes()) {
            MediaType::Html
        } else {
            MediaType::Text
        };
        let string = |key: &str| {
            object
                .get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_string)
        };
        let published = ["date", "published"]
            .iter()
            .filter_map(|key| string(key))
            .find_map(|date| parse_published(&date))
            .or(self.config.date);
        let hints = Hints {
            url: string("url"),
            title: string("title"),
            published,
            site: string("site").or_else(|| self.config.source.clone()),
            authors: authors(&object),
            charset: None,
        };
        Ok(RawDoc {
            id: DocId::of_bytes(text.as_bytes()),
            origin: Origin {
                path: self.origin_path.clone(),
                record: Some(line),
                offset: Some(offset),
            },
            fetched: None,
            media_type,
            encoding: "UTF-8".to_string(),
            hints,
            bytes: text.as_bytes().to_vec(),
            text: text.to_string(),
        })
    }
}

/// Authors from `authors` or `author`, each a string or a list of strings.
fn authors(object: &Map<String, Value>) -> Vec<String> {
    let value = object.get("authors").or_else(|| object.get("author"));
    let names: Vec<&str> = match value {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    names
        .into_iter()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(jsonl: &str, config: &IngestConfig) -> Vec<Result<RawDoc>> {
        let origin = Origin {
            path: Some("feeds/day1.jsonl".into()),
            ..Origin::default()
        };
        Jsonl
            .read(Input::from_bytes(jsonl.as_bytes().to_vec(), origin), config)
            .collect()
    }

    #[test]
    fn a_bad_line_between_two_good_ones_is_one_error_and_reading_goes_on() {
        let jsonl = concat!(
            r#"{"url": "https://courier.example/storm", "title": "Storm closes harbour", "text": "The Harbour Authority of Portavel shut the quay.", "date": "2026-01-16", "authors": ["Ana Kovač", " "]}"#,
            "\n",
            "{\"url\": \"https://courier.example/broken\", \"text\": \n",
            "\n",
            r#"{"html": "<html><body><p>Ferries resume.</p></body></html>", "published": "Fri, 16 Jan 2026 08:30:00 +0000", "author": "Ole Brand"}"#,
            "\n",
        );
        let config = IngestConfig {
            date: Some("2026-01-01".parse().unwrap()),
            source: Some("Courier".into()),
            ..IngestConfig::default()
        };
        let records = read(jsonl, &config);
        assert_eq!(records.len(), 3);

        let first = records[0].as_ref().unwrap();
        assert_eq!(
            first.text,
            "The Harbour Authority of Portavel shut the quay."
        );
        assert_eq!(first.id, DocId::of_bytes(first.text.as_bytes()));
        assert_eq!(first.media_type, MediaType::Text);
        assert_eq!(first.origin.to_string(), "feeds/day1.jsonl#1");
        assert_eq!(first.origin.offset, Some(0));
        assert_eq!(
            first.hints.url.as_deref(),
            Some("https://courier.example/storm")
        );
        assert_eq!(first.hints.title.as_deref(), Some("Storm closes harbour"));
        assert_eq!(first.hints.published.unwrap().to_string(), "2026-01-16");
        assert_eq!(first.hints.authors, ["Ana Kovač"]);
        assert_eq!(first.hints.site.as_deref(), Some("Courier"));

        let err = records[1].as_ref().unwrap_err();
        assert_eq!(err.record(), Some(2));
        let message = err.to_string();
        assert!(
            message.starts_with("feeds/day1.jsonl#2: not a JSON object: "),
            "{message}"
        );

        let third = records[2].as_ref().unwrap();
        assert_eq!(third.origin.record, Some(4));
        let second_line_start = jsonl.find("{\"html\"").unwrap() as u64;
        assert_eq!(third.origin.offset, Some(second_line_start));
        assert_eq!(third.media_type, MediaType::Html);
        assert_eq!(
            third.hints.published.unwrap().to_string(),
            "2026-01-16T08:30:00Z"
        );
        assert_eq!(third.hints.authors, ["Ole Brand"]);
    }

    #[test]
    fn the_user_date_fills_in_only_when_the_record_has_none() {
        let config = IngestConfig {
            date: Some("2026-01-01".parse().unwrap()),
            ..IngestConfig::default()
        };
        let records = read("{\"text\": \"Quay repaired.\"}\n{\"text\": \"Quay open.\", \"date\": \"2026-01-16 08:30:00\"}", &config);
        let dates: Vec<String> = records
            .iter()
            .map(|r| r.as_ref().unwrap().hints.published.unwrap().to_string())
            .collect();
        assert_eq!(dates, ["2026-01-01", "2026-01-16T08:30:00Z"]);
    }

    #[test]
    fn records_without_a_document_are_errors() {
        let records = read(
            "{\"title\": \"No body\"}\n{\"text\": \"  \"}\n[1, 2]\n{\"content\": \"Fish market moves.\"}\n",
            &IngestConfig::default(),
        );
        let messages: Vec<String> = records
            .iter()
            .map(|r| match r {
                Ok(doc) => doc.text.clone(),
                Err(err) => err.to_string(),
            })
            .collect();
        assert_eq!(messages[0], "feeds/day1.jsonl#1: no document: the record has no \"text\", \"html\" or \"content\" string field");
        assert_eq!(messages[1], "feeds/day1.jsonl#2: empty document");
        assert!(
            messages[2].starts_with("feeds/day1.jsonl#3: not a JSON object: invalid type"),
            "{}",
            messages[2]
        );
        assert_eq!(messages[3], "Fish market moves.");
    }

    #[test]
    fn a_giant_line_is_an_error_and_the_next_line_is_read() {
        let config = IngestConfig {
            max_doc_bytes: 100,
            ..IngestConfig::default()
        };
        let giant = format!("{{\"text\": \"{}\"}}", "x".repeat(500));
        let records = read(&format!("{giant}\n{{\"text\": \"Small one.\"}}\n"), &config);
        assert_eq!(records.len(), 2);
        let message = records[0].as_ref().unwrap_err().to_string();
        assert_eq!(
            message,
            "feeds/day1.jsonl#1: document is 512 bytes, over the 100-byte limit"
        );
        assert_eq!(records[1].as_ref().unwrap().text, "Small one.");
    }

    #[test]
    fn an_empty_file_is_one_error() {
        let records = read("\n  \n", &IngestConfig::default());
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].as_ref().unwrap_err().to_string(),
            "feeds/day1.jsonl: empty file"
        );
    }
}
