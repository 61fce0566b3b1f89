//! Issue 9 through the binary: ingest places every article in exactly one
//! story; stories do not depend on threads, batch size or how the input is
//! split over runs; `recluster` rebuilds the same stories; copies are
//! stored, listed and folded, never deleted.

mod common;

use std::path::Path;

use common::{json_lines, repo_root, stderr, stdout, Sandbox};

/// `tidings ARGS` in `sandbox`, which must succeed; its standard output.
fn run_ok(sandbox: &Sandbox, args: &[&str]) -> String {
    let output = sandbox.run(args);
    assert!(
        output.status.success(),
        "tidings {args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// Everything the store says about stories, as JSON lines.
fn stories_and_lines(sandbox: &Sandbox) -> (String, String) {
    (
        run_ok(sandbox, &["stories", "--json", "--limit", "1000"]),
        run_ok(sandbox, &["storylines", "--json", "--limit", "1000"]),
    )
}

fn corpus() -> std::path::PathBuf {
    repo_root().join("examples/corpus")
}

fn ingest(sandbox: &Sandbox, paths: &[&Path], extra: &[&str]) {
    let mut args = vec!["ingest".to_string(), "-q".to_string()];
    args.extend(paths.iter().map(|p| p.to_string_lossy().into_owned()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(sandbox, &args);
}

#[test]
fn every_ingested_article_is_in_exactly_one_story() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["ingest", corpus().to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let ids: Vec<String> = json_lines(&output)
        .iter()
        .filter(|l| l["status"] == "new")
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 16);
    let stories: Vec<serde_json::Value> =
        json_lines(&sandbox.run(&["stories", "--json", "--limit", "1000"]));
    let total: u64 = stories
        .iter()
        .map(|s| s["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 16, "the stories hold every article once");
    let mut members = Vec::new();
    for story in &stories {
        let id = story["id"].as_u64().unwrap().to_string();
        let detail = &json_lines(&sandbox.run(&["story", &id, "--json"]))[0];
        for article in detail["articles"].as_array().unwrap() {
            members.push(article["id"].as_str().unwrap().to_string());
        }
    }
    members.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(members, expected);
    // `show` names the same story.
    let shown = &json_lines(&sandbox.run(&["show", &ids[0], "--json"]))[0];
    assert!(shown["story"].is_u64(), "{shown}");
}

#[test]
fn stories_do_not_depend_on_threads_batches_or_runs() {
    let one = Sandbox::new();
    ingest(&one, &[&corpus()], &["--threads", "1", "--batch", "1"]);
    let expected = stories_and_lines(&one);
    assert!(expected.0.lines().count() > 3, "{}", expected.0);

    let two = Sandbox::new();
    ingest(&two, &[&corpus()], &["--threads", "2", "--batch", "5"]);
    assert_eq!(stories_and_lines(&two), expected, "threads and batch size");

    // The same files in the same order, over four runs: each run goes on
    // from the snapshot the one before left.
    let runs = Sandbox::new();
    for part in ["crawl", "feeds", "html", "text"] {
        ingest(&runs, &[&corpus().join(part)], &[]);
    }
    assert_eq!(stories_and_lines(&runs), expected, "four runs");

    // Rebuilt from the store alone.
    run_ok(&runs, &["recluster"]);
    assert_eq!(stories_and_lines(&runs), expected, "recluster");
}

#[test]
fn articles_ingested_without_stories_are_placed_by_recluster() {
    let sandbox = Sandbox::new();
    ingest(&sandbox, &[&corpus()], &["--no-stories"]);
    let (stories, _) = stories_and_lines(&sandbox);
    assert!(stories.trim().is_empty(), "{stories}");
    let summary = run_ok(&sandbox, &["recluster", "--json"]);
    let summary: serde_json::Value = serde_json::from_str(summary.trim()).unwrap();
    assert_eq!(summary["articles"], 16);
    let placed = Sandbox::new();
    ingest(&placed, &[&corpus()], &[]);
    assert_eq!(stories_and_lines(&sandbox), stories_and_lines(&placed));
}

/// Three articles written for this test: a report, a copy of it with one
/// sentence changed on another site, and an unrelated one.
fn wire_with_a_copy() -> String {
    let strike = "Dockworkers at the port of Velmora walked out on Monday over night-shift \
        pay, halting ferries to Portavel and the Isle of Kerra. The union said the harbour \
        authority had ignored three offers since the spring, and that the strike would last \
        until the authority agreed to talks. Ferry passengers were told to travel through \
        Dunmere instead, and freight queued on the coast road for most of the day.";
    let copy = strike.replace("freight queued", "lorries waited");
    let lake = "Farmers around Lake Orin face water limits after the lake fell to a record \
        low following the driest winter in forty years.";
    [
        serde_json::json!({"url": "https://herald.example/strike", "title": "Velmora dockworkers strike", "text": strike, "date": "2026-03-02"}),
        serde_json::json!({"url": "https://lakeside.example/orin", "title": "Lake Orin at record low", "text": lake, "date": "2026-03-02"}),
        serde_json::json!({"url": "https://copydesk.example/strike", "title": "Strike at Velmora port", "text": copy, "date": "2026-03-02"}),
    ]
    .iter()
    .map(|line| format!("{line}\n"))
    .collect()
}

#[test]
fn a_copy_is_stored_listed_and_folded_into_its_originals_story() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("wire.jsonl", wire_with_a_copy());
    let output = sandbox.run(&["ingest", path.to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let ids: Vec<String> = json_lines(&output)
        .iter()
        .filter(|l| l["status"] == "new")
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3, "the copy is stored too");
    let copy = &json_lines(&sandbox.run(&["show", &ids[2], "--json"]))[0];
    assert_eq!(copy["duplicate_of"], ids[0].as_str());
    let original = &json_lines(&sandbox.run(&["show", &ids[0], "--json"]))[0];
    assert_eq!(copy["story"], original["story"]);
    let copies = json_lines(&sandbox.run(&["duplicates", &ids[0], "--json"]));
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0]["id"], ids[2].as_str());
    assert!(copies[0]["similarity"].as_f64().unwrap() >= 0.8);
    let story = original["story"].as_u64().unwrap().to_string();
    let detail = &json_lines(&sandbox.run(&["story", &story, "--json"]))[0];
    assert_eq!(detail["story"]["duplicates"], 1, "{detail}");
    assert_eq!(detail["story"]["articles"], 2, "{detail}");
    let human = run_ok(&sandbox, &["story", &story]);
    let lines: Vec<&str> = human.lines().collect();
    assert_eq!(lines.len(), 3, "{human}");
    assert!(
        lines[1].contains(&ids[0][..12]),
        "the original first: {human}"
    );
    assert!(
        lines[2].trim_start().starts_with("copy 0.") && lines[2].contains(&ids[2][..12]),
        "its copy folded under it: {human}"
    );
    // The copy's facts count once: its quote is listed once with two
    // reports, its events add mentions but no article, source or story.
    let quotes = json_lines(&sandbox.run(&["quotes", "--json"]));
    let union: Vec<&serde_json::Value> = quotes
        .iter()
        .filter(|q| q["speaker"] == "the union")
        .collect();
    assert_eq!(union.len(), 1, "{quotes:#?}");
    assert_eq!(union[0]["reports"], 2);
    assert_eq!(union[0]["id"], ids[0].as_str(), "shown from the original");
    let events = json_lines(&sandbox.run(&["events", "--json"]));
    assert!(!events.is_empty());
    for event in &events {
        assert_eq!(event["articles"], 1, "{event}");
        assert_eq!(event["sources"], 1, "{event}");
        assert_eq!(event["stories"], 1, "{event}");
    }
    let stats = &json_lines(&sandbox.run(&["stats", "--json"]))[0];
    assert_eq!(
        (&stats["articles"], &stats["stories"], &stats["duplicates"]),
        (
            &serde_json::json!(3),
            &serde_json::json!(2),
            &serde_json::json!(1)
        )
    );
    // Ingesting the copy again adds nothing and deletes nothing.
    run_ok(&sandbox, &["ingest", path.to_str().unwrap()]);
    let again = json_lines(&sandbox.run(&["duplicates", &ids[0], "--json"]));
    assert_eq!(again.len(), 1);
}

#[test]
fn story_commands_explain_what_is_missing() {
    let sandbox = Sandbox::new();
    ingest(&sandbox, &[&corpus()], &[]);
    let output = sandbox.run(&["story", "99999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no story 99999"),
        "{}",
        stderr(&output)
    );
    let output = sandbox.run(&["stories", "--limit", "0"]);
    assert_eq!(output.status.code(), Some(2));
    let cut = run_ok(&sandbox, &["stories", "--limit", "2"]);
    assert!(cut.contains("2 of "), "{cut}");
}

/// 130 short articles written for this test, eight days apart (so each is
/// a story of its own, and no copy of another), on four themes that all
/// name Norvania and share a few words; within a theme each article shares
/// words only with some others. 130 stories are enough for the regrouping (every 100
/// articles, from 100 stories on) to run during the ingest.
fn themed_stream() -> Vec<String> {
    const THEMES: [[&str; 12]; 4] = [
        [
            "mosquito",
            "fever",
            "larvae",
            "spraying",
            "swamp",
            "clinic",
            "bites",
            "repellent",
            "wetlands",
            "patients",
            "nurses",
            "insecticide",
        ],
        [
            "computer",
            "worm",
            "software",
            "banks",
            "servers",
            "hackers",
            "passwords",
            "firewall",
            "outage",
            "patch",
            "encryption",
            "malware",
        ],
        [
            "ferry",
            "harbour",
            "strike",
            "dockworkers",
            "wages",
            "union",
            "freight",
            "port",
            "talks",
            "queues",
            "pickets",
            "shipping",
        ],
        [
            "lake",
            "drought",
            "farmers",
            "water",
            "limits",
            "winter",
            "rain",
            "wells",
            "crops",
            "reservoir",
            "irrigation",
            "harvest",
        ],
    ];
    const NAMES: [&str; 7] = [
        "Anna Vell",
        "the mayor",
        "a doctor",
        "the union",
        "a minister",
        "Piet Oran",
        "the council",
    ];
    (0..130usize)
        .map(|i| {
            let pool = &THEMES[theme_of(i)];
            let at = (i * 5) % 12;
            let w = |k: usize| pool[(at + k) % 12];
            let day = jiff::civil::date(2025, 1, 1)
                .checked_add(jiff::Span::new().days(8 * i as i64))
                .unwrap();
            let line = serde_json::json!({
                "url": format!("https://norvania-news.example/{i}"),
                "title": format!("Norvania: {} and {}", w(0), w(1)),
                "text": format!(
                    "{} {} in Norvania. {} {} {}, said {} on day {i}. {} {} {} and the virus {}.",
                    w(0), w(2), w(3), w(1), w(4), NAMES[i % 7], w(5), w(6), w(7), w(8)
                ),
                "date": day.to_string(),
            });
            format!("{line}\n")
        })
        .collect()
}

/// The theme of the `i`th article of [`themed_stream`].
fn theme_of(i: usize) -> usize {
    (i * 7 + i / 5) % 4
}

#[test]
fn regrouped_storylines_do_not_depend_on_threads_batches_or_runs() {
    let lines = themed_stream();
    let one = Sandbox::new();
    let all = one.write("themes.jsonl", lines.concat());
    ingest(&one, &[&all], &["--threads", "1", "--batch", "1"]);
    let expected = stories_and_lines(&one);
    assert_eq!(expected.0.lines().count(), 130, "one story each");
    // The words the themes share chain them all into one storyline as the
    // stories arrive; the regrouping at the 100th article gives each theme
    // a storyline of its own, and later stories join their theme's.
    let mut line_of_theme: std::collections::BTreeMap<usize, u64> = Default::default();
    for story in expected.0.lines() {
        let story: serde_json::Value = serde_json::from_str(story).unwrap();
        let id = story["id"].as_u64().unwrap() as usize;
        let line = story["storyline"]
            .as_u64()
            .expect("every story has a storyline");
        let theme = theme_of(id);
        assert_eq!(
            *line_of_theme.entry(theme).or_insert(line),
            line,
            "story {id}"
        );
    }
    let lines_used: std::collections::BTreeSet<u64> = line_of_theme.values().copied().collect();
    assert_eq!(lines_used.len(), 4, "{line_of_theme:?}");

    let two = Sandbox::new();
    let all = two.write("themes.jsonl", lines.concat());
    ingest(&two, &[&all], &["--threads", "2", "--batch", "7"]);
    assert_eq!(stories_and_lines(&two), expected, "threads and batch size");

    // Three runs, cut before, at and after the first regrouping: each run
    // goes on from the snapshot and the store follows every storyline the
    // regrouping changed.
    let runs = Sandbox::new();
    for (n, part) in [&lines[..60], &lines[60..101], &lines[101..]]
        .iter()
        .enumerate()
    {
        let path = runs.write(&format!("part{n}.jsonl"), part.concat());
        ingest(&runs, &[&path], &[]);
    }
    assert_eq!(stories_and_lines(&runs), expected, "three runs");

    // Rebuilt from the store alone.
    run_ok(&runs, &["recluster"]);
    assert_eq!(stories_and_lines(&runs), expected, "recluster");
}
