//! Fetching a source URL into documents: what `tidings watch` does for each
//! feed at each poll and `tidings ingest URL` does once. The source is
//! fetched politely (through [`tidings_fetch::Fetcher`]: robots.txt, a
//! delay per host, conditional GET, retries, limits) and sniffed:
//!
//! - a feed (RSS, RDF, Atom, JSON Feed): each entry not seen before
//!   becomes a document, its page fetched when [`Crawler::pages`] says so
//!   (the entry's own text is kept when the page cannot or may not be
//!   fetched, and that is said);
//! - a sitemap: each link not seen before is fetched; a sitemap index's
//!   sitemaps are read, indexes inside it too, to [`Crawler::max_depth`]
//!   levels, each sitemap once (a cycle is said and cut), at most
//!   [`Crawler::max_sitemaps`] per fetch (what is left out is said);
//! - anything else (a page): read as its bytes say, usually one document.
//!
//! Every page fetched is first appended, as the server sent it, to the
//! archive of the day (`DIR/fetched/YYYY-MM-DD.warc.gz`) so it can be
//! ingested again. Nothing here stores documents or prints: the caller
//! gets a [`Harvest`] (documents and [`Note`]s) and, once the documents
//! are stored, tells its [`Memory`] what was fetched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use tidings_fetch::{FetchError, Fetcher, Outcome, Page, Validators};
use tidings_ingest::format::{Sitemap, SitemapLink};
use tidings_ingest::IngestConfig;
use tidings_model::{Hints, Origin, RawDoc};

/// Sitemaps read from one sitemap index (with the indexes inside it) per
/// fetch.
pub const MAX_SITEMAPS: usize = 200;

/// Levels of sitemap indexes followed: the index fetched is level 1.
pub const MAX_INDEX_DEPTH: usize = 3;

/// What a crawl remembers between sources, polls and runs: the validators
/// of each feed and sitemap fetched (for a conditional GET next time) and
/// the entries already stored. `tidings watch` keeps it in `DIR/watch.json`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Feed or sitemap URL → the validators of its last fetch.
    pub feeds: BTreeMap<String, SavedValidators>,
    /// The links (or, for an entry without a link, the document ids) of
    /// every entry stored.
    pub seen: BTreeSet<String>,
}

/// The validators of one fetch, as kept.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedValidators {
    /// The `ETag` sent.
    pub etag: Option<String>,
    /// The `Last-Modified` sent.
    pub last_modified: Option<String>,
}

impl Memory {
    /// The validators to send for `url`.
    pub fn validators(&self, url: &str) -> Validators {
        let saved = self.feeds.get(url);
        Validators {
            etag: saved.and_then(|v| v.etag.clone()),
            last_modified: saved.and_then(|v| v.last_modified.clone()),
        }
    }

    /// Marks what a harvest fetched as known: its entries as seen, its
    /// feeds' validators kept. Call it once the harvest's documents are
    /// stored, so that a crash before the commit fetches them again.
    pub fn remember(&mut self, found: Found) {
        self.seen.extend(found.keys);
        for (url, validators) in found.validators {
            match validators {
                Some(v) => {
                    self.feeds.insert(
                        url,
                        SavedValidators {
                            etag: v.etag,
                            last_modified: v.last_modified,
                        },
                    );
                }
                None => {
                    self.feeds.remove(&url);
                }
            }
        }
    }
}

/// How a [`Note`] weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// Nothing was kept from it: it could not be fetched or read.
    Failed,
    /// Something was kept despite it (the feed entry's own text instead of
    /// its page, the links before a sitemap broke).
    Warning,
    /// Passed over on purpose: robots.txt forbids it, a sitemap met again
    /// or nested too deep, sitemaps past the bound.
    Skipped,
}

/// Something to tell the user about one URL of a crawl.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The URL it concerns.
    pub url: String,
    /// How it weighs.
    pub kind: NoteKind,
    /// What happened, starting with the URL.
    pub message: String,
}

