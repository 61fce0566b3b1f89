//! Search ranked in memory: a query of whole words side by side is matched
//! and ranked over postings read once from the FTS5 index and kept, instead
//! of by FTS5's `bm25` over every matching row.
//!
//! FTS5 reads every match's positions to rank it: 60–150 ms for a word in
//! most of 100,000 articles, so sixteen such searches queue for a second.
//! Kept postings (each article's weighted count of the word) rank the same
//! matches in about a millisecond. The ranks are FTS5's own, bit for bit:
//! BM25 computed from the same numbers (the row count and token total of
//! the index's averages record, each row's size from `articles_fts_docsize`,
//! each word's count per column from `fts5vocab`) in the same order of
//! operations, so the list, ties included, is the one the statement gives;
//! `tests/search_order.rs` compares the two.
//!
//! What is kept belongs to one state of the index. The index's structure
//! and averages records are read in the same read transaction as the rest,
//! and when they differ from those the kept postings were read at (any
//! write to the index changes them), the memory starts afresh. Postings are
//! kept up to a budget in bytes, the least recently used words let go
//! first. Query words are split into index words by FTS5's own tokenizer
//! (a temporary FTS5 table with the index's tokenizer), so `Strikes` finds
//! `strike` as the index has it; a word that splits into several (a phrase,
//! `U.S.`) is left to FTS5.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::OptionalExtension;

use super::search::{Ranked, TEXT_WEIGHT, TITLE_WEIGHT};
use super::{db, schema, SqliteStore};
use crate::error::Result;

/// BM25's `k1` and `b`, as FTS5's `bm25()` has them.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The rowid of FTS5's averages record (row count, then each column's
/// token total) and of its structure record (which every write changes).
const AVERAGES_ROWID: i64 = 1;
const STRUCTURE_ROWID: i64 = 10;

/// How many query words' index forms are kept (the memory of them starts
/// afresh when full).
const TOKENS_KEPT: usize = 65_536;

/// Bytes a kept posting takes (its rowid and its weighted count).
const POSTING_BYTES: usize = 8;

/// Postings and row sizes read from a store's full-text index, shared by
/// the connections that search it (a server's readers): see the module
/// docs. Attach it with [`SqliteStore::use_search_memory`].
#[derive(Debug)]
pub struct SearchMemory {
    /// The most bytes of postings kept.
    most: usize,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The index's averages and structure records the rest was read at.
    version: Vec<u8>,
    sizes: Option<Arc<Sizes>>,
    words: HashMap<String, Kept>,
    /// Bytes of postings in `words`.
    held: usize,
    /// Counts uses, to tell the least recently used word.
    clock: u64,
    /// Query words and their one index word (`None`: not one word).
    tokens: HashMap<String, Option<String>>,
}

#[derive(Debug)]
struct Kept {
    postings: Arc<Postings>,
    used: u64,
}

/// The index's row count, each row's length term of BM25, and each row's
/// place in article id order.
#[derive(Debug)]
struct Sizes {
    rows: i64,
    /// Each row's article's place in id order, by rowid; `u32::MAX` where
    /// no article is.
    by_id: Vec<u32>,
    /// `k1 * (1 - b + b * D / avgdl)` for each row by rowid (D its tokens in
    /// title and text, avgdl the average), computed as `bm25` computes it;
    /// NaN where no row is.
    norms: Vec<f64>,
}

/// The articles that hold one index word, by rowid, each with its count
/// weighted as `bm25` weighs the columns.
#[derive(Debug, Default)]
struct Postings {
    rowids: Vec<u32>,
    weighted: Vec<u32>,
}

impl Postings {
    fn bytes(&self) -> usize {
        self.rowids.len() * POSTING_BYTES
    }
}

impl SearchMemory {
    /// A memory that keeps at most `most_bytes` of postings (row sizes come
    /// on top: 4 bytes an article).
    pub fn new(most_bytes: usize) -> SearchMemory {
        SearchMemory {
            most: most_bytes,
            state: Mutex::new(State::default()),
        }
    }

