//! A small load generator for `tidings serve` (BENCHMARKS.md, "API search
//! latency"): CLIENTS threads, each on its own keep-alive connection, send
//! `GET /api/search?q=…` requests one after another until REQUESTS have
//! been sent in all or SECONDS have passed; then it prints the latency
//! percentiles and the rate. Loopback only, and bounded in count and time.
//!
//! `--queries` says what is asked: `fixed` cycles through twelve queries
//! (after the first round every answer is in the server's search cache);
//! `names` draws each request's query from the invented names a store made
//! by `tidings bench --vary names` holds (`tidings_engine::bench_corpus`:
//! a place, a surname, or a given name and surname); `words` draws one of
//! the corpus's common words (each in a large share of the store). Drawn
//! queries repeat now and then: against `tidings serve --search-cache 0`
//! every request asks the store. `--seed` changes the draws.
//!
//! ```text
//! cargo run --release -p tidings-server --example load -- \
//!     127.0.0.1:8080 --clients 16 --requests 20000 --seconds 120 --queries names
//! ```

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tidings_engine::bench_corpus::{self, Draw};

/// The queries sent, in turn: names and words of the example corpus, one
/// phrase, one prefix, one OR.
const QUERIES: &[&str] = &[
    "Velmora",
    "strike",
    "Velmora%20strike",
    "ferry%20Portavel",
    "%22night-shift%20pay%22",
    "flood*",
    "Kerra%20OR%20Kessing",
    "Harbour%20Authority",
    "drought%20farmers",
    "cookie%20law",
    "Norvania%20Rail",
    "mediator",
];

/// What the clients ask (`--queries`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Queries {
    /// [`QUERIES`] in turn.
    Fixed,
    /// A name drawn from the bench corpus's pools for each request.
    Names,
    /// A common word drawn for each request.
    Words,
}

impl Queries {
    /// The query string (URL-encoded) of a client's `turn`-th request.
    fn next(self, draw: &mut Draw, turn: usize) -> String {
        match self {
            Queries::Fixed => QUERIES[turn % QUERIES.len()].to_string(),
            Queries::Names => bench_corpus::name_query(draw).replace(' ', "%20"),
            Queries::Words => {
                bench_corpus::COMMON_WORDS[draw.below(bench_corpus::COMMON_WORDS.len())].to_string()
            }
        }
    }
}

struct Options {
    addr: SocketAddr,
    clients: usize,
    requests: usize,
    seconds: u64,
    limit: usize,
    queries: Queries,
    seed: u64,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        addr: "127.0.0.1:8080"
            .parse()
            .map_err(|_| "bad default address")?,
        clients: 16,
        requests: 10_000,
        seconds: 60,
        limit: 10,
        queries: Queries::Fixed,
        seed: 1,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or(format!("{name} takes a whole number"))
        };
        match arg.as_str() {
            "--clients" => options.clients = value("--clients")?.clamp(1, 256) as usize,
            "--requests" => options.requests = value("--requests")?.clamp(1, 1_000_000) as usize,
            "--seconds" => options.seconds = value("--seconds")?.clamp(1, 600),
            "--limit" => options.limit = value("--limit")?.clamp(1, 100) as usize,
            "--seed" => options.seed = value("--seed")?,
            "--queries" => {
                options.queries = match args.next().as_deref() {
                    Some("fixed") => Queries::Fixed,
                    Some("names") => Queries::Names,
                    Some("words") => Queries::Words,
                    _ => return Err("--queries takes fixed, names or words".into()),
                }
            }
            addr => {
                options.addr = addr
                    .parse()
                    .map_err(|_| format!("{addr:?} is not IP:PORT (e.g. 127.0.0.1:8080)"))?
            }
        }
    }
    if !options.addr.ip().is_loopback() {
        return Err(format!(
            "{} is not a loopback address: the load tool only talks to this machine",
            options.addr
        ));
    }
    Ok(options)
}

/// Sends one request on `stream` and reads the whole answer; its status.
fn request(
    stream: &mut TcpStream,
    reader: &mut BufReader<TcpStream>,
    target: &str,
) -> std::io::Result<u16> {
    write!(stream, "GET {target} HTTP/1.1\r\nHost: load\r\n\r\n")?;
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(why) => {
            eprintln!("load: {why}");
            return ExitCode::from(2);
        }
    };
    let sent = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(options.seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..options.clients)
        .map(|client| {
            let sent = Arc::clone(&sent);
            let (addr, requests, limit) = (options.addr, options.requests, options.limit);
            let queries = options.queries;
            let mut draw = Draw::new(options.seed.wrapping_mul(1000).wrapping_add(client as u64));
            std::thread::spawn(
                move || -> std::io::Result<(Vec<Duration>, usize, HashSet<String>)> {
                    let mut stream = TcpStream::connect(addr)?;
                    stream.set_nodelay(true)?;
                    let mut reader = BufReader::new(stream.try_clone()?);
                    let mut latencies = Vec::new();
                    let mut failed = 0;
                    let mut asked = HashSet::new();
                    let mut turn = client;
                    while Instant::now() < deadline
                        && sent.fetch_add(1, Ordering::Relaxed) < requests
                    {
                        let query = queries.next(&mut draw, turn);
                        turn += 1;
                        let target = format!("/api/search?q={query}&limit={limit}");
                        asked.insert(query);
                        let start = Instant::now();
                        let status = request(&mut stream, &mut reader, &target)?;
                        latencies.push(start.elapsed());
                        if status != 200 {
                            failed += 1;
                        }
                    }
                    Ok((latencies, failed, asked))
                },
            )
        })
        .collect();
    let mut latencies = Vec::new();
    let mut failed = 0;
    let mut asked = HashSet::new();
    for worker in workers {
        match worker.join() {
            Ok(Ok((mut some, bad, queries))) => {
                latencies.append(&mut some);
                failed += bad;
                asked.extend(queries);
            }
            Ok(Err(err)) => {
                eprintln!(
                    "load: a client failed: {err} (is `tidings serve` running on {}?)",
                    options.addr
                );
                return ExitCode::from(1);
            }
            Err(_) => return ExitCode::from(1),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{} requests ({} not 200, {} distinct queries) from {} clients in {:.1}s: {:.0} requests/s; latency ms p50 {:.2}, p90 {:.2}, p99 {:.2}, max {:.2}",
        latencies.len(),
        failed,
        asked.len(),
        options.clients,
        seconds,
        latencies.len() as f64 / seconds.max(1e-9),
        at(0.50),
        at(0.90),
        at(0.99),
        at(1.0)
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
