//! `tidings watch FEEDS`: follows feeds. Each poll fetches every feed
//! politely (robots.txt, a delay per host, conditional GET), reads its
//! entries, fetches the page of each entry not seen before, and ingests the
//! new articles through the same pipeline as `tidings ingest`. What was seen
//! (each feed's validators, each entry's link) is kept in the store's
//! directory (`watch.json`, written after each feed's articles are stored),
//! so a stopped watch resumes where it stopped. Ctrl-C stops it between two
//! feeds: nothing is half-written.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use tidings_engine::ingest::ingest_records;
use tidings_engine::Pipeline;
use tidings_fetch::{FetchConfig, Fetcher, Outcome, Page, Validators};
use tidings_ingest::IngestConfig;
use tidings_model::{Origin, RawDoc};
use tidings_store::SqliteStore;

use crate::DbArg;

/// Arguments of `tidings watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The feeds to follow: one feed URL, a file with one feed URL per line
    /// (`#` starts a comment), or an OPML file (its `xmlUrl`s).
    #[arg(value_name = "FEEDS")]
    pub feeds: String,
    /// Time between two polls: seconds, or a number with `s`, `m` or `h`.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = duration)]
    pub every: Duration,
    /// Poll once and stop (for cron, or to try a feed list).
    #[arg(long)]
    pub once: bool,
    /// Store each entry's own text from the feed instead of fetching its page.
    #[arg(long)]
    pub no_pages: bool,
    /// Who to contact about this crawler (an email or a URL): sent in the
    /// User-Agent, as sites ask.
    #[arg(long, value_name = "CONTACT", env = "TIDINGS_CONTACT")]
    pub contact: Option<String>,
    /// Least seconds between two requests to one host (a site's robots.txt
    /// Crawl-delay wins when longer).
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    pub delay: f64,
    /// Seconds to wait for a server to connect or send before giving up
    /// on a request (then retried as --retries says).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Retries of a request that failed to connect or was answered 429 or
    /// 5xx, with backoff (Retry-After honoured up to 2 minutes).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// JSON lines on standard output: one per new article, one per failure
    /// and one per poll.
    #[arg(long)]
    pub json: bool,
    /// A watchlist rules file (TOML): checked after each poll against the
    /// new articles; each match fires once, as a JSON line on standard
    /// output, to the webhook and into the RSS file the rules file names.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
}

