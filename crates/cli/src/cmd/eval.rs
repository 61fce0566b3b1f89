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

/// The half (`'a'` or `'b'`) a record falls in, by a hash of its key (an
/// id, or a gold cluster so that a cluster is never split): the same split
/// for `eval events`, `eval clustering` and `eval extraction`.
pub(crate) fn half_of(key: &str) -> char {
    if xxhash_rust::xxh3::xxh3_64(key.as_bytes()) & 1 == 0 {
        'a'
    } else {
        'b'
    }
}

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
    /// Story or storyline clustering on labelled news (JSON lines with id,
    /// date, title, text, cluster): the same figures as
    /// shared/tools/score_clustering.py.
    Clustering(Box<super::eval_clustering::ClusteringArgs>),
    /// Main-content extraction on labelled HTML pages (DIR/truth.jsonl and
    /// DIR/html/<id>.html): the same figures as
    /// shared/tools/score_extraction.py, title accuracy and pages/second.
    Extraction(super::eval_extraction::ExtractionArgs),
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
    /// Score only one half of the file: `a` to read errors and tune on,
    /// `b` to check that a change holds on text it was not tuned on. The
    /// file is cut into units of 20 consecutive sentences (the files have no
    /// document breaks) and each unit falls in a half by a hash of its words.
    /// Without this flag both halves are scored and reported besides the whole.
    #[arg(long, value_name = "a|b", value_parser = ["a", "b"])]
    pub half: Option<String>,
    /// Print one JSON object: precision, recall, f1, per_type, tokens,
    /// sentences, tokens_per_second, and `halves` ({a, b}: precision,
    /// recall, f1, sentences).
    #[arg(long)]
    pub json: bool,
}

/// Sentences per unit when a file is split into halves.
const HALF_UNIT: usize = 20;

/// The half (`'a'` or `'b'`) of each sentence of `gold`: units of
/// [`HALF_UNIT`] consecutive sentences, each placed by a hash of its words,
/// so a half is the same whatever the window or the model.
fn halves(gold: &[conll::Sentence]) -> Vec<char> {
    let mut out = Vec::with_capacity(gold.len());
    for unit in gold.chunks(HALF_UNIT) {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (word, _) in unit.iter().flatten() {
            hasher.update(word.as_bytes());
            hasher.update(b" ");
        }
        let half = if hasher.digest() & 1 == 0 { 'a' } else { 'b' };
        out.extend(std::iter::repeat_n(half, unit.len()));
    }
    out
}

/// Runs `tidings eval`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.what {
        What::Ner(args) => eval_ner(args),
        What::Events(args) => super::eval_events::run(args),
        What::Clustering(args) => super::eval_clustering::run(*args),
        What::Extraction(args) => super::eval_extraction::run(args),
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
    let mut gold = conll::read(&args.data)?;
    let mut half = halves(&gold);
    if let Some(only) = args.half.as_deref().and_then(|h| h.chars().next()) {
        let mut kept = half.iter().map(|&h| h == only);
        gold.retain(|_| kept.next().unwrap_or(false));
        half.retain(|&h| h == only);
    }

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
    let mut by_half = Vec::new();
    for which in ['a', 'b'] {
        let pick = |sentences: &[conll::Sentence]| -> Vec<conll::Sentence> {
            sentences
                .iter()
                .zip(&half)
                .filter(|(_, &h)| h == which)
                .map(|(s, _)| s.clone())
                .collect()
        };
        let gold_half = pick(&gold);
        if gold_half.is_empty() {
            continue;
        }
        let half_scores = ner::score(&gold_half, &pick(&predicted), keep)?;
        by_half.push((which, gold_half.len(), half_scores.overall));
    }

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
            "halves": by_half
                .iter()
                .map(|(which, sentences, prf)| {
                    (which.to_string(), json!({
                        "precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
                        "sentences": sentences,
                    }))
                })
                .collect::<BTreeMap<String, serde_json::Value>>(),
        });
        println!("{value}");
    } else {
        print!("{scores}");
        for (which, sentences, prf) in &by_half {
            println!(
                "half {which} ({sentences} sentences): precision {:.4}, recall {:.4}, F1 {:.4}",
                prf.precision, prf.recall, prf.f1
            );
        }
        println!(
            "{} tokens in {} sentences, {:.0} tokens/second (tagging only, one thread)",
            tokens_total,
            gold.len(),
            tokens_per_second
        );
    }
    Ok(ExitCode::SUCCESS)
}
