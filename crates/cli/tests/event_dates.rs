//! Issue 15, item 2: every event of a dated article is dated, says where its
//! date comes from (`sentence`, `paragraph`, `published`), and the date
//! filters of `tidings events` return every event of an article published on
//! that day. The invented article runs everywhere; the seed test reads
//! `../shared/seeds` and is ignored unless asked for (`-- --ignored`).

mod common;

use std::collections::BTreeSet;

use common::{json_lines, shared, Sandbox};

/// An invented article: one event dated by its paragraph, one by the
/// publication date, one by its own (future) weekday.
const ARTICLE: &str = "Velmora port talks stall\n\n\
On Tuesday, the harbour of Velmora closed after a storm. Kenya condemned Uganda over the closure.\n\n\
The foreign minister of Kenya met his Ugandan counterpart in Portavel.\n\n\
Both governments will hold new talks on Thursday.\n";

/// (date, date_source, plover) of each event `analyze --json` prints.
fn analyzed(sandbox: &Sandbox, path: &str, date: &str) -> Vec<(String, String, String)> {
    let output = sandbox.run(&["analyze", path, "--date", date, "--json"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let docs = json_lines(&output);
    docs.iter()
        .flat_map(|doc| doc["events"].as_array().cloned().unwrap_or_default())
        .map(|event| {
            let text = |key: &str| event[key].as_str().unwrap_or("null").to_string();
            (text("date"), text("date_source"), text("plover"))
        })
        .collect()
}

/// The ids of the merged events `tidings events` lists with `filters`.
fn listed(sandbox: &Sandbox, filters: &[&str]) -> BTreeSet<i64> {
    let mut args = vec!["events", "--json", "--limit", "10000"];
    args.extend_from_slice(filters);
    let output = sandbox.run(&args);
    assert!(output.status.success(), "{}", common::stderr(&output));
    json_lines(&output)
        .iter()
        .filter_map(|event| event["id"].as_i64())
        .collect()
}

#[test]
fn events_take_the_sentence_then_the_paragraph_then_the_publication_date() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("port.txt", ARTICLE);
    let events = analyzed(&sandbox, path.to_str().unwrap(), "2026-03-04");
    let of = |plover: &str| {
        events
            .iter()
            .find(|e| e.2 == plover)
            .map(|e| (e.0.as_str(), e.1.as_str()))
            .unwrap_or_else(|| panic!("no {plover} event in {events:?}"))
    };
    assert_eq!(of("ACCUSE"), ("2026-03-03", "paragraph"));
    assert_eq!(of("CONSULT"), ("2026-03-04", "published"));
    // "will hold new talks on Thursday" in Wednesday's paper: the next day.
    assert_eq!(of("AGREE"), ("2026-03-05", "sentence"));

    // Stored, the publication day's filter finds the event dated by it.
    let ingest = sandbox.run(&["ingest", path.to_str().unwrap(), "--date", "2026-03-04"]);
    assert!(ingest.status.success(), "{}", common::stderr(&ingest));
    let all = listed(&sandbox, &[]);
    assert_eq!(all.len(), 3, "three events stored");
    let day = listed(
        &sandbox,
        &["--since", "2026-03-04", "--until", "2026-03-04"],
    );
    assert_eq!(day.len(), 1);
    let output = sandbox.run(&["events", "--json", "--since", "2026-03-04"]);
    let stored = json_lines(&output);
    assert!(stored
        .iter()
        .any(|e| e["date_source"] == "published" && e["date"] == "2026-03-04"));
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn every_event_of_the_seeds_is_dated_and_found_by_its_day() {
    let seeds = shared("seeds");
    let sandbox = Sandbox::new();
    let path = seeds.join("002_a437a26006dae97f.txt");
    let path = path.to_str().unwrap();
    let events = analyzed(&sandbox, path, "2025-06-13");
    assert!(!events.is_empty());
    for (date, source, plover) in &events {
        assert_ne!(date, "null", "{plover} is undated");
        assert!(
            ["sentence", "paragraph", "published"].contains(&source.as_str()),
            "{plover}: date_source {source}"
        );
    }
    let ingest = sandbox.run(&["ingest", path, "--date", "2025-06-13"]);
    assert!(ingest.status.success(), "{}", common::stderr(&ingest));
    let all = listed(&sandbox, &[]);
    let day = listed(
        &sandbox,
        &["--since", "2025-06-13", "--until", "2025-06-13"],
    );
    let on_the_day = events.iter().filter(|e| e.0 == "2025-06-13").count();
    assert!(on_the_day > 0);
    // Every stored event of the article is dated; those of its day are all found.
    let output = sandbox.run(&["events", "--json", "--limit", "10000"]);
    for event in json_lines(&output) {
        assert!(event["date"].is_string(), "undated: {event}");
        let id = event["id"].as_i64().unwrap();
        assert_eq!(day.contains(&id), event["date"] == "2025-06-13", "{event}");
    }
    assert!(day.len() <= all.len());
}
