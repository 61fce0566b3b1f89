//! Exports of the store for analysis tools (`tidings export`): articles,
//! entities, events, quotes, figures or stories as JSON lines, CSV or (with
//! the `parquet` feature) Parquet, events as GDELT 2.0 event rows and
//! articles as GDELT GKG 2.1 rows. Rows go from
//! the store's cursor to the writer one at a time ([`Store::each_event`] and
//! its siblings), so memory does not grow with the archive.
//!
//! [`ExportConfig::new`] checks a request once (a format that fits the
//! rows, days that make sense); [`export`] writes it.

use std::io::Write;

use serde::Serialize;
use tidings_model::{Actor, Published};
use tidings_store::{
    DayRange, EntitySummary, EventFilter, Store, StoredArticle, StoredEvent, StoredFigure,
    StoredQuote, StorySummary,
};

use crate::error::{Error, Result};

/// How rows are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line, the shapes of the commands' `--json`.
    Jsonl,
    /// RFC 4180 CSV with a header row; lists joined with `;`.
    Csv,
    /// GDELT 2.0 event table rows (61 tab-separated columns, no header).
    GdeltEvents,
    /// GDELT GKG 2.1 rows (27 tab-separated columns, no header).
    GdeltGkg,
    /// A Parquet file: typed columns (days as DATE, instants as TIMESTAMP,
    /// lists as LIST), written a row group at a time.
    #[cfg(feature = "parquet")]
    Parquet,
}

impl Format {
    /// Every format's name, as `--format` takes it.
    #[cfg(feature = "parquet")]
    pub const NAMES: &'static [&'static str] =
        &["jsonl", "csv", "parquet", "gdelt-events", "gdelt-gkg"];
    /// Every format's name, as `--format` takes it.
    #[cfg(not(feature = "parquet"))]
    pub const NAMES: &'static [&'static str] = &["jsonl", "csv", "gdelt-events", "gdelt-gkg"];

    /// The format called `name`; `parquet` only in a build with the
    /// `parquet` feature (a build without it says so).
    pub fn parse(name: &str) -> std::result::Result<Format, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "jsonl" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "gdelt-events" => Ok(Format::GdeltEvents),
            "gdelt-gkg" => Ok(Format::GdeltGkg),
            #[cfg(feature = "parquet")]
            "parquet" => Ok(Format::Parquet),
            #[cfg(not(feature = "parquet"))]
            "parquet" => Err(
                "this tidings was built without Parquet: build it with `--features parquet` \
                 (the release build and CI have it), or use jsonl or csv (DuckDB, pandas and \
                 Polars read both)"
                    .to_string(),
            ),
            _ => Err(format!(
                "unknown export format {name:?}: use {}",
                Format::NAMES.join(", ")
            )),
        }
    }

    /// The rows a format exports when `--what` is not given.
    pub fn default_what(self) -> What {
        match self {
            Format::GdeltEvents => What::Events,
            _ => What::Articles,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::GdeltEvents => "gdelt-events",
            Format::GdeltGkg => "gdelt-gkg",
            #[cfg(feature = "parquet")]
            Format::Parquet => "parquet",
        }
    }
}

/// Which rows are exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Stored articles (filtered by publication day).
    Articles,
    /// Store-wide entities (no day filter).
    Entities,
    /// Merged events (filtered by the event's day).
    Events,
    /// Quotes (filtered by their article's publication day).
    Quotes,
    /// Figures (filtered by their article's publication day).
    Figures,
    /// Stories (filtered by the day of their last article).
    Stories,
}

impl What {
    /// Every kind of row's name, as `--what` takes it.
    pub const NAMES: &'static [&'static str] = &[
        "articles", "entities", "events", "quotes", "figures", "stories",
    ];

    /// The rows called `name`.
    pub fn parse(name: &str) -> std::result::Result<What, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "articles" => Ok(What::Articles),
            "entities" => Ok(What::Entities),
            "events" => Ok(What::Events),
            "quotes" => Ok(What::Quotes),
            "figures" => Ok(What::Figures),
            "stories" => Ok(What::Stories),
            _ => Err(format!(
                "unknown export rows {name:?}: use {}",
                What::NAMES.join(", ")
            )),
        }
    }

    fn name(self) -> &'static str {
        match self {
            What::Articles => "articles",
            What::Entities => "entities",
            What::Events => "events",
            What::Quotes => "quotes",
            What::Figures => "figures",
            What::Stories => "stories",
        }
    }
}

