//! Placements in the database: checked before storing, written beside their
//! article with the story they join kept up to date (counts, title, time
//! range, storyline), and the story queries: stories, one story, storylines,
//! duplicates, and the clusterer's saved state.

use std::path::Path;

use crate::sql::{params, Connection, OptionalExtension, Row};
use tidings_model::{DocId, Placement};

use super::codec;
use super::db;
use super::entities;
use super::facts::{self, Touched};
use crate::error::{Error, Result};
use crate::store::DayRange;
use crate::story::{
    DedupSnapshot, Duplicate, StoredPlacement, StoryArticle, StoryDetail, StoryFilter, StoryOrder,
    StorySummary, StorylineSummary,
};

/// The key of the story clusterer's snapshot in `dedup_state`.
const SNAPSHOT_KEY: &str = "stories";

/// How many entities a story or storyline lists.
const TOP_ENTITIES: usize = 5;

/// The entity kinds a story lists (not `other`).
const STORY_ENTITY_KINDS: &str = "'person', 'organisation', 'location'";

/// The assignment that takes a story's title again from its placed
/// articles: the title of the first placed (lowest `seq`) that has one.
/// Used inside an `UPDATE stories`.
macro_rules! story_title {
    () => {
        "(title, title_seq) = \
             (SELECT nullif(trim(a.title), ''), p.seq FROM placements p \
              JOIN articles a ON a.id = p.article \
              WHERE p.story = stories.id AND nullif(trim(a.title), '') IS NOT NULL \
              ORDER BY p.seq LIMIT 1)"
    };
}

/// Checks that a placement can be stored and read back exactly: every id
/// fits an SQLite integer, the time is one jiff can represent, the
/// similarity is a finite number.
pub(crate) fn validate(id: &DocId, placement: &Placement) -> Result<()> {
    let bad = |why: String| Error::BadPlacement {
        id: id.to_string(),
        why,
    };
    let fits = |n: u64, what: &str| {
        i64::try_from(n)
            .map(|_| ())
            .map_err(|_| bad(format!("{what} {n} is too large")))
    };
    fits(placement.seq, "seq")?;
    fits(placement.story, "story")?;
    if let Some(storyline) = placement.storyline {
        fits(storyline, "storyline")?;
    }
    for &(story, storyline) in &placement.relinked {
        fits(story, "relinked story")?;
        fits(storyline, "relinked storyline")?;
    }
    for &(absorbed, survivor) in &placement.merged {
        fits(absorbed, "merged storyline")?;
        fits(survivor, "merged storyline")?;
    }
    for &(absorbed, survivor) in &placement.stories_merged {
        fits(absorbed, "merged story")?;
        fits(survivor, "merged story")?;
        if absorbed == survivor {
            return Err(bad(format!("story {absorbed} merged into itself")));
        }
    }
    if jiff::Timestamp::from_second(placement.time).is_err() {
        return Err(bad(format!(
            "time {} is not a time tidings can represent",
            placement.time
        )));
    }
    if let Some(similarity) = placement.similarity.filter(|s| !s.is_finite()) {
        return Err(bad(format!("similarity {similarity}: it must be finite")));
    }
    Ok(())
}

