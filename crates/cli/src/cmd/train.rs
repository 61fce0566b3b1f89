//! `tidings train`: rebuild the project's models from named datasets.

use std::process::ExitCode;

use anyhow::Result;

/// Arguments of `tidings train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// The models `tidings train` can rebuild.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Train the named-entity tagger (see crates/nlp/models/README.md).
    Ner(NerArgs),
}

/// Arguments of `tidings train ner`.
#[derive(Debug, clap::Args)]
pub struct NerArgs {}

/// Runs `tidings train`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.what {
        What::Ner(_) => anyhow::bail!("tidings train ner is being built"),
    }
}
