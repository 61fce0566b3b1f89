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
                && (line.contains(figure["qualifier"].as_str().unwrap())
                    || figure["words"]
                        .as_str()
                        .is_some_and(|w| line.contains(&w.to_lowercase())))),
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

/// Runs a command that must fail with exit code 2, no output and one error
/// line in our words.
fn assert_bad_argument(sandbox: &Sandbox, args: &[&str], expected: &str) -> String {
    let output = sandbox.run(args);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
    assert!(stdout(&output).is_empty(), "{args:?}");
    assert!(err.contains(expected), "{args:?}: {err}");
    err
}

#[test]
fn issue_15_9_bad_filter_values_are_errors_in_our_words() {
    let sandbox = Sandbox::new();
    ingest_corpus(&sandbox);
    let err = assert_bad_argument(
        &sandbox,
        &["figures", "--kind", "dead"],
        "unknown figure kind \"dead\"",
    );
    assert!(err.contains("killed") && err.contains("money"), "{err}");
    for option in ["--since", "--until"] {
        let err = assert_bad_argument(
            &sandbox,
            &["events", option, "2026-1-1"],
            "bad date \"2026-1-1\": expected YYYY-MM-DD",
        );
        assert!(
            !err.contains("two digit integer"),
            "no raw parser text: {err}"
        );
    }
    assert_bad_argument(
        &sandbox,
        &["events", "--since", "2026-02-30"],
        "bad date \"2026-02-30\"",
    );
    assert_bad_argument(
        &sandbox,
        &["events", "--code", "NOSUCHTYPE"],
        "unknown event code \"NOSUCHTYPE\"",
    );
    // Good values still work, in any case.
    let output = sandbox.run(&["figures", "--kind", "Money"]);
    assert!(output.status.success());
    let output = sandbox.run(&["events", "--code", "consult", "--since", "2026-01-01"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn issue_15_9_a_missing_eval_file_is_named_once() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["eval", "ner", "--data", "nope.conll"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert_eq!(err.matches("nope.conll").count(), 1, "{err}");
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn issue_15_9_ingest_of_nothing_is_an_error_and_leaves_no_store() {
    let sandbox = Sandbox::new();
    let store = sandbox.path().join("x");
    let output = sandbox.run(&[
        "ingest",
        "--db",
        store.to_str().unwrap(),
        "/nonexistent-tidings-input",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("/nonexistent-tidings-input"), "{err}");
    assert!(err.contains("nothing to ingest"), "{err}");
    assert!(!store.exists(), "no empty store left behind");
}

#[test]
fn issue_15_9_one_is_singular() {
    let sandbox = Sandbox::new();
    // One removed block (a share button), one event reported once.
    let article = sandbox.write(
        "in/quay.txt",
        "Velmora council approves new quay\n\n\
         The council of Velmora approved a new quay for the fishing fleet on Monday, after a vote of nine to four.\n\n\
         Work on the quay will start in May and is due to end before the winter storms, the council said.\n\n\
         Share\n",
    );
    let output = sandbox.run(&["ingest", article.to_str().unwrap()]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("1 block removed"), "{text}");
    assert!(text.contains("1 file: 1 new article,"), "{text}");
    let stats = stdout(&sandbox.run(&["stats"]));
    // No site (plain text without --source): no empty heading.
    assert!(!stats.contains("sites:"), "{stats}");
    let entities = stdout(&sandbox.run(&["entities"]));
    assert!(entities.contains(" 1 article "), "{entities}");
    for listing in [&entities, &stats, &text] {
        for plural in ["1 mentions", "1 articles", "1 sources", "1 blocks"] {
            assert!(!listing.contains(plural), "{plural}: {listing}");
        }
    }
    // The corpus has events reported once.
    let corpus = Sandbox::new();
    ingest_corpus(&corpus);
    let events = stdout(&corpus.run(&["events", "--limit", "1000"]));
    assert!(
        events.contains("1 mention, 1 article, 1 source"),
        "{events}"
    );
    for plural in ["1 mentions", "1 articles", "1 sources"] {
        assert!(!events.contains(plural), "{plural}: {events}");
    }
}
