//! Reading facts across the store: merged events by actor, code and day
//! (with their best evidence), quotes by speaker, figures by kind. Every list
//! is ordered to the last column, so the same store gives the same answer.

use std::path::Path;

use crate::sql::{params, Connection};
use tidings_model::Span;

use super::codec;
use super::db;
use crate::error::{Error, Result};
use crate::fact::{EventFilter, Evidence, StoredEvent, StoredFigure, StoredQuote};
use crate::resolve;
use crate::store::DayRange;

/// How many reports [`StoredEvent::evidence`] shows.
const EVIDENCE: i64 = 3;

/// Merged events passing `filter`: the latest day first (undated last), then
/// most articles, most mentions, oldest id.
pub(crate) fn events(
    conn: &Connection,
    path: &Path,
    filter: &EventFilter,
    limit: usize,
) -> Result<Vec<StoredEvent>> {
    let mut events = Vec::new();
    each_event(conn, path, filter, Some(limit), &mut |event| {
        events.push(event);
        Ok(())
    })?;
    Ok(events)
}

/// Hands merged events passing `filter` to `visit` one by one, straight from
/// the cursor, in the order of [`events`]; at most `limit` (`None`: all).
pub(crate) fn each_event(
    conn: &Connection,
    path: &Path,
    filter: &EventFilter,
    limit: Option<usize>,
    visit: &mut dyn FnMut(StoredEvent) -> Result<()>,
) -> Result<()> {
    let what = "listing events";
    let limit = limit.map_or(i64::MAX, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let actor = blank_to_none(filter.actor.as_deref()).map(|actor| actor.to_ascii_uppercase());
    let code = blank_to_none(filter.code.as_deref());
    let (cameo, plover) = match code {
        Some(code) if code.bytes().all(|b| b.is_ascii_digit()) => (Some(code.to_string()), None),
        Some(code) => (None, Some(code.to_ascii_uppercase())),
        None => (None, None),
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, source, target, plover, mode, cameo, root, quad_class, goldstein, date, \
                    place, mentions, articles, sources, date_source, stories, \
                    (SELECT a.url FROM event_mentions u JOIN articles a ON a.id = u.article \
                     WHERE u.event = events.id AND a.url IS NOT NULL \
                     ORDER BY a.published IS NULL, a.published, a.id LIMIT 1) \
             FROM events \
             WHERE (CAST(?1 AS TEXT) IS NULL OR upper(substr(source_code, 1, length(?1))) = ?1 \
                               OR upper(substr(target_code, 1, length(?1))) = ?1) \
               AND (CAST(?2 AS TEXT) IS NULL OR substr(cameo, 1, length(?2)) = ?2) \
               AND (CAST(?3 AS TEXT) IS NULL OR upper(plover) = ?3) \
               AND (CAST(?4 AS TEXT) IS NULL OR date >= ?4) \
               AND (CAST(?5 AS TEXT) IS NULL OR date <= ?5) \
               AND (CAST(?7 AS DOUBLE PRECISION) IS NULL OR EXISTS (SELECT 1 FROM event_mentions m \
                                          WHERE m.event = events.id AND m.confidence >= ?7)) \
               AND (CAST(?8 AS TEXT) IS NULL OR instr(lower(place), lower(?8)) > 0) \
             ORDER BY date IS NULL, date DESC, articles DESC, mentions DESC, id \
             LIMIT ?6",
        )
        .map_err(db(path, what))?;
    let mut rows = stmt
        .query(params![
            actor,
            cameo,
            plover,
            filter.since.map(|date| date.to_string()),
            filter.until.map(|date| date.to_string()),
            limit,
            filter.min_confidence.map(f64::from),
            blank_to_none(filter.place.as_deref()),
        ])
        .map_err(db(path, what))?;
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let id: i64 = row.get(0).map_err(db(path, what))?;
        let corrupt = |why: String| Error::Corrupt {
            path: path.to_path_buf(),
            id: format!("event {id}"),
            why,
        };
        let actor = |json: Option<String>| {
            json.map(|json| codec::parse_json(&json, "actor"))
                .transpose()
                .map_err(corrupt)
        };
        let quad_class: i64 = row.get(7).map_err(db(path, what))?;
        let date: Option<String> = row.get(9).map_err(db(path, what))?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        visit(StoredEvent {
            id,
            source: actor(row.get(1).map_err(db(path, what))?)?,
            target: actor(row.get(2).map_err(db(path, what))?)?,
            plover: row.get(3).map_err(db(path, what))?,
            mode: row.get(4).map_err(db(path, what))?,
            cameo: row.get(5).map_err(db(path, what))?,
            root: row.get(6).map_err(db(path, what))?,
            quad_class: u8::try_from(quad_class)
                .map_err(|_| corrupt(format!("quad class {quad_class} out of range")))?,
            goldstein: row.get::<_, f64>(8).map_err(db(path, what))? as f32,
            date: date
                .as_deref()
                .map(codec::parse_date)
                .transpose()
                .map_err(corrupt)?,
            place: row.get(10).map_err(db(path, what))?,
            mentions: count(row.get(11).map_err(db(path, what))?),
            articles: count(row.get(12).map_err(db(path, what))?),
            sources: count(row.get(13).map_err(db(path, what))?),
            date_source: codec::parse_date_source(row.get(14).map_err(db(path, what))?)
                .map_err(corrupt)?,
            stories: count(row.get(15).map_err(db(path, what))?),
            evidence: evidence(conn, path, id)?,
            source_url: row.get(16).map_err(db(path, what))?,
        })?;
    }
    Ok(())
}

