//! Search ranked in memory: a query is matched and ranked over postings
//! read once from the FTS5 index and kept, instead of by FTS5's `bm25` over
//! every matching row.
//!
//! FTS5 reads every match's positions to rank it: 60–150 ms for a word in
//! most of 100,000 articles, so sixteen such searches queue for a second.
//! Kept postings (each article's weighted count of a word, and for phrases
//! the word's positions) rank the same matches in about a millisecond. The
//! ranks are FTS5's own, bit for bit: BM25 computed from the same numbers
//! (the row count and token total of the index's averages record, each
//! row's size from `articles_fts_docsize`, each word's count and positions
//! per column from `fts5vocab`) in the same order of operations, so the
//! list, ties included, is the one the statement gives;
//! `tests/search_order.rs` compares the two. Only phrases and ORs of
//! phrases joined by AND are ranked here: under a NOT, or an AND under an
//! OR, FTS5 counts a phrase's instances by where its iterators happen to
//! stand (a branch that ran out early keeps its last row), which memory
//! cannot reproduce, so those queries are left to FTS5.
//!
//! What is kept belongs to one state of the index. The index's structure
//! and averages records are read in the same read transaction as the rest,
//! and when they differ from those the kept postings were read at (any
//! write to the index changes them), the memory starts afresh. Postings are
//! kept up to a budget in bytes, the least recently used let go first.
//! Query terms are split into index words by FTS5's own tokenizer (a
//! temporary FTS5 table with the index's tokenizer), so `Strikes` finds
//! `strike` as the index has it and `night-shift` is the phrase of two. A
//! prefix of one word (`flood*`) is the union of every word starting so; a
//! prefix of several words is left to FTS5.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::OptionalExtension;

use super::search::{Ranked, TEXT_WEIGHT, TITLE_WEIGHT};
use super::{db, schema, SqliteStore};
use crate::error::Result;
use crate::query::{Expr, Parsed};

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

/// Bytes a kept posting takes (its rowid and its weighted count, or its
/// rowid and where its places start).
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
    words: HashMap<Key, Kept>,
    /// Bytes of postings in `words`.
    held: usize,
    /// Counts uses, to tell the least recently used word.
    clock: u64,
    /// Query terms and their index words.
    tokens: HashMap<String, Vec<String>>,
}

/// What is kept of an index word: its counts, or its positions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Counts(String),
    Places(String),
    /// The counts of every word that starts so (a prefix query's).
    Prefix(String),
    /// The counts of a phrase of several words, from their places.
    Phrase(Vec<String>),
    /// A one-phrase query's whole list in order (see [`order`]).
    Order(String),
}

/// A phrase's index words, and whether its (one) word is a prefix.
#[derive(Debug, Clone)]
pub(super) struct PhraseWords {
    words: Vec<String>,
    prefix: bool,
}

/// The most instances a prefix query reads into memory (a shorter prefix
/// is left to FTS5).
const PREFIX_INSTANCES_MOST: usize = 1 << 22;

#[derive(Debug, Clone)]
enum Loaded {
    Counts(Arc<Postings>),
    Places(Arc<Places>),
    Order(Arc<Vec<u32>>),
}

impl Loaded {
    fn bytes(&self) -> usize {
        match self {
            Loaded::Counts(postings) => postings.rowids.len() * POSTING_BYTES,
            Loaded::Places(places) => places.rowids.len() * POSTING_BYTES + places.at.len() * 4,
            Loaded::Order(order) => order.len() * 4,
        }
    }
}

