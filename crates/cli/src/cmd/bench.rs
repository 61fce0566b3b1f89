//! `tidings bench`: ingest throughput on a corpus repeated to N documents,
//! or (`--stage nlp`) the language layer's tokens per second on one thread,
//! or (`--stage size`) the time per MB of one long generated text through
//! the whole analysis at 100 KB, 1 MB and 10 MB (it must stay flat).
//!
//! Every document of the corpus (each JSONL and WARC record included) is
//! written out as its own file, N in all, each copy made unique by an
//! invisible suffix (an HTML comment, or trailing spaces for text) so that
//! none is skipped as already stored; with `--vary names` each copy's
//! places and people are also replaced by invented ones drawn for it
//! (`tidings_engine::bench_corpus`). Then the real `ingest` runs on that
//! folder into a fresh store: reading, sniffing, decoding, cleaning, and
//! committing with the full-text index. Speed is reported, never asserted.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use tidings_ingest::IngestConfig;
use tidings_model::MediaType;

use crate::cmd::ingest::{ingest, IngestOptions};
use tidings_engine::Pipeline;

/// Arguments of `tidings bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to measure: `ingest` (the whole pipeline into a store) or `nlp`
    /// (sentence splitting, tokenisation and tagging of plain text, one thread).
    #[arg(long, value_name = "STAGE", default_value = "ingest")]
    pub stage: Stage,
    /// With `--stage nlp` or `extract`: a UTF-8 text file, one paragraph per
    /// line (e.g. shared/train/unlabeled/gmb_sentences.txt; for `extract`,
    /// every 20 lines make one article). Default: the articles in --corpus.
    #[arg(long, value_name = "FILE")]
    pub text: Option<PathBuf>,
    /// With `--stage nlp` or `extract`: passes over the text.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub rounds: usize,
    /// The corpus to repeat.
    #[arg(long, value_name = "DIR", default_value = "examples/corpus")]
    pub corpus: PathBuf,
    /// How the copies of the corpus differ (`--stage ingest`): `suffix`
    /// (only by invisible trailing bytes: every copy has the same text, so
    /// a name is in a quarter of the store) or `names` (each copy's places
    /// and people replaced by invented ones drawn for it, so a name is in a
    /// realistic share of the store; for search benchmarks).
    #[arg(long, value_name = "HOW", default_value = "suffix")]
    pub vary: Vary,
    /// Documents to ingest in all.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub docs: usize,
    /// Cleaning threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Work directory (default: a new folder under the system temp dir, removed afterwards).
    #[arg(long, value_name = "DIR")]
    pub work: Option<PathBuf>,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct BenchResult {
    corpus: String,
    distinct_documents: usize,
    vary: Vary,
    documents: u64,
    threads: usize,
    seconds: f64,
    docs_per_second: f64,
    megabytes: f64,
    megabytes_per_second: f64,
}

/// How the copies of the corpus differ (`--vary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vary {
    /// Only by an invisible suffix (an HTML comment, trailing spaces).
    Suffix,
    /// Places and people replaced per copy (`tidings_engine::bench_corpus`),
    /// and the suffix.
    Names,
}

/// What `tidings bench` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Stage {
    /// The whole pipeline, files to store.
    Ingest,
    /// Sentences, tokens and named-entity tagging on one thread.
    Nlp,
    /// The extract stage (events, quotes, figures) on annotated articles, one thread.
    Extract,
    /// Tone (issue 14) against the stages it runs beside: each article's
    /// tone and each event sentence's, timed apart from cleaning, the
    /// language layer and extraction of the same articles, one thread.
    Tone,
    /// One long generated text (a program log) of 100 KB, 1 MB and 10 MB
    /// through decoding, cleaning, the language layer and extraction, one
    /// thread: the seconds per MB must not grow with the size.
    Size,
}

#[derive(Serialize)]
struct NlpResult {
    text: String,
    rounds: usize,
    sentences: u64,
    tokens: u64,
    seconds: f64,
    tokens_per_second: f64,
    sentences_per_second: f64,
}

