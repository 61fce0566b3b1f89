//! Crash safety: a writer killed with SIGKILL in the middle of an ingest loses
//! nothing it committed and leaves no half-written article.
//!
//! The test binary re-executes itself as the writer (told so by an environment
//! variable). The writer stores batches forever and prints `committed <n>`
//! after each commit; the parent reads a few of those lines, kills it, reopens
//! the store and checks every invariant that ties raw rows, articles, the
//! full-text index and the site blocks together.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{person, place, Doc, Named};
use tidings_model::{Figure, Placement, Qualifier, Quote};
use tidings_store::{EventFilter, Put, SqliteStore, Store, StoryFilter, StoryOrder};

/// Set (to the store directory) when the test binary runs as the writer child.
const WRITER_DIR: &str = "TIDINGS_STORE_CRASH_WRITER_DIR";
/// Documents per batch.
const BATCH: usize = 25;
/// Commits the parent waits for before it kills the writer.
const COMMITS_BEFORE_KILL: usize = 6;
/// Bulletins per story.
const STORY: u64 = 10;
/// The block fingerprint every document shares.
const SHARED_BLOCK: u64 = 0xC0FF_EE00_DEAD_BEEF;

#[test]
fn a_killed_writer_loses_nothing_committed() {
    if let Some(dir) = std::env::var_os(WRITER_DIR) {
        write_until_killed(Path::new(&dir));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Kill at different moments of a batch; each round starts from the store
    // the crash before left behind.
    for delay_ms in [0, 2, 5, 9] {
        let committed = run_writer_and_kill(dir.path(), delay_ms);
        check_store(dir.path(), committed);
    }
    // The store takes new writes after the crashes.
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let before = store.stats().unwrap().articles;
    let after = Doc::new("Calm after the storm", &["The lighthouse keeper slept."]);
    store.put_batch(&[after.put()]).unwrap();
    assert_eq!(store.stats().unwrap().articles, before + 1);
}

/// Starts the writer on `dir`, waits for a few commits, then SIGKILLs it
/// `delay_ms` later. Returns the last article number it reported committed.
fn run_writer_and_kill(dir: &Path, delay_ms: u64) -> u64 {
    let child = Command::new(std::env::current_exe().unwrap())
        .args([
            "a_killed_writer_loses_nothing_committed",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut writer = KillOnDrop(child);
    let stdout = writer.0.stdout.take().unwrap();

    let mut committed = 0_u64;
    let mut commits = 0;
    // Kept open until the writer is dead: a closed pipe would make it stop on
    // its own (a failed print) instead of being killed.
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        // The harness may print its own words before ours on the same line.
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

/// Reopens the store after a crash and checks that everything committed is
/// there and that raw rows, articles, index and block counts agree.
fn check_store(dir: &Path, committed: u64) {
    let store = SqliteStore::open(dir).unwrap();
    let stats = store.stats().unwrap();
    println!(
        "writer killed after {committed} committed; {} stored",
        stats.articles
    );
    assert!(
        stats.articles >= committed,
        "{} articles after {committed} were committed",
        stats.articles
    );
    assert_eq!(stats.articles % BATCH as u64, 0, "no partial batch");
    assert_eq!(
        stats.documents, stats.articles,
        "every raw row has its article"
    );

    // Every article has its raw row and its index entry, and nothing else is indexed.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let count = |sql: &str| -> u64 {
        let n: i64 = conn.query_row(sql, [], |row| row.get(0)).unwrap();
        n as u64
    };
    assert_eq!(
        count("SELECT count(*) FROM articles a LEFT JOIN raw r ON r.id = a.id WHERE r.id IS NULL"),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'lighthouse'"),
        stats.articles
    );
    assert_eq!(
        store.search("lighthouse", usize::MAX).unwrap().len() as u64,
        stats.articles
    );
    for id in store.ids().unwrap() {
        let stored = store.article(id.as_str()).unwrap().unwrap();
        let title = stored.article.title.unwrap();
        let number = title.rsplit(' ').next().unwrap();
        let hits = store.search(&format!("\"bulletin {number}\""), 5).unwrap();
        assert_eq!(hits.len(), 1, "{title}");
        assert_eq!(hits[0].id, id);
        assert_eq!(store.raw(&id).unwrap().unwrap().id, id);
        // Annotations and facts came with their article, whole.
        let expected = bulletin(number.parse().unwrap());
        assert_eq!(expected.id(), &id);
        assert_eq!(
            store.annotations(&id).unwrap().unwrap(),
            expected.annotations
        );
        assert_eq!(store.facts(&id).unwrap().unwrap(), expected.facts);
        // So did its placement.
        let placement = store.placement(&id).unwrap().unwrap();
        assert_eq!(placement.story, expected.placement.unwrap().story);
    }
    // Stories count exactly the committed articles.
    assert_eq!(store.next_seq().unwrap(), stats.articles);
    let stories = store
        .stories(&StoryFilter::default(), StoryOrder::Biggest, usize::MAX)
        .unwrap();
    assert_eq!(stories.len() as u64, stats.articles.div_ceil(STORY));
    assert_eq!(
        stories.iter().map(|s| s.articles).sum::<u64>(),
        stats.articles
    );
    // Store-wide entities count exactly the committed articles.
    let stats = store.stats().unwrap();
    assert_eq!(stats.mentions, 3 * stats.articles);
    if stats.articles > 0 {
        assert_eq!(stats.entities, 2);
        let point = store.entity("Gull Point", 0).unwrap().unwrap().entity;
        assert_eq!(
            (point.articles, point.mentions),
            (stats.articles, stats.articles)
        );
        let keeper = store.entity("roskov", 0).unwrap().unwrap().entity;
        assert_eq!(keeper.name, "Ina Roskov");
        assert_eq!(
            (keeper.articles, keeper.mentions),
            (stats.articles, 2 * stats.articles)
        );
    }
    // Merged events count exactly the committed articles: the signing every
    // bulletin reports for the same day is one event, each undated log entry
    // one of its own.
    assert_eq!(stats.event_mentions, 2 * stats.articles);
    assert_eq!(
        (stats.quotes, stats.figures),
        (stats.articles, stats.articles)
    );
    if stats.articles > 0 {
        assert_eq!(stats.events, 1 + stats.articles);
        let signed = EventFilter {
            code: Some("057".into()),
            ..EventFilter::default()
        };
        let signing = store.events(&signed, 10).unwrap();
        assert_eq!(signing.len(), 1);
        assert_eq!(
            (signing[0].mentions, signing[0].articles, signing[0].sources),
            (stats.articles, stats.articles, stats.articles)
        );
        assert_eq!(signing[0].stories, stats.articles.div_ceil(STORY));
        assert_eq!(
            store
                .events(&EventFilter::default(), usize::MAX)
                .unwrap()
                .len() as u64,
            stats.events
        );
    } else {
        assert_eq!(stats.events, 0);
    }
    // Block counts moved with the documents: the shared block once per
    // document, block `i` once per batch.
    let batches = (stats.articles / BATCH as u64) as u32;
    let mut expected: Vec<(u64, u32)> = (0..BATCH as u64).map(|i| (i, batches)).collect();
    expected.push((SHARED_BLOCK, stats.articles as u32));
    assert_eq!(store.site_blocks("velmora.example").unwrap(), expected);

    let report: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(report, "ok");
    store.check_integrity().unwrap();
}

/// The entities every bulletin names.
fn bulletin_entities() -> Vec<Named> {
    vec![place("Gull Point"), person("Ina Roskov").alias("Roskov")]
}

/// Bulletin number `n`, annotated, with its facts: the keeper signing (the
/// same event, on the same day, in every bulletin), the bulletin's undated log
/// entry, the keeper's words and the ships she counted.
fn bulletin(n: u64) -> Doc {
    let filler = "Tide, wind and swell were recorded at the harbour mouth every hour. ".repeat(30);
    let mut doc = Doc::new(
        &format!("Velmora tide bulletin {n}"),
        &[
            &format!(
                "The lighthouse at Gull Point logged bulletin {n}. \
                 Keeper Ina Roskov signed it. Roskov then slept. \
                 “All quiet,” she wrote of 3 ships at anchor."
            ),
            &filler,
        ],
    )
    .naming(&bulletin_entities())
    .placed(Placement {
        seq: n - 1,
        time: 1_772_323_200 + n as i64 * 600,
        story: (n - 1) / STORY,
        storyline: None,
        duplicate_of: None,
        similarity: None,
        signature: Some(n.to_le_bytes().to_vec()),
        relinked: vec![],
        merged: vec![],
        stories_merged: vec![],
    });
    let signing = doc.event("signed", "057", Some("VELGOV"), None, Some("2026-03-01"));
    let logged = doc.event("logged", "010", Some("VELGOV"), None, None);
    doc.facts.events = vec![signing, logged];
    let words = doc.span_of("All quiet,");
    doc.facts.quotes.push(Quote {
        span: words,
        text: "All quiet,".into(),
        speaker: Some("Ina Roskov".into()),
        speaker_entity: Some(1),
        cue: "wrote".into(),
        direct: true,
        sentence: doc.sentence_of(words).0,
    });
    let ships = doc.span_of("3 ships");
    doc.facts.figures.push(Figure {
        kind: "other".into(),
        value: 3.0,
        high: None,
        words: None,
        qualifier: Qualifier::Exact,
        counts: "ships".into(),
        unit: None,
        source: Some("Ina Roskov".into()),
        source_entity: Some(1),
        sentence: doc.sentence_of(ships).0,
        span: ships,
    });
    doc
}

/// The writer child: stores numbered bulletins in batches until killed.
fn write_until_killed(dir: &Path) {
    let mut store = SqliteStore::open(dir).unwrap();
    // Batches are whole, so the articles stored are bulletins 1..=count.
    let mut next = store.stats().unwrap().articles;
    // A cap so that an orphaned writer cannot run forever.
    for _ in 0..100_000 {
        let docs: Vec<Doc> = (0..BATCH)
            .map(|_| {
                next += 1;
                bulletin(next)
            })
            .collect();
        let fingerprints: Vec<Vec<u64>> = docs
            .iter()
            .enumerate()
            .map(|(i, _)| vec![SHARED_BLOCK, SHARED_BLOCK, i as u64])
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

/// Makes sure the writer dies even if an assertion fails first.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
