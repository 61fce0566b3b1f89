//! Watchlist rules (issue 14, item 4): `tidings watch --rules` against a
//! feed of example-corpus pages served on 127.0.0.1 by the test, with a
//! webhook receiver on another loopback port. A rule on an entity of the
//! corpus fires once, not once per poll, to the webhook with its evidence;
//! the RSS file tidings writes parses back as RSS 2.0 with tidings' own
//! feed reader; `tidings alerts` lists what fired. Nothing reaches beyond
//! loopback.

mod common;

use common::http::{self, Response};
use common::{json_lines, repo_root, stderr, Sandbox};

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("examples/corpus/html").join(name)).expect("a corpus page")
}

/// An RSS 2.0 feed: the strike page on every poll, the storm page from the
/// second poll on.
fn feed(base: &str, polls_before: usize) -> String {
    let mut items = format!(
        "<item><title>Velmora port strike enters second day</title><link>{base}/strike</link><pubDate>Wed, 04 Mar 2026 08:12:00 GMT</pubDate></item>"
    );
    if polls_before >= 1 {
        items.push_str(&format!(
            "<item><title>Storm damage on Kerra</title><link>{base}/storm</link></item>"
        ));
    }
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Coastal wire</title><link>{base}/</link><description>x</description>{items}</channel></rss>")
}

#[test]
fn issue_14_a_rule_on_an_entity_fires_once_to_the_webhook_with_its_evidence() {
    let (site, site_log) = http::serve(|request, before| {
        let polls = before.iter().filter(|r| r.path == "/feed.xml").count();
        match request.path.as_str() {
            "/robots.txt" => Response::ok("text/plain", "User-agent: *\nAllow: /\n"),
            "/feed.xml" => {
                let base = format!("http://{}", request.header("host").unwrap_or_default());
                Response::ok("application/rss+xml", feed(&base, polls))
            }
            "/strike" => Response::ok("text/html", corpus("velmora-strike-day-two.html")),
            "/storm" => Response::ok("text/html", corpus("kerra-storm-damage.html")),
            _ => Response::status("404 Not Found"),
        }
    });
    let (hook, hook_log) = http::serve(|request, _| {
        if request.method == "POST" && request.path == "/alerts" {
            Response::status("204 No Content")
        } else {
            Response::status("404 Not Found")
        }
    });
    let sandbox = Sandbox::new();
    let rules = sandbox.write(
        "rules.toml",
        format!(
            "[deliver]\nwebhook = \"{hook}/alerts\"\nrss = \"alerts.xml\"\n\n\
             [[rule]]\nname = \"ilves\"\nentity = \"marta ilves\"\n\n\
             [[rule]]\nname = \"nobody\"\nentity = \"Somebody Else\"\n"
        ),
    );
    let feed_url = format!("{site}/feed.xml");
    let watch = || {
        let output = sandbox.run(&[
            "watch",
            &feed_url,
            "--once",
            "--json",
            "--delay",
            "0.02",
            "--rules",
            rules.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        json_lines(&output)
    };
    let alerts_of = |lines: &[serde_json::Value]| -> Vec<serde_json::Value> {
        lines
            .iter()
            .filter(|l| l["event"] == "alert")
            .cloned()
            .collect()
    };

    let first = watch();
    let fired = alerts_of(&first);
    assert_eq!(fired.len(), 1, "{first:?}");
    let alert = &fired[0];
    assert_eq!(alert["rule"], "ilves");
    assert_eq!(
        alert["sent"],
        serde_json::json!(["stdout", "webhook", "rss"])
    );
    let poll = first.iter().find(|l| l["event"] == "poll").unwrap();
    assert_eq!(poll["alerts"], 1, "{poll:?}");

    // Two more polls (one with a new article, one unchanged): no new alert.
    for _ in 0..2 {
        let lines = watch();
        assert!(alerts_of(&lines).is_empty(), "{lines:?}");
    }
    // Nor does checking the whole store fire it again.
    let check = sandbox.run(&["alerts", "check", "--rules", rules.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(json_lines(&check).is_empty());
    assert!(
        stderr(&check).contains("0 alert(s) fired"),
        "{}",
        stderr(&check)
    );

    // The webhook got the alert once, with its evidence.
    let posts = hook_log.lock().unwrap().clone();
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0].header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&posts[0].body).unwrap();
    assert_eq!(body["event"], "alert");
    assert_eq!(body["rule"], "ilves");
    let article = body["articles"][0].as_str().unwrap().to_string();
    let evidence = &body["evidence"][0];
    assert_eq!(evidence["article"], article.as_str());
    assert!(
        evidence["sentence"]
            .as_str()
            .unwrap()
            .contains("Marta Ilves"),
        "{evidence:?}"
    );
    assert_eq!(evidence["matched"], "entity marta ilves");
    assert_eq!(
        evidence["url"],
        "https://coastalherald.example/business/2026/03/04/velmora-port-strike-day-two"
    );
    // The span is the sentence's place in the stored article's text, and
    // the story is the article's.
    let shown = json_lines(&sandbox.run(&["show", &article, "--json"]));
    let text = shown[0]["text"].as_str().unwrap();
    let (start, end) = (
        evidence["start"].as_u64().unwrap() as usize,
        evidence["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], evidence["sentence"].as_str().unwrap());
    assert_eq!(body["story"], shown[0]["story"]);

    // The RSS file parses back as RSS 2.0 with tidings' own feed reader:
    // one item, titled by the rule and the article, linking to it.
    let rss = sandbox.db().join("alerts.xml");
    let xml = std::fs::read_to_string(&rss).unwrap();
    assert!(xml.contains("<rss version=\"2.0\">"), "{xml}");
    let read = json_lines(&sandbox.run(&["analyze", rss.to_str().unwrap(), "--json"]));
    assert_eq!(read.len(), 1, "{read:?}");
    assert_eq!(
        read[0]["title"],
        "ilves: Velmora port strike enters second day as talks fail"
    );
    assert_eq!(
        read[0]["url"],
        "https://coastalherald.example/business/2026/03/04/velmora-port-strike-day-two"
    );
    assert!(read[0]["text"].as_str().unwrap().contains("Marta Ilves"));
    assert_eq!(
        read[0]["source"]["record"], 1,
        "an entry of a feed: {:?}",
        read[0]["source"]
    );

    // `tidings alerts` lists it; --since after it lists nothing.
    let listed = json_lines(&sandbox.run(&["alerts", "--json"]));
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["key"], alert["key"]);
    let later = sandbox.run(&["alerts", "--json", "--since", "2999-01-01"]);
    assert!(later.status.success(), "{}", stderr(&later));
    assert!(json_lines(&later).is_empty());
    let bad = sandbox.run(&["alerts", "--since", "someday"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));

    let pages = http::paths(&site_log);
    assert_eq!(
        pages.iter().filter(|p| *p == "/strike").count(),
        1,
        "{pages:?}"
    );
}

#[test]
fn a_bad_rules_file_is_named_before_anything_is_fetched() {
    let sandbox = Sandbox::new();
    let rules = sandbox.write(
        "rules.toml",
        "[[rule]]\nname = \"x\"\nactor = \"RUS GOV\"\n",
    );
    let output = sandbox.run(&[
        "watch",
        "http://127.0.0.1:9/feed.xml",
        "--once",
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("rules.toml"), "{message}");
    assert!(message.contains("actor code"), "{message}");
}