/// Stores the (validated) placement of stored article `id` and brings the
/// stories up to date: storylines merged, stories merged (the absorbed
/// story's articles move to the survivor, whose counts, time range and
/// title are taken again from its placements, and the events those
/// articles report are added to `touched`: their story counts change),
/// earlier stories relinked, then its own story counted in (title, time
/// range, counts) with the storyline the placement gives. A `seq` another
/// article holds, or an article placed already, is [`Error::BadPlacement`].
pub(crate) fn insert(
    conn: &Connection,
    path: &Path,
    id: &str,
    placement: &Placement,
    touched: &mut Touched,
) -> Result<()> {
    let what = "storing a placement";
    let bad = |why: String| Error::BadPlacement {
        id: id.to_string(),
        why,
    };
    let seq = int(placement.seq);
    let holder: Option<String> = conn
        .prepare_cached("SELECT article FROM placements WHERE seq = ?1 OR article = ?2 LIMIT 1")
        .and_then(|mut stmt| {
            stmt.query_row(params![seq, id], |row| row.get(0))
                .optional()
        })
        .map_err(db(path, what))?;
    match holder {
        Some(holder) if holder == id => {
            return Err(bad("it is placed already".into()));
        }
        Some(holder) => {
            return Err(bad(format!(
                "seq {} is taken by document {holder}",
                placement.seq
            )));
        }
        None => {}
    }
    let pairs = |pairs: &[(u64, u64)]| {
        if pairs.is_empty() {
            Ok(None)
        } else {
            serde_json::to_string(pairs)
                .map(Some)
                .map_err(|err| Error::Encode {
                    id: id.to_string(),
                    why: format!("storyline changes: {err}"),
                })
        }
    };
    let relinked = pairs(&placement.relinked)?;
    let merged = pairs(&placement.merged)?;
    let stories_merged = pairs(&placement.stories_merged)?;
    for &(absorbed, survivor) in &placement.merged {
        conn.prepare_cached("UPDATE stories SET storyline = ?2 WHERE storyline = ?1")
            .and_then(|mut stmt| stmt.execute(params![int(absorbed), int(survivor)]))
            .map_err(db(path, what))?;
    }
    for &(absorbed, survivor) in &placement.stories_merged {
        merge_story(conn, path, int(absorbed), int(survivor), touched)?;
    }
    for &(story, storyline) in &placement.relinked {
        conn.prepare_cached("UPDATE stories SET storyline = ?2 WHERE id = ?1")
            .and_then(|mut stmt| stmt.execute(params![int(story), int(storyline)]))
            .map_err(db(path, what))?;
    }
    let story = int(placement.story);
    let storyline = placement.storyline.map(int);
    conn.prepare_cached(
        "INSERT INTO placements (article, seq, time, story, duplicate_of, similarity, \
         signature, storyline, relinked, merged, stories_merged) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            id,
            seq,
            placement.time,
            story,
            placement.duplicate_of.as_ref().map(DocId::as_str),
            placement.similarity.map(f64::from),
            placement.signature,
            storyline,
            relinked,
            merged,
            stories_merged,
        ])
    })
    .map_err(db(path, what))?;
    // The title comes from the stored article (blank titles are none); it
    // wins when no article placed before it in the story had one.
    conn.prepare_cached(
        "INSERT INTO stories (id, storyline, title, title_seq, first_seen, last_seen, \
                              articles, duplicates) \
         SELECT CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), t.title, \
                CASE WHEN t.title IS NULL THEN NULL ELSE CAST(?3 AS BIGINT) END, \
                CAST(?4 AS BIGINT), CAST(?4 AS BIGINT), 1, CAST(?5 AS BIGINT) \
         FROM (SELECT (SELECT nullif(trim(title), '') FROM articles WHERE id = ?6) AS title) t \
         WHERE true \
         ON CONFLICT (id) DO UPDATE SET \
             storyline = excluded.storyline, \
             title = CASE WHEN excluded.title IS NOT NULL \
                          AND (stories.title_seq IS NULL OR excluded.title_seq < stories.title_seq) \
                     THEN excluded.title ELSE stories.title END, \
             title_seq = CASE WHEN excluded.title IS NOT NULL \
                          AND (stories.title_seq IS NULL OR excluded.title_seq < stories.title_seq) \
                     THEN excluded.title_seq ELSE stories.title_seq END, \
             first_seen = CASE WHEN stories.first_seen IS NULL \
                                 OR excluded.first_seen < stories.first_seen \
                          THEN excluded.first_seen ELSE stories.first_seen END, \
             last_seen = CASE WHEN stories.last_seen IS NULL \
                                OR excluded.last_seen > stories.last_seen \
                         THEN excluded.last_seen ELSE stories.last_seen END, \
             articles = stories.articles + 1, \
             duplicates = stories.duplicates + excluded.duplicates",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            story,
            storyline,
            seq,
            placement.time,
            i64::from(placement.duplicate_of.is_some()),
            id,
        ])
    })
    .map_err(db(path, what))?;
    Ok(())
}

