//! Polite HTTP fetching for tidings: the one place that talks to web
//! servers. [`Fetcher::fetch`] obeys robots.txt (fetched once per host and
//! cached), sends at most one request per host at a time with a
//! configurable delay between them (or the site's `Crawl-delay` when
//! longer), makes conditional GETs from the validators of an earlier fetch
//! (`ETag`, `Last-Modified`), retries 429 and 5xx answers with exponential
//! backoff honouring `Retry-After`, follows redirects to a limit and tells
//! a loop apart, times out, and refuses bodies over a size limit. Every
//! request names tidings and the user's contact in its `User-Agent`.
//!
//! It knows nothing of feeds, pages or the store: it returns what the server
//! said (final URL, status, headers, body) for the caller to keep.

mod robots;

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use robots::Robots;

/// How a [`Fetcher`] behaves.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchConfig {
    /// Who to contact about the crawler (an email address or a URL), put
    /// in the `User-Agent`. Sites ask for one; give yours.
    pub contact: Option<String>,
    /// Least time between two requests to one host.
    pub delay: Duration,
    /// Connect and read timeout of one request.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: usize,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Retries of a 429 or 5xx answer (or a failed connection).
    pub retries: u32,
    /// The longest wait before a retry; a `Retry-After` asking for more is
    /// not waited for.
    pub max_retry_wait: Duration,
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            contact: None,
            delay: Duration::from_secs(2),
            timeout: Duration::from_secs(30),
            max_bytes: 32 * 1024 * 1024,
            max_redirects: 5,
            retries: 3,
            max_retry_wait: Duration::from_secs(120),
        }
    }
}

impl FetchConfig {
    /// The `User-Agent` sent: `tidings/VERSION (+CONTACT)`.
    pub fn user_agent(&self) -> String {
        let version = env!("CARGO_PKG_VERSION");
        match &self.contact {
            Some(contact) => format!("tidings/{version} (+{contact})"),
            None => format!("tidings/{version}"),
        }
    }
}

/// What an earlier fetch of a URL said about its version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` it sent.
    pub etag: Option<String>,
    /// The `Last-Modified` it sent.
    pub last_modified: Option<String>,
}

/// A page as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The URL asked for.
    pub requested: String,
    /// The URL that answered, after redirects.
    pub url: String,
    /// The HTTP status (2xx).
    pub status: u16,
    /// Every response header, in order, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Page {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The validators to send next time.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.header("etag").map(str::to_string),
            last_modified: self.header("last-modified").map(str::to_string),
        }
    }
}

/// What a fetch came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new page.
    Fetched(Page),
    /// The server says the page has not changed since the validators.
    NotModified {
        /// The URL asked for.
        url: String,
    },
}

/// Why a fetch failed. Each message names the URL and what to do.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    /// Not an absolute http(s) URL.
    #[error("{url}: not an http or https URL ({why})")]
    BadUrl {
        /// The URL.
        url: String,
        /// What is wrong with it.
        why: String,
    },
    /// robots.txt forbids it.
    #[error("{url}: the site's robots.txt does not allow it; it was not fetched")]
    Forbidden {
        /// The URL.
        url: String,
    },
    /// Redirects lead back to a URL already visited.
    #[error("{url}: redirects loop ({chain}); giving up")]
    RedirectLoop {
        /// The URL asked for.
        url: String,
        /// The URLs visited, joined with ` -> `.
        chain: String,
    },
    /// More redirects than allowed.
    #[error("{url}: more than {limit} redirects ({chain}); giving up")]
    TooManyRedirects {
        /// The URL asked for.
        url: String,
        /// The limit.
        limit: u32,
        /// The URLs visited, joined with ` -> `.
        chain: String,
    },
    /// An answer that is not a success and not worth retrying (404, 410 …),
    /// or still failing after the retries.
    #[error("{url}: HTTP {status} after {attempts} attempt(s)")]
    Status {
        /// The URL.
        url: String,
        /// The last status.
        status: u16,
        /// Requests made.
        attempts: u32,
    },
    /// The server asked to wait longer than the configured limit.
    #[error("{url}: the server asks to wait {asked} s before retrying, more than the limit of {limit} s; try later")]
    WaitTooLong {
        /// The URL.
        url: String,
        /// Seconds asked for.
        asked: u64,
        /// The limit in seconds.
        limit: u64,
    },
    /// The body is larger than allowed.
    #[error("{url}: the body is larger than the limit of {limit} bytes; not kept")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: usize,
    },
    /// The connection failed (DNS, refused, timeout, TLS), after retries.
    #[error("{url}: {why}")]
    Transport {
        /// The URL.
        url: String,
        /// What failed.
        why: String,
    },
}