#[derive(Debug)]
struct Kept {
    loaded: Loaded,
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

impl Sizes {
    /// Row `rowid`'s length term and place in id order; `Some(None)` when
    /// it has no article (the join leaves it out), `None` when it has no
    /// size (an index out of step with itself).
    fn row(&self, rowid: u32) -> Option<Option<(f64, u32)>> {
        let row = usize::try_from(rowid).ok()?;
        let norm = *self.norms.get(row)?;
        if norm.is_nan() {
            return None;
        }
        let by_id = self.by_id.get(row).copied().unwrap_or(u32::MAX);
        Some((by_id != u32::MAX).then_some((norm, by_id)))
    }
}

/// The articles that hold one index word (or phrase), by rowid, each with
/// its count weighted as `bm25` weighs the columns.
#[derive(Debug, Default)]
struct Postings {
    rowids: Vec<u32>,
    weighted: Vec<u32>,
}

impl Postings {
    /// Adds an instance of weight `weight` in row `rowid`, which must not
    /// come before the last row added (false, and nothing added, if it
    /// does).
    fn add(&mut self, rowid: u32, weight: u32) -> bool {
        match self.rowids.last() {
            Some(&last) if last == rowid => {
                if let Some(count) = self.weighted.last_mut() {
                    *count = count.saturating_add(weight);
                }
            }
            Some(&last) if last > rowid => return false,
            _ => {
                self.rowids.push(rowid);
                self.weighted.push(weight);
            }
        }
        true
    }
}

/// Whether `fts5vocab` names the title column (else the text).
fn in_title(column: rusqlite::types::ValueRef<'_>) -> bool {
    column.as_str().ok() == Some("title")
}

/// How `bm25` weighs an instance in the column `fts5vocab` names.
fn column_weight(column: rusqlite::types::ValueRef<'_>) -> u32 {
    if in_title(column) {
        TITLE_WEIGHT
    } else {
        TEXT_WEIGHT
    }
}

/// Where one index word is: the articles by rowid, and in each its
/// positions (`at[starts[i]..starts[i + 1]]`, ascending), the text's with
/// [`TEXT_COLUMN`] set.
#[derive(Debug, Default)]
struct Places {
    rowids: Vec<u32>,
    starts: Vec<u32>,
    at: Vec<u32>,
}

/// The bit that marks a position in the text (not the title).
const TEXT_COLUMN: u32 = 1 << 31;

/// How `bm25` weighs an instance at `place` (see [`Places`]).
fn place_weight(place: u32) -> u32 {
    if place & TEXT_COLUMN == 0 {
        TITLE_WEIGHT
    } else {
        TEXT_WEIGHT
    }
}

impl Places {
    fn of(&self, i: usize) -> &[u32] {
        let (start, end) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        &self.at[start..end]
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

    fn loaded(&self, version: &[u8], key: &Key) -> Option<Loaded> {
        let mut state = self.lock();
        SearchMemory::at(&mut state, version);
        state.clock += 1;
        let now = state.clock;
        let kept = state.words.get_mut(key)?;
        kept.used = now;
        Some(kept.loaded.clone())
    }

    /// Keeps what was read of a word, letting the least recently used go
    /// to stay within the budget (what is larger than the budget is not
    /// kept).
    fn keep(&self, version: &[u8], key: Key, loaded: &Loaded) {
        let bytes = loaded.bytes();
        if bytes > self.most {
            return;
        }
        let mut state = self.lock();
        if state.version != version || state.words.contains_key(&key) {
            return;
        }
        if state.held + bytes > self.most {
            let mut by_use: Vec<(u64, Key)> = state
                .words
                .iter()
                .map(|(key, kept)| (kept.used, key.clone()))
                .collect();
            by_use.sort_unstable_by_key(|(used, _)| *used);
            for (_, old) in by_use {
                if state.held + bytes <= self.most {
                    break;
                }
                if let Some(kept) = state.words.remove(&old) {
                    state.held -= kept.loaded.bytes();
                }
            }
        }
        state.clock += 1;
        let used = state.clock;
        state.held += bytes;
        state.words.insert(
            key,
            Kept {
                loaded: loaded.clone(),
                used,
            },
        );
    }

    fn tokens(&self, term: &str) -> Option<Vec<String>> {
        self.lock().tokens.get(term).cloned()
    }

    fn keep_tokens(&self, term: &str, tokens: Vec<String>) {
        let mut state = self.lock();
        if state.tokens.len() >= TOKENS_KEPT {
            state.tokens.clear();
        }
        state.tokens.insert(term.to_string(), tokens);
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

/// The rows `expr` matches, ascending, over the phrases' `lists`.
fn evaluate<'l>(expr: &Expr, lists: &'l [Arc<Postings>]) -> Option<Cow<'l, [u32]>> {
    Some(match expr {
        Expr::Phrase(n) => Cow::Borrowed(lists.get(*n)?.rowids.as_slice()),
        Expr::And(a, b) => {
            let (a, b) = (evaluate(a, lists)?, evaluate(b, lists)?);
            let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
            let mut at = 0;
            Cow::Owned(
                short
                    .iter()
                    .copied()
                    .filter(|&rowid| {
                        at = seek(&long, at, rowid);
                        long.get(at) == Some(&rowid)
                    })
                    .collect(),
            )
        }
        Expr::Or(a, b) => {
            let (a, b) = (evaluate(a, lists)?, evaluate(b, lists)?);
            let mut out = Vec::with_capacity(a.len() + b.len());
            let (mut i, mut j) = (0, 0);
            while i < a.len() && j < b.len() {
                match a[i].cmp(&b[j]) {
                    Ordering::Less => {
                        out.push(a[i]);
                        i += 1;
                    }
                    Ordering::Greater => {
                        out.push(b[j]);
                        j += 1;
                    }
                    Ordering::Equal => {
                        out.push(a[i]);
                        i += 1;
                        j += 1;
                    }
                }
            }
            out.extend_from_slice(&a[i..]);
            out.extend_from_slice(&b[j..]);
            Cow::Owned(out)
        }
        // FTS5 reads instances under NOT by where its iterators stand,
        // which memory cannot tell: left to FTS5.
        Expr::Not(..) => return None,
    })
}

/// The postings of the phrase whose words' places are `words` (in order):
/// each row where they follow one another in one column, with its count of
/// such runs weighted by column.
fn phrase(words: &[Arc<Places>]) -> Postings {
    let mut out = Postings::default();
    let Some((first, rest)) = words.split_first() else {
        return out;
    };
    let mut at = vec![0usize; rest.len()];
    'rows: for (i, &rowid) in first.rowids.iter().enumerate() {
        let mut found = Vec::with_capacity(rest.len());
        for (k, word) in rest.iter().enumerate() {
            at[k] = seek(&word.rowids, at[k], rowid);
            if word.rowids.get(at[k]) != Some(&rowid) {
                continue 'rows;
            }
            found.push(word.of(at[k]));
        }
        let mut weighted: u32 = 0;
        for &start in first.of(i) {
            let follows = found.iter().enumerate().all(|(k, places)| {
                u32::try_from(k + 1)
                    .ok()
                    .and_then(|step| start.checked_add(step))
                    .is_some_and(|want| {
                        // Never across the column mark.
                        want & TEXT_COLUMN == start & TEXT_COLUMN
                            && places.binary_search(&want).is_ok()
                    })
            });
            if follows {
                weighted = weighted.saturating_add(place_weight(start));
            }
        }
        if weighted > 0 {
            out.rowids.push(rowid);
            out.weighted.push(weighted);
        }
    }
    out
}

/// A phrase's IDF as `bm25` computes it (at least 1e-6).
fn idf(sizes: &Sizes, list: &Postings) -> f64 {
    let hits = i64::try_from(list.rowids.len()).unwrap_or(i64::MAX);
    let idf = (((sizes.rows - hits) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
    if idf <= 0.0 {
        1e-6
    } else {
        idf
    }
}

/// One phrase's part of the BM25 score, as `bm25` computes it: `count` its
/// weighted instances in the row, `norm` the row's length term.
fn part(idf: f64, count: u32, norm: f64) -> f64 {
    let f = f64::from(count);
    idf * ((f * (K1 + 1.0)) / (f + norm))
}

/// The order of a one-word query's whole list: the places in `list` of its
/// rows that have an article, best first, ties by article id. Every query
/// of that word alone is a slice of it, so it is kept.
fn order(sizes: &Sizes, list: &Postings) -> Option<Vec<u32>> {
    let idf = idf(sizes, list);
    let mut places = Vec::with_capacity(list.rowids.len());
    for (i, (&rowid, &count)) in list.rowids.iter().zip(&list.weighted).enumerate() {
        let Some((norm, by_id)) = sizes.row(rowid)? else {
            continue;
        };
        let score = 0.0 + part(idf, count, norm);
        places.push((
            Place {
                rank: -score,
                by_id,
                rowid,
            },
            u32::try_from(i).ok()?,
        ));
    }
    places.sort_unstable_by_key(|&(place, _)| place);
    Some(places.into_iter().map(|(_, i)| i).collect())
}

/// The page of a query of one phrase (whose postings are `list`): a slice
/// of the phrase's whole list in order (see [`order`]), kept for the next
/// query of it.
fn page_of_one(
    memory: &SearchMemory,
    version: &[u8],
    sizes: &Sizes,
    phrase: &PhraseWords,
    list: &Postings,
    offset: usize,
    limit: usize,
) -> Option<Vec<Ranked>> {
    let mut key = phrase.words.join(" ");
    if phrase.prefix {
        key.push('*');
    }
    let key = Key::Order(key);
    let order = match memory.loaded(version, &key) {
        Some(Loaded::Order(order)) => order,
        _ => {
            let order = Arc::new(order(sizes, list)?);
            memory.keep(version, key, &Loaded::Order(Arc::clone(&order)));
            order
        }
    };
    let idf = idf(sizes, list);
    let mut page = Vec::with_capacity(limit.min(order.len()));
    for &i in order.iter().skip(offset).take(limit) {
        let i = i as usize;
        let (rowid, count) = (*list.rowids.get(i)?, *list.weighted.get(i)?);
        let norm = *sizes.norms.get(usize::try_from(rowid).ok()?)?;
        page.push(Ranked {
            rank: -(0.0 + part(idf, count, norm)),
            rowid: i64::from(rowid),
        });
    }
    Some(page)
}

/// The page `offset..offset + limit` of the rows `matches` (ascending),
/// ranked by `bm25(articles_fts, TITLE_WEIGHT, TEXT_WEIGHT)` over the
/// phrases' `lists` (in query order) computed as FTS5 computes it, ties
/// broken by article id (`ORDER BY rank, a.id`). Rows without an article
/// are left out, as the join leaves them out. `None` when a row has no size
/// (an index out of step with itself: left to FTS5).
fn rank(
    sizes: &Sizes,
    lists: &[Arc<Postings>],
    matches: &[u32],
    offset: usize,
    limit: usize,
) -> Option<Vec<Ranked>> {
    let keep = offset.saturating_add(limit);
    if keep == 0 || lists.is_empty() {
        return Some(Vec::new());
    }
    let idf: Vec<f64> = lists.iter().map(|list| idf(sizes, list)).collect();
    let mut at = vec![0usize; lists.len()];
    // The `keep` best so far, the worst of them on top.
    let mut best: BinaryHeap<Place> =
        BinaryHeap::with_capacity(keep.saturating_add(1).min(1 << 16));
    for &rowid in matches {
        let Some((norm, by_id)) = sizes.row(rowid)? else {
            continue;
        };
        // A phrase counts in a row exactly when the row holds it (see
        // `Expr::counts_what_rows_hold`).
        for (i, list) in lists.iter().enumerate() {
            at[i] = seek(&list.rowids, at[i], rowid);
        }
        let mut score = 0.0;
        for (i, list) in lists.iter().enumerate() {
            let count = if list.rowids.get(at[i]) == Some(&rowid) {
                list.weighted[at[i]]
            } else {
                0
            };
            score += part(idf[i], count, norm);
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
    Some(
        best.into_sorted_vec()
            .into_iter()
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

    /// Each phrase of `parsed` split into index words, or `None` when the
    /// memory cannot rank it (no memory, a phrase of no word, a prefix of
    /// several words: left to FTS5).
    pub(super) fn phrase_words(&self, parsed: &Parsed) -> Result<Option<Vec<PhraseWords>>> {
        let Some(memory) = &self.memory else {
            return Ok(None);
        };
        let mut phrases = Vec::with_capacity(parsed.phrases.len());
        for (term, prefix) in &parsed.phrases {
            let tokens = match memory.tokens(term) {
                Some(tokens) => tokens,
                None => {
                    let tokens = self.tokenize(term)?;
                    memory.keep_tokens(term, tokens.clone());
                    tokens
                }
            };
            // A prefix of several words is left to FTS5.
            if tokens.is_empty() || (*prefix && tokens.len() > 1) {
                return Ok(None);
            }
            phrases.push(PhraseWords {
                words: tokens,
                prefix: *prefix,
            });
        }
        Ok(Some(phrases))
    }

    /// `term` split by the index's tokenizer, in order.
    fn tokenize(&self, term: &str) -> Result<Vec<String>> {
        let what = "splitting a search word";
        self.with_temporary(|conn| {
            conn.execute(
                "INSERT INTO temp.tidings_query_words(rowid, word) VALUES (1, ?1)",
                [term],
            )?;
            let tokens = conn
                .prepare_cached("SELECT term FROM temp.tidings_query_tokens ORDER BY offset")?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>();
            conn.execute("DELETE FROM temp.tidings_query_words", [])?;
            tokens
        })
        .map_err(db(&self.path, what))
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
        // Prepared once and kept: this runs for every search's snippets.
        let query_only: bool = conn
            .prepare_cached("PRAGMA query_only")?
            .query_row([], |row| row.get(0))?;
        if query_only {
            conn.prepare_cached("PRAGMA query_only = OFF")?
                .execute([])?;
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
            conn.prepare_cached("PRAGMA query_only = ON")?.execute([])?;
        }
        result
    }

    /// The page `offset..offset + limit` of the matches of `expr` over the
    /// phrases `phrases` (each its index words), in order (see [`rank`]),
    /// from memory, reading what is missing; `None` when the index cannot
    /// be read this way (left to FTS5). Run inside a read transaction.
    pub(super) fn rank_in_memory(
        &self,
        phrases: &[PhraseWords],
        expr: &Expr,
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
        let mut lists = Vec::with_capacity(phrases.len());
        for PhraseWords { words, prefix } in phrases {
            let key = match words.as_slice() {
                [word] if *prefix => Key::Prefix(word.clone()),
                [word] => Key::Counts(word.clone()),
                _ => Key::Phrase(words.clone()),
            };
            match self.word(memory, &version, key)? {
                Some(Loaded::Counts(postings)) => lists.push(postings),
                _ => return Ok(None),
            }
        }
        if let ([list], Expr::Phrase(0)) = (lists.as_slice(), expr) {
            return Ok(page_of_one(
                memory,
                &version,
                &sizes,
                &phrases[0],
                list,
                offset,
                limit,
            ));
        }
        let Some(matches) = evaluate(expr, &lists) else {
            return Ok(None);
        };
        Ok(rank(&sizes, &lists, &matches, offset, limit))
    }

    /// What `key` names, from memory or read from the index and kept;
    /// `None` when it cannot be read this way.
    fn word(&self, memory: &SearchMemory, version: &[u8], key: Key) -> Result<Option<Loaded>> {
        if let Some(loaded) = memory.loaded(version, &key) {
            return Ok(Some(loaded));
        }
        let loaded = match &key {
            Key::Counts(word) => self
                .read_counts(word, false)?
                .map(|p| Loaded::Counts(Arc::new(p))),
            Key::Places(word) => self.read_places(word)?.map(|p| Loaded::Places(Arc::new(p))),
            Key::Prefix(start) => self
                .read_counts(start, true)?
                .map(|p| Loaded::Counts(Arc::new(p))),
            Key::Phrase(words) => {
                let mut places = Vec::with_capacity(words.len());
                for word in words {
                    match self.word(memory, version, Key::Places(word.clone()))? {
                        Some(Loaded::Places(found)) => places.push(found),
                        _ => return Ok(None),
                    }
                }
                Some(Loaded::Counts(Arc::new(phrase(&places))))
            }
            // Made from counts when a one-phrase query asks (`page_of_one`).
            Key::Order(_) => None,
        };
        if let Some(loaded) = &loaded {
            memory.keep(version, key, loaded);
        }
        Ok(loaded)
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

    /// The counts of the rows that hold index word `word` (or, for a
    /// prefix, any word starting so: each row's instances of every such
    /// word, weighted), from the index; `None` when a rowid does not fit or
    /// a prefix has too many instances (left to FTS5).
    fn read_counts(&self, word: &str, prefix: bool) -> Result<Option<Postings>> {
        let what = "reading a search word's postings";
        let mut stmt = self
            .conn
            .prepare_cached("SELECT term, doc, col FROM temp.tidings_index_words WHERE term >= ?1")
            .map_err(db(&self.path, what))?;
        let mut found = stmt.query([word]).map_err(db(&self.path, what))?;
        let mut seen: Vec<(u32, u32)> = Vec::new();
        while let Some(row) = found.next().map_err(db(&self.path, what))? {
            let term = row.get_ref(0).map_err(db(&self.path, what))?;
            // Terms come in index (byte) order: past the word, done.
            let ours = term.as_str().is_ok_and(|term| {
                if prefix {
                    term.starts_with(word)
                } else {
                    term == word
                }
            });
            if !ours {
                break;
            }
            if seen.len() >= PREFIX_INSTANCES_MOST && prefix {
                return Ok(None);
            }
            let rowid: i64 = row.get(1).map_err(db(&self.path, what))?;
            let column = row.get_ref(2).map_err(db(&self.path, what))?;
            let Ok(rowid) = u32::try_from(rowid) else {
                return Ok(None);
            };
            seen.push((rowid, column_weight(column)));
        }
        // One word's rows come in order; several words' are interleaved.
        if prefix {
            seen.sort_by_key(|&(rowid, _)| rowid);
        }
        let mut postings = Postings::default();
        for (rowid, weight) in seen {
            if !postings.add(rowid, weight) {
                return Ok(None);
            }
        }
        Ok(Some(postings))
    }

    /// The places of index word `word`, from the index; `None` when a rowid
    /// or position does not fit (left to FTS5).
    fn read_places(&self, word: &str) -> Result<Option<Places>> {
        let what = "reading a search word's positions";
        let mut stmt = self
            .conn
            .prepare_cached("SELECT doc, col, offset FROM temp.tidings_index_words WHERE term = ?1")
            .map_err(db(&self.path, what))?;
        let mut found = stmt.query([word]).map_err(db(&self.path, what))?;
        let mut places = Places::default();
        while let Some(row) = found.next().map_err(db(&self.path, what))? {
            let rowid: i64 = row.get(0).map_err(db(&self.path, what))?;
            let column = row.get_ref(1).map_err(db(&self.path, what))?;
            let offset: i64 = row.get(2).map_err(db(&self.path, what))?;
            let (Ok(rowid), Ok(offset)) = (u32::try_from(rowid), u32::try_from(offset)) else {
                return Ok(None);
            };
            if offset & TEXT_COLUMN != 0 {
                return Ok(None);
            }
            let place = if in_title(column) {
                offset
            } else {
                offset | TEXT_COLUMN
            };
            match places.rowids.last() {
                Some(&last) if last == rowid => {}
                Some(&last) if last > rowid => return Ok(None),
                _ => {
                    places.rowids.push(rowid);
                    let Ok(start) = u32::try_from(places.at.len()) else {
                        return Ok(None);
                    };
                    places.starts.push(start);
                }
            }
            places.at.push(place);
        }
        let Ok(end) = u32::try_from(places.at.len()) else {
            return Ok(None);
        };
        places.starts.push(end);
        // Each row's places ascending, as the phrase test reads them.
        for i in 0..places.rowids.len() {
            let (start, end) = (places.starts[i] as usize, places.starts[i + 1] as usize);
            places.at[start..end].sort_unstable();
        }
        Ok(Some(places))
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
            Loaded::Counts(Arc::new(Postings {
                rowids: (0..n).collect(),
                weighted: vec![1; n as usize],
            }))
        };
        let key = |word: &str| Key::Counts(word.to_string());
        // Nothing is kept before the index's state is known.
        memory.keep(b"v1", key("tide"), &list(1));
        assert_eq!(memory.held(), 0);
        assert!(memory.sizes(b"v1").is_none());
        memory.keep(b"v1", key("tide"), &list(1));
        memory.keep(b"v1", key("harbour"), &list(2));
        assert_eq!(memory.held(), 3 * POSTING_BYTES);
        // "tide" is used, so "harbour" is the one to go.
        assert!(memory.loaded(b"v1", &key("tide")).is_some());
        memory.keep(b"v1", key("storm"), &list(1));
        assert!(memory.loaded(b"v1", &key("harbour")).is_none());
        assert!(memory.loaded(b"v1", &key("storm")).is_some());
        // Larger than the whole budget: used, never kept.
        memory.keep(b"v1", key("ferry"), &list(4));
        assert!(memory.loaded(b"v1", &key("ferry")).is_none());
        // Another state of the index: nothing kept is good for it.
        assert!(memory.loaded(b"v2", &key("tide")).is_none());
        assert_eq!(memory.held(), 0);
    }

    #[test]
    fn a_phrase_is_its_words_one_after_another_in_one_column() {
        let places = |rows: &[(u32, &[u32])]| {
            let mut out = Places::default();
            for (rowid, at) in rows {
                out.rowids.push(*rowid);
                out.starts.push(out.at.len() as u32);
                out.at.extend_from_slice(at);
            }
            out.starts.push(out.at.len() as u32);
            Arc::new(out)
        };
        let t = TEXT_COLUMN;
        // "night shift": row 1 twice in the text, row 2 once in the title,
        // row 3 never side by side, row 4 only "night" (the last title word
        // and the first text word are not side by side).
        let night = places(&[(1, &[t + 3, t + 9]), (2, &[0]), (3, &[t + 5]), (4, &[2])]);
        let shift = places(&[(1, &[t + 4, t + 10]), (2, &[1]), (3, &[t + 7])]);
        let found = phrase(&[night, shift]);
        assert_eq!(found.rowids, vec![1, 2]);
        assert_eq!(found.weighted, vec![2 * TEXT_WEIGHT, TITLE_WEIGHT]);
    }

    #[test]
    fn and_intersects_or_unites_and_not_is_left_to_fts5() {
        let list = |rowids: &[u32]| {
            Arc::new(Postings {
                rowids: rowids.to_vec(),
                weighted: vec![1; rowids.len()],
            })
        };
        let lists = [
            list(&[1, 2, 3, 5, 8]),
            list(&[2, 3, 4, 8, 9]),
            list(&[3, 9]),
        ];
        let p = |n| Box::new(Expr::Phrase(n));
        let rows = |expr: &Expr| evaluate(expr, &lists).map(|rows| rows.into_owned());
        assert_eq!(rows(&Expr::And(p(0), p(1))), Some(vec![2, 3, 8]));
        assert_eq!(rows(&Expr::Or(p(0), p(2))), Some(vec![1, 2, 3, 5, 8, 9]));
        let either = Expr::And(Box::new(Expr::Or(p(0), p(2))), p(1));
        assert_eq!(rows(&either), Some(vec![2, 3, 8, 9]));
        assert_eq!(rows(&Expr::Not(p(1), p(2))), None);
        assert_eq!(rows(&Expr::Phrase(7)), None);
        assert!(either.counts_what_rows_hold());
        assert!(!Expr::Or(p(0), Box::new(Expr::And(p(1), p(2)))).counts_what_rows_hold());
        assert!(!Expr::And(p(0), Box::new(Expr::Not(p(1), p(2)))).counts_what_rows_hold());
    }
}
