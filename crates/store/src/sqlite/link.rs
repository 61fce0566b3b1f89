//! Store-wide entity resolution in SQL: finds (or founds) the store entity
//! for a document entity following the rules in `crate::resolve`, and adds
//! or takes back what a document entity contributes to it (names, roles,
//! country; article and mention counts are added by the caller, per document).
//!
//! Every query orders its rows, so the same puts in the same order give the
//! same ids and rows.

use std::collections::BTreeSet;

use crate::sql::{params, Connection, OptionalExtension};
use tidings_model::{Entity, EntityKind};

use crate::resolve::{self, Side};

/// A store entity as resolution sees it.
struct Candidate {
    id: i64,
    norm: String,
    country: Option<String>,
}

/// What a document entity gives to its store entity, normalised.
pub(crate) struct Contribution<'a> {
    /// The kind the document gives it.
    pub kind: EntityKind,
    /// The canonical name as written.
    pub name: &'a str,
    /// Its normalised form.
    pub norm: String,
    /// Other names, normalised and deduplicated, without `norm`: `(norm, as written)`.
    pub aliases: Vec<(String, &'a str)>,
    /// Roles, normalised and deduplicated: `(norm, as written)`.
    pub roles: Vec<(String, &'a str)>,
    /// The country, normalised.
    pub country: Option<String>,
}

impl<'a> Contribution<'a> {
    /// The contribution of a document entity.
    pub fn of(entity: &'a Entity) -> Contribution<'a> {
        let norm = resolve::normalise(&entity.name);
        let mut seen = BTreeSet::from([norm.clone()]);
        let mut aliases = Vec::new();
        for alias in &entity.aliases {
            let alias_norm = resolve::normalise(alias);
            if !alias_norm.is_empty() && seen.insert(alias_norm.clone()) {
                aliases.push((alias_norm, alias.trim()));
            }
        }
        let mut seen = BTreeSet::new();
        let mut roles = Vec::new();
        for role in &entity.roles {
            let role_norm = resolve::normalise(role);
            if !role_norm.is_empty() && seen.insert(role_norm.clone()) {
                roles.push((role_norm, role.trim()));
            }
        }
        Contribution {
            kind: entity.kind,
            name: entity.name.trim(),
            norm,
            aliases,
            roles,
            country: resolve::normalise_country(entity.country.as_deref()),
        }
    }

    pub(crate) fn side(&self) -> Side<'_> {
        Side {
            kind: self.kind,
            norm: &self.norm,
            country: self.country.as_deref(),
        }
    }
}

/// Finds the store entity a document entity belongs to, or founds one.
/// Returns its id and the link's confidence.
pub(crate) fn resolve(conn: &Connection, doc: &Contribution<'_>) -> crate::sql::Result<(i64, f64)> {
    let kind = doc.kind.as_str();

    // 1. Exact canonical name, same kind, no country contradiction.
    let mut exact: Vec<(Candidate, i64)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, norm, country, articles FROM entities \
             WHERE norm = ?1 AND kind = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![doc.norm, kind], |row| {
            Ok((
                Candidate {
                    id: row.get(0)?,
                    norm: row.get(1)?,
                    country: row.get(2)?,
                },
                row.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (candidate, articles) = row?;
            if !resolve::countries_differ(doc.country.as_deref(), candidate.country.as_deref()) {
                exact.push((candidate, articles));
            }
        }
    }
    if !exact.is_empty() {
        let confidence = if exact.len() == 1 {
            resolve::EXACT
        } else {
            resolve::EXACT_AMBIGUOUS
        };
        // Same country first, then most articles, then the oldest.
        exact.sort_by(|(a, a_articles), (b, b_articles)| {
            let same = |c: &Candidate| doc.country.is_some() && c.country == doc.country;
            same(b)
                .cmp(&same(a))
                .then(b_articles.cmp(a_articles))
                .then(a.id.cmp(&b.id))
        });
        return Ok((exact[0].0.id, confidence));
    }

    // 2. Alias, when exactly one store entity of this kind carries the names.
    if let Some(id) = resolve_by_alias(conn, doc)? {
        return Ok((id, resolve::ALIAS));
    }

    // 3. An organisation named like a location of the same country, or back.
    if let Some(other) = resolve::metonym_of(doc.kind) {
        let mut stmt = conn.prepare_cached(
            "SELECT id, country FROM entities WHERE norm = ?1 AND kind = ?2 \
             ORDER BY articles DESC, id",
        )?;
        let rows = stmt.query_map(params![doc.norm, other.as_str()], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Option<String>>(1)?))
        })?;
        for row in rows {
            let (id, country) = row?;
            if country == doc.country {
                return Ok((id, resolve::METONYM));
            }
        }
    }

    // 4. A new store entity.
    let id = conn
        .prepare_cached("INSERT INTO entities (kind, name, norm) VALUES (?1, ?2, ?3) RETURNING id")?
        .query_row(params![kind, doc.name, doc.norm], |row| row.get(0))?;
    Ok((id, resolve::EXACT))
}

