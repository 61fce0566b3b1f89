//! Who speaks: the noun group in subject position around a cue, and its
//! resolution to an entity (through the mention at its head, a document
//! noun's author, a role word, or a pronoun's antecedent), else its words.

use std::ops::Range;

use tidings_model::{Annotations, EntityKind, Quote};

use super::cue::{article, complement, cue, document_noun, filler, pronoun, stops_group};
use super::text::Doc;

/// A resolved speaker.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Speaker {
    /// The entity's canonical name, else the words used.
    pub name: Option<String>,
    /// Index into `Annotations::entities`.
    pub entity: Option<usize>,
}

/// Longest noun group taken as a speaker, in tokens.
const MAX_GROUP: usize = 12;

/// Finds and resolves speakers in one article.
pub(crate) struct Resolver<'d, 'a> {
    pub doc: &'d Doc<'a>,
    pub annotations: &'a Annotations,
}

impl<'d, 'a> Resolver<'d, 'a> {
    /// True when token `index` can be part of a speaker's noun group.
    fn groupish(&self, index: usize) -> bool {
        let doc = self.doc;
        if !doc.free(index) || doc.tokens[index].date {
            return false;
        }
        let low = doc.low(index);
        if matches!(low, "'s" | "\u{2019}s" | "'" | "\u{2019}" | "&") {
            return true;
        }
        let wordlike = low.chars().next().is_some_and(char::is_alphanumeric);
        wordlike && !stops_group(low) && cue(low).is_none()
    }

    /// The group ending at `end` (exclusive), going back no further than
    /// `floor`, skipping a parenthetical ("Agency (HRANA)").
    fn group_ending(&self, end: usize, floor: usize) -> Range<usize> {
        let mut start = end;
        while start > floor && end - start < MAX_GROUP {
            let previous = start - 1;
            if self.doc.low(previous) == ")" && self.doc.free(previous) {
                let opening = (floor..previous)
                    .rev()
                    .take(8)
                    .find(|&at| self.doc.low(at) == "(");
                match opening {
                    Some(at) if at > floor => start = at,
                    _ => break,
                }
                continue;
            }
            if self.groupish(previous) || (start < end && self.joins_complement(previous)) {
                start = previous;
            } else {
                break;
            }
        }
        // A group never starts with its parenthetical.
        while start < end && !self.groupish(start) {
            start += 1;
        }
        start..end
    }

    /// The subject of the cue at `cue_at`: the noun group just before it
    /// (past fillers such as "earlier" or a date), or, when an apposition
    /// sits between ("HRANA, a US-based group, estimates"), the better of
    /// the apposition and the group before it.
    pub fn subject_before(&self, cue_at: usize, floor: usize) -> Option<Range<usize>> {
        let doc = self.doc;
        let mut end = cue_at;
        while end > floor
            && doc.free(end - 1)
            && (filler(doc.low(end - 1)) || doc.tokens[end - 1].date)
        {
            end -= 1;
        }
        if end > floor && doc.free(end - 1) && pronoun(doc.low(end - 1)) {
            return Some(end - 1..end);
        }
        let group = self.group_ending(end, floor);
        if !group.is_empty() {
            return Some(group);
        }
        if end <= floor || doc.low(end - 1) != "," || !doc.free(end - 1) {
            return None;
        }
        let comma = end - 1;
        let earlier = (floor..comma)
            .rev()
            .take(15)
            .find(|&at| doc.low(at) == "," && doc.free(at))?;
        let apposition = earlier + 1..comma;
        if apposition.is_empty() || !apposition.clone().all(|at| self.groupish(at)) {
            return None;
        }
        let before = self.group_ending(earlier, floor);
        let relative = matches!(
            doc.low(apposition.start),
            "which" | "who" | "whose" | "where" | "when"
        );
        if !relative && self.is_one_name(apposition.clone()) {
            return Some(apposition);
        }
        if !before.is_empty() {
            return Some(before);
        }
        (!relative).then_some(apposition)
    }

