//! The shared store: the same [`Store`] on a PostgreSQL server, for many
//! processes and machines working on one archive (`--db postgres://…`).
//!
//! It holds what the SQLite store holds: raw documents (zstd), articles
//! with a generated `tsvector` under a GIN index (title weight A, text B),
//! site-block counts, annotations with store-wide entities, facts with
//! merged events, placements with stories and the clusterer's state. All
//! but the first three are read and written by the SQLite store's own table
//! code (`crate::sqlite::annotations` and its siblings) through
//! [`crate::sql`], so both backends answer alike.
//!
//! Many processes may write at once. A batch of new documents is written in
//! a few round trips (`batch.rs`, names linked in memory by `entities.rs`);
//! writers lock its documents, then the merged events it reports to (one
//! lock per key), then, only for what depends on every write before it
//! (linking names to store entities, stories, site blocks), the store-wide
//! transaction-scoped advisory lock [`WRITE_LOCK`] (`locks.rs` says why
//! this order cannot deadlock). So each batch links its entities and merges
//! its events against everything committed before it, as in a single
//! process.
//!
//! The synchronous `postgres` client is used: the trait is synchronous and
//! the store is called from worker threads, so an async client would only
//! add a runtime to drive it.

mod batch;
mod entities;
mod jobs;
mod locks;
mod schema;

pub use jobs::{Job, JobCounts, JobInput, JobTotals, Kept, WorkerRow};

use std::cell::{RefCell, RefMut};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use batch::NewDoc;

use postgres::{Client, NoTls, Row};
use tidings_model::{Annotations, Article, DocId, EntityKind, Facts, Placement, RawDoc};

use crate::entity::{EntityDetail, EntityLink, EntitySummary};
use crate::error::{Error, Result};
use crate::fact::{EventFilter, StoredEvent, StoredFigure, StoredQuote};
use crate::pg_url::redacted;
use crate::query;
use crate::sql::pg::{PgConn, StatementCache};
use crate::sql::{Connection as Sql, ToValue};
use crate::sqlite::codec::{self, ArticleRow, RawCompressor, RawRow};
use crate::sqlite::{annotations, entities as entity_queries, fact_queries, facts, stories};
use crate::store::{DayRange, Hit, Put, PutOutcome, Stats, Store, StoredArticle};
use crate::story::{
    DedupSnapshot, Duplicate, StoredPlacement, StoryDetail, StoryFilter, StoryOrder, StorySummary,
    StorylineSummary,
};

pub use schema::SCHEMA_VERSION as PG_SCHEMA_VERSION;

/// The key of the advisory lock a write holds while it changes store-wide
/// rows ("tidings" + 1: beside the migration lock).
pub(crate) const WRITE_LOCK: i64 = 0x0074_6964_696e_6774;

/// How many sites [`Stats::sites`] lists.
const TOP_SITES: i64 = 20;

/// How many rows a walk (`each_article`) reads from the server at a time.
const WALK_PAGE: i32 = 256;

/// The `ts_headline` options: about as long as the SQLite store's snippets
/// (16 tokens), matches marked with two control characters no article text
/// holds in practice, turned into `[` `]` after the cut is known.
const HEADLINE_OPTIONS: &str =
    "StartSel=\u{1}, StopSel=\u{2}, MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=0";

/// The columns of `articles a` read back, in [`article_row`]'s order.
const ARTICLE_COLUMNS: &str = "a.id, a.title, a.lede, a.lang, a.published, a.site, a.url, \
                               a.authors, a.text, a.paragraphs, a.removed";
const ARTICLE_WIDTH: usize = 11;
/// The columns of `raw r` read back, in [`raw_row`]'s order.
const RAW_COLUMNS: &str = "r.path, r.record, r.byte_offset, r.fetched, r.media_type, \
                           r.encoding, r.hints, r.size";
const RAW_WIDTH: usize = 8;

