//! Training: an averaged structured perceptron over hashed features, with
//! Viterbi decoding under BIO constraints, word clusters from unlabeled
//! text and gazetteers from the country table and the training data.
//!
//! Deterministic: features get dense ids in order of first appearance,
//! sentences are shuffled by a seeded generator, and the model file is
//! written in sorted order, so the same data and seed give the same bytes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::gazetteer::rows;
use crate::ner::augment::{self, Names};
use crate::ner::clusters::{self, ClusterConfig};
use crate::ner::conll::{self, Sentence};
use crate::ner::features::{self, gaz, rough_tokens, text_key, Lexicon};
use crate::ner::model::{allowed, masks, viterbi, Row, Tagger, Transitions, Weights, START};
use crate::ner::stack::History;
use crate::ner::tag::{self, entity_spans, Tag, TAG_COUNT};
use crate::{Error, Result};
use tidings_model::EntityKind;

/// The country table read at training time; what the model needs of it is
/// stored inside the model.
const COUNTRIES: &str = include_str!("../../data/countries.tsv");

/// Role words and titles that stand before names, read at training time
/// (first column; `#` lines are comments, the first other line the header).
const ROLES: &str = include_str!("../../data/roles.tsv");

/// Well-known organisations, places and people, written for tidings (name,
/// type; see each file's header).
const KNOWN_ORGANISATIONS: &str = include_str!("../../data/known_organisations.tsv");
const KNOWN_PLACES: &str = include_str!("../../data/known_places.tsv");
const KNOWN_PEOPLE: &str = include_str!("../../data/known_people.tsv");
/// Institutions and the places that stand for them (alpha3, kind, name,
/// aliases): never a plain place for the tagger.
const INSTITUTIONS: &str = include_str!("../../data/institutions.tsv");

/// The names of a `name<TAB>type` table: comment lines and the header row
/// skipped.
fn table_names(table: &str) -> impl Iterator<Item = &str> {
    rows(table).filter_map(|(_, cells)| cells.first().copied())
}

/// International organisations known to the gazetteer feature.
const ORGANISATIONS: &[&str] = &[
    "United Nations",
    "UN",
    "U.N.",
    "UN Security Council",
    "Security Council",
    "NATO",
    "European Union",
    "EU",
    "E.U.",
    "IAEA",
    "International Atomic Energy Agency",
    "World Bank",
    "International Monetary Fund",
    "IMF",
    "World Health Organization",
    "WHO",
    "OPEC",
    "African Union",
    "AU",
    "Arab League",
    "ASEAN",
    "OCHA",
    "UNICEF",
    "UNHCR",
    "Red Cross",
    "International Committee of the Red Cross",
    "ICRC",
    "Red Crescent",
    "World Trade Organization",
    "WTO",
    "Interpol",
    "European Commission",
    "G7",
    "G20",
    "OSCE",
    "Amnesty International",
    "Human Rights Watch",
    "International Criminal Court",
    "ICC",
    "Organization of American States",
    "OAS",
    "Commonwealth",
];

/// Words that end company names, known to the gazetteer feature as
/// organisation words (with those the training data shows).
const COMPANY_WORDS: &[&str] = &[
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "Corporation",
    "Ltd",
    "Ltd.",
    "Limited",
    "Co.",
    "plc",
    "PLC",
    "LLC",
    "LLP",
    "AG",
    "GmbH",
    "S.A.",
    "SA",
    "N.V.",
    "NV",
    "SpA",
    "AB",
    "ASA",
    "Holdings",
    "Group",
    "Airlines",
    "Airways",
    "Motors",
    "Bancorp",
    "Technologies",
    "Industries",
    "Pharmaceuticals",
    "Telecom",
    "Communications",
    "Enterprises",
    "Partners",
    "Ventures",
    "Labs",
    "Media",
    "Studios",
    "Entertainment",
    "Software",
    "Systems",
];

