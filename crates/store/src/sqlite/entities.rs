//! Reading store-wide entities: the ranked list behind `tidings entities` and
//! the detail behind `tidings entity NAME` (mentions in their sentences,
//! co-occurring entities, a timeline by publication day).

use std::collections::BTreeMap;
use std::path::Path;

use crate::sql::{params, Connection, OptionalExtension};
use tidings_model::{EntityKind, Span};

use super::codec;
use super::db;
use crate::entity::{CoEntity, EntityDetail, EntitySummary, MentionHit};
use crate::error::{Error, Result};
use crate::resolve;

/// How many co-occurring entities [`EntityDetail::co_occurring`] lists.
const TOP_CO_OCCURRING: i64 = 20;

/// Store entities of `kind` (or all) whose name or an alias contains
/// `name` (normalised as names are; `None` lets all through), most articles
/// first, then most mentions, then by name.
pub(crate) fn list(
    conn: &Connection,
    path: &Path,
    kind: Option<EntityKind>,
    name: Option<&str>,
    limit: usize,
) -> Result<Vec<EntitySummary>> {
    let what = "listing entities";
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let name = name.map(resolve::normalise);
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM entities WHERE (CAST(?1 AS TEXT) IS NULL OR kind = ?1) \
               AND (CAST(?3 AS TEXT) IS NULL OR instr(norm, ?3) > 0 \
                    OR EXISTS (SELECT 1 FROM entity_names n WHERE n.entity = entities.id \
                               AND (n.canonical_docs > 0 OR n.alias_docs > 0) \
                               AND instr(n.norm, ?3) > 0)) \
             ORDER BY articles DESC, mentions DESC, name, id LIMIT ?2",
        )
        .and_then(|mut stmt| {
            stmt.query_map(
                params![kind.map(|kind| kind.as_str()), limit, name],
                |row| row.get(0),
            )?
            .collect()
        })
        .map_err(db(path, what))?;
    let mut summaries = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(summary) = summary(conn, path, id)? {
            summaries.push(summary);
        }
    }
    Ok(summaries)
}

/// Hands every store entity of `kind` (or all) to `visit`, ranked as
/// [`list`] ranks them, reading each summary as the cursor reaches it.
pub(crate) fn each(
    conn: &Connection,
    path: &Path,
    kind: Option<EntityKind>,
    visit: &mut dyn FnMut(EntitySummary) -> Result<()>,
) -> Result<()> {
    let what = "listing entities";
    let mut stmt = conn
        .prepare(
            "SELECT id FROM entities WHERE (CAST(?1 AS TEXT) IS NULL OR kind = ?1) \
             ORDER BY articles DESC, mentions DESC, name, id",
        )
        .map_err(db(path, what))?;
    let mut rows = stmt
        .query(params![kind.map(|kind| kind.as_str())])
        .map_err(db(path, what))?;
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let id: i64 = row.get(0).map_err(db(path, what))?;
        if let Some(summary) = summary(conn, path, id)? {
            visit(summary)?;
        }
    }
    Ok(())
}

/// One store entity with its names, roles and counts.
pub(crate) fn summary(conn: &Connection, path: &Path, id: i64) -> Result<Option<EntitySummary>> {
    let what = "reading an entity";
    let row = conn
        .prepare_cached(
            "SELECT name, kind, country, mentions, articles, norm FROM entities WHERE id = ?1",
        )
        .and_then(|mut stmt| {
            stmt.query_row([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, String>(5)?,
                ))
            })
            .optional()
        })
        .map_err(db(path, what))?;
    let Some((name, kind, country, mentions, articles, norm)) = row else {
        return Ok(None);
    };
    let kind = codec::parse_kind(&kind).map_err(|why| corrupt(path, id, why))?;
    let aliases: Vec<String> = conn
        .prepare_cached(
            "SELECT name FROM entity_names WHERE entity = ?1 AND norm != ?2 \
             AND (canonical_docs > 0 OR alias_docs > 0) ORDER BY norm, name",
        )
        .and_then(|mut stmt| {
            stmt.query_map(params![id, norm], |row| row.get(0))?
                .collect()
        })
        .map_err(db(path, what))?;
    let roles: Vec<String> = conn
        .prepare_cached(
            "SELECT role FROM entity_roles WHERE entity = ?1 AND docs > 0 ORDER BY norm, role",
        )
        .and_then(|mut stmt| stmt.query_map([id], |row| row.get(0))?.collect())
        .map_err(db(path, what))?;
    Ok(Some(EntitySummary {
        id,
        name,
        kind,
        aliases,
        country,
        roles,
        mentions: u64::try_from(mentions).unwrap_or(0),
        articles: u64::try_from(articles).unwrap_or(0),
    }))
}

