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

/// What Python's standard library reads back from the exports: JSON lines
/// with `json`, CSV with `csv` (the header's width on every record), the
/// GDELT event table with `csv` in tab mode against GDELT 2.0's published
/// column names. Printed as one JSON object of row counts.
const PYTHON_READER: &str = r#"
import csv, json, sys
folder = sys.argv[1]
GDELT_EVENT_COLUMNS = """GlobalEventID Day MonthYear Year FractionDate Actor1Code Actor1Name
Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code
Actor1Type1Code Actor1Type2Code Actor1Type3Code Actor2Code Actor2Name Actor2CountryCode
Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code Actor2Type1Code
Actor2Type2Code Actor2Type3Code IsRootEvent EventCode EventBaseCode EventRootCode QuadClass
GoldsteinScale NumMentions NumSources NumArticles AvgTone Actor1Geo_Type Actor1Geo_FullName
Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long
Actor1Geo_FeatureID Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code
Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID ActionGeo_Type
ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL""".split()
counts = {"gdelt_columns": len(GDELT_EVENT_COLUMNS)}
for what in ["articles", "entities", "events", "quotes", "figures", "stories"]:
    with open(f"{folder}/{what}.jsonl", encoding="utf-8") as f:
        counts[f"{what}.jsonl"] = sum(1 for line in f if json.loads(line) is not None)
    with open(f"{folder}/{what}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
        assert all(len(r) == len(rows[0]) for r in rows), what
        counts[f"{what}.csv"] = len(rows) - 1
with open(f"{folder}/events.tsv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(r) == len(GDELT_EVENT_COLUMNS) for r in rows)
    by_name = [dict(zip(GDELT_EVENT_COLUMNS, r)) for r in rows]
    # Day is empty for an event no report dates (nothing is invented).
    assert all(len(e["Day"]) in (0, 8) and e["EventRootCode"] == e["EventCode"][:2] for e in by_name)
    assert any(len(e["Day"]) == 8 for e in by_name)
    counts["events.tsv"] = len(rows)
print(json.dumps(counts))
"#;

#[test]
fn python_reads_every_export_back() {
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipping: python3 is not installed (.ci/run installs it)");
        return;
    }
    let sandbox = corpus_store();
    let folder = tempfile::tempdir().expect("temp dir");
    let dir = folder.path();
    let path = |name: &str| dir.join(name).to_str().expect("utf-8 path").to_string();
    for what in WHATS {
        for format in ["jsonl", "csv"] {
            let out = path(&format!("{what}.{format}"));
            export(
                &sandbox,
                &["--format", format, "--what", what, "--out", &out],
            );
        }
    }
    let events = path("events.tsv");
    export(&sandbox, &["--format", "gdelt-events", "--out", &events]);
    let output = std::process::Command::new("python3")
        .args(["-c", PYTHON_READER])
        .arg(dir)
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let counts: serde_json::Value =
        serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    assert_eq!(counts["gdelt_columns"], 61);
    for what in WHATS {
        let rows = export(&sandbox, &["--format", "jsonl", "--what", what])
            .lines()
            .filter(|line| !line.trim().is_empty())
            .count();
        assert!(rows > 0, "the corpus has {what}");
        assert_eq!(counts[format!("{what}.jsonl")], rows, "{what} jsonl");
        assert_eq!(counts[format!("{what}.csv")], rows, "{what} csv");
    }
    assert_eq!(counts["events.tsv"], counts["events.jsonl"]);
}

/// Tone (issue 14, item 5) in the exports: an event's AvgTone is the mean
/// tone of the articles its evidence lists, as `tidings show` gives each;
/// a GKG row's V2Tone starts with its article's tone.
#[test]
fn issue_14_tone_is_exported_per_event_and_per_article() {
    let sandbox = corpus_store();
    let tone_of = |id: &str| -> Option<f64> {
        let shown = json_lines(&sandbox.run(&["show", id, "--json"]));
        shown[0]["tone"]["score"].as_f64()
    };
    let events = json_lines(&sandbox.run(&[
        "export",
        "--format",
        "jsonl",
        "--what",
        "events",
        "--min-confidence",
        "0",
    ]));
    let table = export(
        &sandbox,
        &["--format", "gdelt-events", "--min-confidence", "0"],
    );
    let rows: Vec<Vec<&str>> = table.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), events.len());
    let mut toned = 0;
    for (event, row) in events.iter().zip(&rows) {
        let mut ids: Vec<&str> = event["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        ids.sort();
        ids.dedup();
        let tones: Vec<f64> = ids.iter().filter_map(|id| tone_of(id)).collect();
        if tones.is_empty() {
            assert!(event["avg_tone"].is_null(), "{event}");
            assert_eq!(row[34], "");
            continue;
        }
        let mean = tones.iter().sum::<f64>() / tones.len() as f64;
        let exported = event["avg_tone"].as_f64().expect("a tone");
        assert!(
            (exported - mean).abs() < 1e-3,
            "{exported} vs {mean}: {event}"
        );
        assert_eq!(row[34], format!("{mean:.2}"));
        toned += 1;
    }
    assert!(toned > 0, "English events have a tone");

    let gkg = export(&sandbox, &["--format", "gdelt-gkg"]);
    let mut checked = 0;
    for line in gkg.lines() {
        let row: Vec<&str> = line.split('\t').collect();
        match tone_of(row[0]) {
            Some(tone) => {
                let fields: Vec<&str> = row[15].split(',').collect();
                assert_eq!(fields.len(), 7, "{}", row[15]);
                assert_eq!(fields[0], format!("{tone:.2}"));
                let (positive, negative): (f64, f64) =
                    (fields[1].parse().unwrap(), fields[2].parse().unwrap());
                assert!(((positive - negative) - tone).abs() < 0.02, "{}", row[15]);
                checked += 1;
            }
            None => assert_eq!(row[15], "", "no tone outside English"),
        }
    }
    assert!(checked > 0);
}
