//! Consistency across a document: the tags of one sentence revised with
//! what the other sentences of the same document say.
//!
//! Two rules, after every sentence has been tagged on its own:
//! - a capitalised word alone that is the last word of a person's full
//!   name elsewhere in the document ("Varn" after "Ilse Varn") is that
//!   person, whether it was tagged as another kind or not at all;
//! - the same name (same words) tagged with different kinds takes the kind
//!   it has most often in the document (ties keep their own kind).

use std::collections::HashMap;

use tidings_model::EntityKind;

use crate::ner::tag::{entity_spans, is_capitalised, relabel, Tag};

fn kind_slot(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organisation => 1,
        EntityKind::Location => 2,
        EntityKind::Other => 3,
    }
}

/// Revises `tags` (one vector per sentence of `sentences`) for consistency
/// across the document.
pub(crate) fn make_consistent(sentences: &[Vec<&str>], tags: &mut [Vec<Tag>]) {
    // Surnames: last words of persons' full names.
    let mut surnames: HashMap<String, ()> = HashMap::new();
    for (tokens, sentence_tags) in sentences.iter().zip(tags.iter()) {
        for (kind, range) in entity_spans(sentence_tags) {
            if kind == EntityKind::Person && range.len() >= 2 {
                if let Some(last) = tokens.get(range.end - 1) {
                    if is_capitalised(last) && last.chars().count() > 1 {
                        surnames.insert(last.to_lowercase(), ());
                    }
                }
            }
        }
    }
    if !surnames.is_empty() {
        for (tokens, sentence_tags) in sentences.iter().zip(tags.iter_mut()) {
            for (kind, range) in entity_spans(sentence_tags) {
                if kind != EntityKind::Person
                    && range.len() == 1
                    && surnames.contains_key(&tokens[range.start].to_lowercase())
                {
                    relabel(sentence_tags, range, EntityKind::Person);
                }
            }
            for t in 0..tokens.len() {
                let alone = sentence_tags[t] == Tag::O
                    && (t == 0 || sentence_tags[t - 1] == Tag::O)
                    && sentence_tags.get(t + 1).is_none_or(|&next| next == Tag::O);
                if alone
                    && is_capitalised(tokens[t])
                    && surnames.contains_key(&tokens[t].to_lowercase())
                {
                    sentence_tags[t] = Tag::B(EntityKind::Person);
                }
            }
        }
    }
    // Majority kind per name.
    let mut votes: HashMap<Vec<String>, [u32; 4]> = HashMap::new();
    for (tokens, sentence_tags) in sentences.iter().zip(tags.iter()) {
        for (kind, range) in entity_spans(sentence_tags) {
            let key: Vec<String> = tokens[range].iter().map(|t| t.to_lowercase()).collect();
            votes.entry(key).or_default()[kind_slot(kind)] += 1;
        }
    }
    for (tokens, sentence_tags) in sentences.iter().zip(tags.iter_mut()) {
        for (kind, range) in entity_spans(sentence_tags) {
            let key: Vec<String> = tokens[range.clone()]
                .iter()
                .map(|t| t.to_lowercase())
                .collect();
            let Some(counts) = votes.get(&key) else {
                continue;
            };
            let own = counts[kind_slot(kind)];
            let mut best = kind;
            let mut best_count = own;
            for candidate in EntityKind::ALL {
                let count = counts[kind_slot(candidate)];
                if count > best_count {
                    best = candidate;
                    best_count = count;
                }
            }
            if best != kind {
                relabel(sentence_tags, range, best);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(text: &str) -> Vec<Tag> {
        text.split(' ').map(|t| Tag::parse(t).unwrap()).collect()
    }

    #[test]
    fn surnames_follow_the_full_name() {
        let sentences = vec![
            vec!["Ilse", "Varn", "arrived", "."],
            vec!["Varn", "said", "no", "."],
        ];
        let mut predicted = vec![tags("B-PER I-PER O O"), tags("B-LOC O O O")];
        make_consistent(&sentences, &mut predicted);
        assert_eq!(predicted[1], tags("B-PER O O O"));
        let mut predicted = vec![tags("B-PER I-PER O O"), tags("O O O O")];
        make_consistent(&sentences, &mut predicted);
        assert_eq!(predicted[1], tags("B-PER O O O"));
        // Not inside another name, and not lowercase words.
        let sentences = vec![
            vec!["Ilse", "Varn", "arrived", "."],
            vec!["Ostrand", "Varn", "varn", "."],
        ];
        let mut predicted = vec![tags("B-PER I-PER O O"), tags("B-ORG O O O")];
        make_consistent(&sentences, &mut predicted);
        assert_eq!(predicted[1], tags("B-ORG O O O"));
    }

    #[test]
    fn the_majority_kind_wins_and_ties_stay() {
        let sentences = vec![
            vec!["Velmora", "beat", "Ostrand"],
            vec!["Velmora", "lost", "to", "Ostrand"],
            vec!["Velmora", "won"],
        ];
        let mut predicted = vec![
            tags("B-ORG O B-ORG"),
            tags("B-LOC O O B-LOC"),
            tags("B-ORG O"),
        ];
        make_consistent(&sentences, &mut predicted);
        assert_eq!(predicted[1], tags("B-ORG O O B-LOC"));
        assert_eq!(predicted[0], tags("B-ORG O B-ORG"));
    }
}
