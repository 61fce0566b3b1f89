//! The fetcher against a small HTTP server on 127.0.0.1 in the test
//! process: robots.txt obeyed, conditional GET, 429 with Retry-After
//! waited for, a redirect loop given up with a clear message, a body over
//! the limit refused, the delay between two requests to one host kept.
//! Nothing reaches beyond loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tidings_fetch::{FetchConfig, FetchError, Fetcher, Outcome, Validators};

/// What the server saw: (path, user agent, if-none-match, when).
type Log = Arc<Mutex<Vec<(String, String, Option<String>, Instant)>>>;

/// Serves the routes below on a free loopback port until the test ends.
fn server() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let log: Log = Arc::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (mut agent, mut etag) = (String::new(), None);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if lower.starts_with("user-agent:") {
                    agent = line[11..].trim().to_string();
                }
                if lower.starts_with("if-none-match:") {
                    etag = Some(line[14..].trim().to_string());
                }
            }
            let busy_before = seen
                .lock()
                .unwrap()
                .iter()
                .filter(|(p, ..)| p == "/busy")
                .count();
            seen.lock()
                .unwrap()
                .push((path.clone(), agent, etag.clone(), Instant::now()));
            let (status, headers, body): (&str, Vec<String>, Vec<u8>) = match path.as_str() {
                "/robots.txt" => (
                    "200 OK",
                    vec![],
                    b"User-agent: *\nDisallow: /private\n".to_vec(),
                ),
                "/page" if etag.as_deref() == Some("\"v1\"") => {
                    ("304 Not Modified", vec![], Vec::new())
                }
                "/page" => (
                    "200 OK",
                    vec!["ETag: \"v1\"".into(), "Content-Type: text/html".into()],
                    b"<html><body><p>The quay reopened.</p></body></html>".to_vec(),
                ),
                "/busy" if busy_before == 0 => (
                    "429 Too Many Requests",
                    vec!["Retry-After: 1".into()],
                    Vec::new(),
                ),
                "/busy" => ("200 OK", vec![], b"calm now".to_vec()),
                "/patience" => (
                    "503 Service Unavailable",
                    vec!["Retry-After: 86400".into()],
                    Vec::new(),
                ),
                "/loop-a" => ("302 Found", vec!["Location: /loop-b".into()], Vec::new()),
                "/loop-b" => ("302 Found", vec!["Location: /loop-a".into()], Vec::new()),
                "/moved" => (
                    "301 Moved Permanently",
                    vec!["Location: page".into()],
                    Vec::new(),
                ),
                "/big" => ("200 OK", vec![], vec![b'x'; 300_000]),
                _ => ("404 Not Found", vec![], b"no such page".to_vec()),
            };
            let mut response = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for header in headers {
                response.push_str(&header);
                response.push_str("\r\n");
            }
            response.push_str("\r\n");
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    (base, log)
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig {
        contact: Some("mailto:desk@velmora.example".into()),
        delay: Duration::from_millis(150),
        timeout: Duration::from_secs(5),
        max_bytes: 100_000,
        max_redirects: 5,
        retries: 2,
        max_retry_wait: Duration::from_secs(5),
    })
}