/// A store in a PostgreSQL database.
///
/// Every write is one transaction. The value owns one connection: it can
/// move between threads but not be shared; open one per thread. What a
/// walk's visitor asks of the same value while the walk holds the
/// connection goes through a second connection, opened the first time it is
/// needed (an export that reads each event's articles, say).
pub struct PgStore {
    client: RefCell<Client>,
    /// How to connect again, for the second connection.
    config: postgres::Config,
    /// The second connection, once needed, with its own statements.
    side: RefCell<Option<Client>>,
    side_statements: StatementCache,
    target: String,
    /// The target as the path errors name.
    path: PathBuf,
    statements: StatementCache,
    compressor: RawCompressor,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database `url` names (`postgres://user@host/db`, or
    /// any form the `postgres` crate reads) and creates or upgrades the
    /// schema; a database from a newer tidings is refused.
    pub fn open(url: &str) -> Result<PgStore> {
        let target = redacted(url);
        let open_err = |source| Error::PgOpen {
            target: target.clone(),
            source,
        };
        let config: postgres::Config = url.parse().map_err(open_err)?;
        let mut client = config.connect(NoTls).map_err(open_err)?;
        schema::migrate(&mut client, &target)?;
        Ok(PgStore {
            client: RefCell::new(client),
            config,
            side: RefCell::new(None),
            side_statements: StatementCache::default(),
            path: PathBuf::from(&target),
            target,
            statements: StatementCache::default(),
            compressor: RawCompressor::default(),
        })
    }

    /// Runs `work` in one transaction through the shared table code (see
    /// [`crate::sql`]); an error rolls everything back. A write that
    /// changes store-wide rows passes `lock`, taking [`WRITE_LOCK`] first.
    fn run<T>(
        &self,
        what: &'static str,
        lock: bool,
        work: impl FnOnce(&Sql<'_>, &Path) -> Result<T>,
    ) -> Result<T> {
        let path = self.path.as_path();
        let (mut client, statements) = self.connection()?;
        let mut tx = client
            .transaction()
            .map_err(crate::sqlite::db(path, what))?;
        if lock {
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
                .map_err(crate::sqlite::db(path, what))?;
        }
        let out = {
            let conn = Sql::Pg(PgConn::new(&mut tx, statements));
            work(&conn, path)?
        };
        tx.commit().map_err(crate::sqlite::db(path, what))?;
        Ok(out)
    }

    fn has_article(&self, id: &DocId) -> Result<bool> {
        self.client()?
            .query_opt("SELECT 1 FROM articles WHERE id = $1", &[&id.as_str()])
            .map(|found| found.is_some())
            .map_err(self.db("looking up an article"))
    }

    /// The database this store is in, its password left out.
    pub fn target(&self) -> &str {
        &self.target
    }

    fn client(&self) -> Result<RefMut<'_, Client>> {
        self.connection().map(|(client, _)| client)
    }

    /// The connection to use and its prepared statements: the main one, or
    /// the second one while a walk holds the main one.
    fn connection(&self) -> Result<(RefMut<'_, Client>, &StatementCache)> {
        if let Ok(client) = self.client.try_borrow_mut() {
            return Ok((client, &self.statements));
        }
        let busy = || Error::PgRefused {
            target: self.target.clone(),
            why: "both connections are busy: a walk's visitor started a walk of its own".into(),
        };
        let mut side = self.side.try_borrow_mut().map_err(|_| busy())?;
        if side.is_none() {
            let client = self.config.connect(NoTls).map_err(|source| Error::PgOpen {
                target: self.target.clone(),
                source,
            })?;
            *side = Some(client);
        }
        let client = RefMut::filter_map(side, Option::as_mut).map_err(|_| busy())?;
        Ok((client, &self.side_statements))
    }

    fn db(&self, what: &'static str) -> impl Fn(postgres::Error) -> Error + '_ {
        move |source| Error::Postgres {
            target: self.target.clone(),
            what,
            source,
        }
    }

    fn corrupt(&self, id: &str, why: impl Into<String>) -> Error {
        Error::Corrupt {
            path: self.target.clone().into(),
            id: id.to_string(),
            why: why.into(),
        }
    }

    fn count(&self, sql: &str, what: &'static str) -> Result<u64> {
        let n: i64 = self
            .client()?
            .query_one(sql, &[])
            .and_then(|row| row.try_get(0))
            .map_err(self.db(what))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn pairs(&self, sql: &str, what: &'static str) -> Result<Vec<(String, u64)>> {
        let rows = self.client()?.query(sql, &[]).map_err(self.db(what))?;
        let mut pairs = Vec::with_capacity(rows.len());
        for row in rows {
            let key: String = row.try_get(0).map_err(self.db(what))?;
            let n: i64 = row.try_get(1).map_err(self.db(what))?;
            pairs.push((key, u64::try_from(n).unwrap_or(0)));
        }
        Ok(pairs)
    }

    fn ids_ordered(&self, sql: &str) -> Result<Vec<DocId>> {
        let what = "listing documents";
        let rows = self.client()?.query(sql, &[]).map_err(self.db(what))?;
        let mut ids = Vec::with_capacity(rows.len());
        for row in rows {
            let text: String = row.try_get(0).map_err(self.db(what))?;
            let id = DocId::parse(&text).map_err(|err| self.corrupt(&text, err.to_string()))?;
            ids.push(id);
        }
        Ok(ids)
    }

    fn stored_article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let what = "reading an article";
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, {RAW_COLUMNS} FROM articles a JOIN raw r ON r.id = a.id \
             WHERE a.id = $1"
        );
        let Some(row) = self
            .client()?
            .query_opt(&sql, &[&id])
            .map_err(self.db(what))?
        else {
            return Ok(None);
        };
        let article_row = article_row(&row, 0).map_err(self.db(what))?;
        let raw_row = raw_row(&row, ARTICLE_WIDTH).map_err(self.db(what))?;
        self.assemble(id, article_row, raw_row).map(Some)
    }

    /// A stored article from its two rows.
    fn assemble(
        &self,
        id: &str,
        article_row: ArticleRow,
        raw_row: RawRow,
    ) -> Result<StoredArticle> {
        codec::stored_article(article_row, raw_row).map_err(|why| self.corrupt(id, why))
    }

    /// The article's texts, checked as [`PgStore::check_text`] checks one.
    fn check_article(&self, article: &Article) -> Result<()> {
        let id = &article.id;
        self.check_text(id, "title", article.title.as_deref())?;
        self.check_text(id, "lede", article.lede.as_deref())?;
        self.check_text(id, "language", article.lang.as_deref())?;
        self.check_text(id, "site", article.site.as_deref())?;
        self.check_text(id, "URL", article.url.as_deref())?;
        self.check_text(id, "text", Some(&article.text))
    }

    /// A text PostgreSQL cannot hold (it has no NUL character) is refused
    /// before anything is written, naming the document and the field.
    fn check_text(&self, id: &DocId, field: &str, text: Option<&str>) -> Result<()> {
        if text.is_some_and(|text| text.contains('\0')) {
            return Err(Error::PgRefused {
                target: self.target.clone(),
                why: format!(
                    "cannot store document {id}: its {field} holds a NUL character, \
                     which PostgreSQL text cannot hold"
                ),
            });
        }
        Ok(())
    }
}

/// The article columns of a row, from column `start` on.
fn article_row(row: &Row, start: usize) -> std::result::Result<ArticleRow, postgres::Error> {
    Ok(ArticleRow {
        id: row.try_get(start)?,
        title: row.try_get(start + 1)?,
        lede: row.try_get(start + 2)?,
        lang: row.try_get(start + 3)?,
        published: row.try_get(start + 4)?,
        site: row.try_get(start + 5)?,
        url: row.try_get(start + 6)?,
        authors: row.try_get(start + 7)?,
        text: row.try_get(start + 8)?,
        paragraphs: row.try_get(start + 9)?,
        removed: row.try_get(start + 10)?,
    })
}

/// The raw-document columns of a row, from column `start` on.
fn raw_row(row: &Row, start: usize) -> std::result::Result<RawRow, postgres::Error> {
    Ok(RawRow {
        path: row.try_get(start)?,
        record: row.try_get(start + 1)?,
        offset: row.try_get(start + 2)?,
        fetched: row.try_get(start + 3)?,
        media_type: row.try_get(start + 4)?,
        encoding: row.try_get(start + 5)?,
        hints: row.try_get(start + 6)?,
        size: row.try_get(start + 7)?,
    })
}

/// A snippet from `ts_headline`'s output: matches between `\u{1}` and
/// `\u{2}` become `[` `]`, and `…` marks where the passage cuts the text.
fn snippet(text: &str, headline: &str) -> String {
    let plain: String = headline
        .chars()
        .filter(|c| *c != '\u{1}' && *c != '\u{2}')
        .collect();
    let plain = plain.trim();
    let marked = headline.trim().replace('\u{1}', "[").replace('\u{2}', "]");
    if plain.is_empty() {
        return String::new();
    }
    let text = text.trim();
    let (cut_before, cut_after) = match text.find(plain) {
        Some(at) => (at > 0, at + plain.len() < text.len()),
        // The passage is not a plain substring (never seen): say it is cut.
        None => (true, true),
    };
    let mut out = String::with_capacity(marked.len() + 6);
    if cut_before {
        out.push('…');
    }
    out.push_str(&marked);
    if cut_after {
        out.push('…');
    }
    out
}

impl Store for PgStore {
    fn contains(&self, id: &DocId) -> Result<bool> {
        self.client()?
            .query_opt("SELECT 1 FROM raw WHERE id = $1", &[&id.as_str()])
            .map(|found| found.is_some())
            .map_err(self.db("looking up a document"))
    }

