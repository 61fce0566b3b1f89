//! Work shared by many `tidings ingest` processes on one PostgreSQL store:
//! input files registered as jobs, claimed with `FOR UPDATE SKIP LOCKED` for
//! a lease that a live worker renews and a dead one lets expire; where each
//! document was first read (the order articles are placed in); and the one
//! clusterer at a time, under a session advisory lock.

use serde::Serialize;
use tidings_model::DocId;

use super::PgStore;
use crate::error::{Error, Result};

/// The key of the session advisory lock the clusterer holds while it places
/// articles ("tidings" + 2).
const CLUSTER_LOCK: i64 = 0x0074_6964_696e_6775;

/// The key of the lock held while jobs are registered, so that processes
/// registering the same inputs at once number them once, in one order.
const REGISTER_LOCK: i64 = 0x0074_6964_696e_6776;

/// One input file to register: its path as given, size and modification
/// time (seconds); a file whose size or time changed is a new job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobInput {
    /// The path, as the worker will open it.
    pub path: String,
    /// Its size in bytes.
    pub size: i64,
    /// Its modification time, in seconds since the epoch.
    pub modified: i64,
}

/// A job a worker holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its number, in registration order.
    pub ord: i64,
    /// The file to read.
    pub path: String,
    /// How often it was claimed (more than once: a worker died on it).
    pub attempts: i64,
}

/// What a job gave, recorded when it is done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JobCounts {
    /// Documents stored for the first time.
    pub new: i64,
    /// Documents already stored.
    pub present: i64,
    /// Documents or records that failed.
    pub failed: i64,
}

/// One worker as `tidings workers` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkerRow {
    /// `host:pid`.
    pub name: String,
    /// When it started (RFC 3339).
    pub started: String,
    /// When it was last heard of.
    pub seen: String,
    /// Seconds since then.
    pub idle_seconds: f64,
    /// The file it works on, if any.
    pub job: Option<String>,
    /// Documents it stored.
    pub stored: i64,
    /// When it stopped, if it did.
    pub finished: Option<String>,
}

/// Jobs by state, for `tidings workers`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JobTotals {
    /// Waiting for a worker.
    pub pending: i64,
    /// Held by a worker whose lease runs.
    pub claimed: i64,
    /// Held by a worker whose lease ran out: the next claim takes them.
    pub expired: i64,
    /// Done.
    pub done: i64,
    /// Documents the done jobs stored for the first time.
    pub new: i64,
    /// Documents the done jobs found stored already.
    pub present: i64,
    /// Documents or records the done jobs could not store.
    pub failed: i64,
}

