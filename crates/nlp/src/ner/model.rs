//! The trained tagger: quantised feature weights in an open-addressing
//! table, tag transitions, the lexicon, Viterbi decoding, and the model
//! file format.
//!
//! File layout (little-endian): the magic `TDNER\0\0\x03`; the tag count (u32,
//! 9); the first pass's weights; the phrase count (u32), the longest phrase
//! (u32) and per phrase its key (u64) and class bits (u16); the cluster count
//! (u32) and per word its key (u64), fine cluster (u16) and coarse cluster
//! (u8); the count of capitalisation buckets (u32) and per word its key
//! (u64) and bucket (u8); a byte, 1 when the second (document) pass's weights follow, else 0.
//! Weights: 10 × 9 transition weights (i32; row 9 is the sentence start);
//! the feature count (u32) and per feature, by ascending key, its key (u32),
//! a u16 whose low 9 bits mark the tags with a weight and whose high bits
//! hold the row's shift, and those weights (i16 each, `weight << shift` in
//! units of 1/1000).

use std::collections::HashMap;

use crate::ner::document;
use crate::ner::features::{self, Lexicon};
use crate::ner::stack;
use crate::ner::tag::{self, Tag, TAG_COUNT};
use crate::{Error, Result};

const MAGIC: &[u8; 8] = b"TDNER\0\0\x03";

/// The row of transition weights used for the first token.
pub(crate) const START: usize = TAG_COUNT;

/// Transition weights: `[previous][next]`, previous `START` for the first token.
pub(crate) type Transitions = [[i32; TAG_COUNT]; TAG_COUNT + 1];

/// One feature's weights, `weights[tag] << shift` in units of 1/1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Row {
    pub weights: [i16; TAG_COUNT],
    pub shift: u8,
}

impl Row {
    /// Quantises weights in units of 1/1000 with the smallest shift that fits.
    pub(crate) fn quantise(values: [i64; TAG_COUNT]) -> Row {
        let largest = values.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0);
        let mut shift = 0u8;
        while (largest >> shift) > 32_767 && shift < 40 {
            shift += 1;
        }
        let mut weights = [0i16; TAG_COUNT];
        for (weight, &value) in weights.iter_mut().zip(&values) {
            let scaled = if shift == 0 {
                value
            } else {
                (value + (1 << (shift - 1))) >> shift
            };
            *weight = scaled.clamp(-32_767, 32_767) as i16;
        }
        Row { weights, shift }
    }
}

/// One linear model: feature rows by ascending key, tag transitions, and
/// an open-addressing index over the keys.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Weights {
    keys: Vec<u32>,
    weights: Vec<Row>,
    transitions: Transitions,
    /// Open-addressing index: slot → position in `keys` + 1 (0 = empty).
    slots: Vec<u32>,
}

/// A named-entity tagger: give it a tokenised sentence, get a tag per token.
///
/// Two linear models: the first tags each sentence on its own; the second
/// (when the model has one) re-tags the sentences of a document with, as
/// extra features, what the first said about the same words elsewhere in
/// the document ([`Tagger::tag_document`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    lexicon: Lexicon,
    first: Weights,
    second: Option<Weights>,
}

/// Whether `next` may follow `previous` (`START` for the first token):
/// `I-X` only continues `B-X` or `I-X`.
pub(crate) fn allowed(previous: usize, next: usize) -> bool {
    match Tag::from_index(next) {
        Tag::I(kind) => previous < TAG_COUNT && Tag::from_index(previous).kind() == Some(kind),
        _ => true,
    }
}

/// The best tag sequence for per-token tag scores under `transitions`, as
/// tag indices, never giving token `t` a tag whose bit is set in
/// `masks[t]` (see [`tag::forbidden`]; `O` is never forbidden).
pub(crate) fn viterbi(
    scores: &[[i64; TAG_COUNT]],
    transitions: &[[i64; TAG_COUNT]; TAG_COUNT + 1],
    masks: &[u16],
) -> Vec<usize> {
    let n = scores.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: i64 = i64::MIN / 4;
    let mut best = vec![[NEG; TAG_COUNT]; n];
    let mut back = vec![[0u8; TAG_COUNT]; n];
    let permitted = |t: usize, tag: usize| masks.get(t).is_none_or(|m| m & (1 << tag) == 0);
    for tag in 0..TAG_COUNT {
        if allowed(START, tag) && permitted(0, tag) {
            best[0][tag] = scores[0][tag] + transitions[START][tag];
        }
    }
    for t in 1..n {
        for tag in 0..TAG_COUNT {
            if !permitted(t, tag) {
                continue;
            }
            let mut top = NEG;
            let mut arg = 0u8;
            for previous in 0..TAG_COUNT {
                if best[t - 1][previous] == NEG || !allowed(previous, tag) {
                    continue;
                }
                let value = best[t - 1][previous] + transitions[previous][tag];
                if value > top {
                    top = value;
                    arg = previous as u8;
                }
            }
            if top != NEG {
                best[t][tag] = top + scores[t][tag];
                back[t][tag] = arg;
            }
        }
    }
    let mut last = 0;
    for tag in 1..TAG_COUNT {
        if best[n - 1][tag] > best[n - 1][last] {
            last = tag;
        }
    }
    let mut path = vec![0usize; n];
    path[n - 1] = last;
    for t in (1..n).rev() {
        path[t - 1] = back[t][path[t]] as usize;
    }
    path
}

fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 7) as usize & mask
}

impl Tagger {
    /// The model shipped with tidings (`crates/nlp/models/ner-en.bin`).
    pub fn bundled() -> Result<Tagger> {
        Tagger::from_bytes(include_bytes!("../../models/ner-en.bin"))
    }

    /// A tagger from its parts.
    pub(crate) fn from_parts(lexicon: Lexicon, first: Weights, second: Option<Weights>) -> Tagger {
        Tagger {
            lexicon,
            first,
            second,
        }
    }

    /// The number of weighted features in the model (both passes).
    pub fn feature_count(&self) -> usize {
        self.first.keys.len() + self.second.as_ref().map_or(0, |w| w.keys.len())
    }

    /// Whether the model has a second, document-level pass.
    pub fn has_document_pass(&self) -> bool {
        self.second.is_some()
    }

    /// Tags one sentence, given as its tokens in order, as written.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        if tokens.is_empty() {
            return Vec::new();
        }
        let mut keys = Vec::with_capacity(tokens.len() * 48);
        let mut ends = Vec::with_capacity(tokens.len());
        features::extract(tokens, &self.lexicon, &mut keys, &mut ends);
        let masks = masks(tokens);
        let mut tags = to_tags(self.first.decode(&[(&keys, &ends)], &masks));
        self.tidy(tokens, &mut tags);
        tags
    }

    /// The passes after Viterbi, in order: the token rule, titles out of
    /// names, `and` splits, the kinds the lists know, names of several
    /// words the lists know that the tagger missed, MISC heads, natural
    /// places, acronym plurals and ranks, lowercase edges, datelines.
    fn tidy(&self, tokens: &[&str], tags: &mut [Tag]) {
        tag::obey(tokens, tags);
        self.strip_titles(tokens, tags);
        self.split_coordinations(tokens, tags);
        self.known_kinds(tokens, tags);
        self.fill_known(tokens, tags);
        self.name_words(tokens, tags);
        tag::events_and_documents(tokens, tags);
        tag::natural_places(tokens, tags);
        tag::acronym_plurals(tokens, tags);
        tag::lowercase_edges(tokens, tags);
        self.datelines(tokens, tags);
    }

    /// Tags the sentences of one document (an article), each given as its
    /// tokens (re-tagged by the second pass, with what the first said about
    /// the same words elsewhere, when the model has one), then revises the
    /// tags for consistency across the document: a surname alone after the
    /// full name is the same person, and the same name tagged with
    /// different kinds takes its most frequent kind.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let mut tags: Vec<Vec<Tag>> = match &self.second {
            None => sentences.iter().map(|s| self.tag(s)).collect(),
            Some(second) => {
                let mut keys = Vec::with_capacity(sentences.len());
                let mut first_pass = Vec::with_capacity(sentences.len());
                for tokens in sentences {
                    let mut sentence_keys = Vec::with_capacity(tokens.len() * 48);
                    let mut ends = Vec::with_capacity(tokens.len());
                    features::extract(tokens, &self.lexicon, &mut sentence_keys, &mut ends);
                    first_pass.push(
                        self.first
                            .decode(&[(&sentence_keys, &ends)], &masks(tokens)),
                    );
                    keys.push((sentence_keys, ends));
                }
                let history = stack::History::of(sentences, &first_pass);
                let mut extra = Vec::new();
                let mut extra_ends = Vec::new();
                sentences
                    .iter()
                    .enumerate()
                    .map(|(index, tokens)| {
                        extra.clear();
                        extra_ends.clear();
                        history.extract(
                            tokens,
                            &first_pass[index],
                            Some((tokens.as_slice(), first_pass[index].as_slice())),
                            &mut extra,
                            &mut extra_ends,
                        );
                        let (sentence_keys, ends) = &keys[index];
                        let mut tags = to_tags(second.decode(
                            &[(sentence_keys, ends), (&extra, &extra_ends)],
                            &masks(tokens),
                        ));
                        self.tidy(tokens, &mut tags);
                        tags
                    })
                    .collect()
            }
        };
        document::make_consistent(sentences, &mut tags);
        tags
    }

    /// Takes titles out of names, as the CoNLL conventions do: a name that
    /// begins with title or role words (`Emperor Meiji`, `General Director
    /// Ljubomir Acimovic`, `King Norodom Sihanouk` tagged as one name of
    /// any kind) followed only by capitalised words (or name particles),
    /// none of which ends organisation names (`General Motors`), becomes
    /// the titles outside a person's name.
    fn strip_titles(&self, tokens: &[&str], tags: &mut [Tag]) {
        let bits = |word: &str| self.lexicon.classes(&[word]);
        let capitalised = tag::is_capitalised;
        for (_, range) in tag::entity_spans(tags) {
            let mut start = range.start;
            while start + 1 < range.end && bits(tokens[start]) & features::gaz::ROLE != 0 {
                start += 1;
            }
            let rest = &tokens[start..range.end];
            if start == range.start
                || !capitalised(rest[0])
                || !rest.iter().all(|w| capitalised(w) || tag::is_particle(w))
                || rest
                    .iter()
                    .any(|w| bits(w) & (features::gaz::ORG_WORD | features::gaz::ROLE) != 0)
            {
                continue;
            }
            for t in &mut tags[range.start..start] {
                *t = Tag::O;
            }
            tag::relabel(tags, start..range.end, tidings_model::EntityKind::Person);
        }
    }

    /// Gives a whole name the kind the lists of well-known names give it,
    /// when they give it exactly one and it is not a country, capital or
    /// demonym: a known organisation or person tagged as another kind takes
    /// that kind (`Spotify`/LOC → ORG), and a known place tagged as a
    /// person becomes a place. A known town or region tagged as an
    /// organisation is left alone: towns lend their names to clubs and
    /// councils (`Leeds beat Kent`); a river, sea, island, mountain or
    /// landmark so tagged becomes a place (`Nile`, `Wall Street`), but not a
    /// seat of government that speaks for one (`the Kremlin said`). MISC
    /// names keep their kind.
    fn known_kinds(&self, tokens: &[&str], tags: &mut [Tag]) {
        use features::gaz;
        use tidings_model::EntityKind;
        for (kind, range) in tag::entity_spans(tags) {
            if kind == EntityKind::Other {
                continue;
            }
            let bits = self.lexicon.classes(&tokens[range.clone()]);
            if bits & (gaz::COUNTRY | gaz::CAPITAL | gaz::DEMONYM) != 0 {
                continue;
            }
            let known = bits & (gaz::ORGANISATION | gaz::PLACE | gaz::PERSON);
            let target = match known {
                gaz::ORGANISATION => EntityKind::Organisation,
                gaz::PERSON => EntityKind::Person,
                gaz::PLACE if kind == EntityKind::Person || bits & gaz::FEATURE != 0 => {
                    EntityKind::Location
                }
                _ => continue,
            };
            if target != kind {
                tag::relabel(tags, range, target);
            }
        }
    }

    /// Kinds that a name's own words give, for names the lists do not know
    /// (they decide, in `known_kinds`, when they do):
    ///
    /// - a name of two words or more ending in a settlement word (`Kerra
    ///   Town`, `Dunmere City`, see [`tag::SETTLEMENT_ENDS`]) is a place;
    /// - one ending in a word of transport, banking or trade (`Norvania
    ///   Rail`, `Orin Airways`, see [`tag::COMPANY_WORDS`]) or opening with
    ///   a kind of business (`Café Zürich`) is an organisation;
    /// - one word that is only a common place noun (`Island`, `Harbour`,
    ///   capitalised at the start of a sentence) is no name;
    /// - one word after `of` and a lower-case word of local government or
    ///   settlement (`the town council of Kessing`, `the mayor of Portavel`)
    ///   is a place.
    fn name_words(&self, tokens: &[&str], tags: &mut [Tag]) {
        use features::gaz;
        use tidings_model::EntityKind;
        let known = gaz::ORGANISATION | gaz::PLACE | gaz::PERSON | gaz::COUNTRY | gaz::CAPITAL;
        for (kind, range) in tag::entity_spans(tags) {
            let name = &tokens[range.clone()];
            // Before the lists: they hold "Island" as Iceland's own name.
            if tag::is_place_noun(name) {
                tags[range].fill(Tag::O);
                continue;
            }
            if kind == EntityKind::Other || self.lexicon.classes(name) & known != 0 {
                continue;
            }
            match tag::kind_from_words(name, range.start, tokens) {
                Some(target) if target != kind => tag::relabel(tags, range, target),
                _ => {}
            }
        }
    }

    /// Tags names of two words or more that the lists know with exactly one
    /// kind (an organisation, a place — country, capital or other — or a
    /// person) where the tagger left all their words untagged: `Wall
    /// Street`, `Yum Brands`. The words must be capitalised, apart from
    /// `of`, `and`, `the`, `for`, `de` inside. The longest known phrase
    /// wins.
    fn fill_known(&self, tokens: &[&str], tags: &mut [Tag]) {
        use features::gaz;
        use tidings_model::EntityKind;
        let capitalised = tag::is_capitalised;
        let inner = |w: &str| capitalised(w) || matches!(w, "of" | "and" | "the" | "for" | "de");
        let mut i = 0;
        while i < tokens.len() {
            let mut found = None;
            if tags[i] == Tag::O && capitalised(tokens[i]) {
                let longest = self.lexicon.longest.min(tokens.len() - i);
                for length in (2..=longest).rev() {
                    let end = i + length;
                    let words = &tokens[i..end];
                    if !tags[i..end].iter().all(|t| *t == Tag::O)
                        || !words.iter().all(|w| inner(w))
                        || !capitalised(words[length - 1])
                    {
                        continue;
                    }
                    let bits = self.lexicon.classes(words);
                    let place = bits & (gaz::PLACE | gaz::COUNTRY | gaz::CAPITAL) != 0;
                    let organisation = bits & gaz::ORGANISATION != 0;
                    let person = bits & gaz::PERSON != 0;
                    let kind = match (organisation, place, person) {
                        (true, false, false) => EntityKind::Organisation,
                        (false, true, false) => EntityKind::Location,
                        (false, false, true) => EntityKind::Person,
                        _ => continue,
                    };
                    found = Some((end, kind));
                    break;
                }
            }
            match found {
                Some((end, kind)) => {
                    tag::relabel(tags, i..end, kind);
                    i = end;
                }
                None => i += 1,
            }
        }
    }

    /// Splits a name that joins two names with `and` (`Lotte and Hyundai`,
    /// `West Bank and Gaza`) into two of the same kind, unless the lists
    /// know the whole (`Trinidad and Tobago`) or an organisation word ends
    /// it (`tag::coordination_split`).
    fn split_coordinations(&self, tokens: &[&str], tags: &mut [Tag]) {
        for (kind, range) in tag::entity_spans(tags) {
            let name = &tokens[range.clone()];
            let Some(and) = tag::coordination_split(name) else {
                continue;
            };
            if self.lexicon.classes(name) != 0 {
                continue;
            }
            tags[range.start + and] = Tag::O;
            tags[range.start + and + 1] = Tag::B(kind);
        }
    }

    /// Makes the places of a news dateline (`tag::dateline_places`)
    /// places, unless the lists know the name as an organisation only
    /// (`UNITED NATIONS 2026-03-02`); the commas between them are no part
    /// of any name.
    fn datelines(&self, tokens: &[&str], tags: &mut [Tag]) {
        use features::gaz;
        use tidings_model::EntityKind;
        let places = tag::dateline_places(tokens);
        let Some(end) = places.last().map(|r| r.end) else {
            return;
        };
        for (i, tag) in tags.iter_mut().enumerate().take(end) {
            if !places.iter().any(|r| r.contains(&i)) {
                *tag = Tag::O;
            }
        }
        for range in places {
            let bits = self.lexicon.classes(&tokens[range.clone()]);
            let organisation_only = bits
                & (gaz::ORGANISATION | gaz::PLACE | gaz::COUNTRY | gaz::CAPITAL)
                == gaz::ORGANISATION;
            if organisation_only {
                continue;
            }
            tag::relabel(tags, range, EntityKind::Location);
        }
        if let Some(next) = tags.get_mut(end) {
            if let Tag::I(kind) = *next {
                *next = Tag::B(kind);
            }
        }
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.feature_count() * 12 + 1024);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(TAG_COUNT as u32).to_le_bytes());
        self.first.write(&mut out);
        let mut phrases: Vec<(u64, u16)> =
            self.lexicon.phrases.iter().map(|(&k, &v)| (k, v)).collect();
        phrases.sort_unstable();
        out.extend_from_slice(&(phrases.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.lexicon.longest as u32).to_le_bytes());
        for (key, bits) in phrases {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&bits.to_le_bytes());
        }
        let mut clusters: Vec<(u64, (u16, u8))> = self
            .lexicon
            .clusters
            .iter()
            .map(|(&k, &v)| (k, v))
            .collect();
        clusters.sort_unstable();
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (key, (fine, coarse)) in clusters {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&fine.to_le_bytes());
            out.push(coarse);
        }
        let mut capitals: Vec<(u64, u8)> = self
            .lexicon
            .capitals
            .iter()
            .map(|(&k, &v)| (k, v))
            .collect();
        capitals.sort_unstable();
        out.extend_from_slice(&(capitals.len() as u32).to_le_bytes());
        for (key, bucket) in capitals {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(bucket);
        }
        out.push(u8::from(self.second.is_some()));
        if let Some(second) = &self.second {
            second.write(&mut out);
        }
        out
    }

    /// Reads a model file's bytes (as [`Tagger::to_bytes`] writes them).
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(8)? != MAGIC {
            return Err(Error::Model {
                why: "not a tidings NER model (bad magic)".to_string(),
            });
        }
        let tags = reader.u32()? as usize;
        if tags != TAG_COUNT {
            return Err(Error::Model {
                why: format!("expected {TAG_COUNT} tags, the file has {tags}"),
            });
        }
        let first = Weights::read(&mut reader)?;
        let phrase_count = reader.count(10)?;
        let longest = reader.u32()? as usize;
        if longest > 16 {
            return Err(Error::Model {
                why: format!("gazetteer phrases of {longest} tokens"),
            });
        }
        let mut phrases = HashMap::with_capacity(phrase_count);
        for _ in 0..phrase_count {
            let key = reader.u64()?;
            let bits = reader.u16()?;
            phrases.insert(key, bits);
        }
        let cluster_count = reader.count(11)?;
        let mut clusters = HashMap::with_capacity(cluster_count);
        for _ in 0..cluster_count {
            let key = reader.u64()?;
            let fine = reader.u16()?;
            let coarse = reader.take(1)?[0];
            clusters.insert(key, (fine, coarse));
        }
        let capital_count = reader.count(9)?;
        let mut capitals = HashMap::with_capacity(capital_count);
        for _ in 0..capital_count {
            let key = reader.u64()?;
            let bucket = reader.take(1)?[0];
            capitals.insert(key, bucket);
        }
        let second = match reader.take(1)?[0] {
            0 => None,
            1 => Some(Weights::read(&mut reader)?),
            flag => {
                return Err(Error::Model {
                    why: format!("bad second-pass flag {flag}"),
                })
            }
        };
        if reader.at != bytes.len() {
            return Err(Error::Model {
                why: format!(
                    "{} bytes after the end of the model",
                    bytes.len() - reader.at
                ),
            });
        }
        let lexicon = Lexicon {
            phrases,
            longest,
            clusters,
            capitals,
        };
        Ok(Tagger {
            lexicon,
            first,
            second,
        })
    }
}

