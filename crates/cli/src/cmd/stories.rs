//! `tidings stories`, `story`, `storylines`, `duplicates` and `recluster`:
//! what the dedup stage made of the store.

use std::collections::HashSet;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use tidings_model::DocId;
use tidings_store::{Store, StoryFilter, StoryOrder, StorySummary};

use crate::output;
use crate::DbArg;
use tidings_engine::Pipeline;

/// Arguments of `tidings stories`.
#[derive(Debug, clap::Args)]
pub struct StoriesArgs {
    /// Only stories with an article on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::day)]
    pub since: Option<jiff::civil::Date>,
    /// Only stories with an article on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::args::day)]
    pub until: Option<jiff::civil::Date>,
    /// Only stories with an article naming this entity (name or alias).
    #[arg(long, value_name = "NAME")]
    pub entity: Option<String>,
    /// Biggest first (most articles) or newest first (latest article).
    #[arg(long, value_enum, default_value_t = Order::Biggest)]
    pub order: Order,
    /// Most stories to list.
    #[arg(long, short = 'n', default_value = "50", value_name = "N", value_parser = crate::args::limit)]
    pub limit: usize,
    /// One JSON object per story (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// How `tidings stories` orders its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Order {
    Biggest,
    Newest,
}

/// Arguments of `tidings story`.
#[derive(Debug, clap::Args)]
pub struct StoryArgs {
    /// The story's number (as `tidings stories` lists it).
    #[arg(value_name = "ID")]
    pub id: u64,
    /// Print the story as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Arguments of `tidings storylines`.
#[derive(Debug, clap::Args)]
pub struct StorylinesArgs {
    /// Most storylines to list.
    #[arg(long, short = 'n', default_value = "20", value_name = "N", value_parser = crate::args::limit)]
    pub limit: usize,
    /// One JSON object per storyline (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Arguments of `tidings duplicates`.
#[derive(Debug, clap::Args)]
pub struct DuplicatesArgs {
    /// Article id, or a unique prefix of at least 6 hex digits.
    #[arg(value_name = "ID")]
    pub id: String,
    /// One JSON object per copy (JSON lines).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Arguments of `tidings recluster`.
#[derive(Debug, clap::Args)]
pub struct ReclusterArgs {
    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

fn open(db: &DbArg) -> Result<Box<dyn Store + Send>> {
    tidings_engine::query::open_any(&db.db)
        .with_context(|| format!("cannot open the store in {}", db.name()))
}

/// A day of a story's time range, or `?`.
fn day(ts: Option<jiff::Timestamp>) -> String {
    ts.map_or_else(
        || "?".to_string(),
        |ts| ts.to_zoned(jiff::tz::TimeZone::UTC).date().to_string(),
    )
}

/// One story on one line.
fn story_line(story: &StorySummary) -> String {
    let mut line = format!(
        "#{:<5} {} – {}  {}, {}  {}",
        story.id,
        day(story.first_seen),
        day(story.last_seen),
        output::count(story.articles, "article", "articles"),
        output::count(story.sources, "source", "sources"),
        story.title.as_deref().unwrap_or("(untitled)")
    );
    if story.duplicates > 0 {
        line.push_str(&format!(
            "  ({} folded)",
            output::count(story.duplicates, "copy", "copies")
        ));
    }
    if !story.entities.is_empty() {
        line.push_str(&format!("  [{}]", story.entities.join(", ")));
    }
    if let Some(line_id) = story.storyline {
        line.push_str(&format!("  storyline {line_id}"));
    }
    line
}

/// Runs `tidings stories`.
pub fn stories(args: StoriesArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let filter = StoryFilter {
        since: args.since,
        until: args.until,
        entity: args.entity,
    };
    let order = match args.order {
        Order::Biggest => StoryOrder::Biggest,
        Order::Newest => StoryOrder::Newest,
    };
    let (stories, total) =
        output::counted(args.limit, |limit| store.stories(&filter, order, limit))?;
    output::print_all(
        args.json,
        &stories,
        total,
        "no stories match (ingest placed none yet? see tidings recluster)",
        |out, story| writeln!(out, "{}", story_line(story)),
    )
}

/// Runs `tidings story`.
pub fn story(args: StoryArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let Some(detail) = store.story(args.id)? else {
        bail!(
            "no story {} in {} (tidings stories lists them)",
            args.id,
            args.db.db.display()
        );
    };
    let mut out = io::stdout().lock();
    if args.json {
        output::json_line(&mut out, &detail)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}", story_line(&detail.story))?;
    // Originals in time order, each with its copies folded under it.
    let line = |article: &tidings_store::StoryArticle| {
        format!(
            "{}  {}  {:<24} {}",
            day(Some(article.time)),
            &article.id.as_str()[..12],
            article.site.as_deref().unwrap_or("-"),
            article.title.as_deref().unwrap_or("(untitled)")
        )
    };
    let in_story: HashSet<&DocId> = detail.articles.iter().map(|a| &a.id).collect();
    for article in &detail.articles {
        // A copy whose original is in another story stands on its own.
        if article
            .duplicate_of
            .as_ref()
            .is_some_and(|of| in_story.contains(of))
        {
            continue;
        }
        writeln!(out, "  {}", line(article))?;
        for copy in detail
            .articles
            .iter()
            .filter(|c| c.duplicate_of.as_ref() == Some(&article.id))
        {
            writeln!(
                out,
                "      copy {:.2}  {}",
                copy.similarity.unwrap_or(1.0),
                line(copy)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `tidings storylines`.
pub fn storylines(args: StorylinesArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let (lines, total) = output::counted(args.limit, |limit| store.storylines(limit))?;
    output::print_all(
        args.json,
        &lines,
        total,
        "no storylines yet",
        |out, line| {
            writeln!(
                out,
                "storyline {}: {}  {}, {}, {} – {}{}",
                line.id,
                line.title.as_deref().unwrap_or("(untitled)"),
                output::count(line.stories.len() as u64, "story", "stories"),
                output::count(line.articles, "article", "articles"),
                day(line.first_seen),
                day(line.last_seen),
                if line.entities.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", line.entities.join(", "))
                }
            )?;
            for story in &line.stories {
                writeln!(out, "    {}", story_line(story))?;
            }
            Ok(())
        },
    )
}

/// Runs `tidings duplicates`.
pub fn duplicates(args: DuplicatesArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let Some(stored) = store.article(&args.id)? else {
        bail!("no article {} in {}", args.id, args.db.db.display());
    };
    let copies = store.duplicates(&stored.article.id)?;
    let total = copies.len();
    output::print_all(args.json, &copies, total, "no copies", |out, copy| {
        writeln!(
            out,
            "{}  {:.2}  {:<24} {}",
            copy.id,
            copy.similarity.unwrap_or(1.0),
            copy.site.as_deref().unwrap_or("-"),
            copy.title.as_deref().unwrap_or("(untitled)")
        )
    })
}

/// Placements written per transaction by `recluster`.
const RECLUSTER_BATCH: usize = 512;

/// Runs `tidings recluster`: every stored article placed again from
/// scratch, in the order it was first placed (articles never placed come
/// after, in store order), so that the result is what one ingest of them
/// all would have made.
pub fn recluster(args: ReclusterArgs) -> Result<ExitCode> {
    let mut store = open(&args.db)?;
    let pipeline = Pipeline::new()?;
    let placed = store
        .placed_from(0)
        .context("cannot read the stored placements")?;
    let mut order: Vec<(DocId, Option<i64>)> = placed
        .into_iter()
        .map(|(id, placement)| (id, Some(placement.time)))
        .collect();
    let known: HashSet<DocId> = order.iter().map(|(id, _)| id.clone()).collect();
    for id in store
        .ids_in_ingest_order()
        .context("cannot list the stored articles")?
    {
        if !known.contains(&id) {
            order.push((id, None));
        }
    }
    store
        .clear_placements()
        .context("cannot clear the stored placements")?;
    let mut placing = pipeline.placing()?;
    let mut pending = Vec::with_capacity(RECLUSTER_BATCH);
    let mut stories = HashSet::new();
    for (id, time) in &order {
        let (placed, original) = placing.place_stored(&*store, id, *time)?;
        stories.insert(placed.story);
        pending.push((id.clone(), placing.placement(&placed, original.as_ref())));
        if pending.len() >= RECLUSTER_BATCH {
            store.put_placements(&std::mem::take(&mut pending))?;
        }
    }
    if !pending.is_empty() {
        store.put_placements(&pending)?;
    }
    let next = store.next_seq()?;
    if let Some(snapshot) = placing.snapshot(next) {
        store.save_dedup_snapshot(&snapshot)?;
    }
    let lines = store.storylines(usize::MAX)?.len();
    // Stories merged into older ones since their articles were placed are
    // counted once, as their survivor.
    let stories: HashSet<u64> = stories
        .into_iter()
        .map(|story| placing.story_root(story))
        .collect();
    let mut out = io::stdout().lock();
    if args.json {
        output::json_line(
            &mut out,
            &serde_json::json!({"articles": order.len(), "stories": stories.len(), "storylines": lines}),
        )?;
    } else {
        writeln!(
            out,
            "{} placed in {}, {}",
            output::count(order.len() as u64, "article", "articles"),
            output::count(stories.len() as u64, "story", "stories"),
            output::count(lines as u64, "storyline", "storylines")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
