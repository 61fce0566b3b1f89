//! Issue 2's acceptance on the two real seed files in `../shared/seeds`:
//! exact title, language, the whole body, every debris block removed with a
//! reason; ingesting twice stores two articles; search finds both.
//! Ignored, saying so, unless run with `--ignored`.

mod common;

use common::{json_lines, paragraph_texts, removed, shared, Sandbox};

/// The seed's non-empty lines, split at the lone `X` that starts the debris.
fn expected_parts(path: &std::path::Path) -> (String, Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("seed is UTF-8");
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect();
    let x = lines
        .iter()
        .position(|l| l == "X")
        .expect("seed has its X line");
    (lines[0].clone(), lines[1..x].to_vec(), lines[x..].to_vec())
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn issue_2_seeds_analyze_to_title_body_and_debris() {
    let seeds = shared("seeds");
    let sandbox = Sandbox::new();
    let cases = [
        (
            "000_2586115594d43654.txt",
            "2026-01-16",
            "Vladimir Putin urged",
            "HRANA",
        ),
        (
            "002_a437a26006dae97f.txt",
            "2025-06-13",
            "Russian President Vladimir Putin has spoken",
            "Friday night.",
        ),
    ];
    for (name, date, first, last) in cases {
        let path = seeds.join(name);
        let output = sandbox.run(&["analyze", path.to_str().unwrap(), "--date", date, "--json"]);
        assert!(output.status.success(), "{}", common::stderr(&output));
        let docs = json_lines(&output);
        assert_eq!(docs.len(), 1, "one document per seed");
        let doc = &docs[0];
        let (title, body, debris) = expected_parts(&path);

        assert_eq!(doc["title"], title.as_str(), "{name}");
        assert_eq!(doc["lang"], "en", "{name}");
        assert_eq!(doc["published"], date, "{name}");
        let paragraphs = paragraph_texts(doc);
        assert_eq!(paragraphs, body, "{name}: the whole body, nothing more");
        assert!(
            paragraphs[0].starts_with(first),
            "{name}: starts at the lede"
        );
        assert!(
            paragraphs.last().unwrap().contains(last),
            "{name}: ends at the last real paragraph"
        );

        let removed = removed(doc);
        let removed_texts: Vec<&str> = removed.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            removed_texts,
            debris.iter().map(String::as_str).collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(removed[0].1, "ui-word", "{name}: the X is a UI word");
        for (text, reason) in &removed[1..] {
            assert!(
                reason == "language" || reason == "boilerplate",
                "{name}: Turkish notice {text:?} removed as {reason}"
            );
        }
        // The text is exactly the paragraphs joined, and spans point into it.
        let text = doc["text"].as_str().unwrap();
        assert_eq!(text, body.join("\n\n"));
        for p in doc["paragraphs"].as_array().unwrap() {
            let (start, end) = (
                p["start"].as_u64().unwrap() as usize,
                p["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], p["text"].as_str().unwrap());
        }
    }
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn issue_2_seeds_ingested_twice_are_stored_once_and_searchable() {
    let seeds = shared("seeds");
    let sandbox = Sandbox::new();
    let seeds = seeds.to_str().unwrap();
    for round in 0..2 {
        let output = sandbox.run(&["ingest", seeds, "--json", "--source", "seeds"]);
        assert!(
            output.status.success(),
            "round {round}: {}",
            common::stderr(&output)
        );
        let lines = json_lines(&output);
        let summary = &lines.last().unwrap()["summary"];
        let (new, present) = if round == 0 { (2, 0) } else { (0, 2) };
        assert_eq!(summary["new"], new, "round {round}: {summary}");
        assert_eq!(summary["present"], present, "round {round}: {summary}");
    }
    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 2);
    assert_eq!(stats[0]["documents"], 2);

    let hits = json_lines(&sandbox.run(&["search", "Netanyahu", "--json"]));
    assert_eq!(hits.len(), 2, "both seeds mention Netanyahu");
    for hit in &hits {
        assert!(
            hit["title"].as_str().unwrap().starts_with("Putin urges"),
            "{hit}"
        );
        assert!(
            hit["snippet"].as_str().unwrap().contains("Netanyahu"),
            "{hit}"
        );
    }
    // The Turkish debris is not searchable: it is not article text.
    let hits = json_lines(&sandbox.run(&["search", "çerezler", "--json"]));
    assert!(hits.is_empty(), "debris must not be indexed: {hits:?}");
}