/// `30`, `30s`, `5m`, `1h`.
fn duration(text: &str) -> std::result::Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((at, _)) => (&text[..at], &text[at..]),
        None => (text, "s"),
    };
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: write 30s, 5m or 1h"))?;
    let seconds = match unit {
        "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => return Err(format!("{text:?}: the unit is s, m or h")),
    };
    if !(seconds.is_finite() && (1.0..=7.0 * 86_400.0).contains(&seconds)) {
        return Err(format!("{text:?}: between 1s and 7 days"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// What a watch remembers between polls and runs.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    /// Feed URL → the validators of its last fetch.
    feeds: BTreeMap<String, SavedValidators>,
    /// The links (or, for an entry without a link, the document ids) of
    /// every entry stored.
    seen: BTreeSet<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct SavedValidators {
    etag: Option<String>,
    last_modified: Option<String>,
}

impl State {
    fn path(db: &Path) -> PathBuf {
        db.join("watch.json")
    }

    fn load(db: &Path) -> Result<State> {
        let path = State::path(db);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{} is damaged: remove it to start the watch afresh",
                    path.display()
                )
            }),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(State::default()),
            Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Written to a temporary file and renamed over the old one.
    fn save(&self, db: &Path) -> Result<()> {
        let path = State::path(db);
        let temp = db.join("watch.json.tmp");
        let bytes = serde_json::to_vec_pretty(self).context("cannot encode the watch state")?;
        std::fs::write(&temp, bytes)
            .and_then(|()| std::fs::rename(&temp, &path))
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

/// The feed URLs `spec` names.
fn feed_urls(spec: &str) -> Result<Vec<String>> {
    if spec.starts_with("http://") || spec.starts_with("https://") {
        return Ok(vec![spec.to_string()]);
    }
    let text = std::fs::read_to_string(spec)
        .with_context(|| format!("cannot read the feed list {spec}: give a file or a URL"))?;
    let urls: Vec<String> = if text.contains("<opml") {
        text.split("xmlUrl=")
            .skip(1)
            .filter_map(|rest| {
                let quote = rest.chars().next()?;
                let rest = &rest[quote.len_utf8()..];
                rest.find(quote)
                    .map(|end| rest[..end].replace("&amp;", "&"))
            })
            .collect()
    } else {
        text.lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect()
    };
    if urls.is_empty() {
        bail!("{spec} names no feed: one URL per line, or an OPML file with xmlUrl attributes");
    }
    Ok(urls)
}

/// What one poll did.
#[derive(Debug, Default, Serialize)]
struct PollReport {
    event: &'static str,
    poll: u64,
    feeds: usize,
    unchanged: usize,
    new_articles: usize,
    errors: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    alerts: Option<usize>,
    /// The ids of the new articles (for the rules).
    #[serde(skip)]
    new_ids: Vec<String>,
}

/// Runs `tidings watch`.
pub fn run(args: Args) -> Result<ExitCode> {
    if !(args.delay.is_finite() && args.delay >= 0.0 && args.delay <= 3600.0) {
        bail!("--delay {}: give seconds between 0 and 3600", args.delay);
    }
    if !(args.timeout.is_finite() && args.timeout >= 0.1 && args.timeout <= 3600.0) {
        bail!(
            "--timeout {}: give seconds between 0.1 and 3600",
            args.timeout
        );
    }
    if args.retries > 10 {
        bail!("--retries {}: at most 10", args.retries);
    }
    let feeds = feed_urls(&args.feeds)?;
    let rules = args
        .rules
        .as_deref()
        .map(super::alerts::load_rules)
        .transpose()?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second handler cannot be set in one process; the watch then
        // stops only between polls, which is still safe.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let mut store = SqliteStore::open(&args.db.db)
        .with_context(|| format!("cannot open the store in {}", args.db.db.display()))?;
    let pipeline = Pipeline::new().context("cannot load the language models")?;
    let fetcher = Fetcher::new(FetchConfig {
        contact: args.contact.clone(),
        delay: Duration::from_secs_f64(args.delay),
        timeout: Duration::from_secs_f64(args.timeout),
        retries: args.retries,
        ..FetchConfig::default()
    });
    let mut state = State::load(&args.db.db)?;
    let mut dispatcher = rules
        .as_ref()
        .map(|rules| {
            tidings_alert::deliver::Dispatcher::new(
                &args.db.db,
                &rules.deliver,
                super::alerts::webhook_config(args.contact.clone()),
            )
        })
        .transpose()?;
    let mut poll = 0u64;
    let mut all_failed;
    loop {
        poll += 1;
        let mut report = poll_once(
            &args, &feeds, &fetcher, &pipeline, &mut store, &mut state, &stop, poll,
        )?;
        if let (Some(rules), Some(dispatcher)) = (&rules, &mut dispatcher) {
            let (fired, errors) = super::alerts::check(&store, rules, dispatcher, &report.new_ids)?;
            for error in &errors {
                report.errors += 1;
                failure(&args, "alert", error);
            }
            report.alerts = Some(fired);
        }
        all_failed = report.errors >= feeds.len() && report.new_articles == 0;
        if args.json {
            println!(
                "{}",
                serde_json::to_string(&report).context("cannot encode a report")?
            );
        }
        let next = (!args.once).then(|| {
            jiff::Zoned::now()
                .saturating_add(jiff::SignedDuration::try_from(args.every).unwrap_or_default())
        });
        eprintln!(
            "tidings: poll {poll}: {} feeds ({} unchanged), {} new articles, {}{} errors{}",
            report.feeds,
            report.unchanged,
            report.new_articles,
            report
                .alerts
                .map(|n| format!("{n} alerts, "))
                .unwrap_or_default(),
            report.errors,
            match &next {
                Some(at) if !stop.load(Ordering::SeqCst) =>
                    format!("; next poll at {}", at.strftime("%H:%M:%S")),
                _ => String::new(),
            }
        );
        if args.once || stop.load(Ordering::SeqCst) {
            break;
        }
        let until = Instant::now() + args.every;
        while Instant::now() < until && !stop.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(200).min(until - Instant::now()));
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
    }
    if stop.load(Ordering::SeqCst) {
        eprintln!(
            "tidings: watch stopped; what was stored is kept, the next watch resumes from it"
        );
    }
    Ok(if all_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints a failure: a JSON line with `--json`, else a line on stderr.
fn failure(args: &Args, what: &str, message: &str) {
    if args.json {
        let line = serde_json::json!({"event": "error", "what": what, "error": message});
        println!("{line}");
    } else {
        eprintln!("tidings: {message}");
    }
}

#[allow(clippy::too_many_arguments)]
fn poll_once(
    args: &Args,
    feeds: &[String],
    fetcher: &Fetcher,
    pipeline: &Pipeline,
    store: &mut SqliteStore,
    state: &mut State,
    stop: &AtomicBool,
    poll: u64,
) -> Result<PollReport> {
    let mut report = PollReport {
        event: "poll",
        poll,
        feeds: feeds.len(),
        ..PollReport::default()
    };
    let config = IngestConfig::default();
    for feed in feeds {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let saved = state.feeds.get(feed);
        let validators = Validators {
            etag: saved.and_then(|v| v.etag.clone()),
            last_modified: saved.and_then(|v| v.last_modified.clone()),
        };
        let page = match fetcher.fetch(feed, &validators) {
            Ok(Outcome::Fetched(page)) => page,
            Ok(Outcome::NotModified { .. }) => {
                report.unchanged += 1;
                continue;
            }
            Err(err) => {
                report.errors += 1;
                failure(args, feed, &err.to_string());
                continue;
            }
        };
        let fresh = page.validators();
        let origin = Origin {
            path: Some(feed.clone()),
            ..Origin::default()
        };
        let mut docs: Vec<RawDoc> = Vec::new();
        // The keys of this feed's new entries, marked seen once stored.
        let mut keys: BTreeSet<String> = BTreeSet::new();
        // The validators of the sitemaps an index lists, saved once stored.
        let mut children: Vec<(String, Validators)> = Vec::new();
        if let Some(map) = tidings_ingest::format::sitemap(&page.body) {
            let links = sitemap_links(args, feed, map, fetcher, state, &mut children, &mut report);
            if args.no_pages && !links.is_empty() {
                report.errors += 1;
                failure(
                    args,
                    feed,
                    &format!("{feed} is a sitemap: its links have no text of their own, so --no-pages stores nothing from it"),
                );
            }
            for link in links {
                if args.no_pages || stop.load(Ordering::SeqCst) {
                    break;
                }
                if state.seen.contains(&link.url) || keys.contains(&link.url) {
                    continue;
                }
                let hints = tidings_model::Hints {
                    url: Some(link.url.clone()),
                    title: link.title.clone(),
                    published: link.published,
                    ..tidings_model::Hints::default()
                };
                match fetcher.fetch(&link.url, &Validators::default()) {
                    Ok(Outcome::Fetched(page)) => {
                        if let Some(doc) = page_doc(&args.db.db, page, &hints, &config)? {
                            docs.push(doc);
                        }
                        keys.insert(link.url);
                    }
                    Ok(Outcome::NotModified { .. }) => {}
                    Err(err) => {
                        report.errors += 1;
                        failure(args, &link.url, &err.to_string());
                        // A page robots.txt forbids is not asked for again;
                        // one that failed otherwise is tried next poll.
                        if matches!(err, tidings_fetch::FetchError::Forbidden { .. }) {
                            keys.insert(link.url);
                        }
                    }
                }
            }
        } else {
            for entry in tidings_ingest::read_bytes(page.body, origin, &config) {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(err) => {
                        report.errors += 1;
                        failure(args, feed, &err.to_string());
                        continue;
                    }
                };
                let key = entry
                    .hints
                    .url
                    .clone()
                    .unwrap_or_else(|| entry.id.to_string());
                if state.seen.contains(&key) || keys.contains(&key) {
                    continue;
                }
                let doc = match (&entry.hints.url, args.no_pages) {
                    (Some(url), false) => match fetcher.fetch(url, &Validators::default()) {
                        Ok(Outcome::Fetched(page)) => {
                            page_doc(&args.db.db, page, &entry.hints, &config)?.unwrap_or(entry)
                        }
                        Ok(Outcome::NotModified { .. }) => entry,
                        Err(err) => {
                            // The page cannot (or may not) be fetched: the
                            // entry's own text from the feed is stored.
                            report.errors += 1;
                            failure(
                                args,
                                url,
                                &format!("{err}; the feed entry's own text is stored"),
                            );
                            entry
                        }
                    },
                    _ => entry,
                };
                docs.push(doc);
                keys.insert(key);
            }
        }
        let stored = ingest_records(pipeline, store, docs.into_iter().map(Ok))
            .with_context(|| format!("cannot store the articles of {feed}"))?;
        for message in &stored.failed {
            report.errors += 1;
            failure(args, feed, message);
        }
        report.new_articles += stored.new.len();
        report.new_ids.extend(stored.new.iter().cloned());
        if args.json {
            for id in &stored.new {
                println!(
                    "{}",
                    serde_json::json!({"event": "article", "id": id, "feed": feed})
                );
            }
        }
        state.seen.extend(keys);
        for (child, validators) in children {
            state.feeds.insert(
                child,
                SavedValidators {
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                },
            );
        }
        state.feeds.insert(
            feed.clone(),
            SavedValidators {
                etag: fresh.etag,
                last_modified: fresh.last_modified,
            },
        );
        state.save(&args.db.db)?;
        io::stdout().flush().ok();
    }
    Ok(report)
}

/// Sitemaps an index may list that are followed in one poll.
const MAX_CHILD_SITEMAPS: usize = 200;

/// The page links of a sitemap; for a sitemap index, of the sitemaps it
/// lists (each fetched with a conditional GET, its validators put in
/// `children`; an index inside an index is not followed).
fn sitemap_links(
    args: &Args,
    feed: &str,
    map: tidings_ingest::format::Sitemap,
    fetcher: &Fetcher,
    state: &State,
    children: &mut Vec<(String, Validators)>,
    report: &mut PollReport,
) -> Vec<tidings_ingest::format::SitemapLink> {
    if let Some(why) = &map.broken {
        report.errors += 1;
        failure(
            args,
            feed,
            &format!("the sitemap breaks at {why}; the links before the break are read"),
        );
    }
    if !map.index {
        return map.links;
    }
    if map.links.len() > MAX_CHILD_SITEMAPS {
        report.errors += 1;
        failure(
            args,
            feed,
            &format!(
                "the sitemap index lists {} sitemaps; the first {MAX_CHILD_SITEMAPS} are read",
                map.links.len()
            ),
        );
    }
    let mut links = Vec::new();
    for child in map.links.into_iter().take(MAX_CHILD_SITEMAPS) {
        let saved = state.feeds.get(&child.url);
        let validators = Validators {
            etag: saved.and_then(|v| v.etag.clone()),
            last_modified: saved.and_then(|v| v.last_modified.clone()),
        };
        match fetcher.fetch(&child.url, &validators) {
            Ok(Outcome::Fetched(page)) => match tidings_ingest::format::sitemap(&page.body) {
                Some(inner) if !inner.index => {
                    children.push((child.url, page.validators()));
                    links.extend(inner.links);
                }
                _ => {
                    report.errors += 1;
                    failure(
                        args,
                        &child.url,
                        "listed in a sitemap index, but not a sitemap of pages (an index in an index is not followed)",
                    );
                }
            },
            Ok(Outcome::NotModified { .. }) => {}
            Err(err) => {
                report.errors += 1;
                failure(args, &child.url, &err.to_string());
            }
        }
    }
    links
}

/// The fetched page of a feed entry as a document: the page read as its
/// bytes say (HTML, text), with the entry's title, date and authors where
/// the page gives none, the final URL and the time of the fetch. The page
/// as the server sent it (URL, status, headers, body, date) is first
/// appended to the store directory's archive of the day
/// (`fetched/YYYY-MM-DD.warc.gz`), so it can be ingested again.
fn page_doc(
    db: &Path,
    page: Page,
    entry: &tidings_model::Hints,
    config: &IngestConfig,
) -> Result<Option<RawDoc>> {
    let fetched = jiff::Timestamp::now();
    archive(db, &page, fetched)?;
    let origin = Origin {
        path: Some(page.url.clone()),
        ..Origin::default()
    };
    let Some(mut doc) = tidings_ingest::read_bytes(page.body, origin, config).find_map(Result::ok)
    else {
        return Ok(None);
    };
    doc.hints.url = Some(page.url);
    doc.hints.title = doc.hints.title.or_else(|| entry.title.clone());
    doc.hints.published = doc.hints.published.or(entry.published);
    if doc.hints.authors.is_empty() {
        doc.hints.authors = entry.authors.clone();
    }
    doc.fetched = Some(fetched);
    Ok(Some(doc))
}

/// Appends `page` as a WARC response record to `DB/fetched/DAY.warc.gz`
/// (the UTC day of `fetched`), one gzip member per record.
fn archive(db: &Path, page: &Page, fetched: jiff::Timestamp) -> Result<()> {
    let dir = db.join("fetched");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("{}.warc.gz", fetched.strftime("%Y-%m-%d")));
    let response = tidings_ingest::warc_write::Response {
        url: &page.url,
        status: page.status,
        headers: &page.headers,
        body: &page.body,
        fetched,
    };
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| tidings_ingest::warc_write::write_response(&mut file, &response))
        .with_context(|| format!("cannot archive {} in {}", page.url, path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_feed_lists() {
        assert_eq!(duration("30").unwrap(), Duration::from_secs(30));
        assert_eq!(duration("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(duration("1h").unwrap(), Duration::from_secs(3600));
        assert!(duration("0s").is_err());
        assert!(duration("5 weeks").is_err());
        assert!(duration("soon").is_err());
        assert_eq!(
            feed_urls("https://courier.example/rss").unwrap(),
            ["https://courier.example/rss"]
        );
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("feeds.txt");
        std::fs::write(
            &list,
            "# harbour news\nhttps://a.example/rss\n\nhttps://b.example/atom # Portavel\n",
        )
        .unwrap();
        assert_eq!(
            feed_urls(list.to_str().unwrap()).unwrap(),
            ["https://a.example/rss", "https://b.example/atom"]
        );
        let opml = dir.path().join("feeds.opml");
        std::fs::write(&opml, r#"<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss?x=1&amp;y=2"/><outline xmlUrl='https://b.example/atom'/></body></opml>"#).unwrap();
        assert_eq!(
            feed_urls(opml.to_str().unwrap()).unwrap(),
            ["https://a.example/rss?x=1&y=2", "https://b.example/atom"]
        );
        let empty = dir.path().join("none.txt");
        std::fs::write(&empty, "# nothing\n").unwrap();
        assert!(feed_urls(empty.to_str().unwrap()).is_err());
    }
}