/// What a harvest fetched, for [`Memory::remember`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Found {
    /// The keys of the entries and links fetched.
    keys: BTreeSet<String>,
    /// Feeds and sitemaps with the validators to keep (`None`: to forget,
    /// for a sitemap index, which may stay the same while its sitemaps
    /// change).
    validators: Vec<(String, Option<Validators>)>,
}

/// What kind of source a URL turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// It could not be fetched.
    Unfetched,
    /// Not changed since the validators of the last fetch.
    Unchanged,
    /// An RSS, RDF, Atom or JSON feed.
    Feed,
    /// A sitemap or a sitemap index.
    Sitemap,
    /// Anything else: a page (or an archive) read as its bytes say.
    Page,
}

/// The documents of one source URL and what there is to say about it.
#[derive(Debug)]
pub struct Harvest {
    /// The URL crawled.
    pub source: String,
    /// What it was.
    pub kind: SourceKind,
    /// Its new documents, in the order of its entries.
    pub docs: Vec<RawDoc>,
    /// Failures, warnings and what was skipped, in order.
    pub notes: Vec<Note>,
    /// To remember once the documents are stored.
    pub found: Found,
}

impl Harvest {
    fn new(source: &str) -> Harvest {
        Harvest {
            source: source.to_string(),
            kind: SourceKind::Unfetched,
            docs: Vec::new(),
            notes: Vec::new(),
            found: Found::default(),
        }
    }

    fn note(&mut self, url: &str, kind: NoteKind, message: impl Into<String>) {
        self.notes.push(Note {
            url: url.to_string(),
            kind,
            message: message.into(),
        });
    }

    /// A failed fetch: robots.txt's refusal is a skip, the rest failures.
    fn fetch_failed(&mut self, url: &str, error: &FetchError) {
        let kind = if matches!(error, FetchError::Forbidden { .. }) {
            NoteKind::Skipped
        } else {
            NoteKind::Failed
        };
        self.note(url, kind, error.to_string());
    }

    /// A record that could not be read, weighed as ingest weighs it.
    fn read_failed(&mut self, url: &str, error: &tidings_ingest::Error) {
        let kind = if error.is_skip() {
            NoteKind::Skipped
        } else if error.is_warning() {
            NoteKind::Warning
        } else {
            NoteKind::Failed
        };
        self.note(url, kind, error.to_string());
    }
}

/// Why a crawl stopped: the archive could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot archive {url} in {}: {source}", path.display())]
pub struct ArchiveError {
    /// The page's URL.
    pub url: String,
    /// The archive file.
    pub path: PathBuf,
    /// The file system's reason.
    #[source]
    pub source: std::io::Error,
}

/// Fetches sources into documents (see the module documentation).
#[derive(Debug)]
pub struct Crawler<'a> {
    /// The polite fetcher, shared by every source of a run.
    pub fetcher: &'a Fetcher,
    /// The store's directory: fetched pages are archived in its
    /// `fetched/`; `None` keeps no archive.
    pub archive: Option<&'a Path>,
    /// How documents are read (date and source for those without).
    pub config: &'a IngestConfig,
    /// Fetch each feed entry's page (else the entry's own text is kept).
    pub pages: bool,
    /// Sitemaps read from one sitemap index per fetch.
    pub max_sitemaps: usize,
    /// Levels of sitemap indexes followed.
    pub max_depth: usize,
    /// Set from elsewhere (Ctrl-C) to stop between two pages.
    pub stop: Option<&'a AtomicBool>,
}

