//! What only the PostgreSQL store has to show: its schema version, its
//! errors in our words, and the parts of the trait it refuses until they
//! are written. Skipped (with a message) when `TIDINGS_TEST_PG` is not set.
#![cfg(feature = "postgres")]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::{corpus, pg::TestDatabase, Backend, Doc};
use tidings_store::{Error, Kept, PgStore, Put, PutOutcome, Store, PG_SCHEMA_VERSION};

fn backend(test: &str) -> Option<Backend> {
    Backend::postgres(test)
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let Some(backend) = backend("a_database_from_a_newer_version_is_refused") else {
        return;
    };
    let store = backend.fresh();
    let url = store.pg_url().unwrap().to_string();
    let mut client = TestDatabase::connect(&url);
    let version: i32 = client
        .query_one("SELECT version FROM schema_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, PG_SCHEMA_VERSION);
    client
        .execute("UPDATE schema_version SET version = 99", &[])
        .unwrap();
    let err = PgStore::open(&url).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("upgrade tidings"), "{message}");
    assert!(message.contains("schema version 99"), "{message}");
}

#[test]
fn opening_twice_and_at_once_migrates_once() {
    let Some(backend) = backend("opening_twice_and_at_once_migrates_once") else {
        return;
    };
    let store = backend.fresh();
    let url = store.pg_url().unwrap().to_string();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || PgStore::open(&url).map(|_| ()))
        })
        .collect();
    for thread in threads {
        thread.join().unwrap().unwrap();
    }
    let mut client = TestDatabase::connect(&url);
    let rows: i64 = client
        .query_one("SELECT count(*) FROM schema_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
}

#[test]
fn a_server_that_is_down_or_a_bad_url_is_a_clear_error_without_the_password() {
    // Nothing listens on port 1 of the loopback address.
    let err = PgStore::open("postgres://maren:s3cret@127.0.0.1:1/tidings").unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::PgOpen { .. }), "{message}");
    assert!(
        message.starts_with("cannot open store postgres://maren:***@127.0.0.1:1/tidings: "),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");

    let err = PgStore::open("postgres://maren@127.0.0.1:notaport/tidings").unwrap_err();
    assert!(matches!(err, Error::PgOpen { .. }), "{err}");
    assert!(err.to_string().contains("cannot open store"), "{err}");
}

#[test]
fn a_nul_character_is_refused_before_anything_is_written() {
    let Some(backend) = backend("a_nul_character_is_refused_before_anything_is_written") else {
        return;
    };
    let mut store = backend.fresh();
    let docs = corpus();
    let mut odd: Doc = docs[1].clone();
    odd.article.text.push('\0');
    let err = store.put_batch(&[docs[0].put(), odd.put()]).unwrap_err();
    assert!(err.to_string().contains("NUL character"), "{err}");
    assert_eq!(store.stats().unwrap().documents, 0);
}

/// Set (to the database URL) when the test binary runs as the writer child.
const WRITER_URL: &str = "TIDINGS_STORE_PG_CRASH_WRITER_URL";
/// Documents per batch.
const BATCH: u64 = 25;
/// Commits the parent waits for before it kills the writer.
const COMMITS_BEFORE_KILL: usize = 6;
/// The block fingerprint every document shares.
const SHARED_BLOCK: u64 = 0xC0FF_EE00_DEAD_BEEF;

/// As `tests/crash.rs` does for SQLite, with what PostgreSQL stores so far:
/// a writer killed with SIGKILL mid-ingest loses no committed batch and
/// leaves no part of one (the server rolls back the open transaction).
#[test]
fn a_killed_writer_loses_nothing_committed() {
    if let Ok(url) = std::env::var(WRITER_URL) {
        write_until_killed(&url);
        return;
    }
    let Some(backend) = backend("a_killed_writer_loses_nothing_committed") else {
        return;
    };
    let store = backend.fresh();
    let url = store.pg_url().unwrap().to_string();
    for delay_ms in [0, 2, 5, 9] {
        let committed = run_writer_and_kill(&url, delay_ms);
        check_store(&url, committed);
    }
}

fn bulletin(n: u64) -> Doc {
    Doc::new(
        &format!("Velmora harbour bulletin {n}"),
        &[&format!(
            "Bulletin {n}: the keeper logged the tide and the ferry times."
        )],
    )
}

fn write_until_killed(url: &str) {
    let mut store = PgStore::open(url).unwrap();
    // Batches are whole, so the documents stored are bulletins 1..=count.
    let mut next = store.stats().unwrap().documents;
    // A cap so that an orphaned writer cannot run forever.
    for _ in 0..100_000 {
        let docs: Vec<Doc> = (0..BATCH)
            .map(|_| {
                next += 1;
                bulletin(next)
            })
            .collect();
        let fingerprints: Vec<[u64; 3]> = (0..BATCH)
            .map(|i| [SHARED_BLOCK, SHARED_BLOCK, i])
            .collect();
        let batch: Vec<Put<'_>> = docs
            .iter()
            .zip(&fingerprints)
            .map(|(doc, fingerprints)| Put {
                site_key: Some("velmora.example"),
                fingerprints,
                ..doc.put()
            })
            .collect();
        store.put_batch(&batch).unwrap();
        println!("committed {next}");
    }
}