/// Step 2 of resolution: the single store entity the document entity's
/// names point at, if exactly one does and nothing contradicts.
fn resolve_by_alias(conn: &Connection, doc: &Contribution<'_>) -> crate::sql::Result<Option<i64>> {
    let kind = doc.kind.as_str();
    // Store entities that carry a name, as canonical or alias.
    let mut any_name = conn.prepare_cached(
        "SELECT DISTINCT e.id FROM entity_names n JOIN entities e ON e.id = n.entity \
         WHERE n.norm = ?1 AND e.kind = ?2 ORDER BY e.id",
    )?;
    // Store entities that carry a name as a canonical one.
    let mut canonical_name = conn.prepare_cached(
        "SELECT e.id FROM entities e WHERE e.norm = ?1 AND e.kind = ?2 \
         UNION SELECT e.id FROM entity_names n JOIN entities e ON e.id = n.entity \
         WHERE n.norm = ?1 AND e.kind = ?2 AND n.canonical_docs > 0 ORDER BY 1",
    )?;
    let mut matched = BTreeSet::new();
    let mut carriers = BTreeSet::new();
    for row in any_name.query_map(params![doc.norm, kind], |row| row.get::<_, i64>(0))? {
        let id = row?;
        matched.insert(id);
        carriers.insert(id);
    }
    for (alias, _) in &doc.aliases {
        for row in canonical_name.query_map(params![alias, kind], |row| row.get::<_, i64>(0))? {
            matched.insert(row?);
        }
        for row in any_name.query_map(params![alias, kind], |row| row.get::<_, i64>(0))? {
            carriers.insert(row?);
        }
    }
    carriers.extend(matched.iter().copied());
    let (Some(&id), 1, 1) = (matched.first(), matched.len(), carriers.len()) else {
        return Ok(None);
    };
    let candidate = conn
        .prepare_cached("SELECT id, norm, country FROM entities WHERE id = ?1")?
        .query_row([id], |row| {
            Ok(Candidate {
                id: row.get(0)?,
                norm: row.get(1)?,
                country: row.get(2)?,
            })
        })
        .optional()?;
    let Some(candidate) = candidate else {
        return Ok(None);
    };
    let store = Side {
        kind: doc.kind,
        norm: &candidate.norm,
        country: candidate.country.as_deref(),
    };
    if resolve::contradicts(doc.side(), store) {
        return Ok(None);
    }
    Ok(Some(candidate.id))
}