/// One checked export request.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportConfig {
    format: Format,
    what: What,
    days: DayRange,
    min_confidence: Option<f32>,
}

impl ExportConfig {
    /// Checks a request: the GDELT event table holds only events, the GKG
    /// only articles, entities have no day, and `since` is not after
    /// `until`. `what` defaults to [`Format::default_what`];
    /// `min_confidence` applies to events (`None`: every event).
    pub fn new(
        format: Format,
        what: Option<What>,
        days: DayRange,
        min_confidence: Option<f32>,
    ) -> Result<ExportConfig> {
        let what = what.unwrap_or(format.default_what());
        let bad = |why: String| Err(Error::BadExport(why));
        match (format, what) {
            (Format::GdeltEvents, What::Events) | (Format::GdeltGkg, What::Articles) => {}
            (Format::GdeltEvents | Format::GdeltGkg, _) => {
                return bad(format!(
                    "--format {} exports only {}, not {}: use --format jsonl or csv for {}",
                    format.name(),
                    format.default_what().name(),
                    what.name(),
                    what.name()
                ))
            }
            _ => {}
        }
        if what == What::Entities && (days.since.is_some() || days.until.is_some()) {
            return bad(
                "--since/--until do not apply to entities (they have no day): leave them out"
                    .to_string(),
            );
        }
        if let (Some(since), Some(until)) = (days.since, days.until) {
            if since > until {
                return bad(format!(
                    "--since {since} is after --until {until}: nothing could match"
                ));
            }
        }
        Ok(ExportConfig {
            format,
            what,
            days,
            min_confidence,
        })
    }

    /// The rows this request exports.
    pub fn what(&self) -> What {
        self.what
    }
}

/// Writes the rows `config` asks for to `out`, calling `progress` with the
/// number of rows written so far after each row; returns how many rows were
/// written. A write error stops the walk ([`Error::Write`]).
pub fn export(
    store: &dyn Store,
    config: &ExportConfig,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<u64> {
    let mut rows = 0u64;
    let mut sink = Sink {
        out,
        format: config.format,
        header: false,
        #[cfg(feature = "parquet")]
        table: match config.format {
            Format::Parquet => Some(
                crate::columnar::Table::new(config.what.name(), parquet_columns(config.what))
                    .map_err(Error::Write)?,
            ),
            _ => None,
        },
    };
    let mut emitted = |sink_result: std::io::Result<()>| -> tidings_store::Result<()> {
        sink_result.map_err(|err| tidings_store::Error::Stopped(Box::new(err)))?;
        rows += 1;
        progress(rows);
        Ok(())
    };
    let days = config.days;
    let walked = match config.what {
        What::Articles => store.each_article(&days, &mut |stored| {
            let written = article_row(store, &mut sink, &stored)?;
            emitted(written)
        }),
        What::Entities => store.each_entity(None, &mut |entity| emitted(sink.entity(&entity))),
        What::Events => {
            let filter = EventFilter {
                since: days.since,
                until: days.until,
                min_confidence: config.min_confidence.filter(|p| *p > 0.0),
                ..EventFilter::default()
            };
            let mut tones = ArticleTones::default();
            store.each_event(&filter, &mut |event| {
                let tone = tones.of_event(store, &event)?;
                emitted(sink.event(&event, tone))
            })
        }
        What::Quotes => store.each_quote(&days, &mut |quote| emitted(sink.quote(&quote))),
        What::Figures => store.each_figure(&days, &mut |figure| emitted(sink.figure(&figure))),
        What::Stories => store.each_story(&days, &mut |story| emitted(sink.story(&story))),
    };
    match walked {
        Ok(()) => {}
        Err(tidings_store::Error::Stopped(why)) => {
            return Err(match why.downcast::<std::io::Error>() {
                Ok(io) => Error::Write(*io),
                Err(other) => Error::BadExport(other.to_string()),
            })
        }
        Err(err) => return Err(Error::store("cannot read the store to export")(err)),
    }
    // A CSV export of nothing still says what its columns are.
    if config.format == Format::Csv && !sink.header {
        sink.csv_header(config.what).map_err(Error::Write)?;
    }
    // A Parquet file ends with its footer (the schema, even of no rows).
    #[cfg(feature = "parquet")]
    if let Some(table) = sink.table.take() {
        table.finish(&mut *sink.out).map_err(Error::Write)?;
    }
    sink.out.flush().map_err(Error::Write)?;
    Ok(rows)
}

/// An event as a JSON line: the stored event and the mean tone of its
/// reporting articles.
#[derive(Serialize)]
struct EventExport<'a> {
    #[serde(flatten)]
    event: &'a StoredEvent,
    /// The mean tone of the articles its evidence lists (GDELT's AvgTone);
    /// null when none is in English.
    avg_tone: Option<f32>,
}

