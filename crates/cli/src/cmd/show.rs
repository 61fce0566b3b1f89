//! `tidings show`: one stored article and its audit trail.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use serde::Serialize;
use tidings_store::{SqliteStore, Store, StoredArticle};

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
}

impl<'a> ShowJson<'a> {
    fn new(
        stored: &'a StoredArticle,
        annotations: &'a Annotations,
        facts: &'a Facts,
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
    let mut stdout = io::stdout().lock();
    if args.json {
        output::json_line(&mut stdout, &ShowJson::new(&stored, &annotations, &facts))?;
    } else {
        output::write_article(&mut stdout, &stored.article, &stored.origin)?;
        output::write_entities(&mut stdout, &annotations)?;
        output::write_facts(&mut stdout, &stored.article, &annotations, &facts)?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
