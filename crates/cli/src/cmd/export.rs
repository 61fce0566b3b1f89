//! `tidings export`: the store's rows for analysis tools, streamed to
//! standard output or, atomically, to a file.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget};
use tidings_engine::export::{self, ExportConfig, Format, What};
use tidings_store::DayRange;

use crate::DbArg;

/// Arguments of `tidings export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How rows are written: jsonl (one JSON object per line, the shapes of
    /// the commands' --json), csv (a header row, RFC 4180, lists joined with
    /// `;`), parquet (typed columns, one file; a build with the `parquet`
    /// feature), gdelt-events (GDELT 2.0 event table rows, 61 tab-separated
    /// columns) or gdelt-gkg (GDELT GKG 2.1 rows, 27 columns).
    #[arg(long, value_name = "FORMAT", value_parser = Format::parse)]
    pub format: Format,
    /// Which rows: articles, entities, events, quotes, figures or stories
    /// (default: events for gdelt-events, articles otherwise).
    #[arg(long, value_name = "ROWS", value_parser = What::parse)]
    pub what: Option<What>,
    /// Only rows on or after this day: an event's day, an article's (a
    /// quote's, a figure's) publication day, a story's last article.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::day)]
    pub since: Option<jiff::civil::Date>,
    /// Only rows on or before this day (as --since).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::day)]
    pub until: Option<jiff::civil::Date>,
    /// Events only: only those the coder is at least this sure of (0 to 1;
    /// 0 exports every event), as `tidings events` has it.
    #[arg(
        long,
        value_name = "P",
        default_value_t = tidings_engine::filters::DEFAULT_MIN_CONFIDENCE,
        value_parser = crate::args::confidence
    )]
    pub min_confidence: f32,
    /// Write to this file (through a temporary file beside it, renamed when
    /// complete) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
}

/// Runs `tidings export`.
pub fn run(args: Args) -> Result<ExitCode> {
    let days = DayRange {
        since: args.since,
        until: args.until,
    };
    let config = ExportConfig::new(args.format, args.what, days, Some(args.min_confidence))?;
    #[cfg(feature = "parquet")]
    if args.format == Format::Parquet && args.out.is_none() && io::stdout().is_terminal() {
        anyhow::bail!(
            "a Parquet file is binary: give --out PATH, or redirect standard output to a file"
        );
    }
    let store = tidings_engine::query::open_any_read_only(&args.db.db)
        .with_context(|| format!("cannot open the store in {}", args.db.name()))?;
    let progress = progress_bar(args.out.is_some());
    let mut tick = |rows: u64| {
        if rows % 256 == 0 {
            progress.set_position(rows);
        }
    };
    let rows = match &args.out {
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            export::export(&*store, &config, &mut out, &mut tick)?
        }
        Some(path) => write_atomically(path, |out| {
            Ok(export::export(&*store, &config, out, &mut tick)?)
        })?,
    };
    progress.finish_and_clear();
    if let Some(path) = &args.out {
        if io::stderr().is_terminal() {
            eprintln!("exported {rows} rows to {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A row counter on standard error when it is a terminal (and standard
/// output is not, or the rows go to a file), hidden otherwise.
fn progress_bar(to_file: bool) -> ProgressBar {
    if io::stderr().is_terminal() && (to_file || !io::stdout().is_terminal()) {
        let bar = ProgressBar::new_spinner();
        bar.set_message("rows exported");
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    }
}

/// Runs `write` on a temporary file beside `path` and renames it to `path`
/// when it succeeded; on failure the temporary file is removed and `path` is
/// left as it was.
fn write_atomically<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("--out {}: not a file name", path.display()))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let file =
            File::create(&temp).with_context(|| format!("cannot create {}", temp.display()))?;
        let mut out = BufWriter::new(file);
        let value = write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(|err| err.into_error())
            .with_context(|| format!("cannot write {}", temp.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", temp.display()))?;
        std::fs::rename(&temp, path)
            .with_context(|| format!("cannot rename {} to {}", temp.display(), path.display()))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}