/// Articles kept in the tone cache of an event export before it starts
/// afresh (so memory does not grow with the archive).
const TONE_CACHE: usize = 4096;

/// The tone of articles read for an event export, each read once while
/// the cache holds it.
#[derive(Default)]
struct ArticleTones {
    tones: std::collections::HashMap<String, Option<f32>>,
}

impl ArticleTones {
    /// The mean tone of the articles `event`'s evidence lists (GDELT's
    /// AvgTone over the reporting documents; the store keeps up to three
    /// reports per event), `None` when none of them is in English.
    fn of_event(
        &mut self,
        store: &dyn Store,
        event: &StoredEvent,
    ) -> tidings_store::Result<Option<f32>> {
        let mut seen = Vec::new();
        let (mut sum, mut n) = (0.0f32, 0u32);
        for evidence in &event.evidence {
            let id = evidence.id.as_str();
            if seen.contains(&id) {
                continue;
            }
            seen.push(id);
            if !self.tones.contains_key(id) {
                if self.tones.len() >= TONE_CACHE {
                    self.tones.clear();
                }
                let tone = store.article(id)?.and_then(|stored| {
                    tidings_extract::tone::tone(
                        &stored.article.text,
                        stored.article.lang.as_deref(),
                    )
                    .map(|tone| tone.score)
                });
                self.tones.insert(id.to_string(), tone);
            }
            if let Some(Some(tone)) = self.tones.get(id) {
                sum += tone;
                n += 1;
            }
        }
        Ok((n > 0).then(|| sum / n as f32))
    }
}

/// An article's row: the stored article, with what the GKG or the article
/// record needs read beside it (one article at a time).
fn article_row(
    store: &dyn Store,
    sink: &mut Sink<'_>,
    stored: &StoredArticle,
) -> tidings_store::Result<std::io::Result<()>> {
    let id = &stored.article.id;
    let placement = store.placement(id)?;
    if sink.format == Format::GdeltGkg {
        let annotations = store.annotations(id)?.unwrap_or_default();
        let facts = store.facts(id)?.unwrap_or_default();
        let row = crate::gdelt::gkg_row(&stored.article, &annotations, &facts);
        return Ok(sink.tabbed(&row));
    }
    #[cfg(feature = "parquet")]
    if sink.format == Format::Parquet {
        use crate::columnar::Value;
        let article = &stored.article;
        let (day, at) = published(article.published);
        let row = [
            Value::Text(id.as_str()),
            Value::text(article.title.as_deref()),
            Value::text(article.lede.as_deref()),
            Value::text(article.lang.as_deref()),
            day,
            at,
            Value::text(article.site.as_deref()),
            Value::text(article.url.as_deref()),
            Value::List(&article.authors),
            Value::text(stored.origin.path.as_deref()),
            Value::count_or_null(stored.origin.record),
            Value::Text(stored.media_type.as_str()),
            Value::Text(&stored.encoding),
            Value::count(stored.raw_bytes),
            stored.fetched.map_or(Value::Null, Value::Timestamp),
            Value::count_or_null(placement.as_ref().map(|p| p.story)),
            Value::count_or_null(placement.as_ref().and_then(|p| p.storyline)),
            placement
                .as_ref()
                .and_then(|p| p.duplicate_of.as_ref())
                .map_or(Value::Null, |id| Value::Text(id.as_str())),
            Value::Text(&article.text),
        ];
        return Ok(sink.parquet(&row));
    }
    let record = ArticleExport {
        id: id.as_str(),
        source: &stored.origin,
        media_type: stored.media_type.as_str(),
        encoding: &stored.encoding,
        raw_bytes: stored.raw_bytes,
        title: stored.article.title.as_deref(),
        lede: stored.article.lede.as_deref(),
        lang: stored.article.lang.as_deref(),
        published: stored.article.published,
        site: stored.article.site.as_deref(),
        url: stored.article.url.as_deref(),
        authors: &stored.article.authors,
        text: &stored.article.text,
        story: placement.as_ref().map(|p| p.story),
        storyline: placement.as_ref().and_then(|p| p.storyline),
        duplicate_of: placement
            .as_ref()
            .and_then(|p| p.duplicate_of.as_ref())
            .map(|id| id.to_string()),
    };
    Ok(sink.article(&record))
}

