//! Streaming story clustering and storylines.
//!
//! Articles arrive one at a time, in publication order as far as the caller
//! can give it. Each is turned into a weighted term vector: its words
//! (lower-cased, a light suffix stripping joining `pests` and `pest`; the
//! title's counted [`StoryConfig::title_boost`] times, the body's first
//! [`StoryConfig::body_words`] words) and the names of its people,
//! organisations and places from the language layer (each counted
//! [`StoryConfig::entity_boost`] times: a shared name is strong evidence).
//! Term weights are TF-IDF with document frequencies that **update as
//! articles stream in**, so a word that floods the news today loses weight
//! today, on any corpus, with nothing learnt in advance.
//!
//! - **Stories**: the article joins the live story whose centroid is most
//!   similar (cosine, times a time decay `exp(-Δt / decay)`), when that
//!   similarity reaches [`StoryConfig::story_threshold`]; otherwise it starts
//!   a story. A story is live for an article when its time range, widened
//!   by [`StoryConfig::window_days`], holds the article's time, so an article
//!   that arrives out of order is compared with the stories of its own time.
//! - **Storylines**: when an article starts a story, it is compared (cosine,
//!   no decay, any time) with the earlier stories; the most similar one
//!   above [`StoryConfig::storyline_threshold`] puts the new story in that
//!   story's storyline (founding it when that story had none). A story
//!   belongs to at most one storyline. Each time a storyline has grown by
//!   half, it is compared with the storylines sharing its strongest terms,
//!   and two whose centroids reach [`StoryConfig::merge_threshold`] become
//!   one (the older id stays).
//! - **Story merges**: every [`StoryConfig::story_merge_every`] articles,
//!   the latest live stories are compared with the earlier ones the index
//!   offers; a story merges into the most similar earlier one when their
//!   centroids' cosine, times the time decay over the gap between their
//!   time ranges, reaches [`StoryConfig::story_merge_threshold`] (the first
//!   reports of one happening may share too few words to meet; once both
//!   stories have grown, they do). The older id survives; the next
//!   assignment reports the merge, so a store can move the articles.
//! - **Second look**: every [`StoryConfig::second_look_every`] articles,
//!   the latest [`StoryConfig::second_look_stories`] stories that have no
//!   storyline or sit in a small one (fewer than
//!   [`StoryConfig::established_stories`] stories) are compared with the
//!   established storylines; one whose similarity reaches
//!   [`StoryConfig::second_look_factor`] times the storyline threshold moves
//!   in. An early story of a storyline, which met nothing it shared enough
//!   with when it arrived, is placed again once the storyline has grown.
//! - **Regrouping**: every [`StoryConfig::regroup_every`] articles, the
//!   latest [`StoryConfig::regroup_stories`] stories are grouped into
//!   storylines afresh, by average link over a mix of their cosine and
//!   their cosine in latent directions (a truncated SVD, latent semantic
//!   analysis) fitted on those stories with the term weights of the moment
//!   (see `regroup.rs`). Words do not need to be shared to count: stories
//!   about a mosquito-borne fever and stories about a computer worm in the
//!   same country share "virus" and the country, but each theme's words
//!   occur together across its stories, and that is a direction of its
//!   own. Each group of two or more keeps the storyline most of its
//!   stories were in; only stories whose storyline changes move (reported
//!   as relinked). A regrouping of n stories compares n² pairs; once that
//!   is more than [`StoryConfig::regroup_budget`] pairs per article since
//!   the last mark, regroupings run on fewer marks, so the cost per
//!   article stays bounded by the budget however full the window is.
//!
//! Candidates come from an inverted index over each story's strongest
//! terms, so the cost per article depends on the stories that share its
//! terms, not on the size of the archive. Everything is ordered (ties go
//! to the lower id): the same articles in the same order give the same
//! stories.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::bytes::{Reader, SnapshotError, Writer};
use crate::text::{each_word, words};

/// A hash map with a fast, fixed hash: keys are small numbers and words
/// of our own articles, not input an attacker chooses per request, and a
/// fixed hash keeps runs identical.
type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fx>>;

/// The multiply-rotate hash of rustc's FxHasher.
#[derive(Debug, Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The tuning of the clusterer: one set of defaults for every corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryConfig {
    /// Least similarity for an article to join a live story.
    pub story_threshold: f64,
    /// Least similarity for a new story to join an earlier story's storyline.
    pub storyline_threshold: f64,
    /// Least cosine between two storylines' centroids for them to become
    /// one (checked when a storyline has grown by half).
    pub merge_threshold: f64,
    /// Least similarity between two live stories (their centroids' cosine,
    /// times the time decay over the gap between them) for them to become
    /// one (above 1: never).
    pub story_merge_threshold: f64,
    /// Every this many articles, the latest live stories are compared with
    /// one another for merging (0: never).
    pub story_merge_every: u64,
    /// How many times a title word counts.
    pub title_boost: f64,
    /// How many times a name from the language layer counts.
    pub entity_boost: f64,
    /// Body words read (from the start).
    pub body_words: usize,
    /// Days over which similarity to a story falls by a factor e.
    pub decay_days: f64,
    /// Days before a story's first or after its last article within which
    /// it is live.
    pub window_days: f64,
    /// Terms of a story kept in the candidate index.
    pub index_terms: usize,
    /// Every this many articles, the latest stories that have no storyline
    /// or sit in a small one get a second look (0: never).
    pub second_look_every: u64,
    /// How many of the latest stories the second look reads.
    pub second_look_stories: usize,
    /// Stories from which a storyline counts as established: smaller ones
    /// are looked at again, and only established ones take stories in.
    pub established_stories: u64,
    /// How many times the storyline threshold a story's similarity with an
    /// established storyline must reach for the second look to move it.
    pub second_look_factor: f64,
    /// Every this many articles, the latest stories are regrouped into
    /// storylines (0: never).
    pub regroup_every: u64,
    /// How many of the latest stories a regrouping reads (its cost grows
    /// with the square of this, once per `regroup_every` articles).
    pub regroup_stories: usize,
    /// How many of a story's strongest terms a regrouping reads (0: all).
    pub regroup_terms: usize,
    /// Fewer stories than this in the window: no regrouping yet.
    pub regroup_least_stories: usize,
    /// Latent dimensions per story of the window (0.06: 60 for 1,000
    /// stories).
    pub regroup_dims_per_story: f64,
    /// The share of the latent cosine in a regrouping's similarity (the
    /// rest is the plain cosine).
    pub regroup_mix: f64,
    /// Least average similarity between two groups of stories for a
    /// regrouping to make them one storyline.
    pub regroup_threshold: f64,
    /// The pairs of stories a regrouping may compare per article (0: no
    /// limit). A regrouping of n stories compares n² pairs; once that is
    /// more than `regroup_every` × this, regroupings run on every k-th
    /// `regroup_every` mark only, k = ⌈n² / (regroup_every × budget)⌉, so
    /// the cost per article stops growing with the window.
    pub regroup_budget: f64,
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            story_threshold: 0.05,
            storyline_threshold: 0.12,
            merge_threshold: 0.4,
            story_merge_threshold: 0.15,
            story_merge_every: 100,
            title_boost: 3.0,
            entity_boost: 2.0,
            body_words: 300,
            decay_days: 0.5,
            window_days: 7.0,
            index_terms: 40,
            second_look_every: 20,
            second_look_stories: 200,
            established_stories: 3,
            second_look_factor: 2.0,
            regroup_every: 100,
            regroup_stories: 1500,
            regroup_terms: 200,
            regroup_least_stories: 100,
            regroup_dims_per_story: 0.06,
            regroup_mix: 0.3,
            regroup_threshold: 0.22,
            regroup_budget: 2000.0,
        }
    }
}

/// One article as the clusterer sees it.
#[derive(Debug, Clone, Default)]
pub struct StoryInput<'a> {
    /// When it was published (seconds since the Unix epoch; the caller's
    /// best knowledge: publication, else fetch time).
    pub time: i64,
    /// Its title, if any.
    pub title: &'a str,
    /// Its body text.
    pub text: &'a str,
    /// Canonical names of its people, organisations and places.
    pub entities: Vec<String>,
}

/// Where an article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Its story (numbered from 0 in order of creation).
    pub story: u64,
    /// Whether it started the story.
    pub new_story: bool,
    /// Its story's storyline, if the story has one.
    pub storyline: Option<u64>,
    /// The similarity that decided (0 for a new story without storyline).
    pub similarity: f64,
    /// Earlier stories whose storyline changed with this article (one that
    /// founds a storyline with the new story): (story, storyline).
    pub relinked: Vec<(u64, u64)>,
    /// Storylines merged with this article: (absorbed, survivor).
    pub merged: Vec<(u64, u64)>,
    /// Stories merged before this article was placed: (absorbed,
    /// survivor). The absorbed story's articles are the survivor's from now
    /// on, and the absorbed story is gone.
    pub stories_merged: Vec<(u64, u64)>,
}

