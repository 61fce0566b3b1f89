//! Full-text search on SQLite: rank inside FTS5 first, then read the
//! articles and cut snippets for the rows of the page only.
//!
//! The order is the one a single statement gives (`ORDER BY rank, a.id`:
//! BM25 with the title weighing 5 and the text 1, ties broken by article
//! id), but that statement joins `articles` and cuts a snippet for every
//! matching article before it sorts: 70–230 ms for a word in 25,000 of
//! 100,000 articles. Here the ranks of all matches come from the FTS5 index
//! alone (no article row read), the rows before the page's end are picked
//! by rank, and only then are article ids read: for those rows, and for
//! the rows tied with the last of them on rank, which the id decides
//! between. A large tie (copies of one text) is cut by walking the id index
//! in order until enough of its rows are seen, instead of reading each
//! row's id. Pages larger than [`PAGE_MOST`] (the whole list, for an alert
//! check) run the single statement, which is cheaper per row.

use std::cmp::Ordering;
use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};

use super::codec::HitRow;
use super::{db, SqliteStore};
use crate::error::Result;
use crate::store::Hit;

/// The largest page ranked first and read row by row; a larger one is read
/// by the single statement.
pub(crate) const PAGE_MOST: usize = 256;

/// The largest tie whose rows' ids are read one by one; past it the id
/// index is walked in order (each row read costs a random page of the
/// articles table, each index entry a few bytes read in sequence).
const TIE_LOOKUPS_MOST: usize = 256;

/// Every matching article with its BM25 rank (lower is better), from the
/// index alone.
const RANK_ALL: &str = "SELECT rowid, bm25(articles_fts, 5.0, 1.0) \
                        FROM articles_fts WHERE articles_fts MATCH ?1";

/// One page's row: the article, and its snippet for the query.
const PAGE_ROW: &str = "SELECT a.id, a.title, a.site, a.url, a.published, a.lang, \
                               snippet(articles_fts, 1, '[', ']', '…', 16) \
                        FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid \
                        WHERE articles_fts MATCH ?1 AND articles_fts.rowid = ?2";

/// The whole list in one statement (the order every plan must give).
pub(crate) const WHOLE_LIST: &str = "SELECT a.id, a.title, a.site, a.url, a.published, a.lang, \
                        bm25(articles_fts, 5.0, 1.0) AS rank, \
                        snippet(articles_fts, 1, '[', ']', '…', 16) \
                 FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid \
                 WHERE articles_fts MATCH ?1 \
                 ORDER BY rank, a.id \
                 LIMIT ?2 OFFSET ?3";

/// A hit from a row that starts with the article's id, title, site, url,
/// published and lang (both statements above), with its rank and the
/// column of its snippet.
fn hit_row(row: &rusqlite::Row<'_>, rank: f64, snippet: usize) -> rusqlite::Result<HitRow> {
    Ok(HitRow {
        id: row.get(0)?,
        title: row.get(1)?,
        site: row.get(2)?,
        url: row.get(3)?,
        published: row.get(4)?,
        lang: row.get(5)?,
        rank,
        snippet: row.get::<_, Option<String>>(snippet)?.unwrap_or_default(),
    })
}

/// A matching article: its rank and row.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    rank: f64,
    rowid: i64,
}

/// SQLite's order of two ranks (REAL compared as numbers; BM25 never
/// gives NaN).
fn by_rank(a: &Ranked, b: &Ranked) -> Ordering {
    a.rank.partial_cmp(&b.rank).unwrap_or(Ordering::Equal)
}