/// How a model is trained.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Seed of the sentence shuffles, augmentation and cluster initialisation.
    pub seed: u64,
    /// Passes over the training data.
    pub epochs: usize,
    /// Share of GMB sentences (from the end, a contiguous block) held out for tuning.
    pub heldout_share: f64,
    /// Share of training sentences also seen in capitals (for headlines and tables).
    pub uppercase_share: f64,
    /// Share of training sentences whose first place name also makes a
    /// news dateline (`VELMORA 2024-05-02`) of its own.
    pub dateline_share: f64,
    /// Features seen fewer times than this in training are dropped.
    pub min_feature_count: u32,
    /// Fine word clusters.
    pub fine_clusters: usize,
    /// Coarse word clusters.
    pub coarse_clusters: usize,
    /// k-means rounds for the clusters.
    pub cluster_rounds: usize,
    /// How many times each sentence of the small gold datasets (wikigold,
    /// UNER) is seen per epoch, against once for the large silver GMB.
    pub gold_repeat: usize,
    /// Synthetic sports results and table rows added to the training data
    /// (clubs named after towns as organisations, national teams as places).
    pub sports_lines: usize,
    /// Share of sentences with a person's full name also seen with the first
    /// name as an initial ("I. Varn").
    pub initials_share: f64,
    /// Whether to repair names the silver labels split inside one gazetteer
    /// phrase (`Sri/B-PER Lanka/B-LOC`).
    pub repair_labels: bool,
    /// Whether to train the second, document-level pass (stacked on the
    /// first pass's predictions, jackknifed over two folds of documents).
    pub document_pass: bool,
    /// Consecutive training sentences taken as one document by the second
    /// pass (the files have no document breaks).
    pub document_window: usize,
    /// Perceptrons trained on differently shuffled data whose weights are
    /// averaged into the model (parameter mixing; lowers the variance that
    /// the shuffle order brings).
    pub mixtures: usize,
    /// With `repair_labels`: a name that a silver set tags with one kind in
    /// at least this share of its (at least five) occurrences takes that
    /// kind everywhere in the set (0 turns it off).
    pub majority_share: f64,
    /// With `repair_labels`: silver names lose a leading lowercase word
    /// (`southern Italy`) and a title tagged into an organisation or place
    /// (`King/B-ORG Gyanendra/I-ORG` → `King/O Gyanendra/B-PER`).
    pub repair_edges: bool,
    /// Share of sentences with a dotted title (`Mr.`, `Dr.`) also seen in
    /// British style, without the full stop.
    pub british_share: f64,
    /// Share of sentences with a person named by a full name or a title
    /// (`Ilse Varn`, `Mr. Varn`) also seen with the surname alone (`Varn`),
    /// as news names people after the first mention.
    pub surname_share: f64,
    /// Whether the gazetteer includes the lists of well-known
    /// organisations, places and people (`data/known_*.tsv`).
    pub known_names: bool,
    /// Share of the tokens inside training names seen as unknown words
    /// (no word, cluster or capitalisation features), so that shape,
    /// context and gazetteer weights learn to carry unseen names.
    pub word_dropout: f64,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            seed: 1,
            epochs: 8,
            heldout_share: 0.03,
            uppercase_share: 0.1,
            dateline_share: 0.05,
            min_feature_count: 2,
            fine_clusters: 256,
            coarse_clusters: 32,
            cluster_rounds: 12,
            gold_repeat: 2,
            sports_lines: 6000,
            initials_share: 0.3,
            repair_labels: true,
            document_pass: false,
            document_window: 20,
            mixtures: 5,
            majority_share: 0.75,
            repair_edges: true,
            british_share: 0.3,
            surname_share: 0.3,
            known_names: true,
            word_dropout: 0.0,
        }
    }
}

/// One labelled dataset.
#[derive(Debug, Clone)]
pub struct TrainSet {
    /// Its name (the file name).
    pub name: String,
    /// Its sentences, tags as written.
    pub sentences: Vec<Sentence>,
    /// Whether it labels MISC; when not, MISC predicted where it says `O`
    /// is not counted as a mistake.
    pub has_misc: bool,
    /// How many times each sentence is seen per epoch.
    pub repeat: usize,
    /// Whether its labels are silver (machine-made, partly corrected): the
    /// label repairs of `TrainConfig::repair_labels` that trust the
    /// gazetteer and the dataset's own majority over a single label apply
    /// to silver sets only.
    pub silver: bool,
}

/// Everything a model is trained from.
#[derive(Debug, Clone, Default)]
pub struct TrainData {
    /// The labelled datasets.
    pub sets: Vec<TrainSet>,
    /// Held-out sentences (never trained on), for tuning.
    pub heldout: Vec<Sentence>,
    /// Unlabeled sentences (raw text), for word clusters.
    pub unlabeled: Vec<String>,
}

/// A training file `TrainData::from_dir` reads.
#[derive(Debug, Clone, Copy)]
pub struct TrainFile {
    /// Its name in the training folder.
    pub name: &'static str,
    /// Whether it labels MISC.
    pub has_misc: bool,
    /// Whether it is gold (seen `TrainConfig::gold_repeat` times per epoch;
    /// silver labels get the repairs).
    pub gold: bool,
    /// Whether training fails without it; an optional file is used when the
    /// folder has it.
    pub required: bool,
}

/// The files `TrainData::from_dir` reads, in this order. The UNER EWT
/// train split is not in `shared/train/ner` today (its README says why);
/// put it there as `uner_en_ewt_train.conll` (converted like the dev and
/// test splits) and the next `tidings train ner` uses it.
pub const TRAIN_FILES: &[TrainFile] = &[
    TrainFile {
        name: "gmb_conllstyle.conll",
        has_misc: true,
        gold: false,
        required: true,
    },
    TrainFile {
        name: "wikigold.conll",
        has_misc: true,
        gold: true,
        required: true,
    },
    TrainFile {
        name: "uner_en_ewt_dev.conll",
        has_misc: false,
        gold: true,
        required: true,
    },
    TrainFile {
        name: "uner_en_ewt_test.conll",
        has_misc: false,
        gold: true,
        required: true,
    },
    TrainFile {
        name: "uner_en_ewt_train.conll",
        has_misc: false,
        gold: true,
        required: false,
    },
];

