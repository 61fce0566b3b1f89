//! Many `tidings ingest` processes, on one or many machines, sharing one
//! PostgreSQL store; and `tidings workers`, who works on what.
//!
//! Every process registers the input files as jobs (each file once, in the
//! order given), then claims them one at a time (`FOR UPDATE SKIP LOCKED`)
//! for a lease it renews after each batch; a worker that dies lets its lease
//! run out and the next claim takes the job over. Documents are stored by
//! their content hash, so a document read twice is stored once, kept from
//! the first place one process would have read it at (a worker that reads
//! an earlier place than the stored one's puts its record in place of it).
//! Where each was kept from (job, position) is recorded, and one clusterer at a time
//! (an advisory lock) places the stored articles in that order once every
//! job before theirs is done: the stories and duplicates are those one
//! process reading every file in order would have found.

use std::path::PathBuf;
#[cfg(not(feature = "postgres"))]
use std::time::Instant;

#[cfg(not(feature = "postgres"))]
use anyhow::Result;
#[cfg(not(feature = "postgres"))]
use tidings_engine::Pipeline;
#[cfg(not(feature = "postgres"))]
use tidings_ingest::Discovery;

#[cfg(not(feature = "postgres"))]
use super::ingest::{IngestOptions, Summary};

/// How long a claimed job stays a worker's without news from it, unless
/// `TIDINGS_LEASE_SECONDS` says otherwise.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
const LEASE_SECONDS: f64 = 60.0;

/// Arguments of `tidings workers`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print one JSON object: {"jobs": {…}, "workers": […]}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: crate::DbArg,
}

#[cfg(not(feature = "postgres"))]
pub(crate) fn ingest(
    _discovery: Discovery,
    url: &str,
    _pipeline: &Pipeline,
    _options: &IngestOptions,
    _started: Instant,
) -> Result<Summary> {
    Err(tidings_store::Error::NoPostgresSupport {
        target: tidings_store::redacted(url),
    }
    .into())
}

#[cfg(not(feature = "postgres"))]
pub fn run(args: Args) -> Result<std::process::ExitCode> {
    Err(tidings_store::Error::NoPostgresSupport {
        target: args.db.name(),
    }
    .into())
}

#[cfg(feature = "postgres")]
pub(crate) use pg::{ingest, run};

/// The lease, from `TIDINGS_LEASE_SECONDS` when it holds a positive number.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
fn lease_seconds() -> f64 {
    std::env::var("TIDINGS_LEASE_SECONDS")
        .ok()
        .and_then(|text| text.parse::<f64>().ok())
        .filter(|secs| secs.is_finite() && *secs > 0.0)
        .unwrap_or(LEASE_SECONDS)
}

/// This process as `tidings workers` names it: `host:pid`.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
fn worker_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|name| name.trim().to_string())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".into());
    format!("{host}:{}", std::process::id())
}

/// A job's path as registered: as given (the documents' origins name it
/// so, as in a SQLite store); workers on other machines or in other folders
/// must see the files under the same path (give absolute paths).
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
fn job_path(path: &std::path::Path) -> PathBuf {
    path.to_path_buf()
}

#[cfg(feature = "postgres")]
mod pg {
    use std::collections::HashSet;
    use std::io::{self, Write};
    use std::path::Path;
    use std::process::ExitCode;
    use std::time::{Instant, UNIX_EPOCH};

    use anyhow::{Context, Result};
    use tidings_engine::{Pipeline, Placing, Processed, RunState};
    use tidings_ingest::Discovery;
    use tidings_model::{DocId, RawDoc};
    use tidings_store::{JobCounts, JobInput, Kept, PgStore, Store};

    use super::super::ingest::{
        error_origin, found_line, item_of, progress_bar, Failure, IngestOptions, Item, Reporter,
        Summary, FOUND_LISTED,
    };
    use super::{job_path, lease_seconds, worker_name, Args};

    fn open(url: &str) -> Result<PgStore> {
        PgStore::open(url)
            .with_context(|| format!("cannot open the store in {}", tidings_store::redacted(url)))
    }

