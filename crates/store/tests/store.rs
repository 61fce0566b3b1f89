//! The `Store` contract, exercised with invented news on `SqliteStore` and,
//! with the `postgres` feature and `TIDINGS_TEST_PG` set, on `PgStore`.

mod common;

use std::collections::HashMap;

use common::{corpus, Backend, Doc, TestStore};
use proptest::prelude::*;
use tidings_model::{DocId, Hints, MediaType, Origin, Published, Reason, Removed, Span};
use tidings_store::{DayRange, Error, Put, PutOutcome, SqliteStore, Store};

crate::on_both_backends! {
    a_document_and_its_article_round_trip_with_every_field,
    the_store_survives_reopening,
    unknown_ids_are_none,
    putting_twice_is_already_present_and_changes_nothing,
    a_repeat_within_one_new_batch_is_stored_once,
    a_batch_with_a_mismatched_article_stores_nothing,
    a_title_hit_ranks_above_a_body_hit,
    title_weight_beats_a_longer_body_match,
    snippets_mark_the_matches,
    stemming_case_and_diacritics_are_ignored,
    phrases_operators_and_prefixes,
    results_are_limited_and_ordered_deterministically,
    weird_queries_never_error,
    an_empty_query_is_a_clear_error,
    any_query_is_ok_or_a_clean_error,
    articles_are_found_by_a_unique_prefix_and_ambiguity_is_an_error,
    stats_count_what_is_stored,
    stats_list_at_most_twenty_sites,
    site_blocks_count_distinct_new_documents,
    ids_are_listed_in_a_stable_order,
    ids_in_ingest_order_follow_the_batches,
    articles_are_walked_in_id_order_within_the_days,
    a_walks_visitor_reads_the_same_store,
    replacing_articles_keeps_the_index_in_sync,
    replacing_an_article_without_its_raw_document_replaces_nothing,
    any_article_id_is_found_missing_or_a_clean_error,
}

fn store_with(backend: Backend, docs: &[Doc]) -> TestStore {
    let mut store = backend.fresh();
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    store.put_batch(&batch).unwrap();
    store
}

/// A SQLite store, for the tests of what only it has so far
/// (`replace_articles`, `check_integrity`).
fn sqlite_store_with(docs: &[Doc]) -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    let batch: Vec<Put<'_>> = docs.iter().map(Doc::put).collect();
    store.put_batch(&batch).unwrap();
    (dir, store)
}

/// A document with every field of `RawDoc` and `Article` filled in.
fn full_doc() -> Doc {
    let mut doc = Doc::new(
        "Harbour Authority of Portavel names a new harbourmaster",
        &[
            "Maren Tolk, a former pilot, will run the harbour of Portavel from March.",
            "She promised to clear the silted north basin “within two summers”.",
        ],
    );
    // Bytes as a Windows-1252 page would hold them: not valid UTF-8.
    doc.raw.bytes =
        b"<html><title>Harbour\x92s new master</title><p>Maren Tolk \x96 pilot</p></html>".to_vec();
    doc.raw.id = DocId::of_bytes(&doc.raw.bytes);
    doc.article.id = doc.raw.id.clone();
    doc.raw.origin = Origin {
        path: Some("warc/portavel-2026-01.warc.gz".into()),
        record: Some(17),
        offset: Some(88_412),
    };
    doc.raw.fetched = Some("2026-01-16T09:12:44.5Z".parse().unwrap());
    doc.raw.media_type = MediaType::Html;
    doc.raw.encoding = "windows-1252".into();
    doc.raw.hints = Hints {
        url: Some("https://courier.portavel.example/harbour/new-master".into()),
        title: Some("Harbour's new master".into()),
        published: Some(Published::parse("2026-01-16").unwrap()),
        site: Some("Portavel Courier".into()),
        authors: vec!["Ilse Varga".into()],
        charset: Some("windows-1252".into()),
    };
    doc.article.lang = Some("en".into());
    doc.article.published = Some(Published::parse("2026-01-16T08:30:00+01:00").unwrap());
    doc.article.site = Some("Portavel Courier".into());
    doc.article.url = Some("https://courier.portavel.example/harbour/new-master".into());
    doc.article.authors = vec!["Ilse Varga".into(), "Tomas Reke".into()];
    doc.article.removed = vec![
        Removed {
            text: "X".into(),
            reason: Reason::UiWord,
            detail: None,
        },
        Removed {
            text: "Bu sitede çerezler kullanılmaktadır.".into(),
            reason: Reason::Language,
            detail: Some("tr in an en article".into()),
        },
        Removed {
            text: "Subscribe to the Courier".into(),
            reason: Reason::Boilerplate,
            detail: Some("subscribe".into()),
        },
    ];
    doc
}

