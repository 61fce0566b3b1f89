//! A crash mid-ingest (SIGKILL) loses nothing already reported as stored and
//! leaves no half-written article: every id `ingest --json` printed as `new`
//! before the kill is there, whole and searchable, after it.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{json_lines, Sandbox};

#[test]
fn kill_9_mid_ingest_loses_nothing_reported() {
    let sandbox = Sandbox::new();
    for n in 0..3000 {
        sandbox.write(
            &format!("in/{n:05}.txt"),
            format!(
                "Council of Harbourtown {n} approves new budget\n\n\
                 The council of Harbourtown district {n} approved its budget on Monday after a debate that lasted until midnight, officials said.\n\n\
                 The budget includes money for {n} new street lamps and a second ferry landing, the mayor's office said in a statement.\n"
            ),
        );
    }
    let mut child = sandbox
        .cmd(&["ingest", "in", "--json", "--batch", "40", "--threads", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut reported = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        if value["status"] == "new" {
            reported.push(value["id"].as_str().unwrap().to_string());
        }
        if reported.len() >= 200 {
            break;
        }
    }
    let _ = child.kill(); // SIGKILL on unix; Ok if it already ended
    child.wait().unwrap();
    assert!(
        reported.len() >= 200,
        "the ingest reported {} documents before ending",
        reported.len()
    );

    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    let articles = stats[0]["articles"].as_u64().unwrap();
    assert!(
        articles >= reported.len() as u64,
        "{articles} stored < {} reported",
        reported.len()
    );
    assert_eq!(
        stats[0]["documents"], stats[0]["articles"],
        "no raw without its article"
    );
    for id in reported.iter().step_by(17) {
        let shown = json_lines(&sandbox.run(&["show", id, "--json"]));
        assert_eq!(shown[0]["id"], id.as_str());
        assert_eq!(
            shown[0]["paragraphs"].as_array().unwrap().len(),
            2,
            "{}",
            shown[0]
        );
    }
    // The index agrees with the articles: every stored article is found.
    let hits = json_lines(&sandbox.run(&["search", "Harbourtown", "--limit", "100000", "--json"]));
    assert_eq!(hits.len() as u64, articles);

    // A second run completes the job without duplicates.
    let output = sandbox.run(&["ingest", "in", "--json"]);
    assert!(output.status.success());
    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 3000);
}
