//! `tidings analyze`: the whole pipeline on one file, nothing stored.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tidings_ingest::IngestConfig;
use tidings_model::{Origin, Published};

use crate::output::{self, AnalysisJson};
use tidings_engine::Pipeline;

/// Arguments of `tidings analyze`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to analyze (text, HTML, JSONL or WARC; sniffed from the
    /// content); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Publication date for documents that carry none.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Published>,
    /// Site name for documents without a URL.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// One JSON object per document (JSON lines) instead of a readable report.
    #[arg(long)]
    pub json: bool,
}

/// Runs `tidings analyze`.
pub fn run(args: Args) -> Result<ExitCode> {
    let config = IngestConfig {
        date: args.date,
        source: args.source,
        ..IngestConfig::default()
    };
    let pipeline = Pipeline::new()?;
    let mut placing = pipeline.placing()?;
    let mut stdout = io::stdout().lock();
    let mut failed = false;
    let mut documents = 0usize;
    let records = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        let origin = Origin {
            path: Some("<stdin>".into()),
            ..Origin::default()
        };
        tidings_ingest::read_bytes(bytes, origin, &config)
    } else {
        tidings_ingest::read_path(&args.file, &config)
    };
    for record in records {
        let raw = match record {
            Ok(raw) => raw,
            Err(err) if err.is_skip() => {
                stdout.flush()?;
                eprintln!("tidings: note: {err}");
                continue;
            }
            Err(err) => {
                failed = true;
                stdout.flush()?;
                eprintln!("tidings: {err}");
                continue;
            }
        };
        let analysis = pipeline.analyze(raw);
        // Stories within this file: the documents in their order.
        let (placed, original) =
            placing.place(&analysis.raw, &analysis.article, &analysis.annotations);
        if args.json {
            output::json_line(
                &mut stdout,
                &AnalysisJson::new(
                    &analysis.raw,
                    &analysis.article,
                    &analysis.annotations,
                    &analysis.facts,
                )
                .placed(
                    placed.story,
                    placed.storyline,
                    original.as_ref(),
                    placed.similarity,
                ),
            )?;
        } else {
            if documents > 0 {
                writeln!(stdout, "\n{}\n", "-".repeat(72))?;
            }
            output::write_article(&mut stdout, &analysis.article, &analysis.raw.origin)?;
            output::write_entities(&mut stdout, &analysis.annotations)?;
            output::write_facts(
                &mut stdout,
                &analysis.article,
                &analysis.annotations,
                &analysis.facts,
            )?;
        }
        documents += 1;
    }
    stdout.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