    /// Bytes of postings kept now.
    pub fn held(&self) -> usize {
        self.lock().held
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // Every update leaves the state whole (a panic mid-way at worst
        // leaves a word out), so a poisoned lock is used as it is.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts afresh when `version` is not the one kept.
    fn at(state: &mut State, version: &[u8]) {
        if state.version != version {
            state.version = version.to_vec();
            state.sizes = None;
            state.words.clear();
            state.held = 0;
        }
    }

    fn sizes(&self, version: &[u8]) -> Option<Arc<Sizes>> {
        let mut state = self.lock();
        SearchMemory::at(&mut state, version);
        state.sizes.clone()
    }

    fn keep_sizes(&self, version: &[u8], sizes: Arc<Sizes>) {
        let mut state = self.lock();
        if state.version == version {
            state.sizes = Some(sizes);
        }
    }

    fn postings(&self, version: &[u8], word: &str) -> Option<Arc<Postings>> {
        let mut state = self.lock();
        SearchMemory::at(&mut state, version);
        state.clock += 1;
        let now = state.clock;
        let kept = state.words.get_mut(word)?;
        kept.used = now;
        Some(Arc::clone(&kept.postings))
    }

    /// Keeps a word's postings, letting the least recently used go to stay
    /// within the budget (a word larger than the budget is not kept).
    fn keep_postings(&self, version: &[u8], word: &str, postings: &Arc<Postings>) {
        let bytes = postings.bytes();
        if bytes > self.most {
            return;
        }
        let mut state = self.lock();
        if state.version != version || state.words.contains_key(word) {
            return;
        }
        if state.held + bytes > self.most {
            let mut by_use: Vec<(u64, String)> = state
                .words
                .iter()
                .map(|(word, kept)| (kept.used, word.clone()))
                .collect();
            by_use.sort_unstable();
            for (_, old) in by_use {
                if state.held + bytes <= self.most {
                    break;
                }
                if let Some(kept) = state.words.remove(&old) {
                    state.held -= kept.postings.bytes();
                }
            }
        }
        state.clock += 1;
        let used = state.clock;
        state.held += bytes;
        state.words.insert(
            word.to_string(),
            Kept {
                postings: Arc::clone(postings),
                used,
            },
        );
    }

    fn token(&self, word: &str) -> Option<Option<String>> {
        self.lock().tokens.get(word).cloned()
    }

    fn keep_token(&self, word: &str, token: Option<String>) {
        let mut state = self.lock();
        if state.tokens.len() >= TOKENS_KEPT {
            state.tokens.clear();
        }
        state.tokens.insert(word.to_string(), token);
    }
}

/// Reads one SQLite varint (as FTS5 writes them: big-endian groups of seven
/// bits, a ninth byte of eight) from the start of `bytes`: its value and
/// length, or `None` when `bytes` ends inside it.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut value: u64 = 0;
    for (i, &byte) in bytes.iter().enumerate().take(9) {
        if i == 8 {
            return Some(((value << 8) | u64::from(byte), 9));
        }
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

/// Every varint in `bytes`, or `None` when one is cut short.
fn varints(mut bytes: &[u8]) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let (value, used) = varint(bytes)?;
        out.push(value);
        bytes = &bytes[used..];
    }
    Some(out)
}

