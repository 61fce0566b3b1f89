//! `tidings serve`: the JSON API over a store (see `tidings_server`).

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use tidings_server::ServerConfig;

use crate::DbArg;

/// Arguments of `tidings serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to listen on. Anything but a loopback address makes the
    /// store readable from other machines (a warning says so).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Accept documents at POST /api/ingest (needs --token); the store is
    /// then opened for writing too.
    #[arg(long, requires = "token")]
    pub allow_ingest: bool,
    /// The token POST /api/ingest requires as `Authorization: Bearer TOKEN`.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "TIDINGS_TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Search answers kept for asking again (0: none, every search asks the
    /// store: what a benchmark of the store itself wants).
    #[arg(long, value_name = "N", default_value_t = tidings_server::Limits::default().search_cache)]
    pub search_cache: usize,
    /// Megabytes of search postings kept in memory (0: none, FTS5 ranks
    /// every search). A query of whole words is ranked over postings read
    /// once from the index: the same hits, in about a millisecond for a word
    /// in most articles instead of a tenth of a second. The least recently
    /// used words are let go when full; any write to the store starts it
    /// afresh.
    #[arg(long, value_name = "MB", default_value_t = tidings_server::Limits::default().search_memory >> 20)]
    pub search_memory: usize,
    #[command(flatten)]
    pub db: DbArg,
}

/// Runs `tidings serve` until the process is stopped.
pub fn run(args: Args) -> Result<ExitCode> {
    let ingest_token = match (args.allow_ingest, args.token) {
        (true, Some(token)) if token.len() < 16 => {
            bail!("--token is too short: give at least 16 characters")
        }
        (true, token) => token,
        (false, _) => None,
    };
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "tidings: warning: listening on {}, not a loopback address: other machines can read the store{}",
            args.addr,
            if ingest_token.is_some() {
                " and, with the token, add to it"
            } else {
                ""
            }
        );
    }
    // The server keeps SQLite connections; a URL must not become a directory.
    tidings_engine::query::sqlite_only(&args.db.db)?;
    let mut config = ServerConfig {
        addr: args.addr,
        ingest_token,
        ..ServerConfig::new(args.db.db.clone())
    };
    config.limits.search_cache = args.search_cache;
    config.limits.search_memory = args.search_memory.saturating_mul(1 << 20);
    let dir = args.db.db.display().to_string();
    tidings_server::serve(config, |addr| {
        eprintln!("tidings: serving {dir} at http://{addr}/api/ (stop with Ctrl-C)");
    })
    .with_context(|| format!("cannot serve the store in {dir}"))?;
    Ok(ExitCode::SUCCESS)
}
