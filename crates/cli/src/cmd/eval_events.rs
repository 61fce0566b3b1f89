//! `tidings eval events`: event coding on PLOVER gold sentences, with the
//! same figures as `shared/tools/score_events.py`, plus speed.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::json;
use tidings_extract::events::{score, EventCoder};
use tidings_model::{Article, DocId, Span};
use tidings_nlp::Annotator;

/// How many times each sentence is coded for the speed figure.
const TIMING_ROUNDS: u32 = 5;

/// Arguments of `tidings eval events`.
#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// The gold standard: JSONL with `id`, `text`, `code`, `source_actors`,
    /// `target_actors`, `reciprocal` (e.g. shared/eval/events/plover_gsr_dev.jsonl).
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// Write the predictions here: one `{id, code, source, target}` per line.
    #[arg(long, value_name = "PRED.jsonl")]
    pub out: Option<PathBuf>,
    /// Print one JSON object: the scores, sentences and sentences_per_second.
    #[arg(long)]
    pub json: bool,
}

/// Runs `tidings eval events`: each sentence becomes an article (English,
/// no date), is annotated and coded, and its most confident event is the
/// prediction. Speed counts the extract stage only (annotation excluded),
/// on one thread.
pub fn run(args: EventsArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.data).with_context(|| {
        format!(
            "{}: cannot read the gold standard (pass --data pointing at shared/eval/events/plover_gsr_dev.jsonl)",
            args.data.display()
        )
    })?;
    let gold = score::parse_gold(&text).with_context(|| args.data.display().to_string())?;
    let annotator = Annotator::bundled().context("the bundled language models")?;
    let coder = EventCoder::bundled().context("the bundled event patterns")?;

    let mut coding = Duration::ZERO;
    let mut sentences = 0usize;
    let mut predictions = Vec::with_capacity(gold.len());
    for record in &gold {
        let article = sentence_article(&record.text);
        let annotations = tidings_nlp::annotate(&article, &annotator);
        sentences += annotations.sentences.len();
        // Coding one sentence takes microseconds: it is timed over a few
        // rounds so that the figure is not clock noise.
        let started = Instant::now();
        let events = coder.code(&article, &annotations, annotator.gazetteer());
        for _ in 1..TIMING_ROUNDS {
            std::hint::black_box(coder.code(&article, &annotations, annotator.gazetteer()));
        }
        coding += started.elapsed() / TIMING_ROUNDS;
        predictions.push(score::predict(&record.id, &events));
    }
    if let Some(path) = &args.out {
        let file = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create the predictions file", path.display()))?;
        let mut out = BufWriter::new(file);
        for prediction in &predictions {
            serde_json::to_writer(&mut out, prediction)
                .with_context(|| format!("{}: cannot write the predictions", path.display()))?;
            out.write_all(b"\n")
                .with_context(|| format!("{}: cannot write the predictions", path.display()))?;
        }
        out.flush()
            .with_context(|| format!("{}: cannot write the predictions", path.display()))?;
    }
    let scores = score::score(&gold, &predictions);
    let per_second = if coding.as_secs_f64() > 0.0 {
        sentences as f64 / coding.as_secs_f64()
    } else {
        0.0
    };
    if args.json {
        let value = json!({
            "sentences": scores.sentences,
            "type_accuracy": scores.type_accuracy,
            "macro_f1": scores.macro_f1,
            "source_right": scores.source_right,
            "target_right": scores.target_right,
            "fully_right": scores.fully_right,
            "sentences_per_second": per_second.round(),
        });
        println!("{value}");
    } else {
        print!("{scores}");
        println!(
            "{sentences} sentences coded at {per_second:.0} sentences/second (event coding only, one thread)"
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// An English article whose body is one sentence, with no date.
fn sentence_article(text: &str) -> Article {
    Article {
        id: DocId::of_bytes(text.as_bytes()),
        title: None,
        lede: None,
        lang: Some("en".to_string()),
        published: None,
        site: None,
        url: None,
        authors: Vec::new(),
        text: text.to_string(),
        paragraphs: vec![Span::new(0, text.len())],
        removed: Vec::new(),
    }
}
