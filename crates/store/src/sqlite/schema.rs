//! The SQLite schema, its version in `PRAGMA user_version`, and the connection settings.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// The schema version this build writes and reads.
pub(crate) const SCHEMA_VERSION: i64 = 6;

/// The most memory a connection's page cache may take, in KiB.
const CACHE_KIB: i64 = 64 * 1024;

/// The tokenizer of `articles_fts` (in [`SCHEMA_V1`]): a search ranked in
/// memory splits its query words with the same one.
pub(crate) const FTS_TOKENIZE: &str = "porter unicode61 remove_diacritics 2";

/// The whole schema of version 1.
///
/// `articles_fts` is an external-content FTS5 table over `articles(title, text)`,
/// kept in sync by the triggers, so an article and its index entry are written
/// by the same statement and commit (or roll back) together.
const SCHEMA_V1: &str = r#"
CREATE TABLE raw (
    id          TEXT PRIMARY KEY NOT NULL,
    path        TEXT,
    record      INTEGER,
    byte_offset INTEGER,
    fetched     TEXT,
    media_type  TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    hints       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    zbytes      BLOB NOT NULL
);

CREATE TABLE articles (
    rowid       INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE REFERENCES raw(id),
    title       TEXT,
    lede        TEXT,
    lang        TEXT,
    published   TEXT,
    site        TEXT,
    url         TEXT,
    authors     TEXT NOT NULL,
    text        TEXT NOT NULL,
    paragraphs  TEXT NOT NULL,
    removed     TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_site ON articles(site);
CREATE INDEX articles_lang ON articles(lang);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles',
    content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE TABLE site_blocks (
    site TEXT NOT NULL,
    fp   INTEGER NOT NULL,
    docs INTEGER NOT NULL,
    PRIMARY KEY (site, fp)
) WITHOUT ROWID;
"#;

/// What version 2 adds: the language layer's annotations and the store-wide entities.
///
/// Per document (`article` is the raw id, `idx` the position in its list):
/// `sentences` (token spans packed by `codec::encode_tokens`), `doc_entities`
/// (the document's own entities, each linked to a store entity with a
/// confidence), `mentions` (with the store entity denormalised for the entity
/// queries) and `dates`. Store-wide: `entities` with maintained counts, and
/// `entity_names` / `entity_roles` counting how many linked document entities
/// use each name and role, so that replacing a document takes back exactly
/// what it gave.
const SCHEMA_V2: &str = r#"
CREATE TABLE entities (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    norm         TEXT NOT NULL,
    country      TEXT,
    country_docs INTEGER NOT NULL DEFAULT 0,
    articles     INTEGER NOT NULL DEFAULT 0,
    mentions     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_norm ON entities(norm, kind);
CREATE INDEX entities_rank ON entities(articles DESC, mentions DESC, name);

CREATE TABLE entity_names (
    entity         INTEGER NOT NULL REFERENCES entities(id),
    norm           TEXT NOT NULL,
    name           TEXT NOT NULL,
    canonical_docs INTEGER NOT NULL DEFAULT 0,
    alias_docs     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, norm)
) WITHOUT ROWID;
CREATE INDEX entity_names_norm ON entity_names(norm);

CREATE TABLE entity_roles (
    entity INTEGER NOT NULL REFERENCES entities(id),
    norm   TEXT NOT NULL,
    role   TEXT NOT NULL,
    docs   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity, norm)
) WITHOUT ROWID;