/// Summed term weights of a group of articles, with the terms kept in a
/// candidate index and the norm as of the last article added.
#[derive(Debug, Clone, Default)]
struct Centroid {
    /// Term → summed (1 + ln tf) of its articles (idf applied when compared).
    terms: HashMap<u32, f64>,
    /// The terms in the candidate index, ascending.
    indexed: Vec<u32>,
    /// Its norm: exact, with the idf of the moment, at each refresh; kept up
    /// to date for the terms that grow in between.
    norm: f64,
    /// Articles added.
    added: u64,
    /// At this many articles the index terms and the norm are refreshed
    /// (then 1.5 times as many: a refresh costs the centroid's size, so
    /// refreshing at geometric steps keeps the cost per article constant).
    refresh_at: u64,
}

/// A story: its centroid, time range and storyline.
#[derive(Debug, Clone, Default)]
struct Story {
    centroid: Centroid,
    first: i64,
    last: i64,
    articles: u64,
    storyline: Option<u64>,
}

/// The clusterer's state: term statistics, stories, storylines.
#[derive(Debug, Clone, Default)]
pub struct StoryClusterer {
    config: StoryConfig,
    /// Term text → id.
    vocabulary: HashMap<String, u32>,
    /// Documents that contained each term id.
    document_frequency: Vec<u32>,
    /// Articles seen.
    documents: u64,
    stories: Vec<Story>,
    /// The story each story was merged into (itself if none).
    story_parent: Vec<u64>,
    /// Term id → stories indexing it (ascending).
    postings: HashMap<u32, Vec<u64>>,
    /// Storylines: the summed centroid of their stories.
    storylines: Vec<Centroid>,
    /// Term id → storylines indexing it (ascending).
    line_postings: HashMap<u32, Vec<u64>>,
    /// The storyline each storyline was merged into (itself if none).
    line_parent: Vec<u64>,
    /// Stories in each storyline (counted at the surviving storyline of a
    /// merge; derived from the stories when a snapshot is read).
    line_size: Vec<u64>,
    /// Changes to earlier stories' storylines while placing an article.
    relinked: Vec<(u64, u64)>,
    /// Storylines merged while placing an article.
    merged: Vec<(u64, u64)>,
    /// Stories merged while placing an article.
    stories_merged: Vec<(u64, u64)>,
    /// Set while a regrouping applies its moves (no merging meanwhile).
    regrouping: bool,
}

/// A term of an article with its weight and the idf that went into it.
#[derive(Debug, Clone, Copy)]
struct Weighted {
    term: u32,
    weight: f64,
    idf: f64,
}

/// A light English suffix stripping, so that "pests" and "pest",
/// "ferries" and "ferry", "explored" and "exploring" count as one term:
/// `ies` → `y`, then `ing`, `ed`, `es`, `s`, on words of more than four
/// letters (not after an `s`: "press", "chess").
fn stem(word: &str) -> Cow<'_, str> {
    if word.len() <= 4 || !word.is_ascii() {
        return Cow::Borrowed(word);
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Cow::Owned(format!("{stem}y"));
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 3 && !stem.ends_with('s') {
                return Cow::Borrowed(stem);
            }
        }
    }
    Cow::Borrowed(word)
}

/// How many candidate stories (or storylines) an article is compared with
/// in full.
const CANDIDATES: usize = 24;

/// A few English function words that say nothing about a story.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "in", "is", "it", "its", "of", "on", "or", "said", "she",
    "that", "the", "their", "they", "this", "to", "was", "we", "were", "which", "will", "with",
    "would", "not", "who", "after", "also", "more", "than", "s", "new", "says", "one", "two",
    "over", "up", "out", "about", "into", "could", "can", "may", "all", "there", "been", "no",
    "so", "if", "what", "when", "some", "other", "year", "years", "last", "first",
];

