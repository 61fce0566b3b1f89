//! Search ranks inside the full-text index first and reads only the page's
//! articles; these tests hold it to the order of the single statement it
//! replaced (`ORDER BY rank, a.id` over every match joined and cut a
//! snippet), on a generated store where many articles tie on rank (copies
//! of one text under different ids, as wire copies are), at every kind of
//! offset: inside a tie, at its edges, past the end.

mod common;

use common::{Backend, Doc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::sync::Arc;
use tidings_model::DocId;

use tidings_store::{Hit, Put, SearchMemory, SqliteStore, Store};

crate::on_both_backends! {
    a_page_is_the_slice_of_the_whole_list_and_the_count_its_length,
}

/// The statement `search` ran before it ranked inside FTS5 first, word for
/// word: the order the new plan must give.
const OLD_SEARCH: &str = "SELECT a.id, a.title, a.site, a.url, a.published, a.lang, \
                        bm25(articles_fts, 5.0, 1.0) AS rank, \
                        snippet(articles_fts, 1, '[', ']', '…', 16) \
                 FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid \
                 WHERE articles_fts MATCH ?1 \
                 ORDER BY rank, a.id \
                 LIMIT ?2";

/// Words the generated articles are made of (invented place names among
/// them), so that queries match many articles with many different ranks.
const WORDS: &[&str] = &[
    "tide", "harbour", "Velmora", "ferry", "storm", "council", "bridge", "pier", "vote", "strike",
    "Kerra", "dock", "fishing", "boats", "wind", "flood", "mayor", "budget", "rail", "Portavel",
    "night", "shift", "pay", "talks",
];

/// A small deterministic generator (xorshift64*), so the store is the same
/// in every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// `doc` under an id of its own (its bytes changed), the text unchanged:
/// a copy that ties with the original on every query.
fn copy(doc: &Doc, n: usize) -> Doc {
    let mut doc = doc.clone();
    doc.raw
        .bytes
        .extend_from_slice(format!("copy {n}").as_bytes());
    doc.raw.id = DocId::of_bytes(&doc.raw.bytes);
    doc.article.id = doc.raw.id.clone();
    doc
}

/// 720 articles: 400 copies of one text (a tie larger than the store reads
/// id by id), 6 × 30 copies of texts of different lengths (ties of 30 at
/// six ranks), and 140 texts drawn word by word (some alike by chance).
fn generated() -> Vec<Doc> {
    let mut docs = Vec::new();
    let tide = Doc::new("Tide tables", &["High tide at Velmora is at noon."]);
    docs.extend((0..400).map(|n| copy(&tide, n)));
    for length in 0..6 {
        let text = format!(
            "The harbour at Velmora {}closed for the storm.",
            "tide ".repeat(length + 1)
        );
        let notes = Doc::new("Harbour notes", &[&text]);
        docs.extend((0..30).map(|n| copy(&notes, 1000 + 100 * length + n)));
    }
    let mut rng = Rng(0x7469_6469_6e67_7321);
    for n in 0..140 {
        let title: Vec<&str> = (0..1 + rng.below(3))
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect();
        let body: Vec<&str> = (0..3 + rng.below(12))
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect();
        let doc = Doc::new(&title.join(" "), &[&format!("{}.", body.join(" "))]);
        docs.push(copy(&doc, 5000 + n));
    }
    docs
}

/// The generated store (SQLite) in a temporary directory.
fn generated_store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let docs = generated();
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    store.put_batch(&batch).unwrap();
    (dir, store)
}

/// What a hit is compared by: its id, its score and its snippet.
type Seen = (String, f64, String);

fn seen(hits: &[Hit]) -> Vec<Seen> {
    hits.iter()
        .map(|hit| (hit.id.as_str().to_string(), hit.score, hit.snippet.clone()))
        .collect()
}

