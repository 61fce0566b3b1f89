//! The tidings server: a JSON API over a store, for `tidings serve`.
//!
//! `server` sits between `engine` and `cli` in the flow: each route is a
//! few lines over `tidings_engine` (the queries and, when allowed, the
//! ingest pipeline) and the store; the CLI only parses `tidings serve`'s
//! options and calls [`serve`]. It is the only crate that knows HTTP.
//!
//! - [`router`] builds the routes ([`ROUTES`] lists them; `openapi.json`,
//!   served at `/api/openapi.json`, documents each) with the limits of a
//!   [`ServerConfig`]: query-string and body size, a timeout and a cap on
//!   requests in flight ([`Limits`]).
//! - The web UI at `/` ([`UI_FILES`]: a page, its script and style sheet,
//!   embedded; it reads everything through the API).
//! - [`ApiError`]: every error a request can get, as its status and JSON
//!   `{"error", "detail"}`; [`Error`]: why the server could not start.
//!
//! Reading goes through read-only store connections (a few kept open, one
//! per request at a time, on the blocking pool); the store is opened for
//! writing only when `POST /api/ingest` is allowed, and then only by it.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! use tower::ServiceExt;
//!
//! let dir = tempfile::tempdir()?;
//! tidings_store::SqliteStore::open(dir.path())?; // an empty store
//! let config = tidings_server::ServerConfig::new(dir.path().to_path_buf());
//! let app = tidings_server::router(&config)?;
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! let response = runtime.block_on(
//!     app.oneshot(Request::get("/api/articles/nosuch").body(Body::empty())?),
//! )?;
//! assert_eq!(response.status(), 400); // not an id: 400, with a JSON error
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod params;
mod routes;
mod ui;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tidings_engine::Pipeline;
use tidings_store::{SearchMemory, SqliteStore};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::{ApiError, Error};
pub use routes::ROUTES;
pub use ui::FILES as UI_FILES;

/// The OpenAPI 3 document of the API, as served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// What a server serves, where, and within which limits.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The store's data directory.
    pub db: PathBuf,
    /// The address to listen on (127.0.0.1:8080 by default).
    pub addr: SocketAddr,
    /// The token `POST /api/ingest` requires (`Authorization: Bearer T`);
    /// `None` turns ingest off and keeps the store read-only.
    pub ingest_token: Option<String>,
    /// Sizes, times and counts the server allows.
    pub limits: Limits,
}

impl ServerConfig {
    /// Serving `db` on 127.0.0.1:8080, read-only, with the default limits.
    pub fn new(db: PathBuf) -> ServerConfig {
        ServerConfig {
            db,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            ingest_token: None,
            limits: Limits::default(),
        }
    }
}

/// What the server allows one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Longest query string, in bytes (longer: 414).
    pub max_query_bytes: usize,
    /// Largest request body (`POST /api/ingest`), in bytes (larger: 413).
    pub max_body_bytes: usize,
    /// Longest a request may take (longer: 408).
    pub timeout: Duration,
    /// Most requests handled at once; more wait their turn.
    pub concurrency: usize,
    /// Largest `limit` of a list.
    pub max_page: usize,
    /// Largest `offset` of a list.
    pub max_offset: usize,
    /// Search answers kept for asking again (0: none kept). The store does
    /// not change under a read-only server, so a kept answer is the answer;
    /// an ingest empties the cache.
    pub search_cache: usize,
    /// Bytes of search postings kept in memory (0: none; every search is
    /// ranked by SQLite's FTS5): a query of whole words is then ranked over
    /// postings read once from the index, the same list in about a
    /// millisecond for a word in most articles. See
    /// [`tidings_store::SearchMemory`].
    pub search_memory: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_query_bytes: 8 * 1024,
            max_body_bytes: 32 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            concurrency: 32,
            max_page: 100,
            max_offset: 10_000,
            search_cache: 4096,
            search_memory: 256 * 1024 * 1024,
        }
    }
}

/// What every handler shares.
struct Shared {
    /// Read-only connections to the store, kept for the next request.
    readers: Readers,
    limits: Limits,
    /// The ingest pipeline and the one writing connection, when allowed.
    ingest: Option<Ingest>,
    /// Search answers as sent, by query and page.
    search_cache: Mutex<SearchCache>,
    /// A connection that only tells when the store changed.
    watcher: Mutex<SqliteStore>,
}

/// Search answers kept, and the store's data version they were read at.
#[derive(Default)]
struct SearchCache {
    version: Option<i64>,
    answers: HashMap<String, Bytes>,
}

