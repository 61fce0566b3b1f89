//! One rule against one stored article: each condition the rule gives must
//! hold in the article, and each gives its evidence (the sentence where it
//! holds, with its span in the clean text).
//!
//! - `entity`: a document entity whose name or alias is the value (case
//!   and spacing ignored), or one linked to a store entity known by it;
//!   evidence: the sentence of its first mention.
//! - `actor` and `event`: an event whose source or target code fits an
//!   actor pattern and whose CAMEO code or PLOVER type fits an event
//!   pattern (both on the same event when both are given); evidence: the
//!   event's sentence.
//! - `keyword`: the words as a phrase, whole words, in the title or text;
//!   evidence: the first sentence holding them (the title when only it
//!   does).
//! - `query`: the article is among the full-text search's hits (the caller
//!   runs the search); evidence: the first sentence holding a word of the
//!   query.
//! - `place`: a location entity known by the value, or an event whose place
//!   holds it.

use std::collections::HashMap;

use tidings_engine::query::ArticleRecord;
use tidings_model::{EntityKind, Span};

use crate::log::Evidence;
use crate::rules::{normalise, Rule};

/// The names (canonical and aliases, normalised) of store entities, by id.
pub type StoreNames = HashMap<i64, Vec<String>>;

/// The evidence of `rule` in `record`, one item per condition, or `None`
/// when a condition does not hold. `query_hit` says whether the article is
/// among the hits of the rule's query (ignored without one); `names` holds
/// the names of the store entities the article's entities link to.
pub fn match_article(
    rule: &Rule,
    record: &ArticleRecord,
    names: &StoreNames,
    query_hit: bool,
) -> Option<Vec<Evidence>> {
    let mut evidence = Vec::new();
    if !rule.entities.is_empty() {
        let (entity, value) = rule
            .entities
            .iter()
            .find_map(|value| entity_named(record, names, value, None).map(|e| (e, value)))?;
        evidence.push(mention_evidence(record, entity, format!("entity {value}")));
    }
    if !rule.actors.is_empty() || !rule.events.is_empty() {
        let event = record.facts.events.iter().find(|event| {
            let codes = [&event.source, &event.target]
                .into_iter()
                .filter_map(|actor| actor.as_ref().and_then(|a| a.code.as_deref()));
            let actor_fits = rule.actors.is_empty()
                || codes
                    .into_iter()
                    .any(|code| rule.actors.iter().any(|p| crate::rules::glob(p, code)));
            let type_fits = rule.events.is_empty()
                || rule
                    .events
                    .iter()
                    .any(|p| p.fits(&event.cameo, &event.plover));
            actor_fits && type_fits
        })?;
        let code = |actor: &Option<tidings_model::Actor>| {
            actor
                .as_ref()
                .and_then(|a| a.code.clone())
                .unwrap_or_else(|| "-".into())
        };
        evidence.push(span_evidence(
            record,
            event.span,
            format!(
                "event {} {} ({} -> {})",
                event.cameo,
                event.plover,
                code(&event.source),
                code(&event.target)
            ),
        ));
    }
    if !rule.keywords.is_empty() {
        let text = &record.stored.article.text;
        let title = record.stored.article.title.as_deref().unwrap_or("");
        let found = rule.keywords.iter().find_map(|keyword| {
            find_phrase(text, keyword)
                .map(|at| (Some(at), keyword))
                .or_else(|| find_phrase(title, keyword).map(|_| (None, keyword)))
        })?;
        evidence.push(match found {
            (Some(at), keyword) => span_evidence(
                record,
                Span { start: at, end: at },
                format!("keyword {keyword}"),
            ),
            (None, keyword) => title_evidence(record, format!("keyword {keyword} (title)")),
        });
    }
    if let Some(query) = &rule.query {
        if !query_hit {
            return None;
        }
        let text = &record.stored.article.text;
        let at = query_words(query)
            .iter()
            .find_map(|word| find_phrase(text, word));
        evidence.push(match at {
            Some(at) => span_evidence(
                record,
                Span { start: at, end: at },
                format!("query {query}"),
            ),
            None => title_evidence(record, format!("query {query}")),
        });
    }
    if !rule.places.is_empty() {
        let found = rule.places.iter().find_map(|place| {
            if let Some(entity) = entity_named(record, names, place, Some(EntityKind::Location)) {
                return Some(mention_evidence(record, entity, format!("place {place}")));
            }
            record
                .facts
                .events
                .iter()
                .find(|event| {
                    event
                        .place
                        .as_deref()
                        .is_some_and(|p| find_phrase(p, place).is_some())
                })
                .map(|event| span_evidence(record, event.span, format!("place {place}")))
        })?;
        evidence.push(found);
    }
    Some(merge_same_sentence(evidence))
}