    /// The noun group starting at `from` (past fillers and dates), going no
    /// further than `ceil`; "of", "from" and "by" may join it ("a statement
    /// from the Kremlin").
    pub fn group_after(&self, from: usize, ceil: usize) -> Option<Range<usize>> {
        let doc = self.doc;
        let mut start = from;
        while start < ceil && doc.free(start) && (filler(doc.low(start)) || doc.tokens[start].date)
        {
            start += 1;
        }
        let mut end = start;
        while end < ceil && end - start < MAX_GROUP {
            // "a statement released late on Tuesday": the participle after
            // a document noun says when, not who.
            if end > start && document_noun(doc.low(end - 1)) && participle(doc.low(end)) {
                break;
            }
            let joins = (matches!(doc.low(end), "from" | "by" | "of")
                || self.joins_complement(end))
                && end > start
                && end + 1 < ceil
                && self.groupish(end + 1);
            if self.groupish(end) || joins {
                end += 1;
            } else {
                break;
            }
        }
        (end > start).then_some(start..end)
    }

    /// True when token `at` is a preposition that joins the words after it
    /// to the group before it ("people familiar with the matter").
    fn joins_complement(&self, at: usize) -> bool {
        at > 0
            && self.doc.free(at)
            && complement(self.doc.low(at - 1), self.doc.low(at), self.doc.low(at + 1))
    }

    /// The first token of a complement in `group` ("with" in "people
    /// familiar with the matter"), if any.
    fn complement_in(&self, group: Range<usize>) -> Option<usize> {
        group
            .clone()
            .skip(1)
            .find(|&at| self.joins_complement(at) && group.contains(&(at + 1)))
    }

    /// True when the tokens are all one person's or organisation's mention.
    fn is_one_name(&self, group: Range<usize>) -> bool {
        let first = self.doc.tokens.get(group.start).and_then(|tok| tok.mention);
        first.is_some_and(|mention| {
            group
                .clone()
                .all(|at| self.doc.tokens[at].mention == Some(mention))
                && matches!(
                    self.entity_kind_of_mention(mention),
                    Some(EntityKind::Person | EntityKind::Organisation)
                )
        })
    }

    fn entity_of_mention(&self, mention: usize) -> Option<usize> {
        let entity = self.annotations.mentions.get(mention)?.entity;
        self.annotations.entities.get(entity).map(|_| entity)
    }

    fn entity_kind_of_mention(&self, mention: usize) -> Option<EntityKind> {
        let entity = self.entity_of_mention(mention)?;
        self.annotations
            .entities
            .get(entity)
            .map(|entity| entity.kind)
    }

    /// The entity named by the mention of token `index`, unless it is a
    /// nationality or other modifier-like name.
    fn named_entity(&self, index: usize) -> Option<usize> {
        let mention = self.doc.tokens.get(index)?.mention?;
        match self.entity_kind_of_mention(mention)? {
            EntityKind::Other => None,
            _ => self.entity_of_mention(mention),
        }
    }

    fn speaker_of(&self, entity: usize) -> Speaker {
        Speaker {
            name: self
                .annotations
                .entities
                .get(entity)
                .map(|e| e.name.clone()),
            entity: Some(entity),
        }
    }