CREATE TABLE sentences (
    article    TEXT NOT NULL REFERENCES raw(id),
    idx        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    tokens     BLOB NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

CREATE TABLE doc_entities (
    article    TEXT NOT NULL REFERENCES raw(id),
    idx        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    aliases    TEXT NOT NULL,
    country    TEXT,
    roles      TEXT NOT NULL,
    mentions   INTEGER NOT NULL,
    entity     INTEGER NOT NULL REFERENCES entities(id),
    confidence REAL NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities(entity, article);

CREATE TABLE mentions (
    article    TEXT NOT NULL REFERENCES raw(id),
    idx        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    sentence   INTEGER NOT NULL,
    doc_entity INTEGER NOT NULL,
    entity     INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity);

CREATE TABLE dates (
    article    TEXT NOT NULL REFERENCES raw(id),
    idx        INTEGER NOT NULL,
    start_byte INTEGER NOT NULL,
    end_byte   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    date       TEXT,
    precision  TEXT NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
"#;

/// What version 3 adds: the extract stage's facts.
///
/// `events` holds one row per merged event, found again by its `key` (see
/// `facts::event_key`); its counts and descriptive columns are recomputed from
/// `event_mentions` whenever a report comes or goes, so they never drift.
/// `event_mentions` keeps every report exactly as put (actors as JSON), with
/// `idx` its place in `Facts::events`. `quotes` and `figures` are per document
/// (`speaker_norm` is the normalised speaker name for speaker queries).
const SCHEMA_V3: &str = r#"
CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT NOT NULL UNIQUE,
    source_code TEXT,
    target_code TEXT,
    cameo       TEXT NOT NULL,
    date        TEXT,
    source      TEXT,
    target      TEXT,
    plover      TEXT NOT NULL,
    mode        TEXT,
    root        TEXT NOT NULL,
    quad_class  INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    place       TEXT,
    mentions    INTEGER NOT NULL DEFAULT 0,
    articles    INTEGER NOT NULL DEFAULT 0,
    sources     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_rank ON events(date DESC, articles DESC, mentions DESC, id);
CREATE INDEX events_cameo ON events(cameo);
CREATE INDEX events_source ON events(source_code);
CREATE INDEX events_target ON events(target_code);

CREATE TABLE event_mentions (
    article       TEXT NOT NULL REFERENCES raw(id),
    idx           INTEGER NOT NULL,
    event         INTEGER NOT NULL REFERENCES events(id),
    source        TEXT,
    target        TEXT,
    plover        TEXT NOT NULL,
    mode          TEXT,
    cameo         TEXT NOT NULL,
    root          TEXT NOT NULL,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,
    date          TEXT,
    place         TEXT,
    sentence      INTEGER NOT NULL,
    start_byte    INTEGER NOT NULL,
    end_byte      INTEGER NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end   INTEGER NOT NULL,
    confidence    REAL NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX event_mentions_event ON event_mentions(event, article);

CREATE TABLE quotes (
    article        TEXT NOT NULL REFERENCES raw(id),
    idx            INTEGER NOT NULL,
    start_byte     INTEGER NOT NULL,
    end_byte       INTEGER NOT NULL,
    text           TEXT NOT NULL,
    speaker        TEXT,
    speaker_norm   TEXT,
    speaker_entity INTEGER,
    cue            TEXT NOT NULL,
    direct         INTEGER NOT NULL,
    sentence       INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes(speaker_norm);

CREATE TABLE figures (
    article       TEXT NOT NULL REFERENCES raw(id),
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    value         REAL NOT NULL,
    qualifier     TEXT NOT NULL,
    counts        TEXT NOT NULL,
    unit          TEXT,
    source        TEXT,
    source_entity INTEGER,
    sentence      INTEGER NOT NULL,
    start_byte    INTEGER NOT NULL,
    end_byte      INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;
CREATE INDEX figures_kind ON figures(kind);
"#;

/// What version 4 adds: where each event's date comes from (`sentence`,
/// `paragraph`, `published`), per report and, for a merged event, the
/// strongest of its reports; and the upper end and the vague words of a
/// figure's range ("hundreds": 999, "Hundreds"). Older stores' events and
/// figures have neither until `tidings reprocess` rebuilds them.
const SCHEMA_V4: &str = r#"
ALTER TABLE events ADD COLUMN date_source TEXT;
ALTER TABLE event_mentions ADD COLUMN date_source TEXT;
ALTER TABLE figures ADD COLUMN high REAL;
ALTER TABLE figures ADD COLUMN words TEXT;
"#;

/// What version 5 adds: where the dedup stage placed each article, the
/// stories kept from those placements, the clusterer's saved state, and the
/// number of stories reporting each merged event.
///
/// `placements` holds one row per placed article as put (`storyline` is its
/// story's storyline right after it was placed; `relinked` and `merged` the
/// storyline changes it brought, as JSON pairs, `NULL` when none).
/// `stories` is maintained on every placement: `title` from the placed
/// article with the lowest `seq` that has one (`title_seq`), first and last
/// time, article and duplicate counts, and the current storyline.
/// `dedup_state` keeps one zstd-compressed snapshot per key with its
/// uncompressed `size`. Older stores simply have no placements until
/// `tidings recluster`.
const SCHEMA_V5: &str = r#"
CREATE TABLE placements (
    article      TEXT PRIMARY KEY REFERENCES raw(id),
    seq          INTEGER NOT NULL UNIQUE,
    time         INTEGER NOT NULL,
    story        INTEGER NOT NULL,
    duplicate_of TEXT,
    similarity   REAL,
    signature    BLOB,
    storyline    INTEGER,
    relinked     TEXT,
    merged       TEXT
) WITHOUT ROWID;
CREATE INDEX placements_story ON placements(story, seq);
CREATE INDEX placements_duplicate_of ON placements(duplicate_of);

CREATE TABLE stories (
    id         INTEGER PRIMARY KEY,
    storyline  INTEGER,
    title      TEXT,
    title_seq  INTEGER,
    first_seen INTEGER,
    last_seen  INTEGER,
    articles   INTEGER NOT NULL,
    duplicates INTEGER NOT NULL
);
CREATE INDEX stories_storyline ON stories(storyline);
CREATE INDEX stories_biggest ON stories(articles DESC, last_seen DESC, id);
CREATE INDEX stories_newest ON stories(last_seen DESC, articles DESC, id);

CREATE TABLE dedup_state (
    key   TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL,
    size  INTEGER NOT NULL,
    bytes BLOB NOT NULL
);

ALTER TABLE events ADD COLUMN stories INTEGER NOT NULL DEFAULT 0;
"#;

/// What version 6 adds: the stories each placement merged into older ones
/// (`stories_merged`, JSON pairs `(absorbed, survivor)`, `NULL` when none).
/// A placed article's `story` is its story now: a merge moves the absorbed
/// story's articles to the survivor and deletes the absorbed story.
const SCHEMA_V6: &str = r#"
ALTER TABLE placements ADD COLUMN stories_merged TEXT;
"#;

/// Keeps each cached statement's query plan whatever values are bound to
/// it (SQLite's query planner stability guarantee). Without it SQLite
/// prepares a statement afresh whenever a value its plan looked at (a
/// `LIMIT ?`) changes: ~33 times per ingested article, 8 % of ingest's
/// instructions.
fn stable_plans(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .map(|_| ())
}

/// Sets WAL mode, `synchronous=NORMAL`, foreign keys, a busy timeout and
/// stable query plans.
pub(crate) fn configure(conn: &Connection, path: &Path) -> Result<()> {
    let open_err = |source| Error::Open {
        path: path.to_path_buf(),
        source,
    };
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(open_err)?;
    stable_plans(conn).map_err(open_err)?;
    // `journal_mode` answers with the mode now in force.
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(open_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            why: format!("the file system refused write-ahead logging (journal mode stays {mode})"),
        });
    }
    // A batch of puts dirties more pages than SQLite's default 2 MiB cache
    // holds: they were spilled to the log in the middle of the transaction
    // and read back. The cache grows only as far as it is used.
    conn.execute_batch(&format!(
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -{CACHE_KIB};"
    ))
    .map_err(open_err)
}

/// The schema version recorded in the file (0 for a new, empty database).
pub(crate) fn version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })
}

/// Creates the schema in a new database, upgrades an older store to the
/// current version, or checks the version of an existing one.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let open_err = |source| Error::Open {
        path: path.to_path_buf(),
        source,
    };
    let found = version(conn, path)?;
    check_not_newer(found, path)?;
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    // Another process may be creating the schema right now: take the write
    // lock, then look again.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(open_err)?;
    let found: i64 = tx
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(open_err)?;
    check_not_newer(found, path)?;
    if found == 0 {
        tx.execute_batch(SCHEMA_V1).map_err(open_err)?;
    }
    if found <= 1 {
        // A version 1 store keeps its articles; they simply have no annotations yet.
        tx.execute_batch(SCHEMA_V2).map_err(open_err)?;
    }
    if found <= 2 {
        // Older stores keep their articles; they simply have no facts yet.
        tx.execute_batch(SCHEMA_V3).map_err(open_err)?;
    }
    if found <= 3 {
        // Older events and figures keep what they had; they simply have no
        // date source and no range.
        tx.execute_batch(SCHEMA_V4).map_err(open_err)?;
    }
    if found <= 4 {
        // Older stores keep everything; their articles simply are not placed
        // in stories until `tidings recluster`.
        tx.execute_batch(SCHEMA_V5).map_err(open_err)?;
    }
    if found <= 5 {
        // Older placements simply merged no stories.
        tx.execute_batch(SCHEMA_V6).map_err(open_err)?;
    }
    if found < SCHEMA_VERSION {
        tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
            .map_err(open_err)?;
    }
    tx.commit().map_err(open_err)
}