impl StoryClusterer {
    /// A clusterer with `config`.
    pub fn new(config: StoryConfig) -> StoryClusterer {
        StoryClusterer {
            config,
            ..StoryClusterer::default()
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &StoryConfig {
        &self.config
    }

    /// How many stories there are (a story merged into another is gone).
    pub fn stories(&self) -> usize {
        self.story_parent
            .iter()
            .enumerate()
            .filter(|&(id, &parent)| parent == id as u64)
            .count()
    }

    /// The storyline of `story`, if it has one.
    pub fn storyline_of(&self, story: u64) -> Option<u64> {
        self.stories
            .get(self.story_root(story) as usize)
            .and_then(|s| s.storyline)
            .map(|line| self.line_root(line))
    }

    /// The story `story` was merged into (through every later merge), or
    /// itself.
    pub fn story_root(&self, story: u64) -> u64 {
        root(&self.story_parent, story)
    }

    /// The storyline `line` was merged into, or itself.
    fn line_root(&self, line: u64) -> u64 {
        root(&self.line_parent, line)
    }

    /// How much a similarity counts across `gap` seconds: `exp(-gap /
    /// decay)`, for an article joining a story and for two stories merging.
    fn time_decay(&self, gap: i64) -> f64 {
        (-(gap as f64) / (self.config.decay_days * 86_400.0)).exp()
    }

    /// The term counts of an article: (term id, 1 + ln tf), sorted by id;
    /// new terms are added to the vocabulary.
    fn vector(&mut self, input: &StoryInput<'_>) -> Vec<(u32, f64)> {
        let mut counts: BTreeMap<u32, f64> = BTreeMap::new();
        let mut add = |this: &mut StoryClusterer, term: &str, weight: f64| {
            let id = match this.vocabulary.get(term) {
                Some(&id) => id,
                None => {
                    let id = this.vocabulary.len() as u32;
                    this.vocabulary.insert(term.to_string(), id);
                    this.document_frequency.push(0);
                    id
                }
            };
            *counts.entry(id).or_default() += weight;
        };
        let useful = |w: &str| !STOPWORDS.contains(&w) && !w.bytes().all(|b| b.is_ascii_digit());
        let title_boost = self.config.title_boost;
        each_word(input.title, usize::MAX, |word| {
            if useful(word) {
                add(self, &stem(word), title_boost);
            }
        });
        each_word(input.text, self.config.body_words, |word| {
            if useful(word) {
                add(self, &stem(word), 1.0);
            }
        });
        let entity_boost = self.config.entity_boost;
        for entity in &input.entities {
            let name = words(entity).join(" ");
            if !name.is_empty() {
                add(self, &format!("\u{1}{name}"), entity_boost);
            }
        }
        counts
            .into_iter()
            .map(|(id, tf)| (id, 1.0 + tf.ln()))
            .collect()
    }

    /// The inverse document frequency of a term, as things stand.
    fn idf(&self, term: u32) -> f64 {
        let df = f64::from(self.document_frequency[term as usize]);
        ((1.0 + self.documents as f64) / (1.0 + df)).ln() + 1.0
    }

    /// The article's weights with the current idf, and their norm.
    fn weigh(&self, vector: &[(u32, f64)]) -> (Vec<Weighted>, f64) {
        let weighted: Vec<Weighted> = vector
            .iter()
            .map(|&(term, tf)| {
                let idf = self.idf(term);
                Weighted {
                    term,
                    weight: tf * idf,
                    idf,
                }
            })
            .collect();
        let norm = weighted
            .iter()
            .map(|w| w.weight * w.weight)
            .sum::<f64>()
            .sqrt();
        (weighted, norm)
    }

    /// Cosine of the weighted article with a centroid.
    fn cosine(&self, weighted: &[Weighted], norm: f64, centroid: &Centroid) -> f64 {
        if norm == 0.0 || centroid.norm == 0.0 {
            return 0.0;
        }
        let mut dot = 0.0;
        for w in weighted {
            if let Some(&sum) = centroid.terms.get(&w.term) {
                dot += w.weight * sum * w.idf;
            }
        }
        dot / (norm * centroid.norm)
    }

    /// The groups (stories or storylines) sharing indexed terms with the
    /// article: the [`CANDIDATES`] with the most article weight on shared
    /// terms, ascending by id.
    fn candidates(postings: &HashMap<u32, Vec<u64>>, weighted: &[Weighted]) -> Vec<u64> {
        let mut overlap: HashMap<u64, f64> = HashMap::default();
        for w in weighted {
            if let Some(list) = postings.get(&w.term) {
                for &id in list {
                    *overlap.entry(id).or_default() += w.weight;
                }
            }
        }
        let mut ranked: Vec<(f64, u64)> = overlap.into_iter().map(|(id, w)| (w, id)).collect();
        top(&mut ranked, CANDIDATES);
        let mut found: Vec<u64> = ranked.into_iter().map(|(_, id)| id).collect();
        found.sort_unstable();
        found
    }

    /// Adds `vector` (one article, or a story's sum) to `centroid`; at a
    /// refresh returns the terms it should now index (its strongest) with
    /// the ones it indexed before.
    fn grow(&self, centroid: &mut Centroid, vector: &[(u32, f64)]) -> Option<(Vec<u32>, Vec<u32>)> {
        let mut square = centroid.norm * centroid.norm;
        for &(term, tf) in vector {
            let idf = self.idf(term);
            let sum = centroid.terms.entry(term).or_default();
            let before = *sum * idf;
            *sum += tf;
            let after = *sum * idf;
            square += after * after - before * before;
        }
        centroid.norm = square.max(0.0).sqrt();
        centroid.added += 1;
        if centroid.added < centroid.refresh_at {
            return None;
        }
        centroid.refresh_at = (centroid.added * 3).div_ceil(2).max(centroid.added + 1);
        let mut ranked: Vec<(f64, u32)> = centroid
            .terms
            .iter()
            .map(|(&term, &sum)| (sum * self.idf(term), term))
            .collect();
        // Summed in term order: the map's order depends on its history, and
        // a sum's last bits on its order.
        ranked.sort_unstable_by_key(|&(_, term)| term);
        centroid.norm = ranked.iter().map(|(w, _)| w * w).sum::<f64>().sqrt();
        top(&mut ranked, self.config.index_terms);
        let mut indexed: Vec<u32> = ranked.into_iter().map(|(_, term)| term).collect();
        indexed.sort_unstable();
        let old = std::mem::replace(&mut centroid.indexed, indexed.clone());
        Some((indexed, old))
    }

    /// Places an article: into the most similar live story, or a new one
    /// (linked to the storyline of the most similar earlier story).
    pub fn add(&mut self, input: &StoryInput<'_>) -> Assignment {
        if self.regroup_due() {
            self.regroup();
        }
        if due(self.documents, self.config.second_look_every) {
            self.second_look();
        }
        if due(self.documents, self.config.story_merge_every) {
            self.merge_stories();
        }
        let vector = self.vector(input);
        // Statistics include the article itself, so its own rare words
        // count as rare.
        self.documents += 1;
        for &(term, _) in &vector {
            self.document_frequency[term as usize] += 1;
        }
        let (weighted, norm) = self.weigh(&vector);
        let candidates = Self::candidates(&self.postings, &weighted);
        let day = 86_400.0;
        let window = (self.config.window_days * day) as i64;
        let mut best: Option<(f64, u64)> = None;
        for &id in &candidates {
            let story = &self.stories[id as usize];
            let cosine = self.cosine(&weighted, norm, &story.centroid);
            let live = input.time >= story.first - window && input.time <= story.last + window;
            if !live {
                continue;
            }
            let gap = if input.time > story.last {
                input.time - story.last
            } else if input.time < story.first {
                story.first - input.time
            } else {
                0
            };
            let similarity = cosine * self.time_decay(gap);
            if best.is_none_or(|(s, _)| similarity > s) {
                best = Some((similarity, id));
            }
        }
        match best {
            Some((similarity, id)) if similarity >= self.config.story_threshold => {
                self.join(id, &vector, input.time);
                Assignment {
                    story: id,
                    new_story: false,
                    storyline: self.storyline_of(id),
                    similarity,
                    relinked: self.take_relinked(),
                    merged: std::mem::take(&mut self.merged),
                    stories_merged: std::mem::take(&mut self.stories_merged),
                }
            }
            _ => {
                let id = self.stories.len() as u64;
                let (storyline, similarity) = self.storyline_for(&weighted, norm);
                self.stories.push(Story {
                    centroid: Centroid::default(),
                    first: input.time,
                    last: input.time,
                    articles: 0,
                    storyline: None,
                });
                self.story_parent.push(id);
                if let Some(line) = storyline {
                    self.enter_storyline(id, line);
                }
                self.join(id, &vector, input.time);
                // After joining: its storyline may have merged meanwhile.
                Assignment {
                    story: id,
                    new_story: true,
                    storyline: self.storyline_of(id),
                    similarity,
                    relinked: self.take_relinked(),
                    merged: std::mem::take(&mut self.merged),
                    stories_merged: std::mem::take(&mut self.stories_merged),
                }
            }
        }
    }

    /// The storyline a new story with this first article joins: the most
    /// similar storyline, or the most similar story that has none (a new
    /// storyline is founded for it), at any time, when the similarity
    /// reaches the storyline threshold.
    fn storyline_for(&mut self, weighted: &[Weighted], norm: f64) -> (Option<u64>, f64) {
        let mut best: Option<(f64, bool, u64)> = None;
        for line in Self::candidates(&self.line_postings, weighted) {
            let cosine = self.cosine(weighted, norm, &self.storylines[line as usize]);
            if best.is_none_or(|(s, _, _)| cosine > s) {
                best = Some((cosine, true, line));
            }
        }
        for story in Self::candidates(&self.postings, weighted) {
            if self.stories[story as usize].storyline.is_some() {
                continue;
            }
            let cosine = self.cosine(weighted, norm, &self.stories[story as usize].centroid);
            if best.is_none_or(|(s, _, _)| cosine > s) {
                best = Some((cosine, false, story));
            }
        }
        match best {
            Some((cosine, true, line)) if cosine >= self.config.storyline_threshold => {
                (Some(line), cosine)
            }
            Some((cosine, false, story)) if cosine >= self.config.storyline_threshold => {
                let line = self.storylines.len() as u64;
                self.storylines.push(Centroid::default());
                self.line_parent.push(line);
                self.line_size.push(0);
                self.enter_storyline(story, line);
                self.relinked.push((story, line));
                (Some(line), cosine)
            }
            _ => (None, 0.0),
        }
    }

    /// The storyline changes of earlier stories, each with the storyline
    /// the story is in now (a storyline it entered may have been merged
    /// since), in the order they happened, one per story.
    fn take_relinked(&mut self) -> Vec<(u64, u64)> {
        let changes = std::mem::take(&mut self.relinked);
        let mut out: Vec<(u64, u64)> = Vec::with_capacity(changes.len());
        for (story, _) in changes {
            // A story merged meanwhile is reported as merged, not relinked.
            if self.story_root(story) != story || out.iter().any(|&(s, _)| s == story) {
                continue;
            }
            if let Some(line) = self.storyline_of(story) {
                out.push((story, line));
            }
        }
        out
    }

    /// The second look: the latest stories without a storyline, or in one
    /// of fewer than [`StoryConfig::established_stories`] stories, are
    /// compared with the established storylines (their candidates from the
    /// index); one that reaches [`StoryConfig::second_look_factor`] times the
    /// storyline threshold moves into the most similar. A story that
    /// arrived while its storyline was small or not there yet is placed
    /// again once the storyline has grown. All decisions are taken against
    /// the storylines as they stand, then applied, so that no chain of moves
    /// within one look carries a storyline away.
    fn second_look(&mut self) {
        let established = self.config.established_stories;
        let needed = self.config.second_look_factor * self.config.storyline_threshold;
        let from = self
            .stories
            .len()
            .saturating_sub(self.config.second_look_stories);
        let mut moves: Vec<(u64, Option<u64>, u64)> = Vec::new();
        for id in from..self.stories.len() {
            let story = &self.stories[id];
            let current = story.storyline.map(|line| self.line_root(line));
            if current.is_some_and(|line| self.line_size[line as usize] >= established) {
                continue;
            }
            let centroid = &story.centroid;
            if centroid.norm == 0.0 {
                continue;
            }
            let probe = self.probe(centroid);
            let mut best: Option<(f64, u64)> = None;
            for line in Self::candidates(&self.line_postings, &probe) {
                if Some(line) == current
                    || self.line_parent[line as usize] != line
                    || self.line_size[line as usize] < established
                {
                    continue;
                }
                let cosine = self.centroid_cosine(centroid, &self.storylines[line as usize]);
                if best.is_none_or(|(s, _)| cosine > s) {
                    best = Some((cosine, line));
                }
            }
            if let Some((cosine, line)) = best {
                if cosine >= needed {
                    moves.push((id as u64, current, line));
                }
            }
        }
        for (id, current, line) in moves {
            if let Some(current) = current {
                self.leave_storyline(id, current);
            }
            self.enter_storyline(id, line);
            self.relinked.push((id, line));
        }
    }

    /// Story merges: the latest [`StoryConfig::second_look_stories`]
    /// stories still live at the latest time seen, in order of creation,
    /// each compared with the earlier ones; the most similar earlier story
    /// takes it in when their similarity (the centroids' cosine times the
    /// time decay over the gap between the two stories' time ranges, the
    /// decay an article meets when it joins a story) reaches
    /// [`StoryConfig::story_merge_threshold`]. The first reports of one
    /// happening can share too few words to land in one story, and each
    /// then grows its own; once both have grown, they meet here. Stories of
    /// one subject that began apart in time (a company's two announcements
    /// a day apart) stay apart.
    fn merge_stories(&mut self) {
        if self.config.story_merge_threshold > 1.0 {
            return;
        }
        let day = 86_400.0;
        let window = (self.config.window_days * day) as i64;
        let from = self
            .stories
            .len()
            .saturating_sub(self.config.second_look_stories);
        let now = self.stories[from..]
            .iter()
            .map(|story| story.last)
            .max()
            .unwrap_or(i64::MIN);
        let live: Vec<u64> = (from..self.stories.len())
            .filter(|&id| {
                let story = &self.stories[id];
                self.story_parent[id] == id as u64
                    && story.centroid.norm > 0.0
                    && story.last.saturating_add(window) >= now
            })
            .map(|id| id as u64)
            .collect();
        for &later in &live {
            let mut best: Option<(f64, u64)> = None;
            // Candidates from the index, so the cost per mark stays bounded
            // by the stories read times the candidates each has.
            let probe = self.probe(&self.stories[later as usize].centroid);
            for earlier in Self::candidates(&self.postings, &probe) {
                if earlier >= later
                    || live.binary_search(&earlier).is_err()
                    || self.story_parent[earlier as usize] != earlier
                {
                    continue;
                }
                let (a, b) = (
                    &self.stories[earlier as usize],
                    &self.stories[later as usize],
                );
                let gap = (a.first.max(b.first) - a.last.min(b.last)).max(0);
                let similarity =
                    self.centroid_cosine(&a.centroid, &b.centroid) * self.time_decay(gap);
                if best.is_none_or(|(s, _)| similarity > s) {
                    best = Some((similarity, earlier));
                }
            }
            if let Some((similarity, earlier)) = best {
                if similarity >= self.config.story_merge_threshold {
                    self.merge_story(earlier, later);
                }
            }
        }
    }

    /// Story `absorbed` becomes part of the older story `survivor`: its
    /// terms, time range and articles, and its storyline when the survivor
    /// has none (the survivor's storyline wins otherwise).
    fn merge_story(&mut self, survivor: u64, absorbed: u64) {
        let absorbed_line = self.stories[absorbed as usize].storyline;
        if let Some(line) = absorbed_line {
            self.leave_storyline(absorbed, self.line_root(line));
        }
        let gone = std::mem::take(&mut self.stories[absorbed as usize]);
        reindex(&mut self.postings, absorbed, &[], &gone.centroid.indexed);
        self.story_parent[absorbed as usize] = survivor;
        self.stories_merged.push((absorbed, survivor));
        let mut vector: Vec<(u32, f64)> = gone.centroid.terms.into_iter().collect();
        vector.sort_by_key(|&(t, _)| t);
        let mut centroid = std::mem::take(&mut self.stories[survivor as usize].centroid);
        let refreshed = self.grow(&mut centroid, &vector);
        let story = &mut self.stories[survivor as usize];
        story.centroid = centroid;
        story.first = story.first.min(gone.first);
        story.last = story.last.max(gone.last);
        story.articles += gone.articles;
        let line = story.storyline;
        if let Some((indexed, old)) = refreshed {
            reindex(&mut self.postings, survivor, &indexed, &old);
        }
        match (line, absorbed_line) {
            (Some(line), _) => self.grow_line(line, &vector),
            (None, Some(line)) => {
                let line = self.line_root(line);
                self.enter_storyline(survivor, line);
                self.relinked.push((survivor, line));
            }
            (None, None) => {}
        }
    }

    /// Whether a regrouping is due before the article about to be placed:
    /// on every `regroup_every` mark while the window's pairs fit the
    /// budget, on every k-th mark beyond (see
    /// [`StoryConfig::regroup_budget`]). Only the articles and stories seen
    /// decide, so the same input gives the same regroupings.
    fn regroup_due(&self) -> bool {
        self.regroup_due_at(self.documents, self.stories.len())
    }

    /// [`Self::regroup_due`] after `documents` articles with `stories`
    /// stories.
    fn regroup_due_at(&self, documents: u64, stories: usize) -> bool {
        let every = self.config.regroup_every;
        if !due(documents, every) {
            return false;
        }
        let budget = self.config.regroup_budget;
        if budget <= 0.0 {
            return true;
        }
        let n = stories.min(self.config.regroup_stories) as f64;
        let marks = ((n * n) / (every as f64 * budget)).ceil().max(1.0) as u64;
        (documents / every) % marks == 0
    }

    /// The regrouping: the latest [`StoryConfig::regroup_stories`] stories
    /// (unit TF-IDF vectors of their centroids, with the idf of the
    /// moment) are clustered by average link over a mix of their cosine and
    /// their cosine in latent directions fitted on them (see
    /// [`crate::regroup`]); each group of two or more becomes one storyline.
    /// A group takes the storyline most of its stories were in (one not
    /// taken by a larger group; ties: the lower id), else a new one. A
    /// story alone in its group keeps its storyline. Only the stories whose
    /// storyline changes move, and each is reported as relinked.
    fn regroup(&mut self) {
        let from = self
            .stories
            .len()
            .saturating_sub(self.config.regroup_stories);
        let mut ids: Vec<usize> = Vec::new();
        let mut rows: Vec<crate::regroup::Row> = Vec::new();
        for id in from..self.stories.len() {
            let centroid = &self.stories[id].centroid;
            let mut row: Vec<(u32, f64)> = centroid
                .terms
                .iter()
                .map(|(&term, &sum)| (term, sum * self.idf(term)))
                .collect();
            crate::regroup::keep_strongest(&mut row, self.config.regroup_terms);
            let norm = row.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm == 0.0 {
                continue;
            }
            for (_, w) in &mut row {
                *w /= norm;
            }
            ids.push(id);
            rows.push(row);
        }
        if rows.len() < self.config.regroup_least_stories.max(2) {
            return;
        }
        let dims = (self.config.regroup_dims_per_story * rows.len() as f64).round() as usize;
        let similarity = crate::regroup::similarities(&rows, dims, self.config.regroup_mix);
        let group =
            crate::regroup::average_link(similarity, rows.len(), self.config.regroup_threshold);
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (slot, &g) in group.iter().enumerate() {
            members.entry(g).or_default().push(slot);
        }
        let mut groups: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() >= 2).collect();
        // Larger groups choose first (ties: the earlier first story).
        groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        let current: Vec<Option<u64>> =
            ids.iter().map(|&id| self.storyline_of(id as u64)).collect();
        let mut taken: std::collections::BTreeSet<u64> = std::collections::BTreeSet::new();
        let mut moves: Vec<(u64, Option<u64>, u64)> = Vec::new();
        for slots in groups {
            let mut votes: BTreeMap<u64, usize> = BTreeMap::new();
            for &slot in &slots {
                if let Some(line) = current[slot] {
                    *votes.entry(line).or_default() += 1;
                }
            }
            let mut ranked: Vec<(usize, u64)> = votes.into_iter().map(|(l, n)| (n, l)).collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let line = match ranked
                .into_iter()
                .map(|(_, l)| l)
                .find(|l| !taken.contains(l))
            {
                Some(line) => line,
                None => {
                    // A new storyline, empty (and out of the index) until
                    // its stories enter it below.
                    let line = self.storylines.len() as u64;
                    self.storylines.push(Centroid::default());
                    self.line_parent.push(line);
                    self.line_size.push(0);
                    line
                }
            };
            taken.insert(line);
            for slot in slots {
                if current[slot] != Some(line) {
                    moves.push((ids[slot] as u64, current[slot], line));
                }
            }
        }
        if moves.is_empty() {
            return;
        }
        // All leave first, then enter: a storyline a group takes over may
        // also be the one others leave.
        self.regrouping = true;
        for &(id, old, _) in &moves {
            if let Some(old) = old {
                self.leave_storyline(id, old);
            }
        }
        for &(id, _, line) in &moves {
            self.enter_storyline(id, line);
            self.relinked.push((id, line));
        }
        self.regrouping = false;
    }

    /// A centroid's indexed terms weighted with the current idf: what it is
    /// looked up with in a candidate index.
    fn probe(&self, centroid: &Centroid) -> Vec<Weighted> {
        centroid
            .indexed
            .iter()
            .map(|&term| {
                let idf = self.idf(term);
                Weighted {
                    term,
                    weight: centroid.terms.get(&term).copied().unwrap_or(0.0) * idf,
                    idf,
                }
            })
            .collect()
    }

    /// Takes story `id`'s articles out of storyline `line` (a root); a
    /// storyline left without stories leaves the candidate index.
    fn leave_storyline(&mut self, id: u64, line: u64) {
        let mut centroid = std::mem::take(&mut self.storylines[line as usize]);
        let mut terms: Vec<(u32, f64)> = self.stories[id as usize]
            .centroid
            .terms
            .iter()
            .map(|(&t, &w)| (t, w))
            .collect();
        terms.sort_unstable_by_key(|&(t, _)| t);
        for (term, weight) in terms {
            if let Some(sum) = centroid.terms.get_mut(&term) {
                *sum -= weight;
                if *sum <= 1e-9 {
                    centroid.terms.remove(&term);
                }
            }
        }
        self.line_size[line as usize] = self.line_size[line as usize].saturating_sub(1);
        if self.line_size[line as usize] == 0 || centroid.terms.is_empty() {
            reindex(&mut self.line_postings, line, &[], &centroid.indexed);
            centroid = Centroid::default();
        } else {
            let mut ranked: Vec<(u32, f64)> = centroid
                .terms
                .iter()
                .map(|(&term, &sum)| (term, sum * self.idf(term)))
                .collect();
            ranked.sort_unstable_by_key(|&(term, _)| term);
            centroid.norm = ranked.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        }
        self.storylines[line as usize] = centroid;
        self.stories[id as usize].storyline = None;
    }

    /// Puts story `id` into storyline `line`, with its articles so far.
    fn enter_storyline(&mut self, id: u64, line: u64) {
        let line = self.line_root(line);
        self.stories[id as usize].storyline = Some(line);
        self.line_size[line as usize] += 1;
        let vector: Vec<(u32, f64)> = self.stories[id as usize]
            .centroid
            .terms
            .iter()
            .map(|(&t, &w)| (t, w))
            .collect();
        let mut sorted = vector;
        sorted.sort_by_key(|&(t, _)| t);
        self.grow_line(line, &sorted);
    }

    fn grow_line(&mut self, line: u64, vector: &[(u32, f64)]) {
        let line = self.line_root(line);
        let mut centroid = std::mem::take(&mut self.storylines[line as usize]);
        let refreshed = self.grow(&mut centroid, vector);
        self.storylines[line as usize] = centroid;
        if let Some((indexed, old)) = refreshed {
            reindex(&mut self.line_postings, line, &indexed, &old);
            self.merge_similar_line(line);
        }
    }

    /// Merges storyline `line` with the most similar other storyline when
    /// their centroids' cosine reaches the merge threshold (the lower id
    /// survives).
    fn merge_similar_line(&mut self, line: u64) {
        let centroid = &self.storylines[line as usize];
        if centroid.norm == 0.0 || self.regrouping {
            return;
        }
        let probe = self.probe(centroid);
        let mut best: Option<(f64, u64)> = None;
        for other in Self::candidates(&self.line_postings, &probe) {
            if other == line {
                continue;
            }
            let cosine = self.centroid_cosine(centroid, &self.storylines[other as usize]);
            if best.is_none_or(|(s, _)| cosine > s) {
                best = Some((cosine, other));
            }
        }
        if let Some((cosine, other)) = best {
            if cosine >= self.config.merge_threshold {
                let (survivor, absorbed) = (line.min(other), line.max(other));
                let gone = std::mem::take(&mut self.storylines[absorbed as usize]);
                reindex(&mut self.line_postings, absorbed, &[], &gone.indexed);
                self.line_parent[absorbed as usize] = survivor;
                self.line_size[survivor as usize] += self.line_size[absorbed as usize];
                self.line_size[absorbed as usize] = 0;
                self.merged.push((absorbed, survivor));
                let mut vector: Vec<(u32, f64)> = gone.terms.into_iter().collect();
                vector.sort_by_key(|&(t, _)| t);
                self.grow_line(survivor, &vector);
            }
        }
    }

    /// The cosine of two centroids with the current idf.
    fn centroid_cosine(&self, a: &Centroid, b: &Centroid) -> f64 {
        if a.norm == 0.0 || b.norm == 0.0 {
            return 0.0;
        }
        let (small, large) = if a.terms.len() <= b.terms.len() {
            (a, b)
        } else {
            (b, a)
        };
        let mut shared: Vec<(u32, f64, f64)> = small
            .terms
            .iter()
            .filter_map(|(&term, &x)| large.terms.get(&term).map(|&y| (term, x, y)))
            .collect();
        // In term order, so that the sum does not depend on the maps' history.
        shared.sort_unstable_by_key(|&(term, _, _)| term);
        let mut dot = 0.0;
        for (term, x, y) in shared {
            let idf = self.idf(term);
            dot += x * y * idf * idf;
        }
        dot / (a.norm * b.norm)
    }

    /// Adds an article's terms to story `id` (and its storyline) and
    /// re-indexes their strongest terms.
    fn join(&mut self, id: u64, vector: &[(u32, f64)], time: i64) {
        let mut centroid = std::mem::take(&mut self.stories[id as usize].centroid);
        let refreshed = self.grow(&mut centroid, vector);
        let story = &mut self.stories[id as usize];
        story.centroid = centroid;
        story.first = story.first.min(time);
        story.last = story.last.max(time);
        story.articles += 1;
        let line = story.storyline;
        if let Some((indexed, old)) = refreshed {
            reindex(&mut self.postings, id, &indexed, &old);
        }
        if let Some(line) = line {
            self.grow_line(line, vector);
        }
    }
}

/// The first bytes of a clusterer snapshot (and its format version).
const MAGIC: &[u8] = b"tidings-stories-2";

impl Centroid {
    fn write(&self, out: &mut Writer) {
        out.f64(self.norm);
        out.u64(self.added);
        out.u64(self.refresh_at);
        let mut terms: Vec<(u32, f64)> = self.terms.iter().map(|(&t, &w)| (t, w)).collect();
        terms.sort_unstable_by_key(|&(t, _)| t);
        out.len(terms.len());
        for (term, sum) in terms {
            out.u32(term);
            out.f64(sum);
        }
        out.len(self.indexed.len());
        for &term in &self.indexed {
            out.u32(term);
        }
    }