/// The page `offset..offset + limit` of the rows that hold every word of
/// `lists` (one list per query word, in query order, repeats included),
/// ranked by `bm25(articles_fts, TITLE_WEIGHT, TEXT_WEIGHT)` computed as
/// FTS5 computes it, ties broken by article id (`ORDER BY rank, a.id`).
/// Rows without an article are left out, as the join leaves them out.
/// `None` when a row has no size (an index out of step with itself: left
/// to FTS5).
fn rank(
    sizes: &Sizes,
    lists: &[Arc<Postings>],
    offset: usize,
    limit: usize,
) -> Option<Vec<Ranked>> {
    let Some((driver, shortest)) = lists
        .iter()
        .enumerate()
        .min_by_key(|(_, list)| list.rowids.len())
    else {
        return Some(Vec::new());
    };
    let keep = offset.saturating_add(limit);
    if keep == 0 {
        return Some(Vec::new());
    }
    let idf: Vec<f64> = lists
        .iter()
        .map(|list| {
            let hits = i64::try_from(list.rowids.len()).unwrap_or(i64::MAX);
            let idf = (((sizes.rows - hits) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
            if idf <= 0.0 {
                1e-6
            } else {
                idf
            }
        })
        .collect();
    let mut at = vec![0usize; lists.len()];
    let mut counts = vec![0u32; lists.len()];
    // The `keep` best so far, the worst of them on top.
    let mut best: BinaryHeap<Place> =
        BinaryHeap::with_capacity(keep.saturating_add(1).min(1 << 16));
    'rows: for (j, &rowid) in shortest.rowids.iter().enumerate() {
        for (i, list) in lists.iter().enumerate() {
            if i == driver {
                counts[i] = list.weighted[j];
                continue;
            }
            at[i] = seek(&list.rowids, at[i], rowid);
            if list.rowids.get(at[i]) != Some(&rowid) {
                continue 'rows;
            }
            counts[i] = list.weighted[at[i]];
        }
        let row = usize::try_from(rowid).ok()?;
        let norm = *sizes.norms.get(row)?;
        if norm.is_nan() {
            return None;
        }
        let by_id = sizes.by_id.get(row).copied().unwrap_or(u32::MAX);
        if by_id == u32::MAX {
            continue;
        }
        let mut score = 0.0;
        for (i, &count) in counts.iter().enumerate() {
            let f = f64::from(count);
            score += idf[i] * ((f * (K1 + 1.0)) / (f + norm));
        }
        let place = Place {
            // FTS5 returns `-1.0 * score`: the same bits.
            rank: -score,
            by_id,
            rowid,
        };
        if best.len() < keep {
            best.push(place);
        } else if best.peek().is_some_and(|worst| place < *worst) {
            best.pop();
            best.push(place);
        }
    }
    let mut page = best.into_sorted_vec();
    Some(
        page.drain(..)
            .skip(offset)
            .map(|place| Ranked {
                rank: place.rank,
                rowid: i64::from(place.rowid),
            })
            .collect(),
    )
}

/// A row's place in the list: its rank, then its article id's place in id
/// order (BM25 ranks are never NaN).
#[derive(Debug, Clone, Copy)]
struct Place {
    rank: f64,
    by_id: u32,
    rowid: u32,
}

impl PartialEq for Place {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Place {}

impl PartialOrd for Place {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Place {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank
            .total_cmp(&other.rank)
            .then(self.by_id.cmp(&other.by_id))
    }
}

/// The first place at or after `from` in `rowids` (ascending) whose rowid
/// is not below `rowid`, found by galloping forward.
fn seek(rowids: &[u32], from: usize, rowid: u32) -> usize {
    let Some(rest) = rowids.get(from..) else {
        return rowids.len();
    };
    let mut step = 1;
    let mut low = 0;
    while step <= rest.len() && rest[step - 1] < rowid {
        low = step;
        step *= 2;
    }
    let high = step.min(rest.len());
    from + low + rest[low..high].partition_point(|&r| r < rowid)
}

impl SqliteStore {
    /// Ranks searches of whole words in `memory` from now on (shared with
    /// other connections to the same store); see [`SearchMemory`].
    pub fn use_search_memory(&mut self, memory: Arc<SearchMemory>) {
        self.memory = Some(memory);
    }

    /// The index words of the query words `terms`, each exactly one, or
    /// `None` (a word of several, or none: left to FTS5).
    pub(super) fn index_words(&self, terms: &[String]) -> Result<Option<Vec<String>>> {
        let Some(memory) = &self.memory else {
            return Ok(None);
        };
        let mut words = Vec::with_capacity(terms.len());
        for term in terms {
            let token = match memory.token(term) {
                Some(token) => token,
                None => {
                    let token = self.tokenize(term)?;
                    memory.keep_token(term, token.clone());
                    token
                }
            };
            match token {
                Some(token) => words.push(token),
                None => return Ok(None),
            }
        }
        Ok(Some(words))
    }

    /// `term` split by the index's tokenizer: its one word, or `None`.
    fn tokenize(&self, term: &str) -> Result<Option<String>> {
        let what = "splitting a search word";
        self.with_temporary(|conn| {
            conn.execute(
                "INSERT INTO temp.tidings_query_words(rowid, word) VALUES (1, ?1)",
                [term],
            )?;
            let tokens: Vec<String> = conn
                .prepare_cached("SELECT term FROM temp.tidings_query_tokens ORDER BY offset")?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            conn.execute("DELETE FROM temp.tidings_query_words", [])?;
            Ok(tokens)
        })
        .map_err(db(&self.path, what))
        .map(|tokens| match tokens.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        })
    }

    /// Runs `work` with the connection's temporary tables made (the query
    /// tokenizer, the index's word list, and the search page's table) and
    /// writable: a read-only connection (`query_only`) is let write its
    /// temporary tables for the time of `work`, its database file staying
    /// read-only (it was opened so).
    pub(super) fn with_temporary<T>(
        &self,
        work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let conn = &self.conn;
        let query_only: bool = conn.query_row("PRAGMA query_only", [], |row| row.get(0))?;
        if query_only {
            conn.execute_batch("PRAGMA query_only = OFF")?;
        }
        let made = if self.temporary.get() {
            Ok(())
        } else {
            conn.execute_batch(&format!(
                "PRAGMA temp_store = MEMORY; \
                 CREATE VIRTUAL TABLE IF NOT EXISTS temp.tidings_query_words \
                     USING fts5(word, tokenize = '{tokenize}'); \
                 CREATE VIRTUAL TABLE IF NOT EXISTS temp.tidings_query_tokens \
                     USING fts5vocab(temp, tidings_query_words, instance); \
                 CREATE VIRTUAL TABLE IF NOT EXISTS temp.tidings_index_words \
                     USING fts5vocab(main, articles_fts, instance); \
                 CREATE VIRTUAL TABLE IF NOT EXISTS temp.tidings_page \
                     USING fts5(title, text, tokenize = '{tokenize}');",
                tokenize = schema::FTS_TOKENIZE
            ))
            .map(|()| self.temporary.set(true))
        };
        let result = made.and_then(|()| work(conn));
        if query_only {
            conn.execute_batch("PRAGMA query_only = ON")?;
        }
        result
    }

    /// The page `offset..offset + limit` of the matches of the index words
    /// `words` (all of them), in order (see [`rank`]), from memory, reading
    /// what is missing; `None` when the index cannot be read this way (left
    /// to FTS5). Run inside a read transaction.
    pub(super) fn rank_in_memory(
        &self,
        words: &[String],
        offset: usize,
        limit: usize,
    ) -> Result<Option<Vec<Ranked>>> {
        let Some(memory) = &self.memory else {
            return Ok(None);
        };
        let Some(version) = self.index_version()? else {
            return Ok(None);
        };
        let sizes = match memory.sizes(&version) {
            Some(sizes) => sizes,
            None => match self.read_sizes(&version)? {
                Some(sizes) => {
                    let sizes = Arc::new(sizes);
                    memory.keep_sizes(&version, Arc::clone(&sizes));
                    sizes
                }
                None => return Ok(None),
            },
        };
        let mut lists = Vec::with_capacity(words.len());
        for word in words {
            let postings = match memory.postings(&version, word) {
                Some(postings) => postings,
                None => match self.read_postings(word)? {
                    Some(postings) => {
                        let postings = Arc::new(postings);
                        memory.keep_postings(&version, word, &postings);
                        postings
                    }
                    None => return Ok(None),
                },
            };
            lists.push(postings);
        }
        Ok(rank(&sizes, &lists, offset, limit))
    }

    /// The index's averages and structure records, side by side: what
    /// changes with every write to the index. `None` without them (an index
    /// never written).
    fn index_version(&self) -> Result<Option<Vec<u8>>> {
        let what = "reading the search index's state";
        let mut stmt = self
            .conn
            .prepare_cached("SELECT block FROM articles_fts_data WHERE id = ?1")
            .map_err(db(&self.path, what))?;
        let mut version = Vec::new();
        for id in [AVERAGES_ROWID, STRUCTURE_ROWID] {
            let block: Option<Vec<u8>> = stmt
                .query_row([id], |row| row.get(0))
                .optional()
                .map_err(db(&self.path, what))?;
            let Some(block) = block else {
                return Ok(None);
            };
            version.extend_from_slice(&(block.len() as u64).to_le_bytes());
            version.extend_from_slice(&block);
        }
        Ok(Some(version))
    }

    /// The row count, average size and each row's size, as `bm25` reads
    /// them; `None` when the records are not as expected or rowids are too
    /// sparse to keep by rowid (left to FTS5).
    fn read_sizes(&self, version: &[u8]) -> Result<Option<Sizes>> {
        let what = "reading the search index's row sizes";
        // The version starts with the averages record, after its length.
        let averages = version
            .get(..8)
            .and_then(|len| <[u8; 8]>::try_from(len).ok())
            .map(u64::from_le_bytes)
            .and_then(|len| version.get(8..8 + usize::try_from(len).ok()?));
        let Some(numbers) = averages.and_then(varints) else {
            return Ok(None);
        };
        let Some((&rows, totals)) = numbers.split_first() else {
            return Ok(None);
        };
        let (Ok(rows), Ok(tokens)) = (
            i64::try_from(rows),
            i64::try_from(totals.iter().sum::<u64>()),
        ) else {
            return Ok(None);
        };
        if rows <= 0 {
            return Ok(None);
        }
        let average = tokens as f64 / rows as f64;
        let mut norms: Vec<f64> = Vec::new();
        let most_rowid = usize::try_from(rows)
            .unwrap_or(usize::MAX)
            .saturating_mul(4)
            .saturating_add(1 << 20);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, sz FROM articles_fts_docsize")
            .map_err(db(&self.path, what))?;
        let mut found = stmt.query([]).map_err(db(&self.path, what))?;
        while let Some(row) = found.next().map_err(db(&self.path, what))? {
            let rowid: i64 = row.get(0).map_err(db(&self.path, what))?;
            let size = row.get_ref(1).map_err(db(&self.path, what))?;
            let Ok(at) = usize::try_from(rowid) else {
                return Ok(None);
            };
            let Some(size) = size
                .as_blob()
                .ok()
                .and_then(varints)
                .and_then(|v| u32::try_from(v.iter().sum::<u64>()).ok())
            else {
                return Ok(None);
            };
            if at >= most_rowid {
                return Ok(None);
            }
            if norms.len() <= at {
                norms.resize(at + 1, f64::NAN);
            }
            let d = f64::from(size);
            norms[at] = K1 * (1.0 - B + B * d / average);
        }
        let mut by_id = vec![u32::MAX; norms.len()];
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid FROM articles ORDER BY id")
            .map_err(db(&self.path, what))?;
        let mut found = stmt.query([]).map_err(db(&self.path, what))?;
        let mut place: u32 = 0;
        while let Some(row) = found.next().map_err(db(&self.path, what))? {
            let rowid: i64 = row.get(0).map_err(db(&self.path, what))?;
            // An article the index does not hold never matches.
            if let Some(slot) = usize::try_from(rowid).ok().and_then(|at| by_id.get_mut(at)) {
                *slot = place;
            }
            place = place.saturating_add(1);
        }
        Ok(Some(Sizes { rows, by_id, norms }))
    }

    /// The postings of index word `word`, from the index; `None` when a
    /// rowid does not fit (left to FTS5).
    fn read_postings(&self, word: &str) -> Result<Option<Postings>> {
        let what = "reading a search word's postings";
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc, col FROM temp.tidings_index_words WHERE term = ?1")
            .map_err(db(&self.path, what))?;
        let mut found = stmt.query([word]).map_err(db(&self.path, what))?;
        let mut postings = Postings::default();
        while let Some(row) = found.next().map_err(db(&self.path, what))? {
            let rowid: i64 = row.get(0).map_err(db(&self.path, what))?;
            let column = row.get_ref(1).map_err(db(&self.path, what))?;
            let weight = if column.as_str().ok() == Some("title") {
                TITLE_WEIGHT
            } else {
                TEXT_WEIGHT
            };
            let Ok(rowid) = u32::try_from(rowid) else {
                return Ok(None);
            };
            match postings.rowids.last() {
                Some(&last) if last == rowid => {
                    if let Some(count) = postings.weighted.last_mut() {
                        *count = count.saturating_add(weight);
                    }
                }
                Some(&last) if last > rowid => return Ok(None),
                _ => {
                    postings.rowids.push(rowid);
                    postings.weighted.push(weight);
                }
            }
        }
        Ok(Some(postings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// SQLite's varint encoding, written out for the test.
    fn put_varint(value: u64, out: &mut Vec<u8>) {
        if value > 0x00ff_ffff_ffff_ffff {
            let mut bytes = [0u8; 9];
            bytes[8] = value as u8;
            let mut rest = value >> 8;
            for byte in bytes[..8].iter_mut().rev() {
                *byte = (rest as u8 & 0x7f) | 0x80;
                rest >>= 7;
            }
            out.extend_from_slice(&bytes);
            return;
        }
        let mut groups = vec![(value & 0x7f) as u8];
        let mut rest = value >> 7;
        while rest > 0 {
            groups.push((rest & 0x7f) as u8 | 0x80);
            rest >>= 7;
        }
        out.extend(groups.iter().rev());
    }

    proptest! {
        #[test]
        fn varints_read_back_what_was_written(values in proptest::collection::vec(any::<u64>(), 0..20)) {
            let mut bytes = Vec::new();
            for &v in &values {
                put_varint(v, &mut bytes);
            }
            prop_assert_eq!(varints(&bytes), Some(values));
        }

        #[test]
        fn a_cut_varint_is_none_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..24)) {
            if let Some(values) = varints(&bytes) {
                let mut again = Vec::new();
                for &v in &values {
                    put_varint(v, &mut again);
                }
                // Non-minimal encodings exist; the values still read back.
                prop_assert_eq!(varints(&again), Some(values));
            }
        }

        #[test]
        fn seek_lands_on_the_first_rowid_not_below(
            mut rowids in proptest::collection::vec(0u32..500, 0..200),
            from in 0usize..220,
            rowid in 0u32..520,
        ) {
            rowids.sort_unstable();
            rowids.dedup();
            let expected = rowids
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, &r)| r >= rowid)
                .map_or(rowids.len(), |(i, _)| i);
            prop_assert_eq!(seek(&rowids, from, rowid), expected);
        }
    }

    #[test]
    fn a_budget_lets_the_least_recently_used_word_go() {
        let memory = SearchMemory::new(3 * POSTING_BYTES);
        let list = |n: u32| {
            Arc::new(Postings {
                rowids: (0..n).collect(),
                weighted: vec![1; n as usize],
            })
        };
        // Nothing is kept before the index's state is known.
        memory.keep_postings(b"v1", "tide", &list(1));
        assert_eq!(memory.held(), 0);
        assert!(memory.sizes(b"v1").is_none());
        memory.keep_postings(b"v1", "tide", &list(1));
        memory.keep_postings(b"v1", "harbour", &list(2));
        assert_eq!(memory.held(), 3 * POSTING_BYTES);
        // "tide" is used, so "harbour" is the one to go.
        assert!(memory.postings(b"v1", "tide").is_some());
        memory.keep_postings(b"v1", "storm", &list(1));
        assert!(memory.postings(b"v1", "harbour").is_none());
        assert!(memory.postings(b"v1", "storm").is_some());
        // Larger than the whole budget: used, never kept.
        memory.keep_postings(b"v1", "ferry", &list(4));
        assert!(memory.postings(b"v1", "ferry").is_none());
        // Another state of the index: nothing kept is good for it.
        assert!(memory.postings(b"v2", "tide").is_none());
        assert_eq!(memory.held(), 0);
    }
}