/// The best reports of one event: the most confident first, one per article
/// before a second from the same article.
fn evidence(conn: &Connection, path: &Path, event: i64) -> Result<Vec<Evidence>> {
    let what = "reading an event's evidence";
    let mut stmt = conn
        .prepare_cached(
            "SELECT m.article, a.title, a.published, m.start_byte, m.trigger_start, \
                    m.trigger_end, m.confidence, \
                    substr(CAST(a.text AS BLOB), CAST(m.start_byte + 1 AS INTEGER), \
                           CAST(m.end_byte - m.start_byte AS INTEGER)) \
             FROM (SELECT *, row_number() OVER \
                       (PARTITION BY article ORDER BY confidence DESC, idx) AS nth \
                   FROM event_mentions WHERE event = ?1) m \
             JOIN articles a ON a.id = m.article \
             ORDER BY m.nth, m.confidence DESC, a.published IS NULL, a.published DESC, \
                      m.article, m.idx \
             LIMIT ?2",
        )
        .map_err(db(path, what))?;
    let mut rows = stmt
        .query(params![event, EVIDENCE])
        .map_err(db(path, what))?;
    let mut evidence = Vec::new();
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let doc: String = row.get(0).map_err(db(path, what))?;
        let damaged = |why: String| Error::Corrupt {
            path: path.to_path_buf(),
            id: doc.clone(),
            why,
        };
        let sentence = text(row.get(7).map_err(db(path, what))?).map_err(&damaged)?;
        let start: i64 = row.get(3).map_err(db(path, what))?;
        let relative = |n: i64| usize::try_from(n - start).ok();
        let trigger_start: i64 = row.get(4).map_err(db(path, what))?;
        let trigger_end: i64 = row.get(5).map_err(db(path, what))?;
        let trigger = match (relative(trigger_start), relative(trigger_end)) {
            (Some(from), Some(to)) if from <= to && sentence.get(from..to).is_some() => {
                Span::new(from, to)
            }
            _ => return Err(damaged("an event trigger lies outside its sentence".into())),
        };
        let published: Option<String> = row.get(2).map_err(db(path, what))?;
        evidence.push(Evidence {
            id: codec::parse_id(&doc).map_err(&damaged)?,
            title: row.get(1).map_err(db(path, what))?,
            published: codec::parse_published(published.as_deref()).map_err(&damaged)?,
            sentence,
            trigger,
            confidence: row.get::<_, f64>(6).map_err(db(path, what))? as f32,
        });
    }
    Ok(evidence)
}

/// Quotes, all or by one speaker, newest articles first (then article id and
/// text order).
///
/// A speaker matches, case and spacing ignored and a leading "the" dropped,
/// the quote's own speaker name, or any name (canonical or alias) of the
/// store entity the quote's speaker entity is linked to.
pub(crate) fn quotes(
    conn: &Connection,
    path: &Path,
    speaker: Option<&str>,
    limit: usize,
) -> Result<Vec<StoredQuote>> {
    let mut quotes = Vec::new();
    let days = DayRange::default();
    each_quote(conn, path, speaker, &days, Some(limit), &mut |quote| {
        quotes.push(quote);
        Ok(())
    })?;
    Ok(quotes)
}

