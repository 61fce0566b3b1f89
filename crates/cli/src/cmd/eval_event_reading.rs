//! `tidings eval events` on whole articles (JSON lines with `id` and
//! `text`, as `shared/eval/clustering/duc0607_dev.jsonl`): every event the
//! coder gives, with the sentence it is in and the signals of its
//! confidence, for reading by hand; and, with `--labels`, how many of the
//! events judged by hand are right at each confidence cut.
//!
//! A judgement is one JSON line `{doc, sentence, cameo, type, actors}`: the
//! article's id as the store gives it (`tidings events --json`, evidence
//! `id`), the sentence's index in the article, the CAMEO code, and whether
//! the type and whether the actors are right. Only ids and judgements: no
//! text, so the judgements can be kept in the repository
//! (`bench/events/duc_judged.jsonl`).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tidings_engine::Pipeline;
use tidings_extract::events::signals;
use tidings_ingest::IngestConfig;

use super::eval::half_of;
use super::eval_events::{signal_names, write_lines, EventsArgs};

/// Whether a line is an article (an `id` and a `text`, none of the gold
/// fields of the sentence sets).
pub fn is_article_line(line: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .is_some_and(|value| {
            value.get("text").is_some_and(|t| t.is_string())
                && value.get("id").is_some()
                && ["code", "ok_roots", "source_actors", "no_event"]
                    .iter()
                    .all(|field| value.get(field).is_none())
        })
}

/// One coded event of an article, as `--out` writes it.
#[derive(Debug, Serialize)]
struct Coded {
    /// The article's id, as the store knows it.
    doc: String,
    /// The sentence's index in the article.
    sentence: usize,
    /// The sentence.
    text: String,
    /// The words that triggered the code.
    trigger: String,
    cameo: String,
    plover: String,
    source: Option<String>,
    source_text: Option<String>,
    target: Option<String>,
    target_text: Option<String>,
    confidence: f32,
    signals: Vec<String>,
    /// The event's date and where it came from.
    date: Option<String>,
    date_source: Option<&'static str>,
    /// Days from the event's date back to the article's publication
    /// (positive: the event is older than the article).
    days_before: Option<i64>,
}

/// One event judged by hand.
#[derive(Debug, Deserialize)]
struct Judged {
    doc: String,
    sentence: usize,
    cameo: String,
    #[serde(rename = "type")]
    type_right: bool,
    actors: bool,
}

