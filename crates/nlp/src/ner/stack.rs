//! The document pass's features: what the first pass said about the same
//! words elsewhere in the document (Ratinov & Roth 2009, "extended
//! prediction history").
//!
//! For every capitalised word of a document, [`History`] counts the tags the
//! first pass gave its capitalised occurrences (by the normalised word, so a
//! surname in an all-caps headline meets the same surname in the text) and
//! how often it was written in lowercase. A capitalised token's features
//! are the tags of its other occurrences (with rough counts), their
//! majority (or that there is none), and whether the word also appears in
//! lowercase.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

use crate::ner::features::normalise;
use crate::ner::tag::{is_capitalised, TAG_COUNT};

/// Slot of the lowercase occurrences in the counts.
const LOWER: usize = TAG_COUNT;

type Counts = [i32; TAG_COUNT + 1];

/// Tag counts of the words of one document.
#[derive(Debug, Default)]
pub(crate) struct History {
    counts: HashMap<String, Counts>,
}

fn count_into(counts: &mut HashMap<String, Counts>, tokens: &[&str], tags: &[usize], sign: i32) {
    for (token, &tag) in tokens.iter().zip(tags) {
        if !token.chars().any(char::is_alphabetic) {
            continue;
        }
        let slot = if is_capitalised(token) { tag } else { LOWER };
        counts.entry(normalise(token)).or_insert([0; TAG_COUNT + 1])[slot.min(LOWER)] += sign;
    }
}

fn key(template: u8, parts: &[u8]) -> u32 {
    let mut buffer = [0u8; 8];
    buffer[0] = 0xd0;
    buffer[1] = template;
    let n = parts.len().min(6);
    buffer[2..2 + n].copy_from_slice(&parts[..n]);
    (xxh3_64(&buffer[..2 + n]) as u32).max(1)
}

fn bucket(count: i32) -> u8 {
    count.clamp(0, 3) as u8
}

impl History {
    /// The history of a document: its sentences and their first-pass tags
    /// (tag indices).
    pub(crate) fn of<S: AsRef<str>>(sentences: &[Vec<S>], tags: &[Vec<usize>]) -> History {
        let mut history = History::default();
        for (tokens, tags) in sentences.iter().zip(tags) {
            history.add(tokens, tags);
        }
        history
    }

    /// Adds one sentence and its first-pass tags.
    pub(crate) fn add<S: AsRef<str>>(&mut self, tokens: &[S], tags: &[usize]) {
        let refs: Vec<&str> = tokens.iter().map(AsRef::as_ref).collect();
        count_into(&mut self.counts, &refs, tags, 1);
    }

    /// Appends the document features of each token of a sentence (tokens
    /// and their first-pass tags) to `out`, and the end of each token's
    /// keys to `ends`. `included` is the version of this sentence the
    /// history already counts (`None` when it counts none of it): its
    /// counts are replaced by this sentence's own.
    pub(crate) fn extract<S: AsRef<str>>(
        &self,
        tokens: &[&str],
        tags: &[usize],
        included: Option<(&[S], &[usize])>,
        out: &mut Vec<u32>,
        ends: &mut Vec<usize>,
    ) {
        let mut delta: HashMap<String, Counts> = HashMap::new();
        if let Some((source, source_tags)) = included {
            let refs: Vec<&str> = source.iter().map(AsRef::as_ref).collect();
            count_into(&mut delta, &refs, source_tags, -1);
        }
        count_into(&mut delta, tokens, tags, 1);
        for (t, token) in tokens.iter().enumerate() {
            let own = tags.get(t).copied().unwrap_or(0).min(TAG_COUNT - 1) as u8;
            if is_capitalised(token) && token.chars().any(char::is_alphabetic) {
                let word = normalise(token);
                let mut counts = self
                    .counts
                    .get(&word)
                    .copied()
                    .unwrap_or([0; TAG_COUNT + 1]);
                if let Some(change) = delta.get(&word) {
                    for (count, d) in counts.iter_mut().zip(change) {
                        *count += d;
                    }
                }
                // The other occurrences only.
                counts[usize::from(own)] -= 1;
                let mut best: Option<(i32, usize)> = None;
                for (tag, &count) in counts[..TAG_COUNT].iter().enumerate() {
                    if count > 0 {
                        out.push(key(1, &[tag as u8, bucket(count)]));
                        if best.is_none_or(|(top, _)| count > top) {
                            best = Some((count, tag));
                        }
                    }
                }
                match best {
                    Some((_, tag)) => {
                        out.push(key(2, &[tag as u8]));
                    }
                    None => out.push(key(4, &[])),
                }
                if counts[LOWER] > 0 {
                    out.push(key(5, &[bucket(counts[LOWER])]));
                }
            }
            ends.push(out.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::tag::Tag;
    use tidings_model::EntityKind;

    fn keys(history: &History, tokens: &[&str], tags: &[usize], included: bool) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        let mut ends = Vec::new();
        let source = included.then_some((tokens, tags));
        history.extract(tokens, tags, source, &mut out, &mut ends);
        let mut start = 0;
        ends.iter()
            .map(|&end| {
                let k = out[start..end].to_vec();
                start = end;
                k
            })
            .collect()
    }

    #[test]
    fn other_occurrences_inform_a_word() {
        let per = Tag::B(EntityKind::Person).index();
        let i_per = Tag::I(EntityKind::Person).index();
        let loc = Tag::B(EntityKind::Location).index();
        let first: Vec<&str> = vec!["Ilse", "Varn", "spoke", "."];
        let second: Vec<&str> = vec!["VARN", "WINS"];
        let history = History::of(
            &[first.clone(), second.clone()],
            &[vec![per, i_per, 0, 0], vec![loc, 0]],
        );
        let headline = keys(&history, &second, &[loc, 0], true);
        // "VARN" sees its other occurrence, I-PER, as the majority.
        assert!(headline[0].contains(&key(2, &[i_per as u8])));
        // "WINS" has no other occurrence.
        assert!(headline[1].contains(&key(4, &[])));
        // The same sentence alone: nothing else to see.
        let alone = History::of(std::slice::from_ref(&second), &[vec![loc, 0]]);
        assert!(keys(&alone, &second, &[loc, 0], true)[0].contains(&key(4, &[])));
        // Lowercase "spoke" gets none.
        assert!(keys(&history, &first, &[per, i_per, 0, 0], true)[2].is_empty());
    }
}
