//! `tidings eval events` on both gold formats: PLOVER sentences and CASE
//! 2021 snippets (told apart by the first line), with the same figures as
//! the shared scorers and both halves of the file; and on whole articles,
//! with events judged by hand.

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

/// Two invented articles in the format of the DUC files: a border clash
/// and a film review with a fight in its plot.
const ARTICLES: &str = r#"{"id": "art-1", "date": "2026-03-06T10:00:00Z", "lang": "eng", "source": "Wire", "title": "Border clash", "text": "Armenian troops attacked an Azerbaijani post near the border on Monday.\n\nThe Armenian government said its soldiers had come under fire first.\n\nAzerbaijan denied the claim and recalled its ambassador.\n\nThe United Nations urged both countries to show restraint.\n\nRussia offered to host talks between the two governments.\n\nThe fighting stopped on Tuesday."}
{"id": "art-2", "date": "2026-03-06T11:00:00Z", "lang": "eng", "source": "Wire", "title": "A harbour thriller", "text": "The film opens in a small harbour town at dawn.\n\nThe director keeps the audience guessing for two hours.\n\nIn the second act the hero attacks the smugglers at night.\n\nThe actress who plays the mayor carries the movie.\n\nIts screenplay gives the characters little to say.\n\nThe movie opens in theaters on Friday."}
"#;

#[test]
fn articles_are_coded_whole_and_judged_events_scored_per_cut() {
    let sandbox = Sandbox::new();
    let data = sandbox.write("articles.jsonl", ARTICLES);
    let output = sandbox.run(&[
        "eval",
        "events",
        "--data",
        data.to_str().unwrap(),
        "--out",
        "coded.jsonl",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = &json_lines(&output)[0];
    assert_eq!(summary["articles"], 2, "{summary}");
    let coded: Vec<serde_json::Value> = std::fs::read_to_string(sandbox.path().join("coded.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(summary["events"].as_u64().unwrap() as usize, coded.len());
    let clash = coded
        .iter()
        .find(|e| e["trigger"] == "attacked")
        .unwrap_or_else(|| panic!("the clash is coded: {coded:?}"));
    let plot = coded
        .iter()
        .find(|e| e["trigger"] == "attacks")
        .unwrap_or_else(|| panic!("the plot's attack is coded: {coded:?}"));
    assert_eq!(clash["sentence"], 0, "{clash}");
    assert!(clash["confidence"].as_f64().unwrap() >= 0.4, "{clash}");
    assert!(plot["confidence"].as_f64().unwrap() < 0.4, "{plot}");
    assert!(
        plot["signals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "article_genre"),
        "{plot}"
    );
    // The clash judged right, the plot judged wrong, and one event the
    // coder does not give.
    let judgement = |e: &serde_json::Value, right: bool| {
        serde_json::json!({"doc": e["doc"], "sentence": e["sentence"], "cameo": e["cameo"],
                           "type": right, "actors": right})
        .to_string()
    };
    let labels = sandbox.write(
        "judged.jsonl",
        format!(
            "{}\n{}\n{}\n",
            judgement(clash, true),
            judgement(plot, false),
            r#"{"doc": "0000", "sentence": 3, "cameo": "042", "type": true, "actors": false}"#
        ),
    );
    let output = sandbox.run(&[
        "eval",
        "events",
        "--data",
        data.to_str().unwrap(),
        "--labels",
        labels.to_str().unwrap(),
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let judged = &json_lines(&output)[0]["judged"];
    assert_eq!(judged["judged"], 2, "{judged}");
    assert_eq!(judged["missing"], 1, "{judged}");
    let at = |cut: f64| {
        judged["cuts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| (c["cut"].as_f64().unwrap() - cut).abs() < 1e-6)
            .cloned()
            .unwrap()
    };
    assert_eq!(at(0.0)["shown"], 2, "{judged}");
    assert_eq!(at(0.0)["right_both"], 1, "{judged}");
    assert_eq!(at(0.4)["shown"], 1, "the plot is hidden: {judged}");
    assert_eq!(at(0.4)["right_type"], 1, "{judged}");
}