/// An article as exported: the fields of `tidings show --json` that are the
/// article itself (no annotations or facts: those have their own exports).
#[derive(Debug, Serialize)]
struct ArticleExport<'a> {
    id: &'a str,
    source: &'a tidings_model::Origin,
    media_type: &'static str,
    encoding: &'a str,
    raw_bytes: u64,
    title: Option<&'a str>,
    lede: Option<&'a str>,
    lang: Option<&'a str>,
    published: Option<Published>,
    site: Option<&'a str>,
    url: Option<&'a str>,
    authors: &'a [String],
    text: &'a str,
    story: Option<u64>,
    storyline: Option<u64>,
    duplicate_of: Option<String>,
}

/// Where rows go, in one format.
struct Sink<'a> {
    out: &'a mut dyn Write,
    format: Format,
    /// Whether the CSV header was written.
    header: bool,
    /// The Parquet file being written (`Format::Parquet` only).
    #[cfg(feature = "parquet")]
    table: Option<crate::columnar::Table>,
}

/// CSV columns of each kind of row, in order.
const ARTICLE_COLUMNS: &[&str] = &[
    "id",
    "title",
    "lede",
    "lang",
    "published",
    "site",
    "url",
    "authors",
    "media_type",
    "encoding",
    "raw_bytes",
    "story",
    "storyline",
    "duplicate_of",
    "text",
];
const ENTITY_COLUMNS: &[&str] = &[
    "id", "name", "kind", "aliases", "country", "roles", "mentions", "articles",
];
const EVENT_COLUMNS: &[&str] = &[
    "id",
    "date",
    "date_source",
    "source_code",
    "source_country",
    "source_sector",
    "source_text",
    "target_code",
    "target_country",
    "target_sector",
    "target_text",
    "plover",
    "mode",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "place",
    "mentions",
    "articles",
    "sources",
    "stories",
    "source_url",
];
const QUOTE_COLUMNS: &[&str] = &[
    "id",
    "published",
    "title",
    "speaker",
    "text",
    "cue",
    "direct",
    "story",
    "reports",
];
const FIGURE_COLUMNS: &[&str] = &[
    "id",
    "published",
    "title",
    "kind",
    "value",
    "high",
    "qualifier",
    "counts",
    "unit",
    "source",
    "words",
    "sentence",
    "story",
    "reports",
];
const STORY_COLUMNS: &[&str] = &[
    "id",
    "title",
    "storyline",
    "first_seen",
    "last_seen",
    "articles",
    "duplicates",
    "sources",
    "entities",
];

