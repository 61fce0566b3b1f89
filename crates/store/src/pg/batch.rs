//! A batch of new documents written to PostgreSQL in a handful of round
//! trips instead of one statement per row: raw documents in one `INSERT …
//! SELECT FROM unnest(…)`, articles, sentences, names, mentions, dates,
//! event reports, quotes and figures each in one binary `COPY`, the merged
//! events founded in one statement and settled in two, the site-block
//! counts in one.
//!
//! The result is the one the shared table code gives writing the documents
//! one after the other (`insert_new` in `pg/mod.rs`, the SQLite store's
//! order): store entities are resolved in memory ([`super::entities`]) in
//! the same order with the same rules, new entities and events take their
//! ids from the same sequences in the same order, and every statement that
//! reads rows runs after the rows it reads are written.

use std::collections::BTreeSet;
use std::path::Path;

use postgres::types::ToSql;

use super::entities::Overlay;
use super::{count_blocks, Blocks};
use crate::error::Result;
use crate::sql::pg::PgConn;
use crate::sql::{Connection as Sql, ToValue, Value};
use crate::sqlite::annotations::AnnotationRows;
use crate::sqlite::codec;
use crate::sqlite::facts::{self, FactRows, Report, Touched, EVENT_COLUMNS};
use crate::sqlite::{db, stories};
use crate::store::Put;

/// One document of a batch, checked and encoded.
pub(super) struct NewDoc<'a, 'p> {
    pub put: &'a Put<'p>,
    pub raw: &'a codec::EncodedRaw<'a>,
    pub article: &'a codec::EncodedArticle<'a>,
}

const RAW_COLUMNS: [&str; 10] = [
    "id",
    "path",
    "record",
    "byte_offset",
    "fetched",
    "media_type",
    "encoding",
    "hints",
    "size",
    "zbytes",
];
const ARTICLE_COLUMNS: [&str; 11] = [
    "id",
    "title",
    "lede",
    "lang",
    "published",
    "site",
    "url",
    "authors",
    "text",
    "paragraphs",
    "removed",
];

/// The PostgreSQL connection under `conn` (the batch code runs on
/// PostgreSQL only).
pub(super) fn pg<'c, 'a>(conn: &'c Sql<'a>, path: &Path) -> Result<&'c PgConn<'a>> {
    conn.pg().ok_or_else(|| crate::error::Error::Unsupported {
        path: path.to_path_buf(),
        why: "the batched writes need a PostgreSQL connection".into(),
    })
}

/// The documents of a batch stored but for their names, which
/// [`link_docs`] links to store entities under the store-wide lock.
pub(super) struct Stored<'d, 'a, 'p> {
    docs: Vec<&'d NewDoc<'a, 'p>>,
    /// For each document given, whether it was stored now.
    pub fresh: Vec<bool>,
}

/// Stores the documents of `docs` not stored yet, each with everything
/// found in it, as storing them one after the other would; a document
/// whose id is stored already (or came earlier in `docs`) is left alone.
/// Returns for each whether it was stored now. The merged events reported
/// are added to `touched` (to be settled before the transaction commits),
/// the site blocks of the new documents to `blocks`.
pub(super) fn insert_docs(
    conn: &Sql<'_>,
    path: &Path,
    docs: &[NewDoc<'_, '_>],
    touched: &mut Touched,
    blocks: &mut Blocks,
) -> Result<Vec<bool>> {
    let stored = store_docs(conn, path, docs, touched, blocks)?;
    link_docs(conn, path, &stored)?;
    Ok(stored.fresh)
}

/// The keys of the merged events the documents report (to lock them).
pub(super) fn event_keys(docs: &[NewDoc<'_, '_>]) -> Vec<String> {
    docs.iter()
        .flat_map(|doc| {
            doc.put
                .facts
                .events
                .iter()
                .map(|event| facts::event_key(event, doc.article.id))
        })
        .collect()
}