    fn put_batch(&mut self, batch: &[Put<'_>]) -> Result<Vec<PutOutcome>> {
        // Check and encode everything before the transaction starts.
        let encoded = self.encode_puts(batch)?;
        let what = "storing a batch";
        // Under the write lock: batches of many writers are stored one
        // after the other, each item in batch order (its `seq` too), so
        // entities and events are linked and merged as in one process.
        // Locks as `locks` says: the documents, their events, and the
        // store-wide lock for the names only (for everything when the batch
        // carries placements: stories are store-wide).
        self.run(what, false, |conn, path| {
            let pg = batch::pg(conn, path)?;
            let db = crate::sqlite::db(path, what);
            let docs: Vec<NewDoc<'_, '_>> = batch
                .iter()
                .zip(&encoded)
                .map(|(put, (raw, article))| NewDoc { put, raw, article })
                .collect();
            locks::lock(pg, locks::DOCS, docs.iter().map(|doc| doc.raw.id)).map_err(&db)?;
            let mut keys = batch::event_keys(&docs);
            keys.extend(
                merged_story_keys(pg, batch.iter().filter_map(|put| put.placement)).map_err(&db)?,
            );
            locks::lock(pg, locks::EVENTS, keys.iter().map(String::as_str)).map_err(&db)?;
            let placing = batch.iter().any(|put| put.placement.is_some());
            if placing {
                locks::lock_store(pg).map_err(&db)?;
            }
            let mut touched = facts::Touched::default();
            let mut blocks = Blocks::new();
            let stored = batch::store_docs(conn, path, &docs, &mut touched, &mut blocks)?;
            batch::settle(conn, path, &touched)?;
            if !placing {
                locks::lock_store(pg).map_err(&db)?;
            }
            batch::link_docs(conn, path, &stored)?;
            batch::add_blocks(conn, path, &blocks)?;
            Ok(stored
                .fresh
                .into_iter()
                .map(|new| {
                    if new {
                        PutOutcome::New
                    } else {
                        PutOutcome::AlreadyPresent
                    }
                })
                .collect())
        })
    }

    fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let wanted = id.trim().to_ascii_lowercase();
        let hex = wanted.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex || wanted.len() < 6 || wanted.len() > 32 {
            return Err(Error::BadId {
                text: id.to_string(),
            });
        }
        if wanted.len() == 32 {
            return self.stored_article(&wanted);
        }
        // Ids are lowercase hex compared byte-wise, so every id with this
        // prefix sorts in [prefix, prefix + "g").
        let upper = format!("{wanted}g");
        let what = "looking up an id prefix";
        let rows = self
            .client()?
            .query(
                "SELECT id FROM articles WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2",
                &[&wanted, &upper],
            )
            .map_err(self.db(what))?;
        match rows.as_slice() {
            [] => Ok(None),
            [only] => {
                let only: String = only.try_get(0).map_err(self.db(what))?;
                self.stored_article(&only)
            }
            _ => {
                let matches: i64 = self
                    .client()?
                    .query_one(
                        "SELECT count(*) FROM articles WHERE id >= $1 AND id < $2",
                        &[&wanted, &upper],
                    )
                    .and_then(|row| row.try_get(0))
                    .map_err(self.db(what))?;
                Err(Error::AmbiguousId {
                    prefix: id.to_string(),
                    matches: u64::try_from(matches).unwrap_or(0),
                })
            }
        }
    }

