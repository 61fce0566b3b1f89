//! The embedded store: one SQLite file (`tidings.db`, WAL mode) holding the raw
//! documents (zstd-compressed), the articles, their FTS5 index, the per-site
//! block counts, the language layer's annotations, the store-wide entities,
//! and the extract stage's facts with the events merged across articles.

pub(crate) mod annotations;
pub(crate) mod codec;
pub(crate) mod entities;
pub(crate) mod fact_queries;
pub(crate) mod facts;
pub(crate) mod link;
mod memory;
mod schema;
mod search;
pub(crate) mod stories;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use tidings_model::{Annotations, DocId, EntityKind, Facts, Placement, RawDoc};

use crate::entity::{EntityDetail, EntityLink, EntitySummary};
use crate::error::{Error, Result};
use crate::fact::{EventFilter, StoredEvent, StoredFigure, StoredQuote};
use crate::query;
use crate::sql::{self, Connection as Sql};
use crate::store::{DayRange, Hit, Put, PutOutcome, Stats, Store, StoredArticle};
use crate::story::{
    DedupSnapshot, Duplicate, StoredPlacement, StoryDetail, StoryFilter, StoryOrder, StorySummary,
    StorylineSummary,
};

use codec::{ArticleRow, RawCompressor, RawRow};
pub use memory::SearchMemory;

/// The name of the database file inside a store directory.
pub const DATABASE_FILE: &str = "tidings.db";

/// How many sites [`Stats::sites`] lists.
const TOP_SITES: i64 = 20;

/// How many prepared statements the connection keeps. A put touches about
/// forty distinct statements (articles, annotations, entity linking, facts,
/// event merging); with rusqlite's default of 16 they pushed each other out
/// of the cache and were compiled again for every document.
const STATEMENT_CACHE: usize = 128;

/// A store in one SQLite database file with an FTS5 full-text index.
///
/// Every write is one transaction, so a crash (even `kill -9`) loses nothing
/// already committed and never leaves half an article. The value owns its
/// connection: it can move between threads but not be shared; open one per
/// thread (WAL lets readers run beside the writer).
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    compressor: RawCompressor,
    /// Where searches of whole words are ranked, when given one.
    memory: Option<Arc<SearchMemory>>,
    /// Whether this connection's temporary search tables are made.
    temporary: std::cell::Cell<bool>,
}

/// The database file of the existing store in `dir`: an error naming `dir`
/// when it is not a directory or holds no store yet.
fn existing_database(dir: &Path) -> Result<PathBuf> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::NotADirectory {
            path: dir.to_path_buf(),
        });
    }
    let path = dir.join(DATABASE_FILE);
    if !path.is_file() {
        return Err(Error::Missing {
            dir: dir.to_path_buf(),
        });
    }
    Ok(path)
}