fn a_document_and_its_article_round_trip_with_every_field(backend: Backend) {
    let doc = full_doc();
    let store = store_with(backend, std::slice::from_ref(&doc));

    let stored = store.article(doc.id().as_str()).unwrap().unwrap();
    assert_eq!(stored.article, doc.article);
    assert_eq!(stored.origin, doc.raw.origin);
    assert_eq!(stored.media_type, MediaType::Html);
    assert_eq!(stored.encoding, "windows-1252");
    assert_eq!(stored.fetched, doc.raw.fetched);
    assert_eq!(stored.raw_bytes, doc.raw.bytes.len() as u64);

    let raw = store.raw(doc.id()).unwrap().unwrap();
    assert_eq!(raw, doc.raw);
    assert!(raw.text.is_empty());
    assert_eq!(
        stored.article.paragraph_texts().nth(1),
        Some("She promised to clear the silted north basin “within two summers”.")
    );
}

fn the_store_survives_reopening(backend: Backend) {
    let docs = corpus();
    let mut store = store_with(backend, &docs);
    store.reopen();
    assert_eq!(store.stats().unwrap().articles, 4);
    assert!(store.contains(docs[2].id()).unwrap());
    let stored = store.article(docs[2].id().as_str()).unwrap().unwrap();
    assert_eq!(stored.article, docs[2].article);
}

fn unknown_ids_are_none(backend: Backend) {
    let store = store_with(backend, &corpus());
    let stranger = DocId::of_bytes(b"Nothing happened in Velmora today");
    assert!(!store.contains(&stranger).unwrap());
    assert!(store.raw(&stranger).unwrap().is_none());
    assert!(store.article(stranger.as_str()).unwrap().is_none());
}

fn putting_twice_is_already_present_and_changes_nothing(backend: Backend) {
    let docs = corpus();
    let mut store = backend.fresh();
    const FINGERPRINTS: [u64; 3] = [11, 22, 33];
    fn with_blocks(doc: &Doc) -> Put<'_> {
        Put {
            site_key: Some("portavel.example"),
            fingerprints: &FINGERPRINTS,
            ..doc.put()
        }
    }

    let first: Vec<Put<'_>> = docs.iter().map(with_blocks).collect();
    assert_eq!(store.put_batch(&first).unwrap(), vec![PutOutcome::New; 4]);
    let stats = store.stats().unwrap();
    let blocks = store.site_blocks("portavel.example").unwrap();
    assert_eq!(blocks, vec![(11, 4), (22, 4), (33, 4)]);

    // The same documents again, one of them twice within the batch, with an
    // edited article that must not replace the stored one.
    let mut edited = docs[0].clone();
    edited.article.title = Some("Edited title".into());
    let again = vec![
        with_blocks(&edited),
        with_blocks(&docs[1]),
        with_blocks(&docs[1]),
    ];
    assert_eq!(
        store.put_batch(&again).unwrap(),
        vec![PutOutcome::AlreadyPresent; 3]
    );
    assert_eq!(store.stats().unwrap(), stats);
    assert_eq!(store.site_blocks("portavel.example").unwrap(), blocks);
    let stored = store.article(docs[0].id().as_str()).unwrap().unwrap();
    assert_eq!(stored.article.title, docs[0].article.title);
}

