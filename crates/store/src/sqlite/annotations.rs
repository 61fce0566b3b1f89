//! A document's annotations in the database: checked before storing, written
//! beside the article (each document entity linked to a store entity),
//! taken back when the article is replaced, and read back exactly as put.

use std::collections::BTreeMap;
use std::path::Path;

use crate::sql::{Connection, ToValue, Value};
use tidings_model::{
    Annotations, Article, DateMention, Entity, EntityKind, Mention, Sentence, Span,
};

use super::codec;
use super::db;
use super::link::{self, Contribution};
use crate::entity::EntityLink;
use crate::error::{Error, Result};
use crate::resolve;

/// Checks that annotations fit their article: every span cuts the text on
/// character boundaries, every mention points at an existing sentence and
/// entity, and every entity has a name.
pub(crate) fn validate(article: &Article, annotations: &Annotations) -> Result<()> {
    let bad = |why: String| Error::BadAnnotations {
        id: article.id.to_string(),
        why,
    };
    let text = article.text.as_str();
    let fits = |span: &Span| span.start <= span.end && span.slice(text).is_some();
    for (i, sentence) in annotations.sentences.iter().enumerate() {
        if !fits(&sentence.span) {
            return Err(bad(format!(
                "sentence {i} has span {}..{} outside the text ({} bytes)",
                sentence.span.start,
                sentence.span.end,
                text.len()
            )));
        }
        if let Some(token) = sentence.tokens.iter().find(|token| !fits(token)) {
            return Err(bad(format!(
                "a token of sentence {i} has span {}..{} outside the text",
                token.start, token.end
            )));
        }
    }
    for (i, entity) in annotations.entities.iter().enumerate() {
        if resolve::normalise(&entity.name).is_empty() {
            return Err(bad(format!("entity {i} has an empty name")));
        }
    }
    for (i, mention) in annotations.mentions.iter().enumerate() {
        if !fits(&mention.span) {
            return Err(bad(format!(
                "mention {i} has span {}..{} outside the text",
                mention.span.start, mention.span.end
            )));
        }
        if mention.entity >= annotations.entities.len() {
            return Err(bad(format!(
                "mention {i} names entity {} of {}",
                mention.entity,
                annotations.entities.len()
            )));
        }
        if mention.sentence >= annotations.sentences.len() {
            return Err(bad(format!(
                "mention {i} is in sentence {} of {}",
                mention.sentence,
                annotations.sentences.len()
            )));
        }
    }
    for (i, date) in annotations.dates.iter().enumerate() {
        if !fits(&date.span) {
            return Err(bad(format!(
                "date {i} has span {}..{} outside the text",
                date.span.start, date.span.end
            )));
        }
    }
    Ok(())
}

/// Stores a document's (validated) annotations and links its entities to
/// store entities, counting the article once per store entity it names.
pub(crate) fn insert(
    conn: &Connection,
    path: &Path,
    id: &str,
    annotations: &Annotations,
) -> Result<()> {
    let what = "storing annotations";
    let mut links = Vec::with_capacity(annotations.entities.len());
    for entity in &annotations.entities {
        let contribution = Contribution::of(entity);
        let (store, confidence) = link::resolve(conn, &contribution).map_err(db(path, what))?;
        link::contribute(conn, store, &contribution, 1).map_err(db(path, what))?;
        links.push((store, confidence));
    }
    for (store, mentions) in per_store(annotations, &links) {
        link::count(conn, store, 1, mentions).map_err(db(path, what))?;
        link::settle(conn, store).map_err(db(path, what))?;
    }
    let mut rows = AnnotationRows::default();
    rows.add(id, annotations, &links)?;
    rows.write(conn, path)
}

/// The store entities a document's entities were linked to (`links`, one
/// per document entity), each once, with how many of the document's
/// mentions name it: two document entities may land on one store entity,
/// and the article counts once for it.
pub(crate) fn per_store(annotations: &Annotations, links: &[(i64, f64)]) -> BTreeMap<i64, i64> {
    let mut per_store: BTreeMap<i64, i64> = links.iter().map(|&(store, _)| (store, 0)).collect();
    for mention in &annotations.mentions {
        if let Some(n) = links
            .get(mention.entity)
            .and_then(|(store, _)| per_store.get_mut(store))
        {
            *n += 1;
        }
    }
    per_store
}

const SENTENCE_COLUMNS: [&str; 5] = ["article", "idx", "start_byte", "end_byte", "tokens"];
const DOC_ENTITY_COLUMNS: [&str; 10] = [
    "article",
    "idx",
    "name",
    "kind",
    "aliases",
    "country",
    "roles",
    "mentions",
    "entity",
    "confidence",
];
const MENTION_COLUMNS: [&str; 9] = [
    "article",
    "idx",
    "start_byte",
    "end_byte",
    "text",
    "kind",
    "sentence",
    "doc_entity",
    "entity",
];
const DATE_COLUMNS: [&str; 7] = [
    "article",
    "idx",
    "start_byte",
    "end_byte",
    "text",
    "date",
    "precision",
];
/// Where the store entity is in a `doc_entities` row and a `mentions` row.
const DOC_ENTITY_STORE: usize = 8;
const MENTION_STORE: usize = 8;