impl SqliteStore {
    /// Document ids as `sql` (one `id` column) lists them.
    fn ids_ordered(&self, sql: &str) -> Result<Vec<DocId>> {
        let what = "listing documents";
        let mut stmt = self.conn.prepare(sql).map_err(db(&self.path, what))?;
        let rows = stmt
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(db(&self.path, what))?;
        let mut ids = Vec::new();
        for row in rows {
            let text = row.map_err(db(&self.path, what))?;
            let id = DocId::parse(&text).map_err(|err| self.corrupt(&text, err.to_string()))?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// Opens or creates the store in directory `dir` (created if missing;
    /// database file `dir/tidings.db`).
    pub fn open(dir: &Path) -> Result<SqliteStore> {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::NotADirectory {
                path: dir.to_path_buf(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DATABASE_FILE);
        let conn = Connection::open(&path).map_err(|source| Error::Open {
            path: path.clone(),
            source,
        })?;
        SqliteStore::start(conn, path)
    }

    /// Opens an existing store for reading (and for `reprocess`); a clear error
    /// naming the directory if there is none yet.
    pub fn open_existing(dir: &Path) -> Result<SqliteStore> {
        let path = existing_database(dir)?;
        // Read-write but never create: `reprocess` writes through this too.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|source| Error::Open {
            path: path.clone(),
            source,
        })?;
        if schema::version(&conn, &path)? == 0 {
            return Err(Error::Missing {
                dir: dir.to_path_buf(),
            });
        }
        SqliteStore::start(conn, path)
    }

    /// Opens an existing store for reading only (for a server that must not
    /// write): SQLite refuses every write through this connection. The store
    /// must be of this version of tidings (an older one is upgraded by any
    /// command that writes, such as `tidings ingest` or `tidings stats`).
    pub fn open_read_only(dir: &Path) -> Result<SqliteStore> {
        let path = existing_database(dir)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|source| Error::Open {
            path: path.clone(),
            source,
        })?;
        let open_err = |source| Error::Open {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        conn.execute_batch("PRAGMA query_only = ON")
            .map_err(open_err)?;
        let found = schema::version(&conn, &path)?;
        if found == 0 {
            return Err(Error::Missing {
                dir: dir.to_path_buf(),
            });
        }
        if found != schema::SCHEMA_VERSION {
            schema::check_not_newer(found, &path)?;
            return Err(Error::Unsupported {
                path: path.clone(),
                why: format!(
                    "it was made by an older tidings (schema version {found}): \
                     run `tidings stats` once to upgrade it"
                ),
            });
        }
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(SqliteStore {
            conn,
            path,
            compressor: RawCompressor::default(),
            memory: None,
            temporary: std::cell::Cell::new(false),
        })
    }

    /// A number that changes whenever another connection (another process
    /// too) commits to the database, and only then: for a reader that keeps
    /// answers to know when they may be out of date.
    pub fn data_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
            .map_err(db(&self.path, "reading the data version"))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's `integrity_check` and FTS5's own check that the index
    /// agrees with the articles; the first problem found is the error.
    pub fn check_integrity(&self) -> Result<()> {
        let report: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .map_err(db(&self.path, "checking integrity"))?;
        if report != "ok" {
            return Err(Error::Integrity {
                path: self.path.clone(),
                why: report,
            });
        }
        self.conn
            .execute(
                "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)",
                [],
            )
            .map_err(|source| Error::Integrity {
                path: self.path.clone(),
                why: format!("full-text index: {source}"),
            })?;
        Ok(())
    }

    fn start(mut conn: Connection, path: PathBuf) -> Result<SqliteStore> {
        schema::configure(&conn, &path)?;
        schema::migrate(&mut conn, &path)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Ok(SqliteStore {
            conn,
            path,
            compressor: RawCompressor::default(),
            memory: None,
            temporary: std::cell::Cell::new(false),
        })
    }

    fn has_article(&self, id: &DocId) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM articles WHERE id = ?1",
                [id.as_str()],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
            .map_err(db(&self.path, "looking up an article"))
    }

    fn corrupt(&self, id: &str, why: impl Into<String>) -> Error {
        Error::Corrupt {
            path: self.path.clone(),
            id: id.to_string(),
            why: why.into(),
        }
    }

