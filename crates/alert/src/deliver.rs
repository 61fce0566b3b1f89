//! Sending alerts: each alert not held is POSTed to the webhook (retried
//! by the fetcher on 429, 5xx and failed connections), then recorded in
//! the log (sent or not: a webhook that stays down is reported in the
//! alert's `errors`, and the match does not fire again), and the RSS file
//! is rewritten once for the round. Printing to standard output is the
//! caller's.

use std::path::{Path, PathBuf};

use tidings_fetch::{FetchConfig, Fetcher};

use crate::error::Result;
use crate::log::{Alert, AlertLog};
use crate::rss::Channel;
use crate::rules::Deliver;

/// Where alerts go, and the log they are recorded in.
pub struct Dispatcher {
    webhook: Option<(String, Fetcher)>,
    rss: Option<(PathBuf, Channel)>,
    dir: PathBuf,
    log: AlertLog,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("webhook", &self.webhook.as_ref().map(|(url, _)| url))
            .field("rss", &self.rss)
            .field("dir", &self.dir)
            .finish()
    }
}

impl Dispatcher {
    /// Sends as `deliver` says, recording in the log of store directory
    /// `dir` (an RSS path that is relative is taken from `dir`); webhook
    /// requests are made with `fetch` (its user agent, timeout, retries).
    pub fn new(dir: &Path, deliver: &Deliver, fetch: FetchConfig) -> Result<Dispatcher> {
        let rss = deliver.rss.as_ref().map(|path| {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                dir.join(path)
            };
            let mut channel = Channel::default();
            if let Some(title) = &deliver.rss_title {
                channel.title = title.clone();
            }
            if let Some(link) = &deliver.rss_link {
                channel.link = link.clone();
            }
            (path, channel)
        });
        Ok(Dispatcher {
            webhook: deliver
                .webhook
                .clone()
                .map(|url| (url, Fetcher::new(fetch))),
            rss,
            dir: dir.to_path_buf(),
            log: AlertLog::open(dir)?,
        })
    }

    /// The log of what fired.
    pub fn log(&self) -> &AlertLog {
        &self.log
    }

    /// Sends each alert (held ones are only recorded), records it, and
    /// rewrites the RSS file; `printed` says the caller prints them on
    /// standard output (recorded in `sent`). Returns the alerts as
    /// recorded.
    pub fn send(&mut self, alerts: Vec<Alert>, printed: bool) -> Result<Vec<Alert>> {
        let mut recorded = Vec::with_capacity(alerts.len());
        for mut alert in alerts {
            if !alert.held {
                if printed {
                    alert.sent.push("stdout".into());
                }
                if let Some((url, fetcher)) = &self.webhook {
                    let mut body = serde_json::to_value(&alert).unwrap_or_default();
                    if let Some(object) = body.as_object_mut() {
                        object.remove("sent");
                        object.insert("event".into(), "alert".into());
                    }
                    match fetcher.post_json(url, body.to_string().as_bytes()) {
                        Ok(_) => alert.sent.push("webhook".into()),
                        Err(err) => alert.errors.push(format!("webhook: {err}")),
                    }
                }
                if self.rss.is_some() {
                    alert.sent.push("rss".into());
                }
            }
            self.log.append(&alert)?;
            recorded.push(alert);
        }
        if let Some((path, channel)) = &self.rss {
            if !recorded.is_empty() || !path.exists() {
                let all = AlertLog::all(&self.dir)?;
                crate::rss::write(path, channel, &all)?;
            }
        }
        Ok(recorded)
    }
}
