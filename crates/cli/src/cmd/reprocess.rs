//! `tidings reprocess`: rebuild every article from the stored raw bytes.
//!
//! Raw bytes are kept so that an improved cleaner can be applied to the whole
//! archive without the original files: each document is decoded again,
//! cleaned again, and its article and index entry replaced in one transaction
//! per batch.

use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget};
use tidings_store::{Put, Store};

use crate::DbArg;
use tidings_engine::{Pipeline, RunState};

/// Arguments of `tidings reprocess`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub db: DbArg,
    /// Documents cleaned and replaced together in one transaction.
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub batch: usize,
}

/// Runs `tidings reprocess`.
pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let dir = &args.db.db;
    let mut store = tidings_engine::query::open(dir)
        .with_context(|| format!("cannot open the store in {}", dir.display()))?;
    let reader = tidings_engine::query::open(dir)
        .with_context(|| format!("cannot open the store in {}", dir.display()))?;
    let ids = store.ids()?;
    let progress = if io::stderr().is_terminal() {
        ProgressBar::new(ids.len() as u64)
    } else {
        ProgressBar::with_draw_target(Some(ids.len() as u64), ProgressDrawTarget::hidden())
    };
    let pipeline = Pipeline::new()?;
    let mut state = RunState::default();
    let mut done = 0u64;
    for chunk in ids.chunks(args.batch.max(1)) {
        let mut raws = Vec::with_capacity(chunk.len());
        for id in chunk {
            let Some(mut raw) = reader.raw(id)? else {
                continue;
            };
            let (text, encoding) = tidings_ingest::decode(&raw.bytes, raw.hints.charset.as_deref());
            raw.text = text;
            raw.encoding = encoding.to_string();
            raws.push(raw);
        }
        let cleaned = pipeline.reclean_batch(&raws, &mut state, &reader);
        let puts: Vec<Put<'_>> = raws
            .iter()
            .zip(&cleaned)
            .map(|(raw, (article, annotations, facts))| Put {
                raw,
                article,
                site_key: None,
                fingerprints: &[],
                annotations,
                facts,
                placement: None,
            })
            .collect();
        store
            .replace_articles(&puts)
            .context("cannot replace the articles of a batch")?;
        done += puts.len() as u64;
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    println!(
        "reprocessed {} in {:.1}s ({})",
        crate::output::count(done, "document", "documents"),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