/// One item per sentence: conditions that matched in the same sentence
/// share it, their `matched` joined with `; `.
fn merge_same_sentence(items: Vec<Evidence>) -> Vec<Evidence> {
    let mut merged: Vec<Evidence> = Vec::with_capacity(items.len());
    for item in items {
        match merged
            .iter_mut()
            .find(|m| m.start == item.start && m.end == item.end)
        {
            Some(same) => {
                same.matched.push_str("; ");
                same.matched.push_str(&item.matched);
            }
            None => merged.push(item),
        }
    }
    merged
}

/// The index of the document entity known by `value` (normalised), of
/// `kind` when given.
fn entity_named(
    record: &ArticleRecord,
    names: &StoreNames,
    value: &str,
    kind: Option<EntityKind>,
) -> Option<usize> {
    let entities = &record.annotations.entities;
    let own = entities.iter().position(|entity| {
        kind.is_none_or(|k| k == entity.kind)
            && (normalise(&entity.name) == value
                || entity.aliases.iter().any(|alias| normalise(alias) == value))
    });
    own.or_else(|| {
        record
            .links
            .iter()
            .filter(|link| {
                entities
                    .get(link.entity)
                    .is_some_and(|e| kind.is_none_or(|k| k == e.kind))
            })
            .find(|link| {
                names
                    .get(&link.store)
                    .is_some_and(|known| known.iter().any(|name| name == value))
            })
            .map(|link| link.entity)
    })
}

/// The words of a full-text query, operators and quotes left out.
fn query_words(query: &str) -> Vec<String> {
    query
        .split(|c: char| c.is_whitespace() || c == '"' || c == '(' || c == ')')
        .filter(|word| !word.is_empty() && !matches!(*word, "AND" | "OR" | "NOT"))
        .map(|word| normalise(word.trim_end_matches('*')))
        .filter(|word| !word.is_empty())
        .collect()
}

/// Where `phrase` (normalised) first occurs in `text` as whole words, case
/// and spacing ignored; a byte offset into `text`.
pub fn find_phrase(text: &str, phrase: &str) -> Option<usize> {
    let wanted: Vec<String> = words_of(phrase).into_iter().map(|(_, w)| w).collect();
    if wanted.is_empty() {
        return None;
    }
    words_of(text)
        .windows(wanted.len())
        .find(|window| window.iter().zip(&wanted).all(|((_, t), w)| t == w))
        .map(|window| window[0].0)
}

/// The alphanumeric runs of `text` (an apostrophe or hyphen between two
/// letters keeps a word whole), lower-cased, with their offsets.
fn words_of(text: &str) -> Vec<(usize, String)> {
    let mut words = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let joins = matches!(c, '\'' | '’' | '-')
            && current.is_some()
            && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            match &mut current {
                Some((_, word)) => word.extend(c.to_lowercase()),
                None => current = Some((at, c.to_lowercase().collect())),
            }
        } else if let Some(word) = current.take() {
            words.push(word);
        }
    }
    words.extend(current);
    words
}

/// Evidence for the first mention of document entity `entity`.
fn mention_evidence(record: &ArticleRecord, entity: usize, matched: String) -> Evidence {
    match record
        .annotations
        .mentions
        .iter()
        .find(|mention| mention.entity == entity)
    {
        Some(mention) => span_evidence(record, mention.span, matched),
        None => title_evidence(record, matched),
    }
}

/// Evidence for the sentence holding `span` (the span itself when no
/// sentence holds it).
fn span_evidence(record: &ArticleRecord, span: Span, matched: String) -> Evidence {
    let text = &record.stored.article.text;
    let sentence = record
        .annotations
        .sentences
        .iter()
        .map(|s| s.span)
        .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))
        .unwrap_or(span);
    evidence(
        record,
        sentence,
        sentence.slice(text).unwrap_or(""),
        matched,
    )
}

/// Evidence that is the title (empty span at 0).
fn title_evidence(record: &ArticleRecord, matched: String) -> Evidence {
    let title = record.stored.article.title.as_deref().unwrap_or("");
    evidence(record, Span { start: 0, end: 0 }, title, matched)
}

fn evidence(record: &ArticleRecord, span: Span, sentence: &str, matched: String) -> Evidence {
    let article = &record.stored.article;
    Evidence {
        article: article.id.to_string(),
        title: article.title.clone(),
        url: article.url.clone(),
        site: article.site.clone(),
        start: span.start,
        end: span.end,
        sentence: sentence.to_string(),
        matched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_found_as_whole_words() {
        let text = "The strike over night-shift pay began. Strikers gathered.";
        assert_eq!(find_phrase(text, "strike"), Some(4));
        assert_eq!(find_phrase(text, "night-shift pay"), Some(16));
        assert_eq!(find_phrase(text, "shift pay"), None);
        assert_eq!(find_phrase(text, "strikers"), Some(39));
        assert_eq!(find_phrase(text, "strik"), None);
        assert_eq!(find_phrase(text, ""), None);
        assert_eq!(
            query_words("\"night shift\" OR walk* NOT strike"),
            ["night", "shift", "walk", "strike"]
        );
    }
}
