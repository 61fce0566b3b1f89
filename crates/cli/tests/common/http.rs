//! A small HTTP/1.1 server on 127.0.0.1 for tests: each connection is read
//! (request line, headers, a body of Content-Length bytes), logged, and
//! answered by the test's handler, which sees the requests before it.
//! Nothing listens beyond loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer: status line text (`200 OK`), extra headers, body, and how
/// long to wait before sending it.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: &'static str,
    pub headers: Vec<String>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Response {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status: "200 OK",
            headers: vec![format!("Content-Type: {content_type}")],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: &'static str) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn with(mut self, header: impl Into<String>) -> Response {
        self.headers.push(header.into());
        self
    }

    pub fn after(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }
}

/// The requests a server saw, in order.
pub type Log = Arc<Mutex<Vec<Request>>>;

/// Serves `handler` on a free loopback port until the test ends; returns
/// the base URL (`http://127.0.0.1:PORT`) and the log.
pub fn serve<H>(handler: H) -> (String, Log)
where
    H: Fn(&Request, &[Request]) -> Response + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let log: Log = Arc::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Ok(handle) = stream.try_clone() else {
                continue;
            };
            let mut reader = BufReader::new(handle);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or("").to_string();
            let path = parts.next().unwrap_or("/").to_string();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
                }
            }
            let length: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            let request = Request {
                method,
                path,
                headers,
                body,
                at: Instant::now(),
            };
            let before = seen.lock().unwrap().clone();
            seen.lock().unwrap().push(request.clone());
            let response = handler(&request, &before);
            std::thread::sleep(response.delay);
            let mut head = format!(
                "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                response.status,
                response.body.len()
            );
            for header in &response.headers {
                head.push_str(header);
                head.push_str("\r\n");
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&response.body);
        }
    });
    (base, log)
}

/// The paths a log holds, in order.
pub fn paths(log: &Log) -> Vec<String> {
    log.lock().unwrap().iter().map(|r| r.path.clone()).collect()
}
