//! The JSON shapes the CLI prints and the human-readable renderings beside them.
//!
//! [`AnalysisJson`] is the object `tidings analyze --json` prints for each
//! document. It is designed to grow: later stages add fields (`sentences`,
//! `mentions`, `events` …) without renaming the ones here.

use std::io::{self, Write};

use serde::Serialize;
pub use tidings_engine::query::counted;
pub use tidings_engine::view::ArticleBody;
use tidings_model::{
    Actor, Annotations, Article, DocId, Event, Facts, Figure, Origin, Qualifier, Quote, RawDoc,
};

/// Where a document came from, as printed.
#[derive(Debug, Serialize)]
pub struct SourceJson<'a> {
    /// File path, as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// Record in a container (JSONL line, WARC record).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// `text` or `html`.
    pub media_type: &'static str,
    /// Encoding the bytes were decoded from.
    pub encoding: &'a str,
    /// Fetch time (WARC-Date), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    /// Size of the raw bytes.
    pub bytes: usize,
}

/// Everything tidings knows about one document, as one JSON object.
#[derive(Debug, Serialize)]
pub struct AnalysisJson<'a> {
    /// Content hash of the raw bytes.
    pub id: &'a str,
    /// Where it came from.
    pub source: SourceJson<'a>,
    /// The article and what was found in it (tone, title … figures).
    #[serde(flatten)]
    pub body: ArticleBody<'a>,
    /// Its story (numbered in the store, or within the file for `analyze`).
    pub story: Option<u64>,
    /// Its story's storyline, if any.
    pub storyline: Option<u64>,
    /// The id of the first-seen article it copies (exact or near), if any.
    pub duplicate_of: Option<String>,
    /// Its estimated similarity to that original (1 for an exact copy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_similarity: Option<f64>,
}

impl<'a> AnalysisJson<'a> {
    /// The same, with where the dedup stage placed the article.
    pub fn placed(
        mut self,
        story: u64,
        storyline: Option<u64>,
        duplicate_of: Option<&DocId>,
        similarity: Option<f64>,
    ) -> AnalysisJson<'a> {
        self.story = Some(story);
        self.storyline = storyline;
        self.duplicate_of = duplicate_of.map(|id| id.to_string());
        self.duplicate_similarity = similarity;
        self
    }

    /// The JSON view of a raw document, its article and its annotations.
    pub fn new(
        raw: &'a RawDoc,
        article: &'a Article,
        annotations: &'a Annotations,
        facts: &'a tidings_model::Facts,
    ) -> AnalysisJson<'a> {
        AnalysisJson {
            id: article.id.as_str(),
            source: SourceJson {
                path: raw.origin.path.as_deref(),
                record: raw.origin.record,
                media_type: raw.media_type.as_str(),
                encoding: &raw.encoding,
                fetched: raw.fetched.map(|ts| ts.to_string()),
                bytes: raw.bytes.len(),
            },
            body: ArticleBody::new(article, annotations, facts),
            story: None,
            storyline: None,
            duplicate_of: None,
            duplicate_similarity: None,
        }
    }
}

/// Writes one value as a line of JSON.
pub fn json_line<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Writes an article for a human: metadata, paragraphs, then what was removed.
pub fn write_article<W: Write>(out: &mut W, article: &Article, origin: &Origin) -> io::Result<()> {
    writeln!(out, "id:        {}", article.id)?;
    writeln!(out, "source:    {origin}")?;
    writeln!(
        out,
        "title:     {}",
        article.title.as_deref().unwrap_or("(none)")
    )?;
    writeln!(
        out,
        "lang:      {}",
        article.lang.as_deref().unwrap_or("(unknown)")
    )?;
    let published = article
        .published
        .map(|p| p.to_string())
        .unwrap_or_else(|| "(unknown)".into());
    writeln!(out, "published: {published}")?;
    if let Some(site) = &article.site {
        writeln!(out, "site:      {site}")?;
    }
    if let Some(url) = &article.url {
        writeln!(out, "url:       {url}")?;
    }
    if !article.authors.is_empty() {
        writeln!(out, "authors:   {}", article.authors.join(", "))?;
    }
    writeln!(out)?;
    for paragraph in article.paragraph_texts() {
        writeln!(out, "{paragraph}")?;
        writeln!(out)?;
    }
    if !article.removed.is_empty() {
        writeln!(
            out,
            "removed ({}):",
            count(article.removed.len() as u64, "block", "blocks")
        )?;
        for removed in &article.removed {
            let detail = removed
                .detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  [{}{}] {}",
                removed.reason.as_str(),
                detail,
                shorten(&removed.text, 100)
            )?;
        }
    }
    Ok(())
}

