//! A document's facts in the database: checked before storing, written beside
//! the article (each event report joined to its merged event), taken back
//! when the article is replaced, and read back exactly as put.
//!
//! Merged events are kept honest by [`settle`]: after reports come or go, an
//! event's counts and descriptive columns are recomputed from its reports
//! (and an event nobody reports any more is deleted), so a replaced article
//! takes back exactly what it gave.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::sql::{params, Connection, OptionalExtension, ToValue, Value};
use tidings_model::{Actor, Article, DateSource, Event, Facts, Figure, Quote, Span};

use super::codec;
use super::db;
use super::fact_queries;
use crate::error::{Error, Result};
use crate::resolve;

/// The key that makes two event reports one event: the source and target
/// actor codes, the CAMEO code and the day. A report without a day is keyed
/// to its own article, so undated events never merge across articles (two
/// undated reports of the same codes in one article are still one event).
///
/// Each part is written with its length (`-` for none), so no code can
/// imitate a separator.
pub(crate) fn event_key(event: &Event, article: &str) -> String {
    let code = |actor: &Option<Actor>| actor.as_ref().and_then(|actor| actor.code.clone());
    let mut key = String::new();
    let mut part = |tag: char, text: Option<&str>| {
        key.push(tag);
        match text {
            Some(text) => {
                key.push_str(&text.len().to_string());
                key.push(':');
                key.push_str(text);
            }
            None => key.push('-'),
        }
    };
    part('s', code(&event.source).as_deref());
    part('t', code(&event.target).as_deref());
    part('c', Some(&event.cameo));
    match event.date {
        Some(date) => part('d', Some(&date.to_string())),
        None => part('u', Some(article)),
    }
    key
}

/// Checks that facts fit their article: every span cuts the text on
/// character boundaries, every trigger lies inside its sentence, every number
/// is finite (so it comes back exactly as put).
pub(crate) fn validate(article: &Article, facts: &Facts) -> Result<()> {
    let bad = |why: String| Error::BadFacts {
        id: article.id.to_string(),
        why,
    };
    let text = article.text.as_str();
    let fits = |span: &Span| span.start <= span.end && span.slice(text).is_some();
    let outside = |what: String, span: &Span| {
        bad(format!(
            "{what} has span {}..{} outside the text ({} bytes)",
            span.start,
            span.end,
            text.len()
        ))
    };
    let index = |n: usize, what: String| {
        i64::try_from(n)
            .map(|_| ())
            .map_err(|_| bad(format!("{what} {n} is too large")))
    };
    for (i, event) in facts.events.iter().enumerate() {
        if !fits(&event.span) {
            return Err(outside(format!("event {i}"), &event.span));
        }
        if !fits(&event.trigger) {
            return Err(outside(format!("the trigger of event {i}"), &event.trigger));
        }
        if event.trigger.start < event.span.start || event.trigger.end > event.span.end {
            return Err(bad(format!(
                "the trigger of event {i} ({}..{}) is not inside its sentence ({}..{})",
                event.trigger.start, event.trigger.end, event.span.start, event.span.end
            )));
        }
        if !event.goldstein.is_finite() || !event.confidence.is_finite() {
            return Err(bad(format!(
                "event {i} has goldstein {} and confidence {}: both must be finite",
                event.goldstein, event.confidence
            )));
        }
        if event.cameo.is_empty() {
            return Err(bad(format!("event {i} has no CAMEO code")));
        }
        index(event.sentence, format!("the sentence index of event {i}"))?;
        for actor in [&event.source, &event.target].into_iter().flatten() {
            if let Some(entity) = actor.entity {
                index(entity, format!("an actor entity index of event {i}"))?;
            }
        }
    }
    for (i, quote) in facts.quotes.iter().enumerate() {
        if !fits(&quote.span) {
            return Err(outside(format!("quote {i}"), &quote.span));
        }
        index(quote.sentence, format!("the sentence index of quote {i}"))?;
        if let Some(entity) = quote.speaker_entity {
            index(entity, format!("the speaker entity index of quote {i}"))?;
        }
    }
    for (i, figure) in facts.figures.iter().enumerate() {
        if !fits(&figure.span) {
            return Err(outside(format!("figure {i}"), &figure.span));
        }
        if !figure.value.is_finite() {
            return Err(bad(format!(
                "figure {i} has value {}: it must be finite",
                figure.value
            )));
        }
        if let Some(high) = figure.high.filter(|high| !high.is_finite()) {
            return Err(bad(format!(
                "figure {i} has upper end {high}: it must be finite"
            )));
        }
        index(figure.sentence, format!("the sentence index of figure {i}"))?;
        if let Some(entity) = figure.source_entity {
            index(entity, format!("the source entity index of figure {i}"))?;
        }
    }
    Ok(())
}

