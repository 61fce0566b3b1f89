//! HTML pages: the whole file is one document.

use std::path::Path;

use tidings_model::MediaType;

use super::text::read_whole;
use super::{has_extension, Confidence, Format, Input};
use crate::sniff::looks_html;
use crate::{IngestConfig, Records};

/// An HTML page, one document per file; recognised by its markup.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Format for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn describe(&self) -> &'static str {
        "an HTML page per file, encoding from BOM, <meta charset> or detection"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm", "xhtml", "shtml"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        if looks_html(head) {
            Confidence::Content
        } else if has_extension(path, self.extensions()) {
            Confidence::Extension
        } else {
            Confidence::No
        }
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        Box::new(std::iter::once(read_whole(input, config, MediaType::Html)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_model::{DocId, Origin};

    #[test]
    fn a_page_is_one_html_document_decoded_by_its_meta_charset() {
        let page = b"<!DOCTYPE html><html><head><meta charset=\"windows-1252\"><title>Caf\xe9 reopens</title></head><body><p>The caf\xe9 on the quay reopened.</p></body></html>";
        let origin = Origin {
            path: Some("pages/cafe.html".into()),
            ..Origin::default()
        };
        let docs: Vec<_> = Html
            .read(
                Input::from_bytes(page.to_vec(), origin),
                &IngestConfig::default(),
            )
            .collect();
        assert_eq!(docs.len(), 1);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.media_type, MediaType::Html);
        assert_eq!(doc.encoding, "windows-1252");
        assert!(doc.text.contains("<title>Café reopens</title>"));
        assert_eq!(doc.id, DocId::of_bytes(page));
    }
}
