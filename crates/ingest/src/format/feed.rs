//! Feeds: RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed files become one
//! document per entry (its content, else its summary, else its title), with
//! the entry's title, link, date and authors as hints; XML sitemaps and
//! sitemap indexes are recognised and reported with the number of pages
//! they list (their entries carry no text: the pages must be fetched).
//!
//! The XML is read with quick-xml, leniently: unknown elements are passed
//! over, end tags need not match, and a feed broken halfway keeps the
//! entries before the break and reports where it broke.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use serde_json::Value;
use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc};

use super::text::read_whole;
use super::{marked_or_named, Confidence, Format, Input};
use crate::date::parse_published;
use crate::error::{Error, Result};
use crate::{IngestConfig, Records};

/// How far into a file the start of a feed is looked for (past an XML
/// declaration, stylesheet instructions, comments and a doctype).
const FEED_PRESCAN: usize = 4096;

/// RSS, Atom and JSON feeds and XML sitemaps, recognised by their root
/// element or version field.
#[derive(Debug, Clone, Copy, Default)]
pub struct Feed;

/// What kind of feed some bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rss,
    RssRdf,
    Atom,
    Json,
    Sitemap,
    SitemapIndex,
}

impl Format for Feed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn describe(&self) -> &'static str {
        "RSS 2.0, RSS 1.0 (RDF), Atom and JSON feeds, a document per entry (content, else summary, else title; title, link, date, authors as hints); XML sitemaps are recognised and reported, not fetched"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["rss", "atom"]
    }

    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence {
        marked_or_named(kind(head).is_some(), path, self.extensions())
    }

    fn read(&self, input: Input, config: &IngestConfig) -> Records {
        let path = input.error_path();
        let origin = input.origin().clone();
        let found = kind(input.head());
        let whole = match read_whole(input, config, MediaType::Text) {
            Ok(whole) => whole,
            Err(error) => return Box::new(std::iter::once(Err(error))),
        };
        let Some(found) = found else {
            return Box::new(std::iter::once(Err(Error::Unsupported {
                path,
                what: "named as a feed, but its start is no RSS, Atom or JSON feed".to_string(),
                advice: "check the file, or give it another extension to read it as a page"
                    .to_string(),
            })));
        };
        if matches!(found, Kind::Sitemap | Kind::SitemapIndex) {
            let mut scanner = XmlScanner::new(whole.text);
            let mut count = 0usize;
            while scanner.next_entry().is_some() {
                count += 1;
            }
            let what = if found == Kind::Sitemap {
                format!("an XML sitemap of {count} pages")
            } else {
                format!("a sitemap index of {count} sitemaps")
            };
            return Box::new(std::iter::once(Err(Error::Unsupported {
                path,
                what,
                advice: "its entries are links without text: fetch the pages (or a WARC of them) and ingest those".to_string(),
            })));
        }
        let source = match found {
            Kind::Json => {
                let parsed = json_entries(&whole.text);
                Source::Json(parsed.entries.into_iter(), parsed.broken)
            }
            _ => Source::Xml(XmlScanner::new(whole.text)),
        };
        Box::new(FeedRecords {
            source,
            path,
            origin,
            config: config.clone(),
            record: 0,
            finished: false,
        })
    }
}

/// A sitemap or a sitemap index: the links it lists, for a crawler to
/// fetch (`tidings watch` takes sitemaps as feeds).
#[derive(Debug, Clone, PartialEq)]
pub struct Sitemap {
    /// True for a sitemap index: its links are further sitemaps.
    pub index: bool,
    /// The links, in document order.
    pub links: Vec<SitemapLink>,
    /// Where and why reading stopped early, if the XML broke.
    pub broken: Option<String>,
}

/// One `<url>` (or `<sitemap>`) of a sitemap.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapLink {
    /// Its `<loc>`.
    pub url: String,
    /// A news sitemap's `<news:title>`.
    pub title: Option<String>,
    /// A news sitemap's `<news:publication_date>`, else `<lastmod>`.
    pub published: Option<tidings_model::Published>,
}