/// The entity called `name` (canonical name first, then alias) in detail.
pub(crate) fn detail(
    conn: &Connection,
    path: &Path,
    name: &str,
    limit: usize,
) -> Result<Option<EntityDetail>> {
    let Some(id) = find(conn, path, name)? else {
        return Ok(None);
    };
    detail_of(conn, path, id, limit)
}

/// The entity with store id `id` in detail, as [`detail`] gives it.
pub(crate) fn detail_of(
    conn: &Connection,
    path: &Path,
    id: i64,
    limit: usize,
) -> Result<Option<EntityDetail>> {
    let Some(entity) = summary(conn, path, id)? else {
        return Ok(None);
    };
    let (timeline, undated) = timeline(conn, path, id)?;
    Ok(Some(EntityDetail {
        entity,
        mentions: mentions(conn, path, id, limit)?,
        co_occurring: co_occurring(conn, path, id)?,
        timeline,
        undated,
    }))
}

/// The store entity called `name`, as [`detail`] finds it: by canonical
/// name, else by alias, else (a single word) by a person's surname; the one
/// named in most articles when several match.
pub(crate) fn find(conn: &Connection, path: &Path, name: &str) -> Result<Option<i64>> {
    let what = "finding an entity";
    let norm = resolve::normalise(name);
    if norm.is_empty() {
        return Ok(None);
    }
    let by_name = conn
        .prepare_cached(
            "SELECT id FROM entities WHERE norm = ?1 \
             ORDER BY articles DESC, mentions DESC, id LIMIT 1",
        )
        .and_then(|mut stmt| {
            stmt.query_row([&norm], |row| row.get::<_, i64>(0))
                .optional()
        })
        .map_err(db(path, what))?;
    let id = match by_name {
        Some(id) => Some(id),
        None => conn
            .prepare_cached(
                "SELECT e.id FROM entity_names n JOIN entities e ON e.id = n.entity \
                 WHERE n.norm = ?1 AND (n.canonical_docs > 0 OR n.alias_docs > 0) \
                 ORDER BY e.articles DESC, e.mentions DESC, e.id LIMIT 1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([&norm], |row| row.get::<_, i64>(0))
                    .optional()
            })
            .map_err(db(path, what))?,
    };
    // Last, a bare surname: "Ilves" finds the person "Marta Ilves" when no
    // document used the surname alone (most articles wins, as above).
    Ok(match id {
        Some(id) => Some(id),
        None if !norm.contains(' ') => conn
            .prepare_cached(
                "SELECT id FROM entities WHERE kind = 'person' AND norm LIKE '% ' || ?1 ESCAPE '\\' \
                 ORDER BY articles DESC, mentions DESC, id LIMIT 1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([escape_like(&norm)], |row| row.get::<_, i64>(0))
                    .optional()
            })
            .map_err(db(path, what))?,
        None => None,
    })
}

