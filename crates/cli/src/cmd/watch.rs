//! `tidings watch FEEDS`: follows feeds. Each poll fetches every feed
//! politely (robots.txt, a delay per host, conditional GET), reads its
//! entries, fetches the page of each entry not seen before, and ingests the
//! new articles through the same pipeline as `tidings ingest`. What was seen
//! (each feed's validators, each entry's link) is kept in the store's
//! directory (`watch.json`, written after each feed's articles are stored),
//! so a stopped watch resumes where it stopped. Ctrl-C stops it between two
//! feeds: nothing is half-written.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Serialize;
use tidings_engine::crawl::{Crawler, Memory, SourceKind};
use tidings_engine::ingest::ingest_records;
use tidings_engine::Pipeline;
use tidings_fetch::Fetcher;
use tidings_ingest::IngestConfig;
use tidings_store::SqliteStore;

use crate::sources::FetchArgs;
use crate::DbArg;

/// Arguments of `tidings watch`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The feeds to follow: feed or sitemap URLs, files with one URL per
    /// line (`#` starts a comment), or OPML files (every outline's
    /// `xmlUrl`, nested outlines too); the same kinds `tidings ingest`
    /// takes. A URL that is a page is stored as one document.
    #[arg(value_name = "FEEDS", required = true)]
    pub feeds: Vec<String>,
    /// Time between two polls: seconds, or a number with `s`, `m` or `h`.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = duration)]
    pub every: Duration,
    /// Poll once and stop (for cron, or to try a feed list).
    #[arg(long)]
    pub once: bool,
    /// Store each entry's own text from the feed instead of fetching its page.
    #[arg(long)]
    pub no_pages: bool,
    #[command(flatten)]
    pub fetch: FetchArgs,
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

/// Reads and writes the watch's [`Memory`] in `DIR/watch.json`.
struct State;

impl State {
    fn path(db: &Path) -> PathBuf {
        db.join("watch.json")
    }

    fn load(db: &Path) -> Result<Memory> {
        let path = State::path(db);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{} is damaged: remove it to start the watch afresh",
                    path.display()
                )
            }),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Memory::default()),
            Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Written to a temporary file and renamed over the old one.
    fn save(memory: &Memory, db: &Path) -> Result<()> {
        let path = State::path(db);
        let temp = db.join("watch.json.tmp");
        let bytes = serde_json::to_vec_pretty(memory).context("cannot encode the watch state")?;
        std::fs::write(&temp, bytes)
            .and_then(|()| std::fs::rename(&temp, &path))
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

/// The URLs the FEEDS arguments name: each a URL, a file with one URL per
/// line, or an OPML file (see [`crate::sources::urls_of`]).
fn feed_urls(specs: &[String]) -> Result<Vec<String>> {
    let mut urls: Vec<String> = Vec::new();
    for spec in specs {
        for url in crate::sources::urls_of(spec)? {
            if !urls.contains(&url) {
                urls.push(url);
            }
        }
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
    let fetcher = args.fetch.fetcher()?;
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
    let mut memory = State::load(&args.db.db)?;
    let mut dispatcher = rules
        .as_ref()
        .map(|rules| {
            tidings_alert::deliver::Dispatcher::new(
                &args.db.db,
                &rules.deliver,
                super::alerts::webhook_config(args.fetch.contact.clone()),
            )
        })
        .transpose()?;
    let mut poll = 0u64;
    let mut all_failed;
    loop {
        poll += 1;
        let mut report = poll_once(
            &args,
            &feeds,
            &fetcher,
            &pipeline,
            &mut store,
            &mut memory,
            &stop,
            poll,
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
    memory: &mut Memory,
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
    let crawler = Crawler {
        pages: !args.no_pages,
        stop: Some(stop),
        ..Crawler::new(fetcher, Some(&args.db.db), &config)
    };
    for feed in feeds {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let harvest = crawler.crawl(feed, memory)?;
        if harvest.kind == SourceKind::Unchanged {
            report.unchanged += 1;
        }
        for note in &harvest.notes {
            report.errors += 1;
            failure(args, &note.url, &note.message);
        }
        let stored = ingest_records(pipeline, store, harvest.docs.into_iter().map(Ok))
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
        memory.remember(harvest.found);
        State::save(memory, &args.db.db)?;
        io::stdout().flush().ok();
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_feed_arguments() {
        assert_eq!(duration("30").unwrap(), Duration::from_secs(30));
        assert_eq!(duration("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(duration("1h").unwrap(), Duration::from_secs(3600));
        assert!(duration("0s").is_err());
        assert!(duration("5 weeks").is_err());
        assert!(duration("soon").is_err());
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("feeds.txt");
        std::fs::write(&list, "https://a.example/rss\nhttps://b.example/atom\n").unwrap();
        assert_eq!(
            feed_urls(&[
                "https://b.example/atom".to_string(),
                list.display().to_string()
            ])
            .unwrap(),
            ["https://b.example/atom", "https://a.example/rss"]
        );
        let empty = dir.path().join("none.txt");
        std::fs::write(&empty, "# nothing\n").unwrap();
        assert!(feed_urls(&[empty.display().to_string()]).is_err());
    }
}