fn a_repeat_within_one_new_batch_is_stored_once(backend: Backend) {
    let doc = Doc::new(
        "Gull Point light relit",
        &["The lighthouse on Gull Point shone again on Friday."],
    );
    let mut store = backend.fresh();
    let outcomes = store.put_batch(&[doc.put(), doc.put()]).unwrap();
    assert_eq!(outcomes, [PutOutcome::New, PutOutcome::AlreadyPresent]);
    assert_eq!(store.stats().unwrap().documents, 1);
    assert_eq!(store.search("lighthouse", 10).unwrap().len(), 1);
}

fn a_batch_with_a_mismatched_article_stores_nothing(backend: Backend) {
    let docs = corpus();
    let mut store = backend.fresh();
    let wrong = Put {
        article: &docs[3].article,
        ..docs[2].put()
    };
    let err = store.put_batch(&[docs[0].put(), wrong]).unwrap_err();
    assert!(matches!(err, Error::MismatchedIds { .. }), "{err}");
    assert_eq!(store.stats().unwrap().documents, 0);
}

fn a_title_hit_ranks_above_a_body_hit(backend: Backend) {
    let store = store_with(backend, &corpus());
    // "lighthouse" is in the council story's title and body; "ferry" is in the
    // strike story's title and in the council story's body only.
    let hits = store.search("ferry", 10).unwrap();
    let titles: Vec<&str> = hits.iter().filter_map(|hit| hit.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            "Ferry strike ends in Portavel",
            "Velmora council approves new lighthouse budget"
        ]
    );
    assert!(hits[0].score > hits[1].score, "{hits:?}");
    assert_eq!(hits[0].site.as_deref(), Some("Portavel Courier"));
    assert_eq!(hits[0].lang.as_deref(), Some("en"));
}

fn title_weight_beats_a_longer_body_match(backend: Backend) {
    let title_doc = Doc::new(
        "Pelicans return to Velmora",
        &["Birdwatchers counted forty birds near the salt flats on Monday morning."],
    );
    let body_doc = Doc::new(
        "Salt flats report for the spring",
        &["A pelican was seen near the salt flats, among many gulls and terns."],
    );
    let store = store_with(backend, &[body_doc.clone(), title_doc.clone()]);
    let hits = store.search("pelicans", 10).unwrap();
    let ids: Vec<&DocId> = hits.iter().map(|hit| &hit.id).collect();
    assert_eq!(ids, [title_doc.id(), body_doc.id()]);
}

