//! Issue 11: `tidings eval extraction` scores pages as
//! `shared/tools/score_extraction.py` does; on invented pages it runs
//! everywhere.

mod common;

use common::{json_lines, python_scorer, shared, stderr, Sandbox};

/// An invented news page: navigation, the article, a share bar, a footer.
const PAGE: &str = r#"<!doctype html><html><head><title>Quay reopens after storm | Velmora Times</title></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Quay reopens after storm</h1>
<p>The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm tore away part of the breakwater.</p>
<p>Crews worked through the night, a spokesman said, and the first ferry to Velmora left at nine, on time and full.</p>
</article>
<div class="share-bar"><a href="/s/1">Share on Chirp</a> <a href="/s/2">Email this</a></div>
<footer><p>Velmora Times, 12 Quay Street, Velmora. All rights reserved.</p></footer>
</body></html>"#;

const TRUTH: &str = "The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm tore away part of the breakwater. Crews worked through the night, a spokesman said, and the first ferry to Velmora left at nine, on time and full.";

#[test]
fn an_invented_page_is_extracted_and_scored() {
    let sandbox = Sandbox::new();
    let truth = serde_json::json!({
        "id": "quay", "url": "https://velmora.example/quay", "title": "Quay reopens after storm", "text": TRUTH,
    });
    let missing =
        serde_json::json!({"id": "gone", "url": null, "title": null, "text": "Some text"});
    sandbox.write("data/truth.jsonl", format!("{truth}\n{missing}\n"));
    sandbox.write("data/html/quay.html", PAGE);
    sandbox.write("data/html/gone.html", "");
    let output = sandbox.run(&[
        "eval",
        "extraction",
        "--data",
        "data",
        "--out",
        "pred",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let scores = &json_lines(&output)[0];
    assert_eq!(scores["pages"], 2, "{scores}");
    // The article is found whole and nothing else; the empty page scores 0.
    assert!(
        (scores["recall"].as_f64().unwrap() - 0.5).abs() < 1e-9,
        "{scores}"
    );
    assert!(
        (scores["precision"].as_f64().unwrap() - 0.5).abs() < 1e-9,
        "{scores}"
    );
    assert_eq!(scores["title_accuracy"], 1.0, "{scores}");
    assert_eq!(scores["below_half"], 1, "{scores}");
    let text = std::fs::read_to_string(sandbox.path().join("pred/quay.txt")).unwrap();
    assert!(text.contains("first ferry to Velmora"), "{text}");
    assert!(!text.contains("Share on Chirp"), "{text}");
}

#[test]
fn a_folder_without_truth_is_a_clear_error() {
    let sandbox = Sandbox::new();
    sandbox.write("data/html/x.html", PAGE);
    let output = sandbox.run(&["eval", "extraction", "--data", "data"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("truth.jsonl"),
        "{}",
        stderr(&output)
    );
}

#[test]
#[ignore = "needs ../shared/eval/extraction, ../shared/tools and python3: cargo test --workspace -- --ignored"]
fn eval_extraction_matches_the_python_scorer() {
    let script = shared("tools/score_extraction.py");
    for set in ["scrapinghub", "readability"] {
        let data = shared("eval/extraction").join(set);
        let sandbox = Sandbox::new();
        let output = sandbox.run(&[
            "eval",
            "extraction",
            "--data",
            data.to_str().unwrap(),
            "--out",
            "pred",
            "--json",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let ours = &json_lines(&output)[0];
        let theirs = python_scorer(
            &script,
            &[
                data.join("truth.jsonl"),
                sandbox.path().join("pred"),
                "--json".into(),
            ],
        );
        let theirs: serde_json::Value = serde_json::from_str(theirs.trim()).expect("scorer JSON");
        assert_eq!(ours["pages"], theirs["n"]);
        for key in ["precision", "recall", "f1"] {
            let (a, b) = (ours[key].as_f64().unwrap(), theirs[key].as_f64().unwrap());
            // The scorer prints four decimals.
            assert!(
                (a - b).abs() <= 5e-5 + 1e-12,
                "{set} {key}: ours {a}, score_extraction.py {b}"
            );
        }
    }
}
