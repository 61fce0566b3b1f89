//! `tidings show`: one stored article and its audit trail.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use tidings_engine::query;
use tidings_engine::view::ArticleView;

use crate::output;
use crate::DbArg;

/// Arguments of `tidings show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article id, or a unique prefix of at least 6 hex digits.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print the article as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Runs `tidings show`.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = query::open_any(&args.db.db)
        .with_context(|| format!("cannot open the store in {}", args.db.name()))?;
    let Some(record) = query::article(&*store, &args.id)? else {
        anyhow::bail!(
            "no article with id {:?} in {}: `tidings search` lists ids",
            args.id,
            args.db.name()
        );
    };
    let query::ArticleRecord {
        stored,
        annotations,
        facts,
        placement,
        ..
    } = record;
    let mut stdout = io::stdout().lock();
    if args.json {
        output::json_line(
            &mut stdout,
            &ArticleView::new(&stored, &annotations, &facts, placement.as_ref()),
        )?;
    } else {
        output::write_article(&mut stdout, &stored.article, &stored.origin)?;
        if let Some(placement) = &placement {
            let mut line = format!("story {}", placement.story);
            if let Some(storyline) = placement.storyline {
                line.push_str(&format!(", storyline {storyline}"));
            }
            if let Some(original) = &placement.duplicate_of {
                line.push_str(&format!(
                    "; copy of {original} (similarity {:.2})",
                    placement.similarity.unwrap_or(1.0)
                ));
            }
            writeln!(stdout, "{line}")?;
        }
        output::write_entities(&mut stdout, &annotations)?;
        output::write_facts(&mut stdout, &stored.article, &annotations, &facts)?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