/// Story `absorbed` becomes part of `survivor`: its placed articles move
/// (their events are touched), the survivor's counts, time range and title
/// are taken again from its placements, and the absorbed story is deleted.
fn merge_story(
    conn: &Connection,
    path: &Path,
    absorbed: i64,
    survivor: i64,
    touched: &mut Touched,
) -> Result<()> {
    let what = "merging stories";
    let moved: Vec<String> = conn
        .prepare_cached("SELECT article FROM placements WHERE story = ?1")
        .and_then(|mut stmt| stmt.query_map([absorbed], |row| row.get(0))?.collect())
        .map_err(db(path, what))?;
    for article in &moved {
        facts::touch_reported(conn, path, article, touched)?;
    }
    conn.prepare_cached("UPDATE placements SET story = ?2 WHERE story = ?1")
        .and_then(|mut stmt| stmt.execute(params![absorbed, survivor]))
        .map_err(db(path, what))?;
    conn.prepare_cached(concat!(
        "UPDATE stories SET (first_seen, last_seen, articles, duplicates) = \
             (SELECT min(time), max(time), count(*), count(duplicate_of) \
              FROM placements WHERE story = ?1), ",
        story_title!(),
        " WHERE id = ?1"
    ))
    .and_then(|mut stmt| stmt.execute([survivor]))
    .map_err(db(path, what))?;
    conn.prepare_cached("DELETE FROM stories WHERE id = ?1")
        .and_then(|mut stmt| stmt.execute([absorbed]))
        .map_err(db(path, what))?;
    Ok(())
}

/// Takes the title of the story of article `id` again from its placed
/// articles as they are now (after `replace_articles` changed a title).
pub(crate) fn refresh_title(conn: &Connection, path: &Path, id: &str) -> Result<()> {
    conn.prepare_cached(concat!(
        "UPDATE stories SET ",
        story_title!(),
        " WHERE id = (SELECT story FROM placements WHERE article = ?1)"
    ))
    .and_then(|mut stmt| stmt.execute([id]))
    .map_err(db(path, "updating a story's title"))?;
    Ok(())
}

/// The articles that have a placement, in `seq` order.
pub(crate) fn placed_articles(conn: &Connection, path: &Path) -> Result<Vec<String>> {
    conn.prepare_cached("SELECT article FROM placements ORDER BY seq")
        .and_then(|mut stmt| stmt.query_map(params![], |row| row.get(0))?.collect())
        .map_err(db(path, "listing placed articles"))
}

/// Deletes every placement, story and saved clusterer state.
pub(crate) fn clear(conn: &Connection, path: &Path) -> Result<()> {
    conn.execute_batch("DELETE FROM placements; DELETE FROM stories; DELETE FROM dedup_state;")
        .map_err(db(path, "clearing placements"))
}

/// The saved clusterer state, decompressed.
pub(crate) fn snapshot(conn: &Connection, path: &Path) -> Result<Option<DedupSnapshot>> {
    let found = conn
        .prepare_cached("SELECT seq, size, bytes FROM dedup_state WHERE key = ?1")
        .and_then(|mut stmt| {
            stmt.query_row([SNAPSHOT_KEY], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Vec<u8>>(2)?,
                ))
            })
            .optional()
        })
        .map_err(db(path, "reading the clusterer state"))?;
    let Some((seq, size, zbytes)) = found else {
        return Ok(None);
    };
    let corrupt = |why: String| Error::Corrupt {
        path: path.to_path_buf(),
        id: "dedup snapshot".into(),
        why,
    };
    let seq = u64::try_from(seq).map_err(|_| corrupt(format!("negative seq {seq}")))?;
    let bytes = codec::decompress(&zbytes, size).map_err(corrupt)?;
    Ok(Some(DedupSnapshot { seq, bytes }))
}

/// Saves the clusterer state (compressed), replacing the one before.
pub(crate) fn save_snapshot(
    conn: &Connection,
    path: &Path,
    snapshot: &DedupSnapshot,
) -> Result<()> {
    let encode = |why: String| Error::Encode {
        id: "dedup snapshot".into(),
        why,
    };
    let seq = i64::try_from(snapshot.seq)
        .map_err(|_| encode(format!("seq {} is too large", snapshot.seq)))?;
    let size = i64::try_from(snapshot.bytes.len())
        .map_err(|_| encode(format!("{} bytes is too large", snapshot.bytes.len())))?;
    let zbytes =
        codec::compress(&snapshot.bytes).map_err(|err| encode(format!("compressing: {err}")))?;
    conn.prepare_cached(
        "INSERT INTO dedup_state (key, seq, size, bytes) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (key) DO UPDATE SET seq = excluded.seq, size = excluded.size, \
         bytes = excluded.bytes",
    )
    .and_then(|mut stmt| stmt.execute(params![SNAPSHOT_KEY, seq, size, zbytes]))
    .map_err(db(path, "saving the clusterer state"))?;
    Ok(())
}