impl Sink<'_> {
    fn article(&mut self, record: &ArticleExport<'_>) -> std::io::Result<()> {
        match self.format {
            Format::Csv => {
                let fields = [
                    record.id.to_string(),
                    opt(record.title),
                    opt(record.lede),
                    opt(record.lang),
                    record.published.map(|p| p.to_string()).unwrap_or_default(),
                    opt(record.site),
                    opt(record.url),
                    record.authors.join(";"),
                    record.media_type.to_string(),
                    record.encoding.to_string(),
                    record.raw_bytes.to_string(),
                    num(record.story),
                    num(record.storyline),
                    record.duplicate_of.clone().unwrap_or_default(),
                    record.text.to_string(),
                ];
                self.csv(What::Articles, &fields)
            }
            _ => self.json(record),
        }
    }

    fn entity(&mut self, entity: &EntitySummary) -> std::io::Result<()> {
        match self.format {
            Format::Csv => {
                let fields = [
                    entity.id.to_string(),
                    entity.name.clone(),
                    entity.kind.as_str().to_string(),
                    entity.aliases.join(";"),
                    entity.country.clone().unwrap_or_default(),
                    entity.roles.join(";"),
                    entity.mentions.to_string(),
                    entity.articles.to_string(),
                ];
                self.csv(What::Entities, &fields)
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                use crate::columnar::Value;
                self.parquet(&[
                    Value::Int(entity.id),
                    Value::Text(&entity.name),
                    Value::Text(entity.kind.as_str()),
                    Value::List(&entity.aliases),
                    Value::text(entity.country.as_deref()),
                    Value::List(&entity.roles),
                    Value::count(entity.mentions),
                    Value::count(entity.articles),
                ])
            }
            _ => self.json(entity),
        }
    }

    fn event(&mut self, event: &StoredEvent, avg_tone: Option<f32>) -> std::io::Result<()> {
        match self.format {
            Format::Csv => {
                let actor = |actor: &Option<Actor>| match actor {
                    Some(actor) => [
                        actor.code.clone().unwrap_or_default(),
                        actor.country.clone().unwrap_or_default(),
                        actor.sector.clone().unwrap_or_default(),
                        actor.text.clone(),
                    ],
                    None => Default::default(),
                };
                let [source_code, source_country, source_sector, source_text] =
                    actor(&event.source);
                let [target_code, target_country, target_sector, target_text] =
                    actor(&event.target);
                let fields = [
                    event.id.to_string(),
                    event.date.map(|d| d.to_string()).unwrap_or_default(),
                    event.date_source.map(serde_name).unwrap_or_default(),
                    source_code,
                    source_country,
                    source_sector,
                    source_text,
                    target_code,
                    target_country,
                    target_sector,
                    target_text,
                    event.plover.clone(),
                    event.mode.clone().unwrap_or_default(),
                    event.cameo.clone(),
                    event.root.clone(),
                    event.quad_class.to_string(),
                    event.goldstein.to_string(),
                    event.place.clone().unwrap_or_default(),
                    event.mentions.to_string(),
                    event.articles.to_string(),
                    event.sources.to_string(),
                    event.stories.to_string(),
                    event.source_url.clone().unwrap_or_default(),
                ];
                self.csv(What::Events, &fields)
            }
            Format::GdeltEvents => self.tabbed(&crate::gdelt::event_row(event, avg_tone)),
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                use crate::columnar::Value;
                let date_source = event.date_source.map(serde_name);
                fn actor(actor: &Option<Actor>) -> [Value<'_>; 4] {
                    match actor {
                        Some(actor) => [
                            Value::text(actor.code.as_deref()),
                            Value::text(actor.country.as_deref()),
                            Value::text(actor.sector.as_deref()),
                            Value::Text(&actor.text),
                        ],
                        None => [Value::Null; 4],
                    }
                }
                let [source_code, source_country, source_sector, source_text] =
                    actor(&event.source);
                let [target_code, target_country, target_sector, target_text] =
                    actor(&event.target);
                self.parquet(&[
                    Value::Int(event.id),
                    event.date.map_or(Value::Null, Value::Date),
                    Value::text(date_source.as_deref()),
                    source_code,
                    source_country,
                    source_sector,
                    source_text,
                    target_code,
                    target_country,
                    target_sector,
                    target_text,
                    Value::Text(&event.plover),
                    Value::text(event.mode.as_deref()),
                    Value::Text(&event.cameo),
                    Value::Text(&event.root),
                    Value::Int(i64::from(event.quad_class)),
                    Value::Float(event.goldstein),
                    Value::text(event.place.as_deref()),
                    Value::count(event.mentions),
                    Value::count(event.articles),
                    Value::count(event.sources),
                    Value::count(event.stories),
                    Value::text(event.source_url.as_deref()),
                ])
            }
            _ => self.json(&EventExport { event, avg_tone }),
        }
    }

    fn quote(&mut self, quote: &StoredQuote) -> std::io::Result<()> {
        match self.format {
            Format::Csv => {
                let fields = [
                    quote.id.to_string(),
                    day(quote.published),
                    quote.title.clone().unwrap_or_default(),
                    quote.speaker.clone().unwrap_or_default(),
                    quote.text.clone(),
                    quote.cue.clone(),
                    quote.direct.to_string(),
                    num(quote.story),
                    quote.reports.to_string(),
                ];
                self.csv(What::Quotes, &fields)
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                use crate::columnar::Value;
                let (day, at) = published(quote.published);
                self.parquet(&[
                    Value::Text(quote.id.as_str()),
                    day,
                    at,
                    Value::text(quote.title.as_deref()),
                    Value::text(quote.speaker.as_deref()),
                    Value::Text(&quote.text),
                    Value::Text(&quote.cue),
                    Value::Bool(quote.direct),
                    Value::count_or_null(quote.story),
                    Value::count(quote.reports),
                ])
            }
            _ => self.json(quote),
        }
    }

    fn figure(&mut self, figure: &StoredFigure) -> std::io::Result<()> {
        match self.format {
            Format::Csv => {
                let fields = [
                    figure.id.to_string(),
                    day(figure.published),
                    figure.title.clone().unwrap_or_default(),
                    figure.kind.clone(),
                    figure.value.to_string(),
                    figure.high.map(|h| h.to_string()).unwrap_or_default(),
                    serde_name(figure.qualifier),
                    figure.counts.clone(),
                    figure.unit.clone().unwrap_or_default(),
                    figure.source.clone().unwrap_or_default(),
                    figure.words.clone().unwrap_or_default(),
                    figure.sentence.clone(),
                    num(figure.story),
                    figure.reports.to_string(),
                ];
                self.csv(What::Figures, &fields)
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                use crate::columnar::Value;
                let (day, at) = published(figure.published);
                let qualifier = serde_name(figure.qualifier);
                self.parquet(&[
                    Value::Text(figure.id.as_str()),
                    day,
                    at,
                    Value::text(figure.title.as_deref()),
                    Value::Text(&figure.kind),
                    Value::Double(figure.value),
                    figure.high.map_or(Value::Null, Value::Double),
                    Value::Text(&qualifier),
                    Value::Text(&figure.counts),
                    Value::text(figure.unit.as_deref()),
                    Value::text(figure.source.as_deref()),
                    Value::text(figure.words.as_deref()),
                    Value::Text(&figure.sentence),
                    Value::count_or_null(figure.story),
                    Value::count(figure.reports),
                ])
            }
            _ => self.json(figure),
        }
    }

    fn story(&mut self, story: &StorySummary) -> std::io::Result<()> {
        match self.format {
            Format::Csv => {
                let time =
                    |t: Option<jiff::Timestamp>| t.map(|t| t.to_string()).unwrap_or_default();
                let fields = [
                    story.id.to_string(),
                    story.title.clone().unwrap_or_default(),
                    num(story.storyline),
                    time(story.first_seen),
                    time(story.last_seen),
                    story.articles.to_string(),
                    story.duplicates.to_string(),
                    story.sources.to_string(),
                    story.entities.join(";"),
                ];
                self.csv(What::Stories, &fields)
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                use crate::columnar::Value;
                let time = |t: Option<jiff::Timestamp>| t.map_or(Value::Null, Value::Timestamp);
                self.parquet(&[
                    Value::count(story.id),
                    Value::text(story.title.as_deref()),
                    Value::count_or_null(story.storyline),
                    time(story.first_seen),
                    time(story.last_seen),
                    Value::count(story.articles),
                    Value::count(story.duplicates),
                    Value::count(story.sources),
                    Value::List(&story.entities),
                ])
            }
            _ => self.json(story),
        }
    }

    /// A Parquet row, in the order of [`parquet_columns`].
    #[cfg(feature = "parquet")]
    fn parquet(&mut self, row: &[crate::columnar::Value<'_>]) -> std::io::Result<()> {
        match self.table.as_mut() {
            Some(table) => table.push(row, &mut *self.out),
            None => Err(std::io::Error::other("parquet export: no table")),
        }
    }

    fn json(&mut self, row: &impl Serialize) -> std::io::Result<()> {
        serde_json::to_writer(&mut *self.out, row).map_err(std::io::Error::from)?;
        self.out.write_all(b"\n")
    }

    fn csv_header(&mut self, what: What) -> std::io::Result<()> {
        self.header = true;
        let columns = match what {
            What::Articles => ARTICLE_COLUMNS,
            What::Entities => ENTITY_COLUMNS,
            What::Events => EVENT_COLUMNS,
            What::Quotes => QUOTE_COLUMNS,
            What::Figures => FIGURE_COLUMNS,
            What::Stories => STORY_COLUMNS,
        };
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        write_csv_record(&mut *self.out, &columns)
    }

    fn csv(&mut self, what: What, fields: &[String]) -> std::io::Result<()> {
        if !self.header {
            self.csv_header(what)?;
        }
        write_csv_record(&mut *self.out, fields)
    }

    /// A GDELT row: fields joined by tabs, a tab or line break inside a field
    /// made a space (GDELT's files have neither inside fields).
    fn tabbed(&mut self, fields: &[String]) -> std::io::Result<()> {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            if field.contains(['\t', '\n', '\r']) {
                self.out
                    .write_all(field.replace(['\t', '\n', '\r'], " ").as_bytes())?;
            } else {
                self.out.write_all(field.as_bytes())?;
            }
        }
        self.out.write_all(b"\n")
    }
}

