//! The pipeline: the only place where the stages are strung together.
//!
//! A stage added later is wired here, once: into [`Pipeline::analyze`] for
//! single documents and into [`Pipeline::process_batch`] for batches. The
//! CLI's commands and the server never call stage crates directly for
//! processing.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use tidings_clean::{CleanConfig, Draft, SiteMemory};
use tidings_dedup::near::NearConfig;
use tidings_dedup::place::{Kept, PlaceInput, Placed, Placer};
use tidings_dedup::stories::StoryConfig;
use tidings_extract::Extractor;
use tidings_model::{
    Annotations, Article, DocId, EntityKind, Facts, Origin, Placement, Published, RawDoc,
};
use tidings_nlp::Annotator;
use tidings_store::{DedupSnapshot, Put, Store};

use crate::error::{Error, Result};

/// Everything the pipeline knows about one document. Later stages add fields
/// here and to the CLI's `AnalysisJson`.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The document as ingested.
    pub raw: RawDoc,
    /// The clean article.
    pub article: Article,
    /// Sentences, mentions, entities and dates.
    pub annotations: Annotations,
    /// Events, quotes and figures.
    pub facts: Facts,
}

/// Every stage's configuration and loaded models, built once per run.
#[derive(Debug)]
pub struct Pipeline {
    /// Cleaning settings.
    pub clean: CleanConfig,
    /// The language layer's tagger and gazetteer.
    pub annotator: Annotator,
    /// The extract stage's pattern dictionaries and tables.
    pub extractor: Extractor,
    /// The story clusterer's settings.
    pub stories: StoryConfig,
    /// The near-duplicate settings.
    pub near: NearConfig,
}

impl Pipeline {
    /// The pipeline with default settings and the bundled models.
    pub fn new() -> Result<Pipeline> {
        Ok(Pipeline {
            clean: CleanConfig::default(),
            annotator: Annotator::bundled().map_err(Error::LanguageModels)?,
            extractor: Extractor::bundled().map_err(Error::EventPatterns)?,
            stories: StoryConfig::default(),
            near: NearConfig::default(),
        })
    }
}

/// One cleaned document of a batch, ready for the store.
pub struct Processed {
    /// The document as ingested.
    pub raw: RawDoc,
    /// The clean article.
    pub article: Article,
    /// Its sentences, mentions, entities and dates.
    pub annotations: Annotations,
    /// Its events, quotes and figures.
    pub facts: Facts,
    /// The key of the site memory, if the document has one.
    pub site_key: Option<String>,
    /// Its distinct block fingerprints (for the store's site memory).
    pub fingerprints: Vec<u64>,
    /// Where the dedup stage placed it (when the run places articles).
    pub placement: Option<Placement>,
}

impl Processed {
    /// The store's view of this item.
    pub fn as_put(&self) -> Put<'_> {
        Put {
            raw: &self.raw,
            article: &self.article,
            site_key: self.site_key.as_deref(),
            fingerprints: &self.fingerprints,
            annotations: &self.annotations,
            facts: &self.facts,
            placement: self.placement.as_ref(),
        }
    }
}

/// The site memory of a run: what was loaded from the store plus what the run
/// has seen, and the ids already handled so a document is never counted twice.
#[derive(Default)]
pub struct RunState {
    memory: SiteMemory,
    seen: HashSet<DocId>,
    /// The dedup stage's state, when the run places articles in stories.
    placing: Option<Placing>,
}

/// The dedup stage's state during a run: the placer, and the id of every
/// article placed so far by the placer's seq (to name the original of a
/// copy). The store numbers placements on from `store_base`; the placer
/// from `placer_base` (they differ when a write failed in an earlier run).
pub struct Placing {
    placer: Placer,
    ids: Vec<DocId>,
    store_base: u64,
    placer_base: u64,
}

impl RunState {
    /// A run that places each new article in a story, going on from
    /// `placing`.
    pub fn placing(placing: Placing) -> RunState {
        RunState {
            placing: Some(placing),
            ..RunState::default()
        }
    }