    fn raw(&self, id: &DocId) -> Result<Option<RawDoc>> {
        let what = "reading a raw document";
        let sql = format!("SELECT {RAW_COLUMNS}, r.zbytes FROM raw r WHERE r.id = $1");
        let Some(row) = self
            .client()?
            .query_opt(&sql, &[&id.as_str()])
            .map_err(self.db(what))?
        else {
            return Ok(None);
        };
        let raw_row = raw_row(&row, 0).map_err(self.db(what))?;
        let zbytes: Vec<u8> = row.try_get(RAW_WIDTH).map_err(self.db(what))?;
        let size = raw_row.size;
        let meta = raw_row
            .into_meta()
            .map_err(|why| self.corrupt(id.as_str(), why))?;
        let bytes =
            codec::decompress(&zbytes, size).map_err(|why| self.corrupt(id.as_str(), why))?;
        Ok(Some(RawDoc {
            id: id.clone(),
            origin: meta.origin,
            fetched: meta.fetched,
            media_type: meta.media_type,
            encoding: meta.encoding,
            hints: meta.hints,
            bytes,
            text: String::new(),
        }))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        let tsquery = query::to_tsquery(query)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let what = "searching";
        // Rank every match from the index, keep the page, then cut snippets
        // for the page's rows only.
        let rows = self
            .client()?
            .query(
                "WITH q AS (SELECT to_tsquery('tidings', $1) AS q), \
                 page AS ( \
                     SELECT a.id, ts_rank_cd(a.tsv, q.q) AS rank \
                     FROM articles a, q WHERE a.tsv @@ q.q \
                     ORDER BY rank DESC, a.id LIMIT $2) \
                 SELECT a.id, a.title, a.site, a.url, a.published, a.lang, page.rank, a.text, \
                        ts_headline('tidings', a.text, q.q, $3) \
                 FROM page JOIN articles a ON a.id = page.id, q \
                 ORDER BY page.rank DESC, page.id",
                &[&tsquery, &limit, &HEADLINE_OPTIONS],
            )
            .map_err(self.db(what))?;
        let mut hits = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(0).map_err(self.db(what))?;
            let published: Option<String> = row.try_get(4).map_err(self.db(what))?;
            let rank: f32 = row.try_get(6).map_err(self.db(what))?;
            let text: String = row.try_get(7).map_err(self.db(what))?;
            let headline: Option<String> = row.try_get(8).map_err(self.db(what))?;
            hits.push(Hit {
                id: codec::parse_id(&id).map_err(|why| self.corrupt(&id, why))?,
                title: row.try_get(1).map_err(self.db(what))?,
                site: row.try_get(2).map_err(self.db(what))?,
                url: row.try_get(3).map_err(self.db(what))?,
                published: codec::parse_published(published.as_deref())
                    .map_err(|why| self.corrupt(&id, why))?,
                lang: row.try_get(5).map_err(self.db(what))?,
                score: f64::from(rank),
                snippet: snippet(&text, headline.as_deref().unwrap_or_default()),
            });
        }
        Ok(hits)
    }

