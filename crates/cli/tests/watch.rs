//! `tidings watch` against feeds and pages served on 127.0.0.1 by the test
//! itself: new entries are ingested once, the page robots.txt forbids is
//! never fetched (the entry's own text is stored instead, and the refusal
//! reported), a feed that changes between polls gives only its new entry,
//! an unchanged feed is a 304. Nothing reaches beyond loopback.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::{json_lines, stderr, Sandbox};

/// Paths requested, in order.
type Log = Arc<Mutex<Vec<String>>>;

fn page(title: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1><p>{body}</p><p>The Harbour Authority said the work would be finished before the spring tides, and that ferries to Kerra would keep to the winter timetable until then.</p></article></body></html>")
}

fn feed(version: u32, base: &str) -> String {
    let mut items = format!(
        "<item><title>Quay reopens in Velmora</title><link>{base}/a</link><pubDate>Mon, 19 Jan 2026 06:30:00 GMT</pubDate><description>The quay reopened.</description></item>\
         <item><title>Council papers leak</title><link>{base}/private/b</link><description>The council of Portavel met behind closed doors on Tuesday to discuss the harbour budget.</description></item>"
    );
    if version >= 2 {
        items.push_str(&format!(
            "<item><title>Ferry to Kerra sails again</title><link>{base}/c</link><pubDate>Tue, 20 Jan 2026 07:00:00 GMT</pubDate><description>It sailed.</description></item>"
        ));
    }
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Velmora Courier</title>{items}</channel></rss>")
}

/// Serves robots.txt, the feed (version 1 for its first fetch, 2 after,
/// with ETags) and the pages.
fn server() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let log: Log = Arc::default();
    let seen = log.clone();
    let root = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let mut etag = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if line.to_ascii_lowercase().starts_with("if-none-match:") {
                    etag = Some(line[14..].trim().to_string());
                }
            }
            let feeds_before = seen
                .lock()
                .unwrap()
                .iter()
                .filter(|p| *p == "/feed.xml")
                .count();
            seen.lock().unwrap().push(path.clone());
            let version = if feeds_before == 0 { 1 } else { 2 };
            let tag = format!("\"v{version}\"");
            let (status, headers, body) = match path.as_str() {
                "/robots.txt" => ("200 OK", String::new(), "User-agent: *\nDisallow: /private\n".to_string()),
                "/feed.xml" if etag.as_deref() == Some(tag.as_str()) => ("304 Not Modified", String::new(), String::new()),
                "/feed.xml" => ("200 OK", format!("ETag: {tag}\r\nContent-Type: application/rss+xml\r\n"), feed(version, &root)),
                "/a" => ("200 OK", "Content-Type: text/html\r\n".into(), page("Quay reopens in Velmora", "The main quay in Velmora reopened on Monday after three weeks of storm repairs, the harbour master Ilse Varga told reporters.")),
                "/c" => ("200 OK", "Content-Type: text/html\r\n".into(), page("Ferry to Kerra sails again", "The first ferry from Velmora to Kerra since the storm left at seven on Tuesday with 212 passengers aboard.")),
                _ => ("404 Not Found", String::new(), "no such page".to_string()),
            };
            let response = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}", body.len());
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (base, log)
}

fn events<'a>(lines: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    lines.iter().filter(|line| line["event"] == kind).collect()
}

#[test]
fn issue_14_watch_ingests_new_entries_once_and_never_fetches_what_robots_forbid() {
    let (base, log) = server();
    let sandbox = Sandbox::new();
    let feed_url = format!("{base}/feed.xml");
    let watch = |sandbox: &Sandbox| {
        let output = sandbox.run(&[
            "watch",
            &feed_url,
            "--once",
            "--json",
            "--delay",
            "0.05",
            "--contact",
            "desk@velmora.example",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        json_lines(&output)
    };

    // First poll: the page of /a is fetched, /private/b is not (its entry's
    // own text is stored, and the refusal reported).
    let first = watch(&sandbox);
    assert_eq!(events(&first, "article").len(), 2, "{first:?}");
    let errors = events(&first, "error");
    assert_eq!(errors.len(), 1, "{first:?}");
    assert!(
        errors[0]["error"].as_str().unwrap().contains("robots.txt"),
        "{errors:?}"
    );
    assert_eq!(events(&first, "poll")[0]["new_articles"], 2);

    // The feed changed: only its new entry is ingested.
    let second = watch(&sandbox);
    assert_eq!(events(&second, "article").len(), 1, "{second:?}");
    assert_eq!(events(&second, "poll")[0]["new_articles"], 1);

    // Unchanged since: a conditional GET, nothing new.
    let third = watch(&sandbox);
    assert_eq!(events(&third, "article").len(), 0, "{third:?}");
    assert_eq!(events(&third, "poll")[0]["unchanged"], 1);

    let paths = log.lock().unwrap().clone();
    assert!(
        !paths.iter().any(|p| p.starts_with("/private")),
        "{paths:?}"
    );
    assert_eq!(paths.iter().filter(|p| *p == "/a").count(), 1, "{paths:?}");
    assert_eq!(paths.iter().filter(|p| *p == "/c").count(), 1, "{paths:?}");
    assert_eq!(
        paths.iter().filter(|p| *p == "/feed.xml").count(),
        3,
        "{paths:?}"
    );

    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 3, "{:?}", stats[0]);
    let hits = json_lines(&sandbox.run(&["search", "passengers", "--json"]));
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["url"], format!("{base}/c"));
    let hits = json_lines(&sandbox.run(&["search", "closed doors", "--json"]));
    assert_eq!(hits.len(), 1, "the forbidden entry's own text: {hits:?}");
}

#[test]
fn a_feed_list_that_names_nothing_is_an_error() {
    let sandbox = Sandbox::new();
    sandbox.write("feeds.txt", "# nothing yet\n");
    let list = sandbox.path().join("feeds.txt");
    let output = sandbox.run(&["watch", list.to_str().unwrap(), "--once"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("names no feed"),
        "{}",
        stderr(&output)
    );
}
