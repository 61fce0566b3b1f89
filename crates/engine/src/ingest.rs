//! Ingest from memory: documents read from bytes (an upload) go through the
//! same pipeline as `tidings ingest` and are stored in one transaction per
//! batch, placed in stories as the store's clusterer state says. The CLI's
//! `ingest` streams files with a reader and a writer thread of its own; this
//! is the simple, sequential path for one request's worth of documents.

use serde::Serialize;
use tidings_model::RawDoc;
use tidings_store::{PutOutcome, Store};

use crate::error::{Error, Result};
use crate::pipeline::{Pipeline, RunState};

/// Documents cleaned and written per transaction.
const BATCH: usize = 64;

/// What became of the documents of one ingest.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestReport {
    /// Ids of the articles stored for the first time.
    pub new: Vec<String>,
    /// Documents already stored (or repeated within the input).
    pub present: u64,
    /// Records passed over on purpose (a WARC response that is not HTML), with why.
    pub skipped: Vec<String>,
    /// Records kept despite damage, with what was lost.
    pub warnings: Vec<String>,
    /// Records that could not be read or stored, with why.
    pub failed: Vec<String>,
}

/// Runs `records` (as `tidings_ingest::read_bytes` yields them) through the
/// pipeline into `store`, placing each new article in a story and saving
/// the clusterer's state when every placement was stored. A record that
/// cannot be read is reported in [`IngestReport::failed`] and the rest go
/// on; a store that cannot be written is an error.
pub fn ingest_records<S: Store>(
    pipeline: &Pipeline,
    store: &mut S,
    records: impl Iterator<Item = tidings_ingest::Result<RawDoc>>,
) -> Result<IngestReport> {
    let mut state = RunState::placing(pipeline.resume_placing(&*store)?);
    let mut report = IngestReport::default();
    let mut batch = Vec::with_capacity(BATCH);
    for record in records {
        match record {
            Ok(raw) => batch.push(raw),
            Err(err) if err.is_skip() => report.skipped.push(err.to_string()),
            Err(err) if err.is_warning() => report.warnings.push(err.to_string()),
            Err(err) => report.failed.push(err.to_string()),
        }
        if batch.len() >= BATCH {
            store_batch(
                pipeline,
                store,
                std::mem::take(&mut batch),
                &mut state,
                &mut report,
            )?;
        }
    }
    if !batch.is_empty() {
        store_batch(pipeline, store, batch, &mut state, &mut report)?;
    }
    if let Some(placing) = state.placing_state() {
        let next = store
            .next_seq()
            .map_err(Error::store("cannot read the stored placements"))?;
        if let Some(snapshot) = placing.snapshot(next) {
            store
                .save_dedup_snapshot(&snapshot)
                .map_err(Error::store("cannot save the dedup snapshot"))?;
        }
    }
    Ok(report)
}

/// Cleans one batch and stores it in one transaction.
fn store_batch<S: Store>(
    pipeline: &Pipeline,
    store: &mut S,
    batch: Vec<RawDoc>,
    state: &mut RunState,
    report: &mut IngestReport,
) -> Result<()> {
    let result = pipeline.process_batch(batch, state, &*store);
    report.present += result.skipped.len() as u64;
    for (origin, reason) in result.errors {
        report.failed.push(format!("{origin}: {reason}"));
    }
    let puts: Vec<_> = result.processed.iter().map(|item| item.as_put()).collect();
    let outcomes = store
        .put_batch(&puts)
        .map_err(Error::store("cannot store the documents"))?;
    for (item, outcome) in result.processed.iter().zip(outcomes) {
        match outcome {
            PutOutcome::New => report.new.push(item.raw.id.to_string()),
            PutOutcome::AlreadyPresent => report.present += 1,
        }
    }
    Ok(())
}
