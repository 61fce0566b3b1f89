//! Many `tidings ingest` processes on one PostgreSQL store (issue 13, item
//! 2): every document stored once, nothing lost, stories and duplicates the
//! same as one process; a worker killed with SIGKILL has its job finished by
//! the others. Needs a server: `TIDINGS_TEST_PG` (see
//! `scripts/pg-test-server.sh`); without it the tests say so and pass.

#![cfg(feature = "postgres")]

mod common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{json_lines, repo_root, stderr, stdout, Sandbox};

/// A database of its own on the test server, dropped afterwards.
struct Database {
    admin: String,
    name: String,
    url: String,
}

type Rows = Vec<Vec<Option<String>>>;

impl Database {
    fn create(test: &str, n: usize) -> Option<Database> {
        let Ok(admin) = std::env::var("TIDINGS_TEST_PG") else {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "skipping {test}: TIDINGS_TEST_PG is not set \
                 (eval \"$(scripts/pg-test-server.sh start)\" sets it)"
            );
            return None;
        };
        // The test's name keeps databases of tests run side by side apart
        // (two tests that both asked for number 4 dropped each other's).
        let name = format!("tidings_workers_{}_{test}_{n}", std::process::id());
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        let url = format!("{base}/{name}");
        Some(Database { admin, name, url })
    }

    fn query_i64(&self, sql: &str) -> i64 {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        client.query_one(sql, &[]).unwrap().get(0)
    }

    /// Rows of text columns (`None` for NULL), in the query's order.
    fn query_texts(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).unwrap();
        client
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
            .collect()
    }

    /// What the clusterer decided, free of numbering: each story as the
    /// set of its articles, each copy as (copy, original), and the merged
    /// events by what makes them one (codes and day) with their counts.
    fn decisions(&self) -> (Rows, Rows, Rows) {
        let stories = self.query_texts(
            "SELECT string_agg(article, ',' ORDER BY article) FROM placements \
             GROUP BY story ORDER BY 1",
        );
        let copies = self.query_texts(
            "SELECT article, duplicate_of FROM placements \
             WHERE duplicate_of IS NOT NULL ORDER BY 1",
        );
        let events = self.query_texts(
            "SELECT key, format('%s %s %s %s', mentions, articles, sources, stories) \
             FROM events ORDER BY 1",
        );
        (stories, copies, events)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Invented wire copy: `files` JSONL files of `per_file` reports each, about
/// a few recurring happenings (so there are stories), with every fifth
/// report an exact copy of one in an earlier file (so there are duplicates
/// across jobs), plus the example corpus.
fn corpus(sandbox: &Sandbox, files: usize, per_file: usize) {
    let places = ["Velmora", "Portavel", "Dunmere", "Kessing", "Orin"];
    let happenings = [
        ("dockworkers extend their strike", "The dockworkers' union said the strike at the port of {p} would go on until the Harbour Authority of {p} returned to talks. Ships waited outside the harbour for a {n}th day."),
        ("ferry service resumes after storm", "Ferries sailed again from {p} on day {n} after the storm damaged a loading ramp. The operator said the full timetable would return by the weekend."),
        ("council votes on cafe fees", "The council of {p} voted on the new fees for cafe terraces in session {n}. Owners said the fees would close small businesses."),
        ("drought lowers the lake", "The lake near {p} fell to its lowest level in {n} years, the water board said, and farmers were asked to cut irrigation."),
    ];
    let report = |file: usize, i: usize| {
        let (what, body) = happenings[(file + i) % happenings.len()];
        let place = places[(file * 7 + i) % places.len()];
        let n = (file * per_file + i) % 9 + 2;
        serde_json::json!({
            "url": format!("https://wire.example/{file}/{i}"),
            "title": format!("{place}: {what}"),
            "date": format!("2026-03-{:02}", (i % 27) + 1),
            "text": body.replace("{p}", place).replace("{n}", &n.to_string()),
        })
    };
    for file in 0..files {
        let mut lines = String::new();
        for i in 0..per_file {
            let line = if file > 0 && i % 5 == 0 {
                report(file - 1, i)
            } else {
                report(file, i)
            };
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
        sandbox.write(&format!("corpus/wire-{file:02}.jsonl"), lines);
    }
    let examples = repo_root().join("examples/corpus");
    for entry in walk(&examples) {
        let relative = entry.strip_prefix(&examples).unwrap();
        sandbox.write(
            &format!("corpus/examples/{}", relative.display()),
            std::fs::read(&entry).unwrap(),
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn worker(sandbox: &Sandbox, db: &str, lease: &str) -> Child {
    sandbox
        .cmd(&["ingest", "corpus", "--db", db, "--json", "--batch", "8"])
        .env("TIDINGS_LEASE_SECONDS", lease)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The counts, and the stories and events as exported.
fn outcome(sandbox: &Sandbox, db: &str) -> (serde_json::Value, String, String) {
    let stats = sandbox.run(&["stats", "--json", "--db", db]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    let mut stats = json_lines(&stats).remove(0);
    stats["database_bytes"] = serde_json::Value::Null;
    let stories = sandbox.run(&[
        "export", "--format", "jsonl", "--what", "stories", "--db", db,
    ]);
    assert!(stories.status.success(), "{}", stderr(&stories));
    let events = sandbox.run(&["export", "--format", "csv", "--what", "events", "--db", db]);
    assert!(events.status.success(), "{}", stderr(&events));
    (stats, stdout(&stories), stdout(&events))
}

fn new_documents(output: &std::process::Output) -> usize {
    json_lines(output)
        .iter()
        .filter(|line| line["status"] == "new")
        .count()
}

/// Three workers at once store every document once, and find the stories,
/// copies and merged events one process finds: the corpus holds the same
/// wire text under other links and days in several files, so which record
/// of it is kept (the first one process reads) decides its day, and so its
/// story and events.
#[test]
fn three_workers_find_the_stories_one_process_finds() {
    let Some(single) = Database::create("three_workers", 0) else {
        return;
    };
    let shared = Database::create("three_workers", 1).unwrap();
    let sandbox = Sandbox::new();
    corpus(&sandbox, 9, 24);

    let one = sandbox.run(&["ingest", "corpus", "--db", &single.url, "--json"]);
    assert!(one.status.success(), "{}", stderr(&one));
    let sqlite = sandbox.run(&["ingest", "corpus", "--json"]);
    assert!(sqlite.status.success(), "{}", stderr(&sqlite));
    // PostgreSQL writes a batch in a few statements and links names in
    // memory; SQLite writes row by row with the same table code: the same
    // store entities (ids, names, counts) and merged events come out.
    let export = |what: &str, db: Option<&str>| {
        let mut args = vec!["export", "--format", "jsonl", "--what", what];
        if let Some(db) = db {
            args.extend(["--db", db]);
        }
        let out = sandbox.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let sqlite_entities = export("entities", None);
    assert!(sqlite_entities.lines().count() > 20, "{sqlite_entities}");
    assert_eq!(export("entities", Some(&single.url)), sqlite_entities);
    let sqlite_events = export("events", None);
    assert!(sqlite_events.lines().count() > 1, "{sqlite_events}");
    assert_eq!(export("events", Some(&single.url)), sqlite_events);

    let workers: Vec<Child> = (0..3)
        .map(|_| worker(&sandbox, &shared.url, "60"))
        .collect();
    let outputs: Vec<_> = workers
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect();
    for output in &outputs {
        assert!(output.status.success(), "{}", stderr(output));
    }
    // Every document stored once: the three reported as many new documents
    // as one process did, and the store holds each once.
    let stored: usize = outputs.iter().map(new_documents).sum();
    assert_eq!(stored, new_documents(&one));
    let (stats, stories, _) = outcome(&sandbox, &shared.url);
    assert_eq!(stats["documents"].as_u64().unwrap() as usize, stored);
    assert!(stats["duplicates"].as_u64().unwrap() > 0, "{stats}");
    assert!(stats["stories"].as_u64().unwrap() > 1, "{stats}");
    // Every job done, by someone.
    assert_eq!(
        shared.query_i64("SELECT count(*) FROM jobs WHERE state <> 'done'"),
        0
    );
    assert!(shared.query_i64("SELECT count(DISTINCT worker) FROM jobs") >= 2);
    // The same documents and articles as one process.
    let (single_stats, single_stories, _) = outcome(&sandbox, &single.url);
    for key in [
        "documents",
        "articles",
        "paragraphs",
        "raw_bytes",
        "removed_blocks",
    ] {
        assert_eq!(stats[key], single_stats[key], "{key}");
    }
    for key in ["stories", "duplicates", "events", "entities", "mentions"] {
        assert_eq!(stats[key], single_stats[key], "{key}");
    }
    // The same stories (the same articles in each), copies and merged
    // events: placed in one order, that of one process.
    let (shared_stories, shared_copies, shared_events) = shared.decisions();
    let (single_stories_sets, single_copies, single_events) = single.decisions();
    assert!(shared_stories.len() > 1);
    assert_eq!(shared_stories, single_stories_sets);
    assert!(!shared_copies.is_empty());
    assert_eq!(shared_copies, single_copies);
    assert_eq!(shared_events, single_events);
    // Each document kept from the first place one process read it at.
    assert_eq!(
        shared.query_texts("SELECT id, url, published FROM articles ORDER BY id"),
        single.query_texts("SELECT id, url, published FROM articles ORDER BY id")
    );
    // Story numbers follow the placing order, so the exports agree too.
    assert_eq!(stories, single_stories);
    // `tidings workers` shows who did what.
    let shown = sandbox.run(&["workers", "--db", &shared.url, "--json"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let shown = json_lines(&shown).remove(0);
    assert_eq!(shown["workers"].as_array().unwrap().len(), 3, "{shown}");
    assert_eq!(shown["jobs"]["pending"], 0);
    assert_eq!(shown["jobs"]["new"].as_u64().unwrap() as usize, stored);
}

#[test]
fn a_worker_killed_mid_run_has_its_job_finished_by_the_others() {
    let Some(single) = Database::create("killed_worker", 2) else {
        return;
    };
    let shared = Database::create("killed_worker", 3).unwrap();
    let sandbox = Sandbox::new();
    corpus(&sandbox, 4, 120);
    let one = sandbox.run(&["ingest", "corpus", "--db", &single.url, "-q"]);
    assert!(one.status.success(), "{}", stderr(&one));

    // The first worker is killed once it has stored part of its first job.
    let mut doomed = worker(&sandbox, &shared.url, "2");
    let started = Instant::now();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the worker stored nothing"
        );
        std::thread::sleep(Duration::from_millis(50));
        let ready = postgres::Client::connect(&shared.url, postgres::NoTls)
            .ok()
            .and_then(|mut client| {
                client
                    .query_one("SELECT count(*) FROM doc_order", &[])
                    .ok()
                    .map(|row| row.get::<_, i64>(0))
            })
            .unwrap_or(0);
        if ready > 0 {
            break;
        }
    }
    doomed.kill().unwrap(); // SIGKILL
    doomed.wait().unwrap();
    let unfinished = shared.query_i64("SELECT count(*) FROM jobs WHERE state = 'claimed'");
    assert_eq!(unfinished, 1, "the killed worker held one job");

    let others: Vec<Child> = (0..2).map(|_| worker(&sandbox, &shared.url, "2")).collect();
    let mut took_over = false;
    for child in others {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        took_over |= json_lines(&output)
            .iter()
            .any(|line| line["status"] == "present");
    }
    assert!(
        took_over,
        "a survivor re-read the killed worker's stored documents"
    );
    assert_eq!(
        shared.query_i64("SELECT count(*) FROM jobs WHERE state <> 'done'"),
        0
    );
    assert!(shared.query_i64("SELECT max(attempts) FROM jobs") >= 2);
    // Nothing lost or doubled.
    let (stats, _, _) = outcome(&sandbox, &shared.url);
    let (single_stats, _, _) = outcome(&sandbox, &single.url);
    for key in ["documents", "articles", "paragraphs", "raw_bytes"] {
        assert_eq!(stats[key], single_stats[key], "{key}");
    }
}

/// A worker whose connections are cut mid-run (the server terminates
/// them, as a restart or a network cut would) stops with a clear message;
/// what it committed is whole (every stored document has its article and
/// its place), the batch it was writing left no trace, and a new worker
/// finishes the run with nothing lost or doubled.
#[test]
fn a_connection_dropped_mid_batch_leaves_whole_batches_and_the_run_resumes() {
    let Some(single) = Database::create("dropped_connection", 4) else {
        return;
    };
    let shared = Database::create("dropped_connection", 5).unwrap();
    let sandbox = Sandbox::new();
    corpus(&sandbox, 4, 120);
    let one = sandbox.run(&["ingest", "corpus", "--db", &single.url, "-q"]);
    assert!(one.status.success(), "{}", stderr(&one));

    let doomed = worker(&sandbox, &shared.url, "2");
    let started = Instant::now();
    let stored = || {
        // No table until the worker made the schema.
        postgres::Client::connect(&shared.url, postgres::NoTls)
            .ok()
            .and_then(|mut client| client.query_one("SELECT count(*) FROM doc_order", &[]).ok())
            .map_or(0, |row| row.get::<_, i64>(0))
    };
    while stored() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the worker stored nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let cut = shared.query_i64(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    );
    assert!(cut >= 1, "the worker's connections were cut");
    let output = doomed.wait_with_output().unwrap();
    assert!(!output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    // It names the store and says the connection went.
    assert!(message.contains(&shared.name), "{message}");
    assert!(
        [
            "terminating connection",
            "connection closed",
            "communicating with the server"
        ]
        .iter()
        .any(|said| message.contains(said)),
        "{message}"
    );
    // Whole batches only: every raw document has its article and its place.
    let documents = shared.query_i64("SELECT count(*) FROM raw");
    assert!(documents > 0);
    assert_eq!(shared.query_i64("SELECT count(*) FROM articles"), documents);
    assert_eq!(
        shared.query_i64("SELECT count(*) FROM doc_order"),
        documents
    );
    // ... and all its rows: as many as one process stored for it.
    let rows_of = "SELECT r.id, \
                   (SELECT count(*) FROM sentences s WHERE s.article = r.id)::text, \
                   (SELECT count(*) FROM mentions m WHERE m.article = r.id)::text, \
                   (SELECT count(*) FROM event_mentions e WHERE e.article = r.id)::text \
                   FROM raw r ORDER BY r.id";
    let whole = single.query_texts(rows_of);
    let stored = shared.query_texts(rows_of);
    assert!(
        stored.iter().all(|row| whole.contains(row)),
        "a document was stored in part"
    );

    // A new worker takes the job over once its lease runs out and finishes.
    let again = worker(&sandbox, &shared.url, "2")
        .wait_with_output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        shared.query_i64("SELECT count(*) FROM jobs WHERE state <> 'done'"),
        0
    );
    let (stats, stories, _) = outcome(&sandbox, &shared.url);
    let (single_stats, single_stories, _) = outcome(&sandbox, &single.url);
    for key in [
        "documents",
        "articles",
        "paragraphs",
        "raw_bytes",
        "mentions",
        "entities",
        "events",
        "stories",
        "duplicates",
    ] {
        assert_eq!(stats[key], single_stats[key], "{key}");
    }
    assert_eq!(shared.decisions(), single.decisions());
    assert_eq!(stories, single_stories);
}

#[test]
fn bad_stores_are_clear_errors() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "corpus/a.txt",
        "Ferries sail again\n\nThe ferries sail again from Portavel.",
    );
    // A server that is down (nothing listens on this port).
    let down = sandbox.run(&[
        "ingest",
        "corpus",
        "--db",
        "postgres://maren:secret@127.0.0.1:9/tidings",
    ]);
    assert!(!down.status.success());
    let message = stderr(&down);
    assert!(
        message.contains("cannot open the store in postgres://maren:***@127.0.0.1:9/tidings"),
        "{message}"
    );
    assert!(!message.contains("secret"), "{message}");
    // A URL that is no URL.
    let bad = sandbox.run(&[
        "ingest",
        "corpus",
        "--db",
        "postgres://maren@127.0.0.1:notaport/x",
    ]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("cannot open the store"),
        "{}",
        stderr(&bad)
    );
    // `tidings workers` on a SQLite store says what it needs.
    let sqlite = sandbox.run(&["workers"]);
    assert!(!sqlite.status.success());
    assert!(
        stderr(&sqlite).contains("needs a PostgreSQL store"),
        "{}",
        stderr(&sqlite)
    );

    // A store from a newer tidings is refused before anything is written.
    let Some(newer) = Database::create("bad_stores", 4) else {
        return;
    };
    let mut client = postgres::Client::connect(&newer.url, postgres::NoTls).unwrap();
    client
        .batch_execute("CREATE TABLE schema_version (version integer NOT NULL); INSERT INTO schema_version VALUES (999)")
        .unwrap();
    let refused = sandbox.run(&["ingest", "corpus", "--db", &newer.url]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("newer tidings"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        newer.query_i64("SELECT count(*) FROM information_schema.tables WHERE table_name = 'jobs'"),
        0
    );
}

/// Failures of a PostgreSQL run are printed and counted, and `--failures
/// FILE` keeps them in a file (a directory store also logs them to
/// DIR/failures.jsonl); the good file is stored all the same.
#[test]
fn failures_of_a_run_are_logged_where_asked_on_both_stores() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "corpus/a.txt",
        "Ferries sail again\n\nThe ferries sail again from Portavel after the storm, the harbour master said.",
    );
    sandbox.write("corpus/empty.txt", "");
    let log = sandbox.path().join("run-failures.jsonl");
    let log_arg = log.to_str().unwrap().to_string();
    let check = |output: &std::process::Output, log: &std::path::Path| {
        assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
        assert!(stderr(output).contains("empty.txt"), "{}", stderr(output));
        let lines: Vec<serde_json::Value> = std::fs::read_to_string(log)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0]["origin"].as_str().unwrap().ends_with("empty.txt"),
            "{lines:?}"
        );
    };

    // A directory store: both files.
    let output = sandbox.run(&["ingest", "corpus", "--failures", &log_arg]);
    check(&output, &log);
    check(&output, &sandbox.db().join("failures.jsonl"));
    std::fs::remove_file(&log).unwrap();

    let Some(db) = Database::create("failures_logged", 5) else {
        return;
    };
    let output = sandbox.run(&["ingest", "corpus", "--db", &db.url, "--failures", &log_arg]);
    check(&output, &log);
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("logged to"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(db.query_i64("SELECT count(*) FROM articles"), 1);
}