impl TrainData {
    /// Reads the training files from `dir` (`shared/train/ner`; optional
    /// files only when present) and the unlabeled sentences (one per line)
    /// from `unlabeled` when given; the last `config.heldout_share` of the
    /// first file (GMB) is held out.
    pub fn from_dir(
        dir: &Path,
        unlabeled: Option<&Path>,
        config: &TrainConfig,
    ) -> Result<TrainData> {
        let mut data = TrainData::default();
        for (index, file) in TRAIN_FILES.iter().enumerate() {
            let path = dir.join(file.name);
            if !file.required && !path.exists() {
                continue;
            }
            let mut sentences = conll::read(&path)?;
            if index == 0 {
                let share = config.heldout_share.clamp(0.0, 0.5);
                let keep = sentences.len() - (sentences.len() as f64 * share) as usize;
                data.heldout = sentences.split_off(keep);
            }
            data.sets.push(TrainSet {
                name: file.name.to_string(),
                sentences,
                has_misc: file.has_misc,
                repeat: if file.gold { config.gold_repeat } else { 1 },
                silver: !file.gold,
            });
        }
        if let Some(path) = unlabeled {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: PathBuf::from(path),
                source,
            })?;
            data.unlabeled = text.lines().map(str::to_string).collect();
        }
        Ok(data)
    }
}

/// A small seeded generator (splitmix64): deterministic on every machine.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

fn phrase_key(text: &str) -> (u64, usize) {
    let tokens: Vec<String> = rough_tokens(text)
        .iter()
        .map(|t| features::normalise(t))
        .collect();
    (text_key(&tokens.join(" ")), tokens.len())
}

/// The gazetteer: countries, demonyms and capitals from the country table,
/// international organisations, and first names and organisation words
/// that the training data shows.
fn gazetteer(data: &TrainData, config: &TrainConfig) -> (HashMap<u64, u16>, usize) {
    let mut phrases: HashMap<u64, u16> = HashMap::new();
    let mut longest = 1;
    let mut add = |text: &str, bits: u16| {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let (key, length) = phrase_key(text);
        if length == 0 || length > 6 {
            return;
        }
        longest = longest.max(length);
        *phrases.entry(key).or_default() |= bits;
    };
    for line in COUNTRIES.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        let column = |i: usize| columns.get(i).copied().unwrap_or("");
        add(column(3), gaz::COUNTRY);
        for name in column(4).split('|') {
            add(name, gaz::COUNTRY);
        }
        for name in column(5).split('|') {
            add(name, gaz::DEMONYM);
        }
        add(column(6), gaz::CAPITAL);
    }
    for name in ORGANISATIONS {
        add(name, gaz::ORGANISATION);
    }
    for word in COMPANY_WORDS {
        add(word, gaz::ORG_WORD);
    }
    if config.known_names {
        for name in table_names(KNOWN_ORGANISATIONS) {
            add(name, gaz::ORGANISATION);
        }
        let mut institutions: HashSet<String> = HashSet::new();
        for (_, cells) in rows(INSTITUTIONS) {
            for name in cells.iter().skip(2).flat_map(|c| c.split('|')) {
                let name = name.trim().trim_start_matches("the ").to_lowercase();
                if !name.is_empty() {
                    institutions.insert(name);
                }
            }
        }
        for (_, cells) in rows(KNOWN_PLACES) {
            let (Some(name), kind) = (cells.first().copied(), cells.get(1).copied().unwrap_or(""))
            else {
                continue;
            };
            let feature = matches!(kind.trim(), "water" | "island" | "mountain" | "landmark")
                && !institutions.contains(&name.to_lowercase());
            add(
                name,
                if feature {
                    gaz::PLACE | gaz::FEATURE
                } else {
                    gaz::PLACE
                },
            );
        }
        for name in table_names(KNOWN_PEOPLE) {
            add(name, gaz::PERSON);
            // The surname alone ("Newton" for "Isaac Newton"), which news
            // uses after the first mention.
            let words = rough_tokens(name);
            if words.len() > 1 {
                if let Some(last) = words.last() {
                    if last.chars().next().is_some_and(char::is_uppercase)
                        && last.chars().count() > 2
                    {
                        add(last, gaz::SURNAME);
                    }
                }
            }
        }
    }
    for phrase in table_names(ROLES) {
        add(phrase, gaz::ROLE);
    }
    // First names and organisation words, from the labelled data.
    let mut total: HashMap<String, u32> = HashMap::new();
    let mut first: HashMap<String, u32> = HashMap::new();
    let mut org_last: HashMap<String, u32> = HashMap::new();
    for set in &data.sets {
        for sentence in &set.sentences {
            let tags: Vec<Tag> = sentence
                .iter()
                .map(|(_, t)| Tag::parse(t).unwrap_or(Tag::O))
                .collect();
            for (token, _) in sentence {
                *total.entry(features::normalise(token)).or_default() += 1;
            }
            for (kind, range) in entity_spans(&tags) {
                if range.len() < 2 {
                    continue;
                }
                match kind {
                    EntityKind::Person => {
                        *first
                            .entry(features::normalise(&sentence[range.start].0))
                            .or_default() += 1;
                    }
                    EntityKind::Organisation => {
                        *org_last
                            .entry(features::normalise(&sentence[range.end - 1].0))
                            .or_default() += 1;
                    }
                    _ => {}
                }
            }
        }
    }
    let mut derived: Vec<(String, u16)> = Vec::new();
    for (table, bits) in [(&first, gaz::FIRST_NAME), (&org_last, gaz::ORG_WORD)] {
        for (word, &count) in table {
            let seen = total.get(word).copied().unwrap_or(count);
            if count >= 3 && count * 2 >= seen && word.chars().any(char::is_alphabetic) {
                derived.push((word.clone(), bits));
            }
        }
    }
    derived.sort();
    for (word, bits) in derived {
        *phrases.entry(text_key(&word)).or_default() |= bits;
    }
    (phrases, longest)
}