/// One CSV record as RFC 4180 writes it: a field holding a comma, a quote or
/// a line break is quoted, quotes doubled; records end in CRLF.
///
/// Our own few lines rather than the `csv` crate: quoting is all we need.
fn write_csv_record(out: &mut dyn Write, fields: &[String]) -> std::io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if field.contains([',', '"', '\n', '\r']) {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

/// The Parquet columns of each kind of row, in order: the CSV columns with
/// their types, except that a publication is two columns, `published` (the
/// day, DATE) and `published_at` (the instant, TIMESTAMP, null when only
/// the day is known), and an article's source is `source_path` and
/// `source_record`, with `fetched` beside it.
#[cfg(feature = "parquet")]
fn parquet_columns(what: What) -> &'static [crate::columnar::Column] {
    use crate::columnar::{optional as opt, required as req, Column, Kind::*};
    const ARTICLES: &[Column] = &[
        req("id", Text),
        opt("title", Text),
        opt("lede", Text),
        opt("lang", Text),
        opt("published", Date),
        opt("published_at", Timestamp),
        opt("site", Text),
        opt("url", Text),
        req("authors", TextList),
        opt("source_path", Text),
        opt("source_record", Int64),
        req("media_type", Text),
        req("encoding", Text),
        req("raw_bytes", Int64),
        opt("fetched", Timestamp),
        opt("story", Int64),
        opt("storyline", Int64),
        opt("duplicate_of", Text),
        req("text", Text),
    ];
    const ENTITIES: &[Column] = &[
        req("id", Int64),
        req("name", Text),
        req("kind", Text),
        req("aliases", TextList),
        opt("country", Text),
        req("roles", TextList),
        req("mentions", Int64),
        req("articles", Int64),
    ];
    const EVENTS: &[Column] = &[
        req("id", Int64),
        opt("date", Date),
        opt("date_source", Text),
        opt("source_code", Text),
        opt("source_country", Text),
        opt("source_sector", Text),
        opt("source_text", Text),
        opt("target_code", Text),
        opt("target_country", Text),
        opt("target_sector", Text),
        opt("target_text", Text),
        req("plover", Text),
        opt("mode", Text),
        req("cameo", Text),
        req("root", Text),
        req("quad_class", Int32),
        req("goldstein", Float),
        opt("place", Text),
        req("mentions", Int64),
        req("articles", Int64),
        req("sources", Int64),
        req("stories", Int64),
        opt("source_url", Text),
    ];
    const QUOTES: &[Column] = &[
        req("id", Text),
        opt("published", Date),
        opt("published_at", Timestamp),
        opt("title", Text),
        opt("speaker", Text),
        req("text", Text),
        req("cue", Text),
        req("direct", Bool),
        opt("story", Int64),
        req("reports", Int64),
    ];
    const FIGURES: &[Column] = &[
        req("id", Text),
        opt("published", Date),
        opt("published_at", Timestamp),
        opt("title", Text),
        req("kind", Text),
        req("value", Double),
        opt("high", Double),
        req("qualifier", Text),
        req("counts", Text),
        opt("unit", Text),
        opt("source", Text),
        opt("words", Text),
        req("sentence", Text),
        opt("story", Int64),
        req("reports", Int64),
    ];
    const STORIES: &[Column] = &[
        req("id", Int64),
        opt("title", Text),
        opt("storyline", Int64),
        opt("first_seen", Timestamp),
        opt("last_seen", Timestamp),
        req("articles", Int64),
        req("duplicates", Int64),
        req("sources", Int64),
        req("entities", TextList),
    ];
    match what {
        What::Articles => ARTICLES,
        What::Entities => ENTITIES,
        What::Events => EVENTS,
        What::Quotes => QUOTES,
        What::Figures => FIGURES,
        What::Stories => STORIES,
    }
}

