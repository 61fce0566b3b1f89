//! The questions asked of a store, answered the same way for the CLI and the
//! server: opening it, lists cut to a limit (with their total, or a page
//! with where the next one starts), one article with everything known of it,
//! one entity with its mentions, a reproducible sample of events.

use std::path::Path;

use serde::Serialize;
use tidings_model::{Actor, Annotations, Facts};
use tidings_store::{
    EntityDetail, EntityLink, EventFilter, Hit, SqliteStore, Store, StoredArticle, StoredEvent,
    StoredPlacement,
};

/// Opens the store in `dir` for reading and for commands that rewrite what
/// is stored (`reprocess`, `recluster`); an error names the directory when
/// there is no store yet. A PostgreSQL URL is refused (see [`sqlite_only`]).
pub fn open(dir: &Path) -> tidings_store::Result<SqliteStore> {
    sqlite_only(dir)?;
    SqliteStore::open_existing(dir)
}

/// Opens the store in `dir` for reading only: every write is refused.
pub fn open_read_only(dir: &Path) -> tidings_store::Result<SqliteStore> {
    sqlite_only(dir)?;
    SqliteStore::open_read_only(dir)
}

/// Opens the store `db` names, for the commands that work on every backend
/// (`search`, `show`, `stats`): a PostgreSQL server for a `postgres://` URL
/// (in a build with the `postgres` feature; without it, an error saying
/// so), else the SQLite store in that directory as [`open`] opens it.
pub fn open_any(db: &Path) -> tidings_store::Result<Box<dyn Store + Send>> {
    match db.to_str().filter(|db| tidings_store::is_postgres_url(db)) {
        Some(url) => open_postgres(url),
        None => Ok(Box::new(SqliteStore::open_existing(db)?)),
    }
}