/// An entity's mentions with their sentences, newest articles first.
fn mentions(conn: &Connection, path: &Path, id: i64, limit: usize) -> Result<Vec<MentionHit>> {
    let what = "reading an entity's mentions";
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut stmt = conn
        .prepare_cached(
            "SELECT m.article, a.title, a.published, m.text, m.start_byte, m.end_byte, \
                    s.start_byte, \
                    substr(CAST(a.text AS BLOB), CAST(s.start_byte + 1 AS INTEGER), \
                           CAST(s.end_byte - s.start_byte AS INTEGER)) \
             FROM mentions m \
             JOIN articles a ON a.id = m.article \
             LEFT JOIN sentences s ON s.article = m.article AND s.idx = m.sentence \
             WHERE m.entity = ?1 \
             ORDER BY a.published IS NULL, a.published DESC, m.article, m.idx \
             LIMIT ?2",
        )
        .map_err(db(path, what))?;
    let rows = stmt
        .query_map(params![id, limit], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, i64>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, Option<i64>>(6)?,
                row.get::<_, Option<Vec<u8>>>(7)?,
            ))
        })
        .map_err(db(path, what))?;
    let mut hits = Vec::new();
    for row in rows {
        let (doc, title, published, text, start, end, sentence_start, sentence) =
            row.map_err(db(path, what))?;
        let damaged = |why: String| Error::Corrupt {
            path: path.to_path_buf(),
            id: doc.clone(),
            why,
        };
        let sentence = sentence
            .map(String::from_utf8)
            .transpose()
            .map_err(|_| damaged("a sentence span does not fall on character boundaries".into()))?;
        // Without its sentence (never stored that way), the mention stands alone.
        let (sentence, range) = match (sentence, sentence_start) {
            (Some(sentence), Some(sentence_start)) => {
                let relative = |n: i64| usize::try_from(n - sentence_start).ok();
                let range = match (relative(start), relative(end)) {
                    (Some(start), Some(end)) if start <= end && end <= sentence.len() => {
                        Span::new(start, end)
                    }
                    _ => return Err(damaged("a mention lies outside its sentence".into())),
                };
                (sentence, range)
            }
            _ => {
                let range = Span::new(0, text.len());
                (text.clone(), range)
            }
        };
        hits.push(MentionHit {
            id: codec::parse_id(&doc).map_err(damaged)?,
            title,
            published: codec::parse_published(published.as_deref()).map_err(damaged)?,
            text,
            sentence,
            range,
        });
    }
    Ok(hits)
}

/// Entities sharing articles with `id`, most shared first.
fn co_occurring(conn: &Connection, path: &Path, id: i64) -> Result<Vec<CoEntity>> {
    let what = "reading co-occurring entities";
    let mut stmt = conn
        .prepare_cached(
            "SELECT e.id, e.name, e.kind, count(DISTINCT other.article) AS shared \
             FROM doc_entities mine \
             JOIN doc_entities other ON other.article = mine.article AND other.entity != ?1 \
             JOIN entities e ON e.id = other.entity \
             WHERE mine.entity = ?1 \
             GROUP BY e.id ORDER BY shared DESC, e.name, e.id LIMIT ?2",
        )
        .map_err(db(path, what))?;
    let rows = stmt
        .query_map(params![id, TOP_CO_OCCURRING], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
            ))
        })
        .map_err(db(path, what))?;
    let mut co = Vec::new();
    for row in rows {
        let (other, name, kind, articles) = row.map_err(db(path, what))?;
        co.push(CoEntity {
            id: other,
            name,
            kind: codec::parse_kind(&kind).map_err(|why| corrupt(path, other, why))?,
            articles: u64::try_from(articles).unwrap_or(0),
        });
    }
    Ok(co)
}

/// Mentions of `id` per publication day (oldest first) and in undated articles.
fn timeline(
    conn: &Connection,
    path: &Path,
    id: i64,
) -> Result<(Vec<(jiff::civil::Date, u64)>, u64)> {
    let what = "reading an entity's timeline";
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.id, a.published, count(*) FROM mentions m \
             JOIN articles a ON a.id = m.article \
             WHERE m.entity = ?1 GROUP BY a.id",
        )
        .map_err(db(path, what))?;
    let rows = stmt
        .query_map([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })
        .map_err(db(path, what))?;
    let mut days: BTreeMap<jiff::civil::Date, u64> = BTreeMap::new();
    let mut undated = 0;
    for row in rows {
        let (doc, published, n) = row.map_err(db(path, what))?;
        let n = u64::try_from(n).unwrap_or(0);
        let published =
            codec::parse_published(published.as_deref()).map_err(|why| Error::Corrupt {
                path: path.to_path_buf(),
                id: doc,
                why,
            })?;
        match published {
            Some(published) => *days.entry(published.date()).or_insert(0) += n,
            None => undated += n,
        }
    }
    Ok((days.into_iter().collect(), undated))
}

fn corrupt(path: &Path, entity: i64, why: String) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        id: format!("entity {entity}"),
        why,
    }
}

/// `text` with the LIKE wildcards `%` and `_` (and the escape itself) escaped
/// by a backslash.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
