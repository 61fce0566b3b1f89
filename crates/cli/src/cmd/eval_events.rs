//! `tidings eval events`: event coding on PLOVER gold sentences, with the
//! same figures as `shared/tools/score_events.py`, plus speed.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::json;
use tidings_extract::events::{case, score, signals, EventCoder};
use tidings_model::{Article, DocId, Span};
use tidings_nlp::Annotator;

use super::eval::half_of;

/// How many times each sentence is coded for the speed figure.
const TIMING_ROUNDS: u32 = 5;

/// Arguments of `tidings eval events`.
#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// The gold standard: PLOVER sentences (JSONL with `id`, `text`,
    /// `code`, `source_actors`, `target_actors`, `reciprocal`, e.g.
    /// shared/eval/events/plover_gsr_dev.jsonl) or CASE 2021 snippets
    /// (`id`, `text`, `subtype`, `ok_roots`, `no_event`, e.g.
    /// shared/eval/events/case2021_dev.jsonl), or articles (`id`, `text`,
    /// e.g. shared/eval/clustering/duc0607_dev.jsonl: every coded event is
    /// written with `--out`, and judged with `--labels`); the format is told
    /// by the first line.
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// Write the predictions here: `{id, code, source, target}` per PLOVER
    /// sentence, or `{id, events: [{cameo, plover, source, target}]}` per
    /// CASE snippet.
    #[arg(long, value_name = "PRED.jsonl")]
    pub out: Option<PathBuf>,
    /// Score one half of the file only (`a` to read errors and tune on, `b`
    /// to check on); records fall in a half by a hash of their id. Without
    /// it, both halves are scored besides the whole.
    #[arg(long, value_name = "a|b", value_parser = ["a", "b"])]
    pub half: Option<String>,
    /// Score CASE snippets on the events at or above this confidence, as
    /// `tidings events` shows them (the figures for every event are printed
    /// too). PLOVER sentences are always scored on their most salient
    /// event.
    #[arg(
        long,
        value_name = "P",
        default_value_t = signals::DEFAULT_MIN_CONFIDENCE,
        value_parser = crate::args::confidence
    )]
    pub min_confidence: f32,
    /// Print one JSON object: the scores, the halves, the calibration and
    /// the speed.
    #[arg(long)]
    pub json: bool,
    /// With articles as `--data`: events judged by hand (JSON lines `{doc,
    /// sentence, cameo, type, actors}`, as bench/events/duc_judged.jsonl);
    /// prints how many of them are right at each confidence cut.
    #[arg(long, value_name = "JUDGED.jsonl")]
    pub labels: Option<PathBuf>,
}

/// Whether a record is scored under `--half`.
fn in_half(args: &EventsArgs, id: &str) -> bool {
    args.half
        .as_deref()
        .is_none_or(|half| half.starts_with(half_of(id)))
}

