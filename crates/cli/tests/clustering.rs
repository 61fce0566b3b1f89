//! Issue 9: `tidings eval clustering` prints the same B-cubed and pairwise
//! figures as `shared/tools/score_clustering.py` on its own predictions,
//! at both levels; on an invented file it runs everywhere.

mod common;

use common::{json_lines, shared, stderr, stdout, Sandbox};

/// Three invented stories of two headlines each, in date order.
const GOLD: &str = r#"{"id": "a1", "date": "2026-03-02T08:00:00Z", "title": "Velmora dockworkers strike over night-shift pay", "text": "", "cluster": "strike"}
{"id": "b1", "date": "2026-03-02T09:00:00Z", "title": "Lake Orin falls to record low as farmers face limits", "text": "", "cluster": "lake"}
{"id": "a2", "date": "2026-03-02T10:00:00Z", "title": "Velmora dockworkers' strike over night-shift pay enters second day", "text": "", "cluster": "strike"}
{"id": "c1", "date": "2026-03-02T11:00:00Z", "title": "Norvania parliament passes cookie consent law", "text": "", "cluster": "law"}
{"id": "b2", "date": "2026-03-02T12:00:00Z", "title": "Farmers around Lake Orin face water limits after record low", "text": "", "cluster": "lake"}
{"id": "c2", "date": "2026-03-02T13:00:00Z", "title": "Cookie consent law passes Norvania parliament", "text": "", "cluster": "law"}
"#;

#[test]
fn an_invented_file_is_clustered_into_its_stories() {
    let sandbox = Sandbox::new();
    let gold = sandbox.write("gold.jsonl", GOLD);
    let output = sandbox.run(&[
        "eval",
        "clustering",
        "--data",
        gold.to_str().unwrap(),
        "--out",
        "pred.jsonl",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let scores = &json_lines(&output)[0];
    assert_eq!(scores["bcubed"]["f1"], 1.0, "{scores}");
    assert_eq!(scores["clusters"], 3, "{scores}");
    let predicted = std::fs::read_to_string(sandbox.path().join("pred.jsonl")).unwrap();
    assert_eq!(predicted.lines().count(), 6);
}

#[test]
#[ignore = "needs ../shared/eval/clustering, ../shared/tools and python3: cargo test --workspace -- --ignored"]
fn eval_clustering_matches_the_python_scorer() {
    let script = shared("tools/score_clustering.py");
    for (file, level) in [
        ("eval/clustering/uci_news_dev.jsonl", "story"),
        ("eval/clustering/duc0607_dev.jsonl", "storyline"),
    ] {
        let gold = shared(file);
        let sandbox = Sandbox::new();
        let output = sandbox.run(&[
            "eval",
            "clustering",
            "--data",
            gold.to_str().unwrap(),
            "--level",
            level,
            "--out",
            "pred.jsonl",
            "--json",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let ours = &json_lines(&output)[0];
        let theirs = std::process::Command::new("python3")
            .arg(&script)
            .arg(&gold)
            .arg(sandbox.path().join("pred.jsonl"))
            .arg("--json")
            .output()
            .expect("python3 runs (this test needs it)");
        assert!(theirs.status.success(), "{}", stderr(&theirs));
        let theirs: serde_json::Value =
            serde_json::from_str(stdout(&theirs).trim()).expect("scorer JSON");
        for (our, their) in [
            (&ours["bcubed"]["precision"], &theirs["bcubed_p"]),
            (&ours["bcubed"]["recall"], &theirs["bcubed_r"]),
            (&ours["bcubed"]["f1"], &theirs["bcubed_f1"]),
            (&ours["pairwise"]["precision"], &theirs["pairwise_p"]),
            (&ours["pairwise"]["recall"], &theirs["pairwise_r"]),
            (&ours["pairwise"]["f1"], &theirs["pairwise_f1"]),
        ] {
            let (a, b) = (our.as_f64().unwrap(), their.as_f64().unwrap());
            assert!(
                (a - b).abs() < 1e-9,
                "{file}: ours {a}, score_clustering.py {b}"
            );
        }
        assert_eq!(ours["clusters"], theirs["n_pred_clusters"]);
    }
}