    fn read(input: &mut Reader<'_>, vocabulary: usize) -> Result<Centroid, SnapshotError> {
        let norm = input.f64()?;
        let added = input.u64()?;
        let refresh_at = input.u64()?;
        let known = |term: u32| {
            if (term as usize) < vocabulary {
                Ok(term)
            } else {
                Err(SnapshotError {
                    why: format!("term {term} outside the vocabulary of {vocabulary}"),
                })
            }
        };
        let n = input.len(12)?;
        let mut terms = HashMap::default();
        terms.reserve(n);
        for _ in 0..n {
            let term = known(input.u32()?)?;
            terms.insert(term, input.f64()?);
        }
        let n = input.len(4)?;
        let mut indexed = Vec::with_capacity(n);
        for _ in 0..n {
            indexed.push(known(input.u32()?)?);
        }
        Ok(Centroid {
            terms,
            indexed,
            norm,
            added,
            refresh_at,
        })
    }
}

impl StoryClusterer {
    /// Its whole state as bytes, to be given back to
    /// [`StoryClusterer::from_bytes`] (the configuration is not included:
    /// it is the caller's).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.u64(self.documents);
        let mut terms: Vec<(&String, &u32)> = self.vocabulary.iter().collect();
        terms.sort_unstable_by_key(|&(_, &id)| id);
        out.len(terms.len());
        for (term, &id) in terms {
            out.str(term);
            out.u32(self.document_frequency[id as usize]);
        }
        out.len(self.stories.len());
        for (id, story) in self.stories.iter().enumerate() {
            out.u64(self.story_parent.get(id).copied().unwrap_or(id as u64));
            out.i64(story.first);
            out.i64(story.last);
            out.u64(story.articles);
            out.u64(story.storyline.unwrap_or(u64::MAX));
            story.centroid.write(&mut out);
        }
        out.len(self.storylines.len());
        for (line, centroid) in self.storylines.iter().enumerate() {
            out.u64(self.line_parent.get(line).copied().unwrap_or(line as u64));
            centroid.write(&mut out);
        }
        out.bytes
    }

