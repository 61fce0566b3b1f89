//! Store-wide entity resolution for a whole batch in memory: the store
//! entities a batch can meet are read in two queries, every document
//! entity is linked in order by the four steps of `crate::resolve` exactly
//! as `sqlite/link.rs` runs them in SQL (same candidates, same order, same
//! ties), and what changed is written back in a few statements.
//!
//! Which store entities can a batch meet? Resolution looks entities up by
//! a normalised name only (the document entity's own, or one of its
//! aliases), as an entity's canonical name or as one of its names; so the
//! entities whose canonical name or any name is among the batch's names
//! are all it can find, and all it can change. They are read with all
//! their names (a new canonical name is chosen among them). Roles are only
//! ever added up, so they are sent as sums.
//!
//! Only additions (a document put for the first time) go through here;
//! taking a document back runs the SQL code.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use postgres::types::ToSql;
use tidings_model::{Annotations, Entity};

use crate::resolve::{self, Side};
use crate::sql::pg::PgConn;
use crate::sql::{Result, Value};
use crate::sqlite::annotations::per_store;
use crate::sqlite::link::Contribution;

/// Ids of entities founded in memory start here (above any id the
/// sequence gives), in the order they were founded, so that "the oldest"
/// compares as it will once they have their ids.
const PROVISIONAL: i64 = 1 << 62;

/// A store entity as the batch sees it.
#[derive(Debug)]
struct Ent {
    kind: String,
    name: String,
    norm: String,
    country: Option<String>,
    country_docs: i64,
    articles: i64,
    mentions: i64,
    /// Changed by the batch (to be written back).
    touched: bool,
    /// Deleted by the batch (nothing names it any more).
    deleted: bool,
}

/// One of an entity's names.
#[derive(Debug)]
struct NameRow {
    name: String,
    canonical_docs: i64,
    alias_docs: i64,
}

/// The store entities a batch can meet, changed in memory.
#[derive(Debug, Default)]
pub(super) struct Overlay {
    entities: BTreeMap<i64, Ent>,
    /// Each entity's names, by normalised name.
    names: BTreeMap<i64, BTreeMap<String, NameRow>>,
    /// Live entities by canonical normalised name.
    by_norm: HashMap<String, BTreeSet<i64>>,
    /// Live entities by any of their normalised names.
    by_name: HashMap<String, BTreeSet<i64>>,
    /// Name rows the batch changed: written as they end (or deleted).
    changed_names: BTreeSet<(i64, String)>,
    /// Roles added: (entity, normalised role) → (role as first written, documents).
    roles: BTreeMap<(i64, String), (String, i64)>,
    /// Entities founded so far.
    founded: i64,
}

/// The real ids of the entities founded in memory.
#[derive(Debug)]
pub(super) struct Founded {
    ids: Vec<i64>,
}

impl Founded {
    /// The id to store for `id` (a provisional one becomes its real one).
    pub(super) fn real(&self, id: i64) -> i64 {
        if id >= PROVISIONAL {
            let at = usize::try_from(id - PROVISIONAL).unwrap_or(usize::MAX);
            self.ids.get(at).copied().unwrap_or(id)
        } else {
            id
        }
    }
}