/// The whole list for the FTS5 expression `fts` by the old statement, read
/// from the store's file with a connection of its own.
fn old_list(dir: &std::path::Path, fts: &str) -> Vec<Seen> {
    let conn = rusqlite::Connection::open_with_flags(
        dir.join(tidings_store::DATABASE_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut stmt = conn.prepare(OLD_SEARCH).unwrap();
    stmt.query_map(rusqlite::params![fts, -1], |row| {
        Ok((
            row.get::<_, String>(0)?,
            0.0 - row.get::<_, f64>(6)?,
            row.get::<_, Option<String>>(7)?.unwrap_or_default(),
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Checks the page `offset..offset + limit` of `query` against the old
/// statement's list for `fts`, and gives that list.
fn page_agrees(
    store: &SqliteStore,
    dir: &std::path::Path,
    query: &str,
    fts: &str,
    offset: usize,
    limit: usize,
) -> Result<Vec<Seen>, proptest::test_runner::TestCaseError> {
    let old = old_list(dir, fts);
    let page = store.search_page(query, offset, limit).unwrap();
    let expected: Vec<Seen> = old.iter().skip(offset).take(limit).cloned().collect();
    prop_assert_eq!(
        seen(&page),
        expected,
        "{} offset {} limit {}",
        query,
        offset,
        limit
    );
    Ok(old)
}

/// The user queries tried, each with the FTS5 expression the store makes of
/// it (every bare word quoted).
const QUERIES: &[(&str, &str)] = &[
    ("tide", "\"tide\""),
    ("Velmora", "\"Velmora\""),
    ("harbour", "\"harbour\""),
    ("tide OR ferry", "\"tide\" OR \"ferry\""),
    ("\"high tide\"", "\"high tide\""),
    ("tid*", "\"tid\"*"),
    ("Velmora NOT harbour", "\"Velmora\" NOT \"harbour\""),
    ("storm council", "\"storm\" \"council\""),
    ("nowhere", "\"nowhere\""),
];

#[test]
fn every_page_is_the_old_statements_slice_ties_and_offsets_included() {
    let (dir, store) = generated_store();
    let offsets = [
        0, 1, 2, 9, 10, 29, 30, 31, 255, 256, 257, 399, 400, 401, 430, 579, 580, 719, 720, 721,
        5000,
    ];
    let limits = [1, 2, 3, 10, 31, 256, 257, 1000];
    for (query, fts) in QUERIES {
        let old = old_list(dir.path(), fts);
        if !["nowhere", "storm council"].contains(query) {
            assert!(old.len() > 30, "{query} should match many articles");
        }
        assert_eq!(
            store.search_count(query).unwrap(),
            old.len() as u64,
            "{query}"
        );
        for offset in offsets {
            for limit in limits {
                let page = store.search_page(query, offset, limit).unwrap();
                let expected: Vec<Seen> = old.iter().skip(offset).take(limit).cloned().collect();
                assert_eq!(
                    seen(&page),
                    expected,
                    "{query} offset {offset} limit {limit}"
                );
            }
        }
        for limit in limits {
            let first = store.search(query, limit).unwrap();
            let expected: Vec<Seen> = old.iter().take(limit).cloned().collect();
            assert_eq!(seen(&first), expected, "{query} limit {limit}");
        }
    }
}

#[test]
fn the_big_tie_is_cut_by_id_at_any_page() {
    // "noon" is in the 400 copies only: one rank, the id decides everything.
    let (dir, store) = generated_store();
    let old = old_list(dir.path(), "\"noon\"");
    assert_eq!(old.len(), 400);
    assert!(old.windows(2).all(|w| w[0].1 == w[1].1 && w[0].0 < w[1].0));
    for (offset, limit) in [(0, 10), (7, 3), (390, 20), (100, 256)] {
        let page = store.search_page("noon", offset, limit).unwrap();
        let expected: Vec<Seen> = old.iter().skip(offset).take(limit).cloned().collect();
        assert_eq!(seen(&page), expected, "offset {offset} limit {limit}");
    }
}

#[test]
fn random_queries_pages_agree_with_the_old_statement() {
    let (dir, store) = generated_store();
    let word = proptest::sample::select(WORDS);
    let strategy = (
        proptest::collection::vec(
            (word, prop_oneof![Just(""), Just(" OR "), Just(" NOT ")]),
            1..4,
        ),
        0usize..760,
        1usize..300,
    );
    let mut runner = TestRunner::new(Config {
        cases: 96,
        ..Config::default()
    });
    runner
        .run(&strategy, |(terms, offset, limit)| {
            // Words joined by the drawn operators ("" is AND); an operator
            // with nothing after it is dropped.
            let mut query = String::new();
            let mut fts = String::new();
            for (i, (word, _)) in terms.iter().enumerate() {
                if i > 0 {
                    let op = if terms[i - 1].1.is_empty() {
                        " "
                    } else {
                        terms[i - 1].1
                    };
                    query.push_str(op);
                    fts.push_str(op);
                }
                query.push_str(word);
                fts.push_str(&format!("\"{word}\""));
            }
            let old = page_agrees(&store, dir.path(), &query, &fts, offset, limit)?;
            prop_assert_eq!(store.search_count(&query).unwrap(), old.len() as u64);
            Ok(())
        })
        .unwrap();
}

fn a_page_is_the_slice_of_the_whole_list_and_the_count_its_length(backend: Backend) {
    let mut store = backend.fresh();
    let docs: Vec<Doc> = generated().into_iter().step_by(4).collect();
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    store.put_batch(&batch).unwrap();
    for query in ["tide", "Velmora OR ferry", "harbour storm"] {
        let all = store.search(query, usize::MAX).unwrap();
        assert!(all.len() > 10, "{query}");
        assert_eq!(store.search_count(query).unwrap(), all.len() as u64);
        for (offset, limit) in [(0, 5), (3, 10), (all.len() - 2, 10), (all.len(), 3)] {
            let page = store.search_page(query, offset, limit).unwrap();
            let expected: Vec<Hit> = all.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(page, expected, "{query} offset {offset} limit {limit}");
        }
    }
}

/// A read-only connection to the store in `dir` that ranks in `memory`.
fn remembering(dir: &std::path::Path, memory: &Arc<SearchMemory>) -> SqliteStore {
    let mut store = SqliteStore::open_read_only(dir).unwrap();
    store.use_search_memory(Arc::clone(memory));
    store
}

/// Queries the memory ranks (words, phrases, AND, OR, NOT), with the FTS5
/// expression of each; a prefix falls back to FTS5 and must give the same
/// list too.
const WORD_QUERIES: &[(&str, &str)] = &[
    ("tide", "\"tide\""),
    ("TIDE", "\"TIDE\""),
    ("Storms", "\"Storms\""),
    ("harbour storm", "\"harbour\" \"storm\""),
    ("harbour AND storm", "\"harbour\" AND \"storm\""),
    ("storm storm", "\"storm\" \"storm\""),
    ("Velmora tide noon", "\"Velmora\" \"tide\" \"noon\""),
    ("council nowhere", "\"council\" \"nowhere\""),
    ("\"high tide\" noon", "\"high tide\" \"noon\""),
    ("\"tide tide\"", "\"tide tide\""),
    ("\"night shift pay\"", "\"night shift pay\""),
    ("night-shift", "\"night-shift\""),
    ("Velmora-Portavel", "\"Velmora-Portavel\""),
    ("tide OR ferry", "\"tide\" OR \"ferry\""),
    ("tide OR ferry storm", "\"tide\" OR \"ferry\" \"storm\""),
    ("Velmora NOT harbour", "\"Velmora\" NOT \"harbour\""),
    ("storm NOT tide ferry", "\"storm\" NOT \"tide\" \"ferry\""),
    (
        "storm AND ferry OR tide NOT noon",
        "\"storm\" AND \"ferry\" OR \"tide\" NOT \"noon\"",
    ),
    ("tid*", "\"tid\"*"),
    ("Storms*", "\"Storms\"*"),
    ("Velm* harbour", "\"Velm\"* \"harbour\""),
    ("fish* OR ferr*", "\"fish\"* OR \"ferr\"*"),
    ("\"night shi\"*", "\"night shi\"*"),
];

#[test]
fn ranked_in_memory_every_page_is_the_old_statements_slice() {
    let (dir, _writer) = generated_store();
    let memory = Arc::new(SearchMemory::new(1 << 20));
    let store = remembering(dir.path(), &memory);
    for (query, fts) in WORD_QUERIES {
        let old = old_list(dir.path(), fts);
        for (offset, limit) in [(0, 10), (0, 1), (5, 31), (395, 20), (0, 256), (700, 50)] {
            let page = store.search_page(query, offset, limit).unwrap();
            let expected: Vec<Seen> = old.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(
                seen(&page),
                expected,
                "{query} offset {offset} limit {limit}"
            );
        }
    }
    // The words were kept: the memory holds postings now.
    assert!(memory.held() > 0);
}

#[test]
fn phrases_prefixes_and_or_of_phrases_are_ranked_in_memory_not_left_to_fts5() {
    let (dir, _writer) = generated_store();
    for query in [
        "tid*",
        "\"night shift\"",
        "night-shift",
        "storm AND tide ferry",
        "tide OR ferry",
        "tide OR \"night shift\" OR fish*",
    ] {
        let memory = Arc::new(SearchMemory::new(1 << 20));
        let store = remembering(dir.path(), &memory);
        assert!(!store.search_page(query, 0, 10).unwrap().is_empty());
        assert!(memory.held() > 0, "{query} was not ranked in memory");
    }
    // Under a NOT, or an AND under an OR, FTS5 counts by where its
    // iterators stand: left to it.
    for query in [
        "storm NOT tide",
        "tide OR ferry AND storm",
        "tide OR ferry storm",
    ] {
        let memory = Arc::new(SearchMemory::new(1 << 20));
        let store = remembering(dir.path(), &memory);
        assert!(!store.search_page(query, 0, 10).unwrap().is_empty());
        assert_eq!(memory.held(), 0, "{query} was ranked in memory");
    }
}

#[test]
fn a_write_to_the_store_is_seen_by_the_memory_of_another_connection() {
    let (dir, mut writer) = generated_store();
    let memory = Arc::new(SearchMemory::new(1 << 20));
    let store = remembering(dir.path(), &memory);
    let before = store.search_page("harbour storm", 0, 10).unwrap();
    assert_eq!(
        seen(&before),
        old_list(dir.path(), "\"harbour\" \"storm\"")[..10].to_vec()
    );
    // New articles that rank first for the query: the kept postings and
    // sizes no longer describe the index.
    let news: Vec<Doc> = (0..3)
        .map(|n| {
            Doc::new(
                &format!("Harbour storm {n}"),
                &["Harbour storm harbour storm."],
            )
        })
        .collect();
    let batch: Vec<Put<'_>> = news.iter().map(Doc::put).collect();
    writer.put_batch(&batch).unwrap();
    let after = store.search_page("harbour storm", 0, 10).unwrap();
    let old = old_list(dir.path(), "\"harbour\" \"storm\"");
    assert_eq!(seen(&after), old[..10].to_vec());
    let new_ids: Vec<String> = news.iter().map(|d| d.raw.id.as_str().to_string()).collect();
    assert!(after
        .iter()
        .take(3)
        .all(|hit| new_ids.contains(&hit.id.as_str().to_string())));
    assert_ne!(seen(&before), seen(&after));
}

#[test]
fn random_queries_ranked_in_memory_agree_with_the_old_statement() {
    let (dir, _writer) = generated_store();
    // A small budget: words are let go and read again as queries come.
    let memory = Arc::new(SearchMemory::new(4 * 1024));
    let store = remembering(dir.path(), &memory);
    // A term: a word, the start of one, or two words as a phrase or joined
    // by a hyphen.
    let term = prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_string),
        (proptest::sample::select(WORDS), 1usize..4)
            .prop_map(|(w, n)| format!("{}*", &w[..n.min(w.len())])),
        (
            proptest::sample::select(WORDS),
            proptest::sample::select(WORDS)
        )
            .prop_map(|(a, b)| format!("\"{a} {b}\"")),
        (
            proptest::sample::select(WORDS),
            proptest::sample::select(WORDS)
        )
            .prop_map(|(a, b)| format!("{a}-{b}")),
    ];
    let op = prop_oneof![
        Just(" "),
        Just(" "),
        Just(" AND "),
        Just(" OR "),
        Just(" NOT ")
    ];
    let strategy = (
        term.clone(),
        proptest::collection::vec((op, term), 0..4),
        0usize..760,
        1usize..60,
    );
    let mut runner = TestRunner::new(Config {
        cases: 160,
        ..Config::default()
    });
    runner
        .run(&strategy, |(first, rest, offset, limit)| {
            let quoted = |term: &str| {
                if term.starts_with('"') {
                    term.to_string()
                } else if let Some(start) = term.strip_suffix('*') {
                    format!("\"{start}\"*")
                } else {
                    format!("\"{term}\"")
                }
            };
            let mut query = first.clone();
            let mut fts = quoted(&first);
            for (op, term) in &rest {
                query.push_str(op);
                query.push_str(term);
                fts.push_str(op);
                fts.push_str(&quoted(term));
            }
            page_agrees(&store, dir.path(), &query, &fts, offset, limit)?;
            Ok(())
        })
        .unwrap();
    assert!(memory.held() <= 4 * 1024);
}