    fn count(&self, sql: &str, what: &'static str) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row(sql, [], |row| row.get(0))
            .map_err(db(&self.path, what))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn pairs(&self, sql: &str, what: &'static str) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare(sql).map_err(db(&self.path, what))?;
        let rows = stmt
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(db(&self.path, what))?;
        let mut pairs = Vec::new();
        for row in rows {
            let (key, n) = row.map_err(db(&self.path, what))?;
            pairs.push((key, u64::try_from(n).unwrap_or(0)));
        }
        Ok(pairs)
    }

    fn stored_article(&self, id: &str) -> Result<Option<StoredArticle>> {
        let sql = format!(
            "SELECT {}, {} FROM articles a JOIN raw r ON r.id = a.id WHERE a.id = ?1",
            ArticleRow::COLUMNS,
            RawRow::COLUMNS
        );
        let found = self
            .conn
            .query_row(&sql, [id], |row| {
                Ok((
                    ArticleRow::read(row, 0)?,
                    RawRow::read(row, ArticleRow::WIDTH)?,
                ))
            })
            .optional()
            .map_err(db(&self.path, "reading an article"))?;
        let Some((article_row, raw_row)) = found else {
            return Ok(None);
        };
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
}

impl Store for SqliteStore {
    fn contains(&self, id: &DocId) -> Result<bool> {
        self.conn
            .query_row("SELECT 1 FROM raw WHERE id = ?1", [id.as_str()], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(db(&self.path, "looking up a document"))
    }

    fn put_batch(&mut self, batch: &[Put<'_>]) -> Result<Vec<PutOutcome>> {
        // Encode and compress before taking the write lock.
        let mut encoded = Vec::with_capacity(batch.len());
        for put in batch {
            if put.raw.id != put.article.id {
                return Err(Error::MismatchedIds {
                    raw: put.raw.id.to_string(),
                    article: put.article.id.to_string(),
                });
            }
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
        let path = self.path.clone();
        let what = "storing a batch";
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db(&path, what))?;
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut touched = facts::Touched::default();
        {
            let mut insert_raw = tx
                .prepare_cached(
                    "INSERT INTO raw (id, path, record, byte_offset, fetched, media_type, \
                     encoding, hints, size, zbytes) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
                     ON CONFLICT (id) DO NOTHING",
                )
                .map_err(db(&path, what))?;
            let mut insert_article = tx
                .prepare_cached(
                    "INSERT INTO articles (id, title, lede, lang, published, site, url, \
                     authors, text, paragraphs, removed) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )
                .map_err(db(&path, what))?;
            let mut count_block = tx
                .prepare_cached(
                    "INSERT INTO site_blocks (site, fp, docs) VALUES (?1, ?2, 1) \
                     ON CONFLICT (site, fp) DO UPDATE SET docs = docs + 1",
                )
                .map_err(db(&path, what))?;
            for (put, (raw, article)) in batch.iter().zip(&encoded) {
                let inserted = insert_raw
                    .execute(params![
                        raw.id,
                        raw.path,
                        raw.record,
                        raw.offset,
                        raw.fetched,
                        raw.media_type,
                        raw.encoding,
                        raw.hints,
                        raw.size,
                        raw.zbytes,
                    ])
                    .map_err(db(&path, what))?;
                if inserted == 0 {
                    outcomes.push(PutOutcome::AlreadyPresent);
                    continue;
                }
                insert_article
                    .execute(params![
                        article.id,
                        article.title,
                        article.lede,
                        article.lang,
                        article.published,
                        article.site,
                        article.url,
                        article.authors,
                        article.text,
                        article.paragraphs,
                        article.removed,
                    ])
                    .map_err(db(&path, what))?;
                annotations::insert(&Sql::sqlite(&tx), &path, article.id, put.annotations)?;
                // Before the facts: settling their events reads the placement.
                if let Some(placement) = put.placement {
                    stories::insert(
                        &Sql::sqlite(&tx),
                        &path,
                        article.id,
                        placement,
                        &mut touched,
                    )?;
                }
                facts::insert(
                    &Sql::sqlite(&tx),
                    &path,
                    article.id,
                    put.facts,
                    &mut touched,
                )?;
                if let Some(site) = put.site_key {
                    let mut fingerprints = put.fingerprints.to_vec();
                    fingerprints.sort_unstable();
                    fingerprints.dedup();
                    for fp in fingerprints {
                        count_block
                            .execute(params![site, codec::fp_to_sql(fp)])
                            .map_err(db(&path, what))?;
                    }
                }
                outcomes.push(PutOutcome::New);
            }
        }
        facts::settle(&Sql::sqlite(&tx), &path, &touched)?;
        tx.commit().map_err(db(&path, what))?;
        Ok(outcomes)
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
        // Ids are lowercase hex, so every id with this prefix sorts in
        // [prefix, prefix + "g").
        let upper = format!("{wanted}g");
        let what = "looking up an id prefix";
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM articles WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2")
            .map_err(db(&self.path, what))?;
        let ids: Vec<String> = stmt
            .query_map([&wanted, &upper], |row| row.get(0))
            .map_err(db(&self.path, what))?
            .collect::<rusqlite::Result<_>>()
            .map_err(db(&self.path, what))?;
        match ids.as_slice() {
            [] => Ok(None),
            [only] => self.stored_article(only),
            _ => {
                let matches: i64 = self
                    .conn
                    .query_row(
                        "SELECT count(*) FROM articles WHERE id >= ?1 AND id < ?2",
                        [&wanted, &upper],
                        |row| row.get(0),
                    )
                    .map_err(db(&self.path, what))?;
                Err(Error::AmbiguousId {
                    prefix: id.to_string(),
                    matches: u64::try_from(matches).unwrap_or(0),
                })
            }
        }
    }

    fn raw(&self, id: &DocId) -> Result<Option<RawDoc>> {
        let sql = format!(
            "SELECT {}, r.zbytes FROM raw r WHERE r.id = ?1",
            RawRow::COLUMNS
        );
        let found = self
            .conn
            .query_row(&sql, [id.as_str()], |row| {
                Ok((RawRow::read(row, 0)?, row.get::<_, Vec<u8>>(RawRow::WIDTH)?))
            })
            .optional()
            .map_err(db(&self.path, "reading a raw document"))?;
        let Some((raw_row, zbytes)) = found else {
            return Ok(None);
        };
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
        self.search_page(query, 0, limit)
    }

    fn search_page(&self, query: &str, offset: usize, limit: usize) -> Result<Vec<Hit>> {
        let parsed = query::parse(query);
        self.search_range(&query::to_fts5(query)?, parsed.as_ref(), offset, limit)
    }

    fn search_count(&self, query: &str) -> Result<u64> {
        self.search_total(&query::to_fts5(query)?)
    }

    fn stats(&self) -> Result<Stats> {
        let what = "counting";
        let page_count = self.count("PRAGMA page_count", what)?;
        let page_size = self.count("PRAGMA page_size", what)?;
        Ok(Stats {
            documents: self.count("SELECT count(*) FROM raw", what)?,
            articles: self.count("SELECT count(*) FROM articles", what)?,
            paragraphs: self.count(
                "SELECT coalesce(sum(json_array_length(paragraphs)), 0) FROM articles",
                what,
            )?,
            removed_blocks: self.count(
                "SELECT coalesce(sum(json_array_length(removed)), 0) FROM articles",
                what,
            )?,
            removed_by_reason: self.pairs(
                "SELECT json_extract(r.value, '$.reason') AS reason, count(*) AS n \
                 FROM articles a, json_each(a.removed) r \
                 WHERE reason IS NOT NULL \
                 GROUP BY reason ORDER BY n DESC, reason",
                what,
            )?,
            languages: self.pairs(
                "SELECT lang, count(*) AS n FROM articles WHERE lang IS NOT NULL \
                 GROUP BY lang ORDER BY n DESC, lang",
                what,
            )?,
            sites: self.pairs(
                &format!(
                    "SELECT site, count(*) AS n FROM articles WHERE site IS NOT NULL \
                     GROUP BY site ORDER BY n DESC, site LIMIT {TOP_SITES}"
                ),
                what,
            )?,
            raw_bytes: self.count("SELECT coalesce(sum(size), 0) FROM raw", what)?,
            compressed_bytes: self
                .count("SELECT coalesce(sum(length(zbytes)), 0) FROM raw", what)?,
            database_bytes: page_count.saturating_mul(page_size),
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
        let mut stmt = self
            .conn
            .prepare_cached("SELECT fp, docs FROM site_blocks WHERE site = ?1")
            .map_err(db(&self.path, what))?;
        let rows = stmt
            .query_map([site], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(db(&self.path, what))?;
        let mut blocks = Vec::new();
        for row in rows {
            let (fp, docs) = row.map_err(db(&self.path, what))?;
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
        // `raw` has a rowid: rows are numbered in the order they were inserted.
        self.ids_ordered("SELECT id FROM raw ORDER BY rowid")
    }

    fn replace_articles(&mut self, items: &[Put<'_>]) -> Result<()> {
        let mut encoded = Vec::with_capacity(items.len());
        for item in items {
            annotations::validate(item.article, item.annotations)?;
            facts::validate(item.article, item.facts)?;
            encoded.push(codec::encode_article(item.article)?);
        }
        let path = self.path.clone();
        let what = "replacing articles";
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db(&path, what))?;
        let mut touched = facts::Touched::default();
        {
            // The update trigger swaps the full-text entry in the same statement.
            let mut update = tx
                .prepare_cached(
                    "UPDATE articles SET title = ?2, lede = ?3, lang = ?4, published = ?5, \
                     site = ?6, url = ?7, authors = ?8, text = ?9, paragraphs = ?10, \
                     removed = ?11 WHERE id = ?1",
                )
                .map_err(db(&path, what))?;
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO articles (id, title, lede, lang, published, site, url, \
                     authors, text, paragraphs, removed) \
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 \
                     WHERE EXISTS (SELECT 1 FROM raw WHERE id = ?1)",
                )
                .map_err(db(&path, what))?;
            for (item, article) in items.iter().zip(&encoded) {
                let values = params![
                    article.id,
                    article.title,
                    article.lede,
                    article.lang,
                    article.published,
                    article.site,
                    article.url,
                    article.authors,
                    article.text,
                    article.paragraphs,
                    article.removed,
                ];
                let mut changed = update.execute(values).map_err(db(&path, what))?;
                if changed == 0 {
                    // A raw document without an article: give it one.
                    changed = insert.execute(values).map_err(db(&path, what))?;
                }
                if changed == 0 {
                    return Err(Error::NotStored {
                        id: article.id.to_string(),
                    });
                }
                annotations::remove(&Sql::sqlite(&tx), &path, article.id)?;
                annotations::insert(&Sql::sqlite(&tx), &path, article.id, item.annotations)?;
                facts::remove(&Sql::sqlite(&tx), &path, article.id, &mut touched)?;
                facts::insert(
                    &Sql::sqlite(&tx),
                    &path,
                    article.id,
                    item.facts,
                    &mut touched,
                )?;
                // The placement stays; its story's title follows the article's.
                stories::refresh_title(&Sql::sqlite(&tx), &path, article.id)?;
            }
        }
        facts::settle(&Sql::sqlite(&tx), &path, &touched)?;
        tx.commit().map_err(db(&path, what))
    }

    fn annotations(&self, id: &DocId) -> Result<Option<Annotations>> {
        if !self.has_article(id)? {
            return Ok(None);
        }
        annotations::read(&Sql::sqlite(&self.conn), &self.path, id.as_str()).map(Some)
    }

    fn entity_links(&self, id: &DocId) -> Result<Vec<EntityLink>> {
        annotations::read_entities(&Sql::sqlite(&self.conn), &self.path, id.as_str())
            .map(|(_, links)| links)
    }

    fn entities(&self, kind: Option<EntityKind>, limit: usize) -> Result<Vec<EntitySummary>> {
        entities::list(&Sql::sqlite(&self.conn), &self.path, kind, None, limit)
    }

    fn find_entities(
        &self,
        kind: Option<EntityKind>,
        name: &str,
        limit: usize,
    ) -> Result<Vec<EntitySummary>> {
        entities::list(
            &Sql::sqlite(&self.conn),
            &self.path,
            kind,
            Some(name),
            limit,
        )
    }

    fn entity_by_id(&self, id: i64, limit: usize) -> Result<Option<EntityDetail>> {
        entities::detail_of(&Sql::sqlite(&self.conn), &self.path, id, limit)
    }

    fn entity(&self, name: &str, limit: usize) -> Result<Option<EntityDetail>> {
        entities::detail(&Sql::sqlite(&self.conn), &self.path, name, limit)
    }

    fn facts(&self, id: &DocId) -> Result<Option<Facts>> {
        if !self.has_article(id)? {
            return Ok(None);
        }
        facts::read(&Sql::sqlite(&self.conn), &self.path, id.as_str()).map(Some)
    }

    fn events(&self, filter: &EventFilter, limit: usize) -> Result<Vec<StoredEvent>> {
        fact_queries::events(&Sql::sqlite(&self.conn), &self.path, filter, limit)
    }

    fn quotes(&self, speaker: Option<&str>, limit: usize) -> Result<Vec<StoredQuote>> {
        fact_queries::quotes(&Sql::sqlite(&self.conn), &self.path, speaker, limit)
    }

    fn figures(&self, kind: Option<&str>, limit: usize) -> Result<Vec<StoredFigure>> {
        fact_queries::figures(&Sql::sqlite(&self.conn), &self.path, kind, limit)
    }

    fn each_article(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredArticle) -> Result<()>,
    ) -> Result<()> {
        let what = "listing articles";
        let sql = format!(
            "SELECT {}, {}, a.id FROM articles a JOIN raw r ON r.id = a.id \
             WHERE (?1 IS NULL OR substr(a.published, 1, 10) >= ?1) \
               AND (?2 IS NULL OR substr(a.published, 1, 10) <= ?2) \
             ORDER BY a.id",
            ArticleRow::COLUMNS,
            RawRow::COLUMNS
        );
        let (since, until) = days.as_text();
        let mut stmt = self.conn.prepare(&sql).map_err(db(&self.path, what))?;
        let mut rows = stmt
            .query(params![since, until])
            .map_err(db(&self.path, what))?;
        let id_column = ArticleRow::WIDTH + RawRow::WIDTH;
        while let Some(row) = rows.next().map_err(db(&self.path, what))? {
            let id: String = row.get(id_column).map_err(db(&self.path, what))?;
            let article_row = ArticleRow::read(row, 0).map_err(db(&self.path, what))?;
            let raw_row = RawRow::read(row, ArticleRow::WIDTH).map_err(db(&self.path, what))?;
            visit(self.assemble(&id, article_row, raw_row)?)?;
        }
        Ok(())
    }

    fn each_entity(
        &self,
        kind: Option<EntityKind>,
        visit: &mut dyn FnMut(EntitySummary) -> Result<()>,
    ) -> Result<()> {
        entities::each(&Sql::sqlite(&self.conn), &self.path, kind, visit)
    }

    fn each_event(
        &self,
        filter: &EventFilter,
        visit: &mut dyn FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        fact_queries::each_event(&Sql::sqlite(&self.conn), &self.path, filter, None, visit)
    }

    fn each_quote(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredQuote) -> Result<()>,
    ) -> Result<()> {
        fact_queries::each_quote(
            &Sql::sqlite(&self.conn),
            &self.path,
            None,
            days,
            None,
            visit,
        )
    }

    fn each_figure(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StoredFigure) -> Result<()>,
    ) -> Result<()> {
        fact_queries::each_figure(
            &Sql::sqlite(&self.conn),
            &self.path,
            None,
            days,
            None,
            visit,
        )
    }

    fn each_story(
        &self,
        days: &DayRange,
        visit: &mut dyn FnMut(StorySummary) -> Result<()>,
    ) -> Result<()> {
        stories::each(&Sql::sqlite(&self.conn), &self.path, days, visit)
    }

    fn dedup_snapshot(&self) -> Result<Option<DedupSnapshot>> {
        stories::snapshot(&Sql::sqlite(&self.conn), &self.path)
    }

    fn save_dedup_snapshot(&mut self, snapshot: &DedupSnapshot) -> Result<()> {
        let path = self.path.clone();
        let what = "saving the clusterer state";
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db(&path, what))?;
        stories::save_snapshot(&Sql::sqlite(&tx), &path, snapshot)?;
        tx.commit().map_err(db(&path, what))
    }

    fn next_seq(&self) -> Result<u64> {
        stories::next_seq(&Sql::sqlite(&self.conn), &self.path)
    }

    fn placed_from(&self, seq: u64) -> Result<Vec<(DocId, Placement)>> {
        stories::placed_from(&Sql::sqlite(&self.conn), &self.path, seq)
    }

    fn placement(&self, id: &DocId) -> Result<Option<StoredPlacement>> {
        stories::placement(&Sql::sqlite(&self.conn), &self.path, id)
    }

    fn stories(
        &self,
        filter: &StoryFilter,
        order: StoryOrder,
        limit: usize,
    ) -> Result<Vec<StorySummary>> {
        stories::list(&Sql::sqlite(&self.conn), &self.path, filter, order, limit)
    }

    fn story(&self, id: u64) -> Result<Option<StoryDetail>> {
        stories::detail(&Sql::sqlite(&self.conn), &self.path, id)
    }

    fn storylines(&self, limit: usize) -> Result<Vec<StorylineSummary>> {
        stories::storylines(&Sql::sqlite(&self.conn), &self.path, limit)
    }

    fn duplicates(&self, id: &DocId) -> Result<Vec<Duplicate>> {
        stories::duplicates(&Sql::sqlite(&self.conn), &self.path, id)
    }

    fn clear_placements(&mut self) -> Result<()> {
        let path = self.path.clone();
        let what = "clearing placements";
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db(&path, what))?;
        // The events placed articles report are counted again without placements.
        let mut touched = facts::Touched::default();
        for article in stories::placed_articles(&Sql::sqlite(&tx), &path)? {
            facts::touch_reported(&Sql::sqlite(&tx), &path, &article, &mut touched)?;
        }
        stories::clear(&Sql::sqlite(&tx), &path)?;
        facts::settle(&Sql::sqlite(&tx), &path, &touched)?;
        tx.commit().map_err(db(&path, what))
    }

    fn put_placements(&mut self, items: &[(DocId, Placement)]) -> Result<()> {
        for (id, placement) in items {
            stories::validate(id, placement)?;
        }
        let path = self.path.clone();
        let what = "placing articles";
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db(&path, what))?;
        let mut touched = facts::Touched::default();
        for (id, placement) in items {
            let exists = tx
                .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")
                .and_then(|mut stmt| stmt.query_row([id.as_str()], |_| Ok(())).optional())
                .map_err(db(&path, what))?
                .is_some();
            if !exists {
                return Err(Error::NotStored { id: id.to_string() });
            }
            stories::insert(
                &Sql::sqlite(&tx),
                &path,
                id.as_str(),
                placement,
                &mut touched,
            )?;
            facts::touch_reported(&Sql::sqlite(&tx), &path, id.as_str(), &mut touched)?;
        }
        facts::settle(&Sql::sqlite(&tx), &path, &touched)?;
        tx.commit().map_err(db(&path, what))
    }
}

/// Wraps a database error with the database (the SQLite file, or the
/// PostgreSQL target) and what the store was doing.
pub(crate) fn db<'p, E: Into<sql::Error>>(
    path: &'p Path,
    what: &'static str,
) -> impl Fn(E) -> Error + 'p {
    move |source| sql::store_error(path, what, source.into())
}