/// One more than the largest stored `seq`, 0 when none is.
pub(crate) fn next_seq(conn: &Connection, path: &Path) -> Result<u64> {
    let next: i64 = conn
        .query_row(
            "SELECT coalesce(max(seq) + 1, 0) FROM placements",
            params![],
            |row| row.get(0),
        )
        .map_err(db(path, "reading the next seq"))?;
    u64::try_from(next).map_err(|_| Error::Corrupt {
        path: path.to_path_buf(),
        id: "placements".into(),
        why: format!("negative seq {next}"),
    })
}

/// Placements from `seq` on, in `seq` order, as put but for `story` (the
/// article's story now: story merges move articles).
pub(crate) fn placed_from(
    conn: &Connection,
    path: &Path,
    seq: u64,
) -> Result<Vec<(DocId, Placement)>> {
    let what = "reading placements";
    let from = i64::try_from(seq).unwrap_or(i64::MAX);
    let mut stmt = conn
        .prepare_cached(
            "SELECT article, seq, time, story, storyline, duplicate_of, similarity, signature, \
                    relinked, merged, stories_merged \
             FROM placements WHERE seq >= ?1 ORDER BY seq",
        )
        .map_err(db(path, what))?;
    let mut rows = stmt.query([from]).map_err(db(path, what))?;
    let mut placed = Vec::new();
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let article: String = row.get(0).map_err(db(path, what))?;
        let decoder = codec::Decoder { path, id: &article };
        let corrupt = |why: String| decoder.corrupt(why);
        let pairs = |text: Option<String>| -> Result<Vec<(u64, u64)>> {
            text.map(|text| codec::parse_json(&text, "storyline changes"))
                .transpose()
                .map(Option::unwrap_or_default)
                .map_err(corrupt)
        };
        let placement = Placement {
            seq: unsigned(row.get(1).map_err(db(path, what))?, "seq").map_err(corrupt)?,
            time: row.get(2).map_err(db(path, what))?,
            story: unsigned(row.get(3).map_err(db(path, what))?, "story").map_err(corrupt)?,
            storyline: optional_unsigned(row.get(4).map_err(db(path, what))?, "storyline")
                .map_err(corrupt)?,
            duplicate_of: optional_id(row.get(5).map_err(db(path, what))?).map_err(corrupt)?,
            similarity: row
                .get::<_, Option<f64>>(6)
                .map_err(db(path, what))?
                .map(|s| s as f32),
            signature: row.get(7).map_err(db(path, what))?,
            relinked: pairs(row.get(8).map_err(db(path, what))?)?,
            merged: pairs(row.get(9).map_err(db(path, what))?)?,
            stories_merged: pairs(row.get(10).map_err(db(path, what))?)?,
        };
        let id = codec::parse_id(&article).map_err(corrupt)?;
        placed.push((id, placement));
    }
    Ok(placed)
}

/// Where article `id` was placed, with its story's storyline as it is now.
pub(crate) fn placement(
    conn: &Connection,
    path: &Path,
    id: &DocId,
) -> Result<Option<StoredPlacement>> {
    let what = "reading a placement";
    let found = conn
        .prepare_cached(
            "SELECT p.story, s.storyline, p.duplicate_of, p.similarity FROM placements p \
             LEFT JOIN stories s ON s.id = p.story WHERE p.article = ?1",
        )
        .and_then(|mut stmt| {
            stmt.query_row([id.as_str()], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Option<f64>>(3)?,
                ))
            })
            .optional()
        })
        .map_err(db(path, what))?;
    let Some((story, storyline, duplicate_of, similarity)) = found else {
        return Ok(None);
    };
    let decoder = codec::Decoder {
        path,
        id: id.as_str(),
    };
    let corrupt = |why: String| decoder.corrupt(why);
    Ok(Some(StoredPlacement {
        story: unsigned(story, "story").map_err(corrupt)?,
        storyline: optional_unsigned(storyline, "storyline").map_err(corrupt)?,
        duplicate_of: optional_id(duplicate_of).map_err(corrupt)?,
        similarity: similarity.map(|s| s as f32),
    }))
}

/// The columns of `stories` a [`StorySummary`] starts from.
const STORY_COLUMNS: &str = "id, title, storyline, first_seen, last_seen, articles, duplicates";