/// What a fetcher knows about one host.
#[derive(Debug, Default)]
struct Host {
    robots: Option<Robots>,
    /// No request to the host before this instant.
    next: Option<Instant>,
}

impl Host {
    /// Sleeps until the host may be asked again.
    fn wait_turn(&self) {
        if let Some(next) = self.next {
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
        }
    }
}

/// Fetches pages politely. One fetcher is shared by every thread of a run
/// (it is `Sync`): requests to one host wait for each other, requests to
/// different hosts do not.
pub struct Fetcher {
    config: FetchConfig,
    agent: ureq::Agent,
    hosts: Mutex<HashMap<String, Arc<Mutex<Host>>>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.config)
            .finish()
    }
}

/// The parts of an absolute http(s) URL the fetcher needs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Url {
    /// `http` or `https`.
    scheme: String,
    /// Host and port, as written (lower-cased).
    authority: String,
    /// Path and query, starting with `/`.
    path: String,
}

impl Url {
    fn parse(url: &str) -> Result<Url, FetchError> {
        let bad = |why: &str| FetchError::BadUrl {
            url: url.to_string(),
            why: why.to_string(),
        };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| bad("no scheme"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad("only http and https are fetched"));
        }
        let rest = rest.split('#').next().unwrap_or("");
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = rest[..end].to_ascii_lowercase();
        if authority.is_empty() || authority.contains(['@', ' ']) {
            return Err(bad("no host, or credentials in it"));
        }
        let path = match &rest[end..] {
            "" => "/".to_string(),
            p if p.starts_with('?') => format!("/{p}"),
            p => p.to_string(),
        };
        Ok(Url {
            scheme,
            authority,
            path,
        })
    }

    fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// `location` (a redirect target) resolved against this URL.
    fn join(&self, location: &str) -> String {
        if location.contains("://") {
            location.to_string()
        } else if let Some(rest) = location.strip_prefix("//") {
            format!("{}://{rest}", self.scheme)
        } else if location.starts_with('/') {
            format!("{}{location}", self.origin())
        } else {
            let dir = match self.path.split('?').next().and_then(|p| p.rfind('/')) {
                Some(slash) => &self.path[..=slash],
                None => "/",
            };
            format!("{}{dir}{location}", self.origin())
        }
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.origin(), self.path)
    }
}

