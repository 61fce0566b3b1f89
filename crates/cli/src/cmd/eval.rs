//! `tidings eval`: measure a stage on a labelled dataset, with the same
//! figures as the scorers in `shared/tools`.

use std::collections::BTreeMap;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::json;
use tidings_model::EntityKind;
use tidings_nlp::ner::{self, conll, Tagger};

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
    /// Event coding on PLOVER gold sentences (JSON lines with id and text):
    /// the same figures as shared/tools/score_events.py.
    Events(super::eval_events::EventsArgs),
}

/// Arguments of `tidings eval ner`.
#[derive(Debug, clap::Args)]
pub struct NerArgs {
    /// The gold standard: TOKEN<TAB>TAG lines, a blank line between sentences.
    #[arg(long, value_name = "FILE.conll")]
    pub data: PathBuf,
    /// Write the predictions here, in the same format and with the same tokens.
    #[arg(long, value_name = "PRED.conll")]
    pub out: Option<PathBuf>,
    /// Score only these types, comma-separated (e.g. PER,ORG,LOC); others are ignored.
    #[arg(long, value_name = "TYPES", value_delimiter = ',')]
    pub types: Vec<String>,
    /// Use this model file instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Tag this many consecutive sentences together as one document, with
    /// consistency across them (`Tagger::tag_document`); 1 tags each
    /// sentence alone. The files have no document breaks, so a window of
    /// neighbouring sentences stands in for the article.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub window: usize,
    /// Print one JSON object: precision, recall, f1, per_type, tokens,
    /// sentences, tokens_per_second.
    #[arg(long)]
    pub json: bool,
}

/// Runs `tidings eval`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.what {
        What::Ner(args) => eval_ner(args),
        What::Events(args) => super::eval_events::run(args),
    }
}

fn eval_ner(args: NerArgs) -> Result<ExitCode> {
    let mut types = Vec::new();
    for name in &args.types {
        let name = name.trim();
        match EntityKind::parse(name) {
            Some(kind) => types.push(kind.conll()),
            None => bail!("--types: unknown type {name:?}: use PER, ORG, LOC or MISC"),
        }
    }
    let tagger = match &args.model {
        Some(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("{}: cannot read the model", path.display()))?;
            Tagger::from_bytes(&bytes).with_context(|| format!("{}", path.display()))?
        }
        None => Tagger::bundled().context("the bundled NER model")?,
    };
    let gold = conll::read(&args.data)?;

    let mut tagging = Duration::ZERO;
    let mut tokens_total = 0usize;
    let mut predicted = Vec::with_capacity(gold.len());
    for block in gold.chunks(args.window.max(1)) {
        let sentences: Vec<Vec<&str>> = block
            .iter()
            .map(|sentence| sentence.iter().map(|(w, _)| w.as_str()).collect())
            .collect();
        let started = Instant::now();
        let tags = tagger.tag_document(&sentences);
        tagging += started.elapsed();
        for (sentence, tags) in block.iter().zip(tags) {
            tokens_total += sentence.len();
            predicted.push(
                sentence
                    .iter()
                    .zip(tags)
                    .map(|((w, _), tag)| (w.clone(), tag.to_string()))
                    .collect::<conll::Sentence>(),
            );
        }
    }
    let tokens_per_second = if tagging.as_secs_f64() > 0.0 {
        tokens_total as f64 / tagging.as_secs_f64()
    } else {
        0.0
    };
    if let Some(path) = &args.out {
        let file = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create the predictions file", path.display()))?;
        conll::write(BufWriter::new(file), &predicted)
            .with_context(|| format!("{}: cannot write the predictions", path.display()))?;
    }
    let keep = (!types.is_empty()).then_some(types.as_slice());
    let scores = ner::score(&gold, &predicted, keep)?;

    if args.json {
        let per_type: BTreeMap<&String, serde_json::Value> = scores
            .per_type
            .iter()
            .map(|(name, prf)| {
                let value = json!({
                    "precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
                    "gold": prf.gold, "predicted": prf.predicted, "correct": prf.correct,
                });
                (name, value)
            })
            .collect();
        let value = json!({
            "precision": scores.overall.precision,
            "recall": scores.overall.recall,
            "f1": scores.overall.f1,
            "per_type": per_type,
            "tokens": tokens_total,
            "sentences": gold.len(),
            "tokens_per_second": tokens_per_second.round(),
        });
        println!("{value}");
    } else {
        print!("{scores}");
        println!(
            "{} tokens in {} sentences, {:.0} tokens/second (tagging only, one thread)",
            tokens_total,
            gold.len(),
            tokens_per_second
        );
    }
    Ok(ExitCode::SUCCESS)
}