    /// A clusterer with `config` and the state `bytes` hold (from
    /// [`StoryClusterer::to_bytes`]): it goes on exactly as the one that
    /// wrote them would.
    pub fn from_bytes(config: StoryConfig, bytes: &[u8]) -> Result<StoryClusterer, SnapshotError> {
        let mut input = Reader::new(bytes);
        input.expect(MAGIC)?;
        let mut clusterer = StoryClusterer::new(config);
        clusterer.documents = input.u64()?;
        let n = input.len(8)?;
        for id in 0..n {
            let term = input.str()?.to_string();
            clusterer.document_frequency.push(input.u32()?);
            if clusterer.vocabulary.insert(term, id as u32).is_some() {
                return Err(SnapshotError {
                    why: "a term appears twice in the vocabulary".into(),
                });
            }
        }
        let n = input.len(40)?;
        for id in 0..n {
            let parent = input.u64()?;
            // A story is only ever merged into an older one.
            if parent > id as u64 {
                return Err(SnapshotError {
                    why: format!("story {id} merged into later {parent}"),
                });
            }
            clusterer.story_parent.push(parent);
            let first = input.i64()?;
            let last = input.i64()?;
            let articles = input.u64()?;
            let storyline = match input.u64()? {
                u64::MAX => None,
                line => Some(line),
            };
            let centroid = Centroid::read(&mut input, clusterer.document_frequency.len())?;
            for &term in &centroid.indexed {
                clusterer.postings.entry(term).or_default().push(id as u64);
            }
            clusterer.stories.push(Story {
                centroid,
                first,
                last,
                articles,
                storyline,
            });
        }
        let n = input.len(8)?;
        for line in 0..n {
            let parent = input.u64()?;
            // A storyline is only ever merged into an older one, so a
            // parent above the storyline itself is damage (and could loop).
            if parent > line as u64 {
                return Err(SnapshotError {
                    why: format!("storyline {line} merged into later {parent}"),
                });
            }
            let centroid = Centroid::read(&mut input, clusterer.document_frequency.len())?;
            if parent == line as u64 {
                for &term in &centroid.indexed {
                    clusterer
                        .line_postings
                        .entry(term)
                        .or_default()
                        .push(line as u64);
                }
            }
            clusterer.line_parent.push(parent);
            clusterer.storylines.push(centroid);
        }
        input.done()?;
        for story in &clusterer.stories {
            if story.storyline.is_some_and(|line| line as usize >= n) {
                return Err(SnapshotError {
                    why: "a story names an unknown storyline".into(),
                });
            }
        }
        clusterer.line_size = vec![0; n];
        for id in 0..clusterer.stories.len() {
            // A merged story has no storyline of its own any more.
            if clusterer.story_parent[id] != id as u64 {
                continue;
            }
            if let Some(line) = clusterer.storyline_of(id as u64) {
                clusterer.line_size[line as usize] += 1;
            }
        }
        Ok(clusterer)
    }
}

