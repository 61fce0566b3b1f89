//! `tidings formats`: the input formats, from the ingest crate's one list.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

/// Runs `tidings formats`.
pub fn run() -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    for format in tidings_ingest::format::ALL {
        writeln!(
            out,
            "{:<6} {:<24} {}",
            format.name(),
            format.extensions().join(", "),
            format.describe()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
