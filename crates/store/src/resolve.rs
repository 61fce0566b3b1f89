//! The rules of store-wide entity resolution, apart from any database: how
//! names are compared, what contradicts a merge, how sure a link is, and
//! which of an entity's names is its canonical one.
//!
//! A document entity is linked to a store entity in four steps, the first
//! that applies winning (the SQLite backend runs them in `sqlite/link.rs`):
//!
//! 1. **Exact name.** A store entity of the same kind whose canonical name
//!    normalises to the same text ([`normalise`]: case-folded, whitespace
//!    collapsed, diacritics kept) and whose country does not contradict:
//!    confidence [`EXACT`]. When several qualify (two "Anna Berg" of
//!    different countries and a document that names no country), the one of
//!    the same country, else with most articles, else the oldest is taken
//!    with confidence [`EXACT_AMBIGUOUS`].
//! 2. **Alias.** The document's canonical name is any name of a store entity
//!    of the same kind ("Putin" alone, the store knowing "Vladimir Putin"
//!    with alias "Putin"), or one of the document's aliases is a canonical
//!    name of a store entity (the document says "Vladimir Putin" and
//!    "Putin", the store knows a bare "Putin"). This links with confidence
//!    [`ALIAS`] only when exactly one store entity of that kind carries any
//!    of these names and nothing contradicts ([`contradicts`]).
//! 3. **Metonym.** An organisation and a location with the same exact name
//!    and the same country (or both without one) are the same entity: news
//!    says "Moscow" and "the Kremlin" for the government as often as for the
//!    place. Confidence [`METONYM`]. No other pair of kinds ever merges.
//! 4. Otherwise the document entity founds a new store entity ([`EXACT`]).
//!
//! What a store entity is called is chosen by [`better_canonical`] among the
//! canonical names of the document entities linked to it, so it follows the
//! evidence when documents are replaced.

use std::cmp::Ordering;

use tidings_model::EntityKind;

/// Confidence of a link by exact canonical name, and of a new entity.
pub(crate) const EXACT: f64 = 1.0;
/// Confidence of an exact-name link chosen among several store entities.
pub(crate) const EXACT_AMBIGUOUS: f64 = 0.5;
/// Confidence of an organisation linked to a location of the same name, or back.
pub(crate) const METONYM: f64 = 0.8;
/// Confidence of a link through an alias.
pub(crate) const ALIAS: f64 = 0.7;

/// A name as compared: lowercase, runs of whitespace made one space, no
/// leading or trailing space; diacritics are kept ("Zürich" is not "Zurich").
pub(crate) fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// A country code as compared: trimmed, upper-case, `None` when empty.
pub(crate) fn normalise_country(country: Option<&str>) -> Option<String> {
    let trimmed = country?.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_uppercase())
}

/// How many words a normalised name has.
pub(crate) fn words(norm: &str) -> usize {
    norm.split(' ').filter(|word| !word.is_empty()).count()
}

/// The other kind an entity of `kind` may merge with, if any (organisation
/// and location, see step 3).
pub(crate) fn metonym_of(kind: EntityKind) -> Option<EntityKind> {
    match kind {
        EntityKind::Organisation => Some(EntityKind::Location),
        EntityKind::Location => Some(EntityKind::Organisation),
        EntityKind::Person | EntityKind::Other => None,
    }
}

/// One side of a possible merge: its kind, normalised canonical name and country.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Side<'a> {
    /// The kind.
    pub kind: EntityKind,
    /// The canonical name, normalised.
    pub norm: &'a str,
    /// The country, normalised.
    pub country: Option<&'a str>,
}

/// True when two entities cannot be the same: different non-empty
/// countries, or two persons with different full names (two or more words
/// each), who never merge just because they share a surname.
pub(crate) fn contradicts(a: Side<'_>, b: Side<'_>) -> bool {
    if countries_differ(a.country, b.country) {
        return true;
    }
    a.kind == EntityKind::Person
        && b.kind == EntityKind::Person
        && words(a.norm) >= 2
        && words(b.norm) >= 2
        && a.norm != b.norm
}

/// True when both countries are known and differ.
pub(crate) fn countries_differ(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a != b)
}

/// A candidate for a store entity's canonical name.
#[derive(Debug, Clone)]
pub(crate) struct NameCandidate {
    /// The name as first written.
    pub name: String,
    /// Its normalised form.
    pub norm: String,
    /// How many linked document entities use it as their canonical name.
    pub docs: i64,
}

/// Orders canonical-name candidates, best first: a full name (two or more
/// words) before a single word, then the name most documents use, then the
/// longer name, then by normalised then written name (so the choice is
/// deterministic).
pub(crate) fn better_canonical(a: &NameCandidate, b: &NameCandidate) -> Ordering {
    let full = |c: &NameCandidate| words(&c.norm) >= 2;
    full(b)
        .cmp(&full(a))
        .then(b.docs.cmp(&a.docs))
        .then(words(&b.norm).cmp(&words(&a.norm)))
        .then(a.norm.cmp(&b.norm))
        .then(a.name.cmp(&b.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn person<'a>(norm: &'a str, country: Option<&'a str>) -> Side<'a> {
        Side {
            kind: EntityKind::Person,
            norm,
            country,
        }
    }

    #[test]
    fn names_fold_case_and_space_but_keep_diacritics() {
        assert_eq!(normalise("  Vladimir\t\nPUTIN "), "vladimir putin");
        assert_eq!(normalise("Zürich"), "zürich");
        assert_ne!(normalise("Zürich"), normalise("Zurich"));
        assert_eq!(normalise("   "), "");
        assert_eq!(words("harbour authority of portavel"), 4);
        assert_eq!(normalise_country(Some(" irn ")).as_deref(), Some("IRN"));
        assert_eq!(normalise_country(Some("  ")), None);
    }

    #[test]
    fn different_full_names_and_countries_contradict() {
        assert!(contradicts(
            person("anna berg", None),
            person("lotte berg", None)
        ));
        assert!(!contradicts(
            person("berg", None),
            person("anna berg", None)
        ));
        assert!(!contradicts(
            person("anna berg", Some("SWE")),
            person("anna berg", None)
        ));
        assert!(contradicts(
            person("anna berg", Some("SWE")),
            person("anna berg", Some("NOR"))
        ));
        // Two organisations with different long names may share an acronym.
        let org = |norm| Side {
            kind: EntityKind::Organisation,
            norm,
            country: None,
        };
        assert!(!contradicts(
            org("hrana"),
            org("human rights activists news agency")
        ));
    }

    #[test]
    fn a_full_name_beats_a_more_frequent_surname() {
        let candidate = |name: &str, docs| NameCandidate {
            name: name.to_string(),
            norm: normalise(name),
            docs,
        };
        let mut names = [
            candidate("Putin", 9),
            candidate("Vladimir Putin", 2),
            candidate("Vladimir Vladimirovich Putin", 1),
        ];
        names.sort_by(better_canonical);
        assert_eq!(names[0].name, "Vladimir Putin");
        assert_eq!(names[2].name, "Putin");
    }

    proptest! {
        #[test]
        fn normalising_is_idempotent_and_never_leaves_double_spaces(name in "\\PC{0,40}") {
            let once = normalise(&name);
            prop_assert_eq!(normalise(&once), once.clone());
            prop_assert!(!once.contains("  "));
            prop_assert_eq!(once.trim(), once.as_str());
        }
    }
}