/// Writes a document's entities and dates for a human.
pub fn write_entities<W: Write>(out: &mut W, annotations: &Annotations) -> io::Result<()> {
    if !annotations.entities.is_empty() {
        writeln!(out, "entities ({}):", annotations.entities.len())?;
        for entity in &annotations.entities {
            let mut about = vec![entity.kind.as_str().to_string()];
            if let Some(country) = &entity.country {
                about.push(country.clone());
            }
            if !entity.roles.is_empty() {
                about.push(entity.roles.join("/"));
            }
            let aliases = if entity.aliases.is_empty() {
                String::new()
            } else {
                format!("  aka {}", entity.aliases.join(", "))
            };
            writeln!(
                out,
                "  {} ×{}  [{}]{aliases}",
                entity.name,
                entity.mentions,
                about.join(", ")
            )?;
        }
    }
    if !annotations.dates.is_empty() {
        writeln!(out, "dates:")?;
        for date in &annotations.dates {
            let day = date.date.map_or_else(|| "?".to_string(), |d| d.to_string());
            writeln!(out, "  {:<24} {day}", date.text)?;
        }
    }
    Ok(())
}

/// `one` for 1, else `many`: `count(1, "mention", "mentions")` is `1 mention`.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many characters of an evidence sentence a fact's line shows.
const EVIDENCE_CHARS: usize = 90;

/// Writes a document's events, quotes and figures for a human, one line
/// each (see [`event_line`], [`quote_line`], [`figure_line`]), each section
/// under a `events (N):` style heading; an empty section is left out.
pub fn write_facts<W: Write>(
    out: &mut W,
    article: &Article,
    annotations: &Annotations,
    facts: &Facts,
) -> io::Result<()> {
    if !facts.events.is_empty() {
        writeln!(out, "events ({}):", facts.events.len())?;
        for event in &facts.events {
            writeln!(out, "  {}", event_line(article, event))?;
        }
    }
    if !facts.quotes.is_empty() {
        writeln!(out, "quotes ({}):", facts.quotes.len())?;
        for quote in &facts.quotes {
            writeln!(out, "  {}", quote_line(quote))?;
        }
    }
    if !facts.figures.is_empty() {
        writeln!(out, "figures ({}):", facts.figures.len())?;
        for figure in &facts.figures {
            writeln!(out, "  {}", figure_line(article, annotations, figure))?;
        }
    }
    Ok(())
}

/// One event on one line: CAMEO code, PLOVER type, source → target (codes,
/// else the words naming them), day, and the evidence sentence shortened.
pub fn event_line(article: &Article, event: &Event) -> String {
    let actor = |actor: &Option<Actor>| match actor {
        Some(Actor {
            code: Some(code), ..
        }) => code.clone(),
        Some(actor) => format!("\"{}\"", shorten(&actor.text, 30)),
        None => "-".to_string(),
    };
    let fields = [
        event.cameo.clone(),
        event.plover.clone(),
        format!("{} → {}", actor(&event.source), actor(&event.target)),
        match (event.date, event.date_source) {
            (Some(day), Some(source)) => format!("{day} ({})", source.as_str()),
            (Some(day), None) => day.to_string(),
            (None, _) => "undated".to_string(),
        },
    ];
    evidence_line(&fields, event.span.slice(&article.text))
}

