//! `tidings export` on a store built from the bundled example corpus: every
//! allowed format and row kind reads back (JSON lines parse, CSV records have
//! the header's width, GDELT event rows have 61 columns whose day and codes
//! are those `tidings events --json` shows), days narrow the output, a bad
//! request is exit code 2 with a message, and `--out` writes only the file.
//! With the `parquet` feature, each Parquet export is read back by pyarrow
//! (or DuckDB) from PyPI in a virtualenv the test makes.

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

/// The GKG's delimited fields, checked against what `tidings show --json`
/// says of each article: the entities of each kind as Persons,
/// Organizations and Locations (V1 `;` lists, V2 with a character offset of
/// the name's first mention), the figures of a count kind as Counts
/// (`TYPE#count#object#` and seven location fields, V2 with the offset),
/// every quote as `offset|length|verb|quote` with the quote's words at that
/// offset of the text, every figure as an Amount.
#[test]
fn gdelt_gkg_fields_are_in_gdelts_formats() {
    let sandbox = corpus_store();
    // The example corpus counts no casualties: one invented report that does.
    let flood = sandbox.write(
        "flood.txt",
        "Floods in Dunmere leave 14 dead\n\n\
         At least 14 people were killed and 32 were injured when the Aven river burst its \
         banks in Dunmere on Tuesday, the regional emergency office said.\n\n\
         Police arrested 6 men accused of looting shops in the old town, officials said. \
         More than 2,000 residents were evacuated overnight.\n\n\
         \"We are doing everything we can to reach the villages,\" said Mayor Lida Rensk of \
         the Dunmere Council.\n",
    );
    let ingested = sandbox.run(&[
        "ingest",
        flood.to_str().expect("utf-8 path"),
        "--date",
        "2026-04-14",
        "--source",
        "valley.example",
    ]);
    assert!(ingested.status.success(), "{}", stderr(&ingested));
    let gkg = export(&sandbox, &["--format", "gdelt-gkg"]);
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for line in gkg.lines() {
        let row: Vec<&str> = line.split('\t').collect();
        assert_eq!(row.len(), 27, "{line}");
        let shown = sandbox.run(&["show", row[0], "--json"]);
        assert!(shown.status.success(), "{}", stderr(&shown));
        let article: serde_json::Value = serde_json::from_str(&stdout(&shown)).expect("json");
        let text: Vec<char> = article["text"].as_str().expect("text").chars().collect();
        let entries = |field: &str| -> Vec<String> {
            field
                .split(';')
                .filter(|entry| !entry.is_empty())
                .map(str::to_string)
                .collect()
        };
        let offset = |at: &str| -> usize {
            let at: usize = at.parse().unwrap_or_else(|_| panic!("an offset: {at:?}"));
            assert!(at < text.len(), "offset {at} past the text");
            at
        };

        // DATE is YYYYMMDDHHMMSS, the publication's.
        if let Some(published) = article["published"].as_str() {
            let digits: String = published.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(row[1].len(), 14, "{}", row[1]);
            assert!(
                row[1].starts_with(&digits[..8]),
                "{} vs {published}",
                row[1]
            );
        }

        // Persons, organisations, locations: V1 names and V2 name,offset.
        for (kind, v1, v2, location) in [
            ("person", 11, 12, false),
            ("organisation", 13, 14, false),
            ("location", 9, 10, true),
        ] {
            let mut want: Vec<String> = article["entities"]
                .as_array()
                .expect("entities")
                .iter()
                .filter(|e| e["kind"] == kind)
                .map(|e| {
                    e["name"]
                        .as_str()
                        .expect("name")
                        .replace([';', '#', ','], " ")
                })
                .collect();
            want.sort();
            let mut names = Vec::new();
            for entry in entries(row[v1]) {
                if location {
                    let fields: Vec<&str> = entry.split('#').collect();
                    assert_eq!(fields.len(), 7, "V1 location {entry}");
                    names.push(fields[1].to_string());
                } else {
                    names.push(entry);
                }
            }
            names.sort();
            assert_eq!(names, want, "{kind}s of {}", row[0]);
            let mut v2_names = Vec::new();
            for entry in entries(row[v2]) {
                let (name, at) = if location {
                    let fields: Vec<&str> = entry.split('#').collect();
                    assert_eq!(fields.len(), 9, "V2 location {entry}");
                    (fields[1].to_string(), fields[8].to_string())
                } else {
                    let (name, at) = entry.rsplit_once(',').expect("name,offset");
                    (name.to_string(), at.to_string())
                };
                offset(&at);
                v2_names.push(name);
            }
            v2_names.sort();
            assert_eq!(v2_names, want, "V2 {kind}s of {}", row[0]);
            *seen.entry(kind).or_default() += want.len();
        }

        // Counts: the figures of a count kind.
        let count_type = |kind: &str| match kind {
            "killed" => Some("KILL"),
            "injured" => Some("WOUND"),
            "arrested" | "detained" => Some("ARREST"),
            "protesters" => Some("PROTEST"),
            "displaced" | "evacuated" | "missing" => Some("AFFECT"),
            _ => None,
        };
        let figures = article["figures"].as_array().expect("figures");
        let mut want: Vec<(String, f64)> = figures
            .iter()
            .filter_map(|f| {
                let kind = count_type(f["kind"].as_str()?)?;
                Some((kind.to_string(), f["value"].as_f64()?))
            })
            .collect();
        let mut counts = Vec::new();
        for entry in entries(row[5]) {
            let fields: Vec<&str> = entry.split('#').collect();
            assert_eq!(fields.len(), 10, "V1 count {entry}");
            counts.push((
                fields[0].to_string(),
                fields[1].parse::<f64>().expect("a count"),
            ));
        }
        let v2 = entries(row[6]);
        assert_eq!(v2.len(), counts.len());
        for entry in &v2 {
            let fields: Vec<&str> = entry.split('#').collect();
            assert_eq!(fields.len(), 11, "V2 count {entry}");
            offset(fields[10]);
        }
        let by = |a: &(String, f64), b: &(String, f64)| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1));
        want.sort_by(by);
        counts.sort_by(by);
        assert_eq!(counts, want, "counts of {}", row[0]);
        *seen.entry("counts").or_default() += counts.len();

        // Amounts: every figure, amount,object,offset.
        let amounts = entries(row[24]);
        assert_eq!(amounts.len(), figures.len(), "{}", row[24]);
        for entry in amounts {
            let fields: Vec<&str> = entry.split(',').collect();
            assert_eq!(fields.len(), 3, "amount {entry}");
            fields[0].parse::<f64>().expect("an amount");
            offset(fields[2]);
        }

        // Quotations: offset|length|verb|quote, the quote's words at the offset.
        let quotes = article["quotes"].as_array().expect("quotes");
        let quotations: Vec<&str> = row[22].split('#').filter(|q| !q.is_empty()).collect();
        assert_eq!(quotations.len(), quotes.len(), "{}", row[22]);
        for (entry, quote) in quotations.iter().zip(quotes) {
            let fields: Vec<&str> = entry.split('|').collect();
            assert_eq!(fields.len(), 4, "quotation {entry}");
            let at = offset(fields[0]);
            let length: usize = fields[1].parse().expect("a length");
            let words: String = text[at..at + length].iter().collect();
            assert_eq!(words.replace(['|', '#', '\n', '\t'], " "), fields[3]);
            assert_eq!(
                fields[3],
                quote["text"]
                    .as_str()
                    .expect("text")
                    .replace(['|', '#', '\n', '\t'], " ")
            );
            assert_eq!(fields[2], quote["cue"].as_str().expect("cue"));
        }
        *seen.entry("quotations").or_default() += quotations.len();

        // V2Tone: seven fields, the tone `show` gives, or empty without one.
        match article["tone"].as_object() {
            Some(tone) => {
                let fields: Vec<&str> = row[15].split(',').collect();
                assert_eq!(fields.len(), 7, "{}", row[15]);
                let score: f64 = fields[0].parse().expect("a tone");
                let want = tone["score"].as_f64().expect("a score");
                assert!((score - want).abs() < 0.006, "{score} vs {want}");
                assert_eq!(fields[6], tone["words"].to_string());
                *seen.entry("tone").or_default() += 1;
            }
            None => assert_eq!(row[15], ""),
        }

        // AllNames: every entity, name,offset.
        for entry in entries(row[23]) {
            let (_, at) = entry.rsplit_once(',').expect("name,offset");
            offset(at);
        }
    }
    // The corpus exercises every field.
    for field in [
        "person",
        "organisation",
        "location",
        "counts",
        "quotations",
        "tone",
    ] {
        assert!(
            seen.get(field).is_some_and(|n| *n > 0),
            "no {field}: {seen:?}"
        );
    }
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
    // A build without the feature names it (with it, parquet is tested below).
    #[cfg(not(feature = "parquet"))]
    let cases = &[
        cases,
        &[(&["--format", "parquet"][..], "--features parquet")],
    ]
    .concat();
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
    # GDELT's types: what is filled parses as the codebook says; what every
    # event has is always filled.
    INTS = """GlobalEventID Day MonthYear Year IsRootEvent QuadClass NumMentions NumSources
    NumArticles Actor1Geo_Type Actor2Geo_Type ActionGeo_Type DATEADDED""".split()
    FLOATS = """FractionDate GoldsteinScale AvgTone Actor1Geo_Lat Actor1Geo_Long Actor2Geo_Lat
    Actor2Geo_Long ActionGeo_Lat ActionGeo_Long""".split()
    ALWAYS = """GlobalEventID EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale
    NumMentions NumSources NumArticles""".split()
    for e in by_name:
        for c in INTS:
            assert e[c] == "" or int(e[c]) >= 0, (c, e[c])
        for c in FLOATS:
            assert e[c] == "" or float(e[c]) == float(e[c]), (c, e[c])
        for c in ALWAYS:
            assert e[c] != "", (c, e)
        assert e["QuadClass"] in ("1", "2", "3", "4"), e
        assert -10 <= float(e["GoldsteinScale"]) <= 10, e
        assert e["EventBaseCode"] == e["EventCode"][:3], e
        assert int(e["NumSources"]) <= int(e["NumArticles"]) <= int(e["NumMentions"]), e
        if e["Day"]:
            assert e["MonthYear"] == e["Day"][:6] and e["Year"] == e["Day"][:4], e
            assert int(float(e["FractionDate"])) == int(e["Year"]), e
        assert e["Actor1Code"] == "" or e["Actor1Code"].isupper(), e
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