/// Keeps the `n` entries of `ranked` with the highest weight (ties: the
/// lower id), in that order.
fn top<T: Ord + Copy>(ranked: &mut Vec<(f64, T)>, n: usize) {
    let order = |a: &(f64, T), b: &(f64, T)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if ranked.len() > n && n > 0 {
        ranked.select_nth_unstable_by(n - 1, order);
        ranked.truncate(n);
    }
    ranked.sort_unstable_by(order);
}

/// Moves group `id` in `postings` from the terms `old` to the terms
/// `indexed` (both ascending).
fn reindex(postings: &mut HashMap<u32, Vec<u64>>, id: u64, indexed: &[u32], old: &[u32]) {
    for term in old {
        if indexed.binary_search(term).is_err() {
            if let Some(list) = postings.get_mut(term) {
                list.retain(|&s| s != id);
            }
        }
    }
    for &term in indexed {
        if old.binary_search(&term).is_err() {
            let list = postings.entry(term).or_default();
            if let Err(at) = list.binary_search(&id) {
                list.insert(at, id);
            }
        }
    }
}

/// The group `id` was merged into through every later merge (`parents[g]`
/// is the group `g` was merged into, itself if none), or `id` itself.
fn root(parents: &[u64], mut id: u64) -> u64 {
    while let Some(&parent) = parents.get(id as usize) {
        if parent == id {
            break;
        }
        id = parent;
    }
    id
}