/// The rows documents' annotations add to `sentences`, `doc_entities`,
/// `mentions` and `dates`, gathered before they are written: one document
/// at a time on SQLite, a whole batch at once on PostgreSQL (one `COPY` per
/// table).
#[derive(Debug, Default)]
pub(crate) struct AnnotationRows {
    sentences: Vec<Vec<Value>>,
    doc_entities: Vec<Vec<Value>>,
    mentions: Vec<Vec<Value>>,
    dates: Vec<Vec<Value>>,
}

impl AnnotationRows {
    /// Adds a document's rows; `links` holds the store entity and the
    /// confidence of each document entity.
    pub(crate) fn add(
        &mut self,
        id: &str,
        annotations: &Annotations,
        links: &[(i64, f64)],
    ) -> Result<()> {
        let encode = |value: &[String]| {
            serde_json::to_string(value).map_err(|err| Error::Encode {
                id: id.to_string(),
                why: err.to_string(),
            })
        };
        for (i, sentence) in annotations.sentences.iter().enumerate() {
            self.sentences.push(vec![
                Value::Text(id.to_string()),
                Value::Int(sql_int(i)),
                Value::Int(sql_int(sentence.span.start)),
                Value::Int(sql_int(sentence.span.end)),
                Value::Blob(codec::encode_tokens(&sentence.tokens)),
            ]);
        }
        for (i, (entity, (store, confidence))) in annotations.entities.iter().zip(links).enumerate()
        {
            self.doc_entities.push(vec![
                Value::Text(id.to_string()),
                Value::Int(sql_int(i)),
                entity.name.to_value(),
                entity.kind.as_str().to_value(),
                Value::Text(encode(&entity.aliases)?),
                entity.country.to_value(),
                Value::Text(encode(&entity.roles)?),
                Value::Int(sql_int(entity.mentions)),
                Value::Int(*store),
                Value::Real(*confidence),
            ]);
        }
        for (i, mention) in annotations.mentions.iter().enumerate() {
            let Some(&(store, _)) = links.get(mention.entity) else {
                continue; // `validate` refused this already.
            };
            self.mentions.push(vec![
                Value::Text(id.to_string()),
                Value::Int(sql_int(i)),
                Value::Int(sql_int(mention.span.start)),
                Value::Int(sql_int(mention.span.end)),
                mention.text.to_value(),
                mention.kind.as_str().to_value(),
                Value::Int(sql_int(mention.sentence)),
                Value::Int(sql_int(mention.entity)),
                Value::Int(store),
            ]);
        }
        for (i, date) in annotations.dates.iter().enumerate() {
            self.dates.push(vec![
                Value::Text(id.to_string()),
                Value::Int(sql_int(i)),
                Value::Int(sql_int(date.span.start)),
                Value::Int(sql_int(date.span.end)),
                date.text.to_value(),
                date.date.map(|date| date.to_string()).to_value(),
                codec::precision_str(date.precision).to_value(),
            ]);
        }
        Ok(())
    }

    /// Renumbers the store entities the rows link to (entities founded in
    /// memory get their ids when they are written).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn map_entities(&mut self, mut id: impl FnMut(i64) -> i64) {
        let rows = self
            .doc_entities
            .iter_mut()
            .map(|row| &mut row[DOC_ENTITY_STORE])
            .chain(self.mentions.iter_mut().map(|row| &mut row[MENTION_STORE]));
        for value in rows {
            if let Value::Int(store) = value {
                *store = id(*store);
            }
        }
    }

    /// Writes the rows (after the store entities they link to).
    pub(crate) fn write(&self, conn: &Connection, path: &Path) -> Result<()> {
        let what = "storing annotations";
        conn.insert_rows("sentences", &SENTENCE_COLUMNS, &self.sentences)
            .map_err(db(path, what))?;
        conn.insert_rows("doc_entities", &DOC_ENTITY_COLUMNS, &self.doc_entities)
            .map_err(db(path, what))?;
        conn.insert_rows("mentions", &MENTION_COLUMNS, &self.mentions)
            .map_err(db(path, what))?;
        conn.insert_rows("dates", &DATE_COLUMNS, &self.dates)
            .map_err(db(path, what))
    }
}

