//! Plain text files: the whole file is one document (the seed format: a title
//! line, then paragraphs).

use std::io::{self, Read};
use std::path::Path;

use tidings_model::{DocId, Hints, MediaType, RawDoc};

use super::{has_extension, Confidence, Format, Input};
use crate::error::{Error, Result};
use crate::sniff::{is_blank, looks_binary};
use crate::{decode, IngestConfig, Records};

/// Plain text, one document per file; takes whatever no other format claims.
#[derive(Debug, Clone, Copy, Default)]
pub struct Text;

impl Format for Text {
    fn name(&self) -> &'static str {
        "text"
    }

    fn describe(&self) -> &'static str {
        "plain text, one article per file (title on the first line), any encoding"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "text"]
    }

    fn sniff(&self, _head: &[u8], path: Option<&Path>) -> Confidence {
        if has_extension(path, self.extensions()) {
            Confidence::Extension
        } else {
            Confidence::Fallback
        }
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        Box::new(std::iter::once(read_whole(input, config, MediaType::Text)))
    }
}

/// Reads a whole source as one document of the given media type: checks the
/// size limit, emptiness and binary content, then decodes it.
pub(super) fn read_whole(
    mut input: Input,
    config: &IngestConfig,
    media_type: MediaType,
) -> Result<RawDoc> {
    let path = input.error_path();
    let limit = config.max_doc_bytes;
    if let Some(size) = input.size() {
        if size > limit as u64 {
            return Err(Error::TooLarge {
                path,
                record: None,
                size: Some(size),
                limit,
            });
        }
    }
    let stream_error = |input: &Input, source: io::Error| {
        if input.is_gzip() && source.kind() == io::ErrorKind::UnexpectedEof {
            Error::Truncated {
                path: input.error_path(),
                record: None,
                offset: 0,
                at: input.stored_bytes_read(),
                gzip: true,
            }
        } else {
            Error::Io {
                path: input.error_path(),
                record: None,
                source,
            }
        }
    };
    let bytes = match input.take_whole() {
        // Bytes in memory are taken as they are (their size was checked).
        Some(bytes) => bytes,
        None => {
            // Sized from the file when its size is known (and within the
            // limit), so reading does not grow the buffer step by step.
            let mut bytes = Vec::with_capacity(
                input
                    .size()
                    .filter(|&size| size <= limit as u64)
                    .map_or(0, |size| size as usize + 1),
            );
            let read = (&mut input)
                .take((limit as u64).saturating_add(1))
                .read_to_end(&mut bytes);
            if let Err(source) = read {
                return Err(stream_error(&input, source));
            }
            bytes
        }
    };
    if bytes.len() > limit {
        let rest = io::copy(&mut input, &mut io::sink()).ok();
        return Err(Error::TooLarge {
            path,
            record: None,
            size: rest.map(|rest| bytes.len() as u64 + rest),
            limit,
        });
    }
    if is_blank(&bytes) {
        return Err(Error::Empty { path, record: None });
    }
    if looks_binary(&bytes) {
        return Err(Error::Binary { path });
    }
    let (text, encoding) = decode(&bytes, None);
    Ok(RawDoc {
        id: DocId::of_bytes(&bytes),
        origin: input.origin().clone(),
        fetched: None,
        media_type,
        encoding: encoding.to_string(),
        hints: Hints {
            published: config.date,
            site: config.source.clone(),
            ..Hints::default()
        },
        bytes,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_model::Origin;

    fn read(bytes: &[u8], config: &IngestConfig) -> Vec<Result<RawDoc>> {
        let origin = Origin {
            path: Some("story.txt".into()),
            ..Origin::default()
        };
        Text.read(Input::from_bytes(bytes.to_vec(), origin), config)
            .collect()
    }

    #[test]
    fn a_text_file_is_one_document_with_the_user_hints() {
        let config = IngestConfig {
            date: Some("2026-01-16".parse().unwrap()),
            source: Some("Velmora Courier".into()),
            ..IngestConfig::default()
        };
        let body =
            "Storm closes Velmora harbour\n\nThe Harbour Authority shut the quay on Friday.\n";
        let docs = read(body.as_bytes(), &config);
        assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.text, body);
        assert_eq!(doc.bytes, body.as_bytes());
        assert_eq!(doc.id, DocId::of_bytes(body.as_bytes()));
        assert_eq!(doc.media_type, MediaType::Text);
        assert_eq!(doc.encoding, "UTF-8");
        assert_eq!(doc.origin.path.as_deref(), Some("story.txt"));
        assert_eq!(doc.origin.record, None);
        assert_eq!(doc.hints.site.as_deref(), Some("Velmora Courier"));
        assert_eq!(
            doc.hints.published.map(|p| p.to_string()).as_deref(),
            Some("2026-01-16")
        );
    }

    #[test]
    fn windows_1252_is_decoded_not_rejected() {
        let docs = read(
            b"Caf\xe9 owners in Z\xfcrich \x93relieved\x94\n",
            &IngestConfig::default(),
        );
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.text, "Café owners in Zürich “relieved”\n");
        assert_eq!(doc.encoding, "windows-1252");
    }

    #[test]
    fn empty_binary_and_oversized_files_are_errors() {
        let config = IngestConfig {
            max_doc_bytes: 10,
            ..IngestConfig::default()
        };
        let message = |bytes: &[u8]| read(bytes, &config)[0].as_ref().unwrap_err().to_string();
        assert_eq!(message(b""), "story.txt: empty file");
        assert_eq!(message(b"  \n\n "), "story.txt: empty file");
        assert!(message(b"\x7fELF\x02\x01\x01\0\0").contains("looks binary"));
        assert_eq!(
            message(b"Harbour closed for a week"),
            "story.txt: document is 25 bytes, over the 10-byte limit"
        );
    }
}