/// [`insert_docs`] but for linking names: raw documents, articles,
/// placements, facts (none of them store-wide but the placements).
pub(super) fn store_docs<'d, 'a, 'p>(
    conn: &Sql<'_>,
    path: &Path,
    docs: &'d [NewDoc<'a, 'p>],
    touched: &mut Touched,
    blocks: &mut Blocks,
) -> Result<Stored<'d, 'a, 'p>> {
    let what = "storing a batch";
    if docs.is_empty() {
        return Ok(Stored {
            docs: Vec::new(),
            fresh: Vec::new(),
        });
    }
    let pg = pg(conn, path)?;
    // Raw documents first: the ones the server did not know are new (a
    // repeated id in the batch is inserted once, at its first place).
    let raw_rows: Vec<Vec<Value>> = docs.iter().map(|doc| raw_row(doc.raw)).collect();
    let inserted: BTreeSet<String> = pg
        .insert_unnest(
            "raw",
            &RAW_COLUMNS,
            raw_rows,
            "ON CONFLICT (id) DO NOTHING RETURNING id",
        )
        .map_err(db(path, what))?
        .iter()
        .map(|row| row.try_get::<_, String>(0))
        .collect::<std::result::Result<_, _>>()
        .map_err(db(path, what))?;
    let mut seen = BTreeSet::new();
    let fresh: Vec<bool> = docs
        .iter()
        .map(|doc| inserted.contains(doc.raw.id) && seen.insert(doc.raw.id))
        .collect();
    let new_docs: Vec<&NewDoc<'_, '_>> = docs
        .iter()
        .zip(&fresh)
        .filter(|(_, fresh)| **fresh)
        .map(|(doc, _)| doc)
        .collect();
    let article_rows: Vec<Vec<Value>> = new_docs
        .iter()
        .map(|doc| article_row(doc.article))
        .collect();
    conn.insert_rows("articles", &ARTICLE_COLUMNS, &article_rows)
        .map_err(db(path, what))?;
    // Placements before the facts: settling their events reads them.
    for doc in &new_docs {
        if let Some(placement) = doc.put.placement {
            stories::insert(conn, path, doc.article.id, placement, touched)?;
        }
    }
    insert_facts(conn, path, &new_docs, touched)?;
    for doc in &new_docs {
        if let Some(site) = doc.put.site_key {
            count_blocks(blocks, site, doc.put.fingerprints, 1);
        }
    }
    Ok(Stored {
        docs: new_docs,
        fresh,
    })
}

/// Links the names of documents [`store_docs`] stored to store entities
/// and writes their annotations (under the store-wide lock).
pub(super) fn link_docs(conn: &Sql<'_>, path: &Path, stored: &Stored<'_, '_, '_>) -> Result<()> {
    if stored.docs.is_empty() {
        return Ok(());
    }
    insert_annotations(conn, path, &stored.docs)
}

/// Links the documents' entities to store entities (in memory, in order)
/// and writes the store entities, then every annotation row.
fn insert_annotations(conn: &Sql<'_>, path: &Path, docs: &[&NewDoc<'_, '_>]) -> Result<()> {
    let what = "storing annotations";
    let pg = pg(conn, path)?;
    let mut overlay = Overlay::load(
        pg,
        docs.iter()
            .flat_map(|doc| doc.put.annotations.entities.iter()),
    )
    .map_err(db(path, what))?;
    let mut rows = AnnotationRows::default();
    for doc in docs {
        let links = overlay.link_document(doc.put.annotations);
        rows.add(doc.article.id, doc.put.annotations, &links)?;
    }
    let ids = overlay.write(pg).map_err(db(path, what))?;
    rows.map_entities(|id| ids.real(id));
    rows.write(conn, path)
}

/// Founds the merged events the documents report (in order, each key
/// once), then writes every report, quote and figure.
fn insert_facts(
    conn: &Sql<'_>,
    path: &Path,
    docs: &[&NewDoc<'_, '_>],
    touched: &mut Touched,
) -> Result<()> {
    let what = "storing facts";
    let pg = pg(conn, path)?;
    let mut reports = Vec::new();
    let mut event_rows = Vec::new();
    for doc in docs {
        for event in &doc.put.facts.events {
            let report = Report::of(doc.article.id, event)?;
            event_rows.push(report.event_row(event));
            reports.push(report);
        }
    }
    if !event_rows.is_empty() {
        // Every report takes a number from the sequence, as one insert per
        // report does, so ids are what they would be one at a time.
        pg.insert_unnest(
            "events",
            &EVENT_COLUMNS,
            event_rows,
            "ON CONFLICT (key) DO NOTHING",
        )
        .map_err(db(path, what))?;
        let unknown: Vec<&str> = reports
            .iter()
            .map(|report| report.key.as_str())
            .filter(|key| !touched.ids.contains_key(*key))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let found = pg
            .query_pg(
                "SELECT key, id FROM events WHERE key = ANY($1)",
                &[&unknown as &(dyn ToSql + Sync)],
            )
            .map_err(db(path, what))?;
        for row in found {
            let key: String = row.try_get(0).map_err(db(path, what))?;
            let id: i64 = row.try_get(1).map_err(db(path, what))?;
            touched.ids.insert(key, id);
        }
    }
    let mut rows = FactRows::default();
    let mut reports = reports.into_iter();
    for doc in docs {
        for (i, event) in doc.put.facts.events.iter().enumerate() {
            let Some(report) = reports.next() else {
                break;
            };
            let Some(&event_id) = touched.ids.get(&report.key) else {
                return Err(crate::error::Error::Corrupt {
                    path: path.to_path_buf(),
                    id: doc.article.id.to_string(),
                    why: format!("the merged event {} was not founded", report.key),
                });
            };
            rows.add_report(doc.article.id, i, event, &report, event_id);
            touched.events.insert(event_id);
        }
        rows.add_quotes_and_figures(doc.article.id, doc.put.facts);
    }
    rows.write(conn, path)
}

