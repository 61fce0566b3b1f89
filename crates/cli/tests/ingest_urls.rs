//! `tidings ingest` given URLs, OPML files and lists of URLs, against feeds,
//! sitemaps and pages served on 127.0.0.1 by the test itself: the allowed
//! pages are stored once, a path robots.txt forbids is never fetched,
//! sitemap indexes inside indexes are followed and a cycle of them ends,
//! and a bad URL is reported by name while the others are ingested.
//! Nothing reaches beyond loopback.

mod common;

use common::http::{self, Request, Response};
use common::{json_lines, stderr, Sandbox};

/// A page of `examples/corpus`.
fn corpus(path: &str) -> Vec<u8> {
    std::fs::read(common::repo_root().join("examples/corpus").join(path)).expect("a corpus page")
}

fn base_of(request: &Request) -> String {
    format!("http://{}", request.header("host").unwrap_or_default())
}

fn rss(base: &str, title: &str, items: &[(&str, &str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(title, path, text)| {
            format!("<item><title>{title}</title><link>{base}{path}</link><description>{text}</description></item>")
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title><link>{base}/</link>{items}</channel></rss>")
}

fn urlset(base: &str, paths: &[&str]) -> String {
    let urls: String = paths
        .iter()
        .map(|path| format!("<url><loc>{base}{path}</loc></url>"))
        .collect();
    format!("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>")
}

fn index(base: &str, paths: &[&str]) -> String {
    let maps: String = paths
        .iter()
        .map(|path| format!("<sitemap><loc>{base}{path}</loc></sitemap>"))
        .collect();
    format!("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{maps}</sitemapindex>")
}

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// The site every test reads: robots.txt forbids /private; two RSS feeds,
/// nested sitemap indexes, a cycle of indexes, an index of 203 empty
/// sitemaps, and the pages of `examples/corpus`.
fn site() -> (String, http::Log) {
    http::serve(|request, _| {
        let base = base_of(request);
        let xml = "application/xml";
        match request.path.as_str() {
            "/robots.txt" => Response::ok("text/plain", "User-agent: *\nDisallow: /private\n"),
            "/feed.xml" => Response::ok(
                "application/rss+xml",
                rss(&base, "Velmora Courier", &[
                    ("Velmora port strike enters second day", "/a", "Talks failed."),
                    ("Council minutes", "/private/b", "The council of Portavel met behind closed doors to discuss the harbour budget."),
                    ("Storm damage on Kerra", "/c", "Storm."),
                ]),
            ),
            "/lake.xml" => Response::ok(
                "application/rss+xml",
                rss(&base, "Lake desk", &[("Lake Orin drought", "/d", "Drought.")]),
            ),
            // Two levels of indexes above the sitemap of pages.
            "/index.xml" => Response::ok(xml, index(&base, &["/index-2.xml"])),
            "/index-2.xml" => Response::ok(xml, index(&base, &["/pages.xml"])),
            "/pages.xml" => Response::ok(xml, urlset(&base, &["/e", "/private/f"])),
            // Four levels of indexes: the fourth is past the depth followed.
            "/deep-1.xml" => Response::ok(xml, index(&base, &["/deep-2.xml"])),
            "/deep-2.xml" => Response::ok(xml, index(&base, &["/deep-3.xml"])),
            "/deep-3.xml" => Response::ok(xml, index(&base, &["/deep-4.xml"])),
            "/deep-4.xml" => Response::ok(xml, index(&base, &["/more.xml"])),
            // A cycle: each index lists the other, one also a sitemap.
            "/loop-a.xml" => Response::ok(xml, index(&base, &["/loop-b.xml"])),
            "/loop-b.xml" => Response::ok(xml, index(&base, &["/loop-a.xml", "/more.xml"])),
            "/more.xml" => Response::ok(xml, urlset(&base, &["/g"])),
            "/many.xml" => {
                let paths: Vec<String> = (0..203).map(|n| format!("/empty-{n}.xml")).collect();
                let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
                Response::ok(xml, index(&base, &paths))
            }
            path if path.starts_with("/empty-") => Response::ok(xml, urlset(&base, &[])),
            "/a" => Response::ok(HTML, corpus("html/velmora-strike-day-two.html")),
            "/c" => Response::ok(HTML, corpus("html/kerra-storm-damage.html")),
            "/d" => Response::ok(TEXT, corpus("text/lake-orin-drought.txt")),
            "/e" => Response::ok(HTML, corpus("html/orin-lago-nivel.html")),
            "/g" => Response::ok(HTML, corpus("html/norvania-rail-messy.html")),
            "/page" => Response::ok(TEXT, corpus("text/portavel-ferry-resumes.txt")),
            _ => Response::status("404 Not Found"),
        }
    })
}

fn ingest(sandbox: &Sandbox, inputs: &[&str]) -> (std::process::Output, Vec<serde_json::Value>) {
    let mut args = vec![
        "ingest",
        "--json",
        "--delay",
        "0",
        "--retries",
        "0",
        "--timeout",
        "5",
    ];
    args.extend_from_slice(inputs);
    let output = sandbox.run(&args);
    let lines = json_lines(&output);
    (output, lines)
}

fn with_status<'a>(lines: &'a [serde_json::Value], status: &str) -> Vec<&'a serde_json::Value> {
    lines
        .iter()
        .filter(|line| line["status"] == status)
        .collect()
}

fn count(log: &http::Log, path: &str) -> usize {
    http::paths(log).iter().filter(|p| *p == path).count()
}

fn summary(lines: &[serde_json::Value]) -> &serde_json::Value {
    &lines.last().expect("a summary line")["summary"]
}

#[test]
fn issue_14_ingest_a_feed_url_stores_the_allowed_pages_once_and_never_a_forbidden_path() {
    let (site, log) = site();
    let sandbox = Sandbox::new();
    let feed = format!("{site}/feed.xml");
    let output = sandbox.run(&[
        "ingest",
        &feed,
        "--json",
        "--delay",
        "0.05",
        "--contact",
        "desk@velmora.example",
    ]);
    // The refusal is a warning (the entry's own text is kept): no failure.
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    assert_eq!(with_status(&lines, "new").len(), 3, "{lines:#?}");
    let warnings = with_status(&lines, "warning");
    assert_eq!(warnings.len(), 1, "{lines:#?}");
    assert_eq!(warnings[0]["origin"], format!("{site}/private/b"));
    let reason = warnings[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("robots.txt") && reason.contains("own text is stored"),
        "{reason}"
    );
    assert_eq!(summary(&lines)["urls"], 1);
    assert_eq!(summary(&lines)["new"], 3);
    assert_eq!(summary(&lines)["failed"], 0);

    let requests = log.lock().unwrap().clone();
    assert!(
        !requests.iter().any(|r| r.path.starts_with("/private")),
        "{requests:?}"
    );
    assert_eq!(count(&log, "/a"), 1);
    assert_eq!(count(&log, "/c"), 1);
    assert!(requests
        .iter()
        .all(|r| r.header("user-agent").is_some_and(
            |agent| agent.starts_with("tidings/") && agent.contains("desk@velmora.example")
        )));

    // The pages fetched are archived as the server sent them.
    let fetched = sandbox.db().join("fetched");
    let archived: usize = std::fs::read_dir(&fetched)
        .unwrap()
        .map(|entry| {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(
                &mut flate2::read::MultiGzDecoder::new(&bytes[..]),
                &mut text,
            )
            .unwrap();
            assert!(text.contains(&format!("WARC-Target-URI: {site}/a\r\n")));
            text.matches("WARC-Type: response").count()
        })
        .sum();
    assert_eq!(archived, 2);

    // Stored under the page's URL; the forbidden entry by its own text.
    let hits = json_lines(&sandbox.run(&["search", "closed doors", "--json"]));
    assert_eq!(hits.len(), 1, "{hits:?}");

    // Again: nothing new, everything already present.
    let (again, lines) = ingest(&sandbox, &[&feed]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(with_status(&lines, "new").len(), 0, "{lines:#?}");
    assert_eq!(summary(&lines)["present"], 3);
    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 3, "{:?}", stats[0]);
}

#[test]
fn issue_14_ingest_an_opml_file_and_a_list_of_urls() {
    let (site, log) = site();
    let sandbox = Sandbox::new();
    let opml = sandbox.write(
        "feeds.opml",
        format!(
            "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>Desks</title></head><body>\
             <outline text=\"Coast\"><outline text=\"Courier\" type=\"rss\" xmlUrl=\"{site}/feed.xml\"/></outline>\
             <outline text=\"Lake\" type=\"rss\" xmlUrl=\"{site}/lake.xml\"/></body></opml>\n"
        ),
    );
    let (output, lines) = ingest(&sandbox, &[opml.to_str().unwrap(), "--no-pages"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Both feeds, each entry's own text (no page fetched).
    assert_eq!(with_status(&lines, "new").len(), 4, "{lines:#?}");
    assert_eq!(summary(&lines)["urls"], 2);
    assert_eq!(count(&log, "/feed.xml"), 1);
    assert_eq!(count(&log, "/lake.xml"), 1);
    assert_eq!(count(&log, "/a") + count(&log, "/d"), 0);

    // A list of URLs (a feed and a page) beside a file of our own.
    let other = Sandbox::new();
    let list = other.write(
        "urls.txt",
        format!("# the lake desk\n{site}/lake.xml\n\n{site}/page   # a page\n"),
    );
    let story = other.write("story.txt", corpus("text/velmora-dock-strike.txt"));
    let (output, lines) = ingest(&other, &[list.to_str().unwrap(), story.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let new = with_status(&lines, "new");
    assert_eq!(new.len(), 3, "{lines:#?}");
    // The file first, then the URLs in the order listed.
    assert!(
        new[0]["origin"].as_str().unwrap().ends_with("story.txt"),
        "{new:?}"
    );
    assert_eq!(new[1]["origin"], format!("{site}/d"));
    assert_eq!(new[2]["origin"], format!("{site}/page"));
    assert_eq!(summary(&lines)["files"], 1);
    assert_eq!(summary(&lines)["urls"], 2);
    let hits = json_lines(&other.run(&["search", "ferry", "--json"]));
    assert!(
        hits.iter().any(|h| h["url"] == format!("{site}/page")),
        "{hits:?}"
    );
}

#[test]
fn issue_14_sitemap_indexes_nested_two_deep_are_followed_and_a_cycle_ends() {
    let (site, log) = site();
    let sandbox = Sandbox::new();
    let nested = format!("{site}/index.xml");
    let cycle = format!("{site}/loop-a.xml");
    let (output, lines) = ingest(&sandbox, &[&nested, &cycle]);
    assert!(output.status.success(), "{}", stderr(&output));
    let new: Vec<&str> = with_status(&lines, "new")
        .iter()
        .map(|line| line["origin"].as_str().unwrap())
        .collect();
    assert_eq!(
        new,
        [format!("{site}/e"), format!("{site}/g")],
        "{lines:#?}"
    );
    let skipped = with_status(&lines, "skipped");
    // The forbidden page of the nested sitemap, and the index met again.
    assert_eq!(skipped.len(), 2, "{lines:#?}");
    assert_eq!(skipped[0]["origin"], format!("{site}/private/f"));
    assert!(skipped[0]["reason"]
        .as_str()
        .unwrap()
        .contains("robots.txt"));
    assert_eq!(skipped[1]["origin"], format!("{site}/loop-a.xml"));
    assert!(
        skipped[1]["reason"].as_str().unwrap().contains("a cycle"),
        "{skipped:?}"
    );
    assert_eq!(count(&log, "/loop-a.xml"), 1);
    assert_eq!(count(&log, "/loop-b.xml"), 1);
    assert_eq!(count(&log, "/private/f"), 0);

    // Indexes four deep: the fourth is not read, and that is said.
    let deep = format!("{site}/deep-1.xml");
    let (output, lines) = ingest(&sandbox, &[&deep]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(with_status(&lines, "new").len(), 0, "{lines:#?}");
    let skipped = with_status(&lines, "skipped");
    assert_eq!(skipped.len(), 1, "{lines:#?}");
    assert_eq!(skipped[0]["origin"], format!("{site}/deep-4.xml"));
    assert!(
        skipped[0]["reason"]
            .as_str()
            .unwrap()
            .contains("followed 3 levels deep"),
        "{skipped:?}"
    );
    assert_eq!(count(&log, "/deep-4.xml"), 1);
    assert_eq!(count(&log, "/more.xml"), 1, "only through the cycle above");

    // An index of 203 sitemaps: 200 are read, the cut is said.
    let many = format!("{site}/many.xml");
    let (output, lines) = ingest(&sandbox, &[&many]);
    assert!(output.status.success(), "{}", stderr(&output));
    let skipped = with_status(&lines, "skipped");
    assert_eq!(skipped.len(), 1, "{lines:#?}");
    let reason = skipped[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("3 not read") && reason.contains("/empty-200.xml"),
        "{reason}"
    );
    let read = http::paths(&log)
        .iter()
        .filter(|p| p.starts_with("/empty-"))
        .count();
    assert_eq!(read, 200);
}

#[test]
fn issue_14_a_bad_url_among_good_ones_is_named_and_the_others_are_ingested() {
    let (site, _) = site();
    // A port nobody listens on: bound, then closed.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/feed.xml", listener.local_addr().unwrap())
    };
    let sandbox = Sandbox::new();
    let story = sandbox.write("story.txt", corpus("text/velmora-dock-strike.txt"));
    let missing = format!("{site}/gone.xml");
    let lake = format!("{site}/lake.xml");
    let output = sandbox.run(&[
        "ingest",
        &closed,
        &missing,
        &lake,
        story.to_str().unwrap(),
        "--delay",
        "0",
        "--retries",
        "0",
        "--timeout",
        "5",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(
        errors.contains(&format!("tidings: {missing}: HTTP 404")),
        "{errors}"
    );
    assert!(
        errors
            .lines()
            .any(|line| line.starts_with(&format!("tidings: {closed}: "))),
        "{errors}"
    );
    let out = common::stdout(&output);
    assert!(out.contains("1 file, 3 URLs: 2 new articles"), "{out}");
    assert!(out.contains("2 failed"), "{out}");
    let failures = std::fs::read_to_string(sandbox.db().join("failures.jsonl")).unwrap();
    assert!(
        failures.contains(&missing) && failures.contains(&closed),
        "{failures}"
    );
    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert_eq!(stats[0]["articles"], 2, "{:?}", stats[0]);

    // Only bad inputs: nothing to store, the command fails, each named.
    let (output, lines) = ingest(&Sandbox::new(), &[&closed, "http://127.0.0.1:1/x"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(with_status(&lines, "failed").len(), 2, "{lines:#?}");
}
