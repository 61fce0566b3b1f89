//! `tidings dict`: rebuild the tables derived from outside dictionaries.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tidings_extract::events::petrarch::{self, Sources, SOURCE_FILES};

/// Arguments of `tidings dict`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What `tidings dict` can do.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Convert the PETRARCH2 verb and Phoenix actor dictionaries into the
    /// coder's tables (verbs.txt, forms.tsv, actors.tsv, agents.tsv) and
    /// print how many entries were converted and skipped, by reason. The
    /// output depends only on the input: a rerun writes the same bytes.
    Convert(ConvertArgs),
}

/// Arguments of `tidings dict convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The folder with CAMEO.2.0.txt and the Phoenix.*.txt files
    /// (shared/reference/petrarch2).
    #[arg(long, value_name = "DIR")]
    pub from: PathBuf,
    /// Where to write the tables.
    #[arg(
        long,
        value_name = "DIR",
        default_value = "crates/extract/data/petrarch"
    )]
    pub out: PathBuf,
}

/// Runs `tidings dict`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.what {
        What::Convert(args) => convert(&args),
    }
}

fn convert(args: &ConvertArgs) -> Result<ExitCode> {
    let mut texts = Vec::new();
    for name in SOURCE_FILES {
        let path = args.from.join(name);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        texts.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    let sources = Sources {
        verbs: &texts[0],
        countries: &texts[1],
        international: &texts[2],
        nonstate: &texts[3],
        agents: &texts[4],
    };
    let conversion = petrarch::convert(&sources)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for (name, text) in &conversion.files {
        let path = args.out.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {} ({} bytes)", path.display(), text.len());
    }
    for (what, n) in &conversion.counts {
        println!("{n:>7}  {what}");
    }
    Ok(ExitCode::SUCCESS)
}