/// Stories passing `filter` in `order`.
pub(crate) fn list(
    conn: &Connection,
    path: &Path,
    filter: &StoryFilter,
    order: StoryOrder,
    limit: usize,
) -> Result<Vec<StorySummary>> {
    let what = "listing stories";
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let entity = match filter.entity.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => match entities::find(conn, path, name)? {
            Some(entity) => Some(entity),
            // Nobody by that name: no story names them.
            None => return Ok(Vec::new()),
        },
        _ => None,
    };
    let since = filter.since.and_then(day_start);
    // A story overlaps `until` if it began before the next day did.
    let until = filter
        .until
        .and_then(|day| day.tomorrow().ok())
        .and_then(day_start);
    let order = match order {
        StoryOrder::Biggest => "articles DESC, last_seen DESC, id",
        StoryOrder::Newest => "last_seen DESC, articles DESC, id",
    };
    let sql = format!(
        "SELECT {STORY_COLUMNS} FROM stories \
         WHERE (CAST(?1 AS BIGINT) IS NULL OR last_seen >= ?1) \
           AND (CAST(?2 AS BIGINT) IS NULL OR first_seen < ?2) \
           AND (CAST(?3 AS BIGINT) IS NULL OR id IN (SELECT p.story FROM doc_entities d \
                                     JOIN placements p ON p.article = d.article \
                                     WHERE d.entity = ?3)) \
         ORDER BY {order} LIMIT ?4"
    );
    let mut stories = Vec::new();
    {
        let mut stmt = conn.prepare_cached(&sql).map_err(db(path, what))?;
        let mut rows = stmt
            .query(params![since, until, entity, limit])
            .map_err(db(path, what))?;
        while let Some(row) = rows.next().map_err(db(path, what))? {
            stories.push(read_story(row, path)?);
        }
    }
    for story in &mut stories {
        complete(conn, path, story)?;
    }
    Ok(stories)
}

/// Hands every story whose last article falls within `days` (UTC) to
/// `visit`, the latest last article first, each completed as the cursor
/// reaches it.
pub(crate) fn each(
    conn: &Connection,
    path: &Path,
    days: &DayRange,
    visit: &mut dyn FnMut(StorySummary) -> Result<()>,
) -> Result<()> {
    let what = "listing stories";
    let since = days.since.and_then(day_start);
    let until = days
        .until
        .and_then(|day| day.tomorrow().ok())
        .and_then(day_start);
    let sql = format!(
        "SELECT {STORY_COLUMNS} FROM stories \
         WHERE (CAST(?1 AS BIGINT) IS NULL OR last_seen >= ?1) AND (CAST(?2 AS BIGINT) IS NULL OR last_seen < ?2) \
         ORDER BY last_seen DESC, articles DESC, id"
    );
    let mut stmt = conn.prepare(&sql).map_err(db(path, what))?;
    let mut rows = stmt.query(params![since, until]).map_err(db(path, what))?;
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let mut story = read_story(row, path)?;
        complete(conn, path, &mut story)?;
        visit(story)?;
    }
    Ok(())
}

/// One story with its articles.
pub(crate) fn detail(conn: &Connection, path: &Path, id: u64) -> Result<Option<StoryDetail>> {
    let what = "reading a story";
    let Ok(id) = i64::try_from(id) else {
        return Ok(None);
    };
    let found = {
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1"
            ))
            .map_err(db(path, what))?;
        let mut rows = stmt.query([id]).map_err(db(path, what))?;
        match rows.next().map_err(db(path, what))? {
            Some(row) => Some(read_story(row, path)?),
            None => None,
        }
    };
    let Some(mut story) = found else {
        return Ok(None);
    };
    complete(conn, path, &mut story)?;
    let mut stmt = conn
        .prepare_cached(
            "SELECT p.article, a.title, a.site, a.published, p.time, p.duplicate_of, \
                    p.similarity \
             FROM placements p LEFT JOIN articles a ON a.id = p.article \
             WHERE p.story = ?1 ORDER BY p.time, p.seq",
        )
        .map_err(db(path, what))?;
    let mut rows = stmt.query([id]).map_err(db(path, what))?;
    let mut articles = Vec::new();
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let article: String = row.get(0).map_err(db(path, what))?;
        let decoder = codec::Decoder { path, id: &article };
        let corrupt = |why: String| decoder.corrupt(why);
        let published: Option<String> = row.get(3).map_err(db(path, what))?;
        articles.push(StoryArticle {
            id: codec::parse_id(&article).map_err(corrupt)?,
            title: row.get(1).map_err(db(path, what))?,
            site: row.get(2).map_err(db(path, what))?,
            published: codec::parse_published(published.as_deref()).map_err(corrupt)?,
            time: timestamp(row.get(4).map_err(db(path, what))?).map_err(corrupt)?,
            duplicate_of: optional_id(row.get(5).map_err(db(path, what))?).map_err(corrupt)?,
            similarity: row
                .get::<_, Option<f64>>(6)
                .map_err(db(path, what))?
                .map(|s| s as f32),
        });
    }
    Ok(Some(StoryDetail { story, articles }))
}