/// The tags each token may not carry ([`tag::forbidden`]).
pub(crate) fn masks<S: AsRef<str>>(tokens: &[S]) -> Vec<u16> {
    tokens.iter().map(|t| tag::forbidden(t.as_ref())).collect()
}

fn to_tags(path: Vec<usize>) -> Vec<Tag> {
    path.into_iter().map(Tag::from_index).collect()
}

impl Weights {
    /// Weights from feature rows and transitions; rows whose weights are
    /// all zero are dropped.
    pub(crate) fn new(mut features: Vec<(u32, Row)>, transitions: Transitions) -> Weights {
        features.retain(|(_, row)| row.weights.iter().any(|&w| w != 0));
        features.sort_by_key(|(key, _)| *key);
        features.dedup_by_key(|(key, _)| *key);
        let (keys, weights) = features.into_iter().unzip();
        let mut out = Weights {
            keys,
            weights,
            transitions,
            slots: Vec::new(),
        };
        out.index();
        out
    }

    fn index(&mut self) {
        let size = (self.keys.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![0u32; size];
        for (position, &key) in self.keys.iter().enumerate() {
            let mut slot = slot_of(key, mask);
            while slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = position as u32 + 1;
        }
        self.slots = slots;
    }

    fn row(&self, key: u32) -> Option<&Row> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(key, mask);
        loop {
            let entry = self.slots[slot];
            if entry == 0 {
                return None;
            }
            let position = entry as usize - 1;
            if self.keys[position] == key {
                return self.weights.get(position);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The best tag path of one sentence whose token features are given in
    /// parts, each as keys and the end of each token's keys.
    /// `masks` holds the tags each token may not carry.
    pub(crate) fn decode(&self, parts: &[(&[u32], &[usize])], masks: &[u16]) -> Vec<usize> {
        let tokens = parts.first().map_or(0, |(_, ends)| ends.len());
        let mut scores = vec![[0i64; TAG_COUNT]; tokens];
        for (keys, ends) in parts {
            let mut start = 0;
            for (sum, &end) in scores.iter_mut().zip(ends.iter()) {
                for &key in &keys[start..end] {
                    if let Some(row) = self.row(key) {
                        for (total, &weight) in sum.iter_mut().zip(&row.weights) {
                            *total += i64::from(weight) << row.shift;
                        }
                    }
                }
                start = end;
            }
        }
        let mut transitions = [[0i64; TAG_COUNT]; TAG_COUNT + 1];
        for (row, source) in transitions.iter_mut().zip(&self.transitions) {
            for (value, &weight) in row.iter_mut().zip(source) {
                *value = i64::from(weight);
            }
        }
        viterbi(&scores, &transitions, masks)
    }

    fn write(&self, out: &mut Vec<u8>) {
        for row in &self.transitions {
            for weight in row {
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for (key, row) in self.keys.iter().zip(&self.weights) {
            out.extend_from_slice(&key.to_le_bytes());
            let mut mask = u16::from(row.shift) << TAG_COUNT;
            for (tag, &weight) in row.weights.iter().enumerate() {
                if weight != 0 {
                    mask |= 1 << tag;
                }
            }
            out.extend_from_slice(&mask.to_le_bytes());
            for &weight in row.weights.iter().filter(|&&w| w != 0) {
                out.extend_from_slice(&weight.to_le_bytes());
            }
        }
    }

    fn read(reader: &mut Reader<'_>) -> Result<Weights> {
        let mut transitions = [[0i32; TAG_COUNT]; TAG_COUNT + 1];
        for row in transitions.iter_mut() {
            for weight in row.iter_mut() {
                *weight = reader.u32()? as i32;
            }
        }
        let count = reader.count(6)?;
        let mut keys = Vec::with_capacity(count);
        let mut weights = Vec::with_capacity(count);
        let mut previous: Option<u32> = None;
        for _ in 0..count {
            let key = reader.u32()?;
            if previous.is_some_and(|p| p >= key) {
                return Err(Error::Model {
                    why: "feature keys out of order".to_string(),
                });
            }
            previous = Some(key);
            let mask = reader.u16()?;
            let shift = (mask >> TAG_COUNT) as u8;
            if shift > 40 {
                return Err(Error::Model {
                    why: format!("bad weight shift {shift}"),
                });
            }
            let mut row = Row {
                weights: [0i16; TAG_COUNT],
                shift,
            };
            for (tag, weight) in row.weights.iter_mut().enumerate() {
                if mask & (1 << tag) != 0 {
                    *weight = reader.u16()? as i16;
                }
            }
            keys.push(key);
            weights.push(row);
        }
        let mut out = Weights {
            keys,
            weights,
            transitions,
            slots: Vec::new(),
        };
        out.index();
        Ok(out)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        match end {
            Some(end) => {
                let slice = &self.bytes[self.at..end];
                self.at = end;
                Ok(slice)
            }
            None => Err(Error::Model {
                why: format!("truncated at byte {}", self.at),
            }),
        }
    }

    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut array = [0u8; 8];
        array.copy_from_slice(b);
        Ok(u64::from_le_bytes(array))
    }

    /// A count of records of at least `min_size` bytes each, checked
    /// against the bytes left.
    fn count(&mut self, min_size: usize) -> Result<usize> {
        let count = self.u32()? as usize;
        if count.saturating_mul(min_size) > self.bytes.len() - self.at {
            return Err(Error::Model {
                why: format!("{count} records cannot fit in the file"),
            });
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tidings_model::EntityKind;

    #[test]
    fn viterbi_respects_bio_constraints() {
        let mut scores = vec![[0i64; TAG_COUNT]; 3];
        // I-PER scores highest everywhere, but cannot start a sentence.
        for row in scores.iter_mut() {
            row[Tag::I(EntityKind::Person).index()] = 10;
        }
        scores[0][Tag::B(EntityKind::Person).index()] = 5;
        let transitions = [[0i64; TAG_COUNT]; TAG_COUNT + 1];
        let path: Vec<Tag> = viterbi(&scores, &transitions, &[])
            .into_iter()
            .map(Tag::from_index)
            .collect();
        assert_eq!(
            path,
            vec![
                Tag::B(EntityKind::Person),
                Tag::I(EntityKind::Person),
                Tag::I(EntityKind::Person)
            ]
        );
    }

    #[test]
    fn viterbi_keeps_forbidden_tags_off_their_tokens() {
        let mut scores = vec![[0i64; TAG_COUNT]; 3];
        for row in scores.iter_mut() {
            row[Tag::B(EntityKind::Person).index()] = 4;
            row[Tag::I(EntityKind::Person).index()] = 10;
        }
        let transitions = [[0i64; TAG_COUNT]; TAG_COUNT + 1];
        let masks = [0, 0, tag::forbidden("4-0-25-0")];
        let path: Vec<Tag> = viterbi(&scores, &transitions, &masks)
            .into_iter()
            .map(Tag::from_index)
            .collect();
        assert_eq!(
            path,
            vec![
                Tag::B(EntityKind::Person),
                Tag::I(EntityKind::Person),
                Tag::O
            ]
        );
    }

    #[test]
    fn bundled_model_loads_and_round_trips() {
        let tagger = Tagger::bundled().unwrap();
        assert!(tagger.feature_count() > 0);
        let bytes = tagger.to_bytes();
        assert_eq!(Tagger::from_bytes(&bytes).unwrap().to_bytes(), bytes);
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(Tagger::from_bytes(b"").is_err());
        assert!(Tagger::from_bytes(b"not a model at all").is_err());
        let bytes = Tagger::bundled().unwrap().to_bytes();
        assert!(Tagger::from_bytes(&bytes[..bytes.len() - 1]).is_err());
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut with_magic = MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = Tagger::from_bytes(&with_magic);
            let _ = Tagger::from_bytes(&bytes);
        }
    }
}

#[cfg(test)]
mod bundled_tests {
    use super::*;
    use crate::ner::entity_spans;
    use proptest::prelude::*;
    use tidings_model::EntityKind;

    fn names(tagger: &Tagger, text: &str) -> Vec<(EntityKind, String)> {
        let tokens: Vec<&str> = text.split(' ').collect();
        entity_spans(&tagger.tag(&tokens))
            .into_iter()
            .map(|(kind, range)| (kind, tokens[range].join(" ")))
            .collect()
    }

    /// Issue 15, item 5: invented names whose own words give their kind.
    #[test]
    fn a_names_own_words_give_its_kind_when_the_lists_do_not_know_it() {
        let tagger = Tagger::bundled().unwrap();
        let kind_of = |text: &str, name: &str| {
            names(&tagger, text)
                .into_iter()
                .find(|(_, found)| found == name)
                .map(|(kind, _)| kind)
        };
        use EntityKind::{Location, Organisation};
        for (text, name, kind) in [
            (
                "Two boats sank in the harbour at Kerra Town , officials said .",
                "Kerra Town",
                Location,
            ),
            (
                "The bus depot of Ostvik City was closed .",
                "Ostvik City",
                Location,
            ),
            (
                "The national rail operator Norvania Rail said it would cancel all night trains .",
                "Norvania Rail",
                Organisation,
            ),
            (
                "Shares in Dunmere Bank fell on Monday .",
                "Dunmere Bank",
                Organisation,
            ),
            (
                "She runs the Café Zürich on the square .",
                "Café Zürich",
                Organisation,
            ),
            (
                "The town council of Kessing voted on Friday to build a barrier .",
                "Kessing",
                Location,
            ),
        ] {
            assert_eq!(
                kind_of(text, name),
                Some(kind),
                "{text}: {:?}",
                names(&tagger, text)
            );
        }
        // A common place noun alone is no name, whatever the lists say of it.
        let found = names(
            &tagger,
            "Island residents had complained that food deliveries ran short .",
        );
        assert!(found.is_empty(), "{found:?}");
        // Clubs the lists know keep their kind.
        assert_eq!(
            kind_of("Ipswich Town beat Luton 2-1 on Saturday .", "Ipswich Town"),
            Some(Organisation)
        );
    }

    #[test]
    fn bundled_model_finds_people_places_and_organisations() {
        let tagger = Tagger::bundled().unwrap();
        let found = names(
            &tagger,
            "Russian President Vladimir Putin spoke with Israeli Prime Minister Benjamin Netanyahu about Iran on Friday .",
        );
        assert!(
            found.contains(&(EntityKind::Person, "Vladimir Putin".to_string())),
            "{found:?}"
        );
        assert!(
            found.contains(&(EntityKind::Person, "Benjamin Netanyahu".to_string())),
            "{found:?}"
        );
        assert!(
            found.contains(&(EntityKind::Location, "Iran".to_string())),
            "{found:?}"
        );
        let found = names(
            &tagger,
            "The United Nations said aid reached Tehran and Isfahan .",
        );
        assert!(
            found.contains(&(EntityKind::Organisation, "United Nations".to_string())),
            "{found:?}"
        );
        assert!(
            found.contains(&(EntityKind::Location, "Tehran".to_string())),
            "{found:?}"
        );
        assert!(
            found.contains(&(EntityKind::Location, "Isfahan".to_string())),
            "{found:?}"
        );
        assert!(tagger.tag(&[]).is_empty());
    }

    proptest! {
        #[test]
        fn any_tokens_get_one_tag_each_and_obey_the_token_rule(
            picks in proptest::collection::vec(0usize..14, 0..40)
        ) {
            let words = [
                "Velmora", "General", "Motors", "Emperor", "said", "4-0-25-0", "-",
                "\"", "Spotify", "Nile", "the", "Mr", "(", "Kremlin",
            ];
            let tokens: Vec<&str> = picks.iter().map(|&w| words[w]).collect();
            static TAGGER: std::sync::OnceLock<Tagger> = std::sync::OnceLock::new();
            let tagger = TAGGER.get_or_init(|| Tagger::bundled().unwrap());
            for tags in [tagger.tag(&tokens), tagger.tag_document(std::slice::from_ref(&tokens)).remove(0)] {
                prop_assert_eq!(tags.len(), tokens.len());
                for (tag, token) in tags.iter().zip(&tokens) {
                    prop_assert_eq!(tag::forbidden(token) & (1 << tag.index()), 0);
                }
                for (_, range) in tag::entity_spans(&tags) {
                    prop_assert!(!matches!(tokens[range.end - 1], "-" | "\""));
                }
            }
        }
    }

    #[test]
    fn well_known_names_keep_their_kind() {
        let tagger = Tagger::bundled().unwrap();
        // Companies the training text never saw, in a list context that
        // reads like a list of places.
        let found = names(
            &tagger,
            "Firms such as Spotify , Tesla and Snapchat opened offices in Velmora .",
        );
        for company in ["Spotify", "Tesla", "Snapchat"] {
            assert!(
                found.contains(&(EntityKind::Organisation, company.to_string())),
                "{company}: {found:?}"
            );
        }
        // A known place is never made a person, and a town's name used for
        // its club stays the model's call.
        let found = names(&tagger, "Floods reached Thessaly and the Sahel .");
        assert!(
            found.contains(&(EntityKind::Location, "Thessaly".to_string())),
            "{found:?}"
        );
    }

    #[test]
    fn documents_keep_a_person_consistent() {
        let tagger = Tagger::bundled().unwrap();
        let sentences: Vec<Vec<&str>> = [
            "Mayor Ilse Varn opened the new harbour in Velmora on Friday .",
            "Fishers from Ostrand thanked Varn .",
        ]
        .iter()
        .map(|s| s.split(' ').collect())
        .collect();
        let tags = tagger.tag_document(&sentences);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0], tagger.tag(&sentences[0]));
        assert!(
            entity_spans(&tags[0]).contains(&(EntityKind::Person, 1..3)),
            "{tags:?}"
        );
        // Alone, the sentence reads "Varn" as a place; the document says
        // it is the mayor.
        assert!(
            !entity_spans(&tagger.tag(&sentences[1])).contains(&(EntityKind::Person, 4..5)),
            "the document pass is not needed here any more: pick a harder sentence"
        );
        assert!(
            entity_spans(&tags[1]).contains(&(EntityKind::Person, 4..5)),
            "{tags:?}"
        );
        assert!(tagger.tag_document(&[]).is_empty());
    }

    #[test]
    fn listed_names_the_tagger_missed_are_filled_in() {
        let tagger = Tagger::bundled().unwrap();
        let fill = |text: &str, before: Vec<Tag>| {
            let tokens: Vec<&str> = text.split(' ').collect();
            let mut tags = before;
            tagger.fill_known(&tokens, &mut tags);
            entity_spans(&tags)
        };
        let o = |n: usize| vec![Tag::O; n];
        assert_eq!(
            fill("Traders on Wall Street sold shares .", o(7)),
            vec![(EntityKind::Location, 2..4)]
        );
        assert_eq!(
            fill("the World Trade Organization ruled", o(5)),
            vec![(EntityKind::Organisation, 1..4)]
        );
        // Lowercase words are no name, and a name the tagger found stays.
        assert!(fill("traders on wall street sold", o(5)).is_empty());
        let tagged = vec![
            Tag::O,
            Tag::O,
            Tag::B(EntityKind::Organisation),
            Tag::O,
            Tag::O,
        ];
        assert_eq!(
            fill("traders on Wall Street sold", tagged),
            vec![(EntityKind::Organisation, 2..3)]
        );
    }
}
