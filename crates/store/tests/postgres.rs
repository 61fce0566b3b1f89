//! What only the PostgreSQL store has to show: its schema version, its
//! errors in our words, and the parts of the trait it refuses until they
//! are written. Skipped (with a message) when `TIDINGS_TEST_PG` is not set.
#![cfg(feature = "postgres")]

mod common;

use common::{corpus, person, pg::TestDatabase, Backend, Doc};
use tidings_model::{DocId, Placement};
use tidings_store::{Error, EventFilter, PgStore, PG_SCHEMA_VERSION};

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
fn a_batch_with_annotations_facts_or_a_placement_is_refused_whole() {
    let Some(backend) = backend("a_batch_with_annotations_facts_or_a_placement_is_refused_whole")
    else {
        return;
    };
    let mut store = backend.fresh();
    let docs = corpus();
    let named = docs[1].clone().naming(&[person("Velmora")]);
    let placed = docs[2].clone().placed(Placement {
        seq: 0,
        story: 1,
        storyline: None,
        duplicate_of: None,
        similarity: None,
        time: 0,
        signature: None,
        relinked: vec![],
        merged: vec![],
    });
    for (odd, what) in [
        (&named, "storing annotations"),
        (&placed, "storing placements"),
    ] {
        let err = store.put_batch(&[docs[0].put(), odd.put()]).unwrap_err();
        assert!(matches!(err, Error::Unimplemented { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            format!("{what} is not implemented on PostgreSQL yet")
        );
    }
    assert_eq!(store.stats().unwrap().documents, 0);
    assert!(!store.contains(docs[0].id()).unwrap());
}

#[test]
fn what_is_not_written_yet_says_so() {
    let Some(backend) = backend("what_is_not_written_yet_says_so") else {
        return;
    };
    let mut store = backend.fresh();
    let docs = corpus();
    store.put_batch(&[docs[0].put()]).unwrap();
    let id: &DocId = docs[0].id();
    let errors = [
        store.annotations(id).map(drop),
        store.facts(id).map(drop),
        store.entities(None, 10).map(drop),
        store.events(&EventFilter::default(), 10).map(drop),
        store.quotes(None, 10).map(drop),
        store.figures(None, 10).map(drop),
        store.placement(id).map(drop),
        store.next_seq().map(drop),
        store.dedup_snapshot().map(drop),
        store.storylines(10).map(drop),
        store.replace_articles(&[docs[0].put()]),
        store.clear_placements(),
    ];
    for result in errors {
        let err = result.unwrap_err();
        assert!(matches!(err, Error::Unimplemented { .. }), "{err}");
        assert!(
            err.to_string()
                .ends_with("is not implemented on PostgreSQL yet"),
            "{err}"
        );
    }
    // What is written still answers.
    assert!(store.contains(id).unwrap());
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