/// Storylines, most articles first, each with its stories in time order.
pub(crate) fn storylines(
    conn: &Connection,
    path: &Path,
    limit: usize,
) -> Result<Vec<StorylineSummary>> {
    let what = "listing storylines";
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut lines = Vec::new();
    {
        let mut stmt = conn
            .prepare_cached(
                "SELECT storyline, sum(articles) AS n, min(first_seen), max(last_seen) AS last \
                 FROM stories WHERE storyline IS NOT NULL \
                 GROUP BY storyline ORDER BY n DESC, last DESC, storyline LIMIT ?1",
            )
            .map_err(db(path, what))?;
        let mut rows = stmt.query([limit]).map_err(db(path, what))?;
        while let Some(row) = rows.next().map_err(db(path, what))? {
            let id: i64 = row.get(0).map_err(db(path, what))?;
            let corrupt = |why: String| story_corrupt(path, "storyline", id, why);
            lines.push((
                id,
                StorylineSummary {
                    id: unsigned(id, "storyline").map_err(corrupt)?,
                    title: None,
                    first_seen: optional_timestamp(row.get(2).map_err(db(path, what))?)
                        .map_err(corrupt)?,
                    last_seen: optional_timestamp(row.get(3).map_err(db(path, what))?)
                        .map_err(corrupt)?,
                    articles: count(row.get(1).map_err(db(path, what))?),
                    stories: Vec::new(),
                    entities: Vec::new(),
                },
            ));
        }
    }
    for (id, line) in &mut lines {
        {
            let mut stmt = conn
                .prepare_cached(&format!(
                    "SELECT {STORY_COLUMNS} FROM stories WHERE storyline = ?1 \
                     ORDER BY first_seen, id"
                ))
                .map_err(db(path, what))?;
            let mut rows = stmt.query([*id]).map_err(db(path, what))?;
            while let Some(row) = rows.next().map_err(db(path, what))? {
                line.stories.push(read_story(row, path)?);
            }
        }
        for story in &mut line.stories {
            complete(conn, path, story)?;
        }
        line.title = line
            .stories
            .iter()
            .max_by(|a, b| a.articles.cmp(&b.articles).then(b.id.cmp(&a.id)))
            .and_then(|story| story.title.clone());
        line.entities = top_entities(
            conn,
            path,
            "p.story IN (SELECT id FROM stories WHERE storyline = ?1)",
            *id,
        )?;
    }
    Ok(lines.into_iter().map(|(_, line)| line).collect())
}

/// The stored articles that copy `id`, in placement order.
pub(crate) fn duplicates(conn: &Connection, path: &Path, id: &DocId) -> Result<Vec<Duplicate>> {
    let what = "listing duplicates";
    let mut stmt = conn
        .prepare_cached(
            "SELECT p.article, a.title, a.site, p.similarity FROM placements p \
             LEFT JOIN articles a ON a.id = p.article \
             WHERE p.duplicate_of = ?1 ORDER BY p.seq",
        )
        .map_err(db(path, what))?;
    let mut rows = stmt.query([id.as_str()]).map_err(db(path, what))?;
    let mut copies = Vec::new();
    while let Some(row) = rows.next().map_err(db(path, what))? {
        let article: String = row.get(0).map_err(db(path, what))?;
        copies.push(Duplicate {
            id: codec::parse_id(&article).map_err(|why| Error::Corrupt {
                path: path.to_path_buf(),
                id: article.clone(),
                why,
            })?,
            title: row.get(1).map_err(db(path, what))?,
            site: row.get(2).map_err(db(path, what))?,
            similarity: row
                .get::<_, Option<f64>>(3)
                .map_err(db(path, what))?
                .map(|s| s as f32),
        });
    }
    Ok(copies)
}

