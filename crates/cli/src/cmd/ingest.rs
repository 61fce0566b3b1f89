//! `tidings ingest`: files, folders and URLs in, clean articles stored.
//!
//! A URL (named as an argument, or by an OPML file or a list of URLs named
//! as an argument) is fetched politely and sniffed as `tidings watch`
//! does ([`tidings_engine::crawl`]): a feed's entries and a sitemap's pages
//! become documents, with their pages fetched and archived in
//! `DIR/fetched/`; a page becomes one document. The URLs are read after
//! the files, in the order given.
//!
//! Three threads share the work: a reader walks the files in a fixed order and
//! sends documents and failures; the main thread cuts them into batches and
//! cleans each batch on every core ([`Pipeline::process_batch`]); a writer
//! commits each batch in one transaction and only then reports its documents
//! as stored. Batch boundaries depend only on the input order, so the result is
//! the same whatever the number of cores.

use std::fs::OpenOptions;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use tidings_ingest::IngestConfig;
use tidings_model::{Origin, Published, RawDoc};
use tidings_store::{PutOutcome, SqliteStore, Store};

use crate::output::count;
use crate::sources::FetchArgs;
use crate::DbArg;
use tidings_engine::crawl::{Crawler, Memory, Note, NoteKind};
use tidings_engine::{Pipeline, Processed, RunState};

/// Arguments of `tidings ingest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to ingest (folders are walked recursively, dotfiles
    /// skipped), http(s) URLs to fetch (a feed, a sitemap or a page), and
    /// files that name URLs: an OPML file, or a file with one URL per line.
    #[arg(required = true, value_name = "PATH|URL")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Publication date for documents that carry none, e.g. plain-text files.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Published>,
    /// Site name for documents without a URL (plain text): groups them for
    /// template detection and shows in results.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Print one JSON line per document instead of a progress bar, then a
    /// final {"summary": …} line. Each line has a "status": "new" (stored for
    /// the first time, with its id, title and lang), "present" (already in
    /// the store, or repeated in this run), "failed" (could not be read or
    /// stored, with a reason; the exit code is 1), "skipped" (passed over on
    /// purpose, with a reason: a WARC response that is not HTML or not 2xx)
    /// or "warning" (a record kept whole or in part despite damage, with
    /// what was lost: a body cut short, a wrong length resynchronised).
    #[arg(long)]
    pub json: bool,
    /// Documents cleaned and committed together in one transaction.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub batch: usize,
    /// Worker threads for cleaning (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no per-failure lines; the summary is still printed.
    #[arg(long, short)]
    pub quiet: bool,
    /// Do not place the new articles in stories (no duplicate detection,
    /// no story clustering): faster, and `tidings recluster` can place them
    /// later.
    #[arg(long)]
    pub no_stories: bool,
    /// For a feed URL, store each entry's own text instead of fetching its page.
    #[arg(long)]
    pub no_pages: bool,
    /// Also log failures and warnings as JSON lines to FILE (appended).
    /// A store directory logs them to DIR/failures.jsonl as well; a
    /// PostgreSQL store has no directory, so give this to keep a file.
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// What the reader thread sends.
pub(crate) enum Item {
    Doc(Box<RawDoc>),
    Failed(Failure),
    /// A record passed over on purpose (a WARC response holding an image).
    Skipped(Skip),
    /// Damage beside what was kept (a record cut short, resynchronised).
    Warned(Failure),
    FileDone,
}

/// A document or file that could not be ingested.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// `FILE[#RECORD]`.
    pub origin: String,
    /// Why.
    pub reason: String,
}

/// A record passed over on purpose.
pub(crate) struct Skip {
    /// For the JSON line: the file, and the whole message.
    pub(crate) failure: Failure,
    /// `FILE#RECORD`.
    pub(crate) record: String,
    /// Why, on its own (`payload is image/png, not HTML`).
    pub(crate) why: String,
}