    /// Resolves a speaker group of a cue at token `cue_at`; `earlier` are
    /// the quotes found before it (for "it").
    pub fn resolve(&self, group: Range<usize>, cue_at: usize, earlier: &[Quote]) -> Speaker {
        let doc = self.doc;
        let mut end = group.end;
        if end > group.start && doc.low(end - 1) == ")" {
            if let Some(at) = (group.start..end - 1).rev().find(|&at| doc.low(at) == "(") {
                end = at;
            }
        }
        let group = group.start..end;
        if group.is_empty() {
            return Speaker::default();
        }
        let head = group.end - 1;
        if group.len() == 1 && pronoun(doc.low(head)) {
            return self.pronoun(head, cue_at, earlier);
        }
        // "Sources close to Ada Korr" are not Ada Korr: unnamed sources
        // are their words, in full.
        if self.complement_in(group.clone()).is_some() {
            return self.words(group);
        }
        if let Some(entity) = self.named_entity(head) {
            return self.speaker_of(entity);
        }
        if document_noun(doc.low(head)) {
            let inside = group.clone().rev().find_map(|at| self.named_entity(at));
            if let Some(entity) = inside.or_else(|| self.author_before(head, group.start)) {
                return self.speaker_of(entity);
            }
        }
        if let Some(entity) = self.role_holder(group.clone(), cue_at) {
            return self.speaker_of(entity);
        }
        if group.len() == 2 && article(doc.low(group.start)) {
            if let Some(entity) = self.organisation_by_noun(head) {
                return self.speaker_of(entity);
            }
        }
        self.words(group)
    }

    /// The group's words as a speaker; a sentence-initial article is
    /// lowercased ("The ministry" → "the ministry").
    fn words(&self, group: Range<usize>) -> Speaker {
        let doc = self.doc;
        let Some((_, text)) = doc.stretch(group.start, group.end.saturating_sub(1)) else {
            return Speaker::default();
        };
        let first = group.start;
        let initial = first == 0 || doc.tokens[first - 1].sentence != doc.tokens[first].sentence;
        let name = if initial && article(doc.low(first)) {
            let word = doc.word(first);
            format!(
                "{}{}",
                word.to_ascii_lowercase(),
                &text[word.len().min(text.len())..]
            )
        } else {
            text.to_string()
        };
        Speaker {
            name: Some(name),
            entity: None,
        }
    }

    /// The author of an earlier document noun of the same word: "a Kremlin
    /// statement", "the ministry's statement", "a statement from the
    /// Kremlin" make a later "the statement" the Kremlin's.
    fn author_before(&self, head: usize, before: usize) -> Option<usize> {
        let doc = self.doc;
        let noun = doc.low(head);
        (0..before).rev().find_map(|at| {
            if doc.low(at) != noun {
                return None;
            }
            let mut left = at.checked_sub(1)?;
            if matches!(doc.low(left), "'s" | "\u{2019}s") {
                left = left.checked_sub(1)?;
            }
            self.named_entity(left).or_else(|| {
                if !matches!(doc.low(at + 1), "from" | "by" | "of") {
                    return None;
                }
                let mut right = at + 2;
                if article(doc.low(right)) {
                    right += 1;
                }
                self.named_entity(right)
            })
        })
    }

    /// The organisation named before `head` whose name has the word of
    /// `head` ("the authority" → "Harbour Authority of Portavel"), the most
    /// recently mentioned one.
    fn organisation_by_noun(&self, head: usize) -> Option<usize> {
        let noun = self.doc.low(head);
        if noun.len() < 3 || !noun.chars().all(char::is_alphabetic) {
            return None;
        }
        let before = self.doc.tokens.get(head)?.span.start;
        let cut = self
            .annotations
            .mentions
            .partition_point(|mention| mention.span.end <= before);
        self.annotations.mentions[..cut]
            .iter()
            .rev()
            .find_map(|mention| {
                let entity = self.annotations.entities.get(mention.entity)?;
                let named = entity.kind == EntityKind::Organisation
                    && entity
                        .name
                        .split_whitespace()
                        .any(|word| word.eq_ignore_ascii_case(noun));
                named.then_some(mention.entity)
            })
    }

