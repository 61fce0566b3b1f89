//! The PLOVER scorer against the Python reference, and the coder on
//! arbitrary text (it must never panic).
//!
//! The scorer test reads `shared/eval/events/plover_gsr_dev.jsonl` and runs
//! `shared/tools/score_events.py`; it is ignored unless asked for
//! (`--ignored`), and then needs both and python3.

mod common;

use std::process::Command;

use proptest::prelude::*;
use tidings_extract::events::score;
use tidings_model::Article;
use tidings_nlp::annotate;

use common::{annotator, coder};

fn article(text: &str, published: Option<&str>) -> Article {
    common::one_paragraph(text, None, published)
}

#[test]
#[ignore = "needs ../shared/eval/events, ../shared/tools and python3: cargo test --workspace -- --ignored"]
fn scorer_prints_what_the_python_scorer_prints() {
    let gold_path = common::shared("eval/events/plover_gsr_dev.jsonl");
    let script = common::shared("tools/score_events.py");
    let gold = score::parse_gold(&std::fs::read_to_string(&gold_path).unwrap()).unwrap();
    let mut lines = String::new();
    let mut predictions = Vec::new();
    for record in &gold {
        let article = article(&record.text, None);
        let annotations = annotate(&article, annotator());
        let events = coder().code(&article, &annotations, annotator().gazetteer());
        let prediction = score::predict(&record.id, &events);
        lines.push_str(&serde_json::to_string(&prediction).unwrap());
        lines.push('\n');
        predictions.push(prediction);
    }
    let pred_path =
        std::env::temp_dir().join(format!("tidings-events-pred-{}.jsonl", std::process::id()));
    std::fs::write(&pred_path, &lines).unwrap();
    let output = Command::new("python3")
        .arg(&script)
        .arg(&gold_path)
        .arg(&pred_path)
        .output();
    let _ = std::fs::remove_file(&pred_path);
    let output = output.expect("python3 runs (this test needs it)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ours = score::score(&gold, &predictions).to_string();
    assert_eq!(ours, String::from_utf8_lossy(&output.stdout));
    // Read back, the predictions give the same figures.
    let again = score::parse_predictions(&lines).unwrap();
    assert_eq!(score::score(&gold, &again).to_string(), ours);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn coding_never_panics(text in "\\PC{0,300}") {
        let article = article(&text, Some("2026-03-06"));
        let annotations = annotate(&article, annotator());
        let events = coder().code(&article, &annotations, annotator().gazetteer());
        for event in events {
            prop_assert!(event.trigger.end <= text.len());
            prop_assert!(event.span.start <= event.trigger.start && event.trigger.end <= event.span.end);
            prop_assert!((0.0..=1.0).contains(&event.confidence));
        }
    }

    #[test]
    fn coding_words_that_look_like_news_never_panics(
        words in proptest::collection::vec(
            prop::sample::select(vec![
                "Israel", "Iranian", "officials", "said", "will", "not", "attack", "talks", "with",
                "the", "U.N.", "and", "Moscow", "urged", "to", "refused", "'s", ",", "\"", "by",
                "was", "airstrikes", "on", "may", "condolences", "it", "Kremlin", "who", "after",
                "threatened", "(", ")", "must", "release", "prisoners", "Friday", "of", "in",
            ]),
            0..40,
        )
    ) {
        let text = words.join(" ");
        let article = article(&text, Some("2026-03-06"));
        let annotations = annotate(&article, annotator());
        let _ = coder().code(&article, &annotations, annotator().gazetteer());
    }

    #[test]
    fn score_files_never_panic(text in "\\PC{0,200}") {
        let _ = score::parse_gold(&text);
        let _ = score::parse_predictions(&text);
    }
}