fn run_writer_and_kill(url: &str, delay_ms: u64) -> u64 {
    let child = Command::new(std::env::current_exe().unwrap())
        .args([
            "a_killed_writer_loses_nothing_committed",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_URL, url)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut writer = KillOnDrop(child);
    let stdout = writer.0.stdout.take().unwrap();
    let mut committed = 0_u64;
    let mut commits = 0;
    // Kept open until the writer is dead: a closed pipe would stop it on
    // its own instead of being killed.
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some((_, n)) = line.rsplit_once("committed ") {
            let n: u64 = n.trim().parse().unwrap();
            assert!(n > committed, "commits only grow: {n} after {committed}");
            committed = n;
            commits += 1;
            if commits == COMMITS_BEFORE_KILL {
                break;
            }
        }
    }
    assert_eq!(
        commits, COMMITS_BEFORE_KILL,
        "the writer stopped before it was killed"
    );
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    writer.0.kill().unwrap();
    writer.0.wait().unwrap();
    drop(lines);
    committed
}

/// Reopens the store after a crash: everything reported committed is
/// there, batches are whole, and raw rows, articles, the full-text index
/// and the block counts agree.
fn check_store(url: &str, committed: u64) {
    let store = PgStore::open(url).unwrap();
    let stats = store.stats().unwrap();
    assert!(stats.documents >= committed, "{stats:?} < {committed}");
    assert_eq!(stats.documents % BATCH, 0, "half a batch: {stats:?}");
    assert_eq!(stats.articles, stats.documents);
    for n in 1..=stats.documents {
        assert!(store.contains(bulletin(n).id()).unwrap(), "bulletin {n}");
    }
    let hits = store.search("keeper tide", usize::MAX).unwrap();
    assert_eq!(hits.len() as u64, stats.documents);
    let blocks = store.site_blocks("velmora.example").unwrap();
    let shared = blocks
        .iter()
        .find(|(fp, _)| *fp == SHARED_BLOCK)
        .map(|(_, docs)| u64::from(*docs));
    assert_eq!(shared, Some(stats.documents));
    assert_eq!(
        store.ids_in_ingest_order().unwrap(),
        (1..=stats.documents)
            .map(|n| bulletin(n).id().clone())
            .collect::<Vec<_>>()
    );
}

/// Makes sure the writer dies even if an assertion fails first.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_connection_dropped_before_a_batch_stores_nothing_and_the_batch_can_be_put_again() {
    let Some(backend) = backend(
        "a_connection_dropped_before_a_batch_stores_nothing_and_the_batch_can_be_put_again",
    ) else {
        return;
    };
    let holder = backend.fresh();
    let url = holder.pg_url().unwrap().to_string();
    let mut store = PgStore::open(&url).unwrap();
    let docs = corpus();
    store.put_batch(&[docs[0].put()]).unwrap();
    // The server ends every other session on the database, the store's too.
    let mut admin = TestDatabase::connect(&url);
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap();
    let batch: Vec<_> = docs.iter().map(Doc::put).collect();
    let err = store.put_batch(&batch).unwrap_err();
    assert!(matches!(err, Error::Postgres { .. }), "{err}");
    assert!(err.to_string().contains("storing a batch"), "{err}");
    // Nothing of the batch was stored; a new connection puts it whole, the
    // document stored before counted as already present.
    let mut store = PgStore::open(&url).unwrap();
    assert_eq!(store.stats().unwrap().documents, 1);
    let outcomes = store.put_batch(&batch).unwrap();
    assert_eq!(outcomes[0], PutOutcome::AlreadyPresent);
    assert!(outcomes[1..].iter().all(|o| *o == PutOutcome::New));
    assert_eq!(store.stats().unwrap().documents, docs.len() as u64);
}

#[test]
fn writers_putting_the_same_documents_at_once_store_each_once() {
    let Some(backend) = backend("writers_putting_the_same_documents_at_once_store_each_once")
    else {
        return;
    };
    let holder = backend.fresh();
    let url = holder.pg_url().unwrap().to_string();
    let docs: Vec<Doc> = (1..=40).map(bulletin).collect();
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let url = url.clone();
            let mut docs = docs.clone();
            // Each writer in its own order (one of them backwards), so that
            // their batches overlap with the documents in opposite orders.
            docs.rotate_left(w * 13);
            if w == 1 {
                docs.reverse();
            }
            std::thread::spawn(move || {
                let mut store = PgStore::open(&url).unwrap();
                let mut new = 0;
                for chunk in docs.chunks(7) {
                    // Every document shares the site's footer block.
                    let batch: Vec<_> = chunk
                        .iter()
                        .map(|doc| Put {
                            site_key: Some("velmora.example"),
                            fingerprints: &[SHARED_BLOCK, 7],
                            ..doc.put()
                        })
                        .collect();
                    new += store
                        .put_batch(&batch)
                        .unwrap()
                        .iter()
                        .filter(|o| **o == PutOutcome::New)
                        .count();
                }
                new
            })
        })
        .collect();
    let new: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(
        new,
        docs.len(),
        "each document is new to exactly one writer"
    );
    let stats = holder.stats().unwrap();
    assert_eq!((stats.documents, stats.articles), (40, 40));
    let hits = holder.search("bulletin", usize::MAX).unwrap();
    assert_eq!(hits.len(), 40);
    assert_eq!(
        holder.site_blocks("velmora.example").unwrap(),
        [(7, 40), (SHARED_BLOCK, 40)]
    );
}

