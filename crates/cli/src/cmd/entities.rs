//! `tidings entities` and `tidings entity`: who and what the store's articles name.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use tidings_model::EntityKind;
use tidings_store::Store;

use crate::output;
use crate::DbArg;

/// Arguments of `tidings entities`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this kind: person, organisation, location or other.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Option<EntityKind>,
    /// Most entities to list.
    #[arg(
        long,
        short = 'n',
        default_value_t = 50,
        value_name = "N",
        value_parser = crate::args::limit
    )]
    pub limit: usize,
    /// One JSON object per entity (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Arguments of `tidings entity`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The entity's name or one of its aliases (any case), e.g. "Putin".
    #[arg(required = true, value_name = "NAME")]
    pub name: Vec<String>,
    /// Most mentions to show.
    #[arg(
        long,
        short = 'n',
        default_value_t = 20,
        value_name = "N",
        value_parser = crate::args::limit
    )]
    pub limit: usize,
    /// Print everything as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

fn parse_kind(text: &str) -> Result<EntityKind, String> {
    EntityKind::parse(text).ok_or_else(|| {
        format!("unknown kind {text:?}: use person, organisation, location or other")
    })
}

/// `one` for 1, else `many`, for a column after the number.
fn plural<'a>(n: impl Into<u64>, one: &'a str, many: &'a str) -> &'a str {
    if n.into() == 1 {
        one
    } else {
        many
    }
}

fn open(db: &DbArg) -> Result<Box<dyn Store + Send>> {
    tidings_engine::query::open_any(&db.db)
        .with_context(|| format!("cannot open the store in {}", db.name()))
}

/// Runs `tidings entities`.
pub fn list(args: ListArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let (entities, total) = output::counted(args.limit, |limit| store.entities(args.kind, limit))?;
    let mut out = io::stdout().lock();
    if args.json {
        for entity in &entities {
            output::json_line(&mut out, entity)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if entities.is_empty() {
        writeln!(
            out,
            "no entities stored yet: `tidings ingest` some English articles first"
        )?;
    }
    for entity in &entities {
        let mut about = vec![entity.kind.as_str().to_string()];
        if let Some(country) = &entity.country {
            about.push(country.clone());
        }
        if !entity.roles.is_empty() {
            about.push(entity.roles.join("/"));
        }
        writeln!(
            out,
            "{:>5} {:<8} {:>6} {:<8}  {}  [{}]{}",
            entity.articles,
            plural(entity.articles, "article", "articles"),
            entity.mentions,
            plural(entity.mentions, "mention", "mentions"),
            entity.name,
            about.join(", "),
            if entity.aliases.is_empty() {
                String::new()
            } else {
                format!("  aka {}", entity.aliases.join(", "))
            }
        )?;
    }
    output::write_cut(&mut out, entities.len(), total)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `tidings entity`.
pub fn show(args: ShowArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let name = args.name.join(" ");
    let Some((detail, total)) = tidings_engine::query::entity(&*store, &name, args.limit)? else {
        anyhow::bail!(
            "no entity named {name:?} in {}: `tidings entities` lists them",
            args.db.db.display()
        );
    };
    let tone_by_day =
        tidings_engine::query::entity_tone_by_day(&*store, &name)?.unwrap_or_default();
    let mut out = io::stdout().lock();
    if args.json {
        /// The entity with its tone by day.
        #[derive(serde::Serialize)]
        struct EntityJson<'a> {
            #[serde(flatten)]
            detail: &'a tidings_store::EntityDetail,
            tone_by_day: &'a [tidings_engine::query::DayTone],
        }
        output::json_line(
            &mut out,
            &EntityJson {
                detail: &detail,
                tone_by_day: &tone_by_day,
            },
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let entity = &detail.entity;
    writeln!(out, "{}  [{}]", entity.name, entity.kind.as_str())?;
    if !entity.aliases.is_empty() {
        writeln!(out, "aliases:   {}", entity.aliases.join(", "))?;
    }
    if let Some(country) = &entity.country {
        writeln!(out, "country:   {country}")?;
    }
    if !entity.roles.is_empty() {
        writeln!(out, "roles:     {}", entity.roles.join(", "))?;
    }
    writeln!(
        out,
        "mentions:  {} in {}",
        entity.mentions,
        output::count(entity.articles, "article", "articles")
    )?;
    writeln!(out, "\nmentions:")?;
    for hit in &detail.mentions {
        let date = hit
            .published
            .map(|p| p.date().to_string())
            .unwrap_or_else(|| "undated".into());
        writeln!(
            out,
            "  {date}  {}  ({})",
            hit.title.as_deref().unwrap_or("(untitled)"),
            &hit.id.as_str()[..12]
        )?;
        let sentence = &hit.sentence;
        let marked = match (
            sentence.get(..hit.range.start),
            hit.range.slice(sentence),
            sentence.get(hit.range.end..),
        ) {
            (Some(before), Some(name), Some(after)) => format!("{before}[{name}]{after}"),
            _ => sentence.clone(),
        };
        writeln!(out, "    {}", output::shorten(&marked, 240))?;
    }
    output::write_cut(&mut out, detail.mentions.len(), total)?;
    if !detail.co_occurring.is_empty() {
        writeln!(out, "\nappears with:")?;
        for other in &detail.co_occurring {
            writeln!(
                out,
                "  {:>4} {:<8}  {}  [{}]",
                other.articles,
                plural(other.articles, "article", "articles"),
                other.name,
                other.kind.as_str()
            )?;
        }
    }
    if !detail.timeline.is_empty() || detail.undated > 0 {
        writeln!(out, "\ntimeline (mentions per day):")?;
        for (day, count) in &detail.timeline {
            writeln!(
                out,
                "  {day}  {count:>4}  {}",
                "#".repeat((*count).min(60) as usize)
            )?;
        }
        if detail.undated > 0 {
            writeln!(out, "  undated     {:>4}", detail.undated)?;
        }
    }
    if !tone_by_day.is_empty() {
        writeln!(
            out,
            "\ntone by day (mean tone of its English articles, positive minus negative words in %):"
        )?;
        for day in &tone_by_day {
            let bar = "#".repeat((day.tone.abs().round() as usize).min(30));
            writeln!(
                out,
                "  {}  {:>+6.2}  {:<8}  {}{bar}",
                day.day,
                day.tone,
                output::count(day.articles, "article", "articles"),
                if day.tone < 0.0 { "-" } else { "+" },
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
