//! Feeds (RSS, Atom, JSON Feed): recognised and refused, until a feed reader
//! exists. Stored as pages they would be articles of raw XML or JSON, with
//! names and events found in the markup; refused, the user is told what the
//! file is and what to do, and the rest of the run goes on.

use std::path::Path;

use super::{has_extension, Confidence, Format, Input};
use crate::error::Error;
use crate::{IngestConfig, Records};

/// How far into a file the start of a feed is looked for (past an XML
/// declaration, stylesheet instructions, comments and a doctype).
const FEED_PRESCAN: usize = 4096;

/// RSS, Atom and JSON feeds, recognised by their root element or version
/// field and refused with a message saying what they are.
#[derive(Debug, Clone, Copy, Default)]
pub struct Feed;

/// What kind of feed some bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rss,
    RssRdf,
    Atom,
    Json,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Rss => "an RSS feed, not an article",
            Kind::RssRdf => "an RSS 1.0 (RDF) feed, not an article",
            Kind::Atom => "an Atom feed, not an article",
            Kind::Json => "a JSON Feed, not an article",
        }
    }
}

impl Format for Feed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn describe(&self) -> &'static str {
        "RSS, Atom and JSON feeds: recognised and refused (no feed reader yet), the rest of the run goes on"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["rss", "atom"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        if kind(head).is_some() {
            Confidence::Certain
        } else if has_extension(path, self.extensions()) {
            Confidence::Extension
        } else {
            Confidence::No
        }
    }

    fn read(&self, input: Input, _config: &IngestConfig) -> Records {
        let what = match kind(input.head()) {
            Some(kind) => kind.describe(),
            None => "named as a feed, but its start is no RSS, Atom or JSON feed",
        };
        Box::new(std::iter::once(Err(Error::Unsupported {
            path: input.error_path(),
            what: what.to_string(),
            advice:
                "tidings does not read feeds yet: ingest the pages it links to (or a WARC of them)"
                    .to_string(),
        })))
    }
}

/// The kind of feed `head` starts, if any: the first element after the XML
/// prolog is `<rss`, `<rdf:RDF` or `<feed`, or a JSON object names a
/// `jsonfeed.org` version near its start.
fn kind(head: &[u8]) -> Option<Kind> {
    let head = &head[..head.len().min(FEED_PRESCAN)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut rest = head.trim_ascii_start();
    if rest.starts_with(b"{") {
        let lower = rest.to_ascii_lowercase();
        return memchr::memmem::find(&lower, b"jsonfeed.org/version")
            .is_some()
            .then_some(Kind::Json);
    }
    // Pass the prolog: declarations, processing instructions, comments.
    loop {
        if rest.starts_with(b"<?") {
            rest = after(rest, b"?>")?;
        } else if rest.starts_with(b"<!--") {
            rest = after(rest, b"-->")?;
        } else if rest.starts_with(b"<!") {
            rest = after(rest, b">")?;
        } else {
            break;
        }
        rest = rest.trim_ascii_start();
    }
    let element = |name: &[u8]| {
        rest.len() > name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name)
            && matches!(rest[name.len()], b' ' | b'>' | b'\t' | b'\r' | b'\n' | b'/')
    };
    if element(b"<rss") {
        Some(Kind::Rss)
    } else if element(b"<rdf:rdf") {
        Some(Kind::RssRdf)
    } else if element(b"<feed") {
        Some(Kind::Atom)
    } else {
        None
    }
}

/// What follows the first `end` in `bytes`.
fn after<'a>(bytes: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    memchr::memmem::find(bytes, end).map(|at| &bytes[at + end.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format;
    use tidings_model::Origin;

    const RSS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"rss.xsl\"?>\n<!-- Velmora Courier -->\n<rss version=\"2.0\"><channel><title>Velmora Courier</title><item><title>Storm closes harbour</title><description>&lt;p&gt;The quay shut.&lt;/p&gt;</description></item></channel></rss>";
    const ATOM: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Portavel News</title><entry><title>Ferry sails</title><content type=\"html\">&lt;p&gt;It sailed.&lt;/p&gt;</content></entry></feed>";
    const RDF: &str = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel/></rdf:RDF>";
    const JSON: &str = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Velmora Courier\", \"items\": [{\"id\": \"1\", \"content_html\": \"<p>The quay shut.</p>\"}]}\n";

    /// Issue 11: feeds were stored as articles of raw XML/JSON; they are
    /// refused with a message naming the file and what it is.
    #[test]
    fn issue_11_feeds_are_recognised_and_refused_with_what_they_are() {
        for (text, name, what) in [
            (RSS, "news.xml", "an RSS feed"),
            (ATOM, "atom.xml", "an Atom feed"),
            (RDF, "rdf.xml", "an RSS 1.0 (RDF) feed"),
            (JSON, "feed.json", "a JSON Feed"),
        ] {
            assert_eq!(
                format::detect(text.as_bytes(), None).name(),
                "feed",
                "{name}"
            );
            let origin = Origin {
                path: Some(name.into()),
                ..Origin::default()
            };
            let items: Vec<_> =
                crate::read_bytes(text.as_bytes().to_vec(), origin, &IngestConfig::default())
                    .collect();
            assert_eq!(items.len(), 1);
            let message = items[0].as_ref().unwrap_err().to_string();
            assert_eq!(
                message,
                format!("{name}: {what}, not an article: tidings does not read feeds yet: ingest the pages it links to (or a WARC of them)")
            );
        }
    }

    #[test]
    fn pages_and_records_that_mention_feeds_are_not_feeds() {
        assert_eq!(
            kind(b"<!DOCTYPE html><html><link rel=alternate type=application/rss+xml>"),
            None
        );
        assert_eq!(
            kind(b"{\"url\": \"https://velmora.example/\", \"text\": \"jsonfeed\"}"),
            None
        );
        assert_eq!(kind(b"<rsshub>"), None);
        assert_eq!(kind(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(kind(b""), None);
    }
}