/// Runs `tidings eval events` on articles. `--half` keeps the articles
/// whose store id falls in that half (not the file's `id`: the DUC halves of
/// issue 10 are split by `bench/events/duc_halves.py` into two files).
pub fn run_articles(args: &EventsArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::new().context("the bundled models")?;
    let coder = pipeline.extractor.events();
    let mut coded = Vec::new();
    let mut articles = 0usize;
    for record in tidings_ingest::read_path(&args.data, &IngestConfig::default()) {
        let raw = match record {
            Ok(raw) => raw,
            Err(err) => {
                eprintln!("tidings: {err}");
                continue;
            }
        };
        let analysis = pipeline.analyze(raw);
        let article = &analysis.article;
        let doc = article.id.to_string();
        if args
            .half
            .as_deref()
            .is_some_and(|h| !h.starts_with(half_of(&doc)))
        {
            continue;
        }
        articles += 1;
        let events = coder.code_with_signals(
            article,
            &analysis.annotations,
            pipeline.annotator.gazetteer(),
        );
        for (event, signals) in &events {
            let code = |a: &Option<tidings_model::Actor>| a.as_ref().and_then(|a| a.code.clone());
            let text = |a: &Option<tidings_model::Actor>| a.as_ref().map(|a| a.text.clone());
            coded.push(Coded {
                doc: doc.clone(),
                sentence: event.sentence,
                text: article
                    .text
                    .get(event.span.start..event.span.end)
                    .unwrap_or_default()
                    .to_string(),
                trigger: article
                    .text
                    .get(event.trigger.start..event.trigger.end)
                    .unwrap_or_default()
                    .to_string(),
                cameo: event.cameo.clone(),
                plover: event.plover.clone(),
                source: code(&event.source),
                source_text: text(&event.source),
                target: code(&event.target),
                target_text: text(&event.target),
                confidence: event.confidence,
                signals: signal_names(signals),
                date: event.date.map(|d| d.to_string()),
                date_source: event.date_source.map(|s| s.as_str()),
                days_before: days_before(event.date, article.published),
            });
        }
    }
    if let Some(path) = &args.out {
        write_lines(path, &coded)?;
    }
    let shown = coded
        .iter()
        .filter(|c| c.confidence >= args.min_confidence)
        .count();
    let judged = match &args.labels {
        Some(path) => Some(judge(path, &coded, args.min_confidence)?),
        None => None,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({
            "articles": articles,
            "events": coded.len(),
            "shown": shown,
            "min_confidence": args.min_confidence,
            "judged": judged,
        });
        writeln!(out, "{value}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "articles {articles}, events {}, shown at confidence >= {}: {shown}",
        coded.len(),
        args.min_confidence
    )?;
    if let Some(judged) = judged {
        writeln!(
            out,
            "judged {} ({} judged events no longer coded)",
            judged.judged, judged.missing
        )?;
        for c in &judged.cuts {
            let share = |k: usize| k as f64 / c.shown.max(1) as f64;
            writeln!(
                out,
                "cut {:.2}: shown {}, right type {} ({:.3}), right type and actors {} ({:.3})",
                c.cut,
                c.shown,
                c.right_type,
                share(c.right_type),
                c.right_both,
                share(c.right_both)
            )?;
        }
        writeln!(
            out,
            "calibration (right type and actors): {}",
            judged.calibration
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The judged events shown at one confidence cut.
#[derive(Debug, Serialize)]
struct Cut {
    cut: f32,
    /// Judged events at or above the cut.
    shown: usize,
    /// Of them, right in type.
    right_type: usize,
    /// Of them, right in type and actors.
    right_both: usize,
}

/// How the judged events fare.
#[derive(Debug, Serialize)]
struct JudgedReport {
    /// Judged events the coder still codes.
    judged: usize,
    /// Judged events it no longer codes.
    missing: usize,
    /// Right at a few cuts (and at `--min-confidence`).
    cuts: Vec<Cut>,
    /// Right type and actors by confidence.
    calibration: signals::Calibration,
}

/// How many judged events are right among those shown at a few cuts, and
/// the calibration (right type and actors).
fn judge(path: &Path, coded: &[Coded], cut: f32) -> Result<JudgedReport> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the judgements", path.display()))?;
    // An event coded for several actor pairs counts once, at its highest
    // confidence.
    let mut confidence: HashMap<(&str, usize, &str), f32> = HashMap::new();
    for c in coded {
        let slot = confidence
            .entry((c.doc.as_str(), c.sentence, c.cameo.as_str()))
            .or_insert(0.0);
        *slot = slot.max(c.confidence);
    }
    let mut judged = Vec::new();
    let mut missing = 0usize;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let j: Judged = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a judgement", path.display(), n + 1))?;
        match confidence.get(&(j.doc.as_str(), j.sentence, j.cameo.as_str())) {
            Some(&p) => judged.push((p, j.type_right, j.type_right && j.actors)),
            None => missing += 1,
        }
    }
    let mut cuts = vec![0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    if !cuts.contains(&cut) {
        cuts.push(cut);
        cuts.sort_by(f32::total_cmp);
    }
    let cuts = cuts
        .into_iter()
        .map(|c| {
            let shown: Vec<_> = judged.iter().filter(|(p, _, _)| *p >= c).collect();
            Cut {
                cut: c,
                shown: shown.len(),
                right_type: shown.iter().filter(|(_, t, _)| *t).count(),
                right_both: shown.iter().filter(|(_, _, b)| *b).count(),
            }
        })
        .collect();
    Ok(JudgedReport {
        judged: judged.len(),
        missing,
        cuts,
        calibration: signals::calibration(judged.iter().map(|&(p, _, b)| (p, b))),
    })
}

/// Days from an event's date back to its article's publication (positive:
/// the event is older), when both are known.
fn days_before(
    date: Option<jiff::civil::Date>,
    published: Option<tidings_model::Published>,
) -> Option<i64> {
    let (date, published) = (date?, published?.date());
    let span = date.until(published).ok()?;
    Some(i64::from(span.get_days()))
}
