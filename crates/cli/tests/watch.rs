//! `tidings watch` against feeds and pages served on 127.0.0.1 by the test
//! itself: new entries are ingested once, the page robots.txt forbids is
//! never fetched (the entry's own text is stored instead, and the refusal
//! reported), a feed that changes between polls gives only its new entry,
//! an unchanged feed is a 304. Nothing reaches beyond loopback.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::http::{self, Response};
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

    // The two fetched pages were archived as WARC records, as the server
    // sent them (URL, status, headers, date, body): ingesting the archive
    // into another store gives the same two articles.
    let fetched = sandbox.db().join("fetched");
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(&fetched)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(!files.is_empty() && files.len() <= 2, "{files:?}"); // one per UTC day
    let mut archive = String::new();
    for file in &files {
        assert!(file.to_string_lossy().ends_with(".warc.gz"), "{file:?}");
        let bytes = std::fs::read(file).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::MultiGzDecoder::new(&bytes[..]),
            &mut text,
        )
        .unwrap();
        archive.push_str(&text);
    }
    assert_eq!(
        archive.matches("WARC-Type: response").count(),
        2,
        "{archive}"
    );
    assert!(archive.contains(&format!("WARC-Target-URI: {base}/a\r\n")));
    assert!(archive.contains(&format!("WARC-Target-URI: {base}/c\r\n")));
    assert!(archive.contains("HTTP/1.1 200 OK\r\n"));
    assert!(archive.contains("content-type: text/html\r\n"));
    assert!(!archive.contains("/private"));
    let stored: Vec<String> = first
        .iter()
        .chain(&second)
        .filter(|line| line["event"] == "article")
        .map(|line| line["id"].as_str().unwrap().to_string())
        .collect();
    let other = Sandbox::new();
    let again = other.run(&["ingest", fetched.to_str().unwrap(), "--json"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let again: Vec<String> = json_lines(&again)
        .iter()
        .filter(|line| line["status"] == "new")
        .map(|line| line["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(again.len(), 2, "{again:?}");
    assert!(
        again.iter().all(|id| stored.contains(id)),
        "{again:?} in {stored:?}"
    );
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

/// A page of `examples/corpus`.
fn corpus(path: &str) -> Vec<u8> {
    std::fs::read(common::repo_root().join("examples/corpus").join(path)).expect("a corpus page")
}

/// `http://HOST` of a request, from its Host header.
fn base_of(request: &http::Request) -> String {
    format!("http://{}", request.header("host").unwrap_or_default())
}

fn rss2(base: &str, items: &[(&str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(title, path, text)| {
            format!("<item><title>{title}</title><link>{base}{path}</link><description>{text}</description></item>")
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Coastal wire</title><link>{base}/</link><description>news</description>{items}</channel></rss>")
}

/// Every feed format, a forbidden path, 429 with Retry-After, a slow host,
/// one too slow, a redirect loop, and an RSS feed that changes between
/// polls, each host on its own loopback port.
#[test]
fn issue_14_watch_over_every_feed_format_and_every_misbehaving_host() {
    // The main site: robots.txt forbids /private.
    let (site, site_log) = http::serve(|request, before| {
        let base = base_of(request);
        let rss_before = before.iter().filter(|r| r.path == "/rss.xml").count();
        let html = "text/html; charset=utf-8";
        match request.path.as_str() {
            "/robots.txt" => Response::ok("text/plain", "User-agent: *\nDisallow: /private\n"),
            "/rss.xml" => {
                let version = if rss_before == 0 { 1 } else { 2 };
                let tag = format!("\"rss-v{version}\"");
                if request.header("if-none-match") == Some(tag.as_str()) {
                    return Response::status("304 Not Modified");
                }
                let mut items = vec![
                    ("Velmora port strike enters second day", "/a", "Talks failed."),
                    ("Council minutes", "/private/p", "The council of Portavel met behind closed doors to discuss the harbour budget."),
                ];
                if version == 2 {
                    items.push(("Norvania rail", "/e", "Rail news."));
                }
                Response::ok("application/rss+xml", rss2(&base, &items)).with(format!("ETag: {tag}"))
            }
            "/rdf.xml" => Response::ok(
                "application/rdf+xml",
                format!("<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><channel rdf:about=\"{base}/\"><title>Kerra</title><link>{base}/</link></channel><item rdf:about=\"{base}/b\"><title>Storm damage on Kerra</title><link>{base}/b</link><description>Storm.</description></item></rdf:RDF>"),
            ),
            "/atom.xml" => Response::ok(
                "application/atom+xml",
                format!("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Orin</title><id>{base}/</id><updated>2026-08-04T10:00:00Z</updated><entry><title>Lago Orin</title><id>{base}/c</id><link href=\"{base}/c\"/><updated>2026-08-04T10:00:00Z</updated><summary>Orin.</summary></entry></feed>"),
            ),
            "/sitemap-index.xml" => Response::ok(
                "application/xml",
                format!("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{base}/news-sitemap.xml</loc></sitemap></sitemapindex>"),
            ),
            "/news-sitemap.xml" => Response::ok(
                "application/xml",
                format!("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>{base}/d</loc><news:news><news:publication><news:name>Portavel Post</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-08-04</news:publication_date><news:title>Ferry link resumes</news:title></news:news></url><url><loc>{base}/private/q</loc></url></urlset>"),
            ),
            "/a" => Response::ok(html, corpus("html/velmora-strike-day-two.html")),
            "/b" => Response::ok(html, corpus("html/kerra-storm-damage.html")),
            "/c" => Response::ok(html, corpus("html/orin-lago-nivel.html")),
            "/d" => Response::ok("text/plain; charset=utf-8", corpus("text/portavel-ferry-resumes.txt")),
            "/e" => Response::ok(html, corpus("html/norvania-rail-messy.html")),
            _ => Response::status("404 Not Found"),
        }
    });
    // A busy host: its feed answers 429 with Retry-After: 1 the first time.
    let (busy, busy_log) = http::serve(|request, before| {
        let base = base_of(request);
        match request.path.as_str() {
            "/feed.xml" if !before.iter().any(|r| r.path == "/feed.xml") => {
                Response::status("429 Too Many Requests").with("Retry-After: 1")
            }
            "/feed.xml" => Response::ok(
                "application/rss+xml",
                rss2(&base, &[("Lake Orin drought", "/f", "Drought.")]),
            ),
            "/f" => Response::ok(
                "text/plain; charset=utf-8",
                corpus("text/lake-orin-drought.txt"),
            ),
            _ => Response::status("404 Not Found"),
        }
    });
    // A slow host: one feed answers after a second (within the timeout),
    // the other after three (past it).
    let (slow, _) = http::serve(|request, _| {
        let base = base_of(request);
        match request.path.as_str() {
            "/feed.xml" => Response::ok(
                "application/rss+xml",
                rss2(&base, &[("Cookie law vote", "/h", "Cookies.")]),
            )
            .after(Duration::from_millis(1000)),
            "/too-slow.xml" => Response::ok("application/rss+xml", rss2(&base, &[]))
                .after(Duration::from_millis(3000)),
            "/h" => Response::ok(
                "text/plain; charset=utf-8",
                corpus("text/cookie-law-vote.txt"),
            ),
            _ => Response::status("404 Not Found"),
        }
    });
    // A host whose feed redirects in a loop.
    let (looping, looping_log) = http::serve(|request, _| match request.path.as_str() {
        "/feed.xml" => Response::status("302 Found").with("Location: /moved.xml"),
        "/moved.xml" => Response::status("302 Found").with("Location: /feed.xml"),
        _ => Response::status("404 Not Found"),
    });

    let sandbox = Sandbox::new();
    let list = sandbox.write(
        "feeds.txt",
        format!(
            "# every format\n{site}/rss.xml\n{site}/rdf.xml\n{site}/atom.xml\n{site}/sitemap-index.xml\n\
             {busy}/feed.xml   # 429 first\n{slow}/feed.xml\n{slow}/too-slow.xml\n{looping}/feed.xml\n"
        ),
    );
    let watch = || {
        let started = Instant::now();
        let output = sandbox.run(&[
            "watch",
            list.to_str().unwrap(),
            "--once",
            "--json",
            "--delay",
            "0.2",
            "--timeout",
            "2",
            "--retries",
            "1",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        (json_lines(&output), started.elapsed())
    };

    let (first, _) = watch();
    let errors: Vec<String> = events(&first, "error")
        .iter()
        .map(|e| format!("{} {}", e["what"], e["error"]))
        .collect();
    // a, the forbidden entry's own text, b, c, d, f, h.
    assert_eq!(events(&first, "article").len(), 7, "{first:#?}");
    assert_eq!(errors.len(), 4, "{errors:#?}");
    let has = |what: &str, words: &[&str]| {
        errors
            .iter()
            .any(|e| e.contains(what) && words.iter().all(|w| e.contains(w)))
    };
    assert!(
        has("/private/p", &["robots.txt", "own text is stored"]),
        "{errors:#?}"
    );
    assert!(has("/private/q", &["robots.txt"]), "{errors:#?}");
    assert!(
        has(
            &format!("{looping}/feed.xml"),
            &["redirects loop", "/moved.xml", "giving up"]
        ),
        "{errors:#?}"
    );
    assert!(
        has(&format!("{slow}/too-slow.xml"), &["timed out"]),
        "{errors:#?}"
    );

    // The 429 was waited out as the server asked.
    let busy_feed: Vec<Instant> = busy_log
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path == "/feed.xml")
        .map(|r| r.at)
        .collect();
    assert_eq!(busy_feed.len(), 2);
    assert!(busy_feed[1].duration_since(busy_feed[0]) >= Duration::from_millis(950));
    // The loop was given up on after going round once.
    assert!(
        http::paths(&looping_log)
            .iter()
            .filter(|p| *p == "/feed.xml")
            .count()
            <= 2
    );

    // The second poll: only the RSS feed's new entry.
    let (second, _) = watch();
    assert_eq!(events(&second, "article").len(), 1, "{second:#?}");
    assert_eq!(events(&second, "poll")[0]["new_articles"], 1);

    let requests = site_log.lock().unwrap().clone();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert!(
        !paths.iter().any(|p| p.starts_with("/private")),
        "{paths:?}"
    );
    for page in ["/a", "/b", "/c", "/d", "/e"] {
        assert_eq!(
            paths.iter().filter(|p| **p == page).count(),
            1,
            "{page}: {paths:?}"
        );
    }
    assert!(
        requests.iter().all(|r| r
            .header("user-agent")
            .is_some_and(|agent| agent.starts_with("tidings/"))),
        "{requests:?}"
    );
    // One host, one request at a time, --delay apart.
    for pair in requests.windows(2) {
        assert!(
            pair[1].at.duration_since(pair[0].at) >= Duration::from_millis(190),
            "{} then {}",
            pair[0].path,
            pair[1].path
        );
    }

    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 8, "{:?}", stats[0]);
    // The page the news sitemap listed is stored under its URL.
    let hits = json_lines(&sandbox.run(&["search", "Portavel ferry", "--json"]));
    assert!(
        hits.iter().any(|h| h["url"] == format!("{site}/d")),
        "{hits:?}"
    );
}

/// Ctrl-C (SIGINT) between polls: the watch says it stopped and exits with
/// success; the store holds what the first poll stored, complete; a later
/// watch resumes from it (only the feed's new entry is ingested).
#[test]
fn ctrl_c_stops_the_watch_cleanly_and_the_next_watch_resumes() {
    let (base, _log) = server();
    let sandbox = Sandbox::new();
    let feed_url = format!("{base}/feed.xml");
    let mut child = sandbox
        .cmd(&[
            "watch", &feed_url, "--every", "1h", "--json", "--delay", "0.05",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("tidings watch starts");
    // Wait for the first poll's summary line, then interrupt.
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    for line in lines.by_ref() {
        let line = line.expect("a line of output");
        let value: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        let poll = value["event"] == "poll";
        seen.push(value);
        if poll || Instant::now() > deadline {
            break;
        }
    }
    assert_eq!(events(&seen, "article").len(), 2, "{seen:?}");
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("the child can be waited on") {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the watch did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("piped stderr"), &mut err)
        .expect("stderr reads");
    assert!(exit.success(), "{exit:?}: {err}");
    assert!(err.contains("watch stopped"), "{err}");

    // The store is whole and the next watch resumes: the feed's second
    // version adds one entry, and only that one is ingested.
    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 2, "{:?}", stats[0]);
    let output = sandbox.run(&["watch", &feed_url, "--once", "--json", "--delay", "0.05"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let next = json_lines(&output);
    assert_eq!(events(&next, "article").len(), 1, "{next:?}");
    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 3, "{:?}", stats[0]);
}