/// Whether a task run every `every` articles (0: never) is due before the
/// article placed after `documents` others.
fn due(documents: u64, every: u64) -> bool {
    every > 0 && documents > 0 && documents % every == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(day: i64, title: &'a str, text: &'a str, entities: &[&str]) -> StoryInput<'a> {
        StoryInput {
            time: day * 86_400,
            title,
            text,
            entities: entities.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn one_happening_is_one_story_and_its_sequel_months_later_one_storyline() {
        let mut clusterer = StoryClusterer::new(StoryConfig::default());
        let a = clusterer.add(&input(
            0,
            "Velmora dockworkers strike over night-shift pay",
            "Dockworkers at the port of Velmora walked out on Monday over night-shift pay, \
             halting ferries to Portavel.",
            &["Velmora", "Portavel", "Velmora Dockworkers' Union"],
        ));
        let b = clusterer.add(&input(
            1,
            "Velmora port strike enters second day",
            "The dockworkers' strike at Velmora's port entered a second day as talks on \
             night-shift pay failed.",
            &["Velmora", "Velmora Dockworkers' Union"],
        ));
        let other = clusterer.add(&input(
            1,
            "Lake Orin falls to a record low",
            "Farmers around Lake Orin face water limits after a dry winter.",
            &["Lake Orin"],
        ));
        let sequel = clusterer.add(&input(
            200,
            "Velmora dockworkers strike again over pay",
            "Dockworkers at the port of Velmora struck again over night-shift pay, seven \
             months after the last walkout.",
            &["Velmora", "Velmora Dockworkers' Union"],
        ));
        assert!(a.new_story && !b.new_story, "{a:?} {b:?}");
        assert_eq!(a.story, b.story);
        assert!(other.new_story && other.story != a.story);
        assert!(
            sequel.new_story,
            "months later is another story: {sequel:?}"
        );
        assert!(sequel.storyline.is_some());
        assert_eq!(clusterer.storyline_of(a.story), sequel.storyline);
        assert_eq!(clusterer.storyline_of(other.story), None);
    }

    #[test]
    fn a_snapshot_goes_on_exactly_as_the_clusterer_that_wrote_it() {
        let texts = [
            ("Ferries resume between Portavel and Kerra", 0),
            ("Kerra ferry link back after storm", 0),
            ("Parliament of Norvania passes cookie law", 1),
            ("Norvania cookie consent law passed", 1),
            ("Storm strands hundreds on Kerra", 2),
            ("Kerra ferries halted again by a new storm", 40),
            ("Norvania cookie law challenged in court", 60),
            ("Court hears challenge to Norvania cookie law", 61),
        ];
        // The default, and a second look after every other article (so
        // that the storyline sizes a snapshot does not hold are derived
        // right when it is read).
        let often = StoryConfig {
            second_look_every: 2,
            ..StoryConfig::default()
        };
        for config in [StoryConfig::default(), often] {
            let mut straight = StoryClusterer::new(config.clone());
            let expected: Vec<Assignment> = texts
                .iter()
                .map(|(t, day)| straight.add(&input(*day, t, "", &[])))
                .collect();
            for cut in 0..=texts.len() {
                let mut first = StoryClusterer::new(config.clone());
                let mut got: Vec<Assignment> = texts[..cut]
                    .iter()
                    .map(|(t, day)| first.add(&input(*day, t, "", &[])))
                    .collect();
                let bytes = first.to_bytes();
                let mut second = StoryClusterer::from_bytes(config.clone(), &bytes).unwrap();
                assert_eq!(
                    second.to_bytes(),
                    bytes,
                    "cut {cut}: a round trip keeps every bit"
                );
                got.extend(
                    texts[cut..]
                        .iter()
                        .map(|(t, day)| second.add(&input(*day, t, "", &[]))),
                );
                assert_eq!(got, expected, "cut {cut}");
            }
        }
    }

    #[test]
    fn two_stories_of_one_happening_merge_once_both_have_grown() {
        // The first two reports share no word, so each starts a story; the
        // next ones share words with both, and at the next merge mark the
        // later story joins the earlier. The same strike's end, three days
        // later, stays a story of its own.
        let articles = [
            (0, "Kerra ferry crews strike over pay"),
            (0, "Dockhands walk out at Portavel harbour"),
            (
                0,
                "Dockhands walk out at Portavel harbour as ferry crews strike",
            ),
            (
                0,
                "Ferry crews and dockhands strike over pay at Portavel harbour",
            ),
            (
                0,
                "Portavel harbour idle as dockhands and ferry crews walk out",
            ),
            (3, "Kerra ferry strike ends with pay deal"),
            (3, "Pay deal ends Kerra ferry strike"),
            (3, "Ferry crews back at work after pay deal"),
            (3, "Kerra ferries sail again after strike"),
            (3, "Ferries sail again from Portavel harbour"),
        ];
        let run = |threshold: f64| {
            let mut clusterer = StoryClusterer::new(StoryConfig {
                story_merge_every: 4,
                story_merge_threshold: threshold,
                ..StoryConfig::default()
            });
            let placed: Vec<Assignment> = articles
                .iter()
                .map(|&(day, title)| clusterer.add(&input(day, title, "", &[])))
                .collect();
            (clusterer, placed)
        };
        let (clusterer, placed) = run(StoryConfig::default().story_merge_threshold);
        assert_eq!(placed[0].story, 0);
        assert!(placed[1].new_story, "{placed:?}");
        assert_eq!(placed[1].story, 1);
        assert_eq!(placed[4].stories_merged, vec![(1, 0)], "{placed:?}");
        for (i, a) in placed[..5].iter().enumerate() {
            assert_eq!(clusterer.story_root(a.story), 0, "article {i}: {placed:?}");
        }
        assert_eq!(placed[4].story, 0);
        let end = clusterer.story_root(placed[5].story);
        assert_ne!(end, 0, "{placed:?}");
        for a in &placed[5..] {
            assert_eq!(clusterer.story_root(a.story), end, "{placed:?}");
        }
        assert_eq!(clusterer.stories(), 2);
        // The snapshot keeps the merge.
        let again =
            StoryClusterer::from_bytes(clusterer.config().clone(), &clusterer.to_bytes()).unwrap();
        assert_eq!(again.story_root(1), 0);
        assert_eq!(again.stories(), 2);
        // Without merges the two first stories stay apart.
        let (apart, placed) = run(2.0);
        assert!(placed.iter().all(|a| a.stories_merged.is_empty()));
        assert_eq!(apart.story_root(1), 1);
        assert_eq!(apart.stories(), 3);
    }

    /// A story that arrived before its storyline was there, sharing a
    /// different name with each of its later stories and too little with
    /// any one of them, joins the storyline on the second look once the
    /// storyline holds all the names; without the second look it stays
    /// alone.
    #[test]
    fn a_story_that_came_early_joins_its_storyline_on_the_second_look() {
        let articles = [
            (
                0,
                "Water board meets",
                "The water board met about the three districts.",
                vec!["Korrin", "Ostmark", "Lidda"],
            ),
            (
                30,
                "Velmora dam gates opened",
                "The dam gates were opened after heavy rain.",
                vec!["Velmora", "Korrin"],
            ),
            (
                60,
                "Velmora dam spillway inspected",
                "Engineers inspected the dam spillway after the rain.",
                vec!["Velmora", "Ostmark"],
            ),
            (
                90,
                "Velmora dam repairs begin",
                "Repairs of the dam gates and the spillway began.",
                vec!["Velmora", "Lidda"],
            ),
            (
                120,
                "Velmora dam reopens to visitors",
                "The dam walkway reopened to visitors after the repairs.",
                vec!["Velmora"],
            ),
            (
                150,
                "Harvest festival draws crowds",
                "The harvest festival drew crowds to the old market square.",
                vec!["Ostrel"],
            ),
            (
                180,
                "Festival ends with fireworks",
                "Fireworks over the market square ended the harvest festival.",
                vec!["Ostrel"],
            ),
        ];
        let run = |every: u64, threshold: f64| {
            let config = StoryConfig {
                second_look_every: every,
                storyline_threshold: threshold,
                second_look_factor: 1.0,
                ..StoryConfig::default()
            };
            let mut clusterer = StoryClusterer::new(config);
            let mut relinked = Vec::new();
            let stories: Vec<u64> = articles
                .iter()
                .map(|(day, title, text, names)| {
                    let placed = clusterer.add(&input(*day, title, text, names));
                    relinked.extend(placed.relinked);
                    placed.story
                })
                .collect();
            let lines: Vec<Option<u64>> =
                stories.iter().map(|&s| clusterer.storyline_of(s)).collect();
            (stories, lines, relinked)
        };
        // A storyline threshold the board's story misses with each later
        // story alone (the second look asks the same, factor 1).
        const THRESHOLD: f64 = 0.2;
        let (stories, lines, relinked) = run(1, THRESHOLD);
        assert_eq!(stories.len(), 7);
        let dam = lines[1].expect("the dam stories have a storyline");
        for (i, line) in lines.iter().enumerate().take(5) {
            assert_eq!(*line, Some(dam), "article {i} is in the dam storyline");
        }
        assert_ne!(lines[5], Some(dam), "the festival is not");
        assert!(
            relinked
                .iter()
                .any(|&(s, l)| l == dam && (s == stories[0] || s == stories[1])),
            "the move is reported: {relinked:?}"
        );
        let (_, without, _) = run(0, THRESHOLD);
        assert!(
            without[..2].iter().any(|line| *line != without[2]),
            "without the second look an early story stays out: {without:?}"
        );
    }

    /// Two themes that share a country and a word ("virus") and whose
    /// articles, days apart, share words only with their neighbours in
    /// time: a mosquito-borne fever and a computer worm in Norvania. A
    /// regrouping puts each theme's stories into one storyline of its own,
    /// and reports the stories it moved.
    fn two_themes() -> Vec<(i64, String, String)> {
        let fever = [
            "mosquito",
            "fever",
            "larvae",
            "spraying",
            "swamp",
            "clinic",
            "encephalitis",
            "bites",
            "repellent",
            "wetlands",
            "insecticide",
            "patients",
        ];
        let worm = [
            "computer",
            "worm",
            "software",
            "banks",
            "servers",
            "hackers",
            "passwords",
            "firewall",
            "encryption",
            "outage",
            "malware",
            "patch",
        ];
        let mut out = Vec::new();
        for i in 0..8 {
            for (offset, pool) in [(0, &fever), (5, &worm)] {
                let day = i as i64 * 10 + offset;
                let title = format!("Norvania virus: {} and {}", pool[i], pool[i + 1]);
                let text = format!(
                    "The virus in Norvania: {} {} {} {}, officials said.",
                    pool[i],
                    pool[i + 1],
                    pool[i + 2],
                    pool[i + 3]
                );
                out.push((day, title, text));
            }
        }
        out.push((
            200,
            "Lake Orin falls to a record low".into(),
            "Farmers face water limits.".into(),
        ));
        out
    }

    #[test]
    fn a_regrouping_tells_two_themes_of_one_country_apart() {
        let articles = two_themes();
        let regrouping = StoryConfig {
            regroup_every: 16,
            regroup_least_stories: 4,
            regroup_dims_per_story: 0.25,
            ..StoryConfig::default()
        };
        let place = |clusterer: &mut StoryClusterer, from: usize, to: usize| -> Vec<Assignment> {
            articles[from..to]
                .iter()
                .map(|(day, title, text)| clusterer.add(&input(*day, title, text, &["Norvania"])))
                .collect()
        };
        let off = StoryConfig {
            regroup_every: 0,
            ..regrouping.clone()
        };
        let mut without = StoryClusterer::new(off);
        place(&mut without, 0, articles.len());
        // Each article is a story of its own (ten days apart).
        assert_eq!(without.stories(), articles.len());
        // Without it, the shared words chain the two themes together.
        assert!(
            (0..8).any(|i| {
                let fever = without.storyline_of(2 * i);
                fever.is_some() && (0..8).any(|j| without.storyline_of(2 * j + 1) == fever)
            }),
            "the themes stay apart even without a regrouping"
        );

        // Rows cut to each story's six strongest terms (the theme's own
        // words, the title's above all) tell the themes apart as well.
        let cut = StoryConfig {
            regroup_terms: 6,
            ..regrouping.clone()
        };
        let mut short = StoryClusterer::new(cut);
        place(&mut short, 0, articles.len());
        for i in 0..16 {
            assert_eq!(
                short.storyline_of(i) == short.storyline_of(0),
                i % 2 == 0,
                "story {i} with six terms"
            );
        }

        let mut with = StoryClusterer::new(regrouping.clone());
        let placed = place(&mut with, 0, articles.len());
        let fever = with.storyline_of(0);
        let worm = with.storyline_of(1);
        assert!(fever.is_some() && worm.is_some() && fever != worm);
        for i in 0..8 {
            assert_eq!(with.storyline_of(2 * i), fever, "fever story {}", 2 * i);
            assert_eq!(
                with.storyline_of(2 * i + 1),
                worm,
                "worm story {}",
                2 * i + 1
            );
        }
        // The regrouping ran before the 17th article was placed, and that
        // article reports every story it moved, with its new storyline.
        let moved = &placed[16].relinked;
        assert!(!moved.is_empty());
        for &(story, line) in moved {
            assert_eq!(with.storyline_of(story), Some(line));
        }
        let moved_stories: Vec<u64> = moved.iter().map(|&(s, _)| s).collect();
        for story in 0..16 {
            let before = without.storyline_of(story);
            if with.storyline_of(story) != before && before.is_some() {
                assert!(
                    moved_stories.contains(&story),
                    "story {story} moved unreported"
                );
            }
        }

        // A budget of 0.5 pairs per article: 16 stories are 256 pairs, more
        // than the 8 the 16 articles since the start allow, so the
        // regrouping waits for the 32nd mark and never runs here; the
        // clusterer ends exactly as the one without regroupings.
        let mut held = StoryClusterer::new(StoryConfig {
            regroup_budget: 0.5,
            ..regrouping.clone()
        });
        place(&mut held, 0, articles.len());
        assert_eq!(held.to_bytes(), without.to_bytes());
        // A budget of 1 (16 pairs per mark): the 16 stories need 16 marks.
        let schedule = StoryConfig {
            regroup_budget: 1.0,
            ..regrouping.clone()
        };
        let mut sparse = StoryClusterer::new(schedule);
        place(&mut sparse, 0, articles.len());
        assert!(sparse.regroup_due_at(16, 4) && !sparse.regroup_due_at(32, 8));
        assert!(sparse.regroup_due_at(64 * 16, 16) && !sparse.regroup_due_at(63 * 16, 16));
        // The window's cap bounds the wait: n is at most regroup_stories
        // (1,500: 2,250,000 pairs, 140,625 marks), however many stories.
        assert!(sparse.regroup_due_at(140_625 * 16, 1_000_000));
        assert!(!sparse.regroup_due_at(140_624 * 16, 1_000_000));

        // A snapshot taken anywhere, before or after the regrouping, goes on
        // to the same stories and storylines.
        for cut in [3, 16, 17] {
            let mut first = StoryClusterer::new(regrouping.clone());
            let mut got = place(&mut first, 0, cut);
            let mut second =
                StoryClusterer::from_bytes(regrouping.clone(), &first.to_bytes()).unwrap();
            got.extend(place(&mut second, cut, articles.len()));
            assert_eq!(got, placed, "cut {cut}");
            assert_eq!(second.to_bytes(), with.to_bytes(), "cut {cut}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever the stream, with regroupings, second looks and merges
        /// happening often: replaying the assignments as the store does
        /// (merged storylines, merged stories, then relinked stories, then
        /// the article's own story) gives every story the storyline the
        /// clusterer holds, every article the story the clusterer holds,
        /// and a clusterer restored from a snapshot at any point goes on
        /// with the same assignments.
        #[test]
        fn the_reported_changes_keep_the_store_in_step(
            docs in proptest::collection::vec((0usize..4, 0usize..8, 0i64..90), 1..60),
            cut in 0usize..60,
            bunch in 1i64..30,
        ) {
            const THEMES: [[&str; 10]; 4] = [
                ["mosquito", "fever", "larvae", "spraying", "swamp", "clinic", "bites", "repellent", "wetlands", "patients"],
                ["computer", "worm", "software", "banks", "servers", "hackers", "passwords", "firewall", "outage", "patch"],
                ["ferry", "harbour", "strike", "dockworkers", "pay", "union", "freight", "port", "talks", "queues"],
                ["lake", "drought", "farmers", "water", "limits", "winter", "rain", "wells", "crops", "reservoir"],
            ];
            let texts: Vec<(i64, String, String)> = docs
                .iter()
                .map(|&(theme, at, day)| {
                    let pool = &THEMES[theme];
                    let title = format!("Norvania {} {}", pool[at], pool[(at + 1) % 10]);
                    let text = format!("{} {} {} virus", pool[(at + 2) % 10], pool[(at + 3) % 10], pool[at]);
                    // Many on one day when `bunch` is large: stories then
                    // grow side by side and merge.
                    (day / bunch, title, text)
                })
                .collect();
            let config = StoryConfig {
                regroup_every: 4,
                regroup_least_stories: 3,
                regroup_dims_per_story: 0.5,
                second_look_every: 3,
                established_stories: 2,
                // Many stories that merge often (the quality does not
                // matter here, the bookkeeping does).
                story_threshold: 0.3,
                story_merge_threshold: 0.05,
                story_merge_every: 5,
                ..StoryConfig::default()
            };
            let place = |clusterer: &mut StoryClusterer, from: usize, to: usize| -> Vec<Assignment> {
                texts[from..to]
                    .iter()
                    .map(|(day, title, text)| clusterer.add(&input(*day, title, text, &["Norvania"])))
                    .collect()
            };
            let mut clusterer = StoryClusterer::new(config.clone());
            let placed = place(&mut clusterer, 0, texts.len());
            let mut store: BTreeMap<u64, Option<u64>> = BTreeMap::new();
            let mut article_story: Vec<u64> = Vec::new();
            for a in &placed {
                for &(absorbed, survivor) in &a.merged {
                    for line in store.values_mut() {
                        if *line == Some(absorbed) {
                            *line = Some(survivor);
                        }
                    }
                }
                for &(absorbed, survivor) in &a.stories_merged {
                    proptest::prop_assert!(absorbed > survivor);
                    proptest::prop_assert!(store.remove(&absorbed).is_some());
                    proptest::prop_assert!(store.contains_key(&survivor));
                    for story in &mut article_story {
                        if *story == absorbed {
                            *story = survivor;
                        }
                    }
                }
                for &(story, line) in &a.relinked {
                    proptest::prop_assert!(store.contains_key(&story));
                    store.insert(story, Some(line));
                }
                store.insert(a.story, a.storyline);
                article_story.push(a.story);
            }
            proptest::prop_assert_eq!(store.len(), clusterer.stories());
            for (&story, &line) in &store {
                proptest::prop_assert_eq!(line, clusterer.storyline_of(story), "story {}", story);
            }
            for story in article_story {
                proptest::prop_assert_eq!(story, clusterer.story_root(story));
            }
            let cut = cut.min(texts.len());
            let mut first = StoryClusterer::new(config.clone());
            let mut got = place(&mut first, 0, cut);
            let mut second = StoryClusterer::from_bytes(config.clone(), &first.to_bytes()).unwrap();
            got.extend(place(&mut second, cut, texts.len()));
            proptest::prop_assert_eq!(got, placed);
        }
    }

    #[test]
    fn a_damaged_snapshot_is_an_error() {
        let mut clusterer = StoryClusterer::new(StoryConfig::default());
        clusterer.add(&input(
            0,
            "Ferries resume between Portavel and Kerra",
            "",
            &["Kerra"],
        ));
        let bytes = clusterer.to_bytes();
        for cut in 0..bytes.len() {
            assert!(StoryClusterer::from_bytes(StoryConfig::default(), &bytes[..cut]).is_err());
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(StoryClusterer::from_bytes(StoryConfig::default(), &longer).is_err());
    }

    #[test]
    fn word_forms_share_a_stem() {
        for (word, expected) in [
            ("pests", "pest"),
            ("exploring", "explor"),
            ("explored", "explor"),
            ("ferries", "ferry"),
            ("ferry", "ferry"),
            ("press", "press"),
            ("news", "news"),
            ("kerra", "kerra"),
            ("zürichs", "zürichs"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
        }
    }

    #[test]
    fn the_same_input_gives_the_same_stories() {
        let texts = [
            "Ferries resume between Portavel and Kerra",
            "Kerra ferry link back after storm",
            "Parliament of Norvania passes cookie law",
            "Norvania cookie consent law passed",
            "Storm strands hundreds on Kerra",
        ];
        let run = || {
            let mut clusterer = StoryClusterer::new(StoryConfig::default());
            texts
                .iter()
                .enumerate()
                .map(|(i, t)| clusterer.add(&input(i as i64, t, "", &[])).story)
                .collect::<Vec<_>>()
        };
        assert_eq!(run(), run());
    }
}