    /// The dedup state, if the run places articles.
    pub fn placing_state(&self) -> Option<&Placing> {
        self.placing.as_ref()
    }
}

/// What the dedup stage reads of an article: its time (publication, else
/// fetch time), title, text and the names the language layer found.
fn place_input<'a>(
    fetched: Option<jiff::Timestamp>,
    article: &'a Article,
    annotations: &Annotations,
) -> PlaceInput<'a> {
    let time = match article.published {
        Some(Published::At(ts)) => Some(ts.as_second()),
        Some(Published::Day(day)) => day
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_second()),
        None => fetched.map(|ts| ts.as_second()),
    };
    PlaceInput {
        time,
        title: article.title.as_deref().unwrap_or(""),
        text: &article.text,
        entities: annotations
            .entities
            .iter()
            .filter(|e| e.kind != EntityKind::Other)
            .map(|e| e.name.clone())
            .collect(),
    }
}

impl Pipeline {
    /// A fresh dedup state with the default settings.
    pub fn placing(&self) -> Result<Placing> {
        Ok(Placing {
            placer: Placer::new(self.stories.clone(), &self.near)
                .map_err(Error::DuplicateSettings)?,
            ids: Vec::new(),
            store_base: 0,
            placer_base: 0,
        })
    }

    /// The dedup state to go on from in `store`: its snapshot, with the
    /// signatures kept with the placements it covers, then the articles
    /// placed after it placed again (from their stored text and names, at
    /// their stored time). A damaged snapshot is rebuilt from the
    /// placements, with a warning.
    pub fn resume_placing(&self, store: &dyn Store) -> Result<Placing> {
        let placements = store
            .placed_from(0)
            .map_err(Error::store("cannot read the stored placements"))?;
        let snapshot = store
            .dedup_snapshot()
            .map_err(Error::store("cannot read the dedup snapshot"))?;
        let covered = snapshot.as_ref().map_or(0, |snapshot| {
            placements
                .iter()
                .take_while(|(_, p)| p.seq < snapshot.seq)
                .count()
        });
        let mut placing = self.placing()?;
        let mut replay_from = 0;
        if let Some(snapshot) = &snapshot {
            let mut index: HashMap<&DocId, u64> = HashMap::new();
            let mut kept = Vec::with_capacity(covered);
            for (i, (id, placement)) in placements[..covered].iter().enumerate() {
                index.insert(id, i as u64);
                kept.push(Kept {
                    seq: i as u64,
                    duplicate_of: placement
                        .duplicate_of
                        .as_ref()
                        .and_then(|of| index.get(of).copied()),
                    similarity: placement.similarity.map(f64::from),
                    signature: placement.signature.as_deref(),
                });
            }
            match Placer::restore(self.stories.clone(), &self.near, &snapshot.bytes, kept) {
                Ok(placer) => {
                    placing.placer = placer;
                    placing.ids = placements[..covered]
                        .iter()
                        .map(|(id, _)| id.clone())
                        .collect();
                    replay_from = covered;
                }
                Err(err) => eprintln!(
                    "tidings: warning: {err}; the stories are rebuilt from the stored placements"
                ),
            }
        }
        for (id, placement) in &placements[replay_from..] {
            placing.place_stored(store, id, Some(placement.time))?;
        }
        placing.store_base = store
            .next_seq()
            .map_err(Error::store("cannot read the stored placements"))?;
        placing.placer_base = placing.placer.next_seq();
        Ok(placing)
    }
}

impl Placing {
    /// The store's record of a placement.
    pub fn placement(&self, placed: &Placed, original: Option<&DocId>) -> Placement {
        Placement {
            seq: self.store_base + (placed.seq - self.placer_base),
            time: placed.time,
            story: placed.story,
            storyline: placed.storyline,
            duplicate_of: original.cloned(),
            similarity: placed.similarity.map(|s| s as f32),
            signature: placed.signature.clone(),
            relinked: placed.relinked.clone(),
            merged: placed.merged.clone(),
            stories_merged: placed.stories_merged.clone(),
        }
    }

