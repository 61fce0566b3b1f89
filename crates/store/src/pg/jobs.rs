//! Work shared by many `tidings ingest` processes on one PostgreSQL store:
//! input files registered as jobs, claimed with `FOR UPDATE SKIP LOCKED` for
//! a lease that a live worker renews and a dead one lets expire; where each
//! document was kept from (the order articles are placed in); and the one
//! clusterer at a time, under a session advisory lock.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;
use tidings_model::DocId;

use postgres::types::ToSql;

use super::batch::{self, NewDoc};
use super::locks;
use super::{article_values, count_blocks, insert_article, raw_values, Blocks, PgStore};
use crate::error::{Error, Result};
use crate::sql::pg::PgConn;
use crate::sql::{Connection as Sql, ToValue, Value};
use crate::sqlite::codec;
use crate::sqlite::{annotations, facts, stories};
use crate::store::Put;

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
    /// Documents found stored from a later place (read first by another
    /// worker): kept from here instead, as one process would have.
    pub replaced: i64,
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
    /// Documents the done jobs found stored from a later place and kept
    /// from theirs instead.
    pub replaced: i64,
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
             new_docs = $3, present = $4, failed = $5, replaced = $6 WHERE ord = $2",
            &[
                &worker,
                &job,
                &counts.new,
                &counts.present,
                &counts.failed,
                &counts.replaced,
            ],
        )
        .map_err(self.db(what))?;
        tx.execute(
            "UPDATE workers SET seen = now(), job = NULL, stored = stored + $2 WHERE name = $1",
            &[&worker, &counts.new],
        )
        .map_err(self.db(what))?;
        tx.commit().map_err(self.db(what))
    }

    /// Where the stored documents among `ids` were kept from: (job,
    /// position) for a document a job stored, `None` for one stored
    /// outside jobs; documents not stored are left out.
    pub fn kept_at(&self, ids: &[&DocId]) -> Result<HashMap<DocId, Option<(i64, i64)>>> {
        let what = "looking up stored documents";
        let wanted: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
        let rows = self
            .client()?
            .query(
                "SELECT r.id, o.job_ord, o.pos FROM raw r LEFT JOIN doc_order o ON o.id = r.id \
                 WHERE r.id = ANY($1)",
                &[&wanted],
            )
            .map_err(self.db(what))?;
        let mut kept = HashMap::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(0).map_err(self.db(what))?;
            let job: Option<i64> = row.try_get(1).map_err(self.db(what))?;
            let pos: Option<i64> = row.try_get(2).map_err(self.db(what))?;
            let id = DocId::parse(&id).map_err(|_| self.corrupt(&id, "not a document id"))?;
            kept.insert(id, job.zip(pos));
        }
        Ok(kept)
    }

    /// Stores a batch read by `job`, item `i` read at `positions[i]` in
    /// it, so that each document ends up kept from the first place one
    /// process reading every job in order would have read it: a document
    /// not stored yet is stored (and where it was read recorded); one
    /// stored from a later place (another worker read that place first) is
    /// replaced by this record, with its article, names and facts; one
    /// stored from this place or an earlier one, or outside jobs, is left
    /// as it is. One transaction under the write lock, as
    /// [`Store::put_batch`](crate::Store::put_batch). Placements are the
    /// clusterer's: a placement in a put is stored with a new document only.
    pub fn put_batch_at(
        &mut self,
        batch: &[Put<'_>],
        job: i64,
        positions: &[i64],
    ) -> Result<Vec<Kept>> {
        if positions.len() != batch.len() {
            return Err(Error::PgRefused {
                target: self.target.clone(),
                why: format!(
                    "{} positions for a batch of {} documents",
                    positions.len(),
                    batch.len()
                ),
            });
        }
        let encoded = self.encode_puts(batch)?;
        let what = "storing a batch";
        self.run(what, false, |conn, path| {
            let pg = batch::pg(conn, path)?;
            let db = crate::sqlite::db(path, what);
            let ids: Vec<&str> = encoded.iter().map(|(raw, _)| raw.id).collect();
            // The batch's documents first (see `locks`): another worker
            // that read one of them waits until this batch commits.
            locks::lock(pg, locks::DOCS, ids.iter().copied()).map_err(&db)?;
            // Where they are kept from now, in one query; kept up to date
            // below as the batch decides.
            let mut kept: HashMap<String, KeptAt> = HashMap::with_capacity(ids.len());
            for row in pg
                .query_pg(
                    "SELECT r.id, o.job_ord, o.pos, o.site_key FROM raw r \
                     LEFT JOIN doc_order o ON o.id = r.id WHERE r.id = ANY($1)",
                    &[&ids as &(dyn ToSql + Sync)],
                )
                .map_err(&db)?
            {
                let get = |row: &postgres::Row| -> std::result::Result<_, postgres::Error> {
                    Ok((
                        row.try_get::<_, String>(0)?,
                        KeptAt {
                            place: row
                                .try_get::<_, Option<i64>>(1)?
                                .zip(row.try_get::<_, Option<i64>>(2)?),
                            site: row.try_get(3)?,
                        },
                    ))
                };
                let (id, at) = get(&row).map_err(crate::sqlite::db(path, what))?;
                kept.insert(id, at);
            }
            // What becomes of each document, in batch order.
            let mut plan = Vec::with_capacity(batch.len());
            let mut order = Vec::new();
            for ((put, (raw, _)), &pos) in batch.iter().zip(&encoded).zip(positions) {
                let step = match kept.get(raw.id) {
                    None => Plan::New,
                    Some(KeptAt {
                        place: Some((kept_job, kept_pos)),
                        site,
                    }) if (job, pos) < (*kept_job, *kept_pos) => Plan::Replace(site.clone()),
                    Some(_) => Plan::Present,
                };
                if step != Plan::Present {
                    kept.insert(
                        raw.id.to_string(),
                        KeptAt {
                            place: Some((job, pos)),
                            site: put.site_key.map(str::to_string),
                        },
                    );
                    order.push(vec![
                        raw.id.to_value(),
                        Value::Int(job),
                        Value::Int(pos),
                        put.site_key.to_value(),
                    ]);
                }
                plan.push(step);
            }
            // Then the merged events it reports to, or takes reports from.
            let writing: Vec<NewDoc<'_, '_>> = batch
                .iter()
                .zip(&encoded)
                .zip(&plan)
                .filter(|(_, step)| **step != Plan::Present)
                .map(|((put, (raw, article)), _)| NewDoc { put, raw, article })
                .collect();
            let replaced: Vec<&str> = writing
                .iter()
                .zip(plan.iter().filter(|step| **step != Plan::Present))
                .filter(|(_, step)| matches!(step, Plan::Replace(_)))
                .map(|(doc, _)| doc.article.id)
                .collect();
            let mut keys = batch::event_keys(&writing);
            keys.extend(super::reported_keys(pg, &replaced).map_err(&db)?);
            keys.extend(
                super::merged_story_keys(pg, batch.iter().filter_map(|put| put.placement))
                    .map_err(&db)?,
            );
            locks::lock(pg, locks::EVENTS, keys.iter().map(String::as_str)).map_err(&db)?;

            let mut outcomes = vec![Kept::Present; batch.len()];
            let mut touched = facts::Touched::default();
            let mut blocks = Blocks::new();
            if replaced.is_empty() {
                // The common case: everything but the names is written
                // beside other workers; the names under the store-wide lock.
                let new: Vec<usize> = (0..batch.len()).filter(|&i| plan[i] == Plan::New).collect();
                let stored = batch::store_docs(conn, path, &writing, &mut touched, &mut blocks)?;
                for (&i, &fresh) in new.iter().zip(&stored.fresh) {
                    if fresh {
                        outcomes[i] = Kept::New;
                    }
                }
                write_order(pg, order).map_err(&db)?;
                batch::settle(conn, path, &touched)?;
                locks::lock_store(pg).map_err(&db)?;
                batch::link_docs(conn, path, &stored)?;
                batch::add_blocks(conn, path, &blocks)?;
                return Ok(outcomes);
            }
            // A replacement takes back names one statement at a time: the
            // store-wide lock for the whole batch (rare: a worker read an
            // earlier place of a document another one stored first).
            locks::lock_store(pg).map_err(&db)?;
            // New documents wait here and are stored together, before a
            // replacement and at the end: the same as one by one.
            let mut waiting: Vec<(usize, NewDoc<'_, '_>)> = Vec::new();
            for (i, ((put, (raw, article)), step)) in
                batch.iter().zip(&encoded).zip(&plan).enumerate()
            {
                match step {
                    Plan::New => waiting.push((i, NewDoc { put, raw, article })),
                    Plan::Replace(old_site) => {
                        flush(
                            conn,
                            path,
                            &mut waiting,
                            &mut outcomes,
                            &mut touched,
                            &mut blocks,
                        )?;
                        replace(conn, path, put, raw, article, &mut touched)?;
                        if old_site.as_deref() != put.site_key {
                            // The same bytes under another site: their
                            // blocks move to it.
                            if let Some(old) = old_site {
                                count_blocks(&mut blocks, old, put.fingerprints, -1);
                            }
                            if let Some(site) = put.site_key {
                                count_blocks(&mut blocks, site, put.fingerprints, 1);
                            }
                        }
                        outcomes[i] = Kept::Replaced;
                    }
                    Plan::Present => {}
                }
            }
            flush(
                conn,
                path,
                &mut waiting,
                &mut outcomes,
                &mut touched,
                &mut blocks,
            )?;
            write_order(pg, order).map_err(&db)?;
            batch::add_blocks(conn, path, &blocks)?;
            batch::settle(conn, path, &touched)?;
            Ok(outcomes)
        })
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
                        coalesce(sum(failed) FILTER (WHERE state = 'done'), 0)::bigint, \
                        coalesce(sum(replaced) FILTER (WHERE state = 'done'), 0)::bigint \
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
            replaced: get(7)?,
        })
    }
}