/// Hands quotes to `visit` one by one, straight from the cursor, in the
/// order of [`quotes`], keeping those whose article was published within
/// `days` (its publication day as written; undated articles pass only an
/// open range); at most `limit` (`None`: all). `reports` still counts every
/// article of the story, in the range or not.
pub(crate) fn each_quote(
    conn: &Connection,
    path: &Path,
    speaker: Option<&str>,
    days: &DayRange,
    limit: Option<usize>,
    visit: &mut dyn FnMut(StoredQuote) -> Result<()>,
) -> Result<()> {
    let what = "listing quotes";
    let limit = limit.map_or(i64::MAX, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let norm = blank_to_none(speaker).map(resolve::normalise);
    let bare = norm.as_deref().map(speaker_norm);
    let mut stmt = conn
        .prepare_cached(
            "WITH matched AS ( \
                 SELECT q.article, q.idx, a.title, a.published, q.speaker, q.text, q.cue, \
                        q.direct, p.story, p.duplicate_of, \
                        coalesce('s' || p.story, 'a' || q.article) AS grp, \
                        coalesce(q.speaker_norm, '') AS who \
                 FROM quotes q JOIN articles a ON a.id = q.article \
                 LEFT JOIN placements p ON p.article = q.article \
                 WHERE CAST(?1 AS TEXT) IS NULL OR q.speaker_norm = ?2 OR EXISTS ( \
                     SELECT 1 FROM doc_entities d JOIN entities e ON e.id = d.entity \
                     WHERE d.article = q.article AND d.idx = q.speaker_entity \
                       AND (e.norm IN (?1, ?2) OR EXISTS ( \
                           SELECT 1 FROM entity_names n \
                           WHERE n.entity = e.id AND n.norm IN (?1, ?2) \
                             AND (n.canonical_docs > 0 OR n.alias_docs > 0))))), \
             ranked AS ( \
                 SELECT *, first_value(article) OVER (PARTITION BY grp, who, text \
                             ORDER BY duplicate_of IS NOT NULL, published IS NULL, published, \
                                      article, idx) AS shown \
                 FROM matched), \
             counted AS ( \
                 SELECT grp, who, text, count(DISTINCT article) AS reports \
                 FROM matched GROUP BY grp, who, text) \
             SELECT r.article, r.title, r.published, r.speaker, r.text, r.cue, r.direct, \
                    r.story, c.reports \
             FROM ranked r JOIN counted c ON c.grp = r.grp AND c.who = r.who AND c.text = r.text \
             WHERE r.article = r.shown \
               AND (CAST(?4 AS TEXT) IS NULL OR substr(r.published, 1, 10) >= ?4) \
               AND (CAST(?5 AS TEXT) IS NULL OR substr(r.published, 1, 10) <= ?5) \
             ORDER BY r.published IS NULL, r.published DESC, r.article, r.idx \
             LIMIT ?3",
        )
        .map_err(db(path, what))?;
    let (since, until) = days.as_text();
    let mut rows = stmt
        .query(params![norm, bare, limit, since, until])
        .map_err(db(path, what))?;
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let doc: String = row.get(0).map_err(db(path, what))?;
        let damaged = |why: String| Error::Corrupt {
            path: path.to_path_buf(),
            id: doc.clone(),
            why,
        };
        let published: Option<String> = row.get(2).map_err(db(path, what))?;
        visit(StoredQuote {
            id: codec::parse_id(&doc).map_err(&damaged)?,
            title: row.get(1).map_err(db(path, what))?,
            published: codec::parse_published(published.as_deref()).map_err(&damaged)?,
            speaker: row.get(3).map_err(db(path, what))?,
            text: row.get(4).map_err(db(path, what))?,
            cue: row.get(5).map_err(db(path, what))?,
            direct: row.get(6).map_err(db(path, what))?,
            story: row
                .get::<_, Option<i64>>(7)
                .map_err(db(path, what))?
                .map(count),
            reports: count(row.get(8).map_err(db(path, what))?),
        })?;
    }
    Ok(())
}

/// Figures, all or of one kind (case ignored), newest articles first (then
/// article id and text order).
pub(crate) fn figures(
    conn: &Connection,
    path: &Path,
    kind: Option<&str>,
    limit: usize,
) -> Result<Vec<StoredFigure>> {
    let mut figures = Vec::new();
    let days = DayRange::default();
    each_figure(conn, path, kind, &days, Some(limit), &mut |figure| {
        figures.push(figure);
        Ok(())
    })?;
    Ok(figures)
}