struct Instance {
    /// Range of this sentence's tokens in `Corpus::ends`.
    tokens: std::ops::Range<usize>,
    gold: Vec<usize>,
    /// The tags each token may not carry.
    masks: Vec<u16>,
    has_misc: bool,
}

/// Sentences with their features as dense ids.
struct Corpus {
    features: Vec<u32>,
    /// End of each token's features in `features`.
    ends: Vec<usize>,
    instances: Vec<Instance>,
}

/// Extra feature keys of each sentence (keys, end of each token's keys).
type Extra = Vec<(Vec<u32>, Vec<usize>)>;

/// Word dropout: each token inside a gold name is, with probability
/// `share`, treated as a word never seen (`features::extract_with_unknown`).
struct Dropout {
    share: f64,
    rng: Rng,
}

fn build_corpus(
    sentences: &[(Vec<String>, Vec<usize>, bool)],
    lexicon: &Lexicon,
    min_count: u32,
    extra: &Extra,
    dropout: &mut Dropout,
) -> (Corpus, Vec<u32>) {
    let mut unknown: Vec<bool> = Vec::new();
    let mut keys = Vec::new();
    let mut key_ends = Vec::new();
    let mut instances = Vec::new();
    let mut sentence_keys = Vec::new();
    let mut sentence_ends = Vec::new();
    for (index, (tokens, gold, has_misc)) in sentences.iter().enumerate() {
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let first = key_ends.len();
        sentence_keys.clear();
        sentence_ends.clear();
        unknown.clear();
        for &g in gold {
            unknown.push(g != 0 && dropout.share > 0.0 && dropout.rng.unit() < dropout.share);
        }
        features::extract_with_unknown(
            &refs,
            lexicon,
            &mut sentence_keys,
            &mut sentence_ends,
            &unknown,
        );
        let (more, more_ends) = extra
            .get(index)
            .map_or((&[][..], &[][..]), |(k, e)| (k.as_slice(), e.as_slice()));
        let (mut start, mut more_start) = (0, 0);
        for (t, &end) in sentence_ends.iter().enumerate() {
            keys.extend_from_slice(&sentence_keys[start..end]);
            if let Some(&more_end) = more_ends.get(t) {
                keys.extend_from_slice(&more[more_start..more_end]);
                more_start = more_end;
            }
            key_ends.push(keys.len());
            start = end;
        }
        // The gold path must be one the decoder can reach.
        let mut tags: Vec<Tag> = gold.iter().map(|&g| Tag::from_index(g)).collect();
        tag::obey(&refs, &mut tags);
        instances.push(Instance {
            tokens: first..key_ends.len(),
            gold: tags.iter().map(|t| t.index()).collect(),
            masks: masks(&refs),
            has_misc: *has_misc,
        });
    }
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for &key in &keys {
        *counts.entry(key).or_default() += 1;
    }
    let mut ids: HashMap<u32, u32> = HashMap::new();
    let mut table = Vec::new();
    let mut features = Vec::with_capacity(keys.len());
    let mut ends = Vec::with_capacity(key_ends.len());
    let mut start = 0;
    for &end in &key_ends {
        for &key in &keys[start..end] {
            if counts.get(&key).copied().unwrap_or(0) >= min_count {
                let id = *ids.entry(key).or_insert_with(|| {
                    table.push(key);
                    table.len() as u32 - 1
                });
                features.push(id);
            }
        }
        ends.push(features.len());
        start = end;
    }
    let corpus = Corpus {
        features,
        ends,
        instances,
    };
    (corpus, table)
}

/// The gold path with MISC predictions accepted where a dataset without
/// MISC says `O`.
fn effective_gold(gold: &[usize], predicted: &[usize]) -> Vec<usize> {
    let b_misc = Tag::B(EntityKind::Other).index();
    let i_misc = Tag::I(EntityKind::Other).index();
    let mut out = gold.to_vec();
    for t in 0..gold.len() {
        if gold[t] != 0 {
            continue;
        }
        let previous = if t == 0 { START } else { out[t - 1] };
        if predicted[t] == b_misc || (predicted[t] == i_misc && allowed(previous, i_misc)) {
            out[t] = predicted[t];
        }
    }
    out
}