    /// The person entity holding the role the group ends with ("the prime
    /// minister"), the most recently mentioned one before the cue; a
    /// country named in the group must match.
    fn role_holder(&self, group: Range<usize>, cue_at: usize) -> Option<usize> {
        let doc = self.doc;
        let (_, text) = doc.stretch(group.start, group.end.checked_sub(1)?)?;
        let country = group.clone().find_map(|at| {
            let mention = doc.tokens[at].mention?;
            let entity = self.entity_of_mention(mention)?;
            self.annotations.entities[entity].country.clone()
        });
        let before = doc.tokens.get(cue_at)?.span.start;
        let mut best: Option<(usize, usize)> = None;
        for (index, entity) in self.annotations.entities.iter().enumerate() {
            if entity.kind != EntityKind::Person {
                continue;
            }
            if country.is_some() && entity.country != country {
                continue;
            }
            let holds = entity.roles.iter().any(|role| ends_with_words(text, role));
            if !holds {
                continue;
            }
            let last = self
                .annotations
                .mentions
                .iter()
                .filter(|mention| mention.entity == index && mention.span.end <= before)
                .map(|mention| mention.span.end)
                .max();
            if let Some(last) = last {
                if best.is_none_or(|(at, _)| last > at) {
                    best = Some((last, index));
                }
            }
        }
        best.map(|(_, index)| index)
    }

    /// A pronoun's speaker: "he"/"she" the most recent person mentioned
    /// before (outside quotations), "it" the most recent speaker that is
    /// not a person or else the most recent organisation; otherwise the
    /// pronoun itself.
    fn pronoun(&self, at: usize, cue_at: usize, earlier: &[Quote]) -> Speaker {
        let doc = self.doc;
        let low = doc.low(at);
        let before = doc.tokens.get(at).map_or(0, |tok| tok.span.start);
        let _ = cue_at;
        let wanted = match low {
            "he" | "she" => Some(EntityKind::Person),
            "it" => {
                let previous = earlier.iter().rev().find(|quote| {
                    quote.speaker.as_deref().is_some_and(|name| {
                        !pronoun(&name.to_ascii_lowercase())
                            && quote.speaker_entity.is_none_or(|entity| {
                                self.annotations
                                    .entities
                                    .get(entity)
                                    .is_some_and(|e| e.kind != EntityKind::Person)
                            })
                    })
                });
                if let Some(quote) = previous {
                    return Speaker {
                        name: quote.speaker.clone(),
                        entity: quote.speaker_entity,
                    };
                }
                Some(EntityKind::Organisation)
            }
            _ => None,
        };
        if let Some(kind) = wanted {
            let cut = self
                .annotations
                .mentions
                .partition_point(|mention| mention.span.end <= before);
            let found = self.annotations.mentions[..cut]
                .iter()
                .rev()
                .find(|mention| {
                    let token = doc
                        .tokens
                        .partition_point(|tok| tok.span.start < mention.span.start);
                    let outside = doc
                        .tokens
                        .get(token)
                        .is_some_and(|tok| tok.quoted.is_none());
                    outside
                        && self
                            .annotations
                            .entities
                            .get(mention.entity)
                            .is_some_and(|entity| entity.kind == kind)
                });
            if let Some(mention) = found {
                return self.speaker_of(mention.entity);
            }
        }
        Speaker {
            name: Some(doc.word(at).to_string()),
            entity: None,
        }
    }
}

/// Past participles that start a phrase after a noun ("released",
/// "issued", "sent", "seen by").
fn participle(word: &str) -> bool {
    (word.len() > 4 && word.ends_with("ed"))
        || matches!(word, "sent" | "seen" | "written" | "given" | "put" | "made")
}

/// True when `text` ends with the words of `tail`, case-insensitively, at
/// a word boundary.
fn ends_with_words(text: &str, tail: &str) -> bool {
    let (text, tail) = (text.trim_end(), tail.trim());
    if tail.is_empty() || tail.len() > text.len() {
        return false;
    }
    let cut = text.len() - tail.len();
    let Some(end) = text.get(cut..) else {
        return false;
    };
    end.eq_ignore_ascii_case(tail)
        && (cut == 0 || text[..cut].ends_with(|ch: char| ch.is_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_match_whole_words_at_the_end() {
        assert!(ends_with_words("the prime minister", "Prime Minister"));
        assert!(ends_with_words("President", "president"));
        assert!(!ends_with_words(
            "the vice president",
            "Vice President of Ports"
        ));
        assert!(!ends_with_words("the exminister", "minister"));
    }
}
