//! `tidings bench`: ingest throughput on a corpus repeated to N documents.
//!
//! Every document of the corpus (each JSONL and WARC record included) is
//! written out as its own file, N in all, each copy made unique by an
//! invisible suffix (an HTML comment, or trailing spaces for text) so that
//! none is skipped as already stored. Then the real `ingest` runs on that
//! folder into a fresh store: reading, sniffing, decoding, cleaning, and
//! committing with the full-text index. Speed is reported, never asserted.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tidings_ingest::IngestConfig;
use tidings_model::MediaType;

use crate::cmd::ingest::{ingest, IngestOptions};
use crate::pipeline::Pipeline;

/// Arguments of `tidings bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The corpus to repeat.
    #[arg(long, value_name = "DIR", default_value = "examples/corpus")]
    pub corpus: PathBuf,
    /// Documents to ingest in all.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub docs: usize,
    /// Cleaning threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Work directory (default: a new folder under the system temp dir, removed afterwards).
    #[arg(long, value_name = "DIR")]
    pub work: Option<PathBuf>,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct BenchResult {
    corpus: String,
    distinct_documents: usize,
    documents: u64,
    threads: usize,
    seconds: f64,
    docs_per_second: f64,
    megabytes: f64,
    megabytes_per_second: f64,
}

/// Runs `tidings bench`.
pub fn run(args: Args) -> Result<ExitCode> {
    let config = IngestConfig::default();
    let discovery = tidings_ingest::discover(std::slice::from_ref(&args.corpus));
    let mut seeds = Vec::new();
    for path in &discovery.files {
        for raw in tidings_ingest::read_path(path, &config).flatten() {
            seeds.push(raw);
        }
    }
    if seeds.is_empty() {
        bail!(
            "no documents in {}: pass --corpus pointing at a folder of news files (e.g. examples/corpus)",
            args.corpus.display()
        );
    }

    let (work, remove_after) = match &args.work {
        Some(dir) => (dir.clone(), false),
        None => (
            std::env::temp_dir().join(format!("tidings-bench-{}", std::process::id())),
            true,
        ),
    };
    let input = work.join("input");
    let db = work.join("db");
    if db.exists() {
        fs::remove_dir_all(&db).with_context(|| format!("cannot clear {}", db.display()))?;
    }
    fs::create_dir_all(&input).with_context(|| format!("cannot create {}", input.display()))?;
    let mut bytes = 0u64;
    for n in 0..args.docs {
        let raw = &seeds[n % seeds.len()];
        let copy = n / seeds.len();
        let (mut body, ext) = (raw.bytes.clone(), raw.media_type);
        let name = match ext {
            MediaType::Html => {
                body.extend_from_slice(format!("\n<!-- bench copy {copy} -->\n").as_bytes());
                format!("{n:06}.html")
            }
            MediaType::Text => {
                // Trailing spaces change the bytes (and so the id), not the text.
                body.extend(std::iter::repeat_n(b' ', copy + 1));
                format!("{n:06}.txt")
            }
        };
        bytes += body.len() as u64;
        fs::write(input.join(name), body)
            .with_context(|| format!("cannot write into {}", input.display()))?;
    }

    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = IngestOptions {
        ingest: config,
        batch: 256,
        threads: Some(threads),
        json: false,
        quiet: true,
    };
    let summary = ingest(
        std::slice::from_ref(&input),
        &db,
        &Pipeline::new()?,
        &options,
    )?;
    if remove_after {
        let _ = fs::remove_dir_all(&work);
    }
    let megabytes = bytes as f64 / 1e6;
    let result = BenchResult {
        corpus: args.corpus.display().to_string(),
        distinct_documents: seeds.len(),
        documents: summary.new,
        threads,
        seconds: summary.seconds,
        docs_per_second: summary.new as f64 / summary.seconds.max(1e-9),
        megabytes,
        megabytes_per_second: megabytes / summary.seconds.max(1e-9),
    };
    let mut out = io::stdout().lock();
    if args.json {
        crate::output::json_line(&mut out, &result)?;
    } else {
        writeln!(
            out,
            "ingested {} documents ({} distinct, {:.1} MB) in {:.2}s with {} threads: {:.0} docs/s, {:.1} MB/s",
            result.documents,
            result.distinct_documents,
            result.megabytes,
            result.seconds,
            result.threads,
            result.docs_per_second,
            result.megabytes_per_second
        )?;
    }
    if summary.failed > 0 || summary.new != args.docs as u64 {
        eprintln!(
            "tidings: warning: {} of {} documents stored, {} failed",
            summary.new, args.docs, summary.failed
        );
    }
    Ok(ExitCode::SUCCESS)
}