/// Trains a tagger on `data` (the held-out sentences are not used).
pub fn train(config: &TrainConfig, data: &TrainData) -> Result<Tagger> {
    let mut rng = Rng::new(config.seed);
    let (phrases, longest) = gazetteer(data, config);
    // Sentences: tokens, gold tag ids, whether MISC is labelled.
    let mut sentences: Vec<(Vec<String>, Vec<usize>, bool)> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    // Per sentence: its document, and the original sentence it derives from.
    let mut docs: Vec<usize> = Vec::new();
    let mut sources: Vec<usize> = Vec::new();
    let window = config.document_window.max(1);
    let mut doc_base = 0;
    for set in &data.sets {
        let majority = if set.silver && config.repair_labels && config.majority_share > 0.0 {
            augment::Majority::collect(&set.sentences, 5, config.majority_share)
        } else {
            augment::Majority::default()
        };
        for (position, sentence) in set.sentences.iter().enumerate() {
            let doc = doc_base + position / window;
            let tokens: Vec<String> = sentence.iter().map(|(w, _)| w.clone()).collect();
            let mut gold = Vec::with_capacity(sentence.len());
            for (token, tag) in sentence {
                let tag = Tag::parse(tag).ok_or_else(|| Error::Train {
                    why: format!("{}: bad tag {tag:?} on {token:?}", set.name),
                })?;
                gold.push(tag.index());
            }
            // Training wants IOB2: repair IOB1 starts.
            let mut previous = START;
            for tag in gold.iter_mut() {
                if !allowed(previous, *tag) {
                    *tag -= 1;
                }
                previous = *tag;
            }
            if config.repair_labels {
                augment::repair_split_phrases(&tokens, &mut gold, &phrases, longest);
                if set.silver {
                    if config.repair_edges {
                        augment::repair_silver_edges(&tokens, &mut gold, &phrases);
                    }
                    majority.relabel(&tokens, &mut gold);
                    augment::repair_place_names(&tokens, &mut gold, &phrases);
                }
            }
            if rng.unit() < config.initials_share {
                if let Some((tokens, gold)) = augment::with_initials(&tokens, &gold) {
                    order.push(sentences.len());
                    sentences.push((tokens, gold, set.has_misc));
                }
            }
            if rng.unit() < config.surname_share {
                if let Some((tokens, gold)) = augment::bare_surnames(&tokens, &gold) {
                    order.push(sentences.len());
                    sentences.push((tokens, gold, set.has_misc));
                }
            }
            if rng.unit() < config.british_share {
                if let Some((tokens, gold)) = augment::without_title_stops(&tokens, &gold) {
                    order.push(sentences.len());
                    sentences.push((tokens, gold, set.has_misc));
                }
            }
            let upper = rng.unit() < config.uppercase_share;
            let mut variants = vec![tokens.clone()];
            if upper {
                variants.push(tokens.iter().map(|t| t.to_uppercase()).collect());
            }
            if rng.unit() < config.dateline_share {
                let tags: Vec<Tag> = gold.iter().map(|&g| Tag::from_index(g)).collect();
                let place = entity_spans(&tags)
                    .into_iter()
                    .find(|(kind, range)| *kind == EntityKind::Location && range.len() <= 3);
                if let Some((_, range)) = place {
                    let mut line: Vec<String> = tokens[range.clone()]
                        .iter()
                        .map(|t| t.to_uppercase())
                        .collect();
                    let mut line_gold: Vec<usize> = gold[range].to_vec();
                    let day = rng.next_u64();
                    line.push(format!(
                        "{}-{:02}-{:02}",
                        1990 + day % 36,
                        1 + (day >> 8) % 12,
                        1 + (day >> 16) % 28
                    ));
                    line_gold.push(0);
                    order.push(sentences.len());
                    sentences.push((line, line_gold, set.has_misc));
                }
            }
            let original = sentences.len();
            for tokens in variants {
                for _ in 0..set.repeat.max(1) {
                    order.push(sentences.len());
                }
                sentences.push((tokens, gold.clone(), set.has_misc));
            }
            docs.resize(sentences.len(), doc);
            sources.resize(sentences.len(), original);
        }
        doc_base += set.sentences.len().div_ceil(window);
    }
    let names = Names::collect(&data.sets, &phrases);
    for (n, (tokens, gold)) in augment::sports_lines(&names, config.sports_lines, &mut rng)
        .into_iter()
        .enumerate()
    {
        order.push(sentences.len());
        docs.push(doc_base + n / window);
        sources.push(sentences.len());
        sentences.push((tokens, gold, false));
    }
    if sentences.is_empty() {
        return Err(Error::Train {
            why: "no training sentences".to_string(),
        });
    }

    // Word clusters from unlabeled text, or from the training text itself.
    let mut cluster_text: Vec<Vec<String>> = data
        .unlabeled
        .iter()
        .map(|line| {
            rough_tokens(line)
                .iter()
                .map(|t| features::normalise(t))
                .collect()
        })
        .collect();
    for set in &data.sets {
        if data.unlabeled.is_empty() || !set.name.starts_with("gmb") {
            for sentence in &set.sentences {
                cluster_text.push(
                    sentence
                        .iter()
                        .map(|(w, _)| features::normalise(w))
                        .collect(),
                );
            }
        }
    }
    // How often words are capitalised: the same text, as written.
    let mut capital_text: Vec<Vec<String>> =
        data.unlabeled.iter().map(|l| rough_tokens(l)).collect();
    for set in &data.sets {
        if data.unlabeled.is_empty() || !set.name.starts_with("gmb") {
            for sentence in &set.sentences {
                capital_text.push(sentence.iter().map(|(w, _)| w.clone()).collect());
            }
        }
    }
    let cluster_config = ClusterConfig {
        fine: config.fine_clusters,
        coarse: config.coarse_clusters,
        min_count: 3,
        max_words: 40_000,
        context: 300,
        rounds: config.cluster_rounds,
        seed: config.seed,
    };
    let lexicon = Lexicon {
        phrases,
        longest,
        clusters: clusters::learn(&cluster_text, &cluster_config),
        capitals: features::capital_ratios(&capital_text, 3),
    };

    let min_count = config.min_feature_count.max(1);
    let mut dropout = Dropout {
        share: config.word_dropout,
        rng: Rng::new(config.seed ^ 0xD40F_0A7E),
    };
    let (corpus, table) = build_corpus(&sentences, &lexicon, min_count, &Vec::new(), &mut dropout);
    let first = fit_mixed(&corpus, table.len(), &order, config, &mut rng);
    let first_weights = first.weights(&table);
    if !config.document_pass {
        return Ok(Tagger::from_parts(lexicon, first_weights, None));
    }

    // The second pass: first-pass predictions for every training sentence,
    // each from a model that did not see its document (two folds).
    let mut predicted: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    let mut fold_rng = Rng::new(config.seed ^ 0x5EC0_4D9A_55E5);
    for fold in 0..2 {
        let train_order: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| docs[i] % 2 != fold)
            .collect();
        let model = fit(
            &corpus,
            table.len(),
            &train_order,
            config.epochs,
            &mut fold_rng,
        );
        for (index, instance) in corpus.instances.iter().enumerate() {
            if docs[index] % 2 == fold {
                predicted[index] = model.decode(&corpus, instance);
            }
        }
    }
    drop(corpus);
    let mut histories: HashMap<usize, History> = HashMap::new();
    for (index, (tokens, _, _)) in sentences.iter().enumerate() {
        if sources[index] == index {
            histories
                .entry(docs[index])
                .or_default()
                .add(tokens, &predicted[index]);
        }
    }
    let empty = History::default();
    let extra: Extra = sentences
        .iter()
        .enumerate()
        .map(|(index, (tokens, _, _))| {
            let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
            let source = sources[index];
            let mut keys = Vec::new();
            let mut ends = Vec::new();
            histories.get(&docs[index]).unwrap_or(&empty).extract(
                &refs,
                &predicted[index],
                Some((sentences[source].0.as_slice(), predicted[source].as_slice())),
                &mut keys,
                &mut ends,
            );
            (keys, ends)
        })
        .collect();
    drop(histories);
    let (corpus, table) = build_corpus(&sentences, &lexicon, min_count, &extra, &mut dropout);
    drop(extra);
    let second = fit_mixed(&corpus, table.len(), &order, config, &mut rng);
    Ok(Tagger::from_parts(
        lexicon,
        first_weights,
        Some(second.weights(&table)),
    ))
}

