//! The rules against the articles just stored. A match is a rule and a
//! story (or a rule and an article the dedup stage did not place): it
//! fires once, when the story's articles that match the rule come from at
//! least `min_sources` distinct sites, and never again (the key is in the
//! [`AlertLog`]). When the rule sent an alert less than its `quiet` period
//! ago, the new alert is held: recorded (it will not fire later) but not
//! sent.

use std::collections::{BTreeSet, HashMap, HashSet};

use tidings_engine::query::{self, ArticleRecord};
use tidings_model::DocId;
use tidings_store::Store;

use crate::error::{Error, Result};
use crate::log::{Alert, AlertLog, Evidence};
use crate::matching::{match_article, StoreNames};
use crate::rules::{normalise, Rule, Rules};

/// Evidence items kept per alert.
const MAX_EVIDENCE: usize = 20;

/// Articles read for one evaluation, each once.
struct Reader<'a> {
    store: &'a dyn Store,
    articles: HashMap<String, Option<ArticleRecord>>,
    names: StoreNames,
    hits: HashMap<String, HashSet<String>>,
}

impl Reader<'_> {
    fn article(&mut self, id: &str) -> Result<Option<&ArticleRecord>> {
        if !self.articles.contains_key(id) {
            let record = query::article(self.store, id)
                .map_err(Error::store(format!("cannot read article {id}")))?;
            if let Some(record) = &record {
                for link in &record.links {
                    if self.names.contains_key(&link.store) {
                        continue;
                    }
                    let known = self
                        .store
                        .entity_by_id(link.store, 0)
                        .map_err(Error::store(format!("cannot read entity {}", link.store)))?;
                    let names = known
                        .map(|detail| {
                            std::iter::once(&detail.entity.name)
                                .chain(&detail.entity.aliases)
                                .map(|n| normalise(n))
                                .collect()
                        })
                        .unwrap_or_default();
                    self.names.insert(link.store, names);
                }
            }
            self.articles.insert(id.to_string(), record);
        }
        Ok(self.articles.get(id).and_then(Option::as_ref))
    }

    /// The ids of the hits of `query` (run once per evaluation).
    fn hits(&mut self, query: &str) -> Result<&HashSet<String>> {
        if !self.hits.contains_key(query) {
            let hits = self
                .store
                .search(query, usize::MAX)
                .map_err(Error::store(format!("cannot search for {query:?}")))?;
            let ids = hits.into_iter().map(|hit| hit.id.to_string()).collect();
            self.hits.insert(query.to_string(), ids);
        }
        Ok(&self.hits[query])
    }

    fn evidence(&mut self, rule: &Rule, id: &str) -> Result<Option<Vec<Evidence>>> {
        let hit = match &rule.query {
            Some(query) => self.hits(query)?.contains(id),
            None => false,
        };
        // The record and the names are read before they are borrowed together.
        self.article(id)?;
        let Some(Some(record)) = self.articles.get(id) else {
            return Ok(None);
        };
        Ok(match_article(rule, record, &self.names, hit))
    }
}

/// The source an article counts as: its site, else its URL's host, else
/// itself.
fn source_of(record: &ArticleRecord) -> String {
    let article = &record.stored.article;
    if let Some(site) = article.site.as_deref().filter(|s| !s.is_empty()) {
        return site.to_lowercase();
    }
    if let Some(url) = &article.url {
        if let Some(rest) = url.split_once("://").map(|(_, rest)| rest) {
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            if !host.is_empty() {
                return host.to_lowercase();
            }
        }
    }
    format!("article {}", article.id)
}

/// The alerts `rules` give for the articles `ids` (just stored), in rule
/// order then article order, at time `now`. Matches already in `log` (or
/// given earlier in the answer) are left out. Nothing is written: the
/// caller sends the alerts and appends them to the log.
pub fn evaluate(
    store: &dyn Store,
    rules: &Rules,
    ids: &[String],
    log: &AlertLog,
    now: jiff::Timestamp,
) -> Result<Vec<Alert>> {
    let mut reader = Reader {
        store,
        articles: HashMap::new(),
        names: StoreNames::new(),
        hits: HashMap::new(),
    };
    let mut alerts: Vec<Alert> = Vec::new();
    for rule in &rules.rules {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        let mut last_sent = log.last_sent(&rule.name);
        for id in ids {
            if reader.evidence(rule, id)?.is_none() {
                continue;
            }
            let Some(record) = reader.article(id)? else {
                continue;
            };
            let article_id = record.stored.article.id.to_string();
            let story = record.placement.as_ref().map(|p| p.story);
            let key = match story {
                Some(story) => format!("{}/story/{story}", rule.name),
                None => format!("{}/article/{article_id}", rule.name),
            };
            if log.fired(&key) || keys.contains(&key) {
                continue;
            }
            // The story's articles that match, in its time order.
            let (members, story_title) = match story {
                Some(story_id) => {
                    let detail = store
                        .story(story_id)
                        .map_err(Error::store(format!("cannot read story {story_id}")))?;
                    match detail {
                        Some(detail) => (
                            detail
                                .articles
                                .iter()
                                .map(|a| a.id.to_string())
                                .collect::<Vec<_>>(),
                            detail.story.title,
                        ),
                        None => (vec![article_id.clone()], None),
                    }
                }
                None => (vec![article_id.clone()], None),
            };
            let mut matching: Vec<(String, Vec<Evidence>)> = Vec::new();
            for member in &members {
                if let Some(evidence) = reader.evidence(rule, member)? {
                    matching.push((member.clone(), evidence));
                }
            }
            if matching.is_empty() {
                // The story lists the article under another id form.
                if let Some(evidence) = reader.evidence(rule, &article_id)? {
                    matching.push((article_id.clone(), evidence));
                }
            }
            let mut sources = BTreeSet::new();
            for (member, _) in &matching {
                if let Some(record) = reader.article(member)? {
                    sources.insert(source_of(record));
                }
            }
            if sources.len() < rule.min_sources {
                continue;
            }
            let title = matching
                .iter()
                .find_map(|(_, evidence)| evidence.first().and_then(|e| e.title.clone()));
            let held = match (rule.quiet, last_sent) {
                (Some(quiet), Some(last)) => now.duration_since(last) < quiet,
                _ => false,
            };
            if !held {
                last_sent = Some(now);
            }
            keys.insert(key.clone());
            alerts.push(Alert {
                rule: rule.name.clone(),
                key,
                fired: now,
                story,
                title,
                story_title,
                sources: sources.len(),
                articles: matching.iter().map(|(id, _)| id.clone()).collect(),
                evidence: matching
                    .into_iter()
                    .flat_map(|(_, evidence)| evidence)
                    .take(MAX_EVIDENCE)
                    .collect(),
                held,
                sent: Vec::new(),
                errors: Vec::new(),
            });
        }
    }
    Ok(alerts)
}

/// The ids of every stored article, for checking rules against the whole
/// store (`tidings alerts check`), in the order they were stored.
pub fn all_ids(store: &dyn Store) -> Result<Vec<String>> {
    let ids: Vec<DocId> = store
        .ids_in_ingest_order()
        .map_err(Error::store("cannot list the stored articles"))?;
    Ok(ids.into_iter().map(|id| id.to_string()).collect())
}