/// `POST /api/ingest`'s token, pipeline and writer.
struct Ingest {
    token: String,
    pipeline: Pipeline,
    writer: Mutex<SqliteStore>,
}

/// The state handlers are given.
type App = Arc<Shared>;

/// Read-only store connections: one taken per request, given back after.
///
/// At most `most` are in use at once (twice the cores the process may run
/// on) and the other requests wait their turn: a store read is work for
/// the CPU, and sixteen of them sharing one core make each take sixteen
/// times as long, so one costly search (a word in most articles) held
/// every cheap one behind it; in turn, the cheap ones pass while it runs.
struct Readers {
    db: PathBuf,
    /// Where every reader ranks searches of whole words (none: FTS5 does).
    memory: Option<Arc<SearchMemory>>,
    idle: Mutex<Vec<SqliteStore>>,
    busy: Mutex<usize>,
    freed: Condvar,
    most: usize,
}

/// How many idle connections are kept, at least.
const IDLE_READERS: usize = 8;

impl Readers {
    fn new(db: PathBuf, mut first: SqliteStore, memory: Option<Arc<SearchMemory>>) -> Readers {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if let Some(memory) = &memory {
            first.use_search_memory(Arc::clone(memory));
        }
        Readers {
            db,
            memory,
            idle: Mutex::new(vec![first]),
            busy: Mutex::new(0),
            freed: Condvar::new(),
            most: cores.saturating_mul(2).max(2),
        }
    }

    fn take(&self) -> Result<SqliteStore, ApiError> {
        {
            // The count is a plain number: a panic while it was held left
            // it right, so a poisoned lock is used as it is.
            let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
            while *busy >= self.most {
                busy = self
                    .freed
                    .wait(busy)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            *busy += 1;
        }
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(store) => Ok(store),
            None => match tidings_engine::query::open_read_only(&self.db) {
                Ok(mut store) => {
                    if let Some(memory) = &self.memory {
                        store.use_search_memory(Arc::clone(memory));
                    }
                    Ok(store)
                }
                Err(err) => {
                    self.release();
                    Err(ApiError::internal(err))
                }
            },
        }
    }

    fn give_back(&self, store: SqliteStore) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < IDLE_READERS.max(self.most) {
                idle.push(store);
            }
        }
    }

    /// One connection fewer in use (what [`Taken`] does when dropped); a
    /// waiting request may take it.
    fn release(&self) {
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        *busy = busy.saturating_sub(1);
        self.freed.notify_one();
    }
}

/// A connection [`Readers::take`] counted as in use, counted back when
/// this is dropped, even when the read panicked.
struct Taken<'r>(&'r Readers);

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

impl Shared {
    /// The search answer kept for `key`, if any and if the store has not
    /// changed since (another process may ingest into it).
    fn cached(&self, key: &str) -> Option<Bytes> {
        if self.limits.search_cache == 0 {
            return None;
        }
        let version = self.watcher.lock().ok()?.data_version().ok();
        let mut cache = self.search_cache.lock().ok()?;
        if version.is_none() || cache.version != version {
            cache.answers.clear();
            cache.version = version;
        }
        cache.answers.get(key).cloned()
    }

    /// Keeps a search answer (the cache starts afresh when full).
    fn keep(&self, key: String, answer: Bytes) {
        if self.limits.search_cache == 0 {
            return;
        }
        if let Ok(mut cache) = self.search_cache.lock() {
            if cache.answers.len() >= self.limits.search_cache {
                cache.answers.clear();
            }
            cache.answers.insert(key, answer);
        }
    }

    /// Forgets every kept answer (the store changed).
    fn forget(&self) {
        if let Ok(mut cache) = self.search_cache.lock() {
            cache.answers.clear();
            cache.version = None;
        }
    }
}

/// Runs `read` with a read-only store on the blocking pool.
async fn read<T: Send + 'static>(
    app: &App,
    read: impl FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = Arc::clone(app);
    tokio::task::spawn_blocking(move || {
        let store = app.readers.take()?;
        let _taken = Taken(&app.readers);
        let result = read(&store);
        app.readers.give_back(store);
        result
    })
    .await
    .map_err(ApiError::internal)?
}