    fn stats(&self) -> Result<Stats> {
        let what = "counting";
        Ok(Stats {
            documents: self.count("SELECT count(*) FROM raw", what)?,
            articles: self.count("SELECT count(*) FROM articles", what)?,
            paragraphs: self.count(
                "SELECT coalesce(sum(json_array_length(paragraphs::json)), 0)::bigint \
                 FROM articles",
                what,
            )?,
            removed_blocks: self.count(
                "SELECT coalesce(sum(json_array_length(removed::json)), 0)::bigint FROM articles",
                what,
            )?,
            removed_by_reason: self.pairs(
                "SELECT r.value ->> 'reason' AS reason, count(*) AS n \
                 FROM articles a, json_array_elements(a.removed::json) r \
                 WHERE r.value ->> 'reason' IS NOT NULL \
                 GROUP BY reason ORDER BY n DESC, (r.value ->> 'reason') COLLATE \"C\"",
                what,
            )?,
            languages: self.pairs(
                "SELECT lang, count(*) AS n FROM articles WHERE lang IS NOT NULL \
                 GROUP BY lang ORDER BY n DESC, lang COLLATE \"C\"",
                what,
            )?,
            sites: self.pairs(
                &format!(
                    "SELECT site, count(*) AS n FROM articles WHERE site IS NOT NULL \
                     GROUP BY site ORDER BY n DESC, site COLLATE \"C\" LIMIT {TOP_SITES}"
                ),
                what,
            )?,
            raw_bytes: self.count("SELECT coalesce(sum(size), 0)::bigint FROM raw", what)?,
            compressed_bytes: self.count(
                "SELECT coalesce(sum(length(zbytes)), 0)::bigint FROM raw",
                what,
            )?,
            database_bytes: self.count("SELECT pg_database_size(current_database())", what)?,
            entities: self.count("SELECT count(*) FROM entities", what)?,
            mentions: self.count("SELECT count(*) FROM mentions", what)?,
            events: self.count("SELECT count(*) FROM events", what)?,
            event_mentions: self.count("SELECT count(*) FROM event_mentions", what)?,
            quotes: self.count("SELECT count(*) FROM quotes", what)?,
            figures: self.count("SELECT count(*) FROM figures", what)?,
            stories: self.count("SELECT count(*) FROM stories", what)?,
            storylines: self.count(
                "SELECT count(DISTINCT storyline) FROM stories WHERE storyline IS NOT NULL",
                what,
            )?,
            duplicates: self.count(
                "SELECT count(*) FROM placements WHERE duplicate_of IS NOT NULL",
                what,
            )?,
        })
    }

    fn site_blocks(&self, site: &str) -> Result<Vec<(u64, u32)>> {
        let what = "reading site blocks";
        let rows = self
            .client()?
            .query("SELECT fp, docs FROM site_blocks WHERE site = $1", &[&site])
            .map_err(self.db(what))?;
        let mut blocks = Vec::with_capacity(rows.len());
        for row in rows {
            let fp: i64 = row.try_get(0).map_err(self.db(what))?;
            let docs: i32 = row.try_get(1).map_err(self.db(what))?;
            let docs = u32::try_from(docs.max(0)).unwrap_or(u32::MAX);
            blocks.push((codec::fp_from_sql(fp), docs));
        }
        blocks.sort_unstable();
        Ok(blocks)
    }

    fn ids(&self) -> Result<Vec<DocId>> {
        self.ids_ordered("SELECT id FROM raw ORDER BY id")
    }

    fn ids_in_ingest_order(&self) -> Result<Vec<DocId>> {
        self.ids_ordered("SELECT id FROM raw ORDER BY seq")
    }