impl<'a> Crawler<'a> {
    /// A crawler with the default bounds, fetching pages, archiving in
    /// `archive`'s `fetched/`.
    pub fn new(
        fetcher: &'a Fetcher,
        archive: Option<&'a Path>,
        config: &'a IngestConfig,
    ) -> Crawler<'a> {
        Crawler {
            fetcher,
            archive,
            config,
            pages: true,
            max_sitemaps: MAX_SITEMAPS,
            max_depth: MAX_INDEX_DEPTH,
            stop: None,
        }
    }

    fn stopped(&self) -> bool {
        self.stop.is_some_and(|stop| stop.load(Ordering::SeqCst))
    }

    /// Fetches `source` and what it lists that `memory` has not seen. The
    /// only error is an archive that cannot be written; everything else
    /// is a [`Note`] and the crawl goes on.
    pub fn crawl(&self, source: &str, memory: &Memory) -> Result<Harvest, ArchiveError> {
        let mut harvest = Harvest::new(source);
        let page = match self.fetcher.fetch(source, &memory.validators(source)) {
            Ok(Outcome::Fetched(page)) => page,
            Ok(Outcome::NotModified { .. }) => {
                harvest.kind = SourceKind::Unchanged;
                return Ok(harvest);
            }
            Err(error) => {
                harvest.fetch_failed(source, &error);
                return Ok(harvest);
            }
        };
        if let Some(map) = tidings_ingest::format::sitemap(&page.body) {
            harvest.kind = SourceKind::Sitemap;
            let validators = (!map.index).then(|| page.validators());
            harvest
                .found
                .validators
                .push((source.to_string(), validators));
            let links = self.sitemap_links(source, &page.url, map, memory, &mut harvest);
            self.sitemap_pages(links, memory, &mut harvest)?;
        } else if tidings_ingest::format::detect(&page.body, None).name() == "feed" {
            harvest.kind = SourceKind::Feed;
            harvest
                .found
                .validators
                .push((source.to_string(), Some(page.validators())));
            self.feed_entries(page, memory, &mut harvest)?;
        } else if tidings_ingest::list::is_opml(&page.body) {
            harvest.note(
                source,
                NoteKind::Failed,
                format!("{source}: an OPML list of feeds, not a feed: save it and give the file to follow its feeds"),
            );
        } else {
            harvest.kind = SourceKind::Page;
            harvest
                .found
                .validators
                .push((source.to_string(), Some(page.validators())));
            let url = page.url.clone();
            let (docs, errors) = self.read_page(page, &Hints::default())?;
            if docs.is_empty() && errors.is_empty() {
                harvest.note(
                    source,
                    NoteKind::Failed,
                    format!("{url}: the page holds no document"),
                );
            }
            for error in &errors {
                harvest.read_failed(&url, error);
            }
            harvest.docs.extend(docs);
        }
        Ok(harvest)
    }

    /// A feed's entries not seen before, each with its page when asked.
    fn feed_entries(
        &self,
        page: Page,
        memory: &Memory,
        harvest: &mut Harvest,
    ) -> Result<(), ArchiveError> {
        let feed = harvest.source.clone();
        let origin = Origin {
            path: Some(feed.clone()),
            ..Origin::default()
        };
        for entry in tidings_ingest::read_bytes(page.body, origin, self.config) {
            if self.stopped() {
                break;
            }
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    harvest.read_failed(&feed, &error);
                    continue;
                }
            };
            let key = entry
                .hints
                .url
                .clone()
                .unwrap_or_else(|| entry.id.to_string());
            if memory.seen.contains(&key) || harvest.found.keys.contains(&key) {
                continue;
            }
            let doc = match (&entry.hints.url, self.pages) {
                (Some(url), true) => match self.fetcher.fetch(url, &Validators::default()) {
                    Ok(Outcome::Fetched(page)) => {
                        let (docs, errors) = self.read_page(page, &entry.hints)?;
                        match docs.into_iter().next() {
                            Some(doc) => doc,
                            None => {
                                let why = errors
                                    .first()
                                    .map(ToString::to_string)
                                    .unwrap_or_else(|| format!("{url}: the page holds no text"));
                                harvest.note(
                                    url,
                                    NoteKind::Warning,
                                    format!("{why}; the feed entry's own text is stored"),
                                );
                                entry
                            }
                        }
                    }
                    Ok(Outcome::NotModified { .. }) => entry,
                    Err(error) => {
                        // The page cannot (or may not) be fetched: the
                        // entry's own text from the feed is stored.
                        harvest.note(
                            url,
                            NoteKind::Warning,
                            format!("{error}; the feed entry's own text is stored"),
                        );
                        entry
                    }
                },
                _ => entry,
            };
            harvest.docs.push(doc);
            harvest.found.keys.insert(key);
        }
        Ok(())
    }

    /// The pages a sitemap lists that were not seen before.
    fn sitemap_pages(
        &self,
        links: Vec<SitemapLink>,
        memory: &Memory,
        harvest: &mut Harvest,
    ) -> Result<(), ArchiveError> {
        let source = harvest.source.clone();
        if !self.pages && !links.is_empty() {
            harvest.note(
                &source,
                NoteKind::Failed,
                format!("{source} is a sitemap: its links have no text of their own, so --no-pages stores nothing from it"),
            );
            return Ok(());
        }
        for link in links {
            if self.stopped() {
                break;
            }
            if memory.seen.contains(&link.url) || harvest.found.keys.contains(&link.url) {
                continue;
            }
            let hints = Hints {
                url: Some(link.url.clone()),
                title: link.title.clone(),
                published: link.published,
                ..Hints::default()
            };
            match self.fetcher.fetch(&link.url, &Validators::default()) {
                Ok(Outcome::Fetched(page)) => {
                    let (docs, errors) = self.read_page(page, &hints)?;
                    if docs.is_empty() && errors.is_empty() {
                        harvest.note(
                            &link.url,
                            NoteKind::Failed,
                            format!("{}: the page holds no text", link.url),
                        );
                    }
                    for error in &errors {
                        harvest.read_failed(&link.url, error);
                    }
                    harvest.docs.extend(docs);
                    harvest.found.keys.insert(link.url);
                }
                Ok(Outcome::NotModified { .. }) => {}
                Err(error) => {
                    harvest.fetch_failed(&link.url, &error);
                    // A page robots.txt forbids is not asked for again;
                    // one that failed otherwise is tried next time.
                    if matches!(error, FetchError::Forbidden { .. }) {
                        harvest.found.keys.insert(link.url);
                    }
                }
            }
        }
        Ok(())
    }

    /// The page links of a sitemap; for a sitemap index, of the sitemaps
    /// it lists, indexes inside it followed to `max_depth` levels (each
    /// fetched with a conditional GET; a leaf sitemap's validators kept).
    fn sitemap_links(
        &self,
        source: &str,
        answered: &str,
        map: Sitemap,
        memory: &Memory,
        harvest: &mut Harvest,
    ) -> Vec<SitemapLink> {
        if let Some(why) = &map.broken {
            harvest.note(
                source,
                NoteKind::Warning,
                format!(
                    "{source}: the sitemap breaks at {why}; the links before the break are read"
                ),
            );
        }
        if !map.index {
            return map.links;
        }
        let mut walk = IndexWalk {
            visited: BTreeSet::from([source.to_string(), answered.to_string()]),
            read: 0,
            left_out: Vec::new(),
            links: Vec::new(),
        };
        self.walk_index(source, map.links, 1, memory, harvest, &mut walk);
        if !walk.left_out.is_empty() {
            harvest.note(
                source,
                NoteKind::Skipped,
                format!(
                    "{source}: the sitemap index lists more sitemaps than the {} read per fetch; {} not read (the first: {})",
                    self.max_sitemaps,
                    walk.left_out.len(),
                    walk.left_out[0]
                ),
            );
        }
        walk.links
    }

    /// Reads the sitemaps an index at `depth` lists, depth first.
    fn walk_index(
        &self,
        index: &str,
        children: Vec<SitemapLink>,
        depth: usize,
        memory: &Memory,
        harvest: &mut Harvest,
        walk: &mut IndexWalk,
    ) {
        for child in children {
            if self.stopped() {
                return;
            }
            if walk.visited.contains(&child.url) {
                harvest.note(
                    &child.url,
                    NoteKind::Skipped,
                    format!("{}: listed again by the sitemap index {index} (a cycle, or a repeat); read once", child.url),
                );
                continue;
            }
            if walk.read >= self.max_sitemaps {
                walk.left_out.push(child.url);
                continue;
            }
            walk.visited.insert(child.url.clone());
            walk.read += 1;
            let page = match self
                .fetcher
                .fetch(&child.url, &memory.validators(&child.url))
            {
                Ok(Outcome::Fetched(page)) => page,
                Ok(Outcome::NotModified { .. }) => continue,
                Err(error) => {
                    harvest.fetch_failed(&child.url, &error);
                    continue;
                }
            };
            let Some(inner) = tidings_ingest::format::sitemap(&page.body) else {
                harvest.note(
                    &child.url,
                    NoteKind::Failed,
                    format!(
                        "{}: listed in the sitemap index {index}, but not a sitemap",
                        child.url
                    ),
                );
                continue;
            };
            if let Some(why) = &inner.broken {
                harvest.note(
                    &child.url,
                    NoteKind::Warning,
                    format!(
                        "{}: the sitemap breaks at {why}; the links before the break are read",
                        child.url
                    ),
                );
            }
            if !inner.index {
                harvest
                    .found
                    .validators
                    .push((child.url, Some(page.validators())));
                walk.links.extend(inner.links);
            } else if depth >= self.max_depth {
                harvest.note(
                    &child.url,
                    NoteKind::Skipped,
                    format!(
                        "{}: a sitemap index inside {depth} levels of sitemap indexes; indexes are followed {} levels deep, so it is not read",
                        child.url, self.max_depth
                    ),
                );
            } else {
                walk.visited.insert(page.url.clone());
                harvest.found.validators.push((child.url.clone(), None));
                self.walk_index(&child.url, inner.links, depth + 1, memory, harvest, walk);
            }
        }
    }

    /// A fetched page as documents: read as its bytes say (HTML, text; an
    /// archive gives many), each with the final URL, the time of the fetch,
    /// and `entry`'s title, date and authors where it gives none. The page
    /// as the server sent it is first archived.
    fn read_page(
        &self,
        page: Page,
        entry: &Hints,
    ) -> Result<(Vec<RawDoc>, Vec<tidings_ingest::Error>), ArchiveError> {
        let fetched = jiff::Timestamp::now();
        if let Some(dir) = self.archive {
            archive(dir, &page, fetched)?;
        }
        let origin = Origin {
            path: Some(page.url.clone()),
            ..Origin::default()
        };
        let mut docs = Vec::new();
        let mut errors = Vec::new();
        for record in tidings_ingest::read_bytes(page.body, origin, self.config) {
            match record {
                Ok(mut doc) => {
                    // A page is named by the URL that answered; a record
                    // of an archive by its own.
                    if doc.hints.url.is_none() || doc.origin.record.is_none() {
                        doc.hints.url = Some(page.url.clone());
                    }
                    doc.hints.title = doc.hints.title.or_else(|| entry.title.clone());
                    doc.hints.published = doc.hints.published.or(entry.published);
                    if doc.hints.authors.is_empty() {
                        doc.hints.authors = entry.authors.clone();
                    }
                    doc.fetched = Some(fetched);
                    docs.push(doc);
                }
                Err(error) => errors.push(error),
            }
        }
        Ok((docs, errors))
    }
}

/// Where a sitemap index walk is.
struct IndexWalk {
    /// Sitemaps fetched or being fetched (and the index itself).
    visited: BTreeSet<String>,
    /// Sitemaps fetched.
    read: usize,
    /// Sitemaps past the bound.
    left_out: Vec<String>,
    /// The page links found.
    links: Vec<SitemapLink>,
}

/// Appends `page` as a WARC response record to `DIR/fetched/DAY.warc.gz`
/// (the UTC day of `fetched`), one gzip member per record.
fn archive(dir: &Path, page: &Page, fetched: jiff::Timestamp) -> Result<(), ArchiveError> {
    let folder = dir.join("fetched");
    let path = folder.join(format!("{}.warc.gz", fetched.strftime("%Y-%m-%d")));
    let response = tidings_ingest::warc_write::Response {
        url: &page.url,
        status: page.status,
        headers: &page.headers,
        body: &page.body,
        fetched,
    };
    std::fs::create_dir_all(&folder)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
        })
        .and_then(|mut file| tidings_ingest::warc_write::write_response(&mut file, &response))
        .map_err(|source| ArchiveError {
            url: page.url.clone(),
            path,
            source,
        })
}
