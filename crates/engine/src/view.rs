//! The JSON views of a stored article and its parts, shared by the CLI
//! (`tidings show --json`, `analyze --json`) and the server
//! (`/api/articles/{id}`): every span with its text beside it, so that a
//! reader need not slice the text. These shapes are a contract: fields are
//! added, never renamed.

use serde::Serialize;
use tidings_model::{Annotations, Article, DatePrecision, DateSource, EntityKind, Facts, Reason};
use tidings_store::{StoredArticle, StoredPlacement};

/// One paragraph with its span and its text.
#[derive(Debug, Serialize)]
pub struct ParagraphJson<'a> {
    /// First byte in `text`.
    pub start: usize,
    /// One past the last byte in `text`.
    pub end: usize,
    /// The paragraph.
    pub text: &'a str,
}

/// One removed block.
#[derive(Debug, Serialize)]
pub struct RemovedJson<'a> {
    /// The block's text.
    pub text: &'a str,
    /// The signal that removed it (`ui-word`, `language`, `boilerplate` …).
    pub reason: Reason,
    /// What exactly fired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'a str>,
}

/// A sentence with its span and text.
#[derive(Debug, Serialize)]
pub struct SentenceJson<'a> {
    /// First byte in `text`.
    pub start: usize,
    /// One past the last byte in `text`.
    pub end: usize,
    /// The sentence.
    pub text: &'a str,
    /// How many tokens it has.
    pub tokens: usize,
}

/// A named mention.
#[derive(Debug, Serialize)]
pub struct MentionJson<'a> {
    /// First byte in `text`.
    pub start: usize,
    /// One past the last byte in `text`.
    pub end: usize,
    /// The name as written.
    pub text: &'a str,
    /// `person`, `organisation`, `location` or `other`.
    pub kind: EntityKind,
    /// Index of its sentence in `sentences`.
    pub sentence: usize,
    /// Index of its entity in `entities`.
    pub entity: usize,
    /// The entity's canonical name (for readers who do not follow indexes).
    pub name: &'a str,
}

/// A date expression.
#[derive(Debug, Serialize)]
pub struct DateJson<'a> {
    /// First byte in `text`.
    pub start: usize,
    /// One past the last byte in `text`.
    pub end: usize,
    /// The expression as written.
    pub text: &'a str,
    /// The day it resolves to, or null without a publication date.
    pub date: Option<String>,
    /// `day`, `month` or `year`.
    pub precision: DatePrecision,
}

/// A coded event, with actor codes as plain strings.
#[derive(Debug, Serialize)]
pub struct EventJson<'a> {
    /// Source actor code (`RUSGOV`), or null.
    pub source: Option<&'a str>,
    /// Target actor code, or null.
    pub target: Option<&'a str>,
    /// The words naming the source.
    pub source_text: Option<&'a str>,
    /// The words naming the target.
    pub target_text: Option<&'a str>,
    /// PLOVER type.
    pub plover: &'a str,
    /// PLOVER mode.
    pub mode: Option<&'a str>,
    /// CAMEO code.
    pub cameo: &'a str,
    /// CAMEO root.
    pub root: &'a str,
    /// GDELT quad class.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// The day, or null (only when the article has no date at all).
    pub date: Option<String>,
    /// Where the day comes from: `sentence` (a date expression in it),
    /// `paragraph` (the nearest one before it in its paragraph) or
    /// `published` (the publication date); null when undated.
    pub date_source: Option<DateSource>,
    /// Where, as written.
    pub place: Option<&'a str>,
    /// The sentence's span (the evidence).
    pub span: tidings_model::Span,
    /// The sentence's text.
    pub sentence: &'a str,
    /// The words that triggered the code.
    pub trigger: &'a str,
    /// How sure the coder is.
    pub confidence: f32,
    /// The tone of its sentence (positive minus negative words, in
    /// percent); null for an article not in English.
    pub tone: Option<f32>,
}