/// What a batch does with one of its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    /// Store it: not stored yet.
    New,
    /// Put it in place of the one stored from a later place (whose site
    /// key it had).
    Replace(Option<String>),
    /// Leave it: stored from this place or an earlier one.
    Present,
}

/// Records where documents were kept from (`doc_order` rows).
fn write_order(pg: &PgConn<'_>, order: Vec<Vec<Value>>) -> crate::sql::Result<()> {
    if order.is_empty() {
        return Ok(());
    }
    pg.insert_unnest(
        "doc_order",
        &["id", "job_ord", "pos", "site_key"],
        order,
        "ON CONFLICT (id) DO UPDATE SET job_ord = excluded.job_ord, \
         pos = excluded.pos, site_key = excluded.site_key",
    )?;
    Ok(())
}

/// Where a stored document was kept from: its (job, position), none when
/// it was stored outside jobs, and its site key.
struct KeptAt {
    place: Option<(i64, i64)>,
    site: Option<String>,
}

/// Stores the new documents waiting (see [`batch::insert_docs`]) and
/// records which were stored now (one stored already stays `Present`).
fn flush(
    conn: &Sql<'_>,
    path: &Path,
    waiting: &mut Vec<(usize, NewDoc<'_, '_>)>,
    outcomes: &mut [Kept],
    touched: &mut facts::Touched,
    blocks: &mut Blocks,
) -> Result<()> {
    if waiting.is_empty() {
        return Ok(());
    }
    let (at, docs): (Vec<usize>, Vec<NewDoc<'_, '_>>) = waiting.drain(..).unzip();
    let fresh = batch::insert_docs(conn, path, &docs, touched, blocks)?;
    for (i, new) in at.into_iter().zip(fresh) {
        if new {
            outcomes[i] = Kept::New;
        }
    }
    Ok(())
}