/// The links of `bytes` if they are an XML sitemap or sitemap index
/// (plain or news); `None` for anything else. Entries are read one at a
/// time, so only the links are held.
pub fn sitemap(bytes: &[u8]) -> Option<Sitemap> {
    let index = match kind(bytes)? {
        Kind::Sitemap => false,
        Kind::SitemapIndex => true,
        _ => return None,
    };
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes));
    let mut scanner = XmlScanner::new(text.into_owned());
    let mut links = Vec::new();
    while let Some(entry) = scanner.next_entry() {
        let url = entry.link.trim();
        if url.is_empty() {
            continue;
        }
        let title = collapse(&entry.title);
        let date = if entry.date.trim().is_empty() {
            &entry.updated
        } else {
            &entry.date
        };
        links.push(SitemapLink {
            url: url.to_string(),
            title: (!title.is_empty()).then_some(title),
            published: parse_published(date),
        });
    }
    Some(Sitemap {
        index,
        links,
        broken: scanner.broken.map(|(at, why)| format!("byte {at}: {why}")),
    })
}

/// Where a feed's entries come from.
enum Source {
    Xml(XmlScanner),
    Json(std::vec::IntoIter<Entry>, Option<(u64, String)>),
}

/// A feed's documents, one entry at a time, then the break or emptiness.
struct FeedRecords {
    source: Source,
    path: std::path::PathBuf,
    origin: Origin,
    config: IngestConfig,
    /// Entries handed out so far.
    record: u64,
    finished: bool,
}

impl Iterator for FeedRecords {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Result<RawDoc>> {
        if self.finished {
            return None;
        }
        let entry = match &mut self.source {
            Source::Xml(scanner) => scanner.next_entry(),
            Source::Json(entries, _) => entries.next(),
        };
        if let Some(entry) = entry {
            self.record += 1;
            let record = self.record;
            return Some(
                entry
                    .into_doc(&self.origin, record, &self.config)
                    .ok_or_else(|| Error::Skipped {
                        path: self.path.clone(),
                        record,
                        offset: 0,
                        reason: "the feed entry has no title, summary or content".to_string(),
                    }),
            );
        }
        self.finished = true;
        let broken = match &mut self.source {
            Source::Xml(scanner) => scanner.broken.take(),
            Source::Json(_, broken) => broken.take(),
        };
        let path = self.path.clone();
        match broken {
            Some((offset, reason)) => Some(Err(Error::Feed {
                path,
                offset,
                reason,
                kept: self.record,
            })),
            None if self.record == 0 => Some(Err(Error::Empty { path, record: None })),
            None => None,
        }
    }
}

/// One feed entry as read.
#[derive(Debug, Default, Clone, PartialEq)]
struct Entry {
    title: String,
    link: String,
    date: String,
    /// A date that only says when the entry changed (Atom `updated`,
    /// sitemap `lastmod`): used when no publication date is given.
    updated: String,
    summary: String,
    content: String,
    authors: Vec<String>,
}

impl Entry {
    /// The entry as a document: its content, else its summary, else its
    /// title; HTML when it holds markup. `None` when it has none of them.
    fn into_doc(self, feed: &Origin, record: u64, config: &IngestConfig) -> Option<RawDoc> {
        let title = collapse(&self.title);
        let body = [self.content.trim(), self.summary.trim()]
            .into_iter()
            .find(|text| !text.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| title.clone());
        if body.is_empty() {
            return None;
        }
        let media_type = if holds_markup(&body) {
            MediaType::Html
        } else {
            MediaType::Text
        };
        let date = if self.date.trim().is_empty() {
            &self.updated
        } else {
            &self.date
        };
        let link = self.link.trim();
        Some(RawDoc {
            id: DocId::of_bytes(body.as_bytes()),
            origin: Origin {
                path: feed.path.clone(),
                record: Some(record),
                offset: None,
            },
            fetched: None,
            media_type,
            encoding: "UTF-8".to_string(),
            hints: Hints {
                url: (!link.is_empty()).then(|| link.to_string()),
                title: (!title.is_empty()).then_some(title),
                published: parse_published(date).or(config.date),
                site: config.source.clone(),
                authors: self
                    .authors
                    .iter()
                    .map(|name| collapse(name))
                    .filter(|name| !name.is_empty())
                    .collect(),
                charset: None,
            },
            bytes: body.as_bytes().to_vec(),
            text: body,
        })
    }
}

