//! The PostgreSQL schema: ordered migration steps, the version they reach
//! kept in `schema_version`, applied on open under an advisory lock so that
//! many processes opening one new database at once create it once.

use postgres::Client;

use crate::error::{Error, Result};

/// The PostgreSQL schema version this build writes and reads: the number of steps in
/// [`MIGRATIONS`].
pub const SCHEMA_VERSION: i32 = 1;

/// The key of the advisory lock held while the schema is checked and
/// upgraded ("tidings" in ASCII, as a number).
const MIGRATION_LOCK: i64 = 0x0074_6964_696e_6773;

/// Step `n` (counting from 0) brings a store of version `n` to version `n + 1`.
/// Never edit a step that has shipped: add one.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [V1];

/// Version 1: raw documents, articles with their full-text vector, site blocks.
///
/// Ids are compared byte-wise (`COLLATE "C"`), so that an id prefix is a
/// range and the order is the SQLite store's whatever the database's locale.
/// `raw.seq` numbers documents in the order they were first stored.
/// JSON lists are kept as text, exactly as encoded (`jsonb` would refuse a
/// `\u0000` escape that `serde_json` may write).
///
/// The text search configuration `tidings` is English with Snowball stems,
/// no stop words (FTS5 has none either: `the who` finds what it finds there)
/// and diacritics folded (`unaccent`). `articles.tsv` is generated from title
/// (weight A) and text (weight B) in the same statement that writes the row,
/// so an article and its index entry commit or roll back together.
const V1: &str = r#"
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY tidings_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION tidings (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION tidings
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, tidings_stem;

CREATE TABLE raw (
    id          text COLLATE "C" PRIMARY KEY,
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    path        text,
    record      bigint,
    byte_offset bigint,
    fetched     text,
    media_type  text NOT NULL,
    encoding    text NOT NULL,
    hints       text NOT NULL,
    size        bigint NOT NULL,
    zbytes      bytea NOT NULL
);

CREATE TABLE articles (
    id          text COLLATE "C" PRIMARY KEY REFERENCES raw(id),
    title       text,
    lede        text,
    lang        text,
    published   text,
    site        text,
    url         text,
    authors     text NOT NULL,
    text        text NOT NULL,
    paragraphs  text NOT NULL,
    removed     text NOT NULL,
    tsv         tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('tidings', coalesce(title, '')), 'A')
                    || setweight(to_tsvector('tidings', text), 'B')
                ) STORED
);
CREATE INDEX articles_tsv ON articles USING gin (tsv);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_site ON articles (site);
CREATE INDEX articles_lang ON articles (lang);

CREATE TABLE site_blocks (
    site text NOT NULL,
    fp   bigint NOT NULL,
    docs integer NOT NULL,
    PRIMARY KEY (site, fp)
);
"#;

/// Creates the schema in an empty database, upgrades an older one, or checks
/// that an existing one is not from a newer tidings; `target` names the
/// database in errors.
pub(crate) fn migrate(client: &mut Client, target: &str) -> Result<()> {
    let open_err = |source| Error::PgOpen {
        target: target.to_string(),
        source,
    };
    let mut tx = client.transaction().map_err(open_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(open_err)?;
    tx.batch_execute(
        "SET LOCAL client_min_messages = warning; \
         CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)",
    )
    .map_err(open_err)?;
    let found: Option<i32> = tx
        .query_one("SELECT max(version) FROM schema_version", &[])
        .and_then(|row| row.try_get(0))
        .map_err(open_err)?;
    let found = found.unwrap_or(0);
    check_not_newer(found, target)?;
    let done = usize::try_from(found).unwrap_or(0);
    for step in MIGRATIONS.iter().skip(done) {
        tx.batch_execute(step).map_err(open_err)?;
    }
    if found < SCHEMA_VERSION {
        tx.execute("DELETE FROM schema_version", &[])
            .map_err(open_err)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&SCHEMA_VERSION],
        )
        .map_err(open_err)?;
    }
    tx.commit().map_err(open_err)
}

fn check_not_newer(found: i32, target: &str) -> Result<()> {
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            path: target.into(),
            found: i64::from(found),
            supported: i64::from(SCHEMA_VERSION),
        });
    }
    Ok(())
}
