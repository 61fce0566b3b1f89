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
use std::collections::{HashMap, HashSet};

use rusqlite::{params, OptionalExtension};

use super::codec::HitRow;
use super::{db, SqliteStore};
use crate::error::Result;
use crate::query::Parsed;
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

/// One page's row: the article, with its title and text for its snippet.
const PAGE_ROW: &str = "SELECT a.id, a.title, a.site, a.url, a.published, a.lang, a.text \
                        FROM articles a WHERE a.rowid = ?1";

/// One row's snippet for the query, cut from the index.
const INDEX_SNIPPET: &str = "SELECT snippet(articles_fts, 1, '[', ']', '…', 16) \
                             FROM articles_fts \
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
/// published and lang (both statements above), with its rank; its snippet
/// is left empty.
fn hit_row(row: &rusqlite::Row<'_>, rank: f64) -> rusqlite::Result<HitRow> {
    Ok(HitRow {
        id: row.get(0)?,
        title: row.get(1)?,
        site: row.get(2)?,
        url: row.get(3)?,
        published: row.get(4)?,
        lang: row.get(5)?,
        rank,
        snippet: String::new(),
    })
}

/// How `bm25` weighs a word in the title and in the text (the arguments
/// of [`RANK_ALL`] and [`WHOLE_LIST`]; whole numbers, so that a weighted
/// count is exact in memory too).
pub(super) const TITLE_WEIGHT: u32 = 5;
pub(super) const TEXT_WEIGHT: u32 = 1;

/// A matching article: its rank and row.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ranked {
    pub(super) rank: f64,
    pub(super) rowid: i64,
}

/// SQLite's order of two ranks (REAL compared as numbers; BM25 never
/// gives NaN).
fn by_rank(a: &Ranked, b: &Ranked) -> Ordering {
    a.rank.partial_cmp(&b.rank).unwrap_or(Ordering::Equal)
}

impl SqliteStore {
    /// The hits `offset..offset + limit` of the ranked list for the FTS5
    /// expression `fts`, whose parts are `parsed`: with a
    /// [`super::SearchMemory`], it is ranked in memory (the same list).
    pub(crate) fn search_range(
        &self,
        fts: &str,
        parsed: Option<&Parsed>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        if limit > PAGE_MOST {
            return self.search_whole(fts, offset, limit);
        }
        // Only a query whose phrases count where rows hold them is ranked
        // in memory and cut its snippets from the page's rows alone (see
        // `memory`): under a NOT, or an AND under an OR, FTS5's counts
        // depend on where its iterators stand in the whole index.
        let rows_hold = parsed.is_some_and(|parsed| parsed.expr.counts_what_rows_hold());
        let phrases = match parsed {
            Some(parsed) if rows_hold => self
                .phrase_words(parsed)?
                .map(|words| (words, &parsed.expr)),
            _ => None,
        };
        if let Some((phrases, expr)) = phrases {
            // One read transaction: the memory's state of the index is the
            // one the page's rows are read at.
            let read = self
                .conn
                .unchecked_transaction()
                .map_err(db(&self.path, "searching"))?;
            if let Some(page) = self.rank_in_memory(&phrases, expr, offset, limit)? {
                let hits = self.read_page(fts, &page, true);
                read.finish().map_err(db(&self.path, "searching"))?;
                return hits;
            }
        }
        let ranked = self.rank_all(fts)?;
        self.page_of(fts, ranked, offset, limit, rows_hold)
    }