/// Whitespace runs as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a text holds HTML markup (a feed's description is often
/// escaped HTML).
fn holds_markup(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["</", "<br", "<p", "<img", "<div", "<a "]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// The entries of a feed, and where it broke, if it did.
#[derive(Debug, Default)]
struct Parsed {
    entries: Vec<Entry>,
    /// (byte offset, reason) of the error that ended reading.
    broken: Option<(u64, String)>,
}

/// The field of an entry an element fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Guid,
    Date,
    Updated,
    Summary,
    Content,
    Author,
    AuthorName,
}

/// Which field an element inside an entry fills (by local name; `parent`
/// is the element around it).
fn field_of(local: &[u8], parent: &[u8]) -> Option<Field> {
    Some(match local {
        b"title" => Field::Title,
        b"link" | b"loc" => Field::Link,
        b"guid" | b"id" => Field::Guid,
        b"pubDate" | b"published" | b"issued" | b"date" | b"publication_date" => Field::Date,
        b"updated" | b"modified" | b"lastmod" => Field::Updated,
        b"description" | b"summary" => Field::Summary,
        b"encoded" | b"content" => Field::Content,
        b"creator" => Field::Author,
        b"author" => Field::Author,
        b"name" if parent == b"author" => Field::AuthorName,
        _ => return None,
    })
}

/// The local part of a qualified XML name (`content:encoded` → `encoded`).
fn local(name: &[u8]) -> &[u8] {
    match memchr::memchr(b':', name) {
        Some(at) => &name[at + 1..],
        None => name,
    }
}

/// Reads the entries of an RSS, RDF, Atom or sitemap document one at a
/// time: each call parses from where the last entry ended, with the open
/// elements carried over, so only the decoded text and one entry are held
/// however many entries the feed has.
#[derive(Debug, Default)]
struct XmlScanner {
    text: String,
    /// Byte offset in `text` where the next call starts.
    pos: usize,
    /// Open elements' local names.
    stack: Vec<Vec<u8>>,
    /// Set when the text is exhausted or broken.
    done: bool,
    /// (byte offset, reason) of the error that ended reading.
    broken: Option<(u64, String)>,
}

impl XmlScanner {
    fn new(text: String) -> XmlScanner {
        XmlScanner {
            text,
            ..XmlScanner::default()
        }
    }