/// Takes back a document's annotations: its contributions to store entities
/// and their counts, then its rows. Store entities nothing names any more are
/// deleted.
pub(crate) fn remove(conn: &Connection, path: &Path, id: &str) -> Result<()> {
    let what = "removing annotations";
    let (entities, links) = read_entities(conn, path, id)?;
    for (entity, link) in entities.iter().zip(&links) {
        link::contribute(conn, link.store, &Contribution::of(entity), -1)
            .map_err(db(path, what))?;
    }
    let mut per_store: BTreeMap<i64, i64> = links.iter().map(|link| (link.store, 0)).collect();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT entity, count(*) FROM mentions WHERE article = ?1 GROUP BY entity",
            )
            .map_err(db(path, what))?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(db(path, what))?;
        for row in rows {
            let (store, n) = row.map_err(db(path, what))?;
            *per_store.entry(store).or_insert(0) += n;
        }
    }
    for table in ["mentions", "sentences", "dates", "doc_entities"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE article = ?1"))
            .and_then(|mut stmt| stmt.execute([id]))
            .map_err(db(path, what))?;
    }
    for (&store, &mentions) in &per_store {
        link::count(conn, store, -1, -mentions).map_err(db(path, what))?;
        link::settle(conn, store).map_err(db(path, what))?;
    }
    Ok(())
}

/// A document's annotations as stored.
pub(crate) fn read(conn: &Connection, path: &Path, id: &str) -> Result<Annotations> {
    let what = "reading annotations";
    let decoder = codec::Decoder { path, id };
    let corrupt = |why: String| decoder.corrupt(why);
    let index = |n: i64, what: &str| decoder.index(n, what);
    let span = |start: i64, end: i64| decoder.span(start, end);

    let mut sentences = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT start_byte, end_byte, tokens FROM sentences WHERE article = ?1 ORDER BY idx",
            )
            .map_err(db(path, what))?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Vec<u8>>(2)?,
                ))
            })
            .map_err(db(path, what))?;
        for row in rows {
            let (start, end, tokens) = row.map_err(db(path, what))?;
            sentences.push(Sentence {
                span: span(start, end)?,
                tokens: codec::decode_tokens(&tokens).map_err(corrupt)?,
            });
        }
    }
    let (entities, _) = read_entities(conn, path, id)?;
    let mut mentions = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT start_byte, end_byte, text, kind, sentence, doc_entity FROM mentions \
                 WHERE article = ?1 ORDER BY idx",
            )
            .map_err(db(path, what))?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i64>(5)?,
                ))
            })
            .map_err(db(path, what))?;
        for row in rows {
            let (start, end, text, kind, sentence, entity) = row.map_err(db(path, what))?;
            mentions.push(Mention {
                span: span(start, end)?,
                text,
                kind: codec::parse_kind(&kind).map_err(corrupt)?,
                sentence: index(sentence, "sentence index")?,
                entity: index(entity, "entity index")?,
            });
        }
    }
    let mut dates = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT start_byte, end_byte, text, date, precision FROM dates \
                 WHERE article = ?1 ORDER BY idx",
            )
            .map_err(db(path, what))?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })
            .map_err(db(path, what))?;
        for row in rows {
            let (start, end, text, date, precision) = row.map_err(db(path, what))?;
            dates.push(DateMention {
                span: span(start, end)?,
                text,
                date: date
                    .as_deref()
                    .map(codec::parse_date)
                    .transpose()
                    .map_err(corrupt)?,
                precision: codec::parse_precision(&precision).map_err(corrupt)?,
            });
        }
    }
    Ok(Annotations {
        sentences,
        mentions,
        entities,
        dates,
    })
}

/// A document's entities and their links to store entities, in order.
pub(crate) fn read_entities(
    conn: &Connection,
    path: &Path,
    id: &str,
) -> Result<(Vec<Entity>, Vec<EntityLink>)> {
    let what = "reading document entities";
    let corrupt = |why: String| codec::Decoder { path, id }.corrupt(why);
    let mut stmt = conn
        .prepare_cached(
            "SELECT name, kind, aliases, country, roles, mentions, entity, confidence \
             FROM doc_entities WHERE article = ?1 ORDER BY idx",
        )
        .map_err(db(path, what))?;
    let rows = stmt
        .query_map([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, i64>(5)?,
                row.get::<_, i64>(6)?,
                row.get::<_, f64>(7)?,
            ))
        })
        .map_err(db(path, what))?;
    let mut entities = Vec::new();
    let mut links = Vec::new();
    for row in rows {
        let (name, kind, aliases, country, roles, mentions, store, confidence) =
            row.map_err(db(path, what))?;
        let kind: EntityKind = codec::parse_kind(&kind).map_err(corrupt)?;
        links.push(EntityLink {
            entity: entities.len(),
            store,
            confidence,
        });
        entities.push(Entity {
            name,
            kind,
            aliases: codec::parse_json(&aliases, "aliases").map_err(corrupt)?,
            country,
            roles: codec::parse_json(&roles, "roles").map_err(corrupt)?,
            mentions: usize::try_from(mentions)
                .map_err(|_| corrupt(format!("negative mention count {mentions}")))?,
        });
    }
    Ok((entities, links))
}

/// A count or byte offset as an SQLite integer (they always fit: they are
/// bounded by the size of a text in memory).
fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
