//! OPML files: lists of feeds, not articles. Named as an argument of
//! `tidings ingest` or `tidings watch`, an OPML file's feeds are fetched
//! ([`crate::list`]); one found inside a folder is recognised here and
//! reported with the number of feeds it names, rather than stored as a
//! page of outline titles.

use std::path::Path;

use tidings_model::MediaType;

use super::text::read_whole;
use super::{marked_or_named, Confidence, Format, Input};
use crate::error::Error;
use crate::{IngestConfig, Records};

/// OPML outlines of feeds, recognised by their `<opml` root.
#[derive(Debug, Clone, Copy, Default)]
pub struct Opml;

impl Format for Opml {
    fn name(&self) -> &'static str {
        "opml"
    }

    fn describe(&self) -> &'static str {
        "OPML lists of feeds: named as an argument, their feeds are fetched; found in a folder, recognised and reported, not stored"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["opml"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        marked_or_named(crate::list::is_opml(head), path, self.extensions())
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        let path = input.error_path();
        let whole = match read_whole(input, config, MediaType::Text) {
            Ok(whole) => whole,
            Err(error) => return Box::new(std::iter::once(Err(error))),
        };
        let what = match crate::list::read_list(whole.text.as_bytes()) {
            Ok(list) if list.kind == crate::list::ListKind::Opml => {
                format!("an OPML list of {} feeds, not articles", list.urls.len())
            }
            _ => "an OPML file that names no feed, not articles".to_string(),
        };
        Box::new(std::iter::once(Err(Error::Unsupported {
            path,
            what,
            advice: "name the file itself as an argument of tidings ingest or tidings watch to fetch its feeds".to_string(),
        })))
    }
}

#[cfg(test)]
mod tests {
    use crate::{read_bytes, IngestConfig};
    use tidings_model::Origin;

    #[test]
    fn an_opml_file_is_reported_with_its_feeds_not_stored() {
        let origin = Origin {
            path: Some("corpus/desks.opml".into()),
            ..Origin::default()
        };
        let opml = "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>Desks</title></head><body><outline text=\"Coast\"><outline xmlUrl=\"https://a.example/rss\"/></outline><outline xmlUrl=\"https://b.example/atom\"/></body></opml>\n";
        let records: Vec<_> =
            read_bytes(opml.into(), origin.clone(), &IngestConfig::default()).collect();
        assert_eq!(records.len(), 1);
        let message = records[0].as_ref().unwrap_err().to_string();
        assert!(
            message.starts_with("corpus/desks.opml: ")
                && message.contains("an OPML list of 2 feeds")
                && message.contains("as an argument"),
            "{message}"
        );
        // A page that only mentions OPML is a page.
        let page = "<html><head><title>What is &lt;opml&gt;?</title></head><body><p>An outline format.</p></body></html>";
        let records: Vec<_> = read_bytes(page.into(), origin, &IngestConfig::default()).collect();
        assert!(records[0].is_ok());
    }
}