/// A publication as Parquet's `published` (the day) and `published_at`
/// (the instant, when known).
#[cfg(feature = "parquet")]
fn published(
    published: Option<Published>,
) -> (
    crate::columnar::Value<'static>,
    crate::columnar::Value<'static>,
) {
    use crate::columnar::Value;
    match published {
        None => (Value::Null, Value::Null),
        Some(Published::Day(day)) => (Value::Date(day), Value::Null),
        Some(at @ Published::At(instant)) => (Value::Date(at.date()), Value::Timestamp(instant)),
    }
}

fn opt(text: Option<&str>) -> String {
    text.unwrap_or_default().to_string()
}

fn num(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn day(published: Option<Published>) -> String {
    published.map(|p| p.to_string()).unwrap_or_default()
}

/// The name serde gives a unit variant (`sentence`, `at-least`).
fn serde_name(value: impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_they_must_be() {
        let mut out = Vec::new();
        let fields = [
            "plain".to_string(),
            "a, b".to_string(),
            "say \"hi\"".to_string(),
            "two\nlines".to_string(),
            String::new(),
        ];
        write_csv_record(&mut out, &fields).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a, b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n"
        );
    }

    #[test]
    fn formats_and_rows_must_fit() {
        let days = DayRange::default();
        assert!(ExportConfig::new(Format::GdeltEvents, Some(What::Events), days, None).is_ok());
        assert_eq!(
            ExportConfig::new(Format::GdeltEvents, None, days, None)
                .unwrap()
                .what(),
            What::Events
        );
        assert_eq!(
            ExportConfig::new(Format::GdeltGkg, None, days, None)
                .unwrap()
                .what(),
            What::Articles
        );
        let err = ExportConfig::new(Format::GdeltEvents, Some(What::Quotes), days, None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("exports only events"), "{err}");
        let since = DayRange {
            since: Some(jiff::civil::date(2026, 3, 1)),
            until: Some(jiff::civil::date(2026, 2, 1)),
        };
        assert!(ExportConfig::new(Format::Csv, Some(What::Events), since, None).is_err());
        let entity_days = DayRange {
            since: Some(jiff::civil::date(2026, 3, 1)),
            until: None,
        };
        assert!(ExportConfig::new(Format::Jsonl, Some(What::Entities), entity_days, None).is_err());
        #[cfg(not(feature = "parquet"))]
        assert!(Format::parse("parquet")
            .unwrap_err()
            .contains("--features parquet"));
        #[cfg(feature = "parquet")]
        assert_eq!(Format::parse("Parquet").unwrap(), Format::Parquet);
        assert_eq!(Format::parse("GDELT-GKG").unwrap(), Format::GdeltGkg);
        assert!(What::parse("people").is_err());
    }
}