/// Runs `tidings eval events`: each sentence becomes an article (English,
/// no date), is annotated and coded, and its most salient event (see
/// `Signals::salience`) is the prediction. Speed counts the extract stage only (annotation excluded),
/// on one thread.
pub fn run(args: EventsArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&args.data).with_context(|| {
        format!(
            "{}: cannot read the gold standard (pass --data pointing at shared/eval/events/plover_gsr_dev.jsonl)",
            args.data.display()
        )
    })?;
    let first = text.lines().find(|line| !line.trim().is_empty());
    // Articles go through the whole pipeline, which loads its own models.
    if first.is_some_and(super::eval_event_reading::is_article_line) {
        return super::eval_event_reading::run_articles(&args);
    }
    let annotator = Annotator::bundled().context("the bundled language models")?;
    let coder = EventCoder::bundled().context("the bundled event patterns")?;
    if first.is_some_and(case::is_case_line) {
        return run_case(&args, &text, &annotator, &coder);
    }
    let mut gold = score::parse_gold(&text).with_context(|| args.data.display().to_string())?;
    gold.retain(|record| in_half(&args, &record.id));

    let mut coding = Duration::ZERO;
    let mut sentences = 0usize;
    let mut predictions = Vec::with_capacity(gold.len());
    let mut confidences = Vec::with_capacity(gold.len());
    for record in &gold {
        let article = sentence_article(&record.text);
        let annotations = tidings_nlp::annotate(&article, &annotator);
        sentences += annotations.sentences.len();
        // Coding one sentence takes microseconds: it is timed over a few
        // rounds so that the figure is not clock noise.
        let started = Instant::now();
        let coded = coder.code_with_signals(&article, &annotations, annotator.gazetteer());
        for _ in 1..TIMING_ROUNDS {
            std::hint::black_box(coder.code(&article, &annotations, annotator.gazetteer()));
        }
        coding += started.elapsed() / TIMING_ROUNDS;
        let events: Vec<_> = coded.iter().map(|(e, _)| e.clone()).collect();
        // The sentence's main event: the first most salient.
        let rank: Vec<f32> = coded.iter().map(|(_, s)| s.salience()).collect();
        let mut prediction = score::predict_ranked(&record.id, &events, &rank);
        let mut best: Option<(usize, f32)> = None;
        for (i, &r) in rank.iter().enumerate() {
            if best.is_none_or(|(_, b)| r > b) {
                best = Some((i, r));
            }
        }
        if let Some((i, _)) = best {
            prediction.signals = signal_names(&coded[i].1);
        }
        confidences.push(best.map(|(i, _)| coded[i].0.confidence));
        predictions.push(prediction);
    }
    // Each sentence's main event is right when its type is.
    let judged = |part: &dyn Fn(&str) -> bool| {
        signals::calibration(
            gold.iter()
                .zip(&predictions)
                .zip(&confidences)
                .filter(|((record, _), _)| part(&record.id))
                .filter_map(|((record, p), c)| c.map(|c| (c, score::type_right(record, p)))),
        )
    };
    let calibration = calibration_halves(&args, &judged);
    if let Some(path) = &args.out {
        write_lines(path, &predictions)?;
    }
    let scores = score::score(&gold, &predictions);
    let halves = score_halves(
        &args,
        &gold,
        |r| &r.id,
        |part| score::score(part, &predictions),
    );
    report(
        args.json,
        &scores,
        &halves,
        |s| {
            json!({
                "sentences": s.sentences,
                "type_accuracy": s.type_accuracy,
                "macro_f1": s.macro_f1,
                "source_right": s.source_right,
                "target_right": s.target_right,
                "fully_right": s.fully_right,
            })
        },
        |s| {
            format!(
                "({} sentences): type accuracy {:.4}, fully right {:.4}",
                s.sentences, s.type_accuracy, s.fully_right
            )
        },
        ("sentences", sentences, coding),
        &calibration,
    )
}

/// The calibration of the whole file and of each half (none when
/// `--half` chose one).
fn calibration_halves<F>(args: &EventsArgs, judged: &F) -> Vec<(String, signals::Calibration)>
where
    F: Fn(&dyn Fn(&str) -> bool) -> signals::Calibration,
{
    let mut out = vec![("all".to_string(), judged(&|_| true))];
    if args.half.is_none() {
        for which in ['a', 'b'] {
            out.push((
                format!("half {which}"),
                judged(&|id: &str| half_of(id) == which),
            ));
        }
    }
    out
}

/// The scores of each half of `gold` (by a hash of the id), none when
/// `--half` chose one.
fn score_halves<R: Clone, S>(
    args: &EventsArgs,
    gold: &[R],
    id: impl Fn(&R) -> &str,
    score: impl Fn(&[R]) -> S,
) -> Vec<(char, S)> {
    if args.half.is_some() {
        return Vec::new();
    }
    ['a', 'b']
        .into_iter()
        .map(|which| {
            let part: Vec<R> = gold
                .iter()
                .filter(|r| half_of(id(r)) == which)
                .cloned()
                .collect();
            (which, score(&part))
        })
        .collect()
}

