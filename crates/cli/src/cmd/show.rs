//! `tidings show`: one stored article and its audit trail.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;
use tidings_store::{SqliteStore, Store, StoredArticle, StoredPlacement};

use tidings_model::{Annotations, Facts};

use crate::output::{
    self, DateJson, EventJson, MentionJson, ParagraphJson, RemovedJson, SentenceJson,
};
use crate::DbArg;

/// Arguments of `tidings show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article id, or a unique prefix of at least 6 hex digits.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print the article as one JSON object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    id: &'a str,
    source: &'a tidings_model::Origin,
    media_type: &'static str,
    encoding: &'a str,
    raw_bytes: u64,
    title: Option<&'a str>,
    lede: Option<&'a str>,
    lang: Option<&'a str>,
    published: Option<tidings_model::Published>,
    site: Option<&'a str>,
    url: Option<&'a str>,
    authors: &'a [String],
    text: &'a str,
    paragraphs: Vec<ParagraphJson<'a>>,
    removed: Vec<RemovedJson<'a>>,
    sentences: Vec<SentenceJson<'a>>,
    mentions: Vec<MentionJson<'a>>,
    entities: &'a [tidings_model::Entity],
    dates: Vec<DateJson<'a>>,
    events: Vec<EventJson<'a>>,
    quotes: &'a [tidings_model::Quote],
    figures: &'a [tidings_model::Figure],
    /// Its story, if the dedup stage placed it.
    story: Option<u64>,
    /// Its story's storyline, if any.
    storyline: Option<u64>,
    /// The first-seen article it copies, if any.
    duplicate_of: Option<String>,
    /// Its estimated similarity to that original.
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_similarity: Option<f32>,
}

impl<'a> ShowJson<'a> {
    fn new(
        stored: &'a StoredArticle,
        annotations: &'a Annotations,
        facts: &'a Facts,
        placement: Option<&StoredPlacement>,
    ) -> ShowJson<'a> {
        let article = &stored.article;
        ShowJson {
            id: article.id.as_str(),
            source: &stored.origin,
            media_type: stored.media_type.as_str(),
            encoding: &stored.encoding,
            raw_bytes: stored.raw_bytes,
            title: article.title.as_deref(),
            lede: article.lede.as_deref(),
            lang: article.lang.as_deref(),
            published: article.published,
            site: article.site.as_deref(),
            url: article.url.as_deref(),
            authors: &article.authors,
            text: &article.text,
            paragraphs: output::paragraphs(article),
            removed: output::removed(article),
            sentences: output::sentences(article, annotations),
            mentions: output::mentions(annotations),
            entities: &annotations.entities,
            dates: output::dates(annotations),
            events: facts
                .events
                .iter()
                .map(|event| EventJson::new(article, event))
                .collect(),
            quotes: &facts.quotes,
            figures: &facts.figures,
            story: placement.map(|p| p.story),
            storyline: placement.and_then(|p| p.storyline),
            duplicate_of: placement.and_then(|p| p.duplicate_of.as_ref().map(|id| id.to_string())),
            duplicate_similarity: placement.and_then(|p| p.similarity),
        }
    }
}

/// Runs `tidings show`.
pub fn run(args: Args) -> Result<ExitCode> {
    let store = SqliteStore::open_existing(&args.db.db)
        .with_context(|| format!("cannot open the store in {}", args.db.db.display()))?;
    let Some(stored) = store.article(&args.id)? else {
        anyhow::bail!(
            "no article with id {:?} in {}: `tidings search` lists ids",
            args.id,
            args.db.db.display()
        );
    };
    let annotations = store.annotations(&stored.article.id)?.unwrap_or_default();
    let facts = store.facts(&stored.article.id)?.unwrap_or_default();
    let placement = store.placement(&stored.article.id)?;
    let mut stdout = io::stdout().lock();
    if args.json {
        output::json_line(
            &mut stdout,
            &ShowJson::new(&stored, &annotations, &facts, placement.as_ref()),
        )?;
    } else {
        output::write_article(&mut stdout, &stored.article, &stored.origin)?;
        if let Some(placement) = &placement {
            let mut line = format!("story {}", placement.story);
            if let Some(storyline) = placement.storyline {
                line.push_str(&format!(", storyline {storyline}"));
            }
            if let Some(original) = &placement.duplicate_of {
                line.push_str(&format!(
                    "; copy of {original} (similarity {:.2})",
                    placement.similarity.unwrap_or(1.0)
                ));
            }
            writeln!(stdout, "{line}")?;
        }
        output::write_entities(&mut stdout, &annotations)?;
        output::write_facts(&mut stdout, &stored.article, &annotations, &facts)?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