    /// Whether every placement this state made is stored and nothing was
    /// placed after them (`stored_next` is the store's next seq): then it
    /// can go on placing without being resumed from the store.
    pub fn is_at(&self, stored_next: u64) -> bool {
        let placed = self.placer.next_seq() - self.placer_base;
        stored_next.checked_sub(self.store_base) == Some(placed)
    }

    /// The snapshot to keep once every placement of the run is stored
    /// (`stored_next` is the store's next seq then); `None` when some were
    /// not (a failed write): the next run goes on from the older snapshot
    /// and replays what was stored.
    pub fn snapshot(&self, stored_next: u64) -> Option<DedupSnapshot> {
        let placed = self.placer.next_seq() - self.placer_base;
        (stored_next - self.store_base == placed).then(|| DedupSnapshot {
            seq: stored_next,
            bytes: self.placer.snapshot(),
        })
    }

    /// The story `story` is part of now (itself unless a later placement
    /// merged it into an older one).
    pub fn story_root(&self, story: u64) -> u64 {
        self.placer.story_root(story)
    }

    /// Places one article (in input order) and names its original.
    pub fn place(
        &mut self,
        raw: &RawDoc,
        article: &Article,
        annotations: &Annotations,
    ) -> (Placed, Option<DocId>) {
        self.place_as(&raw.id, &place_input(raw.fetched, article, annotations))
    }

    /// Places the stored article `id` from its stored text and names (at
    /// `time` when given, else its publication or fetch time) and names its
    /// original: for replaying placements and for `recluster`.
    pub fn place_stored(
        &mut self,
        store: &dyn Store,
        id: &DocId,
        time: Option<i64>,
    ) -> Result<(Placed, Option<DocId>)> {
        let stored = store
            .article(id.as_str())
            .map_err(Error::store(format!(
                "{id}: cannot read the article to place"
            )))?
            .ok_or_else(|| Error::NotStored { id: id.to_string() })?;
        let annotations = store
            .annotations(id)
            .map_err(Error::store(format!(
                "{id}: cannot read its names to place it"
            )))?
            .unwrap_or_default();
        let mut input = place_input(stored.fetched, &stored.article, &annotations);
        if time.is_some() {
            input.time = time;
        }
        Ok(self.place_as(id, &input))
    }

    /// Places the article `id` as `input` describes and names its original.
    fn place_as(&mut self, id: &DocId, input: &PlaceInput<'_>) -> (Placed, Option<DocId>) {
        let placed = self.placer.place(input);
        self.ids.push(id.clone());
        let original = placed
            .duplicate_of
            .and_then(|seq| self.ids.get(seq as usize).cloned());
        (placed, original)
    }
}

impl Pipeline {
    /// Runs every stage on one document, with no site memory and no store.
    pub fn analyze(&self, raw: RawDoc) -> Analysis {
        let article = tidings_clean::clean(&raw, &self.clean);
        let annotations = tidings_nlp::annotate(&article, &self.annotator);
        let facts = self.extract(&article, &annotations);
        Analysis {
            raw,
            article,
            annotations,
            facts,
        }
    }

    /// Cleans a batch deterministically: drafts in parallel, feeds the site
    /// memory in input order, then finishes in parallel. Documents already in
    /// `store` or already seen in this run are returned in `skipped` and never
    /// touch the memory.
    ///
    /// `store` is read only (to skip known documents and to load the memory of
    /// sites met for the first time); writing is the caller's business.
    pub fn process_batch(
        &self,
        batch: Vec<RawDoc>,
        state: &mut RunState,
        store: &dyn Store,
    ) -> BatchResult {
        let mut fresh = Vec::with_capacity(batch.len());
        let mut skipped = Vec::new();
        let mut errors = Vec::new();
        for raw in batch {
            if state.seen.contains(&raw.id) {
                skipped.push(raw.origin);
                continue;
            }
            match store.contains(&raw.id) {
                Ok(true) => {
                    state.seen.insert(raw.id.clone());
                    skipped.push(raw.origin);
                }
                Ok(false) => {
                    state.seen.insert(raw.id.clone());
                    fresh.push(raw);
                }
                Err(err) => errors.push((raw.origin, err.to_string())),
            }
        }

        BatchResult {
            processed: self.process_chosen(fresh, state, store),
            skipped,
            errors,
        }
    }

