//! `tidings eval events` on both gold formats: PLOVER sentences and CASE
//! 2021 snippets (told apart by the first line), with the same figures as
//! the shared scorers and both halves of the file.

mod common;

use common::{json_lines, python_scorer, shared, stderr, stdout, Sandbox};

/// Invented snippets in the CASE format: two with a political event, one
/// disaster.
const SNIPPETS: &str = r#"{"id": "s1", "text": "Police in Velmora arrested 45 protesters on Tuesday.", "subtype": "ARREST", "ok_roots": ["17"], "no_event": false}
{"id": "s2", "text": "Kenyan troops attacked a Ugandan border post on Friday.", "subtype": "ARMED_CLASH", "ok_roots": ["19"], "no_event": false}
{"id": "s3", "text": "Floods swept through the river valley near Portavel after three days of rain.", "subtype": "FLOOD", "ok_roots": [], "no_event": true}
"#;

#[test]
fn case_snippets_are_coded_with_every_event_and_scored() {
    let sandbox = Sandbox::new();
    let gold = sandbox.write("case.jsonl", SNIPPETS);
    let output = sandbox.run(&[
        "eval",
        "events",
        "--data",
        gold.to_str().unwrap(),
        "--out",
        "pred.jsonl",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let scores = &json_lines(&output)[0];
    assert_eq!(scores["snippets"], 3, "{scores}");
    assert!(scores["recall"].as_f64().unwrap() >= 0.5, "{scores}");
    let halves = scores["halves"].as_object().unwrap();
    let in_halves: u64 = halves
        .values()
        .map(|h| h["snippets"].as_u64().unwrap())
        .sum();
    assert_eq!(in_halves, 3, "each snippet is in one half: {scores}");
    let predictions = std::fs::read_to_string(sandbox.path().join("pred.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = predictions
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l["events"].is_array()));
    let attack = lines.iter().find(|l| l["id"] == "s2").unwrap();
    assert!(
        attack["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["cameo"].as_str().unwrap().starts_with("19")),
        "{attack}"
    );
    // One half alone: only its snippets.
    let output = sandbox.run(&[
        "eval",
        "events",
        "--data",
        gold.to_str().unwrap(),
        "--half",
        "a",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let half_a = &json_lines(&output)[0];
    assert_eq!(half_a["snippets"], halves["a"]["snippets"]);
}

/// `tidings eval events` prints what `score_case_events.py` prints on the
/// same predictions.
#[test]
#[ignore = "needs ../shared/eval/events, ../shared/tools and python3: cargo test --workspace -- --ignored"]
fn case_figures_match_the_python_scorer() {
    let gold = shared("eval/events/case2021_dev.jsonl");
    let script = shared("tools/score_case_events.py");
    let sandbox = Sandbox::new();
    let output = sandbox.run(&[
        "eval",
        "events",
        "--data",
        gold.to_str().unwrap(),
        "--out",
        "pred.jsonl",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let ours = stdout(&output);
    let theirs = python_scorer(&script, &[gold.clone(), sandbox.path().join("pred.jsonl")]);
    assert!(!theirs.is_empty());
    assert!(
        ours.starts_with(&theirs),
        "tidings eval events:\n{ours}\nscore_case_events.py:\n{theirs}"
    );
    assert!(ours.contains("half a ("), "{ours}");
}