/// The merged events one transaction has reported to: their ids by key, so a
/// key met again in the same transaction needs no lookup, and the set to
/// [`settle`] before it commits.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// Event ids by key, for events that exist in this transaction (an event
    /// is only deleted by `settle`, at its end).
    pub(crate) ids: HashMap<String, i64>,
    /// Every event reported to or taken back from.
    pub events: BTreeSet<i64>,
}

/// Stores a document's (validated) facts; every merged event it reports is
/// added to `touched`, to be [`settle`]d before the transaction commits.
pub(crate) fn insert(
    conn: &Connection,
    path: &Path,
    id: &str,
    facts: &Facts,
    touched: &mut Touched,
) -> Result<()> {
    let what = "storing facts";
    let mut found_event = conn
        .prepare_cached(&format!(
            "INSERT INTO events ({}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
             ON CONFLICT (key) DO NOTHING RETURNING id",
            EVENT_COLUMNS.join(", ")
        ))
        .map_err(db(path, what))?;
    let mut event_id = conn
        .prepare_cached("SELECT id FROM events WHERE key = ?1")
        .map_err(db(path, what))?;
    let mut rows = FactRows::default();
    for (i, event) in facts.events.iter().enumerate() {
        let report = Report::of(id, event)?;
        // The insert runs even for a known key: a conflicting insert still
        // takes a number from the AUTOINCREMENT sequence, and event ids must
        // stay what they always were for the same puts.
        let inserted: Option<i64> = found_event
            .query_row(report.event_row(event), |row| row.get(0))
            .optional()
            .map_err(db(path, what))?;
        let event_id = if let Some(new) = inserted {
            touched.ids.insert(report.key.clone(), new);
            new
        } else if let Some(&known) = touched.ids.get(&report.key) {
            known
        } else {
            let found: i64 = event_id
                .query_row([&report.key], |row| row.get(0))
                .map_err(db(path, what))?;
            touched.ids.insert(report.key.clone(), found);
            found
        };
        rows.add_report(id, i, event, &report, event_id);
        touched.events.insert(event_id);
    }
    rows.add_quotes_and_figures(id, facts);
    rows.write(conn, path)
}

/// The columns of a merged event as its first report founds it.
pub(crate) const EVENT_COLUMNS: [&str; 13] = [
    "key",
    "source_code",
    "target_code",
    "cameo",
    "date",
    "source",
    "target",
    "plover",
    "mode",
    "root",
    "quad_class",
    "goldstein",
    "place",
];
const EVENT_MENTION_COLUMNS: [&str; 20] = [
    "article",
    "idx",
    "event",
    "source",
    "target",
    "plover",
    "mode",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "date",
    "place",
    "sentence",
    "start_byte",
    "end_byte",
    "trigger_start",
    "trigger_end",
    "confidence",
    "date_source",
];
const QUOTE_COLUMNS: [&str; 11] = [
    "article",
    "idx",
    "start_byte",
    "end_byte",
    "text",
    "speaker",
    "speaker_norm",
    "speaker_entity",
    "cue",
    "direct",
    "sentence",
];
const FIGURE_COLUMNS: [&str; 14] = [
    "article",
    "idx",
    "kind",
    "value",
    "qualifier",
    "counts",
    "unit",
    "source",
    "source_entity",
    "sentence",
    "start_byte",
    "end_byte",
    "high",
    "words",
];

/// One event report, encoded: its merge key and its actors as JSON.
pub(crate) struct Report {
    pub key: String,
    source: Option<String>,
    target: Option<String>,
    date: Option<String>,
}

