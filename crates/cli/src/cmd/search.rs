//! `tidings search`: ranked full-text hits with snippets.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::output;
use crate::DbArg;

/// Arguments of `tidings search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query: words (all must match), "quoted phrases", OR, NOT, prefix*.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Most hits to return.
    #[arg(
        long,
        short = 'n',
        default_value_t = 10,
        value_name = "N",
        value_parser = crate::args::limit
    )]
    pub limit: usize,
    /// One JSON object per hit (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Runs `tidings search`.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = tidings_engine::query::open_any(&args.db.db)
        .with_context(|| format!("cannot open the store in {}", args.db.name()))?;
    let query = args.query.join(" ");
    let (hits, total) = tidings_engine::query::search_counted(store.as_ref(), &query, args.limit)
        .with_context(|| format!("search for {query:?} failed"))?;
    let mut stdout = io::stdout().lock();
    if args.json {
        for hit in &hits {
            output::json_line(&mut stdout, hit)?;
        }
    } else if hits.is_empty() {
        writeln!(stdout, "no articles match {query:?}")?;
    } else {
        for (rank, hit) in hits.iter().enumerate() {
            let mut about = Vec::new();
            if let Some(site) = &hit.site {
                about.push(site.clone());
            }
            if let Some(published) = hit.published {
                about.push(published.to_string());
            }
            if let Some(lang) = &hit.lang {
                about.push(lang.clone());
            }
            writeln!(
                stdout,
                "{:>2}. {}  [{}]",
                rank + 1,
                hit.title.as_deref().unwrap_or("(untitled)"),
                about.join(", ")
            )?;
            writeln!(
                stdout,
                "    id {}  score {:.2}",
                &hit.id.as_str()[..12],
                hit.score
            )?;
            writeln!(stdout, "    {}", output::shorten(&hit.snippet, 200))?;
        }
        output::write_cut(&mut stdout, hits.len(), total)?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