impl<'a> EventJson<'a> {
    /// The JSON view of an event of `article`.
    pub fn new(article: &'a Article, event: &'a tidings_model::Event) -> EventJson<'a> {
        let code = |actor: &'a Option<tidings_model::Actor>| {
            actor.as_ref().and_then(|a| a.code.as_deref())
        };
        let words =
            |actor: &'a Option<tidings_model::Actor>| actor.as_ref().map(|a| a.text.as_str());
        EventJson {
            source: code(&event.source),
            target: code(&event.target),
            source_text: words(&event.source),
            target_text: words(&event.target),
            plover: &event.plover,
            mode: event.mode.as_deref(),
            cameo: &event.cameo,
            root: &event.root,
            quad_class: event.quad_class,
            goldstein: event.goldstein,
            date: event.date.map(|d| d.to_string()),
            date_source: event.date_source,
            place: event.place.as_deref(),
            span: event.span,
            sentence: event.span.slice(&article.text).unwrap_or(""),
            trigger: event.trigger.slice(&article.text).unwrap_or(""),
            confidence: event.confidence,
            tone: tidings_extract::tone::tone(
                event.span.slice(&article.text).unwrap_or(""),
                article.lang.as_deref(),
            )
            .map(|tone| tone.score),
        }
    }
}

/// An article's own fields and everything found in it: the part of
/// [`ArticleView`] and of `tidings analyze --json` that the two share
/// (flattened into each, so the JSON has these fields at its top level).
#[derive(Debug, Serialize)]
pub struct ArticleBody<'a> {
    /// Tone of the clean text (GDELT's AvgTone idea: positive minus
    /// negative words, in percent); `null` for a text not in English.
    pub tone: Option<tidings_extract::tone::Tone>,
    /// Headline.
    pub title: Option<&'a str>,
    /// First paragraph or declared summary.
    pub lede: Option<&'a str>,
    /// ISO 639-1 language code.
    pub lang: Option<&'a str>,
    /// `YYYY-MM-DD` or an RFC 3339 instant.
    pub published: Option<tidings_model::Published>,
    /// Site name or host.
    pub site: Option<&'a str>,
    /// Canonical URL.
    pub url: Option<&'a str>,
    /// Bylines.
    pub authors: &'a [String],
    /// Clean body text (paragraphs joined by a blank line).
    pub text: &'a str,
    /// Paragraph spans into `text`, with their text.
    pub paragraphs: Vec<ParagraphJson<'a>>,
    /// Every block cleaning dropped, with its reason.
    pub removed: Vec<RemovedJson<'a>>,
    /// Sentences of `text`.
    pub sentences: Vec<SentenceJson<'a>>,
    /// Named mentions in `text`.
    pub mentions: Vec<MentionJson<'a>>,
    /// The document's entities (mentions point at them by index).
    pub entities: &'a [tidings_model::Entity],
    /// Date expressions, resolved against `published`.
    pub dates: Vec<DateJson<'a>>,
    /// Coded events, each with its evidence span.
    pub events: Vec<EventJson<'a>>,
    /// Quotes with speakers: `speaker`, `text`, `direct`, `cue`, `span`.
    pub quotes: &'a [tidings_model::Quote],
    /// Figures: `kind`, `value`, `qualifier`, `counts`, `source`, `span`;
    /// for a range also `high` (its upper end) and, for vague amounts,
    /// `words` ("Hundreds").
    pub figures: &'a [tidings_model::Figure],
}