/// Hands figures to `visit` one by one, straight from the cursor, in the
/// order of [`figures`], keeping those whose article was published within
/// `days` as [`each_quote`] does; at most `limit` (`None`: all).
pub(crate) fn each_figure(
    conn: &Connection,
    path: &Path,
    kind: Option<&str>,
    days: &DayRange,
    limit: Option<usize>,
    visit: &mut dyn FnMut(StoredFigure) -> Result<()>,
) -> Result<()> {
    let what = "listing figures";
    let limit = limit.map_or(i64::MAX, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
    let kind = blank_to_none(kind).map(str::to_lowercase);
    // The figure's sentence when it is stored and holds the figure; else the
    // figure's own words.
    let mut stmt = conn
        .prepare_cached(
            "WITH matched AS ( \
                 SELECT f.article, f.idx, a.title, a.published, f.kind, f.value, f.qualifier, \
                        f.counts, f.unit, f.source, f.high, f.words, \
                        substr(CAST(a.text AS BLOB), \
                               CAST(coalesce(s.start_byte, f.start_byte) + 1 AS INTEGER), \
                               CAST(coalesce(s.end_byte, f.end_byte) \
                                    - coalesce(s.start_byte, f.start_byte) AS INTEGER)) AS sentence, \
                        p.story, p.duplicate_of, \
                        coalesce('s' || p.story, 'a' || f.article) AS grp \
                 FROM figures f JOIN articles a ON a.id = f.article \
                 LEFT JOIN sentences s ON s.article = f.article AND s.idx = f.sentence \
                      AND s.start_byte <= f.start_byte AND f.end_byte <= s.end_byte \
                 LEFT JOIN placements p ON p.article = f.article \
                 WHERE CAST(?1 AS TEXT) IS NULL OR lower(f.kind) = ?1), \
             ranked AS ( \
                 SELECT *, first_value(article) OVER (PARTITION BY grp, kind, value, qualifier, \
                             counts ORDER BY duplicate_of IS NOT NULL, published IS NULL, \
                             published, article, idx) AS shown \
                 FROM matched), \
             counted AS ( \
                 SELECT grp, kind, value, qualifier, counts, count(DISTINCT article) AS reports \
                 FROM matched GROUP BY grp, kind, value, qualifier, counts) \
             SELECT r.article, r.title, r.published, r.kind, r.value, r.qualifier, r.counts, \
                    r.unit, r.source, r.high, r.words, r.sentence, r.story, c.reports \
             FROM ranked r JOIN counted c ON c.grp = r.grp AND c.kind = r.kind \
                  AND c.value = r.value AND c.qualifier = r.qualifier AND c.counts = r.counts \
             WHERE r.article = r.shown \
               AND (CAST(?3 AS TEXT) IS NULL OR substr(r.published, 1, 10) >= ?3) \
               AND (CAST(?4 AS TEXT) IS NULL OR substr(r.published, 1, 10) <= ?4) \
             ORDER BY r.published IS NULL, r.published DESC, r.article, r.idx \
             LIMIT ?2",
        )
        .map_err(db(path, what))?;
    let (since, until) = days.as_text();
    let mut rows = stmt
        .query(params![kind, limit, since, until])
        .map_err(db(path, what))?;
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let doc: String = row.get(0).map_err(db(path, what))?;
        let damaged = |why: String| Error::Corrupt {
            path: path.to_path_buf(),
            id: doc.clone(),
            why,
        };
        let published: Option<String> = row.get(2).map_err(db(path, what))?;
        let qualifier: String = row.get(5).map_err(db(path, what))?;
        visit(StoredFigure {
            id: codec::parse_id(&doc).map_err(&damaged)?,
            title: row.get(1).map_err(db(path, what))?,
            published: codec::parse_published(published.as_deref()).map_err(&damaged)?,
            kind: row.get(3).map_err(db(path, what))?,
            value: row.get(4).map_err(db(path, what))?,
            qualifier: codec::parse_qualifier(&qualifier).map_err(&damaged)?,
            counts: row.get(6).map_err(db(path, what))?,
            unit: row.get(7).map_err(db(path, what))?,
            source: row.get(8).map_err(db(path, what))?,
            high: row.get(9).map_err(db(path, what))?,
            words: row.get(10).map_err(db(path, what))?,
            sentence: text(row.get(11).map_err(db(path, what))?).map_err(&damaged)?,
            story: row
                .get::<_, Option<i64>>(12)
                .map_err(db(path, what))?
                .map(count),
            reports: count(row.get(13).map_err(db(path, what))?),
        })?;
    }
    Ok(())
}

/// The form a speaker name is stored and compared in: normalised (see
/// `resolve::normalise`) without a leading "the" ("The Kremlin" and
/// "Kremlin" are one speaker).
pub(crate) fn speaker_norm(norm: &str) -> String {
    norm.strip_prefix("the ")
        .filter(|rest| !rest.is_empty())
        .unwrap_or(norm)
        .to_string()
}

/// A count from SQL (never negative).
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// `None` for a missing or blank filter, else the trimmed text.
fn blank_to_none(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

/// Stored text cut from an article by byte offsets, back as a string.
fn text(bytes: Option<Vec<u8>>) -> std::result::Result<String, String> {
    String::from_utf8(bytes.unwrap_or_default())
        .map_err(|_| "a stored span does not fall on character boundaries".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_the_is_not_part_of_a_speaker() {
        assert_eq!(speaker_norm("the kremlin"), "kremlin");
        assert_eq!(speaker_norm("kremlin"), "kremlin");
        assert_eq!(speaker_norm("the "), "the ");
        assert_eq!(speaker_norm("theodor vask"), "theodor vask");
    }

    #[test]
    fn blank_filters_filter_nothing() {
        assert_eq!(blank_to_none(Some("  ")), None);
        assert_eq!(blank_to_none(None), None);
        assert_eq!(blank_to_none(Some(" RUS ")), Some("RUS"));
    }
}
