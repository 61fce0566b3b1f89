//! Issue 9: `tidings eval clustering` prints the same B-cubed and pairwise
//! figures as `shared/tools/score_clustering.py` on its own predictions,
//! at both levels; on an invented file it runs everywhere.

mod common;

use common::{json_lines, python_scorer, shared, stderr, Sandbox};

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
        let theirs = python_scorer(
            &script,
            &[
                gold.clone(),
                sandbox.path().join("pred.jsonl"),
                "--json".into(),
            ],
        );
        let theirs: serde_json::Value = serde_json::from_str(theirs.trim()).expect("scorer JSON");
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

/// The title line and the body (up to the lone `X` of the page debris) of
/// a seed file.
fn seed_article(name: &str) -> (String, String) {
    let text = std::fs::read_to_string(shared("seeds").join(name)).expect("seed is UTF-8");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let end = lines.iter().position(|l| *l == "X").unwrap_or(lines.len());
    (lines[0].to_string(), lines[1..end].join("\n\n"))
}

/// Issue 9's acceptance on the seeds: two phone calls seven months apart
/// are two stories of one storyline, and an invented third call joins the
/// storyline as a story of its own; an unrelated article stays apart.
#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn the_seeds_are_two_stories_of_one_storyline() {
    let (title_2, body_2) = seed_article("002_a437a26006dae97f.txt");
    let (title_0, body_0) = seed_article("000_2586115594d43654.txt");
    let third = (
        "Putin and Netanyahu discuss Iran again in new phone call",
        "Russian President Vladimir Putin held a telephone conversation with Israeli Prime \
         Minister Benjamin Netanyahu on Thursday, the Kremlin said, their third call this year \
         about Iran.\n\nThe two leaders discussed the situation around Iran's nuclear programme \
         and the wider Middle East, and agreed to keep in contact, according to the Kremlin \
         statement.\n\nNetanyahu's office said the prime minister had briefed Putin on Israel's \
         position on Iran.",
    );
    let other = (
        "Velmora dockworkers strike over night-shift pay",
        "Dockworkers at the port of Velmora walked out on Monday over night-shift pay, halting \
         ferries to Portavel and the Isle of Kerra.\n\nThe Harbour Authority called the strike \
         unlawful.",
    );
    let rows = [
        ("s002", "2025-06-13", title_2.as_str(), body_2.as_str()),
        ("v1", "2025-09-01", other.0, other.1),
        ("s000", "2026-01-16", title_0.as_str(), body_0.as_str()),
        ("s003", "2026-04-02", third.0, third.1),
    ];
    let gold: String = rows
        .iter()
        .map(|(id, date, title, text)| {
            let cluster = if *id == "v1" { "other" } else { "calls" };
            format!(
                "{}\n",
                serde_json::json!({"id": id, "date": date, "title": title, "text": text, "cluster": cluster})
            )
        })
        .collect();
    let sandbox = Sandbox::new();
    let path = sandbox.write("gold.jsonl", gold);
    let predict = |level: &str| -> std::collections::HashMap<String, String> {
        let output = sandbox.run(&[
            "eval",
            "clustering",
            "--data",
            path.to_str().unwrap(),
            "--level",
            level,
            "--out",
            "pred.jsonl",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read_to_string(sandbox.path().join("pred.jsonl"))
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["id"].as_str().unwrap().to_string(),
                    v["cluster"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let stories = predict("story");
    assert_ne!(stories["s002"], stories["s000"], "{stories:?}");
    assert_ne!(stories["s003"], stories["s000"], "{stories:?}");
    assert_ne!(stories["s003"], stories["s002"], "{stories:?}");
    let lines = predict("storyline");
    assert_eq!(lines["s002"], lines["s000"], "{lines:?}");
    assert_eq!(lines["s003"], lines["s000"], "{lines:?}");
    assert_ne!(lines["v1"], lines["s000"], "{lines:?}");
}

/// `analyze --json` places the documents of a file in stories, in order: a
/// near copy (one sentence changed) names its original and joins its story.
#[test]
fn analyze_names_a_near_copys_original_and_story() {
    let strike = "Dockworkers at the port of Velmora walked out on Monday over night-shift \
        pay, halting ferries to Portavel and the Isle of Kerra. The union said the harbour \
        authority had ignored three offers since the spring, and that the strike would last \
        until the authority agreed to talks. Ferry passengers were told to travel through \
        Dunmere instead, and freight queued on the coast road for most of the day.";
    let copy = strike.replace("freight queued", "lorries waited");
    let lake = "Farmers around Lake Orin face water limits after the lake fell to a record \
        low following the driest winter in forty years.";
    let lines = [
        serde_json::json!({"url": "https://a.example/1", "title": "Velmora dockworkers strike", "text": strike, "date": "2026-03-02"}),
        serde_json::json!({"url": "https://b.example/2", "title": "Lake Orin at record low", "text": lake, "date": "2026-03-02"}),
        serde_json::json!({"url": "https://c.example/3", "title": "Strike at Velmora port", "text": copy, "date": "2026-03-02"}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let sandbox = Sandbox::new();
    let path = sandbox.write("wire.jsonl", body);
    let output = sandbox.run(&["analyze", path.to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let docs = json_lines(&output);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["duplicate_of"], serde_json::Value::Null);
    assert_eq!(docs[1]["duplicate_of"], serde_json::Value::Null);
    assert_ne!(docs[1]["story"], docs[0]["story"]);
    assert_eq!(docs[2]["duplicate_of"], docs[0]["id"]);
    assert_eq!(docs[2]["story"], docs[0]["story"]);
    assert!(docs[2]["duplicate_similarity"].as_f64().unwrap() >= 0.8);
}