/// Counts of one run.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    /// Files read.
    pub files: u64,
    /// URLs fetched (feeds, sitemaps and pages named by the arguments).
    pub urls: u64,
    /// Documents stored for the first time.
    pub new: u64,
    /// Documents already in the store (or repeated in this run).
    pub present: u64,
    /// Files or records that failed.
    pub failed: u64,
    /// Records passed over on purpose (non-HTML or non-2xx WARC responses).
    pub skipped: u64,
    /// Records kept despite damage (cut short, resynchronised); not failures.
    pub warnings: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The first articles stored, for the human summary.
    #[serde(skip)]
    pub found: Vec<String>,
    /// The records skipped, as (`FILE#RECORD`, why), for the human summary.
    #[serde(skip)]
    pub skips: Vec<(String, String)>,
}

/// How many stored articles the human summary lists by title.
pub(crate) const FOUND_LISTED: usize = 20;

#[derive(Serialize)]
struct DocLine<'a> {
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Runs `tidings ingest`.
pub fn run(args: Args) -> Result<std::process::ExitCode> {
    let inputs = crate::sources::split(&args.paths);
    // The fetch options are checked even when no URL is given.
    let fetcher = Arc::new(args.fetch.fetcher()?);
    let options = IngestOptions {
        ingest: IngestConfig {
            date: args.date,
            source: args.source.clone(),
            ..IngestConfig::default()
        },
        batch: args.batch.max(1),
        threads: args.threads,
        json: args.json,
        quiet: args.quiet,
        stories: !args.no_stories,
        web: (!inputs.urls.is_empty()).then(|| Web {
            urls: inputs.urls,
            fetcher,
            pages: !args.no_pages,
        }),
        problems: inputs.problems,
        failures: args.failures.clone(),
    };
    let summary = ingest(&inputs.paths, &args.db.db, &Pipeline::new()?, &options)?;
    if args.json {
        let mut stdout = io::stdout().lock();
        crate::output::json_line(&mut stdout, &serde_json::json!({ "summary": summary }))?;
    } else {
        print_summary(&summary, &args.db.db, args.failures.as_deref());
    }
    Ok(if summary.failed > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    })
}

/// Settings of one ingest run.
pub struct IngestOptions {
    /// Ingest settings (date, source, limits).
    pub ingest: IngestConfig,
    /// Documents per batch.
    pub batch: usize,
    /// Cleaning threads.
    pub threads: Option<usize>,
    /// JSON lines on stdout.
    pub json: bool,
    /// No progress bar, no failure lines.
    pub quiet: bool,
    /// Place the new articles in stories (the dedup stage).
    pub stories: bool,
    /// URLs to fetch after the files.
    pub web: Option<Web>,
    /// List files named as arguments that broke or name nothing.
    pub problems: Vec<crate::sources::Problem>,
    /// A file that failures and warnings are logged to, besides the store
    /// directory's failures.jsonl.
    pub failures: Option<PathBuf>,
}

/// The URLs of one ingest run and how to fetch them.
pub struct Web {
    /// Feeds, sitemaps and pages, in order.
    pub urls: Vec<String>,
    /// The polite fetcher.
    pub fetcher: Arc<tidings_fetch::Fetcher>,
    /// Fetch each feed entry's page.
    pub pages: bool,
}