impl Report {
    pub(crate) fn of(id: &str, event: &Event) -> Result<Report> {
        let encode = |actor: &Option<Actor>| {
            actor
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|err| Error::Encode {
                    id: id.to_string(),
                    why: format!("actor: {err}"),
                })
        };
        Ok(Report {
            key: event_key(event, id),
            source: encode(&event.source)?,
            target: encode(&event.target)?,
            date: event.date.map(|date| date.to_string()),
        })
    }

    /// The merged event's row ([`EVENT_COLUMNS`]) when this report founds it.
    pub(crate) fn event_row(&self, event: &Event) -> Vec<Value> {
        let code = |actor: &Option<Actor>| actor.as_ref().and_then(|actor| actor.code.clone());
        vec![
            self.key.to_value(),
            code(&event.source).to_value(),
            code(&event.target).to_value(),
            event.cameo.to_value(),
            self.date.to_value(),
            self.source.to_value(),
            self.target.to_value(),
            event.plover.to_value(),
            event.mode.to_value(),
            event.root.to_value(),
            event.quad_class.to_value(),
            f64::from(event.goldstein).to_value(),
            event.place.to_value(),
        ]
    }
}

/// The rows documents' facts add to `event_mentions`, `quotes` and
/// `figures`, gathered before they are written (one document at a time on
/// SQLite, a whole batch on PostgreSQL).
#[derive(Debug, Default)]
pub(crate) struct FactRows {
    event_mentions: Vec<Vec<Value>>,
    quotes: Vec<Vec<Value>>,
    figures: Vec<Vec<Value>>,
}

impl FactRows {
    /// Adds event report `i` of document `id`, joined to merged event `event_id`.
    pub(crate) fn add_report(
        &mut self,
        id: &str,
        i: usize,
        event: &Event,
        report: &Report,
        event_id: i64,
    ) {
        self.event_mentions.push(vec![
            id.to_value(),
            Value::Int(sql_int(i)),
            Value::Int(event_id),
            report.source.to_value(),
            report.target.to_value(),
            event.plover.to_value(),
            event.mode.to_value(),
            event.cameo.to_value(),
            event.root.to_value(),
            event.quad_class.to_value(),
            f64::from(event.goldstein).to_value(),
            report.date.to_value(),
            event.place.to_value(),
            Value::Int(sql_int(event.sentence)),
            Value::Int(sql_int(event.span.start)),
            Value::Int(sql_int(event.span.end)),
            Value::Int(sql_int(event.trigger.start)),
            Value::Int(sql_int(event.trigger.end)),
            f64::from(event.confidence).to_value(),
            event.date_source.map(DateSource::as_str).to_value(),
        ]);
    }

    /// Adds a document's quotes and figures.
    pub(crate) fn add_quotes_and_figures(&mut self, id: &str, facts: &Facts) {
        for (i, quote) in facts.quotes.iter().enumerate() {
            let speaker_norm = quote
                .speaker
                .as_deref()
                .map(|speaker| fact_queries::speaker_norm(&resolve::normalise(speaker)))
                .filter(|norm| !norm.is_empty());
            self.quotes.push(vec![
                id.to_value(),
                Value::Int(sql_int(i)),
                Value::Int(sql_int(quote.span.start)),
                Value::Int(sql_int(quote.span.end)),
                quote.text.to_value(),
                quote.speaker.to_value(),
                speaker_norm.to_value(),
                quote.speaker_entity.map(sql_int).to_value(),
                quote.cue.to_value(),
                quote.direct.to_value(),
                Value::Int(sql_int(quote.sentence)),
            ]);
        }
        for (i, figure) in facts.figures.iter().enumerate() {
            self.figures.push(vec![
                id.to_value(),
                Value::Int(sql_int(i)),
                figure.kind.to_value(),
                figure.value.to_value(),
                codec::qualifier_str(figure.qualifier).to_value(),
                figure.counts.to_value(),
                figure.unit.to_value(),
                figure.source.to_value(),
                figure.source_entity.map(sql_int).to_value(),
                Value::Int(sql_int(figure.sentence)),
                Value::Int(sql_int(figure.span.start)),
                Value::Int(sql_int(figure.span.end)),
                figure.high.to_value(),
                figure.words.to_value(),
            ]);
        }
    }

    /// Writes the rows (after the merged events they join).
    pub(crate) fn write(&self, conn: &Connection, path: &Path) -> Result<()> {
        let what = "storing facts";
        conn.insert_rows(
            "event_mentions",
            &EVENT_MENTION_COLUMNS,
            &self.event_mentions,
        )
        .map_err(db(path, what))?;
        conn.insert_rows("quotes", &QUOTE_COLUMNS, &self.quotes)
            .map_err(db(path, what))?;
        conn.insert_rows("figures", &FIGURE_COLUMNS, &self.figures)
            .map_err(db(path, what))
    }
}