    /// Runs every stage on documents the caller chose to process, as
    /// [`Pipeline::process_batch`] does on the ones it keeps: none is
    /// skipped, whether stored or seen before (a caller that replaces a
    /// stored document by an earlier record of it decides that itself).
    /// Each is marked seen for later batches of the run.
    pub fn process_chosen(
        &self,
        fresh: Vec<RawDoc>,
        state: &mut RunState,
        store: &dyn Store,
    ) -> Vec<Processed> {
        for raw in &fresh {
            state.seen.insert(raw.id.clone());
        }
        let drafts = self.draft_all(&fresh, state, store);
        for draft in &drafts {
            if let Some(site) = draft.site_key() {
                state.memory.observe(site, draft.fingerprints());
            }
        }
        let memory = &state.memory;
        let mut processed: Vec<Processed> = fresh
            .into_par_iter()
            .zip(drafts.into_par_iter())
            .map(|(raw, draft)| {
                let site_key = draft.site_key().map(str::to_string);
                let fingerprints = draft.fingerprints().to_vec();
                let article = tidings_clean::finish(draft, memory, &self.clean);
                let annotations = tidings_nlp::annotate(&article, &self.annotator);
                let facts = self.extract(&article, &annotations);
                Processed {
                    raw,
                    article,
                    annotations,
                    facts,
                    site_key,
                    fingerprints,
                    placement: None,
                }
            })
            .collect();
        // Placing is sequential, in input order: stories do not depend on
        // the number of threads or the batch size.
        if let Some(placing) = state.placing.as_mut() {
            for item in &mut processed {
                let (placed, original) = placing.place(&item.raw, &item.article, &item.annotations);
                item.placement = Some(placing.placement(&placed, original.as_ref()));
            }
        }
        processed
    }
}

impl Pipeline {
    /// The extract stage on one annotated article.
    fn extract(&self, article: &Article, annotations: &Annotations) -> Facts {
        tidings_extract::extract(
            article,
            annotations,
            &self.extractor,
            self.annotator.gazetteer(),
        )
    }

    /// Drafts documents in parallel and loads, from the store, the memory of
    /// every site met for the first time in this run.
    fn draft_all(&self, raws: &[RawDoc], state: &mut RunState, store: &dyn Store) -> Vec<Draft> {
        let drafts: Vec<Draft> = raws
            .par_iter()
            .map(|raw| tidings_clean::draft(raw, &self.clean))
            .collect();
        for site in drafts.iter().filter_map(Draft::site_key) {
            if !state.memory.knows(site) {
                // Without the stored counts the memory starts empty for this
                // site: template removal is weaker, nothing is lost.
                let counts = store.site_blocks(site).unwrap_or_else(|err| {
                    eprintln!("tidings: warning: site memory for {site}: {err}");
                    Vec::new()
                });
                state.memory.load(site, &counts);
            }
        }
        drafts
    }

    /// Cleans stored documents again (after the code improved). The site
    /// memory comes from the store alone, whose counts already include these
    /// documents, so nothing is counted twice.
    pub fn reclean_batch(
        &self,
        raws: &[RawDoc],
        state: &mut RunState,
        store: &dyn Store,
    ) -> Vec<(Article, Annotations, Facts)> {
        let drafts = self.draft_all(raws, state, store);
        let memory = &state.memory;
        drafts
            .into_par_iter()
            .map(|draft| {
                let article = tidings_clean::finish(draft, memory, &self.clean);
                let annotations = tidings_nlp::annotate(&article, &self.annotator);
                let facts = self.extract(&article, &annotations);
                (article, annotations, facts)
            })
            .collect()
    }
}

/// What [`Pipeline::process_batch`] made of a batch.
pub struct BatchResult {
    /// Cleaned documents, in input order.
    pub processed: Vec<Processed>,
    /// Documents already stored or repeated within the run.
    pub skipped: Vec<Origin>,
    /// Documents the store could not check, with the reason.
    pub errors: Vec<(Origin, String)>,
}
