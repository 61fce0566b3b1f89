//! `tidings eval`: measure a stage on a labelled dataset, with the same
//! figures as the scorers in `shared/tools`.

use std::process::ExitCode;

use anyhow::Result;

/// Arguments of `tidings eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What `tidings eval` can measure.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Named-entity recognition on a CoNLL file (TOKEN<TAB>TAG, IOB2).
    Ner(NerArgs),
}

/// Arguments of `tidings eval ner`.
#[derive(Debug, clap::Args)]
pub struct NerArgs {}

/// Runs `tidings eval`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.what {
        What::Ner(_) => anyhow::bail!("tidings eval ner is being built"),
    }
}