    fn replace_articles(&mut self, items: &[Put<'_>]) -> Result<()> {
        let mut encoded = Vec::with_capacity(items.len());
        for item in items {
            self.check_article(item.article)?;
            annotations::validate(item.article, item.annotations)?;
            facts::validate(item.article, item.facts)?;
            encoded.push(codec::encode_article(item.article)?);
        }
        let what = "replacing articles";
        self.run(what, false, |conn, path| {
            let pg = batch::pg(conn, path)?;
            let db = crate::sqlite::db(path, what);
            let ids: Vec<&str> = encoded.iter().map(|article| article.id).collect();
            locks::lock(pg, locks::DOCS, ids.iter().copied()).map_err(&db)?;
            let mut keys = reported_keys(pg, &ids).map_err(&db)?;
            for (item, article) in items.iter().zip(&encoded) {
                keys.extend(
                    item.facts
                        .events
                        .iter()
                        .map(|event| facts::event_key(event, article.id)),
                );
            }
            locks::lock(pg, locks::EVENTS, keys.iter().map(String::as_str)).map_err(&db)?;
            locks::lock_store(pg).map_err(&db)?;
            let mut touched = facts::Touched::default();
            for (item, article) in items.iter().zip(&encoded) {
                // The generated tsvector follows the new title and text.
                let mut changed = conn
                    .execute(
                        "UPDATE articles SET title = ?2, lede = ?3, lang = ?4, published = ?5, \
                         site = ?6, url = ?7, authors = ?8, text = ?9, paragraphs = ?10, \
                         removed = ?11 WHERE id = ?1",
                        article_values(article),
                    )
                    .map_err(crate::sqlite::db(path, what))?;
                if changed == 0 {
                    // A raw document without an article: give it one.
                    changed = conn
                        .execute(
                            "INSERT INTO articles (id, title, lede, lang, published, site, url, \
                             authors, text, paragraphs, removed) \
                             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 \
                             WHERE EXISTS (SELECT 1 FROM raw WHERE id = ?1)",
                            article_values(article),
                        )
                        .map_err(crate::sqlite::db(path, what))?;
                }
                if changed == 0 {
                    return Err(Error::NotStored {
                        id: article.id.to_string(),
                    });
                }
                annotations::remove(conn, path, article.id)?;
                annotations::insert(conn, path, article.id, item.annotations)?;
                facts::remove(conn, path, article.id, &mut touched)?;
                facts::insert(conn, path, article.id, item.facts, &mut touched)?;
                // The placement stays; its story's title follows the article's.
                stories::refresh_title(conn, path, article.id)?;
            }
            batch::settle(conn, path, &touched)
        })
    }

    fn annotations(&self, id: &DocId) -> Result<Option<Annotations>> {
        if !self.has_article(id)? {
            return Ok(None);
        }
        self.run("reading annotations", false, |conn, path| {
            annotations::read(conn, path, id.as_str()).map(Some)
        })
    }

    fn entity_links(&self, id: &DocId) -> Result<Vec<EntityLink>> {
        self.run("reading entity links", false, |conn, path| {
            annotations::read_entities(conn, path, id.as_str()).map(|(_, links)| links)
        })
    }

    fn entities(&self, kind: Option<EntityKind>, limit: usize) -> Result<Vec<EntitySummary>> {
        self.run("listing entities", false, |conn, path| {
            entity_queries::list(conn, path, kind, None, limit)
        })
    }

    fn find_entities(
        &self,
        kind: Option<EntityKind>,
        name: &str,
        limit: usize,
    ) -> Result<Vec<EntitySummary>> {
        self.run("finding entities", false, |conn, path| {
            entity_queries::list(conn, path, kind, Some(name), limit)
        })
    }

    fn entity_by_id(&self, id: i64, limit: usize) -> Result<Option<EntityDetail>> {
        self.run("reading an entity", false, |conn, path| {
            entity_queries::detail_of(conn, path, id, limit)
        })
    }

    fn entity(&self, name: &str, limit: usize) -> Result<Option<EntityDetail>> {
        self.run("reading an entity", false, |conn, path| {
            entity_queries::detail(conn, path, name, limit)
        })
    }

    fn facts(&self, id: &DocId) -> Result<Option<Facts>> {
        if !self.has_article(id)? {
            return Ok(None);
        }
        self.run("reading facts", false, |conn, path| {
            facts::read(conn, path, id.as_str()).map(Some)
        })
    }

    fn events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<StoredEvent>> {
        self.run("listing events", false, |conn, path| {
            fact_queries::events(conn, path, filter, limit)
        })
    }

    fn quotes(&self, speaker: Option<&str>, limit: usize) -> Result<Vec<StoredQuote>> {
        self.run("listing quotes", false, |conn, path| {
            fact_queries::quotes(conn, path, speaker, limit)
        })
    }

    fn figures(&self, kind: Option<&str>, limit: usize) -> Result<Vec<StoredFigure>> {
        self.run("listing figures", false, |conn, path| {
            fact_queries::figures(conn, path, kind, limit)
        })
    }

    fn each_article(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        let what = "listing articles";
        let db = self.db(what);
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, {RAW_COLUMNS} FROM articles a JOIN raw r ON r.id = a.id \
             WHERE ($1::text IS NULL OR substr(a.published, 1, 10) >= $1) \
               AND ($2::text IS NULL OR substr(a.published, 1, 10) <= $2) \
             ORDER BY a.id"
        );
        let (since, until) = days.as_text();
        let mut client = self.client()?;
        // A portal read a page at a time: memory holds one page, whatever
        // the size of the archive. The transaction only reads.
        let mut tx = client.transaction().map_err(&db)?;
        let portal = tx.bind(&sql, &[&since, &until]).map_err(&db)?;
        loop {
            let rows = tx.query_portal(&portal, WALK_PAGE).map_err(&db)?;
            let done = rows.len() < usize::try_from(WALK_PAGE).unwrap_or(usize::MAX);
            for row in rows {
                let article_row = article_row(&row, 0).map_err(&db)?;
                let raw_row = raw_row(&row, ARTICLE_WIDTH).map_err(&db)?;
                let id = article_row.id.clone();
                visit(self.assemble(&id, article_row, raw_row)?)?;
            }
            if done {
                break;
            }
        }
        tx.commit().map_err(&db)
    }

    fn each_entity(
        &self,
        kind: Option<EntityKind>,
        visit: &mut dyn FnMut(EntitySummary) -> Result<()>,
    ) -> Result<()> {
        self.run("listing entities", false, |conn, path| {
            entity_queries::each(conn, path, kind, visit)
        })
    }

    fn each_event(
        &self,
        filter: &EventFilter,
        visit: &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        self.run("listing events", false, |conn, path| {
            fact_queries::each_event(conn, path, filter, None, visit)
        })
    }