/// One quote on one line: speaker, cue (and whether it is direct), and the
/// words quoted, shortened; they are the evidence.
pub fn quote_line(quote: &Quote) -> String {
    let speaker = quote.speaker.as_deref().unwrap_or("(unknown speaker)");
    let how = if quote.direct { "direct" } else { "reported" };
    let text = shorten(&quote.text, EVIDENCE_CHARS);
    if quote.direct {
        format!("{speaker} ({}, {how}): “{text}”", quote.cue)
    } else {
        format!("{speaker} ({}, {how}): {text}", quote.cue)
    }
}

/// One figure on one line: kind, qualifier, value, what is counted (with the
/// currency), the source, and the evidence sentence shortened.
pub fn figure_line(article: &Article, annotations: &Annotations, figure: &Figure) -> String {
    let mut counts = figure.counts.clone();
    if let Some(unit) = &figure.unit {
        counts = format!("{unit} ({counts})");
    }
    let fields = [
        figure.kind.clone(),
        amount(
            figure.qualifier,
            figure.value,
            figure.high,
            figure.words.as_deref(),
        ),
        counts,
        format!(
            "source: {}",
            figure.source.as_deref().unwrap_or("not given")
        ),
    ];
    // The sentence holding the figure, else the figure's own words.
    let sentence = annotations
        .sentences
        .get(figure.sentence)
        .filter(|s| s.span.start <= figure.span.start && figure.span.end <= s.span.end)
        .map_or(figure.span, |s| s.span);
    evidence_line(&fields, sentence.slice(&article.text))
}

/// `fields` joined by two spaces, then the evidence sentence shortened.
fn evidence_line(fields: &[String], evidence: Option<&str>) -> String {
    let mut line = fields.join("  ");
    if let Some(evidence) = evidence {
        line.push_str("  | ");
        line.push_str(&shorten(evidence, EVIDENCE_CHARS));
    }
    line
}

/// A figure's number as printed: its qualifier and value (`at-least 30`),
/// or for a range its vague words and both ends (`hundreds (200–999)`).
pub fn amount(qualifier: Qualifier, value: f64, high: Option<f64>, words: Option<&str>) -> String {
    match (words, high) {
        (Some(words), Some(high)) => format!("{} ({value}\u{2013}{high})", words.to_lowercase()),
        (Some(words), None) => format!("{} ({value})", words.to_lowercase()),
        (None, Some(high)) => format!("{} {value}\u{2013}{high}", self::qualifier(qualifier)),
        (None, None) => format!("{} {value}", self::qualifier(qualifier)),
    }
}

/// A qualifier as it is written in JSON (`at-least`, `approximate` …).
pub fn qualifier(qualifier: Qualifier) -> String {
    serde_json::to_value(qualifier)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Prints each item as a JSON line, or for a human through `human`, with a
/// line saying so when there is none and one saying how many there are when
/// `items` is the first of `total`.
pub fn print_all<T: serde::Serialize>(
    json: bool,
    items: &[T],
    total: usize,
    none: &str,
    mut human: impl FnMut(&mut io::StdoutLock<'static>, &T) -> io::Result<()>,
) -> anyhow::Result<std::process::ExitCode> {
    let mut out = io::stdout().lock();
    for item in items {
        if json {
            json_line(&mut out, item)?;
        } else {
            human(&mut out, item)?;
        }
    }
    if !json {
        if items.is_empty() {
            writeln!(out, "{none}")?;
        }
        write_cut(&mut out, items.len(), total)?;
    }
    out.flush()?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// Under a list that was cut, says so: `50 of 53 shown; --limit N for more`.
pub fn write_cut<W: Write>(out: &mut W, shown: usize, total: usize) -> io::Result<()> {
    if shown < total {
        writeln!(out, "{shown} of {total} shown; --limit N for more")?;
    }
    Ok(())
}

/// The first `max` characters of `text` on one line, with `…` if cut.
pub fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_on_characters_not_bytes() {
        assert_eq!(shorten("çerez çerez", 5), "çerez…");
        assert_eq!(shorten("a\n  b", 10), "a b");
    }
}