impl PgStore {
    /// Registers input files as jobs, in the order given, each once (a
    /// path with the same size and time registered before is left as it
    /// is, done or not); returns how many were new.
    pub fn register_jobs(&mut self, inputs: &[JobInput]) -> Result<u64> {
        let what = "registering jobs";
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(self.db(what))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&REGISTER_LOCK])
            .map_err(self.db(what))?;
        let insert = tx
            .prepare(
                "INSERT INTO jobs (path, size, modified) VALUES ($1, $2, $3) \
                 ON CONFLICT (path, size, modified) DO NOTHING",
            )
            .map_err(self.db(what))?;
        let mut new = 0;
        for input in inputs {
            self.check_text_field(&input.path)?;
            new += tx
                .execute(&insert, &[&input.path, &input.size, &input.modified])
                .map_err(self.db(what))?;
        }
        tx.commit().map_err(self.db(what))?;
        Ok(new)
    }

    fn check_text_field(&self, text: &str) -> Result<()> {
        if text.contains('\0') {
            return Err(Error::PgRefused {
                target: self.target.clone(),
                why: format!("cannot register {text:?}: it holds a NUL character"),
            });
        }
        Ok(())
    }

    /// Says `worker` is alive (and what it does), creating its row.
    pub fn worker_seen(&mut self, worker: &str, job: Option<i64>) -> Result<()> {
        self.client()?
            .execute(
                "INSERT INTO workers (name, started, seen, job) VALUES ($1, now(), now(), $2) \
                 ON CONFLICT (name) DO UPDATE SET seen = now(), job = excluded.job, \
                 finished = NULL",
                &[&worker, &job],
            )
            .map_err(self.db("recording a worker"))?;
        Ok(())
    }

    /// Says `worker` stopped.
    pub fn worker_finished(&mut self, worker: &str) -> Result<()> {
        self.client()?
            .execute(
                "UPDATE workers SET seen = now(), finished = now(), job = NULL WHERE name = $1",
                &[&worker],
            )
            .map_err(self.db("recording a worker"))?;
        Ok(())
    }

    /// Claims the first job (in registration order) that is pending or
    /// whose lease ran out, for `lease_seconds`; `None` when there is none.
    /// Jobs other workers hold are skipped without waiting.
    pub fn claim_job(&mut self, worker: &str, lease_seconds: f64) -> Result<Option<Job>> {
        let what = "claiming a job";
        let row = self
            .client()?
            .query_opt(
                "UPDATE jobs SET state = 'claimed', worker = $1, attempts = attempts + 1, \
                 lease_until = now() + make_interval(secs => $2) \
                 WHERE ord = (SELECT ord FROM jobs \
                              WHERE state = 'pending' \
                                 OR (state = 'claimed' AND lease_until < now()) \
                              ORDER BY ord LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING ord, path, attempts",
                &[&worker, &lease_seconds],
            )
            .map_err(self.db(what))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let job = Job {
            ord: row.try_get(0).map_err(self.db(what))?,
            path: row.try_get(1).map_err(self.db(what))?,
            attempts: row.try_get(2).map_err(self.db(what))?,
        };
        self.worker_seen(worker, Some(job.ord))?;
        Ok(Some(job))
    }

    /// Extends the lease on `job` if `worker` still holds it; `false` when
    /// another worker took it over (the lease ran out first).
    pub fn renew_lease(&mut self, worker: &str, job: i64, lease_seconds: f64) -> Result<bool> {
        let changed = self
            .client()?
            .execute(
                "UPDATE jobs SET lease_until = now() + make_interval(secs => $3) \
                 WHERE ord = $2 AND worker = $1 AND state = 'claimed'",
                &[&worker, &job, &lease_seconds],
            )
            .map_err(self.db("renewing a lease"))?;
        self.worker_seen(worker, Some(job))?;
        Ok(changed == 1)
    }

    /// Marks `job` done with what it gave, and counts the documents in the
    /// worker's row.
    pub fn finish_job(&mut self, worker: &str, job: i64, counts: JobCounts) -> Result<()> {
        let what = "finishing a job";
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(self.db(what))?;
        tx.execute(
            "UPDATE jobs SET state = 'done', finished = now(), lease_until = NULL, worker = $1, \
             new_docs = $3, present = $4, failed = $5 WHERE ord = $2",
            &[&worker, &job, &counts.new, &counts.present, &counts.failed],
        )
        .map_err(self.db(what))?;
        tx.execute(
            "UPDATE workers SET seen = now(), job = NULL, stored = stored + $2 WHERE name = $1",
            &[&worker, &counts.new],
        )
        .map_err(self.db(what))?;
        tx.commit().map_err(self.db(what))
    }

    /// Records where documents were read (job, position in it); a document
    /// read at an earlier place before keeps the earliest.
    pub fn note_positions(&mut self, job: i64, positions: &[(DocId, i64)]) -> Result<()> {
        let what = "recording document order";
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(self.db(what))?;
        let upsert = tx
            .prepare(
                "INSERT INTO doc_order (id, job_ord, pos) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO UPDATE SET job_ord = excluded.job_ord, pos = excluded.pos \
                 WHERE (excluded.job_ord, excluded.pos) < (doc_order.job_ord, doc_order.pos)",
            )
            .map_err(self.db(what))?;
        for (id, pos) in positions {
            tx.execute(&upsert, &[&id.as_str(), &job, pos])
                .map_err(self.db(what))?;
        }
        tx.commit().map_err(self.db(what))
    }

    /// Waits for the clusterer's lock (`wait`), or takes it only if free;
    /// `true` when this connection holds it. It is released by
    /// [`PgStore::unlock_clusterer`] or when the connection closes (a
    /// worker that dies lets it go).
    pub fn lock_clusterer(&mut self, wait: bool) -> Result<bool> {
        let what = "taking the clusterer lock";
        let mut client = self.client()?;
        if wait {
            client
                .execute("SELECT pg_advisory_lock($1)", &[&CLUSTER_LOCK])
                .map_err(self.db(what))?;
            return Ok(true);
        }
        client
            .query_one("SELECT pg_try_advisory_lock($1)", &[&CLUSTER_LOCK])
            .and_then(|row| row.try_get(0))
            .map_err(self.db(what))
    }

    /// Lets the clusterer's lock go.
    pub fn unlock_clusterer(&mut self) -> Result<()> {
        self.client()?
            .execute("SELECT pg_advisory_unlock($1)", &[&CLUSTER_LOCK])
            .map_err(self.db("releasing the clusterer lock"))?;
        Ok(())
    }

    /// Stored articles not placed yet that can be placed now, in the order
    /// one process reading every job in order would have met them: every
    /// job before theirs is done, so nothing can come before them any more.
    pub fn placeable(&self) -> Result<Vec<DocId>> {
        self.ids_ordered(
            "SELECT o.id FROM doc_order o JOIN articles a ON a.id = o.id \
             WHERE NOT EXISTS (SELECT 1 FROM placements p WHERE p.article = o.id) \
               AND o.job_ord < coalesce((SELECT min(ord) FROM jobs WHERE state <> 'done'), \
                                        9223372036854775807) \
             ORDER BY o.job_ord, o.pos",
        )
    }

    /// Who works on what, most recently seen first.
    pub fn workers(&self) -> Result<Vec<WorkerRow>> {
        let what = "listing workers";
        let rows = self
            .client()?
            .query(
                "SELECT w.name, to_char(w.started AT TIME ZONE 'UTC', \
                            'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                        to_char(w.seen AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
                        extract(epoch FROM now() - w.seen)::float8, j.path, w.stored, \
                        to_char(w.finished AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') \
                 FROM workers w LEFT JOIN jobs j ON j.ord = w.job \
                 ORDER BY w.finished IS NOT NULL, w.seen DESC, w.name",
                &[],
            )
            .map_err(self.db(what))?;
        let mut workers = Vec::with_capacity(rows.len());
        for row in rows {
            workers.push(WorkerRow {
                name: row.try_get(0).map_err(self.db(what))?,
                started: row.try_get(1).map_err(self.db(what))?,
                seen: row.try_get(2).map_err(self.db(what))?,
                idle_seconds: row.try_get(3).map_err(self.db(what))?,
                job: row.try_get(4).map_err(self.db(what))?,
                stored: row.try_get(5).map_err(self.db(what))?,
                finished: row.try_get(6).map_err(self.db(what))?,
            });
        }
        Ok(workers)
    }

    /// Jobs by state, with what the done ones gave.
    pub fn job_totals(&self) -> Result<JobTotals> {
        let what = "counting jobs";
        let row = self
            .client()?
            .query_one(
                "SELECT count(*) FILTER (WHERE state = 'pending'), \
                        count(*) FILTER (WHERE state = 'claimed' AND lease_until >= now()), \
                        count(*) FILTER (WHERE state = 'claimed' AND lease_until < now()), \
                        count(*) FILTER (WHERE state = 'done'), \
                        coalesce(sum(new_docs) FILTER (WHERE state = 'done'), 0)::bigint, \
                        coalesce(sum(present) FILTER (WHERE state = 'done'), 0)::bigint, \
                        coalesce(sum(failed) FILTER (WHERE state = 'done'), 0)::bigint \
                 FROM jobs",
                &[],
            )
            .map_err(self.db(what))?;
        let get = |i: usize| row.try_get::<_, i64>(i).map_err(self.db(what));
        Ok(JobTotals {
            pending: get(0)?,
            claimed: get(1)?,
            expired: get(2)?,
            done: get(3)?,
            new: get(4)?,
            present: get(5)?,
            failed: get(6)?,
        })
    }
}