    fn each_quote(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredQuote) -> Result<()>,
    ) -> Result<()> {
        self.run("listing quotes", false, |conn, path| {
            fact_queries::each_quote(conn, path, None, days, None, visit)
        })
    }

    fn each_figure(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredFigure) -> Result<()>,
    ) -> Result<()> {
        self.run("listing figures", false, |conn, path| {
            fact_queries::each_figure(conn, path, None, days, None, visit)
        })
    }

    fn each_story(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StorySummary) -> Result<()>,
    ) -> Result<()> {
        self.run("listing stories", false, |conn, path| {
            stories::each(conn, path, days, visit)
        })
    }

    fn dedup_snapshot(&self) -> Result<Option<DedupSnapshot>> {
        self.run("reading the clusterer state", false, stories::snapshot)
    }

    fn save_dedup_snapshot(&mut self, snapshot: &DedupSnapshot) -> Result<()> {
        self.run("saving the clusterer state", true, |conn, path| {
            stories::save_snapshot(conn, path, snapshot)
        })
    }

    fn next_seq(&self) -> Result<u64> {
        self.run("reading the next seq", false, stories::next_seq)
    }

    fn placed_from(&self, seq: u64) -> Result<Vec<(DocId, Placement)>> {
        self.run("reading placements", false, |conn, path| {
            stories::placed_from(conn, path, seq)
        })
    }

    fn placement(&self, id: &DocId) -> Result<Option<StoredPlacement>> {
        self.run("reading a placement", false, |conn, path| {
            stories::placement(conn, path, id)
        })
    }

    fn stories(
        &self,
        filter: &StoryFilter,
        order: StoryOrder,
        limit: usize,
    ) -> Result<Vec<StorySummary>> {
        self.run("listing stories", false, |conn, path| {
            stories::list(conn, path, filter, order, limit)
        })
    }

    fn story(&self, id: u64) -> Result<Option<StoryDetail>> {
        self.run("reading a story", false, |conn, path| {
            stories::detail(conn, path, id)
        })
    }

    fn storylines(&self, limit: usize) -> Result<Vec<StorylineSummary>> {
        self.run("listing storylines", false, |conn, path| {
            stories::storylines(conn, path, limit)
        })
    }

    fn duplicates(&self, id: &DocId) -> Result<Vec<Duplicate>> {
        self.run("listing duplicates", false, |conn, path| {
            stories::duplicates(conn, path, id)
        })
    }

    fn clear_placements(&mut self) -> Result<()> {
        self.run("clearing placements", false, |conn, path| {
            let pg = batch::pg(conn, path)?;
            let db = crate::sqlite::db(path, "clearing placements");
            let keys: Vec<String> = pg
                .query_pg(
                    "SELECT DISTINCT e.key FROM placements p \
                     JOIN event_mentions m ON m.article = p.article \
                     JOIN events e ON e.id = m.event",
                    &[],
                )
                .and_then(|rows| {
                    rows.iter()
                        .map(|row| row.try_get(0).map_err(Into::into))
                        .collect()
                })
                .map_err(&db)?;
            locks::lock(pg, locks::EVENTS, keys.iter().map(String::as_str)).map_err(&db)?;
            locks::lock_store(pg).map_err(&db)?;
            // The events placed articles report are counted again without placements.
            let mut touched = facts::Touched::default();
            for article in stories::placed_articles(conn, path)? {
                facts::touch_reported(conn, path, &article, &mut touched)?;
            }
            stories::clear(conn, path)?;
            batch::settle(conn, path, &touched)
        })
    }

    fn put_placements(&mut self, items: &[(DocId, Placement)]) -> Result<()> {
        for (id, placement) in items {
            stories::validate(id, placement)?;
        }
        let what = "placing articles";
        self.run(what, false, |conn, path| {
            // The events the placed articles report are counted again.
            let pg = batch::pg(conn, path)?;
            let db = crate::sqlite::db(path, what);
            let ids: Vec<&str> = items.iter().map(|(id, _)| id.as_str()).collect();
            let reported = reported(pg, &ids).map_err(&db)?;
            // Story merges change the story counts of what the absorbed
            // stories' articles report.
            let merged =
                merged_story_keys(pg, items.iter().map(|(_, placement)| placement)).map_err(&db)?;
            locks::lock(
                pg,
                locks::EVENTS,
                reported
                    .iter()
                    .map(|(_, key)| key.as_str())
                    .chain(merged.iter().map(String::as_str)),
            )
            .map_err(&db)?;
            locks::lock_store(pg).map_err(&db)?;
            let mut stored = std::collections::HashSet::with_capacity(ids.len());
            for row in pg
                .query_pg(
                    "SELECT id FROM articles WHERE id = ANY($1)",
                    &[&ids as &(dyn postgres::types::ToSql + Sync)],
                )
                .map_err(&db)?
            {
                stored.insert(
                    row.try_get::<_, String>(0)
                        .map_err(crate::sqlite::db(path, what))?,
                );
            }
            let mut touched = facts::Touched::default();
            for (id, placement) in items {
                if !stored.contains(id.as_str()) {
                    return Err(Error::NotStored { id: id.to_string() });
                }
                stories::insert(conn, path, id.as_str(), placement, &mut touched)?;
            }
            touched
                .events
                .extend(reported.iter().map(|(event, _)| *event));
            batch::settle(conn, path, &touched)
        })
    }
}