/// Opens the store `db` names for reading only, as [`open_any`] does: a
/// SQLite store as [`open_read_only`] opens it (every write refused); a
/// PostgreSQL store as any other connection (the server's roles say who
/// may write).
pub fn open_any_read_only(db: &Path) -> tidings_store::Result<Box<dyn Store + Send>> {
    match db.to_str().filter(|db| tidings_store::is_postgres_url(db)) {
        Some(url) => open_postgres(url),
        None => Ok(Box::new(SqliteStore::open_read_only(db)?)),
    }
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> tidings_store::Result<Box<dyn Store + Send>> {
    Ok(Box::new(tidings_store::PgStore::open(url)?))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(url: &str) -> tidings_store::Result<Box<dyn Store + Send>> {
    Err(tidings_store::Error::NoPostgresSupport {
        target: tidings_store::redacted(url),
    })
}

/// An error for a PostgreSQL URL given to a command that works on the
/// SQLite store only so far (so that it never becomes a directory named
/// `postgres:`); `Ok` for anything else.
pub fn sqlite_only(db: &Path) -> tidings_store::Result<()> {
    let Some(url) = db.to_str().filter(|db| tidings_store::is_postgres_url(db)) else {
        return Ok(());
    };
    if cfg!(feature = "postgres") {
        Err(tidings_store::Error::Unimplemented {
            what: "this command",
        })
    } else {
        Err(tidings_store::Error::NoPostgresSupport {
            target: tidings_store::redacted(url),
        })
    }
}

/// At most `limit` items of a list, and how many the whole list has: `fetch`
/// takes a limit; it is asked for one more than `limit`, and for all only
/// when the list is cut.
pub fn counted<T, E>(
    limit: usize,
    mut fetch: impl FnMut(usize) -> Result<Vec<T>, E>,
) -> Result<(Vec<T>, usize), E> {
    let mut items = fetch(limit.saturating_add(1))?;
    if items.len() <= limit {
        let total = items.len();
        return Ok((items, total));
    }
    let total = fetch(usize::MAX)?.len();
    items.truncate(limit);
    Ok((items, total))
}

/// Which part of a list to return: `limit` items after the first `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// How many items to skip.
    pub offset: usize,
    /// How many items to return at most.
    pub limit: usize,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paged<T> {
    /// The items of the page, in the list's order.
    pub items: Vec<T>,
    /// How many items were skipped.
    pub offset: usize,
    /// How many items were asked for.
    pub limit: usize,
    /// The offset of the next page, when there are more items.
    pub next_offset: Option<usize>,
}

/// The page `page` of the list `fetch` gives (it takes a limit and returns
/// the list's first items): asked for the items up to one past the page, to
/// know whether more follow.
pub fn paged<T, E>(
    page: Page,
    fetch: impl FnOnce(usize) -> Result<Vec<T>, E>,
) -> Result<Paged<T>, E> {
    let end = page.offset.saturating_add(page.limit);
    let mut items = fetch(end.saturating_add(1))?;
    let more = items.len() > end;
    items.truncate(end);
    let items: Vec<T> = items.into_iter().skip(page.offset).collect();
    Ok(Paged {
        items,
        offset: page.offset,
        limit: page.limit,
        next_offset: more.then_some(end),
    })
}

/// The page `page` of the ranked hits for `query` (what [`paged`] over
/// [`Store::search`] gives), asking the store for that page only: the
/// hits before `offset` are ranked but never read or cut a snippet.
pub fn search_page(
    store: &dyn Store,
    query: &str,
    page: Page,
) -> tidings_store::Result<Paged<Hit>> {
    let mut items = store.search_page(query, page.offset, page.limit.saturating_add(1))?;
    let more = items.len() > page.limit;
    items.truncate(page.limit);
    Ok(Paged {
        items,
        offset: page.offset,
        limit: page.limit,
        next_offset: more.then_some(page.offset.saturating_add(page.limit)),
    })
}

/// The first `limit` ranked hits for `query` and how many articles match in
/// all (what [`counted`] over [`Store::search`] gives), counted by the store
/// rather than by reading every hit.
pub fn search_counted(
    store: &dyn Store,
    query: &str,
    limit: usize,
) -> tidings_store::Result<(Vec<Hit>, usize)> {
    let mut hits = store.search(query, limit.saturating_add(1))?;
    if hits.len() <= limit {
        let total = hits.len();
        return Ok((hits, total));
    }
    let total = usize::try_from(store.search_count(query)?).unwrap_or(usize::MAX);
    hits.truncate(limit);
    Ok((hits, total))
}

/// One stored article with everything the store knows of it.
#[derive(Debug, Clone)]
pub struct ArticleRecord {
    /// The article and its raw document's metadata.
    pub stored: StoredArticle,
    /// Its sentences, mentions, entities and dates.
    pub annotations: Annotations,
    /// Its events, quotes and figures.
    pub facts: Facts,
    /// Where the dedup stage placed it, if it did.
    pub placement: Option<StoredPlacement>,
    /// How each of its entities is linked to a store entity.
    pub links: Vec<EntityLink>,
}

/// The article `id` (a full id or a unique prefix of 6+ hex digits) with
/// its annotations, facts, placement and entity links; `None` if no article
/// has this id.
pub fn article(store: &dyn Store, id: &str) -> tidings_store::Result<Option<ArticleRecord>> {
    let Some(stored) = store.article(id)? else {
        return Ok(None);
    };
    let id = &stored.article.id;
    let annotations = store.annotations(id)?.unwrap_or_default();
    let facts = store.facts(id)?.unwrap_or_default();
    let placement = store.placement(id)?;
    let links = store.entity_links(id)?;
    Ok(Some(ArticleRecord {
        stored,
        annotations,
        facts,
        placement,
        links,
    }))
}

/// The entity called `name` with at most `limit` of its mentions, and how
/// many mentions it has in all (counted only when the list is cut).
pub fn entity(
    store: &dyn Store,
    name: &str,
    limit: usize,
) -> tidings_store::Result<Option<(EntityDetail, usize)>> {
    let Some(mut detail) = store.entity(name, limit.saturating_add(1))? else {
        return Ok(None);
    };
    let total = if detail.mentions.len() > limit {
        detail.mentions.truncate(limit);
        store
            .entity(name, usize::MAX)?
            .map_or(limit, |all| all.mentions.len())
    } else {
        detail.mentions.len()
    };
    Ok(Some((detail, total)))
}

/// A reproducible random sample of `n` of the events passing `filter`, and
/// how many it holds: each event is keyed by its codes, day and first
/// sentence hashed with `seed`, so that the sample does not depend on store
/// ids (the same store, filter and seed give the same sample).
pub fn sample_events(
    store: &dyn Store,
    filter: &EventFilter,
    n: usize,
    seed: u64,
) -> tidings_store::Result<(Vec<StoredEvent>, usize)> {
    let mut all = store.events(filter, usize::MAX)?;
    let total = all.len();
    let key = |event: &StoredEvent| {
        let codes = |a: &Option<Actor>| a.as_ref().and_then(|a| a.code.clone()).unwrap_or_default();
        let text = format!(
            "{}|{}|{}|{}|{}",
            seed,
            codes(&event.source),
            codes(&event.target),
            event.cameo,
            event
                .evidence
                .first()
                .map_or("", |evidence| evidence.sentence.as_str()),
        );
        (xxhash_rust::xxh3::xxh3_64(text.as_bytes()), event.id)
    };
    all.sort_by_cached_key(key);
    all.truncate(n);
    Ok((all, total.min(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_opens_only_with_the_feature_and_never_as_a_directory() {
        // Nothing listens on port 1: with the feature this fails to connect.
        let url = Path::new("postgres://maren:s3cret@127.0.0.1:1/tidings");
        let Err(err) = open_any(url) else {
            panic!("a server on port 1");
        };
        let message = err.to_string();
        assert!(!message.contains("s3cret"), "{message}");
        assert!(
            message.starts_with("cannot open store postgres://maren:***@127.0.0.1:1/tidings"),
            "{message}"
        );
        #[cfg(feature = "postgres")]
        assert!(
            matches!(err, tidings_store::Error::PgOpen { .. }),
            "{message}"
        );
        #[cfg(not(feature = "postgres"))]
        assert!(
            message.contains("built without PostgreSQL support"),
            "{message}"
        );

        // The commands that still need SQLite refuse it in our words.
        for err in [open(url).unwrap_err(), open_read_only(url).unwrap_err()] {
            let message = err.to_string();
            assert!(!message.contains("s3cret"), "{message}");
            if cfg!(feature = "postgres") {
                assert_eq!(message, "this command is not implemented on PostgreSQL yet");
            } else {
                assert!(
                    message.contains("built without PostgreSQL support"),
                    "{message}"
                );
            }
        }
        assert!(!Path::new("postgres:").exists());
    }

    fn fetch(limit: usize) -> Result<Vec<u32>, ()> {
        Ok((0..7).take(limit).collect())
    }

    #[test]
    fn a_page_says_where_the_next_starts() {
        let first = paged(
            Page {
                offset: 0,
                limit: 3,
            },
            fetch,
        )
        .unwrap();
        assert_eq!((first.items, first.next_offset), (vec![0, 1, 2], Some(3)));
        let last = paged(
            Page {
                offset: 6,
                limit: 3,
            },
            fetch,
        )
        .unwrap();
        assert_eq!((last.items, last.next_offset), (vec![6], None));
        let past = paged(
            Page {
                offset: 9,
                limit: 3,
            },
            fetch,
        )
        .unwrap();
        assert_eq!((past.items, past.next_offset), (vec![], None));
        let exact = paged(
            Page {
                offset: 4,
                limit: 3,
            },
            fetch,
        )
        .unwrap();
        assert_eq!((exact.items, exact.next_offset), (vec![4, 5, 6], None));
    }

    #[test]
    fn counted_lists_say_how_many_there_are() {
        assert_eq!(counted(3, fetch).unwrap(), (vec![0, 1, 2], 7));
        assert_eq!(counted(9, fetch).unwrap().1, 7);
    }
}

/// The mean tone of an entity's articles on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayTone {
    /// The articles' publication day.
    pub day: jiff::civil::Date,
    /// The mean of their tones (positive minus negative words, in percent).
    pub tone: f32,
    /// How many articles (in English) it is the mean of.
    pub articles: u64,
}

/// The tone of the entity `name` by day: for each publication day, the
/// mean tone of the English articles naming it (read one at a time, each
/// once), oldest day first; undated articles are left out. `None` if there
/// is no such entity.
pub fn entity_tone_by_day(
    store: &dyn Store,
    name: &str,
) -> tidings_store::Result<Option<Vec<DayTone>>> {
    let Some(detail) = store.entity(name, usize::MAX)? else {
        return Ok(None);
    };
    let mut days: std::collections::BTreeMap<jiff::civil::Date, (f32, u64)> =
        std::collections::BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for hit in &detail.mentions {
        let Some(day) = hit.published.map(|p| p.date()) else {
            continue;
        };
        if !seen.insert(hit.id.clone()) {
            continue;
        }
        let Some(stored) = store.article(hit.id.as_str())? else {
            continue;
        };
        let article = &stored.article;
        if let Some(tone) = tidings_extract::tone::tone(&article.text, article.lang.as_deref()) {
            let entry = days.entry(day).or_default();
            entry.0 += tone.score;
            entry.1 += 1;
        }
    }
    Ok(Some(
        days.into_iter()
            .map(|(day, (sum, articles))| DayTone {
                day,
                tone: sum / articles as f32,
                articles,
            })
            .collect(),
    ))
}