impl Overlay {
    /// Reads the store entities the document entities `entities` can meet.
    pub(super) fn load<'e>(
        conn: &PgConn<'_>,
        entities: impl Iterator<Item = &'e Entity>,
    ) -> Result<Overlay> {
        let mut norms = BTreeSet::new();
        for entity in entities {
            let contribution = Contribution::of(entity);
            norms.extend(contribution.aliases.into_iter().map(|(norm, _)| norm));
            norms.insert(contribution.norm);
        }
        let mut overlay = Overlay::default();
        if norms.is_empty() {
            return Ok(overlay);
        }
        let norms: Vec<String> = norms.into_iter().collect();
        let rows = conn.query_pg(
            "SELECT id, kind, name, norm, country, country_docs, articles, mentions \
             FROM entities WHERE norm = ANY($1) \
                OR id IN (SELECT entity FROM entity_names WHERE norm = ANY($1))",
            &[&norms as &(dyn ToSql + Sync)],
        )?;
        for row in rows {
            let id: i64 = row.try_get(0)?;
            let ent = Ent {
                kind: row.try_get(1)?,
                name: row.try_get(2)?,
                norm: row.try_get(3)?,
                country: row.try_get(4)?,
                country_docs: row.try_get(5)?,
                articles: row.try_get(6)?,
                mentions: row.try_get(7)?,
                touched: false,
                deleted: false,
            };
            overlay
                .by_norm
                .entry(ent.norm.clone())
                .or_default()
                .insert(id);
            overlay.entities.insert(id, ent);
        }
        let ids: Vec<i64> = overlay.entities.keys().copied().collect();
        let rows = conn.query_pg(
            "SELECT entity, norm, name, canonical_docs, alias_docs FROM entity_names \
             WHERE entity = ANY($1)",
            &[&ids as &(dyn ToSql + Sync)],
        )?;
        for row in rows {
            let id: i64 = row.try_get(0)?;
            let norm: String = row.try_get(1)?;
            overlay.by_name.entry(norm.clone()).or_default().insert(id);
            overlay.names.entry(id).or_default().insert(
                norm,
                NameRow {
                    name: row.try_get(2)?,
                    canonical_docs: row.try_get(3)?,
                    alias_docs: row.try_get(4)?,
                },
            );
        }
        Ok(overlay)
    }

    /// Links a document's entities as `annotations::insert` does: each
    /// resolved and contributed in turn, then each store entity counted
    /// and settled once. Returns the store entity (maybe provisional, see
    /// [`Overlay::write`]) and confidence of each document entity.
    pub(super) fn link_document(&mut self, annotations: &Annotations) -> Vec<(i64, f64)> {
        let mut links = Vec::with_capacity(annotations.entities.len());
        for entity in &annotations.entities {
            let contribution = Contribution::of(entity);
            let (store, confidence) = self.resolve(&contribution);
            self.contribute(store, &contribution);
            links.push((store, confidence));
        }
        for (store, mentions) in per_store(annotations, &links) {
            if let Some(ent) = self.entities.get_mut(&store) {
                ent.articles += 1;
                ent.mentions += mentions;
                ent.touched = true;
            }
            self.settle(store);
        }
        links
    }

    fn live(&self, id: i64) -> Option<&Ent> {
        self.entities.get(&id).filter(|ent| !ent.deleted)
    }

    /// Live entities of `kind` whose canonical name is `norm`, by id.
    fn named(&self, norm: &str, kind: &str) -> Vec<i64> {
        self.by_norm
            .get(norm)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&id| self.live(id).is_some_and(|ent| ent.kind == kind))
            .collect()
    }

    /// Live entities of `kind` that carry `norm` as a name (canonical ones
    /// only when `canonical`), by id.
    fn carrying(&self, norm: &str, kind: &str, canonical: bool) -> Vec<i64> {
        self.by_name
            .get(norm)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&id| self.live(id).is_some_and(|ent| ent.kind == kind))
            .filter(|id| {
                !canonical
                    || self
                        .names
                        .get(id)
                        .and_then(|names| names.get(norm))
                        .is_some_and(|row| row.canonical_docs > 0)
            })
            .collect()
    }

    /// `link::resolve` in memory.
    fn resolve(&mut self, doc: &Contribution<'_>) -> (i64, f64) {
        let kind = doc.kind.as_str();
        // 1. Exact canonical name, same kind, no country contradiction.
        let mut exact: Vec<(i64, Option<&str>, i64)> = self
            .named(&doc.norm, kind)
            .into_iter()
            .filter_map(|id| self.live(id).map(|ent| (id, ent)))
            .filter(|(_, ent)| {
                !resolve::countries_differ(doc.country.as_deref(), ent.country.as_deref())
            })
            .map(|(id, ent)| (id, ent.country.as_deref(), ent.articles))
            .collect();
        if !exact.is_empty() {
            let confidence = if exact.len() == 1 {
                resolve::EXACT
            } else {
                resolve::EXACT_AMBIGUOUS
            };
            let same =
                |country: Option<&str>| doc.country.is_some() && country == doc.country.as_deref();
            exact.sort_by(|(a, a_country, a_articles), (b, b_country, b_articles)| {
                same(*b_country)
                    .cmp(&same(*a_country))
                    .then(b_articles.cmp(a_articles))
                    .then(a.cmp(b))
            });
            return (exact[0].0, confidence);
        }
        // 2. Alias, when exactly one store entity of this kind carries the names.
        if let Some(id) = self.resolve_by_alias(doc) {
            return (id, resolve::ALIAS);
        }
        // 3. An organisation named like a location of the same country, or back.
        if let Some(other) = resolve::metonym_of(doc.kind) {
            let mut candidates: Vec<(i64, &Ent)> = self
                .named(&doc.norm, other.as_str())
                .into_iter()
                .filter_map(|id| self.live(id).map(|ent| (id, ent)))
                .collect();
            candidates.sort_by(|(a, a_ent), (b, b_ent)| {
                b_ent.articles.cmp(&a_ent.articles).then(a.cmp(b))
            });
            if let Some(&(id, _)) = candidates
                .iter()
                .find(|(_, ent)| ent.country == doc.country)
            {
                return (id, resolve::METONYM);
            }
        }
        // 4. A new store entity.
        let id = PROVISIONAL + self.founded;
        self.founded += 1;
        self.entities.insert(
            id,
            Ent {
                kind: kind.to_string(),
                name: doc.name.to_string(),
                norm: doc.norm.clone(),
                country: None,
                country_docs: 0,
                articles: 0,
                mentions: 0,
                touched: true,
                deleted: false,
            },
        );
        self.by_norm.entry(doc.norm.clone()).or_default().insert(id);
        (id, resolve::EXACT)
    }

    /// `link::resolve_by_alias` in memory.
    fn resolve_by_alias(&self, doc: &Contribution<'_>) -> Option<i64> {
        let kind = doc.kind.as_str();
        let mut matched = BTreeSet::new();
        let mut carriers = BTreeSet::new();
        for id in self.carrying(&doc.norm, kind, false) {
            matched.insert(id);
            carriers.insert(id);
        }
        for (alias, _) in &doc.aliases {
            matched.extend(self.named(alias, kind));
            matched.extend(self.carrying(alias, kind, true));
            carriers.extend(self.carrying(alias, kind, false));
        }
        carriers.extend(matched.iter().copied());
        let (Some(&id), 1, 1) = (matched.first(), matched.len(), carriers.len()) else {
            return None;
        };
        let candidate = self.live(id)?;
        let store = Side {
            kind: doc.kind,
            norm: &candidate.norm,
            country: candidate.country.as_deref(),
        };
        if resolve::contradicts(doc.side(), store) {
            return None;
        }
        Some(id)
    }

    /// `link::contribute` with sign 1, in memory.
    fn contribute(&mut self, store: i64, doc: &Contribution<'_>) {
        self.add_name(store, &doc.norm, doc.name, 1, 0);
        for (alias_norm, alias) in &doc.aliases {
            self.add_name(store, alias_norm, alias, 0, 1);
        }
        for (role_norm, text) in &doc.roles {
            self.roles
                .entry((store, role_norm.clone()))
                .or_insert_with(|| (text.to_string(), 0))
                .1 += 1;
        }
        if let Some(country) = &doc.country {
            if let Some(ent) = self.entities.get_mut(&store) {
                if ent.country.is_none() || ent.country.as_ref() == Some(country) {
                    ent.country_docs += 1;
                }
                if ent.country.is_none() {
                    ent.country = Some(country.clone());
                }
                ent.touched = true;
            }
        }
    }

    fn add_name(&mut self, store: i64, norm: &str, name: &str, canonical: i64, alias: i64) {
        let row = self
            .names
            .entry(store)
            .or_default()
            .entry(norm.to_string())
            .or_insert_with(|| NameRow {
                name: name.to_string(),
                canonical_docs: 0,
                alias_docs: 0,
            });
        row.canonical_docs += canonical;
        row.alias_docs += alias;
        self.by_name
            .entry(norm.to_string())
            .or_default()
            .insert(store);
        self.changed_names.insert((store, norm.to_string()));
    }

    fn drop_name(&mut self, store: i64, norm: &str) {
        if let Some(names) = self.names.get_mut(&store) {
            names.remove(norm);
        }
        if let Some(ids) = self.by_name.get_mut(norm) {
            ids.remove(&store);
        }
        self.changed_names.insert((store, norm.to_string()));
    }

    /// `link::settle` in memory.
    fn settle(&mut self, store: i64) {
        let gone: Vec<String> = self
            .names
            .get(&store)
            .into_iter()
            .flatten()
            .filter(|(_, row)| row.canonical_docs <= 0 && row.alias_docs <= 0)
            .map(|(norm, _)| norm.clone())
            .collect();
        for norm in gone {
            self.drop_name(store, &norm);
        }
        let Some(ent) = self.entities.get_mut(&store).filter(|ent| !ent.deleted) else {
            return;
        };
        if ent.country_docs <= 0 && (ent.country.is_some() || ent.country_docs != 0) {
            ent.country = None;
            ent.country_docs = 0;
        }
        if ent.articles <= 0 {
            ent.deleted = true;
            ent.touched = true;
            let norm = ent.norm.clone();
            if let Some(ids) = self.by_norm.get_mut(&norm) {
                ids.remove(&store);
            }
            let all: Vec<String> = self
                .names
                .get(&store)
                .into_iter()
                .flatten()
                .map(|(norm, _)| norm.clone())
                .collect();
            for norm in all {
                self.drop_name(store, &norm);
            }
            return;
        }
        let mut names: Vec<resolve::NameCandidate> = self
            .names
            .get(&store)
            .into_iter()
            .flatten()
            .filter(|(_, row)| row.canonical_docs > 0)
            .map(|(norm, row)| resolve::NameCandidate {
                name: row.name.clone(),
                norm: norm.clone(),
                docs: row.canonical_docs,
            })
            .collect();
        names.sort_by(resolve::better_canonical);
        if let Some(best) = names
            .into_iter()
            .next()
            .filter(|best| best.name != ent.name || best.norm != ent.norm)
        {
            if best.norm != ent.norm {
                if let Some(ids) = self.by_norm.get_mut(&ent.norm) {
                    ids.remove(&store);
                }
                self.by_norm
                    .entry(best.norm.clone())
                    .or_default()
                    .insert(store);
            }
            ent.name = best.name;
            ent.norm = best.norm;
        }
    }

    /// Writes what the batch changed: founded entities (their ids taken
    /// from the sequence in the order they were founded), changed and
    /// deleted ones, their names and roles. Returns the founded ids.
    pub(super) fn write(self, conn: &PgConn<'_>) -> Result<Founded> {
        let founded = if self.founded > 0 {
            let rows = conn.query_pg(
                "SELECT nextval(pg_get_serial_sequence('entities', 'id')) \
                 FROM generate_series(1, $1::bigint) ORDER BY 1",
                &[&self.founded as &(dyn ToSql + Sync)],
            )?;
            let mut ids = Vec::with_capacity(rows.len());
            for row in rows {
                ids.push(row.try_get::<_, i64>(0)?);
            }
            Founded { ids }
        } else {
            Founded { ids: Vec::new() }
        };
        let ent_row = |id: i64, ent: &Ent| {
            vec![
                Value::Int(founded.real(id)),
                Value::Text(ent.kind.clone()),
                Value::Text(ent.name.clone()),
                Value::Text(ent.norm.clone()),
                ent.country.clone().map_or(Value::Null, Value::Text),
                Value::Int(ent.country_docs),
                Value::Int(ent.articles),
                Value::Int(ent.mentions),
            ]
        };
        let mut new_rows = Vec::new();
        let mut changed_rows = Vec::new();
        let mut deleted = Vec::new();
        for (&id, ent) in &self.entities {
            match (id >= PROVISIONAL, ent.deleted, ent.touched) {
                (true, false, _) => new_rows.push(ent_row(id, ent)),
                (false, true, _) => deleted.push(id),
                (false, false, true) => changed_rows.push(ent_row(id, ent)),
                _ => {}
            }
        }
        let columns = [
            "id",
            "kind",
            "name",
            "norm",
            "country",
            "country_docs",
            "articles",
            "mentions",
        ];
        if !new_rows.is_empty() {
            conn.insert_unnest("entities", &columns, new_rows, "")?;
        }
        if !changed_rows.is_empty() {
            // Upserts of rows that exist: an update of every column but the kind.
            conn.insert_unnest(
                "entities",
                &columns,
                changed_rows,
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, norm = excluded.norm, \
                 country = excluded.country, country_docs = excluded.country_docs, \
                 articles = excluded.articles, mentions = excluded.mentions",
            )?;
        }
        let mut name_rows = Vec::new();
        let mut gone_entities = Vec::new();
        let mut gone_norms = Vec::new();
        for (id, norm) in &self.changed_names {
            match self.names.get(id).and_then(|names| names.get(norm)) {
                Some(row) => name_rows.push(vec![
                    Value::Int(founded.real(*id)),
                    Value::Text(norm.clone()),
                    Value::Text(row.name.clone()),
                    Value::Int(row.canonical_docs),
                    Value::Int(row.alias_docs),
                ]),
                None if *id < PROVISIONAL => {
                    gone_entities.push(*id);
                    gone_norms.push(norm.clone());
                }
                None => {}
            }
        }
        if !gone_entities.is_empty() {
            conn.execute_pg(
                "DELETE FROM entity_names n USING unnest($1::bigint[], $2::text[]) AS d(entity, norm) \
                 WHERE n.entity = d.entity AND n.norm = d.norm",
                &[
                    &gone_entities as &(dyn ToSql + Sync),
                    &gone_norms as &(dyn ToSql + Sync),
                ],
            )?;
        }
        if !name_rows.is_empty() {
            conn.insert_unnest(
                "entity_names",
                &["entity", "norm", "name", "canonical_docs", "alias_docs"],
                name_rows,
                "ON CONFLICT (entity, norm) DO UPDATE SET name = excluded.name, \
                 canonical_docs = excluded.canonical_docs, alias_docs = excluded.alias_docs",
            )?;
        }
        let role_rows: Vec<Vec<Value>> = self
            .roles
            .iter()
            .filter(|((id, _), _)| self.entities.get(id).is_some_and(|ent| !ent.deleted))
            .map(|((id, norm), (text, docs))| {
                vec![
                    Value::Int(founded.real(*id)),
                    Value::Text(norm.clone()),
                    Value::Text(text.clone()),
                    Value::Int(*docs),
                ]
            })
            .collect();
        if !role_rows.is_empty() {
            conn.insert_unnest(
                "entity_roles",
                &["entity", "norm", "role", "docs"],
                role_rows,
                "ON CONFLICT (entity, norm) DO UPDATE SET docs = entity_roles.docs + excluded.docs",
            )?;
        }
        if !deleted.is_empty() {
            let deleted = &deleted as &(dyn ToSql + Sync);
            for sql in [
                "DELETE FROM entity_names WHERE entity = ANY($1)",
                "DELETE FROM entity_roles WHERE entity = ANY($1)",
                "DELETE FROM entities WHERE id = ANY($1)",
            ] {
                conn.execute_pg(sql, &[deleted])?;
            }
        }
        Ok(founded)
    }
}
