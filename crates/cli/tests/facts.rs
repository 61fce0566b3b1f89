//! Issue 4 through the CLI: events, quotes and figures in `analyze --json`
//! and in the store (`tidings events`, `quotes`, `figures`), on the seeds
//! (ignored, saying so, unless run with `--ignored`) and on our example corpus.

mod common;

use common::{json_lines, repo_root, shared, stdout, Sandbox};
use serde_json::Value;

fn ingest_seeds(sandbox: &Sandbox, seeds: &std::path::Path) {
    for (name, date) in [
        ("000_2586115594d43654.txt", "2026-01-16"),
        ("002_a437a26006dae97f.txt", "2025-06-13"),
    ] {
        let path = seeds.join(name);
        let output = sandbox.run(&["ingest", path.to_str().unwrap(), "--date", date, "-q"]);
        assert!(output.status.success(), "{}", common::stderr(&output));
    }
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn issue_4_every_fact_in_analyze_has_its_fields_and_evidence() {
    let seeds = shared("seeds");
    let sandbox = Sandbox::new();
    let path = seeds.join("002_a437a26006dae97f.txt");
    let output = sandbox.run(&[
        "analyze",
        path.to_str().unwrap(),
        "--date",
        "2025-06-13",
        "--json",
    ]);
    assert!(output.status.success());
    let doc = &json_lines(&output)[0];
    let text = doc["text"].as_str().unwrap();
    let slice = |v: &Value| {
        let (start, end) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        &text[start..end]
    };
    let events = doc["events"].as_array().unwrap();
    assert!(!events.is_empty());
    for event in events {
        for field in ["source", "target", "plover", "cameo", "date", "span"] {
            assert!(event.get(field).is_some(), "event without {field}: {event}");
        }
        assert_eq!(slice(&event["span"]), event["sentence"].as_str().unwrap());
    }
    assert!(
        events
            .iter()
            .any(|e| e["cameo"] == "041" && e["plover"] == "CONSULT" && e["source"] == "RUSGOV"),
        "the phone calls: {events:#?}"
    );
    for quote in doc["quotes"].as_array().unwrap() {
        for field in ["speaker", "text", "direct", "span"] {
            assert!(quote.get(field).is_some(), "quote without {field}: {quote}");
        }
        assert_eq!(slice(&quote["span"]), quote["text"].as_str().unwrap());
    }
    for figure in doc["figures"].as_array().unwrap() {
        for field in ["kind", "value", "qualifier", "counts", "source", "span"] {
            assert!(
                figure.get(field).is_some(),
                "figure without {field}: {figure}"
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn issue_4_seed_facts_are_stored_and_queryable() {
    let seeds = shared("seeds");
    let sandbox = Sandbox::new();
    ingest_seeds(&sandbox, &seeds);

    let calls = json_lines(&sandbox.run(&["events", "--actor", "RUS", "--code", "04", "--json"]));
    assert!(
        calls.iter().any(|e| e["cameo"] == "041"),
        "a Russian phone call: {calls:#?}"
    );
    for event in &calls {
        assert!(event["cameo"].as_str().unwrap().starts_with("04"));
        let touches_russia = [&event["source"], &event["target"]]
            .iter()
            .any(|a| a["code"].as_str().is_some_and(|c| c.starts_with("RUS")));
        assert!(touches_russia, "{event}");
    }
    let since = json_lines(&sandbox.run(&["events", "--since", "2026-01-01", "--json"]));
    assert!(since
        .iter()
        .all(|e| e["date"].as_str().is_some_and(|d| d >= "2026-01-01")));

    let kremlin = json_lines(&sandbox.run(&["quotes", "--speaker", "Kremlin", "--json"]));
    let articles: std::collections::BTreeSet<&str> =
        kremlin.iter().map(|q| q["id"].as_str().unwrap()).collect();
    assert_eq!(
        articles.len(),
        2,
        "Kremlin quotes in both articles: {kremlin:#?}"
    );
    assert!(kremlin.iter().any(|q| q["direct"] == true));

    let killed = json_lines(&sandbox.run(&["figures", "--kind", "killed", "--json"]));
    assert_eq!(killed.len(), 1, "{killed:#?}");
    assert_eq!(killed[0]["value"], 2600.0);
    assert_eq!(killed[0]["qualifier"], "at-least");
    assert_eq!(killed[0]["source"], "Human Rights Activists News Agency");

    let stats = &json_lines(&sandbox.run(&["stats", "--json"]))[0];
    assert!(stats["events"].as_u64().unwrap() > 0);
    assert!(stats["quotes"].as_u64().unwrap() >= 4);
}

#[test]
fn example_corpus_quotes_and_figures() {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    assert!(sandbox
        .run(&["ingest", corpus.to_str().unwrap(), "-q"])
        .status
        .success());
    // The union chair is quoted in the text, HTML and WARC versions of the strike.
    let ilves = json_lines(&sandbox.run(&["quotes", "--speaker", "Marta Ilves", "--json"]));
    assert!(ilves.len() >= 3, "{ilves:#?}");
    assert!(ilves.iter().all(|q| q["direct"] == true));
    let money = json_lines(&sandbox.run(&["figures", "--kind", "money", "--json"]));
    assert!(
        money
            .iter()
            .any(|f| f["value"] == 40_000_000.0 && f["unit"] == "EUR"),
        "losses could reach 40 million euros: {money:#?}"
    );
    // "Hundreds of dockworkers" keeps its words and its range.
    let other = json_lines(&sandbox.run(&["figures", "--kind", "other", "--json"]));
    assert!(
        other.iter().any(|f| f["words"] == "Hundreds"
            && f["value"] == 200.0
            && f["high"] == 999.0
            && f["qualifier"] == "range"),
        "hundreds of dockworkers: {other:#?}"
    );
    let listed = common::stdout(&sandbox.run(&["figures", "--kind", "other"]));
    assert!(
        listed.contains("hundreds (200\u{2013}999) dockworkers"),
        "{listed}"
    );
    // A good code that nothing matches (an unknown one is an error, see
    // messages.rs).
    let output = sandbox.run(&["events", "--code", "20"]);
    assert!(output.status.success());
    assert!(common::stdout(&output).contains("no events match"));
}

#[test]
fn a_sample_of_events_is_reproducible_and_drawn_from_all_of_them() {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    assert!(sandbox
        .run(&["ingest", corpus.to_str().unwrap(), "-q"])
        .status
        .success());
    let all =
        json_lines(&sandbox.run(&["events", "--min-confidence", "0", "-n", "1000", "--json"]));
    assert!(all.len() >= 4, "the example corpus codes events: {all:#?}");
    let sample = |seed: &str| {
        json_lines(&sandbox.run(&[
            "events",
            "--min-confidence",
            "0",
            "--sample",
            "3",
            "--seed",
            seed,
            "--json",
        ]))
    };
    let first = sample("7");
    assert_eq!(first.len(), 3);
    assert_eq!(first, sample("7"), "the same seed draws the same sample");
    let ids = |events: &[serde_json::Value]| -> Vec<i64> {
        events.iter().map(|e| e["id"].as_i64().unwrap()).collect()
    };
    let all_ids = ids(&all);
    assert!(ids(&first).iter().all(|id| all_ids.contains(id)));
    // Over a few seeds the samples differ: it is not the first three.
    let seeds: Vec<Vec<i64>> = ["1", "2", "3", "4", "5"]
        .iter()
        .map(|s| ids(&sample(s)))
        .collect();
    assert!(seeds.windows(2).any(|w| w[0] != w[1]), "{seeds:?}");
    // The readable form names the actors' words.
    let text = stdout(&sandbox.run(&["events", "--min-confidence", "0", "--sample", "2"]));
    assert!(text.contains("source: "), "{text}");
}