/// A story row as selected by [`STORY_COLUMNS`], without sources and entities.
fn read_story(row: &Row, path: &Path) -> Result<StorySummary> {
    let what = "reading a story";
    let id: i64 = row.get(0).map_err(db(path, what))?;
    let corrupt = |why: String| story_corrupt(path, "story", id, why);
    Ok(StorySummary {
        id: unsigned(id, "story").map_err(corrupt)?,
        title: row.get(1).map_err(db(path, what))?,
        storyline: optional_unsigned(row.get(2).map_err(db(path, what))?, "storyline")
            .map_err(corrupt)?,
        first_seen: optional_timestamp(row.get(3).map_err(db(path, what))?).map_err(corrupt)?,
        last_seen: optional_timestamp(row.get(4).map_err(db(path, what))?).map_err(corrupt)?,
        articles: count(row.get(5).map_err(db(path, what))?),
        duplicates: count(row.get(6).map_err(db(path, what))?),
        sources: 0,
        entities: Vec::new(),
    })
}

/// Fills in a story's sources and entities.
fn complete(conn: &Connection, path: &Path, story: &mut StorySummary) -> Result<()> {
    let id = int(story.id);
    let sources: i64 = conn
        .prepare_cached(
            "SELECT count(DISTINCT a.site) + count(DISTINCT CASE WHEN a.site IS NULL THEN p.article END) \
             FROM placements p LEFT JOIN articles a ON a.id = p.article \
             WHERE p.story = ?1 AND p.duplicate_of IS NULL",
        )
        .and_then(|mut stmt| stmt.query_row([id], |row| row.get(0)))
        .map_err(db(path, "counting a story's sources"))?;
    story.sources = count(sources);
    story.entities = top_entities(conn, path, "p.story = ?1", id)?;
    Ok(())
}

/// The names of the entities (persons, organisations, locations) named in
/// most of the placed articles `placed` selects (`?1` bound to `key`), ties
/// by name, at most [`TOP_ENTITIES`] distinct names.
fn top_entities(conn: &Connection, path: &Path, placed: &str, key: i64) -> Result<Vec<String>> {
    let what = "reading a story's entities";
    // A few more rows than names, in case two entities share a name.
    let sql = format!(
        "SELECT e.name, count(DISTINCT d.article) AS n FROM placements p \
         JOIN doc_entities d ON d.article = p.article \
         JOIN entities e ON e.id = d.entity \
         WHERE {placed} AND e.kind IN ({STORY_ENTITY_KINDS}) \
         GROUP BY e.id ORDER BY n DESC, e.name, e.id LIMIT {}",
        TOP_ENTITIES * 3
    );
    let rows: Vec<String> = conn
        .prepare_cached(&sql)
        .and_then(|mut stmt| stmt.query_map([key], |row| row.get(0))?.collect())
        .map_err(db(path, what))?;
    let mut names: Vec<String> = Vec::with_capacity(TOP_ENTITIES);
    for name in rows {
        if names.len() == TOP_ENTITIES {
            break;
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(names)
}

/// The first second of `day` in UTC, if it is one jiff can represent.
fn day_start(day: jiff::civil::Date) -> Option<i64> {
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|zoned| zoned.timestamp().as_second())
}

/// A story, storyline or seq number as an SQLite integer (`validate` made
/// sure it fits; a larger one, only ever looked up, matches nothing).
fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn unsigned(n: i64, what: &str) -> std::result::Result<u64, String> {
    u64::try_from(n).map_err(|_| format!("negative {what} {n}"))
}

fn optional_unsigned(n: Option<i64>, what: &str) -> std::result::Result<Option<u64>, String> {
    n.map(|n| unsigned(n, what)).transpose()
}

fn optional_id(text: Option<String>) -> std::result::Result<Option<DocId>, String> {
    text.as_deref().map(codec::parse_id).transpose()
}

fn timestamp(seconds: i64) -> std::result::Result<jiff::Timestamp, String> {
    jiff::Timestamp::from_second(seconds).map_err(|err| format!("bad time {seconds}: {err}"))
}

fn optional_timestamp(
    seconds: Option<i64>,
) -> std::result::Result<Option<jiff::Timestamp>, String> {
    seconds.map(timestamp).transpose()
}

fn story_corrupt(path: &Path, what: &str, id: i64, why: String) -> Error {
    Error::Corrupt {
        path: path.to_path_buf(),
        id: format!("{what} {id}"),
        why,
    }
}
