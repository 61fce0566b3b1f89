//! `tidings stats`: what the store holds.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::output;
use crate::DbArg;

/// Arguments of `tidings stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the counts as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Runs `tidings stats`.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = tidings_engine::query::open_any(&args.db.db)
        .with_context(|| format!("cannot open the store in {}", args.db.name()))?;
    let stats = store.stats()?;
    let mut out = io::stdout().lock();
    if args.json {
        output::json_line(&mut out, &stats)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "documents:       {}", stats.documents)?;
    writeln!(out, "articles:        {}", stats.articles)?;
    writeln!(out, "paragraphs:      {}", stats.paragraphs)?;
    writeln!(out, "entities:        {}", stats.entities)?;
    writeln!(out, "mentions:        {}", stats.mentions)?;
    writeln!(
        out,
        "events:          {} ({})",
        stats.events,
        output::count(stats.event_mentions, "mention", "mentions")
    )?;
    writeln!(out, "quotes:          {}", stats.quotes)?;
    writeln!(out, "figures:         {}", stats.figures)?;
    writeln!(
        out,
        "stories:         {} ({}, {})",
        stats.stories,
        output::count(stats.storylines, "storyline", "storylines"),
        output::count(stats.duplicates, "copy", "copies")
    )?;
    writeln!(out, "removed blocks:  {}", stats.removed_blocks)?;
    for (reason, count) in &stats.removed_by_reason {
        writeln!(out, "  {reason:<14} {count}")?;
    }
    if !stats.languages.is_empty() {
        writeln!(out, "languages:")?;
    }
    for (lang, count) in &stats.languages {
        writeln!(out, "  {lang:<14} {count}")?;
    }
    if !stats.sites.is_empty() {
        writeln!(out, "sites:")?;
    }
    for (site, count) in &stats.sites {
        writeln!(out, "  {site:<30} {count}")?;
    }
    writeln!(
        out,
        "raw bytes:       {} ({} compressed)",
        stats.raw_bytes, stats.compressed_bytes
    )?;
    writeln!(out, "database bytes:  {}", stats.database_bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