#[test]
fn robots_conditional_get_redirects_and_limits() {
    let (base, log) = server();
    let fetcher = fetcher();

    // A page, then the same page with its validators: not modified.
    let Outcome::Fetched(page) = fetcher
        .fetch(&format!("{base}/page"), &Validators::default())
        .unwrap()
    else {
        panic!("a page");
    };
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("quay reopened"));
    assert_eq!(page.header("content-type"), Some("text/html"));
    let again = fetcher
        .fetch(&format!("{base}/page"), &page.validators())
        .unwrap();
    assert_eq!(
        again,
        Outcome::NotModified {
            url: format!("{base}/page")
        }
    );

    // A relative redirect is followed; the final URL is kept.
    let Outcome::Fetched(moved) = fetcher
        .fetch(&format!("{base}/moved"), &Validators::default())
        .unwrap()
    else {
        panic!("a page");
    };
    assert_eq!(moved.url, format!("{base}/page"));
    assert_eq!(moved.requested, format!("{base}/moved"));

    // robots.txt forbids /private: refused without a request.
    let refused = fetcher.fetch(&format!("{base}/private/notes"), &Validators::default());
    assert!(
        matches!(refused, Err(FetchError::Forbidden { .. })),
        "{refused:?}"
    );

    // A loop is named as one.
    let looped = fetcher
        .fetch(&format!("{base}/loop-a"), &Validators::default())
        .unwrap_err();
    assert!(
        matches!(looped, FetchError::RedirectLoop { .. }),
        "{looped:?}"
    );
    assert!(looped.to_string().contains("redirects loop"), "{looped}");

    // Over the size limit, a missing page, a wait longer than allowed.
    let big = fetcher
        .fetch(&format!("{base}/big"), &Validators::default())
        .unwrap_err();
    assert!(
        matches!(big, FetchError::TooLarge { limit: 100_000, .. }),
        "{big:?}"
    );
    let missing = fetcher
        .fetch(&format!("{base}/gone"), &Validators::default())
        .unwrap_err();
    assert!(
        matches!(missing, FetchError::Status { status: 404, .. }),
        "{missing:?}"
    );
    let patience = fetcher
        .fetch(&format!("{base}/patience"), &Validators::default())
        .unwrap_err();
    assert!(
        matches!(patience, FetchError::WaitTooLong { asked: 86400, .. }),
        "{patience:?}"
    );

    let log = log.lock().unwrap();
    let paths: Vec<&str> = log.iter().map(|(p, ..)| p.as_str()).collect();
    assert_eq!(
        paths.iter().filter(|p| **p == "/robots.txt").count(),
        1,
        "robots.txt once: {paths:?}"
    );
    assert!(
        !paths.iter().any(|p| p.starts_with("/private")),
        "{paths:?}"
    );
    assert!(log
        .iter()
        .all(|(_, agent, ..)| agent.starts_with("tidings/")
            && agent.contains("desk@velmora.example")));
    assert_eq!(
        log[2].2.as_deref(),
        Some("\"v1\""),
        "the second /page request is conditional"
    );
    // One host, one request at a time, at least the delay apart.
    for pair in log.windows(2) {
        assert!(
            pair[1].3.duration_since(pair[0].3) >= Duration::from_millis(140),
            "{:?} then {:?}",
            pair[0].0,
            pair[1].0
        );
    }
}

#[test]
fn a_429_is_retried_after_the_time_the_server_asks() {
    let (base, log) = server();
    let fetcher = fetcher();
    let Outcome::Fetched(page) = fetcher
        .fetch(&format!("{base}/busy"), &Validators::default())
        .unwrap()
    else {
        panic!("a page");
    };
    assert_eq!(page.body, b"calm now");
    let log = log.lock().unwrap();
    let busy: Vec<Instant> = log
        .iter()
        .filter(|(p, ..)| p == "/busy")
        .map(|e| e.3)
        .collect();
    assert_eq!(busy.len(), 2);
    assert!(
        busy[1].duration_since(busy[0]) >= Duration::from_millis(950),
        "Retry-After: 1 was honoured"
    );
}

/// The bodies a receiver read, with when.
type Bodies = Arc<Mutex<Vec<(String, Instant)>>>;

/// A webhook receiver: answers the first POST 503 with `Retry-After: 1`,
/// the next ones 204, and keeps each body it read.
fn receiver() -> (String, Bodies) {
    use std::io::Read;
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let bodies: Bodies = Arc::default();
    let seen = bodies.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let mut length = 0usize;
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() || !request.starts_with("POST ") {
                continue;
            }
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if line.to_ascii_lowercase().starts_with("content-length:") {
                    length = line[15..].trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            let first = seen.lock().unwrap().is_empty();
            seen.lock()
                .unwrap()
                .push((String::from_utf8_lossy(&body).into_owned(), Instant::now()));
            let response = if first {
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            } else {
                "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (base, bodies)
}

#[test]
fn a_webhook_post_is_retried_until_it_is_taken() {
    let (base, bodies) = receiver();
    let body = br#"{"rule":"velmora-strike","story":3}"#;
    let status = fetcher()
        .post_json(&format!("{base}/hook"), body)
        .expect("taken on the second try");
    assert_eq!(status, 204);
    let bodies = bodies.lock().unwrap();
    assert_eq!(bodies.len(), 2, "one refusal, one success");
    assert!(bodies.iter().all(|(b, _)| b.as_bytes() == body));
    assert!(bodies[1].1.duration_since(bodies[0].1) >= Duration::from_millis(950));

    // A receiver that is not there: a clear transport error naming the URL.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let quick = Fetcher::new(FetchConfig {
        retries: 1,
        max_retry_wait: Duration::from_millis(10),
        delay: Duration::ZERO,
        ..FetchConfig::default()
    });
    let err = quick.post_json(&gone, body).unwrap_err();
    assert!(matches!(err, FetchError::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains(&gone), "{err}");
}