/// Takes back a document's facts; every merged event it reported is added to
/// `touched`, to be [`settle`]d before the transaction commits.
pub(crate) fn remove(
    conn: &Connection,
    path: &Path,
    id: &str,
    touched: &mut Touched,
) -> Result<()> {
    let what = "removing facts";
    let events: Vec<i64> = conn
        .prepare_cached("SELECT DISTINCT event FROM event_mentions WHERE article = ?1")
        .and_then(|mut stmt| stmt.query_map([id], |row| row.get(0))?.collect())
        .map_err(db(path, what))?;
    touched.events.extend(events);
    for table in ["event_mentions", "quotes", "figures"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE article = ?1"))
            .and_then(|mut stmt| stmt.execute([id]))
            .map_err(db(path, what))?;
    }
    Ok(())
}

/// Adds the merged events a stored document reports to `touched` (its
/// placement changed, so their counts must be [`settle`]d again).
pub(crate) fn touch_reported(
    conn: &Connection,
    path: &Path,
    id: &str,
    touched: &mut Touched,
) -> Result<()> {
    let events: Vec<i64> = conn
        .prepare_cached("SELECT DISTINCT event FROM event_mentions WHERE article = ?1")
        .and_then(|mut stmt| stmt.query_map([id], |row| row.get(0))?.collect())
        .map_err(db(path, "finding an article's events"))?;
    touched.events.extend(events);
    Ok(())
}