/// What pyarrow (or DuckDB) reads back from `{what}.parquet` in a folder:
/// per table its column types and every row (days and instants in ISO
/// 8601), printed as one JSON object.
#[cfg(feature = "parquet")]
const PARQUET_READER: &str = r#"
import datetime, json, sys
folder, whats = sys.argv[1], sys.argv[2:]
try:
    import pyarrow.parquet as pq
    reader = "pyarrow"
except ImportError:
    import duckdb
    reader = "duckdb"
def plain(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
tables = {}
for what in whats:
    path = f"{folder}/{what}.parquet"
    if reader == "pyarrow":
        table = pq.read_table(path)
        types = [[f.name, str(f.type)] for f in table.schema]
        rows = [{k: plain(v) for k, v in r.items()} for r in table.to_pylist()]
        groups = pq.ParquetFile(path).metadata.num_row_groups
    else:
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        rel = con.sql(f"SELECT * FROM read_parquet('{path}')")
        types = [[c, str(t)] for c, t in zip(rel.columns, rel.types)]
        rows = [dict(zip(rel.columns, map(plain, r))) for r in rel.fetchall()]
        groups = None
    tables[what] = {"types": types, "rows": rows, "row_groups": groups}
print(json.dumps({"reader": reader, "tables": tables}))
"#;

/// Each Parquet column's type as pyarrow and DuckDB name it, by table.
#[cfg(feature = "parquet")]
fn parquet_types(what: &str) -> Vec<(&'static str, &'static str)> {
    const TEXT: &str = "string";
    const INT: &str = "int64";
    const DAY: &str = "date32[day]";
    const TIME: &str = "timestamp[us, tz=UTC]";
    const LIST: &str = "list<element: string not null>";
    match what {
        "articles" => vec![
            ("id", TEXT),
            ("title", TEXT),
            ("lede", TEXT),
            ("lang", TEXT),
            ("published", DAY),
            ("published_at", TIME),
            ("site", TEXT),
            ("url", TEXT),
            ("authors", LIST),
            ("source_path", TEXT),
            ("source_record", INT),
            ("media_type", TEXT),
            ("encoding", TEXT),
            ("raw_bytes", INT),
            ("fetched", TIME),
            ("story", INT),
            ("storyline", INT),
            ("duplicate_of", TEXT),
            ("text", TEXT),
        ],
        "entities" => vec![
            ("id", INT),
            ("name", TEXT),
            ("kind", TEXT),
            ("aliases", LIST),
            ("country", TEXT),
            ("roles", LIST),
            ("mentions", INT),
            ("articles", INT),
        ],
        "events" => vec![
            ("id", INT),
            ("date", DAY),
            ("date_source", TEXT),
            ("source_code", TEXT),
            ("source_country", TEXT),
            ("source_sector", TEXT),
            ("source_text", TEXT),
            ("target_code", TEXT),
            ("target_country", TEXT),
            ("target_sector", TEXT),
            ("target_text", TEXT),
            ("plover", TEXT),
            ("mode", TEXT),
            ("cameo", TEXT),
            ("root", TEXT),
            ("quad_class", "int32"),
            ("goldstein", "float"),
            ("place", TEXT),
            ("mentions", INT),
            ("articles", INT),
            ("sources", INT),
            ("stories", INT),
            ("source_url", TEXT),
        ],
        "quotes" => vec![
            ("id", TEXT),
            ("published", DAY),
            ("published_at", TIME),
            ("title", TEXT),
            ("speaker", TEXT),
            ("text", TEXT),
            ("cue", TEXT),
            ("direct", "bool"),
            ("story", INT),
            ("reports", INT),
        ],
        "figures" => vec![
            ("id", TEXT),
            ("published", DAY),
            ("published_at", TIME),
            ("title", TEXT),
            ("kind", TEXT),
            ("value", "double"),
            ("high", "double"),
            ("qualifier", TEXT),
            ("counts", TEXT),
            ("unit", TEXT),
            ("source", TEXT),
            ("words", TEXT),
            ("sentence", TEXT),
            ("story", INT),
            ("reports", INT),
        ],
        "stories" => vec![
            ("id", INT),
            ("title", TEXT),
            ("storyline", INT),
            ("first_seen", TIME),
            ("last_seen", TIME),
            ("articles", INT),
            ("duplicates", INT),
            ("sources", INT),
            ("entities", LIST),
        ],
        _ => panic!("no such table {what}"),
    }
}

/// DuckDB's name for a type pyarrow names `arrow`.
#[cfg(feature = "parquet")]
fn duckdb_type(arrow: &str) -> &'static str {
    match arrow {
        "string" => "VARCHAR",
        "int64" => "BIGINT",
        "int32" => "INTEGER",
        "float" => "FLOAT",
        "double" => "DOUBLE",
        "bool" => "BOOLEAN",
        "date32[day]" => "DATE",
        "timestamp[us, tz=UTC]" => "TIMESTAMP WITH TIME ZONE",
        "list<element: string not null>" => "VARCHAR[]",
        _ => panic!("no DuckDB name for {arrow}"),
    }
}