/// The API's router with its limits. Opens the store once to check it is
/// there and readable (read-only; for writing too when ingest is allowed,
/// creating it then if missing).
pub fn router(config: &ServerConfig) -> Result<Router, Error> {
    let ingest = match &config.ingest_token {
        Some(token) => Some(Ingest {
            token: token.clone(),
            pipeline: Pipeline::new()?,
            writer: Mutex::new(SqliteStore::open(&config.db)?),
        }),
        None => None,
    };
    let first = tidings_engine::query::open_read_only(&config.db)?;
    let watcher = Mutex::new(tidings_engine::query::open_read_only(&config.db)?);
    let shared = Arc::new(Shared {
        readers: Readers::new(
            config.db.clone(),
            first,
            (config.limits.search_memory > 0)
                .then(|| Arc::new(SearchMemory::new(config.limits.search_memory))),
        ),
        limits: config.limits.clone(),
        ingest,
        search_cache: Mutex::new(SearchCache::default()),
        watcher,
    });
    let mut router = Router::new();
    for route in routes::table() {
        router = router.route(route.path, route.handler);
    }
    for (path, handler) in ui::table() {
        router = router.route(path, handler);
    }
    let max_query = config.limits.max_query_bytes;
    Ok(router
        .fallback(|| async {
            ApiError::not_found("no such route: the API's routes are listed at /api/openapi.json")
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "this route does not take this method: see /api/openapi.json",
            )
        })
        .with_state(shared)
        .layer(DefaultBodyLimit::max(config.limits.max_body_bytes))
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            limit_query(request, next, max_query)
        }))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.limits.timeout,
        ))
        .layer(GlobalConcurrencyLimitLayer::new(config.limits.concurrency)))
}

/// A query string longer than `max` bytes is answered 414 before anything
/// reads it.
async fn limit_query(request: Request, next: Next, max: usize) -> Response {
    let length = request.uri().query().map_or(0, str::len);
    if length > max {
        return ApiError::new(
            StatusCode::URI_TOO_LONG,
            "too-long",
            format!("the query string has {length} bytes; at most {max} are allowed"),
        )
        .into_response();
    }
    next.run(request).await
}

/// Serves the API on `config.addr` until the process ends; `ready` is told
/// the address once the server listens (the port chosen when it was 0).
pub fn serve(config: ServerConfig, ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let app = router(&config)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(Error::Io)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: config.addr,
                source,
            })?;
        ready(listener.local_addr().map_err(Error::Io)?);
        axum::serve(listener, app).await.map_err(Error::Io)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use tidings_store::Store;

    /// Readers for a new empty store, at most `most` in use at once.
    fn readers(dir: &std::path::Path, most: usize) -> Arc<Readers> {
        SqliteStore::open(dir).unwrap();
        let first = tidings_engine::query::open_read_only(dir).unwrap();
        Arc::new(Readers {
            most,
            ..Readers::new(dir.to_path_buf(), first, None)
        })
    }

    /// One read as `read` in this file runs it: take, count, give back.
    fn one_read(readers: &Readers, work: impl FnOnce(&SqliteStore)) {
        let store = readers.take().unwrap();
        let _taken = Taken(readers);
        work(&store);
        readers.give_back(store);
    }

    #[test]
    fn no_more_reads_than_allowed_run_at_once_and_the_rest_wait() {
        let dir = tempfile::tempdir().unwrap();
        let readers = readers(dir.path(), 2);
        let (running, most_seen, done) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let (readers, running, most_seen, done) = (
                    Arc::clone(&readers),
                    Arc::clone(&running),
                    Arc::clone(&most_seen),
                    Arc::clone(&done),
                );
                std::thread::spawn(move || {
                    one_read(&readers, |store| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most_seen.fetch_max(now, Ordering::SeqCst);
                        store.stats().unwrap();
                        std::thread::sleep(Duration::from_millis(30));
                        running.fetch_sub(1, Ordering::SeqCst);
                    });
                    done.fetch_add(1, Ordering::SeqCst);
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(done.load(Ordering::SeqCst), 6);
        assert_eq!(most_seen.load(Ordering::SeqCst), 2);
        assert_eq!(*readers.busy.lock().unwrap(), 0);
    }

    #[test]
    fn a_read_that_panics_gives_its_turn_back() {
        let dir = tempfile::tempdir().unwrap();
        let readers = readers(dir.path(), 1);
        let panicking = Arc::clone(&readers);
        let outcome = std::thread::spawn(move || one_read(&panicking, |_| panic!("a bad read")));
        assert!(outcome.join().is_err());
        // Were the turn lost, this read would wait for ever.
        let (sent, received) = mpsc::channel();
        let next = Arc::clone(&readers);
        std::thread::spawn(move || {
            one_read(&next, |store| {
                store.stats().unwrap();
            });
            let _ = sent.send(());
        });
        assert!(received.recv_timeout(Duration::from_secs(10)).is_ok());
    }
}