/// Adds (`sign` 1) or takes back (`sign` -1) what a document entity gives its
/// store entity: its names, roles and country.
pub(crate) fn contribute(
    conn: &Connection,
    store: i64,
    doc: &Contribution<'_>,
    sign: i64,
) -> crate::sql::Result<()> {
    let mut name = conn.prepare_cached(
        "INSERT INTO entity_names (entity, norm, name, canonical_docs, alias_docs) \
         VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT (entity, norm) DO UPDATE SET \
         canonical_docs = entity_names.canonical_docs + excluded.canonical_docs, \
         alias_docs = entity_names.alias_docs + excluded.alias_docs",
    )?;
    name.execute(params![store, doc.norm, doc.name, sign, 0])?;
    for (alias_norm, alias) in &doc.aliases {
        name.execute(params![store, alias_norm, alias, 0, sign])?;
    }
    let mut role = conn.prepare_cached(
        "INSERT INTO entity_roles (entity, norm, role, docs) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (entity, norm) DO UPDATE SET docs = entity_roles.docs + excluded.docs",
    )?;
    for (role_norm, text) in &doc.roles {
        role.execute(params![store, role_norm, text, sign])?;
    }
    if let Some(country) = &doc.country {
        // Every expression reads the old row: a first country is taken, the
        // same country counted, another one (never linked) ignored.
        conn.prepare_cached(
            "UPDATE entities SET \
             country = CASE WHEN ?3 > 0 THEN coalesce(country, ?2) ELSE country END, \
             country_docs = country_docs \
                 + CASE WHEN country IS NULL OR country = ?2 THEN ?3 ELSE 0 END \
             WHERE id = ?1",
        )?
        .execute(params![store, country, sign])?;
    }
    Ok(())
}

/// Adds to a store entity's article and mention counts (negative to take back).
pub(crate) fn count(
    conn: &Connection,
    store: i64,
    articles: i64,
    mentions: i64,
) -> crate::sql::Result<()> {
    conn.prepare_cached(
        "UPDATE entities SET articles = articles + ?2, mentions = mentions + ?3 WHERE id = ?1",
    )?
    .execute(params![store, articles, mentions])?;
    Ok(())
}

/// Brings a store entity in line with what is linked to it now: drops names
/// and roles no document uses any more, forgets a country no document gives,
/// picks the canonical name again, and deletes the entity when no article
/// names it.
pub(crate) fn settle(conn: &Connection, store: i64) -> crate::sql::Result<()> {
    conn.prepare_cached(
        "DELETE FROM entity_names WHERE entity = ?1 AND canonical_docs <= 0 AND alias_docs <= 0",
    )?
    .execute([store])?;
    conn.prepare_cached("DELETE FROM entity_roles WHERE entity = ?1 AND docs <= 0")?
        .execute([store])?;
    // Rows already without a country are left alone (rewriting them would
    // change nothing but cost a write).
    conn.prepare_cached(
        "UPDATE entities SET country = NULL, country_docs = 0 \
         WHERE id = ?1 AND country_docs <= 0 AND (country IS NOT NULL OR country_docs <> 0)",
    )?
    .execute([store])?;
    let current: Option<(i64, String, String)> = conn
        .prepare_cached("SELECT articles, name, norm FROM entities WHERE id = ?1")?
        .query_row([store], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let Some((_, name, norm)) = current.filter(|(articles, _, _)| *articles > 0) else {
        conn.prepare_cached("DELETE FROM entity_names WHERE entity = ?1")?
            .execute([store])?;
        conn.prepare_cached("DELETE FROM entity_roles WHERE entity = ?1")?
            .execute([store])?;
        conn.prepare_cached("DELETE FROM entities WHERE id = ?1")?
            .execute([store])?;
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "SELECT name, norm, canonical_docs FROM entity_names \
         WHERE entity = ?1 AND canonical_docs > 0",
    )?;
    let mut names = stmt
        .query_map([store], |row| {
            Ok(resolve::NameCandidate {
                name: row.get(0)?,
                norm: row.get(1)?,
                docs: row.get(2)?,
            })
        })?
        .collect::<crate::sql::Result<Vec<_>>>()?;
    names.sort_by(resolve::better_canonical);
    // Only a change of name is written: most puts leave the name as it was.
    if let Some(best) = names
        .first()
        .filter(|best| best.name != name || best.norm != norm)
    {
        conn.prepare_cached("UPDATE entities SET name = ?2, norm = ?3 WHERE id = ?1")?
            .execute(params![store, best.name, best.norm])?;
    }
    Ok(())
}