/// Workers (issue 13, item 2): a document read at two places is kept from
/// the earlier one, whichever worker stored it first, with the article,
/// names and facts of that record; a later or the same place leaves it.
#[test]
fn a_document_is_kept_from_the_earliest_place_it_was_read_at() {
    let Some(backend) = backend("a_document_is_kept_from_the_earliest_place_it_was_read_at") else {
        return;
    };
    let holder = backend.fresh();
    let url = holder.pg_url().unwrap().to_string();
    let mut store = PgStore::open(&url).unwrap();
    // The same wire text, carried by two files under other links and days.
    let record = |file: &str, day: &str, link: &str| {
        let mut doc = Doc::new(
            "Portavel ferry crews stop work",
            &["The ferry crews of Portavel stopped work on the morning shift."],
        )
        .published(day)
        .naming(&[common::organisation("Portavel")]);
        doc.article.url = Some(link.to_string());
        doc.raw.origin.path = Some(file.to_string());
        let event = doc.event("stopped", "141", Some("PRTLAB"), None, Some(day));
        doc.facts.events = vec![event];
        doc
    };
    let late = record("wire-03.jsonl", "2026-03-07", "https://wire.example/3/2");
    let early = record("wire-01.jsonl", "2026-03-01", "https://wire.example/1/5");
    assert_eq!(late.id(), early.id(), "one text, one id");
    fn on_site<'a>(doc: &'a Doc, site: &'static str) -> Put<'a> {
        Put {
            site_key: Some(site),
            fingerprints: &[7, 7, 9],
            ..doc.put()
        }
    }

    // The later place is read first (another worker got there first).
    let kept = store
        .put_batch_at(&[on_site(&late, "late.example")], 3, &[2])
        .unwrap();
    assert_eq!(kept, [Kept::New]);
    let kept = store
        .put_batch_at(&[on_site(&early, "early.example")], 1, &[5])
        .unwrap();
    assert_eq!(kept, [Kept::Replaced]);
    // A later place, and the same place again (a job taken over), leave it.
    for (job, pos) in [(2, 0), (1, 5), (3, 2)] {
        let kept = store
            .put_batch_at(&[on_site(&late, "late.example")], job, &[pos])
            .unwrap();
        assert_eq!(kept, [Kept::Present], "({job}, {pos})");
    }

    let stored = holder.article(late.id().as_str()).unwrap().unwrap();
    assert_eq!(
        stored.article.url.as_deref(),
        Some("https://wire.example/1/5")
    );
    assert_eq!(
        stored.article.published.map(|p| p.to_string()).as_deref(),
        Some("2026-03-01")
    );
    let raw = holder.raw(late.id()).unwrap().unwrap();
    assert_eq!(raw.origin.path.as_deref(), Some("wire-01.jsonl"));
    // The merged event is the early record's; the late one's is gone.
    let events = holder
        .events(&tidings_store::EventFilter::default(), 10)
        .unwrap();
    let days: Vec<_> = events
        .iter()
        .map(|e| e.date.map(|d| d.to_string()))
        .collect();
    assert_eq!(days, [Some("2026-03-01".to_string())]);
    assert_eq!((events[0].mentions, events[0].articles), (1, 1));
    // One document, named once; its blocks counted once, for its site.
    let stats = holder.stats().unwrap();
    assert_eq!((stats.documents, stats.articles), (1, 1));
    let portavel = holder.entity("Portavel", 10).unwrap().unwrap();
    assert_eq!(portavel.entity.articles, 1);
    assert_eq!(
        holder.site_blocks("early.example").unwrap(),
        [(7, 1), (9, 1)]
    );
    assert!(holder
        .site_blocks("late.example")
        .unwrap()
        .iter()
        .all(|(_, docs)| *docs == 0));
    // Where it was kept from.
    let other = bulletin(1);
    let found = store.kept_at(&[late.id(), other.id()]).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[late.id()], Some((1, 5)));
    // Positions must match the batch.
    let err = store.put_batch_at(&[other.put()], 1, &[]).unwrap_err();
    assert!(err.to_string().contains("0 positions"), "{err}");
}
