//! Issue 3's acceptance through the CLI: entities, resolution and dates on
//! the seeds (ignored, saying so, unless run with `--ignored`) and on our own
//! example corpus; `tidings entities` and `tidings entity` over the store.

mod common;

use common::{json_lines, repo_root, shared, Sandbox};
use serde_json::Value;

fn analyze(sandbox: &Sandbox, path: &std::path::Path, date: &str) -> Value {
    let output = sandbox.run(&["analyze", path.to_str().unwrap(), "--date", date, "--json"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    json_lines(&output).remove(0)
}

fn entity<'a>(doc: &'a Value, name: &str) -> Option<&'a Value> {
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
}

fn has_entity(doc: &Value, name: &str, kind: &str) -> bool {
    entity(doc, name).is_some_and(|e| e["kind"] == kind)
}

fn date_of(doc: &Value, text: &str) -> Option<String> {
    doc["dates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["text"] == text)
        .and_then(|d| d["date"].as_str().map(str::to_string))
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn issue_3_seed_entities_resolution_and_dates() {
    let seeds = shared("seeds");
    let sandbox = Sandbox::new();
    let first = analyze(
        &sandbox,
        &seeds.join("000_2586115594d43654.txt"),
        "2026-01-16",
    );
    let second = analyze(
        &sandbox,
        &seeds.join("002_a437a26006dae97f.txt"),
        "2025-06-13",
    );
    let both = [&first, &second];

    for (name, kind) in [
        ("Vladimir Putin", "person"),
        ("Benjamin Netanyahu", "person"),
        ("Donald Trump", "person"),
        ("Masoud Pezeshkian", "person"),
        ("Ali Khamenei", "person"),
        ("Kremlin", "organisation"),
        ("Human Rights Activists News Agency", "organisation"),
        ("Iran", "location"),
        ("Israel", "location"),
        ("Tehran", "location"),
        ("Natanz", "location"),
        ("Tabriz", "location"),
        ("Isfahan", "location"),
    ] {
        assert!(
            both.iter().any(|doc| has_entity(doc, name, kind)),
            "{name} ({kind}) not found: {:#?}",
            both.iter().map(|d| &d["entities"]).collect::<Vec<_>>()
        );
    }
    let hrana = entity(&first, "Human Rights Activists News Agency").unwrap();
    assert!(
        hrana["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "HRANA"),
        "{hrana}"
    );

    // "Putin" alone is Vladimir Putin, President of Russia, in both articles.
    for doc in both {
        let putin = entity(doc, "Vladimir Putin").expect("Putin in each seed");
        assert_eq!(putin["country"], "RUS");
        assert!(
            putin["roles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "President"),
            "{putin}"
        );
        let bare: Vec<&Value> = doc["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["text"] == "Putin")
            .collect();
        assert!(!bare.is_empty());
        for mention in bare {
            assert_eq!(mention["name"], "Vladimir Putin");
        }
        // Nothing from the Turkish debris: every mention lies in the clean text.
        let text_len = doc["text"].as_str().unwrap().len() as u64;
        for mention in doc["mentions"].as_array().unwrap() {
            assert!(mention["end"].as_u64().unwrap() <= text_len);
            assert!(!mention["text"].as_str().unwrap().contains("çerez"));
        }
    }

    assert_eq!(date_of(&second, "on Friday").as_deref(), Some("2025-06-13"));
    assert_eq!(
        date_of(&first, "late Wednesday").as_deref(),
        Some("2026-01-14")
    );
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn issue_3_entities_across_the_store() {
    let seeds = shared("seeds");
    let sandbox = Sandbox::new();
    for (name, date) in [
        ("000_2586115594d43654.txt", "2026-01-16"),
        ("002_a437a26006dae97f.txt", "2025-06-13"),
    ] {
        let path = seeds.join(name);
        let output = sandbox.run(&["ingest", path.to_str().unwrap(), "--date", date, "-q"]);
        assert!(output.status.success(), "{}", common::stderr(&output));
    }
    let people = json_lines(&sandbox.run(&["entities", "--kind", "person", "--json"]));
    assert!(people.iter().all(|e| e["kind"] == "person"));
    let putin = people
        .iter()
        .find(|e| e["name"] == "Vladimir Putin")
        .expect("Putin listed");
    assert_eq!(
        putin["articles"], 2,
        "one entity across both articles: {putin}"
    );

    let detail = &json_lines(&sandbox.run(&["entity", "Putin", "--json"]))[0];
    assert_eq!(detail["entity"]["name"], "Vladimir Putin");
    let days: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|day| day[0].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2025-06-13", "2026-01-16"]);
    assert!(detail["co_occurring"]
        .as_array()
        .unwrap()
        .iter()
        .any(|other| other["name"] == "Benjamin Netanyahu" && other["articles"] == 2));
    for hit in detail["mentions"].as_array().unwrap() {
        let sentence = hit["sentence"].as_str().unwrap();
        let (start, end) = (
            hit["range"]["start"].as_u64().unwrap() as usize,
            hit["range"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&sentence[start..end], hit["text"].as_str().unwrap());
    }
}

#[test]
fn example_corpus_people_are_linked_across_formats() {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    assert!(sandbox
        .run(&["ingest", corpus.to_str().unwrap(), "-q"])
        .status
        .success());
    // The union leader of the Velmora strike speaks in the text, HTML and WARC articles.
    let detail = &json_lines(&sandbox.run(&["entity", "Marta Ilves", "--json"]))[0];
    assert_eq!(detail["entity"]["kind"], "person");
    assert!(
        detail["entity"]["articles"].as_u64().unwrap() >= 3,
        "{}",
        detail["entity"]
    );
    let detail = &json_lines(&sandbox.run(&["entity", "Velmora", "--json"]))[0];
    assert_eq!(detail["entity"]["kind"], "location");
    assert!(detail["entity"]["articles"].as_u64().unwrap() >= 4);

    let output = sandbox.run(&["entity", "Nobody Atall"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("tidings entities"));
}

#[test]
fn dates_resolve_against_the_date_given_and_stay_text_without_one() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "ferry.txt",
        "Kerra ferry resumes after repairs\n\nThe ferry to Kerra sailed again late Wednesday, two days after the storm, the operator said on Friday.\n",
    );
    let dated = analyze(&sandbox, &path, "2026-02-20");
    assert_eq!(
        date_of(&dated, "late Wednesday").as_deref(),
        Some("2026-02-18")
    );
    assert_eq!(date_of(&dated, "on Friday").as_deref(), Some("2026-02-20"));
    let output = sandbox.run(&["analyze", path.to_str().unwrap(), "--json"]);
    let undated = json_lines(&output).remove(0);
    let found: Vec<&Value> = undated["dates"].as_array().unwrap().iter().collect();
    assert!(found
        .iter()
        .any(|d| d["text"] == "late Wednesday" && d["date"].is_null()));
}
