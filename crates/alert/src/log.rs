//! What fired: one JSON line per alert in `DIR/alerts.jsonl`, appended and
//! flushed as each alert is sent. A match is known by its key (the rule and
//! the story, or the article when it has no story); a key in the log never
//! fires again. A last line cut short by a crash is passed over (that alert
//! fires again: it was never recorded whole).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file name of the log in the store directory.
pub const FILE: &str = "alerts.jsonl";

/// One piece of evidence: a sentence of an article and what in it matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The article's id.
    pub article: String,
    /// Its title.
    pub title: Option<String>,
    /// Its URL.
    pub url: Option<String>,
    /// Its site.
    pub site: Option<String>,
    /// First byte of the sentence in the article's clean text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The sentence.
    pub sentence: String,
    /// What matched (`entity Marta Ilves`, `event 145 PROTEST`).
    pub matched: String,
}

/// An alert: a rule matched by a story (or an article without one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// The rule's name.
    pub rule: String,
    /// What the match is known by: `RULE/story/N` or `RULE/article/ID`.
    pub key: String,
    /// When it fired (RFC 3339, UTC).
    pub fired: jiff::Timestamp,
    /// The story the matching articles belong to.
    pub story: Option<u64>,
    /// The first matching article's title.
    pub title: Option<String>,
    /// The story's title (its first article's), when it has one.
    #[serde(default)]
    pub story_title: Option<String>,
    /// Distinct sources (sites) among the matching articles.
    pub sources: usize,
    /// The matching articles' ids, in the story's time order.
    pub articles: Vec<String>,
    /// Where each condition matched, for each matching article (at most 20).
    pub evidence: Vec<Evidence>,
    /// True when the rule's quiet period held the alert: recorded, not sent.
    #[serde(default)]
    pub held: bool,
    /// Where it was sent (`stdout`, `webhook`, `rss`).
    #[serde(default)]
    pub sent: Vec<String>,
    /// What failed sending it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
}

/// The alerts fired so far, as far as deciding what fires next needs.
#[derive(Debug, Default)]
pub struct AlertLog {
    path: PathBuf,
    keys: HashSet<String>,
    last_sent: HashMap<String, jiff::Timestamp>,
}

impl AlertLog {
    /// The log of the store directory `dir` (empty if there is none yet).
    pub fn open(dir: &Path) -> Result<AlertLog> {
        let path = dir.join(FILE);
        let mut log = AlertLog {
            path: path.clone(),
            ..AlertLog::default()
        };
        for alert in read(&path)? {
            log.remember(&alert);
        }
        Ok(log)
    }

    /// True if the match `key` fired before.
    pub fn fired(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// When `rule` last sent an alert (held ones do not count).
    pub fn last_sent(&self, rule: &str) -> Option<jiff::Timestamp> {
        self.last_sent.get(rule).copied()
    }

    fn remember(&mut self, alert: &Alert) {
        self.keys.insert(alert.key.clone());
        if !alert.held {
            let last = self
                .last_sent
                .entry(alert.rule.clone())
                .or_insert(alert.fired);
            *last = (*last).max(alert.fired);
        }
    }

    /// Appends `alert` to the log, flushed to disk before it returns.
    pub fn append(&mut self, alert: &Alert) -> Result<()> {
        let write_error = |source| Error::Write {
            path: self.path.clone(),
            source,
        };
        let mut line =
            serde_json::to_vec(alert).map_err(|err| write_error(std::io::Error::other(err)))?;
        line.push(b'\n');
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(write_error)?;
        file.write_all(&line)
            .and_then(|()| file.sync_data())
            .map_err(write_error)?;
        self.remember(alert);
        Ok(())
    }

    /// Every alert in the log at `dir`, oldest first.
    pub fn all(dir: &Path) -> Result<Vec<Alert>> {
        read(&dir.join(FILE))
    }
}

/// The instant `text` names, for listing what fired since: a day
/// (`2026-03-04`, its start in UTC), an instant (`2026-03-04T10:00:00Z`)
/// or a time back from `now` (`6h`, `2d`). The error says what is allowed.
pub fn since(text: &str, now: jiff::Timestamp) -> std::result::Result<jiff::Timestamp, String> {
    let text = text.trim();
    if let Ok(at) = text.parse::<jiff::Timestamp>() {
        return Ok(at);
    }
    if let Ok(day) = tidings_engine::filters::day(text) {
        if let Ok(zoned) = day.to_zoned(jiff::tz::TimeZone::UTC) {
            return Ok(zoned.timestamp());
        }
    }
    let back = crate::rules::duration(text).map_err(|why| {
        format!("{text:?}: give a day (2026-03-04), an instant (2026-03-04T10:00:00Z) or a time back (6h, 2d); {why}")
    })?;
    Ok(now.checked_sub(back).unwrap_or(jiff::Timestamp::MIN))
}

fn read(path: &Path) -> Result<Vec<Alert>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.lines().collect();
    let mut alerts = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Alert>(line) {
            Ok(alert) => alerts.push(alert),
            // The last line of a write cut short.
            Err(_) if n + 1 == lines.len() && !complete => {}
            Err(err) => {
                return Err(Error::BadLog {
                    path: path.to_path_buf(),
                    line: n + 1,
                    why: err.to_string(),
                })
            }
        }
    }
    Ok(alerts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(rule: &str, key: &str, fired: &str, held: bool) -> Alert {
        Alert {
            rule: rule.into(),
            key: key.into(),
            fired: fired.parse().unwrap(),
            story: Some(3),
            title: Some("Velmora port strike".into()),
            story_title: None,
            sources: 2,
            articles: vec!["ab12".into()],
            evidence: Vec::new(),
            held,
            sent: vec!["stdout".into()],
            errors: Vec::new(),
        }
    }

    #[test]
    fn the_log_remembers_keys_and_the_last_alert_sent() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = AlertLog::open(dir.path()).unwrap();
        assert!(!log.fired("ilves/story/3"));
        log.append(&alert(
            "ilves",
            "ilves/story/3",
            "2026-03-04T10:00:00Z",
            false,
        ))
        .unwrap();
        log.append(&alert(
            "ilves",
            "ilves/story/4",
            "2026-03-04T11:00:00Z",
            true,
        ))
        .unwrap();
        let again = AlertLog::open(dir.path()).unwrap();
        assert!(again.fired("ilves/story/3") && again.fired("ilves/story/4"));
        assert_eq!(
            again.last_sent("ilves"),
            Some("2026-03-04T10:00:00Z".parse().unwrap()),
            "a held alert was not sent"
        );
        assert_eq!(AlertLog::all(dir.path()).unwrap().len(), 2);

        // A write cut short is passed over; damage elsewhere is named.
        let path = dir.path().join(FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"rule\":\"ilv");
        std::fs::write(&path, &text).unwrap();
        assert_eq!(AlertLog::all(dir.path()).unwrap().len(), 2);
        std::fs::write(&path, format!("not json\n{text}\n")).unwrap();
        let err = AlertLog::open(dir.path()).unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }
}