/// Prints the scores of the whole file and of its halves, as one JSON
/// object (`figures`, plus `halves` and `<unit>_per_second`) or for a
/// human (the scorer's lines, one line per half, the speed): `speed` is
/// the unit, how many were coded and how long coding took.
fn report<S: std::fmt::Display>(
    json: bool,
    scores: &S,
    halves: &[(char, S)],
    figures: impl Fn(&S) -> serde_json::Value,
    half_line: impl Fn(&S) -> String,
    (unit, count, took): (&str, usize, Duration),
    calibration: &[(String, signals::Calibration)],
) -> Result<ExitCode> {
    let per_second = if took.as_secs_f64() > 0.0 {
        count as f64 / took.as_secs_f64()
    } else {
        0.0
    };
    let mut out = std::io::stdout().lock();
    if json {
        let mut value = figures(scores);
        value[format!("{unit}_per_second")] = json!(per_second.round());
        value["halves"] = halves
            .iter()
            .map(|(which, s)| (which.to_string(), figures(s)))
            .collect::<serde_json::Map<String, serde_json::Value>>()
            .into();
        value["calibration"] = calibration
            .iter()
            .map(|(part, c)| (part.clone(), json!(c)))
            .collect::<serde_json::Map<String, serde_json::Value>>()
            .into();
        writeln!(out, "{value}")?;
    } else {
        write!(out, "{scores}")?;
        for (which, s) in halves {
            writeln!(out, "half {which} {}", half_line(s))?;
        }
        for (part, c) in calibration {
            writeln!(out, "calibration ({part}): {c}")?;
        }
        writeln!(
            out,
            "{count} {unit} coded at {per_second:.0} {unit}/second (event coding only, one thread)"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `tidings eval events` on CASE 2021 snippets: every event coded in a
/// snippet is kept (the scorer asks whether any has an allowed root).
fn run_case(
    args: &EventsArgs,
    text: &str,
    annotator: &Annotator,
    coder: &EventCoder,
) -> Result<ExitCode> {
    let mut gold = case::parse_case(text).with_context(|| args.data.display().to_string())?;
    gold.retain(|record| in_half(args, &record.id));
    let mut coding = Duration::ZERO;
    let mut predictions = Vec::with_capacity(gold.len());
    for record in &gold {
        let article = sentence_article(&record.text);
        let annotations = tidings_nlp::annotate(&article, annotator);
        let started = Instant::now();
        let coded = coder.code_with_signals(&article, &annotations, annotator.gazetteer());
        coding += started.elapsed();
        let events: Vec<_> = coded.iter().map(|(e, _)| e.clone()).collect();
        let mut prediction = case::predict_case(&record.id, &events);
        for (event, (coded, signals)) in prediction.events.iter_mut().zip(&coded) {
            event.signals = signal_names(signals);
            event.trigger = record
                .text
                .get(coded.trigger.start..coded.trigger.end)
                .map(str::to_string);
        }
        predictions.push(prediction);
    }
    let everything = case::score_case(&gold, &predictions);
    let shown: Vec<case::CasePrediction> = predictions
        .iter()
        .map(|p| case::CasePrediction {
            id: p.id.clone(),
            events: p
                .events
                .iter()
                .filter(|e| e.confidence >= args.min_confidence)
                .cloned()
                .collect(),
        })
        .collect();
    if let Some(path) = &args.out {
        write_lines(path, &shown)?;
    }
    let scores = case::score_case(&gold, &shown);
    let halves = score_halves(
        args,
        &gold,
        |r| &r.id,
        |part| case::score_case(part, &shown),
    );
    let judged = |part: &dyn Fn(&str) -> bool| {
        let part_gold: Vec<case::CaseRecord> =
            gold.iter().filter(|r| part(&r.id)).cloned().collect();
        signals::calibration(case::judged_case(&part_gold, &predictions))
    };
    let calibration = calibration_halves(args, &judged);
    let code = report(
        args.json,
        &scores,
        &halves,
        |s| {
            json!({
                "snippets": s.snippets,
                "recall": s.recall,
                "strict_precision": s.strict_precision,
                "false_alarms": s.false_alarms,
                "per_subtype": s.per_subtype,
            })
        },
        |s| {
            format!(
                "({} snippets): recall {:.4}, strict precision {:.4}, false alarms {:.4}",
                s.snippets, s.recall, s.strict_precision, s.false_alarms
            )
        },
        ("snippets", gold.len(), coding),
        &calibration,
    )?;
    if !args.json {
        println!(
            "(the figures above count events with confidence >= {}; every event: recall {:.4}  strict precision {:.4}  false alarms {:.4})",
            args.min_confidence, everything.recall, everything.strict_precision, everything.false_alarms
        );
    }
    Ok(code)
}

/// The names of the signals that are on, and `dictionary` for a pattern
/// of the converted dictionary (its fixed 0.1 less, which
/// `bench/fit_confidence.py` applies when it chooses the default cut).
pub(crate) fn signal_names(signals: &signals::Signals) -> Vec<String> {
    let mut names: Vec<String> = signals::NAMES
        .iter()
        .zip(signals.values())
        .filter(|(_, v)| *v > 0.0)
        .map(|(name, _)| name.to_string())
        .collect();
    if signals.dictionary {
        names.push("dictionary".to_string());
    }
    names
}

/// Writes one JSON line per item to `path`.
pub(crate) fn write_lines<T: serde::Serialize>(path: &std::path::Path, items: &[T]) -> Result<()> {
    let file = std::fs::File::create(path)
        .with_context(|| format!("{}: cannot create the predictions file", path.display()))?;
    let mut out = BufWriter::new(file);
    for item in items {
        serde_json::to_writer(&mut out, item)
            .with_context(|| format!("{}: cannot write the predictions", path.display()))?;
        out.write_all(b"\n")
            .with_context(|| format!("{}: cannot write the predictions", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("{}: cannot write the predictions", path.display()))
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
