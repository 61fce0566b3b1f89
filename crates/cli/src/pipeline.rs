//! The pipeline: the only place where the stages are strung together.
//!
//! A stage added later (dedup, nlp, extract) is wired here, once: into
//! [`Pipeline::analyze`] for single documents and into [`Pipeline::process_batch`]
//! for batches. Commands never call stage crates directly for processing.

use std::collections::HashSet;

use rayon::prelude::*;
use tidings_clean::{CleanConfig, Draft, SiteMemory};
use tidings_extract::Extractor;
use tidings_model::{Annotations, Article, DocId, Facts, Origin, RawDoc};
use tidings_nlp::Annotator;
use tidings_store::{Put, Store};

/// Everything the pipeline knows about one document. Later stages add fields
/// here and to [`crate::output::AnalysisJson`].
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
}

impl Pipeline {
    /// The pipeline with default settings and the bundled models.
    pub fn new() -> anyhow::Result<Pipeline> {
        Ok(Pipeline {
            clean: CleanConfig::default(),
            annotator: Annotator::bundled()
                .map_err(|err| anyhow::anyhow!("cannot load the bundled language models: {err}"))?,
            extractor: Extractor::bundled()
                .map_err(|err| anyhow::anyhow!("cannot load the bundled event patterns: {err}"))?,
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
            placement: None,
        }
    }
}

/// The site memory of a run: what was loaded from the store plus what the run
/// has seen, and the ids already handled so a document is never counted twice.
#[derive(Default)]
pub struct RunState {
    memory: SiteMemory,
    seen: HashSet<DocId>,
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

        let drafts = self.draft_all(&fresh, state, store);
        for draft in &drafts {
            if let Some(site) = draft.site_key() {
                state.memory.observe(site, draft.fingerprints());
            }
        }
        let memory = &state.memory;
        let processed: Vec<Processed> = fresh
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
                }
            })
            .collect();
        BatchResult {
            processed,
            skipped,
            errors,
        }
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