/// Recomputes every touched merged event from its reports in two
/// statements, as [`facts::settle`] does one event at a time: counts and
/// the descriptive columns of the most confident report, and events no
/// report is left for deleted.
pub(super) fn settle(conn: &Sql<'_>, path: &Path, touched: &Touched) -> Result<()> {
    let what = "merging events";
    if touched.events.is_empty() {
        return Ok(());
    }
    let Some(pg) = conn.pg() else {
        return facts::settle(conn, path, touched);
    };
    let events: Vec<i64> = touched.events.iter().copied().collect();
    let events = &events as &(dyn ToSql + Sync);
    pg.execute_pg(
        "WITH r AS ( \
             SELECT m.event, coalesce(p.duplicate_of, m.article) AS article, \
                    CASE WHEN o.id IS NULL THEN a.site ELSE o.site END AS site, \
                    coalesce(op.story, p.story) AS story \
             FROM event_mentions m \
             JOIN articles a ON a.id = m.article \
             LEFT JOIN placements p ON p.article = m.article \
             LEFT JOIN articles o ON o.id = p.duplicate_of \
             LEFT JOIN placements op ON op.article = p.duplicate_of \
             WHERE m.event = ANY($1)), \
         c AS ( \
             SELECT event, count(*) AS mentions, count(DISTINCT article) AS articles, \
                    count(DISTINCT site) \
                        + count(DISTINCT CASE WHEN site IS NULL THEN article END) AS sources, \
                    count(DISTINCT story) AS stories \
             FROM r GROUP BY event) \
         UPDATE events e SET \
             (source, target, plover, mode, root, quad_class, goldstein) = \
             (SELECT source, target, plover, mode, root, quad_class, goldstein \
              FROM event_mentions WHERE event = e.id \
              ORDER BY confidence DESC, article, idx LIMIT 1), \
             place = (SELECT place FROM event_mentions \
                      WHERE event = e.id AND place IS NOT NULL \
                      ORDER BY confidence DESC, article, idx LIMIT 1), \
             date_source = (SELECT date_source FROM event_mentions \
                            WHERE event = e.id AND date_source IS NOT NULL \
                            ORDER BY CASE date_source WHEN 'sentence' THEN 0 \
                                     WHEN 'paragraph' THEN 1 ELSE 2 END, \
                                     confidence DESC, article, idx LIMIT 1), \
             mentions = c.mentions, articles = c.articles, sources = c.sources, \
             stories = c.stories \
         FROM c WHERE e.id = c.event",
        &[events],
    )
    .map_err(db(path, what))?;
    pg.execute_pg(
        "DELETE FROM events e WHERE e.id = ANY($1) AND NOT EXISTS ( \
             SELECT 1 FROM event_mentions m JOIN articles a ON a.id = m.article \
             WHERE m.event = e.id)",
        &[events],
    )
    .map_err(db(path, what))?;
    Ok(())
}

/// Applies a batch's changes to the site-block counts in one statement.
pub(super) fn add_blocks(conn: &Sql<'_>, path: &Path, blocks: &Blocks) -> Result<()> {
    let rows: Vec<Vec<Value>> = blocks
        .iter()
        .filter(|(_, docs)| **docs != 0)
        .map(|((site, fp), docs)| vec![site.to_value(), Value::Int(*fp), Value::Int(*docs)])
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    pg(conn, path)?
        .insert_unnest(
            "site_blocks",
            &["site", "fp", "docs"],
            rows,
            "ON CONFLICT (site, fp) DO UPDATE SET docs = site_blocks.docs + excluded.docs",
        )
        .map_err(db(path, "storing a batch"))?;
    Ok(())
}

fn raw_row(raw: &codec::EncodedRaw<'_>) -> Vec<Value> {
    vec![
        raw.id.to_value(),
        raw.path.to_value(),
        raw.record.to_value(),
        raw.offset.to_value(),
        raw.fetched.to_value(),
        raw.media_type.to_value(),
        raw.encoding.to_value(),
        raw.hints.to_value(),
        raw.size.to_value(),
        raw.zbytes.to_value(),
    ]
}

fn article_row(article: &codec::EncodedArticle<'_>) -> Vec<Value> {
    vec![
        article.id.to_value(),
        article.title.to_value(),
        article.lede.to_value(),
        article.lang.to_value(),
        article.published.to_value(),
        article.site.to_value(),
        article.url.to_value(),
        article.authors.to_value(),
        article.text.to_value(),
        article.paragraphs.to_value(),
        article.removed.to_value(),
    ]
}