/// A virtualenv under the build folder with pyarrow (or else DuckDB) from
/// PyPI, made once and reused; `Err` says why there is none.
#[cfg(feature = "parquet")]
fn parquet_python() -> Result<std::path::PathBuf, String> {
    use std::process::Command;
    let venv = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("parquet-venv");
    let python = venv.join("bin/python");
    let imports = |module: &str| {
        Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if imports("pyarrow") || imports("duckdb") {
        return Ok(python);
    }
    let made = Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv)
        .output()
        .map_err(|err| format!("python3 does not run ({err}): .ci/run installs it"))?;
    if !made.status.success() {
        return Err(format!(
            "python3 -m venv failed (Debian: apt-get install python3-venv): {}",
            stderr(&made).trim()
        ));
    }
    let mut why = Vec::new();
    for package in ["pyarrow", "duckdb"] {
        let pip = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(package)
            .output()
            .map_err(|err| format!("the virtualenv's python does not run: {err}"))?;
        if pip.status.success() && imports(package) {
            return Ok(python);
        }
        why.push(format!("{package}: {}", stderr(&pip).trim()));
    }
    Err(format!(
        "neither pyarrow nor duckdb could be installed from PyPI (no network?): {}",
        why.join("; ")
    ))
}

/// The JSON value a Parquet cell must equal: the same field of the JSON
/// lines export, where a column `x_y` missing there is field `y` of object
/// `x` (an event's `source_code`, an article's `source_path`).
#[cfg(feature = "parquet")]
fn json_field<'a>(row: &'a serde_json::Value, column: &str) -> Option<&'a serde_json::Value> {
    if let Some(value) = row.get(column) {
        return Some(value);
    }
    let (object, field) = column.split_once('_')?;
    row.get(object)?.as_object().map(|o| o.get(field))?
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_exports_read_back_with_their_types() {
    let python = match parquet_python() {
        Ok(python) => python,
        Err(why) => {
            assert!(
                std::env::var_os("TIDINGS_REQUIRE_PARQUET_READER").is_none(),
                "TIDINGS_REQUIRE_PARQUET_READER is set: {why}"
            );
            eprintln!("skipping the Parquet read-back: {why}");
            return;
        }
    };
    let sandbox = corpus_store();
    let folder = tempfile::tempdir().expect("temp dir");
    for what in WHATS {
        let out = folder.path().join(format!("{what}.parquet"));
        export(
            &sandbox,
            &[
                "--format",
                "parquet",
                "--what",
                what,
                "--min-confidence",
                "0",
                "--out",
                out.to_str().expect("utf-8 path"),
            ],
        );
    }
    let output = std::process::Command::new(&python)
        .args(["-c", PARQUET_READER])
        .arg(folder.path())
        .args(WHATS)
        .output()
        .expect("python runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let read: serde_json::Value =
        serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    let duckdb = read["reader"] == "duckdb";
    for what in WHATS {
        let table = &read["tables"][what];
        // Columns, in order, with their types.
        let types: Vec<(String, String)> = table["types"]
            .as_array()
            .expect("types")
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().expect("name").to_string(),
                    pair[1].as_str().expect("type").to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = parquet_types(what)
            .into_iter()
            .map(|(name, ty)| {
                let ty = if duckdb { duckdb_type(ty) } else { ty };
                (name.to_string(), ty.to_string())
            })
            .collect();
        assert_eq!(types, expected, "{what}: columns and types");
        if !duckdb {
            assert_eq!(
                table["row_groups"], 1,
                "{what}: a small export is one row group"
            );
        }

        // The same rows as the JSON lines export, cell by cell.
        let lines = export(
            &sandbox,
            &["--format", "jsonl", "--what", what, "--min-confidence", "0"],
        );
        let expected_rows: Vec<serde_json::Value> = lines
            .lines()
            .map(|line| serde_json::from_str(line).expect("json"))
            .collect();
        let rows = table["rows"].as_array().expect("rows");
        assert!(!rows.is_empty(), "the corpus has {what}");
        assert_eq!(rows.len(), expected_rows.len(), "{what}: row count");
        let mut checked = 0;
        for (row, json) in rows.iter().zip(&expected_rows) {
            for (column, _) in &types {
                let cell = &row[column];
                match column.as_str() {
                    // The day of `published`, and its instant when it has one.
                    "published" | "published_at" => {
                        let published = json["published"].as_str();
                        let day = published.map(|p| &p[..10]);
                        let at = published.filter(|p| p.contains('T'));
                        if column == "published" {
                            assert_eq!(cell.as_str(), day, "{what}: {json}");
                        } else {
                            let cell = cell
                                .as_str()
                                .map(|t| t.parse::<jiff::Timestamp>().expect("an instant"));
                            let at = at.map(|t| t.parse::<jiff::Timestamp>().expect("instant"));
                            assert_eq!(cell, at, "{what}: {json}");
                        }
                    }
                    // Not in the JSON lines: an instant or nothing.
                    "fetched" => assert!(
                        cell.is_null()
                            || cell
                                .as_str()
                                .is_some_and(|t| t.parse::<jiff::Timestamp>().is_ok()),
                        "{cell}"
                    ),
                    "first_seen" | "last_seen" => {
                        let parse = |v: &serde_json::Value| {
                            v.as_str()
                                .map(|t| t.parse::<jiff::Timestamp>().expect("an instant"))
                        };
                        assert_eq!(parse(cell), parse(&json[column]), "{what} {column}");
                    }
                    _ => {
                        let want = json_field(json, column).unwrap_or(&serde_json::Value::Null);
                        match (cell.as_f64(), want.as_f64()) {
                            (Some(got), Some(want)) => assert!(
                                (got - want).abs() <= 1e-6 * want.abs().max(1.0),
                                "{what} {column}: {got} vs {want}"
                            ),
                            _ => assert_eq!(cell, want, "{what} {column}: {json}"),
                        }
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, rows.len() * types.len());
    }
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_goes_to_stdout_whole_and_an_empty_export_is_a_file() {
    let sandbox = corpus_store();
    let output = sandbox.run(&["export", "--format", "parquet", "--what", "events"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let bytes = &output.stdout;
    assert!(bytes.len() > 100, "{} bytes", bytes.len());
    assert_eq!(&bytes[..4], b"PAR1", "the magic at the start");
    assert_eq!(&bytes[bytes.len() - 4..], b"PAR1", "and at the end");
    let path = sandbox.path().join("events.parquet");
    export(
        &sandbox,
        &[
            "--format",
            "parquet",
            "--what",
            "events",
            "--out",
            path.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(&std::fs::read(&path).expect("the file"), bytes);
    // No rows: still a file with the schema, no row group.
    let none = sandbox.run(&[
        "export",
        "--format",
        "parquet",
        "--what",
        "events",
        "--since",
        "2099-01-01",
    ]);
    assert!(none.status.success(), "{}", stderr(&none));
    assert_eq!(&none.stdout[..4], b"PAR1");
    assert_eq!(&none.stdout[none.stdout.len() - 4..], b"PAR1");
    assert!(none.stdout.len() < bytes.len());
}