impl<'a> ArticleBody<'a> {
    /// The fields of `article` with its annotations and facts.
    pub fn new(article: &'a Article, annotations: &'a Annotations, facts: &'a Facts) -> Self {
        ArticleBody {
            tone: tidings_extract::tone::tone(&article.text, article.lang.as_deref()),
            title: article.title.as_deref(),
            lede: article.lede.as_deref(),
            lang: article.lang.as_deref(),
            published: article.published,
            site: article.site.as_deref(),
            url: article.url.as_deref(),
            authors: &article.authors,
            text: &article.text,
            paragraphs: paragraphs(article),
            removed: removed(article),
            sentences: sentences(article, annotations),
            mentions: mentions(annotations),
            entities: &annotations.entities,
            dates: dates(annotations),
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

/// One stored article with everything known of it: what `tidings show
/// --json` prints.
#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    /// Content hash of the raw bytes.
    pub id: &'a str,
    /// Where the raw document came from.
    pub source: &'a tidings_model::Origin,
    /// `text` or `html`.
    pub media_type: &'static str,
    /// Encoding the bytes were decoded from.
    pub encoding: &'a str,
    /// Size of the raw bytes.
    pub raw_bytes: u64,
    /// The article and what was found in it.
    #[serde(flatten)]
    pub body: ArticleBody<'a>,
    /// Its story, if the dedup stage placed it.
    pub story: Option<u64>,
    /// Its story's storyline, if any.
    pub storyline: Option<u64>,
    /// The first-seen article it copies, if any.
    pub duplicate_of: Option<String>,
    /// Its estimated similarity to that original.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_similarity: Option<f32>,
}

impl<'a> ArticleView<'a> {
    /// The view of a stored article with its annotations, facts and placement.
    pub fn new(
        stored: &'a StoredArticle,
        annotations: &'a Annotations,
        facts: &'a Facts,
        placement: Option<&StoredPlacement>,
    ) -> ArticleView<'a> {
        let article = &stored.article;
        ArticleView {
            id: article.id.as_str(),
            source: &stored.origin,
            media_type: stored.media_type.as_str(),
            encoding: &stored.encoding,
            raw_bytes: stored.raw_bytes,
            body: ArticleBody::new(article, annotations, facts),
            story: placement.map(|p| p.story),
            storyline: placement.and_then(|p| p.storyline),
            duplicate_of: placement.and_then(|p| p.duplicate_of.as_ref().map(|id| id.to_string())),
            duplicate_similarity: placement.and_then(|p| p.similarity),
        }
    }
}

/// The sentences of an article with their spans.
pub fn sentences<'a>(article: &'a Article, annotations: &Annotations) -> Vec<SentenceJson<'a>> {
    annotations
        .sentences
        .iter()
        .map(|sentence| SentenceJson {
            start: sentence.span.start,
            end: sentence.span.end,
            text: sentence.span.slice(&article.text).unwrap_or(""),
            tokens: sentence.tokens.len(),
        })
        .collect()
}

/// The mentions of an article with their entity's name.
pub fn mentions(annotations: &Annotations) -> Vec<MentionJson<'_>> {
    annotations
        .mentions
        .iter()
        .map(|mention| MentionJson {
            start: mention.span.start,
            end: mention.span.end,
            text: &mention.text,
            kind: mention.kind,
            sentence: mention.sentence,
            entity: mention.entity,
            name: annotations
                .entities
                .get(mention.entity)
                .map_or(mention.text.as_str(), |entity| entity.name.as_str()),
        })
        .collect()
}

/// The date expressions of an article.
pub fn dates(annotations: &Annotations) -> Vec<DateJson<'_>> {
    annotations
        .dates
        .iter()
        .map(|date| DateJson {
            start: date.span.start,
            end: date.span.end,
            text: &date.text,
            date: date.date.map(|d| d.to_string()),
            precision: date.precision,
        })
        .collect()
}

/// The paragraphs of an article with their spans.
pub fn paragraphs(article: &Article) -> Vec<ParagraphJson<'_>> {
    article
        .paragraphs
        .iter()
        .map(|span| ParagraphJson {
            start: span.start,
            end: span.end,
            text: span.slice(&article.text).unwrap_or(""),
        })
        .collect()
}

/// The removed blocks of an article.
pub fn removed(article: &Article) -> Vec<RemovedJson<'_>> {
    article
        .removed
        .iter()
        .map(|removed| RemovedJson {
            text: &removed.text,
            reason: removed.reason,
            detail: removed.detail.as_deref(),
        })
        .collect()
}