/// What [`PgStore::put_batch_at`] did with one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Stored now.
    New,
    /// Stored before from a later place: replaced by this record.
    Replaced,
    /// Stored before from this place or an earlier one: left as it is.
    Present,
}

/// Puts `put` in place of the stored document with its id: the raw record
/// (where it was read, its bytes and hints), the article, its names and
/// facts; the merged events and entities they reported are settled again.
fn replace(
    conn: &Sql<'_>,
    path: &Path,
    put: &Put<'_>,
    raw: &codec::EncodedRaw<'_>,
    article: &codec::EncodedArticle<'_>,
    touched: &mut facts::Touched,
) -> Result<()> {
    let what = "replacing a document by an earlier record";
    conn.execute(
        "UPDATE raw SET path = ?2, record = ?3, byte_offset = ?4, fetched = ?5, \
         media_type = ?6, encoding = ?7, hints = ?8, size = ?9, zbytes = ?10 WHERE id = ?1",
        raw_values(raw),
    )
    .map_err(crate::sqlite::db(path, what))?;
    let changed = conn
        .execute(
            "UPDATE articles SET title = ?2, lede = ?3, lang = ?4, published = ?5, \
             site = ?6, url = ?7, authors = ?8, text = ?9, paragraphs = ?10, \
             removed = ?11 WHERE id = ?1",
            article_values(article),
        )
        .map_err(crate::sqlite::db(path, what))?;
    if changed == 0 {
        insert_article(conn, path, what, article)?;
    }
    annotations::remove(conn, path, article.id)?;
    annotations::insert(conn, path, article.id, put.annotations)?;
    facts::remove(conn, path, article.id, touched)?;
    facts::insert(conn, path, article.id, put.facts, touched)?;
    // A placement (there is none before the clusterer reaches the
    // document) stays; its story's title follows the article's.
    stories::refresh_title(conn, path, article.id)?;
    Ok(())
}