/// Recomputes each touched event from its reports: mention, article, source
/// and story counts (sites and placements as they are now), and the
/// descriptive columns from the most confident report. Events no report is
/// left for are deleted.
///
/// A report from a duplicate (a placed article with `duplicate_of`) is one
/// more mention of its original: it counts as the original's article, site
/// and story, so a copy never adds an article or a source. Placements must
/// therefore be written before the events they touch are settled.
pub(crate) fn settle(conn: &Connection, path: &Path, touched: &Touched) -> Result<()> {
    let what = "merging events";
    let mut counts = conn
        .prepare_cached(
            "SELECT count(*), count(DISTINCT r.article), \
                    count(DISTINCT r.site) + count(DISTINCT CASE WHEN r.site IS NULL THEN r.article END), \
                    count(DISTINCT r.story) \
             FROM (SELECT coalesce(p.duplicate_of, m.article) AS article, \
                          CASE WHEN o.id IS NULL THEN a.site ELSE o.site END AS site, \
                          coalesce(op.story, p.story) AS story \
                   FROM event_mentions m \
                   JOIN articles a ON a.id = m.article \
                   LEFT JOIN placements p ON p.article = m.article \
                   LEFT JOIN articles o ON o.id = p.duplicate_of \
                   LEFT JOIN placements op ON op.article = p.duplicate_of \
                   WHERE m.event = ?1) r",
        )
        .map_err(db(path, what))?;
    let mut delete = conn
        .prepare_cached("DELETE FROM events WHERE id = ?1")
        .map_err(db(path, what))?;
    let mut update = conn
        .prepare_cached(
            "UPDATE events SET \
                 (source, target, plover, mode, root, quad_class, goldstein) = \
                 (SELECT source, target, plover, mode, root, quad_class, goldstein \
                  FROM event_mentions WHERE event = ?1 \
                  ORDER BY confidence DESC, article, idx LIMIT 1), \
                 place = (SELECT place FROM event_mentions \
                          WHERE event = ?1 AND place IS NOT NULL \
                          ORDER BY confidence DESC, article, idx LIMIT 1), \
                 date_source = (SELECT date_source FROM event_mentions \
                                WHERE event = ?1 AND date_source IS NOT NULL \
                                ORDER BY CASE date_source WHEN 'sentence' THEN 0 \
                                         WHEN 'paragraph' THEN 1 ELSE 2 END, \
                                         confidence DESC, article, idx LIMIT 1), \
                 mentions = ?2, articles = ?3, sources = ?4, stories = ?5 \
             WHERE id = ?1",
        )
        .map_err(db(path, what))?;
    for &event in &touched.events {
        let (mentions, articles, sources, stories): (i64, i64, i64, i64) = counts
            .query_row([event], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .map_err(db(path, what))?;
        if mentions == 0 {
            delete.execute([event]).map_err(db(path, what))?;
        } else {
            update
                .execute(params![event, mentions, articles, sources, stories])
                .map_err(db(path, what))?;
        }
    }
    Ok(())
}

/// A document's facts as stored (empty when it has none).
pub(crate) fn read(conn: &Connection, path: &Path, id: &str) -> Result<Facts> {
    let what = "reading facts";
    let decoder = codec::Decoder { path, id };
    let corrupt = |why: String| decoder.corrupt(why);
    let index = |n: i64, what: &str| decoder.index(n, what);
    let span = |start: i64, end: i64| decoder.span(start, end);
    let actor = |json: Option<String>| {
        json.map(|json| codec::parse_json::<Actor>(&json, "actor"))
            .transpose()
            .map_err(corrupt)
    };

    let mut events = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT source, target, plover, mode, cameo, root, quad_class, goldstein, date, \
                 place, sentence, start_byte, end_byte, trigger_start, trigger_end, confidence, \
                 date_source \
                 FROM event_mentions WHERE article = ?1 ORDER BY idx",
            )
            .map_err(db(path, what))?;
        let mut rows = stmt.query([id]).map_err(db(path, what))?;
        while let Some(row) = rows.next().map_err(db(path, what))? {
            let quad_class: i64 = row.get(6).map_err(db(path, what))?;
            let date: Option<String> = row.get(8).map_err(db(path, what))?;
            events.push(Event {
                source: actor(row.get(0).map_err(db(path, what))?)?,
                target: actor(row.get(1).map_err(db(path, what))?)?,
                plover: row.get(2).map_err(db(path, what))?,
                mode: row.get(3).map_err(db(path, what))?,
                cameo: row.get(4).map_err(db(path, what))?,
                root: row.get(5).map_err(db(path, what))?,
                quad_class: u8::try_from(quad_class)
                    .map_err(|_| corrupt(format!("quad class {quad_class} out of range")))?,
                goldstein: row.get::<_, f64>(7).map_err(db(path, what))? as f32,
                date: date
                    .as_deref()
                    .map(codec::parse_date)
                    .transpose()
                    .map_err(corrupt)?,
                place: row.get(9).map_err(db(path, what))?,
                sentence: index(row.get(10).map_err(db(path, what))?, "sentence index")?,
                span: span(
                    row.get(11).map_err(db(path, what))?,
                    row.get(12).map_err(db(path, what))?,
                )?,
                trigger: span(
                    row.get(13).map_err(db(path, what))?,
                    row.get(14).map_err(db(path, what))?,
                )?,
                confidence: row.get::<_, f64>(15).map_err(db(path, what))? as f32,
                date_source: codec::parse_date_source(row.get(16).map_err(db(path, what))?)
                    .map_err(corrupt)?,
            });
        }
    }
    let mut quotes = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT start_byte, end_byte, text, speaker, speaker_entity, cue, direct, sentence \
                 FROM quotes WHERE article = ?1 ORDER BY idx",
            )
            .map_err(db(path, what))?;
        let mut rows = stmt.query([id]).map_err(db(path, what))?;
        while let Some(row) = rows.next().map_err(db(path, what))? {
            let speaker_entity: Option<i64> = row.get(4).map_err(db(path, what))?;
            quotes.push(Quote {
                span: span(
                    row.get(0).map_err(db(path, what))?,
                    row.get(1).map_err(db(path, what))?,
                )?,
                text: row.get(2).map_err(db(path, what))?,
                speaker: row.get(3).map_err(db(path, what))?,
                speaker_entity: speaker_entity
                    .map(|n| index(n, "entity index"))
                    .transpose()?,
                cue: row.get(5).map_err(db(path, what))?,
                direct: row.get(6).map_err(db(path, what))?,
                sentence: index(row.get(7).map_err(db(path, what))?, "sentence index")?,
            });
        }
    }
    let mut figures = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT kind, value, qualifier, counts, unit, source, source_entity, sentence, \
                 start_byte, end_byte, high, words FROM figures WHERE article = ?1 ORDER BY idx",
            )
            .map_err(db(path, what))?;
        let mut rows = stmt.query([id]).map_err(db(path, what))?;
        while let Some(row) = rows.next().map_err(db(path, what))? {
            let qualifier: String = row.get(2).map_err(db(path, what))?;
            let source_entity: Option<i64> = row.get(6).map_err(db(path, what))?;
            figures.push(Figure {
                kind: row.get(0).map_err(db(path, what))?,
                value: row.get(1).map_err(db(path, what))?,
                high: row.get(10).map_err(db(path, what))?,
                words: row.get(11).map_err(db(path, what))?,
                qualifier: codec::parse_qualifier(&qualifier).map_err(corrupt)?,
                counts: row.get(3).map_err(db(path, what))?,
                unit: row.get(4).map_err(db(path, what))?,
                source: row.get(5).map_err(db(path, what))?,
                source_entity: source_entity
                    .map(|n| index(n, "entity index"))
                    .transpose()?,
                sentence: index(row.get(7).map_err(db(path, what))?, "sentence index")?,
                span: span(
                    row.get(8).map_err(db(path, what))?,
                    row.get(9).map_err(db(path, what))?,
                )?,
            });
        }
    }
    Ok(Facts {
        events,
        quotes,
        figures,
    })
}

