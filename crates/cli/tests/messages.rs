//! Issue 15, items 6 to 9: what the CLI prints for a human. Facts are
//! visible without `--json`, cut lists say so, skips say why, and every bad
//! argument is an error in our words with exit code 2. Runs on our example
//! corpus and on small invented articles.

mod common;

use common::{json_lines, repo_root, stderr, stdout, Sandbox};

/// An invented article whose facts are known: the dock strike (9 events,
/// 3 quotes, 4 figures when this test was written).
fn dock_strike() -> std::path::PathBuf {
    repo_root().join("examples/corpus/text/velmora-dock-strike.txt")
}

fn ingest_corpus(sandbox: &Sandbox) {
    let corpus = repo_root().join("examples/corpus");
    let output = sandbox.run(&["ingest", corpus.to_str().unwrap(), "-q"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The number after `heading (` in a line `heading (N):`.
fn heading_count(text: &str, heading: &str) -> Option<usize> {
    let start = text.find(&format!("\n{heading} ("))? + heading.len() + 3;
    let end = start + text[start..].find(')')?;
    text[start..end].parse().ok()
}

/// Checks the events, quotes and figures sections of a human report against
/// the facts `analyze --json` gives for the same document.
fn assert_facts_printed(text: &str, facts: &serde_json::Value) {
    for (section, items) in [
        ("events", &facts["events"]),
        ("quotes", &facts["quotes"]),
        ("figures", &facts["figures"]),
    ] {
        let items = items.as_array().expect("an array");
        assert!(!items.is_empty(), "the example has {section}");
        assert_eq!(
            heading_count(text, section),
            Some(items.len()),
            "a `{section} (N):` heading: {text}"
        );
    }
    let event = &facts["events"][0];
    let line = text
        .lines()
        .find(|line| {
            line.contains(event["cameo"].as_str().unwrap())
                && line.contains(event["plover"].as_str().unwrap())
        })
        .unwrap_or_else(|| panic!("a line with the first event's codes: {text}"));
    // The evidence sentence, shortened to fit on the line.
    let sentence = event["sentence"].as_str().unwrap();
    assert!(line.contains(&sentence[..30]), "{line}");
    assert!(line.chars().count() < 200, "one compact line: {line}");
    let quote = &facts["quotes"][0];
    assert!(
        text.lines()
            .any(|line| line.contains(quote["speaker"].as_str().unwrap())
                && line.contains(quote["cue"].as_str().unwrap())
                && line.contains(&quote["text"].as_str().unwrap()[..20])),
        "a line with the first quote's speaker, cue and text: {text}"
    );
    let figure = &facts["figures"][0];
    assert!(
        text.lines()
            .any(|line| line.contains(figure["kind"].as_str().unwrap())
                && line.contains(&figure["value"].as_f64().unwrap().to_string())
                && line.contains(figure["counts"].as_str().unwrap())
                && line.contains(figure["qualifier"].as_str().unwrap())),
        "a line with the first figure: {text}"
    );
}

#[test]
fn issue_15_6_analyze_and_show_print_events_quotes_and_figures() {
    let sandbox = Sandbox::new();
    let file = dock_strike();
    let file = file.to_str().unwrap();
    let json = json_lines(&sandbox.run(&["analyze", file, "--json"]));
    let output = sandbox.run(&["analyze", file]);
    assert!(output.status.success());
    assert_facts_printed(&stdout(&output), &json[0]);

    let ingested = json_lines(&sandbox.run(&["ingest", file, "--json"]));
    let id = ingested[0]["id"].as_str().expect("an id");
    let output = sandbox.run(&["show", id]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_facts_printed(&stdout(&output), &json[0]);
}

#[test]
fn issue_15_6_analyze_help_describes_every_json_field() {
    let sandbox = Sandbox::new();
    let help = stdout(&sandbox.run(&["analyze", "--help"]));
    for field in [
        "sentences",
        "mentions",
        "entities",
        "dates",
        "events",
        "quotes",
        "figures",
    ] {
        assert!(help.contains(field), "{field} in {help}");
    }
    assert!(help.contains("README"), "points to the README: {help}");
}

#[test]
fn issue_15_7_cut_lists_say_how_many_there_are() {
    let sandbox = Sandbox::new();
    ingest_corpus(&sandbox);
    let total = |what: &str| json_lines(&sandbox.run(&[what, "--limit", "1000", "--json"])).len();
    for what in ["events", "quotes", "figures", "entities"] {
        let all = total(what);
        assert!(all > 2, "{what}: {all}");
        let output = sandbox.run(&[what, "--limit", "2"]);
        assert!(output.status.success());
        let text = stdout(&output);
        assert!(
            text.contains(&format!("2 of {all} shown; --limit N for more")),
            "{what}: {text}"
        );
        // JSON lines stay JSON lines.
        let output = sandbox.run(&[what, "--limit", "2", "--json"]);
        assert_eq!(json_lines(&output).len(), 2);
        // A list that is not cut says nothing of the kind.
        let text = stdout(&sandbox.run(&[what, "--limit", "1000"]));
        assert!(!text.contains("shown;"), "{what}: {text}");
    }
    let text = stdout(&sandbox.run(&["search", "Velmora", "--limit", "1"]));
    assert!(text.contains("1 of "), "{text}");
    assert!(text.contains("shown; --limit N for more"), "{text}");
}

#[test]
fn issue_15_7_a_limit_of_zero_is_an_error() {
    let sandbox = Sandbox::new();
    ingest_corpus(&sandbox);
    for what in [
        &["search", "Velmora"][..],
        &["events"],
        &["quotes"],
        &["figures"],
        &["entities"],
        &["entity", "Velmora"],
    ] {
        let mut args = what.to_vec();
        args.extend(["--limit", "0"]);
        let output = sandbox.run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}");
        assert!(
            stderr(&output).contains("--limit must be at least 1"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn issue_15_8_the_summary_says_what_was_skipped_and_why() {
    let sandbox = Sandbox::new();
    let crawl = repo_root().join("examples/corpus/crawl/coastal-crawl.warc.gz");
    let output = sandbox.run(&["ingest", crawl.to_str().unwrap()]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("1 skipped: payload is image/png, not HTML"),
        "{text}"
    );
    // Which record, for whoever wants to look.
    assert!(text.contains("coastal-crawl.warc.gz#8"), "{text}");

    let help = stdout(&sandbox.run(&["ingest", "--help"]));
    for status in ["new", "present", "failed", "skipped"] {
        assert!(help.contains(&format!("\"{status}\"")), "{status}: {help}");
    }
}