    /// `tidings ingest` on a PostgreSQL store: register, claim, process,
    /// store, cluster, until no job is left.
    pub(crate) fn ingest(
        discovery: Discovery,
        url: &str,
        pipeline: &Pipeline,
        options: &IngestOptions,
        started: Instant,
    ) -> Result<Summary> {
        let mut store = open(url)?;
        let reader = open(url)?;
        if let Some(threads) = options.threads {
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.max(1))
                .build_global();
        }
        let progress = progress_bar(discovery.files.len() as u64, options);
        let reporter = Reporter::new(
            options.failures.iter().cloned().collect(),
            options.json,
            options.quiet,
            progress.clone(),
        );
        let mut summary = Summary {
            failed: discovery.errors.len() as u64,
            ..Summary::default()
        };
        for error in &discovery.errors {
            reporter.fail(&Failure {
                origin: error_origin(error),
                reason: error.to_string(),
            });
        }
        let mut inputs = Vec::with_capacity(discovery.files.len());
        for path in &discovery.files {
            let meta = std::fs::metadata(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let modified = meta
                .modified()
                .ok()
                .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |since| {
                    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
                });
            inputs.push(JobInput {
                path: job_path(path).display().to_string(),
                size: i64::try_from(meta.len()).unwrap_or(i64::MAX),
                modified,
            });
        }
        store
            .register_jobs(&inputs)
            .context("cannot register the input files as jobs")?;
        let worker = worker_name();
        let lease = lease_seconds();
        store.worker_seen(&worker, None)?;
        let mut state = RunState::default();
        let mut clusterer = Clusterer::default();
        loop {
            let Some(job) = store.claim_job(&worker, lease)? else {
                // Nothing to claim: wait while other workers hold jobs (one
                // may die and its job come back), stop when all are done.
                let jobs = store.job_totals()?;
                if jobs.pending + jobs.claimed + jobs.expired == 0 {
                    break;
                }
                store.worker_seen(&worker, None)?;
                std::thread::sleep(std::time::Duration::from_secs_f64((lease / 4.0).min(1.0)));
                continue;
            };
            if job.attempts > 1 && !options.quiet && !options.json {
                progress.suspend(|| {
                    eprintln!(
                        "tidings: taking over {} (claim {}: its worker stopped)",
                        job.path, job.attempts
                    )
                });
            }
            if options.stories {
                // Place what the jobs done so far made placeable, unless
                // another worker is placing now (it, or the last pass,
                // will); holding the next job meanwhile, so that a worker
                // is never without one while jobs are left.
                if clusterer.pass(pipeline, &mut store, false)? > 0
                    && !store.renew_lease(&worker, job.ord, lease)?
                {
                    // The pass outlasted the lease: the job went to another worker.
                    continue;
                }
            }
            let counts = run_job(
                &mut store,
                &reader,
                pipeline,
                &mut state,
                &JobRun {
                    worker: &worker,
                    ord: job.ord,
                    path: Path::new(&job.path),
                    lease,
                    options,
                },
                &reporter,
                &mut summary,
            )?;
            let Some(counts) = counts else {
                // Another worker took the job over: it finishes it.
                continue;
            };
            store.finish_job(&worker, job.ord, counts)?;
            summary.files += 1;
            progress.inc(1);
        }
        if options.stories {
            // Every job is done: the articles left are placed, in the order
            // one process would have read them (the last workers out take
            // turns; the later ones find nothing left), and the clusterer's
            // state is saved.
            clusterer.pass(pipeline, &mut store, true)?;
        }
        store.worker_finished(&worker)?;
        progress.finish_and_clear();
        summary.seconds = started.elapsed().as_secs_f64();
        Ok(summary)
    }

    struct JobRun<'a> {
        worker: &'a str,
        ord: i64,
        path: &'a Path,
        lease: f64,
        options: &'a IngestOptions,
    }

    /// Reads one job's file in batches, stores them and records where each
    /// document was read; `None` when the lease was lost on the way.
    fn run_job(
        store: &mut PgStore,
        reader: &PgStore,
        pipeline: &Pipeline,
        state: &mut RunState,
        job: &JobRun<'_>,
        reporter: &Reporter,
        summary: &mut Summary,
    ) -> Result<Option<JobCounts>> {
        let mut counts = JobCounts::default();
        let mut batch: Vec<RawDoc> = Vec::with_capacity(job.options.batch);
        let mut position: i64 = 0;
        let mut positions: Vec<i64> = Vec::with_capacity(job.options.batch);
        let mut records = tidings_ingest::read_path(job.path, &job.options.ingest);
        loop {
            let mut full = false;
            for record in records.by_ref() {
                match item_of(record) {
                    Item::Doc(raw) => {
                        positions.push(position);
                        position += 1;
                        batch.push(*raw);
                        if batch.len() >= job.options.batch {
                            full = true;
                            break;
                        }
                    }
                    Item::Failed(failure) => {
                        counts.failed += 1;
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
                    Item::FileDone => {}
                }
            }
            let docs = std::mem::take(&mut batch);
            let at = std::mem::take(&mut positions);
            store_batch(
                store,
                reader,
                pipeline,
                state,
                (job.ord, docs, at),
                reporter,
                summary,
                &mut counts,
            )?;
            if !store.renew_lease(job.worker, job.ord, job.lease)? {
                return Ok(None);
            }
            if !full {
                break;
            }
        }
        Ok(Some(counts))
    }

    /// Stores one batch of a job, read at `at` in it (job, documents,
    /// their positions): a document is processed unless it is stored from
    /// this place or an earlier one (or appeared earlier in the batch), and
    /// stored, or put in place of one kept from a later place, so that every
    /// document is kept from the first place one process would have read it
    /// at, whatever the order the workers got there in.
    #[allow(clippy::too_many_arguments)]
    fn store_batch(
        store: &mut PgStore,
        reader: &PgStore,
        pipeline: &Pipeline,
        state: &mut RunState,
        (job, docs, at): (i64, Vec<RawDoc>, Vec<i64>),
        reporter: &Reporter,
        summary: &mut Summary,
        counts: &mut JobCounts,
    ) -> Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let ids: Vec<&DocId> = docs.iter().map(|raw| &raw.id).collect();
        let kept = reader.kept_at(&ids)?;
        let mut in_batch: HashSet<DocId> = HashSet::with_capacity(docs.len());
        let mut chosen = Vec::with_capacity(docs.len());
        let mut chosen_at = Vec::with_capacity(docs.len());
        for (raw, pos) in docs.into_iter().zip(at) {
            let repeated = !in_batch.insert(raw.id.clone());
            let kept_before = match kept.get(&raw.id) {
                None => false,
                // Stored outside jobs: before all of them.
                Some(None) => true,
                Some(Some(place)) => *place <= (job, pos),
            };
            if repeated || kept_before {
                counts.present += 1;
                summary.present += 1;
                reporter.present(&raw.origin);
                continue;
            }
            chosen.push(raw);
            chosen_at.push(pos);
        }
        let processed: Vec<Processed> = pipeline.process_chosen(chosen, state, reader);
        if processed.is_empty() {
            return Ok(());
        }
        let puts: Vec<_> = processed.iter().map(Processed::as_put).collect();
        match store.put_batch_at(&puts, job, &chosen_at) {
            Ok(outcomes) => {
                for (item, outcome) in processed.iter().zip(outcomes) {
                    match outcome {
                        Kept::New => {
                            counts.new += 1;
                            summary.new += 1;
                            reporter.stored(item);
                            if summary.found.len() < FOUND_LISTED {
                                summary.found.push(found_line(item));
                            }
                        }
                        Kept::Replaced | Kept::Present => {
                            if outcome == Kept::Replaced {
                                counts.replaced += 1;
                            }
                            counts.present += 1;
                            summary.present += 1;
                            reporter.present(&item.raw.origin);
                        }
                    }
                }
            }
            Err(err) => {
                // The transaction rolled back: none of the batch is stored.
                for item in &processed {
                    counts.failed += 1;
                    summary.failed += 1;
                    reporter.fail(&Failure {
                        origin: item.raw.origin.to_string(),
                        reason: format!("not stored: {err}"),
                    });
                }
            }
        }
        Ok(())
    }

    /// The clusterer's state a worker keeps between its passes, so that a
    /// pass goes on from where its last one stopped instead of reading
    /// every placement again, when no other worker placed in between.
    #[derive(Default)]
    struct Clusterer {
        placing: Option<Placing>,
        /// Placements made since the state was last saved.
        unsaved: bool,
    }

    impl Clusterer {
        /// Places the articles that can be placed, in order, as the one
        /// clusterer (`last`: waiting for the lock, and saving the state
        /// after; else only if the lock is free, saving nothing: a worker
        /// that dies leaves the placements stored, and the next pass
        /// replays them from the last saved state).
        fn pass(&mut self, pipeline: &Pipeline, store: &mut PgStore, last: bool) -> Result<u64> {
            if !store.lock_clusterer(last)? {
                return Ok(0);
            }
            let placed = self.place_all(pipeline, store, last);
            store.unlock_clusterer()?;
            placed
        }

        fn place_all(
            &mut self,
            pipeline: &Pipeline,
            store: &mut PgStore,
            save: bool,
        ) -> Result<u64> {
            let mut placed = 0;
            loop {
                let ids = store.placeable()?;
                if ids.is_empty() {
                    break;
                }
                let next = store.next_seq()?;
                let mut placing = match self.placing.take() {
                    Some(placing) if placing.is_at(next) => placing,
                    _ => pipeline
                        .resume_placing(&*store)
                        .context("cannot resume the stories")?,
                };
                for chunk in ids.chunks(256) {
                    let mut items = Vec::with_capacity(chunk.len());
                    for id in chunk {
                        let (done, original) = placing.place_stored(&*store, id, None)?;
                        items.push((id.clone(), placing.placement(&done, original.as_ref())));
                    }
                    store
                        .put_placements(&items)
                        .context("cannot store the placements")?;
                    placed += chunk.len() as u64;
                    self.unsaved = true;
                }
                self.placing = Some(placing);
            }
            if save && self.unsaved {
                let next = store.next_seq()?;
                // Saved only by the worker whose state covers every
                // placement stored (another one placed after it otherwise,
                // and saves its own).
                if let Some(snapshot) = self.placing.as_ref().and_then(|p| p.snapshot(next)) {
                    store
                        .save_dedup_snapshot(&snapshot)
                        .context("cannot save the dedup snapshot")?;
                    self.unsaved = false;
                }
            }
            Ok(placed)
        }
    }

    /// Runs `tidings workers`.
    pub fn run(args: Args) -> Result<ExitCode> {
        let url = args.db.db.to_str().unwrap_or_default();
        if !tidings_store::is_postgres_url(url) {
            anyhow::bail!(
                "tidings workers needs a PostgreSQL store (--db postgres://…): \
                 a SQLite store has one writer, the ingest that runs"
            );
        }
        let store = open(url)?;
        let jobs = store.job_totals()?;
        let workers = store.workers()?;
        let mut out = io::stdout().lock();
        if args.json {
            crate::output::json_line(
                &mut out,
                &serde_json::json!({ "jobs": jobs, "workers": workers }),
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        writeln!(
            out,
            "jobs: {} pending, {} claimed, {} with an expired lease, {} done \
             ({} new, {} present, {} failed; {} kept from an earlier place instead)",
            jobs.pending,
            jobs.claimed,
            jobs.expired,
            jobs.done,
            jobs.new,
            jobs.present,
            jobs.failed,
            jobs.replaced
        )?;
        if workers.is_empty() {
            writeln!(out, "no worker has run yet")?;
        }
        for worker in &workers {
            let doing = match (&worker.finished, &worker.job) {
                (Some(at), _) => format!("finished at {at}"),
                (None, Some(job)) => format!("working on {job}"),
                (None, None) => "between jobs".into(),
            };
            writeln!(
                out,
                "{:<24} {doing}; {} stored; started {}, last seen {:.0}s ago",
                worker.name, worker.stored, worker.started, worker.idle_seconds
            )?;
        }
        Ok(ExitCode::SUCCESS)
    }
}