/// A count or byte offset as an SQLite integer (`validate` made sure they fit).
fn sql_int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(source: Option<&str>, target: Option<&str>, cameo: &str, date: Option<&str>) -> Event {
        let actor = |code: Option<&str>| {
            Some(Actor {
                code: code.map(String::from),
                country: None,
                sector: None,
                text: "someone".into(),
                entity: None,
            })
        };
        Event {
            source: actor(source),
            target: actor(target),
            plover: "CONSULT".into(),
            mode: None,
            cameo: cameo.into(),
            root: cameo.get(..2).unwrap_or(cameo).into(),
            quad_class: 1,
            goldstein: 1.0,
            date: date.map(|date| date.parse().unwrap()),
            date_source: date.map(|_| DateSource::Sentence),
            place: None,
            sentence: 0,
            span: Span::new(0, 10),
            trigger: Span::new(0, 4),
            confidence: 0.9,
        }
    }

    #[test]
    fn the_key_is_codes_and_day_and_undated_events_stay_in_their_article() {
        let call = event(Some("VELGOV"), Some("PORGOV"), "041", Some("2026-03-02"));
        assert_eq!(
            event_key(&call, "a1"),
            "s6:VELGOVt6:PORGOVc3:041d10:2026-03-02"
        );
        // Same key from another article, whatever the words or confidence.
        let mut reworded = call.clone();
        reworded.confidence = 0.4;
        if let Some(source) = reworded.source.as_mut() {
            source.text = "the Velmora government".into();
        }
        assert_eq!(event_key(&call, "a1"), event_key(&reworded, "b2"));
        // Another day or code: another event.
        let later = event(Some("VELGOV"), Some("PORGOV"), "041", Some("2026-03-03"));
        let visit = event(Some("VELGOV"), Some("PORGOV"), "042", Some("2026-03-02"));
        assert_ne!(event_key(&call, "a1"), event_key(&later, "a1"));
        assert_ne!(event_key(&call, "a1"), event_key(&visit, "a1"));
        // A missing code is not an empty one, and sides do not swap.
        let no_source = event(None, Some("PORGOV"), "041", Some("2026-03-02"));
        let empty_source = event(Some(""), Some("PORGOV"), "041", Some("2026-03-02"));
        let swapped = event(Some("PORGOV"), Some("VELGOV"), "041", Some("2026-03-02"));
        assert_ne!(event_key(&no_source, "a1"), event_key(&empty_source, "a1"));
        assert_ne!(event_key(&call, "a1"), event_key(&swapped, "a1"));
        let mut no_actor = no_source.clone();
        no_actor.source = None;
        assert_eq!(event_key(&no_source, "a1"), event_key(&no_actor, "a1"));
        // Undated: the same article merges, another never does.
        let undated = event(Some("VELGOV"), Some("PORGOV"), "041", None);
        assert_eq!(event_key(&undated, "a1"), event_key(&undated, "a1"));
        assert_ne!(event_key(&undated, "a1"), event_key(&undated, "b2"));
    }

    #[test]
    fn a_code_cannot_imitate_a_separator() {
        let tricky = event(Some("AB3:041"), None, "1", Some("2026-03-02"));
        let plain = event(Some("AB"), None, "041", Some("2026-03-02"));
        assert_ne!(event_key(&tricky, "a1"), event_key(&plain, "a1"));
    }
}