/// Averaged perceptron weights over a corpus's dense feature ids, in units
/// of 1/1000.
struct Fitted {
    features: Vec<[i64; TAG_COUNT]>,
    transitions: [[i64; TAG_COUNT]; TAG_COUNT + 1],
}

impl Fitted {
    /// The best path of one training instance.
    fn decode(&self, corpus: &Corpus, instance: &Instance) -> Vec<usize> {
        let scores: Vec<[i64; TAG_COUNT]> = instance
            .tokens
            .clone()
            .map(|token| {
                let start = if token == 0 {
                    0
                } else {
                    corpus.ends[token - 1]
                };
                let mut row = [0i64; TAG_COUNT];
                for &feature in &corpus.features[start..corpus.ends[token]] {
                    for (total, &w) in row.iter_mut().zip(&self.features[feature as usize]) {
                        *total += w;
                    }
                }
                row
            })
            .collect();
        viterbi(&scores, &self.transitions, &instance.masks)
    }

    /// Quantised weights keyed by the hashed feature keys of `table`.
    fn weights(&self, table: &[u32]) -> Weights {
        let features: Vec<(u32, Row)> = table
            .iter()
            .zip(&self.features)
            .map(|(&key, values)| (key, Row::quantise(*values)))
            .collect();
        let mut quantised: Transitions = [[0i32; TAG_COUNT]; TAG_COUNT + 1];
        for (row, source) in quantised.iter_mut().zip(&self.transitions) {
            for (value, &w) in row.iter_mut().zip(source) {
                *value = w.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
            }
        }
        Weights::new(features, quantised)
    }
}

/// Trains `config.mixtures` perceptrons, the first with `rng` and the
/// others with generators of their own, and averages their weights.
fn fit_mixed(
    corpus: &Corpus,
    n: usize,
    order: &[usize],
    config: &TrainConfig,
    rng: &mut Rng,
) -> Fitted {
    let mut mixed = fit(corpus, n, order, config.epochs, rng);
    let count = config.mixtures.max(1);
    for k in 1..count {
        let mut other_rng = Rng::new(config.seed ^ (k as u64).wrapping_mul(0x51AB_3E77_0C1D_2F0B));
        let other = fit(corpus, n, order, config.epochs, &mut other_rng);
        for (row, other_row) in mixed.features.iter_mut().zip(&other.features) {
            for (value, &o) in row.iter_mut().zip(other_row) {
                *value += o;
            }
        }
        for (row, other_row) in mixed.transitions.iter_mut().zip(&other.transitions) {
            for (value, &o) in row.iter_mut().zip(other_row) {
                *value += o;
            }
        }
    }
    let divide = |value: &mut i64| *value = (*value as f64 / count as f64).round() as i64;
    mixed.features.iter_mut().flatten().for_each(divide);
    mixed.transitions.iter_mut().flatten().for_each(divide);
    mixed
}