impl SqliteStore {
    /// The hits `offset..offset + limit` of the ranked list for the FTS5
    /// expression `fts`.
    pub(crate) fn search_range(&self, fts: &str, offset: usize, limit: usize) -> Result<Vec<Hit>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        if limit > PAGE_MOST {
            return self.search_whole(fts, offset, limit);
        }
        let end = offset.saturating_add(limit);
        let what = "searching";
        let mut ranked = self.rank_all(fts)?;
        if ranked.len() <= offset {
            return Ok(Vec::new());
        }
        // The rows before `end`: all ranked better than the end-th row, and
        // as many of the rows tied with it as fill the list, by id.
        let (mut chosen, ties) = if ranked.len() > end {
            ranked.select_nth_unstable_by(end - 1, by_rank);
            let cut = ranked[end - 1].rank;
            let (better, ties): (Vec<Ranked>, Vec<Ranked>) = ranked
                .into_iter()
                .filter(|r| r.rank <= cut)
                .partition(|r| r.rank < cut);
            (self.with_ids(better)?, ties)
        } else {
            (self.with_ids(ranked)?, Vec::new())
        };
        let wanted = end.saturating_sub(chosen.len());
        chosen.extend(self.first_by_id(ties, wanted)?);
        chosen.sort_by(|(a, a_id), (b, b_id)| by_rank(a, b).then_with(|| a_id.cmp(b_id)));
        let mut stmt = self
            .conn
            .prepare_cached(PAGE_ROW)
            .map_err(db(&self.path, what))?;
        let mut hits = Vec::with_capacity(limit);
        for (ranked, _) in chosen.into_iter().skip(offset).take(limit) {
            let row = stmt
                .query_row(params![fts, ranked.rowid], |row| {
                    hit_row(row, ranked.rank, 6)
                })
                .optional()
                .map_err(db(&self.path, what))?;
            // A row the index has and the table not (never, with the
            // triggers) is left out, as the join leaves it out.
            if let Some(row) = row {
                let id = row.id.clone();
                hits.push(row.into_hit().map_err(|why| self.corrupt(&id, why))?);
            }
        }
        Ok(hits)
    }

    /// How many articles match the FTS5 expression `fts`.
    pub(crate) fn search_total(&self, fts: &str) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1")
            .and_then(|mut stmt| stmt.query_row([fts], |row| row.get(0)))
            .map_err(db(&self.path, "counting search hits"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The list in one statement: every match joined and cut a snippet,
    /// then sorted.
    fn search_whole(&self, fts: &str, offset: usize, limit: usize) -> Result<Vec<Hit>> {
        let what = "searching";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare_cached(WHOLE_LIST)
            .map_err(db(&self.path, what))?;
        let rows = stmt
            .query_map(params![fts, limit, offset], |row| {
                hit_row(row, row.get(6)?, 7)
            })
            .map_err(db(&self.path, what))?;
        let mut hits = Vec::new();
        for row in rows {
            let row = row.map_err(db(&self.path, what))?;
            let id = row.id.clone();
            hits.push(row.into_hit().map_err(|why| self.corrupt(&id, why))?);
        }
        Ok(hits)
    }

    /// Every match's row and rank, read from the index only.
    fn rank_all(&self, fts: &str) -> Result<Vec<Ranked>> {
        let what = "ranking search hits";
        let mut stmt = self
            .conn
            .prepare_cached(RANK_ALL)
            .map_err(db(&self.path, what))?;
        let mut rows = stmt.query([fts]).map_err(db(&self.path, what))?;
        let mut ranked = Vec::new();
        while let Some(row) = rows.next().map_err(db(&self.path, what))? {
            ranked.push(Ranked {
                rowid: row.get(0).map_err(db(&self.path, what))?,
                rank: row.get(1).map_err(db(&self.path, what))?,
            });
        }
        Ok(ranked)
    }

    /// The rows with their article ids, read one by one (a row without an
    /// article is left out).
    fn with_ids(&self, rows: Vec<Ranked>) -> Result<Vec<(Ranked, String)>> {
        let what = "reading search hits";
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE rowid = ?1")
            .map_err(db(&self.path, what))?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: Option<String> = stmt
                .query_row([row.rowid], |r| r.get(0))
                .optional()
                .map_err(db(&self.path, what))?;
            if let Some(id) = id {
                out.push((row, id));
            }
        }
        Ok(out)
    }

    /// The `wanted` rows of `ties` (all of one rank) with the smallest
    /// article ids, with their ids.
    fn first_by_id(&self, ties: Vec<Ranked>, wanted: usize) -> Result<Vec<(Ranked, String)>> {
        if wanted == 0 || ties.is_empty() {
            return Ok(Vec::new());
        }
        if ties.len() <= wanted.max(TIE_LOOKUPS_MOST) {
            let mut rows = self.with_ids(ties)?;
            rows.sort_by(|(_, a), (_, b)| a.cmp(b));
            rows.truncate(wanted);
            return Ok(rows);
        }
        // Walk the id index (`UNIQUE (id)`, which holds each row's rowid) in
        // id order, keeping the tied rows, until enough are seen.
        let what = "ordering tied search hits";
        let rank = ties[0].rank;
        let tied: HashSet<i64> = ties.iter().map(|r| r.rowid).collect();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid, id FROM articles ORDER BY id")
            .map_err(db(&self.path, what))?;
        let mut rows = stmt.query([]).map_err(db(&self.path, what))?;
        let mut out = Vec::with_capacity(wanted);
        while out.len() < wanted {
            let Some(row) = rows.next().map_err(db(&self.path, what))? else {
                break;
            };
            let rowid: i64 = row.get(0).map_err(db(&self.path, what))?;
            if tied.contains(&rowid) {
                let id: String = row.get(1).map_err(db(&self.path, what))?;
                out.push((Ranked { rank, rowid }, id));
            }
        }
        Ok(out)
    }
}