impl PgStore {
    /// Checks and encodes a batch before its transaction starts.
    fn encode_puts<'a>(
        &mut self,
        batch: &[Put<'a>],
    ) -> Result<Vec<(codec::EncodedRaw<'a>, codec::EncodedArticle<'a>)>> {
        let mut encoded = Vec::with_capacity(batch.len());
        for put in batch {
            if put.raw.id != put.article.id {
                return Err(Error::MismatchedIds {
                    raw: put.raw.id.to_string(),
                    article: put.article.id.to_string(),
                });
            }
            self.check_article(put.article)?;
            let id = &put.article.id;
            self.check_text(id, "path", put.raw.origin.path.as_deref())?;
            self.check_text(id, "encoding", Some(&put.raw.encoding))?;
            self.check_text(id, "site key", put.site_key)?;
            annotations::validate(put.article, put.annotations)?;
            facts::validate(put.article, put.facts)?;
            if let Some(placement) = put.placement {
                stories::validate(&put.raw.id, placement)?;
            }
            encoded.push((
                codec::encode_raw(put.raw, &mut self.compressor)?,
                codec::encode_article(put.article)?,
            ));
        }
        Ok(encoded)
    }
}

/// The keys of the merged events `articles` report (to lock them before
/// their reports change or are counted again).
fn reported_keys(pg: &PgConn<'_>, articles: &[&str]) -> crate::sql::Result<Vec<String>> {
    Ok(reported(pg, articles)?
        .into_iter()
        .map(|(_, key)| key)
        .collect())
}

/// The keys of the merged events reported by the articles of the stories
/// that `placements` merge into others (their story counts change).
fn merged_story_keys<'p>(
    pg: &PgConn<'_>,
    placements: impl Iterator<Item = &'p Placement>,
) -> crate::sql::Result<Vec<String>> {
    let absorbed: Vec<i64> = placements
        .flat_map(|placement| placement.stories_merged.iter())
        .filter_map(|&(absorbed, _)| i64::try_from(absorbed).ok())
        .collect();
    if absorbed.is_empty() {
        return Ok(Vec::new());
    }
    let rows = pg.query_pg(
        "SELECT DISTINCT e.key FROM placements p \
         JOIN event_mentions m ON m.article = p.article \
         JOIN events e ON e.id = m.event \
         WHERE p.story = ANY($1)",
        &[&absorbed as &(dyn postgres::types::ToSql + Sync)],
    )?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(Into::into))
        .collect()
}

/// The merged events `articles` report: (id, key) each.
fn reported(pg: &PgConn<'_>, articles: &[&str]) -> crate::sql::Result<Vec<(i64, String)>> {
    if articles.is_empty() {
        return Ok(Vec::new());
    }
    let rows = pg.query_pg(
        "SELECT DISTINCT e.id, e.key FROM event_mentions m JOIN events e ON e.id = m.event \
         WHERE m.article = ANY($1)",
        &[&articles as &(dyn postgres::types::ToSql + Sync)],
    )?;
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        events.push((row.try_get(0)?, row.try_get(1)?));
    }
    Ok(events)
}

/// Changes to the site-block counts of a batch, by (site, fingerprint).
type Blocks = BTreeMap<(String, i64), i64>;

/// Counts a document's blocks (repeats once) for `site`, `by` each.
fn count_blocks(blocks: &mut Blocks, site: &str, fingerprints: &[u64], by: i64) {
    let mut fingerprints = fingerprints.to_vec();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    for fp in fingerprints {
        *blocks
            .entry((site.to_string(), codec::fp_to_sql(fp)))
            .or_insert(0) += by;
    }
}

/// A raw record's columns, in the order the statements above bind them
/// (`id` first, then `path` … `zbytes`).
fn raw_values<'a>(raw: &'a codec::EncodedRaw<'a>) -> Vec<&'a dyn ToValue> {
    vec![
        &raw.id,
        &raw.path,
        &raw.record,
        &raw.offset,
        &raw.fetched,
        &raw.media_type,
        &raw.encoding,
        &raw.hints,
        &raw.size,
        &raw.zbytes,
    ]
}

fn article_values<'a>(article: &'a codec::EncodedArticle<'a>) -> Vec<&'a dyn ToValue> {
    vec![
        &article.id,
        &article.title,
        &article.lede,
        &article.lang,
        &article.published,
        &article.site,
        &article.url,
        &article.authors,
        &article.text,
        &article.paragraphs,
        &article.removed,
    ]
}

fn insert_article(
    conn: &Sql<'_>,
    path: &Path,
    what: &'static str,
    article: &codec::EncodedArticle<'_>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO articles (id, title, lede, lang, published, site, url, authors, text, \
         paragraphs, removed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        article_values(article),
    )
    .map_err(crate::sqlite::db(path, what))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_matches_and_cuts() {
        let text = "The ferries sail again from Portavel.";
        assert_eq!(
            snippet(text, "The \u{1}ferries\u{2} sail again from Portavel."),
            "The [ferries] sail again from Portavel."
        );
        assert_eq!(
            snippet(text, "\u{1}ferries\u{2} sail again"),
            "…[ferries] sail again…"
        );
        assert_eq!(snippet(text, ""), "");
    }
}