    /// The page `offset..offset + limit` of `ranked` (every match, in any
    /// order), ties broken by article id, read with snippets for `fts`.
    fn page_of(
        &self,
        fts: &str,
        mut ranked: Vec<Ranked>,
        offset: usize,
        limit: usize,
        rows_hold: bool,
    ) -> Result<Vec<Hit>> {
        let end = offset.saturating_add(limit);
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
        let page: Vec<Ranked> = chosen
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(ranked, _)| ranked)
            .collect();
        self.read_page(fts, &page, rows_hold)
    }

    /// The hits of `page` (rows in their order), read with snippets for
    /// `fts`: cut from a table of the page's rows alone when `fts` counts
    /// what rows hold (`rows_hold`, see `Expr::counts_what_rows_hold`),
    /// else from the index row by row.
    pub(super) fn read_page(
        &self,
        fts: &str,
        page: &[Ranked],
        rows_hold: bool,
    ) -> Result<Vec<Hit>> {
        let what = "searching";
        let mut stmt = self
            .conn
            .prepare_cached(PAGE_ROW)
            .map_err(db(&self.path, what))?;
        let mut rows = Vec::with_capacity(page.len());
        for ranked in page {
            let row = stmt
                .query_row([ranked.rowid], |row| {
                    let text: String = row.get(6)?;
                    Ok((hit_row(row, ranked.rank)?, text))
                })
                .optional()
                .map_err(db(&self.path, what))?;
            // A row the index has and the table not (never, with the
            // triggers) is left out, as a join leaves it out.
            if let Some(row) = row {
                rows.push((ranked.rowid, row));
            }
        }
        let mut snippets = if rows_hold {
            self.snippets(fts, &rows)?
        } else {
            self.index_snippets(fts, &rows)?
        };
        let mut hits = Vec::with_capacity(rows.len());
        for (rowid, (mut row, _)) in rows {
            row.snippet = snippets.remove(&rowid).unwrap_or_default();
            let id = row.id.clone();
            hits.push(row.into_hit().map_err(|why| self.corrupt(&id, why))?);
        }
        Ok(hits)
    }

    /// The snippets FTS5 cuts for `fts` from the page's rows, each read
    /// from the index with its row (`MATCH` and `rowid =`), by rowid.
    fn index_snippets(
        &self,
        fts: &str,
        rows: &[(i64, (HitRow, String))],
    ) -> Result<HashMap<i64, String>> {
        let what = "cutting search snippets";
        let mut stmt = self
            .conn
            .prepare_cached(INDEX_SNIPPET)
            .map_err(db(&self.path, what))?;
        let mut snippets = HashMap::with_capacity(rows.len());
        for (rowid, _) in rows {
            let snippet: Option<Option<String>> = stmt
                .query_row(params![fts, rowid], |row| row.get(0))
                .optional()
                .map_err(db(&self.path, what))?;
            snippets.insert(*rowid, snippet.flatten().unwrap_or_default());
        }
        Ok(snippets)
    }

    /// The snippets FTS5 cuts for `fts` from the page's rows (rowid, row
    /// with its title, and text), by rowid. They are cut from a temporary
    /// FTS5 table of those rows alone, made as the index is, which gives
    /// the index's own snippet (a snippet reads one row's positions, never
    /// the rest of the index) without seeking each row in the index's long
    /// lists of common words: 0.06–0.2 ms a row that way.
    fn snippets(
        &self,
        fts: &str,
        rows: &[(i64, (HitRow, String))],
    ) -> Result<HashMap<i64, String>> {
        if rows.is_empty() {
            return Ok(HashMap::new());
        }
        self.with_temporary(|conn| {
            let mut put = conn.prepare_cached(
                "INSERT INTO temp.tidings_page(rowid, title, text) VALUES (?1, ?2, ?3)",
            )?;
            for (rowid, (row, text)) in rows {
                put.execute(params![rowid, row.title, text])?;
            }
            let snippets = conn
                .prepare_cached(
                    "SELECT rowid, snippet(tidings_page, 1, '[', ']', '…', 16) \
                     FROM temp.tidings_page WHERE tidings_page MATCH ?1",
                )?
                .query_map([fts], |row| {
                    Ok((
                        row.get(0)?,
                        row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                    ))
                })?
                .collect::<rusqlite::Result<HashMap<i64, String>>>();
            // Emptied even when cutting failed, for the next page.
            conn.execute("DELETE FROM temp.tidings_page", [])?;
            snippets
        })
        .map_err(db(&self.path, "cutting search snippets"))
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
                let mut hit = hit_row(row, row.get(6)?)?;
                hit.snippet = row.get::<_, Option<String>>(7)?.unwrap_or_default();
                Ok(hit)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statements_weigh_the_columns_as_the_memory_does() {
        let weights = format!("bm25(articles_fts, {TITLE_WEIGHT}.0, {TEXT_WEIGHT}.0)");
        assert!(RANK_ALL.contains(&weights));
        assert!(WHOLE_LIST.contains(&weights));
    }
}