/// Runs `tidings bench`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.stage {
        Stage::Nlp => return run_nlp(&args),
        Stage::Extract => return run_extract(&args),
        Stage::Tone => return run_tone(&args),
        Stage::Size => return run_size(&args),
        Stage::Ingest => {}
    }
    let config = IngestConfig::default();
    let seeds = corpus_documents(&args.corpus);
    if seeds.is_empty() {
        bail!(
            "no documents in {}: pass --corpus pointing at a folder of news files (e.g. examples/corpus)",
            args.corpus.display()
        );
    }

    let (work, remove_after) = match &args.work {
        Some(dir) => (dir.clone(), false),
        None => (
            std::env::temp_dir().join(format!("tidings-bench-{}", std::process::id())),
            true,
        ),
    };
    let input = work.join("input");
    let db = work.join("db");
    if db.exists() {
        fs::remove_dir_all(&db).with_context(|| format!("cannot clear {}", db.display()))?;
    }
    fs::create_dir_all(&input).with_context(|| format!("cannot create {}", input.display()))?;
    let mut bytes = 0u64;
    for n in 0..args.docs {
        let raw = &seeds[n % seeds.len()];
        let copy = n / seeds.len();
        let mut body = match args.vary {
            Vary::Suffix => raw.bytes.clone(),
            Vary::Names => tidings_engine::bench_corpus::vary(&raw.bytes, copy as u64),
        };
        let ext = raw.media_type;
        let name = match ext {
            MediaType::Html => {
                body.extend_from_slice(format!("\n<!-- bench copy {copy} -->\n").as_bytes());
                format!("{n:06}.html")
            }
            MediaType::Text => {
                // Trailing spaces change the bytes (and so the id), not the text.
                body.extend(std::iter::repeat_n(b' ', copy + 1));
                format!("{n:06}.txt")
            }
        };
        bytes += body.len() as u64;
        fs::write(input.join(name), body)
            .with_context(|| format!("cannot write into {}", input.display()))?;
    }

    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = IngestOptions {
        ingest: config,
        batch: 256,
        threads: Some(threads),
        json: false,
        quiet: true,
        stories: true,
        web: None,
        problems: Vec::new(),
        failures: None,
    };
    let summary = ingest(
        std::slice::from_ref(&input),
        &db,
        &Pipeline::new()?,
        &options,
    )?;
    if remove_after {
        let _ = fs::remove_dir_all(&work);
    }
    let megabytes = bytes as f64 / 1e6;
    let result = BenchResult {
        corpus: args.corpus.display().to_string(),
        distinct_documents: seeds.len(),
        vary: args.vary,
        documents: summary.new,
        threads,
        seconds: summary.seconds,
        docs_per_second: summary.new as f64 / summary.seconds.max(1e-9),
        megabytes,
        megabytes_per_second: megabytes / summary.seconds.max(1e-9),
    };
    report(
        args.json,
        &result,
        format!(
            "ingested {} documents ({} distinct, {:.1} MB) in {:.2}s with {} threads: {:.0} docs/s, {:.1} MB/s",
            result.documents,
            result.distinct_documents,
            result.megabytes,
            result.seconds,
            result.threads,
            result.docs_per_second,
            result.megabytes_per_second
        ),
    )?;
    if summary.failed > 0 || summary.new != args.docs as u64 {
        eprintln!(
            "tidings: warning: {} of {} documents stored, {} failed",
            summary.new, args.docs, summary.failed
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Splits, tokenises and tags every paragraph of a text, `rounds` times, on
/// this thread only: the figure issue 3 asks for (tokenisation + tagging).
fn run_nlp(args: &Args) -> Result<ExitCode> {
    let (source, text) = match &args.text {
        Some(path) => (
            path.display().to_string(),
            fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
        ),
        None => {
            let clean = tidings_clean::CleanConfig::default();
            let mut text = String::new();
            for raw in corpus_documents(&args.corpus) {
                let article = tidings_clean::clean(&raw, &clean);
                for paragraph in article.paragraph_texts() {
                    text.push_str(paragraph);
                    text.push('\n');
                }
            }
            (args.corpus.display().to_string(), text)
        }
    };
    let tagger = tidings_nlp::Tagger::bundled()
        .map_err(|err| anyhow::anyhow!("cannot load the bundled tagger: {err}"))?;
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if paragraphs.is_empty() {
        bail!("no text to measure in {source}");
    }
    let (mut sentences, mut tokens, mut entities) = (0u64, 0u64, 0u64);
    let started = std::time::Instant::now();
    let mut words: Vec<&str> = Vec::new();
    for _ in 0..args.rounds.max(1) {
        for paragraph in &paragraphs {
            for sentence in tidings_nlp::segment::sentences(paragraph) {
                words.clear();
                words.extend(
                    sentence
                        .tokens
                        .iter()
                        .map(|t| t.slice(paragraph).unwrap_or("")),
                );
                let tags = tagger.tag(&words);
                entities += tags
                    .iter()
                    .filter(|t| matches!(t, tidings_nlp::ner::Tag::B(_)))
                    .count() as u64;
                sentences += 1;
                tokens += words.len() as u64;
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let result = NlpResult {
        text: source,
        rounds: args.rounds.max(1),
        sentences,
        tokens,
        seconds,
        tokens_per_second: tokens as f64 / seconds,
        sentences_per_second: sentences as f64 / seconds,
    };
    report(
        args.json,
        &result,
        format!(
            "segmented, tokenised and tagged {} tokens in {} sentences ({} entities) in {:.2}s on one thread: {:.0} tokens/s, {:.0} sentences/s",
            result.tokens,
            result.sentences,
            entities,
            result.seconds,
            result.tokens_per_second,
            result.sentences_per_second
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct SizeResult {
    /// `default` (with the per-document bound) or `unbounded`.
    bound: &'static str,
    bytes: usize,
    seconds: f64,
    seconds_per_megabyte: f64,
    paragraphs: usize,
    removed: usize,
    sentences: usize,
}

/// The sizes `--stage size` measures.
const SIZES: [usize; 3] = [100_000, 1_000_000, 10_000_000];

/// Analyses one generated text of each size in [`SIZES`] (`--rounds` times,
/// keeping the fastest) and prints the seconds per MB of each (issue 16: a
/// long log once took 20 times longer past 500 KB): first with the work
/// bound of the default settings (text past `max_text_bytes` is removed
/// unanalysed), then without it, which shows that the stages themselves
/// are linear.
fn run_size(args: &Args) -> Result<ExitCode> {
    let mut pipeline = Pipeline::new()?;
    let mut out = io::stdout().lock();
    for bound in ["default", "unbounded"] {
        if bound == "unbounded" {
            pipeline.clean.max_text_bytes = usize::MAX;
        }
        for size in SIZES {
            let text = crate::generated::program_log(size);
            let mut best: Option<SizeResult> = None;
            for _ in 0..args.rounds.max(1) {
                let raw = tidings_ingest::read_bytes(
                    text.clone().into_bytes(),
                    tidings_model::Origin::default(),
                    &IngestConfig::default(),
                )
                .next()
                .context("the generated text gave no document")?
                .map_err(|err| anyhow::anyhow!("{err}"))?;
                let started = std::time::Instant::now();
                let analysis = pipeline.analyze(raw);
                let seconds = started.elapsed().as_secs_f64().max(1e-9);
                let result = SizeResult {
                    bound,
                    bytes: text.len(),
                    seconds,
                    seconds_per_megabyte: seconds / (text.len() as f64 / 1e6),
                    paragraphs: analysis.article.paragraphs.len(),
                    removed: analysis.article.removed.len(),
                    sentences: analysis.annotations.sentences.len(),
                };
                if best.as_ref().is_none_or(|b| result.seconds < b.seconds) {
                    best = Some(result);
                }
            }
            let result = best.context("no round ran")?;
            if args.json {
                crate::output::json_line(&mut out, &result)?;
            } else {
                writeln!(
                    out,
                    "{:<9} {:>10} bytes: {:.2}s, {:.3} s/MB ({} paragraphs, {} removed, {} sentences)",
                    result.bound,
                    result.bytes,
                    result.seconds,
                    result.seconds_per_megabyte,
                    result.paragraphs,
                    result.removed,
                    result.sentences
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints a result as one JSON line, or the human line.
fn report<T: Serialize>(json: bool, result: &T, line: String) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        crate::output::json_line(&mut out, result)?;
    } else {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ExtractResult {
    text: String,
    rounds: usize,
    articles: usize,
    sentences: u64,
    events: u64,
    quotes: u64,
    figures: u64,
    seconds: f64,
    sentences_per_second: f64,
}

/// Runs the extract stage alone (articles cleaned and annotated beforehand,
/// not timed) on this thread: the figure issue 4 asks for.
fn run_extract(args: &Args) -> Result<ExitCode> {
    let pipeline = Pipeline::new()?;
    let (source, articles) = bench_articles(args, &pipeline)?;
    if articles.is_empty() {
        bail!("no articles to measure in {source}");
    }
    let annotated: Vec<_> = articles
        .iter()
        .map(|article| tidings_nlp::annotate(article, &pipeline.annotator))
        .collect();
    let (mut sentences, mut events, mut quotes, mut figures) = (0u64, 0u64, 0u64, 0u64);
    let started = std::time::Instant::now();
    for _ in 0..args.rounds.max(1) {
        for (article, annotations) in articles.iter().zip(&annotated) {
            let facts = tidings_extract::extract(
                article,
                annotations,
                &pipeline.extractor,
                pipeline.annotator.gazetteer(),
            );
            sentences += annotations.sentences.len() as u64;
            events += facts.events.len() as u64;
            quotes += facts.quotes.len() as u64;
            figures += facts.figures.len() as u64;
        }
    }
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let result = ExtractResult {
        text: source,
        rounds: args.rounds.max(1),
        articles: articles.len(),
        sentences,
        events,
        quotes,
        figures,
        seconds,
        sentences_per_second: sentences as f64 / seconds,
    };
    report(
        args.json,
        &result,
        format!(
            "extracted {} events, {} quotes and {} figures from {} sentences in {:.2}s on one thread: {:.0} sentences/s",
            result.events,
            result.quotes,
            result.figures,
            result.sentences,
            result.seconds,
            result.sentences_per_second
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The articles `--stage extract` and `--stage tone` measure: `--text`
/// cut into articles of 20 lines, else the corpus's documents, cleaned;
/// with the name of where they came from.
fn bench_articles(
    args: &Args,
    pipeline: &Pipeline,
) -> Result<(String, Vec<tidings_model::Article>)> {
    Ok(match &args.text {
        Some(path) => {
            let text = fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let articles: Vec<tidings_model::Article> = lines
                .chunks(20)
                .map(|chunk| {
                    let body = chunk.join("\n\n");
                    let raw_text = format!("Bench article\n\n{body}\n");
                    let raw = tidings_model::RawDoc {
                        id: tidings_model::DocId::of_bytes(raw_text.as_bytes()),
                        origin: tidings_model::Origin::default(),
                        fetched: None,
                        media_type: MediaType::Text,
                        encoding: "UTF-8".into(),
                        hints: tidings_model::Hints::default(),
                        bytes: raw_text.clone().into_bytes(),
                        text: raw_text,
                    };
                    tidings_clean::clean(&raw, &pipeline.clean)
                })
                .collect();
            (path.display().to_string(), articles)
        }
        None => {
            let articles = corpus_documents(&args.corpus)
                .iter()
                .map(|raw| tidings_clean::clean(raw, &pipeline.clean))
                .collect();
            (args.corpus.display().to_string(), articles)
        }
    })
}

#[derive(Serialize)]
struct ToneResult {
    text: String,
    rounds: usize,
    articles: usize,
    events: u64,
    stages_seconds: f64,
    tone_seconds: f64,
    tone_share: f64,
}

/// Runs `--stage tone`: cleaning, the language layer and extraction of
/// each article, then its tone and each of its event sentences' tone, both
/// timed on this thread; the share is tone's time over the stages'.
fn run_tone(args: &Args) -> Result<ExitCode> {
    let pipeline = Pipeline::new()?;
    let (source, articles) = bench_articles(args, &pipeline)?;
    if articles.is_empty() {
        bail!("no articles to measure in {source}");
    }
    let (mut stages, mut toning) = (0.0f64, 0.0f64);
    let mut events = 0u64;
    let mut toned = 0u64;
    for _ in 0..args.rounds.max(1) {
        for article in &articles {
            let started = std::time::Instant::now();
            let annotations = tidings_nlp::annotate(article, &pipeline.annotator);
            let facts = tidings_extract::extract(
                article,
                &annotations,
                &pipeline.extractor,
                pipeline.annotator.gazetteer(),
            );
            stages += started.elapsed().as_secs_f64();
            let started = std::time::Instant::now();
            let lang = article.lang.as_deref();
            toned += u64::from(tidings_extract::tone::tone(&article.text, lang).is_some());
            for event in &facts.events {
                let sentence = event.span.slice(&article.text).unwrap_or("");
                toned += u64::from(tidings_extract::tone::tone(sentence, lang).is_some());
            }
            toning += started.elapsed().as_secs_f64();
            events += facts.events.len() as u64;
        }
    }
    std::hint::black_box(toned);
    let result = ToneResult {
        text: source,
        rounds: args.rounds.max(1),
        articles: articles.len(),
        events,
        stages_seconds: stages,
        tone_seconds: toning,
        tone_share: toning / stages.max(1e-9),
    };
    report(
        args.json,
        &result,
        format!(
            "tone of {} articles and {} event sentences: {:.3}s against {:.2}s for the language layer and extraction of the same articles ({:.1} % of them), one thread",
            result.articles * result.rounds,
            result.events,
            result.tone_seconds,
            result.stages_seconds,
            100.0 * result.tone_share
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Every document the corpus folder holds (each JSONL and WARC record
/// included), in ingest order; unreadable ones are skipped.
fn corpus_documents(corpus: &std::path::Path) -> Vec<tidings_model::RawDoc> {
    let config = IngestConfig::default();
    let discovery = tidings_ingest::discover(&[corpus.to_path_buf()]);
    discovery
        .files
        .iter()
        .flat_map(|path| tidings_ingest::read_path(path, &config).flatten())
        .collect()
}