fn snippets_mark_the_matches(backend: Backend) {
    let store = store_with(backend, &corpus());
    let hits = store.search("bridge reopened", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let snippet = &hits[0].snippet;
    assert!(snippet.contains("[bridge]"), "{snippet}");
    assert!(snippet.contains("[reopened]"), "{snippet}");
    assert!(snippet.contains('…'), "a long text is cut: {snippet}");
    assert!(snippet.split_whitespace().count() <= 20, "{snippet}");
}

fn stemming_case_and_diacritics_are_ignored(backend: Backend) {
    let store = store_with(backend, &corpus());
    let docs = corpus();
    let found = |query: &str| -> Vec<DocId> {
        store
            .search(query, 10)
            .unwrap()
            .into_iter()
            .map(|hit| hit.id)
            .collect()
    };
    assert_eq!(found("KUCUK CAFE"), [docs[3].id().clone()]);
    assert_eq!(found("strikes"), [docs[0].id().clone()]);
    assert_eq!(found("councillors voting"), [docs[1].id().clone()]);
}

fn phrases_operators_and_prefixes(backend: Backend) {
    let store = store_with(backend, &corpus());
    let docs = corpus();
    let found = |query: &str| -> Vec<DocId> {
        let mut ids: Vec<DocId> = store
            .search(query, 10)
            .unwrap()
            .into_iter()
            .map(|hit| hit.id)
            .collect();
        ids.sort();
        ids
    };
    let sorted = |mut ids: Vec<DocId>| {
        ids.sort();
        ids
    };
    // A phrase must occur in order: "old market" does, "market old" does not.
    assert_eq!(found("\"old market\""), [docs[3].id().clone()]);
    assert!(found("\"market old\"").is_empty());
    // Without quotes both words must occur, anywhere.
    assert_eq!(found("market old"), [docs[3].id().clone()]);
    assert_eq!(
        found("pastry OR lighthouse"),
        sorted(vec![docs[1].id().clone(), docs[3].id().clone()])
    );
    assert_eq!(
        found("Velmora NOT bridge"),
        sorted(vec![docs[0].id().clone(), docs[1].id().clone()])
    );
    // Lower-case "or" is a word like any other.
    assert!(found("pastry or lighthouse").is_empty());
    assert_eq!(found("lightho*"), [docs[1].id().clone()]);
    assert_eq!(
        found("\"Harbour Auth\"*"),
        sorted(vec![docs[0].id().clone(), docs[2].id().clone()])
    );
}

fn results_are_limited_and_ordered_deterministically(backend: Backend) {
    // Identical texts under different ids tie on score: the id decides.
    let docs: Vec<Doc> = (0..5)
        .map(|i| {
            let mut doc = Doc::new("Tide tables", &["High tide at Velmora is at noon."]);
            doc.raw
                .bytes
                .extend_from_slice(format!("copy {i}").as_bytes());
            doc.raw.id = DocId::of_bytes(&doc.raw.bytes);
            doc.article.id = doc.raw.id.clone();
            doc
        })
        .collect();
    let store = store_with(backend, &docs);
    let all = store.search("tide", 10).unwrap();
    let mut expected: Vec<DocId> = docs.iter().map(|doc| doc.id().clone()).collect();
    expected.sort();
    assert_eq!(
        all.iter().map(|hit| hit.id.clone()).collect::<Vec<_>>(),
        expected
    );
    let first_two = store.search("tide", 2).unwrap();
    assert_eq!(first_two, all[..2]);
    assert!(store.search("tide", 0).unwrap().is_empty());
}

fn weird_queries_never_error(backend: Backend) {
    let store = store_with(backend, &corpus());
    for query in [
        "Israeli-Iranian",
        "U.S.",
        "ferry \"",
        "ferry OR \"·\" NOT ²",
        "ferry NOT -",
        "ferry \"\"*",
        "ǅemal ﬁsh Ⅻ",
        "\"Harbour",
        "NEAR(ferry strike)",
        "title:ferry",
        "ferry AND",
        "OR NOT AND",
        "* ferry *",
        "-ferry",
        "ferry^",
        "{title text}: ferry",
        "rowid = 1; DROP TABLE articles; --",
        "'ferry'",
        "fer\u{0}ry",
        "\u{feff}ferry",
        "ferry\"\"strike",
    ] {
        if let Err(err) = store.search(query, 10) {
            panic!("query {query:?}: {err}");
        }
    }
    assert_eq!(
        store.search("-ferry", 10).unwrap().len(),
        2,
        "punctuation is not an operator"
    );
    assert_eq!(store.stats().unwrap().articles, 4);
}

fn an_empty_query_is_a_clear_error(backend: Backend) {
    let store = store_with(backend, &corpus());
    for query in ["", "   ", "\"\"", "* -- !"] {
        let err = store.search(query, 10).unwrap_err();
        assert!(matches!(err, Error::EmptyQuery { .. }), "{query:?}: {err}");
        assert!(err.to_string().starts_with("empty search query"), "{err}");
    }
}

fn any_query_is_ok_or_a_clean_error(backend: Backend) {
    // One store for all cases: searching never changes it.
    let store = store_with(backend, &corpus());
    let config = ProptestConfig {
        cases: 512,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let queries = "(\\PC|[\"*()^:+{}.-]|OR|NOT|AND|NEAR| ){0,30}";
    runner
        .run(&queries, |query| {
            match store.search(&query, 5) {
                Ok(hits) => prop_assert!(hits.len() <= 5),
                Err(Error::EmptyQuery { .. }) => {}
                Err(err) => prop_assert!(false, "query {:?} leaked {}", query, err),
            }
            Ok(())
        })
        .unwrap();
}

/// Finds two documents whose ids share their first six hex digits.
fn two_docs_sharing_a_prefix() -> (Doc, Doc) {
    let mut seen: HashMap<String, Doc> = HashMap::new();
    for i in 0.. {
        let doc = Doc::new(
            &format!("Velmora tide bulletin number {i}"),
            &["High water at noon; the ferry runs on time."],
        );
        let prefix = doc.id().as_str()[..6].to_string();
        if let Some(other) = seen.remove(&prefix) {
            return (other, doc);
        }
        seen.insert(prefix, doc);
    }
    unreachable!()
}

fn articles_are_found_by_a_unique_prefix_and_ambiguity_is_an_error(backend: Backend) {
    let (a, b) = two_docs_sharing_a_prefix();
    let docs = corpus();
    let mut all = docs.clone();
    all.push(a.clone());
    all.push(b.clone());
    let store = store_with(backend, &all);

    // A unique prefix, any case, surrounding spaces ignored.
    let id = docs[1].id().as_str();
    let stored = store
        .article(&format!(" {} ", id[..8].to_uppercase()))
        .unwrap()
        .unwrap();
    assert_eq!(stored.article.id, *docs[1].id());

    // The shared six digits are ambiguous; one more digit (they differ
    // somewhere) or the full id settles it.
    let shared = &a.id().as_str()[..6];
    let err = store.article(shared).unwrap_err();
    assert!(
        matches!(err, Error::AmbiguousId { matches: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("2 articles match"), "{err}");
    let differ = (0..32)
        .find(|&i| a.id().as_str().as_bytes()[i] != b.id().as_str().as_bytes()[i])
        .unwrap();
    let longer = &a.id().as_str()[..=differ];
    assert_eq!(store.article(longer).unwrap().unwrap().article.id, *a.id());
    assert_eq!(
        store.article(b.id().as_str()).unwrap().unwrap().article.id,
        *b.id()
    );

    // Too short or not hex.
    for bad in ["", "abc12", "velmora", "zzzzzzzz", &format!("{id}0")] {
        let err = store.article(bad).unwrap_err();
        assert!(matches!(err, Error::BadId { .. }), "{bad:?}: {err}");
    }
}

fn stats_count_what_is_stored(backend: Backend) {
    let mut docs = corpus();
    docs.push(full_doc());
    docs[3].article.lang = Some("tr".into());
    docs[1].article.removed = vec![Removed {
        text: "Accept".into(),
        reason: Reason::UiWord,
        detail: None,
    }];
    let store = store_with(backend, &docs);
    let stats = store.stats().unwrap();
    assert_eq!(stats.documents, 5);
    assert_eq!(stats.articles, 5);
    assert_eq!(stats.paragraphs, 10);
    assert_eq!(stats.removed_blocks, 4);
    assert_eq!(
        stats.removed_by_reason,
        [
            ("ui-word".to_string(), 2),
            ("boilerplate".to_string(), 1),
            ("language".to_string(), 1)
        ]
    );
    assert_eq!(
        stats.languages,
        [("en".to_string(), 4), ("tr".to_string(), 1)]
    );
    assert_eq!(
        stats.sites,
        [
            ("Portavel Courier".to_string(), 3),
            ("Velmora Post".to_string(), 2)
        ]
    );
    let raw_bytes: usize = docs.iter().map(|doc| doc.raw.bytes.len()).sum();
    assert_eq!(stats.raw_bytes, raw_bytes as u64);
    assert!(stats.compressed_bytes > 0);
    assert!(stats.database_bytes > stats.compressed_bytes);

    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["documents"], 5);
}

fn stats_list_at_most_twenty_sites(backend: Backend) {
    let docs: Vec<Doc> = (0..25)
        .map(|i| {
            Doc::new(&format!("Market day {i}"), &["Stalls opened in Velmora."])
                .on_site(&format!("site-{i:02}"))
        })
        .collect();
    let store = store_with(backend, &docs);
    let sites = store.stats().unwrap().sites;
    assert_eq!(sites.len(), 20);
    assert_eq!(sites[0], ("site-00".to_string(), 1));
}

fn site_blocks_count_distinct_new_documents(backend: Backend) {
    let docs = corpus();
    let mut store = backend.fresh();
    let footer = u64::MAX; // fingerprints use all 64 bits
    let menu = 1 << 63;
    let a = [footer, menu, 7, footer]; // a repeat counts once
    let b = [footer, 8];
    let c = [footer, menu];
    let batch = [
        Put {
            site_key: Some("courier.portavel.example"),
            fingerprints: &a,
            ..docs[0].put()
        },
        Put {
            site_key: Some("courier.portavel.example"),
            fingerprints: &b,
            ..docs[3].put()
        },
        Put {
            site_key: Some("velmora.example"),
            fingerprints: &c,
            ..docs[1].put()
        },
        // No site key: no blocks recorded.
        Put {
            site_key: None,
            fingerprints: &c,
            ..docs[2].put()
        },
    ];
    store.put_batch(&batch).unwrap();
    assert_eq!(
        store.site_blocks("courier.portavel.example").unwrap(),
        [(7, 1), (8, 1), (menu, 1), (footer, 2)]
    );
    assert_eq!(
        store.site_blocks("velmora.example").unwrap(),
        [(menu, 1), (footer, 1)]
    );
    assert!(store.site_blocks("elsewhere.example").unwrap().is_empty());

    // Putting the same documents again does not count them again.
    store.put_batch(&batch).unwrap();
    assert_eq!(
        store.site_blocks("courier.portavel.example").unwrap(),
        [(7, 1), (8, 1), (menu, 1), (footer, 2)]
    );
}

fn ids_are_listed_in_a_stable_order(backend: Backend) {
    let docs = corpus();
    let store = store_with(backend, &docs);
    let mut expected: Vec<DocId> = docs.iter().map(|doc| doc.id().clone()).collect();
    expected.sort();
    assert_eq!(store.ids().unwrap(), expected);
}

fn ids_in_ingest_order_follow_the_batches(backend: Backend) {
    let docs = corpus();
    let mut store = backend.fresh();
    // Three batches, the last repeating the first document.
    store.put_batch(&[docs[2].put(), docs[0].put()]).unwrap();
    store.put_batch(&[docs[3].put()]).unwrap();
    store.put_batch(&[docs[2].put(), docs[1].put()]).unwrap();
    let expected = [docs[2].id(), docs[0].id(), docs[3].id(), docs[1].id()];
    let found = store.ids_in_ingest_order().unwrap();
    assert_eq!(found.iter().collect::<Vec<_>>(), expected);
}

fn articles_are_walked_in_id_order_within_the_days(backend: Backend) {
    let docs = corpus();
    let dated = [
        docs[0].clone().published("2026-02-10"),
        docs[1].clone().published("2026-02-11T23:30:00+01:00"),
        docs[2].clone().published("2026-02-12"),
        docs[3].clone(),
    ];
    let store = store_with(backend, &dated);
    let walk = |since: Option<&str>, until: Option<&str>| -> Vec<DocId> {
        let days = DayRange {
            since: since.map(|day| day.parse().unwrap()),
            until: until.map(|day| day.parse().unwrap()),
        };
        let mut ids = Vec::new();
        store
            .each_article(&days, &mut |stored| {
                ids.push(stored.article.id);
                Ok(())
            })
            .unwrap();
        ids
    };
    let mut all: Vec<DocId> = dated.iter().map(|doc| doc.id().clone()).collect();
    all.sort();
    // Open on both sides: every article, the undated one too, by id.
    assert_eq!(walk(None, None), all);
    // The day as written (the 11th, though 22:30 UTC), both ends included.
    let mut middle = vec![dated[1].id().clone(), dated[2].id().clone()];
    middle.sort();
    assert_eq!(walk(Some("2026-02-11"), None), middle);
    assert_eq!(walk(Some("2026-02-11"), Some("2026-02-12")), middle);
    assert_eq!(walk(None, Some("2026-02-10")), [dated[0].id().clone()]);
    assert!(walk(Some("2026-03-01"), None).is_empty());
    // The whole article comes back.
    let mut seen = Vec::new();
    store
        .each_article(&DayRange::default(), &mut |stored| {
            seen.push(stored);
            Ok(())
        })
        .unwrap();
    let first = dated.iter().find(|doc| *doc.id() == all[0]).unwrap();
    assert_eq!(seen[0].article, first.article);
    assert_eq!(seen[0].raw_bytes, first.raw.bytes.len() as u64);

    // The visitor's error stops the walk and comes back.
    let mut visited = 0;
    let err = store
        .each_article(&DayRange::default(), &mut |_| {
            visited += 1;
            Err(Error::Stopped("disk full".into()))
        })
        .unwrap_err();
    assert!(matches!(err, Error::Stopped(_)), "{err}");
    assert_eq!(visited, 1);
}

/// A walk's visitor may read the same store (an export that reads each
/// event's articles does): on PostgreSQL through a second connection.
fn a_walks_visitor_reads_the_same_store(backend: Backend) {
    let docs = corpus();
    let store = store_with(backend, &docs);
    let mut read_back = 0;
    store
        .each_article(&DayRange::default(), &mut |stored| {
            let again = store.article(stored.article.id.as_str())?.expect("stored");
            assert_eq!(again.article, stored.article);
            let hits = store.search("Velmora OR Kerra OR Portavel", 3)?;
            assert!(!hits.is_empty());
            read_back += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(read_back, docs.len());
}

fn replacing_articles_keeps_the_index_in_sync(backend: Backend) {
    let docs = corpus();
    let mut store = store_with(backend, &docs);
    let mut better = docs[2].article.clone();
    better.title = Some("Gale shuts Velmora crossing".into());
    better.text = "A gale shut the crossing overnight; the causeway reopened at noon.".into();
    better.paragraphs = vec![Span::new(0, better.text.len())];
    better.published = Some(Published::parse("2026-02-01").unwrap());
    let replacement = Doc {
        article: better.clone(),
        ..docs[2].clone()
    };
    store.replace_articles(&[replacement.put()]).unwrap();

    assert!(store.search("storm", 10).unwrap().is_empty());
    assert!(store.search("winds", 10).unwrap().is_empty());
    let hits = store.search("causeway", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, better.id);
    assert_eq!(
        hits[0].title.as_deref(),
        Some("Gale shuts Velmora crossing")
    );
    assert_eq!(hits[0].published, better.published);
    assert_eq!(store.search("gale", 10).unwrap().len(), 1);
    assert_eq!(
        store.article(better.id.as_str()).unwrap().unwrap().article,
        better
    );
    // The raw document is untouched.
    assert_eq!(
        store.raw(&better.id).unwrap().unwrap().bytes,
        docs[2].raw.bytes
    );
    assert_eq!(store.stats().unwrap().articles, 4);
}

#[test]
fn replacing_articles_leaves_a_sound_sqlite_database() {
    let docs = corpus();
    let (_dir, mut store) = sqlite_store_with(&docs);
    let mut better = docs[2].article.clone();
    better.text = "A gale shut the crossing overnight; the causeway reopened at noon.".into();
    better.paragraphs = vec![Span::new(0, better.text.len())];
    let replacement = Doc {
        article: better,
        ..docs[2].clone()
    };
    store.replace_articles(&[replacement.put()]).unwrap();
    store.check_integrity().unwrap();
}

fn replacing_an_article_without_its_raw_document_replaces_nothing(backend: Backend) {
    let docs = corpus();
    let mut store = store_with(backend, &docs[..2]);
    let mut changed = docs[0].article.clone();
    changed.title = Some("Strike over".into());
    let stranger = docs[3].article.clone();
    let changed = Doc {
        article: changed,
        ..docs[0].clone()
    };
    let stranger = Doc {
        article: stranger,
        ..docs[3].clone()
    };
    let err = store
        .replace_articles(&[changed.put(), stranger.put()])
        .unwrap_err();
    assert!(matches!(err, Error::NotStored { .. }), "{err}");
    assert!(err.to_string().contains(docs[3].id().as_str()), "{err}");
    let stored = store.article(docs[0].id().as_str()).unwrap().unwrap();
    assert_eq!(stored.article.title, docs[0].article.title);
    assert_eq!(store.stats().unwrap().articles, 2);
}

#[test]
fn a_file_is_not_a_store_directory() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "Velmora harbour notes").unwrap();
    for err in [
        SqliteStore::open(&file).unwrap_err(),
        SqliteStore::open_existing(&file).unwrap_err(),
    ] {
        assert!(matches!(err, Error::NotADirectory { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.contains("notes.txt") && message.contains("not a directory"),
            "{message}"
        );
    }
}

#[test]
fn opening_a_missing_store_says_to_ingest_first() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here");
    let err = SqliteStore::open_existing(&missing).unwrap_err();
    assert!(matches!(err, Error::Missing { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("nothing-here"), "{message}");
    assert!(message.contains("run `tidings ingest` first"), "{message}");
    assert!(!missing.exists(), "reading must not create the store");
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(dir.path()).unwrap());
    let conn = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    for err in [
        SqliteStore::open(dir.path()).unwrap_err(),
        SqliteStore::open_existing(dir.path()).unwrap_err(),
    ] {
        assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("upgrade tidings"), "{err}");
    }
}

#[test]
fn a_file_that_is_not_a_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tidings.db"),
        "Velmora council minutes, page 1\n".repeat(200),
    )
    .unwrap();
    let err = SqliteStore::open(dir.path()).unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err}");
    assert!(err.to_string().contains("tidings.db"), "{err}");
}

fn any_article_id_is_found_missing_or_a_clean_error(backend: Backend) {
    let docs = corpus();
    let store = store_with(backend, &docs);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 512,
        ..ProptestConfig::default()
    });
    // Mostly hex of every length, sometimes anything at all.
    let ids = "([0-9a-fA-F]{0,40}|\\PC{0,40}|[ 0-9a-f%_'\"]{0,34})";
    runner
        .run(&ids, |text| {
            match store.article(&text) {
                Ok(Some(stored)) => {
                    let wanted = text.trim().to_ascii_lowercase();
                    prop_assert!(stored.article.id.as_str().starts_with(&wanted));
                }
                Ok(None) | Err(Error::BadId { .. }) | Err(Error::AmbiguousId { .. }) => {}
                Err(err) => prop_assert!(false, "id {:?} leaked {}", text, err),
            }
            Ok(())
        })
        .unwrap();
    // Every stored id's own 6-digit prefix finds it (no two share one here).
    for doc in &docs {
        let found = store.article(&doc.id().as_str()[..6]).unwrap().unwrap();
        assert_eq!(found.article.id, *doc.id());
    }
}