/// Trains an averaged structured perceptron on the instances of `order`
/// (shuffled again before every epoch).
fn fit(corpus: &Corpus, n: usize, order: &[usize], epochs: usize, rng: &mut Rng) -> Fitted {
    let mut order = order.to_vec();
    let mut weights = vec![[0i32; TAG_COUNT]; n];
    let mut sums = vec![[0i64; TAG_COUNT]; n];
    let mut transitions = [[0i64; TAG_COUNT]; TAG_COUNT + 1];
    let mut transition_sums = [[0i64; TAG_COUNT]; TAG_COUNT + 1];
    let mut clock: i64 = 1;
    let mut scores: Vec<[i64; TAG_COUNT]> = Vec::new();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &index in &order {
            let instance = &corpus.instances[index];
            scores.clear();
            for token in instance.tokens.clone() {
                let start = if token == 0 {
                    0
                } else {
                    corpus.ends[token - 1]
                };
                let mut row = [0i64; TAG_COUNT];
                for &feature in &corpus.features[start..corpus.ends[token]] {
                    for (total, &w) in row.iter_mut().zip(&weights[feature as usize]) {
                        *total += i64::from(w);
                    }
                }
                scores.push(row);
            }
            let predicted = viterbi(&scores, &transitions, &instance.masks);
            let gold = if instance.has_misc {
                instance.gold.clone()
            } else {
                effective_gold(&instance.gold, &predicted)
            };
            if predicted != gold {
                for (t, token) in instance.tokens.clone().enumerate() {
                    let start = if token == 0 {
                        0
                    } else {
                        corpus.ends[token - 1]
                    };
                    if predicted[t] != gold[t] {
                        for &feature in &corpus.features[start..corpus.ends[token]] {
                            let f = feature as usize;
                            weights[f][gold[t]] += 1;
                            weights[f][predicted[t]] -= 1;
                            sums[f][gold[t]] += clock;
                            sums[f][predicted[t]] -= clock;
                        }
                    }
                    let gold_previous = if t == 0 { START } else { gold[t - 1] };
                    let predicted_previous = if t == 0 { START } else { predicted[t - 1] };
                    if (gold_previous, gold[t]) != (predicted_previous, predicted[t]) {
                        transitions[gold_previous][gold[t]] += 1;
                        transitions[predicted_previous][predicted[t]] -= 1;
                        transition_sums[gold_previous][gold[t]] += clock;
                        transition_sums[predicted_previous][predicted[t]] -= clock;
                    }
                }
            }
            clock += 1;
        }
    }
    // Average (w - sums / clock), in units of 1/1000.
    let average = |w: i64, s: i64| ((w as f64 - s as f64 / clock as f64) * 1000.0).round() as i64;
    let features = weights
        .iter()
        .zip(&sums)
        .map(|(row, sum)| {
            let mut values = [0i64; TAG_COUNT];
            for ((value, &w), &s) in values.iter_mut().zip(row).zip(sum) {
                *value = average(i64::from(w), s);
            }
            values
        })
        .collect();
    let mut averaged = [[0i64; TAG_COUNT]; TAG_COUNT + 1];
    for ((row, source), sum) in averaged.iter_mut().zip(&transitions).zip(&transition_sums) {
        for ((value, &w), &s) in row.iter_mut().zip(source).zip(sum) {
            *value = average(w, s);
        }
    }
    Fitted {
        features,
        transitions: averaged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(pairs: &str) -> Sentence {
        pairs
            .split_whitespace()
            .map(|pair| {
                let (token, tag) = pair.rsplit_once('/').unwrap();
                (token.to_string(), tag.to_string())
            })
            .collect()
    }

    fn data() -> TrainData {
        let sentences = vec![
            sentence("Mayor/O Ilse/B-PER Varn/I-PER opened/O the/O harbour/O in/O Velmora/B-LOC ./O"),
            sentence("The/O Harbour/B-ORG Authority/I-ORG of/I-ORG Portavel/I-ORG met/O Velmoran/B-MISC fishers/O ./O"),
            sentence("Marek/B-PER Tolvan/I-PER flew/O from/O Portavel/B-LOC to/O Ostrand/B-LOC ./O"),
            sentence("Tova/B-PER Lind/I-PER of/O the/O Ostrand/B-ORG Rail/I-ORG Company/I-ORG spoke/O ./O"),
        ];
        TrainData {
            sets: vec![TrainSet {
                name: "invented".to_string(),
                sentences: [sentences.clone(), sentences.clone(), sentences].concat(),
                has_misc: true,
                repeat: 1,
                silver: false,
            }],
            heldout: Vec::new(),
            unlabeled: vec!["Ilse Varn visited Ostrand on Friday.".to_string()],
        }
    }

    #[test]
    fn training_is_deterministic_and_learns_its_data() {
        let config = TrainConfig {
            epochs: 4,
            ..TrainConfig::default()
        };
        let first = train(&config, &data()).unwrap();
        let second = train(&config, &data()).unwrap();
        assert_eq!(first.to_bytes(), second.to_bytes());
        let tags = first.tag(&[
            "Marek", "Tolvan", "flew", "from", "Portavel", "to", "Ostrand", ".",
        ]);
        let spans = entity_spans(&tags);
        assert!(spans.contains(&(EntityKind::Person, 0..2)), "{tags:?}");
        assert!(spans.contains(&(EntityKind::Location, 6..7)), "{tags:?}");
        let reloaded = Tagger::from_bytes(&first.to_bytes()).unwrap();
        assert_eq!(
            reloaded.tag(&["Ilse", "Varn", "opened"]),
            first.tag(&["Ilse", "Varn", "opened"])
        );
    }

    #[test]
    fn a_document_pass_is_trained_saved_and_used() {
        let config = TrainConfig {
            epochs: 3,
            mixtures: 2,
            document_pass: true,
            document_window: 4,
            ..TrainConfig::default()
        };
        let tagger = train(&config, &data()).unwrap();
        assert!(tagger.has_document_pass());
        let bytes = tagger.to_bytes();
        assert_eq!(bytes, train(&config, &data()).unwrap().to_bytes());
        let reloaded = Tagger::from_bytes(&bytes).unwrap();
        assert!(reloaded.has_document_pass());
        let sentences: Vec<Vec<&str>> = vec![
            vec![
                "Marek", "Tolvan", "flew", "from", "Portavel", "to", "Ostrand", ".",
            ],
            vec!["Tolvan", "praised", "Ostrand", "."],
        ];
        let tags = reloaded.tag_document(&sentences);
        assert_eq!(tags, tagger.tag_document(&sentences));
        assert!(
            entity_spans(&tags[0]).contains(&(EntityKind::Person, 0..2)),
            "{tags:?}"
        );
        assert!(
            entity_spans(&tags[1]).contains(&(EntityKind::Person, 0..1)),
            "{tags:?}"
        );
        let without = train(
            &TrainConfig {
                document_pass: false,
                ..config
            },
            &data(),
        )
        .unwrap();
        assert!(!without.has_document_pass());
    }

    #[test]
    fn no_sentences_is_an_error() {
        let error = train(&TrainConfig::default(), &TrainData::default()).unwrap_err();
        assert_eq!(error.to_string(), "cannot train: no training sentences");
    }

    #[test]
    fn misc_is_not_a_mistake_where_misc_is_unlabelled() {
        let b_misc = Tag::B(EntityKind::Other).index();
        let i_misc = Tag::I(EntityKind::Other).index();
        let b_per = Tag::B(EntityKind::Person).index();
        let gold = [0, 0, b_per, 0];
        let predicted = [b_misc, i_misc, b_per, i_misc];
        assert_eq!(
            effective_gold(&gold, &predicted),
            vec![b_misc, i_misc, b_per, 0]
        );
    }

    #[test]
    fn gazetteer_knows_countries_and_derived_first_names() {
        let (phrases, longest) = gazetteer(&data(), &TrainConfig::default());
        assert!(longest >= 2);
        let has = |text: &str, bit: u16| {
            phrases.get(&phrase_key(text).0).copied().unwrap_or(0) & bit == bit
        };
        // The lists of well-known names, with surnames alone for people.
        assert!(has("Reuters", gaz::ORGANISATION));
        assert!(has("Manchester United", gaz::ORGANISATION));
        assert!(has("Thessaly", gaz::PLACE) || has("Anatolia", gaz::PLACE));
        assert!(has("Plato", gaz::PERSON));
        assert!(has("Nile", gaz::PLACE | gaz::FEATURE));
        assert!(has("Kremlin", gaz::PLACE) && !has("Kremlin", gaz::FEATURE));
        assert!(has("Isaac Newton", gaz::PERSON) && has("Newton", gaz::SURNAME));
        let without = TrainConfig {
            known_names: false,
            ..TrainConfig::default()
        };
        let (phrases, _) = gazetteer(&data(), &without);
        assert_eq!(
            phrases.get(&phrase_key("Plato").0).copied().unwrap_or(0) & gaz::PERSON,
            0
        );
        assert_eq!(
            phrases
                .get(&phrase_key("Sri Lanka").0)
                .copied()
                .unwrap_or(0)
                & gaz::COUNTRY,
            gaz::COUNTRY
        );
        assert_eq!(
            phrases.get(&phrase_key("Iranian").0).copied().unwrap_or(0) & gaz::DEMONYM,
            gaz::DEMONYM
        );
        assert_eq!(
            phrases.get(&text_key("ilse")).copied().unwrap_or(0) & gaz::FIRST_NAME,
            gaz::FIRST_NAME
        );
    }

    #[test]
    fn the_optional_train_split_is_read_only_when_present() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let sample = "Ilse\tB-PER\nVarn\tI-PER\nspoke\tO\n.\tO\n\n";
        for file in TRAIN_FILES.iter().filter(|f| f.required) {
            std::fs::write(dir.path().join(file.name), sample.repeat(40)).expect("written");
        }
        let config = TrainConfig::default();
        let names = |data: &TrainData| -> Vec<String> {
            data.sets.iter().map(|s| s.name.clone()).collect()
        };
        let data = TrainData::from_dir(dir.path(), None, &config).expect("read");
        assert_eq!(data.sets.len(), 4);
        assert!(!names(&data).contains(&"uner_en_ewt_train.conll".to_string()));
        std::fs::write(dir.path().join("uner_en_ewt_train.conll"), sample.repeat(5))
            .expect("written");
        let data = TrainData::from_dir(dir.path(), None, &config).expect("read");
        let train = data
            .sets
            .iter()
            .find(|s| s.name == "uner_en_ewt_train.conll")
            .expect("the train split is read");
        assert_eq!(train.sentences.len(), 5);
        assert!(!train.silver && !train.has_misc);
        // A required file missing is an error naming it.
        std::fs::remove_file(dir.path().join("wikigold.conll")).expect("removed");
        let error = TrainData::from_dir(dir.path(), None, &config).expect_err("must fail");
        assert!(error.to_string().contains("wikigold.conll"), "{error}");
    }
}