pub(crate) fn check_not_newer(found: i64, path: &Path) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(dir: &Path) -> Connection {
        let path = dir.join("tidings.db");
        let mut conn = Connection::open(&path).unwrap();
        configure(&conn, &path).unwrap();
        migrate(&mut conn, &path).unwrap();
        conn
    }

    /// A cached statement run with other values keeps its plan: SQLite
    /// would otherwise prepare it again each time a value its plan used
    /// (here the LIMIT) changes.
    #[test]
    fn a_cached_statement_is_not_prepared_again_for_new_values() {
        use rusqlite::StatementStatus;
        let dir = tempfile::tempdir().unwrap();
        let count = |conn: &Connection| -> i32 {
            let mut stmt = conn
                .prepare_cached("SELECT id FROM articles ORDER BY id LIMIT ?1")
                .unwrap();
            for limit in [1_i64, 5, 0, 20, 1] {
                let rows = stmt.query_map([limit], |row| row.get::<_, i64>(0)).unwrap();
                assert_eq!(rows.count(), 0);
            }
            stmt.get_status(StatementStatus::RePrepare)
        };
        let conn = open(dir.path());
        assert_eq!(count(&conn), 0);
        // The same statement on a connection without the setting is
        // prepared again (what the setting saves).
        let plain = Connection::open(dir.path().join("tidings.db")).unwrap();
        assert!(count(&plain) > 0);
    }

    #[test]
    fn a_new_database_gets_wal_foreign_keys_a_large_cache_and_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(dir.path());
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let foreign_keys: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |row| row.get(0))
            .unwrap();
        assert_eq!(foreign_keys, 1);
        // synchronous = NORMAL is 1.
        let synchronous: i64 = conn
            .query_row("PRAGMA synchronous", [], |row| row.get(0))
            .unwrap();
        assert_eq!(synchronous, 1);
        // A negative cache size is in KiB.
        let cache: i64 = conn
            .query_row("PRAGMA cache_size", [], |row| row.get(0))
            .unwrap();
        assert_eq!(cache, -CACHE_KIB);
        assert_eq!(version(&conn, Path::new("x")).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(open(dir.path()));
        let conn = open(dir.path());
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('raw', 'articles', 'site_blocks', 'entities', 'mentions', 'events', 'event_mentions', 'quotes', 'figures', 'placements', 'stories', 'dedup_state')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(tables, 12);
    }

    #[test]
    fn the_index_is_made_with_the_tokenizer_memory_search_splits_words_with() {
        assert!(SCHEMA_V1.contains(&format!("tokenize = '{FTS_TOKENIZE}'")));
    }

    #[test]
    fn a_version_3_store_is_upgraded_and_keeps_its_figures() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tidings.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.execute_batch(SCHEMA_V2).unwrap();
            conn.execute_batch(SCHEMA_V3).unwrap();
            conn.execute_batch("PRAGMA user_version = 3").unwrap();
            conn.execute(
                "INSERT INTO raw (id, media_type, encoding, hints, size, zbytes) \
                 VALUES ('0123456789abcdef0123456789abcdef', 'text', 'utf-8', '{}', 0, x'')",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO figures (article, idx, kind, value, qualifier, counts, sentence, \
                 start_byte, end_byte) \
                 VALUES ('0123456789abcdef0123456789abcdef', 0, 'other', 200, 'range', \
                 'dockworkers', 0, 0, 8)",
                [],
            )
            .unwrap();
        }
        let conn = open(dir.path());
        assert_eq!(version(&conn, &path).unwrap(), SCHEMA_VERSION);
        let (value, high, words): (f64, Option<f64>, Option<String>) = conn
            .query_row("SELECT value, high, words FROM figures", [], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .unwrap();
        assert_eq!((value, high, words), (200.0, None, None));
    }

    #[test]
    fn a_version_1_store_is_upgraded_and_keeps_its_articles() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tidings.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.execute_batch("PRAGMA user_version = 1").unwrap();
            conn.execute(
                "INSERT INTO raw (id, media_type, encoding, hints, size, zbytes) \
                 VALUES ('0123456789abcdef0123456789abcdef', 'text', 'utf-8', '{}', 0, x'')",
                [],
            )
            .unwrap();
        }
        let conn = open(dir.path());
        assert_eq!(version(&conn, &path).unwrap(), SCHEMA_VERSION);
        let events: i64 = conn
            .query_row("SELECT count(*) FROM events", [], |row| row.get(0))
            .unwrap();
        assert_eq!(events, 0);
        let raw: i64 = conn
            .query_row("SELECT count(*) FROM raw", [], |row| row.get(0))
            .unwrap();
        assert_eq!(raw, 1);
        let entities: i64 = conn
            .query_row("SELECT count(*) FROM entities", [], |row| row.get(0))
            .unwrap();
        assert_eq!(entities, 0);
    }

    #[test]
    fn a_version_3_store_gains_event_date_sources() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tidings.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.execute_batch(SCHEMA_V2).unwrap();
            conn.execute_batch(SCHEMA_V3).unwrap();
            conn.execute_batch("PRAGMA user_version = 3").unwrap();
            conn.execute(
                "INSERT INTO events (key, cameo, plover, root, quad_class, goldstein) \
                 VALUES ('k', '041', 'CONSULT', '04', 1, 1.0)",
                [],
            )
            .unwrap();
        }
        let conn = open(dir.path());
        assert_eq!(version(&conn, &path).unwrap(), SCHEMA_VERSION);
        let source: Option<String> = conn
            .query_row(
                "SELECT date_source FROM events WHERE key = 'k'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(source, None);
        let columns: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('event_mentions') \
                 WHERE name = 'date_source'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(columns, 1);
    }

    #[test]
    fn a_version_4_store_gains_stories_and_keeps_its_events() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tidings.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA_V1).unwrap();
            conn.execute_batch(SCHEMA_V2).unwrap();
            conn.execute_batch(SCHEMA_V3).unwrap();
            conn.execute_batch(SCHEMA_V4).unwrap();
            conn.execute_batch("PRAGMA user_version = 4").unwrap();
            conn.execute(
                "INSERT INTO events (key, cameo, plover, root, quad_class, goldstein, \
                 mentions, articles, sources, date_source) \
                 VALUES ('k', '041', 'CONSULT', '04', 1, 1.0, 3, 2, 2, 'sentence')",
                [],
            )
            .unwrap();
        }
        let conn = open(dir.path());
        assert_eq!(version(&conn, &path).unwrap(), SCHEMA_VERSION);
        let counts: (i64, i64, i64, i64, String) = conn
            .query_row(
                "SELECT mentions, articles, sources, stories, date_source FROM events",
                [],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(counts, (3, 2, 2, 0, "sentence".to_string()));
        for table in ["placements", "stories", "dedup_state"] {
            let rows: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                    row.get(0)
                })
                .unwrap();
            assert_eq!(rows, 0, "{table}");
        }
        // A placement needs its raw document.
        let err = conn
            .execute(
                "INSERT INTO placements (article, seq, time, story) \
                 VALUES ('00000000000000000000000000000000', 0, 0, 1)",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    }

    #[test]
    fn an_article_without_its_raw_document_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(dir.path());
        let err = conn
            .execute(
                "INSERT INTO articles (id, authors, text, paragraphs, removed) \
                 VALUES ('00000000000000000000000000000000', '[]', 'x', '[]', '[]')",
                [],
            )
            .unwrap_err();
        assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    }
}
