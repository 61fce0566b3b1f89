//! `tidings events`, `tidings quotes`, `tidings figures`: the facts the
//! store's articles report, each with the sentence behind it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tidings_model::Published;
use tidings_store::{EventFilter, Store};

use crate::output;
use crate::DbArg;

/// Arguments of `tidings events`.
#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// Only events with this actor on either side, by code prefix (`RUS` matches `RUSGOV`).
    #[arg(long, value_name = "CODE")]
    pub actor: Option<String>,
    /// Only this CAMEO code prefix (`04`, `041`) or PLOVER type (`CONSULT`,
    /// any case; ACCUSE, AGREE, AID, ASSAULT, COERCE, CONCEDE, CONSULT,
    /// COOPERATE, MOBILIZE, PROTEST, REJECT, REQUEST, RETREAT, SANCTION,
    /// SUPPORT, THREATEN).
    #[arg(long, value_name = "CODE", value_parser = crate::args::event_code)]
    pub code: Option<String>,
    /// Only events on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::day)]
    pub since: Option<jiff::civil::Date>,
    /// Only events on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::day)]
    pub until: Option<jiff::civil::Date>,
    /// Only events the coder is at least this sure of (0 to 1). An event's
    /// confidence is the share of events like it that were right on the
    /// development data (of events at 0.8 or more, 7 to 8 in 10 are
    /// right); `--min-confidence 0` lists every event.
    #[arg(
        long,
        value_name = "P",
        default_value_t = tidings_extract::events::signals::DEFAULT_MIN_CONFIDENCE,
        value_parser = crate::args::confidence
    )]
    pub min_confidence: f32,
    /// Most events to list.
    #[arg(
        long,
        short = 'n',
        default_value_t = 50,
        value_name = "N",
        value_parser = crate::args::limit
    )]
    pub limit: usize,
    /// Instead of the first events, a reproducible random sample of this
    /// many of the matching events (each shown with its actors' words and
    /// its sentences), for reading by hand: the same store, filter and
    /// `--seed` give the same sample.
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// The seed of `--sample`.
    #[arg(long, value_name = "S", default_value_t = 1, requires = "sample")]
    pub seed: u64,
    /// One JSON object per event (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Arguments of `tidings quotes`.
#[derive(Debug, clap::Args)]
pub struct QuotesArgs {
    /// Only quotes by this speaker (a name or alias, any case).
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Most quotes to list.
    #[arg(
        long,
        short = 'n',
        default_value_t = 50,
        value_name = "N",
        value_parser = crate::args::limit
    )]
    pub limit: usize,
    /// One JSON object per quote (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Arguments of `tidings figures`.
#[derive(Debug, clap::Args)]
pub struct FiguresArgs {
    /// Only this kind: killed, injured, arrested, detained, displaced, missing,
    /// evacuated, protesters, money, other (any case).
    #[arg(long, value_name = "KIND", value_parser = crate::args::figure_kind)]
    pub kind: Option<String>,
    /// Most figures to list.
    #[arg(
        long,
        short = 'n',
        default_value_t = 50,
        value_name = "N",
        value_parser = crate::args::limit
    )]
    pub limit: usize,
    /// One JSON object per figure (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

fn open(db: &DbArg) -> Result<Box<dyn Store + Send>> {
    tidings_engine::query::open_any(&db.db)
        .with_context(|| format!("cannot open the store in {}", db.name()))
}

fn day(published: Option<Published>) -> String {
    published.map_or_else(|| "undated".to_string(), |p| p.date().to_string())
}

/// Runs `tidings events`.
pub fn events(args: EventsArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let filter = EventFilter {
        actor: args.actor,
        code: args.code,
        since: args.since,
        until: args.until,
        min_confidence: (args.min_confidence > 0.0).then_some(args.min_confidence),
        place: None,
    };
    let (events, total) = match args.sample {
        Some(n) => tidings_engine::query::sample_events(&*store, &filter, n, args.seed)?,
        None => output::counted(args.limit, |limit| store.events(&filter, limit))?,
    };
    let sampling = args.sample.is_some();
    output::print_all(
        args.json,
        &events,
        total,
        "no events match",
        |out, event| {
            let code = |actor: &Option<tidings_model::Actor>| {
                actor
                    .as_ref()
                    .and_then(|a| a.code.clone())
                    .unwrap_or_else(|| "-".into())
            };
            writeln!(
                out,
                "{}  {:<8} → {:<8} {} {:<9} ({}, Goldstein {:+.1})  {}, {}, {}",
                event
                    .date
                    .map_or_else(|| "undated   ".to_string(), |d| d.to_string()),
                code(&event.source),
                code(&event.target),
                event.cameo,
                event.plover,
                event.root,
                event.goldstein,
                output::count(event.mentions, "mention", "mentions"),
                output::count(event.articles, "article", "articles"),
                output::count(event.sources, "source", "sources")
            )?;
            if sampling {
                let words = |actor: &Option<tidings_model::Actor>| {
                    actor.as_ref().map_or("-".to_string(), |a| a.text.clone())
                };
                writeln!(
                    out,
                    "    source: {}   target: {}",
                    words(&event.source),
                    words(&event.target)
                )?;
            }
            for evidence in &event.evidence {
                writeln!(out, "    {}", output::shorten(&evidence.sentence, 200))?;
            }
            Ok(())
        },
    )
}

/// Runs `tidings quotes`.
pub fn quotes(args: QuotesArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let (quotes, total) = output::counted(args.limit, |limit| {
        store.quotes(args.speaker.as_deref(), limit)
    })?;
    output::print_all(
        args.json,
        &quotes,
        total,
        "no quotes match",
        |out, quote| {
            let text = if quote.direct {
                format!("“{}”", quote.text)
            } else {
                quote.text.clone()
            };
            writeln!(
                out,
                "{}  {} ({}): {}",
                day(quote.published),
                quote.speaker.as_deref().unwrap_or("(unknown)"),
                quote.cue,
                output::shorten(&text, 220)
            )
        },
    )
}

/// Runs `tidings figures`.
pub fn figures(args: FiguresArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let (figures, total) = output::counted(args.limit, |limit| {
        store.figures(args.kind.as_deref(), limit)
    })?;
    output::print_all(
        args.json,
        &figures,
        total,
        "no figures match",
        |out, figure| {
            writeln!(
                out,
                "{}  {:<10} {} {}{}  (source: {})",
                day(figure.published),
                figure.kind,
                output::amount(
                    figure.qualifier,
                    figure.value,
                    figure.high,
                    figure.words.as_deref()
                ),
                figure.counts,
                figure
                    .unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default(),
                figure.source.as_deref().unwrap_or("not given")
            )?;
            writeln!(out, "    {}", output::shorten(&figure.sentence, 200))
        },
    )
}