    /// The next entry, or `None` at the end (see `broken`).
    fn next_entry(&mut self) -> Option<Entry> {
        if self.done {
            return None;
        }
        let mut reader = quick_xml::Reader::from_str(&self.text[self.pos..]);
        {
            let config = reader.config_mut();
            config.check_end_names = false;
            config.allow_unmatched_ends = true;
            config.expand_empty_elements = true;
        }
        let stack = &mut self.stack;
        // Depth (stack length) at which the current entry opened.
        let mut entry_depth: Option<usize> = None;
        let mut entry = Entry::default();
        // The field being filled, the depth it opened at, and its text.
        let mut filling: Option<(Field, usize, String)> = None;
        loop {
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    self.broken =
                        Some((self.pos as u64 + reader.error_position(), error.to_string()));
                    break;
                }
            };
            match event {
                Event::Start(start) => {
                    let name = local(start.name().as_ref()).to_vec();
                    let depth = stack.len();
                    let is_entry =
                        matches!(name.as_slice(), b"item" | b"entry" | b"url" | b"sitemap");
                    if entry_depth.is_none() && is_entry {
                        entry_depth = Some(depth);
                        entry = Entry::default();
                    } else if entry_depth.is_some()
                        && matches!(filling, Some((Field::Author, _, _)))
                        && name.as_slice() == b"name"
                    {
                        // Atom's `<author><name>`: the name, not the uri or email.
                        filling = Some((Field::AuthorName, depth, String::new()));
                    } else if entry_depth.is_some() && filling.is_none() {
                        let parent = stack.last().map(Vec::as_slice).unwrap_or_default();
                        if let Some(field) = field_of(&name, parent) {
                            if field == Field::Link {
                                if let Some(href) = link_href(&start) {
                                    set_once(&mut entry.link, href);
                                }
                            }
                            filling = Some((field, depth, String::new()));
                        }
                    }
                    stack.push(name);
                }
                Event::End(_) => {
                    if stack.pop().is_none() {
                        continue;
                    }
                    let depth = stack.len();
                    if filling.as_ref().is_some_and(|(_, at, _)| *at == depth) {
                        if let Some((field, _, text)) = filling.take() {
                            entry.fill(field, text);
                        }
                    }
                    if entry_depth == Some(depth) {
                        self.pos += reader.buffer_position() as usize;
                        return Some(entry);
                    }
                }
                Event::Text(text) => {
                    if let Some((_, _, buffer)) = filling.as_mut() {
                        buffer.push_str(&String::from_utf8_lossy(&text));
                    }
                }
                Event::CData(data) => {
                    if let Some((_, _, buffer)) = filling.as_mut() {
                        buffer.push_str(&String::from_utf8_lossy(&data));
                    }
                }
                Event::GeneralRef(reference) => {
                    if let Some((_, _, buffer)) = filling.as_mut() {
                        match reference.resolve_char_ref() {
                            Ok(Some(c)) => buffer.push(c),
                            _ => match reference.as_ref() {
                                b"amp" => buffer.push('&'),
                                b"lt" => buffer.push('<'),
                                b"gt" => buffer.push('>'),
                                b"quot" => buffer.push('"'),
                                b"apos" => buffer.push('\''),
                                // An HTML entity (`&nbsp;`) stays as written:
                                // cleaning decodes it with the page's markup.
                                other => {
                                    buffer.push('&');
                                    buffer.push_str(&String::from_utf8_lossy(other));
                                    buffer.push(';');
                                }
                            },
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        self.done = true;
        // A file that ends inside its elements was cut short: said, and an
        // entry still open is kept with what it has.
        if self.broken.is_none() && !stack.is_empty() {
            let open = String::from_utf8_lossy(stack.last().map(Vec::as_slice).unwrap_or_default())
                .into_owned();
            self.broken = Some((
                self.text.len() as u64,
                format!("the file ends inside <{open}> (cut short?)"),
            ));
        }
        if entry_depth.is_some() {
            if let Some((field, _, text)) = filling.take() {
                entry.fill(field, text);
            }
            if entry != Entry::default() {
                return Some(entry);
            }
        }
        None
    }
}

/// The `href` of an Atom link that points at the entry's page (no `rel`,
/// or `rel="alternate"`).
fn link_href(start: &BytesStart<'_>) -> Option<String> {
    let href = start.try_get_attribute("href").ok().flatten()?;
    let rel = start
        .try_get_attribute("rel")
        .ok()
        .flatten()
        .and_then(|rel| rel.unescape_value().ok().map(|v| v.into_owned()));
    if rel.as_deref().is_some_and(|rel| rel != "alternate") {
        return None;
    }
    href.unescape_value().ok().map(|v| v.into_owned())
}

/// Sets `field` to `value` when it is still empty: the first value wins.
fn set_once(field: &mut String, value: String) {
    if field.trim().is_empty() {
        *field = value;
    }
}

impl Entry {
    /// Puts the text of a finished element into its field (the first value
    /// of a field wins, authors accumulate).
    fn fill(&mut self, field: Field, text: String) {
        let text = text.trim().to_string();
        if text.is_empty() {
            return;
        }
        match field {
            Field::Title => set_once(&mut self.title, text),
            Field::Link => set_once(&mut self.link, text),
            Field::Guid => {
                if text.starts_with("http://") || text.starts_with("https://") {
                    set_once(&mut self.link, text);
                }
            }
            Field::Date => set_once(&mut self.date, text),
            Field::Updated => set_once(&mut self.updated, text),
            Field::Summary => set_once(&mut self.summary, text),
            Field::Content => set_once(&mut self.content, text),
            Field::Author | Field::AuthorName => {
                // RSS `author` is often `mail@site (Name)`: keep the name.
                let name = match (text.find('('), text.rfind(')')) {
                    (Some(open), Some(close)) if open < close && text.contains('@') => {
                        text[open + 1..close].to_string()
                    }
                    _ => text,
                };
                self.authors.push(name);
            }
        }
    }
}

/// The entries of a JSON Feed (`items`: `title`, `url`, `content_html`,
/// `content_text`, `summary`, `date_published`, `date_modified`,
/// `authors`/`author`).
fn json_entries(text: &str) -> Parsed {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return Parsed {
                entries: Vec::new(),
                broken: Some((0, error.to_string())),
            }
        }
    };
    let string = |item: &Value, key: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let entries = value
        .get("items")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    let mut authors: Vec<String> = item
                        .get("authors")
                        .and_then(Value::as_array)
                        .map(|list| {
                            list.iter()
                                .filter_map(|a| a.get("name").and_then(Value::as_str))
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    if let Some(name) = item
                        .get("author")
                        .and_then(|a| a.get("name"))
                        .and_then(Value::as_str)
                    {
                        authors.push(name.to_string());
                    }
                    let content = Some(string(item, "content_html"))
                        .filter(|c| !c.trim().is_empty())
                        .unwrap_or_else(|| string(item, "content_text"));
                    Entry {
                        title: string(item, "title"),
                        link: Some(string(item, "url"))
                            .filter(|u| !u.is_empty())
                            .unwrap_or_else(|| string(item, "external_url")),
                        date: string(item, "date_published"),
                        updated: string(item, "date_modified"),
                        summary: string(item, "summary"),
                        content,
                        authors,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Parsed {
        entries,
        broken: None,
    }
}

/// The kind of feed `head` starts, if any: the first element after the XML
/// prolog is `<rss`, `<rdf:RDF`, `<feed`, `<urlset` or `<sitemapindex`, or
/// a JSON object names a `jsonfeed.org` version near its start.
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
    } else if element(b"<urlset") {
        Some(Kind::Sitemap)
    } else if element(b"<sitemapindex") {
        Some(Kind::SitemapIndex)
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
    use proptest::prelude::*;

    fn read(text: &str, name: &str) -> Vec<Result<RawDoc>> {
        let origin = Origin {
            path: Some(name.into()),
            ..Origin::default()
        };
        crate::read_bytes(text.as_bytes().to_vec(), origin, &IngestConfig::default()).collect()
    }

    fn docs(text: &str, name: &str) -> Vec<RawDoc> {
        read(text, name)
            .into_iter()
            .map(|item| item.expect("a document"))
            .collect()
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="rss.xsl"?>
<!-- Velmora Courier -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Velmora Courier</title><link>https://courier.example/</link>
<item>
  <title>Storm closes harbour &amp; quay</title>
  <link>https://courier.example/storm</link>
  <pubDate>Fri, 16 Jan 2026 08:30:00 +0000</pubDate>
  <author>desk@courier.example (Ana Kovač)</author>
  <description>&lt;p&gt;The quay shut.&lt;/p&gt;</description>
  <content:encoded><![CDATA[<p>The Harbour Authority of Portavel shut the quay on Friday.</p><p>Ferries wait.</p>]]></content:encoded>
</item>
<item><title>Ferries resume</title><guid>https://courier.example/ferries</guid><dc:creator>Ole Brand</dc:creator></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_documents_with_their_title_link_date_and_author() {
        let docs = docs(RSS, "courier.xml");
        assert_eq!(docs.len(), 2);
        let storm = &docs[0];
        assert_eq!(storm.media_type, MediaType::Html);
        assert_eq!(
            storm.text,
            "<p>The Harbour Authority of Portavel shut the quay on Friday.</p><p>Ferries wait.</p>"
        );
        assert_eq!(
            storm.hints.title.as_deref(),
            Some("Storm closes harbour & quay")
        );
        assert_eq!(
            storm.hints.url.as_deref(),
            Some("https://courier.example/storm")
        );
        assert_eq!(storm.hints.authors, ["Ana Kovač"]);
        assert_eq!(
            storm.hints.published.map(|p| p.to_string()).as_deref(),
            Some("2026-01-16T08:30:00Z")
        );
        assert_eq!(storm.origin.to_string(), "courier.xml#1");
        assert_eq!(storm.id, DocId::of_bytes(storm.text.as_bytes()));
        // A title-only item is a headline: its text is the title.
        let ferries = &docs[1];
        assert_eq!(ferries.media_type, MediaType::Text);
        assert_eq!(ferries.text, "Ferries resume");
        assert_eq!(
            ferries.hints.url.as_deref(),
            Some("https://courier.example/ferries")
        );
        assert_eq!(ferries.hints.authors, ["Ole Brand"]);
        assert_eq!(ferries.origin.to_string(), "courier.xml#2");
    }

    #[test]
    fn atom_rdf_and_json_feeds_are_read_too() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Portavel News</title>
<entry><title type="html">Ferry &lt;em&gt;sails&lt;/em&gt;</title>
<link rel="edit" href="https://portavel.example/api/7"/>
<link rel="alternate" href="https://portavel.example/ferry"/>
<updated>2026-03-02T10:00:00Z</updated><published>2026-03-01T09:00:00Z</published>
<author><name>Mira Holt</name><uri>https://portavel.example/mira</uri></author>
<summary>It sailed at nine.</summary></entry></feed>"#;
        let doc = &docs(atom, "atom.xml")[0];
        assert_eq!(doc.text, "It sailed at nine.");
        assert_eq!(
            doc.hints.url.as_deref(),
            Some("https://portavel.example/ferry")
        );
        assert_eq!(doc.hints.authors, ["Mira Holt"]);
        assert_eq!(
            doc.hints.published.map(|p| p.to_string()).as_deref(),
            Some("2026-03-01T09:00:00Z"),
            "published wins over updated"
        );

        let rdf = r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Kerra Post</title></channel>
<item rdf:about="https://kerra.example/rail"><title>Rail strike ends</title><link>https://kerra.example/rail</link><description>Trains run again in Kerra.</description><dc:date>2026-02-03</dc:date><dc:creator>Ivo Lind</dc:creator></item></rdf:RDF>"#;
        let doc = &docs(rdf, "rdf.xml")[0];
        assert_eq!(doc.text, "Trains run again in Kerra.");
        assert_eq!(doc.hints.title.as_deref(), Some("Rail strike ends"));
        assert_eq!(doc.hints.authors, ["Ivo Lind"]);
        assert!(doc.hints.published.is_some());

        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Velmora Courier", "items": [{"id": "1", "url": "https://courier.example/quay", "title": "Quay shut", "content_html": "<p>The quay shut.</p>", "date_published": "2026-01-16T08:30:00Z", "authors": [{"name": "Ana Kovač"}]}]}"#;
        let doc = &docs(json, "feed.json")[0];
        assert_eq!(doc.media_type, MediaType::Html);
        assert_eq!(doc.text, "<p>The quay shut.</p>");
        assert_eq!(doc.hints.title.as_deref(), Some("Quay shut"));
        assert_eq!(doc.hints.authors, ["Ana Kovač"]);
    }

    #[test]
    fn sitemaps_give_their_links_to_a_crawler() {
        let news = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://courier.example/quay</loc><lastmod>2026-01-18</lastmod>
    <news:news><news:publication><news:name>Velmora Courier</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-01-19T06:30:00+00:00</news:publication_date><news:title>Quay reopens &amp; ferries sail</news:title></news:news></url>
  <url><loc> https://courier.example/lighthouse </loc><lastmod>2026-01-17</lastmod></url>
  <url><lastmod>2026-01-17</lastmod></url>
</urlset>"#;
        let map = sitemap(news.as_bytes()).unwrap();
        assert!(!map.index);
        assert_eq!(map.links.len(), 2);
        assert_eq!(map.links[0].url, "https://courier.example/quay");
        assert_eq!(
            map.links[0].title.as_deref(),
            Some("Quay reopens & ferries sail")
        );
        assert_eq!(
            map.links[0].published.map(|p| p.to_string()).as_deref(),
            Some("2026-01-19T06:30:00Z")
        );
        assert_eq!(map.links[1].url, "https://courier.example/lighthouse");
        assert_eq!(
            map.links[1].published.map(|p| p.to_string()).as_deref(),
            Some("2026-01-17")
        );
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://courier.example/s1.xml</loc></sitemap><sitemap><loc>https://courier.example/s2.xml</loc></sitemap></sitemapindex>"#;
        let map = sitemap(index.as_bytes()).unwrap();
        assert!(map.index);
        assert_eq!(map.links.len(), 2);
        assert!(sitemap(b"<rss version=\"2.0\"><channel></channel></rss>").is_none());
        assert!(sitemap(b"<html><body>no</body></html>").is_none());
    }

    #[test]
    fn sitemaps_are_reported_with_their_size_and_not_stored() {
        let sitemap = r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://courier.example/storm</loc><news:news><news:title>Storm</news:title></news:news></url>
<url><loc>https://courier.example/ferries</loc><lastmod>2026-01-17</lastmod></url></urlset>"#;
        assert_eq!(format::detect(sitemap.as_bytes(), None).name(), "feed");
        let items = read(sitemap, "sitemap.xml");
        assert_eq!(items.len(), 1);
        let message = items[0].as_ref().unwrap_err().to_string();
        assert!(message.contains("an XML sitemap of 2 pages"), "{message}");
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://courier.example/s1.xml</loc></sitemap></sitemapindex>"#;
        let message = read(index, "index.xml")[0]
            .as_ref()
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("a sitemap index of 1 sitemaps"),
            "{message}"
        );
    }

    #[test]
    fn a_feed_broken_halfway_keeps_the_entries_before_the_break() {
        let broken = "<rss version=\"2.0\"><channel><item><title>Quay shut</title><description>The quay shut.</description></item><item><title>Ferr<<<!-- </rss>";
        let items = read(broken, "broken.xml");
        let kept: Vec<&RawDoc> = items.iter().filter_map(|item| item.as_ref().ok()).collect();
        assert_eq!(kept[0].text, "The quay shut.");
        let errors: Vec<String> = items
            .iter()
            .filter_map(|item| item.as_ref().err().map(ToString::to_string))
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("broken.xml: the feed breaks at byte"),
            "{errors:?}"
        );

        let empty = "<rss version=\"2.0\"><channel><item><link>https://courier.example/x</link></item></channel></rss>";
        let items = read(empty, "empty.xml");
        assert_eq!(items.len(), 1);
        assert!(items[0].as_ref().unwrap_err().is_skip());
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
        assert_eq!(kind(b"<urlsetx>"), None);
        assert_eq!(kind(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(kind(b""), None);
    }

    #[test]
    fn ten_thousand_entries_come_one_at_a_time() {
        let items: String = (0..10_000)
            .map(|n| format!("<item><title>Tide table {n}</title><description>High water at Velmora quay, day {n}.</description></item>"))
            .collect();
        let feed =
            format!("<rss version=\"2.0\"><channel><title>Tides</title>{items}</channel></rss>");
        let mut scanner = XmlScanner::new(feed.clone());
        let first = scanner.next_entry().expect("an entry");
        assert_eq!(first.title, "Tide table 0");
        assert!(
            scanner.pos < 200,
            "the first entry is read without the rest ({} bytes in)",
            scanner.pos
        );
        let mut count = 1;
        while scanner.next_entry().is_some() {
            count += 1;
        }
        assert_eq!(count, 10_000);
        assert!(scanner.broken.is_none());
        let docs = read(&feed, "tides.xml");
        assert_eq!(docs.len(), 10_000);
        assert_eq!(
            docs[9_999].as_ref().unwrap().origin.to_string(),
            "tides.xml#10000"
        );
    }

    proptest! {
        #[test]
        fn any_feed_text_reads_without_panic(body in "\\PC{0,300}") {
            for text in [format!("<rss>{body}"), format!("<feed>{body}</feed>"), format!("<urlset>{body}")] {
                let _ = read(&text, "any.xml");
            }
        }

        #[test]
        fn every_generated_item_comes_back(titles in proptest::collection::vec("[A-Za-z][A-Za-z ]{0,30}", 1..12)) {
            let items: String = titles
                .iter()
                .map(|t| format!("<item><title>{t}</title><description>{t} happened.</description></item>"))
                .collect();
            let feed = format!("<rss version=\"2.0\"><channel>{items}</channel></rss>");
            let docs = docs(&feed, "gen.xml");
            prop_assert_eq!(docs.len(), titles.len());
            for (doc, title) in docs.iter().zip(&titles) {
                let expected = format!("{title} happened.");
                prop_assert_eq!(doc.text.as_str(), expected.trim());
            }
        }
    }
}