/// Ingests `paths` (and the URLs of `options.web`) into the store in
/// `db`; used by `ingest` and `bench`.
pub fn ingest(
    paths: &[PathBuf],
    db: &Path,
    pipeline: &Pipeline,
    options: &IngestOptions,
) -> Result<Summary> {
    let started = Instant::now();
    let urls: &[String] = options.web.as_ref().map_or(&[], |web| &web.urls);
    let problems = &options.problems;
    // Nothing is created when no input can be read: the command could not run.
    let discovery = tidings_ingest::discover(paths);
    if discovery.files.is_empty()
        && urls.is_empty()
        && (!discovery.errors.is_empty() || !problems.is_empty())
    {
        let errors: Vec<String> = discovery
            .errors
            .iter()
            .map(|e| e.to_string())
            .chain(problems.iter().map(|p| format!("{} {}", p.file, p.why)))
            .collect();
        anyhow::bail!("nothing to ingest: {}", errors.join("; "));
    }
    if let Some(url) = db.to_str().filter(|db| tidings_store::is_postgres_url(db)) {
        if !urls.is_empty() {
            anyhow::bail!(
                "{} URL(s) given: tidings ingest fetches URLs into a store directory only, not into PostgreSQL yet; \
                 fetch them into a directory store (its pages are archived in DIR/fetched/*.warc.gz) and ingest that archive here",
                urls.len()
            );
        }
        return super::work::ingest(discovery, url, pipeline, options, started);
    }
    let writer = SqliteStore::open(db)
        .with_context(|| format!("cannot open the store in {}", db.display()))?;
    let mut reader_store = SqliteStore::open(db)
        .with_context(|| format!("cannot open the store in {}", db.display()))?;
    let mut state = if options.stories {
        RunState::placing(pipeline.resume_placing(&reader_store)?)
    } else {
        RunState::default()
    };
    if let Some(threads) = options.threads {
        // The global pool can be sized once per process; a second call (bench
        // after bench in tests) keeps the first size, which is harmless.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global();
    }

    let progress = progress_bar((discovery.files.len() + urls.len()) as u64, options);
    let reporter = Reporter::new(
        std::iter::once(db.join("failures.jsonl"))
            .chain(options.failures.clone())
            .collect(),
        options.json,
        options.quiet,
        progress.clone(),
    );
    for error in &discovery.errors {
        reporter.fail(&Failure {
            origin: error_origin(error),
            reason: error.to_string(),
        });
    }
    let mut summary = Summary {
        files: discovery.files.len() as u64,
        urls: urls.len() as u64,
        failed: discovery.errors.len() as u64,
        ..Summary::default()
    };
    for problem in problems {
        let failure = Failure {
            origin: problem.file.clone(),
            reason: problem.why.clone(),
        };
        if problem.failed {
            summary.failed += 1;
            reporter.fail(&failure);
        } else {
            summary.warnings += 1;
            reporter.warn(&failure);
        }
    }

    let (item_tx, item_rx) = sync_channel::<Item>(options.batch * 2);
    let (batch_tx, batch_rx) = sync_channel::<Vec<Processed>>(1);
    let files = discovery.files;
    let config = options.ingest.clone();
    let web = options.web.as_ref().map(|web| Web {
        urls: web.urls.clone(),
        fetcher: web.fetcher.clone(),
        pages: web.pages,
    });
    let archive = db.to_path_buf();
    let reader = thread::spawn(move || {
        read_all(&files, &config, &item_tx);
        if let Some(web) = web {
            fetch_all(&web, &archive, &config, &item_tx);
        }
    });
    let writer_reporter = reporter.clone();
    let writer = thread::spawn(move || write_all(writer, &batch_rx, &writer_reporter));

    let mut batch = Vec::with_capacity(options.batch);
    let mut flush = |batch: Vec<RawDoc>, summary: &mut Summary| -> Result<()> {
        let result = pipeline.process_batch(batch, &mut state, &reader_store);
        for origin in result.skipped {
            summary.present += 1;
            reporter.present(&origin);
        }
        for (origin, reason) in result.errors {
            summary.failed += 1;
            reporter.fail(&Failure {
                origin: origin.to_string(),
                reason,
            });
        }
        batch_tx
            .send(result.processed)
            .map_err(|_| anyhow::anyhow!("the store writer stopped early"))
    };
    for item in item_rx {
        match item {
            Item::Doc(raw) => {
                batch.push(*raw);
                if batch.len() >= options.batch {
                    flush(std::mem::take(&mut batch), &mut summary)?;
                }
            }
            Item::Failed(failure) => {
                summary.failed += 1;
                reporter.fail(&failure);
            }
            Item::Skipped(skip) => {
                summary.skipped += 1;
                reporter.skip(&skip.failure);
                summary.skips.push((skip.record, skip.why));
            }
            Item::Warned(warning) => {
                summary.warnings += 1;
                reporter.warn(&warning);
            }
            Item::FileDone => progress.inc(1),
        }
    }
    if !batch.is_empty() {
        flush(batch, &mut summary)?;
    }
    drop(batch_tx);
    reader
        .join()
        .map_err(|_| anyhow::anyhow!("the file reader crashed"))?;
    let written = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the store writer crashed"))??;
    summary.new += written.new;
    summary.present += written.present;
    summary.failed += written.failed;
    summary.found = written.found;
    if let Some(placing) = state.placing_state() {
        // The snapshot lets the next run go on without replaying this one.
        let stored_next = reader_store
            .next_seq()
            .context("cannot read the stored placements")?;
        match placing.snapshot(stored_next) {
            Some(snapshot) => reader_store
                .save_dedup_snapshot(&snapshot)
                .context("cannot save the dedup snapshot")?,
            None => eprintln!(
                "tidings: warning: not every placement was stored; the next ingest replays them"
            ),
        }
    }
    progress.finish_and_clear();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

pub(crate) fn error_origin(error: &tidings_ingest::Error) -> String {
    error
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<input>".into())
}

/// Reads every file in order and sends its documents; never stops on a bad file.
fn read_all(files: &[PathBuf], config: &IngestConfig, tx: &SyncSender<Item>) {
    for path in files {
        for record in tidings_ingest::read_path(path, config) {
            if tx.send(item_of(record)).is_err() {
                return;
            }
        }
        if tx.send(Item::FileDone).is_err() {
            return;
        }
    }
}

/// Fetches every URL as `tidings watch` would (without its memory of
/// earlier polls: each page is fetched, the store tells what it holds
/// already) and sends its documents, failures, warnings and skips; never
/// stops on a bad URL.
fn fetch_all(web: &Web, archive: &Path, config: &IngestConfig, tx: &SyncSender<Item>) {
    let crawler = Crawler {
        pages: web.pages,
        ..Crawler::new(&web.fetcher, Some(archive), config)
    };
    // Within the run, a page two feeds list is fetched once.
    let mut memory = Memory::default();
    for url in &web.urls {
        let mut items = Vec::new();
        match crawler.crawl(url, &memory) {
            Ok(harvest) => {
                for note in harvest.notes {
                    items.push(note_item(note));
                }
                items.extend(harvest.docs.into_iter().map(|doc| Item::Doc(Box::new(doc))));
                memory.remember(harvest.found);
            }
            Err(error) => items.push(Item::Failed(Failure {
                origin: url.clone(),
                reason: error.to_string(),
            })),
        }
        items.push(Item::FileDone);
        for item in items {
            if tx.send(item).is_err() {
                return;
            }
        }
    }
}

/// A crawl's note as ingest reports it: a failure, a warning (something
/// was kept) or a skip (robots.txt, a sitemap read once or past a bound).
fn note_item(note: Note) -> Item {
    let failure = Failure {
        origin: note.url.clone(),
        reason: note.message.clone(),
    };
    match note.kind {
        NoteKind::Failed => Item::Failed(failure),
        NoteKind::Warning => Item::Warned(failure),
        NoteKind::Skipped => {
            let why = note
                .message
                .strip_prefix(&format!("{}: ", note.url))
                .unwrap_or(&note.message)
                .to_string();
            Item::Skipped(Skip {
                record: note.url,
                why,
                failure,
            })
        }
    }
}

/// What one record read from a file is: a document, a failure, a record
/// skipped on purpose, or a warning about damage beside what was kept.
pub(crate) fn item_of(record: std::result::Result<RawDoc, tidings_ingest::Error>) -> Item {
    match record {
        Ok(raw) => Item::Doc(Box::new(raw)),
        Err(err) => {
            let failure = Failure {
                origin: error_origin(&err),
                reason: err.to_string(),
            };
            if err.is_warning() {
                Item::Warned(failure)
            } else if let tidings_ingest::Error::Skipped {
                path,
                record,
                reason,
                ..
            } = &err
            {
                Item::Skipped(Skip {
                    record: format!("{}#{record}", path.display()),
                    why: reason.clone(),
                    failure,
                })
            } else {
                Item::Failed(failure)
            }
        }
    }
}

/// Commits batches in order; reports each document only after its commit.
fn write_all(
    mut store: SqliteStore,
    rx: &Receiver<Vec<Processed>>,
    reporter: &Reporter,
) -> Result<Summary> {
    let mut summary = Summary::default();
    for batch in rx {
        if batch.is_empty() {
            continue;
        }
        let puts: Vec<_> = batch.iter().map(Processed::as_put).collect();
        match store.put_batch(&puts) {
            Ok(outcomes) => {
                for (item, outcome) in batch.iter().zip(outcomes) {
                    match outcome {
                        PutOutcome::New => {
                            summary.new += 1;
                            reporter.stored(item);
                            if summary.found.len() < FOUND_LISTED {
                                summary.found.push(found_line(item));
                            }
                        }
                        PutOutcome::AlreadyPresent => {
                            summary.present += 1;
                            reporter.present(&item.raw.origin);
                        }
                    }
                }
            }
            Err(err) => {
                // The transaction rolled back: none of the batch is stored.
                for item in &batch {
                    summary.failed += 1;
                    reporter.fail(&Failure {
                        origin: item.raw.origin.to_string(),
                        reason: format!("not stored: {err}"),
                    });
                }
            }
        }
    }
    Ok(summary)
}

/// Prints per-document lines and failures, and appends failures to the log.
#[derive(Clone)]
pub(crate) struct Reporter {
    json: bool,
    quiet: bool,
    progress: ProgressBar,
    /// Files failures are appended to: the store directory's
    /// failures.jsonl and `--failures FILE` (a PostgreSQL store has only
    /// the latter; failures are printed and counted either way).
    failure_logs: Vec<PathBuf>,
    /// Articles stored so far, for the progress bar (a WARC file holds many).
    stored: Arc<AtomicU64>,
}

impl Reporter {
    pub(crate) fn new(
        failure_logs: Vec<PathBuf>,
        json: bool,
        quiet: bool,
        progress: ProgressBar,
    ) -> Reporter {
        Reporter {
            json,
            quiet,
            progress,
            failure_logs,
            stored: Arc::new(AtomicU64::new(0)),
        }
    }

    fn line(&self, line: &DocLine<'_>) {
        if self.json {
            let mut stdout = io::stdout().lock();
            // A closed pipe must not stop the ingest: stored is stored.
            let _ = crate::output::json_line(&mut stdout, line);
        }
    }

    pub(crate) fn stored(&self, item: &Processed) {
        let stored = self.stored.fetch_add(1, Ordering::Relaxed) + 1;
        if stored % 64 == 1 {
            self.progress
                .set_message(format!("{stored} articles stored"));
        }
        self.line(&DocLine {
            status: "new",
            id: Some(item.article.id.as_str()),
            origin: item.raw.origin.to_string(),
            title: item.article.title.as_deref(),
            lang: item.article.lang.as_deref(),
            reason: None,
        });
    }

    pub(crate) fn present(&self, origin: &Origin) {
        self.line(&DocLine {
            status: "present",
            id: None,
            origin: origin.to_string(),
            title: None,
            lang: None,
            reason: None,
        });
    }

    pub(crate) fn skip(&self, skip: &Failure) {
        self.line(&DocLine {
            status: "skipped",
            id: None,
            origin: skip.origin.clone(),
            title: None,
            lang: None,
            reason: Some(&skip.reason),
        });
    }

    pub(crate) fn fail(&self, failure: &Failure) {
        self.report("failed", "", failure);
    }

    /// Damage beside what was kept: printed and logged like a failure, but
    /// as a warning, and it does not make the run fail.
    pub(crate) fn warn(&self, warning: &Failure) {
        self.report("warning", "warning: ", warning);
    }

    fn report(&self, status: &'static str, prefix: &str, failure: &Failure) {
        self.line(&DocLine {
            status,
            id: None,
            origin: failure.origin.clone(),
            title: None,
            lang: None,
            reason: Some(&failure.reason),
        });
        if !self.json && !self.quiet {
            let message = if failure.reason.starts_with(&failure.origin) {
                format!("tidings: {prefix}{}", failure.reason)
            } else {
                format!("tidings: {prefix}{}: {}", failure.origin, failure.reason)
            };
            self.progress.suspend(|| eprintln!("{message}"));
        }
        for failure_log in &self.failure_logs {
            let logged = OpenOptions::new()
                .create(true)
                .append(true)
                .open(failure_log)
                .and_then(|mut file| {
                    let mut line = serde_json::to_vec(failure).map_err(io::Error::other)?;
                    line.push(b'\n');
                    file.write_all(&line)
                });
            if let Err(err) = logged {
                self.progress.suspend(|| {
                    eprintln!(
                        "tidings: warning: cannot log failure to {}: {err}",
                        failure_log.display()
                    )
                });
            }
        }
    }
}

pub(crate) fn progress_bar(files: u64, options: &IngestOptions) -> ProgressBar {
    if options.quiet || options.json || !io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(files), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(files);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files  {msg}  eta {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

pub(crate) fn found_line(item: &Processed) -> String {
    let article = &item.article;
    format!(
        "{} [{}] {}, {} removed  ({})",
        article.title.as_deref().unwrap_or("(untitled)"),
        article.lang.as_deref().unwrap_or("?"),
        count(article.paragraphs.len() as u64, "paragraph", "paragraphs"),
        count(article.removed.len() as u64, "block", "blocks"),
        item.raw.origin
    )
}

fn print_summary(summary: &Summary, db: &Path, failures: Option<&Path>) {
    for line in &summary.found {
        println!("  + {line}");
    }
    if summary.new as usize > summary.found.len() {
        println!(
            "  … and {} more",
            summary.new as usize - summary.found.len()
        );
    }
    let rate = if summary.seconds > 0.0 {
        (summary.new + summary.present) as f64 / summary.seconds
    } else {
        0.0
    };
    let warnings = if summary.warnings > 0 {
        format!(", {}", count(summary.warnings, "warning", "warnings"))
    } else {
        String::new()
    };
    let urls = if summary.urls > 0 {
        format!(", {}", count(summary.urls, "URL", "URLs"))
    } else {
        String::new()
    };
    println!(
        "{}{urls}: {}, {} already present, {} failed, {} skipped{warnings} ({:.1}s, {:.0} docs/s)",
        count(summary.files, "file", "files"),
        count(summary.new, "new article", "new articles"),
        summary.present,
        summary.failed,
        summary.skipped,
        summary.seconds,
        rate
    );
    print_skips(&summary.skips);
    let name = tidings_store::redacted(&db.display().to_string());
    let postgres = tidings_store::is_postgres_url(&name);
    if summary.failed > 0 || summary.warnings > 0 {
        let logs: Vec<String> = (!postgres)
            .then(|| db.join("failures.jsonl"))
            .into_iter()
            .chain(failures.map(Path::to_path_buf))
            .map(|path| path.display().to_string())
            .collect();
        if logs.is_empty() {
            println!(
                "failures and warnings are listed above (--failures FILE keeps them in a file)"
            );
        } else {
            println!(
                "failures and warnings are listed above and logged to {}",
                logs.join(" and ")
            );
        }
    }
    println!("store: {name}");
}

/// How many records of a reason the summary names before `…`.
const SKIPS_NAMED: usize = 3;

/// One line per reason records were skipped for, most frequent first:
/// `2 skipped: payload is image/png, not HTML (a.warc.gz#8, a.warc.gz#9)`.
fn print_skips(skips: &[(String, String)]) {
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (record, why) in skips {
        match reasons.iter_mut().find(|(reason, _)| reason == why) {
            Some((_, records)) => records.push(record),
            None => reasons.push((why, vec![record])),
        }
    }
    reasons.sort_by_key(|(_, records)| std::cmp::Reverse(records.len()));
    for (why, records) in reasons {
        let mut named = records[..records.len().min(SKIPS_NAMED)].join(", ");
        if records.len() > SKIPS_NAMED {
            named.push_str(&format!(", … {} more", records.len() - SKIPS_NAMED));
        }
        println!("{} skipped: {why} ({named})", records.len());
    }
}