/// One HTTP exchange's answer, read up to the size limit.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Fetcher {
    /// A fetcher with `config`.
    pub fn new(config: FetchConfig) -> Fetcher {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(config.timeout)
            .timeout_read(config.timeout)
            .timeout_write(config.timeout)
            .redirects(0)
            .user_agent(&config.user_agent())
            .build();
        Fetcher {
            config,
            agent,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    /// Fetches `url`: robots.txt first (once per host), then the page, with
    /// `validators` from an earlier fetch for a conditional GET.
    pub fn fetch(&self, url: &str, validators: &Validators) -> Result<Outcome, FetchError> {
        let mut current = Url::parse(url)?;
        let mut chain = vec![current.to_string()];
        let mut redirects = 0u32;
        loop {
            let host = self.host(&current.authority);
            let mut host = host.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if host.robots.is_none() {
                host.robots = Some(self.robots(&current, &mut host));
            }
            let robots = host.robots.clone().unwrap_or_default();
            if !robots.allows(&current.path) {
                return Err(FetchError::Forbidden {
                    url: current.to_string(),
                });
            }
            let delay = robots
                .crawl_delay
                .unwrap_or_default()
                .max(self.config.delay);
            let answer = self.exchange(&current, validators, &mut host, delay)?;
            drop(host);
            match answer.status {
                200..=299 => {
                    return Ok(Outcome::Fetched(Page {
                        requested: url.to_string(),
                        url: current.to_string(),
                        status: answer.status,
                        headers: answer.headers,
                        body: answer.body,
                    }))
                }
                304 => {
                    return Ok(Outcome::NotModified {
                        url: url.to_string(),
                    })
                }
                301 | 302 | 303 | 307 | 308 => {
                    let location = answer
                        .headers
                        .iter()
                        .find(|(k, _)| k == "location")
                        .map(|(_, v)| v.clone())
                        .ok_or_else(|| FetchError::Status {
                            url: current.to_string(),
                            status: answer.status,
                            attempts: 1,
                        })?;
                    let next = Url::parse(&current.join(&location))?;
                    let shown = next.to_string();
                    if chain.contains(&shown) {
                        chain.push(shown);
                        return Err(FetchError::RedirectLoop {
                            url: url.to_string(),
                            chain: chain.join(" -> "),
                        });
                    }
                    chain.push(shown);
                    redirects += 1;
                    if redirects > self.config.max_redirects {
                        return Err(FetchError::TooManyRedirects {
                            url: url.to_string(),
                            limit: self.config.max_redirects,
                            chain: chain.join(" -> "),
                        });
                    }
                    current = next;
                }
                status => {
                    return Err(FetchError::Status {
                        url: current.to_string(),
                        status,
                        attempts: 1,
                    })
                }
            }
        }
    }

    /// Posts `body` (JSON) to `url` and returns the status of the answer
    /// (2xx): for a webhook the user named, so robots.txt is not asked, but
    /// the host's turn and delay are kept, and 429, 5xx and failed
    /// connections are retried with backoff honouring `Retry-After`.
    /// Redirects are not followed (a webhook that moved is an error to fix).
    pub fn post_json(&self, url: &str, body: &[u8]) -> Result<u16, FetchError> {
        let target = Url::parse(url)?;
        let shown = target.to_string();
        let host = self.host(&target.authority);
        let mut host = host.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut attempt = 0u32;
        loop {
            host.wait_turn();
            attempt += 1;
            let result = self
                .agent
                .post(&shown)
                .set("Content-Type", "application/json")
                .send_bytes(body);
            host.next = Some(Instant::now() + self.config.delay);
            let Some(response) = self.response(result, attempt, &shown)? else {
                continue;
            };
            let status = response.status();
            if (status == 429 || status >= 500) && attempt <= self.config.retries {
                let wait = self.retry_wait(&shown, response.header("retry-after"), attempt)?;
                host.next = Some(Instant::now() + wait.max(self.config.delay));
                continue;
            }
            if (200..300).contains(&status) {
                return Ok(status);
            }
            return Err(FetchError::Status {
                url: shown,
                status,
                attempts: attempt,
            });
        }
    }

    /// The wait before retry `attempt`: the server's `Retry-After` (in
    /// seconds) when it gives one within the limit, else the backoff.
    fn retry_wait(
        &self,
        url: &str,
        retry_after: Option<&str>,
        attempt: u32,
    ) -> Result<Duration, FetchError> {
        match retry_after.and_then(|v| v.trim().parse::<u64>().ok()) {
            Some(seconds) => {
                let asked = Duration::from_secs(seconds);
                if asked > self.config.max_retry_wait {
                    return Err(FetchError::WaitTooLong {
                        url: url.to_string(),
                        asked: seconds,
                        limit: self.config.max_retry_wait.as_secs(),
                    });
                }
                Ok(asked)
            }
            None => Ok(self.backoff(attempt)),
        }
    }

    /// The state of one host (created on first use).
    fn host(&self, authority: &str) -> Arc<Mutex<Host>> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts.entry(authority.to_string()).or_default().clone()
    }

    /// The host's robots.txt rules: a missing file (4xx) allows everything,
    /// a refused one (401, 403) nothing, an unreachable one everything
    /// (the page request will then fail on its own).
    fn robots(&self, url: &Url, host: &mut Host) -> Robots {
        let robots_url = Url {
            path: "/robots.txt".to_string(),
            ..url.clone()
        };
        let agent = self.config.user_agent();
        match self.exchange(&robots_url, &Validators::default(), host, self.config.delay) {
            Ok(answer) if (200..300).contains(&answer.status) => {
                Robots::parse(&String::from_utf8_lossy(&answer.body), &agent)
            }
            Ok(answer) if matches!(answer.status, 401 | 403) => Robots::deny_all(),
            _ => Robots::allow_all(),
        }
    }

    /// One request with its retries, waiting for the host's turn first.
    /// Returns any final answer (including 3xx and 4xx); errors only for
    /// transport failures, bodies over the limit and waits over the limit.
    fn exchange(
        &self,
        url: &Url,
        validators: &Validators,
        host: &mut Host,
        delay: Duration,
    ) -> Result<Answer, FetchError> {
        let shown = url.to_string();
        let mut attempt = 0u32;
        loop {
            host.wait_turn();
            attempt += 1;
            let mut request = self.agent.get(&shown);
            if let Some(etag) = &validators.etag {
                request = request.set("If-None-Match", etag);
            }
            if let Some(modified) = &validators.last_modified {
                request = request.set("If-Modified-Since", modified);
            }
            let result = request.call();
            host.next = Some(Instant::now() + delay);
            let Some(response) = self.response(result, attempt, &shown)? else {
                continue;
            };
            let status = response.status();
            if (status == 429 || status >= 500) && attempt <= self.config.retries {
                let wait = self.retry_wait(&shown, response.header("retry-after"), attempt)?;
                host.next = Some(Instant::now() + wait.max(delay));
                continue;
            }
            if status == 429 || status >= 500 {
                return Err(FetchError::Status {
                    url: shown,
                    status,
                    attempts: attempt,
                });
            }
            let headers: Vec<(String, String)> = response
                .headers_names()
                .into_iter()
                .flat_map(|name| {
                    response
                        .all(&name)
                        .into_iter()
                        .map(|value| (name.to_ascii_lowercase(), value.to_string()))
                        .collect::<Vec<_>>()
                })
                .collect();
            let limit = self.config.max_bytes;
            let mut body = Vec::new();
            response
                .into_reader()
                .take(limit as u64 + 1)
                .read_to_end(&mut body)
                .map_err(|error| FetchError::Transport {
                    url: shown.clone(),
                    why: format!("reading the body: {error}"),
                })?;
            if body.len() > limit {
                return Err(FetchError::TooLarge { url: shown, limit });
            }
            return Ok(Answer {
                status,
                headers,
                body,
            });
        }
    }

    /// The response of a request, whatever its status; `None` after a
    /// transport failure that is retried (once the backoff has been slept),
    /// an error when the retries are spent.
    fn response(
        &self,
        result: Result<ureq::Response, ureq::Error>,
        attempt: u32,
        shown: &str,
    ) -> Result<Option<ureq::Response>, FetchError> {
        match result {
            Ok(response) | Err(ureq::Error::Status(_, response)) => Ok(Some(response)),
            Err(ureq::Error::Transport(transport)) => {
                if attempt <= self.config.retries {
                    std::thread::sleep(self.backoff(attempt));
                    return Ok(None);
                }
                Err(FetchError::Transport {
                    url: shown.to_string(),
                    why: transport.to_string(),
                })
            }
        }
    }

    /// The wait before retry `attempt` (1-based) when the server gives no
    /// `Retry-After`: one second doubled each time, up to the limit.
    fn backoff(&self, attempt: u32) -> Duration {
        let seconds = 1u64 << attempt.saturating_sub(1).min(16);
        Duration::from_secs(seconds).min(self.config.max_retry_wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_parsed_and_redirect_targets_resolved() {
        let url = Url::parse("https://Courier.Velmora.example/news/quay?day=2#top").unwrap();
        assert_eq!(url.authority, "courier.velmora.example");
        assert_eq!(url.path, "/news/quay?day=2");
        assert_eq!(url.join("/a"), "https://courier.velmora.example/a");
        assert_eq!(url.join("b"), "https://courier.velmora.example/news/b");
        assert_eq!(url.join("//other.example/c"), "https://other.example/c");
        assert_eq!(url.join("http://x.example/"), "http://x.example/");
        assert_eq!(Url::parse("http://velmora.example").unwrap().path, "/");
        for bad in [
            "ftp://x/",
            "velmora.example/a",
            "http:///a",
            "http://user@x/",
        ] {
            assert!(
                matches!(Url::parse(bad), Err(FetchError::BadUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_user_agent_names_tidings_and_the_contact() {
        let config = FetchConfig {
            contact: Some("mailto:desk@velmora.example".into()),
            ..FetchConfig::default()
        };
        assert!(config.user_agent().starts_with("tidings/"));
        assert!(config
            .user_agent()
            .ends_with("(+mailto:desk@velmora.example)"));
    }
}
