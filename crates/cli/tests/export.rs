//! `tidings export` on a store built from the bundled example corpus: every
//! allowed format and row kind reads back (JSON lines parse, CSV records have
//! the header's width, GDELT event rows have 61 columns whose day and codes
//! are those `tidings events --json` shows), days narrow the output, a bad
//! request is exit code 2 with a message, and `--out` writes only the file.

mod common;

use common::{json_lines, repo_root, stderr, stdout, Sandbox};

const WHATS: &[&str] = &[
    "articles", "entities", "events", "quotes", "figures", "stories",
];

/// A sandbox whose store holds `examples/corpus`.
fn corpus_store() -> Sandbox {
    let sandbox = Sandbox::new();
    let corpus = repo_root().join("examples/corpus");
    let output = sandbox.run(&["ingest", corpus.to_str().expect("utf-8 path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    sandbox
}

fn export(sandbox: &Sandbox, args: &[&str]) -> String {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let output = sandbox.run(&all);
    assert!(
        output.status.success(),
        "export {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => {
                assert!(field.is_empty(), "a quote inside an unquoted field");
                quoted = true;
            }
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => assert_eq!(chars.next(), Some('\n'), "CR without LF"),
            '\n' => panic!("a record ends in a bare LF"),
            _ => field.push(c),
        }
        if c == '\r' {
            record.push(std::mem::take(&mut field));
            records.push(std::mem::take(&mut record));
        }
    }
    assert!(!quoted, "an unclosed quote");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record has no CRLF"
    );
    records
}

#[test]
fn every_format_reads_back() {
    let sandbox = corpus_store();
    for what in WHATS {
        let lines = export(&sandbox, &["--format", "jsonl", "--what", what]);
        let rows: Vec<serde_json::Value> = lines
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{what}: {e}")))
            .collect();
        assert!(!rows.is_empty(), "no {what} exported");
        assert!(rows.iter().all(|row| row.get("id").is_some()), "{what}");

        let records = parse_csv(&export(&sandbox, &["--format", "csv", "--what", what]));
        assert_eq!(
            records.len(),
            rows.len() + 1,
            "{what}: header + one row each"
        );
        let width = records[0].len();
        assert_eq!(records[0][0], "id", "{what}");
        for record in &records {
            assert_eq!(record.len(), width, "{what}: {record:?}");
        }
    }

    let gkg = export(&sandbox, &["--format", "gdelt-gkg"]);
    let articles = export(&sandbox, &["--format", "jsonl", "--what", "articles"]);
    assert_eq!(gkg.lines().count(), articles.lines().count());
    for line in gkg.lines() {
        assert_eq!(line.split('\t').count(), 27, "{line}");
    }
    assert!(
        gkg.lines()
            .any(|line| line.split('\t').nth(11).is_some_and(|p| !p.is_empty())),
        "some article names persons"
    );
}

#[test]
fn gdelt_event_rows_match_tidings_events() {
    let sandbox = corpus_store();
    let table = export(&sandbox, &["--format", "gdelt-events"]);
    let events = json_lines(&sandbox.run(&["events", "--json", "--limit", "100000"]));
    assert!(!events.is_empty(), "the corpus has events");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|line| line.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), events.len());
    for (row, event) in rows.iter().zip(&events) {
        assert_eq!(row.len(), 61, "{row:?}");
        assert_eq!(row[0], event["id"].to_string());
        let day = event["date"].as_str().map(|d| d.replace('-', ""));
        assert_eq!(row[1], day.as_deref().unwrap_or(""));
        assert_eq!(row[26], event["cameo"].as_str().expect("cameo"));
        assert_eq!(row[28], event["root"].as_str().expect("root"));
        assert_eq!(row[29], event["quad_class"].to_string());
        let source = event["source"]["code"].as_str().unwrap_or("");
        assert_eq!(row[5], source);
        assert_eq!(row[31], event["mentions"].to_string());
    }
}

#[test]
fn days_narrow_the_output() {
    let sandbox = corpus_store();
    for what in ["articles", "events", "quotes", "figures", "stories"] {
        let all = export(&sandbox, &["--format", "jsonl", "--what", what]);
        let none = export(
            &sandbox,
            &["--format", "jsonl", "--what", what, "--since", "2099-01-01"],
        );
        assert!(!all.is_empty(), "{what}");
        assert!(none.is_empty(), "{what} after 2099: {none}");
        let early = export(
            &sandbox,
            &["--format", "jsonl", "--what", what, "--until", "1900-12-31"],
        );
        assert!(early.is_empty(), "{what} before 1901: {early}");
    }
    // Events of one day only carry that day.
    let events = export(&sandbox, &["--format", "jsonl", "--what", "events"]);
    let first: serde_json::Value =
        serde_json::from_str(events.lines().next().expect("an event")).expect("json");
    let day = first["date"].as_str().expect("a dated event").to_string();
    let that_day = export(
        &sandbox,
        &[
            "--format", "jsonl", "--what", "events", "--since", &day, "--until", &day,
        ],
    );
    assert!(!that_day.is_empty());
    assert!(that_day.lines().count() < events.lines().count());
    for line in that_day.lines() {
        let event: serde_json::Value = serde_json::from_str(line).expect("json");
        assert_eq!(event["date"].as_str(), Some(day.as_str()));
    }
}

#[test]
fn bad_requests_are_errors_with_exit_code_2() {
    let sandbox = corpus_store();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--format", "gdelt-events", "--what", "quotes"],
            "exports only events",
        ),
        (
            &["--format", "gdelt-gkg", "--what", "events"],
            "exports only articles",
        ),
        (&["--format", "csv", "--since", "2026-02-30"], "--since"),
        (
            &["--format", "csv", "--until", "March"],
            "expected YYYY-MM-DD",
        ),
        (&["--format", "parquet"], "not built yet"),
        (&["--format", "xml"], "unknown export format"),
        (
            &[
                "--format",
                "jsonl",
                "--what",
                "entities",
                "--since",
                "2026-01-01",
            ],
            "entities",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        let output = sandbox.run(&all);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn out_writes_the_file_and_nothing_to_stdout() {
    let sandbox = corpus_store();
    let path = sandbox.path().join("events.tsv");
    let output = sandbox.run(&[
        "export",
        "--format",
        "gdelt-events",
        "--out",
        path.to_str().expect("utf-8 path"),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&path).expect("the file");
    assert_eq!(written, export(&sandbox, &["--format", "gdelt-events"]));
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.path())
        .expect("dir")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}
